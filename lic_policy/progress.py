"""A progress bar for long runs, on a terminal only.

Drawn on standard error when it is a terminal, ``CI`` is not set, the run is not ``--quiet``
and there is enough work (``MIN_ITEMS`` files, or a multi-format publish), and only once the
run has taken ``AFTER`` seconds: short runs, pipes, files and CI logs never see it.
"""

from __future__ import annotations

import os
import sys
import time
from typing import IO, Optional

MIN_ITEMS = 200
AFTER = 1.0
WIDTH = 30


def wanted(stream: Optional[IO[str]] = None, *, quiet: bool = False) -> bool:
    stream = stream or sys.stderr
    if quiet or os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """``update(done, total)`` as work completes; ``close()`` clears the line."""

    def __init__(self, label: str, *, stream: Optional[IO[str]] = None, after: Optional[float] = None,
                 enabled: bool = True):
        self.label = label
        self.stream = stream or sys.stderr
        self.after = AFTER if after is None else after
        self.enabled = enabled
        self.start = time.monotonic()
        self.drawn = False
        self._last = -1.0

    def update(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        now = time.monotonic()
        if now - self.start < self.after or (self.drawn and now - self._last < 0.1 and done < total):
            return
        self._last = now
        filled = WIDTH * done // total
        self.stream.write(f"\r{self.label} [{'#' * filled}{' ' * (WIDTH - filled)}] {done}/{total}")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self.drawn = False

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
