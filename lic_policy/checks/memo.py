"""One bounded memo for results that are a function of a text unit (and the few things beside
it that decide them): kept until the texts held pass a number of characters, then forgotten
all at once — a bound on memory, not an eviction policy. ``engine.UnitHits`` (a unit's hits)
and ``RuleCandidates`` (a unit's literal-automaton answer) use it (BENCHMARKS.md, "speed14")."""

from __future__ import annotations

from typing import Any, Optional


class BoundedMemo:
    __slots__ = ("limit", "_items", "_chars")

    def __init__(self, limit: int) -> None:
        self.limit = limit  # characters of the texts held
        self._items: dict[tuple, Any] = {}
        self._chars = 0

    def get(self, key: tuple) -> Optional[Any]:
        return self._items.get(key)

    def put(self, key: tuple, value: Any, chars: int) -> None:
        """Keep ``value`` under ``key``, whose text is ``chars`` characters long."""
        self._chars += chars
        if self._chars > self.limit:
            self._items.clear()
            self._chars = chars
        self._items[key] = value

    def clear(self) -> None:
        self._items.clear()
        self._chars = 0
