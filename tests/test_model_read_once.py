"""A cold check reads the 1.8 MB framing model's file once: the pack cache's check of the
pack's lexicons and model hashes it (``packs._file_hash``), and ``learned.load`` names the
model's cache entry with that digest (``packs.hashed_earlier``) instead of reading and
hashing the file again. A file changed since it was hashed is read again."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from lic_policy import store
from lic_policy.checks import learned, packs

from .conftest import ROOT

MODEL = ROOT / "reviewers" / "models" / "framing.json"


@pytest.fixture
def reads(monkeypatch):
    """The files ``store.read_bytes`` reads (``learned.load`` imports it when it runs)."""
    seen: list[str] = []
    real = store.read_bytes

    def read_bytes(path, *a, **k):
        seen.append(os.path.realpath(path))
        return real(path, *a, **k)

    monkeypatch.setattr(store, "read_bytes", read_bytes)
    monkeypatch.setattr(learned, "_LOADED", {})
    return seen


def _same(a, b) -> bool:
    return (a.idf, a.weight, a.bias, a.threshold, a.outside_threshold) == (b.idf, b.weight, b.bias, b.threshold,
                                                                          b.outside_threshold)


def test_a_model_the_pack_cache_hashed_is_not_read_again(reads, monkeypatch):
    monkeypatch.setattr(packs, "_HASHED", {})  # nothing hashed yet in this process
    read_first = learned.load(str(MODEL))  # read and hashed here (and its cache entry made)
    assert os.path.realpath(MODEL) in reads
    reads.clear()
    monkeypatch.setattr(learned, "_LOADED", {})
    assert packs._file_hash(str(MODEL))  # what the pack cache's check does on every run
    again = learned.load(str(MODEL))
    assert reads == []
    assert _same(again, read_first)


def test_a_model_changed_since_it_was_hashed_is_read(reads, tmp_path, monkeypatch):
    monkeypatch.setattr(packs, "_HASHED", {})
    model = tmp_path / "framing.json"
    shutil.copyfile(MODEL, model)
    assert packs._file_hash(str(model))
    # another model in the same place: another bias, so another cache entry
    data = json.loads(model.read_text(encoding="utf-8"))
    data["bias"] += 0.125
    model.write_text(json.dumps(data), encoding="utf-8")
    assert packs.hashed_earlier(str(model)) is None
    loaded = learned.load(str(model))
    assert os.path.realpath(model) in reads
    assert loaded.bias == pytest.approx(data["bias"])


def test_hashed_earlier_reads_nothing_and_knows_only_what_was_hashed(tmp_path, monkeypatch):
    monkeypatch.setattr(packs, "_HASHED", {})
    f = tmp_path / "lexicon.yaml"
    f.write_text("a: [b]\n", encoding="utf-8")
    assert packs.hashed_earlier(str(f)) is None  # never hashed
    digest = packs._file_hash(str(f))
    assert packs.hashed_earlier(str(f)) == digest
    f.write_text("a: [c]\n", encoding="utf-8")  # the same size, another text
    os.utime(f, ns=(1, 1))
    assert packs.hashed_earlier(str(f)) is None
    f.unlink()
    assert packs.hashed_earlier(str(f)) is None
