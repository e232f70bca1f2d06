"""Load and save guidelines without losing anything.

* ``load(path)`` reads a guideline YAML file into a ``Document``: the source text, plain
  data, a position index (every field and clause → line:column), the validated
  ``Guideline`` model and every problem found (types, unknown fields, model rules).
* Edits are surgical: ``Document.replace_text(path, value)`` rewrites only the bytes of
  one scalar, in the same YAML style, so comments, key order, quoting and every untouched
  byte stay as they were. ``save_atomic`` writes through a temp file, fsync and rename.
* ``dump(guideline)`` writes a new file with ruamel.yaml (round-trip emitter), used by
  ``init`` and ``import``; ``roundtrip_load``/``roundtrip_dump`` give ruamel's
  comment-preserving tree for structural edits of our own files (review files).
* ``load_prose(path)`` reads plain ``.md``/``.txt`` files for prose-only checks.
"""

from __future__ import annotations

import bisect
import contextlib
import errno
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Optional

from . import lazy_re
from .errors import InputError, LicPolicyError, TooLarge
from .yamlread import Span, compose_data, compose_fast, read_data

if TYPE_CHECKING:
    from .model.guideline import Guideline

DEFAULT_MAX_SIZE = 10 * 1024 * 1024
_LINE_BREAK = lazy_re.compile(r"\r\n?|\n")  # a line's end for people, editors and the YAML reader
_LONE_CR = lazy_re.compile(r"\r(?!\n)")
MAX_ISSUES = 100  # schema problems listed per file; a count of the rest follows
GUIDELINE_SUFFIXES = (".yaml", ".yml")
PROSE_SUFFIXES = (".md", ".markdown", ".txt")
REVIEW_SUFFIXES = (".review.yaml", ".review.yml")


# --------------------------------------------------------------------------- reading


REVIEW_MAX_SIZE = 32 * 1024 * 1024
"""A review file's limit: it grows by every comment (the review room appends to it), and
10,000 threads are about 11 MB and take 0.4 GB to read, so it is not held to a guideline's ``max_file_size`` (a room
would otherwise grow its file past what every review command then refuses)."""


def refuse_review_name(path: str | os.PathLike, option: str = "-o", *, yaml_only: bool = False) -> None:
    """Refuse to write a guideline at ``path`` when it is named like a review file
    (NAME.review.yaml): every command reads such a file as review threads, and one may hold a
    round's threads already; or like the configuration (.lic-policy.yaml); or, with
    ``yaml_only``, without a .yaml or .yml suffix (`init pyproject.toml` wrote YAML where
    every Python tool reads TOML, and `init x.txt` a guideline every command read as prose)."""
    from .errors import UsageError

    name = os.path.basename(str(path))
    if yaml_only and not name.lower().endswith((".yaml", ".yml")):
        raise UsageError(f"'{path}' does not end in .yaml", hint=f"give {option} a file name ending in .yaml")
    for suffix in REVIEW_SUFFIXES:
        if name.lower().endswith(suffix):
            stem = name[: -len(suffix)] or "guideline"
            raise UsageError(f"'{path}' is named like a review file (NAME.review.yaml), which every command reads as "
                             "review threads, not as a guideline",
                             hint=f"give {option} a guideline's name, e.g. {stem}.yaml")
    if name.lower() in (".lic-policy.yaml", ".lic-policy.yml"):
        # every command below the folder reads it as the configuration: a guideline written
        # there (`init .lic-policy.yaml`, `import -o`) broke each check after it ('unknown key
        # metadata'), and `init --force` replaced the team's configuration with it
        raise UsageError(f"'{path}' is the name of lic-policy's configuration file, which every command in that "
                         "folder and below reads as settings, not as a guideline",
                         hint=f"give {option} a guideline's name, e.g. guideline.yaml")
    # a symbolic link is written through: the file it names is held to the same rule
    target = os.path.basename(os.path.realpath(path))
    if target != name and target.lower().endswith(REVIEW_SUFFIXES):
        raise UsageError(f"'{path}' is a symbolic link to the review file {target}, which a guideline written "
                         "through it would replace", hint=f"give {option} another name, or remove the link")


def refuse_yaml_output(output: str, *, what: str = "the report",
                       hint: str = "give -o another file, e.g. a name ending in .txt, .json or .html") -> None:
    """A UsageError when ``output`` is a YAML file already there, or a symbolic link to one.
    A report or packet is never YAML: one named like a YAML file already there is a careless -o
    (a name completed with Tab) onto a guideline, a round's review threads or a configuration,
    which `diff`, `compare`, `rules docs` and `check` replaced without a word; a link is written
    through, so `-o docs.md` linking to a guideline replaced the guideline (and `review packet
    -o packet.docx` wrote a Word file over it)."""
    from .errors import UsageError

    if output.lower().endswith((".yaml", ".yml")) and os.path.isfile(output):
        raise UsageError(f"{output} is a YAML file already there (a guideline, review threads or a configuration); "
                         f"writing {what} there would replace it", hint=hint)
    if os.path.islink(output):
        target = os.path.realpath(output)
        if target.lower().endswith((".yaml", ".yml")) and os.path.isfile(target):
            raise UsageError(f"{output} is a symbolic link to {os.path.basename(target)}, a YAML file (a guideline, "
                             f"review threads or a configuration); writing {what} there would replace it",
                             hint=hint.replace("give -o another file", "give -o another file, or remove the link"))


def text_name(name: str) -> str:
    """A file name as text to write inside a file (a review file's ``guideline:``, a to-do
    item, the room's records): a name that is not UTF-8 reaches Python with its bad bytes as
    lone surrogates (surrogateescape), which YAML, JSON and SQLite cannot hold; each such byte
    is written as U+FFFD. A control character, a line break or a direction control in the name
    is written as its symbol (``␇``, ``␤``; U+FFFD for an override), as messages show it:
    the review file's first comment line names the guideline, and a line break there made the
    rest of the name a line of YAML (hostile24: `review add` of such a guideline was "internal
    check failed … please report this as a bug"; `import` of `d\a.md` blamed `out.yaml:1:18`
    for a bell, and of `e\u202e.md` a direction override in the text)."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return text.translate(_NAME_PICTURES) if any(ord(ch) in _NAME_PICTURES for ch in text) else text


def _name_pictures() -> dict:
    from .errors import CONTROL_PICTURES

    return CONTROL_PICTURES | {10: 0x2424}  # a tab stays: YAML holds it in a text and a comment


_NAME_PICTURES = _name_pictures()


def check_write_size(path: str | os.PathLike, data: str | bytes, limit: Optional[int] = None,
                     what: str = "writing this") -> bytes:
    """``data`` as the bytes to write to ``path``, refused (``TooLarge``, nothing written) when
    they are over ``limit`` (default ``DEFAULT_MAX_SIZE``, what ``load`` reads): a guideline
    written past the limit it is read with is one every command then refuses."""
    raw = data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data
    limit = DEFAULT_MAX_SIZE if limit is None else limit
    if len(raw) > limit:
        raise TooLarge(f"{what} would make the file {len(raw):,} bytes, over the {limit:,}-byte limit; nothing was "
                       "written", file=str(path),
                       hint="raise the limit with --max-size or max_file_size in the config, or split the guideline")
    return raw


REVIEW_FULL_HINT = ("move the resolved threads of past rounds to another review file (e.g. NAME.2025.review.yaml) "
                    "and keep the open ones")


def check_review_size(path: str | os.PathLike, size: int) -> None:
    """Refuse (``TooLarge``, nothing written) a review file write of ``size`` bytes over the
    limit ``read_bytes`` reads it with (``REVIEW_MAX_SIZE`` for ``*.review.yaml``): every reader
    refuses such a file, so a write past the limit would shut every review command and the
    review room out of the file's threads."""
    limit = REVIEW_MAX_SIZE if str(path).lower().endswith(REVIEW_SUFFIXES) else DEFAULT_MAX_SIZE
    if size > limit:
        raise TooLarge(f"writing this would make the review file {size:,} bytes, over its {limit:,}-byte "
                       "limit; nothing was written", file=str(path), hint=REVIEW_FULL_HINT)


def read_bytes(path: str | os.PathLike, *, max_size: Optional[int] = None, what: str = "the guideline",
               hint: str = "split the guideline, or raise the limit with --max-size or max_file_size in the config",
               allow_empty: bool = True) -> bytes:
    """Read a file's bytes, refusing a missing file, a folder, or one over ``max_size`` (by
    default ``DEFAULT_MAX_SIZE``, a review file's ``REVIEW_MAX_SIZE``), with a one-line reason
    (``InputError``). A review file (``*.review.yaml``) is read up to what is committed: never
    part of an append under way or interrupted (``appendlog``)."""
    if str(path).lower().endswith(REVIEW_SUFFIXES):
        from .appendlog import committed, read_committed

        if max_size is None:
            max_size, what = REVIEW_MAX_SIZE, "a review file"
            hint = REVIEW_FULL_HINT

        return read_committed(lambda: _read_bytes(path, max_size, what, hint, allow_empty, committed), path)
    return _read_bytes(path, DEFAULT_MAX_SIZE if max_size is None else max_size, what, hint, allow_empty)


def _read_bytes(path: str | os.PathLike, max_size: int, what: str, hint: str, allow_empty: bool,
                check: Optional[Callable] = None) -> Any:
    file = str(path)
    try:
        # non-blocking, so a named pipe is opened (and refused below) instead of waiting forever
        # for a writer; a regular file reads the same either way
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
                     | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise InputError(missing(file), file=file, hint="check the path") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP and os.path.islink(file):
            raise InputError(missing(file), file=file, hint="check the path") from None
        if os.path.isdir(file):
            raise InputError("is a folder, not a file", file=file,
                             hint="pass a file, or use a command that takes folders") from None
        if is_socket(file):  # opening one fails "No such device or address" (hostile27)
            raise InputError("not a regular file (a socket)", file=file,
                             hint=f"give {what} as a file; lic-policy does not read sockets, pipes or devices") from None
        raise InputError(f"cannot read the file: {exc.strerror}", file=file) from None
    import stat as _stat

    st = os.fstat(fd)
    if not _stat.S_ISREG(st.st_mode):
        os.close(fd)
        if _stat.S_ISDIR(st.st_mode):
            raise InputError("is a folder, not a file", file=file,
                             hint="pass a file, or use a command that takes folders")
        kind = ("a named pipe" if _stat.S_ISFIFO(st.st_mode) else "a device" if _stat.S_ISCHR(st.st_mode)
                or _stat.S_ISBLK(st.st_mode) else "a socket" if _stat.S_ISSOCK(st.st_mode) else "not a file")
        raise InputError(f"not a regular file ({kind})", file=file,
                         hint=f"give {what} as a file; lic-policy does not read pipes or devices")
    fh = os.fdopen(fd, "rb")
    try:
        with fh:
            size = st.st_size
            if size > max_size:
                raise TooLarge(f"file is {size:,} bytes, over the {max_size:,}-byte limit", file=file, hint=hint)
            # a buffer the size of the file, not of the limit; a file that grows meanwhile is read
            # on, up to the limit
            data = fh.read(size + 1)
            if len(data) > size:
                data += fh.read(max_size + 1 - len(data))
            if check is not None and len(data) <= max_size:
                data = check(file, data, lambda: os.fstat(fh.fileno()))
                if data is None:
                    return None  # read again
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", file=file) from None
    if len(data) > max_size:
        raise TooLarge(f"file is over the {max_size:,}-byte limit", file=file, hint=hint)
    if not data and not allow_empty:
        raise InputError("the file is empty", file=file, hint=f"check that this is {what}")
    refuse_lfs_pointer(data, file)
    return data


_LFS_POINTER = re.compile(rb"version https://git-lfs\.github\.com/spec/v1\r?\noid sha256:[0-9a-f]{64}\r?\nsize [0-9]+\r?\n?")


def is_lfs_pointer(data: bytes) -> bool:
    """A Git LFS pointer: the three lines a clone without Git LFS holds for a file stored
    with it (at most 1024 bytes, by the LFS specification)."""
    return len(data) <= 1024 and data.startswith(b"version https://git-lfs") and _LFS_POINTER.match(data) is not None


