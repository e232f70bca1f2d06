"""Social-media handles and profile links: ``@maryjones``, ``x.com/maryjones``,
``linkedin.com/in/mary-jones``, ``tiktok.com/@maryjones``, ``onlyfans.com/maryj``,
``t.me/maryjones``, ``wa.me/16045550123``, ``https://mastodon.social/@maryjones``,
``@mary@mastodon.social``, and a username written after its app's name (``Signal:
maryj.42``, ``my insta is mary_j_88``). A person's account identifies them as surely as an
email address does.

What is *not* one (each decided here, once, for every place the detectors read):

* an organisation's public account: a handle holding a word of an organisation (``police``,
  ``PD``, ``society``, ``news``, ``gov``, ``city`` ...) or an acronym (``@NSWP``,
  ``@SWANVancouver``) — ``@VancouverPD``, ``facebook.com/PACEsociety``;
* the review room's own pseudonymous handles (``@advisory-3``, ``@staff-2``, any ``@name`` with a
  dash and no dot, as the room's made-up names are written: ``@bluejay-7``; a person's name so
  written, ``@mary-jones``, is a name) and mentions of everyone (``@everyone``, ``@here``);
* an email address (the email kind), a time or a count (``@5pm``, ``@ 5 pm``, ``@10:30``),
  "at" written ``@`` (``@home``, ``@noon``, ``@the``);
* code: a decorator or a call (``@property`` above a ``def``, ``@app.route(...)``), Java
  annotations, CSS at-rules (``@media``), npm scopes (``@types/node``), anything in backticks;
* a platform's own pages (``twitter.com/hashtag/...``, ``facebook.com/groups/...``,
  ``x.com/search?...``) and other web sites' paths (``example.org/maryjones``).

Each finder yields ``(kind, start, end)`` triples as :mod:`lic_policy.privacy.contact` does.
"""

from __future__ import annotations

import re
from typing import Iterator

from ._lazy import Lazy

KIND = "social"

# ---------------------------------------------------------------------------- organisations

# words of an organisation, service or public body: an account holding one is not a person's
ORG_WORDS = frozenset("""
police pd rcmp opp spvm tps vpd sheriff constabulary cops
city cityof town county municipality region regional district province provincial state federal
gov govt government ministry dept department authority agency commission office
health clinic hospital healthcare medical ems fire ambulance paramedics
society collective coalition network alliance union unions association assoc assn
org ngo nonprofit charity foundation fund trust institute
project projects program programme initiative campaign movement league federation council board
committee centre center services service outreach dropin shelter housing transit library
university univ college school schools church mission ymca ywca
news media radio tv press magazine journal daily times post herald
official hq inc ltd corp
workers rights united action advocacy voices support
""".split())
# an organisation word this long is one also at the start (6 letters) or end (5, and "news") of a
# run-together handle ("vancouverpolice", "healthbc", "cbcnews"); shorter ones only as a part of
# their own: "Felicity" holds no city, "Pressley" no press and "Newsom" no news
_ORG_START = tuple(sorted(w for w in ORG_WORDS if len(w) >= 6))
_ORG_END = tuple(sorted(w for w in ORG_WORDS if len(w) >= 5)) + ("news",)

# the review room's handles are made of these (see privacy.handle_problem), and chat mentions
_PSEUDONYM_WORDS = frozenset("""advisory reviewer reviewers staff policy community legal automated lic
sex worker workers sw swa advisor adviser member guest anon anonymous pseudonym user team group panel
peer council city health police outreach planning planner manager everyone here all channel
""".split())

# "at" written with an @: "@home", "@noon", "@the library"
_AT_WORDS = frozenset("""home work school noon night midnight dawn dusk lunch dinner breakfast risk
office clinic van park shelter library hospital church""".split())

# code: CSS and SCSS at-rules, JSDoc tags, common decorators and annotations
_CODE_WORDS = frozenset("""media import font-face keyframes supports page charset layer container namespace
tailwind apply extend mixin include use forward if else each function return while debug warn error
param returns throws see since author version deprecated link example todo
property staticmethod classmethod dataclass abstractmethod cached_property lru_cache cache override
contextmanager wraps given settings fixture overload final total_ordering singledispatch
Override Deprecated SuppressWarnings FunctionalInterface Test Autowired Component Injectable Input Output
Entity Table Column Id Bean Service Controller RestController GetMapping PostMapping Inject Nullable NonNull
""".split())

