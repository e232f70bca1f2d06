"""Contact details: email addresses (also written out, "name [at] example [dot] org"), phone
numbers (Google's libphonenumber metadata through the ``phonenumbers`` package, imported only
when a text has a run of digits that could be one) and street addresses in English, French,
Spanish, Portuguese, Italian, German, Dutch, Nordic, Polish, Vietnamese, Chinese, Japanese and
Korean forms, plus postcodes and post-office boxes.

Each finder returns ``(kind, start, end)`` triples; :mod:`lic_policy.privacy` turns them
into hits. Every expression is compiled once, at import.
"""

from __future__ import annotations

import functools
import re
from typing import Iterator, Optional

from .. import lazy_re
from ._lazy import Lazy

# ---------------------------------------------------------------------------- email

_EMAIL = lazy_re.compile(r"(?<![\w.+-])[\w.%+-]+[@＠][\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}\b")
# "name [at] example [dot] org", "name (at) example (dot) org", "name AT example DOT org",
# "name at example dot org", "name @ example . org"
_AT_MARKED = r"(?:\s*[\[\(\{<]\s*(?:at|@|＠|arobase|arroba|ät)\s*[\]\)\}>]\s*|\s*@\s*)"
_AT_WORD = r"\s+(?:at|AT|At)\s+"
_DOT_ANY = r"(?:\s*[\[\(\{<]\s*(?:dot|\.|punto|point|punkt)\s*[\]\)\}>]\s*|\s+(?:dot|DOT|Dot)\s+|\s*\.\s*)"
# after a plain "at", a plain full stop followed by a space ends a sentence ("met at home. It")
_DOT_WORD = r"(?:\s*[\[\(\{<]\s*(?:dot|\.|punto|point|punkt)\s*[\]\)\}>]\s*|\s+(?:dot|DOT|Dot)\s+|\.)"
# the part before the "at", its dots written out too ("maggie dot o at gmail dot com": only
# "o at gmail dot com" was found, and the mask left "maggie dot" to read; privacy29)
_LOCAL = (r"(?<![\w.+-])[\w][\w.%+-]*(?:(?:\s+(?:dot|DOT|Dot)\s+|\s*[\[\(\{<]\s*(?:dot|\.|punto|point|punkt)\s*"
          r"[\]\)\}>]\s*)[\w][\w%+-]*){0,3}")
_OBFUSCATED = Lazy(_LOCAL + _AT_MARKED + r"[\w-]+(?:" + _DOT_ANY + r"[\w-]+)*" + _DOT_ANY + r"[^\W\d_]{2,}\b"
                         + "|" + _LOCAL + _AT_WORD + r"[\w-]+(?:" + _DOT_WORD + r"[\w-]+)*" + _DOT_WORD
                         + r"[^\W\d_]{2,}\b")
_TLD = {"org", "com", "net", "ca", "edu", "gov", "uk", "au", "fr", "de", "es", "it", "nl", "be", "ch", "nz", "io",
        "info", "us", "ie", "vn", "cn", "jp", "kr", "br", "mx", "in", "za", "se", "no", "dk", "fi", "pt", "pl",
        "at", "co", "me", "email", "mail", "ngo", "coop", "int", "biz", "ru", "tw", "hk", "sg", "ph", "ar", "cl"}
TLD = frozenset(_TLD)
"""Top-level domains an address written out must end in (``privacy.social`` reads ``@example.org``
as a domain, not an account, by them)."""


def emails(text: str) -> Iterator[tuple[str, int, int]]:
    if "@" in text or "＠" in text:
        for m in _EMAIL.finditer(text):
            yield "email", m.start(), m.end()
    low = text.lower()
    if "at" in low and ("dot" in low or "." in low or "punto" in low or "point" in low or "punkt" in low) \
            or "@" in text or "arobase" in low or "arroba" in low:
        for m in _OBFUSCATED.finditer(text):
            s = m.group(0)
            if ("@" in s or "＠" in s) and _EMAIL.fullmatch(s):
                continue  # a plain address, found above
            tld = re.split(r"\W+", s.rstrip())[-1].lower()
            # written out with plain words ("at", "dot") only counts with a real top-level domain
            if tld in _TLD or re.search(r"[\[\(\{<]", s):
                yield "email", m.start(), m.end()
    if _SERVICE_HINT.search(text):
        yield from _by_service(text)


