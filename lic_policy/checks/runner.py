"""Check many files: discovery, ignore globs, the content-hash cache and a process pool.

The cache (``.lic-policy-cache/check.sqlite3`` next to the configuration, or in the current
folder; see ``Cache``) maps each file to its size, modification time, content hash and
findings, keyed by lic-policy's version and the rule packs' and configuration's digest. A
file whose size and mtime are unchanged is not even read; one whose content hash is
unchanged is not checked again. A run reads only its own files' rows; old and gone entries
are dropped. Deleting the folder is always safe.
"""

from __future__ import annotations

import fnmatch
import functools
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

from .. import __version__, pool
from ..config import Config
from ..errors import InputError, LicPolicyError
from ..model.finding import Finding, fails_at
from .engine import FileResult, RuleSet, check_document, check_prose_text, load_ruleset

CHECK_SUFFIXES = (".yaml", ".yml", ".md", ".markdown", ".txt")


@dataclass
class Report:
    results: list[FileResult]
    ruleset: RuleSet
    cached_files: int = 0
    errors: list[LicPolicyError] = field(default_factory=list)
    skipped: list = field(default_factory=list)  # discovery.Skipped: YAML that is not a guideline
    held_back: Optional[tuple] = None  # (rev, findings held back) with check --changed-since REV
    baseline: Optional[tuple] = None  # (file, findings held back) with check --baseline FILE
    fail_on_from: Optional[str] = None  # the configuration file that set fail_on (None: the option or the default)

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.results for f in r.findings]

    @property
    def suppressed(self) -> int:
        return sum(r.suppressed for r in self.results)

    def counts(self) -> dict[str, int]:
        c = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            c[f.severity] += 1
        return c

    def exit_code(self, fail_on: str) -> int:
        if any(r.error for r in self.results):
            return 2
        return 1 if any(fails_at(f.severity, fail_on) for f in self.findings) else 0


def _globs(pattern: str) -> tuple[str, ...]:
    """What an ``ignore`` pattern is matched as: 'archive/' (a folder, as in .gitignore) is
    everything under it, and './archive/**' is 'archive/**' (paths are matched relative to
    the configuration's folder, never starting with './')."""
    pattern = _nfc(pattern.removeprefix("./") if pattern != "./" else pattern)
    return (pattern, pattern + "**") if pattern.endswith("/") else (pattern,)


def _nfc(text: str) -> str:
    """``text`` in Unicode's composed form (NFC), so an ``ignore`` pattern typed in one form
    matches a name saved in the other: 'été' typed NFC missed a file macOS saved NFD, which
    was then checked (hostile30)."""
    if text.isascii():
        return text
    import unicodedata

    return unicodedata.normalize("NFC", text)


def ignored_by(file: str, cfg: Config) -> Optional[str]:
    """The pattern of the configuration's ``ignore`` that ``file`` matches (relative to the
    configuration's folder), or None: `check` never checks such a file, and the editor shows
    no findings on it."""
    if not cfg.ignore:
        return None
    try:
        rel = os.path.relpath(os.path.abspath(file), cfg.root)
    except ValueError:
        rel = file
    rel, file = _nfc(rel), _nfc(file)
    return next((pat for pat in cfg.ignore if any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(file, g)
                                                  for g in _globs(pat))), None)


def discover_checkable(paths: Iterable[str], cfg: Config, skipped: Optional[list] = None) -> list[str]:
    """Files to check: folders walked by ``discovery.walk`` (.gitignore honoured; YAML that is
    not a guideline added to ``skipped``), then the configuration's ``ignore`` globs."""
    from .. import discovery

    files: list[str] = []
    skipped = [] if skipped is None else skipped
    for p in paths:
        before = len(skipped)
        found = discovery.expand(p, CHECK_SUFFIXES, skip_names=(".review.",), skipped=skipped)
        if not found and os.path.isdir(p):
            why = f" ({len(skipped) - before} YAML file(s) skipped as not guidelines)" if len(skipped) > before else ""
            raise InputError(f"no files to check (*.yaml, *.yml, *.md, *.txt) in this folder{why}", file=p,
                             hint="pass a guideline file or a folder that holds guidelines")
        files.extend(found)
    files = discovery.once_each(files)
    if cfg.ignore:
        kept = []
        for f in files:
            hit = ignored_by(f, cfg)
            if hit is not None:  # counted in the summary, named by --verbose: never left out without a word
                skipped.append(discovery.Skipped(f, f"matches the ignore pattern '{hit}' in {cfg.path}",
                                                 kind="ignored"))
                continue
            kept.append(f)
        files = kept
    return files


