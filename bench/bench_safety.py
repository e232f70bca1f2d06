"""Data-safety benchmarks (issue 13): writers stay linear on large files, and the check cache
stays small and fast however much history it holds.

* `review add` on a review file of 20,000 threads (8.7 MB): the write lock, the read under it,
  one thread appended, the file checked and written atomically (119 s before issue 13).
* a warm one-file `check` in a folder whose check cache has seen 100,000 other files (most of
  them gone since): 1 s and 262 MB before issue 13 (the cache was one JSON file read whole).

    python bench/bench_safety.py
"""

from __future__ import annotations

import os
import random
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import CORPUS, LIC, ROOT, Row, median_run  # noqa: E402

GOOD = ROOT / "guidelines" / "cedar-harbour-sex-work-response.yaml"
REVIEW_THREADS = 20_000


def large_review(folder: Path, threads: int = REVIEW_THREADS, seed: int = 13) -> tuple[Path, Path]:
    """A copy of the good sample and a review file with ``threads`` threads on its clauses
    (about 435 bytes each: 8.7 MB for 20,000), written as `review add` writes them."""
    from lic_policy.model.anchor import Anchor
    from lic_policy.store import load
    from lic_policy.text import guideline_units

    folder.mkdir(parents=True, exist_ok=True)
    guideline = folder / "large-review.yaml"
    shutil.copyfile(GOOD, guideline)
    data = load(guideline, validate=False).data
    rng = random.Random(seed)
    units = [u for u in guideline_units(data) if u.is_clause and len(u.text) > 60]
    roles = ["sex-worker-advisory", "staff", "legal", "community"]
    kinds = ["comment", "question", "objection", "approval"]
    statuses = ["open", "resolved", "rejected"]
    out = ["# Review threads on large-review.yaml (lic-policy review file; schema: schemas/review.schema.json).\n",
           "lic_policy_review: 1\nguideline: large-review.yaml\nthreads:\n"]

    def q(s: str) -> str:
        return "'" + s.replace("'", "''").replace("\n", " ") + "'"

    for i in range(threads):
        u = rng.choice(units)
        s = rng.randrange(0, len(u.text) - 30)
        e = s + rng.randrange(8, 30)
        a = Anchor.from_text(u.text, s, e, clause=u.element, version="2.1.0")
        body = " ".join(rng.choice(("Please", "say", "who", "is", "asked", "first", "and", "how", "support",
                                    "reaches", "people", "safely", "without", "police", "contact"))
                        for _ in range(rng.randrange(1, 6)))
        out.append(
            f"  - id: t{i + 1}\n    anchor:\n      clause: {u.element}\n      field: text\n      quote:\n"
            f"        exact: {q(a.quote.exact)}\n        prefix: {q(a.quote.prefix[-20:])}\n"
            f"        suffix: {q(a.quote.suffix[:20])}\n      position:\n        start: {s}\n        end: {e}\n"
            f"      version: 2.1.0\n    author:\n      handle: reviewer-{i % 40 + 1}\n"
            f"      role: {rng.choice(roles)}\n    created: '2026-0{1 + i % 9}-1{i % 10}T10:00:00Z'\n"
            f"    kind: {rng.choice(kinds)}\n    status: {rng.choice(statuses)}\n    body: {body}\n")
    review = folder / "large-review.review.yaml"
    review.write_text("".join(out), encoding="utf-8")
    return guideline, review