def refuse_lfs_pointer(data: bytes, file: str, hint: str = "") -> None:
    """A Git LFS pointer read where a file was meant: every reader blamed the file ('a
    guideline is a YAML mapping, but this file holds a str', 'not a zip archive (save the file
    again)'), and an .md or .html pointer was imported as a guideline titled 'Lfs'."""
    if is_lfs_pointer(data):
        raise InputError("a Git LFS pointer, not the file itself (this clone did not fetch the files stored "
                         "with Git LFS)", file=file,
                         hint=hint or "run `git lfs install` once and `git lfs pull` in the clone; in CI, check out "
                                      "with LFS (GitHub's actions/checkout: `lfs: true`)")


def missing(path: str | os.PathLike, what: str = "file") -> str:
    """What to tell of a path that cannot be opened because nothing is there: "no such file",
    or, for a symbolic link whose file was moved away or that leads back to itself, that (`ls`
    lists the name, so "no such file" sent people checking a path that was right)."""
    p = os.fspath(path)
    if p == "-":  # the Unix way to name standard input, which only check and fix read
        return f"no such {what}: this command reads files, not standard input ('-')"
    if not os.path.islink(p):
        return f"no such {what}" + (_meant(p) or near_name(p) or _deleted_from_git(p))
    try:
        target = os.readlink(p)
    except OSError:
        return f"no such {what}"
    try:
        os.stat(p)
    except OSError as exc:
        import errno

        if exc.errno == errno.ELOOP:
            return f"a symbolic link to {target} that leads back to itself (a loop of links)"
    return f"a symbolic link to {target}, which does not exist"


_PLACE = re.compile(r"(.+?):([0-9]+)(?::[0-9]+)?:?")
_PATTERN_CHARACTERS = re.compile(r"[*?[]")


_DRIVE = re.compile(r"[A-Za-z]:[\\/]")


def windows_path(p: str) -> Optional[str]:
    """For a path written as Windows writes it, on a system whose folders are separated by
    '/': the path as this system would write it (or the path itself where there is no telling);
    else None. A drive letter (``C:\\out``), a UNC path (``\\\\server\\share``) or backslashes
    after the name of a folder that is there (``sub\\out.md`` with ``sub/``); a file name that
    merely holds a backslash is not one."""
    if os.sep != "/" or "\\" not in p and not _DRIVE.match(p):
        return None
    if _DRIVE.match(p) or p.startswith("\\\\"):
        return p.replace("\\", "/")
    first = p.split("\\", 1)[0]
    if first in (".", "..") or (first and os.path.isdir(first)):
        return p.replace("\\", "/")
    return None


def refuse_windows_output(p: "str | os.PathLike", option: str = "") -> None:
    """An ``OutputError`` for an output path written as Windows writes it (``--out C:\\out``
    made a folder called 'C:\\out' beside the guideline), unless it is there already."""
    from .errors import OutputError, shell_word

    shown = str(p)
    posix = windows_path(shown)
    if posix is None or os.path.lexists(shown):
        return
    raise OutputError(f"{(option + ' ') if option else ''}{shown} is a Windows path; on this system the folders are "
                      "separated by '/'", file=shown,
                      hint=f"give it as {shell_word(posix)}" if not _DRIVE.match(shown) and not shown.startswith(
                          "\\\\") else "give a path on this computer, with '/' between the folders, e.g. "
                                         + shell_word(posix.split("/")[-1] or "out"))


def _meant(p: str) -> str:
    """For a path given with something around the file's name, what it holds and the file meant,
    as a clause to add to "no such file"; else ''. A place copied from a report line
    (``g.yaml:32:72``), a slash after a file's name (``g.yaml/``), a file:// address copied from
    a browser, a '~' or a pattern the shell did not expand (given in quotes)."""
    from .errors import shell_word

    m = _PLACE.fullmatch(p)
    if m and os.path.isfile(m.group(1)):
        return (f": {p} is a place in {m.group(1)} (file:line:column, as the reports write it); give the file "
                f"alone, {shell_word(m.group(1))}")
    if p.lower().startswith("file:/"):  # file:///a/b, or file:/a/b as a path option reads it
        from urllib.parse import unquote, urlsplit

        local = unquote(urlsplit(p).path)
        if local and os.path.exists(local):
            return f": that is a file:// address; give the path, {shell_word(local)}"
    if "\\" in p and os.sep == "/" and os.path.exists(p.replace("\\", "/")):
        return f": a Windows path; on this system the folders are separated by '/': {shell_word(p.replace(chr(92), '/'))}"
    if os.sep == "/" and _DRIVE.match(p):  # C:\\Users\\me\\g.yaml: no such path here, whatever follows
        return ": a Windows path (a drive letter); on this system the folders are separated by '/' and there are no " \
               "drive letters"
    base = re.sub(r"(?:/\.?)+$", "", p)
    if base != p and base and os.path.isfile(base):
        return f": {base} is a file, not a folder (leave out the '/' at its end)"
    if p.startswith("~"):
        home = os.path.expanduser(p)
        if home != p and os.path.exists(home):
            return f": the shell did not expand '~' (it was in quotes); the path is {shell_word(home)}"
    if _PATTERN_CHARACTERS.search(p):
        import glob

        hits = sorted(glob.glob(p))[:2]
        if hits:
            return (f": the shell did not expand the pattern (it was in quotes); it matches {shell_word(hits[0])}"
                    f"{' and more' if len(hits) > 1 else ''} (give the files without quotes, or their folder)")
    return ""


def _deleted_from_git(p: str) -> str:
    """For a name that is not there but that git has at HEAD (deleted from the work tree by
    hand or with `git rm`), that, as a clause to add to "no such file"; else ''. Asked of git
    only on the way to that error, and never for long."""
    import shutil
    import subprocess

    folder, name = os.path.split(p)
    if not name or name in (".", "..") or not os.path.isdir(folder or ".") or shutil.which("git") is None:
        return ""
    try:
        proc = subprocess.run(["git", "cat-file", "-e", "--end-of-options", f"HEAD:./{name}"], cwd=folder or ".",
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=5)
    except (OSError, subprocess.SubprocessError, ValueError):
        return ""
    if proc.returncode != 0:
        return ""
    from .errors import shell_word

    return (f": it was deleted from the work tree, and git still has it (`git restore --staged --worktree "
            f"{shell_word(p)}` brings it back)")


NEAR_NAMES_READ = 10_000
"""How many names of a folder ``near_name`` reads at most (a folder of a million files is
not listed to say what a typo meant)."""


def near_name(p: str) -> str:
    """For a name that is not there, the name in its folder that reads the same to a person:
    the same letters in another Unicode form (``café`` typed, ``cafe`` + U+0301 saved on a Mac
    or unpacked from its zip), other capitals, spaces at its ends (pasted with the name);
    as a clause to add to "no such file", or ''."""
    import unicodedata

    folder, name = os.path.split(p)
    if not name or name in (".", ".."):
        return ""

    def key(n: str) -> str:
        return unicodedata.normalize("NFC", n)

    want = key(name)
    found = ""
    try:
        with os.scandir(folder or ".") as entries:
            for i, entry in enumerate(entries):
                if i >= NEAR_NAMES_READ:
                    break
                other = entry.name
                if other == name:
                    continue
                if key(other) == want:
                    found, how = other, "the same letters in another Unicode form (as a Mac writes accents)"
                    break
                if not found and key(other).casefold() == want.casefold():
                    found, how = other, "differs only in capitals"
                elif not found and other.strip() == name.strip():
                    found, how = other, "differs only in spaces at its ends"
    except (OSError, ValueError):
        return ""
    if not found:
        return ""
    shown = text_name(os.path.join(folder, found))
    shown = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in shown)
    return f"; there is {shown!r}, whose name {how}" if how.startswith("differs") else \
        f"; there is {shown!r}, whose name is {how}"


def read_text(path: str | os.PathLike, *, max_size: Optional[int] = None, what: Optional[str] = None,
              hint: Optional[str] = None) -> str:
    """Read a UTF-8 text file, refusing what is not one, with a one-line reason (``what`` the
    file is and the ``hint`` for one too large, as ``read_bytes`` takes them)."""
    named = {k: v for k, v in (("what", what), ("hint", hint)) if v is not None}
    return decode(read_bytes(path, max_size=max_size, **named), str(path))


