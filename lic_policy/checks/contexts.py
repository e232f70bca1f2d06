"""Contexts: when words that look like a finding are not one.

A pattern rule names the contexts that can lift its matches (``exceptions:`` in the pack).
Each context is a small function of one match that looks only at a **bounded window**
around it — the sentence (at most ``WINDOW`` characters each way), a quotation that closes
within that window, the few words before and after — so checking stays linear in the length
of a paragraph however long it is. Every context has must-flag and must-pass examples in
``reviewers/contexts/examples.yaml`` (run by ``lic-policy rules test`` and the test suite).

The contexts:

* ``quotation`` — inside a direct quotation (attributed, or a whole quoted sentence): the
  words are someone else's. Short, unattributed "scare quotes" do not count: slang the writer
  puts in quotes is still the writer's word.
* ``attribution`` — for framing: a framing phrase inside quotation marks is lifted unless an
  official (police, council, minister, ...) says it — an official's statement carries the
  policy, a critic quoting it does not.
* ``use-mention`` — the word is mentioned, not used: *the term 'prostitute'*, *so-called
  "clean-up"*, *words such as "hooker"*.
* ``legal`` — the law's own words: statute and code titles, offence wording (*charged under
  the prostitution provisions*, *a prostitution-related offence*, *convicted of
  soliciting*).
* ``name`` — names of organisations, units, programmes and campaigns, and personal names.
* ``self-identification`` — a term the document's glossary marks as a community's own name.
* ``negation`` — negated in its clause (*there are no plans for a crackdown*; *sweeps do not
  make anyone safer*).
* ``reported-speech`` — reported evidence (*research shows*, *sex workers told us*,
  *according to*).
* ``critique`` — described in order to criticise it: harmful consequences (*crackdowns
  push sex workers into isolated areas*), failure (*sweeps have failed*), opposition (*calls
  for an end to raids*), concession (*although the mayor promised a crackdown, the council
  chose outreach*), framing named as framing (*portrayed as a nuisance*).
* ``exploitation`` — the enforcement is aimed at violence, exploitation, trafficking or the
  sexual exploitation of young people, not at sex work (*zero tolerance for those who exploit
  sex workers*).
* ``law-described`` — what a law, bill or model does, described (*the Nordic model makes it a
  crime to buy sex*; *Bill C-36, which targets buyers, ...*), with no policy voice of the
  writer's own in the sentence (*should*, *we*, *the best way*).
* ``historical`` — a description of the past (*historically*, *in the 1980s*).
* ``question`` — an open question put for deliberation (*should…?*, *whether…*, *do you
  agree…?*); a question pressing for the measure (*what has the ministry done to…?*) is not
  lifted (dev: 15 more framing sentences found, 1 more false one).
* ``polite-request`` — a polite individual request with no enforcement (LIC's own advice to
  residents).
* ``youth`` — the people the match names are young people (*underage sex workers are
  exploited*): the sexual exploitation of youth is exploitation, not a conflation of adult sex
  work with it (``lang.youth-sex-work`` names the words).
"""

from __future__ import annotations

import bisect
import re
import threading
from typing import Optional

from .recache import LazyPattern


def _lazy(source: str, flags: int = 0) -> LazyPattern:
    """A context's pattern, compiled on first use through the user cache (``recache``)."""
    return LazyPattern(source, flags, f"contexts-{SOURCE_DIGEST}")

import hashlib as _hashlib
from pathlib import Path as _Path

try:
    SOURCE_DIGEST = _hashlib.sha1(_Path(__file__).read_bytes()).hexdigest()[:16]
except OSError:  # pragma: no cover
    SOURCE_DIGEST = "nosource"

WINDOW = 600
"""Characters a context looks at on each side of a match, at most."""

_PER_TEXT = threading.local()


def _per_text(fn):  # type: ignore[no-untyped-def]
    """``fn(text, *positions)`` answered once per text and positions: the answers for the
    text last asked about are kept (per thread; a new text starts afresh). Several rules match
    the same words and each context asks for the sentence again, so these helpers were asked
    twice as often as there are different questions: on 1 MB of finding-dense prose
    ``sentence_bounds`` 12,279 times for 5,438 spans, ``title_run`` 8,428 for 4,416. The
    answers are immutable (tuples, strings, None)."""

    def per_text(text: str, *args: int):  # type: ignore[no-untyped-def]
        slot = _PER_TEXT.__dict__
        if slot.get("text") is not text:
            slot["text"] = text
            slot["answers"] = {}
        answers = slot["answers"]
        key = (fn, args)
        try:
            return answers[key]
        except KeyError:
            answer = answers[key] = fn(text, *args)
            return answer

    per_text.__doc__ = fn.__doc__
    per_text.__name__ = fn.__name__
    per_text.__wrapped__ = fn  # type: ignore[attr-defined]
    return per_text

# ----------------------------------------------------------------------------- sentences

ABBREVIATIONS = frozenset("""
cf dr mr mrs ms mx st e.g i.e eg ie viz vs v s ss no nos para paras p pp art arts sec secs ch chap vol vols
fig figs approx inc ltd co corp jr sr prof sgt insp supt cst det lt col gen gov govt hon rev jan feb mar apr
jun jul aug sep sept oct nov dec u.s u.k u.n al op cit ibid ca c min max dept assn est ave blvd rd mt
cl cll reg regs r sch para s.c r.s.c c.c u.s.c n.z cap cc mssrs messrs
""".split())

NUMBERED = frozenset("no nos p pp s ss para paras art arts sec secs ch chap vol vols fig figs cl cll r reg regs sch cap c"
                     .split())
"""Abbreviations that stand before a number (*No. 5*, *s. 213*, *p. 4*): before anything else
("the residents said no. Police ...") the full stop ends the sentence."""

_TERMINATORS = _lazy(r"[.!?;|]|\n[ \t\r]*\n|\n(?=[ \t]*(?:[-*•+]\s|\d{1,3}[.)]\s|\d{1,3}(?:\.\d{1,3})+\.?\s|"
                     r"\(?(?:[a-z]|[ivx]{1,4})\)\s|[a-z]\.\s|#))")
"""What ends a sentence: a terminator character, a blank line (a Windows one too: ``\r\n\r\n``), or
a line break before a list item or a numbered clause ("- ", "2. ", "1.2 ", "3.4.1 ", "(a) ",
"b) ", "iv) "). A number without a dot at a line's start ("40 people") may be a wrapped line."""
_WORD_BEFORE = _lazy(r"([\w.]+)\.$")
_MULTILEVEL = _lazy(r"[ \t]*\d{1,3}(?:\.\d{1,3})+\.?[ \t]")


def _is_boundary(text: str, i: int) -> bool:
    """Whether the terminator at ``i`` ends a sentence."""
    ch = text[i]
    if ch == "\n":
        # a line of multi-level numbering ("1.2 ", "3.4.1 ") starts a clause of its own after
        # another numbered line, as Word numbers them; after an unnumbered line it may go on
        # that line's sentence ("young people\n1.5 times more often"): no boundary then
        if _MULTILEVEL.match(text, i + 1):
            line = text.rfind("\n", 0, i) + 1
            return _MULTILEVEL.match(text, line) is not None
        return True
    if ch == "|":
        return True
    n = len(text)
    j = i + 1
    # closing quotes and brackets belong to the sentence that ends here
    while j < n and text[j] in "\"'”’)]»":
        j += 1
    if j < n and not text[j].isspace():
        return False  # 3.5, e.g.x, sentence.Next (no space): not a boundary
    if ch in "!?;":
        return True
    # a full stop: not after an abbreviation or an initial, nor before a lower-case word
    m = _WORD_BEFORE.search(text, max(0, i - 12), i + 1)
    word = m.group(1).lower() if m else ""
    k = j
    while k < n and text[k] in " \t\n":
        k += 1
    nxt = text[k] if k < n else ""
    if word in NUMBERED and not (nxt.isdigit() or nxt in "([" or nxt.islower()) \
            and not (len(word) == 1 and text[i - 1].isupper()):  # J. R. Smith: initials
        return True
    if word in ABBREVIATIONS or word.rstrip(".") in ABBREVIATIONS:
        return False
    if len(word) == 1 and word.isalpha() and text[i - 1].isupper():
        return False  # an initial: J. Smith
    if nxt and nxt.islower():
        return False
    return True


@_per_text
def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding ``text[start:end]``: [s, e) with s after the previous sentence's
    terminator and e at this one's terminator, each looked for at most ``WINDOW`` characters
    away (so a context never reads a whole long paragraph)."""
    lo = max(0, start - WINDOW)
    s = lo
    for m in reversed(list(_TERMINATORS.finditer(text, lo, start))):
        if _is_boundary(text, m.start()):
            s = m.end()
            while s < start and text[s] in "\"'”’)]»" and m.group() in (".", "!", "?", ";"):
                s += 1  # closing quotes and brackets belong to the sentence that ended
            break
    hi = min(len(text), end + WINDOW)
    e = hi
    for m in _TERMINATORS.finditer(text, end, hi):
        if _is_boundary(text, m.start()):
            e = m.start()
            break
    while s < start and text[s].isspace():
        s += 1
    return s, e


def paragraph_start(text: str, start: int) -> int:
    """Where the paragraph holding ``start`` begins (a blank line), at most ``WINDOW`` back."""
    lo = max(0, start - WINDOW)
    k = text.rfind("\n\n", lo, start)
    return k + 2 if k >= 0 else lo


# ----------------------------------------------------------------------------- quotations

_OPEN_CLOSE = {"“": "”", "«": "»", "„": "“", "‘": "’"}
_PAIR = {"“": "”", "«": "»", "„": "“", "‘": "’", '"': '"'}
SPEECH = _lazy(
    r"\b(?:said|says|say|stated|states|state|told|tells|wrote|writes|added|adds|explained|explains|argued|argues|"
    r"declared|declares|announced|announces|warned|warns|noted|notes|commented|comments|claimed|claims|insisted|"
    r"insists|asked|asks|promised|promises|pledged|pledges|vowed|vows|urged|urges|according to|quoted|"
    r"put it|described|describes|called|calls|remarked|remarks|told reporters|said in a statement)\b",
    re.IGNORECASE)
OFFICIAL = _lazy(
    r"\b(?:police|officers?|constables?|sergeants?|sgt|inspectors?|insp|superintendents?|supt|chiefs?|commissioners?|"
    r"commanders?|detectives?|sheriffs?|deputies|deputy|ministers?|secretary|mayors?|councill?ors?|council(?:man|woman|members?)?|"
    r"government|premier|president|prime minister|MPs?|MLAs?|MEPs?|senators?|attorneys?|prosecutors?|D\.?A\.?|governors?|"
    r"lawmakers?|legislators?|politicians?|parliamentarians?|member of parliament|sponsor of|rapporteur|"
    r"home office|department|ministry|officials?|authorit(?:y|ies)|force|constabulary|city|state|crown|"
    r"the plan|the strategy|the policy|the guidelines?|the report)\b", re.IGNORECASE)
CRITIC = _lazy(
    r"\b(?:sex workers?|advocates?|activists?|critics?|campaigners?|researchers?|academics?|scholars?|collective|"
    r"alliance|coalition|network|union|organi[sz]ations?|amnesty|human rights watch|unaids|who|pivot|pace|swan|"
    r"stella|nswp|swop|opponents?|residents?|outreach workers?)\b", re.IGNORECASE)


@_per_text
def enclosing_quote(text: str, start: int, end: int) -> Optional[tuple[int, int]]:
    """(open, close) positions of the quotation marks around ``text[start:end]``, or None.
    A quotation counts only when it closes within ``WINDOW`` characters and the same
    paragraph: an opening mark that is never closed hides nothing."""
    lo = paragraph_start(text, start)
    hi = min(len(text), end + WINDOW)
    para_end = text.find("\n\n", end, hi)
    if para_end >= 0:
        hi = para_end
    before = text[lo:start]
    after = text[end:hi]
    best: Optional[tuple[int, int]] = None
    # straight double quotes: an odd number before the match means it is inside
    if before.count('"') % 2 == 1:
        close = after.find('"')
        if close >= 0:
            best = (lo + before.rfind('"'), end + close)
    for op, cl in _OPEN_CLOSE.items():
        o = before.rfind(op)
        if o < 0:
            continue
        if op == "‘" or op == "„":
            # a closing mark between the opening one and the match closes it
            if cl in before[o + 1:] and not _apostrophe_only(before[o + 1:], cl):
                continue
        elif before.rfind(cl) > o:
            continue
        c = _closing(after, cl)
        if c >= 0:
            cand = (lo + o, end + c)
            if best is None or cand[0] > best[0]:
                best = cand
    if best is None:
        # a quotation that opens a sentence and runs past it (a quoted passage of several
        # sentences): quoted to the end of this sentence, no further
        s, e = sentence_bounds(text, start, end)
        lead = text[s:start]
        m = re.match(r"\s*(?:[\w ,.’'-]{0,80}?(?:said|says|stated|wrote|added|told \w+)\s*[:,]\s*)?"
                     r"([“\"‘«]|'(?=\w))", lead)
        if m and not any(c in _without_apostrophes(lead[m.end():]) for c in "”\"’»'") \
                and _closing(text[end:e], _PAIR.get(m.group(1), m.group(1))) < 0:
            return (s + m.start(1), e)
        # ... and the end of such a passage: a sentence that closes a quotation it never
        # opened (the text begins inside the quotation), at its end or before "said X"
        closed = _closes_unopened(text, lo, start, end, e)
        if closed is not None:
            return closed
    # straight single quotes used as quotation marks: 'like this'
    o = _single_open(before)
    if o >= 0:
        c = _closing(after, "'")
        if c >= 0:
            cand = (lo + o, end + c)
            if best is None or cand[0] > best[0]:
                best = cand
    return best


_IN_WORD_APOSTROPHE = re.compile(r"(?<=\w)[’'](?=\w)|(?<=s)[’'](?=\s)")


def _without_apostrophes(s: str) -> str:
    """``s`` with apostrophes inside or at the end of words (don’t, Men’s, workers’) blanked."""
    if "'" not in s and "’" not in s:
        return s  # nothing to blank (the expression's look-behinds cost 40 µs on a 600-character window)
    return _IN_WORD_APOSTROPHE.sub(" ", s)


_CLOSE_AT_END = re.compile(r"^[^“”\"«»‘]*?([”\"»’]|'')\s*(?:$|\n|[,.]?\s*(?:[\w.’' -]{0,60}?\b(?:said|says|added|"
                           r"told|stated|wrote|according to)\b))")


def _closes_unopened(text: str, lo: int, start: int, end: int, e: int) -> Optional[tuple[int, int]]:
    """(paragraph start, close) when the sentence ends a quotation whose opening mark is not in
    the text (no mark of any kind before the match in its paragraph, a closing mark at the
    end of the sentence or before an attribution); else None."""
    raw = text[lo:start]
    if any(c in raw for c in "“”\"«»‘"):  # marks the blanking of apostrophes leaves as they are
        return None
    before = _without_apostrophes(raw)
    if "’" in before or "''" in before:
        return None
    after = text[end:min(len(text), e + 80)]
    m = _CLOSE_AT_END.match(_without_apostrophes(after) if "’" in after or "'" in after else after)
    if m is None or end + m.start(1) > e + 2:
        return None
    return (lo, end + m.start(1))


def _apostrophe_only(s: str, mark: str) -> bool:
    """Every ``mark`` in ``s`` is an apostrophe inside a word (don’t, sex workers’)."""
    for i, ch in enumerate(s):
        if ch == mark and not (0 < i < len(s) - 1 and s[i - 1].isalpha() and s[i + 1].isalpha()):
            return False
    return True


def _closing(after: str, mark: str) -> int:
    """The first ``mark`` in ``after`` that closes a quotation (not an apostrophe inside a
    word, as in *don’t*)."""
    i = after.find(mark)
    while i >= 0:
        prev_alpha = i > 0 and after[i - 1].isalpha()
        next_alpha = i + 1 < len(after) and after[i + 1].isalpha()
        if not (prev_alpha and next_alpha):
            return i
        i = after.find(mark, i + 1)
    return -1


def _single_open(before: str) -> int:
    """The last straight single quote in ``before`` that opens a quotation (after a space or
    bracket, not inside a word) and is not closed before the match."""
    i = before.rfind("'")
    while i >= 0:
        prev = before[i - 1] if i > 0 else " "
        nxt = before[i + 1] if i + 1 < len(before) else "x"  # the match itself follows
        if (prev.isspace() or prev in "([{:—–-") and nxt and not nxt.isspace():
            inner = before[i + 1:]
            return i if _closing(inner, "'") < 0 else -1
        i = before.rfind("'", 0, i)
    return -1


_PRONOUN_SPEAKER = _lazy(r"^\W*(?:he|she|they)\s+(?:\w+\s+)?(?:said|says|added|told|explained|stated|warned|vowed)\b|"
                         r"\b(?:he|she|they)\s+(?:\w+\s+)?(?:said|says|added|stated|warned|vowed)\W*$", re.IGNORECASE)
_WE_WILL = _lazy(r"\b(?:we|we[’']ll|we[’']re)\b(?:\s+[\w’'-]+){0,2}?\s+(?:will|shall|are going to|[’']ll|gonna|continue to|"
                 r"intend to|plan to|have (?:always )?(?:targeted|arrested|raided|cleared|charged))\b|\bwe[’']ll\b|\bour (?:officers|"
                 r"operations?|patrols?|raids?|enforcement)\b", re.IGNORECASE)
"""A speaker the sentence names by a pronoun only, and a quotation in the first person plural of
an enforcer's intent: "we will carry out raids", "we're gonna run more operations"."""


