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


def review_add_row() -> Row:
    folder = CORPUS / "safety"
    guideline, review = large_review(folder)
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
               f"{t:.2f} s", "< 10 s (119 s before issue 13)", t < 10, peak,
               note="lock, read under it, append, verify, atomic write",
               command=f"lic-policy review add {guideline.relative_to(ROOT)} --clause response.violence.1 "
                       "--quote 'immediate danger, call 911' ...")


def run() -> list[Row]:
    return [review_add_row()]


if __name__ == "__main__":
    which = sys.argv[1:] or ["review"]
    rows = []
    if "review" in which:
        rows.append(review_add_row())
    for row in rows:
        ok = "" if row.ok is None else (" ok" if row.ok else " MISSED")
        print(f"{row.what}: {row.value} (target {row.target or '-'}){ok}, peak {row.peak_mb:.0f} MB")
