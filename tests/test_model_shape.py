"""The pydantic-free validator (``model.shape``) says "valid" only where pydantic does, and
gives the model rules the same values; anything else goes to pydantic, so validation
problems never depend on which path ran."""

from __future__ import annotations

import copy
import datetime as dt
import typing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from lic_policy import store
from lic_policy.model import shape
from lic_policy.model.guideline import Guideline
from lic_policy.model.rules import _about_problem, check_model

from .conftest import CORPUS, GOOD, GUIDELINES, ROOT

SAMPLES = [p for p in sorted(GUIDELINES.glob("*.yaml")) if ".review." not in p.name]


def _data(path: Path):
    return store.parse(path.read_text(encoding="utf-8"), str(path)).data


def _plain(obj):
    """A value with its exact types, for comparing pydantic's model with the light one."""
    if isinstance(obj, BaseModel):
        return (type(obj).__name__, {k: _plain(getattr(obj, k)) for k in type(obj).model_fields})
    if isinstance(obj, shape.Light):
        return (obj._shape_model, {k: _plain(v) for k, v in vars(obj).items()})
    if isinstance(obj, list):
        return [_plain(x) for x in obj]
    return (type(obj), obj)


def _same_as_pydantic(data) -> bool:
    """Whether the light validator took ``data``; when it did, pydantic must accept it with
    the same values and the model rules must find the same problems."""
    light = shape.light_guideline(data)
    if light is None:
        return False
    try:
        model = Guideline.model_validate(data)
    except ValidationError as exc:  # pragma: no cover - the failure this test is for
        raise AssertionError(f"the light validator accepted data pydantic rejects: {exc}") from None
    assert _plain(light) == _plain(model)
    assert check_model(light) == check_model(model)
    return True


def test_the_shape_is_generated_from_the_models():
    text = (ROOT / "lic_policy" / "model" / "_shape.py").read_text(encoding="utf-8")
    assert text == shape.render(shape.describe()), \
        "lic_policy/model/_shape.py is stale: run `python -m lic_policy.model.shape --write`"


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_the_samples_take_the_fast_path_with_the_same_values(path):
    assert _same_as_pydantic(_data(path))


def test_the_bad_corpus_gets_the_same_issues_either_way():
    """Every bad guideline: ``validation_issues`` (fast path where it can) equals ``validate``."""
    seen = 0
    for path in sorted((CORPUS / "bad").glob("*.yaml")):
        try:
            text = store.read_text(path)
            a, b = store.parse(text, str(path)), store.parse(text, str(path))
        except Exception:  # noqa: BLE001 - unreadable or unparsable: not validation's business
            continue
        if not isinstance(a.data, dict):
            continue
        assert a.validation_issues() == b.validate().issues, path.name
        seen += 1
    assert seen >= 8


# --------------------------------------------------------------------------- mutations

ODD = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.integers(2**62, 2**70), st.floats(allow_nan=False),
    st.text(max_size=4), st.dates(), st.datetimes(), st.builds(list), st.builds(dict),
    st.lists(st.sampled_from(["en", "x", "a.b", ""]), max_size=2),
    st.sampled_from(["", " ", "a.b", "A.b", "a..b", "draft", "Draft", "in-review", "directive", "en", "EN-ca",
                     "fr-CA", "1.2", "1.2.3-rc.1", "1.2.3.4", "x\n", "abc\n", "a.b\n", "१२", "1", "2026-01-01",
                     "2026-02-30", "municipality", "completed", "planned", "current-sex-workers", "x" * 121]),
)

ALIKE = {
    str: st.one_of(st.sampled_from(["", " ", "a", "a.b", "a-b_c.d9", "A", "a.", "x" * 120, "x" * 121, "en", "fr-CA",
                                    "e", "engl", "1", "1.2.3", "1.2.3.4", "1-beta", "v1", "é", "draft", "retired",
                                    "note", "citation", "municipality", "other", "completed", "done"]),
                   st.text(max_size=6)),
    int: st.integers(-2, 2300),
    bool: st.booleans(),
    dt.date: st.dates(dt.date(1990, 1, 1), dt.date(2040, 1, 1)),
    list: st.builds(list),
}


def _paths(node, prefix=()):
    yield prefix, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, prefix + (i,))


def _at(root, path):
    for p in path:
        root = root[p]
    return root


