"""The user's cache folder keeps only the most recently used entries of each kind."""

from __future__ import annotations

import os

import pytest

from lic_policy import usercache


@pytest.fixture()
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "lic-policy"


def _age(folder, name, seconds_ago):
    t = 1_700_000_000 - seconds_ago
    os.utime(folder / name, (t, t))


def test_only_the_most_recently_used_entries_of_a_kind_are_kept(home):
    usercache.write("hyperscan-other.db", b"x")
    for i in range(10):
        usercache.write(f"packs-{i}.json", f"{i}")
        _age(home, f"packs-{i}.json", 100 - i)  # packs-9 is the newest
    usercache.write("packs-new.json", "new")
    kept = sorted(p.name for p in home.glob("packs-*"))
    assert len(kept) == usercache.KEEP
    assert "packs-new.json" in kept and "packs-9.json" in kept and "packs-0.json" not in kept
    assert (home / "hyperscan-other.db").exists()  # another kind is not touched


def test_reading_an_entry_keeps_it(home):
    for i in range(usercache.KEEP):
        usercache.write(f"packs-{i}.json", f"{i}")
        _age(home, f"packs-{i}.json", 100 - i)  # packs-0 is the oldest
    assert usercache.read("packs-0.json") == b"0"  # used now
    usercache.write("packs-new.json", "new")
    assert (home / "packs-0.json").exists()
    assert not (home / "packs-1.json").exists()  # the least recently used goes


def test_a_folder_that_cannot_be_written_means_no_cache(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    usercache.write("packs-a.json", "a")  # no error
    assert usercache.read("packs-a.json") is None


@pytest.mark.parametrize("err", ["EFBIG", "ENOSPC", "EDQUOT"])
def test_a_cache_entry_that_cannot_be_written_is_no_error(home, monkeypatch, err):
    """Under `ulimit -f` (EFBIG), on a full disk or over quota, the store's writer turns the
    OSError into the one-line OutputError a user's own file deserves; for a cache entry that
    only means no cache, so the command goes on (a review packet's error named the model's
    cache file instead of the packet)."""
    import errno

    from lic_policy import store
    from lic_policy.errors import OutputError

    def fail(path, data, *a, **k):
        raise OutputError(f"{path}: cannot write the file", hint=os.strerror(getattr(errno, err)))

    monkeypatch.setattr(store, "save_atomic", fail)
    usercache.write("model-abc-7.bin", b"x" * 100)  # no exception
    assert usercache.read("model-abc-7.bin") is None
