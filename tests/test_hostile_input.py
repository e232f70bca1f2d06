"""Hostile input (issue 13): git argument injection, archive bombs and special files, YAML
tricks, very large files, the check cache, catastrophic patterns and the smaller cases.

Each test here was written before its fix and failed on main."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DRAFT, GOOD, ROOT, run_cli


def _git(cwd, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org")
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


def make_repo(tmp_path, monkeypatch):
    """A git repository in ``tmp_path`` (the current folder now): g.yaml committed as the
    draft, then changed to the good sample, uncommitted."""
    _git(tmp_path, "init", "-q")
    shutil.copy(DRAFT, tmp_path / "g.yaml")
    _git(tmp_path, "add", "g.yaml")
    _git(tmp_path, "commit", "-q", "-m", "draft")
    shutil.copy(GOOD, tmp_path / "g.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def repo(tmp_path, monkeypatch):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    return make_repo(tmp_path, monkeypatch)


# --------------------------------------------------------------------------- git argument injection

OPTION_LIKE = ["--output=pwned:g.yaml", "--output=pwned", "-opwned:g.yaml", "--exec=touch pwned:g.yaml",
               "--textconv:g.yaml", "-:g.yaml", "--:g.yaml"]


@pytest.mark.parametrize("spec", OPTION_LIKE)
@pytest.mark.parametrize("command", ["diff", "compare", "review packet --since"])
def test_option_like_revisions_never_reach_git_as_options(repo, command, spec):
    """A REV:path side beginning with '-' made `git show` take it as an option: git wrote the
    file named by --output=. Now it is a one-line error and nothing is written."""
    if command == "diff":
        args = ("diff", "--", spec, "g.yaml")
    elif command == "compare":
        args = ("compare", "--", spec, "g.yaml")
    else:
        args = ("review", "packet", "g.yaml", "--since", spec, "-o", "packet.docx")
    before = sorted(p.name for p in repo.iterdir())
    res = run_cli(*args)
    assert res.exit_code == 2, (res.exit_code, res.stdout, res.stderr)
    assert res.stderr.count("\n") == 1 and "internal error" not in res.stderr, res.stderr
    assert sorted(p.name for p in repo.iterdir()) == before  # git wrote nothing
    assert "revision" in res.stderr or ":" not in spec


def test_a_real_revision_still_works(repo):
    res = run_cli("diff", "--format", "json", "HEAD:g.yaml", "g.yaml")
    assert res.exit_code == 0, res.stderr
    res = run_cli("diff", "--format", "json", "HEAD:./g.yaml", "g.yaml")
    assert res.exit_code == 0, res.stderr


@pytest.mark.slow  # 1.05 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_huge_git_blob_is_refused_before_it_is_read(repo):
    """A 300 MB blob was read whole from `git show` before the size check. Now its size is asked
    first and the content read with a cap: the process stays small."""
    big = repo / "big.yaml"
    with open(big, "wb") as fh:
        fh.write(b"purpose: ")
        fh.truncate(160 * 1024 * 1024)  # 160 MB of zero bytes (git compresses it to almost nothing)
    _git(repo, "add", "big.yaml")
    _git(repo, "commit", "-q", "-m", "big")
    big.unlink()
    code, err, _seconds, peak, _out = _run_bounded(["diff", "HEAD:big.yaml", "g.yaml"], repo)
    assert code == 2, err
    assert "over the 10,485,760-byte limit" in err and err.count("\n") == 1
    assert peak < 120, peak  # MB: never the 160 MB blob


# --------------------------------------------------------------------------- archive bombs, special files

import resource  # noqa: E402
import zipfile  # noqa: E402

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                 'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/'
                 'word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
                 'document.main+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.'
                 'openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
DOC_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/comments" Target="comments.xml"/></Relationships>')


def _para(text: str, comment: bool = False) -> str:
    if not comment:
        return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
    return (f'<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>{text}</w:t></w:r><w:commentRangeEnd w:id="0"/>'
            f'<w:r><w:commentReference w:id="0"/></w:r></w:p>')


def docx(path: Path, body: str, comments: str | None = None, *, big_member: tuple[str, int] | None = None) -> Path:
    """A minimal Word file; ``big_member`` adds (name, bytes) of highly compressible XML."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}'
                                        "</w:body></w:document>")
        if comments is not None:
            z.writestr("word/_rels/document.xml.rels", DOC_RELS)
            z.writestr("word/comments.xml", comments)
        if big_member is not None:
            name, size = big_member
            with z.open(name, "w") as fh:  # no zip64: pandoc reads only plain zip
                fh.write(f'<?xml version="1.0" encoding="UTF-8"?><w:comments {W}><w:comment w:id="0" w:author="r">'
                         "<w:p><w:r><w:t>".encode())
                chunk = b"a" * (1 << 20)
                for _ in range(size >> 20):
                    fh.write(chunk)
                fh.write(b"</w:t></w:r></w:p></w:comment></w:comments>")
    return path


def odt(path: Path, *, big: int = 0) -> Path:
    """A minimal OpenDocument text with ``big`` bytes more of spaces (a bomb)."""
    chunk = b" " * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("styles.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-styles xmlns:office="urn:'
                   'oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2"/>')
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                   '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" '
                   'manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:'
                   'full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
        with z.open("content.xml", "w") as fh:
            fh.write(b'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:'
                     b'tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
                     b"<office:body><office:text><text:p>Staff offer support first. ")
            for _ in range(big >> 20):
                fh.write(chunk)
            fh.write(b"</text:p></office:text></office:body></office:document-content>")
    return path


COMMENTS = (f'<?xml version="1.0" encoding="UTF-8"?><w:comments {W}><w:comment w:id="0" w:author="staff-2 (staff)" '
            'w:date="2026-01-01T00:00:00Z"><w:p><w:r><w:t>Say which supports.</w:t></w:r></w:p></w:comment>'
            "</w:comments>")