@st.composite
def mutated(draw):
    data = copy.deepcopy(_data(draw(st.sampled_from(SAMPLES))))
    for _ in range(draw(st.integers(1, 3))):
        nodes = list(_paths(data))
        path, node = draw(st.sampled_from(nodes))
        action = draw(st.sampled_from(["replace", "alike", "alike", "delete", "add", "copy", "empty"]))
        if action == "add" and isinstance(node, dict):
            node[draw(st.sampled_from(["extra", "titel", "id", "notes", "sections", "kind"]))] = draw(ODD)
        elif action == "empty" and isinstance(node, (dict, list)):
            node.clear()
        elif not path:
            continue
        elif action == "delete":
            parent = _at(data, path[:-1])
            del parent[path[-1]]
        elif action == "alike":  # a value of the same type: the constraints' edges
            _at(data, path[:-1])[path[-1]] = draw(ALIKE.get(type(node), ODD))
        elif action == "copy":  # a value from elsewhere in the document (right shape, wrong place?)
            _other, value = draw(st.sampled_from(nodes))
            _at(data, path[:-1])[path[-1]] = copy.deepcopy(value)
        else:
            _at(data, path[:-1])[path[-1]] = draw(ODD)
    return data


# `make test` runs 30 mutated documents (about 0.4 s); the 300 of the slow twin run in
# `make test-all`, as CI runs it
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_the_light_validator_never_accepts_what_pydantic_would_not(data):
    _same_as_pydantic(data)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_the_light_validator_never_accepts_what_pydantic_would_not_300_documents(data):
    _same_as_pydantic(data)


def test_mutations_reach_both_paths():
    """The property above is not vacuous: valid mutations take the fast path, and invalid
    ones (each caught by pydantic) do not."""
    base = _data(GOOD)
    valid = copy.deepcopy(base)
    valid["sections"][0]["clauses"][0]["kind"] = "note"
    valid["metadata"]["effective_date"] = dt.date(2026, 1, 2)
    valid["sections"][0].pop("intro", None)
    assert _same_as_pydantic(valid)
    for change in (
        lambda d: d["metadata"].update(status="Draft"),
        lambda d: d["metadata"].update(id="Not An Id"),
        lambda d: d["metadata"].update(version="1.0\n"),
        lambda d: d["metadata"].update(languages=[]),
        lambda d: d["sections"][0].update(titel="x"),
        lambda d: d["sections"][0].pop("title"),
        lambda d: d.update(purpose=""),
        lambda d: d["metadata"].update(effective_date="2026-02-30"),
    ):
        data = copy.deepcopy(base)
        change(data)
        assert shape.light_guideline(data) is None
        with pytest.raises(ValidationError):
            Guideline.model_validate(data)


def test_text_that_pydantic_reads_differently_goes_to_pydantic():
    """Dates written as text, datetimes, booleans for numbers, non-ASCII digits in a pattern:
    pydantic decides them (some it accepts, converted), never the light validator."""
    base = _data(GOOD)
    for change in (
        lambda d: d["metadata"].update(effective_date="2026-01-02"),
        lambda d: d["metadata"].update(effective_date=dt.datetime(2026, 1, 2)),
        lambda d: d.update(lic_policy=True),
        lambda d: d["metadata"].update(version="١.٢"),
        lambda d: d.update(lic_policy=2**64),
    ):
        data = copy.deepcopy(base)
        change(data)
        assert shape.light_guideline(data) is None


# --------------------------------------------------------------------------- to-do 'about' paths


def _about_problem_by_pydantic(about: str):
    """The walk ``rules._about_problem`` made over the pydantic classes before it read the
    shape (kept here as the reference)."""
    import difflib

    node = Guideline
    for part in about.strip().split("."):
        origin = typing.get_origin(node)
        if origin is list:
            if not part.isdigit():
                return f"'{part}' in '{about}' should be a position in a list (0, 1, ...)"
            node = typing.get_args(node)[0]
            continue
        if origin is typing.Union:
            node = next(a for a in typing.get_args(node) if a is not type(None))
            origin = typing.get_origin(node)
            if origin is list:
                if not part.isdigit():
                    return f"'{part}' in '{about}' should be a position in a list (0, 1, ...)"
                node = typing.get_args(node)[0]
                continue
        if not (isinstance(node, type) and issubclass(node, BaseModel)):
            return f"'{about}' goes below a value that has no parts"
        fields = node.model_fields
        if part not in fields:
            close = difflib.get_close_matches(part, list(fields), n=1)
            return f"'{about}' is not a part of a guideline" + (f" (did you mean '{close[0]}'?)" if close else "")
        node = fields[part].annotation
    return None


def _about_paths():
    names = sorted({f for m in shape._shape().values() for f in m["fields"]})
    parts = names + ["0", "12", "x", "sectons", "", " clauses"]
    out = {"", " sections ", "consultation.compensation", "services", "sections.0.clauses.1.text.x"}
    level = [""]
    for _depth in range(3):
        level = [f"{p}.{q}" if p else q for p in level for q in parts][:4000]
        out.update(level[::7])
    return sorted(out)


def test_about_paths_read_from_the_shape_as_from_the_models():
    paths = _about_paths()
    assert len(paths) > 500
    for about in paths:
        assert _about_problem(about) == _about_problem_by_pydantic(about), about
