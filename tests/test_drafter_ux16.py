"""Round 16 (ux16): the drafter, the advisory reviewer on a phone and CI. Each test pins a
stumble: the wrong output is what the user saw before the fix."""

from __future__ import annotations

import yaml

from .conftest import run_cli


def _title_page_docx(path, subtitle: str = "City of Lakeshore"):
    """A council draft's title page: the policy's name in Word's Title, the city's name alone in
    its Subtitle, then the lines a title page has (draft, date, department)."""
    from docx import Document

    d = Document()
    d.add_paragraph("Sex Work Response Guidelines", style="Title")
    d.add_paragraph(subtitle, style="Subtitle")
    d.add_paragraph("Draft 3 for the Community Safety Committee")
    d.add_heading("Purpose", level=1)
    d.add_paragraph("Staff respond to sex work with services, not enforcement.")
    d.save(path)


def test_a_subtitle_that_only_names_the_city_is_the_jurisdiction(tmp_path):
    """Title “Sex Work Response Guidelines” over Subtitle “City of Lakeshore”, as many title pages
    are laid out: the import said `not in the document: the jurisdiction`, published the
    placeholder “To be named (the jurisdiction these guidelines are for)” under the title, and
    put “City of Lakeshore” into the summary. The reverse layout (the city in the Title) was read."""
    _title_page_docx(tmp_path / "t.docx")
    r = run_cli("import", str(tmp_path / "t.docx"), "-o", str(tmp_path / "t.yaml"))
    assert r.exit_code == 0, r.stderr
    data = yaml.safe_load((tmp_path / "t.yaml").read_text(encoding="utf-8"))
    meta = data["metadata"]
    assert meta["jurisdiction"] == {"name": "City of Lakeshore", "kind": "municipality"}, meta
    assert meta["title"] == "Sex Work Response Guidelines"
    assert "City of Lakeshore" not in (meta.get("summary") or ""), meta
    assert meta["summary"] == "Draft 3 for the Community Safety Committee", meta
    assert "not in the document: the jurisdiction" not in r.stdout, r.stdout
    assert "“City of Lakeshore” as the jurisdiction, from the subtitle" in r.stdout, r.stdout
    assert not any(t.get("about") == "metadata.jurisdiction.name" for t in data.get("todo", [])), data["todo"]


def test_a_subtitle_that_says_more_than_the_place_stays_the_summary(tmp_path):
    """A subtitle that names the city inside a sentence is the document's summary, as before; its
    jurisdiction is not guessed from it (the title names none)."""
    _title_page_docx(tmp_path / "t.docx", subtitle="A draft from the City of Lakeshore for discussion")
    r = run_cli("import", str(tmp_path / "t.docx"), "-o", str(tmp_path / "t.yaml"))
    assert r.exit_code == 0, r.stderr
    data = yaml.safe_load((tmp_path / "t.yaml").read_text(encoding="utf-8"))
    assert data["metadata"]["summary"].startswith("A draft from the City of Lakeshore for discussion")
    assert "not in the document: the jurisdiction" in r.stdout, r.stdout


def test_jurisdiction_given_on_the_command_line_wins_over_the_subtitle(tmp_path):
    _title_page_docx(tmp_path / "t.docx")
    r = run_cli("import", str(tmp_path / "t.docx"), "-o", str(tmp_path / "t.yaml"),
                "--jurisdiction", "Lakeshore Regional District", "--kind", "regional-district")
    assert r.exit_code == 0, r.stderr
    data = yaml.safe_load((tmp_path / "t.yaml").read_text(encoding="utf-8"))
    assert data["metadata"]["jurisdiction"]["name"] == "Lakeshore Regional District"
    assert "City of Lakeshore" not in (data["metadata"].get("summary") or "")


def _letterhead_docx(path):
    """A council template: a letterhead table (the crest, the city and the department) above
    Word's Title paragraph, then the document-control table."""
    from docx import Document

    d = Document()
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "[City crest]"
    t.cell(0, 1).text = "City of Lakeshore"
    t.cell(0, 1).add_paragraph("Community Services Department")
    d.add_paragraph("Sex Work Response Guidelines", style="Title")
    d.add_paragraph("Draft for discussion — January 2027", style="Subtitle")
    d.add_heading("1. Purpose", 1)
    d.add_paragraph("Staff respond to sex work with services, not enforcement.")
    d.add_heading("2. Responding to violence", 1)
    d.add_paragraph("When a sex worker reports violence, staff offer the Bad Date Line and a support worker.")
    d.save(path)


