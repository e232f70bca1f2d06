"""Round 26 (ux26) in a real browser at a 390 × 844 phone's size, with the keyboard only: a
sex-worker advisory reviewer on a slow or dropped connection, and Back after sending."""

from __future__ import annotations

import pytest

from .browser import Server, browser_missing, browsers
from .webapp import RESPOND_PAGE

pytestmark = [pytest.mark.skipif(browser_missing() is not None, reason=str(browser_missing())),
              pytest.mark.slow]

PHONE_390 = (390, 844)


def _focused(driver) -> str:
    return driver.execute_script("var e = document.activeElement; return e.tagName + '#' + e.id + '.' + e.className")


def _offline(driver, offline: bool, latency: int = 0) -> None:
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": offline, "latency": latency,
                                                                "downloadThroughput": -1, "uploadThroughput": -1})


def test_a_reply_that_could_not_be_sent_keeps_the_keyboard_on_its_send_button():
    """*Send reply* pressed with Enter on a phone without a connection: the button was disabled
    while it was being sent, which took the focus from it to the top of the page, so after *It
    could not be sent* the keyboard (or screen-reader) user was at *Skip to the content* with the
    whole draft to Tab through to send it again — and Enter, pressed again, did nothing. The focus
    stays on the button; Enter sends it once the connection is back, and Enter pressed twice on a
    slow connection sends it once."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    from lic_policy.review import threads

    from .test_web_browser import _visible
    from .test_web_phone_reviewer import _invited

    with Server(with_review=False) as srv:
        link = _invited(srv)
        reviewer = srv.reviewer(link)
        assert reviewer.comment("Only with the person's consent.") == 201
        [t] = threads.load(srv.review_file).threads
        with browsers(PHONE_390) as (phone,):
            phone.get(link)
            phone.get(srv.base + f"/review#thread-{t.id}")
            summary = phone.find_element(By.CSS_SELECTOR, f"#thread-{t.id} .reply-form").find_element(
                By.XPATH, "ancestor::details/summary")
            phone.execute_script("arguments[0].focus()", summary)
            ActionChains(phone).send_keys(Keys.ENTER, Keys.TAB, "And paid outreach at night.", Keys.TAB).perform()
            send = phone.find_element(By.CSS_SELECTOR, f"#thread-{t.id} .reply-form button[type=submit]")
            assert phone.execute_script("return document.activeElement") == send
            _offline(phone, True)
            ActionChains(phone).send_keys(Keys.ENTER).perform()
            assert "could not be sent" in _visible(phone, f"#thread-{t.id} .send-error").text
            assert phone.execute_script("return document.activeElement") == send, _focused(phone)
            _offline(phone, False, latency=1500)
            ActionChains(phone).send_keys(Keys.ENTER, Keys.ENTER).perform()
            WebDriverWait(phone, 30).until(lambda d: len(threads.load(srv.review_file).threads[0].replies) == 1)
            WebDriverWait(phone, 30).until(lambda d: "sent=" in d.current_url or "at=" in d.current_url
                                           or d.execute_script("return !!document.querySelector('.replies')"))
            [t] = threads.load(srv.review_file).threads
            assert [r.body for r in t.replies] == ["And paid outreach at night."]


def test_back_after_sending_an_objection_names_its_box_for_the_objection():
    """Back after sending an objection from the Respond page: the browser put *Object (blocks
    approval)* back as chosen, and the box under it read *Your comment* (the label follows the
    kind only when it is changed), so a screen reader announced the objection's box as a
    comment. The label follows the kind the page opens with."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from .test_web_phone_reviewer import _invited

    with Server(with_review=False) as srv:
        link = _invited(srv)
        with browsers(PHONE_390) as (phone,):
            phone.get(link)
            respond = srv.base + RESPOND_PAGE
            phone.get(respond)
            phone.execute_script("arguments[0].click()", phone.find_element(By.ID, "span-1"))
            phone.execute_script("arguments[0].click()", phone.find_element(By.ID, "kind-objection"))
            label = phone.find_element(By.ID, "body-label")
            want = label.get_attribute("data-objection")
            assert label.text == want
            phone.find_element(By.ID, "body").send_keys("Name the peer line before police.")
            phone.find_element(By.CSS_SELECTOR, "form button[type=submit].primary").click()
            WebDriverWait(phone, 30).until(lambda d: "sent=" in d.current_url)
            phone.back()
            WebDriverWait(phone, 30).until(lambda d: d.current_url == respond)
            WebDriverWait(phone, 10).until(lambda d: d.find_element(By.ID, "kind-objection").is_selected())
            assert phone.find_element(By.ID, "body-label").text == want


def test_tab_after_selecting_words_goes_to_the_bar_for_them():
    """Words selected (with a screen reader's or the browser's own keyboard selection, or by a
    long press): the bar *Comment, Suggest wording, Object, Approve* showed at the foot of the
    screen, but Tab went on from the words to the next *Respond* link and every part after it —
    the bar comes after the whole draft on the page, so a keyboard user reached it last. Tab
    goes to the bar first; Enter there opens the comment dialog for those words."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    from .test_web_phone_reviewer import _invited

    with Server(with_review=False) as srv:
        link = _invited(srv)
        with browsers(PHONE_390) as (phone,):
            phone.get(link)
            phone.execute_script("""
              var p = document.querySelector('[data-part="response.violence.1|text"]'); p.scrollIntoView();
              var span = p.querySelector('span[data-o]'), r = document.createRange();
              r.setStart(span.firstChild, 0); r.setEnd(span.firstChild, 11);
              var s = getSelection(); s.removeAllRanges(); s.addRange(r);""")
            bar = phone.find_element(By.ID, "selection-bar")
            WebDriverWait(phone, 5).until(lambda d: bar.is_displayed())
            ActionChains(phone).send_keys(Keys.TAB).perform()
            first = bar.find_element(By.CSS_SELECTOR, "button[data-kind=comment]")
            assert phone.execute_script("return document.activeElement") == first, _focused(phone)
            ActionChains(phone).send_keys(Keys.TAB).perform()
            assert phone.execute_script("return document.activeElement.getAttribute('data-kind')") == "suggestion"
            ActionChains(phone).send_keys(Keys.SHIFT + Keys.TAB).perform()
            ActionChains(phone).send_keys(Keys.ENTER).perform()
            dialog = phone.find_element(By.ID, "compose")
            WebDriverWait(phone, 5).until(lambda d: dialog.is_displayed())
            assert phone.execute_script("return document.getElementById('compose').contains(document.activeElement)")
