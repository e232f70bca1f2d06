"""Rule packs: reviewers as data (``reviewers/*.yaml``).

A pack::

    pack: language                 # name
    reviewer: language             # default reviewer of its rules
    protected:                     # names and titles never flagged (statutes, cases, organizations)
      - {pattern: 'Prostitution Reform Act(?:\\s+2003)?', kind: statute}
    rules:
      - id: lang.prostitute
        severity: warning          # error | warning | info
        message: "'{match}' is stigmatizing"
        patterns: ["prostitutes?"]  # regular expressions; spaces match any white space
        case_sensitive: false
        fix: {prostitute: sex worker, prostitutes: sex workers}   # safe, unambiguous fixes only
        suggestions: [sex worker]
        rationale: Why the term harms, in a sentence or two.
        sources: [{title: UNAIDS Terminology Guidelines (2015), url: https://...}]
        exceptions: [quotation, use-mention, legal, name, self-identification]
        unless: 'regex'            # sentence-level: a match in such a sentence is not a finding
        fields: [prose, definition]  # kinds of text the rule reads: prose, definition, name, quote
        examples:
          flag: ["Outreach staff met three prostitutes."]
          pass: ["the term 'prostitute'"]
          fix: [{input: "two prostitutes", output: "two sex workers"}]

A rule with ``kind: python`` names a ``function: module:callable``, called as
``function(doc, config, rule)`` with the loaded ``store.Document``, the ``Config`` and the
``Rule``; it yields findings, most simply with ``engine.finding_at(rule, doc, path, ...)``.
Its ``examples`` are documents: YAML text, or patches on the pack's named ``documents:``
(see ``checks/docexamples.py``).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from ..errors import ConfigError
from ..model.finding import SEVERITIES, Source

EXCEPTIONS = {"quotation", "attribution", "use-mention", "distancing-quotes", "legal", "name", "self-identification", "negation",
              "reported-speech", "critique", "exploitation", "law-described", "historical", "question", "polite-request",
              "youth"}
"""The contexts a rule can name (``lic_policy/checks/contexts.py``; examples in
``reviewers/contexts/examples.yaml``)."""
KINDS = {"pattern", "python", "model"}
FIELD_KINDS = {"prose", "name", "quote", "definition"}


@dataclass
class Rule:
    id: str
    reviewer: str
    severity: str
    message: str
    rationale: str
    sources: list[Source]
    pack: str
    kind: str = "pattern"
    patterns: list[str] = field(default_factory=list)
    case_sensitive: bool = False
    fix: dict[str, str] = field(default_factory=dict)
    suggestions: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    unless: Optional[str] = None
    fields: list[str] = field(default_factory=lambda: ["prose", "definition"])
    function: Optional[str] = None
    examples: dict[str, Any] = field(default_factory=dict)
    title: str = ""
    default_severity: str = ""
    needs: Optional[str] = None  # a pattern that must also occur (lexicon macros expanded)
    needs_where: str = "sentence"  # the match's sentence; "before": and the text before it; "lead": its clause's lead
    open_target: bool = False  # the match names no target (zero tolerance, crackdown): the words after it say
    raw: bool = False  # matched against the text as written (invisible characters), not the normalised text
    about_youth: Optional[str] = None  # the rule a match becomes when its sentence is about a young person
    fix_safe: bool = True  # whether `fix --write` applies this rule's fixes (else only `--unsafe-fixes`)
    explain: list = field(default_factory=list)  # [label, regex source] of the lexicon entries it uses
    variants: list = field(default_factory=list)  # [{patterns, needs, where}]: combinations with their own condition
    grammar: bool = False  # its patterns use lexicon macros (the framing grammar): matched without Hyperscan
    model: Optional[str] = None  # kind model: the model file (``learned.Model``), resolved
    module_dir: Optional[str] = None  # kind python: the pack's folder, where its module is looked for last
    pack_file: Optional[str] = None  # kind python: the pack's path, to place an error about its function
    threshold: Optional[float] = None  # kind model: the decision threshold (else the model file's)
    outside: Optional[list] = None  # kind model: word classes that let a sentence without ``needs`` be read
    outside_forms: Optional[list] = None  # kind model: [words, phrases] of those entries (``ClassGate.forms``)
    _unless_re: Any = None
    _needs_re: Any = None
    _outside_gate: Any = False  # kind model: ``learned.ClassGate`` of ``outside`` (None: none), once built
    _explainer: Any = None
    _literals: Any = False  # the required literals (``literals.required_literals``), once derived
    _cached_literals: Any = None  # each combination's required literals, from the pack cache
    _cached_bodies: Any = None  # each combination's ``Variant.body_source``, from the pack cache

    @property
    def unless_re(self):
        if self.unless and self._unless_re is None:
            self._unless_re = _condition(self.unless)
        return self._unless_re

    @property
    def needs_re(self):
        if self.needs and self._needs_re is None:
            self._needs_re = _condition(flexible_spaces(self.needs))
        return self._needs_re

    def why(self, match: str) -> str:
        """Which lexicon entries ``match`` holds, for the message (``{why}``)."""
        if not self.explain:
            return ""
        if self._explainer is None:
            from .lexicons import Explainer

            self._explainer = Explainer([(label, src) for label, src in self.explain])
        return self._explainer.explain(match)

    def body_source(self) -> str:
        """The rule's patterns as one group, without the word boundaries."""
        alts = "|".join(flexible_spaces(p) for p in self.patterns)
        return f"(?i:{alts})" if not self.case_sensitive else f"(?:{alts})"

    def regex_source(self) -> str:
        return f"(?<!\\w){self.body_source()}(?!\\w)"

    def required_literals(self) -> Optional[list]:
        """``literals.required_literals`` of this rule's expression (derived once; kept in the
        pack cache)."""
        if self._literals is False:
            from .literals import required_literals

            self._literals = required_literals(self.regex_source())
        return self._literals


    def matchers(self) -> list["Variant"]:
        """The rule's combinations, each matched on its own: one per ``variants`` entry, or
        one of all its patterns."""
        cached = self._cached_literals or []
        bodies = self._cached_bodies or []
        if not self.variants:
            return [Variant(self, self.patterns, self.needs, self.needs_where, cached[0] if cached else False,
                            body=bodies[0] if bodies else None)]
        return [Variant(self, v["patterns"], v.get("needs"), v.get("where", "sentence"),
                        cached[k] if k < len(cached) else False, v.get("requires", False),
                        bodies[k] if k < len(bodies) else None)
                for k, v in enumerate(self.variants)]


class Variant:
    """One combination of a rule: some of its patterns with their own condition (``needs``:
    a pattern that must also occur in the sentence, or before the match). Everything else
    (id, contexts, fields, ...) is the rule's."""

    __slots__ = ("rule", "patterns", "needs", "needs_where", "_needs_re", "_literals", "requires", "_body")

    def __init__(self, rule: Rule, patterns: list[str], needs: Optional[str] = None, where: str = "sentence",
                 literals: Any = False, requires: Any = False, body: Optional[str] = None):
        self.rule = rule
        self.patterns = patterns
        self.needs = needs
        self.needs_where = where
        self._needs_re = None
        self._literals = literals
        self.requires = requires  # the grammar's: entries and literals needed (False: derive from the regex)
        self._body = body  # body_source, when the pack cache has it

    def __getattr__(self, name: str) -> Any:
        return getattr(self.rule, name)

    @property
    def needs_re(self):
        if self.needs and self._needs_re is None:
            self._needs_re = _condition(flexible_spaces(self.needs))
        return self._needs_re

    def body_source(self) -> str:
        """The combination's patterns as one group, without the word boundaries (kept in the pack
        cache: the grammar's are lexicon-sized, and building them costs a cold check ~10 ms)."""
        if self._body is None:
            alts = "|".join(flexible_spaces(p) for p in self.patterns)
            self._body = f"(?i:{alts})" if not self.rule.case_sensitive else f"(?:{alts})"
        return self._body

    def regex_source(self) -> str:
        return f"(?<!\\w){self.body_source()}(?!\\w)"

    def required_literals(self) -> Optional[list]:
        if self._literals is False:
            if self.requires is not False:
                # the grammar's combinations: entry marks instead of word forms
                self._literals = None if self.requires is None else [frozenset(t) for t in self.requires]
            else:
                from .literals import required_literals

                self._literals = required_literals(self.regex_source())
        return self._literals


