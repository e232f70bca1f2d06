"""Bytes a reviewer's phone receives for the review room's page, uncompressed and gzip-compressed
(ux17): `PYTHONPATH=. python bench/room_transfer.py` from a checkout (Starlette's TestClient, no
server, no network)."""

from __future__ import annotations

import sys
import tempfile
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
warnings.simplefilter("ignore")

from tests.conftest import DRAFT  # noqa: E402
from tests.webapp import Room  # noqa: E402


def main() -> None:
    for sample in (None, DRAFT):
        with tempfile.TemporaryDirectory() as t:
            room = Room(Path(t)) if sample is None else Room(Path(t), with_review=False, sample=sample)
            _rid, links = room.open_round(room.staff(), show_findings="1")
            phone = room.reviewer(links["advisory-3"])
            plain = phone.get("/review", headers={"Accept-Encoding": "identity"})
            packed = phone.get("/review", headers={"Accept-Encoding": "gzip"})
            sent = int(packed.headers["content-length"])
            print(f"{room.guideline.name}: review page {len(plain.content):,} bytes, "
                  f"{sent:,} gzip-compressed ({packed.headers.get('content-encoding')}; "
                  f"{len(plain.content) / sent:.1f}x)")


if __name__ == "__main__":
    main()
