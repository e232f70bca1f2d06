"""mask29: a mask keeps no letter or digit of what it masks.

The mask kept each word's first character ("Maria Santos" → "M**** S*****"). A privacy audit
pointed out that in a small, known group — an advisory panel of 5 to 15 reviewers — initials
and word lengths can be enough to tell who someone is. Every letter and digit (and every mark
on one) is now a star; spaces and punctuation stay, and so does the length, so offsets into the
text still point right. Masks written by earlier versions into review files are masked again
by `review reanchor` and `check --write-review`."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from lic_policy.privacy import find_identities, mask, mask_hits, redact

from .conftest import GOOD, run_cli

NAME = "Maria Santos"


def _letters(text: str) -> set[str]:
    """The letters and digits of ``text``, as a reader reads them (Ⓜ and Ｍ are M)."""
    out = set()
    for c in text:
        n = unicodedata.normalize("NFKC", c)
        out.update(x.casefold() for x in n if x.isalnum())
    return out


@pytest.mark.parametrize("text", [
    "Maria Santos", "maria santos", "Ms. Rivera", "Nguyễn Thị Lan", "陈美玲", "김민준", "Иван Петров",
    "jo.smith@example.org", "maria [at] example [dot] org", "604-555-0199", "+33 1 23 45 67 89",
    "@maryjones", "instagram.com/maryjones", "45 rue de Rivoli", "maria.santos", "m.santos",
    "Ⓜⓐⓡⓘⓐ Ⓢⓐⓝⓣⓞⓢ", "⑥⓪④-⑤⑤⑤-⓪①⑨⑨", "Ｍａｒｉａ Ｓａｎｔｏｓ",
    "Jose\u0301 Lo\u0301pez",  # accents written as combining marks
    "प्रिया", "Ⅻ", "O'Malley-Brown",
])
def test_a_mask_keeps_no_letter_or_digit_of_the_original(text):
    masked = mask(text)
    assert _letters(masked) == set(), (text, masked)
    assert not _letters(masked) & _letters(text)
    assert len(masked) == len(text)
    # spaces and punctuation stay where they were: only letters, digits and their marks become stars
    for c, m in zip(text, masked):
        assert m == c or m == "*", (text, masked)
        assert (m == "*") == (c != "*" and unicodedata.category(c)[0] in "LNM" or _letters(c) != set()), (c, m)


def test_the_mask_of_a_mask_is_the_same_mask():
    assert mask(mask(NAME)) == mask(NAME) == "***** ******"
    assert mask("M**** S*****") == "***** ******"  # a mask an earlier version wrote


def test_found_identities_are_masked_without_initials():
    text = "Ask Maria Santos (maria [at] example [dot] org, +33 1 23 45 67 89, @maryjones) at 45 rue de Rivoli."
    hits = find_identities(text)
    assert len(hits) == 5
    masked = mask_hits(text, hits)
    assert len(masked) == len(text)
    for h in hits:
        assert _letters(h.masked) == set() and masked[h.start:h.end] == h.masked, h
    assert redact(text) == masked
    assert masked == "Ask ***** ****** (***** [**] ******* [***] ***, +** * ** ** ** **, @*********) at ** *** ** ******."


# ---------------------------------------------------------------------------- every output


def _named_record(tmp_path: Path) -> Path:
    text = GOOD.read_text(encoding="utf-8")
    old = "      The Eastside Working People's Collective, Sisters of the Cedar and Migrant Workers\n"
    assert old in text
    text = text.replace(old, "      The Eastside Working People's Collective chose Maria Santos and Tom Whitecloud\n"
                             "      (tom.w@example.org, 604 555 0142). Sisters of the Cedar and Migrant Workers\n", 1)
    target = tmp_path / "g.yaml"
    target.write_text(text, encoding="utf-8")
    return target


# a letter or digit right before a star, at the start of a word: an initial left by a mask
_INITIAL = re.compile(r"(?<![\w*])[^\W_]\*")


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit", "review"])
def test_no_output_format_keeps_an_initial(tmp_path, fmt):
    target = _named_record(tmp_path)
    r = run_cli("check", "--no-cache", "--only", "privacy", "--format", fmt, str(target))
    assert r.exit_code == 1, r.stdout + r.stderr
    out = r.stdout
    assert "***** ******" in out and "*** **********" in out and "*** *** ****" in out, out
    assert not _INITIAL.search(out), _INITIAL.search(out)
    if fmt == "json":
        for f in json.loads(out)["findings"]:
            assert _letters(f["match"]) == set(), f
            assert _letters(f["anchor"]["quote"]["exact"]) == set(), f


def test_a_review_file_with_old_masks_is_masked_again(tmp_path):
    """Review threads written before mask29 quote `M**** S*****`: `review reanchor` masks them
    again (the words stayed where they were), and so does `check --write-review`."""
    target = _named_record(tmp_path)
    r = run_cli("check", "--no-cache", "--only", "privacy", "--write-review", str(target))
    assert r.exit_code == 1
    review = tmp_path / "g.review.yaml"
    new = review.read_text(encoding="utf-8")
    assert "exact: '***** ******'" in new or 'exact: "***** ******"' in new, new
    # the file as an earlier version wrote it: each masked word kept its first character
    old = new.replace("***** ******", "M**** S*****").replace("*** **********", "T** W*********") \
             .replace("***.*@*******.***", "t**.w@e******.o**").replace("*** *** ****", "6** 5** 0***")
    assert old != new and "M**** S*****" in old
    for command in (("review", "reanchor", str(target)),
                    ("check", "--no-cache", "--only", "privacy", "--write-review", str(target))):
        review.write_text(old, encoding="utf-8")
        r = run_cli(*command)
        assert r.exit_code in (0, 1), r.stdout + r.stderr
        again = review.read_text(encoding="utf-8")
        assert not _INITIAL.search(again), (command, _INITIAL.search(again), again)
        assert "original:" not in again  # the words did not change: no earlier quote to keep
        assert again.count("\n  - id: ") == new.count("\n  - id: ")  # no thread added twice
        if command[0] == "review":
            assert "4 stayed, 0 moved, 0 orphaned" in r.stdout, r.stdout


def _old_mask(text: str) -> str:
    """The mask before mask29: each run of letters or digits kept its first character."""
    out, prev = [], False
    for c in text:
        out.append("*" if c.isalnum() and prev else c)
        prev = c.isalnum()
    return "".join(out)


def test_findings_cached_with_the_old_masks_are_not_handed_back(tmp_path, monkeypatch):
    """The check cache keeps each file's findings, masks and all: a result an earlier version
    cached (format 2, initials kept) is not reused."""
    import lic_policy.checks.privacy as check_privacy
    import lic_policy.privacy as privacy
    from lic_policy.checks.runner import Cache

    monkeypatch.chdir(tmp_path)
    target = _named_record(tmp_path)
    with monkeypatch.context() as old:
        old.setattr(Cache, "RESULT_FORMAT", 2)
        old.setattr(privacy, "mask", _old_mask)
        old.setattr(check_privacy, "mask", _old_mask)
        r = run_cli("check", "--only", "privacy", "--format", "json", str(target))
        assert r.exit_code == 1 and "M**** S*****" in r.stdout
        assert "M**** S*****" in run_cli("check", "--only", "privacy", "--format", "json", str(target)).stdout
    r = run_cli("check", "--only", "privacy", "--format", "json", str(target))
    assert r.exit_code == 1 and "***** ******" in r.stdout and not _INITIAL.search(r.stdout), r.stdout


def test_old_masks_of_closed_and_orphaned_threads_are_masked_again_where_they_are(tmp_path):
    """A thread `review reanchor` does not move — resolved, or its words gone — keeps its place,
    and its masks are masked again there: quote, context and comment."""
    target = _named_record(tmp_path)
    assert run_cli("check", "--no-cache", "--only", "privacy", "--write-review", str(target)).exit_code == 1
    review = tmp_path / "g.review.yaml"
    new = review.read_text(encoding="utf-8")
    old = new.replace("***** ******", "M**** S*****").replace("*** **********", "T** W*********")
    old = old.replace("status: open", "status: resolved", 1)  # the thread on Maria Santos
    review.write_text(old, encoding="utf-8")
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("chose Maria Santos and Tom Whitecloud", "chose two representatives"),
                      encoding="utf-8")
    r = run_cli("review", "reanchor", str(target))
    assert r.exit_code == 0, r.stdout + r.stderr
    assert "1 orphaned" in r.stdout, r.stdout
    again = review.read_text(encoding="utf-8")
    assert "M****" not in again and "T** W" not in again and not _INITIAL.search(again), again
    assert again.count("***** ******") == new.count("***** ******"), again
