"""Privacy detectors: people's names, email addresses, phone numbers, street addresses and
social-media handles or profile links in free text, and reviewer handles that look like a
person's name.

One detector set for every place that must not identify anyone: ``check`` (the
``privacy.participant-identity`` rule over the consultation record, governance, owners and
review files), ``publish``'s gate, ``review import`` (Word author names) and the browser
review room.

    from lic_policy.privacy import find_identities, mask
    hits = find_identities("Participants included Maria Santos (maria [at] example [dot] org).")
    [(h.kind, h.text) for h in hits]   # [('name', 'Maria Santos'), ('email', 'maria [at] example [dot] org')]
    mask("Maria Santos")               # '***** ******'

Everything is compiled at import; the word lists are read only when a text needs them and
searched in place (:mod:`lic_policy.privacy.lexicon`); ``phonenumbers`` is imported only when
a text holds a run of digits that could be a phone number.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Iterable, Optional

from ..checks.normalize import INVISIBLE, INVISIBLE_CLASS

KINDS = ("name", "email", "phone", "address", "social")
FIELD_KINDS = ("prose", "role", "handle")
WHAT = {"name": "a person's name", "email": "an email address", "phone": "a phone number",
        "address": "a street address", "social": "a social-media handle or profile link",
        "handle": "a handle that looks like a person's name"}


_DIGIT = re.compile(r"\d")
# an @, a path, a colon or "is" that can follow an app's name ("Signal: maryj.42"), a $cashtag
# or a Bluesky server's name: a text without one holds no handle or profile link (social.find
# is not run)
_SOCIAL_HINT = re.compile(r"[@＠/:=$]|\bis\b|[–—-]\s|\.bsky\.social")


@dataclass(frozen=True, slots=True)
class Hit:
    """One piece of identifying text: its kind (``name``, ``email``, ``phone``, ``address``,
    ``social``) and its place, as code-point offsets into the text searched."""

    kind: str
    start: int
    end: int
    text: str

    @property
    def what(self) -> str:
        return WHAT[self.kind]

    @property
    def masked(self) -> str:
        return mask(self.text)


def find_identities(text: str, field_kind: str = "prose", *, region: Optional[str] = None,
                    kinds: Iterable[str] = KINDS) -> list[Hit]:
    """Every name, email address, phone number, street address and social-media handle or
    profile link (``@maryjones``, ``instagram.com/maryjones``; an organisation's public account
    is none: :mod:`lic_policy.privacy.social`) in ``text``, in order.

    ``field_kind``: ``"prose"`` for free text; ``"role"`` for fields that hold a role, a body
    or a short note (a value that is only a person's name is flagged there too); ``"handle"``
    for a reviewer handle (see :func:`handle_problem`). ``region``: an ISO 3166 country code
    tried first for phone numbers written without a country code (the guideline's country).
    Overlapping hits are merged; the longer one wins.
    """
    if not text or not isinstance(text, str):
        return []
    return list(_find(text, field_kind, region, tuple(sorted(set(kinds)))))


@functools.lru_cache(maxsize=8192)
def _find(text: str, field_kind: str, region: Optional[str], kinds: tuple) -> tuple:
    """Hits of one text, remembered: records repeat the same notes and roles across guidelines."""
    if field_kind == "handle":
        return (Hit("name", 0, len(text), text),) if handle_problem(text) else ()
    from . import contact

    spans: list[tuple[str, int, int]] = []
    digits = _DIGIT.search(text) is not None
    if "email" in kinds:
        spans.extend(contact.emails(text))
    if "phone" in kinds and digits:
        spans.extend(contact.phones(text, region))
    if _DISGUISE.search(text):
        spans.extend(_disguised(text, region, kinds, field_kind))
    if _TAG_TEXT.search(text):
        spans.extend(_disguised(text, region, kinds, field_kind, tags=True))
    if "phone" in kinds and _SPELLED_NUMBER.search(text):
        spans.extend(("phone", m.start(), m.end()) for m in _SPELLED_NUMBER.finditer(text))
    if "phone" in kinds and digits and _DIGIT_WORD_RX.search(text):
        spans.extend(_part_spelled_phones(text, region))
    if "address" in kinds and digits:
        spans.extend(contact.addresses(text))
    if "social" in kinds and _SOCIAL_HINT.search(text):
        from . import social

        found_social = list(social.find(text))
        if found_social:
            # "ask her at t.me/maryjones" is a profile link, not an address written out ("her at t.me")
            links = [(a, b) for _k, a, b in found_social if "/" in text[a:b]]
            spans = [s for s in spans if not (s[0] == "email" and any(s[1] < b and a < s[2] for a, b in links))]
            spans.extend(found_social)
    if "name" in kinds:
        from . import names

        found = names.find(text, field_kind)
        if spans:  # a name inside an email or an address is that email or address
            taken = sorted((x, y) for _k, x, y in spans)
            starts = [x for x, _y in taken]

            def overlaps(x: int, y: int) -> bool:
                i = bisect.bisect_left(starts, y) - 1  # the last contact starting before the name ends
                return any(taken[j][1] > x for j in range(max(0, i - 8), i + 1))

            found = [(x, y) for x, y in found if not overlaps(x, y)]
        spans.extend(("name", x, y) for x, y in found)
    return tuple(_merge(text, spans))


# characters that hide a contact from a pattern but not from a reader: the characters that
# render as nothing (``checks.normalize.INVISIBLE``: zero-width space, joiners, word joiner, soft
# hyphen, BOM, and besides them direction isolates, the Arabic letter mark, variation selectors
# and tag characters, which hid ``604<U+2066>555<U+2069>0199`` and ``jane<U+E0020>@…``) and
# full-width or other compatibility forms of ASCII (６０４, ｊａｎｅ＠…)
# (and, hostile24, circled and squared letters and digits, superscript and subscript digits and
# the modifier capitals: `Ⓜⓐⓡⓘⓐ Ⓢⓐⓝⓣⓞⓢ`, `⑥⓪④-⑤⑤⑤-⓪①⑨⑨` read as a name and a number, and were none)
# (and, privacy30, the small forms: `maggie﹫gmail.com`, U+FE6B, is an address to every reader)
_DISGUISE = re.compile(INVISIBLE_CLASS[:-1] + "\uff01-\uff5e\ufe50-\ufe6b\U0001d400-\U0001d7ff\u2460-\u24ff"
                       "\U0001f100-\U0001f1ff\u2070-\u209f\u1d2c-\u1d6a]")
# text spelled in tag characters (U+E0020–U+E007E are ASCII letter by letter, and show nothing):
# `mary.jones@example.org` so spelled rode in a review comment past `review add`, `check` and
# publish's gate, though anyone who copies the text can read it back (hostile24)
_TAG_TEXT = re.compile("[\U000e0021-\U000e007e]{2}")
_DIGIT_WORD = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
_SPELLED_NUMBER = re.compile(rf"\b{_DIGIT_WORD}(?:[\s,.-]+{_DIGIT_WORD}){{6,}}\b", re.I)
"""A phone number spelled out ("six zero four, five five five, ..."): seven digits or more."""
_DIGIT_WORD_RX = re.compile(rf"\b{_DIGIT_WORD}\b", re.I)
# a digit written as a word, or a digit standing alone: the units of a number written to slip
# past a filter ("604 five five five 0199", "six 0 four 555 0199")
_DIGIT_UNIT = re.compile(rf"\b(?P<w>{_DIGIT_WORD})\b|(?<!\d)(?P<d>\d)(?!\d)", re.I)
_DIGIT_OF = {"zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
             "seven": "7", "eight": "8", "nine": "9"}
_UNIT_GAP = re.compile(r"[\s,.-]{1,3}")


def _part_spelled_phones(text: str, region: Optional[str]) -> list[tuple[str, int, int]]:
    """Phone numbers written partly in words (``604 five five five 0199``, ``604-555-zero one nine
    nine``): the text read with each digit word as its digit, and digits that stand alone side by
    side read as one group (``six 0 four`` is ``604``), then searched as digits are; only the
    numbers of ten digits or more with two of them in words (the rest are found as written, and
    "2024 one 24" is a year, a count and a number). privacy30."""
    from . import contact

    units = list(_DIGIT_UNIT.finditer(text))
    if not any(m.group("w") for m in units):
        return []
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for i, m in enumerate(units):
        gap = text[pos:m.start()]
        if not (i and _UNIT_GAP.fullmatch(gap)):  # between two single digits a gap is no separator
            chars.extend(gap)
            starts.extend(range(pos, m.start()))
            ends.extend(range(pos + 1, m.start() + 1))
        chars.append(_DIGIT_OF[m.group("w").lower()] if m.group("w") else m.group("d"))
        starts.append(m.start())
        ends.append(m.end())
        pos = m.end()
    chars.extend(text[pos:])
    starts.extend(range(pos, len(text)))
    ends.extend(range(pos + 1, len(text) + 1))
    words = [m.start() for m in units if m.group("w")]
    out = []
    seen = "".join(chars)
    for _k, x, y in contact.phones(seen, region):
        a, b = starts[x], ends[y - 1]
        # a whole number (ten digits or more) with two digits or more in words: "2024 one 24" and
        # "3 five 500" are a year, a count and a number read together
        if sum(a <= w < b for w in words) >= 2 and sum(c.isdigit() for c in seen[x:y]) >= 10:
            out.append(("phone", a, b))
    return out


def _disguised(text: str, region: Optional[str], kinds: tuple,
               field_kind: str = "prose", *, tags: bool = False) -> list[tuple[str, int, int]]:
    """Emails, phone numbers, handles and names in ``text`` read as a person reads them (invisible characters
    dropped, full-width forms as ASCII), at their places in ``text``; with ``tags``, tag
    characters are read as the ASCII they spell instead of dropped."""
    import unicodedata

    from . import contact

    chars, where = [], []
    for i, c in enumerate(text):
        if tags and "\U000e0020" <= c <= "\U000e007e":
            chars.append(chr(ord(c) - 0xE0000))
            where.append(i)
            continue
        if c in INVISIBLE:
            continue
        n = unicodedata.normalize("NFKC", c)
        chars.append(n if len(n) == 1 else c)
        where.append(i)
    seen = "".join(chars)
    found = (list(contact.emails(seen)) if "email" in kinds else []) + \
        (list(contact.phones(seen, region)) if "phone" in kinds and _DIGIT.search(seen) else [])
    if "social" in kinds:
        from . import social

        found += _apart(social.find(seen), found)
    if "name" in kinds and field_kind != "handle":
        from . import names

        # a name inside an email is that email
        found += _apart((("name", x, y) for x, y in names.find(seen, field_kind)), found)
    return [(k, where[x], where[y - 1] + 1) for k, x, y in found if y > x]


def _apart(spans: Iterable[tuple[str, int, int]], taken: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The ``spans`` that overlap none of ``taken`` (what an earlier detector found first)."""
    return [s for s in spans if not any(s[1] < b and a < s[2] for _k, a, b in taken)]


def _merge(text: str, spans: list[tuple[str, int, int]]) -> list[Hit]:
    spans.sort(key=lambda s: (s[1], -(s[2] - s[1])))
    out: list[Hit] = []
    for kind, a, b in spans:
        if out and a < out[-1].end:
            last = out[-1]
            if b > last.end and last.kind == kind:
                out[-1] = Hit(kind, last.start, b, text[last.start:b])
            continue
        out.append(Hit(kind, a, b, text[a:b]))
    return out


def masks(c: str) -> bool:
    """Whether :func:`mask` turns the character ``c`` into a star: a letter, a digit or a mark on
    one (an accent written apart, a Devanagari vowel sign), and what reads as one — a circled,
    squared or full-width letter or digit (Ⓜ, ⑥, Ｍ) and a tag character that spells one."""
    if c.isascii():
        return c.isalnum()
    if "\U000e0020" <= c <= "\U000e007e":
        return chr(ord(c) - 0xE0000).isalnum()
    import unicodedata

    return unicodedata.category(c)[0] in "LNM" or any(x.isalnum() for x in unicodedata.normalize("NFKC", c))


def mask(text: str) -> str:
    """``"Maria Santos"`` → ``"***** ******"``: every letter and digit (and every mark on one)
    becomes ``*``; spaces and punctuation stay, and so does the length, so offsets into the
    text still point right (:func:`mask_hits`). Nothing of what is masked is kept — no initial
    (in a panel of a dozen reviewers, initials and word lengths can tell who someone is; an
    earlier version kept each word's first character, mask29). Punctuation spelled in tag
    characters reads as the ASCII it spells, so a masked address keeps its ``@`` and dots
    (``****.*****@*******.***``). A mask masked again is the same mask."""
    out = []
    for c in text:
        if masks(c):
            out.append("*")
        elif "\U000e0020" <= c <= "\U000e007e":
            out.append(chr(ord(c) - 0xE0000))
        else:
            out.append(c)
    return "".join(out)


def remask(text: str) -> str:
    """``text`` with the masks an earlier version wrote masked again: that mask kept each word's
    first character (``M**** S*****``, ``6**-5**-0***``), so a character :func:`mask` stars,
    at the start of a word and followed by a star, becomes a star too. Only for text known to
    hold such masks (a privacy thread's stored context); a masked one-letter word (``J.`` of
    ``J. S****``) cannot be told from text and stays."""
    out = list(text)
    for i, c in enumerate(text):
        if c != "*" and masks(c) and i + 1 < len(text) and text[i + 1] == "*" and \
                (i == 0 or not (masks(text[i - 1]) or text[i - 1] == "*")):
            out[i] = "*"
    return "".join(out)


def mask_hits(text: str, hits: Iterable[Hit]) -> str:
    """``text`` with every hit masked in place (same length, so offsets still point right)."""
    parts, pos = [], 0
    for h in sorted(hits, key=lambda h: h.start):
        if h.start < pos:
            continue
        parts.append(text[pos:h.start])
        parts.append(mask(text[h.start:h.end]))
        pos = h.end
    parts.append(text[pos:])
    return "".join(parts)


def without_own_name(text: str, author: Optional[str]) -> str:
    """``text`` (a Word comment) with the name of its ``author`` masked where it says it as a
    word of its own, capitalised — a colleague's signature (“… – Priya”), which no other
    detector finds in a first name alone. An author that is no person's name (a handle, “Author”,
    the packet's own ``lic-policy (automated)``) masks nothing."""
    if not author or not text or handle_problem(author) is None:
        return text
    words = {w for w in re.findall(r"[^\W\d_]{2,}", author)}
    if not words:
        return text
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                         + r")(?![\w-])")
    return pattern.sub(lambda m: mask(m.group(0)) if m.group(0)[0].isupper() else m.group(0), text)


def redact(text: str, field_kind: str = "prose", *, region: Optional[str] = None) -> str:
    """``text`` with every name, email, phone, address and social-media handle in it masked."""
    return mask_hits(text, find_identities(text, field_kind, region=region))


# ---------------------------------------------------------------------------- handles

_HANDLE_PARTS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[^\W\d_]+")
# words reviewers' pseudonymous handles are made of: never a name
_HANDLE_WORDS = frozenset("""advisory reviewer reviewers staff policy community legal automated lic
sex worker workers sw swa advisor adviser member guest anon anonymous pseudonym user team group panel
peer council city health police outreach planning planner manager""".split())


def handle_problem(handle: str) -> Optional[str]:
    """Why ``handle`` looks like a person's name (``maria.santos``, ``m.santos``,
    ``john-smith-1987``, ``MariaSantos``, ``maria``), or None (``advisory-reviewer-3``)."""
    from .lexicon import COMMON, GIVEN, RARE_WORD, SURNAME, flags, fold, stop_words  # noqa: F401

    if not handle:
        return None
    parts = [p for p in _HANDLE_PARTS.findall(handle)]
    if not parts:
        return None
    keys = [fold(p) for p in parts]
    fl = [flags(k) for k in keys]

    def word(i: int) -> bool:  # an everyday English word or a handle word: not a name on its own
        return COMMON in fl[i] or keys[i] in _HANDLE_WORDS or keys[i] in stop_words()

    for i in range(len(parts) - 1):
        a, b = keys[i], keys[i + 1]
        if keys[i] in _HANDLE_WORDS or keys[i + 1] in _HANDLE_WORDS:
            continue
        if len(a) == 1 and SURNAME in fl[i + 1] and COMMON not in fl[i + 1]:
            return "looks like an initial and a surname"
        if GIVEN in fl[i] and COMMON not in fl[i] and SURNAME in fl[i + 1] and len(b) > 1:
            return "looks like a person's name"
        if SURNAME in fl[i] and COMMON not in fl[i] and GIVEN in fl[i + 1] and COMMON not in fl[i + 1] and len(b) > 1:
            return "looks like a person's name"
        if GIVEN in fl[i] and COMMON not in fl[i] and not word(i + 1) and len(b) > 2 and not fl[i + 1]:
            return "looks like a person's name"
    for i, k in enumerate(keys):
        # jsmith, mlopez: an initial run into a surname
        if len(k) >= 5 and not fl[i] and not word(i) and SURNAME in flags(k[1:]) and RARE_WORD not in flags(k[1:]):
            return "looks like an initial and a surname"
    names = [i for i in range(len(parts)) if GIVEN in fl[i] and not word(i) and len(keys[i]) > 2]
    # beside it, words, short parts, or words the lists do not know at all ("swadv", the staff's
    # short for sex-worker advisory: `swadv-maria` was taken, and shown beside every thread)
    if len(names) == 1 and all(word(i) or len(keys[i]) <= 2 or not fl[i]
                               for i in range(len(parts)) if i != names[0]):
        return "looks like a first name"
    # a surname that is no English word (`okonkwo`, `advisory-wagner`): as telling as a first name
    # (`smith`, `stone`, `oak` are words too, and pass; privacy29)
    surnames = [i for i in range(len(parts)) if SURNAME in fl[i] and not word(i) and RARE_WORD not in fl[i]
                and len(keys[i]) > 3]
    if len(surnames) == 1 and all(word(i) or len(keys[i]) <= 2 or not fl[i]
                                  for i in range(len(parts)) if i != surnames[0]):
        return "looks like a surname"
    return None


def first_name_in_handle(handle: str) -> Optional[tuple[str, str]]:
    """For a handle refused only because one of its words is also a first name (``fern-5``,
    ``cedar-4``: trees and birds are first names too), that word and a handle to use instead
    that keeps the rest (``advisory-5``); else None. Staff who made up ``cedar-4`` read only
    that it “looks like a person's name”, and could not tell why."""
    if handle_problem(handle) != "looks like a first name" or re.search(r"\s", handle):
        return None
    from .lexicon import GIVEN, flags, fold

    words = [p for p in _HANDLE_PARTS.findall(handle) if GIVEN in flags(fold(p)) and len(p) > 2]
    if len(words) != 1:
        return None
    instead = handle.replace(words[0], "advisory", 1)
    if handle_problem(instead) is not None or instead == handle:
        instead = "advisory-3"
    return words[0], instead


__all__ = ["Hit", "KINDS", "FIELD_KINDS", "find_identities", "mask", "masks", "mask_hits", "remask", "redact", "handle_problem",
           "first_name_in_handle"]
