"""hostile9: earlier rounds' leftovers, and new kinds of hostile and careless input.

Each test names what broke before its fix. Cases that held are counted in
tests/hostile_report.py (and so in tests/HOSTILE_INPUTS.md) without a test of their own here.

HOSTILE FIXTURE: some strings below are attacks or careless input written on purpose.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .conftest import GOOD, ast_walk, run_cli, one_error_line as _one_error_line

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- round 8's leftovers


PACK = """pack: ours
reviewer: language
rules:
  - id: ours.test
    severity: warning
    title: A test rule
    message: "a test rule"
    patterns: ["zzqqzz"]
    rationale: A rule for this test.
    sources: [{title: A test, url: "https://example.org"}]
    examples:
      flag: ["zzqqzz here"]
      pass: ["nothing here"]
"""


def test_a_rule_pack_listed_twice_is_named_at_the_configuration_line(tmp_path, monkeypatch):
    """``packs: [policy/ours.yaml, ./policy/ours.yaml]`` was "policy/ours.yaml: error: a pack
    named 'ours' is already loaded (give the pack another 'pack:' name)": the pack is fine, the
    mistake is the configuration's second entry, and that is where the error now points."""
    (tmp_path / "policy").mkdir()
    (tmp_path / "policy" / "ours.yaml").write_text(PACK, encoding="utf-8")
    (tmp_path / "g.yaml").write_bytes(GOOD.read_bytes())
    (tmp_path / ".lic-policy.yaml").write_text("packs:\n  - policy/ours.yaml\n  - ./policy/ours.yaml\n",
                                               encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    res = run_cli("check", "--no-cache", "g.yaml")
    _one_error_line(res, "'./policy/ours.yaml' is listed twice in packs (first at line 2)", "remove one",
                    where=f"{tmp_path / '.lic-policy.yaml'}:3:5: error: ")
    # a link to the pack is the same pack
    (tmp_path / "link.yaml").symlink_to("policy/ours.yaml")
    (tmp_path / ".lic-policy.yaml").write_text("packs: [policy/ours.yaml, link.yaml]\n", encoding="utf-8")
    res = run_cli("check", "--no-cache", "g.yaml")
    _one_error_line(res, "'link.yaml' is listed twice", where=f"{tmp_path / '.lic-policy.yaml'}:1:27: error: ")
    # and listed once, it loads
    (tmp_path / ".lic-policy.yaml").write_text("packs: [policy/ours.yaml]\n", encoding="utf-8")
    assert run_cli("check", "--no-cache", "g.yaml").exit_code in (0, 1)


# Text that pandoc's Markdown reader takes for markup its writer does not escape: citations
# (@key, -@key, [@a; @b], (@label)), character references (&amp; is the five characters) and
# a paragraph that is only hyphens (a horizontal rule).
MD_HOSTILE = {
    ("metadata", "title"): "Support for @outreach &amp; partners -@doe",
    ("sections", 0, "intro"): "Contact @outreach, -@doe, (@ex) or [@a; @b]; &#x41; &nbsp; &lt;b&gt; _@x @{https://x.example}",
    ("sections", 0, "clauses", 0, "text"): "Staff respond first.\n\n---",
}


def test_published_markdown_reads_back_as_the_guideline_words(tmp_path):
    """``publish --to md`` wrote a guideline's ``@outreach`` as it was, and pandoc (the reader
    the .md is meant for) read it as a citation: ``[@a; @b]`` became two citations, ``(@ex)``
    an example reference, ``&amp;`` the character ``&``, and a clause that is only ``---`` a
    horizontal rule; in the title too (metadata went out unescaped). Each now reads back as
    the words written."""
    from lic_policy.pandoc_ast import all_words
    from lic_policy.publish import pandoc
    from lic_policy.store import parse

    text = GOOD.read_text(encoding="utf-8")
    for path, value in MD_HOSTILE.items():
        text = parse(text, "g.yaml").replace_text(path, value)
    text = parse(text, "g.yaml").replace_text(("metadata", "status"), "draft")
    g = tmp_path / "g.yaml"
    g.write_text(text, encoding="utf-8")
    res = run_cli("publish", str(g), "--to", "md", "--out", str(tmp_path / "out"))
    assert res.exit_code == 0, res
    md = (tmp_path / "out" / "g.md").read_bytes()
    for reader in ("markdown", "markdown-smart"):
        doc = json.loads(pandoc.run(md, from_=reader, to="json"))
        kinds = {n["t"] for n in ast_walk(doc)}
        assert not kinds & {"Cite", "HorizontalRule", "RawInline", "RawBlock"}, (reader, kinds)
        words = all_words(doc["blocks"])
        for path, value in MD_HOSTILE.items():
            # (pandoc's smart reader makes an em dash of '---' in words, as in any Markdown)
            for para in value.split("\n\n") if path[0] != "metadata" else ():
                assert para in words or reader == "markdown" and para == "---", (reader, para)
        title = MD_HOSTILE[("metadata", "title")]
        assert all_words(doc["meta"]["title"]) == title
        assert all_words(doc["meta"]["pagetitle"]) == f"{title} (DRAFT)"
    # an e-mail address is written as it was (no escape inside it)
    assert b"info@" in md or b"@example" in md, md
    assert not re.search(rb"[A-Za-z0-9]\\@", md)


def test_diff_markdown_shows_citations_math_and_superscripts_as_text(tmp_path):
    """The Markdown redline escaped HTML, links, emphasis and CriticMarkup (round 6), but left
    ``@outreach`` (a citation to pandoc, which reads the redline for a wiki page or a PDF),
    ``$x$`` (TeX math to pandoc and to GitHub) and ``^2^`` (a superscript) as markup."""
    from lic_policy.publish import pandoc

    from .conftest import DRAFT

    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_bytes(DRAFT.read_bytes())
    words = "Ask @outreach or -@doe [@a; @b] (@ex); $x$ and ^2^ "
    b.write_text(DRAFT.read_text(encoding="utf-8").replace("  This strategy sets out", "  " + words
                                                           + "This strategy sets out", 1), encoding="utf-8")
    r = run_cli("diff", str(a), str(b), "--format", "markdown")
    assert r.exit_code == 0, r.stderr
    doc = json.loads(pandoc.run(r.stdout.encode(), from_="markdown", to="json"))
    kinds = {n["t"] for n in ast_walk(doc)}
    assert not kinds & {"Cite", "Math", "Superscript", "RawInline"}, kinds
    from lic_policy.pandoc_ast import all_words
    assert words.strip() in all_words(doc["blocks"])


# ---------------------------------------------------------------- the review room's own limits


def _room(tmp_path):
    from .webapp import Room

    room = Room(tmp_path)
    staff = room.staff()
    _rid, links = room.open_round(staff)
    a, b = room.reviewer(links["advisory-3"]), room.reviewer(links["advisory-4"])
    return room, staff, a, b


def _comment(c, body: str):
    from .webapp import csrf_of, part_of

    key = "response.violence.1|text"
    html = c.get("/review").text
    data = {"part": key, "h": part_of(html, key), "start": "0", "end": "11", "exact": "If violence",
            "kind": "comment", "body": body}
    return c.post("/review/threads", json=data, headers={"X-CSRF-Token": csrf_of(html)})


def _reply(c, tid: str, body: str):
    from .webapp import csrf_of

    html = c.get("/review").text
    return c.post(f"/review/threads/{tid}/replies", json={"body": body}, headers={"X-CSRF-Token": csrf_of(html)})


@pytest.mark.slow  # 0.25 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_one_invitation_cannot_fill_the_round(tmp_path, monkeypatch):
    """The room limited each request (64 KB, 4,000 characters) and the review file (32 MB),
    and nothing in between: one invitation link (a reviewer's script, a leaked link) could
    post comment after comment until the file was full, and then no one in the round could
    write at all (8,000 comments of 4,000 characters). Each invitation now has a budget per
    round, comments and replies alike, in number and in characters: past it the reviewer is
    told in words that this one was not saved and to tell the staff; nothing is written; the
    others, and the staff, still write. The count is in the room's state, so a restart does
    not reset it."""
    from lic_policy.web import state as state_mod

    monkeypatch.setattr(state_mod, "MAX_POSTS", 3)
    monkeypatch.setattr(state_mod, "MAX_POST_CHARS", 10_000)
    room, staff, a, b = _room(tmp_path)
    ids = []
    for i in range(2):
        r = _comment(a, f"Comment {i} on the violence clause.")
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    assert _reply(a, ids[0], "And a reply.").status_code == 201
    before = room.review_file.read_bytes()
    for r in (_comment(a, "One more comment."), _reply(a, ids[1], "One more reply.")):
        assert r.status_code == 429, r.text
        message = r.json()["error"]
        assert "not saved" in message and "staff" in message and "3" in message, message
    assert room.review_file.read_bytes() == before
    assert _comment(b, "Another reviewer still writes.").status_code == 201
    from .webapp import csrf_of, part_of
    page = staff.get("/staff/r/1").text
    key = "response.violence.1|text"
    r = staff.post("/staff/r/1/threads", data={"csrf": csrf_of(page), "part": key, "h": part_of(page, key),
                                               "span": "0-11", "kind": "question", "body": "Staff still write."})
    assert r.status_code == 303, r.text
    # a restarted room (a new process on the same state file) still counts them
    from lic_policy.web.app import create_app
    from lic_policy.web.state import State
    room.state = State(room.state_path)
    room.app = create_app(room.site, room.state, room.config)
    assert _comment(a, "After a restart.").status_code == 429
    # in characters too: a reviewer with a fresh budget of 10,000 characters
    monkeypatch.setattr(state_mod, "MAX_POSTS", 100)
    assert _comment(b, "x " * 2000).status_code == 201
    assert _comment(b, "y " * 2000).status_code == 201
    before = room.review_file.read_bytes()
    r = _comment(b, "z " * 2000)
    assert r.status_code == 429 and "not saved" in r.json()["error"], r.text
    assert room.review_file.read_bytes() == before
    assert _comment(b, "A short one still fits.").status_code == 201


def test_a_refused_post_does_not_use_the_budget(tmp_path, monkeypatch):
    """Only what is written counts: a comment refused for its content (web page code, an email
    address) or because the file is full leaves the reviewer's budget as it was."""
    from lic_policy.web import state as state_mod

    monkeypatch.setattr(state_mod, "MAX_POSTS", 2)
    _room_, _staff, a, _b = _room(tmp_path)
    for _ in range(5):
        assert _comment(a, "<script>alert(1)</script>").status_code == 422
        assert _comment(a, "Write to me at someone@example.org").status_code == 422
    assert _comment(a, "First.").status_code == 201
    assert _comment(a, "Second.").status_code == 201
    assert _comment(a, "Third.").status_code == 429


def test_one_comment_cannot_take_endless_replies(tmp_path, monkeypatch):
    """A reply rewrites its whole thread: a thread of thousands of replies made every reply
    cost the thread's size in writes (and a page no one can read). A thread takes at most
    MAX_REPLIES replies; past them the reply is refused in words (start a new comment)."""
    from lic_policy.web import site as site_mod

    monkeypatch.setattr(site_mod, "MAX_REPLIES", 2)
    room, _staff, a, _b = _room(tmp_path)
    tid = _comment(a, "A comment.").json()["id"]
    assert _reply(a, tid, "one").status_code == 201
    assert _reply(a, tid, "two").status_code == 201
    before = room.review_file.read_bytes()
    r = _reply(a, tid, "three")
    assert r.status_code == 429, r.text
    assert "new comment" in r.json()["error"] and "not saved" in r.json()["error"]
    assert room.review_file.read_bytes() == before


# ---------------------------------------------------------------- Unicode


@pytest.mark.parametrize("mark", ["\u2066", "\u2067", "\u2068", "\u2069", "\u202a", "\u202b", "\u202c"])
def test_a_direction_isolate_or_embedding_inside_a_flagged_word_does_not_hide_it(tmp_path, mark):
    """Direction isolates and embeddings stay allowed in a guideline's text (right-to-left
    text needs them), and inside a word of left-to-right letters they show nothing: a
    published page shows 'prostitutes' for 'pros\\u2066titutes'. The check read the word as
    two and found nothing (zero-width spaces, joiners and soft hyphens were already read
    through)."""
    text = GOOD.read_text(encoding="utf-8").replace(
        "purpose: |\n", f"purpose: |\n  Outreach staff met three pros{mark}titutes last night.\n", 1)
    g = tmp_path / "g.yaml"
    g.write_text(text, encoding="utf-8")
    line = text[:text.index("Outreach staff met")].count("\n") + 1
    res = run_cli("check", "--no-cache", "--format", "json", str(g))
    found = [(f["line"], f["column"], f["rule_id"]) for f in json.loads(res.stdout)["findings"]
             if f["line"] == line]
    assert (line, 28, "lang.prostitute") in found, found


# ---------------------------------------------------------------- Word files


def _word_with(path: Path, members: list[tuple[str, str]]) -> Path:
    import warnings
    import zipfile

    from .test_hostile_input import CONTENT_TYPES, DOC_RELS, RELS

    with warnings.catch_warnings(), zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name this test writes on purpose
        for name, data in [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS),
                           ("word/_rels/document.xml.rels", DOC_RELS), *members]:
            z.writestr(name, data)
    return path


