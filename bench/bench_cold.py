"""`python bench/run.py cold`: only the cold single-file rows of the check benchmark (the
pre-commit hook: one guideline, a fresh process), the 1-guideline corpus folder and
`--version`; quick to run while working on start-up. `make bench` has the first two in its
check rows."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_check import cold_rows  # noqa: E402
from bench.common import Row  # noqa: E402


def run() -> list[Row]:
    return cold_rows()