# runs the CLI and writes the process's own peak resident memory (VmHWM, which starts again at
# exec, unlike ru_maxrss, which keeps the forking test process's size) to the file in argv[1]
PEAK_RUN = """
import atexit, sys, runpy
target = sys.argv[1]
def peak():
    with open("/proc/self/status") as fh:
        kb = [int(l.split()[1]) for l in fh if l.startswith("VmHWM:")]
    with open(target, "w") as out:
        out.write(str(kb[0] if kb else 0))
atexit.register(peak)
sys.argv = ["lic-policy", *sys.argv[2:]]
runpy.run_module("lic_policy", run_name="__main__")
"""


def _run_bounded(args, cwd, seconds=60):
    """Run the CLI in a subprocess: (exit code, stderr, seconds, peak MB of its own memory, stdout)."""
    import tempfile
    import time

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with tempfile.NamedTemporaryFile("r", suffix=".peak") as peak_file:
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", PEAK_RUN, peak_file.name, *args], cwd=cwd, capture_output=True,
                              text=True, env=env, timeout=seconds)
        elapsed = time.perf_counter() - t0
        peak = int(peak_file.read() or -1) / 1024
    assert peak > 0, "the process's peak memory was not recorded"
    return proc.returncode, proc.stderr, elapsed, peak, proc.stdout


@pytest.fixture
def review_target(tmp_path):
    g = tmp_path / "g.yaml"
    g.write_text("lic_policy: 1\nmetadata:\n  id: x\n  title: Support guideline\n  jurisdiction:\n    name: X\n"
                 "    kind: municipality\n  version: '1.0'\n  status: draft\n  owners:\n    - role: Policy lead\n"
                 "  languages: [en]\npurpose: Staff offer support first.\nscope:\n  text: All staff.\n",
                 encoding="utf-8")
    return g


@pytest.fixture(scope="module")
def docx_bomb(tmp_path_factory):
    """A 1 MB .docx whose footnotes part inflates to 1 GB (made once for the module)."""
    bomb = docx(tmp_path_factory.mktemp("bomb") / "bomb.docx", _para("Staff offer support first.", True), COMMENTS,
                big_member=("word/footnotes.xml", 1024 << 20))
    assert bomb.stat().st_size < 2_000_000
    return bomb


@pytest.mark.slow
@pytest.mark.parametrize("command", ["import", "review import"])
def test_a_docx_bomb_is_refused_in_bounded_time_and_memory(tmp_path, review_target, command, docx_bomb):
    """A small .docx whose XML inflates to a gigabyte ran pandoc past 14 GB until killed."""
    bomb = docx_bomb
    args = ["import", str(bomb), "-o", str(tmp_path / "out.yaml")] if command == "import" else \
        ["review", "import", str(bomb), "--guideline", str(review_target), "--role", "staff"]
    code, err, seconds, peak, _out = _run_bounded(args, tmp_path)
    assert code == 2 and err.count("\n") == 1, err
    assert "word/footnotes.xml" in err and "uncompressed" in err
    assert seconds < 30 and peak < 400, (seconds, peak)
    assert not (tmp_path / "out.yaml").exists() and not (tmp_path / "g.review.yaml").exists()


@pytest.mark.slow
def test_an_odt_bomb_and_a_lying_size_are_refused(tmp_path):
    import random

    from lic_policy.publish.pandoc import run as pandoc

    rng = random.Random(5)
    words = ["support", "staff", "safety", "services", "community", "people", "offer", "first", "and", "the"]
    md = "# Support\n\n" + "\n\n".join(" ".join(rng.choice(words) for _ in range(80)) + "." for _ in range(4000))
    fine = tmp_path / "fine.odt"
    pandoc(md, from_="markdown", to="odt", output=fine)
    res = run_cli("import", str(fine), "-o", str(tmp_path / "fine.yaml"))
    assert res.exit_code == 0, res.stderr  # a genuine 2 MB document (its text compresses about 5:1) imports
    bomb = odt(tmp_path / "bomb.odt", big=300 << 20)
    res = run_cli("import", str(bomb), "-o", str(tmp_path / "out.yaml"))
    assert res.exit_code == 2 and res.stderr.count("\n") == 1 and "content.xml" in res.stderr, res.stderr
    # a member whose header says it is small but that inflates to more (its declared size is
    # patched in both headers): refused while it is read, not trusted
    good = docx(tmp_path / "liar.docx", _para("Staff offer support first."), big_member=("word/footnotes.xml", 8 << 20))
    raw = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as z:
        info = z.getinfo("word/footnotes.xml")
    real = info.file_size.to_bytes(4, "little")
    assert raw.count(real) == 2  # the local header and the central directory
    (tmp_path / "liar.docx").write_bytes(bytes(raw).replace(real, (4096).to_bytes(4, "little")))
    res = run_cli("import", str(tmp_path / "liar.docx"), "-o", str(tmp_path / "out.yaml"))
    assert res.exit_code == 2 and res.stderr.count("\n") == 1, res.stderr
    assert "word/footnotes.xml" in res.stderr
    assert not (tmp_path / "out.yaml").exists()


def test_a_truncated_comments_xml_is_an_error_not_zero_comments(tmp_path, review_target):
    whole = docx(tmp_path / "whole.docx", _para("Staff offer support first.", True), COMMENTS)
    res = run_cli("review", "import", str(whole), "--guideline", str(review_target), "--dry-run")
    assert res.exit_code == 0 and "would add 1 comment" in res.stdout, res.stdout + res.stderr
    cut = docx(tmp_path / "cut.docx", _para("Staff offer support first.", True), COMMENTS[: len(COMMENTS) // 2])
    res = run_cli("review", "import", str(cut), "--guideline", str(review_target))
    assert res.exit_code == 2 and res.stderr.count("\n") == 1, res.stdout + res.stderr
    assert "word/comments.xml" in res.stderr and "damaged" in res.stderr
    assert not (tmp_path / "g.review.yaml").exists()


def test_an_xml_entity_bomb_inside_a_docx_is_refused(tmp_path):
    lol = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;'
           '&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')
    path = tmp_path / "lol.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", lol + f"<w:document {W}><w:body>{_para('&c;')}</w:body></w:document>")
    res = run_cli("import", str(path), "-o", str(tmp_path / "out.yaml"))
    assert res.exit_code == 2 and res.stderr.count("\n") == 1 and "DOCTYPE" in res.stderr, res.stderr


