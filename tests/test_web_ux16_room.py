"""Round 16 (ux16): two advisory reviewers commenting at the same moment. After two comments
were written one after the other between two loads of a page, the room showed the threads as
they were before them — to every reviewer and to the staff — until another comment or a
restart: the placed threads were kept under the Python `id()` of the review they were placed
on, and the second write's review could take the address the first one freed."""

from __future__ import annotations

import re
import shutil
import threading

import pytest

from .browser import ROOT, Server

SAMPLE = ROOT / "guidelines" / "cedar-harbour-sex-work-response.yaml"


def test_the_threads_shown_are_those_of_the_review_as_it_is_now(tmp_path):
    """Two writes between two page loads: each makes the live review a new object and frees the
    one before, whose address the next may take. The threads placed for a page are always the
    current review's."""
    from lic_policy.web.site import Guideline

    shutil.copy(SAMPLE, tmp_path / SAMPLE.name)
    review = SAMPLE.with_name(SAMPLE.name[:-5] + ".review.yaml")
    shutil.copy(review, tmp_path / review.name)
    g = Guideline(str(tmp_path / SAMPLE.name))
    threads = list(g.live.snapshot().threads)
    assert len(threads) > 3
    for n in range(1, 40):
        k = n % len(threads) + 1
        g.live.review = g.live.review.model_copy(update={"threads": threads[:1]})  # a write
        assert [t.id for t in g.anchored()[0].threads] == [threads[0].id]  # a page load
        g.live.review = g.live.review.model_copy(update={"threads": threads[:2]})  # two more writes
        g.live.review = g.live.review.model_copy(update={"threads": threads[:k]})
        assert [t.id for t in g.anchored()[0].threads] == [t.id for t in threads[:k]], n


@pytest.mark.slow
def test_two_reviewers_sending_at_the_same_moment_both_see_both_comments():
    """As it was met: a real room, two reviewers whose Send went at the same moment, fifteen
    times; the page then showed the comments of two sends before (the second time already)."""
    with Server(with_review=False) as srv:
        out = srv.cli("serve", str(srv.dir), "--state", str(srv.state), "--port", str(srv.port),
                      "--invite", "advisory-3", "--invite", "advisory-4", "--show-others")
        assert out.returncode == 0, out.stderr
        links = dict(re.findall(r"(\S+) \(sex-worker-advisory\): (\S+)", out.stdout))
        a, b = srv.reviewer(links["advisory-3"]), srv.reviewer(links["advisory-4"])
        sent = 0
        for i in range(15):
            a.client.get("/review")
            start = threading.Barrier(2)
            codes = []

            def send(who, body):
                start.wait()
                codes.append(who.comment(body))

            both = [threading.Thread(target=send, args=(r, f"Comment {i} from {k}.")) for k, r in (("a", a), ("b", b))]
            for t in both:
                t.start()
            for t in both:
                t.join()
            assert codes == [201, 201], codes
            sent += 2
            for who in (a, b):
                shown = re.findall(r'<article class="thread[^"]*" id="thread-(t\d+)"', who.client.get("/review").text)
                assert len(shown) == sent, (i, shown)


def _names(html: str, pattern: str) -> list[str]:
    """The words a screen reader gives each element ``pattern`` matches (its text, tags out)."""
    import html as _html

    return [" ".join(_html.unescape(re.sub(r"<[^>]+>", " ", m)).split()) for m in re.findall(pattern, html, re.S)]


