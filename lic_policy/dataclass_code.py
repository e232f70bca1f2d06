"""The methods ``dataclasses`` writes for each class (``__init__``, ``__repr__``, ``__eq__``, …),
compiled once and kept in the user's cache folder.

``@dataclass`` writes each method as Python source and compiles it with ``exec`` every time a
module is imported: for the 27 classes a single-file ``check`` makes that was about 70 M of its
~1,140 M instructions (6 %), nearly all of it Python's parser and compiler (BENCHMARKS.md,
"speed18"). The source depends only on the class's fields and options, so its compiled code
is kept under that source (``marshal``, one user-cache entry per Python bytecode version and
optimisation level) and handed to ``exec`` instead of the text the next time.

The code is what ``exec`` would compile from the same text — filename ``<string>``, no
``from __future__`` flags inherited (``dataclasses`` has none), the interpreter's optimisation
level — so the classes are the same. ``install`` puts the cached ``exec`` in the
``dataclasses`` module's namespace (it is found there before the built-in one); the command
line installs it in its own process only (``cli.main``). Any other use of ``exec`` — a code
object, another shape of call — goes to the built-in unchanged. A missing, damaged or
foreign entry only means compiling from the text again.

The language server does the same for attrs (``install_attrs``, below): ``lsprotocol`` makes
561 attrs classes, whose methods attrs compiles from text with the built-in ``compile``.
"""

from __future__ import annotations

import builtins
import sys
from typing import Any, Optional

FORMAT = 1
MAX_ENTRIES = 4_000
"""More sources than this in the entry (classes edited many times) and it starts afresh."""

_codes: Optional[dict] = None  # source -> code object, read from the cache on first use
_added = 0  # sources compiled in this process and not yet written
_kind = "any"  # whose entry: one per command (``install``), so a check reads only the classes checks make


def entry_name() -> str:
    """The cache entry's name: code objects are only valid for the bytecode version that
    wrote them (``importlib.util.MAGIC_NUMBER``) and the optimisation level they were
    compiled at; each command has its own (``install``)."""
    from importlib.util import MAGIC_NUMBER

    return f"dataclass-code-{_kind}-{MAGIC_NUMBER.hex()}-o{sys.flags.optimize}-{FORMAT}.bin"


def _read_entry(name: str, key_ok: Any) -> dict:
    """The code objects the user-cache entry ``name`` holds, by key; {} for a missing, damaged
    or foreign entry (a key ``key_ok`` refuses, a value that is no code object)."""
    from . import usercache

    raw = usercache.read(name)
    if raw is None:
        return {}
    import marshal

    try:
        kept = marshal.loads(raw)
    except (ValueError, EOFError, TypeError):
        return {}
    if isinstance(kept, dict) and all(key_ok(k) and type(v) is _CODE for k, v in kept.items()):
        return kept
    return {}


def _write_entry(name: str, codes: dict, added: int) -> bool:
    """Write ``codes`` to the entry ``name`` (past ``MAX_ENTRIES``, only the ``added`` this
    process compiled last); False when marshal cannot write one of them (nothing kept)."""
    import marshal

    from . import usercache

    if len(codes) > MAX_ENTRIES:  # only what this process used last: the newest sources
        codes = dict(list(codes.items())[-added:])
    try:
        data = marshal.dumps(codes)
    except ValueError:  # a constant marshal cannot write
        return False
    usercache.write(name, data, keep=40)  # (one entry per command)
    return True


def _load() -> dict:
    global _codes
    if _codes is None:
        _codes = _read_entry(entry_name(), lambda k: type(k) is str)
    return _codes


def cached_exec(source: Any, globals: Any = None, locals: Any = None, /) -> Any:  # noqa: A002 - exec's names
    """``exec(source, globals, locals)``, with a source text's compiled code taken from (and
    added to) the cache."""
    global _added
    if globals is None:  # exec's default: the caller's globals (and then its locals)
        frame = sys._getframe(1)
        globals = frame.f_globals
        if locals is None:
            locals = frame.f_locals
    if type(source) is str:
        codes = _load()
        code = codes.get(source)
        if code is None:
            code = compile(source, "<string>", "exec", dont_inherit=True)
            codes[source] = code
            _added += 1
        source = code
    return builtins.exec(source, globals, locals)


