"""Experiments on the learned framing reviewer, measured only by cross-validation on the
development corpus (tests/corpus/values; folds by source site, the model never sees the fold
it scores). The held-out part is never read here.

    python bench/model_cv.py                 # every variant (about 40 s of CPU each)
    python bench/model_cv.py E0 E3           # some of them
    python bench/model_cv.py --timing        # scoring cost per sentence, shipped model vs words only

Each row: the rules and the model together (P, R, F1), the model alone, the share of
hard negatives (trigger, neither framing nor stigma label) with any finding (language
findings in sample, framing out of fold), the threshold and veto chosen, and the model's size.
The table is in BENCHMARKS.md ("The learned framing reviewer: experiments").
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lic_policy.checks import learned  # noqa: E402
from lic_policy.checks.engine import load_ruleset  # noqa: E402
from lic_policy.checks.evaluate import load_corpus, split_of  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

# name → (what, Cues.build options or None for words only, train_on_corpus options, fit options)
VARIANTS = {
    "E0": ("words and word pairs (before)", None, {}, {}),
    "E1": ("+ lexicon classes", dict(lexicon=True, stance=False, pairs=False), {}, {}),
    "E2": ("+ lexicon classes + stance cues", dict(lexicon=True, stance=True, pairs=False), {}, {}),
    "E4": ("+ lexicon classes + class pairs", dict(lexicon=True, stance=False, pairs=True), {}, {}),
    "E3": ("+ lexicon classes + stance cues + class pairs (shipped)", dict(), {}, {}),
    "E5": ("E3, C = 2 (stronger regularisation)", dict(), {"c": 2.0}, {}),
    "E6": ("E3, C = 8", dict(), {"c": 8.0}, {}),
    "E7": ("E3, class features weigh 2", dict(scale=2.0), {}, {}),
    "E8": ("E3, class features weigh 0.5", dict(scale=0.5), {}, {}),
    "E9": ("E3, threshold for model precision 0.85", dict(), {"min_precision": 0.85}, {}),
    "E10": ("E3, 300 iterations", dict(), {"iterations": 300}, {}),
    "E13": ("E3, trained on sentences about sex work only", dict(), {}, {"gated": True}),
    "E14": ("E3, min_df 3", dict(), {}, {"min_df": 3}),
}


def run_variant(name: str, records: list[dict], rs, rule, rules) -> dict:
    what, cue_opts, train_opts, fit_opts = VARIANTS[name]
    cues = None if cue_opts is None else learned.Cues.build(learned.framing_entries(rs, rule), **cue_opts)
    original = learned.fit
    if fit_opts:
        def fit(texts, labels, **kw):
            if fit_opts.get("gated"):
                keep = [i for i, t in enumerate(texts) if rule.needs_re.search(t)]
                texts, labels = [texts[i] for i in keep], [labels[i] for i in keep]
            if "min_df" in fit_opts:
                kw["min_df"] = fit_opts["min_df"]
            return original(texts, labels, **kw)
        learned.fit = fit
    try:
        t = time.process_time()
        rep = learned.train_on_corpus(records, rs, rule, cues=cues, rules=rules, **train_opts)
    finally:
        learned.fit = original
    p, r = rep.combined_cv
    return {"name": name, "what": what, "P": p, "R": r, "F": round(2 * p * r / (p + r), 3),
            "model": rep.model_cv, "hard": rep.hard_negatives_cv, "th": rep.threshold, "veto": rep.veto,
            "terms": len(rep.model.weight), "cpu": round(time.process_time() - t, 1)}


def timing() -> None:
    import subprocess

    texts = [r["text"] for r in load_corpus([ROOT / "tests" / "corpus" / "values"])]
    shipped = learned.Model.from_json((ROOT / "reviewers" / "models" / "framing.json").read_text(encoding="utf-8"))
    before = subprocess.run(["git", "-C", str(ROOT), "show", "ddbeb44:reviewers/models/framing.json"],
                            capture_output=True, text=True, check=True).stdout
    words_only = learned.Model.from_json(before)

    def best(f, n: int = 7) -> float:
        out = 1e9
        for _ in range(n):
            t = time.process_time()
            f()
            out = min(out, time.process_time() - t)
        return out

    for label, m in (("words only (ddbeb44)", words_only), ("shipped", shipped)):
        us = best(lambda: [m.score(t) for t in texts]) / len(texts) * 1e6
        print(f"{label:22} {us:6.1f} µs per sentence (score, CPU, best of 7, {len(texts)} sentences)")


def main(argv: list[str]) -> None:
    if "--timing" in argv:
        timing()
        return
    names = [a for a in argv if a in VARIANTS] or list(VARIANTS)
    rs = load_ruleset()
    rule = rs.by_id["framing.learned"]
    records = [r for r in load_corpus([ROOT / "tests" / "corpus" / "values"]) if split_of(r) == "dev"]
    rules = learned.rule_run(records, rs)
    print("| run | features and settings | P | R | F1 | model alone P / R | hard negatives | threshold, veto | terms |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name in names:
        row = run_variant(name, records, rs, rule, rules)
        print(f"| {row['name']} | {row['what']} | {row['P']:.3f} | {row['R']:.3f} | {row['F']:.3f} | "
              f"{row['model'][0]:.3f} / {row['model'][1]:.3f} | {100 * row['hard']:.1f} % | "
              f"{row['th']:.2f}, {row['veto']:.2f} | {row['terms']} |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
