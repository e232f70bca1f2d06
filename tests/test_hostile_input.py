"""Hostile input (issue 13): git argument injection, archive bombs and special files, YAML
tricks, very large files, the check cache, catastrophic patterns and the smaller cases.

Each test here was written before its fix and failed on main."""

from __future__ import annotations

import os
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


@pytest.fixture
def repo(tmp_path, monkeypatch):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    _git(tmp_path, "init", "-q")
    shutil.copy(DRAFT, tmp_path / "g.yaml")
    _git(tmp_path, "add", "g.yaml")
    _git(tmp_path, "commit", "-q", "-m", "draft")
    shutil.copy(GOOD, tmp_path / "g.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


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
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    # Measured from a small launcher: Linux keeps a process's peak memory across fork and exec,
    # so a child started straight from this (large) test process would report the test
    # process's own peak, not the command's.
    launcher = ("import os, subprocess, sys\n"
                "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
                "err = p.stderr.read()\n"
                "_pid, status, usage = os.wait4(p.pid, 0)\n"
                "sys.stderr.buffer.write(err)\n"
                "print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)\n")
    res = subprocess.run([sys.executable, "-c", launcher, sys.executable, "-m", "lic_policy", "diff", "HEAD:big.yaml",
                          "g.yaml"], cwd=repo, capture_output=True, text=True, env=env, timeout=120)
    code, maxrss = (int(x) for x in res.stdout.split())
    err = res.stderr
    assert code == 2, err
    assert "over the 10,485,760-byte limit" in err and err.count("\n") == 1
    assert maxrss / 1024 < 120, maxrss  # MB: never the 160 MB blob


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


def _run_bounded(args, cwd, seconds=60):
    """Run the CLI in a subprocess: (exit code, stderr, seconds, peak MB of it and its children)."""
    import time

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "lic_policy", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=seconds)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return proc.returncode, proc.stderr, time.perf_counter() - t0, peak, proc.stdout


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