def check_file(file: str, ruleset: RuleSet, text: Optional[str] = None) -> FileResult:
    """Check one file; input errors become the result's ``error``."""
    from .. import store

    try:
        if text is None:
            text = store.read_text(file, max_size=ruleset.config.max_file_size)
        if file.lower().endswith((".yaml", ".yml")):
            # positions are composed only if a finding needs a place (most files have none)
            doc = store.parse(text, file, positions=False)
            if not isinstance(doc.data, dict):
                raise InputError("a guideline is a YAML mapping", file=file, line=1, column=1,
                                 hint="start from `lic-policy init` or a sample in guidelines/")
            result = check_document(doc, ruleset)
            _withhold_youth_fixes(result, text, doc)
            if ruleset.config.validate:  # a guideline that does not validate is not clean
                from .validity import validation_findings

                result.findings = sorted(result.findings + validation_findings(doc), key=Finding.sort_key)
            return result
        result = check_prose_text(file, text, ruleset)
        _withhold_youth_fixes(result, text)
        return result
    except LicPolicyError as exc:
        return FileResult(file, error=exc)


def _withhold_youth_fixes(result: FileResult, text: str, doc=None) -> None:
    """No finding offers a fix that writes "sex work" beside a young person, nor one of a
    reference link's label (``fixes.withhold_youth_fixes``); looked at only where some finding
    has a fix."""
    if any(f.fix for f in result.findings):
        from .fixes import withhold_youth_fixes

        withhold_youth_fixes(result.findings, text, doc)


# --------------------------------------------------------------------------- pool

_WORKER_RULESET: Optional[RuleSet] = None


def _init_worker(cfg: Config, prefilter: bool = False) -> None:
    global _WORKER_RULESET
    _WORKER_RULESET = load_ruleset(cfg)
    if prefilter:
        _WORKER_RULESET.use_prefilter()  # loads the database the parent compiled and saved


def _check_one(file: str, known_digest: Optional[str], ruleset: RuleSet, hashed: bool = True
               ) -> tuple[Optional[str], Optional[FileResult]]:
    """Read, hash (for the cache; not when ``hashed`` is false) and check one file. Returns
    (digest, result); result is None when the content hash equals ``known_digest`` (the
    cached result still holds). Results cross from pool workers pickled as they are, and are
    turned into JSON data only for the cache."""
    from .. import store

    try:
        raw = store.read_bytes(file, max_size=ruleset.config.max_file_size)
        text = store.decode(raw, file)
    except LicPolicyError as exc:
        return None, FileResult(file, error=exc)
    digest = None
    if hashed:
        digest = hashlib.sha256(raw).hexdigest()  # valid UTF-8: the bytes of the text
        if digest == known_digest:
            return digest, None
    return digest, check_file(file, ruleset, text)


def _work(args: tuple[str, Optional[str], bool]) -> tuple[Optional[str], Optional[FileResult]]:
    assert _WORKER_RULESET is not None
    return _check_one(args[0], args[1], _WORKER_RULESET, args[2])


def _result_to_dict(r: FileResult) -> dict:
    d = {"file": r.file, "findings": [f.to_dict() for f in r.findings], "suppressed": r.suppressed}
    if r.error is not None:
        e = r.error
        d["error"] = {"type": type(e).__name__, "message": e.message, "file": e.file, "line": e.line,
                      "column": e.column, "hint": e.hint}
    return d


def _result_from_dict(d: dict, file: Optional[str] = None) -> FileResult:
    """A cached result, its findings named ``file`` — the file as this run names it: the cache is
    keyed by absolute path, and the run that filled it may have named it from another folder
    (``guidelines/notes.md`` from the repository's root, ``./notes.md`` from ``guidelines/``)."""
    from .. import errors

    err = None
    if d.get("error"):
        e = d["error"]
        cls = getattr(errors, e.get("type", "InputError"), errors.InputError)
        err = cls(e["message"], file=e["file"] if file is None else file, line=e["line"], column=e["column"],
                  hint=e["hint"])
    findings = [Finding.from_dict(f) for f in d["findings"]]
    if file is not None:
        for f in findings:
            f.file = file
    return FileResult(d["file"] if file is None else file, findings, d.get("suppressed", 0), err)


def _cached(entry: dict, file: str) -> Optional[FileResult]:
    """A cached entry's result, or None when the entry cannot be read: a row damaged on disk or
    written by hand is a miss, and the file is checked again (hostile24: `"findings": 5`, a
    truncated JSON text or NULL in a row was an internal error; deleting the cache is always
    safe, and so is a cache that holds nonsense)."""
    try:
        return _result_from_dict(Cache.result(entry), file)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError):
        entry.pop("result", None)
        return None


