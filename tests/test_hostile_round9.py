"""hostile9: earlier rounds' leftovers, and new kinds of hostile and careless input.

Each test names what broke before its fix. Cases that held are counted in
tests/hostile_report.py (and so in tests/HOSTILE_INPUTS.md) without a test of their own here.

HOSTILE FIXTURE: some strings below are attacks or careless input written on purpose.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .conftest import GOOD, ast_walk, run_cli

ROOT = Path(__file__).resolve().parent.parent


def _one_error_line(res, *words: str, where: str = "") -> str:
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert res.exit_code == 2 and len(lines) == 1, res
    assert lines[0].startswith(where) and all(w in lines[0] for w in words), lines
    assert "internal error" not in res.stderr and "Traceback" not in res.stderr
    return lines[0]


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
