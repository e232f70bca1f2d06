"""The advisory reviewer on a phone, round 11 (ux11): the Respond page, where words are typed
rather than selected. Each test pins a stumble: the wrong output is what the reviewer saw
before the fix."""

from __future__ import annotations

import re

from lic_policy.review import threads

from .webapp import Room, csrf_of

KEY = "response.violence.1|text"
PAGE = "/review/respond?part=response.violence.1%7Ctext"


def _reviewer(tmp_path):
    room = Room(tmp_path, with_review=False)
    staff = room.staff()
    _rid, links = room.open_round(staff)
    return room, room.reviewer(links["advisory-3"])


def _send(c, **fields):
    html = c.get(PAGE).text
    form = re.findall(r'<form method="post" action="/review/threads">.*?</form>', html, re.S)[-1]
    data = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    data.update(fields)
    return c.post("/review/threads", data=data)


def test_typed_words_are_found_whatever_their_capitals_and_quote_marks(tmp_path):
    """“Stay With The Person” (a phone capitalises what it likes) was refused as “Those words are
    not in this part of the guideline”: the typed words had to match character for character."""
    room, c = _reviewer(tmp_path)
    r = _send(c, span="words", quote="Stay With The  person", kind="comment", body="Only if they want that.")
    assert r.status_code == 303, r.text[-800:]
    [t] = threads.load(room.review_file).threads
    assert t.anchor.quote.exact == "Stay with the\nperson"


def test_a_refused_response_comes_back_with_everything_the_reviewer_wrote(tmp_path):
    """Words that are not in the part ended on a page with only “That did not work” and a link
    back: the comment and the suggested wording the reviewer had typed on their phone were gone.
    The Respond page comes back with the reason at the top (read out first) and every field as
    they left it."""
    room, c = _reviewer(tmp_path)
    body = "Outreach first, always; the van answers faster than a patrol car at night."
    r = _send(c, span="words", quote="call the police", kind="suggestion", replacement="call the outreach van",
              body=body)
    assert r.status_code == 422
    html = r.text
    alert = re.search(r'<p[^>]*role="alert"[^>]*>([^<]*)</p>', html)
    assert alert is not None and "Those words are not in this part" in alert.group(1), html[-2000:]
    assert html.index('role="alert"') < html.index('<form method="post" action="/review/threads">')
    assert '<input id="quote" name="quote" maxlength="2000" value="call the police">' in html
    assert re.search(r'id="span-words" value="words" checked', html)
    assert re.search(r'id="kind-suggestion" value="suggestion" checked', html)
    assert re.search(r'<textarea id="replacement"[^>]*>call the outreach van</textarea>', html)
    assert f">{body}</textarea>" in html
    assert threads.load(room.review_file).threads == [] if room.review_file.exists() else True
    # fixed and sent again from that page, it is written
    form = re.findall(r'<form method="post" action="/review/threads">.*?</form>', html, re.S)[-1]
    data = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    data.update(span="words", quote="call 911", kind="suggestion", replacement="call the outreach van", body=body)
    assert c.post("/review/threads", data=data).status_code == 303
    [t] = threads.load(room.review_file).threads
    assert t.anchor.quote.exact == "call 911" and t.body == body
