"""The one way lic-policy calls git: file contents at a revision, and a file's history.

Revisions come from users (``diff OLD NEW``, ``compare``, ``review packet --since``) and
must never reach git as options: a side such as ``--output=x:NAME.yaml`` made ``git show``
write a file. Every call here refuses a revision that starts with ``-`` (one clear line) and
also passes ``--end-of-options`` before it, so git reads it as a revision whatever it holds.
A blob's size is asked first (``git cat-file -s``) and its content read with a cap, so a huge
file in the history is refused without being read.
"""

from __future__ import annotations

import os
import subprocess
from typing import Optional

from .errors import InputError, UsageError

TIMEOUT = 60  # seconds for one git call


def check_revision(rev: str, spec: str) -> None:
    """Refuse a revision git could take for an option (one line, exit 2)."""
    if not rev or rev.startswith("-") or "\n" in rev or "\0" in rev:
        raise UsageError(f"'{spec}': '{rev}' is not a git revision", hint="a revision is a commit, branch or tag "
                         "such as HEAD~1 or v2.0; it never starts with '-'")


def _run(args: list[str], cwd: Optional[str], spec: str, *, limit: Optional[int] = None) -> tuple[int, bytes, str]:
    """Run git; (exit status, standard output read up to ``limit`` + 1 bytes, first line of its
    errors). A git that is missing or too slow is one ``InputError``."""
    try:
        proc = subprocess.Popen(["git", *args], cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
    except FileNotFoundError:
        if cwd is not None and not os.path.isdir(cwd):  # Popen says the same for a folder that is not there
            raise InputError(f"cannot read '{spec}': the folder {cwd} does not exist") from None
        raise InputError(f"cannot read '{spec}': git is not installed", hint="pass a file path instead") from None
    except OSError as exc:
        raise InputError(f"cannot read '{spec}': cannot run git ({exc.strerror})") from None
    try:
        if limit is None:
            out, err = proc.communicate(timeout=TIMEOUT)
        else:
            assert proc.stdout is not None
            out = proc.stdout.read(limit + 1)
            if len(out) > limit:
                proc.kill()
            _rest, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise InputError(f"cannot read '{spec}': git did not answer within {TIMEOUT} s") from None
    first = (err.decode("utf-8", "replace").strip().splitlines() or [""])[0]
    return proc.returncode, out, first.removeprefix("fatal: ")


def blob(rev: str, path: str, *, spec: Optional[str] = None, cwd: Optional[str] = None,
         max_size: int, _hops: int = 0) -> bytes:
    """The bytes of ``path`` at ``rev`` (``git cat-file blob REV:path``), refused when it is
    bigger than ``max_size`` before anything is read. A symbolic link is followed to the file it
    names at the same revision (git stores a link as a blob holding its target's path)."""
    spec = spec or f"{rev}:{path}"
    check_revision(rev, spec)
    obj = f"{rev}:{path}"
    code, out, err = _run(["cat-file", "-s", "--end-of-options", obj], cwd, spec)
    if code != 0:
        raise InputError(f"cannot read '{spec}' from git: {err or 'git cat-file failed'}",
                         hint="check the revision and the path (relative to the repository root, or ./path)")
    try:
        size = int(out.strip() or b"-1")
    except ValueError:
        size = -1
    if size > max_size:
        raise InputError(f"'{spec}' is {size:,} bytes, over the {max_size:,}-byte limit",
                         hint="raise the limit with --max-size")
    code, out, err = _run(["cat-file", "blob", "--end-of-options", obj], cwd, spec, limit=max_size)
    if len(out) > max_size:  # it grew since it was measured: still never read past the limit
        raise InputError(f"'{spec}' is over the {max_size:,}-byte limit", hint="raise the limit with --max-size")
    if code != 0:
        _not_a_file(obj, cwd, spec)
        raise InputError(f"cannot read '{spec}' from git: {err or 'git cat-file failed'}",
                         hint="check the revision and the path (relative to the repository root, or ./path)")
    if len(out) < 4096 and b"\n" not in out and out and _is_link(rev, path, cwd, spec):
        return blob(rev, _link_target(path, out, spec), spec=spec, cwd=cwd, max_size=max_size, _hops=_hops + 1) \
            if _hops < 8 else _raise_loop(spec)
    from .store import is_lfs_pointer, refuse_lfs_pointer

    if is_lfs_pointer(out):
        # git stores a file kept with Git LFS as a pointer; its filters (git-lfs, where it is
        # installed) give the file itself
        code, smudged, _err = _run(["cat-file", "--filters", "--end-of-options", obj], cwd, spec, limit=max_size)
        if code == 0 and len(smudged) <= max_size:
            out = smudged
        refuse_lfs_pointer(out, spec, hint="install Git LFS (`git lfs install`) and run `git lfs fetch` in the "
                                           "clone, so git can give the file at that revision")
    return out


def _is_link(rev: str, path: str, cwd: Optional[str], spec: str) -> bool:
    """Whether ``path`` at ``rev`` is a symbolic link (mode 120000). Asked only of a short blob
    without a line end, as a link's is: a guideline is read with one git call more at most."""
    relative = path.startswith(("./", "../"))
    args = ["ls-tree"] + ([] if relative else ["--full-tree"]) + [rev, "--", path]
    code, out, _err = _run(args, cwd, spec)
    return code == 0 and out.startswith(b"120000 ")


def _link_target(path: str, target: bytes, spec: str) -> str:
    """The path, at the same revision, that the link ``path`` names."""
    import posixpath

    name = target.decode("utf-8", "replace")
    if name.startswith("/"):
        raise InputError(f"'{spec}' is a symbolic link to '{name}', outside the repository",
                         hint="give the file itself, as REV:path inside the repository")
    relative = path.startswith(("./", "../"))
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(path), name))
    if not relative and (joined == ".." or joined.startswith("../")):
        raise InputError(f"'{spec}' is a symbolic link to '{name}', outside the repository",
                         hint="give the file itself, as REV:path inside the repository")
    return ("./" + joined) if relative and not joined.startswith("../") else joined


