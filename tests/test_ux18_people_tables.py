"""ux18: a council draft's revision-history table (Version · Date · Author · Changes) and its
approvals table (Name · Title · Date) named staff by name. `import` made each row a clause
("Author: Jennifer Okafor"), which no privacy check reads (clauses hold public contacts), so
`publish` put the names on the page. A table with a column of people's names is left out now,
with a `left out:` line and a to-do item that quotes it masked."""

from __future__ import annotations

from pathlib import Path

import lic_policy

from .conftest import run_cli


def _draft(path: Path) -> Path:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Town of Elk Ridge Sex Work Response Guidelines", style="Title")
    doc.add_heading("Purpose", 1)
    doc.add_paragraph("These guidelines tell Town staff how to respond to sex work so that everyone is safe.")
    doc.add_heading("Responding to violence against sex workers", 1)
    doc.add_paragraph("Staff treat every report of violence against a sex worker as serious.")
    doc.add_heading("Roles", 1)
    t = doc.add_table(rows=1, cols=2)
    for c, v in zip(t.rows[0].cells, ("Role", "Responsibility")):
        c.text = v
    for c, v in zip(t.add_row().cells, ("Bylaw Services", "Responds to complaints only where a bylaw is broken")):
        c.text = v
    doc.add_heading("Revision history", 1)
    t = doc.add_table(rows=1, cols=4)
    for c, v in zip(t.rows[0].cells, ("Version", "Date", "Author", "Changes")):
        c.text = v
    for row in (("0.1", "12 January 2027", "Jennifer Okafor", "First draft"),
                ("0.2", "3 February 2027", "Sam Whitford", "Changes from the advisory group")):
        for c, v in zip(t.add_row().cells, row):
            c.text = v
    doc.add_heading("Approvals", 1)
    t = doc.add_table(rows=1, cols=3)
    for c, v in zip(t.rows[0].cells, ("Name", "Title", "Date")):
        c.text = v
    for c, v in zip(t.add_row().cells, ("Priya Raman", "Director of Community Services", "15 February 2027")):
        c.text = v
    doc.save(path)
    return path


def test_a_table_that_names_people_is_left_out_and_quoted_masked(tmp_path):
    docx = _draft(tmp_path / "elk-ridge.docx")
    r = run_cli("import", str(docx), "--owner-role", "Director of Community Services")
    assert r.exit_code == 0, r.stderr
    text = (tmp_path / "elk-ridge.yaml").read_text(encoding="utf-8")
    for name in ("Okafor", "Whitford", "Raman", "Jennifer", "Priya"):
        assert name not in text and name not in r.stdout, name
    assert "left out: a table in “Revision history” (2 rows; Version, Date, Author, Changes): its Author column " \
           "names people, and a guideline names roles, never people; see the to-do item" in r.stdout, r.stdout
    assert "left out: a table in “Approvals” (1 row; Name, Title, Date): its Name column names people" in r.stdout
    doc = lic_policy.load(tmp_path / "elk-ridge.yaml", validate=True)
    assert not doc.issues
    titles = [s["title"] for s in doc.data["sections"]]
    assert "Revision history" not in titles and "Approvals" not in titles  # nothing else was in them
    assert "Roles" in titles  # a table of roles stays clauses
    todo = " ".join(t["text"] for t in doc.data["todo"])
    assert "Author: ******** ******" in todo and "a guideline names roles, never people" in todo
    assert "governance" in todo  # where approvals by role go
    # and nothing of it reaches the published page
    out = lic_policy.publish(tmp_path / "elk-ridge.yaml", ["html"], tmp_path / "pub")[0]
    assert "Okafor" not in out.read_text(encoding="utf-8")
