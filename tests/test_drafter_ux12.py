"""The drafter's Word path, round 12 (ux12): a council draft whose author styled its headings by
hand — bold, larger Normal paragraphs (“1. Purpose”, “5.1 Reports”) instead of Word's Heading
styles, as many council drafts are — under a title block of two bold, centred lines (the
district's name in capitals over the guideline's name). Each test pins a stumble: the wrong
output is what the drafter saw before the fix. The Word draft is
`tests/data/newcomer/make_alder_creek.py` (made-up; its MUST-FLAG sentence is fixture text)."""

from __future__ import annotations

import json

import pytest

from .conftest import newcomer_draft, run_cli


def _import(folder, headings: str):
    maker = newcomer_draft("alder_creek")
    docx = maker.build(folder / f"alder-creek-{headings}.docx", headings)
    r = run_cli("import", str(docx))
    assert r.exit_code == 0, r.stderr
    from lic_policy import load

    return load(folder / f"alder-creek-{headings}.yaml").data, r, maker


@pytest.fixture(scope="module")
def typed(tmp_path_factory):
    return _import(tmp_path_factory.mktemp("alder-creek"), "typed")


def _titles(sections):
    return [(s["title"], _titles(s.get("sections") or [])) for s in sections]


@pytest.mark.slow  # 0.33 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_headings_styled_by_hand_are_sections(typed):
    """Every heading was a bold Normal paragraph: the import said “0 sections, 0 clauses”, named
    the guideline after the file (“Alder creek draft”) and poured the whole draft, headings as
    bold lines, into `purpose:`; the scope was a placeholder though the draft had one. A short
    bold paragraph with a heading's number is read as a heading, its level from the number."""
    data, r, maker = typed
    assert "0 sections" not in r.stdout
    assert data["metadata"]["title"] == maker.TITLE
    assert data["metadata"]["jurisdiction"]["name"] == "District of Alder Creek"
    assert data["purpose"].startswith("These guidelines set out how District staff respond")
    assert "**" not in data["purpose"]
    assert "Bylaw Services officers" in data["scope"]["text"]
    assert [d["term"] for d in data["definitions"]] == ["Sex work", "Sexual exploitation of youth", "Outreach"]
    assert [s["organization"] for s in data["services"]] == ["Alder Creek Outreach Society",
                                                            "Coastal Women's Health Clinic"]
    # the bulleted “Guiding principles” are the guideline's principles (ux24)
    assert [p["title"] for p in data["principles"]] == ["Principle 1", "Principle 2", "Principle 3"]
    assert _titles(data["sections"]) == [
        ("Responding to violence against sex workers", [("Reports", []), ("Consent", [])]),
        ("Concerns from residents and businesses", []),
        ("Youth", []),
        ("Review", []),
    ]
    assert data["metadata"]["summary"] == maker.LEAD
    assert "recognized: “Responding to violence against sex workers” as the violence" in r.stdout
    # said as the draft has it: bold lines, not Word's Title and Subtitle it never used
    assert ("recognized: “District of Alder Creek” as the jurisdiction and “Sex Work Response Guidelines” as the "
            "title, from the bold lines above the first heading") in r.stdout, r.stdout
    assert "subtitle" not in r.stdout
    assert "not in the document: a scope" not in r.stdout
    assert "not in the document: the jurisdiction" not in r.stdout
    assert "could not place: a table" not in r.stdout


@pytest.mark.slow  # 0.32 s of CPU a case (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
@pytest.mark.parametrize("headings", ["plain", "word-numbered"])
def test_headings_by_hand_without_typed_numbers(tmp_path, headings):
    """The same draft with unnumbered bold headings, and with Word's numbering button on them
    (pandoc reads each as a one-item numbered list): the same sections."""
    data, r, maker = _import(tmp_path, headings)
    assert data["metadata"]["title"] == maker.TITLE
    assert data["purpose"].startswith("These guidelines set out how District staff respond")
    assert "Bylaw Services officers" in data["scope"]["text"]
    assert len(data["definitions"]) == 3 and len(data["services"]) == 2
    titles = [t for t, _ in _titles(data["sections"])]
    assert titles[0] == "Responding to violence against sex workers" and titles[-1] == "Review", titles
    assert len(data["principles"]) == 3  # the “Guiding principles” list (ux24)
    assert "Concerns from residents and businesses" in titles


