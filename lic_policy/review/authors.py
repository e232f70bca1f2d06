"""Word author names → pseudonymous handles, without keeping anything that names anyone.

``review import`` turns each Word author into a handle (``reviewer-1``, ``reviewer-2``, ...)
that stays the same across imports. To recognise an author again it keeps, beside the review
file, ``NAME.review-authors.json``: for each author only ``HMAC-SHA256(key, name)`` and the
handle. The key never lives in the repository:

* ``LIC_POLICY_AUTHOR_KEY`` (at least 32 characters) when it is set — for CI, or for a team
  whose members import into the same review files and share the key as a secret;
* otherwise a random 256-bit key created on first use in the user's data folder
  (``$XDG_DATA_HOME/lic-policy/author-key`` or ``~/.local/share/lic-policy/author-key``;
  ``%APPDATA%\\lic-policy\\author-key`` on Windows), readable only by its owner.

Without the key, the map lets no one test a guessed name: the HMAC of a guess cannot be
computed. Each entry records which key made it (a key id, itself an HMAC of a constant), so
two machines importing into one review file keep their own entries, and a lost key only means
that authors already seen get new handles.

The first format (``salt`` and ``sha256(salt + name)`` in the file itself) let anyone with
the repository test guesses. ``Authors`` migrates it: authors in the file being imported
whose old hash matches keep their handle (now stored as an HMAC); every old hash is dropped.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import sys
import unicodedata
from pathlib import Path
from typing import Optional

from .. import lazy_re
from ..errors import InputError, UsageError

ENV = "LIC_POLICY_AUTHOR_KEY"
MIN_KEY_CHARS = 32
FORMAT = 2
_REVIEWER_N = lazy_re.compile(r"^reviewer-(\d+)$")
AUTHOR_LABEL = lazy_re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]{0,63})\s+\(([a-z-]+)\)\s*$")  # a Word author name written "handle (role)"
ABOUT = ("Word author names seen by `lic-policy review import`, kept only as HMAC-SHA256 with a key that "
         "is not in this repository (LIC_POLICY_AUTHOR_KEY or the importing user's data folder); each maps "
         "to the pseudonymous handle used in the review file. Without the key no name can be tested.")


def data_folder() -> Path:
    """The user's data folder for lic-policy (kept, unlike the cache folder)."""
    if sys.platform == "win32" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / "lic-policy"
    from ..usercache import xdg_home

    base = xdg_home("XDG_DATA_HOME", ".local", "share")
    if not base:  # `~` left as it is: the key would be made in the folder the command runs in
        raise InputError("no home folder to keep the author key in (HOME is unset or not an absolute path)",
                         hint=f"set HOME, or XDG_DATA_HOME to an absolute path, or {ENV} to a secret of "
                              f"{MIN_KEY_CHARS}+ random characters")
    return Path(base) / "lic-policy"


def key_path() -> Path:
    return data_folder() / "author-key"


def author_key() -> tuple[bytes, str]:
    """(key, where it comes from). Creates the key file on first use."""
    env = os.environ.get(ENV)
    if env is not None:
        how = f"use at least {MIN_KEY_CHARS} random characters, e.g. the output of " \
              "`python -c 'import secrets; print(secrets.token_hex(32))'`"
        if len(env.strip()) < MIN_KEY_CHARS:
            raise UsageError(f"{ENV} is too short ({len(env.strip())} characters)", hint=how)
        guessable = _guessable(env.strip())
        if guessable:
            raise UsageError(f"{ENV} {guessable}: anyone could try it against the author map and test guessed "
                             "reviewer names", hint=how)
        return env.strip().encode("utf-8"), ENV
    path = key_path()
    try:
        with open(path, "rb") as fh:
            _refuse_shared(fh.fileno(), path)
            text = fh.read().decode("ascii").strip()
    except FileNotFoundError:
        return _create_key(path), str(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the author key ({getattr(exc, 'strerror', None) or exc})", file=str(path),
                         hint=f"make it readable, or set {ENV}") from None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < 16:
        raise InputError("the author key is not 32 or more hexadecimal bytes", file=str(path),
                         hint="restore it from a backup; deleting it makes a new key, and authors imported "
                              "before then get new handles")
    return key, str(path)


