"""Interface texts in several languages, from gettext catalogues.

The English text is the message id; each other language is one ``locales/LANG.po`` file
(the standard gettext format, so any translation tool edits it), read with Babel. A new
language is a new ``.po`` file: ``python -m lic_policy.web.i18n`` lists the messages the
templates and code use that a catalogue lacks (a test runs the same check for every
catalogue). Dates are written the way each language writes them (Babel's CLDR data).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Callable, Optional

LOCALES = Path(__file__).with_name("locales")
DEFAULT = "en"


@functools.lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """msgid → translation for ``lang`` ({} for English, the source language)."""
    if lang == DEFAULT:
        return {}
    from babel.messages.pofile import read_po

    path = LOCALES / f"{lang}.po"
    with open(path, "rb") as f:
        cat = read_po(f, locale=lang)
    return {m.id: m.string for m in cat if m.id and m.string and not m.fuzzy and isinstance(m.id, str)}


@functools.lru_cache(maxsize=None)
def languages() -> tuple[str, ...]:
    return (DEFAULT, *sorted(p.stem for p in LOCALES.glob("*.po")))


LANGUAGE_NAMES = {"en": "English", "fr": "Français"}


def translator(lang: str) -> Callable[..., str]:
    """``_(text, **values)``: the translation of ``text`` (English when there is none),
    with ``{name}`` placeholders filled in; a whole number is written as the language
    groups its digits (1,000,000; 1 000 000 in French), not as the program holds it."""
    cat = catalogue(lang) if lang in languages() else {}
    locale = lang if lang in languages() else DEFAULT

    def _(text: str, **values) -> str:
        out = cat.get(text, text)
        if not values:
            return out
        return out.format(**{k: format_number(v, locale) if type(v) is int else v for k, v in values.items()})

    return _


def format_number(n: int, lang: str) -> str:
    """A whole number as ``lang`` writes it (Babel's CLDR data)."""
    if -1000 < n < 1000:
        return str(n)
    from babel.numbers import format_decimal

    return format_decimal(n, locale=lang if lang in languages() else DEFAULT)


def negotiate(accept_language: Optional[str]) -> str:
    """The best of our languages for an ``Accept-Language`` header."""
    if not accept_language:
        return DEFAULT
    prefs = []
    for i, part in enumerate(accept_language.split(",")[:20]):
        tag, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            weight = 0.0
        prefs.append((-weight, i, tag.strip().lower()))
    for _w, _i, tag in sorted(prefs):
        base = tag.split("-")[0]
        if base in languages():
            return base
    return DEFAULT


def format_date(value, lang: str) -> str:
    """A date or ISO date-time as the language writes it (e.g. 31 décembre 2026)."""
    import datetime as dt

    from babel.dates import format_date as _fd

    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        value = value.date()
    return _fd(value, format="long", locale=lang if lang in languages() else DEFAULT)


# --------------------------------------------------------------------------- catalogue upkeep

_CALL = re.compile(r"""\b_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""", re.S)
_TEMPLATE_CALL = re.compile(r"""\b_\(\s*(?:"([^"]*)"|'([^']*)')""", re.S)


def used_messages() -> set[str]:
    """Every English text passed to ``_()`` in the web package's code and templates."""
    import ast

    here = Path(__file__).parent
    found: set[str] = set()
    for py in here.glob("*.py"):
        tree = ast.parse(py.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            # _("text"), N_("text"), and the message of InputProblem(status, "text")
            i = {"_": 0, "N_": 0, "InputProblem": 1}.get(node.func.id)
            if i is not None and len(node.args) > i and isinstance(node.args[i], ast.Constant) \
                    and isinstance(node.args[i].value, str):
                found.add(node.args[i].value)
    for tpl in (here / "templates").glob("*.html"):
        for m in _TEMPLATE_CALL.finditer(tpl.read_text(encoding="utf-8")):
            found.add(m.group(1) if m.group(1) is not None else m.group(2))
    return found


def N_(text: str) -> str:
    """Marks a text for translation where it is defined; ``_()`` translates it where shown."""
    return text


def missing(lang: str) -> list[str]:
    cat = catalogue(lang)
    return sorted(m for m in used_messages() if m not in cat)


if __name__ == "__main__":  # pragma: no cover - a maintenance tool
    for lang in languages()[1:]:
        for m in missing(lang):
            print(f"{lang}: {m}")
