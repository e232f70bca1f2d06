"""GitLab Code Quality: the CodeClimate JSON subset GitLab reads from
``artifacts: reports: codequality:``.

A JSON array with one entry per finding (and per file that could not be checked):
``description``, ``check_name`` (the rule id), ``fingerprint`` (stable across runs and line
moves: rule, file, clause, field and quoted words), ``severity`` (error → major,
warning → minor, info → info; a file that could not be read → blocker), ``categories`` and
``location`` (``path`` relative to the working folder with ``/``, ``positions`` begin and
end line and column). Validated in the tests against GitLab's own JSON Schema
(tests/data/gitlab-codeclimate.schema.json).
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

from ..model.finding import Finding
from .plain import plain_message

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def _path(file: str, root: str) -> str:
    full = os.path.abspath(file)
    rel = os.path.relpath(full, root)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        rel = full  # outside the repository: GitLab cannot link it, but the path stays true
    return rel.replace(os.sep, "/")


def _fingerprint(*parts: object) -> str:
    return hashlib.md5("\0".join(str(p) for p in parts).encode("utf-8", "surrogateescape"),
                       usedforsecurity=False).hexdigest()


def render(report: Any, *, root: str | None = None, **_kw: Any) -> str:
    from .github import ci_root

    root = os.path.abspath(root or ci_root())
    issues = []
    for r in report.results:
        if r.error is not None:
            e = r.error
            line = e.line or 1
            issues.append({
                "type": "issue", "check_name": "lic-policy.input",
                "description": e.message + (f" ({e.hint})" if e.hint else ""),
                "categories": ["Bug Risk"], "severity": "blocker",
                "fingerprint": _fingerprint("input", _path(r.file, root), e.message),
                "location": {"path": _path(r.file, root), "lines": {"begin": line}},
            })
    seen: dict[str, int] = {}
    for f in sorted(report.findings, key=Finding.sort_key):
        path = _path(f.file, root)
        prefix = f.anchor.quote.prefix if f.anchor is not None and f.anchor.quote is not None else ""
        base = _fingerprint(f.rule_id, path, f.element or "", f.field, f.match, prefix)
        n = seen.get(base, 0)
        seen[base] = n + 1
        text = plain_message(f)
        if f.fix:
            text += f" (fix: '{' '.join(f.match.split())}' → '{f.fix}')"
        elif f.suggestions:
            text += f" (suggestion: {'; '.join(f.suggestions)})"
        issues.append({
            "type": "issue", "check_name": f.rule_id, "description": text,
            "content": {"body": f.rationale} if f.rationale else None,
            "categories": ["Style"] if f.reviewer in ("language", "framing") else ["Clarity"],
            "severity": SEVERITY[f.severity],
            "fingerprint": base if n == 0 else _fingerprint(base, n),  # same words twice in one field
            "location": {"path": path,
                         "positions": {"begin": {"line": f.line, "column": f.column},
                                       "end": {"line": f.end_line, "column": f.end_column}}},
        })
    for issue in issues:
        if issue.get("content") is None:
            issue.pop("content", None)
    from .json import escape_surrogates  # a file name that is not UTF-8: still a UTF-8 report

    return escape_surrogates(json.dumps(issues, indent=2, ensure_ascii=False)) + "\n"
