"""CPU time of the code paths issue 17's reading refactor reorganised (guideline_data, the
section walk in text units, redline, yamlread.compose, publish.document.build,
review.packet.build_packet, re-anchoring). CPU time (``time.process_time``), best of several
runs, so other work on the machine hardly moves it. Compare two versions by running it with
``PYTHONPATH=<a checkout of the other version>``::

    python bench/bench_reading.py
    PYTHONPATH=/path/to/main python bench/bench_reading.py
"""

from __future__ import annotations

import copy
import glob
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(1, str(ROOT))


def best(fn, n: int = 9) -> float:
    """The least CPU time of ``n`` calls of ``fn``, in ms."""
    b = float("inf")
    for _ in range(n):
        t0 = time.process_time()
        fn()
        b = min(b, time.process_time() - t0)
    return b * 1000


def main() -> None:
    from bench.bench_review import _threads
    from bench.corpus import corpus, large_pair
    from lic_policy.publish.document import build
    from lic_policy.publish.pandoc import api_version
    from lic_policy.redline import redline
    from lic_policy.review.packet import build_packet
    from lic_policy.review.threads import reanchor
    from lic_policy.store import load
    from lic_policy.text import guideline_units
    from lic_policy.yamlread import compose

    files = sorted(glob.glob(str(corpus(50) / "guidelines" / "*.yaml")))
    old_p, new_p = large_pair()
    old, new = load(str(old_p), validate=False), load(str(new_p), validate=False)
    docs = [load(f, validate=False).data for f in files]
    texts = [Path(f).read_text(encoding="utf-8") for f in files[:20]]
    good = load(str(ROOT / "guidelines" / "cedar-harbour-sex-work-response.yaml"))
    draft = load(str(ROOT / "guidelines" / "cedar-harbour-early-draft.yaml"), validate=False)
    review = _threads(old.data, 1000)
    api_version()  # pandoc asked once, outside the timing
    rows = [
        ("redline of the 183 KB pair", best(lambda: redline(old, new))),
        (f"text units of {len(docs)} guidelines", best(lambda: [list(guideline_units(d)) for d in docs])),
        (f"yamlread.compose of {len(texts)} guidelines", best(lambda: [compose(t) for t in texts], 5)),
        ("publish.document.build of the sample, 10 x standard + council",
         best(lambda: [build(good.guideline, style=s) for s in ("standard", "council") * 10])),
        ("review packet of the sample since the early draft, x5",
         best(lambda: [build_packet(good, draft, findings=[]) for _ in range(5)], 5)),
        ("re-anchoring 1,000 threads onto the revision", best(lambda: reanchor(copy.deepcopy(review), new.data))),
    ]
    for name, ms in rows:
        print(f"{name:64} {ms:8.1f} ms CPU")


if __name__ == "__main__":
    main()
