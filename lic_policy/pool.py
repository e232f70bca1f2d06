"""Work over many files in a pool of processes, for `check` and `validate`.

Below ``MIN_FILES`` files or ``MIN_BYTES`` bytes a pool costs more than it saves. Workers
are forked where the platform can (they inherit what the parent loaded: compiled rules,
imported models) and spawned elsewhere.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any, Callable, Iterator, NamedTuple, Sequence

MIN_FILES = 24
MIN_BYTES = 1_500_000
FORK = hasattr(os, "fork")


def worth_it(files: int, total_bytes: int) -> bool:
    return files >= MIN_FILES and total_bytes >= MIN_BYTES


def _start_worker(initializer: Callable | None, initargs: tuple) -> None:
    """A worker leaves Ctrl-C to the command: the terminal sends SIGINT to every process of
    its group, and a worker stopped by it while it waited for work died holding the pool's
    queue lock (a KeyboardInterrupt traceback per worker, then Python 3.11's pool hung for
    good on the lock); the command stops the workers itself (``process_map``).

    The worker was forked with SIGINT held (``_ctrl_c_held``): one that came meanwhile waits,
    and is dropped when it is set aside here; then SIGINT is let through again."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if initializer is not None:
        initializer(*initargs)


@contextlib.contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """SIGINT held in this thread while the pool starts its workers and threads. A Ctrl-C that
    came during a fork ran Python's handler inside the fork's own hooks, which print the
    KeyboardInterrupt as 'Exception ignored' and drop it (the command went on to the end), or
    in the new worker before it set Ctrl-C aside (it died with a traceback, the pool broke:
    'internal error: BrokenProcessPool'). Held, it waits: the workers drop it (``_start_worker``),
    the command raises it here, when it is let through; the pool's threads, started meanwhile,
    keep it held for good, so it always reaches the command's thread."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):  # Windows: no fork, no process-group Ctrl-C
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


class _Internals(NamedTuple):
    processes: list  # the workers (multiprocessing.Process), to stop them and read their exit codes
    manager: Any  # the pool's manager thread (threading.Thread), to wait until it has ended
    calls: Any  # the call queue (a multiprocessing.Queue), whose feeder thread is not to be joined
    result_writer: Any  # this process's writing end of the result pipe (multiprocessing.connection)


def _internals(pool: Any) -> _Internals:
    """The parts of a ``concurrent.futures.ProcessPoolExecutor`` that ``_stop`` and
    ``_stopped_from_outside`` need and that it does not make public: the only place this module
    reads its private attributes. Python 3.11 offers no public way to stop a pool's workers at
    once (``terminate_workers()`` came in 3.14), to wait for its manager thread after
    ``shutdown(wait=False)`` (which forgets the thread), or to read a worker's exit code.
    Checked on CPython 3.11.7. A part a later Python renamed or removed is None here (the pool is
    then only shut down, as before these were used); tests/test_pool.py fails loudly instead."""
    processes = getattr(pool, "_processes", None)
    results = getattr(pool, "_result_queue", None)
    return _Internals(processes=list(processes.values()) if isinstance(processes, dict) else [],
                      manager=getattr(pool, "_executor_manager_thread", None),
                      calls=getattr(pool, "_call_queue", None),
                      result_writer=getattr(results, "_writer", None))


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
        with _ctrl_c_held():  # the first submit forks the workers and starts the pool's threads
            window: collections.deque = collections.deque(
                pool.submit(_run_chunk, fn, items[i:i + size]) for i in itertools.islice(starts, workers * 4))
            started = _internals(pool).processes
        while window:
            done = window.popleft().result()
            i = next(starts, None)
            if i is not None:
                window.append(pool.submit(_run_chunk, fn, items[i:i + size]))
            yield from done
    except BaseException as exc:
        _stop(pool)
        if isinstance(exc, concurrent.futures.BrokenExecutor):
            _stopped_from_outside(locals().get("started", []))
        raise
    pool.shutdown(wait=True)


def _stopped_from_outside(processes: list) -> None:
    """Raise the one line for a pool that broke because a worker was stopped by a signal from
    outside — the kernel's out-of-memory killer (SIGKILL), an administrator's or a job
    scheduler's ``kill`` (SIGTERM, SIGHUP) — which said 'internal error: BrokenProcessPool ...
    this is a bug in lic-policy', exit 3. Returns for any other breakage (a worker that crashed
    on its own is a bug, and stays an internal error)."""
    import signal

    from .errors import LicPolicyError

    # the pool stops the others with SIGTERM once one is gone: a SIGKILL names the one
    codes = [getattr(p, "exitcode", None) for p in processes]
    outside = {-signal.SIGKILL: "SIGKILL", -signal.SIGTERM: "SIGTERM"}
    if hasattr(signal, "SIGHUP"):
        outside[-signal.SIGHUP] = "SIGHUP"
    named = [outside[c] for c in codes if c in outside]
    if not named or any(c not in outside and c not in (0, None) for c in codes):
        return  # one crashed on its own (SIGSEGV, an exit code of its own), the pool stopped the others
    name = "SIGKILL" if "SIGKILL" in named else "SIGHUP" if "SIGHUP" in named else "SIGTERM"
    why = ("the system may have run out of memory (its out-of-memory killer sends SIGKILL), or a program killed it"
           if name == "SIGKILL" else "another program or the job's scheduler stopped it")
    raise LicPolicyError(f"a worker process was stopped from outside by {name}: {why}; the files were not all done",
                         hint="run the command again; with -j 1 it works in one process, with the least memory") \
        from None


def _stop(pool: Any) -> None:
    """Stop ``pool`` at once, and wait until it is down: its workers stopped, its manager
    thread ended. ``shutdown(wait=False)`` forgets the manager thread, so a second
    ``shutdown(wait=True)`` waited for nothing and the thread outlived the command; Python's
    exit hook then woke and joined it, racing the thread's own close of its wake-up pipe
    ('connection._send: OSError: [Errno 9] Bad file descriptor' at exit) or waiting on it.
    What could keep the thread waiting is let go first: the call queue's feeder thread is not
    joined (the workers it fed are gone), and this process's copy of the result pipe's writing
    end is closed, so a result a stopped worker left half written ends in EOF instead of a read
    that waits for bytes no one will write."""
    inside = _internals(pool)
    manager, calls, writer, processes = inside.manager, inside.calls, inside.result_writer, inside.processes
    if calls is not None:
        calls.cancel_join_thread()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        try:
            process.terminate()
        except (OSError, AttributeError, ValueError):
            pass
    for process in processes:
        try:
            process.join(5)
        except (OSError, AttributeError, ValueError, AssertionError):
            pass
    if writer is not None:
        try:
            writer.close()
        except OSError:
            pass
    if manager is not None and manager.is_alive():
        manager.join(10)
