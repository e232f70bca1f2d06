"""hostile10: earlier rounds' leftovers, and new kinds of hostile and careless input.

Each test names what broke before its fix. Cases that held are counted in
tests/hostile_report.py (and so in tests/HOSTILE_INPUTS.md) without a test of their own here.

HOSTILE FIXTURE: some strings below are attacks or careless input written on purpose.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import run_cli, one_error_line as _one_error_line

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- the review room


def _staff_suggestion(room, staff, rid: int) -> str:
    from .webapp import csrf_of, part_of

    page = staff.get(f"/staff/r/{rid}").text
    key = "response.violence.1|text"
    r = staff.post(f"/staff/r/{rid}/threads", json={"part": key, "h": part_of(page, key), "span": "0-11",
                                                    "kind": "suggestion", "replacement": "When violence",
                                                    "body": "Plainer."},
                   headers={"X-CSRF-Token": csrf_of(page)})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def test_room_accept_while_an_editor_saves_the_guideline_names_the_guideline(tmp_path, monkeypatch):
    """Staff pressed Accept while the drafter saved the guideline in an editor: nothing was
    written (right), but the page said 'The review file could not be written: the file changed
    while lic-policy was working on it (another program saved it); nothing was written (run the
    command again)' — the wrong file, and a command the staff never ran. It now names the
    draft's file and says to reload and accept again."""
    from lic_policy.review import apply as apply_mod

    from .webapp import Room, csrf_of

    room = Room(tmp_path)
    staff = room.staff()
    rid, _links = room.open_round(staff)
    tid = _staff_suggestion(room, staff, rid)
    saved = room.guideline.read_text(encoding="utf-8") + "# the editor's save\n"
    review_before = room.review_file.read_bytes()
    real = apply_mod.apply_suggestions

    def slow_apply(*args, **kwargs):
        out = real(*args, **kwargs)
        with open(room.guideline, "a", encoding="utf-8") as fh:  # the editor saves meanwhile
            fh.write("# the editor's save\n")
        return out

    monkeypatch.setattr(apply_mod, "apply_suggestions", slow_apply)
    page = staff.get(f"/staff/r/{rid}").text
    r = staff.post(f"/staff/r/{rid}/threads/{tid}/accept", json={}, headers={"X-CSRF-Token": csrf_of(page)})
    assert r.status_code == 409, r.text
    message = r.json()["error"]
    assert "review file" not in message and "run the command" not in message, message
    assert room.guideline.name in message and "reload" in message.lower() and "nothing was written" in message, \
        message
    assert room.guideline.read_text(encoding="utf-8") == saved and room.review_file.read_bytes() == review_before
    # in French too
    fr = staff.post(f"/staff/r/{rid}/threads/{tid}/accept?lang=fr", json={}, headers={"X-CSRF-Token": csrf_of(page)})
    assert fr.status_code == 409 and room.guideline.name in fr.json()["error"], fr.text
    assert "relecture" not in fr.json()["error"] and "projet" in fr.json()["error"]
    room.guideline.write_text(saved, encoding="utf-8")
    # and once the editor is done, Accept works
    monkeypatch.setattr(apply_mod, "apply_suggestions", real)
    r = staff.post(f"/staff/r/{rid}/threads/{tid}/accept", json={}, headers={"X-CSRF-Token": csrf_of(page)})
    assert r.status_code == 200, r.text
    assert "# the editor's save" in room.guideline.read_text(encoding="utf-8")


