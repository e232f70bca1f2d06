"""A drafter's next step after `check` (ux9): the report ends with a `next:` line that fits what
was found — the safe fixes to make with `fix --write`, what is left to rewrite by hand and where
to read why a rule asks for it (`rules explain RULE`), the to-do items, or, when nothing is left,
sending it for review or publishing it. `rules explain` says what a rule checks and why."""

from __future__ import annotations

import shutil

from .conftest import DRAFT, GOOD, next_lines, run_cli


def test_check_with_safe_fixes_names_fix_write_first(tmp_path):
    g = tmp_path / "draft.yaml"
    shutil.copy(DRAFT, g)
    r = run_cli("check", str(g))
    assert r.exit_code == 1
    assert r.stdout.splitlines()[-1].startswith("1 file checked:")  # the report's last line stays the summary
    nxt = next_lines(r.stderr)
    assert len(nxt) == 1, r.stderr
    line = nxt[0]
    assert f"`lic-policy fix --write {g}`" in line and f"`lic-policy fix {g}`" in line, line
    assert line.index("fix --write") < line.index("by hand") < line.index("rules explain")
    # the rule it names as an example is one the report holds and fix cannot make
    rule = line.split("`lic-policy rules explain ")[1].split("`")[0]
    assert f" {rule} " in r.stdout and rule.startswith(("framing.", "coverage.", "involvement.")), rule


def test_check_after_the_fixes_names_what_is_left(tmp_path):
    g = tmp_path / "draft.yaml"
    shutil.copy(DRAFT, g)
    assert run_cli("fix", "--write", str(g)).exit_code == 0
    r = run_cli("check", str(g))
    line = next_lines(r.stderr)[0]
    assert "fix --write" not in line  # only the unsafe fixes are left, and those are not named as the next step
    assert "by hand" in line and "`lic-policy rules explain " in line


def test_a_clean_check_names_review_and_publish(tmp_path):
    g = tmp_path / GOOD.name
    shutil.copy(GOOD, g)
    r = run_cli("check", str(g))
    assert r.exit_code == 0
    line = next_lines(r.stderr)[0]
    assert f"`lic-policy review packet {g}`" in line and f"`lic-policy publish {g} --to html,docx,pdf`" in line


def test_todo_items_only(tmp_path):
    g = tmp_path / "todo.yaml"
    text = GOOD.read_text(encoding="utf-8").replace("  status: published", "  status: draft", 1).replace(
        "\npurpose:", "\ntodo:\n  - text: Ask the advisory group about the night shift.\npurpose:", 1)
    g.write_text(text, encoding="utf-8")
    r = run_cli("check", str(g))
    assert r.exit_code == 0 and "0 errors, 0 warnings, 1 info" in r.stdout, r.stdout
    line = next_lines(r.stderr)[0]
    assert "the 1 to-do item" in line and "review packet" in line


def test_no_next_line_where_a_machine_reads_the_report(tmp_path):
    g = tmp_path / "draft.yaml"
    shutil.copy(DRAFT, g)
    for args in (("--format", "json"), ("--quiet",), ("-o", str(tmp_path / "r.txt"))):
        r = run_cli("check", str(g), *args)
        assert not next_lines(r.stderr) and "next:" not in r.stdout, args


def test_rules_explain_says_what_and_why():
    r = run_cli("rules", "explain", "framing.displacement")
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    assert out.startswith("framing.displacement (error, framing reviewer):")
    assert "\nWhy: " in out and "\nFlagged, for example:" in out and "\nNot flagged, for example:" in out
    assert "\nSource: " in out
    r = run_cli("rules", "explain", "coverage.key-areas", "lang.prostitute")
    assert r.exit_code == 0 and r.stdout.count("\nWhy: ") + r.stdout.startswith("Why: ") == 2
    assert "'three prostitutes' → 'three sex workers'" in r.stdout  # a fix it makes


def test_rules_explain_an_unknown_rule_is_one_line():
    r = run_cli("rules", "explain", "framing.displacment")
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "no rule 'framing.displacment'" in r.stderr and "framing.displacement" in r.stderr


# --------------------------------------------------------------------------- the Fraser Bend Word draft

import pytest  # noqa: E402

from lic_policy.store import load  # noqa: E402

from .conftest import newcomer_draft  # noqa: E402


@pytest.fixture(scope="module")
def fraser_bend(tmp_path_factory):
    """The draft imported as its drafter would: `lic-policy import DRAFT.docx`."""
    folder = tmp_path_factory.mktemp("fraser-bend")
    maker = newcomer_draft("fraser_bend")
    docx = maker.build(folder / "fraser-bend-draft.docx")
    r = run_cli("import", str(docx))
    assert r.exit_code == 0, r.stderr
    return folder / "fraser-bend-draft.yaml", r, maker


