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
