"""Round 27 (ux27): a new municipal policy drafter who starts from a Word document — a cover
page typed as bold, centred lines, tables with merged cells, a draft written in French — walked
through import, check, publish and the review packet. Each test pins a stumble: the wrong
output is what the drafter got before the fix."""

from __future__ import annotations

from pathlib import Path

import yaml

from .conftest import run_cli


def _import(tmp_path: Path, docx: Path, *args: str):
    out = tmp_path / (docx.stem + ".yaml")
    r = run_cli("import", str(docx), "-o", str(out), "--owner-role", "Manager, Community Safety", *args)
    assert r.exit_code == 0, r.stderr
    return r, yaml.safe_load(out.read_text(encoding="utf-8"))


def _clauses(sections: list) -> list[str]:
    out = []
    for s in sections:
        out += [c["text"] for c in s.get("clauses", [])]
        out += _clauses(s.get("sections", []))
    return out


# --------------------------------------------------------------------------- tables with merged cells

def _roles_table(path: Path) -> Path:
    """A roles table as drafters merge its cells in Word: one role over two rows (the cell
    merged down), one row whose first cell spans two columns."""
    import docx

    d = docx.Document()
    d.add_heading("Purpose", 1)
    d.add_paragraph("These guidelines help staff respond to sex work with respect.")
    d.add_heading("Roles and responsibilities", 1)
    t = d.add_table(rows=5, cols=3)
    t.style = "Table Grid"
    for i, h in enumerate(["Role", "Responsibility", "Contact"]):
        t.cell(0, i).text = h
    t.cell(1, 0).text = "Bylaw Services"
    t.cell(1, 1).text = "Responds to complaints only where a bylaw is broken"
    t.cell(1, 2).text = "604-555-0199"
    t.cell(2, 0).merge(t.cell(3, 0)).text = "Outreach team"
    t.cell(2, 1).text = "Checks in with people working outdoors"
    t.cell(2, 2).text = "604-555-0111"
    t.cell(3, 1).text = "Carries naloxone and harm reduction supplies"
    t.cell(3, 2).text = "604-555-0112"
    t.cell(4, 0).merge(t.cell(4, 1)).text = "Everyone"
    t.cell(4, 2).text = "Passes on a bad date report only with the person's consent"
    d.save(str(path))
    return path


def test_merged_table_cells_keep_each_cell_under_its_own_column(tmp_path):
    """A cell merged down two rows (“Outreach team”) left the second row a cell short, and a
    cell merged across two columns (“Everyone”) counted as one: the import named each cell after
    the column to its left, so the clause read “Role: Carries naloxone … — Responsibility:
    604-555-0112”, and the consent rule was the Responsibility of no one. Each cell keeps its
    column; a cell merged down is read on every row it spans, so each clause reads on its own."""
    _r, g = _import(tmp_path, _roles_table(tmp_path / "roles.docx"))
    roles = next(s for s in g["sections"] if s["title"] == "Roles and responsibilities")
    assert [c["text"] for c in roles["clauses"]] == [
        "Role: Bylaw Services — Responsibility: Responds to complaints only where a bylaw is broken"
        " — Contact: 604-555-0199",
        "Role: Outreach team — Responsibility: Checks in with people working outdoors — Contact: 604-555-0111",
        "Role: Outreach team — Responsibility: Carries naloxone and harm reduction supplies"
        " — Contact: 604-555-0112",
        "Role: Everyone — Contact: Passes on a bad date report only with the person's consent",
    ]


# --------------------------------------------------------------------------- a cover page of bold lines

