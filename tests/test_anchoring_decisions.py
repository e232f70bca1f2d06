"""Re-anchoring's decisions, each pinned at its boundary (issue 17: tests that pin the decisions).

Every test builds the context an anchor remembers and the context its words have now, so
that the context shares are exact fractions of ``CONTEXT_CHARS`` (32): a prefix that keeps
its last ``k`` characters scores k/32. Each test first asserts the shares it built (so the
case it names is the case it reaches), then the outcome on both sides of one threshold:

* an exact quote's score is (50 + 20 p + 20 s + 2 position) / 92 (``score``);
* ``MIN_SCORE`` 0.6, ``AMBIGUITY_MARGIN`` 0.1 (on the mean of p and s), ``LONG_QUOTE`` 20,
  ``MIN_FUZZY_QUOTE`` 0.75, the elsewhere rule (mean context >= 0.5, or a long quote found
  once, and a score >= MIN_SCORE less the position's weight).

`make mutation` runs mutation testing on ``review/anchoring.py`` against these tests.
"""

from __future__ import annotations

import pytest

from lic_policy.model.anchor import CONTEXT_CHARS, Anchor, TextPosition, TextQuote
from lic_policy.review.anchoring import (ELSEWHERE, FUZZY, SAME_FIELD, UnitIndex, context_scores, fuzzy, locate,
                                         position_score, score)
from lic_policy.text import TextUnit

C = CONTEXT_CHARS
assert C == 32  # the fractions below are written for 32 characters of context

OLD_PREFIX = "abcdefghijklmnopqrstuvwxyzABCDEF"  # what the anchor remembers before its words
OLD_SUFFIX = "GHIJKLMNOPQRSTUVWXYZ0123456789+="  # ... and after them
assert len(OLD_PREFIX) == len(OLD_SUFFIX) == C


def before(k: int, fill: str = "#") -> str:
    """32 characters whose last ``k`` are the remembered prefix's last ``k`` (p = k/32)."""
    return fill * (C - k) + OLD_PREFIX[C - k:]


def after(j: int, fill: str = "%") -> str:
    """32 characters whose first ``j`` are the remembered suffix's first ``j`` (s = j/32)."""
    return OLD_SUFFIX[:j] + fill * (C - j)


def unit(element, text, field="text"):
    return TextUnit(("sections", 0, "clauses", 0, field), element, field, text)


def anchor(exact, start, *, element="c.1", field="text", prefix=OLD_PREFIX, suffix=OLD_SUFFIX):
    return Anchor(clause=element, field=field, quote=TextQuote(exact=exact, prefix=prefix, suffix=suffix),
                  position=TextPosition(start=start, end=start + len(exact)))


def shares(text, start, exact):
    return context_scores(text, start, start + len(exact), OLD_PREFIX, OLD_SUFFIX)


Q = "support"  # a short quote (< LONG_QUOTE)


def two_places(kA, jA, kB, jB, quote=Q):
    """One field holding ``quote`` twice: place A with context (kA, jA), place B with (kB, jB)."""
    text = before(kA) + quote + after(jA) + before(kB, "~") + quote + after(jB, "^")
    a = C
    b = C + len(quote) + 2 * C
    assert text.count(quote) == 2 and text[a:a + len(quote)] == text[b:b + len(quote)] == quote
    assert shares(text, a, quote) == (kA / C, jA / C) and shares(text, b, quote) == (kB / C, jB / C)
    return text, a, b


# --------------------------------------------------------------------------- scoring


def test_score_weights_quote_then_context_then_position():
    assert score(1, 1, 1, 1) == 1.0 and score(0, 0, 0, 0) == 0.0
    assert score(1, 0, 0, 0) == pytest.approx(50 / 92)
    assert score(0, 1, 0, 0) == score(0, 0, 1, 0) == pytest.approx(20 / 92)
    assert score(0, 0, 0, 1) == pytest.approx(2 / 92)
    assert score(0.5, 0.25, 0.75, 0.5) == pytest.approx((25 + 5 + 15 + 1) / 92)


def test_position_score_is_one_at_the_old_place_and_falls_with_distance():
    assert position_score(40, 40, 100) == 1.0
    assert position_score(50, 40, 100) == pytest.approx(0.9) == position_score(30, 40, 100)
    assert position_score(0, 100, 100) == 0.0 and position_score(0, 500, 100) == 0.0  # never below 0
    assert position_score(3, 0, 0) == 0.0  # an empty field: no division by zero


