"""A newcomer's paths, walked from the README (issue: ux5): a drafter who starts from a Word
draft, an advisory reviewer in the browser, CI on a policy repository. Each test pins a place
where someone following the README stumbled: the wrong output is what they saw before the fix.
The Word draft is `tests/data/newcomer/make_port_alder.py` (made-up; its MUST-FLAG sentences
are fixture text the checks must flag)."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from .conftest import newcomer_draft, run_cli


def _maker():
    return newcomer_draft("port_alder")


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The Word draft imported as the README's quick start does (no options)."""
    folder = tmp_path_factory.mktemp("port-alder")
    maker = _maker()
    docx = maker.build(folder / "port-alder-draft.docx")
    r = run_cli("import", str(docx))
    assert r.exit_code == 0, r.stderr
    return folder / "port-alder-draft.yaml", r, maker


def _yaml(path: Path):
    from lic_policy import load
    return load(path).data


# --------------------------------------------------------------------------- drafter: import

def test_the_word_subtitle_becomes_the_summary(imported):
    """Word's Subtitle paragraph ("Draft for discussion — …") was dropped: pandoc puts it in the
    document's metadata, and the summary became a note about the import instead."""
    path, _r, maker = imported
    assert _yaml(path)["metadata"]["summary"] == maker.SUBTITLE
    assert "Jordan" not in path.read_text(encoding="utf-8")  # the Word file's author is not carried


def test_no_note_about_the_import_is_published_as_the_summary(tmp_path):
    """Without a subtitle or lead paragraph the summary said "Imported from X.docx with
    lic-policy import. Check every clause against the original." — and publish, the review room
    and the Word packet all showed it to readers as the guideline's summary."""
    md = tmp_path / "plain.md"
    md.write_text("# Town of Lakeview Sex Work Response Guideline\n\n## Purpose\n\nStaff keep people safe.\n\n"
                  "## Scope\n\nAll staff.\n\n## Outreach\n\nStaff offer outreach first.\n", encoding="utf-8")
    assert run_cli("import", str(md)).exit_code == 0
    data = _yaml(tmp_path / "plain.yaml")
    assert "lic-policy import" not in str(data["metadata"].get("summary", ""))
    r = run_cli("publish", str(tmp_path / "plain.yaml"), "--to", "html", "--out", str(tmp_path / "out"))
    assert r.exit_code == 0, r.stderr
    assert "lic-policy import" not in (tmp_path / "out" / "plain.html").read_text(encoding="utf-8")


def test_the_jurisdiction_named_in_the_title_is_recognized(imported):
    """"City of Port Alder Sex Work Response Guideline" names its jurisdiction, yet the import
    said "not in the document: the jurisdiction" and wrote a placeholder."""
    path, r, _m = imported
    data = _yaml(path)
    assert data["metadata"]["jurisdiction"] == {"name": "City of Port Alder", "kind": "municipality"}
    assert "recognized: “City of Port Alder” as the jurisdiction" in r.stdout
    assert "not in the document: the jurisdiction" not in r.stdout
    assert not any(t.get("about") == "metadata.jurisdiction.name" for t in data.get("todo", []))


@pytest.mark.parametrize("title, name, kind", [
    ("Town of Riverbend Sex Work Response Guidelines", "Town of Riverbend", "municipality"),
    ("Regional District of Mount Waddington: Sex Work Response", "Regional District of Mount Waddington",
     "regional-district"),
    ("Sex Work Response Guidelines for the City of North Bay", "City of North Bay", "municipality"),
    ("Sex Work Response Guidelines", None, None),
    ("Sex Work and the City of the Future", None, None),
])
def test_jurisdiction_from_title(title, name, kind):
    from lic_policy.importdoc import jurisdiction_from_title
    assert jurisdiction_from_title(title) == ((name, kind) if name else None)


def test_an_explicit_jurisdiction_wins_over_the_title(tmp_path):
    docx = _maker().build(tmp_path / "d.docx")
    r = run_cli("import", str(docx), "--jurisdiction", "Port Alder", "--kind", "municipality")
    assert r.exit_code == 0, r.stderr
    assert _yaml(tmp_path / "d.yaml")["metadata"]["jurisdiction"]["name"] == "Port Alder"


