"""Caseless rules matched on lowercased text: the same matches, about 2.6 times faster.

Python's ``re`` runs a case-insensitive pattern with "ignore case" instructions that skip its
fast paths (an alternation tries every branch instead of checking each branch's first letter),
and the framing grammar's rules are alternations of hundreds of words tried at every word
start. A caseless rule whose pattern is written in lowercase and matched case-sensitively
against the lowercased text finds exactly the same spans, as long as

* lowercasing keeps the text's length (offsets stay the same: ``lowered`` checks it), and the
  text holds none of the few letters with extra case equivalences in ``re``
  (``FIX_CHARS``: ſ, ı, the Greek final sigma...; such a unit uses the original pattern);
* the pattern can be written in lowercase without changing what it matches
  (``lowercase_pattern`` refuses patterns with a case-sensitive part ``(?-i:...)``, an
  uppercase letter written as an escape, or a character range that is not plain ASCII
  letters of one case or caseless characters).

Measured on the framing rules over ten bench guidelines (426 KB, in-process): 1.81 s with the
original patterns, 0.68 s lowered, the same matches (tests/test_fast_match.py compares both
on real and generated text).
"""

from __future__ import annotations

from typing import Any, Optional

try:  # Python 3.11+
    from re import _casefix  # type: ignore[attr-defined]
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]

    _EXTRA = _casefix._EXTRA_CASES
except ImportError:  # pragma: no cover - another Python: no lowered patterns
    _EXTRA = None

FIX_CHARS = frozenset(
    chr(c) for k, v in (_EXTRA or {}).items() for c in (k, *v) if c > 127)
"""Non-ASCII letters ``re`` treats as equal to other letters under IGNORECASE beyond
``lower()`` (long s, dotless i, final sigma, Cyrillic and Greek variants...)."""


def lowered(text: str) -> Optional[str]:
    """``text.lower()`` where a lowered pattern reads it exactly as the original reads
    ``text``; None where it would not (length changes, or a letter of ``FIX_CHARS``)."""
    if text.isascii():
        return text.lower()
    low = text.lower()
    # (FIX_CHARS holds non-ASCII letters only: one set operation in C, not a look at each
    # character in Python — 0.3 s of a check of a 1 MB non-ASCII paragraph)
    if len(low) != len(text) or not FIX_CHARS.isdisjoint(text):
        return None
    return low


def lowercase_pattern(source: str) -> Optional[str]:
    """``source`` (a caseless pattern: case-insensitive as a whole) rewritten in lowercase,
    to be compiled without IGNORECASE and matched on ``lowered`` text; None where that could
    change what it matches."""
    found = lowercase_parsed(source)
    return found[0] if found else None


def lowercase_parsed(source: str, original: Any = None) -> Optional[tuple[str, Any]]:
    """``lowercase_pattern`` and the lowered pattern parsed (``re._parser.parse``), given
    ``source`` (and, if at hand, ``source`` already parsed)."""
    if _EXTRA is None:
        return None
    if original is None:
        try:
            original = P.parse(source)
        except Exception:  # noqa: BLE001 - not a pattern re reads
            return None
    if not _caseless_everywhere(list(original), bool(original.state.flags & C.SRE_FLAG_IGNORECASE)):
        return None
    out: list[str] = []
    i, n = 0, len(source)
    in_class = False
    while i < n:
        c = source[i]
        if c == "\\":
            if source[i + 1:i + 2] in ("x", "u", "U", "N") or source[i + 1:i + 2].isdigit():
                return None  # a character by its code (it may be a capital) or a backreference
            out.append(source[i:i + 2])
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            out.append(c.lower())
            i += 1
            continue
        if c == "[":
            in_class = True
            out.append(c)
            i += 1
            if i < n and source[i] == "^":
                out.append("^")
                i += 1
            if i < n and source[i] == "]":  # a "]" first in a class is a literal
                out.append("]")
                i += 1
            continue
        if source.startswith("(?", i):
            j = i + 2
            if j < n and source[j] in "aiLmsux-":
                k = j
                while k < n and source[k] in "aiLmsux-":
                    k += 1
                flags = source[j:k]
                if "-" in flags and "i" in flags.split("-", 1)[1]:
                    return None  # a case-sensitive part
                kept = flags.replace("i", "")
                out.append("(?" + kept if kept and kept != "-" else "(?")
                if k < n and source[k] == ")" and not kept:
                    out.pop()  # a bare "(?i)": dropped with its parenthesis
                    i = k + 1
                    continue
                i = k
                continue
            if source.startswith("(?P<", i) or source.startswith("(?P=", i):
                k = source.find(">" if source[i + 3] == "<" else ")", i)
                if k < 0:
                    return None
                out.append(source[i:k + 1])
                i = k + 1
                continue
            out.append("(?")
            i += 2
            continue
        out.append(c.lower())
        i += 1
    low = "".join(out)
    try:
        # the lowered pattern as ``re`` would parse it, made from the original's parse (a
        # lexicon-sized pattern takes 40 ms to parse; tests/test_fast_match.py checks that
        # both are the same)
        parsed = _lower_tree(original, _lower_state(original.state))
    except _NotLowered:
        return None
    if parsed.state.flags & C.SRE_FLAG_IGNORECASE or not _reads_lowercase(list(parsed)):
        return None
    return low, parsed


class _NotLowered(Exception):
    pass


def _lower_state(state: Any) -> Any:
    import copy

    new = copy.copy(state)
    new.flags = state.flags & ~C.SRE_FLAG_IGNORECASE
    return new


def _lower_char(code: int) -> int:
    low = chr(code).lower()
    if len(low) != 1:
        raise _NotLowered
    return ord(low)