_PARTS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[^\W\d_]+")


def is_organisation(handle: str) -> bool:
    """``handle`` (without its @) names an organisation: a part that is a word of an
    organisation (``VancouverPD``, ``PACE_society``, ``cbcnews``) or an acronym of 3 to 7
    capitals that is no first name (``NSWP``, ``SWANVancouver``)."""
    from .lexicon import GIVEN, lookup

    for part in _PARTS.findall(handle):
        low = part.lower()
        if low in ORG_WORDS:
            return True
        if len(low) > 4 and (low.startswith(_ORG_START) or low.endswith(_ORG_END)):
            return True
        if part.isupper() and 3 <= len(part) <= 7 and part.isascii() and GIVEN not in lookup(part):
            return True
    return False


def is_pseudonym(handle: str) -> bool:
    """``advisory-3``, ``staff-2``, ``everyone``: the room's own handles and mentions of all."""
    parts = [p for p in re.split(r"[-_.\d]+", handle.lower()) if p]
    return bool(parts) and all(p in _PSEUDONYM_WORDS for p in parts)


# ---------------------------------------------------------------------------- @handles

_HANDLE_CHARS = r"[A-Za-z0-9_.\-]"
# possessive: a handle is taken whole or not at all ("@app.route(" is no "@app.rout")
_AT_HANDLE = Lazy(r"(?<![\w.@＠/+%&=$#\\-])[@＠](?P<h>[A-Za-z0-9_]" + _HANDLE_CHARS + r"{0,40}+)(?![\w@＠/(\[{])")
_FEDIVERSE = Lazy(r"(?<![\w.@＠/+%&=$#\\-])[@＠](?P<h>[A-Za-z0-9_][A-Za-z0-9_.\-]{0,40}+)[@＠]"
                  r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_TIME = re.compile(r"\d+(?:[:.h]\d*)?(?:am|pm|a|p|h|hr|hrs|x|k|m|min|mins|st|nd|rd|th)?", re.I)
_DECORATED = re.compile(r"\s*(?:async\s+def|def|class|@|public|private|protected|static|function|export)\b")


def _code_spans(text: str) -> list[tuple[int, int]]:
    if "`" not in text:
        return []
    return [m.span() for m in re.finditer(r"```.*?(?:```|\Z)|`[^`\n]+`", text, re.S)]


def _decorator(text: str, at: int, end: int) -> bool:
    """The ``@`` at ``at`` starts its line, the name runs to the line's end, and the next line
    is a definition: a Python (or TypeScript, Java) decorator."""
    # only the blanks beside it are read (a search for the line's ends made a text of many
    # handles and no line break quadratic)
    i = at - 1
    while i >= 0 and at - i < 200 and text[i] in " \t":
        i -= 1
    if i >= 0 and text[i] != "\n":
        return False
    j = end
    while j < len(text) and j - end < 200 and text[j] in " \t\r":
        j += 1
    if j >= len(text) or text[j] != "\n":
        return False
    return _DECORATED.match(text, j + 1) is not None


def _not_a_handle(handle: str) -> bool:
    if len(handle) < 2 or not re.search(r"[^\W\d_]", handle):
        return True
    if _TIME.fullmatch(handle):
        return True
    low = handle.lower()
    if handle in _CODE_WORDS or low in _CODE_WORDS:
        return True
    if low.isalpha():
        from .lexicon import stop_words

        if low in _AT_WORDS or low in stop_words():
            return True
    if "." in handle:
        from .contact import TLD

        if handle.rsplit(".", 1)[1].lower() in TLD:  # "@example.org": a domain, not an account
            return True
    return is_pseudonym(handle) or is_organisation(handle)


def at_handles(text: str) -> Iterator[tuple[str, int, int]]:
    if "@" not in text and "＠" not in text:
        return
    code = _code_spans(text)
    for rx in (_FEDIVERSE, _AT_HANDLE):
        for m in rx.finditer(text):
            handle = m.group("h").rstrip(".-")
            start = m.start()
            end = m.end() if rx is _FEDIVERSE else m.start("h") + len(handle)
            if _not_a_handle(handle) or any(a <= start < b for a, b in code):
                continue
            if rx is _AT_HANDLE and _decorator(text, start, m.end()):
                continue
            if rx is _AT_HANDLE and "-" in handle and "." not in handle:
                # no X, Instagram, TikTok or Mastodon handle holds a dash: the room's made-up
                # names do (`I agree with @bluejay-7`); one that is a person's name is a name
                from . import handle_problem

                if handle_problem(handle):
                    yield "name", start, end
                continue
            yield KIND, start, end


# ---------------------------------------------------------------------------- profile links

# platforms where a path names an account: social networks, messengers, fan, tip and
# advertising sites sex workers use (each a way to find the person)
PLATFORMS = ("twitter.com", "x.com", "facebook.com", "fb.com", "fb.me", "m.me", "messenger.com", "instagram.com",
             "instagr.am", "threads.net", "threads.com", "tiktok.com", "youtube.com", "linkedin.com", "t.me",
             "telegram.me", "telegram.dog", "wa.me", "signal.me", "kik.me", "snapchat.com", "reddit.com",
             "tumblr.com", "pinterest.com", "twitch.tv", "bsky.app", "mastodon.social", "vk.com", "weibo.com",
             "discord.com", "onlyfans.com", "fansly.com", "fancentro.com", "justfor.fans", "manyvids.com",
             "chaturbate.com", "stripchat.com", "pornhub.com", "linktr.ee", "allmylinks.com", "beacons.ai",
             "patreon.com", "ko-fi.com", "paypal.me", "venmo.com", "cash.app", "tryst.link", "slixa.com",
             "eros.com", "leolist.cc")
_PLATFORM_RX = "|".join(re.escape(p) for p in sorted(PLATFORMS, key=len, reverse=True))
_LINK = Lazy(r"(?<![\w.@＠/+%&=$#\\-])(?:https?://)?(?:(?:www|m|mobile|web|profiles|[a-z]{2})\.)?"
             r"(?P<domain>" + _PLATFORM_RX + r")/(?P<path>[^\s<>\"'`()\[\]{}|\\^]+)", re.I)
# any site's path /@name is an account there (Mastodon and other fediverse servers, Medium, YouTube)
_AT_PATH = Lazy(r"(?<![\w.@＠/+%&=$#\\-])(?:https?://)?(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}/@(?P<h>[A-Za-z0-9_.\-]+)"
                r"(?:/[^\s<>\"'`()\[\]{}|\\^]*)?")
# the first part of the path says the account comes next
_ACCOUNT_NEXT = frozenset("in pub u user users add escort escorts profile c channel people model models pornstar "
                          "members member stories".split())
# a platform's own pages: no one's account
_NOT_ACCOUNT = frozenset("""hashtag hashtags search explore share sharer sharer.php intent i home about help legal
privacy terms tos policies policy login signup register settings watch embed p reel reels tv groups events pages
page tags tag jobs company school schools feed notifications messages direct accounts trending topics business ads
developers blog download r s joinchat playlist results shorts live status posts photo photos video videos
dialog plugins story.php permalink.php hashtag.php watch.php""".split())


def _account(domain: str, path: str) -> str:
    """The account a platform ``path`` names ("" when it names none)."""
    if domain.lower() == "signal.me":
        return path or ""
    bare = re.split(r"[?#]", path, maxsplit=1)[0]
    segs = [s for s in bare.split("/") if s]
    if not segs:
        return ""
    first = segs[0].lower()
    if first == "profile.php" and re.search(r"[?&]id=\d", path):
        return "id"
    if first in _ACCOUNT_NEXT:
        segs = segs[1:]
        if not segs:
            return ""
        first = segs[0].lower()
    account = segs[0].lstrip("@$")
    if first in _NOT_ACCOUNT or not account or re.search(r"\.(?:php|html?|aspx?|jsp)$", account, re.I):
        return ""
    return account


def links(text: str) -> Iterator[tuple[str, int, int]]:
    if "/" not in text:
        return
    low = text.lower()
    if any(p in low for p in PLATFORMS):
        for m in _LINK.finditer(text):
            path = m.group("path").rstrip(".,;:!?'\"")
            account = _account(m.group("domain"), path)
            if not account or is_organisation(account):
                continue
            yield KIND, m.start(), m.start("path") + len(path)
    if "/@" in text:
        for m in _AT_PATH.finditer(text):
            handle = m.group("h").rstrip(".-")
            if _not_a_handle(handle):
                continue
            yield KIND, m.start(), m.start() + len(m.group(0).rstrip(".,;:!?'\""))


# ---------------------------------------------------------------------------- "Signal: maryj.42"

APPS = ("instagram", "insta", "ig", "twitter", "tiktok", "snapchat", "snap", "telegram", "signal", "whatsapp", "kik",
        "discord", "wickr", "threema", "wechat", "skype", "facebook", "fb", "messenger", "onlyfans", "fansly",
        "reddit", "bluesky", "bsky", "mastodon", "tryst", "twitch", "linkedin", "viber", "venmo", "paypal", "cashapp",
        "zelle")
# "OF" (OnlyFans) only in capitals: "my OF is kaylaxo", never the word "of"
_APP_USERNAME = Lazy(r"\b(?:(?i:" + "|".join(APPS) + r")|OF)\b(?:\s+(?i:username|user\s?name|handle|id|account|name|user|"
                     r"profile))?\s*(?::|=|\bis\b|–|—|-(?=\s))\s*(?P<h>[A-Za-z0-9_][A-Za-z0-9_.]{0,38}+"
                     r"(?:#\d{4})?)(?![\w@/])")
_APP_SET = frozenset(APPS)
_WORDS = re.compile(r"[^\W\d_]+")


def app_usernames(text: str) -> Iterator[tuple[str, int, int]]:
    # the words first (a set look-up each): searching for 30 names at every place cost 15 µs a
    # record, most of the privacy rule's time on records without a handle
    if not (_APP_SET.intersection(_WORDS.findall(text.lower())) or "OF" in text):
        return
    from .lexicon import COMMON, RARE_WORD, lookup

    for m in _APP_USERNAME.finditer(text):
        handle = m.group("h").rstrip(".")
        plain = handle.isalpha() and (handle.islower() or handle[1:].islower())
        if plain and (COMMON in lookup(handle) or RARE_WORD in lookup(handle)):
            continue  # "Signal is strong", "Telegram: private group": words, not a username
        if _not_a_handle(handle):
            continue
        yield KIND, m.start("h"), m.start("h") + len(handle)


# ---------------------------------------------------------------------------- u/name, name.bsky.social, $cashtag

# Reddit's way of naming an account in a post ("ask u/maggieo"); r/name is a community, not a person
_REDDIT_USER = Lazy(r"(?<![\w./@$-])/?u/(?P<h>[A-Za-z0-9_-]{3,20})(?![\w/])")
# a Bluesky handle on its own server is its own address ("maggieo.bsky.social")
_BSKY = Lazy(r"(?<![\w.@/-])(?P<h>[A-Za-z0-9][A-Za-z0-9-]{0,62})\.bsky\.social\b", re.I)
# a Cash App account is a $cashtag, said with the app's name; not "$40", and not a currency ("$CAD")
_CASH_APP = Lazy(r"\bcash\s?app\b|\bcash\.app\b", re.I)
_CASHTAG = Lazy(r"(?<![\w$/])\$(?P<h>[A-Za-z][A-Za-z0-9_-]{0,19})(?![\w$])")


def account_names(text: str) -> Iterator[tuple[str, int, int]]:
    """Reddit's ``u/name``, a bare Bluesky handle and a Cash App ``$cashtag`` (privacy29: all three
    were stored by the review room)."""
    if "u/" in text:
        for m in _REDDIT_USER.finditer(text):
            if not _not_a_handle(m.group("h")):
                yield KIND, m.start(), m.end()
    if ".bsky.social" in text.lower():
        for m in _BSKY.finditer(text):
            if m.group("h").lower() not in ("www", "bsky"):
                yield KIND, m.start(), m.end()
    if "$" in text and _CASH_APP.search(text):
        for m in _CASHTAG.finditer(text):
            h = m.group("h")
            if not (len(h) == 3 and h.isupper()) and not _not_a_handle(h):
                yield KIND, m.start(), m.end()


def find(text: str) -> Iterator[tuple[str, int, int]]:
    """Every social-media handle and profile link in ``text``."""
    yield from links(text)
    yield from at_handles(text)
    yield from app_usernames(text)
    yield from account_names(text)


def profile_link(handle: str) -> bool:
    """``handle`` (a reviewer handle someone typed) is a profile link: ``instagram.com/maryj``."""
    return any(a == 0 and b >= len(handle.rstrip("/")) for _k, a, b in links(handle))


__all__ = ["find", "links", "at_handles", "app_usernames", "account_names", "is_organisation", "is_pseudonym", "profile_link",
           "PLATFORMS", "APPS", "ORG_WORDS", "KIND"]
