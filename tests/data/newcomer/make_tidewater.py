"""The Tidewater Word draft of the ux21 tests: a made-up health authority's outreach protocol,
laid out as health authorities write protocols rather than as a city writes guidelines — a
document-control table first, then Title and Subtitle, lettered Heading 1 headings (“A. Purpose”,
“B. Scope”, …), Heading 2 sub-protocols, clauses numbered by Word's own numbering (List Number,
with a second level in List Number 2), a “Note:” call-out in a one-cell shaded table, a roles
table of three columns whose header row repeats on each page, principles as plain sentences,
definitions typed as “Term – meaning” bullets, two footnotes and an endnote, a colleague's
comment and a reply to it, a tracked insertion, and an appendix checklist. Names of staff in the
comments and the tracked change are made up and must never reach the YAML.

    python tests/data/newcomer/make_tidewater.py OUT.docx
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _wordparts import add_footnotes, add_notes, mark_footnotes, read_docx, write_docx

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _shade(cell, fill: str) -> None:
    from docx.oxml import parse_xml
    cell._tc.get_or_add_tcPr().append(parse_xml(f'<w:shd {W} w:val="clear" w:color="auto" w:fill="{fill}"/>'))


def _repeat_header(row) -> None:
    from docx.oxml import parse_xml
    row._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {W}/>'))


def build(out: Path) -> Path:
    from docx import Document
    doc = Document()
    doc.core_properties.author = "Ravinder Gill"
    sec = doc.sections[0]
    sec.header.paragraphs[0].text = "Tidewater Health — Population and Public Health — DRAFT v0.6"
    t = doc.add_table(rows=0, cols=2); t.style = "Table Grid"
    for a, b in (("Protocol number", "PPH-OUT-014"), ("Version", "0.6 (draft)"),
                 ("Protocol owner", "Director, Harm Reduction Services"),
                 ("Effective date", "1 June 2027"), ("Review date", "1 June 2029")):
        c = t.add_row().cells; c[0].text, c[1].text = a, b
    doc.add_paragraph("Tidewater Health Authority", style="Title")
    doc.add_paragraph("Sex Worker Outreach Protocol", style="Subtitle")
    doc.add_heading("A. Purpose", 1)
    doc.add_paragraph("This protocol sets out how Tidewater Health outreach teams reach sex workers where they live "
                      "and work, offer health services without conditions, and respond when a sex worker reports "
                      "violence.FN1")
    doc.add_heading("B. Scope", 1)
    doc.add_paragraph("This protocol applies to street outreach nurses, peer outreach workers, the mobile health van "
                      "team and sexual health clinic staff in the Tidewater region.")
    doc.add_heading("C. Principles", 1)
    for s in ("Sex workers are experts in their own lives and safety.",
              "Health services are offered without any condition to stop sex work.",
              "Peers with lived experience are paid for their work on the same scale as other staff.",
              "Outreach goes to where people are, at the hours they work."):
        doc.add_paragraph(s, style="List Bullet")
    doc.add_heading("D. Definitions", 1)
    for s in ("Sex worker – an adult who exchanges sexual services for money or goods.",
              "Peer outreach worker – a current or former sex worker employed by Tidewater Health to do outreach.",
              "Bad date – a person who has been violent, threatening or dishonest towards a sex worker."):
        doc.add_paragraph(s, style="List Bullet")
    doc.add_heading("E. Roles and responsibilities", 1)
    t = doc.add_table(rows=1, cols=3); t.style = "Table Grid"
    hdr = t.rows[0]
    _repeat_header(hdr)
    for cell, text in zip(hdr.cells, ("Role", "Responsible for", "Reports to")):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
        _shade(cell, "D9E2F3")
    for row in (("Street outreach nurse", "Wound care, STI testing and naloxone on the street", "Harm Reduction Lead"),
                ("Peer outreach worker", "First contact, bad date reports, accompanying people to appointments",
                 "Peer Program Coordinator"),
                ("Mobile van driver", "Van safety and the route schedule", "Harm Reduction Lead")):
        c = t.add_row().cells
        for cell, text in zip(c, row):
            cell.text = text
    doc.add_heading("F. Outreach practice", 1)
    doc.add_heading("F.1 Making contact", 2)
    for s in ("Introduce yourself by first name and role, and say what you can offer.",
              "Ask before offering anything; respect a no.",
              "Never photograph people or write down names or descriptions."):
        doc.add_paragraph(s, style="List Number")
    box = doc.add_table(rows=1, cols=1); box.style = "Table Grid"
    box.rows[0].cells[0].text = ("Note: outreach staff do not share information with police unless the person asks "
                                 "them to or a child is at risk.")
    _shade(box.rows[0].cells[0], "FFF2CC")
    doc.add_heading("F.2 Supplies", 2)
    doc.add_paragraph("Each shift carries condoms, lubricant, naloxone kits, sterile injection and inhalation supplies, "
                      "and bad date sheets.FN2")
    doc.add_heading("G. Responding to violence against sex workers", 1)
    doc.add_paragraph("When a sex worker tells an outreach worker about violence:", style="List Number")
    for s in ("listen, and ask what the person needs right now;",
              "offer medical care and a sexual assault nurse examiner, at the van or at the clinic;",
              "offer to make a bad date report, anonymous if the person wants;"):
        doc.add_paragraph(s, style="List Number 2")
    doc.add_paragraph("Call 911 only if the person asks, or if someone is in immediate danger.", style="List Number")
    doc.add_heading("H. Youth", 1)
    doc.add_paragraph("Staff who believe a person under 18 is being sexually exploited follow the Tidewater Health "
                      "child protection policy and call the Ministry of Children and Family Development.ENOTE")
    doc.add_heading("I. Evaluation", 1)
    doc.add_paragraph("Success is measured by how many contacts lead to care the person asked for, and by what the "
                      "Peer Advisory Circle says about the service each year. Targets will be set to reduce the "
                      "number of high-risk individuals on the street.")
    doc.add_heading("Appendix 1 – Shift checklist", 1)
    for s in ("☐ Van stocked and supplies logged", "☐ Bad date sheet updated", "☐ Phone charged and on"):
        doc.add_paragraph(s)
    target = [p for p in doc.paragraphs if p.text.startswith("Targets") or "Targets will" in p.text][0]
    doc.add_comment(target.runs[0], text="“High-risk individuals” reads badly to the Peer Advisory Circle – can we "
                    "say what we mean? – Ravinder", author="Ravinder Gill", initials="RG")
    doc.save(out)
    files = read_docx(out)
    d = files["word/document.xml"].decode("utf-8")
    d = mark_footnotes(d, 2)
    d = d.replace("Family Development.ENOTE</w:t></w:r>",
                  'Family Development.</w:t></w:r><w:r><w:rPr><w:rStyle w:val="EndnoteReference"/>'
                  '<w:vertAlign w:val="superscript"/></w:rPr><w:endnoteReference w:id="1"/></w:r>')
    who = 'w:author="Dana Whitford" w:date="2027-04-20T09:30:00Z"'
    old = "<w:t>offer medical care and a sexual assault nurse examiner, at the van or at the clinic;</w:t></w:r>"
    assert old in d
    d = d.replace(old, '<w:t xml:space="preserve">offer medical care and a sexual assault nurse examiner, at the van '
                  'or at the clinic</w:t></w:r>'
                  f'<w:ins w:id="801" {who}><w:r><w:t xml:space="preserve">, and a ride there</w:t></w:r></w:ins>'
                  '<w:r><w:t>;</w:t></w:r>')
    files["word/document.xml"] = d.encode("utf-8")
    add_footnotes(files, ["Tidewater Health Board motion 27-09, adopted 12 February 2027.",
                          "Supply list reviewed with the Peer Advisory Circle, March 2027."])
    add_notes(files, ["Child, Family and Community Service Act, section 14 (duty to report)."], "endnote", "rIdEn1")
    write_docx(out, files)
    return out


if __name__ == "__main__":
    print(build(Path(sys.argv[1] if len(sys.argv) > 1 else "tidewater-draft.docx")))
