"""Where an earlier (or any) version of a guideline comes from: a file, a git ``REV:path``, or
a version number found in the guideline's git history.

``diff OLD NEW`` and ``compare`` read each side with ``read``; ``review packet --since``
also accepts a bare version (``2.0.0``) with ``resolve``. Every git call goes through
``gitread`` (revisions never reach git as options; blobs are size-checked before reading).
Documents come back parsed, not validated.
"""

from __future__ import annotations

import os
import re
from typing import Any, Optional

from .errors import InputError, LicPolicyError, UsageError
from .guideline_data import version as guideline_version

VERSION_NUMBER = re.compile(r"^\d+(\.\d+){0,2}(-[0-9A-Za-z.]+)?$")
"""What ``resolve`` takes for a version number rather than a path (the schema's version pattern)."""


def read(spec: str, max_size: Optional[int] = None) -> Any:
    """A file path, or ``REV:path`` read from git → ``Document`` (not validated). A path that
    exists, or has no ``:``, is a file."""
    from .store import DEFAULT_MAX_SIZE, decode, load, parse

    limit = max_size or DEFAULT_MAX_SIZE
    if os.path.exists(spec) or ":" not in spec:
        return load(spec, validate=False, max_size=limit)
    rev, _, path = spec.partition(":")
    if not rev or not path:
        raise UsageError(f"'{spec}' is neither a file nor REV:path", hint="e.g. HEAD~1:guidelines/NAME.yaml")
    from .gitread import blob

    raw = blob(rev, path, spec=spec, max_size=limit)
    doc = parse(decode(raw, spec), spec)
    if not isinstance(doc.data, dict):
        raise InputError("a guideline is a YAML mapping", file=spec, line=1, column=1)
    return doc


def resolve(spec: str, guideline: str, max_size: Optional[int] = None) -> Any:
    """The version ``spec`` names: a file, a git ``REV:path``, or a version number looked up in
    the git history of ``guideline`` (its ``metadata.version`` in earlier commits)."""
    if os.path.exists(spec) or ":" in spec:
        return read(spec, max_size)
    if VERSION_NUMBER.match(spec):
        return from_history(spec, guideline, max_size)
    raise InputError("no such file", file=spec,
                     hint="--since takes a file, a git REV:path, or a version found in the file's git history")


def from_history(version: str, guideline: str, max_size: Optional[int] = None) -> Any:
    """The newest commit's copy of ``guideline`` whose ``metadata.version`` is ``version``."""
    from .gitread import blob, history
    from .store import DEFAULT_MAX_SIZE, decode, parse

    folder = os.path.dirname(os.path.abspath(guideline)) or "."
    name = os.path.basename(guideline)
    revs = history(guideline)
    if revs is None:
        beside = copy_beside(version, guideline, max_size)
        if beside is not None:
            return beside
        raise _not_one_copy(version, guideline, max_size, "the guideline is not in a git repository, and no copy of "
                            "it with that version is beside it")
    # a cheap look at the text first: only a commit whose file mentions the version is parsed
    pattern = _version_line(version)
    for rev in revs:
        try:
            raw = blob(rev, f"./{name}", cwd=folder, max_size=max_size or DEFAULT_MAX_SIZE)
        except InputError:
            continue  # not in that commit, or over the limit
        text = decode(raw, f"{rev[:12]}:{name}")
        if pattern.search(text):
            doc = parse(text, f"{rev[:12]}:{guideline}")
            if guideline_version(doc.data) == version:
                return doc
    beside = copy_beside(version, guideline, max_size)
    if beside is not None:
        return beside
    raise InputError(f"version {version} is not in the git history of the guideline", file=guideline,
                     hint="pass --since a file or a git REV:path, or check the version")


def _version_line(version: str) -> re.Pattern:
    """A guideline's ``version:`` line naming ``version``: the cheap look at a text before it
    is parsed."""
    return re.compile(r"^\s+version:\s*['\"]?" + re.escape(version) + r"['\"]?\s*(#.*)?$", re.M)


def copy_beside(version: str, guideline: str, max_size: Optional[int] = None) -> Any:
    """A copy of the same guideline (the same ``metadata.id``) with ``version``, kept as a file
    in the guideline's folder (``alder-0.1.0.yaml`` beside ``alder.yaml``), as drafters outside
    git keep their versions; None when there is none, or more than one."""
    found = copies_beside(version, guideline, max_size)
    return found[0] if len(found) == 1 else None


def _not_one_copy(version: str, guideline: str, max_size: Optional[int], why: str) -> InputError:
    """The error of a version that is neither in git nor beside the guideline; with two copies
    or more, which ones: it said “no copy of it with that version is beside it” to a drafter who
    had made the copy the packet's next: line asked for, and one more (ux21)."""
    found = copies_beside(version, guideline, max_size)
    if len(found) > 1:
        names = [os.path.basename(d.file or "") for d in found]
        return InputError(f"version {version}: {len(found)} copies of the guideline with that version are beside it "
                          f"({', '.join(names)}), and they may differ", file=guideline,
                          hint=f"pass --since the one the reviewers have, e.g. --since {names[0]}")
    return InputError(f"version {version}: {why}", file=guideline,
                      hint="pass --since the earlier version's file, or a git REV:path")


def copies_beside(version: str, guideline: str, max_size: Optional[int] = None) -> list:
    """Every copy of the same guideline with ``version`` in its folder (``copy_beside``)."""
    from .guideline_data import metadata
    from .store import DEFAULT_MAX_SIZE, GUIDELINE_SUFFIXES, REVIEW_SUFFIXES, load

    here = os.path.abspath(guideline)
    folder = os.path.dirname(here) or "."
    try:
        own = metadata(load(guideline, validate=False, max_size=max_size or DEFAULT_MAX_SIZE).data).get("id")
        names = sorted(os.listdir(folder))
    except (OSError, LicPolicyError):
        return []
    if not own:
        return []
    pattern = _version_line(version)
    found = []
    for name in names:
        path = os.path.join(folder, name)
        if path == here or not name.lower().endswith(GUIDELINE_SUFFIXES) or name.lower().endswith(REVIEW_SUFFIXES) \
                or not os.path.isfile(path) or os.path.getsize(path) > (max_size or DEFAULT_MAX_SIZE):
            continue
        try:
            with open(path, "rb") as fh:
                head = fh.read(max_size or DEFAULT_MAX_SIZE).decode("utf-8", "replace")
            if not pattern.search(head):
                continue  # a cheap look first: only a file that mentions the version is parsed
            doc = load(path, validate=False, max_size=max_size or DEFAULT_MAX_SIZE)
        except (OSError, LicPolicyError):
            continue
        if metadata(doc.data).get("id") == own and guideline_version(doc.data) == version:
            found.append(doc)
    return found


__all__ = ["VERSION_NUMBER", "from_history", "read", "resolve"]
