"""The checks engine: rule packs compiled once into one matcher, run over text units.

* Every pattern rule of every enabled pack becomes one named group of ONE combined regular
  expression, so a text is scanned once whatever the number of rules.
* Context exceptions (quotations, use–mention, statute/case/organization names, personal
  names, glossary self-identification, negation, reported speech, polite individual
  requests) are decided per match, at sentence level.
* Python rules (``kind: python``) read the structured document.
* Which rules can match in which text unit is decided first, by one pass of a prefilter
  over each file's units: Hyperscan (``RuleSet.use_prefilter``, for large batches) or an
  Aho-Corasick automaton of the rules' required literals; both only ever narrow the rules
  the regular expression then runs, never the findings.
* Inline suppressions: ``# lic-policy: ignore[rule-id] reason`` (YAML) or
  ``<!-- lic-policy: ignore[rule-id] reason -->`` (Markdown) on the line, or on the line of
  a field's key to cover the whole field. The reason is mandatory; unused suppressions are
  reported.
"""

from __future__ import annotations

import importlib
import itertools
import os
import re
import threading
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, NamedTuple, Optional

from ..config import Config
from ..model.finding import CONTEXT_CHARS, Finding, Source
from ..text import NAME, PROSE, QUOTE, TextUnit, guideline_units, mask_markup, prose_units
from .contexts import about_youth, lifted_by, normal_term, sentence_bounds
from .normalize import for_matching, to_original
from .packs import ENTRY_MARK, Pack, Rule, _spaces, load_packs

SUPPRESS = re.compile(r"(?:#|<!--)\s*lic-policy:\s*ignore\[([^\]]*)\]\s*(.*?)\s*(?:-->)?\s*$")


@dataclass
class Suppression:
    file: str
    line: int
    rule_ids: list[str]
    reason: str
    used: set = field(default_factory=set)
    column: int = 1  # where the comment starts, 1-based
    end_column: int = 1


@dataclass
class FileResult:
    file: str
    findings: list[Finding] = field(default_factory=list)
    suppressed: int = 0
    error: Optional[Any] = None  # a LicPolicyError as dict {message, line, column, hint}
    cached: bool = False


RENAMED = {"lang.std": "term.std", "lang.safe-sex": "term.safe-sex", "lang.war-on": "term.war-on",
           "lang.suffering": "term.suffering", "lang.consensual-sex-work": "term.consensual-sex-work",
           "lang.violent-client": "term.violent-client"}
"""Rule ids that changed (0.2.0 → 0.3.0): a configuration naming the old id is told the new one."""


