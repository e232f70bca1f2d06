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

Text pasted from Word or a PDF is laid out besides (``_layout``): two spaces inside a line
read as one, one or two spaces before a line end go, a Windows line end reads as one line
break (longer runs of spaces stay: Markdown code and link targets are blanked to spaces for
the rules, and a phrase is not read across them);
a word broken at a line end by a soft hyphen, or by a hyphen between lower-case letters
(``prosti-\ntutes``, as a PDF hyphenates), reads whole, unless the word before the hyphen
begins compounds (``anti-\nprostitution``, ``street-\nwalkers``: ``COMPOUND_HEADS``): that
reads as the hyphenated compound on one line. A line's indentation stays (the
learned rules cut a sentence at an indented line: ``model_hits._line_cut``), and so do blank
lines, as they end a sentence.
"""

from __future__ import annotations

import itertools
import unicodedata
from typing import Optional

_IGNORABLE_RANGES = ((0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
                     (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
                     (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
                     (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF))
"""Unicode's default-ignorable code points (DerivedCoreProperties.txt, Default_Ignorable_Code_Point):
what a renderer shows as nothing when it has no glyph for it."""

INVISIBLE = frozenset(map(chr, itertools.chain.from_iterable(range(lo, hi + 1) for lo, hi in _IGNORABLE_RANGES)))
"""Characters that render as nothing: Unicode's default-ignorable code points — zero-width space
and joiners, soft hyphen, word joiner, invisible operators, byte-order mark, Hangul fillers,
combining grapheme joiner, the direction marks, embeddings, overrides and isolates (allowed for
right-to-left text, they hid ``pros\u2066titutes`` from the rules), and besides them the
Arabic letter mark (U+061C), the Mongolian and standard variation selectors, the shorthand
format controls (U+1BCA0-U+1BCA3), the musical formatting characters (U+1D173-U+1D17A) and the
tag characters (U+E0000-U+E0FFF): one of these inside a word (``prosti`` U+E0020 ``tute``) hid it
from every rule."""

INVISIBLE_CLASS = "[" + "".join(f"\\U{lo:08x}" + (f"-\\U{hi:08x}" if hi > lo else "") for lo, hi in _IGNORABLE_RANGES) + "]"
"""``INVISIBLE`` as a regular-expression class."""



def shows_nothing(text: str) -> bool:
    """Whether ``text`` shows nothing to a reader: only white space, characters that render as
    nothing (``INVISIBLE``, other format characters), combining marks with no letter to sit
    on, and the braille blank (U+2800). A comment of Hangul fillers or variation selectors
    was stored as a comment nobody could read (the room took it, and `review add --body`
    took zero-width spaces too)."""
    for ch in text:
        if ch.isspace() or ch in INVISIBLE or ch == "\u2800":
            continue
        if unicodedata.category(ch) in ("Cf", "Mn", "Me"):
            continue
        return False
    return True


_CONFUSABLE: Optional[dict[str, str]] = None

EXTRA_FOLDS = {"\u02bc": "'", "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-", "\x1e": "-", "\x1f": ""}
"""Characters that NFKC leaves as they are but that read as ASCII: the modifier letter
apostrophe (a letter, so ``prostitutesʼ`` was one word to the rules), the Unicode hyphens and
the minus sign (``street‐walkers``, ``anti‑vice``: a hyphen pasted from Word, which writes its
non-breaking hyphen as U+2011, or from a PDF), and the control characters Word's own text
holds for its non-breaking hyphen (U+001E) and its optional hyphen (U+001F, dropped as the
soft hyphen is)."""
_EN_DASH = "\u2013"
"""An en dash between two letters (``clean–up``) reads as a hyphen; elsewhere (``2019–2020``,
``pages 3 – 5``) it stays."""


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


_NON_ASCII = None
_FOLDED: dict[str, str] = {}
"""A non-ASCII character → what it reads as out of context (its look-alike ASCII letter, its
NFKC form where that is ASCII, or itself); filled as characters are met."""


def _folded(ch: str) -> str:
    mapped = _FOLDED.get(ch)
    if mapped is None and ch in EXTRA_FOLDS:
        mapped = _FOLDED[ch] = EXTRA_FOLDS[ch]
    if mapped is None:
        # the NFKC form first, where it is plain letters, digits, spaces or punctuation
        # (full-width, mathematical, ligatures, no-break spaces, the long s that NFKC reads
        # as "s" and the confusables data, going by its look, as "f"); then look-alikes
        m = unicodedata.normalize("NFKC", ch)
        if m == ch or not all(c.isascii() for c in m):
            m = (confusable_map().get(ch) if ch.isalpha() else None) or ch
        mapped = _FOLDED[ch] = m
    return mapped


def _marks(ch: str) -> bool:
    """A combining mark: dropped after an ASCII letter (``e\u0301``), kept elsewhere."""
    return unicodedata.category(ch) in ("Mn", "Me")


_LAYOUT = None
_LINE_END = r"[ \t]*(?:\r\n?|\n)[ \t\f\v]*"
# white space first (the commonest), each alternative beginning with the character it is about
# and a space going on only where another white-space character follows (a lookbehind first
# made the expression try every position of the text)
_LAYOUT_SOURCE = (r"(?P<space>[ \t\f\v](?=[ \t\f\v\r\n])(?:[ \t\f\v]?(?:\r\n?|\n)"
                  r"|(?<![\r\n \t\f\v][ \t\f\v])[ \t\f\v](?![ \t\f\v]))|\r\n)"
                  r"|(?P<join>\u00ad(?<=[^\W\d_]\u00ad)" + _LINE_END + r"(?=[^\W\d_])|-(?<=[a-z]-)" + _LINE_END
                  + r"(?=[a-z]))"
                  r"|(?P<shy>\u00ad[ \t]*(?:\r\n?|\n))")
COMPOUND_HEADS = frozenset(
    "anti non ex co self sex street child youth well zero cross multi post pre semi so re de sub inter intra pro "
    "counter over under mid quasi pseudo neo trans ultra full part long short high low all peer drug harm first "
    "front out off vice police community city state".split())
"""Words that begin hyphenated compounds: before a hyphen at a line end they are a compound
broken at its own hyphen (``anti-`` / ``prostitution``), read with the hyphen on one line
(``anti-prostitution``), not a word the line end hyphenated (``prosti-`` / ``tutes``), which
is joined."""
_LAYOUT_HINTS = ("  ", " \n", "\r", "\t", "-\n", "\f", "\v", "\u00ad")


def _layout(text: str, back: Optional[list[int]], size: int) -> tuple[str, Optional[list[int]]]:
    """``text`` (the folded text, ``back`` its map to the text as written, None: itself;
    ``size``: the length of the text as written) laid out as the rules read it: a word
    hyphenated at a line end joined (a soft hyphen, or a hyphen between lower-case letters),
    one or two spaces before a line break dropped, "\r\n" one line break, two spaces inside a
    line one space (a line's indentation, blank lines and longer runs stay)."""
    if not any(h in text for h in _LAYOUT_HINTS):
        return text, back
    global _LAYOUT
    if _LAYOUT is None:
        from .recache import shared

        _LAYOUT = shared("conditions").compile(_LAYOUT_SOURCE)  # 0.35 ms to compile; read back: microseconds
    src = back if back is not None else range(size + 1)  # the text as written: itself
    out: list[str] = []
    nback: list[int] = []
    done = 0
    for m in _LAYOUT.finditer(text):
        a, b = m.span()
        if a > done:
            out.append(text[done:a])
            nback.extend(src[done:a])
        done = b
        if m.lastgroup == "join":
            if text[a] == "-" and _compound_head(text, a):
                out.append("-")  # a compound broken at its hyphen: read as written on one line
                nback.append(src[a])
            continue
        run = m.group()
        out.append("\n" if "\n" in run or "\r" in run else " ")
        nback.append(src[a])
    if not out and done == 0:
        return text, back
    if done < len(text):
        out.append(text[done:])
        nback.extend(src[done:len(text)])
    nback.append(size)
    return "".join(out), nback


def _compound_head(text: str, hyphen: int) -> bool:
    """Whether the word before ``text[hyphen]`` begins compounds (``COMPOUND_HEADS``)."""
    start = hyphen
    while start > 0 and text[start - 1].isalpha() and hyphen - start <= 12:
        start -= 1
    return text[start:hyphen].lower() in COMPOUND_HEADS


def for_matching(text: str, *, layout: bool = True) -> tuple[str, Optional[list[int]]]:
    """(the text the rules read, back) where ``back[i]`` is the position in ``text`` of the
    character at ``i`` (and ``back[len]`` is ``len(text)``); ``back`` is None when the text
    is returned unchanged.

    Only the non-ASCII characters are looked at, each kind once per process (``_FOLDED``): a
    unit with curly quotes or a dash is read unchanged without a loop over its characters in
    Python (that loop was a quarter of a check of the bench guidelines); then its layout
    (``_layout``), where a hint of it is in the text (``layout=False``: not; a whole file's
    text, whose indentation is no prose)."""
    if text.isascii() and "\x1e" not in text and "\x1f" not in text:
        return _layout(text, None, len(text)) if layout else (text, None)
    order = None
    if RLO in text:
        text, order = _display_order(text)
    folded, back = _folded_text(text)
    if order is not None:
        back = [order[j] for j in back] if back is not None else order
    return _layout(folded, back, len(text)) if layout else (folded, back)


RLO = "\u202e"
_RUN_ENDS = "\u202c\n\r\u2029\x85\u2028"


def _display_order(text: str) -> tuple[str, list[int]]:
    """(``text`` with each run after a right-to-left override (U+202E) reversed, as it is
    shown, position map): the override shows the letters after it in reverse order, up to a
    pop (U+202C) or the end of the line, so a term typed backwards (``\u202esetutitsorp``) reads
    as the term on the page and in the editor and hid from the rules (the "Trojan Source"
    trick). The map is not monotonic over a reversed run (``to_original`` takes its extent)."""
    out: list[str] = []
    order: list[int] = []
    i = 0
    while True:
        j = text.find(RLO, i)
        if j < 0:
            out.append(text[i:])
            order.extend(range(i, len(text)))
            break
        out.append(text[i:j + 1])
        order.extend(range(i, j + 1))
        k = j + 1
        while k < len(text) and text[k] not in _RUN_ENDS and text[k] != RLO:
            k += 1
        out.append(text[j + 1:k][::-1])
        order.extend(range(k - 1, j, -1))
        i = k
    order.append(len(text))
    return "".join(out), order


def _folded_text(text: str) -> tuple[str, Optional[list[int]]]:
    """``for_matching`` before the layout: invisible characters dropped, look-alike letters
    folded (a soft hyphen before a line break kept, for ``_layout`` to join the word)."""
    global _NON_ASCII
    if _NON_ASCII is None:
        import re

        _NON_ASCII = re.compile(r"[^\x00-\x1d\x20-\x7f]")
    found = set(_NON_ASCII.findall(text))
    if all(ch not in INVISIBLE and _folded(ch) == ch and not _marks(ch) for ch in found) and (
            _EN_DASH not in found or not any(a.isalpha() and b.isalpha() for a, b in _dash_sides(text))):
        return text, None  # nothing to fold (nor a mark that could be dropped, nor a dash between letters)
    out: list[str] = []
    back: list[int] = []
    changed = False
    last = ""  # the last character written (a mark after an ASCII letter is dropped)
    done = 0  # text[:done] is written
    for m in _NON_ASCII.finditer(text):
        i = m.start()
        if i > done:
            out.append(text[done:i])
            back.extend(range(done, i))
            last = text[i - 1]
        done = i + 1
        ch = text[i]
        if ch == "\u00ad" and _line_end_after(text, i + 1):
            out.append(ch)  # a word hyphenated at a line end: ``_layout`` joins it
            back.append(i)
            last = ch
            continue
        if ch in INVISIBLE or (_marks(ch) and last.isascii() and last.isalpha()):
            changed = True
            continue
        mapped = _folded(ch)
        if ch == _EN_DASH and last.isalpha() and i + 1 < len(text) and text[i + 1].isalpha():
            mapped = "-"
        if mapped != ch:
            changed = True
        if mapped:
            out.append(mapped)
            back.extend([i] * len(mapped))
            last = mapped[-1]
    if not changed:
        return text, None
    if done < len(text):
        out.append(text[done:])
        back.extend(range(done, len(text)))
    back.append(len(text))
    return "".join(out), back


def _dash_sides(text: str):
    """The characters on each side of each en dash of ``text`` (a dash in a range, ``2019–2020``,
    leaves the text to the fast path above)."""
    i = text.find(_EN_DASH)
    while i != -1:
        yield text[i - 1:i], text[i + 1:i + 2]
        i = text.find(_EN_DASH, i + 1)


def _line_end_after(text: str, i: int) -> bool:
    """Whether only spaces or tabs stand between ``text[i]`` and a line break."""
    while i < len(text) and text[i] in " \t":
        i += 1
    return i < len(text) and text[i] in "\r\n"


def to_original(back: Optional[list[int]], start: int, end: int) -> tuple[int, int]:
    """A [start, end) range of the normalised text as a range of the text as written."""
    if back is None:
        return start, end
    a = back[start] if start < len(back) else back[-1]
    b = back[end - 1] + 1 if 0 < end <= len(back) - 1 else back[-1]
    if start < end - 1 < len(back) - 1 and (b <= a or back[end - 2] > back[end - 1] or back[start] > back[start + 1]):
        # the range holds, or reaches into, a run shown reversed (``_display_order``)
        seg = back[start:end]
        return min(seg), max(seg) + 1
    return a, max(a, b)
