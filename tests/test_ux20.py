"""Round 20 (ux20): the three user journeys walked again as new users — the drafter who starts
from a Word document, the advisory reviewer on a phone, CI. Each test pins a stumble: the wrong
output is what the user got before the fix."""

from __future__ import annotations

import re

from lic_policy.review import threads

from .webapp import Room

PAGE = "/review/respond?part=response.violence.1%7Ctext"


def _reviewer(tmp_path):
    room = Room(tmp_path, with_review=False)
    staff = room.staff()
    _rid, links = room.open_round(staff)
    return room, room.reviewer(links["advisory-3"])


def _send(c, **fields):
    html = c.get(PAGE).text
    form = re.findall(r'<form method="post" action="/review/threads">.*?</form>', html, re.S)[-1]
    data = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    data.update(fields)
    return c.post("/review/threads", data=data)


def _alert(html: str) -> str:
    m = re.search(r'<p[^>]*role="alert"[^>]*>([^<]*)</p>', html)
    return m.group(1) if m else ""


def test_wording_typed_with_comment_still_chosen_is_not_dropped(tmp_path):
    """On the Respond page *Comment* is chosen when it opens, and the box under the kinds is
    *Your wording, if you suggest new wording*. A reviewer who typed new wording there and a
    comment below, without choosing *Suggest wording*, got a comment saved and their wording
    thrown away without a word. The page comes back with both as typed and says to choose
    *Suggest wording* (or clear the box)."""
    room, c = _reviewer(tmp_path)
    r = _send(c, span="words", quote="call 911", kind="comment", replacement="call the outreach van first",
              body="The van answers faster than a patrol car.")
    assert r.status_code == 422, r.status_code
    alert = _alert(r.text)
    assert "Suggest wording" in alert and "call the outreach van first" not in alert, alert
    assert re.search(r'<textarea id="replacement"[^>]*>call the outreach van first</textarea>', r.text)
    assert ">The van answers faster than a patrol car.</textarea>" in r.text
    assert not room.review_file.exists() or threads.load(room.review_file).threads == []
    # chosen as a suggestion, it is written with its wording
    assert _send(c, span="words", quote="call 911", kind="suggestion", replacement="call the outreach van first",
                 body="The van answers faster than a patrol car.").status_code == 303
    [t] = threads.load(room.review_file).threads
    assert t.kind == "suggestion" and t.replacement == "call the outreach van first"


def test_a_comment_typed_in_the_wording_box_is_not_answered_the_box_is_empty(tmp_path):
    """The first box under the kinds is the wording box; a reviewer who chose *Comment* and typed
    their comment in it was told “Your comment: the box is empty. Please write something before
    sending.” — they had written something. The reason says where their words are."""
    _room, c = _reviewer(tmp_path)
    r = _send(c, span="words", quote="call 911", kind="comment", replacement="Many of us will never call 911.",
              body="")
    assert r.status_code == 422
    alert = _alert(r.text)
    assert "the box is empty" not in alert and "wording" in alert, alert
    assert re.search(r'<textarea id="replacement"[^>]*>Many of us will never call 911.</textarea>', r.text)


def test_the_respond_page_s_wording_box_is_marked_for_the_script_to_hide(tmp_path):
    """The script shows the wording box only for *Suggest wording* (the comment dialog already
    did); without the script the page shows both boxes, as before."""
    _room, c = _reviewer(tmp_path)
    html = c.get(PAGE).text
    assert re.search(r'<div id="replacement-field"[^>]*>\s*<label for="replacement">', html), html[-1500:]
    js = c.get(re.search(r'(/static/room\.js\?v=\w+)', html).group(1)).text
    assert "replacement-field" in js
