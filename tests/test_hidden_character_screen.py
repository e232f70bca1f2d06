"""`validate` looks at each text of a guideline for control characters, direction overrides,
noncharacters, hidden tag characters and piles of combining marks only when the file's source
may hold one (``store.may_hold_hidden_characters``). These tests pin that the screen never
passes over a text `validate` would refuse."""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lic_policy.errors import LicPolicyError
from lic_policy.store import may_hold_hidden_characters, parse

# letters and spaces, accented and combining letters, joiners and variation selectors, the tag
# characters of a flag, CJK, and each kind of character a text may not hold
ALPHABET = st.sampled_from(list("ab é") + ["\u0301", "\u200d", "\ufe0f", "\U0001F3F4", "\U000E0067",
                                            "\U000E007F", "指", "\x07", "\x1b", "\x85", "\u202e", "\ufdd0",
                                            "\uffff", "\U0010FFFE", "\\"])


def _refused_in_texts(source: str) -> list[str]:
    doc = parse(source, "g.yaml")
    doc._character_issues(doc.data, ())
    return [i.message for i in doc.issues]


@settings(max_examples=300)
@given(st.lists(ALPHABET, max_size=60).map("".join), st.sampled_from(["json", "single", "plain-list"]))
@example("\u0301" * 40, "single")  # a pile of marks written as it is
@example("\U000E0041\U000E0042", "single")  # hidden tag characters spelling letters
@example("\x07", "json")  # a control character only an escape can write
def test_the_screen_never_passes_over_a_text_validate_refuses(words, how):
    if how == "json":  # a double-quoted YAML text, with JSON's escapes for controls
        source = f"title: {json.dumps(words, ensure_ascii=False)}\n"
    elif how == "single":
        source = "title: '" + words.replace("'", "''") + "'\n"
    else:
        source = "sections:\n  - clauses:\n      - text: '" + words.replace("'", "''") + "'\n"
    try:
        refused = _refused_in_texts(source)
    except LicPolicyError:
        return  # the reader refuses it before any text is looked at
    if refused:
        assert may_hold_hidden_characters(source), (source, refused)


@pytest.mark.parametrize("source", [
    'title: "Outreach \\u202Ebackwards"\n',  # an escape: the source shows no override
    'title: "\\e[2J cleared"\n',
    "title: 'a flag-less tag \U000E0041 here'\n",
    "title: 'e" + "\u0301" * 33 + "'\n",
])
def test_a_source_that_can_hold_a_refused_character_is_looked_at(source):
    assert may_hold_hidden_characters(source)
    assert _refused_in_texts(source)


@pytest.mark.parametrize("source", [
    "title: Outreach services for sex workers\n",
    "title: 'Services de proximité pour les travailleuses du sexe'\n",
    "title: 'Wales \U0001F3F4\U000E0067\U000E0062\U000E0077\U000E006C\U000E0073\U000E007F'\n",
])
def test_a_source_without_one_is_passed_over(source):
    assert _refused_in_texts(source) == []
    assert may_hold_hidden_characters(source) == ("\U000E0067" in source)
