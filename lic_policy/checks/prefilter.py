"""Which pattern rules can match in which text: the prefilters.

A text unit is matched only against the rules that can match in it. Two prefilters answer
that, both only ever narrowing the rules the regular expressions then run, never the
findings:

* the **literal automaton** (``RuleCandidates``): each pattern rule's required literals
  (``literals.required_literals``, a DNF) found with one pass of an Aho-Corasick automaton
  (pyahocorasick) over each unit's lowercased text;
* **Hyperscan** (``HyperscanPrefilter``, ``RuleSet.use_prefilter``, for large batches): one
  database of the pattern rules' regular expressions in prefilter mode. Rules whose expression
  Hyperscan cannot compile quickly (the grammar's; any other whose compile alone passes
  ``COMPILE_BUDGET``, ``costly_to_compile``) are left to the literal automaton.

``RuleCandidates`` is a base class of ``engine.RuleSet``: it reads the rule set's
``pattern_rules``, ``packs`` and ``digest``.
"""

from __future__ import annotations

import itertools
import operator
import os
import threading
from itertools import compress
from typing import Any, Optional

from .memo import BoundedMemo
from .packs import ENTRY_MARK, Rule


_PLAN_FORMAT = "2"  # the per-pack plan files' layout (``RuleCandidates._plans_file``)
_KEYS_FORMAT = "2"  # the keyed terms' layout (``RuleCandidates._keyed_terms``; 1: a list of (rule, term) per key)


