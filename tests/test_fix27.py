"""fix27: defects earlier passes found and left alone, each fixed as a whole kind. Each test
pins what a user saw before the fix."""

from __future__ import annotations

import pytest

import re

from .test_web_ux13 import _post, _thread, _two_reviewers
from .webapp import csrf_of


def _head(html: str, tid: str) -> str:
    return re.sub(r"\s+", " ", re.search(r'<h\d class="thread-head".*?</h\d>', _thread(html, tid), re.S).group(0))


@pytest.mark.slow  # 0.24 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_an_objection_taken_back_reads_taken_back_everywhere_not_blocking(tmp_path):
    """A reviewer took back their objection: the room still headed it *Blocking objection ·
    Taken back* (red, as an objection that holds up approval), *Your responses* read “Blocking
    objection, Taken back:”, the staff's page listed a *Blocking objection*, and the exports
    said so too (the Word packet “Objection (blocks approval while open) (resolved)”, the
    redline a red “objection”). It reads as an objection taken back everywhere now, and a
    taken-back objection the staff reopen does not block approval."""
    from lic_policy.review import threads
    from lic_policy.review.packet import thread_comment
    from lic_policy.redline import _html_thread

    from .conftest import run_cli

    room, staff, rid, a, b = _two_reviewers(tmp_path, show_others="1")
    page = a.get("/review").text
    tid = _post(a, page, "objection", "This is wrong for people who work outdoors.").json()["id"]
    page = a.get("/review").text
    assert "Blocking objection" in _head(page, tid)  # before it is taken back, it is one
    assert a.post(f"/review/threads/{tid}/withdraw", data={"csrf": csrf_of(page)}).status_code == 303
    mine = a.get("/review").text
    theirs = b.get("/review").text
    staff_page = staff.get(f"/staff/r/{rid}").text
    for html in (mine, theirs, staff_page):
        head = _head(html, tid)
        assert "Blocking" not in head and ">Objection<" in head and "Taken back" in head, head
        assert "k-objection" not in re.search(r'<article class="([^"]*)" id="thread-' + tid, html).group(1).split()
    yours = re.sub(r"\s+", " ", re.search(r'<details class="yours".*?</details>', mine, re.S).group(0))
    assert "Objection, Taken back:" in yours and "Blocking" not in yours, yours
    summary = re.search(r'<p><a href="#thread-' + tid + r'">.*?</p>', staff_page).group(0)
    assert "Blocking" not in summary and "· Objection ·" in summary, summary
    # the exports
    t = threads.load(room.review_file).review.thread(tid)
    assert t.withdrawn and not t.blocks_approval
    words = "".join(x.get("c", " ") if isinstance(x.get("c"), str) else " " for x in thread_comment(t))
    assert "blocks approval" not in words and words.startswith("Objection, taken back by its writer (resolved):"), words
    aside = _html_thread(t)
    assert 'class="thread objection"' not in aside and "taken back" in aside, aside
    listed = run_cli("review", "list", str(room.guideline))
    assert f"{tid} [resolved] objection (taken back by its writer)" in listed.stdout, listed.stdout
    # reopened by the staff, it still blocks nothing: not among the blocking objections
    page = staff.get(f"/staff/r/{rid}").text
    assert staff.post(f"/staff/r/{rid}/threads/{tid}/reopen", data={"csrf": csrf_of(page)}).status_code == 303
    staff_page = staff.get(f"/staff/r/{rid}").text
    blocking = re.search(r'<section class="state-group g-blocking".*?</section>', staff_page, re.S).group(0)
    assert f"#thread-{tid}" not in blocking, blocking
    t = threads.load(room.review_file).review.thread(tid)
    assert t.status == "open" and not t.blocks_approval
    listed = run_cli("review", "list", str(room.guideline))
    assert "blocking approval" not in listed.stdout, listed.stdout
    import json

    checked = run_cli("check", str(room.guideline), "--format", "json")  # the sample is published
    assert [f for f in json.loads(checked.stdout)["findings"] if f["rule_id"] == "status.open-objection"] == []
    from lic_policy.publish.document import ReviewSummary

    assert ReviewSummary.from_review(threads.load(room.review_file).review).blocking == []