def test_room_limits_are_written_as_numbers_are_in_the_page_language(tmp_path, monkeypatch):
    """The room's limits reached a reviewer as the program holds them: 'you have written as much
    as one person can in this round (1000 comments and replies, 1000000 characters in all)' and
    'too long (4001 characters; at most 4000)', in French as in English. Numbers are now
    grouped as the page's language writes them (1,000,000; 1 000 000 in French)."""
    from lic_policy.web import state as state_mod

    from .test_hostile_round9 import _comment, _room

    monkeypatch.setattr(state_mod, "MAX_POSTS", 1000)
    monkeypatch.setattr(state_mod, "MAX_POST_CHARS", 5000)
    _room_, _staff, a, b = _room(tmp_path)
    assert _comment(a, "x " * 2000).status_code == 201
    r = _comment(a, "y " * 1500)
    assert r.status_code == 429, r.text
    message = r.json()["error"]
    assert "1,000 comments" in message and "5,000 characters" in message, message
    monkeypatch.setattr(state_mod, "MAX_POST_CHARS", 50_000)
    r = _comment(b, "z" * 4001)
    assert r.status_code == 422 and "4,001" in r.json()["error"] and "4,000" in r.json()["error"], r.text
    from .webapp import csrf_of, part_of

    html = b.get("/review?lang=fr").text
    key = "response.violence.1|text"
    r = b.post("/review/threads?lang=fr", json={"part": key, "h": part_of(html, key), "start": "0", "end": "11",
                                                "exact": "If violence", "kind": "comment", "body": "z" * 4001},
               headers={"X-CSRF-Token": csrf_of(html)})
    assert r.status_code == 422, r.text
    assert "4\u202f001" in r.json()["error"] or "4\u00a0001" in r.json()["error"], r.json()["error"]


def test_translator_groups_numbers_and_leaves_other_values():
    from lic_policy.web.i18n import translator

    en, fr = translator("en"), translator("fr")
    assert en("{n} and {s}", n=1234567, s="1234567") == "1,234,567 and 1234567"
    assert en("{n}", n=True) == "True"
    assert fr("{n}", n=1234567).replace("\u202f", " ").replace("\u00a0", " ") == "1 234 567"


# ---------------------------------------------------------------- Word files