class RuleCandidates:
    """The candidate-rule half of ``engine.RuleSet`` (see the module's docstring)."""

    pattern_rules: list
    packs: list
    digest: str

    def _init_candidates(self) -> None:
        self._literals: Optional[list] = None  # derived on first use: a warm re-check never needs them
        self._lowered_trees: dict[int, Any] = {}  # the lowered patterns parsed while planning
        self._search_plans: Optional[list] = None  # per rule: ``search_plan`` (False: not derived yet)
        self._plans_changed = False
        self._all_rules = tuple(range(len(self.pattern_rules)))
        self._literals_of: dict[tuple, frozenset] = {}
        self._automaton: Any = None
        self._tests: Optional[dict] = None  # ``_term_tests``
        self._prefilter: Any = None  # None: not asked for; False: unavailable; else a HyperscanPrefilter
        self._unit_literals = BoundedMemo(_UNIT_MEMO_CHARS)  # ``_unit_rules``' answers, by unit text
        self._spans_lines: Optional[bool] = None  # ``_word_spans_lines``

    @property
    def literals(self) -> list:
        """Each pattern rule's required literals (``literals.required_literals``: a DNF, or
        None), derived on first use."""
        if self._literals is None:
            lits = [r.required_literals() for r in self.pattern_rules]
            tests = self._tests = self._keyed_terms(lits)
            self._always = tuple(i for i, req in enumerate(lits) if req is None)
            self._keys = frozenset(tests)
            self._literals = lits
        return self._literals

    def _keyed_terms(self, lits: list) -> dict[str, tuple[tuple[int, ...], tuple[frozenset, ...]]]:
        """Each term of each rule's requirement keyed by one of its literals, the one fewest
        terms share (the longest on a tie): a term is only tested where its key occurs, and
        words that recur across terms ("sex", "work", "them") recur in texts too. Rules
        without a requirement run everywhere. Per key literal, two parallel tuples — the
        rules, their terms — for ``itertools.compress`` (``_literal_candidates``).

        Kept in the user's cache with the rule set's digest (the grammar's requirements have
        thousands of terms: about 20 ms to key), in this very form: ``marshal`` writes and
        reads frozensets itself, so reading it is about 2 ms, where making each of the 6,862
        terms a frozenset in Python and then the tuples took 9 ms of a cold single-file check
        (BENCHMARKS.md, "speed6")."""
        import marshal

        from .. import usercache

        name = f"keys-{self.digest[:32]}-{_KEYS_FORMAT}.bin"
        kept = _IN_PROCESS.get(name)
        if kept is not None:
            return kept
        data = usercache.read(name)
        if data:
            try:
                loaded = marshal.loads(data)
                if isinstance(loaded, dict) and all(
                        type(v) is tuple and len(v) == 2 and len(v[0]) == len(v[1]) for v in loaded.values()):
                    return _remember(name, loaded)
            except (ValueError, EOFError, TypeError):
                pass
        from .literals import literal_counts, rarest

        shared = literal_counts(term for req in lits for term in (req or ()))
        terms_of: dict[str, list[tuple[int, frozenset]]] = {}
        for i, req in enumerate(lits):
            for term in req or ():
                terms_of.setdefault(rarest(term, shared), []).append((i, frozenset(term)))
        tests = {lit: (tuple(i for i, _t in pairs), tuple(t for _i, t in pairs)) for lit, pairs in terms_of.items()}
        try:
            usercache.write(name, marshal.dumps(tests))
        except (ValueError, OSError):
            pass
        return _remember(name, tests)

    def search_plan(self, i: int) -> tuple:
        """How pattern rule ``i`` is searched: (the characters a match of it can never contain
        — ``windows.STOPS`` it cannot consume, ``literals.never_consumed`` — or None where it
        is searched everywhere; its matcher written in lowercase to run on lowercased text —
        ``caseless.lowercase_pattern`` — or None where it runs as written; how such a match
        can begin — ``windows.first_letters`` — or None). Derived when the rule is first
        searched (it parses the pattern) and kept in the user's cache per pack, rule and
        combination (``save_plans``)."""
        plans = self._search_plans
        if plans is None:
            plans = self._search_plans = self._load_plans()
        plan = plans[i]
        if plan is False:
            plan = plans[i] = _plan(*self._plan_of(i))
            self._plans_changed = True
        return plan

    def _plan_keys(self) -> list[tuple[str, str, int]]:
        """Each pattern rule's place: (its pack's name, the rule's id, which of the rule's
        combinations). A plan depends only on the pattern, so plans are kept per pack: a
        configuration that adds a pack or changes severities, ``enable`` or ``disable`` finds
        the bundled packs' plans ready (per rule set, each such configuration derived them all
        again: 1-1.5 s of CPU on a guideline)."""
        seen: dict[str, int] = {}
        keys = []
        for v in self.pattern_rules:
            k = seen.get(v.rule.id, 0)
            seen[v.rule.id] = k + 1
            keys.append((v.rule.pack, v.rule.id, k))
        return keys

    def _plans_file(self, pack: str) -> Optional[str]:
        import hashlib

        from .. import __version__

        digest = next((p.digest for p in self.packs if p.name == pack), None)
        if digest is None:
            return None
        return "plans-" + hashlib.sha256(f"{_PLAN_FORMAT}:{__version__}:{digest}".encode()).hexdigest()[:32] + ".bin"

    def _read_plans(self, name: str) -> dict:
        import marshal

        from .. import usercache

        data = usercache.read(name)
        if data:
            try:
                raw = marshal.loads(data)
            except (ValueError, EOFError, TypeError):
                raw = None
            if isinstance(raw, dict):
                return raw
        return {}

    def _load_plans(self) -> list:
        files: dict[str, dict] = {}
        out: list = []
        for pack, rid, k in self._plan_keys():
            if pack not in files:
                name = self._plans_file(pack)
                files[pack] = self._read_plans(name) if name else {}
            p = files[pack].get(f"{rid}#{k}", False)
            try:
                out.append(False if p is False else _plan(*p))
            except TypeError:  # a damaged entry: derived again
                out.append(False)
        return out

    def save_plans(self) -> None:
        """Keep the plans derived in this run (with those already kept) for the next one."""
        if not self._plans_changed or self._search_plans is None:
            return
        import marshal

        from .. import usercache

        mine: dict[str, dict] = {}
        for (pack, rid, k), p in zip(self._plan_keys(), self._search_plans):
            if p is not False:
                mine.setdefault(pack, {})[f"{rid}#{k}"] = (
                    "".join(sorted(p[0])) if p[0] else None, p[1], tuple(tuple(sorted(x)) for x in p[2]) if p[2] else None)
        for pack, plans in mine.items():
            name = self._plans_file(pack)
            if name is None:
                continue
            kept = self._read_plans(name)
            if all(kept.get(key) == plan for key, plan in plans.items()):
                continue
            kept.update(plans)
            try:
                usercache.write(name, marshal.dumps(kept))
            except (ValueError, OSError):
                pass
        self._plans_changed = False

    def _plan_of(self, i: int) -> tuple:
        """(stretch stops, lowered source, first letters) of pattern rule ``i``, each None
        where it does not apply; every pattern parsed once for the three."""
        from re import _parser as sre_parse  # type: ignore[attr-defined]

        from .caseless import lowercase_parsed
        from .literals import never_consumed
        from .windows import STOPS, first_letters

        source = matcher_source_of(self, i)
        try:
            parsed = sre_parse.parse(source)
        except Exception:  # noqa: BLE001 - unreadable: searched as written, everywhere
            return None, None, None
        stops = None
        if parsed.getwidth()[0] > 0:
            stops = "".join(sorted(never_consumed(parsed, STOPS))) or None
        low = None if self.pattern_rules[i].rule.case_sensitive else lowercase_parsed(source, parsed)
        if low is None:
            return stops, None, None
        self._lowered_trees[i] = low[1]  # compiled from it in this process (``compiled_lowered``)
        return stops, low[0], first_letters(low[1])

    # ---------------------------------------------------------------- text

    def candidates(self, text: str, among: Optional[tuple] = None) -> tuple:
        """Indexes of the pattern rules that can match somewhere in ``text`` (optionally only
        ``among`` these): each rule's required literals are looked for with a plain substring
        test on the lowercased text."""
        lowered = fold(text)
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
            found: set = set(_stood_for(automaton.iter(lowered)))
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
            kept = _IN_PROCESS.get(f"automaton-{self.digest}")
            if kept is not None:
                self._automaton = kept
                return kept
            try:
                import ahocorasick
            except ImportError:  # pragma: no cover - a dependency; the fallback gives the same answer
                self._automaton = False
                return False
            if self._tests:
                kept = _kept_automaton(ahocorasick, self.digest)
                if kept is not None:
                    self._automaton = kept
                    return _remember(f"automaton-{self.digest}", kept)
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
            keyed = self._keys
            for word, lits in stands.items():
                # the length (where it starts) and those of its literals that key a term
                a.add_word(word, (len(word), tuple(lits), tuple(lit for lit in lits if lit in keyed)))
            if self._tests:
                a.make_automaton()
                self._automaton = a
                _keep_automaton(ahocorasick, self.digest, a)
            else:
                self._automaton = False
            _remember(f"automaton-{self.digest}", self._automaton)
        return self._automaton

    def _term_tests(self) -> dict[str, tuple[tuple[int, ...], tuple[frozenset, ...]]]:
        """The keyed terms (``_keyed_terms``): per key literal, the rules and their terms."""
        self.literals  # noqa: B018 - derives the keyed terms
        return self._tests  # type: ignore[return-value]

    def unit_candidates(self, texts: list[str], file_text: str, keys: Optional[list] = None) -> list[tuple]:
        """For each of ``texts`` (the text units of one file), the pattern rules that can
        match in it: exactly ``candidates(text, candidates(file_text))``, but computed with
        one pass of an Aho-Corasick automaton over each unit's lowercased text (which literals
        occur in it) instead of a substring test per literal and unit; a term is only tested
        where its key literal occurs, and the file's own text is only searched for the rules
        some unit needs.

        ``keys``: a list to fill with one pair per unit: {rule index: the key literals of
        the rule's terms that hold in the unit} — every match of the rule contains one of
        them (``windows.py`` searches only around them) — and {key literal: where it starts
        in the unit, every occurrence}. Rules without a requirement, rules Hyperscan reports,
        and every rule of a unit whose lowercase has another length (its positions would not
        be the unit's) are not in it (they are searched everywhere)."""
        prefilter = self._prefilter
        if prefilter:
            hits = prefilter.hits(texts)
            if hits is not None:
                out = self._prefiltered(hits, texts, file_text)
                if prefilter.uncovered:
                    # the grammar's rules are not in the Hyperscan database (their lexicon-sized
                    # alternations take minutes to compile there): the literal automaton
                    # finds their candidates
                    extra = self._literal_candidates(texts, file_text, prefilter.uncovered, keys)
                    out = [tuple(sorted(set(a).union(b))) if b else a for a, b in zip(out, extra)]
                return out
        return self._literal_candidates(texts, file_text, None, keys)

    def _literal_candidates(self, texts: list[str], file_text: str, keep: Optional[frozenset] = None,
                            keys_out: Optional[list] = None) -> list[tuple]:
        """``unit_candidates`` from the literal automaton (only the rules in ``keep`` when
        given; ``keys_out`` as ``unit_candidates``' ``keys``)."""
        lits = self.literals
        automaton = self._literal_automaton()
        if not automaton:
            file_candidates = self.candidates(file_text, tuple(sorted(keep)) if keep is not None else None)
            if keys_out is not None:
                keys_out.extend(({}, {}) for _ in texts)
            return [self.candidates(t, file_candidates) if file_candidates else () for t in texts]
        record = keys_out is not None
        memo = self._unit_literals
        unit_rules: list[tuple] = []
        for t in texts:
            entry = memo.get((t, keep, record))
            if entry is None:
                entry = self._unit_rules(t, automaton, keep, record)
                memo.put((t, keep, record), entry, len(t))
            unit_rules.append(entry)
        lits = self.literals
        in_file: dict[int, bool] = {}
        file_present: Optional[set] = None
        folded_file: Optional[str] = None
        out: list[tuple] = []
        for t, (rules, unit_keys, where) in zip(texts, unit_rules):
            if keys_out is not None:
                keys_out.append((unit_keys, where))
            if not rules:
                out.append(())
                continue
            kept = []
            inside: Optional[bool] = None  # the unit's folded text lies within the file's
            for i in rules:
                ok = in_file.get(i)
                if ok is None:
                    if lits[i] is None:
                        ok = True
                    else:
                        if inside is None:
                            if folded_file is None:
                                folded_file = fold(file_text)
                            inside = self._within(fold(t), folded_file)
                        if inside:
                            # a term of rule i holds in the unit, and every literal the
                            # automaton finds in the unit it finds in the file's text too
                            ok = True
                        else:
                            if file_present is None:
                                file_present = self._present(folded_file)
                            ok = any(term <= file_present for term in lits[i])
                    in_file[i] = ok
                if ok:
                    kept.append(i)
            out.append(tuple(kept))
        return out

    def _within(self, folded: str, folded_file: str) -> bool:
        """Whether every occurrence of an automaton word in ``folded`` (a unit's folded text)
        is an occurrence in ``folded_file``: the unit is part of the file's text, or each of
        its lines is and no word spans a line break. Then the file-wide filter of
        ``_literal_candidates`` needs no automaton pass over the file for the unit's rules:
        9 % of a check of ``bench/corpus/mixed900`` (BENCHMARKS.md, "speed14")."""
        if folded in folded_file:
            return True
        if "\n" not in folded or self._word_spans_lines():
            return False
        return all(line in folded_file for line in folded.split("\n"))

    def _word_spans_lines(self) -> bool:
        """Whether some word of the literal automaton holds a line break (then a unit is
        only known to be within the file's text when it is so as a whole)."""
        spans = self._spans_lines
        if spans is None:
            automaton = self._literal_automaton()
            spans = self._spans_lines = not automaton or any("\n" in w for w in automaton.keys())
        return spans

    def _unit_rules(self, text: str, automaton: Any, keep: Optional[frozenset], record: bool) -> tuple:
        """What ``_literal_candidates`` learns of one unit from the literal automaton alone:
        (the rules whose terms hold in it, sorted, before the file-wide filter; {rule index:
        the key literals of its terms that hold}; where each key literal starts, an
        ``Occurrences`` or {}). A pure function of the unit's text, kept per text in
        ``_unit_literals``: a unit met again (the same paragraph in many guidelines) is not
        read by the automaton again."""
        t = fold(text)
        unit_keys: dict[int, set] = {}
        if not record or len(t) != len(text):
            # (positions in a lowercased text of another length are not the unit's)
            found = set(_stood_for(automaton.iter(t)))
            where: Any = None
        else:
            hits = list(automaton.iter(t))
            found = set(_stood_for(hits))
            where = Occurrences(hits)
        always = self._always
        if not always and (not found or self._keys.isdisjoint(found)):
            return (), unit_keys, where or {}
        rules: dict[int, None] = dict.fromkeys(always)
        if found:
            tests = self._term_tests()
            held_by = found.issuperset
            for lit in found:
                test = tests.get(lit)
                if test is None:
                    continue
                # the rules with a term keyed by ``lit`` all of whose literals are found
                # (the subset tests run in C: about a million a 100-guideline check)
                for i in compress(test[0], map(held_by, test[1])):
                    rules[i] = None
                    if where is not None:
                        held = unit_keys.get(i)
                        if held is None:
                            unit_keys[i] = {lit}
                        else:
                            held.add(lit)
        if keep is not None:
            rules = {i: None for i in rules if i in keep}
        return tuple(sorted(rules)), unit_keys, where or {}

    def use_prefilter(self) -> bool:
        """Find candidate rules with Hyperscan from now on (``unit_candidates``): one
        database of the pattern rules' regular expressions in prefilter mode, which reports
        every rule that can match (a superset; the regular expression then decides), in one
        pass over a file's units; the rules it leaves out (``build_prefilter``: the grammar's,
        those over ``COMPILE_BUDGET``) are found by the literal automaton. The database is
        compiled once (about 1.6 s of CPU with the bundled packs) and kept serialized in the
        user's cache folder (``usercache``) keyed by the patterns and the Hyperscan version, so
        later runs load it in a millisecond. False (and the
        Aho-Corasick path stays) where the ``hyperscan`` package is not installed. Worth it
        for many files: ``runner.check_paths`` turns it on for batches that use the pool."""
        if self._prefilter is None:
            self._prefilter = build_prefilter(self.pattern_rules) or False
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
                            unit = fold(texts[k])  # once per unit, not once per rule
                        term = next((t for t in req if all(lit in unit for lit in t)), None)
                        ok = term is not None and all(lit in file_text for lit in term)
                        if not ok:
                            if lowered_file is None:
                                lowered_file = fold(file_text)
                            ok = any(all(lit in lowered_file for lit in t) for t in req)
                    in_file[i] = ok
                if ok:
                    kept.append(i)
            out.append(tuple(kept))
        return out