def test_a_bold_sentence_in_a_styled_document_stays_a_clause(tmp_path):
    """Only a document without headings has its headings typed by hand: in one with Heading
    styles, a bold line is emphasis and stays a clause."""
    from docx import Document

    doc = Document()
    doc.add_heading("Town of Elm Sex Work Response Guidelines", 1)
    doc.add_heading("Purpose", 2)
    doc.add_paragraph("These guidelines say how Town staff respond to sex work.")
    doc.add_heading("Complaints", 2)
    doc.add_paragraph().add_run("Staff never call police only because someone is a sex worker").bold = True
    doc.add_paragraph("Staff listen to the concern and refer it to outreach.")
    doc.save(tmp_path / "elm.docx")
    r = run_cli("import", str(tmp_path / "elm.docx"))
    assert r.exit_code == 0, r.stderr
    from lic_policy import load

    data = load(tmp_path / "elm.yaml").data
    (complaints,) = data["sections"]
    assert [c["text"] for c in complaints["clauses"]][0].startswith("**Staff never call police")


def test_bold_terms_over_their_definitions_stay_definitions(tmp_path):
    """A draft without headings whose glossary puts each bold term on a line above its
    definition: the terms are not headings."""
    from docx import Document

    doc = Document()
    for text, bold in (("Purpose", True), ("These guidelines say how Town staff respond to sex work.", False),
                       ("Definitions", True), ("Sex work", True),
                       ("The exchange of sexual services between consenting adults.", False),
                       ("Outreach", True), ("Services that go to where people are.", False),
                       ("Complaints", True), ("Staff listen to the concern and refer it to outreach.", False),
                       ("Staff never share a sex worker's name", True),
                       ("Not with police, not with residents.", False)):
        doc.add_paragraph().add_run(text).bold = bold
    doc.save(tmp_path / "elm.docx")
    r = run_cli("import", str(tmp_path / "elm.docx"))
    assert r.exit_code == 0, r.stderr
    from lic_policy import load

    data = load(tmp_path / "elm.yaml").data
    assert [d["term"] for d in data["definitions"]] == ["Sex work", "Outreach"]
    assert [s["title"] for s in data["sections"]] == ["Complaints"]
    # a bold sentence that tells staff what to do is no heading, even without its full stop
    assert data["sections"][0]["clauses"][1]["text"] == "**Staff never share a sex worker's name**"


def test_a_numbered_list_stays_numbered_in_the_review_packet():
    """“When a resident calls, staff: 1. listen …; 2. ask …; 3. refer …” — steps in order —
    reached the reviewers as bullets in the review packet (the published page and PDF kept the
    numbers): the order of the steps was lost on the people asked to review it."""
    from lic_policy.review.packet import build_packet
    from lic_policy.store import parse

    from .conftest import GOOD, ast_walk

    sample = parse(GOOD.read_text(encoding="utf-8"), "g.yaml")
    path = ("sections", 0, "clauses", 0, "text")
    text = ("When a resident calls, staff:\n\n1. listen and record the concern;\n2. ask whether anyone is in danger;"
            "\n3. refer it to outreach.\n\nThey also:\n\n- thank the caller.")
    for old in (None, sample):  # a first round, and a round with an earlier version
        new = parse(sample.replace_text(path, text), "new.yaml")
        ast = build_packet(new, old, findings=[]).ast
        lists = [n for n in ast_walk(ast["blocks"]) if n["t"] in ("OrderedList", "BulletList")
                 and "listen" in json.dumps(n)]
        assert [n["t"] for n in lists] == ["OrderedList"], lists
        assert len(lists[0]["c"][1]) == 3
        bullets = [n for n in ast_walk(ast["blocks"]) if n["t"] == "BulletList" and "thank" in json.dumps(n)]
        assert len(bullets) == 1


