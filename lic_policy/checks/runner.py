"""Check many files: discovery, ignore globs, the content-hash cache and a process pool.

The cache (``.lic-policy-cache/check.json`` next to the configuration, or in the current
folder) maps each file to its size, modification time, content hash and findings, keyed
by lic-policy's version and the rule packs' and configuration's digest. A file whose size
and mtime are unchanged is not even read; one whose content hash is unchanged is not
checked again. Deleting the folder is always safe.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from .. import __version__
from ..config import Config
from ..errors import InputError, LicPolicyError
from ..model.finding import SEVERITY_RANK, Finding
from .engine import FileResult, RuleSet, check_document, check_prose_text, load_ruleset

CHECK_SUFFIXES = (".yaml", ".yml", ".md", ".markdown", ".txt")
POOL_MIN_FILES = 24
POOL_MIN_BYTES = 1_500_000


@dataclass
class Report:
    results: list[FileResult]
    ruleset: RuleSet
    cached_files: int = 0
    errors: list[LicPolicyError] = field(default_factory=list)

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
        if fail_on == "none":
            return 0
        threshold = SEVERITY_RANK[fail_on]
        return 1 if any(SEVERITY_RANK[f.severity] >= threshold for f in self.findings) else 0


def discover_checkable(paths: Iterable[str], cfg: Config) -> list[str]:
    files: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            found = []
            for root, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in ("node_modules", "__pycache__"))
                for name in sorted(names):
                    if name.endswith(CHECK_SUFFIXES) and not name.startswith(".") and ".review." not in name:
                        found.append(os.path.join(root, name))
            if not found:
                raise InputError("no files to check (*.yaml, *.yml, *.md, *.txt) in this folder", file=p,
                                 hint="pass a guideline file or a folder that holds guidelines")
            files.extend(found)
        elif not os.path.exists(p):
            raise InputError("no such file or folder", file=p, hint="check the path")
        else:
            files.append(p)
    if cfg.ignore:
        root = cfg.root
        kept = []
        for f in files:
            try:
                rel = os.path.relpath(os.path.abspath(f), root)
            except ValueError:
                rel = f
            if any(fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(f, pat) for pat in cfg.ignore):
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
        if file.endswith((".yaml", ".yml")):
            doc = store.parse(text, file)
            if not isinstance(doc.data, dict):
                raise InputError("a guideline is a YAML mapping", file=file, line=1, column=1,
                                 hint="start from `lic-policy init` or a sample in guidelines/")
            return check_document(doc, ruleset)
        return check_prose_text(file, text, ruleset)
    except LicPolicyError as exc:
        return FileResult(file, error=exc)


# --------------------------------------------------------------------------- pool

_WORKER_RULESET: Optional[RuleSet] = None


def _init_worker(cfg: Config) -> None:
    global _WORKER_RULESET
    _WORKER_RULESET = load_ruleset(cfg)


def _work(args: tuple[str, str]) -> dict:
    file, text = args
    assert _WORKER_RULESET is not None
    r = check_file(file, _WORKER_RULESET, text)
    return _result_to_dict(r)


def _result_to_dict(r: FileResult) -> dict:
    d = {"file": r.file, "findings": [f.to_dict() for f in r.findings], "suppressed": r.suppressed}
    if r.error is not None:
        e = r.error
        d["error"] = {"type": type(e).__name__, "message": e.message, "file": e.file, "line": e.line,
                      "column": e.column, "hint": e.hint}
    return d


def _result_from_dict(d: dict) -> FileResult:
    from .. import errors

    err = None
    if d.get("error"):
        e = d["error"]
        cls = getattr(errors, e.get("type", "InputError"), errors.InputError)
        err = cls(e["message"], file=e["file"], line=e["line"], column=e["column"], hint=e["hint"])
    return FileResult(d["file"], [Finding.from_dict(f) for f in d["findings"]], d.get("suppressed", 0), err)


# --------------------------------------------------------------------------- cache


class Cache:
    def __init__(self, root: Path, key: str):
        self.dir = root / ".lic-policy-cache"
        self.path = self.dir / "check.json"
        self.key = key
        self.entries: dict[str, dict] = {}
        self.dirty = False
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("key") == key:
                self.entries = data.get("files", {})
        except (OSError, ValueError):
            pass

    def lookup_stat(self, file: str, st: os.stat_result) -> Optional[dict]:
        e = self.entries.get(os.path.abspath(file))
        if e and e["size"] == st.st_size and e["mtime"] == st.st_mtime_ns:
            return e
        return None

    def lookup_hash(self, file: str, digest: str) -> Optional[dict]:
        e = self.entries.get(os.path.abspath(file))
        return e if e and e["sha256"] == digest else None

    def store(self, file: str, st: os.stat_result, digest: str, result: dict) -> None:
        self.entries[os.path.abspath(file)] = {"size": st.st_size, "mtime": st.st_mtime_ns, "sha256": digest,
                                               "result": result}
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        from ..store import save_atomic

        try:
            self.dir.mkdir(exist_ok=True)
            gitignore = self.dir / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("*\n", encoding="utf-8")
            save_atomic(self.path, json.dumps({"key": self.key, "files": self.entries}, ensure_ascii=False))
        except OSError:
            pass  # a cache that cannot be written is only a slower next run


def check_paths(paths: Iterable[str], cfg: Optional[Config] = None, *, use_cache: Optional[bool] = None,
                jobs: Optional[int] = None) -> Report:
    """Check files and folders; the library entry point behind `lic-policy check`."""
    cfg = cfg or Config()
    ruleset = load_ruleset(cfg)
    files = discover_checkable(list(paths), cfg)
    use_cache = cfg.cache if use_cache is None else use_cache
    cache = Cache(cfg.root, hashlib.sha256(f"{__version__}:{ruleset.digest}".encode()).hexdigest()) \
        if use_cache else None
    results: dict[str, FileResult] = {}
    todo: list[tuple[str, str, os.stat_result, str]] = []
    cached = 0
    total_bytes = 0
    from .. import store

    for f in files:
        try:
            st = os.stat(f)
        except OSError:
            results[f] = check_file(f, ruleset)
            continue
        if cache is not None:
            hit = cache.lookup_stat(f, st)
            if hit is not None:
                results[f] = _result_from_dict(hit["result"])
                cached += 1
                continue
        try:
            text = store.read_text(f, max_size=cfg.max_file_size)
        except LicPolicyError as exc:
            results[f] = FileResult(f, error=exc)
            continue
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        if cache is not None:
            hit = cache.lookup_hash(f, digest)
            if hit is not None:
                results[f] = _result_from_dict(hit["result"])
                cache.store(f, st, digest, hit["result"])
                cached += 1
                continue
        todo.append((f, text, st, digest))
        total_bytes += len(text)
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers > 1 and len(todo) >= POOL_MIN_FILES and total_bytes >= POOL_MIN_BYTES:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        ctx = mp.get_context("fork") if hasattr(os, "fork") else None
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                                 initargs=(cfg,)) as pool:
            chunk = max(1, len(todo) // (workers * 8))
            for (f, _t, st, digest), d in zip(todo, pool.map(_work, [(f, t) for f, t, _s, _d in todo],
                                                             chunksize=chunk)):
                results[f] = _result_from_dict(d)
                if cache is not None and "error" not in d:
                    cache.store(f, st, digest, d)
    else:
        for f, text, st, digest in todo:
            r = check_file(f, ruleset, text)
            results[f] = r
            if cache is not None and r.error is None:
                cache.store(f, st, digest, _result_to_dict(r))
    if cache is not None:
        cache.save()
    ordered = [results[f] for f in files]
    return Report(ordered, ruleset, cached)
