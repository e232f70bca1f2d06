"""The one way a guideline's raw data is read (``lic_policy.guideline_data``)."""

from __future__ import annotations

import pytest

from lic_policy import guideline_data as gd
from lic_policy.store import load

from .conftest import GOOD


@pytest.mark.parametrize("raw, expected", [
    ("2.1.0", "2.1.0"),           # a string is taken as written
    ("1.10", "1.10"),
    (3, "3"),                     # a number YAML read is shown as Python writes it
    (1.1, "1.1"),
    (0, "0"),                     # a falsy number is still a version
    ("", ""),                     # an empty string is kept (validation reports it)
    (None, None),                 # null: no version
])
def test_version_normalisation(raw, expected):
    assert gd.version({"metadata": {"version": raw}}) == expected


@pytest.mark.parametrize("data", [{}, {"metadata": None}, {"metadata": "2.0"}, {"metadata": {}}, None, "x", []])
def test_version_missing(data):
    assert gd.version(data) is None


def test_version_read_from_yaml_number(tmp_path):
    p = tmp_path / "g.yaml"
    p.write_text("metadata:\n  version: 1.10\n", encoding="utf-8")
    # YAML reads 1.10 as the number 1.1: a tolerant reader names what it got (validation rejects it)
    assert gd.version(load(str(p), validate=False).data) == "1.1"


@pytest.mark.parametrize("raw, expected", [
    ("2.1.0", "2.1.0"),           # as ``version`` shows it
    (3, "3"),
    (1.1, "1.1"),
    (0, None),                    # a falsy value states no version (``version`` shows "0")
    (False, None),
    ("", None),
    (None, None),
])
def test_a_stated_version_is_a_version_that_is_set(raw, expected):
    assert gd.stated_version({"metadata": {"version": raw}}) == expected


@pytest.mark.parametrize("written, listed, flagged", [
    ("2.1.0", "2.1.0", False),    # the version the advisory signed off
    ("2.2.0", "2.2.0", True),     # another one: the gate asks for their sign-off on it
    ("0", "", False),             # a falsy number states no version: nothing to compare
    ("false", "", False),
    ('""', "", False),
    ("2.1", "2.1", True),         # a number is compared as the text it shows ("2.1" is not "2.1.0")
])
def test_compare_and_the_sign_off_gate_read_the_stated_version(tmp_path, written, listed, flagged):
    from lic_policy.compare import compare

    from .conftest import run_cli

    src = GOOD.read_text(encoding="utf-8")
    assert src.count("\n  version: 2.1.0\n") == 1  # metadata.version; the approvals' are indented deeper
    g = tmp_path / "g.yaml"
    g.write_text(src.replace("\n  version: 2.1.0\n", f"\n  version: {written}\n"), encoding="utf-8")
    assert compare([str(g)])["guidelines"][0]["version"] == listed
    r = run_cli("check", "--no-cache", "--fail-on", "none", "--only", "status.advisory-sign-off", str(g))
    assert ("status.advisory-sign-off" in r.stdout) is flagged, r.stdout + r.stderr
    if flagged:
        assert f"signed off version 2.1.0, not {written}" in r.stdout


@pytest.mark.parametrize("raw, expected", [("2.1.0", "2.1.0"), ("", ""), (3, None), (1.1, None), (0, None),
                                           (None, None)])
def test_a_findings_version_is_the_version_written_as_text(raw, expected):
    assert gd.written_version({"metadata": {"version": raw}}) == expected


def test_a_finding_anchor_records_only_a_version_written_as_text(tmp_path):
    from lic_policy.checks.engine import check_document

    from .conftest import default_ruleset

    p = tmp_path / "g.yaml"
    # must-flag fixture: words the language reviewer flags, so that there are findings to read
    for written, recorded in (("'2.0'", "2.0"), ("2.0", None)):
        p.write_text(f"metadata:\n  version: {written}\npurpose: We will crack down on prostitutes.\n",
                     encoding="utf-8")
        findings = check_document(load(str(p), validate=False), default_ruleset()).findings
        assert findings and {f.anchor.version for f in findings if f.anchor is not None} == {recorded}


def test_walk_is_depth_first_with_parents_and_depth():
    data = {"sections": [
        {"id": "a", "sections": [{"id": "a.1", "sections": [{"id": "a.1.x"}]}, "not a section", {"id": "a.2"}]},
        7,
        {"id": "b", "sections": "not a list", "clauses": [{"id": "b.1"}, "x", {"id": "b.2"}]},
    ]}
    walked = [(at.section["id"], at.path, at.parent["id"] if at.parent else None, at.depth)
              for at in gd.walk_sections(data)]
    assert walked == [
        ("a", ("sections", 0), None, 0),
        ("a.1", ("sections", 0, "sections", 0), "a", 1),
        ("a.1.x", ("sections", 0, "sections", 0, "sections", 0), "a.1", 2),
        ("a.2", ("sections", 0, "sections", 2), "a", 1),
        ("b", ("sections", 2), None, 0),
    ]
    assert [(c.path, c.clause["id"], c.section["id"]) for c in gd.clauses(data)] == [
        (("sections", 2, "clauses", 0), "b.1", "b"), (("sections", 2, "clauses", 2), "b.2", "b")]


def test_identified_sections_hide_the_subsections_of_a_section_without_id():
    data = {"sections": [{"title": "no id", "sections": [{"id": "hidden"}]}, {"id": "shown", "sections": [
        {"id": 5, "sections": [{"id": "hidden too"}]}, {"id": "child"}]}]}
    assert [at.section["id"] for at in gd.identified_sections(data)] == ["shown", "child"]


def test_sections_is_remembered_for_the_same_document_only():
    a = {"sections": [{"id": "a"}]}
    b = {"sections": [{"id": "b"}]}
    assert gd.sections(a) is gd.sections(a)
    assert [s["id"] for _p, s in gd.sections(b)] == ["b"]
    assert [s["id"] for _p, s in gd.sections(a)] == ["a"]


def test_protocols():
    data = {"sections": [{"id": "x", "protocol": "complaints"}, {"id": "y", "sections": [
        {"id": "z", "protocol": "complaints"}]}]}
    assert [s["id"] for _p, s in gd.protocols(data, "complaints")] == ["x", "z"]
    assert gd.protocols(data, "trafficking") == []


def test_self_identification_terms():
    data = {"definitions": [
        {"term": "sex worker", "self_identification": True, "aliases": ["sex workers", 3]},
        {"term": "exploitation"},
        "not a definition",
        {"term": 9, "self_identification": True, "aliases": ["escort"]},
    ]}
    assert gd.self_identification_terms(data) == ["sex worker", "sex workers", "escort"]
    assert gd.self_identification_terms({"definitions": None}) == []
    assert gd.self_identification_terms(None) == []


def test_sample_walks_like_the_validated_model():
    doc = load(str(GOOD))
    assert [p for p, _s in gd.sections(doc.data)] == [p for p, _s in doc.guideline.iter_sections()]
    assert [c.path for c in gd.clauses(doc.data)] == [p for p, _s, _c in doc.guideline.iter_clauses()]
    assert gd.version(doc.data) == doc.guideline.metadata.version


def test_tolerant_helpers():
    assert gd.mapping([1]) == {} and gd.mapping({"a": 1}) == {"a": 1}
    assert gd.items("abc") == [] and gd.items([1]) == [1]
    assert gd.strings(["a", 1, None, "b"]) == ["a", "b"] and gd.strings("a") == []
    assert gd.name_key("  North   Shore ") == gd.name_key("north shore") == "north shore"