def test_a_screen_reader_tells_each_reply_box_and_respond_link_apart(tmp_path):
    """A screen reader's list of form controls read “Reply, Reply, Your reply, Your reply, Send
    reply, Send reply” — one of each for every comment, with nothing to say which — and two
    services' *Hours: To be confirmed* gave two links “Respond to Hours: To be confirmed”. Each
    names what it is about now: the comment's writer and words, the service."""
    from .test_web_ux13 import _post, _two_reviewers

    room, staff, rid, a, b = _two_reviewers(tmp_path, show_others="1")
    text = room.guideline.read_text(encoding="utf-8")
    # a second service whose hours are not known either, as an imported services table gives
    at = text.index("\nservices:\n") + len("\nservices:\n")
    room.guideline.write_text(text[:at] + "  - id: night-outreach\n    organization: Night Outreach\n    offers: [outreach van]\n"
                              "    regions: [To be confirmed]\n    languages: [en]\n    contact: {phone: 250-555-0199}\n"
                              "    hours: To be confirmed\n  - id: peer-support\n    organization: Peer Support Society\n"
                              "    offers: [peer support]\n    regions: [To be confirmed]\n    languages: [en]\n"
                              "    contact: {phone: 250-555-0142}\n    hours: To be confirmed\n" + text[at:], encoding="utf-8")
    page = a.get("/review").text
    assert _post(a, page, "comment", "Say who they can call instead.").status_code == 201
    assert _post(b, b.get("/review").text, "comment", "Name the outreach number.").status_code == 201
    page = a.get("/review").text
    respond = _names(page, r'<p class="respond"><a [^>]*>(.*?)</a>')
    assert len(respond) == len(set(respond)), sorted(r for r in respond if respond.count(r) > 1)
    assert "Respond to Night Outreach: Hours: To be confirmed" in respond, [r for r in respond if "Hours" in r]
    for pattern in (r'<details class="reply-box">\s*<summary>(.*?)</summary>', r'<label for="reply-t\d+">(.*?)</label>',
                    r'<form [^>]*class="reply-form">.*?<button type="submit">(.*?)</button>'):
        said = _names(page, pattern)
        assert len(said) >= 2 and len(said) == len(set(said)), said
    assert any(s.startswith("Reply to advisory-4 on “") for s in _names(page, r"<summary>(.*?)</summary>"))
    # the same for *I agree*, *Take back this comment* and a finding's *Why this matters*
    assert _post(a, page, "comment", "And say it again here.", start="12", end="20").status_code == 201
    page = a.get("/review").text
    for pattern in (r'<form [^>]*class="agree-form">.*?<button type="submit">(.*?)</button>',
                    r'<details class="withdraw-box">\s*<summary>(.*?)</summary>',
                    r'<form [^>]*class="withdraw-form">.*?<button type="submit">(.*?)</button>'):
        said = _names(page, pattern)
        assert len(said) == len(set(said)), said
    assert len(_names(page, r'<details class="withdraw-box">\s*<summary>(.*?)</summary>')) == 2
    from .webapp import Room

    (tmp_path / "early").mkdir()
    early = Room(tmp_path / "early", with_review=False, sample=ROOT / "guidelines" / "cedar-harbour-early-draft.yaml")
    early_staff = early.staff()
    rid2, _links = early.open_round(early_staff)
    why = _names(early_staff.get(f"/staff/r/{rid2}").text, r'<details class="why"><summary>(.*?)</summary>')
    assert len(why) >= 2, why
    # each names the words it is about (the same word flagged in two clauses reads alike: it is)
    assert all(re.fullmatch(r"Why this matters ?: “.+”", w) for w in why), why
    assert len(set(why)) >= len(why) // 3, why


def test_the_page_s_script_and_styles_are_cached_until_they_change(tmp_path):
    """The room's script and stylesheets were sent with no Cache-Control, so a browser kept them
    by its own guess (a tenth of their age): after lic-policy was upgraded a reviewer's phone
    could run last month's room.js against this month's pages for days, and on a slow network
    a guess that ran out cost a round trip per file on every page. Each is linked with its
    content's fingerprint now (`/static/room.js?v=…`), kept for a year under that name; asked
    for without it, it is checked with the room each time."""
    from .webapp import Room

    room = Room(tmp_path, with_review=False)
    c = room.client()
    html = c.get("/").text
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert {a.split("?")[0] for a in assets} == {"/static/favicon.svg", "/static/guideline.css", "/static/room.css",
                                                 "/static/room.js"}, assets
    versions = set()
    for a in assets:
        assert re.search(r"\?v=[0-9a-f]{12}$", a), a
        versions.add(a.split("=")[1])
        r = c.get(a)
        assert r.status_code == 200
        assert r.headers["cache-control"] == "public, max-age=31536000, immutable", (a, r.headers)
        plain = c.get(a.split("?")[0])
        assert plain.headers["cache-control"] == "no-cache", (a, plain.headers)
    assert len(versions) == 4  # each file its own fingerprint: one changed file is fetched again alone
    # an old fingerprint (a page from before an upgrade) is not kept for a year
    assert c.get("/static/room.js?v=000000000000").headers["cache-control"] == "no-cache"