def _doc(text: str) -> str:
    from .test_hostile_input import W, _para

    return f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{_para(text)}</w:body></w:document>'


@pytest.mark.parametrize("second", ["word/document.xml", "Word/Document.XML"])
@pytest.mark.parametrize("command", ["import", "review import"])
def test_a_word_file_holding_one_part_twice_is_refused(tmp_path, command, second):
    """A .docx holding word/document.xml twice (Word itself calls such a file damaged; a
    hand-made one can carry two texts) was read by pandoc at its first copy and by Python's
    zipfile, which lic-policy's own readers use, at its last: `import` wrote 'First copy',
    while the privacy and size guards had read the other one. Part names are the same part
    in any case (Open Packaging Conventions), so either spelling is refused, in one line."""
    from .conftest import DRAFT

    doc = _word_with(tmp_path / "two.docx", [("word/document.xml", _doc("First copy")),
                                             (second, _doc("Second copy"))])
    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    args = ["import", str(doc), "-o", str(tmp_path / "out.yaml")] if command == "import" else \
        ["review", "import", str(doc), "--guideline", str(g), "--role", "staff"]
    res = run_cli(*args)
    _one_error_line(res, "word/document.xml", "twice", where=f"{doc}: error: ")
    assert not (tmp_path / "out.yaml").exists() and not (tmp_path / "g.review.yaml").exists()


