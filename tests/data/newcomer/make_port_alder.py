"""The Port Alder Word draft of the newcomer tests (`tests/test_newcomer_paths.py`): a made-up
teaching example of a municipal draft as Word stores it — Title and Subtitle paragraphs,
numbered headings, a bulleted and a numbered list, a definitions table, a services table and a
real Word footnote. Sentences marked MUST-FLAG are fixture text the checks must flag; they are
not our wording.

    python tests/data/newcomer/make_port_alder.py OUT.docx
"""

from __future__ import annotations

import shutil
import sys
import zipfile
from pathlib import Path

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
FOOTNOTE = "Council motion 2026-114, adopted 14 October 2026."
SUBTITLE = "Draft for discussion — Community Services Department, March 2027"


def build(out: Path) -> Path:
    from docx import Document

    doc = Document()
    doc.core_properties.author = "Jordan Avery"  # a made-up Word user name: never carried into the YAML
    doc.add_paragraph("City of Port Alder Sex Work Response Guideline", style="Title")
    doc.add_paragraph(SUBTITLE, style="Subtitle")
    doc.add_heading("1. Purpose", 1)
    doc.add_paragraph("This guideline sets out how City of Port Alder staff respond to prostitution in the "  # MUST-FLAG
                      "Harbourside district and to the sexual exploitation of youth.FNMARK")
    doc.add_paragraph("It replaces the 2019 Street Disorder Protocol.")
    doc.add_heading("2. Scope", 1)
    doc.add_paragraph("The guideline applies to:")
    for item in ("bylaw enforcement officers;", "outreach and social development staff;",
                 "library, parks and recreation staff."):
        doc.add_paragraph(item, style="List Bullet")
    doc.add_heading("3. Definitions", 1)
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Term", "Definition"
    for term, definition in (
            ("Sex worker", "An adult, 18 or older, who sells or trades sexual services."),
            ("Youth sexual exploitation", "Any sexual activity involving a person under 18 in exchange for money, "
                                          "goods, shelter or anything else. It is abuse, never work."),
            ("Trafficking", "Recruiting, moving or holding a person by force, fraud or coercion to exploit them.")):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = term, definition
    doc.add_heading("4. Priorities", 1)
    for item in ("Reduce violence against sex workers.", "Improve access to health and housing services.",
                 "Crack down on street prostitution in residential areas."):  # the last is MUST-FLAG
        doc.add_paragraph(item, style="List Number")
    doc.add_heading("5. Concerns from residents and businesses", 1)
    doc.add_paragraph("Bylaw officers will move sex workers along when residents complain.")  # MUST-FLAG
    doc.add_paragraph("Staff will take a zero tolerance approach to soliciting near schools.")  # MUST-FLAG
    doc.add_paragraph("Staff listen to the concern and, where no crime has been committed, call the outreach team "
                      "rather than the police.")
    doc.add_heading("6. Responding to violence against sex workers", 1)
    doc.add_heading("6.1 Reports", 2)
    doc.add_paragraph("6.1.1 Staff treat a report of violence against a sex worker as a serious crime.")
    doc.add_paragraph("6.1.2 Staff offer to connect the person with the Bad Date Line and the Harbourside outreach "
                      "team.")
    doc.add_heading("7. Youth", 1)
    doc.add_paragraph("Youth prostitutes are referred to the Ministry of Children and Family Development.")  # MUST-FLAG
    doc.add_heading("8. Health", 1)
    doc.add_paragraph("Outreach staff may refer addicts and the homeless to the needle exchange on Water "  # MUST-FLAG
                      "Street.")
    doc.add_heading("9. Services", 1)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, value in zip(table.rows[0].cells, ("Organization", "What they offer", "Contact")):
        cell.text = value
    for row in (("Harbourside Outreach Society", "Night outreach, drop-in, harm reduction supplies", "250-555-0142"),
                ("Port Alder Women's Health Clinic", "Sexual health, testing, counselling", "250-555-0177")):
        for cell, value in zip(table.add_row().cells, row):
            cell.text = value
    doc.save(out)
    _add_footnote(out)
    return out


def _add_footnote(out: Path) -> None:
    """A real Word footnote where FNMARK is (python-docx has no API for footnotes): the
    footnotes part, its relationship, its content type and a w:footnoteReference run."""
    part = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {W}>'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
            '</w:footnote><w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr>'
            '<w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> '
            f'{FOOTNOTE}</w:t></w:r></w:p></w:footnote></w:footnotes>')
    tmp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(out) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename not in ("word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"):
                zout.writestr(item, data)
                continue
            data = data.decode("utf-8")
            if item.filename == "word/document.xml":
                data = data.replace("FNMARK</w:t></w:r>", '</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/>'
                                                          '</w:rPr><w:footnoteReference w:id="1"/></w:r>')
                assert "FNMARK" not in data
            elif item.filename == "word/_rels/document.xml.rels":
                data = data.replace("</Relationships>", '<Relationship Id="rIdFn1" Type="http://schemas.openxmlformats'
                                    '.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                                    "</Relationships>")
            elif item.filename == "[Content_Types].xml":
                data = data.replace("</Types>", '<Override PartName="/word/footnotes.xml" ContentType="application/'
                                    'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
            zout.writestr(item, data)
        zout.writestr("word/footnotes.xml", part)
    shutil.move(tmp, out)


if __name__ == "__main__":
    print(build(Path(sys.argv[1] if len(sys.argv) > 1 else "port-alder-draft.docx")))
