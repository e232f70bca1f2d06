"""Errors a user can cause.

Every one of them carries a file, a 1-based line and column where there is one,
what is wrong and how to fix it. The CLI prints each on one line and exits 2.
"""

from __future__ import annotations


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
        return text.replace("\n", " ")

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


class UsageError(LicPolicyError):
    """A command used the wrong way (bad option, missing argument)."""


class ConfigError(LicPolicyError):
    """A configuration file that cannot be used."""


class OutputError(LicPolicyError):
    """A file or folder that cannot be written (read-only, missing, full disk, not a file)."""


class LockTimeout(LicPolicyError):
    """Another process held a file's write lock for longer than the lock timeout."""
