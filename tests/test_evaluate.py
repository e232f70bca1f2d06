"""The accuracy report of `lic-policy rules eval`: counts per sentence, per span, per kind and
per genre of source document."""

from types import SimpleNamespace

from lic_policy.checks.evaluate import Outcome, format_summary, summarize


def _finding(rule_id="framing.crackdown", start=0, end=4):
    return SimpleNamespace(rule_id=rule_id, start=start, end=end, match="x")


def _outcome(genre, gold, found, trigger=False, stigma=None):
    rec = {"text": "some sentence about sex work", "framing": gold, "trigger": trigger,
           "stigma": stigma or [], "genre": genre, "framing_kinds": ["enforcement"] if gold else []}
    return Outcome(rec, [_finding()] if found else [], [], [])


def test_framing_is_counted_per_genre_of_source():
    outcomes = [_outcome("council", True, True), _outcome("council", False, True),
                _outcome("council", True, False), _outcome("news", True, True),
                _outcome("news", False, False, trigger=True), _outcome("news", False, True, trigger=True)]
    s = summarize(outcomes)
    assert s["by_genre"]["council"]["framing"] == {"tp": 1, "fp": 1, "fn": 1, "precision": 0.5, "recall": 0.5}
    assert s["by_genre"]["news"]["framing"]["precision"] == 0.5
    assert s["by_genre"]["news"]["framing"]["recall"] == 1.0
    assert s["by_genre"]["news"]["hard_negatives"] == {"sentences": 2, "flagged": 1, "rate": 0.5}
    assert s["by_genre"]["council"]["sentences"] == 3


def test_policy_documents_are_summed_apart_from_news_and_research():
    outcomes = [_outcome("police", True, True), _outcome("guideline", False, True),
                _outcome("research", True, False), _outcome("news", False, True)]
    s = summarize(outcomes)
    assert s["policy_documents"]["sentences"] == 2
    assert s["policy_documents"]["framing"]["tp"] == 1 and s["policy_documents"]["framing"]["fp"] == 1
    text = format_summary(s, "test")
    assert "policy documents" in text and "by genre" in text
    assert "research" in text


def test_records_without_a_genre_are_counted_as_unknown():
    s = summarize([_outcome(None, True, True)])
    assert "unknown" in s["by_genre"]
