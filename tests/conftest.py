"""Shared fixtures: sample paths and a way to run the CLI in-process."""

from __future__ import annotations

import atexit
import functools
import gc
import io
import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest


def _ram_tmp() -> None:
    """The tests' temporary files (``tmp_path``, ``tempfile``, the processes they start) go to
    a RAM file system where there is a roomy one (``/dev/shm``, 2 GiB free or more) and
    ``TMPDIR`` does not name another place: the store syncs every file it writes and the
    folder it is in (``store.atomic_path``, ``sync_folder``), about 1,600 syncs in
    ``make test``, 4-11 ms each on this machine's disk (7.3 s of a one-process run) and a few
    microseconds in RAM. The writes, renames and locks the tests check are the same; only the
    wait for the disk goes."""
    if os.environ.get("TMPDIR") or os.environ.get("PYTEST_XDIST_WORKER"):
        return  # the developer's choice, or the controller's (a worker inherits it)
    try:
        st = os.statvfs("/dev/shm")
    except OSError:
        return
    if st.f_bavail * st.f_frsize >= 2 << 30 and os.access("/dev/shm", os.W_OK | os.X_OK):
        os.environ["TMPDIR"] = "/dev/shm"
        tempfile.tempdir = None  # gettempdir() reads TMPDIR again


_ram_tmp()

# The cyclic garbage collector runs a young collection every 10,000 new containers instead of
# Python's 700: the suite builds many short-lived objects (rule sets' findings, YAML trees,
# pandoc ASTs, hypothesis examples), and with the default the collector took 3.2 s of 28-30 s
# of CPU in seven of the heaviest in-process test files (8,600 collections); with 10,000 it
# takes 1.1 s and the files 26 s. Only the test processes: the CLI started by a test, the
# LSP server and pandoc keep Python's defaults, and nothing a test checks depends on when
# garbage is collected.
gc.set_threshold(10_000, 10, 10)

# The user's cache folder (loaded rule packs, Hyperscan databases) is this test run's own:
# tests neither depend on what another version left in the developer's cache nor write there.
# The run's xdist workers share one (made by the controller, which removes it): each entry is
# then built once per run instead of once per worker (the packs about 1 s of CPU, the Hyperscan
# databases about 2.5 s). Entries are written atomically and a missing one is only rebuilt, so
# workers writing at once are safe; tests of the cache itself use a folder of their own.
_SHARED = os.environ.get("LIC_POLICY_TEST_CACHE_HOME", "")
if os.environ.get("PYTEST_XDIST_WORKER") and _SHARED and os.path.isdir(_SHARED):
    _CACHE_HOME = _SHARED
else:
    _CACHE_HOME = tempfile.mkdtemp(prefix="lic-policy-test-cache-")
    os.environ["LIC_POLICY_TEST_CACHE_HOME"] = _CACHE_HOME
    atexit.register(shutil.rmtree, _CACHE_HOME, True)
os.environ["XDG_CACHE_HOME"] = _CACHE_HOME
# ... and so is its data folder (the key `review import` hashes Word author names with), and no
# LIC_POLICY_AUTHOR_KEY from the developer's shell reaches the tests.
_DATA_HOME = tempfile.mkdtemp(prefix="lic-policy-test-data-")
os.environ["XDG_DATA_HOME"] = _DATA_HOME
os.environ.pop("LIC_POLICY_AUTHOR_KEY", None)
atexit.register(shutil.rmtree, _DATA_HOME, True)

ROOT = Path(__file__).resolve().parent.parent
GUIDELINES = ROOT / "guidelines"
GOOD = GUIDELINES / "cedar-harbour-sex-work-response.yaml"
DRAFT = GUIDELINES / "cedar-harbour-early-draft.yaml"
POLICE = GUIDELINES / "cedar-harbour-police-guideline.yaml"
CORPUS = Path(__file__).resolve().parent / "corpus"


# What the controller prepares is kept for the next run in the worktree, under a key made of
# everything it is derived from (the code, the packs and lexicons, Python and Hyperscan), so a
# change to any of them prepares from scratch again: a run then copies 15 MB instead of
# spending about 4.3 s of CPU before the workers start and 2.3 s on a Hyperscan database in one
# of them. Only the newest key is kept.
_PREPARED = ROOT / ".lic-policy-test-cache"