def _word(path: Path, body: str, parts: dict) -> Path:
    import zipfile

    from .test_hostile_input import CONTENT_TYPES, RELS, W

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}'
                                        "</w:body></w:document>")
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _note_rels(kind: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships/{kind}" Target="{kind}.xml"/></Relationships>')


def _looping_word_file(tmp_path: Path, how: str) -> Path:
    from .test_hostile_input import W

    text = "<w:p><w:r><w:t>Staff offer support first.</w:t></w:r></w:p>"
    if how in ("a footnote holding a reference to itself", "two footnotes holding references to each other",
               "an endnote holding a reference to itself"):
        kind = "endnote" if how.startswith("an endnote") else "footnote"
        other = "2" if how.startswith("two") else "1"
        notes = (f'<w:{kind} w:id="1"><w:p><w:r><w:{kind}Ref/></w:r><w:r><w:t>A note.</w:t></w:r>'
                 f'<w:r><w:{kind}Reference w:id="{other}"/></w:r></w:p></w:{kind}>')
        if other == "2":
            notes += (f'<w:{kind} w:id="2"><w:p><w:r><w:t>Another.</w:t></w:r><w:r><w:{kind}Reference w:id="1"/>'
                      f'</w:r></w:p></w:{kind}>')
        body = text + f'<w:p><w:r><w:t>See the note.</w:t></w:r><w:r><w:{kind}Reference w:id="1"/></w:r></w:p>'
        return _word(tmp_path / "loop.docx", body, {
            f"word/{kind}s.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:{kind}s {W}>{notes}</w:{kind}s>',
            "word/_rels/document.xml.rels": _note_rels(f"{kind}s")})
    assert how == "a comment holding a reference to itself"
    body = ('<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>Staff offer support first.</w:t></w:r>'
            '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>')
    comments = (f'<?xml version="1.0" encoding="UTF-8"?><w:comments {W}><w:comment w:id="0" w:author="staff-2 (staff)" '
                'w:date="2026-01-01T00:00:00Z"><w:p><w:r><w:t>Say which.</w:t></w:r><w:r><w:commentReference '
                'w:id="0"/></w:r></w:p></w:comment></w:comments>')
    return _word(tmp_path / "loop.docx", body, {"word/comments.xml": comments,
                                                "word/_rels/document.xml.rels": _note_rels("comments")})


LOOPS = ["a footnote holding a reference to itself", "two footnotes holding references to each other",
         "an endnote holding a reference to itself", "a comment holding a reference to itself"]


@pytest.mark.parametrize("command", ["import", "review import"])
@pytest.mark.parametrize("how", LOOPS)
def test_a_word_note_or_comment_inside_itself_is_refused_at_once(tmp_path, how, command):
    """A 1 KB .docx whose footnote (endnote, comment) holds a reference to itself, or two notes
    each other's, sent pandoc round the loop: 16-40 s and 1.8-2.6 GB, then 'cannot be read:
    pandoc: Heap exhausted', or 60 s and 'split the document'. Word never puts a note or a
    comment inside one; the file is refused before pandoc reads it, in one line that says so."""
    from .conftest import DRAFT

    doc = _looping_word_file(tmp_path, how)
    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    args = ["import", str(doc), "-o", str(tmp_path / "out.yaml"), "--jurisdiction", "City"] if command == "import" \
        else ["review", "import", str(doc), "--guideline", str(g), "--role", "staff"]
    res = run_cli(*args)
    line = _one_error_line(res, "inside", "a word processor never writes", where=f"{doc}: error: part word/")
    assert "Heap" not in line and "pandoc" not in line
    assert not (tmp_path / "out.yaml").exists() and not (tmp_path / "g.review.yaml").exists()


def test_a_footnote_with_its_own_number_mark_still_imports(tmp_path):
    """The number mark Word writes at the start of every footnote (w:footnoteRef) is not a
    reference to a note: such a file imports, its footnote a to-do item."""
    from .test_hostile_input import W

    notes = ('<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>A plain note.</w:t></w:r></w:p>'
             '</w:footnote>')
    body = ('<w:p><w:r><w:t>Staff offer support first.</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>'
            '</w:p>')
    doc = _word(tmp_path / "n.docx", body, {
        "word/footnotes.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes {W}>{notes}</w:footnotes>',
        "word/_rels/document.xml.rels": _note_rels("footnotes")})
    res = run_cli("import", str(doc), "-o", str(tmp_path / "out.yaml"), "--jurisdiction", "City")
    assert res.exit_code == 0, res
    assert "A plain note." in (tmp_path / "out.yaml").read_text(encoding="utf-8")


# ---------------------------------------------------------------- OpenDocument files

ODT_CONTENT = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:'
               'opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
               'xmlns:dc="http://purl.org/dc/elements/1.1/"><office:body><office:text>{body}</office:text>'
               '</office:body></office:document-content>')


def _odt_nested_annotations(depth: int) -> str:
    inner = "deepest"
    for i in range(depth):
        inner = (f'<office:annotation office:name="a{i}"><dc:creator>Jane Smithers</dc:creator>'
                 f'<text:p>Note {i} {inner}</text:p></office:annotation>')
    return f"<text:p>Staff offer support first.{inner}</text:p>"


def test_odt_annotations_nested_inside_each_other_are_read_in_linear_time():
    """An .odt whose comments (office:annotation) sit inside each other 2,000 deep — a 1 KB file
    no word processor writes — kept `import` reading for minutes and took 14.5 GB: each
    paragraph of each comment was read again as a paragraph of the document, and each comment's
    words held every comment inside it, with its author's name (dc:creator). A comment's words
    are now its own paragraphs, without the comments inside them or who wrote them, and a
    comment's paragraphs are not the document's."""
    import xml.etree.ElementTree as ET

    from lic_policy.importdoc import _odt_notes

    depth = 300
    notes = _odt_notes(ET.fromstring(ODT_CONTENT.format(body=_odt_nested_annotations(depth))))
    total = sum(len(quote) + len(words) for quote, words in notes.comments)
    assert total < 40 * depth, total  # linear in the file (was some 1,500,000 characters at 300 deep)
    assert not any("Jane" in words or "Smithers" in words for _q, words in notes.comments)
    assert any(words.startswith(f"Note {depth - 1}") for _q, words in notes.comments), notes.comments[:3]


