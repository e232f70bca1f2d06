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


# --------------------------------------------------------------------------- a cover page of bold lines

def _cover_page_draft(path: Path) -> Path:
    """A council report's Word draft: a cover page typed as centred lines (the place and the
    guideline's name in bold, larger type; who it is for and the month in plain type), a page
    break, then Heading 1 parts starting with an executive summary."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Pt

    d = docx.Document()
    for text, size, bold in (("Municipality of Lac-Brûlé", 20, True), ("Sex Work Response Guidelines", 28, True),
                             ("Prepared for Council — Committee of the Whole", 14, False),
                             ("April 2027", 12, False)):
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold, run.font.size = bold, Pt(size)
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_heading("Executive summary", 1)
    d.add_paragraph("These guidelines were shaped by sex workers and by the outreach workers who support them.")
    d.add_heading("Purpose", 1)
    d.add_paragraph("The guidelines help Municipality staff respond to sex work with respect.")
    d.add_heading("Scope", 1)
    d.add_paragraph("They apply to all Municipality staff.")
    d.add_heading("Youth", 1)
    d.add_paragraph("Staff report a concern that a young person is being sexually exploited to child protection.")
    d.save(str(path))
    return path


def test_a_cover_page_of_bold_lines_gives_the_title_not_the_first_heading(tmp_path):
    """The drafter's cover page named the municipality and the guideline in bold, larger lines
    over Heading 1 parts: with no Word *Title* paragraph, the first heading was the title, so the
    guideline was called “Executive summary” (its id `municipality-of-lac-brule-executive-summary`)
    and the guideline's name, the plain cover lines and the executive summary's text were
    published as its summary. A bold cover line that is no place's name and no draft's mark is
    the title when the first heading names a part (Executive summary, Purpose, Introduction, …)."""
    r, g = _import(tmp_path, _cover_page_draft(tmp_path / "lac-brule.docx"))
    meta = g["metadata"]
    assert meta["title"] == "Sex Work Response Guidelines", meta
    assert meta["jurisdiction"]["name"] == "Municipality of Lac-Brûlé", meta
    assert meta["id"] == "municipality-of-lac-brule-sex-work-response-guidelines", meta
    assert "Sex Work Response Guidelines" not in (meta.get("summary") or ""), meta
    assert "“Sex Work Response Guidelines” as the title, from the bold lines above the first heading" in r.stdout, \
        r.stdout
    # the executive summary is a part of the guideline, not its title: its words are kept
    assert "These guidelines were shaped by sex workers" in yaml.safe_dump(g, allow_unicode=True)
    assert g["purpose"].startswith("The guidelines help Municipality staff"), g["purpose"]


def test_a_heading_that_names_the_guideline_stays_its_title(tmp_path):
    """The other way round is kept: a Heading 1 that names the guideline (“Town of Oakmere Sex
    Work Response Guidelines”) under a bold department line stays the title."""
    import docx

    d = docx.Document()
    d.add_paragraph().add_run("Community Services Department").bold = True
    d.add_heading("Town of Oakmere Sex Work Response Guidelines", 1)
    d.add_heading("Purpose", 2)
    d.add_paragraph("The guidelines help Town staff respond to sex work with respect.")
    d.save(str(tmp_path / "oakmere.docx"))
    _r, g = _import(tmp_path, tmp_path / "oakmere.docx")
    assert g["metadata"]["title"] == "Town of Oakmere Sex Work Response Guidelines", g["metadata"]
    # one to-do item is one: the next line said “its 1 to-do item (under todo:) say what is left to do”
    r = run_cli("import", str(tmp_path / "oakmere.docx"), "-o", str(tmp_path / "again.yaml"),
                "--owner-role", "Manager, Community Safety", "--jurisdiction", "Town of Oakmere")
    assert "its 1 to-do item (under todo:) says what is left to do" in r.stdout, r.stdout
