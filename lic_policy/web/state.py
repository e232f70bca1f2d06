"""The review room's own state: review rounds, invitations, sessions and failed-link counts.

Kept in one SQLite database (the embedded default; the standard library's ``sqlite3``) in
the user's data folder — ``$XDG_DATA_HOME/lic-policy/review-room.sqlite3`` or
``~/.local/share/lic-policy/review-room.sqlite3`` — or wherever ``--state`` / the
``LIC_POLICY_STATE`` environment variable says. It is never inside the repository and never
committed: the guideline and its threads live in ``NAME.yaml`` and ``NAME.review.yaml``.

What it holds, and what it never holds:

* tokens (the operator token, invitation links, session cookies) only as SHA-256 hashes —
  a token is 256 random bits, so its hash is as good as a password hash and cannot be
  guessed back; the database alone opens nothing;
* a reviewer's pseudonymous handle and role, as staff chose them — never a name, an email,
  an IP address or a user agent; no request is ever recorded;
* failed link attempts as bare timestamps (no address), for the rate limit;
* agreements with a thread (*I agree* in the room) as a count: a row per agreement holding
  only a keyed hash of (guideline, thread) under a secret made from the invitation's link, which
  this file holds only as a hash (a session keeps the secret XORed with a key made from its own
  token, also kept only as a hash), so one link counts once and can take it back, and the file
  alone does not say whose it is (rows made before version 2 are keyed by the invitation's number
  under this file's key, and are re-keyed when their reviewer next opens the draft);
* each round's copy of the guideline text it opened on, so the next round can show what
  changed since (git may not hold that exact text).

Every write is one SQLite transaction (WAL journal), so stopping the server at any moment
loses nothing that was acknowledged.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import re
import secrets
import stat
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..errors import UsageError

SCHEMA_VERSION = 2  # 2: sessions.agree_wrap (privacy29)
TOKEN_BYTES = 32  # 256 bits: ~43 characters of URL-safe base64
SESSION_DAYS = 30
FAILURE_WINDOW = 15 * 60.0  # seconds
MAX_FAILURES = 30  # failed link attempts per window, server-wide, before links are refused for a while
MAX_POSTS = 1000  # comments and replies one invitation may write in its round
MAX_POST_CHARS = 1_000_000  # and their characters (250 comments of the longest kind, 4,000)
BUSY_SECONDS = 10.0  # how long a write waits for another program that holds the state file

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rounds (
  id INTEGER PRIMARY KEY,
  guideline TEXT NOT NULL,
  version TEXT,
  digest TEXT NOT NULL,
  snapshot TEXT NOT NULL,
  opened TEXT NOT NULL,
  closes TEXT,
  closed TEXT,
  show_findings INTEGER NOT NULL DEFAULT 0,
  show_others INTEGER NOT NULL DEFAULT 0,
  title TEXT
);
CREATE TABLE IF NOT EXISTS invitations (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES rounds(id),
  token_hash TEXT NOT NULL UNIQUE,
  handle TEXT NOT NULL,
  role TEXT NOT NULL,
  created TEXT NOT NULL,
  revoked TEXT,
  opened TEXT,
  UNIQUE (round_id, handle)
);
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('staff', 'reviewer')),
  invitation_id INTEGER REFERENCES invitations(id),
  handle TEXT NOT NULL,
  csrf TEXT NOT NULL,
  lang TEXT,
  created TEXT NOT NULL,
  expires TEXT NOT NULL,
  agree_wrap TEXT
);
CREATE TABLE IF NOT EXISTS failures (at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS invited_as (
  invitation_id INTEGER PRIMARY KEY REFERENCES invitations(id),
  handle TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS agreements (
  guideline TEXT NOT NULL,
  thread TEXT NOT NULL,
  mark TEXT NOT NULL,
  PRIMARY KEY (guideline, thread, mark)
);
CREATE TABLE IF NOT EXISTS posts (
  invitation_id INTEGER PRIMARY KEY REFERENCES invitations(id),
  n INTEGER NOT NULL DEFAULT 0,
  chars INTEGER NOT NULL DEFAULT 0
);
"""