def _cover_page_draft(path: Path) -> Path:
    """A council report's Word draft: a cover page typed as centred lines (the place and the
    guideline's name in bold, larger type; who it is for and the month in plain type), a page
    break, then Heading 1 parts starting with an executive summary."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Pt

    d = docx.Document()
    for text, size, bold in (("Municipality of Lac-Brûlé", 20, True), ("Sex Work Response Guidelines", 28, True),
                             ("Prepared for Council — Committee of the Whole", 14, False),
                             ("April 2027", 12, False)):
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold, run.font.size = bold, Pt(size)
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_heading("Executive summary", 1)
    d.add_paragraph("These guidelines were shaped by sex workers and by the outreach workers who support them.")
    d.add_heading("Purpose", 1)
    d.add_paragraph("The guidelines help Municipality staff respond to sex work with respect.")
    d.add_heading("Scope", 1)
    d.add_paragraph("They apply to all Municipality staff.")
    d.add_heading("Youth", 1)
    d.add_paragraph("Staff report a concern that a young person is being sexually exploited to child protection.")
    d.save(str(path))
    return path


def test_a_cover_page_of_bold_lines_gives_the_title_not_the_first_heading(tmp_path):
    """The drafter's cover page named the municipality and the guideline in bold, larger lines
    over Heading 1 parts: with no Word *Title* paragraph, the first heading was the title, so the
    guideline was called “Executive summary” (its id `municipality-of-lac-brule-executive-summary`)
    and the guideline's name, the plain cover lines and the executive summary's text were
    published as its summary. A bold cover line that is no place's name and no draft's mark is
    the title when the first heading names a part (Executive summary, Purpose, Introduction, …)."""
    r, g = _import(tmp_path, _cover_page_draft(tmp_path / "lac-brule.docx"))
    meta = g["metadata"]
    assert meta["title"] == "Sex Work Response Guidelines", meta
    assert meta["jurisdiction"]["name"] == "Municipality of Lac-Brûlé", meta
    assert meta["id"] == "municipality-of-lac-brule-sex-work-response-guidelines", meta
    assert "Sex Work Response Guidelines" not in (meta.get("summary") or ""), meta
    assert "“Sex Work Response Guidelines” as the title, from the bold lines above the first heading" in r.stdout, \
        r.stdout
    # the executive summary is a part of the guideline, not its title: its words are kept
    assert "These guidelines were shaped by sex workers" in yaml.safe_dump(g, allow_unicode=True)
    assert g["purpose"].startswith("The guidelines help Municipality staff"), g["purpose"]


def test_a_heading_that_names_the_guideline_stays_its_title(tmp_path):
    """The other way round is kept: a Heading 1 that names the guideline (“Town of Oakmere Sex
    Work Response Guidelines”) under a bold department line stays the title."""
    import docx

    d = docx.Document()
    d.add_paragraph().add_run("Community Services Department").bold = True
    d.add_heading("Town of Oakmere Sex Work Response Guidelines", 1)
    d.add_heading("Purpose", 2)
    d.add_paragraph("The guidelines help Town staff respond to sex work with respect.")
    d.save(str(tmp_path / "oakmere.docx"))
    _r, g = _import(tmp_path, tmp_path / "oakmere.docx")
    assert g["metadata"]["title"] == "Town of Oakmere Sex Work Response Guidelines", g["metadata"]
    # one to-do item is one: the next line said “its 1 to-do item (under todo:) say what is left to do”
    r = run_cli("import", str(tmp_path / "oakmere.docx"), "-o", str(tmp_path / "again.yaml"),
                "--owner-role", "Manager, Community Safety", "--jurisdiction", "Town of Oakmere")
    assert "its 1 to-do item (under todo:) says what is left to do" in r.stdout, r.stdout


# --------------------------------------------------------------------------- a draft written in French

FRENCH = """---
title: Ville de Rivière-aux-Saules — Lignes directrices sur le travail du sexe
subtitle: Version préliminaire pour le Comité des services communautaires
---

# Table des matières

# 1. Objet

Les présentes lignes directrices précisent comment le personnel de la Ville répond au travail du sexe et à l’exploitation sexuelle des jeunes, dans le respect de la santé, de la sécurité et de la dignité de toutes et de tous.

# 2. Champ d’application

Les présentes lignes directrices s’appliquent :

- aux agentes et agents d’application des règlements;
- au personnel des bibliothèques et des centres récréatifs.

# 3. Définitions

