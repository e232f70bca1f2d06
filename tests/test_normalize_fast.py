"""``normalize.for_matching`` looks only at a text's non-ASCII characters, each kind once per
process; it must give exactly what the character-by-character definition below gives (the
text the rules read and the map back to the text as written), for any text."""

from __future__ import annotations

import unicodedata
from typing import Optional

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lic_policy.checks.normalize import INVISIBLE, confusable_map, for_matching, to_original


def defined(text: str) -> tuple[str, Optional[list[int]]]:
    """The definition: every character in turn (the implementation before issue 17's speed work)."""
    if text.isascii():
        return text, None
    out: list[str] = []
    back: list[int] = []
    changed = False
    for i, ch in enumerate(text):
        if ch.isascii():
            out.append(ch)
            back.append(i)
            continue
        if ch in INVISIBLE or (unicodedata.category(ch) in ("Mn", "Me") and out and out[-1].isascii()
                               and out[-1].isalpha()):
            changed = True
            continue
        mapped = unicodedata.normalize("NFKC", ch)  # an ASCII compatibility form first (the long s is "s")
        if mapped == ch or not all(c.isascii() for c in mapped):
            mapped = (confusable_map().get(ch) if ch.isalpha() else None) or ch
        if mapped != ch:
            changed = True
        for c in mapped:
            out.append(c)
            back.append(i)
    if not changed:
        return text, None
    back.append(len(text))
    return "".join(out), back


# letters and marks that fold, drop or stay: look-alikes, full-width and mathematical letters,
# ligatures, invisible characters, combining marks, curly quotes and dashes, CJK, emoji
ODD = ("о", "а", "е", "ѕ", "Ꭺ", "ｐ", "𝐩", "ﬁ", "\u00ad", "\u200b", "\ufeff", "\u0301", "\u20dd", "\u0327",
       "’", "“", "—", "\xa0", "é", "ß", "İ", "ı", "K", "ſ", "中", "😀", "\u2028", "²", "½", "Å")
TEXTS = st.lists(st.one_of(st.sampled_from(ODD), st.text(max_size=4), st.sampled_from(["pro", "stitute", " ", "e"])),
                 max_size=30).map("".join)


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_for_matching_is_the_character_by_character_definition(text):
    assert for_matching(text) == defined(text)


@pytest.mark.slow  # the property above at 1500 examples (make test runs 150; it ran 400)
@settings(max_examples=1500, deadline=None)
@given(TEXTS)
def test_for_matching_is_the_character_by_character_definition_1500_examples(text):
    test_for_matching_is_the_character_by_character_definition.hypothesis.inner_test(text)


def test_examples_fold_drop_and_stay():
    for text in ("pros\u200btitute", "prоstitute", "ｐｒｏｓｔｉｔｕｔｅ", "cafe\u0301 and \u0301alone", "the sex workers’ “union”",
                 "ﬁne — ok", "", "plain", "\u0301", "о\u0301"):
        assert for_matching(text) == defined(text), text
    folded, back = for_matching("a\u200bprоs")
    assert folded == "apros" and back == [0, 2, 3, 4, 5, 6] and to_original(back, 1, 5) == (2, 6)
    assert for_matching("the sex workers’ “union”") == ("the sex workers’ “union”", None)
