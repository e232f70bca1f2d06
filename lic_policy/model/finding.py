"""A finding: what a reviewer (rule) found, where, why, and what to write instead.

Plain dataclasses (not pydantic) so that checking thousands of files stays fast; the
anchor is the same W3C-style shape review threads use (``lic_policy.model.anchor``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from dataclasses import field as _field
from typing import Any, Optional

CONTEXT_CHARS = 32
"""Characters of prefix and suffix context kept with every quote (W3C TextQuoteSelector)."""

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass
class Source:
    title: str
    url: str = ""


@dataclass
class Finding:
    rule_id: str
    severity: str
    message: str
    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    match: str = ""
    reviewer: str = ""
    element: Optional[str] = None  # clause (or other element) id
    field: str = ""  # field within the element, as in Anchor.field
    path: tuple = ()  # path in the YAML data
    anchor: Optional[dict] = None  # Anchor as a dict: clause, field, quote{exact,prefix,suffix}, position{start,end}
    suggestions: list[str] = _field(default_factory=list)
    sources: list[Source] = _field(default_factory=list)
    rationale: str = ""
    fix: Optional[str] = None  # replacement for ``match`` (only when unambiguous)
    start: int = -1  # code-point offsets of the match within its field's text
    end: int = -1
    fix_safe: bool = True  # `fix --write` applies it; an unsafe fix needs `--unsafe-fixes`

    @property
    def clause(self) -> Optional[str]:
        return self.element

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["path"] = list(self.path)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Finding":
        d = dict(d)
        d["path"] = tuple(d.get("path") or ())
        d["sources"] = [Source(**s) for s in d.get("sources") or []]
        return cls(**d)

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.rule_id)
