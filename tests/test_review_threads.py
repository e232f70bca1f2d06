"""Review files and the `review` commands: add, list, reply, resolve/accept/reject, apply, reanchor."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lic_policy.model.review import ReviewFile, handle_problem, review_schema
from lic_policy.review import threads
from lic_policy.schema import render

from .conftest import GOOD, ROOT, run_cli

SAMPLE = """\
# A small guideline for the review tests.
lic_policy: 1
metadata:
  id: harbourview-test
  title: Harbourview Sex Work Response Guideline
  jurisdiction:
    name: Harbourview
    kind: municipality
  version: "1.0"
  status: draft
  owners:
    - role: Community Safety Manager
  languages: [en]
purpose: >-
  Staff respond to sex workers as members of the community, with respect and without judgement.
scope:
  text: All city staff who may meet sex workers in their work.
sections:
  - id: response
    title: Responding to calls
    clauses:
      - id: response.1
        text: Staff offer support first. When a sex worker asks for help, staff offer support and information about services.
      - id: response.2
        text: "Staff never share a sex worker's personal information without consent."   # keep quoted
  - id: violence
    title: Violence against sex workers
    clauses:
      - id: violence.1
        text: |
          Staff treat reports of violence against sex workers as serious crimes.
          They connect people with sex worker-led support services.
