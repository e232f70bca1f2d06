"""`lic-policy import` on the layouts real guidelines have (issue 16): a title and a Heading 1
over everything, numbered headings, definitions as a table or a definition list, bullet lists,
hand-typed clause numbers — and a report of what could not be placed.

The fixtures in tests/data/import/ are made up (the Town of Riverbend does not exist) and laid
out as public guidelines are: a council report in Word, police directives in Markdown, a
city's web page in HTML (see make_fixtures.py there)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lic_policy.store import load

from .conftest import run_cli

DATA = Path(__file__).resolve().parent / "data" / "import"


def _import(tmp_path: Path, name: str, *extra: str):
    out = tmp_path / (Path(name).stem + ".yaml")
    r = run_cli("import", str(DATA / name), "-o", str(out), *extra)
    assert r.exit_code == 0, r.stderr
    assert "internal error" not in r.stdout + r.stderr
    doc = load(out)
    assert doc.issues == [], [i.message for i in doc.issues]
    return r, doc.guideline, out


def _sections(g) -> dict:
    return {s.title: s for _p, s in g.iter_sections()}


def _clauses(g) -> list[str]:
    return [c.text for _p, _s, c in g.iter_clauses()]


# --------------------------------------------------------------------------- a council report in Word


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    return _import(tmp_path_factory.mktemp("council"), "riverbend-council-guidelines.docx",
                   "--jurisdiction", "Town of Riverbend", "--owner-role", "Director of Community Services")


def test_title_and_heading_1_do_not_swallow_purpose_scope_and_definitions(council):
    _r, g, _out = council
    assert g.metadata.title == "Town of Riverbend Sex Work Response Guidelines"
    assert g.purpose.startswith("These guidelines set out how Town of Riverbend staff respond")
    assert "They were written with current and former sex workers" in g.purpose
    assert not g.purpose.startswith("To be written") and not g.scope.text.startswith("To be written")
    assert [d.term for d in g.definitions] == ["Sex work", "Sexual exploitation of youth", "Human trafficking",
                                               "Outreach"]
    assert g.definitions[0].definition == "The exchange of sexual services between adults for money or goods."
    # the title heading is not a section of its own; its subtitle line is the summary
    assert "Town of Riverbend Sex Work Response Guidelines" not in _sections(g)
    assert g.metadata.summary == "Report to Council · Community Services · May 2026"


def test_numbered_headings_and_hand_typed_numbers_are_dropped_from_titles_ids_and_text(council):
    _r, g, _out = council
    titles = list(_sections(g))
    assert titles == ["Responding to violence against sex workers", "Reports of violence",
                      "Bad date reports", "Concerns from residents and businesses", "Services"]
    # “Guiding principles” (“Safety first: …” items) are the guideline's principles (ux20)
    assert [p.title for p in g.principles] == ["Safety first", "Dignity", "Partnership"]
    ids = [s.id for _p, s in g.iter_sections()]
    assert "reports-violence" in ids and not any(i[0].isdigit() for i in ids)
    assert ("Staff treat every report of violence against a sex worker as serious and help the person reach the "
            "support they choose.") in _clauses(g)
    assert not any(t.startswith("6.") for t in _clauses(g))


def test_a_lead_in_and_its_bullets_stay_together(council):
    _r, g, _out = council
    assert g.scope.text == ("These guidelines apply to:\n\n- by-law officers and licensing inspectors;\n"
                            "- parks, library and community centre staff;\n- outreach and social development staff.")


def test_priorities_and_protocols_are_recognized(council):
    _r, g, _out = council
    assert [p.text for p in sorted(g.priorities, key=lambda p: p.rank)] == [
        "Respond to violence against sex workers as a priority.", "Prevent the sexual exploitation of youth.",
        "Connect people with health, housing and support services."]
    sections = _sections(g)
    assert sections["Responding to violence against sex workers"].protocol == "violence-against-sex-workers"
    assert sections["Concerns from residents and businesses"].protocol == "complaints"
    violence_id = sections["Responding to violence against sex workers"].id
    assert g.priorities[0].refs == [violence_id]


def test_a_services_table_becomes_the_services_directory_without_the_header(council):
    _r, g, _out = council
    # its rows are services, not clauses (the paragraph after the table stays one)
    assert [c.text for c in _sections(g)["Services"].clauses] == ["Approved by the Director of Community Services."]
    night, peers = g.services
    assert (night.organization, night.offers, night.contact.phone) == (
        "Riverbend Night Outreach", ["Mobile outreach", "harm reduction supplies"], "250-555-0141 (24/7)")
    assert (peers.organization, peers.contact.email) == ("Peer Support Collective", "info@peers.example.org")


def test_what_could_not_be_placed_is_reported_and_kept_as_to_do_items(council):
    r, g, out = council
    report = [line for line in r.stdout.splitlines() if line.startswith("could not place:")]
    assert any("image" in line for line in report), r.stdout
    assert any("2 services from the table in “Services”" in line for line in r.stdout.splitlines()), r.stdout
    todo = [t.text for t in g.todo]
    assert any("image" in t for t in todo) and any("services directory" in t for t in todo)
    # the check lists them as information
    rc = run_cli("check", "--no-cache", "--only", "draft.todo", str(out))
    assert rc.stdout.count("info draft.todo") == len(g.todo)


# --------------------------------------------------------------------------- police directives in Markdown


@pytest.fixture(scope="module")
def police(tmp_path_factory):
    return _import(tmp_path_factory.mktemp("police"), "riverbend-police-directives.md",
                   "--jurisdiction", "Riverbend Police Service", "--kind", "police-service")


def test_markdown_directives(police):
    r, g, _out = police
    assert g.metadata.title == "Sex Work Guidelines for Patrol and Investigations"
    assert g.metadata.languages == ["en-CA"]
    assert g.purpose.startswith("Officers use discretion in every contact with sex workers.")
    assert [d.term for d in g.definitions] == ["Sex work", "Sexual exploitation", "Bad date"]
    directives = [c.text for c in _sections(g)["Directives"].clauses]
    assert directives[0] == "All reports of violence against sex workers are investigated as serious crimes."
    assert directives[2] == ("When a complaint involves sex work but no crime, officers refer it to outreach:\n\n"
                             "- the Night Outreach team;\n- the Peer Support Collective.")
    youth = _sections(g)["Youth"]
    assert youth.protocol == "youth-sexual-exploitation"
    assert youth.clauses[-1].kind == "quotation"
    assert any("footnote" in line and "made-up finding" in line for line in r.stdout.splitlines()
               if line.startswith("could not place:"))


# --------------------------------------------------------------------------- a city's web page in HTML


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    return _import(tmp_path_factory.mktemp("web"), "riverbend-web-page.html", "--jurisdiction", "Town of Riverbend")


def test_web_page(web):
    r, g, _out = web
    assert g.metadata.title == "Sex work response guidelines"  # not "... | Town of Riverbend"
    assert g.metadata.summary == "How Town of Riverbend staff respond to sex work, adopted by Council in 2026."
    assert g.purpose.startswith("The guidelines make sure that sex workers are treated fairly")
    assert g.scope.text.endswith("including:\n\n- by-law officers;\n- outreach workers;\n- community centre staff.")
    assert [d.term for d in g.definitions] == ["Sex work", "Sexual exploitation of youth"]
    assert [p.text for p in g.priorities] == ["Respond to violence against sex workers first.",
                                              "Prevent the sexual exploitation of youth."]
    assert "On this page" not in _sections(g)
    text = " ".join(_clauses(g))
    assert "Home" not in text and "Was this page helpful" not in text and "Last updated" not in text
    assert any("Map of outreach routes" in line for line in r.stdout.splitlines() if line.startswith("could not place:"))


# --------------------------------------------------------------------------- definitions in other shapes


def test_bold_term_paragraphs_are_definitions(tmp_path):
    _r, g, _out = _import(tmp_path, "analyst-draft.docx")
    assert [(d.term, d.definition) for d in g.definitions] == [
        ("Sex work", "The exchange of sexual services between adults."),
        ("Outreach", "Services that go to where people live and work.")]
    assert g.metadata.title == "Riverbend Sex Work Response Guidelines"


def test_a_term_on_its_own_line_above_its_definition(tmp_path):
    src = tmp_path / "terms.md"
    src.write_text("# Guidelines\n\n## Purpose\n\nHow staff respond.\n\n## Glossary\n\n**Outreach**\n\n"
                   "Services that go to where people are.\n\n**Bad date**\n\nA violent or dishonest client.\n",
                   encoding="utf-8")
    out = tmp_path / "terms.yaml"
    assert run_cli("import", str(src), "-o", str(out)).exit_code == 0
    g = load(out).guideline
    assert [(d.term, d.definition) for d in g.definitions] == [
        ("Outreach", "Services that go to where people are."), ("Bad date", "A violent or dishonest client.")]
