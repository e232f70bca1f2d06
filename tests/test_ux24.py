"""Round 24 (ux24): a municipal drafter's Word draft (`tests/data/newcomer/make_ferncliff.py`)
walked through import, check, publish and the review packet, and the advisory reviewer's
question dialog; and round 23's left items. Each test pins a stumble: the wrong output is what
the user got before the fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import newcomer_draft, run_cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "guidelines" / "cedar-harbour-sex-work-response.yaml"


# --------------------------------------------------------------------------- the review packet

def test_the_packet_says_to_keep_a_copy_when_the_file_beside_it_has_other_words(tmp_path):
    """A drafter outside git imported the Word draft twice (`ferncliff-draft.yaml`, then
    `-o ferncliff.yaml` to work on), edited the second and made the packet: the file beside it
    had the same id and version, so the packet said nothing about keeping a copy — and the next
    round's `--since 0.1.0` showed the changes since the first import, not since what the
    reviewers read. A copy beside it counts only when it says what is sent."""
    import shutil

    first = tmp_path / "ferncliff-draft.yaml"
    shutil.copy(SAMPLE, first)
    g = tmp_path / "ferncliff.yaml"
    text = SAMPLE.read_text(encoding="utf-8")
    assert "Dignity and non-judgment" in text
    g.write_text(text.replace("Dignity and non-judgment", "Dignity and respect", 1), encoding="utf-8")
    r = run_cli("review", "packet", str(g), "--date", "2026-11-20")
    assert r.exit_code == 0, r.stderr
    assert (f"keep a copy of the version the reviewers have: `cp {g} {tmp_path / 'ferncliff-2.1.0.yaml'}`"
            in r.stdout), r.stdout
    assert "ferncliff-draft.yaml has the same version with other words" in r.stdout, r.stdout
    # a copy that says the same is the copy kept: nothing to say
    shutil.copy(g, first)
    again = run_cli("review", "packet", str(g), "--date", "2026-11-20", "-o", str(tmp_path / "again.docx"))
    assert again.exit_code == 0 and "keep a copy" not in again.stdout, again.stdout


# --------------------------------------------------------------------------- the reviewer's room

def test_the_dialog_s_text_box_is_named_for_what_is_sent(tmp_path):
    """An advisory reviewer who ticked “It is a question” typed into a box a screen reader still
    announced as “Your comment”, and the box of a suggestion (where a reason is not needed) too.
    The box's label says what the words are for each kind of response, in French as well
    (`tests/test_ux24_browser.py` reads the name Chromium gives the box)."""
    import re

    from .webapp import advisory_reviewer

    _room, c = advisory_reviewer(tmp_path)
    page = c.get("/review").text
    label = re.search(r'<label for="compose-body" id="compose-body-label"[^>]*>', page).group(0)
    assert 'data-question="Your question"' in label, label
    assert 'data-comment="Your comment"' in label, label
    assert 'data-suggestion="Why (you may leave it empty)"' in label, label
    assert 'data-approval="Anything to add (you may leave it empty)"' in label, label
    assert 'data-objection="What is wrong, and what would put it right"' in label, label
    js = (ROOT / "lic_policy" / "web" / "static" / "room.js").read_text(encoding="utf-8")
    assert js.count("bodyLabel(") >= 3, "the label follows the kind when the dialog opens and when the box is ticked"
    fr = c.get("/review?lang=fr").text
    label = re.search(r'<label for="compose-body" id="compose-body-label"[^>]*>', fr).group(0)
    assert 'data-question="Votre question"' in label, label


# --------------------------------------------------------------------------- the Ferncliff Word draft

@pytest.fixture(scope="module")
def ferncliff(tmp_path_factory):
    """The Ferncliff draft as Word saved it, imported as a drafter does it."""
    from lic_policy import load

    folder = tmp_path_factory.mktemp("ferncliff")
    docx = newcomer_draft("ferncliff").build(folder / "ferncliff-draft.docx")
    r = run_cli("import", str(docx))
    assert r.exit_code == 0, r.stderr
    path = folder / "ferncliff-draft.yaml"
    return path, r, load(path, validate=False).data


@pytest.mark.slow  # 0.35 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_principles_written_as_a_numbered_list_are_the_guideline_s_principles(ferncliff):
    """“4. Guiding principles” in the Word draft is a numbered list of plain sentences (no name
    before each). It stayed a section of clauses, and `check` then told the drafter to write them
    again as principles in the YAML (“the “Guiding principles” are written as plain text, so none
    is tagged with a LIC key area”). They are the guideline's principles now, numbered as the
    draft numbered them, each tagged with the key area its words suggest; the to-do item asks for
    a short name for each."""
    from .conftest import json_findings

    path, r, data = ferncliff
    principles = data.get("principles") or []
    assert [(p["id"], p["title"]) for p in principles] == [
        ("principle.1", "Principle 1"), ("principle.2", "Principle 2"), ("principle.3", "Principle 3"),
        ("principle.4", "Principle 4")], principles
    assert principles[0]["text"] == ("Sex workers are members of our community and are treated with the same respect "
                                     "as anyone else.")
    assert [p["key_areas"] for p in principles] == [
        ["culture-mindsets"], ["practice"], ["practice"], ["policy-systems-structures"]]  # guesses, to check
    assert "guiding-principles" not in [s["id"] for s in data["sections"]]
    assert "recognized: 4 principles from the list under “Guiding principles”" in r.stdout, r.stdout
    todo = [t["text"] for t in data["todo"] if t.get("about") == "principles"]
    assert len(todo) == 1 and "give each a short name" in todo[0], todo
    assert not [f for f in json_findings(path) if f["rule_id"] == "coverage.key-areas"
                and "written as plain text" in f["message"]]


def test_a_plain_paragraph_under_principles_still_stays_a_section(tmp_path):
    """Plain paragraphs under “Principles” (not a list) are prose, not principles: they stay a
    section, as before; so do a list whose items are named only in part."""
    from lic_policy import load

    md = tmp_path / "westbrook.md"
    md.write_text("# Town of Westbrook Sex Work Response Guidelines\n\n## Purpose\n\nStaff respond to sex work.\n\n"
                  "## Principles\n\nSex workers have the same right to safety as every resident.\n\nStaff do not "
                  "assume who is a sex worker.\n", encoding="utf-8")
    assert run_cli("import", str(md), "--owner-role", "Manager").exit_code == 0
    g = load(tmp_path / "westbrook.yaml").guideline
    assert not g.principles and [s.title for s in g.sections] == ["Principles"]
    md.write_text(md.read_text(encoding="utf-8").replace(
        "Sex workers have the same right to safety as every resident.\n\nStaff do not assume who is a sex worker.",
        "- Safety: sex workers have the same right to safety as every resident.\n- Staff do not assume who is a "
        "sex worker."), encoding="utf-8")
    assert run_cli("import", str(md), "--owner-role", "Manager", "--force").exit_code == 0
    g = load(tmp_path / "westbrook.yaml").guideline
    assert not g.principles and [s.title for s in g.sections] == ["Principles"]


def test_protocols_under_a_principles_heading_stay_protocols(tmp_path):
    """The Ferncliff draft saved again by LibreOffice lost its “5. How City staff respond” heading
    into the principles' list (a tracked deletion of the list's last item joined them), so the
    protocols' headings came under “Guiding principles”: the import made them principles — the
    violence, youth and complaints protocols gone, their steps a principle's words. A heading
    under Principles that names a protocol keeps it a section."""
    from lic_policy import load

    md = tmp_path / "ferncliff.md"
    md.write_text("# City of Ferncliff Sex Work Response Guidelines\n\n## Purpose\n\nStaff respond to sex work.\n\n"
                  "## Guiding principles\n\n### Violence against sex workers\n\nStaff believe the person.\n\n"
                  "### Young people\n\nStaff call the child protection line.\n", encoding="utf-8")
    r = run_cli("import", str(md), "--owner-role", "Manager")
    assert r.exit_code == 0, r.stderr
    g = load(tmp_path / "ferncliff.yaml").guideline
    assert not g.principles
    protocols = [getattr(s.protocol, "value", s.protocol) for top in g.sections for s in top.sections]
    assert protocols == ["violence-against-sex-workers", "youth-sexual-exploitation"], protocols


def test_the_respond_page_s_text_box_is_named_for_the_kind_chosen(tmp_path):
    """The Respond page — where a keyboard or screen-reader user goes from each part's “Respond”
    link, since selecting words takes a pointer — named its box “Your comment” whatever kind was
    chosen: a reviewer who chose Question typed into “Your comment”. The page opened for a kind
    names the box for it, and the label carries the other kinds' names for the page's script
    (`tests/test_ux24_browser.py` arrows through the kinds)."""
    import re

    from .webapp import RESPOND_PAGE, advisory_reviewer

    _room, c = advisory_reviewer(tmp_path)
    page = c.get(RESPOND_PAGE + "&kind=question").text
    label = re.search(r'<label for="body" id="body-label"[^>]*>([^<]*)</label>', page)
    assert label and label.group(1) == "Your question", page
    assert 'data-objection="What is wrong, and what would put it right"' in label.group(0)
    assert re.search(r'<label for="body" id="body-label"[^>]*>Your comment</label>', c.get(RESPOND_PAGE).text)
    fr = c.get(RESPOND_PAGE + "&kind=question&lang=fr").text
    assert re.search(r'<label for="body" id="body-label"[^>]*>Votre question</label>', fr), fr


# --------------------------------------------------------------------------- a town policy's layout

def _maple_valley(tmp_path, definitions=None):
    """A made-up town policy in the layout many municipal policies have (Word): an all-capitals
    Title naming the town, a policy number in the Subtitle, “SECTION 1 – PURPOSE” headings and
    definitions as a numbered list of “Term” means … sentences under a lead-in."""
    from docx import Document

    doc = Document()
    doc.add_paragraph("TOWN OF MAPLE VALLEY", style="Title")
    doc.add_paragraph("Policy CS-14: Responding to Sex Work in Maple Valley", style="Subtitle")
    doc.add_heading("SECTION 1 – PURPOSE", 1)
    doc.add_paragraph("This policy guides how Town staff respond to sex work so that everyone, including sex workers, "
                      "is safe.")
    doc.add_heading("SECTION 2 – DEFINITIONS", 1)
    doc.add_paragraph("In this policy:")
    for s in definitions or (
            "“Sex work” means the exchange of sexual services between consenting adults for money or goods.",
            "“Sex worker” means an adult who does sex work.",
            "“Sexual exploitation” means any sexual activity involving a person under 18 in exchange for anything "
            "of value; it is never sex work."):
        doc.add_paragraph(s, style="List Number")
    doc.add_heading("SECTION 3 – POLICY STATEMENTS", 1)
    doc.add_paragraph("3.1 Staff treat sex workers with the same respect as any resident.")
    path = tmp_path / "maple-valley-policy.docx"
    doc.save(path)
    r = run_cli("import", str(path), "--owner-role", "Director of Community Services")
    assert r.exit_code == 0, r.stderr
    from lic_policy import load

    return load(tmp_path / "maple-valley-policy.yaml", validate=False).data, r


def test_definitions_written_as_term_means_sentences_are_definitions(tmp_path):
    """“In this policy:” over a numbered list of “Sex work” means … sentences — how bylaws and
    council policies define their words — imported as one definition of the term “In this
    policy”, its definition the whole list. Each sentence is a definition of its quoted term; the
    lead-in is left out."""
    data, r = _maple_valley(tmp_path)
    assert data["definitions"] == [
        {"term": "Sex work", "definition": "the exchange of sexual services between consenting adults for money or goods."},
        {"term": "Sex worker", "definition": "an adult who does sex work."},
        {"term": "Sexual exploitation", "definition": "any sexual activity involving a person under 18 in exchange for "
                                                      "anything of value; it is never sex work."}], data["definitions"]
    assert "3 definitions" in r.stdout.splitlines()[0], r.stdout
    assert "definitions" not in [s["title"].lower() for s in data.get("sections", [])]


def test_a_list_that_is_not_all_definitions_stays_as_it_was(tmp_path):
    """One item that is not a “Term” means … sentence: the list is not read as definitions."""
    data, _r = _maple_valley(tmp_path, definitions=(
        "“Sex work” means the exchange of sexual services between consenting adults for money or goods.",
        "Words not defined here have their everyday meaning."))
    assert [d["term"] for d in data.get("definitions", [])] != ["Sex work"]
    assert "Words not defined here have their everyday meaning." in str(data)


def test_a_title_in_capitals_that_names_the_town_is_the_jurisdiction(tmp_path):
    """Word's Title “TOWN OF MAPLE VALLEY” over the Subtitle “Policy CS-14: Responding to Sex
    Work in Maple Valley”: the guideline was called “TOWN OF MAPLE VALLEY” and the import said
    `not in the document: the jurisdiction` (“City of Ferncliff” in the same place was read). A
    Title set in capitals is read as its words."""
    data, r = _maple_valley(tmp_path)
    meta = data["metadata"]
    assert meta["jurisdiction"] == {"name": "Town of Maple Valley", "kind": "municipality"}, meta
    assert meta["title"] == "Policy CS-14: Responding to Sex Work in Maple Valley", meta
    assert "not in the document: the jurisdiction" not in r.stdout, r.stdout
    assert "recognized: “Town of Maple Valley” as the jurisdiction, from the title" in r.stdout, r.stdout


@pytest.mark.parametrize("text, words", [
    ("TOWN OF MAPLE VALLEY", "Town of Maple Valley"),
    ("CITY OF PORT ALDER RCMP DETACHMENT", "City of Port Alder RCMP Detachment"),
    ("District of North Bay", "District of North Bay"),  # not all capitals: as written
    ("RCMP", "RCMP"),
    ("YOUTH", "Youth"),
    ("BC", "BC"),
    ("SEX WORK FAQ FOR ALL STAFF", "Sex Work FAQ for All Staff"),
    ("APPENDIX A – CONTACTS", "Appendix A – Contacts"),
])
def test_words_in_capitals_are_read_as_words(text, words):
    from lic_policy.importdoc import uncapped

    assert uncapped(text) == words


def test_a_contacts_appendix_table_is_the_services_directory(tmp_path):
    """“APPENDIX A – CONTACTS” over a table of Organization · Phone · Email: its rows became clauses
    (“Organization: Valley Women's Centre — Phone: …”) with a to-do item to move them, and `check`
    asked for a services directory the draft had. A heading that names an appendix (or a schedule)
    is read for what follows “Appendix A –”."""
    from docx import Document

    from lic_policy import load

    doc = Document()
    doc.add_paragraph("TOWN OF MAPLE VALLEY", style="Title")
    doc.add_paragraph("Responding to Sex Work", style="Subtitle")
    doc.add_heading("1. Purpose", 1)
    doc.add_paragraph("This policy guides how Town staff respond to sex work.")
    doc.add_heading("APPENDIX A – CONTACTS", 1)
    table = doc.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Organization", "Phone", "Email")):
        cell.text = text
    for row in (("Valley Women's Centre", "555-0170", "info@valleywomen.example.org"),
                ("PEERS Maple Valley", "555-0171", "hello@peersmv.example.org")):
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    doc.save(tmp_path / "mv.docx")
    r = run_cli("import", str(tmp_path / "mv.docx"), "--owner-role", "Director")
    assert r.exit_code == 0, r.stderr
    data = load(tmp_path / "mv.yaml", validate=False).data
    assert [s["organization"] for s in data.get("services", [])] == ["Valley Women's Centre", "PEERS Maple Valley"]
    assert data["services"][0]["contact"] == {"phone": "555-0170", "email": "info@valleywomen.example.org"}, \
        data["services"][0]
    assert "could not place: a table" not in r.stdout, r.stdout


@pytest.mark.parametrize("title", ["Appendix A – Contacts", "APPENDIX B: WHO TO CALL", "Schedule 1 - Services",
                                   "Annex C. Community services"])
def test_an_appendix_heading_names_its_contents(title):
    from lic_policy.importdoc import SERVICES, without_appendix

    assert SERVICES.match(without_appendix(title)), title
    assert without_appendix("Appendix") == "Appendix"


def test_headings_in_capitals_are_read_as_words(tmp_path):
    """“SECTION 3 – POLICY STATEMENTS”, “SECTION 5 – YOUTH”: the sections were called “POLICY
    STATEMENTS” and “YOUTH” (`recognized: “YOUTH” as the youth sexual exploitation protocol`),
    and the published guideline, the review packet and the room showed them in capitals."""
    data, r = _maple_valley(tmp_path)
    assert [s["title"] for s in data["sections"]] == ["Policy Statements"], data["sections"]
    assert "POLICY" not in r.stdout
    youth = tmp_path / "youth.md"
    youth.write_text("# Town of Elm Sex Work Response Guidelines\n\n## PURPOSE\n\nStaff respond to sex work.\n\n"
                     "## YOUTH\n\nStaff call the child protection line.\n", encoding="utf-8")
    r = run_cli("import", str(youth), "--owner-role", "Manager")
    assert "recognized: “Youth” as the youth sexual exploitation protocol" in r.stdout, r.stdout


def test_a_labelled_line_beside_the_owner_s_is_read_with_it(tmp_path):
    """“Department: Community Services” and “Approved by: Council (pending)” a line each under the
    title: the first filled the owner's role, the second became the summary, published under the
    title as “**Approved by:** Council (pending)”. A labelled line beside others that fill the
    metadata is read with them (a to-do item keeps what it says)."""
    from docx import Document

    from lic_policy import load

    doc = Document()
    doc.add_paragraph("TOWN OF MAPLE VALLEY", style="Title")
    doc.add_paragraph("Responding to Sex Work", style="Subtitle")
    for label, value in (("Department: ", "Community Services"), ("Approved by: ", "Council (pending)")):
        p = doc.add_paragraph()
        p.add_run(label).bold = True
        p.add_run(value)
    doc.add_heading("1. Purpose", 1)
    doc.add_paragraph("This policy guides how Town staff respond to sex work.")
    doc.save(tmp_path / "mv.docx")
    r = run_cli("import", str(tmp_path / "mv.docx"))
    assert r.exit_code == 0, r.stderr
    data = load(tmp_path / "mv.yaml", validate=False).data
    assert "Approved by" not in (data["metadata"].get("summary") or ""), data["metadata"]
    assert any("Approved by: Council (pending)" in t["text"] for t in data.get("todo", [])), data.get("todo")
    assert data["metadata"]["owners"] == [{"role": "Community Services"}]
