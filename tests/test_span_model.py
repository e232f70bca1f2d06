"""The language reviewer's learned context (``lang.learned-context``, ``span_model.py``): a
term the words around it show to be the law's own is withdrawn; a term about a young person
never is; the shipped model is the corpus's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lic_policy.checks import learned, span_model
from lic_policy.checks.engine import check_prose_text, load_ruleset
from lic_policy.config import load_config, select_rules
from lic_policy.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "reviewers" / "models" / "language.json"
CORPUS = ROOT / "tests" / "corpus" / "values"

# fixtures that must be flagged or withdrawn: they quote the terms on purpose
STATUTE = ("For purposes of this section, a person advances prostitution when, acting other than as a person "
           "in prostitution or a patron thereof, he or she knowingly causes a person to engage in prostitution.")
WRITER = "Prostitutes were arrested near the station last night."


@pytest.fixture(scope="module")
def rs():
    return load_ruleset(load_config(None))


@pytest.fixture(scope="module")
def rs_without():
    # as `rules train --rule lang.learned-context` reads: the language reviewer less this rule
    return load_ruleset(select_rules(load_config(None), ["language"], ["lang.learned-context"]))


def _terms(text: str, ruleset) -> list[tuple[str, str]]:
    return [(f.rule_id, text[f.start:f.end]) for f in check_prose_text("<t>.txt", text, ruleset).findings
            if f.reviewer == "language"]


def test_the_laws_own_words_are_withdrawn_and_the_writers_kept(rs, rs_without):
    # without the learned context the rules flag the statute's terms; with it they are gone
    assert any(r == "lang.prostitution" for r, _t in _terms(STATUTE, rs_without))
    assert not [t for r, t in _terms(STATUTE, rs) if r in span_model.load(MODEL).rules]
    # the writer's label stays
    assert ("lang.prostitute", "Prostitutes") in _terms(WRITER, rs)


def test_a_term_about_a_young_person_is_never_withdrawn(rs):
    # the same statute's shape about a child: the youth rule's error stands on the grammar alone
    text = ("For purposes of this section, a person advances child prostitution when, acting other than as a "
            "patron thereof, he or she knowingly causes a child to engage in prostitution.")
    assert "lang.youth-sex-work" in {r for r, _t in _terms(text, rs)}


def test_the_model_reads_the_words_around_the_term_and_its_sentence():
    text = "Under this section, prostitution is an offence."
    start = text.index("prostitution")
    got = span_model.features(text, start, start + len("prostitution"), "lang.prostitution", (0, len(text)))
    assert "R:lang.prostitution" in got and "l:section" in got and "r:offence" in got
    assert "l1:section" in got and "r2:is an" in got and "s:under" in got and "low" in got
    # the words of the term itself are read only as part of the sentence
    assert "l:prostitution" not in got and "r:prostitution" not in got


def test_the_shipped_model_was_trained_beside_todays_rules(rs):
    """Like the framing model: a rule pack or context changed without retraining fails here."""
    meta = json.loads(MODEL.read_text(encoding="utf-8"))["meta"]
    assert meta.get("rules_sha256") == learned.rules_digest(rs), (
        "the rule packs or contexts changed since the language model was trained: run `make model` and "
        "commit reviewers/models/language.json")


def test_fitting_is_deterministic():
    rows = [["a", "b"], ["a", "c"], ["b", "c"], ["a", "b", "c"], ["c"], ["a"]] * 3
    labels = [1, 0, 1, 1, 0, 0] * 3
    assert span_model.fit(rows, labels) == span_model.fit(rows, labels)
    w, _b = span_model.fit(rows, labels)
    assert w["b"] > 0 and w["b"] > w.get("a", 0.0)  # "b" is in every true row and no false one


def test_a_damaged_model_file_is_one_clear_error(tmp_path):
    bad = tmp_path / "language.json"
    for text in ["", "{", json.dumps({"type": "span-veto", "weight": {}, "threshold": 2, "rules": [], "bias": 0}),
                 json.dumps({"type": "span-veto", "weight": {"a": "x"}, "threshold": 0.5, "rules": [], "bias": 0})]:
        with pytest.raises(ConfigError) as e:
            span_model.SpanModel.from_json(text, str(bad))
        assert "\n" not in str(e.value)


@pytest.mark.slow
def test_training_is_deterministic_and_rebuilds_the_shipped_model(rs_without):
    """`lic-policy rules train tests/corpus/values --rule lang.learned-context` writes exactly the
    shipped file (change the corpus or a rule, retrain, commit both)."""
    from lic_policy.checks.evaluate import split_of

    from .conftest import corpus_records

    # the records as `rules train` reads them (load_corpus), read once a run for the tests that
    # use the corpus (conftest.corpus_records): about 4 s of CPU less each
    records = [r for r in corpus_records(CORPUS) if split_of(r) == "dev"]
    rep = span_model.train_on_corpus(records, rs_without, None)
    assert rep.model.to_json() + "\n" == MODEL.read_text(encoding="utf-8")


def test_words_withdrawn_are_withdrawn_for_every_rule_and_never_about_a_young_person(rs, monkeypatch):
    """A model that withdraws every term it reads: the general rule's match inside a withdrawn
    specific one ("prostitution" inside "forced into prostitution") must not come through with
    the fix the specific rule withholds ("forced into sex work"); a term about a young person
    stays (fixtures that must be flagged without the model)."""
    rule = rs.by_id["lang.learned-context"]
    real = span_model.load(rule.model)
    eager = span_model.SpanModel({}, -20.0, 0.5, list(real.rules), {})
    monkeypatch.setitem(span_model._LOADED, str(rule.model), eager)
    forced = "The shelter in the old town supports women who were forced into prostitution last year."
    assert _terms(forced, rs) == []
    child = "The shelter in the old town supports children who were forced into prostitution last year."
    assert "lang.youth-sex-work" in {r for r, _t in _terms(child, rs)}
    # a title or heading is never read: no full stop and under 15 words
    assert _terms("Town of Eastbrook Street Prostitution Response Guideline", rs) != []
