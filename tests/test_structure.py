"""Structural reviewers (reviewers/structure.yaml, lic_policy/checks/structure.py): the good
samples pass, the early draft fails with actionable messages, and removing any one required
element from the good sample makes exactly the matching rule fire."""

from __future__ import annotations

import copy
import json
import shutil

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lic_policy import store
from lic_policy.checks.engine import check_document, load_ruleset
from lic_policy.config import Config

from .conftest import ROOT, default_ruleset, run_cli

GOOD = ROOT / "guidelines" / "cedar-harbour-sex-work-response.yaml"
POLICE = ROOT / "guidelines" / "cedar-harbour-police-guideline.yaml"
DRAFT = ROOT / "guidelines" / "cedar-harbour-early-draft.yaml"
STRUCTURE = ("involvement.", "coverage.", "privacy.", "status.")

RULESET = default_ruleset()  # shared by the modules of this process (conftest)
# libyaml where PyYAML has it: the same data, read about 10 times faster in every test process
GOOD_DATA = yaml.load(GOOD.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506


def findings_of(data: dict, name: str = "<mutated good sample>", ruleset=RULESET):
    # libyaml's emitter where PyYAML has it: the same text (compared on the sample), 6x faster
    text = yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False, allow_unicode=True,
                     width=1000)
    return check_document(store.parse(text, name), ruleset).findings


def rule_ids(data: dict, **kw) -> set[str]:
    return {f.rule_id for f in findings_of(data, **kw)}


def _get(data, path):
    for p in path:
        data = data[p]
    return data


def _delete(data, *paths):
    data = copy.deepcopy(data)
    # delete deepest / highest index first so earlier paths stay valid
    for path in sorted(paths, key=lambda p: (len(p), p[-1] if isinstance(p[-1], int) else -1), reverse=True):
        del _get(data, path[:-1])[path[-1]]
    return data


def _index(items, **match):
    return next(i for i, item in enumerate(items) if all(item.get(k) == v for k, v in match.items()))


# ---------------------------------------------------------------- the samples


def test_the_good_samples_pass_every_reviewer():
    for path in (GOOD, POLICE):
        r = run_cli("check", "--no-cache", "--fail-on", "info", str(path))
        assert r.exit_code == 0, r.stdout
        assert "0 errors, 0 warnings, 0 info" in r.stdout


def test_the_early_draft_fails_involvement_and_coverage_with_actionable_messages():
    r = run_cli("check", "--no-cache", "--only", "structure", "--format", "json", str(DRAFT))
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    by_rule = {}
    for f in data["findings"]:
        by_rule.setdefault(f["rule_id"], []).append(f)
    errors = {f["rule_id"] for f in data["findings"] if f["severity"] == "error"}
    assert {"involvement.every-stage", "involvement.selection", "involvement.compensation",
            "involvement.decision-power", "involvement.voluntary"} <= errors
    assert {"coverage.violence-protocol", "coverage.non-police-alternative", "coverage.youth-protocol"} <= errors
    messages = [f["message"] for f in by_rule["involvement.every-stage"]]
    assert ("drafting stage: no current or former sex workers took part — record who took part or involve a "
            "sex-worker-led organization before review") in messages
    # each finding sits on the line of the field it is about
    lines = DRAFT.read_text(encoding="utf-8").splitlines()
    sel = by_rule["involvement.selection"][0]
    assert "appointed-by-government" in lines[sel["line"] - 1]
    power = [f for f in by_rule["involvement.decision-power"] if "0 of 7" in f["message"]][0]
    assert lines[power["line"] - 1].strip().startswith("sex_worker_seats: 0")


def test_structure_findings_appear_in_sarif_and_junit(tmp_path):
    for fmt in ("sarif", "junit", "github"):
        r = run_cli("check", "--no-cache", "--only", "involvement", "--format", fmt, str(DRAFT))
        assert r.exit_code == 1
        assert "involvement.every-stage" in r.stdout


# ---------------------------------------------------------------- removing one element


