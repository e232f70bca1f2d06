"""The review room walked as a sex-worker advisory reviewer on a phone walks it (issue: ux6):
follow the link, respond, come back later and find the answers. Each test pins a stumble; the
wrong behaviour is what the reviewer met before the fix."""

from __future__ import annotations

import html as htmllib
import re

from .webapp import Room, csrf_of, part_of

KEY = "response.violence.1|text"


def _post(c, page, body, kind="comment", **extra):
    return c.post("/review/threads", headers={"X-CSRF-Token": csrf_of(page)},
                  json={"part": KEY, "h": part_of(page, KEY), "start": "0", "end": "11", "kind": kind,
                        "body": body, **extra})


def _next_of(page: str) -> str:
    return htmllib.unescape(re.search(r'name="next" value="([^"]*)"', page).group(1))


def test_switching_language_keeps_the_page_you_are_on(tmp_path):
    """On the Respond page (/review/respond?part=…) the language button sent the reviewer to
    /review/respond without its part: a "Page not found — this part of the guidelines is no
    longer in the draft" page, and what they had chosen was gone. The page's address is kept
    (its query too), less a ?lang= that would undo the choice."""
    room = Room(tmp_path, with_review=False)
    staff = room.staff()
    _rid, links = room.open_round(staff)
    c = room.reviewer(links["advisory-3"])
    url = "/review/respond?part=" + KEY.replace("|", "%7C")
    page = c.get(url).text
    assert _next_of(page) == "/review/respond?part=" + KEY.replace("|", "%7C")
    r = c.post("/lang", data={"csrf": csrf_of(page), "lang": "fr", "next": _next_of(page)})
    assert r.status_code == 303 and r.headers["location"] == _next_of(page)
    fr = c.get(r.headers["location"])
    assert fr.status_code == 200 and 'lang="fr"' in fr.text and "Répondre" in fr.text
    assert _next_of(c.get("/review?changes=0&lang=fr").text) == "/review?changes=0"


def test_a_page_shown_after_a_form_sends_the_language_switch_somewhere_that_exists(tmp_path):
    """A page made in answer to a form (an error after sending) has the form's address, which
    only takes forms: the switch goes to the reviewer's draft instead."""
    room = Room(tmp_path, with_review=False)
    staff = room.staff()
    _rid, links = room.open_round(staff)
    c = room.reviewer(links["advisory-3"])
    page = c.get("/review").text
    r = c.post("/review/threads", data={"csrf": csrf_of(page), "part": KEY, "h": part_of(page, KEY),
                                        "span": "words", "quote": "words that are not there", "kind": "comment",
                                        "body": "x"})
    assert r.status_code in (200, 400, 409, 422), r.status_code
    assert _next_of(r.text) == "/"


def _summary(page: str):
    m = re.search(r'<details class="yours"[^>]*>(.*?)</details>', page, re.S)
    return m.group(0) if m else None


def test_coming_back_the_reviewer_finds_the_answers_to_what_they_wrote(tmp_path):
    """A reviewer who came back later had to scroll the whole draft (5,000 px on a phone) to
    find whether anyone had answered: nothing on the page said where their comments were or
    that staff had replied. The top of the page now lists their responses, each a link to it
    in the draft with its state and who answered last; it works without JavaScript (a
    details element and plain links) and opens by itself when there is an answer."""
    from .conftest import run_cli

    room = Room(tmp_path, with_review=False)
    staff = room.staff()
    _rid, links = room.open_round(staff)
    a = room.reviewer(links["advisory-3"])
    page = a.get("/review").text
    assert _summary(page) is None  # nothing written yet: nothing to list
    assert _post(a, page, "Who decides what counts as serious?", kind="question").status_code == 201
    page = a.get("/review").text
    box = _summary(page)
    assert box is not None and " open" not in box.split(">")[0]
    assert "Your responses: 1</summary>" in box and 'href="#thread-t1"' in box and "no reply yet" in box
    r = run_cli("review", "reply", str(room.guideline), "t1", "--author", "city-staff", "--role", "staff",
                "--body", "Any report of violence. We will say so in the text.")
    assert r.exit_code == 0, r.stderr
    page = a.get("/review").text
    box = _summary(page)
    assert box.split(">")[0].endswith(" open"), box
    assert "Your responses: 1, 1 with a reply</summary>" in box
    assert "Question" in box and "Open" in box and "1 reply, the newest from city-staff (Staff)" in box
    assert page.index('class="yours"') < page.index('id="guideline"')  # before the draft
    # another reviewer (the round does not show others' threads) sees no list
    b = room.reviewer(links["advisory-4"])
    assert _summary(b.get("/review").text) is None
    # in French too
    fr = a.get("/review?lang=fr").text
    assert "Vos réponses : 1, dont 1 avec une réponse" in _summary(fr)


def test_back_to_the_draft_returns_to_the_part_one_responded_to(tmp_path):
    """"Back to the draft" on a Respond page went to the top of the draft: on a phone the
    reviewer scrolled thousands of pixels to find their place again. It now goes to the part
    (a clause by its number, any other part by an id every part now has)."""
    room = Room(tmp_path, with_review=False)
    staff = room.staff()
    _rid, links = room.open_round(staff)
    c = room.reviewer(links["advisory-3"])
    draft = c.get("/review").text
    for key in (KEY, "|metadata.title", "|purpose"):
        page = c.get("/review/respond?part=" + key.replace("|", "%7C")).text
        back = htmllib.unescape(re.search(r'<a href="([^"]*)">Back to the draft</a>', page).group(1))
        assert back.startswith("/review#"), back
        from urllib.parse import unquote
        anchor = unquote(back.split("#", 1)[1])
        assert f'id="{htmllib.escape(anchor)}"' in draft, (key, anchor)
        assert anchor == ("response.violence.1" if key == KEY else "part-" + key)