def test_closing_a_round_or_withdrawing_a_link_asks_first(tmp_path):
    """*Close the round* sat under the round's title as a plain button, and *Withdraw link*
    beside each reviewer: one tap (a staff member trying the page, a slip on a laptop's
    touchpad) ended the round for every reviewer, or a reviewer's link, and neither can be
    undone — the room has no way to open a round again. Each is behind a disclosure now that
    says what it does, as *Take back this comment* is for a reviewer."""
    from .webapp import Room

    room = Room(tmp_path, with_review=False)
    staff = room.staff()
    rid, _links = room.open_round(staff, reviewers="advisory-3 sex-worker-advisory")
    page = staff.get(f"/staff/r/{rid}").text
    for action, said in (("close", "Reviewers can no longer respond"), ("revoke", "can no longer open the draft")):
        form = re.search(r'<details class="confirm">\s*<summary>[^<]*(?:<span[^>]*>[^<]*</span>)?</summary>\s*<p>([^<]*)</p>\s*'
                         rf'<form method="post" action="/staff/r/{rid}/{action}"', page)
        assert form, (action, re.findall(r".{200}/" + action + r'".{100}', page, re.S))
        assert said in form.group(1) and "cannot be undone" in form.group(1), form.group(1)
    # nothing else posts there: no plain button left beside them
    assert len(re.findall(rf'action="/staff/r/{rid}/close"', page)) == 1


def test_a_reviewer_whose_link_was_withdrawn_can_be_invited_again_under_the_same_name(tmp_path):
    """The staff withdrew advisory-3's link (it had been forwarded by mistake) and invited
    advisory-3 again for a new one, as the room's hint said (“revoke the old link first”): the
    page read *The draft cannot be read* (HTTP 503) over “'advisory-3' is already invited to
    this round”. The withdrawn invitation gets a new link now — the old one stays dead, and
    what the reviewer wrote keeps its name. A handle still invited is refused before any link
    is made (a link made and not shown is lost), in words, with the list kept to correct."""
    from .webapp import Room, csrf_of

    room = Room(tmp_path, with_review=False)
    staff = room.staff()
    rid, links = room.open_round(staff, reviewers="advisory-3 sex-worker-advisory")
    old = links["advisory-3"]
    page = staff.get(f"/staff/r/{rid}").text
    iid = re.search(r'name="invitation" value="(\d+)"', page).group(1)
    assert staff.post(f"/staff/r/{rid}/revoke", data={"csrf": csrf_of(page), "invitation": iid}).status_code == 303
    page = staff.get(f"/staff/r/{rid}").text
    r = staff.post(f"/staff/r/{rid}/invite", data={"csrf": csrf_of(page), "reviewers": "advisory-3 sex-worker-advisory"})
    assert r.status_code == 303, r.text
    r = staff.get(r.headers["location"])
    new = re.search(r'value="(http[^"]+/i/[^"]+)"', r.text).group(1)
    assert new != old
    reviewer = room.client()
    assert reviewer.get(old.replace(room.base_url, "")).status_code == 404  # the withdrawn link opens nothing
    assert reviewer.get(new.replace(room.base_url, ""), follow_redirects=True).status_code == 200
    assert "You are reviewing as advisory-3" in reviewer.get("/review").text
    # a handle still invited, beside a new one: refused in words, nothing made, the list kept
    page = staff.get(f"/staff/r/{rid}").text
    before = len(room.state.invitations(rid))
    r = staff.post(f"/staff/r/{rid}/invite", data={"csrf": csrf_of(page),
                                                   "reviewers": "advisory-5 sex-worker-advisory\nadvisory-3"})
    assert r.status_code == 409, (r.status_code, r.text[:300])
    assert "cannot be read" not in r.text and "advisory-3" in r.text and "already has a link" in r.text, r.text
    assert "advisory-5 sex-worker-advisory" in r.text  # the list, to correct
    assert len(room.state.invitations(rid)) == before