class RuleSet:
    """The enabled rules, compiled once."""

    def __init__(self, packs: list[Pack], cfg: Optional[Config] = None):
        cfg = cfg or Config()
        self.packs = packs
        self.config = cfg
        all_rules = [r for p in packs for r in p.rules]
        known = {r.id for r in all_rules}
        from ..errors import ConfigError

        for rid in [*cfg.enable, *cfg.disable, *cfg.severity]:
            if rid in RENAMED and RENAMED[rid] in known:
                raise ConfigError(f"rule '{rid}' was renamed '{RENAMED[rid]}'", file=str(cfg.path or ""),
                                  hint=f"write '{RENAMED[rid]}' in the configuration (see CHANGELOG.md)")
            if rid not in known and not any(rid == p.name for p in packs):
                import difflib

                close = difflib.get_close_matches(rid, sorted(known), n=1)
                raise ConfigError(f"unknown rule id '{rid}' in the configuration", file=str(cfg.path or ""),
                                  hint=f"did you mean '{close[0]}'?" if close else "run `lic-policy rules` to list them")
        self.rules: list[Rule] = []
        for r in all_rules:
            disabled = r.id in cfg.disable or r.pack in cfg.disable
            if disabled and r.id not in cfg.enable:
                continue
            if r.id in cfg.severity:
                r.severity = cfg.severity[r.id]
            self.rules.append(r)
        self.by_id = {r.id: r for r in all_rules}
        # each combination of each pattern rule is matched on its own (``packs.Variant``)
        self.pattern_rules = [v for r in self.rules if r.kind == "pattern" and not r.raw for v in r.matchers()]
        # rules that read the text as written (invisible characters, mixed scripts): they can
        # only match text that is not all ASCII, so they run outside the prefilters
        self.raw_rules = [(r, re.compile("(?<!\\w)" + r.body_source())) for r in self.rules
                          if r.kind == "pattern" and r.raw]
        self.python_rules = [r for r in self.rules if r.kind == "python"]
        # learned reviewers (``learned.py``): a sentence that holds the rule's ``needs`` and
        # that no rule of its reviewer flagged is scored as a whole
        self.model_rules = [r for r in self.rules if r.kind == "model"]
        self._sources = [f"{r.body_source()}(?!\\w)" for r in self.pattern_rules]
        self._compiled: list[Any] = [None] * len(self.pattern_rules)
        self._stores: dict[str, Any] = {}
        self.by_id_enabled = {r.id: r for r in self.rules}
        self._literals: Optional[list] = None  # derived on first use: a warm re-check never needs them
        self._all_rules = tuple(range(len(self.pattern_rules)))
        self._literals_of: dict[tuple, frozenset] = {}
        self._automaton: Any = None
        self._prefilter: Any = None  # None: not asked for; False: unavailable; else a _Prefilter
        protected = [p for pack in packs for p, _kind in pack.protected]
        self.protected = re.compile("|".join(f"(?:{_spaces(p)})" for p in protected), re.IGNORECASE) \
            if protected else None
        import hashlib

        h = hashlib.sha256()
        for p in packs:
            h.update(p.digest.encode())
        h.update(repr((sorted(cfg.enable), sorted(cfg.disable), sorted(cfg.severity.items()),
                       cfg.min_sex_worker_share)).encode())
        self.digest = h.hexdigest()

    @property
    def literals(self) -> list:
        """Each pattern rule's required literals (``literals.required_literals``: a DNF, or
        None), derived on first use."""
        if self._literals is None:
            lits = [r.required_literals() for r in self.pattern_rules]
            terms_of = self._keyed_terms(lits)
            self._terms_of_literal = terms_of
            self._always = tuple(i for i, req in enumerate(lits) if req is None)
            self._keys = frozenset(terms_of)
            self._literals = lits
        return self._literals

    def _keyed_terms(self, lits: list) -> dict[str, list[tuple[int, frozenset]]]:
        """Each term of each rule's requirement keyed by one of its literals, the one fewest
        terms share (the longest on a tie): a term is only tested where its key occurs, and
        words that recur across terms ("sex", "work", "them") recur in texts too. Rules
        without a requirement run everywhere. Kept in the user's cache with the rule set's
        digest (the grammar's requirements have thousands of terms: about 20 ms to key)."""
        import marshal

        from .. import usercache

        name = f"keys-{self.digest[:32]}.bin"
        data = usercache.read(name)
        if data:
            try:
                loaded = marshal.loads(data)
                return {k: [(i, frozenset(t)) for i, t in v] for k, v in loaded.items()}
            except (ValueError, EOFError, TypeError):
                pass
        from .literals import literal_counts, rarest

        shared = literal_counts(term for req in lits for term in (req or ()))
        terms_of: dict[str, list[tuple[int, frozenset]]] = {}
        for i, req in enumerate(lits):
            for term in req or ():
                terms_of.setdefault(rarest(term, shared), []).append((i, term))
        try:
            usercache.write(name, marshal.dumps({k: [(i, tuple(sorted(t))) for i, t in v] for k, v in terms_of.items()}))
        except (ValueError, OSError):
            pass
        return terms_of

    # ---------------------------------------------------------------- text

    def candidates(self, text: str, among: Optional[tuple] = None) -> tuple:
        """Indexes of the pattern rules that can match somewhere in ``text`` (optionally only
        ``among`` these): each rule's required literals are looked for with a plain substring
        test on the lowercased text."""
        lowered = _fold(text)
        rules = self._all_rules if among is None else among
        wanted = self._literals_of.get(rules)
        if wanted is None:
            wanted = frozenset(lit for i in rules for term in (self.literals[i] or ()) for lit in term)
            if len(self._literals_of) > 4096:
                self._literals_of.clear()
            self._literals_of[rules] = wanted
        present = self._present(lowered, wanted)
        lits = self.literals
        return tuple(i for i in rules if lits[i] is None or any(term <= present for term in lits[i]))

    def _present(self, lowered: str, wanted: Optional[frozenset] = None) -> set:
        """The required literals and entry marks (``packs.ENTRY_MARK``) present in
        ``lowered`` text (only those in ``wanted`` when given)."""
        automaton = self._literal_automaton()
        if automaton:
            found: set = set()
            for _end, stands_for in automaton.iter(lowered):
                found.update(stands_for)
        else:
            words = self._entry_words()
            found = {lit for lit in (wanted if wanted is not None else self._all_literals())
                     if (any(w in lowered for w in words.get(lit[1:], ())) if lit.startswith(ENTRY_MARK)
                         else lit in lowered)}
        return found if wanted is None else found & wanted

    def _all_literals(self) -> set:
        return {lit for req in self.literals for term in (req or ()) for lit in term}

    def _entry_words(self) -> dict[str, list[str]]:
        """Lexicon entry → the words that mark its presence, of every pack."""
        out: dict[str, list[str]] = {}
        for pack in self.packs:
            out.update(pack.entry_words)
        return out

    def _literal_automaton(self) -> Any:
        """An Aho-Corasick automaton (pyahocorasick) over every required literal, or False
        where the package is missing (then ``unit_candidates`` falls back to substring tests,
        with the same answer)."""
        if self._automaton is None:
            self.literals  # noqa: B018 - derives the keyed terms
            try:
                import ahocorasick
            except ImportError:  # pragma: no cover - a dependency; the fallback gives the same answer
                self._automaton = False
                return False
            a = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
            # each word found stands for the literals it is (and the lexicon entries it marks)
            stands: dict[str, set] = {}
            words = self._entry_words()
            for lit in self._all_literals():
                if lit.startswith(ENTRY_MARK):
                    for w in words.get(lit[1:], ()):
                        stands.setdefault(w, set()).add(lit)
                else:
                    stands.setdefault(lit, set()).add(lit)
            for word, lits in stands.items():
                a.add_word(word, tuple(lits))
            if self._terms_of_literal:
                a.make_automaton()
                self._automaton = a
            else:
                self._automaton = False
        return self._automaton

    def unit_candidates(self, texts: list[str], file_text: str) -> list[tuple]:
        """For each of ``texts`` (the text units of one file), the pattern rules that can
        match in it: exactly ``candidates(text, candidates(file_text))``, but computed with
        one pass of an Aho-Corasick automaton over each unit's lowercased text (which literals
        occur in it) instead of a substring test per literal and unit; a term is only tested
        where its key literal occurs, and the file's own text is only searched for the rules
        some unit needs."""
        prefilter = self._prefilter
        if prefilter:
            hits = prefilter.hits(texts)
            if hits is not None:
                out = self._prefiltered(hits, texts, file_text)
                if prefilter.uncovered:
                    # the grammar's rules are not in the Hyperscan database (their lexicon-sized
                    # alternations take minutes to compile there): the literal automaton
                    # finds their candidates
                    extra = self._literal_candidates(texts, file_text, prefilter.uncovered)
                    out = [tuple(sorted(set(a).union(b))) if b else a for a, b in zip(out, extra)]
                return out
        return self._literal_candidates(texts, file_text)

    def _literal_candidates(self, texts: list[str], file_text: str, keep: Optional[frozenset] = None
                            ) -> list[tuple]:
        """``unit_candidates`` from the literal automaton (only the rules in ``keep`` when
        given)."""
        lits = self.literals
        automaton = self._literal_automaton()
        if not automaton:
            file_candidates = self.candidates(file_text, tuple(sorted(keep)) if keep is not None else None)
            return [self.candidates(t, file_candidates) if file_candidates else () for t in texts]
        lowered = [_fold(t) for t in texts]
        find = automaton.iter
        present = {}
        for k, t in enumerate(lowered):
            found: set = set()
            for _end, stands_for in find(t):
                found.update(stands_for)
            if found:
                present[k] = found
        always = self._always
        terms_of = self._terms_of_literal
        keys = self._keys
        in_file: dict[int, bool] = {}
        file_present: Optional[set] = None
        out: list[tuple] = []
        for k in range(len(texts)):
            found = present.get(k)
            if not always and (not found or keys.isdisjoint(found)):
                out.append(())
                continue
            rules: dict[int, Optional[frozenset]] = dict.fromkeys(always)
            if found:
                for lit in found:
                    for i, term in terms_of.get(lit, ()):
                        if i not in rules and term <= found:
                            rules[i] = term
            if keep is not None:
                rules = {i: t for i, t in rules.items() if i in keep}
            if not rules:
                out.append(())
                continue
            kept = []
            for i in sorted(rules):
                ok = in_file.get(i)
                if ok is None:
                    if lits[i] is None:
                        ok = True
                    else:
                        if file_present is None:
                            file_present = self._present(_fold(file_text))
                        ok = any(term <= file_present for term in lits[i])
                    in_file[i] = ok
                if ok:
                    kept.append(i)
            out.append(tuple(kept))
        return out

    def use_prefilter(self) -> bool:
        """Find candidate rules with Hyperscan from now on (``unit_candidates``): one
        database of every pattern rule's regular expression in prefilter mode, which reports
        every rule that can match (a superset; the regular expression then decides), in one
        pass over a file's units. The database is compiled once (about half a second) and kept
        serialized in the user's cache folder (``usercache``) keyed by the patterns
        and the Hyperscan version, so later runs load it in a millisecond. False (and the
        Aho-Corasick path stays) where the ``hyperscan`` package is not installed. Worth it
        for many files: ``runner.check_paths`` turns it on for batches that use the pool."""
        if self._prefilter is None:
            self._prefilter = _build_prefilter(self.pattern_rules) or False
        return bool(self._prefilter)

    def _prefiltered(self, hits: dict[int, set], texts: list[str], file_text: str) -> list[tuple]:
        """``unit_candidates`` from the Hyperscan hits per unit, with the same file-level
        narrowing as the literal path (a rule none of whose literal terms occurs in the
        file's source is dropped), so both paths give the same findings."""
        lits = self.literals
        always = self._prefilter.always
        in_file: dict[int, bool] = {}
        lowered_file: Optional[str] = None
        out: list[tuple] = []
        for k in range(len(texts)):
            found = hits.get(k)
            if not found and not always:
                out.append(())
                continue
            kept = []
            unit: Optional[str] = None
            for i in sorted(found.union(always) if found else always):
                ok = in_file.get(i)
                if ok is None:
                    req = lits[i]
                    if req is None:
                        ok = True
                    else:
                        # the term found in the unit first (it is nearly always in the file's
                        # source too, and nearly always in lowercase: a literal, lowercase, in
                        # the text is in the lowercased text), then any term: the same answer
                        # as the literal path
                        if unit is None:
                            unit = _fold(texts[k])  # once per unit, not once per rule
                        term = next((t for t in req if all(lit in unit for lit in t)), None)
                        ok = term is not None and all(lit in file_text for lit in term)
                        if not ok:
                            if lowered_file is None:
                                lowered_file = _fold(file_text)
                            ok = any(all(lit in lowered_file for lit in t) for t in req)
                    in_file[i] = ok
                if ok:
                    kept.append(i)
            out.append(tuple(kept))
        return out

    def prepare(self) -> None:
        """Build what checking builds on first use (the literal automaton, the Python rules'
        functions), e.g. before forking workers that then share it. With the Hyperscan
        prefilter on, only the literals (its file-level narrowing) are needed."""
        if self._prefilter:
            self.literals  # noqa: B018
        else:
            self._literal_automaton()
        for i in range(len(self.pattern_rules)):
            self.compiled(i)
        self.save_compiled()
        for rule in self.python_rules:
            _python_function(rule)

    def compiled(self, i: int) -> Any:
        """The compiled regular expression of pattern rule ``i``: compiled once per process,
        and its program kept in the user's cache between runs (``recache``)."""
        rx = self._compiled[i]
        if rx is None:
            rx = self._compiled[i] = self._regex_store(self.pattern_rules[i].rule.pack).compile(
                matcher_source(self._sources[i]))
        return rx

    def _regex_store(self, pack_name: str) -> Any:
        store = self._stores.get(pack_name)
        if store is None:
            from .recache import RegexStore

            digest = next((p.digest for p in self.packs if p.name == pack_name), "none")
            store = self._stores[pack_name] = RegexStore(digest[:24])
        return store

    def save_compiled(self) -> None:
        """Keep the programs of the patterns compiled in this run for the next one."""
        from .recache import save_shared

        for store in self._stores.values():
            store.save()
        save_shared()

    def scan(self, unit: TextUnit, self_terms: frozenset = frozenset(), candidates: Optional[tuple] = None,
             normalized: Optional[tuple] = None, only: Optional[str] = None) -> Iterator["Hit"]:
        """Every finding in one text unit, contexts applied, as ``Hit``s (rule, start, end,
        why) with offsets in ``unit.text`` as written.

        Each candidate rule runs on its own (compiled once), so one reviewer's match never
        hides another's; within a reviewer, overlapping matches keep the leftmost, then the
        longest. The rules read the text with invisible characters dropped and look-alike
        letters folded (``normalize.for_matching``); rules marked ``raw`` read it as written.
        ``only``: the findings of that one rule, as if it were the only one (its examples)."""
        text = unit.text
        ntext, back = normalized if normalized is not None else for_matching(text)
        if candidates is None:
            candidates = self.candidates(ntext)
        found: list[tuple[int, int, int, Rule]] = []
        rules = self.pattern_rules
        for i in candidates:
            variant = rules[i]
            rule = variant.rule
            if unit.kind not in rule.fields or (only is not None and rule.id != only):
                continue
            for m in self.compiled(i).finditer(ntext):
                start, end = m.span()
                if start == end:
                    continue
                if self._protected_in(ntext, start, end):
                    continue
                if lifted_by(variant, ntext, start, end, self_terms) is not None:
                    continue
                found.append((start, end, i, rule))
        if self.raw_rules and not text.isascii():
            for k, (rule, rx) in enumerate(self.raw_rules):
                if unit.kind in rule.fields:
                    found.extend((m.start(), m.end(), len(rules) + k, rule) for m in rx.finditer(text)
                                 if m.end() > m.start())
        learned: dict[tuple[int, int], str] = {}
        if self.model_rules and found and only is None:
            found = _vetoed(self.model_rules, ntext, found)
        for k, rule in enumerate(self.model_rules):
            if unit.kind in rule.fields and (only is None or rule.id == only):
                for start, end, why in _model_hits(rule, ntext, found):
                    learned[(start, end)] = why
                    found.append((start, end, len(rules) + len(self.raw_rules) + k, rule))
        if not found:
            return
        found.sort(key=lambda h: (h[0], h[0] - h[1], h[2]))
        # matches come sorted by start, so a match overlaps a span its reviewer has taken
        # exactly when it starts before the end of the last one taken (constant time, not a
        # scan of every span taken: a dense 1 MB paragraph has thousands)
        taken: dict[str, int] = {}
        for start, end, _i, rule in found:
            if rule.about_youth and rule.about_youth in self.by_id_enabled:
                s, e = sentence_bounds(ntext, start, end)
                if about_youth(ntext, s, e, start, end):
                    rule = self.by_id_enabled[rule.about_youth]
            if start < taken.get(rule.reviewer, -1):
                continue
            taken[rule.reviewer] = end
            a, b = (start, end) if rule.raw else to_original(back, start, end)
            why = learned.get((start, end), "") if rule.kind == "model" else rule.why(ntext[start:end])
            yield Hit(rule, a, b, why)

    def _protected_in(self, text: str, start: int, end: int) -> bool:
        """Whether the match overlaps a protected name or title of the packs (statutes,
        treaties, organizations), looked for in a bounded window around it."""
        if self.protected is None:
            return False
        lo, hi = max(0, start - 120), min(len(text), end + 120)
        return any(m.start() + lo < end and start < m.end() + lo for m in self.protected.finditer(text[lo:hi]))



