"""Fixing the language never hides the framing: the framing reviewers judge what a sentence
does to people, whatever word it uses for them.

A drafter who writes "sex work" (or lets ``lic-policy fix`` write it) must get the same
framing findings as one who writes "prostitution": the learned model reads every name of the
activity, the people and their clients as one word of its kind, and the grammar's patterns
name the activity in either words."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lic_policy.checks import learned
from lic_policy.checks.engine import check_prose_text, load_ruleset
from lic_policy.checks.fixes import fix_findings
from lic_policy.checks.normalize import for_matching

from .conftest import built_once, corpus_records

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "reviewers" / "models" / "framing.json"
CORPUS = ROOT / "tests" / "corpus" / "values"

# the language rules whose fixes rename the activity, the people or their clients
NAMING_RULES = {"lang.prostitute", "lang.prostitution", "lang.slur", "lang.streetwalker", "lang.client-slang",
                "lang.commercial-sex-worker", "lang.euphemism", "lang.prostituted"}


@pytest.fixture(scope="module")
def rs():
    return load_ruleset()


@pytest.fixture(scope="module")
def model():
    return learned.load(MODEL)


def _may_name(rs):
    """Whether a naming rule can find anything in a text: one of its expressions matches the
    text as the rules read it (``for_matching``). Every finding of a pattern rule is a match of
    its expression, so a text none of them matches gets no naming finding, whatever the rest
    of the check does. The whole check then runs on the 4,647 of the 11,266 development
    sentences that can be renamed (the screen costs 0.3 s; the fixture 10.4 -> 7.4 s of CPU)."""
    expressions = [rs.compiled(i) for i, variant in enumerate(rs.pattern_rules) if variant.rule.id in NAMING_RULES]
    assert len({v.rule.id for v in rs.pattern_rules if v.rule.id in NAMING_RULES}) == len(NAMING_RULES)
    return lambda text: any(rx.search(for_matching(text)[0]) for rx in expressions)


# make test checks every 8th sentence the naming rules can rename and every 64th they pass over
# (the fixture: 13 s -> 4 s of CPU at every 4th and 32nd; the development part has grown since, and
# at load 5 the fixture was make test's largest item, 32 s of one worker: BENCHMARKS.md, "speed18");
# the slow tests below check all of them
EVERY_RENAMED, EVERY_PASSED_OVER = 8, 64


def _renamed(rs, every: int = 1, every_passed_over: int = 0) -> list:
    """(sentence, the same sentence with the naming rules' fixes applied, its framing label,
    the framing rules that flag the sentence) for every ``every``-th development sentence
    the naming rules' expressions match whose fixes change it; with ``every_passed_over``,
    every such sentence of those the expressions do not match is checked for no naming
    finding."""
    may_name = _may_name(rs)
    out = []
    candidates, passed_over = [], []
    for r in corpus_records(CORPUS):
        (candidates if may_name(r["text"]) else passed_over).append(r)
    for r in candidates[::every]:
        text = r["text"]
        findings = check_prose_text("<t>.txt", text, rs).findings
        found = [f for f in findings if f.rule_id in NAMING_RULES]
        if not found:
            continue
        fixed, n = fix_findings("<t>.txt", text, found, unsafe=True)
        if n and fixed != text:
            out.append((text, fixed, bool(r["framing"]), [f.rule_id for f in findings if f.reviewer == "framing"]))
    assert len(out) > 3000 // every
    if every_passed_over:
        # what the screen passed over has no naming finding indeed (all of them:
        # test_the_naming_screen_passes_over_no_renamed_sentence, slow)
        assert not [r["text"] for r in passed_over[::every_passed_over] if _naming_findings(r["text"], rs)]
    return out


@pytest.fixture(scope="module")
def renamed(rs):
    """``_renamed`` for make test's share, made once per test run: worksteal may run this
    module's two tests that use it in different workers, each then spending the fixture's 4 s
    of CPU again; the other worker reads the pickle."""
    import pickle

    def build(folder: Path) -> None:
        (folder / "renamed.pickle").write_bytes(pickle.dumps(_renamed(rs, EVERY_RENAMED, EVERY_PASSED_OVER)))

    return pickle.loads((built_once(f"learned-topic-renamed-{EVERY_RENAMED}-{EVERY_PASSED_OVER}", build)
                         / "renamed.pickle").read_bytes())


def _naming_findings(text: str, rs) -> list:
    return [f for f in check_prose_text("<t>.txt", text, rs).findings if f.rule_id in NAMING_RULES]


def _framing_ids(text: str, rs) -> list[str]:
    return [f.rule_id for f in check_prose_text("<t>.txt", text, rs).findings if f.reviewer == "framing"]


def _scored_differently(model, renamed) -> list:
    return [(a, b) for a, b, _y, _ids in renamed if abs(model.probability(a) - model.probability(b)) > 1e-9]


@pytest.mark.slow  # 2.56 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_the_model_scores_a_sentence_the_same_whatever_it_calls_sex_work(model, renamed):
    changed = _scored_differently(model, renamed)
    assert not changed, changed[:3]


def test_the_model_folds_every_name_to_one_word_of_its_kind(model):
    same = ["Officers will move the {} on from the park every night this summer.".format(w)
            for w in ("prostitutes", "sex workers", "hookers", "call girls", "working girls", "commercial sex workers",
                      "ladies of the night")]
    assert len({round(model.probability(t), 12) for t in same}) == 1
    street = ["Officers will move the {} on from the park every night this summer.".format(w)
              for w in ("streetwalkers", "street-based sex workers", "street walkers")]
    assert len({round(model.probability(t), 12) for t in street}) == 1
    act = ["The council will tackle {} in the town centre with a new partnership plan.".format(w)
           for w in ("prostitution", "sex work", "the sex trade", "street prostitution", "street-based sex work")]
    # "the sex trade" and "street ..." add a word; the name itself weighs the same
    assert model.probability(act[0]) == pytest.approx(model.probability(act[1]), abs=1e-12)
    assert model.probability(act[3]) == pytest.approx(model.probability(act[4]), abs=1e-12)
    clients = ["Police will target {} who cruise the area with letters to their homes.".format(w)
               for w in ("johns", "punters", "sex buyers", "clients")]
    assert len({round(model.probability(t), 12) for t in clients}) == 1


@settings(max_examples=60, deadline=None)
@given(before=st.lists(st.sampled_from("officers will the area tackle reduce residents complaints plan "
                                       "support outreach safety move on patrol arrests of and in street".split()),
                       min_size=3, max_size=12),
       after=st.lists(st.sampled_from("nightly downtown services health the a continue team partnership "
                                      "demand buyers clients enforcement".split()), min_size=2, max_size=10),
       pair=st.sampled_from([("prostitution", "sex work"), ("prostitutes", "sex workers"), ("johns", "clients"),
                             ("hookers", "sex workers"), ("street prostitution", "street-based sex work")]))
def test_any_sentence_reads_the_same_with_either_name(model, before, after, pair):
    a = " ".join(before + [pair[0]] + after) + "."
    b = " ".join(before + [pair[1]] + after) + "."
    assert model.probability(a) == pytest.approx(model.probability(b), abs=1e-12)


@pytest.mark.slow  # 0.47 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_fixed_sentence_keeps_its_framing_finding(rs, renamed):
    """The user-level promise: after `lic-policy fix --write --unsafe-fixes`, every framing
    sentence the reviewers flagged is still flagged."""
    lost = _lost_framing(rs, renamed)
    assert not lost, (len(lost), lost[:5])


def _lost_framing(rs, renamed) -> list[str]:
    # flagged_by: ``_framing_ids(text, rs)``
    return [fixed for _text, fixed, framing, flagged_by in renamed
            if framing and flagged_by and not _framing_ids(fixed, rs)]


@pytest.mark.slow
def test_every_renamed_sentence_scores_the_same_and_keeps_its_framing_finding(rs, model):
    """The two tests above on every development sentence the naming rules rename (make test
    takes every 8th)."""
    every = _renamed(rs)
    assert len(every) > 3000
    changed = _scored_differently(model, every)
    assert not changed, changed[:3]
    lost = _lost_framing(rs, every)
    assert not lost, (len(lost), lost[:5])


@pytest.mark.slow
def test_the_naming_screen_passes_over_no_renamed_sentence(rs):
    """``_may_name`` is exact: no development sentence it passes over gets a naming finding
    (``renamed`` checks every 64th of them in make test)."""
    may_name = _may_name(rs)
    passed_over = [r["text"] for r in corpus_records(CORPUS) if not may_name(r["text"])]
    assert len(passed_over) > 5000
    assert not [t for t in passed_over if _naming_findings(t, rs)]


def test_the_explanation_names_the_sentences_own_words_for_sex_work(rs):
    # must-flag fixture: a letter scheme aimed at clients, in a shape no rule lists
    text = "Letters will be sent to the homes of johns whose cars are seen cruising near the park at night."
    msgs = [f.message for f in check_prose_text("<t>.txt", text, rs).findings if f.reviewer == "framing"]
    assert msgs and not any("#" in m for m in msgs), msgs
