"""`check`'s text report shows the source line clipped around the match: at most ~120
columns, an ellipsis on each cut side, the caret under the match, never a whole 1 MB line.
Flagged words here are test fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lic_policy.report.text import ELLIPSIS, WIDTH, clip

from .conftest import run_cli


def _caret_target(shown: str, col: int, width: int) -> str:
    return shown[col - 1:col - 1 + width]


def test_short_lines_are_shown_whole():
    line = "Outreach staff met prostitutes near the park."
    shown, col, width = clip(line, 20, 11)
    assert shown == line and col == 20 and width == 11
    assert _caret_target(shown, col, width) == "prostitutes"


def test_tabs_show_as_one_column():
    shown, col, width = clip("\tStaff met prostitutes.", 12, 11)
    assert shown == " Staff met prostitutes." and _caret_target(shown, col, width) == "prostitutes"


def test_a_long_line_is_clipped_around_the_match_with_ellipses():
    line = "a" * 5000 + " prostitutes " + "b" * 5000
    column = 5002
    shown, col, width = clip(line, column, 11)
    assert len(shown) <= WIDTH
    assert shown.startswith(ELLIPSIS) and shown.endswith(ELLIPSIS)
    assert _caret_target(shown, col, width) == "prostitutes"
    # the match sits near the middle
    assert abs(col - len(shown) / 2) < 10


def test_match_near_either_end_cuts_one_side_only():
    line = "Prostitutes " + "x" * 500
    shown, col, width = clip(line, 1, 11)
    assert not shown.startswith(ELLIPSIS) and shown.endswith(ELLIPSIS) and col == 1
    assert _caret_target(shown, col, width) == "Prostitutes"
    line = "x" * 500 + " prostitutes"
    shown, col, width = clip(line, 502, 11)
    assert shown.startswith(ELLIPSIS) and not shown.endswith(ELLIPSIS)
    assert _caret_target(shown, col, width) == "prostitutes" and len(shown) <= WIDTH


def test_a_match_wider_than_the_room_shows_its_start():
    line = "y" * 300 + "z" * 400 + "y" * 300
    shown, col, width = clip(line, 301, 400)
    assert len(shown) <= WIDTH and shown[col - 1] == "z" and col == 2
    assert set(_caret_target(shown, col, width)) == {"z"}
    assert col - 1 + width <= len(shown) - 1  # the caret stops before the right ellipsis


@given(before=st.integers(0, 3000), match=st.integers(1, 300), after=st.integers(0, 3000),
       limit=st.integers(20, 200))
def test_clip_property(before, match, after, limit):
    line = "." * before + "M" * match + "." * after
    shown, col, width = clip(line, before + 1, match, limit)
    assert len(shown) <= limit
    assert width >= 1 and set(_caret_target(shown, col, width)) == {"M"}
    left, right = shown.startswith(ELLIPSIS), shown.endswith(ELLIPSIS)
    core = shown[int(left):len(shown) - int(right)]
    lo = before - (col - 1 - int(left))  # where the shown text starts in the line
    assert line[lo:lo + len(core)] == core
    assert left == (lo > 0) and right == (lo + len(core) < len(line))  # an ellipsis exactly where it was cut
    if len(line) <= limit:
        assert shown == line


@pytest.mark.slow
def test_check_never_prints_a_1mb_line(tmp_path):
    # must-flag fixtures: stigmatizing words in a 1 MB paragraph written on one line
    sentence = "The council reviewed the outreach budget and the new clinic hours for the district. "
    text = sentence * 6000 + "Staff met prostitutes there. " + sentence * 6000 + "\n"
    assert len(text) > 1_000_000
    target = tmp_path / "one-line.txt"
    target.write_text(text, encoding="utf-8")
    res = run_cli("check", "--no-cache", "--fail-on", "none", str(target))
    lines = res.stdout.splitlines()
    # the source lines and carets are clipped (a finding's first line holds the file's path,
    # whose length depends on where the test runs)
    assert max(len(ln) for ln in lines if ln.startswith("    ")) < WIDTH + 40
    assert len(res.stdout) < 5_000
    i = next(k for k, ln in enumerate(lines) if "lang.prostitute" in ln)
    assert lines[i].startswith(f"{target}:1:{len(sentence) * 6000 + 11}:")
    src, caret = lines[i + 1], lines[i + 2]
    assert src.startswith("    " + ELLIPSIS) and src.endswith(ELLIPSIS)
    a = caret.index("^")
    assert src[a:caret.rindex("^") + 1] == "prostitutes"


def test_a_rules_source_is_cited_once_a_file_and_at_every_finding_with_verbose(tmp_path):
    """Five to-do items printed the same citation five times; the text report now cites a
    rule's source at its first finding in each file (and at every one with --verbose)."""
    # fixture text the checks must flag (stigmatizing words, twice in each file)
    text = "Outreach staff met prostitutes near the park.\n\nLater, two prostitutes asked for condoms.\n"
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "b.txt").write_text(text)
    out = run_cli("check", "--no-cache", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")).stdout
    assert out.count("lang.prostitute") == 4
    assert out.count("source: UNAIDS Terminology Guidelines") == 2  # once in each file
    out_v = run_cli("check", "--no-cache", "-v", str(tmp_path / "a.txt")).stdout
    assert out_v.count("source: UNAIDS Terminology Guidelines") == 2


def test_a_finding_on_a_block_scalar_shows_its_first_line_not_the_indicator(tmp_path):
    """A to-do item written as a YAML block scalar (`- text: |-` and the words on the lines
    below, as `import` writes a long one) showed `- text: |-` with carets under it: nothing a
    drafter could read. The report shows the first line of the words instead, carets under
    them (ux12)."""
    g = tmp_path / "g.yaml"
    src = (Path(__file__).parent.parent / "guidelines" / "cedar-harbour-early-draft.yaml").read_text(encoding="utf-8")
    assert "todo:" not in src
    src = src.replace("\npurpose:", "\ntodo:\n  - text: |-\n      Check the services directory made from the table: fill in the hours\n"
                      "      and the languages of each service.\npurpose:", 1)
    g.write_text(src, encoding="utf-8")
    r = run_cli("check", str(g), "--only", "draft.todo")
    out = r.stdout
    assert "to do: Check the services directory" in out, out
    # ux15: a to-do item's words are its message, printed once: no excerpt of the same words
    # (and never `- text: |-`) under it
    assert "|-" not in out and out.count("Check the services directory made from the table") == 1, out
    lines = out.splitlines()
    i = next(k for k, line in enumerate(lines) if "draft.todo" in line)
    assert lines[i + 1].strip().startswith("suggestion:"), out


def test_a_to_do_items_message_does_not_repeat_a_phone_number_or_a_name(tmp_path):
    """The to-do item's finding quotes the item: a phone number in it was printed whole in the
    message (and so in a CI log or a pull request annotation) while the privacy finding on the
    same words, and the source line under it, showed it masked."""
    g = tmp_path / "g.yaml"
    src = (Path(__file__).parent.parent / "guidelines" / "cedar-harbour-early-draft.yaml").read_text(encoding="utf-8")
    g.write_text(src.replace("\npurpose:", "\ntodo:\n  - text: Call the outreach lead at 604-555-0143 about the hours.\n"
                             "purpose:", 1), encoding="utf-8")
    for fmt in ("text", "json", "github"):
        r = run_cli("check", str(g), "--format", fmt)
        assert "604-555-0143" not in r.stdout, (fmt, r.stdout[:2000])
        assert "to do: Call the outreach lead at" in r.stdout.replace("\\u2026", "")