_IN_PROCESS: dict[str, Any] = {}
"""What a rule set derives from its digest alone (its rules, their literals, the configuration),
kept for the next rule set of this process with the same digest: the keyed terms (``keys-``,
read and unpacked from the user's cache: ~10 ms) and the literal automaton (built: ~5 ms). Both
are only read once made. A process that builds many rule sets (each command run in-process,
the test suite) builds them once."""


_AUTOMATON_FORMAT = "1"


def _automaton_entry(ahocorasick: Any, digest: str) -> Optional[str]:
    """The user-cache entry of the literal automaton of the rule set ``digest``: named also by
    the installed pyahocorasick's file (its size and time), whose internal layout the entry
    holds; None where that file cannot be found."""
    import hashlib

    from .. import __version__

    try:
        st = os.stat(ahocorasick.__file__)
    except (AttributeError, TypeError, OSError):
        return None
    made = hashlib.sha256(f"{_AUTOMATON_FORMAT}:{__version__}:{digest}:{ahocorasick.__file__}:{st.st_size}:"
                          f"{st.st_mtime_ns}".encode()).hexdigest()[:32]
    return f"automaton-{made}.bin"


def _kept_automaton(ahocorasick: Any, digest: str) -> Any:
    """The literal automaton kept by an earlier run (``_keep_automaton``), or None. Built, it
    is 4-6 ms of a cold single-file check (2,004 words); read back from pyahocorasick's own
    state (``__reduce__``, as pickle would, but in ``marshal``) about 1 ms (BENCHMARKS.md,
    "speed16")."""
    import marshal

    from .. import usercache

    name = _automaton_entry(ahocorasick, digest)
    data = usercache.read(name) if name else None
    if not data:
        return None
    try:
        state = marshal.loads(data)
        if not (type(state) is tuple and len(state) == 7 and type(state[0]) is list
                and all(type(b) is bytes for b in state[0]) and all(type(x) is int for x in state[1:6])
                and type(state[6]) is list and len(state[6]) == state[4]):
            return None
        a = ahocorasick.Automaton(*state)
        if a.kind != ahocorasick.AHOCORASICK or len(a) != state[4]:
            return None
        return a
    except Exception:  # noqa: BLE001 - damaged or from another layout: built again
        return None