def test_context_scores_count_shared_characters_next_to_the_quote():
    text = before(10) + Q + after(5)
    assert context_scores(text, C, C + len(Q), OLD_PREFIX, OLD_SUFFIX) == (10 / 32, 5 / 32)
    # nothing remembered and nothing there: the context is intact
    assert context_scores(Q, 0, len(Q), "", "") == (1.0, 1.0)
    # nothing remembered but words there now (or the reverse): context lost
    assert context_scores("ab" + Q + "cd", 2, 2 + len(Q), "", "") == (0.0, 0.0)
    assert context_scores(Q, 0, len(Q), "xy", "zw") == (0.0, 0.0)
    # a short remembered context that is all still there, at the start and end of the field
    assert context_scores("xy" + Q + "zw", 2, 2 + len(Q), "xy", "zw") == (1.0, 1.0)
    # a short remembered prefix with more text before it now: shared part over what is there (up to 32)
    assert context_scores("0123456789xy" + Q, 12, 12 + len(Q), "xy", "") == (2 / 12, 1.0)
    assert context_scores("#" * 40 + "xy" + Q, 42, 42 + len(Q), "xy", "")[0] == 2 / 32
    assert context_scores(Q + "zw0123456789", 0, len(Q), "", "zw") == (1.0, 2 / 12)
    assert context_scores(Q + "zw" + "#" * 40, 0, len(Q), "", "zw")[1] == 2 / 32
    # a long remembered prefix is compared over its whole length
    long_prefix = "p" * 50
    assert context_scores("p" * 50 + Q, 50, 50 + len(Q), long_prefix, "") == (1.0, 1.0)
    assert context_scores("p" * 40 + Q, 40, 40 + len(Q), long_prefix, "") == (40 / 50, 1.0)
    long_suffix = "s" * 50
    assert context_scores(Q + "s" * 40, 0, len(Q), "", long_suffix) == (1.0, 40 / 50)


# --------------------------------------------------------------------------- step 1: same field


def test_fast_path_checks_the_context_not_only_the_words_at_the_old_place():
    # the old place now holds the same words with other context; the place with the
    # remembered context is elsewhere in the field
    text, a, b = two_places(0, 0, 32, 32)
    out = locate(anchor(Q, a), UnitIndex([unit("c.1", text)]))
    assert out.match is not None and out.match.start == b and out.match.how == SAME_FIELD


def test_unchanged_place_stays_with_full_score():
    text, a, b = two_places(32, 32, 0, 0)
    out = locate(anchor(Q, a), UnitIndex([unit("c.1", text)]))
    assert (out.match.start, out.match.end, out.match.score, out.match.how) == (a, a + len(Q), 1.0, SAME_FIELD)


def test_identical_contexts_the_nearest_to_the_old_place_wins():
    # both places keep their whole context: text cannot tell them apart, position does
    body = OLD_PREFIX + Q + OLD_SUFFIX
    text = body + "." + body
    a, b = C, len(body) + 1 + C
    for hint, want in ((a + 3, a), (b - 3, b), (a - 10, a), (b + 10, b)):
        out = locate(anchor(Q, hint), UnitIndex([unit("c.1", text)]))
        assert out.match is not None and out.match.start == want, hint


@pytest.mark.parametrize("j, found", [(7, True), (6, False)])
def test_same_field_ambiguity_margin(j, found):
    # mean context of A is (32 + j)/64 and of B 32/64: a difference of 7/64 (0.109) decides,
    # 6/64 (0.094) is within the 0.1 margin and the thread is orphaned
    text, a, b = two_places(32, j, 32, 0)
    for hint in (a, b):  # wherever the old position was
        out = locate(anchor(Q, hint + 1), UnitIndex([unit("c.1", text)]))
        if found:
            assert out.match is not None and out.match.start == a and out.match.how == SAME_FIELD
            assert out.match.score == pytest.approx(score(1.0, 1.0, j / C, position_score(a, hint + 1, len(text))))
        else:
            assert out.match is None
            assert out.reason == ("the quote occurs 2 times in 'c.1' and its context no longer tells which one "
                                  "was meant")


def test_same_field_margin_counts_the_suffix_as_much_as_the_prefix():
    text, a, b = two_places(0, 32, 0, 25)  # B's suffix keeps 25: 7/64 behind A
    out = locate(anchor(Q, b), UnitIndex([unit("c.1", text)]))
    assert out.match is not None and out.match.start == a


@pytest.mark.parametrize("distance, found", [(20, True), (120, False)])
def test_several_places_the_best_must_still_reach_min_score(distance, found):
    # A keeps 7 of 32 prefix characters, B none: A is clearly the better place (7/64 > 0.1),
    # but its score (50 + 20 * 7/32 + 2 * position) / 92 reaches 0.6 only near the old place
    text, a, b = two_places(7, 0, 0, 0)
    hint = a + distance
    pos = position_score(a, hint, len(text))
    assert (score(1.0, 7 / C, 0.0, pos) >= 0.6) is found
    out = locate(anchor(Q, hint), UnitIndex([unit("c.1", text)]))
    assert (out.match is not None and out.match.start == a) is found
    if not found:
        assert "2 times" in out.reason


@pytest.mark.parametrize("k, found", [(6, True), (5, False)])
def test_one_place_min_score(k, found):
    # one occurrence at the old place, only k prefix characters left:
    # k=6 scores (50 + 3.75 + 2)/92 = 0.606, k=5 (50 + 3.125 + 2)/92 = 0.599 < MIN_SCORE
    text = before(k) + Q + after(0)
    assert shares(text, C, Q) == (k / C, 0.0)
    out = locate(anchor(Q, C), UnitIndex([unit("c.1", text)]))
    if found:
        assert out.match is not None and (out.match.start, out.match.how) == (C, SAME_FIELD)
        assert out.match.score == pytest.approx((50 + 20 * k / C + 2) / 92)
    else:
        assert out.match is None and out.reason == "the quoted words are no longer in 'c.1'"


