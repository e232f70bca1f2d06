"""Timing helpers shared by the benchmarks: medians over runs, per-process peak memory."""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
CORPUS = BENCH / "corpus"
BIN = Path(sys.executable).parent
LIC = str(BIN / "lic-policy") if (BIN / "lic-policy").exists() else shutil.which("lic-policy") or "lic-policy"


def precompile() -> None:
    """Write lic_policy's bytecode (``__pycache__``) before anything is timed, as ``pip install``
    does: with PYTHONDONTWRITEBYTECODE set (as on the development machines) an editable
    checkout would otherwise compile every module from source in every measured process."""
    import compileall

    compileall.compile_dir(str(ROOT / "lic_policy"), quiet=1)


precompile()


@dataclass
class Run:
    seconds: float
    peak_mb: float
    returncode: int
    cpu: float = 0.0  # user + system CPU seconds of the process (what a busy machine does not inflate)


@dataclass
class Row:
    """One line of the results table."""

    area: str
    what: str
    value: str
    target: str = ""
    ok: bool | None = None
    peak_mb: float | None = None
    note: str = ""
    command: str = ""
    extra: dict = field(default_factory=dict)


def run_once(cmd: list[str], *, cwd: Path | None = None, env: dict | None = None, stdin: str | None = None) -> Run:
    """Run ``cmd``; wall time and the peak resident memory of that process (wait4)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL)
    if stdin is not None:
        proc.stdin.write(stdin.encode())
        proc.stdin.close()
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(elapsed, usage.ru_maxrss / 1024, proc.returncode, usage.ru_utime + usage.ru_stime)


def median_run(cmd: list[str], runs: int = 5, warmup: int = 1, **kwargs) -> Run:
    for _ in range(warmup):
        run_once(cmd, **kwargs)
    results = [run_once(cmd, **kwargs) for _ in range(runs)]
    return Run(statistics.median(r.seconds for r in results), max(r.peak_mb for r in results),
               results[-1].returncode, statistics.median(r.cpu for r in results))


def median_call(fn, runs: int = 5, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def peak_heap_mb(fn) -> float:
    """The most Python heap (tracemalloc) that one call of ``fn`` holds at once, in MB: the
    memory of an in-process measurement itself, without what was loaded before it (run apart
    from the timed calls, as tracing slows them)."""
    import tracemalloc

    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def folder_bytes(folder: Path, suffixes=(".yaml", ".yml", ".md", ".txt")) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and p.name.endswith(suffixes))


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}){mem}, "
            f"Python {platform.python_version()}")
