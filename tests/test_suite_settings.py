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
