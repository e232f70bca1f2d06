"""CI on a policy repository, round 16 (ux16). Each test pins a stumble: the wrong output is
what the job printed before the fix."""

from __future__ import annotations

import json

from .conftest import run_cli
from .test_ci_ux15 import OLD, _baseline, repo  # noqa: F401 (the fixture)


def _check_with_baseline(*paths):
    r = run_cli("check", "--no-cache", "--fail-on", "warning", "--format", "json", "--baseline",
                "lic-policy-baseline.json", *paths)
    return r, json.loads(r.stdout)


def test_a_file_renamed_since_the_baseline_keeps_its_findings_held_back(repo):  # noqa: F811
    """The team renamed `guidelines/notes.md` to `guidelines/2027-01-harbour-notes.md` (a year in
    every name): every finding the baseline had accepted in it was new again and the job
    failed, though not a word had changed. `--changed-since` follows a rename with git; the
    baseline has only names. A file the baseline does not name is compared with the findings
    of the files it names that are gone."""
    n = len(_baseline(repo)["findings"])
    (repo / "guidelines" / "notes.md").rename(repo / "guidelines" / "2027-01-harbour-notes.md")
    r, data = _check_with_baseline("guidelines/")
    assert data["findings"] == [], data["findings"]
    assert data["summary"]["baseline"]["not_counted"] == n
    assert r.exit_code == 0, r.stderr
    # renamed and edited: what the edit brought is new
    p = repo / "guidelines" / "2027-01-harbour-notes.md"
    p.write_text(p.read_text(encoding="utf-8") + "\nBylaw officers will move prostitutes along.\n", encoding="utf-8")
    r, data = _check_with_baseline("guidelines/")
    assert data["findings"] and all("prostitutes" in f["match"] for f in data["findings"]), data["findings"]
    assert r.exit_code == 1


def test_a_copy_of_a_file_still_there_keeps_all_its_findings(repo):  # noqa: F811
    """Only a file that is gone gives its findings to a new name: a copy beside the original
    (a new guideline started from another) is new, as `--changed-since` reads a copy."""
    _baseline(repo)
    (repo / "guidelines" / "copy.md").write_text(OLD, encoding="utf-8")
    r, data = _check_with_baseline("guidelines/")
    assert data["findings"] and {f["file"] for f in data["findings"]} == {"guidelines/copy.md"}, data["findings"]
    assert r.exit_code == 1


def test_the_next_line_counts_one_finding_in_words(tmp_path, monkeypatch):
    """A pull request that added one sentence with a fixable word and a framing finding ended
    with `then rewrite the other 1 finding by hand`."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.md").write_text("# Notes\n\nOfficers may move prostitutes along when residents complain.\n",
                                       encoding="utf-8")
    r = run_cli("check", "--no-cache", "notes.md")
    assert r.exit_code == 1
    assert "then rewrite the other finding by hand" in r.stderr, r.stderr
    assert " 1 finding" not in r.stderr
    (tmp_path / "notes.md").write_text("# Notes\n\nOfficers will displace sex workers from the park.\n",
                                       encoding="utf-8")
    r = run_cli("check", "--no-cache", "--fail-on", "none", "notes.md")
    assert "next: rewrite the finding by hand" in r.stderr, (r.stdout, r.stderr)


def test_junit_names_a_file_the_same_however_the_paths_were_given(repo):  # noqa: F811
    """`lic-policy check --format junit .` named each suite and test class `./guidelines/notes.md`,
    and `check … guidelines/` named them `guidelines/notes.md`: a Jenkins or GitLab test history
    keyed on the class saw every test as new when the job's command changed (and Jenkins reads a
    class's dots as packages, a leading `.` one with no name). The names are the file's path in
    the repository, as the sarif, github and codeclimate formats give it."""
    import xml.etree.ElementTree as ET

    names = []
    for path in (".", "guidelines/", "./guidelines", str(repo / "guidelines")):
        r = run_cli("check", "--no-cache", "--fail-on", "warning", "--format", "junit", path)
        assert r.exit_code == 1, r.stderr
        root = ET.fromstring(r.stdout)
        names.append(sorted({(s.get("name"), c.get("classname")) for s in root for c in s}))
    assert names[0] == [("guidelines/notes.md", "guidelines/notes.md")], names[0]
    assert all(n == names[0] for n in names), names
