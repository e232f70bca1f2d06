"""hostile31: the language server, the review room and `import` of drafts as word processors
and websites save them.

Each test names what broke before its fix. Cases that held are listed in
tests/HOSTILE_INPUTS.md (round 31) without a test of their own here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import run_cli

# ---------------------------------------------------------------- import: headings inside tables

HEADING_IN_CELL = {
    # a page laid out with a table (a content management system's two columns), a heading in a cell
    "html": "<h1>Draft</h1><table><tr><td><h2>Scope</h2><p>We serve sex workers at the drop-in.</p></td>"
            "<td><h3>Safety</h3><p>Staff believe sex workers who report violence.</p></td></tr></table>"
            "<h2>Next</h2><p>Staff follow up.</p>",
    # a definition whose description holds a heading
    "dl": "<h1>Draft</h1><dl><dt>Drop-in</dt><dd><h2>Hours</h2><p>Open to sex workers every evening.</p></dd></dl>"
          "<h2>Next</h2><p>Staff follow up.</p>",
    # a list item opening with a heading (a page's cards)
    "li": "<h1>Draft</h1><h2>Scope</h2><ul><li><h3>Outreach</h3><p>We visit sex workers at night.</p></li></ul>"
          "<h2>Next</h2><p>Staff follow up.</p>",
}


@pytest.mark.parametrize("case", sorted(HEADING_IN_CELL))
def test_a_heading_inside_a_table_cell_keeps_the_cells_words(tmp_path, case):
    """Found: every word of a cell from a heading in it on was dropped without a word (the
    cell's reader kept only what came before its first heading): the whole table vanished."""
    doc = tmp_path / "draft.html"
    doc.write_text(HEADING_IN_CELL[case], encoding="utf-8")
    out = tmp_path / "out.yaml"
    r = run_cli("import", str(doc), "-o", str(out))
    assert r.exit_code == 0, r
    text = out.read_text(encoding="utf-8")
    words = ["We serve sex workers at the drop-in.", "Staff believe sex workers who report violence.",
             "Scope", "Safety"] if case == "html" else ["Open to sex workers every evening.", "Hours"] \
        if case == "dl" else ["Outreach", "We visit sex workers at night."]
    for w in words:
        assert w in text, (w, text)
    assert "Staff follow up." in text


# ---------------------------------------------------------------- import: invisible characters in headings

@pytest.mark.parametrize("invisible", ["\u200b", "\u2060", "\ufeff", "\u00ad"])
def test_an_invisible_character_in_a_heading_is_left_out_of_its_title(tmp_path, invisible):
    """Found: '## Sco\\u200bpe' (a zero-width space a website's editor leaves, a word joiner, a
    byte-order mark pasted from another file, a soft hyphen from &shy;) was a section titled
    'Sco\\u200bpe' that reads 'Scope' but is not the scope: the import wrote a placeholder scope
    and kept the section; two such headings made two sections reading alike."""
    doc = tmp_path / "draft.md"
    doc.write_text(f"# Draft\n\n## Sco{invisible}pe\n\nThese guidelines apply to outreach staff.\n\n"
                   f"## Out{invisible}reach\n\nStaff visit sex workers at night.\n", encoding="utf-8")
    out = tmp_path / "out.yaml"
    r = run_cli("import", str(doc), "-o", str(out))
    assert r.exit_code == 0, r
    text = out.read_text(encoding="utf-8")
    assert invisible not in text and repr(invisible)[1:-1].upper() not in text.upper(), text
    assert "title: Outreach" in text, text
    assert "To be written" not in text.split("scope:", 1)[1].split("sections:", 1)[0], text
    assert "These guidelines apply to outreach staff." in text
