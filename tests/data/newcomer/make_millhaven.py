"""The Millhaven Word draft of the ux18 tests (`tests/test_ux18_import.py`): a made-up municipal
draft as a drafter's Word file looks — Title and Subtitle, a Word table of contents (a TOC field
of links with page numbers), numbered headings, bulleted and numbered lists with a second level,
a definitions table, a services table whose contact cells hold two lines, three real footnotes,
a contact block at the end, a header and a "Page N of M" footer, a colleague's comment and
tracked changes: a replacement and a paragraph moved with Word's move tracking (moveFrom /
moveTo). The comment's author is a made-up name that must never reach the YAML.

    python tests/data/newcomer/make_millhaven.py OUT.docx
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _wordparts import add_footnotes, add_table, mark_footnotes, read_docx, write_docx

def build(out: Path) -> Path:
    from docx import Document
    from docx.enum.text import WD_BREAK
    doc = Document()
    doc.core_properties.author = "Jennifer Okafor"
    doc.core_properties.title = "Sex Work Response Guidelines"
    sec = doc.sections[0]
    sec.header.paragraphs[0].text = "City of Millhaven — DRAFT v0.3"
    sec.footer.paragraphs[0].text = "PAGEFIELD"
    doc.add_paragraph("City of Millhaven", style="Title")
    doc.add_paragraph("Sex Work Response Guidelines", style="Subtitle")
    doc.add_paragraph("Draft for Council review — Community Services Department — February 2027")
    doc.add_paragraph("Table of Contents", style="TOC Heading" if "TOC Heading" in [s.name for s in doc.styles] else None)
    doc.add_paragraph("TOCFIELD")
    p = doc.add_paragraph(); p.add_run().add_break(WD_BREAK.PAGE)
    doc.add_heading("1. Purpose", 1)
    doc.add_paragraph("These guidelines set out how City of Millhaven staff respond to sex work, so that sex workers "
                      "and all residents are safe and treated with dignity.FN1")
    doc.add_paragraph("They follow the Living in Community model and were drafted with the Millhaven Sex Worker "
                      "Advisory Group.FN2")
    doc.add_heading("2. Scope", 1)
    doc.add_paragraph("These guidelines apply to:")
    for item in ("bylaw enforcement officers;", "parks and facilities staff;", "library and front-counter staff;",
                 "City contractors working in public spaces."):
        doc.add_paragraph(item, style="List Bullet")
    doc.add_heading("3. Definitions", 1)
    add_table(doc, ("Term", "Definition"),
              (("Sex work", "The exchange of sexual services between consenting adults for money or goods."),
               ("Sexual exploitation of youth", "Any sexual activity involving a person under 18 in exchange for "
                "anything of value. It is child abuse, never sex work."),
               ("Bad date", "A person who is violent, threatening or dishonest towards a sex worker.")))
    doc.add_heading("4. Guiding principles", 1)
    for item in ("Sex workers have the same right to safety and to City services as every resident.",
                 "Staff do not assume someone is a sex worker because of how they look or where they are.",
                 "Harm reduction, not enforcement, guides the City's response."):
        doc.add_paragraph(item, style="List Number")
    doc.add_heading("5. Responding to violence against sex workers", 1)
    doc.add_paragraph("When a sex worker tells staff about violence:")
    for item in ("listen, and ask what the person needs;", "offer a referral to the Bad Date Line and to outreach;",
                 "call 911 only if the person asks, or if someone is in immediate danger."):
        doc.add_paragraph(item, style="List Number 2")
    doc.add_paragraph("Staff record the report without the person's name.")
    doc.add_heading("6. Concerns from residents and businesses", 1)
    doc.add_paragraph("When a resident complains about sex work near their home, staff will remove the sex workers "
                      "from the area. MOVEDPARA")
    doc.add_paragraph("Staff listen to the concern and explain the City's approach.")
    doc.add_paragraph("Where no crime is taking place, staff refer the concern to the outreach team, not to police.")
    doc.add_heading("7. Youth", 1)
    doc.add_paragraph("Staff who believe a person under 18 is being sexually exploited call the Ministry of Children "
                      "and Family Development.FN3")
    doc.add_heading("8. Services", 1)
    t = doc.add_table(rows=1, cols=4); t.style = "Table Grid"
    for c, v in zip(t.rows[0].cells, ("Organization", "What they offer", "Hours", "Contact")): c.text = v
    rows = (("Millhaven Night Outreach", "Outreach van, harm reduction supplies, bad date reports", "Every night, 9 pm to 3 am",
             ["250-555-0142", "nightoutreach@millhaven-outreach.example.org"]),
            ("Harbour Health Clinic", "Sexual health, testing, counselling", "Mon–Fri, 9 am to 5 pm",
             ["250-555-0177", "www.harbourhealth.example.org"]))
    for r in rows:
        c = t.add_row().cells
        c[0].text, c[1].text, c[2].text = r[0], r[1], r[2]
        c[3].text = r[3][0]
        c[3].add_paragraph(r[3][1])
    doc.add_heading("9. Contact", 1)
    for line in ("Questions about these guidelines:", "Social Planning Division, City of Millhaven",
                 "250 Main Street, Millhaven, BC V0X 1A0", "Tel. 250-555-0100 · socialplanning@millhaven.example.ca"):
        doc.add_paragraph(line)
    doc.add_comment([p for p in doc.paragraphs if p.text.startswith("When a resident")][0].runs[0],
                    text="Outreach partners asked us to rewrite this. – Sam", author="Sam Whitford", initials="SW")
    doc.save(out)
    files = read_docx(out)
    d = files["word/document.xml"].decode("utf-8")
    who = 'w:author="Sam Whitford" w:date="2027-02-03T10:00:00Z"'
    d = mark_footnotes(d, 3)
    # tracked change: replace "remove the sex workers from the area" with "listen to the concern" (colleague)
    old = "When a resident complains about sex work near their home, staff will remove the sex workers from the area. MOVEDPARA"
    assert old in d, d[:200]
    d = d.replace(f"<w:t>{old}</w:t></w:r>",
        '<w:t xml:space="preserve">When a resident complains about sex work near their home, staff will </w:t></w:r>'
        f'<w:del w:id="901" {who}><w:r><w:delText xml:space="preserve">remove the sex workers from the area</w:delText></w:r></w:del>'
        f'<w:ins w:id="902" {who}><w:r><w:t xml:space="preserve">contact the outreach team</w:t></w:r></w:ins>'
        '<w:r><w:t>.</w:t></w:r>')
    # moved paragraph: "Staff listen..." moved before (moveFrom/moveTo)
    mv = "Staff listen to the concern and explain the City's approach."
    i = d.index(f"<w:t>{mv}</w:t>")
    ps = max(d.rfind("<w:p>", 0, i), d.rfind("<w:p ", 0, i))
    pe = d.index("</w:p>", i) + len("</w:p>")
    para = d[ps:pe]
    frm = para.replace(f'<w:r><w:t>{mv}</w:t></w:r>',
        f'<w:moveFromRangeStart w:id="910" w:name="move1" {who}/><w:moveFrom w:id="911" {who}><w:r><w:t>{mv}</w:t></w:r></w:moveFrom><w:moveFromRangeEnd w:id="910"/>')
    d = d[:ps] + frm + d[pe:]
    # insert moveTo before the "When a resident" paragraph
    j = d.index("When a resident complains")
    qs = max(d.rfind("<w:p>", 0, j), d.rfind("<w:p ", 0, j))
    to = (f'<w:p><w:moveToRangeStart w:id="912" w:name="move1" {who}/><w:moveTo w:id="913" {who}><w:r><w:t>{mv}</w:t></w:r></w:moveTo>'
          '<w:moveToRangeEnd w:id="912"/></w:p>')
    d = d[:qs] + to + d[qs:]
    # TOC field
    toc_entries = ["1. Purpose", "2. Scope", "3. Definitions", "4. Guiding principles", "5. Responding to violence against sex workers",
                   "6. Concerns from residents and businesses", "7. Youth", "8. Services", "9. Contact"]
    tp = ('<w:p><w:pPr><w:pStyle w:val="TOC1"/><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9350"/></w:tabs></w:pPr>'
          '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r>'
          '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
    parts = []
    for k, e in enumerate(toc_entries):
        body = (f'<w:hyperlink w:anchor="_Toc{k}" w:history="1"><w:r><w:t>{e}</w:t></w:r><w:r><w:tab/></w:r>'
                f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGEREF _Toc{k} \\h </w:instrText></w:r>'
                f'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{k//3+2}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink>')
        if k == 0:
            parts.append(tp + body + '</w:p>')
        else:
            parts.append('<w:p><w:pPr><w:pStyle w:val="TOC1"/><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9350"/></w:tabs></w:pPr>' + body + ('</w:p>' if k < len(toc_entries)-1 else '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'))
    k = d.index("TOCFIELD")
    qs = max(d.rfind("<w:p>", 0, k), d.rfind("<w:p ", 0, k))
    qe = d.index("</w:p>", k) + 6
    d = d[:qs] + "".join(parts) + d[qe:]
    files["word/document.xml"] = d.encode("utf-8")
    # footer page field
    for name in list(files):
        if name.startswith("word/footer"):
            f = files[name].decode()
            if "PAGEFIELD" in f:
                f = f.replace("<w:r><w:t>PAGEFIELD</w:t></w:r>",
                    '<w:r><w:t xml:space="preserve">Page </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
                    '<w:r><w:t xml:space="preserve"> of </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> NUMPAGES </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>6</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')
                files[name] = f.encode()
    notes = ["Council motion 2026-88, adopted 12 October 2026.",
             "The Advisory Group's members are paid for their time at the City's consultant rate.",
             "Child, Family and Community Service Act, section 14 (duty to report)."]
    add_footnotes(files, notes)
    write_docx(out, files)
    return out

if __name__ == "__main__":
    print(build(Path(sys.argv[1] if len(sys.argv) > 1 else "millhaven-draft.docx")))
