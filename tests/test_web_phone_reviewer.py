"""An advisory reviewer on a small phone (issue: ux8), in a real browser: every control can be
tapped (at least 44 × 44 CSS px, the WCAG 2.5.5 size, a radio button or checkbox counted with
its label), at 390 × 844 and at 360 × 640, with the text at twice its size, and at 200 % zoom
nothing runs off the side of the screen."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from .browser import Server, browser_missing, browsers, viewport
from .webapp import RESPOND_PAGE
from .test_web_browser import _wait

pytestmark = [pytest.mark.skipif(browser_missing() is not None, reason=str(browser_missing())), pytest.mark.slow]

# the controls smaller than 44 × 44 CSS px; a link inside a sentence is exempt (WCAG 2.5.5:
# "inline"), and a radio button or checkbox counts with its label, which taps it too
SMALL = r"""
var out = [];
function box(e) { var r = e.getBoundingClientRect(); return r; }
function inSentence(a) {
  var p = a.parentElement; if (!p || !/^(P|LI|TD|DD|BLOCKQUOTE)$/.test(p.tagName)) return false;
  return Array.prototype.some.call(p.childNodes, function (n) { return n !== a && n.textContent.trim(); });
}
document.querySelectorAll('a[href], button, summary, input, textarea, select').forEach(function (e) {
  var st = getComputedStyle(e);
  if (st.display === 'none' || st.visibility === 'hidden' || e.closest('[hidden], .sr-only, dialog:not([open])')) return;
  if (e.classList.contains('skip-link') && document.activeElement !== e) return;
  if (e.type === 'hidden') return;
  if (e.tagName === 'A' && inSentence(e)) return;
  var r = box(e), w = r.width, h = r.height;
  if ((e.type === 'radio' || e.type === 'checkbox') && e.labels && e.labels.length) {
    var l = e.labels[0].getBoundingClientRect();
    var top = Math.min(r.top, l.top), bottom = Math.max(r.bottom, l.bottom);
    w = Math.max(r.right, l.right) - Math.min(r.left, l.left); h = bottom - top;
  }
  if (w < 43.5 || h < 43.5) out.push(e.tagName + (e.id ? '#' + e.id : '') + ' "' +
      (e.textContent || e.value || '').trim().slice(0, 30) + '" ' + Math.round(w) + 'x' + Math.round(h));
});
return out;
"""


def _small(driver) -> list[str]:
    return driver.execute_script(SMALL)


def _sideways(driver) -> int:
    width, inner = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    return width - inner


def _invited(srv) -> str:
    out = srv.cli("serve", str(srv.dir), "--state", str(srv.state), "--port", str(srv.port),
                  "--invite", "sunflower", "--closes", (dt.date.today() + dt.timedelta(days=30)).isoformat())
    assert out.returncode == 0, out.stderr
    return re.search(r"sunflower \(sex-worker-advisory\): (\S+)", out.stdout).group(1)


def _tap_on_call_911(phone, button: str):
    """Select "call 911" in the violence protocol and tap ``button`` in the selection bar; the
    bar, for what the test asks of it next."""
    from selenium.webdriver.common.by import By

    from .test_web_browser import _select, _visible

    _select(phone, "response.violence.1|text", "call 911")
    bar = _visible(phone, "#selection-bar")
    bar.find_element(By.XPATH, f".//button[normalize-space()='{button}']").click()
    return bar


def _open_and_tap_on_call_911(phone, link: str, button: str):
    """Open the invitation and ``_tap_on_call_911``; the selection bar."""
    phone.get(link)
    _wait(phone, "#guideline")
    return _tap_on_call_911(phone, button)


def _suggest_wording_for_call_911(phone, link: str) -> None:
    """Open the invitation, select "call 911" in the violence protocol and tap Suggest wording."""
    _open_and_tap_on_call_911(phone, link, "Suggest wording")


def test_every_control_is_big_enough_to_tap_on_a_small_phone_and_with_large_text():
    from selenium.webdriver.common.by import By

    with Server() as srv:
        link = _invited(srv)
        with browsers((390, 844)) as (phone,):
            phone.get(link)
            _wait(phone, "#guideline")
            respond = srv.base + RESPOND_PAGE
            for w, h in ((390, 844), (360, 640)):
                viewport(phone, w, h)
                for url in (srv.base + "/review", respond):
                    phone.get(url)
                    _wait(phone, "main")
                    for d in phone.find_elements(By.CSS_SELECTOR, "details"):
                        phone.execute_script("arguments[0].open = true", d)
                    assert _small(phone) == [], f"{url} at {w}×{h}: too small to tap"
                    assert _sideways(phone) <= 0, f"{url} at {w}×{h} scrolls sideways"
                    # the text at twice its size (a phone's large-text setting)
                    phone.execute_script("document.documentElement.style.fontSize = '200%'")
                    assert _small(phone) == [], f"{url} at {w}×{h} with large text: too small to tap"
                    assert _sideways(phone) <= 0, f"{url} at {w}×{h} with large text scrolls sideways"
            # 200 % zoom on the 390-px phone: the page is laid out for 195 CSS px
            phone.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                  {"width": 195, "height": 422, "deviceScaleFactor": 2, "mobile": True})
            for url in (srv.base + "/review", respond):
                phone.get(url)
                _wait(phone, "main")
                assert _sideways(phone) <= 0, f"{url} at 200 % zoom scrolls sideways"
                # (ux11) a mobile viewport widens itself to what overflows it, so the check above
                # passed while the Respond page's fieldsets were 292 px wide: measure against 195
                width = phone.execute_script("return document.documentElement.scrollWidth")
                assert width <= 195, f"{url} at 200 % zoom is {width} CSS px wide, not 195"


def test_offline_the_words_are_kept_and_the_reviewer_is_told_and_once_back_it_is_sent():
    """A phone that loses its connection while sending: the dialog stays open with the words,
    a message says what happened and what to do (read out: role=alert), and sending again
    once the connection is back works and says so."""
    from selenium.webdriver.common.by import By

    from .test_web_browser import _visible

    with Server(with_review=False) as srv:
        link = _invited(srv)
        with browsers((390, 844)) as (phone,):
            _suggest_wording_for_call_911(phone, link)
            _visible(phone, "#compose")
            phone.find_element(By.ID, "compose-replacement").clear()
            phone.find_element(By.ID, "compose-replacement").send_keys("call 911 if the person wants that")
            phone.find_element(By.ID, "compose-body").send_keys("Police can make it worse for some of us.")
            phone.execute_cdp_cmd("Network.enable", {})
            phone.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": True, "latency": 0,
                                                                     "downloadThroughput": -1, "uploadThroughput": -1})
            send = phone.find_element(By.CSS_SELECTOR, "#compose-form button[type=submit]")
            send.click()
            error = _visible(phone, "#compose-error")
            assert "could not be sent" in error.text and "try again" in error.text
            assert phone.find_element(By.ID, "compose").get_attribute("open") is not None
            assert phone.find_element(By.ID, "compose-body").get_attribute("value") == \
                "Police can make it worse for some of us."
            assert send.is_enabled()
            # while a send is under way the page says so (a screen reader hears it: role=status)
            status = phone.find_element(By.ID, "compose-status")
            assert status.get_attribute("role") == "status"
            phone.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": False, "latency": 1500,
                                                                     "downloadThroughput": -1, "uploadThroughput": -1})
            send.click()
            assert "Sending" in status.text
            _wait(phone, "#thread-t1 .sent", timeout=20)
            assert phone.current_url.endswith("/review?sent=t1#thread-t1")
            assert phone.execute_script("return document.activeElement.id") == "thread-t1"
        assert "call 911 if the person wants that" in srv.review_file.read_text(encoding="utf-8")


def test_the_bar_for_selected_words_leaves_most_of_a_small_screen_free_even_with_large_text():
    """On a 360 × 640 phone with the text at twice its size the bar of Comment, Suggest
    wording, Object and Approve took more than half of the screen, over the words chosen."""
    from .test_web_browser import _select, _visible

    with Server(with_review=False) as srv:
        link = _invited(srv)
        with browsers((360, 640)) as (phone,):
            phone.get(link)
            _wait(phone, "#guideline")
            for size in ("100%", "150%", "200%"):
                phone.execute_script("document.documentElement.style.fontSize = arguments[0]", size)
                _select(phone, "response.violence.1|text", "call 911")
                bar = _visible(phone, "#selection-bar")
                height = phone.execute_script("return arguments[0].getBoundingClientRect().height", bar)
                assert height < 0.5 * 640, f"the bar is {height:.0f} px of a 640-px screen at {size}"
                assert _small(phone) == []
                overflow = phone.execute_script(
                    "return Array.from(arguments[0].querySelectorAll('button')).filter("
                    "b => b.scrollWidth > b.clientWidth + 1).map(b => b.textContent)", bar)
                assert overflow == [], f"words run out of their buttons at {size}: {overflow}"
                phone.execute_script("window.getSelection().removeAllRanges()")


def test_axe_finds_nothing_on_a_page_with_a_sent_message_and_a_comment_that_lost_its_place():
    from selenium.webdriver.common.by import By

    from .browser import AXE, axe_violations, describe

    if not AXE.exists():
        pytest.skip(f"axe-core is not installed at {AXE} (make test-all installs it)")
    with Server(with_review=False) as srv:
        link = _invited(srv)
        with browsers((390, 844)) as (phone,):
            phone.get(link)
            _wait(phone, "#guideline")
            for words in ("If violence is happening", "Stay with the"):
                phone.get(srv.base + RESPOND_PAGE)
                _wait(phone, "fieldset")
                phone.find_element(By.ID, "quote").send_keys(words)
                phone.find_element(By.ID, "body").send_keys(f"About “{words}”.")
                phone.find_element(By.CSS_SELECTOR, "form[action='/review/threads'] button.primary").click()
                _wait(phone, ".sent")
                if words == "If violence is happening":  # the drafter changes those words (found nowhere else)
                    text = srv.guideline.read_text(encoding="utf-8")
                    srv.guideline.write_text(text.replace("If violence is happening", "When someone is being hurt", 1),
                                              encoding="utf-8")
            _wait(phone, "#thread-t2 .sent")
            assert phone.find_elements(By.CSS_SELECTOR, ".lost-here a[href='#thread-t1']")
            assert phone.find_elements(By.CSS_SELECTOR, "#thread-t1 p.lost a[href='#response\\.violence\\.1']")
            bad = axe_violations(phone, impacts=("minor", "moderate", "serious", "critical"))
            assert not bad, describe(bad)
            assert _small(phone) == []


def test_suggest_wording_starts_with_the_selected_words_selected_so_typing_replaces_them():
    """ux10: the "Suggest wording" box starts with the selected words (a reviewer who changes
    one word of a long phrase edits them), selected, so a phone user who types new wording
    replaces them at once instead of deleting them first with the backspace key."""
    from .test_web_browser import _visible

    with Server(with_review=False) as srv:
        link = _invited(srv)
        with browsers((390, 844)) as (phone,):
            _suggest_wording_for_call_911(phone, link)
            box = _visible(phone, "#compose-replacement")
            assert box.get_attribute("value") == "call 911"
            assert phone.execute_script("return document.activeElement.id") == "compose-replacement"
            assert phone.execute_script("var b = document.getElementById('compose-replacement');"
                                        "return [b.selectionStart, b.selectionEnd]") == [0, len("call 911")]
            box.send_keys("offer a support worker")  # no clear(): typing replaces the selection
            assert box.get_attribute("value") == "offer a support worker"