def test_one_place_score_uses_the_distance_from_the_old_place():
    # 6 prefix characters left: enough at the old place (0.606), not 40 characters away
    # (position 1 - 40/111: (53.75 + 2 * 0.64) / 92 = 0.598)
    text = "x" * 40 + before(6) + Q + after(0)
    start = 40 + C
    assert locate(anchor(Q, start), UnitIndex([unit("c.1", text)])).match is not None
    for hint in (start - 40, start + 40):
        assert score(1.0, 6 / C, 0.0, position_score(start, hint, len(text))) < 0.6
        assert locate(anchor(Q, hint), UnitIndex([unit("c.1", text)])).match is None


@pytest.mark.parametrize("length, found", [(20, True), (19, False)])
def test_one_place_long_quote_is_trusted_without_context(length, found):
    quote = "peer-led outreach wo"[:length] if length <= 20 else None
    assert len(quote) == length
    text = before(0) + quote + after(0)
    out = locate(anchor(quote, C), UnitIndex([unit("c.1", text)]))
    if found:
        assert out.match is not None and (out.match.start, out.match.end, out.match.how) == (C, C + 20, SAME_FIELD)
        assert out.match.score == pytest.approx(52 / 92)  # below MIN_SCORE: trusted for its length
    else:
        assert out.match is None


# --------------------------------------------------------------------------- step 2: elsewhere


def elsewhere(*contexts, quote=Q, filler=None):
    """The anchor's clause c.1 is gone; units c.2, c.3, ... hold ``quote`` with the given (k, j)."""
    units = []
    for i, (k, j) in enumerate(contexts):
        text = before(k) + quote + after(j)
        assert shares(text, C, quote) == (k / C, j / C)
        units.append(unit(f"c.{i + 2}", text))
    if filler:
        units.insert(0, unit("c.0", filler))
    return units


@pytest.mark.parametrize("k, found", [(32, True), (31, False)])
def test_elsewhere_short_quote_needs_half_its_context(k, found):
    units = elsewhere((k, 0))
    out = locate(anchor(Q, C), UnitIndex(units))
    if found:
        assert out.match is not None and (out.match.unit.element, out.match.start, out.match.how) == \
            ("c.2", C, ELSEWHERE)
        assert out.match.score == pytest.approx(score(1.0, 1.0, 0.0, 0.0))  # no position credit elsewhere
    else:
        assert out.match is None
        assert out.reason == "'c.1' is no longer in the guideline and the quote is not found elsewhere"


@pytest.mark.parametrize("j, found", [(7, True), (6, False)])
def test_elsewhere_ambiguity_margin(j, found):
    # the better place is listed second, so the best is chosen by score, not by order
    units = elsewhere((32, 0), (32, j))
    out = locate(anchor(Q, C), UnitIndex(units))
    assert (out.match is not None and out.match.unit.element == "c.3") is found


@pytest.mark.parametrize("length, k, found", [(20, 6, True), (20, 5, False), (19, 6, False)])
def test_elsewhere_long_quote_found_once_is_trusted_with_little_context(length, k, found):
    # a long quote needs no half of its context, but still (50 + 20 p)/92 >= 0.6 - 2/92:
    # k=6 gives 0.584 >= 0.578, k=5 gives 0.577
    quote = "peer-led outreach wo"[:length]
    out = locate(anchor(quote, C), UnitIndex(elsewhere((k, 0), quote=quote)))
    assert (out.match is not None and out.match.how == ELSEWHERE and out.match.start == C) is found


def test_elsewhere_long_quote_found_twice_is_not_trusted_for_its_length():
    quote = "peer-led outreach wo"
    units = elsewhere((14, 0), (0, 0), quote=quote)  # c.2 clearly better, but only 14/64 of context
    out = locate(anchor(quote, C), UnitIndex(units))
    assert out.match is None
    once = locate(anchor(quote, C), UnitIndex(units[:1]))
    assert once.match is not None and once.match.unit.element == "c.2"


def test_elsewhere_after_the_same_field_lost_the_words():
    # the clause is still there but its words moved to another clause with their context
    moved = before(32) + Q + after(32)
    units = [unit("c.1", "The clause now says something else entirely."), unit("c.2", moved)]
    out = locate(anchor(Q, C), UnitIndex(units))
    assert out.match is not None and (out.match.unit.element, out.match.start, out.match.how) == \
        ("c.2", C, ELSEWHERE)


def test_elsewhere_never_takes_the_same_field_again():
    # one weak occurrence in the anchor's own field (5 prefix characters): not trusted there,
    # and step 2 must not take it either (as "elsewhere", where the position does not count)
    text = before(5) + Q + after(0)
    out = locate(anchor(Q, C), UnitIndex([unit("c.1", text)]))
    assert out.match is None


def test_unit_index_finds_every_occurrence_across_units():
    units = [unit("c.1", "one support two"), unit("c.2", "support"), unit("c.3", "no"), unit("c.4", "xsupportsupport")]
    index = UnitIndex(units)
    got = [(u.element, st) for u, st in index.find_all("support")]
    assert got == [("c.1", 4), ("c.2", 0), ("c.4", 1), ("c.4", 8)]
    assert [(u.element, st) for u, st in index.find_all("support", limit=2)] == [("c.1", 4), ("c.2", 0)]
    assert index.find_all("") == [] and index.find_all("two\x00support") == []
    # a quote never spans two units
    assert index.find_all("two support") == [] and index.find_all("nox") == []
    assert index.get("c.2", "text") is units[1] and index.get("c.2", "purpose") is None


def test_unit_index_first_unit_of_a_key_wins():
    first, second = unit("c.1", "first"), unit("c.1", "second")
    assert UnitIndex([first, second]).get("c.1", "text") is first


