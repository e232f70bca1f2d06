"""Each document-level rule fires on its own case and points at the right field."""

from __future__ import annotations

import copy

import pytest

from lic_policy.model.guideline import Guideline
from lic_policy.model.rules import check_model

BASE = {
    "metadata": {
        "id": "rules-test", "title": "Rules", "version": "1.0", "status": "draft",
        "jurisdiction": {"name": "Town of Example", "kind": "municipality"},
        "owners": [{"role": "Policy Analyst"}], "languages": ["en"],
    },
    "purpose": "Testing.",
    "scope": {"text": "Everything.", "audiences": [{"id": "outreach", "name": "Outreach staff"}]},
    "sections": [{"id": "response.violence", "title": "Violence",
                  "clauses": [{"id": "response.violence.1", "text": "One.", "audience": ["outreach"]}]}],
    "services": [{"id": "service.one", "organization": "Example Outreach Society", "offers": ["outreach"],
                  "regions": ["Citywide"], "languages": ["en"], "contact": {"phone": "604-555-0100"},
                  "hours": "24/7"}],
}


def problems(mutate):
    data = copy.deepcopy(BASE)
    mutate(data)
    return check_model(Guideline.model_validate(data))


def test_base_is_clean():
    assert problems(lambda d: None) == []


CASES = {
    "duplicate clause id": (lambda d: d["sections"][0]["clauses"].append({"id": "response.violence.1", "text": "x"}),
                            "duplicate-id", ("sections", 0, "clauses", 1, "id")),
    "section and service share an id": (lambda d: d["services"][0].update(id="response.violence"),
                                        "duplicate-id", ("services", 0, "id")),
    "duplicate term": (lambda d: d.update(definitions=[{"term": "Sex work", "definition": "a"},
                                                       {"term": "sex work", "definition": "b"}]),
                       "duplicate-term", ("definitions", 1, "term")),
    "unknown audience": (lambda d: d["sections"][0]["clauses"][0].update(audience=["outreech"]),
                         "unknown-reference", ("sections", 0, "clauses", 0, "audience", 0)),
    "unknown service": (lambda d: d["sections"][0]["clauses"][0].update(services=["service.two"]),
                        "unknown-reference", ("sections", 0, "clauses", 0, "services", 0)),
    "unknown priority ref": (lambda d: d.update(priorities=[{"id": "p.one", "rank": 1, "text": "t", "refs": ["nope"]}]),
                             "unknown-reference", ("priorities", 0, "refs", 0)),
    "review before effective": (lambda d: d["metadata"].update(effective_date="2026-05-01", next_review_date="2026-04-01"),
                                "date-order", ("metadata", "next_review_date")),
    "stage ends before start": (lambda d: d.update(consultation={"stages": [
        {"stage": "design", "status": "completed", "start": "2026-02-01", "end": "2026-01-01"}]}),
        "date-order", ("consultation", "stages", 0, "end")),
    "stages out of sequence": (lambda d: d.update(consultation={"stages": [
        {"stage": "design", "status": "completed", "start": "2026-03-01"},
        {"stage": "drafting", "status": "completed", "start": "2026-01-01"}]}),
        "date-order", ("consultation", "stages", 1, "start")),
    "later stage completed, earlier planned": (lambda d: d.update(consultation={"stages": [
        {"stage": "design", "status": "planned"},
        {"stage": "drafting", "status": "completed", "start": "2026-01-01"}]}),
        "stage-order", ("consultation", "stages", 1, "status")),
    "completed stage without dates": (lambda d: d.update(consultation={"stages": [
        {"stage": "design", "status": "completed"}]}), "stage-dates", ("consultation", "stages", 0, "status")),
    "seats over total": (lambda d: d.update(consultation={"decision_power": {
        "body": "Steering committee", "sex_worker_seats": 9, "total_seats": 5}}),
        "seat-count", ("consultation", "decision_power", "sex_worker_seats")),
    "group counted twice": (lambda d: d.update(consultation={"participants": [
        {"group": "residents", "count": 3}, {"group": "residents", "count": 2}]}),
        "duplicate-group", ("consultation", "participants", 1, "group")),
    "published without approvals": (lambda d: d["metadata"].update(status="published", effective_date="2026-01-01",
                                                                    next_review_date="2027-01-01"),
                                    "status", ("metadata", "status")),
    "retired without date": (lambda d: d["metadata"].update(status="retired"), "status", ("metadata", "status")),
    "retired date on a draft": (lambda d: d["metadata"].update(retired_date="2026-01-01"),
                                "status", ("metadata", "retired_date")),
    "in review without clauses": (lambda d: (d["metadata"].update(status="in-review"),
                                             d["sections"][0].update(clauses=[])), "status", ("metadata", "status")),
    "rank used twice": (lambda d: d.update(priorities=[{"id": "p.one", "rank": 1, "text": "a"},
                                                       {"id": "p.two", "rank": 1, "text": "b"}]),
                        "priority-rank", ("priorities", 1, "rank")),
    "action due before start": (lambda d: d.update(work_plan=[{"id": "a.one", "title": "t", "key_area": "practice",
                                                                "owner_role": "r", "start": "2026-05-01",
                                                                "due": "2026-01-01"}]),
                                "date-order", ("work_plan", 0, "due")),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_rule_fires_at_the_field(name):
    mutate, code, path = CASES[name]
    found = problems(mutate)
    assert [(p.code, p.path) for p in found] == [(code, path)], found


def test_did_you_mean_for_references():
    found = problems(lambda d: d["sections"][0]["clauses"][0].update(audience=["outreech"]))
    assert found[0].hint == "did you mean 'outreach'?"


def test_published_guideline_needs_all_of_it():
    def publish(d):
        d["metadata"].update(status="published", effective_date="2026-03-01", next_review_date="2027-03-01")
        d["governance"] = {"approvals": [{"body": "City Council", "role": "Council (resolution)",
                                          "date": "2026-02-10", "decision": "vote"}]}
    assert problems(publish) == []


def test_the_vocabulary_and_the_enums_agree():
    """model/vocab.py is plain data for the checks; the pydantic enums must list the same values."""
    from lic_policy.model import guideline as g
    from lic_policy.model import vocab

    assert [s.value for s in g.Status] == vocab.STATUS_ORDER
    assert [s.value for s in g.Stage] == vocab.STAGE_ORDER
    assert [k.value for k in g.KeyArea] == list(vocab.KEY_AREA_TITLES)
    assert vocab.SEX_WORKER_GROUPS <= {grp.value for grp in g.Group}
    assert {grp.value for grp in g.Group if grp.value.endswith("-sex-workers")} == vocab.SEX_WORKER_GROUPS
