"""Titles and headings are checked (issue 12): a guideline's metadata.title, section titles and
item titles (principles, work-plan actions), Markdown ATX and setext headings and front-matter
values — a stigmatizing term and enforcement-first framing in each, at the right line:col.
The titles here are must-flag fixtures."""

from __future__ import annotations

import json

import pytest

from .conftest import GOOD, run_cli


def _where(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based line and column of the ``nth`` occurrence of ``needle``."""
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    return text.count("\n", 0, i) + 1, i - (text.rfind("\n", 0, i) + 1) + 1


def _findings(path) -> list[dict]:
    res = run_cli("check", "--no-cache", "--format", "json", "--fail-on", "none", str(path))
    return json.loads(res.stdout)["findings"]


def _has(findings: list[dict], rule: str, line: int, col: int, match: str) -> bool:
    return any(f["rule_id"] == rule and (f["line"], f["column"]) == (line, col) and f["match"] == match
               for f in findings)


GUIDELINE_TITLES = [
    # (the good sample's title, its replacement, rule, the flagged words)
    ("title: City of Cedar Harbour Sex Work Response Guidelines",
     "title: Town of Eastbrook Street Prostitution Response Guideline", "lang.prostitution", "Street Prostitution"),
    ("title: Responding to violence against sex workers",
     "title: Cracking down on street prostitution", "framing.crackdown", "Cracking down on street prostitution"),
    ("title: Responding to violence against sex workers",
     "title: Cracking down on street prostitution", "lang.prostitution", "street prostitution"),
    ("title: Dignity and non-judgment",
     'title: "Tackling the Nuisance of Street Prostitution"', "framing.crackdown",
     "Tackling the Nuisance of Street Prostitution"),
    ("title: Public education campaign on stigma, co-designed with sex workers",
     "title: Move sex workers along from residential streets", "framing.displacement", "Move sex workers along"),
    ("title: Public education campaign on stigma, co-designed with sex workers",
     "title: Public education campaign about hookers", "lang.slur", "hookers"),
]


@pytest.mark.parametrize("old,new,rule,match", GUIDELINE_TITLES)
def test_guideline_titles_are_checked(tmp_path, old, new, rule, match):
    text = GOOD.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    target = tmp_path / "g.yaml"
    target.write_text(text, encoding="utf-8")
    line, col = _where(text, new)
    col += new.index(match)
    findings = _findings(target)
    assert _has(findings, rule, line, col, match), [(f["rule_id"], f["line"], f["column"], f["match"])
                                                    for f in findings if f["line"] == line]


def test_the_good_sample_titles_are_clean():
    assert not [f for f in _findings(GOOD) if f["field"] == "title" or f["field"] == "metadata.title"]


MARKDOWN = """\
---
title: Street prostitution in Eastbrook
summary: "A plan to clean up the streets"
---

# Town of Eastbrook Street Prostitution Response Guideline

Crackdown on johns downtown
===========================

Some paragraph about outreach.

## Moving sex workers along

Responding to hookers downtown
------------------------------

### Tackling the Nuisance of Street Prostitution ###
"""


@pytest.mark.parametrize("where,rule,match,nth", [
    ("front matter value", "lang.prostitution", "Street prostitution", 0),
    ("front matter value (quoted)", "framing.displacement", "plan to clean up the streets", 0),
    ("ATX heading", "lang.prostitution", "Street Prostitution", 0),
    ("setext heading (=)", "framing.end-demand", "Crackdown on johns", 0),
    ("setext heading (=)", "lang.client-slang", "johns", 0),
    ("ATX heading", "framing.displacement", "Moving sex workers along", 0),
    ("setext heading (-)", "lang.slur", "hookers", 0),
    ("closed ATX heading", "framing.crackdown", "Tackling the Nuisance of Street Prostitution", 0),
    ("closed ATX heading", "lang.prostitution", "Street Prostitution", 1),
])
def test_markdown_headings_and_front_matter_are_checked(tmp_path, where, rule, match, nth):
    target = tmp_path / "notes.md"
    target.write_text(MARKDOWN, encoding="utf-8")
    line, col = _where(MARKDOWN, match, nth)
    findings = _findings(target)
    got = [(f["rule_id"], f["line"], f["column"], f["match"]) for f in findings]
    assert any(f["rule_id"] == rule and (f["line"], f["column"]) == (line, col) for f in findings), (where, got)


def test_front_matter_keys_are_not_checked(tmp_path):
    target = tmp_path / "notes.md"
    target.write_text("---\nhookers: 3\ntitle: Outreach notes\n---\n\nHello.\n", encoding="utf-8")  # must-flag word as a key
    assert _findings(target) == []


def test_text_report_shows_the_heading_with_a_caret(tmp_path):
    target = tmp_path / "notes.md"
    target.write_text(MARKDOWN, encoding="utf-8")
    out = run_cli("check", "--no-cache", "--fail-on", "none", str(target)).stdout.splitlines()
    i = next(k for k, ln in enumerate(out) if ln.startswith(f"{target}:15:15: error lang.slur"))
    assert out[i + 1] == "    Responding to hookers downtown"
    assert out[i + 2] == "    " + " " * 14 + "^" * len("hookers")
