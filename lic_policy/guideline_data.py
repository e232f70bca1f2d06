"""A guideline's raw data read one way: tolerant accessors every reader uses.

Checks, the redline, the review room, ``compare`` and the review commands all read a
guideline as loaded (plain dicts and lists, before or without validation), so a field may
be missing or of the wrong type. Everything here tolerates that the same way — a mapping
that is not a mapping reads as ``{}``, a list that is not a list as ``[]``, an item that is
not a mapping is skipped — so "where is the walk over sections decided?" has one answer.

The typed counterpart for a *validated* ``Guideline`` is ``Guideline.iter_sections`` /
``iter_clauses`` (same order: depth first, a section before its subsections).
"""

from __future__ import annotations

from typing import Any, Iterator, NamedTuple, Optional


def mapping(value: Any) -> dict:
    """``value`` if it is a mapping, else ``{}``."""
    return value if isinstance(value, dict) else {}


def items(value: Any) -> list:
    """``value`` if it is a list, else ``[]``."""
    return value if isinstance(value, list) else []


def strings(value: Any) -> list[str]:
    """The strings of list ``value`` (other items and a non-list are left out)."""
    return [v for v in items(value) if isinstance(v, str)]


def name_key(name: Any) -> str:
    """How two names (regions, organizations) are compared: case and spacing ignored."""
    return " ".join(str(name).lower().split())


def metadata(data: Any) -> dict:
    """The ``metadata`` mapping of guideline ``data`` (``{}`` when missing or not a mapping)."""
    return mapping(data.get("metadata")) if isinstance(data, dict) else {}


def place_not_in_title(md: Any, title: str) -> Optional[str]:
    """The jurisdiction's name from metadata ``md``, unless ``title`` names it or it is an
    import's placeholder: most guidelines are titled “Sex Work Response Guidelines”, and an
    advisory reviewer who reviews for several cities could not tell whose they were reading."""
    import re

    j = mapping(mapping(md).get("jurisdiction"))
    name = str(j.get("name") or "").strip()
    if not name or name.startswith("To be named"):
        return None
    core = re.sub(r"^.*?\bof\s+", "", name) if re.search(r"\bof\s+\S", name) else name
    return None if core.lower() in title.lower() else name


_PLACEHOLDER_WORDS = ("to be named", "to be confirmed", "to be determined", "to be decided", "to be assigned",
                      "tbd", "tbc", "tba")


def is_placeholder(text: Any) -> bool:
    """Words that stand in for a value not written yet: the import's “To be named (the role
    that owns these guidelines)”, and what drafters type for one (“TBD”, “To be confirmed”)."""
    import re

    words = " ".join(str(text or "").lower().split())
    return not words or any(re.match(re.escape(w) + r"\b", words) for w in _PLACEHOLDER_WORDS)


def placeholder_owners(data: Any) -> list[str]:
    """The roles of ``metadata.owners`` that are still placeholders (all of them when there is
    no owner at all, as ``[""]``): who owns the draft is what a reviewer is told, and whom they
    hold to it."""
    owners = [mapping(o) for o in items(metadata(data).get("owners"))]
    if not owners:
        return [""]
    return [str(o.get("role") or "") for o in owners if is_placeholder(o.get("role"))]


def placeholder_owner_line(data: Any, file: str, where: str) -> Optional[str]:
    """The warning a draft whose owner is still a placeholder gets when it goes to reviewers
    (``where``: "reviewers read it as its owner (…)" is said of the room or the packet), or None."""
    roles = placeholder_owners(data)
    if not roles:
        return None
    said = (f"the placeholder “{roles[0]}”" if roles[0] else "no one") if len(roles) == 1 \
        else f"{len(roles)} placeholders (“{roles[0]}”, …)"
    return (f"{file}: warning: the draft's owner is still {said}, and reviewers read it as its owner (write the "
            f"role that owns the guideline under metadata.owners, e.g. `- role: Manager, Community Safety`; {where})")


def version(data: Any) -> Optional[str]:
    """``metadata.version`` as text, or None when there is none.

    The one normalisation: a string is returned as written; any other value that is set
    is shown as Python writes it (YAML reads ``version: 1.2`` as a number — validation
    rejects it, but a tolerant reader still names the version it sees); a missing or null
    version is None."""
    v = metadata(data).get("version")
    return str(v) if v is not None else None


