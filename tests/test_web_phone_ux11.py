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


def test_a_suggestion_written_into_the_draft_says_so_when_the_reviewer_comes_back(tmp_path):
    """The staff accepted a reviewer's wording and `review apply` wrote it into the draft; back
    on the draft, the reviewer read “Suggested wording, Resolved: no reply yet” in a closed list
    — the same words as for a suggestion set aside. It reads “Taken into the draft”, on the
    thread and in *Your responses*, which opens by itself."""
    from lic_policy.cli import main  # noqa: F401  (the CLI's own apply path)

    from .conftest import run_cli

    room, c = _reviewer(tmp_path)
    assert _send(c, span="words", quote="call 911", kind="suggestion", replacement="call 911 or the outreach van",
                 body="Give people the choice.").status_code == 303
    [t] = threads.load(room.review_file).threads
    assert run_cli("review", "accept", str(room.guideline), t.id).exit_code == 0
    assert run_cli("review", "apply", str(room.guideline)).exit_code == 0
    assert "call 911 or the outreach van" in room.guideline.read_text(encoding="utf-8")
    page = c.get("/review").text
    yours = re.search(r'<details class="yours"[^>]*>.*?</details>', page, re.S).group(0)
    assert yours.startswith('<details class="yours" open>'), yours
    assert "Suggested wording, Taken into the draft:" in yours, yours
    card = re.search(r'<article class="thread[^"]*" id="thread-' + t.id + r'".*?</h\d>', page, re.S).group(0)
    assert '<span class="status">Taken into the draft</span>' in card, card
    # a suggestion the staff resolved without taking it still reads Resolved
    assert _send(c, span="words", quote="Stay with the", kind="suggestion", replacement="Stay near the",
                 body="Closer is not always safer.").status_code == 303
    second = threads.load(room.review_file).threads[-1]
    assert run_cli("review", "resolve", str(room.guideline), second.id).exit_code == 0
    page = c.get("/review").text
    card = re.search(r'<article class="thread[^"]*" id="thread-' + second.id + r'".*?</h\d>', page, re.S).group(0)
    assert '<span class="status">Resolved</span>' in card, card
