"""The user's cache folder: compiled rules that are costly to build and depend only on their
inputs (the loaded rule packs, the Hyperscan databases), never findings.

``$XDG_CACHE_HOME/lic-policy`` or ``~/.cache/lic-policy``. Each entry's name starts with its
kind (``packs-``, ``hyperscan-``) and holds a digest of what it was built from, so a changed
input gets a new entry; only the most recently used entries of each kind are kept, so editing
a pack a hundred times does not leave a hundred entries behind. Deleting the folder is always
safe, and a folder that cannot be read or written only makes runs slower.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

KEEP = 6
"""Entries kept per kind: the current ones and a few for other versions or pack sets in use."""


def xdg_home(var: str, *default: str) -> str:
    """The XDG base folder ``var`` names (``XDG_CACHE_HOME``, ``XDG_DATA_HOME``), else
    ``~/<default>``; "" when neither is an absolute path. A relative path is ignored, as the XDG
    base directory specification says: one set in a `.env` file or a CI job (`XDG_DATA_HOME=data`)
    put the author key, the cache and the review room's state in whatever folder a command ran
    in — the author key beside the author map of the repository, where anyone could test guessed
    reviewer names with it. So is a home folder that is no absolute path: HOME unset for an
    account the system has no entry for (a container run with an arbitrary user id, `env -i`)
    leaves ``~`` as it is, and HOME=home is relative too."""
    base = os.environ.get(var) or ""
    if not os.path.isabs(base):
        home = os.path.expanduser("~")
        base = os.path.join(home, *default) if os.path.isabs(home) else ""
    return base


def folder() -> Optional[Path]:
    """The cache folder; None without an absolute place for it (then nothing is cached)."""
    base = xdg_home("XDG_CACHE_HOME", ".cache")
    return Path(base) / "lic-policy" if base else None


def _used(path: Path) -> None:
    """Mark the entry most recently used: kept when older entries of its kind are removed."""
    try:
        os.utime(path)
    except OSError:
        pass


def read(name: str) -> Optional[bytes]:
    """The entry's bytes (and it counts as just used), or None where there is none to read."""
    where = folder()
    if where is None:
        return None
    path = where / name
    try:
        data = path.read_bytes()
    except OSError:
        return None
    _used(path)
    return data


def open_entry(name: str):
    """The entry opened for reading (a binary file; it counts as just used), or None where
    there is none: a large entry of which a run uses a part is read in pieces (``os.pread``),
    not whole. An entry replaced meanwhile (``write`` renames a new file over it) stays as it
    was for the file object's reader; a piece cut short by someone truncating the file reads
    short, and the reader treats it as damaged (a mapped file would crash the process)."""
    where = folder()
    if where is None:
        return None
    path = where / name
    try:
        f = open(path, "rb")  # noqa: SIM115 - kept open by the reader for its run
    except OSError:
        return None
    _used(path)
    return f


def write(name: str, data: bytes | str, keep: int = KEEP) -> None:
    """Write an entry atomically, then remove all but the ``keep`` most recently used entries
    of its kind. Errors only mean no cache."""
    from . import store
    from .errors import OutputError

    where = folder()
    if where is None:
        return
    path = where / name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        store.save_atomic(path, data)
    except (OSError, OutputError):
        return  # the store's one-line error is for a user's own file (full disk, `ulimit -f`)
    kind = name.split("-", 1)[0] + "-"
    entries = []
    try:
        with os.scandir(path.parent) as it:
            for entry in it:
                if entry.name.startswith(kind) and entry.is_file():
                    entries.append((entry.stat().st_mtime_ns, entry.name))
    except OSError:
        return
    entries.sort(reverse=True)
    for _mtime, old in entries[keep:]:
        if old == name:
            continue
        try:
            os.unlink(path.parent / old)
        except OSError:
            pass