def _condition(source: str) -> Any:
    """A rule's ``needs`` or ``unless`` pattern, compiled through the user cache (``recache``)."""
    from .recache import shared

    return shared("conditions").compile(source, re.IGNORECASE)


def flexible_spaces(pattern: str) -> str:
    """A literal space in a pattern matches any run of white space (line breaks in YAML)."""
    pattern = re.sub(r"(?<!\\) \?", r"\\s*", pattern)
    return re.sub(r"(?<!\\) (?![?*+])", r"\\s+", pattern)


@dataclass
class Pack:
    name: str
    path: Path
    rules: list[Rule]
    protected: list[tuple[str, str]]  # (pattern, kind)
    digest: str
    documents: dict[str, str] = field(default_factory=dict)  # named base documents for Python rules' examples
    lexicons: list[str] = field(default_factory=list)  # the lexicon files the pack names (resolved paths)
    entry_words: dict = field(default_factory=dict)  # entry → the words whose presence marks it (``ENTRY_MARK``)


def _need(d: dict, key: str, kind: type, where: str, file: str) -> Any:
    if key not in d:
        raise ConfigError(f"{where}: missing '{key}'", file=file, hint="see reviewers/README.md for the rule format")
    value = d[key]
    if not isinstance(value, kind):
        raise ConfigError(f"{where}: '{key}' must be a {kind.__name__}", file=file,
                          hint="see reviewers/README.md for the rule format")
    return value


def _value_place(positions: dict, path: tuple) -> tuple[Optional[int], Optional[int]]:
    """1-based line and column of the value at ``path`` (``None, None`` when unknown)."""
    sp = positions.get(path)
    return (sp.line + 1, sp.col + 1) if sp is not None else (None, None)


def _key_place(positions: dict, path: tuple) -> tuple[Optional[int], Optional[int]]:
    """1-based line and column of the key of the mapping entry at ``path``."""
    sp = positions.get(path)
    if sp is None:
        return None, None
    if sp.key_line >= 0:
        return sp.key_line + 1, sp.key_col + 1
    return sp.line + 1, sp.col + 1


def _did_you_mean(word: str, known, otherwise: str) -> str:
    import difflib

    close = difflib.get_close_matches(word, sorted(known), n=1)
    return f"did you mean '{close[0]}'?" if close else otherwise


PACK_TOO_LARGE = ("a rule pack is a YAML file of rules, kilobytes in size: split it into several packs, each listed "
                  "under 'packs' in the configuration")


def _rule_id_place(path: Path, rule_id: str) -> tuple[Optional[int], Optional[int]]:
    """Where a pack file gives a rule this id (read again: only an error needs it)."""
    from ..store import read_text
    from ..yamlread import compose

    try:
        data, positions = compose(read_text(Path(path)), str(path))
    except Exception:  # noqa: BLE001 - the place is a courtesy; the error is reported anyway
        return None, None
    for i, r in enumerate(data.get("rules") or [] if isinstance(data, dict) else []):
        if isinstance(r, dict) and r.get("id") == rule_id:
            return _value_place(positions, ("rules", i, "id"))
    return None, None


def rule_id_place(path: Path, rule_id: str) -> tuple[Optional[int], Optional[int]]:
    """(line, column) of a rule's id in its pack file, or (None, None): for an error about the
    rule itself (its Python function) from outside the pack's loading."""
    return _rule_id_place(path, rule_id)


def example_place(path: Path, rule_id: str, kind: str, text: str) -> tuple[Optional[int], Optional[int]]:
    """Where a pack file holds one of a rule's examples (``kind`` flag, pass or fix; for a fix,
    ``text`` is its input), for ``rules test`` to name the place of a failing one."""
    from ..store import read_text
    from ..yamlread import compose

    try:
        data, positions = compose(read_text(Path(path)), str(path))
    except Exception:  # noqa: BLE001 - the place is a courtesy; the failure is reported anyway
        return None, None
    for i, r in enumerate(data.get("rules") or [] if isinstance(data, dict) else []):
        if not isinstance(r, dict) or r.get("id") != rule_id:
            continue
        examples = r.get("examples")
        cases = examples.get(kind) if isinstance(examples, dict) else None
        for j, case in enumerate(cases if isinstance(cases, list) else []):
            if (case.get("input") if isinstance(case, dict) else case) == text:
                return _value_place(positions, ("rules", i, "examples", kind, j))
        return _value_place(positions, ("rules", i, "examples"))
    return None, None


RULE_KEYS = {"id", "reviewer", "severity", "message", "rationale", "sources", "kind", "patterns",
             "case_sensitive", "fix", "suggestions", "exceptions", "unless", "fields", "function", "examples",
             "title", "needs", "open_target", "raw", "about_youth", "fix_safe", "model", "threshold",
             "outside"}


@dataclass
class _PackReading:
    """What reading one rule of a pack needs from the pack around it: the file (for error
    places), its YAML positions, its lexicon entries and files, its name and default
    reviewer, and the store its compiled patterns go to."""

    path: Path
    file: str
    positions: dict
    entries: dict
    lexicon_paths: list
    name: str
    reviewer: str
    store: Any

    def value_error(self, i: int, key: str, message: str, hint: Optional[str] = None) -> ConfigError:
        """An error at the value of rule ``i``'s ``key``."""
        line, col = _value_place(self.positions, ("rules", i, key))
        return ConfigError(message, file=self.file, line=line, column=col, hint=hint)


def load_pack(path: Path) -> Pack:
    """Read and check one rule pack; every problem is a ``ConfigError`` at its place in the
    file. The pack's patterns are compiled into its regular-expression store on the way."""
    from ..store import read_text
    from ..yamlread import compose

    file = str(path)
    text = read_text(path, what="a rule pack (a YAML file)", hint=PACK_TOO_LARGE)
    data, positions = compose(text, file)
    if not isinstance(data, dict):
        raise ConfigError("a rule pack is a mapping with 'pack' and 'rules'", file=file)
    name = _need(data, "pack", str, "pack", file)
    reviewer = data.get("reviewer", name)
    from .recache import RegexStore

    digest = _text_digest(text, path)
    store = RegexStore(digest[:24])  # programs of the compiled patterns, for the engine
    entries, _lexicon_texts, lexicon_paths = _pack_lexicons(data, path, positions)
    protected = _protected(data, file, positions)
    pack = _PackReading(path, file, positions, entries, lexicon_paths, name, reviewer, store)
    rules = []
    seen: set[str] = set()
    rule_list = _need(data, "rules", list, "pack", file)
    i = -1
    try:
        for i, r in enumerate(rule_list):
            rules.append(_read_rule(pack, i, r, seen))
    except ConfigError as exc:
        # point at the rule when the problem has no more precise place (in the pack: a
        # problem of its model file is that file's, and the rule's place is not in it)
        sp = positions.get(("rules", i)) if i >= 0 else None
        if exc.line is None and sp is not None and getattr(exc, "file", file) == file:
            exc.line, exc.column = sp.line + 1, sp.col + 1
        raise
    documents = data.get("documents") or {}
    if not isinstance(documents, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                  for k, v in documents.items()):
        raise ConfigError("'documents' maps names to YAML documents (text)", file=file,
                          hint="documents: {minimal: '...yaml...'}; Python rules' examples patch them")
    store.save()
    return Pack(name, path, rules, protected, digest, dict(documents), lexicon_paths, _entry_words(entries))