def test_odt_import_of_annotations_nested_2000_deep_is_quick_and_names_no_one(tmp_path):
    import zipfile

    from .test_hostile_input import odt

    path = odt(tmp_path / "n.odt")
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    parts["content.xml"] = ODT_CONTENT.format(body=_odt_nested_annotations(2000)).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    res = run_cli("import", str(path), "-o", str(tmp_path / "out.yaml"), "--jurisdiction", "City")
    assert "Traceback" not in res.stderr and "internal error" not in res.stderr, res
    assert "Jane" not in res.stdout + res.stderr
    if res.exit_code == 0:
        assert "Jane" not in (tmp_path / "out.yaml").read_text(encoding="utf-8")
    else:
        _one_error_line(res, where=f"{path}: error: ")


# ---------------------------------------------------------------- configuration files


@pytest.mark.parametrize("what", ["a dangling symbolic link", "a folder", "a named pipe", "a link to /dev/zero"])
def test_a_configuration_that_is_not_a_file_is_named_not_passed_over(tmp_path, monkeypatch, what):
    """A .lic-policy.yaml that is a symbolic link to a shared file no longer there (or a
    folder, a named pipe, a link to a device) was passed over without a word: `check` ran with
    the defaults, the team's disabled rules and fail_on dropped, or a configuration further up
    used instead. It is now one line at that file, and nothing is read from a pipe or device."""
    import os

    from .conftest import DRAFT

    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    cfg = tmp_path / ".lic-policy.yaml"
    if what == "a dangling symbolic link":
        cfg.symlink_to(tmp_path / "shared" / "lic-policy.yaml")
    elif what == "a folder":
        cfg.mkdir()
    elif what == "a named pipe":
        os.mkfifo(cfg)
    else:
        cfg.symlink_to("/dev/zero")
    monkeypatch.chdir(tmp_path)
    for args in (("check", "--no-cache", "g.yaml"), ("validate", "g.yaml")):
        res = run_cli(*args)
        line = _one_error_line(res, "configuration", where=f"{cfg}: error: ")
        assert "not found" not in line and "--config" not in line, line
    # the language server shows the same line on the document (it said "configuration file not
    # found (check the --config path)")
    from .test_hostile_round5 import _server_with

    server, uri = _server_with(tmp_path, "g.yaml", DRAFT.read_text(encoding="utf-8"))
    findings, error = server.findings_for(server.workspace.get_text_document(uri))
    assert findings == [] and error is not None and "not found" not in error.message, error
    assert error.one_line().startswith(f"{cfg}: error: the configuration is "), error.one_line()


# ---------------------------------------------------------------- the Word review packet round trip


def _edited_packet(tmp_path: Path, replace: tuple[str, str]) -> tuple[Path, Path]:
    """A review packet of the early draft, with ``replace`` made in its document.xml as Word
    saves an edit made with Track Changes off (the words simply changed)."""
    import zipfile

    from .conftest import DRAFT

    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    packet = tmp_path / "packet.docx"
    assert run_cli("review", "packet", str(g), "-o", str(packet)).exit_code == 0
    with zipfile.ZipFile(packet) as z:
        parts = [(i, z.read(i)) for i in z.infolist()]
    edited = tmp_path / "edited.docx"
    with zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            if info.filename == "word/document.xml":
                old, new = (f'<w:t xml:space="preserve">{w}</w:t>'.encode() for w in replace)
                assert data.count(old) == 1
                data = data.replace(old, new)
            z.writestr(info, data)
    return g, edited


@pytest.mark.slow  # 0.23 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_packet_edited_with_track_changes_off_says_what_it_did_not_import(tmp_path):
    """A reviewer who changed the packet's words with Track Changes off ('clean up the streets'
    made 'support people on the streets') had the change dropped without a word: 'added 0
    comment(s), 0 suggestion(s)', exit 0. The paragraph is now named, with what to do, so the
    edit is not lost on the way back; nothing is made up from it."""
    g, edited = _edited_packet(tmp_path, ("clean up the streets", "support people on the streets"))
    res = run_cli("review", "import", str(edited), str(g), "--role", "staff")
    assert res.exit_code == 0, res
    warned = [ln for ln in res.stderr.splitlines() if "Track Changes" in ln]
    assert len(warned) == 1, res.stderr
    assert "purpose" in warned[0] and "support people on the streets" in warned[0], warned
    assert "not imported" in warned[0]
    js = run_cli("review", "import", str(edited), str(g), "--role", "staff", "--dry-run", "--format", "json")
    import json
    data = json.loads(js.stdout)
    assert [u["where"] for u in data["untracked"]] == ["purpose"], data["untracked"]


