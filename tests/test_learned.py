"""The learned framing reviewer (lic_policy/checks/learned.py, rule framing.learned)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lic_policy.checks import learned
from lic_policy.checks.engine import check_prose_text, load_ruleset
from lic_policy.errors import ConfigError

from .conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "reviewers" / "models" / "framing.json"
CORPUS = ROOT / "tests" / "corpus" / "values"


@pytest.fixture(scope="module")
def rs():
    return load_ruleset()


def _learned(text: str, rs) -> list:
    return [f for f in check_prose_text("<t>.md", text, rs).findings if f.rule_id == "framing.learned"]


def test_the_model_reads_each_name_as_a_word_of_its_kind_and_never_pimps():
    model = learned.load(MODEL)
    assert model.words("Prostitutes and johns were moved on by 12 officers and pimps") == \
        ["#ppl", "and", "clients", "were", "moved", "on", "by", "#num", "officers", "and"]
    assert model.words("Sex workers and clients were moved on by 12 officers") == \
        ["#ppl", "and", "clients", "were", "moved", "on", "by", "#num", "officers"]


def test_a_flagged_sentence_names_the_words_that_weighed_most_and_stays_in_its_sentence(rs):
    # must-flag fixture: an end-demand letter scheme, in a shape no rule lists
    text = "The bylaw office was pleased.\n\nLetters will be sent to the owners of vehicles seen kerb crawling in the area."
    (f,) = _learned(text, rs)
    assert f.severity == "warning" and "weigh most" in f.message
    sentence = text[text.index("Letters will"):]
    assert f.line == 3 and f.match and f.match in sentence  # the words that weighed most, inside the sentence


def test_the_explanation_names_a_noun_class_only_where_the_word_is_a_noun(rs):
    # must-flag fixtures: "issue" is a nuisance noun in the grammar ("the issue of prostitution");
    # after "will" or "to" it is the verb of issuing tickets, and the explanation said
    # "'issue' (nuisance framing)" for it (sentences the grammar does not match: tickets handed
    # to sex workers or to men who buy sex are framing.crackdown's since the round-33 grammar)
    for text in ("Officers will issue tickets to drivers circling the stroll at night.",
                 "Police will issue fines to drivers who stop to talk to women on the stroll near the school."):
        (f,) = _learned(text, rs)
        assert "'issue' (nuisance" not in f.message, f.message
    # the noun keeps its class where the sentence holds it as a noun
    found = learned.load(MODEL).cues.found("The issue of street prostitution must be addressed.")
    assert found.get("nuisance") == "issue"


def test_a_sentence_a_rule_flagged_is_not_flagged_again(rs):
    text = "Officers will crack down on street prostitution in the downtown core this summer."  # must-flag fixture
    ids = [f.rule_id for f in check_prose_text("<t>.md", text, rs).findings if f.reviewer == "framing"]
    assert ids == ["framing.crackdown"]


def test_short_lines_and_headings_are_not_read_with_the_lines_after_them(rs):
    text = ("Focus Area: Sex Work Programs\nOutreach workers visit the stroll every night with food, "
            "condoms and legal information for sex workers.\n")
    assert _learned(text, rs) == []
    assert learned.load(MODEL).too_short("Sex workers asked for help.")


def test_support_text_passes(rs):
    for text in ("Outreach workers offer sex workers health care, housing support and legal information.",
                 "Sex workers said the new drop-in centre made it easier to get health care.",
                 "Police respond to reports of violence against sex workers as they would for anyone else."):
        assert _learned(text, rs) == [], text


def test_a_title_is_not_read_as_a_sentence_by_the_model(tmp_path, rs):
    """The model learned from sentences: a guideline's title or a section's title names the
    document (the Vancouver Police Department's own is "Sex Work Enforcement Guidelines").
    The grammar's rules still read titles."""
    import shutil

    from lic_policy.checks.engine import check_document
    from lic_policy import store

    src = ROOT / "guidelines" / "cedar-harbour-police-guideline.yaml"
    text = src.read_text(encoding="utf-8")
    title = "Cedar Harbour Police Department Sex Work Enforcement Guidelines"
    assert title in text
    doc = store.parse(text, str(src))
    learned_on_title = [f for f in check_document(doc, rs).findings
                        if f.rule_id == "framing.learned" and f.line == text[:text.index(title)].count("\n") + 1]
    assert learned_on_title == []
    # the same words as a sentence of a clause are read
    model = learned.load(MODEL)
    assert model.probability(title) > 0  # scored when read (a sentence, not a title)
    shutil.copy(src, tmp_path / "g.yaml")
    crack = text.replace(title, "Crack Down On Street Prostitution Guidelines")
    doc2 = store.parse(crack, "g.yaml")
    assert any(f.rule_id == "framing.crackdown" for f in check_document(doc2, rs).findings)


def test_a_damaged_model_file_is_one_clear_error(tmp_path):
    bad = tmp_path / "m.json"
    bad.write_text('{"format": 1, "terms": {"x": [1.0]}}', encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        learned.Model.from_json(bad.read_text(encoding="utf-8"), str(bad))
    assert "not a framing model file" in e.value.message and "rules train" in e.value.hint


def _refused_with_pack(tmp_path: Path, pack: Path) -> str:
    """``lic-policy check`` of a one-line document with ``pack`` as the configuration's pack,
    which must refuse it (exit 2, no traceback); what it printed."""
    cfg = tmp_path / ".lic-policy.yaml"
    cfg.write_text(f"packs: [{pack}]\n", encoding="utf-8")
    doc = tmp_path / "d.md"
    doc.write_text("text\n", encoding="utf-8")
    r = run_cli("check", "--config", str(cfg), str(doc))
    out = r.stdout + r.stderr
    assert r.exit_code == 2 and "Traceback" not in out, out
    return out


def test_a_model_rule_without_its_file_is_a_pack_error(tmp_path):
    pack = tmp_path / "p.yaml"
    pack.write_text("pack: p\nrules:\n  - id: p.m\n    kind: model\n    severity: info\n    message: m\n"
                    "    model: nowhere.json\n    needs: 'x'\n    rationale: r\n    sources: [{title: t}]\n"
                    "    examples: {flag: [a], pass: [b]}\n", encoding="utf-8")
    assert "model file 'nowhere.json' not found" in _refused_with_pack(tmp_path, pack)


def test_the_model_file_records_how_it_was_trained():
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    meta = data["meta"]
    assert meta["trained_on"] > 2000 and 0 < data["threshold"] < 1
    assert meta["cv_model"][0] >= 0.75  # out-of-fold precision of the model alone (folds by source site)


def test_the_model_was_trained_beside_the_rules_of_today(rs):
    """The shipped model records the digest of the rule packs (texts and lexicons) and the
    contexts it was trained beside (the rules' findings are part of its training and of its
    report): a rule changed without `make model` fails here, in `make test`, not only in the slow
    rebuild test below that CI runs."""
    meta = json.loads(MODEL.read_text(encoding="utf-8"))["meta"]
    assert meta.get("rules_sha256") == learned.rules_digest(rs), (
        "the rule packs or contexts changed since the model was trained: run `make model` and "
        "commit reviewers/models/framing.json")


@pytest.mark.slow
def test_training_is_deterministic_and_rebuilds_the_shipped_model(rs):
    """`lic-policy rules train tests/corpus/values` writes exactly the shipped file: the model
    is the corpus's, nothing hand-set (change the corpus, retrain, commit both)."""
    from lic_policy.checks.evaluate import split_of

    from .conftest import corpus_records

    # the records as `rules train` reads them (load_corpus), read once a run for the tests that
    # use the corpus (conftest.corpus_records): about 4 s of CPU less each
    records = [r for r in corpus_records(CORPUS) if split_of(r) == "dev"]
    rep = learned.train_on_corpus(records, rs, rs.by_id["framing.learned"])
    assert rep.model.to_json() + "\n" == MODEL.read_text(encoding="utf-8")


def test_the_explanation_names_content_words_not_function_words():
    # a sentence's weight can come partly from 'the', 'said' or 'where the'; naming those
    # tells the drafter nothing: the explanation keeps the words that carry meaning
    contrib = [("the", 0.9), ("nuisance", 0.8), ("where the", 0.7), ("were", 0.6), ("said", 0.5),
               ("priority", 0.4), ("#num arrests", 0.3), ("welcome", 0.2), ("stroll", 0.1)]
    assert learned.explain(contrib) == "'nuisance', 'priority', 'N arrests', 'welcome'"
    # when only function words weighed, they are still named (an explanation is never empty)
    assert learned.explain([("the", 0.9), ("were", 0.5)]) == "'the', 'were'"


def test_the_explanation_does_not_repeat_a_named_word_with_a_function_word():
    # the early draft's finding named "'street prostitution' (the activity), 'clean up', 'by
    # street'": a function word beside a word already named adds nothing; "out of" and
    # "through" are function words too; and a word term the sentence writes as a phrase named
    # already ('street prostitution' from "street #act") is not named twice
    found = {"nuisance": "nuisance", "target_activity": "street prostitution"}
    labels = {"nuisance": "nuisance framing", "target_activity": "the activity"}
    contrib = [("streets", 0.9), ("@nuisance&target_activity", 0.8), ("clean up", 0.7), ("by street", 0.6),
               ("out of", 0.55), ("street #act", 0.5), ("downtown", 0.4)]
    got = learned.explain(contrib, found=found, labels=labels, named={"#act": "prostitution"})
    assert got == ("'streets', 'nuisance' with 'street prostitution' (the activity), 'clean up', "
                   "'downtown'"), got
    # two classes the sentence's one word stands for are named once
    found = {"act_verb": "sweeps", "enforce_noun": "sweeps"}
    labels = {"act_verb": "enforcement", "enforce_noun": "enforcement"}
    got = learned.explain([("@act_verb&enforce_noun", 0.9), ("officers", 0.5)], found=found, labels=labels)
    assert got == "'sweeps' (enforcement), 'officers'", got


def test_the_model_reads_the_grammars_word_classes_and_which_occur_together():
    # the shipped model carries the framing lexicon's classes and the stance cues as data
    model = learned.load(MODEL)
    assert model.cues is not None
    text = "Police will crack down on soliciting in 2019, the chief said."
    got = set(model.cues.of(learned.tokens(text), text))
    assert {"@frame_verb", "@target_activity", "@voice", "@reported", "@year",
            "@frame_verb&target_activity", "@reported&voice"} <= got
    plain = "Outreach workers bring food to the drop-in."
    assert not any(k.startswith("@frame_verb") for k in model.cues.of(learned.tokens(plain), plain))
    # the classes are features the model weighs, not names in its file only
    assert any(t.startswith("@") for t in model.weight)


def test_a_verb_of_the_grammar_after_an_article_is_a_noun_of_another_sense():
    # "a counter" is a service counter, "a challenge" a difficulty: not the verbs "counter
    # demand" or "challenge demand"; an enforcement noun ("a raid") still counts as one
    model = learned.load(MODEL)
    assert {"counter", "challenge"} <= model.cues.verbs and "raid" not in model.cues.verbs

    def classes(text):
        return model.cues.classes(learned.tokens(text), text)

    assert "frame_verb" not in classes("A concern about street-based sex work comes in through 3-1-1 or a counter.")
    assert "frame_verb" in classes("The plan will counter the sex trade.")
    assert "frame_verb" in classes("At a counter the plan will counter the sex trade.")  # the verb still counts
    assert "enforce_noun" in classes("Police carried out a raid on the massage parlour.")
    assert "frame_verb" not in model.cues.found("A concern comes in through 3-1-1 or a counter.")


def test_a_class_is_named_by_the_sentences_own_words_in_plain_language():
    contrib = [("@frame_verb&target_activity", 0.9), ("downtown", 0.5), ("@year", 0.4), ("@voice", 0.3),
               ("@critique", 0.2)]
    found = {"frame_verb": "crack down", "target_activity": "soliciting", "voice": "will"}
    labels = {"frame_verb": "enforcement", "target_activity": "the activity", "voice": "a policy voice"}
    assert learned.explain(contrib, found=found, labels=labels) == \
        "'crack down' (enforcement) with 'soliciting' (the activity), 'downtown', a date"
    # a class the sentence's words cannot name (none found) is left out, never shown as a code
    assert learned.explain([("@critique", 0.9), ("sweep", 0.5)], found={}, labels=labels) == "'sweep'"


def test_a_word_pair_with_a_folded_name_is_named_once_as_written():
    # "street prostitution" is read as "street #act": the pair "street #act" stands for the
    # sentence's "street prostitution", not "street street prostitution"
    named = {"#act": "street prostitution", "#ppl": "sex workers"}
    assert learned.explain([("street #act", 0.9)], named=named) == "'street prostitution'"
    # a word before the name that is not the name's own first word stays
    assert learned.explain([("against #act", 0.9), ("city", 0.5)], named=named) == \
        "'against street prostitution', 'city'"
    assert learned.explain([("#ppl street", 0.9)], named={"#ppl": "sex workers"}) == "'sex workers street'"
    # a class whose words are named already is not named again beside the other class
    found = {"target_activity": "street prostitution", "voice": "must"}
    labels = {"target_activity": "the activity", "voice": "a policy voice"}
    assert learned.explain([("street #act", 0.9), ("@target_activity&voice", 0.8)], found=found,
                           labels=labels, named=named) == "'street prostitution', 'must' (a policy voice)"


def test_a_learned_finding_names_no_codes(rs):
    # must-flag fixture (an end-demand letter scheme in a policy voice, in a shape no rule lists)
    text = "The program sends a letter to the owner of any vehicle seen soliciting in the area, and the unit will follow up."
    (f,) = _learned(text, rs)
    assert "@" not in f.message and "framing." not in f.message and "&" not in f.message


@pytest.mark.slow  # 0.23 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_the_model_file_round_trips_with_its_word_classes():
    model = learned.load(MODEL)
    again = learned.Model.from_json(model.to_json())
    for text in ("Officers will sweep the stroll every Friday and arrest anyone soliciting.",
                 "Sex workers told researchers that sweeps pushed them to darker streets."):
        assert again.score(text)[0] == pytest.approx(model.score(text)[0], abs=1e-6)


def test_a_damaged_word_class_table_is_one_clear_error():
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    data["cues"] = ["not", "a", "table"]
    with pytest.raises(ConfigError) as e:
        learned.Model.from_json(json.dumps(data), "m.json")
    assert "not a framing model file" in e.value.message


def test_the_cached_model_keeps_its_word_classes(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    text = "The unit will sweep the stroll every Friday and ticket anyone soliciting."
    scores = []
    for _ in range(2):  # the first load writes the cache, the second reads it
        monkeypatch.setattr(learned, "_LOADED", {})
        m = learned.load(MODEL)
        assert m.cues is not None and m.cues.labels
        scores.append(m.score(text)[0])
    assert list((tmp_path / "lic-policy").glob("model-*.bin")) and scores[0] == scores[1]


# --------------------------------------------------------------------------- outside the topic gate

def test_a_sentence_that_does_not_name_sex_work_is_read_at_the_outside_threshold(rs):
    model = learned.load(MODEL)
    assert model.threshold <= model.outside_threshold < 1  # chosen out of fold by `rules train`
    # must-flag fixture: enforcement in a guideline about sex work that never names it
    text = "Officers will conduct regular patrols to deter the activity."
    assert rs.by_id["framing.learned"].needs_re.search(text) is None
    (f,) = _learned(text, rs)
    assert "patrols" in f.match and "weigh most" in f.message


def test_outside_sentences_are_read_only_through_the_outside_words_and_never_past_the_threshold(rs, monkeypatch):
    import dataclasses

    rule = rs.by_id["framing.learned"]
    model = learned.load(rule.model)
    plain = "The meeting was held on Tuesday in the library with staff from the health unit."
    patrol = "Officers will conduct regular patrols to deter the activity."
    from lic_policy.checks.model_hits import outside_gate

    gate = outside_gate(rule)
    assert not gate.holds(plain) and gate.holds(patrol)
    # with any score enough, a sentence without an outside word is still never read
    monkeypatch.setitem(learned._LOADED, rule.model, dataclasses.replace(model, outside_threshold=0.01))
    assert _learned(plain, rs) == [] and _learned(patrol, rs)
    # an outside threshold of 1 (the default of a model trained without one) reads none
    monkeypatch.setitem(learned._LOADED, rule.model, dataclasses.replace(model, outside_threshold=1.0))
    assert _learned(patrol, rs) == []
    # and one above the sentence's score does not flag it
    p = model.score(patrol)[0]
    monkeypatch.setitem(learned._LOADED, rule.model, dataclasses.replace(model, outside_threshold=min(1.0, p + 0.01)))
    assert _learned(patrol, rs) == []


def test_outside_sentences_keep_the_rules_contexts(rs):
    # a question: the model's contexts apply outside the gate as inside it
    assert _learned("Officers will conduct regular patrols to deter the activity.", rs)
    assert _learned("Should officers conduct regular patrols to deter the activity?", rs) == []


def test_the_outside_threshold_needs_its_precision_on_enough_finds():
    probs = [0.9] * 15 + [0.75] * 10 + [0.72] * 10
    labels = [1] * 15 + [1] * 6 + [0] * 4 + [0] * 10
    ok = [True] * 35
    # 0.75: 21 of 25 right (0.84), enough finds; 0.70 adds ten wrong ones (21 of 35)
    assert learned.choose_outside(probs, labels, ok, floor=0.6, min_precision=0.8, lowest=0.4) == 0.75
    # never below the gated threshold (above 0.75 only the fifteen 0.9 scores remain: too few)
    assert learned.choose_outside(probs, labels, ok, floor=0.76, min_precision=0.8, lowest=0.4) == 1.0
    # nor below the lowest threshold allowed, whatever the precision below it
    assert learned.choose_outside(probs, labels, ok, floor=0.6, min_precision=0.8, lowest=0.8) == 1.0
    assert learned.choose_outside(probs + [0.85] * 10, labels + [1] * 10, ok + [True] * 10, floor=0.6,
                                  min_precision=0.8, lowest=0.8) == 0.8
    # too few finds to trust at any threshold: never read
    assert learned.choose_outside(probs[:15], labels[:15], ok[:15], floor=0.6) == 1.0
    # sentences the gate or a rule covers are not counted
    assert learned.choose_outside(probs, labels, [False] * 35, floor=0.6) == 1.0
    # the shipped bars: the tier is as precise as the reviewer as a whole, and never below 0.8
    assert learned.OUTSIDE_MIN_PRECISION == 0.75 and learned.OUTSIDE_MIN_THRESHOLD == 0.80


@pytest.mark.slow  # 0.55 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_the_outside_threshold_round_trips_and_a_bad_one_is_one_clear_error():
    model = learned.load(MODEL)
    again = learned.Model.from_json(model.to_json())
    assert again.outside_threshold == model.outside_threshold
    data = json.loads(model.to_json())
    data["outside_threshold"] = 1.5
    with pytest.raises(ConfigError) as e:
        learned.Model.from_json(json.dumps(data), "m.json")
    assert "outside_threshold" in e.value.message


def test_outside_is_only_for_model_rules(tmp_path):
    pack = tmp_path / "p.yaml"
    pack.write_text("pack: p\nrules:\n  - id: p.x\n    severity: info\n    message: m\n    patterns: ['foo']\n"
                    "    outside: [bar]\n    rationale: r\n    sources: [{title: t}]\n"
                    "    examples: {flag: [foo], pass: [baz]}\n", encoding="utf-8")
    assert "only a model rule has one" in _refused_with_pack(tmp_path, pack)


def test_outside_names_only_its_packs_lexicon_entries(tmp_path):
    """The check on a small pack of its own (the bundled framing pack's twin below compiles
    the whole grammar first: slow)."""
    (tmp_path / "lex.yaml").write_text("lexicon: l\nentries:\n  frame_verb:\n    label: enforcement\n"
                                       "    pos: verb\n    words: [tackle]\n", encoding="utf-8")
    pack = tmp_path / "p.yaml"
    pack.write_text("pack: p\nlexicons: [lex.yaml]\nrules:\n  - id: p.m\n    kind: model\n    severity: info\n"
                    f"    message: m\n    model: {MODEL}\n    needs: 'x'\n    outside: [no_such_entry, frame_verb]\n"
                    "    rationale: r\n    sources: [{title: t}]\n    examples: {flag: [a], pass: [b]}\n",
                    encoding="utf-8")
    out = _refused_with_pack(tmp_path, pack)
    assert "unknown lexicon entries: no_such_entry" in out and "known: frame_verb" in out


@pytest.mark.slow
def test_outside_names_only_the_packs_lexicon_entries(tmp_path):
    import shutil

    shutil.copytree(ROOT / "reviewers", tmp_path / "reviewers")
    pack = tmp_path / "reviewers" / "framing.yaml"
    text = pack.read_text(encoding="utf-8")
    assert "\n    outside: [frame_verb," in text
    pack.write_text(text.replace("\n    outside: [frame_verb,", "\n    outside: [no_such_entry, frame_verb,"),
                    encoding="utf-8")
    assert "unknown lexicon entries: no_such_entry" in _refused_with_pack(tmp_path, pack)


@given(spans=st.lists(st.tuples(st.integers(0, 200), st.integers(1, 40)), max_size=30),
       queries=st.lists(st.tuples(st.integers(0, 220), st.integers(1, 40)), max_size=30))
def test_the_span_cover_answers_as_a_scan_of_every_span_would(spans, queries):
    from lic_policy.checks.model_hits import _Cover

    spans = [(a, a + n) for a, n in spans]
    cover = _Cover(spans)
    for s, n in sorted(queries) + queries:  # in order, then out of order (it starts again)
        e = s + n
        assert cover.hits(s, e) == any(a < e and s < b for a, b in spans)


def test_probability_is_scores_probability_exactly():
    model = learned.load(MODEL)
    for text in ("Officers will sweep the stroll every Friday and arrest anyone soliciting.",
                 "In 2023, 40 arrests were made in 3 stings on the stroll.",
                 "Sex workers told researchers that sweeps pushed them to darker streets."):
        assert model.probability(text) == model.score(text)[0]


def test_the_topic_is_not_read_into_trade_offs_or_vice_presidents(rs):
    # found in our own BENCHMARKS.md: "the trade-off" read as "the trade" (the activity)
    gate = rs.by_id["framing.learned"].needs_re
    for text in ("Not changed: the trade-off, not a gain.", "The vice-president of the board said so.",
                 "Outreach helps families and vice versa.", "The Vice President opened the meeting."):
        assert gate.search(text) is None, text
    for text in ("Police will target the trade on the stroll.", "The vice squad raided two parlours."):
        assert gate.search(text), text


def test_a_reference_record_weighs_more_in_training():
    """The LIC seed texts (``reference: true``) weigh ``REFERENCE_WEIGHT`` times: a reference
    sentence that shares its words with framing sentences scores lower than when it weighs
    like any other record (a seed sentence was flagged by a model trained on it)."""
    from lic_policy.checks import learned as L

    framing = [f"police will crack down on street sex work in ward {i}" for i in range(12)]
    plain = [f"outreach staff offer health care in ward {i}" for i in range(12)]
    seed = "staff will address local challenges related to street sex work in ward 3"
    records = ([{"text": t, "framing": True} for t in framing] + [{"text": t, "framing": False} for t in plain]
               + [{"text": seed, "framing": False, "reference": True}])
    assert L.boosts(records)[-1] == L.REFERENCE_WEIGHT and L.boosts(records)[0] == 1.0
    assert L.boosts([{"text": "x", "framing": False, "reference": "yes"}]) == [1.0]  # only a real true

    def score(boost):
        texts = [r["text"] for r in records]
        labels = [int(r["framing"]) for r in records]
        idf, weight, bias = L.fit(texts, labels, iterations=150, min_df=1, boost=boost)
        return L.Model(idf, weight, bias, 0.5).probability(seed)

    assert score(L.boosts(records)) < score(None) - 0.05


def test_the_threshold_is_the_lowest_step_that_reaches_the_precision():
    from lic_policy.checks.learned import choose_threshold

    # scores 0.90 and 0.80 right, 0.62, 0.61 and 0.60 wrong: all right from 0.65 on; two of
    # five from 0.40 on
    probs = [0.90, 0.80, 0.62, 0.60, 0.61]
    labels = [1, 1, 0, 0, 0]
    gate = [True] * 5
    assert choose_threshold(probs, labels, [0] * 5, gate, min_precision=1.0) == 0.65
    assert choose_threshold(probs, labels, [0] * 5, gate, min_precision=0.4) == 0.40
    assert choose_threshold(probs, labels, [0] * 5, [False] * 5, min_precision=0.4) == 0.95


def _fit_by_loops(texts, labels, *, c, iterations, cues, names, boost, min_df=2, rate=0.1):
    """The training loop written out row by row in plain Python, as it was before numpy: the
    reference that ``learned.fit``'s vectorised loop must match bit for bit."""
    import math
    import re as _re

    skip = _re.compile(learned.IGNORED)
    fold = learned.fold_of(names)
    counted = [learned.terms(t, skip, cues, fold) for t in texts]
    n = len(texts)
    df: dict = {}
    for cnt in counted:
        for t in cnt:
            df[t] = df.get(t, 0) + 1
    vocab = sorted(t for t, d in df.items() if d >= min_df)
    index = {t: i for i, t in enumerate(vocab)}
    idf = [math.log((1 + n) / (1 + df[t])) + 1.0 for t in vocab]
    rows = []
    for cnt in counted:
        row = [(index[t], learned.tf(t, k, cues) * idf[index[t]]) for t, k in cnt.items() if t in index]
        norm = math.sqrt(sum(x * x for _i, x in row)) or 1.0
        rows.append([(i, x / norm) for i, x in row])
    pos = sum(1 for y in labels if y)
    sw = [s * k for s, k in zip([n / (2.0 * pos) if y else n / (2.0 * (n - pos)) for y in labels], boost)]
    m = len(vocab)
    w, mw, vw = [0.0] * m, [0.0] * m, [0.0] * m
    b = mb = vb = 0.0
    b1, b2, eps = 0.9, 0.999, 1e-8
    for step in range(1, iterations + 1):
        gw = list(w)
        gb = 0.0
        for row, y, s in zip(rows, labels, sw):
            z = b + sum(w[i] * x for i, x in row)
            p = 1.0 / (1.0 + math.exp(-z)) if z > -60 else 0.0
            g = c * s * (p - (1.0 if y else 0.0))
            gb += g
            for i, x in row:
                gw[i] += g * x
        lr = rate * math.sqrt(1 - b2 ** step) / (1 - b1 ** step)
        for i in range(m):
            mw[i] = b1 * mw[i] + (1 - b1) * gw[i]
            vw[i] = b2 * vw[i] + (1 - b2) * gw[i] * gw[i]
            w[i] -= lr * mw[i] / (math.sqrt(vw[i]) + eps)
        mb = b1 * mb + (1 - b1) * gb
        vb = b2 * vb + (1 - b2) * gb * gb
        b -= lr * mb / (math.sqrt(vb) + eps)
    return dict(zip(vocab, idf)), dict(zip(vocab, w)), b


@pytest.mark.slow  # 1.87 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_the_vectorised_training_loop_gives_the_weights_of_the_plain_loop_bit_for_bit(rs):
    """``fit`` runs its gradient steps with numpy (88 s -> 6.6 s on the 16,091 development
    sentences); every sum is still taken in the plain loop's order, so the shipped model stays
    the one anyone rebuilds, to the last bit (a reference record weighs more: boosts vary).
    The corpus as the run's other users read it (``corpus_records``: read once per run, not
    again here for about 4 s of CPU; ``load_corpus`` has tests of its own)."""
    from lic_policy.checks.evaluate import split_of

    from .conftest import corpus_records

    records = [r for r in corpus_records(CORPUS) if split_of(r) == "dev"][::12]
    rule = rs.by_id["framing.learned"]
    names = learned.topic_names(rs)
    cues = learned.Cues.build(learned.framing_entries(rs, rule), names=names)
    texts = [r["text"] for r in records]
    labels = [int(bool(r["framing"])) for r in records]
    boost = learned.boosts(records)
    assert len(set(boost)) == 2  # reference texts among them
    got = learned.fit(texts, labels, c=4.0, iterations=25, cues=cues, names=names, boost=boost)
    want = _fit_by_loops(texts, labels, c=4.0, iterations=25, cues=cues, names=names, boost=boost)
    assert got[2] == want[2] and got[0] == want[0]
    assert got[1] == want[1]


def test_a_sentence_longer_than_the_contexts_window_is_read_whole_by_the_model():
    """A statute's one-sentence section runs past the 600 characters a context looks at; the
    model read only the window after the first topic word, so renaming a word earlier in the
    sentence ("prostitution" -> "sex work") moved the cut and the finding came and went (a slow
    test caught it on 18 U.S.C. § 1384). Whichever topic word leads to it, the sentence read is
    the whole sentence."""
    from lic_policy.checks.model_hits import model_sentence

    clauses = ", ".join(f"or keeps a place numbered {i} for the purpose" for i in range(40))
    sentence = (f"Within such distance of any camp as the Secretary shall determine, {clauses}, whoever "
                f"engages in prostitution or aids prostitution, {clauses}, shall be fined")
    text = f"The first sentence ends here. {sentence}. The next one is short."
    assert len(sentence) > 3 * 600
    begin = text.index(sentence)
    for word in ("prostitution", "aids prostitution"):
        at = text.index(word)
        assert model_sentence(text, at, at + len(word)) == (begin, begin + len(sentence))