def _protected(data: dict, file: str, positions: dict) -> list[tuple[str, str]]:
    """The pack's ``protected`` names: (pattern, kind), each pattern compiled and refused
    when it may backtrack without bound."""
    protected = []
    for i, p in enumerate(data.get("protected") or []):
        if not isinstance(p, dict) or not isinstance(p.get("pattern"), str):
            raise ConfigError(f"protected[{i}] needs a 'pattern'", file=file)
        _compile(p["pattern"], file, positions.get(("protected", i, "pattern")))
        sp = positions.get(("protected", i, "pattern"))
        refuse_backtracking(p["pattern"], file, f"protected[{i}]", sp.line + 1 if sp else None, False)
        protected.append((p["pattern"], str(p.get("kind", "name"))))
    return protected


def _read_rule(pack: _PackReading, i: int, r: Any, seen: set[str]) -> "Rule":
    """Rule ``i`` of the pack, checked in the order a writer meets its problems: its shape and
    keys, id, severity, fix, message, kind, sources, patterns, the model's outside words, and
    last what its kind requires (``_check_rule``)."""
    file = pack.file
    where = f"rules[{i}]"
    if not isinstance(r, dict):
        raise ConfigError(f"{where} must be a mapping", file=file)
    rid = r.get("id")
    if isinstance(rid, str):
        where = f"rule {rid}"
    _refuse_unknown_keys(pack, i, r, where)
    rid = _need(r, "id", str, where, file)
    if rid in seen:
        raise pack.value_error(i, "id", f"{where}: duplicate rule id")
    seen.add(rid)
    severity = _need(r, "severity", str, where, file)
    if severity not in SEVERITIES:
        raise pack.value_error(i, "severity", f"{where}: severity '{severity}' is not error, warning or info",
                               hint=_did_you_mean(severity, SEVERITIES, "severity: error, warning or info"))
    _check_fix_and_message(pack, i, r, where)
    kind = r.get("kind", "pattern")
    if kind not in KINDS:
        raise ConfigError(f"{where}: kind must be pattern, python or model", file=file)
    sources = _sources(r, where, file)
    pats = _rule_patterns(pack, r, where)
    outside, outside_forms = _outside(pack, r, kind, where)
    rule = Rule(
        id=rid, reviewer=str(r.get("reviewer", pack.reviewer)), severity=severity, default_severity=severity,
        message=_need(r, "message", str, where, file), rationale=_need(r, "rationale", str, where, file),
        sources=sources, pack=pack.name, kind=kind, title=str(r.get("title", "")),
        patterns=pats.patterns, case_sensitive=bool(r.get("case_sensitive", False)),
        fix={str(k): str(v) for k, v in (r.get("fix") or {}).items()},
        suggestions=[str(s) for s in r.get("suggestions") or []],
        exceptions=[str(e) for e in r.get("exceptions") or []], unless=pats.unless,
        fields=[str(f) for f in r.get("fields") or ["prose", "definition"]], function=r.get("function"),
        examples=r.get("examples") or {}, needs=pats.needs, needs_where=pats.needs_where,
        open_target=bool(r.get("open_target", False)), raw=bool(r.get("raw", False)),
        about_youth=r.get("about_youth"), fix_safe=bool(r.get("fix_safe", True)), explain=pats.explain,
        variants=pats.variants, grammar=pats.grammar, outside=outside, outside_forms=outside_forms,
    )
    if kind == "model":
        _model_rule(rule, r, pack.path, where, file, pack.lexicon_paths)
    if kind == "python":
        rule.module_dir, rule.pack_file = str(Path(pack.path).parent), str(pack.path)
    _check_rule(pack, rule, where)
    _refuse_fixes_that_write_unseen_characters(pack, i, rule, where)
    if kind == "pattern":
        _refuse_fixes_found_again(pack, i, rule, where)
    return rule


def _refuse_unknown_keys(pack: _PackReading, i: int, r: dict, where: str) -> None:
    """The first unknown key of rule ``i``, at its own place, with the key it nearly is."""
    unknown = sorted(str(k) for k in set(r) - RULE_KEYS)
    if unknown:
        line, col = _key_place(pack.positions, ("rules", i, unknown[0]))
        raise ConfigError(f"{where}: unknown key '{unknown[0]}'"
                          + (f" (also: {', '.join(unknown[1:])})" if unknown[1:] else ""),
                          file=pack.file, line=line, column=col,
                          hint=_did_you_mean(unknown[0], RULE_KEYS, "see reviewers/README.md for the rule format"))


def _check_fix_and_message(pack: _PackReading, i: int, r: dict, where: str) -> None:
    """A ``fix`` maps each word to one replacement text; a ``message`` knows only the
    ``{match}`` and ``{why}`` placeholders."""
    fix_map = r.get("fix")
    if fix_map is not None and (not isinstance(fix_map, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip()
            for k, v in fix_map.items())):
        # a list or a mapping to a list was written into documents as "['a', 'b']"
        raise pack.value_error(i, "fix", f"{where}: 'fix' maps each word found to the one text that replaces it",
                               hint="fix: {prostitutes: sex workers}; several possible rewrites go under "
                                    "'suggestions', for a person to choose")
    message = r.get("message")
    if isinstance(message, str):
        for ph in re.findall(r"\{[^{}]*\}", message):
            if ph not in ("{match}", "{why}"):
                raise pack.value_error(i, "message", f"{where}: unknown placeholder '{ph}' in the message",
                                       hint="'{match}' is replaced by the words found")


def _sources(r: dict, where: str, file: str) -> list[Source]:
    """The rule's sources: at least one, each with a title."""
    sources = []
    for s in _need(r, "sources", list, where, file):
        if not isinstance(s, dict) or not s.get("title"):
            raise ConfigError(f"{where}: every source needs a title (and a url where there is one)", file=file)
        sources.append(Source(str(s["title"]), str(s.get("url", ""))))
    if not sources:
        raise ConfigError(f"{where}: every rule names at least one source", file=file)
    return sources


@dataclass
class _RulePatterns:
    """A rule's patterns as the engine reads them: lexicon entries (``@name``) expanded, the
    pattern groups as variants with their own conditions, and what the explanation names."""

    patterns: list[str]
    needs: Optional[str]
    needs_where: str
    unless: Any
    variants: list[dict]
    explain: list
    grammar: bool