@pytest.mark.slow  # 0.27 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_accepting_a_suggestion_again_answers_as_the_first_time_and_records_nothing_twice(tmp_path):
    """The staff tapped *Accept and write it into the draft* twice (a slow connection, a page
    sent again from the browser's history): the second answered 409 *That did not work — the
    text already reads the suggested text 'Stay beside' where 'Stay with' stood*, as if the
    suggestion had not been taken. A suggestion written in already is accepted again with the
    same answer, nothing written twice: no second change, no note repeated (a new note is
    added as a reply, as it would be to a resolved thread)."""
    from lic_policy.review import threads

    from .webapp import reviewer_suggestion

    room, staff, rid, tid = reviewer_suggestion(tmp_path)
    page = staff.get(f"/staff/r/{rid}").text
    form = {"csrf": csrf_of(page), "body": "Taken, thank you."}
    first = staff.post(f"/staff/r/{rid}/threads/{tid}/accept", data=form)
    assert first.status_code == 303, first.text
    guideline, review = room.guideline.read_bytes(), room.review_file.read_bytes()
    assert guideline.count(b"Stay beside") == 1
    again = staff.post(f"/staff/r/{rid}/threads/{tid}/accept", data=form)
    assert (again.status_code, again.headers.get("location")) == (first.status_code, first.headers["location"]), \
        again.text
    assert room.guideline.read_bytes() == guideline and room.review_file.read_bytes() == review
    as_json = staff.post(f"/staff/r/{rid}/threads/{tid}/accept", headers={"X-CSRF-Token": csrf_of(page)},
                         json={"body": ""})
    assert as_json.status_code == 200 and as_json.json() == {"id": tid, "action": "accept"}, as_json.text
    assert room.guideline.read_bytes() == guideline and room.review_file.read_bytes() == review
    # a new note with it is kept, once
    for _ in range(2):
        r = staff.post(f"/staff/r/{rid}/threads/{tid}/accept", data={"csrf": csrf_of(page), "body": "In version 1.1."})
        assert r.status_code == 303, r.text
    t = threads.load(room.review_file).review.thread(tid)
    assert [x.body for x in t.replies] == ["Taken, thank you.", "In version 1.1."], t.replies
    assert t.status == "resolved" and room.guideline.read_bytes() == guideline
    assert "Taken into the draft" in _head(staff.get(f"/staff/r/{rid}").text, tid)


def test_a_refused_name_is_answered_with_a_page_a_reload_does_not_send_again(tmp_path):
    """A reviewer typed a name the room refuses (a person's name, one someone else uses): the
    answer to the form was the draft itself, so reloading it made the browser ask *Confirm form
    resubmission* and send the refused name again. The refusal now goes back to the draft by
    POST/redirect/GET (303): the draft shows the box open with the reason, the words typed
    (never a person's name) in it, and reloading it only reads the page. Nothing is kept on
    disk: the room holds the reason in memory until the next name is saved."""
    from .test_ux26 import _name_form, _signed_in

    room, c = _signed_in(tmp_path)
    html = c.get("/review").text
    for name, status, reason, typed in (
            ("advisory-4", 409, "someone else in this review already uses it", "advisory-4"),
            ("Maria Santos", 422, "cannot be the name you review under", ""),
            ("", 422, "Write a made-up name to review under", "")):
        before = room.state_path.read_bytes()
        r = c.post("/review/name", data={"csrf": csrf_of(html), "handle": name})
        assert r.status_code == 303 and r.headers["location"] == "/review?name=refused", (name, r.status_code)
        for _reload in range(2):  # the page, then the same page reloaded: the same answer, nothing sent
            page = c.get(r.headers["location"])
            assert page.status_code == 200
            form = _name_form(page.text)
            assert re.match(r'<details class="name" open', form), form
            error = re.search(r'<p id="new-name-error"[^>]*role="alert"[^>]*>([^<]*)</p>', form)
            assert error and reason in error.group(1), (name, form)
            box = re.search(r"<input id=\"new-name\"[^>]*>", form).group(0)
            assert f'value="{typed}"' in box and 'aria-invalid="true"' in box, box
            assert "Maria" not in page.text and "Santos" not in page.text
            assert re.search(r"<title>That did not work: ", page.text), page.text[:300]
            assert "You are reviewing as advisory-3." in page.text
        assert b"Maria" not in room.state_path.read_bytes() and b"Maria" not in before
        html = page.text
    # the draft opened on its own address says nothing of it
    assert "new-name-error" not in c.get("/review").text
    # a good name afterwards saves as before, and the refusal is forgotten
    r = c.post("/review/name", data={"csrf": csrf_of(html), "handle": "bluejay-7"})
    assert r.status_code == 303 and r.headers["location"] == "/review?named=1"
    assert "new-name-error" not in c.get("/review?name=refused").text
    # once they have written, a name is refused the same way, the reason on the draft
    key = "response.violence.1|text"
    from .webapp import part_of

    html = c.get("/review").text
    assert c.post("/review/threads", data={"csrf": csrf_of(html), "part": key, "h": part_of(html, key),
                                           "span": "0-11", "kind": "comment", "body": "Say who calls."}).status_code == 303
    r = c.post("/review/name", data={"csrf": csrf_of(html), "handle": "wren-2"})
    assert r.status_code == 303 and r.headers["location"] == "/review?name=refused"
    page = c.get(r.headers["location"]).text
    assert re.search(r'role="alert"[^>]*>[^<]*what you wrote keeps the name it was sent under', page), page[-2000:]


