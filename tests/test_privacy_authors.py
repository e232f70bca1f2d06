"""`review import` keeps nothing in the repository that lets anyone recover or test a Word
author's name (issue 13, "a reviewer's real name can be recovered")."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import sys
from pathlib import Path

import pytest

from lic_policy.review import threads
from lic_policy.review.packet import write_packet

from .conftest import DRAFT, GOOD, ROOT, built_once, run_cli
from .test_docx_import import WORD_DATE, _sub, packet_markdown, word_file

sys.path.insert(0, str(ROOT))
from bench.bench_privacy import dictionary_attack  # noqa: E402  (one attack for the test and BENCHMARKS)

AUTHORS = ["Maria Santos", "Tom Whitecloud"]


def _packet(folder: Path, guideline: Path, packet: Path) -> None:
    """``write_packet`` of ``guideline`` since the draft into ``packet``, made once per test run
    for each state of the folder (the guideline, its review file, its author map): the tests
    here start from the same packet (about 0.3 s of CPU each time) and are about what
    ``review import`` keeps of the authors."""
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix != ".docx")
    key = hashlib.sha256(b"".join(p.name.encode() + b"\0" + p.read_bytes() + b"\0" for p in files)).hexdigest()[:24]

    def build(into: Path) -> None:
        for p in files:
            shutil.copy(p, into / p.name)
        write_packet(str(into / guideline.name), str(DRAFT), str(into / "packet.docx"), with_findings=False)

    shutil.copy(built_once(f"privacy-authors-packet-{key}", build) / "packet.docx", packet)


def _reviewed(folder: Path, guideline: Path, authors: list[str], tag: str) -> Path:
    packet = folder / f"packet-{tag}.docx"
    if not packet.exists():
        _packet(folder, guideline, packet)
    md = packet_markdown(packet)
    spans = "".join(f'[{tag} note {i} from a reviewer.]{{.comment-start id="{960 + i}" author="{a}" '
                    f'date="{WORD_DATE}"}}' for i, a in enumerate(authors))
    ends = "".join(f'[]{{.comment-end id="{960 + i}"}}' for i in reversed(range(len(authors))))
    md = _sub(md, "Connect them with Youth Safe Harbour", spans + "Connect them with Youth Safe Harbour" + ends)
    return word_file(md, folder / f"reviewed-{tag}.docx")


@pytest.fixture
def repo(tmp_path):
    folder = tmp_path / "repo"
    folder.mkdir()
    g = folder / GOOD.name
    shutil.copy(GOOD, g)
    shutil.copy(threads.review_path(GOOD), threads.review_path(g))
    return folder, g


def _import(docx: Path, g: Path, *extra: str):
    r = run_cli("review", "import", str(docx), "--guideline", str(g), "--role", "community", *extra)
    assert r.exit_code == 0, r.stdout + r.stderr
    return r


def _handles(g: Path) -> dict[str, str]:
    """Body → handle of every imported comment and reply."""
    out = {}
    for t in threads.load(threads.review_path(g)).review.threads:
        for m in [t, *t.replies]:
            out[" ".join(m.body.split())] = m.author.handle
    return out


def test_the_attack_finds_names_in_the_first_format(tmp_path):
    """The attack is real: against the map the first version wrote, one guess each recovers both."""
    salt = "5f1c2b0d9e8a7f6e5d4c3b2a19081726"
    data = {"salt": salt, "authors": [{"hash": hashlib.sha256((salt + "\x00" + n).encode()).hexdigest(),
                                       "handle": f"reviewer-{i + 1}"} for i, n in enumerate(AUTHORS)]}
    (tmp_path / "g.review-authors.json").write_text(json.dumps(data), encoding="utf-8")
    assert sorted(dictionary_attack(tmp_path)) == sorted(AUTHORS)


@pytest.mark.slow
def test_a_dictionary_attack_on_the_repository_recovers_nothing(repo):
    folder, g = repo
    _import(_reviewed(folder, g, AUTHORS, "a"), g)
    handles = _handles(g)
    assert handles["a note 0 from a reviewer."] != handles["a note 1 from a reviewer."]
    amap = (folder / (GOOD.name[:-5] + ".review-authors.json")).read_text(encoding="utf-8")
    assert '"scheme": "hmac-sha256"' in amap and '"salt"' not in amap
    assert dictionary_attack(folder) == []


def test_the_key_lives_in_the_user_data_folder_readable_only_by_its_owner(repo):
    folder, g = repo
    _import(_reviewed(folder, g, AUTHORS[:1], "a"), g)
    key = Path(os.environ["XDG_DATA_HOME"]) / "lic-policy" / "author-key"
    assert key.is_file() and stat.S_IMODE(key.stat().st_mode) == 0o600
    assert not any(p.name == "author-key" for p in folder.rglob("*"))
    assert key.read_text().strip() not in "".join(p.read_text(errors="replace") for p in folder.rglob("*.json"))


@pytest.mark.slow  # 0.21 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_handles_are_stable_across_imports_on_the_same_machine(repo):
    folder, g = repo
    _import(_reviewed(folder, g, AUTHORS, "a"), g)
    first = _handles(g)
    _import(_reviewed(folder, g, list(reversed(AUTHORS)), "b"), g)
    second = _handles(g)
    assert second["b note 1 from a reviewer."] == first["a note 0 from a reviewer."]  # Maria Santos
    assert second["b note 0 from a reviewer."] == first["a note 1 from a reviewer."]  # Tom Whitecloud
    assert all(re.fullmatch(r"reviewer-\d+", h) for b, h in second.items() if "from a reviewer" in b)


@pytest.mark.slow
def test_a_shared_key_in_the_environment_gives_the_same_handles_on_another_machine(repo, tmp_path, monkeypatch):
    folder, g = repo
    monkeypatch.setenv("LIC_POLICY_AUTHOR_KEY", "ci-secret-" + "0123456789abcdef" * 3)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "machine-1"))
    _import(_reviewed(folder, g, AUTHORS[:1], "a"), g)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "machine-2"))
    _import(_reviewed(folder, g, AUTHORS[:1], "b"), g)
    h = _handles(g)
    assert h["a note 0 from a reviewer."] == h["b note 0 from a reviewer."]
    assert not (tmp_path / "machine-1" / "lic-policy" / "author-key").exists()  # the environment's key was used
    # another key (a machine without the secret) cannot match the name: a new handle, nothing lost
    monkeypatch.delenv("LIC_POLICY_AUTHOR_KEY")
    _import(_reviewed(folder, g, AUTHORS[:1], "c"), g)
    h = _handles(g)
    assert h["c note 0 from a reviewer."] != h["a note 0 from a reviewer."]
    amap = json.loads((folder / (GOOD.name[:-5] + ".review-authors.json")).read_text(encoding="utf-8"))
    assert len({a["key"] for a in amap["authors"]}) == 2


def test_a_short_environment_key_is_one_line(repo, monkeypatch):
    folder, g = repo
    monkeypatch.setenv("LIC_POLICY_AUTHOR_KEY", "short")
    r = run_cli("review", "import", str(_reviewed(folder, g, AUTHORS[:1], "a")), "--guideline", str(g),
                "--role", "community")
    assert r.exit_code == 2 and "Traceback" not in r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "LIC_POLICY_AUTHOR_KEY is too short" in lines[0]


@pytest.mark.slow
def test_a_first_format_map_is_migrated_without_keeping_its_hashes(repo):
    folder, g = repo
    salt = "00112233445566778899aabbccddeeff"
    old = {"about": "first format", "salt": salt,
           "authors": [{"hash": hashlib.sha256((salt + "\x00" + n).encode()).hexdigest(), "handle": h}
                       for n, h in (("Maria Santos", "reviewer-4"), ("Someone Else", "reviewer-5"))]}
    amap = folder / (GOOD.name[:-5] + ".review-authors.json")
    amap.write_text(json.dumps(old), encoding="utf-8")
    r = run_cli("check", "--no-cache", "--only", "privacy", str(g))
    assert r.exit_code == 1 and "salted SHA-256" in r.stdout and str(amap) in r.stdout
    r = _import(_reviewed(folder, g, ["Maria Santos"], "a"), g)
    assert _handles(g)["a note 0 from a reviewer."] == "reviewer-4"  # carried over
    assert "migrated the author map" in r.stderr and "1 handle(s) carried over, 1 old hash(es) dropped" in r.stderr
    text = amap.read_text(encoding="utf-8")
    assert salt not in text and '"hash"' not in text and old["authors"][1]["hash"] not in text
    assert dictionary_attack(folder) == []
    assert run_cli("check", "--no-cache", "--only", "privacy", str(g)).exit_code == 0
    # a new reviewer never reuses the dropped reviewer-5
    _import(_reviewed(folder, g, ["Aisha Khan"], "b"), g)
    assert _handles(g)["b note 0 from a reviewer."] == "reviewer-6"


def test_a_word_author_label_with_a_name_like_handle_keeps_only_the_role(repo):
    folder, g = repo
    _import(_reviewed(folder, g, ["jane.doe (staff)", "advisory-reviewer-3 (sex-worker-advisory)"], "a"), g)
    review = threads.load(threads.review_path(g)).review
    authors = {" ".join(m.body.split()): m.author for t in review.threads for m in [t, *t.replies]}
    jane = authors["a note 0 from a reviewer."]
    assert re.fullmatch(r"reviewer-\d+", jane.handle) and jane.role == "staff"
    kept = authors["a note 1 from a reviewer."]
    assert (kept.handle, kept.role) == ("advisory-reviewer-3", "sex-worker-advisory")
    assert "jane" not in threads.review_path(g).read_text(encoding="utf-8").lower()


@pytest.mark.parametrize("handle", ["maria.santos", "m.santos", "john-smith-1987", "MariaSantos"])
def test_review_add_refuses_a_name_like_handle_unless_named(repo, handle):
    _folder, g = repo
    args = ["review", "add", str(g), "--clause", "response.youth.2", "--quote", "Youth Safe Harbour",
            "--body", "Open at night?", "--role", "community", "--author", handle]
    r = run_cli(*args)
    assert r.exit_code == 2 and "--author looks like" in r.stderr and "--named" in r.stderr
    assert run_cli(*args, "--named").exit_code == 0


@pytest.mark.slow  # 0.24 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_review_add_reply_and_import_warn_about_identities_in_the_text(repo):
    folder, g = repo
    r = _import(_reviewed(folder, g, ["Aisha Khan"], "a"), g)
    assert "identify someone" not in r.stderr  # "a note 0 from a reviewer." names no one
    r = _import(_reviewed(folder, g, ["Aisha Khan"], "Ask Maria Santos about the"), g)
    assert "warning: 1 imported comment(s) or reply(ies) look like they identify someone" in r.stderr
    assert "Maria" not in r.stderr
    # it names the thread to edit (it gave a count only; ux18)
    warning = next(ln for ln in r.stderr.splitlines() if "identify someone" in ln)
    assert re.search(r"identify someone, in thread t\d+ \(", warning), warning
    r = run_cli("review", "add", str(g), "--clause", "response.youth.2", "--quote", "Youth Safe Harbour",
                "--body", "Ask Maria Santos, 604-555-0142.", "--role", "community", "--author", "community-5")
    assert r.exit_code == 0
    assert "warning: the text looks like it identifies someone" in r.stderr and "***** ******" in r.stderr
    assert "Maria" not in r.stderr and "0142" not in r.stderr
    tid = re.search(r"added (t\d+)", r.stdout).group(1)
    r = run_cli("review", "reply", str(g), tid, "--body", "Or write to jo [at] example [dot] org.",
                "--role", "staff", "--author", "staff-2")
    assert r.exit_code == 0 and "an email address" in r.stderr
    r = run_cli("review", "reply", str(g), tid, "--body", "Agreed.", "--role", "staff", "--author", "staff-2")
    assert r.exit_code == 0 and "warning" not in r.stderr
