"""The drafter's small stumbles (issue 16, "smaller"): typos get a "did you mean", a bare
command prints its help, counts read as English, a draft with error findings is published
with a warning."""

from __future__ import annotations

import pytest

from .conftest import DRAFT, GOOD


@pytest.mark.parametrize("typo, meant", [("chek", "check"), ("publsh", "publish"), ("valdate", "validate"),
                                         ("improt", "import")])
def test_a_mistyped_command_gets_did_you_mean(cli, typo, meant):
    r = cli(typo)
    assert r.exit_code == 2
    assert f"did you mean '{meant}'?" in r.stderr.lower()
    assert len(r.stderr.strip().splitlines()) == 1


def test_a_subcommand_typo_still_gets_did_you_mean(cli):
    r = cli("review", "lsit")
    assert r.exit_code == 2 and "did you mean 'list'?" in r.stderr.lower()


def test_an_unknown_command_with_no_close_match_names_the_help(cli):
    r = cli("zzzzzz")
    assert r.exit_code == 2
    assert "no such command 'zzzzzz'" in r.stderr.lower() and "--help" in r.stderr
    assert "did you mean" not in r.stderr.lower()


@pytest.mark.parametrize("args", [(), ("review",)])
def test_a_bare_command_prints_its_help_not_an_error(cli, args):
    r = cli(*args)
    assert r.exit_code == 0, r
    assert "error" not in r.stderr.lower()
    assert "Usage:" in r.stdout and "Commands:" in r.stdout


def test_redline_counts_read_as_english(tmp_path, cli):
    from lic_policy.store import parse

    text = GOOD.read_text(encoding="utf-8")
    doc = parse(text, "old.yaml")
    path = ("sections", 0, "clauses", 0, "text")
    clause = doc.data["sections"][0]["clauses"][0]["text"]
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(text, encoding="utf-8")
    new.write_text(doc.replace_text(path, clause + " Always."), encoding="utf-8")
    r = cli("diff", str(old), str(new))
    assert r.exit_code == 0, r.stderr
    summary = next(line for line in r.stdout.splitlines() if line.startswith("summary:"))
    assert "1 clause reworded" in summary and "1 word inserted" in summary, summary
    assert "1 clauses" not in summary and "1 words" not in summary


def test_summary_phrases_are_singular_for_one():
    from lic_policy.redline import summary_phrase

    assert summary_phrase("clauses added", 1) == "1 clause added"
    assert summary_phrase("clauses added", 2) == "2 clauses added"
    assert summary_phrase("work plan actions removed", 1) == "1 work plan action removed"
    assert summary_phrase("priorities added", 1) == "1 priority added"
    assert summary_phrase("metadata fields changed", 1) == "1 metadata field changed"
    assert summary_phrase("words deleted", 1) == "1 word deleted"
    assert summary_phrase("other text fields reworded", 1) == "1 other text field reworded"


def test_publishing_a_draft_with_error_findings_prints_one_warning(tmp_path, cli):
    r = cli("publish", str(DRAFT), "--to", "md", "--out", str(tmp_path))
    assert r.exit_code == 0, r.stderr
    warnings = [line for line in r.stderr.splitlines() if ": warning:" in line]
    assert len(warnings) == 1, r.stderr
    assert "error finding" in warnings[0] and "lic-policy check" in warnings[0]
    # the warnings and info findings are counted on a note line of their own (ux14)
    assert len([line for line in r.stderr.splitlines() if ": note:" in line]) == 1, r.stderr
    assert (tmp_path / "cedar-harbour-early-draft.md").exists()


def test_publishing_a_clean_guideline_prints_no_warning(tmp_path, cli):
    r = cli("publish", str(GOOD), "--to", "md", "--out", str(tmp_path))
    assert r.exit_code == 0 and "warning" not in r.stderr
    assert [line for line in r.stderr.splitlines() if not line.startswith("next:")] == []
