"""The review room, round 12 (ux12): the staff inviting advisory reviewers and the reviewer on a
phone. Each test pins a stumble: the wrong output is what the person saw before the fix."""

from __future__ import annotations

import re

import pytest

from .browser import Server, browser_missing, browsers
from .webapp import RESPOND_PAGE, Room, csrf_of


def test_serve_invite_says_which_word_of_a_made_up_handle_is_a_first_name(tmp_path):
    """Staff who made up nature handles (`--invite fern-5`, `cedar-4`, `heron-3`: trees and birds
    are first names too) read “that looks like a person's name” and could not tell why a tree
    was a person. The message names the word and offers a handle that works, with their number."""
    from .webapp import serve_invite

    r = serve_invite(tmp_path, "cedar-4:legal")
    assert r.exit_code == 2
    [line] = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert "“cedar” is also a first name" in line, line
    assert "--invite advisory-4:legal" in line, line
    r = serve_invite(tmp_path, "advisory-4:legal")
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
    assert got == ["When a resident calls, staff:", "listen and record the concern;",
                   "ask whether anyone is in danger;", "refer it to outreach.", "thank the caller."]
    for text, want in (("1. Call 911. Stay with the person.", ["Call 911.", "Stay with the person."]),
                       # a number that is the sentence's own word stays
                       ("Call 911. 24 hours a day.", ["Call 911.", "24 hours a day."])):
        assert [text[a:b] for a, b in sentences(text)] == want


def _offline(driver, offline: bool) -> None:
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": offline, "latency": 0,
                                                                "downloadThroughput": -1, "uploadThroughput": -1})


@pytest.mark.slow
@pytest.mark.skipif(browser_missing() is not None, reason=str(browser_missing()))
def test_a_reply_or_response_sent_without_a_connection_stays_on_the_page():
    """On a phone that lost its connection, *Send reply* (a plain form) and *Send* on the Respond
    page left the room for the browser's offline page (“ERR_INTERNET_DISCONNECTED”, a dinosaur):
    the reviewer had to know that Back brings the words back. The page stays, says that it could
    not be sent, and keeps the words; sent again once online, it is sent once."""
    from selenium.webdriver.common.by import By

    from lic_policy.review import threads

    from .test_web_browser import _visible, _wait
    from .test_web_phone_reviewer import _invited

    with Server(with_review=False) as srv:
        link = _invited(srv)
        with browsers((360, 740)) as (phone,):
            phone.get(link)
            _wait(phone, "#guideline")
            respond = srv.base + RESPOND_PAGE
            phone.get(respond)
            phone.find_element(By.ID, "span-1").click()
            phone.find_element(By.ID, "body").send_keys("Only with the person's consent.")
            _offline(phone, True)
            phone.find_element(By.CSS_SELECTOR, "form button[type=submit].primary").click()
            alert = _visible(phone, "form .send-error")
            assert "could not be sent" in alert.text and alert.get_attribute("role") == "alert"
            assert phone.current_url == respond
            assert phone.find_element(By.ID, "body").get_attribute("value") == "Only with the person's consent."
            _offline(phone, False)
            phone.find_element(By.CSS_SELECTOR, "form button[type=submit].primary").click()
            _wait(phone, "#guideline .thread")
            [t] = threads.load(srv.review_file).threads
            assert t.body == "Only with the person's consent."
            # the page opens at the thread, where it says it was sent (not at the top of the draft)
            assert phone.current_url.endswith(f"?sent={t.id}#thread-{t.id}"), phone.current_url
            # a reply, the same way
            phone.get(srv.base + f"/review#thread-{t.id}")
            phone.find_element(By.CSS_SELECTOR, f"#thread-{t.id} summary").click()
            box = phone.find_element(By.ID, f"reply-{t.id}")
            box.send_keys("And paid outreach at night.")
            _offline(phone, True)
            phone.find_element(By.CSS_SELECTOR, f"#thread-{t.id} .reply-form button").click()
            alert = _visible(phone, f"#thread-{t.id} .send-error")
            assert "could not be sent" in alert.text
            assert box.get_attribute("value") == "And paid outreach at night."
            _offline(phone, False)
            phone.find_element(By.CSS_SELECTOR, f"#thread-{t.id} .reply-form button").click()
            _wait(phone, f"#thread-{t.id} .replies")  # the page the room sends back, with the reply
            [t] = threads.load(srv.review_file).threads
            assert [r.body for r in t.replies] == ["And paid outreach at night."]
            assert phone.current_url.endswith(f"#thread-{t.id}"), phone.current_url


