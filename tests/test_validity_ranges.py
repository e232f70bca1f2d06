"""A validation problem's range (checks/validity.py) on values of every shape: a check of a
guideline whose field holds a list where a string belongs must report it, not crash."""

from __future__ import annotations

import json

from .conftest import GOOD, run_cli


def test_a_list_where_the_title_belongs_is_a_validation_finding_with_a_range(tmp_path):
    text = GOOD.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("  title: "))
    lines[at] = "  title:\n    - one\n    - two\n"
    g = tmp_path / "g.yaml"
    g.write_text("".join(lines), encoding="utf-8")
    r = run_cli("check", "--no-cache", "--format", "json", "--fail-on", "none", str(g))
    assert r.exit_code == 0, r.stdout
    found = [f for f in json.loads(r.stdout)["findings"] if f["rule_id"].startswith("validation.")]
    title = [f for f in found if f["rule_id"] == "validation.type"]
    assert title, found
    f = title[0]
    # the value's first line ("    - one"), not the whole list
    assert (f["line"], f["column"]) == (at + 2, 5)
    assert f["end_line"] == f["line"] and f["end_column"] == len("    - one") + 1
