"""Automatic fixes: unambiguous replacements only, written through the store so YAML
comments, formatting and every untouched byte stay as they were.

Each fix is **safe** or **unsafe** (``Finding.fix_safe``, from the rule's ``fix_safe`` and
the engine's look at the words around the match). ``fix --write`` applies the safe ones;
``--unsafe-fixes`` applies the unsafe ones too (as ruff does): a person should read the
sentence first ("prostitution" → "sex work" can change what a sentence about the law says).

Whatever the flags, a fix is **withheld** (never applied, counted and reported) when

* it would write "sex work"/"sex worker" into a sentence that speaks of a child or a young
  person: the sexual exploitation of young people is never sex work, whatever the engine
  decided about the term's subject (``youth_harm``);
* its span reaches into text that is not prose — Markdown code, a link target, an autolink,
  raw HTML — or no longer holds the words the finding matched (``_span_ok``).
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Optional

from ..config import Config
from ..errors import diff_name
from .engine import apply_fixes, check_document, check_prose_text, load_ruleset
from .runner import discover_checkable

_SEX_WORK = re.compile(r"\bsex[\s-]*work", re.IGNORECASE)
_YOUNG = re.compile(r"\byoung (?:people|persons?|girls?|boys?)\b", re.IGNORECASE)
"""Words for young people that the engine does not count as youth (a young person may be an
adult: "young sex workers" aged 18-24), but that a fix never writes "sex work" beside."""


@dataclass
class FixPlan:
    """What fixing one file does: the edits applied and what was left."""

    applied: int = 0
    unsafe_left: int = 0  # unsafe fixes not applied (no ``--unsafe-fixes``)
    withheld_youth: int = 0  # would call a young person's exploitation sex work
    withheld_markup: int = 0  # would touch code, a link target or HTML
    found: int = 0  # findings in the text before fixing (fixed or not)
    to_rewrite: int = 0  # of them, errors and warnings: what `check`'s next line counts to rewrite
    todo: int = 0  # of them, the guideline's to-do items (info): `check` counts them apart (ux17)


@dataclass
class FixResult:
    file: str
    count: int
    old: str
    new: str
    plan: FixPlan = field(default_factory=FixPlan)

    @property
    def diff(self) -> str:
        return "".join(difflib.unified_diff(self.old.splitlines(keepends=True), self.new.splitlines(keepends=True),
                                            fromfile=diff_name(f"a/{self.file}"),
                                            tofile=diff_name(f"b/{self.file}")))


def youth_harm(text: str, start: int, end: int, replacement: str) -> bool:
    """Whether replacing ``text[start:end]`` with ``replacement`` would write "sex work" into
    a sentence that speaks of a child or a young person. Deliberately wider than the
    engine's ``about_youth`` (which asks whether the *term* names a young person): any youth
    word in the sentence withholds the fix, so a missed grammatical tie can never turn into
    "youth involved in sex work"."""
    if not _SEX_WORK.search(replacement):
        return False
    from .contexts import YOUTH, sentence_bounds

    text = _paragraph_view(text)
    s, e = sentence_bounds(text, start, end)
    sentence = text[s:e]
    return YOUTH.search(sentence) is not None or _YOUNG.search(sentence) is not None


def withhold_youth_fixes(findings, text: str, doc=None) -> None:
    """Drop (in place) each fix of ``findings`` that ``youth_harm`` withholds, so ``check``,
    its reports and the editor never offer one. ``text`` is the checked file's text and
    ``doc`` its parsed guideline (YAML): a guideline's finding is placed by its field path,
    a prose file's by its line and column."""
    starts: Optional[list] = None
    for f in findings:
        if f.fix is None or f.start < 0 or not _SEX_WORK.search(f.fix):
            continue
        if doc is not None:
            try:
                value = doc.value_at(f.path)
            except (KeyError, IndexError, TypeError):
                continue
            if isinstance(value, str) and youth_harm(value, f.start, f.end, f.fix):
                _withhold(f)
            continue
        if starts is None:
            # lines as check counts them (store.ProseDocument): "\r\n", "\r" and "\n" each end one
            starts = [0] + [m.end() for m in re.finditer(r"\r\n?|\n" if "\r" in text else "\n", text)]
        if not 0 < f.line <= len(starts):
            continue
        offset = starts[f.line - 1] + f.column - 1
        if youth_harm(text, offset, offset + len(f.match), f.fix):
            _withhold(f)


@functools.lru_cache(maxsize=8)  # one file's text, asked once per finding (its hash is kept)
def _paragraph_view(text: str) -> str:
    """``text`` with "\n" line ends, offsets unchanged: a lone "\r" (an old Mac file) ends a
    line as "\n" does, and the "\r" of "\r\n" is a space. Blank lines written "\r\n\r\n"
    and clauses of multi-level numbering ("1.1 …" on the line after "1.0 …") end a sentence in
    ``contexts.sentence_bounds`` itself."""
    if "\r" in text:
        text = re.sub(r"\r(?!\n)", "\n", text).replace("\r", " ")
    return text


def _withhold(f) -> None:
    """No fix, and no suggestion of "sex work" or "the sale of sexual services", beside a young person."""
    f.fix = None
    f.fix_safe = False
    f.suggestions = ["if a young person is meant: youth sexual exploitation; sexually exploited child or youth"]
    # the rule's advice ("...; say 'sex work'") gives way to the reason the fix is withheld
    head, sep, advice = f.message.rpartition(";")
    if sep and _SEX_WORK.search(advice):
        f.message = head + "; a young person is named in this sentence, and their sexual exploitation is never sex work"


