"""The review room, round 13 (ux13): an advisory reviewer on a phone who never opens YAML or
Word. Each test pins a stumble: the wrong output is what the reviewer saw before the fix."""

from __future__ import annotations

import re
import sqlite3

import pytest

from .browser import Server, browser_missing, browsers
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


def _agree_form(html: str, tid: str):
    m = re.search(r'<form method="post" action="/review/threads/' + tid + r'/agree"[^>]*>(.*?)</form>',
                  _thread(html, tid), re.S)
    return m.group(1) if m else None


def _two_reviewers(tmp_path, **round_options):
    """A room with a round open to two advisory reviewers: (room, staff, round id, first, second)."""
    room = Room(tmp_path, with_review=False)
    staff = room.staff()
    rid, links = room.open_round(staff, reviewers="advisory-3 sex-worker-advisory\nadvisory-4 sex-worker-advisory",
                                 **round_options)
    return room, staff, rid, room.reviewer(links["advisory-3"]), room.reviewer(links["advisory-4"])


def test_a_reviewer_can_agree_with_another_reviewers_comment_and_only_a_count_is_kept(tmp_path):
    """In a round that shows reviewers each other's comments, a reviewer who thought the same as
    someone else could only write the same comment again (or nothing, and the staff could not
    tell that five people felt so). *I agree* beside another's comment adds one to a count,
    once per reviewer, and can be taken back; the room keeps how many, never who — neither the
    review file nor the room's state holds a handle or an invitation with it."""
    room, staff, rid, a, b = _two_reviewers(tmp_path, show_others="1")
    page = a.get("/review").text
    tid = _post(a, page, "comment", "Outreach should come first here.").json()["id"]
    before = room.review_file.read_bytes()
    mine = a.get("/review").text
    assert _agree_form(mine, tid) is None  # not on one's own comment
    theirs = b.get("/review").text
    form = _agree_form(theirs, tid)
    assert form is not None and "I agree" in form, _thread(theirs, tid)
    r = b.post(f"/review/threads/{tid}/agree", data={"csrf": csrf_of(theirs), "agree": "1"})
    assert r.status_code == 303 and r.headers["location"] == f"/review?at={tid}#thread-{tid}", r.headers
    again = b.post(f"/review/threads/{tid}/agree", data={"csrf": csrf_of(theirs), "agree": "1"})
    assert again.status_code == 303  # a second tap (a slow phone) is the same agreement
    theirs = b.get("/review").text
    assert "1 reviewer agrees" in _thread(theirs, tid), _thread(theirs, tid)
    assert "Take back" in _agree_form(theirs, tid)
    assert "1 reviewer agrees" in _thread(a.get("/review").text, tid)
    staff_page = staff.get(f"/staff/r/{rid}").text
    assert "1 reviewer agrees" in _thread(staff_page, tid)
    summary = re.search(r'<div class="thread-summary">\s*<p><a href="#thread-' + tid + r'">.*?</p>', staff_page, re.S)
    assert "1 reviewer agrees" in summary.group(0), summary.group(0)  # in the list the staff work through
    # only a count: nothing in the review file changed, and the state names no one
    assert room.review_file.read_bytes() == before
    db = sqlite3.connect(room.state_path)
    cols = [r[1] for r in db.execute("PRAGMA table_info(agreements)")]
    assert not {"handle", "invitation_id", "author", "ip"} & set(cols), cols
    dump = "\n".join(db.iterdump())
    agreed = [ln for ln in dump.splitlines() if "agreements" in ln and "INSERT" in ln]
    assert len(agreed) == 1 and "advisory" not in agreed[0], agreed
    db.close()
    # taken back
    b.post(f"/review/threads/{tid}/agree", data={"csrf": csrf_of(theirs), "agree": "0"})
    theirs = b.get("/review").text
    assert "agrees" not in _thread(theirs, tid) and "I agree" in _agree_form(theirs, tid)
    # without the page's token nothing is counted
    r = b.post(f"/review/threads/{tid}/agree", data={"agree": "1"})
    assert r.status_code == 403
    assert "agrees" not in _thread(b.get("/review").text, tid)


def test_agreeing_needs_a_comment_the_reviewer_can_see(tmp_path):
    """A round where each reviewer sees only their own comments offers no *I agree*, and a
    thread id sent by hand is refused without a count."""
    room, staff, _rid, a, b = _two_reviewers(tmp_path)
    tid = _post(a, a.get("/review").text, "comment", "Outreach should come first here.").json()["id"]
    page = b.get("/review").text
    r = b.post(f"/review/threads/{tid}/agree", data={"csrf": csrf_of(page), "agree": "1"})
    assert r.status_code == 404, r.status_code
    assert "agrees" not in a.get("/review").text


def test_the_reviewers_page_lists_the_drafts_parts_to_go_to(tmp_path):
    """On a 390-px phone the sample draft is some 35,000 px long (45 screens): a reviewer asked
    about the violence protocol scrolled through all of it to find the part, with nothing to
    jump with. The top of the page lists the draft's parts as links to them (plain HTML), each
    with how many comments it has that the reviewer can see."""
    room = Room(tmp_path, with_review=False)
    staff = room.staff()
    _rid, links = room.open_round(staff, reviewers="advisory-3 sex-worker-advisory")
    c = room.reviewer(links["advisory-3"])
    page = c.get("/review").text
    _post(c, page, "comment", "Outreach should come first here.")
    page = c.get("/review").text
    nav = re.search(r'<nav class="contents"[^>]*>.*?</nav>', page, re.S)
    assert nav is not None, page[:3000]
    items = re.findall(r'<a href="#([^"]+)">([^<]+)</a>([^<]*)', nav.group(0))
    titles = [t for _a, t, _n in items]
    assert "Purpose" in titles and "Responding to violence against sex workers" in titles, titles
    for anchor, _t, _n in items:
        assert f'id="{anchor}"' in page, anchor  # every link lands on its part
    violence = next(n for _a, t, n in items if t == "Responding to violence against sex workers")
    assert "1 comment" in violence, items
    assert page.index('<nav class="contents"') < page.index('id="guideline"')


