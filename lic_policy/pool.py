"""Work over many files in a pool of processes, for `check` and `validate`.

Below ``MIN_FILES`` files or ``MIN_BYTES`` bytes a pool costs more than it saves. Workers
are forked where the platform can (they inherit what the parent loaded: compiled rules,
imported models) and spawned elsewhere.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Iterator, Sequence

MIN_FILES = 24
MIN_BYTES = 1_500_000
FORK = hasattr(os, "fork")


def worth_it(files: int, total_bytes: int) -> bool:
    return files >= MIN_FILES and total_bytes >= MIN_BYTES


def process_map(fn: Callable, items: Sequence, workers: int, *, initializer: Callable | None = None,
                initargs: tuple = ()) -> Iterator[Any]:
    """``fn`` over ``items`` on ``workers`` processes, results in order, as they come. Never
    more processes than cores or items (``--jobs 100000`` forked one per file: beyond the cores
    they only wait for a CPU, each with its own memory)."""
    import concurrent.futures
    import multiprocessing as mp

    workers = max(1, min(workers, os.cpu_count() or 1, len(items)))
    ctx = mp.get_context("fork") if FORK else None
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=initializer,
                             initargs=initargs) as pool:
        yield from pool.map(fn, items, chunksize=max(1, min(8, len(items) // (workers * 8))))
