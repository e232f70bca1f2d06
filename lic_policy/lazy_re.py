"""Module-level regular expressions compiled the first time they are used.

A cold single-file ``check`` imports many modules whose patterns serve other inputs or other
commands (TOML keys, HTML tags, merge-conflict markers, Word author labels): compiling the 32
of them that checking the sample never uses cost about 2.3 ms of its ~180 ms of CPU
(BENCHMARKS.md, "speed17"). ``compile`` returns a stand-in that compiles its pattern with
``re.compile`` on first use and then hands out the compiled pattern's own bound methods and
attributes (copied onto the stand-in), so a call after the first costs what a call on the
pattern itself costs. Use it for a module's own patterns only: the stand-in is not an
``re.Pattern`` (``re.sub(stand_in, ...)`` and ``isinstance`` checks do not take it).

Patterns a plain check does use stay ``re.compile`` at import; the lexicon-sized patterns of
the rule packs and contexts have their own stores (``checks.recache``).
"""

from __future__ import annotations

import re
from typing import Any

# everything a compiled pattern offers its users: methods and the read-only attributes
_PUBLIC = tuple(name for name in dir(re.Pattern) if not name.startswith("_"))


class LazyPattern:
    """``re.compile(pattern, flags)``, done on first use of any of its methods or attributes."""

    def __init__(self, pattern: str | bytes, flags: int = 0):
        self._args = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        # reached only for a name not yet on the instance: the first use (or a name no pattern has)
        if name not in _PUBLIC:  # not a pattern's name: no compile for it
            raise AttributeError(name)
        rx = re.compile(*self._args)
        for attr in _PUBLIC:
            self.__dict__[attr] = getattr(rx, attr)
        return getattr(rx, name)

    def __repr__(self) -> str:
        return f"lazy_re.compile({self._args[0]!r}, {self._args[1]!r})"


def compile(pattern: str | bytes, flags: int = 0) -> LazyPattern:  # noqa: A001 - as re.compile
    return LazyPattern(pattern, flags)
