"""The rule-pack cache (``checks.packs._load_cached``): a run whose packs and code are
unchanged reads the packs from the user's cache folder (one entry per pack) instead of parsing
and compiling them again, and gets exactly what loading them gives."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from pathlib import Path

import pytest

from lic_policy.checks import packs as P

@pytest.fixture(autouse=True)
def _trust_the_test_packs(monkeypatch):
    """These packs name functions in this test module: the person running the tests trusts
    them (lic_policy.checks.findings.TRUST_ENV)."""
    monkeypatch.setenv("LIC_POLICY_TRUST_PYTHON_RULES", "1")


EXTRA = """\
pack: extra
reviewer: language
rules:
  - id: extra.term
    severity: warning
    message: "'{match}' is an example term"
    rationale: A rule for the cache tests.
    sources: [{title: Test source, url: "https://example.org"}]
    patterns: ["zorblax(?:es)?"]
    examples:
      flag: ["three zorblaxes"]
      pass: ["nothing here"]
  - id: extra.dated
    severity: info
    kind: python
    function: "lic_policy.checks.structure:key_areas"
    message: A Python rule whose examples hold a date.
    rationale: Dates in example patches must come back as dates.
    sources: [{title: Test source}]
    examples:
      flag: [{set: {metadata.effective_date: 2026-04-01}}]
      pass: [{set: {metadata.adopted_date: 2026-03-10}}]
