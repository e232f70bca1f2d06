"""The checks engine: rule packs compiled once, run over a document's text units.

Where each part is decided:

* which rules are enabled (configuration ``enable``/``disable``/``severity``, renamed ids):
  ``RuleSet.__init__`` here;
* which pattern rules can match in which text unit (the literal automaton and Hyperscan):
  ``prefilter.py`` (``RuleCandidates``, a base class of ``RuleSet``);
* matching (each candidate rule's own compiled expression, kept between runs by
  ``recache``), contexts per match (``contexts.lifted_by``: quotations, use–mention, names,
  glossary self-identification, negation, reported speech...), overlaps within a reviewer:
  ``RuleSet.scan`` here; the learned rules' vetoes and findings: ``model_hits.py``;
* a finding made of a match or of a Python rule (``kind: python``): ``findings.py``; its fix:
  ``replacements.py``;
* inline suppressions: ``suppressions.py``;
* checking a guideline or a prose file: ``check_document`` and ``check_prose_text`` here.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from typing import Any, Iterator, Optional

from .. import guideline_data as gd
from ..config import Config
from ..model.finding import Finding
from ..text import HEADING_FIELDS, NAME, PROSE, QUOTE, TextUnit, guideline_units, mask_markup, prose_units
from .contexts import about_youth, lifted_by, normal_term, sentence_bounds
from .findings import Hit, finding_at, make_finding, python_function
from .memo import BoundedMemo
from .model_hits import model_hits, outside_gate, vetoed
from .normalize import for_matching, to_original
from .packs import Pack, Rule, flexible_spaces, load_packs
from .prefilter import HyperscanPrefilter, RuleCandidates, build_prefilter, fold
from .replacements import apply_fixes, fix_for, fix_is_safe
from .span_model import is_span_model
from .suppressions import RENAMED, SUPPRESS, Suppression, apply_suppressions, find_suppressions
from .caseless import lowered
from .windows import Windows
from .windows import matches as window_matches


@dataclass
class FileResult:
    file: str
    findings: list[Finding] = field(default_factory=list)
    suppressed: int = 0
    error: Optional[Any] = None  # the LicPolicyError that kept the file from being checked
    cached: bool = False


def _check_rule_ids(cfg: Config, packs: list[Pack], known: set[str]) -> None:
    """Every rule id the configuration names (enable, disable, severity) is a rule or a pack
    of these packs: a renamed rule is told its new name, an unknown one its nearest match (a
    ``ConfigError`` at the id's place in the configuration file)."""
    from ..errors import ConfigError

    for rid in [*cfg.enable, *cfg.disable, *cfg.severity]:
        line, column = cfg.place_of(rid)  # hostile6: at its place in the file
        if rid in RENAMED and RENAMED[rid] in known:
            raise ConfigError(f"rule '{rid}' was renamed '{RENAMED[rid]}'", file=str(cfg.path or ""),
                              line=line, column=column,
                              hint=f"write '{RENAMED[rid]}' in the configuration; CHANGELOG.md lists the renamed rules")
        if rid not in known and not any(rid == p.name for p in packs):
            import difflib

            pack_names = {p.name for p in packs}
            # a glob (framing.*) or a near miss of a pack's name means the whole pack
            stem = rid.rstrip("*").rstrip(".")
            close = [stem] if stem in pack_names else difflib.get_close_matches(rid, sorted(pack_names), n=1)
            close = close or difflib.get_close_matches(rid, sorted(known), n=1)
            raise ConfigError(f"unknown rule id '{rid}' in the configuration", file=str(cfg.path or ""),
                              line=line, column=column,
                              hint=(f"did you mean '{close[0]}'?" + (" (a pack's name stands for all its rules)"
                                                                     if close[0] in pack_names else ""))
                              if close else "run `lic-policy rules` to list them")


def _enabled_rules(all_rules: list[Rule], cfg: Config) -> tuple[list[Rule], dict[str, Rule]]:
    """The rules the configuration leaves on (``enable`` wins over ``disable``), and the copies
    made of those whose severity it changes, by id."""
    rules: list[Rule] = []
    copies: dict[str, Rule] = {}
    for r in all_rules:
        disabled = r.id in cfg.disable or r.pack in cfg.disable
        if disabled and r.id not in cfg.enable:
            continue
        # a rule's own id, else its pack's name (severity: {framing: info})
        wanted = cfg.severity.get(r.id, cfg.severity.get(r.pack))
        if wanted is not None:
            # on a copy: the packs given (and their rules) may be shared with other
            # rulesets, which keep the packs' own severities
            import copy

            r = copies[r.id] = copy.copy(r)
            r.severity = wanted
        rules.append(r)
    return rules, copies


def _protected_names(packs: list[Pack]) -> Any:
    """One pattern of the packs' protected names and titles (statutes, organisations), or None."""
    protected = [p for pack in packs for p, _kind in pack.protected]
    if not protected:
        return None
    from .recache import shared

    return shared("protected").compile("|".join(f"(?:{flexible_spaces(p)})" for p in protected), re.IGNORECASE)


def _ruleset_digest(packs: list[Pack], cfg: Config) -> str:
    """What a cached result was checked with: the packs' digests and the configuration's rule
    choices."""
    import hashlib

    h = hashlib.sha256()
    for p in packs:
        h.update(p.digest.encode())
    h.update(repr((sorted(cfg.enable), sorted(cfg.disable), sorted(cfg.severity.items()),
                   cfg.min_sex_worker_share)).encode())
    return h.hexdigest()


class RuleSet(RuleCandidates):
    """The enabled rules, compiled once. A rule runs unless its id or its pack is in the
    configuration's ``disable`` and its id is not in ``enable`` (``enable`` wins); ``severity``
    overrides a rule's severity; an unknown or renamed id is a ``ConfigError``."""

    def __init__(self, packs: list[Pack], cfg: Optional[Config] = None):
        cfg = cfg or Config()
        self.config = cfg
        all_rules = [r for p in packs for r in p.rules]
        _check_rule_ids(cfg, packs, {r.id for r in all_rules})
        self.rules, copies = _enabled_rules(all_rules, cfg)
        if copies:
            import dataclasses

            all_rules = [copies.get(r.id, r) for r in all_rules]
            packs = [dataclasses.replace(p, rules=[copies.get(r.id, r) for r in p.rules])
                     if any(r.id in copies for r in p.rules) else p for p in packs]
        self.packs = packs
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
        self._compiled_lowered: dict[int, Any] = {}
        self._stores: dict[str, Any] = {}
        self.by_id_enabled = {r.id: r for r in self.rules}
        self._init_candidates()
        self.protected = _protected_names(packs)
        self._protected_low: Any = False  # ``protected`` written in lowercase (``_protected_in``); False: not derived yet
        self.digest = _ruleset_digest(packs, cfg)
        self.unit_hits = UnitHits()

    def prepare(self) -> None:
        """Build what checking builds on first use (the literal automaton, the Python rules'
        functions, the compiled and lowered expressions and their search plans), e.g. before
        forking workers that then share it."""
        if self._prefilter and not self._prefilter.uncovered:
            self.literals  # noqa: B018
        else:  # the grammar's rules are never in the Hyperscan database: the automaton finds them
            self._literal_automaton()
        for i in range(len(self.pattern_rules)):
            self.compiled(i)
            self.compiled_lowered(i)  # with its search plan (``search_plan``)
        self.save_compiled()
        for rule in self.python_rules:
            python_function(rule)

    def compiled(self, i: int) -> Any:
        """The compiled regular expression of pattern rule ``i``: compiled once per process,
        and its program kept in the user's cache between runs (``recache``)."""
        rx = self._compiled[i]
        if rx is None:
            rx = self._compiled[i] = self._regex_store(self.pattern_rules[i].rule.pack).compile(
                matcher_source(self._sources[i]))
        return rx

    def compiled_lowered(self, i: int) -> Any:
        """Pattern rule ``i`` written in lowercase, compiled without IGNORECASE, to match
        lowercased text (``caseless.py``); None where the rule must run as written."""
        rx = self._compiled_lowered.get(i, False)
        if rx is False:
            source = self.search_plan(i)[1]
            rx = self._compiled_lowered[i] = None if source is None else self._regex_store(
                self.pattern_rules[i].rule.pack).compile(source, 0, self._lowered_trees.pop(i, None))
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
        self.save_plans()

    def scan(self, unit: TextUnit, self_terms: frozenset = frozenset(), candidates: Optional[tuple] = None,
             normalized: Optional[tuple] = None, only: Optional[str] = None,
             keys: Optional[dict] = None) -> Iterator["Hit"]:
        """Every finding in one text unit, contexts applied, as ``Hit``s (rule, start, end,
        why) with offsets in ``unit.text`` as written.

        Each candidate rule runs on its own (compiled once), so one reviewer's match never
        hides another's; within a reviewer, overlapping matches keep the leftmost, then the
        longest. The rules read the text with invisible characters dropped and look-alike
        letters folded (``normalize.for_matching``); rules marked ``raw`` read it as written.
        ``only``: the findings of that one rule, as if it were the only one (its examples).
        ``keys``: ({rule index: key literals}, {key literal: where it starts}), one unit's
        ``unit_candidates`` ``keys``: those rules are searched only where a match can start
        (``windows.py``); the same matches."""
        text = unit.text
        ntext, back = normalized if normalized is not None else for_matching(text)
        if candidates is None:
            candidates = self.candidates(ntext)
        found = self._pattern_matches(unit, ntext, self_terms, candidates, only, keys)
        if self.raw_rules and not text.isascii():
            found.extend(self._raw_matches(unit, text))
        learned: dict[tuple[int, int], str] = {}  # a learned rule's finding → the words that weighed
        if self.model_rules:
            found = self._model_matches(unit, ntext, found, only, learned)
        if found:
            yield from self._resolved(ntext, back, found, learned)

    def _pattern_matches(self, unit: TextUnit, ntext: str, self_terms: frozenset, candidates: tuple,
                         only: Optional[str], keys: Optional[dict]) -> list[tuple[int, int, int, Rule]]:
        """Step 1 of ``scan``: each candidate pattern rule's matches in the normalised text
        that no protected name holds and no context lifts, as (start, end, rule index, rule)."""
        found: list[tuple[int, int, int, Rule]] = []
        rules = self.pattern_rules
        windows: Any = None
        low: Any = False  # the lowercased text the lowered patterns read (None: they cannot)
        for i in candidates:
            variant = rules[i]
            rule = variant.rule
            if unit.kind not in rule.fields or (only is not None and rule.id != only):
                continue
            rx = self.compiled_lowered(i) if FAST else None
            if rx is not None:
                if low is False:
                    low = lowered(ntext)
                if low is None:
                    rx = None
            first = None
            if rx is None:
                rx, read = self.compiled(i), ntext
            else:
                read, first = low, self.search_plan(i)[2]
            unit_keys = keys[0].get(i) if keys else None
            stops = self.search_plan(i)[0] if unit_keys else None
            if stops is not None or first is not None:
                if windows is None:
                    windows = Windows(ntext, keys[1] if keys else {})
                starts = windows.starts(unit_keys, stops) if stops is not None else windows.word_starts()
                each = window_matches(rx, read, starts, first)
            else:
                each = rx.finditer(read)
            for m in each:
                start, end = m.span()
                if start == end:
                    continue
                if self._protected_in(ntext, start, end):
                    continue
                if lifted_by(variant, ntext, start, end, self_terms) is not None:
                    continue
                found.append((start, end, i, rule))
        return found

    def _raw_matches(self, unit: TextUnit, text: str) -> list[tuple[int, int, int, Rule]]:
        """Step 2: the matches of the rules marked ``raw``, which read the text as written."""
        base = len(self.pattern_rules)
        return [(m.start(), m.end(), base + k, rule) for k, (rule, rx) in enumerate(self.raw_rules)
                if unit.kind in rule.fields for m in rx.finditer(text) if m.end() > m.start()]

    def _model_matches(self, unit: TextUnit, ntext: str, found: list, only: Optional[str],
                       learned: dict[tuple[int, int], str]) -> list[tuple[int, int, int, Rule]]:
        """Step 3: the learned rules withdraw the rule findings their model vetoes, then add
        their own (each one's explanation put in ``learned``)."""
        if found and only is None:
            found = vetoed(self.model_rules, ntext, found)
        # a learned rule reads sentences, not titles: a guideline's or a section's title names
        # the document ("Sex Work Enforcement Guidelines" is the Vancouver Police Department's)
        titled = unit.field.rpartition(".")[2] in HEADING_FIELDS
        base = len(self.pattern_rules) + len(self.raw_rules)
        for k, rule in enumerate(self.model_rules):
            if unit.kind in rule.fields and not titled and (only is None or rule.id == only):
                for start, end, why in model_hits(rule, ntext, found):
                    learned[(start, end)] = why
                    found.append((start, end, base + k, rule))
        return found

    def _resolved(self, ntext: str, back: Any, found: list, learned: dict[tuple[int, int], str]) -> Iterator["Hit"]:
        """Step 4: within each reviewer, overlapping matches keep the leftmost, then the longest;
        a term about a young person becomes its youth rule; offsets go back to the text as
        written."""
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
        window = text[lo:hi]
        rx = self.protected
        low = self._protected_low
        if low is False:
            low = self._protected_low = self._lowered_protected() if FAST else None
        if low is not None:
            # the names read in lowercase (``caseless.py``: the same spans): the caseless
            # alternation has none of ``re``'s fast paths and was 53 µs a call, asked for every
            # match — a tenth of a check of finding-dense prose (BENCHMARKS.md, "speed6")
            lw = lowered(window)
            if lw is not None:
                rx, window = low, lw
        return any(m.start() + lo < end and start < m.end() + lo for m in rx.finditer(window))

    def _lowered_protected(self) -> Any:
        """``protected`` written in lowercase and compiled without IGNORECASE, or None where
        it cannot be (kept in the ``protected`` regex store)."""
        from .recache import shared

        store = shared("protected")
        source = store.lowered_source(self.protected.pattern, self.protected.flags)
        return store.compile(source, self.protected.flags & ~re.IGNORECASE) if source else None


def matcher_source(body: str) -> str:
    """The expression a pattern rule is matched with: its body (``Rule.body_source`` plus the
    end-of-word check), starting only where a word starts."""
    return "(?<!\\w)(?=\\w)" + body


FAST = os.environ.get("LIC_POLICY_FAST_MATCH", "").strip().lower() != "off"
"""Search the grammar's rules only where they can start (``windows.py``) and caseless rules
in lowercase (``caseless.py``); ``LIC_POLICY_FAST_MATCH=off`` searches every rule as written
over whole units (the same findings: for comparison and the tests)."""


def _scan_units(ruleset: RuleSet, units: list[TextUnit], file_text: str, self_terms: frozenset, *,
                markup: bool = False) -> Iterator[tuple[TextUnit, Hit]]:
    """Every hit in ``units`` (the text units of one file). With ``markup``, each unit's
    Markdown code, link targets and URLs are blanked first (``text.mask_markup``; guideline
    fields hold a Markdown subset), offsets unchanged."""
    normalized = [for_matching(mask_markup(u.text) if markup else u.text) for u in units]
    texts = [n[0] for n in normalized]
    if not file_text.isascii():
        # the file-wide filter of candidate rules reads the text as the rules do: a word hidden
        # by a zero-width space or a look-alike letter was otherwise filtered out before any
        # rule looked (ASCII text, nearly all text, is its own folded form)
        file_text = for_matching(file_text, layout=False)[0]
    if "\\" in file_text:
        # a double-quoted YAML text's escapes spell letters the source does not hold
        # (``prosti\\u0074ute``, ``\\x70rostitute``, a word continued over a line with ``\\``):
        # the file-wide filter reads the units' own text too, or the rule never ran
        file_text = "\n".join([file_text, *texts])
    elif laid_out := [n[0] for n in normalized if n[1] is not None]:
        # and the units whose layout the rules read otherwise (a word hyphenated at a line end,
        # two spaces): what they hold is in the file too (laying out a whole file's indented
        # lines took 20 times as long as folding it)
        file_text = "\n".join([file_text, *laid_out])
    keys: list = []
    candidates = ruleset.unit_candidates(texts, file_text, keys if FAST else None)
    if not keys:
        keys = [None] * len(units)
    raw = bool(ruleset.raw_rules)
    # the learned rules that may flag a unit no pattern rule is a candidate in (a span model
    # only withdraws what the rules found)
    learned = [r for r in ruleset.model_rules if r.needs_re is not None and not is_span_model(r.model)]
    memo = ruleset.unit_hits
    memo.models(_loaded_models())
    for unit, norm, unit_candidates, unit_keys in zip(units, normalized, candidates, keys):
        key = (unit.text, unit.kind, unit.field.rpartition(".")[2] in HEADING_FIELDS, markup, self_terms,
               unit_candidates)
        hits = memo.get(key)
        if hits is None:
            hits = ()
            if unit_candidates or (raw and not unit.text.isascii()) or (
                    learned and any(unit.kind in r.fields and (r.needs_re.search(norm[0]) or (
                        (out := outside_gate(r)) is not None and out.holds(norm[0]))) for r in learned)):
                hits = tuple(ruleset.scan(unit, self_terms, unit_candidates, norm, keys=unit_keys))
            memo.put(key, hits, len(unit.text))
        for hit in hits:
            yield unit, hit


def _loaded_models() -> tuple:
    """The learned models this process has loaded so far, in order (none before the
    learned reviewer's module is imported)."""
    learned = sys.modules.get(__package__ + ".learned")
    spans = sys.modules.get(__package__ + ".span_model")
    return ((tuple(learned._LOADED.values()) if learned is not None else ())
            + (tuple(spans._LOADED.values()) if spans is not None else ()))


class UnitHits(BoundedMemo):
    """The hits of the text units checked so far, by everything ``RuleSet.scan`` reads of a
    unit: its text (the masked and normalised text are made from it), kind, whether it is a
    title (the learned rules skip titles), whether it was read as Markdown, the document's
    self-identification terms and its candidate rules (the file-wide filter takes part in
    them). A unit met again (a boilerplate paragraph in many guidelines, the same guideline
    in several folders, an unchanged paragraph re-checked by the editor) is not matched
    again; its ``Hit``s are named tuples, shared. Kept until the texts held pass ``LIMIT``
    characters, then started afresh (a bound on memory, not an eviction policy).

    Measured (BENCHMARKS.md, "speed14"): a 100-file slice of ``bench/corpus/mixed900`` in
    one process, 2.8–4.5 s of CPU before, 1.4–1.7 s after (its 34 copies of the early draft
    and the generated guidelines' shared paragraphs); nothing on text where no unit comes
    twice, such as the finding-dense 1 MB file.
    """

    LIMIT = 2_000_000  # characters of unit text; the hits kept are small beside it

    __slots__ = ("_models",)

    def __init__(self) -> None:
        super().__init__(self.LIMIT)
        self._models: tuple = ()

    def models(self, loaded: tuple) -> None:
        """The learned models loaded in this process (``learned.load``): the hits kept were
        found with those; when another stands in their place (a test replaces one), or one
        is loaded for the first time, they are forgotten."""
        kept = self._models
        if len(kept) != len(loaded) or any(a is not b for a, b in zip(kept, loaded)):
            self.clear()
            self._models = loaded


def check_document(doc: Any, ruleset: RuleSet) -> FileResult:
    """Check one loaded guideline ``Document`` (validation not required)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    version = gd.written_version(data)
    self_terms = frozenset(normal_term(t) for t in gd.self_identification_terms(data))
    findings: list[Finding] = []
    key_lines: dict[tuple, int] = {}
    units = list(guideline_units(data))
    for unit, hit in _scan_units(ruleset, units, doc.text, self_terms, markup=True):
        line, col = doc.locate(unit.path, hit.start)
        end_line, end_col = doc.locate(unit.path, hit.end - 1)
        findings.append(make_finding(hit, doc.file, unit, line, col, end_line, end_col + 1, version))
    malformed: Optional[bool] = None
    for rule in ruleset.python_rules:
        try:
            findings.extend(list(python_function(rule)(doc, ruleset.config, rule) or ()))
        except (TypeError, AttributeError, KeyError, IndexError, ValueError):
            # a structural rule reads the guideline's shape; a value of the wrong type (a
            # mapping as a stage, a list as a seat category) can trip it. On a guideline that
            # does not validate, that rule is left out: validation reports the value itself.
            # On one that validates, it is a bug and stays one.
            if malformed is None:
                malformed = bool(doc.validation_issues())
            if not malformed:
                raise
    for f in findings:
        sp = doc.positions.get(f.path) if f.path else None
        if sp is not None:
            key_lines[f.path] = (sp.key_line if sp.key_line >= 0 else sp.line) + 1
    findings, suppressed = apply_suppressions(findings, find_suppressions(doc.file, doc.text), ruleset, key_lines,
                                               doc.file)
    findings.sort(key=Finding.sort_key)
    return FileResult(doc.file, findings, suppressed)


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
        findings.append(make_finding(hit, file, unit, line, col, end_line, end_col + 1, None))
    findings, suppressed = apply_suppressions(findings, find_suppressions(file, text, markdown=True), ruleset, {}, file)
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
    return RuleSet(load_packs(cfg.packs, cfg), cfg)


# the names these parts had when they lived in this module (tests, other branches, rule packs)
_make_finding = make_finding
_python_function = python_function
_suppressions = find_suppressions
_apply_suppressions = apply_suppressions
_fix_is_safe = fix_is_safe
_build_prefilter = build_prefilter
_Prefilter = HyperscanPrefilter
_fold = fold
_vetoed = vetoed
_model_hits = model_hits

__all__ = ["RuleSet", "FileResult", "Hit", "check_document", "finding_at", "check_prose_text", "check_text",
           "check_text_hits", "load_ruleset", "apply_fixes", "fix_for", "matcher_source", "NAME", "QUOTE", "PROSE",
           "RENAMED", "SUPPRESS", "Suppression"]
