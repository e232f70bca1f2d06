"""Round 17 (ux17): the drafter with a Word draft made the way a council clerk's is, the CI
user's configuration, the reviewer on a slow phone connection. Each test pins a stumble: the
wrong output is what the user saw before the fix."""

from __future__ import annotations

from pathlib import Path

import yaml

from lic_policy.review.packet import run_pandoc

from .conftest import run_cli

STEPS = """\
# Sex Work Response Guidelines

## Purpose

Staff respond to sex work with services, not enforcement.

## Responding to complaints

When a resident complains about sex work near their home, staff should:

1. Listen to the concern and record it without names.
2. Ask whether anyone is in danger right now.
3. Offer the resident a choice of next steps:
    a. a call from the Neighbourhood Liaison Office;
    b. a meeting with outreach staff.
4. Refer the resident to the Neighbourhood Liaison Office.
"""


def _imported(src, out):
    r = run_cli("import", str(src), "-o", str(out))
    assert r.exit_code == 0, r.stderr
    return yaml.safe_load(out.read_text(encoding="utf-8"))


def _complaints(data):
    return next(s for s in data["sections"] if s["title"] == "Responding to complaints")["clauses"]


def test_a_step_s_lettered_sub_steps_stay_with_their_step_in_a_word_draft(tmp_path):
    """A numbered list with lettered sub-steps under step 3 (Word's multilevel list: a, b under
    3), following a lead sentence ending in a colon, came out as “3. …” then a blank line and a
    second list “1. …  2. …” and then “4. …”: the publisher reads one list, so the published
    guideline numbered the sub-steps 4 and 5 and the last step 6. The sub-steps go with their
    step, as Word's List Number 2 sub-steps do (ux15)."""
    docx = tmp_path / "draft.docx"
    run_pandoc(STEPS, from_="markdown", to="docx", output=docx)
    clauses = _complaints(_imported(docx, tmp_path / "draft.yaml"))
    assert [c["text"] for c in clauses] == [
        "When a resident complains about sex work near their home, staff should:\n\n"
        "1. Listen to the concern and record it without names.\n"
        "2. Ask whether anyone is in danger right now.\n"
        "3. Offer the resident a choice of next steps: a call from the Neighbourhood Liaison Office; "
        "a meeting with outreach staff.\n"
        "4. Refer the resident to the Neighbourhood Liaison Office."], clauses


def test_the_published_steps_keep_the_draft_s_numbers(tmp_path):
    """What the publisher made of the imported clause: steps 1 to 4, as in the Word draft."""
    md = tmp_path / "draft.md"
    md.write_text(STEPS, encoding="utf-8")
    g = tmp_path / "draft.yaml"
    _imported(md, g)
    r = run_cli("publish", str(g), "--to", "html", "--out", str(tmp_path / "pub"), "--force")
    assert r.exit_code == 0, r.stderr
    html = (tmp_path / "pub" / "draft.html").read_text(encoding="utf-8")
    steps = html.split("staff should:", 1)[1].split("</ol>", 1)[0]
    assert steps.count("<li") == 4, steps


def test_a_contact_the_table_did_not_give_reads_to_be_confirmed_not_text(tmp_path):
    """A services table without a contact column imports as `contact: {text: To be confirmed}`,
    and the published directory read “Contact: text To be confirmed” (the publisher reads
    `text` as a number for text messages, “text 604-555-0102”). Words that are no number read
    as they are; a number still reads “text 604-555-0102”."""
    md = tmp_path / "draft.md"
    md.write_text(STEPS + """
## Services

| Service | Area | Hours |
|---|---|---|
| Harbourside Outreach Van | Harbourside | 10 pm to 4 am |
""", encoding="utf-8")
    g = tmp_path / "draft.yaml"
    data = _imported(md, g)
    assert data["services"][0]["contact"] == {"text": "To be confirmed"}, data["services"]
    r = run_cli("publish", str(g), "--to", "html", "--out", str(tmp_path / "pub"), "--force")
    assert r.exit_code == 0, r.stderr
    html = (tmp_path / "pub" / "draft.html").read_text(encoding="utf-8")
    assert "<strong>Contact:</strong> To be confirmed<" in html, html
    sample = Path(__file__).parent.parent / "guidelines" / "cedar-harbour-sex-work-response.yaml"
    r = run_cli("publish", str(sample), "--to", "html", "--out", str(tmp_path / "sample"), "--force")
    assert r.exit_code == 0, r.stderr
    html = (tmp_path / "sample" / "cedar-harbour-sex-work-response.html").read_text(encoding="utf-8")
    assert "text 604-555-0102" in html