| Terme | Définition |
|---|---|
| Travail du sexe | L’échange de services sexuels entre adultes consentants contre de l’argent ou des biens. |
| Mauvais client | Un client, ou une personne se présentant comme tel, violent ou menaçant. |

# 4. Principes directeurs

**Dignité.** Les travailleuses et travailleurs du sexe ont le même droit à la sécurité et aux services de la Ville que toute autre personne.

**Partenariat.** La Ville travaille avec les organismes dirigés par des travailleuses et travailleurs du sexe, à chaque étape.

# 5. Priorités

1. Répondre à la violence envers les travailleuses et travailleurs du sexe.
2. Prévenir l’exploitation sexuelle des jeunes.

# 6. Violence envers les travailleuses et travailleurs du sexe

Toute déclaration de violence est traitée comme un crime grave, et le personnel transmet un signalement de mauvais client seulement avec le consentement de la personne.

# 7. Jeunes

Le personnel communique avec la protection de la jeunesse lorsqu’il croit qu’une personne de moins de 18 ans est exploitée sexuellement.

# 8. Plaintes des résidents et des commerces

Le personnel consigne la plainte et explique que le travail du sexe entre adultes n’est pas en soi une infraction aux règlements.

# 9. Traite de personnes

La traite de personnes repose sur la force, la fraude ou la coercition; elle est distincte du travail du sexe entre adultes consentants.

# 10. Ressources

| Organisme | Services | Langues | Coordonnées |
|---|---|---|---|
| Centre de santé communautaire des Trois-Rives | Unité mobile, matériel de réduction des méfaits | français, anglais | 705-555-0142 |
"""


def _french_draft(path: Path) -> Path:
    import pypandoc

    pypandoc.convert_text(FRENCH, "docx", format="markdown", outputfile=str(path))
    return path


def test_a_french_draft_is_read_as_its_parts(tmp_path):
    """A francophone drafter's Word draft imported as a guideline in English, with no part of it
    found: its language was `en`, “Ville de Rivière-aux-Saules” was no jurisdiction, *Objet* and
    *Champ d’application* were sections (and a placeholder purpose and scope were written), the
    definitions and services tables were clauses with a to-do item each, the principles a
    section of clauses, *Jeunes*, *Plaintes* and *Traite* no protocol (and `check` said the
    youth protocol was missing, an error). The French names of the parts, places and columns
    are read as the English ones are, and the document's language from its words."""
    r, g = _import(tmp_path, _french_draft(tmp_path / "riviere.docx"))
    meta = g["metadata"]
    assert meta["languages"] == ["fr"], meta
    assert "recognized: French as the document's language, from its words (--language gives another)" in r.stdout
    assert meta["jurisdiction"] == {"name": "Ville de Rivière-aux-Saules", "kind": "municipality"}, meta
    assert g["purpose"].startswith("Les présentes lignes directrices précisent"), g["purpose"]
    assert g["scope"]["text"].startswith("Les présentes lignes directrices s’appliquent"), g["scope"]
    assert [d["term"] for d in g["definitions"]] == ["Travail du sexe", "Mauvais client"], g.get("definitions")
    assert [(p["title"], p["key_areas"]) for p in g["principles"]] == [
        ("Dignité", ["culture-mindsets", "practice"]), ("Partenariat", ["relationships-collaboration"])], \
        g.get("principles")
    assert [p["refs"] for p in g["priorities"]] == [["violence"], ["youth"]], g.get("priorities")
    assert "recognized: 2 priorities from the list under a “Priorités” heading" in r.stdout, r.stdout
    protocols = {s["title"]: s.get("protocol") for s in g["sections"]}
    assert protocols == {
        "Violence envers les travailleuses et travailleurs du sexe": "violence-against-sex-workers",
        "Jeunes": "youth-sexual-exploitation",
        "Plaintes des résidents et des commerces": "complaints",
        "Traite de personnes": "trafficking",
    }, protocols
    [service] = g["services"]
    assert service["organization"] == "Centre de santé communautaire des Trois-Rives", service
    assert service["languages"] == ["fr", "en"], service
    assert service["contact"] == {"phone": "705-555-0142"}, service
    assert "could not place" not in r.stdout and "not in the document: a purpose" not in r.stdout, r.stdout
    assert "Table des matières" not in yaml.safe_dump(g, allow_unicode=True)


