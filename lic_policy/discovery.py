"""Which files `check` and `validate` read: folders are walked honouring ``.gitignore`` (git's
own pattern rules, through ``pathspec``), hidden folders are skipped, and YAML that is not a
guideline (GitHub workflows, compose files, configuration) is set aside with the reason, for
``--verbose`` to show.

A YAML file is taken for a guideline unless it clearly is something else:

* its path marks it as another tool's file (``.github/``, ``docker-compose.yml``,
  ``.gitlab-ci.yml``, ``.pre-commit-config.yaml``, ``mkdocs.yml``, ...);
* or its top-level keys are a mapping's, and fewer than two of them are (or nearly are,
  allowing for typos) the fields of a guideline, and not all of them are;
* or, inside a folder, its top level is a list (a guideline is a mapping; a list, or a file
  of several YAML documents, named explicitly is still reported as the error it is).

A ``lic_policy:`` key (the format version) or a
``# yaml-language-server: $schema=...guideline.schema.json`` line always makes it a guideline. Files given by name are read as given except for the first two reasons, so a
pre-commit hook that passes every changed ``*.yaml`` skips workflows and configuration.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Optional

from . import lazy_re

# the top-level fields of a guideline (tests/test_discovery.py keeps this equal to the model's)
GUIDELINE_KEYS = (
    "lic_policy", "metadata", "purpose", "scope", "definitions", "principles", "priorities", "sections",
    "services", "consultation", "governance", "work_plan", "review_schedule", "references", "todo",
)
YAML_SUFFIXES = (".yaml", ".yml")
SKIPPED_FOLDERS = ("node_modules", "__pycache__")

# other tools' files, by name (matched against the file name) ...
_OTHER_NAMES = re.compile(
    r"^(?:(?:docker-)?compose(?:[.-][\w.-]+)?|\.gitlab-ci|\.pre-commit-config|\.pre-commit-hooks|\.lic-policy"
    r"|mkdocs|\.readthedocs|codecov|\.codecov|\.yamllint|\.clang-format|\.clang-tidy|dependabot|action"
    r"|environment|conda-env|pubspec|pnpm-lock|pnpm-workspace|Chart|netlify|\.travis|appveyor|bitbucket-pipelines"
    r"|azure-pipelines|\.golangci|\.goreleaser|renovate|buf(?:\.gen|\.work)?)\.ya?ml$")
# ... and by a folder on their path
_OTHER_FOLDERS = {".github", ".gitlab", ".circleci", ".devcontainer", ".vscode", "helm", "k8s", "kubernetes"}

_TOP_KEY = re.compile(r"""^(?:"([^"\n]*)"|'([^'\n]*)'|([^\s#'"{}\[\]&*!|>%@`,?:-][^:\n#]*?|-[^\s:][^:\n#]*?))[ \t]*:(?=[ \t]|$)""",
                      re.M)
_MODELINE = re.compile(r"yaml-language-server:\s*\$schema=\S*guideline\.schema\.json")
_HEAD = 8192


@dataclass(frozen=True)
class Skipped:
    """A file left out, and why (printed by ``--verbose``)."""

    file: str
    reason: str
    kind: str = "not-guideline"
    """Why, for counting: ``not-guideline`` (YAML that is not a guideline), ``published`` (a
    copy `lic-policy publish` wrote), ``ignored`` (the configuration's ``ignore`` patterns) or
    ``outside-link`` (a symbolic link out of the folder walked)."""

    def note(self) -> str:
        return f"{self.file}: skipped: {self.reason}"


def other_tool(path: str) -> Optional[str]:
    """Why ``path`` is another tool's file by its name or folder, or None."""
    name = os.path.basename(path)
    if _OTHER_NAMES.match(name):
        return f"'{name}' is another tool's file, not a guideline"
    parts = os.path.normpath(os.path.abspath(path)).split(os.sep)[:-1]
    for part in parts:
        if part in _OTHER_FOLDERS:
            return f"files under {part}/ belong to another tool, not guidelines"
    return None


def _like_guideline(key: str) -> bool:
    if key in GUIDELINE_KEYS:
        return True
    import difflib  # only for a key that is not a guideline's (a cold check of a guideline needs none)

    return bool(difflib.get_close_matches(key, GUIDELINE_KEYS, n=1, cutoff=0.8))


def _first_significant(text: str) -> str:
    for line in text.splitlines():
        s = line.strip()
        if s and not s.startswith(("#", "%")) and s != "---":
            return line
    return ""


def _parses(text: str) -> bool:
    """Whether libyaml reads ``text`` without an error (events only: nothing is built, so
    aliases are not expanded)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        for _event in yaml.parse(text, Loader=loader):
            pass
    except yaml.YAMLError:
        return False
    return True


def sniff(text: str, *, explicit: bool = False) -> Optional[str]:
    """Why this YAML text is not a guideline, or None when it is one (or may be: a file
    that does not parse, is empty, or is written in flow style is left to the reader,
    which reports what is wrong)."""
    if _MODELINE.search(text[:_HEAD]):
        return None
    first = _first_significant(text)
    if first.startswith("- ") or first.rstrip() == "-":
        return None if explicit or not _parses(text) else "its top level is a list; a guideline is a mapping"
    if explicit and first and re.search(r"^(?:---|\.\.\.)(?:[ \t]|$)", text[text.find(first) + len(first):], re.M):
        return None  # several documents in a file named explicitly: the reader says what is wrong
    keys: list[str] = []
    for m in _TOP_KEY.finditer(text):
        key = m.group(1) if m.group(1) is not None else m.group(2) if m.group(2) is not None else m.group(3)
        if key not in keys:
            keys.append(key)
    if not keys or "lic_policy" in keys:  # the format version marks a guideline, whatever else it holds
        return None
    like = [k for k in keys if _like_guideline(k)]
    if len(like) >= 2 or len(like) == len(keys):
        return None
    if not _parses(text):
        return None  # broken YAML: the reader reports where, whatever the file was meant to be
    shown = ", ".join(keys[:5]) + (", ..." if len(keys) > 5 else "")
    return f"its top-level keys ({shown}) are not a guideline's (metadata, purpose, scope, sections, ...)"


def regular_head(path: "str | os.PathLike[str]", size: int) -> Optional[bytes]:
    """The first ``size`` bytes of the regular file ``path``; None for anything else (missing,
    unreadable, a folder, a named pipe, a device: opened without waiting and not read, where a
    blocking read of a pipe hung the command)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except (OSError, ValueError):
        return None
    try:
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return None
            return fh.read(size)
    except OSError:
        return None


def _read_head(path: str, size: int) -> tuple[Optional[str], bool]:
    """The first ``size`` bytes as text, and whether that is the whole file. A named pipe or
    device must not stop discovery: anything but a regular file is left in the list, and the
    reader refuses it in one line (issue 13)."""
    data = regular_head(path, size + 1)
    if data is None:
        return None, True  # reported when the file is read for real
    if b"\x00" in data:
        return None, True
    return data[:size].decode("utf-8", "replace"), len(data) <= size


def not_a_guideline(path: str, *, explicit: bool = False, max_size: int = 10 * 1024 * 1024) -> Optional[str]:
    """Why the YAML file at ``path`` is not a guideline, or None. Reads the first 8 KB (a
    guideline names two of its fields there), and the whole file only when that did not
    settle it."""
    reason = other_tool(path)
    if reason:
        return reason
    head, whole = _read_head(path, _HEAD)
    if head is None:
        return None
    if not whole:  # cut: decide from the head only if it is clearly a guideline
        keys = {m.group(3) or m.group(1) or m.group(2) or "" for m in _TOP_KEY.finditer(head)}
        if _MODELINE.search(head) or sum(1 for k in keys if _like_guideline(k)) >= 2:
            return None
        head, whole = _read_head(path, max_size)
        if head is None or not whole:
            return None  # over the size limit: refused with its own message when read
    return sniff(head, explicit=explicit)


PUBLISHED_REASON = "lic-policy publish wrote it from a guideline (the guideline itself is checked)"
_PUBLISHED = lazy_re.compile(r"\A\ufeff?---\r?\n(?:.*\r?\n)*?lic-policy-id: ", re.M)
MARKDOWN_SUFFIXES = (".md", ".markdown")


def published_copy(path: str) -> Optional[str]:
    """Why the Markdown file at ``path`` is left out of a folder's check: `lic-policy publish`
    wrote it (its metadata block holds ``lic-policy-id:``), so its findings are the guideline's
    again. None for every other file."""
    head, _whole = _read_head(path, 4096)
    if head is None or not head.lstrip("\ufeff").startswith("---"):
        return None
    return PUBLISHED_REASON if _PUBLISHED.match(head) else None


# --------------------------------------------------------------------------- .gitignore


def repo_root(folder: str) -> Optional[str]:
    """The top of the git checkout holding ``folder`` (the nearest folder with ``.git``), or None."""
    here = os.path.abspath(folder)
    while True:
        if os.path.exists(os.path.join(here, ".git")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


class _Ignores:
    """The .gitignore files that apply inside one walk: those of the folder's parents up to
    the repository root (and .git/info/exclude), and those met on the way down."""

    def __init__(self, top: str):
        self.specs: list[tuple[str, Any]] = []  # (folder, spec), shallowest first
        top = os.path.abspath(top)
        root = repo_root(top)
        if root is not None:
            self._add(root, os.path.join(root, ".git", "info", "exclude"))
            chain = []
            here = top
            while True:
                chain.append(here)
                if here == root:
                    break
                here = os.path.dirname(here)
            for folder in reversed(chain[1:]):  # parents only; `top` itself is added by the walk
                self._add(folder, os.path.join(folder, ".gitignore"))
            if self.specs and self.ignored(top, True):
                # a folder git ignores, named explicitly, is walked (as ripgrep does): the
                # .gitignore files inside it still apply, those above it do not
                self.specs = []

    def _add(self, folder: str, file: str) -> None:
        try:
            # a regular file only (a named pipe would be waited on for ever), and at most 1 MB
            # of it (no .gitignore is larger; a huge one is not read whole)
            fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            with os.fdopen(fd, "rb") as fh:
                if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                    return
                lines = fh.read(1 << 20).decode("utf-8", errors="replace").splitlines()
        except OSError:
            return
        if not any(ln.strip() and not ln.lstrip().startswith("#") for ln in lines):
            return
        import pathspec  # imported only when there is a .gitignore to honour

        def build(lines: list[str]) -> "pathspec.GitIgnoreSpec":
            try:
                # Python's re: pathspec's default where hyperscan is installed builds a Hyperscan
                # database, 30 ms for a .gitignore of 15 lines, on every folder walked (a cold
                # check of one folder took twice as long); matching 1,000 paths costs 3 ms more
                return pathspec.GitIgnoreSpec.from_lines(lines, backend="simple")
            except TypeError:  # pathspec < 1.0 has only that backend
                return pathspec.GitIgnoreSpec.from_lines(lines)

        try:
            spec = build(lines)
        except ValueError:  # a line git cannot read either (a lone backslash): left out, as git does
            kept = []
            for ln in lines:
                try:
                    build([ln])
                except ValueError:
                    continue
                kept.append(ln)
            spec = build(kept)
        self.specs.append((folder, spec))

    def enter(self, folder: str) -> int:
        """Add ``folder``'s own .gitignore; returns how many specs to keep when leaving it."""
        before = len(self.specs)
        self._add(folder, os.path.join(folder, ".gitignore"))
        return before

    def ignored(self, path: str, is_dir: bool) -> bool:
        verdict = False
        for folder, spec in self.specs:
            if path == folder or not path.startswith(folder.rstrip(os.sep) + os.sep):
                continue
            rel = os.path.relpath(path, folder).replace(os.sep, "/") + ("/" if is_dir else "")
            include = spec.check_file(rel).include
            if include is not None:
                verdict = include  # the deepest .gitignore that decides wins, as in git
        return verdict


def walk(folder: str, suffixes: tuple[str, ...], *, skip_names: Iterable[str] = (),
         skipped: Optional[list[Skipped]] = None) -> Iterator[str]:
    """Files under ``folder`` ending in one of ``suffixes``, sorted, without hidden files and
    folders, ``node_modules``, files git ignores (``.gitignore``), names containing one of
    ``skip_names``, and YAML that is not a guideline (added to ``skipped`` with the reason)."""
    ignores = _Ignores(folder)
    skip = tuple(skip_names)
    root = os.path.realpath(folder)

    # depth first with a stack, not recursion: folders nested more than about 1,000 deep were
    # a RecursionError. ("leave", n) drops the .gitignore files of a folder once it and all
    # its subfolders are done.
    stack: list[tuple[str, Any]] = [("visit", folder)]
    while stack:
        what, arg = stack.pop()
        if what == "leave":
            del ignores.specs[arg:]
            continue
        path = arg
        keep = ignores.enter(os.path.abspath(path))
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError:
            del ignores.specs[keep:]
            continue
        dirs = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
                if is_dir and entry.is_symlink():
                    # as git does: a link to a folder is not walked into (a link to '/' walked
                    # the whole file system, a link to '.' went round till the path was too long);
                    # give the folder itself as PATH to check it
                    continue
            except OSError:
                continue
            full = os.path.join(path, name)
            if ignores.specs and ignores.ignored(os.path.abspath(full), is_dir):
                continue
            if is_dir:
                if name not in SKIPPED_FOLDERS:
                    dirs.append(full)
                continue
            if not name.lower().endswith(suffixes) or (skip and any(s in name.lower() for s in skip)):
                continue
            if _links_out(entry, full, root):
                # as black and ruff do: a link a folder walk meets that leads out of the folder
                # is not followed (a pull request's `notes.yaml -> ../../outside/x.yaml` had
                # `fix --write guidelines` write outside the repository); named as PATH, it is
                if skipped is not None:
                    skipped.append(Skipped(full, f"a symbolic link to a file outside {folder} (give it as PATH to "
                                                 "check it)", "outside-link"))
                continue
            if name.lower().endswith(YAML_SUFFIXES):
                reason, kind = not_a_guideline(full), "not-guideline"
            elif name.lower().endswith(MARKDOWN_SUFFIXES):
                reason, kind = published_copy(full), "published"
            else:
                reason = None
            if reason:
                if skipped is not None:
                    skipped.append(Skipped(full, reason, kind))
                continue
            yield full
        stack.append(("leave", keep))
        stack.extend(("visit", d) for d in reversed(dirs))


def _links_out(entry: "os.DirEntry[str]", full: str, root: str) -> bool:
    """Whether ``entry`` is a symbolic link whose file is outside ``root`` (a real path)."""
    try:
        if not entry.is_symlink():
            return False
    except OSError:
        return False
    target = os.path.realpath(full)
    try:
        return os.path.commonpath([root, target]) != root
    except ValueError:  # another drive
        return True


def _missing_hint(path: str) -> str:
    """What to do about a path that does not exist; for REV:PATH (as `lic-policy diff` takes
    a file at a git revision) whose PATH does exist, how to check the file as it was then."""
    import shlex

    rev, sep, rest = path.partition(":")
    if sep and rev and rest and not os.path.isabs(path) and os.path.isfile(rest) and not rest.startswith("//"):
        return (f"to check {rest} as it was at {rev}: git show {shlex.quote(path)} | lic-policy check - "
                f"--stdin-filename {shlex.quote(rest)}")
    near = _near_path(path)
    return f"did you mean '{near}'? check the path" if near else "check the path"


def _near_path(path: str) -> Optional[str]:
    """The name in ``path``'s folder closest to its last part, as ``path`` would be written
    with it (`guideline/` → `guidelines/`), when its folder is there and one is close enough."""
    import difflib

    stripped = path.rstrip("/" + os.sep)
    head, name = os.path.split(stripped)
    if not name or (head and not os.path.isdir(head)):
        return None
    try:
        names = [n for n in os.listdir(head or ".") if not n.startswith(".")][:5000]
    except OSError:
        return None
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.8)
    if not close:
        return None
    found = os.path.join(head, close[0]) if head else close[0]
    return found + "/" if os.path.isdir(found) and (path.endswith("/") or not os.path.splitext(name)[1]) else found


def expand(path: str, suffixes: tuple[str, ...], *, skip_names: Iterable[str] = (),
           skipped: Optional[list[Skipped]] = None) -> list[str]:
    """One path given by the user: a folder's files (``walk``), or the file itself unless it
    is YAML that is clearly not a guideline. A missing path is an ``InputError``."""
    if os.path.isdir(path):
        return list(walk(path, suffixes, skip_names=skip_names, skipped=skipped))
    if not os.path.exists(path):
        from .errors import InputError

        from .store import missing

        raise InputError(missing(path, "file or folder"), file=path, hint=_missing_hint(path))
    reason = not_a_guideline(path, explicit=True) if path.lower().endswith(YAML_SUFFIXES) else None
    if reason:
        if skipped is not None:
            skipped.append(Skipped(path, reason))
        return []
    return [path]


def once_each(files: list[str]) -> list[str]:
    """``files`` without a second naming of one file (``g.yaml ./g.yaml``, a folder and a file
    in it): each was checked, counted and reported again, three times the findings in a
    SARIF upload. Compared by absolute path (no system call: a link to a file is a name of
    its own); the first naming is kept, in order."""
    seen: set[str] = set()
    out = []
    for f in files:
        key = os.path.normpath(os.path.abspath(f))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out

