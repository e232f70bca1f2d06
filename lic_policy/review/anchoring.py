"""Find where an anchor's words are in the current text of a guideline.

Selectors follow the W3C Web Annotation model (an ``Anchor`` holds a TextQuote and a
TextPosition inside one field of one element). Re-anchoring tries, in order:

1. the same element id and field, the exact quote there — with several occurrences,
   prefix/suffix context and position decide (so a comment on the second "support" in a
   clause stays on the second one after an edit before it);
2. the exact quote anywhere else (the clause moved or was renamed), when its context or
   its length makes the match trustworthy;
3. a fuzzy search in the same field: diff-match-patch ``match_main`` finds the quote's
   head, tail and context near the old position; candidate spans are scored.

Every candidate gets one score from ``score()`` (weights as in the Hypothesis client:
quote 50, prefix 20, suffix 20, position 2). Below ``MIN_SCORE``, or when two places are
equally good, the anchor is *orphaned*: shown to a person with its original quote,
never attached to words it was not about.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Iterable, NamedTuple, Optional

from ..model.anchor import CONTEXT_CHARS
from ..text import TextUnit

QUOTE_WEIGHT, PREFIX_WEIGHT, SUFFIX_WEIGHT, POSITION_WEIGHT = 50.0, 20.0, 20.0, 2.0
_TOTAL = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT

MIN_SCORE = 0.6
"""Below this score a thread is orphaned instead of moved."""

MIN_FUZZY_QUOTE = 0.75
"""A fuzzy match must keep at least this share of the quote's characters."""

AMBIGUITY_MARGIN = 0.1
"""Two candidates whose context scores are closer than this are ambiguous."""

LONG_QUOTE = 20
"""A quote this long, found exactly once, is trusted even where its context changed."""

MAX_ELSEWHERE_HITS = 64

STAYED, MOVED, ORPHANED = "stayed", "moved", "orphaned"
SAME_FIELD, ELSEWHERE, FUZZY = "exact", "exact-elsewhere", "fuzzy"


