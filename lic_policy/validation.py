"""Validate guideline files: every problem in every file, with its place."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Iterable, Optional

from . import pool
from .errors import InputError, LicPolicyError
from .discovery import Skipped
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
    skipped: list[Skipped] = field(default_factory=list)  # YAML that is not a guideline, ignored files

    @property
    def exit_code(self) -> int:
        if any(r.error for r in self.results):
            return 2
        if any(r.issues for r in self.results):
            return 1
        return 0


def validate_paths(paths: Iterable[str], *, max_size: int = DEFAULT_MAX_SIZE, keep_documents: bool = False,
                   summaries: bool = False, jobs: Optional[int] = None) -> ValidationReport:
    """Validate files and folders. A folder without any guideline is an input error.

    Documents are dropped after validation (memory stays flat over thousands of files)
    unless ``keep_documents``; ``summaries`` keeps a short description of each valid one.
    Many files (24 or more, 1.5 MB or more) are validated in a process pool on ``jobs``
    processes (default: all cores), unless the documents are kept.
    """
    files: list[str] = []
    skipped: list[Skipped] = []
    for p in paths:
        before = len(skipped)
        found = discover([p], skipped=skipped)
        if not found and os.path.isdir(p):
            why = f" ({len(skipped) - before} YAML file(s) skipped as not guidelines; --verbose lists them)" \
                if len(skipped) > before else ""
            raise InputError(f"no guideline files (*.yaml, *.yml) in this folder{why}", file=p,
                             hint="pass a guideline file or a folder that holds guidelines")
        files.extend(found)
    from .discovery import once_each

    files = once_each(files)  # `validate g.yaml ./g.yaml` is one file
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers > 1 and not keep_documents and pool.worth_it(len(files), _total_bytes(files)):
        from .model.guideline import Guideline  # noqa: F401 - imported once, before forking: workers share it

        args = [(f, max_size, summaries) for f in files]
        return ValidationReport(list(pool.process_map(_validate_in_worker, args, workers)), skipped)
    return ValidationReport([_validate_file(f, max_size, summaries, keep_documents) for f in files], skipped)


def _validate_file(file: str, max_size: int, summaries: bool, keep_document: bool) -> FileResult:
    result = FileResult(file)
    try:
        doc = load(file, max_size=max_size)
        result.issues = doc.issues
        if summaries and not doc.issues:
            result.summary = summary_row(doc)
        if keep_document:
            result.document = doc
    except LicPolicyError as exc:
        result.error = exc
    return result


def _total_bytes(files: list[str]) -> int:
    total = 0
    for f in files:
        try:
            total += os.stat(f).st_size
        except OSError:
            pass  # reported when it is read
    return total


def _validate_in_worker(args: tuple[str, int, bool]) -> FileResult:
    return _validate_file(args[0], args[1], args[2], False)


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
