"""Check benchmarks: single-file latency (pre-commit), throughput over 1, 100 and 1,000
guidelines on both cores, warm re-check with the cache, and alex and proselint side by
side on the same prose (each skipped cleanly where it cannot be installed)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BENCH, LIC, ROOT, Row, folder_bytes, median_run, run_once  # noqa: E402
from bench.corpus import corpus  # noqa: E402

SAMPLE = ROOT / "guidelines" / "cedar-harbour-sex-work-response.yaml"
TOOLS = BENCH / ".tools"


def prose_corpus(n: int) -> Path:
    """The prose of the n-guideline corpus as plain .txt files (the same text for every tool)."""
    from lic_policy import store
    from lic_policy.text import guideline_units

    out = BENCH / "corpus" / f"n{n}" / "prose"
    src = corpus(n) / "guidelines"
    if out.exists() and len(list(out.glob("*.txt"))) == n:
        return out
    out.mkdir(parents=True, exist_ok=True)
    for f in sorted(src.glob("*.yaml")):
        doc = store.load(f, validate=False)
        text = "\n\n".join(u.text.strip() for u in guideline_units(doc.data) if u.kind == "prose")
        (out / (f.stem + ".txt")).write_text(text + "\n", encoding="utf-8")
    return out


LONG = BENCH / "corpus" / "long"
LONG_VERSION = "1"
EXTRA_FLAWED = [  # must-flag fixtures: what the long texts' findings are made of
    "Prostitutes gather near the station after dark.",
    "Bylaw officers will sweep the stroll every weekend.",
    "Residents complained about hookers on the corner.",
]


def _clean_sentences() -> list[str]:
    """The sentences of the good sample's prose (clean: no finding of their own)."""
    import re

    from lic_policy import store
    from lic_policy.text import guideline_units

    doc = store.load(SAMPLE, validate=False)
    out = []
    for u in guideline_units(doc.data):
        if u.kind == "prose":
            out += [s for s in re.split(r"(?<=[.!?])\s+", " ".join(u.text.split())) if len(s) > 40 and s.endswith(".")]
    return out