def test_compare_of_two_versions_names_them_and_points_to_diff(tmp_path):
    """A drafter who compared version 0.1.0 of a draft with 0.2.0 (`lic-policy compare v1.yaml
    v2.yaml`) read columns named `municipality` and `municipality-2`, and nothing of what had
    changed: `compare` sets guidelines of a region side by side. Versions of one guideline are
    named by their version, and standard error says that `lic-policy diff` shows the changes."""
    from .conftest import GOOD

    text = GOOD.read_text(encoding="utf-8")
    (tmp_path / "v1.yaml").write_text(text.replace("version: 2.1.0", "version: 2.0.0", 1), encoding="utf-8")
    (tmp_path / "v2.yaml").write_text(text, encoding="utf-8")
    v1, v2 = str(tmp_path / "v1.yaml"), str(tmp_path / "v2.yaml")
    r = run_cli("compare", "--color", "never", v1, v2)
    assert r.exit_code == 0, r.stderr
    header = next(ln for ln in r.stdout.splitlines() if ln.startswith("Sex workers at each stage"))
    assert header.split()[-2:] == ["2.0.0", "2.1.0"]
    assert "municipality-2" not in r.stdout
    assert f"lic-policy diff {v1} {v2}" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    same = run_cli("compare", "--color", "never", v2, v2)
    header = next(ln for ln in same.stdout.splitlines() if ln.startswith("Sex workers at each stage"))
    assert "municipality-2" not in header and len(set(header.split()[-2:])) == 2
    other = run_cli("compare", "--color", "never", str(GOOD), str(GOOD.parent / "cedar-harbour-police-guideline.yaml"))
    assert "diff" not in other.stderr


def test_a_draft_mark_and_a_table_caption_in_bold_are_not_headings(tmp_path):
    """Bold lines that are no headings in a draft whose headings are bold lines: a “DRAFT — FOR
    DISCUSSION” mark above the title block (it became the guideline's title), and a table's
    caption (“Table 1: Services in Alder Creek” became a section of its own, so the services
    table under it was no longer under “Services”)."""
    from docx import Document

    doc = Document()

    def bold(text):
        doc.add_paragraph().add_run(text).bold = True

    bold("DRAFT — FOR DISCUSSION")
    bold("DISTRICT OF ALDER CREEK")
    bold("Sex Work Response Guidelines")
    bold("1. Purpose")
    doc.add_paragraph("These guidelines say how District staff respond to sex work.")
    bold("2. Services")
    bold("Table 1: Services in Alder Creek")
    table = doc.add_table(rows=2, cols=2)
    for cell, text in zip(table.rows[0].cells + table.rows[1].cells,
                          ("Organization", "Contact", "Alder Creek Outreach Society", "250-555-0199")):
        cell.text = text
    bold("3. What staff should do when a resident calls")
    doc.add_paragraph("Staff refer concerns to outreach where no crime has been committed.")
    doc.save(tmp_path / "ac.docx")
    r = run_cli("import", str(tmp_path / "ac.docx"))
    assert r.exit_code == 0, r.stderr
    from lic_policy import load

    data = load(tmp_path / "ac.yaml").data
    assert data["metadata"]["title"] == "Sex Work Response Guidelines"
    assert data["metadata"]["jurisdiction"]["name"] == "District of Alder Creek"
    assert [s["organization"] for s in data.get("services", [])] == ["Alder Creek Outreach Society"]
    titles = [s["title"] for s in data["sections"]] + [c["title"] for s in data["sections"]
                                                       for c in s.get("sections") or []]
    assert "What staff should do when a resident calls" in titles, titles
    assert not [t for t in titles if t.startswith("Table")], titles


def test_the_place_under_the_title_is_the_jurisdiction_too(tmp_path):
    """“Sex Work Response Guidelines” over “District of Alder Creek”, both bold: the place's line
    is the jurisdiction whether it is above or below the title."""
    from docx import Document

    doc = Document()
    for text, bold in (("Sex Work Response Guidelines", True), ("District of Alder Creek", True),
                       ("1. Purpose", True), ("These guidelines say how District staff respond to sex work.", False),
                       ("2. Complaints", True), ("Staff refer concerns to outreach.", False)):
        doc.add_paragraph().add_run(text).bold = bold
    doc.save(tmp_path / "ac.docx")
    assert run_cli("import", str(tmp_path / "ac.docx")).exit_code == 0
    from lic_policy import load

    meta = load(tmp_path / "ac.yaml").data["metadata"]
    assert meta["title"] == "Sex Work Response Guidelines"
    assert meta["jurisdiction"]["name"] == "District of Alder Creek"


