"""fix27: defects earlier passes found and left alone, each fixed as a whole kind. Each test
pins what a user saw before the fix."""

from __future__ import annotations

import re

from .test_web_ux13 import _post, _thread, _two_reviewers
from .webapp import csrf_of


def _head(html: str, tid: str) -> str:
    return re.sub(r"\s+", " ", re.search(r'<h\d class="thread-head".*?</h\d>', _thread(html, tid), re.S).group(0))


def test_an_objection_taken_back_reads_taken_back_everywhere_not_blocking(tmp_path):
    """A reviewer took back their objection: the room still headed it *Blocking objection ·
    Taken back* (red, as an objection that holds up approval), *Your responses* read “Blocking
    objection, Taken back:”, the staff's page listed a *Blocking objection*, and the exports
    said so too (the Word packet “Objection (blocks approval while open) (resolved)”, the
    redline a red “objection”). It reads as an objection taken back everywhere now, and a
    taken-back objection the staff reopen does not block approval."""
    from lic_policy.review import threads
    from lic_policy.review.packet import thread_comment
    from lic_policy.redline import _html_thread

    from .conftest import run_cli

    room, staff, rid, a, b = _two_reviewers(tmp_path, show_others="1")
    page = a.get("/review").text
    tid = _post(a, page, "objection", "This is wrong for people who work outdoors.").json()["id"]
    page = a.get("/review").text
    assert "Blocking objection" in _head(page, tid)  # before it is taken back, it is one
    assert a.post(f"/review/threads/{tid}/withdraw", data={"csrf": csrf_of(page)}).status_code == 303
    mine = a.get("/review").text
    theirs = b.get("/review").text
    staff_page = staff.get(f"/staff/r/{rid}").text
    for html in (mine, theirs, staff_page):
        head = _head(html, tid)
        assert "Blocking" not in head and ">Objection<" in head and "Taken back" in head, head
        assert "k-objection" not in re.search(r'<article class="([^"]*)" id="thread-' + tid, html).group(1).split()
    yours = re.sub(r"\s+", " ", re.search(r'<details class="yours".*?</details>', mine, re.S).group(0))
    assert "Objection, Taken back:" in yours and "Blocking" not in yours, yours
    summary = re.search(r'<p><a href="#thread-' + tid + r'">.*?</p>', staff_page).group(0)
    assert "Blocking" not in summary and "· Objection ·" in summary, summary
    # the exports
    t = threads.load(room.review_file).review.thread(tid)
    assert t.withdrawn and not t.blocks_approval
    words = "".join(x.get("c", " ") if isinstance(x.get("c"), str) else " " for x in thread_comment(t))
    assert "blocks approval" not in words and words.startswith("Objection, taken back by its writer (resolved):"), words
    aside = _html_thread(t)
    assert 'class="thread objection"' not in aside and "taken back" in aside, aside
    listed = run_cli("review", "list", str(room.guideline))
    assert f"{tid} [resolved] objection (taken back by its writer)" in listed.stdout, listed.stdout
    # reopened by the staff, it still blocks nothing: not among the blocking objections
    page = staff.get(f"/staff/r/{rid}").text
    assert staff.post(f"/staff/r/{rid}/threads/{tid}/reopen", data={"csrf": csrf_of(page)}).status_code == 303
    staff_page = staff.get(f"/staff/r/{rid}").text
    blocking = re.search(r'<section class="state-group g-blocking".*?</section>', staff_page, re.S).group(0)
    assert f"#thread-{tid}" not in blocking, blocking
    t = threads.load(room.review_file).review.thread(tid)
    assert t.status == "open" and not t.blocks_approval
    listed = run_cli("review", "list", str(room.guideline))
    assert "blocking approval" not in listed.stdout, listed.stdout
