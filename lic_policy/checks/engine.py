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
from typing import Any, Iterable, Iterator, Optional

from ..config import Config
from ..model.finding import CONTEXT_CHARS, Finding, Source
from ..text import NAME, PROSE, QUOTE, TextUnit, guideline_units, prose_units
from .literals import may_match
from .packs import Pack, Rule, load_packs

NEGATION = re.compile(
    r"\b(no|not|never|without|nor|avoid(?:s|ing|ed)?|instead of|rather than|no longer|refrain(?:s|ing)? from|"
    r"prohibit(?:s|ed|ing)?|oppose[sd]?|opposing|reject(?:s|ed|ing)?|end(?:s|ed|ing)? the use of|"
    r"don't|doesn't|won't|isn't|aren't|cannot|can't|against|end(?:ed|s)|ending|stop(?:ped|s)?|ban(?:ned|s)?|"
    r"halt(?:ed|s)?|discontinu(?:e|ed|es)|abandon(?:ed|s)?|no more|moving away from)\b",
    re.IGNORECASE,
)
REPORTED = re.compile(
    r"\b((research|evidence|studies|study|data|experience|reports?|sex workers)\s+(shows?|showed|finds?|found|"
    r"demonstrates?|demonstrated|indicates?|indicated|suggests?|suggested|tells? us|told us|confirms?)|"
    r"(has|have) been shown|according to|is associated with|are associated with|"
    r"(increases?|increased|raises?|raised|heightens?|worsens?|undermines?|undermined)\s+[\w\s,'’-]{0,40}?"
    r"\b(risks?|violence|harms?|dangers?|isolation|safety)\b|leads? to (more )?(violence|harm|risk)|"
    r"pushes .{0,40}into (isolated|unsafe|more dangerous))",
    re.IGNORECASE,
)
NEGATION_AFTER = re.compile(
    r"^\W*(?:\w+\W+){0,3}?(?:is|are|was|were|will|shall|should|must|would|do|does)\s+(?:not|never)\b|"
    r"^\W*(?:\w+\W+){0,3}?(?:has|have|had) no place", re.IGNORECASE)
POLITE = re.compile(r"\b(polite(ly)?|respectful(ly)?|courteous(ly)?|individual request|kindly)\b", re.IGNORECASE)
ENFORCED = re.compile(r"\b(police|officers?|enforce\w*|ticket\w*|fines?|order(ed|s)?|require[sd]?|must|"
                      r"systematic\w*|routine(ly)?|patrols?)\b", re.IGNORECASE)
USE_MENTION_BEFORE = re.compile(
    r"\b(the\s+)?(terms?|words?|labels?|phrases?|expressions?|language)(\s+(such as|like))?\s*[\"'“‘]?\s*$",
    re.IGNORECASE,
)
TITLES = {"mr", "mrs", "ms", "mx", "dr", "general", "gen", "captain", "capt", "sir", "dame", "judge", "justice",
          "senator", "professor", "prof", "sergeant", "sgt", "inspector", "chief", "reverend", "rev"}
FUNCTION_WORDS = {"the", "a", "an", "and", "or", "of", "for", "with", "to", "in", "on", "by", "from", "at", "as",
                  "about", "all", "no", "not", "our", "their", "his", "her", "its", "this", "that", "these",
                  "those", "any", "some", "when", "where", "if", "how", "why", "what", "who"}
LEGAL_HEADS = re.compile(
    r"\b(Act|Code|Protocol|Convention|Regulations?|Bill|Charter|Directive|Statute|By-?law)\b")
