"""Round 22 (ux22) in a real browser at phone width, with the keyboard only: the Respond page's
kinds of response are radio buttons, which a keyboard chooses with the arrow keys."""

from __future__ import annotations

import pytest

from .browser import PHONE, Server, browser_missing, browsers, screenshot
from .webapp import RESPOND_PAGE

pytestmark = [pytest.mark.skipif(browser_missing() is not None, reason=str(browser_missing())),
              pytest.mark.slow]


def test_the_arrow_keys_go_past_suggest_wording_to_the_other_kinds(tmp_path):
    """Choosing *Suggest wording* moved the focus into its wording box, so a keyboard (or screen
    reader) user arrowing down from *Comment* to *Question* landed in that box at the first
    press: every other press moved the caret in the box, and *Object*, *Approve* and *Question*
    could not be reached with the arrow keys. The arrow keys now stay on the kinds; Tab goes on
    to the box, whose words are selected, so typing replaces them as a tap does."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    with Server(with_review=False) as srv:
        link = srv.invite("advisory-3")["advisory-3"]
        with browsers(PHONE) as (phone,):
            phone.get(link)
            phone.get(srv.base + RESPOND_PAGE)
            phone.execute_script("document.getElementById('kind-comment').focus()")

            def focused() -> str:
                return phone.execute_script("return document.activeElement.id")

            def chosen() -> str:
                return phone.execute_script("return document.querySelector('input[name=kind]:checked').id")

            ActionChains(phone).send_keys(Keys.ARROW_DOWN).perform()
            assert (chosen(), focused()) == ("kind-suggestion", "kind-suggestion")
            box = phone.find_element(By.ID, "replacement")
            assert box.is_displayed() and box.get_attribute("value")
            for expected in ("kind-objection", "kind-approval", "kind-question"):
                ActionChains(phone).send_keys(Keys.ARROW_DOWN).perform()
                assert (chosen(), focused()) == (expected, expected)
            for _ in range(3):
                ActionChains(phone).send_keys(Keys.ARROW_UP).perform()
            assert (chosen(), focused()) == ("kind-suggestion", "kind-suggestion")
            ActionChains(phone).send_keys(Keys.TAB).perform()
            assert focused() == "replacement"
            value = box.get_attribute("value")
            assert phone.execute_script("var b = arguments[0]; return [b.selectionStart, b.selectionEnd]", box) == \
                [0, len(value)]
            ActionChains(phone).send_keys("call the outreach van first").perform()
            assert box.get_attribute("value") == "call the outreach van first"
            screenshot(phone, "ux22-respond-keyboard", show="#replacement")
            # a tap still takes the reviewer to the box
            phone.execute_script("arguments[0].click()", phone.find_element(By.ID, "kind-comment"))
            phone.execute_script("arguments[0].click()", phone.find_element(By.ID, "kind-suggestion"))
            assert focused() == "replacement"
