"""Identities in free text (issue 13): every free-text field of the consultation record,
governance, owners and review files is read for names, emails, phones and street addresses;
role titles and organisation names are not names; findings quote personal data masked in every
output format and still point at it; publish refuses identities in every status."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from lic_policy.privacy import find_identities, handle_problem, mask

from .conftest import GOOD, run_cli

SUMMARY = ("    Developed with current and former sex workers at every stage, following SWIT (2013).\n")
NOTES = "      notes: Mapped local sex work and the people affected by the 2.0 guideline, with peer researchers.\n"


def _guideline(tmp_path: Path, *, summary: str | None = None, notes: str | None = None,
               replace: tuple[str, str] | None = None, name: str = "g.yaml") -> Path:
    text = GOOD.read_text(encoding="utf-8")
    if summary is not None:
        assert SUMMARY in text
        text = text.replace(SUMMARY, f"    {summary}\n", 1)
    if notes is not None:
        assert NOTES in text
        text = text.replace(NOTES, f"      notes: {json.dumps(notes, ensure_ascii=False)}\n", 1)
    if replace is not None:
        assert replace[0] in text, replace[0]
        text = text.replace(replace[0], replace[1], 1)
    target = tmp_path / name
    target.write_text(text, encoding="utf-8")
    return target


def _privacy(target: Path, fmt: str = "json"):
    r = run_cli("check", "--no-cache", "--only", "privacy", "--format", fmt, str(target))
    assert "Traceback" not in r.stdout + r.stderr
    return r


def _found(target: Path) -> list[dict]:
    return json.loads(_privacy(target).stdout)["findings"]


def _points_at(target: Path, f: dict, words: str) -> None:
    """The finding is at the exact characters of ``words`` in the file, and quotes them masked."""
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[f["line"] - 1][f["column"] - 1:].startswith(words), (f, words)
    assert f["end_column"] - f["column"] == len(words) or f["end_line"] != f["line"]
    assert f["match"] == mask(words)
    assert words not in json.dumps(f, ensure_ascii=False)


# ---------------------------------------------------------------------------- names in free text


@pytest.mark.parametrize("sentence, names", [
    ("Participants included Maria Santos and Tom Whitecloud.", ["Maria Santos", "Tom Whitecloud"]),
    ("participants included maria santos and tom whitecloud.", ["maria santos", "tom whitecloud"]),
    ("Thanks to 陈美玲 and Nguyễn Thị Lan for hosting the sessions.", ["陈美玲", "Nguyễn Thị Lan"]),
])
def test_names_in_the_consultation_summary(tmp_path, sentence, names):
    target = _guideline(tmp_path, summary=sentence)
    found = _found(target)
    assert len(found) == len(names)
    for f, n in zip(found, names):
        assert f["rule_id"] == "privacy.participant-identity" and f["field"] == "consultation.summary"
        _points_at(target, f, n)


def test_names_in_a_stage_s_notes(tmp_path):
    target = _guideline(tmp_path, notes="Co-facilitated by Aisha Khan; Ms. Rivera took notes.")
    found = _found(target)
    assert [f["match"] for f in found] == [mask("Aisha Khan"), mask("Ms. Rivera")]
    for f, n in zip(found, ["Aisha Khan", "Ms. Rivera"]):
        _points_at(target, f, n)


@pytest.mark.parametrize("phone", ["+44 20 7946 0958", "+33 1 23 45 67 89", "0412 345 678", "6045550123",
                                   "604-555-0199", "(604) 555-0142"])
def test_phone_numbers_in_every_format(tmp_path, phone):
    target = _guideline(tmp_path, notes=f"Sign-up line for the sessions: {phone} (evenings).")
    found = _found(target)
    assert len(found) == 1 and "a phone number" in found[0]["message"], found
    _points_at(target, found[0], phone)


@pytest.mark.parametrize("email", ["maria [at] example [dot] org", "tom (at) example (dot) ca",
                                   "lan at example dot org", "jo.smith@example.org"])
def test_emails_also_written_out(tmp_path, email):
    target = _guideline(tmp_path, notes=f"Questions went to {email} during the review.")
    found = _found(target)
    assert len(found) == 1 and "an email address" in found[0]["message"], found
    _points_at(target, found[0], email)


@pytest.mark.parametrize("address", ["45 rue de Rivoli", "Hauptstraße 5", "123 Main Street", "Calle Mayor 10"])
def test_street_addresses_beyond_the_english_pattern(tmp_path, address):
    target = _guideline(tmp_path, notes=f"Sessions were held at {address}, upstairs.")
    found = _found(target)
    assert len(found) == 1 and "a street address" in found[0]["message"], found
    _points_at(target, found[0], address)


# ---------------------------------------------------------------------------- roles are not names


@pytest.mark.parametrize("role", ["Social Policy Planner", "Senior Planner", "Manager, Social Policy",
                                  "Steering Committee Chair", "WISH Drop-In Centre Society",
                                  "Director, Social Policy", "Sex Worker Advisory Committee"])
def test_role_titles_and_organisations_are_not_names(tmp_path, role):
    target = _guideline(tmp_path, replace=("owners:\n", f"owners:\n    - role: {role}\n"))
    assert _found(target) == []
    assert find_identities(role, "role") == [] and find_identities(role) == []


def test_init_s_default_owner_passes_check(tmp_path):
    target = tmp_path / "new.yaml"
    r = run_cli("init", "--no-input", str(target))
    assert r.exit_code == 0, r.stderr
    assert "Social Policy Manager" in target.read_text(encoding="utf-8")
    assert _found(target) == []


def test_the_samples_are_clean():
    for g in sorted(GOOD.parent.glob("*.yaml")):
        if ".review." not in g.name:
            assert _found(g) == [], g


# ---------------------------------------------------------------------------- review files

REVIEW = """lic_policy_review: 1
guideline: g.yaml
threads:
  - id: t1
    anchor: {{clause: response.violence.1, quote: {{exact: call 911}}, position: {{start: 0, end: 8}}}}
    author: {{handle: {author}, role: sex-worker-advisory}}
    created: 2026-02-01T10:00:00Z
    kind: comment
    status: open
    body: {body}
    replies:
      - author: {{handle: {reply_author}, role: staff}}
        created: 2026-02-02T10:00:00Z
        body: {reply}
