"""The Alder Creek Word draft of the drafter tests (`tests/test_drafter_ux12.py`): a made-up
teaching example of a council draft whose author styled its headings by hand — bold, larger
Normal paragraphs ("1. Purpose", "5.1 Reports"), never Word's Heading styles — as many council
drafts are. Two bold, centred lines make the title block (the district's name in capitals over
the guideline's name) and an italic line under them says what the draft is. It also has Word
numbering, a definitions table, a services table, a footnote, a colleague's comment and a
tracked change. The comment's author and the footer's person are made-up names that must never
reach the YAML; the sentence marked MUST-FLAG is fixture text the checks must flag.

``headings``: "typed" (numbers typed into the headings), "plain" (no numbers), "word-numbered"
(Word's own numbering on the top-level headings, as the toolbar's numbering button makes it).

    python tests/data/newcomer/make_alder_creek.py OUT.docx [typed|plain|word-numbered]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _wordparts import add_footnote, add_table, read_docx, write_docx  # noqa: E402

TITLE_PLACE = "DISTRICT OF ALDER CREEK"
TITLE = "Sex Work Response Guidelines"
LEAD = "Report to Committee of the Whole — 12 January 2027"
FOOTNOTE = "Council motion 2026-88, adopted 14 October 2026."
AUTHORS = ("Harriet Vance", "Sam Okoye")  # made-up people: never in the YAML
COMMENT = "PEERS said this sentence has to go. Can we talk Thursday?"
MUST_FLAG = "Bylaw officers will move prostitutes along when residents complain about them."


def build(out: Path, headings: str = "typed") -> Path:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.author = AUTHORS[0]
    sec = doc.sections[0]
    sec.header.paragraphs[0].text = "DRAFT v0.3 — for Committee of the Whole — not for circulation"
    sec.footer.paragraphs[0].text = f"Prepared by {AUTHORS[0]}, Community Safety, ext 2231"
    top = [0]

    def bold_line(text: str, size: int, center: bool = False, style: str | None = None):
        p = doc.add_paragraph(style=style)
        run = p.add_run(text)
        run.bold = True
        run.font.size = Pt(size)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return p

    def heading(text: str, sub: str = "") -> None:
        if not sub:
            top[0] += 1
        if headings == "plain":
            bold_line(text, 12 if sub else 14)
        elif headings == "word-numbered" and not sub:
            bold_line(text, 14, style="List Number")
        else:
            bold_line(f"{top[0]}.{sub} {text}" if sub else f"{top[0]}. {text}", 12 if sub else 14)

    bold_line(TITLE_PLACE, 16, center=True)
    bold_line(TITLE, 18, center=True)
    lead = doc.add_paragraph()
    lead.add_run(LEAD).italic = True
    lead.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading("Purpose")
    doc.add_paragraph("These guidelines set out how District staff respond to sex work in Alder Creek so that sex "
                      "workers, residents and businesses are safe and treated with dignity.FN1")
    doc.add_paragraph("They replace the 2018 Downtown Street Disorder Protocol.")
    heading("Scope")
    doc.add_paragraph("These guidelines apply to:")
    for item in ("Bylaw Services officers;", "Parks and Recreation staff;", "front-counter staff at District Hall;",
                 "contractors in District facilities."):
        doc.add_paragraph(item, style="List Bullet")
    heading("Definitions")
    add_table(doc, ("Term", "Definition"),
              (("Sex work", "The exchange of sexual services between consenting adults for money or goods."),
               ("Sexual exploitation of youth", "Any sexual activity with a person under 18 in exchange for anything "
                                                "of value."),
               ("Outreach", "Services that go to where people are, by foot or by van.")))
    heading("Guiding principles")
    for item in ("Sex workers have the same right to safety and to District services as every resident.",
                 "Staff respond to behaviour, not to who a person is or how they look.",
                 "Success is measured by safety and well-being, not by the number of tickets issued."):
        doc.add_paragraph(item, style="List Bullet")
    heading("Responding to violence against sex workers")
    heading("Reports", "1")
    doc.add_paragraph("Any report of violence against a sex worker is treated as a serious crime.")
    heading("Consent", "2")
    doc.add_paragraph("Staff do not call police without the person's consent unless someone is in immediate danger.")
    heading("Concerns from residents and businesses")
    doc.add_paragraph("When a resident calls about street-based sex work, staff:")
    for item in ("listen and record the concern without names;", "ask whether anyone is in danger;",
                 "refer the concern to the outreach team where no crime has been committed."):
        doc.add_paragraph(item, style="List Bullet 2")
    objected = doc.add_paragraph(MUST_FLAG)  # MUST-FLAG
    heading("Youth")
    doc.add_paragraph("Staff call the Ministry of Children and Family Development when they believe a person under "
                      "18 is being sexually exploited.")
    heading("Services")
    add_table(doc, ("Organization", "What they offer", "Languages", "Contact"),
              (("Alder Creek Outreach Society", "Mobile outreach, harm reduction supplies", "English, French",
                "250-555-0199 (24/7)"),
               ("Coastal Women's Health Clinic", "Sexual health, drop-in nursing", "English, Punjabi",
                "clinic@example.org")))
    heading("Review")
    doc.add_paragraph("Staff will review these guidelines with the Sex Worker Advisory Group every two years.")
    doc.add_comment(objected.runs, text=COMMENT, author=AUTHORS[1], initials="SO")
    doc.save(out)
    _word_parts(out)
    return out


def _word_parts(out: Path) -> None:
    """The footnote where FN1 is and a colleague's tracked change ("every two years" → "every year")."""
    files = read_docx(out)
    d = files["word/document.xml"].decode("utf-8")
    who = f'w:author="{AUTHORS[1]}" w:date="2027-01-05T10:00:00Z"'
    d = d.replace("FN1</w:t></w:r>", '</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                                     '<w:footnoteReference w:id="1"/></w:r>')
    d = d.replace("every two years.</w:t></w:r>",
                  f'</w:t></w:r><w:del w:id="901" {who}><w:r><w:delText>every two years</w:delText></w:r></w:del>'
                  f'<w:ins w:id="902" {who}><w:r><w:t>every year</w:t></w:r></w:ins><w:r><w:t>.</w:t></w:r>')
    d = d.replace("<w:t>", '<w:t xml:space="preserve">')
    assert "FN1" not in d and "<w:ins " in d
    files["word/document.xml"] = d.encode("utf-8")
    add_footnote(files, FOOTNOTE)
    write_docx(out, files)


if __name__ == "__main__":
    print(build(Path(sys.argv[1] if len(sys.argv) > 1 else "alder-creek-draft.docx"),
                sys.argv[2] if len(sys.argv) > 2 else "typed"))