def _rule_patterns(pack: _PackReading, r: dict, where: str) -> _RulePatterns:
    """Read the rule's ``patterns`` (plain, and groups with their own ``needs``/``where``),
    ``needs`` and ``unless``, expanding the pack's lexicon entries in each."""
    file, entries = pack.file, pack.entries
    raw_patterns = r.get("patterns") or []
    variants_in: list[dict] = []
    plain: list[str] = []
    for p in raw_patterns if isinstance(raw_patterns, list) else []:
        if isinstance(p, dict):
            pats = p.get("patterns", [p["pattern"]] if "pattern" in p else [])
            if not pats or not all(isinstance(x, str) for x in pats):
                raise ConfigError(f"{where}: a pattern group needs 'patterns' (a list) or 'pattern'", file=file,
                                  hint="patterns: ['...', {patterns: ['...'], needs: '...'}]")
            if p.get("where", "sentence") not in ("sentence", "before", "lead"):
                raise ConfigError(f"{where}: 'where' must be 'sentence', 'before' or 'lead'", file=file)
            variants_in.append({"patterns": [str(x) for x in pats], "needs": p.get("needs"),
                                "where": str(p.get("where", "sentence"))})
        else:
            plain.append(str(p))
    patterns = plain + [x for v in variants_in for x in v["patterns"]]
    needs = r.get("needs")
    needs_where = "sentence"
    if isinstance(needs, dict):
        needs_where = str(needs.get("where", "sentence"))
        needs = needs.get("pattern")
        if needs_where not in ("sentence", "before", "lead"):
            raise ConfigError(f"{where}: needs.where must be 'sentence', 'before' or 'lead'", file=file)
    if needs is not None and not isinstance(needs, str):
        raise ConfigError(f"{where}: 'needs' is a pattern, or {{pattern: ..., where: sentence|before}}",
                          file=file)
    explain = []
    grammar = False
    if entries:
        from .lexicons import entries_used, expand

        explain = [[entries[n].label, entries[n].source()]
                   for n in entries_used(patterns) if n in entries and entries[n].explain]
        grammar = True  # a rule of a pack with lexicons: the grammar's
        patterns = [expand(p, entries, where=where, file=file) for p in patterns]
        if needs:
            needs = expand(needs, entries, where=where, file=file)
        for v in variants_in:
            v["requires"] = _entry_requirement(v["patterns"], entries)
            v["patterns"] = [expand(p, entries, where=where, file=file) for p in v["patterns"]]
            if v["needs"]:
                v["needs"] = expand(str(v["needs"]), entries, where=where, file=file)
    if variants_in or entries:
        # the plain patterns form one more combination, with the rule's own condition
        plain_x = patterns[:len(plain)]
        first = {"patterns": plain_x, "needs": needs, "where": needs_where}
        if entries:
            first["requires"] = _entry_requirement(plain, entries)
        variants = ([first] if plain_x else []) + variants_in
    else:
        variants = []
    unless = r.get("unless")
    if isinstance(unless, str) and entries:
        unless = expand(unless, entries, where=where, file=file)
    return _RulePatterns(patterns, needs, needs_where, unless, variants, explain, grammar)


def _outside(pack: _PackReading, r: dict, kind: str, where: str) -> tuple[Optional[list[str]], Optional[list]]:
    """A model rule's ``outside`` lexicon entries and the word forms they gate on (None, None
    when the rule has none)."""
    outside = r.get("outside")
    if outside is None:
        return None, None
    file, entries = pack.file, pack.entries
    if kind != "model" or not isinstance(outside, list) or not outside \
            or not all(isinstance(x, str) for x in outside):
        raise ConfigError(f"{where}: 'outside' is a list of the pack's lexicon entries, and only a model "
                          "rule has one", file=file,
                          hint="outside: [enforce_noun, frame_verb] (sentences without 'needs' holding "
                               "their words are read at the model's outside_threshold)")
    unknown = [x for x in outside if x not in entries]
    if unknown:
        raise ConfigError(f"{where}: 'outside' names unknown lexicon entries: {', '.join(unknown)}",
                          file=file, hint="known: " + (", ".join(sorted(entries)) or "none (add 'lexicons:')"))
    from .learned import ClassGate

    return [str(x) for x in outside], list(ClassGate.forms(entries, outside))


def _check_rule(pack: _PackReading, rule: "Rule", where: str) -> None:
    """What every rule needs (known exceptions and fields) and what its kind needs: examples
    of both kinds; a pattern rule's patterns compiled (into the pack's store, as the engine
    will match them) and refused when they may backtrack without bound; a Python rule's
    function."""
    file = pack.file
    bad = set(rule.exceptions) - EXCEPTIONS
    if bad:
        raise ConfigError(f"{where}: unknown exception(s) {', '.join(sorted(bad))}", file=file,
                          hint="known: " + ", ".join(sorted(EXCEPTIONS)))
    if set(rule.fields) - FIELD_KINDS:
        raise ConfigError(f"{where}: fields must be among prose, definition, name, quote", file=file)
    if rule.kind == "model":
        if not rule.examples.get("flag") or not rule.examples.get("pass"):
            raise ConfigError(f"{where}: needs examples that must flag and examples that must pass", file=file)
    elif rule.kind == "pattern":
        if not rule.patterns:
            raise ConfigError(f"{where}: a pattern rule needs 'patterns'", file=file)
        if not rule.grammar:
            for p in rule.patterns:
                _compile(p, file, None, where)
                refuse_backtracking(p, file, where, case_sensitive=rule.case_sensitive)
        for v in rule.matchers():
            # compiled as the engine will match it, through the regular-expression
            # store (the engine then finds the program ready)
            _compile(v.body_source() + "(?!\\w)", file, None, where, pack.store)
            if v.needs:
                _compile(flexible_spaces(v.needs), file, None, where)
        if rule.unless:
            _compile(rule.unless, file, None, where)
            refuse_backtracking(rule.unless, file, where, case_sensitive=False)
        if rule.needs:
            _compile(flexible_spaces(rule.needs), file, None, where)
        if not rule.examples.get("flag") or not rule.examples.get("pass"):
            raise ConfigError(f"{where}: needs examples that must flag and examples that must pass", file=file)
    else:
        if not rule.function or ":" not in rule.function:
            raise ConfigError(f"{where}: a python rule needs 'function: module:callable'", file=file,
                              hint="e.g. function: lic_policy.checks.structure:my_check")
        if not rule.examples.get("flag") or not rule.examples.get("pass"):
            raise ConfigError(f"{where}: needs example documents that must flag and that must pass", file=file,
                              hint="see lic_policy/checks/docexamples.py for the example format")


SHIPPED_MODEL_HINT = ("the model ships with lic-policy: reinstall lic-policy (in a source checkout, `make model` "
                      "rebuilds it)")
"""What to do about a shipped model file that is missing or damaged (ux25: the hint said to build
it with `lic-policy rules train`, which needs a training corpus no installation has)."""


def _shipped(model: Path) -> bool:
    """Whether ``model`` is one of lic-policy's own (in the shipped ``reviewers`` folder)."""
    from ..resources import data_dir

    try:
        return Path(os.path.realpath(model)).is_relative_to(os.path.realpath(data_dir("reviewers")))
    except (OSError, ValueError):
        return False


def _model_rule(rule: "Rule", r: dict, path: Path, where: str, file: str, depends: list[str]) -> None:
    """Resolve and read a ``kind: model`` rule's model file (relative to the pack); the pack
    cache then checks its hash like a lexicon's."""
    name = r.get("model")
    if not isinstance(name, str) or not name:
        raise ConfigError(f"{where}: a model rule needs 'model: <file>' (relative to the pack)", file=file,
                          hint="model: models/framing.json (built by `lic-policy rules train`)")
    mp = (path.parent / name)
    shipped = _shipped(mp)
    if not mp.is_file():
        raise ConfigError(f"{where}: model file '{name}' not found", file=file,
                          hint=SHIPPED_MODEL_HINT if shipped else
                          "paths are relative to the pack file; build it with `lic-policy rules train`")
    from .learned import load
    from .span_model import is_span_model, load as load_span

    try:
        (load_span if is_span_model(mp) else load)(mp)  # a damaged file is reported now, as a pack error
    except ConfigError as exc:
        if shipped:
            exc.hint = SHIPPED_MODEL_HINT
        raise
    rule.model = str(mp)
    th = r.get("threshold")
    if th is not None:
        if isinstance(th, bool) or not isinstance(th, (int, float)) or not 0 < th < 1:
            raise ConfigError(f"{where}: threshold must be a number between 0 and 1", file=file)
        rule.threshold = float(th)
    if not rule.needs:
        raise ConfigError(f"{where}: a model rule needs 'needs': the pattern a sentence must hold to be read",
                          file=file, hint="needs: '{@topic}'")
    depends.append(str(mp))