def test_french_means_sentences_and_a_sex_worker_led_organisme(tmp_path):
    """« Terme » désigne … sentences, as a French bylaw writes its definitions, are the
    definitions, and an organisation “par et pour les travailleuses du sexe” is guessed
    sex-worker-led as “by and for sex workers” is."""
    md = tmp_path / "lac.md"
    md.write_text("""# Municipalité de Lac-Brûlé — Politique sur le travail du sexe

## Objet

La présente politique précise comment le personnel de la Municipalité répond au travail du sexe, dans le respect de la dignité de toutes et de tous, et avec les organismes qui les soutiennent.

## Définitions

Dans la présente politique :

1. « Travail du sexe » désigne l’échange de services sexuels entre adultes consentants.
2. « Mauvais client » s’entend d’une personne violente ou menaçante envers une travailleuse ou un travailleur du sexe.

## Ressources

| Organisme | Services | Coordonnées |
|---|---|---|
| Collectif Lac-Brûlé, par et pour les travailleuses du sexe | Soutien par les pairs | 819-555-0188 |
""", encoding="utf-8")
    r, g = _import(tmp_path, md)
    assert g["metadata"]["languages"] == ["fr"], g["metadata"]
    assert g["metadata"]["jurisdiction"]["name"] == "Municipalité de Lac-Brûlé", g["metadata"]
    assert [d["term"] for d in g["definitions"]] == ["Travail du sexe", "Mauvais client"], g.get("definitions")
    assert g["definitions"][1]["definition"].startswith("une personne violente"), g["definitions"]
    assert g["services"][0].get("sex_worker_led") is True, g["services"]


# --------------------------------------------------------------------------- checking a guideline written in French

def test_check_and_fix_say_they_read_english_words_only(tmp_path):
    """The French draft checked with no finding about its words, and `next:` said to publish
    it: the language and framing reviewers read English words only, so a French sentence about
    `prostitution de rue` was flagged with the English advice “say 'sex work'”, and one about
    `prostituées` was not flagged at all. `check` says what it could not read; `fix` writes no
    English words into it."""
    _r, g = _import(tmp_path, _french_draft(tmp_path / "riviere.docx"))
    guide = tmp_path / "riviere.yaml"
    text = guide.read_text(encoding="utf-8")
    assert "Le personnel consigne la plainte" in text
    guide.write_text(text.replace("Le personnel consigne la plainte",
                                  "Le personnel réduit la prostitution de rue. Le personnel consigne la plainte"),
                     encoding="utf-8")
    r = run_cli("check", str(guide))
    assert r.exit_code == 1, r.stdout
    note = [line for line in r.stderr.splitlines() if line.startswith("note:")]
    assert note == [f"note: {guide} is written in French (metadata.languages: fr), and the rule packs read English "
                    "words only: its wording was not reviewed, and a finding about its words (a term, a framing, a "
                    "definition the coverage rules look for) may not fit a French sentence; have someone who reads "
                    "French review it"], r.stderr
    english = tmp_path / "english.yaml"
    english.write_text(text.replace("    - fr\n", "    - en\n", 1), encoding="utf-8")
    assert not [x for x in run_cli("check", str(english)).stderr.splitlines() if x.startswith("note:")]
    before = guide.read_bytes()
    r = run_cli("fix", "--write", "--unsafe-fixes", str(guide))
    assert r.exit_code == 0, r.stderr
    assert guide.read_bytes() == before, "no English words written into a French guideline"
    assert ("1 fix withheld: the guideline is written in French (metadata.languages: fr), and the fixes write "
            "English words (rewrite it by hand)") in r.stdout + r.stderr, (r.stdout, r.stderr)


# --------------------------------------------------------------------------- numbers typed by hand

