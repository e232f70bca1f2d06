"""Required literals of a regular expression, for a fast prefilter.

``required_literals(pattern)`` returns a requirement in disjunctive normal form — a list
of sets of lowercase strings — such that every match of ``pattern`` contains ALL the
strings of at least ONE set; or None when nothing can be derived. Looking for the literals
in the lowercased text (``RuleSet.unit_candidates``: one Aho-Corasick pass per text unit)
then tells which rules can possibly match, so the regular-expression engine only runs the
few rules that can.
"""

from __future__ import annotations

from typing import Any, Iterable, Optional

try:  # Python 3.11+
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

MIN_LEN = 3
MAX_TERMS = 128
"""A sequence keeps the product of its parts' requirements up to this many terms, else the
more selective part alone."""
MAX_WEAK_TERMS = 256
"""An alternation (a rule's list of patterns) keeps its exact requirement up to this many
terms, and beyond it one literal per term: weaker, still sound, and far better than no
requirement at all. The automaton and the keyed terms make long requirements cheap."""

DNF = list  # list[frozenset[str]]


def _and(a: Optional[DNF], b: Optional[DNF]) -> Optional[DNF]:
    if not a:
        return b
    if not b:
        return a
    if len(a) * len(b) > MAX_TERMS:
        # keep the more selective side: the one whose weakest term has the longest literal
        return a if _strength(a) >= _strength(b) else b
    return _simplify([x | y for x in a for y in b])


def _strength(d: DNF) -> int:
    return min(sum(len(s) for s in term) for term in d)


def literal_counts(terms: Iterable[frozenset]) -> dict[str, int]:
    """How many of ``terms`` each literal appears in."""
    counts: dict[str, int] = {}
    for term in terms:
        for lit in term:
            counts[lit] = counts.get(lit, 0) + 1
    return counts


def rarest(term: frozenset, counts: dict[str, int]) -> str:
    """The literal of ``term`` fewest terms share (words such as "them" or "sex" recur across
    alternatives and across texts), the longest on a tie."""
    return min(term, key=lambda lit: (counts[lit], -len(lit), lit))


def _weaken(d: DNF) -> DNF:
    """Each term reduced to its rarest literal (a sound, weaker requirement)."""
    counts = literal_counts(d)
    return _simplify([frozenset([rarest(term, counts)]) for term in d])


def _simplify(d: DNF) -> DNF:
    out: list[frozenset] = []
    for term in sorted(set(d), key=len):
        if not any(o <= term for o in out):  # a weaker term already covers it
            out.append(term)
    return out


def _seq(items) -> Optional[DNF]:
    req: Optional[DNF] = None
    run = ""

    def flush() -> None:
        nonlocal req, run
        if len(run) >= MIN_LEN:
            req = _and(req, [frozenset([run])])
        run = ""

    for op, av in items:
        if op is C.LITERAL:
            run += chr(av).lower()
            continue
        flush()
        if op is C.SUBPATTERN:
            req = _and(req, _seq(av[-1]))
        elif op is C.BRANCH:
            parts = [_seq(branch) for branch in av[1]]
            if all(parts):
                union = _simplify([t for p in parts for t in p])
                if len(union) > MAX_WEAK_TERMS:
                    union = _weaken(union)
                if len(union) <= MAX_WEAK_TERMS:
                    req = _and(req, union)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            lo, _hi, inner = av
            if lo >= 1:
                req = _and(req, _seq(inner))
        # IN (classes), AT (anchors), ASSERT/ASSERT_NOT, ANY, CATEGORY: nothing required
    flush()
    return req


def required_literals(pattern: str) -> Optional[DNF]:
    try:
        parsed = P.parse(pattern)
    except Exception:  # noqa: BLE001 - an unparseable pattern simply gets no prefilter
        return None
    return _seq(list(parsed)) or None


def may_match(req: Optional[DNF], lowered: str) -> bool:
    if req is None:
        return True
    return any(all(lit in lowered for lit in term) for term in req)


def _class_has(items: list, ch: str, caseless: bool) -> bool:
    """Whether a character class (the parsed items of an ``IN``) matches ``ch``."""
    import re as _re

    forms = {ch, ch.lower(), ch.upper()} if caseless else {ch}
    hit = False
    negate = False
    for op, av in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL:
            hit = hit or any(ord(f) == av for f in forms)
        elif op is C.RANGE:
            hit = hit or any(av[0] <= ord(f) <= av[1] for f in forms)
        elif op is C.CATEGORY:
            probe = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
                     C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W"}.get(av)
            hit = hit or probe is None or bool(_re.fullmatch(probe, ch))
        else:  # anything else (a class form not read here): assume it may match
            hit = True
    return hit != negate


def never_consumed(pattern: Any, chars: str) -> frozenset:
    """The characters of ``chars`` that no match of ``pattern`` can contain: no part of the
    expression that consumes text (lookarounds consume none) can match them. A match then
    lies wholly between two such characters, which ``windows.py`` uses to search only the
    stretches of a text that can hold one. Conservative: anything not read here (a
    backreference, an unknown node) is taken to match every character."""
    if isinstance(pattern, str):
        try:
            parsed = P.parse(pattern)
        except Exception:  # noqa: BLE001 - an unparseable pattern gets no stretches
            return frozenset()
    else:  # already parsed (``re._parser.parse``)
        parsed = pattern
    left = set(chars)
    seen: dict[tuple, frozenset] = {}

    def walk(items, caseless: bool) -> None:
        for op, av in items:
            if not left:
                return
            if op is C.LITERAL:
                c = chr(av)
                forms = {c, c.lower(), c.upper()} if caseless else {c}
                left.difference_update(forms)
            elif op is C.NOT_LITERAL:
                left.intersection_update({chr(av)})
            elif op is C.ANY:
                left.intersection_update({"\n"})
            elif op is C.IN:
                key = (tuple(av), caseless)
                held = seen.get(key)
                if held is None:  # a class recurs thousands of times in a lexicon-sized pattern
                    held = seen[key] = frozenset(ch for ch in chars if _class_has(av, ch, caseless))
                left.difference_update(held)
            elif op is C.SUBPATTERN:
                add_flags = av[1] if len(av) > 1 else 0
                del_flags = av[2] if len(av) > 2 else 0
                inner_caseless = (caseless or bool(add_flags & C.SRE_FLAG_IGNORECASE)) \
                    and not del_flags & C.SRE_FLAG_IGNORECASE
                walk(av[-1], inner_caseless)
            elif op is C.BRANCH:
                for branch in av[1]:
                    walk(branch, caseless)
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
                walk(av[2], caseless)
            elif op is getattr(C, "ATOMIC_GROUP", None):
                walk(av, caseless)
            elif op in (C.ASSERT, C.ASSERT_NOT, C.AT):
                continue  # consume nothing
            elif op is C.GROUPREF_EXISTS:
                _group, yes, no = av
                walk(yes, caseless)
                if no:
                    walk(no, caseless)
            else:  # a backreference or anything not read here: may consume anything
                left.clear()

    walk(list(parsed), bool(parsed.state.flags & C.SRE_FLAG_IGNORECASE))
    return frozenset(left)
