"""Round 14 (ux14): the drafter, the advisory reviewer and the editor user. Each test pins a
stumble: the wrong output is what the user saw before the fix."""

from __future__ import annotations

import pytest

import json
import re
import zipfile
from pathlib import Path

from .conftest import run_cli
from .webapp import Room, csrf_of, part_of

KEY = "response.violence.1|text"


def _room_with_agreements(tmp_path):
    """A room where two advisory reviewers see each other's comments; advisory-3 comments and
    advisory-4 agrees: (room, thread id)."""
    room = Room(tmp_path, with_review=False)
    staff = room.staff()
    _rid, links = room.open_round(staff, show_others="1",
                                  reviewers="advisory-3 sex-worker-advisory\nadvisory-4 sex-worker-advisory")
    a, b = room.reviewer(links["advisory-3"]), room.reviewer(links["advisory-4"])
    page = a.get("/review").text
    r = a.post("/review/threads", headers={"X-CSRF-Token": csrf_of(page)},
               json={"part": KEY, "h": part_of(page, KEY), "start": "0", "end": "11", "kind": "comment",
                     "body": "Outreach should come first here."})
    assert r.status_code == 201, r.text
    tid = r.json()["id"]
    theirs = b.get("/review").text
    r = b.post(f"/review/threads/{tid}/agree", data={"csrf": csrf_of(theirs), "agree": "1"})
    assert r.status_code == 303, r.text
    room.state.close()  # the room is stopped; the drafter reads the threads afterwards
    return room, tid


@pytest.mark.slow  # 0.23 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_review_list_shows_how_many_reviewers_agree_with_a_thread(tmp_path):
    """*I agree* in the room was shown to the staff in the room only: a drafter working through
    the threads with `review list` saw the comment without the count, and could not tell which
    comments several reviewers stood behind. The count (never who) is in the text and JSON."""
    room, tid = _room_with_agreements(tmp_path)
    state = str(room.state_path)
    r = run_cli("review", "list", str(room.guideline), "--state", state)
    assert r.exit_code == 0, r.stderr
    block = r.stdout.split(f"{tid} [")[1].split("\n\n")[0]
    assert "1 reviewer agrees" in block, r.stdout
    assert "advisory-4" not in r.stdout  # the count, never who
    r = run_cli("review", "list", str(room.guideline), "--state", state, "--format", "json")
    data = json.loads(r.stdout)
    t = next(t for t in data["threads"] if t["id"] == tid)
    assert t["agreements"] == 1, t
    # the default place of the room's state is read the same way (LIC_POLICY_STATE)
    import os

    old = os.environ.get("LIC_POLICY_STATE")
    os.environ["LIC_POLICY_STATE"] = state
    try:
        r = run_cli("review", "list", str(room.guideline))
    finally:
        if old is None:
            del os.environ["LIC_POLICY_STATE"]
        else:
            os.environ["LIC_POLICY_STATE"] = old
    assert "1 reviewer agrees" in r.stdout, r.stdout


def test_review_list_without_a_review_room_state_creates_nothing(tmp_path):
    """Reading the counts never makes a state file where there was none (a drafter who never
    ran the room), and a state file that is not the room's is a note, not a failure."""
    room, tid = _room_with_agreements(tmp_path)
    missing = tmp_path / "nowhere" / "state.sqlite3"
    r = run_cli("review", "list", str(room.guideline), "--state", str(missing))
    assert r.exit_code == 0, r.stderr
    assert "agree" not in r.stdout and not missing.exists() and not missing.parent.exists()
    other = tmp_path / "other.sqlite3"
    other.write_bytes(b"not a database at all, just some bytes" * 100)
    before = other.read_bytes()
    r = run_cli("review", "list", str(room.guideline), "--state", str(other))
    assert r.exit_code == 0, r.stderr
    assert f"{tid} [" in r.stdout and "agree" not in r.stdout
    assert "cannot read" in r.stderr and str(other) in r.stderr, r.stderr
    assert other.read_bytes() == before