ORG_HEADS = re.compile(
    r"\b(Collective|Society|Association|Alliance|Network|Coalition|Project|Centre|Center|Foundation|Union|"
    r"Unit|Squad|Council|Institute|Committee|Coop|Co-op|Federation|League|Organi[sz]ation|Administration|Agency|"
    r"Department|Ministry|Authority|Commission|Board|Office|Clinic|Program(?:me)?)\b")
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
        self.pattern_rules = [r for r in self.rules if r.kind == "pattern"]
        self.python_rules = [r for r in self.rules if r.kind == "python"]
        self._sources = [f"(?P<r{i}>{r.body_source()}(?!\\w))" for i, r in enumerate(self.pattern_rules)]
        self._literals: Optional[list] = None  # derived on first use: a warm re-check never needs them
        self._matchers: dict[tuple, Any] = {}
        self._all_rules = tuple(range(len(self.pattern_rules)))
        self._literals_of: dict[tuple, frozenset] = {}
        self._automaton: Any = None
        self._prefilter: Any = None  # None: not asked for; False: unavailable; else a _Prefilter
        protected = [p for pack in packs for p, _kind in pack.protected]
        self.protected = re.compile("|".join(f"(?:{_space(p)})" for p in protected), re.IGNORECASE) \
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
            from .literals import literal_counts, rarest

            lits = [r.required_literals() for r in self.pattern_rules]
            # Each term of each rule's requirement is keyed by one of its literals, the one
            # fewest terms share (the longest on a tie): a term is only tested where its key
            # occurs, and words that recur across terms ("sex", "work", "them") recur in texts
            # too. Rules without a requirement run everywhere.
            shared = literal_counts(term for req in lits for term in (req or ()))
            terms_of: dict[str, list[tuple[int, frozenset]]] = {}
            for i, req in enumerate(lits):
                for term in req or ():
                    terms_of.setdefault(rarest(term, shared), []).append((i, term))
            self._terms_of_literal = terms_of
            self._always = tuple(i for i, req in enumerate(lits) if req is None)
            self._keys = frozenset(terms_of)
            self._literals = lits
        return self._literals

    @property
    def matcher(self) -> Any:
        """One regular expression of every enabled pattern rule (compiled on first use)."""
        return self.matcher_for(self._all_rules)

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
        present = {lit for lit in wanted if lit in lowered}
        lits = self.literals
        return tuple(i for i in rules if lits[i] is None or any(term <= present for term in lits[i]))

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
            for lit in {lit for req in self.literals for term in (req or ()) for lit in term}:
                a.add_word(lit, lit)
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
        lits = self.literals
        prefilter = self._prefilter
        if prefilter:
            hits = prefilter.hits(texts)
            if hits is not None:
                return self._prefiltered(hits, texts, file_text)
        automaton = self._literal_automaton()
        if not automaton:
            file_candidates = self.candidates(file_text)
            return [self.candidates(t, file_candidates) if file_candidates else () for t in texts]
        lowered = [_fold(t) for t in texts]
        find = automaton.iter
        present = {k: found for k, t in enumerate(lowered) if (found := {lit for _end, lit in find(t)})}
        always = self._always
        terms_of = self._terms_of_literal
        keys = self._keys
        in_file: dict[int, bool] = {}
        lowered_file: Optional[str] = None
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
            if not rules:
                out.append(())
                continue
            kept = []
            for i in sorted(rules):
                ok = in_file.get(i)
                if ok is None:
                    if lowered_file is None:
                        lowered_file = _fold(file_text)
                    ok = in_file[i] = may_match(lits[i], lowered_file)
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
        for rule in self.python_rules:
            _python_function(rule)

    def matcher_for(self, candidates: tuple):
        """One compiled regular expression for these rules (cached per set of rules)."""
        if not candidates:
            return None
        m = self._matchers.get(candidates)
        if m is None:
            if len(self._matchers) > 512:
                self._matchers.clear()
            # one word-start check for all rules: most positions are inside words and fail at once
            m = re.compile("(?<!\\w)(?=\\w)(?:" + "|".join(self._sources[i] for i in candidates) + ")")
            self._matchers[candidates] = m
        return m

    def scan(self, unit: TextUnit, self_terms: frozenset = frozenset(), matcher: Any = None
             ) -> Iterator[tuple[Rule, int, int]]:
        """(rule, start, end) of every finding in one text unit, exceptions applied."""
        if matcher is None:
            matcher = self.matcher_for(self.candidates(unit.text))
            if matcher is None:
                return
        text = unit.text
        protected_spans: Optional[list[tuple[int, int]]] = None
        for m in matcher.finditer(text):
            rule = self.pattern_rules[int(m.lastgroup[1:])]
            if unit.kind not in rule.fields:
                continue
            start, end = m.span()
            if protected_spans is None:
                protected_spans = [s.span() for s in self.protected.finditer(text)] if self.protected else []
            if any(a < end and start < b for a, b in protected_spans):
                continue
            if _excepted(rule, text, start, end, self_terms):
                continue
            yield rule, start, end



