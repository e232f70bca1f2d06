"""People's names in free text.

Words are looked up in the shipped lists (:mod:`lic_policy.privacy.lexicon`: given names,
surnames, everyday English words, place-name words, stop words); what makes a run of words a
person's name is its shape and its context:

* a title before capitalised words: ``Ms. Rivera``, ``Councillor Smith``, ``Elder Mary``;
* a given name and a surname (either order), also with initials and particles: ``Maria
  Santos``, ``Maria L. Santos``, ``J. Smith``, ``Ana de la Cruz``, ``Nguyễn Thị Lan``;
* a given name that is not an everyday word followed by a capitalised word that is not one
  either (``Tom Whitecloud``), unless the run goes on into an organisation or place word
  (``Elizabeth Fry Society``, ``Victoria Park``) or holds a role word (``Senior Planner``);
* lower-case names when both words are names and neither is an everyday word or a function
  word of a common European language (``maria santos``);
* a single given name where the sentence says it is a person (``Maria said``, ``a
  participant named Tom``), where the writer gives it as a name (``My name is Dana``, ``Ask for
  Dana``), where it signs the text or a line (``… paid. – Dana``, ``Thanks, Dana``) or where it
  stands in a list with a name found otherwise;
* names in Cyrillic (transliterated, then looked up); Chinese, Japanese and Korean names by
  their family names (a short run of Han or Hangul characters that starts with a common family
  name, standing alone in other text or followed by a title such as 先生, さん, 씨).

Role titles and organisation names are not names: a run with a role word (Planner, Manager,
Chair, Coordinator ...) or an organisation word (Committee, Society, Centre ...) is not a
person's name, whatever other words it holds.
"""

from __future__ import annotations

import bisect
import re
from typing import Iterator, Optional

from .. import lazy_re
from ._lazy import Lazy
from .lexicon import COMMON, GIVEN, PLACE, RARE_WORD, SURNAME, flags, fold, stop_words

# ---------------------------------------------------------------------------- vocabularies

HONORIFICS = frozenset("""
mr mrs ms mx miss dr prof professor sir dame madam madame mme mlle mademoiselle monsieur herr frau fräulein
sr sra srta señor señora señorita don doña dona sig signor signora signorina dott pan pani
councillor councilor alderman alderwoman mayor sgt sergeant cst constable inspector officer detective det
supt superintendent elder rev reverend fr father sister pastor rabbi imam judge senator mla mpp mp hon
auntie aunty uncle chief capt captain lt lieutenant cpl corporal nurse
grandmother grandma granny grandfather grandpa kokum kookum moshum mosom mushum
""".split())
# a title that is also a plain word needs the next word to look like a name, not just capitalised
_WEAK_HONORIFICS = frozenset({"chief", "elder", "father", "sister", "judge", "officer", "nurse", "don", "pan",
                              "mayor", "inspector", "constable", "detective", "captain", "uncle", "auntie",
                              "aunty", "hon", "mp", "grandmother", "grandma", "granny", "grandfather", "grandpa",
                              # Cree grandmother and grandfather: Elders are often named so (privacy30)
                              "kokum", "kookum", "moshum", "mosom", "mushum"})

ROLE_WORDS = frozenset("""
planner planners manager managers director directors coordinator coordinators co-ordinator chair chairs chairperson
chairman chairwoman co-chair cochair vice officer officers analyst analysts advisor advisors adviser advisers
worker workers lead leads head specialist specialists liaison navigator navigators counsellor counselor
counsellors clerk clerks secretary treasurer president executive administrator administrators assistant
assistants associate consultant consultants facilitator facilitators representative representatives rep
member members staff employee employees volunteer volunteers intern interns nurse nurses physician physicians
doctor doctors lawyer lawyers counsel solicitor paralegal researcher researchers evaluator evaluators
supervisor supervisors superintendent commissioner commissioners councillor councillors councilor councilors
mayor deputy acting interim senior junior principal chief general program programme project outreach
policy policies social planning community engagement services service engineer architect trainer trainers
educator educators ombudsperson ombudsman steward caseworker peer peers elder elders knowledge keeper
directrice directeur coordonnatrice coordonnateur coordinatrice conseillère conseiller responsable chargée
chargé agente agent gestionnaire présidente président secrétaire trésorière trésorier
coordinadora coordinador directora gerente asesora asesor técnica técnico trabajadora trabajador
leiterin leiter referentin referent beraterin berater sachbearbeiterin sachbearbeiter koordinatorin
koordinator mitarbeiterin mitarbeiter
""".split())

ORG_WORDS = frozenset("""
committee committees council councils board boards society societies centre center centres centers
department departments collective association associations organization organisation organizations
organisations network networks coalition coalitions house ministry office offices team teams unit units
group groups agency agencies authority authorities foundation foundations fund trust institute institution
university college school schools clinic clinics hospital hospitals church churches mission shelter shelters
project projects program programs programme programmes service services alliance union federation league
corporation company inc ltd llc co-op coop cooperative partnership commission tribunal court courts police
government city town village county district region province state nation band council
club circle initiative initiatives campaign lab library hub branch division bureau secretariat panel
taskforce task force working caucus forum assembly app apps
society's centre's council's
société centre association conseil comité ministère fondation réseau collectif regroupement maison
asociación fundación comité ayuntamiento red colectivo centro casa
verein verband stiftung zentrum netzwerk beratungsstelle amt
""".split())

