"""Round 15 (ux15): the drafter, the advisory reviewer on a phone and CI. Each test pins a
stumble: the wrong output is what the user saw before the fix."""

from __future__ import annotations

import pytest

from .conftest import run_cli


def _section(data, title):
    return next(s for s in data["sections"] if s["title"] == title)


def _imported(src, out):
    """`lic-policy import SRC -o OUT`, which must succeed: its result and the guideline it wrote."""
    import yaml

    r = run_cli("import", str(src), "-o", str(out))
    assert r.exit_code == 0, r.stderr
    return r, yaml.safe_load(out.read_text(encoding="utf-8"))


def _roles_table_docx(path, caption_above: bool = False):
    from docx import Document

    d = Document()
    d.add_paragraph("Millbrook Sex Work Response Guidelines", style="Title")
    d.add_heading("Purpose", level=1)
    d.add_paragraph("Staff respond to sex work with services, not enforcement.")
    d.add_heading("Roles and responsibilities", level=1)
    if caption_above:
        d.add_paragraph("Table 1: who does what")
    t = d.add_table(rows=3, cols=3)
    rows = (("Role", "Responsibility", "Contact"),
            ("Community Safety Office", "Owns these guidelines and reviews them every year", "safety@example.ca"),
            ("Bylaw Services", "Responds to complaints only where a bylaw is broken", "604-555-0199"))
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            t.cell(i, j).text = text
    if not caption_above:
        d.add_paragraph("Table 1: who does what")
    d.add_paragraph("Every role is reviewed each year.")
    d.save(path)


def test_a_table_with_column_headings_gives_clauses_that_read_on_their_own(tmp_path):
    """A roles table (Role · Responsibility · Contact) became the clause “Role — Responsibility —
    Contact”, which says nothing on the published page or in the review packet, and rows whose
    cells a reader had to match to it by position. Each row is one clause that names its
    columns now; the caption under the table (“Table 1: who does what”) was a clause too, about
    a table the guideline no longer has: it goes into the to-do item."""
    _roles_table_docx(tmp_path / "t.docx")
    r, data = _imported(tmp_path / "t.docx", tmp_path / "t.yaml")
    texts = [c["text"] for c in _section(data, "Roles and responsibilities")["clauses"]]
    assert texts == [
        "Role: Community Safety Office — Responsibility: Owns these guidelines and reviews them every year "
        "— Contact: safety@example.ca",
        "Role: Bylaw Services — Responsibility: Responds to complaints only where a bylaw is broken "
        "— Contact: 604-555-0199",
        "Every role is reviewed each year."], texts
    todo = " ".join(t["text"] for t in data["todo"])
    assert "“Table 1: who does what”" in todo, todo
    assert "each cell after its column's heading" in r.stdout, r.stdout


def test_a_caption_above_the_table_goes_with_it(tmp_path):
    _roles_table_docx(tmp_path / "t.docx", caption_above=True)
    _, data = _imported(tmp_path / "t.docx", tmp_path / "t.yaml")
    texts = [c["text"] for c in _section(data, "Roles and responsibilities")["clauses"]]
    assert not [t for t in texts if t.startswith("Table 1")], texts
    assert len(texts) == 3, texts
    assert "“Table 1: who does what”" in " ".join(t["text"] for t in data["todo"])


def test_a_first_row_of_sentences_is_no_column_heading(tmp_path):
    """A table whose first row is data (pandoc reads it as the header all the same) keeps its
    rows as they were: cells joined by “ — ”, the first row included."""
    from docx import Document

    d = Document()
    d.add_heading("Steps", level=1)
    t = d.add_table(rows=2, cols=2)
    for i, (a, b) in enumerate((("Call comes in", "Staff listen and record what happened, not who was seen."),
                                ("Someone is at risk", "Staff call the Night Outreach team first."))):
        t.cell(i, 0).text, t.cell(i, 1).text = a, b
    d.save(tmp_path / "t.docx")
    r = run_cli("import", str(tmp_path / "t.docx"), "-o", str(tmp_path / "t.yaml"))
    assert r.exit_code == 0, r.stderr
    text = (tmp_path / "t.yaml").read_text(encoding="utf-8")
    assert "Call comes in — Staff listen and record what happened, not who was seen." in text
    assert "Someone is at risk — Staff call the Night Outreach team first." in text


MILLBROOK_HEAD = """lic_policy: 1
metadata:
  id: g
  title: Millbrook Guidelines
  jurisdiction: {name: Township of Millbrook, kind: municipality}
  version: 0.1.0
  status: draft
  owners: [{role: Community Safety Manager}]
  languages: [en]
"""
MILLBROOK_BODY = """purpose: Staff respond to sex work with services.
sections:
  - id: review
    title: Review
    clauses:
      - id: review.1
        text: The guidelines are reviewed every two years with the sex worker advisory group.
"""