# --------------------------------------------------------------------------- step 3: fuzzy

QUOTE20 = "treat every report a"  # 20 characters


def fuzzy_case(new_quote):
    text = before(32) + new_quote + after(32)
    return text, anchor(QUOTE20, C)


@pytest.mark.parametrize("changed, found", [(5, True), (6, False)])
def test_fuzzy_keeps_three_quarters_of_the_quote(changed, found):
    # 5 of 20 characters replaced: similarity 0.75 exactly (kept); 6: 0.70 (orphaned)
    new_quote = "#" * changed + QUOTE20[changed:]
    text, a = fuzzy_case(new_quote)
    out = locate(a, UnitIndex([unit("c.1", text)]))
    if found:
        assert out.match is not None and out.match.how == FUZZY
        assert (out.match.start, out.match.end) == (C, C + 20)
        assert out.match.score == pytest.approx((50 * 0.75 + 20 + 20 + 2) / 92)
    else:
        assert out.match is None and out.reason == "the quoted words are no longer in 'c.1'"


def test_fuzzy_short_quote_one_letter_removed():
    # an 11-character quote that lost a letter: inside the length window (5.5 .. 24.5)
    a = anchor("sex workers", C)
    text = before(32) + "sex worker" + after(32)
    out = locate(a, UnitIndex([unit("c.1", text)]))
    assert out.match is not None and out.match.how == FUZZY and out.match.exact == "sex worker"


def test_fuzzy_longer_words_in_the_middle():
    a = anchor(QUOTE20, C)
    new_quote = "treat every new report a"
    text = before(32) + new_quote + after(32)
    out = locate(a, UnitIndex([unit("c.1", text)]))
    assert out.match is not None and out.match.exact == new_quote


@pytest.mark.parametrize("j, found", [(10, True), (9, False)])
def test_fuzzy_min_score(j, found):
    # 5 of 20 characters changed (similarity 0.75), half the prefix left: the suffix decides,
    # (37.5 + 10 + 20 j/32 + 2) / 92 is 0.606 with j=10 and 0.599 with j=9 (MIN_SCORE 0.6)
    new_quote = "#####" + QUOTE20[5:]
    text = before(16) + new_quote + after(j)
    expected = score(0.75, 16 / C, j / C, 1.0)
    assert (expected >= 0.6) is found
    out = locate(anchor(QUOTE20, C), UnitIndex([unit("c.1", text)]))
    if found:
        assert out.match is not None and (out.match.start, out.match.end, out.match.how) == (C, C + 20, FUZZY)
        assert out.match.score == pytest.approx(expected)
    else:
        assert out.match is None


def test_fuzzy_in_an_empty_field_finds_nothing():
    assert fuzzy(unit("c.1", ""), QUOTE20, OLD_PREFIX, OLD_SUFFIX, 0) is None
    out = locate(anchor(QUOTE20, 0), UnitIndex([unit("c.1", "")]))
    assert out.match is None and out.reason == "the quoted words are no longer in 'c.1'"


def test_fuzzy_with_a_hint_past_the_end_of_a_shorter_field():
    # the field got shorter than the old position: the search starts at its end
    new_quote = "treat every repor# a"
    text = before(32) + new_quote + after(32)
    out = fuzzy(unit("c.1", text), QUOTE20, OLD_PREFIX, OLD_SUFFIX, 10_000)
    assert out is not None and (out.start, out.end) == (C, C + 20)


# --------------------------------------------------------------------------- reasons


def test_reasons_name_the_place_as_a_person_reads_it():
    gone = "nothing like it"
    out = locate(anchor(QUOTE20, 0, field="purpose"), UnitIndex([unit("c.1", gone, field="purpose")]))
    assert out.reason == "the quoted words are no longer in 'c.1' (purpose)"
    out = locate(anchor(QUOTE20, 0, element=None, field="purpose"), UnitIndex([unit(None, gone, field="purpose")]))
    assert out.reason == "the quoted words are no longer in 'purpose'"
    out = locate(anchor(QUOTE20, 0, element=None, field="purpose"), UnitIndex([unit("c.1", gone)]))
    assert out.reason == "'purpose' is no longer in the guideline and the quote is not found elsewhere"


# --------------------------------------------------------------------------- masked quotes


def masked_anchor(exact, start, prefix="", suffix="", element="c.1"):
    return Anchor(clause=element, field="text", quote=TextQuote(exact=exact, prefix=prefix, suffix=suffix),
                  position=TextPosition(start=start, end=start + len(exact)))


# mask29: a mask keeps no letter ("***** ******"); review files written before keep initials
# ("M**** S*****"), which are found as before (the tests below that use them)


def test_a_mask_without_initials_finds_the_words_it_masks():
    text = "Please call Maria Santos before noon."
    out = locate(masked_anchor("***** ******", 12, "Please call ", " before noon."), UnitIndex([unit("c.1", text)]))
    assert out.match is not None and out.match.exact == "Maria Santos" and out.match.score == 1.0


def test_a_mask_without_initials_covers_whole_words_at_its_start_too():
    # "antos before" has the mask's shape; it starts inside a word, so it is not the masked words
    idx = UnitIndex([unit("c.1", "Please call XMaria Santos before noon.")])
    out = locate(masked_anchor("***** ******", 12, "Please call ", " before noon."), idx)
    assert out.match is None and out.reason == "the masked words are no longer in 'c.1'"


