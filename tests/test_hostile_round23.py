"""hostile23: what round 22 left alone (a review file's `start: true` read as 1, an
absolute-form request answered 404, uvicorn's line when a client goes before its answer,
`compare g.yaml g.yaml` advising `diff g.yaml g.yaml`, the messages of outputs in /proc and
through dangling links), then new kinds of careless and hostile input. The social-media
handles round 22 named last are tests/test_privacy_social.py.

Each test names what broke before its fix. Cases that held are counted in
tests/hostile_report.py (and so in tests/HOSTILE_INPUTS.md) without a test of their own here.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .conftest import GOOD, one_error_line, run_cli

REVIEW = GOOD.with_name(GOOD.name[:-5] + ".review.yaml")


def _repo(tmp_path: Path) -> tuple[Path, Path]:
    g = tmp_path / "g.yaml"
    shutil.copy(GOOD, g)
    r = tmp_path / "g.review.yaml"
    r.write_text(REVIEW.read_text(encoding="utf-8").replace(f"guideline: {GOOD.name}", "guideline: g.yaml"),
                 encoding="utf-8")
    return g, r


def _spoil(review: Path, old: str, new: str) -> int:
    """Replace the first ``old`` of the review file with ``new``; the line it is on (1-based)."""
    text = review.read_text(encoding="utf-8")
    at = text.index(old)
    review.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
    return text.count("\n", 0, at) + 1


# ---------------------------------------------------------------- a review file's values read as what they are not

@pytest.mark.parametrize("value", ["true", "false", "'118'", "\"5\""])
def test_a_position_that_is_no_number_is_refused_where_it_is(tmp_path, value):
    """`start: true` was read as 1 (and `'118'` as 118) by `review list`, `review add` and the
    room, where `start: abc`, `-1` and `1.5` were each one line at their place: the schema says
    an integer, and a value of another type is the file's mistake, said where it is."""
    g, review = _repo(tmp_path)
    line = _spoil(review, "start: 118", f"start: {value}")
    before = review.read_bytes()
    for args in (("review", "list", str(g)),
                 ("review", "add", str(g), "--clause", "response.youth.2", "--quote", "Youth Safe Harbour", "--body",
                  "b", "--author", "staff-1", "--role", "staff")):
        said = one_error_line(run_cli(*args), "threads.0.anchor.position.start", where=f"{review}:{line}:")
        assert "integer" in said, said
    assert review.read_bytes() == before


@pytest.mark.parametrize("value", ["no", "'no'", "off", "'yes'", "1", "'true'"])
def test_named_that_is_not_true_or_false_never_hides_a_name(tmp_path, value):
    """`named: no` (YAML 1.2 reads it as the text 'no', as it reads `off` and `'yes'`) let a
    name-like handle pass `check --only privacy` and so publish's gate: the privacy rule took
    any value but false as the reviewer's choice to be named, and `review list` read 'no' as
    false. Only `true` is that choice; anything else is the file's mistake, one line where it is,
    and the privacy check says it cannot read the review file (never a pass)."""
    g, review = _repo(tmp_path)
    line = _spoil(review, "      handle: advisory-reviewer-3\n      role: sex-worker-advisory\n",
                  f"      handle: maria.santos\n      role: sex-worker-advisory\n      named: {value}\n") + 2
    said = one_error_line(run_cli("review", "list", str(g)), "threads.0.author.named", where=f"{review}:{line}:")
    assert "boolean" in said, said
    r = run_cli("check", "--no-cache", "--only", "privacy", str(g))
    assert r.exit_code == 1 and "privacy.participant-identity" in r.stdout, r
    assert "maria.santos" not in r.stdout + r.stderr
    r = run_cli("publish", str(g), "--to", "md", "--out", str(tmp_path / "out"))
    assert r.exit_code in (1, 2) and not (tmp_path / "out").exists(), r