def test_a_services_table_becomes_the_services_directory(imported):
    """The draft's "Services" table (Organization | What they offer | Contact) became two clauses
    ("Harbourside Outreach Society — Night outreach, … — 250-555-0142") and a note to move them to
    the services directory by hand: eight fields of YAML per service for someone who has never
    written YAML. Its rows are services now; what the table does not say (regions, hours) is
    marked to be confirmed and listed as a to-do item."""
    path, r, _m = imported
    data = _yaml(path)
    services = data["services"]
    assert [s["organization"] for s in services] == ["Harbourside Outreach Society", "Port Alder Women's Health Clinic"]
    first = services[0]
    assert first["offers"] == ["Night outreach", "drop-in", "harm reduction supplies"]
    assert first["contact"] == {"phone": "250-555-0142"}
    assert first["languages"] == ["en"] and first["regions"] == ["To be confirmed"]
    assert first["hours"] == "To be confirmed"
    assert not any(s["id"] == "services" for s in data["sections"])  # the rows are not clauses too
    assert "recognized: 2 services from the table in “Services”" in r.stdout, r.stdout
    assert "could not place: a table in “Services”" not in r.stdout
    todo = [t for t in data["todo"] if t.get("about") == "services"]
    assert len(todo) == 1 and "regions" in todo[0]["text"] and "hours" in todo[0]["text"]
    check = run_cli("check", "--no-cache", "-q", str(path)).stdout
    assert "there is no services directory" not in check


def test_a_services_table_with_more_columns(tmp_path):
    md = tmp_path / "d.md"
    md.write_text("# Town of Lakeview Sex Work Response Guideline\n\n## Purpose\n\nStaff keep people safe.\n\n"
                  "## Find a service\n\nStaff can refer people to:\n\n"
                  "| Service | Offers | Area | Languages | Hours | Phone or email |\n|---|---|---|---|---|---|\n"
                  "| Lakeview Peer Outreach | outreach; harm reduction | Downtown, Northside | English, French | "
                  "Mon-Fri 18:00-02:00 | info@lakeviewpeers.example.org |\n", encoding="utf-8")
    r = run_cli("import", str(md))
    assert r.exit_code == 0, r.stderr
    data = _yaml(tmp_path / "d.yaml")
    s, = data["services"]
    assert (s["organization"], s["offers"], s["regions"], s["languages"], s["hours"], s["contact"]) == (
        "Lakeview Peer Outreach", ["outreach", "harm reduction"], ["Downtown", "Northside"], ["en", "fr"],
        "Mon-Fri 18:00-02:00", {"email": "info@lakeviewpeers.example.org"})
    # the lead-in stays a clause of its section
    sec = next(x for x in data["sections"] if x["title"] == "Find a service")
    assert [c["text"] for c in sec["clauses"]] == ["Staff can refer people to:"]


def test_a_table_that_is_not_a_list_of_services_stays_clauses(tmp_path):
    md = tmp_path / "d.md"
    md.write_text("# Town of Lakeview Sex Work Response Guideline\n\n## Services\n\n"
                  "| Year | Visits |\n|---|---|\n| 2025 | 300 |\n", encoding="utf-8")
    r = run_cli("import", str(md))
    assert r.exit_code == 0, r.stderr
    data = _yaml(tmp_path / "d.yaml")
    assert "services" not in data and "could not place: a table in “Services”" in r.stdout


def test_import_to_do_items_speak_without_field_paths(imported):
    """To-do items are read by drafters who may never open the YAML (`check` lists them), so
    they never show field names: "(metadata.owners)" read as code. Their `about:` keeps the place."""
    path, r, _m = imported
    todo = _yaml(path)["todo"]
    assert todo and not any(re.search(r"\([a-z_]+\.[a-z_.]+\)", t["text"]) for t in todo)
    assert not any("”." in t["text"] or ".”." in t["text"] for t in todo)
    assert any(t.get("about") == "metadata.owners" for t in todo)
    # the line printed for the missing owner says how to give it now that the file exists
    assert "--owner-role" in r.stdout and "metadata.owners" in r.stdout


# --------------------------------------------------------------------------- drafter: the Word packet