def test_a_mask_without_initials_is_placed_by_its_context():
    text = "Staff phoned Maria Santos at home. The outreach team met Mario Sousas at the clinic."
    a = masked_anchor("***** ******", 0, "The outreach team met ", " at the clinic.")
    out = locate(a, UnitIndex([unit("c.1", text)]))
    assert out.match is not None and out.match.exact == "Mario Sousas"


@pytest.mark.parametrize("name", ["Jose\u0301 Lo\u0301pez", "Ⓜⓐⓡⓘⓐ Ⓢⓐⓝⓣⓞⓢ"])
def test_a_mask_stands_for_marks_and_enclosed_letters_too(name):
    # an accent written apart and a circled letter are starred as letters are, and found as letters
    from lic_policy.privacy import mask

    text = f"Please call {name} before noon."
    out = locate(masked_anchor(mask(name), 12, "Please call ", " before noon."), UnitIndex([unit("c.1", text)]))
    assert out.match is not None and out.match.exact == name


def test_masked_quote_finds_the_words_it_masks():
    text = "Please call Maria Santos before noon."
    out = locate(masked_anchor("M**** S*****", 12, "Please call ", " before noon."), UnitIndex([unit("c.1", text)]))
    assert out.match is not None and out.match.exact == "Maria Santos" and out.match.how == SAME_FIELD
    assert out.match.score == 1.0


def test_masked_quote_covers_whole_words_only():
    idx = UnitIndex([unit("c.1", "Please call XMaria Santos before noon.")])
    assert locate(masked_anchor("M**** S*****", 12), idx).match is None
    idx = UnitIndex([unit("c.1", "Please call Maria Santosa before noon.")])
    out = locate(masked_anchor("M**** S*****", 12), idx)
    assert out.match is None and out.reason == "the masked words are no longer in 'c.1'"
    # a mask that ends in a visible character may be followed by a letter
    idx = UnitIndex([unit("c.1", "call 012-5x today")])
    out = locate(masked_anchor("0**-5", 5, "call ", "x today"), idx)
    assert out.match is not None and out.match.exact == "012-5"


def test_masked_mask_characters_stand_for_letters_and_digits_only():
    idx = UnitIndex([unit("c.1", "call M_x S today")])
    assert locate(masked_anchor("M** S", 5, "call ", " today"), idx).match is None
    idx = UnitIndex([unit("c.1", "call Mex S today")])
    assert locate(masked_anchor("M** S", 5, "call ", " today"), idx).match.exact == "Mex S"


def test_masked_quote_context_picks_between_two_names():
    text = "Staff phoned Maria Santos at home. The outreach team met Mario Sousas at the clinic."
    second = text.index("Mario")
    a = masked_anchor("M**** S*****", 0, "The outreach team met ", " at the clinic.")
    out = locate(a, UnitIndex([unit("c.1", text)]))
    assert out.match is not None and out.match.start == second


def test_masked_context_is_compared_with_its_masks_filled_in():
    # the remembered context holds another masked name; masking alone must not lower its score
    text = "Maria Santos and Jane Doe met Maria Silvas at the clinic; Jane Doe was not there."
    a = masked_anchor("M**** S*****", 0, "Maria Santos and J*** D** met ", " at the clinic; J*** D** was not")
    assert len(a.quote.suffix) == C
    out = locate(a, UnitIndex([unit("c.1", text)]))
    assert out.match is not None and out.match.exact == "Maria Silvas" and out.match.score == pytest.approx(
        score(1.0, 1.0, 1.0, position_score(text.index("Maria Silvas"), 0, len(text))))


def test_masked_quote_ambiguous_between_two_names_is_orphaned():
    text = "Staff phoned Maria Santos at home. Staff phoned Mario Sousas at work."
    a = masked_anchor("M**** S*****", 0, "Someone else entirely ", " and nobody")
    out = locate(a, UnitIndex([unit("c.1", text)]))
    assert out.match is None and out.reason == "the masked words are no longer in 'c.1'"


def test_a_quote_with_a_real_star_is_not_a_mask_when_present_verbatim():
    text = "Rated 5* by the advisory group."
    out = locate(masked_anchor("5*", 6, "Rated ", " by the"), UnitIndex([unit("c.1", text)]))
    assert out.match is not None and out.match.start == 6


# --------------------------------------------------------------------------- exactly at the thresholds
# With 40 characters of remembered context, shares are multiples of 1/40 and a few scores
# land exactly on a threshold in floating point: there ">=" and ">" give different answers.

P40 = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"
S40 = "OPQRSTUVWXYZ0123456789+=!?;:@&$()[]{}<>|"
assert len(P40) == len(S40) == 40


def before40(k: int, fill: str = "#") -> str:
    return fill * (40 - k) + P40[40 - k:]


def after_none(n: int, fill: str = "%") -> str:
    return fill * n


def test_one_place_scoring_exactly_min_score_is_kept():
    # p = 8/40, s = 0, position 1 - 40/100: the score is exactly MIN_SCORE (0.6)
    text = before40(8) + Q + after_none(53)
    assert len(text) == 100
    assert score(1.0, 8 / 40, 0.0, position_score(40, 80, 100)) == 0.6
    out = locate(anchor(Q, 80, prefix=P40, suffix=S40), UnitIndex([unit("c.1", text)]))
    assert out.match is not None and (out.match.start, out.match.how) == (40, SAME_FIELD)