# --------------------------------------------------------------------------- cache


def beside(file: str) -> Optional[list]:
    """(size, mtime) of the files beside a guideline that its rules also read — its review file
    and the review import's author map — so a cached result is not reused once they change."""
    if not file.lower().endswith((".yaml", ".yml")):
        return None
    from ..review.authors import authors_path
    from ..review.threads import review_path

    review = review_path(file)
    out = []
    for p in (review, authors_path(review)):
        try:
            st = os.stat(p)
            out.append([st.st_size, st.st_mtime_ns])
        except OSError:
            out.append(None)
    return out


def _now() -> float:
    return time.time()


def _utf8_name(path: str) -> bool:
    """Whether ``path`` is UTF-8 (a name with other bytes holds surrogate escapes)."""
    try:
        os.path.abspath(path).encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


class Cache:
    """The check cache: ``.lic-policy-cache/check.sqlite3`` beside the configuration (or in the
    current folder), one row per checked file: its size, modification time, content hash and
    findings, under the key of lic-policy's version, its code (``code_fingerprint``) and the rules' digest.

    A run reads the rows of the files it checks and nothing else (an indexed SQLite lookup,
    where the old cache was one JSON file parsed whole on every run), and writes its new rows
    in one transaction; SQLite's own locking keeps two runs at once from corrupting it. At most
    once a day a run cleans up: rows made under other rules, rows unused for ``MAX_AGE_DAYS``,
    rows of files that are gone (the ``SWEEP_BATCH`` least recently used are looked at each
    time), and beyond ``MAX_ENTRIES`` the least recently used. A cache that cannot be read or
    written only makes runs slower; deleting the folder is always safe.
    """

    FILE = "check.sqlite3"
    OWN = frozenset({"files", "files_used", "meta"})  # what the cache holds (and SQLite's own sqlite_*)
    SCHEMA = 2  # the table's layout (PRAGMA user_version)
    # the findings' JSON shape (``Finding.to_dict``) and how they mask what they quote; part of
    # every row's key (3: masks keep no letter or digit, where 2 kept each word's first; mask29)
    RESULT_FORMAT = 3
    MAX_ENTRIES = 10_000
    MAX_AGE_DAYS = 30
    SWEEP_EVERY = 86_400.0  # seconds
    SWEEP_BATCH = 5_000
    TOUCH_AFTER = 86_400.0  # a row's last use is written again after a day, not on every run

    def __init__(self, root: Path, key: str):
        self.dir = root / ".lic-policy-cache"
        self.path = self.dir / self.FILE
        self.key = key
        self.pending: dict[str, tuple] = {}
        self.touched: list[str] = []

    def _connect(self, create: bool):
        import sqlite3

        from ..config import planted

        # another account's cache in a folder every account writes to (/tmp): its rows could say
        # a file has no findings (the key is the same for every account of one install), and
        # `check` believed them; neither read nor written (OSError: "no cache")
        if planted(self.dir) is not None or planted(self.path, self.dir.parent) is not None:
            raise OSError(f"{self.dir} belongs to another account")
        if not create and not self.path.exists():
            return None
        if create:
            self.dir.mkdir(exist_ok=True)
            gitignore = self.dir / ".gitignore"
            if not gitignore.exists() and not os.path.islink(gitignore):  # never written through a link
                gitignore.write_text("*\n", encoding="utf-8")
        if os.path.islink(self.path):
            # lic-policy makes its cache as a file, never a link: a link (git keeps them, so a
            # cloned repository can hold one) led into another program's database, whose table
            # `files` was dropped (hostile30); neither read nor written
            raise OSError(f"{self.path} is a symbolic link, not lic-policy's cache")
        db = sqlite3.connect(str(self.path), timeout=10, isolation_level=None)
        try:
            other = [name for (name,) in db.execute("SELECT name FROM sqlite_master")
                     if name not in self.OWN and not name.startswith("sqlite_")]
            if other:  # another program's database (copied here, or a link in a folder above)
                raise OSError(f"{self.path} is another program's database (it holds {other[0]!r})")
            db.execute("PRAGMA auto_vacuum = INCREMENTAL")  # takes effect on a new file
            if db.execute("PRAGMA user_version").fetchone()[0] != self.SCHEMA:
                db.execute("DROP TABLE IF EXISTS files")  # an older layout: start again (it is a cache)
                db.execute(f"PRAGMA user_version = {self.SCHEMA}")
            db.execute("CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, key TEXT NOT NULL, size INTEGER, "
                       "mtime INTEGER, sha256 TEXT, beside TEXT, result TEXT, used REAL) WITHOUT ROWID")
            db.execute("CREATE INDEX IF NOT EXISTS files_used ON files (used)")
            db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value REAL)")
        except Exception:
            db.close()
            raise
        return db

    def lookup(self, files: Iterable[str]) -> dict[str, dict]:
        """The cached entries of ``files`` (by absolute path) made under this key."""
        import sqlite3

        paths = list(dict.fromkeys(os.path.abspath(f) for f in files if _utf8_name(f)))
        found: dict[str, dict] = {}
        try:
            db = self._connect(create=False)
            if db is None:
                return found
            try:
                now = _now()
                for i in range(0, len(paths), 500):
                    chunk = paths[i:i + 500]
                    marks = ",".join("?" * len(chunk))
                    for path, size, mtime, sha, near, result, used in db.execute(
                            f"SELECT path, size, mtime, sha256, beside, result, used FROM files WHERE key = ? AND "
                            f"path IN ({marks})", [self.key, *chunk]):
                        try:
                            near = json.loads(near) if near else None
                        except (ValueError, TypeError):
                            continue  # a damaged row: a miss
                        found[path] = {"size": size, "mtime": mtime, "sha256": sha, "beside": near, "raw": result}
                        if now - (used or 0) > self.TOUCH_AFTER:
                            self.touched.append(path)
            finally:
                db.close()
        except (sqlite3.Error, OSError):
            return {}
        return found

    @staticmethod
    def result(entry: dict) -> dict:
        """The findings of a looked-up entry (decoded only when they are used)."""
        if "result" not in entry:
            entry["result"] = json.loads(entry["raw"])
        return entry["result"]

    def store(self, file: str, st: os.stat_result, digest: str, result: dict) -> None:
        if not _utf8_name(file):
            return  # sqlite stores UTF-8 text: a name with other bytes is checked every time
        near = beside(file)
        self.pending[os.path.abspath(file)] = (st.st_size, st.st_mtime_ns, digest,
                                               json.dumps(near) if near is not None else None,
                                               json.dumps(result, ensure_ascii=False))

    def save(self) -> None:
        import sqlite3

        if not self.pending and not self.touched:
            return
        try:
            db = self._connect(create=True)
            try:
                now = _now()
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               [(path, self.key, size, mtime, sha, near, result, now)
                                for path, (size, mtime, sha, near, result) in self.pending.items()])
                db.executemany("UPDATE files SET used = ? WHERE path = ?", [(now, p) for p in self.touched])
                swept = self._sweep_if_due(db, now)
                db.execute("COMMIT")
                if swept:
                    db.executescript("PRAGMA incremental_vacuum;")  # give the freed pages back (all steps)
            finally:
                db.close()
            self.pending.clear()
            self.touched.clear()
            legacy = self.dir / "check.json"  # the one-file cache of lic-policy < issue 13
            if legacy.exists():
                legacy.unlink()
        except (sqlite3.Error, OSError):
            pass  # a cache that cannot be written is only a slower next run

    def _sweep_if_due(self, db, now: float) -> bool:
        row = db.execute("SELECT value FROM meta WHERE name = 'swept'").fetchone()
        last = row[0] if row else None
        if last is None:  # a new cache: the first clean-up is a day from now
            db.execute("INSERT OR REPLACE INTO meta VALUES ('swept', ?)", (now,))
            last = now
        crowded = bool(self.pending) and db.execute("SELECT count(*) FROM files").fetchone()[0] > self.MAX_ENTRIES
        if now - last < self.SWEEP_EVERY and not crowded:
            return False
        if now - last >= self.SWEEP_EVERY:
            db.execute("DELETE FROM files WHERE key != ?", (self.key,))
            db.execute("DELETE FROM files WHERE used < ?", (now - self.MAX_AGE_DAYS * 86_400,))
            oldest = [p for (p,) in db.execute("SELECT path FROM files ORDER BY used LIMIT ?", (self.SWEEP_BATCH,))]
            gone = [(p,) for p in oldest if not os.path.exists(p)]
            db.executemany("DELETE FROM files WHERE path = ?", gone)
            db.execute("INSERT OR REPLACE INTO meta VALUES ('swept', ?)", (now,))
        db.execute("DELETE FROM files WHERE path IN (SELECT path FROM files ORDER BY used DESC LIMIT -1 OFFSET ?)",
                   (self.MAX_ENTRIES,))
        return True


