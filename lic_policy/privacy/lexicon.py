"""The shipped word lists: given names, surnames, common English words, place-name words and
stop words (``data/PROVENANCE.md`` says where each comes from and how it was built).

``words.tsv`` holds one ``key<TAB>flags`` line per word, sorted by the key's UTF-8 bytes.
It is read as bytes (about 2 MB, once per process, only when a text needs a look-up) and
searched by bisection in place: no set of 200,000 strings is built, so a look-up costs a
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
def _words() -> bytes:
    return b"\n" + (DATA / "words.tsv").read_bytes()


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
    lo, hi = 0, len(buf)  # the newline before the line being looked for is in [lo, hi)
    while lo < hi:
        p = buf.rfind(b"\n", lo, (lo + hi) // 2 + 1)
        tab = buf.find(b"\t", p + 1)
        if tab < 0:  # the newline that ends the file
            hi = p
            continue
        word = buf[p + 1:tab]
        nl = buf.find(b"\n", tab)
        if word == target:
            return buf[tab + 1:nl].decode("ascii")
        if word < target:
            lo = nl
        else:
            hi = p
    return ""


def lookup(word: str) -> str:
    return flags(fold(word))


__all__ = ["fold", "flags", "lookup", "stop_words", "GIVEN", "SURNAME", "COMMON", "PLACE"]
