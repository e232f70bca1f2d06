"""Drafting: the to-do items a draft still carries (``draft.todo``)."""

from __future__ import annotations

from ... import guideline_data as gd
from ..findings import finding_at
from .common import (guideline_only, status_of)


@guideline_only
def todo_items(doc, config, rule):
    """Every to-do item the draft still carries, as information."""
    from ...privacy import redact

    data = doc.data
    status = status_of(data)
    for i, item in enumerate(gd.items(data.get("todo"))):
        text = gd.mapping(item).get("text")
        if not isinstance(text, str) or not text.strip():
            continue
        late = "" if status == "draft" else f" — still open although the status is '{status}'"
        # the item is quoted: a name or a phone number in it is masked, as the privacy finding
        # on the same words masks it (a CI log or a pull request annotation shows the message)
        yield finding_at(rule, doc, ("todo", i), f"to do: {redact(' '.join(text.split()))}{late}")
