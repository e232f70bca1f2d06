"""The dataclass methods' compiled code, kept in the user cache (``lic_policy.dataclass_code``):
the classes are the same as ``dataclasses`` makes them without it."""

from __future__ import annotations

import dataclasses
import marshal
from dataclasses import field
from typing import Optional

import pytest

from lic_policy import dataclass_code, usercache


@pytest.fixture
def cached(monkeypatch, tmp_path):
    """The cached ``exec`` in ``dataclasses`` for this test, with an empty cache of its own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(dataclass_code, "_codes", None)
    monkeypatch.setattr(dataclass_code, "_added", 0)
    monkeypatch.setattr(dataclasses, "exec", dataclass_code.cached_exec, raising=False)
    return dataclass_code


def _make():
    @dataclasses.dataclass(order=True, frozen=True)
    class Point:
        x: int
        y: int = 0
        tags: tuple = field(default_factory=tuple)
        note: Optional[str] = None

    @dataclasses.dataclass
    class Box:
        items: list = field(default_factory=list)
        label: str = "box"

        def __post_init__(self) -> None:
            self.label = self.label.upper()

    return Point, Box


def _methods(cls) -> dict:
    names = ("__init__", "__repr__", "__eq__", "__lt__", "__le__", "__gt__", "__ge__", "__hash__",
             "__setattr__", "__delattr__")
    # (``__repr__`` is wrapped by a guard against recursion: the method made from text is inside)
    fns = {n: getattr(vars(cls)[n], "__wrapped__", vars(cls)[n]) for n in names if n in vars(cls)}
    return {n: f.__code__ for n, f in fns.items() if hasattr(f, "__code__")}


def test_classes_made_through_the_cache_are_the_classes_dataclasses_makes(cached, monkeypatch):
    Point, Box = _make()
    assert cached._added > 0  # every method compiled once, from its text
    plain = {}
    monkeypatch.delattr(dataclasses, "exec")
    Point0, Box0 = _make()
    for made, ref in ((Point, Point0), (Box, Box0)):
        assert _methods(made) == _methods(ref)  # the same code: bytecode, constants, names, flags
        for name, code in _methods(made).items():
            assert code.co_filename == "<string>"
            assert vars(made)[name].__annotations__ == vars(ref)[name].__annotations__
        plain[made.__name__] = ref
    # the return annotation is the object None, not the text 'None': no `from __future__ import
    # annotations` of this module (or of dataclass_code) reaches the methods' compilation
    assert Point.__init__.__annotations__["return"] is None
    p = Point(1, 2)
    assert repr(p) == "_make.<locals>.Point(x=1, y=2, tags=(), note=None)"
    assert p == Point(1, 2) and p < Point(1, 3) and hash(p) == hash(Point(1, 2))
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.x = 3  # type: ignore[misc]
    assert Box().label == "BOX" and Box().items is not Box().items


def test_the_second_time_a_source_is_met_it_is_not_compiled_again(cached, monkeypatch):
    _make()
    added = cached._added
    compiled = []
    real_compile = compile
    monkeypatch.setattr(dataclass_code, "compile", lambda *a, **k: compiled.append(a) or real_compile(*a, **k),
                        raising=False)
    _make()
    assert compiled == [] and cached._added == added


def test_the_cache_is_written_once_and_read_by_the_next_process(cached, monkeypatch):
    _make()
    n = len(cached._codes)
    cached.save()
    raw = usercache.read(cached.entry_name())
    assert raw is not None and len(marshal.loads(raw)) == n
    cached.save()  # nothing new: not written again
    monkeypatch.setattr(dataclass_code, "_codes", None)
    compiled = []
    monkeypatch.setattr(dataclass_code, "compile", lambda *a, **k: compiled.append(a), raising=False)
    _make()  # every method's code from the entry
    assert compiled == []


@pytest.mark.parametrize("content", [b"not marshal", marshal.dumps([1, 2]), marshal.dumps({"def f(): pass": 3})])
def test_a_damaged_or_foreign_entry_only_means_compiling_again(cached, content):
    folder = usercache.folder()
    folder.mkdir(parents=True)
    (folder / cached.entry_name()).write_bytes(content)
    Point, _ = _make()
    assert Point(1) == Point(1, 0) and cached._added > 0


def test_other_uses_of_exec_are_the_builtins(cached):
    ns: dict = {}
    cached.cached_exec(compile("a = 1", "<x>", "exec"), ns)
    assert ns["a"] == 1 and cached._added == 0
    b = 2  # noqa: F841 - read by the executed text through this frame's locals
    out: dict = {}
    cached.cached_exec("out['b'] = b")  # no namespaces: the caller's, as exec's own
    assert out == {"b": 2}


def test_the_entry_is_named_by_bytecode_version_and_optimisation_level():
    from importlib.util import MAGIC_NUMBER

    name = dataclass_code.entry_name()
    assert MAGIC_NUMBER.hex() in name and name.startswith("dataclass-")


# ---------------------------------------------------------------- attrs (the language server)

@pytest.fixture
def attrs_cached(monkeypatch, tmp_path):
    """``attr._make`` compiling through the attrs entry for this test, with an empty cache."""
    from attr import _make

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(dataclass_code, "_attrs_codes", None)
    monkeypatch.setattr(dataclass_code, "_attrs_added", 0)
    monkeypatch.setattr(_make, "compile", dataclass_code.cached_compile, raising=False)
    return dataclass_code


def _make_attrs():
    import attrs

    @attrs.define(order=True)
    class Place:
        line: int
        column: int = 0
        note: Optional[str] = None
        tags: list = attrs.field(factory=list)

    @attrs.frozen
    class Span:
        start: "Place"
        end: "Place"

    return Place, Span


def attrs_frozen_error():
    import attrs

    return attrs.exceptions.FrozenInstanceError


def _attrs_methods(cls) -> dict:
    return {n: f.__code__ for n, f in vars(cls).items() if hasattr(f, "__code__") and n.startswith("__")}


def test_attrs_classes_made_through_the_cache_are_the_classes_attrs_makes(attrs_cached, monkeypatch):
    from attr import _make

    Place, Span = _make_attrs()
    assert attrs_cached._attrs_added > 0
    monkeypatch.delattr(_make, "compile")
    Place0, Span0 = _make_attrs()
    for made, ref in ((Place, Place0), (Span, Span0)):
        assert _attrs_methods(made) and _attrs_methods(made) == _attrs_methods(ref)
        for name in _attrs_methods(made):
            assert vars(made)[name].__annotations__ == vars(ref)[name].__annotations__
    # attrs' module compiles under `from __future__ import annotations`: the built-in compile
    # inherits that from its caller, and so must the cached one (the annotation is the text)
    assert Place.__init__.__annotations__["line"] == "int"
    p = Place(1, tags=["a"])
    assert repr(p) == "Place(line=1, column=0, note=None, tags=['a'])"
    assert p == Place(1, 0, None, ["a"]) and p < Place(2) and Place(1).tags is not Place(1).tags
    s = Span(p, p)
    assert s == Span(Place(1, tags=["a"]), p)
    with pytest.raises(attrs_frozen_error()):
        s.start = p


def test_an_attrs_text_met_again_is_not_compiled_and_the_next_process_reads_the_entry(attrs_cached, monkeypatch):
    import builtins

    _make_attrs()
    n = attrs_cached._attrs_added
    compiled = []
    real = builtins.compile
    monkeypatch.setattr(builtins, "compile", lambda *a, **k: compiled.append(a) or real(*a, **k))
    _make_attrs()
    assert compiled == [] and attrs_cached._attrs_added == n
    attrs_cached.save_attrs()
    raw = usercache.read(attrs_cached.attrs_entry_name())
    assert raw is not None and len(marshal.loads(raw)) == len(attrs_cached._attrs_codes)
    monkeypatch.setattr(dataclass_code, "_attrs_codes", None)  # a new process: the entry
    _make_attrs()
    assert compiled == [] and attrs_cached._attrs_added == 0


@pytest.mark.parametrize("content", [b"not marshal", marshal.dumps([1]), marshal.dumps({("f", "x = 1"): 3}),
                                     marshal.dumps({"x = 1": compile("x = 1", "<s>", "exec")})])
def test_a_damaged_or_foreign_attrs_entry_only_means_compiling_again(attrs_cached, content):
    folder = usercache.folder()
    folder.mkdir(parents=True)
    (folder / attrs_cached.attrs_entry_name()).write_bytes(content)
    Place, _ = _make_attrs()
    assert Place(1) == Place(1, 0) and attrs_cached._attrs_added > 0


def test_other_compiles_go_to_the_builtin_with_the_callers_future_flags(attrs_cached):
    code = attrs_cached.cached_compile("x: undefined_name = 1", "<t>", "exec")  # this module: annotations
    ns: dict = {}
    exec(code, ns)
    assert ns["__annotations__"] == {"x": "undefined_name"} and attrs_cached._attrs_added == 1
    assert attrs_cached.cached_compile("1 + 1", "<t>", "eval", dont_inherit=True).co_filename == "<t>"
    assert attrs_cached._attrs_added == 1  # (an `eval` text is the built-in's, not kept)


@pytest.mark.slow  # 0.39 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_the_language_server_keeps_the_attrs_methods_it_compiled(tmp_path):
    """A real `lic-policy lsp` process (initialize, shutdown, exit) writes the entry with the
    methods of lsprotocol's classes; the other commands never install it."""
    import json
    import os
    import subprocess
    import sys

    def frame(obj) -> bytes:
        body = json.dumps(obj).encode()
        return b"Content-Length: %d\r\n\r\n" % len(body) + body

    messages = (frame({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                       "params": {"capabilities": {}, "processId": None, "rootUri": None}})
                + frame({"jsonrpc": "2.0", "method": "initialized", "params": {}})
                + frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}) + frame({"jsonrpc": "2.0", "method": "exit"}))
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path))
    env.pop("LIC_POLICY_DEBUG", None)
    done = subprocess.run([sys.executable, "-m", "lic_policy", "lsp"], input=messages, capture_output=True,
                          env=env, cwd=tmp_path, timeout=60)
    assert done.returncode == 0, done.stderr
    assert b'"id": 1' in done.stdout or b'"id":1' in done.stdout
    entry = tmp_path / "lic-policy" / dataclass_code.attrs_entry_name()
    kept = marshal.loads(entry.read_bytes())
    assert len(kept) > 500 and any("lsprotocol.types" in filename for filename, _s, _f in kept)
