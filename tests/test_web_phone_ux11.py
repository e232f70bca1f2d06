"""The advisory reviewer on a phone, round 11 (ux11): the Respond page, where words are typed
rather than selected. Each test pins a stumble: the wrong output is what the reviewer saw
before the fix."""

from __future__ import annotations

import re

from lic_policy.review import threads

from .webapp import RESPOND_PAGE, Room, advisory_reviewer, csrf_of, send_response

KEY = "response.violence.1|text"


def test_typed_words_are_found_whatever_their_capitals_and_quote_marks(tmp_path):
    """“Stay With The Person” (a phone capitalises what it likes) was refused as “Those words are
    not in this part of the guideline”: the typed words had to match character for character."""
    room, c = advisory_reviewer(tmp_path)
    r = send_response(c, span="words", quote="Stay With The  person", kind="comment", body="Only if they want that.")
    assert r.status_code == 303, r.text[-800:]
    [t] = threads.load(room.review_file).threads
    assert t.anchor.quote.exact == "Stay with the\nperson"


def test_a_refused_response_comes_back_with_everything_the_reviewer_wrote(tmp_path):
    """Words that are not in the part ended on a page with only “That did not work” and a link
    back: the comment and the suggested wording the reviewer had typed on their phone were gone.
    The Respond page comes back with the reason at the top (read out first) and every field as
    they left it."""
    room, c = advisory_reviewer(tmp_path)
    body = "Outreach first, always; the van answers faster than a patrol car at night."
    r = send_response(c, span="words", quote="call the police", kind="suggestion", replacement="call the outreach van",
              body=body)
    assert r.status_code == 422
    html = r.text
    alert = re.search(r'<p[^>]*role="alert"[^>]*>([^<]*)</p>', html)
    assert alert is not None and "Those words are not in this part" in alert.group(1), html[-2000:]
    assert html.index('role="alert"') < html.index('<form method="post" action="/review/threads">')
    assert "<title>That did not work: Respond — Review room</title>" in html  # read first on a new page
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

    room, c = advisory_reviewer(tmp_path)
    assert send_response(c, span="words", quote="call 911", kind="suggestion", replacement="call 911 or the outreach van",
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
    assert send_response(c, span="words", quote="Stay with the", kind="suggestion", replacement="Stay near the",
                 body="Closer is not always safer.").status_code == 303
    second = threads.load(room.review_file).threads[-1]
    assert run_cli("review", "resolve", str(room.guideline), second.id).exit_code == 0
    page = c.get("/review").text
    card = re.search(r'<article class="thread[^"]*" id="thread-' + second.id + r'".*?</h\d>', page, re.S).group(0)
    assert '<span class="status">Resolved</span>' in card, card


def test_a_refused_reply_keeps_the_words_to_send_again(tmp_path):
    """A reply is a plain form under each thread (no script): one holding a phone number was
    refused on a page with only the reason and a link back, and the reply was gone. The page
    now holds the reply in a box to change and send again; a reply that cannot be sent at all
    (the round closed) is shown to copy."""
    room, c = advisory_reviewer(tmp_path)
    assert send_response(c, span="words", quote="call 911", kind="comment", body="Who answers?").status_code == 303
    [t] = threads.load(room.review_file).threads
    reply = "Ask me on 604-555-0199, I did outreach there for years and the van does not come."
    html = c.get("/review").text
    r = c.post(f"/review/threads/{t.id}/replies", data={"csrf": csrf_of(html), "body": reply})
    assert r.status_code == 422
    assert re.search(r'<p class="message" role="alert">[^<]*phone number', r.text), r.text[-2500:]
    box = re.search(r'<textarea id="confirm-body" name="body"[^>]*>([^<]*)</textarea>', r.text)
    assert box is not None and box.group(1) == reply.replace("'", "&#39;")
    assert "send it anyway" not in r.text  # a phone number is never sent; only a name may be confirmed
    form = re.search(r'<form method="post" action="([^"]+)">(.*?)</form>', r.text, re.S)
    assert form.group(1) == f"/review/threads/{t.id}/replies"
    data = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form.group(2)))
    data["body"] = "Ask the outreach workers; the van does not come."
    assert c.post(form.group(1), data=data).status_code == 303
    assert [x.body for x in threads.load(room.review_file).threads[0].replies] == [data["body"]]


