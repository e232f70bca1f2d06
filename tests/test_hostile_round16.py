"""hostile16: careless and hostile inputs of new kinds, surface by surface.

Each test names what broke before its fix. Cases that held are counted in
tests/hostile_report.py (and so in tests/HOSTILE_INPUTS.md) without a test of their own here.

HOSTILE FIXTURE: the texts below hold stigmatizing terms and framing on purpose — each one
must be flagged (or, where a test says so, must not be).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DRAFT, one_error_line, run_cli

ROOT = Path(__file__).resolve().parent.parent
VALUES = ROOT / "tests" / "corpus" / "values"


def _env(**extra: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT), LIC_POLICY_NOW="2026-11-24T10:00:00Z", **extra)
    env.pop("LIC_POLICY_DEBUG", None)
    return env


# ---------------------------------------------------------------- rules train -o onto a YAML file

@pytest.mark.parametrize("target", ["g.yaml", "g.review.yaml", "corpus.yaml"])
def test_rules_train_does_not_write_its_model_over_a_yaml_file(tmp_path, monkeypatch, target):
    """`rules train CORPUS -o g.review.yaml` (a name completed with Tab) trained for seconds to
    minutes, then replaced the round's review threads, a guideline or the labelled corpus it
    read with a model's JSON without a word (round 15 closed this `-o` for check, diff,
    compare and rules docs, not for train). Refused before the training, the file untouched."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(DRAFT, "g.yaml")
    Path("g.review.yaml").write_text("lic_policy_review: 1\nguideline: g.yaml\nthreads: []\n", encoding="utf-8")
    shutil.copy(VALUES / "round10-z.yaml", "corpus.yaml")
    before = Path(target).read_bytes()
    res = run_cli("rules", "train", "corpus.yaml", "-o", target)
    one_error_line(res, target, "writing", "-o")
    assert Path(target).read_bytes() == before


def test_rules_train_still_writes_a_model_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = run_cli("rules", "train", str(VALUES / "round10-z.yaml"), "-o", "m.json")
    assert res.exit_code == 0, res
    assert json.loads(Path("m.json").read_text(encoding="utf-8"))
