"""Appending to a review file in place, with an undo record, so that no reader and no crash ever
sees half of an append.

The review room adds a thread by appending its lines at the end of ``NAME.review.yaml``
instead of replacing the whole file (temp file, fsync, rename): a file of thousands of
threads is megabytes, and rewriting it for every comment is tens of megabytes a second of
writes, which the file system's journal makes pay in long fsync stalls. An append in place is
not atomic by itself, so it is bracketed by an **undo record** in
``.lic-policy-locks/NAME.review.yaml.append`` (beside the write lock, git-ignored):

1. (holding the file's write lock, ``store.locked``) the record is written and fsynced: the
   file's identity (device, inode), its length before the append (``old``) and after
   (``new``), a SHA-256 of the 4 KB before ``old`` and one of the appended bytes;
2. the bytes are written at ``old`` and the file is fsynced;
3. the record is marked clear (not fsynced: a record whose append is complete on disk —
   the length is ``new`` and the bytes hash as recorded — is kept as it is).

A pending record says what the file's committed content is: the first ``new`` bytes when the
append is complete, else the first ``old`` (an interrupted append is rolled back). Every
opener honours it:

* **readers** (``store.read_bytes`` for every ``*.review.yaml``: ``review list``, ``check``,
  the room, other room processes) take no lock and change nothing: they read the file, then
  the record, then the file's size again, and keep the committed part — or read again when the
  file grew while they read (an append began and ended meanwhile). A reader never returns
  bytes of an append that was under way (``committed``);
* **writers** (holding the lock) roll an interrupted append back on disk (``settle``: truncate
  to ``old``, fsync, clear) before they read, and a writer that replaces the file (a reply, a
  new status: ``store.atomic_path``) clears the record once the new file is in place.

A record whose file identity, size or hashes do not fit the file is stale (the file was
replaced since) and is ignored. The record is a fixed 512-byte block rewritten in place with a
checksum: one that was torn by a crash while it was written fails its checksum and counts as
clear — correct, as the append starts only once the record is durable, and the clear is
written only once the append is durable.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat as _stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

RECORD_SIZE = 512
TAIL = 4096  # bytes before the append point whose hash identifies the file's committed part
_MAGIC = b"lic-policy-append 1 "
SUFFIX = ".append"


def _step(name: str, fd: int, old: int, data: bytes) -> None:
    """Crash-injection point for the tests (replaced there by a function that writes part of
    ``data``, kills the process or pauses at ``name``); does nothing otherwise."""


@dataclass(frozen=True)
class Pending:
    dev: int
    ino: int
    old: int
    new: int
    tail: str
    added: str


RECORD_WHAT = "the undo record of the review room's appends to a review file"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def record_path(path: str | os.PathLike) -> Path:
    """The undo record of ``path``: ``.lic-policy-locks/NAME.append`` beside its lock file."""
    from .store import lock_file

    lock = lock_file(path)
    return lock.with_name(lock.name[: -len(".lock")] + SUFFIX)


def _encode(body: dict) -> bytes:
    text = json.dumps(body, sort_keys=True, separators=(",", ":")).encode("ascii")
    line = _MAGIC + text + b" " + hashlib.sha256(_MAGIC + text).hexdigest()[:32].encode("ascii")
    return line.ljust(RECORD_SIZE - 1, b" ") + b"\n"


def _decode(raw: bytes) -> Optional[Pending]:
    """The pending append ``raw`` records; None for a clear, torn or unreadable record."""
    line = raw.split(b"\n", 1)[0].rstrip(b" ")
    if not line.startswith(_MAGIC):
        return None
    text, _sep, check = line[len(_MAGIC):].rpartition(b" ")
    if hashlib.sha256(_MAGIC + text).hexdigest()[:32].encode("ascii") != check:
        return None  # torn while it was written: see the module docstring
    try:
        body = json.loads(text)
        if body.get("state") != "pending":
            return None
        return Pending(int(body["dev"]), int(body["ino"]), int(body["old"]), int(body["new"]), str(body["tail"]),
                       str(body["added"]))
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):  # 4 KB of '[' nest past Python's limit
        return None


def read_record(path: str | os.PathLike) -> Optional[Pending]:
    """The pending append of ``path``, if there is one."""
    from .store import refuse_planted

    where = record_path(path)
    refuse_planted(where, RECORD_WHAT)  # a link, a pipe or a device there is never read (hostile30)
    try:
        fd = os.open(where, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as fh:
            return _decode(fh.read(RECORD_SIZE))
    except OSError:
        return None


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def outcome(rec: Pending, st: os.stat_result, size: int, read: Callable[[int, int], bytes]) -> Optional[int]:
    """The committed length of the file ``st`` (``size`` bytes of it at hand, ``read(start,
    end)`` gives them) under pending record ``rec``: ``rec.new`` when the append is complete,
    ``rec.old`` when it is not; None when the record is not about this file as it is."""
    if (st.st_dev, st.st_ino) != (rec.dev, rec.ino) or not rec.old <= size <= rec.new:
        return None
    if _sha(read(max(0, rec.old - TAIL), rec.old)) != rec.tail:
        return None
    if size == rec.new and _sha(read(rec.old, rec.new)) == rec.added:
        return rec.new
    return rec.old


def committed(path: str | os.PathLike, data: bytes, fstat: Callable[[], os.stat_result]) -> Optional[bytes]:
    """The committed part of ``data``, just read from ``path`` (``fstat()`` gives the open file's
    status); None when the read must be repeated. The record is read after the data and the
    file's size after the record: a reader that saw part of an append either finds its record
    still pending (and keeps what was committed before it) or, the append being complete and
    cleared, finds the file longer than what it read (and reads again)."""
    rec = read_record(path)
    st = fstat()
    if rec is not None:
        keep = outcome(rec, st, len(data), lambda a, b: data[a:b])
        if keep is not None:
            return data[:keep]
    return data if st.st_size == len(data) else None


def read_committed(read_once: Callable[[], Optional[bytes]], path: str | os.PathLike) -> bytes:
    """``read_once()`` (which applies ``committed``) until it gives a consistent content."""
    from .errors import InputError

    for attempt in range(200):
        got = read_once()
        if got is not None:
            return got
        time.sleep(min(0.001 * (attempt + 1), 0.02))
    raise InputError("the file kept changing while it was read", file=str(path),
                     hint="another program is writing it; try again")


# --------------------------------------------------------------------------- writers (hold the lock)


def _pread(fd: int, start: int, end: int) -> bytes:
    if end <= start:
        return b""
    if hasattr(os, "pread"):
        out = []
        while start < end:
            got = os.pread(fd, end - start, start)
            if not got:
                break
            out.append(got)
            start += len(got)
        return b"".join(out)
    os.lseek(fd, start, os.SEEK_SET)  # pragma: no cover - Windows
    return os.read(fd, end - start)  # pragma: no cover


def _pwrite(fd: int, data: bytes, at: int) -> None:
    view = memoryview(data)
    while view:
        if hasattr(os, "pwrite"):
            n = os.pwrite(fd, view, at)
        else:  # pragma: no cover - Windows
            os.lseek(fd, at, os.SEEK_SET)
            n = os.write(fd, view)
        view = view[n:]
        at += n


_datasync = getattr(os, "fdatasync", os.fsync)


def _write_record(path: str | os.PathLike, body: dict, sync: bool) -> None:
    from .store import refuse_planted

    where = record_path(path)
    refuse_planted(where, RECORD_WHAT)  # never written through a link (it overwrote the file it led to)
    try:
        fd = os.open(where, os.O_RDWR | _NOFOLLOW | getattr(os, "O_BINARY", 0))
        created = False
    except FileNotFoundError:
        from .store import make_lock_folder

        make_lock_folder(where.parent)
        fd = os.open(where, os.O_RDWR | os.O_CREAT | _NOFOLLOW | getattr(os, "O_BINARY", 0), 0o644)
        created = True
    try:
        _pwrite(fd, _encode(body), 0)
        if sync or created:
            (os.fsync if created else _datasync)(fd)
    finally:
        os.close(fd)
    if created:  # the record's name must be durable before the append it guards begins
        from .store import sync_folder

        sync_folder(where.parent)


def clear(path: str | os.PathLike, sync: bool = True) -> None:
    """Mark the record clear (when there is one)."""
    if os.path.exists(record_path(path)):
        _write_record(path, {"state": "clear"}, sync)


def forget(path: str | os.PathLike) -> None:
    """Clear a pending record (durably) after the file was replaced whole."""
    if read_record(path) is not None:
        clear(path)


def settle(path: str | os.PathLike) -> None:
    """Roll an interrupted append of ``path`` back on disk (truncate to the committed length,
    fsync) and clear its record; a stale record is cleared. Call holding the write lock."""
    from .errors import OutputError
    from .store import write_hint, write_target

    rec = read_record(path)
    if rec is None:
        return
    target = write_target(path)
    try:
        fd = os.open(target, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        clear(path)
        return
    except OSError as exc:
        raise OutputError(f"cannot finish an interrupted write: {exc.strerror or exc}", file=str(path),
                          hint=write_hint(exc)) from None
    try:
        st = os.fstat(fd)
        keep = outcome(rec, st, st.st_size, lambda a, b: _pread(fd, a, b))
        if keep is not None and keep < st.st_size:
            os.ftruncate(fd, keep)
            os.fsync(fd)
    except OSError as exc:
        raise OutputError(f"cannot roll back an interrupted write: {exc.strerror or exc}", file=str(path),
                          hint=write_hint(exc)) from None
    finally:
        os.close(fd)
    clear(path)


def settle_stale(path: str | os.PathLike) -> None:
    """Clear a record that is not about ``path``'s file as it is now (before a writer makes a new
    file that could be given the old file's inode number)."""
    rec = read_record(path)
    if rec is None:
        return
    try:
        st = os.stat(path)
    except OSError:
        st = None
    if st is None or (st.st_dev, st.st_ino) != (rec.dev, rec.ino) or not rec.old <= st.st_size <= rec.new:
        clear(path)