def _entry_words(entries: dict) -> dict[str, list[str]]:
    """For each word-list entry, the words whose presence in a text means the entry may
    occur: of each form, its longest word (a form's words can be joined by any white space or
    a hyphen, so the whole form is not a safe literal)."""
    out: dict[str, list[str]] = {}
    for name, entry in entries.items():
        if entry.regex is not None:
            continue
        words = set()
        for form in entry.of("all"):
            parts = [w for w in re.split(r"[^\w]+", form.lower()) if w]
            if parts:
                words.add(max(parts, key=len))
        out[name] = sorted(words)
    return out


ENTRY_MARK = "@"
"""Literals that begin with this name a lexicon entry ("@target_people"): a unit holds one
when any word of the entry occurs in it (``RuleSet`` finds them with one automaton)."""


def _entry_requirement(patterns: list[str], entries: dict) -> Optional[list]:
    """What a combination of the grammar needs to be present before its expression is worth
    running, as ``literals.required_literals`` gives it (a list of alternatives, each a set
    of literals), with lexicon entries as single literals (``@name``) instead of their
    hundreds of word forms: each ``{@entry}`` becomes a placeholder word, the requirement is
    derived from the small pattern left, and placeholders become entry marks. Pieces of
    pattern (``pos: regex``) require nothing."""
    from .lexicons import MACRO
    from .literals import required_literals

    names: list[str] = []

    def placeholder(m: re.Match) -> str:
        entry = entries.get(m.group(1))
        if entry is None or entry.regex is not None:
            return "(?:)"
        if m.group(1) not in names:
            names.append(m.group(1))
        return f"qzx{names.index(m.group(1))}xzq"

    # each pattern on its own, and their requirements side by side (joined into one
    # alternation, a large union would be weakened to one literal per term)
    req: list = []
    for p in patterns:
        got = required_literals(f"(?<!\\w)(?:{flexible_spaces(MACRO.sub(placeholder, p))})(?!\\w)")
        if got is None:
            return None
        req.extend(got)
    out = []
    for term in req:
        mapped = set()
        for lit in term:
            m = re.fullmatch(r"qzx(\d+)xzq", lit)
            if m:
                mapped.add(ENTRY_MARK + names[int(m.group(1))])
            elif "qzx" not in lit and "xzq" not in lit:
                mapped.add(lit)
        if not mapped:
            return None  # an alternative needs nothing we can look for
        out.append(sorted(mapped))
    return out


def _text_digest(text: str, path: Path) -> str:
    """The pack's digest: its text and the texts of the lexicons it names (``lexicons: [...]``;
    the pack cache checks the lexicon files' hashes on its own)."""
    digest = hashlib.sha256(text.encode())
    models = [path.parent / m.strip("'\"") for m in re.findall(r"(?m)^\s+model:\s*(\S+)\s*$", text)]
    for lex in [*_lexicon_files(text, path), *models]:
        try:
            digest.update(lex.read_bytes())
        except OSError:
            pass
    return digest.hexdigest()


def _lexicon_files(text: str, path: Path) -> list[Path]:
    m = re.search(r"(?m)^lexicons:\s*\[([^\]]*)\]", text)
    if not m:
        return []
    return [path.parent / n.strip().strip("'\"") for n in m.group(1).split(",") if n.strip()]


def _pack_lexicons(data: dict, path: Path, positions: dict) -> tuple[dict, list[str], list[str]]:
    """The lexicon entries a pack names (``lexicons: [lexicons/framing.yaml]``, relative to
    the pack), merged, with the files' texts (for the pack's digest)."""
    names = data.get("lexicons") or []
    file = str(path)
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ConfigError("'lexicons' is a list of lexicon files, relative to the pack", file=file,
                          hint="lexicons: [lexicons/framing.yaml]")
    from .lexicons import load_lexicon

    entries: dict = {}
    texts: list[str] = []
    resolved: list[str] = []
    for n in names:
        lp = (path.parent / n)
        if not lp.is_file():
            sp = positions.get(("lexicons",))
            raise ConfigError(f"lexicon file '{n}' not found", file=file, line=sp.line + 1 if sp else None,
                              hint="paths are relative to the pack file")
        _name, got, text = load_lexicon(lp)
        for k, v in got.items():
            if k in entries:
                raise ConfigError(f"lexicon entry '{k}' is defined twice", file=str(lp),
                                  hint="give every entry of the pack's lexicons its own name")
            entries[k] = v
        texts.append(text)
        resolved.append(str(lp.resolve()))
    return entries, texts, resolved


# what a fix must not write into a document: control characters (C0, DEL, C1; a tab too: a
# replacement is words), line breaks of every kind, the byte-order mark and the direction controls
# (embeddings, overrides, isolates, marks)
_FIX_UNSEEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def _refuse_fixes_that_write_unseen_characters(pack: _PackReading, i: int, rule: "Rule", where: str) -> None:
    """Refuse a fix whose replacement holds a character no one sees or that breaks the line
    (``drop-in: "\\0"``, ``"\\e[2J…"``, ``"\\u202E…"``, ``"peer\\nspace"``): `fix --write` wrote it
    into every document — a Markdown file then refused as binary, a guideline `validate`
    refused, a line of Markdown (a list item, a heading) split in two."""
    for word, replacement in (rule.fix or {}).items():
        m = _FIX_UNSEEN.search(replacement)
        if m is None:
            continue
        c = ord(m.group())
        what = ("a line break" if c in (0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029)
                else "a control character" if c < 0xA0 else "a byte-order mark" if c == 0xFEFF
                else "a text direction control")
        line, col = _value_place(pack.positions, ("rules", i, "fix", word))
        raise ConfigError(f"{where}: the fix for '{word}' holds {what} (U+{c:04X}), which `lic-policy fix "
                          "--write` would write into the documents", file=pack.file, line=line, column=col,
                          hint="write the replacement as plain words on one line, without escapes such as \\n, "
                               "\\0, \\e or \\u202E")


def _refuse_fixes_found_again(pack: _PackReading, i: int, rule: "Rule", where: str) -> None:
    """Refuse a fix whose replacement the rule finds and fixes again (``sex workers: sex
    workers (people who sell sex)``, ``outreach: outreach outreach``): each `fix --write`, and
    each "fix all" in an editor, applied it once more, so the text grew at every run. The
    replacement is read by the rule's own expressions, as the engine reads text."""
    if not rule.fix:
        return
    from .engine import matcher_source
    from .replacements import fix_for

    compiled = [pack.store.compile(matcher_source(v.body_source() + "(?!\\w)")) for v in rule.matchers()]
    for word, replacement in rule.fix.items():
        for rx in compiled:
            m = next((m for m in rx.finditer(replacement) if m.end() > m.start()
                      and fix_for(rule, m.group()) is not None), None)
            if m is None:
                continue
            line, col = _value_place(pack.positions, ("rules", i, "fix", word))
            raise ConfigError(f"{where}: the fix '{word}' → '{replacement}' holds '{m.group()}', which the rule "
                              "finds and fixes again: each `lic-policy fix --write` would apply it once more",
                              file=pack.file, line=line, column=col,
                              hint="write a replacement the rule's patterns do not find, or put the longer wording "
                                   "under 'suggestions'") from None


