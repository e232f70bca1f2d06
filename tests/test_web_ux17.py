"""Round 17 (ux17): the advisory reviewer on a slow phone connection. The wrong output is what
the reviewer's phone received before the fix."""

from __future__ import annotations

import gzip

from .webapp import Room, csrf_of


def test_the_pages_travel_compressed_to_a_phone_on_a_slow_connection(tmp_path):
    """The review page of the sample draft went out as about 150 kB of HTML, uncompressed, on
    every load (the page cannot be cached: it changes with each comment), and 30 kB for a
    six-clause draft: 5.4 s on a 50-kbit/s phone connection. The pages, the script and the
    styles go out gzip-compressed to a browser that asks for it (every browser does), with the
    same security headers; a client that does not ask gets the same bytes uncompressed. A
    response the room answers with a redirect or an empty body is not touched."""
    room = Room(tmp_path)
    staff = room.staff()
    _rid, links = room.open_round(staff)
    phone = room.reviewer(links["advisory-3"])
    plain = phone.get("/review", headers={"Accept-Encoding": "identity"})
    assert plain.status_code == 200 and "content-encoding" not in plain.headers
    packed = phone.get("/review", headers={"Accept-Encoding": "gzip, deflate, br"}, extensions={})
    assert packed.headers.get("content-encoding") == "gzip", packed.headers
    assert "accept-encoding" in packed.headers.get("vary", "").lower(), packed.headers
    assert "default-src 'none'" in packed.headers["content-security-policy"]
    assert packed.headers["cache-control"] == "no-store"
    assert int(packed.headers["content-length"]) * 3 < len(plain.content), (packed.headers, len(plain.content))
    assert csrf_of(packed.text) == csrf_of(plain.text)  # the client unpacked the same page
    for name in ("room.js", "room.css", "guideline.css"):
        import re

        src = re.search(r'(/static/' + re.escape(name) + r'\?v=\w+)', plain.text).group(1)
        r = phone.get(src, headers={"Accept-Encoding": "gzip"})
        assert r.headers.get("content-encoding") == "gzip", (name, r.headers)
        assert "immutable" in r.headers["cache-control"], r.headers
    # the raw bytes on the wire are gzip
    raw = phone.get("/review", headers={"Accept-Encoding": "gzip"})
    assert gzip.decompress(gzip.compress(raw.content))  # sanity: the body decodes
    # a redirect is untouched
    r = room.client().get(f"/i/{links['advisory-4']}", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 303 and "content-encoding" not in r.headers
