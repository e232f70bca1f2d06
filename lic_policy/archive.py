"""Zip containers from outside (Word .docx, OpenDocument .odt) are checked before anything
reads them.

pandoc inflates a document's parts in memory, so a 1 MB file whose XML inflates to a
gigabyte (a "zip bomb") ran it past 14 GB. ``check_zip`` refuses, in one line and in bounded
time and memory:

* more than ``max_members`` parts, encrypted parts;
* parts whose declared uncompressed sizes add up to more than ``max_uncompressed`` bytes, or
  a part over 1 MB compressed more than ``max_ratio`` to 1;
* a part that inflates to more than its header declares (a lying header), read as a stream
  with the cap: nothing is held whole;
* XML parts (``.xml``, ``.rels``) that are not well-formed (a truncated ``comments.xml``
  imported as "0 comments") or carry a DOCTYPE (entity expansion bombs; Word and LibreOffice
  never write one).

The limits have defaults and can be set per call or with environment variables (see
``limits``); the README's Data safety section lists them.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass

from .errors import ConfigError, InputError

RATIO_FROM = 1024 * 1024  # parts smaller than this may compress as well as they like


@dataclass(frozen=True)
class Limits:
    max_uncompressed: int = 100 * 1024 * 1024  # all parts together, inflated
    max_ratio: int = 100  # uncompressed : compressed, for parts over RATIO_FROM
    max_members: int = 10_000
    pandoc_heap: str = "2g"  # pandoc's heap cap when it reads such a file (GHC RTS -M)


ENV = {"max_uncompressed": "LIC_POLICY_MAX_UNZIPPED_BYTES", "max_ratio": "LIC_POLICY_MAX_UNZIP_RATIO",
       "max_members": "LIC_POLICY_MAX_ZIP_PARTS", "pandoc_heap": "LIC_POLICY_PANDOC_MAX_HEAP"}


def limits(**overrides) -> Limits:
    """The defaults, then the environment (``LIC_POLICY_MAX_UNZIPPED_BYTES``,
    ``LIC_POLICY_MAX_UNZIP_RATIO``, ``LIC_POLICY_MAX_ZIP_PARTS``, ``LIC_POLICY_PANDOC_MAX_HEAP``),
    then ``overrides`` (those not None)."""
    values = {}
    for name, var in ENV.items():
        raw = os.environ.get(var)
        if raw:
            if name == "pandoc_heap":
                if not raw[:-1].isdigit() or raw[-1].lower() not in "kmg":
                    raise ConfigError(f"{var}={raw!r} is not a size such as 2g or 512m")
                values[name] = raw
                continue
            try:
                values[name] = int(raw.replace("_", ""))
            except ValueError:
                raise ConfigError(f"{var}={raw!r} is not a whole number") from None
            if values[name] < 1:
                raise ConfigError(f"{var} must be at least 1")
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Limits(**values)


def pandoc_args(lim: Limits) -> list[str]:
    """pandoc arguments that stop it (one line, exit 2) when its heap outgrows the cap."""
    return ["+RTS", f"-M{lim.pandoc_heap}", "-RTS"]


WORD_LOCK_SIZE = 162
"""The size of the owner file (``~$NAME.docx``) Word keeps beside a document while it is open."""


def office_lock_file(file: str, size: "int | None" = None) -> "InputError | None":
    """The one-line refusal of a word processor's lock file given where a document goes, or
    None: Word's owner file (``~$aft.docx`` for ``draft.docx``: 162 bytes, ``size``) and
    LibreOffice's ``.~lock.draft.odt#``, which a file dialog or tab completion offers beside the
    document while it is open (hostile30: "not a zip archive (save the file again in that
    format)", and "cannot import '.odt#' files"). Each holds the name of whoever has the
    document open, which is never shown."""
    from .errors import shell_word

    folder, base = os.path.split(file)
    if base.startswith(".~lock.") and base.endswith("#") and len(base) > len(".~lock.#"):
        return InputError("LibreOffice's lock file, not the document (LibreOffice keeps one beside a document "
                          "while it is open)", file=file,
                          hint=f"give the document itself: {shell_word(os.path.join(folder, base[7:-1]))}")
    if base.startswith("~$") and size == WORD_LOCK_SIZE and len(base) > 2:
        rest = base[2:]  # Word puts ~$ in place of a long name's first two letters
        try:
            names = sorted(n for n in os.listdir(folder or ".") if n != base and n.endswith(rest)
                           and not n.startswith("~$") and os.path.isfile(os.path.join(folder, n)))
        except OSError:
            names = []
        hint = (f"give the document itself: {shell_word(os.path.join(folder, names[0]))}" if len(names) == 1 else
                f"give the document itself: its name ends in {shell_word(rest)}")
        return InputError("Word's lock file, not the document (Word keeps a small file named ~$… beside a "
                          "document while it is open)", file=file, hint=hint)
    return None


def check_zip(raw: bytes, file: str, *, what: str = "document", lim: Limits | None = None) -> None:
    """Refuse a zip container that is too big inflated, lies about its sizes, or holds broken
    or dangerous XML (see the module's docstring). Reads ``raw`` (already in memory) as a
    stream; returns nothing when every part passes."""
    lim = lim or limits()
    hint_limits = ("if the file is genuine, raise the limit with " + ENV["max_uncompressed"] + " or "
                   + ENV["max_ratio"])
    try:
        z = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError, OSError):
        lock = office_lock_file(file, len(raw))
        if lock is not None:
            raise lock from None
        raise InputError(f"not a {what} (not a zip archive)", file=file,
                         hint="save the file again in that format") from None
    with z:
        infos = z.infolist()
        if len(infos) > lim.max_members:
            raise InputError(f"the archive holds {len(infos):,} parts, over the limit of {lim.max_members:,}",
                             file=file, hint=f"a {what} has far fewer; raise the limit with {ENV['max_members']}")
        declared = 0
        seen: dict[str, str] = {}
        for info in infos:
            # one part twice (names are the same part in any case, as the Open Packaging
            # Conventions say): pandoc reads the first copy, Python's zipfile the last, so
            # the text imported was not the text checked
            key = info.filename.casefold()
            if key in seen:
                raise InputError(f"part {info.filename} is in the file twice (as {seen[key]} before)", file=file,
                                 hint=f"the file is damaged or was made by hand: open it in the word processor "
                                      f"and save it again as a {what}")
            seen[key] = info.filename
            if info.flag_bits & 0x1:
                raise InputError(f"part {info.filename} is encrypted", file=file,
                                 hint=f"save the {what} without a password")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):  # pandoc reads only these
                method = {zipfile.ZIP_BZIP2: "bzip2", zipfile.ZIP_LZMA: "LZMA"}.get(info.compress_type,
                                                                                   f"method {info.compress_type}")
                raise InputError(f"part {info.filename} is compressed with {method}, which word processors never "
                                 "use", file=file, hint=f"open the file in the word processor and save it again as "
                                                        f"a {what}")
            declared += info.file_size
            if declared > lim.max_uncompressed:
                raise InputError(f"part {info.filename} takes the uncompressed size past {lim.max_uncompressed:,} "
                                 f"bytes ({info.file_size:,} bytes inflated from {info.compress_size:,})", file=file,
                                 hint=hint_limits)
            if info.file_size > RATIO_FROM and info.file_size > lim.max_ratio * max(info.compress_size, 1):
                ratio = info.file_size // max(info.compress_size, 1)
                raise InputError(f"part {info.filename} is compressed {ratio:,} to 1 ({info.file_size:,} bytes "
                                 f"uncompressed), over the limit of {lim.max_ratio}:1 (a zip bomb?)", file=file,
                                 hint=hint_limits)
        actual = 0
        for info in infos:
            if info.is_dir():
                continue
            xml = info.filename.lower().endswith((".xml", ".rels"))
            parser = _xml_parser(info.filename, file, what) if xml else None
            count = 0
            try:
                with z.open(info) as fh:
                    while True:
                        chunk = fh.read(1 << 16)
                        if not chunk:
                            break
                        count += len(chunk)
                        actual += len(chunk)
                        if count > info.file_size or actual > lim.max_uncompressed:
                            raise InputError(f"part {info.filename} inflates to more than its header says "
                                             f"({info.file_size:,} bytes)", file=file,
                                             hint=f"the {what} is damaged or made to harm; do not open it")
                        if parser is not None:
                            # UTF-16 or UTF-32 (a UTF-32 part was called UTF-16, or damaged without a mark)
                            from .store import wide_encoding

                            wide = wide_encoding(chunk[:200]) if count == len(chunk) else ""
                            if wide:
                                raise InputError(f"part {info.filename} is written in {wide}, not UTF-8", file=file,
                                                 hint=f"word processors write UTF-8; open the file in one and save "
                                                      f"it again as a {what}")
                            _feed(parser, chunk, False, info.filename, file, what)
                if parser is not None:
                    _feed(parser, b"", True, info.filename, file, what)
            except (zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError, NotImplementedError) as exc:
                raise InputError(f"part {info.filename} is damaged: {str(exc).splitlines()[0] if str(exc) else exc!r}",
                                 file=file, hint=f"save the {what} again") from None
            except _Refused as exc:
                raise exc.error from None


class _Refused(Exception):
    def __init__(self, error: InputError):
        super().__init__(error.message)
        self.error = error


def _xml_parser(name: str, file: str, what: str):
    from xml.parsers import expat

    parser = expat.ParserCreate()

    def doctype(*_args):
        raise _Refused(InputError(f"part {name} has a DOCTYPE declaration", file=file,
                                  hint=f"a {what} never declares one; entity declarations can make a small "
                                       "file expand without bound"))

    def declaration(_version, encoding, _standalone):
        if encoding and encoding.replace("-", "").replace("_", "").lower() != "utf8":
            raise _Refused(InputError(f"part {name} is written in {encoding}, not UTF-8", file=file,
                                      hint=f"word processors write UTF-8; open the file in one and save it again "
                                           f"as a {what}"))

    parser.StartDoctypeDeclHandler = doctype
    parser.XmlDeclHandler = declaration
    parser.EntityDeclHandler = lambda *a: doctype()
    if name.lower() != "word/document.xml":  # notes and comments live in parts of their own
        _refuse_notes_inside_notes(parser, name, file, what)
    return parser


_NOTES = {"footnote": "a footnote", "endnote": "an endnote", "comment": "a comment"}
_NOTE_REFERENCES = {"footnoteReference": "a footnote", "endnoteReference": "an endnote",
                    "commentReference": "a comment"}


def _refuse_notes_inside_notes(parser, name: str, file: str, what: str) -> None:
    """Refuse a Word footnote, endnote or comment that holds a reference to a note or comment
    (to itself, or two to each other): pandoc follows it round the loop until its heap is
    full (16-60 s and 2 GB for a 1 KB file), and Word never writes one. The number mark at
    the start of a note (``w:footnoteRef``) is no reference."""
    inside: list = []  # the open note or comment elements

    def start(tag, _attrs):
        local = tag.rpartition(":")[2]
        if local in _NOTES:
            inside.append(local)
        elif inside and local in _NOTE_REFERENCES:
            raise _Refused(InputError(f"part {name} has {_NOTE_REFERENCES[local]} inside {_NOTES[inside[-1]]} (a "
                                      "word processor never writes one; reading it would go round without end)",
                                      file=file, hint=f"the file was made or edited by hand: open it in the word "
                                                      f"processor and save it again as a {what}"))

    def end(tag):
        if inside and tag.rpartition(":")[2] == inside[-1]:
            inside.pop()

    parser.StartElementHandler = start
    parser.EndElementHandler = end


def _feed(parser, chunk: bytes, final: bool, name: str, file: str, what: str) -> None:
    from xml.parsers import expat

    try:
        parser.Parse(chunk, final)
    except expat.ExpatError as exc:
        raise _Refused(InputError(f"part {name} is damaged: not well-formed XML ({expat.errors.messages[exc.code]}, "
                                  f"line {exc.lineno}, column {exc.offset + 1})", file=file,
                                  hint=f"the {what} was cut short or edited by hand; save it again")) from None
