"""Autofix: a diff of safe fixes; --write applies them atomically, keeps comments and
formatting; a second run changes nothing."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lic_policy import store
from lic_policy.checks.fixes import fix_text_yaml

from .conftest import DRAFT, GOOD, default_ruleset, run_cli

RS = default_ruleset()  # shared by the modules of this process (conftest)


@pytest.mark.slow  # 0.21 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_fix_shows_diff_then_writes_then_is_idempotent(tmp_path):
    target = tmp_path / "draft.yaml"
    shutil.copy(DRAFT, target)
    before = target.read_text(encoding="utf-8")
    res = run_cli("fix", str(target))
    assert res.exit_code == 0 and res.stdout.startswith("--- a/")
    assert "+" in res.stdout and "sex workers" in res.stdout
    assert target.read_text(encoding="utf-8") == before  # no --write: untouched
    res = run_cli("fix", "--write", str(target))
    after = target.read_text(encoding="utf-8")
    assert after != before
    # comments survive and the file still validates
    assert [ln for ln in before.splitlines() if ln.lstrip().startswith("#")] == \
           [ln for ln in after.splitlines() if ln.lstrip().startswith("#")]
    assert store.load(target).issues == []
    res = run_cli("fix", "--write", str(target))
    assert target.read_text(encoding="utf-8") == after
    assert "fixed 0 findings" in res.stdout


def test_fix_only_touches_fixed_lines(tmp_path):
    target = tmp_path / "draft.yaml"
    shutil.copy(DRAFT, target)
    before = target.read_text(encoding="utf-8").splitlines()
    run_cli("fix", "--write", str(target))
    after = target.read_text(encoding="utf-8").splitlines()
    assert len(before) == len(after)
    changed = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
    keywords = ("prostitut", "john", "addict", "homeless", "safe sex", "STD", "drug abuse", "child", "youth",
                "hooker", "needle", "Prostitut", "John", "Addict")
    assert changed and all(any(k.lower() in before[i].lower() for k in keywords) for i in changed)


def test_good_sample_has_nothing_to_fix():
    text = GOOD.read_text(encoding="utf-8")
    new, count = fix_text_yaml(str(GOOD), text, RS)
    assert count == 0 and new == text


phrases = st.sampled_from(["prostitutes", "Prostitutes", "an addict", "the homeless", "safe sex", "drug users",
                           "street walkers", "child prostitutes", "johns", "sex workers", "clients"])


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(words=st.lists(phrases, min_size=1, max_size=4))
def test_fix_is_idempotent_property(words):
    text = GOOD.read_text(encoding="utf-8")
    sentence = "Staff met " + ", ".join(words) + " at the centre."
    text = text.replace("      - id: response.violence.1\n",
                        f"      - id: response.violence.0\n        text: {sentence}\n      - id: response.violence.1\n", 1)
    once, _n = fix_text_yaml("g.yaml", text, RS)
    twice, n2 = fix_text_yaml("g.yaml", once, RS)
    assert n2 == 0 and twice == once
    # every line outside the edited clause is unchanged
    assert [ln for ln in once.splitlines() if "response.violence.0" not in ln and "Staff met" not in ln] == \
           [ln for ln in text.splitlines() if "response.violence.0" not in ln and "Staff met" not in ln]
