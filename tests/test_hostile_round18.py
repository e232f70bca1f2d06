"""hostile18: careless and hostile inputs of new kinds, surface by surface, and Ctrl-C where
round 15's test of it still failed now and then.

Each test names what broke before its fix. Cases that held are counted in
tests/hostile_report.py (and so in tests/HOSTILE_INPUTS.md) without a test of their own here.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DRAFT, GOOD, run_cli, subprocess_env

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- Ctrl-C while the pool starts

# Ctrl-C at the moment the pool forks its workers, made certain: a hook Python (or, in the
# worker, multiprocessing) runs at each fork sends the signal (the terminal sends it to the whole process group; here it reaches
# the side the test names). Workers square numbers; the script says how it ended.
_FORK_SCRIPT = """
import os, signal, sys
from lic_policy import pool
side = sys.argv[1]
sent = []
def ctrl_c():
    if not sent:
        sent.append(1)
        os.kill(os.getpid(), signal.SIGINT)
class Hook:
    pass
hook = Hook()
if side == "command":
    os.register_at_fork(after_in_parent=ctrl_c)
else:  # in the worker's own start, where multiprocessing runs its after-fork work
    import multiprocessing.util
    multiprocessing.util.register_after_fork(hook, lambda _: ctrl_c())
try:
    out = list(pool.process_map(abs, list(range(-20_000, 0)), 2))
except KeyboardInterrupt:
    print("stopped", flush=True)
    sys.exit(130)