def test_a_refused_staff_handle_is_shown_beside_its_box_and_a_reload_sends_nothing(tmp_path):
    """The staff's *You sign replies as* refused a person's name with a page of its own, the
    answer to the form: the name was written back on it (“'Maria Santos' cannot be a handle”),
    the box was gone, and a reload sent the name again. The round page comes back by a redirect
    (303) with the reason beside the box, the name masked and not put back in it."""
    from .webapp import Room

    room = Room(tmp_path, with_review=False)
    staff = room.staff()
    rid, _links = room.open_round(staff, reviewers="advisory-3 sex-worker-advisory")
    page = staff.get(f"/staff/r/{rid}").text
    r = staff.post(f"/staff/r/{rid}/handle", data={"csrf": csrf_of(page), "handle": "Maria Santos"})
    assert r.status_code == 303 and r.headers["location"] == f"/staff/r/{rid}?handle=refused", (r.status_code, r.text[:300])
    for _reload in range(2):
        page = staff.get(r.headers["location"])
        assert page.status_code == 200
        form = re.search(r'<form method="post" action="/staff/r/\d+/handle".*?</form>', page.text, re.S).group(0)
        error = re.search(r'<p id="handle-error"[^>]*role="alert"[^>]*>([^<]*)</p>', form)
        assert error and "cannot be a handle" in error.group(1) and "***** ******" in error.group(1), form
        box = re.search(r'<input id="handle"[^>]*>', form).group(0)
        assert 'value=""' in box and 'aria-invalid="true"' in box and "handle-error" in box, box
        assert "Maria" not in page.text and "Santos" not in page.text
    r = staff.post(f"/staff/r/{rid}/handle", data={"csrf": csrf_of(page.text), "handle": "staff-2"})
    assert r.status_code == 303 and r.headers["location"] == f"/staff/r/{rid}"
    page = staff.get(f"/staff/r/{rid}?handle=refused").text
    assert "handle-error" not in page and 'value="staff-2"' in page


BLANKS = [("metadata title", "  title: City of Cedar Harbour Sex Work Response Guidelines\n", '  title: "   "\n',
           "metadata.title"),
          ("principle title", "    title: Dignity and non-judgment\n", '    title: "\\t \\u00a0"\n', "principles.0.title"),
          ("section title", "    title: Responding to violence against sex workers\n", "    title: ' '\n", "sections.0.title"),
          ("empty principle title", "    title: Dignity and non-judgment\n", '    title: ""\n', "principles.0.title")]


def _blank(tmp_path, old: str, new: str):
    from .browser import SAMPLE

    text = SAMPLE.read_text(encoding="utf-8")
    assert text.count(old) >= 1
    g = tmp_path / "blank.yaml"
    g.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[:text.index(old)].count("\n") + 1
    return g, line


