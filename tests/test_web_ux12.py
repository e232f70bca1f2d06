"""The review room, round 12 (ux12): the staff inviting advisory reviewers and the reviewer on a
phone. Each test pins a stumble: the wrong output is what the person saw before the fix."""

from __future__ import annotations

import re

from .webapp import Room, csrf_of


def test_serve_invite_says_which_word_of_a_made_up_handle_is_a_first_name(tmp_path):
    """Staff who made up nature handles (`--invite fern-5`, `cedar-4`, `heron-3`: trees and birds
    are first names too) read “that looks like a person's name” and could not tell why a tree
    was a person. The message names the word and offers a handle that works, with their number."""
    from .browser import SAMPLE
    from .conftest import run_cli

    g = tmp_path / SAMPLE.name
    g.write_bytes(SAMPLE.read_bytes())
    r = run_cli("serve", str(g), "--state", str(tmp_path / "state.sqlite3"), "--invite", "cedar-4:legal")
    assert r.exit_code == 2
    [line] = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert "“cedar” is also a first name" in line, line
    assert "--invite advisory-4:legal" in line, line
    r = run_cli("serve", str(g), "--state", str(tmp_path / "state.sqlite3"), "--invite", "advisory-4:legal")
    assert r.exit_code == 0, r.stderr


def test_the_invitation_box_says_which_word_of_a_handle_is_a_first_name(tmp_path):
    """The same in the room's invitation box: “Line 2: 'heron-3' cannot be a handle” said nothing
    of why."""
    room = Room(tmp_path, with_review=False)
    staff = room.staff()
    csrf = csrf_of(staff.get(f"/staff/g/{room.gid}").text)
    r = staff.post(f"/staff/g/{room.gid}/rounds", data={"csrf": csrf, "closes": "2099-12-31",
                                                         "reviewers": "otter-1 sex-worker-advisory\nheron-3"})
    assert r.status_code == 422
    alert = re.search(r'<p class="message" role="alert">([^<]*)</p>', r.text).group(1)
    assert alert.startswith("Line 2: ") and "“heron” is also a first name" in alert and "advisory-3" in alert, alert


def test_the_sentence_picker_offers_no_list_numbers():
    """A clause with numbered steps (“staff: 1. listen …; 2. ask …”) offered “Sentence 2: “1.””,
    “Sentence 4: “2.”” … on the Respond page: half the choices a phone or screen-reader user went
    through were list numbers. Each step is one choice, without its number."""
    from lic_policy.web.document import sentences

    text = ("When a resident calls, staff:\n\n1. listen and record the concern;\n2. ask whether anyone is in "
            "danger;\n10) refer it to outreach.\n\n- thank the caller.")
    got = [text[a:b] for a, b in sentences(text)]
    assert got == ["When a resident calls, staff:", "listen and record the concern;", "ask whether anyone is in danger;",
                   "refer it to outreach.", "thank the caller."]
    for text, want in (("1. Call 911. Stay with the person.", ["Call 911.", "Stay with the person."]),
                       # a number that is the sentence's own word stays
                       ("Call 911. 24 hours a day.", ["Call 911.", "24 hours a day."])):
        assert [text[a:b] for a, b in sentences(text)] == want