def _keep_automaton(ahocorasick: Any, digest: str, automaton: Any) -> None:
    import marshal

    from .. import usercache

    name = _automaton_entry(ahocorasick, digest)
    if name is None:
        return
    try:
        state = automaton.__reduce__()[1]
        usercache.write(name, marshal.dumps(state))
    except (ValueError, TypeError, OSError):  # a value marshal cannot write: built each run
        pass


def _remember(name: str, value: Any) -> Any:
    if len(_IN_PROCESS) > 64:
        _IN_PROCESS.clear()
    _IN_PROCESS[name] = value
    return value


_VALUE = operator.itemgetter(1)  # of an automaton hit (end, (length, stands for, keyed))


_UNIT_MEMO_CHARS = 250_000
"""``RuleCandidates._unit_literals`` starts afresh once the unit texts it holds pass this
many characters (a bound on memory: an entry keeps the unit's automaton hits, about 15 bytes
per character; at 16 M characters a one-process check of 2.3 MB of text where nothing
repeats, ``bench/corpus/real/v1``, peaked at 151 MB against 92 MB, at this bound 100 MB)."""


def _stood_for(hits: Any) -> Any:
    """Every literal (and entry mark) the automaton's ``hits`` stand for, with repeats: taken
    apart in C (``itertools``, ``operator``) rather than by a Python loop per hit (300,000
    hits in the units of 100 bench guidelines, 470,000 in their files' texts)."""
    return itertools.chain.from_iterable(map(_VALUE, map(_VALUE, hits)))