@pytest.mark.slow  # 0.20 s of CPU a case (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
@pytest.mark.parametrize("command", ["check", "validate"])
def test_a_fifo_in_a_folder_is_refused_not_waited_for(tmp_path, command):
    """`pipe.yaml` (a named pipe) inside a folder given to check or validate blocked forever."""
    folder = tmp_path / "guidelines"
    folder.mkdir()
    shutil.copy(GOOD, folder / "good.yaml")
    os.mkfifo(folder / "pipe.yaml")
    code, err, seconds, _peak, out = _run_bounded([command, *(["--no-cache"] if command == "check" else []),
                                                   str(folder)], tmp_path, seconds=60)
    assert code == 2 and seconds < 30
    lines = [ln for ln in (out + err).splitlines() if "pipe.yaml" in ln]
    assert lines and "not a regular file" in lines[0], err


@pytest.mark.parametrize("command", ["import", "review import"])
def test_a_fifo_named_docx_is_refused(tmp_path, review_target, command):
    pipe = tmp_path / "pipe.docx"
    os.mkfifo(pipe)
    args = ["import", str(pipe)] if command == "import" else \
        ["review", "import", str(pipe), "--guideline", str(review_target)]
    code, err, seconds, _peak, _out = _run_bounded(args, tmp_path, seconds=60)
    assert code == 2 and err.count("\n") == 1 and "not a regular file" in err and seconds < 30, err


def test_devices_are_refused_too(tmp_path):
    res = run_cli("validate", "/dev/zero")
    assert res.exit_code == 2 and "not a regular file" in res.stdout + res.stderr


# --------------------------------------------------------------------------- YAML in review files

BAD_REVIEW = ROOT / "tests" / "corpus" / "bad-review"

# review file → (line, column, words of the one-line error) for `review list`
REVIEW_CASES = {
    "alias-bomb.review.yaml": (None, None, "alias expansion"),
    "deep-nesting.review.yaml": (2, None, "nesting deeper than 64 levels"),
    "duplicate-key.review.yaml": (17, 5, "duplicate key 'kind'"),
    "huge-integer.review.yaml": (11, 14, "a number with 5,000 digits"),
    "line-separator.review.yaml": (18, 12, "LINE SEPARATOR (U+2028) outside quotes"),
    "python-tag.review.yaml": (18, 11, "unsupported YAML tag '!!python/object/apply:os.system'"),
    "set-tag.review.yaml": (16, 11, "unsupported YAML tag '!!set'"),
    "two-documents.review.yaml": (3, 1, "more than one YAML document"),
    # hostile4: was "g.review.yaml:3:1: error: : Value error, thread id 't1' is used twice"
    "duplicate-thread-id.review.yaml": (19, 5, "thread id 't1' is used twice"),
    # hostile4: a review file from a newer lic-policy was read as version 1
    "future-version.review.yaml": (1, 1, "format version 2, newer than this lic-policy reads (1)"),
    # a key the schema does not have: `check` said "0 errors" of it while these refused it
    "unknown-key.review.yaml": (5, 1, "reviewers_notes: Extra inputs are not permitted"),
}


def test_review_corpus_is_complete():
    assert sorted(p.name for p in BAD_REVIEW.iterdir()) == sorted(REVIEW_CASES)


def _approved(tmp_path) -> Path:
    """The good sample, approved (so its review file's objections matter to check)."""
    g = tmp_path / "g.yaml"
    g.write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    return g


@pytest.mark.parametrize("name", sorted(REVIEW_CASES))
def test_bad_review_files_are_one_line_for_every_reader(tmp_path, name):
    """The review reader skipped the guideline reader's limits: an alias bomb in a review file
    hung `review list`. Now every reader of review files (review list, review add, publish's
    gate, check's objection rule) reads them with the same reader and the same verdict."""
    import time

    line, col, words = REVIEW_CASES[name]
    g = _approved(tmp_path)
    review = tmp_path / "g.review.yaml"
    shutil.copy(BAD_REVIEW / name, review)
    before = review.read_bytes()
    t0 = time.perf_counter()
    for args in (("review", "list", str(g)),
                 ("review", "add", str(g), "--field", "purpose", "--quote", "sex workers", "--occurrence", "1",
                  "--body", "b", "--author", "staff-1", "--role", "staff"),
                 ("publish", str(g), "--to", "md", "--out", str(tmp_path / "out"))):
        res = run_cli(*args)
        assert res.exit_code == 2 and res.stderr.count("\n") == 1, (args[:2], res.stdout, res.stderr)
        assert words in res.stderr and "internal error" not in res.stderr
        where = f"{review}:" + (f"{line}:" if line else "") + (f"{col}:" if col else "")
        assert res.stderr.startswith(where), res.stderr
    assert review.read_bytes() == before  # nothing written over it
    assert time.perf_counter() - t0 < 30  # bounded (the bomb hung before)