class Quote:
    """A quotation around a match and what kind it is."""

    __slots__ = ("open", "close", "inner", "speaker", "direct")

    def __init__(self, text: str, open_: int, close: int, sentence: tuple[int, int]):
        self.open, self.close = open_, close
        self.inner = text[open_ + 1:close]
        s, e = sentence
        lead = text[max(s, open_ - 160):open_]
        trail = text[close + 1:min(len(text), close + 160)]
        self.speaker = ""
        m = None
        for m in SPEECH.finditer(lead):
            pass
        if m is not None:
            # "X said: '...'", and reported speech with a quoted fragment ("the report said
            # they were 'a nuisance'"): the words are X's
            self.speaker = lead[:m.end()]
        elif lead.rstrip().endswith(":"):
            self.speaker = lead
        else:
            t = re.match(r"\s*[,.!?]?\s*([^.!?;]{0,80}?)\b(" + SPEECH.pattern[2:-2] + r")\b([^.!?;]{0,60})", trail,
                         re.IGNORECASE)
            if t:
                self.speaker = t.group(1) + t.group(2) + t.group(3)
        words = len(self.inner.split())
        # a whole quoted sentence ends with its stop; a word or two with the stop inside the
        # marks (American style: were “johns.”) is a scare-quoted word at a sentence's end
        self.direct = bool(self.speaker) or words >= 6 or (words >= 3 and bool(re.search(r"[.!?]\W*$", self.inner.strip())))

    def cites(self, match: str) -> bool:
        """A quoted phrase of several words holding the match (*“promotion of prostitution”*,
        *‘juvenile prostitution’*) cites someone's wording; a lone word in quotes (*“johns”*)
        is the writer's scare quote."""
        return self.direct or len(self.inner.split()) > len(match.split())

    @property
    def official(self) -> bool:
        """Said by someone who speaks for the policy (police, council, government), or by a
        speaker named only by a pronoun who speaks as the enforcer ("“We will carry out raids
        and patrols ...,” he said": the quote's own policy voice says whose it is)."""
        if not self.speaker:
            return False
        if _PRONOUN_SPEAKER.search(self.speaker) and _WE_WILL.search(self.inner):
            return True
        if CRITIC.search(self.speaker) and not re.search(r"\bpolice|council|government|ministry|department|mayor",
                                                          self.speaker, re.IGNORECASE):
            return False
        return bool(OFFICIAL.search(self.speaker))


# ----------------------------------------------------------------------------- cues

MENTION_BEFORE = _lazy(
    # a word named as a word, or the name something is called by: a term may follow a term it
    # is coordinated with ("the term child or youth prostitute"), and the word after a name
    # cue may follow a youth word (the youth rule's span may leave it out: "should not be
    # referred to as – child prostitutes")
    r"(?:\b(?:the|a|an|this|that|such)\s+)?\b(?:terms?|words?|labels?|phrases?|expressions?|euphemisms?|slurs?)\b"
    r"\s*[,:–—]?\s*[\"'“‘«]?\s*(?:(?!(?:of|the|a|an|to|for|in|on|by|with|from|who|that|are|is|were|was)\b)[\w-]+\s+"
    r"(?:or|and)\s+(?:[\w-]+\s+)?)?$|"
    r"(?:\b(?:the|a|an|this|that|such)\s+)?\b(?:names?|notions?|concepts?|so-called|so called|(?:is|are|was|were|be|being)\s+"
    r"(?:called|termed|labell?ed|described as|referred to as|known as)|called|termed|labell?ed|dubbed|known as|"
    r"referred to as)\b\s*[,:–—]?\s*[\"'“‘«]?\s*(?:(?:child|youth|teen(?:age)?|juvenile|under-?age|adolescent)\s+)?$|"
    r"(?:\b(?:the|a|an|this|that|such)\s+)?\b(?:language|vocabulary|slogans?|rhetoric|headlines?|"
    r"written as|worded as|phrased as|spelled|spelt|the use of|using|avoid(?:s|ing)?|"
    r"instead of|rather than|as opposed to|replac(?:e|es|ed|ing))\s*[,:–—]?\s*[\"'“‘«]?\s*$|"
    # a thing denied in quotation marks: "there is no such thing as a ‘child prostitute’"
    r"\bno such thing as(?:\s+an?)?\s*[\"'“‘«]\s*$|"
    # "such as" and "like" introduce examples of things as often as of words: a mention only
    # with the word in quotation marks ("words such as 'hooker'"; not "crimes such as prostitution")
    r"\b(?:such as|like|references? to)\s*[,:]?\s*[\"'“‘«]\s*$|"
    # an insult reported: "a guard called her a prostitute", "to call a fellow lady a whore"
    r"\b(?:call(?:s|ed|ing)?|branded|labell?ed|dubbed)\s+(?:[\w’'-]+\s+){0,2}?(?:her|him|them|me|us|you|lady|"
    r"woman|women|girls?|wife|daughter|mother|sister|colleague|person)\s+an?\s+$|"
    r"\b(?:was|were|been|being|gets?|got)\s+(?:called|branded|labell?ed|dubbed)\s+an?\s+$", re.IGNORECASE)
MENTION_AFTER = _lazy(r"^\s*[\"'”’»]?\s*(?:is|are|was|were)\s+(?:a|an|the)?\s*(?:term|word|label|phrase|slur|"
                           r"euphemism|misnomer)\b|^[\"'”’»]?\s*\((?:sic\b|terms? used (?:by|in)|as (?:the )?\w+ "
                           r"(?:calls?|puts?) it)", re.IGNORECASE)
MENTION_LIST = _lazy(r"\b(?:terms?|words?|labels?|phrases?|expressions?|euphemisms?|slurs?|language)\s+(?:such as\s+|like\s+)?"
                          r"[‘'\"“][^’'\"”]{1,40}[’'\"”]\s*(?:,|and|or|as well as)\s*[‘'\"“]?\s*$|"
                          r"\bword\s*[—–-]\s*$", re.IGNORECASE)

NEGATION = _lazy(
    r"\b(?:no|not|never|without|nor|neither|none|nobody|avoid(?:s|ing|ed)?|instead of|rather than|no longer|"
    # a prohibition of an act ("prohibits officers from using condoms as evidence", "prohibit the
    # arrest of"), not the prohibited thing ("a prohibited brothel", "street prostitution is
    # prohibited and sex workers will be arrested": the prohibition is the enforcement)
    r"refrain(?:s|ing|ed)? from|prohibit(?:s|ing)?(?= (?:[\w-]+ ){0,3}?(?:from )?\w+ing\b| the (?:use|practice|arrest|"
    r"detention|removal|eviction|harassment|profiling|seizure|confiscation)\b)|prohibited from|"
    r"oppose[sd]?|opposing|opposition to|reject(?:s|ed|ing)?|"
    r"end(?:s|ed|ing)? the (?:use|practice) of|don[’']t|doesn[’']t|didn[’']t|won[’']t|wouldn[’']t|shouldn[’']t|isn[’']t|"
    r"aren[’']t|wasn[’']t|weren[’']t|cannot|can[’']t|against|halt(?:ed|s)?|discontinu(?:e|ed|es|ing)|"
    r"abandon(?:ed|s|ing)?|no more|moving away from|move away from|away from|an end to|end to|ended|stop(?:ped|s)?|"
    r"stopping|preventing|halting|resisting|opposing|fighting against|"
    r"ban(?:ned|s)? on|less|fewer|beyond|free from|freedom from|protect(?:ed|s|ing)? from|protection from|"
    r"safe from|alternatives? to|unnecessary|unwarranted|unjustified|unlikely|"
    # a measure undone: "the review removed the ban on sex workers entering the park"
    r"(?:remov|repeal|rescind|overturn|scrapp?|lift|abolish)(?:e|es|ed|ing|s)? the|struck down the|strikes? down the|"
    # the laws that do it, to be undone: "the need to remove laws that criminalize sex work"
    r"(?:remov|repeal|rescind|overturn|scrapp?|abolish|strik)(?:e|es|ed|ing|s)? (?:down )?(?:(?:the|all|any|those|these) )?"
    r"(?:[\w-]+ )?(?:laws?|provisions?|legislation|statutes?|by-?laws?|ordinances?|sections?|offen[cs]es?|polic(?:y|ies)) (?:that|which))\b",
    re.IGNORECASE)
NOT_NEGATION = _lazy(r"\bnot (?:only|merely|just|simply|solely)\b|\bno doubt\b|\bnot least\b|\bnothing but\b|"
                          # resolve, not negation: "will not hesitate to revoke the licence"
                          r"(?:\bnot|n[’']t) hesitate\b|"
                          # doubt denied is assent: "I do not doubt that there is a need to curb ...",
                          # "there is no denying that ..."
                          r"(?:\bnot|n[’']t) (?:doubt|deny|dispute|question)\b|\bno (?:denying|disputing|question)\b|"
                          # opposition denied is assent too: "residents are not critical of the plan to ..."
                          r"(?:\bnot|n[’']t) (?:(?:at all|in any way|remotely)\s+)?(?:critical|opposed|against|hostile|averse|"
                          r"objecting)\b|(?:\bnot|n[’']t) (?:oppose|object to|criticise|criticize|condemn|reject)\b|"
                          # an idiom of assent: "it goes without saying that ...", "without a doubt"
                          r"\bwithout (?:saying|a doubt|doubt|question)\b|"
                          r"\bnos?\.\s*\d|"  # "By-law No. 5": a number, not a negation
                          r"\bno (?:person|one|individual|man|woman) (?:shall|may|is permitted|is allowed)\b",
                          re.IGNORECASE)
NEGATION_AFTER = _lazy(
    r"^\W*(?:(?!that\b|who\b|which\b|whom\b|when\b|if\b|because\b)[\w’'-]+\W+){0,4}?"
    r"(?:is|are|was|were|will|shall|should|must|would|do|does|did|can|could|has|have|had)"
    r"(?:n[’']t|\s+(?:not|never|no longer))\b"
    # (not a critique denied: "the decision to move prostitutes off the streets should not be
    # seen as a harsh act" defends the measure)
    r"(?![\w\s]{0,40}?\b(?:harsh|draconian|punitive|cruel|unfair|unjust|heavy-handed|excessive|discriminatory|"
    r"inhumane|an attack on)\b)|"
    r"^\W*(?:[\w’'-]+\W+){0,3}?(?:has|have|had) no (?:place|role|part)|"
    r"^\W*(?:[\w’'-]+\W+){0,2}?(?:never|rarely|seldom)\s+(?:work|works|worked|help|helps|helped|reduce|reduces)",
    re.IGNORECASE)
REPORTED = _lazy(
    # what people other than the policy's voice say: sex workers and research participants,
    # and residents, neighbours and business owners ("a resident's complaint is not policy
    # voice", LABELLING.md)
    r"\b(?:(?:sex workers|sex (?:worker|workers[’']?) (?:groups|organi[sz]ations|advocates|collectives|rights groups|"
    r"activists|networks)|participants|respondents|interviewees|women|workers|residents?|neighbou?rs?|"
    r"business owners?|business people|businesspeople|shopkeepers?|shop owners?|locals)\s+"
    r"(?:also\s+)?(?:tells? us|told us|told (?:researchers|interviewers|the \w+)|describes?|described|reports?|reported|"
    r"recounted|recalled|spoke of|talked about|explained|said|say|says|experienced?|"
    # their hopes: "some local residents hoped the restriction would discourage johns" (not what they
    # want, ask for or complain of, which a police action answers: "residents asked for sweeps, and
    # the police agreed")
    r"hoped?\b|hopes|believe\b|believed(?!\s+to\b)|think\b|thought\b)|"
    r"(?:et al|ibid)\b|\(\d{4}\)|\b(?:19|20)\d\d[a-z]?\)|(?:we|they) (?:found|observed|heard)|"
    r"(?:some|many|other|several|certain) (?:\w+ ){0,2}(?:have |has )?(?:advocated|argued|proposed|suggested|"
    r"claimed|contended|insisted)|(?:some|many|others|other [\w-]+|several|certain [\w-]+) (?:\w+ ){0,2}(?:are|were|is|was) "
    r"of the (?:view|opinion|belief)|(?:some|others) (?:believe|believed|feel|felt|think|thought|maintain|contend)|"
    r"(?:respondents|participants|interviewees|contributors|submissions) (?:\w+ ){0,2}"
    r"(?:feel|felt|believe|believed|believing|think|thought|argued?|said|suggested|hold|held|expressed|called for|"
    r"supported|favou?red|wanted)|"
    # a court's reading of a law, a party's argument in court, a camp's position: reported
    r"(?:the |a |high |supreme |appeal )?(?:court|judges?|tribunal|panel)s? (?:\w+ ){0,2}(?:found|held|concluded|ruled|"
    r"noted|observed|accepted|reasoned)|(?:crown|government|defence|prosecution|applicants?|respondents?) "
    r"(?:\w+ ){0,6}arguing|(?:proponents|supporters|advocates|opponents|abolitionists|campaigners|critics) "
    r"(?:of (?:the )?[\w-]+(?: [\w-]+)? )?(?:\w+ )?(?:say|said|argue|argued|claim|claimed|seek|sought|want|wanted|"
    r"believe|believed|hold|maintain|contend)|[\w-]+-model advocates|the assumption (?:of|behind|that)|"
    # what an older document said, by its date or as superseded: quoted, not adopted
    r"\b(?:the|a|an|its|that) (?:(?:19|20)\d\d|earlier|previous|former|old|original|superseded|repealed) (?:[\w-]+ ){0,2}"
    r"(?:report|review|strategy|plan|bylaw|by-law|policy|document|inquiry|study|guidance|guidelines)s? (?:\w+ ){0,2}"
    r"(?:said|stated|described|called|characteri[sz]ed|portrayed|referred to|labell?ed|depicted|framed|spoke of))",
    re.IGNORECASE)