def _cases():
    d = GOOD_DATA
    sections = d["sections"]
    cons = d["consultation"]
    gov = d["governance"]
    sec = {s["id"]: i for i, s in enumerate(sections)}
    defs = {x["term"]: i for i, x in enumerate(d["definitions"])}
    svc = {s["id"]: i for i, s in enumerate(d["services"])}
    return [
        ("involvement.stages-recorded", [("consultation", "stages", 2)]),
        ("involvement.selection", [("consultation", "representative_selection")]),
        ("involvement.voluntary", [("consultation", "voluntary")]),
        ("involvement.compensation", [("consultation", "compensation")]),
        ("involvement.decision-power", [("consultation", "decision_power")]),
        ("involvement.accessibility", [("consultation", "accessibility")]),
        ("involvement.diversity", [("consultation", "diversity", cons["diversity"].index("indigenous-sex-workers")),
                                   ("consultation", "participants",
                                    _index(cons["participants"], group="indigenous-sex-workers"))]),
        ("status.advisory-sign-off", [("governance", "approvals", _index(gov["approvals"], sex_worker_advisory=True))]),
        ("coverage.steering-committee", [("governance", "steering_committee",
                                          _index(gov["steering_committee"], category="youth-serving-organizations"))]),
        ("coverage.violence-protocol", [("sections", sec["response.violence"])]),
        ("coverage.youth-protocol", [("sections", sec["response.youth"])]),
        ("coverage.complaints-protocol", [("sections", sec["response.complaints"])]),
        ("coverage.trafficking-distinct", [("sections", sec["response.trafficking"]),
                                           ("definitions", defs["trafficking in persons"])]),
        ("coverage.non-police-alternative", [("sections", sec["response.violence"], "clauses", 0, "services")]),
        ("coverage.service-regions", [("services", svc["youth-safe-harbour"], "languages",
                                       d["services"][svc["youth-safe-harbour"]]["languages"].index("pa"))]),
        ("coverage.culturally-appropriate", [("services", svc["sisters-of-the-cedar"], "indigenous_led")]),
    ]


CASES = _cases()


def test_the_good_sample_has_no_findings_at_all():
    assert rule_ids(GOOD_DATA) == set()


@pytest.mark.parametrize("rule_id,paths", CASES, ids=[c[0] for c in CASES])
def test_removing_one_required_element_fires_exactly_its_rule(rule_id, paths):
    assert rule_ids(_delete(GOOD_DATA, *paths)) == {rule_id}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stage=st.integers(0, len(GOOD_DATA["consultation"]["stages"]) - 1))
def test_removing_sex_workers_from_any_stage_fires_every_stage(stage):
    data = copy.deepcopy(GOOD_DATA)
    st_ = data["consultation"]["stages"][stage]
    st_["groups"] = [g for g in st_["groups"] if "sex-worker" not in g]
    findings = findings_of(data)
    assert {f.rule_id for f in findings} == {"involvement.every-stage"}
    assert [f.path[:3] for f in findings] == [("consultation", "stages", stage)]
    assert findings[0].message.startswith(f"{st_['stage']} stage: no current or former sex workers")


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(area=st.sampled_from(["culture-mindsets", "relationships-collaboration", "practice",
                             "policy-systems-structures"]))
def test_removing_a_key_area_fires_key_areas(area):
    data = copy.deepcopy(GOOD_DATA)
    for p in data["principles"]:
        p["key_areas"] = [k for k in p["key_areas"] if k != area]
    data["principles"] = [p for p in data["principles"] if p["key_areas"]]
    data["work_plan"] = [a for a in data["work_plan"] if a["key_area"] != area]
    findings = findings_of(data)
    assert {f.rule_id for f in findings} == {"coverage.key-areas"}
    assert area.split("-")[0] in findings[0].message.replace("&", "").lower().replace(" ", "-")


# ---------------------------------------------------------------- configuration and gates


def test_min_sex_worker_share_is_configurable(tmp_path):
    # the good sample's steering committee: 6 of 18 seats (33%)
    strict = load_ruleset(Config(cache=False, min_sex_worker_share=0.6))
    found = [f for f in findings_of(GOOD_DATA, ruleset=strict) if f.rule_id == "involvement.decision-power"]
    assert len(found) == 1 and "6 of 18" in found[0].message and "60%" in found[0].message
    cfg = tmp_path / ".lic-policy.yaml"
    cfg.write_text("min_sex_worker_share: 0.6\n", encoding="utf-8")
    r = run_cli("check", "--no-cache", "--config", str(cfg), "--only", "involvement.decision-power", str(GOOD))
    assert r.exit_code == 1 and "below the minimum of 60%" in r.stdout


OBJECTION = """\
lic_policy_review: 1
guideline: {name}
threads:
  - id: t1
    anchor:
      clause: response.complaints.2
      field: text
      quote: {{exact: 'A polite, individual request'}}
      position: {{start: 0, end: 10}}
      version: 2.1.0
    author: {{handle: advisory-reviewer-2, role: sex-worker-advisory}}
    created: '2026-02-01T10:00:00Z'
    kind: objection
    status: {status}
    body: This still reads as permission to move people along. It cannot be approved like this.
"""


def test_an_open_objection_blocks_approval(tmp_path):
    target = tmp_path / "g.yaml"
    shutil.copy(GOOD, target)
    review = tmp_path / "g.review.yaml"
    review.write_text(OBJECTION.format(name="g.yaml", status="open"), encoding="utf-8")
    r = run_cli("check", "--no-cache", "--only", "status", "--color", "never", str(target))
    assert r.exit_code == 1, r.stdout
    assert "status.open-objection" in r.stdout
    assert "sex-worker-advisory's objection t1 on response.complaints.2 ('A polite, individual request')" in r.stdout
    assert f"{review}:4:5" in r.stdout  # where to resolve it
    review.write_text(OBJECTION.format(name="g.yaml", status="resolved"), encoding="utf-8")
    r = run_cli("check", "--no-cache", "--only", "status", str(target))
    assert r.exit_code == 0, r.stdout


