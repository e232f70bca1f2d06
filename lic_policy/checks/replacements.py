"""A finding's fix: the replacement for the matched words (case kept), whether applying it
without reading the sentence is safe, and applying fixes to a text (a/an corrected). The
``fix`` command (``fixes.py``) decides which fixes are applied where."""

from __future__ import annotations

import re
from typing import Optional

from .. import lazy_re
from .normalize import for_matching
from .packs import Rule


def fix_for(rule: Rule, match: str) -> Optional[str]:
    """The replacement the rule lists for ``match`` (case kept), or None where it lists none
    (an ambiguous word); whether applying it unread is safe: ``fix_is_safe``."""
    if not rule.fix:
        return None
    # the words as the rule read them: a soft hyphen, a ligature, a look-alike letter or a
    # hyphen at a line end in the match as written (pasted from Word or a PDF) left it unfixed
    read = for_matching(match)[0]
    key = re.sub(r"\s+", " ", read.lower().replace("’", "'"))
    if rule.case_sensitive:
        key = re.sub(r"\s+", " ", read.replace("’", "'"))
    replacement = rule.fix.get(key)
    if replacement is None:
        return None
    if "’" in match:  # the writer's typographic apostrophe stays (hostile26: "sex worker's")
        replacement = replacement.replace("'", "’")
    if match.isupper() and len(match) > 1:
        return replacement.upper()
    if _title_case(match):
        return _to_title(replacement)
    if match[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


_SMALL = frozenset({"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "who", "with"})


def _title_case(match: str) -> bool:
    """Whether ``match`` is written in title case: two words or more, each capitalised
    ("Street Prostitution", a heading's words), not all in capitals."""
    words = [w for w in re.split(r"[\s\-‐]+", match) if w[:1].isalpha()]
    return len(words) > 1 and all(w[:1].isupper() for w in words) and not match.isupper()


def _to_title(replacement: str) -> str:
    """``replacement`` in title case ("street-based sex work" -> "Street-Based Sex Work"); small
    words (of, who, with) stay lower case but the first, and words holding a capital stay as
    they are ("STI", "Indigenous")."""
    parts = re.split(r"([\s\-‐]+)", replacement)
    out = []
    for i, part in enumerate(parts):
        if i % 2 or not part[:1].islower() or (i and part in _SMALL):
            out.append(part)
        else:
            out.append(part[:1].upper() + part[1:])
    return "".join(out)


_ARTICLE = lazy_re.compile(r"\b([Aa]n?)(\s+)$")


def apply_fixes(text: str, fixes: list[tuple[int, int, str]]) -> str:
    """Apply (start, end, replacement) fixes, correcting a/an before them. A fix that overlaps
    one to its right is left out (two replacements of the same words would garble them).

    Built from pieces, right to left, reading only the few characters before each fix for its
    article: the whole text before each fix was searched and copied, which took `fix` 48 s
    on a 730 KB file of 12,000 findings (hostile26)."""
    pieces: list[str] = []
    cursor = len(text)
    for start, end, replacement in sorted(fixes, reverse=True):
        if end > cursor or start > end:
            continue
        pieces.append(text[end:cursor])
        pieces.append(replacement)
        cursor = start
        m = _ARTICLE.search(text, max(0, start - _ARTICLE_REACH), start)
        if m:
            want = "an" if _vowel_sound(replacement, text[start:end]) else "a"
            article = m.group(1)
            if article.lower() != want:
                pieces.append(text[m.end(1):start])
                pieces.append(want.capitalize() if article[0].isupper() else want)
                cursor = m.start(1)
    pieces.append(text[:cursor])
    return "".join(reversed(pieces))


_ARTICLE_REACH = 80
"""How far before a fix its article is looked for (the article, then blanks)."""


_INITIALISM = lazy_re.compile(r"[A-Z]{2,4}s?$")
_CONSONANT_U = lazy_re.compile(r"(?:uni|use|usu|ura|ure|uri|uti|eu|one\b|once\b)", re.IGNORECASE)
_SILENT_H = lazy_re.compile(r"(?:hour|honest|honou?r|heir)", re.IGNORECASE)


def _vowel_sound(words: str, replaced: str = "") -> bool:
    """Whether ``words`` (written over ``replaced``) start with a vowel sound, so take "an":
    "an STI" (an initialism is said letter by letter: hostile26 turned "An STD test" into "A
    STI test"), "a used needle" (said "yoozd"), "an hour". A word in capitals is an initialism
    when it is short and the words around it are not all capitals, or it replaces one ("AN STD"
    -> "AN STI", but "A PROSTITUTE" -> "A SEX WORKER")."""
    first = words.split()[0] if words.split() else ""
    if _INITIALISM.match(first) and (words != words.upper() or (" " not in words and _INITIALISM.match(replaced))):
        return first[0] in "AEFHILMNORSX"
    if _CONSONANT_U.match(words):
        return False
    return words[:1].lower() in "aeiou" or _SILENT_H.match(words) is not None


def fix_is_safe(rule: Rule, match: str, text: str, start: int) -> bool:
    """A fix is safe when its rule says so and nothing around the match makes it doubtful:
    a capitalised match inside a sentence may be part of a name."""
    if not rule.fix_safe:
        return False
    if match[:1].isupper() and start > 0:
        before = text[max(0, start - 3):start]
        if not re.search(r"(?:^|[.!?:\n#>*-]|^\s*)\s*[\"'“‘(]?$", before):
            return False
    return True



# ---------------------------------------------------------------- fixes that would do harm (hostile26)

_GLUE_BEFORE = frozenset("@#\\^")
_GLUE_AFTER = frozenset("\\@")
_POSSESSIVE = lazy_re.compile(r"(?:['’]s?)(?![\w'’])")
_HEAD_NOT_LAST = lazy_re.compile(r"\b(?:who|that|which|of|experiencing|with|living|in)\b", re.IGNORECASE)
_SAINT = lazy_re.compile(r"\b(?:St|Ste|Saint|San|Santa|Mt|Mount|Fort|Ft)\.?\s+$")
_FUNCTION_WORD = frozenset({"a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "in", "is", "not",
                            "of", "on", "or", "the", "to", "was", "were", "who", "with", "vs", "versus"})
_CAPITALISED_BEFORE = lazy_re.compile(r"(?<![.!?:]\s)(?<![.!?:])\b[A-Z][\w'’&-]*[ \t]+$")
_NEXT_WORD = lazy_re.compile(r"[ \t]+([A-Za-z][\w'’]*)")
_SELF_BEFORE = lazy_re.compile(
    r"(?:\b(?:I|[Ww]e)\s*(?:am|are|was|were|['’]m|['’]re|have been|had been|used to be|became|become|remain|"
    r"will always be|call (?:myself|ourselves)|identify as|work as|worked as|working as)"
    r"|\b(?:[Ww]e|[Uu]s|[Ff]ellow|[Mm]y fellow|[Oo]ur fellow))\s+"
    r"(?:(?:a|an|proud|just|only|not|still|also|all|both|former|the|happy|out)\s+)*$")
_AS_A = lazy_re.compile(r"\b[Aa]s (?:a|an)\s+$")
_FIRST_PERSON_AFTER = lazy_re.compile(r",?\s+(?:I|[Ww]e)\b|\s+(?:like (?:me|us)|myself|ourselves)\b")
_NAMED = r"(?:\s+(?:them|her|him|us|me|you|someone|anyone|everyone|women|men|people|(?:these|those|the) \w+))?"
"""Whom a naming verb names, if it says ("calls them", "referred to these women")."""
_NAMING_BEFORE = lazy_re.compile(
    r"\b(?:call(?:s|ed|ing)?|label(?:s|ed|led|ing|ling)?|dub(?:s|bed|bing)?)" + _NAMED + r"(?:\s+(?:as|a|an))*\s+$"
    # naming that needs its "as": "known as", "referred to them as" (not "known prostitutes")
    r"|\b(?:refer(?:s|red|ring)? to|describ(?:e|es|ed|ing)|known|denounc(?:e|es|ed|ing)|insult(?:s|ed|ing)?|"
    r"brand(?:s|ed|ing)?|dismiss(?:es|ed|ing)?)" + _NAMED + r"\s+as(?:\s+(?:a|an|mere|just|only))*\s+$"
    r"|\b(?:words?|terms?|labels?|slurs?|insults?|names?) (?:like|such as|including)\s+$"
    r"|\b(?:the|a|an|this|that) (?:word|term|label|slur|insult|name|expression)s?\s+$", re.IGNORECASE)
_SAYING_BEFORE = lazy_re.compile(r"\b(?:say|says|said|saying|write|writes|wrote|writing|use the word)\s+$",
                                 re.IGNORECASE)
_SAID_AFTER = lazy_re.compile(r"\s*(?:[.,;:!?)]|$)")


def fix_harm(match: str, text: str, start: int, end: int, fix: str) -> str:
    """Why writing ``fix`` over ``text[start:end]`` (``match``) would do harm, or "": the
    words are glued into something that is no word of prose (a path, a file name, a label, a
    hashtag, a mention, a footnote or reference-link label, a compound the replacement's space
    would split), a possessive the replacement cannot take, a name, the writer naming
    themselves, or a word named as a word. Such a finding keeps its suggestions and is
    rewritten by a person."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    after2 = text[end + 1] if end + 1 < len(text) else ""
    # glued: /var/prostitutes/a, C:\docs\prostitutes, #prostitutes, @prostitutes, [^prostitutes]
    if before in _GLUE_BEFORE or after in _GLUE_AFTER:
        return "glued"
    # an identifier (file_prostitutes, prostitutes_2019); not Markdown's __bold__
    if (before == "_" and start > 1 and text[start - 2].isalnum()) or (after == "_" and after2.isalnum()):
        return "glued"
    if after in ".:" and after2.isalnum():  # prostitutes.md, a :emoji: code
        return "glued"
    if before == ":" and after == ":":
        return "glued"
    if text[max(0, start - 3):start].rstrip().endswith("/") or text[end:end + 3].lstrip().startswith("/"):
        why = slash_harm(text, start, end, fix)
        if why:
            return why
    # a compound the replacement's space would split: non-sex workers, safer sex-positive
    if " " in fix and ((before in "-‐" and start > 1 and text[start - 2].isalnum())
                       or (after in "-‐" and after2.isalnum())):
        return "compound"
    # a reference link's label: [prostitutes][] names a definition elsewhere (a shortcut link,
    # [prostitutes] alone, is told from an inline link only in the text as written, where a
    # link target is not blanked: ``reference_label``)
    if reference_label(text, start, end, blanked=True):
        return "label"
    if _POSSESSIVE.match(text, end) and not match.endswith(("'", "’", "'s", "’s")) and _HEAD_NOT_LAST.search(fix):
        return "possessive"  # the homeless people's rights -> people experiencing homelessness's
    head = text[max(0, start - 80):start]
    # inside a quotation marked with two apostrophes (''…'', as text taken from a PDF writes it)
    if head.count("''") % 2 == 1 and "''" in text[end:end + 200]:
        return "quoted"
    if _name(match, text, end, head):
        return "name"
    if _SELF_BEFORE.search(head) or (_AS_A.search(head) and _FIRST_PERSON_AFTER.match(text, end)):
        return "self"
    if _NAMING_BEFORE.search(head) or (_SAYING_BEFORE.search(head) and _SAID_AFTER.match(text, end)):
        return "mention"
    return ""


def slash_token(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the run of characters without a blank that holds ``text[start:end]`` starts and ends."""
    a = start
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    b = end
    while b < len(text) and not text[b].isspace():
        b += 1
    return a, b


_PART_EDGE = "\"'“”‘’()[]{}.,;:!?*_"


def slash_harm(text: str, start: int, end: int, fix: str) -> str:
    """Why a fix of words joined to others by a slash would do harm: "glued" when the run is a
    path or an address (`/var/prostitutes/a`, `docs/prostitutes.md`, `https://…`), "duplicate"
    when the fix would repeat a word beside it (`prostitutes/sex workers`, `STDs/STIs`); ""
    for words joined by a slash in prose (`HIV/STD testing`, `prostitution/CSE`)."""
    a, b = slash_token(text, start, end)
    token = text[a:b]
    if "\\" in token or token.lstrip(_PART_EDGE).startswith(("/", "~")) or "://" in token or token.count("/") >= 2:
        return "glued"
    if any(re.search(r"\.[A-Za-z0-9]", part.strip(_PART_EDGE)) for part in token.split("/")):
        return "glued"  # a file name: notes/prostitutes.md
    # the words beside: a part of the run (blanks inside the run end it, so look past them)
    left = text[max(0, start - 40):start].rstrip()
    right = text[end:end + 40].lstrip()
    others = []
    if left.endswith("/"):
        others.append(left[:-1].rstrip()[-len(fix) - 1:])
    if right.startswith("/"):
        others.append(right[1:].lstrip()[:len(fix) + 1])
    want = fix.lower()
    for other in others:
        if other.strip(_PART_EDGE + " ").lower() in (want, want.rstrip("s"), want + "s"):
            return "duplicate"
    return ""


def reference_label(text: str, start: int, end: int, blanked: bool = False) -> bool:
    """Whether ``text[start:end]`` is all of a Markdown reference link's label: ``[words][]``
    or, in ``text`` as written (not ``blanked``, where a link target reads as spaces),
    ``[words]`` with no target after it. Its definition (``[words]: URL``) is found by that
    label: a fix of it breaks the link."""
    if not (start > 0 and text[start - 1] == "[" and text[end:end + 1] == "]"):
        return False
    rest = text[end + 1:end + 3]
    if rest == "[]":
        return True
    return not blanked and not rest.startswith(("(", "["))


def _name(match: str, text: str, end: int, head: str) -> bool:
    """Whether the words are (part of) a name here: words in title case after another capitalised
    word ("Soho Working Girls", "End Child Prostitution", an organisation's name); a word that
    is also a name ("John", "Hooker", "Punter") after "St." or "Saint", "John" or "John's"
    alone, or followed by another capitalised word ("Johns Hopkins", "JOHNS HOPKINS STUDY",
    where capitals tell no name from a heading)."""
    from .contexts import NAME_WORDS

    first = re.split(r"[\s'’]+", match)[0]
    if _title_case(match) and _CAPITALISED_BEFORE.search(head):  # "Soho Working Girls", "End Child Prostitution"
        return True
    if not first[:1].isupper() or first.lower() not in NAME_WORDS:
        return False
    if _SAINT.search(head):
        return True
    if first == "John":
        return True
    m = _NEXT_WORD.match(text, end)
    if m is not None and m.group(1)[:1].isupper() and m.group(1).lower().strip("'’") not in _FUNCTION_WORD:
        return True
    return False
