"""Lexicons: the words of the framing grammar, as data (``reviewers/lexicons/*.yaml``).

A lexicon file names word lists (*entries*), each with a label a finding can show (for
example ``enforcement`` or ``the activity``) and a part of speech::

    lexicon: framing
    entries:
      enforce_verb:
        label: enforcement
        pos: verb                # verb | noun | phrase
        words: [combat, tackle, "crack down on", "clamp down on"]
      target_activity:
        label: the activity
        pos: noun
        words: [prostitution, "street prostitution", "sex trade"]

Word forms are generated once, when a pack is compiled, by a morphology library
(``lemminflect``: every tense and person of a verb — the first word of a phrasal verb, as
in *cracked down on* — and the plural of a noun — the last word, as in *sex workers*); a
``forms:`` list adds irregular or British forms by hand. Rule patterns use an entry as a
macro: ``{@enforce_verb}`` (every form), ``{@enforce_verb:past}`` (past tense and
participle, for passives), ``{@enforce_verb:ing}``, ``{@enforce_verb:base}``,
``{@target_people:plural}``. The expansion is a trie-shaped regular expression (common
prefixes factored out), which Python's ``re`` runs about 18 times faster than a flat
alternation of the same words (340 forms over 1.1 MB: 0.05 s against 0.9 s).

``explain(text, entries)`` tells which entries a matched span holds, so a finding can say
why it fired: ``'clamp down' (enforcement) on 'street prostitution' (the activity)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

MACRO = re.compile(r"\{@([a-z][a-z0-9_]*)(?::([a-z]+))?\}")
FORM_KINDS = {"all", "base", "s", "past", "ing", "singular", "plural"}
POS = {"verb", "noun", "phrase", "regex"}


@dataclass
class Entry:
    name: str
    label: str
    pos: str
    words: list[str]
    forms: dict[str, list[str]] = field(default_factory=dict)  # kind → word forms
    regex: Optional[str] = None  # a ``pos: regex`` entry: a piece of pattern used as written
    explain: bool = True  # named in a finding's explanation (``explain: false`` for modifiers and cues)
    _sources: dict[str, str] = field(default_factory=dict, repr=False, compare=False)  # kind -> trie (``source``)

    def of(self, kind: str = "all") -> list[str]:
        return self.forms.get(kind) or self.forms["all"]

    def source(self, kind: str = "all") -> str:
        """The entry as a regular expression: its forms as a trie, or its own pattern. Made
        once per kind: the packs ask for an entry's trie in every pattern that names it (about
        a thousand times while the bundled packs are compiled, 760 tries built)."""
        if self.regex is not None:
            return self.regex
        made = self._sources.get(kind)
        if made is None:
            made = self._sources[kind] = trie_regex(self.of(kind))
        return made


def _verb_forms(word: str) -> dict[str, set[str]]:
    """Forms of a verb (or of the first word of a phrasal verb)."""
    head, _, rest = word.partition(" ")
    tail = " " + rest if rest else ""
    out: dict[str, set[str]] = {"base": {head}, "s": set(), "past": set(), "ing": set()}
    try:
        from lemminflect import getAllInflections, getAllInflectionsOOV
    except ImportError:  # pragma: no cover - a dependency; regular forms still work
        getAllInflections = getAllInflectionsOOV = None  # type: ignore[assignment]
    infl: dict[str, tuple] = {}
    if getAllInflections is not None:
        infl = dict(getAllInflections(head, upos="VERB")) or dict(getAllInflectionsOOV(head, upos="VERB"))
    for tag, forms in infl.items():
        kind = {"VB": "base", "VBP": "base", "VBZ": "s", "VBD": "past", "VBN": "past", "VBG": "ing"}.get(tag)
        if kind:
            out[kind].update(forms)
    if not out["s"]:
        out["s"].add(head + ("es" if head.endswith(("s", "sh", "ch", "x", "z")) else "s"))
    if not out["past"]:
        out["past"].add(head + ("d" if head.endswith("e") else "ed"))
    if not out["ing"]:
        out["ing"].add((head[:-1] if head.endswith("e") and not head.endswith("ee") else head) + "ing")
    # British -ise verbs: lemminflect knows the -ize forms best; keep both spellings' forms
    return {k: {f + tail for f in v} for k, v in out.items()}


_PLURAL_HEADS = frozenset("those these people men women persons individuals children anyone someone".split())


def _noun_forms(word: str) -> dict[str, set[str]]:
    """Singular and plural of a noun: the last word of a phrase, or the head before "of" in
    one ("buyer of sex" → "buyers of sex", not "buyer of sexes")."""
    first, of, rest = word.partition(" of ")
    if of and first and " " not in first and first.isalpha() and first not in _PLURAL_HEADS:
        got = _noun_forms(first)
        return {k: {f + of + rest for f in v} for k, v in got.items()}
    head, sep, last = word.rpartition(" ")
    lead = head + sep
    out: dict[str, set[str]] = {"singular": {last}, "plural": set()}
    try:
        from lemminflect import getAllInflections, getAllInflectionsOOV
    except ImportError:  # pragma: no cover
        getAllInflections = getAllInflectionsOOV = None  # type: ignore[assignment]
    if getAllInflections is not None and last.isalpha():
        infl = dict(getAllInflections(last, upos="NOUN")) or dict(getAllInflectionsOOV(last, upos="NOUN"))
        out["plural"].update(infl.get("NNS", ()))
    return {k: {lead + f for f in v} for k, v in out.items()}


def _forms(pos: str, words: list[str], extra: list[str]) -> dict[str, list[str]]:
    kinds: dict[str, set[str]] = {}
    for w in words:
        if pos == "verb":
            got = _verb_forms(w)
        elif pos == "noun":
            got = _noun_forms(w)
        else:
            got = {}
        for k, v in got.items():
            kinds.setdefault(k, set()).update(v)
        kinds.setdefault("all", set()).add(w)
        for v in got.values():
            kinds["all"].update(v)
    kinds.setdefault("all", set()).update(extra)
    return {k: sorted(v) for k, v in kinds.items()}


def load_lexicon(path: Path) -> tuple[str, dict[str, Entry], str]:
    """(name, entries, text) of a lexicon file; a malformed one is a ``ConfigError``."""
    from ..errors import ConfigError
    from ..store import read_text
    from ..yamlread import compose

    file = str(path)
    text = read_text(path, what="a lexicon (a YAML file)", hint="a lexicon is a YAML list of words, kilobytes in "
                     "size: split it into several lexicons")
    data, positions = compose(text, file)
    if not isinstance(data, dict) or not isinstance(data.get("lexicon"), str) or not isinstance(data.get("entries"), dict):
        raise ConfigError("a lexicon is a mapping with 'lexicon' (its name) and 'entries'", file=file, line=1, column=1,
                          hint="see reviewers/README.md (Lexicons)")
    entries: dict[str, Entry] = {}
    for name, e in data["entries"].items():
        sp = positions.get(("entries", name))
        where = {"file": file, "line": sp.line + 1 if sp else None}
        if not isinstance(e, dict) or not isinstance(e.get("words"), list) or not e["words"]:
            raise ConfigError(f"lexicon entry '{name}' needs a list of 'words'", **where,
                              hint="words: [combat, tackle, 'crack down on']")
        pos = str(e.get("pos", "phrase"))
        if pos not in POS:
            raise ConfigError(f"lexicon entry '{name}': pos must be verb, noun, phrase or regex", **where)
        if pos == "regex":
            # a reusable piece of pattern, used as written
            src = "|".join(f"(?:{w})" for w in e["words"])
            try:
                re.compile(src)
            except re.error as exc:
                raise ConfigError(f"lexicon entry '{name}': invalid regular expression: {exc}", **where) from None
            entries[name] = Entry(name, str(e.get("label", name.replace("_", " "))), pos, [src], {"all": [src]},
                                  regex=src, explain=False)
            continue
        words = [str(w).strip().lower() for w in e["words"] if str(w).strip()]
        extra = [str(w).strip().lower() for w in e.get("forms") or [] if str(w).strip()]
        entries[name] = Entry(name, str(e.get("label", name.replace("_", " "))), pos, words,
                              explain=bool(e.get("explain", True)))
        entries[name].forms = _forms(pos, words, extra)
    return data["lexicon"], entries, text


def trie_regex(words: Iterable[str]) -> str:
    """One regular expression matching exactly ``words`` (lowercase literals), shaped as a
    trie so that the engine does not try every word at every position. A space in a word
    matches any run of white space or a hyphen (*crack down*, *crack-down*)."""
    trie: dict = {}
    for w in set(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        alts = [_char(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        if len(alts) == 1 and not end:
            return alts[0]
        body = "(?:" + "|".join(alts) + ")"
        return body + "?" if end else body

    return build(trie)


def _char(ch: str) -> str:
    if ch == " ":
        return r"[\s-]+"
    if ch == "-":
        return r"[\s-]?"
    if ch in "'’":
        return "['’]"
    return re.escape(ch)


def expand(pattern: str, entries: dict[str, Entry], *, where: str = "", file: str = "") -> str:
    """``pattern`` with every ``{@entry}`` / ``{@entry:kind}`` macro replaced by the
    entry's word forms (a trie-shaped group)."""
    from ..errors import ConfigError

    def sub(m: re.Match) -> str:
        name, kind = m.group(1), m.group(2) or "all"
        entry = entries.get(name)
        if entry is None:
            raise ConfigError(f"{where}: unknown lexicon entry '{{@{name}}}'", file=file,
                              hint="known: " + ", ".join(sorted(entries)) if entries else "add 'lexicons:' to the pack")
        if kind not in FORM_KINDS:
            raise ConfigError(f"{where}: unknown word-form kind '{kind}' in {{@{name}:{kind}}}", file=file,
                              hint="kinds: " + ", ".join(sorted(FORM_KINDS)))
        return "(?:" + entry.source(kind) + ")"

    return MACRO.sub(sub, pattern)