def _prepared_key() -> str:
    import hashlib
    import platform

    h = hashlib.sha256(f"{sys.version}\0{platform.machine()}\0".encode())
    try:
        import hyperscan

        h.update(str(getattr(hyperscan, "__version__", "")).encode())
    except ImportError:
        h.update(b"no hyperscan")
    for base in ("lic_policy", "reviewers"):
        for f in sorted((ROOT / base).rglob("*")):
            if "__pycache__" not in f.parts and f.is_file():
                h.update(str(f.relative_to(ROOT)).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:32]


def _prepare_run_cache() -> None:
    """Fill the run's cache folder: copied from the last run's when nothing it derives from
    changed, else the packs loaded, their expressions compiled, their search plans derived and
    the Hyperscan database compiled, then kept for the next run."""
    from lic_policy.checks.engine import load_ruleset

    key = _prepared_key()
    kept = _PREPARED / key
    if kept.is_dir():
        shutil.copytree(kept, _CACHE_HOME, dirs_exist_ok=True)
        load_ruleset().prepare()  # reads what was copied (about 0.1 s)
        return
    rs = load_ruleset()
    rs.prepare()  # the packs, the compiled expressions and the search plans
    try:
        rs.use_prefilter()  # the Hyperscan database, where Hyperscan is installed
    except Exception:  # noqa: BLE001 - a test run without Hyperscan prepares the rest
        pass
    try:
        _PREPARED.mkdir(exist_ok=True)
        for old in _PREPARED.iterdir():
            shutil.rmtree(old, ignore_errors=True)
        staging = tempfile.mkdtemp(prefix="new-", dir=_PREPARED)
    except OSError:
        return  # a read-only checkout: every run prepares
    try:
        # the product's cache folder only: the workers, started meanwhile, may already have put
        # the tests' own files (``built_once``) beside it
        shutil.copytree(Path(_CACHE_HOME) / "lic-policy", Path(staging) / "lic-policy", dirs_exist_ok=True)
        os.rename(staging, kept)  # whole or not at all (another run may have kept it first)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)


def _pandoc_memo() -> None:
    """pandoc's answers remembered (``tests/pandoc_memo.py``): for the run (the default), from
    run to run in the worktree (``LIC_POLICY_TEST_PANDOC=keep``, what ``make test`` sets) or
    not at all (``off``)."""
    from . import pandoc_memo

    where = os.environ.get("LIC_POLICY_TEST_PANDOC", "run")
    if where in ("keep", "check"):
        pandoc_memo.install(_KEPT_PANDOC, check=where == "check")
    elif where != "off":
        pandoc_memo.install(Path(_CACHE_HOME) / "pandoc-memo")


_KEPT_PANDOC = ROOT / ".lic-policy-test-pandoc"
_pandoc_memo()


# The run's cache is prepared while the workers start, not before: the xdist controller forks
# a process that prepares it and then writes this file, and a worker's first look at the
# product's cache folder (``usercache.folder``: every entry is read and written through it)
# waits for the file. The workers meanwhile start Python and pytest and import the test
# modules, which needs no cache until a module builds a rule set at import; from a fresh
# clone (or after an edit under lic_policy/ or reviewers/) the preparation's 19-22 s of CPU
# on one core then overlap the workers' start instead of leaving the other core idle
# (BENCHMARKS.md, "speed20").
_PREPARED_MARK = "LIC_POLICY_TEST_PREPARED_MARK"
_preparing: dict[str, int] = {}


def _prepare_beside_the_workers() -> None:
    """Fork a process that prepares the run's cache and then writes the mark; where the
    controller cannot fork safely (no ``fork``, another thread running), prepare here."""
    import threading

    mark = os.path.join(_CACHE_HOME, "prepared")
    if not hasattr(os, "fork") or threading.active_count() > 1:
        _prepare_run_cache()
        return
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the preparing process: prepare, say so, and leave without the parent's exit handlers
        status = 0
        try:
            _prepare_run_cache()
        except BaseException:  # noqa: BLE001 - the workers then build what is missing themselves
            status = 1
        finally:
            try:
                with open(mark + ".new", "w", encoding="ascii") as fh:
                    fh.write(str(status))
                os.rename(mark + ".new", mark)
            finally:
                os._exit(status)
    _preparing["pid"] = pid
    os.environ[_PREPARED_MARK] = mark


def _await_the_prepared_cache() -> None:
    """In a worker of a run whose controller prepares the cache: wait for its mark (at most 15
    minutes: a preparation that died without writing it only makes the run build entries
    itself)."""
    mark = os.environ.get(_PREPARED_MARK)
    if not (os.environ.get("PYTEST_XDIST_WORKER") and mark and _CACHE_HOME == _SHARED):
        return
    import time

    deadline = time.monotonic() + 900
    while not os.path.exists(mark) and time.monotonic() < deadline:
        time.sleep(0.01)


