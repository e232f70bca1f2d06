"""A regular expression compiled on first use: most records never need the CJK, address or
obfuscated-email patterns, and compiling them all costs a single-file ``check`` milliseconds.
Those that are used come from the user's cache of compiled programs (``checks.recache``, store
``privacy``; `check` saves it), as the checks' own patterns do."""

from __future__ import annotations

import re


class Lazy:
    __slots__ = ("pattern", "flags", "_rx")

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern, self.flags, self._rx = pattern, flags, None

    def _get(self) -> re.Pattern:
        if self._rx is None:
            from ..checks.recache import shared

            self._rx = shared("privacy").compile(self.pattern, self.flags)
        return self._rx

    def search(self, *a):
        return self._get().search(*a)

    def match(self, *a):
        return self._get().match(*a)

    def fullmatch(self, *a):
        return self._get().fullmatch(*a)

    def finditer(self, *a):
        return self._get().finditer(*a)
