"""Round 24 (ux24) in a real browser at phone width: the advisory reviewer's text box in the
response dialog is announced for what it holds (one browser session for the module)."""

from __future__ import annotations

import pytest

from .browser import Server, browser_missing, browsers
from .test_web_browser import _visible, _wait
from .test_web_phone_reviewer import _invited, _open_and_tap_on_call_911, _tap_on_call_911

pytestmark = [pytest.mark.skipif(browser_missing() is not None, reason=str(browser_missing())),
              pytest.mark.slow]


def test_the_question_box_is_announced_as_a_question_on_a_phone():
    from selenium.webdriver.common.by import By

    with Server(with_review=False) as srv:
        link = _invited(srv)
        with browsers((375, 667)) as (phone,):
            _open_and_tap_on_call_911(phone, link, "Comment")
            _visible(phone, "#compose")
            body = phone.find_element(By.ID, "compose-body")
            assert body.accessible_name == "Your comment"
            phone.find_element(By.CSS_SELECTOR, "label[for=compose-question]").click()
            assert body.accessible_name == "Your question"
            phone.find_element(By.CSS_SELECTOR, "label[for=compose-question]").click()
            assert body.accessible_name == "Your comment"
            phone.find_element(By.ID, "compose-cancel").click()
            _tap_on_call_911(phone, "Suggest wording")
            _visible(phone, "#compose")
            assert body.accessible_name == "Why (you may leave it empty)"


def test_the_respond_page_s_box_follows_the_kind_chosen_with_the_arrow_keys():
    """A keyboard user opens a part's Respond page and arrows from Comment to Question: the box's
    accessible name follows."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from .webapp import RESPOND_PAGE

    with Server(with_review=False) as srv:
        link = _invited(srv)
        with browsers((375, 667)) as (phone,):
            phone.get(link)
            _wait(phone, "#guideline")
            phone.get(srv.base + RESPOND_PAGE)
            body = _wait(phone, "#body")
            assert body.accessible_name == "Your comment"
            phone.find_element(By.ID, "kind-comment").send_keys(Keys.ARROW_DOWN)  # Suggest wording
            assert body.accessible_name == "Why (you may leave it empty)"
            for _ in range(3):  # Object, Approve, Question
                phone.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
            assert phone.switch_to.active_element.get_attribute("id") == "kind-question"
            assert body.accessible_name == "Your question"


def test_the_selection_bar_is_not_left_under_the_open_dialog():
    """On a 360 × 640 phone the bar under the selected words stayed on the screen below the
    open dialog: its Object and Approve showed under the dialog's Send and Cancel, and a tap on
    them did nothing (the page behind a modal dialog cannot be used). The bar hides while the
    dialog is open and comes back after Cancel, the words still selected."""
    from selenium.webdriver.common.by import By

    with Server(with_review=False) as srv:
        link = _invited(srv)
        with browsers((360, 640)) as (phone,):
            bar = _open_and_tap_on_call_911(phone, link, "Comment")
            _visible(phone, "#compose")
            phone.find_element(By.ID, "compose-body").send_keys("Who decides?")
            import time
            time.sleep(0.5)  # the bar follows the selection 120 ms after it changes
            assert not bar.is_displayed()
            phone.find_element(By.ID, "compose-cancel").click()
            _visible(phone, "#selection-bar")
