"""The Lakeshore Word draft of the ux22 tests: a made-up regional transit agency's guideline for
its safety officers, operators and station staff, laid out as a transit agency writes one — a
Title with the agency's name before a colon, a bold “Status:” line under it that gives the
draft's number and its owner, numbered Heading 1 and Heading 2 headings (“5.1 …”), definitions
and guiding principles as lists whose items start with a bold name, a lead-in sentence ending in
“:” over bullets (one of which carries a footnote), a “Who to contact” table of services
(Service · What they do · Phone), two footnotes, a colleague's comment, a tracked replacement
(a deletion and an insertion) and a footer. Names of staff in the comment and the tracked change
are made up and must never reach the YAML.

    python tests/data/newcomer/make_lakeshore.py OUT.docx
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _wordparts import add_footnotes, add_table, mark_footnotes, read_docx, write_docx


def build(out: Path) -> Path:
    from docx import Document
    doc = Document()
    doc.core_properties.author = "Marisol Okafor"
    doc.core_properties.title = "Transit Safety and Sex Workers"
    sec = doc.sections[0]
    sec.footer.paragraphs[0].text = "Lakeshore Regional Transit Commission · Draft for discussion · March 2027"
    doc.add_heading("Lakeshore Regional Transit: Guideline on Sex Workers' Safety on the Transit System", 0)
    p = doc.add_paragraph()
    p.add_run("Status: ").bold = True
    p.add_run("Draft 0.2 for the Community Safety Committee. Owner: Manager, Transit Community Safety.")
    doc.add_heading("1. Purpose", 1)
    doc.add_paragraph("Sex workers ride our buses and trains to get to work, to get home late at night, and to reach "
                      "health services. This guideline tells Transit Community Safety Officers, operators and "
                      "station attendants how to keep sex workers safe on the system and how to respond when "
                      "someone reports violence or harassment.FN1")
    doc.add_heading("2. Scope", 1)
    doc.add_paragraph("It applies to all Lakeshore Regional Transit staff and contractors who work on vehicles, at "
                      "stations and at the 24-hour Transit Safety Line, across the cities of Lakeshore, Port Milne "
                      "and Carver.")
    doc.add_heading("3. Definitions", 1)
    for t, d in (("Sex worker", "an adult who sells or trades sexual services."),
                 ("Transit Community Safety Officer (TCSO)", "an unarmed, uniformed Lakeshore Transit employee who patrols vehicles and stations."),
                 ("Safe stop", "a request stop between bus stops that an operator makes after 9 pm on request.")):
        para = doc.add_paragraph(style="List Bullet")
        para.add_run(t + ": ").bold = True
        para.add_run(d)
    doc.add_heading("4. Guiding principles", 1)
    for t, d in (("Safety first", "Every rider, including sex workers, has the right to travel safely."),
                 ("No displacement", "Staff do not move people on from stations because of their work."),
                 ("Partnership", "We work with sex worker-led groups on training and on this guideline.")):
        para = doc.add_paragraph(style="List Number")
        para.add_run(t + ". ").bold = True
        para.add_run(d)
    doc.add_heading("5. On the system", 1)
    doc.add_heading("5.1 Loitering and presence at stations", 2)
    doc.add_paragraph("Staff must not ask riders whether they are sex workers, and must not remove anyone for "
                      "loitering because they are known or believed to be a sex worker.", style="List Number")
    doc.add_paragraph("Operators may make a safe stop for any rider after 9 pm.", style="List Number")
    doc.add_paragraph("Officers will take action against prostitutes soliciting on transit property where there is a "
                      "complaint.", style="List Number")
    doc.add_heading("5.2 Responding to violence and harassment", 2)
    doc.add_paragraph("When a rider reports violence or harassment, staff:")
    for s in ("ask what the person needs now and whether they want police called;",
              "offer a ride on the next vehicle to a safe place, or a taxi voucher;",
              "preserve CCTV footage for 30 days if the person may make a report later;FN2",
              "give the Bad Date Line number and the Transit Safety Line number."):
        doc.add_paragraph(s, style="List Bullet")
    doc.add_heading("6. Who to contact", 1)
    add_table(doc, ("Service", "What they do", "Phone"),
              (("Lakeshore Sex Workers' Action Network (LSWAN)", "Peer support, bad date reports, court accompaniment", "555-0170"),
               ("Transit Safety Line", "24-hour line for riders; dispatches a TCSO", "555-0100"),
               ("Carver Community Health Centre", "Sexual health, drop-in, nurse on the van Tue and Fri nights", "555-0133")), "Light Grid Accent 1")
    doc.add_heading("7. Training", 1)
    doc.add_paragraph("LSWAN delivers a two-hour training to all TCSOs and operators each year; LSWAN trainers are "
                      "paid at the Commission's consultant rate.")
    doc.add_heading("8. Review", 1)
    doc.add_paragraph("This guideline will be reviewed every two years with LSWAN and the Community Safety Committee.")
    target = [p for p in doc.paragraphs if "take action against prostitutes" in p.text][0]
    doc.add_comment(target.runs[0], text="LSWAN flagged this sentence at the March meeting - it contradicts 5.1. Can we drop it? - Jordan", author="Jordan Pike", initials="JP")
    doc.save(out)
    files = read_docx(out)
    d = files["word/document.xml"].decode("utf-8")
    d = mark_footnotes(d, 2)
    who = 'w:author="Jordan Pike" w:date="2027-03-14T10:00:00Z"'
    old = "<w:t>Operators may make a safe stop for any rider after 9 pm.</w:t></w:r>"
    assert old in d
    d = d.replace(old, '<w:t xml:space="preserve">Operators may make a safe stop for any rider after </w:t></w:r>'
                  f'<w:del w:id="901" {who}><w:r><w:delText>9 pm</w:delText></w:r></w:del>'
                  f'<w:ins w:id="902" {who}><w:r><w:t>dark</w:t></w:r></w:ins>'
                  '<w:r><w:t>.</w:t></w:r>')
    files["word/document.xml"] = d.encode("utf-8")
    add_footnotes(files, ["Commission motion TC-2026-41, 9 December 2026.",
                          "Lakeshore Regional Transit CCTV Retention Standard, section 4."])
    write_docx(out, files)
    return out


if __name__ == "__main__":
    print(build(Path(sys.argv[1] if len(sys.argv) > 1 else "lakeshore-draft.docx")))