_FOLD_CHARS = ("\u0130", "\u0131", "\u017f")


def _vetoed(model_rules: list, text: str, found: list) -> list:
    """The pattern hits less those a learned rule vetoes: a finding of the model's reviewer in
    a sentence the model reads (it holds the rule's ``needs``) and scores below the model's
    ``veto`` — the model is then confident the sentence is not what the rule took it for
    (most often a critique or a report the contexts did not recognise)."""
    from . import learned

    out = found
    for rule in model_rules:
        if rule.needs_re is None:
            continue
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
            span = _line_cut(text, *sentence_bounds(text, start, end), start, end)
            if span not in scores:
                sentence = text[span[0]:span[1]]
                gated = (rule.needs_re.search(sentence) is not None and not model.too_short(sentence)
                         and model.may_veto(sentence))
                scores[span] = model.score(sentence)[0] if gated else 1.0
            if scores[span] >= model.veto:
                kept.append(hit)
        out = kept
    return out


def _model_hits(rule: Rule, text: str, found: list) -> Iterator[tuple[int, int, str]]:
    """The sentences of ``text`` that a learned rule flags: each sentence holding the rule's
    ``needs`` and no finding of the rule's reviewer is scored; a score at or above the
    threshold is a finding over the words that weighed most. Contexts the rule names
    (``exceptions``) apply to the sentence as they do to a match."""
    from . import learned

    gate = rule.needs_re
    if gate is None:
        return
    model = learned.load(rule.model)
    threshold = rule.threshold if rule.threshold is not None else model.threshold
    taken = [(a, b) for a, b, _i, r in found if r.reviewer == rule.reviewer]
    done = -1
    for m in gate.finditer(text):
        if m.start() < done:
            continue
        s, e = _line_cut(text, *sentence_bounds(text, m.start(), m.end()), m.start(), m.end())
        done = e
        if any(a < e and s < b for a, b in taken):
            continue
        p, contrib = model.score(text[s:e])
        if p < threshold or model.too_short(text[s:e]):
            continue
        a, b = _learned_span(text, s, e, contrib)
        if lifted_by(rule, text, a, b) is not None:
            continue
        yield a, b, learned.explain(contrib)


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


