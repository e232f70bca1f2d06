"""Build the Word fixtures of the import tests (`python tests/data/import/make_fixtures.py`).

The content is made up (the Town of Riverbend does not exist); the structure is the one real
guidelines have, as their authors lay them out in Word:

* ``riverbend-council-guidelines.docx`` — a council report, laid out as the City of
  Vancouver's Sex Work Response Guidelines and council reports generally are: a logo, the
  title in Word's Title style (the title pandoc reports) *and* as a Heading 1 over everything, numbered
  headings ("1. Purpose"), a lead-in sentence over a bullet list, definitions as a
  two-column table with a header row, numbered paragraphs typed by hand ("6.1.1 ..."), a
  services table, a sign-off line.
* ``analyst-draft.docx`` — **a teaching example that must be flagged**: an analyst's first
  Word draft with a Title-styled paragraph (no Heading 1), bold-term definitions, and the
  wording an early draft often has (descriptive "prostitution", "johns", "at-risk
  youth sex workers"), so `lic-policy check` has something to find and `fix` something to
  fix. Do not copy its wording.

python-docx writes them the way Word stores them (Word's default template, its styles
"Title", "Heading 1–3", "List Bullet", "List Number" and "Table Grid"). The Markdown and
HTML fixtures beside this file are written by hand.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
DATE = "2026-05-04T09:00:00"


def _fixed(doc, title: str) -> None:
    """Fixed core properties, so the files rebuild the same."""
    import datetime as dt

    props = doc.core_properties
    props.title = title
    props.author = "Policy and Planning"
    props.last_modified_by = "Policy and Planning"
    props.created = props.modified = dt.datetime.fromisoformat(DATE)
    props.revision = 1


def _table(doc, rows: list[list[str]], header: bool = True):
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.text = text
            if header and r == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    return table


def council() -> Path:
    import docx
    from docx.shared import Cm

    doc = docx.Document()
    _fixed(doc, "Sex Work Response Guidelines")
    doc.add_picture(str(HERE / "logo.png"), width=Cm(3))
    doc.add_paragraph("Sex Work Response Guidelines", style="Title")
    doc.add_heading("Town of Riverbend Sex Work Response Guidelines", level=1)
    doc.add_paragraph("Report to Council · Community Services · May 2026")

    doc.add_heading("1. Purpose", level=2)
    doc.add_paragraph("These guidelines set out how Town of Riverbend staff respond to sex work and to the sexual "
                      "exploitation of youth, so that everyone is treated fairly and without bias and so that "
                      "neighbourhoods are safer for sex workers, residents and businesses alike.")
    doc.add_paragraph("They were written with current and former sex workers, sex-worker-led organizations, "
                      "residents, businesses, health and police partners.")

    doc.add_heading("2. Scope", level=2)
    doc.add_paragraph("These guidelines apply to:")
    for item in ("by-law officers and licensing inspectors;", "parks, library and community centre staff;",
                 "outreach and social development staff."):
        doc.add_paragraph(item, style="List Bullet")

    doc.add_heading("3. Definitions", level=2)
    _table(doc, [
        ["Term", "Definition"],
        ["Sex work", "The exchange of sexual services between adults for money or goods."],
        ["Sexual exploitation of youth", "Any involvement of a person under 18 in sexual activity in exchange for "
                                         "money, goods or shelter. It is abuse, never work."],
        ["Human trafficking", "Recruiting, moving or holding a person through force, fraud or coercion to "
                              "exploit them. It is distinct from sex work between adults."],
        ["Outreach", "Services that go to where people live and work."],
    ])

    doc.add_heading("4. Guiding principles", level=2)
    for item in ("Safety first: the safety of sex workers, residents and staff comes first.",
                 "Dignity: everyone is treated with respect, whatever their work.",
                 "Partnership: actions are agreed with the people they affect."):
        doc.add_paragraph(item, style="List Bullet")

    doc.add_heading("5. Priorities", level=2)
    for item in ("Respond to violence against sex workers as a priority.",
                 "Prevent the sexual exploitation of youth.",
                 "Connect people with health, housing and support services."):
        doc.add_paragraph(item, style="List Number")

    doc.add_heading("6. Responding to violence against sex workers", level=2)
    doc.add_heading("6.1 Reports of violence", level=3)
    doc.add_paragraph("6.1.1 Staff treat every report of violence against a sex worker as serious and help the "
                      "person reach the support they choose.")
    doc.add_paragraph("6.1.2 Staff do not ask about the person's immigration status or work as a condition of "
                      "help.")
    doc.add_heading("6.2 Bad date reports", level=3)
    doc.add_paragraph("6.2.1 Staff share the Riverbend Bad Date Line with anyone who asks.")

    doc.add_heading("7. Concerns from residents and businesses", level=2)
    doc.add_paragraph("Staff listen to concerns from residents and businesses and respond first through outreach "
                      "and conversation, with the people involved.")

    doc.add_heading("8. Services", level=2)
    _table(doc, [
        ["Service", "What they offer", "Contact"],
        ["Riverbend Night Outreach", "Mobile outreach, harm reduction supplies", "250-555-0141 (24/7)"],
        ["Peer Support Collective", "Peer support run by sex workers", "info@peers.example.org"],
    ])
    doc.add_paragraph("Approved by the Director of Community Services.")
    out = HERE / "riverbend-council-guidelines.docx"
    doc.save(str(out))
    return out


def analyst_draft() -> Path:
    import docx

    doc = docx.Document()
    _fixed(doc, "Riverbend Sex Work Response Guidelines (draft)")
    doc.add_paragraph("Riverbend Sex Work Response Guidelines", style="Title")
    doc.add_paragraph("First draft for discussion · Social Policy team")

    doc.add_heading("Purpose", level=1)
    doc.add_paragraph("This guideline sets out how Town of Riverbend staff respond to prostitution in the "
                      "downtown and to the sexual exploitation of youth.")

    doc.add_heading("Scope", level=1)
    doc.add_paragraph("It applies to all Town staff who meet sex workers, residents or businesses in their work.")

    doc.add_heading("Definitions", level=1)
    for term, text in (("Sex work", "The exchange of sexual services between adults."),
                       ("Outreach", "Services that go to where people live and work.")):
        p = doc.add_paragraph()
        p.add_run(term).bold = True
        p.add_run(": " + text)

    doc.add_heading("Responding to violence", level=1)
    doc.add_paragraph("Staff treat every report of violence against a sex worker as serious.")
    doc.add_paragraph("Staff offer the Bad Date Line to anyone who asks.")

    doc.add_heading("Youth", level=1)
    doc.add_paragraph("Staff connect youth sex workers with youth-serving support.")

    doc.add_heading("Complaints", level=1)
    doc.add_paragraph("When residents complain about johns in their neighbourhood, staff listen and respond first "
                      "through outreach.")
    out = HERE / "analyst-draft.docx"
    doc.save(str(out))
    return out


if __name__ == "__main__":
    for path in (council(), analyst_draft()):
        print("wrote", path)