def test_the_reviewer_sees_whose_guideline_it_is(tmp_path):
    """A guideline titled as most are (“Sex Work Response Guidelines”) showed a reviewer — who may
    review for several cities at once — no word of which city's it was: not in the page's title a
    screen reader reads first, not on its first screen. The jurisdiction is in both, unless the
    title already names it."""
    room = Room(tmp_path, with_review=False)
    staff = room.staff()
    _rid, links = room.open_round(staff)
    text = room.guideline.read_text(encoding="utf-8")
    room.guideline.write_text(text.replace("title: City of Cedar Harbour Sex Work Response Guidelines",
                                           "title: Sex Work Response Guidelines", 1), encoding="utf-8")
    c = room.reviewer(links["advisory-3"])
    page = c.get("/review").text
    assert "<title>Sex Work Response Guidelines — City of Cedar Harbour — Review room</title>" in page, \
        re.search(r"<title>.*?</title>", page).group(0)
    info = re.search(r'<div class="round-info".*?</p>', page, re.S).group(0)
    assert "This draft is for City of Cedar Harbour." in info, info
    room.guideline.write_text(text, encoding="utf-8")  # a title that names the city says it once
    page = c.get("/review").text
    assert "<title>City of Cedar Harbour Sex Work Response Guidelines — Review room</title>" in page
    assert "This draft is for" not in page


def test_an_invitation_link_opened_from_webmail_opens_the_draft(tmp_path):
    """A reviewer who tapped their invitation link in webmail (Gmail, Outlook on the web: another
    site) landed on “Please open your invitation link”: the link set the session cookie and
    redirected to the draft, but a SameSite=Strict cookie is not sent on a redirect that another
    site started. Such a visit gets a page that goes on to the draft from the room itself, with
    a link to tap if the browser does not go on."""
    room = Room(tmp_path, with_review=False)
    staff = room.staff()
    _rid, links = room.open_round(staff)
    c = room.client()
    r = c.get(f"/i/{links['advisory-3']}", headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 200, r.status_code
    assert "lic_session=" in r.headers.get("set-cookie", "") and "samesite=strict" in r.headers["set-cookie"].lower()
    assert '<meta http-equiv="refresh" content="0; url=/review">' in r.text
    assert '<a href="/review">' in r.text
    assert c.get("/review").status_code == 200  # the cookie it set is the reviewer's session
    # opened from the phone's mail app, typed, or from the room's own pages: straight to the draft
    for where in ("none", "same-origin", None):
        headers = {"Sec-Fetch-Site": where} if where else {}
        assert room.client().get(f"/i/{links['advisory-4']}", headers=headers).status_code == 303


@pytest.mark.slow
@pytest.mark.skipif(browser_missing() is not None, reason=str(browser_missing()))
def test_an_invitation_link_tapped_in_webmail_opens_the_draft_in_a_real_browser(tmp_path):
    """The same in Chromium: the invitation link on a page of another site (`localhost` is
    another site than `127.0.0.1`), tapped, ends on the draft."""
    import functools
    import http.server
    import threading

    from selenium.webdriver.common.by import By

    from .browser import free_port
    from .test_web_browser import _wait
    from .test_web_phone_reviewer import _invited

    with Server(with_review=False) as srv:
        link = _invited(srv)
        (tmp_path / "mail.html").write_text(f'<p>Your review link: <a id="l" href="{link}">open it</a></p>',
                                            encoding="utf-8")
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
        port = free_port()
        mail = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=mail.serve_forever, daemon=True).start()
        try:
            with browsers((360, 740)) as (phone,):
                phone.get(f"http://localhost:{port}/mail.html")
                phone.find_element(By.ID, "l").click()
                _wait(phone, "#guideline")
                assert phone.current_url == srv.base + "/review"
        finally:
            mail.shutdown()


def test_reviewers_see_the_points_about_the_whole_document(tmp_path):
    """In a round that shows the automated check, the review room showed only findings about
    particular words; what is about the whole draft — no sex workers at the design stage, no
    consultation record — reached the reviewers of the Word packet (“Points about the whole
    document”) but not those on a phone, the very people the finding is about. The room lists
    them too, in plain words, and only when the round shows the check."""
    from .webapp import draft_rounds

    _room, hidden, page = draft_rounds(tmp_path)
    assert "Points about the whole document" not in hidden
    m = re.search(r'<details class="general">(.*?)</details>', page, re.S)
    assert m is not None, page[:3000]
    part = m.group(1)
    assert re.search(r"<summary>Points about the whole document: \d+</summary>", part), part[:300]
    assert "Needs a change" in part and "Design stage: no current or former sex workers took part" in part, part
    assert "`" not in part and "involvement." not in part  # plain words, no rule ids
    assert part.index("Needs a change") < part.rindex("Worth changing") if "Worth changing" in part else True