def test_a_reply_that_can_no_longer_be_sent_is_shown_to_copy(tmp_path):
    room, c = advisory_reviewer(tmp_path)
    assert send_response(c, span="words", quote="call 911", kind="comment", body="Who answers?").status_code == 303
    [t] = threads.load(room.review_file).threads
    html = c.get("/review").text
    [rnd] = room.state.rounds()
    room.state.close_round(rnd.id)  # the staff closed the round while the reviewer was writing
    reply = "The van stops at 2 a.m.; after that nobody answers."
    r = c.post(f"/review/threads/{t.id}/replies", data={"csrf": csrf_of(html), "body": reply})
    assert r.status_code == 410
    assert re.search(r'<textarea id="kept-body" rows="5" readonly>' + re.escape(reply) + "</textarea>", r.text)
    assert ">Send</button>" not in r.text  # nothing to send it to


def test_a_reviewer_coming_back_sees_what_changed_in_the_draft_during_the_round(tmp_path):
    """In a first round the draft showed no changes at all, even after the staff had written
    another reviewer's wording into it: the redline compared only with an earlier round. It now
    compares with the draft as the round opened, once the draft has changed since."""
    room, c = advisory_reviewer(tmp_path)
    page = c.get("/review").text
    assert 'id="toggle-changes"' not in page  # nothing changed yet: nothing to show
    text = room.guideline.read_text(encoding="utf-8")
    room.guideline.write_text(text.replace("offer to call the Harbour Night Outreach van instead",
                                           "offer to call the Harbour Night Outreach van first"), encoding="utf-8")
    page = c.get("/review").text
    toggle = re.search(r'<a href="/review\?changes=0" id="toggle-changes"[^>]*>([^<]*)</a>', page)
    assert toggle is not None and toggle.group(1) == "Hide the changes made since this round opened", page[:4000]
    assert re.search(r"<span data-o=\"\d+\" class=\"ins\">first</span>", page), "the new word is not marked as added"
    assert re.search(r"<del[^>]*>[^<]*instead[^<]*</del>", page), "the old word is not marked as removed"


def test_staff_inviting_a_reviewer_by_name_are_told_so_and_keep_the_list(tmp_path):
    """(ux11, the staff side) "Maria Lopez sex-worker-advisory" among eight lines was refused with
    "Line 1: write one reviewer per line as a handle and a role" — not that it is a person's name
    — and the page that said so had none of the eight lines left to correct."""
    from .webapp import csrf_of as _csrf

    room = Room(tmp_path, with_review=False)
    staff = room.staff()
    csrf = _csrf(staff.get(f"/staff/g/{room.gid}").text)
    lines = "advisory-3 sex-worker-advisory\nMaria Lopez sex-worker-advisory\nadvisory-5 community"
    r = staff.post(f"/staff/g/{room.gid}/rounds", data={"csrf": csrf, "reviewers": lines, "closes": "2099-12-31",
                                                         "show_others": "1"})
    assert r.status_code == 422
    alert = re.search(r'<p class="message" role="alert">([^<]*)</p>', r.text).group(1)
    assert alert.startswith("Line 2: ") and "a person&#39;s name" in alert, alert
    assert "Maria Lopez" not in alert  # a name is not written back into the message
    box = re.search(r'<textarea id="confirm-reviewers" name="reviewers"[^>]*>([^<]*)</textarea>', r.text)
    assert box is not None and box.group(1) == lines, r.text[-2000:]
    form = re.search(r'<form method="post" action="([^"]+)">(.*?)</form>', r.text, re.S)
    data = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form.group(2)))
    assert data.get("closes") == "2099-12-31" and data.get("show_others") == "1"
    assert '<a href="/staff">Back to the review rounds</a>' in r.text  # not "Back to the draft"
    data["reviewers"] = lines.replace("Maria Lopez", "advisory-4")
    r = staff.post(form.group(1), data=data)
    assert r.status_code == 303, re.findall(r"role=\"alert\">([^<]*)", r.text)
    r = staff.get(r.headers["location"])  # the links page (fix27: by a redirect)
    assert r.status_code == 200 and "advisory-4" in r.text


