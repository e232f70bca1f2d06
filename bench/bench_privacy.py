"""How well the privacy detectors find names, emails, phones and addresses, and how rarely they
take a role title, an organisation or a place for a person.

    python bench/bench_privacy.py            # the table for both halves, and the misses
    python bench/run.py privacy              # the summary rows, as in BENCHMARKS.md
    python bench/bench_privacy.py --social-cost   # µs per snippet without and with social handles

The labelled set is ``tests/corpus/privacy/snippets.yaml`` (made-up snippets in several
languages and scripts). Odd-numbered snippets are the half the detectors were tuned on; even-
numbered ones are held out and reported separately. A found span counts for an expected one
when they overlap and have the same kind; everything else found is a false positive. A role,
organisation or place counts as flagged when anything found overlaps it.

Honesty note: the first run printed the misses of both halves; the changes that followed were
general rules made for tuning-half misses, but one of them (a capitalised word that is a
function word in another language is still a name word) also fixed held-out cases seen there.
The held-out misses left (a lone first name with no person context, a lower-case name whose
surname is an everyday word, a Chinese name run into a title without a space) were not tuned on.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, Row  # noqa: E402

CORPUS = ROOT / "tests" / "corpus" / "privacy" / "snippets.yaml"
KINDS = ("name", "email", "phone", "address", "social")
PLURAL = {"name": "names", "email": "emails", "phone": "phone numbers", "address": "street addresses",
          "social": "social-media handles and profile links"}
TARGET_RECALL = {"name": 0.85, "email": 0.95, "phone": 0.95, "address": None, "social": None}
NEGATIVE_CLASSES = ("role", "org", "place", "other")  # other: text that only looks like a handle
TARGET_FLAGGED = 0.05  # role titles and organisation names flagged
COMMAND = "python bench/bench_privacy.py"


# ---------------------------------------------------------------------------- author map

AUTHORS = ["Maria Santos", "Tom Whitecloud"]
# what an attacker would try: the authors' names among likely others, in the forms a tool might hash
DICTIONARY = AUTHORS + ["Jane Doe", "jane.doe", "Sam Placeholder", "Aisha Khan", "Nguyen Thi Lan", "Chen Meiling",
                        "Pat Lee", "Chris Martin", "Alex Morgan", "Maria", "Tom", "Santos", "Whitecloud"]


def _variants(name: str) -> set[str]:
    return {name, name.strip(), name.casefold(), name.lower(), " ".join(name.split()).casefold()}


def _secrets_in(text: str) -> set[str]:
    """Everything in a file that could be a salt or a key: every JSON/YAML string value and
    every run of hexadecimal or base64 characters."""
    found = set(re.findall(r"[A-Za-z0-9+/=_-]{8,}", text))
    found |= set(re.findall(r'"([^"\n]{1,200})"', text))
    return found


def dictionary_attack(folder: Path, authors=AUTHORS) -> list[str]:
    """Names in DICTIONARY that anything in ``folder`` lets an attacker confirm: written out, or
    a hash of a guess (with or without any salt or key found in the folder) that appears there."""
    texts = {}
    for p in folder.rglob("*"):
        if p.is_file() and p.suffix not in (".docx",):  # the reviewed Word files are the input itself
            texts[p] = p.read_text(encoding="utf-8", errors="replace")
    blob = "\n".join(texts.values())
    blob_lower = blob.casefold()
    salts = set().union(*(_secrets_in(t) for t in texts.values())) | {""}
    # A guess is confirmed when the first 16 characters of one of its digests appear in the
    # folder (the whole digest too, then). Digests are lowercase hex, so such a prefix can only
    # stand inside a run of 16 or more of [0-9a-f]: every 16-character window of those runs,
    # in a set, answers `d[:16] in blob` exactly, without reading the blob again for each of
    # the tens of thousands of digests (about 1.3 s of CPU per attack in `make test`, speed21).
    windows = set()
    for run in re.findall(r"[0-9a-f]{16,}", blob):
        windows.update(run[i:i + 16] for i in range(len(run) - 15))
    recovered = []
    for name in DICTIONARY:
        if name in ("Maria", "Tom", "Santos", "Whitecloud"):
            continue  # single words: also ordinary text elsewhere in a guideline
        if name.casefold() in blob_lower:
            recovered.append(name)
            continue
        hit = False
        for v in _variants(name):
            for salt in salts:
                keys = [salt.encode()]
                try:
                    keys.append(bytes.fromhex(salt))
                except ValueError:
                    pass
                digests = [hashlib.sha256((salt + "\x00" + v).encode()).hexdigest(),
                           hashlib.sha256((salt + v).encode()).hexdigest(),
                           hashlib.sha256((v + salt).encode()).hexdigest(),
                           hashlib.sha1((salt + v).encode()).hexdigest(),
                           hashlib.md5((salt + v).encode()).hexdigest()]
                digests += [hmac.new(k, v.encode(), hashlib.sha256).hexdigest() for k in keys]
                if any(d[:16] in windows for d in digests):
                    hit = True
                    break
            if hit:
                break
        if hit:
            recovered.append(name)
    return recovered


def attack_figures() -> tuple[int, int]:
    """Names the dictionary attack recovers from a repository folder after ``review import``
    mapped two Word authors: with this version's map, and with the first version's."""
    import json
    import os
    import tempfile

    from lic_policy.model.review import ReviewFile
    from lic_policy.review.authors import Authors

    saved = {k: os.environ.get(k) for k in ("XDG_DATA_HOME", "LIC_POLICY_AUTHOR_KEY")}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["XDG_DATA_HOME"] = os.path.join(tmp, "data")  # a key of its own, never the user's
            os.environ.pop("LIC_POLICY_AUTHOR_KEY", None)
            repo = Path(tmp) / "repo"
            repo.mkdir()
            amap = repo / "g.review-authors.json"
            authors = Authors(amap, ReviewFile(guideline="g.yaml"), "community")
            for name in AUTHORS:
                authors.author(name)
            authors.save()
            now = len(dictionary_attack(repo))
            salt = "5f1c2b0d9e8a7f6e5d4c3b2a19081726"
            amap.write_text(json.dumps({"salt": salt, "authors": [
                {"hash": hashlib.sha256((salt + "\x00" + n).encode()).hexdigest(), "handle": f"reviewer-{i + 1}"}
                for i, n in enumerate(AUTHORS)]}), encoding="utf-8")
            before = len(dictionary_attack(repo))
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return now, before


def load() -> list[dict]:
    import yaml

    return yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["snippets"]


def _spans(text: str, labelled: list) -> list[tuple[str, int, int]]:
    out, pos = [], {}
    for kind, words in labelled or []:
        words = str(words)
        start = text.find(words, pos.get(words, 0))
        if start < 0:
            raise ValueError(f"{words!r} is not in {text!r}")
        pos[words] = start + 1
        out.append((kind, start, start + len(words)))
    return out


def _gaps(n: int, taken: list) -> list[tuple[int, int]]:
    out, pos = [], 0
    for _k, a, b in sorted(taken, key=lambda t: t[1]):
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    if pos < n:
        out.append((pos, n))
    return out


def measure(snippets: list[dict]) -> dict:
    from lic_policy.privacy import find_identities

    stats = {k: {"expected": 0, "found": 0, "tp": 0, "hits": 0} for k in KINDS}
    negatives = {c: {"total": 0, "flagged": 0} for c in NEGATIVE_CLASSES}
    misses, false = [], []
    elapsed = 0.0
    for s in snippets:
        text = s["text"]
        t0 = time.perf_counter()
        hits = find_identities(text)
        elapsed += time.perf_counter() - t0
        expected = _spans(text, s.get("expect"))
        for kind, a, b in expected:
            stats[kind]["expected"] += 1
            if any(h.kind == kind and h.start < b and a < h.end for h in hits):
                stats[kind]["found"] += 1
            else:
                misses.append((s["id"], kind, text[a:b], text))
        for h in hits:
            stats[h.kind]["hits"] += 1
            if any(kind == h.kind and h.start < b and a < h.end for kind, a, b in expected):
                stats[h.kind]["tp"] += 1
            else:
                false.append((s["id"], h.kind, h.text, text))
        spans = []
        if s.get("class"):
            # the whole text is that class, less what it is labelled to hold (an email address in
            # a text that only looks like a handle)
            if expected:
                spans.extend((s["class"], a, b) for a, b in _gaps(len(text), expected))
            else:
                spans.append((s["class"], 0, len(text)))
        spans += _spans(text, s.get("negatives"))
        for cls, a, b in spans:
            negatives[cls]["total"] += 1
            if any(h.start < b and a < h.end for h in hits):
                negatives[cls]["flagged"] += 1
    return {"kinds": stats, "negatives": negatives, "misses": misses, "false": false,
            "snippets": len(snippets), "seconds": elapsed}


def halves(snippets: list[dict]) -> dict[str, list[dict]]:
    return {"tuning half (odd ids)": [s for s in snippets if s["id"] % 2 == 1],
            "held-out half (even ids)": [s for s in snippets if s["id"] % 2 == 0],
            "all": snippets}


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "–"


def report(results: dict) -> str:
    lines = []
    for name, r in results.items():
        lines.append(f"\n{name}: {r['snippets']} snippets")
        lines.append("| kind | labelled | found | recall | flagged | correct | precision |")
        lines.append("|---|---|---|---|---|---|---|")
        for k in KINDS:
            st = r["kinds"][k]
            lines.append(f"| {k} | {st['expected']} | {st['found']} | {_ratio(st['found'], st['expected'])} | "
                         f"{st['hits']} | {st['tp']} | {_ratio(st['tp'], st['hits'])} |")
        for cls, st in r["negatives"].items():
            what = "texts that only look like a handle" if cls == "other" else f"{cls} names"
            lines.append(f"| {what} flagged | {st['total']} | | | {st['flagged']} | | "
                         f"{_ratio(st['flagged'], st['total'])} flagged |")
    return "\n".join(lines)


_RULE_TIME = """
import sys, time, glob
from lic_policy.checks.engine import load_ruleset, check_document
from lic_policy.config import load_config, select_rules
from lic_policy import store
docs = [store.parse(open(f, encoding="utf-8").read(), f) for f in sorted(glob.glob(sys.argv[1]))]
rs = load_ruleset(select_rules(load_config(), ["privacy"]))
t = time.process_time()
for d in docs:
    check_document(d, rs)