def _raise_loop(spec: str) -> bytes:
    raise InputError(f"'{spec}' is a symbolic link that leads to more links (8 or more, or a loop)",
                     hint="give the file itself, as REV:path")


def _not_a_file(obj: str, cwd: Optional[str], spec: str) -> None:
    """Say so when ``obj`` is a folder (a tree: git says "bad file") or a submodule (a commit)."""
    code, out, _err = _run(["cat-file", "-t", "--end-of-options", obj], cwd, spec)
    kind = out.decode("ascii", "replace").strip() if code == 0 else ""
    if kind == "tree":
        folder = spec.rstrip("/")
        raise InputError(f"'{spec}' is a folder in git, not a file",
                         hint=f"give a file in it, e.g. {folder}/NAME.yaml")
    if kind == "commit":
        raise InputError(f"'{spec}' is a submodule in git (another repository), not a file",
                         hint="give a file of this repository")


def history(path: str, *, limit: int = 200) -> Optional[list[str]]:
    """Commit hashes that changed ``path`` (newest first), or None when git cannot say (not a
    repository, no git)."""
    folder = os.path.dirname(os.path.abspath(path)) or "."
    try:
        code, out, _err = _run(["log", "--format=%H", "-n", str(limit), "--end-of-options", "HEAD", "--",
                                os.path.basename(path)], folder, path)
    except InputError:
        return None
    if code != 0:
        return None
    return out.decode("ascii", "replace").split()


def is_commit(rev: str, cwd: Optional[str], spec: str) -> Optional[str]:
    """None when ``rev`` names a commit in the repository around ``cwd``; else why not (not a
    repository, or no such commit here: a shallow clone has no other branch)."""
    check_revision(rev, spec)
    code, _out, err = _run(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], cwd, spec)
    if code == 0:
        return None
    code2, _o, err2 = _run(["rev-parse", "--git-dir"], cwd, spec)
    if code2 != 0:
        return "not a git repository"
    code3, _o, _e = _run(["rev-parse", "--verify", "--quiet", "HEAD"], cwd, spec)
    if code3 != 0:
        code4, branch, _e = _run(["symbolic-ref", "--quiet", "--short", "HEAD"], cwd, spec)
        if rev == "HEAD" or (code4 == 0 and rev == branch.decode("utf-8", "replace").strip()):
            return "no commit yet"  # the branch being made: every file is new on it
        return "no commit in this repository"
    return err or "no such commit"


def unignored_in_checkout(path: str) -> bool:
    """Whether ``path`` lies in a git checkout's work tree and git does not ignore it (one
    `git add -A` would commit it). False when git is missing, the folder is no checkout, or
    git does not answer: this only decides whether to warn."""
    folder = os.path.dirname(os.path.abspath(path)) or "."
    if not os.path.isdir(folder):
        return False
    try:
        code, out, _err = _run(["rev-parse", "--is-inside-work-tree"], folder, path)
        if code != 0 or out.strip() != b"true":
            return False
        code, _out, _err = _run(["check-ignore", "--quiet", "--no-index", "--", os.path.basename(path)], folder, path)
    except InputError:
        return False
    return code == 1  # 0: ignored; 1: not ignored; 128: git could not tell


def has_file(rev: str, path: str, cwd: Optional[str], spec: str) -> bool:
    """Whether ``path`` (``./name`` relative to ``cwd``) exists at ``rev``."""
    check_revision(rev, spec)
    code, _out, _err = _run(["cat-file", "-e", "--end-of-options", f"{rev}:{path}"], cwd, spec)
    return code == 0


def renames_since(rev: str, cwd: Optional[str], spec: str) -> dict[str, str]:
    """Files git sees as renamed between ``rev`` and the working tree (staged renames too):
    ``{absolute new path: old path from the repository's top}``; empty when git cannot say."""
    check_revision(rev, spec)
    code, top, _err = _run(["rev-parse", "--show-toplevel"], cwd, spec)
    if code != 0:
        return {}
    root = top.decode("utf-8", "surrogateescape").rstrip("\n")
    code, out, _err = _run(["-c", "core.quotePath=false", "diff", "--no-ext-diff", "--no-textconv", "--name-status",
                            "-z", "-M", "--diff-filter=R", "--end-of-options", rev, "--"], root, spec)
    if code != 0:
        return {}
    parts = out.decode("utf-8", "surrogateescape").split("\0")
    renamed: dict[str, str] = {}
    i = 0
    while i + 2 < len(parts):
        status, old, new = parts[i], parts[i + 1], parts[i + 2]
        i += 3
        if status.startswith("R"):
            renamed[os.path.realpath(os.path.join(root, new))] = old
    return renamed


def object_kind(rev: str, cwd: Optional[str], spec: str) -> Optional[str]:
    """"commit", "tree", "blob" or "tag" for what ``rev`` names, or None when it names nothing."""
    check_revision(rev, spec)
    code, out, _err = _run(["cat-file", "-t", "--end-of-options", rev], cwd, spec)
    return out.decode("ascii", "replace").strip() or None if code == 0 else None
