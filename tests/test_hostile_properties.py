"""Hostile inputs as properties (hypothesis): a guideline with values of the wrong type put
anywhere in it — a list where a word belongs, a number where a list does, a mapping as an
id — is read by every reader without an internal error. Found by fuzzing in hostile3:
unhashable ids and stages (diff, check, fix, review reanchor, review packet), a scalar where
a list belongs ('int' object is not iterable), a date or a list as a title (diff --format
html, review packet), metadata written as text (review packet)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import GOOD, run_cli

# libyaml where PyYAML has it: the same data, read about 10 times faster in every test process
BASE = yaml.load(GOOD.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506

VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 10**25), st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 1, 1)),
    st.text(max_size=12), st.lists(st.one_of(st.integers(), st.text(max_size=5)), max_size=3),
    st.dictionaries(st.sampled_from(["id", "text", "a"]), st.one_of(st.integers(), st.text(max_size=5)), max_size=2),
)


def _paths(node, prefix=()):
    if prefix:
        yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


@st.composite
def damaged_guidelines(draw):
    import copy

    data = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(list(_paths(data))))
        parent = data
        for p in path[:-1]:
            parent = parent[p]
        parent[path[-1]] = draw(VALUES)
    return data


READERS = [
    lambda f, out: ["check", "--no-cache", "-j", "1", f],
    lambda f, out: ["diff", "--format", "html", "--no-threads", str(GOOD), f],
    lambda f, out: ["diff", "--format", "json", f, str(GOOD)],
    lambda f, out: ["compare", f, str(GOOD)],
    lambda f, out: ["review", "reanchor", f],
    lambda f, out: ["review", "packet", "--no-findings", "-o", str(out / "p.docx"), f],
]


@pytest.mark.slow  # 3-13 s; `make test-all` (CI) runs it, and the bad corpus's wrong-type files run in make test
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(damaged_guidelines())
def test_values_of_the_wrong_type_anywhere_are_never_an_internal_error(tmp_path, data):
    f = tmp_path / "g.yaml"
    f.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for reader in READERS:
        res = run_cli(*reader(str(f), Path(tmp_path)))
        out = res.stdout + res.stderr
        assert res.exit_code in (0, 1, 2), (reader(str(f), tmp_path), out[-500:])
        assert "internal error" not in out and "Traceback" not in out, (reader(str(f), tmp_path), out[-500:])