"""

# each test loads the packs cold into its own cache folder (compiling every rule): `make test-all` and CI
pytestmark = pytest.mark.slow


@pytest.fixture()
def cache_home(tmp_path, monkeypatch):
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home / "lic-policy"


@pytest.fixture(autouse=True)
def _a_process_of_its_own(monkeypatch):
    """Each test starts as a new process would: no pack loaded yet (``packs._IN_PROCESS``)."""
    monkeypatch.setattr(P, "_IN_PROCESS", {})


def _next_run() -> None:
    """As if in another process: the packs this one loaded are not at hand."""
    P._IN_PROCESS.clear()


def _norm(packs):
    out = []
    for p in packs:
        rules = []
        for r in p.rules:
            d = {f.name: getattr(r, f.name) for f in dataclasses.fields(r) if not f.name.startswith("_")}
            lits = [v.required_literals() for v in r.matchers()] if r.kind == "pattern" else []
            bodies = [v.body_source() for v in r.matchers()] if r.kind == "pattern" else []
            rules.append((repr(d), [None if x is None else sorted(sorted(t) for t in x) for x in lits], bodies))
        out.append((p.name, str(p.path), p.digest, repr(p.protected), repr(p.documents), rules,
                    repr(p.entry_words)))
    return out


def _fresh(paths):
    return [P.load_pack(p) for p in paths]


def test_the_second_load_reads_the_cache_and_gets_what_loading_gives(cache_home, monkeypatch):
    first = P.load_packs()
    files = list(cache_home.glob("packs-*.bin"))
    assert len(files) == len(P.builtin_pack_paths())  # one entry per pack

    def no_parsing(path):
        raise AssertionError(f"{path} was parsed although the cache holds it")

    fresh = _fresh(P.builtin_pack_paths())
    monkeypatch.setattr(P, "load_pack", no_parsing)
    _next_run()
    second = P.load_packs()
    assert _norm(second) == _norm(first) == _norm(fresh)


def test_a_changed_pack_is_loaded_again(cache_home, tmp_path):
    extra = tmp_path / "extra.yaml"
    extra.write_text(EXTRA, encoding="utf-8")
    before = {r.id: r for p in P.load_packs([extra]) for r in p.rules}
    extra.write_text(EXTRA.replace("is an example term", "is another example term"), encoding="utf-8")
    after = {r.id: r for p in P.load_packs([extra]) for r in p.rules}
    assert before["extra.term"].message == "'{match}' is an example term"
    assert after["extra.term"].message == "'{match}' is another example term"
    assert len(list(cache_home.glob("packs-*.bin"))) == len(P.builtin_pack_paths()) + 2


def test_a_pack_of_ones_own_is_the_only_one_loaded_again(cache_home, tmp_path, monkeypatch):
    # the bundled packs' entries serve every configuration: adding or editing a pack of one's
    # own compiles that pack only
    extra = tmp_path / "extra.yaml"
    extra.write_text(EXTRA, encoding="utf-8")
    expected = _norm(P.load_packs([extra]))
    loaded = []
    load_pack = P.load_pack
    monkeypatch.setattr(P, "load_pack", lambda path: loaded.append(path) or load_pack(path))
    _next_run()
    assert _norm(P.load_packs()) == expected[:-1] and loaded == []
    extra.write_text(EXTRA.replace("is an example term", "is another example term"), encoding="utf-8")
    P.load_packs([extra])
    assert loaded == [extra]


def test_dates_in_examples_come_back_as_dates(cache_home, tmp_path, monkeypatch):
    extra = tmp_path / "extra.yaml"
    extra.write_text(EXTRA, encoding="utf-8")
    P.load_packs([extra])
    monkeypatch.setattr(P, "load_pack", lambda path: pytest.fail("not read from the cache"))
    _next_run()
    rule = {r.id: r for p in P.load_packs([extra]) for r in p.rules}["extra.dated"]
    assert rule.examples["flag"][0]["set"]["metadata.effective_date"] == dt.date(2026, 4, 1)


def test_an_example_that_looks_like_a_cached_date_is_not_cached(cache_home, tmp_path):
    extra = tmp_path / "extra.yaml"
    extra.write_text(EXTRA.replace("flag: [{set: {metadata.effective_date: 2026-04-01}}]",
                                   "flag: [{set: {metadata.notes: {$date: not a date}}}]"), encoding="utf-8")
    packs = P.load_packs([extra])
    rule = {r.id: r for p in packs for r in p.rules}["extra.dated"]
    assert rule.examples["flag"][0]["set"]["metadata.notes"] == {"$date": "not a date"}
    assert len(list(cache_home.glob("packs-*.bin"))) == len(P.builtin_pack_paths())  # the bundled ones only


def test_a_damaged_cache_is_read_again_from_the_packs(cache_home):
    expected = _norm(P.load_packs())
    cache_files = list(cache_home.glob("packs-*.bin"))
    assert len(cache_files) == len(P.builtin_pack_paths())
    import marshal

    for damage in (b"", b"{not marshal", marshal.dumps({"format": "1", "packs": [{"name": "x"}]}),
                   marshal.dumps([1, 2, 3])):
        for cache_file in cache_files:
            cache_file.write_bytes(damage)
        _next_run()
        assert _norm(P.load_packs()) == expected
        for cache_file in cache_files:
            assert marshal.loads(cache_file.read_bytes())["packs"]  # written again, whole


def test_a_cache_folder_that_cannot_be_written_only_makes_loading_slower(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert _norm(P.load_packs()) == _norm(_fresh(P.builtin_pack_paths()))


def test_a_broken_pack_is_reported_as_always_and_never_cached(cache_home, tmp_path):
    from lic_policy.errors import ConfigError

    extra = tmp_path / "extra.yaml"
    extra.write_text(EXTRA.replace('"zorblax(?:es)?"', '"zorblax(?:es"'), encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid regular expression"):
        P.load_packs([extra])
    assert len(list(cache_home.glob("packs-*.bin"))) == len(P.builtin_pack_paths())  # the bundled ones only


def test_a_process_loads_each_pack_once_and_again_when_a_lexicon_changes(cache_home, monkeypatch):
    """The packs a process loaded are kept for its next rule set (the same objects), unless a
    lexicon or model file of the pack has changed since (its hash is looked at each time)."""
    first = P.load_packs()
    second = P.load_packs()
    assert all(a is b for a, b in zip(first, second, strict=True))
    framing = next(p for p in first if p.lexicons)
    changed = framing.lexicons[0]
    real = P._file_hash
    monkeypatch.setattr(P, "_file_hash", lambda path: "changed" if path == changed else real(path))
    parsed = []
    load_pack = P.load_pack
    monkeypatch.setattr(P, "load_pack", lambda path: parsed.append(path) or load_pack(path))
    third = P.load_packs()
    assert parsed == [framing.path]
    assert [a is b for a, b in zip(first, third, strict=True)] == [p is not framing for p in first]


def test_a_files_digest_is_read_again_only_when_its_stat_changes(tmp_path, monkeypatch):
    """``_file_hash`` keeps each digest with the file's stat: the same file is not read again
    (the 1.7 MB model was hashed at every in-process load), and a rewrite of the same size —
    which changes its modification time — is read again."""
    f = tmp_path / "lexicon.yaml"
    f.write_text("words: [alpha]\n", encoding="utf-8")
    first = P._file_hash(str(f))
    reads = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self) or real(self))
    assert P._file_hash(str(f)) == first and reads == []
    st = f.stat()
    f.write_text("words: [omega]\n", encoding="utf-8")  # the same size
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # as a clock a moment later gives it
    second = P._file_hash(str(f))
    assert second != first and len(reads) == 1
    assert P._file_hash(str(tmp_path / "missing.yaml")) == ""
