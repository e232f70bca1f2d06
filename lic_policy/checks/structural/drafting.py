"""Drafting: the to-do items a draft still carries (``draft.todo``)."""

from __future__ import annotations

from ... import guideline_data as gd
from ..findings import finding_at
from .common import (guideline_only, status_of)


@guideline_only
def todo_items(doc, config, rule):
    """Every to-do item the draft still carries, as information."""
    data = doc.data
    status = status_of(data)
    for i, item in enumerate(gd.items(data.get("todo"))):
        text = gd.mapping(item).get("text")
        if not isinstance(text, str) or not text.strip():
            continue
        late = "" if status == "draft" else f" — still open although the status is '{status}'"
        yield finding_at(rule, doc, ("todo", i), f"to do: {' '.join(text.split())}{late}")
