"""The Kelsey Falls Word draft of the newcomer tests (`tests/test_import_word_markup.py`): a
made-up teaching example of a municipal draft as it leaves a shared drive — Title and Subtitle
paragraphs, numbered headings, bulleted and numbered lists, a definitions table, a services table
whose header row is not marked as one, a real Word footnote, a header and footer, two colleagues'
comments and tracked changes nobody accepted. The comments' authors and the footer's person are
made-up names that must never reach the YAML. The sentence marked MUST-FLAG is fixture text the
checks must flag; it is not our wording.

    python tests/data/newcomer/make_kelsey_falls.py OUT.docx
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _wordparts import add_footnote, add_table, read_docx, write_docx  # noqa: E402

TITLE = "City of Kelsey Falls Sex Work Response Guideline"
SUBTITLE = "Working draft for the Community Safety Committee, January 2027"
FOOTNOTE = "Council resolution R-2026-311, 9 November 2026."
AUTHORS = ("Morgan Lachance", "Priya Sandhu", "Dale Okafor")  # made-up people: never in the YAML
COMMENTS = ("Should we cite the council motion here?",
            "Outreach partners object to this sentence; please rewrite.")


def build(out: Path) -> Path:
    from docx import Document

    doc = Document()
    doc.core_properties.author = AUTHORS[0]
    doc.core_properties.last_modified_by = AUTHORS[1]
    sec = doc.sections[0]
    sec.header.paragraphs[0].text = "DRAFT 2 — not for circulation — City of Kelsey Falls"
    sec.footer.paragraphs[0].text = f"Prepared by {AUTHORS[0]}, Social Planning, ext. 4412"
    doc.add_paragraph(TITLE, style="Title")
    doc.add_paragraph(SUBTITLE, style="Subtitle")
    doc.add_heading("1. Purpose", 1)
    purpose = doc.add_paragraph("This guideline tells City staff how to respond to sex work in Kelsey Falls in a way "
                                "that keeps sex workers and everyone else safe.FN1")
    doc.add_paragraph("It applies the Living in Community model and replaces the 2015 Street Nuisance Directive.")
    doc.add_heading("2. Scope", 1)
    doc.add_paragraph("These guidelines apply to:")
    for item in ("bylaw officers and parks staff;", "front-counter and 311 staff;", "library staff;",
                 "contractors working in City facilities."):
        doc.add_paragraph(item, style="List Bullet")
    doc.add_heading("3. Definitions", 1)
    add_table(doc, ("Term", "Meaning"),
              (("Sex work", "The exchange of sexual services between consenting adults for money or goods."),
               ("Sexual exploitation of youth", "Any sexual activity with a person under 18 in exchange for anything. "
                                                "It is child abuse."),
               ("Bad date", "A client or person posing as a client who is violent or threatening.")))
    doc.add_heading("4. Principles", 1)
    for item in ("Sex workers have the same right to safety and City services as every resident.",
                 "Staff do not assume that a person is a sex worker because of how they look or where they stand.",
                 "Harm reduction, not enforcement, guides our response."):
        doc.add_paragraph(item, style="List Number")
    doc.add_heading("5. Responding to complaints", 1)
    doc.add_heading("5.1 When a resident calls", 2)
    objected = doc.add_paragraph("Staff will take the details and conduct sweeps of the area if the complaint "
                                 "involves sex workers.")  # MUST-FLAG
    doc.add_paragraph("Where no crime has been committed, staff contact the outreach team rather than the police.")
    doc.add_heading("5.2 Discarded needles", 2)
    doc.add_paragraph("Staff do not assume that used needles belong to sex workers; parks crews collect them.")
    doc.add_heading("6. Violence against sex workers", 1)
    doc.add_paragraph("Any report of violence against a sex worker is a serious crime and is reported to police only "
                      "with the person's consent.")
    doc.add_heading("7. Youth", 1)
    doc.add_paragraph("Staff call the Ministry of Children and Family Development when they believe a person under 18 "
                      "is being sexually exploited.")
    doc.add_heading("8. Services", 1)
    add_table(doc, ("Organization", "Services", "Languages", "Contact"),
              (("Kelsey Falls Outreach Collective", "Night outreach, harm reduction supplies, bad date reports",
                "English, French", "250-555-0190 (evenings)"),
               ("Riverside Community Health Centre", "Sexual health, testing, counselling", "English, Punjabi",
                "clinic@riverside.example.org")))
    doc.add_heading("9. Review", 1)
    doc.add_paragraph("This guideline is reviewed every two years with the sex worker advisory group.")
    doc.add_comment(purpose.runs[0], text=COMMENTS[0], author=AUTHORS[1], initials="PS")
    doc.add_comment(objected.runs[0], text=COMMENTS[1], author=AUTHORS[2], initials="DO")
    doc.save(out)
    _word_parts(out)
    return out


def _word_parts(out: Path) -> None:
    """What python-docx has no API for: the footnote where FN1 is, and tracked changes left in
    (by a colleague): "every two years" replaced by "every year", "recreation centre staff;"
    inserted after "library staff;"."""
    files = read_docx(out)
    d = files["word/document.xml"].decode("utf-8")
    who = f'w:author="{AUTHORS[1]}" w:date="2027-01-12T10:00:00Z"'
    d = d.replace("FN1</w:t></w:r>", '</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                                     '<w:footnoteReference w:id="1"/></w:r>')
    old = "This guideline is reviewed every two years with the sex worker advisory group."
    assert f"<w:t>{old}</w:t>" in d
    d = d.replace(f"<w:t>{old}</w:t></w:r>",
                  '<w:t xml:space="preserve">This guideline is reviewed </w:t></w:r>'
                  f'<w:del w:id="801" {who}><w:r><w:delText xml:space="preserve">every two years</w:delText></w:r>'
                  f'</w:del><w:ins w:id="802" {who}><w:r><w:t xml:space="preserve">every year</w:t></w:r></w:ins>'
                  '<w:r><w:t xml:space="preserve"> with the sex worker advisory group.</w:t></w:r>')
    d = d.replace("<w:t>library staff;</w:t></w:r>",
                  f'<w:t>library staff;</w:t></w:r><w:ins w:id="803" {who}><w:r><w:t xml:space="preserve"> '
                  'recreation centre staff;</w:t></w:r></w:ins>')
    assert d.count("<w:ins ") == 2 and "FN1" not in d
    files["word/document.xml"] = d.encode("utf-8")
    add_footnote(files, FOOTNOTE)
    write_docx(out, files)


if __name__ == "__main__":
    print(build(Path(sys.argv[1] if len(sys.argv) > 1 else "kelsey-falls-draft.docx")))