def test_named_true_is_still_the_reviewer_s_choice(tmp_path):
    g, review = _repo(tmp_path)
    _spoil(review, "      handle: advisory-reviewer-3\n      role: sex-worker-advisory\n",
           "      handle: maria.santos\n      role: sex-worker-advisory\n      named: true\n")
    assert run_cli("review", "list", str(g)).exit_code == 0
    r = run_cli("check", "--no-cache", "--only", "privacy", str(g))
    assert r.exit_code == 0, r


def test_a_name_like_handle_with_the_automated_role_is_still_flagged(tmp_path):
    """The privacy rule passed every author whose role was `automated`, whatever the handle:
    `role: automated` with `handle: maria.santos` (a thread edited by hand, or copied from a
    finding's) passed check and publish. The tool's own handle, `lic-policy`, names no one."""
    g, review = _repo(tmp_path)
    _spoil(review, "      handle: advisory-reviewer-3\n      role: sex-worker-advisory\n",
           "      handle: maria.santos\n      role: automated\n")
    r = run_cli("check", "--no-cache", "--only", "privacy", str(g))
    assert r.exit_code == 1 and "the handle '*****.******' looks like" in r.stdout, r


# ---------------------------------------------------------------- compare of one guideline twice

@pytest.mark.parametrize("second", ["g.yaml", "./g.yaml", "link.yaml", "{d}/g.yaml"])
def test_compare_of_one_file_twice_says_so(tmp_path, monkeypatch, second):
    """`compare g.yaml g.yaml` advised `lic-policy diff g.yaml g.yaml`, which has nothing to
    show. One file given twice (by another spelling, or a link to it) gets a note naming both
    that says so; the table is still shown, its columns named apart (as ux12 asked)."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(GOOD, tmp_path / "g.yaml")
    os.symlink("g.yaml", tmp_path / "link.yaml")
    other = second.format(d=tmp_path)
    r = run_cli("compare", "g.yaml", other)
    assert r.exit_code == 0 and r.stdout, r
    notes = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(notes) == 1 and "the same file" in notes[0] and other in notes[0], notes
    assert "lic-policy diff" not in notes[0]


def test_compare_of_two_copies_with_the_same_text_says_nothing_differs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(GOOD, tmp_path / "g.yaml")
    shutil.copy(GOOD, tmp_path / "copy.yaml")
    r = run_cli("compare", "g.yaml", "copy.yaml")
    assert r.exit_code == 0, r
    notes = [ln for ln in r.stderr.splitlines() if ln.startswith("note:")]
    assert len(notes) == 1 and "the same text" in notes[0] and "lic-policy diff" not in notes[0], r.stderr


def test_compare_of_two_versions_still_advises_the_redline(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(GOOD, tmp_path / "g.yaml")
    text = GOOD.read_text(encoding="utf-8")
    (tmp_path / "g2.yaml").write_text(text.replace("not by whether fewer sex workers are visible",
                                                   "not by how few sex workers are seen", 1), encoding="utf-8")
    r = run_cli("compare", "g.yaml", "g2.yaml")
    assert r.exit_code == 0 and "`lic-policy diff g.yaml g2.yaml`" in r.stderr, r


# ---------------------------------------------------------------- outputs where no file can be made

SYSTEM_OUTPUTS = {
    "check -o": ("check", "--no-cache", "{g}", "-o", "{w}.txt"),
    "diff -o": ("diff", "{g}", "{g}", "-o", "{w}.html"),
    "import -o": ("import", "{md}", "-o", "{w}.yaml"),
    "publish --out": ("publish", "{g}", "--to", "md", "--out", "{w}"),
}


@pytest.mark.parametrize("command", list(SYSTEM_OUTPUTS))
@pytest.mark.parametrize("where", ["/proc/h23-out", "/proc/self/fdinfo/h23-out"])
def test_an_output_in_a_system_folder_says_what_the_folder_is(tmp_path, command, where):
    """`check -o /proc/x.txt` said 'No such file or directory (the folder does not exist:
    create it first, or check the path)': /proc exists, and takes no new file; `publish --out
    /proc/x` said 'cannot create the output folder: No such file or directory' and no more."""
    if not os.path.isdir("/proc/self/fdinfo"):
        pytest.skip("no /proc here")
    g = tmp_path / "g.yaml"
    shutil.copy(GOOD, g)
    md = tmp_path / "draft.md"
    md.write_text("# Riverbend guidelines\n\nServices first.\n", encoding="utf-8")
    args = [a.format(g=g, md=md, w=where) for a in SYSTEM_OUTPUTS[command]]
    said = one_error_line(run_cli(*args), "takes no new files", "write somewhere else")
    assert "does not exist" not in said, said


def test_an_output_folder_where_one_may_not_make_folders_says_so(tmp_path):
    """`publish --out /sys/x` said 'cannot create the output folder: Operation not permitted'
    and nothing of what to do."""
    if not os.path.isdir("/sys/kernel"):
        pytest.skip("no /sys here")
    g = tmp_path / "g.yaml"
    shutil.copy(GOOD, g)
    said = one_error_line(run_cli("publish", str(g), "--to", "md", "--out", "/sys/h23-out"), "cannot create the "
                          "output folder")
    assert "(" in said and "write somewhere else" in said, said


@pytest.mark.parametrize("command", ["check -o", "diff -o", "import -o"])
def test_an_output_through_a_dangling_link_names_the_missing_folder(tmp_path, command):
    """`check -o report.txt`, where report.txt is a link to gone/report.txt, said 'the folder
    does not exist' beside a folder that does: the missing folder is the link's."""
    g = tmp_path / "g.yaml"
    shutil.copy(GOOD, g)
    md = tmp_path / "draft.md"
    md.write_text("# Riverbend guidelines\n\nServices first.\n", encoding="utf-8")
    link = tmp_path / "out"
    os.symlink(tmp_path / "gone" / "report", link.with_suffix(".txt"))
    os.symlink(tmp_path / "gone" / "report", link.with_suffix(".html"))
    os.symlink(tmp_path / "gone" / "report", link.with_suffix(".yaml"))
    args = [a.format(g=g, md=md, w=link) for a in SYSTEM_OUTPUTS[command]]
    said = one_error_line(run_cli(*args), str(tmp_path / "gone"), "link")
    assert not (tmp_path / "gone").exists(), said


def test_publish_into_a_dangling_link_names_where_it_points(tmp_path):
    """`publish --out dangdir`, a link to a folder that is gone, said 'the output path is not a
    folder (give --out a folder (it is created if missing) ...)': it is a link, to nothing."""
    g = tmp_path / "g.yaml"
    shutil.copy(GOOD, g)
    link = tmp_path / "dangdir"
    os.symlink(tmp_path / "gone", link)
    said = one_error_line(run_cli("publish", str(g), "--to", "md", "--out", str(link)), "a link to",
                          str(tmp_path / "gone"), "does not exist")
    assert "not a folder" not in said and not (tmp_path / "gone").exists()


# ---------------------------------------------------------------- the room's requests and log

def _call(app, path: str, host: str = "127.0.0.1:8000", method: str = "GET") -> tuple[int, dict]:
    import asyncio

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
             "path": path, "raw_path": path.encode("latin-1"), "query_string": b"", "root_path": "",
             "headers": [(b"host", host.encode())], "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 8000)}
    sent: list = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    return start["status"], {k.decode().lower(): v.decode() for k, v in start["headers"]}


@pytest.mark.parametrize("target, host, status", [
    ("http://127.0.0.1:8000/", "127.0.0.1:8000", 200),
    ("HTTP://LOCALHOST:8000/", "127.0.0.1:8000", 200),
    ("http://127.0.0.1:8000/", "", 200),
    ("http://evil.example/", "127.0.0.1:8000", 421),
    ("http://127.0.0.1:8000/nothing-here", "127.0.0.1:8000", 404),
    ("http://127.0.0.1:99999/", "127.0.0.1:8000", 400),
])
def test_an_absolute_form_request_target_is_read_as_its_path_and_host(tmp_path, target, host, status):
    """`GET http://127.0.0.1:8000/ HTTP/1.1` (the absolute form every HTTP/1.1 server must
    take, RFC 9112 3.2.2) was answered 404: the whole URL was taken for the path. The target's
    host stands for the Host header, so another site's name is still 421."""
    from .webapp import Room

    room = Room(tmp_path, with_review=False)
    got, headers = _call(room.app, target, host)
    assert got == status
    assert "content-security-policy" in headers


