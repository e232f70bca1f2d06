"""JSON output. Stable schema (``schema_version`` 1), documented in the README:

    {"schema_version": 1, "tool": {"name": "lic-policy", "version": "..."},
     "summary": {"files": N, "error": n, "warning": n, "info": n, "suppressed": n, "cached_files": n},
     "errors": [{"file", "line", "column", "message", "hint"}],      # files that could not be checked
     "findings": [{"rule_id", "severity", "message", "file", "line", "column", "end_line", "end_column",
                   "match", "reviewer", "clause", "field", "anchor", "suggestions", "fix",
                   "fix_safe", "sources": [{"title", "url"}], "rationale"}]}
"""

from __future__ import annotations

import json

from .. import __version__
from ..model.finding import Finding


def finding_dict(f: Finding) -> dict:
    return {
        "rule_id": f.rule_id, "severity": f.severity, "message": f.message, "file": f.file,
        "line": f.line, "column": f.column, "end_line": f.end_line, "end_column": f.end_column,
        "match": f.match, "reviewer": f.reviewer, "clause": f.element, "field": f.field, "anchor": f.anchor.to_dict() if f.anchor is not None else None,
        "suggestions": f.suggestions, "fix": f.fix, "fix_safe": f.fix is not None and f.fix_safe,
        "sources": [{"title": s.title, "url": s.url} for s in f.sources],
        "rationale": f.rationale,
    }


def render(report, **_kw) -> str:
    c = report.counts()
    data = {
        "schema_version": 1,
        "tool": {"name": "lic-policy", "version": __version__},
        "summary": {"files": len(report.results), **c, "suppressed": report.suppressed,
                    "cached_files": report.cached_files},
        "errors": [{"file": r.error.file, "line": r.error.line, "column": r.error.column,
                    "message": r.error.message, "hint": r.error.hint} for r in report.results if r.error],
        "findings": [finding_dict(f) for f in sorted(report.findings, key=Finding.sort_key)],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
