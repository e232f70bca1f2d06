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