def _wait_for_the_prepared_cache() -> None:
    """In a worker: the first call of ``usercache.folder`` (a test module that builds a rule
    set at import) waits for the prepared cache, then the function is put back as it was; the
    first test waits too (``pytest_collection_finish``), since the processes the tests start
    read the folder by its name."""
    if not (os.environ.get("PYTEST_XDIST_WORKER") and os.environ.get(_PREPARED_MARK)):
        return
    from lic_policy import usercache

    original = usercache.folder

    def folder():
        _await_the_prepared_cache()
        if usercache.folder is folder:
            usercache.folder = original
        return original()

    usercache.folder = folder


_wait_for_the_prepared_cache()


def pytest_collection_finish(session):
    _await_the_prepared_cache()


QUICK_EXAMPLES = "LIC_POLICY_TEST_HYPOTHESIS"
"""``quick`` (what ``make test`` sets): each Hypothesis property not marked slow runs a third of
the examples it asks for, at least 30 (or all it asks for when that is fewer); its ``@example``
cases all run. Otherwise (``make test-all`` sets ``full``; CI, a plain ``pytest``): every
property runs all its examples."""


def quick_examples(asked: int) -> int:
    """The examples a property that asks for ``asked`` runs under ``LIC_POLICY_TEST_HYPOTHESIS=quick``."""
    return min(asked, max(30, asked // 3))


def slow_twins(items) -> list:
    """[(property item, its slow twin item)] among ``items``: the twin is a test marked slow,
    named ``<the property's name>_<N>_examples``, in the same module, with the same ``@given``
    (its source text) and a body that runs the property's own ``.hypothesis.inner_test`` —
    the same property with more examples (3 to 12 times as many) (``make test`` runs the property,
    ``make test-all`` both)."""
    import inspect
    import re

    by_name = {(id(getattr(i, "module", None)), getattr(i, "name", None)): i for i in items}
    pairs = []
    for twin in items:
        m = re.fullmatch(r"(test_\w+)_\d+_examples", getattr(twin, "name", ""))
        if not m or not (hasattr(twin, "get_closest_marker") and twin.get_closest_marker("slow")):
            continue
        prop = by_name.get((id(getattr(twin, "module", None)), m.group(1)))
        if prop is None or not hasattr(getattr(prop, "obj", None), "hypothesis"):
            continue
        try:
            twin_src, prop_src = inspect.getsource(twin.obj), inspect.getsource(prop.obj)
        except (OSError, TypeError):
            continue
        given = re.compile(r"^@given\(.*?(?=^@|^def )", re.S | re.M)
        twin_given, prop_given = given.search(twin_src), given.search(prop_src)
        if (twin_given and prop_given and twin_given.group() == prop_given.group()
                and f"{m.group(1)}.hypothesis.inner_test(" in twin_src):
            pairs.append((prop, twin))
    return pairs


@pytest.hookimpl(trylast=True)  # after `-m` and `-k` have deselected: a twin left out is no twin
def pytest_collection_modifyitems(config, items):
    """Under ``LIC_POLICY_TEST_HYPOTHESIS=quick``, each property's own settings (``@settings``
    with its ``max_examples``, or the default 100) are replaced by the same settings with
    ``quick_examples`` of them: Hypothesis reads them from the test function when it runs.
    The 45 properties in ``make test`` took about 27 s of CPU at full size (speed21).

    Otherwise (``make test-all``, CI), a property whose slow twin (``slow_twins``: the same
    ``@given`` and test body with more examples) is in the same run runs only its
    ``@example`` cases, or is skipped saying so when it has none: its examples were a third
    to a twelfth of its twin's, drawn from the same strategies (speed22)."""
    if os.environ.get(QUICK_EXAMPLES) != "quick":
        from hypothesis import Phase, settings

        for prop, twin in slow_twins(items):
            fn = prop.obj
            if getattr(fn, "hypothesis_explicit_examples", None):
                own = getattr(fn, "_hypothesis_internal_use_settings", None)
                if own is not None and getattr(fn, "_lic_twin_explicit_only", None) is not own:
                    fn._hypothesis_internal_use_settings = settings(own, phases=[Phase.explicit])
                    fn._lic_twin_explicit_only = fn._hypothesis_internal_use_settings
            else:
                many = getattr(getattr(twin.obj, "_hypothesis_internal_use_settings", None), "max_examples", "more")
                few = getattr(getattr(fn, "_hypothesis_internal_use_settings", None), "max_examples", "fewer")
                prop.add_marker(pytest.mark.skip(
                    reason=f"its slow twin {twin.name} runs the same property ({many} examples against its {few})"))
        return
    from hypothesis import settings

    done: set[int] = set()
    for item in items:
        fn = getattr(item, "obj", None)
        own = getattr(fn, "_hypothesis_internal_use_settings", None)
        if own is None or id(fn) in done or not hasattr(fn, "hypothesis"):
            continue
        if hasattr(item, "get_closest_marker") and item.get_closest_marker("slow"):
            continue  # the full-size twins `make test-all` runs
        done.add(id(fn))
        fn._hypothesis_internal_use_settings = settings(own, max_examples=quick_examples(own.max_examples))


def pytest_configure(config):
    """The xdist controller (it runs no tests) prepares the run's cache while the workers start
    (``_prepare_beside_the_workers``): they then read the packs, compiled expressions, search
    plans and Hyperscan database instead of each compiling them."""
    if getattr(config.option, "numprocesses", None) and not os.environ.get("PYTEST_XDIST_WORKER"):
        _prepare_beside_the_workers()
    if not os.environ.get("PYTEST_XDIST_WORKER") and os.environ.get("LIC_POLICY_TEST_PANDOC") == "keep":
        from . import pandoc_memo

        pandoc_memo.prune(_KEPT_PANDOC)


def pytest_unconfigure(config):
    """The controller waits for its preparing process (the run's cache folder is removed at
    exit)."""
    pid = _preparing.pop("pid", None)
    if pid is not None:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


def built_once(name: str, build) -> Path:
    """The folder ``build(folder)`` fills, built once per test run and shared by the run's test
    processes (in its cache folder, which the run removes), for inputs several tests start
    from but none of them is about: a review packet to edit, a reviewed Word file, the parsed
    corpus. ``name`` must say everything the folder is built from (the files it reads are the
    run's own and do not change while it runs). Built in a folder of its own and renamed into
    place, so two workers building it at once both get a whole one. Tests copy what they
    change out of it (``copy_built``)."""
    base = Path(_CACHE_HOME) / "tests-built-once"
    done = base / name
    if done.is_dir():
        return done
    base.mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="new-", dir=base))
    try:
        build(staging)
        os.rename(staging, done)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if not done.is_dir():  # not another worker's build finished first: a real failure
            raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return done


