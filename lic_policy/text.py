"""A guideline as addressable text units: every prose field with its place.

A ``TextUnit`` is one string field: its path in the YAML data (for line:column), the id
of the element that holds it (clause, section, principle, service, ...) and the field
name (the pair an ``Anchor`` uses), its text, and what kind of text it is:

* ``prose``    — ordinary text the language and framing reviewers read;
* ``quote``    — quoted or cited text (quotation/citation clauses, legal citations,
                 reference titles): checks skip it;
* ``name``     — proper names (organizations, bodies, reference publishers): only rules
                 that read names see it;
* ``definition`` — glossary definitions: they describe a term (even a harmful practice such
                 as displacement), so framing rules do not read them; language rules do.

Plain ``.md``/``.txt`` files become units too (one per paragraph), so prose rules run on
existing documents.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator, NamedTuple, Optional

PROSE, QUOTE, NAME, DEFINITION = "prose", "quote", "name", "definition"


class TextUnit(NamedTuple):
    """One text field (a named tuple: a check builds about 200 per guideline, and a tuple is
    three times cheaper to make than a frozen dataclass)."""

    path: tuple  # path in the YAML data (for Document.locate)
    element: Optional[str]  # id of the holding element (clause/section/...); None for top-level fields
    field: str  # field name within the element, or a dotted path for top-level fields
    text: str
    kind: str = PROSE
    section: Optional[str] = None  # id of the enclosing section, for clauses
    start: int = 0  # for prose files: code-point offset of the unit in the file

    @property
    def is_clause(self) -> bool:
        return len(self.path) >= 3 and self.path[-3] == "clauses" and self.path[-1] == "text"


# (list field, [(field, kind)]): text fields of id-bearing list items
_LIST_FIELDS: list[tuple[str, list[tuple[str, str]]]] = [
    ("definitions", [("term", NAME), ("definition", DEFINITION)]),
    ("principles", [("title", PROSE), ("text", PROSE)]),
    ("priorities", [("text", PROSE)]),
    ("services", [("organization", NAME), ("description", PROSE), ("hours", NAME)]),
    ("work_plan", [("title", PROSE), ("description", PROSE), ("owner_role", NAME)]),
    ("references", [("title", QUOTE), ("publisher", NAME)]),
]


def _s(value: Any) -> bool:
    return isinstance(value, str) and value != ""


def guideline_units(data: dict) -> Iterator[TextUnit]:
    """Every text field of a guideline's plain data (as loaded, before validation)."""
    if not isinstance(data, dict):
        return
    md = data.get("metadata")
    if isinstance(md, dict):
        for f in ("title", "summary"):
            if _s(md.get(f)):
                yield TextUnit(("metadata", f), None, f"metadata.{f}", md[f])
        for i, owner in enumerate(md.get("owners") or []):
            if isinstance(owner, dict) and _s(owner.get("role")):
                yield TextUnit(("metadata", "owners", i, "role"), None, f"metadata.owners.{i}.role", owner["role"], NAME)
    if _s(data.get("purpose")):
        yield TextUnit(("purpose",), None, "purpose", data["purpose"])
    scope = data.get("scope")
    if isinstance(scope, dict):
        for f in ("text", "excludes"):
            if _s(scope.get(f)):
                yield TextUnit(("scope", f), None, f"scope.{f}", scope[f])
        for i, aud in enumerate(scope.get("audiences") or []):
            if isinstance(aud, dict):
                for f in ("name", "description"):
                    if _s(aud.get(f)):
                        yield TextUnit(("scope", "audiences", i, f), aud.get("id"), f, aud[f])
    for list_name, fields in _LIST_FIELDS:
        for i, item in enumerate(data.get(list_name) or []):
            if not isinstance(item, dict):
                continue
            element = item.get("id") if isinstance(item.get("id"), str) else None
            for f, kind in fields:
                value = item.get(f)
                if _s(value):
                    yield TextUnit((list_name, i, f), element, f if element else f"{list_name}.{i}.{f}", value,
                                   kind if not (list_name == "definitions" and _self_id(item)) else QUOTE)
            if list_name == "services":
                for j, offer in enumerate(item.get("offers") or []):
                    if _s(offer):
                        yield TextUnit((list_name, i, "offers", j), element, f"offers.{j}", offer)
    yield from _section_units(data.get("sections") or [], ("sections",))
    cons = data.get("consultation")
    if isinstance(cons, dict):
        if _s(cons.get("summary")):
            yield TextUnit(("consultation", "summary"), None, "consultation.summary", cons["summary"])
        for i, st in enumerate(cons.get("stages") or []):
            if isinstance(st, dict) and _s(st.get("notes")):
                yield TextUnit(("consultation", "stages", i, "notes"), None, f"consultation.stages.{i}.notes", st["notes"])
        for i, item in enumerate(cons.get("confidentiality") or []):
            if _s(item):
                yield TextUnit(("consultation", "confidentiality", i), None, f"consultation.confidentiality.{i}", item)
        for key, f in (("representative_selection", "description"), ("compensation", "notes")):
            sub = cons.get(key)
            if isinstance(sub, dict) and _s(sub.get(f)):
                yield TextUnit(("consultation", key, f), None, f"consultation.{key}.{f}", sub[f])
    gov = data.get("governance")
    if isinstance(gov, dict):
        if _s(gov.get("terms_of_reference")):
            yield TextUnit(("governance", "terms_of_reference"), None, "governance.terms_of_reference",
                           gov["terms_of_reference"])
    rs = data.get("review_schedule")
    if isinstance(rs, dict):
        for i, t in enumerate(rs.get("triggers") or []):
            if _s(t):
                yield TextUnit(("review_schedule", "triggers", i), None, f"review_schedule.triggers.{i}", t)