def _learned_span(text: str, s: int, e: int, contrib: list) -> tuple[int, int]:
    """From the first to the last of the (at most three) terms that weighed most, within the
    sentence; the whole sentence when none is found as written."""
    lo, hi = e, s
    for term, _c in contrib[:3]:
        words = [r"\w*\d\w*" if w == "#num" else re.escape(w).replace("'", "['’]") for w in term.split()]
        m = re.search(r"(?<!\w)" + r"\W+".join(words) + r"(?!\w)", text[s:e], re.IGNORECASE)
        if m:
            lo, hi = min(lo, s + m.start()), max(hi, s + m.end())
    return (lo, hi) if lo < hi else (s, e)


def _fold(text: str) -> str:
    """``text.lower()``, with the non-ASCII letters that ``re.IGNORECASE`` matches to ASCII
    ones but ``lower()`` does not make ASCII (İ, ı, ſ) folded too, so the literal prefilter
    never drops a rule the regular expression would match."""
    lowered = text.lower()
    if lowered.isascii() or not any(c in text for c in _FOLD_CHARS):
        return lowered
    return lowered.replace("i\u0307", "i").replace("\u0131", "i").replace("\u017f", "s")


# Hyperscan's \s (Unicode White_Space) lacks the separators \x1c-\x1f that Python's \s has, and
# its caseless i does not match İ or ı as Python's does: such characters are replaced (same
# meaning for the patterns) in the text given to Hyperscan, never in the text checked.
_HS_SPECIAL = ("\x1c", "\x1d", "\x1e", "\x1f", "\u0130", "\u0131")
_HS_TRANSLATE = {0x1C: " ", 0x1D: " ", 0x1E: " ", 0x1F: " ", 0x130: "I", 0x131: "i"}
_HS_SEPARATOR = "\x00"  # between units: neither a word character nor white space