def test_a_to_do_item_is_printed_once_by_check(tmp_path):
    """`check` printed each to-do item three times over: the finding's message, the same words
    again as the excerpt, and a line of 120 carets under them, five times for a fresh import —
    a screen of repetition for a drafter looking for what to do. The message says it once."""
    g = tmp_path / "g.yaml"
    g.write_text(MILLBROOK_HEAD + """todo:
  - text: |-
      The Word file had a comment on “When a sex worker reports violence, staff treat the report…”: “Should we name the bad date line operator here?”. Act on it, then delete this item.
""" + MILLBROOK_BODY, encoding="utf-8")
    r = run_cli("check", str(g), "--only", "draft")
    out = r.stdout
    head = [ln for ln in out.splitlines() if "draft.todo" in ln]
    assert len(head) == 1, out
    assert out.count("Should we name the bad date line") == 1, out
    assert "^^^^^^^^^^" not in out, out
    assert "suggestion: do it, then delete the to-do item" in out, out


def _commented_docx(path, author: str, body: str):
    from docx import Document

    d = Document()
    d.add_paragraph("Millbrook Sex Work Response Guidelines", style="Title")
    d.add_heading("Purpose", level=1)
    d.add_paragraph("Staff respond to sex work with services, not enforcement.")
    d.add_heading("Violence against sex workers", level=1)
    p = d.add_paragraph("When a sex worker reports violence, staff treat the report as serious.")
    d.add_comment(p.runs[0], text=body, author=author, initials="".join(w[0] for w in author.split()))
    d.save(path)


@pytest.mark.slow  # 0.27 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_colleague_s_name_signing_a_word_comment_is_not_carried_into_the_to_do_item(tmp_path):
    """A colleague signed her Word comment, as people do (“Should we name the operator here? –
    Priya”). The comment's author (“Priya Raman”) was left out of the YAML, but the signature was
    kept word for word in the to-do item: a first name alone is nothing the masking finds. The
    name the comment's author carries is masked wherever the comment says it."""
    _commented_docx(tmp_path / "d.docx", "Priya Raman", "Should we name the bad date line operator here? – Priya")
    r = run_cli("import", str(tmp_path / "d.docx"), "-o", str(tmp_path / "d.yaml"))
    assert r.exit_code == 0, r.stderr
    text = (tmp_path / "d.yaml").read_text(encoding="utf-8")
    assert "Should we name the bad date line operator here? – *****" in text, text
    assert "Priya" not in text and "Priya" not in r.stdout


@pytest.mark.slow  # 0.55 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_words_that_only_share_letters_with_the_author_stay(tmp_path):
    """Only the author's name as a word of its own is masked; an author who is no person (a
    handle, “Author”) masks nothing."""
    _commented_docx(tmp_path / "d.docx", "May Lee", "Staff may say more here; Lee Street outreach agrees. – May")
    assert run_cli("import", str(tmp_path / "d.docx"), "-o", str(tmp_path / "d.yaml")).exit_code == 0
    text = (tmp_path / "d.yaml").read_text(encoding="utf-8")
    assert "Staff may say more here; *** Street outreach agrees. – ***" in text, text
    _commented_docx(tmp_path / "e.docx", "advisory-3 (sex-worker-advisory)", "Sex workers should lead this – advisory-3")
    assert run_cli("import", str(tmp_path / "e.docx"), "-o", str(tmp_path / "e.yaml")).exit_code == 0
    assert "Sex workers should lead this – advisory-3" in (tmp_path / "e.yaml").read_text(encoding="utf-8")


@pytest.mark.slow  # 0.24 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_reviewer_s_signature_in_a_word_comment_is_not_stored_by_review_import(tmp_path):
    """The same for `review import`: a reviewer who signs a comment in the packet (“… –
    Jamie”) had their Word name replaced by a handle, and their first name kept in the
    comment's words in the review file."""
    import shutil
    from pathlib import Path

    from docx import Document

    g = tmp_path / "g.yaml"
    shutil.copy(Path(__file__).parent.parent / "guidelines" / "cedar-harbour-sex-work-response.yaml", g)
    assert run_cli("review", "packet", str(g), "-o", str(tmp_path / "p.docx")).exit_code == 0
    d = Document(str(tmp_path / "p.docx"))
    p = next(p for p in d.paragraphs if p.text.startswith("response.violence.1"))
    d.add_comment(p.runs[-1], text="Say who answers at night. – Jamie", author="Jamie Rivera", initials="JR")
    d.save(str(tmp_path / "back.docx"))
    r = run_cli("review", "import", str(tmp_path / "back.docx"), str(g), "--role", "sex-worker-advisory")
    assert r.exit_code == 0, r.stderr
    assert "added 1 comment(s)" in r.stdout, (r.stdout, r.stderr)
    stored = (tmp_path / "g.review.yaml").read_text(encoding="utf-8")
    assert "Say who answers at night. – *****" in stored, stored
    assert "Jamie" not in stored and "Rivera" not in stored


