"""``store.mark_run`` at its boundary: the count of characters outside ASCII that lets it skip
its expression (a run needs more than ``MAX_MARKS`` of them) never hides a run; the property
over every kind of text is ``test_hostile_round12.test_mark_run_finds_every_pile_over_the_limit_and_nothing_else``."""

from __future__ import annotations

import pytest

from lic_policy.store import MAX_MARKS, mark_run


@pytest.mark.parametrize("before,after", [("", ""), ("Staff met ", " at noon."), ("— ", " —")])
def test_a_pile_one_over_the_limit_is_found_and_one_at_the_limit_is_not(before, after):
    over = before + "a" + "\u0301" * (MAX_MARKS + 1) + after
    at = before + "a" + "\u0301" * MAX_MARKS + after
    assert mark_run(over) == (len(before) + 1, MAX_MARKS + 1)
    assert mark_run(at) is None


def test_a_text_of_fewer_characters_outside_ascii_than_a_run_is_none_even_with_a_lone_surrogate():
    assert mark_run("plain text, " * 50 + "\ud800") is None
    assert mark_run("é" * MAX_MARKS) is None