def test_send_tapped_twice_on_a_slow_connection_makes_one_comment_and_one_reply(tmp_path):
    """The Respond page and the reply boxes are plain forms: on a slow phone connection a second
    tap on Send posted the same comment again, and the review file held it twice (and a reply
    twice under the thread)."""
    room, c = advisory_reviewer(tmp_path)
    html = c.get(RESPOND_PAGE).text
    form = re.findall(r'<form method="post" action="/review/threads">.*?</form>', html, re.S)[-1]
    data = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    data.update(span="words", quote="call 911", kind="comment", body="Who answers at night?")
    first, second = c.post("/review/threads", data=data), c.post("/review/threads", data=data)
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]  # both show the one comment
    [t] = threads.load(room.review_file).threads
    page = c.get("/review").text
    for _ in range(2):
        assert c.post(f"/review/threads/{t.id}/replies",
                      data={"csrf": csrf_of(page), "body": "And on weekends?"}).status_code == 303
    [t] = threads.load(room.review_file).threads
    assert [r.body for r in t.replies] == ["And on weekends?"]
    # the same words sent again later, as a new comment after another one, are a new comment
    data2 = dict(data, body="Another point.")
    assert c.post("/review/threads", data=data2).status_code == 303
    assert len(threads.load(room.review_file).threads) == 2


def test_serve_invite_with_a_person_s_name_says_it_looks_like_a_name(tmp_path):
    """`lic-policy serve G --invite "Maria Lopez"` said "the handle is not a handle (use letters,
    digits, …) (use a made-up handle …)": two hints, and not what was wrong."""
    from .webapp import serve_invite

    for spec, said in (("Maria Lopez", "--invite 'Maria Lopez': that looks like a person's name"),
                       ("a b c", "--invite 'a b c': 'a b c' is not a handle")):
        r = serve_invite(tmp_path, spec)
        assert r.exit_code == 2
        [line] = [ln for ln in r.stderr.splitlines() if ln.strip()]
        assert said in line, line
        assert ") (" not in line  # one hint, not two


def test_serve_invite_with_the_role_after_a_space_says_to_put_it_after_a_colon(tmp_path):
    """The room's invitation box takes "handle role" a line; `serve --invite` takes HANDLE:ROLE.
    Typed the room's way, `--invite "bluejay-4 sex-worker-advisory"` said only that it was not a
    handle."""
    from .webapp import serve_invite

    r = serve_invite(tmp_path, "bluejay-4 sex-worker-advisory")
    assert r.exit_code == 2
    [line] = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert "--invite bluejay-4:sex-worker-advisory" in line, line


def test_a_suggestion_resolved_without_its_wording_going_in_is_not_said_to_be_in_the_draft(tmp_path):
    """The wording "the person" is in the clause already: resolving the suggestion without taking
    it must not read as "Taken into the draft" because those words are somewhere in the part."""
    from .conftest import run_cli

    room, c = advisory_reviewer(tmp_path)
    assert send_response(c, span="words", quote="call 911", kind="suggestion", replacement="the person",
                 body="Odd wording, but a test.").status_code == 303
    [t] = threads.load(room.review_file).threads
    assert run_cli("review", "resolve", str(room.guideline), t.id).exit_code == 0
    card = re.search(r'<article class="thread[^"]*" id="thread-' + t.id + r'".*?</h\d>', c.get("/review").text,
                     re.S).group(0)
    assert '<span class="status">Resolved</span>' in card, card