_CODE = type(cached_exec.__code__)


def save() -> None:
    """Write the entry when this process compiled sources it did not hold (at exit)."""
    global _added
    if _added and _codes is not None and _write_entry(entry_name(), _codes, _added):
        _added = 0


def install(kind: str = "any") -> None:
    """Make ``dataclasses`` use the cache for the rest of this process (once; not where its
    ``exec`` was replaced by someone else). ``kind``: the command, whose classes the entry
    holds (a check does not read what ``publish`` or ``serve`` made)."""
    global _kind
    import atexit
    import dataclasses
    import marshal  # noqa: F401 - imported now, not while a module making a dataclass is half imported

    from . import usercache  # noqa: F401 - (the same)

    if vars(dataclasses).get("exec", cached_exec) is not cached_exec:
        return
    if "exec" not in vars(dataclasses):
        _kind = kind
        dataclasses.exec = cached_exec  # type: ignore[attr-defined]
        atexit.register(save)


# ---------------------------------------------------------------- attrs, for the language server

_FUTURE_FLAGS = 0
for _feature in __import__("__future__").all_feature_names:
    _FUTURE_FLAGS |= getattr(__import__("__future__"), _feature).compiler_flag

_attrs_codes: Optional[dict] = None  # (filename, source, flags) -> code object, read on first use
_attrs_added = 0


def attrs_entry_name() -> str:
    """The attrs methods' entry (only the language server makes attrs classes: pygls and
    ``lsprotocol``), named as ``entry_name``'s."""
    from importlib.util import MAGIC_NUMBER

    return f"attrs-code-{MAGIC_NUMBER.hex()}-o{sys.flags.optimize}-{FORMAT}.bin"


def _attrs_load() -> dict:
    global _attrs_codes
    if _attrs_codes is None:
        _attrs_codes = _read_entry(attrs_entry_name(), lambda k: type(k) is tuple and len(k) == 3 and type(k[0]) is str
                                   and type(k[1]) is str and type(k[2]) is int)
    return _attrs_codes


def cached_compile(source: Any, filename: Any, mode: Any, flags: int = 0, dont_inherit: bool = False,
                   optimize: int = -1) -> Any:
    """``compile(source, filename, mode, flags, dont_inherit, optimize)`` as called from the
    caller's module (it inherits the caller's ``from __future__`` flags, as the built-in
    does), with the code of an ``exec`` text taken from (and added to) the attrs entry."""
    global _attrs_added
    if not dont_inherit:
        flags |= sys._getframe(1).f_code.co_flags & _FUTURE_FLAGS
    if type(source) is not str or type(filename) is not str or mode != "exec" or optimize != -1:
        return builtins.compile(source, filename, mode, flags, True, optimize)
    codes = _attrs_load()
    key = (filename, source, flags)
    code = codes.get(key)
    if code is None:
        code = builtins.compile(source, filename, mode, flags, True)
        codes[key] = code
        _attrs_added += 1
    return code


def save_attrs() -> None:
    """Write the attrs entry when this process compiled texts it did not hold (at exit)."""
    global _attrs_added
    if _attrs_added and _attrs_codes is not None and _write_entry(attrs_entry_name(), _attrs_codes, _attrs_added):
        _attrs_added = 0


def install_attrs() -> None:
    """Make attrs (``attr._make``, which compiles each class's ``__init__``, ``__repr__``,
    ``__eq__``, … from text) use the attrs entry for the rest of this process: the language
    server's ``lsprotocol.types`` makes 561 attrs classes on import, and compiling their
    methods was about a third of its start: 2,269 M -> 1,491 M instructions from initialize to
    exit (BENCHMARKS.md, "speed19"). Not where attrs is missing or its module already has a
    ``compile`` of someone else's."""
    import atexit
    import marshal  # noqa: F401 - imported now, not while a module making a class is half imported

    from . import usercache  # noqa: F401 - (the same)

    try:
        from attr import _make
    except ImportError:
        return
    if "compile" in vars(_make) or not callable(getattr(_make, "_compile_and_eval", None)):
        return
    _make.compile = cached_compile  # type: ignore[attr-defined]
    atexit.register(save_attrs)
