"""A review file kept open by a long-running program (the review room), changed surgically.

``threads.load``/``threads.save`` read and write a review file with ruamel's round-trip
mode, which keeps every comment but costs about 5 ms per thread each way: a review round
with a thousand threads would take seconds per comment. A ``LiveReviewFile`` reads the
file with lic-policy's own guarded YAML reader (the limits the guideline reader has:
depth, alias expansion, one document), remembers where each thread's lines are, and then

* **adds** a thread by writing its lines after the last thread's;
* **changes** a thread (a reply, a new status, a carried anchor) by replacing only that
  thread's lines;

so every other byte of the file stays as it was, as with ``threads.save``. Each new or
changed thread's lines are written by the same ruamel dumper ``threads.save`` uses and read
back before the file is written: they must give exactly the thread (else nothing is
written). Where a surgical change cannot be proven safe — a new file, ``threads: []`` in
flow style, a thread being changed whose lines are not exactly what lic-policy
writes for it (a comment in it, other quoting), CRLF line endings or a byte-order
mark, an unusual layout — the change goes through ``threads.save`` (ruamel), which keeps
comments; the result is the same file either way.

A change that only adds threads at the end of the file is **appended in place**
(``appendlog.append``: an undo record fsynced first, the new lines written and fsynced, the
record cleared), so a file of thousands of threads is not rewritten for each comment; every
reader of a review file keeps only its committed part (``store.read_bytes``), and ``change``
rolls an interrupted append back before it reads. Any other change replaces the file as
``store.save_atomic`` does (temp file, fsync, rename). A change made by
another program since the last read is noticed (the file's inode, size and modification
time) and the file read again before anything is changed, under the file's write lock
(``store.locked``, the one every writer takes, so `lic-policy review add` and the room never
write over each other).

The committed model is replaced, never changed in place: readers can keep using the
``ReviewFile`` returned by ``snapshot()`` while a change is written, and ``snapshot()`` does
not wait for a write under way (it gives the review as it was before it; the change is not
answered until it is written).

A write costs what changed, not what the file holds (the room's benchmark posts thousands of
comments into one file): the threads' ids, positions and data as last written are kept, so a
change that only adds threads is checked and spliced without looking at the others, a new
thread's lines can be made before the lock is taken (``prepare``; ``Change.add`` swaps in
its id), and the file's bytes are kept in pieces that are written one after the other into
the temporary file — never joined into one string, never encoded again.
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import operator
import os
import threading
from pathlib import Path
from typing import Any, Iterator, Optional

from ..errors import InputError
from ..store import sync_folder  # the folder fsync the review room defers (``web.site``)

@contextlib.contextmanager
def lock(path: str | os.PathLike) -> Iterator[None]:
    """Hold the write lock of ``path``: ``store.locked``, the lock every writer of a guideline or
    review file takes (cross-process, re-entrant within a thread)."""
    from ..store import locked

    with locked(path):
        yield


_DUMPERS = threading.local()


def _stat_key(path: Path) -> Optional[tuple]:
    try:
        st = os.stat(path)
    except FileNotFoundError:  # a dangling link too: a file the first save creates
        return None
    except OSError as exc:
        # hostile24: a review file made a link that leads back to itself while the room served it
        # was an internal error (500, a traceback) on every page; the CLI says it in one line
        import errno

        if exc.errno == errno.ELOOP:
            raise InputError("the review file is a symbolic link that leads back to itself", file=str(path),
                             hint="remove the link (or point it at a review file) and reload the page") from None
        raise InputError(f"cannot read the review file: {exc.strerror or exc}", file=str(path)) from None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def thread_lines(thread: Any, indent: int) -> str:
    """The YAML lines of one thread as an item of the ``threads`` list whose dash is at
    column ``indent`` (what ``threads.save`` writes for it)."""
    import io

    from ..store import roundtrip_yaml, to_yaml_tree
    from .threads import thread_data

    y = getattr(_DUMPERS, "yaml", None)
    if y is None:  # one per thread: YAML() looks for plug-ins on disk each time it is made
        y = _DUMPERS.yaml = roundtrip_yaml()
    buf = io.StringIO()
    y.dump(to_yaml_tree({"threads": [thread_data(thread)]}), buf)
    text = buf.getvalue()
    if text.endswith("\n...\n"):
        # ruamel ends a document whose last scalar keeps its trailing blank lines ("|+") with a
        # document-end marker; inside the file more threads may follow, and the blank lines
        # are the scalar's until the next item's dash
        text = text[:-4]
    lines = text.split("\n", 1)[1]  # after "threads:"
    shift = indent - 2  # ruamel writes the dash at column 2
    if shift == 0:
        return lines
    out = []
    for line in lines.splitlines(keepends=True):
        if not line.strip():
            out.append(line)
        elif shift > 0:
            out.append(" " * shift + line)
        else:
            if line[: -shift].strip():  # pragma: no cover - ruamel indents every line by 2 at least
                raise _NotSurgical("cannot re-indent")
            out.append(line[-shift:])
    return "".join(out)


class _NotSurgical(Exception):
    pass


PLACEHOLDER_ID = "t0"  # the id a prepared thread is serialised with (ids start at t1)
_ID = operator.attrgetter("id")


class Change:
    """The threads as a change sees them: a list to append to and replace items of."""

    def __init__(self, review: Any, index: Optional[dict] = None, next_number: Optional[int] = None):
        self.review = review.model_copy()  # shallow: the thread objects are shared until replaced
        self.review.threads = list(review.threads)
        self.touched: set[str] = set()
        self.bulk = False  # threads changed in place (own_copies): everything is checked
        self._index = index if index is not None else {t.id: i for i, t in enumerate(review.threads)}
        self._base = len(review.threads)
        self._next = next_number if next_number is not None else _next_number(review.threads)
        self.prepared: dict[str, tuple[int, str]] = {}
        self.unsynced: Optional[Path] = None  # the folder to fsync before the change counts as durable

    @property
    def threads(self) -> list:
        return self.review.threads

    def _position(self, thread_id: str) -> Optional[int]:
        threads = self.review.threads
        i = self._index.get(thread_id)
        if i is not None and i < len(threads) and threads[i].id == thread_id:
            return i
        for j in range(len(threads) - 1, self._base - 1, -1):  # added in this change
            if threads[j].id == thread_id:
                return j
        # the list was changed by hand (or there is no such thread)
        return next((j for j, t in enumerate(threads) if t.id == thread_id), None)

    def thread(self, thread_id: str) -> Any:
        i = self._position(thread_id)
        return None if i is None else self.review.threads[i]

    def next_id(self) -> str:
        """The id of the next new thread: one more than the largest so far (as
        ``ReviewFile.next_id``, without reading every thread)."""
        from ..model.review import thread_id_after

        return thread_id_after(max(self._next, 1) - 1)

    def add(self, thread: Any, prepared: Optional[tuple[int, str]] = None) -> None:
        """Append ``thread``; ``prepared`` is what ``LiveReviewFile.prepare`` made for it before
        its id was known (used only if it still fits)."""
        self.review.threads.append(thread)
        self.touched.add(thread.id)
        if prepared is not None:
            self.prepared[thread.id] = prepared
        n = _number(thread.id)
        if n is not None and n >= self._next:
            self._next = n + 1

    def replace(self, thread: Any) -> None:
        i = self._position(thread.id)
        if i is None:
            raise KeyError(thread.id)
        self.review.threads[i] = thread
        self.touched.add(thread.id)

    def own_copies(self) -> None:
        """Deep copies of every thread, for library calls that change threads in place
        (``threads.reanchor``); all of them count as touched."""
        self.review.threads = [copy.deepcopy(t) for t in self.review.threads]
        self.touched.update(t.id for t in self.review.threads)
        self.bulk = True

    def savepoint(self) -> tuple:
        return (list(self.review.threads), set(self.touched), self._next, dict(self.prepared), self.bulk)

    def rollback(self, point: tuple) -> None:
        """Undo what was done since ``savepoint()`` (one change of a group that failed)."""
        threads, touched, nxt, prepared, bulk = point
        self.review.threads[:] = threads
        self.touched, self._next, self.prepared, self.bulk = set(touched), nxt, dict(prepared), bulk


def _number(thread_id: str) -> Optional[int]:
    return int(thread_id[1:]) if thread_id[1:].isdigit() else None


def _next_number(threads: list) -> int:
    return max((_number(t.id) or 0 for t in threads), default=0) + 1


class LiveReviewFile:
    def __init__(self, path: str | os.PathLike, guideline_name: Optional[str] = None):
        self.path = Path(path)
        if guideline_name is not None:
            from ..store import text_name

            guideline_name = text_name(guideline_name)  # a file name that is not UTF-8: YAML cannot hold it
        self.guideline_name = guideline_name
        self._key: Optional[tuple] = ("unread",)
        self._parts: list[str] = [""]  # the file's text, in pieces (joined when it is needed whole)
        self._chunks: list[bytes] = [b""]  # the same pieces as UTF-8: what is written
        self._len = 0  # code points in the text
        self.review: Any = None
        self._dumps: dict[str, dict] = {}  # thread id -> its data as last written
        self._ids: list[str] = []  # the threads' ids in the file's order
        self._index: dict[str, int] = {}  # thread id -> its position
        self._next = 1  # the number of the next new thread id
        self._canonical: set[str] = set()  # threads whose lines are known to be what lic-policy writes
        self._starts: list[int] = []  # offset of each thread's first line
        self._end = 0  # offset just after the last thread's lines
        self._indent = 2
        self._surgical = False
        self._mutex = threading.Lock()
        self._writing = False  # a write of ours is under way (snapshot() gives the review before it)
        self.writes = 0
        self.surgical_writes = 0
        self.appends = 0  # surgical writes that appended in place (the rest replaced the file)

    @property
    def text(self) -> str:
        if len(self._parts) > 1:
            self._parts = ["".join(self._parts)]
        return self._parts[0]

    # ------------------------------------------------------------------ reading

    def snapshot(self) -> Any:
        """The review as the file holds it now (read again if another program changed it).
        Treat it as read-only."""
        with self._mutex:
            if self._writing:  # our own write under way: the file is ours until it is done
                return self.review
            if _stat_key(self.path) != self._key:
                self._read()
            return self.review

    def _read(self) -> None:
        from ..model.review import ReviewFile
        from ..store import read_text

        key = _stat_key(self.path)
        if key is None:
            self._set(ReviewFile(guideline=self.guideline_name), "", None, key)
            return
        text = read_text(self.path)
        if not text.strip():
            self._set(ReviewFile(guideline=self.guideline_name), text, None, key)
            return
        data, positions = self._compose(text)
        try:
            review = ReviewFile.model_validate(data)
        except Exception:  # a precise message: the round-trip reader's
            from . import threads

            review = threads.load(self.path).review
            positions = None
        self._set(review, text, positions, key)
        # the threads just read live as long as the file is unchanged: keep them out of the cyclic
        # garbage collector's full passes (thousands of models made those pauses tens of ms long;
        # reference counting still frees them when they are replaced)
        import gc

        gc.freeze()

    def _compose(self, text: str) -> tuple[Any, Optional[dict]]:
        from ..yamlread import compose_fast

        try:
            return compose_fast(text, str(self.path))
        except InputError as exc:
            raise InputError(f"cannot read the review file: {exc.message}", file=str(self.path), line=exc.line,
                             column=exc.column, hint=exc.hint or "fix the YAML syntax") from None

    def _set(self, review: Any, text: str, positions: Optional[dict], key: Optional[tuple]) -> None:
        from .threads import thread_data

        self.review = review
        self._parts = [text]
        self._chunks = [text.encode("utf-8")]
        self._len = len(text)
        self._key = key
        self._dumps = {t.id: thread_data(t) for t in review.threads}
        self._ids = [t.id for t in review.threads]
        self._index = {tid: i for i, tid in enumerate(self._ids)}
        self._next = _next_number(review.threads)
        self._canonical = set()
        self._surgical = False
        if positions is None or not review.threads or "\r" in text or text.startswith("\ufeff"):
            return
        seq = positions.get(("threads",))
        if seq is None or seq.style != "seq":
            return
        starts = []
        indent = None
        for i in range(len(review.threads)):
            sp = positions.get(("threads", i))
            if sp is None:
                return
            line_start = text.rfind("\n", 0, sp.start) + 1
            lead = text[line_start:sp.start]
            if not (lead.endswith("- ") and not lead[:-2].strip()):
                return  # e.g. a dash alone on its line
            col = len(lead) - 2
            if indent is None:
                indent = col
            elif col != indent:
                return
            starts.append(line_start)
        end = seq.end
        if end < len(text) and (end == 0 or text[end - 1] != "\n"):
            return
        if not text.endswith("\n"):
            return
        self._starts = starts
        self._end = end
        self._indent = indent or 0
        self._surgical = True

    # ------------------------------------------------------------------ changing

    def prepare(self, thread: Any) -> Optional[tuple[int, str]]:
        """The lines of a new thread made with ``PLACEHOLDER_ID`` as its id, before the write
        lock is taken (ruamel's dump is most of a comment's CPU time); ``Change.add(thread,
        prepared=...)`` puts the thread's real id in. None where the file is not changed
        surgically."""
        if not self._surgical or thread.id != PLACEHOLDER_ID:
            return None
        indent = self._indent
        try:
            return indent, thread_lines(thread, indent)
        except _NotSurgical:
            return None

    @contextlib.contextmanager
    def change(self, sync_folder: bool = True) -> Iterator[Change]:
        """Read (if needed), let the caller change the threads, write: all under the lock.
        Nothing is written when the block raises.

        With ``sync_folder=False`` the folder is not fsynced after the rename: the change is
        durable only once the caller has called ``sync_folder(ch.unsynced)`` (when that is not
        None) — outside the lock, so the next change's temporary file is fsynced meanwhile
        (the file system commits both at once). The review room answers a comment only after it."""
        from ..appendlog import settle

        with lock(self.path):
            settle(self.path)  # an append interrupted by a crash is rolled back first
            with self._mutex:
                if _stat_key(self.path) != self._key:
                    self._read()
                base = self.review
            ch = Change(base, self._index, self._next)
            yield ch
            if ch.touched or len(ch.review.threads) != len(base.threads):
                self._write(ch, sync_folder)

    def _write(self, ch: Change, sync_folder: bool = True) -> None:
        from .threads import thread_data

        new = ch.review
        threads = new.threads
        n_old = len(self._ids)
        appended: Optional[list] = None  # the new threads, when the change only added and replaced
        # existing threads kept or replaced in their places, new ones after them
        if not ch.bulk and self._in_place(threads, ch):
            appended = threads[n_old:]
            new_ids = [t.id for t in appended]
            if len(set(new_ids)) != len(new_ids) or any(tid in self._index for tid in new_ids):
                raise InputError("two threads would have the same id", file=str(self.path))
            touched = {tid: threads[self._index[tid]] for tid in ch.touched if tid in self._index}
            touched.update((t.id, t) for t in appended)
        else:
            ids = [t.id for t in threads]
            missing = set(self._ids) - set(ids)
            if missing:
                raise InputError(f"saving would drop thread(s) {', '.join(sorted(missing))}", file=str(self.path),
                                 hint="threads are never deleted; resolve or reject them instead")
            if len(set(ids)) != len(ids):
                raise InputError("two threads would have the same id", file=str(self.path))
            touched = {t.id: t for t in threads if t.id in ch.touched or t.id not in self._index}
        dumps = {tid: thread_data(t) for tid, t in touched.items()}
        changed = [t for tid, t in touched.items() if self._dumps.get(tid) != dumps[tid]]
        if not changed:
            return
        done = False
        added: Optional[bytes] = None
        if self._surgical:
            try:
                pieces, starts, end, length, added = self._splice(new, changed, ch.prepared, appended is not None)
                done = True
            except _NotSurgical:
                pass
        if not done:
            self._write_roundtrip(new)
            return
        from ..store import check_review_size

        check_review_size(self.path, sum(map(len, (b for _p, b in pieces))))
        with self._mutex:
            self._writing = True  # readers keep the review as it was until the write is done
        try:
            if added is not None:
                ch.unsynced = self._append(pieces, added, sync_folder)
            else:
                ch.unsynced = self._save(pieces, sync_folder)
        except BaseException:
            with self._mutex:
                self._writing = False
            raise
        with self._mutex:
            self.writes += 1
            self.surgical_writes += 1
            self.review = new
            self._parts, self._chunks, self._len = [p for p, _b in pieces], [b for _p, b in pieces], length
            if len(self._parts) > 64:  # a few joins now and then, not one per write
                self._parts, self._chunks = ["".join(self._parts)], [b"".join(self._chunks)]
            self._starts = starts
            self._end = end
            self._dumps.update(dumps)
            if appended is not None:
                for t in appended:
                    self._index[t.id] = len(self._ids)
                    self._ids.append(t.id)
                self._next = max(self._next, _next_number(appended))
            else:
                self._ids = [t.id for t in threads]
                self._index = {tid: i for i, tid in enumerate(self._ids)}
                self._next = _next_number(threads)
            self._canonical.update(t.id for t in changed)
            self._key = _stat_key(self.path)
            self._writing = False

    def _in_place(self, threads: list, ch: Change) -> bool:
        """Whether ``threads`` holds the file's threads in the file's order (each the same object
        as before, or replaced by ``Change.replace`` with one of the same id), then new ones."""
        base = self.review.threads
        n_old = len(base)
        if len(threads) < n_old:
            return False
        # the positions whose object is not the one read (found in C: thousands of threads, a few changed)
        differ = itertools.compress(range(n_old), map(operator.is_not, threads[:n_old], base))
        return all(threads[i].id == self._ids[i] for i in differ)

    def _append(self, pieces: list[tuple[str, bytes]], added: bytes, sync_folder: bool = True) -> Optional[Path]:
        """Append ``added`` (the last piece) in place (``appendlog.append``: undo record, append,
        fsync): durable when it returns. A file that is not as last read is written whole."""
        from ..appendlog import NotAppendable, append
        from ..store import REVIEW_SUFFIXES

        if not str(self.path).lower().endswith(REVIEW_SUFFIXES):  # only review files are read as appended
            return self._save(pieces, sync_folder)
        try:
            append(self.path, sum(map(len, self._chunks)), added)
        except NotAppendable:
            return self._save(pieces, sync_folder)
        self.appends += 1
        return None

    def _save(self, pieces: list[tuple[str, bytes]], sync_folder: bool = True) -> Optional[Path]:
        """Write the file from its pieces as ``store.save_atomic`` does (temp file in the same
        folder, fsync, rename, fsync the folder), without joining them first. Without
        ``sync_folder``, the folder to fsync is returned instead (the caller must)."""
        import stat as _stat

        from ..store import atomic_path, write_target

        target = write_target(self.path)
        try:
            st = os.stat(target)
        except OSError:
            st = None
        if sync_folder or st is None or not _stat.S_ISREG(st.st_mode):
            with atomic_path(self.path) as tmp:
                with open(tmp, "wb") as fh:
                    for _text, data in pieces:
                        fh.write(data)
            return None
        import tempfile

        from ..appendlog import forget, settle_stale
        from ..errors import OutputError
        from ..store import TMP_ROOM, fit_name, refuse_read_only, write_hint

        refuse_read_only(target, st, str(self.path))

        folder = target.parent if str(target.parent) else Path(".")
        settle_stale(target)
        tmp = None
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{fit_name(target.name, TMP_ROOM)}.", suffix=".tmp", dir=folder)
            with os.fdopen(fd, "wb") as fh:
                for _text, data in pieces:
                    fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            try:
                os.chmod(tmp, st.st_mode & 0o7777)
            except OSError:  # pragma: no cover - file systems without permissions: keep what it has
                pass
            os.replace(tmp, target)
            with contextlib.suppress(OSError):
                forget(target)
        except BaseException as exc:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            if isinstance(exc, OSError):
                raise OutputError(f"cannot write the file: {exc.strerror or exc}", file=str(self.path),
                                  hint=write_hint(exc)) from None
            raise
        return folder

    def _lines(self, t: Any, prepared: Optional[tuple[int, str]]) -> str:
        """The lines of new or changed thread ``t``, each read back: they must give exactly
        the thread."""
        from ..yamlread import compose_data
        from .threads import thread_data

        lines = None
        if prepared is not None and prepared[0] == self._indent:
            head = " " * self._indent + f"- id: {PLACEHOLDER_ID}\n"
            if prepared[1].startswith(head):
                lines = " " * self._indent + f"- id: {t.id}\n" + prepared[1][len(head):]
        if lines is None:
            lines = thread_lines(t, self._indent)
        back = compose_data("threads:\n" + lines)
        if not isinstance(back, dict) or back.get("threads") != [thread_data(t)]:
            raise _NotSurgical("the thread does not read back as written")
        if any(line.strip() and len(line) - len(line.lstrip(" ")) < self._indent
               for line in lines.split("\n")[1:]):
            # a line left of the thread's own dash (a document marker, a stray key) would end
            # the list for every thread after it: such a thread goes through the round trip
            raise _NotSurgical("a line of the thread is left of its dash")
        return lines

    def _splice(self, new: Any, changed: list, prepared: dict, in_place: bool = False
                ) -> tuple[list[tuple[str, bytes]], list[int], int, int, Optional[bytes]]:
        """The new file, as (text, bytes) pieces, with each changed thread's lines replaced and
        new threads appended; the threads' new offsets, the end of the last one, the length, and
        the bytes added at the file's end when that is all that changed (else None)."""
        replaced: dict[int, str] = {}
        appended: list[str] = []
        for t in changed:
            lines = self._lines(t, prepared.get(t.id))
            i = self._index.get(t.id)
            if i is None:
                appended.append(lines)
                continue
            if t.id not in self._canonical:
                if self.text[self._starts[i]:self._stop(i)] != thread_lines(self.review.threads[i], self._indent):
                    # written by hand or by another tool (a comment, other quoting): ruamel keeps it as it is
                    raise _NotSurgical("the thread's lines are not as lic-policy writes them")
            replaced[i] = lines
        # the order of threads must stay the file's: existing ones first, in the same order
        n_old = len(self._ids)
        if not in_place and list(map(_ID, new.threads[:n_old])) != self._ids:
            raise _NotSurgical("threads reordered")
        if not replaced and self._end == self._len:  # only new threads, at the end: nothing else moves
            added = "".join(appended)
            starts = list(self._starts)
            end = self._end
            for lines in appended:
                starts.append(end)
                end += len(lines)
            pieces = list(zip(self._parts, self._chunks))
            data = added.encode("utf-8")
            pieces.append((added, data))
            return pieces, starts, end, end, data
        text = self.text
        order = sorted(replaced)
        out = []
        pos = 0
        for i in order:
            out.append(text[pos:self._starts[i]])
            out.append(replaced[i])
            pos = self._stop(i)
        out.append(text[pos:self._end])
        starts = list(self._starts)
        delta = 0
        k = 0
        for i in range(order[0] if order else len(starts), len(starts)):
            starts[i] += delta  # moved by the replaced threads before it
            if k < len(order) and order[k] == i:
                delta += len(replaced[i]) - (self._stop(i) - self._starts[i])
                k += 1
        end = self._end + delta
        for lines in appended:
            starts.append(end)
            out.append(lines)
            end += len(lines)
        out.append(text[self._end:])
        new_text = "".join(out)
        return [(new_text, new_text.encode("utf-8"))], starts, end, len(new_text), None

    def _stop(self, i: int) -> int:
        """The offset just after thread ``i``'s lines."""
        return self._starts[i + 1] if i + 1 < len(self._starts) else self._end

    def _write_roundtrip(self, new: Any) -> None:
        from . import threads

        rdoc = threads.load(self.path, guideline_name=self.guideline_name)
        rdoc.review = new
        threads.save(rdoc)
        self.writes += 1
        with self._mutex:
            self._read()


__all__ = ["LiveReviewFile", "Change", "lock", "thread_lines", "PLACEHOLDER_ID", "sync_folder"]
