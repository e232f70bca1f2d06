"""The test run's memo of pandoc's answers (``tests/pandoc_memo.py``) answers only a call that
cannot be told apart from running pandoc again. A stand-in program named ``pandoc`` counts its
runs, so these tests see which calls ran it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from . import pandoc_memo

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for pandoc")


@pytest.fixture
def memo(tmp_path, monkeypatch):
    """(run: subprocess.run with a fresh memo in front, pandoc: the stand-in, runs: how many
    times it ran). The stand-in writes its arguments and input to stdout, and to -o's file."""
    folder = tmp_path / "bin"
    folder.mkdir()
    pandoc = folder / "pandoc"
    count = tmp_path / "count"
    pandoc.write_text(f"""#!/bin/sh
echo x >> {count}
out=""
prev=""
for a in "$@"; do
  if [ "$prev" = "-o" ]; then out="$a"; fi
  if [ "$a" = "--fail" ]; then echo "pandoc: failed" >&2; exit 3; fi
  prev="$a"
done
if [ -n "$out" ]; then cat > "$out"; else echo "$@"; cat; fi
echo warning >&2
""", encoding="utf-8")
    pandoc.chmod(0o755)
    # the real subprocess.run (not the run's own memo), put back after the test
    monkeypatch.setattr(subprocess, "run", getattr(subprocess.run, "__wrapped__", subprocess.run))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    pandoc_memo.install(tmp_path / "memo")

    def runs() -> int:
        return len(count.read_text().split()) if count.exists() else 0

    return subprocess.run, str(pandoc), runs


def _call(run, cmd, data=b"text", **kw):
    return run(cmd, input=data, capture_output=True, timeout=kw.pop("timeout", 60), check=False, **kw)


def test_the_same_call_is_answered_once_with_pandocs_own_answer(memo):
    run, pandoc, runs = memo
    first = _call(run, [pandoc, "--sandbox", "-f", "markdown", "-t", "json"])
    again = _call(run, [pandoc, "--sandbox", "-f", "markdown", "-t", "json"])
    assert runs() == 1
    assert (again.returncode, again.stdout, again.stderr) == (first.returncode, first.stdout, first.stderr)
    assert again.stdout == b"--sandbox -f markdown -t json\ntext" and again.stderr == b"warning\n"


def test_other_input_arguments_or_timeout_run_pandoc(memo):
    run, pandoc, runs = memo
    cmd = [pandoc, "--sandbox", "-f", "markdown", "-t", "json"]
    _call(run, cmd)
    _call(run, cmd, data=b"other text")
    _call(run, cmd + ["--wrap=none"])
    _call(run, cmd, timeout=2)
    assert runs() == 4


def test_the_output_file_is_written_with_pandocs_bytes_whatever_its_name(memo, tmp_path):
    run, pandoc, runs = memo
    _call(run, [pandoc, "--sandbox", "-f", "json", "-t", "docx", "-o", str(tmp_path / "a.docx")])
    again = _call(run, [pandoc, "--sandbox", "-f", "json", "-t", "docx", "-o", str(tmp_path / "b.docx")])
    assert runs() == 1 and again.returncode == 0
    assert (tmp_path / "b.docx").read_bytes() == (tmp_path / "a.docx").read_bytes() == b"text"
    _call(run, [pandoc, "--sandbox", "-f", "json", "-t", "docx", "-o", str(tmp_path / "c.odt")])
    assert runs() == 2  # another extension


def test_a_named_file_is_part_of_the_key_by_its_bytes(memo, tmp_path):
    run, pandoc, runs = memo
    template = tmp_path / "t.html"
    template.write_text("one", encoding="utf-8")
    cmd = [pandoc, "--sandbox", "-f", "json", "-t", "html5", f"--template={template}"]
    _call(run, cmd)
    _call(run, cmd)
    assert runs() == 1
    template.write_text("two", encoding="utf-8")
    _call(run, cmd)
    assert runs() == 2