import pytest  # noqa: E402


@pytest.mark.parametrize("line, hint", [
    ('paths = ["guidelines"]', "the files to check are named on the command line, as in `lic-policy check guidelines/` ("),
    ('files = ["guidelines"]', "the files to check are named on the command line"),
    ('include = ["guidelines/*.yaml"]', "the files to check are named on the command line"),
    ('exclude = ["archive/**"]', "did you mean 'ignore'? (gitignore-style patterns of paths never checked)"),
    ('extend-exclude = ["archive/**"]', "did you mean 'ignore'?"),
    ('select = ["lang"]', "`lic-policy check --only lang` runs only those rules"),
    ('format = "sarif"', "chosen on the command line: `lic-policy check --format sarif`"),
    ('output-format = "github"', "`lic-policy check --format github`"),
    ('baseline = "lic-policy-baseline.json"', "`lic-policy check --baseline lic-policy-baseline.json`"),
])
def test_a_setting_other_linters_read_from_pyproject_says_where_it_goes_here(tmp_path, monkeypatch, line, hint):
    """A CI maintainer who writes `paths = ["guidelines"]` under [tool.lic-policy], as other
    linters take it, read `unknown configuration key 'paths' (did you mean 'packs'?)` — a rule
    pack is not what they meant — and `files` got `did you mean 'rules'?`, `format` and
    `baseline` the list of known keys. Each says where that setting goes in lic-policy."""
    (tmp_path / "pyproject.toml").write_text(f'[tool.lic-policy]\nfail_on = "error"\n{line}\n', encoding="utf-8")
    (tmp_path / "notes.md").write_text("Outreach staff meet sex workers where they work.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = run_cli("check", "notes.md")
    assert r.exit_code == 2, r.stderr
    err = r.stderr.strip()
    assert err.count("\n") == 0 and "pyproject.toml:3:1: error: unknown configuration key" in err, err
    assert hint in err, err
    assert "'packs'" not in err and "'rules'?" not in err, err


def _reply_in_word(packet, out, initials_of_parent: str, body: str):
    """What Word writes when a reviewer answers a comment of the packet: a comment on the same
    words (its range opened and closed with the answered one's), by the reviewer's Word name."""
    import re
    import zipfile

    with zipfile.ZipFile(packet) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    comments = parts["word/comments.xml"].decode("utf-8")
    cid = re.search(r'<w:comment w:id="(\d+)"[^>]*w:initials="' + re.escape(initials_of_parent) + '"',
                    comments).group(1)
    doc = parts["word/document.xml"].decode("utf-8")
    ref = (f'<w:commentRangeEnd w:id="{cid}" /><w:r><w:rPr><w:rStyle w:val="CommentReference" /></w:rPr>'
           f'<w:commentReference w:id="{cid}" /></w:r>')
    assert f'<w:commentRangeStart w:id="{cid}" />' in doc and ref in doc
    doc = doc.replace(f'<w:commentRangeStart w:id="{cid}" />',
                      f'<w:commentRangeStart w:id="{cid}" /><w:commentRangeStart w:id="90" />')
    doc = doc.replace(ref, ref + '<w:commentRangeEnd w:id="90" /><w:r><w:rPr><w:rStyle w:val="CommentReference" />'
                                 '</w:rPr><w:commentReference w:id="90" /></w:r>')
    comments = comments.replace("</w:comments>", '<w:comment w:id="90" w:author="Jo Tremblay" '
                                'w:date="2026-12-03T19:12:00Z" w:initials="JT"><w:p><w:r><w:t xml:space="preserve">'
                                f'{body}</w:t></w:r></w:p></w:comment></w:comments>')
    parts["word/document.xml"], parts["word/comments.xml"] = doc.encode("utf-8"), comments.encode("utf-8")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out


def test_a_reviewer_s_answer_to_the_check_s_note_in_the_packet_says_what_it_answers(tmp_path):
    """The packet shows the automated check's findings as Word comments (“Needs a change —
    Calling police comes with a non-police alternative. …”). A reviewer who answered one in
    Word (“Agree. Outreach first.”) had their answer imported as a comment of its own on “Call
    police”, and the finding's comment was skipped: `review list`, the review room and the next
    packet showed “Agree. Outreach first.” with nothing saying what it agrees with. The
    thread's words now begin with the note they answer."""
    md = tmp_path / "draft.md"
    md.write_text(STEPS.replace("3. Offer the resident", "3. Call police if the complaint continues.\n5. Offer"),
                  encoding="utf-8")
    g = tmp_path / "draft.yaml"
    _imported(md, g)
    r = run_cli("review", "packet", str(g), "-o", str(tmp_path / "packet.docx"))
    assert r.exit_code == 0, r.stderr
    reviewed = _reply_in_word(tmp_path / "packet.docx", tmp_path / "reviewed.docx",
                              "coverage.non-police-alternative", "Agree. Outreach first.")
    r = run_cli("review", "import", str(reviewed), str(g), "--role", "sex-worker-advisory")
    assert r.exit_code == 0, r.stderr
    assert "added 1 comment(s)" in r.stdout, r.stdout
    out = run_cli("review", "list", str(g)).stdout
    assert "“Call police”\n    On the automated check's note “Calling police comes with a non-police alternative”: " \
           "Agree. Outreach first." in out, out
    assert "Jo" not in (tmp_path / "draft.review.yaml").read_text(encoding="utf-8")
    r = run_cli("review", "import", str(reviewed), str(g), "--role", "sex-worker-advisory")
    assert "added 0 comment(s)" in r.stdout and "1 already there" in r.stdout, r.stdout


def test_the_packet_s_notes_on_findings_hold_no_yaml_for_the_reviewers(tmp_path):
    """The packet's comment on “Guiding principles” (a finding about LIC key areas) ended with
    “Consider: tag a principle with the key area, or add a work-plan action for it; on a
    principle: key areas: [culture-mindsets, relationships-collaboration]” — the YAML example
    `check` gives the drafter, read by advisory reviewers who never open the YAML. The packet
    keeps the suggestions in words and leaves the YAML examples to `check`."""
    from lic_policy.model.finding import Finding
    from lic_policy.review.packet import finding_comment

    f = Finding("coverage.key-areas", "warning", "none is tagged with a LIC key area", "g.yaml", 1, 1, 1, 2,
                suggestions=["tag a principle with the key area, or add a work-plan action for it",
                             "on a principle: key_areas: [culture-mindsets, relationships-collaboration]"])
    text = "".join(n["c"] if n["t"] == "Str" else " " for n in finding_comment(f, "Key areas")
                   if n["t"] in ("Str", "Space"))
    assert "Consider: tag a principle with the key area, or add a work-plan action for it" in text, text
    assert "[" not in text and "key areas:" not in text, text
    for yaml_only in (["voluntary: true", "right_to_withdraw: true"],
                      ["decision_power: {body: ..., sex_worker_seats: N, total_seats: M, votes: true, sign_off: true}"],
                      ["under governance.steering_committee: - {category: current-sex-workers, seats: N}"],
                      ["lic-policy review list --status open"]):
        f.suggestions = yaml_only
        text = "".join(n["c"] if n["t"] == "Str" else " " for n in finding_comment(f, "Key areas")
                       if n["t"] in ("Str", "Space"))
        assert "Consider" not in text, text
    f.suggestions = ["street-based sex work"]  # words: kept
    text = "".join(n["c"] if n["t"] == "Str" else " " for n in finding_comment(f) if n["t"] in ("Str", "Space"))
    assert "Consider: street-based sex work" in text, text
    f.suggestions = ["add an Indigenous-led service (indigenous_led: true) and a sex-worker-led one"]
    text = "".join(n["c"] if n["t"] == "Str" else " " for n in finding_comment(f) if n["t"] in ("Str", "Space"))
    assert "Consider: add an Indigenous-led service and a sex-worker-led one" in text, text


def test_fix_write_counts_what_is_left_as_check_does(tmp_path):
    """After `fix --write` on a fresh import, `next:` said “rewrite the other 13 findings by
    hand”, and the `check` after it said “rewrite the 8 findings by hand; then do the 5 to-do
    items”: the to-do items (info) were counted as findings to rewrite. `fix --write` counts as
    `check` does."""
    md = tmp_path / "draft.md"
    md.write_text(STEPS.replace("Staff respond to sex work", "Staff respond to child prostitution and sex work"),
                  encoding="utf-8")
    g = tmp_path / "draft.yaml"
    _imported(md, g)
    r = run_cli("fix", "--write", str(g))
    assert r.exit_code == 0 and "fixed 1 finding" in r.stdout, (r.stdout, r.stderr)
    after = run_cli("check", str(g)).stderr.strip().splitlines()[-1]
    import re

    rewrite = int(re.search(r"rewrite the (\d+) findings", after).group(1))
    todo = int(re.search(r"do the (\d+) to-do items", after).group(1))
    line = [x for x in r.stderr.splitlines() if x.startswith("next:")][-1]
    assert f"rewrite the other {rewrite} findings by hand" in line, (line, after)
    assert f"do the {todo} to-do items" in line, (line, after)


def test_a_suggestion_accepted_after_the_draft_was_edited_is_written_in_by_the_commands_named(tmp_path):
    """The drafter edited the clause while a round ran (words before the suggestion's), then
    accepted the suggestion: `review apply` refused with “run `lic-policy review reanchor`
    first, then accept the suggestion again if it still applies”; `review reanchor` said only
    “1 stayed, 0 moved, 0 orphaned” — no word that the suggestion was now ready — and it was
    still accepted, so accepting it again was not needed. The hint names the two commands with
    the file, and reanchor ends with the apply to run."""
    md = tmp_path / "draft.md"
    md.write_text(STEPS, encoding="utf-8")
    g = tmp_path / "draft.yaml"
    _imported(md, g)
    r = run_cli("review", "add", str(g), "--clause", "complaints.1", "--quote", "Refer the resident",
                "--kind", "suggestion", "--replacement", "Offer to refer the resident", "--body", "Ask first.",
                "--author", "advisory-3", "--role", "sex-worker-advisory")
    assert r.exit_code == 0, r.stderr
    assert run_cli("review", "accept", str(g), "t1").exit_code == 0
    g.write_text(g.read_text(encoding="utf-8").replace("near their home, staff", "near their home or work, staff"),
                 encoding="utf-8")
    r = run_cli("review", "apply", str(g))
    assert r.exit_code == 2, (r.stdout, r.stderr)
    assert f"run `lic-policy review reanchor {g}`" in r.stderr and f"then `lic-policy review apply {g}` again" \
        in r.stderr, r.stderr
    assert "accept the suggestion again" not in r.stderr, r.stderr
    r = run_cli("review", "reanchor", str(g))
    assert r.exit_code == 0, r.stderr
    assert f"next: write the accepted suggestion into the guideline with `lic-policy review apply {g}`" in r.stderr, \
        (r.stdout, r.stderr)
    r = run_cli("review", "apply", str(g))
    assert r.exit_code == 0 and "applied 1 suggestion" in r.stdout, (r.stdout, r.stderr)
    assert "4. Offer to refer the resident" in g.read_text(encoding="utf-8")