def copy_built(name: str, build, to: Path) -> Path:
    """The files of ``built_once(name, build)`` copied into ``to`` (made if missing)."""
    shutil.copytree(built_once(name, build), to, dirs_exist_ok=True)
    return to


def corpus_records(*folders: Path) -> list[dict]:
    """``load_corpus(folders)``: every labelled record of the value corpus folders (their
    ``*.yaml`` files in order), each file read once per test run (about 1.2 s of CPU for the
    7 MB corpus) and kept for the run's other test process as a pickle, under a key made of
    the file's path and bytes (``load_corpus`` reads each file on its own). For tests that use
    the records as data; the reader's own tests call ``load_corpus``. Each caller gets new
    records (unpickled, about 0.1 s): no test sees another's changes."""
    import hashlib
    import pickle

    from lic_policy.checks.evaluate import load_corpus

    records: list[dict] = []
    for f in (f for folder in folders for f in sorted(Path(folder).glob("*.yaml"))):
        data = f.read_bytes()
        key = hashlib.sha256(str(f).encode() + b"\0" + data).hexdigest()[:32]

        def build(into: Path, f: Path = f) -> None:
            (into / "records.pickle").write_bytes(pickle.dumps(load_corpus([f]), protocol=5))

        records += pickle.loads((built_once(f"corpus-{key}", build) / "records.pickle").read_bytes())
    return records


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