print(len(docs), time.process_time() - t)
"""


def rule_time(n: int) -> tuple[int, float]:
    """CPU seconds the privacy rule takes over the n-guideline corpus, in a fresh process
    (word lists, patterns and phonenumbers loaded on first use included)."""
    import subprocess

    from bench.corpus import corpus

    folder = corpus(n) / "guidelines"
    out = subprocess.run([sys.executable, "-c", _RULE_TIME, str(folder / "*.yaml")], capture_output=True,
                         text=True, check=True, cwd=ROOT).stdout.split()
    return int(out[0]), float(out[1])


def run() -> list[Row]:
    """Rows for bench/run.py: recall per kind and the share of roles and organisations flagged,
    on the held-out half and on all snippets; the rule's time per guideline."""
    results = {k: measure(v) for k, v in halves(load()).items()}
    rows = []
    now, before = attack_figures()
    rows.append(Row("privacy", f"names a dictionary attack ({len(DICTIONARY)} guesses; every string in the folder tried as "
                    "salt or key; SHA-256, SHA-1, MD5, HMAC) recovers from the repository after `review import` of "
                    f"{len(AUTHORS)} Word authors", f"{now} of {len(AUTHORS)} (first-format map: {before} of "
                    f"{len(AUTHORS)})", "0", now == 0, command=COMMAND))
    for n in (1, 1000):
        docs, cpu = min((rule_time(n) for _ in range(3)), key=lambda x: x[1])
        rows.append(Row("privacy", f"`privacy.participant-identity` over {docs:,} generated guideline"
                        f"{'s' if docs != 1 else ''}, fresh process (CPU)",
                        f"{cpu * 1000:.0f} ms ({cpu / docs * 1000:.2f} ms per guideline)", "", None,
                        command=f"lic-policy check --no-cache --only privacy bench/corpus/n{n}/guidelines"))
    for name, r in results.items():
        if name.startswith("tuning"):
            continue
        label = "held-out half" if name.startswith("held") else f"all {r['snippets']} snippets"
        for k in KINDS:
            st = r["kinds"][k]
            recall = st["found"] / st["expected"] if st["expected"] else 0.0
            precision = st["tp"] / st["hits"] if st["hits"] else 1.0
            target = TARGET_RECALL[k]
            rows.append(Row("privacy", f"{PLURAL[k]}: recall and precision, {label}",
                            f"recall {recall:.2f} ({st['found']}/{st['expected']}), precision {precision:.2f}",
                            f"recall ≥ {target}" if target else "", (recall >= target) if target else None,
                            command=COMMAND))
        neg = r["negatives"]
        flagged = neg["role"]["flagged"] + neg["org"]["flagged"]
        total = neg["role"]["total"] + neg["org"]["total"]
        rows.append(Row("privacy", f"role titles and organisation names (their public accounts included) flagged, "
                        f"{label}", f"{flagged}/{total} ({flagged / total:.1%}); places {neg['place']['flagged']}/"
                        f"{neg['place']['total']}; text that only looks like a handle (times, code, email "
                        f"addresses) {neg['other']['flagged']}/{neg['other']['total']}", "≤ 5%",
                        flagged / total <= TARGET_FLAGGED, command=COMMAND))
    return rows


