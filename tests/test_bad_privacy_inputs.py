"""The bad-input corpus's privacy cases (tests/corpus/bad/identity-*.yaml): valid guidelines
whose consultation record identifies people. `check` flags each name and contact at its exact
place, quotes it masked, never prints it, and exits 1; `publish` refuses them."""

from __future__ import annotations

import json

import pytest

from lic_policy.privacy import mask

from .conftest import CORPUS, run_cli

BAD = CORPUS / "bad"

# file → the identifying words, in order (each must be flagged at its place and never printed)
PRIVACY_CASES = {
    "identity-names.yaml": ["maria santos", "陈美玲", "Nguyễn Thị Lan", "Tom Whitecloud"],
    "identity-contacts.yaml": ["jo [at] example [dot] org", "+44 20 7946 0958", "0412 345 678", "45 rue de Rivoli"],
}


@pytest.mark.parametrize("name", sorted(PRIVACY_CASES))
def test_identities_are_flagged_in_place_and_never_printed(name):
    path = BAD / name
    assert run_cli("validate", str(path)).exit_code == 0  # a valid guideline: only privacy is wrong
    r = run_cli("check", "--no-cache", "--format", "json", str(path))
    assert r.exit_code == 1 and "Traceback" not in r.stdout + r.stderr
    found = [f for f in json.loads(r.stdout)["findings"] if f["rule_id"] == "privacy.participant-identity"]
    words = PRIVACY_CASES[name]
    assert [f["match"] for f in found] == [mask(w) for w in words]
    lines = path.read_text(encoding="utf-8").splitlines()
    for f, w in zip(found, words):
        assert lines[f["line"] - 1][f["column"] - 1:].startswith(w)
    for fmt in ("text", "json", "sarif", "github", "junit"):
        out = run_cli("check", "--no-cache", "--format", fmt, str(path)).stdout
        assert not [w for w in words if w in out], (fmt, out)
    r = run_cli("publish", str(path), "--to", "md", "--out", str(path.parent / "never-written"))
    assert r.exit_code == 1 and "identity finding" in r.stderr and not [w for w in words if w in r.stderr]
    assert not (path.parent / "never-written").exists()
