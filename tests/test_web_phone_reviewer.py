"""An advisory reviewer on a small phone (issue: ux8), in a real browser: every control can be
tapped (at least 44 × 44 CSS px, the WCAG 2.5.5 size, a radio button or checkbox counted with
its label), at 390 × 844 and at 360 × 640, with the text at twice its size, and at 200 % zoom
nothing runs off the side of the screen."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from .browser import Server, browser_missing, browsers, viewport
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


def test_every_control_is_big_enough_to_tap_on_a_small_phone_and_with_large_text():
    from selenium.webdriver.common.by import By

    with Server() as srv:
        link = _invited(srv)
        with browsers((390, 844)) as (phone,):
            phone.get(link)
            _wait(phone, "#guideline")
            respond = srv.base + "/review/respond?part=response.violence.1%7Ctext"
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