"""Experience and positions reported, not endorsed: what sex workers told researchers, what
"some feminists have argued", a citation. (Research findings themselves are not enough: a
finding that enforcement "worked" is still enforcement-first; one that it harmed is a
``critique``.)"""
RESEARCH = _lazy(
    r"\b(?:(?:our|the|this|these|a|new|recent)\s+)?(?:findings|study|studies|research|evidence|data|analysis|analyses|"
    r"evaluation|review|survey|interviews?|results|literature)\s+(?:\w+\s+){0,3}?(?:shows?|showed|shown|found|finds?|"
    r"suggests?|suggested|indicates?|indicated|demonstrates?|demonstrated|highlights?|highlighted|reveals?|revealed|"
    r"documents?|documented|confirms?|confirmed|points? to)\b|"
    # a report's or a survey's finding, with its subject's details between ("a 2009 report,
    # commissioned by the Immigrant Council of Ireland, found that ...", "interviews and surveys of
    # officers at 200 police departments nationwide since 2008 found ...")
    r"\b(?:(?:a|an|the|this|that|one|\d{4})\s+)*(?:reports?|surveys?|interviews?|studies|study|inquiry|audit)\b"
    r"[^.;:]{0,90}?\b(?:found|finds|showed|shows|revealed|reveals|concluded|concludes)\s+(?:that\b)?|"
    r"\baccording to (?:a |the |an )?(?:new |recent )?(?:study|research|report|survey|evaluation|analysis)|"
    r"\bwe (?:(?:then|also|further|first|next|now|therefore|thus|briefly|\w+ly) )?(?:argue|found|find|examine|explore|assess|evaluate|analy[sz]e|analy[sz]ed|investigate|describe|review|"
    r"compare|discuss|document|estimate|trace|examined|explored|interviewed|surveyed)\b|"
    r"\b(?:this|the|our) (?:study|paper|article|report|chapter|brief|thesis|review|research) (?:examines|explores|"
    r"assesses|evaluates|analy[sz]es|describes|investigates|argues|reviews|considers|compares|discusses|documents|"
    r"maps|traces)\b|\b(?:the )?(?:aim|purpose|objective) of (?:this|the|our) (?:study|paper|article|research|"
    r"chapter|thesis) (?:is|was) to\b|^\s*(?:Setting|Methods?|Results?|Background|Objectives?|Conclusions?)\s*:|"
    r"\binterviewed (?:for|by|in)\b|\b(?:researchers|scholars|academics|critics) (?:\w+ ){0,2}(?:say|said|argue|found|note)",
    re.IGNORECASE)
"""Research voice: findings described, not a policy stated. It lifts a match unless the
sentence counts enforcement as a success (``SUCCESS``): a government evaluation that "the
ban has had the intended effect" is still enforcement-first."""
SUCCESS = _lazy(r"\b(?:success\w*|effective\w*|intended effect|worked|works well|halved|paid off|proven|"
                     r"important (?:tool|instrument)|achiev\w+)\b", re.IGNORECASE)
CRITIQUE = _lazy(
    r"\b(?:criticis(?:e|ed|es|ing|m)|criticiz(?:e|ed|es|ing)|condemn(?:s|ed|ing|ation)?|denounc(?:e|ed|es|ing)|"
    r"oppos(?:e|es|ed|ing|ition)|reject(?:s|ed|ing|ion)?|call(?:s|ed|ing)? (?:for|on) (?:an end to|the end of|an end of|"
    r"ending|a halt|a stop|a moratorium|the repeal)|repeal(?:ed|ing)?|moratorium|counter-?productive|ineffective|"
    r"ineffectual|(?:has|have|had) failed|"
    # the measure's outcome against its intent: "intended to stop sex trafficking but instead has led
    # to a crackdown on sex workers", "unintended consequences"
    r"(?:but|yet|and) instead (?:it )?(?:has |have |had )?(?:led|leads?|resulted|results?|caused|causes?|created|creates?)|"
    r"unintended (?:consequences?|effects?|harms?)|"
    # support for the measure ended: "the cessation of support for enforcement against sex workers"
    r"(?:cessation|discontinu(?:ation|ance)|withdrawal) of (?:(?:support|funding) for |the use of )?(?:\w+ )?(?:enforcement|policing|"
    r"police|raids?|arrests?|crackdowns?|sweeps?|operations?|dispersal|orders?)|fail(?:s|ed|ing)? to (?:reduce|protect|work|stop|deter|prevent|make|end)|"
    r"failure of|futile|"
    # (not the harm the activity itself is said to do: "a practice that harms so many people",
    # "prostitution harms all women" -- the development part: 7 of 7 such sentences framing)
    r"(?<!practice that )(?<!practice which )(?<!trade that )(?<!trade which )(?<!industry that )(?<!industry which )"
    r"(?<!prostitution )(?<!sex trade )(?<!exploitation )"
    r"(?:harm|harms|harmed|harming|endanger\w*|hurt|hurts) (?:(?!and\b|or\b)\w+ ){0,2}(?:sex workers|women|them|people|"
    r"those)|(?:endanger\w*|undermin\w+) (?:[\w’'-]+ ){0,3}(?:sex workers|women|people|health|safety|rights)|"
    r"(?:is|are|was|were) (?:(?:also|often|particularly|especially|inherently|very|so) )?(?:dangerous|detrimental|"
    r"counter-?productive|harmful|damaging) (?:because|as|since|in that|and)\b|"
    r"(?:is|are|was|were|be|been) (?:\w+ )?(?:harmful|damaging|dangerous|unsafe) (?:to|for) (?:\w+ ){0,2}"
    r"(?:sex workers|women|them|people|those|health)|"
    r"(?:plac|put|leav|push)\w* (?:\w+ ){0,2}outside (?:the )?(?:law|protection of the law)|"
    r"(?:allow|leav)\w* (?:them|sex workers|women|workers) (?:\w+ ){0,2}to be (?:victimi[sz]ed|exploited|abused|attacked|robbed)|"
    r"misguided|myths?|stereotyp\w+|(?:erroneous|mistaken|false|wrong|unfounded|misplaced|flawed) (?:beliefs?|assumptions?|"
    r"notions?|ideas?|perceptions?|premises?)|stigmati[sz](?:e|es|ed|ing|ation)|discriminat\w+|punitive|heavy-handed|"
    r"(?:proposals?|laws?|bills?|polic(?:y|ies)|approach(?:es)?|models?|plans?|measures?|legislation|strateg(?:y|ies)) "
    r"(?:\w+ ){0,2}(?:is|are|was|were) (?:\w+ )?(?:bad|wrong|flawed|unjust|unacceptable) (?:because|as|since|in that)|"
    r"enabl(?:e|es|ed|ing) (?:\w+ ){0,2}(?:abuses?|violence|exploitation|harassment|corruption|extortion)|"
    r"draconian|at the expense of|at odds with|contrary to(?! (?:any |the |this |that |a |an |such )?(?:[\w-]+ ){0,3}(?:provisions?|sections?|subsections?|statutes?|laws?|ordinances?|by-?laws?|regulations?|rules|code|acts?|orders?|terms|conditions|portions?)\b)|violat(?:e|es|ed|ing|ion|ions) of|unfair(?:ly)?|"
    r"pretext|in the name of|disproportionate(?:ly)?|critical of|boast(?:s|ed|ing)?|self-defeating|backfir(?:e|es|ed|ing)|"
    r"(?:do|does|did|doing) more harm than good|"
    # a measure attacked in the press ("the Home Office was attacked for focusing instead on campaigns
    # against kerb-crawlers")
    r"(?:was|were|is|are|has been|have been|being) (?:\w+ )?(?:attacked|slammed|blasted|lambasted|castigated|"
    r"rebuked|chastised|faulted|pilloried|derided) (?:for|over)\b|"
    # a measure "under the guise of" protection is the writer's doubt; a brothel "operating under the
    # guise of a massage parlour" is a police report's description of the premises
    r"distort\w*|deportations?|family separation|(?<!operating under the )(?<!operated under the )"
    r"(?<!operates under the )(?<!run under the )(?<!running under the )guise"
    # people or premises passing for something else ("entering Singapore under the guise of
    # social visitors") are described, not doubted
    r"(?! of (?:an? |the )?(?:[\w-]+ )?(?:visitors?|tourists?|students?|entertainers?|masseuses?|models?|dancers?|hostess\w*|"
    r"waitress\w*|workers?|employees?|spas?|massage|businesses|establishments?|parlou?rs?|hotels?|salons?|clubs?))|over-?polic\w+|"
    r"reduc\w+ (?:\w+ ){0,2}(?:income|earnings|safety|access|ability)|"
    r"harsh|(?:rarely|seldom|never|do not|does not|did not) (?:\w+ ){0,2}(?:accomplish|achieve|succeed|reduce|work|help|"
    r"protect)\w*|expensive|costly|waste of|wasteful|protest\w*|"
    r"(?:fuel(?:l)?ed|driven|caused|exacerbated|worsened|compounded) by (?:\w+ ){0,3}(?:laws?|polic(?:y|ies)|criminali\w+|"
    r"enforcement|policing|crackdowns?|raids?)|"
    r"(?:police|officers?) (?:\w+ ){0,3}(?:rob|robbed|extort\w*|beat|beaten|abuse[sd]?|assault\w*|rape[sd]?)|"
    r"(?:rob|robbed|extort\w*|beat|assault\w*) (?:\w+ ){0,3}(?:sex workers|women|them)|condoms as evidence|"
    r"(?:claims?|claimed|claiming) (?:that )?|allegedly|purportedly|supposedly|ostensibly|"
    r"human rights (?:abuses|violations)|abuses? of|"
    r"warn(?:s|ed|ing)? (?:against|of)|"
    # a warning of harm (not an enforcer's warning of what it will do: "police warned that they
    # will rid the city of sex workers")
    r"warn(?:s|ed|ing)? that (?:[\w’'“”\"-]+ ){0,12}?(?:harm|endanger|push|drive|increas|put|expos|undermin|isolat|risk|"
    r"danger|displac|deter|less safe|more dangerous|vulnerab|violen|underground|backfire|counterproductive|ineffective|"
    r"mistrust|distrust)\w*|undermin(?:e|es|ed|ing)|jeopardi[sz](?:e|es|ed|ing)|"
    r"put(?:s|ting)? (?:\w+ ){0,3}at (?:greater |more |increased )?risk|expos(?:e|es|ed|ing) (?:\w+ ){0,3}to "
    r"(?:violence|harm|risk)|deter(?:s|red|ring)? (?:\w+ ){0,3}from (?:reporting|seeking|accessing|carrying|screening)|"
    r"(?:push|pushes|pushed|pushing|drive|drives|drove|driven|driving|force|forces|forced|forcing|displac\w+) "
    r"(?:\w+ ){0,4}(?:into|to|towards) (?:more )?(?:\w+ (?:and|or) )?(?:isolated|remote|dark|darker|hidden|unsafe|dangerous|less safe|"
    r"riskier|unfamiliar|industrial)|underground|(?:increas|rais|heighten|wors|exacerbat)(?:e|es|ed|ing) "
    r"(?:\w+ ){0,4}(?:risks?|violence|harms?|dangers?|vulnerability|isolation|stigma)|"
    r"leads? to (?:more |increased |greater )?(?:violence|harm|risk)|less safe|more dangerous|"
    # what the measure cost people's health: "the 2008 crackdown led to significant decreases in the
    # number of sex workers attending health services", "sweeps made sex workers avoid outreach",
    # "less likely to carry condoms"
    r"(?:fewer|decreases? in|declines? in|drops? in|reductions? in|falls? in) (?:the )?(?:number of )?"
    r"(?:[\w-]+ )?(?:sex workers|women|people|them) (?:\w+ )?(?:attending|accessing|using|seeking|visiting|reaching|"
    r"contacting|carrying|getting) (?:\w+ ){0,3}?(?:health|outreach|services?|clinics?|support|testing|tests|condoms|"
    r"harm reduction|care|treatment)\b|"
    r"(?:avoid\w*|stay\w* away from) (?:\w+ ){0,2}(?:health|outreach|support|harm reduction|testing|clinics?|services)\b|"
    r"less likely to (?:carry|report|seek|access|use|contact|attend|test)\b|"
    # what the measure makes people do: "requiring sex workers to operate further from police",
    # "forcing them to move on to other areas", "causes clients to avoid visible locations"
    r"(?:forc|requir|compel|caus)\w* (?:\w+ ){0,3}to (?:work|operate|move(?: on)?|meet) (?:\w+ ){0,3}?"
    r"(?:further|farther|away|alone|in isolation|isolated|underground|unsafe|riskier|to other areas|elsewhere)|"
    r"caus\w* (?:\w+ ){0,2}(?:clients|customers|buyers) to (?:avoid|rush|hurry)|"
    r"(?:no|little|any) evidence|does not work|do not work|did not work|has not worked|have not worked|"
    r"(?:is|are|was|were) (?:not|never) (?:effective|the answer|a solution)|"
    r"(?:portray|depict|cast|label|paint|stereotype|fram(?:e|es|ed|ing))(?:s|ed|ing)? (?:\w+ ){0,4}as|"
    r"(?:seen|viewed|treated|regarded) (?:as|like) (?:a |the )?(?:nuisance|problem|criminals?|blight)|"
    r"rhetoric|moral panic|war on (?:sex workers|women)|"
    # the writer keeps a distance: someone else's name for it, or a storm around it
    r"what (?:they|police|officers|officials|authorities|the (?:police|city|council|government)) "
    r"(?:called|call|calls|dubbed|billed as)|"
    r"under fire|branded|(?:publicity|pr) stunt|outcry|misgivings|far from|"
    r"question(?:s|ed|ing)? (?:the|whether)|(?:legal )?challenges? to|"
    # enforcement called unlawful or unjust by the writer ("the continued unlawful and wrongful arrest of
    # sex workers"), and a doubt about a measure ("unenthusiastic about the proposed crackdown")
    r"(?:unlawful|wrongful|arbitrary|unjust|unjustified|unwarranted|abusive|brutal|violent|indiscriminate|excessive|"
    r"unconstitutional|illegal)(?:,? (?:and|or) [\w-]+)? (?:arrests?|detentions?|raids?|evictions?|harassment|"
    r"stops|searches|deportations?|crackdowns?|prosecutions?|policing|sweeps?|round-?ups?)|"
    r"(?:unenthusiastic|sceptical|skeptical|doubtful|unconvinced|wary) (?:about|of|that)|"
    # a measure called to be ended, feared, doomed or resisted: "support for police use of dispersal
    # orders against sex workers be terminated", "afraid of being sent to compulsory rehabilitation"
    r"(?:be|being|been) (?:terminated|withdrawn|scrapped|repealed|halted|discontinued|rescinded)|"
    r"(?:be|being|been) (?:removed|struck|deleted|taken) (?:off|out of|from) (?:the )?(?:statute|law|criminal code|books?)|"
    r"(?:afraid|scared|fearful|terrified) of being|doomed|resist(?:s|ed|ing|ance)?(?! arrest)|"
    r"violat(?:e|es|ed|ing) (?:the |their )?(?:\w+ ){0,2}(?:rights|security|charter|constitution|freedoms?)|"
    # the writer's dismay, and the harm the measure does named as such: "are horrified by ...",
    # "the profound harms of criminalizing sex work", "with devastating consequences"
    r"horrified|appalled|dismayed|ill-fated|collateral damage|contradict(?:s|ed|ing)?|refut(?:e|es|ed|ing)|"
    r"debunk(?:s|ed|ing)?|dispel(?:s|led|ling)?|exaggerat(?:ed|ing|ion)|overstated|overblown|(?:we|I) (?:\w+ )?object(?:s|ed)? to|"
    r"(?:terrible|poor|bad|misguided|wasteful) use of|negatively (?:impact|affect)\w* (?:\w+ ){0,3}(?:sex workers|women|"
    r"lives|health|safety|rights)|"
    r"harms? (?:of|caused by|done by) (?:\w+ ){0,2}(?:criminali[sz]\w*|enforcement|policing|crackdowns?|raids?|"
    r"arrests?|sweeps?|stings?)|(?:devastating|disastrous|catastrophic|dire|tragic|deadly) (?:consequences|effects|"
    r"impacts?|results|outcomes))\b",
    re.IGNORECASE)
