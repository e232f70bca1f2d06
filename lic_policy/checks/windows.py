"""Where in a text unit a pattern rule can start: searching only there, with the same matches.

The framing grammar's rules are large alternations: running one over a whole paragraph tries
the alternation at every word, which is most of the time a check takes. Two facts narrow it:

* every match of a rule contains one of the **key literals** of the rule's literal terms that
  hold in the unit (``prefilter.RuleCandidates.unit_candidates(keys=...)``: a match contains
  all the literals of some term, and each term is tested under its key);
* a match never contains a character the rule cannot consume (``literals.never_consumed``):
  for nearly every rule the sentence and clause punctuation in ``STOPS``, so a match lies
  within one **stretch** between two such characters.

So a match starts at a word start in the stretch of a key occurrence, at or before that
occurrence. ``Windows.starts`` lists those word starts and ``matches`` tries the rule's
expression (``re.Pattern.match`` on the whole text: lookarounds read what they read in a full
search) at each of them, in order, never inside a match already found — exactly the matches
``finditer`` returns (tests/test_windows.py checks both ways on generated and real text).

Measured (bench/corpus n50, in-process, one core): matching about 0.45 s before, 0.3 s after;
BENCHMARKS.md "Checking speed after the search plans".
"""

from __future__ import annotations

import bisect
import re
from typing import Any, Iterator, Optional


STOPS = ".!?;:()[]{}\x00\u2026"
"""Characters that end a stretch for a rule that cannot consume them (sentence and clause
punctuation, brackets, the unit separator); a rule's own set is ``never_consumed`` of these."""

_WORD_START = re.compile(r"(?<!\w)(?=\w)")  # where ``engine.matcher_source`` lets a match start
_STOP_CLASSES: dict[frozenset, "re.Pattern"] = {}  # a character class per set of stops
_MATCH_START = re.Match.start


class Windows:
    """One text unit's word starts and stretch ends, found once and shared by every rule
    searched in it. ``text``: the text the rules read (``normalize.for_matching``);
    ``occurrences``: where each key literal starts in it (found by the literal automaton on
    ``prefilter.fold(text)``, which reports them only when that has the text's length)."""

    __slots__ = ("text", "_starts", "_stops", "_occurrences")

    def __init__(self, text: str, occurrences: dict):
        self.text = text
        self._starts: Optional[list[int]] = None
        self._stops: dict[frozenset, list[int]] = {}
        self._occurrences = occurrences

    def word_starts(self) -> list[int]:
        if self._starts is None:
            self._starts = word_starts(self.text)
        return self._starts

    def _stop_positions(self, stops: frozenset) -> list[int]:
        found = self._stops.get(stops)
        if found is None:
            cls = _STOP_CLASSES.get(stops)
            if cls is None:
                # from the store the grammar's own patterns use (a character class of escapes:
                # 0.2 ms to compile each, four on a check of the sample; read back: microseconds)
                from .recache import shared

                source = "[" + "".join(re.escape(c) for c in sorted(stops)) + "]"
                cls = _STOP_CLASSES[stops] = shared("conditions").compile(source)
            found = self._stops[stops] = list(map(_MATCH_START, cls.finditer(self.text)))
        return found

    def starts(self, keys, stops: frozenset) -> list[int]:
        """The word starts where a match can begin: in the stretch of an occurrence of one of
        ``keys`` (between two of ``stops``), at or before the occurrence; sorted."""
        stop_at = self._stop_positions(stops)
        last: dict[int, int] = {}  # stretch index -> the last occurrence in it
        for key in keys:
            for a in self._occurrences.get(key, ()):
                k = bisect.bisect_left(stop_at, a)
                if last.get(k, -1) < a:
                    last[k] = a
        every = self.word_starts()
        out: list[int] = []
        for k in sorted(last):
            lo = stop_at[k - 1] + 1 if k else 0
            i = bisect.bisect_left(every, lo)
            j = bisect.bisect_right(every, last[k])
            out.extend(every[i:j])
        return out


