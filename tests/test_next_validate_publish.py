"""`validate` and `publish` end with a `next:` line on standard error, as `check`, `init`,
`import` and the review commands do (ux10): a drafter who validates or publishes is told what
comes after, and a script reading standard output gets only the report or the written paths."""

from __future__ import annotations

import shutil

from .conftest import CORPUS, DRAFT, GOOD, next_lines, run_cli


def test_validate_of_valid_guidelines_names_check_next(tmp_path):
    g = tmp_path / "draft.yaml"
    shutil.copy(DRAFT, g)
    r = run_cli("validate", str(g))
    assert r.exit_code == 0
    assert r.stdout.splitlines()[-1] == "1 file: 1 valid"  # the report's last line stays its summary
    nxt = next_lines(r.stderr)
    assert nxt == [f"next: the structure is sound; `lic-policy check {g}` reviews its language, framing "
                   f"and involvement as well"], r.stderr
    assert "next:" not in r.stdout


def test_validate_with_problems_says_to_fix_them_and_validate_again(tmp_path):
    bad = tmp_path / "wrong-types.yaml"
    shutil.copy(CORPUS / "bad" / "wrong-types.yaml", bad)
    r = run_cli("validate", str(bad))
    assert r.exit_code == 1
    nxt = next_lines(r.stderr)
    assert len(nxt) == 1, r.stderr
    assert "fix each problem at the place it names" in nxt[0]
    assert f"`lic-policy validate {bad}`" in nxt[0]


def test_validate_json_and_a_file_that_cannot_be_read_get_no_next_line(tmp_path):
    g = tmp_path / "draft.yaml"
    shutil.copy(DRAFT, g)
    assert next_lines(run_cli("validate", "--format", "json", str(g)).stderr) == []
    broken = tmp_path / "broken.yaml"
    broken.write_text("metadata: [unclosed\n", encoding="utf-8")
    r = run_cli("validate", str(broken))
    assert r.exit_code == 2
    assert next_lines(r.stderr) == []  # its error line says what to do first


def test_publish_of_a_draft_names_review_and_the_status_to_publish(tmp_path):
    g = tmp_path / "draft.yaml"
    shutil.copy(DRAFT, g)
    r = run_cli("publish", str(g), "--to", "md")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.strip() == str(tmp_path / "publish" / "draft.md")  # stdout: the written paths only
    nxt = next_lines(r.stderr)
    assert len(nxt) == 1, r.stderr
    assert "marked DRAFT" in nxt[0] and f"`lic-policy review packet {g}`" in nxt[0]
    assert "metadata.status: published" in nxt[0]


def test_publish_of_a_published_guideline_names_the_copy_and_its_review_date(tmp_path):
    g = tmp_path / "city.yaml"
    shutil.copy(GOOD, g)
    r = run_cli("publish", str(g), "--to", "md")
    assert r.exit_code == 0, r.stderr
    nxt = next_lines(r.stderr)
    assert len(nxt) == 1, r.stderr
    assert str(tmp_path / "publish" / "city.md") in nxt[0]
    assert "2027-04-01" in nxt[0] and "next_review_date" in nxt[0]