import pytest  # noqa: E402


@pytest.mark.parametrize("what, old, new, path", BLANKS, ids=[b[0] for b in BLANKS])
def test_a_title_of_blank_space_is_refused_in_one_line_by_validate_and_check(tmp_path, what, old, new, path):
    """A guideline titled `"   "` (or a section titled with a tab and a no-break space) was
    valid and clean: `validate` said *1 valid*, `check` *0 errors*, and publish made a page with
    no title. Text made of blank space is no text: one line at its place, what is wrong and how
    to fix it (exit 1, as every problem of a document), in validate and check alike; the empty
    text says the same instead of pydantic's “String should have at least 1 character”."""
    from .conftest import run_cli

    g, line = _blank(tmp_path, old, new)
    r = run_cli("validate", str(g))
    assert r.exit_code == 1, r
    problems = [ln for ln in r.stdout.splitlines() if ": error: " in ln]
    assert len(problems) == 1, r.stdout
    assert re.match(rf"{re.escape(str(g))}:{line}:\d+: error: {re.escape(path)} is blank: it has no words "
                    r"\(write its words: blank text shows as nothing where the guideline is read\)$", problems[0]), problems
    r = run_cli("check", str(g), "--format", "json")
    assert r.exit_code == 1, r
    import json

    found = [f for f in json.loads(r.stdout)["findings"] if f["rule_id"].startswith("validation.")]
    assert [(f["line"], f["message"], f["suggestions"]) for f in found] == [
        (line, f"{path} is blank: it has no words",
         ["write its words: blank text shows as nothing where the guideline is read"])], found


def test_the_schema_says_titles_and_texts_hold_words(tmp_path):
    """The JSON Schema (what an editor checks a guideline against while it is typed) took a
    title of spaces too; every required text holds a character that is not blank space now,
    and the light validator (no pydantic) answers as the models do."""
    import json

    import jsonschema

    from lic_policy import store
    from lic_policy.model.guideline import Guideline

    from .browser import ROOT

    schema = json.loads((ROOT / "schemas" / "guideline.schema.json").read_text(encoding="utf-8"))
    assert schema["$defs"]["Metadata"]["properties"]["title"].get("pattern") == "\\S"
    for _what, old, new, path in BLANKS:
        g, _line = _blank(tmp_path, old, new)
        doc = store.load(str(g), validate=False)
        errors = list(jsonschema.Draft202012Validator(Guideline.model_json_schema()).iter_errors(doc.data))
        assert errors, path
        light = store.load(str(g), validate=False).validation_issues()
        full = store.load(str(g), validate=False).validate().issues
        assert [(i.line, i.column, i.message) for i in light] == [(i.line, i.column, i.message) for i in full], path
    # a title with words in it (any script) is still a title
    from .browser import SAMPLE

    for title in ("Ligne directrice — travail du sexe", "  Padded  ", "指針"):
        text = SAMPLE.read_text(encoding="utf-8").replace(
            "  title: City of Cedar Harbour Sex Work Response Guidelines\n", f'  title: "{title}"\n', 1)
        g = tmp_path / "ok.yaml"
        g.write_text(text, encoding="utf-8")
        assert store.load(str(g), validate=False).validate().issues == [], title


def _two_comments_one_id(tmp_path, second_words: str, second_author: str = "advisory-9 (sex-worker-advisory)"):
    from .conftest import DRAFT
    from .test_hostile_input import W
    from .test_hostile_round11 import _docx, _rel, _t

    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    s = "Applies to bylaw officers and police responding to sex work/trafficking in the City's neighbourhoods."

    def ranged(words: str) -> str:
        return ('<w:commentRangeStart w:id="4"/>' + _t(words) + '<w:commentRangeEnd w:id="4"/>'
                '<w:r><w:commentReference w:id="4"/></w:r>')

    def comment(author: str, words: str) -> str:
        return (f'<w:comment w:id="4" w:author="{author}" w:date="2026-01-01T00:00:00Z"><w:p>' + _t(words)
                + "</w:p></w:comment>")

    comments = (f'<?xml version="1.0" encoding="UTF-8"?><w:comments {W}>'
                + comment("advisory-9 (sex-worker-advisory)", "Say who decides.") + comment(second_author, second_words)
                + "</w:comments>")
    doc = _docx(tmp_path / "r.docx", "<w:p>" + ranged(s[:25]) + ranged(s[25:]) + "</w:p>",
                {"word/comments.xml": comments}, _rel("rId9", "comments", "comments.xml"))
    return g, doc


