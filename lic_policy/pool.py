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


def _start_worker(initializer: Callable | None, initargs: tuple) -> None:
    """A worker leaves Ctrl-C to the command: the terminal sends SIGINT to every process of
    its group, and a worker stopped by it while it waited for work died holding the pool's
    queue lock (a KeyboardInterrupt traceback per worker, then Python 3.11's pool hung for
    good on the lock); the command stops the workers itself (``process_map``)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer(*initargs)


def _run_chunk(fn: Callable, chunk: Sequence) -> list:
    return [fn(item) for item in chunk]


def process_map(fn: Callable, items: Sequence, workers: int, *, initializer: Callable | None = None,
                initargs: tuple = ()) -> Iterator[Any]:
    """``fn`` over ``items`` on ``workers`` processes, results in order, as they come. Never
    more processes than cores or items (``--jobs 100000`` forked one per file: beyond the cores
    they only wait for a CPU, each with its own memory).

    Stopped early (Ctrl-C in the command, an error, the caller closing the iterator), the
    pool's work not begun is dropped and its workers are stopped at once: the command ends
    without waiting for the files still queued, and without a worker's traceback."""
    import collections
    import concurrent.futures
    import itertools
    import multiprocessing as mp

    workers = max(1, min(workers, os.cpu_count() or 1, len(items)))
    ctx = mp.get_context("fork") if FORK else None
    size = max(1, min(8, len(items) // (workers * 8)))
    pool = concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_start_worker,
                                                  initargs=(initializer, initargs))
    try:
        # futures of chunks, a few per worker at a time (a million items were 125,000 futures
        # made before the first result), never cancelled here: Python 3.11's pool, told a worker
        # was stopped, sets an error on every future it still holds, and one already cancelled
        # raised InvalidStateError in its manager thread (a traceback, the workers left
        # running); ``shutdown(cancel_futures=True)`` lets that thread drop them itself
        starts = iter(range(0, len(items), size))
        window: collections.deque = collections.deque(
            pool.submit(_run_chunk, fn, items[i:i + size]) for i in itertools.islice(starts, workers * 4))
        while window:
            done = window.popleft().result()
            i = next(starts, None)
            if i is not None:
                window.append(pool.submit(_run_chunk, fn, items[i:i + size]))
            yield from done
    except BaseException:
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            try:
                process.terminate()
            except (OSError, AttributeError, ValueError):
                pass
        pool.shutdown(wait=True)
        raise
    pool.shutdown(wait=True)