def _comments(docx: Path) -> str:
    with zipfile.ZipFile(docx) as z:
        xml = z.read("word/comments.xml").decode("utf-8")
    return " ".join(" ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)).split())


def test_the_packet_never_suggests_sex_work_beside_a_young_person(imported, tmp_path):
    """The purpose ("… respond to prostitution in the Harbourside district and to the sexual
    exploitation of youth.") gets no fix from `check` (a fix that writes "sex work" beside a young
    person is withheld), but the packet's comment said: Suggested wording: “sex work”."""
    path, _r, _m = imported
    g = tmp_path / path.name
    shutil.copy(path, g)
    check = run_cli("check", "--format", "json", str(g))
    import json
    purpose = [f for f in json.loads(check.stdout)["findings"] if f["field"] == "purpose"]
    assert purpose and all(f["fix"] is None for f in purpose)
    r = run_cli("review", "packet", str(g), "-o", str(tmp_path / "p.docx"))
    assert r.exit_code == 0, r.stderr
    text = _comments(tmp_path / "p.docx")
    assert "Suggested wording: “sex work”" not in text


def test_the_packet_suggests_wording_only_for_a_safe_fix(imported, tmp_path):
    """README: "Suggested wording: “…” for a safe fix (else Consider: …)". 'street prostitution' →
    'street-based sex work' needs --unsafe-fixes (read the sentence first), yet the packet
    offered it as the suggested wording; 'addicts' → 'people who use drugs' is safe."""
    path, _r, _m = imported
    g = tmp_path / path.name
    shutil.copy(path, g)
    assert run_cli("review", "packet", str(g), "-o", str(tmp_path / "p.docx")).exit_code == 0
    text = _comments(tmp_path / "p.docx")
    assert "Suggested wording: “street-based sex work”" not in text
    assert "Consider: street-based sex work" in text
    assert "Suggested wording: “people who use drugs”" in text


# --------------------------------------------------------------------------- reviewer: the review room

def test_the_review_room_shows_a_definition_as_its_term_over_its_text(imported):
    """Reviewers read "Definitions term: Sex worker" and "Definitions definition: An adult, …"
    (field names in words); the published guideline and the packet show the term as a heading
    over its definition."""
    from lic_policy.web.document import build_page
    path, _r, _m = imported
    page = build_page(_yaml(path))
    units = [u for u in page.items if getattr(u, "field", "").startswith("definitions.")]
    assert units
    assert not any("Definitions" in u.html for u in units)
    terms = [u for u in units if u.field.endswith(".term")]
    assert [u.text for u in terms] == ["Sex worker", "Youth sexual exploitation", "Trafficking"]
    assert all(u.heading == 3 for u in terms)
    assert all(u.heading == 0 for u in units if u.field.endswith(".definition"))


# --------------------------------------------------------------------------- CI: configuration and reports

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_readme_configuration_example_works_as_copied(tmp_path):
    """The README's `.lic-policy.yaml` example disabled `lang.consensual-sex-work`, a rule renamed
    `term.consensual-sex-work`: copied into a repository, every check stopped with exit 2."""
    from .conftest import GOOD
    block = re.search(r"```yaml\n(# \.lic-policy\.yaml.*?)```", README.read_text(encoding="utf-8"), re.S).group(1)
    (tmp_path / "policy").mkdir()
    pack = re.search(r"packs: \[([^\]]+)\]", block)
    if pack:  # the example names a local pack: an empty one stands for it
        (tmp_path / pack.group(1).strip()).write_text("pack: local\nreviewer: local\nrules: []\n",
                                                      encoding="utf-8")
    (tmp_path / ".lic-policy.yaml").write_text(block, encoding="utf-8")
    shutil.copy(GOOD, tmp_path / GOOD.name)
    r = run_cli("check", "--config", str(tmp_path / ".lic-policy.yaml"), str(tmp_path / GOOD.name))
    assert r.exit_code == 0, r.stderr


def test_junit_fails_only_what_fails_the_run(tmp_path):
    """A new guideline from `init` has nine to-do items (info) and exits 0, yet its JUnit report
    had nine failed test cases: Jenkins marks such a build unstable and GitLab shows the tests
    red while the job is green. Findings below --fail-on are passing cases that carry the
    finding in system-out; at or above it they fail."""
    import xml.etree.ElementTree as ET
    g = tmp_path / "lakeview.yaml"
    assert run_cli("init", "--no-input", "--jurisdiction", "Town of Lakeview", str(g)).exit_code == 0
    r = run_cli("check", "--no-cache", "--format", "junit", str(g))
    assert r.exit_code == 0
    root = ET.fromstring(r.stdout)
    cases = root.findall(".//testcase")
    assert len(cases) == 9 and root.get("failures") == "0" and root.get("tests") == "9"
    assert not root.findall(".//failure")
    assert all("draft.todo" in (c.findtext("system-out") or "") for c in cases)
    # with --fail-on info the same findings fail, as the exit code does
    r = run_cli("check", "--no-cache", "--format", "junit", "--fail-on", "info", str(g))
    assert r.exit_code == 1
    root = ET.fromstring(r.stdout)
    assert root.get("failures") == "9" and len(root.findall(".//failure")) == 9


def test_a_broken_configuration_is_a_github_annotation(tmp_path):
    """With --format github a configuration error was only a line on stderr: the pull request
    showed a failed job and no annotation saying why."""
    (tmp_path / ".lic-policy.yaml").write_text("rules:\n  disable: [lang.prostitue]\n", encoding="utf-8")
    g = tmp_path / "g.md"
    g.write_text("Staff offer outreach first.\n", encoding="utf-8")
    r = run_cli("check", "--config", str(tmp_path / ".lic-policy.yaml"), "--format", "github", str(g))
    assert r.exit_code == 2
    line, = r.stdout.splitlines()
    assert re.match(r"^::error file=[^,]+\.lic-policy\.yaml,(line=\d+,col=\d+,)?title=lic-policy::.*lang\.prostitue", line), line
    assert "lang.prostitue" in r.stderr  # and the one line on stderr, as before


def test_the_configuration_annotation_names_the_file_as_the_repository_does(tmp_path, monkeypatch):
    """The configuration is found by looking upwards, as an absolute path; GitHub places an
    annotation by the file's path in the repository."""
    (tmp_path / ".lic-policy.yaml").write_text("rules:\n  disable: [lang.prostitue]\n", encoding="utf-8")
    (tmp_path / "g.md").write_text("Staff offer outreach first.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = run_cli("check", "--format", "github", "g.md")
    assert r.exit_code == 2 and r.stdout.startswith("::error file=.lic-policy.yaml,"), r.stdout


# --------------------------------------------------------------------------- drafter: check's text

def test_a_missing_part_is_not_shown_as_the_first_line_with_a_caret(imported, tmp_path):
    """"there is no steering committee" was printed over `lic_policy: 1` with carets under it, as
    if the format version were the mistake. A finding about a part the guideline does not have
    shows no source line; one about a present field (or a to-do item) still does."""
    path, _r, _m = imported
    out = run_cli("check", "--no-cache", str(path)).stdout
    blocks = re.split(r"\n(?=\S)", out)
    missing = next(b for b in blocks if "coverage.steering-committee" in b)
    assert "lic_policy: 1" not in missing and "^" not in missing
    assert "suggestion:" in missing and "source:" in missing
    status = next(b for b in blocks if "involvement.stages-recorded" in b)
    assert "status: draft" in status and "^^^^^" in status
    todo = next(b for b in blocks if "draft.todo" in b)
    assert "- text:" in todo


# --------------------------------------------------------------------------- drafter: publish

def _published_md(imported, tmp_path) -> str:
    """The imported guideline published as Markdown (a copy, in ``tmp_path``)."""
    path, _r, _m = imported
    g = tmp_path / path.name
    shutil.copy(path, g)
    r = run_cli("publish", str(g), "--to", "md", "--out", str(tmp_path / "out"))
    assert r.exit_code == 0, r.stderr
    return (tmp_path / "out" / (g.stem + ".md")).read_text(encoding="utf-8")


def test_a_priority_refers_to_a_section_by_its_title(imported, tmp_path):
    """The published priority read "(see responding-to-violence-against-sex-workers)": a section's
    id, which the standard layout shows nowhere (sections show their titles). It reads the
    section's title now; a clause is still referred to by its id, which is its visible number."""
    md = _published_md(imported, tmp_path)
    assert "see responding-to-violence-against-sex-workers" not in md
    assert "(see Responding to violence against sex workers)" in " ".join(md.split())


def test_words_typed_on_the_respond_page_are_what_the_comment_is_about(tmp_path):
    """On a phone the Respond page offers "All of this part" (chosen) or "These exact words: [box]".
    A reviewer who typed words in the box without also choosing its radio button had the
    comment placed on the whole part, the typed words silently dropped."""
    from lic_policy.review import threads

    from .webapp import Room, csrf_of, part_of
    room = Room(tmp_path)
    staff = room.staff()
    _rid, links = room.open_round(staff)
    c = room.reviewer(links["advisory-3"])
    key = "response.violence.1|text"
    page = c.get("/review/respond", params={"part": key}).text
    whole = re.search(r'id="span-whole" value="([^"]+)"', page).group(1)
    form = {"part": key, "h": part_of(c.get("/review").text, key), "span": whole, "quote": "Stay with the person",
            "kind": "comment", "body": "Only if they want.", "csrf": csrf_of(page)}
    r = c.post("/review/threads", data=form)
    assert r.status_code == 303, r.text
    t = threads.load(room.review_file).review.threads[-1]
    assert t.anchor.quote.exact == "Stay with the\nperson"
    # an empty box leaves the choice alone
    r = c.post("/review/threads", data={**form, "quote": "  "})
    assert r.status_code == 303, r.text
    t = threads.load(room.review_file).review.threads[-1]
    assert t.anchor.position.start == 0 and t.anchor.quote.exact.startswith("If violence")


def _heading_levels(html: str) -> list[int]:
    return [int(x) for x in re.findall(r"<h([1-6])[\s>]", html)]


def test_thread_headings_follow_the_page_s_heading_order(tmp_path):
    """A screen reader's headings list jumped from a section's h2 to a thread's h4 (axe-core:
    heading-order) whenever a comment sat on a clause of a section without subsections."""
    from .webapp import Room, csrf_of, part_of
    room = Room(tmp_path)
    staff = room.staff()
    rid, links = room.open_round(staff)
    c = room.reviewer(links["advisory-3"])
    html = c.get("/review").text
    key = "response.violence.1|text"
    r = c.post("/review/threads", data={"part": key, "h": part_of(html, key), "span": "words", "quote": "Stay with",
                                        "kind": "comment", "body": "Only if they want.", "csrf": csrf_of(html)})
    assert r.status_code == 303, r.text
    for page in (c.get("/review").text, staff.get(f"/staff/r/{rid}").text):
        levels = _heading_levels(page)
        assert 'class="thread-head"' in page
        jumps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
        assert not jumps, jumps


def test_published_languages_are_names_not_tags(imported, tmp_path):
    """The published guideline and its services directory read "Languages: en": a language tag,
    which readers do not speak. They read the language's name (in English, as the labels are)."""
    md = _published_md(imported, tmp_path)
    assert "Languages:** en" not in md and md.count("**Languages:** English") >= 3, md
    from lic_policy.publish.document import language_names
    assert language_names(["en", "fr-CA", "cr"]) == "English, French (Canada), Cree"
    assert language_names(["en", "qaa-x-local"]) == "English, qaa-x-local"  # no name known: the tag


def test_a_published_copy_is_not_checked_again_with_its_folder(imported, tmp_path):
    """`publish` writes NAME.md into publish/ beside the guideline; the next `check` of the folder
    reported every finding twice, once in the guideline and once in its published Markdown.
    Walking a folder skips Markdown that lic-policy publish wrote (its metadata block says so,
    -v names it); named on the command line it is still checked."""
    path, _r, _m = imported
    folder = tmp_path / "guidelines"
    folder.mkdir()
    g = folder / path.name
    shutil.copy(path, g)
    assert run_cli("publish", str(g), "--to", "md").exit_code == 0
    published = folder / "publish" / (g.stem + ".md")
    assert published.exists()
    own = folder / "notes.md"
    own.write_text("---\ntitle: Notes\n---\n\nStaff met prostitutes near the park.\n", encoding="utf-8")  # must be flagged
    r = run_cli("check", "--no-cache", "-q", str(folder))
    files = {line.split(":", 1)[0] for line in r.stdout.splitlines()}
    assert files == {str(g), str(own)}, files
    r = run_cli("check", "--no-cache", "-v", str(folder))
    assert f"{published}: skipped: lic-policy publish wrote it from a guideline" in r.stderr
    assert "1 published copy skipped (-v says why)" in r.stdout
    r = run_cli("check", "--no-cache", "-q", str(published))
    assert str(published) in r.stdout


def test_publish_to_word_says_docx(tmp_path):
    """`--to word` (what a drafter calls it) said only "unknown format 'word'"."""
    from .conftest import GOOD
    r = run_cli("publish", str(GOOD), "--to", "word", "--out", str(tmp_path))
    assert r.exit_code == 2
    assert "unknown format 'word' (did you mean 'docx', for Word?" in r.stderr


def test_check_and_validate_without_a_path_look_at_this_folder(tmp_path, monkeypatch):
    """`lic-policy check` typed in a policy repository said "Missing argument 'PATHS...'"; `serve`
    already reads this folder when given none. check and validate do too (fix still needs a
    path: it writes)."""
    from .conftest import GOOD
    shutil.copy(GOOD, tmp_path / GOOD.name)
    monkeypatch.chdir(tmp_path)
    r = run_cli("check", "--no-cache")
    assert r.exit_code == 0 and "1 file checked" in r.stdout, r.stdout + r.stderr
    r = run_cli("validate")
    assert r.exit_code == 0 and "1 valid" in r.stdout, r.stdout + r.stderr
    assert run_cli("fix").exit_code == 2


def test_the_quick_start_s_check_and_fix_output_is_what_a_newcomer_sees(tmp_path):
    """README step 2 showed 'prostitution' → 'sex work' as a safe fix of a sentence about youth,
    "fixed 3 findings" and "2 errors, 4 warnings" after it; the fix is withheld (rightly), and a
    newcomer saw other numbers. The step's summary lines are compared with a real run."""
    text = README.read_text(encoding="utf-8")
    step = text[text.index("**2. Check it, and apply the safe fixes.**"):text.index("**3. Edit until it is clean.**")]
    expected = [ln for ln in step.splitlines() if re.match(r"(1 file checked|fixed \d|\d+ fix(es)? withheld)", ln)]
    assert len(expected) == 4, expected
    docx = tmp_path / "analyst-draft.docx"
    shutil.copy(Path(__file__).parent / "data" / "import" / "analyst-draft.docx", docx)
    g = tmp_path / "riverbend.yaml"
    assert run_cli("import", str(docx), "-o", str(g), "--jurisdiction", "Town of Riverbend",
                   "--owner-role", "Social Policy Manager").exit_code == 0
    seen = [run_cli("check", "--no-cache", str(g)).stdout.splitlines()[-1]]
    seen += run_cli("fix", "--write", str(g)).stdout.splitlines()
    seen += [run_cli("check", "--no-cache", str(g)).stdout.splitlines()[-1]]
    assert seen == expected
    assert "fix: 'prostitution' → 'sex work'" not in step


def test_a_services_table_row_without_an_organization_is_kept_as_text(tmp_path):
    md = tmp_path / "d.md"
    md.write_text("# Town of Lakeview Sex Work Response Guideline\n\n## Services\n\n"
                  "| Organization | Phone |\n|---|---|\n| Lakeview Peer Outreach | 250-555-0100 |\n"
                  "|  | All services are free and confidential. |\n", encoding="utf-8")
    assert run_cli("import", str(md)).exit_code == 0
    data = _yaml(tmp_path / "d.yaml")
    assert [s["organization"] for s in data["services"]] == ["Lakeview Peer Outreach"]
    sec = next(x for x in data["sections"] if x["title"] == "Services")
    assert [c["text"] for c in sec["clauses"]] == ["All services are free and confidential."]
    # a table whose rows name no organization at all is not a services table
    md.write_text("# Town of Lakeview Sex Work Response Guideline\n\n## Services\n\n"
                  "| Organization | Phone |\n|---|---|\n|  | 250-555-0100 |\n", encoding="utf-8")
    assert run_cli("import", str(md), "--force").exit_code == 0
    data = _yaml(tmp_path / "d.yaml")
    assert "services" not in data
    # its header row is kept with it (ux11: a Word table's first row, which pandoc reads as a
    # header, was lost when the table found no place), as the names of its columns (ux15)
    assert [c["text"] for c in data["sections"][0]["clauses"]] == ["Phone: 250-555-0100"]


def test_a_services_table_with_invisible_or_unknown_cells_still_imports(tmp_path):
    """An organization cell holding only a zero-width space names nothing; a language name
    langcodes does not know falls back to the document's language; both import and validate."""
    md = tmp_path / "d.md"
    md.write_text("# Town of Lakeview Guideline\n\n## Services\n\n| Organization | Languages | Offers |\n|---|---|---|\n"
                  "| \u200b | Elvish-ish | a |\n| Peer Outreach | Qqqq, fr | ; ; |\n", encoding="utf-8")
    assert run_cli("import", str(md)).exit_code == 0
    assert run_cli("validate", str(tmp_path / "d.yaml")).exit_code == 0
    s, = _yaml(tmp_path / "d.yaml")["services"]
    assert s["organization"] == "Peer Outreach" and s["offers"] == ["To be confirmed"]
