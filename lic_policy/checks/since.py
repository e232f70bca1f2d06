"""`check --changed-since REV`: only what a change brought. Each checked file is compared with
its content at REV (read with git); a finding the file already had there — the same rule on the
same words of the same part — is held back, so a pull request fails on the findings it added,
not on those the repository already had. A file git sees as renamed since REV is compared with
its old name's content (a rename adds nothing); a file that is new since REV (a copy too) keeps
all its findings.

`check --baseline FILE` does the same without git: FILE is a JSON report an earlier check wrote
(`check --format json -o FILE`), and a finding it lists — the same file, rule, part and words —
is held back, once for each time it is listed; a file it does not name is compared with the
findings of the files it names that are gone (a file renamed since)."""

from __future__ import annotations

import os
import re
from collections import Counter
from typing import Any, Optional

from ..errors import LicPolicyError, UsageError


def _key(f: Any) -> tuple:
    # the place by element and field, not by line: a finding moved down by an added paragraph
    # is the same finding. A field's numbers are positions (a Markdown file's `paragraph.3`, a
    # guideline's `todo.2.text`), which a paragraph or item added above moves: left out, so the
    # findings are told apart by their words, counted (ux15)
    field = ".".join(p for p in (f.field or "").split(".") if not p.isdigit())
    return (f.rule_id, f.element or "", field, " ".join((f.match or "").split()).casefold())


def hold_back(report: Any, rev: str) -> int:
    """Remove from ``report`` the findings each file already had at ``rev``; how many."""
    from .. import gitread
    from ..store import decode
    from .runner import check_file

    spec = f"--changed-since {rev}"
    checked = [r for r in report.results if r.error is None]
    first = os.path.dirname(os.path.abspath(checked[0].file)) if checked else os.getcwd()
    why = gitread.is_commit(rev, first, spec)
    if why == "not a git repository":
        raise UsageError(f"--changed-since {rev}: the files checked are not in a git repository",
                         hint="run it in the policy repository's git checkout, or leave the option out")
    if why == "no commit yet":  # a repository's first commit (pre-commit's hook): every file is new
        report.held_back = (rev, 0)
        return 0
    if why == "no commit in this repository":  # `git init` and no commit: 'fetch it first' did not apply
        raise UsageError(f"--changed-since: this repository has no commit yet, so there is no '{rev}' to compare with",
                         hint="commit the files first, or leave the option out to count every finding")
    caret = re.search(r"\^(?:!|@|-\d*)$", rev)  # HEAD^! (one commit's range), HEAD^@, HEAD^-: as git log takes them
    if why is not None and (".." in rev or caret):  # origin/main...HEAD, as git diff takes it
        base = (rev[: caret.start()] if caret else rev.split("..")[0]) or "origin/main"
        raise UsageError(f"--changed-since takes one revision, not the range '{rev}'",
                         hint=f"give the base the change is compared with, e.g. --changed-since {base}")
    kind = gitread.object_kind(rev, first, spec) if why is not None else None
    if kind in ("blob", "tree"):  # HEAD:guidelines/x.yaml, HEAD^{tree}
        raise UsageError(f"--changed-since: '{rev}' names a {'file' if kind == 'blob' else 'folder'} at a "
                         "revision, not a commit", hint="give a commit, branch or tag, e.g. --changed-since origin/main")
    if why is not None:
        raise UsageError(f"--changed-since: '{rev}' is not a commit in this clone",
                         hint="in CI, fetch it first: actions/checkout with fetch-depth: 0, or `git fetch origin "
                              "main`; a branch of the remote is named like origin/main")
    held = 0
    renames: Optional[dict] = None  # asked of git once, when a file is not at rev by its name
    for r in checked:
        if not r.findings:
            continue
        folder, name = os.path.split(os.path.abspath(r.file))
        at = f"./{name}"
        if not gitread.has_file(rev, at, folder, spec):
            if renames is None:
                renames = gitread.renames_since(rev, folder, spec)
            old_path = renames.get(os.path.realpath(r.file))
            if old_path is None:
                continue  # new since rev: every finding is the change's
            at = old_path  # renamed since rev: compared with the text it had under its old name
        try:
            old = gitread.blob(rev, at, cwd=folder, spec=f"{rev}:{r.file}",
                               max_size=report.ruleset.config.max_file_size)
            old_text = decode(old, r.file)
        except LicPolicyError:  # an old version that cannot be read (over the size limit, not UTF-8) holds nothing back
            continue
        old_result = check_file(r.file, report.ruleset, old_text)
        before = Counter(_key(f) for f in old_result.findings) if old_result.error is None else Counter()
        r.findings, n = _hold_back(r.findings, before, _key)
        held += n
    report.held_back = (rev, held)
    return held


def _hold_back(findings: list, counts: Counter, key) -> tuple[list, int]:  # type: ignore[no-untyped-def]
    """``findings`` less those whose ``key`` is still counted in ``counts`` (each count holds
    back one finding, so the same words found twice where they were once leave one), and how
    many were held back."""
    kept, held = [], 0
    for f in findings:
        k = key(f)
        if counts[k] > 0:
            counts[k] -= 1
            held += 1
        else:
            kept.append(f)
    return kept, held


BASELINE_MAX_BYTES = 512 * 2**20  # a report of some 500,000 findings


