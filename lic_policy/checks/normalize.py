"""Text as the rules read it: invisible characters dropped, look-alike letters folded.

A stigmatizing term can hide from a plain regular expression behind a zero-width space
(``pros\u200btitute``), a soft hyphen, a word joiner, a byte-order mark inside a word,
Cyrillic or Greek look-alike letters (``prоstitute`` with a Cyrillic о), full-width or
mathematical letters (``ｐｒｏｓｔｉｔｕｔｅ``) or combining marks. ``for_matching(text)``
returns the text the rules read — each character compatibility-normalised (Unicode NFKC),
look-alike letters mapped to the ASCII letters they imitate (the Unicode confusables data,
through the ``confusable-homoglyphs`` package), invisible characters and combining marks
dropped — and a map from each of its positions back to the text as written, so a finding
is reported where the words really are. ASCII text (nearly all text) is returned as it is.
"""

from __future__ import annotations

import unicodedata
from typing import Optional

INVISIBLE = frozenset("\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\u206a\u206b"
                      "\u206c\u206d\u206e\u206f\ufeff\u034f\u115f\u1160\u3164\uffa0")
"""Characters that render as nothing (zero-width space and joiners, soft hyphen, word joiner,
invisible operators, byte-order mark, Hangul fillers, combining grapheme joiner)."""

_CONFUSABLE: Optional[dict[str, str]] = None


def confusable_map() -> dict[str, str]:
    """Non-ASCII letters that look like an ASCII letter → that letter (Unicode's
    confusables data), loaded on first need."""
    global _CONFUSABLE
    if _CONFUSABLE is None:
        import marshal

        from .. import usercache

        cached = usercache.read("confusables-1.bin")
        if cached:
            try:
                _CONFUSABLE = marshal.loads(cached)
                return _CONFUSABLE
            except (ValueError, EOFError, TypeError):
                pass
        out: dict[str, str] = {}
        try:
            import json
            from importlib.resources import files

            data = json.loads((files("confusable_homoglyphs") / "confusables.json").read_text(encoding="utf-8"))
        except Exception:  # noqa: BLE001 - the package is a dependency; without it, NFKC still folds most
            data = {}
        for ch, homoglyphs in data.items():
            if len(ch) != 1 or ch.isascii() or not ch.isalpha():
                continue
            for h in homoglyphs:
                c = h.get("c", "")
                if len(c) == 1 and c.isascii() and c.isalpha():
                    out[ch] = c
                    break
        _CONFUSABLE = out
        try:  # the package's whole table is 900 KB of JSON; the letters kept are a few KB
            usercache.write("confusables-1.bin", marshal.dumps(out))
        except (ValueError, OSError):
            pass
    return _CONFUSABLE


def for_matching(text: str) -> tuple[str, Optional[list[int]]]:
    """(the text the rules read, back) where ``back[i]`` is the position in ``text`` of the
    character at ``i`` (and ``back[len]`` is ``len(text)``); ``back`` is None when the text
    is returned unchanged."""
    if text.isascii():
        return text, None
    conf: Optional[dict[str, str]] = None
    out: list[str] = []
    back: list[int] = []
    changed = False
    for i, ch in enumerate(text):
        if ch.isascii():
            out.append(ch)
            back.append(i)
            continue
        if ch in INVISIBLE or (unicodedata.category(ch) in ("Mn", "Me") and out and out[-1].isascii()
                               and out[-1].isalpha()):
            changed = True
            continue
        mapped = None
        if ch.isalpha():
            if conf is None:
                conf = confusable_map()
            mapped = conf.get(ch)
        if mapped is None:
            mapped = unicodedata.normalize("NFKC", ch)
            if mapped != ch:
                # keep the NFKC form only where it is plain letters, digits, spaces or
                # punctuation (full-width, mathematical, ligatures, no-break spaces)
                mapped = mapped if all(c.isascii() for c in mapped) else ch
        if mapped != ch:
            changed = True
        for c in mapped:
            out.append(c)
            back.append(i)
    if not changed:
        return text, None
    back.append(len(text))
    return "".join(out), back


def to_original(back: Optional[list[int]], start: int, end: int) -> tuple[int, int]:
    """A [start, end) range of the normalised text as a range of the text as written."""
    if back is None:
        return start, end
    a = back[start] if start < len(back) else back[-1]
    b = back[end - 1] + 1 if 0 < end <= len(back) - 1 else back[-1]
    return a, max(a, b)