"""

NOW = "2026-11-24T10:00:00Z"


@pytest.fixture
def g(tmp_path, monkeypatch):
    monkeypatch.setenv("LIC_POLICY_NOW", NOW)
    path = tmp_path / "harbourview.yaml"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def add(g, *args):
    return run_cli("review", "add", str(g), *args)


def advisory(*extra):
    return ("--author", "advisory-reviewer-3", "--role", "sex-worker-advisory", *extra)


def test_review_schema_file_is_current():
    path = ROOT / "schemas" / "review.schema.json"
    assert path.read_text(encoding="utf-8") == render(review_schema()), \
        "schemas/review.schema.json is stale: run `lic-policy schema --write schemas`"


def test_review_path_is_beside_guideline():
    assert threads.review_path("a/b/name.yaml") == Path("a/b/name.review.yaml")
    assert threads.review_path("name.yml") == Path("name.review.yaml")


def test_add_writes_anchored_thread(g):
    res = add(g, "--clause", "response.1", "--quote", "support", "--occurrence", "2",
              "--body", "Say which supports.", *advisory())
    assert res.exit_code == 0, res.stderr
    assert "added t1" in res.stdout and "harbourview.yaml:23:" in res.stdout
    rdoc = threads.load(threads.review_path(g))
    t = rdoc.review.threads[0]
    text = "Staff offer support first. When a sex worker asks for help, staff offer support and information about services."
    second = text.index("support", text.index("support") + 1)
    assert (t.anchor.clause, t.anchor.field) == ("response.1", "text")
    assert (t.anchor.position.start, t.anchor.position.end) == (second, second + len("support"))
    assert t.anchor.quote.prefix == text[second - 32:second]
    assert t.anchor.quote.suffix == text[second + 7:second + 39]
    assert t.anchor.version == "1.0" and t.created == NOW
    assert t.author.handle == "advisory-reviewer-3" and t.author.role == "sex-worker-advisory"
    # the file validates against the JSON Schema
    jsonschema = pytest.importorskip("jsonschema")
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(threads.review_path(g).read_text())
    jsonschema.validate(data, review_schema())


@pytest.mark.parametrize("args, message", [
    (("--clause", "response.1", "--quote", "support"), "occurs 2 times"),
    (("--clause", "response.1", "--quote", "support", "--occurrence", "3"), "only 2"),
    (("--clause", "response.1", "--quote", "not there"), "is not in 'response.1'"),
    (("--clause", "nope", "--quote", "x"), "no clause or element with id 'nope'"),
    (("--clause", "response", "--field", "nope", "--quote", "x"), "has no text field 'nope'"),
    (("--field", "nope", "--quote", "x"), "no top-level text field"),
    (("--clause", "response.2", "--quote", "consent", "--kind", "suggestion"), "needs --replacement"),
    (("--clause", "response.2", "--quote", "consent", "--replacement", "x"), "only for --kind suggestion"),
])
def test_add_user_errors_are_one_line_exit_2(g, args, message):
    res = add(g, *args, "--body", "b", *advisory())
    assert res.exit_code == 2
    assert message in res.stderr and res.stderr.count("\n") == 1 and "Traceback" not in res.stderr
    assert not threads.review_path(g).exists()


@pytest.mark.parametrize("handle", ["someone@example.org", "604-555-0199", "+1 604 555 0199", "reviewer 604 555 0199",
                                    "Full Name"])
def test_private_handles_are_refused(g, handle):
    res = add(g, "--clause", "response.2", "--quote", "consent", "--body", "b", "--author", handle, "--role", "staff")
    assert res.exit_code == 2 and res.stderr.count("\n") == 1
    assert not threads.review_path(g).exists()
    assert handle_problem(handle)


def test_handle_problem_accepts_pseudonyms():
    for h in ("advisory-reviewer-3", "staff.policy-2", "legal_1", "community-7"):
        assert handle_problem(h) is None


def test_list_filters_and_counts(g):
    add(g, "--clause", "response.1", "--quote", "support first", "--body", "one", *advisory())
    add(g, "--clause", "response.1", "--quote", "information about services", "--body", "two",
        "--author", "staff-2", "--role", "staff", "--kind", "question")
    add(g, "--clause", "violence.1", "--quote", "serious crimes", "--body", "three", "--kind", "suggestion",
        "--replacement", "serious crimes and act on them", "--author", "staff-2", "--role", "staff")
    add(g, "--field", "purpose", "--quote", "without judgement", "--body", "four", "--kind", "approval", *advisory())
    res = run_cli("review", "list", str(g), "--format", "json")
    data = json.loads(res.stdout)
    assert data["total"] == 4
    assert data["per_clause"]["response.1"] == {"total": 2, "open": 2}
    assert data["per_clause"]["purpose"]["total"] == 1
    res = run_cli("review", "list", str(g), "--role", "staff", "--format", "json")
    assert [t["id"] for t in json.loads(res.stdout)["threads"]] == ["t2", "t3"]
    res = run_cli("review", "list", str(g), "--clause", "violence.1", "--format", "json")
    assert [t["id"] for t in json.loads(res.stdout)["threads"]] == ["t3"]
    run_cli("review", "resolve", str(g), "t1")
    res = run_cli("review", "list", str(g), "--status", "open")
    assert "3 threads (of 4)" in res.stdout and "response.1: 1 (1 open)" in res.stdout
    assert "t1 [" not in res.stdout


def test_reply_resolve_accept_reject(g):
    add(g, "--clause", "violence.1", "--quote", "serious crimes", "--body", "Make it active.", "--kind",
        "suggestion", "--replacement", "serious crimes and act on them", *advisory())
    add(g, "--clause", "response.2", "--quote", "without consent", "--body", "Good.", *advisory())
    assert run_cli("review", "reply", str(g), "t1", "--body", "Agreed.", "--author", "staff-2",
                   "--role", "staff").exit_code == 0
    res = run_cli("review", "accept", str(g), "t2")
    assert res.exit_code == 2 and "only suggestions" in res.stderr
    assert run_cli("review", "accept", str(g), "t1").exit_code == 0
    assert run_cli("review", "reject", str(g), "t2", "--body", "Kept as is.", "--author", "staff-2",
                   "--role", "staff").exit_code == 0
    res = run_cli("review", "resolve", str(g), "t9")
    assert res.exit_code == 2 and "no thread 't9'" in res.stderr
    rf = threads.load(threads.review_path(g)).review
    assert [t.status for t in rf.threads] == ["accepted", "rejected"]
    assert rf.threads[0].replies[0].body == "Agreed." and rf.threads[1].replies[0].author.handle == "staff-2"


def test_comments_in_review_file_survive(g):
    add(g, "--clause", "response.2", "--quote", "without consent", "--body", "Good.", *advisory())
    p = threads.review_path(g)
    text = p.read_text().replace("  - id: t1\n", "  # a note written by hand\n  - id: t1\n")
    text = text.replace("kind: comment", "kind: comment   # keep")
    p.write_text(text)
    add(g, "--clause", "response.1", "--quote", "support first", "--body", "More.", *advisory())
    run_cli("review", "resolve", str(g), "t1")
    out = p.read_text()
    assert "# a note written by hand" in out and "kind: comment   # keep" in out
    assert [t.id for t in threads.load(p).review.threads] == ["t1", "t2"]


def test_save_never_drops_a_thread(g):
    add(g, "--clause", "response.2", "--quote", "without consent", "--body", "Good.", *advisory())
    rdoc = threads.load(threads.review_path(g))
    rdoc.review.threads.clear()
    from lic_policy.errors import InputError

    with pytest.raises(InputError, match="drop thread"):
        threads.save(rdoc)
    assert len(threads.load(threads.review_path(g)).review.threads) == 1


def test_bad_review_file_is_one_line(g):
    p = threads.review_path(g)
    p.write_text("threads:\n  - id: t1\n    kind: remark\n")
    res = run_cli("review", "list", str(g))
    assert res.exit_code == 2 and res.stderr.count("\n") == 1 and "harbourview.review.yaml" in res.stderr
    p.write_text("threads: [\n")
    res = run_cli("review", "list", str(g))
    assert res.exit_code == 2 and "cannot parse" in res.stderr


def test_apply_writes_accepted_suggestions_and_keeps_every_other_byte(g):
    add(g, "--clause", "violence.1", "--quote", "serious crimes", "--body", "Make it active.", "--kind",
        "suggestion", "--replacement", "serious crimes and act on them", *advisory())
    add(g, "--clause", "response.2", "--quote", "personal information", "--body", "Broader.", "--kind",
        "suggestion", "--replacement", "personal or health information", *advisory())
    add(g, "--clause", "response.1", "--quote", "support first", "--body", "Not taken.", "--kind",
        "suggestion", "--replacement", "help first", *advisory())
    add(g, "--clause", "response.1", "--quote", "information about services", "--body", "Keep.", *advisory())
    run_cli("review", "accept", str(g), "t1")
    run_cli("review", "accept", str(g), "t2")
    run_cli("review", "reject", str(g), "t3")
    before = g.read_text()
    res = run_cli("review", "apply", str(g))
    assert res.exit_code == 0, res.stderr
    after = g.read_text()
    expected = before.replace("as serious crimes.", "as serious crimes and act on them.").replace(
        "personal information without", "personal or health information without")
    assert after == expected
    assert "# keep quoted" in after
    rf = threads.load(threads.review_path(g)).review
    assert [t.status for t in rf.threads] == ["resolved", "resolved", "rejected", "open"]
    res = run_cli("review", "apply", str(g))
    assert res.exit_code == 0 and "no accepted suggestions" in res.stdout


def test_apply_refuses_when_text_changed(g):
    add(g, "--clause", "violence.1", "--quote", "serious crimes", "--body", "Make it active.", "--kind",
        "suggestion", "--replacement", "serious crimes and act on them", *advisory())
    run_cli("review", "accept", str(g), "t1")
    g.write_text(g.read_text().replace("as serious crimes.", "as grave crimes."))
    before = g.read_text()
    review_before = threads.review_path(g).read_text()
    res = run_cli("review", "apply", str(g))
    assert res.exit_code == 2 and "no longer reads 'serious crimes'" in res.stderr and "reanchor" in res.stderr
    assert res.stderr.count("\n") == 1
    assert g.read_text() == before and threads.review_path(g).read_text() == review_before


def test_apply_refuses_overlapping_suggestions(g):
    for quote, rep in (("serious crimes", "grave crimes"), ("crimes", "offences")):
        add(g, "--clause", "violence.1", "--quote", quote, "--body", "x", "--kind", "suggestion",
            "--replacement", rep, *advisory())
    run_cli("review", "accept", str(g), "t1")
    run_cli("review", "accept", str(g), "t2")
    before = g.read_text()
    res = run_cli("review", "apply", str(g))
    assert res.exit_code == 2 and "overlapping" in res.stderr and g.read_text() == before


def test_reanchor_reports_stayed_moved_orphaned(g):
    add(g, "--clause", "response.1", "--quote", "support", "--occurrence", "2", "--body", "second", *advisory())
    add(g, "--clause", "response.2", "--quote", "without consent", "--body", "stays", *advisory())
    add(g, "--clause", "violence.1", "--quote", "serious crimes", "--body", "goes", *advisory())
    add(g, "--clause", "violence.1", "--quote", "sex worker-led support services", "--body", "moves", *advisory())
    text = g.read_text()
    text = text.replace("Staff offer support first.", "Staff always offer support and practical help first.")
    text = text.replace("as serious crimes.", "as a priority.")
    # the second line of violence.1 moves into a new clause with a new id
    text = text.replace("          They connect people with sex worker-led support services.\n", "")
    text += "      - id: violence.2\n        text: They connect people with sex worker-led support services.\n"
    g.write_text(text)
    res = run_cli("review", "reanchor", str(g))
    assert res.exit_code == 0, res.stderr
    assert "2 stayed, 1 moved, 1 orphaned" in res.stdout
    assert "original quote: “serious crimes”" in res.stdout
    rf = threads.load(threads.review_path(g)).review
    t1, t2, t3, t4 = rf.threads
    units = {("response.1", "text"): "Staff always offer support and practical help first. When a sex worker asks for "
                                     "help, staff offer support and information about services."}
    txt = units[("response.1", "text")]
    second = txt.index("support", txt.index("support") + 1)
    assert t1.anchor.position.start == second and t1.status == "open"
    assert t3.status == "orphaned" and t3.previous_status == "open" and t3.anchor.quote.exact == "serious crimes"
    assert t4.anchor.clause == "violence.2" and t4.status == "open"
    # put the words back: the orphan is found again and gets its status back
    g.write_text(g.read_text().replace("as a priority.", "as serious crimes."))
    res = run_cli("review", "reanchor", str(g), "--format", "json")
    data = json.loads(res.stdout)
    assert data["orphaned"] == 0
    assert threads.load(threads.review_path(g)).review.threads[2].status == "open"


def test_review_file_of_good_sample_is_valid_and_has_no_open_objection():
    path = threads.review_path(GOOD)
    rf = threads.load(path, missing_ok=False).review
    assert rf.threads, "the sample review file has threads"
    assert not [t.id for t in rf.threads if t.blocks_approval]
    assert any(t.author.role == "sex-worker-advisory" for t in rf.threads)
    # every thread still points at the words it quotes
    from lic_policy.store import load

    doc = load(GOOD, validate=False)
    rep = threads.reanchor(ReviewFile.model_validate(rf.model_dump()), doc.data)
    assert rep.orphaned == 0


def test_reanchor_on_good_sample_copy(tmp_path):
    g = tmp_path / GOOD.name
    shutil.copy(GOOD, g)
    shutil.copy(threads.review_path(GOOD), threads.review_path(g))
    before = threads.review_path(g).read_text()
    res = run_cli("review", "reanchor", str(g))
    assert res.exit_code == 0 and " 0 orphaned" in res.stdout
    if res.stdout.startswith("3 stayed, 0 moved"):  # the sample text has not changed since
        assert threads.review_path(g).read_text() == before


def test_quote_matches_across_wrapped_lines(g):
    res = add(g, "--clause", "violence.1", "--quote", "serious crimes. They connect", "--body", "b", *advisory())
    assert res.exit_code == 0, res.stderr
    t = threads.load(threads.review_path(g)).review.threads[0]
    assert t.anchor.quote.exact == "serious crimes.\nThey connect"


def test_named_is_only_written_when_chosen(g):
    add(g, "--clause", "response.2", "--quote", "without consent", "--body", "b", "--author", "community-5",
        "--role", "community", "--named")
    add(g, "--clause", "response.2", "--quote", "personal information", "--body", "b", *advisory())
    text = threads.review_path(g).read_text()
    assert text.count("named: true") == 1 and "named: false" not in text
    rf = threads.load(threads.review_path(g)).review
    assert [t.author.named for t in rf.threads] == [True, False]


def test_findings_become_automated_threads():
    from lic_policy.model.finding import Finding, FindingAnchor

    text = "Staff offer support first. When a sex worker asks for help, staff offer support."
    anchor = FindingAnchor.quoting(text, 12, 19, clause="response.1", field="text", version=None)

    def finding(fix):
        return Finding(rule_id="lang.example", severity="warning", message="Example message.", file="g.yaml",
                       line=1, column=1, end_line=1, end_column=2, element="response.1", field="text",
                       anchor=anchor, fix=fix, rationale="Why it matters.")

    rf = ReviewFile()
    added = threads.add_findings(rf, [finding("help"), finding("help"),
                                      Finding("doc.rule", "error", "No anchor.", "g.yaml", 1, 1, 1, 1)],
                                 NOW, version="1.0")
    assert [t.id for t in added] == ["t1"]
    t = rf.threads[0]
    assert t.kind == "suggestion" and t.replacement == "help" and t.rule == "lang.example"
    assert t.author.role == "automated" and t.anchor.version == "1.0" and "Why it matters." in t.body
    t2 = threads.thread_from_finding(finding(None), "t2", NOW)
    assert t2.kind == "comment" and t2.replacement is None


def test_missing_guideline_is_one_line(tmp_path):
    for args in (("add", str(tmp_path / "nope.yaml"), "--clause", "a", "--quote", "b", "--body", "c", *advisory()),
                 ("list", str(tmp_path / "nope.yaml")), ("reanchor", str(tmp_path / "nope.yaml")),
                 ("apply", str(tmp_path / "nope.yaml")), ("resolve", str(tmp_path / "nope.yaml"), "t1")):
        res = run_cli("review", *args)
        assert res.exit_code == 2 and "no such file" in res.stderr and res.stderr.count("\n") == 1, args
