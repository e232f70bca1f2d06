"""Validate guideline files: every problem in every file, with its place."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional

from .errors import InputError, LicPolicyError
from .store import DEFAULT_MAX_SIZE, Document, Issue, discover, load


@dataclass
class FileResult:
    file: str
    document: Optional[Document] = None
    issues: list[Issue] = field(default_factory=list)
    error: Optional[LicPolicyError] = None

    @property
    def ok(self) -> bool:
        return self.error is None and not self.issues


@dataclass
class ValidationReport:
    results: list[FileResult]

    @property
    def exit_code(self) -> int:
        if any(r.error for r in self.results):
            return 2
        if any(r.issues for r in self.results):
            return 1
        return 0


def validate_paths(paths: Iterable[str], *, max_size: int = DEFAULT_MAX_SIZE) -> ValidationReport:
    """Validate files and folders. A folder without any guideline is an input error."""
    results: list[FileResult] = []
    for p in paths:
        files = discover([p])
        if not files:
            raise InputError("no guideline files (*.yaml, *.yml) in this folder", file=p,
                             hint="pass a guideline file or a folder that holds guidelines")
        for f in files:
            result = FileResult(f)
            try:
                result.document = load(f, max_size=max_size)
                result.issues = result.document.issues
            except LicPolicyError as exc:
                result.error = exc
            results.append(result)
    return ValidationReport(results)


def summary_row(doc: Document) -> dict:
    """A short description of a valid guideline for the summary table."""
    g = doc.guideline
    clauses = sum(1 for _ in g.iter_clauses())
    sections = sum(1 for _ in g.iter_sections())
    protocols = sorted({s.protocol for _p, s in g.iter_sections() if s.protocol})
    stages = [s.stage for s in g.consultation.stages] if g.consultation else []
    return {
        "file": doc.file,
        "id": g.metadata.id,
        "title": g.metadata.title,
        "jurisdiction": f"{g.metadata.jurisdiction.name} ({g.metadata.jurisdiction.kind})",
        "version": g.metadata.version,
        "status": g.metadata.status,
        "sections": sections,
        "clauses": clauses,
        "protocols": protocols,
        "services": len(g.services),
        "stages": stages,
        "languages": list(g.metadata.languages),
    }
