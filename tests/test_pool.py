"""lic_policy.pool's reliance on private parts of ``concurrent.futures.ProcessPoolExecutor``:
all of it in ``pool._internals``, and each part still where that reads it. On a Python that
renamed or removed one, ``_internals`` gives None (the pool is then only shut down: Ctrl-C and a
worker killed from outside would again wait or say 'internal error'); these tests fail instead."""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import re
import threading
from pathlib import Path

from lic_policy import pool

SOURCE = Path(pool.__file__).read_text(encoding="utf-8")


def test_every_private_part_of_the_pool_is_still_there():
    ctx = multiprocessing.get_context("fork") if pool.FORK else None
    executor = concurrent.futures.ProcessPoolExecutor(max_workers=2, mp_context=ctx)
    try:
        assert executor.submit(abs, -3).result(timeout=60) == 3
        inside = pool._internals(executor)
        missing = [name for name, part in inside._asdict().items() if part is None or part == []]
        assert not missing, f"ProcessPoolExecutor no longer has what pool._internals reads: {missing}"
        assert all(isinstance(p, multiprocessing.process.BaseProcess) and p.exitcode is None
                   for p in inside.processes), inside.processes
        assert isinstance(inside.manager, threading.Thread) and inside.manager.is_alive()
        assert callable(inside.calls.cancel_join_thread)
        assert callable(inside.result_writer.close)
    finally:
        executor.shutdown(wait=True)


def test_a_pool_shut_down_has_no_parts_left_to_stop():
    executor = concurrent.futures.ProcessPoolExecutor(max_workers=1)
    executor.submit(abs, -1).result(timeout=60)
    executor.shutdown(wait=True)
    assert pool._internals(executor).processes == []


def test_only_the_helper_reads_the_pools_private_attributes():
    helper = re.search(r"\ndef _internals\(.*?\n(?=\S)", SOURCE, re.S)
    assert helper is not None
    rest = SOURCE.replace(helper.group(0), "\n")
    assert not re.findall(r"""getattr\([^)]*["']_|\bpool\._[a-z]""", rest), \
        "a private attribute of the pool is read outside pool._internals"