def test_failures_and_other_calls_always_run_pandoc(memo, tmp_path):
    run, pandoc, runs = memo
    for _ in range(2):
        failed = _call(run, [pandoc, "--sandbox", "-f", "markdown", "-t", "json", "--fail"])
        assert failed.returncode == 3 and b"failed" in failed.stderr
    assert runs() == 2
    for _ in range(2):
        _call(run, [pandoc, "-f", "markdown", "-t", "json"])  # no --sandbox: it may read any file
        _call(run, [pandoc, "--sandbox", "-f", "markdown", "-t", "json"], cwd=tmp_path)
        _call(run, [pandoc, "--sandbox", "-f", "markdown", "-t", "json"], env=dict(os.environ))
        _call(run, [pandoc, "--sandbox", "-f", "markdown", "-t", "json", f"--data-dir={tmp_path}"])  # a folder
    assert runs() == 10


def test_a_pandoc_user_data_folder_or_a_file_size_limit_runs_pandoc(memo, tmp_path):
    run, pandoc, runs = memo
    cmd = [pandoc, "--sandbox", "-f", "markdown", "-t", "json"]
    (tmp_path / "data" / "pandoc").mkdir(parents=True)  # pandoc would look for templates there
    _call(run, cmd)
    _call(run, cmd)
    assert runs() == 2
    (tmp_path / "data" / "pandoc").rmdir()
    import resource

    def limited(*a, **k):
        old = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 30, old[1]))
        try:
            return _call(run, cmd)
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, old)

    if resource.getrlimit(resource.RLIMIT_FSIZE)[1] == resource.RLIM_INFINITY:
        _call(run, cmd)  # kept
        limited()
        assert runs() == 4


def test_check_mode_fails_on_a_remembered_answer_pandoc_no_longer_gives(memo, tmp_path):
    run, pandoc, _runs = memo
    cmd = [pandoc, "--sandbox", "-f", "markdown", "-t", "json"]
    _call(run, cmd)
    subprocess.run = subprocess.run.__wrapped__  # type: ignore[attr-defined]
    pandoc_memo.install(tmp_path / "memo", check=True)
    _call(subprocess.run, cmd)  # the same answer: passes
    st = os.stat(pandoc)
    Path(pandoc).write_text(Path(pandoc).read_text().replace("echo warning", "echo changed"), encoding="utf-8")
    os.utime(pandoc, ns=(st.st_atime_ns, st.st_mtime_ns))  # the same path, size, time and inode: another answer
    assert pandoc_memo._identity(pandoc) == f"{os.path.realpath(pandoc)}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}".encode()
    with pytest.raises(AssertionError, match="answered differently"):
        _call(subprocess.run, cmd)


def _word_file(members: dict, when: tuple) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(zipfile.ZipInfo(name, date_time=when), data)
    return buf.getvalue()


def test_a_word_file_that_differs_only_in_its_zip_dates_is_answered_one_that_differs_in_a_member_is_not(memo):
    """The zip's dates of its members (``writestr`` stamps the time it wrote) are no part of
    what pandoc reads: a Word file built again a second later gets the remembered answer; any
    other byte of it still runs pandoc."""
    run, pandoc, runs = memo
    cmd = [pandoc, "--sandbox", "-f", "docx", "-t", "json"]
    members = {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document>words</w:document>"}
    first = _word_file(members, (2026, 12, 1, 6, 0, 0))
    later = _word_file(members, (2026, 12, 2, 7, 1, 2))
    assert first != later
    a = _call(run, cmd, data=first)
    b = _call(run, cmd, data=later)
    assert runs() == 1 and b.stdout == a.stdout  # (the stand-in echoes its input: the first file's bytes)
    _call(run, cmd, data=_word_file({**members, "word/document.xml": "<w:document>word</w:document>"},
                                    (2026, 12, 1, 6, 0, 0)))
    _call(run, cmd, data=_word_file(dict(reversed(members.items())), (2026, 12, 1, 6, 0, 0)))
    _call(run, cmd, data=first[:-1] + b"!")  # the directory's last byte: still a zip? keyed by its bytes either way
    assert runs() == 4
