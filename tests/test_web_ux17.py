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


def test_the_staff_page_s_draft_sits_under_its_own_heading(tmp_path):
    """The staff's round page has one top heading (“Round 1: …”); the draft under “The draft,
    with threads and findings beside it” (a level-2 heading) began with a second level-1
    heading, its title, and its parts (“Purpose”, level 2) read in a screen reader's list of
    headings as siblings of “Reviewers” and “Threads”, not as parts of the draft. The draft's
    headings sit two levels down on that page; the reviewer's page, where the draft is the page,
    keeps its title as the one level-1 heading."""
    import re

    room = Room(tmp_path)
    staff = room.staff()
    rid, links = room.open_round(staff)
    page = staff.get(f"/staff/r/{rid}").text
    page = page.split('id="compose-title"')[0]  # the comment dialog after the page: a heading of its own
    levels = [(int(n), re.sub(r"<[^>]+>", "", text).strip()[:40])
              for n, text in re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", page, re.S)]
    assert [t for n, t in levels if n == 1] == [levels[0][1]] and levels[0][1].startswith("Round 1"), levels
    draft = [i for i, (n, t) in enumerate(levels) if t.startswith("The draft, with threads")][0]
    assert levels[draft][0] == 2
    assert all(n >= 3 for n, _t in levels[draft + 1:]), levels[draft:]
    assert levels[draft + 1][0] == 3 and levels[draft + 1][1].startswith("City of Cedar Harbour"), levels[draft:]
    jumps = [(a, b) for (a, _x), (b, _y) in zip(levels, levels[1:]) if b > a + 1]
    assert not jumps, jumps
    review = room.reviewer(links["advisory-3"]).get("/review").text
    assert len(re.findall(r"<h1[\s>]", review)) == 1


def test_staff_accept_a_suggestion_after_the_draft_was_edited_before_its_words(tmp_path):
    """The drafter edited a clause in the YAML while the round ran (words before a reviewer's
    suggestion), and the page showed the suggestion on its words where they are now. *Accept and
    write it into the draft* answered “That did not work — the anchored text no longer reads
    'Stay with'; nothing was written” (409), with only a link back to the rounds: the room
    offered no way on. Accept carries the threads to the draft as it is now (as `lic-policy review
    reanchor` does) and then writes the suggestion in; words that are gone still refuse."""
    import re

    from lic_policy.review import threads

    from .webapp import reviewer_suggestion

    room, staff, rid, tid = reviewer_suggestion(tmp_path)
    text = room.guideline.read_text(encoding="utf-8")
    old = re.search(r"\bStay with\b", text)
    assert old
    room.guideline.write_text(text[:old.start()] + "If they want it: Stay with" + text[old.end():], encoding="utf-8")
    page = staff.get(f"/staff/r/{rid}").text
    r = staff.post(f"/staff/r/{rid}/threads/{tid}/accept", data={"csrf": csrf_of(page), "body": ""})
    assert r.status_code == 303, r.text
    assert "If they want it: Stay beside" in room.guideline.read_text(encoding="utf-8")
    assert threads.load(room.review_file).review.thread(tid).status in ("accepted", "resolved")