def _in_subprocess(call: str):
    """Evaluate ``call`` (a function of this module) in a child process and return its result:
    the measured processes are forked from this one, and a fork's peak memory (ru_maxrss)
    starts at the size of the process it was forked from."""
    import ast
    import subprocess

    code = (f"import sys; sys.path.insert(0, {str(ROOT)!r}); from pathlib import Path; "
            f"from bench.bench_safety import *; r = {call}; "
            "print(repr(tuple(map(str, r)) if isinstance(r, tuple) else r))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    value = ast.literal_eval(out.strip().splitlines()[-1])
    return tuple(Path(v) for v in value) if isinstance(value, tuple) else value


def review_add_row() -> Row:
    folder = CORPUS / "safety"
    guideline, review = _in_subprocess(f"large_review(Path({str(folder)!r}))")
    size = review.stat().st_size
    original = review.read_bytes()
    cmd = [LIC, "review", "add", str(guideline), "--clause", "response.violence.1", "--quote", "immediate danger, call 911",
           "--body", "Benchmark thread.", "--author", "staff-bench", "--role", "staff"]

    def reset() -> None:
        review.write_bytes(original)

    times = []
    peak = 0.0
    from bench.common import run_once

    for _ in range(3):
        reset()
        r = run_once(cmd)
        if r.returncode != 0:
            raise SystemExit(f"review add failed ({r.returncode}): {' '.join(cmd)}")
        times.append(r.seconds)
        peak = max(peak, r.peak_mb)
    reset()
    t = sorted(times)[1]
    return Row("safety", f"`review add` on a review file of {REVIEW_THREADS:,} threads ({size / 1e6:.1f} MB)",
               f"{t:.2f} s", "< 10 s (115 s and 1.2 GB here before issue 13)", t < 10, peak,
               note="lock, read under it, append, verify, atomic write",
               command=f"lic-policy review add {guideline.relative_to(ROOT)} --clause response.violence.1 "
                       "--quote 'immediate danger, call 911' ...")


HISTORY = 35_000  # about 118 MB in the old one-file JSON cache: the size reported in issue 13


def cache_history(root: Path, entries: int = HISTORY) -> int:
    """Give the check cache of ``root`` the history of ``entries`` checks of temporary files
    that are gone since (each with a few findings, as after checking scratch copies), through
    the cache's own API. Returns the cache's size on disk in bytes."""
    import hashlib

    from lic_policy import __version__
    from lic_policy.checks.engine import load_ruleset
    from lic_policy.checks.runner import Cache, _result_to_dict, check_file
    from lic_policy.config import Config

    ruleset = load_ruleset(Config())
    key = hashlib.sha256(f"{__version__}:{ruleset.digest}".encode()).hexdigest()
    sample = root / "scratch.md"
    sample.write_text("Outreach staff met two prostitutes and an addict near the homeless shelter.\n"
                      "They offered safe sex supplies.\n", encoding="utf-8")  # must-flag fixture
    result = _result_to_dict(check_file(str(sample), ruleset))
    st = sample.stat()
    sample.unlink()
    cache = Cache(root, key)
    for i in range(entries):
        name = str(root / "tmp" / f"scratch-{i:06d}.md")
        cache.store(name, st, hashlib.sha256(name.encode()).hexdigest(), dict(result, file=name))
    cache.save()
    folder = root / ".lic-policy-cache"
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def warm_check_row() -> Row:
    folder = CORPUS / "safety" / "cache-history"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    size = _in_subprocess(f"cache_history(Path({str(folder)!r}))")
    target = folder / "guideline.yaml"
    shutil.copyfile(GOOD, target)
    cmd = [LIC, "check", "guideline.yaml"]
    from bench.common import run_once

    run_once(cmd, cwd=folder)  # the first run checks the file and caches it
    r = median_run(cmd, runs=5, cwd=folder)
    no_cache = median_run([LIC, "check", "--no-cache", "guideline.yaml"], runs=5, cwd=folder)
    after = sum(p.stat().st_size for p in (folder / ".lic-policy-cache").rglob("*") if p.is_file())
    return Row("safety", f"warm one-file `check` after {HISTORY:,} checks of files gone since (the cache: "
                         f"{size / 1e6:.0f} MB before the run; 120 MB of JSON before issue 13)",
               f"{r.seconds * 1000:.0f} ms", "≤ --no-cache (2.6 s and 490 MB here before issue 13)",
               r.seconds <= no_cache.seconds * 1.1, r.peak_mb,
               note=f"--no-cache: {no_cache.seconds * 1000:.0f} ms, {no_cache.peak_mb:.0f} MB; "
                    f"cache after the runs: {after / 1e6:.1f} MB",
               command="lic-policy check guideline.yaml (2nd run, in bench/corpus/safety/cache-history)")


def run() -> list[Row]:
    return [review_add_row(), warm_check_row()]


if __name__ == "__main__":
    which = sys.argv[1:] or ["review", "cache"]
    rows = []
    if "review" in which:
        rows.append(review_add_row())
    if "cache" in which:
        rows.append(warm_check_row())
    for row in rows:
        ok = "" if row.ok is None else (" ok" if row.ok else " MISSED")
        print(f"{row.what}: {row.value} (target {row.target or '-'}){ok}, peak {row.peak_mb:.0f} MB [{row.note}]")
