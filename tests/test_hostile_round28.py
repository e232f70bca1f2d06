"""hostile28: Markdown and plain text that `import` hands to pandoc, where pandoc's Markdown
reader does work quadratic (or worse) in the document: '<' that opens no HTML tag (each makes
its HTML reader read on to the next tag or the end of the whole document), single quotes that
open no quotation, '&' that starts no entity, and long runs of backticks.

Each test names what broke before its fix. Sentences here that must be flagged are test
fixtures and use the flagged words on purpose.
"""

from __future__ import annotations

import time

import pytest

from .conftest import run_cli

_FILLER = "Staff offer support and referrals to every person who asks for them at the front desk. " * 12

SLOW_MARKDOWN = {  # what -> (the Markdown, the line and column named, words in the message)
    "20,000 '<' in a row": ("# Notes\n\n" + "<" * 20000 + "x\n", 3, 1, "'<'"),
    "400 'age < 18' in a long document": (
        "# Notes\n\n" + ("".join(_FILLER for _ in range(1)) + "\n\nAn age < 18 means a referral.\n\n") * 400,
        5, 8, "'<'"),
    "4,000 paragraphs holding 'x < y'": ("# Notes\n\n" + "x < y\n\n" * 4000, 3, 3, "'<'"),
    "4,000 unclosed '<!--'": ("# Notes\n\n" + "<!--" * 4000 + "\n", 3, 1, "'<'"),
    "8,000 '&a'": ("# Notes\n\n" + "&a" * 8000 + "\n", 3, 1, "'&'"),
    "8,000 lines opening a single quote": ("# Notes\n\n" + "'a\n" * 8000, 3, 1, "'"),
    "1,000 '90s in one paragraph": ("# Notes\n\n" + ("the '90s " + "word " * 20) * 1000 + "\n", 3, 5, "'"),
    "20,000 backticks in a row": ("# Notes\n\n" + "`" * 20000 + "\n", 3, 1, "`"),
    "runs of 1 to 200 backticks": ("# Notes\n\n" + " ".join("`" * i for i in range(1, 200)) + "\n", 3, 1, "`"),
    "a fence never closed, then 20,000 '<'": ("# Notes\n\n```\n" + "<" * 20000 + "x\n", 4, 1, "'<'"),
}


@pytest.mark.parametrize("what", sorted(SLOW_MARKDOWN))
@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_import_refuses_markdown_pandoc_reads_for_minutes(tmp_path, what, suffix):
    """Found: `import` waited pandoc's 60-second time limit (or 39 s for 8,000 '&a', then
    imported), then said "long runs of unclosed brackets ([ or <) or backticks" even of a
    document whose only '<' were 400 'age < 18' spread over it. Refused at once now, at the
    first of them, with what to write instead."""
    text, line, col, words = SLOW_MARKDOWN[what]
    doc = tmp_path / f"notes{suffix}"
    doc.write_text(text, encoding="utf-8")
    started = time.monotonic()
    r = run_cli("import", str(doc), "-o", str(tmp_path / "out.yaml"))
    took = time.monotonic() - started
    assert r.exit_code == 2, r
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{doc}:{line}:{col}: error: "), lines[0]
    assert words in lines[0] and "pandoc" in lines[0] and "brackets" not in lines[0], lines[0]
    assert took < 10, took
    assert not (tmp_path / "out.yaml").exists()


FAST_MARKDOWN = {  # what -> the Markdown: pandoc reads each in a second or two
    "50 'age < 18' in a long document": "# Notes\n\n" + (_FILLER + "\n\nAn age < 18 means a referral.\n\n") * 50,
    "2,000 HTML tags": "# Notes\n\n" + "<span>sex workers</span> " * 2000 + "\n",
    "2,000 autolinks": "# Notes\n\n" + "see <https://example.org/a> " * 2000 + "\n",
    "'<' closed by a tag": "# Notes\n\n" + "x < y <br>\n\n" * 2000,
    "2,000 balanced single quotes": "# Notes\n\n" + "'ab' " * 2000 + "\n",
    "2,000 apostrophes": "# Notes\n\n" + "don't " * 2000 + "\n",
    "a few '90s": "# Notes\n\n" + ("the '90s " + "word " * 20) * 50 + "\n",
    "2,000 code spans": "# Notes\n\n" + "`a` b " * 2000 + "\n",
    "2,000 entities": "# Notes\n\n" + "&amp; x " * 2000 + "\n",
    "'&' before spaces": "# Notes\n\n" + "A & B " * 2000 + "\n",
    "'<' in fenced code": "# Notes\n\n```html\n" + "<" * 20000 + "\n```\n\nStaff offer support.\n",
    "'<' in a code span": "# Notes\n\nThe string `" + "<" * 5000 + "` is code.\n",
    "escaped '<'": "# Notes\n\n" + "\\<" * 5000 + "\n",
}


@pytest.mark.parametrize("what", sorted(FAST_MARKDOWN))
def test_import_keeps_markdown_pandoc_reads_quickly(tmp_path, what):
    doc = tmp_path / "notes.md"
    doc.write_text(FAST_MARKDOWN[what], encoding="utf-8")
    r = run_cli("import", str(doc), "-o", str(tmp_path / "out.yaml"))
    assert r.exit_code == 0, r
    assert (tmp_path / "out.yaml").exists()


