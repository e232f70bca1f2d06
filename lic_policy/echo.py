"""``echo``: ``click.echo`` without importing click where it is not loaded yet.

``check FILE...`` runs without click (``cli.fast_check``): importing it and parsing the
command line through it was about 50 M of a cold single-file check's ~1,070 M instructions
(BENCHMARKS.md, "speed18"). What that check prints must stay byte for byte what click
printed, so this is ``click.echo`` for the text messages lic-policy writes, with click's own
decisions: the line's end, ANSI styles removed unless the stream is a terminal or ``color``
says otherwise, a flush after each message. Where click would do anything more — it is loaded
already (a command run through it: its context may set the color), the message is not text,
or the stream says it is ASCII (click then writes UTF-8 through a wrapper of its own) — this
is ``click.echo`` itself.
"""

from __future__ import annotations

import sys
from typing import IO, Any, Optional

from . import lazy_re

# click's own expression (click/_compat.py, ``_ansi_re``)
_ANSI = lazy_re.compile(r"\033\[[0-?]*[ -/]*[@-~]")


def counted(n: int, word: str, plural: Optional[str] = None) -> str:
    """A count as people read it in a message: “1 finding”, “11,788 findings” (a thousands
    separator: “11788” was hard to read), “2 fixes” with ``plural``. Machine output (JSON, SARIF,
    JUnit) keeps its bare numbers."""
    return f"{n:,} {word if n == 1 else plural or word + 's'}"


def echo(message: Any = None, file: Optional[IO[Any]] = None, nl: bool = True, err: bool = False,
         color: Optional[bool] = None) -> None:
    click = sys.modules.get("click")
    if click is None and file is None:
        stream = sys.stderr if err else sys.stdout
        if stream is not None and _misconfigured(stream):
            import click
    if click is not None or (message is not None and not isinstance(message, str)):
        import click

        click.echo(message, file=file, nl=nl, err=err, color=color)
        return
    if file is None:
        file = sys.stderr if err else sys.stdout
        if file is None:
            return
    out = message or ""
    if nl:
        out += "\n"
    if not out:
        file.flush()
        return
    if "\x1b" in out and _strip(file, color):  # (every style click removes starts with ESC)
        out = _ANSI.sub("", out)
    file.write(out)
    file.flush()


def _misconfigured(stream: Any) -> bool:
    """click's ``_stream_is_misconfigured``: a stream whose encoding is ASCII (or unset), for
    which click writes through a UTF-8 wrapper of the stream's buffer."""
    import codecs

    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "ascii"
    except LookupError:
        return False


def _strip(stream: Any, color: Optional[bool]) -> bool:
    """click's ``should_strip_ansi`` (no click context: ``color`` as given)."""
    if color is None:
        if hasattr(stream, "color"):
            return False
        try:
            tty = stream.isatty()
        except Exception:  # noqa: BLE001 - click's isatty: any failure is not a terminal
            tty = False
        return not tty and not stream.__class__.__module__.startswith("ipykernel.")
    return not color


class Aborted(Exception):
    """An interrupt (Ctrl-C) or end of input while a command ran without click: what click's
    ``Abort`` is to ``cli.main``."""


class PacifyFlushWrapper:
    """click's ``_PacifyFlushWrapper``: standard output or error after a broken pipe, whose
    flush at exit ignores the pipe's end."""

    def __init__(self, wrapped: Any) -> None:
        self.wrapped = wrapped

    def flush(self) -> None:
        try:
            self.wrapped.flush()
        except OSError as e:
            import errno

            if e.errno != errno.EPIPE:
                raise

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.wrapped, attr)