@pytest.mark.parametrize("sample", ["draft", "good"])
def test_an_unedited_packet_warns_of_nothing(tmp_path, sample):
    """The packet's own paragraphs (its notes, the findings about the whole document, labels
    such as 'Owner:' or 'Published by:' before a value, the threads of a review file) are not
    edits."""
    from .conftest import DRAFT, GOOD

    source = {"draft": DRAFT, "good": GOOD}[sample]
    g = tmp_path / "g.yaml"
    g.write_bytes(source.read_bytes())
    review = source.with_name(source.name[:-5] + ".review.yaml")
    if review.exists():
        (tmp_path / "g.review.yaml").write_bytes(review.read_bytes())
    packet = tmp_path / "packet.docx"
    assert run_cli("review", "packet", str(g), "-o", str(packet)).exit_code == 0
    res = run_cli("review", "import", str(packet), str(g), "--role", "staff", "--dry-run")
    assert res.exit_code == 0 and "Track Changes" not in res.stderr, res


# ---------------------------------------------------------------- the language server


@pytest.mark.slow  # 0.32 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_lsp_code_actions_for_a_whole_selected_document_are_bounded(tmp_path, monkeypatch):
    """Select all (Ctrl+A) in an editor and it asks for the code actions of the whole document:
    for a Markdown file of 10,000 flagged lines the server built a quick fix and four
    suppressions for every finding, each by rewriting the whole text (50,000 actions, each
    O(the text)), and did not answer within 120 s. Per-finding actions are now made for the
    first few findings of the range (those at the cursor come first); 'fix all' is still offered."""
    from lsprotocol import types as lsp

    from lic_policy import lsp as L

    from .test_hostile_round5 import _server_with

    line = "Outreach met two prostitutes at the drop-in.\n"  # a must-flag fixture line
    server, uri = _server_with(tmp_path, "many.md", line * 300)
    monkeypatch.setattr(server, "text_document_publish_diagnostics", lambda *_a: None)
    server.publish(uri)
    assert len(server.docs[uri].findings) >= 300  # many times the bound
    made: list = []
    for name in ("fixed_text", "suppression_edit"):
        real = getattr(L, name)
        monkeypatch.setattr(L, name, lambda *a, _real=real, **k: made.append(1) or _real(*a, **k))
    everything = lsp.Range(start=lsp.Position(line=0, character=0), end=lsp.Position(line=300, character=0))
    actions = L.code_actions(server, lsp.CodeActionParams(text_document=lsp.TextDocumentIdentifier(uri=uri),
                                                          range=everything,
                                                          context=lsp.CodeActionContext(diagnostics=[])))
    assert len(made) <= 6 * (L.MAX_FINDINGS_PER_ACTION_REQUEST + 1), len(made)
    assert len(actions) <= 6 * L.MAX_FINDINGS_PER_ACTION_REQUEST + 1, len(actions)
    assert any(a.kind == lsp.CodeActionKind.SourceFixAll for a in actions)
    # at the cursor, that finding's own fix is offered
    at = lsp.Range(start=lsp.Position(line=150, character=20), end=lsp.Position(line=150, character=20))
    actions = L.code_actions(server, lsp.CodeActionParams(text_document=lsp.TextDocumentIdentifier(uri=uri),
                                                          range=at, context=lsp.CodeActionContext(diagnostics=[])))
    quick = [a for a in actions if a.kind == lsp.CodeActionKind.QuickFix and a.diagnostics]
    assert quick and all(a.diagnostics[0].range.start.line == 150 for a in quick)