PLACE_WORDS = frozenset("""
street st road rd avenue ave boulevard blvd drive lane way place square park parks harbour harbor bay river
lake creek valley heights hill hills mount mountain island islands point beach bridge station village hall
terrace crescent court gardens plaza market downtown eastside westside northside southside north south east
west central upper lower inner outer greater metro metropolitan coast coastal peninsula falls springs
port fort landing grove woods forest field fields ridge cove inlet sound strait channel
""".split())

# words that say the next capitalised word is a person: "a participant named Maria"
_PERSON_BEFORE = frozenset("""named called participant participants reviewer reviewers resident residents
member client clients friend colleague worker workers elder auntie uncle mother father sister brother daughter
son wife husband partner girlfriend boyfriend peer nommée nommé appelée appelé llamada llamado namens
selon según segun laut secondo volgens segundo according
""".split())
# words after a name that say it is a person: "Maria said"
_PERSON_AFTER = frozenset("""said says told tells shared shares noted notes asked asks explained explains
suggested suggests stated states mentioned mentions wrote writes reported reports described describes added
adds argued argues agreed agrees disagreed raised raises commented comments spoke speaks recalled recalls
felt feels thinks thought believes wants wanted attended joined signed emailed phoned called texted
a dit dijo sagte
""".split())
# words after which capitalised words that are in no list are taken for a person's name
_INTRO = frozenset("""by with from thanks to named called contact par avec de por con von mit""".split())
_LIST_JOINERS = lazy_re.compile(r"^(?:\s*,\s*|\s+(?:and|&|et|y|e|und|en|och|og)\s+|\s*,\s*(?:and|et|y|e|und)\s+)$")
PARTICLES = frozenset("""de da di del dela della dei degli der den van von le la du dos das des bin binti ibn
al el ter ten zu y e st ap ab mac o""".split())
_CALENDAR = frozenset("""january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday""".split())

# ---------------------------------------------------------------------------- tokens

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*(?:['’]s)?\.?", re.UNICODE)
_GAP_NAME = re.compile(r"^[ \t\u00a0]{1,2}$|^[ \t]*\n[ \t]*$")

_CYRILLIC = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i", "й": "y",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
    "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
})
# Greek, read as the Latin spelling of the same name (ELOT 743, simplified: "ου" is "ou", "αυ"
# and "ευ" are "av" and "ev"): Μαρία is Maria, Ελένη is Eleni (privacy30; the names were not
# read at all)
_GREEK_PAIRS = (("ου", "ou"), ("αυ", "av"), ("ευ", "ev"), ("ού", "ou"), ("αύ", "av"), ("εύ", "ev"))
_GREEK = str.maketrans({
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i", "κ": "k", "λ": "l",
    "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "y", "φ": "f",
    "χ": "ch", "ψ": "ps", "ω": "o", "ά": "a", "έ": "e", "ή": "i", "ί": "i", "ό": "o", "ύ": "y", "ώ": "o",
    "ϊ": "i", "ϋ": "y", "ΐ": "i", "ΰ": "y",
})


class Token:
    __slots__ = ("start", "end", "raw", "word", "_key", "shape", "_flags", "initial", "possessive")

    def __init__(self, m: re.Match):
        raw = m.group(0)
        self.start, self.raw = m.start(), raw
        word = raw
        n = len(word)
        self.initial = n == 2 and word[1] == "." and word[0].isupper()
        if word[-1] == "." and not self.initial:
            word = word[:-1]
        self.possessive = n > 3 and word[-2:] in ("'s", "’s")
        if self.possessive:
            word = word[:-2]
        self.word = word
        self.end = self.start + len(word) + (1 if self.initial else 0)
        first = word[0]
        if self.initial or (len(word) == 1 and first.isupper()):
            self.shape = "initial"
        elif first.isupper():
            self.shape = "upper" if len(word) > 1 and word.isupper() else "title"
        elif word.islower():
            self.shape = "lower"
        else:
            self.shape = "other"
        self._flags = None
        self._key = None

    @property
    def key(self) -> str:
        if self._key is None:
            w = self.word
            if not w.isascii() and _has_cyrillic(w):
                w = w.lower().translate(_CYRILLIC)
            elif not w.isascii() and _GREEK_CHAR.search(w):
                w = w.lower()
                for a, b in _GREEK_PAIRS:
                    w = w.replace(a, b)
                w = w.translate(_GREEK)
            self._key = fold(w.replace("-", "") if "-" in w else w)
        return self._key

    @property
    def flags(self) -> str:
        if self._flags is None:
            f = flags(self.key)
            if "-" in self.word:  # Jean-Baptiste, Smith-Jones: every part a name
                parts = [flags(fold(p)) for p in self.word.split("-") if p]
                if parts and all(GIVEN in p or SURNAME in p for p in parts):
                    f = "".join(sorted((set("".join(parts)) | set(f)) - {COMMON, RARE_WORD}))
            self._flags = f
        return self._flags

    @property
    def lower(self) -> str:
        return self.word.casefold()

    # what the word can be
    def is_stop(self) -> bool:
        """A function word. Capitalised, only when it is also an everyday English word ("The",
        "With"): "Ben", "Hai" or "Dela" mid-sentence are names that other languages also use
        as function words."""
        return self.lower in stop_words() and (self.shape == "lower" or COMMON in self.flags)

    def is_role(self) -> bool:
        return self.key in ROLE_WORDS or self.lower in ROLE_WORDS

    def is_org(self) -> bool:
        return self.key in ORG_WORDS or self.lower in ORG_WORDS

    def is_place_word(self) -> bool:
        return self.key in PLACE_WORDS

    def blocks(self) -> bool:
        """A word that is never part of a person's name."""
        return self.is_role() or self.is_org() or self.is_place_word()

    def given(self) -> bool:
        return GIVEN in self.flags

    def surname(self) -> bool:
        return SURNAME in self.flags

    def everyday(self) -> bool:
        return COMMON in self.flags or self.key in _CALENDAR

    def word_like(self) -> bool:
        """An English word (everyday or not) or a place-name word."""
        f = self.flags
        return COMMON in f or RARE_WORD in f or PLACE in f

    def strong_given(self) -> bool:
        return self.given() and not self.everyday() and not self.is_stop()

    def strong_surname(self) -> bool:
        return self.surname() and not self.everyday() and not self.is_stop()

    def name_word(self) -> bool:
        """Capitalised and could be part of a name: not an everyday word, not a stop word."""
        return not self.everyday() and not self.is_stop() and not self.blocks()