CONCESSION = _lazy(r"\b(?:although|though|even though|despite|in spite of|notwithstanding)\b", re.IGNORECASE)
_BARE_VERB = _lazy(r"[A-Za-z-]*(?:ss|us|[^\W_s])\b(?<!ed)", re.IGNORECASE)
"""A sentence's first word as an instruction's verb: "Arrest ...", "Harass ...", and the gerund
of a plan's action item ("Targeting kerb crawlers through ..."), not "Arrests of ..." or "Raids
on ..." (plural nouns that report them)."""
_PASSIVE_AUX = _lazy(r"\b(?:is|are|was|were|be|been|being|gets?|got|getting|remains?|stays?)\b", re.IGNORECASE)
"""A form of "be" (or "get", "remain") in a match: the match is a clause with its subject, so its
first word is no instruction's verb."""
HISTORICAL = _lazy(
    r"\b(?:historically(?! (?:been )?(?:associated|known|linked|frequented|popular)\b)|traditionally|"
    # not "in the past two months" (a recent span)
    r"in the past(?! (?:(?:few|couple of|several|\d+|two|three|four|five|six|seven|eight|nine|ten|twelve) )?"
    r"(?:days?|weeks?|months?|years?|decade|fortnight|weekend|night)\b)|previously|formerly|(?<!\bbe )(?<!\bis )(?<!\bare )(?<!being )(?<!\bget )(?<!\bgot )used to(?![^.;]{0,150}?\b(?:shall|will|must|may) be\b)|at (?:that|the) time|in those days|"
    r"for (?:many )?(?:years|decades)|decades ago|years ago|in the (?:early |late |mid-?)?(?:1[6-9]|20)\d0s|"
    r"in the (?:seventeenth|eighteenth|nineteenth|twentieth|17th|18th|19th|20th) century|"
    r"(?:until|prior to|before) (?:the )?(?:1[89]|20[01])\d\d|back in (?:1[89]|20[01])\d\d|"
    r"until (?:relatively |quite |very )?recently|once (?:was|were)|no longer (?:is|are)|(?:long )?history of|"
    r"in (?:1[5-8]\d\d|19[0-8]\d))\b",
    re.IGNORECASE)
EXPLOITATION = _lazy(
    # (not "drug abuse", "substance abuse", "alcohol abuse": no one harms sex workers there)
    r"\b(?:exploit\w*|traffick\w*|violen\w*|(?<!drug\s)(?<!drugs\s)(?<!substance\s)(?<!alcohol\s)abus\w*|coerc\w*|"
    r"predat\w*|pimps?|pimping|child(?:ren)?|minors?|youths?|"
    r"juveniles?|under-?age|teen(?:s|age|aged|agers?)?|pre-?teens?|school ?girls?|adolescents?|girls? under|boys?|"
    r"kids|perpetrators?|aggressors?|bad dates|assault\w*|"
    r"rapists?|rape|murder\w*|harass\w*|extortion|organi[sz]ed crime|gangs?|offenders? who|those who (?:harm|prey|"
    r"exploit|abuse|hurt|target)|prey on|forced (?:labou?r|prostitution)|servitude|slavery|smuggl\w+|"
    r"modern slavery|sexual abuse|grooming|tricked|deceived|lured|duped|forced into|preyed|killed|killing|killers?|"
    r"serial|homicides?)\b", re.IGNORECASE)
POLITE = _lazy(r"\b(?:polite(?:ly)?|respectful(?:ly)?|courteous(?:ly)?|individual request|kindly|ask(?:s|ed)? "
                    r"(?:\w+ )?(?:politely|nicely))\b", re.IGNORECASE)
ENFORCED = _lazy(r"\b(?:police|officers?|enforce\w*|ticket\w*|fines?|order(?:ed|s)?|require[sd]?|must|"
                      r"systematic\w*|routine(?:ly)?|patrols?|arrest\w*|bylaw officers?)\b", re.IGNORECASE)
LEGAL_HEADS = _lazy(
    r"\b(?:Act|Acts|Code|Protocol|Convention|Regulations?|Bill|Charter|Directive|Statute|By-?laws?|Ordinance|Order|"
    r"Orders|Law|Laws|Rules|Treaty|Covenant|Amendment|Decree|Ordinances)\b")
ORG_HEADS = _lazy(
    r"\b(?:Collective|Society|Association|Alliance|Network|Coalition|Project|Centre|Center|Foundation|Union|"
    r"Unit|Squad|Council|Institute|Committee|Coop|Co-op|Federation|League|Organi[sz]ation|Administration|Agency|"
    r"Department|Ministry|Authority|Commission|Board|Office|Clinic|Program(?:me)?|Campaign|Group|Team|Task ?Force|"
    r"Partnership|Initiative|Service|Services|Trust|Fund|Forum|Working Group|Inquiry|Review|Operation|"
    r"Illinois|Now|International|Watch|Women|Court|Tribunal|Police|Constabulary|University|College|Press|Journal|"
    r"Report|Strategy|Plan|Guide|Toolkit|Framework|Patrol|Rapporteur|Mandate|Research|Education|Studies|Movement|"
    r"Directorate|Secretariat|Bureau|Division|Lobby|Caucus|Observatory)\b")
ORG_STRONG = _lazy(
    r"\b(?:Collective|Society|Association|Alliance|Network|Coalition|Foundation|Union|Council|Committee|Commission|"
    r"Ministry|Department|Unit|Squad|Court|Tribunal|University|Institute|Agency|Federation|League|Authority|Board|"
    r"Constabulary|Police|Trust|Fund)\b")
"""Heads that make even a title-case heading a body's name (in a heading, "Program" or
"Strategy" is a common noun)."""
LEGAL_TERM_AFTER = _lazy(
    r"^[\s-]*(?:[-‐]?free\s+(?:zones?|areas?)|or\s+panderer|reference\b|for\s+gain\b|(?:related\s+|based\s+)?(?:offen[cs]es?|"
    r"charges?|provisions?|laws?|legislation|statutes?|convictions?|"
    r"records?|crimes?|arrests?|cases?|counts?|bylaws?|by-laws?|ordinances?|regulations?|prohibitions?|sections?|"
    r"bills?|jail|penalt(?:y|ies)|fines?|"
    r"statutes|legal|criminal|policing|enforcement|court|courts|sentences?|tickets?|citations?|charge)\b|"
    r"in\s+the\s+(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+degree\b|"
    # "prostitution-related", "prostitution loitering" ordinances,
    # diversion and abatement schemes: offence and enforcement wording, the law's category
    r"related\b(?!\s+to\b)|loitering\b|diversion\b|abatement\b|exclusion\b|purposes?\b|"
    # a scheme the law sets up, named by the offence: "prostitution prevention programs" (a
    # Texas court programme: none of 8 mentions in the development part labelled), "prostitution
    # prosecutions", "anti-prostitution emphasis areas"
    r"prevention\s+programm?e?s?\b|prosecutions?\b|emphasis\s+areas?\b)",
    re.IGNORECASE)
LEGAL_OFFENCE_BEFORE = _lazy(
    # what a person is held or charged on suspicion of, and the offences of organising it:
    # "on suspicion of controlling prostitution", "organising and managing prostitution"
    r"(?:\bsuspicion\s+of(?:\s+[\w-]+){0,2}?|"
    r"\b(?:controlling|organi[sz]ing|managing|promoting|inciting|facilitating|abetting|arranging)(?:\s+of)?|"
    # the law's ban: "a ban on prostitution"
    r"\bbans?\s+on)(?:\s+(?:a|an|the|any))?\s*$",
    re.IGNORECASE)
LEGAL_BAN_AFTER = _lazy(r"^[\s-]*bans?\b", re.IGNORECASE)
FORCED_BEFORE = _lazy(r"\b(?:forced|enforced)[’'\"”]?\s*$", re.IGNORECASE)
"""The term of international law for exploitation: the "forced prostitution" of conventions
and EU law, the Rome Statute's "enforced prostitution" (22 of 25 such spans in the development
corpus were left unlabelled by its labellers). Not about young people: "the forced
prostitution of children" is still the sexual exploitation of children called prostitution."""
"""The offence named by its one word, the activity ("on suspicion of controlling prostitution",
"a ban on prostitution", "prostitution bans"). A compound is the writer's category even there
("a ban on street prostitution", "suspicion of street prostitution" keep their finding), and
so is the activity's legal status ("prostitution is legal in ...": labellers of three rounds
marked it as the writer's word 8 times out of 14)."""
LEGAL_TERM_BEFORE = _lazy(
    r"(?:\b(?:charged|charge|charges|convicted|conviction|convictions|arrested|arrests?|guilty|accused|prosecuted|"
    r"prosecution|sentenced|cited|ticketed|detained|tried|acquitted|offen[cs]es?|crimes?)\s+(?:with|of|for|under)"
    r"(?:\s+(?:a|an|the|any))?(?:\s+[\w-]+){0,2}|"
    r"\bfor\s+the\s+purposes?\s+of|\bliving\s+on\s+the\s+avails\s+of|\bavails\s+of|\bprocur\w+|"
    # "loitering with intent to commit prostitution" (the offence's words: never labelled in
    # five sentences of four rounds); "degrees of prostitution" (an offence's grades)
    r"\bintent(?:ion)?\s+to\s+(?:commit|engage\s+in)|\bdegrees?\s+of|"
    # the offences of bringing another to it: "soliciting or enticing another to commit prostitution"
    r"\b(?:entic|induc|procur|persuad|compel|caus)\w*\s+(?:[\w-]+\s+){0,2}?to\s+(?:commit|engage\s+in)|"
    r"\b(?:offen[cs]es|laws|provisions|charges|crimes)\s+(?:that\s+|which\s+)?(?:all\s+)?relate\s+to|"
    r"\b(?:the\s+)?offen[cs]es?\s+(?:of|relating\s+to|related\s+to|involving|against)(?:\s+[\w-]+){0,2}|"
    r"\blaws?\s+(?:on|against|relating\s+to|related\s+to|governing|regulating|prohibiting|criminali[sz]ing)|"
    r"\blegislation\s+(?:on|against|relating\s+to|governing|prohibiting)|\bunder\s+(?:the\s+)?(?:\w+\s+){0,3}|"
    r"\b(?:section|s|ss|art|article|subsection|para)\.?\s*\d+[\w().]*\s+(?:\w+\s+){0,4}|"
    r"\bkeeping\s+a|\b(?:felony|misdemeanou?r|class\s+[a-c]\s+misdemeanou?r|summary|indictable)|"
    r"\b(?:evidence|promotion|houses?|exploitation|outlawed|prohibited|prohibiting|prohibits|convicted|convictions?)"
    r"\s+of(?:\s+the)?|\b(?:relating|related|pertaining)\s+to|"
    r"\bsolicit(?:ing|ation)?\s+(?:for|of)|\bcommunicating\s+for|"
    # an offence against a young person named by what is done with them: "solicitation of a minor
    # for prostitution", "patronizing a minor for prostitution" (the law's words; the sentence's
    # young person does not make them the writer's)
    r"\b(?:solicit(?:ing|ation|s|ed)?|patroni[sz](?:e|es|ed|ing)|promoting|procur(?:e|es|ed|ing|ement)|pandering|"
    r"compelling|inducing|enticing|transporting|purchasing|buying|offering|using|employing)\s+(?:of\s+)?(?:a|an|any)\s+"
    r"(?:minor|child|juvenile|person\s+under\s+(?:the\s+age\s+of\s+)?\d+)\s+for|"
    # offences named by what is done with or to the person: "patronizing a prostitute",
    # "procurement of a prostitute", "living off the earnings of a prostitute", "paying for
    # sexual services of a controlled prostitute"
    r"\bpatroni[sz](?:e|es|ed|ing)(?:\s+for)?|\bprocurement\s+of|\bearnings\s+of|"
    r"\b(?:paying|payment|pay)\s+for\s+(?:sex|sexual\s+(?:services|activity|acts?))(?:\s+(?:with|of))?|"
    r"\banti-|"
    # a law named by its subject: "the Criminal Code regarding prostitution"
    r"\b(?:codes?|acts?|laws?|statutes?|bills?|ordinances?|chapters?|provisions?|legislation)\s+(?:regarding|concerning|"
    r"dealing\s+with|addressing|(?:that|which)\s+(?:govern|regulate|criminali[sz]e|prohibit|cover)s?))"
    r"(?:\s+(?:a|an|the|any))?(?:\s+controlled)?(?:\s+(?:engag(?:e|es|ed|ing)|participat\w+)\s+in)?\s*$",
    re.IGNORECASE)
LEGAL_ACTIVITY_BEFORE = _lazy(
    r"(?:\b(?:charged|charges|charging|convicted|convicting|arrested|arresting|arrests?|prosecuted|prosecuting|"
    r"sentenced|cited|ticketed|detained|detaining|jailed|jailing|fined|fining|booked|cautioned)"
    r"(?:\s+[\w-]+){1,4}?\s+(?:with|for)|"
    # the penalty or the count an offence carries: "mandatory minimum sentences for", "counts of"
    r"\b(?:sentences?|penalt(?:y|ies)|fines?|jail\s+terms?|prison\s+terms?|punishments?|counts?|records?|"
    r"commission|citations?|tickets?|warrants?|convictions?|cautions?|liabilit(?:y|ies))\s+(?:for|of)|"
    r"\bsolicit(?:ing|ation|s|ed)?(?=(?:\s+(?:a|an|the|any))?\s*$)|"
    # offences named by what is done to bring it about ("promoting prostitution in the second
    # degree", "permitting prostitution", "compelling prostitution", "advancing prostitution"):
    # 27 such phrases in the development part, 12 found and 3 labelled
    r"\b(?:promoting|permitting|compelling|compelled|advancing)(?=\s*$))(?:\s+(?:a|an|the|any))?"
    r"(?:\s+(?:engag(?:e|es|ed|ing)|participat\w+)\s+in|(?:\s+[\w-]+){0,1})\s*$",
    re.IGNORECASE)
