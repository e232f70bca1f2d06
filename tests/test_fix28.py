"""Round 28 fixes (fix28): stumbles the ux28 users left — a plain-text draft's headings typed in
capitals, a wide table's hidden columns at 360 px, a SARIF file given as --baseline, and large
counts printed without a thousands separator. Each test failed before its fix."""

from __future__ import annotations

import pytest

from pathlib import Path

import yaml

from .conftest import run_cli

CAPITALS_DRAFT = """\
CITY OF PORT ALDER
SEX WORK RESPONSE GUIDELINE

1. PURPOSE

This guideline sets out how City staff and the RCMP respond to sex workers, and how they work
with the SWAN outreach team and the PACE Society.

2. CONCERNS FROM RESIDENTS AND BUSINESSES

Staff respond to concerns about noise and parking. Staff do not call the RCMP unless someone
reports violence.

3. HIV AND HEALTH SERVICES IN THE CITY

Outreach staff offer HIV testing and health services on request, and refer people to SWAN.

4. WORKING WITH PACE OR SWAN ON SAFETY

Staff share bad date reports with consent.

5. NOTES ON SAFETY AT WORK BY SEASON

Staff check in with outreach teams at the start of each season.
"""


def _titles(sections: list) -> list:
    out = []
    for s in sections:
        out.append(s["title"])
        out += _titles(s.get("sections", []))
    return out


def test_import_headings_in_capitals_keep_small_words_lowercase_and_acronyms(tmp_path):
    """“CONCERNS FROM RESIDENTS AND BUSINESSES” imported as “Concerns From Residents and
    Businesses” (“from”, “with”, “or” were capitalised); a heading's “PACE” or “SWAN”, written
    in capitals in the body text too, became “Pace” and “Swan”; the title typed in capitals
    under the place's name stayed “SEX WORK RESPONSE GUIDELINE”."""
    src = tmp_path / "port-alder.txt"
    src.write_text(CAPITALS_DRAFT, encoding="utf-8")
    out = tmp_path / "port-alder.yaml"
    r = run_cli("import", str(src), "-o", str(out), "--owner-role", "Manager, Community Services")
    assert r.exit_code == 0, r.stderr
    g = yaml.safe_load(out.read_text(encoding="utf-8"))
    titles = _titles(g["sections"])
    assert "Concerns from Residents and Businesses" in titles, titles
    assert "HIV and Health Services in the City" in titles, titles
    assert "Working with PACE or SWAN on Safety" in titles, titles
    assert "Notes on Safety at Work by Season" in titles, titles
    assert g["metadata"]["title"] == "Sex Work Response Guideline", g["metadata"]["title"]
    assert g["metadata"]["jurisdiction"]["name"] == "City of Port Alder"


def test_uncapped_small_words_and_words_kept_in_capitals():
    from lic_policy.importdoc import uncapped

    assert uncapped("CONCERNS FROM RESIDENTS AND BUSINESSES") == "Concerns from Residents and Businesses"
    assert uncapped("WITH OR WITHOUT A REFERRAL") == "With or Without a Referral"
    assert uncapped("FROM THE START") == "From the Start"  # the first word keeps its capital
    assert uncapped("REFERRALS TO PACE AND WISH", keep=frozenset({"PACE", "WISH"})) == "Referrals to PACE and WISH"
    assert uncapped("REFERRALS TO PACE AND WISH") == "Referrals to Pace and Wish"
    assert uncapped("Mixed Case Stays") == "Mixed Case Stays"


# ------------------------------------------------------------------ --baseline given another report

GUIDELINES = Path(__file__).resolve().parent.parent / "guidelines"


def _report(tmp_path: Path, fmt: str, name: str) -> Path:
    out = tmp_path / name
    r = run_cli("check", "--format", fmt, "-o", str(out), str(GUIDELINES / "cedar-harbour-early-draft.yaml"))
    assert out.exists(), r.stderr
    return out


def test_baseline_given_a_sarif_report_says_what_it_is(tmp_path):
    """`check --baseline lic-policy.sarif` said only “is not a lic-policy JSON report (no list
    of findings)”: the user who uploads SARIF took it for the report to give. Now the line says
    it is the SARIF report and names the command that writes a baseline (README: `check --format
    json -o lic-policy-baseline.json`), not a command that would write over the SARIF file."""
    sarif = _report(tmp_path, "sarif", "lic-policy.sarif.json")
    before = sarif.read_bytes()
    r = run_cli("check", "--baseline", str(sarif), str(GUIDELINES / "cedar-harbour-early-draft.yaml"))
    assert r.exit_code == 2, (r.exit_code, r.stdout, r.stderr)
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    assert "is a SARIF report (check --format sarif)" in lines[0], lines[0]
    assert "lic-policy check --format json -o lic-policy-baseline.json" in lines[0], lines[0]
    assert sarif.read_bytes() == before


