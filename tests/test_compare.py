"""`lic-policy compare`: guidelines of one region side by side, contradictions, gaps."""

from __future__ import annotations

import copy
import json
from html.parser import HTMLParser

import pytest
import yaml

from lic_policy.compare import compare, first_response

from .conftest import ROOT, run_cli

GOOD = ROOT / "guidelines" / "cedar-harbour-sex-work-response.yaml"
POLICE = ROOT / "guidelines" / "cedar-harbour-police-guideline.yaml"
DRAFT = ROOT / "guidelines" / "cedar-harbour-early-draft.yaml"
ALL = [str(GOOD), str(POLICE), str(DRAFT)]


def test_text_table_shows_each_guideline_side_by_side():
    r = run_cli("compare", "--color", "never", *ALL)
    assert r.exit_code == 0, r.stdout + r.stderr
    out = r.stdout
    header = next(ln for ln in out.splitlines() if ln.startswith("Sex workers at each stage"))
    assert header.split()[-3:] == ["municipality", "police-service", "municipality-2"]
    drafting = next(ln for ln in out.splitlines() if ln.strip().startswith("drafting"))
    assert drafting.count("sex workers") == 3 and "WITHOUT sex workers" in drafting
    assert "response.complaints (outreach first)" in out and "directive.complaints (police first)" in out


def test_contradictions_complaints_first_response_and_directory():
    result = compare(ALL)
    topics = {c["topic"]: c for c in result["contradictions"]}
    c = topics["first response: concerns from residents and businesses"]
    assert c["guidelines"]["municipality"] == {
        "first_response": "outreach", "clause": "response.complaints.1",
        "evidence": c["guidelines"]["municipality"]["evidence"]}
    assert c["guidelines"]["police-service"]["first_response"] == "police"
    assert c["guidelines"]["municipality-2"]["first_response"] == "police"
    hours = topics["services directory: Eastside Working People's Collective"]
    assert hours["detail"].startswith("hours differs")


def test_agreeing_guidelines_have_no_contradiction():
    result = compare([str(GOOD), str(GOOD)])
    assert result["contradictions"] == []
    r = run_cli("compare", "--fail-on-contradiction", *ALL)
    assert r.exit_code == 1


def test_gaps_are_what_none_of_them_covers(tmp_path):
    paths = []
    for src in (GOOD, POLICE):
        data = yaml.safe_load(src.read_text(encoding="utf-8"))
        data = copy.deepcopy(data)
        data["consultation"]["stages"] = [s for s in data["consultation"]["stages"] if s["stage"] != "evaluation"]
        data["sections"] = [s for s in data["sections"] if s.get("protocol") != "trafficking"]
        data["governance"]["steering_committee"] = [
            s for s in data["governance"]["steering_committee"] if s["category"] != "youth-serving-organizations"]
        p = tmp_path / src.name
        p.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        paths.append(str(p))
    gaps = compare(paths)["gaps"]
    assert gaps == ["no guideline has a protocol for trafficking",
                    "no guideline involves sex workers in the evaluation stage",
                    "no steering committee has a seat for youth-serving organizations"]
    assert compare([str(GOOD), str(POLICE)])["gaps"] == []


def test_json_is_stable_and_html_is_a_page(tmp_path):
    r = run_cli("compare", "--format", "json", *ALL)
    data = json.loads(r.stdout)
    assert data["schema_version"] == 1
    assert set(data) == {"schema_version", "guidelines", "key_areas", "protocols", "stages", "services",
                         "committee", "contradictions", "gaps"}
    assert data["stages"]["design"] == {"municipality": "involved", "police-service": "involved",
                                        "municipality-2": "without"}
    out = tmp_path / "compare.html"
    r = run_cli("compare", "--format", "html", "-o", str(out), *ALL)
    assert r.exit_code == 0 and r.stdout == ""

    class Cells(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tags, self.text = [], []

        def handle_starttag(self, tag, attrs):
            self.tags.append(tag)

        def handle_data(self, data):
            self.text.append(data)

    p = Cells()
    p.feed(out.read_text(encoding="utf-8"))
    assert {"html", "main", "table", "thead", "tbody", "th", "td"} <= set(p.tags)
    assert "WITHOUT sex workers" in p.text and "response.complaints (outreach first)" in p.text


def test_first_response_ignores_emergencies_and_options():
    section = {"clauses": [
        {"id": "a", "text": "If someone is in immediate danger, call 911 first."},
        {"id": "b", "text": "Where a sex worker is afraid to contact police, offer options."},
        {"id": "c", "text": "Refer the concern to the outreach team before any bylaw officer attends."},
    ]}
    assert first_response(section)[:2] == ("outreach", "c")
    assert first_response({"clauses": [{"id": "q", "kind": "citation", "text": "Police attend first."}]}) is None


def test_user_errors_are_one_line_exit_2(tmp_path):
    r = run_cli("compare", str(GOOD))
    assert r.exit_code == 2 and "at least two" in r.stdout + r.stderr
    r = run_cli("compare", str(GOOD), str(tmp_path / "missing.yaml"))
    assert r.exit_code == 2 and "Traceback" not in r.stdout + r.stderr
    review = ROOT / "guidelines" / "cedar-harbour-sex-work-response.review.yaml"
    r = run_cli("compare", str(GOOD), str(review))
    assert r.exit_code == 2 and "not a guideline" in r.stdout + r.stderr


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs the git history of a checkout (not in an sdist)")
def test_a_side_can_be_a_git_revision():
    r = run_cli("compare", "--format", "json", str(GOOD), "HEAD:guidelines/cedar-harbour-police-guideline.yaml")
    assert r.exit_code == 0, r.stdout + r.stderr
    assert json.loads(r.stdout)["guidelines"][1]["file"] == "HEAD:guidelines/cedar-harbour-police-guideline.yaml"
