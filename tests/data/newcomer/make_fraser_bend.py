"""The Fraser Bend Word draft of the ux9 walk-through (`tests/test_drafter_next9.py`): a made-up
teaching example of a Canadian city's guideline drafted in Markdown and turned into Word by
pandoc (Title and Subtitle, numbered headings, hand-numbered clauses, a definitions table, a
numbered list, a real footnote), then given what a shared drive adds: a colleague's comment, a
tracked replacement, and a floating text box with the Bad Date Line's number (as Word 2010 and
later write it, with its VML copy). The colleague's name must never reach the YAML; the sentence
marked MUST-FLAG is fixture text the checks must flag, not our wording.

    python tests/data/newcomer/make_fraser_bend.py OUT.docx
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _wordparts import read_docx, write_docx  # noqa: E402

COLLEAGUE = "Jordan Whitfield"  # made-up: never in the YAML
COMMENT = "Is this consistent with the LIC model? Please check with outreach."
BOX = "Bad Date Line: call or text 604-555-0199, any time, day or night."
MARKDOWN = """---
title: City of Fraser Bend Sex Work Response Guidelines
subtitle: Draft for the Community Services and Safety Committee, February 2027
---

# 1. Purpose

These guidelines set out how City of Fraser Bend staff respond to sex work and to the sexual exploitation of youth in a way that protects the health, safety and dignity of everyone.[^1]

They replace the 2014 Street Activity Directive and apply the Living in Community model.

# 2. Scope

These guidelines apply to:

- bylaw enforcement officers and parks staff;
- library, recreation centre and front-counter staff;
- contractors working in City facilities.

# 3. Definitions

| Term | Meaning |
|------|---------|
| Sex work | The exchange of sexual services between consenting adults for money or goods. |
| Sexual exploitation of youth | Any sexual activity with a person under 18 in exchange for anything; it is child abuse. |
| Bad date | A client, or a person posing as a client, who is violent or threatening. |

# 4. Principles

1. Sex workers have the same right to safety and to City services as every other resident.
2. Staff do not assume that a person is a sex worker because of how they look or where they stand.
3. Harm reduction guides the City's response.

# 5. Responding to concerns from residents and businesses

## 5.1 When a resident calls

5.1.1 Staff record the concern and explain that adult, consensual sex work is not in itself a bylaw violation.

5.1.2 Where prostitutes are working near a school, bylaw officers will move them along to another block.

5.1.3 Where no crime has been committed, staff contact the outreach team rather than the police.

## 5.2 Discarded needles and condoms

Staff do not assume that discarded drug-use equipment belongs to sex workers; parks crews collect it.

# 6. Responding to violence against sex workers

Any report of violence against a sex worker is treated as a serious crime, and staff pass on a bad date report only with the person's consent.

# 7. Youth

Staff call the Ministry of Children and Family Development when they believe a person under 18 is being sexually exploited.

# 8. Review

Staff review these guidelines every two years with the Sex Worker Advisory Group.

[^1]: Council resolution R-2027-014, 12 January 2027.
"""  # 5.1.2 is MUST-FLAG fixture text


def build(out: Path) -> Path:
    import pypandoc

    here = Path(__file__).resolve().parents[2]
    sys.path.insert(0, str(here.parent))
    from tests.wordxml import word_edits

    plain = out.with_name(out.stem + ".plain.docx")
    pypandoc.convert_text(MARKDOWN, "docx", format="markdown", outputfile=str(plain))
    word_edits(plain, out, author=COLLEAGUE, date="2027-01-20T15:30:00Z",
               replace=(("every two years", "every year"),),
               comments=(("move them along to another block", COMMENT),))
    plain.unlink()
    _text_box(out)
    return out


def _text_box(out: Path) -> None:
    """A floating text box after the violence clause, as Word 2010 and later write one."""
    parts = read_docx(out)
    doc = parts["word/document.xml"].decode("utf-8")
    content = f"<w:txbxContent><w:p><w:r><w:t>{BOX}</w:t></w:r></w:p></w:txbxContent>"
    vml = ('<w:pict><v:shape id="tb1" type="#_x0000_t202" style="width:200pt;height:60pt">'
           f'<v:textbox>{content}</v:textbox></v:shape></w:pict>')
    shape = ('<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
             '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="2" '
             'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
             '<wp:positionH relativeFrom="column"><wp:posOffset>3500000</wp:posOffset></wp:positionH>'
             '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
             '<wp:extent cx="2540000" cy="762000"/><wp:wrapSquare wrapText="bothSides"/>'
             '<wp:docPr id="7" name="Text Box 1"/>'
             '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
             '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
             f'<wps:wsp><wps:txbx>{content}</wps:txbx><wps:bodyPr/></wps:wsp>'
             '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback>'
             + vml + '</mc:Fallback></mc:AlternateContent></w:r></w:p>')
    at = doc.index("</w:p>", doc.index("Any report of violence")) + len("</w:p>")
    doc = doc[:at] + shape + doc[at:]
    doc = doc.replace("<w:document ", '<w:document xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/'
                      '2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
                      'mc:Ignorable="wps" ', 1)
    parts["word/document.xml"] = doc.encode("utf-8")
    write_docx(out, parts)


if __name__ == "__main__":
    print(build(Path(sys.argv[1] if len(sys.argv) > 1 else "fraser-bend-draft.docx")))
