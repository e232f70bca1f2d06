"""GitHub Actions workflow commands: one annotation per finding."""

from __future__ import annotations

import os
from typing import Iterator

from ..model.finding import Finding

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def error_line(e) -> str:
    """An error annotation for a ``LicPolicyError`` (a file that cannot be read, a broken
    configuration): on its file when it has one, else on the run."""
    file = e.file
    if file and os.path.isabs(file):  # GitHub places an annotation by the path in the repository
        rel = os.path.relpath(file)
        file = file if rel.startswith("..") else rel
    loc = ((f" file={_prop(file)}" + (f",line={e.line}" if e.line else "") + (f",col={e.column}" if e.column else "")
            + ",") if file else " ")
    return f"::error{loc}title=lic-policy::{_data(e.message + (' (' + e.hint + ')' if e.hint else ''))}\n"


def stream(report, **_kw) -> Iterator[str]:
    """One line per file that could not be checked, then one per finding."""
    for r in report.results:
        if r.error is not None:
            yield error_line(r.error)
    for f in sorted(report.findings, key=Finding.sort_key):
        props = (f"file={_prop(f.file)},line={f.line},col={f.column},endLine={f.end_line},"
                 f"endColumn={f.end_column},title={_prop(f.rule_id)}")
        msg = f.message + (f" — suggestion: {'; '.join(f.suggestions)}" if f.suggestions else "")
        yield f"::{LEVEL[f.severity]} {props}::{_data(msg)}\n"


def render(report, **_kw) -> str:
    return "".join(stream(report))