def test_two_places_best_scoring_exactly_min_score_is_kept():
    # A: p = 8/40 (mean 0.1), B: nothing (mean 0): exactly the margin, and A scores exactly 0.6
    text = before40(8) + Q + before40(0, "~") + Q + after_none(6)
    assert len(text) == 100 and text.index(Q, 41) == 87
    out = locate(anchor(Q, 80, prefix=P40, suffix=S40), UnitIndex([unit("c.1", text)]))
    assert out.match is not None and (out.match.start, out.match.how) == (40, SAME_FIELD)


def test_two_places_exactly_the_margin_apart_are_told_apart():
    # mean contexts 0.2 and 0.1: exactly AMBIGUITY_MARGIN apart (0.2 - 0.1 == 0.1 in floating point)
    text = before40(16) + Q + before40(8, "~") + Q + after_none(40)
    assert ((16 / 40 + 0.0) / 2) - ((8 / 40 + 0.0) / 2) == 0.1
    out = locate(anchor(Q, 40, prefix=P40, suffix=S40), UnitIndex([unit("c.1", text)]))
    assert out.match is not None and out.match.start == 40


def test_fuzzy_scoring_exactly_min_score_is_kept():
    # similarity 0.75, p = 33/40, s = 0, position 1 - 40/100: exactly 0.6
    new_quote = QUOTE20[:8] + "#####" + QUOTE20[13:]
    text = before40(33) + new_quote + after_none(40)
    assert len(text) == 100 and score(0.75, 33 / 40, 0.0, 0.6) == 0.6
    out = locate(anchor(QUOTE20, 80, prefix=P40, suffix=S40), UnitIndex([unit("c.1", text)]))
    assert out.match is not None and (out.match.start, out.match.end, out.match.how) == (40, 60, FUZZY)
    assert out.match.score == 0.6


# --------------------------------------------------------------------------- where fuzzy candidates come from
# A candidate span starts where the quote's head or the remembered prefix is found, and ends
# where its tail or the remembered suffix is found; each source alone must be enough.


def test_fuzzy_at_the_start_of_a_field():
    new_quote = QUOTE20[:15] + "#####"
    text = new_quote + OLD_SUFFIX
    out = locate(anchor(QUOTE20, 0, prefix=""), UnitIndex([unit("c.1", text)]))
    assert out.match is not None and (out.match.start, out.match.end, out.match.how) == (0, 20, FUZZY)
    assert out.match.score == pytest.approx((50 * 0.75 + 20 + 20 + 2) / 92)


def test_fuzzy_at_the_end_of_a_field_from_the_quote_alone():
    # no remembered context at all: head and tail of the quote (found one character in) give the span
    new_quote = "#####" + QUOTE20[5:]
    text = "X" + new_quote
    out = locate(anchor(QUOTE20, 1, prefix="", suffix=""), UnitIndex([unit("c.1", text)]))
    assert out.match is not None and (out.match.start, out.match.end) == (1, 21)
    assert out.match.score == pytest.approx((50 * 0.75 + 0 + 20 + 2) / 92)


QUOTE64 = "Staff treat every report of violence against sex workers quickly."[:64]
assert len(QUOTE64) == 64


def test_fuzzy_start_from_the_prefix_when_the_head_changed():
    # the first 16 of 64 characters changed: the head no longer matches, the prefix places the start
    new_quote = "#" * 16 + QUOTE64[16:]
    text = OLD_PREFIX + new_quote + OLD_SUFFIX
    out = locate(anchor(QUOTE64, C), UnitIndex([unit("c.1", text)]))
    assert out.match is not None and (out.match.start, out.match.end) == (C, C + 64)
    assert out.match.score == pytest.approx((50 * 0.75 + 20 + 20 + 2) / 92)


def test_fuzzy_end_from_the_suffix_when_the_tail_changed():
    new_quote = QUOTE64[:48] + "#" * 16
    text = OLD_PREFIX + new_quote + OLD_SUFFIX
    out = locate(anchor(QUOTE64, C), UnitIndex([unit("c.1", text)]))
    assert out.match is not None and (out.match.start, out.match.end) == (C, C + 64)


def test_fuzzy_similarity_counts_against_the_longer_of_the_two():
    # 5 of 20 characters deleted: 5 edits over 20 characters is 0.75 (kept), not 5 over 15
    new_quote = QUOTE20[:6] + QUOTE20[11:]
    assert len(new_quote) == 15
    text = OLD_PREFIX + new_quote + OLD_SUFFIX
    out = locate(anchor(QUOTE20, C), UnitIndex([unit("c.1", text)]))
    assert out.match is not None and (out.match.start, out.match.end) == (C, C + 15)
    assert out.match.score == pytest.approx((50 * 0.75 + 20 + 20 + 2) / 92)


def test_elsewhere_long_quote_scoring_exactly_the_bound_is_kept():
    # 50 characters of remembered context: p = 8/50 makes (50 + 20 p)/92 exactly MIN_SCORE - 2/92
    prefix50, suffix50 = "abcdefghijklmnopqrstuvwxyz" + "ABCDEFGHIJKLMNOPQRSTUVWX", "0123456789" * 5
    quote = "peer-led outreach wo"
    text = "#" * 42 + prefix50[-8:] + quote + "%" * 50
    assert score(1.0, 8 / 50, 0.0, 0.0) == 0.6 - 2 / 92
    out = locate(anchor(quote, 50, prefix=prefix50, suffix=suffix50), UnitIndex([unit("c.2", text)]))
    assert out.match is not None and (out.match.start, out.match.exact, out.match.how) == (50, quote, ELSEWHERE)