def _ids(sections):
    for s in sections:
        yield s.id
        yield from (c.id for c in s.clauses or [])
        yield from _ids(s.sections or [])


def test_imported_ids_are_short_and_readable(fraser_bend):
    """Ids slugged from whole headings ("responding-to-violence-against-sex-workers.1") filled
    the published page and the review packet, where every clause shows its id. A protocol's
    section is named for it; another keeps up to three words of its heading, without the small
    ones."""
    path, _r, _maker = fraser_bend
    g = load(path).guideline
    ids = list(_ids(g.sections))
    assert [p.id for p in g.principles] == ["principle.1", "principle.2", "principle.3"]  # a numbered list (ux24)
    assert ids == ["complaints", "resident-calls", "resident-calls.1", "resident-calls.2", "resident-calls.3",
                   "discarded-needles-condoms", "discarded-needles-condoms.1",
                   "violence", "violence.1", "violence.2", "youth", "youth.1", "review", "review.1"], ids
    assert all(len(i) <= 28 for i in ids)


def test_the_same_document_imports_to_the_same_ids(fraser_bend, tmp_path):
    path, _r, maker = fraser_bend
    again = maker.build(tmp_path / "again.docx")
    r = run_cli("import", str(again))
    assert r.exit_code == 0
    assert list(_ids(load(tmp_path / "again.yaml").guideline.sections)) == list(_ids(load(path).guideline.sections))


def test_a_text_boxs_phone_number_is_not_copied_into_a_todo_item(fraser_bend, tmp_path):
    """The to-do item about a text box quoted its words whole — the Bad Date Line's number — and
    `check` then reported a phone number in the to-do items (an error), `publish` and `review
    packet` refused the draft the import had just written. The number is in the clause; the
    to-do item quotes it masked."""
    path, r, maker = fraser_bend
    text = path.read_text(encoding="utf-8")
    todo = text.split("\ntodo:", 1)[1].split("\npurpose:", 1)[0]
    assert "604-555-0199" not in todo and "Bad Date Line: call or text ***-***-****" in todo, todo
    assert "604-555-0199" in text.split("\nsections:", 1)[1]  # the words themselves are kept where they were read
    assert maker.COLLEAGUE not in text and "Jordan" not in text
    c = run_cli("check", "--only", "privacy", str(path))
    assert c.exit_code == 0, c.stdout
    p = run_cli("review", "packet", str(path), "-o", str(tmp_path / "packet.docx"))
    assert p.exit_code == 0, p.stderr


def test_one_accepted_change_is_it_not_them(fraser_bend):
    path, r, _maker = fraser_bend
    text = path.read_text(encoding="utf-8")
    assert "1 tracked change, accepted on import: “every two years” → “every year”. Check it against the original" \
        in text, text


def test_review_list_with_open_threads_names_how_to_answer_them(tmp_path):
    """`review list` ended with the counts: a drafter reading a reviewer's first comments had to
    find in the README how to answer one, take a suggestion or close a thread."""
    g = tmp_path / GOOD.name
    shutil.copy(GOOD, g)
    r = run_cli("review", "add", str(g), "--clause", "response.violence.1", "--quote", "call 911",
                "--kind", "suggestion", "--replacement", "call 911 if the person wants that", "--body", "Ask first.",
                "--author", "advisory-3", "--role", "sex-worker-advisory")
    assert r.exit_code == 0, r.stderr
    out = run_cli("review", "list", str(g)).stdout
    nxt = next_lines(out)
    assert len(nxt) == 1, out
    line = nxt[0]
    assert f"`lic-policy review reply {g} t1 --body TEXT --author HANDLE --role staff`" in line, line
    assert f"`lic-policy review accept {g} t1`" in line and f"`lic-policy review apply {g}`" in line
    assert f"`lic-policy review resolve {g} t1`" in line
    # nothing open: no line that asks to answer anything
    assert run_cli("review", "resolve", str(g), "t1").exit_code == 0
    out = run_cli("review", "list", str(g)).stdout
    assert not next_lines(out), out


def test_without_safe_fixes_the_findings_are_not_the_other_ones(tmp_path):
    g = tmp_path / "draft.yaml"
    shutil.copy(DRAFT, g)
    assert run_cli("fix", "--write", str(g)).exit_code == 0
    line = next_lines(run_cli("check", str(g)).stderr)[0]
    assert line.startswith("next: rewrite the ") and "the other" not in line, line


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.sampled_from([None, "complaints", "violence-against-sex-workers", "other"]))
def test_a_section_id_is_short_and_a_valid_id_for_any_heading(title, protocol):
    import re

    from lic_policy.importdoc import section_id

    sid = section_id(title, protocol)
    assert sid == section_id(title, protocol)
    assert len(sid) <= 40
    assert sid == "" or re.fullmatch(r"[a-z0-9][a-z0-9_-]*", sid), sid
    assert not sid.endswith("-")