def _span_ok(original: str, masked: str, start: int, end: int, match: str) -> bool:
    """The fix's span holds prose only (the masked text, where code, link targets and HTML
    are blanked, reads the same as the original there) and still holds the matched words."""
    if not (0 <= start < end <= len(original)):
        return False
    span = original[start:end]
    return span == masked[start:end] and " ".join(span.split()) == " ".join(match.split())


def _plan(findings, unsafe: bool, plan: FixPlan, locate) -> list:
    """The fixes of ``findings`` to apply, as (key, start, end, replacement): ``locate(f)``
    gives (key, original text, masked text, offset of the text) for a finding, or None."""
    edits = []
    for f in findings:
        if f.fix is None or f.start < 0:
            continue
        where = locate(f)
        if where is None:
            continue
        key, original, masked, base = where
        start, end = base + f.start, base + f.end
        if not _span_ok(original, masked, start, end, f.match):
            plan.withheld_markup += 1
            continue
        if youth_harm(masked, start, end, f.fix):
            plan.withheld_youth += 1
            continue
        if not f.fix_safe and not unsafe:
            plan.unsafe_left += 1
            continue
        # combining marks after the words belong to their last letter: they go with the words
        # (else 'prostitutes' + U+0338 became 'sex workers' with the overlay on its last 's')
        while end < len(original) and original[end] == masked[end] and unicodedata.category(original[end]) in ("Mn",
                                                                                                             "Me"):
            end += 1
        edits.append((key, start, end, f.fix))
    return edits


def fix_findings(file: str, text: str, findings, *, unsafe: bool = False, plan: Optional[FixPlan] = None,
                 doc=None) -> tuple[str, int]:
    """``text`` (the file ``file``) with the fixes of ``findings`` (a check of that very
    text) applied, and how many: the safe ones, and the unsafe ones too with ``unsafe``;
    none that the guards withhold. ``plan`` (optional) receives what was applied and left.
    A guideline is edited through the store (only each fixed field's characters change); a
    Markdown or plain-text file is split into units exactly as ``check`` splits it."""
    plan = plan if plan is not None else FixPlan()
    plan.found = len(findings)
    plan.to_rewrite = sum(1 for f in findings if f.severity in ("error", "warning"))
    # the to-do items the drafter deletes when done (not a service still “To be confirmed”)
    plan.todo = sum(1 for f in findings if f.rule_id == "draft.todo" and list(f.path)[:1] != ["services"])
    if file.lower().endswith((".yaml", ".yml")):
        from .. import store
        from ..text import mask_markup

        doc = doc if doc is not None else store.parse(text, file)

        def locate(f):
            if not f.path:
                return None
            try:
                value = doc.value_at(f.path)
            except (KeyError, IndexError, TypeError):
                return None
            if not isinstance(value, str):
                return None
            return tuple(f.path), value, mask_markup(value), 0

        by_path: dict[tuple, list] = {}
        for path, start, end, rep in _plan(findings, unsafe, plan, locate):
            by_path.setdefault(path, []).append((start, end, rep))
        count = 0
        for path, fixes in by_path.items():
            value = doc.value_at(path)
            new_value = apply_fixes(value, fixes)
            if new_value != value:
                doc = store.parse(doc.replace_text(path, new_value), file)
                count += len(fixes)
        plan.applied += count
        return doc.text, count
    from ..text import prose_units

    units = {u.path: u for u in prose_units(text, markdown=is_markdown(file))}

    def locate_unit(f):
        u = units.get(f.path)
        if u is None:
            return None
        # the unit's text is the file's text from u.start with non-prose blanked
        return u.start, text[u.start:u.start + len(u.text)], u.text, 0

    edits = [(base + start, base + end, rep) for base, start, end, rep in _plan(findings, unsafe, plan, locate_unit)]
    plan.applied += len(edits)
    return apply_fixes(text, edits), len(edits)


def fix_text_yaml(file: str, text: str, ruleset, *, unsafe: bool = False,
                  plan: Optional[FixPlan] = None) -> tuple[str, int]:
    """A guideline's text with its fixes applied (``fix_findings``), and how many."""
    from .. import store

    doc = store.parse(text, file)
    return fix_findings(file, text, check_document(doc, ruleset).findings, unsafe=unsafe, plan=plan, doc=doc)


def is_markdown(file: str) -> bool:
    """Whether a prose file is read as Markdown (everything but ``.txt``), as ``check`` reads it."""
    return not file.lower().endswith(".txt")


def fix_text_prose(file: str, text: str, ruleset, *, unsafe: bool = False,
                   plan: Optional[FixPlan] = None) -> tuple[str, int]:
    """A Markdown or plain-text file with its fixes applied (``fix_findings``), and how many."""
    return fix_findings(file, text, check_prose_text(file, text, ruleset).findings, unsafe=unsafe, plan=plan)


def fix_paths(paths: Iterable[str], cfg: Config, *, write: bool = False, unsafe: bool = False) -> list[FixResult]:
    from .. import store

    ruleset = load_ruleset(cfg)
    out = []
    for file in discover_checkable(list(paths), cfg):
        plan = FixPlan()
        # --write reads, fixes and writes each file under its write lock: an edit saved by
        # another process meanwhile is fixed too, never written over
        with store.locked(file) if write else contextlib.nullcontext():
            text = store.read_text(file, max_size=cfg.max_file_size)
            if file.lower().endswith((".yaml", ".yml")):
                new, count = fix_text_yaml(file, text, ruleset, unsafe=unsafe, plan=plan)
            else:
                new, count = fix_text_prose(file, text, ruleset, unsafe=unsafe, plan=plan)
            if write and new != text:
                store.save_atomic(file, store.check_write_size(file, new, cfg.max_file_size, "fixing"), unchanged=text)
        out.append(FixResult(file, count, text, new, plan))
    return out
