"""What the structural reviewers share: the LIC tables they compare against, the guideline's
status, its consultation record, and ``guideline_only``, the wrapper every rule function wears
(guidelines only; parts a draft's to-do items stand in for are left to the to-do; a quote
anchor kept only in prose fields). The guideline's raw data is read through
``lic_policy.guideline_data`` (tolerant accessors: a missing or mistyped field is absent)."""

from __future__ import annotations

import functools
import weakref
from typing import Any, Optional

from ... import guideline_data as gd
from ...model.finding import Finding
from ...model.vocab import KEY_AREA_TITLES, SEX_WORKER_GROUPS, STAGE_ORDER, STATUS_ORDER

# Groups whose presence counts as sex workers taking part in a stage.
INVOLVED_GROUPS = SEX_WORKER_GROUPS | {"sex-worker-led-organizations"}
KEY_AREAS = {key: title.lower() for key, title in KEY_AREA_TITLES.items()}  # for messages
# The LIC table (seed 003, step 3), in the order the toolkit lists it.
LIC_TABLE = {
    "current-sex-workers": "current sex workers",
    "former-sex-workers": "former sex workers",
    "sex-worker-serving-organizations": "sex-worker-serving organizations",
    "police": "police",
    "community-policing": "community policing",
    "health": "health",
    "municipal-government": "municipal government",
    "provincial-government": "provincial government",
    "neighbourhood-organizations": "neighbourhood organizations",
    "residents": "residents",
    "indigenous-organizations": "Indigenous organizations",
    "business": "business",
    "youth-serving-organizations": "youth-serving organizations",
}
# Stages the status says are behind the guideline (a stage not yet reached is fine).
PASSED_STAGES = {
    "draft": ["design"],
    "in-review": ["design", "drafting"],
    "approved": ["design", "drafting", "review", "approval"],
    "published": ["design", "drafting", "review", "approval", "implementation"],
    "retired": STAGE_ORDER,
}
NEXT_STEP = {
    "design": "before drafting",
    "drafting": "before review",
    "review": "before approval",
    "approval": "before publishing",
    "implementation": "before the next review",
    "evaluation": "before the next version",
}


def status_of(data: dict) -> str:
    """``metadata.status``; a missing or unknown one reads as ``draft``."""
    s = gd.metadata(data).get("status")
    return s if s in STATUS_ORDER else "draft"


def status_at_least(data: dict, status: str) -> bool:
    return STATUS_ORDER.index(status_of(data)) >= STATUS_ORDER.index(status)


def consultation_of(data: dict) -> Optional[dict]:
    """The consultation record, or None when there is none (or it is not a mapping)."""
    c = data.get("consultation")
    return c if isinstance(c, dict) else None


def section_text(section: dict) -> str:
    """A section's title, intro and clause texts, one per line."""
    parts = [str(section.get("title") or ""), str(section.get("intro") or "")]
    parts += [str(gd.mapping(c).get("text") or "") for c in gd.items(section.get("clauses"))]
    return "\n".join(parts)


def join_and(items: list[str]) -> str:
    """"a", "a and b", "a, b and c"; "a; b; and c, d" when a name holds a comma (the key area
    "policy, systems & structures": "practice and policy, systems & structures" read as three)."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    if len(items) > 2 and any("," in i for i in items):
        return "; ".join(items[:-1]) + "; and " + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]


def guideline_only(fn):
    """Structure rules read guidelines (``lic_policy:`` or ``metadata:``); review and config files are not."""

    @functools.wraps(fn)
    def wrapper(doc, config, rule):
        data = doc.data
        if not isinstance(data, dict) or "lic_policy_review" in data or not ("metadata" in data or "lic_policy" in data):
            return ()  # a review file, a config file or other YAML that is not a guideline
        covered = todo_covered(data) if "todo" in data else ()
        return [prose_anchor_only(doc, f) for f in fn(doc, config, rule) or ()
                if not any(tuple(f.path[:len(p)]) == p for p in covered)]

    return wrapper


def about_path(about: Any) -> tuple:
    """A to-do's ``about`` ("consultation.stages.1") as a data path."""
    if not isinstance(about, str) or not about.strip():
        return ()
    return tuple(int(p) if p.isdigit() else p for p in about.strip().split("."))


def is_written(data: Any, path: tuple) -> bool:
    """Whether ``path`` holds something in ``data`` (not missing, null or empty)."""
    node = data
    for part in path:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return False
    return node not in (None, [], {})


def todo_covered(data: dict) -> list[tuple]:
    """The parts a draft's to-do items stand in for: named by ``about`` and not written yet.
    Findings about them are reported as the to-do (info, by ``draft.todo``) instead."""
    if status_of(data) != "draft":
        return []
    out = []
    for item in gd.items(data.get("todo")):
        path = about_path(gd.mapping(item).get("about"))
        if path and not is_written(data, path):
            out.append(path)
    return out


_PROSE_PATHS: "weakref.WeakKeyDictionary[Any, frozenset]" = weakref.WeakKeyDictionary()
"""Each checked document's prose-field paths (``text.guideline_units``: about 1.3 ms a
guideline), worked out once per document however many of its findings ask."""


def _prose_paths(doc) -> frozenset:
    paths = _PROSE_PATHS.get(doc)
    if paths is None:
        from ...text import guideline_units

        paths = frozenset(u.path for u in guideline_units(doc.data))
        _PROSE_PATHS[doc] = paths
    return paths


def prose_anchor_only(doc, f: Finding) -> Finding:
    """Keep a quote anchor only where review threads can follow it: in a prose field (a text
    unit). Elsewhere (a stage's status, a count, a note) the finding keeps its place in the
    YAML and its element, but is not turned into a review thread."""
    if f.anchor is None or f.anchor.quote is None or f.file != getattr(doc, "file", None):
        return f
    if tuple(f.path) not in _prose_paths(doc):
        f.anchor = f.anchor.without_quote()
    return f
