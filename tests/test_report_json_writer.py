"""`check --format json` is written finding by finding (``report.json.stream``); its text must
be exactly ``json.dumps(data, indent=2, ensure_ascii=False)`` of the documented object, and a
finding's typed anchor must survive the check cache's round trip (``Finding.to_dict`` /
``from_dict``)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lic_policy import __version__
from lic_policy.model.finding import Finding, FindingAnchor, Source
from lic_policy.report import json as report_json

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
maybe_text = st.none() | text


@st.composite
def findings(draw):
    anchor = draw(st.none() | st.builds(FindingAnchor.naming, maybe_text, maybe_text, maybe_text)
                  | st.builds(lambda t, a, b, c, f, v: FindingAnchor.quoting(t, min(a, b), max(a, b), clause=c,
                                                                             field=f, version=v),
                              text, st.integers(0, 45), st.integers(0, 45), maybe_text, maybe_text, maybe_text))
    return Finding(draw(text), draw(st.sampled_from(["error", "warning", "info"])), draw(text), draw(text),
                   draw(st.integers(1, 10**6)), draw(st.integers(1, 500)), draw(st.integers(1, 10**6)),
                   draw(st.integers(1, 500)), match=draw(text), reviewer=draw(text), element=draw(maybe_text),
                   field=draw(text), path=tuple(draw(st.lists(text | st.integers(0, 9), max_size=3))), anchor=anchor,
                   suggestions=draw(st.lists(text, max_size=3)),
                   sources=[Source(t, u) for t, u in draw(st.lists(st.tuples(text, text), max_size=2))],
                   rationale=draw(text), fix=draw(maybe_text), start=draw(st.integers(-1, 99)),
                   end=draw(st.integers(-1, 99)), fix_safe=draw(st.booleans()))


def _report(found):
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in found:
        counts[f.severity] += 1
    result = SimpleNamespace(file="g.yaml", findings=found, error=None, suppressed=0)
    return SimpleNamespace(results=[result], findings=found, suppressed=0, cached_files=0, counts=lambda: counts)


# `make test` writes 50 generated reports (about 0.4 s); the slow twins below 400, in
# `make test-all` as CI runs it
@pytest.mark.slow  # 0.21 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
@settings(max_examples=50, deadline=None)
@given(st.lists(findings(), max_size=4))
def test_streamed_json_is_json_dumps_indent_2(found):
    _streamed_is_dumps(found)


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(st.lists(findings(), max_size=4))
def test_streamed_json_is_json_dumps_indent_2_400_reports(found):
    _streamed_is_dumps(found)


def _streamed_is_dumps(found):
    report = _report(found)
    expected = {
        "schema_version": 1, "tool": {"name": "lic-policy", "version": __version__},
        "summary": {"files": 1, **report.counts(), "suppressed": 0, "cached_files": 0}, "errors": [],
        "findings": [report_json.finding_dict(f) for f in sorted(found, key=Finding.sort_key)],
    }
    assert report_json.render(report) == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"
    assert "".join(report_json.stream(report)) == report_json.render(report)


@settings(max_examples=50, deadline=None)
@given(findings())
def test_a_finding_survives_the_cache_round_trip(f):
    again = Finding.from_dict(json.loads(json.dumps(f.to_dict())))
    assert again == f


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(findings())
def test_a_finding_survives_the_cache_round_trip_400_findings(f):
    again = Finding.from_dict(json.loads(json.dumps(f.to_dict())))
    assert again == f