def _lower_tree(sub: Any, state: Any) -> Any:
    """A parsed caseless pattern (``re._parser.SubPattern``) with its letters lowered and
    the IGNORECASE flag dropped: what parsing ``lowercase_pattern``'s source gives."""
    items = []
    for op, av in sub.data:
        if op in (C.LITERAL, C.NOT_LITERAL):
            items.append((op, _lower_char(av)))
        elif op is C.IN:
            new = []
            for iop, iav in av:
                if iop is C.LITERAL:
                    new.append((iop, _lower_char(iav)))
                elif iop is C.RANGE:
                    new.append((iop, (_lower_char(iav[0]), _lower_char(iav[1]))))
                else:
                    new.append((iop, iav))
            items.append((op, new))
        elif op is C.SUBPATTERN:
            group, add, drop, inner = av
            items.append((op, (group, add & ~C.SRE_FLAG_IGNORECASE, drop & ~C.SRE_FLAG_IGNORECASE,
                               _lower_tree(inner, state))))
        elif op is C.BRANCH:
            items.append((op, (av[0], [_lower_tree(b, state) for b in av[1]])))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            items.append((op, (av[0], av[1], _lower_tree(av[2], state))))
        elif op in (C.ASSERT, C.ASSERT_NOT):
            items.append((op, (av[0], _lower_tree(av[1], state))))
        elif op is getattr(C, "ATOMIC_GROUP", None):
            items.append((op, _lower_tree(av, state)))
        elif op in (C.AT, C.ANY, C.CATEGORY):
            items.append((op, av))
        else:
            raise _NotLowered
    return P.SubPattern(state, items)


def _plain(code: int) -> bool:
    """A character a lowered pattern may hold: not uppercase, no extra case equivalences."""
    ch = chr(code)
    return ch == ch.lower() and ch not in FIX_CHARS and ch.upper().lower() == ch


def _reads_lowercase(items: list) -> bool:
    for op, av in items:
        if op in (C.LITERAL, C.NOT_LITERAL):
            if not _plain(av):
                return False
        elif op is C.IN:
            for iop, iav in av:
                if iop is C.LITERAL and not _plain(iav):
                    return False
                if iop is C.RANGE:
                    lo, hi = iav
                    if hi > 127:
                        return False
                    letters = [x for x in range(lo, hi + 1) if chr(x).isalpha()]
                    if letters and not (all(chr(x).islower() for x in range(lo, hi + 1))):
                        return False
        elif op is C.SUBPATTERN:
            if av[1] & C.SRE_FLAG_IGNORECASE or (len(av) > 2 and av[2] & C.SRE_FLAG_IGNORECASE):
                return False
            if not _reads_lowercase(av[-1]):
                return False
        elif op is C.BRANCH:
            if not all(_reads_lowercase(b) for b in av[1]):
                return False
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            if not _reads_lowercase(av[2]):
                return False
        elif op in (C.ASSERT, C.ASSERT_NOT):
            if not _reads_lowercase(av[1]):
                return False
        elif op is getattr(C, "ATOMIC_GROUP", None):
            if not _reads_lowercase(av):
                return False
        elif op in (C.AT, C.ANY, C.CATEGORY):
            continue
        else:  # backreferences, conditionals: not rewritten
            return False
    return True


def _cased(code: int) -> bool:
    ch = chr(code)
    return ch.lower() != ch or ch.upper() != ch


def _one_case(lo: int, hi: int) -> bool:
    """A range that lowering maps onto itself or onto the same letters: all uppercase ASCII
    letters, all lowercase ASCII letters, or no cased character at all."""
    chars = [chr(x) for x in range(lo, hi + 1)]
    if hi <= 127 and (all("A" <= c <= "Z" for c in chars) or all("a" <= c <= "z" for c in chars)):
        return True
    return hi - lo < 4096 and not any(_cased(x) for x in range(lo, hi + 1))


def _caseless_everywhere(items: list, ignorecase: bool) -> bool:
    """Whether every letter of the pattern is read case-insensitively (a case-sensitive
    letter would read the lowered text differently)."""
    for op, av in items:
        if op in (C.LITERAL, C.NOT_LITERAL):
            if not ignorecase and _cased(av):
                return False
        elif op is C.IN:
            for iop, iav in av:
                if iop is C.RANGE and not _one_case(iav[0], iav[1]):
                    return False  # [A-z]: lowering it would change what it holds
            if not ignorecase and any(
                    (iop is C.LITERAL and _cased(iav)) or (iop is C.RANGE and any(_cased(x) for x in range(iav[0], iav[1] + 1)))
                    for iop, iav in av):
                return False
        elif op is C.SUBPATTERN:
            add = av[1] if len(av) > 1 else 0
            drop = av[2] if len(av) > 2 else 0
            inner = (ignorecase or bool(add & C.SRE_FLAG_IGNORECASE)) and not drop & C.SRE_FLAG_IGNORECASE
            if not _caseless_everywhere(av[-1], inner):
                return False
        elif op is C.BRANCH:
            if not all(_caseless_everywhere(b, ignorecase) for b in av[1]):
                return False
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            if not _caseless_everywhere(av[2], ignorecase):
                return False
        elif op in (C.ASSERT, C.ASSERT_NOT):
            if not _caseless_everywhere(av[1], ignorecase):
                return False
        elif op is getattr(C, "ATOMIC_GROUP", None):
            if not _caseless_everywhere(av, ignorecase):
                return False
        elif op in (C.AT, C.ANY, C.CATEGORY):
            continue
        else:
            return False
    return True