"""Offence wording that names the activity, not the people: "arrested 40 people for
prostitution", "sentences for prostitution", "soliciting prostitution" (but "men who solicit
prostitutes" and "punishments for pimps" are the writer's words for people)."""
LEGAL_LIST_AFTER = _lazy(
    r"(?:\s*,\s*[\w-]+(?:\s+[\w-]+)?){0,3}\s*,?\s+(?:and|or|&)\s+"
    r"(?!(?:this|that|these|those|the|a|an|related|other|its|their|our|need\w*|new|what|which|how|why|who)\b)(?:[\w-]+\s+){0,3}?[\w-]+[\s-]+"
    r"(?:related\s+)?(?:laws?|offen[cs]es?|statutes?|ordinances?|bylaws?|by-laws?|legislation)\b",
    re.IGNORECASE)
"""The activity as one item of a list of offences or laws: "prostitution and drug loitering
laws", "gambling, prostitution, and pornography-related state laws"."""
QUESTION_END = "?"
OPEN_QUESTION = _lazy(
    r"^\W*(?:do|does|did|would|could|might)\b|\b(?:should|whether|how far|to what extent|do you (?:agree|think|support|believe)|would you "
    r"(?:support|agree)|is it (?:right|fair|appropriate|acceptable|necessary)|what (?:are|is) your|"
    r"what do you think|your views?)\b", re.I)
_QUESTION_BREAK = _lazy(r"[;\u2014\u2013]|\s-\s|,\s*(?:but|yet|so|and)\b", re.I)


def asked(text: str, s: int, e: int, end: int) -> bool:
    """The match is part of the question the sentence asks: the sentence ends with "?" and
    its question opens before the match's end, or after it with no clause break between ("Do
    you support a crackdown on street prostitution?", "... a crackdown on street prostitution:
    should it go ahead?" is asked; "hotels serving as magnets for prostitutes, but should we
    accept that?" states the nuisance and asks about something else)."""
    if not (e < len(text) and text[e] == QUESTION_END):
        return False
    for m in OPEN_QUESTION.finditer(text[s:e]):
        at = s + m.start()
        if at < end or not _QUESTION_BREAK.search(text, end, at):
            return True
    return False


def clause_lead(text: str, s: int, start: int, words: int = 8) -> str:
    """The last ``words`` words before ``start`` in its clause (cut at commas, colons,
    brackets and *but*/*however*)."""
    lead = text[max(s, start - 160):start]
    lead = re.split(r"[,:;(\u2014\u2013]|\s-\s|\bbut\b|\bhowever\b|\bwhile\b|\bwhereas\b|\bthough\b|\balthough\b", lead)[-1]
    return " ".join(lead.split()[-words:])


INNER_NEGATION = _lazy(r"\b(?:(?<!person shall )(?<!person may )not|never|no longer|cannot|n[’']t)\b"
                            r"(?!\s+(?:only|just|be tolerated|tolerated|tolerate|hesitate|"
                            # the activity as what "cannot be (seriously) allowed": the match's end
                            r"be\s+(?:\w+\s+)?(?:allowed|permitted|accepted)\s*$|"
                            # that it "cannot be made less harmful" (or safe) says the harm is inherent
                            r"be\s+made\s+(?:[\w-]+\s+)?(?:safe|safer|less\s+harmful|less\s+dangerous|humane)\b|"
                            r"(?:a\s+|an\s+)?[‘'“\"]?victimless|"
                            # denying it is a choice or work says the frame: "prostitution is not a
                            # story of free choice", "is not a real job", "is not “work”"
                            r"(?:truly\s+|really\s+|simply\s+)?(?:(?:a|an)\s+(?:story|matter|question)\s+of\s+)?"
                            r"(?:(?:a|an)\s+)?(?:(?:free|real|genuine|true|informed|personal)\s+)?choice|"
                            r"(?:a|an)\s+(?:real\s+|legitimate\s+|proper\s+)?(?:job|occupation|profession|transaction)|"
                            r"[‘'“\"]work[’'”\"]|like\s+any\s+other|"
                            # the choice denied says the frame too: "are not in the business voluntarily"
                            r"(?:[\w-]+\s+){0,4}?(?:voluntarily|of\s+their\s+own\s+(?:free\s+)?(?:will|volition|choice)|by\s+choice)\b))",
                            re.IGNORECASE)
"""A negation inside a match after its first word; a statute's prohibition ("A person may not
knowingly engage in prostitution") is the rule itself, not its negation, and "is not a
victimless crime" says the harm, it does not deny it."""
TARGET_WORD = _lazy(r"\b(?:prostitut\w*|sex[- ]?work\w*|sex[- ](?:trade|industry|buy\w*|purchas\w*)|solicit\w*|"
                         r"kerb|curb|brothels?|johns?|punters?|clients?|buyers?|customers?|women|girls|people|"
                         r"streetwalk\w*|red-light|massage|escorts?|them|it)\b", re.IGNORECASE)
"""Words that name what an enforcement match is aimed at: when a match holds one, the words
after it ("... and human trafficking") do not change its target."""
CHILD_OR_TRAFFICKING = _lazy(r"\b(?:child\w*|minors?|youths?|juveniles?|under-?age|traffick\w*)\b", re.IGNORECASE)
CLIENT_WORD = _lazy(r"\b(?:buyers?|johns?|punters?|purchasers?|clients?|customers?|kerb[- ]?crawl\w*|"
                         r"men who (?:buy|pay))\b", re.IGNORECASE)
"""Buyers called exploiters are still buyers: an end-demand match that holds one is not lifted
as enforcement aimed at exploitation (a labelling call of tests/corpus/values)."""
EXPLOITATION_OBJECT = _lazy(r"^\W*(?:of|for|against|on|targeting|involving|involved\s+in|engaged\s+in|linked\s+to|"
                                 r"connected\s+(?:to|with)|suspected\s+of|accused\s+of|charged\s+with|in\s+connection\s+with|"
                                 # arrests that came of an investigation of exploitation: "arrested eight
                                 # people following an investigation into human trafficking"
                                 r"(?:following|after|during|as\s+part\s+of)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?"
                                 r"(?:investigations?|probes?|inquir(?:y|ies)|operations?)\s+(?:into|on|against|targeting))\s+(?:\w+\s+){0,3}?"
                                 r"(?:suspected\s+)?(?:traffick\w*|exploit\w*|pimps?|child\w*|minors?|juveniles?|"
                                 r"predators?|violen\w*|abus\w*|assault\w*|rap\w+|murder\w*|homicid\w*)|"
                                 # buying sex from a young person is sexual exploitation of youth
                                 r"^\W*from\s+(?:\w+\s+){0,2}?(?:child\w*|minors?|juveniles?|youths?|young (?:people|persons?)|"
                                 r"teen\w*|under-?age\w*)\b", re.IGNORECASE)
COERCED_BEFORE = _lazy(r"\b(?:forced|coerced|enforced|involuntary|compelled|compulsory)\s+(?:[\w-]+\s+(?:and|or)\s+)?$",
                        re.IGNORECASE)
"""A coercion word right before the match names exploitation, not sex work ("combat forced
prostitution and trafficking", "forced or child prostitution must be combated")."""
_HARM_VERBS = "assault|attack|abuse|harm|hurt|exploit|rob|threaten|coerce|traffic|prey|target|kill|murder|beat|extort|force|groom"
"""What those who harm sex workers do to them (the stems, as the two patterns below read them)."""
VIOLENT_RELATIVE = _lazy(
    rf"^\s*(?:who|that|which)\s+(?:\w+\s+){{0,2}}(?:{_HARM_VERBS}|rape|purchase sex from (?:children|minors)|"
    r"buy sex from (?:children|minors)|(?:are|were) (?:violent|abusive))\w*", re.IGNORECASE)

HARMER_BEFORE = _lazy(
    # the people a passive names are the victims of the clause before it: "landlords who
    # exploit sex workers will be prosecuted", "clients who are violent towards sex workers
    # will be arrested" (the passive is about those who harm them)
    rf"(?:\b(?:who|that)\s+(?:\w+\s+){{0,2}}?(?:{_HARM_VERBS}|rap(?:e|es|ed|ing)\b|"
    r"intimidat|harass|stalk|blackmail|victimi[sz]|endanger|menac)\w*\s+(?:on\s+|upon\s+)?|"
    r"\b(?:violen(?:t|ce)|abusive|aggressive|threatening|predatory)\s+(?:towards?|to|against)\s+|"
    # what others do to them, as the subject before them: "the stigma attached to sex work is a
    # serious problem", "discrimination against sex workers remains a concern"
    r"\b(?:stigma|discrimination|prejudice|hostility|hatred|harassment|abuse|attacks?|barriers|exclusion)\s+"
    r"(?:(?:(?:attached|directed|aimed)\s+)?(?:to|against|towards?)|(?:faced|experienced)\s+by)\s+|"
    r"\b(?:criminali[sz]ation|stigmati[sz]ation|stigma|marginali[sz]ation)\s+of\s+)"
    r"(?:(?:the|their|our|local|any|a)\s+)?$", re.IGNORECASE)


_CLAUSE_BREAK = _lazy(r"[;:]|,\s+and\s+(?:has|have|had|is|are|was|were)\s", re.IGNORECASE)


def clause_bounds(text: str, s: int, e: int, start: int, end: int) -> tuple[int, int]:
    """The part of the sentence [s, e) that holds the match, cut at semicolons, colons and
    a joined main clause (", and", "but"): a critique in another clause of the same sentence
    is about something else ("... taken a stance against kerb crawlers, and rejected plans
    for a licensed zone")."""
    a = s
    for m in _CLAUSE_BREAK.finditer(text, s, start):
        a = m.end()
    b = e
    m = _CLAUSE_BREAK.search(text, end, e)
    if m:
        b = m.start()
    return a, b


NEGATION_FAR = _lazy(r"\b(?:no|not|never|without|nor|neither|none|nobody|no longer|cannot|no more|"
                          r"(?:do|does|did|wo|would|should|is|are|was|were|ca)n[’']t)\b", re.IGNORECASE)


def _without_asides(clause: str, start: int, end: int) -> str:
    """``clause`` with parenthetical asides blanked, unless the match is inside one."""
    if "(" not in clause:
        return clause
    out = clause
    for m in re.finditer(r"\([^()]*\)", clause):
        if not (m.start() <= start and end <= m.end()):
            out = out[:m.start()] + " " * (m.end() - m.start()) + out[m.end():]
    return out


_STANCE_VERB = _lazy(r"(?:reject|oppos|condemn|denounc|resist)\w*$", re.IGNORECASE)


def _critique_outside(clause: str, start: int, end: int) -> bool:
    """A critique in the clause, unless it is a stance verb among the match's own words: the
    match "prostitution should be clearly rejected, discouraged and criminalised" holds
    "rejected" as one of the measures it calls for, not a writer rejecting a measure (a harm
    named inside the match, "clients who assault sex workers", still counts)."""
    return any(not (start <= m.start() and m.end() <= end and _STANCE_VERB.match(m.group()))
               and not _CRITIQUE_DENIED.search(clause, max(0, m.start() - 40), m.start())
               for m in CRITIQUE.finditer(clause))


_CRITIQUE_DENIED = _lazy(r"(?:\b(?:not|never)\b|n[’']t\b)(?!\s+(?:only|just|merely|simply)\b)(?:\s+[\w’'-]+){0,4}?\s*$",
                         re.IGNORECASE)
"""A negation just before a critique word denies the critique ("should not be seen as a harsh
act", "we do not oppose the crackdown"): the measure is defended, not criticised."""


def negated(text: str, s: int, e: int, start: int, end: int) -> bool:
    """Negated in its clause: a plain negation (*not*, *no*, *never*, *without*) in the ten
    words before the match, any other negating word (*instead of*, *oppose*, *stop*, *an end
    to*) in the four words right before it, a negation inside it after its first word, or a
    negated verb right after it (*sweeps do not make anyone safer*)."""
    lead = clause_lead(text, s, start, 10)
    at = _list_start(text, s, start)
    if at != start:
        # an item of a list whose first item a negation governs: "will not conduct sweeps,
        # stings or raids" (the negation within the three words before the list's first
        # comma, and an "and"/"or" in the list: "... beyond doubt, a social evil" is no list)
        first = clause_lead(text, s, at, 3)
        if NEGATION_FAR.search(first) and not NOT_NEGATION.search(first) and \
                _LIST_AND.search(text, at, min(e, end + 40)):
            return True
    if NOT_NEGATION.search(lead):
        lead = NOT_NEGATION.sub(" ", lead)
    near = " ".join(lead.split()[-4:])
    if NEGATION_FAR.search(lead) or NEGATION.search(near):
        return True
    # the second of two verbs a negation governs: "rather than trying to ban all sex work and
    # penalize sex workers", "refrain from interfering and taking criminal action against"
    if _COORDINATED.search(lead) and _GOVERNING_NEGATION.search(lead):
        return True
    # a negation inside the match, after its first word ("sex workers will not be moved along")
    first = re.match(r"\W*\w+", text[start:end])
    if first and INNER_NEGATION.search(text, start + first.end(), end):
        return True
    return bool(NEGATION_AFTER.search(text[end:min(e, end + 80)]))


_COORDINATED = _lazy(r"\b(?:and|or)(?:\s+(?:to|then|also))?(?:\s+[\w-]+){0,2}\s*$", re.IGNORECASE)
_GOVERNING_NEGATION = _lazy(r"\b(?:rather than|instead of|refrain(?:s|ed|ing)? from|stop(?:s|ped|ping)? \w+ing|"
                            r"avoid(?:s|ed|ing)?|ceas(?:e|es|ed|ing))\b", re.IGNORECASE)
"""A clause joined by "and"/"or" to a verb a negating word governs (``negated``)."""
_LIST_AND = _lazy(r"\b(?:and|or|nor)\b", re.IGNORECASE)
_LIST_ITEM = _lazy(r",\s*((?:[\w’'-]+\s+){0,3})$")
_NOT_A_LIST = frozenset("will would shall must should can could may might to then also but instead yet so is are was "
                        "were be been has have had do does did who which that when where while because if".split())


def _list_start(text: str, s: int, start: int) -> int:
    """Where the list a match is an item of begins ("will not conduct sweeps, stings or
    targeted operations": for "targeted operations", the start of "sweeps"); ``start`` when
    the match follows no list comma. An item is at most three words without a verb or a
    clause word; "..., and police will conduct stings" is a new clause, not an item."""
    at = start
    for _ in range(6):
        m = _LIST_ITEM.search(text, max(s, at - 80), at)
        if m is None or any(w.lower() in _NOT_A_LIST for w in m.group(1).split()):
            break
        at = m.start()
        # the word before the comma is no verb or clause word ("..., who will" ends no item)
        before = text[max(s, at - 40):at].split()
        if not before or before[-1].lower() in _NOT_A_LIST:
            break
    return at


