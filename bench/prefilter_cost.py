"""What the Hyperscan prefilter costs to build, and what leaving the rules over the compile
budget to the literal automaton (``prefilter.COMPILE_BUDGET``) changes (BENCHMARKS.md, "speed23").

    PYTHONPATH=. .venv/bin/python bench/prefilter_cost.py             # cold and warm build, CPU
    PYTHONPATH=. .venv/bin/python bench/prefilter_cost.py --rules     # + each rule's compile alone
    PYTHONPATH=. .venv/bin/python bench/prefilter_cost.py --compare bench/corpus/mixed900
        # + every rule in the database (as before speed23: ~20 s of CPU to compile) against the
        #   rules over the budget left to the literal automaton: candidate (unit, rule) pairs of
        #   those rules, and the findings of each file (must be identical)

Each run uses a fresh cache folder of its own (the packs are loaded first, not counted).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rules", action="store_true", help="each rule's Unicode-class compile alone (in-process)")
    ap.add_argument("--compare", nargs="*", default=[], metavar="FOLDER")
    args = ap.parse_args()
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="prefilter-cost-")

    import hyperscan as hs

    from lic_policy.checks import prefilter as P
    from lic_policy.checks.engine import load_ruleset

    rs = load_ruleset()
    rs.literals  # noqa: B018
    rules = rs.pattern_rules
    t, w = _cpu(), time.perf_counter()
    built = P.build_prefilter(rules)
    print(f"cold build_prefilter: {_cpu() - t:.2f} s CPU (child processes included), {time.perf_counter() - w:.2f} s wall; "
          f"left to the literal automaton over the budget of {P.COMPILE_BUDGET} s: "
          f"{sorted(rules[k].rule.id for k in built.costly)}")
    t = _cpu()
    P.build_prefilter(rules)
    print(f"warm build_prefilter (from the cache folder): {(_cpu() - t) * 1000:.0f} ms CPU")
    exprs = [r.regex_source().encode("utf-8") for r in rules]
    caseless = [0 if r.case_sensitive else hs.HS_FLAG_CASELESS for r in rules]
    base = hs.HS_FLAG_PREFILTER | hs.HS_FLAG_UTF8
    if args.rules:
        for k, r in enumerate(rules):
            if r.rule.grammar:
                continue
            t = time.process_time()
            hs.Database(mode=hs.HS_MODE_BLOCK).compile(expressions=[exprs[k]], ids=[k], elements=1,
                                                       flags=[base | hs.HS_FLAG_UCP | caseless[k]])
            print(f"  {r.rule.id} #{k}: {time.process_time() - t:.3f} s")
    if args.compare:
        _compare(rs, built, exprs, caseless, base, args.compare)
    return 0


def _compare(rs, built, exprs, caseless, base, folders) -> None:
    import hyperscan as hs

    from lic_policy.checks import prefilter as P
    from lic_policy.checks.runner import check_file, discover_checkable
    from lic_policy.config import Config

    costly = built.costly
    grammar = built.uncovered - costly
    covered = [i for i in range(len(exprs)) if i not in grammar]
    t = _cpu()
    db, ids = P._hyperscan_db(hs, exprs, [base | hs.HS_FLAG_UCP | c for c in caseless], covered)
    ascii_db, _ = P._hyperscan_db(hs, exprs, [base | c for c in caseless], ids)
    print(f"every rule outside the grammar in the database (as before): {_cpu() - t:.2f} s CPU to compile")
    whole = P.HyperscanPrefilter(hs, db, (), ascii_db, grammar)
    counts = [0, 0, 0]
    original = P.RuleCandidates.unit_candidates

    def counting(self, texts, file_text, keys=None):
        out = original(self, texts, file_text, keys)
        counts[0] += len(texts)
        counts[1] += sum(len(costly.intersection(c)) for c in out)
        counts[2] += sum(len(c) for c in out)
        return out

    P.RuleCandidates.unit_candidates = counting
    ids_of = {rs.pattern_rules[k].rule.id for k in costly}
    for folder in folders:
        files = discover_checkable([folder], Config())
        found = {}
        for label, pf in (("all in Hyperscan", whole), ("over the budget left to the automaton", built)):
            rs._prefilter = pf
            rs.unit_hits.clear()
            counts[:] = [0, 0, 0]
            t = time.process_time()
            found[label] = [[f.to_dict() for f in check_file(f, rs).findings] for f in files]
            took = time.process_time() - t
            theirs = sum(f["rule_id"] in ids_of for per in found[label] for f in per)
            print(f"{folder}: {label}: {len(files)} files, {counts[0]} units, candidate pairs of those rules "
                  f"{counts[1]} (all rules {counts[2]}), their findings {theirs}, one process {took:.2f} s CPU")
        a, b = found.values()
        print(f"{folder}: findings identical: {a == b}")
    P.RuleCandidates.unit_candidates = original


if __name__ == "__main__":
    raise SystemExit(main())
