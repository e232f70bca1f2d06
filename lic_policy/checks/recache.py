"""Compiled regular expressions kept between runs.

The framing grammar's patterns are lexicon-sized (a verb list in every tense times a target
list in both numbers): Python's ``re`` spends 20–100 ms parsing and compiling each one, which
on every run would cost a single-file check seconds. What ``re`` compiles a pattern to — the
program its C engine runs — depends only on the pattern and the Python version, so it is kept
in the user's cache folder (``usercache``, ``regex-*`` entries, ``marshal`` format) and handed
back to the engine directly the next time: a few microseconds per pattern instead of tens of
milliseconds. The patterns behave exactly as ``re.compile`` would make them (a test compares
the programs); anything unexpected — another Python, a damaged entry — falls back to
``re.compile``.
"""

from __future__ import annotations

import array
import functools
import hashlib
import marshal
import os
import re
import sys
import threading
from typing import Any, Optional

from .caseless import lowered as _lowered

try:  # CPython's own compiler, as re.compile uses it
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python: plain re.compile
    _sre = None

COMPILER_VERSION = f"{sys.implementation.cache_tag}-{getattr(_sre, 'MAGIC', 0)}"


def _key(pattern: str, flags: int) -> str:
    return hashlib.sha1(f"{flags}\0{pattern}".encode("utf-8", "surrogatepass")).hexdigest()[:20]


@functools.lru_cache(maxsize=1)
def _lowering_code() -> str:
    """``caseless.py``'s bytes, hashed: part of the key of a lowered pattern kept in a store,
    so that an upgrade changing how patterns are lowered (and no rule pack) derives them again
    (speed19 saw the old lowering handed back). Read once per process, when a lowered pattern
    is first asked for (one file of 20 kB)."""
    from pathlib import Path

    from . import caseless

    return hashlib.sha1(Path(caseless.__file__).read_bytes()).hexdigest()[:12]


def program(pattern: str, flags: int = 0, parsed: Any = None) -> tuple:
    """What ``re`` compiles ``pattern`` to: (flags, code, groups, groupindex, indexgroup)
    (``parsed``: the pattern already parsed with these flags, if at hand)."""
    p = parsed if parsed is not None else _parser.parse(pattern, flags)
    code = _compiler._code(p, flags)
    groupindex = dict(p.state.groupdict)
    indexgroup = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    # plain ints: the compiler's opcodes are an int subclass that marshal does not write
    return (int(flags | p.state.flags), [int(c) for c in code], p.state.groups - 1, groupindex, indexgroup)