def test_review_packet_comment_says_how_many_reviewers_agree(tmp_path):
    """The Word packet's comment for a thread left the count out, so the legal reviewer reading
    the packet saw one reviewer's comment where two had said it. It reads "Comment (open,
    1 reviewer agrees): ..." and the packet, sent back, still finds its thread (no new one)."""
    room, tid = _room_with_agreements(tmp_path)
    out = tmp_path / "packet.docx"
    r = run_cli("review", "packet", str(room.guideline), "-o", str(out), "--state", str(room.state_path))
    assert r.exit_code == 0, r.stderr
    with zipfile.ZipFile(out) as z:
        comments = z.read("word/comments.xml").decode("utf-8")
    text = " ".join(" ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", comments)).split())
    assert "Comment (open, 1 reviewer agrees): Outreach should come first here." in text, text
    assert "advisory-4" not in comments
    # imported back as it is: the packet's own comment, not a new thread
    before = room.review_file.read_bytes()
    r = run_cli("review", "import", str(out), str(room.guideline))
    assert r.exit_code == 0, r.stderr
    assert room.review_file.read_bytes() == before, r.stdout


def test_packet_thread_comment_is_recognised_by_its_words_when_initials_are_lost():
    """A packet saved by a program that drops Word's initials: the thread comment is found by
    its author and words, the agreement count in its head included."""
    from lic_policy.review.docx_import import _SHOWN_THREAD

    m = _SHOWN_THREAD.match("Comment (open, 2 reviewers agree): Outreach should come first here.")
    assert m and m.group(1) == "Outreach should come first here."
    m = _SHOWN_THREAD.match("Objection (blocks approval while open) (open, 1 reviewer agrees): Not this.")
    assert m and m.group(1) == "Not this."


# --------------------------------------------------------------------------- publish tells all