def wide_encoding(raw: bytes) -> str:
    """"UTF-16" or "UTF-32" when ``raw`` is text in one of them (a byte-order mark, or the NUL
    bytes every other byte of ASCII text has in UTF-16), else "". The one answer for every
    reader that refuses or decodes such text (``decode``; ``config`` reading a pyproject.toml);
    a file with neither a NUL byte in its first 200 bytes nor a UTF-16 byte-order mark is
    answered at once."""
    if b"\x00" not in raw[:200] and raw[:2] not in (b"\xff\xfe", b"\xfe\xff"):
        return ""
    if raw[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        return "UTF-32"
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "UTF-16"
    head = raw[:200]
    if len(head) >= 8 and len(head) % 4 == 0 and any(
            sum(head[i::4].count(0) for i in zeros) == len(zeros) * len(head) // 4
            for zeros in ((1, 2, 3), (0, 1, 2))):  # ASCII in UTF-32, little- or big-endian, no mark
        return "UTF-32"
    if len(head) >= 8 and len(head) % 2 == 0 and (head[1::2].count(0) == len(head) // 2
                                                   or head[0::2].count(0) == len(head) // 2):
        return "UTF-16"
    return ""


# a word processor's file or a PDF given where a guideline or text is read (`check draft.docx`,
# the first thing someone with a Word draft tries): what it is, and the way to a guideline
_DOCUMENTS = ((b"PK\x03\x04", {".docx": "a Word document (.docx)", ".odt": "a LibreOffice document (.odt)",
                                 ".docm": "a Word document (.docm)"}, "a zip archive"),
              (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", {}, "a Word 97-2003 document (.doc)"),
              (b"%PDF-", {}, "a PDF"),
              (b"{\\rtf", {}, "a rich-text document (.rtf)"))


def _zip_kind(raw: bytes) -> Optional[tuple[str, str]]:
    """(what, the suffix its name should have) of a Word or LibreOffice file under another
    name (`draft.yaml` that is a .docx): the zip's list of members says which (Word's
    word/document.xml, LibreOffice's `mimetype` naming a text document); None for another zip
    (a spreadsheet, a folder zipped). Of a file cut short (the first bytes only), the first
    member's name, which Word writes as [Content_Types].xml and LibreOffice as `mimetype`."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            names = set(z.namelist())
            mimetype = z.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, NotImplementedError, RuntimeError, EOFError):
        names, mimetype = set(), b""
        if len(raw) >= 30:
            n = int.from_bytes(raw[26:28], "little")
            names.add(raw[30:30 + n].decode("latin-1"))
            if raw[30:30 + n] == b"mimetype":
                mimetype = raw[30 + n + int.from_bytes(raw[28:30], "little"):][:100]
    if mimetype.startswith(b"application/vnd.oasis.opendocument.text") and not mimetype.startswith(
            b"application/vnd.oasis.opendocument.text-"):
        return "a LibreOffice document (.odt)", ".odt"
    if "word/document.xml" in names or names == {"[Content_Types].xml"}:
        return "a Word document (.docx)", ".docx"
    return None


def document_kind(raw: bytes, file: str) -> Optional[tuple[str, str]]:
    """(what the file is, how to make a guideline of it) for a word processor's file or a PDF.
    ``raw`` is the file (or its first bytes: a Word file renamed `.yaml` is told from another
    zip by its members; eight bytes tell the rest)."""
    from .errors import shell_word

    suffix = os.path.splitext(file)[1].lower()
    for magic, by_suffix, default in _DOCUMENTS:
        if raw.startswith(magic):
            kind = by_suffix.get(suffix, default)
            if suffix in (".docx", ".odt", ".docm"):
                return kind, (f"import it first: `lic-policy import {shell_word(file)}` writes a "
                              "guideline (.yaml) to check, review and publish")
            if kind == "a zip archive":
                inside = _zip_kind(raw)
                if inside is None:
                    return None
                renamed = os.path.splitext(file)[0] + inside[1]
                return (f"{inside[0]} under the name {os.path.basename(file)}",
                        f"rename it {shell_word(os.path.basename(renamed))}, then `lic-policy import "
                        f"{shell_word(renamed)}` writes a guideline (.yaml) to check, review and publish")
            if kind == "a PDF":
                return kind, "import the document it was made from (.docx or .odt) with `lic-policy import`"
            return kind, "save it as .docx in Word or LibreOffice, then `lic-policy import` the .docx"
    return None


_SAVE_AS_UTF8 = ("save it as UTF-8: in Word, Save As > Plain Text, then Text encoding: Other encoding > "
                 "Unicode (UTF-8); in Notepad, Encoding: UTF-8")
"""How to save a Windows-1252 or Latin-1 file again as UTF-8, in the two editors that write them."""


def decode(raw: bytes, file: str) -> str:
    document = document_kind(raw, file)
    if document is not None:
        raise InputError(f"{document[0]}, not a guideline or a text file", file=file, hint=document[1])
    wide = wide_encoding(raw)
    if wide:
        raise InputError(f"the file is {wide} text, not UTF-8", file=file, line=1, column=1,
                         hint="save it as UTF-8 (in Notepad: File > Save As, Encoding: UTF-8)")
    if b"\x00" in raw:
        offset = raw.index(b"\x00")
        line = raw.count(b"\n", 0, offset) + 1
        col = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
        raise InputError("binary file (NUL byte)", file=file, line=line, column=col,
                         hint="guidelines are UTF-8 text files")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start
        line = raw.count(b"\n", 0, offset) + 1
        line_start = raw.rfind(b"\n", 0, offset) + 1
        col = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
        byte = raw[offset]
        if 0x80 <= byte <= 0x9F:
            # smart quotes, bullets and dashes of the Windows-1252 encoding Word's plain-text
            # export uses by default (these bytes are never text in Latin-1 or UTF-8)
            try:
                char = bytes([byte]).decode("cp1252")
            except UnicodeDecodeError:
                char = ""
            if char:
                raise InputError(
                    f"invalid UTF-8 (byte 0x{byte:02x}: '{char}' in Windows-1252, the encoding Word uses "
                    "for plain text unless told otherwise)", file=file, line=line, column=col,
                    hint=_SAVE_AS_UTF8)
        if (byte >= 0xA0 and bytes([byte]).decode("cp1252", errors="ignore").isalpha()
                and offset and chr(raw[offset - 1]).isalpha() and raw[offset - 1] < 0x80):
            # an accented letter of Windows-1252 or Latin-1 (they agree from 0xA0 up) inside a
            # word, with no smart quote before it to say which ("caf\xe9"); a stray byte elsewhere
            # keeps the plain message
            raise InputError(
                f"invalid UTF-8 (byte 0x{byte:02x}: '{bytes([byte]).decode('cp1252')}' in Windows-1252 or "
                "Latin-1, the encodings older editors save in)", file=file, line=line, column=col,
                hint=_SAVE_AS_UTF8) from None
        raise InputError(
            f"invalid UTF-8 (byte 0x{byte:02x})", file=file, line=line, column=col,
            hint="save the file as UTF-8",
        ) from None


# --------------------------------------------------------------------------- problems


@dataclass(frozen=True)
class Issue:
    """A validation problem at a place in a file."""

    file: str
    line: int
    column: int
    message: str
    hint: str = ""
    code: str = "schema"
    path: tuple = ()

    def one_line(self) -> str:
        text = f"{self.file}:{self.line}:{self.column}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class ValidationFailed(LicPolicyError):
    """The file parsed but breaks the schema or the model's rules (exit code 1)."""

    exit_code = 1

    def __init__(self, issues: list[Issue]):
        first = issues[0]
        super().__init__(first.message, file=first.file, line=first.line, column=first.column, hint=first.hint)
        self.issues = issues


# --------------------------------------------------------------------------- document


class Document:
    """A guideline file as loaded: source, data, positions, model and problems."""

    def __init__(self, file: str, text: str, data: Any, positions: Optional[dict[tuple, Span]],
                 positions_from: Optional[Callable[[], dict[tuple, Span]]] = None):
        self.file = file
        self.text = text
        self.data = data
        self._positions = positions  # None: composed from the text when first asked for
        self._positions_from = positions_from  # the reader that read the data can give them
        self.guideline: Optional[Guideline] = None  # set by validate()
        self.issues: list[Issue] = []
        self._line_starts: Optional[list[int]] = None
        self._maps: dict[tuple, list[int]] = {}

    # ---------------------------------------------------------------- positions

    @property
    def positions(self) -> dict[tuple, Span]:
        """Path -> ``Span`` of every node. ``parse(..., positions=False)`` leaves them out
        (most checked files have no finding to place); they are composed here on first use."""
        if self._positions is None:
            again, self._positions_from = self._positions_from, None
            self._positions = again() if again is not None else compose_positions(self.text, self.file)[1]
        return self._positions

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            self._line_starts = line_starts_of(self.text)
        return self._line_starts

    def index_to_linecol(self, index: int) -> tuple[int, int]:
        """0-based code-point index → 1-based (line, column); a byte-order mark takes no
        column (an editor does not show it)."""
        return linecol(self.text, self.line_starts, index)

    def span(self, path: Iterable) -> Optional[Span]:
        """The span of the node at ``path``, or of its nearest existing ancestor."""
        path = tuple(path)
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path)

    def where(self, path: Iterable, *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the node at ``path`` (of its key when ``key``)."""
        path = tuple(path)
        exact = path in self.positions
        sp = self.span(path)
        if sp is None:
            return 1, 1
        if key and exact and sp.key_line >= 0:
            return sp.key_line + 1, sp.key_col + 1
        return sp.line + 1, sp.col + 1

    def value_at(self, path: Iterable) -> Any:
        node = self.data
        for part in path:
            node = node[part]
        return node

    def offset_map(self, path: tuple) -> list[int]:
        """For the string scalar at ``path``: source index of each character of its value.

        Works for every scalar style: plain and quoted scalars (with line folding and
        escapes) and literal/folded block scalars (with their indentation).
        """
        cached = self._maps.get(path)
        if cached is not None:
            return cached
        sp = self.positions[path]
        value = self.value_at(path)
        if not isinstance(value, str):
            value = str(value)
        text = self.text
        if "\r" in text:  # a lone CR ends a line as LF does: align on a copy with LF for it (same length)
            text = self.__dict__.get("_lf_text") or self.__dict__.setdefault(
                "_lf_text", _LONE_CR.sub("\n", text) if _LONE_CR.search(text) else text)
        mapping = _align(value, text, sp)
        self._maps[path] = mapping
        return mapping

    def locate(self, path: Iterable, offset: int = 0) -> tuple[int, int]:
        """1-based (line, column) in the file of character ``offset`` of the scalar at ``path``."""
        path = tuple(path)
        if path not in self.positions:
            return self.where(path)
        mapping = self.offset_map(path)
        if not mapping:
            return self.where(path)
        if offset >= len(mapping):
            index = mapping[-1] + 1
        else:
            index = mapping[max(0, offset)]
        return self.index_to_linecol(index)

    # ---------------------------------------------------------------- validation

    def validate(self) -> "Document":
        """Validate against the model; fills ``guideline`` (when types pass) and ``issues``."""
        from .model.guideline import Guideline

        self.issues = []
        self._require_mapping()
        from pydantic import ValidationError

        try:
            self.guideline = Guideline.model_validate(self.data)
        except ValidationError as exc:
            self.guideline = None
            self.issues.extend(self._pydantic_issues(exc))
            self.issues.sort(key=lambda i: (i.line, i.column))
            return self
        self._model_issues(self.guideline)
        return self

    def validation_issues(self) -> list[Issue]:
        """The problems ``validate`` finds, the same ones, without building the pydantic model
        when the data is plainly well-formed (``model.shape.light_guideline``: most files;
        about 100 ms less for a single-file check). ``guideline`` is not set by this."""
        from .model.shape import light_guideline

        light = light_guideline(self.data) if isinstance(self.data, dict) else None
        if light is None:  # not sure, not a mapping: pydantic finds and words the problems
            return self.validate().issues
        self.issues = []
        self._model_issues(light)
        return self.issues

    def _require_mapping(self) -> None:
        if not isinstance(self.data, dict):
            kind = "empty" if self.data is None else type(self.data).__name__
            raise InputError(
                f"a guideline is a YAML mapping, but this file holds {'nothing' if kind == 'empty' else 'a ' + kind}",
                file=self.file, line=1, column=1,
                hint="start from `lic-policy init` or a sample in guidelines/",
            )

    def _model_issues(self, guideline: Any) -> None:
        """Add the model rules' problems (``rules.check_model``) to ``issues``, sorted."""
        from .model.rules import check_model

        for problem in check_model(guideline):
            line, col = self.where(problem.path)
            message = problem.message
            if problem.related is not None:
                message += f" (first used at line {self.where(problem.related)[0]})"
            self.issues.append(Issue(self.file, line, col, message, problem.hint, problem.code, problem.path))
        if may_hold_hidden_characters(self.text):
            self._character_issues(self.data, ())
        self._comment_issues()
        self._anchor_issues()
        self.issues.sort(key=lambda i: (i.line, i.column))

    def _value_or_none(self, path: tuple) -> Any:
        try:
            return self.value_at(path)
        except (KeyError, IndexError, TypeError):
            return None

    def _anchor_issues(self) -> None:
        """``key: &Word more words``: YAML reads '&Word' as an anchor (a name for the value),
        and the text as the words after it — 'purpose: &Safety first' was 'first', the word
        dropped without a word. An anchor that an alias (``*Word``) uses is meant."""
        text = self.text
        if "&" not in text:
            return
        texts: Optional[list] = None  # the spans of the file's texts: a line inside one is its words
        for m in _ANCHOR_TEXT.finditer(text):
            name = m.group(2)
            if re.search(r"\*" + re.escape(name) + r"(?![^\s\[\]{},])", text):
                continue
            if texts is None:
                texts = [(sp.start, sp.end) for path, sp in self.positions.items()
                         if sp.style not in ("map", "seq", "alias") and isinstance(self._value_or_none(path), str)]
            at = m.start(2) - 1
            if any(a < at < b for a, b in texts):  # a real anchor begins its node's span
                continue
            line, col = self.index_to_linecol(m.start(2) - 1)
            self.issues.append(Issue(
                self.file, line, col, f"'&{name}' is read as a YAML anchor (a name for the text), not as words: "
                f"the text starts after it",
                "put the whole text in quotes, write it as a block ('|' and the text on the lines below, indented), "
                "or write 'and'",
                "text-cut-by-anchor"))

    def _comment_issues(self) -> None:
        """A plain (unquoted) text followed on its line by ``#`` and a word (``priority #1``,
        a hashtag): YAML reads it as a comment, and the rest of the sentence was silently
        dropped — valid, checked and published cut short. A comment written ``# note`` (a
        space after the sign, as comments are written) is left alone."""
        if _HASH_WORD.search(self.text) is None:  # most files: no positions composed for this
            return
        text = self.text
        for path, sp in self.positions.items():
            if sp.style is not None or not path:
                continue
            value = self._value_or_none(path)
            if not isinstance(value, str) or not value:
                continue
            m = _COMMENT_AFTER.match(text, sp.end)
            if m is None:
                continue
            line, col = self.index_to_linecol(m.start(1))
            shown = m.group(1) if len(m.group(1)) <= 30 else m.group(1)[:29] + "…"
            kept = value if len(value) <= 40 else "…" + value[-39:]
            self.issues.append(Issue(
                self.file, line, col, f"'{shown}' is read as a YAML comment, so the text ends at {kept!r}",
                "put the whole text in quotes, or write it as a block ('|' and the text on the lines below, "
                "indented); if it is a comment, put a space after '#'", "text-cut-by-comment", path))

    def _character_issues(self, value: Any, path: tuple) -> None:
        """A text holding a control character or a direction override: a double-quoted YAML
        string can hold any ("\\e[2J", "\\u202E"), and publish wrote them into every page (a
        terminal showing the .md ran the escape; U+202E made a clause read backwards)."""
        if isinstance(value, str):
            run = mark_run(value)
            if run is not None:
                line, col = self.where(path)
                message, hint = mark_run_message(run[1])
                self.issues.append(Issue(self.file, line, col, message, hint, "text-characters", path))
            what = unshowable_in(value)
            if what is not None:
                line, col = self.where(path)
                self.issues.append(Issue(self.file, line, col, f"the text holds {what}",
                                         "delete it: it is invisible, and in a published page or a terminal it hides "
                                         "or reorders words", "text-characters", path))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                self._character_issues(v, path + (i,))
        elif isinstance(value, dict):
            for k, v in value.items():
                self._character_issues(v, path + (k,))

    def _pydantic_issues(self, exc: Any) -> list[Issue]:
        issues: list[Issue] = []
        seen: set[tuple] = set()
        errors = exc.errors(include_url=False)
        more = len(errors) - MAX_ISSUES
        if more > 0:
            # a generated or broken file (700,000 unknown keys) gets a readable answer, fast
            errors = errors[:MAX_ISSUES]
            issues.append(Issue(self.file, 1, 1, f"{len(errors) + more:,} problems in all; only the first "
                                f"{MAX_ISSUES} are listed", "is this file a guideline? fix the first ones and "
                                "validate again", "too-many-problems"))
        # A misspelt key shows up twice: unknown 'titel' and missing 'title'. Keep one.
        typo_for: set[tuple] = set()
        for err in errors:
            if err["type"] == "extra_forbidden":
                loc = tuple(err["loc"])
                import difflib

                close = difflib.get_close_matches(str(loc[-1]), _allowed_fields(loc[:-1]), n=1, cutoff=0.6)
                if close:
                    typo_for.add(loc[:-1] + (close[0],))
        for err in errors:
            if err["type"] == "missing" and tuple(err["loc"]) in typo_for:
                continue
            loc = tuple(err["loc"])
            # pydantic adds tagged-union / enum wrappers as str parts that are not fields
            path = tuple(p for p in loc if isinstance(p, int) or not str(p).startswith("function-"))
            etype = err["type"]
            # a key is shown as messages show names: a line break, ESC or a direction control
            # as its symbol (hostile25: `"a\n\e]0;T\a": x` split the line and retitled the window)
            field_name = text_name(str(path[-1])) if path else ""
            if etype == "extra_forbidden":
                allowed = _allowed_fields(path[:-1])
                import difflib

                close = difflib.get_close_matches(field_name, allowed, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else (
                    "allowed here: " + ", ".join(allowed) if allowed else "remove it")
                line, col = self.where(path, key=True)
                issues.append(Issue(self.file, line, col, f"unknown field '{field_name}'", hint, "unknown-field", path))
            elif etype == "missing":
                line, col = self.where(path[:-1], key=True)
                where = text_name(".".join(str(p) for p in path[:-1])) or "the top level"
                issues.append(Issue(self.file, line, col, f"missing required field '{field_name}' in {where}",
                                    f"add '{field_name}:'", "missing-field", path))
            else:
                line, col = self.where(path)
                got = err.get("input")
                shown = _short(got)
                message = err["msg"]
                hint = "see schemas/guideline.schema.json"
                if etype == "enum":
                    expected = err.get("ctx", {}).get("expected", "")
                    message = f"{shown} is not allowed here; expected {expected}"
                elif etype == "string_type" and not isinstance(got, str):
                    # a date, a number, true or an empty value where a text goes: said as the
                    # writer wrote it (not ``got datetime.date(2026, 1, 1)`` or ``got 10.0`` for
                    # 010), with the fix
                    message, hint = self._not_text(path, got)
                elif (etype == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == r"\S") or \
                        (etype == "string_too_short" and got == ""):
                    # a title or text of blank space (or none): pydantic's "String should have at
                    # least 1 character" or "should match pattern '\S'" said nothing of the fix
                    dotted = text_name(".".join(map(str, path)))
                    if (line, col, "blank") not in seen:
                        seen.add((line, col, "blank"))
                        issues.append(Issue(self.file, line, col, f"{dotted} is blank: it has no words",
                                            "write its words: blank text shows as nothing where the guideline is read",
                                            "type", path))
                    continue
                elif etype in ("model_type", "dict_type") and not isinstance(got, (dict, list)) \
                        and _model_at(path) is not None:
                    # `scope: These guidelines apply …`, written as `purpose:` is, or an owner as
                    # `- Director of …`: pydantic's "Input should be a valid dictionary or instance
                    # of Scope" named a class and a schema in lic-policy's repository (ux30)
                    message, hint = _not_fields(path, got)
                    issues.append(Issue(self.file, line, col, message, hint, "type", path))
                    continue
                elif etype == "string_pattern_mismatch":
                    message = f"{shown} does not have the expected form"
                    hint = _pattern_hint(path)
                else:
                    message = f"{message}, got {shown}"
                    if etype.startswith(("date", "datetime")):
                        hint = "write dates as YYYY-MM-DD, e.g. 2026-03-01"
                    elif etype == "list_type":
                        hint = "write a list: [a, b] or one '- item' per line"
                key = (line, col, message)
                if key in seen:
                    continue
                seen.add(key)
                issues.append(Issue(self.file, line, col, f"{'.'.join(map(str, path))}: {message}", hint, "type", path))
        return issues

    def _aliases_of(self, path: tuple, value: str) -> list[tuple]:
        """The paths of the YAML aliases (``*p``) of the anchored text at ``path`` (``&p``)."""
        sp = self.positions.get(path)
        if sp is None or not self.text.startswith("&", sp.start):
            return []
        name = self.text[sp.start + 1:sp.end].split(None, 1)[0]
        return [q for q, s in self.positions.items() if s.style == "alias" and q != path
                and self.text[s.start + 1:s.end].strip() == name and self.value_at(q) == value]

    def _not_text(self, path: tuple, value: Any) -> tuple[str, str]:
        sp = self.positions.get(path)
        return not_text(value, self.text[sp.start:sp.end] if sp is not None and sp.style not in (
            "map", "seq", "alias") and 0 <= sp.start <= sp.end else "")

    # ---------------------------------------------------------------- editing

    def replace_text(self, path: Iterable, value: str) -> str:
        """Return the source with the string scalar at ``path`` replaced by ``value``.

        Only that scalar's characters change; its YAML style is kept where the new value
        allows it. The result is parsed again to prove the new value reads back exactly.
        """
        path = tuple(path)
        sp = self.positions.get(path)
        if sp is not None and sp.style == "alias" and isinstance(self.value_at(path), str):
            written = self.text[sp.start:sp.end].strip()
            raise InputError(f"{'.'.join(map(str, path))} is written as a YAML alias ({written}) of a text written "
                             "elsewhere; a change here would change that text too", file=self.file,
                             line=sp.line + 1, column=sp.col + 1,
                             hint=f"write the text out in place of {written}, then run the command again")
        if sp is None or sp.style in ("map", "seq", "alias"):
            raise InputError(f"no text field at {'.'.join(map(str, path))}", file=self.file,
                             hint="edits replace a text field of the guideline")
        if "\r" in self.text and "\n" not in self.text:
            # every line ends in a lone CR (classic Mac OS): edit it as LF text — one character
            # for one, so every position stays — and give the lines their CR back
            lf = Document.__new__(Document)
            lf.__dict__.update(self.__dict__)
            lf.text = self.text.replace("\r", "\n")
            return lf.replace_text(path, value).replace("\n", "\r")
        start, end = sp.start, _scalar_end(self.text, sp)
        spliced = self._splice(path, sp, value, start, end)
        if spliced is not None:
            return spliced
        indent = _line_indent(self.text, self.line_starts, sp)
        newline = newline_of(self.text)
        for style in _style_preference(sp.style, value):
            rendered = render_scalar(value, style, indent, sp.key_col if sp.key_col >= 0 else None)
            if rendered is None:
                continue
            if self.text[start:end].endswith("\n") and not rendered.endswith("\n"):
                rendered += "\n"  # a block scalar owned its line break; a flow scalar must keep it
            if "\r" in self.text[start:end]:
                # the scalar's lines keep their own endings (a file edited on Windows and on
                # Linux mixes them): each line that is the same, or takes the place of one,
                # ends as that line did; new lines end as most of the file's lines do
                rendered = _keep_line_ends(self.text[start:end], rendered, newline)
            elif newline != "\n":
                rendered = rendered.replace("\n", newline)  # the new lines end as the file's lines do
            new_text = self.text[:start] + rendered + self.text[end:]
            try:
                node = compose_data(new_text, self.file)
                for part in path:
                    node = node[part]
            except (LicPolicyError, KeyError, IndexError, TypeError):
                continue
            if node == value:
                return new_text
        raise InputError(f"cannot write the new text of {'.'.join(map(str, path))} safely", file=self.file,
                         hint="report this as a bug with the text you tried to write")


    def _splice(self, path: tuple, sp: Any, value: str, lo: int, hi: int) -> Optional[str]:
        """The source with only the characters of the scalar at ``path`` that change written
        anew (in its style), every other character of it as it was — its escapes
        (``\\u00e9``), folded line breaks and quoting included; None where that cannot be
        done (the whole scalar is written again then). A fix that changed one word of a
        double-quoted purpose wrote its other escapes as the characters they stand for."""
        old = self.value_at(path)
        if not isinstance(old, str) or old == value:
            return None
        mapping = self.offset_map(path)
        if len(mapping) != len(old):
            return None
        limit = min(len(old), len(value))
        p = common_prefix(old, value, limit)
        t = common_suffix(old, value, limit - p)
        changes = [(p, len(old) - t, p, len(value) - t)]
        if len(old) - t - p <= 100_000 and len(value) - t - p <= 100_000:
            import difflib  # each changed stretch on its own (two fixes in one field)

            matcher = difflib.SequenceMatcher(None, old[p:len(old) - t], value[p:len(value) - t], autojunk=False)
            changes = [(p + i1, p + i2, p + j1, p + j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]
        new_text = self.text
        for i1, i2, j1, j2 in reversed(changes):
            middle = value[j1:j2]
            if "\n" in middle or "\r" in middle or i1 >= len(old):
                return None
            start = mapping[i1]
            if i2 < len(old):
                end = mapping[i2]
            elif i2 > i1 and self.text[mapping[i2 - 1]:mapping[i2 - 1] + 1] == old[i2 - 1]:
                end = mapping[i2 - 1] + 1
            else:
                return None
            if not lo <= start <= end <= hi:
                return None
            if sp.style == '"':
                middle = "".join(f"\\{c}" if c in '"\\' else c if c.isprintable() and c not in "\u2028\u2029\x85\ufeff"
                                 else f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}" for c in middle)
            elif not all(c.isprintable() and c not in "\u2028\u2029\x85\ufeff" for c in middle):
                return None  # written escaped: in double quotes, as ``render_scalar`` writes them
            elif sp.style == "'":
                middle = middle.replace("'", "''")
            new_text = new_text[:start] + middle + new_text[end:]
        try:
            data = compose_data(new_text, self.file)
            parent = data
            for part in path[:-1]:
                parent = parent[part]
            if parent[path[-1]] != value:
                return None
            parent[path[-1]] = old  # and nothing else read differently
            same = data == self.data
            if not same:
                # but the aliases of this text (``scope.text: *p`` of ``purpose: &p …``): they are
                # the same text, so they read the new one too
                for q in self._aliases_of(path, old):
                    node = data
                    for part in q[:-1]:
                        node = node[part]
                    node[q[-1]] = old
                same = data == self.data
            parent[path[-1]] = value
        except (LicPolicyError, KeyError, IndexError, TypeError):
            return None
        return new_text if same else None


def _keep_line_ends(old: str, new: str, newline: str) -> str:
    """``new`` (lines ending in LF) with each line's ending taken from ``old``'s line it
    matches or replaces one for one; other lines end in ``newline``. A line with no ending
    (the last, in a flow scalar) stays so."""
    import difflib

    old_lines = old.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    strip = [x.rstrip("\r\n") for x in old_lines]
    ends = [x[len(x.rstrip("\r\n")):] for x in old_lines]
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, strip, [x.rstrip("\n") for x in new_lines],
                                                       autojunk=False).get_opcodes():
        for k, j in enumerate(range(j1, j2)):
            line = new_lines[j]
            if not line.endswith("\n"):
                out.append(line)
                continue
            i = i1 + k
            end = ends[i] if i < i2 and ends[i] else newline
            out.append(line[:-1] + end)
    return "".join(out)


def newline_of(text: str) -> str:
    """The line ending most lines of ``text`` use: CRLF or LF (LF when it has no line break).
    Edits write their new lines with it, so a Windows file stays a Windows file."""
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf * 2 >= text.count("\n") else "\n"


def not_text(value: Any, source: str = "") -> tuple[str, str]:
    """The message and hint for a value YAML reads as something other than a text (a date, a
    number, true/false, nothing, a list or a mapping) where a text goes; ``source``: the
    value as written in the file. Said as the writer wrote it, not as Python shows it
    (``got datetime.date(2026, 1, 1)``, ``got 10.0`` for 010), with the fix."""
    import datetime

    written = source.split("\n")[0].strip()
    while written[:1] in ("!", "&"):  # a tag or an anchor before the value
        written = written.partition(" ")[2].lstrip()
    if isinstance(value, (list, dict)):
        what = "a list" if isinstance(value, list) else "a mapping"
        return (f"a text is needed here, not {what}",
                "write one text after the colon, in quotes if it holds a colon, brackets or braces")
    if value is None:
        return ("a text is needed here, but the value is empty",
                "write the text after the colon, or remove the field if it is optional")
    what = ("a yes-or-no value" if isinstance(value, bool) else
            "a date" if isinstance(value, (datetime.date, datetime.datetime)) else
            "a time" if isinstance(value, datetime.time) else
            "a number" if isinstance(value, (int, float)) else "something other than a text")
    if not written or len(written) > 60 or "'" in written:
        return f"a text is needed here, but YAML reads the value as {what}", "put the value in quotes"
    return f"a text is needed here, but YAML reads {written} as {what}", f"put it in quotes: '{written}'"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_PATTERN_HINTS = {
    "id": "ids are lowercase words joined by dots, e.g. response.violence.1",
    "version": "use a version like 1, 1.2 or 1.2.0",
    "languages": "use a language tag such as en, fr or fr-CA",
}


def _pattern_hint(path: tuple) -> str:
    for part in reversed(path):
        if isinstance(part, str):
            for key, hint in _PATTERN_HINTS.items():
                if key in part:
                    return hint
            if part in ("refs", "audience", "services", "see"):
                return _PATTERN_HINTS["id"]
            break
    return "see schemas/guideline.schema.json"


def _not_fields(path: tuple, value: Any) -> tuple[str, str]:
    """The message and hint for one value (a text, a number, nothing) where a mapping of named
    fields goes: which fields, and the value written under the one it most likely is."""
    import typing

    model = _model_at(path)
    fields = model.model_fields
    names = list(fields)
    dotted = text_name(".".join(map(str, path)))

    def is_text(info) -> bool:
        tp = info.annotation
        while typing.get_origin(tp) is typing.Annotated:
            tp = typing.get_args(tp)[0]
        return tp is str or (typing.get_origin(tp) is typing.Union and str in typing.get_args(tp))

    texts = [n for n in names if is_text(fields[n])]
    # the field one line of words most likely is: a scope's text, the metadata's title, an
    # owner's role, a jurisdiction's name; else the first text it must have
    key = next((n for n in ("text", "title", "name", "role", "term") if n in names), None) \
        or next((n for n in texts if fields[n].is_required()), None) or (texts[0] if texts else names[0])
    listed = ", ".join(names[:6]) + (", …" if len(names) > 6 else "")
    if value is None:
        return (f"{dotted} is empty, but it takes named fields ({listed})",
                f"write its fields under it, indented (`{key}: …`), or remove it if it is optional")
    words = text_name(" ".join(str(value).split()))
    words = words if len(words) <= 60 else words[:59] + "…"
    what = "one text" if isinstance(value, str) else "one value"
    message = f"{dotted} is written as {what}, but it takes named fields ({listed})"
    if isinstance(path[-1], int):
        return message, f"write the item as `- {key}: {words}`"
    return message, (f"put the words under a field name: `{text_name(str(path[-1]))}:` on its own line, then, "
                     f"indented under it, `{key}: {words}`")


def _model_at(path: tuple) -> Any:
    """The model class of the mapping at ``path``, or None."""
    from pydantic import BaseModel

    tp = _type_at(path)
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _allowed_fields(path: tuple) -> list[str]:
    """Field names allowed in the mapping at ``path`` (walks the model classes)."""
    model = _model_at(path)
    return list(model.model_fields) if model is not None else []


def _type_at(path: tuple) -> Any:
    """The type of the value at ``path`` (walks the model classes), or None."""
    import typing

    from pydantic import BaseModel

    from .model.guideline import Guideline

    def unwrap(tp: Any) -> Any:
        while True:
            origin = typing.get_origin(tp)
            if origin is typing.Annotated:
                tp = typing.get_args(tp)[0]
            elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
                args = [a for a in typing.get_args(tp) if a is not type(None)]
                tp = args[0] if args else tp
                if len(args) <= 1:
                    continue
                return tp
            else:
                return tp

    cls: Any = Guideline
    for part in path:
        if isinstance(part, int):
            tp = unwrap(cls)
            if typing.get_origin(tp) is list:
                cls = typing.get_args(tp)[0]
            continue
        tp = unwrap(cls)
        if not (isinstance(tp, type) and issubclass(tp, BaseModel)):
            return None
        info = tp.model_fields.get(part)
        if info is None:
            return None
        cls = info.annotation
    tp = unwrap(cls)
    if typing.get_origin(tp) is list:
        tp = unwrap(typing.get_args(tp)[0])
    return tp


# --------------------------------------------------------------------------- alignment


def _align(value: str, text: str, sp: Span) -> list[int]:
    """Map each character of a scalar's value to its index in the source.

    The value is (nearly) a subsequence of the source: indentation, folded line breaks,
    quote doubling and escapes are what lie between. Walk both, skipping what the value
    does not contain.
    """
    p = sp.start
    end = _scalar_end(text, sp)
    style = sp.style
    if style in ("|", ">"):
        nl = text.find("\n", p)
        p = end if nl == -1 else nl + 1  # content starts on the line after the header
    elif style in ("'", '"'):
        p += 1
    out: list[int] = []
    append = out.append
    last = max(sp.start, end - 1)
    for v in value:
        while p < end:
            r = text[p]
            if style == '"' and r == "\\":
                nxt = text[p + 1] if p + 1 < end else ""
                if nxt == "\n":  # escaped line break: produces nothing
                    p += 2
                    continue
                append(p)
                p += {"x": 4, "u": 6, "U": 10}.get(nxt, 2)
                break
            if style == "'" and r == "'" and v == "'":
                append(p)
                p += 2
                break
            if r == v or (v in " \n" and r in " \t\n\r"):
                append(p)
                p += 1
                break
            p += 1  # indentation, a folded line break or a quote: not in the value
        else:
            append(last)
    return out


def _scalar_end(text: str, sp: Span) -> int:
    """End index of a scalar's own text. A block scalar ends after the newline of its
    last content line, unless it keeps trailing lines (``|+``)."""
    end = sp.end
    if sp.style in ("|", ">"):
        header_end = text.find("\n", sp.start)
        header = text[sp.start:header_end if header_end != -1 else end]
        if "+" in header.split("#")[0]:
            return end
        j = end
        while j > sp.start and text[j - 1] in " \t\n\r":
            j -= 1
        nl = text.find("\n", j)
        return end if nl == -1 or nl >= end else nl + 1
    return end


def _line_indent(text: str, line_starts: list[int], sp: Span) -> int:
    """Indentation (columns) to use for continuation lines of a block scalar at ``sp``."""
    if sp.style in ("|", ">"):
        nl = text.find("\n", sp.start)
        if nl != -1:
            j = nl + 1
            # first non-empty content line gives the indentation
            while j < len(text):
                k = text.find("\n", j)
                k = len(text) if k == -1 else k
                line = text[j:k]
                if line.strip():
                    return len(line) - len(line.lstrip(" "))
                j = k + 1
    key_col = sp.key_col if sp.key_col >= 0 else sp.col
    return key_col + 2


def _style_preference(style: Optional[str], value: str) -> list[Optional[str]]:
    order: list[Optional[str]] = [style]
    if "\n" in value:
        order += ["|", '"']
    else:
        order += [None, '"']
    seen: list[Optional[str]] = []
    for s in order:
        if s not in seen and s not in ("map", "seq", "alias"):
            seen.append(s)
    return seen


_YAML_ESCAPED = lazy_re.compile("[\ufeff\u2028\u2029\x7f-\x9f\ufffe\uffff]")
"""Characters a double-quoted scalar writes as ``\\uXXXX`` (``render_scalar``)."""


def render_scalar(value: str, style: Optional[str], indent: int, parent: Optional[int] = None) -> Optional[str]:
    """Render ``value`` as a YAML scalar in ``style``; None where the style cannot hold it.
    ``parent``: the indentation of the mapping the scalar is a value of, which a block scalar
    whose first line starts with a space needs (its header then says how far its lines are
    indented: ``|2``)."""
    import json

    pad = " " * indent
    if "\ufeff" in value and style != '"':
        return None  # written as is it would be a byte order mark inside the file: only "\ufeff" holds it
    if style is None:
        if "\n" in value or value != value.strip() or not value:
            return None
        if value[0] in "!&*?|>'\"%@`{[]},#-:" or ": " in value or " #" in value or value.endswith(":"):
            return None
        from .yamlread import resolve_plain

        if resolve_plain(value) != value:
            return None
        return value
    if style == "'":
        if "\n" in value:
            return None
        return "'" + value.replace("'", "''") + "'"
    if style == '"':
        # escaped, not written as they are (JSON leaves them raw): a BOM character, what YAML
        # reads as a line break inside quotes (U+2028, U+2029, NEL), and what YAML does not
        # allow in a file at all (DEL, the other C1 controls, U+FFFE, U+FFFF)
        return _YAML_ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))
    if style in ("|", ">"):
        if not value.strip():
            return None
        indicator = ""
        if value[0] in " \n":
            # hostile24: a suggestion taking out a field's first words left it starting with a
            # space, and the whole block was written again as one double-quoted line of \n
            # escapes; an indentation indicator keeps it a block, its other lines as they were
            if style == ">" or parent is None or not 1 <= indent - parent <= 9:
                return None
            indicator = str(indent - parent)
        body = value
        if body.endswith("\n"):
            stripped = body.rstrip("\n")
            trailing = len(body) - len(stripped)
            chomp = "" if trailing == 1 else "+"
            body = stripped if trailing == 1 else body[:-1]
        else:
            chomp = "-"
        if style == ">":
            if any(line.startswith(" ") for line in body.split("\n")):
                return None
            body = body.replace("\n", "\n\n")
        lines = body.split("\n")
        rendered = style + indicator + chomp + "\n" + "\n".join((pad + line) if line else "" for line in lines) + "\n"
        return rendered
    return None


# --------------------------------------------------------------------------- load / save


def bomless(text: str) -> str:
    """The text parsed: a byte-order mark stays in the source (byte-identical saves) but is not
    read. It was read as a space, which indented the first line: a file starting with a key
    right after the mark (Notepad's and PowerShell's UTF-8) was 'did not find expected
    <document start>'. Now the mark is left out, ``bom_spans`` moves every position one on
    (past the mark), and the first line's columns are an editor's, which shows no mark. Two
    marks stay a space and a mark: the second is refused where it is
    (``yamlread._second_bom_error``)."""
    if not text.startswith("\ufeff"):
        return text
    return " " + text[1:] if text.startswith("\ufeff\ufeff") else text[1:]


def bom_spans(text: str, spans: dict) -> dict:
    """``spans`` of ``bomless(text)`` as indices of ``text`` itself: one on, past the mark."""
    if not text.startswith("\ufeff") or text.startswith("\ufeff\ufeff"):
        return spans
    import dataclasses

    return {path: dataclasses.replace(sp, start=sp.start + 1, end=sp.end + 1,
                                      key_start=sp.key_start + 1 if sp.key_start >= 0 else sp.key_start)
            for path, sp in spans.items()}


def compose_positions(text: str, file: str) -> tuple[Any, dict[tuple, Span]]:
    """``text``'s data and every node's span, read past a byte-order mark (the spans are
    indices of ``text`` itself): for guidelines and review files alike."""
    data, spans = compose_fast(bomless(text), file)
    return data, bom_spans(text, spans)


def parse(text: str, file: str = "<string>", *, positions: bool = True) -> Document:
    """Parse guideline YAML text (no validation). With ``positions=False`` only the data is
    composed now (about twice as fast) and ``Document.positions`` later, on first use."""
    if not text.strip():
        raise InputError("the file is empty", file=file, line=1, column=1,
                         hint="start from `lic-policy init` or a sample in guidelines/")
    if not positions:
        data, again = read_data(bomless(text), file)
        if again is not None and text.startswith("\ufeff"):
            spans_of = again
            again = lambda: bom_spans(text, spans_of())  # noqa: E731 - positions past the mark
        return Document(file, text, data, None, again)
    data, spans = compose_positions(text, file)
    return Document(file, text, data, spans)


_PROSE_KINDS = {".md": "a Markdown file", ".markdown": "a Markdown file", ".txt": "a text file",
                ".html": "an HTML page", ".htm": "an HTML page"}


def refuse_prose(file: str) -> None:
    """Refuse ``file`` in one line when its name says it is Markdown, HTML or text: a draft in
    one of those, given where a guideline goes (`validate draft.md`, `publish draft.md`), was
    answered with YAML's words ('did not find expected <document start> (check the indentation
    and quoting around this place)', 'more than one YAML document' for a heading underlined
    with ---), advice for a file that was never YAML. Called once the text did not read as a
    guideline, so a guideline kept under a .txt name is still one."""
    from .errors import shell_word

    what = _PROSE_KINDS.get(os.path.splitext(file)[1].lower())
    if what is None:
        return
    hint = (f"import it first: `lic-policy import {shell_word(file)}` writes a guideline (.yaml) to check, review "
            "and publish")
    if not what.startswith("an HTML"):
        hint += f"; `lic-policy check {shell_word(file)}` reviews its words as they are"
    raise InputError(f"{what}, not a guideline", file=file, hint=hint)


def load(path: str | os.PathLike, *, max_size: int = DEFAULT_MAX_SIZE, validate: bool = True) -> Document:
    """Read, parse and (by default) validate one guideline file.

    Input that cannot be read or parsed raises ``InputError`` (exit code 2); schema and
    model problems are collected in ``Document.issues`` (exit code 1 at the CLI).
    """
    file = str(path)
    text = read_text(file, max_size=max_size)
    try:
        doc = parse(text, file)
    except InputError:
        refuse_prose(file)
        raise
    if not isinstance(doc.data, dict):
        refuse_prose(file)
    if validate:
        doc.validate()
    return doc


def load_guideline(path: str | os.PathLike, **kwargs: Any) -> Guideline:
    """Load and return the ``Guideline`` model; raises ``ValidationFailed`` on any issue."""
    doc = load(path, **kwargs)
    if doc.issues:
        raise ValidationFailed(doc.issues)
    assert doc.guideline is not None  # validate() sets it when there are no issues
    return doc.guideline


_UMASK: list[int] = []


def _umask() -> int:
    """The process umask, read once (os.umask can only be read by setting it, which is not
    safe while other threads create files)."""
    if not _UMASK:
        mask = os.umask(0o022)
        os.umask(mask)
        _UMASK.append(mask)
    return _UMASK[0]


def write_target(path: str | os.PathLike) -> Path:
    """The file a write to ``path`` changes: ``path`` itself, or for a symbolic link the file
    it points to (followed through every link), so a write goes through the link and the link
    stays. A dangling link's file is created; a loop of links is refused (``OutputError``)."""
    from .errors import OutputError

    p = Path(path)
    if not os.path.islink(p):
        return p
    try:
        import stat as _stat

        if not _stat.S_ISREG(os.stat(p).st_mode):
            # a link to a pipe or device: /dev/stdout piped on (a link to /proc/self/fd/1, itself
            # a link to "pipe:[…]", which no path names), ``-o >(gzip > x.gz)`` (/dev/fd/63): the
            # link is opened as it is, where realpath gave a path that does not exist
            return p
    except OSError:
        pass
    try:
        return Path(os.path.realpath(p, strict=True))
    except FileNotFoundError:
        return Path(os.path.realpath(p))  # a dangling link: its file is created
    except OSError as exc:
        raise OutputError(f"cannot write through this symbolic link: {exc.strerror or exc}", file=str(p),
                          hint="it points to itself or into a loop of links; fix or remove the link") from None


def sync_folder(folder: "Optional[str | os.PathLike]") -> None:
    """fsync ``folder`` (after a rename into it, or a file created in it), so the change of
    its entries is durable; nothing where there is no folder or the system refuses."""
    if folder is None:
        return
    try:
        dfd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows cannot open folders
        return
    try:
        os.fsync(dfd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on folders
        pass
    finally:
        os.close(dfd)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike, *, unchanged: Optional[str] = None) -> Iterator[str]:
    """A temporary file in the folder of ``path`` for the caller (or a program it runs) to
    write; when the block ends without an error it is fsynced and renamed over ``path`` (then
    the folder is fsynced). An existing file's permissions are kept; a new file gets the usual
    ``0666 & ~umask``. A symbolic link is written through (``write_target``: the file it points
    to is replaced, the link stays). On any failure the temporary file is removed and ``path``
    is untouched; a file system error (read-only, no such folder, full disk, ...) becomes one
    ``OutputError`` line naming the file. A character device or pipe (``-o /dev/stdout``) is
    written straight into, as there is nothing to rename over.

    With ``unchanged`` (the text the caller read and changed), the file is compared with it
    just before the rename, and when another program (an editor, which takes no lic-policy
    lock) saved it meanwhile nothing is written: one line says so (``FileChanged``).
    """
    from .errors import OutputError

    shown = str(path)
    refuse_windows_output(shown)
    target = write_target(path)
    directory = target.parent if str(target.parent) else Path(".")

    def failed(exc: OSError) -> OutputError:
        return OutputError(f"cannot write the file: {exc.strerror or exc}", file=shown, hint=write_hint(exc, shown))

    import stat as _stat
    import tempfile  # imported here: most runs write nothing

    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise failed(exc) from None
    if st is not None and _stat.S_ISDIR(st.st_mode):
        raise OutputError("is a folder, not a file", file=shown, hint="give a file name") from None
    special = st is not None and not _stat.S_ISREG(st.st_mode)
    if not special:
        refuse_read_only(target, st, shown)
    mode = st.st_mode & 0o7777 if st is not None else 0o666 & ~_umask()
    review = not special and str(target).lower().endswith(REVIEW_SUFFIXES)
    if review:
        # an append interrupted by a crash is rolled back on disk first (a reader still reading
        # the old file then reads again), and a stale undo record is cleared before a new file
        # could be given its inode number (appendlog; the caller holds the write lock)
        from .appendlog import settle

        settle(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{fit_name(target.name, TMP_ROOM)}.", suffix=".tmp",
                                   dir=None if special else directory)
        os.close(fd)
    except OSError as exc:
        raise failed(exc) from None
    try:
        yield tmp
        if special:
            with open(tmp, "rb") as src, _open_special(target, st, shown) as dst:
                import shutil

                shutil.copyfileobj(src, dst)
            os.unlink(tmp)
            return
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        try:
            os.chmod(tmp, mode)
        except OSError:  # pragma: no cover - file systems without permissions (vfat): keep what it has
            pass
        if unchanged is not None:
            _still(target, unchanged, shown)
        os.replace(tmp, target)
        sync_folder(directory)
        if review:  # the file an interrupted append left is gone: its undo record is void
            from .appendlog import forget

            with contextlib.suppress(OSError):  # left pending, it names a file that is gone: ignored
                forget(target)
    except OSError as exc:
        _discard(tmp)
        if special and isinstance(exc, BrokenPipeError):
            # the program reading the pipe stopped, as `check -o /dev/stdout | head` does: the
            # reader's choice, so the command ends quietly, as it does writing to standard output
            raise
        raise failed(exc) from None
    except BaseException:
        _discard(tmp)
        raise


def refuse_read_only(target: "str | os.PathLike", st: Optional[os.stat_result], shown: str) -> None:
    """Refuse to replace an existing regular file whose permissions forbid writing it: one a
    person made read-only (``chmod 444``, an approved version, a file another account owns).
    A write renames a new file over the old one, which the folder's permissions allow
    whatever the file's own say; an ``OutputError`` line instead, and nothing written. (For
    the superuser, whom ``os.access`` lets write anything, a file no one may write counts.)
    Every writer goes through here: ``atomic_path`` and the review file's appends
    (``appendlog.append``, ``review.livefile``)."""
    import stat as _stat

    from .errors import OutputError, shell_word

    if st is None or not _stat.S_ISREG(st.st_mode):
        return
    if st.st_mode & 0o222 and os.access(target, os.W_OK):
        return
    raise OutputError("the file is read-only: nothing was written", file=shown,
                      hint=f"make it writable first if it is to change (chmod u+w {shell_word(shown)}), or write "
                           "somewhere else") from None


def _still(target: Path, text: str, shown: str) -> None:
    """Refuse to write over ``target`` when it no longer holds ``text`` (saved meanwhile by a
    program that takes no lic-policy lock, or deleted)."""
    from .errors import FileChanged

    try:
        with open(target, "rb") as fh:
            now = fh.read()
    except OSError:
        now = None
    if now != text.encode("utf-8", "surrogateescape"):
        raise FileChanged("the file changed while lic-policy was working on it (another program saved it); "
                          "nothing was written", file=shown,
                          hint="run the command again: it reads the file as it is now")


def _open_special(target: Path, st: os.stat_result, shown: str):
    """A character device or pipe opened for writing. A named pipe is opened without waiting:
    one that no program reads (``mkfifo`` left where an output goes) is one line at once
    instead of a wait for a reader that never comes; one a program reads (``-o /dev/stdout``
    piped on, ``-o >(gzip > x.gz)``) is written as before."""
    import stat as _stat

    from .errors import OutputError

    if not _stat.S_ISFIFO(st.st_mode):
        return open(target, "wb")
    try:
        fd = os.open(target, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        import errno

        if exc.errno == errno.ENXIO:
            raise OutputError("no program is reading from this pipe", file=shown,
                              hint="start the program that reads it first, or write to a file") from None
        raise
    os.set_blocking(fd, True)  # the reader is there: write at its pace
    return os.fdopen(fd, "wb")


def _discard(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass


def make_output_folder(path: str | os.PathLike) -> None:
    """Make the folders an output file (``-o reports/junit/lic-policy.xml``, ``-o
    out/packet.docx``) is written into, as pytest's ``--junitxml`` makes them. A path written as
    Windows writes it is refused first (no folder named 'C:\\out' is made); a folder that cannot
    be made (a file in the way, no permission, /proc) is left to the write, whose error names
    the output."""
    refuse_windows_output(path)
    folder = os.path.dirname(os.fspath(path))
    if folder and not os.path.isdir(folder) and not os.path.islink(folder):
        try:
            os.makedirs(folder, exist_ok=True)
        except (OSError, ValueError):
            pass


def save_atomic(path: str | os.PathLike, data: str | bytes, *, unchanged: Optional[str] = None) -> None:
    """Write ``data`` (text as UTF-8, or bytes) to ``path`` atomically (see ``atomic_path``;
    ``unchanged``: the text read, which the file must still hold)."""
    with atomic_path(path, unchanged=unchanged) as tmp:
        with open(tmp, "wb") as fh:
            # surrogateescape: a file name that is not UTF-8, named in a report, is written as its
            # own bytes (as on standard output), not an internal error
            fh.write(data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data)


def save(doc: Document, path: str | os.PathLike | None = None) -> None:
    """Save a document's (possibly edited) source atomically; unchanged text stays byte-identical."""
    save_atomic(path or doc.file, doc.text)


def edit_text(doc: Document, path: Iterable, value: str) -> Document:
    """Replace one text field and return the re-parsed, re-validated document (not saved)."""
    new_text = doc.replace_text(path, value)
    new_doc = parse(new_text, doc.file)
    new_doc.validate()
    return new_doc


# control characters (C0 but tab, line feed and carriage return; DEL; C1) and the two direction
# overrides (LRO, RLO) in a guideline's text; embeddings and isolates are left to right-to-left text
_ANCHOR_TEXT = lazy_re.compile(r"(?m)^([ \t]*(?:-[ \t]+)?[\w.-]+[ \t]*:[ \t]+)&([^\s\[\]{},]+)[ \t]+(?=[^\s#])")
"""``key: &name`` followed on its line by more text: an anchor on a text, read as words by a
drafter (``&Safety first``)."""
_HASH_WORD = re.compile(r"[ \t]#[^\s#!]")
_COMMENT_AFTER = lazy_re.compile(r"[ \t]+(#[^\s#!][^\r\n]*)")
"""After a plain text, on its line: a comment whose sign a word follows (``#1``, ``#SexWorkIsWork``)."""
_UNSHOWABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202d\u202e\ufdd0-\ufdef"
                         + "".join(f"{chr(p + 0xFFFE)}{chr(p + 0xFFFF)}" for p in range(0, 0x110000, 0x10000)) + "]")
"""Control characters, the direction overrides and Unicode's noncharacters (U+FDD0-U+FDEF and
the last two code points of every plane, U+FFFE and U+FFFF among them: reserved for programs'
own use, never text; the reader refuses them typed, a double-quoted escape such as \\uFFFF
wrote them into every published page)."""
_UNSHOWABLE_BMP = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202d\u202e\ufdd0-\ufdef\ufffe\uffff]")
"""``_UNSHOWABLE`` less the noncharacters of the other planes."""


def _unshowable_name(c: int) -> str:
    if c >= 0xFDD0 and (c <= 0xFDEF or c & 0xFFFE == 0xFFFE):
        return f"a noncharacter (U+{c:04X})"
    return f"a text direction override (U+{c:04X})" if c > 0x9F else f"a control character (U+{c:04X})"


def unshowable_in(text: str) -> Optional[str]:
    """The first character of ``text`` a guideline's text may not hold, said as `validate`
    says it ("a text direction override (U+202E)", "a control character (U+0007)"), or None."""
    m = _UNSHOWABLE.search(text)
    if m is None:
        return _hidden_tag(text)
    return _unshowable_name(ord(m.group()))


def may_hold_hidden_characters(source: str) -> bool:
    """Whether a text read from the YAML or JSON ``source`` can hold what ``validate`` refuses
    in a text (``unshowable_in``, ``mark_run``): False only when ``source`` holds no such
    character and no backslash, the one way a text gets characters its source does not show
    (a double-quoted escape such as ``\\u202E``, ``\\e``); a text is a stretch of its source
    between line breaks, and a run of marks in a text is a run in the source. Most files hold
    none, and their texts are then not looked at one by one (``Document._character_issues``:
    a quarter of `validate` of the 1,000-guideline corpus; BENCHMARKS.md, "tests45")."""
    if "\\" in source or _UNSHOWABLE_BMP.search(source) is not None:
        return True
    if source.isascii():
        return False
    # beyond the Basic Multilingual Plane (4 bytes in UTF-16): the other planes' noncharacters
    # and the tag characters. ``_UNSHOWABLE`` reads about 40 ns a character of text that is not
    # ASCII, 1.6 ms for a 42 KB guideline; these three about a tenth of that together.
    if len(source.encode("utf-16-le", "surrogatepass")) != 2 * len(source) and (
            _UNSHOWABLE.search(source) is not None or _TAGS.search(source) is not None):
        return True
    return mark_run(source) is not None


_TAGS = re.compile("[\U000E0000-\U000E007F]+")
_FLAG_TAGS = re.compile("[\U000E0020-\U000E007E]+\U000E007F")


def _hidden_tag(text: str) -> Optional[str]:
    """A tag character (U+E0000-U+E007F) that is not part of a flag: each shows nothing, yet
    U+E0041… spell ASCII letter by letter, so a run of them is text no reader sees and a
    program can read back (a name hidden in a published guideline). A subdivision flag (🏴
    followed by tags and U+E007F: Scotland, Wales) is the one use text has for them."""
    if "\U000e0000" > max(text, default="\0"):
        return None
    for m in _TAGS.finditer(text):
        if not (m.start() > 0 and text[m.start() - 1] == "\U0001F3F4" and _FLAG_TAGS.fullmatch(m.group())):
            return f"a tag character (U+{ord(m.group()[0]):04X}), which shows nothing but can spell hidden words"
    return None

# combining marks (and variation selectors, tag characters, the zero-width joiner) piled on one
# character: writing systems stack a few; 'Zalgo' text stacks thousands, and typst then grew to
# 24 GB (a title of 21,000 marks) or panicked (a line of more than 64 KB it cannot break)
MAX_MARKS = 32
# runs of that many characters that are not ASCII, spaces, or the kana, CJK ideographs, Hangul
# syllables and full-width forms (text without spaces, which holds no marks) are looked at closely
_MARK_RUN_CANDIDATE = lazy_re.compile(r"[^\x00-\x7f\s\u3040-\u3098\u309b-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
                                      r"\uac00-\ud7a3\uff00-\uffef]{%d,}" % (MAX_MARKS + 1))


def mark_run(text: str) -> Optional[tuple[int, int]]:
    """(index, length) of the first run of more than :data:`MAX_MARKS` combining marks in
    ``text``, or None. Only runs of that many characters that are neither ASCII nor spaces are
    looked at closely, so ordinary text (and most other text) costs one regular-expression scan;
    a text with no more than :data:`MAX_MARKS` characters outside ASCII (a run needs more of
    them) not even that: a check of the sample then never compiles the expression, whose large
    character class took 1.3 ms to compile (BENCHMARKS.md, "speed17")."""
    if len(text) - len(text.encode("ascii", "ignore")) <= MAX_MARKS:
        return None
    import unicodedata

    for m in _MARK_RUN_CANDIDATE.finditer(text):
        start, run = None, 0
        for i, c in enumerate(m.group(), m.start()):
            if unicodedata.category(c)[0] == "M" or c == "\u200d" or "\U000e0000" <= c <= "\U000e007f":
                if run == 0:
                    start = i
                run += 1
            else:
                if run > MAX_MARKS:
                    return start, run
                run = 0
        if run > MAX_MARKS:
            return start, run
    return None


def mark_run_message(run: Optional[int] = None) -> tuple[str, str]:
    """(message, hint) for a run of ``run`` combining marks (of more than the limit, unsaid)."""
    many = f"{run:,}" if run is not None else f"more than {MAX_MARKS}"
    return (f"the text piles {many} combining marks (accents, variation selectors or joiners) on one character"
            + (f", more than the {MAX_MARKS} any writing system uses" if run is not None else ""),
            "delete them: such text ('Zalgo') spills over the lines around it, and a PDF cannot be laid out with it")


# --------------------------------------------------------------------------- locks

LOCK_DIR = ".lic-policy-locks"
DEFAULT_LOCK_TIMEOUT = 60.0  # seconds; $LIC_POLICY_LOCK_TIMEOUT overrides it
_LOCKS: dict[str, Any] = {}
_LOCKS_GUARD: list = []


NAME_MAX = 255
"""The bytes a file name may have on the file systems lic-policy meets (ext4, APFS, NTFS, tmpfs)."""


def fit_name(name: str, room: int) -> str:
    """``name``, or a shorter name standing for it, that leaves ``room`` bytes of a file name
    free: a side file's name (``.NAME.XXXXXXXX.tmp``, ``NAME.lock``) is longer than the file's
    own, and a guideline named with an allowed but long name (80 characters of Chinese are 240
    bytes) could not be written ('cannot take the write lock: File name too long'). The
    shorter name keeps the start of the name and a digest of the whole, so two long names
    sharing a start do not share a lock."""
    import hashlib

    raw = os.fsencode(name)
    limit = NAME_MAX - room
    if len(raw) <= limit:
        return name
    digest = hashlib.sha256(raw).hexdigest()[:16]
    start = raw[: max(0, limit - len(digest) - 1)].decode("utf-8", "ignore")  # never half a character
    return f"{start}~{digest}"


def lock_file(path: str | os.PathLike) -> Path:
    """The lock file guarding writes to ``path``: ``.lic-policy-locks/NAME.lock`` in the folder
    of the file ``path`` really is (a symlink and its target share one lock); a name too long
    for that (with room for the files named after the lock beside it: ``appendlog``'s
    ``NAME.append``, ``review apply``'s ``NAME.apply.json``) is shortened."""
    real = Path(os.path.realpath(path))
    return real.parent / LOCK_DIR / (fit_name(real.name, len(".apply.json")) + ".lock")


TMP_ROOM = len("..XXXXXXXX.tmp")
"""What ``tempfile.mkstemp(prefix=f".{NAME}.", suffix=".tmp")`` adds to a file's name."""


def _lock_timeout() -> float:
    value = os.environ.get("LIC_POLICY_LOCK_TIMEOUT")
    if value:
        try:
            seconds = float(value)
            if seconds != seconds:  # nan: float() takes it, and max(0.0, nan) would be no wait at all
                raise ValueError(value)
            return max(0.0, seconds)
        except ValueError:
            raise InputError(f"LIC_POLICY_LOCK_TIMEOUT={value!r} is not a number of seconds",
                             hint="e.g. LIC_POLICY_LOCK_TIMEOUT=30") from None
    return DEFAULT_LOCK_TIMEOUT


def _file_lock(where: Path) -> Any:
    """One ``filelock.FileLock`` per lock file and process: re-entrant within a thread (a
    command that holds a lock may call a writer that takes it again), exclusive between
    threads and between processes."""
    import threading

    if not _LOCKS_GUARD:
        _LOCKS_GUARD.append(threading.Lock())
    with _LOCKS_GUARD[0]:
        lock = _LOCKS.get(str(where))
        if lock is None:
            import filelock  # imported here: only writers need it

            lock = _LOCKS[str(where)] = filelock.FileLock(str(where))
        return lock


@contextlib.contextmanager
def locked(*paths: str | os.PathLike) -> Iterator[None]:
    """Hold the write locks of ``paths`` (guidelines, review files) for the block.

    Every writer of a guideline or review file reads the file *inside* this block and writes
    it before leaving, so two processes (two ``review add`` runs, the review room and a
    ``fix --write``) never write over each other's changes. Locks are taken in a fixed order
    (no deadlock when two commands lock the same pair) and waited for up to
    ``$LIC_POLICY_LOCK_TIMEOUT`` seconds (default 60); the lock files live in a git-ignored
    ``.lic-policy-locks/`` folder beside each file. The operating system releases a lock when
    its process ends, so a killed run never leaves a stale lock.
    """
    from .errors import LockTimeout, OutputError

    wanted = sorted({str(lock_file(p)): p for p in paths}.items())
    timeout = _lock_timeout()
    with contextlib.ExitStack() as stack:
        for where, target in wanted:
            lock_path = Path(where)
            if lock_path.parent.exists() and not lock_path.parent.is_dir():
                raise OutputError(f"{LOCK_DIR} is not a folder, and lic-policy keeps its write locks in a folder "
                                  "of that name", file=str(lock_path.parent),
                                  hint="remove or rename this file; lic-policy makes the folder again (it holds "
                                       "nothing to keep)")
            try:
                make_lock_folder(lock_path.parent)
            except OSError as exc:
                # through a dangling link, the folder missing is the link's (named with the link)
                raise OutputError(f"cannot write here: {exc.strerror or exc}", file=str(target),
                                  hint=write_hint(exc, target if os.path.islink(target) else lock_path.parent)) from None
            lock = _file_lock(lock_path)
            import filelock

            try:
                lock.acquire(timeout=timeout)
            except filelock.Timeout:
                raise LockTimeout(f"another lic-policy process has been writing this file for {timeout:g} s",
                                  file=str(target), hint="try again when it has finished, or raise "
                                  "LIC_POLICY_LOCK_TIMEOUT") from None
            except OSError as exc:
                planted = _not_a_lock_file(lock_path)
                if planted:  # never followed nor replaced: it may point at a file someone keeps
                    raise OutputError(f"the write lock's file is {planted}, not a lock file", file=where,
                                      hint="remove it: lic-policy makes it again (it holds nothing to keep)") from None
                raise OutputError(f"cannot take the write lock: {exc.strerror or exc}", file=str(target),
                                  hint=write_hint(exc)) from None
            stack.callback(lock.release)
        yield


def _not_a_lock_file(path: Path) -> str:
    """What ``path`` is when something else than a lock file was put in its place ("a symbolic
    link", "a folder", ...), else ""."""
    import stat as _stat

    try:
        st = os.lstat(path)
    except OSError:
        return ""
    if _stat.S_ISLNK(st.st_mode):
        return "a symbolic link"
    if _stat.S_ISDIR(st.st_mode):
        return "a folder"
    return "" if _stat.S_ISREG(st.st_mode) else "not a regular file"


def refuse_planted(where: "str | os.PathLike", what: str) -> None:
    """Refuse, in one ``OutputError`` line, a side file of lic-policy's in ``.lic-policy-locks/``
    (``what``: an append's undo record, `review apply`'s journal) that is not a regular file:
    a symbolic link (git keeps links, so a cloned repository can hold one: the record was
    written through it, over the first bytes of the file it leads to), a named pipe (reading
    it waited for ever) or a device (a link to /dev/zero grew without end) (hostile30). Such a
    file is never followed, read or replaced; a missing one is fine."""
    import stat as _stat

    from .errors import OutputError

    try:
        st = os.lstat(where)
    except OSError:
        return
    if _stat.S_ISREG(st.st_mode):
        return
    kind = ("a symbolic link" if _stat.S_ISLNK(st.st_mode) else "a folder" if _stat.S_ISDIR(st.st_mode)
            else "a named pipe" if _stat.S_ISFIFO(st.st_mode) else "a socket" if _stat.S_ISSOCK(st.st_mode)
            else "a device")
    raise OutputError(f"is {kind}, not a regular file: lic-policy keeps {what} here", file=str(where),
                      hint="remove it: lic-policy makes it again when it needs one, and it holds nothing to keep")


_LOCKS_GITIGNORE = b"# lic-policy write locks (see README, Data safety); never commit them\n*\n"


def make_lock_folder(folder: Path) -> None:
    """Make the lock folder, with the .gitignore that keeps it out of commits. The .gitignore
    is written whole or not at all (a full disk left an empty one, and the lock files were
    then committed), and an empty one is written again."""
    ignore = folder / ".gitignore"
    try:
        if folder.is_dir() and ignore.stat().st_size > 0:
            return
    except FileNotFoundError:
        pass
    import tempfile

    folder.mkdir(exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".gitignore.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(_LOCKS_GITIGNORE)
        try:
            if ignore.stat().st_size > 0:  # another process wrote it meanwhile (or the user did)
                return
        except FileNotFoundError:
            pass
        os.replace(tmp, ignore)
    finally:
        _discard(tmp)


def is_socket(path: "str | os.PathLike") -> bool:
    """Whether ``path`` is a Unix socket (a program's, left in the folder): opening one for
    reading or writing fails with ENXIO, "No such device or address", which names neither the
    file's kind nor what to do."""
    import stat as _stat

    try:
        return _stat.S_ISSOCK(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def write_hint(exc: OSError, path: "Optional[str | os.PathLike]" = None) -> str:
    """What to do about ``exc``, raised making or writing ``path`` (a file or a folder; when
    given, "no such file or folder" says which folder is missing, or that it is a system folder)."""
    import errno

    if exc.errno == errno.ENOENT and path is not None:
        return missing_folder_hint(path)
    if exc.errno == errno.ENXIO and path is not None and is_socket(path):
        return "that is a socket (a program's), not a file: give another file name"
    return {
        errno.ENOSPC: "the disk is full: free some space and run the command again",
        errno.EDQUOT: "the disk quota is used up: free some space and run the command again",
        errno.EROFS: "the file system is read-only: write somewhere else",
        errno.EFBIG: "the file is larger than this session may write (see `ulimit -f`): raise the limit or write "
                     "somewhere else",
        errno.EACCES: "you may not write here: check the permissions, or write somewhere else",
        errno.EPERM: "you may not write here: check the permissions, or write somewhere else",
        errno.ENOENT: "the folder does not exist: create it first, or check the path",
        errno.ENOTDIR: "a part of the path is a file, not a folder: check the path",
        errno.EISDIR: "that is a folder: give a file name",
        errno.EPIPE: "the program reading this pipe stopped before the end, as `head` does: let it read all, or "
                     "write to a file",
    }.get(exc.errno or 0, "check the path and that the disk can be written")


def missing_folder_hint(path: "str | os.PathLike") -> str:
    """Why ``path`` could not be made, "no such file or directory" said: its folder is missing
    (named: through a link, the link's folder, not the one its name shows), or the folder is
    there and takes no new files (/proc, /sys: it said "the folder does not exist" of /proc)."""
    p = Path(path)
    where = p
    if os.path.islink(p):
        where = Path(os.path.realpath(p))
        if not where.parent.is_dir():
            return (f"{p} is a link to {where}, and the folder {_first_missing(where.parent)} does not exist: create "
                    "it, or remove the link")
    folder = where.parent if str(where.parent) else Path(".")
    if folder.is_dir():
        return f"{folder} takes no new files (a system folder, such as /proc or /sys): write somewhere else"
    return f"the folder {_first_missing(folder)} does not exist: create it first, or check the path"


def _first_missing(folder: Path) -> Path:
    """The first folder of ``folder``'s path that is not there."""
    missing = folder
    while str(missing.parent) not in ("", ".") and missing.parent != missing and not missing.parent.is_dir():
        missing = missing.parent
    return missing


# --------------------------------------------------------------------------- round-trip


def roundtrip_yaml():
    from ruamel.yaml import YAML

    y = YAML()  # round-trip: keeps comments, key order and quoting
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def roundtrip_load(text: str) -> Any:
    """ruamel.yaml's comment-preserving tree of ``text``."""
    return roundtrip_yaml().load(text)


def roundtrip_dump(data: Any) -> str:
    import io

    buf = io.StringIO()
    roundtrip_yaml().dump(data, buf)
    return buf.getvalue()


def to_yaml_tree(value: Any) -> Any:
    """Plain data → ruamel tree with literal blocks for long or multi-line text."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString

    if isinstance(value, dict):
        m = CommentedMap()
        for k, v in value.items():
            m[k] = to_yaml_tree(v)
        return m
    if isinstance(value, list):
        return CommentedSeq(to_yaml_tree(v) for v in value)
    if isinstance(value, str) and ("\n" in value or len(value) > 80):
        if value[:1] not in (" ", "\n") and value.strip() and "\r" not in value and not any(
            line != line.rstrip(" \t") for line in value.split("\n")
        ):
            return LiteralScalarString(value)
    return value


def dump(guideline: Any, *, schema_ref: Optional[str] = None, header: str = "") -> str:
    """Write a ``Guideline`` model as YAML text (new files: ``init``, ``import``)."""
    import datetime as dt

    data = guideline.model_dump(mode="python", exclude_defaults=True, by_alias=True)
    first = ("lic_policy", "metadata", "todo")  # a new file's to-do list right under its metadata
    data = {"lic_policy": guideline.lic_policy, **{k: data[k] for k in first[1:] if k in data},
            **{k: v for k, v in data.items() if k not in first}}

    def clean(v: Any) -> Any:
        if isinstance(v, dict):
            return {k: clean(x) for k, x in v.items()}
        if isinstance(v, list):
            return [clean(x) for x in v]
        if hasattr(v, "value") and not isinstance(v, (str, int, float, dt.date)):
            return v.value
        return v

    text = roundtrip_dump(to_yaml_tree(clean(data)))
    lines = []
    if schema_ref:
        lines.append(f"# yaml-language-server: $schema={schema_ref}")
    if header:
        lines.extend("# " + h if h else "#" for h in header.splitlines())
    return ("\n".join(lines) + "\n" if lines else "") + text


# --------------------------------------------------------------------------- prose


@dataclass
class ProseDocument:
    """A plain Markdown or text file, for prose-only checks."""

    file: str
    text: str
    _line_starts: list[int] = field(default_factory=list)

    def index_to_linecol(self, index: int) -> tuple[int, int]:
        if not self._line_starts:
            self._line_starts = line_starts_of(self.text)
        return linecol(self.text, self._line_starts, index)


def common_prefix(a: str, b: str, limit: int) -> int:
    """How many leading characters ``a`` and ``b`` share (at most ``limit``)."""
    lo, hi = 0, limit
    while lo < hi:  # slices compare in C: a few dozen of them for a text of any size
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def common_suffix(a: str, b: str, limit: int) -> int:
    """How many trailing characters ``a`` and ``b`` share (at most ``limit``)."""
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid:] == b[len(b) - mid:]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def lines_of(text: str) -> list[str]:
    """The lines of ``text`` as ``line_starts_of`` counts them (ends dropped), for every place
    that numbers a file's lines beside ``check``'s positions: ``str.splitlines`` also splits
    at a form feed, a vertical tab, U+001C-U+001E (Word's non-breaking hyphen among them),
    U+0085, U+2028 and U+2029, so a suppression comment after one was counted on a later line
    and the text report printed another line under a finding."""
    if "\r" in text:
        lines = _LINE_BREAK.split(text)
    else:
        lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # a final line end ends the last line; it does not start another
    return lines


def line_starts_of(text: str) -> list[int]:
    """Where each line of ``text`` starts: "\r\n", a lone "\r" (classic Mac OS files) and "\n"
    each end a line, as they do for the YAML reader's marks and for the language server (a
    finding in a lone-CR file was put on line 1 at column 3791 by `check`, and the editor
    showed it at the end of line 1). Guidelines and prose files count lines with it."""
    starts = [0]
    if "\r" in text:
        starts.extend(m.end() for m in _LINE_BREAK.finditer(text))
    else:
        find = text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
    return starts


def linecol(text: str, starts: list[int], index: int) -> tuple[int, int]:
    """0-based code-point ``index`` of ``text`` (whose lines start at ``starts``) → 1-based
    (line, column); a byte-order mark takes no column (an editor does not show it)."""
    ln = bisect.bisect_right(starts, index) - 1
    bom = 1 if ln == 0 and index > 0 and text.startswith("\ufeff") else 0
    return ln + 1, index - starts[ln] + 1 - bom


def load_prose(path: str | os.PathLike, *, max_size: int = DEFAULT_MAX_SIZE) -> ProseDocument:
    file = str(path)
    return ProseDocument(file, read_text(file, max_size=max_size))


def discover(paths: Iterable[str], *, suffixes: tuple[str, ...] = GUIDELINE_SUFFIXES,
             exclude_review: bool = True, skipped: Optional[list] = None) -> list[str]:
    """Expand files and folders into a sorted list of files with one of ``suffixes``.

    Inside folders, review files (``*.review.yaml``), hidden files and folders, what
    ``.gitignore`` ignores and YAML that is not a guideline are skipped (the last two are
    added to ``skipped`` as ``discovery.Skipped`` with the reason). A path given explicitly is
    kept unless it is clearly another tool's file (``discovery.not_a_guideline``).
    """
    from . import discovery

    found: list[str] = []
    for p in paths:
        found.extend(discovery.expand(p, suffixes, skip_names=(".review.",) if exclude_review else (), skipped=skipped))
    return discovery.once_each(found)
