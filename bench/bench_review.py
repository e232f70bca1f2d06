"""Review benchmarks (issue 5 targets): redline of a ~200 KB guideline against a revision
with about 2,000 word edits under 0.15 s; re-anchoring 1,000 threads onto that revision
under 1 s. Also the end-to-end `lic-policy diff` of the pair (parsing both files included).

    python bench/bench_review.py
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import LIC, ROOT, Row, median_call, median_run, peak_heap_mb  # noqa: E402
from bench.corpus import large_pair  # noqa: E402

THREADS = 1000


def _threads(data: dict, n: int, seed: int = 7):
    """``n`` review threads on random words of the clauses of ``data``."""
    from lic_policy.model.anchor import Anchor
    from lic_policy.model.review import Author, ReviewFile, Thread
    from lic_policy.text import guideline_units

    rng = random.Random(seed)
    units = [u for u in guideline_units(data) if u.is_clause and len(u.text) > 40]
    author = Author(handle="advisory-reviewer-3", role="sex-worker-advisory")
    threads = []
    for i in range(n):
        u = rng.choice(units)
        words = [(m.start(), m.end()) for m in __import__("re").finditer(r"\S+(?: \S+){0,3}", u.text)]
        s, e = rng.choice(words)
        threads.append(Thread(id=f"t{i + 1}", anchor=Anchor.from_text(u.text, s, e, clause=u.element, version="1"),
                              author=author, created="2026-11-24T10:00:00Z", kind="comment", body="Benchmark."))
    return ReviewFile(threads=threads)


def run() -> list[Row]:
    from lic_policy.redline import redline
    from lic_policy.review.threads import reanchor
    from lic_policy.store import load

    old_path, new_path = large_pair()
    kb = old_path.stat().st_size / 1000
    old, new = load(old_path, validate=False), load(new_path, validate=False)
    rows = []
    rl = redline(old, new)
    words = rl.summary()
    t = median_call(lambda: redline(old, new), runs=7)
    rows.append(Row("review", f"redline of a {kb:.0f} KB guideline vs a revision "
                              f"({words['words inserted']:,} words inserted, {words['words deleted']:,} deleted)",
                    f"{t * 1000:.0f} ms", "< 150 ms", t < 0.15, peak_heap_mb(lambda: redline(old, new)),
                    note="parsed documents in memory; peak memory: Python heap of the call",
                    command="python bench/bench_review.py"))
    base = _threads(old.data, THREADS)
    state = {}

    def once():
        review = base.model_copy(deep=True)
        state["rep"] = reanchor(review, new.data)

    t = median_call(once, runs=5)
    rep = state["rep"]
    rows.append(Row("review", f"re-anchoring {THREADS:,} threads onto that revision",
                    f"{t * 1000:.0f} ms", "< 1 s", t < 1.0, peak_heap_mb(once),
                    note=f"{rep.stayed} stayed, {rep.moved} moved, {rep.orphaned} orphaned; "
                         "peak memory: Python heap of the call",
                    command="python bench/bench_review.py"))
    r = median_run([LIC, "diff", str(old_path), str(new_path), "--format", "json"], runs=3)
    rows.append(Row("review", f"cold `lic-policy diff` of the pair (2 × {kb:.0f} KB, parsing included)",
                    f"{r.seconds * 1000:.0f} ms", "", None, r.peak_mb,
                    command=f"lic-policy diff {old_path.relative_to(ROOT)} {new_path.relative_to(ROOT)} "
                            "--format json"))
    rows.extend(review_file_rows())
    return rows


def review_file_rows() -> list[Row]:
    """Cold `review list` and `review reanchor --dry-run` on a 466 KB review file (1,070
    threads): read-only commands read it with the guideline reader (``yamlread``), not ruamel's
    comment-keeping loader (issue 17 measured 2 s for these before)."""
    from bench.bench_safety import large_review
    from bench.common import CORPUS

    guideline, review = large_review(CORPUS / "review-466k", threads=1070)
    kb = review.stat().st_size / 1000
    rows = []
    for args, what in ((["review", "list"], "`review list`"), (["review", "reanchor", "--dry-run"],
                                                                "`review reanchor --dry-run`")):
        r = median_run([LIC, *args, str(guideline)], runs=5)
        rows.append(Row("review", f"cold {what} with a {kb:.0f} KB review file (1,070 threads)",
                        f"{r.seconds * 1000:.0f} ms", "", None, r.peak_mb,
                        command=f"lic-policy {' '.join(args)} {guideline.relative_to(ROOT)}"))
    return rows


if __name__ == "__main__":
    for row in run():
        ok = "" if row.ok is None else (" ok" if row.ok else " MISSED")
        print(f"{row.what}: {row.value} (target {row.target or '-'}){ok}" + (f" [{row.note}]" if row.note else ""))