_CYRILLIC_CHAR = lazy_re.compile(r"[\u0400-\u04ff]")
_GREEK_CHAR = lazy_re.compile(r"[\u0370-\u03ff]")


def _has_cyrillic(word: str) -> bool:
    return _CYRILLIC_CHAR.search(word) is not None


def _tokens(text: str) -> list[Token]:
    return [Token(m) for m in _WORD.finditer(text)]


def _adjacent(text: str, a: Token, b: Token) -> bool:
    gap = text[a.end:b.start]
    if gap.startswith(".") and a.key in HONORIFICS:  # Ms. Rivera, Dr. Lee
        gap = gap[1:]
    return bool(_GAP_NAME.match(gap)) or (a.initial and gap in (" ", ""))


# ---------------------------------------------------------------------------- Latin-script rules


def _runs(text: str, toks: list[Token]) -> Iterator[list[Token]]:
    """Maximal runs of adjacent words that could be one name: capitalised words, initials and
    particles between them."""
    run: list[Token] = []
    for t in toks:
        if run and not _adjacent(text, run[-1], t):
            yield run
            run = []
        if t.shape in ("title", "initial", "upper") or (run and t.lower in PARTICLES and t.shape == "lower"):
            run.append(t)
            if t.possessive:
                yield run
                run = []
        else:
            if run:
                yield run
            run = []
    if run:
        yield run


def _is_name_pair(a: Token, b: Token) -> bool:
    """Two capitalised words (a before b) that together are a person's name."""
    if a.shape == "upper" or b.shape == "upper":
        # all capitals: acronyms (WISH, PACE) unless both are clearly names
        return a.strong_given() and b.strong_surname() and not b.word_like()
    if a.initial:
        return b.surname() and not b.blocks() and not b.is_stop()
    if b.initial:
        return False
    if a.blocks() or b.blocks() or a.is_stop() or b.is_stop():
        return False
    if a.strong_given():
        if b.surname() and not b.everyday():
            return True
        if b.surname() and a.given() and not a.word_like():
            return True  # Maria Smith: a given name that is no English word, a surname that is one
        return not b.word_like() and not b.given() or (b.given() and not b.everyday() and not b.word_like())
    if a.given() and a.everyday():
        # Grace, Will, Hope: only with a surname that is no everyday word
        return b.strong_surname() and PLACE not in b.flags
    if a.strong_surname() and not a.word_like():
        # surname first (Nguyen Thi Lan, Chen Meiling), or a surname and a name-like word
        return (b.strong_given() or b.strong_surname()) and not b.word_like()
    return False


def _latin(text: str, toks: list[Token], field_kind: str) -> Iterator[tuple[int, int]]:
    """Spans of personal names in Latin script: in each run of capitalised words, a title and
    the name after it, or a name of two to four words; then lower-case pairs of name words;
    then single given names where the sentence says they are people."""
    found: list[tuple[int, int]] = []
    for run in _runs(text, toks):
        if len(run) < 2:
            continue
        head = _person_part(run)
        i = 0
        while i < len(head):
            end = _titled_name_end(head, i)
            if end is None and not _cannot_start_a_name(head[i]):
                end = _name_end(text, toks, head, i)
            if end is None:
                i += 1
                continue
            found.append((head[i].start, head[end].end))
            i = end + 1
    found.extend(_lower_case_names(text, toks))
    found.extend(_given_and_initial(text, toks, found))
    yield from found
    # single given names where the sentence says they are people, and names listed with them
    yield from _single_names(text, toks, found)