def test_a_draft_may_have_open_objections(tmp_path):
    data = copy.deepcopy(GOOD_DATA)
    data["metadata"]["status"] = "in-review"
    target = tmp_path / "g.yaml"
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    (tmp_path / "g.review.yaml").write_text(OBJECTION.format(name="g.yaml", status="open"), encoding="utf-8")
    r = run_cli("check", "--no-cache", "--only", "status", str(target))
    assert r.exit_code == 0, r.stdout


# ---------------------------------------------------------------- privacy


def test_privacy_flags_contacts_and_names_at_their_exact_place(tmp_path):
    text = GOOD.read_text(encoding="utf-8")
    text = text.replace("{group: business, count: 12}", "{group: business, count: 12, note: ask jo.smith@example.org}")
    text = text.replace("role: Advisory committee, by consensus", "role: Chaired by Ms. Rivera, 604-555-0199")
    target = tmp_path / "g.yaml"
    target.write_text(text, encoding="utf-8")
    r = run_cli("check", "--no-cache", "--only", "privacy", "--format", "json", str(target))
    assert r.exit_code == 1
    found = json.loads(r.stdout)["findings"]
    # the personal data is quoted masked; the place still points at it exactly
    matches = sorted(f["match"] for f in found)
    assert matches == ["***-***-****", "**. ******", "**.*****@*******.***"]
    lines = text.splitlines()
    for f in found:
        from lic_policy.privacy import mask

        assert mask(lines[f["line"] - 1][f["column"] - 1:f["end_column"] - 1]) == f["match"]


def test_privacy_leaves_services_and_clause_helplines_alone():
    # the good sample lists organizations' phones and emails, and helpline numbers in clauses
    assert "1-800-663-9122" in GOOD.read_text(encoding="utf-8")
    assert not [f for f in findings_of(GOOD_DATA) if f.rule_id.startswith("privacy.")]


def test_privacy_reads_the_review_file(tmp_path):
    target = tmp_path / "g.yaml"
    shutil.copy(GOOD, target)
    review = OBJECTION.format(name="g.yaml", status="resolved").replace("advisory-reviewer-2", "Maria.Lopez")
    review = review.replace("It cannot be approved like this.", "Reach me at maria@example.org.")
    (tmp_path / "g.review.yaml").write_text(review, encoding="utf-8")
    r = run_cli("check", "--no-cache", "--only", "privacy", "--format", "json", str(target))
    assert r.exit_code == 1
    found = json.loads(r.stdout)["findings"]
    assert {f["match"] for f in found} == {"*****.*****", "*****@*******.***"}
    assert all(f["file"].endswith("g.review.yaml") for f in found)


# ---------------------------------------------------------------- what structure rules do not read


def test_review_and_config_files_are_not_guidelines(tmp_path):
    (tmp_path / "g.review.yaml").write_text(OBJECTION.format(name="g.yaml", status="open"), encoding="utf-8")
    (tmp_path / ".lic-policy.yaml").write_text("fail_on: error\n", encoding="utf-8")
    r = run_cli("check", "--no-cache", "--only", "structure", str(tmp_path / "g.review.yaml"),
                str(tmp_path / ".lic-policy.yaml"))
    assert r.exit_code == 0, r.stdout


def test_only_and_skip_name_rules_packs_and_reviewers():
    r = run_cli("check", "--no-cache", "--only", "lang.client-slang", "--format", "json", str(DRAFT))
    assert {f["rule_id"] for f in json.loads(r.stdout)["findings"]} == {"lang.client-slang"}
    r = run_cli("check", "--no-cache", "--skip", "language,framing,terminology,coverage", "--format", "json", str(DRAFT))
    ids = {f["rule_id"] for f in json.loads(r.stdout)["findings"]}
    assert ids and all(i.startswith(("involvement.", "privacy.", "status.")) for i in ids)
    r = run_cli("check", "--only", "involvment", str(DRAFT))
    assert r.exit_code == 2 and "did you mean 'involvement'" in r.stdout + r.stderr


def test_a_police_call_whose_clause_offers_outreach_in_words_says_to_link_the_service():
    # a newcomer wrote "offer outreach first and call police only when someone is in danger":
    # the finding must not say there is no alternative, but that the alternative is not linked
    data = copy.deepcopy(GOOD_DATA)
    clause = data["sections"][1]["clauses"][0]
    clause.pop("services", None)
    clause["text"] = "Staff offer outreach first and call police only when someone is in danger."
    found = [f for f in findings_of(data) if f.rule_id == "coverage.non-police-alternative"]
    assert len(found) == 1
    assert "offers outreach instead but names no service: name " in found[0].message  # ux18: which, by name
    assert "without a non-police alternative" not in found[0].message
