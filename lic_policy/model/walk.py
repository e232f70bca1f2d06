"""Walking a guideline's sections and clauses: one implementation for the pydantic
``Guideline`` and for the plain objects ``shape.light_guideline`` builds (no pydantic here).
Anything with ``sections`` (each with ``clauses`` and ``sections``) can be walked."""

from __future__ import annotations

from typing import Any, Iterator, Optional


def iter_sections(g: Any) -> Iterator[tuple[tuple, Any]]:
    """Every section, depth first, with its path in the document."""

    def walk(sections: list, prefix: tuple) -> Iterator[tuple[tuple, Any]]:
        for i, section in enumerate(sections):
            path = prefix + (i,)
            yield path, section
            yield from walk(section.sections, path + ("sections",))

    yield from walk(g.sections, ("sections",))


def iter_clauses(g: Any) -> Iterator[tuple[tuple, Any, Any]]:
    """Every clause with its path and the section holding it."""
    for path, section in iter_sections(g):
        for j, clause in enumerate(section.clauses):
            yield path + ("clauses", j), section, clause


def clause(g: Any, clause_id: str) -> Optional[Any]:
    for _path, _section, c in iter_clauses(g):
        if c.id == clause_id:
            return c
    return None


def clause_path(g: Any, clause_id: str) -> Optional[tuple]:
    for path, _section, c in iter_clauses(g):
        if c.id == clause_id:
            return path
    return None