def matches(rx: "re.Pattern", text: str, starts: list[int], first: Optional[tuple] = None
            ) -> Iterator["re.Match"]:
    """The matches ``rx.finditer(text)`` gives, tried only at ``starts`` (sorted; every
    position where a match can begin must be among them) and, with ``first``
    (``first_letters`` of the pattern), only where the text begins as a match can. Needs a
    rule that never matches the empty string."""
    end = -1
    match = rx.match
    if first is None:
        for p in starts:
            if p < end:
                continue
            m = match(text, p)
            if m is not None:
                end = m.end()
                yield m
        return
    one, two, three = first
    for p in starts:
        if p < end or not (text[p:p + 3] in three or text[p:p + 2] in two or text[p] in one):
            continue
        m = match(text, p)
        if m is not None:
            end = m.end()
            yield m


def word_starts(text: str) -> list[int]:
    """Every position where a rule's match can begin (``engine.matcher_source``)."""
    return list(map(_MATCH_START, _WORD_START.finditer(text)))  # the positions taken in C, not in a list comprehension


PREFIX_LEN = 3
_MAX_PREFIXES = 20000


class _Unbounded(Exception):
    """The pattern can start with too many different letters to list."""


def first_letters(source: Any) -> Optional[tuple[frozenset, frozenset, frozenset]]:
    """How a match of ``source`` (a lowered pattern, ``caseless.py``) can begin: the sets of
    its possible first 1, 2 and 3 characters — every match begins with a string of one of
    the sets (a string shorter than three is followed by something not listed, such as any
    word character). None where that cannot be said usefully (the pattern can begin with
    any character). ``matches`` skips a start whose text begins with none of them."""
    try:
        from re import _constants as C  # type: ignore[attr-defined]
        from re import _parser as P  # type: ignore[attr-defined]

        parsed = P.parse(source) if isinstance(source, str) else source  # or already parsed
    except Exception:  # noqa: BLE001
        return None

    def chars_in(items) -> Optional[set]:
        out: set = set()
        for op, av in items:
            if op is C.LITERAL:
                out.add(chr(av))
            elif op is C.RANGE and av[1] - av[0] <= 64:
                out.update(chr(c) for c in range(av[0], av[1] + 1))
            else:  # a category or a negated or wide class: any character here
                return None
        return out

    def step(items, cur: set) -> set:
        # cur: (prefix, done) pairs; a prefix is done once it has PREFIX_LEN characters or
        # an unlisted character follows it
        for op, av in items:
            if all(done for _s, done in cur):
                return cur
            if op is C.LITERAL:
                cur = {(s, True) if done else (s + chr(av), len(s) + 1 >= PREFIX_LEN) for s, done in cur}
            elif op is C.IN:
                cs = chars_in(av)
                if cs is None:
                    cur = {(s, True) for s, _done in cur}
                else:
                    cur = {(s, True) for s, done in cur if done} | {
                        (s + c, len(s) + 1 >= PREFIX_LEN) for s, done in cur if not done for c in cs}
            elif op is C.SUBPATTERN:
                cur = step(av[-1], cur)
            elif op is C.BRANCH:
                new: set = set()
                for branch in av[1]:
                    new |= step(branch, cur)
                cur = new
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
                lo, hi, inner = av
                result = set(cur) if lo == 0 else set()
                c = cur
                for r in range(1, min(hi, PREFIX_LEN + lo) + 1):
                    c = step(inner, c)
                    if r >= lo:
                        result |= c
                    if all(done for _s, done in c):
                        result |= c
                        break
                cur = result
            elif op in (C.ASSERT, C.ASSERT_NOT, C.AT):
                continue  # zero width: the listed prefixes stay a superset
            else:  # anything else: any character from here
                cur = {(s, True) for s, _done in cur}
            if len(cur) > _MAX_PREFIXES:
                raise _Unbounded
        return cur

    try:
        found = step(list(parsed), {("", False)})
    except _Unbounded:
        return None
    prefixes = {s for s, _done in found}
    if "" in prefixes:
        return None
    return tuple(frozenset(s for s in prefixes if len(s) == n) for n in (1, 2, 3))  # type: ignore[return-value]