@pytest.mark.slow
@pytest.mark.skipif(browser_missing() is not None, reason=str(browser_missing()))
def test_i_agree_tapped_without_a_connection_stays_on_the_page():
    """*I agree* is a plain form: tapped on a phone that lost its connection it left the room for
    the browser's offline page, as replies did before round 12. It stays, says that it could not
    be sent, and once online it counts once and the page stays at the comment."""
    from selenium.webdriver.common.by import By

    from .test_web_browser import _visible, _wait
    from .test_web_ux12 import _offline

    with Server(with_review=False) as srv:
        out = srv.cli("serve", str(srv.dir), "--state", str(srv.state), "--port", str(srv.port),
                      "--invite", "advisory-7", "--invite", "advisory-8", "--show-others")
        links = dict(re.findall(r"(\S+) \(sex-worker-advisory\): (\S+)", out.stdout))
        assert srv.reviewer(links["advisory-7"]).comment("Outreach should come first.") == 201
        with browsers((390, 844)) as (phone,):
            phone.get(links["advisory-8"])
            _wait(phone, "#guideline")
            phone.get(srv.base + "/review#thread-t1")
            _offline(phone, True)
            phone.find_element(By.CSS_SELECTOR, "#thread-t1 .agree-form button").click()
            alert = _visible(phone, "#thread-t1 .send-error")
            assert "could not be sent" in alert.text
            assert phone.current_url.endswith("/review#thread-t1"), phone.current_url
            _offline(phone, False)
            phone.find_element(By.CSS_SELECTOR, "#thread-t1 .agree-form button").click()
            _wait(phone, "#thread-t1 .agree-count")
            assert "1 reviewer agrees" in phone.find_element(By.CSS_SELECTOR, "#thread-t1 .agree-count").text
            assert phone.current_url.endswith("#thread-t1"), phone.current_url


def test_the_checks_findings_read_plainly_to_reviewers_in_the_room_and_the_packet(tmp_path):
    """An advisory reviewer in a round that shows the automated check read “Automated check —
    'clean up' (enforcement) 'the streets' (a place): treats people as dirt to be cleared”, the
    grammar's labels the drafters' terminal uses; the Word packet's comments said the same. Both
    now word it as the pull request's annotations do: the flagged words, then why, then what
    each word is."""
    from lic_policy.review.packet import finding_comment

    from .webapp import draft_rounds

    _room, _hidden, shown = draft_rounds(tmp_path)
    heads = re.findall(r'<p class="finding-head"><strong>[^<]*</strong> — ([^<]*)</p>', shown)
    assert heads, shown[:2000]
    labelled = re.compile(r"' \((?:enforcement|the activity|the people|the clients|a place|displacement|"
                          r"nuisance framing|eradication)\)")
    assert not [h for h in heads if labelled.search(h.replace("&#39;", "'"))], heads
    assert any(h.startswith("“") for h in heads), heads
    from lic_policy.model.finding import Finding

    f = Finding("framing.clean-up", "warning", "clean up 'the streets' (a place): treats people as dirt to be cleared",
                "d.yaml", 1, 1, 1, 22, match="clean up the streets")
    def text(inlines) -> str:
        out = []
        for x in inlines:
            if isinstance(x, dict) and x.get("t") == "Str":
                out.append(x["c"])
            elif isinstance(x, dict) and x.get("t") == "Space":
                out.append(" ")
            elif isinstance(x, dict) and isinstance(x.get("c"), list):
                out.append(text(x["c"]))
        return "".join(out)

    words = text(finding_comment(f))
    assert "“clean up the streets”" in words and "(a place)" not in words, words


def test_a_reviewer_can_take_back_their_own_comment_and_its_words_leave_the_review_file(tmp_path):
    """A reviewer who sent a comment that said too much (where they work, a friend's situation)
    had no way to take it back: only the staff could resolve it, and its words stayed in the
    review file for everyone who reads it. *Take back this comment* on their own comment removes
    its words (and a suggestion's wording) from the review file, leaving that it was taken back;
    it no longer blocks approval. No one else can take it back."""
    from lic_policy.review import threads

    room, staff, rid, a, b = _two_reviewers(tmp_path, show_others="1")
    page = a.get("/review").text
    tid = _post(a, page, "objection", "I work nights at the Harbour St shelter and this is wrong.").json()["id"]
    page = a.get("/review").text
    assert f'action="/review/threads/{tid}/withdraw"' in _thread(page, tid)
    theirs = b.get("/review").text
    assert f'action="/review/threads/{tid}/withdraw"' not in _thread(theirs, tid)
    r = b.post(f"/review/threads/{tid}/withdraw", data={"csrf": csrf_of(theirs)})
    assert r.status_code == 403
    r = a.post(f"/review/threads/{tid}/withdraw", data={"csrf": csrf_of(page)})
    assert r.status_code == 303, r.text
    raw = room.review_file.read_text(encoding="utf-8")
    assert "Harbour St" not in raw and "shelter" not in raw, raw
    [t] = threads.load(room.review_file).threads
    assert t.status == "resolved" and not t.blocks_approval and "took it back" in t.body
    page = a.get("/review").text
    assert "took it back" in _thread(page, tid) and f"/review/threads/{tid}/withdraw" not in _thread(page, tid)