def test_the_review_packet_names_whose_guideline_it_is():
    """“Review packet: Sex Work Response Guidelines” — reviewers who review for several cities
    could not tell whose it was from its title. The jurisdiction follows a title that does not
    name it; a title that does is left as it is."""
    from lic_policy.pandoc_ast import plain_text
    from lic_policy.review.packet import build_packet
    from lic_policy.store import parse

    from .conftest import GOOD

    text = GOOD.read_text(encoding="utf-8")
    named = build_packet(parse(text, "g.yaml"), None, findings=[]).ast
    title = "Sex Work Response Guidelines"
    assert plain_text(named["meta"]["title"]["c"]) == f"Review packet: City of Cedar Harbour {title}"
    plain = text.replace(f"title: City of Cedar Harbour {title}", f"title: {title}", 1)
    ast = build_packet(parse(plain, "g.yaml"), None, findings=[]).ast
    assert plain_text(ast["meta"]["title"]["c"]) == f"Review packet: {title} — City of Cedar Harbour"


def test_a_principles_section_written_as_text_is_pointed_at(tmp_path):
    """A Word draft's “Guiding principles” imports as a section of clauses, and `check` then said
    “no principle or work-plan action for the culture & mindsets, … key areas” at `metadata:` —
    the drafter, who had written four principles, could not tell what was missing. The finding
    is at that section and says, in words reviewers read too, to list them as principles tagged
    with their key areas."""
    import yaml

    from .conftest import GOOD

    data = yaml.safe_load(GOOD.read_text(encoding="utf-8"))
    del data["principles"]
    data.pop("work_plan", None)
    data["sections"].insert(0, {"id": "guiding-principles", "title": "Guiding principles", "clauses": [
        {"id": "guiding-principles.1", "text": "Sex workers have the same right to safety as every resident."}]})
    path = tmp_path / "g.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    r = run_cli("check", "--no-cache", "--format", "json", "--only", "coverage.key-areas", str(path))
    [f] = json.loads(r.stdout)["findings"]
    assert "“Guiding principles”" in f["message"] and "list them as the guideline's principles" in f["message"]
    assert "culture & mindsets" in f["message"]
    assert "key_areas" not in f["message"] and "principles:" not in f["message"]  # reviewers read it too
    assert any("key_areas:" in s for s in f["suggestions"])  # the drafter gets the YAML
    text = path.read_text(encoding="utf-8").splitlines()
    assert "Guiding principles" in text[f["line"] - 1], text[f["line"] - 1]


def test_hand_typed_headings_under_a_title_in_heading_1(tmp_path):
    """The title in Word's Heading 1 and every other heading a bold line: the one real heading
    kept the hand-typed ones from being read, and the whole draft was one section's clauses."""
    from docx import Document

    doc = Document()
    doc.add_heading("District of Alder Creek Sex Work Response Guidelines", 1)
    for text, bold in (("1. Purpose", True), ("These guidelines say how District staff respond to sex work.", False),
                       ("2. Scope", True), ("Bylaw officers and parks staff.", False),
                       ("3. Complaints", True), ("Staff refer concerns to outreach.", False),
                       ("3.1 At night", True), ("The night outreach team answers.", False)):
        doc.add_paragraph().add_run(text).bold = bold
    doc.save(tmp_path / "ac.docx")
    assert run_cli("import", str(tmp_path / "ac.docx")).exit_code == 0
    from lic_policy import load

    data = load(tmp_path / "ac.yaml").data
    assert data["metadata"]["title"] == "District of Alder Creek Sex Work Response Guidelines"
    assert data["purpose"] == "These guidelines say how District staff respond to sex work."
    assert data["scope"]["text"] == "Bylaw officers and parks staff."
    assert _titles(data["sections"]) == [("Complaints", [("At night", [])])]


