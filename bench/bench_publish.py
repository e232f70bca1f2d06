"""Publish benchmark (issue 6 target): html + docx + pdf of a ~50-page guideline in under 3 s.

The guideline is generated reproducibly from the good sample (``bench/corpus.py``: reworded
copies of its sections with new ids) and grown until its PDF has about 50 pages. Measured
as the whole `lic-policy publish --to html,docx,pdf` in a fresh process (start-up, loading,
the publish gate's checks, pandoc and typst included), and as the library call alone.

    python bench/bench_publish.py
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import corpus as _corpus  # noqa: E402
from bench.common import CORPUS, LIC, ROOT, Row, median_call, median_run, peak_heap_mb  # noqa: E402

TARGET_PAGES = 50
KEY = "1"


def pdf_pages(path: Path) -> int:
    try:
        import pypdf
    except ImportError:  # pragma: no cover - pypdf is in the dev extra
        return -1
    return len(pypdf.PdfReader(str(path)).pages)


def guideline(size: int = 160_000) -> Path:
    """The benchmark guideline (generated once; ``size`` in characters of its data)."""
    from lic_policy import store

    out = CORPUS / "publish"
    path = out / f"publish-{size}.yaml"
    stamp = out / f".complete-{size}"
    key = f"{KEY}:{_corpus.GENERATOR_VERSION}:{_corpus.SEED}:{_corpus.BASE.stat().st_mtime_ns}"
    if stamp.exists() and stamp.read_text() == key and path.exists():
        return path
    out.mkdir(parents=True, exist_ok=True)
    base = store.load(_corpus.BASE).data
    saved, _corpus.TARGET_BYTES = _corpus.TARGET_BYTES, size
    try:
        d = _corpus.make_guideline(base, 0, random.Random(_corpus.SEED + 6))
    finally:
        _corpus.TARGET_BYTES = saved
    d["sections"][-1]["clauses"] = [c for c in d["sections"][-1]["clauses"] if "flawed" not in c["id"]]
    _corpus._renumber_refs(d)
    _corpus.write_yaml(path, d)
    stamp.write_text(key)
    return path


def large_text(kind: str) -> Path:
    """The good sample with its first clause replaced: ``paragraph`` — a 5 MB paragraph of
    words; ``word`` — a 200,000-character word (issue 13: very large text)."""
    from lic_policy import store

    out = CORPUS / "publish"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"large-{kind}.yaml"
    if path.exists():
        return path
    if kind == "paragraph":
        text = ("Outreach staff offer support, information and a ride to the clinic. " * 75_000)[:5_000_000].strip()
    else:
        text = f"Staff offer {'x' * 200_000} support."
    source = _corpus.BASE.read_text(encoding="utf-8")
    path.write_text(store.parse(source, str(path)).replace_text(("sections", 0, "clauses", 0, "text"), text),
                    encoding="utf-8")
    return path


def large_text_rows(tmp: Path) -> list[Row]:
    rows = []
    for kind, fmt, what, before in (
            ("paragraph", "html", "a guideline with a 5 MB paragraph, to HTML", "over 2 minutes before"),
            ("word", "pdf", "a guideline with a 200,000-character word, to PDF", "timed out after 60 s before")):
        path = large_text(kind)
        r = median_run([LIC, "publish", str(path), "--to", fmt, "--out", str(tmp / f"large-{kind}"),
                        "--max-size", str(8 * 1024 * 1024)], runs=2)  # the 5 MB paragraph is over the default
        rows.append(Row("publish", f"cold `lic-policy publish` of {what}", f"{r.seconds:.1f} s", "", None,
                        r.peak_mb, note=before if r.returncode == 0 else f"exit {r.returncode}",
                        command=f"lic-policy publish {path.relative_to(ROOT)} --to {fmt} --out DIR --max-size 8388608"))
    return rows


def run() -> list[Row]:
    from lic_policy.publish.render import publish

    path = guideline()
    kb = path.stat().st_size / 1000
    tmp = Path(tempfile.mkdtemp(prefix="lic-bench-publish-"))
    try:
        written = publish(path, ["html", "docx", "pdf"], tmp / "probe")
        pages = pdf_pages(written[-1])
        t = median_call(lambda: publish(path, ["html", "docx", "pdf"], tmp / "lib"), runs=3)
        heap = peak_heap_mb(lambda: publish(path, ["html", "docx", "pdf"], tmp / "heap"))
        rows = [Row("publish", f"publish html+docx+pdf of a {pages}-page guideline ({kb:.0f} KB YAML), library call",
                    f"{t:.2f} s", "< 3 s", t < 3.0, heap,
                    note="gate checks, pandoc ×3 in parallel, typst; peak memory: Python heap of the call "
                         "(pandoc's own is in the cold CLI row)",
                    command="python bench/bench_publish.py")]
        r = median_run([LIC, "publish", str(path), "--to", "html,docx,pdf", "--out", str(tmp / "cli")], runs=3)
        rows.append(Row("publish", f"cold `lic-policy publish --to html,docx,pdf` of the same {pages}-page guideline",
                        f"{r.seconds:.2f} s", "< 3 s", r.seconds < 3.0 and r.returncode == 0, r.peak_mb,
                        command=f"lic-policy publish {path.relative_to(ROOT)} --to html,docx,pdf --out DIR"))
        rows.extend(large_text_rows(tmp))
        for fmt in ("html", "docx", "pdf"):
            tf = median_call(lambda f=fmt: publish(path, [f], tmp / f), runs=3)
            rows.append(Row("publish", f"  {fmt} alone", f"{tf:.2f} s", "", None,
                            peak_heap_mb(lambda f=fmt: publish(path, [f], tmp / f"heap-{f}")),
                            note="peak memory: Python heap of the call",
                            command="python bench/bench_publish.py"))
        return rows
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    for row in run():
        ok = "" if row.ok is None else (" ok" if row.ok else " MISSED")
        peak = f", {row.peak_mb:.0f} MB peak" if row.peak_mb else ""
        print(f"{row.what}: {row.value}{peak} (target {row.target or '-'}){ok}")