MIN_DISTINCT_CHARS = 8
"""Different characters a key must hold: 32 random hexadecimal digits hold 14 on average, and
fewer than 8 about once in a billion keys; `changeme` four times, `password` four times and 32
zeros hold 7, 7 and 1."""
_PLACEHOLDER = lazy_re.compile(r"\$\{[^}]*\}|\$\([^)]*\)|\{\{.*\}\}|^\$[A-Za-z_]\w*$|^%[A-Za-z_]\w*%$")


def _guessable(key: str) -> str:
    """What makes ``key`` one anyone could guess ("" when nothing does): the HMAC keeps names
    only as long as the key is secret, and a length of 32 said nothing about that."""
    if _PLACEHOLDER.search(key):
        return "is a placeholder a shell or a .env loader left unexpanded, not a secret"
    if len(set(key)) < MIN_DISTINCT_CHARS:
        return f"holds only {len(set(key))} different characters (a word or a pattern repeated, not a secret)"
    return ""


def _refuse_shared(fd: int, path: Path) -> None:
    """Refuse a key file other accounts can read: it is made 0600, but one copied from a backup
    or another machine (`cp` gives 0644) was used as it was, and any account of the machine
    could then test guessed reviewer names against a repository's author map (ssh refuses a
    private key others can read for the same reason)."""
    import stat

    if not hasattr(os, "geteuid"):  # Windows: the user's profile folder keeps it
        return
    mode = stat.S_IMODE(os.fstat(fd).st_mode)
    if mode & 0o077:
        raise InputError(f"the author key can be read or changed by other accounts of this machine (mode "
                         f"{mode:04o}), who could test guessed reviewer names with it", file=str(path),
                         hint=f"make it private: chmod 600 {path}")


def _create_key(path: Path) -> bytes:
    import secrets  # here: it imports random, which every `check` would pay for

    key = secrets.token_bytes(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # O_EXCL: when two imports start at once, one creates the key and the other reads it
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return author_key()[0]
    except OSError as exc:
        raise InputError(f"cannot create the author key ({exc.strerror or exc})", file=str(path),
                         hint=f"make the folder writable, or set {ENV} to a secret of {MIN_KEY_CHARS}+ characters") \
            from None
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key.hex() + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    return key


def key_id(key: bytes) -> str:
    """Which key made an entry (says nothing about any name)."""
    return hmac.new(key, b"lic-policy author key id", hashlib.sha256).hexdigest()[:16]


def normalize(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name or "").split()).casefold()


def author_mac(key: bytes, name: str) -> str:
    return hmac.new(key, normalize(name).encode("utf-8"), hashlib.sha256).hexdigest()


def authors_path(review_file: Path) -> Path:
    name = review_file.name
    stem = name[: -len(".review.yaml")] if name.endswith(".review.yaml") else review_file.stem
    return review_file.with_name(stem + ".review-authors.json")


def _text(value) -> str:
    if not isinstance(value, str):
        raise TypeError
    return value


def _handle(value) -> str:
    """A handle of the author map: one a review file can hold."""
    from ..model.review import HANDLE_PATTERN, handle_problem

    if not isinstance(value, str) or not re.match(HANDLE_PATTERN, value) or handle_problem(value):
        raise ValueError
    return value