def _compile(pattern: str, file: str, sp: Any, where: str = "pattern", store: Any = None) -> None:
    try:
        if store is not None:
            from .engine import matcher_source

            store.compile(matcher_source(pattern))
        else:
            re.compile(pattern)
    except re.error as exc:
        raise ConfigError(f"{where}: invalid regular expression {pattern!r}: {exc}", file=file,
                          line=sp.line + 1 if sp else None, hint="fix the pattern") from None


def _pack_missing(path: Path, config: Any) -> ConfigError:
    """A pack of ``packs:`` that is not there (or is no file): at its entry in the configuration
    (ux25: the error was at the missing file, `/abs/policy/local-rules.yaml: error: rule pack not
    found`, which said neither which configuration named it nor where, and GitHub put its
    annotation on a file no pull request holds)."""
    there = path.exists()  # a folder, a pipe or a device is there, not missing
    entry = getattr(config, "pack_entries", {}).get(str(path)) if config is not None else None
    if entry is None or config.path is None:
        return ConfigError("not a regular file (a rule pack is a YAML file)" if there else "rule pack not found",
                           file=str(path), hint="check 'packs' in the configuration")
    written, line, column = entry
    what = f"rule pack {written!r} " + (f"is not a regular file: {path} is there (a rule pack is a YAML file)" if there
                                       else f"not found: there is no {path}" + _near(path))
    return ConfigError(what, file=str(config.path), line=line, column=column,
                       hint=f"paths in packs are read from the folder of {Path(config.path).name}: "
                            "correct the path, or remove the entry")


def _near(path: Path) -> str:
    """"; there is 'règles.yaml', whose name is the same letters in another Unicode form" for a
    pack named in the configuration in one Unicode form and saved in another (a Mac's), as
    `validate` says of such a name on the command line (hostile30), or ''."""
    from ..store import near_name

    return near_name(str(path))


def builtin_pack_paths() -> list[Path]:
    from ..resources import data_dir

    return sorted(data_dir("reviewers").glob("*.yaml"))


def load_packs(extra: list[Path] | None = None, config: Any = None) -> list[Pack]:
    """The shipped packs and ``extra`` (``packs:`` of ``config``, the ``Config`` they came from:
    a pack that is missing is reported at its entry there)."""
    paths = builtin_pack_paths()
    for path in extra or []:
        if not Path(path).is_file():
            raise _pack_missing(Path(path), config)
        paths.append(Path(path))
    packs = _load_cached(paths)
    names: set[str] = set()
    for pack in packs:
        if pack.name in names:
            raise ConfigError(f"a pack named '{pack.name}' is already loaded", file=str(pack.path),
                              hint="give the pack another 'pack:' name")
        names.add(pack.name)
    ids: set[str] = set()
    for pack in packs:
        for rule in pack.rules:
            if rule.id in ids:
                line, col = _rule_id_place(pack.path, rule.id)
                raise ConfigError(f"rule id '{rule.id}' is defined twice", file=str(pack.path),
                                  line=line, column=col,
                                  hint="rule ids are unique across packs: give this rule another id")
            ids.add(rule.id)
    return packs


# --------------------------------------------------------------------------- pack cache
#
# Loading a pack parses its YAML, compiles every pattern to check it and derives each rule's
# required literals: about 90 ms for the bundled packs, on every run. The result depends only
# on the pack's bytes and on this code, so it is kept in the user's cache folder (``usercache``,
# next to the Hyperscan databases), one entry per pack keyed by both; a run whose packs and code
# are unchanged reads them in a few milliseconds. One entry per pack, not per set of packs: a
# configuration that adds a pack of its own (or edits it) compiles only that pack, not the
# bundled ones again (about 0.7 s of CPU each time).

_CACHE_FORMAT = "8"
_RULE_FIELDS = ("id", "reviewer", "severity", "message", "rationale", "pack", "kind", "patterns", "case_sensitive",
                "fix", "suggestions", "exceptions", "unless", "fields", "function", "examples", "title",
                "default_severity", "needs", "needs_where", "open_target", "raw", "about_youth", "fix_safe", "explain",
                "variants", "grammar", "model", "threshold", "outside", "outside_forms")
_TAGS = ("$date", "$datetime")


_CACHE_KEEP = 40
"""Pack entries kept: the bundled packs and the packs of several configurations in use."""


def _code_key() -> Any:
    from .. import __version__

    h = hashlib.sha256(f"{_CACHE_FORMAT}:{__version__}".encode())
    here = Path(__file__)
    for code in (here, here.with_name("literals.py"), here.with_name("lexicons.py")):  # what loading and deriving do
        h.update(code.read_bytes())
    return h


def _cache_key(code: Any, path: Path, raw: bytes) -> str:
    """The key of one pack's entry: this code (``_code_key``), the pack's path and bytes."""
    h = code.copy()
    h.update(str(path.resolve()).encode() + b"\0" + hashlib.sha256(raw).digest())
    return h.hexdigest()


def _load_cached(paths: list[Path]) -> list[Pack]:
    from ..store import read_bytes

    try:
        code = _code_key()
    except Exception:  # noqa: BLE001 - this code unreadable: no cache
        return [load_pack(p) for p in paths]
    packs = []
    for p in paths:  # in order, so the first pack that cannot be loaded is the one reported
        try:
            name = f"packs-{_cache_key(code, p, read_bytes(p))[:32]}.bin"
        except Exception:  # noqa: BLE001 - unreadable: load_pack reports it as it always did
            packs.append(load_pack(p))  # (the packs before it came from the cache: an 11 MB
            continue  # pack was refused after 7 s of compiling the bundled ones, now at once)
        packs.append(_load_one(p, name))
    return packs


_IN_PROCESS: dict[str, tuple[Pack, dict[str, str]]] = {}
"""Packs already loaded by this process, by cache entry name (which holds the pack's path and
bytes and this code), with the hashes of their lexicon and model files: a process that loads
the packs again (each `lic-policy` command run in-process, the language server and the review
room per configuration, the test suite: hundreds of times) gets the same ``Pack`` back instead
of unpacking the cache entry again (about a third of a repeated in-process check of the sample;
BENCHMARKS.md, "round 5"). Packs and their rules are never changed once loaded (``RuleSet``
copies a rule whose severity the configuration changes)."""


def _load_one(path: Path, name: str) -> Pack:
    from .. import usercache

    kept = _IN_PROCESS.get(name)
    if kept is not None and all(_file_hash(lp) == digest for lp, digest in kept[1].items()):
        return kept[0]
    pack = None
    cached = usercache.read(name)
    if cached is not None:
        try:
            pack = _from_cache(cached, [path])[0]
        except Exception:  # noqa: BLE001 - stale or damaged: load and save again
            pass
    if pack is None:
        pack = load_pack(path)
        try:
            data = _to_cache([pack])
        except (TypeError, ValueError):  # a value the cache cannot hold: no cache for this pack
            return pack
        usercache.write(name, data, keep=_CACHE_KEEP)
        # kept as the next run reads it: with each combination's literals and body already
        # derived (a pack just loaded derives them again for every rule set)
        pack = _from_cache(data, [path])[0]
    if len(_IN_PROCESS) > _CACHE_KEEP:
        _IN_PROCESS.clear()
    _IN_PROCESS[name] = (pack, {lp: _file_hash(lp) for lp in pack.lexicons})
    return pack


