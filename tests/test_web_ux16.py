"""Round 16 (ux16): the advisory reviewer on a phone, in the review room. Each test pins a
stumble: the wrong output is what the reviewer saw before the fix."""

from __future__ import annotations

import pytest

from .browser import Server, browser_missing, browsers
from .test_web_browser import _select, _visible, _wait
from .test_web_phone_reviewer import _invited
from .webapp import RESPOND_PAGE


def _invited_seeing_others(srv) -> str:
    """An invitation to a round that shows reviewers each other's comments (the sample's
    threads, to reply to)."""
    import re

    out = srv.cli("serve", str(srv.dir), "--state", str(srv.state), "--port", str(srv.port),
                  "--invite", "sunflower", "--show-others")
    assert out.returncode == 0, out.stderr
    return re.search(r"sunflower \(sex-worker-advisory\): (\S+)", out.stdout).group(1)

pytestmark = [pytest.mark.skipif(browser_missing() is not None, reason=str(browser_missing())), pytest.mark.slow]

WORDS = "Police can make it worse for some of us. Ask the person first, every time."
REPLY = "Thank you, and who calls the outreach van at night?"


def _reopen_in_a_new_tab(phone, link: str) -> None:
    """The reviewer closes the tab (swiped away on a phone) and opens the invitation link again."""
    old = phone.current_window_handle
    phone.switch_to.new_window("tab")
    new = phone.current_window_handle
    phone.switch_to.window(old)
    phone.close()
    phone.switch_to.window(new)
    phone.get(link)
    _wait(phone, "#guideline")



def _type_a_comment_unsent(phone, link):
    """Open the link on the phone, select words of the draft, and type ``WORDS`` into the comment
    box without sending them."""
    from selenium.webdriver.common.by import By

    phone.get(link)
    _wait(phone, "#guideline")
    _select(phone, "response.violence.1|text", "call 911")
    _visible(phone, "#selection-bar").find_element(By.XPATH, ".//button[normalize-space()='Comment']").click()
    _visible(phone, "#compose")
    phone.find_element(By.ID, "compose-body").send_keys(WORDS)

def test_words_typed_but_not_sent_come_back_after_the_tab_is_closed(tmp_path):
    """A reviewer on a phone typed a long comment, switched to another app and the phone closed
    the browser's tab (or they swiped it away): opening the link again showed the draft with
    nothing of what they had typed. The words are kept in their own browser until sent: the
    comment box opens again on the same words with them, says they were not sent yet, and is
    sent as usual; once sent, or taken away with Cancel, it does not come back."""
    from selenium.webdriver.common.by import By

    with Server(with_review=False) as srv:
        link = _invited(srv)
        with browsers((390, 844)) as (phone,):
            _type_a_comment_unsent(phone, link)
            _reopen_in_a_new_tab(phone, link)
            dialog = _visible(phone, "#compose")
            assert phone.find_element(By.ID, "compose-body").get_attribute("value") == WORDS
            assert phone.find_element(By.ID, "compose-quote").text == "call 911"
            kept = _visible(phone, "#compose-kept")
            assert "Not sent yet" in kept.text, kept.text
            # a screen reader hears it with the box the focus is in
            assert phone.execute_script("return document.activeElement.id") == "compose-body"
            assert phone.switch_to.active_element.get_attribute("aria-describedby") == "compose-kept"
            dialog.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
            _wait(phone, "#thread-t1 .sent", timeout=20)
            assert WORDS in srv.review_file.read_text(encoding="utf-8")
            # sent: it does not open again
            _reopen_in_a_new_tab(phone, link)
            assert phone.find_element(By.ID, "compose").get_attribute("open") is None
            # Cancel takes the words away for good
            _select(phone, "response.violence.1|text", "call 911")
            _visible(phone, "#selection-bar").find_element(By.XPATH, ".//button[normalize-space()='Comment']").click()
            phone.find_element(By.ID, "compose-body").send_keys("not this")
            phone.find_element(By.ID, "compose-cancel").click()
            phone.refresh()
            _wait(phone, "#guideline")
            assert phone.find_element(By.ID, "compose").get_attribute("open") is None
        assert "not this" not in srv.review_file.read_text(encoding="utf-8")


