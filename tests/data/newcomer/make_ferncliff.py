"""The Ferncliff draft of the ux24 tests: a made-up city's sex work response guideline as a
municipal policy drafter wrote it in Word, for the advisory group's first look — Title and
Subtitle, a “Prepared by” line, numbered headings, definitions as bold lead-ins, guiding
principles written as a numbered list of plain sentences (one of them inserted and one deleted
with Track Changes on), bullets and numbered steps, a services table, a link, two footnotes and
a colleague's comment. Names of staff in the comment and the tracked changes are made up and
must never reach the YAML.

``build`` writes the file python-docx makes (as Word would save it); ``libreoffice`` is that file
opened and saved again by LibreOffice, as a drafter who works in Writer sends it:

    python tests/data/newcomer/make_ferncliff.py OUT.docx
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _wordparts import add_footnotes, add_table, mark_footnotes, read_docx, write_docx

PRINCIPLES = (
    "Sex workers are members of our community and are treated with the same respect as anyone else.",
    "Sex workers' safety comes first, before complaints about visibility.",
    "City services are offered without any condition to stop sex work.",
    "Current and former sex workers help shape, review and evaluate these guidelines.",
)


def build(out: Path) -> Path:
    from docx import Document
    doc = Document()
    doc.core_properties.author = "Dana Whitfield"
    doc.add_paragraph("City of Ferncliff", style="Title")
    doc.add_paragraph("Sex Work Response Guidelines", style="Subtitle")
    doc.add_heading("1. Purpose", 1)
    doc.add_paragraph("These guidelines set out how City of Ferncliff staff respond to sex work in the city, so "
                      "that sex workers are safe, can reach services and are treated with dignity.FN1")
    doc.add_heading("2. Scope", 1)
    doc.add_paragraph("They apply to bylaw officers, community safety staff, outreach workers funded by the City "
                      "and staff of City facilities, including parks, libraries and transit shelters.")
    doc.add_heading("3. Definitions", 1)
    for term, meaning in (("Sex worker", "an adult who sells or trades sexual services."),
                          ("Bad date", "a person who has harmed, threatened or robbed a sex worker."),
                          ("Sexual exploitation", "the sexual abuse of a person under 18, which is never sex work.")):
        p = doc.add_paragraph()
        p.add_run(term).bold = True
        p.add_run(" – " + meaning)
    doc.add_heading("4. Guiding principles", 1)
    for s in PRINCIPLES:
        doc.add_paragraph(s, style="List Number")
    doc.add_heading("5. How City staff respond", 1)
    doc.add_heading("5.1 Calls and complaints about sex work", 2)
    doc.add_paragraph("When a resident or business calls about sex work, staff:")
    for s in ("listen to the concern and ask what exactly happened;",
              "explain that selling sex is not a bylaw offence and that sex workers have the same right to "
              "public space as anyone;",
              "offer a conversation with the Ferncliff Sex Workers' Alliance, the outreach team or both."):
        doc.add_paragraph(s, style="List Bullet")
    doc.add_paragraph("Staff do not ask police to move prostitutes along and do not write down the names of "
                      "johns.")
    doc.add_heading("5.2 Violence against sex workers", 2)
    for s in ("Believe the person, and ask what they need now.",
              "Offer a ride to the Ferncliff Sexual Assault Centre or to hospital.",
              "Offer to make a bad date report with the Alliance, anonymously if the person wants.",
              "Call 911 only if the person asks for it, or someone is in immediate danger."):
        doc.add_paragraph(s, style="List Number 2")
    doc.add_heading("5.3 Young people", 2)
    doc.add_paragraph("Staff who believe a person under 18 is being sexually exploited call the Ministry's child "
                      "protection line.FN2")
    doc.add_heading("6. Services", 1)
    add_table(doc, ("Organization", "What they offer", "Phone", "Hours"),
              (("Ferncliff Sex Workers' Alliance", "Peer support, bad date reports, drop-in", "555-0140",
                "Mon–Fri 4 pm–midnight"),
               ("Ferncliff Sexual Assault Centre", "Crisis line, accompaniment to hospital", "555-0141", "24 hours"),
               ("Northside Outreach Van", "Harm reduction supplies, naloxone, food", "555-0142",
                "Every night 9 pm–3 am")))
    doc.add_heading("7. Review", 1)
    p = doc.add_paragraph("The Community Safety Manager reviews these guidelines every year with the Alliance, "
                          "following the Living in Community model (")
    _hyperlink(p, "https://livingincommunity.ca", "livingincommunity.ca")
    p.add_run(").")
    target = [p for p in doc.paragraphs if p.text.startswith("Staff do not ask police")][0]
    doc.add_comment(target.runs[0], text="Legal wants us to keep the police option - Marco", author="Marco Bellini",
                    initials="MB")
    doc.save(out)
    files = read_docx(out)
    d = files["word/document.xml"].decode("utf-8")
    d = mark_footnotes(d, 2)
    who = 'w:author="Dana Whitfield" w:date="2027-03-02T10:05:00Z"'
    # the fourth principle was added with Track Changes on (the whole item, its paragraph mark too)
    fourth = PRINCIPLES[3]
    start = d.index(f"<w:t>{fourth}</w:t>")
    p_start = d.rindex("<w:p>", 0, start) if "<w:p>" in d[:start] else d.rindex("<w:p ", 0, start)
    para = d[p_start:d.index("</w:p>", start) + len("</w:p>")]
    new = para.replace("</w:numPr>", f'</w:numPr><w:rPr><w:ins w:id="911" {who}/></w:rPr>', 1)
    new = new.replace(f"<w:r><w:t>{fourth}</w:t></w:r>", f'<w:ins w:id="912" {who}><w:r><w:t>{fourth}</w:t></w:r></w:ins>')
    assert new != para and "w:ins w:id=\"912\"" in new, para
    # and an item about police patrols was deleted after it, also tracked
    gone = (f'<w:p><w:pPr><w:pStyle w:val="ListNumber"/><w:rPr><w:del w:id="913" {who}/></w:rPr></w:pPr>'
            f'<w:del w:id="914" {who}><w:r><w:delText>Police patrols keep the downtown core free of street '
            'prostitution.</w:delText></w:r></w:del></w:p>')
    d = d.replace(para, new + gone)
    files["word/document.xml"] = d.encode("utf-8")
    add_footnotes(files, ["Council motion CS-2027-08, adopted 14 February 2027.",
                          "Child, Family and Community Service Act, section 14."])
    write_docx(out, files)
    return out


def _hyperlink(paragraph, url: str, text: str) -> None:
    """A link in ``paragraph`` as Word writes one (a relationship to the address, a run inside)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rid = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    props.append(style)
    run.append(props)
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def libreoffice(docx: Path, out_dir: Path) -> Path:
    """``docx`` opened and saved again as Word by LibreOffice (headless), in ``out_dir``."""
    import subprocess

    out_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{out_dir}/lo-profile",
                    "--convert-to", 'docx:MS Word 2007 XML', "--outdir", str(out_dir), str(docx)],
                   check=True, capture_output=True, timeout=180)
    return out_dir / docx.name


if __name__ == "__main__":
    print(build(Path(sys.argv[1] if len(sys.argv) > 1 else "ferncliff-draft.docx")))
