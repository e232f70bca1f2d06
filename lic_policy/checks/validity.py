"""A guideline's validation problems as findings, so `check` (and the language server) report
them with the reviewers' findings: a guideline that does not validate is not clean.

Each problem is the one `lic-policy validate` reports (``Document.validate``), as an
``error`` with rule id ``validation.<code>`` (``validation.unknown-field``,
``validation.missing-field``, ``validation.type``, ``validation.model``), reviewer
``validation``, its hint as the suggestion, and the range of the field it is about.
"""

from __future__ import annotations

import re
from typing import Any

from ..model.finding import Finding, Source

REVIEWER = "validation"
SOURCE = Source("lic-policy guideline schema (schemas/guideline.schema.json) and model rules", "")
RATIONALE = ("A guideline that does not validate cannot be published, compared or reviewed reliably: "
             "fix its structure first (the same problems as `lic-policy validate`).")


def _range(doc: Any, path: tuple[Any, ...], line: int, col: int, code: str) -> tuple[int, int]:
    """(end_line, end_column) of the problem at (line, col): the key for unknown and missing
    fields, else the value's first line."""
    sp = doc.positions.get(path)
    key = path[-1] if code == "unknown-field" and path else (path[-2] if code == "missing-field" and len(path) > 1
                                                              else None)
    if key is not None and not isinstance(key, int):
        return line, col + len(str(key))
    if sp is not None and code not in ("missing-field", "unknown-field"):
        end_line, end_col = doc.index_to_linecol(max(sp.start, sp.end - 1))
        if end_line == line and end_col >= col:
            return line, end_col + 1
        first = re.split(r"\r\n?|\n", doc.text[doc.line_starts[line - 1]:], maxsplit=1)[0].rstrip()
        return line, max(col + 1, len(first) + 1)
    return line, col + 1


def validation_findings(doc: Any) -> list[Finding]:
    """Validate ``doc`` (a ``store.Document``) and return its problems as findings. Input
    that is not a guideline mapping raises ``InputError`` as ``validate`` does. A plainly
    well-formed guideline is validated without pydantic (``Document.validation_issues``):
    the same problems, found faster; ``doc.guideline`` is not set."""
    out = []
    for issue in doc.validation_issues():
        end_line, end_col = _range(doc, tuple(issue.path), issue.line, issue.column, issue.code)
        out.append(Finding(f"{REVIEWER}.{issue.code}", "error", issue.message, doc.file, issue.line, issue.column,
                           end_line, end_col, reviewer=REVIEWER, field=".".join(str(p) for p in issue.path),
                           path=tuple(issue.path), suggestions=[issue.hint] if issue.hint else [],
                           sources=[SOURCE], rationale=RATIONALE))
    return out