def test_a_title_under_a_letterhead_table_is_the_title(tmp_path):
    """pandoc takes Word's Title paragraph as the title only when the document begins with it: a
    letterhead table above it (as council templates have) made the guideline “Purpose”, with the
    id `purpose`, and the title, the subtitle and the letterhead's words the first lines of the
    purpose. The Title and Subtitle paragraphs before the first heading are read wherever they
    stand."""
    _letterhead_docx(tmp_path / "t.docx")
    r = run_cli("import", str(tmp_path / "t.docx"), "-o", str(tmp_path / "t.yaml"))
    assert r.exit_code == 0, r.stderr
    data = yaml.safe_load((tmp_path / "t.yaml").read_text(encoding="utf-8"))
    meta = data["metadata"]
    assert meta["title"] == "Sex Work Response Guidelines", meta
    assert meta["id"] == "sex-work-response-guidelines", meta
    assert meta["summary"].startswith("Draft for discussion — January 2027"), meta
    assert data["purpose"] == "Staff respond to sex work with services, not enforcement.", data["purpose"]
    assert "wrote " + str(tmp_path / "t.yaml") + ": “Sex Work Response Guidelines”" in r.stdout, r.stdout
    # the letterhead above the title is not the summary: it is left out, as a header is, and said so
    assert "crest" not in meta["summary"], meta
    assert "left out: the Word file's letterhead (“[City crest] City of Lakeshore Community Services Department”)" \
        in r.stdout, r.stdout
    assert any("letterhead" in t["text"] for t in data["todo"]), data["todo"]


def test_a_line_under_the_title_that_only_names_the_place_is_the_jurisdiction(tmp_path):
    """A title page whose city's name is a plain line under the title (not Word's Subtitle) had
    the same stumble: `not in the document: the jurisdiction`, the placeholder published under
    the title, the city's name in the summary."""
    from docx import Document

    d = Document()
    d.add_paragraph("Sex Work Response Guidelines", style="Title")
    d.add_paragraph("Town of Millbrook")
    d.add_paragraph("Draft for the Community Safety Committee, January 2027")
    d.add_heading("Purpose", level=1)
    d.add_paragraph("Staff respond to sex work with services, not enforcement.")
    d.save(tmp_path / "t.docx")
    r = run_cli("import", str(tmp_path / "t.docx"), "-o", str(tmp_path / "t.yaml"))
    assert r.exit_code == 0, r.stderr
    meta = yaml.safe_load((tmp_path / "t.yaml").read_text(encoding="utf-8"))["metadata"]
    assert meta["jurisdiction"] == {"name": "Town of Millbrook", "kind": "municipality"}, meta
    assert meta["summary"] == "Draft for the Community Safety Committee, January 2027", meta
    assert "“Town of Millbrook” as the jurisdiction, from the line under the title" in r.stdout, r.stdout


def test_the_to_do_item_of_one_header_says_it(tmp_path):
    """The to-do item of one header (or one letterhead) read “The Word file's header (“…”) was
    not imported: a guideline has none. If they say something…”."""
    from docx import Document

    d = Document()
    d.sections[0].header.paragraphs[0].text = "DRAFT 3 — Community Services"
    d.add_paragraph("Millbrook Sex Work Response Guidelines", style="Title")
    d.add_heading("Purpose", level=1)
    d.add_paragraph("Staff respond to sex work with services, not enforcement.")
    d.save(tmp_path / "t.docx")
    r = run_cli("import", str(tmp_path / "t.docx"), "-o", str(tmp_path / "t.yaml"))
    assert r.exit_code == 0, r.stderr
    todo = " ".join(t["text"] for t in yaml.safe_load((tmp_path / "t.yaml").read_text(encoding="utf-8"))["todo"])
    assert "was not imported: a guideline has none. If it says something" in todo, todo
