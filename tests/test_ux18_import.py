"""ux18: a drafter imports the made-up Millhaven draft (`tests/data/newcomer/make_millhaven.py`):
a Word table of contents, three footnotes, a contact block, a colleague's comment and tracked
changes — one of them a paragraph moved with Word's move tracking."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import newcomer_draft, run_cli

MOVED = "Staff listen to the concern and explain the City's approach."


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> tuple[Path, object]:
    folder = tmp_path_factory.mktemp("millhaven")
    docx = newcomer_draft("millhaven").build(folder / "millhaven-draft.docx")
    r = run_cli("import", str(docx), "--owner-role", "Director of Community Services")
    assert r.exit_code == 0, r.stderr
    return folder / "millhaven-draft.yaml", r


@pytest.mark.slow  # 0.34 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_paragraph_moved_with_track_changes_is_reported_as_moved(imported):
    # it read `inserted “Staff listen…”; …; deleted “Staff listen…”`: the same words added and
    # taken away, which a drafter checking the changes against the original cannot make sense of
    guideline, r = imported
    accepted = [line for line in r.stdout.splitlines() if line.startswith("accepted:")]
    assert accepted == ["accepted: 2 tracked changes the Word file still had: moved “Staff listen to the concern and "
                        "explain the City's approach.”; “remove the sex workers from the area” → “contact the "
                        "outreach team”"], r.stdout
    text = guideline.read_text(encoding="utf-8")
    assert "inserted “Staff listen" not in text and "deleted “Staff listen" not in text
    assert "moved “Staff listen to the concern" in text
    assert text.count(MOVED) == 2  # the clause, once, and the to-do item that names the move


def test_the_word_table_of_contents_and_the_colleague_s_name_stay_out(imported):
    guideline, r = imported
    text = guideline.read_text(encoding="utf-8")
    assert "skipped “Table of Contents”" in r.stdout
    assert "Whitford" not in text and "Sam Whitford" not in r.stdout and "Okafor" not in text


def test_a_contact_block_is_one_clause_not_a_clause_a_line(imported):
    # "Questions about these guidelines:" over the division, its street address and its phone
    # and email, each a paragraph in Word: four numbered clauses on the council's page
    # ("9.3 250 Main Street, Millhaven, BC V0X 1A0"); now the lines are the lead-in's list
    import lic_policy

    guideline, _r = imported
    doc = lic_policy.load(guideline, validate=False)
    contact = next(s for s in doc.data["sections"] if s["title"] == "Contact")
    assert [c["text"] for c in contact["clauses"]] == [
        "Questions about these guidelines:\n\n- Social Planning Division, City of Millhaven\n"
        "- 250 Main Street, Millhaven, BC V0X 1A0\n- Tel. 250-555-0100 · socialplanning@millhaven.example.ca"]


def test_paragraphs_that_are_sentences_after_a_lead_in_stay_clauses(tmp_path):
    md = tmp_path / "g.md"
    md.write_text("# Sex Work Response Guidelines\n\n## Complaints\n\nWhen a resident calls:\n\n"
                  "Staff listen to the concern.\n\nStaff refer it to outreach.\n", encoding="utf-8")
    r = run_cli("import", str(md), "--owner-role", "Manager", "--jurisdiction", "Town of X")
    assert r.exit_code == 0, r.stderr
    import lic_policy

    doc = lic_policy.load(tmp_path / "g.yaml", validate=False)
    assert [c["text"] for c in doc.data["sections"][0]["clauses"]] == [
        "When a resident calls:", "Staff listen to the concern.", "Staff refer it to outreach."]


@pytest.mark.slow  # 0.26 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_packet_made_outside_git_says_to_keep_a_copy_of_the_version_sent(tmp_path):
    # the drafter without git learned only at the second round, from `--since 0.1.0`, that they
    # needed a copy of the version the first round saw ("no copy of it with that version is beside it")
    import shutil

    g = tmp_path / "riverbend.yaml"
    shutil.copy(Path(__file__).resolve().parent.parent / "guidelines" / "cedar-harbour-sex-work-response.yaml", g)
    r = run_cli("review", "packet", str(g), "--date", "2026-11-20")
    assert r.exit_code == 0, r.stderr
    version = "2.1.0"
    assert (f"before you edit it, keep a copy of the version the reviewers have: `cp {g} "
            f"{tmp_path / ('riverbend-' + version + '.yaml')}`") in r.stdout, r.stdout
    assert f"--since {version}" in r.stdout
    shutil.copy(g, tmp_path / f"riverbend-{version}.yaml")
    again = run_cli("review", "packet", str(g), "--date", "2026-11-20", "-o", str(tmp_path / "again.docx"))
    assert again.exit_code == 0 and "keep a copy" not in again.stdout
    # the next round, with the copy kept, shows the changes since it
    g.write_text(g.read_text(encoding="utf-8").replace(f"version: {version}", "version: 2.2.0", 1), encoding="utf-8")
    third = run_cli("review", "packet", str(g), "--since", version, "-o", str(tmp_path / "round2.docx"))
    assert third.exit_code == 0, third.stderr


def test_the_call_police_finding_names_the_service_and_the_line_to_write(imported):
    # "list that service's id in the clause's services" sent the drafter looking for a field
    # they had never seen; the directory the import made holds the outreach service to name
    guideline, _r = imported
    r = run_cli("check", "--only", "coverage.non-police-alternative", "--no-cache", str(guideline))
    lines = r.stdout.splitlines()
    at = next(i for i, x in enumerate(lines) if "coverage.non-police-alternative" in x)
    assert lines[at].endswith("'call 911': the clause offers outreach instead but names no service: name Millhaven "
                              "Night Outreach from the services directory, so readers find who to call"), lines[at]
    assert "    suggestion: on the clause: services: [millhaven-night-outreach]" in lines[at:], lines[at:]
    # the Word packet's comment on the words keeps to plain words (no YAML for reviewers)
    packet = run_cli("review", "packet", str(guideline), "-o", str(guideline.with_name("p.docx")),
                     "--date", "2027-02-01")
    assert packet.exit_code == 0, packet.stderr
    import zipfile

    comments = zipfile.ZipFile(guideline.with_name("p.docx")).read("word/comments.xml").decode()
    assert "name Millhaven Night Outreach from the services directory" in comments
    assert "services: [" not in comments


def test_a_contents_title_left_without_its_list_is_not_the_summary(tmp_path):
    # LibreOffice keeps a Word table of contents as an index pandoc does not read, and its title
    # ("Table of Contents") as a paragraph: the guideline's summary read "Draft for Council
    # review … \n\nTable of Contents"
    md = tmp_path / "g.md"
    md.write_text("# Town of X Sex Work Response Guidelines\n\nDraft for Council review, February 2027\n\n"
                  "Table of Contents\n\n## Purpose\n\nStaff respond to sex work so that everyone is safe.\n",
                  encoding="utf-8")
    r = run_cli("import", str(md), "--owner-role", "Manager")
    assert r.exit_code == 0, r.stderr
    import lic_policy

    doc = lic_policy.load(tmp_path / "g.yaml", validate=False)
    assert doc.data["metadata"]["summary"] == "Draft for Council review, February 2027"


@pytest.mark.slow
def test_the_draft_saved_by_libreoffice_imports_without_its_contents_title(tmp_path):
    import shutil
    import subprocess

    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed")
    docx = newcomer_draft("millhaven").build(tmp_path / "millhaven-draft.docx")
    subprocess.run(["soffice", "--headless", "--convert-to", "odt", "--outdir", str(tmp_path), str(docx)],
                   capture_output=True, timeout=180, check=True)
    r = run_cli("import", str(tmp_path / "millhaven-draft.odt"), "-o", str(tmp_path / "m.yaml"),
                "--owner-role", "Director of Community Services")
    assert r.exit_code == 0, r.stderr
    text = (tmp_path / "m.yaml").read_text(encoding="utf-8")
    assert "Table of Contents" not in text
    assert "moved “Staff listen to the concern" in r.stdout


def test_the_version_a_page_header_gives_is_the_guideline_s(imported):
    # the header read "City of Millhaven — DRAFT v0.3" and the guideline said version 0.1.0:
    # the next round's `--since 0.3` and the reviewers' "version 0.3" did not meet
    guideline, r = imported
    import lic_policy

    assert lic_policy.load(guideline, validate=False).data["metadata"]["version"] == "0.3"
    assert "recognized: version 0.3, from the Word file's header (“City of Millhaven — DRAFT v0.3”)" in r.stdout
