"""`lic-policy import`: existing documents (.md, .html, .docx, .odt) → guideline YAML that validates."""

from __future__ import annotations

from pathlib import Path

import pytest

from lic_policy.review.packet import run_pandoc
from lic_policy.store import load, parse

from .conftest import run_cli

MARKDOWN = """\
# Harbourview Sex Work Response Guidelines

These guidelines set out how Harbourview staff respond to sex work and to concerns about it.

## Scope

They apply to all City staff whose work brings them into contact with sex workers.

## Definitions

- **Sex work**: the exchange of sexual services between consenting adults.
- Outreach — services that come to where people live and work.

## Responding to violence

1. Treat every report of violence against a sex worker as serious.
2. Offer the [Bad Date Line](https://example.org/bdl) as a way to report.

> "Everyone who, in any place, obtains for consideration..." (Criminal Code, s. 286.1)

### Youth sexual exploitation

Anyone under 18 who trades sex is being sexually exploited.

## Responding to violence

A second section with the same title gets its own id.
"""

HTML = """\
<!DOCTYPE html>
<html lang="fr"><head><title>Lignes directrices de Harbourview</title>
<style>body { color: red }</style><script>document.cookie = "x"</script></head>
<body>
<h1>Harbourview guidelines</h1>
<p>Introduction text about how staff respond.</p>
<h2>Outreach first</h2>
<p onclick="steal()">Outreach staff attend <b>before</b> any bylaw officer.</p>
<ul><li>Talk with the people involved.</li><li>Work out a practical solution <a href="javascript:alert(1)">together</a>.</li></ul>
<script>alert("never kept")</script>
<iframe src="https://example.org/"></iframe>
<table><tr><th>Service</th><th>Hours</th></tr><tr><td>Outreach van</td><td>24 hours</td></tr></table>
</body></html>
"""


def _import(tmp_path: Path, name: str, content: str | bytes, *extra: str):
    src = tmp_path / name
    if isinstance(content, bytes):
        src.write_bytes(content)
    else:
        src.write_text(content, encoding="utf-8")
    out = tmp_path / "out.yaml"
    r = run_cli("import", str(src), "-o", str(out), *extra)
    return r, out


def _valid(out: Path):
    text = out.read_text(encoding="utf-8")
    doc = parse(text, str(out))
    doc.validate()
    assert doc.issues == [], [i.message for i in doc.issues]
    return doc