def test_hand_typed_roman_numerals_are_dropped_like_other_clause_numbers(tmp_path):
    """Clauses numbered by hand with roman numerals, as bylaws and council policies number
    their sub-clauses (“(ii)”, “iii.”, “iv)”), kept them: the council PDF read “8.2 (ii) Staff
    never …” beside its own numbers, while “(a)” and “6.1.1” were dropped. A sentence that
    starts with a word is kept whole."""
    import docx

    d = docx.Document()
    d.add_heading("Purpose", 1)
    d.add_paragraph("These guidelines help Town staff respond to sex work with respect.")
    d.add_heading("Youth", 1)
    for text in ("(i) Staff report a concern that a young person is being sexually exploited to child protection.",
                 "(ii) Staff never treat a young person as a sex worker.", "iii. Staff offer youth-serving outreach.",
                 "iv) Staff never charge the young person.",
                 "I am told this rarely happens, and staff say so when asked."):
        d.add_paragraph(text)
    md = tmp_path / "roman.docx"
    d.save(str(md))
    _r, g = _import(tmp_path, md, "--jurisdiction", "Town of Oakmere")
    assert _clauses(g["sections"]) == [
        "Staff report a concern that a young person is being sexually exploited to child protection.",
        "Staff never treat a young person as a sex worker.",
        "Staff offer youth-serving outreach.",
        "Staff never charge the young person.",
        "I am told this rarely happens, and staff say so when asked.",
    ], g["sections"]


# --------------------------------------------------------------------------- a rejected change in the packet