def stated_version(data: Any) -> Optional[str]:
    """``metadata.version`` as ``version`` shows it when one is stated, else None: a missing,
    null or falsy value (0, false, an empty string) states no version. What ``compare`` lists
    and the advisory sign-off gate compares with the version the advisory signed off."""
    v = metadata(data).get("version")
    return str(v) if v else None


def written_version(data: Any) -> Optional[str]:
    """``metadata.version`` when it is written as text, else None: the version a finding's
    anchor records. A number or a date there is a validation error, and the finding says
    no version rather than the one ``version`` would show."""
    v = metadata(data).get("version")
    return v if isinstance(v, str) else None


# --------------------------------------------------------------------------- sections


class SectionAt(NamedTuple):
    """One section met on the walk: its path in the data (for ``Document.locate``), the
    section's mapping, the enclosing section (None at the top) and its depth (0 at the top)."""

    path: tuple
    section: dict
    parent: Optional[dict]
    depth: int


class ClauseAt(NamedTuple):
    """One clause: its path in the data, the clause's mapping and the section holding it."""

    path: tuple
    clause: dict
    section: dict


def walk_sections(data: Any) -> Iterator[SectionAt]:
    """Every section (a mapping) of guideline ``data``, nested ones too, depth first: a
    section, then its subsections, then its next sibling."""

    def walk(values: Any, prefix: tuple, parent: Optional[dict], depth: int) -> Iterator[SectionAt]:
        for i, s in enumerate(items(values)):
            if isinstance(s, dict):
                yield SectionAt(prefix + (i,), s, parent, depth)
                yield from walk(s.get("sections"), prefix + (i, "sections"), s, depth + 1)

    if isinstance(data, dict):
        yield from walk(data.get("sections"), ("sections",), None, 0)


# One slot: several structure rules walk the same document in turn.
_LAST_SECTIONS: list = [None, None]  # [data, its sections]


def sections(data: Any) -> list[tuple[tuple, dict]]:
    """(path, section) of every section of ``data`` (``walk_sections`` as a list, kept for the
    last document asked about, so rules that each walk the same document walk it once)."""
    if _LAST_SECTIONS[0] is data:
        return _LAST_SECTIONS[1]
    out = [(at.path, at.section) for at in walk_sections(data)]
    _LAST_SECTIONS[0], _LAST_SECTIONS[1] = data, out
    return out


def identified_sections(data: Any) -> Iterator[SectionAt]:
    """The sections that have a string ``id`` and whose enclosing sections all have one — the
    sections a reader can address by id (a section without an id hides its subsections)."""
    hidden: set[int] = set()  # id() of sections left out, so their subsections are left out too
    for at in walk_sections(data):
        if (at.parent is not None and id(at.parent) in hidden) or not isinstance(at.section.get("id"), str):
            hidden.add(id(at.section))
            continue
        yield at


def section_clauses(section: Any) -> Iterator[tuple[int, dict]]:
    """(index, clause) of every clause (a mapping) of one section."""
    for j, c in enumerate(items(mapping(section).get("clauses"))):
        if isinstance(c, dict):
            yield j, c


def clauses(data: Any) -> Iterator[ClauseAt]:
    """Every clause of every section, in document order."""
    for spath, section in sections(data):
        for j, c in section_clauses(section):
            yield ClauseAt(spath + ("clauses", j), c, section)


def protocols(data: Any, protocol: str) -> list[tuple[tuple, dict]]:
    """(path, section) of the sections that are protocol ``protocol`` (``protocol: NAME``)."""
    return [(p, s) for p, s in sections(data) if s.get("protocol") == protocol]


# --------------------------------------------------------------------------- definitions


def is_self_identification(definition: Any) -> bool:
    """Whether a glossary definition is a term people use for themselves (its words are
    theirs, so checks do not flag them)."""
    return isinstance(definition, dict) and bool(definition.get("self_identification"))


def self_identification_terms(data: Any) -> list[str]:
    """The terms and aliases of the self-identification definitions, as written, in order."""
    out: list[str] = []
    if not isinstance(data, dict):
        return out
    for d in items(data.get("definitions")):
        if is_self_identification(d):
            if isinstance(d.get("term"), str):
                out.append(d["term"])
            out.extend(a for a in items(d.get("aliases")) if isinstance(a, str))
    return out


__all__ = ["ClauseAt", "SectionAt", "clauses", "identified_sections", "is_self_identification", "items", "mapping",
           "metadata", "name_key", "protocols", "section_clauses", "sections", "self_identification_terms",
           "strings", "version", "walk_sections", "written_version"]
