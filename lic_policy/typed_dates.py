"""Dates a person types into an option or the environment (``--date``, ``--closes``,
``LIC_POLICY_NOW``), read the one way the help shows them.

Python's ``datetime.fromisoformat`` reads far more than the examples the help gives: ISO 8601's
basic form ('20260301', '20260301T1000'), week dates ('2026W091' is the Monday of week 9), an
hour alone ('2026-03-01T10') and seconds in an offset. Five thousand ones were read as
1111-11-11T11:11:11 and a comment dated so. This module takes the extended form only:
``YYYY-MM-DD``, optionally with a time ``HH:MM`` or ``HH:MM:SS[.fraction]`` after 'T' (or a
space) and an offset ``Z``, ``±HH:MM`` or ``±HHMM``.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Union

_TYPED = re.compile(r"\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?",
                    re.ASCII)


def read_typed_date(value: str) -> Union[_dt.date, _dt.datetime]:
    """A date (``date``) or date-time (``datetime``, naive unless an offset was written);
    ValueError when ``value`` is not written ``YYYY-MM-DD[THH:MM[:SS[.f]]][Z|±HH:MM]``."""
    if not isinstance(value, str) or not _TYPED.fullmatch(value):
        raise ValueError(f"not an ISO 8601 date: {value!r}")
    if len(value) == 10:
        return _dt.date.fromisoformat(value)
    text = value[:10] + "T" + value[11:]
    text = re.sub(r"[Zz]$", "+00:00", text)
    m = re.search(r"\.(\d+)", text)
    if m and len(m.group(1)) > 6:  # fromisoformat takes a fraction of up to six digits as written
        text = text[:m.start(1) + 6] + text[m.end(1):]
    return _dt.datetime.fromisoformat(text)
