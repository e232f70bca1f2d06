"""Compiled regular expressions kept in the user's cache (``checks.recache``) behave exactly
as ``re.compile`` makes them, are read back without compiling, and a damaged or foreign
entry only costs a compile."""

from __future__ import annotations

import marshal
import re

import pytest

from lic_policy import usercache
from lic_policy.checks import recache

PATTERNS = [
    (r"(?<!\w)(?=\w)(?i:sex\s+work(?:ers?)?|street\s+(?:based\s+)?workers?)(?!\w)", 0),
    (r"(?P<verb>crack(?:ed|s|ing)?\s+down)\s+on\s+(?P<target>\w+)", re.IGNORECASE),
    (r"^\d+(\.\d+){0,2}(-[0-9A-Za-z.]+)?$", 0),
    ("[\u3400-\u9fff\uac00-\ud7a3]+", 0),
]
TEXTS = ["Police cracked down on soliciting.", "Sex workers and street-based workers met.", "1.2.3-rc.1",
         "王小明 and 김민준", "nothing here", "SEX WORK", "crack down on it, CRACKS DOWN ON them"]


def _same(a: re.Pattern, b: re.Pattern) -> None:
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups, b.groupindex)
    for text in TEXTS:
        assert [(m.span(), m.groups()) for m in a.finditer(text)] == [(m.span(), m.groups()) for m in b.finditer(text)]