@pytest.mark.slow  # 0.31 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_check_says_why_it_cannot_see_objections(tmp_path):
    """check ignored a review file over the size limit (and missed its open objection) while
    publish refused it. Now check says it cannot rule objections out, and why."""
    g = _approved(tmp_path)
    review = tmp_path / "g.review.yaml"
    threads = (ROOT / "guidelines" / "cedar-harbour-sex-work-response.review.yaml").read_text(encoding="utf-8")
    head, _, items = threads.partition("threads:\n")
    review.write_text(head + "threads:\n" + items + "# padding\n" * 3_500_000, encoding="utf-8")
    assert review.stat().st_size > 32 * 1024 * 1024  # a review file's limit (hostile7: 10 MB before)
    res = run_cli("check", "--no-cache", "--format", "json", str(g))
    import json

    found = [f for f in json.loads(res.stdout)["findings"] if f["rule_id"] == "status.open-objection"]
    assert res.exit_code == 1 and found, res.stdout[-2000:]
    assert "cannot be read" in found[0]["message"] and "over the" in found[0]["message"]
    res = run_cli("publish", str(g), "--to", "md", "--out", str(tmp_path / "out"))
    assert res.exit_code == 2 and "over the" in res.stderr
    # a bomb in the review file is said the same way (and in bounded time)
    shutil.copy(BAD_REVIEW / "alias-bomb.review.yaml", review)
    text = review.read_text(encoding="utf-8").replace("threads: []", "threads:\n  - {kind: objection, status: open}")
    review.write_text(text, encoding="utf-8")
    res = run_cli("check", "--no-cache", "--format", "json", str(g))
    found = [f for f in json.loads(res.stdout)["findings"] if f["rule_id"] == "status.open-objection"]
    assert found and "alias expansion" in found[0]["message"]


@pytest.mark.slow
def test_a_file_of_700000_keys_answers_clearly(tmp_path):
    big = tmp_path / "keys.yaml"
    big.write_text("lic_policy: 1\nmetadata: {" + ", ".join(f"k{i}: {i}" for i in range(700_000)) + "}\n",
                   encoding="utf-8")
    for command in ("validate", "check"):
        code, err, seconds, _peak, out = _run_bounded([command, "--max-size", "30000000", str(big)], tmp_path, 120)
        assert code == 2 and seconds < 60, (command, seconds, out + err)
        assert "holds more than 1,000,000 keys and values" in out + err and "alias" not in out + err
    lines = "lic_policy: 1\nmetadata:\n" + "".join(f"  k{i}: {i}\n" for i in range(200_000))
    big.write_text(lines, encoding="utf-8")
    res = run_cli("validate", "--max-size", "30000000", str(big))
    assert res.exit_code == 1 and "200,0" in res.stdout and "only the first 100 are listed" in res.stdout
    assert res.stdout.count(": error: ") == 101


@pytest.mark.slow  # 0.41 s of CPU a case (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_a_narrow_output_encoding_is_no_internal_error(encoding):
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING=encoding)
    for args in (["check", "--no-cache", "--fail-on", "none", str(DRAFT)],
                 ["review", "list", str(GOOD)], ["compare", str(GOOD), str(ROOT / "guidelines" /
                                                                     "cedar-harbour-police-guideline.yaml")]):
        proc = subprocess.run([sys.executable, "-m", "lic_policy", *args], capture_output=True, env=env)
        assert proc.returncode == 0, proc.stderr.decode(encoding, "replace")
        assert b"internal error" not in proc.stderr


# --------------------------------------------------------------------------- the check cache

def _cached(root: Path) -> set:
    """The files the check cache in ``root`` holds entries for (whatever their key)."""
    import sqlite3

    db = root / ".lic-policy-cache" / "check.sqlite3"
    if not db.exists():
        return set()
    con = sqlite3.connect(db)
    try:
        return {row[0] for row in con.execute("SELECT path FROM files")}
    finally:
        con.close()


