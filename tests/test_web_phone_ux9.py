"""An advisory reviewer on a 390 × 844 phone, in a real browser (ux9): the dialog for selected
words shows only what applies (the "It is not a person's name: send it anyway" box showed on
every new comment, before any name was found, because `.choice`'s `display: flex` beat the
`hidden` attribute), and the reviewer chooses their made-up name with the keyboard alone."""

from __future__ import annotations

import pytest

from .browser import Server, browser_missing, browsers
from .test_web_browser import _select, _visible, _wait
from .test_web_phone_reviewer import _invited

pytestmark = [pytest.mark.skipif(browser_missing() is not None, reason=str(browser_missing())), pytest.mark.slow]


def test_hidden_parts_of_the_page_stay_hidden_and_a_name_is_chosen_with_the_keyboard():
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    with Server(with_review=False) as srv:
        link = _invited(srv)
        with browsers((390, 844)) as (phone,):
            phone.get(link)
            _wait(phone, "#guideline")
            # nothing the page marks hidden is shown, the dialog's name box included
            shown = phone.execute_script(
                "return [...document.querySelectorAll('[hidden]')].filter(e => getComputedStyle(e).display !== 'none')"
                ".map(e => e.id || e.className)")
            assert shown == [], shown
            _select(phone, "response.violence.1|text", "call 911")
            bar = _visible(phone, "#selection-bar")
            bar.find_element(By.XPATH, ".//button[normalize-space()='Comment']").click()
            _visible(phone, "#compose")
            assert not phone.find_element(By.ID, "confirm-box").is_displayed()
            phone.find_element(By.ID, "compose-cancel").click()
            # the keyboard alone: Tab to "Choose the name you review under", open it, type, send
            phone.get(srv.base + "/review")
            _wait(phone, "#guideline")
            body = phone.find_element(By.TAG_NAME, "body")
            body.send_keys(Keys.TAB)
            for _ in range(12):
                active = phone.switch_to.active_element
                if active.tag_name == "summary" and "Choose the name" in active.text:
                    break
                active.send_keys(Keys.TAB)
            else:
                raise AssertionError("the name form cannot be reached with Tab")
            active.send_keys(Keys.ENTER)
            active.send_keys(Keys.TAB)
            box = phone.switch_to.active_element
            assert box.get_attribute("id") == "new-name"
            box.send_keys(Keys.CONTROL, "a")
            box.send_keys("bluejay-7", Keys.ENTER)
            status = _wait(phone, ".round-info [role=status]")
            assert "Saved: you now review as bluejay-7." in status.text
            assert "You are reviewing as bluejay-7." in phone.find_element(By.CSS_SELECTOR, ".round-info").text