@functools.lru_cache(maxsize=1)
def code_fingerprint(root: Optional[Path] = None) -> str:
    """The installed code, by each ``.py`` file's name, size and modification time (not its
    bytecode): part of the check cache's key, so results made by other code are not handed back
    when the version number is the same — a checkout moved to another commit, an edited module
    (hostile15 saw stale findings after a fix). About 130 ``stat`` calls, well under a
    millisecond, and only when the cache is used."""
    root = root if root is not None else Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith(".py"):
                path = os.path.join(dirpath, name)
                st = os.stat(path)
                h.update(f"{os.path.relpath(path, root)}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]


def check_paths(paths: Iterable[str], cfg: Optional[Config] = None, *, use_cache: Optional[bool] = None,
                jobs: Optional[int] = None, progress: Optional[Callable[[int, int], None]] = None) -> Report:
    """Check files and folders; the library entry point behind `lic-policy check`.
    ``progress(done, total)`` is called as files are done (the CLI's progress bar)."""
    cfg = cfg or Config()
    ruleset = load_ruleset(cfg)
    skipped: list = []
    files = discover_checkable(list(paths), cfg, skipped)
    use_cache = cfg.cache if use_cache is None else use_cache
    key = f"{__version__}:{code_fingerprint()}:{Cache.RESULT_FORMAT}:{ruleset.digest}:{cfg.validate}"
    cache = Cache(cfg.root, hashlib.sha256(key.encode()).hexdigest()) if use_cache else None
    results: dict[str, FileResult] = {}
    todo: list[tuple[str, Optional[str], bool]] = []  # (file, digest of its cached entry, hash it?)
    stats: dict[str, os.stat_result] = {}
    cached = 0
    total_bytes = 0
    known = cache.lookup(files) if cache is not None else {}
    for f in files:
        try:
            st = os.stat(f)
        except OSError:
            results[f] = check_file(f, ruleset)
            continue
        stats[f] = st
        entry = known.get(os.path.abspath(f))
        if entry is not None and entry.get("beside") != beside(f):
            entry = None  # its review file changed: the result may too
        if entry is not None and entry["size"] == st.st_size and entry["mtime"] == st.st_mtime_ns:
            got = _cached(entry, f)
            if got is not None:
                results[f] = got
                cached += 1
                continue
            entry = None
        todo.append((f, entry["sha256"] if entry else None, cache is not None))
        total_bytes += st.st_size

    finished = len(files) - len(todo)

    def take(f: str, digest: Optional[str], result: Optional[FileResult]) -> None:
        nonlocal cached, finished
        finished += 1
        if progress is not None:
            progress(finished, len(files))
        if result is None:  # same content as the cached entry
            entry = known[os.path.abspath(f)]
            got = _cached(entry, f)
            if got is None:  # the entry cannot be read: checked again here
                result = check_file(f, ruleset)
            else:
                results[f] = got
                cache.store(f, stats[f], digest, Cache.result(entry))
                cached += 1
                return
        results[f] = result
        if cache is not None and result.error is None and digest is not None:
            cache.store(f, stats[f], digest, _result_to_dict(result))

    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    # a large batch finds its candidate rules with Hyperscan: the database is loaded from the
    # user's cache in a millisecond (compiled once, about half a second, after a rule change);
    # a few files keep the literal automaton, which needs no import and no database
    large = pool.worth_it(len(todo), total_bytes)
    prefilter = large and ruleset.use_prefilter()
    if workers > 1 and large:
        global _WORKER_RULESET
        if pool.FORK:
            # forked workers inherit the compiled rules, the literal automaton or Hyperscan
            # database and the imported rule functions instead of building them again each
            # (Hyperscan scratch space is allocated in each worker on first use)
            ruleset.prepare()
            _WORKER_RULESET = ruleset
        # workers read the files themselves: memory grows with the largest file, not the corpus
        import contextlib

        # closed on the way out (Ctrl-C while a result is stored): the pool stops at once
        with contextlib.closing(pool.process_map(_work, todo, workers,
                                                 initializer=None if pool.FORK else _init_worker,
                                                 initargs=() if pool.FORK else (cfg, prefilter))) as done:
            for (f, _known, _hashed), (digest, result) in zip(todo, done):
                take(f, digest, result)
    else:
        for f, entry_digest, hashed in todo:  # not `known`: take() reads the lookup by that name
            digest, result = _check_one(f, entry_digest, ruleset, hashed)
            take(f, digest, result)
    if cache is not None:
        cache.save()
    ruleset.save_compiled()
    ordered = [results[f] for f in files]
    return Report(ordered, ruleset, cached, skipped=skipped)
