"""Round 24 (ux24): a municipal drafter's Word draft (`tests/data/newcomer/make_ferncliff.py`)
walked through import, check, publish and the review packet, and the advisory reviewer's
question dialog; and round 23's left items. Each test pins a stumble: the wrong output is what
the user got before the fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import newcomer_draft, run_cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "guidelines" / "cedar-harbour-sex-work-response.yaml"


# --------------------------------------------------------------------------- the review packet

def test_the_packet_says_to_keep_a_copy_when_the_file_beside_it_has_other_words(tmp_path):
    """A drafter outside git imported the Word draft twice (`ferncliff-draft.yaml`, then
    `-o ferncliff.yaml` to work on), edited the second and made the packet: the file beside it
    had the same id and version, so the packet said nothing about keeping a copy — and the next
    round's `--since 0.1.0` showed the changes since the first import, not since what the
    reviewers read. A copy beside it counts only when it says what is sent."""
    import shutil

    first = tmp_path / "ferncliff-draft.yaml"
    shutil.copy(SAMPLE, first)
    g = tmp_path / "ferncliff.yaml"
    text = SAMPLE.read_text(encoding="utf-8")
    assert "Dignity and non-judgment" in text
    g.write_text(text.replace("Dignity and non-judgment", "Dignity and respect", 1), encoding="utf-8")
    r = run_cli("review", "packet", str(g), "--date", "2026-11-20")
    assert r.exit_code == 0, r.stderr
    assert (f"keep a copy of the version the reviewers have: `cp {g} {tmp_path / 'ferncliff-2.1.0.yaml'}`"
            in r.stdout), r.stdout
    assert "ferncliff-draft.yaml has the same version with other words" in r.stdout, r.stdout
    # a copy that says the same is the copy kept: nothing to say
    shutil.copy(g, first)
    again = run_cli("review", "packet", str(g), "--date", "2026-11-20", "-o", str(tmp_path / "again.docx"))
    assert again.exit_code == 0 and "keep a copy" not in again.stdout, again.stdout


# --------------------------------------------------------------------------- the reviewer's room

def test_the_dialog_s_text_box_is_named_for_what_is_sent(tmp_path):
    """An advisory reviewer who ticked “It is a question” typed into a box a screen reader still
    announced as “Your comment”, and the box of a suggestion (where a reason is not needed) too.
    The box's label says what the words are for each kind of response, in French as well
    (`tests/test_ux24_browser.py` reads the name Chromium gives the box)."""
    import re

    from .webapp import advisory_reviewer

    _room, c = advisory_reviewer(tmp_path)
    page = c.get("/review").text
    label = re.search(r'<label for="compose-body" id="compose-body-label"[^>]*>', page).group(0)
    assert 'data-question="Your question"' in label, label
    assert 'data-comment="Your comment"' in label, label
    assert 'data-suggestion="Why (you may leave it empty)"' in label, label
    assert 'data-approval="Anything to add (you may leave it empty)"' in label, label
    assert 'data-objection="What is wrong, and what would put it right"' in label, label
    js = (ROOT / "lic_policy" / "web" / "static" / "room.js").read_text(encoding="utf-8")
    assert js.count("bodyLabel(") >= 3, "the label follows the kind when the dialog opens and when the box is ticked"
    fr = c.get("/review?lang=fr").text
    label = re.search(r'<label for="compose-body" id="compose-body-label"[^>]*>', fr).group(0)
    assert 'data-question="Votre question"' in label, label
