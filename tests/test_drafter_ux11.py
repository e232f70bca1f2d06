"""The drafter's Word path, round 11 (ux11): a municipal policy as councils write it — the
city's name as Word's Title and the policy's name as its Subtitle, a document-control table
before the first heading, bold terms ending in a colon, a services table with a "What they do"
column. Each test pins a stumble: the wrong output is what the drafter saw before the fix. The
Word draft is `tests/data/newcomer/make_harbourview.py` (made-up)."""

from __future__ import annotations

import pytest

from .conftest import newcomer_draft, run_cli


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("harbourview")
    maker = newcomer_draft("harbourview")
    docx = maker.build(folder / "harbourview-draft.docx")
    r = run_cli("import", str(docx))
    assert r.exit_code == 0, r.stderr
    from lic_policy import load

    return load(folder / "harbourview-draft.yaml").data, r, maker


def test_the_subtitle_is_the_title_when_the_title_only_names_the_city(imported):
    """Word's Title held "City of Harbourview" and its Subtitle the policy's name: the guideline
    was titled “City of Harbourview” (the id `city-of-harbourview`) and the policy's name went
    into the summary. A Title that is only the jurisdiction's name gives the jurisdiction; the
    Subtitle is the title."""
    data, r, maker = imported
    assert data["metadata"]["title"] == maker.TITLE
    # led by the jurisdiction, as `init` makes it (ux20): the title alone is every city's id
    assert data["metadata"]["id"] == "city-of-harbourview-community-safety-and-sex-work-response-policy"
    assert data["metadata"]["jurisdiction"]["name"] == maker.CITY
    assert maker.TITLE not in (data["metadata"].get("summary") or "")
    assert f"harbourview-draft.yaml: “{maker.TITLE}”" in r.stdout


def test_a_document_control_table_fills_the_metadata_and_loses_no_row(imported):
    """The table of policy number, version, owner, approval and review date went into the
    summary as “Version — (draft)” (the version number cut off as if it were a clause's
    number), its first row “Policy number — CS-114” was lost (pandoc reads a Word table's first
    row as its header, and only the body became clauses), and the import asked for the owner's
    role the table named. Version and owner are the metadata now; what has no field is one
    to-do item quoting every row."""
    data, r, maker = imported
    meta = data["metadata"]
    assert meta["version"] == "0.4"
    assert meta["owners"] == [{"role": "Manager, Community Safety & Wellbeing"}]
    assert "summary" not in meta or "Version" not in meta["summary"]
    assert "not in the document: the owner's role" not in r.stdout
    todos = [t["text"] for t in data["todo"]]
    # (the Word file's header repeats the policy number: its own to-do item quotes it, hostile11)
    control = [t for t in todos if "CS-114" in t and "header" not in t]
    assert len(control) == 1, todos
    for label, value in maker.CONTROL:
        if label not in ("Version", "Policy owner"):
            assert f"{label}: {value}" in control[0], control[0]
    assert not [t for t in todos if "could not place a table at the start" in t], todos
    assert "could not place: a table" not in r.stdout
    assert "recognized: the document-control table" in r.stdout


def test_a_bold_term_with_its_colon_inside_the_bold_is_a_clean_definition(imported):
    """`**Sex work:** the exchange …` (Word's bold run "Sex work: ") became the definition
    “** the exchange …”, and the published pages showed the two asterisks."""
    data, _r, maker = imported
    assert [(d["term"], d["definition"]) for d in data["definitions"]] == list(maker.DEFINITIONS)


def test_a_what_they_do_column_is_what_a_service_offers(imported):
    """The services table's “What they do” column was not read: every service offered
    “To be confirmed” while the table said what each does."""
    data, _r, _maker = imported
    offers = {s["organization"]: s["offers"] for s in data["services"]}
    assert offers == {"Harbourview Peer Outreach Society": ["night outreach", "bad date reports", "accompaniment"],
                      "Harbourview Health Unit": ["sexual health", "testing", "naloxone"]}