# an address given by its mail service alone ("maggieo88 at gmail", "dana.r [at] protonmail"): the
# service's name is the domain to every reader (privacy30). Only services whose name is no
# English word ("live", "mail", "me" are left out), and only after a part that is no everyday
# word ("staff at Gmail", "hosted at Gmail" are none)
_SERVICES = (r"gmail|googlemail|hotmail|outlook|msn|yahoo|ymail|aol|icloud|protonmail|proton|tutanota|tuta|"
             r"gmx|zoho|yandex|fastmail|shaw|telus|sympatico|videotron")
_SERVICE_HINT = re.compile(r"\b(?:" + _SERVICES + r")\b", re.IGNORECASE)
_BY_SERVICE = Lazy(r"(?<![\w.+-])(?P<local>[^\W_][\w.%+-]*?)(?:\s+(?:at|AT|At)\s+|\s*[\[\(\{<]\s*(?:at|AT|@|＠)\s*"
                   r"[\]\)\}>]\s*|\s*[@＠]\s*)(?i:" + _SERVICES + r")\b(?!['’]s\b)")


def _by_service(text: str) -> Iterator[tuple[str, int, int]]:
    from .lexicon import COMMON, RARE_WORD, flags, fold, stop_words

    for m in _BY_SERVICE.finditer(text):
        local = m.group("local").rstrip(".")
        if len(local) < 2:
            continue
        if not re.search(r"[\d._%+-]", local):
            key = fold(local)
            if COMMON in flags(key) or RARE_WORD in flags(key) or key in stop_words():
                continue
        yield "email", m.start(), m.end()


# ---------------------------------------------------------------------------- phone

# a run that could be a phone number: an optional +, digits with spaces, dots, dashes,
# slashes or brackets between them; at least 7 digits are counted below
_PHONE_RUN = re.compile(r"(?<![\w+/.,-])(?:\+|00)?\(?\d[\d \u00a0().\-/]{5,22}\d(?![\w/])")
_DATE = lazy_re.compile(r"^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})$")
_YEARS = lazy_re.compile(r"^(?:1[89]|20)\d\d\s*[-–/]\s*(?:(?:1[89]|20)\d\d|\d\d)$")
# ... and the numbers councils give their motions, resolutions, bylaws and reports ("Council
# motion 2026-114", a Word footnote the import keeps as a to-do item)
_NOT_PHONE_BEFORE = Lazy(r"(?:[$€£¥#№]|\b(?:rs|no|id|ref|case|file|isbn|issn|doi|v|version|art|s|motion|resolution|"
                         r"by-?law|bill|report|order|directive|item)\.?)\s*$", re.IGNORECASE)
_NOT_PHONE_AFTER = Lazy(r"^\s*(?:%|percent|per cent|km|m\b|kg|people|participants|persons|hours|h\b|"
                              r"\$|dollars|euros)", re.IGNORECASE)
# regions whose numbering plans are tried for a number written without +country code; the
# guideline's own country first (see find_identities' region)
REGIONS = ("US", "GB", "AU", "FR", "DE", "ES", "IT", "NL", "BE", "CH", "IE", "NZ", "PT", "BR", "MX", "IN",
           "VN", "CN", "JP", "KR", "PH", "ZA", "SE", "NO", "DK", "FI", "PL", "AT")


def _digits(s: str) -> int:
    return sum(c.isdigit() for c in s)


def phones(text: str, region: Optional[str] = None) -> Iterator[tuple[str, int, int]]:
    for m in _PHONE_RUN.finditer(text):
        s = m.group(0).rstrip(" .-(\u00a0")
        start, end = m.start(), m.start() + len(s)
        if s.startswith("(") and ")" not in s:
            s, start = s[1:], start + 1
        n = _digits(s)
        if n < 7 or n > 15:
            continue
        compact = s.strip()
        if _DATE.match(compact) or _YEARS.match(compact):
            continue
        if _NOT_PHONE_BEFORE.search(text[max(0, start - 12):start]) or _NOT_PHONE_AFTER.match(text[end:end + 14]):
            continue
        separated = any(c in s for c in " .-()/\u00a0")
        international = s.startswith(("+", "00"))
        if not separated and not international and n < 10:
            continue  # 1234567: a count or an id more likely than a phone
        if re.fullmatch(r"\d{1,3}(?:[ .]\d{3})+", compact) and not international:
            continue  # 1 000 000, 12.500.000: grouped thousands
        groups = re.split(r"\D+", compact)
        singles = sum(1 for g in groups if len(g) == 1)
        if singles > 2:
            # 1 2 3 4 5 6 7: a list of numbers, not a phone; but every digit of a whole number
            # written apart ("6 0 4 5 5 5 0 1 9 9", to slip past a filter) is one when the digits
            # together are a valid number (privacy30)
            if singles != len(groups) or n not in (10, 11) or international or not _is_valid(compact, region):
                continue
        if _is_phone(s, region, international):
            yield "phone", start, end


