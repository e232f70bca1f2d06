"""Round 31 (ux31) in a real browser: a French-speaking advisory reviewer on a 320-px phone with
the browser's text size at 24 px (one browser session for the module)."""

from __future__ import annotations

import pytest

from .browser import Server, browser_missing, browsers
from .test_web_browser import _select, _visible
from .test_web_phone_reviewer import _invited, _wait

pytestmark = [pytest.mark.skipif(browser_missing() is not None, reason=str(browser_missing())),
              pytest.mark.slow]

# the words of each button that a line break cuts in two (“Commentai” over “re”)
CUT_WORDS = """
return [...arguments[0].querySelectorAll('button')].filter(b => b.offsetParent).flatMap(b => {
  const out = [], walker = document.createTreeWalker(b, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) { const node = walker.currentNode, re = /\\S+/g; let m;
    while ((m = re.exec(node.data))) { const r = document.createRange();
      r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
      const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
      if (tops.size > 1) out.push(m[0]); } }
  return out; });
"""


def test_the_bar_for_selected_words_keeps_each_word_whole_with_large_text_in_french():
    """At 320 px with the browser's text at 24 px, the French bar read “Commentai” over “re”:
    the word was cut where the button ran out of room. Its buttons now take the room their
    words need, a word never cut, and the bar still leaves most of the screen to the draft."""
    from selenium.webdriver.common.by import By

    with Server(with_review=False) as srv:
        link = _invited(srv)
        with browsers((320, 640), font_size=24) as (phone,):
            phone.get(link + "?lang=fr")  # the session's language, as a French browser's would be
            _wait(phone, "#guideline")
            assert phone.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
            _select(phone, "response.violence.1|text", "call 911")
            bar = _visible(phone, "#selection-bar")
            assert phone.execute_script(CUT_WORDS, bar) == []
            overflow = phone.execute_script(
                "return Array.from(arguments[0].querySelectorAll('button')).filter("
                "b => b.scrollWidth > b.clientWidth + 1).map(b => b.textContent)", bar)
            assert overflow == [], f"words run out of their buttons: {overflow}"
            top = phone.execute_script("return arguments[0].getBoundingClientRect().top", bar)
            assert top >= 640 / 2, f"the bar covers {640 - top:.0f} of the screen's 640 px"
