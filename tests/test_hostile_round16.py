"""hostile16: careless and hostile inputs of new kinds, surface by surface.

Each test names what broke before its fix. Cases that held are counted in
tests/hostile_report.py (and so in tests/HOSTILE_INPUTS.md) without a test of their own here.

HOSTILE FIXTURE: the texts below hold stigmatizing terms and framing on purpose — each one
must be flagged (or, where a test says so, must not be).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DRAFT, one_error_line, run_cli, subprocess_env

ROOT = Path(__file__).resolve().parent.parent
VALUES = ROOT / "tests" / "corpus" / "values"


# ---------------------------------------------------------------- rules train -o onto a YAML file

@pytest.mark.parametrize("target", ["g.yaml", "g.review.yaml", "corpus.yaml"])
def test_rules_train_does_not_write_its_model_over_a_yaml_file(tmp_path, monkeypatch, target):
    """`rules train CORPUS -o g.review.yaml` (a name completed with Tab) trained for seconds to
    minutes, then replaced the round's review threads, a guideline or the labelled corpus it
    read with a model's JSON without a word (round 15 closed this `-o` for check, diff,
    compare and rules docs, not for train). Refused before the training, the file untouched."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(DRAFT, "g.yaml")
    Path("g.review.yaml").write_text("lic_policy_review: 1\nguideline: g.yaml\nthreads: []\n", encoding="utf-8")
    shutil.copy(VALUES / "round10-z.yaml", "corpus.yaml")
    before = Path(target).read_bytes()
    res = run_cli("rules", "train", "corpus.yaml", "-o", target)
    one_error_line(res, target, "writing", "-o")
    assert Path(target).read_bytes() == before