def baseline_findings(path: str) -> list:
    """The findings of the JSON report at ``path``; one line (``UsageError``) for a file that
    cannot be read or is no lic-policy JSON report."""
    import json
    import stat

    # the report to write: this path when it could be one, else a new file (the hint said `-o
    # other.yaml` for a guideline given by mistake: the way to replace it with a report)
    target = path if path.lower().endswith(".json") and not os.path.isdir(path) and not path.startswith("/dev/") \
        else "baseline.json"
    write = f"write one with `lic-policy check --format json -o {target}` on the findings to accept"
    try:
        # non-blocking: a named pipe (`--baseline <(git show main:baseline.json)`) is refused,
        # not waited on for a writer for good
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        from ..store import is_socket

        if is_socket(path):
            raise UsageError(f"the baseline {path} is a socket, not a file", hint="give the JSON report as a file; "
                             + write) from None
        raise UsageError(f"cannot read the baseline {path}: {exc.strerror or exc}", hint=write) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = ("a folder" if stat.S_ISDIR(mode) else "a named pipe" if stat.S_ISFIFO(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
        raise UsageError(f"the baseline {path} is {kind}, not a file", hint="give the JSON report as a file (a "
                         "pipe is not read); " + write)
    with os.fdopen(fd, "rb") as fh:
        try:
            if os.fstat(fd).st_size > BASELINE_MAX_BYTES:
                raise UsageError(f"the baseline {path} is over {BASELINE_MAX_BYTES // 2**20} MB",
                                 hint="is it a lic-policy JSON report? " + write)
            raw = fh.read(BASELINE_MAX_BYTES + 1)
        except OSError as exc:
            raise UsageError(f"cannot read the baseline {path}: {exc.strerror or exc}", hint=write) from None
    try:
        data = json.loads(raw.decode("utf-8", "surrogateescape"))
    except (ValueError, UnicodeDecodeError, RecursionError):  # nested thousands deep: no report
        data = None
    findings = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(findings, list) or not all(isinstance(f, dict) for f in findings):
        other = _other_report(data, raw)
        if other:
            # the SARIF upload given for the baseline: say what it is, and write the baseline
            # beside it, not over it (fix28)
            raise UsageError(f"the baseline {path} is {other}",
                             hint="write one with `lic-policy check --format json -o lic-policy-baseline.json` on "
                                  "the findings to accept")
        raise UsageError(f"the baseline {path} is not a lic-policy JSON report (no list of findings)", hint=write)
    return findings


def _other_report(data: Any, raw: bytes) -> str:
    """What a file given as the baseline is, when it is another report lic-policy writes (or a
    guideline), as the words of the refusal; else ""."""
    if isinstance(data, dict):
        if isinstance(data.get("runs"), list) and ("sarif" in str(data.get("$schema", "")).lower()
                                                   or str(data.get("version", "")).startswith("2.1")):
            return "a SARIF report (check --format sarif), not a lic-policy JSON report"
        if {"files", "skipped", "exit_code"} <= data.keys():
            return "a validate report (validate --format json), not a lic-policy JSON report of findings"
        if {"old", "new", "structural"} <= data.keys():
            return "a diff report (diff --format json), not a lic-policy JSON report of findings"
        if {"guidelines", "key_areas"} <= data.keys():
            return "a compare report (compare --format json), not a lic-policy JSON report of findings"
        if "metadata" in data:
            return "a guideline, not a report"
    if isinstance(data, list) and data and all(isinstance(x, dict) and "check_name" in x for x in data):
        return "a Code Climate report (check --format codeclimate), not a lic-policy JSON report"
    head = raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<?xml") and b"<testsuites" in head or head.startswith(b"<testsuites"):
        return "a JUnit XML report (check --format junit), not a lic-policy JSON report"
    if data is None and re.search(rb"(?m)^metadata:", raw[:65536]):
        return "a guideline, not a report"
    return ""


def _string(f: dict, k: str) -> str:
    """A baseline finding's value; one that is no string (a hand-edited report) matches nothing."""
    v = f.get(k)
    return v if isinstance(v, str) else ""


def hold_back_baseline(report: Any, path: str) -> int:
    """Remove from ``report`` the findings the JSON report at ``path`` lists; how many. A
    finding's file is read as the report wrote it: from the current folder, else from the
    baseline's own folder (a baseline kept in the repository, checked from elsewhere)."""
    from types import SimpleNamespace

    here, there = os.getcwd(), os.path.dirname(os.path.abspath(path))
    listed: Counter = Counter()
    for f in baseline_findings(path):
        name = f.get("file")
        if not isinstance(name, str) or not name:
            continue
        where = os.path.normpath(os.path.join(here, name))
        if not os.path.exists(where) and os.path.exists(os.path.join(there, name)):
            where = os.path.normpath(os.path.join(there, name))
        key = SimpleNamespace(rule_id=_string(f, "rule_id"), element=_string(f, "clause"), field=_string(f, "field"),
                              match=_string(f, "match"))
        listed[(where, _key(key))] += 1
    # a file renamed since the baseline (ux16): the findings of the files it names that are
    # gone are held back in a file it does not name, as `--changed-since` follows a rename; a
    # copy beside a file still there is new, as it is there
    gone: Counter = Counter()
    named = set()
    for (where, k), n in listed.items():
        named.add(where)
        if not os.path.exists(where):
            gone[k] += n
    held = 0
    for r in report.results:
        if r.error is not None or not r.findings:
            continue
        where = os.path.normpath(os.path.abspath(r.file))
        if where in named:
            r.findings, n = _hold_back(r.findings, listed, lambda f: (where, _key(f)))
        else:
            r.findings, n = _hold_back(r.findings, gone, _key)
        held += n
    report.baseline = (path, held)
    return held
