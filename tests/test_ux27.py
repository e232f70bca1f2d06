"""Round 27 (ux27): a new municipal policy drafter who starts from a Word document — a cover
page typed as bold, centred lines, tables with merged cells, a draft written in French — walked
through import, check, publish and the review packet. Each test pins a stumble: the wrong
output is what the drafter got before the fix."""

from __future__ import annotations

from pathlib import Path

import yaml

from .conftest import run_cli


def _import(tmp_path: Path, docx: Path, *args: str):
    out = tmp_path / (docx.stem + ".yaml")
    r = run_cli("import", str(docx), "-o", str(out), "--owner-role", "Manager, Community Safety", *args)
    assert r.exit_code == 0, r.stderr
    return r, yaml.safe_load(out.read_text(encoding="utf-8"))


def _clauses(sections: list) -> list[str]:
    out = []
    for s in sections:
        out += [c["text"] for c in s.get("clauses", [])]
        out += _clauses(s.get("sections", []))
    return out


# --------------------------------------------------------------------------- tables with merged cells

def _roles_table(path: Path) -> Path:
    """A roles table as drafters merge its cells in Word: one role over two rows (the cell
    merged down), one row whose first cell spans two columns."""
    import docx

    d = docx.Document()
    d.add_heading("Purpose", 1)
    d.add_paragraph("These guidelines help staff respond to sex work with respect.")
    d.add_heading("Roles and responsibilities", 1)
    t = d.add_table(rows=5, cols=3)
    t.style = "Table Grid"
    for i, h in enumerate(["Role", "Responsibility", "Contact"]):
        t.cell(0, i).text = h
    t.cell(1, 0).text = "Bylaw Services"
    t.cell(1, 1).text = "Responds to complaints only where a bylaw is broken"
    t.cell(1, 2).text = "604-555-0199"
    t.cell(2, 0).merge(t.cell(3, 0)).text = "Outreach team"
    t.cell(2, 1).text = "Checks in with people working outdoors"
    t.cell(2, 2).text = "604-555-0111"
    t.cell(3, 1).text = "Carries naloxone and harm reduction supplies"
    t.cell(3, 2).text = "604-555-0112"
    t.cell(4, 0).merge(t.cell(4, 1)).text = "Everyone"
    t.cell(4, 2).text = "Passes on a bad date report only with the person's consent"
    d.save(str(path))
    return path


def test_merged_table_cells_keep_each_cell_under_its_own_column(tmp_path):
    """A cell merged down two rows (“Outreach team”) left the second row a cell short, and a
    cell merged across two columns (“Everyone”) counted as one: the import named each cell after
    the column to its left, so the clause read “Role: Carries naloxone … — Responsibility:
    604-555-0112”, and the consent rule was the Responsibility of no one. Each cell keeps its
    column; a cell merged down is read on every row it spans, so each clause reads on its own."""
    _r, g = _import(tmp_path, _roles_table(tmp_path / "roles.docx"))
    roles = next(s for s in g["sections"] if s["title"] == "Roles and responsibilities")
    assert [c["text"] for c in roles["clauses"]] == [
        "Role: Bylaw Services — Responsibility: Responds to complaints only where a bylaw is broken"
        " — Contact: 604-555-0199",
        "Role: Outreach team — Responsibility: Checks in with people working outdoors — Contact: 604-555-0111",
        "Role: Outreach team — Responsibility: Carries naloxone and harm reduction supplies"
        " — Contact: 604-555-0112",
        "Role: Everyone — Contact: Passes on a bad date report only with the person's consent",
    ]
