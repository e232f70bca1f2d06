"""Validate guideline files: every problem in every file, with its place."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional

from .errors import InputError, LicPolicyError
from .store import DEFAULT_MAX_SIZE, Document, Issue, discover, load


@dataclass
class FileResult:
    file: str
    document: Optional[Document] = None  # kept only with keep_documents=True
    issues: list[Issue] = field(default_factory=list)
    error: Optional[LicPolicyError] = None
    summary: Optional[dict] = None  # filled with summaries=True for valid files

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


def validate_paths(paths: Iterable[str], *, max_size: int = DEFAULT_MAX_SIZE, keep_documents: bool = False,
                   summaries: bool = False) -> ValidationReport:
    """Validate files and folders. A folder without any guideline is an input error.

    Documents are dropped after validation (memory stays flat over thousands of files)
    unless ``keep_documents``; ``summaries`` keeps a short description of each valid one.
    """
    results: list[FileResult] = []
    for p in paths:
        files = discover([p])
        if not files:
            raise InputError("no guideline files (*.yaml, *.yml) in this folder", file=p,
                             hint="pass a guideline file or a folder that holds guidelines")
        for f in files:
            result = FileResult(f)
            try:
                doc = load(f, max_size=max_size)
                result.issues = doc.issues
                if summaries and not doc.issues:
                    result.summary = summary_row(doc)
                if keep_documents:
                    result.document = doc
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