_RELATIVE_BEFORE = _lazy(r"\b(?:that|which|who|whom)\s+$", re.IGNORECASE)


def reported(sentence: str, start: int, end: int) -> bool:
    """Someone other than the policy's voice reports the sentence (``REPORTED``), unless the
    report only qualifies a noun after the match: in "to curb prostitution that residents say
    has increased" the residents report the increase, not the council's curbing; or the
    report is the condition of a rule the policy states after it: in "when a resident reports
    a concern, staff will move along the sex workers" the staff's action is the policy's own."""
    for m in REPORTED.finditer(sentence):
        if m.start() >= end and _RELATIVE_BEFORE.search(sentence, max(0, m.start() - 8), m.start()):
            continue
        if start > m.end() and _CONDITION_LEAD.search(sentence, 0, m.start()):
            comma = sentence.find(",", m.end(), start)
            if comma != -1:
                continue  # the match is in the main clause after the condition
        return True
    return False


_CONDITION_LEAD = _lazy(r"(?:^|[,;:(]\s*|\b(?:and|or|but)\s+)\W*(?:when|whenever|if|where|once|after|until|as soon as|"
                        r"each time|every time|in (?:cases|situations) where|in the event that)\b[^,;:.]*$", re.IGNORECASE)
"""A report that opens a condition the sentence's own rule follows ("When a resident reports
a concern, …", "If neighbours complain, …"): the clause from the subordinating word to the
report holds no comma."""


FUTILE_BEFORE = _lazy(r"\b(?:tried|attempted|sought|trying|attempting|attempts?|efforts?)\s+to\s+(?:[\w-]+\s+){0,2}$",
                      re.IGNORECASE)
FUTILE_AFTER = _lazy(
    r"[^.;]{0,80}?\b(?:but|yet)\b,?\s+(?:(?:all\s+)?without\s+success|to\s+no\s+avail|in\s+vain|unsuccessfully|"
    r"(?:none|no\s+one|nobody|neither|they|it|these|all)\s+(?:\w+\s+)?(?:has|have|had|ever)\s+(?:ever\s+)?"
    r"(?:succeeded|worked))", re.IGNORECASE)


def futile(text: str, s: int, e: int, start: int, end: int) -> bool:
    """The match names an aim that was tried and failed: "governments have tried to eradicate
    prostitution, but none had succeeded", "tried to eradicate vice but without success" (two
    sentences of the development part, both found and neither framing)."""
    return bool(FUTILE_BEFORE.search(text[max(s, start - 40):start]) and FUTILE_AFTER.match(text, end, e))


OPTIONS = _lazy(
    r"\b(?:both|whether(?:\s+it\s+is)?(?:\s+to)?|either)\s+(?:to\s+)?(?:legali[sz]|decriminali[sz]|regulat|"
    r"criminali[sz]|prohibit|licens)\w*\b[^.;]{0,80}?\b(?:and|or)\s+(?:to\s+)?(?:legali[sz]|decriminali[sz]|regulat|"
    r"criminali[sz]|prohibit|licens)\w*", re.IGNORECASE)


def options_weighed(text: str, s: int, e: int, start: int) -> bool:
    """The match is one of the legal models weighed side by side: "the merits of both
    legalising and criminalising sex work", "whether it is to decriminalise prostitution or to
    criminalise it" (the development part: 14 such pairs, 3 framing, none of them with
    "both", "whether" or "either")."""
    return any(m.start() <= start <= m.end() for m in OPTIONS.finditer(text, s, e))


_FINITE = _lazy(r"\b(?:would|will(?!\s+to\b)|shall|is|are|was|were|has|have|had|can|could|should|must|may|might|did|does|do)\b",
               re.IGNORECASE)


def concession(text: str, s: int, e: int, start: int) -> bool:
    """The match sits in a concessive clause (*although X, Y* / *Y, although X*)."""
    lead = text[s:start]
    m = None
    for m in CONCESSION.finditer(lead):
        pass
    if m is None:
        return False
    # the concessive clause runs from its conjunction to the next comma: the match is in it
    # when no comma (or main-clause break) stands between the two
    between = lead[m.end():]
    if "," in between or ";" in between:
        return False
    if m.group().lower() in ("despite", "in spite of", "notwithstanding") and not re.search(r"\bthat\b", between) \
            and _FINITE.search(between):
        # a preposition's noun phrase, then the main clause's verb before the match: "despite
        # the setback the city would still be going ahead to target prostitutes" (not the noun:
        # "despite political will to eradicate ...")
        return False
    # "although ... X, the council chose ..." or "... Y, although X": either way the match
    # is the conceded part, not the sentence's point
    return True


@_per_text
def title_run(text: str, start: int, end: int, s: int = -1) -> str:
    """The run of capitalised words (with small connectors) around a match, looked for
    within 200 characters. A sentence's first word is capitalised anyway: when the run starts
    the sentence at ``s``, that word is left out (it tells nothing about a name)."""
    lo = max(0, start - 200)
    hi = min(len(text), end + 200)
    # the window's words as match objects, their bounds taken apart in C and the words
    # overlapping the match found by bisection: a list of (start, end, word) tuples built in
    # Python for every word of the window took 62 µs a call on finding-dense prose, where
    # every finding asks (BENCHMARKS.md, "speed6")
    found = list(_TITLE_WORD.finditer(text, lo, hi))  # the same words as in text[lo:hi]: no anchor, no look-around
    starts = list(map(_MATCH_START, found))
    ends = list(map(_MATCH_END, found))
    i = bisect.bisect_right(ends, start)  # the first word ending after the match starts
    j = bisect.bisect_left(starts, end) - 1  # the last word starting before it ends
    if i > j:
        return ""
    first = i

    def ok(k: int) -> bool:
        tok = found[k].group()
        return tok[:1].isupper() or tok[:1].isdigit() or tok.lower() in _CONNECTORS or tok[:1] == "("

    if not all(ok(k) for k in range(i, j + 1)):
        return ""
    while i > 0 and ok(i - 1) and not re.search(r"[.!?:;]\s*$", text[ends[i - 1]:starts[i] + 1]):
        i -= 1
    while j + 1 < len(found) and ok(j + 1) and "\n" not in text[ends[j]:starts[j + 1]] \
            and not re.search(r"[.!?:;,]", text[ends[j]:starts[j + 1]]):
        j += 1
    if starts[i] <= s and i < first:
        i += 1  # the sentence's first word
    # connectors at the edges are not part of a name
    while i < j and found[i].group().lower() in _CONNECTORS:
        i += 1
    while j > i and found[j].group().lower() in _CONNECTORS:
        j -= 1
    return text[starts[i]:ends[j]]


_CONNECTORS = frozenset({"of", "the", "and", "on", "for", "in", "to", "des", "de", "du", "la", "le", "&", "against",
                         "with"})
_TITLE_WORD = _lazy(r"[\w'’()&.-]+")
_MATCH_START = re.Match.start
_MATCH_END = re.Match.end


# ----------------------------------------------------------------------------- deciding

TITLES = frozenset({"mr", "mrs", "ms", "mx", "dr", "general", "gen", "captain", "capt", "sir", "dame", "judge",
                    "justice", "senator", "professor", "prof", "sergeant", "sgt", "inspector", "chief", "reverend",
                    "rev", "lord", "lady", "madam", "councillor", "mayor", "minister", "president", "vice"})
NAME_WORDS = frozenset({"john", "johns", "hooker", "hookers", "ho", "trick", "punter", "punters", "vice", "madam",
                        "pimp", "native"})
"""Flagged words that are also given names, surnames or parts of titles (John Smith, General
Hooker, Ricky Ponting's "Punter", Vice President): only these can be lifted as personal names."""
YOUTH = _lazy(
    r"\b(?:child(?:ren)?|child's|children's|youths?|youth's|minors?|juveniles?|teen(?:s|age|aged|agers?)?|"
    r"adolescen(?:ts?|ce)|under-?age|under (?:the age of )?1[6-9]|girls? (?:aged|under|as young as)|"
    r"(?:boys|girls) and (?:girls|boys)|kids|school-?age|aged (?:1[0-7]|[5-9])\b|1[0-7]-year-olds?|"
    r"1[0-7] years? old|"
    # ages written out or short, a person with an age beside, school and the years before
    # adulthood ("a fifteen-year-old prostitute", "a 9-year-old", "girls of 14", "schoolgirls",
    # "under-18s"): the words `fix` already withheld its "sex work" for (ux25)
    r"(?:[5-9]|1[0-7]|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen)"
    r"[- ]?(?:years?|yrs?)[- ]?olds?|aged (?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen)|"
    r"(?:girls?|boys?|daughters?|sons?) (?:of|aged) 1[0-7]|school ?(?:girls?|boys?|children|kids)|pupils?|"
    r"pre-?teens?|under-?(?:18s|eighteens?)|under (?:the age of )?(?:eighteen|sixteen|seventeen))\b", re.IGNORECASE)
YOUTH_NOT = _lazy(r"\b(?:adults?|over (?:the age of )?18|18 (?:and|or) over|aged (?:18|19|2\d))\b", re.IGNORECASE)


def normal_term(term: str) -> str:
    t = term.lower().replace("’", "'").strip()
    t = re.sub(r"'s$|s'$", "", t)
    t = re.sub(r"\s+", " ", t)
    if t.endswith("s") and not t.endswith("ss"):
        t = t[:-1]
    return t


_GLOSS_OPEN = _lazy(r"\w\s*\(\s*$")
_GLOSS_CLOSE = _lazy(r"\s*\)")


def use_mention(text: str, start: int, end: int, quote: Optional[tuple[int, int]]) -> bool:
    """The words are mentioned, not used: a mention cue (*the term*, *so-called*, *known
    as*) right before them or before the short quotation that holds them, or *X is a term*
    after."""
    if MENTION_BEFORE.search(text[max(0, start - 48):start]) or MENTION_LIST.search(text[max(0, start - 80):start]):
        return True
    if quote is not None:
        o, c = quote
        if len(text[o + 1:c].split()) <= 6 and (MENTION_BEFORE.search(text[max(0, o - 48):o + 1])
                                                 or MENTION_AFTER.match(text[c:c + 40])
                                                 or _GLOSS_OPEN.search(text, max(0, o - 4), o)
                                                 and _GLOSS_CLOSE.match(text, c + 1, c + 4)):
            return True  # ... or a gloss in brackets after the word it glosses: "clients (“johns”)"
    # words set in italics or code (*prostitutes* → *sex workers*) are words used as words
    if _emphasised(text, start, end):
        return True
    return bool(MENTION_AFTER.match(text[end:end + 40]))


def distancing(text: str, start: int, end: int, quote: tuple[int, int]) -> bool:
    """The quotation marks hold the matched term and nothing else but punctuation
    (*all “prostitution”*, *the earnings of “prostitution,”*): the writer holds a formal term at
    arm's length. In the development corpus all 19 such quoted forms of "prostitution" and
    "prostitute" were labelled not stigma, while slang in the same marks kept its label in 41
    of 52 (only the rules for the formal terms name this context)."""
    o, c = quote
    inner = text[o + 1:c].strip(" \t\n,.;:!?")
    return inner.lower() == text[start:end].lower()


_EMPHASIS = _lazy(r"(?<![\w*_`])([*_`])(?=\S)([^*_`\n]{1,60}?)(?<=\S)\1(?![\w*_`])")


def _emphasised(text: str, start: int, end: int) -> bool:
    """The match lies inside a short span set in italics or code (Markdown ``*x*``, ``_x_``,
    ``` `x` ```) on its line."""
    # the line's ends looked for only within the 64 characters read (the same bounds: on a
    # 1 MB paragraph on one line, looking for them anywhere read half the text per match)
    lo = max(text.rfind("\n", max(0, start - 64), start) + 1, start - 64)
    hi = text.find("\n", end, end + 64)
    hi = min(len(text) if hi < 0 else hi, end + 64)
    for m in _EMPHASIS.finditer(text, lo, hi):
        if m.start(2) <= start and end <= m.end(2) and len(m.group(2).split()) <= 5:
            return True
    return False


STATUTE_STRONG = _lazy(
    r"^\W*(?:WHEREAS|BE IT (?:ENACTED|ORDAINED|RESOLVED)|NOW,? THEREFORE)\b|\b(?:is|shall be) guilty of|"
    r"\bmeans (?:any|a|an|the)\b|[”\"]\s*means\b|\bas defined (?:in|by|under)\b|\b(?:sub)?(?:section|chapter|article|subchapter|part|"
    r"schedule)s?\s+\d+[\w().]*|\b(?:municipal|city|penal|criminal|county|revised) code\b|\bordinances?\b|"
    r"\bpursuant to\b|\bhereby\b|\bhereinafter\b|\bs{1,2}\.\s*\d+|"
    r"\bit (?:is|shall be) the (?:further |express )?(?:intent|intention|purpose|policy) of (?:the|this)\b|"
    r"\bshall be (?:defined|deemed|construed) as\b", re.IGNORECASE)
RECITAL = _lazy(r"^\W*(?:WHEREAS|BE IT (?:FURTHER )?(?:ENACTED|ORDAINED|RESOLVED)|NOW,? THEREFORE|RESOLVED,? THAT|"
                r"An Act (?:to|for)|A Bill (?:to|for)|To (?:provide for|make provision|amend)\b|"
                r"Whereas(?:,| it is\b| the (?:City|Town|County|State|Council|Board|Legislature|General Assembly|"
                r"Parliament|Government|Congress|Commission)\b)|"
                r"(?i:(?:the )?(?:[\w.'’-]+ ){0,4}?(?:council|board|legislature|general assembly|commission|parliament|"
                r"congress)(?: (?:hereby|further|also))? (?:finds?|declares?|determines?)(?:,? and (?:finds?|declares?|"
                r"determines?))?,? that\b))")
"""The opening words of an ordinance's or a resolution's recitals and operative clauses
(upper case, as such instruments write them), and of a statute's or bill's long title ("An
Act to make provision with respect to prostitution", "To provide for ...", with the capitals
a title has: "a bill to curb prostitution" in a report is the writer's). Four long titles in
the development corpus, none labelled stigma, had a finding each. A recital in title case
("Whereas, ...", "Whereas it is expedient ...") and a legislature's findings ("The City Council
finds that ...") too: the development part's 164 sentences of bylaw text held 32 formal terms
found and not labelled (the law's own words) against one labelled."""
STATUTE_VOICE = _lazy(
    r"^\W*(?:\(?[a-z0-9]{1,4}[.)]\s*)?(?:(?:Any (?:other )?(?:person|individual|alien|owner|operator)s? (?:who|that|which)|"
    r"Whoever|Every (?:person|place|owner|individual|building)\b[^.;]{0,40}?\b(?:who|which|that)|"
    r"An? (?:person|permittee|licensee|licence holder|license holder)(?: \([A-Z]\))?)\b(?=.*?\b(?:shall|commits? an? offen[cs]e|is guilty|is (?:inadmissible|liable|punishable)|"
    r"(?:be|is) (?:fined|imprisoned|punished|declared))\b|.*[;,:](?:\s*(?:or|and))?\W*$)|"
    r"No (?:person|owner|operator|individual) (?:shall|may)\b|It (?:is|shall be) unlawful\b|"
    r"This (?:section|subsection|chapter|article|part) (?:applies|shall)\b|"
    r"For the purposes? of this (?:section|subsection|chapter|article|part|paragraph|Act|Ordinance|By-?[Ll]aw|Code|"
    r"Regulation|Law)s?\b|"
    r"This (?:Ordinance|By-?[Ll]aw|Decree|Regulation|Code|Act|Law|law|Statute) (?:applies|shall|prescribes|provides|establishes|"
    r"regulates|defines|governs)\b|"
    r"It (?:is|shall be) the (?:further |express )?(?:intent|intention|purpose|policy) of (?:the|this)\b)", re.DOTALL)
