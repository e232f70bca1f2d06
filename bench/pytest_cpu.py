"""Where `make test` spends its time: a pytest plugin that records, per test, the CPU time of
the test process and of the processes it started and waited for (pandoc, LibreOffice, the
CLI in a subprocess), and per process the moments of start-up, collection and the first and
last test. Wall-clock durations (`--durations`) count the time a test waits for a core on a
loaded machine; CPU time does not.

    PYTHONPATH=bench PYTEST_CPU_OUT=/tmp/cpu .venv/bin/python -m pytest -p pytest_cpu \\
        -n 2 --dist worksteal -p no:cacheprovider -m "not slow" tests
    .venv/bin/python bench/pytest_cpu.py /tmp/cpu        # per file, the largest tests, the phases

Each process (the xdist controller and each worker) writes one JSON file into
``$PYTEST_CPU_OUT`` when it ends.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

import pytest

_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "controller")
_TIMES: dict[str, float] = {"imported": time.time()}
_TESTS: dict[str, tuple[float, float]] = {}


def _cpu() -> tuple[float, float]:
    """(CPU of this process, CPU of the children it waited for), user + sys, in seconds."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _started() -> float:
    """When this process started (Linux: /proc), as a Unix time."""
    try:
        with open("/proc/self/stat") as fh:
            ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/stat") as fh:
            boot = next(int(line.split()[1]) for line in fh if line.startswith("btime"))
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return _TIMES["imported"]


def pytest_configure(config):
    _TIMES["started"] = _started()
    _TIMES["configured"] = time.time()


def pytest_collection_finish(session):
    _TIMES["collected"] = time.time()
    _TIMES["collect_cpu"] = sum(_cpu())


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    _TIMES.setdefault("first_test", time.time())
    own0, children0 = _cpu()
    yield
    own1, children1 = _cpu()
    _TESTS[item.nodeid] = (round(own1 - own0 + children1 - children0, 4), round(children1 - children0, 4))
    _TIMES["last_test"] = time.time()


def pytest_unconfigure(config):
    out = os.environ.get("PYTEST_CPU_OUT")
    if not out:
        return
    _TIMES["ended"] = time.time()
    _TIMES["cpu"] = sum(_cpu())
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, f"{_WORKER}.json"), "w", encoding="utf-8") as fh:
        json.dump({"times": _TIMES, "tests": _TESTS}, fh)


def report(folder: str, top: int = 30) -> None:
    runs = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(".json"):
            with open(os.path.join(folder, name), encoding="utf-8") as fh:
                runs[name[:-5]] = json.load(fh)
    tests = {k: v for r in runs.values() for k, v in r["tests"].items()}
    t0 = min(r["times"]["started"] for r in runs.values())
    print("process     started  configured  collected (CPU)  first test  last test  ended   CPU (children included)")
    for name, r in runs.items():
        t = r["times"]

        def at(key):
            return f"{t[key] - t0:7.1f}" if key in t else "      -"

        collect = f"{at('collected')} ({t['collect_cpu']:4.1f})" if "collected" in t else "      -       "
        print(f"{name:10}  {at('started')}  {at('configured')}     {collect}    {at('first_test')}    "
              f"{at('last_test')}  {at('ended')}  {t['cpu']:6.1f}")
    total = sum(c for c, _ch in tests.values())
    children = sum(ch for _c, ch in tests.values())
    print(f"\n{len(tests)} tests: {total:.1f} s of CPU ({children:.1f} s in processes they started)")
    per_file: dict[str, list[float]] = {}
    for k, (c, ch) in tests.items():
        f = per_file.setdefault(k.split("::")[0], [0.0, 0.0, 0])
        f[0] += c
        f[1] += ch
        f[2] += 1
    print(f"\nper file (the {top} largest): CPU, of it in started processes, tests")
    for f, (c, ch, n) in sorted(per_file.items(), key=lambda kv: -kv[1][0])[:top]:
        print(f"{c:7.2f} {ch:7.2f} {n:5d}  {f}")
    print(f"\nper test (the {top} largest): CPU, of it in started processes")
    for k, (c, ch) in sorted(tests.items(), key=lambda kv: -kv[1][0])[:top]:
        print(f"{c:6.2f} {ch:6.2f}  {k}")


if __name__ == "__main__":
    report(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 30)