def test_a_table_s_header_row_is_kept_when_the_table_has_no_place(tmp_path):
    """A table that is neither services, definitions nor document control became clauses from
    its body only: the header row pandoc reads off a Word table was dropped without a word."""
    from docx import Document

    d = Document()
    d.add_heading("Response times", level=1)
    t = d.add_table(rows=3, cols=2)
    for i, (a, b) in enumerate((("Type of call", "Target"), ("Immediate danger", "911 first"),
                                ("Bad date report", "Shared within 24 hours"))):
        t.cell(i, 0).text, t.cell(i, 1).text = a, b
    d.save(tmp_path / "t.docx")
    r = run_cli("import", str(tmp_path / "t.docx"), "-o", str(tmp_path / "t.yaml"))
    assert r.exit_code == 0, r.stderr
    text = (tmp_path / "t.yaml").read_text(encoding="utf-8")
    # ux15: kept as the names of the columns, before each cell, not as a clause of its own
    assert "Type of call: Immediate danger — Target: 911 first" in text
    assert "Type of call: Bad date report — Target: Shared within 24 hours" in text


def test_a_table_cell_starting_with_a_decimal_keeps_it(tmp_path):
    """“2.5 km from the school” in a table cell lost “2.5”: a cell was read like a clause, whose
    typed-in number (“2.5 ”) is taken off."""
    from docx import Document

    d = Document()
    d.add_heading("Areas", level=1)
    t = d.add_table(rows=2, cols=2)
    for i, (a, b) in enumerate((("Area", "Distance"), ("Marine Drive", "2.5 km from the school"))):
        t.cell(i, 0).text, t.cell(i, 1).text = a, b
    d.save(tmp_path / "t.docx")
    r = run_cli("import", str(tmp_path / "t.docx"), "-o", str(tmp_path / "t.yaml"))
    assert r.exit_code == 0, r.stderr
    assert "Area: Marine Drive — Distance: 2.5 km from the school" in (tmp_path / "t.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [("check",), ("validate",), ("fix",), ("publish", "--to", "html"),
                                     ("review", "packet")])
def test_a_word_file_given_to_a_command_that_reads_guidelines_says_to_import_it(tmp_path, command):
    """`lic-policy check harbourview-draft.docx` — the first thing a drafter with a Word draft
    tries — said `harbourview-draft.docx:1:6: error: binary file (NUL byte) (guidelines are UTF-8
    text files)`: a position inside a zip archive, and nothing about `import`."""
    docx = newcomer_draft("harbourview").build(tmp_path / "harbourview-draft.docx")
    r = run_cli(*command, str(docx))
    assert r.exit_code == 2, (r.stdout, r.stderr)
    errors = [ln for ln in (r.stdout + r.stderr).splitlines() if ": error: " in ln]  # check's report: stdout
    assert len(errors) == 1, (r.stdout, r.stderr)
    line = errors[0]
    assert line.startswith(f"{docx}: error: a Word document (.docx), not a guideline"), line
    assert f"lic-policy import {docx}" in line and "NUL" not in line, line


def test_a_control_table_s_dates_fill_the_metadata_only_when_written_out(tmp_path):
    """Dates in full go to the metadata; 03/04/2027 (March or April, by country) and a month
    alone stay in the to-do item, as written."""
    from docx import Document

    d = Document()
    d.add_paragraph("Sex Work Response Guideline", style="Title")
    t = d.add_table(rows=4, cols=2)
    for i, (a, b) in enumerate((("Version", "2.1"), ("Effective date", "1 March 2027"),
                                ("Date approved", "03/04/2027"), ("Next review", "March 2029"))):
        t.cell(i, 0).text, t.cell(i, 1).text = a, b
    d.add_heading("Purpose", level=1)
    d.add_paragraph("How staff respond.")
    d.save(tmp_path / "g.docx")
    r = run_cli("import", str(tmp_path / "g.docx"), "--owner-role", "Director of Community Services")
    assert r.exit_code == 0, r.stderr
    from lic_policy import load

    data = load(tmp_path / "g.yaml").data
    meta = data["metadata"]
    assert meta["version"] == "2.1" and str(meta["effective_date"]) == "2027-03-01"
    assert "adopted_date" not in meta and "next_review_date" not in meta
    [todo] = [x["text"] for x in data["todo"] if "document-control" in x["text"]]
    assert "Date approved: 03/04/2027; Next review: March 2029." in todo
    # the owner's role given on the command line is not taken from the table or asked for
    assert meta["owners"] == [{"role": "Director of Community Services"}]
