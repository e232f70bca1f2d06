"""Whether a review file's data plainly keeps the shape its JSON Schema describes, without
pydantic.

`check` reads the review file beside a guideline for its threads (privacy, open objections).
A file that breaks its schema (an unknown key, ``threads: 3``) must be said there as publish
and `review list` say it, but importing pydantic to validate costs a cold single-file check
about 100 ms (``tests/test_cold_check.py`` keeps `check` of a valid guideline free of it).
``plainly_valid`` walks the data against ``schemas/review.schema.json`` (generated from the
pydantic models: `lic-policy schema`) — keys, types, required fields, enumerations, patterns,
lengths, minimums and date-times — and answers ``False`` for anything it is not sure of; the caller then
validates with pydantic, which finds and words the problem. So the message never depends on
which path ran; a file the walk accepts may still fail a model check only pydantic makes (thread
ids used twice, a suggestion without its replacement, a handle that looks like an email), which
publish says.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any


@functools.lru_cache(maxsize=1)
def _schema() -> dict:
    from ..resources import data_dir

    with open(data_dir("schemas") / "review.schema.json", encoding="utf-8") as f:
        return json.load(f)


_IGNORED = frozenset({"title", "description", "default", "$schema", "$id", "$defs"})
_KNOWN = _IGNORED | {"type", "properties", "additionalProperties", "required", "items", "$ref", "anyOf", "enum",
                     "minLength", "maxLength", "minimum", "pattern", "format"}


def plainly_valid(data: Any) -> bool:
    """True when ``data`` keeps the review file's schema in every part this walk reads."""
    schema = _schema()
    try:
        return _ok(data, schema, schema.get("$defs", {}))
    except RecursionError:  # nesting deeper than Python's stack: pydantic words it
        return False


def _date_time(v: str) -> bool:
    """The schema's ``date-time`` as the models read it (ISO 8601, a ``Z`` for UTC)."""
    import datetime as dt

    try:
        dt.datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _ok(v: Any, s: dict, defs: dict) -> bool:
    if not s.keys() <= _KNOWN:
        return False  # a keyword this walk does not read: be unsure
    if "$ref" in s:
        return _ok(v, defs.get(s["$ref"].rsplit("/", 1)[-1], {"type": "unknown"}), defs)
    if "anyOf" in s:
        return any(_ok(v, alt, defs) for alt in s["anyOf"])
    if "enum" in s and v not in s["enum"]:
        return False
    kind = s.get("type")
    if kind == "object":
        if type(v) is not dict:
            return False
        props = s.get("properties", {})
        if s.get("additionalProperties") is False and not v.keys() <= props.keys():
            return False
        if any(k not in v for k in s.get("required", ())):
            return False
        return all(_ok(v[k], props[k], defs) for k in v if k in props)
    if kind == "array":
        return type(v) is list and all(_ok(x, s.get("items", {}), defs) for x in v)
    if kind == "string":
        if type(v) is not str or len(v) < s.get("minLength", 0) or len(v) > s.get("maxLength", len(v)):
            return False
        if "format" in s and not (s["format"] == "date-time" and _date_time(v)):
            return False
        return "pattern" not in s or re.search(s["pattern"], v) is not None
    if kind == "integer":
        return type(v) is int and v >= s.get("minimum", v)
    if kind == "boolean":
        return type(v) is bool
    if kind == "null":
        return v is None
    if kind is None:
        return "enum" in s  # an enumeration alone (already tested above)
    return False
