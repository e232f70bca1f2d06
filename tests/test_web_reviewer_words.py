"""What an advisory reviewer reads in the review room, in plain words (issue: ux8): where each
part is named by its own words, not by its clause id; a message that says a response was sent
(and a screen reader hears it); a comment whose words the drafter changed still says where it
was, and the part it was on points to it."""

from __future__ import annotations

import re

from .webapp import RESPOND_PAGE, Room, csrf_of, part_of

KEY = "response.violence.1|text"


def _post(c, html, body, key=KEY, start="0", end="11"):
    return c.post("/review/threads", headers={"X-CSRF-Token": csrf_of(html)},
                  json={"part": key, "h": part_of(html, key), "start": start, "end": end, "kind": "comment",
                        "body": body})


def _signed_in(tmp_path):
    room = Room(tmp_path, with_review=False)
    _rid, links = room.open_round(room.staff(), reviewers="advisory-3 sex-worker-advisory")
    return room, room.reviewer(links["advisory-3"])


def test_respond_links_and_the_respond_page_name_a_clause_by_its_words_not_its_id(tmp_path):
    room, c = _signed_in(tmp_path)
    page = c.get("/review").text
    link = re.search(r'href="/review/respond\?part=response\.violence\.1%7Ctext">(.*?)</a>', page, re.S).group(1)
    assert "response.violence.1" not in link
    assert "If violence is happening" in link
    respond = c.get(RESPOND_PAGE).text
    h1 = re.search(r"<h1>(.*?)</h1>", respond, re.S).group(1)
    assert "response.violence.1" not in h1
    assert h1.strip() == "Respond to this clause"
    # where it is: the heading of its section, as the draft shows it
    assert "In “Responding to violence against sex workers”" in respond


def test_a_sent_response_says_so_and_the_thread_is_described_by_that_message(tmp_path):
    room, c = _signed_in(tmp_path)
    html = c.get("/review").text
    r = c.post("/review/threads", data={"csrf": csrf_of(html), "part": KEY, "h": part_of(html, KEY),
                                        "span": "0-11", "kind": "comment", "body": "Please say who calls."})
    assert r.status_code == 303
    where = r.headers["location"]
    assert where == "/review?sent=t1#thread-t1"
    page = c.get(where.split("#")[0]).text
    msg = re.search(r'<p class="sent" id="sent-t1" role="status">(.*?)</p>', page, re.S)
    assert msg is not None, "no message that the response was sent"
    assert "Sent" in msg.group(1) and "saved" in msg.group(1)
    assert 'aria-describedby="sent-t1"' in page
    # the JSON path (the page's script) goes to the same place
    js = _post(c, html, "Another one.")
    assert js.status_code == 201 and js.json()["url"] == "/review?sent=t2#thread-t2"
    # only the thread just sent says so
    assert 'id="sent-t1"' not in c.get("/review?sent=t2").text
    assert "sent-" not in c.get("/review").text


def test_a_comment_whose_words_changed_says_where_it_was_and_its_part_points_to_it(tmp_path):
    room, c = _signed_in(tmp_path)
    html = c.get("/review").text
    # "If violence" (0-11) on the clause
    assert _post(c, html, "Say who to call first.").status_code == 201
    text = room.guideline.read_text(encoding="utf-8")
    room.guideline.write_text(text.replace("If violence is happening or someone", "When someone is being hurt or someone", 1),
                              encoding="utf-8")
    page = c.get("/review").text
    lost = page.split('class="orphaned"', 1)[1]
    assert "Say who to call first." in lost
    # the thread says which part it was on, with a link there
    assert "It was on the clause “When someone is being hurt" in lost, lost[:2000]
    assert '<a href="#response.violence.1">' in lost
    # the part itself points to the comment below
    section = page.split('id="response.violence.1"', 1)[1].split("</section>", 1)[0]
    assert 'href="#thread-t1"' in section
    assert "lost its place" in section


JARGON = re.compile(r"\b(anchor\w*|thread\w*|yaml|redline\w*|orphan\w*|handles?|session\w*|csrf|tokens?|"
                    r"fil de discussion|ancr\w*|jeton\w*)\b", re.I)


def _shown_words(html: str) -> str:
    """What a reviewer reads or hears: the text, and the labels a screen reader speaks."""
    from html.parser import HTMLParser

    out: list[str] = []

    class P(HTMLParser):
        skip = 0

        def handle_starttag(self, tag, attrs):
            if tag in ("script", "style"):
                self.skip += 1
            for k, v in attrs:
                if k in ("aria-label", "title", "alt", "placeholder") and v:
                    out.append(v)

        def handle_endtag(self, tag):
            if tag in ("script", "style"):
                self.skip -= 1

        def handle_data(self, data):
            if not self.skip:
                out.append(data)

    P().feed(html)
    return " ".join(" ".join(out).split())


def test_a_reviewer_reads_no_jargon_in_english_or_french(tmp_path):
    room, c = _signed_in(tmp_path)
    html = c.get("/review").text
    assert _post(c, html, "Say who to call first.").status_code == 201
    for lang in ("en", "fr"):
        c.post("/lang", data={"csrf": csrf_of(html), "lang": lang, "next": "/review"})
        for url in ("/review", "/review?sent=t1", RESPOND_PAGE):
            page = c.get(url).text
            # the draft's own words are the drafters' (and may say anything): our words around them
            ours = re.sub(r'<div class="text[^"]*"[^>]*>.*?</div>|<blockquote class="part-text">.*?</blockquote>'
                          r'|<span class="sr-only"> (?:to|à) .*?</span>',
                          "", page, flags=re.S)
            words = _shown_words(ours)
            found = sorted(set(m.group(0) for m in JARGON.finditer(words)))
            assert not found, f"{lang} {url}: {found} in “{words[:400]}…”"
    c.post("/logout", data={"csrf": csrf_of(c.get("/review").text)})
    words = _shown_words(c.get("/review").text)
    assert not JARGON.search(words), words


