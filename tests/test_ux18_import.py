"""ux18: a drafter imports the made-up Millhaven draft (`tests/data/newcomer/make_millhaven.py`):
a Word table of contents, three footnotes, a contact block, a colleague's comment and tracked
changes — one of them a paragraph moved with Word's move tracking."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import newcomer_draft, run_cli

MOVED = "Staff listen to the concern and explain the City's approach."


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> tuple[Path, object]:
    folder = tmp_path_factory.mktemp("millhaven")
    docx = newcomer_draft("millhaven").build(folder / "millhaven-draft.docx")
    r = run_cli("import", str(docx), "--owner-role", "Director of Community Services")
    assert r.exit_code == 0, r.stderr
    return folder / "millhaven-draft.yaml", r


def test_a_paragraph_moved_with_track_changes_is_reported_as_moved(imported):
    # it read `inserted “Staff listen…”; …; deleted “Staff listen…”`: the same words added and
    # taken away, which a drafter checking the changes against the original cannot make sense of
    guideline, r = imported
    accepted = [line for line in r.stdout.splitlines() if line.startswith("accepted:")]
    assert accepted == ["accepted: 2 tracked changes the Word file still had: moved “Staff listen to the concern and "
                        "explain the City's approach.”; “remove the sex workers from the area” → “contact the "
                        "outreach team”"], r.stdout
    text = guideline.read_text(encoding="utf-8")
    assert "inserted “Staff listen" not in text and "deleted “Staff listen" not in text
    assert "moved “Staff listen to the concern" in text
    assert text.count(MOVED) == 2  # the clause, once, and the to-do item that names the move


def test_the_word_table_of_contents_and_the_colleague_s_name_stay_out(imported):
    guideline, r = imported
    text = guideline.read_text(encoding="utf-8")
    assert "skipped “Table of Contents”" in r.stdout
    assert "Whitford" not in text and "Sam Whitford" not in r.stdout and "Okafor" not in text