def _lits_json(lits: Optional[list]) -> Optional[list]:
    return None if lits is None else [sorted(term) for term in lits]


_HASHED: dict[str, tuple[tuple, str]] = {}
"""Digests of lexicon and model files this process has read, by path, with the file's stat
(modification and change time in nanoseconds, size, inode): a file whose stat is unchanged is
not read and hashed again. The model is 1.7 MB: hashing it was 1.2 ms of a 2.6 ms repeated
``load_ruleset`` (2,270 loads in `make test`, and every load of the language server and the
review room) and about 1 ms of each extra hash in a cold check (tests10, BENCHMARKS.md)."""


def _file_hash(path: str) -> str:
    try:
        st = os.stat(path)
        key = (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)
        kept = _HASHED.get(path)
        if kept is not None and kept[0] == key:
            return kept[1]
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""
    _HASHED[path] = (key, digest)
    return digest


def hashed_earlier(path: str) -> Optional[str]:
    """The digest ``_file_hash`` took of ``path`` earlier in this process, while the file's stat
    is still the one it had then; None otherwise (nothing is read). ``learned.load`` names the
    model's cache entry with it: a cold check hashes the 1.8 MB model once (the pack cache's
    check of its lexicons and model), not again to load it (2.4 ms; BENCHMARKS.md, "speed16")."""
    kept = _HASHED.get(path)
    if kept is None:
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    return kept[1] if kept[0] == (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino) else None


def _encode(value: Any) -> Any:
    import datetime as dt

    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    raise TypeError(f"{type(value).__name__} is not cached")


def _decode(d: dict) -> Any:
    if len(d) == 1:
        import datetime as dt

        if "$date" in d:
            return dt.date.fromisoformat(d["$date"])
        if "$datetime" in d:
            return dt.datetime.fromisoformat(d["$datetime"])
    return d


def _tagged(value: Any) -> bool:
    """Whether ``value`` holds a mapping that decoding would read as a date."""
    if isinstance(value, dict):
        return any(k in _TAGS for k in value) or any(_tagged(v) for v in value.values())
    if isinstance(value, list):
        return any(_tagged(v) for v in value)
    return False


def _to_cache(packs: list[Pack]) -> bytes:
    """The loaded packs as ``marshal`` data (a few milliseconds to read back; the grammar's
    expanded patterns make JSON several times slower). Rule examples, which can hold dates,
    travel as JSON text inside it."""
    import json
    import marshal

    out = []
    for pack in packs:
        rules = []
        for r in pack.rules:
            if _tagged(r.examples):
                raise ValueError("an example looks like a cached date")
            d = {f: getattr(r, f) for f in _RULE_FIELDS}
            d["examples"] = json.dumps(r.examples, ensure_ascii=False, default=_encode)
            d["sources"] = [[s.title, s.url] for s in r.sources]
            if r.kind == "pattern":
                d["literals"] = [_lits_json(v.required_literals()) for v in r.matchers()]
                d["bodies"] = [v.body_source() for v in r.matchers()]
            else:
                d["literals"] = d["bodies"] = None
            rules.append(d)
        out.append({"name": pack.name, "path": str(pack.path), "digest": pack.digest, "documents": pack.documents,
                    "protected": [list(p) for p in pack.protected], "rules": rules,
                    "lexicons": {lp: _file_hash(lp) for lp in pack.lexicons}, "entry_words": pack.entry_words})
    return marshal.dumps({"format": _CACHE_FORMAT, "packs": out})


def _from_cache(raw: bytes, paths: list[Path]) -> list[Pack]:
    import json
    import marshal

    data = marshal.loads(raw)
    if data.get("format") != _CACHE_FORMAT:
        raise ValueError("another cache format")
    packs = []
    for path, p in zip(paths, data["packs"], strict=True):
        rules = []
        for d in p["rules"]:
            lits = d.pop("literals")
            bodies = d.pop("bodies")
            d["examples"] = json.loads(d["examples"], object_hook=_decode)
            sources = [Source(t, u) for t, u in d.pop("sources")]
            rule = Rule(sources=sources, **d)
            if rule.kind == "pattern":
                rule._cached_literals = [None if x is None else [frozenset(term) for term in x] for x in lits]
                rule._cached_bodies = bodies
            elif rule.kind == "python":  # where this pack is now (the same bytes can sit elsewhere)
                rule.module_dir, rule.pack_file = str(Path(path).parent), str(path)
            rules.append(rule)
        for lp, digest in p["lexicons"].items():
            if _file_hash(lp) != digest:  # a lexicon changed: load the packs again
                raise ValueError(f"lexicon {lp} changed")
        packs.append(Pack(p["name"], path, rules, [tuple(x) for x in p["protected"]], p["digest"],
                          p["documents"], list(p["lexicons"]), p.get("entry_words", {})))
    return packs


# --------------------------------------------------------------------------- catastrophic backtracking
#
# Python's regular expressions backtrack: a repeated group whose body can match the same text
# in more than one way (``(a|aa)+b``, ``(a+)+b``, ``(\w+\s?)+$``) takes exponential time on a
# line that almost matches (20 s for 30 characters). Rule packs from users are input too, so
# every pattern is checked when its pack is loaded, on the parse tree Python's own ``re``
# compiler uses, and a risky one is refused in one line with the place.

_RISKY_REPEAT = 10  # a repeat that may run more often than this is "unbounded" here
_ADJACENT_REPEATS = 4  # unbounded repeats in a row that may share characters (\w*\w*\w*\w*)


def backtracking_risk(pattern: str, flags: int = 0) -> Optional[str]:
    """Why ``pattern`` may backtrack catastrophically, or None. Conservative: a repeat that
    may run more than ``_RISKY_REPEAT`` times must not contain another such repeat nor a
    choice between alternatives that can start with the same character (with the first
    characters told apart, each repetition matches in one way only)."""
    try:
        from re import _parser as sre_parse  # type: ignore[attr-defined]
        from re import _constants as C  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - Python < 3.11
        import sre_constants as C  # type: ignore[no-redef]
        import sre_parse  # type: ignore[no-redef]
    try:
        tree = sre_parse.parse(pattern, flags)
    except Exception:  # noqa: BLE001 - an invalid pattern is reported by _compile
        return None
    return _ParseTreeRisk(C, bool((tree.state.flags | flags) & re.IGNORECASE)).walk(tree)