def _as_odt(docx, tmp_path):
    import shutil
    import subprocess

    import pytest

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    subprocess.run(["soffice", "--headless", "--convert-to", "odt", "--outdir", str(tmp_path), str(docx)],
                   capture_output=True, timeout=180, check=True)
    return docx.with_suffix(".odt")


import pytest  # noqa: E402


@pytest.mark.slow
def test_the_same_draft_saved_by_libreoffice_imports_the_same_way(tmp_path):
    """The Word draft saved as .odt by LibreOffice lost what the .docx import does since: its
    roles table came back as “Role — Responsibility — Contact” (an .odt table marks no header
    row, so pandoc reads the column names as data), and the colleague's signed comment kept
    “Priya” (its author is an OpenDocument dc:creator)."""
    from docx import Document

    _roles_table_docx(tmp_path / "t.docx")
    d = Document(str(tmp_path / "t.docx"))
    p = next(p for p in d.paragraphs if p.text.startswith("Staff respond"))
    d.add_comment(p.runs[0], text="Should we name the operator here? – Priya", author="Priya Raman", initials="PR")
    d.save(str(tmp_path / "t.docx"))
    odt = _as_odt(tmp_path / "t.docx", tmp_path)
    _, data = _imported(odt, tmp_path / "o.yaml")
    texts = [c["text"] for c in _section(data, "Roles and responsibilities")["clauses"]]
    assert texts[0].startswith("Role: Community Safety Office — Responsibility: "), texts
    assert len(texts) == 3, texts
    todo = " ".join(t["text"] for t in data["todo"])
    assert "– *****" in todo and "Priya" not in todo, todo


def test_steps_with_sub_steps_in_word_s_list_number_2_style_stay_one_numbered_list(tmp_path):
    """Steps typed with Word's *List Number* style and their sub-steps with *List Number 2*
    (a list of its own in Word's numbering, which pandoc reads as three lists: 1–2, the
    sub-steps 1–3, then 3) came out as “2. Offer choices:” followed by a second list numbered
    1 to 3, and step 3 as a clause of its own. The sub-steps go with their step, as a step's
    nested list does, and step 3 continues the list."""
    from docx import Document

    d = Document()
    d.add_paragraph("Millbrook Sex Work Response Guidelines", style="Title")
    d.add_heading("Purpose", 1)
    d.add_paragraph("Staff respond to sex work with services, not enforcement.")
    d.add_heading("When a sex worker reports a bad date", 1)
    d.add_paragraph("Staff follow these steps:")
    d.add_paragraph("Listen and believe the person.", style="List Number")
    d.add_paragraph("Offer choices:", style="List Number")
    for t in ("a support person from the Outreach Collective;", "an anonymous third-party report;",
              "a report to police, only if the person wants one."):
        d.add_paragraph(t, style="List Number 2")
    d.add_paragraph("Share the report with the Outreach Collective, without the person's name.", style="List Number")
    d.add_paragraph("Staff never ask about immigration status.")
    d.save(tmp_path / "d.docx")
    _, data = _imported(tmp_path / "d.docx", tmp_path / "d.yaml")
    texts = [c["text"] for c in _section(data, "When a sex worker reports a bad date")["clauses"]]
    assert texts == [
        "Staff follow these steps:\n\n1. Listen and believe the person.\n2. Offer choices: a support person from the "
        "Outreach Collective; an anonymous third-party report; a report to police, only if the person wants one.\n"
        "3. Share the report with the Outreach Collective, without the person's name.",
        "Staff never ask about immigration status."], texts


def test_the_consultation_record_s_suggestion_names_the_stage_the_finding_asks_for(tmp_path):
    """A fresh import's check said “record how current and former sex workers took part in the
    design stage” and suggested `consultation.stages: - {stage: review, …}`: a drafter who
    copied it recorded the wrong stage, and the error stayed. The suggestion names the stage the
    finding is about."""
    g = tmp_path / "g.yaml"
    g.write_text(MILLBROOK_HEAD + MILLBROOK_BODY, encoding="utf-8")
    out = run_cli("check", str(g), "--only", "involvement.stages-recorded").stdout
    assert "took part in the design stage" in out, out
    assert "{stage: design, status: completed" in out and "stage: review" not in out, out
    g.write_text(g.read_text(encoding="utf-8").replace("status: draft", "status: in-review"), encoding="utf-8")
    out = run_cli("check", str(g), "--only", "involvement.stages-recorded").stdout
    assert "{stage: design, status: completed" in out, out