"""


def _review(tmp_path: Path, author="advisory-3", reply_author="staff-2", body="Outreach should come first.",
            reply="Agreed, we will move it.") -> Path:
    target = tmp_path / "g.yaml"
    shutil.copy(GOOD, target)
    (tmp_path / "g.review.yaml").write_text(REVIEW.format(author=author, reply_author=reply_author, body=body,
                                                          reply=reply), encoding="utf-8")
    return target


@pytest.mark.parametrize("handle", ["maria.santos", "m.santos", "john-smith-1987"])
@pytest.mark.parametrize("who", ["author", "reply_author"])
def test_name_like_handles_of_threads_and_replies(tmp_path, handle, who):
    target = _review(tmp_path, **{who: handle})
    found = _found(target)
    assert len(found) == 1, found
    f = found[0]
    assert f["file"].endswith("g.review.yaml") and f["match"] == mask(handle) and handle not in f["message"]
    line = (tmp_path / "g.review.yaml").read_text(encoding="utf-8").splitlines()[f["line"] - 1]
    assert line[f["column"] - 1:].startswith(handle)


@pytest.mark.parametrize("handle", ["advisory-3", "reviewer-1", "staff-2", "advisory-reviewer-3", "community-reviewer-2"])
def test_pseudonymous_handles_pass(tmp_path, handle):
    assert _found(_review(tmp_path, author=handle, reply_author=handle)) == []
    assert handle_problem(handle) is None


def test_names_in_review_comments_and_replies(tmp_path):
    target = _review(tmp_path, body="Participants included Maria Santos and Tom Whitecloud.",
                     reply="I asked maria [at] example [dot] org.")
    found = _found(target)
    assert sorted(f["match"] for f in found) == sorted([mask("Maria Santos"), mask("Tom Whitecloud"),
                                                        mask("maria [at] example [dot] org")])
    assert all(f["file"].endswith("g.review.yaml") for f in found)
    assert all(f["anchor"] is None for f in found)  # not turned into threads on the guideline


def test_a_reviewer_who_chose_to_be_named_is_not_flagged(tmp_path):
    target = _review(tmp_path, author="maria.santos, named: true")
    assert _found(target) == []


def test_a_cached_check_sees_a_changed_review_file(tmp_path, monkeypatch):
    """The check cache keys a guideline's result on its review file too: a name added there is
    found on the next (warm) run, not hidden behind the cached clean result."""
    monkeypatch.chdir(tmp_path)
    target = _review(tmp_path)
    r = run_cli("check", "--only", "privacy", str(target))
    assert r.exit_code == 0
    assert "(1 from cache)" in run_cli("check", "--only", "privacy", str(target)).stdout
    review = tmp_path / "g.review.yaml"
    review.write_text(review.read_text(encoding="utf-8").replace("advisory-3", "maria.santos"), encoding="utf-8")
    r = run_cli("check", "--only", "privacy", str(target))
    assert r.exit_code == 1 and "from cache" not in r.stdout and "*****.******" in r.stdout


# ---------------------------------------------------------------------------- masked in every format


def _named_record(tmp_path: Path) -> Path:
    return _guideline(tmp_path, replace=(
        "      The Eastside Working People's Collective, Sisters of the Cedar and Migrant Workers\n",
        "      The Eastside Working People's Collective chose Maria Santos and Tom Whitecloud\n"
        "      (tom.w@example.org, 604 555 0142). Sisters of the Cedar and Migrant Workers\n"))


SECRETS = ("Maria", "Santos", "Whitecloud", "tom.w@", "555 0142", "5550142")


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit", "review"])
def test_every_output_format_quotes_personal_data_masked(tmp_path, fmt):
    target = _named_record(tmp_path)
    r = _privacy(target, fmt)
    assert r.exit_code in (0, 1)
    out = r.stdout
    assert not [s for s in SECRETS if s in out], out
    assert "***** ******" in out and "*** **********" in out and "*** *** ****" in out
    if fmt == "sarif":
        results = json.loads(out)["runs"][0]["results"]
        regions = sorted((x["locations"][0]["physicalLocation"]["region"]["startLine"],
                          x["locations"][0]["physicalLocation"]["region"]["startColumn"]) for x in results)
        lines = target.read_text(encoding="utf-8").splitlines()
        assert [lines[ln - 1][c - 1:c + 3] for ln, c in regions] == ["Mari", "Tom ", "tom.", "604 "]
    if fmt == "junit":
        ET.fromstring(out)
    if fmt == "text":
        # the source line printed under each finding is masked, the caret still under the words
        lines = out.splitlines()
        i = next(k for k, ln in enumerate(lines) if "***** ******" in ln and "chose" in ln)
        assert lines[i + 1].index("^") == lines[i].index("***** ******")


def test_write_review_threads_carry_the_mask_and_follow_the_words(tmp_path):
    target = _named_record(tmp_path)
    r = run_cli("check", "--no-cache", "--only", "privacy", "--write-review", str(target))
    assert r.exit_code == 1
    review = (tmp_path / "g.review.yaml").read_text(encoding="utf-8")
    assert not [s for s in SECRETS if s in review], review
    assert "exact: '***** ******'" in review  # quoted: a plain YAML scalar cannot start with *
    # the masked quote still finds its words after an edit before them, and stays masked
    text = target.read_text(encoding="utf-8").replace("Collective chose Maria", "Collective chose, with care, Maria")
    target.write_text(text, encoding="utf-8")
    r = run_cli("review", "reanchor", str(target))
    assert r.exit_code == 0, r.stdout + r.stderr
    assert "4 stayed, 0 moved, 0 orphaned" in r.stdout
    review = (tmp_path / "g.review.yaml").read_text(encoding="utf-8")
    assert not [s for s in SECRETS if s in review] and "with care, " in review


# ---------------------------------------------------------------------------- publish


def test_publish_refuses_a_published_guideline_naming_participants(tmp_path):
    target = _guideline(tmp_path, replace=(
        "      representatives. The City did not approve or vet the people chosen.\n",
        "      representatives: Maria Santos and Tom Whitecloud. The City did not approve or vet them.\n"))
    out = tmp_path / "out"
    r = run_cli("publish", str(target), "--to", "html,md", "--out", str(out))
    assert r.exit_code == 1
    said = r.stdout + r.stderr
    assert "identity finding" in said and "g.yaml:" in said and len(r.stderr.strip().splitlines()) == 1
    assert not [s for s in SECRETS if s in said]
    assert not out.exists() or not any(out.iterdir())
    # --force publishes and records the override in the output
    r = run_cli("publish", str(target), "--to", "html,md", "--out", str(out), "--force")
    assert r.exit_code == 0, r.stderr
    assert "published with --force despite: 2 identity findings" in r.stderr
    assert not [s for s in SECRETS if s in r.stderr]
    html = (out / "g.html").read_text(encoding="utf-8")
    assert "Publication override" in html and "identity findings" in html


def test_publish_refuses_a_draft_with_emails_and_phones(tmp_path):
    target = _guideline(tmp_path, replace=("  status: published\n", "  status: draft\n"),
                        notes="Sign up with jo.smith@example.org or +44 20 7946 0958.")
    assert "status: draft" in target.read_text(encoding="utf-8")
    out = tmp_path / "out"
    r = run_cli("publish", str(target), "--to", "md", "--out", str(out))
    assert r.exit_code == 1, r.stdout + r.stderr
    said = r.stdout + r.stderr
    assert "refusing to publish: 2 identity findings" in said
    assert "jo.smith" not in said and "7946" not in said
    assert not (out / "g.md").exists()
    r = run_cli("publish", str(target), "--to", "md", "--out", str(out), "--force")
    assert r.exit_code == 0 and "Published with --force despite: 2 identity findings" in (out / "g.md").read_text()


def test_a_draft_without_identities_still_publishes(tmp_path):
    target = _guideline(tmp_path, replace=("  status: published\n", "  status: draft\n"))
    r = run_cli("publish", str(target), "--to", "md", "--out", str(tmp_path / "out"))
    assert r.exit_code == 0, r.stdout + r.stderr


def test_a_field_full_of_identities_lists_twenty_and_counts_the_rest(tmp_path):
    target = _guideline(tmp_path, summary="Maria Santos and Tom Whitecloud (604-555-0142) met. " * 30)
    found = _found(target)
    listed = [f for f in found if f["match"]]
    rest = [f for f in found if not f["match"]]
    assert len(listed) == 20 and len(rest) == 1 and rest[0]["message"].startswith("70 more names, emails")
    assert rest[0]["anchor"] is None and not [s for s in ("Maria", "Santos", "0142") if s in json.dumps(found)]