class _Prefilter:
    """Compiled Hyperscan databases of the pattern rules (ids = rule indexes): ``db`` with
    Unicode classes (\\w, \\s, \\b as Python's ``re`` reads them in any text) and ``ascii_db``
    with ASCII classes, twice as fast and the same on text that is all ASCII (or None); and
    the rules Hyperscan could not take (``always``: candidates in every unit)."""

    def __init__(self, hs: Any, db: Any, always: tuple, ascii_db: Any = None, uncovered: frozenset = frozenset()):
        self.hs = hs
        self.db = db
        self.ascii_db = ascii_db
        self.always = frozenset(always)
        self.uncovered = uncovered  # rules left to the literal automaton (the grammar's)
        self._scratch: dict[tuple, Any] = {}

    def _scratch_space(self, db: Any) -> Any:
        # scratch space belongs to one process, thread and database: allocated on first use
        # in each (a forked worker allocates its own, never the parent's)
        key = (os.getpid(), threading.get_ident(), id(db))
        s = self._scratch.get(key)
        if s is None:
            if len(self._scratch) > 64:
                self._scratch.clear()
            s = self._scratch[key] = self.hs.Scratch(db)
        return s

    def hits(self, texts: list[str]) -> Optional[dict[int, set]]:
        """{unit index: rule indexes Hyperscan reports in it}, from one scan of the units
        that are all ASCII (joined) with the ASCII database and one of the others with the
        Unicode one; None where the text cannot be given to Hyperscan (not valid UTF-8) or a
        scan fails (then the caller uses the literal path)."""
        joined = _HS_SEPARATOR.join(texts)
        if any(c in joined for c in _HS_SPECIAL):  # ASCII text can hold \x1c-\x1f too
            texts = [t.translate(_HS_TRANSLATE) for t in texts]
            joined = _HS_SEPARATOR.join(texts)
        out: dict[int, set] = {}
        if self.ascii_db is None:
            groups = [(self.db, None)]
        elif joined.isascii():
            groups = [(self.ascii_db, None)]
        else:
            ascii_units = [k for k, t in enumerate(texts) if t.isascii()]
            chosen = set(ascii_units)
            groups = [(self.ascii_db, ascii_units), (self.db, [k for k in range(len(texts)) if k not in chosen])]
        for db, units in groups:
            if units is not None and not units:
                continue
            if not self._scan(db, texts if units is None else [texts[k] for k in units], units, out):
                return None
        return out

    def _scan(self, db: Any, texts: list[str], units: Optional[list[int]], out: dict[int, set]) -> bool:
        import bisect

        try:
            parts = [t.encode("utf-8") for t in texts]  # each unit encoded once
        except UnicodeEncodeError:  # lone surrogates
            return False
        buf = b"\0".join(parts)
        starts = list(itertools.accumulate((len(b) + 1 for b in parts[:-1]), initial=0)) if parts else []
        ends: list[tuple[int, int]] = []
        add = ends.append
        try:
            db.scan(buf, match_event_handler=lambda i, _s, to, _f, _c: add((to, i)), scratch=self._scratch_space(db))
        except Exception:  # noqa: BLE001 - any Hyperscan error: the literal path answers instead
            return False
        right = bisect.bisect_right
        for to, i in ends:
            k = right(starts, to - 1) - 1
            if units is not None:
                k = units[k]
            found = out.get(k)
            if found is None:
                out[k] = {i}
            else:
                found.add(i)
        return True


def _build_prefilter(rules: list[Rule]) -> Optional[_Prefilter]:
    """The Hyperscan prefilter of these pattern rules, loaded from the cache folder or
    compiled (and saved there); None where Hyperscan is not installed or takes no rule, or
    where the environment says ``LIC_POLICY_PREFILTER=literals`` (the literal automaton only:
    same findings, for comparison or a platform where Hyperscan misbehaves)."""
    if os.environ.get("LIC_POLICY_PREFILTER", "").strip().lower() == "literals":
        return None
    try:
        import hyperscan as hs
    except ImportError:
        return None
    exprs = [r.regex_source().encode("utf-8") for r in rules]
    if not exprs:
        return None
    # the framing grammar's rules (lexicon-sized alternations, lookarounds) take Hyperscan
    # minutes to compile, or exceed its pattern length: they keep the literal automaton
    grammar = frozenset(i for i, r in enumerate(rules) if r.rule.grammar)
    covered = [i for i in range(len(exprs)) if i not in grammar]
    if not covered:
        return None
    caseless = [0 if r.case_sensitive else hs.HS_FLAG_CASELESS for r in rules]
    base = hs.HS_FLAG_PREFILTER | hs.HS_FLAG_UTF8
    unicode = _hyperscan_db(hs, exprs, [base | hs.HS_FLAG_UCP | c for c in caseless], covered, fallback=True)
    if unicode is None:
        return None
    db, ids = unicode
    # the same rules with ASCII classes, for text that is all ASCII (where both read alike)
    ascii_ = _hyperscan_db(hs, exprs, [base | c for c in caseless], ids)
    always = tuple(i for i in covered if i not in set(ids))
    return _Prefilter(hs, db, always, ascii_[0] if ascii_ is not None else None, grammar)