_FOLD_CHARS = ("\u0130", "\u0131", "\u017f")


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

    def __init__(self, hs: Any, db: Any, always: tuple, ascii_db: Any = None):
        self.hs = hs
        self.db = db
        self.ascii_db = ascii_db
        self.always = frozenset(always)
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
    caseless = [0 if r.case_sensitive else hs.HS_FLAG_CASELESS for r in rules]
    base = hs.HS_FLAG_PREFILTER | hs.HS_FLAG_UTF8
    unicode = _hyperscan_db(hs, exprs, [base | hs.HS_FLAG_UCP | c for c in caseless], None)
    if unicode is None:
        return None
    db, ids = unicode
    # the same rules with ASCII classes, for text that is all ASCII (where both read alike)
    ascii_ = _hyperscan_db(hs, exprs, [base | c for c in caseless], ids)
    always = tuple(i for i in range(len(exprs)) if i not in set(ids))
    return _Prefilter(hs, db, always, ascii_[0] if ascii_ is not None else None)


def _hyperscan_db(hs: Any, exprs: list[bytes], flags: list[int], only: Optional[list[int]]
                  ) -> Optional[tuple[Any, list[int]]]:
    """A database of the expressions (all, or ``only`` these ids), loaded from the cache
    folder or compiled and saved there, with the ids it holds: where Hyperscan cannot take
    some expression even as a prefilter, the others (``only`` given: all of them, or None)."""
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
        if only is not None:
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


def _space(pattern: str) -> str:
    from .packs import _spaces

    return _spaces(pattern)


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    s = start
    while s > 0:
        ch = text[s - 1]
        if ch in ".!?;" and (s >= len(text) or text[s].isspace()):
            break
        if ch == "\n" and s >= 2 and text[s - 2] == "\n":
            break
        s -= 1
    e = end
    n = len(text)
    while e < n:
        ch = text[e]
        if ch in ".!?;" and (e + 1 >= n or text[e + 1].isspace()):
            break
        if ch == "\n" and e + 1 < n and text[e + 1] == "\n":
            break
        e += 1
    return s, e


def _in_quotation(text: str, start: int, end: int) -> bool:
    para_start = text.rfind("\n\n", 0, start) + 1
    before = text[para_start:start]
    if before.count('"') % 2 == 1 and '"' in text[end:]:
        return True
    last_open, last_close = before.rfind("“"), before.rfind("”")
    if last_open > last_close and "”" in text[end:]:
        return True
    return False


def _use_mention(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 1):start]
    after = text[end:end + 1]
    pairs = {"'": "'", "‘": "’", "`": "`", "*": "*", "_": "_", '"': '"', "“": "”"}
    if before in pairs and after == pairs[before]:
        return True
    return bool(USE_MENTION_BEFORE.search(text[max(0, start - 40):start]))




def _prev_word(text: str, start: int) -> str:
    m = re.search(r"([\w'’.-]+)\W*$", text[max(0, start - 40):start])
    return m.group(1) if m else ""


def _next_word(text: str, end: int) -> str:
    m = re.match(r"\W*?([\w'’-]+)", text[end:end + 40])
    return m.group(1) if m else ""