# ---------------------------------------------------------------- YAML


@pytest.mark.parametrize("version", ["1.3", "2.0"])
def test_a_yaml_directive_of_a_version_that_does_not_exist_is_named(tmp_path, version):
    """``%YAML 2.0`` at the top was 'YAML syntax error: found incompatible YAML document (check
    the indentation and quoting around this place)': nothing about the directive."""
    g = tmp_path / "g.yaml"
    g.write_text(f"%YAML {version}\n---\n" + GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    for command in ("check", "validate"):  # both report a file they cannot read on standard output
        res = run_cli(command, "--no-cache", str(g)) if command == "check" else run_cli(command, str(g))
        assert res.exit_code == 2 and "Traceback" not in res.stdout + res.stderr, res
        assert f"{g}:1:1: error: '%YAML {version}': there is no such YAML version" in res.stdout, res
        assert "remove the %YAML line" in res.stdout


# ---------------------------------------------------------------- files that change under the tool


def test_fix_write_never_writes_over_an_editor_save_made_while_it_worked(tmp_path, monkeypatch):
    """`fix --write` read the guideline, worked out its fixes (a second or more on a long one)
    and renamed its result over the file: an editor that saved the file meanwhile (editors take
    no lic-policy lock) lost that save without a word. The file is now compared with what was
    read just before the rename: changed, nothing is written and one line says to run again."""
    from lic_policy.checks import fixes

    from .conftest import DRAFT

    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    saved = DRAFT.read_text(encoding="utf-8").replace("purpose: |\n", "purpose: |\n  The editor's new words.\n", 1)
    real = fixes.fix_text_yaml

    def slow_fix(*args, **kwargs):
        out = real(*args, **kwargs)
        g.write_text(saved, encoding="utf-8")  # the editor saves while fix works
        return out

    monkeypatch.setattr(fixes, "fix_text_yaml", slow_fix)
    res = run_cli("fix", "--write", str(g))
    _one_error_line(res, "changed while lic-policy was working on it", "run the command again",
                    where=f"{g}: error: ")
    assert g.read_text(encoding="utf-8") == saved
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.setattr(fixes, "fix_text_yaml", real)
    assert run_cli("fix", "--write", str(g)).exit_code == 0  # run again: fixed, the editor's words kept
    assert "The editor's new words." in g.read_text(encoding="utf-8")


def test_review_apply_never_writes_over_an_editor_save_made_while_it_worked(tmp_path, monkeypatch):
    """`review apply` (and the room's Accept, which takes the same path) the same way: the
    guideline changed after it was read is left as the editor saved it, the review file too."""
    from lic_policy.review import apply as apply_mod

    from .conftest import DRAFT

    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    r = run_cli("review", "add", str(g), "--field", "purpose", "--quote", "clean up the streets", "--kind",
                "suggestion", "--replacement", "support people in", "--body", "kinder", "--author", "staff-1",
                "--role", "staff")
    assert r.exit_code == 0, r
    tid = r.stdout.split()[1] if r.stdout.startswith("added") else "t1"
    assert run_cli("review", "accept", str(g), "t1", "--author", "staff-1").exit_code == 0
    rf = tmp_path / "g.review.yaml"
    review_before = rf.read_bytes()
    saved = g.read_text(encoding="utf-8").replace("purpose: |\n", "purpose: |\n  The editor's new words.\n", 1)
    real = apply_mod.apply_suggestions

    def slow_apply(*args, **kwargs):
        out = real(*args, **kwargs)
        g.write_text(saved, encoding="utf-8")
        return out

    monkeypatch.setattr(apply_mod, "apply_suggestions", slow_apply)
    res = run_cli("review", "apply", str(g))
    _one_error_line(res, "changed while lic-policy was working on it", where=f"{g}: error: ")
    assert g.read_text(encoding="utf-8") == saved and rf.read_bytes() == review_before, tid


# ---------------------------------------------------------------- JSON files lic-policy keeps


def test_an_author_map_nested_thousands_deep_is_named(tmp_path):
    """`review import` with a NAME.review-authors.json of 100,000 nested brackets (damaged, or
    planted in a shared repository) said 'r.docx: error: the document is nested too deeply':
    the wrong file, and a fix that could not work. The author map is named."""
    from .conftest import DRAFT
    from .test_hostile_input import COMMENTS, _para, docx

    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    (tmp_path / "g.review-authors.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    doc = docx(tmp_path / "r.docx", _para("City will clean up the streets", True), COMMENTS)
    res = run_cli("review", "import", str(doc), "--guideline", str(g), "--role", "staff")
    _one_error_line(res, "cannot read the author map", where=f"{tmp_path / 'g.review-authors.json'}: error: ")
    assert not (tmp_path / "g.review.yaml").exists()


def test_saved_init_answers_nested_thousands_deep_are_one_line(tmp_path):
    """`init` reading an earlier run's NAME.init-answers.json of 100,000 nested brackets was
    'internal error: RecursionError'."""
    (tmp_path / "x.init-answers.json").write_text('{"answers": ' + "[" * 100_000 + "]" * 100_000 + "}",
                                                 encoding="utf-8")
    res = run_cli("init", str(tmp_path / "x.yaml"), "--no-input", "--title", "T", "--jurisdiction", "J",
                  "--kind", "municipality")
    _one_error_line(res, "cannot read the saved answers", where=f"{tmp_path / 'x.init-answers.json'}: error: ")
    assert not (tmp_path / "x.yaml").exists()


def test_a_model_file_nested_thousands_deep_is_one_line(tmp_path, monkeypatch):
    """A repository's rule pack naming a model file of 100,000 nested brackets (a damaged or
    planted file: a pack comes from the repository being checked) made every `check`
    'internal error: RecursionError'. It is named as not a model file."""
    (tmp_path / "policy" / "models").mkdir(parents=True)
    (tmp_path / "policy" / "models" / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (tmp_path / "policy" / "ours.yaml").write_text(PACK.replace("pack: ours\n", "pack: ours\n").replace(
        "  - id: ours.test\n", "  - id: ours.learned\n    kind: model\n    model: models/deep.json\n    needs: sex work\n")
        .replace('    patterns: ["zzqqzz"]\n', ""), encoding="utf-8")
    (tmp_path / ".lic-policy.yaml").write_text("packs: [policy/ours.yaml]\n", encoding="utf-8")
    (tmp_path / "g.yaml").write_bytes(GOOD.read_bytes())
    monkeypatch.chdir(tmp_path)
    res = run_cli("check", "--no-cache", "g.yaml")
    line = _one_error_line(res, "not a framing model file", where=f"{tmp_path / 'policy' / 'models' / 'deep.json'}")
    # the JSON file's own name, without the pack rule's line and column (they are the pack's)
    assert line.startswith(f"{tmp_path / 'policy' / 'models' / 'deep.json'}: "), line


@pytest.mark.parametrize("toml", [
    '[project]\nname = "x"\n\n[tool]\nlic-policy = {fail_on = "none"}\n',
    'tool.lic-policy.fail_on = "none"\n\n[project]\nname = "x"\n',
    '[project]\nname = "x"\n\n[tool]\nlic-policy.fail_on = "none"\n',
    '[project]\nname = "x"\n\n[tool."lic-policy"]\nfail_on = "none"\n',
])
def test_settings_written_as_dotted_keys_or_an_inline_table_are_read(tmp_path, monkeypatch, toml):
    """TOML has three ways to write a table; only the [tool.lic-policy] header was looked for,
    so settings written as dotted keys or an inline table were silently dropped (fail_on:
    none ignored, the CI run failed on findings the project had chosen not to fail on)."""
    from .conftest import DRAFT

    (tmp_path / "pyproject.toml").write_text(toml, encoding="utf-8")
    (tmp_path / "g.yaml").write_bytes(DRAFT.read_bytes())
    monkeypatch.chdir(tmp_path)
    res = run_cli("check", "--no-cache", "g.yaml")
    assert res.exit_code == 0, res  # the draft has errors: fail_on none was read


def test_a_pyproject_naming_lic_policy_elsewhere_is_passed_over(tmp_path, monkeypatch):
    """A key named lic-policy outside [tool] (an optional dependency) is no configuration: the
    lookup goes on to the folder above."""
    from .conftest import DRAFT

    (tmp_path / ".lic-policy.yaml").write_text("fail_on: none\n", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[project.optional-dependencies]\nlic-policy = ["lic-policy"]\n',
                                        encoding="utf-8")
    (sub / "g.yaml").write_bytes(DRAFT.read_bytes())
    monkeypatch.chdir(sub)
    assert run_cli("check", "--no-cache", "g.yaml").exit_code == 0


# ---------------------------------------------------------------- the language server


@pytest.mark.slow  # 0.36 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_lsp_a_message_nested_thousands_deep_gets_a_parse_error_and_no_traceback(tmp_path):
    """A body of 100,000 nested brackets (valid JSON, too deep for Python's parser) showed the
    editor 'Error in server: RecursionError', left a request's answer waiting for ever, and put
    a traceback in the log (a body that is not JSON did that too: pygls logs it with its stack).
    JSON-RPC answers it with Parse error (-32700, id null), the log has one line per message and
    no stack, and the server carries on."""
    from .test_hostile_round4 import RawEditor, _popups

    ed = RawEditor(tmp_path)
    try:
        ed.start()
        ed.frame(b'{"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": '
                 + b"[" * 100_000 + b"]" * 100_000 + b"}")
        ed.frame(b"{not json")
        ed.send({"jsonrpc": "2.0", "id": 9, "method": "shutdown", "params": None})
        msgs = ed.until(lambda m: m.get("id") == 9)
        assert _popups(msgs) == [], msgs
        errors = [m["error"]["code"] for m in msgs if m.get("id") is None and "error" in m]
        assert errors.count(-32700) == 2, msgs
    finally:
        log = ed.stop()
    assert "Traceback" not in log, log
    assert log.count("not JSON") == 1 and "nested too deeply" in log, log


# ---------------------------------------------------------------- links


@pytest.mark.parametrize("command", ["import", "init"])
def test_a_guideline_is_never_written_through_a_link_to_a_review_file(tmp_path, command):
    """Round 8 refused `import -o g.review.yaml --force` and `init g.review.yaml --force` (the
    round's threads were replaced), but g.yaml as a symbolic link to real.review.yaml was
    written through: the threads replaced by a guideline all the same. The file a link names
    is held to the same rule."""
    from .conftest import DRAFT

    (tmp_path / "real.yaml").write_bytes(DRAFT.read_bytes())
    r = run_cli("review", "add", str(tmp_path / "real.yaml"), "--field", "purpose", "--quote", "clean up",
                "--body", "a thread", "--author", "staff-1", "--role", "staff")
    assert r.exit_code == 0, r
    review = tmp_path / "real.review.yaml"
    before = review.read_bytes()
    (tmp_path / "g.yaml").symlink_to("real.review.yaml")
    (tmp_path / "n.md").write_text("# Notes\n\nStaff offer support first.\n", encoding="utf-8")
    args = ["import", str(tmp_path / "n.md"), "-o", str(tmp_path / "g.yaml"), "--force"] if command == "import" else \
        ["init", str(tmp_path / "g.yaml"), "--no-input", "--force", "--title", "T", "--jurisdiction", "J", "--kind",
         "municipality"]
    res = run_cli(*args)
    _one_error_line(res, "review file")
    assert review.read_bytes() == before and (tmp_path / "g.yaml").is_symlink()
