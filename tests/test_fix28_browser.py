"""fix28 in a browser: a wide table of the published guideline, at 360 px, shows that more
columns are there (a shadow at the edge it scrolls towards), without a script."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from .browser import browser_missing

pytestmark = [pytest.mark.skipif(browser_missing() is not None, reason=str(browser_missing())),
              pytest.mark.slow]

GUIDELINE = Path(__file__).resolve().parent.parent / "guidelines" / "cedar-harbour-sex-work-response.yaml"

# the table's words, rules and header colour out of the way: what is left of its box is the page's
# white and, where there is one, the shadow
BARE = """
var s = document.createElement('style');
s.textContent = 'td, th { color: transparent !important; border-color: transparent !important; } th { background: transparent !important; }';
document.head.appendChild(s);
"""


def _png_grey(png: bytes) -> list[list[int]]:
    """The rows of an 8-bit RGB or RGBA PNG (as Chromium writes its screenshots) as the mean of
    each pixel's red, green and blue."""
    import struct
    import zlib

    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, data, head = 8, b"", None
    while pos < len(png):
        size, kind = struct.unpack(">I4s", png[pos:pos + 8])
        chunk = png[pos + 8:pos + 8 + size]
        if kind == b"IHDR":
            head = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            data += chunk
        pos += 12 + size
    w, h, depth, colour, _c, _f, interlace = head
    assert depth == 8 and colour in (2, 6) and not interlace, head
    bpp = 4 if colour == 6 else 3
    raw, stride, prev, out = zlib.decompress(data), w * bpp, bytearray(w * bpp), []
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out.append([sum(line[x * bpp:x * bpp + 3]) // 3 for x in range(w)])
        prev = line
    return out


def _edges(driver, table_id: str) -> tuple[float, float]:
    """The mean lightness (0-255) of the 4 px at the left and at the right edge of the table's box."""
    img = _png_grey(driver.find_element("id", table_id).screenshot_as_png)
    h, w = len(img), len(img[0])
    rows = img[h // 4:3 * h // 4]
    return (sum(v for r in rows for v in r[:4]) / (4 * len(rows)),
            sum(v for r in rows for v in r[w - 4:]) / (4 * len(rows)))


def test_a_wide_table_shows_its_hidden_columns_at_360_px(tmp_path):
    """The work plan's table (559 px of rows in a 320-px box at 360 px) was cut at the box's
    right edge with nothing to say it scrolls; now a shadow stands at that edge until the rows'
    end is reached, and at the left edge once they are scrolled."""
    from lic_policy.publish.render import publish

    from .browser import chromium, quit_browser

    (page,) = publish(GUIDELINE, ["html"], tmp_path)
    driver = chromium(360, 740)
    try:
        driver.get(page.as_uri())
        driver.execute_script(BARE)
        width, box = driver.execute_script(
            "var t = document.getElementById('lic-work-plan-table'); t.scrollIntoView(); return [t.scrollWidth, t.clientWidth];")
        assert width > box + 100, (width, box)  # the test's premise: it scrolls
        time.sleep(0.1)
        left, right = _edges(driver, "lic-work-plan-table")
        assert left > 250 and right < 245, (left, right)  # more to the right
        driver.execute_script("var t = document.getElementById('lic-work-plan-table'); t.scrollLeft = 100;")
        time.sleep(0.1)
        left, right = _edges(driver, "lic-work-plan-table")
        assert left < 245 and right < 245, (left, right)  # more on both sides
        driver.execute_script("var t = document.getElementById('lic-work-plan-table'); t.scrollLeft = t.scrollWidth;")
        time.sleep(0.1)
        left, right = _edges(driver, "lic-work-plan-table")
        assert left < 245 and right > 250, (left, right)  # the end: no shadow on the right
        # a table that fits its box has no shadow
        fits = driver.execute_script("var t = document.getElementById('lic-review-roles'); t.scrollIntoView(); "
                                     "return t.scrollWidth <= t.clientWidth;")
        if fits:
            left, right = _edges(driver, "lic-review-roles")
            assert left > 250 and right > 250, (left, right)
    finally:
        quit_browser(driver)