def _personal_name(text: str, start: int, end: int) -> bool:
    word = text[start:end]
    if not word[:1].isupper() or (word.isupper() and len(word) > 1):
        return False  # names are capitalised, not lowercase and not shouted
    prev = _prev_word(text, start)
    nxt = _next_word(text, end)
    prev_clean = prev.rstrip(".").lower()
    if prev_clean in TITLES:
        return True
    between_prev = text[max(0, start - 3):start]
    sentence_start = start == 0 or re.search(r"[.!?:\n]\s*$", text[max(0, start - 3):start]) is not None
    if nxt[:1].isupper() and nxt.lower() not in FUNCTION_WORDS and " " in text[end:end + 2]:
        return True
    prev_pos = text.rfind(prev, 0, start) if prev else -1
    prev_initial = prev_pos <= 0 or re.search(r"[.!?:\n]\s*$", text[max(0, prev_pos - 3):prev_pos]) is not None
    if (prev[:1].isupper() and prev.lower() not in FUNCTION_WORDS and not sentence_start and not prev_initial
            and not between_prev.strip().endswith((",", ";"))):
        return True
    return False


def _title_run(text: str, start: int, end: int) -> str:
    """The run of capitalised words (with small connectors) around a match."""
    connectors = {"of", "the", "and", "on", "for", "in", "to", "des", "de", "du", "la", "le", "&"}
    tokens = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[\w'’()&.-]+", text)]
    idx = [i for i, (a, b, _t) in enumerate(tokens) if a < end and start < b]
    if not idx:
        return ""

    def ok(tok: str) -> bool:
        return tok[:1].isupper() or tok[:1].isdigit() or tok.lower() in connectors or tok[:1] == "("

    i, j = idx[0], idx[-1]
    if not all(ok(tokens[k][2]) for k in range(i, j + 1)):
        return ""
    while i > 0 and ok(tokens[i - 1][2]) and not re.search(r"[.!?:;]\s*$", text[tokens[i - 1][1]:tokens[i][0] + 1]):
        i -= 1
    while j + 1 < len(tokens) and ok(tokens[j + 1][2]) and "\n\n" not in text[tokens[j][1]:tokens[j + 1][0]]:
        j += 1
    return text[tokens[i][0]:tokens[j][1]]


def _normal(term: str) -> str:
    t = term.lower().replace("’", "'").strip()
    t = re.sub(r"'s$|s'$", "", t)
    t = re.sub(r"\s+", " ", t)
    if t.endswith("s") and not t.endswith("ss"):
        t = t[:-1]
    return t


def _excepted(rule: Rule, text: str, start: int, end: int, self_terms: frozenset) -> bool:
    exc = rule.exceptions
    if "self-identification" in exc and self_terms:
        n = _normal(text[start:end])
        if n in self_terms or any(n in t or t in n for t in self_terms if len(t) > 3):
            return True
    if "quotation" in exc and _in_quotation(text, start, end):
        return True
    if "use-mention" in exc and _use_mention(text, start, end):
        return True
    if "legal" in exc or "name" in exc:
        run = _title_run(text, start, end)
        if run:
            if "legal" in exc and LEGAL_HEADS.search(run):
                return True
            if "name" in exc and ORG_HEADS.search(run) and run != text[start:end]:
                return True
    if "name" in exc and _personal_name(text, start, end):
        return True
    if rule.unless_re is not None or "negation" in exc or "reported-speech" in exc or "polite-request" in exc:
        s, e = _sentence(text, start, end)
        sentence = text[s:e]
        if rule.unless_re is not None and rule.unless_re.search(sentence):
            return True
        if "negation" in exc:
            # a negation cue shortly before the match, in the same clause
            lead = text[s:start]
            lead = re.split(r"[,:(]|\bbut\b|\bhowever\b", lead)[-1]
            words = lead.split()
            if NEGATION.search(" ".join(words[-8:])):
                return True
            if NEGATION_AFTER.search(text[end:e]):
                return True
        if "reported-speech" in exc and REPORTED.search(sentence):
            return True
        if "polite-request" in exc and POLITE.search(sentence) and not ENFORCED.search(sentence):
            return True
    return False


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


def _make_finding(rule: Rule, file: str, unit: TextUnit, start: int, end: int, line: int, col: int,
                  end_line: int, end_col: int, version: Optional[str]) -> Finding:
    text = unit.text
    match = text[start:end]
    fix = fix_for(rule, match, text, start)
    message = rule.message.replace("{match}", " ".join(match.split()))
    anchor = {
        "clause": unit.element,
        "field": unit.field,
        "quote": {"exact": match, "prefix": text[max(0, start - CONTEXT_CHARS):start],
                  "suffix": text[end:end + CONTEXT_CHARS]},
        "position": {"start": start, "end": end},
        "version": version,
    }
    return Finding(rule.id, rule.severity, message, file, line, col, end_line, end_col, match=match,
                   reviewer=rule.reviewer, element=unit.element, field=unit.field, path=unit.path, anchor=anchor,
                   suggestions=list(rule.suggestions), sources=list(rule.sources), rationale=rule.rationale,
                   fix=fix, start=start, end=end)


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
            if s and (f.rule_id in s.rule_ids or "*" in s.rule_ids) and s.reason:
                hit = s
                break
        if hit:
            hit.used.add(f.rule_id)
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
            if rid != "*" and rid not in ruleset.by_id:
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


def check_document(doc: Any, ruleset: RuleSet) -> FileResult:
    """Check one loaded guideline ``Document`` (validation not required)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    version = None
    md = data.get("metadata")
    if isinstance(md, dict) and isinstance(md.get("version"), str):
        version = md["version"]
    self_terms = frozenset(_normal(t) for t in _self_terms(data))
    findings: list[Finding] = []
    key_lines: dict[tuple, int] = {}
    units = list(guideline_units(data))
    for unit, unit_candidates in zip(units, ruleset.unit_candidates([u.text for u in units], doc.text)):
        if unit_candidates:
            matcher = ruleset.matcher_for(unit_candidates)
            for rule, start, end in ruleset.scan(unit, self_terms, matcher):
                line, col = doc.locate(unit.path, start)
                end_line, end_col = doc.locate(unit.path, end - 1)
                findings.append(_make_finding(rule, doc.file, unit, start, end, line, col, end_line, end_col + 1,
                                              version))
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


_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)


def check_prose_text(file: str, text: str, ruleset: RuleSet) -> FileResult:
    """Check a Markdown or plain-text file (prose rules only)."""
    from ..store import ProseDocument

    pd = ProseDocument(file, text)
    findings: list[Finding] = []
    # HTML comments (suppressions, editors' notes) are not prose
    comments = [m.span() for m in _HTML_COMMENT.finditer(text)] if "<!--" in text else []
    units = list(prose_units(text))
    for unit, unit_candidates in zip(units, ruleset.unit_candidates([u.text for u in units], text)):
        if unit_candidates:
            matcher = ruleset.matcher_for(unit_candidates)
            for rule, start, end in ruleset.scan(unit, frozenset(), matcher):
                if comments and any(a <= unit.start + start < b for a, b in comments):
                    continue
                line, col = pd.index_to_linecol(unit.start + start)
                end_line, end_col = pd.index_to_linecol(unit.start + end - 1)
                findings.append(_make_finding(rule, file, unit, start, end, line, col, end_line, end_col + 1, None))
    findings, suppressed = _apply_suppressions(findings, _suppressions(file, text, markdown=True), ruleset, {}, file)
    findings.sort(key=Finding.sort_key)
    return FileResult(file, findings, suppressed)


def check_text(text: str, ruleset: RuleSet, *, kind: str = PROSE) -> list[tuple[Rule, int, int]]:
    """Findings in a bare string (used by rule examples and the library API)."""
    return list(ruleset.scan(TextUnit(("text",), None, "text", text, kind)))


def load_ruleset(cfg: Optional[Config] = None) -> RuleSet:
    cfg = cfg or Config()
    return RuleSet(load_packs(cfg.packs), cfg)


__all__ = ["RuleSet", "FileResult", "check_document", "finding_at", "check_prose_text", "check_text", "load_ruleset",
           "apply_fixes", "fix_for", "NAME", "QUOTE", "PROSE"]
