"""Errors a user can cause.

Every one of them carries a file, a 1-based line and column where there is one,
what is wrong and how to fix it. The CLI prints each on one line and exits 2.
"""

from __future__ import annotations


# C0 controls but tab and newline, DEL and C1 controls, the direction embeddings, overrides and
# isolates (U+202A-E, U+2066-9) and the line and paragraph separators → one visible character
# each: what goes to a terminal never runs an escape sequence (ESC ] 0; retitles the window, ESC
# [2J clears it) or turns a line around. Used for error lines here and for every report line
# that quotes a file (lic_policy.report.text.printable).
CONTROL_PICTURES = {c: 0x2400 + c for c in range(32) if c not in (9, 10)} | {0x7F: 0x2421} | \
    {c: 0xFFFD for c in range(0x80, 0xA0)} | \
    {c: 0xFFFD for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))} | {0x2028: 0x2424, 0x2029: 0xB6}


def shell_word(name: object) -> str:
    """A file name as one word of a command a hint gives to copy (`lic-policy fix --write
    NAME`): quoted where a shell needs it (a space, a quote, ``$``), and after ``./`` when it
    starts with a dash, which the command would read as an option (``-g.yaml``: 'No such
    option -g'). Every command a message names a file in goes through here."""
    import os
    import shlex

    text = os.fspath(name) if isinstance(name, os.PathLike) else str(name)
    if text.startswith("-") and text != "-":
        text = "./" + text
    if any(ord(ch) in CONTROL_PICTURES or ch in "\n\t" or "\udc80" <= ch <= "\udcff" for ch in text):
        return _ansi_c_word(text)
    return shlex.quote(text)


def _ansi_c_word(text: str) -> str:
    """``text`` as one ``$'…'`` word (bash, zsh, ksh, POSIX 2024's sh): a line break, ESC, a
    direction override or a byte that is not UTF-8 in a file name written as its escape, so the
    hint names the file to copy and paste, and the terminal shows it rather than running it or
    breaking the line (hostile24: a name holding `ESC ] 0 ;` retitled the window through every
    `next:` hint)."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in "\\'":
            out.append("\\" + ch)
        elif 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8 (os.fsdecode's surrogate escape)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif code in CONTROL_PICTURES:
            out.append(f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "$'" + "".join(out) + "'"


def diff_name(text: str) -> str:
    """A file name for a diff's ``---``/``+++`` line: as it is, or, when it holds a line break,
    ESC, a direction control or a byte that is not UTF-8, in double quotes with those bytes as
    octal escapes, as git writes such names (``"a/g\\033]0;T\\007.yaml"``; git apply and
    patch read them back). The diff goes to a terminal: the name's escape is never run."""
    if not any(ord(ch) in CONTROL_PICTURES or ch in "\n\t" or "\udc80" <= ch <= "\udcff" for ch in text):
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\{code - 0xDC00:03o}")
        elif code in CONTROL_PICTURES:
            out.append("".join(f"\\{b:03o}" for b in ch.encode("utf-8")))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def one_line_text(text: str) -> str:
    """``text`` on one line, with nothing a terminal would run (see ``CONTROL_PICTURES``)."""
    return text.translate(CONTROL_PICTURES).replace("\n", " ")


class LicPolicyError(Exception):
    """An error caused by input or usage, never by a bug in lic_policy."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.hint = hint

    def location(self) -> str:
        if not self.file:
            return ""
        if self.line is None:
            return self.file
        if self.column is None:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"

    def one_line(self) -> str:
        loc = self.location()
        text = f"{loc}: error: {self.message}" if loc else f"error: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return one_line_text(text)  # a name, key or value from a file may hold a line break or ESC

    def __str__(self) -> str:  # pragma: no cover - exercised through one_line
        return self.one_line()

    def __reduce__(self):
        # pickled with its attributes (file, line, column, hint, and a subclass's own), so an
        # error found in a worker process reaches the parent whole
        return _rebuild, (type(self), dict(self.__dict__))


def _rebuild(cls: type, state: dict) -> LicPolicyError:
    err = cls.__new__(cls)
    Exception.__init__(err, state.get("message", ""))
    err.__dict__.update(state)
    return err


class InputError(LicPolicyError):
    """A file that cannot be read, decoded or parsed."""


class TooLarge(InputError):
    """A file over its size limit, or a write that would take it past the limit."""


class UsageError(LicPolicyError):
    """A command used the wrong way (bad option, missing argument)."""


class ConfigError(LicPolicyError):
    """A configuration file that cannot be used."""


class OutputError(LicPolicyError):
    """A file or folder that cannot be written (read-only, missing, full disk, not a file)."""


class FileChanged(OutputError):
    """A file another program saved while lic-policy was working on it: nothing written."""


class LockTimeout(LicPolicyError):
    """Another process held a file's write lock for longer than the lock timeout."""
