"""The learned rules' part of a scan (``kind: model`` rules, ``learned.py``): the pattern
hits a model vetoes, and the sentences a model flags itself."""

from __future__ import annotations

import re
from typing import Any, Iterator

from .caseless import lowered
from .contexts import WINDOW, lifted_by, sentence_bounds
from .packs import Rule

LONGEST = 5 * WINDOW
"""How far a learned rule reads on each side of the words that led it to a sentence (characters)."""


def model_sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding ``text[start:end]`` as a learned rule reads it: ``sentence_bounds``
    looks for its terminators at most ``WINDOW`` characters away, which cut a statute's
    one-sentence section at a place that depends on which of its words led there (a rename
    earlier in the sentence moved the cut, and the model's finding came and went); here the
    search goes on, a window at a time, to the sentence's own ends, up to ``LONGEST``
    characters on each side of the words. Each step reads one window, so a scan stays linear."""
    s, e = sentence_bounds(text, start, end)
    # cut where no terminator was found in the window (most sentences end well inside it)
    cut_after = e == min(len(text), end + WINDOW)
    cut_before = s > 0 and not text[max(0, start - WINDOW):s].strip()
    while cut_after and e < len(text) and e - start < LONGEST:
        further = sentence_bounds(text, e, e)[1]
        if further <= e:
            break
        e = further
    while cut_before and s > 0 and end - s < LONGEST:
        earlier = sentence_bounds(text, s, s)[0]
        if earlier >= s:
            break
        s = earlier
    return s, e


def vetoed(model_rules: list, text: str, found: list) -> list:
    """The pattern hits less those a learned rule vetoes: a finding of the model's reviewer in
    a sentence the model reads (it holds the rule's ``needs``) and scores below the model's
    ``veto`` — the model is then confident the sentence is not what the rule took it for
    (most often a critique or a report the contexts did not recognise)."""
    from . import learned, span_model

    out = found
    for rule in model_rules:
        if rule.needs_re is None:
            continue
        if span_model.is_span_model(rule.model):  # the language reviewer's learned context
            out = span_model.vetoed(rule, text, out)
            continue
        if not any(r.reviewer == rule.reviewer and r.kind != "model" for _s, _e, _i, r in out):
            continue  # nothing it could veto: the model is not even loaded
        model = learned.load(rule.model)
        if model.veto <= 0:
            continue
        scores: dict[tuple[int, int], float] = {}
        kept = []
        for hit in out:
            start, end, _i, r = hit
            if r.reviewer != rule.reviewer or r.kind == "model":
                kept.append(hit)
                continue
            span = _line_cut(text, *model_sentence(text, start, end), start, end)
            if span not in scores:
                sentence = text[span[0]:span[1]]
                gated = (rule.needs_re.search(sentence) is not None and not model.too_short(sentence)
                         and model.may_veto(sentence))
                scores[span] = model.probability(sentence) if gated else 1.0
            if scores[span] >= model.veto:
                kept.append(hit)
        out = kept
    return out


def model_hits(rule: Rule, text: str, found: list) -> Iterator[tuple[int, int, str]]:
    """The sentences of ``text`` that a learned rule flags: each sentence holding the rule's
    ``needs`` and no finding of the rule's reviewer is scored; a score at or above the
    threshold is a finding over the words that weighed most. Contexts the rule names
    (``exceptions``) apply to the sentence as they do to a match."""
    from . import learned, span_model

    gate = rule.needs_re
    if gate is None or span_model.is_span_model(rule.model):
        return  # a span model withdraws other rules' findings and flags nothing itself
    model = None  # loaded when a sentence is to be scored (most text units have none)
    threshold = rule.threshold
    taken = _Cover([(a, b) for a, b, _i, r in found if r.reviewer == rule.reviewer])
    read: list[tuple[int, int]] = []  # the sentences that hold ``needs``
    done = -1
    for m in _gate_matches(gate, text):
        if m.start() < done:
            continue
        s, e = _line_cut(text, *model_sentence(text, m.start(), m.end()), m.start(), m.end())
        done = e
        read.append((s, e))
        if taken.hits(s, e):
            continue
        if model is None:
            model = learned.load(rule.model)
            if threshold is None:
                threshold = model.threshold
        hit = _flagged(rule, model, text, s, e, threshold)
        if hit is not None:
            yield hit
    gate_out = outside_gate(rule)
    if gate_out is None:
        return
    # sentences that do not name the topic but hold a word of the rule's ``outside`` classes
    # are read at the model's stricter outside threshold ("Officers will patrol the area
    # nightly to deter the activity." in a guideline about sex work)
    done = -1
    taken.rewind()
    gated = _Cover(read)
    for at in gate_out.starts(text):
        if at < done:
            continue
        s, e = _line_cut(text, *model_sentence(text, at, at + 1), at, at + 1)
        done = e
        if taken.hits(s, e) or gated.hits(s, e):
            continue
        if model is None:  # loaded for the first sentence it reads
            model = learned.load(rule.model)
        if model.outside_threshold >= 1:
            return
        hit = _flagged(rule, model, text, s, e, model.outside_threshold, needs=False)
        if hit is not None:
            yield hit


def _flagged(rule: Rule, model, text: str, s: int, e: int, threshold: float, *,
             needs: bool = True) -> "tuple[int, int, str] | None":
    """The finding of a learned rule in the sentence [s, e) of ``text`` — its span over the
    words that weighed most and the explanation — or None: scored below ``threshold``, too
    short to judge, or lifted by one of the rule's contexts (``needs=False``: the rule's
    ``needs`` is not asked for, a sentence read through its ``outside`` words)."""
    from . import learned

    sentence = text[s:e]
    if model.probability(sentence) < threshold or model.too_short(sentence):
        return None
    _p, contrib = model.score(sentence)
    found_words = model.cues.found(sentence) if model.cues is not None else {}
    a, b = _learned_span(text, s, e, contrib, found_words)
    if lifted_by(rule, text, a, b, needs=needs) is not None:
        return None
    return a, b, learned.explain(contrib, found=found_words, labels=model.cues.labels if model.cues else None,
                                 named=model.named(sentence))


_LOWERED_GATES: dict[tuple[str, int], Any] = {}


def _gate_matches(gate: Any, text: str) -> Iterator[Any]:
    """``gate.finditer(text)``: the same matches, found with the gate written in lowercase on
    the lowercased text where ``caseless`` says that reads alike (a caseless alternation runs
    without ``re``'s fast paths: the topic gate took 215 ms over the 1.5 MB of prose units in
    bench/corpus/n100, 59 ms so, lowering included)."""
    rx = _lowered_gate(gate)
    if rx is not None:
        low = lowered(text)
        if low is not None:
            return rx.finditer(low)
    return gate.finditer(text)


def _lowered_gate(gate: Any) -> Any:
    """The caseless ``gate`` compiled in lowercase (``caseless.lowercase_parsed``), or None
    where it is not caseless or cannot be lowered; once per pattern."""
    key = (gate.pattern, gate.flags)
    rx = _LOWERED_GATES.get(key)
    if rx is None:
        rx = False
        if gate.flags & re.IGNORECASE and isinstance(gate.pattern, str):
            import hashlib

            from .. import usercache
            from .recache import COMPILER_VERSION, shared

            # the lowered source is kept in the user's cache (deriving it parses the pattern:
            # about 20 ms, a tenth of a cold single-file check); "" where it cannot be lowered
            # (format 2: the lowered source after a digest of it, so that an entry damaged on disk
            # or cut short is derived again: hostile24, an internal error or, cut where the pattern
            # still compiled, a gate that let other words through)
            name = "gate-" + hashlib.sha256(f"{COMPILER_VERSION}\0{gate.flags}\0{gate.pattern}".encode(
                "utf-8", "surrogatepass")).hexdigest()[:32] + "-2.txt"
            flags = gate.flags & ~re.IGNORECASE
            kept = usercache.read(name)
            if kept is not None:
                digest, _, body = kept.partition(b"\n")
                try:
                    if digest != hashlib.sha256(body).hexdigest()[:16].encode():
                        raise ValueError("damaged")
                    low = body.decode("utf-8", "surrogatepass")
                    rx = shared("conditions").compile(low, flags) if low else False
                except Exception:  # noqa: BLE001 - a damaged entry: derived again
                    kept = None
            if kept is None:
                from .caseless import lowercase_parsed

                found = lowercase_parsed("(?i)" + gate.pattern)
                if found is not None:
                    rx = shared("conditions").compile(found[0], flags, parsed=found[1])
                body = (found[0] if found is not None else "").encode("utf-8", "surrogatepass")
                try:
                    usercache.write(name, hashlib.sha256(body).hexdigest()[:16].encode() + b"\n" + body)
                except (ValueError, OSError):
                    pass
        _LOWERED_GATES[key] = rx
    return rx or None


class _Cover:
    """Spans merged and sorted, asked in order: ``hits(s, e)``, whether [s, e) overlaps one
    of them, in amortised constant time for starts that never decrease (a 1 MB paragraph has
    thousands of findings and sentences: one scan of the list per sentence was quadratic)."""

    __slots__ = ("spans", "j", "last")

    def __init__(self, spans: list[tuple[int, int]]):
        merged: list[list[int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.spans = merged
        self.j = 0
        self.last = -1

    def rewind(self) -> None:
        self.j = 0
        self.last = -1

    def hits(self, s: int, e: int) -> bool:
        if s < self.last:
            self.j = 0  # asked out of order: start again (still correct)
        self.last = s
        spans, j = self.spans, self.j
        while j < len(spans) and spans[j][1] <= s:
            j += 1
        self.j = j
        return j < len(spans) and spans[j][0] < e


def outside_gate(rule: Rule):
    """The ``learned.ClassGate`` of a learned rule's ``outside`` lexicon entries (from the
    pack, so the model is not loaded for text it will not read), or None; built once."""
    if rule._outside_gate is False:
        from . import learned

        rule._outside_gate = learned.ClassGate(*rule.outside_forms) if rule.outside_forms else None
    return rule._outside_gate


def _line_cut(text: str, s: int, e: int, start: int, end: int) -> tuple[int, int]:
    """The sentence [s, e) holding ``start:end``, cut at line breaks that start a new line of
    its own (the next line begins with a capital, a digit or a list marker): in plain text a
    heading or a list item has no full stop, and must not be read with the lines after it."""
    def hard(k: int) -> bool:
        nxt = text[k + 1:k + 3].lstrip(" \t")[:1]
        return not nxt or nxt == "\n" or nxt.isupper() or nxt.isdigit() or nxt in "-*•✓+>#"

    k = text.rfind("\n", s, start)
    while k >= s:
        if hard(k):
            s = k + 1
            break
        k = text.rfind("\n", s, k)
    k = text.find("\n", end, e)
    while k != -1:
        if hard(k):
            e = k
            break
        k = text.find("\n", k + 1, e)
    while s < e and text[s].isspace():
        s += 1
    return s, e


def _learned_span(text: str, s: int, e: int, contrib: list, found: dict | None = None) -> tuple[int, int]:
    """From the first to the last of the (at most three) terms that weighed most, within the
    sentence; the whole sentence when none is found as written. A class of the grammar's
    words (``@a&b``) stands for the sentence's words of those classes (``found``)."""
    lo, hi = e, s
    named: list[str] = []
    for term, _c in contrib[:3]:
        if term.startswith("@"):
            named.extend(found[p] for p in term[1:].split("&") if found and p in found)
        else:
            named.append(term)
    for term in named:
        words = [r"\w*\d\w*" if w == "#num" else re.escape(w).replace("'", "['’]") for w in term.split()]
        m = re.search(r"(?<!\w)" + r"\W+".join(words) + r"(?!\w)", text[s:e], re.IGNORECASE)
        if m:
            lo, hi = min(lo, s + m.start()), max(hi, s + m.end())
    return (lo, hi) if lo < hi else (s, e)