def _is_valid(spaced: str, region: Optional[str]) -> bool:
    """Whether the digits of ``spaced`` together are a number the metadata lists, in the
    guideline's region or the US and Canada's plan."""
    import phonenumbers

    digits = "".join(c for c in spaced if c.isdigit())
    for r in dict.fromkeys((region or "US", "US")):
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(digits, r)):
                return True
        except phonenumbers.NumberParseException:
            continue
    return False


@functools.lru_cache(maxsize=4096)
def _is_phone(s: str, region: Optional[str], international: bool) -> bool:
    import phonenumbers

    candidate = "+" + s[2:] if s.startswith("00") else s
    regions: tuple = (None,) if international else ((region,) if region else ()) + REGIONS
    for r in regions:
        try:
            num = phonenumbers.parse(candidate, r)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(num):
            return True
        # written with its country's + code and the full length of that country's numbers: a phone
        # number even where the metadata lists no such range (+44 7700 900123 was missed; privacy29)
        if international and _digits(s) >= 9 and phonenumbers.is_possible_number_with_reason(num) == \
                phonenumbers.ValidationResult.IS_POSSIBLE:
            return True
        # a number in its region's shape that the metadata does not list (e.g. 555 numbers
        # written with separators) is still a phone number when it has the shape of one
        if r in (region, "US") and phonenumbers.is_possible_number(num) and _digits(s) >= 7 and \
                re.search(r"\d{3}[ .\-)]{1,2}\d{4}\b", s):
            return True
    return False


# ---------------------------------------------------------------------------- address

_CAP = r"[^\W\d_][\w'’.-]*"
_NUM = r"\d{1,5}(?:\s?[A-Za-z](?![\w]))?(?:\s?(?:bis|ter))?"
_EN_TYPES = (r"(?i:Street|St|Avenue|Ave|Av|Road|Rd|Drive|Dr|Lane|Ln|Way|Boulevard|Blvd|Place|Pl|Crescent|Cres|Court|"
             r"Ct|Terrace|Terr?|Highway|Hwy|Parkway|Pkwy|Square|Sq|Close|Row|Alley|Trail|Circle|Cir|Gardens|Mews|"
             r"Walk|Grove|Parade)")
# the street's name words are checked to be capitalised (or ordinals such as 5th) after matching
_ENGLISH = Lazy(r"(?:(?:#|(?i:Unit|Suite|Apt\.?|Apartment|Flat))\s*\w{1,5}[,\s-]+)?\b" + _NUM
                      + r",?\s+(?P<name>(?:[NSEW]\.?\s+|North\s+|South\s+|East\s+|West\s+)?(?:(?:" + _CAP
                      + r"|\d{1,3}(?i:st|nd|rd|th))\s+){1,3})(?:" + _EN_TYPES + r")\b\.?"
                      r"(?:\s+(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\b\.?)?")
# number first, then the street type: French, Vietnamese, Latin-American Spanish
_NUMBER_FIRST = Lazy(r"\b" + _NUM + r",?\s+(?i:rue|avenue|av\.|bd|boulevard|chemin|allée|allee|impasse|quai|"
                           r"route|cours|passage|place|square|rang|montée|côte|calle|avenida|avda\.|carrera|"
                           r"đường|duong|phố|pho|ngõ|hẻm)\s+(?:(?:de|du|des|de la|d'|la|le|les|del|de los|"
                           r"de las)\s*)?(?P<name>" + _CAP + r")(?:\s+" + _CAP + r"){0,3}")
