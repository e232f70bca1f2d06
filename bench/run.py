"""`make bench`: every speed claim in the README is produced here.

Runs each area's benchmark module (each exposes ``run() -> list[Row]``), prints one table
and writes the same table to BENCHMARKS.md with the machine description and the command.

    python bench/run.py                 # everything
    python bench/run.py validate check  # only some areas
    python bench/run.py --quick         # smaller corpora (1 and 100 guidelines)
    python bench/run.py privacy         # the privacy detectors' recall and false alarms
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, Row, machine  # noqa: E402

AREAS = ["validate", "check", "review", "publish", "privacy", "lsp", "web", "safety"]


def table(rows: list[Row]) -> str:
    lines = ["| area | measurement | result | target | met | peak memory | command |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        met = "" if r.ok is None else ("yes" if r.ok else "**no**")
        peak = f"{r.peak_mb:.0f} MB" if r.peak_mb is not None else ""
        value = r.value + (f" ({r.note})" if r.note else "")
        lines.append(f"| {r.area} | {r.what} | {value} | {r.target} | {met} | {peak} | `{r.command}` |")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("areas", nargs="*", default=AREAS)
    ap.add_argument("--quick", action="store_true", help="corpora of 1 and 100 guidelines only")
    ap.add_argument("--no-write", action="store_true", help="print the table, do not write BENCHMARKS.md")
    args = ap.parse_args()
    rows: list[Row] = []
    started = time.time()
    for area in args.areas:
        try:
            module = importlib.import_module(f"bench.bench_{area}")
        except ModuleNotFoundError:
            print(f"(no benchmark module for {area})", file=sys.stderr)
            continue
        print(f"== {area}", file=sys.stderr, flush=True)
        kwargs = {"sizes": (1, 100)} if args.quick and "sizes" in module.run.__code__.co_varnames else {}
        rows.extend(module.run(**kwargs))
    text = table(rows)
    print(text)
    if args.no_write or args.areas != AREAS:
        return 0
    command = "make bench" + (" (python bench/run.py --quick)" if args.quick else "")
    out = ROOT / "BENCHMARKS.md"
    out.write_text(
        "# Benchmarks\n\n"
        f"Produced by `{command}` on {time.strftime('%Y-%m-%d', time.gmtime(started))} "
        f"in {time.time() - started:.0f} s.\n\n"
        f"Machine: {machine()}.\n\n"
        "Times are medians over several runs of a fresh process (cold start included) unless the row says "
        "otherwise; peak memory is the largest resident set of the measured process. The corpus is generated "
        "with a fixed seed by `bench/corpus.py` from the bundled good sample.\n\n"
        + text + "\n", encoding="utf-8")
    print(f"\nwrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
