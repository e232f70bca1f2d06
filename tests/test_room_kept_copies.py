"""A folder served by the review room holds the drafter's guideline and, outside git, the copy
of the version the reviewers had (`cp riverbend.yaml riverbend-0.1.0.yaml`, as `review packet`'s
next: line asks). The room listed both as guidelines to review, alike in title (ux30): the
advisory reviewers and the staff saw the old draft beside the new one. A copy with the same id
and an earlier version is left out of a folder's guidelines, and said so; named on the command
line, it is served."""

from __future__ import annotations

import re
import shutil

from lic_policy.web.site import Site

from .conftest import GOOD


def _copy(src, dst, version):
    text = src.read_text(encoding="utf-8")
    text, n = re.subn(r"(?m)^(\s+version:\s*)['\"]?[^'\"\n#]+['\"]?", rf"\g<1>'{version}'", text, count=1)
    assert n == 1
    dst.write_text(text, encoding="utf-8")
    return dst


def test_an_earlier_version_kept_beside_the_guideline_is_not_served_from_the_folder(tmp_path):
    _copy(GOOD, tmp_path / "riverbend.yaml", "0.2.0")
    _copy(GOOD, tmp_path / "riverbend-0.1.0.yaml", "0.1.0")
    site = Site([str(tmp_path)])
    assert [g.name for g in site.guidelines.values()] == ["riverbend.yaml"]
    assert [(k.name, k.version, k.served, k.served_version) for k in site.kept_copies] == [
        ("riverbend-0.1.0.yaml", "0.1.0", "riverbend.yaml", "0.2.0")]


def test_versions_are_compared_as_numbers_and_other_guidelines_stay(tmp_path):
    _copy(GOOD, tmp_path / "a.yaml", "0.10.0")
    _copy(GOOD, tmp_path / "a-0.9.yaml", "0.9")
    shutil.copy(GOOD.with_name("cedar-harbour-police-guideline.yaml"), tmp_path / "police.yaml")
    site = Site([str(tmp_path)])
    assert sorted(g.name for g in site.guidelines.values()) == ["a.yaml", "police.yaml"]
    assert [k.name for k in site.kept_copies] == ["a-0.9.yaml"]


def test_copies_with_the_same_version_or_named_on_the_command_line_are_all_served(tmp_path):
    _copy(GOOD, tmp_path / "b.yaml", "1.0.0")
    _copy(GOOD, tmp_path / "b-copy.yaml", "1.0.0")  # which is the draft cannot be told
    assert len(Site([str(tmp_path)]).guidelines) == 2
    _copy(GOOD, tmp_path / "b-copy.yaml", "0.9.0")
    named = Site([str(tmp_path / "b.yaml"), str(tmp_path / "b-copy.yaml")])
    assert len(named.guidelines) == 2 and named.kept_copies == []


def test_serve_says_which_copy_it_leaves_out(tmp_path, monkeypatch):
    from .conftest import run_cli

    _copy(GOOD, tmp_path / "riverbend.yaml", "0.2.0")
    _copy(GOOD, tmp_path / "riverbend-0.1.0.yaml", "0.1.0")
    monkeypatch.chdir(tmp_path)
    r = run_cli("serve", ".", "--state", str(tmp_path / "room.sqlite3"), "--invite", "advisory-9")
    assert r.exit_code == 0, r.stderr  # one guideline to invite to: the draft
    notes = [ln for ln in r.stderr.splitlines() if ln.startswith("note: riverbend-0.1.0.yaml")]
    assert notes == ["note: riverbend-0.1.0.yaml is not served: it is a copy of riverbend.yaml at an earlier version "
                     "(0.1.0; riverbend.yaml is 0.2.0); name it on the command line to serve it too"], r.stderr