def test_room_a_broken_review_file_is_called_the_review_file_on_the_staff_page(tmp_path):
    """An editor saved the review file broken (or a merge left conflict marks in it): the staff
    page was headed 'The draft cannot be read' over the review file's own error line — the
    wrong file again. The heading now names the review file; reviewers still read a plain
    sentence, and a broken guideline is still 'The draft cannot be read'."""
    import re

    from .webapp import Room

    room = Room(tmp_path)
    staff = room.staff()
    rid, links = room.open_round(staff)
    reviewer = room.reviewer(links["advisory-3"])
    good = room.review_file.read_bytes()
    room.review_file.write_text("threads: [\n", encoding="utf-8")
    page = staff.get(f"/staff/r/{rid}")
    assert page.status_code == 503
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page.text, re.S).group(1)
    assert "review file" in heading and "draft" not in heading.lower(), heading
    assert room.review_file.name in page.text
    r = reviewer.get("/review")
    assert r.status_code == 503 and "review file" not in r.text and room.review_file.name not in r.text
    room.review_file.write_bytes(good)
    text = room.guideline.read_text(encoding="utf-8")
    room.guideline.write_text(text + "\nextra: [\n", encoding="utf-8")
    page = staff.get(f"/staff/r/{rid}")
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page.text, re.S).group(1)
    assert page.status_code == 503 and "draft" in heading.lower(), heading


# ---------------------------------------------------------------- privacy


def test_import_never_repeats_an_identity_from_a_word_comment_or_change_on_the_terminal(tmp_path):
    """`import` of a Word file with a colleague's comment 'Call me, Jane Smithers, at
    604-555-0199.' masked the name and number in the guideline's to-do item (J*** S*******,
    6**-5**-0***) and printed them whole on the terminal ('could not place: a Word comment
    on …'), from where they reach CI logs and shared screens. The report lines are masked as
    the to-do items are."""
    from .test_hostile_input import W

    body = ('<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>Staff offer support first.</w:t></w:r>'
            '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>'
            '<w:p><w:ins w:id="5" w:author="staff-2 (staff)" w:date="2026-01-01T00:00:00Z"><w:r><w:t>Write to '
            'jane.smithers@example.org for a ride.</w:t></w:r></w:ins></w:p>')
    comments = (f'<?xml version="1.0" encoding="UTF-8"?><w:comments {W}><w:comment w:id="0" w:author="staff-2 (staff)" '
                'w:date="2026-01-01T00:00:00Z"><w:p><w:r><w:t>Call me, Jane Smithers, at 604-555-0199.</w:t></w:r>'
                '</w:p></w:comment></w:comments>')
    doc = _word(tmp_path / "c.docx", body, {"word/comments.xml": comments,
                                            "word/_rels/document.xml.rels": _note_rels("comments")})
    res = run_cli("import", str(doc), "-o", str(tmp_path / "out.yaml"), "--jurisdiction", "City")
    assert res.exit_code == 0, res
    shown = res.stdout + res.stderr
    assert "could not place: a Word comment" in shown, shown
    for secret in ("Jane", "Smithers", "604-555-0199", "555-0199", "jane.smithers@example.org"):
        assert secret not in shown, (secret, shown)
    todo = (tmp_path / "out.yaml").read_text(encoding="utf-8").split("todo:")[1].split("purpose:")[0]
    for secret in ("Jane", "604-555-0199"):
        assert secret not in todo


# ---------------------------------------------------------------- Word structures that held

_T = "<w:p><w:r><w:t>Staff offer support first.</w:t></w:r></w:p>"


def _nested_tables(depth: int) -> str:
    inner = _T
    for i in range(depth):
        inner = (f"<w:tbl><w:tr><w:tc>{inner}<w:p><w:r><w:t>level {i}</w:t></w:r></w:p></w:tc><w:tc>{_T}</w:tc></w:tr>"
                 "</w:tbl>")
    return inner


