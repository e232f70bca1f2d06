"""A finding's fix: the replacement for the matched words (case kept), whether applying it
without reading the sentence is safe, and applying fixes to a text (a/an corrected). The
``fix`` command (``fixes.py``) decides which fixes are applied where."""

from __future__ import annotations

import re
from typing import Optional

from .. import lazy_re
from .normalize import for_matching
from .packs import Rule


def fix_for(rule: Rule, match: str) -> Optional[str]:
    """The replacement the rule lists for ``match`` (case kept), or None where it lists none
    (an ambiguous word); whether applying it unread is safe: ``fix_is_safe``."""
    if not rule.fix:
        return None
    # the words as the rule read them: a soft hyphen, a ligature, a look-alike letter or a
    # hyphen at a line end in the match as written (pasted from Word or a PDF) left it unfixed
    read = for_matching(match)[0]
    key = re.sub(r"\s+", " ", read.lower().replace("’", "'"))
    if rule.case_sensitive:
        key = re.sub(r"\s+", " ", read.replace("’", "'"))
    replacement = rule.fix.get(key)
    if replacement is None:
        return None
    if match.isupper() and len(match) > 1:
        return replacement.upper()
    if match[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


_ARTICLE = lazy_re.compile(r"\b([Aa]n?)(\s+)$")


def apply_fixes(text: str, fixes: list[tuple[int, int, str]]) -> str:
    """Apply (start, end, replacement) fixes right to left, correcting a/an before them."""
    out = text
    for start, end, replacement in sorted(fixes, reverse=True):
        out = out[:start] + replacement + out[end:]
        m = _ARTICLE.search(out[:start])
        if m:
            want = "an" if replacement[:1].lower() in "aeiou" else "a"
            article = m.group(1)
            if article.lower() != want:
                new = want.capitalize() if article[0].isupper() else want
                out = out[:m.start(1)] + new + out[m.end(1):]
    return out


def fix_is_safe(rule: Rule, match: str, text: str, start: int) -> bool:
    """A fix is safe when its rule says so and nothing around the match makes it doubtful:
    a capitalised match inside a sentence may be part of a name."""
    if not rule.fix_safe:
        return False
    if match[:1].isupper() and start > 0:
        before = text[max(0, start - 3):start]
        if not re.search(r"(?:^|[.!?:\n#>*-]|^\s*)\s*[\"'“‘(]?$", before):
            return False
    return True

