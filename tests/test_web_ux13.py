"""The review room, round 13 (ux13): an advisory reviewer on a phone who never opens YAML or
Word. Each test pins a stumble: the wrong output is what the reviewer saw before the fix."""

from __future__ import annotations

import re
import sqlite3

from .webapp import Room, csrf_of, part_of

KEY = "response.violence.1|text"


def _post(c, html, kind, body="", key=KEY, start="0", end="11"):
    return c.post("/review/threads", headers={"X-CSRF-Token": csrf_of(html)},
                  json={"part": key, "h": part_of(html, key), "start": start, "end": end, "kind": kind,
                        "body": body})


def _thread(html: str, tid: str) -> str:
    return re.search(r'<article class="thread[^"]*" id="thread-' + tid + r'".*?</article>', html, re.S).group(0)


def test_an_approval_does_not_read_as_open_to_the_reviewer_who_gave_it(tmp_path):
    """A reviewer who tapped Approve read “Approval  Open” on their thread and “Approval, Open:
    no reply yet” under *Your responses*: as if the approval were not yet given, or waiting on
    them. It reads *Recorded*; the staff's page still lists it among the open threads to act on."""
    room = Room(tmp_path, with_review=False)
    staff = room.staff()
    rid, links = room.open_round(staff, reviewers="advisory-3 sex-worker-advisory")
    c = room.reviewer(links["advisory-3"])
    page = c.get("/review").text
    r = _post(c, page, "approval")
    assert r.status_code == 201, r.text
    tid = r.json()["id"]
    page = c.get("/review").text
    head = re.sub(r"\s+", " ", re.search(r'<h\d class="thread-head".*?</h\d>', _thread(page, tid), re.S).group(0))
    assert ">Recorded<" in head and ">Open<" not in head, head
    mine = re.sub(r"\s+", " ", re.search(r'<details class="yours".*?</details>', page, re.S).group(0))
    assert "Approval, Recorded:" in mine and "Open" not in mine, mine
    # in French too
    c.post("/lang", data={"csrf": csrf_of(page), "lang": "fr", "next": "/review"})
    fr = c.get("/review").text
    assert ">Enregistrée<" in _thread(fr, tid) and ">Ouvert<" not in _thread(fr, tid)
    # a comment is still open to the staff, and so is the approval on their page
    staff_page = staff.get(f"/staff/r/{rid}").text
    assert ">Open<" in _thread(staff_page, tid)
