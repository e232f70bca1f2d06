"""The steering committee's seats and the decision-power record agree (issue 16: 16 seats on
the committee against ``decision_power.total_seats: 12`` went unflagged)."""

from __future__ import annotations

import copy

from lic_policy.model.guideline import Guideline
from lic_policy.model.rules import check_model

from .test_model_rules import BASE

COMMITTEE = [{"category": "current-sex-workers", "seats": 4}, {"category": "former-sex-workers", "seats": 2},
             {"category": "police", "seats": 2}, {"category": "health", "seats": 8}]  # 16 seats


def _problems(body: str, total: int, committee=COMMITTEE):
    data = copy.deepcopy(BASE)
    data["consultation"] = {"decision_power": {"body": body, "sex_worker_seats": 6, "total_seats": total,
                                               "votes": True}}
    data["governance"] = {"steering_committee": committee}
    return check_model(Guideline.model_validate(data))


def test_total_seats_that_disagree_with_the_steering_committee_are_flagged():
    found = _problems("Steering committee", 12)
    assert [(p.code, p.path) for p in found] == [("seat-count", ("consultation", "decision_power", "total_seats"))]
    assert "12" in found[0].message and "16" in found[0].message
    assert "steering committee" in found[0].message.lower()


def test_the_same_count_is_clean():
    assert _problems("Steering committee", 16) == []
    assert _problems("Cedar Harbour steering committee", 16) == []


def test_another_body_may_have_its_own_seats():
    # council approves with its own nine seats: nothing to compare
    assert _problems("City Council", 9) == []


def test_no_committee_recorded_is_not_a_mismatch():
    assert _problems("Steering committee", 12, committee=[]) == []


def test_the_samples_agree(tmp_path):
    from lic_policy.store import load

    from .conftest import GOOD, POLICE

    for path in (GOOD, POLICE):
        doc = load(path)
        assert doc.issues == [], doc.issues
        g = doc.guideline
        assert g.consultation.decision_power.total_seats == sum(s.seats for s in g.governance.steering_committee)
