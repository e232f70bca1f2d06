"""The Ashgrove Word draft of the ux20 tests: a made-up municipal draft written the way a city
writes one in Word — Title and Subtitle, numbered Heading 1 headings (“1. Purpose”,
“2. Principles”, “3. Definitions”, “4. Roles and responsibilities”, …), a principles list whose
items start with a bold short name, a definitions table, a roles table, hand-numbered clauses
(“5.1 …”), two footnotes, a colleague's comment and a tracked replacement. Names of staff in
the comment and the tracked change are made up and must never reach the YAML.

    python tests/data/newcomer/make_ashgrove.py OUT.docx
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _wordparts import add_footnotes, add_table, mark_footnotes, read_docx, write_docx


def build(out: Path) -> Path:
    from docx import Document
    doc = Document()
    doc.core_properties.author = "Linh Tran"
    doc.add_paragraph("City of Ashgrove", style="Title")
    doc.add_paragraph("Sex Work Response Guidelines", style="Subtitle")
    doc.add_paragraph("Draft for discussion — Community Services — April 2027")
    doc.add_heading("1. Purpose", 1)
    doc.add_paragraph("These guidelines set out how City of Ashgrove staff respond to sex work in the city, so that "
                      "sex workers are safe, are treated with dignity and can use City services like every resident.FN1")
    doc.add_heading("2. Principles", 1)
    doc.add_paragraph("The City's response rests on these principles:")
    for head, text in (
            ("Dignity.", "Sex workers are residents, and staff treat them with the same respect as anyone they serve."),
            ("Safety first.", "Staff put the safety of sex workers ahead of complaints about their presence."),
            ("Nothing about us without us.", "Sex workers take part in writing, reviewing and evaluating these guidelines."),
            ("Partnership.", "The City works with sex worker-led organizations and outreach services, not around them.")):
        p = doc.add_paragraph(style="List Bullet")
        p.add_run(head + " ").bold = True
        p.add_run(text)
    doc.add_heading("3. Definitions", 1)
    add_table(doc, ("Term", "Meaning"),
              (("Sex worker", "An adult who exchanges sexual services for money or goods."),
               ("Sexual exploitation", "Any sexual activity involving a person under 18 in exchange for anything "
                "of value, or any adult forced or coerced into it. It is never sex work."),
               ("Outreach", "Services brought to where people live and work, on foot or by van.")))
    doc.add_heading("4. Roles and responsibilities", 1)
    add_table(doc, ("Role", "Responsibility"),
              (("Bylaw officers", "Respond to complaints only where a bylaw is broken, and refer people to outreach."),
               ("Parks staff", "Leave sex workers' belongings and supplies in place and call outreach if someone needs help."),
               ("Community Services Manager", "Keeps these guidelines up to date with the Sex Worker Advisory Group.")))
    doc.add_heading("5. Responding to violence against sex workers", 1)
    for text in ("5.1 When a sex worker reports violence, staff listen and ask what the person needs.",
                 "5.2 Staff offer a referral to the Bad Date Line and to outreach.",
                 "5.3 Staff call 911 only if the person asks, or if someone is in immediate danger.FN2"):
        doc.add_paragraph(text)
    doc.add_heading("6. Complaints from residents", 1)
    doc.add_paragraph("6.1 When a resident complains about prostitution near their home, bylaw officers will move "
                      "the women along.")
    doc.add_paragraph("6.2 Where no crime is taking place, staff refer the concern to outreach, not to police.")
    doc.add_heading("7. Youth", 1)
    doc.add_paragraph("7.1 Staff who believe a person under 18 is being sexually exploited call the Ministry of "
                      "Children and Family Development.")
    doc.add_comment([p for p in doc.paragraphs if p.text.startswith("6.1")][0].runs[0],
                    text="Outreach say this is exactly what pushes people into darker streets. Can we rewrite? – Linh",
                    author="Linh Tran", initials="LT")
    doc.save(out)
    files = read_docx(out)
    d = files["word/document.xml"].decode("utf-8")
    who = 'w:author="Omar Haddad" w:date="2027-04-03T10:00:00Z"'
    d = mark_footnotes(d, 2)
    old = "5.2 Staff offer a referral to the Bad Date Line and to outreach."
    assert old in d
    d = d.replace(f"<w:t>{old}</w:t></w:r>",
                  '<w:t xml:space="preserve">5.2 Staff offer a referral to the Bad Date Line and to </w:t></w:r>'
                  f'<w:del w:id="901" {who}><w:r><w:delText>outreach</w:delText></w:r></w:del>'
                  f'<w:ins w:id="902" {who}><w:r><w:t>Ashgrove Night Outreach</w:t></w:r></w:ins>'
                  '<w:r><w:t>.</w:t></w:r>')
    files["word/document.xml"] = d.encode("utf-8")
    notes = ["Council motion 2027-041, adopted 9 March 2027.",
             "Criminal Code of Canada, section 265 (assault)."]
    add_footnotes(files, notes)
    write_docx(out, files)
    return out


if __name__ == "__main__":
    print(build(Path(sys.argv[1] if len(sys.argv) > 1 else "ashgrove-draft.docx")))
