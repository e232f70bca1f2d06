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
* the sentence already holds the words it would write ("speak of youth sexual exploitation,
  never of youth sex work", "sex workers and prostitutes"): the sentence would say them twice,
  and lose what it said (``repeats_words``);
* its span reaches into text that is not prose — Markdown code, a link target, an autolink,
  raw HTML — or no longer holds the words the finding matched (``_span_ok``).
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import re
import unicodedata
import dataclasses
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from ..config import Config
from ..errors import diff_name
from .engine import apply_fixes, check_document, check_prose_text, load_ruleset
from .replacements import reference_label
from .runner import discover_checkable

_SEX_WORK = re.compile(r"\bsex[\s-]*work", re.IGNORECASE)
_AGES = (r"(?:[1-9]|1[0-7]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
         r"fifteen|sixteen|seventeen)")
_AGE_N = (r"(?:[1-9]|1[0-7]|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen)\b(?![.,]?\d|\s\d{3}\b)")
_TEEN_N = (r"(?:1[0-7]|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen)\b(?![.,]?\d|\s\d{3}\b)")
"""An age standing alone: written in digits or from ten to seventeen in words ("is one reason", "at
two markets", "four to five million" are no ages), not the start of a longer number ("14,000",
"2 000"); ``_TEEN_N`` the same from ten only, where a small number is more often a count, a
list's item or a note ("there are 5 core strategies", "(4)", "(art 2)", "Ward 7")."""
_QUALIFIER = (r"(?:only|just|about|around|barely|still|already|as young as|aged?|mostly|all|approximately|roughly|"
              r"nearly|almost|then|reportedly|allegedly|no (?:more|older) than|not (?:more|older) than)")
_NO_COUNT = (r"(?:(?=\s*(?:years?|yrs?|y/?o)\b)|(?!\s*(?:%|percent\b|per\b|[-–]\s*\d|[ap]\.?m\b|o['’]clock|[:.,]\d|h\b|"
             r"(?:hours?|minutes?|days?|weeks?|months?|times?|am|pm)\b|[a-z]+s\b|(?:of|in|out) (?:\d|the\b|every\b|a\b))))")
"""After an age: not a count of things or a time ("were 15 prostitutes", "at 14 sites", "at 10 pm")."""
_MONTH = r"(?!(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s)"
_YOUNG = re.compile(
    r"\byoung (?:people|persons?|girls?|boys?)\b"
    # ages written out or short ("a fifteen-year-old", "a 9-year-old", "two 16 yr olds"; ux25)
    rf"|\b{_AGES}[-‐‑–— ]?(?:years?|yrs?)[-‐‑–— ]?olds?\b"
    # a person and an age beside it ("a girl of 15", "boys of 14", "the daughter, 14,")
    rf"|\b(?:girls?|boys?|daughters?|sons?|child(?:ren)?|students?|victims?)(?: of|,| aged)? {_AGES}\b(?!-| ?(?:%|per|years? (?:ago|later)))"
    # school and the years before adulthood (schoolgirls, pupils and preteens are the engine's
    # ``YOUTH`` words too, which ``_youth_in`` reads first)
    r"|\bhigh[- ]school(?:ers?| students?| girls?| boys?| age)\b"
    r"|\bgrade (?:[1-9]|1[0-2]) (?:students?|girls?|boys?)\b|\b(?:tweens?|youngsters?"
    r"|infants?|toddlers?|babies|(?:pre)?pubescent|under-?aged?|under[- ](?:18s?|eighteen))\b"
    # hostile26: an age given on its own ("some of them 15", "at 14", "who were 15", "(15)", "a
    # prostitute, 15,", "between 13 and 17", "15 y/o"), an age limit not yet reached ("younger
    # than 18", "not yet 18"), school years, and children named as such (girls and boys but call
    # girls, working girls and rent boys; kids, babies, runaways, children in foster care)
    rf"|\b(?:at|aged?|ages|age of|of them|of whom|youngest|oldest|turned|turning)\s++(?:{_QUALIFIER}\s++)*{_AGE_N}"
    rf"(?:\s*(?:and|or|to|-|–)\s*(?:{_AGE_N}|1[0-9]\b))?{_NO_COUNT}"
    rf"|(?<!there )\b(?:was|were|is|are|been|being|between)\s++(?:{_QUALIFIER}\s++)*{_TEEN_N}"
    rf"(?:\s*(?:and|or|to|-|–)\s*(?:{_AGE_N}|1[0-9]\b))?{_NO_COUNT}"
    rf"|\b{_AGES}\s*(?:y/?o|yo|yrs?\.?(?: old)?|years? of age)\b"
    # an age set apart: "(15)", ", 15,", "(15 and 16)", ", mostly 14 to 16,", " - none older than 16 -"
    rf"|(?:[(,—–]|\s-)\s*+(?:{_MONTH}[A-Za-z]++\s++){{0,4}}(?:{_TEEN_N}|(?:(?<=age )|(?<=aged )){_AGE_N})"
    rf"(?:\s*(?:and|or|to|-|–)\s*(?:{_AGE_N}|1[0-9]\b))?"
    r"(?:\s+(?:years?(?: old)?|yrs?))?\s*(?:[),—–.;!?]|-\s|$)"
    r"|\b(?:younger than|not yet|under the age of|(?:none|no|not) older than)\s+"
    r"(?:1[0-8]|eighteen|seventeen|sixteen|fifteen|fourteen|thirteen|twelve|[1-9])\b"
    r"|\b(?:middle|elementary|primary|junior high|secondary) school|\bgrade (?:[1-9]|1[0-2]|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve)\b|\b(?:early|mid|late)[- ]teens\b"
    r"|\b(?=[gbGB])(?<!call )(?<!call-)(?<!working )(?<!rent )(?<!show )(?<!cover )(?:girls?|boys?)\b"
    r"|\b(?:kids?|baby|runaways?|foster (?:care|youth|kids|children|homes?)|little ones|as young as)\b",
    re.IGNORECASE)
"""Words for young people that the engine does not count as youth (a young person may be an
adult: "young sex workers" aged 18-24), but that a fix never writes "sex work" beside: wider
than the engine's ``YOUTH``, since withholding a fix costs only the fix. Only the words
``YOUTH`` lacks are here: ``_youth_in`` reads both."""


@dataclass
class FixPlan:
    """What fixing one file does: the edits applied and what was left."""

    applied: int = 0
    unsafe_left: int = 0  # unsafe fixes not applied (no ``--unsafe-fixes``)
    withheld_youth: int = 0  # would call a young person's exploitation sex work
    withheld_markup: int = 0  # would touch code, a link target or HTML
    withheld_language: int = 0  # would write English words into a guideline written in another language
    withheld_repeat: int = 0  # the sentence already holds the words the fix would write
    languages: tuple = ()  # that guideline's languages (metadata.languages), none of them English
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
        name = diff_path(self.file)
        return "".join(difflib.unified_diff(self.old.splitlines(keepends=True), self.new.splitlines(keepends=True),
                                            fromfile=diff_name(f"a/{name}"), tofile=diff_name(f"b/{name}")))


def diff_path(file: str) -> str:
    """``file`` as a diff header names it, for ``git apply`` and ``patch -p1`` run in this
    folder: relative to it, without ``./`` (``fix . > fixes.diff`` wrote ``a/./drafts/notes.md``,
    which ``git apply`` refuses as an invalid path), and a file outside it by its absolute path
    without the leading ``/`` (``a//tmp/notes.md`` before), as ``git diff --no-index`` writes it.
    ``errors.diff_name`` then quotes a name holding control characters as git does."""
    import os

    path = os.path.normpath(file)
    if os.path.isabs(path):
        try:
            rel = os.path.relpath(path)
        except (OSError, ValueError):  # the working folder is gone, or on another drive
            rel = os.pardir
        path = rel if rel != os.pardir and not rel.startswith(os.pardir + os.sep) else path.lstrip(os.sep)
    return path.replace(os.sep, "/")


def youth_harm(text: str, start: int, end: int, replacement: str) -> bool:
    """Whether replacing ``text[start:end]`` with ``replacement`` would write "sex work" into
    a sentence that speaks of a child or a young person. Deliberately wider than the
    engine's ``about_youth`` (which asks whether the *term* names a young person): any youth
    word in the sentence withholds the fix, so a missed grammatical tie can never turn into
    "youth involved in sex work"; so does a pronoun that looks back to a young person named
    earlier in the paragraph (``youth_reason``)."""
    return bool(youth_reason(text, start, end, replacement))


def youth_reason(text: str, start: int, end: int, replacement: str) -> str:
    """Why ``youth_harm`` withholds the fix: "" (it does not), ``"sentence"`` (a young person
    is named in the sentence), ``"row"`` (in the Markdown table row that holds it), ``"list"``
    (in a list item, or the line introducing the list, that the item hangs from) or ``"before"``
    (a pronoun of the sentence looks back to one named earlier in the paragraph)."""
    if not _SEX_WORK.search(replacement):
        return ""
    from .contexts import paragraph_start, sentence_bounds

    text = _paragraph_view(text)
    s, e = sentence_bounds(text, start, end)
    # a semicolon or a colon ends a clause, not what the sentence speaks of: "Several minors;
    # all of them prostitutes" became "all of them sex workers" (ux25)
    for _ in range(_CLAUSES):
        j = s
        while j > 0 and text[j - 1].isspace():
            j -= 1
        if j == 0 or text[j - 1] not in ";:":
            break
        s = sentence_bounds(text, j - 1, j - 1)[0]
    for _ in range(_CLAUSES):
        if e >= len(text) or text[e] not in ";:":
            break
        e = sentence_bounds(text, e + 1, e + 1)[1]
    if _youth_within(text, s, e):
        return "sentence"
    # a Markdown table's row is one statement, whatever cell names the young person: `| Two
    # girls aged 14 | … | described as prostitutes |` became "described as sex workers" (ux25)
    row_start = text.rfind("\n", 0, start) + 1
    row_end = text.find("\n", end)
    row = text[row_start:len(text) if row_end < 0 else row_end]
    if row.lstrip().startswith("|") and (_youth_in(row) or _youth_in(_table_header(text, row_start))):
        return "row"
    # a pronoun that looks back to a young person named earlier in the paragraph: "... three
    # girls aged 14 and 15. They were working as prostitutes" became "working as sex workers"
    # so does the term named as the ones just spoken of ("Two 15-year-olds were found. The
    # prostitutes had no papers"), and a sentence with no subject of its own ("Minors. Working as
    # prostitutes."; hostile26)
    if _BACK.search(text[s:e]) or _DEFINITE.search(text[s:start]) or _FRAGMENT.match(text, s):
        p = paragraph_start(text, s)
        if _youth_within(text, p, s):
            return "before"
        # the first sentence of a paragraph looks back over the paragraph before too: "Police
        # found three girls aged 14 and 15.\n\nThe prostitutes were taken to a shelter" (the
        # lead's call after hostile26: withholding costs only the fix)
        if p > 0 and not text[p:s].strip() and _youth_within(text, paragraph_start(text, max(0, p - 2)), p):
            return "before"
    # a list item under one that names a young person (or under the line that introduces the
    # list): `- Two girls aged 14` / `  - described by the hotel as prostitutes` (ux25)
    if any(_youth_in(parent) for parent in _parent_lines(text, start)):
        return "list"
    # a Markdown heading over it that names young people (`## Youth sexual exploitation`, or
    # its parent heading over `### At the station`; ux25)
    if any(_youth_in(heading) for heading in _headings_over(text, start)):
        return "heading"
    return ""


def _table_header(text: str, row_start: int, rows: int = 500) -> str:
    """The header row of the Markdown table whose row starts at ``row_start``: the line over its
    delimiter row (``|---|---|``); "" when there is none. A header naming young people speaks
    of every row (hostile26: `| Referrals: girls aged 14 |` over `| staff met prostitutes |`)."""
    pos = row_start
    for _ in range(rows):
        if pos == 0:
            return ""
        prev_start = text.rfind("\n", 0, pos - 1) + 1
        line = text[prev_start:pos - 1].strip()
        if not line.startswith("|"):
            return ""
        if _DELIMITER_ROW.fullmatch(line):
            head_start = text.rfind("\n", 0, max(prev_start - 1, 0)) + 1 if prev_start else 0
            return text[head_start:max(prev_start - 1, 0)] if prev_start else ""
        pos = prev_start
    return ""


_DELIMITER_ROW = re.compile(r"\|?(?:\s*:?-+:?\s*\|)+\s*:?-*:?\s*")

_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$", re.M)


@functools.lru_cache(maxsize=8)
def _headings(text: str) -> tuple[list[int], list[tuple[int, str]]]:
    """The ATX headings of ``text``: their offsets, and (level, words) of each."""
    found = [(m.start(), len(m.group(1)), m.group(2)) for m in _HEADING.finditer(text)] if "#" in text else []
    return [at for at, _l, _w in found], [(lvl, words) for _a, lvl, words in found]


def _headings_over(text: str, start: int) -> list[str]:
    """The words of the heading ``start`` is under, and of each heading above that one."""
    import bisect

    offsets, heads = _headings(text)
    i = bisect.bisect_right(offsets, start) - 1
    out: list[str] = []
    level = 7
    while i >= 0:
        lvl, words = heads[i]
        if lvl < level and offsets[i] + len(words) < start:  # not the heading the words are in
            out.append(words)
            level = lvl
            if lvl == 1:
                break
        i -= 1
    return out


def youth_place(doc, path: tuple) -> bool:
    """Whether the field at ``path`` of a guideline lies in a part about young people: a
    section of the youth protocol (``protocol: youth-sexual-exploitation``), or a section,
    principle or other element whose title names them (ux25: a clause of the youth protocol
    was fixed to "offer sex workers met at the station a ride")."""
    for k in range(1, len(path) - 1):
        try:
            node = doc.value_at(tuple(path[:k]))
        except (KeyError, IndexError, TypeError):
            return False
        if isinstance(node, dict) and (node.get("protocol") == "youth-sexual-exploitation"
                                       or _youth_in(str(node.get("title") or ""))):
            return True
    return False


_ITEM = re.compile(r"[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+")


def _parent_lines(text: str, start: int, lines: int = 60) -> list[str]:
    """The lines a list item at ``start`` hangs from: each item less indented above it, and
    the line ending in ':' that introduces the list; [] when ``start`` is not in a list item."""
    pos = text.rfind("\n", 0, start) + 1
    end = text.find("\n", pos)
    line = text[pos:len(text) if end < 0 else end]
    if not _ITEM.match(line):
        return []
    indent = len(line) - len(line.lstrip(" \t"))
    out: list[str] = []
    for _ in range(lines):
        if pos == 0:
            break
        prev_start = text.rfind("\n", 0, pos - 1) + 1
        prev = text[prev_start:pos - 1]
        pos = prev_start
        if not prev.strip():
            continue
        depth = len(prev) - len(prev.lstrip(" \t"))
        if _ITEM.match(prev):
            if depth < indent:
                out.append(prev)
                indent = depth
            continue
        if depth > indent:  # a wrapped line of an item above
            continue
        if prev.rstrip().endswith(":"):
            out.append(prev)  # "Referrals of girls aged 14 and 15:" over the list
        break
    return out


_CLAUSES = 8
"""Clauses joined by semicolons or colons read as one sentence, at most this many each way."""
_BACK = re.compile(r"\b(?:they|them|their|theirs|themselves|he|him|his|himself|she|her|hers|herself"
                   # quantifiers and demonstratives standing for them (hostile26: "Police found several
                   # minors. Most were working as sex workers"; "Each was a sex worker")
                   r"|most|some|all|both|each|one|neither|either|none|several|many|few|these|those|pair)\b",
                   re.IGNORECASE)
"""Pronouns (and quantifiers) that may speak of a young person named in an earlier sentence of
the paragraph."""
_DEFINITE = re.compile(r"\b(?:the|such)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
_FRAGMENT = re.compile(r"\s*[\"'“‘(]?[A-Za-z]+(?:ing|ed)\b")


def _youth_in(text: str) -> bool:
    from .contexts import YOUTH

    return YOUTH.search(text) is not None or _YOUNG.search(text) is not None


@functools.lru_cache(maxsize=8)  # one file's text, asked once per finding
def _youth_starts(text: str) -> list[int]:
    """Where the youth words of ``text`` start, in order."""
    from .contexts import YOUTH

    return sorted([m.start() for m in YOUTH.finditer(text)] + _young_starts(text))


_YOUNG_AT_WORD = re.compile(r"(?=\S)(?:" + _YOUNG.pattern + ")", _YOUNG.flags)
"""``_YOUNG`` tried only where a blank does not start: the regular expression engine then skips
blanks at once (hostile27: it spent 6 µs on each, ten times a letter's, and a list indented two
columns more each item, 1 MB of mostly blanks, took 7 s). Its one branch that starts at a blank
(``\\s-``, an age set apart by a dash) is tried at each blank before a dash by ``_young_starts``."""
_BLANK_DASH = re.compile(r"\s-")


def _young_starts(text: str) -> list[int]:
    """``[m.start() for m in _YOUNG.finditer(text)]``, the same matches found the same way (the
    leftmost from where the last one ended), without trying the whole pattern at every blank."""
    out: list[int] = []
    pos, n = 0, len(text)
    while pos <= n:
        m = _YOUNG_AT_WORD.search(text, pos)
        limit = m.start() if m is not None else n
        d = _BLANK_DASH.search(text, pos, limit + 1)
        while d is not None and d.start() < limit:  # a match at a blank before a dash comes first
            at = _YOUNG.match(text, d.start())
            if at is not None:
                m = at
                break
            d = _BLANK_DASH.search(text, d.start() + 1, limit + 1)
        if m is None:
            break
        out.append(m.start())
        pos = m.end() if m.end() > m.start() else m.start() + 1
    return out


def _youth_within(text: str, start: int, end: int) -> bool:
    """``_youth_in(text[start:end])``, read only where a youth word of the whole text starts near
    that span: a paragraph's sentences each look back over the sentences before (a pronoun, a
    quantifier), which read every time cost a check of a long paragraph seconds."""
    import bisect

    starts = _youth_starts(text)
    i = bisect.bisect_left(starts, start - _NEAR)
    return i < len(starts) and starts[i] < end and _youth_in(text[start:end])


def repeats_words(text: str, start: int, end: int, replacement: str) -> bool:
    """Whether the sentence around ``text[start:end]`` already holds ``replacement`` elsewhere
    (as words, whatever their case): “Staff speak of youth sexual exploitation, never of youth
    sex work” became “…, never of youth sexual exploitation”, and “sex workers and prostitutes”
    “sex workers and sex workers”; a sentence that sets the two side by side is for a person to
    rewrite."""
    words = replacement.split()
    if not words:
        return False
    from .contexts import sentence_bounds

    text = _paragraph_view(text)
    s, e = sentence_bounds(text, start, end)
    said = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)", re.IGNORECASE)
    return any(m.end() <= start or m.start() >= end for m in said.finditer(text, s, e))


_NEAR = 80
"""A youth word found in the whole text this far before a span may have hidden a shorter one in
it (the words of the span are read again)."""


def withhold_youth_fixes(findings, text: str, doc=None) -> None:
    """Drop (in place) each fix of ``findings`` that ``youth_harm`` withholds, so ``check``,
    its reports and the editor never offer one; and each fix of a reference link's label
    (``replacements.reference_label``: a shortcut link ``[words]`` is told from an inline link
    only in the text as written). ``text`` is the checked file's text and ``doc`` its parsed
    guideline (YAML): a guideline's finding is placed by its field path, a prose file's by its
    line and column."""
    starts: Optional[list] = None
    for f in findings:
        if f.fix is None or f.start < 0:
            continue
        if doc is not None:
            try:
                value = doc.value_at(f.path)
            except (KeyError, IndexError, TypeError):
                continue
            if not isinstance(value, str):
                continue
            if reference_label(value, f.start, f.end) or repeats_words(value, f.start, f.end, f.fix):
                f.fix, f.fix_safe = None, False
                continue
            if not _SEX_WORK.search(f.fix):
                continue
            why = youth_reason(value, f.start, f.end, f.fix)
            why = why or ("part" if youth_place(doc, tuple(f.path)) else "")
            if why:
                _withhold(f, why)
            continue
        if starts is None:
            # lines as check counts them (store.ProseDocument): "\r\n", "\r" and "\n" each end one
            starts = [0] + [m.end() for m in re.finditer(r"\r\n?|\n" if "\r" in text else "\n", text)]
        if not 0 < f.line <= len(starts):
            continue
        offset = starts[f.line - 1] + f.column - 1
        if reference_label(text, offset, offset + len(f.match)) or \
                repeats_words(text, offset, offset + len(f.match), f.fix):
            f.fix, f.fix_safe = None, False
            continue
        if not _SEX_WORK.search(f.fix):
            continue
        why = youth_reason(text, offset, offset + len(f.match), f.fix)
        if why:
            _withhold(f, why)


@functools.lru_cache(maxsize=8)  # one file's text, asked once per finding (its hash is kept)
def _paragraph_view(text: str) -> str:
    """``text`` with "\n" line ends, offsets unchanged: a lone "\r" (an old Mac file) ends a
    line as "\n" does, and the "\r" of "\r\n" is a space. Blank lines written "\r\n\r\n"
    and clauses of multi-level numbering ("1.1 …" on the line after "1.0 …") end a sentence in
    ``contexts.sentence_bounds`` itself."""
    if "\r" in text:
        text = re.sub(r"\r(?!\n)", "\n", text).replace("\r", " ")
    return text


def _withhold(f, why: str = "sentence") -> None:
    """No fix, and no suggestion of "sex work" or "the sale of sexual services", beside a young person."""
    f.fix = None
    f.fix_safe = False
    f.suggestions = ["if a young person is meant: youth sexual exploitation; sexually exploited child or youth"]
    # the rule's advice ("...; say 'sex work'") gives way to the reason the fix is withheld
    head, sep, advice = f.message.rpartition(";")
    if sep and _SEX_WORK.search(advice):
        named = {"sentence": "in this sentence", "row": "in this table row", "list": "in the list item above",
                 "heading": "in the heading above", "part": "in the part of the guideline this is in"}.get(
            why, "just before this sentence, which speaks of them")
        f.message = head + f"; a young person is named {named}, and their sexual exploitation is never sex work"


def _span_ok(original: str, masked: str, start: int, end: int, match: str) -> bool:
    """The fix's span holds prose only (the masked text, where code, link targets and HTML
    are blanked, reads the same as the original there) and still holds the matched words."""
    if not (0 <= start < end <= len(original)):
        return False
    span = original[start:end]
    return span == masked[start:end] and " ".join(span.split()) == " ".join(match.split())


def _plan(findings, unsafe: bool, plan: FixPlan, locate, youth_part=None) -> list:
    """The fixes of ``findings`` to apply, as (key, start, end, replacement): ``locate(f)``
    gives (key, original text, masked text, offset of the text) for a finding, or None;
    ``youth_part(key, start, end, fix)``, whether the fix would call a young person's
    exploitation sex work when read beyond the text ``locate`` gives (a guideline's part about
    young people; a Markdown file's headings, lists and paragraphs around the unit)."""
    edits = []
    texts: dict = {}
    for f in findings:
        if f.fix is None or f.start < 0:
            continue
        where = locate(f)
        if where is None:
            continue
        key, original, masked, base = where
        start, end = base + f.start, base + f.end
        if not _span_ok(original, masked, start, end, f.match) or reference_label(original, start, end):
            plan.withheld_markup += 1
            continue
        if youth_harm(masked, start, end, f.fix) or (
                youth_part is not None and _SEX_WORK.search(f.fix) and youth_part(key, start, end, f.fix)):
            plan.withheld_youth += 1
            continue
        if repeats_words(masked, start, end, f.fix):
            plan.withheld_repeat += 1
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
        texts[key] = original
    return _no_slash_pairs(edits, texts, plan)


def _no_slash_pairs(edits: list, texts: dict, plan: FixPlan) -> list:
    """``edits`` without the fixes that would make two words joined by a slash the same
    (`punters/johns` became `clients/clients`, `hookers / prostitutes` "sex workers / sex
    workers"): both are left to a person."""
    drop = set()
    ordered = sorted(edits, key=lambda e: (str(e[0]), e[1]))
    for left, right in zip(ordered, ordered[1:]):
        if left[0] == right[0] and left[3].lower() == right[3].lower() and \
                _SLASH_GAP.fullmatch(texts[left[0]][left[2]:right[1]]):
            drop.update((left, right))
    plan.withheld_markup += len(drop)
    return [e for e in edits if e not in drop]


_SLASH_GAP = re.compile(r"\s*/\s*")


def not_english(data: Any) -> tuple:
    """The languages a guideline's data says it is written in (``metadata.languages``) when
    none of them is English (``en``, ``en-CA``, …), else (): the rule packs read English words
    only, and their fixes write English words (ux27)."""
    meta = data.get("metadata") if isinstance(data, dict) else None
    langs = meta.get("languages") if isinstance(meta, dict) else None
    if not isinstance(langs, list) or not langs or not all(isinstance(t, str) and t.strip() for t in langs):
        return ()
    tags = tuple(t.strip() for t in langs)
    if any(t.lower() == "en" or t.lower().startswith("en-") for t in tags):
        return ()
    return tags


def language_words(tags: tuple) -> str:
    """“French”, “French and Spanish” for tags (the tag itself for one langcodes does not know)."""
    names = []
    for tag in tags:
        try:
            import langcodes

            names.append(langcodes.Language.get(tag).language_name("en") if langcodes.tag_is_valid(tag) else tag)
        except Exception:  # noqa: BLE001 - a name is a courtesy: the tag says the same
            names.append(tag)
    names = list(dict.fromkeys(names))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


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
        plan.languages = not_english(doc.data)
        if plan.languages:
            # the fixes write English words ('sex workers'): none goes into a French guideline
            plan.withheld_language = sum(1 for f in findings if f.fix is not None and f.start >= 0)
            return doc.text, 0

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
        def youth(key, _start, _end, _fix) -> bool:
            return youth_place(doc, key)

        for path, start, end, rep in _plan(findings, unsafe, plan, locate, youth):
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

    def youth_around(base, start, end, fix) -> bool:  # the whole file: the unit is one paragraph
        return bool(youth_reason(text, base + start, base + end, fix))

    edits = [(base + start, base + end, rep)
             for base, start, end, rep in _plan(findings, unsafe, plan, locate_unit, youth_around)]
    plan.applied += len(edits)
    return apply_fixes(text, edits), len(edits)


def fix_text_yaml(file: str, text: str, ruleset, *, unsafe: bool = False,
                  plan: Optional[FixPlan] = None) -> tuple[str, int]:
    """A guideline's text with its fixes applied (``fix_findings``), and how many."""
    from .. import store

    def one_round(current: str, round_plan: FixPlan) -> tuple[str, int]:
        doc = store.parse(current, file)
        return fix_findings(file, current, check_document(doc, ruleset).findings, unsafe=unsafe, plan=round_plan,
                            doc=doc)

    return _until_nothing_changes(text, one_round, plan)


def is_markdown(file: str) -> bool:
    """Whether a prose file is read as Markdown (everything but ``.txt``), as ``check`` reads it."""
    return not file.lower().endswith(".txt")


def fix_text_prose(file: str, text: str, ruleset, *, unsafe: bool = False,
                   plan: Optional[FixPlan] = None) -> tuple[str, int]:
    """A Markdown or plain-text file with its fixes applied (``fix_findings``), and how many."""
    def one_round(current: str, round_plan: FixPlan) -> tuple[str, int]:
        return fix_findings(file, current, check_prose_text(file, current, ruleset).findings, unsafe=unsafe,
                            plan=round_plan)

    return _until_nothing_changes(text, one_round, plan)


_GIVEN = frozenset({"found", "to_rewrite", "todo"})
"""The fields of a ``FixPlan`` that count the findings of the text as given (before fixing)."""
_ROUNDS = 8
"""Rounds of fixing one text at most (``_until_nothing_changes``)."""


def _until_nothing_changes(text: str, one_round, plan: Optional[FixPlan]) -> tuple[str, int]:
    """``text`` fixed round after round until a check of the fixed text finds nothing more to fix
    (as ruff does), so a second `fix --write` changes nothing: whether a word is found can
    depend on the words beside it, which a fix changes (hostile26: in `x PROSTITUTES \t
    PROSTITUTES`, the second was found only once the first read SEX WORKERS). ``plan`` counts
    the findings of the text as given, every fix applied, and what the last round left."""
    plan = plan if plan is not None else FixPlan()
    total = 0
    current = text
    for i in range(_ROUNDS):
        round_plan = FixPlan()
        new, count = one_round(current, round_plan)
        # what the text as given held comes from the first round, what was left from the last;
        # every other field is copied as a whole, so a field added to FixPlan is never dropped
        # here (the count of fixes withheld from a guideline in another language once was)
        for part in dataclasses.fields(FixPlan):
            if part.name != "applied" and (i == 0 or part.name not in _GIVEN):
                setattr(plan, part.name, getattr(round_plan, part.name))
        if new == current:
            break
        total += count
        current = new
    plan.applied = total
    return current, total


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