class Occurrences:
    """Where each key literal starts in one unit ({key literal: starts}, read with ``get``),
    worked out from the unit's automaton hits when first asked: only the units searched by
    key (``windows.Windows.starts``, about one in ten) ask."""

    __slots__ = ("_hits", "_at")

    def __init__(self, hits: list):
        self._hits: Optional[list] = hits
        self._at: Optional[dict[str, list[int]]] = None

    def get(self, key: str, default: Any = None) -> Any:
        return self.as_dict().get(key, default)

    def as_dict(self) -> dict[str, list[int]]:
        at = self._at
        if at is None:
            at = self._at = {}
            for end, (n, _stands_for, keyed) in self._hits or ():
                for lit in keyed:
                    starts = at.get(lit)
                    if starts is None:
                        at[lit] = [end - n + 1]
                    else:
                        starts.append(end - n + 1)
            self._hits = None
        return at


def _plan(stops: Optional[str], low: Optional[str], first: Optional[tuple]) -> tuple:
    """A search plan as ``search_plan`` gives it, from its kept form (``_plan_of``'s and the
    plan files': the stop characters as one string, each first-letter set as a sequence)."""
    return (frozenset(stops) if stops else None, low, tuple(frozenset(x) for x in first) if first else None)


def matcher_source_of(ruleset: Any, i: int) -> str:
    """The expression pattern rule ``i`` is matched with (``engine.RuleSet._sources``)."""
    from .engine import matcher_source

    return matcher_source(ruleset._sources[i])