def subprocess_env(**extra: str) -> dict:
    """The environment for running lic-policy in a child process from this checkout: its
    PYTHONPATH, a fixed clock (LIC_POLICY_NOW), no debug tracebacks, and ``extra``."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), LIC_POLICY_NOW="2026-11-24T10:00:00Z", **extra)
    env.pop("LIC_POLICY_DEBUG", None)
    return env


def one_error_line(res: "Result", *words: str, where: str = "") -> str:
    """The one line a refused command wrote to standard error (exit 2, no traceback, no
    "internal error"), which starts with ``where`` and holds every one of ``words``."""
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert res.exit_code == 2 and len(lines) == 1, res
    assert lines[0].startswith(where) and all(w in lines[0] for w in words), lines
    assert "internal error" not in res.stderr and "Traceback" not in res.stderr
    return lines[0]


def next_lines(err: str) -> list[str]:
    """The `next:` lines a command wrote (to standard error, after its report)."""
    return [line for line in err.splitlines() if line.startswith("next:")]


def run_cli(*args: str, stdin: str = "") -> Result:
    """Run `lic-policy ARGS` in-process through the real entry point (with its error handling)."""
    from lic_policy.cli import main

    out, err = io.StringIO(), io.StringIO()
    old = sys.stdout, sys.stderr, sys.stdin
    sys.stdout, sys.stderr, sys.stdin = out, err, io.StringIO(stdin)
    code = 0
    try:
        main(list(args))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.stdout, sys.stderr, sys.stdin = old
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli():
    return run_cli


def json_findings(path: Path) -> list[dict]:
    """The findings `check --format json` reports for ``path`` (exit 0 or 1 only)."""
    res = run_cli("check", "--no-cache", "--format", "json", str(path))
    assert res.exit_code in (0, 1), res.stderr
    return json.loads(res.stdout)["findings"]


def rules_of(text: str, tmp_path: Path, name: str = "n.md") -> set[str]:
    """The rules that find something in ``text`` written (UTF-8) to ``tmp_path / name``."""
    p = tmp_path / name
    p.write_bytes(text.encode("utf-8"))
    return {f["rule_id"] for f in json_findings(p)}


@functools.cache
def default_ruleset():
    """The bundled packs with the default configuration, one ``RuleSet`` per test process for
    the modules that only check text with it (each module building its own cost about 0.1 s
    of CPU, and its compiled expressions again on first use). Safe to share: a ruleset never
    changes the rules it is given (``tests/test_engine_decisions.py`` pins that). A test that
    changes a ruleset (its prefilter, its configuration) or pins how one is built builds its
    own with ``load_ruleset``."""
    from lic_policy.checks.engine import load_ruleset

    return load_ruleset()


def ast_walk(value):
    """Every node (a dict with a "t") of a pandoc JSON AST or part of one, in document order."""
    if isinstance(value, dict):
        if "t" in value:
            yield value
        for v in value.values():
            yield from ast_walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from ast_walk(v)


def soffice_pdf(document: Path, out_dir: Path) -> Path:
    """``document`` (DOCX/ODT) converted to PDF by LibreOffice, as a person opening it would
    see it (``soffice_convert``)."""
    return soffice_convert(document, "pdf", out_dir)


def soffice_convert(document: Path, to: str, out_dir: Path) -> Path:
    """``document`` converted by LibreOffice (``to``: "pdf", "odt", "docx:MS Word 2007 XML"), as
    a person opening it or saving it from Writer does; skips when LibreOffice is not
    installed. Each call has its own LibreOffice profile, so conversions in parallel test
    workers do not collide on the shared one."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    import subprocess

    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lic-soffice-") as profile:
        proc = subprocess.run([soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                               "--convert-to", to, "--outdir", str(out_dir), str(document)],
                              capture_output=True, timeout=240)
    out = out_dir / (document.stem + "." + to.split(":")[0])
    assert proc.returncode == 0 and out.exists(), proc.stderr.decode(errors="replace")
    return out


NEWCOMER = Path(__file__).parent / "data" / "newcomer"


def newcomer_draft(name: str):
    """The module ``tests/data/newcomer/make_<name>.py``, which builds a made-up Word draft
    (``.build(path)``) for the newcomer walk-throughs."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"make_{name}", NEWCOMER / f"make_{name}.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def git_run(repo, *args: str) -> str:
    """git in ``repo`` with a made-up committer, its standard output (an error stops the test)."""
    import subprocess

    return subprocess.run(["git", "-c", "user.email=ci@example.org", "-c", "user.name=ci", *args], cwd=repo,
                          check=True, capture_output=True, text=True).stdout


def change_branch_repo(tmp_path, monkeypatch, files: dict | None = None):
    """A git repository (the current folder) holding guidelines/draft.yaml (the flawed sample)
    and ``files`` (path → text) committed on main, with a branch 'change' checked out: where
    `check --changed-since main` is tried."""
    import shutil

    import pytest

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    (tmp_path / "guidelines").mkdir()
    shutil.copy(DRAFT, tmp_path / "guidelines" / "draft.yaml")
    for name, text in (files or {}).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    git_run(tmp_path, "init", "-q", "-b", "main")
    git_run(tmp_path, "add", "-A")
    git_run(tmp_path, "commit", "-qm", "the draft as it was")
    git_run(tmp_path, "checkout", "-qb", "change")
    monkeypatch.chdir(tmp_path)
    return tmp_path

