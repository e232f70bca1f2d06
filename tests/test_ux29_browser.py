"""Round 29 (ux29) in a real browser at a 360 × 740 phone's size: a sex-worker advisory
reviewer on a shared phone. Each test pins a stumble: the wrong output is what the next
person holding the phone saw before the fix."""

from __future__ import annotations

import pytest

from .browser import Server, browser_missing, browsers

pytestmark = [pytest.mark.skipif(browser_missing() is not None, reason=str(browser_missing())),
              pytest.mark.slow]

PHONE_360 = (360, 740)


def test_back_after_signing_out_does_not_show_the_draft_or_the_reviewers_comments():
    """A reviewer on a shared phone wrote a comment and tapped *Sign out*; the next person to
    hold the phone tapped Back and read the draft as the reviewer had left it — their handle,
    *Sign out*, *Your responses: 1* and the comment's words — because Chromium keeps the page in
    its back/forward cache (its ``Cache-Control: no-store`` notwithstanding). Back now shows the
    signed-out page: the room asks for an invitation link."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from .test_web_browser import _wait
    from .test_web_phone_reviewer import _invited

    words = "Only with the person's consent, and never at night."
    with Server(with_review=False) as srv:
        link = _invited(srv)
        assert srv.reviewer(link).comment(words) == 201
        with browsers(PHONE_360) as (phone,):
            phone.get(link)
            _wait(phone, "#guideline")
            assert words in phone.find_element(By.TAG_NAME, "main").text
            phone.find_element(By.CSS_SELECTOR, "#logout-form button[type=submit]").click()
            # the signed-out page (ux30: it says so, at /?signed_out=reviewer)
            WebDriverWait(phone, 10).until(lambda d: d.current_url == srv.base + "/?signed_out=reviewer")
            phone.back()
            WebDriverWait(phone, 10).until(
                lambda d: "Please open your invitation link" in d.find_element(By.TAG_NAME, "body").text)
            body = phone.find_element(By.TAG_NAME, "body").text
            assert words not in body
            assert "sunflower" not in body and "Sign out" not in body
            assert not phone.find_elements(By.CSS_SELECTOR, "#guideline")


def test_signing_out_in_one_tab_signs_the_others_out_on_the_screen_too():
    """The reviewer had opened the invitation link twice (a second tab, as README says a
    reviewer may): *Sign out* in one tab left the other showing the draft with their handle
    and comments, for the next person holding the phone to find in the tab switcher. Every
    other tab of the room in that browser asks the room again, and shows the signed-out page."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from .test_web_browser import _wait
    from .test_web_phone_reviewer import _invited

    words = "Only with the person's consent, and never at night."
    with Server(with_review=False) as srv:
        link = _invited(srv)
        assert srv.reviewer(link).comment(words) == 201
        with browsers(PHONE_360) as (phone,):
            phone.get(link)
            _wait(phone, "#guideline")
            first = phone.current_window_handle
            phone.switch_to.new_window("tab")
            phone.get(srv.base + "/review")
            _wait(phone, "#guideline")
            phone.find_element(By.CSS_SELECTOR, "#logout-form button[type=submit]").click()
            # the signed-out page (ux30: it says so, at /?signed_out=reviewer)
            WebDriverWait(phone, 10).until(lambda d: d.current_url == srv.base + "/?signed_out=reviewer")
            phone.switch_to.window(first)
            WebDriverWait(phone, 10).until(
                lambda d: "Please open your invitation link" in d.find_element(By.TAG_NAME, "body").text)
            body = phone.find_element(By.TAG_NAME, "body").text
            assert words not in body and "sunflower" not in body
            assert phone.execute_script("return localStorage.length") == 0
