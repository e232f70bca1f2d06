"""Round 15 (ux15): the advisory reviewer on a phone, in the review room. Each test pins a
stumble: the wrong output is what the reviewer saw before the fix."""

from __future__ import annotations

import re

from .test_web_ux13 import _post, _thread, _two_reviewers
from .webapp import csrf_of


def test_a_comment_taken_back_keeps_no_agreement_and_takes_none(tmp_path):
    """advisory-4 agreed with advisory-3's comment; advisory-3 took it back. The thread then
    read *The person who wrote this comment took it back.* over *1 reviewer agrees* — to the
    reviewers, on the staff's page, in `review list` and in the Word packet, as if someone
    agreed that it be taken back — and *I agree* was still offered on it. An agreement is with
    words, and they are gone: its count goes with them, and the room takes no new one."""
    from lic_policy.web.state import agreement_counts

    room, staff, rid, a, b = _two_reviewers(tmp_path, show_others="1")
    page = a.get("/review").text
    tid = _post(a, page, "comment", "Say it is a crime, and offer a bad date report.").json()["id"]
    theirs = b.get("/review").text
    r = b.post(f"/review/threads/{tid}/agree", data={"csrf": csrf_of(theirs), "agree": "1"})
    assert r.status_code == 303, r.text
    assert "1 reviewer agrees" in _thread(a.get("/review").text, tid)
    page = a.get("/review").text
    r = a.post(f"/review/threads/{tid}/withdraw", data={"csrf": csrf_of(page)})
    assert r.status_code == 303, r.text
    for who in (a, b):
        shown = _thread(who.get("/review").text, tid)
        assert "took it back" in shown and "agree" not in shown.lower(), shown
    assert "agree" not in _thread(staff.get(f"/staff/r/{rid}").text, tid).lower()
    assert agreement_counts(str(room.guideline), room.state_path) == {}
    theirs = b.get("/review").text
    r = b.post(f"/review/threads/{tid}/agree", data={"csrf": csrf_of(theirs), "agree": "1"})
    assert r.status_code == 409, r.text
    assert "took it back" in r.text
    assert agreement_counts(str(room.guideline), room.state_path) == {}