_FOLD_CHARS = ("\u0130", "\u0131", "\u017f")


def fold(text: str) -> str:
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


class HyperscanPrefilter:
    """Compiled Hyperscan databases of the pattern rules (ids = rule indexes): ``db`` with
    Unicode classes (\\w, \\s, \\b as Python's ``re`` reads them in any text) and ``ascii_db``
    with ASCII classes, twice as fast and the same on text that is all ASCII (or None); and
    the rules Hyperscan could not take (``always``: candidates in every unit)."""

    def __init__(self, hs: Any, db: Any, always: tuple, ascii_db: Any = None, uncovered: frozenset = frozenset(),
                 costly: frozenset = frozenset()):
        self.hs = hs
        self.db = db
        self.ascii_db = ascii_db
        self.always = frozenset(always)
        # rules left to the literal automaton: the grammar's, and ``costly`` (``costly_to_compile``)
        self.uncovered = uncovered | costly
        self.costly = costly
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
        except self.hs.error:  # any Hyperscan error: the literal path answers instead
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


def build_prefilter(rules: list[Rule]) -> Optional[HyperscanPrefilter]:
    """The Hyperscan prefilter of these pattern rules, loaded from the cache folder or
    compiled (and saved there), without the rules the literal automaton finds instead (the
    grammar's; those whose compile passes ``COMPILE_BUDGET``, ``costly_to_compile``); None
    where Hyperscan is not installed or takes no rule, or
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
    unicode_flags = [base | hs.HS_FLAG_UCP | c for c in caseless]
    # and so do the rules whose expression alone takes Hyperscan longer than the budget to
    # compile (measured once, kept in the cache folder): 2 of 36 took 21.6 s of the 22.4
    costly = costly_to_compile(hs, exprs, unicode_flags, covered, COMPILE_BUDGET)
    covered = [i for i in covered if i not in costly]
    if not covered:
        return None
    unicode = _hyperscan_db(hs, exprs, unicode_flags, covered, fallback=True)
    if unicode is None:
        return None
    db, ids = unicode
    # the same rules with ASCII classes, for text that is all ASCII (where both read alike)
    ascii_ = _hyperscan_db(hs, exprs, [base | c for c in caseless], ids)
    always = tuple(i for i in covered if i not in set(ids))
    return HyperscanPrefilter(hs, db, always, ascii_[0] if ascii_ is not None else None, grammar, costly)


COMPILE_BUDGET = 0.25
"""CPU seconds Hyperscan may spend compiling one rule's expression (with Unicode classes, the
costlier of the two databases) before the rule is left to the literal automaton
(``costly_to_compile``). Of the bundled rules outside the grammar, 34 compile in 0.04 s or
less each; two took 18.6 and 5.2 s (a bounded repeat of words of Unicode letters,
``(?:[\\w’'-]+ ){0,3}?``, and an alternation of optional phrases joined by ``\\s+``), 21.6 s
of the 22.4 s a database took from an empty cache folder (BENCHMARKS.md, "speed23"). Only
speed depends on it: a rule left to the automaton gets the same findings."""

_COSTS_FORMAT = "1"

# Run in a child process (``sys.executable -c``): compiles each expression alone with a CPU
# timer of ``budget`` seconds; SIGPROF's default action ends the process when the timer runs
# out inside Hyperscan's compiler (which no Python signal handler can interrupt). One line per
# expression it finished: "1 <CPU seconds>" (compiled) or "0 <CPU seconds>" (refused).
_PROBE = """
import marshal, signal, sys, time
import hyperscan as hs
exprs, flags, budget = marshal.load(sys.stdin.buffer)
for e, f in zip(exprs, flags):
    t = time.process_time()
    signal.setitimer(signal.ITIMER_PROF, budget)
    try:
        hs.Database(mode=hs.HS_MODE_BLOCK).compile(expressions=[e], ids=[0], elements=1, flags=[f])
        ok = 1
    except hs.error:
        ok = 0
    signal.setitimer(signal.ITIMER_PROF, 0)
    sys.stdout.write(f"{ok} {time.process_time() - t:.4f}\\n")
    sys.stdout.flush()
"""


def compile_costs(exprs: list[bytes], flags: list[int], budget: float) -> Optional[list]:
    """The CPU seconds Hyperscan takes to compile each expression alone, or None for one
    that passed ``budget`` (its compile was stopped there: the probe costs at most the budget
    per such expression). Compiled in a child process, a new one after each stopped compile;
    None as a whole where it cannot be measured (no ``setitimer``, the child cannot start or
    ends otherwise)."""
    import marshal
    import signal
    import subprocess
    import sys

    if not hasattr(signal, "setitimer") or not hasattr(signal, "SIGPROF"):
        return None
    costs: list = []
    while len(costs) < len(exprs):
        k = len(costs)
        try:
            proc = subprocess.run([sys.executable, "-c", _PROBE], input=marshal.dumps((exprs[k:], flags[k:], budget)),
                                  capture_output=True, timeout=60 + budget * (len(exprs) - k))
        except (OSError, subprocess.SubprocessError, ValueError):
            return None
        for line in proc.stdout.decode("ascii", "replace").splitlines():
            try:
                costs.append(float(line.split()[1]))
            except (IndexError, ValueError):
                return None
        if proc.returncode == 0 and len(costs) == len(exprs):
            break
        if proc.returncode != -signal.SIGPROF or len(costs) >= len(exprs):
            return None  # not the budget's end: nothing measured
        costs.append(None)  # the expression after the last one reported passed the budget
    return costs


def costly_to_compile(hs: Any, exprs: list[bytes], flags: list[int], ids: list[int], budget: float) -> frozenset:
    """Those of ``ids`` whose expression Hyperscan does not compile within ``budget`` CPU
    seconds on its own (``compile_costs``), measured once per set of expressions, flags,
    budget, Hyperscan version and machine and kept in the cache folder (``hscost-``), so a
    run that loads the database from there never measures; none where nothing could be
    measured (all are compiled, as before)."""
    import hashlib
    import marshal
    import platform

    from .. import usercache

    key = hashlib.sha256(repr((_COSTS_FORMAT, getattr(hs, "__version__", ""), platform.machine(), budget,
                               [(exprs[i], flags[i]) for i in ids])).encode())
    name = f"hscost-{key.hexdigest()[:32]}.bin"
    data = usercache.read(name)
    if data:
        try:
            kept = marshal.loads(data)
            if type(kept) is tuple and len(kept) == len(ids) and all(c is None or type(c) is float for c in kept):
                return frozenset(i for i, c in zip(ids, kept) if c is None)
        except (ValueError, EOFError, TypeError):
            pass
    costs = compile_costs([exprs[i] for i in ids], [flags[i] for i in ids], budget)
    if costs is None:
        return frozenset()
    try:
        usercache.write(name, marshal.dumps(tuple(costs)))
    except (ValueError, OSError):
        pass
    return frozenset(i for i, c in zip(ids, costs) if c is None)


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
        except (hs.error, ValueError):  # damaged or stale (or a bad header): compile again
            pass

    def compile_db(ids: list[int]) -> Any:
        db = hs.Database(mode=hs.HS_MODE_BLOCK)
        db.compile(expressions=[exprs[i] for i in ids], ids=ids, elements=len(ids), flags=[flags[i] for i in ids])
        return db

    ids = list(range(len(exprs))) if only is None else list(only)
    try:
        db = compile_db(ids)
    except hs.error:  # some pattern Hyperscan cannot take even as a prefilter
        if not fallback:
            return None
        ok = []
        for i in ids:
            try:
                compile_db([i])
                ok.append(i)
            except hs.error:
                pass
        if not ok:
            return None
        db = compile_db(ok)
        ids = ok
    try:
        usercache.write(name, ",".join(map(str, ids)).encode("ascii") + b"\n" + hs.dumpb(db))
    except (hs.error, OSError, ValueError):  # a database not serialized or saved: only a slower next run
        pass
    return db, ids