def default_path() -> Path:
    """Where the state lives unless told otherwise: the user's data folder."""
    env = os.environ.get("LIC_POLICY_STATE")
    if env:
        return Path(env)
    from ..errors import UsageError
    from ..usercache import xdg_home

    base = xdg_home("XDG_DATA_HOME", ".local", "share")
    if not base:  # `~` left as it is: the state would be made in the folder the room runs in
        raise UsageError("no home folder to keep the review room's state in (HOME is unset or not an absolute "
                         "path)", hint="give --state FILE, or set HOME, or XDG_DATA_HOME to an absolute path")
    return Path(base) / "lic-policy" / "review-room.sqlite3"


def agreement_counts(guideline: str, path: Optional[str | os.PathLike] = None) -> dict[str, int]:
    """{thread id: how many reviewers agree} with ``guideline``'s threads in the review room,
    read from its state file (``path``, else ``default_path()``) without writing to it: for
    `review list` and the Word packet, which show the counts where a drafter reads threads.
    No state file: no counts (and none is made). A file that cannot be read: ``UsageError``."""
    where = Path(path) if path is not None else default_path()
    if not where.is_file():
        return {}
    keys = {os.path.abspath(guideline), os.path.realpath(guideline)}
    from urllib.parse import quote

    try:
        db = sqlite3.connect(f"file:{quote(str(where.resolve()))}?mode=ro", uri=True, timeout=BUSY_SECONDS)
        try:
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "agreements" not in tables:
                if tables and "meta" not in tables:
                    raise sqlite3.DatabaseError("it is another program's database")
                return {}
            rows = db.execute(f"SELECT thread, count(*) FROM agreements WHERE guideline IN "
                              f"({', '.join('?' * len(keys))}) GROUP BY thread", sorted(keys)).fetchall()
        finally:
            db.close()
    except sqlite3.Error as exc:
        raise UsageError(f"cannot read the review room's state file for the agreement counts: {exc}",
                         file=str(where), hint="give the room's state file with --state FILE") from None
    return {str(t): int(n) for t, n in rows}