def test_found_matches_hold_their_unit_and_the_quoted_words():
    text, a, b = two_places(32, 7, 32, 0)
    out = locate(anchor(Q, b), UnitIndex([unit("c.1", text)]))
    assert out.match.unit.element == "c.1" and out.match.exact == Q and out.match.end == a + len(Q)
    out = locate(anchor(Q, C), UnitIndex(elsewhere((32, 0))))
    assert out.match.unit.element == "c.2" and out.match.exact == Q and out.match.end == C + len(Q)


def test_three_identical_places_the_middle_one_nearest_the_old_place_wins():
    body = OLD_PREFIX + Q + OLD_SUFFIX
    text = body + "." + body + "." + body
    middle = len(body) + 1 + C
    out = locate(anchor(Q, middle + 5), UnitIndex([unit("c.1", text)]))
    assert out.match is not None and out.match.start == middle and out.match.how == SAME_FIELD


def test_overlapping_occurrences_are_all_candidates():
    # "aa" occurs at 3 and 4 of "Zbbaaacc"; the remembered context ("bba" / "cc") is around 4
    a = Anchor(clause="c.1", field="text", quote=TextQuote(exact="aa", prefix="bba", suffix="cc"),
               position=TextPosition(start=3, end=5))
    out = locate(a, UnitIndex([unit("c.1", "Zbbaaacc")]))
    assert out.match is not None and (out.match.start, out.match.how) == (4, SAME_FIELD)
    assert [st for _u, st in UnitIndex([unit("c.1", "aaa")]).find_all("aa")] == [0, 1]


def test_one_character_contexts_and_fields():
    assert context_scores("x" + Q, 1, 1 + len(Q), "x", "") == (1.0, 1.0)
    assert context_scores(Q + "y", 0, len(Q), "", "y") == (1.0, 1.0)
    assert position_score(1, 0, 1) == 0.0 and position_score(0, 0, 1) == 1.0


def test_fuzzy_longer_candidate_similarity_is_over_its_own_length():
    # 4 characters inserted into 20: 4 edits over the 24 characters of the new words
    new_quote = "treat every new report a"
    text = before(32) + new_quote + after(32)
    out = locate(anchor(QUOTE20, C), UnitIndex([unit("c.1", text)]))
    assert out.match is not None and out.match.exact == new_quote
    assert out.match.score == pytest.approx((50 * (1 - 4 / 24) + 20 + 20 + 2) / 92)


def test_fuzzy_start_from_the_prefix_found_one_character_in():
    new_quote = "#" * 16 + QUOTE64[16:]
    text = "X" + OLD_PREFIX + new_quote + OLD_SUFFIX
    out = locate(anchor(QUOTE64, C + 1), UnitIndex([unit("c.1", text)]))
    assert out.match is not None and (out.match.start, out.match.end) == (C + 1, C + 65)


# --------------------------------------------------------------------------- masked quotes, whole words


def test_masked_whole_word_rule_with_context_that_would_otherwise_place_it():
    # each rejected text keeps a context that would place the mask if the word rule let it
    a = masked_anchor("M**** S*****", 12, "Please call ", " before noon.")
    for text in ("Please call XMaria Santos before noon.", "Please call Maria Santosa before noon."):
        assert locate(a, UnitIndex([unit("c.1", text)])).match is None, text
    b = masked_anchor("M**** S*****", 1, "", " before noon.")
    assert locate(b, UnitIndex([unit("c.1", "XMaria Santos before noon.")])).match is None


def test_masked_a_rejected_place_does_not_hide_a_later_one():
    text = "XMaria Santos and then, please call Maria Santos before noon."
    a = masked_anchor("M**** S*****", 36, "please call ", " before noon.")
    out = locate(a, UnitIndex([unit("c.1", text)]))
    assert out.match is not None and out.match.start == text.rindex("Maria Santos")


def test_masked_at_the_start_and_at_the_end_of_a_field():
    text = "Maria Santos called back"
    out = locate(masked_anchor("M**** S*****", 0, "", " called back"), UnitIndex([unit("c.1", text)]))
    assert out.match is not None and out.match.start == 0
    text = "Please call Maria Santos"
    out = locate(masked_anchor("M**** S*****", 12, "Please call ", ""), UnitIndex([unit("c.1", text)]))
    assert out.match is not None and out.match.exact == "Maria Santos"


def test_masked_identical_contexts_the_nearest_wins():
    pre, suf = OLD_PREFIX[:-1] + " ", " " + OLD_SUFFIX[1:]  # the mask covers whole words
    text = pre + "Maria Santos" + suf + "." + pre + "Mario Sousas" + suf
    second = text.index("Mario")
    out = locate(masked_anchor("M**** S*****", second - 3, pre, suf), UnitIndex([unit("c.1", text)]))
    assert out.match is not None and out.match.exact == "Mario Sousas"
    out = locate(masked_anchor("M**** S*****", C + 3, pre, suf), UnitIndex([unit("c.1", text)]))
    assert out.match.exact == "Maria Santos"