class Authors:
    """The author map of one review file, read once, saved after the import."""

    def __init__(self, path: Path, review, default_role: Optional[str], *, source: Optional[str] = None,
                 command: Optional[str] = None):
        self.path = path
        self.default_role = default_role
        self.source = source  # the Word file read, named in the error (never an author's name)
        self.command = command  # the command that reads it, repeated with --role in the hint
        self._key: Optional[bytes] = None
        self.entries: list[dict] = []  # {"key", "mac", "handle"}
        self.old_salt: Optional[str] = None
        self.old: dict[str, str] = {}  # first-format sha256 → handle, only while importing
        self.carried = 0
        self.changed = False
        self.floor = 1  # no reviewer-N below this is handed out again (also one whose hash was dropped)
        if os.path.exists(path):  # os.path: False for a name too long to exist (Path.exists raised)
            from ..store import decode, read_bytes

            try:
                raw = read_bytes(path, what="the author map (NAME.review-authors.json)",
                                 hint="an author map is a few kilobytes: is it the file `lic-policy review import` wrote?")
                data = json.loads(decode(raw, str(path)))
                if not isinstance(data, dict):
                    raise TypeError
                if "salt" in data or data.get("format", 1) == 1:
                    self.old_salt = str(data["salt"])
                    self.old = {str(a["hash"]): str(a["handle"]) for a in data.get("authors") or []}
                    self.changed = True  # rewritten without the old hashes
                else:
                    self.entries = [{"key": _text(a["key"]), "mac": _text(a["mac"]), "handle": _handle(a["handle"])}
                                    for a in data.get("authors") or []]
                    floor = data.get("next_handle") or 1
                    # hostile24: `"next_handle": 1e300` (or 99999999999) made a handle no review file
                    # holds, an internal error; `true` was 1, `null` a handle 'None'
                    if isinstance(floor, bool) or not isinstance(floor, int) or not 1 <= floor <= 999_999_999:
                        raise ValueError
                    self.floor = floor
            except (ValueError, KeyError, TypeError, RecursionError):  # RecursionError: nested thousands deep
                raise InputError("cannot read the author map", file=str(path),
                                 hint="it is JSON written by `lic-policy review import`; restore it or delete it "
                                      "(imported reviewers then get new reviewer-N handles)") from None
        used = [int(m.group(1)) for h in [*self.old.values(), *(e["handle"] for e in self.entries)]
                if (m := _REVIEWER_N.match(h))]
        for t in review.threads:
            for a in [t.author, *(r.author for r in t.replies)]:
                m = _REVIEWER_N.match(a.handle)
                if m:
                    used.append(int(m.group(1)))
        self.next = max(max(used, default=0) + 1, self.floor)

    @property
    def migrated(self) -> bool:
        return self.old_salt is not None

    @property
    def dropped(self) -> int:
        return len(self.old) - self.carried if self.migrated else 0

    def key(self) -> bytes:
        if self._key is None:
            self._key = author_key()[0]
            self._kid = key_id(self._key)
            self._by_mac = {e["mac"]: e["handle"] for e in self.entries if e["key"] == self._kid}
        return self._key

    def author(self, name: str):
        from ..model.review import ROLES, Author
        from ..model.review import handle_problem as invalid_handle
        from ..privacy import handle_problem as name_like

        m = AUTHOR_LABEL.match(name or "")
        role = None
        if m and m.group(2) in ROLES and m.group(2) != "automated":
            if invalid_handle(m.group(1)) is None and name_like(m.group(1)) is None:
                return Author(handle=m.group(1), role=m.group(2))
            role = m.group(2)  # "jane.doe (staff)": the role is kept, the name-like handle is not
        role = role or self.default_role
        if role is None:
            again = "--role sex-worker-advisory, staff, legal or community" + (
                f", e.g. `{self.command} --role community`" if self.command else "")
            raise UsageError("the file has comments or changes whose author (the user name in Word or LibreOffice) "
                             "is not a lic-policy handle such as 'advisory-3 (sex-worker-advisory)'",
                             file=self.source,
                             hint=f"say which role they review in with {again}; they are stored as reviewer-1, "
                                  "reviewer-2 …, never by name")
        key = self.key()
        mac = author_mac(key, name)
        handle = self._by_mac.get(mac)
        if handle is None and self.old_salt is not None:
            digest = hashlib.sha256((self.old_salt + "\x00" + (name or "").strip()).encode("utf-8")).hexdigest()
            handle = self.old.get(digest)
            if handle is not None:
                self.carried += 1
        if handle is None:
            handle = f"reviewer-{self.next}"
            self.next += 1
        if mac not in self._by_mac:
            self._by_mac[mac] = handle
            self.entries.append({"key": self._kid, "mac": mac, "handle": handle})
            self.changed = True
        return Author(handle=handle, role=role)

    def save(self) -> None:
        if not self.changed:
            return
        from ..store import save_atomic

        data = {"about": ABOUT, "format": FORMAT, "scheme": "hmac-sha256", "next_handle": self.next,
                "authors": sorted(self.entries, key=lambda e: (e["handle"], e["key"], e["mac"]))}
        save_atomic(self.path, json.dumps(data, indent=2) + "\n")
        self.changed = False
        self.old, self.old_salt = {}, None


def old_format(path: Path) -> bool:
    """Whether ``path`` is an author map in the first format (salted SHA-256 in the file)."""
    try:
        with open(path, encoding="utf-8") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    return '"salt"' in head


__all__ = ["Authors", "authors_path", "author_key", "author_mac", "key_id", "key_path", "data_folder", "ENV",
           "old_format"]