def test_uvicorn_s_line_for_an_answer_a_gone_client_never_got_is_left_out():
    """A client gone before its answer put uvicorn's 'ASGI callable returned without completing
    response.' (an error, in the room's log) beside the room's own line saying so; uvicorn's other
    lines are kept."""
    import logging

    from lic_policy.web.server import quiet_logs

    quiet_logs()
    log = logging.getLogger("uvicorn.error")
    kept = []

    class Keep(logging.Handler):
        def emit(self, record):
            kept.append(record.getMessage())

    h = Keep()
    log.addHandler(h)
    level = log.level
    log.setLevel(logging.INFO)  # as uvicorn.run sets it
    try:
        log.error("ASGI callable returned without completing response.")
        log.error("Exception in ASGI application\n")
        log.info("Started server process [%d]", 1)
    finally:
        log.removeHandler(h)
        log.setLevel(level)
    assert kept == ["Exception in ASGI application\n", "Started server process [1]"]


# ---------------------------------------------------------------- a review file that is a pipe or a device

def _cli_bounded(args: list[str], cwd: Path, timeout: float = 90):
    """The CLI in a process of its own, with 2 GB of address space and a time limit (a review
    file linked to /dev/zero was read whole by the text report: 21 GB before the system stopped
    it; a named pipe blocked for ever)."""
    import resource
    import subprocess
    import sys

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    return subprocess.run([sys.executable, "-m", "lic_policy", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=env, preexec_fn=limit, errors="replace")


def _beside_an_unreadable_review_file(tmp_path, kind: str):
    """The sample guideline and its review file, the review file replaced by a named pipe
    (``kind`` "fifo") or a link to /dev/zero."""
    g, review = _repo(tmp_path)
    review.unlink()
    if kind == "fifo":
        os.mkfifo(review)
    else:
        if not os.path.exists("/dev/zero"):
            pytest.skip("no /dev/zero here")
        os.symlink("/dev/zero", review)
    return g, review


@pytest.mark.slow  # 0.58 s of CPU a case (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
@pytest.mark.parametrize("kind", ["fifo", "/dev/zero"])
def test_check_beside_a_review_file_that_is_a_pipe_or_a_device_ends(tmp_path, kind):
    """`check g.yaml` beside a g.review.yaml that is a named pipe never ended (the privacy
    finding measured the line it points at by reading the file), and beside a link to
    /dev/zero the text report read the file whole for the line to show (21 GB, killed). Both
    now report the file as unreadable at once, in every format."""
    g, review = _beside_an_unreadable_review_file(tmp_path, kind)
    for fmt in ("text", "json"):
        r = _cli_bounded(["check", "--no-cache", "--format", fmt, str(g)], tmp_path)
        assert r.returncode == 1, r
        assert "the review file cannot be read" in r.stdout and "not a regular file" in r.stdout, r.stdout[-500:]
        assert "Traceback" not in r.stderr and "internal error" not in r.stderr


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero"])
def test_a_packet_beside_an_unreadable_review_file_says_so_not_an_identity(tmp_path, kind):
    """`review packet` beside a review file that is a named pipe blocked for ever; beside a link
    to /dev/zero it said '1 identity finding: a person's name, email, phone or street address ...'
    where nothing was found: the review file could not be read, and the line says so."""
    g, review = _beside_an_unreadable_review_file(tmp_path, kind)
    r = _cli_bounded(["review", "packet", str(g), "-o", str(tmp_path / "p.docx")], tmp_path)
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert r.returncode in (1, 2) and len(lines) == 1, r
    assert "review file cannot be read" in lines[0] and "identity finding" not in lines[0], lines
    assert not (tmp_path / "p.docx").exists()