class RegexStore:
    """Compiled patterns, loaded from and saved to one user-cache entry.

    The entry is an index (pattern key → where its program lies in the file) followed by the
    programs, each ``marshal``-ed with its code as 32-bit words (``array``): the file is opened
    (``usercache.open_entry``) and read in pieces, so a run reads only the programs of the patterns it
    uses (a single-file check of the sample unpacks 65 of the framing pack's programs, about
    half its bytes), a program becomes Python objects only when its pattern is asked for, and
    is dropped once ``_sre`` has it, so the garbage collector never walks the programs.
    Measured on the cold single-file check (in-process, CPU, load 6): reading the whole 13.7 MB
    entry (format 2) and unpacking each program as a marshal-ed list of ints took 36 ms, this
    16 ms (BENCHMARKS.md, "Issue 17: speed, round 5")."""

    FORMAT = 3  # the index and 32-bit code words (format 2: one marshal-ed dict of marshal-ed programs)
    MAGIC = b"lic-policy regex store 3\n"

    def __init__(self, name: str):
        self.name = f"regex-{name}-{COMPILER_VERSION}-{self.FORMAT}.bin"
        self._entries: Optional[dict] = None  # key -> blob, for blobs made (or read) in this run
        self._index: dict = {}  # key -> (offset, length) of a blob in ``_file``
        self._file: Any = None
        self.dirty = False

    def _load(self) -> dict:
        if self._entries is None:
            self._entries = {}
            if _sre is not None:
                from .. import usercache

                f = usercache.open_entry(self.name)
                if f is not None:
                    head = len(self.MAGIC) + 8
                    try:
                        start = f.read(head)
                        if start[:len(self.MAGIC)] != self.MAGIC or len(start) < head:
                            raise ValueError("not a store")
                        n = int.from_bytes(start[len(self.MAGIC):], "little")
                        size = os.fstat(f.fileno()).st_size
                        if n > size - head:
                            raise ValueError("an index longer than the file")
                        index = marshal.loads(f.read(n))
                        if not isinstance(index, dict):
                            raise ValueError("not an index")
                        base = head + n
                        self._index = {k: (base + off, ln) for k, (off, ln) in index.items()
                                       if base + off + ln <= size}
                        self._file = f
                    except (ValueError, EOFError, TypeError, OSError):
                        self._index = {}
                        f.close()
        return self._entries

    def _blob(self, key: str) -> Optional[bytes]:
        blob = self._load().get(key)
        if blob is None:
            at = self._index.get(key)
            if at is not None:
                try:
                    blob = _read_at(self._file, at[1], at[0])
                except (OSError, ValueError):  # closed or unreadable: compiled again
                    return None
        return blob

    def compile(self, pattern: str, flags: int = 0, parsed: Any = None) -> Any:
        if _sre is None:  # pragma: no cover
            return re.compile(pattern, flags)
        key = _key(pattern, flags)
        made = _COMPILED.get((self.name, key))
        if made is not None and made.pattern == pattern:
            return made
        blob = self._blob(key)
        if blob is not None:
            try:
                return _made(self.name, key, _from_blob(pattern, blob))
            except Exception:  # noqa: BLE001 - a damaged entry: compile it again
                pass
        try:
            prog = program(pattern, flags, parsed)
            f, code, groups, groupindex, indexgroup = prog
            rx = _sre.compile(pattern, f, code, groups, groupindex, tuple(indexgroup))
        except re.error:
            raise
        except Exception:  # noqa: BLE001 - an unexpected Python: the public compiler
            return re.compile(pattern, flags)
        try:
            words = array.array(_WORD, code).tobytes()
        except OverflowError:  # pragma: no cover - a code word over 32 bits: not kept
            return rx
        self._load()[key] = marshal.dumps((f, words, groups, groupindex, indexgroup))
        self.dirty = True
        return _made(self.name, key, rx)

    def lowered_source(self, pattern: str, flags: int) -> str:
        """``pattern`` (caseless through ``flags``) written in lowercase
        (``caseless.lowercase_parsed``), or "" where it cannot be; kept in the store (deriving
        it parses the pattern)."""
        key = "lowered-" + _lowering_code() + "-" + _key(pattern, flags)
        blob = self._blob(key)
        if blob is not None:
            try:
                low = marshal.loads(blob)
                if isinstance(low, str):
                    return low
            except (ValueError, EOFError, TypeError):
                pass
        from .caseless import lowercase_parsed

        # (only a pattern caseless as a whole and with no other flag: "(?i)" then says it all)
        plain = flags & re.IGNORECASE and not flags & ~(re.IGNORECASE | re.UNICODE)
        found = lowercase_parsed("(?i)" + pattern) if plain else None
        low = found[0] if found is not None else ""
        self._load()[key] = marshal.dumps(low)
        self.dirty = True
        return low

    def save(self) -> None:
        if not self.dirty or self._entries is None:
            return
        from .. import usercache

        blobs: dict = {}
        for k in self._index:
            b = self._blob(k) if k not in self._entries else None
            if b is not None and len(b) == self._index[k][1]:
                blobs[k] = b
        blobs.update(self._entries)
        index: dict[str, tuple[int, int]] = {}
        at = 0
        for k, b in blobs.items():
            index[k] = (at, len(b))
            at += len(b)
        head = marshal.dumps(index)
        try:
            # one store per rule pack and per module (contexts, conditions, explanations): keep
            # enough for several pack sets in use, or each run would evict another's store
            usercache.write(self.name, b"".join([self.MAGIC, len(head).to_bytes(8, "little"), head, *blobs.values()]),
                            keep=40)
        except (ValueError, OSError):
            pass
        self.dirty = False


