"""Round 29 (ux29): a municipal drafter with a Word draft, and CI, following README's Quick
start. Each test pins a stumble: the wrong output is what the newcomer saw before the fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lic_policy.publish.render import publish

from .conftest import GOOD


@pytest.fixture(scope="module")
def good_md(tmp_path_factory) -> str:
    """The published sample as Markdown (the same document the HTML, DOCX and PDF are made from)."""
    [md] = publish(GOOD, ["md"], tmp_path_factory.mktemp("md"))
    return re.sub(r"\s+", " ", md.read_text(encoding="utf-8"))


def test_published_labels_keep_the_hyphens_of_compound_words(good_md):
    """The published guideline's consultation record read “How representatives were chosen:
    chosen by sex worker led organizations” and its steering committee “Youth serving
    organizations”, two lines from “Sex-worker-led organizations” in the stages' table: the
    label of a value dropped every hyphen, those of compound words too."""
    assert "chosen by sex-worker-led organizations" in good_md
    assert "Youth-serving organizations" in good_md
    assert "sex worker led" not in good_md.lower() and "youth serving" not in good_md.lower()


def test_a_stage_or_action_with_only_a_start_or_only_a_due_date_says_which(good_md, tmp_path):
    """A stage under way has a start and no end: its *Dates* cell read “2026-04-01”, as if the
    implementation stage had lasted that one day; an action with only a due date read as if it
    started then. One date says what it is: “from 2026-04-01”, “by 2026-12-31”."""
    from lic_policy.store import load

    g = load(GOOD).guideline
    started = [st for st in g.consultation.stages if st.start and not st.end]
    assert started, "the sample has a stage under way"
    for st in started:
        assert f"from {st.start.isoformat()}" in good_md
    both = next(st for st in g.consultation.stages if st.start and st.end)
    assert f"{both.start.isoformat()} to {both.end.isoformat()}" in good_md
    # an action with a due date only
    text = GOOD.read_text(encoding="utf-8")
    action = text.index("- id: action.staff-training")
    start = text.index("    start: 2026-04-01\n", action)
    variant = tmp_path / GOOD.name
    variant.write_text(text[:start] + text[start + len("    start: 2026-04-01\n"):], encoding="utf-8")
    [md] = publish(variant, ["md"], tmp_path / "out")
    plan = md.read_text(encoding="utf-8").split("# Work plan", 1)[1]
    row = next(line for line in plan.splitlines() if "Train all staff" in line)
    assert "by 2026-12-31" in row, row