def _hyperscan_db(hs: Any, exprs: list[bytes], flags: list[int], only: Optional[list[int]],
                  fallback: bool = False) -> Optional[tuple[Any, list[int]]]:
    """A database of the expressions (all, or ``only`` these ids), loaded from the cache
    folder or compiled and saved there, with the ids it holds: where Hyperscan cannot take
    some expression even as a prefilter, the others (with ``fallback``), or None."""
    import hashlib
    import platform

    from .. import usercache

    key = hashlib.sha256(repr((getattr(hs, "__version__", ""), platform.machine(), exprs, flags, only)).encode())
    name = f"hyperscan-{key.hexdigest()[:32]}.db"
    data = usercache.read(name)
    if data is not None:
        try:
            head, _, blob = data.partition(b"\n")
            ids = [int(x) for x in head.decode("ascii").split(",") if x]
            return hs.loadb(blob, hs.HS_MODE_BLOCK), ids
        except Exception:  # noqa: BLE001 - damaged or stale: compile again
            pass

    def compile_db(ids: list[int]) -> Any:
        db = hs.Database(mode=hs.HS_MODE_BLOCK)
        db.compile(expressions=[exprs[i] for i in ids], ids=ids, elements=len(ids), flags=[flags[i] for i in ids])
        return db

    ids = list(range(len(exprs))) if only is None else list(only)
    try:
        db = compile_db(ids)
    except Exception:  # noqa: BLE001 - some pattern Hyperscan cannot take even as a prefilter
        if not fallback:
            return None
        ok = []
        for i in ids:
            try:
                compile_db([i])
                ok.append(i)
            except Exception:  # noqa: BLE001
                pass
        if not ok:
            return None
        db = compile_db(ok)
        ids = ok
    try:
        usercache.write(name, ",".join(map(str, ids)).encode("ascii") + b"\n" + hs.dumpb(db))
    except Exception:  # noqa: BLE001 - a database that cannot be serialized is only a slower next run
        pass
    return db, ids


# --------------------------------------------------------------------------- fixes


