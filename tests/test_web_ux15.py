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


SIDEWAYS = """
var W = document.documentElement.clientWidth, out = [];
document.querySelectorAll('main *, article *, body > *').forEach(function (e) {
  var r = e.getBoundingClientRect();
  if (r.width > 0 && r.right > W + 1 && !e.closest('table')) out.push(e.tagName + ' ' + (e.textContent || '').trim().slice(0, 40));
});
return [document.documentElement.scrollWidth, out];
"""


@__import__("pytest").mark.slow
def test_a_long_address_in_a_clause_wraps_at_200_percent_zoom_on_a_phone(tmp_path):
    """A drafter's roles table gave the clause “… — Contact: safety@millbrook.example.ca”. At
    200 % zoom on a 390-px phone (195 CSS px) the address ran off the side of the review room's
    page and of the published page (“Roles and responsibilities” as a heading too), so the
    reviewer scrolled sideways along every line to read it. Long words break to fit now."""
    import pytest

    from .browser import SAMPLE, Server, browser_missing, browsers, viewport

    if browser_missing():
        pytest.skip(browser_missing())
    text = SAMPLE.read_text(encoding="utf-8")
    marker = "    clauses:\n"
    at = text.index(marker) + len(marker)
    clause = ("      - id: contacts.1\n        text: >-\n          Role: Community Safety Office — Contact:\n"
              "          community-safety-office@millbrook-township.example.ca or\n"
              "          https://millbrook-township.example.ca/community-safety/sex-work-response-guidelines\n")
    g = tmp_path / SAMPLE.name
    g.write_text(text[:at] + clause + text[at:], encoding="utf-8")
    from .conftest import run_cli

    assert run_cli("validate", str(g)).exit_code == 0
    r = run_cli("publish", str(g), "--to", "html", "--out", str(tmp_path / "out"))
    assert r.exit_code == 0, r.stderr
    page = next((tmp_path / "out").glob("*.html"))
    with Server(guideline=g, with_review=False) as srv:
        link = srv.invite("advisory-3")["advisory-3"]
        with browsers((390, 844)) as (phone,):
            phone.get(link)
            phone.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                  {"width": 195, "height": 422, "deviceScaleFactor": 2, "mobile": True})
            for url in (srv.base + "/review", page.as_uri()):
                phone.get(url)
                width, wide = phone.execute_script(SIDEWAYS)
                assert width <= 195 and not wide, (url, width, wide)


def test_a_comment_taken_back_reads_taken_back_not_resolved(tmp_path):
    """A reviewer who took their comment back and came back later on the same link read it as
    *Comment · Resolved* on the thread and under *Your responses* (“Comment, Resolved: …”), as
    if the staff had dealt with it; the staff's page said *Resolved* too. It reads *Taken back*."""
    room, staff, rid, a, b = _two_reviewers(tmp_path, show_others="1")
    page = a.get("/review").text
    tid = _post(a, page, "objection", "This is wrong for people who work outdoors.").json()["id"]
    page = a.get("/review").text
    assert a.post(f"/review/threads/{tid}/withdraw", data={"csrf": csrf_of(page)}).status_code == 303
    mine = a.get("/review").text
    assert re.search(r'<span class="status">Taken back</span>', _thread(mine, tid)), _thread(mine, tid)
    assert "Objection, Taken back:" in mine and "Blocking objection, Taken back" not in mine, re.findall(r"—[^<]*, [A-Z][a-z ]+:", mine)
    assert "Resolved" not in _thread(mine, tid)
    assert "Taken back" in _thread(b.get("/review").text, tid)
    assert "Taken back" in _thread(staff.get(f"/staff/r/{rid}").text, tid)
    french = a.post("/lang", data={"csrf": csrf_of(mine), "lang": "fr", "next": "/review"})
    assert french.status_code in (303, 200), french.text
    assert "Retiré" in _thread(a.get("/review").text, tid)