def test_a_change_the_reviewer_rejected_in_the_packet_is_named_as_such(tmp_path):
    """The second round's packet showed the editors' changes since the last version as tracked
    changes; the reviewer disagreed with one and pressed *Reject* in Word, which leaves the old
    words as plain text. The import said the paragraph was “edited with Track Changes off … make
    the change again with Track Changes on”: advice for an edit nobody made. It says the reviewer
    rejected the packet's change there, what the words read before and after, and how to record
    an objection."""
    import re
    import shutil
    import zipfile

    sample = Path(__file__).resolve().parent.parent / "guidelines" / "cedar-harbour-sex-work-response.yaml"
    old = tmp_path / "cedar-2.1.0.yaml"
    shutil.copy(sample, old)
    g = tmp_path / "cedar.yaml"
    text = sample.read_text(encoding="utf-8")
    assert "staff respond to sex work and to\n  concerns about it" in text
    g.write_text(text.replace("version: 2.1.0", "version: 2.2.0", 1)
                 .replace("staff respond to sex work and to\n  concerns about it",
                          "staff respond to sex work and to\n  complaints about it", 1), encoding="utf-8")
    packet = tmp_path / "packet.docx"
    r = run_cli("review", "packet", str(g), "--since", "2.1.0", "-o", str(packet))
    assert r.exit_code == 0, r.stderr
    with zipfile.ZipFile(packet) as z:
        files = {n: z.read(n) for n in z.namelist()}
    doc = files["word/document.xml"].decode("utf-8")
    m = re.search(r'<w:del [^>]*>((?:(?!</w:del>).)*concerns(?:(?!</w:del>).)*)</w:del>'
                  r'<w:ins [^>]*>(?:(?!</w:ins>).)*complaints(?:(?!</w:ins>).)*</w:ins>', doc)
    assert m, "the packet shows the change"
    doc = doc[:m.start()] + m.group(1).replace("w:delText", "w:t") + doc[m.end():]  # Reject in Word
    files["word/document.xml"] = doc.encode("utf-8")
    reviewed = tmp_path / "reviewed.docx"
    with zipfile.ZipFile(reviewed, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    r = run_cli("review", "import", str(reviewed), str(g), "--role", "sex-worker-advisory")
    assert r.exit_code == 0, r.stderr
    assert "Track Changes off" not in r.stderr, r.stderr
    lines = [x for x in r.stderr.splitlines() if x.startswith("not imported: purpose")]
    assert lines == ["not imported: purpose: the reviewer rejected the packet's tracked change there (it reads as "
                     "version 2.1.0 did: “concerns” where 2.2.0 has “complaints”); a rejection carries no reason: "
                     f"ask them why, or record their objection with `lic-policy review add {g} --field purpose "
                     "--quote complaints --kind objection --author HANDLE --role sex-worker-advisory --body TEXT`"], r.stderr
    # the command it gives records the objection
    r = run_cli("review", "add", str(g), "--field", "purpose", "--quote", "complaints", "--kind", "objection",
                "--author", "advisory-2", "--role", "sex-worker-advisory", "--body", "Keep “concerns”.")
    assert r.exit_code == 0, r.stderr


# --------------------------------------------------------------------------- a contents list typed as lines

def _typed_contents(path: Path, heading: bool) -> Path:
    """A contents list typed as lines (or a Word table of contents whose links were removed,
    “Convert to text”): each line a heading's number and words, a tab and its page."""
    import docx

    d = docx.Document()
    d.add_paragraph("Town of Oakmere Sex Work Response Guidelines", style="Title")
    if heading:
        d.add_heading("Table of Contents", 1)
    else:
        d.add_paragraph("Table of Contents")
    parts = [("Purpose", "The guidelines help Town staff respond to sex work with respect."),
             ("Scope", "They apply to all Town staff."),
             ("Responding to violence against sex workers", "Staff pass on a bad date report only with consent."),
             ("Youth", "Staff report a concern that a young person is sexually exploited to child protection.")]
    for i, (title, _words) in enumerate(parts, 1):
        d.add_paragraph(f"{i}. {title}\t{i + 1}")
    for i, (title, words) in enumerate(parts, 1):
        d.add_heading(f"{i}. {title}", 1)
        d.add_paragraph(words)
    d.save(str(path))
    return path


def test_a_contents_list_typed_as_lines_is_skipped(tmp_path):
    """A contents list typed as lines (“1. Purpose⇥2”) became the guideline's summary —
    “Purpose 2 / Scope 2 / Responding to violence against sex workers 3 / Youth 4” under its
    title — or, under a *Table of Contents* heading, a section of four clauses. Lines that name
    the document's own headings, with or without a page number, are skipped as a table of
    contents with links is."""
    for heading in (False, True):
        r, g = _import(tmp_path, _typed_contents(tmp_path / f"contents-{heading}.docx", heading))
        assert "summary" not in g["metadata"], g["metadata"]
        assert [s["title"] for s in g["sections"]] == ["Responding to violence against sex workers", "Youth"], \
            g["sections"]
        assert _clauses(g["sections"]) == ["Staff pass on a bad date report only with consent.",
                                           "Staff report a concern that a young person is sexually exploited to "
                                           "child protection."]
        assert "skipped “Table of Contents”: a list of the document's own headings" in r.stdout, r.stdout


# --------------------------------------------------------------------------- a reviewer deletes a whole clause

def test_applying_the_deletion_of_a_whole_clause_names_the_clause_and_what_to_do(tmp_path):
    """A reviewer struck out a whole clause with Track Changes on; the drafter accepted the
    suggestion and `review apply` said `the suggestion would leave
    sections.3.sections.1.clauses.0.text empty … (a text field cannot be empty; reject the
    suggestion or edit it)`: a path into the YAML, and no word of how to do what was agreed.
    It names the clause and its line, and says to delete the clause by hand and resolve the
    thread."""
    import shutil

    sample = Path(__file__).resolve().parent.parent / "guidelines" / "cedar-harbour-sex-work-response.yaml"
    g = tmp_path / "cedar.yaml"
    shutil.copy(sample, g)
    import lic_policy

    doc = lic_policy.load(str(g))
    section = doc.guideline.sections[1]
    clause = section.clauses[0]
    r = run_cli("review", "add", str(g), "--clause", clause.id, "--quote", clause.text, "--kind", "suggestion",
                "--replacement", "", "--author", "advisory-2", "--role", "sex-worker-advisory",
                "--body", "Delete this clause.")
    assert r.exit_code == 0, r.stderr
    tid = r.stdout.split()[1].rstrip(":") if r.stdout.startswith("added") else "t1"
    assert run_cli("review", "accept", str(g), tid).exit_code == 0
    before = g.read_bytes()
    r = run_cli("review", "apply", str(g))
    assert r.exit_code == 2, (r.stdout, r.stderr)
    assert g.read_bytes() == before
    line = doc.where(("sections", 1, "clauses", 0))[0]
    assert r.stderr.strip() == (
        f"{g}:{line}:1: error: thread {tid}: the suggestion deletes all of clause {clause.id}'s text, and apply "
        f"writes words: it removes no clause; nothing was written (delete clause {clause.id} from {g} by hand, then "
        f"`lic-policy review resolve {g} {tid}`; or reject the suggestion: `lic-policy review reject {g} {tid}`)"), \
        r.stderr


# --------------------------------------------------------------------------- a footnote on a heading

def test_a_footnote_on_a_heading_is_not_lost(tmp_path):
    """A footnote whose mark stands on a heading (“Purpose¹”, the source of the whole part)
    vanished with no word: not in the guideline, no `could not place:` line, no to-do item. It
    is named as a footnote in a paragraph is, on its heading."""
    import pypandoc

    md = """---
title: Town of Oakmere Sex Work Response Guidelines
---

# Purpose[^1]

The guidelines help Town staff respond to sex work with respect.

# Youth[^2]

Staff report a concern that a young person is sexually exploited to child protection.

[^1]: Council motion 2027-01, adopted 12 January 2027.
[^2]: Child, Family and Community Service Act, section 14.
"""
    docx = tmp_path / "notes.docx"
    pypandoc.convert_text(md, "docx", format="markdown", outputfile=str(docx))
    r, g = _import(tmp_path, docx)
    assert ("could not place: a footnote on the heading “Purpose”: “Council motion 2027-01, adopted 12 January "
            "2027.” (guidelines have no footnotes: see the to-do item)") in r.stdout, r.stdout
    assert "could not place: a footnote on the heading “Youth”: “Child, Family and Community Service Act, " \
           "section 14.”" in r.stdout, r.stdout
    todo = " ".join(t["text"] for t in g["todo"])
    assert "Council motion 2027-01" in todo and "section 14" in todo, todo


# --------------------------------------------------------------------------- words struck through by hand

def test_words_struck_through_by_hand_are_left_out_and_said(tmp_path):
    """A drafter (or a colleague, redlining by hand) struck a word through with the Font
    setting, not Track Changes, and typed its replacement after it: the import kept both, and
    the purpose read “respond to prostitution sex work”. Struck-through words are left out, as a
    deletion is, and a `left out:` line and a to-do item quote them."""
    import pypandoc

    md = """---
title: Town of Oakmere Sex Work Response Guidelines
---

# Purpose

The guidelines help Town staff respond to ~~prostitution~~ sex work with respect.

# Youth

Staff report a concern that a young person is sexually exploited to child protection.
"""
    docx = tmp_path / "struck.docx"
    pypandoc.convert_text(md, "docx", format="markdown", outputfile=str(docx))
    r, g = _import(tmp_path, docx)
    assert g["purpose"] == "The guidelines help Town staff respond to sex work with respect.", g["purpose"]
    assert ("left out: words struck through (the Font setting, not Track Changes) in 1 place: “prostitution” (in "
            "“Purpose”); see the to-do item") in r.stdout, r.stdout
    todo = " ".join(t["text"] for t in g["todo"])
    assert "struck through" in todo and "“prostitution”" in todo, todo


def test_a_table_s_own_caption_goes_into_its_to_do_item(tmp_path):
    """A Markdown table's caption (`Table: Who does what`) or a page's `<caption>` was dropped
    without a word, where one typed above or under a Word table goes into the table's to-do
    item."""
    md = tmp_path / "roles.md"
    md.write_text("""# Town of Oakmere Sex Work Response Guidelines

## Purpose

The guidelines help Town staff respond to sex work with respect.

## Roles

| Role | Responsibility |
|---|---|
| Bylaw Services | Responds to complaints only where a bylaw is broken |
| Outreach team | Checks in with people working outdoors |

Table: Who does what, by role
""", encoding="utf-8")
    r, g = _import(tmp_path, md, "--jurisdiction", "Town of Oakmere")
    assert "could not place: a table in “Roles” (“Who does what, by role”) (2 rows under a header row" in r.stdout, \
        r.stdout


def test_a_clause_edited_with_track_changes_off_is_named(tmp_path):
    """Every clause in the packet starts with its reference in bold (“violence.1 …”); a reviewer
    who changed a clause's words with Track Changes off got `nothing to import: … holds no
    comment, reply or tracked change from a reviewer`, and the edit was lost: the clause's
    reference made the paragraph look like no field of the guideline. Only the purpose was
    named. A clause is named as the purpose is."""
    def edit(doc: str) -> str:
        assert doc.count("before any bylaw officer.") == 1
        return doc.replace("before any bylaw officer.", "before anyone else is called.")

    g, reviewed = _reviewed_packet(tmp_path, edit)
    r = run_cli("review", "import", str(reviewed), str(g), "--role", "community")
    assert "nothing to import" not in r.stdout + r.stderr, r.stdout
    assert "not imported: response.complaints.1.text reads differently in the Word file with no tracked change" \
        in r.stderr, r.stderr


def test_words_struck_through_in_the_packet_are_named(tmp_path):
    """A reviewer who does not use Track Changes struck a clause's last words through with the
    Font setting and typed new ones after them: `nothing to import`, and their edit was lost.
    The import names the clause, the struck words and the words typed beside them, and says
    how to make it a suggestion."""
    def edit(doc: str) -> str:
        old = '<w:t xml:space="preserve">before any bylaw officer.</w:t></w:r>'
        assert doc.count("before any bylaw officer.") == 1 and old in doc, "one run holds the words"
        return doc.replace(old, (
            '<w:t xml:space="preserve"></w:t></w:r><w:r><w:rPr><w:strike/></w:rPr><w:t xml:space="preserve">before '
            'any bylaw officer.</w:t></w:r><w:r><w:t xml:space="preserve"> before anyone else is called.</w:t></w:r>'
        ))

    g, reviewed = _reviewed_packet(tmp_path, edit)
    r = run_cli("review", "import", str(reviewed), str(g), "--role", "community")
    assert "nothing to import" not in r.stdout + r.stderr, r.stdout
    assert ("not imported: response.complaints.1.text has words struck through with the Font setting, not Track "
            "Changes (“before any bylaw officer.”), with other words beside them: a suggestion is read from Track "
            "Changes; ask the reviewer to make the change again with Track Changes on, or add it with `lic-policy "
            f"review add {g} --clause response.complaints.1 --quote WORDS --kind suggestion --replacement NEW "
            "--author HANDLE --role community --body TEXT`") in r.stderr, r.stderr


def _reviewed_packet(tmp_path: Path, edit) -> tuple[Path, Path]:
    """A copy of the complete sample guideline and its review packet with ``edit`` (the text
    of word/document.xml in, the edited text out) made by hand, as a reviewer working without
    Track Changes would: (guideline, reviewed packet)."""
    import shutil
    import zipfile

    sample = Path(__file__).resolve().parent.parent / "guidelines" / "cedar-harbour-sex-work-response.yaml"
    g = tmp_path / "cedar.yaml"
    shutil.copy(sample, g)
    packet = tmp_path / "packet.docx"
    assert run_cli("review", "packet", str(g), "-o", str(packet)).exit_code == 0
    with zipfile.ZipFile(packet) as z:
        files = {n: z.read(n) for n in z.namelist()}
    files["word/document.xml"] = edit(files["word/document.xml"].decode("utf-8")).encode("utf-8")
    reviewed = tmp_path / "reviewed.docx"
    with zipfile.ZipFile(reviewed, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return g, reviewed