def _make_private(path: Path) -> None:
    """Create a new state file readable by its owner only, before sqlite opens it: sqlite makes
    its journal files (-wal, -shm) with the mode of the database file, and the file was made
    with the umask's 0644 and narrowed afterwards, so the journal that holds every round's text
    and the reviewers' handles stayed readable by everyone on the computer."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError:
        pass  # there already (or not ours to make): sqlite says what is wrong with it
    # a state file already there (made 0644 by a version before this, restored from a backup,
    # `touch room.db`) is narrowed before sqlite opens it, and so is a journal left beside it:
    # sqlite makes the journal with the database file's mode when it opens it
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        try:
            st = os.lstat(p)
            if stat.S_ISREG(st.st_mode) and st.st_uid == os.getuid() and stat.S_IMODE(st.st_mode) & 0o077:
                os.chmod(p, stat.S_IMODE(st.st_mode) & 0o700)
        except (OSError, AttributeError):  # not there; or no os.getuid (Windows)
            pass


def _clip_text(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def _xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def utcnow() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)


def iso(t: _dt.datetime) -> str:
    return t.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(value: Optional[str]) -> Optional[_dt.datetime]:
    if not value:
        return None
    return _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def closing_time(value: str) -> str:
    """A closing date (``2026-12-31``: the end of that day, UTC) or date-time → ISO UTC."""
    from ..typed_dates import read_typed_date

    value = (value or "").strip()
    try:
        read = read_typed_date(value)  # '20271231' was the start of that day, '2026W521' a Monday
        if not isinstance(read, _dt.datetime):
            t = _dt.datetime(read.year, read.month, read.day, 23, 59, 59, tzinfo=_dt.timezone.utc)
        else:
            t = read if read.tzinfo else read.replace(tzinfo=_dt.timezone.utc)
        t = t.astimezone(_dt.timezone.utc)  # year 1 east of UTC is year 0: OverflowError
    except (ValueError, OverflowError):
        shown = value if len(value) <= 40 else value[:40] + "…"
        raise UsageError(f"'{shown}' is not a date", hint="give a closing date such as 2026-12-31") from None
    if t.year < 1000:  # '1-01-01T23:59:59Z' (strftime drops the zeros) was read back as no date: a 500 page
        raise UsageError(f"'{value}' is long past", hint="give a closing date such as 2026-12-31")
    return iso(t)


@dataclass
class Round:
    id: int
    guideline: str
    version: Optional[str]
    digest: str
    opened: str
    closes: Optional[str]
    closed: Optional[str]
    show_findings: bool
    show_others: bool
    title: Optional[str]

    def is_open(self, now: Optional[_dt.datetime] = None) -> bool:
        now = now or utcnow()
        if self.closed:
            return False
        c = parse_iso(self.closes)
        return c is None or now <= c


@dataclass
class Invitation:
    id: int
    round_id: int
    handle: str
    role: str
    created: str
    revoked: Optional[str]
    opened: Optional[str]
    invited_as: Optional[str] = None  # the staff's name for it, when the reviewer chose another


@dataclass
class Session:
    kind: str
    handle: str
    csrf: str
    lang: Optional[str]
    invitation_id: Optional[int]
    expires: str
    # the secret a reviewer's agreements are marked with (made from their invitation link, kept
    # in the state only wrapped under this session's token): None for staff and older sessions
    agree: Optional[bytes] = field(default=None, repr=False)


def _refuse_no_file(path: str) -> None:
    """One line for a state file that cannot be one: a device or pipe (`--state /dev/null`
    was sqlite's 'disk I/O error'), or a path written as Windows writes it (`--state
    'C:\\room\\state.db'` made a state file of that name in the current folder)."""
    import stat

    from ..store import refuse_windows_output

    refuse_windows_output(path, "--state")
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        kind = ("a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device")
        raise UsageError(f"not a regular file ({kind})", file=path,
                         hint="the review room keeps its state in a file: give another place with --state FILE")


class StateFileGone(sqlite3.OperationalError):
    """The state file's name leads to another file, or to none, since the room opened it."""


def _identity(path: Path) -> Optional[tuple[int, int]]:
    """Which file ``path`` names (device and inode), or None when it names none."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


class _CheckedLock:
    """The state's lock; taking it first checks that the state file is still the one opened."""

    def __init__(self, check) -> None:
        self._lock = threading.Lock()
        self._check = check

    def __enter__(self) -> "_CheckedLock":
        self._lock.acquire()
        try:
            self._check()
        except BaseException:
            self._lock.release()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self._lock.release()

    def unchecked(self) -> threading.Lock:
        return self._lock


class State:
    """One SQLite connection, used under a lock (requests run in a thread pool)."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        if str(self.path) != ":memory:":
            _refuse_no_file(str(path))
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            except OSError as exc:
                raise UsageError(f"cannot create the folder for the review room's state: {exc.strerror}",
                                 file=str(self.path.parent), hint="give another place with --state FILE") from None
            _make_private(self.path)
        where = {"file": str(self.path), "hint": "give another place with --state FILE"}
        waited_until = time.monotonic() + BUSY_SECONDS
        for attempt in range(50):
            try:
                self.db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None,
                                          timeout=BUSY_SECONDS)
                self._refuse_foreign()  # before anything is written to it
                self._refuse_damaged()
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=FULL")
                self.db.execute("PRAGMA foreign_keys=ON")
                self.db.executescript(_SCHEMA)
                # OR IGNORE: another process opening the new file at the same moment may have
                # written it between the look and the write (two `serve --invite` started together)
                self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
                self._upgrade()
                break
            except sqlite3.DatabaseError as exc:
                if getattr(self, "db", None) is not None:
                    self.db.close()
                locked = isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)
                # a new file opened by two processes at once: switching it to WAL takes the
                # file for a moment, and sqlite does not wait for that; try again shortly
                if locked and attempt < 49 and time.monotonic() < waited_until:
                    time.sleep(0.02 * (attempt + 1))
                    continue
                if locked:
                    # another program holds the file (the sqlite3 shell, a backup tool, a stuck
                    # server): an internal error after 10 s, or a wait of 50 times that
                    raise UsageError(f"the review room's state file is in use by another program and stayed locked "
                                     f"for {BUSY_SECONDS:g} s", file=str(self.path),
                                     hint="close the program that has it open (another `lic-policy serve`, the "
                                          "sqlite3 shell, a backup), or give another place with --state FILE") from None
                raise UsageError(f"cannot use the review room's state file: {exc}", **where) from None
        self._identity: Optional[tuple[int, int]] = None
        if str(self.path) != ":memory:":
            try:
                os.chmod(self.path, 0o600)
            except OSError:
                pass
            self._identity = _identity(self.path)
        self.lock = _CheckedLock(self._check_file)

    def _check_file(self) -> None:
        """Refuse to go on when the state file's name no longer leads to the file the room
        opened (removed, moved away, or replaced by a copy while the room ran): sqlite kept
        writing to the open file, which no one would read again, and at the next start every
        round, invitation and session was gone without a word (hostile29)."""
        if self._identity is not None and _identity(self.path) != self._identity:
            raise StateFileGone("it was removed or replaced while the room ran, and what the room recorded now "
                                "would be lost at the next start")

    def _refuse_damaged(self) -> None:
        """Refuse, untouched, a state file whose pages are damaged (a disk fault, a copy cut
        short, a file written over): the first write to it was an internal error, and every
        request of a running room a 500 page."""
        rows = self.db.execute("PRAGMA quick_check(3)").fetchall()
        if rows and rows[0][0] != "ok":
            self.db.close()
            said = " ".join(str(rows[0][0]).replace("*** in database main ***", "").split())
            raise UsageError(f"the review room's state file is damaged (sqlite found: {_clip_text(said, 60)}); it "
                             "was left as it is", file=str(self.path),
                             hint="restore it from a backup, or give a new file with --state FILE and invite the "
                                  "reviewers again")

    def _upgrade(self) -> None:
        """A state file of version 1 gets the sessions' ``agree_wrap`` (version 2): sessions opened
        before keep marking agreements the old way until their link is opened again."""
        cols = {r[1] for r in self.db.execute("PRAGMA table_info(sessions)")}
        if "agree_wrap" not in cols:
            try:
                self.db.execute("ALTER TABLE sessions ADD COLUMN agree_wrap TEXT")
            except sqlite3.OperationalError as exc:  # another process added it a moment ago
                if "duplicate column" not in str(exc):
                    raise
        self.db.execute("UPDATE meta SET value=? WHERE key='schema' AND CAST(value AS INTEGER) < ?",
                        (str(SCHEMA_VERSION), SCHEMA_VERSION))

    def _refuse_foreign(self) -> None:
        """Refuse, untouched, a database that is not a review room's state: another program's
        (``--state`` naming the wrong file), or one made by a newer lic-policy."""
        tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return  # new or empty: made into a state file
        where = {"file": str(self.path), "hint": "give another place with --state FILE"}
        if "meta" not in tables:
            self.db.close()
            shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
            raise UsageError(f"not a review room's state file: it is another program's database (tables {shown}); "
                             "it was left as it is", **where)
        row = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        ours = set(re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", _SCHEMA))
        if row is None and tables <= ours:
            return  # stopped between making the tables and writing the version: finished now
        if row is None or not str(row[0]).isdigit():
            self.db.close()
            raise UsageError("not a review room's state file: its meta table has no schema version; it was left "
                             "as it is", **where)
        if int(row[0]) > SCHEMA_VERSION:
            self.db.close()
            raise UsageError(f"the state file was made by a newer lic-policy (state version {row[0]}, this one "
                             f"reads {SCHEMA_VERSION}); it was left as it is",
                             file=str(self.path), hint="upgrade lic-policy, or give another place with --state FILE")

    def close(self) -> None:
        with self.lock.unchecked():
            self.db.close()

    # ------------------------------------------------------------------ operator

    def new_operator_token(self) -> str:
        """A fresh operator token (printed once); the previous one stops working."""
        token = new_token()
        with self.lock:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('operator', ?)", (token_hash(token),))
        return token

    def is_operator(self, token: str) -> bool:
        with self.lock:
            row = self.db.execute("SELECT value FROM meta WHERE key='operator'").fetchone()
        return row is not None and secrets.compare_digest(row[0], token_hash(token))

    # ------------------------------------------------------------------ rounds

    def open_round(self, guideline: str, version: Optional[str], text: str, *, closes: Optional[str],
                   show_findings: bool, show_others: bool, title: Optional[str], reuse_open: bool = False) -> Round:
        """A new round on ``guideline``; with ``reuse_open``, the guideline's newest open round
        when it has one (`serve --invite`). The look and the opening are one transaction, so two
        processes inviting at once (a shell loop with `&`) cannot each open a round."""
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")  # waits (timeout) for another process's transaction
            try:
                if reuse_open:
                    rows = self.db.execute(f"SELECT {self._ROUND_COLS} FROM rounds WHERE guideline=? ORDER BY id "
                                           "DESC", (guideline,)).fetchall()
                    found = next((r for r in map(self._round, rows) if r.is_open()), None)
                    if found is not None:
                        self.db.execute("COMMIT")
                        return found
                cur = self.db.execute(
                    "INSERT INTO rounds (guideline, version, digest, snapshot, opened, closes, show_findings, "
                    "show_others, title) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (guideline, version, digest, text, iso(utcnow()), closes, int(show_findings), int(show_others),
                     title))
                rid = cur.lastrowid
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
        return self.round(rid)

    def _round(self, row) -> Round:
        return Round(row[0], row[1], row[2], row[3], row[4], row[5], row[6], bool(row[7]), bool(row[8]), row[9])

    _ROUND_COLS = "id, guideline, version, digest, opened, closes, closed, show_findings, show_others, title"

    def round(self, rid: int) -> Optional[Round]:
        if not 0 <= rid < 2**63:  # /staff/r/99999999999999999999: no round (sqlite cannot even look)
            return None
        with self.lock:
            row = self.db.execute(f"SELECT {self._ROUND_COLS} FROM rounds WHERE id=?", (rid,)).fetchone()
        return self._round(row) if row else None

    def rounds(self, guideline: Optional[str] = None) -> list[Round]:
        with self.lock:
            if guideline is None:
                rows = self.db.execute(f"SELECT {self._ROUND_COLS} FROM rounds ORDER BY id").fetchall()
            else:
                rows = self.db.execute(f"SELECT {self._ROUND_COLS} FROM rounds WHERE guideline=? ORDER BY id",
                                       (guideline,)).fetchall()
        return [self._round(r) for r in rows]

    def snapshot(self, rid: int) -> Optional[str]:
        with self.lock:
            row = self.db.execute("SELECT snapshot FROM rounds WHERE id=?", (rid,)).fetchone()
        return row[0] if row else None

    def previous_round(self, r: Round, handle: Optional[str] = None) -> Optional[Round]:
        """The round before ``r`` on the same guideline — with ``handle``, the last one that
        reviewer was invited to, if any (the version they last saw)."""
        with self.lock:
            row = None
            if handle is not None:
                row = self.db.execute(
                    f"SELECT {', '.join('r.' + c.strip() for c in self._ROUND_COLS.split(','))} FROM rounds r "
                    "JOIN invitations i ON i.round_id = r.id WHERE r.guideline=? AND r.id<? AND i.handle=? "
                    "ORDER BY r.id DESC LIMIT 1", (r.guideline, r.id, handle)).fetchone()
            if row is None:
                row = self.db.execute(f"SELECT {self._ROUND_COLS} FROM rounds WHERE guideline=? AND id<? "
                                      "ORDER BY id DESC LIMIT 1", (r.guideline, r.id)).fetchone()
        return self._round(row) if row else None

    def close_round(self, rid: int) -> None:
        with self.lock:
            self.db.execute("UPDATE rounds SET closed=? WHERE id=? AND closed IS NULL", (iso(utcnow()), rid))

    # ------------------------------------------------------------------ invitations

    def invite(self, rid: int, handle: str, role: str) -> tuple[Invitation, str]:
        """A new invitation link token for ``handle`` in round ``rid`` (returned once, stored hashed)."""
        token = new_token()
        with self.lock:
            try:
                cur = self.db.execute(
                    "INSERT INTO invitations (round_id, token_hash, handle, role, created) VALUES (?, ?, ?, ?, ?)",
                    (rid, token_hash(token), handle, role, iso(utcnow())))
            except sqlite3.IntegrityError:
                # invited before and the link withdrawn (forwarded by mistake, lost): a new link on
                # the same invitation, so what they wrote keeps its name; the old link stays dead (ux16)
                cur = self.db.execute(
                    "UPDATE invitations SET token_hash=?, role=?, created=?, revoked=NULL, opened=NULL "
                    "WHERE round_id=? AND handle=? AND revoked IS NOT NULL",
                    (token_hash(token), role, iso(utcnow()), rid, handle))
                if cur.rowcount != 1:
                    raise UsageError(f"'{handle}' already has a link in this round",
                                     hint="give each reviewer their own handle, or withdraw that link first, "
                                          "then invite them again for a new one") from None
                cur = self.db.execute("SELECT id FROM invitations WHERE round_id=? AND handle=?", (rid, handle))
                iid = cur.fetchone()[0]
            else:
                iid = cur.lastrowid
        return self.invitation(iid), token

    def _inv(self, row) -> Invitation:
        return Invitation(*row)

    _INV_COLS = ("id, round_id, handle, role, created, revoked, opened, "
                 "(SELECT a.handle FROM invited_as a WHERE a.invitation_id = invitations.id)")

    def invitation(self, iid: int) -> Optional[Invitation]:
        with self.lock:
            row = self.db.execute(f"SELECT {self._INV_COLS} FROM invitations WHERE id=?", (iid,)).fetchone()
        return self._inv(row) if row else None

    def invitations(self, rid: int) -> list[Invitation]:
        with self.lock:
            rows = self.db.execute(f"SELECT {self._INV_COLS} FROM invitations WHERE round_id=? ORDER BY id",
                                   (rid,)).fetchall()
        return [self._inv(r) for r in rows]

    def invitation_by_token(self, token: str) -> Optional[Invitation]:
        with self.lock:
            row = self.db.execute(f"SELECT {self._INV_COLS} FROM invitations WHERE token_hash=?",
                                  (token_hash(token),)).fetchone()
        return self._inv(row) if row else None

    def mark_opened(self, iid: int) -> None:
        with self.lock:
            self.db.execute("UPDATE invitations SET opened=? WHERE id=? AND opened IS NULL", (iso(utcnow()), iid))

    def rename_invitation(self, iid: int, handle: str) -> bool:
        """The made-up name a reviewer chose for themselves, on their invitation and its open
        sessions; False when another invitation of the round has it."""
        with self.lock:
            row = self.db.execute("SELECT handle FROM invitations WHERE id=?", (iid,)).fetchone()
            try:
                self.db.execute("UPDATE invitations SET handle=? WHERE id=?", (handle, iid))
            except sqlite3.IntegrityError:
                return False
            if row is not None:
                # the name the staff gave the link is kept (the first one only): the round page
                # shows it beside the chosen one, so the staff still know whose link it was
                self.db.execute("INSERT OR IGNORE INTO invited_as VALUES (?, ?)", (iid, row[0]))
            self.db.execute("UPDATE sessions SET handle=? WHERE invitation_id=?", (handle, iid))
        return True

    def revoke(self, iid: int) -> None:
        with self.lock:
            self.db.execute("UPDATE invitations SET revoked=? WHERE id=? AND revoked IS NULL", (iso(utcnow()), iid))
            self.db.execute("DELETE FROM sessions WHERE invitation_id=?", (iid,))

    # ------------------------------------------------------------------ sessions

    def new_session(self, kind: str, handle: str, invitation_id: Optional[int] = None,
                    lang: Optional[str] = None, invitation_token: Optional[str] = None) -> tuple[str, Session]:
        """A session; a reviewer's, opened with ``invitation_token`` (their link), carries the
        secret their agreements are marked with, stored only wrapped under the session's token."""
        token = new_token()
        csrf = new_token()
        expires = iso(utcnow() + _dt.timedelta(days=SESSION_DAYS))
        agree = self._agreement_secret(invitation_token) if invitation_token else None
        wrap = _xor(agree, self._wrapping(token)).hex() if agree else None
        with self.lock:
            self.db.execute("INSERT INTO sessions (token_hash, kind, invitation_id, handle, csrf, lang, created, "
                            "expires, agree_wrap) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            (token_hash(token), kind, invitation_id, handle, csrf, lang, iso(utcnow()), expires, wrap))
            self.db.execute("DELETE FROM sessions WHERE expires < ?", (iso(utcnow()),))
        return token, Session(kind, handle, csrf, lang, invitation_id, expires, agree)

    def session(self, token: str) -> Optional[Session]:
        with self.lock:
            row = self.db.execute("SELECT kind, handle, csrf, lang, invitation_id, expires, agree_wrap FROM sessions "
                                  "WHERE token_hash=?", (token_hash(token),)).fetchone()
        if row is None:
            return None
        s = Session(*row[:6])
        if parse_iso(s.expires) < utcnow():
            return None
        if row[6]:
            try:
                s.agree = _xor(bytes.fromhex(row[6]), self._wrapping(token))
            except ValueError:  # not hex (edited by hand): agreements are marked the old way
                s.agree = None
        return s

    def set_session(self, token: str, **values) -> None:
        allowed = {"lang", "handle"}
        cols = [k for k in values if k in allowed]
        if not cols:
            return
        with self.lock:
            self.db.execute(f"UPDATE sessions SET {', '.join(c + '=?' for c in cols)} WHERE token_hash=?",
                            (*[values[c] for c in cols], token_hash(token)))

    def end_session(self, token: str) -> None:
        with self.lock:
            self.db.execute("DELETE FROM sessions WHERE token_hash=?", (token_hash(token),))

    # ------------------------------------------------------------------ what each invitation wrote

    def take_post(self, iid: int, chars: int) -> bool:
        """Count one comment or reply of ``chars`` characters against invitation ``iid``'s
        budget for its round (``MAX_POSTS``, ``MAX_POST_CHARS``); False, and nothing counted,
        when it would go past it. Counted before the write (two posts at once cannot both
        take the last place); ``give_back_post`` when the write does not happen."""
        with self.lock:
            self.db.execute("INSERT OR IGNORE INTO posts (invitation_id) VALUES (?)", (iid,))
            cur = self.db.execute("UPDATE posts SET n = n + 1, chars = chars + ? WHERE invitation_id = ? AND n < ? "
                                  "AND chars + ? <= ?", (chars, iid, MAX_POSTS, chars, MAX_POST_CHARS))
            return cur.rowcount == 1

    def give_back_post(self, iid: int, chars: int) -> None:
        with self.lock:
            self.db.execute("UPDATE posts SET n = max(n - 1, 0), chars = max(chars - ?, 0) WHERE invitation_id = ?",
                            (chars, iid))

    # ------------------------------------------------------------------ agreements (counts only)

    def _agreement_secret(self, invitation_token: str) -> bytes:
        """The secret an invitation's agreements are marked with: made from its link, which the
        state holds only as a SHA-256, so the state file alone cannot make it (privacy29)."""
        import hmac

        return hmac.new(self._state_key(), b"agree\0" + invitation_token.encode("utf-8", "surrogatepass"),
                        hashlib.sha256).digest()

    def _wrapping(self, session_token: str) -> bytes:
        """What a session's agreement secret is stored XORed with: made from the session's token,
        which the state holds only as a SHA-256."""
        import hmac

        return hmac.new(self._state_key(), b"agree-wrap\0" + session_token.encode("utf-8", "surrogatepass"),
                        hashlib.sha256).digest()

    @staticmethod
    def _secret_mark(secret: bytes, guideline: str, thread: str) -> str:
        import hmac

        return hmac.new(secret, f"{guideline}\0{thread}".encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()

    def _agreement_mark(self, guideline: str, thread: str, iid: int) -> str:
        """The mark of an agreement made before version 2 of the state, or by a session opened
        before it: a keyed hash of (guideline, thread, invitation) under the state's own key,
        which whoever holds the state file can compute for each invitation."""
        import hmac

        msg = f"{guideline}\0{thread}\0{iid}".encode("utf-8", "surrogatepass")
        return hmac.new(self._state_key(), msg, hashlib.sha256).hexdigest()

    def _state_key(self) -> bytes:
        key = getattr(self, "_agreement_key", None)
        if key is None:  # read (made the first time) once per process, not at every page
            with self.lock:
                row = self.db.execute("SELECT value FROM meta WHERE key='agreement-key'").fetchone()
                if row is None:
                    self.db.execute("INSERT OR IGNORE INTO meta VALUES ('agreement-key', ?)", (secrets.token_hex(32),))
                    row = self.db.execute("SELECT value FROM meta WHERE key='agreement-key'").fetchone()
            key = self._agreement_key = row[0].encode()
        return key

    def agree(self, guideline: str, thread: str, iid: int, agrees: bool = True,
              secret: Optional[bytes] = None) -> None:
        """Count (or take back) invitation ``iid``'s agreement with ``thread``: at most one each.
        ``secret``: the session's (``Session.agree``); without it, the old mark."""
        old = self._agreement_mark(guideline, thread, iid)
        mark = self._secret_mark(secret, guideline, thread) if secret else old
        with self.lock:
            if mark != old:  # an agreement stored the old way becomes this one
                self.db.execute("DELETE FROM agreements WHERE guideline=? AND thread=? AND mark=?",
                                (guideline, thread, old))
            if agrees:
                self.db.execute("INSERT OR IGNORE INTO agreements VALUES (?, ?, ?)", (guideline, thread, mark))
            else:
                self.db.execute("DELETE FROM agreements WHERE guideline=? AND thread=? AND mark=?",
                                (guideline, thread, mark))

    def forget_agreements(self, guideline: str, thread: str) -> None:
        """Drop every agreement with ``thread``: its words were taken back, and an agreement is
        with words (ux15)."""
        with self.lock:
            self.db.execute("DELETE FROM agreements WHERE guideline=? AND thread=?", (guideline, thread))

    def agreements(self, guideline: str, iid: Optional[int] = None,
                   secret: Optional[bytes] = None) -> tuple[dict[str, int], set[str]]:
        """({thread: how many agree}, the threads invitation ``iid`` agrees with). With the
        session's ``secret``, its agreements stored the old way are marked anew."""
        with self.lock:
            rows = self.db.execute("SELECT thread, mark FROM agreements WHERE guideline=?", (guideline,)).fetchall()
        counts: dict[str, int] = {}
        for thread, _m in rows:
            counts[thread] = counts.get(thread, 0) + 1
        mine: set[str] = set()
        if iid is not None and rows:
            old = {t: self._agreement_mark(guideline, t, iid) for t in counts}
            new = {t: self._secret_mark(secret, guideline, t) for t in counts} if secret else old
            mine = {t for t, m in rows if m in (old[t], new[t])}
            stale = [t for t, m in rows if secret and m == old[t]]
            if stale:
                with self.lock:
                    for t in stale:
                        self.db.execute("DELETE FROM agreements WHERE guideline=? AND thread=? AND mark=?",
                                        (guideline, t, old[t]))
                        self.db.execute("INSERT OR IGNORE INTO agreements VALUES (?, ?, ?)", (guideline, t, new[t]))
                counts = {}
                with self.lock:
                    for (thread,) in self.db.execute("SELECT thread FROM agreements WHERE guideline=?", (guideline,)):
                        counts[thread] = counts.get(thread, 0) + 1
        return counts, mine

    # ------------------------------------------------------------------ failed link attempts

    def failed_attempt(self, now: Optional[float] = None) -> None:
        now = time.time() if now is None else now
        with self.lock:
            self.db.execute("INSERT INTO failures VALUES (?)", (now,))
            self.db.execute("DELETE FROM failures WHERE at < ?", (now - FAILURE_WINDOW,))

    def locked_out(self, now: Optional[float] = None, limit: int = MAX_FAILURES) -> float:
        """Seconds until links are accepted again (0 when they are)."""
        now = time.time() if now is None else now
        with self.lock:
            rows = self.db.execute("SELECT at FROM failures WHERE at >= ? ORDER BY at DESC LIMIT ?",
                                   (now - FAILURE_WINDOW, limit)).fetchall()
        if len(rows) < limit:
            return 0.0
        return max(0.0, rows[-1][0] + FAILURE_WINDOW - now)
