"""A phone's word selection often takes the space after the last word (ux19 saw the selection
bar show “Staff who believe a ” and the suggestion box start with that space). The room trims
the spaces at either end of a selection before it shows it, pre-fills a suggestion or sends the
quote, and moves the quote's start and end with them."""

from __future__ import annotations

import pytest

from .browser import Server, browser_missing, browsers
from .test_web_browser import _select, _visible, _wait
from .test_web_phone_reviewer import _invited

pytestmark = [pytest.mark.skipif(browser_missing() is not None, reason=str(browser_missing())), pytest.mark.slow]


def test_spaces_at_the_ends_of_a_selection_are_left_out():
    from selenium.webdriver.common.by import By

    with Server(with_review=False) as srv:
        link = _invited(srv)
        with browsers((390, 844)) as (phone,):
            phone.get(link)
            _wait(phone, "#guideline")
            _select(phone, "response.violence.1|text", " immediate danger, ")
            bar = _visible(phone, "#selection-bar")
            assert phone.execute_script("return document.getElementById('sel-text').textContent") == "immediate danger,"
            bar.find_element(By.XPATH, ".//button[normalize-space()='Suggest wording']").click()
            _visible(phone, "#compose")
            form = phone.find_element(By.ID, "compose-form")
            values = phone.execute_script(
                "var f = arguments[0]; return [f.elements.exact.value, f.elements.replacement.value,"
                " +f.elements.start.value, +f.elements.end.value, f.elements.prefix.value, f.elements.suffix.value]",
                form)
            exact, replacement, start, end, prefix, suffix = values
            assert exact == "immediate danger," and replacement == "immediate danger,"
            assert end - start == len("immediate danger,")
            assert prefix.endswith("is in ") and suffix.startswith(" call 911")
