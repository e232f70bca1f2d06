"""Where an in-process `check` of a folder of guidelines spends its CPU, by part.

    python bench/check_phases.py bench/corpus/n100/guidelines      # best of 3

Each part is timed around its call (CPU time, ``time.process_time``), nested parts inside
their parents; generators are drained inside their timer. The rule set is built and prepared
first (Hyperscan on, as in a pool run), then the files are checked once to warm up and three
times timed. Recorded in BENCHMARKS.md ("Issue 17: speed, round 5").
"""

from __future__ import annotations

import functools
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import lic_policy.checks.contexts as contexts  # noqa: E402
import lic_policy.checks.engine as engine  # noqa: E402
import lic_policy.checks.learned as learned  # noqa: E402
import lic_policy.checks.model_hits as model_hits  # noqa: E402
import lic_policy.checks.prefilter as prefilter  # noqa: E402
import lic_policy.checks.runner as runner  # noqa: E402
import lic_policy.checks.validity as validity  # noqa: E402
import lic_policy.checks.windows as windows  # noqa: E402
import lic_policy.store as store  # noqa: E402

SPENT: dict[str, float] = {}


def timed(label: str, fn, drained: bool = False):
    if drained:
        @functools.wraps(fn)
        def run(*a, **k):
            items = fn(*a, **k)
            t = time.process_time()
            try:
                out = list(items)
            finally:
                SPENT[label] = SPENT.get(label, 0.0) + time.process_time() - t
            return iter(out)
    else:
        @functools.wraps(fn)
        def run(*a, **k):
            t = time.process_time()
            try:
                return fn(*a, **k)
            finally:
                SPENT[label] = SPENT.get(label, 0.0) + time.process_time() - t
    return run


def instrument() -> None:
    engine.model_hits = timed("the learned reviewer (model_hits)", model_hits.model_hits, drained=True)
    model_hits._flagged = timed("  scoring sentences (_flagged)", model_hits._flagged)
    learned.ClassGate.starts = timed("  the outside-word gate (ClassGate.starts)", learned.ClassGate.starts,
                                     drained=True)
    prefilter.RuleCandidates.unit_candidates = timed("candidate rules (unit_candidates)",
                                                     prefilter.RuleCandidates.unit_candidates)
    engine.window_matches = timed("the grammar at its starts (windows.matches)", windows.matches, drained=True)
    windows.Windows.starts = timed("where it may start (Windows.starts)", windows.Windows.starts)
    engine.lifted_by = timed("contexts (lifted_by)", contexts.lifted_by)
    store.parse = timed("reading the YAML (store.parse)", store.parse)
    engine.check_document = timed("check_document", engine.check_document)
    runner.check_document = engine.check_document
    validity.validation_findings = timed("validation (validation_findings)", validity.validation_findings)


def main(folder: str, rounds: int = 3) -> None:
    files = sorted(str(p) for p in Path(folder).rglob("*.yaml"))
    texts = {f: Path(f).read_text(encoding="utf-8") for f in files}
    ruleset = engine.load_ruleset()
    ruleset.use_prefilter()
    ruleset.prepare()
    instrument()
    for f in files:
        runner.check_file(f, ruleset, texts[f])
    best: tuple[float, dict] | None = None
    for _ in range(rounds):
        SPENT.clear()
        t = time.process_time()
        for f in files:
            runner.check_file(f, ruleset, texts[f])
        total = time.process_time() - t
        if best is None or total < best[0]:
            best = (total, dict(SPENT))
    assert best is not None
    total, spent = best
    print(f"{len(files)} files, {sum(map(len, texts.values())) / 1e6:.2f} MB: {total:.3f} s of CPU (best of {rounds})")
    for label, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {seconds:6.3f} s {100 * seconds / total:5.1f} %  {label}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench/corpus/n100/guidelines")
