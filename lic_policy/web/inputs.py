"""What the review room accepts from a browser, and the plain-language reason when it does not.

Text from reviewers is data: it is stored exactly as written and escaped wherever it is
shown. Text that looks like web page code — a tag such as ``<script>`` or ``<img>``, an
event handler such as ``onerror=``, a ``javascript:`` (or ``data:``, ``vbscript:``) link —
or that is not text at all (control characters, binary data), or too long, is refused with a
clear message and nothing is stored: a guideline's review file is no place for it, and an
accepted suggestion would carry it into the guideline.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Optional
from urllib.parse import parse_qsl

MAX_BODY_BYTES = 64 * 1024
"""Largest request body accepted (a comment is a few hundred characters)."""

MAX_COMMENT = 4000
MAX_REPLACEMENT = 4000
MAX_FIELDS = 40

_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<[!?][^<>]*>|</?(?:script|style|iframe|img|svg|object|embed|link|meta)\b",
                  re.IGNORECASE)  # as browsers read tags: "a < b" is text, "<b>" is a tag
_HANDLER = re.compile(
    r"\bon(?:abort|afterprint|animation\w*|auxclick|before\w+|blur|cancel|can\w*|change|click|close|contextmenu|copy|"
    r"cut|dbl\w+|drag\w*|drop|durationchange|emptied|ended|error|focus\w*|formdata|hashchange|input|invalid|key\w+|"
    r"load\w*|message\w*|mouse\w+|offline|online|page\w+|paste|pause|play\w*|pointer\w+|popstate|progress|"
    r"ratechange|reset|resize|scroll\w*|search|seek\w+|select\w*|show|stalled|storage|submit|suspend|"
    r"timeupdate|toggle|touch\w+|transition\w*|unload|volumechange|waiting|wheel)\s*=", re.IGNORECASE)
_SCHEME = re.compile(r"(?:java|vb|live)\s*script\s*:|\bdata\s*:\s*[a-z]+/[a-z0-9.+-]+", re.IGNORECASE)


class InputProblem(Exception):
    """A request the review room refuses: an HTTP status and a plain-language message key
    (translated for the page) with its values."""

    def __init__(self, status: int, message: str, **values: Any):
        super().__init__(message)
        self.status = status
        self.message = message
        self.values = values


def text_problem(text: str, *, limit: int, what: str) -> Optional[InputProblem]:
    """Why ``text`` cannot be stored (None when it can). ``what`` names the box for the message."""
    # zero-width spaces, joiners, direction marks (format characters, Cf) show nothing: a box
    # holding only them is as empty as one holding only spaces
    from ..checks.normalize import shows_nothing

    if shows_nothing(text):
        return InputProblem(422, "{what}: the box is empty. Please write something before sending.", what=what)
    if len(text) > limit:
        return InputProblem(422, "{what}: too long ({n} characters; at most {limit}). Please shorten it.",
                            what=what, n=len(text), limit=limit)
    for ch in text:
        if ch in "\n\t":
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cs", "Co", "Cn") or ch in "\ufffe\uffff\ufffd":
            return InputProblem(422, "{what}: it contains characters that are not text (for example from a file or "
                                     "a copied image). Please type or paste plain text.", what=what)
        if ch in "\u202d\u202e":
            # a direction override shows the words after it reordered ('devorppa' read as
            # 'approved'): what staff and other reviewers read would not be what was written;
            # `validate` and `review add` refuse it too
            return InputProblem(422, "{what}: it contains an invisible character that shows the words after it in "
                                     "reverse order (U+{code}). Please type or paste the words again as they read.",
                                what=what, code=f"{ord(ch):04X}")
    m = _TAG.search(text) or _HANDLER.search(text) or _SCHEME.search(text)
    if m:
        return InputProblem(422, "{what}: it contains what looks like web page code ({code}). Comments are plain "
                                 "text: please remove it and send again.", what=what, code=m.group(0)[:40])
    return None


@dataclass
class Body:
    """A parsed request body: form fields or JSON, never both."""

    data: dict
    json: bool


def parse_body(raw: bytes, content_type: str) -> Body:
    """Form (``application/x-www-form-urlencoded``) or JSON bodies only; UTF-8; bounded."""
    ctype = (content_type or "").split(";", 1)[0].strip().lower()
    if len(raw) > MAX_BODY_BYTES:
        raise InputProblem(413, "What you sent is too large (at most {limit} KB).", limit=MAX_BODY_BYTES // 1024)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputProblem(400, "What you sent is not readable text (it must be UTF-8).") from None
    if ctype == "application/x-www-form-urlencoded":
        try:
            pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text),
                              max_num_fields=MAX_FIELDS, encoding="utf-8", errors="strict")
        except (ValueError, UnicodeDecodeError):
            raise InputProblem(400, "The form could not be read. Please reload the page and try again.") from None
        data: dict = {}
        for k, v in pairs:
            data.setdefault(k, v)
        return Body(data, False)
    if ctype == "application/json":
        try:
            value = json.loads(text) if text else None
        except (ValueError, RecursionError):  # RecursionError: nested deeper than Python's limit
            raise InputProblem(400, "The form could not be read. Please reload the page and try again.") from None
        if not isinstance(value, dict) or len(value) > MAX_FIELDS:
            raise InputProblem(400, "The form could not be read. Please reload the page and try again.")
        clean = {}
        for k, v in value.items():
            if isinstance(v, bool) or not isinstance(v, (str, int)) or v is None:
                raise InputProblem(400, "The form could not be read. Please reload the page and try again.")
            clean[str(k)] = str(v)
        return Body(clean, True)
    raise InputProblem(415, "This kind of request is not accepted here (send the form from the page).")


def int_field(data: dict, name: str) -> int:
    value = data.get(name, "")
    if not re.fullmatch(r"\d{1,9}", value or ""):
        raise InputProblem(400, "The form could not be read. Please reload the page and try again.")
    return int(value)
