"""Write accepted suggestions into the guideline YAML.

Each accepted suggestion replaces exactly its anchored words. The anchor must still
match the current text (same element, field, offsets and quote) — otherwise nothing is
written and the user is told to run ``review reanchor`` first. Edits go through
``Document.replace_text``: only the changed scalars' bytes differ, comments and
formatting stay, and the file is written atomically.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import InputError


@dataclass
class ApplyResult:
    applied: list = field(default_factory=list)  # thread ids
    text: str = ""  # the new guideline source
    fields: int = 0


def plan(doc, threads) -> dict:
    """Group accepted suggestions by text unit; refuse stale or overlapping anchors."""
    from ..text import guideline_units
    from .anchoring import UnitIndex

    index = UnitIndex(guideline_units(doc.data))
    groups: dict = {}
    for t in threads:
        if t.kind != "suggestion" or t.status != "accepted":
            continue
        a = t.anchor
        unit = index.get(a.clause, a.field)
        where = (a.clause or "") + ("" if a.field == "text" and a.clause else (" " if a.clause else "") + a.field)
        if unit is None:
            raise InputError(f"thread {t.id}: '{where.strip()}' is not in the guideline any more; nothing was written",
                             file=doc.file, hint="run `lic-policy review reanchor` first")
        if unit.text[a.position.start:a.position.end] != a.quote.exact:
            line, col = doc.locate(unit.path, a.position.start)
            raise InputError(f"thread {t.id}: the anchored text no longer reads {a.quote.exact!r}; nothing was written",
                             file=doc.file, line=line, column=col,
                             hint="run `lic-policy review reanchor` first, then accept the suggestion again if it "
                                  "still applies")
        groups.setdefault(unit.path, (unit, []))[1].append(t)
    for path, (unit, items) in groups.items():
        items.sort(key=lambda t: t.anchor.position.start)
        for a, b in zip(items, items[1:]):
            if b.anchor.position.start < a.anchor.position.end:
                line, col = doc.locate(unit.path, b.anchor.position.start)
                raise InputError(f"threads {a.id} and {b.id} suggest changes to overlapping words; nothing was "
                                 "written", file=doc.file, line=line, column=col,
                                 hint="reject one of them, or merge them into one suggestion")
    return groups


def apply_suggestions(doc, threads) -> ApplyResult:
    """New guideline source with every accepted suggestion written in (not saved)."""
    from ..store import parse

    groups = plan(doc, threads)
    result = ApplyResult(text=doc.text)
    current = doc
    for path, (unit, items) in groups.items():
        value = unit.text
        for t in reversed(items):  # right to left keeps earlier offsets valid
            a = t.anchor
            value = value[:a.position.start] + t.replacement + value[a.position.end:]
        if value == "":
            raise InputError(f"thread {items[0].id}: the suggestion would leave "
                             f"{'.'.join(map(str, path))} empty; nothing was written", file=doc.file,
                             hint="a text field cannot be empty; reject the suggestion or edit it")
        new_text = current.replace_text(path, value)
        current = parse(new_text, doc.file)
        result.applied.extend(t.id for t in items)
        result.fields += 1
    result.text = current.text
    return result