# the street type first, then the number: Spanish, Portuguese, Italian, Polish, French
_TYPE_FIRST = Lazy(r"\b(?i:calle|c/|avenida|avda\.|av\.|paseo|plaza|camino|carrera|rua|travessa|largo|"
                         r"via|viale|piazza|corso|vicolo|ul\.|ulica|al\.|aleja|rue|avenue)\s+(?:(?:de|del|de la|"
                         r"dos|das|da|di|della|delle|degli)\s+)?(?P<name>" + _CAP + r")(?:\s+" + _CAP
                         + r"){0,3},?\s+(?:[nN][º°o.]\s*)?\d{1,5}[a-zA-Z]?\b")
# the street word ends in its type: German, Dutch, Nordic ("Hauptstraße 5", "Kerkstraat 12")
_SUFFIXED = Lazy(r"\b(?P<name>[^\W\d_][\w-]*(?i:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|"
                       r"chaussee|straat|laan|gracht|plein|kade|singel|steeg|gade|gatan|vägen|vegen|veien|väg|"
                       r"torget))\s+\d{1,5}[a-zA-Z]?\b")
_CJK_ADDRESS = Lazy(r"[\u3400-\u9fff\u3040-\u30ff]{1,12}(?:路|街|道|巷|弄|大道)[\d０-９一二三四五六七八九十百]+"
                          r"(?:号|號|番地?)|[\d０-９]+丁目[\d０-９]+(?:番地?)?(?:[\d０-９]+号?)?|"
                          r"[\uac00-\ud7a3]{1,10}(?:로|길|대로)\s?\d{1,4}(?:-\d{1,4})?")
_POSTCODE = Lazy(r"\b(?:[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\s?\d[ABCEGHJ-NPRSTV-Z]\d|"  # Canada
                       r"(?:GIR|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?)\s\d[ABD-HJLNP-UW-Z]{2})\b")  # United Kingdom
_PO_BOX = Lazy(r"\b(?i:P\.?\s?O\.?\s?Box|Post Office Box|Case postale|C\.P\.|Apartado(?: de correos)?|"
                     r"Postfach|Casilla)\s+\d{1,6}\b")
_ADDRESS_HINT = re.compile(r"\d")
# where someone lives or stays, written without the street's type ("I live at 1234 East Hastings",
# "staying at 55 W Cordova", "my address is 4410 Kingsway"): after those words a number and a
# capitalised name that is no everyday word are an address (privacy30)
_HOME = Lazy(r"(?i:\b(?:live|lives|living|lived|stay|stays|staying|stayed|sleep|sleeps|sleeping|address(?:\s+is)?|"
             r"home\s+is|place\s+is)\s*(?:at|on|is|:)?\s+)(?P<addr>\d{1,5}[A-Za-z]?,?\s+(?P<dir>(?:[NSEW]\.?|North|"
             r"South|East|West)\s+)?(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}))")


def _homes(text: str) -> Iterator[tuple[str, int, int]]:
    from .lexicon import COMMON, RARE_WORD, flags, fold

    for m in _HOME.finditer(text):
        first = m.group("name").split()[0]
        f = flags(fold(first))
        if not m.group("dir") and (COMMON in f or RARE_WORD in f):
            continue  # "living at 2 Sites", "stayed at 3 Hotels": a count of places
        yield "address", m.start("addr"), m.end("addr")


def addresses(text: str) -> Iterator[tuple[str, int, int]]:
    if not _ADDRESS_HINT.search(text):
        return
    for rx in (_ENGLISH, _NUMBER_FIRST, _TYPE_FIRST, _SUFFIXED):
        for m in rx.finditer(text):
            name = m.group("name").lstrip()
            if name[:1].isupper() or name[:1].isdigit():  # a street's name is capitalised
                end = m.end()
                last = re.search(r"(\w+)\.$", m.group(0))
                if last and len(last.group(1)) > 4:  # a full stop ending the sentence, not "St."
                    end -= 1
                yield "address", m.start(), end
    for m in _PO_BOX.finditer(text):
        yield "address", m.start(), m.end()
    yield from _homes(text)
    if not text.isascii():
        for m in _CJK_ADDRESS.finditer(text):
            yield "address", m.start(), m.end()
    for m in _POSTCODE.finditer(text):
        yield "address", m.start(), m.end()