@pytest.mark.parametrize("fence", ["```", "~~~~", "```python"])
def test_a_fence_never_closed_hides_no_brackets(tmp_path, fence):
    """Found: brackets nested nine deep after a code fence that is never closed were taken for
    code and passed over, but pandoc makes a code block only of a fence it finds closed: it read
    them as text, the time round 27 measured (each level triples it; nine levels 6 s to over a
    minute, as the words around them go) before its refusal could say a word."""
    doc = tmp_path / "notes.md"
    doc.write_text("# Notes\n\n" + fence + "\n\nStaff offer support.\n\n" + "[" * 9 + "x" + "]" * 9 + "\n",
                   encoding="utf-8")
    started = time.monotonic()
    r = run_cli("import", str(doc), "-o", str(tmp_path / "out.yaml"))
    assert time.monotonic() - started < 10
    assert r.exit_code == 2, r
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"{doc}:7:7: error: brackets nested"), lines


def test_a_closed_fence_still_hides_its_brackets(tmp_path):
    doc = tmp_path / "notes.md"
    doc.write_text("# Notes\n\n````\n" + "[" * 9 + "x\n```\n" + "<" * 20000 + "\n````\n\nStaff offer support.\n",
                   encoding="utf-8")
    r = run_cli("import", str(doc), "-o", str(tmp_path / "out.yaml"))
    assert r.exit_code == 0, r


@pytest.mark.slow  # 1.64 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_the_checks_before_pandoc_read_megabytes_of_code_spans_in_a_second():
    """The same as the test below without pandoc's own 8 s: before, 1 MB took the bracket check
    7 s, 3 MB over a minute."""
    from lic_policy import importdoc

    raw = ("# Notes\n\nStaff offer support. " + "`a` b " * 500_000 + "\n").encode()
    started = time.monotonic()
    prose = importdoc._markdown_prose(raw.decode())
    importdoc._refuse_nested_brackets(raw, "notes.md", prose)
    importdoc._refuse_slow_markdown(raw, "notes.md", prose)
    importdoc._refuse_nested_brackets(raw, "notes.md")  # and when it reads the text itself
    assert time.monotonic() - started < 20  # 1.4 s on a quiet machine; the bound tells it from minutes


@pytest.mark.slow  # pandoc reads the 3 MB for about 8 s; make test-all and CI run it
def test_import_of_a_megabyte_of_code_spans_takes_seconds(tmp_path):
    """Found: round 27's check for nested brackets copied the rest of the line at each backtick,
    so one 3 MB line of short code spans (`a` `b` …) kept `import` busy for over a minute before
    pandoc ran (1 MB: 7 s); pandoc itself reads it in seconds."""
    doc = tmp_path / "notes.md"
    doc.write_text("# Notes\n\nStaff offer support. " + "`a` b " * 500_000 + "\n", encoding="utf-8")
    started = time.monotonic()
    r = run_cli("import", str(doc), "-o", str(tmp_path / "out.yaml"))
    took = time.monotonic() - started
    assert r.exit_code in (0, 2), r
    assert "Traceback" not in r.stderr
    # about 10 s on a quiet machine (8 of them pandoc's); 37 s measured on two busy cores: the
    # bound only tells linear from the minutes before (the quick test below times the check alone)
    assert took < 90, took


UNCLOSED_HTML = {  # what -> (the page, the line and column of the tag named)
    "3,000 '<b>x ' never closed in one paragraph": (
        "<html><body><h1>Notes</h1>\n<p>" + "<b>x " * 3000 + "</p></body></html>\n", 2, 3 + 1000 * 5 + 1),
    "5,000 '<b>' in a row": ("<html><body><h1>Notes</h1>\n<p>" + "<b>" * 5000 + "x</p></body></html>\n", 2, 3 + 1000 * 3 + 1),
    "3,000 '<i>' over lines": ("<html><body><h1>Notes</h1>\n<p>" + "<i>x\n" * 3000 + "</p></body></html>\n", 1002, 1),
}


@pytest.mark.parametrize("what", sorted(UNCLOSED_HTML))
def test_import_refuses_html_with_thousands_of_unclosed_bold_tags(tmp_path, what):
    """Found: `import` of a page holding 5,000 '<b>' never closed took 28 s, 3,000 '<b>x '
    (15 KB) in one paragraph past pandoc's minute: its HTML reader's time is quadratic in the
    bold and italic tags left open in a paragraph. Refused at once now, at the one too many."""
    page, line, col = UNCLOSED_HTML[what]
    doc = tmp_path / "notes.html"
    doc.write_text(page, encoding="utf-8")
    started = time.monotonic()
    r = run_cli("import", str(doc), "-o", str(tmp_path / "out.yaml"))
    took = time.monotonic() - started
    assert r.exit_code == 2, r
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"{doc}:{line}:{col}: error: "), lines
    assert "never closed" in lines[0], lines[0]
    assert took < 10, took
    assert not (tmp_path / "out.yaml").exists()


@pytest.mark.parametrize("page", [
    "<html><body><h1>Notes</h1>" + "<p><b>Staff</b> offer <i>support</i>.</p>" * 3000 + "</body></html>",
    "<html><body><h1>Notes</h1>" + "<p>" + "<b>x" * 10 + "</p>" * 1 + "\n" * 0 + "</body></html>",
    "<html><body><h1>Notes</h1>" + ("<p>" + "<b>x " * 10 + "</p>\n") * 800 + "</body></html>",
    "<html><body><h1>Notes</h1><p>" + "<b>" * 90 + "x" + "</b>" * 90 + "</p></body></html>",
], ids=["3,000 closed", "ten left open", "ten left open in each of 800 paragraphs", "90 nested and closed"])
def test_import_keeps_pages_with_bold_tags_closed_or_few(tmp_path, page):
    doc = tmp_path / "notes.html"
    doc.write_text(page, encoding="utf-8")
    r = run_cli("import", str(doc), "-o", str(tmp_path / "out.yaml"))
    assert r.exit_code == 0, r
