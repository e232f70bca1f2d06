"""privacy30: an adversarial audit of what the tool writes, stores and prints about reviewers.

- `lic-policy diff --format html|markdown` shows the open review threads beside their clauses:
  a reviewer's words went in as written (a name and a phone number they typed included, which
  `review packet` refuses to send and the room masks for others), and the HTML gave each
  thread's time to the second (the room and the packet give the day since privacy29).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .conftest import run_cli

REPO = Path(__file__).resolve().parent.parent

GUIDELINE = REPO / "guidelines" / "cedar-harbour-sex-work-response.yaml"
REVIEW = REPO / "guidelines" / "cedar-harbour-sex-work-response.review.yaml"
WORDS = "I am Maria Santos, I run the van, text me 604-555-0199"


def _two_versions(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.yaml", tmp_path / "g.yaml"
    shutil.copyfile(GUIDELINE, old)
    text = GUIDELINE.read_text(encoding="utf-8")
    new.write_text(text.replace("It is the person's choice", "It is always the person's choice", 1), encoding="utf-8")
    review = REVIEW.read_text(encoding="utf-8").replace("guideline: cedar-harbour-sex-work-response.yaml",
                                                          "guideline: g.yaml")
    (tmp_path / "g.review.yaml").write_text(review, encoding="utf-8")
    res = run_cli("review", "add", str(new), "--clause", "response.violence.3", "--quote", "Bad Date Line",
                  "--body", WORDS, "--author", "advisory-reviewer-7", "--role", "sex-worker-advisory",
                  "--date", "2026-12-01T19:02:37Z")
    assert res.exit_code == 0, res.stderr
    return old, new


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_a_redline_masks_what_identifies_someone_in_a_thread(tmp_path, fmt):
    old, new = _two_versions(tmp_path)
    res = run_cli("diff", str(old), str(new), "--format", fmt)
    assert res.exit_code == 0, res.stderr
    assert "Bad Date Line" in res.stdout and "t7" in res.stdout  # the thread is shown
    assert "Maria" not in res.stdout and "Santos" not in res.stdout and "0199" not in res.stdout
    assert "I run the van" in res.stdout  # the rest of their words are kept


def test_a_redline_gives_a_threads_day_not_its_second(tmp_path):
    old, new = _two_versions(tmp_path)
    res = run_cli("diff", str(old), str(new), "--format", "html")
    assert res.exit_code == 0, res.stderr
    assert "2026-12-01" in res.stdout
    assert "19:02" not in res.stdout and not re.search(r"T\d\d:\d\d", res.stdout)
