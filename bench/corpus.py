"""Reproducible benchmark corpus (fixed seed).

Realistic guidelines of about 30 KB each, made by varying the bundled good sample: other
fictional jurisdictions, reworded clauses, extra sections, and in one file out of ten a
few sentences from the flawed draft so that checks have something to report. Each
guideline also gets a revision (word edits, a renamed, a removed and an added clause).

    python bench/corpus.py 1000          # writes bench/corpus/n1000/
"""

from __future__ import annotations

import copy
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import CORPUS, ROOT  # noqa: E402

GENERATOR_VERSION = "3"
BASE = ROOT / "guidelines" / "cedar-harbour-sex-work-response.yaml"
SEED = 20261124
TARGET_BYTES = 30_000

TOWNS = ["Cedar Harbour", "Alder Bay", "Birch Crossing", "Fir Point", "Maple Ridge North", "Spruce Landing",
         "Larch Valley", "Hemlock Flats", "Willow Sound", "Aspen Creek", "Juniper Falls", "Cottonwood"]
KINDS = ["municipality", "regional-district", "health-authority", "service-provider", "municipality"]
SWAPS = [("staff", "employees"), ("support", "assistance"), ("safety", "safety and well-being"),
         ("respond", "answer"), ("offer", "provide"), ("help", "assist"), ("people", "community members"),
         ("ensure", "make sure"), ("training", "learning sessions"), ("services", "supports")]
FLAWED = [
    "The city will run a crackdown on street prostitution in the Eastside.",
    "Officers should move them along when residents complain about the nuisance.",
    "Success will be measured by the number of arrests of johns.",
]


def _reword(text: str, rng: random.Random) -> str:
    for a, b in SWAPS:
        if a in text and rng.random() < 0.35:
            text = text.replace(a, b, 1)
    return text


def _clauses(data: dict):
    def walk(sections):
        for s in sections:
            for c in s.get("clauses", []):
                yield s, c
            yield from walk(s.get("sections", []))

    return list(walk(data.get("sections", [])))


def make_guideline(base: dict, i: int, rng: random.Random) -> dict:
    from lic_policy import store  # noqa: F401 - ensures the package imports

    d = copy.deepcopy(base)
    town = TOWNS[i % len(TOWNS)]
    d["metadata"]["id"] = f"guideline-{i:05d}"
    d["metadata"]["title"] = f"{town} Sex Work Response Guideline"
    d["metadata"]["jurisdiction"]["name"] = f"{town} ({i})"
    d["metadata"]["jurisdiction"]["kind"] = KINDS[i % len(KINDS)]
    for _s, c in _clauses(d):
        c["text"] = _reword(c["text"], rng)
    # grow to the target size with reworded copies of existing sections
    extra = 0
    sections = d["sections"]
    originals = copy.deepcopy(sections)
    size = len(str(d))
    while size < TARGET_BYTES * 0.82:
        src = copy.deepcopy(rng.choice(originals))
        extra += 1
        src["id"] = f"extra{extra}.{src['id']}"
        src.pop("protocol", None)
        src["tags"] = [t for t in src.get("tags", []) if t != "protocol"]
        for j, c in enumerate(src.get("clauses", [])):
            c["id"] = f"{src['id']}.{j + 1}"
            c["text"] = _reword(c["text"], rng)
            c.pop("see", None)
        src["sections"] = []
        sections.append(src)
        size += len(str(src))
    if i % 10 == 3:
        sec = sections[-1]
        for j, sentence in enumerate(rng.sample(FLAWED, 2)):
            sec["clauses"].append({"id": f"{sec['id']}.flawed{j}", "text": sentence})
    return d


def make_revision(d: dict, rng: random.Random, word_edits: int = 60) -> dict:
    r = copy.deepcopy(d)
    clauses = _clauses(r)
    words = ["carefully", "promptly", "respectfully", "together", "always", "where possible", "with consent"]
    for _ in range(word_edits):
        _s, c = rng.choice(clauses)
        tokens = c["text"].split(" ")
        k = rng.randrange(len(tokens))
        op = rng.random()
        if op < 0.4:
            tokens.insert(k, rng.choice(words))
        elif op < 0.7 and len(tokens) > 3:
            del tokens[k]
        else:
            tokens[k] = rng.choice(words)
        c["text"] = " ".join(tokens)
    if len(clauses) > 3:
        sec, c = clauses[1]
        c["id"] = c["id"] + "-renamed"
        sec2, c2 = clauses[2]
        sec2["clauses"].remove(c2)
        sec2["clauses"].append({"id": sec2["id"] + ".added", "text": "A new clause added in the revision."})
    return r


def _renumber_refs(d: dict) -> None:
    """Drop cross-references the variation may have broken (the model checks them)."""
    ids = {c["id"] for _s, c in _clauses(d)} | {s["id"] for s in d["sections"]}
    for p in d.get("priorities", []):
        p["refs"] = [x for x in p.get("refs", []) if x in ids]
    for _s, c in _clauses(d):
        c["see"] = [x for x in c.get("see", []) if x in ids]
        if not c["see"]:
            c.pop("see", None)


def write_yaml(path: Path, data: dict) -> None:
    from lic_policy import store
    from lic_policy.model.guideline import Guideline

    model = Guideline.model_validate(data)
    path.write_text(store.dump(model, schema_ref="../../../schemas/guideline.schema.json"), encoding="utf-8")


def corpus(n: int, *, revisions: bool = True) -> Path:
    """The corpus of ``n`` guidelines (generated once, then reused)."""
    from lic_policy import store

    out = CORPUS / f"n{n}"
    stamp = out / ".complete"
    key = f"{GENERATOR_VERSION}:{SEED}:{BASE.stat().st_mtime_ns}:{revisions}"
    if stamp.exists() and stamp.read_text() == key:
        return out
    if out.exists():
        import shutil

        shutil.rmtree(out)
    (out / "guidelines").mkdir(parents=True)
    if revisions:
        (out / "revisions").mkdir()
    base = store.load(BASE).data
    rng = random.Random(SEED)
    for i in range(n):
        d = make_guideline(base, i, rng)
        _renumber_refs(d)
        write_yaml(out / "guidelines" / f"guideline-{i:05d}.yaml", d)
        if revisions:
            r = make_revision(d, rng)
            _renumber_refs(r)
            write_yaml(out / "revisions" / f"guideline-{i:05d}.yaml", r)
    stamp.write_text(key)
    return out


def large_pair(size: int = 200_000, word_edits: int = 2000) -> tuple[Path, Path]:
    """One ~200 KB guideline and a heavily edited revision (about ``word_edits`` word edits)."""
    from lic_policy import store

    out = CORPUS / "large"
    key = f"{GENERATOR_VERSION}:{SEED}:{size}:{word_edits}:{BASE.stat().st_mtime_ns}"
    old, new = out / "large-old.yaml", out / "large-new.yaml"
    stamp = out / ".complete"
    if stamp.exists() and stamp.read_text() == key:
        return old, new
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED + 1)
    base = store.load(BASE).data
    global TARGET_BYTES
    saved, TARGET_BYTES = TARGET_BYTES, size
    try:
        d = make_guideline(base, 0, rng)
    finally:
        TARGET_BYTES = saved
    _renumber_refs(d)
    r = make_revision(d, rng, word_edits=word_edits)
    _renumber_refs(r)
    write_yaml(old, d)
    write_yaml(new, r)
    stamp.write_text(key)
    return old, new


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["100"]:
        if arg == "large":
            print(*large_pair())
        else:
            path = corpus(int(arg))
            print(path)