def test_packet_since_a_version_finds_the_copy_kept_beside_it(tmp_path):
    """A drafter outside git who kept each version as a file beside the draft (`alder-0.1.0.yaml`,
    `alder.yaml`) ran `review packet alder.yaml --since 0.1.0` and read “cannot read the git
    history of the guideline”. The copy of the same guideline with that version in the same
    folder is the earlier version; without one, the message says the folder is not in git and
    to pass the earlier file."""
    from .conftest import GOOD

    text = GOOD.read_text(encoding="utf-8")
    (tmp_path / "alder-old.yaml").write_text(text.replace("version: 2.1.0", "version: 2.0.0", 1), encoding="utf-8")
    (tmp_path / "other.yaml").write_text(text.replace("id: cedar-harbour-sex-work-response", "id: elsewhere", 1)
                                         .replace("version: 2.1.0", "version: 1.0.0", 1), encoding="utf-8")
    g = tmp_path / "alder.yaml"
    g.write_text(text, encoding="utf-8")
    r = run_cli("review", "packet", str(g), "--since", "2.0.0")
    assert r.exit_code == 0, r.stderr
    assert "version 2.0.0 -> 2.1.0" in r.stdout, r.stdout
    r = run_cli("review", "packet", str(g), "--since", "1.0.0")  # another guideline's version is not it
    assert r.exit_code == 2
    [line] = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert "not in a git repository" in line and "--since" in line and "1.0.0" in line, line


def test_lettered_clauses_typed_by_hand_lose_their_letters(tmp_path):
    """Clauses typed as “a) Staff listen …”, “b) Staff refer …” kept “a)” and “b)” in their text
    (“(a)” and “1.” were already dropped): the published page showed “3.1 a) Staff listen …”."""
    from docx import Document

    doc = Document()
    doc.add_heading("Town of Elm Sex Work Response Guidelines", 1)
    doc.add_heading("Purpose", 2)
    doc.add_paragraph("These guidelines say how Town staff respond to sex work.")
    doc.add_heading("Complaints", 2)
    for text in ("a) Staff listen to the concern.", "b) Staff refer it to outreach where no crime has been committed."):
        doc.add_paragraph(text)
    doc.save(tmp_path / "elm.docx")
    assert run_cli("import", str(tmp_path / "elm.docx")).exit_code == 0
    from lic_policy import load

    [sec] = load(tmp_path / "elm.yaml").data["sections"]
    assert [c["text"] for c in sec["clauses"]] == ["Staff listen to the concern.",
                                                   "Staff refer it to outreach where no crime has been committed."]


@pytest.mark.parametrize("item", ["ask whether anyone is in danger;", "follow up within five days."])
def test_a_list_step_deleted_in_review_leaves_no_empty_step(tmp_path, item):
    """A reviewer deleted a whole step of a numbered list with Track Changes (“ask whether anyone
    is in danger;”); accepted and applied, the clause kept an empty step “2. ” in the YAML and on
    the published page. The step's line goes with its words."""
    import yaml

    from .conftest import GOOD

    data = yaml.safe_load(GOOD.read_text(encoding="utf-8"))
    clause = data["sections"][0]["clauses"][0]
    clause["text"] = ("When a resident calls, staff:\n\n1. listen and record the concern;\n"
                      "2. ask whether anyone is in danger;\n3. follow up within five days.")
    g = tmp_path / "g.yaml"
    g.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    r = run_cli("review", "add", str(g), "--clause", clause["id"], "--quote", item, "--kind", "suggestion",
                "--replacement", "", "--body", "Not our job.", "--author", "advisory-3", "--role",
                "sex-worker-advisory")
    assert r.exit_code == 0, r.stderr
    assert run_cli("review", "accept", str(g), "t1").exit_code == 0
    r = run_cli("review", "apply", str(g))
    assert r.exit_code == 0, r.stderr
    from lic_policy import load

    text = load(g).data["sections"][0]["clauses"][0]["text"]
    kept = [x for x in ("1. listen and record the concern;", "2. ask whether anyone is in danger;",
                        "3. follow up within five days.") if item not in x]
    assert text == "When a resident calls, staff:\n\n" + "\n".join(kept), text
