"""How ``make test`` sizes the Hypothesis properties (``tests/conftest.py``): a third of the
examples each asks for under ``LIC_POLICY_TEST_HYPOTHESIS=quick``, all of them otherwise."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from . import conftest


def test_quick_runs_a_third_of_the_examples_and_never_fewer_than_thirty_or_than_asked():
    assert [conftest.quick_examples(n) for n in (5, 30, 60, 90, 100, 300, 1000, 1500)] == \
        [5, 30, 30, 30, 33, 100, 333, 500]


def _property(n: int):
    @settings(max_examples=n, deadline=None)
    @given(st.integers())
    def prop(x):
        assert isinstance(x, int)

    return prop


def test_quick_sizes_each_property_once_and_only_under_quick(monkeypatch):
    a, b = _property(300), _property(8)
    items = [SimpleNamespace(obj=a), SimpleNamespace(obj=a), SimpleNamespace(obj=b),
             SimpleNamespace(obj=test_quick_sizes_each_property_once_and_only_under_quick)]
    monkeypatch.delenv(conftest.QUICK_EXAMPLES, raising=False)
    conftest.pytest_collection_modifyitems(None, items)
    assert a._hypothesis_internal_use_settings.max_examples == 300
    monkeypatch.setenv(conftest.QUICK_EXAMPLES, "full")
    conftest.pytest_collection_modifyitems(None, items)
    assert a._hypothesis_internal_use_settings.max_examples == 300
    monkeypatch.setenv(conftest.QUICK_EXAMPLES, "quick")
    conftest.pytest_collection_modifyitems(None, items)  # the same function twice: sized once
    assert a._hypothesis_internal_use_settings.max_examples == 100
    assert a._hypothesis_internal_use_settings.deadline is None  # its other settings kept
    assert b._hypothesis_internal_use_settings.max_examples == 8
    seen = []
    a.hypothesis.inner_test = lambda x: seen.append(x)
    a()
    assert 0 < len(seen) <= 100


class _Item(SimpleNamespace):
    """What ``conftest.slow_twins`` reads of a collected test item."""

    def get_closest_marker(self, name):
        return "marked" if name in self.marks else None

    def add_marker(self, mark):
        self.added.append(mark)


def _items(module) -> list:
    import pytest

    out = []
    for name, fn in vars(module).items():
        if name.startswith("test_") and callable(fn):
            marks = {m.name for m in getattr(fn, "pytestmark", [])} | {
                m.name for m in (getattr(module, "pytestmark", []) if isinstance(getattr(module, "pytestmark", []), list)
                                 else [module.pytestmark])}
            out.append(_Item(module=module, name=name, obj=fn, marks=marks, added=[]))
    assert all(isinstance(i.added, list) for i in out) and pytest
    return out


def test_every_slow_twin_of_a_property_is_found_and_only_those():
    """The 19 properties with a slow twin (``<name>_<N>_examples``: the same ``@given``, the
    property's own body, 3 to 12 times its examples): ``make test-all`` runs each property once,
    as its twin."""
    import importlib
    import re
    from pathlib import Path

    found = {}
    twins = 0
    for path in sorted(Path(__file__).parent.glob("test_*.py")):
        text = path.read_text(encoding="utf-8")
        if path.name == Path(__file__).name or not re.search(r"def test_\w+_\d+_examples\(", text):
            continue
        twins += len(re.findall(r"def test_\w+_\d+_examples\(", text))
        module = importlib.import_module(f"tests.{path.stem}")
        found.update({p.name: t.name for p, t in conftest.slow_twins(_items(module))})
    assert twins >= 19 and len(found) == twins, (twins, found)
    assert all(t.startswith(p + "_") and t.endswith("_examples") for p, t in found.items())


def _pair(twin_given: str, twin_calls: str, slow: bool = True):
    """A property and a would-be twin, compiled from source (``inspect`` reads it back)."""
    import linecache

    src = (
        "from hypothesis import given, settings, example\n"
        "from hypothesis import strategies as st\n"
        "@settings(max_examples=10)\n@given(st.integers())\n"
        "def test_prop(x):\n    assert isinstance(x, int)\n\n"
        "@settings(max_examples=100)\n@given(st.integers())\n@example(7)\n"
        "def test_with_example(x):\n    assert isinstance(x, int)\n\n"
        f"@settings(max_examples=100)\n@given({twin_given})\n"
        f"def test_prop_100_examples(x):\n    {twin_calls}.hypothesis.inner_test(x)\n\n"
        f"@settings(max_examples=1000)\n@given({twin_given})\n"
        f"def test_with_example_1000_examples(x):\n    test_with_example.hypothesis.inner_test(x)\n")
    name = f"<twin-{abs(hash(src))}>"
    linecache.cache[name] = (len(src), None, src.splitlines(True), name)
    namespace: dict = {}
    exec(compile(src, name, "exec"), namespace)
    module = SimpleNamespace(__name__=name)
    return [_Item(module=module, name=n, obj=namespace[n], marks={"slow"} if slow and n.endswith("_examples") else set(),
                  added=[]) for n in ("test_prop", "test_with_example", "test_prop_100_examples",
                                      "test_with_example_1000_examples")]


def test_a_property_runs_only_its_examples_beside_its_twin_and_only_outside_quick(monkeypatch):
    items = _pair("st.integers()", "test_prop")
    prop, with_example = items[0], items[1]
    monkeypatch.setenv(conftest.QUICK_EXAMPLES, "quick")
    conftest.pytest_collection_modifyitems(None, items)
    assert not prop.added and with_example.obj._hypothesis_internal_use_settings.max_examples == 33
    monkeypatch.setenv(conftest.QUICK_EXAMPLES, "full")
    conftest.pytest_collection_modifyitems(None, items)
    (skip,) = prop.added
    assert skip.name == "skip" and "test_prop_100_examples" in skip.kwargs["reason"]
    assert "(100 examples against its 10)" in skip.kwargs["reason"]
    seen = []
    real = with_example.obj.hypothesis.inner_test
    with_example.obj.hypothesis.inner_test = lambda x: seen.append(x) or real(x)
    with_example.obj()
    assert seen == [7] and not with_example.added  # its @example only: the twin draws the rest


def test_a_twin_with_other_strategies_or_another_body_or_not_slow_is_no_twin():
    for items in (_pair("st.integers(0, 5)", "test_prop"), _pair("st.integers()", "test_with_example"),
                  _pair("st.integers()", "test_prop", slow=False)):
        assert all(p is not items[0] for p, _t in conftest.slow_twins(items))


def test_twins_are_paired_after_deselection():
    """``-m "not slow"`` (or ``-k``) without ``LIC_POLICY_TEST_HYPOTHESIS=quick`` leaves the twin
    out: the property must then run its examples, so the pairing runs after pytest's own
    deselection (measured: without ``trylast`` the property was skipped beside a deselected twin)."""
    assert conftest.pytest_collection_modifyitems.pytest_impl.get("trylast") is True