@pytest.mark.slow  # 0.43 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_rules_train_still_writes_a_model_file(tmp_path, monkeypatch):
    # on the first 60 of round10-z's 183 sentences (the command's minimum is 50): what is pinned
    # is that a .json -o is written, not the model (3.3 -> about 1.5 s of CPU at load 8; speed19)
    import yaml

    monkeypatch.chdir(tmp_path)
    records = yaml.safe_load((VALUES / "round10-z.yaml").read_text(encoding="utf-8"))[:60]
    Path("corpus.yaml").write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")
    res = run_cli("rules", "train", "corpus.yaml", "-o", "m.json")
    assert res.exit_code == 0, res
    assert json.loads(Path("m.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- words deleted from a Word comment

def _comment_edited_with_track_changes(path: Path) -> Path:
    """A Word file whose one comment was edited with Track Changes on: the reviewer deleted
    a sentence naming themselves and a phone number, and inserted other words."""
    from .test_hostile_input import W, docx

    a = 'w:author="heron (sex-worker-advisory)" w:date="2026-11-25T10:00:00Z"'
    comments = (f'<?xml version="1.0" encoding="UTF-8"?><w:comments {W}><w:comment w:id="0" {a} w:initials="h">'
                f'<w:p><w:r><w:t xml:space="preserve">Please say support first. </w:t></w:r>'
                f'<w:del w:id="71" {a}><w:r><w:delText xml:space="preserve">Ring me, Marisol Quintero, on '
                f'604 555 0199. </w:delText></w:r></w:del>'
                f'<w:ins w:id="72" {a}><w:r><w:t xml:space="preserve">Outreach knows the area.</w:t></w:r></w:ins>'
                f'</w:p></w:comment></w:comments>')
    body = ('<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>Staff offer support first.</w:t></w:r>'
            '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>')
    return docx(path, body, comments)


def test_review_import_leaves_out_what_a_reviewer_deleted_from_their_comment(tmp_path):
    """A reviewer who edits their own Word comment with Track Changes on (a packet sent round
    with Track Changes on, as packets ask) leaves the deleted words in the file, struck
    through. `review import` read them into the comment as the reviewer's words ("Please say
    support first. Ring me, Marisol Quintero, on 604 555 0199. Outreach knows the area."):
    what the reviewer took back, a name and a phone number here, was stored in the review
    file and shown to everyone."""
    g = tmp_path / "g.yaml"
    g.write_text("lic_policy: 1\nmetadata:\n  id: x\n  title: Support guideline\n  jurisdiction:\n    name: X\n"
                 "    kind: municipality\n  version: '1.0'\n  status: draft\n  owners:\n    - role: Policy lead\n"
                 "  languages: [en]\npurpose: Staff offer support first.\nscope:\n  text: All staff.\n",
                 encoding="utf-8")
    word = _comment_edited_with_track_changes(tmp_path / "back.docx")
    res = run_cli("review", "import", str(word), str(g))
    assert res.exit_code == 0, res
    stored = (tmp_path / "g.review.yaml").read_text(encoding="utf-8")
    assert "Please say support first." in stored and "Outreach knows the area." in stored, stored
    for taken_back in ("Ring me", "Marisol", "Quintero", "0199"):
        assert taken_back not in stored, stored
        assert taken_back not in res.stdout + res.stderr


def test_import_leaves_out_what_a_colleague_deleted_from_their_comment(tmp_path):
    """`import` of a draft makes a to-do item of each Word comment: it held the comment's
    deleted words too."""
    word = _comment_edited_with_track_changes(tmp_path / "draft.docx")
    res = run_cli("import", str(word), "-o", str(tmp_path / "out.yaml"), "--jurisdiction", "Town of X")
    assert res.exit_code == 0, res
    written = (tmp_path / "out.yaml").read_text(encoding="utf-8")
    assert "Outreach knows the area." in written, written
    for taken_back in ("Ring me", "Marisol", "Quintero", "0199"):
        assert taken_back not in written, written
        assert taken_back not in res.stdout + res.stderr


# ---------------------------------------------------------------- the language server's message headers

def _lsp(stream: bytes, tmp_path: Path) -> tuple[int, bytes, str]:
    proc = subprocess.run([sys.executable, "-m", "lic_policy", "lsp"], input=stream, capture_output=True,
                          cwd=tmp_path, env=subprocess_env(), timeout=60)
    return proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "replace")


def _body(obj: dict) -> bytes:
    return json.dumps(obj).encode()


_INIT = _body({"jsonrpc": "2.0", "id": 1, "method": "initialize",
               "params": {"processId": None, "rootUri": None, "capabilities": {}}})
_SHUTDOWN = _body({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
_EXIT = _body({"jsonrpc": "2.0", "method": "exit"})


@pytest.mark.slow  # 0.25 s of CPU a case (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
@pytest.mark.parametrize("header", [
    b"content-length: %d\r\n\r\n",        # header names are case-insensitive (as in HTTP)
    b"CONTENT-LENGTH: %d\r\n\r\n",
    b"Content-Length:%d\r\n\r\n",          # no space after the colon
    b"Content-Length: %d \r\n\r\n",        # a space before the line end
    b"Content-Length: %d\n\n",              # a client writing LF line ends
], ids=["lower-case", "upper-case", "no-space", "trailing-space", "lf-line-ends"])
def test_the_language_server_reads_headers_written_a_little_differently(tmp_path, header):
    """A client that wrote `content-length: 86` (header names are case-insensitive in HTTP,
    whose header format LSP takes), no space after the colon, or LF line ends got no answer
    to anything, ever, and not a line in the log: the server read past the header, took the
    message's body for more headers and waited for good. Such headers are read now."""
    stream = b"".join(header % len(b) + b for b in (_INIT, _SHUTDOWN, _EXIT))
    code, out, err = _lsp(stream, tmp_path)
    assert b'"id": 1' in out and b"capabilities" in out, (out, err)
    assert b'"id": 2' in out, (out, err)
    assert code == 0 and "Traceback" not in err, err


@pytest.mark.slow  # 0.25 s of CPU a case (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
@pytest.mark.parametrize("headers", [b"Content-Type: application/vscode-jsonrpc\r\n\r\n", b"Content-Lenght: %d\r\n\r\n",
                                     b"Content-Length: -5\r\n\r\n", b"Content-Length: 12abc\r\n\r\n"],
                         ids=["no-length", "misspelt", "negative", "not-a-number"])
def test_a_message_without_a_length_the_server_can_read_ends_it_with_one_line(tmp_path, headers):
    """A message whose headers end with no Content-Length the server can read (none, a
    misspelt one, a negative or garbled number) made the server deaf for good without a word:
    every later message was read as more headers. The server now ends with one line in the
    editor's log (exit 2), as for a message over the size limit."""
    first = b"Content-Length: %d\r\n\r\n" % len(_INIT) + _INIT
    bad = (headers % len(_SHUTDOWN) if b"%d" in headers else headers) + _SHUTDOWN
    code, out, err = _lsp(first + bad + b"Content-Length: %d\r\n\r\n" % len(_EXIT) + _EXIT, tmp_path)
    assert b'"id": 1' in out  # answered before the bad message
    assert code == 2, (code, err)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert lines and lines[-1].startswith("error: the editor sent a message without a Content-Length"), err
    assert "Traceback" not in err and "internal error" not in err, err


@pytest.mark.slow  # 0.26 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_blank_lines_between_messages_are_still_passed_over(tmp_path):
    """A client that ends each body with a line break the length does not count (pygls passes
    such blank lines over) keeps working."""
    stream = b"".join(b"Content-Length: %d\r\n\r\n" % len(b) + b + b"\r\n" for b in (_INIT, _SHUTDOWN, _EXIT))
    code, out, err = _lsp(stream, tmp_path)
    assert b'"id": 1' in out and b'"id": 2' in out, (out, err)
    assert code == 0, err


# ---------------------------------------------------------------- rule packs: patterns that backtrack

# each took 14 s to past 100 s on a line of 26 to 30 letters (Python's re backtracks)
EVASIONS = [r"(?:a{1,5})+b",                    # a bounded repeat inside an unbounded one
            r"(?:[a-z]{1,5})+stroll",
            r"(?:\w{2,4})*ing\b",
            r"(x)?(?(1)(a+)+|b)c",              # a conditional group's branches were not read
            r"(x)?(?(1)b|(?:a|a)+)c"]


@pytest.mark.parametrize("pattern", EVASIONS)
def test_patterns_that_backtrack_past_the_first_check_are_refused(pattern):
    """Round 3's check of a user pack's patterns passed a repeat of at most ten inside an
    unbounded one (``(?:[a-z]{1,5})+stroll``: a line with a 32-letter word and 'stroll' kept
    `check` busy past 100 s) and never read inside a conditional group ``(?(1)...|...)``."""
    from lic_policy.checks.packs import backtracking_risk

    assert backtracking_risk(pattern)


ADJACENT = [r"\w*\w*\w*\w*\w*\w*\w*\w*\d",          # repeats in a row over the same characters
            r"[a-z]+\w*[^ ]*.*!",
            r"(?i)a*[A-Z]*\w+[a-z]*x"]


@pytest.mark.parametrize("pattern", ADJACENT)
def test_repeats_in_a_row_that_share_their_characters_are_refused(pattern):
    """No repeat inside another, so round 3's check passed them; each of four or more
    repeats in a row can take the same letters, and a run of them is split in polynomially
    many ways (the first ran past 90 s on a 60-letter word)."""
    from lic_policy.checks.packs import backtracking_risk

    assert backtracking_risk(pattern)


@pytest.mark.parametrize("pattern", [r"(?:ab){2}c", r"(?:a{3})+b", r"(?:ab?)+c", r"(x)?(?(1)y|z)+",
                                     r"(?:sex\s+){1,3}work", r"(?:\w+\s){0,3}x", r"\s*\w+\s*\w*\s*\w+",
                                     r"\w*\w*\w*x", r"[a-z]+ [a-z]+ [a-z]+ [a-z]+", r"\d+\s*[a-z]+\s*\d*\s*[a-z]+"])
def test_repeats_that_match_one_way_still_pass(pattern):
    from lic_policy.checks.packs import backtracking_risk

    assert backtracking_risk(pattern) is None


def test_a_user_pack_with_such_a_pattern_is_one_line_at_its_place(tmp_path):
    pack = tmp_path / "mine.yaml"
    pack.write_text("pack: mine\nrules:\n  - id: mine.stroll\n    severity: warning\n    message: \"'{match}' is jargon\"\n"
                    "    rationale: Jargon that readers outside the team do not know.\n"
                    "    patterns: ['(?:[a-z]{1,5})+stroll']\n    sources: [{title: A source}]\n"
                    "    examples: {flag: [the stroll], pass: [ccc]}\n", encoding="utf-8")
    cfg = tmp_path / ".lic-policy.yaml"
    cfg.write_text(f"packs: [{pack}]\n", encoding="utf-8")
    (tmp_path / "n.md").write_text("# Notes\n\nOutreach on the abcdefghijklmnopqrstuvwxyzabcdefgh street, then the "
                                   "stroll.\n", encoding="utf-8")
    res = run_cli("check", "--no-cache", "--config", str(cfg), str(tmp_path / "n.md"))
    one_error_line(res, "can take exponential time", where=f"{pack}:3:5: error: rule mine.stroll")


# ---------------------------------------------------------------- noncharacters written as escapes

@pytest.mark.parametrize("escape, code", [("\\uFFFF", "U+FFFF"), ("\\uFFFE", "U+FFFE"), ("\\uFDD0", "U+FDD0"),
                                          ("\\U0010FFFF", "U+10FFFF")])
def test_a_noncharacter_written_as_an_escape_is_refused_at_its_place(tmp_path, escape, code):
    """The reader refuses U+FFFF typed into a guideline, and the review room refuses it in a
    comment, but the same character written as a double-quoted YAML escape was valid and went
    into the published page and Markdown (a box or nothing at all on screen; Word's own
    writer dropped it). Unicode reserves noncharacters for programs' internal use: they are
    never text."""
    g = tmp_path / "g.yaml"
    g.write_text("lic_policy: 1\nmetadata:\n  id: x\n  title: Support guideline\n  jurisdiction:\n    name: X\n"
                 "    kind: municipality\n  version: '1.0'\n  status: draft\n  owners:\n    - role: Policy lead\n"
                 f"  languages: [en]\npurpose: \"Staff offer support {escape} first.\"\nscope:\n  text: All staff.\n",
                 encoding="utf-8")
    res = run_cli("validate", str(g))
    assert res.exit_code == 1, res
    assert f"g.yaml:13:10: error: the text holds a noncharacter ({code})" in res.stdout, res.stdout
    g.write_text(g.read_text(encoding="utf-8").replace("status: draft", "status: published"), encoding="utf-8")
    res = run_cli("publish", str(g), "--to", "md", "--out", str(tmp_path / "pub"))
    assert res.exit_code == 1 and "refusing to publish" in res.stderr, res
    assert not (tmp_path / "pub" / "g.md").exists()


# ---------------------------------------------------------------- a paragraph break deleted in Word

_HERON = 'w:author="heron (sex-worker-advisory)" w:date="2026-11-25T10:00:00Z"'


def _support_guideline(tmp_path):
    """A two-clause guideline whose purpose and scope the Word files below change."""
    g = tmp_path / "g.yaml"
    g.write_text("lic_policy: 1\nmetadata:\n  id: x\n  title: Support guideline\n  jurisdiction:\n    name: X\n"
                 "    kind: municipality\n  version: '1.0'\n  status: draft\n  owners:\n    - role: Policy lead\n"
                 "  languages: [en]\npurpose: Staff offer support first.\nscope:\n  text: All staff.\n",
                 encoding="utf-8")
    return g


def test_review_import_names_two_paragraphs_a_reviewer_joined(tmp_path):
    """A reviewer who joined two clauses by deleting the paragraph break between them (Track
    Changes records the break as deleted) was told `nothing to import: … holds no comment,
    reply or tracked change from a reviewer`: the change was dropped, and the sentence was
    untrue. It is named, with the words the joined paragraph ends on."""
    from .test_hostile_input import docx

    g, a = _support_guideline(tmp_path), _HERON
    word = docx(tmp_path / "back.docx",
                f'<w:p><w:pPr><w:rPr><w:del w:id="5" {a}/></w:rPr></w:pPr><w:r><w:t>Staff offer support first.</w:t>'
                '</w:r></w:p><w:p><w:r><w:t>All staff.</w:t></w:r></w:p>')
    res = run_cli("review", "import", str(word), str(g))
    assert res.exit_code == 0, res
    assert "nothing to import" not in res.stdout, res.stdout
    said = [ln for ln in res.stderr.splitlines() if "joined" in ln]
    assert said and "Staff offer support first." in said[0] and "Traceback" not in res.stderr, res.stderr
    res = run_cli("review", "import", "--dry-run", "--format", "json", str(word), str(g))
    joined = json.loads(res.stdout)["joined"]
    assert [j["words"] for j in joined] == ["Staff offer support first."] and joined[0]["author"] in said[0]


def test_a_paragraph_deleted_whole_is_a_deletion_not_a_join(tmp_path):
    from .test_hostile_input import docx

    g, a = _support_guideline(tmp_path), _HERON
    word = docx(tmp_path / "back.docx",
                f'<w:p><w:pPr><w:rPr><w:del w:id="5" {a}/></w:rPr></w:pPr><w:del w:id="6" {a}><w:r><w:delText>'
                'Staff offer support first.</w:delText></w:r></w:del></w:p><w:p><w:r><w:t>All staff.</w:t></w:r></w:p>')
    res = run_cli("review", "import", str(word), str(g))
    assert res.exit_code == 0 and "1 suggestion(s)" in res.stdout, res
    assert "joined" not in res.stderr, res.stderr


# ---------------------------------------------------------------- the review room: direction overrides

@pytest.mark.parametrize("body", ["I agree: \u202edevorppa\u202c by all", "Fine \u202dwords\u202c here"],
                         ids=["right-to-left-override", "left-to-right-override"])
def test_the_room_refuses_a_comment_holding_a_direction_override(tmp_path, body):
    """`validate` refuses U+202E in a guideline's text and `review add --replacement` refuses
    it, but the room stored a comment holding one, and every page then showed it reordered
    ("I agree: approved by all" for words that read 'devorppa': what staff and the other
    reviewers read was not what was written). Refused with nothing stored."""
    from .test_web_security import _post_comment, _reviewer_page
    from .webapp import Room

    room = Room(tmp_path)
    c, html = _reviewer_page(room)
    before = room.review_file.read_bytes()
    r = _post_comment(room, c, html, body)
    assert r.status_code == 422 and r.json()["error"], r.text
    assert room.review_file.read_bytes() == before


# ---------------------------------------------------------------- the room's state file: a file already there

@pytest.mark.parametrize("already", ["an empty file", "a state file another version made 0644"])
def test_the_journal_of_a_state_file_already_there_is_private_too(tmp_path, already):
    """Round 12 made a new state file 0600 before sqlite opened it, so that its journal (-wal,
    -shm: every round's text, the reviewers' handles) is made 0600 too. A state file already
    there with the umask's 0644 — one an earlier version made (before round 12), one restored
    from a backup, `--state room.db` after `touch room.db` — was narrowed only after sqlite
    had opened it: its journal was readable by every account on the computer."""
    import stat

    from lic_policy.web.state import State

    db = tmp_path / "room.db"
    if already == "an empty file":
        db.write_bytes(b"")
    else:
        State(db).close()
    os.chmod(db, 0o644)
    old = os.umask(0o022)
    try:
        st = State(db)
        st.open_round("g.yaml", "1", "purpose: x\n", closes=None, show_findings=False, show_others=False, title="T")
        made = [p for p in tmp_path.iterdir() if p.name.startswith("room.db")]
        assert {p.name for p in made} >= {"room.db", "room.db-wal"}, made
        for p in made:
            assert stat.S_IMODE(p.stat().st_mode) == 0o600, (p.name, oct(p.stat().st_mode))
        st.close()
    finally:
        os.umask(old)


# ---------------------------------------------------------------- a footnote added in Word

_FOOTNOTES_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>')


def _with_footnote(path: Path, *, inserted: bool) -> Path:
    """A reviewed Word file whose reviewer added a footnote after 'support first' with Track
    Changes on (``inserted``: the footnote mark is a tracked insertion), or typed a tracked
    insertion into a footnote already there."""
    import zipfile

    from .test_hostile_input import CONTENT_TYPES, RELS, W

    a = 'w:author="heron (sex-worker-advisory)" w:date="2026-11-25T10:00:00Z"'
    mark = '<w:r><w:footnoteReference w:id="7"/></w:r>'
    mark = f'<w:ins w:id="81" {a}>{mark}</w:ins>' if inserted else mark
    words = "Support means outreach visits, not sweeps."
    note = f'<w:ins w:id="82" {a}><w:r><w:t>{words}</w:t></w:r></w:ins>' if inserted else \
        f'<w:r><w:t xml:space="preserve">See the toolkit. </w:t></w:r><w:ins w:id="82" {a}><w:r><w:t>{words}</w:t></w:r></w:ins>'
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/_rels/document.xml.rels", _FOOTNOTES_RELS)
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>'
                                        f'<w:p><w:r><w:t>Staff offer support first.</w:t></w:r>{mark}</w:p>'
                                        '<w:p><w:r><w:t>All staff.</w:t></w:r></w:p></w:body></w:document>')
        z.writestr("word/footnotes.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes {W}>'
                                         f'<w:footnote w:id="7"><w:p>{note}</w:p></w:footnote></w:footnotes>')
    return path


@pytest.mark.parametrize("inserted", [True, False], ids=["footnote-added", "words-added-to-a-footnote"])
def test_review_import_names_a_footnote_a_reviewer_added_or_changed(tmp_path, inserted):
    """A reviewer who added a footnote with Track Changes on (Word: References > Insert
    Footnote), or typed into one, was told `nothing to import: … holds no comment, reply or
    tracked change from a reviewer`: footnotes were passed over whole, with the reviewer's
    words in them. A guideline has no footnotes, so they are named with their words."""
    g = tmp_path / "g.yaml"
    g.write_text("lic_policy: 1\nmetadata:\n  id: x\n  title: Support guideline\n  jurisdiction:\n    name: X\n"
                 "    kind: municipality\n  version: '1.0'\n  status: draft\n  owners:\n    - role: Policy lead\n"
                 "  languages: [en]\npurpose: Staff offer support first.\nscope:\n  text: All staff.\n",
                 encoding="utf-8")
    word = _with_footnote(tmp_path / "back.docx", inserted=inserted)
    res = run_cli("review", "import", str(word), str(g))
    assert res.exit_code == 0, res
    assert "nothing to import" not in res.stdout, res.stdout
    said = [ln for ln in res.stderr.splitlines() if "footnote" in ln]
    assert said and "Support means outreach visits, not sweeps." in said[0] and "support first" in said[0], res.stderr
    res = run_cli("review", "import", "--dry-run", "--format", "json", str(word), str(g))
    notes = json.loads(res.stdout)["footnotes"]
    assert len(notes) == 1 and notes[0]["words"].endswith("Support means outreach visits, not sweeps."), notes
    assert notes[0]["after"] == "Staff offer support first."
