"""The shipped word lists: given names, surnames, common English words, place-name words and
stop words (``data/PROVENANCE.md`` says where each comes from and how it was built).

``words.tsv`` holds one ``key<TAB>flags`` line per word, sorted by the key's UTF-8 bytes.
It is mapped into memory (about 2 MB, once per process, only when a text needs a look-up)
and searched by bisection in place: no set of 200,000 strings is built, so a look-up costs a
few microseconds and nothing grows with the size of the lists. Keys are :func:`fold`-ed:
case-folded, accents removed (``Nguyễn`` → ``nguyen``), apostrophes dropped (``O'Brien`` →
``obrien``), as the census files spell names.

Flags: ``G`` given name, ``S`` surname, ``C`` everyday English word, ``c`` less common English
word, ``P`` a word of a country or region name.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

GIVEN, SURNAME, COMMON, RARE_WORD, PLACE = "G", "S", "C", "c", "P"

_SPECIAL = str.maketrans({"đ": "d", "Đ": "d", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "æ": "ae", "Æ": "ae",
                          "œ": "oe", "Œ": "oe", "ı": "i", "ð": "d", "þ": "th", "'": "", "’": "", "ʼ": "", "`": ""})


def fold(word: str) -> str:
    """The look-up key of a word: ``"Nguyễn"`` → ``"nguyen"``, ``"O'Brien"`` → ``"obrien"``."""
    if word.isascii():
        return word.replace("'", "").replace("`", "").lower()
    w = unicodedata.normalize("NFKD", word.translate(_SPECIAL))
    return "".join(c for c in w if not unicodedata.combining(c)).casefold()


@functools.lru_cache(maxsize=1)
def _words():
    """The word list's bytes, mapped (not read: a look-up touches a few dozen of its 570 pages;
    reading and copying all 2 MB cost a cold `check` several milliseconds)."""
    import mmap

    with open(DATA / "words.tsv", "rb") as fh:
        try:
            return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except (ValueError, OSError):  # an empty file, or no mmap here: read it
            return fh.read()


@functools.lru_cache(maxsize=1)
def stop_words() -> frozenset:
    """Function words of English, French, Spanish, German, Portuguese, Italian and Dutch
    (case-folded, accents kept): never a name on their own."""
    return frozenset((DATA / "stop.txt").read_text(encoding="utf-8").split())


@functools.lru_cache(maxsize=65536)
def flags(key: str) -> str:
    """The flags of a folded key ("" when it is in no list)."""
    if not key or "\t" in key or "\n" in key:
        return ""
    buf = _words()
    target = key.encode("utf-8")
    lo, hi = 0, len(buf)  # the line being looked for starts in [lo, hi), and lo starts a line
    while lo < hi:
        start = buf.rfind(b"\n", lo, (lo + hi) // 2) + 1  # the start of the line holding the middle
        if start < lo:
            start = lo
        tab = buf.find(b"\t", start)
        nl = buf.find(b"\n", start)
        if nl < 0:
            nl = len(buf)
        if tab < 0 or tab > nl:  # a line without a tab (the end of the file): look before it
            hi = start
            continue
        word = buf[start:tab]
        if word == target:
            return buf[tab + 1:nl].decode("ascii")
        if word < target:
            lo = nl + 1
        else:
            hi = start
    return ""


def lookup(word: str) -> str:
    return flags(fold(word))


__all__ = ["fold", "flags", "lookup", "stop_words", "GIVEN", "SURNAME", "COMMON", "PLACE"]