def entries_used(patterns: Iterable[str]) -> list[str]:
    """The lexicon entries ``patterns`` refer to, in order of first use."""
    seen: dict[str, None] = {}
    for p in patterns:
        for m in MACRO.finditer(p):
            seen.setdefault(m.group(1), None)
    return list(seen)


class Explainer:
    """Finds which lexicon entries a matched span holds, for the finding's message."""

    def __init__(self, parts: list[tuple[str, str]]):
        # (label, regex source of the entry's forms), compiled on first use
        self.parts = parts
        self._rx: Optional[list[tuple[str, Any]]] = None

    def explain(self, text: str) -> str:
        if not self.parts:
            return ""
        if self._rx is None:
            from .recache import shared

            store = shared("explain")
            self._rx = [(label, store.compile(r"(?<!\w)(?:" + src + r")(?!\w)", re.IGNORECASE)) for label, src in self.parts]
        hits: list[tuple[int, int, str]] = []
        for label, rx in self._rx:
            for m in rx.finditer(text):
                if not any(a < m.end() and m.start() < b for a, b, _l in hits):
                    hits.append((m.start(), m.end(), label))
        if not hits:
            return ""
        hits.sort()
        out, pos = [], 0
        for a, b, label in hits:
            between = " ".join(text[pos:a].split())
            if between:
                out.append(between)
            out.append(f"'{' '.join(text[a:b].split())}' ({label})")
            pos = b
        return " ".join(out)


def explainer_for(patterns: list[str], entries: dict[str, Entry]) -> Explainer:
    parts = [(entries[n].label, entries[n].source()) for n in entries_used(patterns)
             if n in entries and entries[n].explain]
    return Explainer(parts)
