"""Drafting: the to-do items a draft still carries (``draft.todo``), and the services' fields
the import wrote as “To be confirmed” once no to-do item stands in for them."""

from __future__ import annotations

from ... import guideline_data as gd
from ..findings import finding_at
from .common import (guideline_only, join_and, status_of)


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
    if any(str(gd.mapping(item).get("about") or "").split(".")[0] == "services" for item in gd.items(data.get("todo"))):
        return  # the import's services to-do item stands in for what it marked to be confirmed
    yield from _to_be_confirmed(doc, rule, data)


TO_BE_CONFIRMED = "To be confirmed"  # what ``lic-policy import`` writes for what a services table did not say
_SERVICE_FIELDS = (("offers", "what it offers"), ("regions", "regions"), ("contact", "contact"), ("hours", "hours"))


def _to_be_confirmed(doc, rule, data):
    """A services entry whose fields still say “To be confirmed” (ux23: the drafter deleted the
    import's to-do item, and the council PDF read “Hours: To be confirmed” under every service)."""
    for i, service in enumerate(gd.items(data.get("services"))):
        service = gd.mapping(service)
        left = []
        for key, words in _SERVICE_FIELDS:
            value = service.get(key)
            values = list(value.values()) if isinstance(value, dict) else value if isinstance(value, list) else [value]
            if any(isinstance(v, str) and v.strip() == TO_BE_CONFIRMED for v in values):
                left.append((key, words))
        if left:
            name = str(service.get("organization") or service.get("id") or f"service {i + 1}")
            one = len(left) == 1 and left[0][0] in ("contact", "offers")
            yield finding_at(rule, doc, ("services", i, left[0][0]),
                             f"to do: {name}'s {join_and([w for _k, w in left])} still say{'s' if one else ''} "
                             f"“To be confirmed”: write what {'it is' if one else 'they are'} (the published "
                             f"guideline shows {'it as it is' if one else 'them as they are'})",
                             suggestions=["ask the organisation, and write its answer in place of “To be confirmed”"])