def long_texts(size: int = 1_000_000) -> dict[str, Path]:
    """Plain-text files of about ``size`` characters (fixed seed), written once:

    * ``paragraph-sparse``: one paragraph on one line, a finding every ~50 KB;
    * ``paragraph-dense``: one paragraph on one line, a finding in every third sentence;
    * ``lines-few`` / ``lines-few-blank``: one paragraph per line (five sentences), a finding
      in one paragraph of 100, without and with blank lines between the paragraphs;
    * ``lines-each`` / ``lines-each-blank``: the same with a finding in every paragraph."""
    import random

    from bench.corpus import FLAWED

    LONG.mkdir(parents=True, exist_ok=True)
    names = ["paragraph-sparse", "paragraph-dense", "lines-few", "lines-few-blank", "lines-each", "lines-each-blank"]
    paths = {n: LONG / f"{n}-{size}-v{LONG_VERSION}.txt" for n in names}
    if all(p.exists() for p in paths.values()):
        return paths
    clean, flawed = _clean_sentences(), FLAWED + EXTRA_FLAWED

    def paragraph(rng: random.Random, every: int) -> str:
        parts, n, k = [], 0, 0
        while n < size:
            k += 1
            s = rng.choice(flawed) if k % every == 0 else rng.choice(clean)
            parts.append(s)
            n += len(s) + 1
        return " ".join(parts) + "\n"

    def lines(rng: random.Random, each: bool, sep: str) -> str:
        paras, n, k = [], 0, 0
        while n < size:
            k += 1
            sents = [rng.choice(clean) for _ in range(5)]
            if each or k % 100 == 0:
                sents[rng.randrange(5)] = rng.choice(flawed)
            p = " ".join(sents)
            paras.append(p)
            n += len(p) + len(sep)
        return sep.join(paras) + "\n"

    texts = {
        "paragraph-sparse": paragraph(random.Random(1), 50_000 // 110),
        "paragraph-dense": paragraph(random.Random(2), 3),
        "lines-few": lines(random.Random(3), False, "\n"),
        "lines-each": lines(random.Random(4), True, "\n"),
    }
    texts["lines-few-blank"] = texts["lines-few"].replace("\n", "\n\n").rstrip("\n") + "\n"
    texts["lines-each-blank"] = texts["lines-each"].replace("\n", "\n\n").rstrip("\n") + "\n"
    for name, text in texts.items():
        paths[name].write_text(text, encoding="utf-8")
    return paths


REAL = BENCH / "corpus" / "real"
REAL_VERSION = "1"


def real_prose() -> Path:
    """Real policy text with no sentence twice: every distinct sentence of the labelled values
    corpus (``tests/corpus/values`` and ``values-holdout``: police and council strategies,
    government reports, rights-based guidance), four to a paragraph, one plain-text file per
    corpus file. The generated corpora repeat the good sample's sentences (the 1,000 guidelines
    hold 261 different text units among 82,880), so anything remembered per sentence or unit
    looks faster there than it is; this one measures the checker on text it has not seen."""
    from lic_policy.yamlread import read_data

    out = REAL / f"v{REAL_VERSION}"
    if out.exists() and any(out.glob("*.txt")):
        return out
    out.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    for src in sorted([*(ROOT / "tests" / "corpus" / "values").glob("*.yaml"),
                       *(ROOT / "tests" / "corpus" / "values-holdout").glob("*.yaml")]):
        items = read_data(src.read_text(encoding="utf-8"))[0] or []
        sents = []
        for item in items:
            text = " ".join(str(item.get("text", "")).split()) if isinstance(item, dict) else ""
            if text and text not in seen:
                seen.add(text)
                sents.append(text)
        if sents:
            paras = [" ".join(sents[k:k + 4]) for k in range(0, len(sents), 4)]
            (out / f"{src.parent.name}-{src.stem}.txt").write_text("\n\n".join(paras) + "\n", encoding="utf-8")
    return out


def real_prose_row() -> Row:
    """`check --format json` of real policy text where no sentence comes twice (``real_prose``):
    what the checker does with text it has not seen (the generated corpora repeat theirs)."""
    folder = real_prose()
    mb = folder_bytes(folder) / 1e6
    r = median_run([LIC, "check", "--no-cache", "--format", "json", "--fail-on", "none", str(folder)], runs=3)
    return Row("check", f"`check --format json` of real policy text, no sentence twice ({mb:.1f} MB, "
               f"{len(list(folder.glob('*.txt')))} files of the values corpora), both cores",
               f"{r.seconds:.2f} s · {mb / r.seconds:.2f} MB/s", "", None, r.peak_mb,
               note=f"CPU {r.cpu:.2f} s", command=f"lic-policy check --no-cache --format json {folder.relative_to(ROOT)}")


def long_text_rows() -> list[Row]:
    """`check` of 1 MB of prose in one paragraph (sparse and dense findings), and of 1 MB of
    plain text with one paragraph per line, without and with blank lines between them: the
    contexts look at a bounded window around each match, so the time grows with the text,
    not with the text times its findings."""
    paths = long_texts()
    rows = []

    def timed(name: str):
        path = paths[name]
        r = median_run([LIC, "check", "--no-cache", "--fail-on", "none", str(path)], runs=3)
        return r, path.stat().st_size / 1e6, _finding_count(path)

    def rel(path: Path) -> str:
        return str(path.relative_to(ROOT))

    for name, label in (("paragraph-sparse", "sparse findings"), ("paragraph-dense", "dense findings")):
        r, mb, count = timed(name)
        rows.append(Row("check", f"`check` of a {mb:.1f} MB single paragraph on one line, {label} ({count:,})",
                        f"{r.seconds:.2f} s · {mb / r.seconds:.2f} MB/s", "", None, r.peak_mb,
                        command=f"lic-policy check --no-cache {rel(paths[name])}"))
    for kind, label in (("few", "a finding in one paragraph of 100"), ("each", "a finding in every paragraph")):
        lines, lines_mb, n1 = timed(f"lines-{kind}")
        blank, _mb, n2 = timed(f"lines-{kind}-blank")
        ratio = lines.seconds / blank.seconds
        rows.append(Row("check", f"`check` of {lines_mb:.1f} MB of plain text, one paragraph per line and no blank "
                        f"lines, {label} ({n1:,} findings), against the same text with blank lines ({n2:,})",
                        f"{lines.seconds:.2f} s against {blank.seconds:.2f} s: {ratio:.2f}×", "within 2×", ratio <= 2,
                        max(lines.peak_mb, blank.peak_mb),
                        command=f"lic-policy check --no-cache {rel(paths[f'lines-{kind}'])} "
                                f"{rel(paths[f'lines-{kind}-blank'])}"))
    return rows


def finding_cost_row() -> Row:
    """The cost of a finding, in-process: making it from a match (``_make_finding``: message,
    fix, anchor), sorting it and writing it as JSON (``report.json.stream``), over the 3,000
    findings of 1 MB of finding-dense prose (a finding in every paragraph). The matching
    itself is not in it (the long-text rows show it)."""
    import time

    from lic_policy.checks.engine import FileResult, _make_finding, _scan_units, load_ruleset
    from lic_policy.checks.runner import Report
    from lic_policy.model.finding import Finding
    from lic_policy.report.json import stream
    from lic_policy.store import ProseDocument
    from lic_policy.text import prose_units

    path = long_texts()["lines-each-blank"]
    text = path.read_text(encoding="utf-8")
    ruleset = load_ruleset()
    pd = ProseDocument(str(path), text)
    hits = []
    for unit, hit in _scan_units(ruleset, list(prose_units(text, markdown=False)), text, frozenset()):
        line, col = pd.index_to_linecol(unit.start + hit.start)
        end_line, end_col = pd.index_to_linecol(unit.start + hit.end - 1)
        hits.append((hit, unit, line, col, end_line, end_col + 1))

    def once() -> float:
        t = time.perf_counter()
        findings = [_make_finding(h, str(path), u, a, b, c, d, None) for h, u, a, b, c, d in hits]
        findings.sort(key=Finding.sort_key)
        for _piece in stream(Report([FileResult(str(path), findings)], ruleset)):
            pass
        return time.perf_counter() - t

    best = min(once() for _ in range(5))
    per = best / len(hits) * 1e6
    return Row("check", f"cost of a finding: made from its match, sorted and written as JSON ({len(hits):,} findings "
               "of 1 MB of finding-dense prose, in-process, best of 5)", f"{per:.1f} µs", "≤ 20 µs", per <= 20, None,
               note="0.3 ms before issue 17 (dataclasses.asdict, the indenting JSON encoder)",
               command="python bench/run.py check (bench_check.finding_cost_row)")


def dense_vs_alex_row() -> Row:
    """`check --format json` against alex on the same 1 MB of finding-dense prose."""
    path = long_texts()["lines-each-blank"]
    mb = path.stat().st_size / 1e6
    ours = median_run([LIC, "check", "--no-cache", "--format", "json", "--fail-on", "none", str(path)], runs=3)
    rel = path.relative_to(ROOT)
    alex = alex_bin()
    if not alex:
        return Row("check", "`check --format json` of 1 MB of finding-dense prose against alex",
                   f"{ours.seconds:.2f} s · {mb / ours.seconds:.2f} MB/s; alex skipped (npm package could not be "
                   "installed)", "≥ 50× alex", None, ours.peak_mb, command=f"lic-policy check --no-cache --format json {rel}")
    a = median_run([alex, "--quiet", str(path)], runs=1, warmup=0)
    ratio = a.seconds / ours.seconds
    return Row("check", f"`check --format json` of {mb:.1f} MB of finding-dense prose (a finding in every paragraph, "
               f"{_finding_count(path):,}) against alex on the same file",
               f"{ours.seconds:.2f} s · {mb / ours.seconds:.2f} MB/s; alex {a.seconds:.2f} s: {ratio:.1f}×",
               "≥ 50× alex", ratio >= 50, max(ours.peak_mb, a.peak_mb),
               command=f"lic-policy check --no-cache --format json {rel}; alex --quiet {rel}")


def mixed_corpus(n: int = 900) -> Path:
    """``n`` files: two thirds generated guidelines (``corpus``), one third copies of the
    early draft (``guidelines/cedar-harbour-early-draft.yaml``: finding-dense)."""
    import shutil as _shutil

    out = BENCH / "corpus" / f"mixed{n}"
    if out.exists() and len(list(out.glob("*.yaml"))) == n:
        return out
    out.mkdir(parents=True, exist_ok=True)
    drafts = n // 3
    src = sorted((corpus(1000) / "guidelines").glob("*.yaml"))[:n - drafts]
    for f in src:
        _shutil.copyfile(f, out / f.name)
    early = ROOT / "guidelines" / "cedar-harbour-early-draft.yaml"
    for i in range(drafts):
        _shutil.copyfile(early, out / f"early-draft-{i:04d}.yaml")
    return out


def mixed_corpus_row() -> Row:
    folder = mixed_corpus()
    mb = folder_bytes(folder) / 1e6
    r = median_run([LIC, "check", "--no-cache", "--format", "json", "--fail-on", "none", str(folder)], runs=3)
    return Row("check", f"`check --format json` of a mixed corpus: 900 files ({mb:.1f} MB), a third of them early "
               "drafts (finding-dense), both cores", f"{r.seconds:.2f} s · {mb / r.seconds:.1f} MB/s", "≥ 20 MB/s",
               mb / r.seconds >= 20, r.peak_mb,
               command=f"lic-policy check --no-cache --format json {folder.relative_to(ROOT)}")


def _finding_count(path: Path) -> int:
    proc = subprocess.run([LIC, "check", "--no-cache", "--fail-on", "none", "--quiet", str(path)],
                          capture_output=True, text=True)
    return sum(1 for line in proc.stdout.splitlines() if line.startswith(str(path) + ":"))


def alex_bin() -> str | None:
    exe = TOOLS / "node_modules" / ".bin" / "alex"
    if exe.exists():
        return str(exe)
    if not shutil.which("npm"):
        return None
    TOOLS.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(["npm", "install", "--prefix", str(TOOLS), "--no-audit", "--no-fund", "alex@11"],
                          capture_output=True, text=True, timeout=600)
    return str(exe) if proc.returncode == 0 and exe.exists() else None


def proselint_bin() -> str | None:
    venv = TOOLS / "proselint-venv"
    exe = venv / "bin" / "proselint"
    if exe.exists():
        return str(exe)
    TOOLS.mkdir(parents=True, exist_ok=True)
    if subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True).returncode != 0:
        return None
    proc = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "proselint"], capture_output=True, timeout=600)
    return str(exe) if proc.returncode == 0 and exe.exists() else None