def test_invitation_links_made_for_this_computer_only_say_so_and_how_to_reach_phones(tmp_path):
    """`serve --invite` on the default address printed http://127.0.0.1:8000/i/… links and
    "send each privately to its reviewer": a link a reviewer's phone cannot open."""
    import shutil

    from .browser import SAMPLE
    from .conftest import run_cli

    shutil.copy(SAMPLE, tmp_path / SAMPLE.name)
    state = str(tmp_path / "state.sqlite3")
    r = run_cli("serve", str(tmp_path / SAMPLE.name), "--state", state, "--invite", "sunflower")
    assert r.exit_code == 0, r.stderr
    assert "http://127.0.0.1:8000/i/" in r.stdout
    note = next(ln for ln in r.stdout.splitlines() if ln.startswith("note: "))  # before the next: line
    assert "only on this computer" in note and "--base-url https://" in note and "--allow-host" in note
    r = run_cli("serve", str(tmp_path / SAMPLE.name), "--state", state, "--invite", "advisory-4",
                "--base-url", "https://review.example.org")
    assert r.exit_code == 0, r.stderr
    assert "https://review.example.org/i/" in r.stdout and "only on this computer" not in r.stdout


def test_a_clause_reads_as_its_number_under_its_heading_not_as_a_long_id(tmp_path):
    """An imported draft's clauses read “concerns-from-residents-and-businesses.1 Bylaw
    officers …”: 40 characters of code before every clause, three lines of it at 200 % zoom on
    a phone. Under its section's heading a clause is its number."""
    room, c = _signed_in(tmp_path)
    page = c.get("/review").text
    part = page.split('id="response.violence.1"', 1)[1].split("</section>", 1)[0]
    assert '<span class="clause-id"><strong>1</strong></span>' in part
    assert ">response.violence.1<" not in part
    # the staff page too: it is the same draft
    staff = room.staff()
    assert '<span class="clause-id"><strong>1</strong></span>' in staff.get("/staff/r/1").text


def test_a_comment_carried_to_the_same_words_in_another_part_says_where_it_was_made(tmp_path):
    """The drafter changed “call 911” in the violence clause; the reviewer's comment “Who
    calls?” was then shown under a trafficking clause that also says “call 911”, as if the
    reviewer had written it there. It now says where it was made, with a link."""
    room, c = _signed_in(tmp_path)
    html = c.get("/review").text
    text = room.guideline.read_text(encoding="utf-8")
    start = " ".join(text.split("- id: response.violence.1", 1)[1].split("text: |", 1)[1].split()).index("call 911")
    assert _post(c, html, "Who calls?", start=str(start), end=str(start + 8)).status_code == 201
    room.guideline.write_text(text.replace("call 911", "call for help", 1), encoding="utf-8")
    page = c.get("/review").text
    thread = page.split('id="thread-t1"', 1)[1].split("</article>", 1)[0]
    assert 'id="response.trafficking.2"' in page.split('id="thread-t1"', 1)[0].rsplit("<section", 1)[1]
    assert "It was made on the clause “If violence is happening or someone is in" in thread, thread
    assert '<a href="#response.violence.1">' in thread
    # a comment that stayed in its part says nothing of the kind
    assert _post(c, c.get("/review").text, "Stays.", start="0", end="2").status_code == 201
    assert "It was made on" not in c.get("/review").text.split('id="thread-t2"', 1)[1].split("</article>", 1)[0]


def test_a_name_warning_without_javascript_lets_the_reviewer_take_the_name_out_of_their_words(tmp_path):
    """Without the page's script, a comment naming someone led to a page with only “send it
    anyway” and “Back to the draft”: the words were not shown, so taking the name out meant
    typing everything again."""
    room, c = _signed_in(tmp_path)
    html = c.get("/review").text
    body = "Ask Rosa Martinez at the clinic, she knows the van schedule."
    r = c.post("/review/threads", data={"csrf": csrf_of(html), "part": KEY, "h": part_of(html, KEY),
                                        "span": "0-11", "kind": "suggestion", "replacement": "If someone is hurt",
                                        "body": body})
    assert r.status_code >= 400 and "Please check" in r.text
    box = re.search(r'<textarea id="confirm-body" name="body"[^>]*>(.*?)</textarea>', r.text, re.S)
    assert box is not None and box.group(1).strip() == body
    assert re.search(r'<label for="confirm-body">', r.text)
    assert re.search(r'<textarea id="confirm-replacement" name="replacement"[^>]*>\s*If someone is hurt</textarea>',
                     r.text)
    assert re.search(r'class="back-link"><a href="/review">', r.text)
    # the reviewer takes the name out and sends again (the plain Send button: checked again)
    form = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', r.text))
    assert "confirm" not in form
    form.update(body="Ask the clinic, they know the van schedule.", replacement="If someone is hurt")
    sent = c.post("/review/threads", data=form)
    assert sent.status_code == 303, sent.text
    stored = room.review_file.read_text(encoding="utf-8")
    assert "Ask the clinic, they know the van schedule." in stored and "Rosa" not in stored