def test_two_comments_sharing_an_id_in_a_returned_word_file_are_never_silently_merged(tmp_path):
    """A returned .docx whose comments.xml gave two comments the same id (a converter, or two
    files' comments pasted together): `review import` added two threads, both with the last
    comment's words — “Say who decides.” was lost without a word. Which words each comment is
    on cannot be told apart then, so the import stops in one line naming the id (exit 2,
    nothing written); the same comment written twice under one id (nothing to lose) imports."""
    from .conftest import run_cli

    g, doc = _two_comments_one_id(tmp_path, "Outreach first, please.")
    r = run_cli("review", "import", str(doc), "--guideline", str(g))
    assert r.exit_code == 2, r
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"{doc}: error: ") and "id 4" in lines[0] \
        and "2 comments" in lines[0] and "nothing was imported" in lines[0], r.stderr
    assert "Traceback" not in r.stderr and "Say who decides" not in r.stderr
    assert not (tmp_path / "g.review.yaml").exists()
    # the same comment twice under one id: both places keep its words, nothing lost
    (tmp_path / "same").mkdir()
    g, doc = _two_comments_one_id(tmp_path / "same", "Say who decides.")
    r = run_cli("review", "import", str(doc), "--guideline", str(g))
    assert r.exit_code == 0, r
    assert (tmp_path / "same" / "g.review.yaml").read_text(encoding="utf-8").count("body: Say who decides.") == 2


def test_the_new_links_page_is_reached_by_a_redirect_so_a_reload_opens_no_second_round(tmp_path):
    """*Make the links* answered with the links page itself: reloading it (to see the links
    again, or by a phone waking up) made the browser send the form again, and the room opened a
    second round with new links for the same reviewers. The links page is reached by a redirect
    (303) now; reloading it shows the same links and opens nothing. Only the staff session that
    made them sees them, held in the room's memory (signing out forgets them); the room keeps only
    each link's fingerprint, as before. *Invite more reviewers* works the same way."""
    from .webapp import Room

    room = Room(tmp_path, with_review=False)
    staff = room.staff()
    csrf = csrf_of(staff.get(f"/staff/g/{room.gid}").text)
    r = staff.post(f"/staff/g/{room.gid}/rounds", data={"csrf": csrf, "reviewers": "advisory-3 sex-worker-advisory"})
    assert r.status_code == 303 and re.fullmatch(r"/staff/r/\d+/links", r.headers["location"]), (r.status_code, r.text[:200])
    first = staff.get(r.headers["location"])
    again = staff.get(r.headers["location"])
    links = re.findall(r'value="([^"]*/i/[^"]+)"', first.text)
    assert first.status_code == again.status_code == 200 and len(links) == 1
    assert first.headers["cache-control"] == "no-store"  # secrets: never kept by the browser or a proxy
    assert re.findall(r'value="([^"]*/i/[^"]+)"', again.text) == links
    assert len(room.state.rounds()) == 1 and len(room.state.invitations(room.state.rounds()[0].id)) == 1
    rid = int(r.headers["location"].split("/")[3])
    # another staff session sees no links
    other = room.staff()
    page = other.get(f"/staff/r/{rid}/links")
    assert "/i/" not in page.text and page.status_code == 410 and "withdraw" in page.text.lower(), page.text[-800:]
    # inviting more: the same
    round_page = staff.get(f"/staff/r/{rid}").text
    r = staff.post(f"/staff/r/{rid}/invite", data={"csrf": csrf_of(round_page), "reviewers": "advisory-4 community"})
    assert r.status_code == 303 and r.headers["location"] == f"/staff/r/{rid}/links"
    more = re.findall(r'data-handle="([^"]+)"', staff.get(r.headers["location"]).text)
    assert more == ["advisory-4"] and len(room.state.invitations(rid)) == 2