def cold_rows(everything: bool = True) -> list[Row]:
    """The pre-commit case: a fresh process checks one guideline (``python bench/run.py cold``
    runs only these). The CPU time (user + system) and the load average go in the note: on a
    busy machine the wall time is mostly waiting for a core."""
    rows: list[Row] = []
    env = dict(os.environ)

    def load() -> str:
        return f"load average {os.getloadavg()[0]:.1f}"

    r = median_run([LIC, "check", "--no-cache", str(SAMPLE)], runs=9)
    rows.append(Row("check", "cold single-file `check` (pre-commit)", f"{r.seconds * 1000:.0f} ms", "< 150 ms",
                    r.seconds < 0.15, r.peak_mb, note=f"CPU {r.cpu * 1000:.0f} ms; {load()}",
                    command=f"lic-policy check --no-cache {SAMPLE.relative_to(ROOT)}"))
    # the loaded rule packs are kept in the user's cache folder: the first run after installing
    # or changing a pack loads and compiles them (the pre-commit target holds for it too)
    firsts = []
    for _ in range(5):
        with tempfile.TemporaryDirectory() as xdg:
            firsts.append(run_once([LIC, "check", "--no-cache", str(SAMPLE)], env={**env, "XDG_CACHE_HOME": xdg}))
    first = sorted(firsts, key=lambda x: x.seconds)[2]
    rows.append(Row("check", "cold single-file `check`, first run after installing or changing a rule pack "
                    "(packs loaded, compiled and cached)", f"{first.seconds * 1000:.0f} ms", "< 300 ms",
                    first.seconds < 0.3, max(x.peak_mb for x in firsts),
                    note=f"CPU {first.cpu * 1000:.0f} ms; {load()}",
                    command=f"XDG_CACHE_HOME=$(mktemp -d) lic-policy check --no-cache {SAMPLE.relative_to(ROOT)}"))
    if not everything:  # `make bench` measures the 1-guideline corpus and --version in its own rows
        return rows
    folder = corpus(1) / "guidelines"
    r = median_run([LIC, "check", "--no-cache", "--fail-on", "none", str(folder)], runs=9)
    rows.append(Row("check", "cold `check` of the 1-guideline corpus folder", f"{r.seconds * 1000:.0f} ms", "", None,
                    r.peak_mb, note=f"CPU {r.cpu * 1000:.0f} ms; {load()}",
                    command="lic-policy check --no-cache bench/corpus/n1/guidelines"))
    r = median_run([LIC, "--version"], runs=9)
    rows.append(Row("start-up", "cold `lic-policy --version`", f"{r.seconds * 1000:.0f} ms", "< 150 ms",
                    r.seconds < 0.15, r.peak_mb, note=f"CPU {r.cpu * 1000:.0f} ms; {load()}",
                    command="lic-policy --version"))
    return rows