def test_baseline_given_other_reports_says_what_they_are(tmp_path):
    for fmt, name, said in [("junit", "report.xml", "a JUnit XML report (check --format junit)"),
                            ("codeclimate", "gl-code-quality.json", "a Code Climate report (check --format codeclimate)")]:
        report = _report(tmp_path, fmt, name)
        r = run_cli("check", "--baseline", str(report), str(GUIDELINES))
        assert r.exit_code == 2, (fmt, r.stderr)
        lines = [x for x in r.stderr.splitlines() if x.strip()]
        assert len(lines) == 1 and said in lines[0], (fmt, r.stderr)
        assert "-o lic-policy-baseline.json" in lines[0], lines[0]
    guideline = GUIDELINES / "cedar-harbour-sex-work-response.yaml"
    r = run_cli("check", "--baseline", str(guideline), str(GUIDELINES))
    assert r.exit_code == 2 and "is a guideline, not a report" in r.stderr, r.stderr


# ------------------------------------------------------------- a wide table's hidden columns at 360 px

def _published_html(tmp_path: Path) -> str:
    from lic_policy.publish.render import publish

    (page,) = publish(GUIDELINES / "cedar-harbour-sex-work-response.yaml", ["html"], tmp_path)
    return page.read_text(encoding="utf-8")


def test_a_table_that_scrolls_sideways_has_scroll_shadows_in_the_page_s_stylesheet(tmp_path):
    """At 360 px the work plan's table scrolls in its own box, its third column cut at the box's
    edge with nothing to say more columns are there. The stylesheet the page embeds (the review
    room serves the same file under `style-src 'self'`) gives the box shadows at its edges,
    hidden by covers that scroll with the rows once an edge is reached: no script, no style
    attribute. On a wide screen, where the table is no scroll box, there are none."""
    import re

    html = _published_html(tmp_path)
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    narrow = style.split("@media (min-width: 40rem)", 1)[0]
    rules = " ".join(m.group(1) for m in re.finditer(r"(?:^|[}/])\s*table\s*\{([^}]*)\}", narrow))
    assert "overflow-x: auto" in rules
    assert rules.count("local") >= 2 and rules.count("scroll") >= 2, rules  # covers scroll, shadows stay
    wide = style.split("@media (min-width: 40rem)", 1)[1].split("@media", 1)[0]
    assert re.search(r"table\s*\{[^}]*background:\s*none", wide), wide
    # the header cells let the shadow through (an opaque grey hid it over the header row)
    th = re.search(r"(?:^|[}/])\s*th\s*\{([^}]*)\}", narrow.replace("th, td", "th-td")).group(1)
    assert "rgba(" in th, th


# ------------------------------------------------------------------ large counts, as people read them

def _notes(tmp_path: Path, sentence: str, n: int) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "notes.md").write_text("# Notes\n\n" + "".join(f"Paragraph {i}: {sentence}\n\n" for i in range(n)),
                                     encoding="utf-8")
    return folder


@pytest.mark.slow  # 0.48 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_large_counts_are_printed_with_a_thousands_separator(tmp_path):
    """“1 file checked: 0 errors, 1001 warnings” and “next: rewrite the 1001 findings by hand”:
    a count of findings or files printed for people has a thousands separator (“1,001”); the
    JSON report keeps its numbers."""
    import json

    folder = _notes(tmp_path, "staff will clean up the streets near the park.", 1001)
    r = run_cli("check", str(folder))
    assert "1 file checked: 0 errors, 1,001 warnings, 0 info" in r.stdout, r.stdout[-400:]
    assert "rewrite the 1,001 findings by hand" in r.stderr + r.stdout, r.stderr
    out = tmp_path / "report.json"
    r = run_cli("check", "--format", "json", "-o", str(out), str(folder))
    assert "1,001 warnings" in r.stderr + r.stdout, (r.stdout, r.stderr)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["summary"]["warning"] == 1001 and len(data["findings"]) == 1001
    assert "1,001" not in out.read_text(encoding="utf-8")
    r = run_cli("check", "--format", "github", str(folder))
    assert "1,001 warnings" in r.stdout + r.stderr


@pytest.mark.slow  # 0.52 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_fix_counts_with_a_thousands_separator(tmp_path):
    folder = _notes(tmp_path, "staff spoke with a prostitute about the john.", 700)
    r = run_cli("fix", str(folder))
    assert "can fix 1,400 findings in 1 file" in r.stdout + r.stderr, (r.stdout[-300:], r.stderr)


def test_counted():
    from lic_policy.echo import counted

    assert counted(1, "finding") == "1 finding"
    assert counted(0, "file") == "0 files"
    assert counted(11788, "finding") == "11,788 findings"
    assert counted(2, "fix", "fixes") == "2 fixes"
    assert counted(1234567, "copy", "copies") == "1,234,567 copies"