def test_the_cache_forgets_files_that_are_gone_and_entries_unused_for_long(tmp_path, monkeypatch):
    """The cache kept entries for files that no longer existed (118 MB after checks of
    temporary files). A run at least a day after the last clean-up drops them."""
    from lic_policy.checks import runner
    from lic_policy.checks.runner import check_paths
    from lic_policy.config import Config

    monkeypatch.chdir(tmp_path)
    for i in range(3):
        shutil.copy(GOOD, tmp_path / f"g{i}.yaml")
    check_paths(["g0.yaml", "g1.yaml", "g2.yaml"], Config())
    assert _cached(tmp_path) == {str(tmp_path / f"g{i}.yaml") for i in range(3)}
    (tmp_path / "g1.yaml").unlink()
    (tmp_path / "g2.yaml").unlink()
    check_paths(["g0.yaml"], Config())
    assert len(_cached(tmp_path)) == 3  # clean-ups are at most daily: a run is not slowed by one
    now = runner._now()
    monkeypatch.setattr(runner, "_now", lambda: now + 2 * 86400)
    shutil.copy(GOOD, tmp_path / "g3.yaml")
    check_paths(["g3.yaml"], Config())
    assert _cached(tmp_path) == {str(tmp_path / "g0.yaml"), str(tmp_path / "g3.yaml")}
    monkeypatch.setattr(runner, "_now", lambda: now + 40 * 86400)  # g0 unused for 40 days
    check_paths(["g3.yaml"], Config())
    assert _cached(tmp_path) == {str(tmp_path / "g3.yaml")}
    assert check_paths(["g3.yaml"], Config()).cached_files == 1


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_touched_file_is_checked_from_the_cache_by_its_content(tmp_path, monkeypatch, jobs):
    """hostile3: `touch g.yaml` (or a git checkout, a cp) and check again was an internal error
    (TypeError) on one core: the loop over the files to check rebound the name of the cache
    lookup, so a file whose content matched its entry read its result from a string."""
    from .conftest import run_cli

    monkeypatch.chdir(tmp_path)
    shutil.copy(GOOD, tmp_path / "g.yaml")
    (tmp_path / "n.md").write_text("Outreach staff met two prostitutes.\n", encoding="utf-8")  # must-flag fixture
    first = run_cli("check", "-j", str(jobs), "g.yaml", "n.md")
    assert first.exit_code == 0 and "1 warning" in first.stdout, first.stderr
    for name in ("g.yaml", "n.md"):
        st = os.stat(tmp_path / name)
        os.utime(tmp_path / name, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    again = run_cli("check", "-j", str(jobs), "g.yaml", "n.md")
    assert again.exit_code == 0 and "internal error" not in again.stderr, again.stderr
    assert again.stdout.splitlines()[:-1] == first.stdout.splitlines()[:-1]
    assert "2 from cache" in again.stdout.splitlines()[-1]


def test_the_cache_is_bounded_and_drops_other_rule_versions(tmp_path, monkeypatch):
    from lic_policy.checks import runner
    from lic_policy.checks.runner import check_paths
    from lic_policy.config import Config

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(runner.Cache, "MAX_ENTRIES", 10)
    for i in range(25):
        (tmp_path / f"n{i:02d}.md").write_text(f"Note {i}: staff offer support first.\n", encoding="utf-8")
    check_paths([str(tmp_path)], Config())
    assert len(_cached(tmp_path)) <= 10
    # entries made under other rules (another version or pack) are dropped at the next clean-up
    import sqlite3

    con = sqlite3.connect(tmp_path / ".lic-policy-cache" / "check.sqlite3")
    with con:
        con.execute("UPDATE files SET key = 'older-rules'")
    con.close()
    now = runner._now()
    monkeypatch.setattr(runner, "_now", lambda: now + 2 * 86400)
    check_paths(["n00.md"], Config())
    assert _cached(tmp_path) == {str(tmp_path / "n00.md")}


def test_a_warm_one_file_run_reads_only_its_own_entry(tmp_path, monkeypatch):
    """The cache was one JSON file parsed whole on every run: a warm one-file check then took
    1 s and 262 MB. Now a run reads the entries of the files it checks and nothing else."""
    import hashlib
    import json

    from lic_policy import __version__
    from lic_policy.checks import runner
    from lic_policy.checks.engine import load_ruleset
    from lic_policy.config import Config

    monkeypatch.chdir(tmp_path)
    ruleset = load_ruleset(Config())
    key = hashlib.sha256(f"{__version__}:{ruleset.digest}".encode()).hexdigest()
    note = tmp_path / "note.md"
    note.write_text("Outreach staff met two prostitutes.\n", encoding="utf-8")  # must-flag fixture
    result = runner._result_to_dict(runner.check_file(str(note), ruleset))
    cache = runner.Cache(tmp_path, key)
    for i in range(3000):  # a history of checks of other files (about 3 MB)
        cache.store(str(tmp_path / f"gone-{i}.md"), note.stat(), f"{i:064x}", result)
    cache.save()
    shutil.copy(GOOD, tmp_path / "g.yaml")
    runner.check_paths(["g.yaml"], Config())  # cached now
    decoded = []
    real_loads = json.loads
    monkeypatch.setattr(json, "loads", lambda s, *a, **k: decoded.append(len(s)) or real_loads(s, *a, **k))
    report = runner.check_paths(["g.yaml"], Config())
    assert report.cached_files == 1
    assert sum(decoded) < 500_000, decoded  # the history is 4.5 MB; the rule packs (cached apart) 0.1 MB


def test_the_old_one_file_cache_is_removed(tmp_path, monkeypatch):
    from lic_policy.checks.runner import check_paths
    from lic_policy.config import Config

    monkeypatch.chdir(tmp_path)
    old = tmp_path / ".lic-policy-cache" / "check.json"
    old.parent.mkdir()
    old.write_text('{"key": "x", "files": {}}', encoding="utf-8")
    shutil.copy(GOOD, tmp_path / "g.yaml")
    check_paths(["g.yaml"], Config())
    assert not old.exists() and _cached(tmp_path) == {str(tmp_path / "g.yaml")}


# --------------------------------------------------------------------------- user rule packs

@pytest.mark.parametrize("pattern", [r"(a|aa)+b", r"(a+)+b", r"(\w+\s?)+$", r"(x+x+)+y", r"(?:ab|a)*c",
                                     r"(a|aa){1,40}b", r"(?:(?:sex )+work)+"])
def test_catastrophic_patterns_are_refused_when_a_pack_is_loaded(pattern):
    from lic_policy.checks.packs import backtracking_risk

    assert backtracking_risk(pattern)


@pytest.mark.parametrize("pattern", [r"prostitutes?", r"(?:a|b)+c", r"(?:street|survival)\s+sex(?:\s+work)?",
                                     r"(?:\w+\s){0,3}x", r"\d+\.\d+", r"sex\s+work(?:ers?)?", r"(?i)(A|a)+b"])
def test_ordinary_patterns_pass(pattern):
    from lic_policy.checks.packs import backtracking_risk

    assert backtracking_risk(pattern) is None


def test_every_bundled_pattern_passes():
    from lic_policy.checks.packs import backtracking_risk, load_packs

    for pack in load_packs():
        for r in pack.rules:
            if r.grammar:
                continue  # generated from lexicons by the grammar compiler, not written as a regex
            for p in r.patterns + ([r.unless] if r.unless else []):
                assert backtracking_risk(p) is None, (r.id, p)


# --------------------------------------------------------------------------- HTML import

def test_html_import_ignores_base_href(tmp_path):
    """HTML import followed <base href> and turned local links into remote ones."""
    page = tmp_path / "page.html"
    page.write_text('<html><head><BASE target="_top" href="https://tracker.example/collect/"><title>Support</title>'
                    '<base href=\'https://other.example/\'></head><body><h1>Support guideline</h1><h2>Services</h2>'
                    '<p>Staff offer support first. See the <a href="services.html">services list</a>.</p>'
                    '<!-- <base href="https://in-a-comment.example/"> --></body></html>', encoding="utf-8")
    res = run_cli("import", str(page), "-o", str(tmp_path / "page.yaml"))
    assert res.exit_code == 0, res.stderr
    text = (tmp_path / "page.yaml").read_text(encoding="utf-8")
    assert "services list" in text  # the link text stays; the page-relative link never points elsewhere
    assert "tracker.example" not in text and "other.example" not in text


# --------------------------------------------------------------------------- import: deep and partial documents

@pytest.mark.parametrize("body", [pytest.param("- " * 3000 + "x", marks=pytest.mark.slow),  # 1.4 s each
                                  pytest.param("> " * 3000 + "x", marks=pytest.mark.slow),
                                  "1. " * 2000 + "x"])  # the same pandoc path, 0.3 s
def test_a_document_nested_deeper_than_can_be_read_is_one_line(tmp_path, body):
    """hostile3: a Markdown list or quote nested 3,000 deep (or such a Word file) made pandoc's
    JSON deeper than Python's recursion limit: 'internal error: RecursionError'."""
    doc = tmp_path / "deep.md"
    doc.write_text("# Support guideline\n\n" + body + "\n", encoding="utf-8")
    res = run_cli("import", str(doc), "-o", str(tmp_path / "deep.yaml"))
    assert res.exit_code == 2, res.stderr
    assert res.stderr.count("\n") == 1 and "internal error" not in res.stderr, res.stderr
    # hostile6: refused before pandoc, at the line (it was "{doc}: error: ", after pandoc)
    assert re.match(re.escape(str(doc)) + r"(:3:1)?: error: ", res.stderr) and "nested too deeply" in res.stderr, \
        res.stderr
    assert not (tmp_path / "deep.yaml").exists()


def test_a_docx_without_its_document_part_names_the_file(tmp_path):
    """hostile3: a zip with [Content_Types].xml but no word/document.xml gave 'error: pandoc
    failed converting docx to json: couldn't parse docx file: DocxError', naming no file."""
    path = tmp_path / "parts.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
    res = run_cli("import", str(path), "-o", str(tmp_path / "parts.yaml"))
    assert res.exit_code == 2 and res.stderr.count("\n") == 1, res.stderr
    assert res.stderr.startswith(f"{path}: error: ") and "word/document.xml" in res.stderr, res.stderr
    odt_path = tmp_path / "parts.odt"
    with zipfile.ZipFile(odt_path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
    res = run_cli("import", str(odt_path), "-o", str(tmp_path / "parts.yaml"))
    assert res.exit_code == 2 and res.stderr.count("\n") == 1, res.stderr
    assert res.stderr.startswith(f"{odt_path}: error: ") and "content.xml" in res.stderr, res.stderr


@pytest.mark.parametrize("depth", [200, pytest.param(2000, marks=pytest.mark.slow)])  # 2000: 6 s of pandoc
def test_a_reviewed_word_file_nested_too_deeply_is_one_line(tmp_path, review_target, depth):
    """hostile3: `review import` of a Word file with tables nested 200 deep was 'internal
    error: RecursionError' (pandoc's JSON deeper than Python reads)."""
    body = "<w:tbl><w:tr><w:tc>" * depth + _para("If violence") + "</w:tc></w:tr></w:tbl>" * depth
    path = docx(tmp_path / "deep.docx", body)
    before = {p.name: p.read_bytes() for p in review_target.parent.iterdir() if p.is_file()}
    res = run_cli("review", "import", str(path), "--guideline", str(review_target))
    assert res.exit_code == 2 and res.stderr.count("\n") == 1, res.stderr
    assert res.stderr.startswith(f"{path}: error: ") and "nested too deeply" in res.stderr, res.stderr
    assert {p.name: p.read_bytes() for p in review_target.parent.iterdir() if p.is_file()} == before


# --------------------------------------------------------------------------- terminal escape sequences

ESCAPES = "\x1b]0;window title\x07\x1b[2J\x1b]8;;https://elsewhere.example\x1b\\link\x1b]8;;\x1b\\\x9b31m"


def test_escape_sequences_in_a_checked_file_are_shown_not_run(tmp_path):
    """hostile3: the source line printed under a finding carried a file's terminal escape
    sequences through (OSC window titles, hyperlinks, BEL; click strips only colors): a
    Markdown file in a pull request could rewrite the terminal of whoever checked it."""
    note = tmp_path / "n.md"
    note.write_text("Outreach staff met two prostitutes. " + ESCAPES + "\n", encoding="utf-8")  # must-flag fixture
    res = run_cli("check", "--no-cache", "--color", "never", str(note))
    assert res.exit_code == 0 and "lang.prostitute" in res.stdout, res.stdout
    assert not any(c in res.stdout for c in "\x1b\x07\x9b"), repr(res.stdout)
    assert "␛]0;window title␇" in res.stdout
    lines = res.stdout.splitlines()
    src, caret = lines[1], lines[2]  # the caret still sits under the word
    assert src[caret.index("^"):].startswith("prostitutes")


def test_escape_sequences_in_review_threads_are_shown_not_run(tmp_path, review_target):
    import json

    res = run_cli("review", "add", str(review_target), "--field", "purpose", "--quote", "support", "--body",
                  "see PLACEHOLDER", "--author", "staff-1", "--role", "staff")
    assert res.exit_code == 0, res.stderr
    # `review add` refuses control characters; a review file edited by hand can still hold them
    review = review_target.with_name("g.review.yaml")
    text = review.read_text(encoding="utf-8")
    assert "see PLACEHOLDER" in text
    review.write_text(text.replace("see PLACEHOLDER", json.dumps("see " + ESCAPES)), encoding="utf-8")
    res = run_cli("review", "list", str(review_target), "--color", "never")
    assert res.exit_code == 0 and "see ␛]0;window title␇" in res.stdout, res.stdout
    assert not any(c in res.stdout for c in "\x1b\x07\x9b"), repr(res.stdout)


# --------------------------------------------------------------------------- file names that are not UTF-8

FORMATS = ["text", "json", "sarif", "junit", "github", "codeclimate"]


def test_a_file_name_that_is_not_utf8_is_checked_in_every_format(tmp_path, monkeypatch):
    """hostile3: a file named with a Latin-1 byte (from an old zip, a Windows share) in a folder
    made `check FOLDER` an internal error: the cache could not store its name (sqlite wants
    UTF-8), SARIF could not quote it, Code Climate could not hash it, and -o could not write it."""
    monkeypatch.chdir(tmp_path)
    name = os.fsdecode(b"notes-\xe9t\xe9.md")
    (tmp_path / name).write_text("Outreach staff met two prostitutes.\n", encoding="utf-8")  # must-flag fixture
    for cache in ([], ["--no-cache"]):
        for fmt in FORMATS:
            for out in ([], ["-o", f"report.{fmt}"]):
                res = run_cli("check", *cache, "--format", fmt, *out, ".")
                assert res.exit_code == 0, (cache, fmt, out, res.stderr)
                assert "internal error" not in res.stderr
    res = run_cli("check", "--format", "sarif", ".")
    import json

    uri = json.loads(res.stdout)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "notes-%E9t%E9.md"  # the bytes of the name, as a URI says them
    assert (tmp_path / "report.text").read_bytes().startswith(b"./notes-\xe9t\xe9.md:1:24:")


@pytest.mark.parametrize("command, body", [
    ("add", ""), ("add", "  \n "), ("add", os.fsdecode(b"caf\xe9")),
    ("reply", ""), ("reply", os.fsdecode(b"caf\xe9")), ("resolve", ""),
])
def test_an_empty_or_undecodable_body_is_a_usage_error(tmp_path, review_target, command, body):
    """hostile3: `review add --body ''` and `review reply --body ''` were internal errors
    (pydantic's ValidationError), and so was a body whose bytes were not UTF-8 (a Latin-1
    terminal); a body of spaces was stored as a comment."""
    assert run_cli("review", "add", str(review_target), "--field", "purpose", "--quote", "support", "--body",
                   "first", "--author", "staff-1", "--role", "staff").exit_code == 0
    review = review_target.with_name("g.review.yaml")
    before = review.read_bytes()
    who = ["--author", "staff-2", "--role", "staff"]
    args = {"add": ["add", str(review_target), "--field", "purpose", "--quote", "support", "--body", body, *who],
            "reply": ["reply", str(review_target), "t1", "--body", body, *who],
            "resolve": ["resolve", str(review_target), "t1", "--body", body, *who]}[command]
    res = run_cli("review", *args)
    assert res.exit_code == 2 and res.stderr.count("\n") == 1, res.stderr
    assert "internal error" not in res.stderr and "'--body'" in res.stderr, res.stderr
    assert review.read_bytes() == before


# --------------------------------------------------------------------------- disguised words

DISGUISES = {  # must-flag fixtures: the word the language reviewer asks to replace, hidden
    "zero-width space": "prosti\u200btutes", "zero-width joiner": "prosti\u200dtutes",
    "soft hyphen": "prosti\u00adtutes", "right-to-left mark": "prosti\u200ftutes",
    "Cyrillic o": "pr\u043estitutes", "Greek omicron": "pr\u03bfstitutes", "full-width letters": "ｐｒｏｓｔｉｔｕｔｅｓ",
    "mathematical bold": "𝐩𝐫𝐨𝐬𝐭𝐢𝐭𝐮𝐭𝐞𝐬", "combining dot": "pro\u0307stitutes",
}


@pytest.mark.parametrize("how", sorted(DISGUISES))
def test_a_flagged_word_hidden_by_lookalike_or_invisible_characters_is_still_flagged(tmp_path, how):
    """hostile3: the rules read text with invisible characters dropped and look-alike letters
    folded (checks/normalize.py), but the file-wide filter of candidate rules read the text as
    written: in a file whose only occurrence was disguised, the rule never ran."""
    import json

    word = DISGUISES[how]
    note = tmp_path / "n.md"
    note.write_text(f"Outreach staff met two {word} downtown.\n", encoding="utf-8")
    res = run_cli("check", "--no-cache", "--format", "json", str(note))
    found = [(f["rule_id"], f["column"]) for f in json.loads(res.stdout)["findings"]]
    assert ("lang.prostitute", 24) in found, (how, found)


# --------------------------------------------------------------------------- labelled corpora (rules eval, rules train)

@pytest.mark.parametrize("record, words", [
    ("{text: Staff offer support., stigma: 5, framing: false}", "record 1: stigma must be a list"),
    ("{text: Staff offer support., stigma: [], framing: [1]}", "record 1: framing must be true or false"),
    ("{text: Staff offer support., framing: true, framing_kinds: [{a: 1}]}", "record 1: framing_kinds must be a list of words"),
    ("{text: Staff offer support., framing: true, framing_phrases: support}", "record 1: framing_phrases must be a list"),
])
@pytest.mark.parametrize("command", ["eval", "train"])
def test_a_corpus_record_with_labels_of_the_wrong_type_is_one_line(tmp_path, record, words, command):
    """hostile3: 'stigma: 5' in a labelled corpus made `rules eval` and `rules train`
    internal errors ('int' object is not iterable)."""
    corpus = tmp_path / "c.yaml"
    corpus.write_text(f"- {record}\n", encoding="utf-8")
    args = ["rules", "eval", str(corpus)] if command == "eval" else \
        ["rules", "train", "-o", str(tmp_path / "m.json"), str(corpus)]
    res = run_cli(*args)
    assert res.exit_code == 2 and res.stderr.count("\n") == 1, res.stderr
    assert res.stderr.startswith(f"{corpus}:1: error: {words}"), res.stderr


# --------------------------------------------------------------------------- .gitignore files met in a walk

def test_a_gitignore_with_a_pattern_git_cannot_read_is_no_internal_error(tmp_path):
    """hostile3: a .gitignore holding a lone backslash (git ignores such a line) made `check .`
    and `validate .` internal errors (pathspec's GitIgnorePatternError); its other lines
    still apply."""
    (tmp_path / ".gitignore").write_text("\\\nbuild/\n", encoding="utf-8")  # a lone backslash
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "n.md").write_text("Outreach staff met two prostitutes.\n", encoding="utf-8")  # must-flag
    (tmp_path / "n.md").write_text("Outreach staff met two prostitutes.\n", encoding="utf-8")  # must-flag fixture
    res = run_cli("check", "--no-cache", str(tmp_path))
    assert res.exit_code == 0 and "internal error" not in res.stderr, res.stderr
    assert "n.md:1:24" in res.stdout and "build" not in res.stdout and "1 file checked" in res.stdout, res.stdout


def test_a_gitignore_that_is_a_named_pipe_is_not_waited_for(tmp_path):
    """hostile3: a .gitignore that is a named pipe was opened as a file: the walk waited for
    a writer forever."""
    os.mkfifo(tmp_path / ".gitignore")
    (tmp_path / "n.md").write_text("Outreach staff met two prostitutes.\n", encoding="utf-8")  # must-flag fixture
    proc = subprocess.run([sys.executable, "-m", "lic_policy", "check", "--no-cache", str(tmp_path)],
                          capture_output=True, text=True, timeout=60, cwd=tmp_path,
                          env={k: v for k, v in os.environ.items() if k != "LIC_POLICY_DEBUG"})
    assert proc.returncode == 0 and "1 file checked" in proc.stdout, proc.stdout + proc.stderr


def test_a_walk_does_not_follow_links_to_folders_out_or_round(tmp_path):
    """hostile3: `check .` followed symbolic links to folders: a link to '/' walked the whole
    file system (it never finished), and a link to '.' checked the same file 41 times (till
    the path was too long). Links to folders are now left out of a walk (as git leaves
    them); a link given as PATH is still walked."""
    (tmp_path / "n.md").write_text("Outreach staff met two prostitutes.\n", encoding="utf-8")  # must-flag fixture
    (tmp_path / "loop").symlink_to(".")
    (tmp_path / "root").symlink_to("/")
    proc = subprocess.run([sys.executable, "-m", "lic_policy", "check", "--no-cache", "-v", "."], capture_output=True,
                          text=True, timeout=60, cwd=tmp_path,
                          env={k: v for k, v in os.environ.items() if k != "LIC_POLICY_DEBUG"})
    assert proc.returncode == 0 and "1 file checked" in proc.stdout, proc.stdout[-500:] + proc.stderr
    res = run_cli("check", "--no-cache", str(tmp_path / "loop"))
    assert res.exit_code == 0 and "1 file checked" in res.stdout, res.stdout


def test_folders_nested_deeper_than_python_recurses_are_walked(tmp_path):
    """hostile3: a walk is recursive: 1,200 folders inside each other were 'internal error:
    RecursionError'."""
    deep = str(tmp_path)
    for _ in range(1200):  # one by one: os.makedirs and Path.mkdir recurse themselves
        deep = os.path.join(deep, "d")
        os.mkdir(deep)
    Path(deep, "n.md").write_text("Outreach staff met two prostitutes.\n", encoding="utf-8")  # must-flag fixture
    try:
        res = run_cli("check", "--no-cache", str(tmp_path))
        assert res.exit_code == 0 and "internal error" not in res.stderr, res.stderr
        assert "1 file checked" in res.stdout, res.stdout
    finally:  # one by one again: shutil.rmtree (pytest's clean-up) recurses as deep as the tree
        os.unlink(os.path.join(deep, "n.md"))
        for _ in range(1200):
            os.rmdir(deep)
            deep = os.path.dirname(deep)


@pytest.mark.parametrize("replacement", ["support\u2028first", "support\u2029first", "support\r\nfirst"])
def test_a_suggestion_with_a_unicode_line_break_is_applied_exactly(tmp_path, review_target, replacement):
    """hostile3: a suggestion whose words held a LINE SEPARATOR (U+2028), a PARAGRAPH SEPARATOR
    or NEL could not be applied ('cannot write the new text ... safely (report this as a
    bug)'): a double-quoted YAML string left them raw and YAML read them as line breaks. A
    CRLF pasted on the command line is stored as the review room stores it, LF."""
    from lic_policy import store

    res = run_cli("review", "add", str(review_target), "--field", "purpose", "--quote", "support", "--body", "x",
                  "--kind", "suggestion", "--replacement", replacement, "--author", "staff-1", "--role", "staff")
    assert res.exit_code == 0, res.stderr
    assert run_cli("review", "accept", str(review_target), "t1").exit_code == 0
    res = run_cli("review", "apply", str(review_target))
    assert res.exit_code == 0, res.stderr
    expected = "Staff offer " + replacement.replace("\r\n", "\n") + " first."
    assert store.load(str(review_target), validate=False).data["purpose"] == expected


@pytest.mark.parametrize("text", ["support\x85first", "a bell\x07", "esc\x1b[2J"])
def test_control_characters_in_a_comment_or_suggestion_are_refused_as_the_review_room_does(review_target, text):
    """hostile3: NEL in a --replacement was refused only when the review file was written back
    ('internal check failed ... please report this as a bug'); the review room refuses
    control characters up front, and so does the command line now."""
    for option in ("--body", "--replacement"):
        args = ["review", "add", str(review_target), "--field", "purpose", "--quote", "support", "--author", "staff-1",
                "--role", "staff", "--kind", "suggestion"]
        args += ["--body", text, "--replacement", "x"] if option == "--body" else ["--body", "x", "--replacement", text]
        res = run_cli(*args)
        assert res.exit_code == 2 and res.stderr.count("\n") == 1, res.stderr
        assert f"'{option}'" in res.stderr and "control character" in res.stderr, res.stderr
        assert not review_target.with_name("g.review.yaml").exists()