_SEEK_LOCK = threading.Lock()


def _read_at(f: Any, n: int, at: int) -> bytes:
    """``n`` bytes of the open file ``f`` from ``at`` (fewer at its end), without moving a
    position another thread may be reading at (``os.pread``; elsewhere a seek and a read under
    a lock)."""
    if hasattr(os, "pread"):
        return os.pread(f.fileno(), n, at)
    with _SEEK_LOCK:  # pragma: no cover - Windows
        f.seek(at)
        return f.read(n)


_COMPILED: dict[tuple[str, str], Any] = {}
"""Patterns this process has compiled, by store and key: a compiled pattern never changes, so
the next rule set of the process (each command run in-process, the language server per
configuration, the test suite) uses it as it is instead of unpacking it again (~16 ms for the
sample's 65 grammar patterns)."""


def _made(store: str, key: str, rx: Any) -> Any:
    if len(_COMPILED) > 4096:
        _COMPILED.clear()
    _COMPILED[(store, key)] = rx
    return rx


_WORD = next(t for t in "IL" if array.array(t).itemsize == 4)  # a 32-bit code word (``_sre``'s SRE_CODE)


_SHARED: dict[str, RegexStore] = {}


def shared(name: str) -> RegexStore:
    """A store for a module's own fixed patterns (the contexts, the lexicon explanations),
    saved with the rules' stores (``save_shared``)."""
    store = _SHARED.get(name)
    if store is None:
        store = _SHARED[name] = RegexStore(name)
    return store


def save_shared() -> None:
    for store in _SHARED.values():
        store.save()


class LazyPattern:
    """A pattern compiled (through a shared store) the first time it is used: importing a
    module of many large patterns costs nothing until one is needed.

    A caseless pattern asked to ``search`` or ``match`` one whole string (a sentence, a few
    words: how the contexts ask) reads it in lowercase with the pattern written in lowercase
    (``caseless.py``: the same spans, without ``re``'s slow caseless path), and a match found so
    is made again by the pattern itself at the same position, so callers get the very match
    object the plain call gives. On 1 MB of finding-dense prose the contexts' 57,000 such calls
    took 0.37 s, 0.16 s so."""

    __slots__ = ("_source", "_flags", "_store", "_rx", "_low")

    def __init__(self, source: str, flags: int = 0, store: str = "contexts"):
        self._source, self._flags, self._store, self._rx = source, flags, store, None
        self._low: Any = None if flags & re.IGNORECASE else False  # the lowercase pattern; False: none

    def _get(self) -> Any:
        rx = self._rx
        if rx is None:
            rx = self._rx = shared(self._store).compile(self._source, self._flags)
        return rx

    def _lowercase(self) -> Any:
        low = self._low
        if low is None:
            store = shared(self._store)
            source = store.lowered_source(self._source, self._flags)
            low = self._low = store.compile(source, self._flags & ~re.IGNORECASE) if source else False
        return low

    def search(self, *args: Any) -> Any:
        if len(args) == 1 and self._low is not False:
            low = self._lowercase()
            text = args[0]
            lowered_text = _lowered(text) if low and isinstance(text, str) else None
            if lowered_text is not None:
                m = low.search(lowered_text)
                return None if m is None else self._get().match(text, m.start())
        return self._get().search(*args)

    def match(self, *args: Any) -> Any:
        if len(args) == 1 and self._low is not False:
            low = self._lowercase()
            text = args[0]
            lowered_text = _lowered(text) if low and isinstance(text, str) else None
            if lowered_text is not None and low.match(lowered_text) is None:
                return None
        return self._get().match(*args)

    def finditer(self, *args: Any) -> Any:
        return self._get().finditer(*args)

    def findall(self, *args: Any) -> Any:
        return self._get().findall(*args)

    def sub(self, *args: Any) -> Any:
        return self._get().sub(*args)

    @property
    def pattern(self) -> str:
        return self._source