def run(sizes=(1, 100, 1000)) -> list[Row]:
    rows: list[Row] = cold_rows(everything=False)
    env = dict(os.environ)
    per_n = {}
    for n in sizes:
        folder = corpus(n) / "guidelines"
        mb = folder_bytes(folder) / 1e6
        r = median_run([LIC, "check", "--no-cache", "--fail-on", "none", str(folder)], runs=5)
        per_n[n] = r
        target, ok = ("≥ 20 MB/s; < 200 MB", mb / r.seconds >= 20 and r.peak_mb < 200) if n == 1000 else ("", None)
        rows.append(Row("check", f"`check` of {n:,} guidelines ({mb:.1f} MB), both cores",
                        f"{r.seconds:.2f} s · {mb / r.seconds:.1f} MB/s", target, ok, r.peak_mb,
                        command=f"lic-policy check --no-cache bench/corpus/n{n}/guidelines",
                        extra={"n": n, "seconds": r.seconds, "mb": mb}))
    n = max(sizes)
    folder = corpus(n) / "guidelines"
    mb = folder_bytes(folder) / 1e6
    cmd = [LIC, "check", "--no-cache", "--fail-on", "none", str(folder)]
    # the candidate rules of a large run come from a Hyperscan database, compiled once per rule
    # change and kept in the user's cache folder: the first run after a change compiles it
    firsts = []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as xdg:
            firsts.append(run_once(cmd, env={**env, "XDG_CACHE_HOME": xdg}))
    first = sorted(firsts, key=lambda r: r.seconds)[1]
    rows.append(Row("check", f"`check` of {n:,} guidelines, first run after a rule change (packs loaded and "
                    "Hyperscan databases compiled, then cached)", f"{first.seconds:.2f} s · {mb / first.seconds:.1f} MB/s", "", None,
                    max(r.peak_mb for r in firsts),
                    command=f"XDG_CACHE_HOME=$(mktemp -d) lic-policy check --no-cache bench/corpus/n{n}/guidelines"))
    # the same run with the literal automaton only (no Hyperscan), to show what the prefilter gives
    lit = median_run(cmd, runs=3, env={**env, "LIC_POLICY_PREFILTER": "literals"})
    full = per_n[n]
    rows.append(Row("check", f"`check` of {n:,} guidelines, literal prefilter only (no Hyperscan)",
                    f"{lit.seconds:.2f} s · {mb / lit.seconds:.1f} MB/s", "", None, lit.peak_mb,
                    note=f"with Hyperscan: {full.seconds:.2f} s ({lit.seconds / full.seconds:.2f}× faster)",
                    command=f"LIC_POLICY_PREFILTER=literals lic-policy check --no-cache bench/corpus/n{n}/guidelines"))
    # the same corpus with the text reviewers only (no structural Python rules), to show their share
    r = median_run([LIC, "check", "--no-cache", "--fail-on", "none", "--only", "language,framing", str(folder)],
                   runs=3 if n >= 1000 else 5)
    full = per_n[n]
    rows.append(Row("check", f"`check` of {n:,} guidelines, language and framing reviewers only",
                    f"{r.seconds:.2f} s · {mb / r.seconds:.1f} MB/s", "", None, r.peak_mb,
                    note=f"all reviewers: {full.seconds:.2f} s; the structural Python rules take "
                         f"{max(0.0, full.seconds - r.seconds) / full.seconds * 100:.0f}%",
                    command=f"lic-policy check --no-cache --only language,framing bench/corpus/n{n}/guidelines"))
    rows.extend(long_text_rows())
    rows.append(finding_cost_row())
    rows.append(dense_vs_alex_row())
    rows.append(mixed_corpus_row())
    rows.append(real_prose_row())
    cache_root = BENCH / "corpus"
    shutil.rmtree(cache_root / ".lic-policy-cache", ignore_errors=True)
    run_once([LIC, "check", "--fail-on", "none", str(folder)], cwd=cache_root, env=env)
    r = median_run([LIC, "check", "--fail-on", "none", str(folder)], runs=5, cwd=cache_root, env=env)
    rows.append(Row("check", f"warm re-check of {n:,} guidelines, nothing changed (cache)", f"{r.seconds * 1000:.0f} ms",
                    "< 300 ms", r.seconds < 0.3, r.peak_mb, command=f"lic-policy check bench/corpus/n{n}/guidelines (2nd run)"))
    # peers on the same prose
    pn = 100 if 100 in sizes else min(sizes)
    prose = prose_corpus(pn)
    pmb = folder_bytes(prose) / 1e6
    ours = median_run([LIC, "check", "--no-cache", "--fail-on", "none", str(prose)], runs=3)
    rows.append(Row("check", f"`check` of the same prose as .txt ({pn} files, {pmb:.1f} MB)",
                    f"{ours.seconds:.2f} s · {pmb / ours.seconds:.1f} MB/s", "", None, ours.peak_mb,
                    command=f"lic-policy check --no-cache bench/corpus/n{pn}/prose"))
    alex = alex_bin()
    if alex:
        files = sorted(str(p) for p in prose.glob("*.txt"))
        a = median_run([alex, "--quiet", *files], runs=1, warmup=0)
        ratio = a.seconds / ours.seconds
        if a.returncode not in (0, 1):
            a.seconds = float("nan")
        rows.append(Row("check", f"alex on the same prose ({pn} files)", f"{a.seconds:.2f} s · {pmb / a.seconds:.2f} MB/s",
                        "lic-policy ≥ 50× faster", ratio >= 50, a.peak_mb, note=f"lic-policy is {ratio:.0f}× faster",
                        command=f"alex --quiet bench/corpus/n{pn}/prose/*.txt"))
    else:
        rows.append(Row("check", "alex on the same prose", "skipped: npm package alex could not be installed", command="npm install alex"))
    pl = proselint_bin()
    if pl:
        files = sorted(str(p) for p in prose.glob("*.txt"))[:20]
        sub_mb = sum(Path(f).stat().st_size for f in files) / 1e6
        p = median_run([pl, "check", *files], runs=1, warmup=0)
        mine = median_run([LIC, "check", "--no-cache", "--fail-on", "none", *files], runs=3)
        if p.returncode not in (0, 1):  # 1 = it found something; anything else = it did not run
            rows.append(Row("check", "proselint on the same prose", f"skipped: exited {p.returncode}",
                            command="proselint check ..."))
        else:
            rows.append(Row("check", f"proselint on the same prose (20 files, {sub_mb:.1f} MB)",
                            f"{p.seconds:.2f} s · {sub_mb / p.seconds:.2f} MB/s", "", None, p.peak_mb,
                            note=f"lic-policy {mine.seconds:.2f} s on the same files, "
                                 f"{p.seconds / mine.seconds:.1f}× faster",
                            command=f"proselint check bench/corpus/n{pn}/prose/<first 20 files>"))
    else:
        rows.append(Row("check", "proselint on the same prose", "skipped: could not be installed", command="pip install proselint"))
    return rows


if __name__ == "__main__":
    for row in run(tuple(int(a) for a in sys.argv[1:]) or (1, 100, 1000)):
        print(f"{row.what:60} {row.value:>30}  {row.note}  peak {row.peak_mb or 0:.0f} MB")
