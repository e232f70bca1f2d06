"""pandoc's answers remembered for the test run: a ``subprocess.run`` of pandoc that a test
process already made, with the same program, arguments, input and named files, gets the
answer pandoc gave then instead of running pandoc again.

pandoc under ``--sandbox`` is a pure function of what it is given: the binary, its arguments,
the bytes on its standard input and the files named on its command line (it reads no other
file and has no clock: it writes 1970-01-01 where a date would go, see
``lic_policy.publish.pandoc.stamp_dates``). ``make test`` ran it 410 times (26.5 s of its
61 s of CPU spent in the processes the tests start); 78 of those were an exact repeat of an
earlier run's input, and from one ``make test`` to the next nearly all of them are.

Only a call that cannot be told apart from running pandoc again is answered from the memo:

* the program is a file named ``pandoc`` and the arguments include ``--sandbox`` (a pandoc
  that may read any file is always run); the binary is identified by its path, size,
  modification time and inode (a reinstall changes them);
* the call is ``subprocess.run(cmd, input=bytes, capture_output=True, timeout=…,
  check=…)`` and nothing else (no ``cwd``, ``env``, ``preexec_fn``, text mode or other
  streams): the way ``lic_policy.publish.pandoc.run`` calls it;
* every argument that names a file (``PATH`` or ``--opt=PATH``) is read and its bytes are
  part of the key; an argument that names a folder, or a pandoc user data folder that
  exists (``$XDG_DATA_HOME/pandoc``, ``~/.local/share/pandoc``, ``~/.pandoc``: pandoc looks
  for templates there) means pandoc is run; the output file (``-o``) is the one path that is
  not part of the key (only its extension);
* standard input that is a zip file (a Word or ODF file) is part of the key without the
  dates of its members (``_without_zip_times``), which pandoc's readers never read;
* the process may write files of any size (``RLIMIT_FSIZE`` unlimited); the timeout is part
  of the key;
* only a run that succeeded (exit 0) is kept; a failure, a timeout or a signal is pandoc's
  own every time;
* the answer is returned as pandoc gave it (exit 0, standard output and error) and the
  output file is written with the bytes pandoc wrote; where that write fails, pandoc is run.

A test that replaces ``subprocess.run`` (``monkeypatch``) replaces the memo with it. Where
the memo is kept is ``LIC_POLICY_TEST_PANDOC``: ``keep`` (what ``make test`` sets) keeps it
in the worktree (``.lic-policy-test-pandoc/``, git-ignored, pruned to its most recently
used 100 MB) from run to run; ``run`` (the default, and ``make test-all``, what CI runs)
keeps it in the run's own cache folder, which the run removes, so every run of the whole
suite runs pandoc on every distinct input at least once; ``off`` runs pandoc every time;
``check`` runs it every time and fails a test whose remembered answer (in the kept memo) is
not what pandoc answers now. ``LIC_POLICY_TEST_PANDOC_LOG=FILE`` appends each call the memo
did not answer (its key, the test, the arguments) to FILE: in a second run, about 120 of the
410 calls, whose input differs from run to run (packets of guidelines in a test's own
temporary folder, review threads stamped with the time, handles hashed with the run's key).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import subprocess
import tempfile
from pathlib import Path

_ALLOWED = {"input", "capture_output", "timeout", "check"}
_LIMIT = 100 << 20  # the kept memo is pruned to this many bytes (its most recently used entries)


def _identity(program: str) -> bytes | None:
    try:
        st = os.stat(program)
    except OSError:
        return None
    return f"{os.path.realpath(program)}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}".encode()


def _user_data_folder() -> bool:
    home = Path.home()
    xdg = os.environ.get("XDG_DATA_HOME") or str(home / ".local" / "share")
    return any(p.exists() for p in (Path(xdg) / "pandoc", home / ".pandoc"))


_ZIP_KEYED = 32 << 20  # a Word or ODF file on standard input up to this size is keyed without its zip dates


def _without_zip_times(data: bytes) -> bytes:
    """``data`` with the modification time and date of each zip member (its local header's and
    its central directory entry's four bytes) set to zero, where ``data`` is a zip file that
    Python's ``zipfile`` reads whole and whose headers lie where its directory says; else
    ``data`` as it is. pandoc's Word and ODF readers never read those dates, and the Word files
    the tests build with ``zipfile`` (``writestr`` stamps each member with the time it was
    written) differed from run to run in those bytes only: about 60 of the calls a second
    ``make test`` could not answer (BENCHMARKS.md, "speed17")."""
    if not data.startswith(b"PK\x03\x04") or len(data) > _ZIP_KEYED:
        return data
    import io
    import struct
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos, at = z.infolist(), z.start_dir
    except Exception:  # noqa: BLE001 - not a zip zipfile reads (a broken one): keyed as it is
        return data
    out = bytearray(data)
    for info in infos:
        o = info.header_offset
        if out[o:o + 4] != b"PK\x03\x04":
            return data
        out[o + 10:o + 14] = bytes(4)  # last-modified time and date
    for _info in infos:
        if out[at:at + 4] != b"PK\x01\x02" or len(out) < at + 46:
            return data
        out[at + 12:at + 16] = bytes(4)
        n, m, k = struct.unpack("<HHH", out[at + 28:at + 34])
        at += 46 + n + m + k
    return bytes(out)


def _key(cmd: list[str], kwargs: dict) -> tuple[str, int | None] | None:
    """(the memo's key for this call, the index in ``cmd`` of the output file or None), or
    None where pandoc must be run."""
    if not cmd or os.path.basename(cmd[0]) != "pandoc" or "--sandbox" not in cmd:
        return None
    if set(kwargs) - _ALLOWED or not kwargs.get("capture_output"):
        return None
    data = kwargs.get("input", b"")
    if not isinstance(data, bytes):
        return None
    try:
        import resource

        if resource.getrlimit(resource.RLIMIT_FSIZE)[0] != resource.RLIM_INFINITY:
            return None
    except (ImportError, OSError, ValueError):
        return None
    ident = _identity(cmd[0])
    if ident is None or _user_data_folder():
        return None
    h = hashlib.sha256(ident)
    h.update(repr(kwargs.get("timeout")).encode() + b"\0" + hashlib.sha256(_without_zip_times(data)).digest())
    out_at = None
    for i, arg in enumerate(cmd[1:], 1):
        if cmd[i - 1] in ("-o", "--output"):
            out_at = i
            h.update(b"\0-o " + os.path.splitext(arg)[1].encode())
            continue
        if arg.startswith(("--output=", "-o")) and arg not in ("-o",):
            return None  # an output spelled another way than ``-o PATH``: run it
        h.update(b"\0" + arg.encode("utf-8", "surrogateescape"))
        for name in {arg, arg.partition("=")[2]} - {""}:
            if os.path.isdir(name):
                return None
            if os.path.isfile(name):
                try:
                    h.update(b"\0file " + hashlib.sha256(Path(name).read_bytes()).digest())
                except OSError:
                    return None
    if out_at is None and ("-o" in cmd[1:] or "--output" in cmd[1:]):
        return None
    return h.hexdigest(), out_at


def install(folder: Path, *, check: bool = False) -> None:
    """Put the memo in front of ``subprocess.run`` in this process, kept in ``folder``; with
    ``check``, pandoc is run on every call all the same and a remembered answer that is not
    what it answers now is an error (the premise above, tested)."""
    real_run = subprocess.run

    def run(*popenargs, **kwargs):
        cmd = popenargs[0] if popenargs else kwargs.get("args")
        if len(popenargs) != 1 or not isinstance(cmd, (list, tuple)) or not all(isinstance(a, str) for a in cmd):
            return real_run(*popenargs, **kwargs)
        try:
            found = _key(list(cmd), kwargs)
        except (OSError, ValueError):
            found = None
        if found is None:
            return real_run(*popenargs, **kwargs)
        key, out_at = found
        entry = folder / key[:2] / key
        try:
            kept = pickle.loads(entry.read_bytes())
            if check:
                proc = real_run(*popenargs, **kwargs)
                now = Path(cmd[out_at]).read_bytes() if out_at is not None else None
                if (proc.returncode, proc.stdout, proc.stderr, now) != (0, kept["stdout"], kept["stderr"], kept["file"]):
                    raise AssertionError(f"pandoc memo: {cmd} answered differently from its remembered answer")
                return proc
            if out_at is not None:
                Path(cmd[out_at]).write_bytes(kept["file"])
            os.utime(entry)
            return subprocess.CompletedProcess(cmd, 0, kept["stdout"], kept["stderr"])
        except (OSError, pickle.UnpicklingError, EOFError, KeyError, TypeError, ValueError):
            pass
        proc = real_run(*popenargs, **kwargs)
        if os.environ.get("LIC_POLICY_TEST_PANDOC_LOG"):  # which calls were not answered, and in which test
            with open(os.environ["LIC_POLICY_TEST_PANDOC_LOG"], "a", encoding="utf-8") as fh:
                fh.write(f"{key[:12]}\t{os.environ.get('PYTEST_CURRENT_TEST', '')}\t{' '.join(cmd[1:])[:200]}\n")
        if proc.returncode == 0:
            try:
                kept = {"stdout": proc.stdout, "stderr": proc.stderr,
                        "file": Path(cmd[out_at]).read_bytes() if out_at is not None else None}
                entry.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".new-")
                with os.fdopen(fd, "wb") as fh:
                    fh.write(pickle.dumps(kept, protocol=5))
                os.replace(tmp, entry)  # whole or not at all (another worker may write it too)
            except OSError:
                pass
        return proc

    run.__wrapped__ = real_run  # type: ignore[attr-defined]
    subprocess.run = run


def prune(folder: Path, limit: int = _LIMIT) -> None:
    """Remove the least recently used entries of a kept memo past ``limit`` bytes."""
    try:
        entries = [(e.stat().st_mtime, e.stat().st_size, e) for e in folder.glob("*/*")]
    except OSError:
        return
    total = sum(size for _t, size, _e in entries)
    for _t, size, e in sorted(entries):
        if total <= limit:
            break
        try:
            e.unlink()
            total -= size
        except OSError:
            pass