def fix_for(rule: Rule, match: str, text: str, start: int) -> Optional[str]:
    """The safe replacement for ``match`` (case kept), or None where it is ambiguous."""
    if not rule.fix:
        return None
    key = re.sub(r"\s+", " ", match.lower().replace("’", "'"))
    if rule.case_sensitive:
        key = re.sub(r"\s+", " ", match.replace("’", "'"))
    replacement = rule.fix.get(key)
    if replacement is None:
        return None
    if match.isupper() and len(match) > 1:
        return replacement.upper()
    if match[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


_ARTICLE = re.compile(r"\b([Aa]n?)(\s+)$")


def apply_fixes(text: str, fixes: list[tuple[int, int, str]]) -> str:
    """Apply (start, end, replacement) fixes right to left, correcting a/an before them."""
    out = text
    for start, end, replacement in sorted(fixes, reverse=True):
        out = out[:start] + replacement + out[end:]
        m = _ARTICLE.search(out[:start])
        if m:
            want = "an" if replacement[:1].lower() in "aeiou" else "a"
            article = m.group(1)
            if article.lower() != want:
                new = want.capitalize() if article[0].isupper() else want
                out = out[:m.start(1)] + new + out[m.end(1):]
    return out


# --------------------------------------------------------------------------- documents


def matcher_source(body: str) -> str:
    """The expression a pattern rule is matched with: its body (``Rule.body_source`` plus the
    end-of-word check), starting only where a word starts."""
    return "(?<!\\w)(?=\\w)" + body


class Hit(NamedTuple):
    """One match that survived its contexts: the rule, where (offsets in the unit's text as
    written) and which lexicon entries it holds (``why``, for the message)."""

    rule: Rule
    start: int
    end: int
    why: str = ""


def _message(rule: Rule, match: str, why: str) -> str:
    shown = " ".join(match.split())
    return rule.message.replace("{why}", why or f"'{shown}'").replace("{match}", shown)


def _make_finding(hit: Hit, file: str, unit: TextUnit, line: int, col: int, end_line: int, end_col: int,
                  version: Optional[str], text: Optional[str] = None) -> Finding:
    rule, start, end = hit.rule, hit.start, hit.end
    text = unit.text if text is None else text
    match = text[start:end]
    fix = fix_for(rule, match, text, start)
    anchor = {
        "clause": unit.element,
        "field": unit.field,
        "quote": {"exact": match, "prefix": text[max(0, start - CONTEXT_CHARS):start],
                  "suffix": text[end:end + CONTEXT_CHARS]},
        "position": {"start": start, "end": end},
        "version": version,
    }
    return Finding(rule.id, rule.severity, _message(rule, match, hit.why), file, line, col, end_line, end_col,
                   match=match, reviewer=rule.reviewer, element=unit.element, field=unit.field, path=unit.path,
                   anchor=anchor, suggestions=list(rule.suggestions), sources=list(rule.sources),
                   rationale=rule.rationale, fix=fix, start=start, end=end,
                   fix_safe=fix is not None and _fix_is_safe(rule, match, text, start))


def _fix_is_safe(rule: Rule, match: str, text: str, start: int) -> bool:
    """A fix is safe when its rule says so and nothing around the match makes it doubtful:
    a capitalised match inside a sentence may be part of a name."""
    if not rule.fix_safe:
        return False
    if match[:1].isupper() and start > 0:
        before = text[max(0, start - 3):start]
        if not re.search(r"(?:^|[.!?:\n#>*-]|^\s*)\s*[\"'“‘(]?$", before):
            return False
    return True


def _suppressions(file: str, text: str, *, markdown: bool = False) -> dict[int, Suppression]:
    """Inline suppressions by line. In Markdown, lines inside fenced code blocks (``` or ~~~)
    are examples, not suppressions (the prose rules do not read them either)."""
    out: dict[int, Suppression] = {}
    if "lic-policy:" not in text:
        return out
    fenced = False
    for i, line in enumerate(text.splitlines(), 1):
        if markdown and line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced or "lic-policy:" not in line:
            continue
        m = SUPPRESS.search(line)
        if m and markdown and line[:m.start()].count("`") % 2:
            m = None  # inside an inline code span: an example, not a suppression
        if m:
            ids = [x.strip() for x in m.group(1).split(",") if x.strip()]
            out[i] = Suppression(file, i, ids, m.group(2).strip(), column=m.start() + 1,
                                 end_column=len(line.rstrip()) + 1)
    return out


def _apply_suppressions(findings: list[Finding], sups: dict[int, Suppression], ruleset: RuleSet,
                        key_lines: dict[tuple, int], file: str) -> tuple[list[Finding], int]:
    kept: list[Finding] = []
    suppressed = 0
    for f in findings:
        lines = {f.line}
        kl = key_lines.get(f.path)
        if kl:
            lines.add(kl)
        hit = None
        for ln in lines:
            s = sups.get(ln)
            if s and s.reason and (f.rule_id in s.rule_ids or "*" in s.rule_ids
                                   or any(RENAMED.get(r) == f.rule_id for r in s.rule_ids)):
                hit = s
                break
        if hit:
            hit.used.add(f.rule_id)
            hit.used.update(r for r in hit.rule_ids if r == "*" or RENAMED.get(r) == f.rule_id)
            suppressed += 1
        else:
            kept.append(f)
    meta = Source("lic-policy configuration: inline suppressions", "")
    for s in sups.values():
        if not s.reason:
            kept.append(Finding("lic-policy.suppression-reason", "error",
                                f"suppression of {', '.join(s.rule_ids) or 'nothing'} gives no reason",
                                file, s.line, s.column, s.line, s.end_column, reviewer="lic-policy",
                                suggestions=["# lic-policy: ignore[rule-id] why this text is right here"],
                                rationale="Every suppression says why, so reviewers can judge it.",
                                sources=[meta]))
            continue
        for rid in s.rule_ids:
            if rid in RENAMED and RENAMED[rid] in ruleset.by_id:
                kept.append(Finding("lic-policy.renamed-rule", "warning",
                                    f"suppression names '{rid}', now '{RENAMED[rid]}' (it still applies)", file, s.line,
                                    s.column, s.line, s.end_column, reviewer="lic-policy",
                                    rationale="Rule ids that changed are honoured for one release; write the new id.",
                                    sources=[meta], suggestions=[f"write ignore[{RENAMED[rid]}]"],
                                    fix=None))
            elif rid != "*" and rid not in ruleset.by_id:
                kept.append(Finding("lic-policy.unknown-suppression", "warning",
                                    f"suppression names an unknown rule '{rid}'", file, s.line, s.column, s.line, s.end_column,
                                    reviewer="lic-policy", rationale="A typo in a rule id suppresses nothing.",
                                    sources=[meta], suggestions=["run `lic-policy rules` to list rule ids"]))
            elif rid not in s.used:
                kept.append(Finding("lic-policy.unused-suppression", "warning",
                                    f"suppression of '{rid}' is not used: nothing here matches it", file, s.line, s.column,
                                    s.line, s.end_column, reviewer="lic-policy",
                                    rationale="Stale suppressions hide future findings; remove them.",
                                    sources=[meta], suggestions=["remove the suppression comment"]))
    return kept, suppressed


def finding_at(rule: Rule, doc: Any, path: Iterable, message: Optional[str] = None, *,
               start: Optional[int] = None, end: Optional[int] = None, fix: Optional[str] = None,
               suggestions: Optional[list[str]] = None) -> Finding:
    """A finding of a Python rule (``kind: python``) at the node ``path`` of a loaded document.

    * a string field with ``start``/``end``: exactly those characters (with a quote anchor);
    * a string or other scalar: the whole value;
    * a mapping or list: its key;
    * a path that does not exist (a missing field): the key of its nearest existing parent.

    The element is the nearest enclosing item with an ``id`` (clause, section, ...) and the
    field the rest of the path, as for text findings, so suppressions and review anchors work
    the same way. ``message`` may use ``{match}``; it defaults to the rule's message.
    """
    path = tuple(path)
    data = doc.data
    element, field_start = None, 0
    node = data
    for i, part in enumerate(path):
        # an element is a list item with an id (clause, section, definition, ...), as in text.py
        if isinstance(node, dict) and isinstance(node.get("id"), str) and i > 0 and isinstance(path[i - 1], int):
            element, field_start = node["id"], i
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
            break
    if isinstance(node, dict) and isinstance(node.get("id"), str) and path and isinstance(path[-1], int):
        element, field_start = node["id"], len(path)
    field_name = ".".join(str(p) for p in path[field_start:]) if element else ".".join(str(p) for p in path)
    exact = path in doc.positions
    value = node if exact else None
    match = ""
    anchor: Optional[dict] = None
    if exact and isinstance(value, str) and value:
        a = 0 if start is None else max(0, min(start, len(value)))
        b = len(value) if end is None else max(a + 1, min(end, len(value)))
        line, col = doc.locate(path, a)
        end_line, end_col = doc.locate(path, b - 1)
        end_col += 1
        match = value[a:b]
        anchor = {"clause": element, "field": field_name or None,
                  "quote": {"exact": match, "prefix": value[max(0, a - CONTEXT_CHARS):a],
                            "suffix": value[b:b + CONTEXT_CHARS]},
                  "position": {"start": a, "end": b}, "version": _version(data)}
        start, end = a, b
    else:
        sp = doc.span(path)
        if sp is None:
            line, col, end_line, end_col = 1, 1, 1, 1
        elif sp.key_line >= 0 and (not exact or sp.style in ("map", "seq") or value is None):
            line, col = sp.key_line + 1, sp.key_col + 1
            key = path[len(path) - 1] if exact else next(
                (path[k - 1] for k in range(len(path), 0, -1) if path[:k] in doc.positions), "")
            end_line, end_col = line, col + max(1, len(str(key)))
        else:
            line, col = doc.index_to_linecol(sp.start)
            end_line, end_col = doc.index_to_linecol(max(sp.start, sp.end - 1))
            end_col += 1
            if end_line != line:
                end_line, end_col = line, len(doc.text[sp.start:].split("\n", 1)[0]) + col
        start = end = -1
        if anchor is None and (element or field_name):
            anchor = {"clause": element, "field": field_name or None, "version": _version(data)}
    text = (message or rule.message).replace("{match}", " ".join(match.split()) if match else field_name)
    return Finding(rule.id, rule.severity, text, doc.file, line, col, end_line, end_col, match=match,
                   reviewer=rule.reviewer, element=element, field=field_name, path=path, anchor=anchor,
                   suggestions=list(rule.suggestions if suggestions is None else suggestions),
                   sources=list(rule.sources), rationale=rule.rationale, fix=fix if match else None,
                   start=start if start is not None else -1, end=end if end is not None else -1)


_FUNCTIONS: dict[str, Any] = {}


def _python_function(rule: Rule) -> Any:
    """The callable a ``kind: python`` rule names (``module:callable``), imported once."""
    fn = _FUNCTIONS.get(rule.function)
    if fn is None:
        from ..errors import ConfigError

        module, _, attr = rule.function.partition(":")
        try:
            fn = getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError) as exc:
            raise ConfigError(f"rule {rule.id}: cannot load its function '{rule.function}': {exc}",
                              hint="check 'function: module:callable' in the rule pack") from None
        if not callable(fn):
            raise ConfigError(f"rule {rule.id}: '{rule.function}' is not callable",
                              hint="check 'function: module:callable' in the rule pack")
        _FUNCTIONS[rule.function] = fn
    return fn


