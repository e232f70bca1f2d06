"""Start-up and validate benchmarks (issue 2 targets: cold --version and single-file
validate under 0.25 s wall; validate throughput over 1,000 guidelines)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import LIC, ROOT, Row, folder_bytes, median_run  # noqa: E402
from bench.corpus import corpus  # noqa: E402

SAMPLE = ROOT / "guidelines" / "cedar-harbour-sex-work-response.yaml"


def run(sizes=(1, 100, 1000)) -> list[Row]:
    rows = []
    r = median_run([LIC, "--version"], runs=9)
    rows.append(Row("start-up", "cold `lic-policy --version`", f"{r.seconds * 1000:.0f} ms", "< 150 ms",
                    r.seconds < 0.15, r.peak_mb, command="lic-policy --version"))
    r = median_run([LIC, "validate", str(SAMPLE)], runs=9)
    rows.append(Row("validate", "cold `validate` of one sample (31 KB)", f"{r.seconds * 1000:.0f} ms", "< 250 ms",
                    r.seconds < 0.25, r.peak_mb, command=f"lic-policy validate {SAMPLE.relative_to(ROOT)}"))
    for n in sizes:
        folder = corpus(n) / "guidelines"
        mb = folder_bytes(folder) / 1e6
        r = median_run([LIC, "validate", str(folder)], runs=3 if n >= 1000 else 5)
        rows.append(Row("validate", f"`validate` of {n:,} guidelines ({mb:.1f} MB), both cores",
                        f"{r.seconds:.2f} s · {mb / r.seconds:.1f} MB/s", "", None, r.peak_mb,
                        command=f"lic-policy validate bench/corpus/n{n}/guidelines",
                        extra={"n": n, "seconds": r.seconds, "mb": mb}))
    return rows


if __name__ == "__main__":
    for row in run():
        print(f"{row.what:55} {row.value:>28}  peak {row.peak_mb:.0f} MB  {row.target}")