def _with(tmp_path, source: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text
    out = tmp_path / source.name
    out.write_text(text.replace(old, new, 1), encoding="utf-8")
    return out


def test_publishing_a_draft_names_its_validation_problems_and_counts_its_warnings(tmp_path):
    """A draft whose dates contradict each other (`validate` fails) was published with a
    warning about its error findings only: the validation problem was never mentioned, nor the
    warnings `check` reports. The warning names the validation problem (and `validate`), and
    a note counts the warnings and info findings with the command that lists them."""
    from .conftest import DRAFT

    g = _with(tmp_path, DRAFT, "  status: draft\n",
              "  status: draft\n  effective_date: 2026-05-01\n  next_review_date: 2026-01-01\n")
    r = run_cli("publish", str(g), "--to", "md", "--out", str(tmp_path / "out"))
    assert r.exit_code == 0, r.stderr
    warning = [ln for ln in r.stderr.splitlines() if ": warning:" in ln]
    assert len(warning) == 1, r.stderr
    assert "1 validation problem" in warning[0] and "next review date 2026-01-01" in warning[0], warning[0]
    assert f"lic-policy validate {g}" in warning[0], warning[0]
    note = [ln for ln in r.stderr.splitlines() if ": note:" in ln]
    assert len(note) == 1, r.stderr
    # the counts are `check`'s own (they move with the rule packs and the model)
    import json

    c = run_cli("check", "--format", "json", str(g))
    found = json.loads(c.stdout)["findings"]
    sev = [f["severity"] for f in found]
    # the validation problem is named apart; the error findings counted are the rest
    errors = [f for f in found if f["severity"] == "error" and not f["rule_id"].startswith("validation.")]
    assert len(errors) > 20 and f"{len(errors)} error findings" in warning[0], warning[0]
    want = f"{sev.count('warning')} warnings and {sev.count('info')} info findings"
    assert sev.count("warning") > 1 and want in note[0] and f"lic-policy check {g}" in note[0], (want, note[0])


def test_publishing_a_published_guideline_with_warnings_says_so(tmp_path):
    """A guideline marked published with a warning-level finding went out with no word about
    it (the gate stops only for errors, rightly): the note counts it and names the command."""
    from .conftest import GOOD

    # a warning-level term, in a fixture that must be flagged (lang.pimp)
    g = _with(tmp_path, GOOD, "Staff use respectful language,", "Staff never call anyone's manager a pimp,")
    r = run_cli("check", str(g))
    assert "warning lang.pimp" in r.stdout and " 0 errors" in r.stdout, r.stdout
    r = run_cli("publish", str(g), "--to", "md", "--out", str(tmp_path / "out"))
    assert r.exit_code == 0, r.stderr
    assert ": warning:" not in r.stderr
    note = [ln for ln in r.stderr.splitlines() if ": note:" in ln]
    assert len(note) == 1 and "1 warning" in note[0] and f"lic-policy check {g}" in note[0], r.stderr


# --------------------------------------------------------------------------- line endings

def _positions(path: Path) -> list:
    out = json.loads(run_cli("check", "--no-cache", "--format", "json", str(path)).stdout)
    return sorted((f["rule_id"], f["line"], f["column"], f["end_line"], f["end_column"]) for f in out["findings"])


def test_check_places_findings_the_same_whatever_the_line_endings(tmp_path):
    """`check` of a guideline saved with lone CR line endings (classic Mac OS) put every finding
    on line 1 (at column 3791 and so on), and every finding of a block of text at one place:
    lines were counted at LF only while the YAML reader counts CR too. Each line's ending —
    LF, CRLF or a lone CR, mixed in one file too — gives the same lines and columns."""
    from .conftest import DRAFT

    text = DRAFT.read_text(encoding="utf-8")
    lf = tmp_path / "lf.yaml"
    lf.write_bytes(text.encode("utf-8"))
    want = _positions(lf)
    assert len(want) > 20
    lines = text.split("\n")
    for name, ends in (("cr", ["\r"]), ("crlf", ["\r\n"]), ("mixed", ["\n", "\r", "\r\n", "\r"])):
        f = tmp_path / f"{name}.yaml"
        out = []
        for i, ln in enumerate(lines):
            end = ends[i % len(ends)] if i < len(lines) - 1 else ""
            if end == "\r" and i + 2 < len(lines) and not lines[i + 1] and ends[(i + 1) % len(ends)] == "\n":
                end = "\r\n"  # "\r" then an empty line's "\n" would be one CRLF: one line, not two
            out.append(ln + end)
        text2 = "".join(out)
        assert len(re.findall(r"\r\n?|\n", text2)) == len(lines) - 1
        f.write_bytes(text2.encode("utf-8"))
        assert _positions(f) == want, name


# --------------------------------------------------------------------------- fix --write says what is next

def test_fix_write_says_what_is_left_to_change_by_hand(tmp_path):
    """After `fix --write` the drafter read "fixed 1 finding in 1 file" and nothing else, with
    six findings still to rewrite: the next step is named, with how many are left."""
    from .conftest import DRAFT

    g = tmp_path / "draft.yaml"
    g.write_bytes(DRAFT.read_bytes())
    before = json.loads(run_cli("check", "--no-cache", "--format", "json", str(g)).stdout)["findings"]
    r = run_cli("fix", "--write", str(g))
    assert r.exit_code == 0, r.stderr
    fixed = int(re.search(r"fixed (\d+) finding", r.stdout).group(1))
    nxt = [ln for ln in (r.stdout + r.stderr).splitlines() if ln.startswith("next:")]
    assert len(nxt) == 1, r.stdout + r.stderr
    left = int(re.search(r"the other (\d+) finding", nxt[0]).group(1))
    assert f"lic-policy check {g}" in nxt[0] and left > 0
    after = json.loads(run_cli("check", "--no-cache", "--format", "json", str(g)).stdout)["findings"]
    # counted as `check`'s next line counts them: errors and warnings (ux17; info apart)
    after = [f for f in after if f["severity"] in ("error", "warning")]
    assert len(after) <= left <= len(before) - fixed, (len(after), left, len(before), fixed)
    # nothing left: no next line about findings
    clean = tmp_path / "clean.md"
    clean.write_text("Sex workers are members of our community.\n", encoding="utf-8")
    r = run_cli("fix", "--write", str(clean))
    assert "next:" not in r.stdout + r.stderr


# --------------------------------------------------------------------------- review import without --role


def _draft_and_its_packet(tmp_path):
    """A copy of the sample draft and the Markdown of its review packet (no findings)."""
    import shutil

    from .conftest import DRAFT
    from .test_docx_import import packet_markdown

    g = tmp_path / DRAFT.name
    shutil.copy(DRAFT, g)
    packet = tmp_path / "packet.docx"
    assert run_cli("review", "packet", str(g), "-o", str(packet), "--no-findings").exit_code == 0
    return g, packet_markdown(packet)

def test_import_of_a_word_file_by_unnamed_authors_names_the_file_and_the_command(tmp_path):
    """A reviewed packet whose comments are by a Word user name (not 'handle (role)') was
    refused with "error: the file has comments ..." — no file named, and a hint listing the
    roles without the command to run. It names the Word file and the command with --role;
    the author's name is never printed."""
    from .test_docx_import import word_file

    g, md = _draft_and_its_packet(tmp_path)
    words = "Set a target of a 50% increase"
    assert words in md
    md = md.replace(words, '[Please define this with sex workers.]{.comment-start id="901" author="Jordan Lee" '
                           'date="2026-12-02T10:00:00Z"}' + words + '[]{.comment-end id="901"}', 1)
    reviewed = word_file(md, tmp_path / "back from Jordan.docx")
    r = run_cli("review", "import", str(reviewed), str(g))
    assert r.exit_code == 2
    line = r.stderr.strip()
    assert len(line.splitlines()) == 1, r.stderr
    assert line.startswith(f"{reviewed}: error:"), line
    assert "--role" in line and "lic-policy review import" in line and str(g) in line, line
    assert "Jordan" not in line.replace(str(reviewed), "")
    r = run_cli("review", "import", str(reviewed), str(g), "--role", "community")
    assert r.exit_code == 0, r.stderr


def test_review_list_next_line_offers_accept_only_for_a_suggestion(tmp_path):
    """With only comments open, `review list` said "take a suggestion with `lic-policy review
    accept g.yaml t1`" — t1 a comment, which `accept` refuses (only suggestions can be accepted)."""
    from .conftest import GOOD
    import shutil

    g = tmp_path / GOOD.name
    shutil.copy(GOOD, g)
    r = run_cli("review", "add", str(g), "--clause", "principle.dignity", "--quote", "respectful language",
                "--body", "Say who decides what is respectful.", "--author", "advisory-reviewer-5",
                "--role", "sex-worker-advisory")
    assert r.exit_code == 0, r.stderr
    tid = re.search(r"\bt\d+\b", r.stdout).group(0)
    listed = run_cli("review", "list", str(g), "--status", "open")
    nxt = [ln for ln in listed.stdout.splitlines() if ln.startswith("next:")]
    assert nxt and "review accept" not in nxt[0] and f"review reply {g} " in nxt[0], nxt
    # a suggestion open: accept is offered on it
    r = run_cli("review", "add", str(g), "--clause", "principle.dignity", "--quote", "challenge stigma",
                "--body", "Stronger.", "--kind", "suggestion", "--replacement", "speak up against stigma",
                "--author", "advisory-reviewer-5", "--role", "sex-worker-advisory")
    sid = re.search(r"\bt\d+\b", r.stdout).group(0)
    assert sid != tid
    nxt = [ln for ln in run_cli("review", "list", str(g)).stdout.splitlines() if ln.startswith("next:")]
    assert f"review accept {g} {sid}`" in nxt[0], nxt
    assert run_cli("review", "accept", str(g), sid).exit_code == 0


def test_withdraw_button_on_the_round_page_fits_a_phone(tmp_path):
    """On a 390-px phone the staff's reviewer table squeezed "Withdraw the link of advisory-3"
    into a five-line button beside the handle it repeats. The button reads "Withdraw link";
    whose link is said to screen readers (the row says it to the eye)."""
    room = Room(tmp_path, with_review=False)
    staff = room.staff()
    rid, _links = room.open_round(staff, reviewers="advisory-3 sex-worker-advisory")
    page = staff.get(f"/staff/r/{rid}").text
    # (ux16) the control is a disclosure that says it cannot be undone, then the button
    button = re.search(r'<details class="confirm">\s*<summary>((?:(?!</summary>).)*)</summary>\s*<p>[^<]*</p>\s*'
                       r'<form method="post" action="/staff/r/\d+/revoke".*?<button type="submit">(.*?)</button>',
                       page, re.S)
    for control, said in ((button.group(1), "Withdraw link"), (button.group(2), "Withdraw it now")):
        visible = re.sub(r'<span class="sr-only">.*?</span>', "", control)
        assert visible.strip() == said, control
        assert "advisory-3" in control  # for screen readers
    staff.post("/lang", data={"csrf": csrf_of(page), "lang": "fr", "next": f"/staff/r/{rid}"})
    fr = staff.get(f"/staff/r/{rid}").text
    assert "Retirer le lien<span" in fr and "de advisory-3" in fr


def test_a_refused_publish_names_the_command_that_lists_its_validation_problems(tmp_path):
    """A guideline marked published with three validation problems was refused naming the
    first; the command that lists them all (`validate`) is named, as `check` is for findings."""
    from .conftest import DRAFT

    g = _with(tmp_path, DRAFT, "  status: draft\n", "  status: published\n")
    r = run_cli("publish", str(g), "--to", "md", "--out", str(tmp_path / "out"))
    assert r.exit_code == 1
    assert "validation problems (first: line" in r.stderr and f"see `lic-policy validate {g}`" in r.stderr, r.stderr


def test_importing_a_review_packet_as_a_new_guideline_is_refused_with_the_command_meant(tmp_path):
    """A drafter who ran `lic-policy import` (not `review import`) on the packet a reviewer sent
    back got a new guideline of the packet: 8 sections, among them "Points about the whole
    document", the reviewers' comments left as to-do items and their tracked changes accepted.
    It is refused in one line naming `lic-policy review import`, and nothing is written."""
    import shutil

    from .conftest import DRAFT

    g = tmp_path / DRAFT.name
    shutil.copy(DRAFT, g)
    packet = tmp_path / "packet.docx"
    assert run_cli("review", "packet", str(g), "-o", str(packet)).exit_code == 0
    out = tmp_path / "new.yaml"
    r = run_cli("import", str(packet), "-o", str(out))
    assert r.exit_code == 2, r.stdout
    line = r.stderr.strip()
    assert len(line.splitlines()) == 1 and line.startswith(f"{packet}: error:"), r.stderr
    assert "review packet" in line and f"lic-policy review import {packet}" in line, line
    assert not out.exists()


def test_a_second_reviewers_copy_is_placed_on_its_clause_after_the_guideline_changed(tmp_path):
    """Two reviewers return copies of one packet. The drafter imports the first, accepts and
    applies its suggestion in enforcement.3, then imports the second: its comment on “tickets
    issued” (a few words, in enforcement.3 still) was "not placed: its words are not in the
    guideline", and the clause was said to be "changed with Track Changes off". The clause
    id that leads the paragraph finds the clause, the words are found in it, and the note
    says the guideline may have changed since the packet was made."""
    from .test_docx_import import word_file

    g, md = _draft_and_its_packet(tmp_path)
    words = "tickets issued"
    assert md.count(words) == 1
    md = md.replace(words, '[Count referrals instead.]{.comment-start id="905" author="advisory-6 (sex-worker-advisory)" '
                           'date="2026-12-03T10:00:00Z"}' + words + '[]{.comment-end id="905"}', 1)
    second = word_file(md, tmp_path / "second.docx")
    # the first reviewer's suggestion, applied since: the clause's text changed elsewhere
    text = g.read_text(encoding="utf-8")
    assert text.count("the number of arrests") == 1
    g.write_text(text.replace("the number of arrests", "the number of referrals"), encoding="utf-8")
    r = run_cli("review", "import", str(second), str(g))
    assert r.exit_code == 0, r.stderr
    assert "added 1 comment(s)" in r.stdout and "0 not placed" in r.stdout, r.stdout + r.stderr
    listed = run_cli("review", "list", str(g), "--format", "json")
    t = json.loads(listed.stdout)["threads"][0]
    assert t["anchor"]["clause"] == "enforcement.3" and t["anchor"]["quote"]["exact"] == words, t
    notes = [ln for ln in r.stderr.splitlines() if "enforcement.3" in ln]
    assert all("changed since the packet was made" in ln for ln in notes), notes
