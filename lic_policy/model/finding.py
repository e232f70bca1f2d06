"""A finding: what a reviewer (rule) found, where, why, and what to write instead.

Plain slots dataclasses (not pydantic) so that checking thousands of files stays fast; the
anchor (``FindingAnchor``) has the attributes of the review threads' ``Anchor``
(``lic_policy.model.anchor``: ``clause``, ``field``, ``quote.exact/prefix/suffix``,
``position.start/end``, ``version``), so code reading either reads both alike, and
``FindingAnchor.to_anchor`` makes the thread's one.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as _field
from typing import Any, NamedTuple, Optional

CONTEXT_CHARS = 32
"""Characters of prefix and suffix context kept with every quote (W3C TextQuoteSelector)."""

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


def fails_at(severity: str, fail_on: str) -> bool:
    """Whether a finding of ``severity`` makes `check --fail-on FAIL_ON` exit 1 (``none``: never)."""
    return fail_on != "none" and SEVERITY_RANK[severity] >= SEVERITY_RANK[fail_on]


class Quote(NamedTuple):
    """The words a finding points at, with ``CONTEXT_CHARS`` of context either side (W3C
    TextQuoteSelector)."""

    exact: str
    prefix: str = ""
    suffix: str = ""


class Position(NamedTuple):
    """Code-point offsets of the quote in its field's text (W3C TextPositionSelector)."""

    start: int
    end: int


@dataclass(slots=True)
class FindingAnchor:
    """Where a finding points, for review threads and review packets: a field of an element
    (``clause``: its id; None for top-level fields) and, where the finding is about words of a
    prose field, those words (``quote``) and their offsets (``position``). Without a quote the
    finding names its place but is not turned into a review thread. Made by ``quoting`` (words)
    or ``naming`` (a place only), nowhere else."""

    clause: Optional[str]
    field: Optional[str]
    version: Optional[str] = None
    quote: Optional[Quote] = None
    position: Optional[Position] = None

    @classmethod
    def quoting(cls, text: str, start: int, end: int, *, clause: Optional[str], field: Optional[str],
                version: Optional[str]) -> "FindingAnchor":
        """The anchor of ``text[start:end]`` (``text``: the whole field's text)."""
        return cls(clause, field, version,
                   Quote(text[start:end], text[max(0, start - CONTEXT_CHARS):start], text[end:end + CONTEXT_CHARS]),
                   Position(start, end))

    @classmethod
    def naming(cls, clause: Optional[str], field: Optional[str], version: Optional[str]) -> "FindingAnchor":
        """The anchor of a place (a field or element) with no words quoted."""
        return cls(clause, field, version)

    def without_quote(self) -> "FindingAnchor":
        return FindingAnchor(self.clause, self.field, self.version)

    def quoted_from(self, text: str, start: int, end: int) -> "FindingAnchor":
        """The same anchor (same position) quoting ``text[start:end]`` instead: the privacy
        reviewer quotes the masked copy of a field, never the personal data in it."""
        return FindingAnchor(self.clause, self.field, self.version,
                             Quote(text[start:end], text[max(0, start - CONTEXT_CHARS):start],
                                   text[end:end + CONTEXT_CHARS]), self.position)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape (``check --format json``, the check cache): the review threads'
        anchor; a place-only anchor has no ``quote`` and ``position``."""
        if self.quote is None:
            return {"clause": self.clause, "field": self.field, "version": self.version}
        q, p = self.quote, self.position
        return {"clause": self.clause, "field": self.field,
                "quote": {"exact": q.exact, "prefix": q.prefix, "suffix": q.suffix},
                "position": {"start": p.start, "end": p.end}, "version": self.version}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "FindingAnchor":
        q, p = d.get("quote"), d.get("position")
        return cls(d.get("clause"), d.get("field"), d.get("version"),
                   Quote(q["exact"], q["prefix"], q["suffix"]) if q is not None else None,
                   Position(p["start"], p["end"]) if p is not None else None)

    def to_anchor(self, version: Optional[str] = None) -> Any:
        """The review thread's ``Anchor`` (validated; ``version`` where this one has none)."""
        from .anchor import Anchor

        data = self.to_dict()
        if version is not None and not data.get("version"):
            data["version"] = version
        return Anchor.model_validate(data)


@dataclass(slots=True)
class Source:
    title: str
    url: str = ""


@dataclass(slots=True)
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
    anchor: Optional[FindingAnchor] = None
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
        """Every field, as JSON data (the check cache and the process pool's results); built
        field by field (``dataclasses.asdict`` deep-copies recursively: 0.33 ms a finding)."""
        return {"rule_id": self.rule_id, "severity": self.severity, "message": self.message, "file": self.file,
                "line": self.line, "column": self.column, "end_line": self.end_line, "end_column": self.end_column,
                "match": self.match, "reviewer": self.reviewer, "element": self.element, "field": self.field,
                "path": list(self.path), "anchor": self.anchor.to_dict() if self.anchor is not None else None,
                "suggestions": list(self.suggestions),
                "sources": [{"title": s.title, "url": s.url} for s in self.sources],
                "rationale": self.rationale, "fix": self.fix, "start": self.start, "end": self.end,
                "fix_safe": self.fix_safe}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Finding":
        anchor = d.get("anchor")
        return cls(d["rule_id"], d["severity"], d["message"], d["file"], d["line"], d["column"], d["end_line"],
                   d["end_column"], d.get("match", ""), d.get("reviewer", ""), d.get("element"), d.get("field", ""),
                   tuple(d.get("path") or ()), FindingAnchor.from_dict(anchor) if anchor is not None else None,
                   list(d.get("suggestions") or ()), [Source(**s) for s in d.get("sources") or []],
                   d.get("rationale", ""), d.get("fix"), d.get("start", -1), d.get("end", -1), d.get("fix_safe", True))

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.rule_id)
