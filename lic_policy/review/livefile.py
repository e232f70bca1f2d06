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

Files are written with ``store.save_atomic`` (temp file, fsync, rename). A change made by
another program since the last read is noticed (the file's inode, size and modification
time) and the file read again before anything is changed, under the file's write lock
(``store.locked``, the one every writer takes, so `lic-policy review add` and the room never
write over each other).

The committed model is replaced, never changed in place: readers can keep using the
``ReviewFile`` returned by ``snapshot()`` while a change is written.
"""

from __future__ import annotations

import contextlib
import copy
import os
import threading
from pathlib import Path
from typing import Any, Iterator, Optional

from ..errors import InputError

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
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def thread_lines(thread: Any, indent: int) -> str:
    """The YAML lines of one thread as an item of the ``threads`` list whose dash is at
    column ``indent`` (what ``threads.save`` writes for it)."""
    import io

    from ..store import _ruamel, to_yaml_tree
    from .threads import _dump_thread

    y = getattr(_DUMPERS, "yaml", None)
    if y is None:  # one per thread: YAML() looks for plug-ins on disk each time it is made
        y = _DUMPERS.yaml = _ruamel()
    buf = io.StringIO()
    y.dump(to_yaml_tree({"threads": [_dump_thread(thread)]}), buf)
    text = buf.getvalue()
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


class Change:
    """The threads as a change sees them: a list to append to and replace items of."""

    def __init__(self, review: Any):
        self.review = review.model_copy()  # shallow: the thread objects are shared until replaced
        self.review.threads = list(review.threads)
        self.touched: set[str] = set()

    @property
    def threads(self) -> list:
        return self.review.threads

    def thread(self, thread_id: str) -> Any:
        return self.review.thread(thread_id)

    def add(self, thread: Any) -> None:
        self.review.threads.append(thread)
        self.touched.add(thread.id)

    def replace(self, thread: Any) -> None:
        for i, t in enumerate(self.review.threads):
            if t.id == thread.id:
                self.review.threads[i] = thread
                self.touched.add(thread.id)
                return
        raise KeyError(thread.id)

    def own_copies(self) -> None:
        """Deep copies of every thread, for library calls that change threads in place
        (``threads.reanchor``); all of them count as touched."""
        self.review.threads = [copy.deepcopy(t) for t in self.review.threads]
        self.touched.update(t.id for t in self.review.threads)


class LiveReviewFile:
    def __init__(self, path: str | os.PathLike, guideline_name: Optional[str] = None):
        self.path = Path(path)
        self.guideline_name = guideline_name
        self._key: Optional[tuple] = ("unread",)
        self.text = ""
        self.review: Any = None
        self._dumps: dict[str, dict] = {}  # thread id -> its data as last written
        self._starts: list[int] = []  # offset of each thread's first line
        self._end = 0  # offset just after the last thread's lines
        self._indent = 2
        self._surgical = False
        self._mutex = threading.Lock()
        self.writes = 0
        self.surgical_writes = 0

    # ------------------------------------------------------------------ reading

    def snapshot(self) -> Any:
        """The review as the file holds it now (read again if another program changed it).
        Treat it as read-only."""
        with self._mutex:
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
        from .threads import _dump_thread

        self.review = review
        self.text = text
        self._key = key
        self._dumps = {t.id: _dump_thread(t) for t in review.threads}
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

    @contextlib.contextmanager
    def change(self) -> Iterator[Change]:
        """Read (if needed), let the caller change the threads, write: all under the lock.
        Nothing is written when the block raises."""
        with lock(self.path):
            with self._mutex:
                if _stat_key(self.path) != self._key:
                    self._read()
                base = self.review
            ch = Change(base)
            yield ch
            if ch.touched:
                self._write(ch)

    def _write(self, ch: Change) -> None:
        from .threads import _dump_thread

        new = ch.review
        old_ids = set(self._dumps)
        ids = [t.id for t in new.threads]
        missing = old_ids - set(ids)
        if missing:
            raise InputError(f"saving would drop thread(s) {', '.join(sorted(missing))}", file=str(self.path),
                             hint="threads are never deleted; resolve or reject them instead")
        if len(set(ids)) != len(ids):
            raise InputError("two threads would have the same id", file=str(self.path))
        dumps = {t.id: _dump_thread(t) for t in new.threads if t.id in ch.touched}
        changed = [t for t in new.threads if t.id in ch.touched and self._dumps.get(t.id) != dumps[t.id]]
        if not changed:
            return
        done = False
        if self._surgical:
            try:
                text, starts, end = self._splice(new, changed)
                done = True
            except _NotSurgical:
                pass
        if not done:
            self._write_roundtrip(new)
            return
        from ..store import save_atomic

        with self._mutex:  # readers wait for the write rather than read the file again
            save_atomic(self.path, text)
            self.writes += 1
            self.surgical_writes += 1
            self.review = new
            self.text = text
            self._starts = starts
            self._end = end
            self._dumps.update(dumps)
            self._key = _stat_key(self.path)

    def _splice(self, new: Any, changed: list) -> tuple[str, list[int], int]:
        """The new text with each changed thread's lines replaced and new threads appended."""
        from ..yamlread import compose_data
        from .threads import _dump_thread

        index = {t.id: i for i, t in enumerate(self.review.threads)}
        text = self.text
        pieces: dict[int, str] = {}
        appended: list[str] = []
        for t in changed:
            lines = thread_lines(t, self._indent)
            back = compose_data("threads:\n" + lines)
            if not isinstance(back, dict) or back.get("threads") != [_dump_thread(t)]:
                raise _NotSurgical("the thread does not read back as written")
            i = index.get(t.id)
            if i is None:
                appended.append(lines)
                continue
            start = self._starts[i]
            stop = self._starts[i + 1] if i + 1 < len(self._starts) else self._end
            if text[start:stop] != thread_lines(self.review.threads[i], self._indent):
                # written by hand or by another tool (a comment, other quoting): ruamel keeps it as it is
                raise _NotSurgical("the thread's lines are not as lic-policy writes them")
            pieces[i] = lines
        # the order of threads must stay the file's: existing ones first, in the same order
        n_old = len(self.review.threads)
        if [t.id for t in new.threads[:n_old]] != [t.id for t in self.review.threads]:
            raise _NotSurgical("threads reordered")
        if not pieces:  # only new threads: after the last one, nothing else moves
            added = "".join(appended)
            starts = list(self._starts)
            end = self._end
            for lines in appended:
                starts.append(end)
                end += len(lines)
            return text[:self._end] + added + text[self._end:], starts, end
        out = []
        starts = []
        pos = 0
        shift = 0
        for i, start in enumerate(self._starts):
            stop = self._starts[i + 1] if i + 1 < len(self._starts) else self._end
            out.append(text[pos:start])
            starts.append(start + shift)
            if i in pieces:
                out.append(pieces[i])
                shift += len(pieces[i]) - (stop - start)
            else:
                out.append(text[start:stop])
            pos = stop
        end = self._end + shift
        for lines in appended:
            starts.append(end)
            out.append(lines)
            end += len(lines)
        out.append(text[pos:])
        return "".join(out), starts, end

    def _write_roundtrip(self, new: Any) -> None:
        from . import threads

        rdoc = threads.load(self.path, guideline_name=self.guideline_name)
        rdoc.review = new
        threads.save(rdoc)
        self.writes += 1
        with self._mutex:
            self._read()


__all__ = ["LiveReviewFile", "Change", "lock", "thread_lines"]