# --------------------------------------------------------------------------- every pattern of a process

RE_STORE = "re"  # (and the command's name: ``keep_re_programs``)
RE_KEEP = 2_000
"""Programs the ``re`` store holds at most: past that, a run writes only the ones it used."""

_re_used: set = set()


def keep_re_programs(kind: str = "any") -> None:
    """Make ``re`` take the program of each pattern it compiles in this process from a shared
    store (``RE_STORE``) when the store holds it, and keep the programs it compiles there: the
    ~90 patterns a single-file check compiles outside the rule packs' stores (the modules' own,
    the model's, the standard library's) were ~65 M of its ~1,020 M instructions in ``re``'s
    parser and compiler, written in Python (BENCHMARKS.md, "speed18").

    ``re`` is changed at one place: ``re._compiler.compile`` for a text pattern. A pattern not
    in the store is compiled by ``re`` itself (its errors and warnings as ever), and its program
    is kept only when parsing it again warns of nothing (a pattern that warns is compiled by
    ``re`` every time, so its warning is seen every time). The command line installs this in
    its own process (``cli.main``), one store per command (``kind``: a check does not read
    what ``publish`` compiled); anything unexpected — another Python, a damaged entry — is
    ``re``'s own compile."""
    global RE_STORE
    if _sre is None:  # pragma: no cover - another Python
        return
    plain = _compiler.compile
    if getattr(plain, "__module__", None) == __name__:
        return
    # what the store reads with is imported now, not by the first pattern compiled: that may be
    # compiled by a module being imported (pathlib, which usercache imports, compiles one)
    import warnings  # noqa: F401

    from .. import usercache  # noqa: F401
    debug = re.DEBUG.value

    def compile(p: Any, flags: int = 0) -> Any:  # noqa: A001 - re._compiler's name
        if type(p) is str and type(flags) is int and not flags & debug:
            return _re_compile(plain, p, flags)
        return plain(p, flags)

    RE_STORE = f"re-{kind}"
    _compiler.compile = compile
    import atexit

    atexit.register(save_re_programs)


def _from_blob(pattern: str, blob: bytes) -> Any:
    """The compiled pattern a store entry holds (its flags, program words, groups and their
    names, as ``program`` gave them); a damaged entry raises."""
    f, words, groups, groupindex, indexgroup = marshal.loads(blob)
    code = array.array(_WORD)
    code.frombytes(words)
    return _sre.compile(pattern, f, code.tolist(), groups, groupindex, tuple(indexgroup))


def _re_compile(plain: Any, pattern: str, flags: int) -> Any:
    store = shared(RE_STORE)
    key = _key(pattern, flags)
    blob = store._blob(key)
    if blob is not None:
        try:
            rx = _from_blob(pattern, blob)
            _re_used.add(key)
            return rx
        except Exception:  # noqa: BLE001 - a damaged entry: re compiles it
            pass
    rx = plain(pattern, flags)
    import warnings

    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        try:
            f, code, groups, groupindex, indexgroup = program(pattern, flags)
            words = array.array(_WORD, code).tobytes()
        except Exception:  # noqa: BLE001 - kept only when it is plainly what re made
            return rx
    if not said:
        store._load()[key] = marshal.dumps((f, words, groups, groupindex, indexgroup))
        store.dirty = True
        _re_used.add(key)
    return rx


def save_re_programs() -> None:
    """Write the ``re`` store if this process compiled a pattern it did not hold (at exit);
    past ``RE_KEEP`` programs, only those this process used."""
    store = _SHARED.get(RE_STORE)
    if store is None or not store.dirty:
        return
    if len(store._index) + len(store._load()) > RE_KEEP:
        kept = {k: store._blob(k) for k in _re_used}
        store._index = {}
        store._entries = {k: b for k, b in kept.items() if b is not None}
    store.save()