def _self_id(item: dict) -> bool:
    return bool(item.get("self_identification"))


def _section_units(sections: list, prefix: tuple) -> Iterator[TextUnit]:
    for i, sec in enumerate(sections):
        if not isinstance(sec, dict):
            continue
        path = prefix + (i,)
        sid = sec.get("id") if isinstance(sec.get("id"), str) else None
        for f in ("title", "intro"):
            if _s(sec.get(f)):
                yield TextUnit(path + (f,), sid, f, sec[f], PROSE, sid)
        for j, cl in enumerate(sec.get("clauses") or []):
            if not isinstance(cl, dict):
                continue
            cid = cl.get("id") if isinstance(cl.get("id"), str) else None
            quoted = cl.get("kind") in ("quotation", "citation")
            if _s(cl.get("text")):
                yield TextUnit(path + ("clauses", j, "text"), cid, "text", cl["text"], QUOTE if quoted else PROSE, sid)
            cit = cl.get("citation")
            if isinstance(cit, dict) and _s(cit.get("source")):
                yield TextUnit(path + ("clauses", j, "citation", "source"), cid, "citation.source", cit["source"],
                               QUOTE, sid)
        yield from _section_units(sec.get("sections") or [], path + ("sections",))


def quote_spans(text: str, quote: str) -> list[tuple[int, int]]:
    """(start, end) of every place ``quote`` occurs in ``text``; a space in the quote matches any
    run of white space (the YAML may wrap lines). What `review add --quote` and the review
    room's "these exact words" look for."""
    import re

    pattern = re.compile(r"\s+".join(re.escape(part) for part in quote.split()) or re.escape(quote))
    spans = []
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            break
        spans.append((m.start(), m.end()))
        pos = m.start() + 1
    return spans


def find_unit(units: list[TextUnit], element: Optional[str], field: str) -> Optional[TextUnit]:
    for u in units:
        if u.element == element and u.field == field:
            return u
    return None


# --------------------------------------------------------------------------- prose files


def prose_units(text: str) -> Iterator[TextUnit]:
    """Paragraphs of a Markdown or text file. Blockquotes (``>``) and fenced code are quotes."""
    pos = 0
    n = len(text)
    in_fence = False
    para_start: Optional[int] = None
    para_kind = PROSE
    count = 0

    def flush(end: int) -> Iterator[TextUnit]:
        nonlocal para_start, count
        if para_start is not None:
            body = text[para_start:end].rstrip("\n")
            if body.strip():
                yield TextUnit(("paragraph", count), None, f"paragraph.{count}", body, para_kind, None, para_start)
                count += 1
        para_start = None

    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl == -1 else nl + 1
        line = text[pos:end]
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            yield from flush(pos)
            in_fence = not in_fence
            pos = end
            continue
        if in_fence:
            pos = end
            continue
        if not stripped:
            yield from flush(pos)
        else:
            kind = QUOTE if stripped.startswith(">") else PROSE
            if para_start is not None and kind != para_kind:
                yield from flush(pos)
            if para_start is None:
                para_start, para_kind = pos, kind
        pos = end
    yield from flush(n)


UnitFilter = Callable[[TextUnit], bool]
