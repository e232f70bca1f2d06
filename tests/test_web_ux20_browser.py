"""Round 20 (ux20) in a real browser at phone width: the Respond page shows the box for new
wording only when *Suggest wording* is chosen."""

from __future__ import annotations

import pytest

from contextlib import contextmanager

from .browser import PHONE, Server, browser_missing, browsers, screenshot
from .webapp import RESPOND_PAGE

pytestmark = [pytest.mark.skipif(browser_missing() is not None, reason=str(browser_missing())),
              pytest.mark.slow]


@contextmanager
def _respond_page_on_a_phone():
    """A phone signed in by advisory-3's invitation, on the Respond page of the sample's first
    violence-response clause."""
    with Server(with_review=False) as srv:
        link = srv.invite("advisory-3")["advisory-3"]
        with browsers(PHONE) as (phone,):
            phone.get(link)
            phone.get(srv.base + RESPOND_PAGE)
            yield phone


def test_the_respond_page_shows_the_wording_box_for_a_suggestion_only(tmp_path):
    """With *Comment* chosen (as the page opens), the first box under the kinds was *Your
    wording, if you suggest new wording*: a reviewer on a phone typed their comment there and
    was told the comment box was empty. The box is shown once *Suggest wording* is chosen."""
    from selenium.webdriver.common.by import By

    with _respond_page_on_a_phone() as phone:
        field = phone.find_element(By.ID, "replacement")
        assert not field.is_displayed()
        body = phone.find_element(By.ID, "body")
        assert body.is_displayed()
        phone.execute_script("arguments[0].click()", phone.find_element(By.ID, "kind-suggestion"))
        assert field.is_displayed()
        screenshot(phone, "ux20-respond-suggest", show="#kind-suggestion")
        phone.execute_script("arguments[0].click()", phone.find_element(By.ID, "kind-comment"))
        assert not field.is_displayed()
        # words already in it keep it in view whatever is chosen
        phone.execute_script("arguments[0].click()", phone.find_element(By.ID, "kind-suggestion"))
        phone.find_element(By.ID, "replacement").send_keys("call the outreach van")
        phone.execute_script("arguments[0].click()", phone.find_element(By.ID, "kind-comment"))
        assert field.is_displayed()


def test_suggest_wording_on_the_respond_page_starts_from_the_chosen_words(tmp_path):
    """The comment dialog opens *Suggest wording* with the selected words in the box, so a phone
    user changes a word or two; the Respond page (the phone's way) gave an empty box, and the
    whole sentence had to be typed again. The box starts from the chosen sentence (or the whole
    part, or the typed words), selected, so typing replaces them."""
    from selenium.webdriver.common.by import By

    with _respond_page_on_a_phone() as phone:
        first = phone.find_element(By.ID, "span-1")
        words = phone.find_element(By.CSS_SELECTOR, "label[for=span-1]").text.split("“", 1)[1].rstrip("”")
        phone.execute_script("arguments[0].click()", first)
        phone.execute_script("arguments[0].click()", phone.find_element(By.ID, "kind-suggestion"))
        box = phone.find_element(By.ID, "replacement")

        def shown(value: str) -> str:  # the label shows the field's line breaks as spaces
            return " ".join(value.split())

        value = box.get_attribute("value")
        assert shown(value) == words
        assert phone.execute_script("var b = arguments[0]; return [b.selectionStart, b.selectionEnd]", box) == \
            [0, len(value)]
        # another sentence chosen: the untouched box follows it
        phone.execute_script("arguments[0].click()", phone.find_element(By.ID, "span-2"))
        words2 = phone.find_element(By.CSS_SELECTOR, "label[for=span-2]").text.split("“", 1)[1].rstrip("”")
        assert shown(box.get_attribute("value")) == words2
        # words changed by the reviewer are never replaced
        box.send_keys(" now")
        phone.execute_script("arguments[0].click()", first)
        assert shown(box.get_attribute("value")) == words2 + " now"