def test_masked_one_weak_place_is_orphaned():
    text = "Staff phoned Maria Santos at home."
    out = locate(masked_anchor("M**** S*****", 13, "nothing like it:", "; nor this"), UnitIndex([unit("c.1", text)]))
    assert out.match is None and out.reason == "the masked words are no longer in 'c.1'"


def test_masked_context_fills_in_only_its_masks():
    # only the masked letters are taken from the text: "met" stays "met" against "saw"
    text = "Maria Santos and Jane Doe saw Maria Silvas at the clinic; Jane Doe was not there."
    st = text.index("Maria Silvas")
    prefix = "Maria Santos and J*** D** met "
    suffix = " at the clinic; J*** D** was not"
    out = locate(masked_anchor("M**** S*****", 0, prefix, suffix), UnitIndex([unit("c.1", text)]))
    p, s = context_scores(text, st, st + 12, "Maria Santos and Jane Doe met ", " at the clinic; Jane Doe was not")
    assert p < 1.0 and s == 1.0
    assert out.match is not None and out.match.start == st
    assert out.match.score == pytest.approx(score(1.0, p, s, position_score(st, 0, len(text))))


def test_masked_context_longer_than_the_text_around_it():
    # the remembered prefix is longer than the text now before the name: its right end is
    # compared (and unmasked) against what is there; the suffix's left end likewise
    text = "Ask Jane Doe to call Maria Santos on Monday."
    st = text.index("Maria")
    prefix = "Outreach workers: ask J*** D** to call "
    suffix = " on Monday. They will"
    out = locate(masked_anchor("M**** S*****", st, prefix, suffix), UnitIndex([unit("c.1", text)]))
    p, s = context_scores(text, st, st + 12, "Outreach workers: ask Jane Doe to call ", suffix)
    assert out.match is not None and out.match.start == st
    assert out.match.score == pytest.approx(score(1.0, p, s, 1.0))


# --------------------------------------------------------------------------- masked quotes, the mutation survivors of tests9


def test_a_mask_ending_in_a_star_never_takes_the_head_of_a_longer_word():
    # "J*" stands for a whole two-letter word: the "Jo" of "Joe" is no candidate, even with the
    # remembered prefix right before it ("Call "); the real "Jo" keeps the suffix (" soon.")
    text = "Call Joe now. Ring Jo soon."
    real = text.index("Jo ")
    out = locate(masked_anchor("J*", real, "Call ", " soon."), UnitIndex([unit("c.1", text)]))
    assert out.match is not None and (out.match.start, out.match.exact) == (real, "Jo")


def test_masked_context_after_the_words_fills_in_only_its_masks():
    # the suffix's masked name is filled in from the text; its changed words ("was not" -> "saw it")
    # still count against the context: the score is the one the unmasked context gives
    text = "Maria Santos and Jane Doe met Maria Silvas at the clinic; Jane Doe saw it."
    st = text.index("Maria Silvas")
    out = locate(masked_anchor("M**** S*****", st, "Maria Santos and J*** D** met ", " at the clinic; J*** D** was not"),
                 UnitIndex([unit("c.1", text)]))
    p, s = context_scores(text, st, st + 12, "Maria Santos and Jane Doe met ", " at the clinic; Jane Doe was not")
    assert p == 1.0 and s < 1.0
    assert out.match is not None and out.match.start == st and out.match.score == pytest.approx(score(1.0, p, s, 1.0))


def test_masked_context_reaching_the_first_character_of_the_field_is_filled_in_whole():
    # the remembered prefix is all the text before the words, its first character a mask:
    # masking alone never lowers the context score, at the field's first character too
    text = "5550199 called Maria Silvas at the clinic."
    st = text.index("Maria")
    prefix = "******* called "
    assert len(prefix) == st
    out = locate(masked_anchor("M**** S*****", st, prefix, " at the clinic."), UnitIndex([unit("c.1", text)]))
    assert out.match is not None and out.match.start == st and out.match.score == 1.0


def test_masked_context_cut_short_by_the_end_of_the_field_is_filled_in_from_its_start():
    # the words after the quote were shortened to the end of the field: the remembered suffix is
    # lined up with the text from its start (not its end), so its masked number still matches
    text = "Staff met Maria Silvas at 5550199"
    st = text.index("Maria")
    suffix = " at ******* today"
    out = locate(masked_anchor("M**** S*****", st, "Staff met ", suffix), UnitIndex([unit("c.1", text)]))
    after = text[st + 12:]
    assert len(after) == 11 < len(suffix)
    assert out.match is not None and out.match.start == st
    assert out.match.score == pytest.approx(score(1.0, 1.0, 11 / len(suffix), 1.0))


def test_fuzzy_an_end_found_before_the_start_does_not_stop_the_search_for_the_real_end():
    # the remembered suffix (" in the city centre") now stands earlier in the field, before the
    # quote: an impossible end is passed over and the quote's own end still tried (with the
    # ends as CPython's set orders them, that impossible end comes first)
    text = "Outreach happens in the city centre.  The city will offer suppert for sex workers across town."
    st = text.index("suppert")
    m = fuzzy(unit("c.1", text), "support for sex workers", "The city will offer ", " in the city centre", st)
    assert m is not None and (m.start, m.end, m.how) == (st, st + 23, FUZZY) and m.exact == "suppert for sex workers"