def _given_and_initial(text: str, toks: list[Token], found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A first name and the initial of a surname, "Maggie O.", "Dana R.": how people sign
    among peers (privacy29); not a place and its province's initials ("Victoria B.C.")."""
    out = []
    for k in range(len(toks) - 1):
        t, b = toks[k], toks[k + 1]
        if not (b.initial and t.shape == "title" and t.strong_given() and not t.blocks()
                and text[t.end:b.start] == " "):
            continue
        after = toks[k + 2] if k + 2 < len(toks) else None
        if after is not None and after.shape == "initial" and re.fullmatch(r" ?", text[b.end:after.start]):
            continue  # B.C., U.S.
        if any(x <= t.start < y for x, y in found):
            continue
        end = b.start + len(b.raw)
        if after is not None and after.shape in ("title", "other") and text[end:after.start] == " " \
                and not after.blocks() and not after.is_stop() and not after.everyday():
            end = after.end  # and the surname: "Nancy E. O’Malley", "James L. Dittman"
        out.append((t.start, end))
    return out


def _person_part(run: list[Token]) -> list[Token]:
    """The words of ``run`` that may name a person: none when the run goes on into an
    organisation or place word ("Elizabeth Fry Society", "Victoria Park", "Dr. Lee Centre":
    the words before it name that organisation or place)."""
    for t in run:
        if t.is_org() or t.is_place_word():
            return []
    return run


def _titled_name_end(head: list[Token], i: int) -> Optional[int]:
    """Where a name that follows the title at ``head[i]`` ends ("Dr. Amara Singh"), or None."""
    t = head[i]
    if t.key not in HONORIFICS or i + 1 >= len(head):
        return None
    j = i + 1
    nxt = head[j]
    ok = (nxt.shape in ("title", "initial") and not nxt.blocks() and not nxt.is_stop()
          and nxt.key not in HONORIFICS and (nxt.given() or nxt.surname() or not nxt.word_like()))
    if t.key in _WEAK_HONORIFICS:
        ok = ok and (nxt.strong_given() or nxt.strong_surname() or (nxt.surname() and j + 1 < len(head))
                     or not nxt.word_like())
    if not ok:
        return None
    end = j
    while end + 1 < len(head) and _continues(head[end], head[end + 1]):
        end += 1
    return end


def _cannot_start_a_name(t: Token) -> bool:
    """A role word, a function word, or an all-capitals word that is no strong given name."""
    return t.is_role() or t.is_stop() or t.shape == "upper" and not t.strong_given()


def _name_end(text: str, toks: list[Token], head: list[Token], i: int) -> Optional[int]:
    """Where a name of two to four words starting at ``head[i]`` ends: the first word and the
    next name word (initials and particles between them), then further name words; or a run
    of two or three unknown capitalised words after a word that introduces people."""
    best = None
    first = head[i]
    j = i + 1
    while j < len(head) and j < i + 6:
        t2 = head[j]
        if (t2.lower in PARTICLES and t2.shape in ("lower", "title") and j + 1 < len(head)) or \
                (t2.initial and not first.initial and best is None):
            j += 1
            continue
        if best is None:
            between = head[i + 1:j]
            pair = _is_name_pair(first, t2)
            if not pair and between:
                # Maria L. Santos, Ana de la Cruz: what is around the initial or particle
                pair = (first.given() or first.surname()) and not first.blocks() and \
                    not first.everyday() and not t2.blocks() and not t2.is_stop() and \
                    (t2.surname() or not t2.everyday())
        else:
            pair = _continues(head[j - 1], t2)
        if not pair:
            break
        best = j
        j += 1
    if best is None and i == 0 and len(head) - i in (2, 3) and _introduced_unknown_names(text, toks, head):
        best = len(head) - 1
    return best


def _introduced_unknown_names(text: str, toks: list[Token], head: list[Token]) -> bool:
    """"Reviewed by Chidi Eze": capitalised words that are in no list, after a word that
    introduces people."""
    prev = _before(toks, head[0])
    return prev is not None and prev.lower in _INTRO and _near(text, prev, head[0]) and all(
        t.shape == "title" and not t.flags.strip(GIVEN + SURNAME) and not t.blocks()
        and not t.is_stop() for t in head) and any(not t.flags for t in head)


def _lower_case_names(text: str, toks: list[Token]) -> Iterator[tuple[int, int]]:
    """Lower-case names: both words names, neither an everyday word or a function word."""
    for a, b in zip(toks, toks[1:]):
        if a.shape == "lower" and b.shape == "lower" and _adjacent(text, a, b) and _lower_pair(a, b):
            yield a.start, b.end


def _continues(prev: Token, t: Token) -> bool:
    """A further word of a name already started (a middle name, a second surname)."""
    if t.blocks() or t.is_stop() or t.shape == "upper":
        return False
    if t.initial:
        return True
    return t.shape == "title" and (t.surname() or t.given() or not t.word_like()) and not t.everyday()


def _lower_pair(a: Token, b: Token) -> bool:
    if len(a.word) < 3 or len(b.word) < 3:
        return False
    if a.is_stop() or b.is_stop() or a.blocks() or b.blocks():
        return False
    if a.everyday() or b.everyday() or a.key in _CALENDAR or b.key in _CALENDAR:
        return False
    names = (a.given() or a.surname()) and (b.given() or b.surname())
    return bool(names and (a.given() or b.given()) and not (COMMON in a.flags or COMMON in b.flags)
                and not (RARE_WORD in a.flags and RARE_WORD in b.flags))


def _single_names(text: str, toks: list[Token], found: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Single first names the sentence says are people, then the first names listed with a name
    ("Maria Santos, Tom and Aisha"). Linear in the number of words."""
    starts = sorted(a for a, _b in found)
    ends = sorted(found)

    def inside(t: Token) -> bool:
        i = bisect.bisect_right(starts, t.start) - 1
        return i >= 0 and ends[i][0] <= t.start < ends[i][1]

    candidates = [k for k, t in enumerate(toks) if t.shape == "title" and t.strong_given() and not t.blocks()
                  and not inside(t)]
    if not candidates:
        return
    named: dict[int, bool] = {}
    for k in candidates:
        t = toks[k]
        before = toks[k - 1] if k > 0 else None
        after = toks[k + 1] if k + 1 < len(toks) else None
        if before is not None and before.lower in _PERSON_BEFORE and _near(text, before, t):
            named[k] = True
        elif after is not None and after.lower in _PERSON_AFTER and _near(text, t, after):
            named[k] = True
        elif t.possessive and after is not None and after.shape == "lower":
            named[k] = True  # "Maria's story"
        elif _introduced(text, toks, k) or _signed(text, toks, k) or _here(text, toks, k) or _labelled(text, toks, k):
            named[k] = True  # "My name is Dana", "Ask for Dana"; "… paid. – Dana" at the end
        elif _beside_the_writer(text, toks, k):
            named[k] = True  # "Jess and I both disagree", "Me and Jess went"
        elif _pronoun_after(text, toks, k):
            named[k] = True  # "Tasha got put off the bus after she asked for a safe stop"
        elif _described(text, t):
            named[k] = True  # "Maria (she/her) from PACE", "Tasha, 34, works nights"
    # a list of names: a first name joined by a comma or "and" to a name just before or after it
    # (one pass each way carries the chain along)
    spans = sorted([*found, *((toks[k].start, toks[k].end) for k in named)])
    span_starts = [a for a, _b in spans]
    for order in (candidates, list(reversed(candidates))):
        for k in order:
            if k in named:
                continue
            t = toks[k]
            i = bisect.bisect_left(span_starts, t.start)
            prev_end = spans[i - 1][1] if i > 0 else None
            next_start = spans[i][0] if i < len(spans) else None
            if (prev_end is not None and prev_end <= t.start and _LIST_JOINERS.match(text[prev_end:t.start])) or \
                    (next_start is not None and next_start >= t.end and _LIST_JOINERS.match(text[t.end:next_start])):
                named[k] = True
                spans.insert(i, (t.start, t.end))
                span_starts.insert(i, t.start)
    for k in sorted(named):
        yield toks[k].start, toks[k].end


# words right before a first name that say the writer gives a person's name: their own ("My name
# is Dana", "I am Maria", "Call me Dana") or someone's to ask for ("Ask for Dana at the drop-in")
_SELF_INTROS = (("my", "name", "is"), ("my", "name's"), ("my", "name’s"), ("i", "am"), ("call", "me"),
                ("je", "m'appelle"), ("je", "m’appelle"),
                ("me", "llamo"), ("mi", "nombre", "es"), ("ich", "heiße"), ("ich", "heisse"))
# the same, where a place could follow too ("This is Victoria", the city): not with a place's name
_OTHER_INTROS = (("this", "is"), ("it", "is"), ("it's",), ("it’s",), ("ask", "for"), ("talk", "to"),
                 ("speak", "to"), ("c'est",), ("c’est",))
# the writer beside a first name: "Jess and I", "Me and Jess" (ux20)
_WRITER = frozenset(("i", "me", "myself"))
# someone the writer talked with or met ("I talked with Maria at the drop-in", "I met Maria at
# the van"): a place's name is taken too (Maria and Victoria are also places), unless the next
# word makes it a body ("met Victoria police", "spoke to Surrey outreach")
_CONTACT_INTROS = (*((verb, prep) for verb in ("talk", "talked", "talking", "spoke", "speaking", "chatted",
                                               "met", "meet", "meeting", "checked", "heard")
                     for prep in ("with", "to", "from")),
                   *((verb,) for verb in ("met", "asked", "told", "phoned", "texted", "messaged",
                                          "emailed", "thanked", "hugged", "ask", "tell")))
# a closing word before the name a message is signed with: "Thanks, Dana"
_BODY_AFTER = frozenset("""police council city county staff outreach services service health team teams
office officers government ministry department committee board workers""".split())
_SIGN_OFFS = frozenset("""thanks thank thx cheers best regards signed love merci gracias saludos cordialement
danke grüße xo xoxo hugs""".split())
# a kiss or a hug signs off with only a space before the name ("… open late. xo Jess"; privacy30)
_SPACED_SIGN_OFFS = frozenset(("xo", "xoxo", "hugs"))
# what only a person has right after their first name: pronouns in brackets ("Maria (she/her)")
# or an age between commas ("Tasha, 34, works nights"; not a place with a count); privacy30
_PRONOUNS_AFTER = re.compile(r"[ \t]?\((?:she|he|they|ze|xe|ey|any)[ \t]*/[ \t]*(?:her|hers|him|his|them|they|"
                           r"she|he|hir|zir|xem|em|pronouns)(?:[ \t]*/[ \t]*\w+)?\)", re.IGNORECASE)
_AGE_AFTER = re.compile(r", (?:1[3-9]|[2-9]\d), ")


def _described(text: str, t: "Token") -> bool:
    after = text[t.end:t.end + 40]
    if _PRONOUNS_AFTER.match(after):
        return True
    return PLACE not in t.flags and _AGE_AFTER.match(after) is not None
_SIGN_DASH = lazy_re.compile(r"(?:^|[ \t\n])(?:--?|–|—|~)[ \t]*$")


def _beside_the_writer(text: str, toks: list[Token], k: int) -> bool:
    """Whether the first name ``toks[k]`` is joined by “and” to the writer: “Jess and I”, “Me and
    Jess” (a place or a body is not: “Victoria police and I”; a place's name is taken, as
    nobody writes a city and themselves)."""
    t = toks[k]
    if k + 2 < len(toks) and toks[k + 1].lower == "and" and toks[k + 2].lower in _WRITER:
        run = toks[k:k + 3]
    elif k >= 2 and toks[k - 1].lower == "and" and toks[k - 2].lower in _WRITER:
        run = toks[k - 2:k + 1]
    else:
        return False
    return all(re.fullmatch(r"[ \t]{1,2}", text[a.end:b.start]) for a, b in zip(run, run[1:])) and bool(t.word)


# a third person's pronoun that goes back to a first name before it in the sentence (ux22);
# English only ("il" and "elle" are also "it")
_PRONOUNS = frozenset("she he her him his hers herself himself".split())
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")  # used by every check of a review file or record: compiled now


def _pronoun_after(text: str, toks: list[Token], k: int) -> bool:
    """Whether “she”, “he”, “her”, “him” or “his” follows the first name ``toks[k]`` in its
    sentence (“Last winter Tasha got put off the bus after she asked for a safe stop”): a
    reviewer's story about another worker, by her first name, was stored without asking (ux22).
    Not a place's name (“Victoria police told her”) nor the first word of a longer name
    (“Grace Hospital will see her”)."""
    t = toks[k]
    if PLACE in t.flags:
        return False
    after = toks[k + 1] if k + 1 < len(toks) else None
    if after is not None and after.shape in ("title", "upper") and re.fullmatch(r"[ \t]+", text[t.end:after.start]):
        return False
    near = toks[k + 1:k + 30]  # a bounded look: a long text without a stop stays linear
    if not near:
        return False
    m = _SENTENCE_END.search(text, t.end, near[-1].end)
    end = m.start() if m else len(text)
    for u in near:
        if u.start >= end:
            return False
        if u.lower in _PRONOUNS:
            return True
    return False


def _introduced(text: str, toks: list[Token], k: int) -> bool:
    """Whether the first name ``toks[k]`` follows words that say it is someone's name ("My name
    is Dana", "Ask for Dana"), and is not the first word of a longer proper name ("this is
    Victoria Park")."""
    t = toks[k]
    after = toks[k + 1] if k + 1 < len(toks) else None
    if after is not None and after.shape in ("title", "upper") and re.fullmatch(r"[ \t]+", text[t.end:after.start]):
        return False
    for intros, places_too in ((_SELF_INTROS, True), (_OTHER_INTROS, False), (_CONTACT_INTROS, True)):
        if not places_too and PLACE in t.flags:
            continue
        if intros is _CONTACT_INTROS and (after is not None and (after.blocks() or after.lower in _BODY_AFTER)
                                          and re.fullmatch(r"[ \t]+", text[t.end:after.start])):
            continue
        for words in intros:
            n = len(words)
            # "It's" is read as a possessive "It": its "'s" is part of the word here (the cue
            # "it's" never matched, and "It's Maggie from PACE" was stored; privacy29)
            if k < n or tuple(x.lower + x.raw[len(x.word):] if x.possessive else x.lower
                              for x in toks[k - n:k]) != words:
                continue
            run = toks[k - n:k + 1]
            if all(re.fullmatch(r"[ \t]{1,2}", text[a.start + len(a.raw) if a.possessive else a.end:b.start])
                   for a, b in zip(run, run[1:])):
                return True
    return False


_GREETING = frozenset("hi hello hey hiya bonjour salut hola".split())
# a label a first name is written after, at the start of a line: "Name: Dana", "Contact: Dana"
_LABELS = frozenset("name contact from by signed author reviewer nom nombre nome".split())


def _labelled(text: str, toks: list[Token], k: int) -> bool:
    """Whether the first name ``toks[k]`` follows a label and a colon at the start of a line
    ("Name: Dana", "Nom : Dana"; privacy29)."""
    t = toks[k]
    prev = toks[k - 1] if k > 0 else None
    if prev is None or prev.lower not in _LABELS or not re.fullmatch(r"[ \t]{0,2}:[ \t]{1,2}", text[prev.end:t.start]):
        return False
    return not text[text.rfind("\n", 0, prev.start) + 1:prev.start].strip()


def _here(text: str, toks: list[Token], k: int) -> bool:
    """Whether the first name ``toks[k]`` is how the writer opens a message or a line: “Maria
    here, I ran the van”, “Hi all, Dana here: …” (privacy29)."""
    t = toks[k]
    after = toks[k + 1] if k + 1 < len(toks) else None
    if after is None or after.lower != "here" or not re.fullmatch(r"[ \t]{1,2}", text[t.end:after.start]):
        return False
    if not re.match(r"[ \t]*(?:[,.:;!–—-]|\n|$)", text[after.start + len(after.word):]):
        return False
    line = text[text.rfind("\n", 0, t.start) + 1:t.start]
    if not line.strip():
        return True
    words = re.findall(r"[^\W\d_]+", line.lower())
    return bool(words) and words[0] in _GREETING and len(words) <= 3 and line.rstrip().endswith(",")


def _signed(text: str, toks: list[Token], k: int) -> bool:
    """Whether the first name ``toks[k]`` is what a message is signed with: the last word of
    the text or of a line, after a dash ("– Dana"), a closing word and a comma ("Thanks,
    Dana"), or the end of a sentence ("… and paid. Jess")."""
    t = toks[k]
    # the rest of its line: nothing but a full stop or an exclamation mark (a plain string test:
    # every first name a check meets comes here, most of them mid-sentence)
    end = text.find("\n", t.end)
    rest = text[t.end:] if end < 0 else text[t.end:end]
    if rest.strip(" \t") not in ("", ".", "!"):
        return False
    before = text[:t.start]
    if _SIGN_DASH.search(before):
        return True
    prev = toks[k - 1] if k > 0 else None
    if prev is not None and prev.lower in _SIGN_OFFS and re.fullmatch(r",[ \t]*\n?[ \t]*|[ \t]*\n[ \t]*",
                                                                       text[prev.end:t.start]):
        return True
    if prev is not None and prev.lower in _SPACED_SIGN_OFFS and text[prev.end:t.start] == " ":
        return True
    # "written by Maggie.", "… from Dana" at the end: who wrote it (not a place: "Funded by
    # Victoria."; privacy29)
    if prev is not None and prev.lower in ("by", "from") and text[prev.end:t.start] == " " and PLACE not in t.flags:
        return True
    # after a sentence's end, not an abbreviation's ("Fort St. John"): its last word in lower case
    return prev is not None and prev.shape == "lower" and re.search(r"[.!?][ \t]*\n?[ \t]*$", before) is not None


def _before(toks: list[Token], t: Token):
    """The word before ``t`` in ``toks`` (found by its offset: the tokens are in order)."""
    k = bisect.bisect_left(toks, t.start, key=lambda x: x.start)
    return toks[k - 1] if k > 0 else None


def _near(text: str, a: Token, b: Token) -> bool:
    return bool(re.fullmatch(r"[ \t]{1,2}|,? ?", text[a.end:b.start]))


# ---------------------------------------------------------------------------- CJK

_CJK_CHAR = Lazy("[\u3400-\u9fff\uac00-\ud7a3]")  # a large set: 2 ms to compile, needed for non-ASCII text only
_HAN_RUN = Lazy(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_HANGUL_RUN = Lazy(r"[\uac00-\ud7a3]+")
# the most common Chinese family names (about 85% of people in China, Taiwan and the diaspora),
# simplified and traditional
_CN_SURNAMES = set("王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何林罗羅高郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧曹彭曾肖"
                   "田董袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范金石廖贾賈夏韦韋付方白邹鄒孟熊"
                   "秦邱江尹薛闫閻段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬钱錢严嚴覃武戴莫孔向汤湯常温溫康施文牛樊葛邢"
                   "安齐齊易乔喬伍庞龐颜顏倪庄莊聂聶章鲁魯岳翟殷詹申欧歐耿关關兰蘭焦俞左柳甘祝包宁寧尚符舒阮柯纪紀梅"
                   "童凌毕畢单單季裴霍涂成苗谷盛曲翁冉骆駱蓝藍路游辛靳管柴蒙鲍鮑华華喻祁蒲房滕屈饶饒解牟艾尤阳陽时時"
                   "穆农農司卓古吉缪繆简簡车車项項连連芦蘆麦麥褚娄婁窦竇戚岑景党宫宮费費卜冷晏席卫衛米柏宗瞿桂全佟应應"
                   "臧闵閔苟邬鄔边邊卞姬师師和仇栾欒隋商刁沙荣榮巫寇桑郎甄丛叢仲虞敖巩鞏明佘池查麻苑迟遲邝鄺")
_CN_COMPOUND = {"欧阳", "歐陽", "司马", "司馬", "上官", "诸葛", "諸葛", "东方", "東方", "皇甫", "尉迟", "尉遲",
                "公孙", "公孫", "慕容", "长孙", "長孫", "司徒", "令狐", "夏侯", "端木"}
# common Japanese family names in kanji
_JP_SURNAMES = {"佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "渡邊", "山本", "中村", "小林", "加藤", "吉田", "山田",
                "佐々木", "山口", "松本", "井上", "木村", "林", "斎藤", "清水", "山崎", "森", "池田", "橋本", "阿部",
                "石川", "山下", "中島", "石井", "小川", "前田", "岡田", "長谷川", "藤田", "後藤", "近藤", "村上",
                "遠藤", "青木", "坂本", "斉藤", "福田", "太田", "西村", "藤井", "金子", "岡本", "藤原", "中野",
                "三浦", "原田", "中川", "松田", "竹内", "小野", "田村", "中山", "和田", "石田", "森田", "上田",
                "原", "内田", "柴田", "酒井", "宮崎", "横山", "高木", "安藤", "宮本", "大野", "小島", "工藤"}
_KR_SURNAMES = set("김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄채원천방공"
                   "현함변염여추도소석선설마길연위표명기반라왕금옥육인맹제모탁국어은편용")
_CJK_TITLES = ("先生", "女士", "小姐", "老师", "老師", "同学", "同學", "阿姨", "さん", "様", "さま", "氏", "君", "ちゃん",
               "씨", "님", "선생님")
_CJK_BEFORE = ("名叫", "叫做", "参与者", "參與者", "包括", "名为", "名為", "受访者", "受訪者", "代表")


def _cjk(text: str) -> Iterator[tuple[int, int]]:
    latin_letters = sum(1 for c in text if c.isascii() and c.isalpha())
    mostly_other = latin_letters > len(text) / 3
    for m in _HAN_RUN.finditer(text):
        run, s = m.group(0), m.start()
        # a whole run that is a name: alone in other text, or followed by a title
        after = text[m.end():m.end() + 3]
        titled = after.startswith(_CJK_TITLES)
        for title in _CJK_TITLES:  # a title written inside the run: 陈美玲女士
            if len(title) <= len(run) and run.endswith(title) and _han_name(run[:-len(title)]):
                yield s, s + len(run) - len(title)
                break
        else:
            if _han_name(run) and (mostly_other or titled or _isolated(text, m.start(), m.end())):
                yield s, m.end()
                continue
            # inside Chinese or Japanese prose: a name after a word that introduces people
            for cue in _CJK_BEFORE:
                k = run.find(cue)
                while k >= 0:
                    rest = run[k + len(cue):]
                    for n in (3, 2, 4):
                        if len(rest) >= n and _han_name(rest[:n]):
                            yield s + k + len(cue), s + k + len(cue) + n
                            break
                    k = run.find(cue, k + 1)
    for m in _HANGUL_RUN.finditer(text):
        run = m.group(0)
        for title in ("선생님", "씨", "님"):
            if run.endswith(title) and 2 <= len(run) - len(title) <= 4 and run[0] in _KR_SURNAMES:
                yield m.start(), m.end() - len(title)
                break
        else:
            if 2 <= len(run) <= 4 and run[0] in _KR_SURNAMES and (len(run) == 3 or mostly_other) and \
                    (mostly_other or _isolated(text, m.start(), m.end())) and len(run) >= 2:
                yield m.start(), m.end()


def _han_name(run: str) -> bool:
    if not 2 <= len(run) <= 4:
        return False
    if run[:2] in _CN_COMPOUND and len(run) >= 3:
        return True
    if any(run.startswith(j) and len(run) > len(j) and len(run) - len(j) <= 2 for j in _JP_SURNAMES):
        return True
    return run[0] in _CN_SURNAMES and len(run) in (2, 3)


def _isolated(text: str, a: int, b: int) -> bool:
    """The run stands alone: a space, punctuation or the text's edge on both sides."""
    before = text[a - 1] if a > 0 else " "
    after = text[b] if b < len(text) else " "
    return (not before.isalnum()) and (not after.isalnum()) and (before in " \t\n(（「『\"'“‘,，、:：" or a == 0) and \
        (after in " \t\n)）」』\"'”’,，、.。;；:：" or b == len(text))


# ---------------------------------------------------------------------------- entry point


def find(text: str, field_kind: str = "prose") -> list[tuple[int, int]]:
    """(start, end) of every person's name in ``text``."""
    out: list[tuple[int, int]] = []
    ascii_text = text.isascii()
    if not ascii_text and _CJK_CHAR.search(text) and (_HAN_RUN.search(text) or _HANGUL_RUN.search(text)):
        out.extend(_cjk(text))
    toks = _tokens(text)
    if toks:
        out.extend(_latin(text, toks, field_kind))
        if field_kind == "role":
            out.extend(_whole_value_name(text, toks))
    return out


def _whole_value_name(text: str, toks: list[Token]) -> Iterator[tuple[int, int]]:
    """A role, body or note field whose whole value is two or three capitalised words with no
    role, organisation or everyday word in them ("Jane Doe" where a role belongs)."""
    stripped = text.strip()
    if not 2 <= len(toks) <= 3 or len(stripped) > 40:
        return
    if "".join(t.raw for t in toks) != re.sub(r"\s+", "", stripped):
        return
    if not all(t.shape in ("title", "initial") for t in toks) or any(t.blocks() for t in toks):
        return
    first, last = toks[0], toks[-1]
    # every word a name word; an everyday word only as the surname after a first name (Jane Doe)
    if first.strong_given() and (last.surname() or not last.word_like()) or \
            all(not t.everyday() and not t.is_stop() for t in toks) and (first.given() or last.surname()):
        yield first.start, last.end
