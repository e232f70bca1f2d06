"""The Kestrel Bay draft of the ux23 tests: a made-up health authority's outreach guideline as a
drafter wrote it in LibreOffice Writer and saved it as Word — a header and a footer with a page
number, Title and Subtitle, numbered headings, LibreOffice's numbered and bulleted lists (a
numbered step with lettered sub-steps), a definitions table, a “Where to refer” table of
services (two of them led by the people they serve), two footnotes, a colleague's comment, and
tracked changes left in: a deletion, an insertion and a replacement. Names of staff in the
comment and the tracked changes are made up and must never reach the YAML.

``build`` writes the file python-docx makes; ``tests/data/newcomer/kestrel-bay-libreoffice.docx``
is that file opened and saved again by LibreOffice (7.4), which is what the tests import:

    python tests/data/newcomer/make_kestrel_bay.py OUT.docx
    soffice --headless --convert-to docx:"MS Word 2007 XML" --outdir DIR OUT.docx
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _wordparts import add_footnotes, add_table, mark_footnotes, read_docx, write_docx

SAVED = Path(__file__).parent / "kestrel-bay-libreoffice.docx"
"""The draft as LibreOffice saved it (see the module's text)."""


def build(out: Path) -> Path:
    from docx import Document
    doc = Document()
    doc.core_properties.author = "Priya Lindqvist"
    sec = doc.sections[0]
    sec.header.paragraphs[0].text = "Kestrel Bay Health Authority · Population Health · DRAFT 0.3 – not for circulation"
    sec.footer.paragraphs[0].text = "Outreach guideline – working draft – page "
    doc.add_paragraph("Kestrel Bay Health Authority", style="Title")
    doc.add_paragraph("Guideline for Outreach with Sex Workers", style="Subtitle")
    doc.add_heading("1. Purpose", 1)
    doc.add_paragraph("This guideline describes how Kestrel Bay Health outreach staff offer health care, harm "
                      "reduction supplies and support to sex workers where they live and work, and how staff "
                      "respond when a sex worker reports violence.FN1")
    doc.add_heading("2. Scope", 1)
    doc.add_paragraph("It applies to outreach nurses, peer support workers, the mobile clinic team and the staff of "
                      "the three sexual health clinics of Kestrel Bay Health, across the Kestrel Bay region.")
    doc.add_heading("3. Definitions", 1)
    add_table(doc, ("Term", "Meaning"),
              (("Sex worker", "An adult who sells or trades sexual services."),
               ("Peer support worker", "A current or former sex worker employed by Kestrel Bay Health, paid at "
                                       "the same rate as other outreach staff."),
               ("Bad date", "A person who has been violent, threatening or dishonest towards a sex worker.")))
    doc.add_heading("4. Principles", 1)
    for s in ("Sex workers are the experts on their own lives, health and safety.",
              "Care is offered without any condition to stop sex work.",
              "Outreach goes where people are, at the hours they work."):
        doc.add_paragraph(s, style="List Number")
    doc.add_heading("5. Outreach practice", 1)
    doc.add_heading("5.1 Making contact", 2)
    for s in ("Introduce yourself by first name and role, and say what you can offer.",
              "Ask before offering anything, and respect a no.",
              "Do not photograph anyone or write down names or descriptions."):
        doc.add_paragraph(s, style="List Number")
    doc.add_heading("5.2 When a sex worker reports violence", 2)
    doc.add_paragraph("When a sex worker tells outreach staff about violence, staff:", style="List Number")
    for s in ("listen, and ask what the person needs right now;",
              "offer medical care and a sexual assault nurse examiner at the mobile clinic;",
              "offer to make a bad date report, anonymous if the person wants."):
        doc.add_paragraph(s, style="List Number 2")
    doc.add_paragraph("Staff call 911 only if the person asks them to, or if someone is in immediate danger.",
                      style="List Number")
    doc.add_heading("6. Young people", 1)
    doc.add_paragraph("Staff who believe a person under 18 is being sexually exploited follow the Kestrel Bay Health "
                      "child protection policy and call the child protection line.FN2")
    doc.add_heading("7. Where to refer", 1)
    add_table(doc, ("Service", "What they offer", "Phone"),
              (("Kestrel Bay Sex Worker Collective", "Peer support, bad date reports, drop-in", "555-0190"),
               ("Spirit Wings Indigenous Women's Centre", "Cultural support, Elders, housing help", "555-0191"),
               ("Kestrel Bay Health Mobile Clinic", "Nursing care, STI testing, naloxone", "555-0192")))
    doc.add_heading("8. Review", 1)
    doc.add_paragraph("The Outreach Program Manager reviews this guideline every two years with the Kestrel Bay Sex "
                      "Worker Collective.")
    target = [p for p in doc.paragraphs if p.text.startswith("Staff call 911")][0]
    doc.add_comment(target.runs[0], text="Check with the Collective whether 911 is right here - Sam",
                    author="Sam Oduya", initials="SO")
    doc.save(out)
    files = read_docx(out)
    d = files["word/document.xml"].decode("utf-8")
    d = mark_footnotes(d, 2)
    who = 'w:author="Priya Lindqvist" w:date="2027-02-08T15:20:00Z"'
    old = "<w:t>Ask before offering anything, and respect a no.</w:t></w:r>"
    assert old in d
    d = d.replace(old, '<w:t xml:space="preserve">Ask before offering anything, and respect a no.</w:t></w:r>'
                  f'<w:del w:id="901" {who}><w:r><w:delText xml:space="preserve"> Encourage them to exit the '
                  'sex trade.</w:delText></w:r></w:del>')
    old = "<w:t>listen, and ask what the person needs right now;</w:t></w:r>"
    assert old in d
    d = d.replace(old, '<w:t xml:space="preserve">listen, and ask what the person needs right now</w:t></w:r>'
                  f'<w:ins w:id="902" {who}><w:r><w:t xml:space="preserve"> and who they want with them</w:t></w:r>'
                  '</w:ins><w:r><w:t>;</w:t></w:r>')
    old = "<w:t>Sex workers are the experts on their own lives, health and safety.</w:t></w:r>"
    assert old in d
    d = d.replace(old, '<w:t xml:space="preserve">Sex workers are the experts on their own lives, health and '
                  '</w:t></w:r>'
                  f'<w:del w:id="903" {who}><w:r><w:delText>safety</w:delText></w:r></w:del>'
                  f'<w:ins w:id="904" {who}><w:r><w:t>safety, and they take part in every stage of this '
                  'work</w:t></w:r></w:ins><w:r><w:t>.</w:t></w:r>')
    # the footer's page number (a PAGE field), as LibreOffice's Insert ▸ Field ▸ Page Number writes it
    footer = files["word/footer1.xml"].decode("utf-8")
    footer = footer.replace("page </w:t></w:r>", 'page </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                            '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
                            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
                            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    files["word/footer1.xml"] = footer.encode("utf-8")
    files["word/document.xml"] = d.encode("utf-8")
    add_footnotes(files, ["Kestrel Bay Health Board motion 27-04, adopted 18 January 2027.",
                          "Child, Family and Community Service Act, section 14 (the duty to report)."])
    write_docx(out, files)
    return out


if __name__ == "__main__":
    print(build(Path(sys.argv[1] if len(sys.argv) > 1 else "kestrel-bay-draft.docx")))
