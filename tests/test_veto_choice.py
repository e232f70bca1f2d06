"""How the learned reviewer's veto is chosen out of fold (`learned.choose_veto`): the best F1,
unless a higher veto (fewer findings) is within one standard error of it — the data cannot
tell such choices apart, and the one that flags less is the one a reader trusts."""

from __future__ import annotations

import pytest

import random

from lic_policy.checks.learned import choose_veto


def _sample(n: int, seed: int, *, noisy_rules: float):
    """Sentences the rules flag; the model's score is high on the framing ones. ``noisy_rules``:
    the share of rule findings on sentences that are not framing."""
    rnd = random.Random(seed)
    probs, labels, found, gated, model = [], [], [], [], []
    for _ in range(n):
        y = rnd.random() < 0.5
        r = rnd.random() < (0.8 if y else noisy_rules)
        p = min(1.0, max(0.0, rnd.gauss(0.55 if y else 0.2, 0.2)))
        probs.append(p)
        labels.append(int(y))
        found.append(r)
        gated.append(True)
        model.append(False)
    return probs, labels, found, gated, model


@pytest.mark.slow  # 0.22 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_veto_that_clearly_helps_is_chosen():
    # many rule findings on sentences that are not framing, which the model scores low: a
    # veto raises F1 by far more than its noise
    assert choose_veto(*_sample(4000, 1, noisy_rules=0.6)) >= 0.2


@pytest.mark.slow  # 0.22 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_when_vetoes_tie_within_the_noise_the_one_that_flags_least_is_chosen():
    # rule findings almost always right and model scores that cannot tell: F1 is flat (the best
    # is at 0, by a hair); the rule picks the highest veto within one standard error of it
    probs, labels, found, gated, model = _sample(4000, 2, noisy_rules=0.02)
    flat = [0.5] * len(probs)  # the model says nothing: every veto below 0.5 drops nothing
    assert choose_veto(flat, labels, found, gated, model) == 0.3


@pytest.mark.slow  # 0.22 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_veto_that_costs_more_than_the_noise_is_not_chosen():
    # rule findings nearly all right and the model unsure of them (scores 0-0.3): any
    # veto would throw right findings away, by far more than the noise
    rnd = random.Random(3)
    n = 4000
    labels = [int(rnd.random() < 0.5) for _ in range(n)]
    found = [bool(y) or rnd.random() < 0.02 for y in labels]
    probs = [rnd.uniform(0.0, 0.3) for _ in range(n)]
    assert choose_veto(probs, labels, found, [True] * n, [False] * n) == 0.0