def _boxes(depth: int) -> str:
    inner = "<w:p><w:r><w:t>Inside a box.</w:t></w:r></w:p>"
    for _ in range(depth):
        inner = (f'<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent>'
                 f"{inner}</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>")
    return inner


HELD_WORD = {  # name → body of word/document.xml: each imports, or is refused in one line
    "tables nested 30 deep": _nested_tables(30),
    "a VML text box": _T + _boxes(1),
    "text boxes nested 200 deep": _T + _boxes(200),
    "a HYPERLINK field to javascript:": _T + (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "javascript:alert(1)" '
        '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>click</w:t></w:r><w:r>'
        '<w:fldChar w:fldCharType="end"/></w:r></w:p>'),
    "20,000 fields begun and never ended": _T + "<w:p>" + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>' * 20000
    + "<w:r><w:t>x</w:t></w:r></w:p>",
    "a tracked insertion and deletion by 'Jane Smithers'": (
        '<w:p><w:ins w:id="1" w:author="Jane Smithers" w:date="2026-01-01T00:00:00Z"><w:r><w:t>Staff offer support '
        'first.</w:t></w:r></w:ins><w:del w:id="2" w:author="Jane Smithers"><w:r><w:delText>Police respond.'
        "</w:delText></w:r></w:del></w:p>"),
    "a content control (w:sdt) aliased 'Jane Smithers'": (
        f'<w:sdt><w:sdtPr><w:alias w:val="Jane Smithers"/></w:sdtPr><w:sdtContent>{_T}</w:sdtContent></w:sdt>'),
    "mc:AlternateContent": _T + (
        '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice '
        'Requires="wps"><w:p><w:r><w:t>Choice</w:t></w:r></w:p></mc:Choice><mc:Fallback><w:p><w:r><w:t>Fallback'
        "</w:t></w:r></w:p></mc:Fallback></mc:AlternateContent>"),
    "hyperlinks nested 3,000 deep": _T + "<w:p>" + "<w:hyperlink>" * 3000 + "<w:r><w:t>x</w:t></w:r>"
    + "</w:hyperlink>" * 3000 + "</w:p>",
}


@pytest.mark.parametrize("command", ["import", "review import"])
@pytest.mark.parametrize("name", sorted(HELD_WORD))
def test_odd_word_structures_are_imported_or_refused_in_one_line(tmp_path, name, command):
    """Structures Word (or a hand) writes that earlier rounds did not try: each is imported, or
    refused in one line at the file; a tracked change's or content control's author is never
    stored or shown."""
    from .conftest import DRAFT

    doc = _word(tmp_path / "w.docx", HELD_WORD[name], {})
    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    args = ["import", str(doc), "-o", str(tmp_path / "out.yaml"), "--jurisdiction", "City"] if command == "import" \
        else ["review", "import", str(doc), "--guideline", str(g), "--role", "staff"]
    res = run_cli(*args)
    if res.exit_code == 2:
        _one_error_line(res, where=f"{doc}: error: ")
    else:
        assert res.exit_code == 0 and "Traceback" not in res.stderr and "internal error" not in res.stderr, res
    written = [p.read_text(encoding="utf-8", errors="replace") for p in tmp_path.iterdir()
               if p.suffix in (".yaml", ".json") and p.name != "g.yaml"]
    assert not any("Jane" in w or "Smithers" in w for w in written + [res.stdout, res.stderr])
    assert not any("javascript:" in w for w in written)


def test_a_configuration_of_two_yaml_documents_is_not_called_a_guideline(tmp_path):
    """A .lic-policy.yaml holding two documents ('---' between them: two settings pasted in)
    said 'keep one guideline per file': the file is the configuration."""
    from .conftest import DRAFT

    cfg = tmp_path / ".lic-policy.yaml"
    cfg.write_text("fail_on: none\n---\nfail_on: error\n", encoding="utf-8")
    res = run_cli("check", "--no-cache", "--config", str(cfg), str(DRAFT))
    line = _one_error_line(res, "more than one YAML document", "'---'", where=f"{cfg}:2:1: error: ")
    assert "guideline" not in line, line
