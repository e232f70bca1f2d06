"""`check --format review` and `--write-review`: findings become threads of the same shape as
human review threads, anchored on the same words, and are never added twice."""

from __future__ import annotations

import pytest

import shutil

from lic_policy import store
from lic_policy.review import threads
from lic_policy.text import find_unit, guideline_units

from .conftest import DRAFT, run_cli


@pytest.mark.slow  # 0.38 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_format_review_threads_quote_the_flagged_words(tmp_path, monkeypatch):
    monkeypatch.setenv("LIC_POLICY_NOW", "2026-11-24")
    target = tmp_path / "draft.yaml"
    shutil.copy(DRAFT, target)
    res = run_cli("check", "--no-cache", "--write-review", "--format", "review", str(target))
    assert res.exit_code == 1
    assert "lic_policy_review: 1" in res.stdout
    doc = threads.load(threads.review_path(target), missing_ok=False)
    assert len(doc.threads) > 20
    units = list(guideline_units(store.load(target).data))
    for t in doc.threads:
        assert t.author.role == "automated" and t.rule
        unit = find_unit(units, t.anchor.clause, t.anchor.field)
        assert unit is not None
        assert unit.text[t.anchor.position.start:t.anchor.position.end] == t.anchor.quote.exact
        if t.kind == "suggestion":
            assert t.replacement
    before = threads.review_path(target).read_text(encoding="utf-8")
    res = run_cli("check", "--no-cache", "--write-review", "--format", "json", str(target))
    assert "0 new automated threads" in res.stderr
    assert threads.review_path(target).read_text(encoding="utf-8") == before