"""A statute's operative voice ("Whoever ... shall be fined", "Any person who ... is guilty",
"A person commits an offence if ...", "This subsection applies to any person who ..."): in the
development corpus none of the 14 formal terms in such sentences was labelled stigma. The
opening alone is not enough ("Any person who meets sex workers at the drop-in ..."): a
statutory verb must follow, or the sentence is one clause of a code's list (ends in ";", ","
or ":"). An instrument naming itself with its capital ("This Ordinance prescribes ...") and a
purpose clause ("It is the further intention of the Council that ...") are its voice too; "this
bill provides ..." or "this law aims to ..." in a report is the writer describing it (two
development sentences labelled so were lost when they counted)."""
STATUTE_WEAK = _lazy(
    r"\b(?:shall|misdemeanou?r|felony|licensees?|permittees?|offen[cs]es?|convicted|conviction|statutes?|enacted|enjoin\w*|violat\w+|"
    r"penalt(?:y|ies)|provisions?|unlawful|prohibited|court|probation|charged|bylaws?|by-laws?|regulations?|act\b)",
    re.IGNORECASE)


_SECTION_SIGN = _lazy(r"[(\[]\s*§+\s*\d")
"""A code section cited in brackets, as a code's own lists cite them ("... prostitution (§ 22-2705);");
not "issued under Wis. Stat. § 823.02" in a report (a labelled span was lost to that)."""


_LIST_CLAUSE = _lazy(r"^\W*\((?:[a-z]{1,4}|[A-Z]{1,4}|\d{1,3})\)\s.*;(?:\s*(?:and|or))?\s*$", re.DOTALL)
"""One clause of a code's lettered or numbered list: it opens with its label in brackets and
ends in ";" ("(B) any case in which a child is subjected to ... or prostitution;", "(i) relates
to the owning ... of a prostitution business;"). In the development part (round 28 in) 16 such
clauses held 9 formal terms found and none labelled stigma (the law's own words)."""


def statutory(sentence: str) -> bool:
    """A sentence in the register of law (an ordinance's recital, a code section, an offence
    definition, a judgment's summary of offences): a strong marker (*WHEREAS*, *means any*,
    *section 12*, *ordinance*) and a second legal word, or three legal words."""
    if RECITAL.match(sentence) or STATUTE_VOICE.match(sentence) or _LIST_CLAUSE.match(sentence):
        return True  # a recital, an operative or list clause of the instrument itself, by its form
    weak = len(STATUTE_WEAK.findall(sentence))
    if weak >= 3 or _SECTION_SIGN.search(sentence):
        return True  # three legal words, or one clause of a code's list citing its section
    return bool(STATUTE_STRONG.search(sentence)) and weak >= 1


_OFFENCE_NAMED_BY_PERSON = _lazy(r"\b(?:earnings|avails|procurement|procuring|services|patroni[sz]\w*)\b",
                                 re.IGNORECASE)
"""Offences the law names by the person ("living off the earnings of a prostitute", "paying
for sexual services of a controlled prostitute"): the law's words even for a person noun."""
_PEOPLE_OF = _lazy(r"\b(?:of|among)\b[\w\s-]*$", re.IGNORECASE)
_PERSON_NOUN = _lazy(r"(?:ute|john|pimp|hooker|whore|walker|girl|punter|trick|er|or|ist|man|men|woman|women)(?:'?s|s'|es)?$",
                     re.IGNORECASE)


def legal(text: str, s: int, start: int, end: int, register: bool = True, characterises: bool = False) -> bool:
    """The law's own words: a statute or code title, offence wording around the term, or a
    sentence written in the register of law. ``characterises``: the match says what the
    activity is or does (a framing rule of ``CHARACTERISING``), so offence wording before it
    is its subject's name."""
    run = title_run(text, start, end, s)
    if run and run.strip() != text[start:end].strip() and LEGAL_HEADS.search(run):
        return True
    after = LEGAL_TERM_AFTER.match(text[end:end + 40])
    if after and not (after.group().lstrip(" \t-‐").lower().startswith(("related", "loitering"))
                      and _PERSON_NOUN.search(text[start:end])):
        return True  # "prostitution-related offences", "prostitution loitering" ordinances; not
        # "prostitute-related incidents" nor "prostitutes loitering near the station" (people)
    # offence wording before a match that characterises the activity ("the crime of prostitution
    # directly affects the quality of life": a nuisance, disease or harm said of it) names its
    # subject, not the law's words
    m = None if characterises else LEGAL_TERM_BEFORE.search(text[max(s, start - 90):start])
    if m and (_OFFENCE_NAMED_BY_PERSON.search(m.group())
              or not (_PEOPLE_OF.search(m.group()) and _PERSON_NOUN.search(text[start:end]))):
        return True  # "charged with prostitution"; not "arrests of johns" (the people, not the offence)
    if not _PERSON_NOUN.search(text[start:end]) and (LEGAL_ACTIVITY_BEFORE.search(text[max(s, start - 90):start])
                                                      or LEGAL_LIST_AFTER.match(text[end:end + 90])):
        return True
    if not re.search(r"[\s-]", text[start:end].strip()):  # the activity or the people by one word
        if not _PERSON_NOUN.search(text[start:end]) and (LEGAL_OFFENCE_BEFORE.search(text[max(s, start - 90):start])
                                                          or LEGAL_BAN_AFTER.match(text[end:end + 20])):
            return True
        if (FORCED_BEFORE.search(text[max(s, start - 12):start])
                and not about_youth(text, s, sentence_bounds(text, start, end)[1], start, end)):
            return True
    if not register:
        return False
    e = sentence_bounds(text, start, end)[1]
    # a code's list clause keeps its ";" (the sentence's bounds stop before it)
    if statutory(text[s:e + 1] if text[e:e + 1] == ";" else text[s:e]):
        return True
    # an item of a list run on with ";" after a definition or an operative clause of the law
    # ("Disorderly house means any place where persons assemble for ... gaming; prostitution; or
    # ..."): the clause that opens the list says the register (a writer's clause after a cited
    # section, "... under section 213(1.1) ...: (1) ...; and (2) ... by pimps and johns", is not)
    at = _list_opening(text, s)
    if at == s:
        return False
    opening = text[at:e]
    return bool(RECITAL.match(opening) or STATUTE_VOICE.match(opening) or _DEFINES.search(opening))


_LAW_WORD = (r"(?:laws?|acts?|bills?|legislation|model|statutes?|ordinances?|by-?laws?|codes?|provisions?|amendments?|"
             r"clauses?|regimes?|reforms?|PCEPA|C-?36)\b")
"""The nouns of a law a description names as the subject of what it does."""
_LAW_NOUN = (r"\b(?:(?:the|this|that|a|its|their|new|proposed|draft)\s+)?(?:[\w’'-]+\s+){0,3}?" + _LAW_WORD +
             r"(?![\s-]+enforcement)(?:\s*\([^()]{0,40}\))?,?(?:\s+(?!to\b)[\w’'“”\"-]+){0,7}?,?\s+"
             r"(?:(?:--|—|–)\s*)?(?:which|that)?\s*(?:(?:now|also|essentially|effectively|in effect|simply|further|"
             r"thereby|thus|would|will)\s+)*")
_LAW_VERB = (r"(?:mak(?:e|es|ing)|made|criminali[sz](?:e|es|ed|ing)|penali[sz](?:e|es|ed|ing)|target(?:s|ed|ing)?|"
             r"prohibit(?:s|ed|ing)?|ban(?:s|ned|ning)?|introduc(?:e|es|ed|ing)|outlaw(?:s|ed|ing)?|punish(?:es|ed|ing)?|"
             r"forb(?:id|ids|ade|idding)|creat(?:e|es|ed|ing)|render(?:s|ed)?|impos(?:e|es|ed|ing))\b"
             r"(?![^;:]*?\b(?:easier|harder|simpler|quicker|faster|possible|more difficult|difference)\b)")
LAW_DOES = _lazy(
    _LAW_NOUN + _LAW_VERB + r"[^;:,]{0,60}$|"
    r"\bunder (?:the|this|that|a|its|their|the new|the proposed|the current|current|existing) (?:[\w’'-]+\s+){0,4}?"
    r"(?:laws?|acts?|bills?|legislation|model|statutes?|ordinances?|by-?laws?|codes?|provisions?|regimes?)\b,[^;:]{0,80}$",
    re.IGNORECASE)
"""A law, bill or model as the subject of what it does, before the match ("the Nordic model
makes it a crime to buy sex", "Bill C36 -- which essentially targets buyers", "the Act, which
criminalises the purchase of sex"), or "under the Act, ...": the writer describes the law
(LABELLING.md, "Law described"). Not what a law is for ("the ordinance will make it easier to
charge buyers" is its purpose, stated)."""
LAW_SUBJECT_END = _lazy(
    r"\b" + _LAW_WORD + r"(?:\s*\([^()]{0,40}\))?(?:\s*[‘'“\"][^’'”\"]{1,60}[’'”\"])?"
    r"(?:\s+(?-i:[A-Z0-9][\w.’'-]*|of|before|in|on|the|its|de|la)){0,4}?,?\s+(?:(?:--|—|–)\s*)?(?:(?:which|that)\s+)?"
    r"(?:(?:now|also|essentially|effectively|in effect|simply|further|thereby|thus|would|will|directly|explicitly|"
    r"specifically|expressly|primarily|mainly|only|already)\s+)*$", re.IGNORECASE)
LAW_VERB_START = _lazy(_LAW_VERB, re.IGNORECASE)
LAW_HEAD = _lazy(r"(?:laws?|acts?|bills?|legislation|statutes?|ordinances?|by-?laws?|provisions?|amendments?|clauses?)"
                 r"\s+(?:(?:which|that)\s+)?(?:(?:would|will)\s+)?" + _LAW_VERB, re.IGNORECASE)
"""The same where the match opens with the law's verb ("the bill would | make it illegal to pay
for sex"), or with the law itself ("new federal anti-prostitution | laws criminalizing the purchase of
sex")."""
WRITER_VOICE = _lazy(
    r"\b(?:we|our|us|I|should|must|ought|need(?:s|ed)? to|urg(?:e|es|ed|ing)|call(?:s|ed|ing)? (?:for|on)|"
    r"recommend\w*|support\w*|welcom\w+|endors\w+|advocat\w+|favou?r\w*|best way|only way|effective\w*|"
    r"success\w*|right to|rightly|proud|commit\w*|pledg\w+|promis\w+|determined|priorit\w+|"
    r"has (?:finally|at last)|at last|finally|push\w* for|campaign\w*|lobb\w+|hop(?:e|es|ed|ing)|would like|"
    r"important|useful|tools?|powers?|encourag\w+|exciting|victory|historic|landmark|milestone|thanks to|"
    r"message|because|fight\w* for|progressive|pioneer\w*|way forward)\b", re.IGNORECASE)
"""The writer's own stance in a sentence describing a law: advocacy, commitment or praise keep
the finding ("we support the law that targets buyers")."""


_PLAN_ITEM = _lazy(r"\W*(?:creat|introduc|enact|pass|adopt|develop|draft|establish|propos|amend|bring)\w*\b",
                   re.IGNORECASE)
"""A plan's action item making the law ("Creating a new loitering law targeting the buyers of
commercial sex"): the law is the writer's to make, not one described."""


def law_described(text: str, s: int, e: int, start: int) -> bool:
    """The match is the object of what a law does, described with no stance of the writer's own."""
    before = text[max(s, start - 160):start]
    if not (LAW_DOES.search(before) or (LAW_VERB_START.match(text, start) and LAW_SUBJECT_END.search(before))
            or LAW_HEAD.match(text, start)):
        return False
    return not (WRITER_VOICE.search(text[s:e]) or _PLAN_ITEM.match(text, s))


CHARACTERISING = frozenset({"framing.nuisance", "framing.vectors", "framing.inherent"})
"""The framing rules whose matches say what sex work is or does to others (a nuisance, a
source of disease, harm in itself), not what is done to it."""


_DEFINES = _lazy(r"\b(?:means|shall mean) (?:any|a|an|the|every)\b|[”\"]\s*means\b", re.IGNORECASE)
"""A definition's own words: "Disorderly house means any place ...", "“Public place” means ..."."""


def _list_opening(text: str, s: int, hops: int = 8) -> int:
    """The start of the first of the clauses run on with ";" that end just before ``s`` (``s``
    itself when the clause before it ends otherwise)."""
    at = s
    for _ in range(hops):
        before = text[max(0, at - 3):at].rstrip()
        if not before.endswith(";") or at < 2:
            break
        at = sentence_bounds(text, at - 2, at - 2)[0]
    return at


def personal_name(text: str, start: int, end: int) -> bool:
    word = text[start:end]
    if " " in word.strip() or not word[:1].isupper() or (word.isupper() and len(word) > 1):
        return False
    m = re.search(r"([\w'’.-]+)\W*$", text[max(0, start - 30):start])
    prev = m.group(1).rstrip(".").lower() if m else ""
    if prev in TITLES:
        return True
    if word.lower().rstrip("'’s") not in NAME_WORDS and word.lower() not in NAME_WORDS:
        return False
    nxt = re.match(r"[ \t]+([A-Z][\w'’-]+)", text[end:end + 40])
    if nxt and nxt.group(1).lower() not in {"the", "a", "an", "and", "or", "of"}:
        return True  # John Smith, Hooker Street
    prev_word = m.group(1) if m else ""
    sentence_start = not prev_word or re.search(r"[.!?:\n]\s*$", text[max(0, start - 3):start]) is not None
    return bool(prev_word[:1].isupper() and not sentence_start and prev not in {"the", "a", "an", "and", "or"})


def headline(text: str, s: int, e: int, apart_from: str = "") -> bool:
    """A sentence written in title case (a headline or heading): most of its longer words
    capitalised, so capitals there say nothing about names. ``apart_from`` (the title run
    around a match) is left out of the count when the sentence holds other words: a short
    sentence that names a document ("The 2019 Street Prostitution Nuisance Strategy is
    withdrawn.") is no heading because the title's own words are most of it."""
    words = [w for w in re.findall(r"[^\W\d_]+", text[s:e]) if len(w) > 3]
    if not (len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.7 * len(words)):
        return False
    title = apart_from.strip()
    at = text.find(title, s) if title else -1
    if not s <= at < e:
        return True
    # the run may go on past the sentence's end ("... Strategy. Officers"): only its part in
    # the sentence is left out
    rest = [w for w in re.findall(r"[^\W\d_]+", text[s:at] + " " + text[min(at + len(title), e):e]) if len(w) > 3]
    return sum(w[:1].isupper() for w in rest) >= 0.7 * len(rest)