@pytest.fixture
def store_name(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(recache, "_COMPILED", {})  # what this process compiled before: nothing
    return "test-store"


def _next_run() -> None:
    """As if in another process: the patterns this one compiled are not at hand."""
    recache._COMPILED.clear()


def test_a_stored_program_matches_as_re_compile_does(store_name):
    first = recache.RegexStore(store_name)
    for pattern, flags in PATTERNS:
        _same(first.compile(pattern, flags), re.compile(pattern, flags))
    first.save()
    assert (usercache.folder() / first.name).is_file()


def test_the_next_run_reads_the_programs_instead_of_compiling(store_name, monkeypatch):
    first = recache.RegexStore(store_name)
    for pattern, flags in PATTERNS:
        first.compile(pattern, flags)
    first.save()

    def no_compiling(*_a, **_k):
        raise AssertionError("compiled again although the program was stored")

    monkeypatch.setattr(recache, "program", no_compiling)
    _next_run()
    again = recache.RegexStore(store_name)
    for pattern, flags in PATTERNS:
        _same(again.compile(pattern, flags), re.compile(pattern, flags))
    assert not again.dirty  # nothing new to write


def test_programs_are_read_only_when_their_pattern_is_asked_for(store_name, monkeypatch):
    """The entry is an index and the programs: opening it unpacks none of them, and asking
    for one pattern unpacks that one only."""
    first = recache.RegexStore(store_name)
    for pattern, flags in PATTERNS:
        first.compile(pattern, flags)
    first.save()
    assert (usercache.folder() / first.name).read_bytes().startswith(recache.RegexStore.MAGIC)
    unpacked: list = []
    real = marshal.loads

    def counting(data):
        out = real(data)
        if isinstance(out, tuple):
            unpacked.append(out)
        return out

    monkeypatch.setattr(recache.marshal, "loads", counting)
    _next_run()
    again = recache.RegexStore(store_name)
    again._load()
    assert unpacked == [] and len(again._index) == len(PATTERNS)
    _same(again.compile(*PATTERNS[2]), re.compile(*PATTERNS[2]))
    assert len(unpacked) == 1


def test_a_store_written_again_keeps_the_programs_it_did_not_use(store_name):
    first = recache.RegexStore(store_name)
    first.compile(*PATTERNS[0])
    first.save()
    _next_run()
    second = recache.RegexStore(store_name)
    second.compile(*PATTERNS[1])  # new: the store is written again, with the first one kept
    second.save()
    _next_run()
    third = recache.RegexStore(store_name)
    third._load()
    assert len(third._index) == 2
    for pattern, flags in PATTERNS[:2]:
        _same(third.compile(pattern, flags), re.compile(pattern, flags))
    assert not third.dirty


@pytest.mark.parametrize("damage", [b"", b"not a store at all", recache.RegexStore.MAGIC + b"\xff" * 8,
                                    "truncated"])
def test_a_damaged_or_foreign_file_only_costs_a_compile(store_name, damage):
    first = recache.RegexStore(store_name)
    first.compile(*PATTERNS[0])
    first.save()
    path = usercache.folder() / first.name
    path.write_bytes(path.read_bytes()[:-40] if damage == "truncated" else damage)
    _next_run()
    again = recache.RegexStore(store_name)
    _same(again.compile(*PATTERNS[0]), re.compile(*PATTERNS[0]))
    assert again.dirty


def test_a_damaged_entry_is_compiled_again(store_name):
    first = recache.RegexStore(store_name)
    first.compile(*PATTERNS[1])
    first._entries = {k: b"\x00not marshal" for k in first._entries}
    first.dirty = True
    first.save()
    assert (usercache.folder() / first.name).read_bytes().endswith(b"\x00not marshal")
    _next_run()
    again = recache.RegexStore(store_name)
    _same(again.compile(*PATTERNS[1]), re.compile(*PATTERNS[1]))
    assert again.dirty  # the good program replaces the damaged one


def test_a_damaged_file_is_compiled_again(store_name):
    store = recache.RegexStore(store_name)
    usercache.write(store.name, b"garbage that is not marshal data")
    _same(store.compile(*PATTERNS[2]), re.compile(*PATTERNS[2]))


def test_entries_of_the_first_format_are_not_read(store_name):
    """A cache written by an older lic-policy (programs stored as lists) has another name."""
    store = recache.RegexStore(store_name)
    old = store.name.replace(f"-{recache.RegexStore.FORMAT}.bin", ".bin")
    assert old != store.name
    usercache.write(old, marshal.dumps({recache._key(*PATTERNS[0]): recache.program(*PATTERNS[0])}))
    _same(store.compile(*PATTERNS[0]), re.compile(*PATTERNS[0]))
    assert store.dirty


def test_a_process_compiles_each_pattern_once_across_stores(store_name, monkeypatch):
    """A second rule set of the same process (another command run in-process, another
    configuration in the language server) gets the patterns already compiled, unchanged."""
    first = recache.RegexStore(store_name)
    made = [first.compile(p, f) for p, f in PATTERNS]

    def no_unpacking(*_a, **_k):
        raise AssertionError("unpacked again although this process compiled it")

    again = recache.RegexStore(store_name)
    monkeypatch.setattr(recache, "program", no_unpacking)
    monkeypatch.setattr(recache.marshal, "loads", no_unpacking)
    assert all(again.compile(p, f) is rx for (p, f), rx in zip(PATTERNS, made))


def test_a_lowered_pattern_is_derived_again_when_the_lowering_code_changes(store_name, monkeypatch):
    # speed19 found that the lowered form of a pattern was kept under a key of the pattern
    # alone: an upgrade that changed caseless.py (the lowering) but no rule pack handed back
    # the old lowering
    pattern, flags = "Sex Work(?:ers)?", re.IGNORECASE
    first = recache.RegexStore(store_name)
    right = first.lowered_source(pattern, flags)
    assert right == "sex work(?:ers)?", right
    stale = next(k for k in first._load() if k.startswith("lowered-"))
    first._load()[stale] = marshal.dumps("stale")  # as an older lowering would have left it
    first.save()
    _next_run()
    again = recache.RegexStore(store_name)
    assert again.lowered_source(pattern, flags) == "stale"  # the same code reads its own entry
    _next_run()
    monkeypatch.setattr(recache, "_lowering_code", lambda: "another-caseless")
    upgraded = recache.RegexStore(store_name)
    assert upgraded.lowered_source(pattern, flags) == right