def test_a_reply_typed_but_not_sent_comes_back_and_signing_out_forgets_it(tmp_path):
    """A reply half written when the page was reloaded (a phone back from another app) was
    gone; it comes back in its open box. Signing out (a shared phone) forgets every unsent
    word this browser kept."""
    from selenium.webdriver.common.by import By

    with Server() as srv:  # the sample's review file: threads to reply to
        link = _invited_seeing_others(srv)
        with browsers((390, 844)) as (phone,):
            phone.get(link)
            _wait(phone, "#guideline")
            box = phone.find_element(By.CSS_SELECTOR, "form.reply-form textarea")
            tid = box.get_attribute("id")
            phone.execute_script("arguments[0].closest('details').open = true; arguments[0].scrollIntoView()", box)
            box.send_keys(REPLY)
            phone.refresh()
            _wait(phone, "#guideline")
            box = phone.find_element(By.ID, tid)
            assert box.get_attribute("value") == REPLY
            assert box.is_displayed(), "the reply's box is open"
            assert phone.execute_script("return localStorage.length") == 1
            phone.find_element(By.XPATH, "//button[normalize-space()='Sign out']").click()
            _wait(phone, "main")
            assert phone.execute_script("return localStorage.length") == 0
            phone.get(link)
            _wait(phone, "#guideline")
            assert phone.find_element(By.ID, tid).get_attribute("value") == ""


def test_a_respond_page_typed_on_and_left_keeps_its_words(tmp_path):
    """The Respond page (a phone's way to respond, a sentence chosen with radio buttons): left
    half written — Back to the draft, the tab closed — it came back empty. Its choices and words
    come back; another part's Respond page is not filled with them."""
    from selenium.webdriver.common.by import By

    with Server(with_review=False) as srv:
        link = _invited(srv)
        with browsers((390, 844)) as (phone,):
            phone.get(link)
            _wait(phone, "#guideline")
            phone.get(srv.base + RESPOND_PAGE)
            _wait(phone, "#body")
            phone.find_element(By.CSS_SELECTOR, "label[for=kind-objection]").click()
            phone.find_element(By.ID, "body").send_keys(WORDS)
            phone.find_element(By.LINK_TEXT, "Back to the draft").click()
            _wait(phone, "#guideline")
            _reopen_in_a_new_tab(phone, link)
            phone.get(srv.base + RESPOND_PAGE)
            _wait(phone, "#body")
            assert phone.find_element(By.ID, "body").get_attribute("value") == WORDS
            assert phone.find_element(By.ID, "kind-objection").is_selected()
            assert "Not sent yet" in phone.find_element(By.CSS_SELECTOR, "form .compose-kept").text
            phone.find_element(By.CSS_SELECTOR, "form[action='/review/threads'] button[type=submit]").click()
            _wait(phone, ".sent", timeout=20)
            assert WORDS in srv.review_file.read_text(encoding="utf-8")
            phone.get(srv.base + RESPOND_PAGE)
            _wait(phone, "#body")
            assert phone.find_element(By.ID, "body").get_attribute("value") == ""
            assert phone.execute_script("return localStorage.length") == 0


def _close_the_round(srv) -> None:
    import httpx

    staff = httpx.Client(base_url=srv.base, follow_redirects=True, timeout=60)
    staff.get(srv.staff_link.replace(srv.base, ""))
    page = staff.get("/staff/r/1").text
    import re

    csrf = re.search(r'data-csrf="([^"]+)"', page).group(1)
    r = staff.post("/staff/r/1/close", data={"csrf": csrf})
    assert r.status_code == 200, r.text


def test_words_not_sent_before_the_round_closed_are_shown_to_copy(tmp_path):
    """Words kept in the browser whose round closed before they were sent: the page said only
    that the round had closed and that *your comments are kept with the guideline* — not these,
    which stayed out of sight on the phone. They are shown to copy, with a button that forgets
    them on this device."""
    from selenium.webdriver.common.by import By

    with Server(with_review=False) as srv:
        link = _invited(srv)
        with browsers((390, 844)) as (phone,):
            _type_a_comment_unsent(phone, link)
            _close_the_round(srv)
            phone.get(link)
            _wait(phone, "h1")
            assert "closed" in phone.find_element(By.TAG_NAME, "h1").text
            box = _visible(phone, "#unsent-words")
            assert WORDS in box.get_attribute("value") and "“call 911”" in box.get_attribute("value")
            assert box.get_attribute("readonly") is not None
            phone.find_element(By.ID, "unsent-forget").click()
            assert not box.is_displayed()
            assert phone.execute_script("return localStorage.length") == 0
            phone.refresh()
            _wait(phone, "h1")
            assert not phone.find_element(By.ID, "unsent").is_displayed()