def name(text: str, s: int, start: int, end: int, framing: bool, e: int = -1) -> bool:
    """An organisation, unit, programme, campaign or publication name, or a person's name."""
    run = title_run(text, start, end, s)
    if framing and headline(text, s, e if e >= 0 else min(len(text), end + 200), apart_from=run):
        # a title-case heading: capitals say nothing, but a law's or body's title still does
        return bool(run and run.strip() != text[start:end].strip() and (ORG_STRONG.search(run) or LEGAL_HEADS.search(run)))
    match = text[start:end].strip()
    if run and run.strip() != match:
        if ORG_HEADS.search(run) or LEGAL_HEADS.search(run):
            return True
        at = text.find(run, max(0, start - 200))
        if at >= 0 and _HEAD_AFTER.match(text, at + len(run)):
            return True  # a name with its head in lower case: "the Vehicle Seizure to Deter Prostitution program"
        if framing and start > s and _title_case(match):
            return True  # a title-case phrase mid-sentence: a campaign or operation's name
    elif framing and start > s and _title_case(match) and not text[s:start].strip().endswith((":", "#")):
        return True
    return personal_name(text, start, end)


_HEAD_AFTER = _lazy(r"[ \t]+(?:program(?:me)?|project|campaign|initiative|strategy|unit|operation|scheme|task ?force|"
                    r"squad|team|act|bill|ordinance|by-?law|network|coalition|pilot)s?\b")


def _title_case(phrase: str) -> bool:
    """Two or more words, every word of four letters or more capitalised."""
    words = [w for w in re.findall(r"[^\W\d_]+", phrase) if len(w) > 3]
    return len(phrase.split()) > 1 and bool(words) and all(w[:1].isupper() for w in words)


# the words that may stand between a youth word and the term it describes: "children (who
# are) involved in", "girls recruited into", "teenagers working as", "youth at risk of"; a
# comma, a conjunction or any other word breaks the tie ("respond to prostitution and to the
# sexual exploitation of youth", "sex workers who are parents ... their children")
_YOUTH_BEFORE = _lazy(
    r"^\s*(?:(?:and|or) young (?:people|persons)\s+)?(?:(?:girls|boys|people|persons)\s+)?"
    r"(?:\d{1,2}\s+)?(?:(?:who|that)\s+)?(?:(?:are|were|is|was|have been|has been|had been)\s+)?"
    r"(?:(?:being|been|becoming|become|became|still|currently|already|formerly|allegedly)\s+)?"
    r"(?:(?:involved|engaged|engaging|participating|working|work|works|worked|trapped|caught up|used|exploited|"
    r"forced|coerced|recruited|lured|drawn|pushed|groomed|sold|trafficked|entering|enter|entered|at risk|"
    r"sell(?:s|ing)? sex|sold sex|exit(?:s|ed|ing)?|leav(?:e|es|ing)|left|escap(?:e|es|ed|ing)|held|kept|found|"
    r"rescued|removed|freed|caught)\s+)?"
    r"(?:(?:of|in|into|as|through|for|from)\s+)?(?:(?:the|a|an)\s+)?(?:(?:forced|enforced)\s+)?$", re.IGNORECASE)
# after the term: "prostitution of children", "escorts who were minors", "as young as 13"
_YOUTH_AFTER = _lazy(
    r"^\s*(?:(?:who|that)\s+(?:are|were|is|was)\s+(?:still\s+)?(?:(?:the|a|an)\s+)?|"
    r",\s*(?:including|(?:some|many|most|several|one|two|three|a few) of (?:them|whom)(?:\s+(?:are|were))?)\s+|"
    r"(?:of|by|among|amongst|involving)\s+(?:(?:the|a|an|young|vulnerable|local|these|those|such|very)\s+){0,2}|"
    r"(?:(?:who|that)\s+(?:are|were|is|was)\s+)?)$", re.IGNORECASE)
_BY_AGENT = _lazy(r"[\w-]+(?:\s+[\w-]+)?\s+by\s", re.IGNORECASE)
"""A span that is a passive with its agent ("approached by sex workers"): the young people
before it are what was done to, not the people the span names ("their children were approached
by sex workers" speaks of adult sex workers)."""
_AS_YOUNG_AS = _lazy(r"\s*,?\s*(?:(?:who|that)\s+(?:are|were|is|was)\s+|(?:are|were|is|was)\s+)?"
                     r"(?:as young as|aged|under(?: the age of)?)\s+(?:1[0-7]|[1-9])\b", re.IGNORECASE)


_ADULTS_TOO = _lazy(r"\b(?:women|men|adults?|persons|people)\s+(?:and|or|&)\s+(?:child\w*|girls?|boys?|minors?|youths?|young)|"
                    r"\b(?:child\w*|girls?|boys?|minors?|youths?)\s+(?:and|or|&)\s+(?:women|men|adults?)\b", re.IGNORECASE)
"""Young people named together with adults ("women and children victimized by prostitution"):
what is said of both is said of adults too (the youth context does not lift it)."""


def about_youth(text: str, s: int, e: int, start: int = -1, end: int = -1, *, inner: bool = False) -> bool:
    """Whether the term at ``start:end`` names a young person: a youth word tied to it by
    grammar ("child prostitution", "children involved in prostitution", "prostitution of
    children", "escorts as young as 15"), not merely a youth word elsewhere in the sentence.
    Without a span, whether the sentence speaks of young people at all. ``inner``: a youth
    word inside the span counts too where a sex-work word inside it is tied to it (a framing
    match is a clause, not a term)."""
    sentence = text[s:e]
    if YOUTH_NOT.search(sentence):
        return False
    if start < 0:
        return bool(YOUTH.search(sentence))
    if _AS_YOUNG_AS.match(text, end, min(e, end + 60)):
        return True
    for m in YOUTH.finditer(text, s, e):
        if m.end() <= start:
            if start - m.end() <= 80 and _YOUTH_BEFORE.match(text[m.end():start]) and not _BY_AGENT.match(text, start, end):
                return True
        elif m.start() >= end:
            if m.start() - end <= 60 and _YOUTH_AFTER.match(text[end:m.start()]):
                return True
            break
        elif inner:
            # a framing match that holds the young people itself ("the prostitution of children
            # is a form of child abuse"): its sex-work word tied to them is about young people
            for t in _TERM_WORD.finditer(text, start, m.start()):
                if m.start() - t.end() <= 60 and _YOUTH_AFTER.match(text[t.end():m.start()]):
                    return True
            for t in _TERM_WORD.finditer(text, m.end(), end):
                if t.start() - m.end() <= 80 and _YOUTH_BEFORE.match(text[m.end():t.start()]):
                    return True
                break
    return False


_TERM_WORD = _lazy(r"\b(?:prostitut\w*|sex[- ]?work\w*|sex[- ](?:trade|industry)|escorts?|brothels?)\b", re.IGNORECASE)
"""The sex-work words a framing match may hold; tied to a youth word inside the same match,
they name young people."""


def lifted_by(rule, text: str, start: int, end: int, self_terms: frozenset = frozenset(), *,
              needs: bool = True) -> Optional[str]:
    """The name of the context that lifts this match of ``rule`` (None: it is a finding).
    ``rule.exceptions`` says which contexts the rule accepts. ``needs=False``: the rule's
    ``needs`` is not asked for (a learned rule's sentence read through its ``outside`` words)."""
    exc = rule.exceptions
    if not exc and rule.unless_re is None and (rule.needs_re is None or not needs):
        return None
    if "self-identification" in exc and self_terms:
        n = normal_term(text[start:end])
        if n in self_terms or any(n in t or t in n for t in self_terms if len(t) > 3):
            return "self-identification"
    quote: Optional[tuple[int, int]] = None
    if "quotation" in exc or "attribution" in exc or "use-mention" in exc or "distancing-quotes" in exc:
        quote = enclosing_quote(text, start, end)
    if "use-mention" in exc and use_mention(text, start, end, quote):
        return "use-mention"
    if "distancing-quotes" in exc and quote is not None and distancing(text, start, end, quote):
        return "distancing-quotes"
    s, e = sentence_bounds(text, start, end)
    if quote is not None and ("quotation" in exc or "attribution" in exc):
        q = Quote(text, quote[0], quote[1], (s, e))
        # framing in quotation marks: a scare-quoted phrase is mentioned, and a critic's
        # words are theirs; an official's statement (or an unattributed passage) is kept
        if "attribution" in exc and (not q.direct or (q.speaker and not q.official)):
            return "attribution"
        if "quotation" in exc and q.cites(text[start:end]):
            return "quotation"
    # the register of law lifts a term (the law's own word), never framing (an ordinance's
    # operative words are the policy)
    if "legal" in exc and legal(text, s, start, end, register=rule.reviewer != "framing",
                                characterises=rule.id in CHARACTERISING and len(text[start:end].split()) > 3):
        return "legal"
    if "name" in exc and name(text, s, start, end, rule.reviewer == "framing", e):
        return "name"
    if needs and rule.needs_re is not None and not rule.needs_re.search(_needs_text(rule, text, s, e, start, end)):
        return "needs"
    sentence = text[s:e]
    if rule.unless_re is not None and rule.unless_re.search(sentence):
        return "unless"
    if "question" in exc and asked(text, s, e, end):
        return "question"
    if "negation" in exc and negated(text, s, e, start, end):
        return "negation"
    if "reported-speech" in exc and (reported(sentence, start - s, end - s) or (RESEARCH.search(sentence)
                                                                              and not SUCCESS.search(sentence))):
        return "reported-speech"
    if "critique" in exc:
        a, b = clause_bounds(text, s, e, start, end)
        clause = _without_asides(text[a:b], start - a, end - a)
        if (_critique_outside(clause, start - a, end - a) or concession(text, s, e, start)
                or futile(text, s, e, start, end) or options_weighed(text, s, e, start)):
            return "critique"
    if "exploitation" in exc and _about_exploitation(rule, text, s, e, start, end) \
            and not YOUTH_PUNISHED.search(sentence):
        return "exploitation"
    if "law-described" in exc and law_described(text, s, e, start):
        return "law-described"
    if "historical" in exc and HISTORICAL.search(sentence):
        return "historical"
    if "polite-request" in exc and POLITE.search(sentence) and not ENFORCED.search(sentence):
        return "polite-request"
    if "youth" in exc and about_youth(text, s, e, start, end, inner=rule.reviewer == "framing") \
            and not _ADULTS_TOO.search(sentence) and not YOUTH_PUNISHED.search(sentence):
        return "youth"
    return None


_YOUNG = (r"(?:youths?|young (?:people|persons?|women|men|girls|boys)|minors?|children|juveniles?|teens?|teenagers?|"
          r"adolescents?|girls|boys|under-?age (?:girls|boys|persons?|people|youth))")
YOUTH_PUNISHED = _lazy(
    r"(?:^\W*|[,;:]\s+|\band\s+)(?:(?:any|all|the|these|those|such)\s+)?" + _YOUNG + r"\b(?: [\w’'-]+){0,6}? (?:will be|shall be|are to be|is to be|may be|must be|can be|should be|would be) "
    r"(?:(?:immediately|then|also|routinely|promptly) )?(?:arrested|charged|detained|ticketed|fined|prosecuted|jailed|cited|"
    r"convicted|incarcerated|held in custody|placed in (?:custody|detention))\b"
    r"|\b(?:arrest|charg|detain|ticket|fin|prosecut|jail|cit|incarcerat)(?:e|es|ed|ing|s)? (?:the |any |all )?" + _YOUNG +
    r"\b(?! who (?:exploit|buy|purchase|traffic|recruit|pimp|groom|abuse))", re.IGNORECASE)
"""The young people themselves punished: "youth found selling sex will be charged" (the young
people the passive's subject, at the start of a clause; not "adults who buy sex from minors will
be charged"), "police will arrest minors who are soliciting". A sentence about young people is no exception to the framing
rules then (``youth``, ``exploitation``): LIC reads them as exploited, never as offenders, and
enforcement aimed at their exploiters is what those exceptions are for."""


def _needs_text(rule, text: str, s: int, e: int, start: int, end: int) -> str:
    """Where ``lifted_by`` looks for a rule's ``needs`` (the match is at ``start:end`` in the
    sentence ``s:e``): "before", the sentence and the text before it in its paragraph (an
    antecedent); "lead", the words of the clause before the match and the match itself (a
    policy voice: "officers WILL arrest", "we AIM TO target", "... WILL BE arrested");
    otherwise the sentence."""
    if rule.needs_where == "before":
        return text[max(paragraph_start(text, start), start - 400):e]
    if rule.needs_where == "lead":
        lead = text[max(s, start - 160):start]
        if (not lead.strip(" \t\n-*•>\"'“‘(") and start - s < 4 and _BARE_VERB.match(text, start)
                and not TARGET_WORD.match(text, start) and not _PASSIVE_AUX.search(text, start, end)):
            # an imperative: the sentence starts with the verb ("Criminalize the purchase ..."),
            # not with its subject ("Sex work is criminalised in ...", "Street prostitution is
            # banned ...": a description of the law, with no one's voice in it)
            lead = "must"
        return lead + " " + text[start:end]
    return text[s:e]


_ACTIVITY = _lazy(r"\b(?:prostitut\w*|sex[- ]?work\w*|sex[- ](?:trade|industry)|soliciting|solicitation|brothels?|"
                  r"kerb[- ]?crawl\w*|curb[- ]?crawl\w*|street[- ]?walk\w*|red[- ]light)\b", re.IGNORECASE)


def _activity_first(inner: str) -> bool:
    """Whether a match names the activity before any exploitation word: "tackle prostitution and
    commercial sexual exploitation" aims at the activity first (a mixed aim is framing; the
    labels call such sentences framing), "combat the exploitation of prostitution" does not."""
    a = _ACTIVITY.search(inner)
    if a is None:
        return False
    x = EXPLOITATION.search(inner)
    return x is not None and a.start() < x.start() and not re.match(r"[\w-]*\W*$", inner[a.end():x.start()])


_DEMAND = _lazy(r"\bdemand\b", re.IGNORECASE)


def _about_exploitation(rule, text: str, s: int, e: int, start: int, end: int) -> bool:
    """Whether the match at ``start:end`` (sentence ``s:e``) is about exploitation rather
    than sex work: exploitation words in the match (not a client word; "demand" only with a
    child or trafficking), a violent relative clause or an exploitation object after it, a
    harmer before it, or, for a rule with an open target, exploitation anywhere in the
    sentence and no target word in the match."""
    after = text[end:min(e, end + 70)]
    inner = text[start:end]
    return bool((EXPLOITATION.search(inner) and not CLIENT_WORD.search(inner) and not _activity_first(inner)
                 and (not _DEMAND.search(inner) or CHILD_OR_TRAFFICKING.search(inner)))
                or VIOLENT_RELATIVE.match(after)
                # "tackle the demand for (commercial) sexual exploitation" names buying sex as
                # exploitation (9 of 10 development sentences framing); demand for the
                # exploitation of children or for trafficking is aimed at exploitation
                or (EXPLOITATION_OBJECT.match(after) and (not _DEMAND.search(inner)
                                                          or CHILD_OR_TRAFFICKING.search(after)))
                or HARMER_BEFORE.search(text, max(s, start - 90), start)
                or COERCED_BEFORE.search(text, max(s, start - 40), start)
                or (rule.open_target and not TARGET_WORD.search(inner) and EXPLOITATION.search(text[s:e])))
