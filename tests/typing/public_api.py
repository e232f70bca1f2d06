"""A user's script against the public API, type-checked with ``mypy --strict`` by
tests/test_packaging.py (and ``make typecheck``): every public name must be visible to type
checkers with a real signature, not ``Any``."""

from __future__ import annotations

from pathlib import Path
from typing import assert_type

import lic_policy
from lic_policy import (Anchor, Clause, Document, Finding, Guideline, InputError, Issue, LicPolicyError, Redline,
                        Report, ReviewFile, Thread, ValidationFailed, ValidationReport)


def use_the_api(path: str, old: str, out: Path) -> None:
    doc = lic_policy.load(path)
    assert_type(doc, Document)
    assert_type(doc.issues, list[Issue])
    g = doc.guideline
    assert_type(g, Guideline | None)
    if g is not None:
        assert_type(g.metadata.title, str)
        for _path, _section, clause in g.iter_clauses():
            assert_type(clause, Clause)
    assert_type(lic_policy.load_guideline(path), Guideline)

    report = lic_policy.validate([path])
    assert_type(report, ValidationReport)
    assert_type(report.exit_code, int)

    checked = lic_policy.check([path, out])
    assert_type(checked, Report)
    for finding in checked.findings:
        assert_type(finding, Finding)
        assert_type(finding.rule_id, str)
        assert_type(finding.line, int)
    assert_type(checked.exit_code("warning"), int)

    rl = lic_policy.redline(old, path)
    assert_type(rl, Redline)
    assert_type(rl.changed, bool)

    written = lic_policy.publish(path, ["html", "pdf"], out, force=False)
    assert_type(written, list[Path])

    anchor = Anchor.model_validate({"clause": "response.violence.1", "field": "text"})
    assert_type(anchor, Anchor)
    assert_type(ReviewFile, type[ReviewFile])
    assert_type(Thread, type[Thread])
    assert_type(lic_policy.__version__, str)
    try:
        lic_policy.load(path)
    except ValidationFailed as exc:
        assert_type(exc.issues, list[Issue])
    except InputError as exc:
        assert_type(exc, InputError)
    except LicPolicyError as exc:
        assert_type(exc.one_line(), str)