def _version(data: Any) -> Optional[str]:
    md = data.get("metadata") if isinstance(data, dict) else None
    return md["version"] if isinstance(md, dict) and isinstance(md.get("version"), str) else None


def _scan_units(ruleset: RuleSet, units: list[TextUnit], file_text: str, self_terms: frozenset, *,
                markup: bool = False) -> Iterator[tuple[TextUnit, Hit]]:
    """Every hit in ``units`` (the text units of one file). With ``markup``, each unit's
    Markdown code, link targets and URLs are blanked first (``text.mask_markup``; guideline
    fields hold a Markdown subset), offsets unchanged."""
    normalized = [for_matching(mask_markup(u.text) if markup else u.text) for u in units]
    texts = [n[0] for n in normalized]
    candidates = ruleset.unit_candidates(texts, file_text)
    raw = bool(ruleset.raw_rules)
    learned = [r for r in ruleset.model_rules if r.needs_re is not None]
    for unit, norm, unit_candidates in zip(units, normalized, candidates):
        if unit_candidates or (raw and not unit.text.isascii()) or (
                learned and any(unit.kind in r.fields and r.needs_re.search(norm[0]) for r in learned)):
            for hit in ruleset.scan(unit, self_terms, unit_candidates, norm):
                yield unit, hit


def check_document(doc: Any, ruleset: RuleSet) -> FileResult:
    """Check one loaded guideline ``Document`` (validation not required)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    version = None
    md = data.get("metadata")
    if isinstance(md, dict) and isinstance(md.get("version"), str):
        version = md["version"]
    self_terms = frozenset(normal_term(t) for t in _self_terms(data))
    findings: list[Finding] = []
    key_lines: dict[tuple, int] = {}
    units = list(guideline_units(data))
    for unit, hit in _scan_units(ruleset, units, doc.text, self_terms, markup=True):
        line, col = doc.locate(unit.path, hit.start)
        end_line, end_col = doc.locate(unit.path, hit.end - 1)
        findings.append(_make_finding(hit, doc.file, unit, line, col, end_line, end_col + 1, version))
    for rule in ruleset.python_rules:
        for f in _python_function(rule)(doc, ruleset.config, rule) or ():
            findings.append(f)
    for f in findings:
        sp = doc.positions.get(f.path) if f.path else None
        if sp is not None:
            key_lines[f.path] = (sp.key_line if sp.key_line >= 0 else sp.line) + 1
    findings, suppressed = _apply_suppressions(findings, _suppressions(doc.file, doc.text), ruleset, key_lines,
                                               doc.file)
    findings.sort(key=Finding.sort_key)
    return FileResult(doc.file, findings, suppressed)


def _self_terms(data: dict) -> list[str]:
    out = []
    for d in data.get("definitions") or []:
        if isinstance(d, dict) and d.get("self_identification"):
            if isinstance(d.get("term"), str):
                out.append(d["term"])
            out.extend(a for a in d.get("aliases") or [] if isinstance(a, str))
    return out


def check_prose_text(file: str, text: str, ruleset: RuleSet) -> FileResult:
    """Check a Markdown or plain-text file (prose rules only). Markdown is read with a real
    Markdown parser (``text.prose_units``): code, link targets, HTML and front-matter keys
    are not prose; headings, table cells and front-matter values are."""
    from ..store import ProseDocument

    pd = ProseDocument(file, text)
    findings: list[Finding] = []
    units = list(prose_units(text, markdown=not file.lower().endswith(".txt")))
    for unit, hit in _scan_units(ruleset, units, text, frozenset()):
        line, col = pd.index_to_linecol(unit.start + hit.start)
        end_line, end_col = pd.index_to_linecol(unit.start + hit.end - 1)
        findings.append(_make_finding(hit, file, unit, line, col, end_line, end_col + 1, None))
    findings, suppressed = _apply_suppressions(findings, _suppressions(file, text, markdown=True), ruleset, {}, file)
    findings.sort(key=Finding.sort_key)
    return FileResult(file, findings, suppressed)


def check_text(text: str, ruleset: RuleSet, *, kind: str = PROSE) -> list[tuple[Rule, int, int]]:
    """(rule, start, end) of every finding in a bare string (used by rule examples and the
    library API)."""
    return [(h.rule, h.start, h.end) for h in check_text_hits(text, ruleset, kind=kind)]


def check_text_hits(text: str, ruleset: RuleSet, *, kind: str = PROSE, only: Optional[str] = None) -> list[Hit]:
    """Every finding in a bare string, with why it fired (``only``: of that one rule, as
    if no other rule could take its words)."""
    return list(ruleset.scan(TextUnit(("text",), None, "text", text, kind), only=only))


def load_ruleset(cfg: Optional[Config] = None) -> RuleSet:
    cfg = cfg or Config()
    return RuleSet(load_packs(cfg.packs), cfg)


__all__ = ["RuleSet", "FileResult", "Hit", "check_document", "finding_at", "check_prose_text", "check_text",
           "check_text_hits", "load_ruleset", "apply_fixes", "fix_for", "NAME", "QUOTE", "PROSE"]