class NotAppendable(Exception):
    """The file is not what the caller read (size, kind): write it whole instead."""


def append(path: str | os.PathLike, old: int, data: bytes) -> None:
    """Append ``data`` to ``path``, whose length must be ``old`` (what the caller read under the
    write lock it holds): record, append, fsync, clear (see the module docstring). An error on
    the way rolls the append back and is raised as ``OutputError``."""
    from .errors import OutputError
    from .store import refuse_read_only, write_hint, write_target

    target = write_target(path)
    try:
        refuse_read_only(target, os.stat(target), str(path))
    except FileNotFoundError:
        raise NotAppendable("gone") from None
    try:
        fd = os.open(target, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except OSError:
        raise NotAppendable("cannot open") from None
    try:
        st = os.fstat(fd)
        if not _stat.S_ISREG(st.st_mode) or st.st_size != old:
            raise NotAppendable("changed")
        try:
            tail = _pread(fd, max(0, old - TAIL), old)
            _write_record(path, {"state": "pending", "dev": st.st_dev, "ino": st.st_ino, "old": old,
                                 "new": old + len(data), "tail": _sha(tail), "added": _sha(data)}, sync=True)
        except OSError as exc:
            raise OutputError(f"cannot write the file: {exc.strerror or exc}", file=str(path),
                              hint=write_hint(exc)) from None
        _step("recorded", fd, old, data)
        try:
            _pwrite(fd, data, old)
            _step("appended", fd, old, data)
            _datasync(fd)
        except OSError as exc:
            try:
                os.ftruncate(fd, old)
                os.fsync(fd)
                clear(path)
            except OSError:  # the record stays: every reader and the next writer roll it back
                pass
            raise OutputError(f"cannot write the file: {exc.strerror or exc}", file=str(path),
                              hint=write_hint(exc)) from None
        _step("synced", fd, old, data)
        try:
            _write_record(path, {"state": "clear"}, sync=False)
        except OSError:  # the append is complete and durable: the pending record says so
            pass
        _step("cleared", fd, old, data)
    finally:
        os.close(fd)


__all__ = ["append", "settle", "forget", "settle_stale", "clear", "read_record", "record_path", "outcome", "committed",
           "read_committed", "NotAppendable", "Pending"]
