"""One safe way to call pandoc.

Every call runs the pandoc binary shipped in the ``pypandoc-binary`` wheel with
``--sandbox`` (pandoc reads no file and fetches nothing beyond what we give it), input on
stdin and a timeout. Failures become one-line :class:`PandocError` messages.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from functools import lru_cache

from ..errors import LicPolicyError
from ..pandoc_ast import SUPPORTED_API


class PandocError(LicPolicyError):
    """pandoc could not be found, timed out or failed."""


@lru_cache(maxsize=1)
def pandoc_path() -> str:
    """Path of the pandoc binary (from pypandoc-binary; imported lazily)."""
    try:
        import pypandoc
    except ImportError:  # pragma: no cover - pypandoc-binary is a dependency
        raise PandocError("pypandoc is not installed",
                          hint="pip install pypandoc-binary") from None
    try:
        path = pypandoc.get_pandoc_path()
    except OSError as exc:  # pragma: no cover - depends on the installation
        raise PandocError(f"pandoc was not found: {exc}",
                          hint="pip install pypandoc-binary") from None
    return str(path)


def _first_line(data: bytes) -> str:
    text = data.decode("utf-8", "replace").strip()
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def _write_errno(detail: str) -> int:
    """The errno of a write pandoc failed ("withBinaryFile: resource exhausted (No space left
    on device)"), or 0 when the failure was not one of writing."""
    import errno

    for code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EACCES, errno.EIO):
        if f"({os.strerror(code)})" in detail:
            return code
    return 0


def run(
    source: str | bytes,
    *,
    from_: str,
    to: str,
    args: Sequence[str] = (),
    output: str | os.PathLike | None = None,
    timeout: float = 60.0,
) -> bytes:
    """Convert ``source`` (read from stdin) from ``from_`` to ``to`` with pandoc.

    Returns pandoc's stdout as bytes, or writes to ``output`` (pandoc's ``-o``) and returns
    ``b""``. Always runs with ``--sandbox`` (which also ignores SOURCE_DATE_EPOCH: see
    ``stamp_dates``). Raises :class:`PandocError` (one line) when pandoc is missing, times out
    or exits non-zero.
    """
    data = source.encode("utf-8") if isinstance(source, str) else bytes(source)
    cmd = [pandoc_path(), "--sandbox", "-f", from_, "-t", to, *[str(a) for a in args]]
    if output is not None:
        cmd += ["-o", os.fspath(output)]
    try:
        proc = subprocess.run(cmd, input=data, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise PandocError(f"pandoc timed out after {timeout:g} s converting {from_} to {to}",
                          hint="the document may be too large; try fewer formats") from None
    except OSError as exc:
        raise PandocError(f"pandoc could not be started: {exc}",
                          hint="reinstall pypandoc-binary") from None
    if proc.returncode != 0:
        detail = _first_line(proc.stderr) or f"exit code {proc.returncode}"
        if output is not None:
            import errno
            import signal

            # past `ulimit -f` pandoc is killed by SIGXFSZ (Python ignores it; its children not)
            code = errno.EFBIG if proc.returncode == -getattr(signal, "SIGXFSZ", 0) else _write_errno(detail)
            if code:  # the disk filled or a limit was reached while pandoc wrote: the caller's
                # atomic write (store.atomic_path) names the user's file and says what to do
                raise OSError(code, os.strerror(code))
        raise PandocError(f"pandoc failed converting {from_} to {to}: {detail}")
    return b"" if output is not None else proc.stdout


def stamp_dates(path: str | os.PathLike, fmt: str, when: str) -> None:
    """pandoc under ``--sandbox`` has no clock (and ignores SOURCE_DATE_EPOCH): it writes
    1970-01-01 as the creation and modification dates of DOCX and ODT. Put ``when`` (ISO 8601
    UTC, e.g. ``2026-03-10T00:00:00Z``, a date from the document) there instead, rewriting
    the file at ``path`` in place (a temporary file of the caller's atomic write)."""
    import zipfile

    member = "docProps/core.xml" if fmt == "docx" else "meta.xml"
    with zipfile.ZipFile(path) as src:
        infos = src.infolist()
        data = {i.filename: src.read(i.filename) for i in infos}
    if member not in data:
        return
    data[member] = data[member].replace(b"1970-01-01T00:00:00Z", when.encode("ascii"))
    with zipfile.ZipFile(path, "w") as dst:
        for info in infos:  # same order, methods and timestamps (ODT's mimetype stays first, stored)
            dst.writestr(info, data[info.filename])


@lru_cache(maxsize=1)
def version() -> str:
    """The pandoc version, e.g. ``'3.9'``."""
    try:
        proc = subprocess.run([pandoc_path(), "--version"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PandocError(f"pandoc could not be started: {exc}") from None
    first = _first_line(proc.stdout)
    return first.split()[-1] if first else ""




@lru_cache(maxsize=1)
def api_version() -> list[int]:
    """The pandoc AST API version of the installed pandoc (e.g. ``[1, 23, 1, 1]``), read
    from its own JSON output, so the documents we hand it carry the number it expects."""
    import json

    out = run("", from_="markdown", to="json")
    try:
        found = [int(n) for n in json.loads(out)["pandoc-api-version"]]
    except (ValueError, KeyError, TypeError):
        raise PandocError("pandoc's JSON output has no pandoc-api-version",
                          hint="reinstall pypandoc-binary") from None
    if tuple(found[:2]) not in SUPPORTED_API:
        raise PandocError(f"the installed pandoc uses AST API {'.'.join(map(str, found))}, which lic-policy "
                          f"does not support yet",
                          hint="install a pypandoc-binary whose pandoc writes AST API 1.22 or 1.23 "
                               "(pandoc 2.11 to 3.x)")
    return found