@pytest.fixture(scope="module")
def md_import(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("md")
    r, out = _import(tmp, "harbourview.md", MARKDOWN, "--jurisdiction", "City of Harbourview",
                     "--owner-role", "Social Policy Manager")
    assert r.exit_code == 0, r.stderr
    return r, out


def test_markdown_import_validates(md_import):
    r, out = md_import
    doc = _valid(out)
    g = doc.guideline
    assert g.metadata.title == "Harbourview Sex Work Response Guidelines"
    assert (g.metadata.status, g.metadata.version, g.metadata.jurisdiction.name) == ("draft", "0.1.0",
                                                                                      "City of Harbourview")
    assert g.purpose.startswith("These guidelines set out how Harbourview staff respond")
    assert g.scope.text.startswith("They apply to all City staff")
    assert [(d.term, d.definition) for d in g.definitions] == [
        ("Sex work", "the exchange of sexual services between consenting adults."),
        ("Outreach", "services that come to where people live and work.")]
    ids = [s.id for _p, s in g.iter_sections()]
    assert ids == ["violence", "youth-sexual-exploitation", "violence-2"]
    clauses = {c.id: c for _p, _s, c in g.iter_clauses()}
    assert clauses["violence.1"].text == "Treat every report of violence against a sex worker as serious."
    assert "[Bad Date Line](https://example.org/bdl)" in clauses["violence.2"].text
    assert clauses["violence.3"].kind == "quotation"
    assert "youth-sexual-exploitation.1" in clauses
    assert "wrote" in r.stdout and "3 sections" in r.stdout


def test_imported_guideline_can_be_checked(md_import):
    _r, out = md_import
    assert run_cli("validate", str(out)).exit_code == 0
    r = run_cli("check", "--no-cache", "--fail-on", "none", str(out))
    assert r.exit_code == 0, r.stderr


def test_html_import_keeps_text_only(tmp_path):
    r, out = _import(tmp_path, "page.html", HTML)
    assert r.exit_code == 0, r.stderr
    doc = _valid(out)
    text = out.read_text(encoding="utf-8")
    for markup in ("<", "script", "cookie", "alert", "onclick", "javascript", "iframe", "color: red"):
        assert markup not in text, markup
    g = doc.guideline
    assert g.metadata.title == "Lignes directrices de Harbourview"
    assert g.metadata.languages == ["fr"]
    clauses = [c.text for _p, _s, c in g.iter_clauses()]
    assert "Outreach staff attend **before** any bylaw officer." in clauses
    assert "Work out a practical solution together." in clauses
    assert "Service: Outreach van — Hours: 24 hours" in clauses  # ux15: cells after their headings


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_word_and_opendocument_import_validates(tmp_path, fmt):
    data = run_pandoc(MARKDOWN, from_="markdown", to=fmt, output=tmp_path / f"g.{fmt}")
    assert data == b""
    out = tmp_path / "g.yaml"
    r = run_cli("import", str(tmp_path / f"g.{fmt}"))
    assert r.exit_code == 0, r.stderr
    g = _valid(out).guideline
    assert g.metadata.title == "Harbourview Sex Work Response Guidelines"
    assert len(list(g.iter_clauses())) >= 5


def test_refuses_to_overwrite_without_force(tmp_path):
    r, out = _import(tmp_path, "g.md", MARKDOWN)
    assert r.exit_code == 0
    before = out.read_bytes()
    r = run_cli("import", str(tmp_path / "g.md"), "-o", str(out))
    assert r.exit_code == 2 and "already exists" in r.stderr and "--force" in r.stderr
    out.write_text("# mine\n", encoding="utf-8")
    r = run_cli("import", str(tmp_path / "g.md"), "-o", str(out), "--force")
    assert r.exit_code == 0
    assert out.read_bytes() == before
    assert load(out).issues == []


@pytest.mark.parametrize("name, content, message", [
    ("g.pdf", b"%PDF-1.4", "cannot import '.pdf' files"),
    ("g.docx", b"plain text, not a Word file", "not a .docx file"),
    ("g.md", b"\xff\xfe\x00bad", "not UTF-8"),
    ("g.md", b"", "empty"),
])
def test_bad_input_is_one_line(tmp_path, name, content, message):
    r, out = _import(tmp_path, name, content)
    assert r.exit_code == 2
    assert message in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert not out.exists()


@pytest.mark.parametrize("name, content, hint", [
    ("policy-1998.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "save it as .docx"),
    ("policy.rtf", b"{\\rtf1\\ansi Policy}", "--convert-to docx"),
    ("policy.pdf", b"%PDF-1.4", "import the document it was made from"),
])
def test_a_word_processor_file_it_cannot_read_says_how_to_make_one_it_can(tmp_path, name, content, hint):
    """(ux11) A council's archived .doc said only "cannot import '.doc' files (import a .docx, .odt,
    .md or .html document)": no file name, and nothing on how to get a .docx from it."""
    r, out = _import(tmp_path, name, content)
    assert r.exit_code == 2
    line = r.stderr.strip()
    assert len(line.splitlines()) == 1
    assert line.startswith(str(tmp_path / name) + ": error: cannot import") or name in line.split(":")[0], line
    assert hint in line, line
    # said first, even where a guideline of the same name is already there
    (tmp_path / name).with_suffix(".yaml").write_text("lic_policy: 1\n", encoding="utf-8")
    r = run_cli("import", str(tmp_path / name))
    assert hint in r.stderr and "already exists" not in r.stderr, r.stderr


def test_missing_file(tmp_path):
    r = run_cli("import", str(tmp_path / "missing.docx"))
    assert r.exit_code == 2 and "no such file" in r.stderr


def test_document_without_headings(tmp_path):
    r, out = _import(tmp_path, "notes.md", "Staff offer support first.\n\nPolice are not the default.\n")
    assert r.exit_code == 0, r.stderr
    g = _valid(out).guideline
    assert g.metadata.title == "Notes"
    assert g.purpose == "Staff offer support first.\n\nPolice are not the default."
    assert g.scope.text.startswith("To be written")