print("done", len(out), sum(out), flush=True)
"""


@pytest.mark.skipif(not hasattr(os, "register_at_fork") or not hasattr(signal, "pthread_sigmask"),
                    reason="forks its workers only where the platform forks")
def test_ctrl_c_while_the_pool_forks_its_workers_stops_the_command():
    """Ctrl-C that came while the pool forked a worker: Python ran its handler inside the fork's
    own hooks, printed 'Exception ignored in: <function _releaseLock>' and a KeyboardInterrupt
    traceback, and dropped the interrupt — the command went on to the end (under load, 25 s
    of 2,400 files; round 15's test saw it as a hang)."""
    proc = subprocess.run([sys.executable, "-c", _FORK_SCRIPT, "command"], capture_output=True, env=subprocess_env(),
                          timeout=120, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    err = proc.stderr.decode(errors="replace")
    assert (proc.returncode, proc.stdout) == (130, b"stopped\n"), err
    assert "Traceback" not in err and "Exception ignored" not in err, err


@pytest.mark.slow  # 0.33 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
@pytest.mark.skipif(not hasattr(os, "register_at_fork") or not hasattr(signal, "pthread_sigmask"),
                    reason="forks its workers only where the platform forks")
def test_ctrl_c_reaching_a_worker_before_it_has_started_does_not_break_the_pool():
    """The same Ctrl-C reaching a worker just forked, before it had set it aside: the worker
    died with a KeyboardInterrupt traceback ('Process ForkProcess-2: ...') and the command
    ended with 'internal error: BrokenProcessPool' (exit 3), or waited on a worker that was
    gone. A worker now leaves Ctrl-C to the command from its first instruction."""
    proc = subprocess.run([sys.executable, "-c", _FORK_SCRIPT, "worker"], capture_output=True, env=subprocess_env(),
                          timeout=120, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    err = proc.stderr.decode(errors="replace")
    assert (proc.returncode, proc.stdout) == (0, f"done 20000 {sum(range(1, 20_001))}\n".encode()), err
    assert "Traceback" not in err, err


_TEARDOWN_SCRIPT = """
import os, signal, sys, threading, time
from concurrent.futures import process
from lic_policy import pool
# the pool's manager thread slow to end, as on a loaded machine
slow = process._ExecutorManagerThread.join_executor_internals
def join_slowly(self):
    time.sleep(0.5)
    slow(self)
process._ExecutorManagerThread.join_executor_internals = join_slowly
try:
    for i, _ in enumerate(pool.process_map(abs, list(range(3_000_000)), 2)):
        if i == 10_000:  # the pool works
            os.kill(os.getpid(), signal.SIGINT)
except KeyboardInterrupt:
    left = [t.name for t in threading.enumerate() if t is not threading.current_thread() and not t.daemon]
    print("left", left, flush=True)
    sys.exit(130)
"""


@pytest.mark.slow  # 0.35 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signals")
def test_ctrl_c_leaves_no_thread_of_the_pool_for_the_interpreter_to_end():
    """After Ctrl-C the pool's manager thread was left running: its first ``shutdown(wait=False)``
    forgot the thread, so the second ``shutdown(wait=True)`` waited for nothing, and Python's
    exit hook then woke and joined it unguarded — racing the thread's own close of its wake-up
    pipe ('connection._send: OSError: [Errno 9] Bad file descriptor' printed at exit) or
    waiting on it for good. Now the pool is down when the command's handler runs."""
    proc = subprocess.run([sys.executable, "-c", _TEARDOWN_SCRIPT], capture_output=True, env=subprocess_env(), timeout=120,
                          preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    err = proc.stderr.decode(errors="replace")
    assert (proc.returncode, proc.stdout) == (130, b"left []\n"), err
    assert "Traceback" not in err, err


# a worker stopped from outside while `validate -j 2` works: the kernel's out-of-memory killer
# (a file that needs more memory than the machine has), an administrator's `kill`
_KILLED_SCRIPT = """
import os, signal, sys
from lic_policy import cli, validation
how = getattr(signal, sys.argv[2])
real = validation._validate_in_worker
def validate(args):
    if args[0].endswith("g0007.yaml"):
        os.kill(os.getpid(), how)
    return real(args)
validation._validate_in_worker = validate
cli.main(["validate", "-j", "2", sys.argv[1]])
"""


@pytest.mark.slow  # 0.24 s of CPU a case (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
@pytest.mark.skipif(not hasattr(os, "fork"), reason="forked workers see the patched function")
@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM"])
def test_a_worker_stopped_from_outside_is_one_line_not_an_internal_error(tmp_path, how):
    """A pool worker killed from outside (the out-of-memory killer sends SIGKILL): 'internal
    error: BrokenProcessPool: A process in the process pool was terminated abruptly ... (this is
    a bug in lic-policy; ... report it)', exit 3. Now one line that says what stopped it and
    what to do, exit 2."""
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(60):
        (folder / f"g{i:04}.yaml").write_bytes(DRAFT.read_bytes() + b"#" * 30_000 + b"\n")
    proc = subprocess.run([sys.executable, "-c", _KILLED_SCRIPT, str(folder), how], capture_output=True,
                          env=subprocess_env(), timeout=120)
    lines = [ln for ln in proc.stderr.decode(errors="replace").splitlines() if ln.strip()]
    assert proc.returncode == 2 and len(lines) == 1, lines
    assert "internal error" not in lines[0] and "Traceback" not in lines[0], lines
    assert how in lines[0] and "-j 1" in lines[0], lines
    if how == "SIGKILL":
        assert "memory" in lines[0], lines


@pytest.mark.slow  # 0.24 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
@pytest.mark.skipif(not hasattr(os, "fork"), reason="forked workers see the patched function")
def test_a_worker_that_crashes_on_its_own_is_still_an_internal_error(tmp_path):
    """The pool stops the other workers with SIGTERM once one is gone: a worker that crashed
    on its own (SIGSEGV in a C extension) is not taken for one stopped from outside."""
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(60):
        (folder / f"g{i:04}.yaml").write_bytes(DRAFT.read_bytes() + b"#" * 30_000 + b"\n")
    proc = subprocess.run([sys.executable, "-c", _KILLED_SCRIPT, str(folder), "SIGSEGV"], capture_output=True,
                          env=subprocess_env(), timeout=120)
    err = proc.stderr.decode(errors="replace")
    assert proc.returncode == 3 and "internal error: BrokenProcessPool" in err, err


# ---------------------------------------------------------------- the environment a command runs in

_GUIDELINE_TEXT = "Officers arrested 40 johns on the stroll.\n"


@pytest.mark.parametrize("target", ["the guideline checked", "another guideline", "pyproject.toml"])
def test_the_job_summary_is_not_appended_to_a_guideline_or_configuration(tmp_path, monkeypatch, target):
    """GITHUB_STEP_SUMMARY naming a file of the repository (a workflow's `env:` typed by hand,
    a variable left exported in a shell after trying the workflow locally): `check --format
    github` appended its Markdown table to the guideline it had just checked, or to another
    one, or to pyproject.toml, without a word. Now the summary is not written, and a warning
    line says why."""
    monkeypatch.chdir(tmp_path)
    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    other = tmp_path / "other.yaml"
    other.write_bytes(GOOD.read_bytes())
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_bytes(b"[project]\nname = 'x'\n")
    path = {"the guideline checked": g, "another guideline": other, "pyproject.toml": pyproject}[target]
    before = path.read_bytes()
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(path))
    r = run_cli("check", "--no-cache", "--format", "github", "--fail-on", "none", "g.yaml")
    assert r.exit_code == 0, r.stderr
    assert path.read_bytes() == before
    warned = [ln for ln in r.stdout.splitlines() if "job summary" in ln and "GITHUB_STEP_SUMMARY" in ln]
    assert len(warned) == 1 and path.name in warned[0] and "not written" in warned[0], r.stdout[-600:]
    assert "Traceback" not in r.stdout + r.stderr


@pytest.mark.slow  # 0.22 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_job_summary_that_is_a_named_pipe_does_not_stop_the_check(tmp_path):
    """GITHUB_STEP_SUMMARY naming a named pipe no program reads (a script that meant to show
    the summary as it came): `check --format github` waited for a reader for good after its
    annotations. It now passes over it with a warning line."""
    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    os.mkfifo(tmp_path / "summary")
    proc = subprocess.run([sys.executable, "-m", "lic_policy", "check", "--no-cache", "--format", "github",
                           "--fail-on", "none", "g.yaml"], cwd=tmp_path, capture_output=True, timeout=60,
                          env=subprocess_env(GITHUB_STEP_SUMMARY=str(tmp_path / "summary")), stdin=subprocess.DEVNULL)
    out = proc.stdout.decode(errors="replace")
    assert proc.returncode == 0, proc.stderr
    warned = [ln for ln in out.splitlines() if "GITHUB_STEP_SUMMARY" in ln]
    assert len(warned) == 1 and "not a regular file" in warned[0] and "not written" in warned[0], out[-600:]


def test_the_job_summary_is_still_appended_to_the_file_github_gives(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "g.yaml").write_bytes(DRAFT.read_bytes())
    summary = tmp_path / "step_summary_0f3a"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    r = run_cli("check", "--no-cache", "--format", "github", "--fail-on", "none", "g.yaml")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n### lic-policy:") and "| g.yaml:" in text
    assert "GITHUB_STEP_SUMMARY" not in r.stdout


def _repo_copy(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A repository folder holding a copy of the good guideline and of its review file:
    (the folder, the guideline, the review file)."""
    from lic_policy.review import threads

    folder = tmp_path / "repo"
    folder.mkdir()
    g = folder / GOOD.name
    g.write_bytes(GOOD.read_bytes())
    review = threads.review_path(g)
    review.write_bytes(Path(threads.review_path(GOOD)).read_bytes())
    return folder, g, review


@pytest.mark.parametrize("value", [".data", "data", "./state"])
def test_a_relative_xdg_data_home_keeps_the_author_key_out_of_the_repository(tmp_path, monkeypatch, value):
    """XDG_DATA_HOME set to a relative path (a `.env` file, a CI job's `env:` written `data`):
    `review import` run in the repository created the author key there — beside the author
    map of HMACs, so anyone with the repository could test guessed names against it (the
    dictionary attack of bench/bench_privacy.py recovered both reviewers). The XDG base
    directory specification says a relative path is invalid and to be ignored: it now is,
    here and for the cache and the review room's state."""
    from bench.bench_privacy import dictionary_attack

    from .test_privacy_authors import AUTHORS, _import, _reviewed

    folder, g, _review = _repo_copy(tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("LIC_POLICY_AUTHOR_KEY", raising=False)
    docx = _reviewed(folder, g, AUTHORS, "a")
    monkeypatch.chdir(folder)
    monkeypatch.setenv("XDG_DATA_HOME", value)
    _import(docx, g)
    assert not [p for p in folder.rglob("*") if p.name == "author-key"]
    assert (home / ".local" / "share" / "lic-policy" / "author-key").is_file()
    assert dictionary_attack(folder) == []


@pytest.mark.parametrize("var, module", [("XDG_CACHE_HOME", "usercache"), ("XDG_DATA_HOME", "state"),
                                         ("XDG_DATA_HOME", "authors")])
def test_relative_xdg_folders_are_ignored_as_the_specification_says(tmp_path, monkeypatch, var, module):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv(var, "relative/folder")
    monkeypatch.delenv("LIC_POLICY_STATE", raising=False)
    from lic_policy import usercache
    from lic_policy.review import authors
    from lic_policy.web import state

    where = {"usercache": usercache.folder, "state": state.default_path, "authors": authors.data_folder}[module]()
    assert where.is_absolute() and str(where).startswith(str(tmp_path / "home")), where
    monkeypatch.setenv(var, str(tmp_path / "xdg"))
    assert str({"usercache": usercache.folder, "state": state.default_path,
                "authors": authors.data_folder}[module]()).startswith(str(tmp_path / "xdg"))


@pytest.mark.parametrize("key", ["changeme" * 4, "0" * 32, "ab" * 20, "secret-secret-secret-secret-secret",
                                 "${LIC_POLICY_AUTHOR_KEY_FROM_THE_VAULT}", "{{ secrets.LIC_POLICY_AUTHOR_KEY }}"])
def test_an_author_key_anyone_could_guess_is_refused(tmp_path, monkeypatch, key):
    """LIC_POLICY_AUTHOR_KEY was checked for its length alone: `changeme` four times, 32 zeros or
    a placeholder a `.env` loader left unexpanded keyed the author map, and anyone trying such
    keys could test guessed reviewer names against the repository's HMACs. Now refused in one
    line, before anything is written."""
    from .conftest import one_error_line
    from .test_privacy_authors import AUTHORS, _reviewed

    folder, g, review = _repo_copy(tmp_path)
    docx = _reviewed(folder, g, AUTHORS, "a")
    before = review.read_bytes()
    monkeypatch.setenv("LIC_POLICY_AUTHOR_KEY", key)
    r = run_cli("review", "import", str(docx), "--guideline", str(g), "--role", "community")
    one_error_line(r, "LIC_POLICY_AUTHOR_KEY", "secrets.token_hex(32)")
    assert review.read_bytes() == before
    assert not any(p.name.endswith(".review-authors.json") for p in folder.iterdir())


@pytest.mark.parametrize("key", ["ci-secret-" + "0123456789abcdef" * 3, "9f86d081884c7d659a2feaa0c55ad015",
                                 "Tr0ub4dor&3-correct-horse-battery-staple"])
def test_an_author_key_of_random_characters_is_taken(monkeypatch, key):
    from lic_policy.review import authors

    monkeypatch.setenv("LIC_POLICY_AUTHOR_KEY", key)
    assert authors.author_key() == (key.encode(), "LIC_POLICY_AUTHOR_KEY")


# ---------------------------------------------------------------- a configuration another account left

_NEEDS_ROOT = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                                 reason="gives a file to another account (chown)")


def _planted(tmp_path: Path, name: str = ".lic-policy.yaml") -> tuple[Path, Path]:
    """A folder every account may write to (as /tmp), holding a configuration another account
    put there, and a folder of one's own work below it."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    cfg = shared / name
    cfg.write_text("fail_on: none\n" if name == ".lic-policy.yaml" else "[tool.lic-policy]\nfail_on = 'none'\n",
                   encoding="utf-8")
    os.chown(cfg, 4242, 4242)
    work = shared / "work"
    work.mkdir()
    (work / "g.yaml").write_bytes(DRAFT.read_bytes())
    return cfg, work


@_NEEDS_ROOT
@pytest.mark.parametrize("name", [".lic-policy.yaml", "pyproject.toml"])
def test_a_configuration_another_account_left_in_a_shared_folder_is_not_used(tmp_path, monkeypatch, name):
    """The configuration is looked up from the working folder through every folder above it:
    one another account of the machine wrote into /tmp (or /dev/shm, a shared build folder)
    applied to every check run below it — `fail_on: none` turned a failing check into a
    pass, `rules: ... off` silenced rules, `packs:` loaded that account's rules. As git does
    with a repository another account owns, such a file (owned by another account, in a folder
    every account can write to) is now refused in one line; --config uses it on purpose."""
    from .conftest import one_error_line

    cfg, work = _planted(tmp_path, name)
    monkeypatch.chdir(work)
    one_error_line(run_cli("check", "--no-cache", "g.yaml"), str(cfg), "another account", "--config")
    r = run_cli("check", "--no-cache", "--config", str(cfg), "g.yaml")
    assert r.exit_code == 0, r.stderr  # chosen by name: used


@_NEEDS_ROOT
def test_a_configuration_of_ones_own_or_in_a_folder_of_ones_own_is_used(tmp_path, monkeypatch):
    cfg, work = _planted(tmp_path)
    os.chown(cfg, os.getuid(), os.getgid())
    monkeypatch.chdir(work)
    assert run_cli("check", "--no-cache", "g.yaml").exit_code == 0
    os.chown(cfg, 4242, 4242)
    cfg.parent.chmod(0o755)  # another account's file in a folder only its owner writes: a checkout
    assert run_cli("check", "--no-cache", "g.yaml").exit_code == 0


def _no_home(monkeypatch, how: str) -> None:
    """No home folder an absolute path names: HOME unset for an account the system has no
    entry for (a container run with an arbitrary user id, `env -i`), or HOME relative."""
    import pwd

    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    if how == "HOME unset, no account entry":
        from . import pandoc_memo

        monkeypatch.setattr(pandoc_memo, "_user_data_folder", lambda: False)  # the tests' pandoc memo asks too
        monkeypatch.delenv("HOME", raising=False)

        def nobody(uid):
            raise KeyError(f"getpwuid(): uid not found: {uid}")

        monkeypatch.setattr(pwd, "getpwuid", nobody)
    else:
        monkeypatch.setenv("HOME", "home")


@pytest.mark.slow  # 0.38 s of CPU a case (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
@pytest.mark.parametrize("how", ["HOME unset, no account entry", "HOME=home"])
def test_without_a_home_folder_nothing_lands_in_the_working_folder(tmp_path, monkeypatch, how):
    """Without an absolute home folder, `~` stayed `~` (or `home`): `check` made a folder named
    `~` (or `home`) in the repository for its cache, and `review import` created the author key
    in it — beside the author map, where anyone could test guessed names with it. Now the
    cache is left unused and `review import` says in one line where a key can come from."""
    from .conftest import one_error_line
    from .test_privacy_authors import AUTHORS, _reviewed

    folder, g, _review = _repo_copy(tmp_path)
    docx = _reviewed(folder, g, AUTHORS, "a")
    monkeypatch.delenv("LIC_POLICY_AUTHOR_KEY", raising=False)
    monkeypatch.chdir(folder)
    def made() -> list[str]:  # but the folders lic-policy keeps beside the files on purpose
        return sorted(p.name for p in folder.iterdir() if not p.name.startswith(".lic-policy-"))

    # a short text with a finding: its rules are compiled (nothing is cached now), so the check
    # would write the programs to a cache folder if it had one; the whole guideline compiled
    # about 30 times as many (7 s of CPU each time, speed21)
    (folder / "note.md").write_text("Prostitutes were moved on by police.\n", encoding="utf-8")
    before = made()
    _no_home(monkeypatch, how)
    assert run_cli("check", "--no-cache", "note.md").exit_code == 1  # (the findings cache is meant to be here)
    r = run_cli("review", "import", str(docx), "--guideline", str(g), "--role", "community")
    one_error_line(r, "author key", "HOME", "LIC_POLICY_AUTHOR_KEY")
    assert made() == before


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX file modes")
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_an_author_key_other_accounts_can_read_is_refused(tmp_path, monkeypatch, mode):
    """The author key is made 0600; one copied from a backup or another machine (`cp` gives
    0644) was used as it was, readable by every account of the machine — any of them could
    then test guessed reviewer names against a repository's author map. As ssh refuses a
    private key others can read, `review import` now says so in one line and how to fix it."""
    from .conftest import one_error_line
    from .test_privacy_authors import AUTHORS, _reviewed

    folder, g, review = _repo_copy(tmp_path)
    docx = _reviewed(folder, g, AUTHORS, "a")
    data = tmp_path / "data"
    key = data / "lic-policy" / "author-key"
    key.parent.mkdir(parents=True)
    key.write_text("9f86d081884c7d659a2feaa0c55ad0159f86d081884c7d659a2feaa0c55ad015\n", encoding="ascii")
    key.chmod(mode)
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.delenv("LIC_POLICY_AUTHOR_KEY", raising=False)
    before = review.read_bytes()
    r = run_cli("review", "import", str(docx), "--guideline", str(g), "--role", "community")
    one_error_line(r, "author key", "other accounts", f"chmod 600 {key}")  # one line, how to fix it
    assert review.read_bytes() == before
    key.chmod(0o600)
    assert run_cli("review", "import", str(docx), "--guideline", str(g), "--role", "community").exit_code == 0


@_NEEDS_ROOT
def test_a_check_cache_another_account_left_in_a_shared_folder_is_not_read(tmp_path, monkeypatch):
    """`check` keeps its cache in `.lic-policy-cache/` of the folder it runs in when no
    configuration says where: in a folder every account can write to (/tmp), another account
    could leave one whose rows say a file has no findings (the key is lic-policy's version, code
    and rules, the same for every account of one install), and `check` believed it — a failing
    guideline passed. Such a cache (another account's, in a folder every account can write to)
    is now neither read nor written."""
    import sqlite3

    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    monkeypatch.chdir(shared)
    (shared / "g.md").write_text("Officers arrested 40 johns on the stroll.\n", encoding="utf-8")
    (shared / "clean.md").write_text("Outreach workers offer support first.\n", encoding="utf-8")
    first = run_cli("check", "--fail-on", "warning", "g.md", "clean.md")
    assert first.exit_code == 1, first.stdout
    cache = shared / ".lic-policy-cache"
    db = sqlite3.connect(cache / "check.sqlite3")
    clean = db.execute("SELECT result FROM files WHERE path = ?", (str(shared / "clean.md"),)).fetchone()[0]
    db.execute("UPDATE files SET result = ? WHERE path = ?", (clean, str(shared / "g.md")))
    db.commit()
    db.close()
    for p in [cache, *cache.iterdir()]:
        os.chown(p, 4242, 4242)
    r = run_cli("check", "--fail-on", "warning", "g.md")
    assert r.exit_code == 1 and "johns" in r.stdout, r.stdout + r.stderr


@pytest.mark.parametrize("kind", ["a folder", "a named pipe", "a device"])
def test_the_job_summary_warning_says_each_reason_once(tmp_path, kind):
    """The warning for a GITHUB_STEP_SUMMARY that is not a regular file: one line, naming the
    place once, saying "not a regular file" once and GitHub's own file once (the reason was
    written out in two places of ``_summary_target``, one per way of finding it out)."""
    from lic_policy.report.github import _summary_target

    if kind == "a named pipe" and not hasattr(os, "mkfifo"):
        pytest.skip("named pipes")
    if kind == "a device" and not os.path.exists(os.devnull):
        pytest.skip("no null device")
    target = {"a folder": tmp_path / "summary_dir", "a named pipe": tmp_path / "summary_pipe",
              "a device": Path(os.devnull)}[kind]
    if kind == "a folder":
        target.mkdir()
    elif kind == "a named pipe":
        os.mkfifo(target)

    class _Report:
        results: list = []

    fd, why = _summary_target(str(target), _Report())
    assert fd is None
    assert "\n" not in why and why.count("not a regular file") == 1, why
    assert why.count("GitHub Actions sets it") == 1 and why.count(target.name) == 1, why
    assert why.count("not written") == 1, why
