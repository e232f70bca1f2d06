"""The Harbourview Word draft of the ux11 drafter tests (`tests/test_drafter_ux11.py`): a
made-up municipal policy as councils write them — the city's name as Word's Title and the
policy's name as its Subtitle, a document-control table (policy number, version, owner,
approval, review date) before the first heading, numbered headings, definitions whose term is a
bold run ending in a colon, a numbered list, and a services table whose columns are
"Organization / What they do / Contact / Languages". The sentences marked MUST-FLAG are fixture
text the checks must flag; they are not our wording.

    python tests/data/newcomer/make_harbourview.py OUT.docx
"""

from __future__ import annotations

import sys
from pathlib import Path

CITY = "City of Harbourview"
TITLE = "Community Safety and Sex Work Response Policy"
CONTROL = (("Policy number", "CS-114"), ("Version", "0.4 (draft)"),
           ("Policy owner", "Manager, Community Safety & Wellbeing"),
           ("Approved by", "Not yet approved – to Council Q2 2027"), ("Review date", "March 2027"))
DEFINITIONS = (("Sex work", "the exchange of sexual services between consenting adults for money or goods."),
               ("Sexual exploitation", "the involvement of a person under 18 in sexual activity in exchange for "
                                       "anything, or of an adult through force, coercion or deception."),
               ("Outreach", "peer-led and agency staff visits to people where they live and work."))
SERVICES = (("Organization", "What they do", "Contact", "Languages"),
            ("Harbourview Peer Outreach Society", "night outreach, bad date reports, accompaniment",
             "604-555-0199", "English, Spanish"),
            ("Harbourview Health Unit", "sexual health, testing, naloxone", "604-555-0142 (Mon–Fri)",
             "English, Punjabi, Tagalog"))


def build(out: Path) -> Path:
    from docx import Document

    d = Document()
    sec = d.sections[0]
    sec.header.paragraphs[0].text = "DRAFT – Harbourview Community Services – for internal discussion only"
    sec.footer.paragraphs[0].text = "Policy CS-114"
    d.add_paragraph(CITY, style="Title")
    d.add_paragraph(TITLE, style="Subtitle")
    t = d.add_table(rows=len(CONTROL), cols=2)
    t.style = "Table Grid"
    for i, (a, b) in enumerate(CONTROL):
        t.cell(i, 0).text, t.cell(i, 1).text = a, b
    d.add_heading("1. Purpose", level=1)
    d.add_paragraph("This policy sets out how City of Harbourview staff respond to sex work in the downtown core "
                    "and along the Marine Drive corridor, and how the City works with sex workers, residents and "
                    "businesses to improve health and safety for everyone.")
    d.add_heading("2. Scope", level=1)
    d.add_paragraph("This policy applies to all City staff, including bylaw enforcement officers, parks staff and "
                    "contracted security, and to agencies funded through the Community Safety Grant.")
    d.add_heading("3. Definitions", level=1)
    for term, text in DEFINITIONS:
        p = d.add_paragraph()
        p.add_run(f"{term}: ").bold = True
        p.add_run(text)
    d.add_heading("4. Guiding principles", level=1)
    for s in ("Sex workers are members of our community and have the same right to safety and city services as "
              "any resident.",
              "Enforcement against prostitutes is a last resort; staff focus on safety and referral.",  # MUST-FLAG
              "Decisions that affect sex workers are made with sex workers at the table."):
        d.add_paragraph(s, style="List Number")
    d.add_heading("5. Violence and bad dates", level=1)
    d.add_paragraph("Staff treat violence against sex workers as serious and share bad date reports through the "
                    "regional Bad Date Line.")
    d.add_heading("6. Services", level=1)
    t = d.add_table(rows=len(SERVICES), cols=4)
    t.style = "Table Grid"
    for i, row in enumerate(SERVICES):
        for j, c in enumerate(row):
            t.cell(i, j).text = c
    d.save(out)
    return out


if __name__ == "__main__":
    build(Path(sys.argv[1]))