@dataclass(frozen=True, slots=True)
class Match:
    unit: TextUnit
    start: int
    end: int
    score: float
    how: str  # exact | exact-elsewhere | fuzzy

    @property
    def exact(self) -> str:
        return self.unit.text[self.start:self.end]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one anchor: where it is now (or None when orphaned) and why."""

    match: Optional[Match]
    reason: str = ""

    @property
    def found(self) -> bool:
        return self.match is not None


class Candidate(NamedTuple):
    """One place the exact quote occurs, scored."""

    score: float  # the overall score (``score()``)
    context: float  # how well its prefix and suffix match the anchor's (their mean, 0..1)
    start: int
    unit: Optional[TextUnit] = None  # set when the candidates span several fields


WEAK, AMBIGUOUS = "weak", "ambiguous"


class Choice(NamedTuple):
    """What ``_choose`` decided: the ``best`` candidate, or none and why (``WEAK``: the one
    occurrence scores too low; ``AMBIGUOUS``: two occurrences are about as good)."""

    best: Optional[Candidate]
    failure: str = ""


# --------------------------------------------------------------------------- scoring


def _common_suffix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[-1 - i] == b[-1 - i]:
        i += 1
    return i


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def context_scores(text: str, start: int, end: int, prefix: str, suffix: str) -> tuple[float, float]:
    """How much of the remembered prefix and suffix still surround ``text[start:end]`` (0..1 each)."""
    before = text[max(0, start - max(len(prefix), CONTEXT_CHARS)):start]
    after = text[end:end + max(len(suffix), CONTEXT_CHARS)]
    if prefix or before:
        p = _common_suffix(prefix, before) / max(len(prefix), min(len(before), CONTEXT_CHARS), 1)
    else:
        p = 1.0
    if suffix or after:
        s = _common_prefix(suffix, after) / max(len(suffix), min(len(after), CONTEXT_CHARS), 1)
    else:
        s = 1.0
    return p, s


def score(quote_similarity: float, prefix: float, suffix: float, position: float) -> float:
    """The one scoring function: each part in 0..1, the result in 0..1."""
    return (QUOTE_WEIGHT * quote_similarity + PREFIX_WEIGHT * prefix + SUFFIX_WEIGHT * suffix
            + POSITION_WEIGHT * position) / _TOTAL


def position_score(start: int, hint: int, length: int) -> float:
    return 1.0 - min(1.0, abs(start - hint) / max(length, 1))


# --------------------------------------------------------------------------- index


class UnitIndex:
    """The text units of one guideline, by (element, field) and searchable as one string."""

    SEP = "\x00"

    def __init__(self, units: Iterable[TextUnit]):
        self.units: list[TextUnit] = list(units)
        self.by_key: dict[tuple, TextUnit] = {}
        for u in self.units:
            self.by_key.setdefault((u.element, u.field), u)
        starts: list[int] = []
        pos = 0
        for u in self.units:
            starts.append(pos)
            pos += len(u.text) + 1
        self.starts = starts
        self.joined = self.SEP.join(u.text for u in self.units)

    def get(self, element: Optional[str], field: str) -> Optional[TextUnit]:
        return self.by_key.get((element, field))

    def find_all(self, exact: str, limit: int = MAX_ELSEWHERE_HITS) -> list[tuple[TextUnit, int]]:
        """(unit, start) of every occurrence of ``exact`` in any unit (up to ``limit``)."""
        out: list[tuple[TextUnit, int]] = []
        if not exact or self.SEP in exact:
            return out
        find = self.joined.find
        i = find(exact)
        while i != -1 and len(out) < limit:
            k = bisect.bisect_right(self.starts, i) - 1
            out.append((self.units[k], i - self.starts[k]))
            i = find(exact, i + 1)
        return out


def _masked_pattern(exact: str, text: str):
    """A quote masked by ``lic_policy.privacy.mask`` (``***** ******``; an earlier version kept
    each word's first character, ``M**** S*****``) as a pattern of the words it stands for in
    ``text``: each ``*`` one character the mask stars — a letter or a digit, and the marks on
    one and circled letters in ``text``, which ``re``'s ``\\w`` does not match."""
    import re

    from ..privacy import masks

    extra = sorted({c for c in text if not c.isascii() and not c.isalnum() and masks(c)})
    star = "(?:[^\\W_]|[" + "".join(re.escape(c) for c in extra) + "])" if extra else "[^\\W_]"
    parts = [star if c == "*" else re.escape(c) for c in exact]
    return re.compile("".join(parts))


def _unmask_context(masked: str, real: str, align_right: bool) -> str:
    """The remembered context with its masked characters taken from the real text around a
    candidate, so that masking alone never lowers the context score."""
    from ..privacy import masks

    if not masked or "*" not in masked:
        return masked
    n = min(len(masked), len(real))
    if align_right:
        m, r = masked[len(masked) - n:], real[len(real) - n:]
        head = masked[:len(masked) - n]
        return head + "".join(rc if mc == "*" and masks(rc) else mc for mc, rc in zip(m, r))
    m, r = masked[:n], real[:n]
    return "".join(rc if mc == "*" and masks(rc) else mc for mc, rc in zip(m, r)) + masked[n:]


def _locate_masked(anchor, unit: TextUnit) -> Optional[Match]:
    """A quote about personal data is kept masked; find the words whose mask it is."""
    from ..privacy import masks

    exact = anchor.quote.exact
    text = unit.text
    scored = []
    starts_a_word = exact[0] == "*" or masks(exact[0])
    for m in _masked_pattern(exact, text).finditer(text):
        st, en = m.start(), m.end()
        if (st > 0 and masks(text[st - 1]) and starts_a_word) or \
                (en < len(text) and masks(text[en]) and exact[-1] == "*"):
            continue  # the mask covers whole words
        prefix = _unmask_context(anchor.quote.prefix, text[max(0, st - len(anchor.quote.prefix)):st], True)
        suffix = _unmask_context(anchor.quote.suffix, text[en:en + len(anchor.quote.suffix)], False)
        p, s = context_scores(text, st, en, prefix, suffix)
        scored.append(Candidate(score(1.0, p, s, position_score(st, anchor.position.start, len(text))), (p + s) / 2,
                                st))
    if not scored:
        return None
    best = _choose(scored, len(exact), anchor.position.start).best
    if best is None:
        return None
    return Match(unit, best.start, best.start + len(exact), best.score, SAME_FIELD)


def _occurrences(text: str, exact: str) -> list[int]:
    out = []
    i = text.find(exact)
    while i != -1:
        out.append(i)
        i = text.find(exact, i + 1)
    return out


# --------------------------------------------------------------------------- locating


def locate(anchor, index: UnitIndex) -> Outcome:
    """Where ``anchor`` (an ``Anchor``) points in the text of ``index``, or why nowhere."""
    exact = anchor.quote.exact
    prefix, suffix = anchor.quote.prefix, anchor.quote.suffix
    hint = anchor.position.start
    unit = index.get(anchor.clause, anchor.field)

    # 0. a masked quote (a finding about personal data) in the same element and field
    if unit is not None and "*" in exact and exact not in unit.text:
        m = _locate_masked(anchor, unit)
        if m is not None:
            return Outcome(m)
        return Outcome(None, f"the masked words are no longer in {_where(anchor)}")

    # 1. exact quote in the same element and field
    if unit is not None:
        text = unit.text
        # fast path: nothing changed here
        if text[hint:hint + len(exact)] == exact and context_scores(text, hint, hint + len(exact),
                                                                    prefix, suffix) == (1.0, 1.0):
            return Outcome(Match(unit, hint, hint + len(exact), 1.0, SAME_FIELD))
        starts = _occurrences(text, exact)
        if starts:
            scored = []
            for st in starts:
                p, s = context_scores(text, st, st + len(exact), prefix, suffix)
                scored.append(Candidate(score(1.0, p, s, position_score(st, hint, len(text))), (p + s) / 2, st))
            choice = _choose(scored, len(exact), hint)
            if choice.best is not None:
                best = choice.best
                return Outcome(Match(unit, best.start, best.start + len(exact), best.score, SAME_FIELD))
            if choice.failure == AMBIGUOUS:
                return Outcome(None, f"the quote occurs {len(starts)} times in {_where(anchor)} and its "
                                     "context no longer tells which one was meant")

    # 2. exact quote elsewhere (moved or renamed element)
    hits = [(u, st) for u, st in index.find_all(exact) if u is not unit]
    if hits:
        scored = []
        for u, st in hits:
            p, s = context_scores(u.text, st, st + len(exact), prefix, suffix)
            scored.append(Candidate(score(1.0, p, s, 0.0), (p + s) / 2, st, u))
        scored.sort(key=lambda c: -c.score)
        best = scored[0]
        unique = len(scored) == 1 or best.context - scored[1].context >= AMBIGUITY_MARGIN
        trusted = best.context >= 0.5 or (len(exact) >= LONG_QUOTE and len(scored) == 1)
        if unique and trusted and best.score >= MIN_SCORE - POSITION_WEIGHT / _TOTAL:
            return Outcome(Match(best.unit, best.start, best.start + len(exact), best.score, ELSEWHERE))

    # 3. fuzzy in the same field
    if unit is not None:
        m = fuzzy(unit, exact, prefix, suffix, hint)
        if m is not None:
            return Outcome(m)
        return Outcome(None, f"the quoted words are no longer in {_where(anchor)}")
    return Outcome(None, f"{_where(anchor)} is no longer in the guideline and the quote is not found elsewhere")


def _where(anchor) -> str:
    if anchor.clause is None:
        return f"'{anchor.field}'"
    return f"'{anchor.clause}'" + ("" if anchor.field == "text" else f" ({anchor.field})")


def _choose(scored: list[Candidate], quote_len: int, hint: int) -> Choice:
    """Pick among exact occurrences in one field: the best, or none because the only one is
    ``WEAK`` or two are ``AMBIGUOUS`` (sorts ``scored``, best first).

    Where several occurrences keep their whole context (identical words around them),
    they cannot be told apart by their text: the one nearest the old position wins.
    """
    full = [c for c in scored if c.context == 1.0]
    if full:
        return Choice(min(full, key=lambda c: abs(c.start - hint)))
    scored.sort(key=lambda c: -c.score)
    best = scored[0]
    if len(scored) == 1:
        if best.score >= MIN_SCORE or quote_len >= LONG_QUOTE:
            return Choice(best)
        return Choice(None, WEAK)
    second = scored[1]
    if best.context - second.context >= AMBIGUITY_MARGIN and best.score >= MIN_SCORE:
        return Choice(best)
    return Choice(None, AMBIGUOUS)


def fuzzy(unit: TextUnit, exact: str, prefix: str, suffix: str, hint: int) -> Optional[Match]:
    """Scored fuzzy search for a changed quote near ``hint`` in ``unit``'s text."""
    from diff_match_patch import diff_match_patch

    text = unit.text
    if not text:
        return None
    dmp = diff_match_patch()
    dmp.Match_Threshold = 0.35
    dmp.Match_Distance = 1000
    bits = dmp.Match_MaxBits
    n = len(text)
    hint = min(max(hint, 0), n)

    def match(pattern: str, loc: int) -> int:
        if not pattern:
            return -1
        loc = min(max(loc, 0), n)
        try:
            return dmp.match_main(text, pattern, loc)
        except ValueError:
            return -1

    starts, ends = set(), set()
    head = exact[:bits]
    i = match(head, hint)
    if i != -1:
        starts.add(i)
    tail = exact[-bits:]
    i = match(tail, hint + len(exact) - len(tail))
    if i != -1:
        ends.add(i + len(tail))
    pre = prefix[-bits:]
    i = match(pre, hint - len(pre))
    if i != -1:
        starts.add(i + len(pre))
    suf = suffix[:bits]
    i = match(suf, hint + len(exact))
    if i != -1:
        ends.add(i)
    best: Optional[Match] = None
    lo, hi = len(exact) * 0.5, len(exact) * 1.5 + 8
    for st in starts:
        for en in ends:
            if not (0 <= st < en <= n) or not (lo <= en - st <= hi):
                continue
            cand = text[st:en]
            q = _similarity(dmp, exact, cand)
            if q < MIN_FUZZY_QUOTE:
                continue
            p, s = context_scores(text, st, en, prefix, suffix)
            sc = score(q, p, s, position_score(st, hint, n))
            if sc >= MIN_SCORE and (best is None or sc > best.score):
                best = Match(unit, st, en, sc, FUZZY)
    return best


def _similarity(dmp, a: str, b: str) -> float:
    if a == b:
        return 1.0
    diffs = dmp.diff_main(a, b, False)
    return 1.0 - dmp.diff_levenshtein(diffs) / max(len(a), len(b), 1)