class _ParseTreeRisk:
    """Reads a parse tree of Python's ``re`` compiler (``C`` is its constants module) for the
    shapes that backtrack catastrophically."""

    def __init__(self, C, ignore_case: bool) -> None:  # noqa: N803 - the re module's own name
        self.C = C
        self.ignore_case = ignore_case
        self.repeats = (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None))

    @staticmethod
    def items(node):
        return node.data if hasattr(node, "data") else node

    def is_repeat(self, op) -> bool:
        return op in self.repeats and op is not None

    def unbounded(self, av) -> bool:
        return av[1] == self.C.MAXREPEAT or av[1] > _RISKY_REPEAT

    def first(self, node) -> Optional[set]:
        """The characters the sub-pattern can start with (None: any, or not worked out)."""
        C = self.C
        out: set = set()
        for op, av in self.items(node):
            if op is C.LITERAL:
                ch = chr(av)
                return out | ({ch.lower(), ch.upper()} if self.ignore_case else {ch})
            if op is C.IN:
                chars = self.class_chars(av)
                return None if chars is None else out | chars
            if op is C.SUBPATTERN:
                sub = self.first(av[-1])
                return None if sub is None else out | sub
            if op is C.BRANCH:
                subs = [self.first(b) for b in av[1]]
                if any(s is None for s in subs):
                    return None
                return out.union(*subs)
            if self.is_repeat(op):
                sub = self.first(av[2])
                if sub is None:
                    return None
                out |= sub
                if av[0] == 0:
                    continue  # optional: what follows may start the match too
                return out
            if op in (C.AT,):
                continue
            return None
        return out

    def class_chars(self, av) -> Optional[set]:
        """The characters of a ``[...]`` class (None: classes such as \\w or \\s, negations)."""
        C = self.C
        chars = set()
        for iop, iav in av:
            if iop is C.LITERAL:
                chars.add(chr(iav))
            elif iop is C.RANGE and iav[1] - iav[0] < 256:
                chars.update(chr(c) for c in range(iav[0], iav[1] + 1))
            else:
                return None
        if self.ignore_case:
            chars |= {c.lower() for c in chars} | {c.upper() for c in chars}
        return chars

    def inner_risk(self, node) -> Optional[str]:
        """Inside an unbounded repeat: another one, or overlapping alternatives."""
        C = self.C
        for op, av in self.items(node):
            if self.is_repeat(op):
                # a{1,5} inside (...)+ splits a run of a's in as many ways as a+ does: only a
                # repeat of a fixed count ((?:ab){2}) or an optional part (b?) matches one way
                if self.unbounded(av) or av[1] > 1 and (av[0] != av[1] or self.has_repeat(av[2])):
                    return "a repeated group holds another repeat"
                found = self.inner_risk(av[2])
            elif op is C.SUBPATTERN:
                found = self.inner_risk(av[-1])
            elif op is C.BRANCH:
                found = self.branch_risk(av[1])
            elif op is C.GROUPREF_EXISTS:
                # (?(1)yes|no): either branch may be taken at each repetition
                found = self.branch_risk([b for b in av[1:] if b is not None]) if av[2] is not None \
                    else self.inner_risk(av[1])
            else:
                continue
            if found:
                return found
        return None

    def branch_risk(self, branches) -> Optional[str]:
        """Alternatives inside an unbounded repeat: each must start with characters no other
        one starts with, and hold no risk of its own."""
        starts = [self.first(b) for b in branches]
        if any(s is None for s in starts):
            return "a repeated group chooses between alternatives that may start alike"
        seen: set = set()
        for s in starts:
            if s & seen or not s:
                return "a repeated group chooses between alternatives that start alike"
            seen |= s
        for b in branches:
            found = self.inner_risk(b)
            if found:
                return found
        return None

    def has_repeat(self, node) -> bool:
        C = self.C
        for op, av in self.items(node):
            if self.is_repeat(op) and av[1] > 1:
                return True
            if op is C.SUBPATTERN and self.has_repeat(av[-1]):
                return True
            if op is C.BRANCH and any(self.has_repeat(b) for b in av[1]):
                return True
            if op is C.GROUPREF_EXISTS and any(b is not None and self.has_repeat(b) for b in av[1:]):
                return True
        return False

    _SAMPLE = frozenset("abcxyzABCXYZ0189_-.,;:'\"!?()[]{}/\\@#&*+= \t\n\r\x0b\x0c\u00a0\u2009"
                        "\u00e9\u00c9\u0436\u4e2d\u0663\u00b2\u200b\u2014")

    def single_chars(self, body, extra: frozenset) -> Optional[frozenset]:
        """The characters (of a sample, with ``extra``) a one-character repeat body matches, or
        None for a body that is not one character (a group, a sequence)."""
        C = self.C
        items = list(self.items(body))
        if len(items) != 1:
            return None
        op, av = items[0]
        sample = self._SAMPLE | extra
        if op is C.LITERAL:
            ch = chr(av)
            return frozenset({ch.lower(), ch.upper()} if self.ignore_case else {ch})
        if op is C.ANY:
            return frozenset(c for c in sample if c != "\n")
        if op is C.NOT_LITERAL:
            return frozenset(sample - {chr(av)})
        if op is not C.IN:
            return None
        negate = False
        out: set = set()
        for iop, iav in av:
            if iop is C.NEGATE:
                negate = True
            elif iop is C.LITERAL:
                out |= {chr(iav).lower(), chr(iav).upper()} if self.ignore_case else {chr(iav)}
            elif iop is C.RANGE:
                out |= {c for c in sample if iav[0] <= ord(c) <= iav[1]}
            elif iop is C.CATEGORY:
                name = str(iav).rsplit("_", 1)[-1].upper()
                test = {"DIGIT": str.isdecimal, "SPACE": str.isspace,
                        "WORD": lambda c: c.isalnum() or c == "_"}.get(name)
                if test is None:
                    return None
                out |= {c for c in sample if bool(test(c)) != ("NOT" in str(iav))}
            else:
                return None
        return frozenset(sample - out) if negate else frozenset(out)

    def literals(self, node) -> frozenset:
        C = self.C
        found: set = set()
        for op, av in self.items(node):
            if op is C.LITERAL:
                found.add(chr(av))
            elif self.is_repeat(op):
                found |= self.literals(av[2])
            elif op is C.IN:
                found |= {chr(iav) for iop, iav in av if iop is C.LITERAL}
        return frozenset(found)

    def adjacent_risk(self, node) -> Optional[str]:
        """Repeats in a row that can each take the same characters (``\\w*\\w*\\w*\\w*``) split
        a run of them in polynomially many ways: four in a row is the fifth power of the
        run's length, tried again from each place a match may start."""
        extra = self.literals(node)
        run: list = []
        for op, av in self.items(node):
            chars = self.single_chars(av[2], extra) if self.is_repeat(op) and self.unbounded(av) else None
            if chars is None:
                run = []
                continue
            run = run + [chars] if run and run[-1] & chars else [chars]
            if len(run) >= _ADJACENT_REPEATS:
                return f"{_ADJACENT_REPEATS} repeats in a row can take the same characters"
        return None

    def walk(self, node) -> Optional[str]:
        """The first risk anywhere in the tree: an unbounded repeat with a risk inside, or
        repeats in a row that can share their characters."""
        C = self.C
        found = self.adjacent_risk(node)
        if found:
            return found
        for op, av in self.items(node):
            if self.is_repeat(op):
                found = (self.inner_risk(av[2]) if self.unbounded(av) else None) or self.walk(av[2])
            elif op is C.SUBPATTERN:
                found = self.walk(av[-1])
            elif op is C.BRANCH:
                found = next((f for f in map(self.walk, av[1]) if f), None)
            elif op is C.GROUPREF_EXISTS:  # (?(1)yes|no): a conditional group's two branches
                found = next((f for f in map(self.walk, [b for b in av[1:] if b is not None]) if f), None)
            elif op in (C.ASSERT, C.ASSERT_NOT):
                found = self.walk(av[1])
            else:
                continue
            if found:
                return found
        return None


def refuse_backtracking(pattern: str, file: str, where: str, line: Optional[int] = None,
                        case_sensitive: bool = True) -> None:
    """``ConfigError`` (one line, exit 2) for a pattern ``backtracking_risk`` finds risky."""
    why = backtracking_risk(pattern, 0 if case_sensitive else re.IGNORECASE)
    if why:
        raise ConfigError(f"{where}: pattern {pattern!r} can take exponential time on text that almost matches "
                          f"({why})", file=file, line=line,
                          hint="rewrite it so each repetition can match in one way only, e.g. (a|aa)+ -> a+, "
                               "(\\w+\\s?)+ -> \\w+(?:\\s\\w+)*")
