"""The sentence splitter (``contexts.sentence_bounds``): abbreviations, section and page
numbers, decimals and initials do not end a sentence, so a negation before them still lifts
a match after them; a real full stop still ends one. Sentences that must be flagged are test
fixtures."""

from __future__ import annotations

import pytest

from lic_policy.checks.contexts import sentence_bounds
from lic_policy.checks.engine import check_text

from .conftest import default_ruleset

RS = default_ruleset()  # shared by the modules of this process (conftest)
TARGET = "crack down on sex workers"  # must-flag fixture (framing.crackdown) wherever it is not negated

# (words between the subject and the verb, holding an abbreviation or a number with a full stop)
INSIDE = [
    "cf. the 2019 plan",
    "as Dr. Lee proposed",
    "e.g. at night",
    "i.e. at any hour",
    "under ss. 213 and 286.1",
    "under By-law No. 5",
    "as By-law No. 12 allows",
    "as in Smith vs. Jones",
    "on St. Paul Street",
    "as set out on p. 4",
    "as pp. 4 to 6 suggest",
    "within 1.5 km of schools",
    "as J. R. Smith urged",
    "as Mr. Khan asked",
    "under Sec. 3",
    "as the Nos. 4 and 5 plans said",
]


def _sentence_start(text: str) -> int:
    """Where the sentence holding TARGET begins, as the contexts read it."""
    start = text.index(TARGET)
    return sentence_bounds(text, start, start + len(TARGET))[0]

@pytest.mark.parametrize("inside", INSIDE)
def test_the_sentence_runs_through_the_abbreviation(inside):
    text = f"The plan was discussed. Officers will {inside} {TARGET} at once. The meeting ended."
    start = text.index(TARGET)
    s, e = sentence_bounds(text, start, start + len(TARGET))
    assert text[s:e] == f"Officers will {inside} {TARGET} at once"


@pytest.mark.parametrize("inside", INSIDE)
def test_a_negation_before_the_abbreviation_still_lifts_the_match(inside):
    flagged = f"Officers will {inside} {TARGET}."
    assert "framing.crackdown" in [r.id for r, _s, _e in check_text(flagged, RS)], flagged
    negated = f"Officers will not {inside} {TARGET}."
    assert "framing.crackdown" not in [r.id for r, _s, _e in check_text(negated, RS)], negated


@pytest.mark.parametrize("before", [
    "Residents said no.",  # "no" before a capitalised word is a word, not "No. 5"
    "The council voted no.",
    "Nobody was arrested.",
    "The answer is not in the bylaw.",
    "Outreach is not the police.",
    "There was no crackdown in 2019.",
    "Sweeps did not work in Ward 3.",
    "See p. 4 of the old plan. It did not help.",
])
def test_a_real_full_stop_ends_the_sentence_and_its_negation(before):
    text = f"{before} Officers will {TARGET}."
    s = _sentence_start(text)
    assert text[s:].startswith("Officers will")
    assert "framing.crackdown" in [r.id for r, _s, _e in check_text(text, RS)], text


@pytest.mark.parametrize("text,first", [
    ("Sweeps do not work! Officers will crack down on sex workers.", "Officers"),
    ("Do sweeps work? Officers will crack down on sex workers.", "Officers"),
    ("It ends in 2019.\n\nOfficers will crack down on sex workers.", "Officers"),
    ("Intro without a full stop\n\nOfficers will crack down on sex workers.", "Officers"),
    ("- no outreach\n- Officers will crack down on sex workers.", "-"),
    ('He said "no." Officers will crack down on sex workers.', "Officers"),
])
def test_other_terminators(text, first):
    s = _sentence_start(text)
    assert text[s:].startswith(first)


def test_the_window_is_bounded():
    text = "Officers will not " + "wait " * 400 + TARGET + "."
    start = text.index(TARGET)
    s, e = sentence_bounds(text, start, start + len(TARGET))
    assert start - s <= 600 and e - (start + len(TARGET)) <= 600


@pytest.mark.parametrize("text", [  # must-flag fixtures
    "Under By-law No. 5 officers will crack down on sex workers.",
    "As set out in Nos. 4 and 5 officers will crack down on sex workers.",
])
def test_a_numbered_no_is_not_a_negation(text):
    assert "framing.crackdown" in [r.id for r, _s, _e in check_text(text, RS)]


def test_closing_quotes_belong_to_the_sentence_that_ended():
    text = 'Residents said "enough." Officers will crack down on sex workers.'
    s = _sentence_start(text)
    assert text[s:].startswith("Officers")
    text = 'The plan ends here.\n\n"Officers will crack down on sex workers," a resident said.'
    s = _sentence_start(text)
    assert text[s:].startswith('"Officers')  # an opening quote stays with its sentence


@pytest.mark.parametrize("text,first", [
    # a Windows paragraph break (exports from Word): the heading above is not the sentence
    ("No sweeps section\r\n\r\nOfficers will crack down on sex workers.", "Officers"),
    ("No sweeps section\r\n \r\nOfficers will crack down on sex workers.", "Officers"),
    # a numbered clause on its own line, numbered as policies number them
    ("1.1 No enforcement without cause\n1.2 Officers will crack down on sex workers.", "1.2"),
    ("3.4.1 Not a police matter\r\n3.4.2 Officers will crack down on sex workers.", "3.4.2"),
    ("a) no sweeps\nb) Officers will crack down on sex workers.", "b)"),
])
def test_paragraph_breaks_and_numbered_clauses_end_a_sentence(text, first):
    s = _sentence_start(text)
    assert text[s:].startswith(first)
    # and the negation of the line above does not lift the must-flag clause
    assert "framing.crackdown" in [r.id for r, _s, _e in check_text(text, RS)], text


def test_a_decimal_number_inside_a_line_still_does_not_end_the_sentence():
    text = "Officers will not, under section 1.2 of the plan, crack down on sex workers."
    s = _sentence_start(text)
    assert s == 0


def test_a_numbered_line_after_an_unnumbered_one_may_go_on_its_sentence():
    text = "Officers will not, as counted in\n1.5 times more places, crack down on sex workers."
    s = _sentence_start(text)
    assert s == 0