def social_cost(rounds: int = 7, passes: int = 20) -> tuple[float, float]:
    """Microseconds of CPU per snippet ``find_identities`` takes over the labelled snippets,
    uncached (best of ``rounds`` × ``passes``), without and with the ``social`` kind."""
    from lic_policy import privacy

    texts = [s["text"] for s in load()]
    without = tuple(k for k in privacy.KINDS if k != "social")

    def run(kinds: tuple) -> float:
        best = float("inf")
        for _ in range(rounds):
            t = time.process_time()
            for _ in range(passes):
                privacy._find.cache_clear()  # noqa: SLF001 - the cost of a first look
                for x in texts:
                    privacy.find_identities(x, kinds=kinds)
            best = min(best, time.process_time() - t)
        return best / (passes * len(texts)) * 1e6

    return run(without), run(privacy.KINDS)


def main() -> int:
    if "--social-cost" in sys.argv:
        before, after = social_cost()
        print(f"find_identities per snippet: {before:.1f} µs without the social kind, {after:.1f} µs with it")
        return 0
    results = {k: measure(v) for k, v in halves(load()).items()}
    print(report(results))
    allr = results["all"]
    print(f"\n{allr['snippets']} snippets in {allr['seconds'] * 1000:.0f} ms "
          f"({allr['seconds'] / allr['snippets'] * 1e6:.0f} µs each, word lists loaded on first use)")
    if "-v" in sys.argv:
        print("\nmissed:")
        for m in allr["misses"]:
            print("  ", m)
        print("\nflagged wrongly:")
        for f in allr["false"]:
            print("  ", f)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
