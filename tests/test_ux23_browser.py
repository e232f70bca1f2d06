"""Round 23 (ux23) in a real browser at phone width: an advisory reviewer who selects words to
ask a question sends it as one from the comment dialog (one browser session for the module)."""

from __future__ import annotations

import pytest

from .browser import Server, browser_missing, browsers
from .test_web_browser import _reloaded, _visible
from .test_web_phone_reviewer import _invited, _open_and_tap_on_call_911, _small, _tap_on_call_911

pytestmark = [pytest.mark.skipif(browser_missing() is not None, reason=str(browser_missing())),
              pytest.mark.slow]


def test_a_selected_phrase_is_asked_about_as_a_question_from_a_small_phone():
    from selenium.webdriver.common.by import By

    with Server(with_review=False) as srv:
        link = _invited(srv)
        with browsers((360, 640)) as (phone,):
            _open_and_tap_on_call_911(phone, link, "Comment")
            _visible(phone, "#compose")
            box = phone.find_element(By.ID, "compose-question")
            assert box.is_displayed() and not box.is_selected()
            assert _small(phone) == []
            phone.find_element(By.CSS_SELECTOR, "label[for=compose-question]").click()
            assert phone.find_element(By.ID, "compose-title").text == "Question"
            phone.find_element(By.ID, "compose-body").send_keys("Does the person get asked before anyone calls 911?")
            origin = phone.execute_script("return performance.timeOrigin")
            phone.find_element(By.CSS_SELECTOR, "#compose-form button[type=submit]").click()
            _reloaded(phone, origin)
            # a suggestion's dialog has no such box
            _tap_on_call_911(phone, "Suggest wording")
            _visible(phone, "#compose")
            assert not phone.find_element(By.ID, "compose-question").is_displayed()
        listed = srv.cli("review", "list", str(srv.guideline)).stdout
        assert "question on response.violence.1" in listed, listed
