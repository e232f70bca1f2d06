"""The mutation score of `make mutation`: what mutmut found for the mutants named by the
patterns given (fnmatch, as `mutmut run` takes them), read from mutants/**/*.meta.

    python bench/mutation_score.py 'lic_policy.review.anchoring.*' ...

Prints one line per module (killed, timed out, survived, without tests, score = caught /
checked, a timeout counting as caught) and the surviving mutants (`mutmut show NAME` shows
each one's diff). Exit 1 when a module's score is below --min (default 90)."""

from __future__ import annotations

import argparse
import fnmatch
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

CAUGHT = {1: "killed", 3: "killed", 36: "timeout", 24: "timeout", -24: "timeout", 152: "timeout", 255: "timeout",
          37: "killed"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("patterns", nargs="+")
    ap.add_argument("--min", type=float, default=90.0)
    ap.add_argument("--mutants", default="mutants")
    args = ap.parse_args(argv)
    by_module: dict[str, Counter] = defaultdict(Counter)
    survivors: list[str] = []
    for meta in sorted(Path(args.mutants).rglob("*.py.meta")):
        for key, code in json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"].items():
            if not any(fnmatch.fnmatchcase(key, p) for p in args.patterns):
                continue
            module = key.rsplit(".", 1)[0]
            if code is None:
                by_module[module]["not checked"] += 1
            elif code in CAUGHT:
                by_module[module][CAUGHT[code]] += 1
            elif code == 0:
                by_module[module]["survived"] += 1
                survivors.append(key)
            elif code in (5, 33):
                by_module[module]["no tests"] += 1
                survivors.append(key + " (no tests)")
            else:
                by_module[module]["other"] += 1
                survivors.append(f"{key} (exit {code})")
    if not by_module:
        print("no mutants matched: run `make mutation` first", file=sys.stderr)
        return 2
    low = False
    for module, c in sorted(by_module.items()):
        caught = c["killed"] + c["timeout"]
        checked = caught + c["survived"] + c["no tests"] + c["other"]
        pct = 100.0 * caught / checked if checked else 0.0
        low |= pct < args.min
        print(f"{module}: {pct:.1f}% of {checked} mutants caught ({c['killed']} killed, {c['timeout']} timed out, "
              f"{c['survived']} survived, {c['no tests']} without tests, {c['other']} other"
              + (f"; {c['not checked']} not checked" if c["not checked"] else "") + ")")
    if survivors:
        print("survivors (mutmut show NAME):")
        for s in survivors:
            print("  " + s)
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
