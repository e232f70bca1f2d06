"""The figures of issue 13: hostile and careless inputs, tried surface by surface.

    python tests/hostile_report.py            # writes tests/HOSTILE_INPUTS.md and prints it
    python tests/hostile_report.py --quick    # leaves out the 1 GB bomb and the 50-round race

Every case runs the real CLI in a fresh process (``python -m lic_policy``) with a time limit,
in a folder of its own, and is judged on what a user would see and keep:

* **clean**: the expected exit code (2 for a refusal, one line naming the place; 0 where the
  input is fine), no traceback, no "internal error", within the time limit;
* **traceback / internal error / hang**: counted apart;
* **data lost**: a file the command must not change did change, or a thread written by a
  concurrent writer is missing;
* **payload survived**: what the input tried to do happened (git wrote a file, a link
  points at the page's ``<base>`` site, a pattern ran away, a tag was kept).

The cases are the ones tests/test_data_safety.py, tests/test_hostile_input.py and the corpus
folders test one by one; this script counts them in one table.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import test_hostile_input as H  # noqa: E402  (the Word and ODT builders)

GOOD = ROOT / "guidelines" / "cedar-harbour-sex-work-response.yaml"
DRAFT = ROOT / "guidelines" / "cedar-harbour-early-draft.yaml"
POLICE = ROOT / "guidelines" / "cedar-harbour-police-guideline.yaml"
SAMPLE = (ROOT / "tests" / "test_review_threads.py").read_text(encoding="utf-8").split('SAMPLE = """\\\n')[1] \
    .split('"""')[0]


@dataclass
class Run:
    code: Optional[int]  # None: timed out
    out: str
    err: str
    seconds: float


@dataclass
class Case:
    surface: str
    name: str
    run: Callable[[Path], tuple[bool, bool, bool, str]]  # (clean, data lost, payload survived, note)


@dataclass
class Tally:
    tried: int = 0
    clean: int = 0
    tracebacks: int = 0
    internal: int = 0
    hangs: int = 0
    lost: int = 0
    payloads: int = 0
    notes: list = field(default_factory=list)


def cli(args: list[str], cwd: Path, *, timeout: float = 60, env: Optional[dict] = None) -> Run:
    e = dict(os.environ, PYTHONPATH=str(ROOT), LIC_POLICY_NOW="2026-11-24T10:00:00Z", **(env or {}))
    e.pop("LIC_POLICY_DEBUG", None)
    t0 = time.perf_counter()
    try:
        p = subprocess.run([sys.executable, "-m", "lic_policy", *args], cwd=cwd, capture_output=True, text=True,
                           env=e, timeout=timeout, errors="replace")
        return Run(p.returncode, p.stdout, p.stderr, time.perf_counter() - t0)
    except subprocess.TimeoutExpired as exc:
        return Run(None, str(exc.stdout or ""), str(exc.stderr or ""), time.perf_counter() - t0)


LAST: dict = {}


def refused(r: Run, *words: str, where: str = "", code: int = 2) -> bool:
    """A clean refusal: the exit code and one line on standard error, with the words (and
    starting with the place, when given)."""
    LAST["run"] = r
    lines = [ln for ln in r.err.splitlines() if ln.strip()]
    return (r.code == code and len(lines) == 1 and all(w in lines[0] for w in words)
            and lines[0].startswith(where) and not _bad(r))


def ok(r: Run, code: int = 0) -> bool:
    LAST["run"] = r
    return r.code == code and not _bad(r)


def _bad(r: Run) -> bool:
    return "Traceback" in r.err + r.out or "internal error" in r.err + r.out


def _snapshot(folder: Path) -> dict:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".lic-policy-locks" not in p.parts}


# --------------------------------------------------------------------------- cases

def yaml_cases() -> list[Case]:
    from tests.test_bad_inputs import BAD, CASES

    out = []
    for name, (code, line, col, words) in sorted(CASES.items()):
        for command in ("validate", "check"):
            if command == "check" and code == 1:
                continue

            def run(d: Path, name=name, command=command, code=code, line=line, col=col, words=words):
                src = BAD / name
                args = [command, *(["--no-cache"] if command == "check" else []), str(src)]
                r = cli(args, d)
                where = f"{src}:" + (f"{line}:" if line else "") + (f"{col}:" if col else "")
                hit = [ln for ln in (r.out + r.err).splitlines() if words in ln]
                clean = r.code == code and not _bad(r) and bool(hit) and hit[0].startswith(where)
                payload = "echo this must never run" in r.out and code == 2 and r.code == 0
                LAST["run"] = r
                return clean, False, payload, ""
            out.append(Case("YAML guidelines (corpus, validate and check)", f"{command} {name}", run))
    return out


def review_file_cases() -> list[Case]:
    out = []
    for name, (line, col, words) in sorted(H.REVIEW_CASES.items()):
        for command in ("review list", "review add", "publish"):
            def run(d: Path, name=name, command=command, line=line, col=col, words=words):
                g = d / "g.yaml"
                shutil.copy(GOOD, g)
                review = d / "g.review.yaml"
                shutil.copy(H.BAD_REVIEW / name, review)
                before = review.read_bytes()
                args = {"review list": ["review", "list", str(g)],
                        "review add": ["review", "add", str(g), "--field", "purpose", "--quote", "sex workers",
                                       "--occurrence", "1", "--body", "b", "--author", "staff-1", "--role", "staff"],
                        "publish": ["publish", str(g), "--to", "md", "--out", str(d / "out")]}[command]
                r = cli(args, d, timeout=30)
                where = f"{review}:" + (f"{line}:" if line else "") + (f"{col}:" if col else "")
                return refused(r, words, where=where), review.read_bytes() != before, False, ""
            out.append(Case("Review files (corpus: list, add, publish)", f"{command} {name}", run))
    return out


def archive_cases(quick: bool) -> list[Case]:
    out = []

    def target(d: Path) -> Path:
        g = d / "g.yaml"
        g.write_text(SAMPLE, encoding="utf-8")
        return g

    def both(name: str, make: Callable[[Path], Path], words: str, expect_ok: bool = False):
        for command in ("import", "review import"):
            def run(d: Path, make=make, command=command):
                doc = make(d)
                g = target(d)
                args = ["import", str(doc), "-o", str(d / "out.yaml")] if command == "import" else \
                    ["review", "import", str(doc), "--guideline", str(g), "--role", "staff"]
                r = cli(args, d, timeout=60)
                if expect_ok:
                    return ok(r), False, False, ""
                written = (d / "out.yaml").exists() or (d / "g.review.yaml").exists()
                return refused(r, words) and r.seconds < 30, written, False, ""
            out.append(Case("Word and OpenDocument files", f"{command}: {name}", run))

    if not quick:
        both("1 MB .docx inflating to 1 GB", lambda d: H.docx(d / "bomb.docx", H._para("Staff offer support first.",
             True), H.COMMENTS, big_member=("word/footnotes.xml", 1024 << 20)), "uncompressed")
    both(".docx inflating to 200 MB", lambda d: H.docx(d / "bomb.docx", H._para("Staff offer support first."),
         big_member=("word/footnotes.xml", 200 << 20)), "uncompressed")
    both(".odt inflating to 300 MB", lambda d: H.odt(d / "bomb.odt", big=300 << 20), "content.xml")

    def liar(d: Path) -> Path:
        import zipfile

        p = H.docx(d / "liar.docx", H._para("Staff offer support first."), big_member=("word/footnotes.xml", 8 << 20))
        with zipfile.ZipFile(p) as z:
            real = z.getinfo("word/footnotes.xml").file_size.to_bytes(4, "little")
        p.write_bytes(p.read_bytes().replace(real, (4096).to_bytes(4, "little")))
        return p
    both("a part larger than its header says", liar, "word/footnotes.xml")
    both("a truncated comments.xml", lambda d: H.docx(d / "cut.docx", H._para("Staff offer support first.", True),
         H.COMMENTS[: len(H.COMMENTS) // 2]), "damaged")

    def lol(d: Path) -> Path:
        import zipfile

        p = d / "lol.docx"
        ent = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;'
               '&a;&a;&a;&a;">]>')
        with zipfile.ZipFile(p, "w") as z:
            z.writestr("[Content_Types].xml", H.CONTENT_TYPES)
            z.writestr("_rels/.rels", H.RELS)
            z.writestr("word/document.xml", ent + f"<w:document {H.W}><w:body>{H._para('&b;')}</w:body></w:document>")
        return p
    both("an XML entity bomb", lol, "DOCTYPE")
    def not_zip(d: Path) -> Path:
        (d / "x.docx").write_bytes(b"PK\x03\x04 not really a zip")
        return d / "x.docx"
    both("not a zip at all", not_zip, "zip")
    both("a genuine Word file with a comment", lambda d: H.docx(d / "fine.docx", H._para(
        "Staff offer support first.", True), H.COMMENTS), "", expect_ok=True)
    return out


def special_file_cases() -> list[Case]:
    out = []
    for command in ("check", "validate"):
        def run(d: Path, command=command):
            folder = d / "guidelines"
            folder.mkdir()
            shutil.copy(GOOD, folder / "good.yaml")
            os.mkfifo(folder / "pipe.yaml")
            r = cli([command, *(["--no-cache"] if command == "check" else []), str(folder)], d, timeout=30)
            LAST["run"] = r
            lines = [ln for ln in (r.out + r.err).splitlines() if "pipe.yaml" in ln]
            return r.code == 2 and bool(lines) and "not a regular file" in lines[0] and not _bad(r), False, False, ""
        out.append(Case("Pipes and devices", f"{command} of a folder holding a FIFO pipe.yaml", run))
    for command in ("import", "review import"):
        def run(d: Path, command=command):
            os.mkfifo(d / "pipe.docx")
            g = d / "g.yaml"
            g.write_text(SAMPLE, encoding="utf-8")
            args = ["import", str(d / "pipe.docx")] if command == "import" else \
                ["review", "import", str(d / "pipe.docx"), "--guideline", str(g)]
            return refused(cli(args, d, timeout=30), "not a regular file"), False, False, ""
        out.append(Case("Pipes and devices", f"{command} of a FIFO named .docx", run))
    for args in (["validate", "/dev/zero"], ["check", "--no-cache", "/dev/zero"], ["import", "/dev/zero"]):
        def run(d: Path, args=args):
            r = cli(list(args), d, timeout=30)
            LAST["run"] = r
            clean = r.code == 2 and not _bad(r) and ("not a regular file" in r.out + r.err or
                                                    "cannot import" in r.out + r.err)
            return clean, False, False, ""
        out.append(Case("Pipes and devices", " ".join(args), run))
    return out


def git_cases() -> list[Case]:
    out = []

    def repo(d: Path) -> None:
        env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
                   GIT_COMMITTER_EMAIL="t@example.org")
        subprocess.run(["git", "init", "-q"], cwd=d, check=True, env=env)
        shutil.copy(DRAFT, d / "g.yaml")
        subprocess.run(["git", "add", "g.yaml"], cwd=d, check=True, env=env)
        subprocess.run(["git", "commit", "-q", "-m", "draft"], cwd=d, check=True, env=env)
        shutil.copy(GOOD, d / "g.yaml")

    for spec in H.OPTION_LIKE:
        for command in ("diff", "compare", "review packet --since"):
            def run(d: Path, spec=spec, command=command):
                repo(d)
                args = {"diff": ["diff", "--", spec, "g.yaml"], "compare": ["compare", "--", spec, "g.yaml"],
                        "review packet --since": ["review", "packet", "g.yaml", "--since", spec, "-o",
                                                  "packet.docx"]}[command]
                before = sorted(p.name for p in d.iterdir())
                r = cli(args, d, timeout=30)
                payload = sorted(p.name for p in d.iterdir()) != before
                return refused(r, "") and r.code == 2, False, payload, ""
            out.append(Case("git revisions", f"{command} {spec}", run))

    def blob(d: Path):
        repo(d)
        with open(d / "big.yaml", "wb") as fh:
            fh.write(b"purpose: ")
            fh.truncate(300 * 1024 * 1024)
        env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
                   GIT_COMMITTER_EMAIL="t@example.org")
        subprocess.run(["git", "add", "big.yaml"], cwd=d, check=True, env=env)
        subprocess.run(["git", "commit", "-q", "-m", "big"], cwd=d, check=True, env=env)
        (d / "big.yaml").unlink()
        code, err, seconds, peak, _out = H._run_bounded(["diff", "HEAD:big.yaml", "g.yaml"], d)
        LAST["run"] = Run(code, _out, err, seconds)
        return code == 2 and "over the" in err and peak < 150, False, False, f"{peak:.0f} MB at most"
    out.append(Case("git revisions", "diff of a 300 MB blob (refused before it is read)", blob))
    return out


def write_cases() -> list[Case]:
    import errno

    out = []
    faults = {
        "read-only folder": f"EROFS:{errno.EROFS}",
        "full disk": f"ENOSPC:{errno.ENOSPC}",
    }
    # a small wrapper that makes the folder OUT read-only or full for this process only (the
    # report runs as root, for whom chmod stops nothing), then runs the CLI
    wrapper = textwrap.dedent("""
        import errno, os, sys, runpy
        out, kind = sys.argv[1], sys.argv[2]
        def under(p):
            try:
                return os.path.commonpath([os.path.abspath(p), out]) == out
            except (TypeError, ValueError):
                return False
        if kind == "EROFS":
            real_open, real_mkdir = os.open, os.mkdir
            def fake_open(p, flags, *a, **k):
                if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and under(p):
                    raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(p))
                return real_open(p, flags, *a, **k)
            def fake_mkdir(p, *a, **k):
                if under(p):
                    raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(p))
                return real_mkdir(p, *a, **k)
            os.open, os.mkdir = fake_open, fake_mkdir
        else:
            real_fsync = os.fsync
            def fake_fsync(fd):
                try:
                    p = os.readlink(f"/proc/self/fd/{fd}")
                except OSError:
                    p = ""
                if under(p) and not os.path.isdir(p):
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                return real_fsync(fd)
            os.fsync = fake_fsync
        sys.argv = ["lic-policy", *sys.argv[3:]]
        runpy.run_module("lic_policy", run_name="__main__")
    """)
    commands = {
        "publish --out": lambda w, o: ["publish", str(w / "good.yaml"), "--to", "html,docx", "--out", str(o / "site")],
        "import -o": lambda w, o: ["import", str(w / "notes.md"), "-o", str(o / "imported.yaml")],
        "check -o": lambda w, o: ["check", "--no-cache", "--fail-on", "none", str(w / "good.yaml"), "-o",
                                  str(o / "report.json")],
        "fix --write": lambda w, o: ["fix", "--write", str(o / "draft.yaml")],
        "review add": lambda w, o: ["review", "add", str(o / "draft.yaml"), "--field", "purpose", "--quote", "This",
                                    "--body", "b", "--author", "staff-1", "--role", "staff"],
    }
    for place, fault in faults.items():
        for name, make in commands.items():
            def run(d: Path, make=make, fault=fault):
                w, o = d / "work", d / "out"
                w.mkdir()
                o.mkdir()
                shutil.copy(GOOD, w / "good.yaml")
                (w / "notes.md").write_text("# Notes on support\n\nStaff offer support first.\n", encoding="utf-8")
                shutil.copy(DRAFT, o / "draft.yaml")
                (o / "site").mkdir()
                before = _snapshot(o)
                e = dict(os.environ, PYTHONPATH=str(ROOT))
                t0 = time.perf_counter()
                p = subprocess.run([sys.executable, "-c", wrapper, str(o), fault.split(":")[0], *make(w, o)], cwd=d,
                                   capture_output=True, text=True, env=e, timeout=120)
                r = Run(p.returncode, p.stdout, p.stderr, time.perf_counter() - t0)
                return refused(r, str(o)), _snapshot(o) != before, False, ""
            out.append(Case("Unwritable places", f"{name} into a {place}", run))
    for name, args in {"check -o /proc/...": ["check", "--no-cache", str(GOOD), "-o", "/proc/lic-policy.json"],
                       "import -o /proc/self/...": ["import", "NOTES", "-o", "/proc/self/x.yaml"]}.items():
        def run(d: Path, args=args):
            (d / "notes.md").write_text("# Notes\n\nStaff offer support first.\n", encoding="utf-8")
            r = cli([str(d / "notes.md") if a == "NOTES" else a for a in args], d)
            return refused(r, "/proc/"), False, False, ""
        out.append(Case("Unwritable places", name, run))
    return out


def concurrency_cases(quick: bool) -> list[Case]:
    from tests.test_data_safety import ADD_LOOP, KILLED_APPLY

    out = []
    rounds = 10 if quick else 50

    def race(d: Path):
        g = d / "g.yaml"
        g.write_text(SAMPLE, encoding="utf-8")
        e = dict(os.environ, PYTHONPATH=str(ROOT), LIC_POLICY_NOW="2026-11-24T10:00:00Z")
        procs = [subprocess.Popen([sys.executable, "-c", ADD_LOOP, str(g), who, str(rounds)], env=e,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for who in ("a-1", "b-1")]
        outs = [p.communicate(timeout=600) for p in procs]
        sys.path.insert(0, str(ROOT))
        from lic_policy.review import threads

        kept = len(threads.load(d / "g.review.yaml").review.threads)
        clean = all(p.returncode == 0 and o.strip().endswith("failures: 0") for p, (o, _e) in zip(procs, outs))
        LAST["run"] = Run(0, "", "\n".join(e for _o, e in outs), 0)
        return clean, kept != 2 * rounds, False, f"{kept} of {2 * rounds} threads kept"
    out.append(Case("Concurrent writers", f"two `review add` processes, {rounds} rounds each", race))

    for kill_at in (1, 2, 3):
        def run(d: Path, kill_at=kill_at):
            from tests.test_data_safety import _accepted_pair, _expected

            g = d / "harbourview.yaml"
            g.write_text(SAMPLE, encoding="utf-8")
            os.environ["LIC_POLICY_NOW"] = "2026-11-24T10:00:00Z"
            _accepted_pair(g)
            before = g.read_text()
            e = dict(os.environ, PYTHONPATH=str(ROOT))
            subprocess.run([sys.executable, "-c", KILLED_APPLY, str(g), str(kill_at)], env=e, capture_output=True)
            r = cli(["review", "apply", str(g)], d)
            from lic_policy.review import threads

            statuses = [t.status for t in threads.load(d / "harbourview.review.yaml").review.threads]
            lost = g.read_text() != _expected(before) or statuses != ["resolved", "resolved"]
            return ok(r), lost, False, ""
        out.append(Case("Concurrent writers", f"`review apply` killed after write {kill_at}, then run again", run))
    return out


def file_kind_cases() -> list[Case]:
    out = []
    for newline in ("\r\n", "\n"):
        for bom in (True, False):
            def run(d: Path, newline=newline, bom=bom):
                from tests.test_data_safety import _as, _endings

                t = d / "draft.yaml"
                t.write_bytes(_as(DRAFT.read_text(encoding="utf-8"), newline, bom))
                r = cli(["fix", "--write", str(t)], d)
                raw = t.read_bytes()
                crlf, lf, cr = _endings(raw)
                kept = raw.startswith(b"\xef\xbb\xbf") == bom and cr == 0 and (lf == 0 if newline == "\r\n" else
                                                                               crlf == 0)
                return ok(r), not kept, False, ""
            out.append(Case("Line endings, BOM, links", f"fix --write, {'CRLF' if newline == chr(13) + chr(10) else 'LF'}"
                            f"{' + BOM' if bom else ''}", run))

    def link(d: Path):
        real = d / "shared"
        real.mkdir()
        shutil.copy(DRAFT, real / "draft.yaml")
        (d / "draft.yaml").symlink_to(real / "draft.yaml")
        r = cli(["fix", "--write", str(d / "draft.yaml")], d)
        return ok(r), not (d / "draft.yaml").is_symlink() or (real / "draft.yaml").read_bytes() == DRAFT.read_bytes(), \
            False, ""
    out.append(Case("Line endings, BOM, links", "fix --write through a symbolic link", link))

    def loop(d: Path):
        g = d / "g.yaml"
        g.write_text(SAMPLE, encoding="utf-8")
        (d / "g.review.yaml").symlink_to("g.review.yaml")
        r = cli(["review", "add", str(g), "--clause", "response.2", "--quote", "consent", "--body", "b", "--author",
                 "staff-1", "--role", "staff"], d)
        return refused(r, "symbolic link"), False, False, ""
    out.append(Case("Line endings, BOM, links", "review add on a link to itself", loop))
    return out


def misc_cases() -> list[Case]:
    out = []

    def pack(d: Path):
        cfg = d / ".lic-policy.yaml"
        cfg.write_text(f"packs: [{ROOT / 'tests' / 'corpus' / 'checks' / 'packs' / 'catastrophic.yaml'}]\n",
                       encoding="utf-8")
        (d / "a.md").write_text("a" * 40 + "\n", encoding="utf-8")
        r = cli(["check", "--no-cache", "--config", str(cfg), str(d / "a.md")], d, timeout=30)
        return refused(r, "exponential time"), False, r.code is None, ""
    out.append(Case("Rule packs and imports", "a user pack with (a|aa)+b", pack))

    def base(d: Path):
        (d / "p.html").write_text('<html><head><base href="https://tracker.example/"></head><body><h1>Support</h1>'
                                  '<h2>Services</h2><p>See <a href="services.html">services</a>.</p></body></html>',
                                  encoding="utf-8")
        r = cli(["import", str(d / "p.html"), "-o", str(d / "p.yaml")], d)
        payload = "tracker.example" in (d / "p.yaml").read_text(encoding="utf-8") if (d / "p.yaml").exists() else False
        return ok(r), False, payload, ""
    out.append(Case("Rule packs and imports", "HTML import with <base href>", base))

    for enc in ("latin-1", "ascii"):
        def run(d: Path, enc=enc):
            return ok(cli(["check", "--no-cache", "--fail-on", "none", str(DRAFT)], d,
                          env={"PYTHONIOENCODING": enc})), False, False, ""
        out.append(Case("Rule packs and imports", f"check with PYTHONIOENCODING={enc}", run))

    def keys(d: Path):
        (d / "k.yaml").write_text("lic_policy: 1\nmetadata: {" + ", ".join(f"k{i}: {i}" for i in range(700_000))
                                  + "}\n", encoding="utf-8")
        r = cli(["validate", "--max-size", "30000000", str(d / "k.yaml")], d, timeout=120)
        LAST["run"] = r
        return r.code == 2 and "more than 1,000,000 keys and values" in r.out + r.err and not _bad(r), False, False, ""
    out.append(Case("Rule packs and imports", "a file of 700,000 keys", keys))

    for where in ("front matter", "a block further down"):
        def md_bomb(d: Path, where=where):
            from tests.test_hostile_round4 import _alias_bomb

            bomb = _alias_bomb()
            text = ("\n".join(["---", *bomb, "title: T", "---", "", "# Support", "", "Staff offer support.", ""])
                    if where == "front matter" else
                    "\n".join(["# Support", "", "Staff offer support.", "", "---", *bomb, "---", "", "More.", ""]))
            (d / "notes.md").write_text(text, encoding="utf-8")
            r = cli(["import", "notes.md", "-o", "out.yaml"], d, timeout=90)
            clean = (refused(r, "alias") if where == "front matter" else ok(r)) and r.seconds < 30
            return clean, False, False, f"{r.seconds:.1f} s"
        out.append(Case("Rule packs and imports", f"import of Markdown with a YAML alias bomb in {where}", md_bomb))

    def objection(d: Path):
        g = d / "g.yaml"
        shutil.copy(GOOD, g)
        review = (ROOT / "guidelines" / "cedar-harbour-sex-work-response.review.yaml").read_text(encoding="utf-8")
        (d / "g.review.yaml").write_text(review + "# padding\n" * 3_500_000, encoding="utf-8")
        r = cli(["check", "--no-cache", str(g)], d)
        LAST["run"] = r
        return r.code == 1 and "cannot be read" in r.out and not _bad(r), False, False, ""
    out.append(Case("Rule packs and imports", "check of a published guideline whose review file is too big",
                    objection))
    return out


def config_cases() -> list[Case]:
    """hostile4: configuration files (the corpus in tests/corpus/bad-config), and a
    pyproject.toml saved as UTF-16 found by the upward lookup."""
    from tests.test_hostile_round4 import BAD_CONFIG, CONFIG_CASES

    out = []
    for name, (line, col, words) in sorted(CONFIG_CASES.items()):
        def run(d: Path, name=name, line=line, col=col, words=words):
            cfg = BAD_CONFIG / name
            before = DRAFT.read_bytes()
            r = cli(["check", "--no-cache", "--config", str(cfg), str(DRAFT)], d)
            where = f"{cfg}:" + (f"{line}:{col}:" if line else "")
            return refused(r, words, where=where), DRAFT.read_bytes() != before, False, ""
        out.append(Case("Configuration files (corpus, check --config)", f"check --config {name}", run))

    def utf16(d: Path):
        (d / "pyproject.toml").write_bytes('[tool.lic-policy]\nfail_on = "none"\n'.encode("utf-16"))
        shutil.copy(DRAFT, d / "g.yaml")
        return refused(cli(["check", "--no-cache", "g.yaml"], d), "UTF-16", where=str(d / "pyproject.toml")), \
            False, False, ""
    out.append(Case("Configuration files (corpus, check --config)", "a UTF-16 pyproject.toml found upwards", utf16))
    return out


def word_pandoc_cases() -> list[Case]:
    """hostile4: Word files that pass the zip checks but that pandoc cannot read."""
    from tests.test_hostile_round4 import WORD_PANDOC_CANNOT_READ

    out = []
    for name, make in sorted(WORD_PANDOC_CANNOT_READ.items()):
        for command in ("import", "review import"):
            def run(d: Path, name=name, make=make, command=command):
                doc = make(d / name)
                g = d / "g.yaml"
                g.write_text(SAMPLE, encoding="utf-8")
                args = ["import", str(doc), "-o", str(d / "out.yaml")] if command == "import" else \
                    ["review", "import", str(doc), "--guideline", str(g), "--role", "staff"]
                r = cli(args, d)
                written = (d / "out.yaml").exists() or (d / "g.review.yaml").exists()
                return refused(r, "save", where=f"{doc}: error: "), written, False, ""
            out.append(Case("Word and OpenDocument files", f"{command}: {name} (pandoc cannot read it)", run))
    return out


def lsp_cases() -> list[Case]:
    """hostile4: an editor that sends messages out of order or bytes that are not messages."""
    from tests.test_hostile_round4 import RawEditor, _popups

    def session(d: Path, frames: list, expect) -> tuple[bool, bool, bool, str]:
        os.environ["PYTHONPATH"] = str(ROOT)
        ed = RawEditor(d)
        try:
            ed.start()
            for f in frames:
                ed.frame(f) if isinstance(f, bytes) else ed.send(f)
            ed.send({"jsonrpc": "2.0", "id": 99, "method": "shutdown", "params": None})
            msgs = ed.until(lambda m: m.get("id") == 99)
        finally:
            err = ed.stop()
        LAST["run"] = Run(0, "", err if "internal error" in err else "", 0)
        answered = any(m.get("id") == 99 and "error" not in m for m in msgs)
        return answered and not _popups(msgs) and expect(msgs), False, False, ""

    def change(uri: str) -> dict:
        return {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": "Staff offer support.\n"}]}}

    def opened(uri: str) -> dict:
        return {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1, "text": "Staff offer support.\n"}}}

    def errors(code: int, n: int):
        return lambda msgs: [m["error"]["code"] for m in msgs if m.get("id") is None and "error" in m].count(code) == n

    out = [
        Case("Language server", "didChange of a document never opened",
             lambda d: session(d, [change((d / "never.md").as_uri())], lambda m: True)),
        Case("Language server", "didChange after didClose",
             lambda d: session(d, [opened((d / "c.md").as_uri()), {"jsonrpc": "2.0", "method": "textDocument/didClose",
                                   "params": {"textDocument": {"uri": (d / "c.md").as_uri()}}},
                                   change((d / "c.md").as_uri())], lambda m: True)),
        Case("Language server", "bodies that are not JSON",
             lambda d: session(d, [b"{not json", b"\xff\xfe{}"], errors(-32700, 2))),
        Case("Language server", "JSON that is not a message ([1, 2], null, 42, {})",
             lambda d: session(d, [b"[1, 2]", b"null", b"42", b"{}", b'{"jsonrpc": "2.0"}'], errors(-32600, 5))),
        Case("Language server", "notifications whose params do not fit",
             lambda d: session(d, [{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"bogus": 1}}],
                               lambda m: True)),
        Case("Language server", "a document at a path over 4096 bytes",
             lambda d: session(d, [opened("file:///" + "a/" * 3000 + "x.md")], lambda m: True)),
    ]

    def loop(d: Path):
        (d / "loop").symlink_to("loop")
        return session(d, [opened((d / "loop" / "l.md").as_uri())], lambda m: True)
    out.append(Case("Language server", "a document inside a folder that links to itself", loop))
    return out


def path_cases() -> list[Case]:
    """hostile4: names too long for the file system, link loops, a deleted working folder."""
    long = "b" * 300
    out = []
    for name, args in {"import": ["import", f"{long}.docx"], "import -o": ["import", "notes.md", "-o", f"{long}.yaml"],
                       "publish": ["publish", f"{long}.yaml"],
                       "check --config": ["check", "--no-cache", "--config", f"{long}.yaml", str(DRAFT)],
                       "init": ["init", "--no-input", "--title", "t", "--jurisdiction", "j", "--kind", "municipality",
                                f"{long}.yaml"]}.items():
        def run(d: Path, args=args):
            (d / "notes.md").write_text("# Notes\n\nStaff offer support first.\n", encoding="utf-8")
            return refused(cli(args, d), "too long"), False, False, ""
        out.append(Case("Paths, links and folders", f"a 300-byte file name: {name}", run))

    def import_loop(d: Path):
        (d / "notes.md").write_text("# Notes\n\nStaff offer support first.\n", encoding="utf-8")
        (d / "loop.yaml").symlink_to("loop.yaml")
        return refused(cli(["import", "notes.md", "-o", "loop.yaml", "--force"], d), "symbolic link"), \
            not (d / "loop.yaml").is_symlink(), False, ""
    out.append(Case("Paths, links and folders", "import -o a link to itself", import_loop))

    def pack_loop(d: Path):
        (d / "loop.yaml").symlink_to("loop.yaml")
        (d / "c.yaml").write_text("packs: [loop.yaml]\n", encoding="utf-8")
        return refused(cli(["check", "--no-cache", "--config", "c.yaml", str(DRAFT)], d), "loop.yaml"), False, \
            False, ""
    out.append(Case("Paths, links and folders", "a config pack that links to itself", pack_loop))

    def gone(d: Path):
        code = ("import os, sys; os.chdir(sys.argv[1]); os.rmdir(sys.argv[1]); from lic_policy.cli import main; "
                "main(['validate', sys.argv[2]])")
        (d / "gone").mkdir()
        e = dict(os.environ, PYTHONPATH=str(ROOT))
        e.pop("LIC_POLICY_DEBUG", None)
        p = subprocess.run([sys.executable, "-c", code, str(d / "gone"), str(DRAFT)], capture_output=True, text=True,
                           env=e, timeout=60)
        return refused(Run(p.returncode, p.stdout, p.stderr, 0), "no longer exists"), False, False, ""
    out.append(Case("Paths, links and folders", "a working folder deleted under the shell", gone))

    def device(d: Path):
        return refused(cli(["publish", str(GOOD), "--to", "md", "--out", "/dev/full"], d), "not a folder"), False, \
            False, ""
    out.append(Case("Paths, links and folders", "publish --out /dev/full", device))
    return out


def terminal_and_input_cases() -> list[Case]:
    """hostile4: direction overrides sent to the terminal, input that ends, choices lists."""
    out = []

    def rlo(d: Path):
        g = d / "g.yaml"
        shutil.copy(DRAFT, g)
        cli(["review", "add", str(g), "--field", "purpose", "--quote", "This", "--occurrence", "1", "--body",
             "approve \u202edeliver\u202c this", "--author", "staff-1", "--role", "staff"], d)
        r = cli(["review", "list", str(g)], d)
        return ok(r), False, "\u202e" in r.out, ""
    out.append(Case("Terminal output and input", "review list of a comment holding U+202E", rlo))

    def unplaced(d: Path):
        doc = H.docx(d / "r.docx", H._para("Outreach \u202eevil\u202c words nowhere in the draft", True), H.COMMENTS)
        shutil.copy(DRAFT, d / "g.yaml")
        r = cli(["review", "import", str(doc), "--guideline", str(d / "g.yaml"), "--role", "staff"], d)
        return ok(r), False, "\u202e" in r.err + r.out, ""
    out.append(Case("Terminal output and input", "review import: unplaced words holding U+202E", unplaced))

    for answers in ("", "Harbourview Guideline\n"):
        def run(d: Path, answers=answers):
            e = dict(os.environ, PYTHONPATH=str(ROOT))
            e.pop("LIC_POLICY_DEBUG", None)
            p = subprocess.run([sys.executable, "-m", "lic_policy", "init", "new.yaml"], input=answers, cwd=d,
                               capture_output=True, text=True, env=e, timeout=60)
            return refused(Run(p.returncode, p.stdout, p.stderr, 0), "standard input ended", "--no-input"), \
                (d / "new.yaml").exists(), False, ""
        out.append(Case("Terminal output and input", f"init whose input ends after {answers.count(chr(10))} answer(s)",
                        run))

    def choices(d: Path):
        return refused(cli(["review", "reply", str(DRAFT), "t-1", "--body", "b", "--author", "staff-1"], d),
                       "Missing option '--role'", "staff"), False, False, ""
    out.append(Case("Terminal output and input", "a missing option with choices", choices))

    def nfd(d: Path):
        g = d / "g.yaml"
        g.write_text(DRAFT.read_text(encoding="utf-8").replace("purpose: |", "purpose: |\n  The caf\u00e9 drop-in.", 1),
                     encoding="utf-8")
        r = cli(["review", "add", str(g), "--field", "purpose", "--quote", "cafe\u0301 drop-in", "--body", "b",
                 "--author", "staff-1", "--role", "staff"], d)
        return ok(r), False, False, ""
    out.append(Case("Terminal output and input", "review add --quote in NFD (a macOS terminal's é)", nfd))
    return out


def lone_cr_cases() -> list[Case]:
    """hostile4: files whose lines end in a lone CR (classic Mac OS) keep them when written."""
    def fix(d: Path):
        g, lf = d / "mac.yaml", d / "unix.yaml"
        g.write_bytes(DRAFT.read_bytes().replace(b"\n", b"\r"))
        lf.write_bytes(DRAFT.read_bytes())
        r = cli(["fix", "--write", str(g)], d)
        cli(["fix", "--write", str(lf)], d)
        return ok(r), g.read_bytes() != lf.read_bytes().replace(b"\n", b"\r"), False, ""

    def review(d: Path):
        g = d / "g.yaml"
        shutil.copy(GOOD, g)
        original = GOOD.with_name(GOOD.name[:-5] + ".review.yaml").read_bytes().replace(b"\n", b"\r")
        (d / "g.review.yaml").write_bytes(original)
        r = cli(["review", "add", str(g), "--field", "purpose", "--quote", "sex workers", "--occurrence", "1", "--body",
                 "note", "--author", "staff-1", "--role", "staff"], d)
        after = (d / "g.review.yaml").read_bytes()
        return ok(r), b"\n" in after or not after.startswith(original), False, ""
    return [Case("Line endings, BOM, links", "fix --write, lone CR (classic Mac OS)", fix),
            Case("Line endings, BOM, links", "review add to a review file of lone CRs", review)]


def room_cases() -> list[Case]:
    """hostile4: slow clients and invisible comments in the review room."""
    out = []

    def slowloris(d: Path):
        import pytest as _pytest

        from tests.test_hostile_round4 import test_a_client_that_never_finishes_its_request_head_is_disconnected as t
        try:
            with _pytest.MonkeyPatch.context() as mp:
                t(mp)
            return True, False, False, ""
        except (AssertionError, _pytest.fail.Exception) as exc:
            return False, False, False, str(exc)[:100]
    out.append(Case("Review room", "a request head sent a byte at a time (slowloris)", slowloris))

    def trickle(d: Path):
        import pytest as _pytest

        from tests.test_hostile_round4 import test_a_post_body_that_trickles_in_is_refused_not_waited_for as t
        try:
            t(d)
            return True, False, False, ""
        except (AssertionError, _pytest.fail.Exception) as exc:
            return False, False, False, str(exc)[:100]
    out.append(Case("Review room", "a POST body that trickles in", trickle))

    def invisible(d: Path):
        from lic_policy.web.inputs import text_problem

        bodies = ["\u200b\u200b\u200b", "\u200e", "\ufeff \u2060", "\u202e\u202c"]
        stored = [b for b in bodies if text_problem(b, limit=4000, what="Your comment") is None]
        return not stored, False, bool(stored), ""
    out.append(Case("Review room", "comments of invisible characters only", invisible))

    for kind in ("another program's database", "a newer state version"):
        def state(d: Path, kind=kind):
            from tests.test_hostile_round4 import foreign_state_file

            db = foreign_state_file(d / "other.sqlite", newer=not kind.startswith("another"))
            shutil.copy(GOOD, d / "g.yaml")
            before = db.read_bytes()
            r = cli(["serve", str(d / "g.yaml"), "--state", str(db), "--port", "0"], d, timeout=20)
            return refused(r, "--state", where=f"{db}: error: "), db.read_bytes() != before, False, ""
        out.append(Case("Review room", f"serve --state naming {kind}", state))
    return out



# --------------------------------------------------------------------------- hostile5

_R5_BASE = """lic_policy: 1
metadata:
  id: corpus-case
  title: Harbourview Sex Work Response Guideline
  jurisdiction:
    name: Harbourview
    kind: municipality
  version: "1.0"
  status: draft
  owners:
    - role: Community Safety Manager
  languages: [en]
purpose: Staff respond to sex workers as members of the community.
"""
_R5_TAIL = "scope:\n  text: All city staff.\n"


def round5_yaml_cases() -> list[Case]:
    """hostile5: tags, keys, aliases, directives, encodings and invisible characters no corpus
    file had; each `validate` answers at the place (exit 2 for what cannot be read, 1 for
    what breaks the schema)."""
    b, t = _R5_BASE, _R5_TAIL
    texts: dict[str, tuple[object, int, str, str]] = {
        "!!binary on a text field": (b.replace("purpose: Staff", "purpose: !!binary aGVsbG8=\nx: Staff") + t, 2,
                                     "13:10:", "unsupported YAML tag '!!binary'"),
        "!!timestamp on the version": (b.replace('version: "1.0"', "version: !!timestamp 2026-01-01") + t, 2, "8:12:",
                                       "unsupported YAML tag '!!timestamp'"),
        "a local tag on a mapping": (b + "scope: !foo\n  text: All city staff.\n", 2, "14:8:",
                                     "unsupported YAML tag '!foo'"),
        "a complex key (? [a, b])": (b + "? [a, b]\n: x\n" + t, 2, "14:3:", "mapping keys must be plain text"),
        "a null key (~: x)": (b + "~: x\n" + t, 2, "14:1:", "mapping keys must be plain text"),
        "an alias never defined": (b + "x: *nope\n" + t, 2, "14:4:", "unknown alias '*nope'"),
        "an alias inside its own anchor": (b + "x: &a [*a]\n" + t, 2, "14:8:", "unknown alias '*a'"),
        "an unknown directive after '...'": (b + t + "...\n%garbage\n", 2, "17:9:", "unknown directive"),
        "a duplicate key spelled with an escape": (b + '"purp\\x6fse": second\n' + t, 2, "14:1:",
                                                   "duplicate key 'purpose'"),
        "100,000 document separators": (b + t + "---\n" * 100000, 2, "16:1:", "more than one YAML document"),
        "a vertical tab (found: no place)": (b.replace("community.", "community.\v") + t, 2, "13:67:",
                                             "a control character (U+000B, vertical tab)"),
        "an escape character in a comment (found: no place)": (b + "# \x1b[2J\n" + t, 2, "14:3:",
                                                               "a control character (U+001B, escape)"),
        "UTF-32 with a BOM": ((b + t).encode("utf-32"), 2, "1:1:", "the file is UTF-32 text"),
        "a byte-order mark and nothing else": (b"\xef\xbb\xbf", 2, "1:1:", "holds nothing"),
        "a key ending in a zero-width space (U+200B)": (b + "purpose\u200b: second\n" + t, 1, "14:1:",
                                                          "unknown field"),
        "an id holding U+202E": (b.replace("id: corpus-case", "id: corpus\u202ecase") + t, 1, "3:7:",
                                 "does not have the expected form"),
        "an unquoted date as the version": (b.replace('version: "1.0"', "version: 2026-01-01") + t, 1, "8:12:",
                                            "YAML reads 2026-01-01 as a date"),
        "an octal number as the version": (b.replace('version: "1.0"', "version: 0o17") + t, 1, "8:12:",
                                           "YAML reads 0o17 as a number"),
        "a flow list of 300,000 items": (b + "x: [" + ",".join(["a"] * 300000) + "]\n" + t, 1, "14:1:",
                                         "unknown field 'x'"),
    }
    out = []
    for name, (text, code, where, words) in texts.items():
        def run(d: Path, text=text, code=code, where=where, words=words):
            g = d / "g.yaml"
            g.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
            r = cli(["validate", str(g)], d)
            LAST["run"] = r
            hit = [ln for ln in (r.out + r.err).splitlines() if words in ln]
            return (r.code == code and not _bad(r) and bool(hit) and hit[0].startswith(f"{g}:{where}")), False, \
                False, ""
        out.append(Case("YAML guidelines (round 5: tags, keys, directives, encodings)", f"validate: {name}", run))
    return out


def round5_word_cases() -> list[Case]:
    """hostile5: a reviewed packet whose Word author names people, and imports whose text
    holds control characters or active content."""
    import zipfile

    out = []
    for author in ("Jane Smithers", "jane.smithers@example.org (staff)", "604-555-0199 (staff)",
                   "j.smithers (staff)", "adv\u202eisory (staff)"):
        def run(d: Path, author=author):
            from xml.sax.saxutils import quoteattr

            g = d / "g.yaml"
            shutil.copy(DRAFT, g)
            cli(["review", "packet", str(g), "-o", str(d / "p.docx")], d)  # findings: the packet has comments.xml
            with zipfile.ZipFile(d / "p.docx") as z:
                parts = {n: z.read(n) for n in z.namelist()}
            a = quoteattr(author)
            doc = parts["word/document.xml"].decode()
            run_ = '<w:r><w:t xml:space="preserve">This strategy sets out how the City will</w:t></w:r>'
            doc = doc.replace(run_, f'<w:commentRangeStart w:id="900"/>{run_}<w:commentRangeEnd w:id="900"/>'
                                    '<w:r><w:commentReference w:id="900"/></w:r>', 1)
            old = '<w:r><w:t xml:space="preserve">with police, the City will take a</w:t></w:r>'
            doc = doc.replace(old, f'<w:del w:id="901" w:author={a} w:date="2026-11-01T10:00:00Z"><w:r><w:delText '
                                   'xml:space="preserve">with police, the City will take a</w:delText></w:r></w:del>'
                                   f'<w:ins w:id="902" w:author={a} w:date="2026-11-01T10:00:00Z"><w:r><w:t '
                                   'xml:space="preserve">with sex workers, the City will take a</w:t></w:r></w:ins>', 1)
            parts["word/document.xml"] = doc.encode()
            comments = parts.get("word/comments.xml", b"").decode() or \
                f'<?xml version="1.0" encoding="UTF-8"?><w:comments {H.W}></w:comments>'
            parts["word/comments.xml"] = comments.replace("</w:comments>", f'<w:comment w:id="900" w:author={a} '
                                                          'w:initials="JQS" w:date="2026-11-01T10:00:00Z"><w:p><w:r>'
                                                          '<w:t>Please reword this part.</w:t></w:r></w:p></w:comment>'
                                                          '</w:comments>').encode()
            parts["word/people.xml"] = (f'<?xml version="1.0"?><w15:people xmlns:w15="http://schemas.microsoft.com/'
                                        f'office/word/2012/wordml"><w15:person w15:author={a}><w15:presenceInfo '
                                        'w15:providerId="AD" w15:userId="jane.smithers@example.org"/></w15:person>'
                                        '</w15:people>').encode()
            parts["docProps/core.xml"] = parts["docProps/core.xml"].replace(
                b"<dc:creator></dc:creator>", f"<dc:creator>{author}</dc:creator>".encode())
            with zipfile.ZipFile(d / "r.docx", "w", zipfile.ZIP_DEFLATED) as z:
                for n, data in parts.items():
                    z.writestr(n, data)
            r = cli(["review", "import", str(d / "r.docx"), "--guideline", str(g), "--role", "staff"], d)
            written = "".join(p.read_text(encoding="utf-8", errors="replace") for p in d.glob("g.review*"))
            leaked = any(w in written + r.out + r.err for w in ("Smithers", "smithers", "555-0199", "JQS", "\u202e"))
            return ok(r) and "reviewer-1" in written, False, leaked, ""
        out.append(Case("Word and OpenDocument files", f"review import: Word author {author!r} in comments, tracked "
                        "changes, people.xml and core.xml (never stored or printed)", run))

    for suffix, body in ((".html", "Staff &#0;offer&#27; support&#x7f; first."), (".md", "Staff offer\x1b support\x7f "
                                                                                      "first\x07.")):
        def run(d: Path, suffix=suffix, body=body):
            src = d / f"notes{suffix}"
            src.write_text(f"<h1>Purpose</h1><p>{body}</p>" if suffix == ".html" else f"# Purpose\n\n{body}\n",
                           encoding="utf-8")
            r = cli(["import", str(src), "-o", str(d / "out.yaml")], d)
            text = (d / "out.yaml").read_text(encoding="utf-8") if (d / "out.yaml").exists() else ""
            payload = "\\0" in text or any(ord(c) < 32 and c != "\n" or 0x7f <= ord(c) < 0xa0 for c in text)
            return ok(r), False, payload, ""
        out.append(Case("Word and OpenDocument files", f"import {suffix} holding control characters (found: a NUL "
                        "was written into the guideline)", run))

    def active(d: Path):
        src = d / "evil.html"
        src.write_text('<html><head><title>Guide</title><meta http-equiv="refresh" content="0;url=http://evil.example/">'
                       '<script>alert(1)</script><base href="http://evil.example/"></head><body><h1 onclick="alert(1)">'
                       'Purpose</h1><p>Staff offer <a href="javascript:alert(1)">support</a> first.<img src="http://'
                       'evil.example/t.png" onerror="alert(1)"></p><iframe src="http://evil.example/"></iframe><svg>'
                       '<script>alert(2)</script></svg><h1>Scope</h1><p>All <a href="data:text/html,x">city</a> staff.'
                       ' <a href=" JaVaScRiPt:alert(1)">x</a> <a href="file:///etc/passwd">f</a></p></body></html>',
                       encoding="utf-8")
        r = cli(["import", str(src), "-o", str(d / "g.yaml")], d)
        p = cli(["publish", str(d / "g.yaml"), "--to", "html,md", "--out", str(d / "site")], d)
        texts = "".join(f.read_text(encoding="utf-8") for f in [d / "g.yaml", *sorted((d / "site").glob("*"))]
                        if f.is_file())
        payload = any(w in texts.lower() for w in ("javascript:", "evil.example", "<script", "data:text", "file:",
                                                   "onerror", "<iframe"))
        LAST["run"] = r if r.code else p
        return ok(r) and ok(p), False, payload, ""
    out.append(Case("Word and OpenDocument files", "import .html with scripts, javascript:/data:/file: links, "
                    "iframes, <base> and meta refresh, then publish", active))
    return out


def round5_lsp_cases() -> list[Case]:
    """hostile5: an editor's huge document, positions out of range, forged diagnostics."""
    from tests.test_hostile_round4 import RawEditor, _popups

    out = []

    def many(d: Path):
        os.environ["PYTHONPATH"] = str(ROOT)
        ed = RawEditor(d)
        uri = (d / "many.md").as_uri()
        try:
            ed.start()
            t0 = time.perf_counter()
            ed.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": uri, "languageId": "markdown", "version": 1,
                "text": ("Outreach met two prostitutes at the drop-in. " * 20 + "\n") * 500}}})
            msgs = ed.until(lambda m: m.get("method") == "textDocument/publishDiagnostics", seconds=120)
            took = time.perf_counter() - t0
        finally:
            err = ed.stop()
        LAST["run"] = Run(0, "", err if "Traceback" in err else "", took)
        diags = [m for m in msgs if m.get("method") == "textDocument/publishDiagnostics"]
        return bool(diags) and len(diags[0]["params"]["diagnostics"]) == 10000 and took < 60, False, False, \
            f"{took:.0f} s for 10,000 diagnostics"
    out.append(Case("Language server", "a 450 KB document with 10,000 findings (found: 30 s, 4.5 MB hung)", many))

    P = lambda line, c: {"line": line, "character": c}  # noqa: E731

    def requests(d: Path):
        os.environ["PYTHONPATH"] = str(ROOT)
        ed = RawEditor(d)
        uri = (d / "a.md").as_uri()
        yuri = (d / "g.yaml").as_uri()
        asks = {
            101: ("textDocument/hover", {"textDocument": {"uri": uri}, "position": P(-1, -5)}),
            102: ("textDocument/hover", {"textDocument": {"uri": uri}, "position": P(2 ** 31, 2 ** 31)}),
            103: ("textDocument/hover", {"textDocument": {"uri": uri}, "position": P(1, 1)}),  # inside a surrogate pair
            104: ("textDocument/completion", {"textDocument": {"uri": yuri}, "position": P(99999, 99999)}),
            105: ("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": {"start": P(5, 0), "end": P(0, 0)},
                                              "context": {"diagnostics": []}}),
            106: ("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": {"start": P(0, 0),
                                              "end": P(10 ** 9, 10 ** 9)}, "context": {"diagnostics": []}}),
            107: ("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": {"start": P(0, 0), "end": P(0, 5)},
                                              "context": {"diagnostics": [{"range": {"start": P(0, 0), "end": P(0, 5)},
                                                                           "message": "x", "code": 12,
                                                                           "source": "lic-policy", "data": "zz"}]}}),
            108: ("workspace/executeCommand", {"command": "rm -rf", "arguments": ["file:///etc/passwd"]}),
            109: ("textDocument/hover", {"textDocument": {"uri": "file:///never/opened.md"}, "position": P(0, 0)}),
        }
        try:
            ed.start()
            ed.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": uri, "languageId": "markdown", "version": 1,
                "text": "Outreach met two prostitutes.\n\U0001F600 prostitutes\n"}}})
            ed.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": yuri, "languageId": "yaml", "version": 1, "text": DRAFT.read_text(encoding="utf-8")}}})
            for bad in (P(-1, -1), P(2 ** 40, 0)):
                ed.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                    "textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"range": {
                        "start": bad, "end": P(0, 0)}, "text": "x"}]}})
            ed.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"range": {
                    "start": P(500, 0), "end": P(600, 3)}, "text": "y\n"}]}})
            for i, (method, params) in asks.items():
                ed.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
            ed.send({"jsonrpc": "2.0", "id": 99, "method": "shutdown", "params": None})
            msgs = ed.until(lambda m: m.get("id") == 99)
        finally:
            err = ed.stop()
        LAST["run"] = Run(0, "", err if "Traceback" in err else "", 0)
        answered = {m.get("id") for m in msgs}
        return set(asks) <= answered and not _popups(msgs) and "Traceback" not in err, False, False, ""
    out.append(Case("Language server", "positions out of range (negative, 2^31, 2^40, inside a surrogate pair), "
                    "reversed ranges, forged diagnostics, unknown commands (found: tracebacks in the log)", requests))
    return out


_ROOM: dict = {}


def _room():
    """One review room for the raw-request cases (started at the first, stopped at exit)."""
    if "srv" not in _ROOM:
        import atexit

        from tests.browser import Server

        srv = Server().start()
        _ROOM["srv"] = srv
        atexit.register(srv.stop)
    return _ROOM["srv"]


def _raw(port: int, data: bytes, timeout: float = 5) -> bytes:
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        got = b""
        try:
            while len(got) < 400000:
                chunk = s.recv(65536)
                if not chunk:
                    break
                got += chunk
        except OSError:
            pass
    return got


def round5_room_cases() -> list[Case]:
    """hostile5: raw HTTP the review room had not been sent, and bodies of every wrong shape."""
    H_ = b"Host: 127.0.0.1\r\n"
    raw = {
        "GET /static/../app.py": (b"GET /static/../app.py HTTP/1.1\r\n" + H_ + b"Connection: close\r\n\r\n", (404,)),
        "GET /static/%2e%2e/app.py": (b"GET /static/%2e%2e/app.py HTTP/1.1\r\n" + H_ + b"Connection: close\r\n\r\n",
                                      (404,)),
        "GET /static/%252e%252e/app.py": (b"GET /static/%252e%252e/app.py HTTP/1.1\r\n" + H_ +
                                          b"Connection: close\r\n\r\n", (404,)),
        "a NUL in the path": (b"GET /static/a%00.css HTTP/1.1\r\n" + H_ + b"Connection: close\r\n\r\n", (404,)),
        "raw bytes that are not UTF-8 in the path": (b"GET /staff/g/\xff\xfe HTTP/1.1\r\n" + H_ + b"\r\n", (400,)),
        "a 100 KB path": (b"GET /" + b"a" * 100000 + b" HTTP/1.1\r\n" + H_ + b"Connection: close\r\n\r\n", (404, 400)),
        "a round number of 26 digits": (b"GET /staff/r/99999999999999999999999999 HTTP/1.1\r\n" + H_ +
                                        b"Connection: close\r\n\r\n", (401, 404)),
        "Host: 127.0.0.1.evil.example": (b"GET / HTTP/1.1\r\nHost: 127.0.0.1.evil.example\r\nConnection: close\r\n\r\n",
                                         (421,)),
        "Host with user info (a@127.0.0.1)": (b"GET / HTTP/1.1\r\nHost: a@127.0.0.1\r\nConnection: close\r\n\r\n",
                                              (421,)),
        # the same host with its root's dot: served since hostile22 (RFC 9110: a name is the same
        # with its final dot), as `Host: LOCALHOST` is
        "Host: localhost. (trailing dot)": (b"GET / HTTP/1.1\r\nHost: localhost.\r\nConnection: close\r\n\r\n",
                                            (200, 303)),
        "Host with a Cyrillic o (l\u043ecalhost)": ("GET / HTTP/1.1\r\nHost: l\u043ecalhost\r\nConnection: close\r\n\r\n"
                                                    .encode(), (421, 400)),
        "two Host headers": (b"GET / HTTP/1.1\r\n" + H_ + b"Host: evil.example\r\n\r\n", (400,)),
        "an absolute URI naming another site": (b"GET http://evil.example/ HTTP/1.1\r\n" + H_ +
                                                b"Connection: close\r\n\r\n", (404, 421)),
        "a 60 KB cookie": (b"GET /review HTTP/1.1\r\n" + H_ + b"Cookie: s=" + b"x" * 60000 +
                           b"\r\nConnection: close\r\n\r\n", (401, 400, 431)),
        "cookies that are not UTF-8": (b"GET /review HTTP/1.1\r\n" + H_ + b"Cookie: " + b"a=\xff\xfe; ;;=;" * 100 +
                                       b"\r\nConnection: close\r\n\r\n", (401, 400)),
        "Accept-Language of 2,000 broken tags and q=nan": (b"GET / HTTP/1.1\r\n" + H_ + b"Accept-Language: " +
                                                           b"xx-;q=nan," * 2000 + b"\r\nConnection: close\r\n\r\n",
                                                           (200,)),
        "Range and If-Modified-Since garbage on a stylesheet": (b"GET /static/guideline.css HTTP/1.1\r\n" + H_ +
                                                                b"Range: bytes=--,a-b\r\nIf-Modified-Since: \xff "
                                                                b"garbage\r\nConnection: close\r\n\r\n",
                                                                (200, 206, 400, 416)),
        "Content-Length and Transfer-Encoding both": (b"POST /lang HTTP/1.1\r\n" + H_ + b"Content-Length: 4\r\n"
                                                      b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                                                      b"0\r\n\r\n", (400, 401)),
        "a negative Content-Length": (b"POST /lang HTTP/1.1\r\n" + H_ + b"Content-Length: -5\r\n\r\n", (400,)),
        "a Content-Length of 20 digits": (b"POST /lang HTTP/1.1\r\n" + H_ + b"Content-Length: 99999999999999999999\r\n"
                                          b"Connection: close\r\n\r\nlang=fr", (400, 401, 413)),
        "a malformed chunked body (found: a traceback in the log)": (
            b"POST /lang HTTP/1.1\r\n" + H_ + b"Transfer-Encoding: chunked\r\nContent-Type: application/"
            b"x-www-form-urlencoded\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", (400,)),
        "TLS handshake bytes": (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 100, (400,)),
        "the HTTP/2 preface": (b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", (400, 421, 505)),
        "CONNECT evil.example:443": (b"CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n",
                                     (400, 405, 421)),
        "an unknown method (FOO)": (b"FOO / HTTP/1.1\r\n" + H_ + b"Connection: close\r\n\r\n", (405,)),
        "50 pipelined requests": (b"GET / HTTP/1.1\r\n" + H_ + b"\r\n" * 1 + (b"GET / HTTP/1.1\r\n" + H_ + b"\r\n") * 48
                                  + b"GET / HTTP/1.1\r\n" + H_ + b"Connection: close\r\n\r\n", (200,)),
        "X-Forwarded-For/-Host/-Proto and Forwarded": (b"GET / HTTP/1.1\r\n" + H_ + b"X-Forwarded-For: 1.2.3.4\r\n"
                                                       b"X-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: https\r\n"
                                                       b"Forwarded: for=1.2.3.4;host=evil\r\nConnection: close\r\n\r\n",
                                                       (200,)),
    }
    out = []
    for name, (data, statuses) in raw.items():
        def run(d: Path, data=data, statuses=statuses):
            srv = _room()
            got = _raw(srv.port, data)
            status = int(got[9:12]) if got.startswith(b"HTTP/1.1 ") and got[9:12].isdigit() else None
            alive = _raw(srv.port, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            time.sleep(0.2)
            log = srv.log.read_text(encoding="utf-8", errors="replace")
            LAST["run"] = Run(0, "", log[-2000:] if "Traceback" in log else "", 0)
            leaked = b"evil.example" in got.split(b"\r\n\r\n")[0] or b"1.2.3.4" in got
            stored = any(w in (srv.dir / "state").read_bytes().decode("latin-1") for w in ("1.2.3.4", "127.0.0.1")
                         ) if (srv.dir / "state").is_file() else False
            return status in statuses and alive.startswith(b"HTTP/1.1 200") and "Traceback" not in log, False, \
                leaked or stored, f"status {status}"
        out.append(Case("Review room", f"raw request: {name}", run))

    def bodies(d: Path):
        import json as _json

        room, staff, rid, _links, csrf, part = _open_room(d)
        before = room.review_file.read_bytes()
        forms = [dict(part=part, start="-5", end="3", exact="x"), dict(part=part, span="10-2"),
                 dict(part=part, span="0-99999999999999"), dict(part=part, span="\u0661-\u0663"),
                 dict(part="\x00/../..", start="0", end="3", exact="x"), dict(part=part, kind="objection\x00", body="b"),
                 dict(part=part, span="words", quote="a" * 100000, body="b"),
                 dict(part=part, span="words", quote="\u200b", body="b"),
                 dict(part=part, kind="suggestion", start="0", end="3", exact="abc", replacement="\x1b]0;x\x07"),
                 dict(part=part, start="0", end="3", exact="abc", body="call jane@example.org", confirm="1")]
        jsons = [[1, 2], "\"x\"", {"part": part, "kind": ["comment"], "body": "b"}, {"part": {"a": 1}, "body": "b"},
                 {"part": part, "body": "b", "start": 1.5, "end": 1e308}, {"part": part, "body": "b", "start": True},
                 '{"part": "%s", "body": "b", "start": NaN}' % part, "[" * 100000 + "]" * 100000,
                 '{"part": "%s", "body": "b", "start": %s}' % (part, "9" * 5000),
                 {"part": part, "body": "Jane Smithers wrote this", "start": 0, "end": 3, "confirm": True},
                 {"part": part, "kind": "suggestion", "body": "b", "replacement": ["x"]}]
        codes = [staff.post(f"/staff/r/{rid}/threads", data={"csrf": csrf, **f}).status_code for f in forms]
        for j in jsons:
            codes.append(staff.post(f"/staff/r/{rid}/threads", content=j if isinstance(j, str) else _json.dumps(j),
                                    headers={"content-type": "application/json", "x-csrf-token": csrf}).status_code)
        LAST["run"] = Run(0, "", "", 0)
        return all(400 <= c < 500 for c in codes), room.review_file.read_bytes() != before, False, \
            f"{len(codes)} bodies: {sorted(set(codes))}"
    out.append(Case("Review room", "21 form and JSON bodies of the wrong shape (negative, reversed, huge and "
                    "non-ASCII-digit spans, NUL parts, NaN, 5,000-digit numbers, 100,000 brackets)", bodies))
    return out


def _open_room(d: Path):
    """A review room in ``d`` with a round opened by the staff: (room, staff client, round id,
    invitation links, the staff page's CSRF token, the id of the page's second part)."""
    import re as _re

    from tests.webapp import Room, csrf_of

    room = Room(d)
    staff = room.staff()
    rid, links = room.open_round(staff)
    page = staff.get(f"/staff/r/{rid}").text
    return room, staff, rid, links, csrf_of(page), _re.findall(r'data-part="([^"]+)"', page)[1]


def round5_config_cases() -> list[Case]:
    """hostile5: ignore patterns that match what was named, packs that are not files."""
    out = []
    for pattern in ("*", "*.yaml", "g.*"):
        def run(d: Path, pattern=pattern):
            (d / ".lic-policy.yaml").write_text(f"ignore: ['{pattern}']\n", encoding="utf-8")
            shutil.copy(DRAFT, d / "g.yaml")
            r = cli(["check", "--no-cache", "g.yaml"], d)
            return ok(r) and "1 file ignored by the configuration's ignore patterns" in r.out, False, False, ""
        out.append(Case("Configuration files (corpus, check --config)", f"ignore: ['{pattern}'] matching the file "
                        "named (found: '0 files checked' without a word)", run))
    for name, make in {"/dev/zero": lambda d: "/dev/zero", "a FIFO": lambda d: (os.mkfifo(d / "p.yaml"), "p.yaml")[1],
                       "a folder": lambda d: ((d / "adir").mkdir(), "adir")[1],
                       "/proc/self/environ": lambda d: "/proc/self/environ"}.items():
        def run(d: Path, make=make):
            (d / ".lic-policy.yaml").write_text(f"packs: ['{make(d)}']\n", encoding="utf-8")
            return refused(cli(["check", "--no-cache", str(DRAFT)], d, timeout=30), "error"), False, False, ""
        out.append(Case("Configuration files (corpus, check --config)", f"packs: [{name}]", run))
    for text, words in {"rules: {severity: {1: error}}": "unknown rule id '1'",
                        "min_sex_worker_share: .nan": "min_sex_worker_share must be a number",
                        "max_file_size: .inf": "max_file_size must be a positive number"}.items():
        def run(d: Path, text=text, words=words):
            (d / ".lic-policy.yaml").write_text(text + "\n", encoding="utf-8")
            return refused(cli(["check", "--no-cache", str(DRAFT)], d), words), False, False, ""
        out.append(Case("Configuration files (corpus, check --config)", text, run))
    return out


def round5_path_cases() -> list[Case]:
    """hostile5: the lock folder, review files given as guidelines, arguments with typos."""
    out = []
    for command in ("fix --write", "review add"):
        def run(d: Path, command=command):
            g = d / "g.yaml"
            shutil.copy(DRAFT, g)
            (d / ".lic-policy-locks").write_text("x\n", encoding="utf-8")
            args = ["fix", "--write", str(g)] if command == "fix --write" else \
                ["review", "add", str(g), "--field", "purpose", "--quote", "This", "--occurrence", "1", "--body", "b",
                 "--author", "staff-1", "--role", "staff"]
            return refused(cli(args, d), "not a folder", where=str(d / ".lic-policy-locks")), \
                g.read_bytes() != DRAFT.read_bytes(), False, ""
        out.append(Case("Paths, links and folders", f"{command} where .lic-policy-locks is a file (found: 'g.yaml: "
                        "File exists')", run))

    def linked(d: Path):
        g = d / "g.yaml"
        shutil.copy(DRAFT, g)
        (d / "elsewhere").mkdir()
        (d / ".lic-policy-locks").symlink_to(d / "elsewhere")
        r = cli(["review", "add", str(g), "--field", "purpose", "--quote", "This", "--occurrence", "1", "--body", "b",
                 "--author", "staff-1", "--role", "staff"], d)
        return ok(r), False, False, ""
    out.append(Case("Paths, links and folders", "review add where .lic-policy-locks links to another folder", linked))
    for command in ("list", "add", "reanchor", "apply", "packet"):
        def run(d: Path, command=command):
            g = d / "g.yaml"
            shutil.copy(DRAFT, g)
            cli(["review", "add", str(g), "--field", "purpose", "--quote", "This", "--occurrence", "1", "--body", "b",
                 "--author", "staff-1", "--role", "staff"], d)
            rv = d / "g.review.yaml"
            before = rv.read_bytes()
            args = {"list": ["review", "list", str(rv)], "reanchor": ["review", "reanchor", str(rv)],
                    "apply": ["review", "apply", str(rv)], "packet": ["review", "packet", str(rv), "-o",
                                                                      str(d / "p.docx")],
                    "add": ["review", "add", str(rv), "--field", "purpose", "--quote", "This", "--body", "b",
                            "--author", "staff-1", "--role", "staff"]}[command]
            return refused(cli(args, d), "review file", where=str(rv)), rv.read_bytes() != before, False, ""
        out.append(Case("Paths, links and folders", f"review {command} given g.review.yaml as the guideline (found: "
                        "'0 threads', a packet 'of version None')", run))

    def typo(d: Path):
        return refused(cli(["rules", "test", "--rule", "lang.prostitue"], d), "did you mean 'lang.prostitute'"), \
            False, False, ""

    for record, words in (('- text: "Outreach met two prostitutes."\n  framing: false\n  stigma: [""]\n',
                           "stigma span is empty"), ('- text: "  "\n  framing: false\n  stigma: []\n',
                                                     "the text is empty")):
        def run(d: Path, record=record, words=words):
            (d / "c.yaml").write_text(record, encoding="utf-8")
            return refused(cli(["rules", "eval", str(d / "c.yaml")], d), words), False, False, ""
        out.append(Case("Rule packs and imports", f"rules eval of a record where {words} (found: counted)", run))

    for escaped in ("\\e[2J", "\\0", "\\u202E"):
        def run(d: Path, escaped=escaped):
            import re as _re

            text = DRAFT.read_text(encoding="utf-8")
            text = _re.sub(r"\npurpose: \|\n(?:  .*\n|\n)*",
                           lambda m: f'\npurpose: "Staff offer support {escaped} first."\n', text, count=1)
            (d / "g.yaml").write_text(text, encoding="utf-8")
            r = cli(["validate", str(d / "g.yaml")], d)
            LAST["run"] = r
            return r.code == 1 and "the text holds" in r.out and not _bad(r), False, False, ""
        out.append(Case("YAML guidelines (round 5: tags, keys, directives, encodings)",
                        f'validate: purpose: "... {escaped} ..." (found: valid, and published as is)', run))

    def marks(d: Path):
        (d / "n.md").write_text("Outreach met two prostitutes\u0338 at the drop-in.\n", encoding="utf-8")
        r = cli(["fix", "--write", str(d / "n.md")], d)
        return ok(r), False, "\u0338" in (d / "n.md").read_text(encoding="utf-8"), ""
    out.append(Case("Line endings, BOM, links", "fix --write of a flagged word followed by a combining mark (found: "
                    "the mark moved onto 'sex workers')", marks))

    def newline_name(d: Path):
        r = cli(["init", "--no-input", "--title", "Harbourview Guideline", "--jurisdiction", "H", "--kind",
                 "municipality", str(d / "new\nfile.yaml")], d)
        return ok(r), False, any(ln.startswith("file.yaml") for ln in r.out.splitlines()), ""
    out.append(Case("Terminal output and input", "init of a file name holding a line break (found: printed as two "
                    "lines)", newline_name))
    out.append(Case("Rule packs and imports", "rules test --rule with a typo (found: '0 passed, 0 failed', exit 0)",
                    typo))
    for char in ("\u202e", "\u2066"):
        def run(d: Path, char=char):
            r = cli(["init", "--no-input", "--title", f"Harbourview {char}Guideline", "--jurisdiction", "H", "--kind",
                     "municipality", str(d / "g.yaml")], d)
            return refused(r, "direction override"), (d / "g.yaml").exists(), char in r.out + r.err, ""
        out.append(Case("Terminal output and input", f"init --title holding U+{ord(char):04X} (found: taken, and "
                        "sent to the terminal)", run))
    return out


# --------------------------------------------------------------------------- hostile6

def _by_test(surface: str, name: str, test, *args) -> Case:
    """A case run by one of tests/test_hostile_round6.py's tests (in this process, with a
    folder of its own): clean when it passes."""
    def run(d: Path):
        import pytest as _pytest

        LAST["run"] = Run(0, "", "", 0)
        try:
            with _pytest.MonkeyPatch.context() as mp:
                params = test.__code__.co_varnames[:test.__code__.co_argcount]
                kw = {"tmp_path": d, "monkeypatch": mp}
                test(*[kw[p] for p in params if p in kw], *args)
            return True, False, False, ""
        except (AssertionError, _pytest.fail.Exception) as exc:
            return False, False, False, str(exc).splitlines()[0][:100] if str(exc) else "assertion failed"
    return Case(surface, name, run)


def round6_cases() -> list[Case]:
    """hostile6: the Word packet edited by other programs, imports in other encodings and
    nestings, the room's settings, the language server's line breaks, report formats and
    file names, empty values from unset shell variables."""
    from tests import test_hostile_round6 as R6

    W, RM, LS, CF, CR, CL, PB = ("Word and OpenDocument files", "Review room", "Language server",
                                 "Configuration files (corpus, check --config)", "Check reports (round 6: formats and "
                                 "file names)", "Command line (round 6: empty values, dates)",
                                 "Publishing and redlines (round 6: injection, languages)")
    out = []
    for date in ("0001-01-01T00:00:00-23:59", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"):
        out.append(_by_test(W, f"review import: a comment dated {date} (found: internal error)",
                            R6.test_packet_comment_dated_outside_the_years_a_timestamp_can_hold_gets_the_import_date,
                            date))
    out.append(_by_test(W, "review import: a packet whose custom properties another program dropped (found: its 65 "
                        "finding comments imported as a sex-worker advisory reviewer's)",
                        R6.test_packet_whose_custom_properties_another_program_dropped_is_still_a_packet))

    def packet_held(d: Path, mutate) -> tuple[bool, bool, bool, str]:
        g, parts = R6.packet_parts(d)
        doc = R6.write_docx(d / "r.docx", mutate(parts))
        r = cli(["review", "import", str(doc), "--guideline", str(g), "--role", "sex-worker-advisory"], d)
        return ok(r) or refused(r, "error"), False, False, ""

    def dup_id(parts):
        return R6.with_comment(R6.with_comment(parts, "900"), "900", body="Second words.")

    def reversed_range(parts):
        parts = dict(parts)
        doc = parts["word/document.xml"].decode()
        parts["word/document.xml"] = doc.replace(R6.RUN, '<w:commentRangeEnd w:id="904"/>' + R6.RUN +
                                                 '<w:commentRangeStart w:id="904"/>', 1).encode()
        return parts

    def without(*names):
        return lambda parts: {k: v for k, v in R6.with_comment(parts, "905").items() if k not in names}

    def moved(parts):
        parts = dict(parts)
        doc = parts["word/document.xml"].decode()
        parts["word/document.xml"] = doc.replace(R6.RUN, '<w:moveFrom w:id="971" w:author="R" w:date="2026-11-01T10:00:'
                                                 '00Z">' + R6.RUN + '</w:moveFrom>', 1).encode()
        return parts

    def field(parts):
        parts = dict(parts)
        doc = parts["word/document.xml"].decode()
        parts["word/document.xml"] = doc.replace(R6.RUN, '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r>'
                                                 '<w:instrText> HYPERLINK "javascript:alert(1)" </w:instrText></w:r><w:r><w:fldChar '
                                                 'w:fldCharType="separate"/></w:r>' + R6.RUN + '<w:r><w:fldChar '
                                                 'w:fldCharType="end"/></w:r>', 1).encode()
        return parts

    for name, mutate in {"two comments with one id": dup_id, "a comment range ending before it starts": reversed_range,
                         "no styles, numbering or [Content_Types].xml part": without(
                             "word/styles.xml", "word/numbering.xml", "[Content_Types].xml"),
                         "a tracked move": moved, "a HYPERLINK field to javascript:": field,
                         "a reviewer named 'lic-policy (automated)'": lambda parts: R6.with_comment(
                             parts, "901", author="lic-policy (automated)")}.items():
        out.append(Case(W, f"review import: a packet with {name}", lambda d, m=mutate: packet_held(d, m)))

    for initials in ("t999", "t2"):
        out.append(_by_test(W, f"review import: a reviewer's comment with Word initials '{initials}' (found: taken for "
                            "the packet's and dropped)",
                            R6.test_packet_comment_whose_initials_name_no_thread_is_the_reviewer_s, initials))
    out.append(_by_test(W, "import .html saved by Word as a web page (windows-1252 <meta charset>) (found: refused as "
                        "'not UTF-8 text')", R6.test_import_html_saved_by_word_as_a_web_page_in_windows_1252))
    out.append(_by_test(W, "import .html declaring UTF-7 (+ADw-script+AD4-)",
                        R6.test_import_html_declaring_utf7_is_not_decoded_as_utf7))
    for suffix in (".md", ".html"):
        out.append(_by_test(W, f"import {suffix} saved as UTF-16 (found: 'not UTF-8 text', no place)",
                            R6.test_import_of_text_saved_as_utf16_says_so_at_its_place, suffix))
    out.append(_by_test(W, "import .md in latin-1 (found: 'not UTF-8 text', no place)",
                        R6.test_import_of_latin1_markdown_names_the_place_of_the_first_bad_byte))
    out.append(_by_test(W, "import .md with two byte-order marks (found: its first heading was no heading)",
                        R6.test_import_of_markdown_with_two_byte_order_marks_keeps_its_first_heading))
    for what, text, line in (("lists", "# Purpose\n\n" + "".join("  " * i + "- x\n" for i in range(3000)), 131),
                             ("numbered lists", "# Purpose\n\n" + "".join("    " * i + "1. x\n" for i in range(300)),
                              67),
                             ("quotes", "# Purpose\n\n" + "> " * 5000 + "deep\n", 3)):
        found = {"lists": "60 s, then a message about brackets", "numbered lists": "4 s",
                 "quotes": "7 s, no place"}[what]
        out.append(_by_test(W, f"import .md of {what} nested hundreds deep (found: {found})",
                            R6.test_import_of_markdown_nested_hundreds_deep_is_refused_at_once_at_its_line, what, text,
                            line))

    for closes in ("0001-01-01", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-05:00"):
        out.append(_by_test(RM, f"serve --invite --closes {closes} (found: internal error)",
                            R6.test_serve_invite_with_a_closing_date_outside_the_calendar_is_one_line, closes))
    out.append(_by_test(RM, "a round closing on 0001-01-01 from the staff form (found: a 500 page)",
                        R6.test_room_round_closing_in_year_1_is_a_clear_refusal_not_a_500))
    for url in ("http://127.0.0.1:8000@evil.example/", "http://user:secret@review.example.org/",
                "https://review.example.org/#room", "https://review.example.org/?room=1",
                "https://review.example.org/a/../", "https://review.example.org/%2e%2e/"):
        out.append(_by_test(RM, f"serve --base-url {url} (found: taken; each invitation link "
                            + ("sent the token to evil.example)" if "evil" in url else "carried the password)"
                               if "secret" in url else "lost its token)" if "#" in url or "?" in url else
                               "pointed elsewhere)"),
                            R6.test_serve_base_url_that_would_send_tokens_elsewhere_or_swallow_them_is_refused, url))
    for name in ("https://review.example.org/", "review.example.org:443", "Review.Example.org"):
        out.append(_by_test(RM, f"serve --allow-host {name} (found: taken; every reviewer turned away)",
                            R6.test_serve_allow_host_that_no_request_can_match_is_refused, name))

    def room_held(d: Path):
        room, staff, rid, links, csrf, part = _open_room(d)
        before = room.review_file.read_bytes()
        j = {"content-type": "application/json", "x-csrf-token": csrf}
        codes = [staff.post(f"/staff/r/{rid}/threads", content='{"part": "%s", "body": "hi \\ud800", "start": 0, '
                            '"end": 3}' % part, headers=j).status_code,
                 staff.post(f"/staff/r/{rid}/threads", content='{"part": "%s", "body": "ok", "body": "<script>", '
                            '"start": 0, "end": 3}' % part, headers=j).status_code,
                 staff.post(f"/staff/r/{rid}/threads", content=f"csrf={csrf}&part={part}&body=caf%E9&start=0&end=3"
                            .encode(), headers={"content-type": "application/x-www-form-urlencoded; charset=latin-1"}
                            ).status_code,
                 staff.post(f"/staff/r/{rid}/threads/{'t' * 10000}/replies", data={"csrf": csrf, "body": "x"}
                            ).status_code,
                 staff.post(f"/staff/r/{rid}/threads/t1/explode", data={"csrf": csrf}).status_code,
                 staff.request("TRACE", f"/staff/r/{rid}").status_code,
                 staff.options(f"/staff/r/{rid}").status_code,
                 staff.put(f"/staff/r/{rid}/threads", data={"csrf": csrf}).status_code]
        token = next(iter(links.values()))
        codes += [room.client().get(f"/i/{token}x").status_code, room.client().get(f"/i/{token.upper()}").status_code]
        lang = staff.post("/lang", data={"csrf": csrf, "lang": "x\r\nSet-Cookie: a=b"})
        injected = any("a=b" in v for k, v in lang.headers.multi_items() if k.lower() == "set-cookie")
        LAST["run"] = Run(0, "", "", 0)
        return all(400 <= c < 500 for c in codes), room.review_file.read_bytes() != before, injected, \
            f"{len(codes)} requests: {sorted(set(codes))}"
    out.append(Case(RM, "a lone surrogate in a JSON comment, a JSON key given twice, a latin-1 form, a 10 KB thread "
                    "id, an unknown action, TRACE/OPTIONS/PUT, changed invitation tokens, a header in the language",
                    room_held))

    for name, text, line, start in (("a lone CR", "Intro line\r\U0001F600 met two prostitutes here.\r", 1, 11),
                                    ("U+2028", "Intro\u2028line met two prostitutes.\n", 0, 19),
                                    ("U+0085", "Intro\x85line met two prostitutes.\n", 0, 19),
                                    ("a form feed", "Intro\x0cline met two prostitutes.\n", 0, 19)):
        out.append(_by_test(LS, f"a quick fix after {name} (found: put on the wrong line or place)",
                            R6.test_lsp_quick_fix_lands_on_the_flagged_word_whatever_the_line_breaks,
                            "n.md", text, line, start))
    out.append(_by_test(LS, "an incremental change on the line after U+2028 (found: applied to the line before)",
                        R6.test_lsp_incremental_change_after_a_line_separator_is_applied_where_the_editor_made_it))

    def lsp_held(d: Path):
        from tests.test_hostile_round4 import RawEditor, _popups

        os.environ["PYTHONPATH"] = str(ROOT)
        ed = RawEditor(d)
        uri = (d / "a.md").as_uri()
        try:
            ed.start()
            ed.frame(b'{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"%s",'
                     b'"languageId":"markdown","version":1,"text":"Outreach met two prostitutes \\ud800 here.\\n"}}}'
                     % uri.encode())
            for i, u in enumerate(["file://remotehost/x.md", "untitled:Untitled-1", "http://evil.example/x.md",
                                   "file:///%00x.md", "file:///%ff%fe.md", "", (d / "../../etc/passwd").as_uri()]):
                ed.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                    "uri": u, "languageId": "markdown", "version": 1, "text": "Outreach met two prostitutes.\n"}}})
                ed.send({"jsonrpc": "2.0", "id": 20 + i, "method": "textDocument/hover", "params": {
                    "textDocument": {"uri": u}, "position": {"line": 0, "character": 20}}})
            ed.proc.stdin.write(b"Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}")
            ed.proc.stdin.flush()
            ed.send({"jsonrpc": "2.0", "id": 99, "method": "shutdown", "params": None})
            msgs = ed.until(lambda m: m.get("id") == 99)
        finally:
            err = ed.stop()
        LAST["run"] = Run(0, "", err if "Traceback" in err else "", 0)
        answered = {m.get("id") for m in msgs if "result" in m}
        return answered >= {20, 21, 22, 23, 24, 25, 26, 99} and not _popups(msgs), False, False, ""
    out.append(Case(LS, "a lone surrogate in an opened text; URIs of another host, untitled:, http:, %00, %FF, '' and "
                    "'..'; two Content-Length headers", lsp_held))

    for text, where, rid in (("fail_on: error\nrules:\n  disable: [lang.prostitue]\n", "3:13", "lang.prostitue"),
                             ("rules:\n  severity:\n    lang.prostitue: error\n", "3:5", "lang.prostitue")):
        out.append(_by_test(CF, f"{text.splitlines()[-1].strip()} (found: the file named without a place)",
                            R6.test_config_unknown_rule_id_is_reported_at_its_place, text, where, rid))
    for text in ('ignore: ["[z-a]"]', 'ignore: ["\\\\"]', "ignore: ['" + "**/" * 3000 + "x']",
                 "packs: ['https://evil.example/p.yaml']", "packs: ['~/p.yaml']", "cache: /etc",
                 "max_file_size: 99999999999999999999999999"):
        def run(d: Path, text=text):
            (d / ".lic-policy.yaml").write_text(text + "\n", encoding="utf-8")
            shutil.copy(DRAFT, d / "g.yaml")
            r = cli(["check", "--no-cache", "g.yaml"], d)
            # '[z-a]' can match no file: refused at its place since hostile7
            held = ok(r, 1) if text.startswith(("ignore", "max_file")) and "[z-a]" not in text else refused(r, "error")
            return held, False, False, ""
        out.append(Case(CF, text if len(text) < 60 else text[:40] + "… (3,000 '**/')", run))

    for old, new, where in (("lic_policy: 1\n", "lic_policy: true\n", "lic_policy: Input should be a valid integer"),
                            ("    sex_worker_seats: 6\n", "    sex_worker_seats: true\n",
                             "sex_worker_seats: Input should be a valid integer")):
        out.append(_by_test("YAML guidelines (round 5: tags, keys, directives, encodings)",
                            f"validate: {new.strip()} (found: valid, taken as 1)",
                            R6.test_a_count_or_rank_written_as_true_or_text_is_not_taken_as_a_number, old, new, where))
    out.append(_by_test(PB, "diff --format markdown of an edit adding <script>, <img onerror>, a javascript: link and "
                        "'++}' (found: live markup in the redline)",
                        R6.test_diff_markdown_shows_the_guidelines_words_as_text_never_as_markup))
    out.append(_by_test(CR, "junit: files named with U+0001, a line break and the byte 0xFF (found: not well-formed "
                        "XML)", R6.test_junit_report_of_files_named_with_control_characters_is_well_formed_xml))
    for fmt in ("json", "codeclimate"):
        out.append(_by_test(CR, f"{fmt}: a file named with the byte 0xFF (found: the report was not UTF-8)",
                            R6.test_json_reports_of_a_file_name_that_is_not_utf8_are_utf8, fmt))
    out.append(_by_test(CR, "check g.yaml ./g.yaml /abs/g.yaml . (found: three times the findings)",
                        R6.test_a_file_named_twice_is_checked_and_counted_once))
    for fmt in ("text", "json", "sarif", "github", "junit", "codeclimate"):
        def run(d: Path, fmt=fmt):
            name = "a::b%0A,c ]]> <testcase>.md"
            (d / name).write_text("Outreach met two prostitutes ]]> </testcase> <!-- \x01.\n", encoding="utf-8")
            r = cli(["check", "--no-cache", "--format", fmt, name], d)
            well_formed = True
            if fmt == "junit":
                from xml.dom import minidom

                try:
                    minidom.parseString(r.out)
                except Exception:  # noqa: BLE001 - any parse error is the finding
                    well_formed = False
            return ok(r) and well_formed, False, False, ""
        out.append(Case(CR, f"--format {fmt} of a file named 'a::b%0A,c ]]> <testcase>.md' holding ']]>' and U+0001",
                        run))

    for args in (["check", "--no-cache", "-o", "", "G"], ["check", "--config", "", "G"], ["check", ""],
                 ["validate", ""], ["diff", "G", "G", "-o", ""], ["schema", "--check", ""],
                 ["init", "--no-input", "--title", "T", "--jurisdiction", "J", "--kind", "municipality", ""],
                 ["publish", "G", "--out", ""], ["review", "list", ""], ["review", "packet", "G", "-o", ""],
                 ["serve", "G", "--state", "", "--invite", "advisory-3"]):
        found = {"-o": "the report printed, not written", "--config": "the default configuration used",
                 "--check": "the schema printed, exit 0", "--out": "written into the working folder",
                 "--state": "the default state used"}
        what = next((v for k, v in found.items() if k in args), "internal error" if args[0] == "init" else
                    "taken as the working folder")
        out.append(_by_test(CL, f"{' '.join(a if a else repr(a) for a in args)} (found: {what})",
                            R6.test_an_empty_path_is_refused_not_taken_as_not_given, args))
    for option in ("--only", "--skip"):
        out.append(_by_test(CL, f"check {option} '' (found: " + ("every rule run)" if option == "--only" else
                                                                 "nothing skipped, no word)"),
                            R6.test_check_only_or_skip_naming_no_rule_is_refused, option, ""))
    for args in (["serve", "G", "--state", "S", "--closes", "", "--invite", "advisory-3"],
                 ["review", "add", "G", "--field", "purpose", "--quote", "This", "--occurrence", "1", "--body", "b",
                  "--author", "staff-1", "--role", "staff", "--date", ""],
                 ["import", "N", "--jurisdiction", "", "-o", "Y"]):
        found = {"--closes": "a round that never closes", "--date": "dated now", "--jurisdiction": "a placeholder"}
        what = next(v for k, v in found.items() if k in args)
        out.append(_by_test(CL, f"{args[0]} {args[1]} … {next(a for a in args if a in found)} '' (found: {what})",
                            R6.test_an_empty_text_option_is_refused_not_taken_as_not_given, args))
    for value in ("0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "0999-01-01"):
        out.append(_by_test(CL, f"LIC_POLICY_NOW={value} (found: internal error)",
                            R6.test_lic_policy_now_out_of_range_is_one_line_not_an_internal_error, value))

    def injected(d: Path):
        import re as _re

        t = DRAFT.read_text(encoding="utf-8")
        t = t.replace("title: City of Cedar Harbour Street Prostitution Strategy (early draft)",
                      'title: "<script>alert(1)</script> \\\\input{/etc/passwd} #read(\\"/etc/passwd\\") $x$ ]] <!--"')
        t = t.replace("role: Manager, Bylaw Services", 'role: "`#eval(\\"1\\")` <img src=x onerror=alert(1)>"')
        t = t.replace("  This strategy sets out", "  <iframe src=javascript:alert(1)></iframe> ```{=typst}\n  #read("
                      "\"/etc/passwd\")\n  ```\n  $$\\input{/etc/passwd}$$ [x](javascript:alert(1)) "
                      "![i](file:///etc/passwd) This strategy sets out", 1)
        (d / "g.yaml").write_text(t, encoding="utf-8")
        r = cli(["publish", str(d / "g.yaml"), "--to", "html,md,docx,odt,pdf", "--out", str(d / "site")], d,
                timeout=120)
        html = (d / "site" / "g.html").read_text(encoding="utf-8") if (d / "site" / "g.html").exists() else ""
        md = (d / "site" / "g.md").read_text(encoding="utf-8") if (d / "site" / "g.md").exists() else ""
        payload = bool(_re.search(r"<script|<iframe|<img|href=\"javascript|src=\"file:", html)) or \
            "root:x:" in html + md or "](javascript:" in md
        return ok(r), False, payload, ""
    out.append(Case(PB, "raw HTML, LaTeX, typst and javascript:/file: links in the title, an owner role and the "
                    "purpose; html, md, docx, odt, pdf", injected))
    for lang in ("ar", "he-IL", "zh-Hant-TW", "und", "zz"):
        def run(d: Path, lang=lang):
            (d / "g.yaml").write_text(DRAFT.read_text(encoding="utf-8").replace("languages: [en]",
                                                                                 f"languages: [{lang}]"),
                                      encoding="utf-8")
            r = cli(["publish", str(d / "g.yaml"), "--to", "html,pdf,docx", "--out", str(d / "site")], d,
                    timeout=120)
            return ok(r) and (d / "site" / "g.pdf").exists(), False, False, ""
        out.append(Case(PB, f"publish a guideline in language '{lang}' to html, pdf, docx", run))
    return out


# --------------------------------------------------------------------------- hostile7

ROUND7: list = []


def round7_cases() -> list[Case]:
    """hostile7: round 6's leftovers, writers meeting on one file, writes cut short (a file-size
    limit, as on a full disk), large inputs, identities hidden with Unicode tricks. Every case
    is a test of tests/test_hostile_round7.py."""
    from tests import test_hostile_round7 as R7

    Y, CF, CR, W = ("YAML guidelines (round 5: tags, keys, directives, encodings)",
                    "Configuration files (corpus, check --config)", "Check reports (round 6: formats and file names)",
                    "Word and OpenDocument files")
    CW, LE, UW = "Concurrent writers", "Line endings, BOM, links", "Unwritable places"
    BIG, PRIV = "Large inputs (round 7)", "Privacy (round 7: identities hidden with Unicode tricks)"
    out = [
        _by_test(Y, "validate: an emoji written as json.dumps writes it, \\ud83d\\ude00 (found: 'YAML syntax error')",
                 R7.test_an_emoji_written_as_an_escaped_surrogate_pair_is_the_emoji),
        _by_test(Y, "validate: half a surrogate pair, \\ud83d alone", R7.test_half_an_escaped_surrogate_pair_is_refused_at_its_scalar),
    ]
    for tag in ("sgn-GB-x-bsl", "de-CH-1996", "en-US-u-ca-gregory", "es-419", "x-klingon", "zh-yue-HK"):
        found = " (found: refused)" if tag in ("sgn-GB-x-bsl", "en-US-u-ca-gregory", "x-klingon") else ""
        out.append(_by_test(Y, f"validate: languages: [{tag}]{found}",
                            R7.test_a_valid_bcp47_tag_with_private_use_variant_or_extension_parts_is_taken, tag))
    for tag in ("e", "en-", "en--US", "en-abcdefgh-12", "en_US", "x", "en-x"):
        found = " (found: valid)" if tag == "en-abcdefgh-12" else ""
        out.append(_by_test(Y, f"validate: languages: ['{tag}']{found}",
                            R7.test_a_language_tag_bcp47_does_not_allow_is_still_refused, tag))
    out.append(_by_test(CF, "packs: ['~/packs/ours.yaml'] (found: 'rule pack not found')",
                        R7.test_packs_given_from_the_home_folder_are_found))
    for pattern, why in (("[z-a]", "holds no character"), ("", "it is empty"), ("  ", "it is empty"),
                         ("a[9-0]/**", "holds no character")):
        out.append(_by_test(CF, f"ignore: [{pattern!r}] (found: taken, nothing left out, no word)",
                            R7.test_an_ignore_pattern_that_can_never_match_is_refused_at_its_place, pattern, why))
    for pattern in ("archive/", "./archive/**", "./archive/"):
        out.append(_by_test(CF, f"ignore: [{pattern!r}] (found: the folder was checked)",
                            R7.test_an_ignore_pattern_written_as_in_gitignore_leaves_out_the_folder, pattern))
    out.append(_by_test(CR, "--format github of files named with U+0001, ESC [31m and U+202E (found: sent to the log "
                        "as they are)", R7.test_github_annotations_show_control_characters_in_file_names_as_symbols))
    out.append(_by_test(W, "review import: a reviewer whose Word name is 'lic-policy (automated)' (found: their "
                        "comments dropped as the packet's)", R7.test_a_word_reviewer_named_like_the_packet_keeps_their_comment))
    out.append(_by_test(LE, "fix --write of a file mixing CRLF and LF lines, with a BOM (found: untouched lines of an "
                        "edited block turned to LF)", R7.test_fix_write_of_a_file_with_mixed_line_endings_changes_only_the_edited_lines))
    out.append(_by_test(LE, "review apply in a file mixing CRLF and LF lines (found: untouched lines turned to LF)",
                        R7.test_review_apply_keeps_each_line_ending_of_a_mixed_file))
    out.append(_by_test(CW, "8 room reviewers posting while the drafter runs review reply, resolve, reanchor, add, "
                        "list and fix --write", R7.test_reviewers_posting_while_the_drafter_replies_resolves_reanchors_and_fixes_lose_nothing))
    out.append(_by_test(UW, "review packet past ulimit -f, pandoc killed by SIGXFSZ (found: a temporary file's name, no "
                        "place)", R7.test_a_review_packet_that_pandoc_cannot_finish_writing_names_the_packet_not_a_temporary_file))
    for args in (("fix", "--write", "g.yaml"), ("review", "add", "g.yaml", "--field", "purpose", "--quote", "This",
                                                "--occurrence", "1", "--body", "b", "--author", "staff-1", "--role",
                                                "staff")):
        out.append(_by_test(UW, f"{' '.join(args[:2])} past ulimit -f (a full disk)",
                            R7.test_a_write_past_the_file_size_limit_is_one_line_and_leaves_the_files_as_they_were,
                            args))
    out.append(_by_test(UW, "the lock folder made on a full disk (found: an empty .gitignore, lock files committed)",
                        R7.test_the_lock_folders_gitignore_is_never_left_empty))
    out.append(_by_test(BIG, "a review file of 10,000 threads, 11 MB (found: refused by every review command)",
                        R7.test_a_review_file_of_ten_thousand_threads_is_read_by_every_review_command))
    out.append(_by_test(BIG, "a review file over its 32 MB limit", R7.test_a_review_file_over_its_limit_is_refused_in_one_line_that_says_what_to_do))
    for suffix in (".md", ".docx"):
        out.append(_by_test(BIG, f"import {suffix} whose text is over the guideline limit (found: 30 s, 1.6 GB, then a "
                            "guideline every command refused)",
                            R7.test_import_of_a_document_whose_text_is_over_the_guideline_limit_is_refused_before_pandoc,
                            suffix))
    out.append(_by_test(BIG, "import whose guideline would be over the limit (found: written)",
                        R7.test_import_whose_guideline_would_be_over_the_limit_writes_nothing))
    out.append(_by_test(BIG, "check of a file of one long line with thousands of findings (found: 290 s of CPU for "
                        "100,000)", R7.test_the_text_report_makes_a_long_lines_shown_form_once_not_once_per_finding))
    for text, kind in (("text me at 604\u200b555\u200b0199", "phone"), ("text me at 604\u2060555\u20600199", "phone"),
                       ("text me at 604\u00ad555\u00ad0199", "phone"), ("email ｊａｎｅ＠ｅｘａｍｐｌｅ．ｏｒｇ", "email"),
                       ("phone six zero four five five five zero one nine nine", "phone"),
                       ("phone Six-Zero-Four, Five-Five-Five, Zero-One-Nine-Nine", "phone"),
                       ("I spoke with Ja\u200dne Smith yesterday.", "name"),
                       ("I spoke with Ｊａｎｅ Ｓｍｉｔｈ yesterday.", "name")):
        out.append(_by_test(PRIV, f"{text.encode('unicode_escape').decode()!s} (found: not found)",
                            R7.test_a_contact_hidden_with_unicode_tricks_is_still_found, text, kind))
    for text in ("We met on one, two or three evenings a week.", "Rooms one to nine stay open.",
                 "Ｔｈｅ　ｐｌａｎ names no one.", "A zero\u200btolerance approach was dropped."):
        out.append(_by_test(PRIV, f"not flagged: {text.encode('unicode_escape').decode()}",
                            R7.test_prose_with_those_characters_and_no_contact_is_not_flagged, text))
    out.append(_by_test(PRIV, "review packet with a phone hidden by zero-width spaces in a thread (found: written)",
                        R7.test_a_review_packet_is_refused_for_a_phone_hidden_with_zero_width_spaces))
    ROUND7.extend(out)
    return out


ROUND8: list = []


def round8_cases() -> list[Case]:
    """hostile8: round 7's leftovers (the review file at its limit in the room, publishing a huge
    guideline, the drafter's to-do items in reviewers' hands, the packet's exit code), outputs
    that are pipes, planted lock files, settings from the environment, a document's values in
    file names. Every case is a test of tests/test_hostile_round8.py."""
    from tests import test_hostile_round8 as R8

    RM, BIG, PRIV, PD, PL, CL, PB = ("Review room", "Large inputs (round 7)", "Privacy (round 8: who sees what)",
                                     "Pipes and devices", "Paths, links and folders",
                                     "Command line (round 6: empty values, dates)",
                                     "Publishing and redlines (round 6: injection, languages)")
    out = [
        _by_test(RM, "a comment that would take the review file past its 32 MB limit (found: written, then every "
                 "page of the round 'The draft cannot be read' for everyone)",
                 R8.test_a_comment_that_would_take_the_review_file_past_its_limit_is_refused_and_the_room_stays_open),
        _by_test(RM, "a reviewer posting to a review file already over its limit (found: 'could not be written: file "
                 "is 34,607,967 bytes, over the 33,554,432-byte limit', in English on a French page)",
                 R8.test_a_reviewer_posting_to_a_review_file_already_over_its_limit_is_told_in_words),
        _by_test(BIG, "review add of a thread that would take the review file past its limit (found: written, then "
                 "every review command refused the file)",
                 R8.test_the_cli_refuses_a_thread_that_would_take_the_review_file_past_its_limit),
    ]
    out.append(_by_test(BIG, "review apply when resolving the threads takes the review file past its limit (found: the "
                        "guideline changed, its threads still 'accepted', a journal that could not finish)",
                        R8.test_review_apply_at_the_review_files_limit_changes_neither_file))
    for args in (("publish", "{g}", "--to", "html", "--out", "{d}/out"), ("review", "packet", "{g}", "-o", "{d}/p.docx")):
        out.append(_by_test(BIG, f"{' '.join(args[:2]) if args[0] == 'review' else args[0]} of a guideline over 2 MB "
                            "(found: 8 MB took 40 s and 1.3-1.6 GB; 3.4 GB with a PDF)",
                            R8.test_publish_and_packet_refuse_a_guideline_over_the_publishing_limit_before_reading_it,
                            args))
    out.append(_by_test(BIG, "review packet --since a version over 2 MB",
                        R8.test_a_packet_since_a_version_over_the_publishing_limit_is_refused))
    out.append(_by_test(PRIV, "review packet of a draft whose to-do items keep a colleague's Word comment (found: sent "
                        "to the advisory reviewers)", R8.test_the_review_packet_leaves_out_the_drafters_to_do_items))
    out.append(_by_test(PRIV, "the review room's findings of a draft with to-do items",
                        R8.test_the_review_room_never_shows_the_drafters_to_do_items))
    out.append(_by_test(PRIV, "review packet and publish of a draft with a phone number in a thread: one line, exit 1 "
                        "alike, the number never repeated",
                        R8.test_packet_and_publish_refuse_an_identity_alike_one_line_exit_1_never_the_identity))
    for name in sorted(R8.OUTPUT_COMMANDS):
        out.append(_by_test(PD, f"{name} into a named pipe no program reads (found: waited forever)",
                            R8.test_an_output_that_is_a_pipe_no_program_reads_is_one_line_not_a_hang, name))
    out.append(_by_test(PD, "check -o into a named pipe a program reads", R8.test_an_output_pipe_with_a_reader_is_still_written))
    for kind in ("link", "folder"):
        found = " (found: 'Too many levels of symbolic links (check the path …)', about the review file)" \
            if kind == "link" else ""
        what = "symbolic link to a file someone keeps" if kind == "link" else "folder"
        out.append(_by_test(PL, f"review add where .lic-policy-locks/g.review.yaml.lock is a {what}{found}",
                            R8.test_a_lock_file_planted_as_a_link_or_a_folder_is_named_and_nothing_it_points_to_is_touched,
                            kind))
    for args in (("import", "{d}/n.md", "-o", "{d}/g.review.yaml", "--force"), ("import", "{d}/n.md", "-o",
                 "{d}/new.review.yml"), ("import", "{d}/g.review.md"), ("init", "{d}/g.review.yaml", "--no-input",
                                                                         "--force")):
        shown = " ".join(a.replace("{d}/", "") for a in args)
        found = " (found: the round's threads replaced)" if "--force" in args else " (found: written)" \
            if "-o" in args else " (found: written as g.review.yaml when there was none yet)"
        out.append(_by_test(PL, f"{shown}{found}", R8.test_a_guideline_is_never_written_under_a_review_files_name,
                            args))
    out.append(_by_test("git revisions", "diff HEAD:guidelines (a folder) (found: 'bad file', git's words)",
                        R8.test_a_git_revision_naming_a_folder_says_so))
    out.append(_by_test(CL, "validate --jobs 60 / check -j 100000 on 2 cores (found: 60 worker processes, one per file "
                        "up to the number asked)", R8.test_jobs_beyond_the_cores_start_no_more_processes_than_there_are_cores))
    out.append(_by_test(BIG, "fix --write of a guideline just under max_file_size (found: written 117 bytes over it, "
                        "then refused by every command)", R8.test_fix_write_never_takes_a_guideline_past_the_size_limit))
    out.append(_by_test(BIG, "review apply of a suggestion that takes the guideline past its limit (found: written)",
                        R8.test_review_apply_never_takes_a_guideline_past_the_size_limit))
    for value in ("nan", "NaN", "-nan"):
        out.append(_by_test(CL, f"LIC_POLICY_LOCK_TIMEOUT={value} (found: taken as no wait at all)",
                            R8.test_a_lock_timeout_that_is_not_a_number_is_refused_not_taken_as_no_wait, value))
    for version in ("a/b", "../../../outside", "..\\\\..\\\\x", "1.0\\u0000x", "/abs", "..", "\\u202e1.0"):
        found = (" (found: internal error)" if "/" in version or "u0000" in version else ""
                 if version == ".." else " (found: in the file name as it was)")
        out.append(_by_test(PB, f"review packet of a draft whose version is {version!r}{found}",
                            R8.test_a_packet_named_after_a_version_that_is_no_file_name_stays_beside_the_guideline,
                            version))
    ROUND8.extend(out)
    return out


ROUND9: list = []


def round9_cases() -> list[Case]:
    """hostile9: round 8's leftovers (a pack listed twice, Markdown read back as citations, the
    room's own limits) and new kinds: direction marks inside flagged words, Word parts given
    twice, a lone CR, JSON and TOML nested thousands deep, settings in TOML's other spellings,
    an editor saving while lic-policy works. Every case is a test of tests/test_hostile_round9.py
    (the new corpus files are counted with their corpora)."""
    from tests import test_hostile_round9 as R9

    RM, PB, CF, UN, WD, LE, RP = ("Review room", "Publishing and redlines (round 6: injection, languages)",
                                  "Configuration files (corpus, check --config)",
                                  "Unicode and YAML (round 9)", "Word and OpenDocument files",
                                  "Line endings, BOM, links", "Rule packs and imports")
    out = [
        _by_test(CF, "packs: [policy/ours.yaml, ./policy/ours.yaml] (found: 'a pack named ours is already loaded' at "
                 "the pack file)", R9.test_a_rule_pack_listed_twice_is_named_at_the_configuration_line),
        _by_test(PB, "publish --to md of @outreach, -@doe, [@a; @b], (@ex), &amp; and a paragraph '---', in the title "
                 "too (found: citations, an example reference, '&', a rule)",
                 R9.test_published_markdown_reads_back_as_the_guideline_words),
        _by_test(PB, "diff --format markdown of @outreach, $x$ and ^2^ (found: a citation, math, a superscript)",
                 R9.test_diff_markdown_shows_citations_math_and_superscripts_as_text),
        _by_test(RM, "one invitation posting past its budget of comments, replies and characters (found: no limit "
                 "but the 32 MB review file, full for everyone)", R9.test_one_invitation_cannot_fill_the_round),
        _by_test(RM, "posts refused for their content use no budget", R9.test_a_refused_post_does_not_use_the_budget),
        _by_test(RM, "replies past a thread's limit (found: no limit; each reply rewrote the whole thread)",
                 R9.test_one_comment_cannot_take_endless_replies),
    ]
    for mark in ("\u2066", "\u2067", "\u2068", "\u2069", "\u202a", "\u202b", "\u202c"):
        found = " (found: not found)" if mark in ("\u2066", "\u2067", "\u2068", "\u2069") else ""
        out.append(_by_test(UN, f"check of 'pros{mark.encode('unicode_escape').decode()}titutes'{found}",
                            R9.test_a_direction_isolate_or_embedding_inside_a_flagged_word_does_not_hide_it, mark))
    for command in ("import", "review import"):
        for second in ("word/document.xml", "Word/Document.XML"):
            out.append(_by_test(WD, f"{command}: a .docx holding word/document.xml and {second} (found: pandoc read the "
                                "first, lic-policy's readers the last)",
                                R9.test_a_word_file_holding_one_part_twice_is_refused, command, second))
    for version in ("1.3", "2.0"):
        out.append(_by_test(UN, f"validate and check of '%YAML {version}' (found: 'incompatible YAML document', a hint "
                            "about indentation)", R9.test_a_yaml_directive_of_a_version_that_does_not_exist_is_named,
                            version))
    out.append(_by_test(LE, "fix --write while an editor saves the file (found: the editor's save lost)",
                        R9.test_fix_write_never_writes_over_an_editor_save_made_while_it_worked))
    out.append(_by_test(LE, "review apply while an editor saves the guideline (found: the editor's save lost)",
                        R9.test_review_apply_never_writes_over_an_editor_save_made_while_it_worked))
    out.append(_by_test(WD, "review import beside an author map of 100,000 nested brackets (found: blamed on the Word "
                        "file)", R9.test_an_author_map_nested_thousands_deep_is_named))
    out.append(_by_test(UN, "init beside saved answers of 100,000 nested brackets (found: internal error)",
                        R9.test_saved_init_answers_nested_thousands_deep_are_one_line))
    out.append(_by_test(RP, "a pack's model file of 100,000 nested brackets (found: internal error)",
                        R9.test_a_model_file_nested_thousands_deep_is_one_line))
    for toml in ('[tool] lic-policy = {fail_on = "none"}', 'tool.lic-policy.fail_on = "none"',
                 '[tool] lic-policy.fail_on = "none"', '[tool."lic-policy"]'):
        text = {'[tool] lic-policy = {fail_on = "none"}': '[project]\nname = "x"\n\n[tool]\nlic-policy = {fail_on = "none"}\n',
                'tool.lic-policy.fail_on = "none"': 'tool.lic-policy.fail_on = "none"\n\n[project]\nname = "x"\n',
                '[tool] lic-policy.fail_on = "none"': '[project]\nname = "x"\n\n[tool]\nlic-policy.fail_on = "none"\n',
                '[tool."lic-policy"]': '[project]\nname = "x"\n\n[tool."lic-policy"]\nfail_on = "none"\n'}[toml]
        found = "" if toml.startswith('[tool."') else " (found: silently dropped)"
        out.append(_by_test(CF, f"pyproject.toml with {toml}{found}",
                            R9.test_settings_written_as_dotted_keys_or_an_inline_table_are_read, text))
    out.append(_by_test(CF, "a pyproject.toml naming lic-policy as an optional dependency",
                        R9.test_a_pyproject_naming_lic_policy_elsewhere_is_passed_over))
    for command in ("import", "init"):
        out.append(_by_test("Paths, links and folders", f"{command} --force to g.yaml, a symbolic link to a review file "
                            "(found: the round's threads replaced)",
                            R9.test_a_guideline_is_never_written_through_a_link_to_a_review_file, command))
    out.append(_by_test("Language server", "a message of 100,000 nested brackets (found: an 'Error in server: "
                        "RecursionError' pop-up, a request never answered, a traceback in the log)",
                        R9.test_lsp_a_message_nested_thousands_deep_gets_a_parse_error_and_no_traceback))
    ROUND9.extend(out)
    return out


ROUND10: list = []


def round10_cases() -> list[Case]:
    """hostile10: round 9's leftovers (the room naming the wrong file, its numbers) and the Word
    import path, the packet round trip, configuration files that are not files, the language
    server under a select-all, identities on the terminal. Every case is a test of
    tests/test_hostile_round10.py (the new corpus file is counted with its corpus)."""
    from tests import test_hostile_round10 as R10

    RM, WD, CF, LS, PR = ("Review room", "Word and OpenDocument files", "Configuration files (corpus, check --config)",
                          "Language server", "Privacy (round 8: who sees what)")
    out = [
        _by_test(RM, "Accept while an editor saves the guideline (found: 'The review file could not be written ... "
                 "(run the command again)')", R10.test_room_accept_while_an_editor_saves_the_guideline_names_the_guideline),
        _by_test(RM, "a reviewer past the round's budget, a comment too long (found: '1000 comments and replies, "
                 "1000000 characters', '4001 characters; at most 4000', in French too)",
                 R10.test_room_limits_are_written_as_numbers_are_in_the_page_language),
        _by_test(RM, "the review file saved broken during a round (found: the staff page headed 'The draft cannot be "
                 "read')", R10.test_room_a_broken_review_file_is_called_the_review_file_on_the_staff_page),
    ]
    for how in R10.LOOPS:
        for command in ("import", "review import"):
            out.append(_by_test(WD, f"{command}: {how} (found: 16-60 s and up to 2.6 GB, then 'pandoc: Heap "
                                "exhausted' or 'split the document')",
                                R10.test_a_word_note_or_comment_inside_itself_is_refused_at_once, how, command))
    out.append(_by_test(WD, "import: a footnote with Word's own number mark (w:footnoteRef)",
                        R10.test_a_footnote_with_its_own_number_mark_still_imports))
    out.append(_by_test(WD, "import: .odt comments nested 300 deep, read in linear time without their authors (found: "
                        "96 M characters of to-do text, every author's name)",
                        R10.test_odt_annotations_nested_inside_each_other_are_read_in_linear_time))
    out.append(_by_test(WD, "import: .odt comments nested 2,000 deep (found: over 120 s and 14.5 GB)",
                        R10.test_odt_import_of_annotations_nested_2000_deep_is_quick_and_names_no_one))
    out.append(_by_test(WD, "review import: a packet edited with Track Changes off (found: the edit dropped, 'added 0 "
                        "suggestion(s)', exit 0)",
                        R10.test_a_packet_edited_with_track_changes_off_says_what_it_did_not_import))
    for sample in ("draft", "good"):
        out.append(_by_test(WD, f"review import: an unedited packet of the {sample} sample raises no Track Changes "
                            "warning", R10.test_an_unedited_packet_warns_of_nothing, sample))
    for name in sorted(R10.HELD_WORD):
        for command in ("import", "review import"):
            out.append(_by_test(WD, f"{command}: {name}", R10.test_odd_word_structures_are_imported_or_refused_in_one_line,
                                name, command))
    for what in ("a dangling symbolic link", "a folder", "a named pipe", "a link to /dev/zero"):
        out.append(_by_test(CF, f".lic-policy.yaml that is {what}, found upwards, in the CLI and the language server "
                            "(found: passed over, the defaults used; 'configuration file not found (check the --config "
                            "path)' in the editor)",
                            R10.test_a_configuration_that_is_not_a_file_is_named_not_passed_over, what))
    out.append(_by_test(CF, ".lic-policy.yaml of two YAML documents (found: 'keep one guideline per file')",
                        R10.test_a_configuration_of_two_yaml_documents_is_not_called_a_guideline))
    out.append(_by_test(LS, "code actions for a select-all over 1,500 findings (found: a fix and four suppressions per "
                        "finding, each rewriting the text; 10,000 lines: no answer in 120 s)",
                        R10.test_lsp_code_actions_for_a_whole_selected_document_are_bounded))
    out.append(_by_test(PR, "import of a Word comment and a tracked change holding a name, a phone and an email "
                        "(found: masked in the to-do item, printed whole on the terminal)",
                        R10.test_import_never_repeats_an_identity_from_a_word_comment_or_change_on_the_terminal))
    ROUND10.extend(out)
    return out


ROUND11: list = []


def round11_cases() -> list[Case]:
    """hostile11: round 10's leftovers (a Word field's shown author, headers and footers dropped
    without a word, a renamed file counted as new by --changed-since) and more: what else a Word
    file hides (content controls bound to the author, hidden text), encodings, links, the room
    under a flood of connections and odd methods, pyproject.toml typos, two writers at once, the
    language server's ids, standard input given to fix. Every case is a test of
    tests/test_hostile_round11.py."""
    from tests import test_hostile_round11 as R11

    PV, WD, GIT, ENC, PATHS, RM, CF, CW, LS, CL = (
        "Privacy (round 11: what a Word file hides)", "Word and OpenDocument files", "git revisions",
        "YAML guidelines (round 5: tags, keys, directives, encodings)", "Paths, links and folders", "Review room",
        "Configuration files (corpus, check --config)", "Concurrent writers", "Language server",
        "Command line (round 6: empty values, dates)")

    def in_repo(test):
        def run(tmp_path, monkeypatch, *args):
            test(R11.make_repo(tmp_path, monkeypatch), *args)
        return run

    out = []
    for name in sorted(R11.PERSON_FIELDS):
        out.append(_by_test(PV, f"import: {name} showing a person (found: the name imported as text)",
                            R11.test_import_leaves_out_the_person_a_word_field_shows, name))
    out.append(_by_test(PV, "import: a mail merge's ADDRESSBLOCK over three paragraphs (found: the street address "
                        "imported)", R11.test_import_leaves_out_a_mail_merge_address_block_over_several_paragraphs))
    for instr in ("PAGE", 'DOCPROPERTY "Title"', "FILENAME", 'DATE \\@ "d MMMM yyyy"', 'HYPERLINK "https://example.org/"',
                  "REF _Ref1"):
        out.append(_by_test(PV, f"import: a {instr.split()[0]} field keeps what it shows",
                            R11.test_import_keeps_what_other_word_fields_show, instr))
    out.append(_by_test(PV, "review import: an AUTHOR field in a tracked insertion, a USERNAME field in a comment (found: "
                        "stored in the review file)", R11.test_review_import_stores_no_person_a_word_field_shows))
    for prop in ("creator", "lastModifiedBy"):
        for where in ("a run", "a paragraph"):
            out.append(_by_test(PV, f"import: a content control bound to {prop}, as {where} (a cover page's Author box) "
                                "(found: the name imported as text)",
                                R11.test_import_leaves_out_a_content_control_bound_to_the_author_property, prop, where))
    out.append(_by_test(PV, "import: a content control bound to the title keeps it",
                        R11.test_import_keeps_a_content_control_bound_to_the_title))
    out.append(_by_test(PV, "import: hidden text (Font > Hidden) naming someone (found: imported as text the drafter "
                        "could not see)", R11.test_import_leaves_out_word_hidden_text_and_says_what_it_said))
    out.append(_by_test(PV, "150 random Word bodies of plain and hidden runs and nested fields, ended or left open: "
                        "every person field's value and hidden run gone, every other word kept (a property)",
                        R11.test_scrub_cuts_every_person_field_and_hidden_run_and_nothing_else))
    out.append(_by_test(PV, "import: text hidden by a character style (based on a hidden one) and by a paragraph "
                        "style (found: imported as text)", R11.test_import_leaves_out_text_a_word_style_hides))
    out.append(_by_test(PV, "import .html: a <div hidden>, a <span style=display:none>, a <section "
                        "style=visibility:hidden> and a <template> (found: imported as text)",
                        R11.test_html_import_leaves_out_hidden_elements_and_says_what_they_said))
    out.append(_by_test(PV, "import .md: a <div hidden>, a span with display:none and a fenced div {hidden=\"\"} "
                        "(found: imported as text)", R11.test_markdown_import_leaves_out_what_its_html_hides))
    out.append(_by_test(PV, "import .odt: hidden text (a text style with text:display=none) naming someone (found: "
                        "imported as text)", R11.test_odt_import_leaves_out_hidden_text_and_says_what_it_said))
    out.append(_by_test(WD, "import: a Word header and footer (found: dropped without a word)",
                        R11.test_import_says_in_one_line_that_word_headers_and_footers_were_left_out))
    out.append(_by_test(WD, "import: a footer of page numbers only says nothing",
                        R11.test_import_of_a_footer_of_page_numbers_only_says_nothing))
    out.append(_by_test(WD, "import: an .odt's header and footer (found: dropped without a word)",
                        R11.test_odt_import_says_in_one_line_that_headers_and_footers_were_left_out))
    for how in ("committed", "staged", "moved to another folder", "renamed and edited"):
        out.append(_by_test(GIT, f"check --changed-since of a file renamed ({how}) (found: every finding counted as new)",
                            in_repo(R11.test_changed_since_compares_a_renamed_file_with_its_old_name), how))
    out.append(_by_test(GIT, "check --changed-since of a copied file counts it as new",
                        in_repo(R11.test_changed_since_still_counts_a_copied_file_as_new)))
    for rev in ("main..HEAD", "main...HEAD", "HEAD:guidelines/draft.yaml", "HEAD^{tree}"):
        out.append(_by_test(GIT, f"check --changed-since {rev} (found: 'not a commit in this clone (in CI, fetch it "
                            "first ...)')", in_repo(R11.test_changed_since_a_range_or_a_file_is_not_called_a_commit_to_fetch),
                            rev))
    out.append(_by_test(GIT, "check --changed-since main of a file over the size limit at main, shrunk since (found: "
                        "exit 2, 'main:x.yaml is 11,007,949 bytes, over the limit')",
                        in_repo(R11.test_changed_since_a_file_too_big_at_the_revision_holds_nothing_back)))
    for codec in ("utf-32-le", "utf-32-be"):
        out.append(_by_test(ENC, f"check and validate of a guideline in {codec} with no byte-order mark (found: "
                            "'the file is UTF-16 text')", R11.test_utf32_without_a_byte_order_mark_is_called_utf32, codec))
    for command in sorted(R11.LINK_COMMANDS):
        for how in ("a link whose file was moved away", "two links pointing at each other"):
            out.append(_by_test(PATHS, f"{command} of {how} (found: 'no such file (check the path)')",
                                R11.test_a_broken_symbolic_link_is_called_one, command, how))
    out.append(_by_test(PATHS, "fix --write, check and validate of a folder holding a link to a file outside it (found: "
                        "the outside file fixed, read into the report)",
                        R11.test_a_folder_walk_does_not_follow_a_file_link_out_of_the_folder))
    for method in ("OPTIONS", "PUT", "DELETE", "PATCH", "TRACE"):
        out.append(_by_test(RM, f"{method} on room pages (found: 405 without Allow)",
                            R11.test_room_a_method_a_page_does_not_take_is_answered_with_the_methods_it_does, method))
    out.append(_by_test(RM, "400 connections that never finish their head, 200 files allowed (found: 355,270 log lines "
                        "of tracebacks in 8 s; a reviewer waited out the time limit)",
                        R11.test_room_a_flood_of_connections_neither_floods_the_log_nor_shuts_people_out))
    out.append(_by_test(CF, "pyproject.toml with [[tool.lic-policy]] (found: passed over, its settings dropped)",
                        R11.test_a_pyproject_table_written_with_two_brackets_is_named_not_passed_over))
    out.append(_by_test(CF, "a configuration key of a million characters (found: echoed whole)",
                        R11.test_an_unknown_configuration_key_of_a_megabyte_is_not_printed_whole))
    out.append(_by_test(CW, "four serve --invite at once on a guideline with no open round (found: reviewers split over "
                        "two rounds)", R11.test_serve_invite_run_twice_at_once_uses_one_round))
    out.append(_by_test(CW, "two init of one new file at once, no --force (found: the second replaced the first)",
                        R11.test_init_does_not_replace_a_guideline_made_meanwhile_without_force))
    for mid in ({"a": 1}, [1, 2]):
        out.append(_by_test(LS, f"a request and a cancellation whose id is {type(mid).__name__} (found: 'unhashable type', "
                            "a traceback, no answer)",
                            R11.test_lsp_a_request_whose_id_is_not_a_string_or_number_is_refused_in_its_answer, mid))
    for args in (["fix", "-"], ["fix", "--write", "-"], ["fix", "g.yaml", "-"]):
        out.append(_by_test(CL, f"{' '.join(args)} (found: '-: no such file or folder')",
                            R11.test_fix_of_standard_input_says_fix_reads_files,
                            [str(R11.DRAFT) if a == "g.yaml" else a for a in args]))
    ROUND11.extend(out)
    return out


ROUND12: list = []


def round12_cases() -> list[Case]:
    """hostile12: the room's state file damaged, held by another program, on a full disk and
    readable by all; git's conflict markers and a repository with no commit; .odt files pandoc
    blows up; publish beside the documents a guideline came from; documents named as another
    format; file names that are not UTF-8; combining marks piled by the thousand and no-break
    runs that typst cannot lay out; a WebSocket request logging an address; a 2 GB
    pyproject.toml. Every case is a test of tests/test_hostile_round12.py."""
    from tests import test_hostile_round12 as R12

    RM, UW, PV, GIT, CF, WD, PUB, PATHS, UNI = (
        "Review room", "Unwritable places", "Privacy (round 12: the room's files and log)", "git revisions",
        "Configuration files (corpus, check --config)", "Word and OpenDocument files",
        "Publishing and redlines (round 6: injection, languages)", "Paths, links and folders",
        "Unicode and YAML (round 9)")

    def bad_named(test):
        def run(tmp_path, monkeypatch, *args):
            import os as _os
            import shutil as _shutil

            g = R12._bad_name(tmp_path, b"g\xff\xfe", ".yaml")
            _shutil.copy(R12.DRAFT, g)
            monkeypatch.chdir(tmp_path)
            test(g, tmp_path, *args)
        return run

    out = [
        _by_test(RM, "serve --invite on a state file whose pages were written over (found: internal error, 'database "
                 "disk image is malformed')", R12.test_a_damaged_state_file_is_one_line_and_left_as_it_is,
                 "pages written over"),
        _by_test(RM, "serve --invite on a state file cut short", R12.test_a_damaged_state_file_is_one_line_and_left_as_it_is,
                 "cut short"),
        _by_test(RM, "serve --invite while another program holds the state file (found: internal error after 10 s, "
                 "'database is locked')", R12.test_a_state_file_another_program_holds_is_one_line_not_an_internal_error),
        _by_test(UW, "the room's state on a full disk during a round (found: a 500 page, a traceback in the log per "
                 "request)", R12.test_the_room_on_a_full_disk_says_so_in_a_page_and_one_log_line),
        _by_test(UW, "serve --invite and serve with the state on a full disk (found: internal error)",
                 R12.test_serve_on_a_full_disk_is_one_line_not_an_internal_error),
        _by_test(PV, "the state file's journal (-wal, -shm) (found: readable by every account, 0644)",
                 R12.test_the_state_files_journal_is_as_private_as_the_state_file),
        _by_test(PV, "a WebSocket upgrade request to the room (found: the client's IP address and port logged)",
                 R12.test_a_websocket_request_puts_no_ip_address_in_the_rooms_log),
    ]
    for command in (["validate"], ["check", "--no-cache"], ["publish", "--to", "md"], ["fix"]):
        out.append(_by_test(GIT, f"{command[0]} of a guideline left with git merge conflict markers (found: 'YAML syntax "
                            "error ... check the indentation', lines after them)",
                            R12.test_a_guideline_left_with_merge_conflict_markers_says_so, command))
    out.append(_by_test(GIT, "review list and add on a review file left with git merge conflict markers (found: "
                        "'cannot parse the review file: YAML syntax error ... check the indentation')",
                        R12.test_a_review_file_left_with_merge_conflict_markers_says_so_and_is_not_written))
    out.append(_by_test(GIT, "check --changed-since main on the unborn branch main (found: 'not a commit in this clone "
                        "(in CI, fetch it first ...)')",
                        R12.test_changed_since_the_unborn_branch_counts_every_finding_as_head_does))
    for rev in ("origin/main", "HEAD~1", "v1.0"):
        out.append(_by_test(GIT, f"check --changed-since {rev} in a repository with no commit (found: 'fetch it first')",
                            R12.test_changed_since_another_revision_in_a_repository_with_no_commit_says_so, rev))
    for name in (".lic-policy.yaml", "pyproject.toml"):
        out.append(_by_test(CF, f"{name} left with git merge conflict markers" + (
            " (found: 'Invalid statement ... fix the TOML syntax')" if name == "pyproject.toml" else
            " (found: a hint about indentation)"), R12.test_a_configuration_left_with_merge_conflict_markers_says_so,
            name))
    for ours in (True, False):
        out.append(_by_test(CF, "a 2 GB pyproject.toml " + ("holding" if ours else "without") + " [tool.lic-policy] in a "
                            "folder above (found: read whole, 15 s and 4.2 GB)",
                            R12.test_a_huge_pyproject_found_on_the_way_up_is_not_read_whole, ours))
    for how in sorted(R12.ODT_BLOWUPS):
        out.append(_by_test(WD, f"import .odt: {how} (found: up to 35 s and 2.1 GB, then 'pandoc: Heap exhausted')"
                            if how != "3,000 runs of 1,000 spaces" else f"import .odt: {how} (found: 7.7 s, 890 MB)",
                            R12.test_an_odt_that_pandoc_would_blow_up_is_refused_at_once, how))
    out.append(_by_test(WD, "import .odt: lists ten deep and runs of spaces still import",
                        R12.test_an_odt_with_lists_ten_deep_and_a_few_spaces_still_imports))
    found = {"an HTML page named .docx": "'not a zip archive ... save the file again'",
             "an RTF file named .docx": "'not a zip archive ... save the file again'",
             "a Word file named .odt": "'content.xml is missing inside'",
             "an OpenDocument file named .docx": "'word/document.xml is missing inside'",
             "an OpenDocument file named .md": "'binary file (NUL byte) (guidelines are UTF-8 text files)'",
             "a Markdown text named .odt": "'not a zip archive'",
             "a password-protected Word file": "'not a zip archive'"}
    for what, said in found.items():
        out.append(_by_test(WD, f"import of {what} (found: {said})",
                            R12.test_import_of_a_document_named_as_another_format_says_what_it_is, what))
    for fmt in ("docx", "odt", "md", "html", "pdf"):
        out.append(_by_test(PUB, f"publish --to {fmt} --out . beside a {fmt} file it did not write (the document "
                            "imported from) (found: replaced without a word)",
                            R12.test_publish_does_not_replace_the_document_the_guideline_was_imported_from, fmt))
    out.append(_by_test(PUB, "publish again into the same folder replaces its own outputs",
                        R12.test_publish_still_replaces_what_it_wrote_itself))
    for how in sorted(R12.ZALGO):
        out.append(_by_test(UNI, f"validate and publish --to pdf of combining marks piled on one character: {how} "
                            "(found: valid; typst to 24 GB, past 200 s, or a panic and a traceback)",
                            R12.test_combining_marks_piled_on_a_character_are_refused_by_validate_and_pdf, how))
    for name, words in R12.WRITING_SYSTEMS.items():
        out.append(_by_test(UNI, f"validate of {name} text is not refused for its marks",
                            R12.test_text_of_writing_systems_that_stack_marks_is_not_refused, words))
    out.append(_by_test(UNI, "200 random texts of piled marks: every pile over the limit found, nothing else (a "
                        "property)", R12.test_mark_run_finds_every_pile_over_the_limit_and_nothing_else))
    out.append(_by_test(PUB, "publish --to pdf of 30,000 words joined by no-break spaces (found: typst panicked, a "
                        "traceback, exit 1)", R12.test_a_run_of_words_joined_by_no_break_spaces_is_laid_out_in_a_pdf))
    out.append(_by_test(PUB, "publish --to pdf when typst panics (found: a traceback, exit 1)",
                        R12.test_a_panic_in_typst_is_one_line))
    out.append(_by_test(PATHS, "review add on a guideline whose name is not UTF-8 (found: internal error)",
                        bad_named(R12.test_review_add_on_a_guideline_whose_name_is_not_utf8)))
    for suffix in (".md", ".html"):
        out.append(_by_test(PATHS, f"import of a {suffix} whose name is not UTF-8 (found: internal error)",
                            R12.test_import_of_a_document_whose_name_is_not_utf8, suffix))
    out.append(_by_test(PATHS, "serve of a guideline (or its folder) whose name is not UTF-8 (found: internal error)",
                        bad_named(R12.test_serve_a_guideline_whose_name_is_not_utf8_is_one_line)))
    ROUND12.extend(out)
    return out



ROUND13: list = []


def round13_cases() -> list[Case]:
    """hostile13: text as a careless drafter pastes it from Word and PDFs — runs of white space,
    Windows line ends inside a phrase, hyphenation at line ends, soft hyphens, ligatures,
    Unicode hyphens, the modifier apostrophe, full-width letters, a byte-order mark before the
    first key — through check, fix --write, the text report, SARIF and the language server;
    and the growing corpus tests/corpus/pasted. Every case is a test of
    tests/test_hostile_round13.py."""
    from tests import test_hostile_round13 as R13

    PT, LE, LS, CR = ("Text pasted from Word and PDFs (round 13)", "Line endings, BOM, links", "Language server",
                      "Check reports (round 6: formats and file names)")
    out = []
    for how in sorted(R13.WHITESPACE):
        out.append(_by_test(PT, f"check of a framing phrase with {how} inside it (found: missed)",
                            R13.test_framing_is_seen_through_runs_of_white_space, how))
    out.append(_by_test(PT, "a blank line (LF or CRLF) inside a phrase still ends it",
                        R13.test_a_blank_line_still_ends_the_phrase))
    for how in sorted(R13.HYPHENS):
        out.append(_by_test(PT, f"check of words joined by {how} (found: `street-walkers` and `zero-tolerance` "
                            "missed, `anti-vice` flagged as `vice`)",
                            R13.test_words_joined_by_a_unicode_hyphen_are_read_as_hyphenated, how))
    out.append(_by_test(PT, "an en dash between numbers or with spaces stays a dash",
                        R13.test_an_en_dash_between_numbers_or_spaced_stays_a_dash))
    for ap, name in (("\u02bc", "the modifier letter apostrophe U+02BC (found: the term missed)"),
                     ("\u2019", "a curly apostrophe"), ("'", "a straight apostrophe")):
        out.append(_by_test(PT, f"check of a term before {name}",
                            R13.test_a_term_before_a_modifier_letter_apostrophe_is_flagged, ap))
    out.append(_by_test(PT, "check of words broken by Word's optional hyphen control U+001F (found: missed)",
                        R13.test_words_broken_by_words_optional_hyphen_control_are_read_whole))
    for how in sorted(R13.HYPHENATED):
        out.append(_by_test(PT, f"check of a word hyphenated at a line end by {how} (found: missed)",
                            R13.test_a_word_hyphenated_at_a_line_end_is_read_whole, how))
    for text in R13.COMPOUNDS:
        head = text.split("\n")[0].split()[-1]
        out.append(_by_test(PT, f"check of a compound broken at its own hyphen at a line end ('{head}' / "
                            "'prostitutes') keeps its flagged word (found, in this round's first layout: joined and "
                            "missed)", R13.test_a_compound_broken_at_its_own_hyphen_keeps_its_flagged_word, text))
    out.append(_by_test(PT, "a hyphen at a line end before a capital, a number or a list item is not joined",
                        R13.test_a_hyphen_at_a_line_end_before_a_capital_or_a_number_is_not_joined))
    out.append(_by_test(PT, "check of a word hyphenated at a line end in a guideline's block text, placed on both "
                        "halves (found: missed)", R13.test_a_hyphenated_word_in_a_guideline_block_is_found_where_it_is))
    for how in sorted(R13.PASTED):
        out.append(_by_test(PT, f"fix --write of a term written with {how} (found: flagged with its fix, then "
                            "'nothing to fix')", R13.test_fix_write_fixes_a_term_the_rules_saw_through_pasted_characters,
                            how))
    out.append(_by_test(LE, "fix --write in a CRLF guideline's block text holding a soft hyphen, a line-end hyphen "
                        "and a tab (found: the terms left as they were)",
                        R13.test_fix_write_in_a_guideline_block_keeps_every_other_byte))
    out.append(_by_test(LE, "fix --write in double-quoted YAML holding \\u00e9, \\t, \\x21, \\N and an escaped "
                        "line break (found: the escapes written as the characters they stand for, the line joined)",
                        R13.test_fix_write_keeps_the_other_escapes_of_a_double_quoted_text))
    out.append(_by_test(LE, "an edit of one word of a quoted YAML text splices only that word (found: the whole "
                        "text written again)", R13.test_store_replace_text_splices_only_what_changed))
    for nl in ("\n", "\r\n"):
        out.append(_by_test(LE, f"a guideline saved with a byte-order mark right before its first key, "
                            f"{'CRLF' if nl == chr(13) + chr(10) else 'LF'} (found: 'did not find expected "
                            "<document start>' for every command)",
                            R13.test_a_guideline_saved_with_a_byte_order_mark_before_its_first_key_is_read, nl))
    out.append(_by_test(LE, "a review file saved with a byte-order mark right before its first key (found: 'cannot "
                        "parse the review file')",
                        R13.test_a_review_file_saved_with_a_byte_order_mark_before_its_first_key_is_read))
    out.append(_by_test(LE, "a byte-order mark and a finding or an error on the first line (found: a column late)",
                        R13.test_a_byte_order_mark_takes_no_column_on_the_first_line))
    out.append(_by_test(LE, "a byte-order mark before a double-quoted text's escaped line break, a CRLF block and a "
                        "comment: the same values and positions as without it, composed at once or later",
                        R13.test_a_byte_order_mark_changes_no_value_and_no_position_but_the_first_lines_column))
    out.append(_by_test(CR, "the text report's carets after emoji, CJK and full-width letters and a zero-width "
                        "space (found: a cell early per wide character, half as long under full-width words)",
                        R13.test_carets_stand_under_the_words_in_wide_and_invisible_text))
    out.append(_by_test(LS, "a quick fix and a SARIF fix of a term hyphenated at a line end (found: a line break "
                        "in the menu item's title)", R13.test_a_fix_across_a_line_end_is_titled_on_one_line))
    for how in sorted(R13.HASHES):
        out.append(_by_test("YAML guidelines (round 5: tags, keys, directives, encodings)",
                            f"validate of a plain text with {how} (found: valid, the rest of the sentence read as "
                            "a YAML comment and dropped)",
                            R13.test_a_number_sign_that_cuts_a_plain_text_short_is_an_error_at_it, how))
    out.append(_by_test("YAML guidelines (round 5: tags, keys, directives, encodings)",
                        "validate of '# note' after a text, a quoted '#1' and 'priority#1' (no error)",
                        R13.test_a_comment_with_a_space_after_its_number_sign_is_still_a_comment))
    for how in sorted(R13.UNQUOTED):
        out.append(_by_test("YAML guidelines (round 5: tags, keys, directives, encodings)",
                            f"validate of text after 'purpose: ' beginning with or holding {how} (found: 'check the "
                            "indentation and quoting around this place')",
                            R13.test_text_yaml_cannot_read_unquoted_says_to_quote_it, how))
    for line in ("purpose: &Safety first for everyone.", "  title: &Co-ordinated response"):
        out.append(_by_test("YAML guidelines (round 5: tags, keys, directives, encodings)",
                            f"validate of {line.strip()!r} (found: valid, '&…' read as a YAML anchor, the word "
                            "dropped)", R13.test_an_ampersand_word_that_yaml_takes_for_an_anchor_is_an_error_at_it, line))
    out.append(_by_test("YAML guidelines (round 5: tags, keys, directives, encodings)",
                        "validate of an anchor an alias uses (no error)", R13.test_an_anchor_an_alias_uses_is_no_error))
    out.append(_by_test("YAML guidelines (round 5: tags, keys, directives, encodings)",
                        "validate of a block text quoting YAML with an anchor (no error)",
                        R13.test_words_that_look_like_an_anchor_inside_a_block_text_are_no_error))
    out.append(_by_test(PT, "tests/corpus/pasted lists every file it holds", R13.test_the_pasted_corpus_is_complete))
    for name in sorted(R13.PASTED_EXPECTED):
        out.append(_by_test(PT, f"corpus tests/corpus/pasted/{name}: found, placed and fixed as written",
                            R13.test_pasted_text_is_checked_placed_and_fixed_as_written, name))
    ROUND13.extend(out)
    return out


ROUND14: list = []


def round14_cases() -> list[Case]:
    """hostile14: new kinds of careless and hostile input — Markdown and HTML inside a word,
    read-only files, Word structure pandoc drops, messages to the language server before it
    starts, names that nearly match, characters Python splits lines at, rule packs whose fixes
    feed themselves, file names the hints' commands read as options. Every case is a test of
    tests/test_hostile_round14.py (the corpora tests/corpus/markup and bad-packs one test per
    file)."""
    from tests import test_hostile_round14 as R14

    MW, UW, WD, LS, PL, LE, RP, PT, CR = (
        "Markdown and HTML inside words (round 14)", "Unwritable places", "Word and OpenDocument files",
        "Language server", "Paths, links and folders", "Line endings, BOM, links", "Rule packs and imports",
        "Text pasted from Word and PDFs (round 13)", "Check reports (round 6: formats and file names)")
    out = []
    for how in sorted(R14.IN_WORD):
        out.append(_by_test(MW, f"check of a .md with {how} (found: missed)",
                            R14.test_markdown_inside_a_word_or_phrase_is_read_as_rendered, how))
    for how in ("bold on half a word", "an HTML tag around a word of a phrase", "&shy; inside a word"):
        out.append(_by_test(MW, f"check of a guideline's field with {how} (found: missed)",
                            R14.test_markdown_inside_a_guideline_field_is_read_as_rendered, how))
    out.append(_by_test(MW, "a term set in italics is still a mention; entities in code and link targets stay code",
                        R14.test_a_term_set_in_italics_is_still_a_mention_and_markup_in_code_stays_code))
    out.append(_by_test(MW, "fix --write keeps markup balanced (a fix into markup withheld, one around it kept)",
                        R14.test_fix_write_keeps_markup_balanced))
    out.append(_by_test(MW, "tests/corpus/markup lists every file it holds", R14.test_the_markup_corpus_is_complete))
    for name in sorted(R14.MARKUP_EXPECTED):
        out.append(_by_test(MW, f"corpus tests/corpus/markup/{name}: each term found on its line (found: missed)",
                            R14.test_markup_corpus_is_found_where_written, name))
    for how in sorted(R14.QUOTES):
        out.append(_by_test(PT, f"review add --quote copied with {how} (found: 'the quote ... is not in purpose')",
                            R14.test_review_add_finds_a_quote_copied_with_invisible_characters, how))
    out.append(_by_test(PT, "review add --quote of words the guideline holds with a soft hyphen (found: 'the quote "
                        "... is not in purpose')", R14.test_review_add_finds_a_quote_in_text_that_holds_a_soft_hyphen))
    out.append(_by_test(UW, "fix --write of a read-only guideline (chmod 444) (found: replaced without a word)",
                        R14.test_fix_write_leaves_a_read_only_guideline_as_it_is))
    out.append(_by_test(UW, "review add beside a read-only review file (found: replaced without a word)",
                        R14.test_review_add_leaves_a_read_only_review_file_as_it_is))
    for command in ("import", "init", "publish"):
        out.append(_by_test(UW, f"{command} over a read-only file (found: replaced without a word)",
                            R14.test_writers_leave_a_read_only_file_as_it_is, command))
    for how in sorted(R14.WRAPPED_RUNS):
        out.append(_by_test(WD, f"import: words in {how} (found: dropped without a word)",
                            R14.test_words_in_a_wrapper_pandoc_drops_are_imported, how))
    out.append(_by_test(WD, "import: text inserted from another file (w:altChunk) and a subdocument (found: dropped "
                        "without a word)", R14.test_text_inserted_from_another_file_is_named_not_dropped))
    out.append(_by_test(LS, "didOpen, didChange, hover and shutdown before initialize (found: 'Error in server: "
                        "RuntimeError: The workspace is not available' pop-up, requests answered)",
                        R14.test_lsp_messages_before_initialize_are_refused_not_an_error_popup))
    for how in sorted(R14.NEAR):
        for command in (("validate",), ("check",), ("review", "list"), ("publish",)):
            out.append(_by_test(PL, f"{' '.join(command)} of a name that is there {how} (found: 'no such file or "
                                "folder (check the path)')", R14.test_a_name_that_nearly_matches_a_file_says_which,
                                how, command))
    for name in ("-g.yaml", "my draft.yaml", "--help.yaml"):
        out.append(_by_test(PL, f"the commands the hints give for a guideline named {name!r} (found: 'lic-policy fix "
                            "--write -g.yaml', read as an option; a name with a space as two)",
                            R14.test_the_commands_a_hint_gives_name_the_file_as_one_word_not_an_option, name))
    for command in (("validate",), ("publish",), ("review", "list"), ("review", "packet"), ("diff", "-", "g.yaml"),
                    ("compare", "-", "g.yaml")):
        out.append(_by_test(PL, f"{' '.join(command)}{'' if '-' in command else ' -'} < g.yaml (found: 'no such file "
                            "(check the path)', as if a file named '-' were meant)",
                            R14.test_standard_input_given_to_a_command_that_reads_files_says_so, command))
    for how in sorted(R14.ODD_BREAKS):
        out.append(_by_test(LE, f"a suppression after {how} (found: counted a line later, the finding shown)",
                            R14.test_a_suppression_after_a_character_python_splits_lines_at_still_applies, how))
        out.append(_by_test(CR, f"the text report's source line after {how} (found: another line shown)",
                            R14.test_the_text_report_shows_the_findings_own_line, how))
    out.append(_by_test(LE, "a suppression naming no rule, ignore[] (found: suppressed nothing, said nothing)",
                        R14.test_a_suppression_naming_no_rule_is_a_finding))
    out.append(_by_test(RP, "tests/corpus/bad-packs lists every file it holds", R14.test_the_bad_pack_corpus_is_complete))
    for name in sorted(n for n in R14.BAD_PACKS_EXPECTED if not n.startswith("fix-writes-")):  # hostile15's apart
        out.append(_by_test(RP, f"corpus tests/corpus/bad-packs/{name}: a fix the rule finds again in its own "
                            "replacement (found: the text grew at each fix --write)",
                            R14.test_a_bad_pack_is_refused_at_its_place, name))
    ROUND14.extend(out)
    return out


ROUND15: list = []


def round15_cases() -> list[Case]:
    """hostile15: new kinds of careless and hostile input — Ctrl-C while a pool works, closed
    standard streams, Git LFS pointers and files deleted from the work tree, rule-pack fixes
    that write unseen characters, UTF-16 without its mark on import, words typed backwards
    after a right-to-left override, -o onto a guideline or review file, paths copied with a
    place, a slash or a URL around them, requests that are not JSON-RPC 2.0, an email given as
    a handle, names typed in capitals. Every case is a test of tests/test_hostile_round15.py
    (the bad-packs corpus files fix-writes-* by round 14's corpus test)."""
    from tests import test_hostile_round14 as R14
    from tests import test_hostile_round15 as R15

    TO, PD, GT, RP, WD, UN, PL, CL, LS, RM = (
        "Terminal output and input", "Pipes and devices", "git revisions", "Rule packs and imports",
        "Word and OpenDocument files", "Unicode and YAML (round 9)", "Paths, links and folders",
        "Command line (round 6: empty values, dates)", "Language server", "Review room")
    out = []
    for command in ("check", "validate"):
        out.append(_by_test(TO, f"Ctrl-C while {command} -j 2 of 400 files works in a process pool (found: a "
                            "KeyboardInterrupt traceback per worker, an InvalidStateError one, then a hang)",
                            R15.test_ctrl_c_while_a_pool_checks_many_files_stops_at_once_without_a_traceback, command))
    out.append(_by_test(TO, "Ctrl-C while pool workers wait for work (found: tracebacks; one run in three hung)",
                        R15.test_ctrl_c_while_pool_workers_wait_for_work_stops_the_pool_cleanly))
    for command in ("check g.yaml", "validate g.yaml", "review list g.yaml", "rules list", "fix g.yaml"):
        out.append(_by_test(PD, f"{command} with standard output closed (>&-)"
                            + (" (found: internal error: AttributeError)" if command.split()[0] in
                               ("check", "validate", "review") else ""),
                            R15.test_a_command_with_its_output_closed_says_nothing_wrong, command))
    for command in ("check -", "init x.yaml", "review add g.yaml --field purpose --quote 'clean up the streets' "
                    "--author staff-1 --role staff --body -"):
        out.append(_by_test(PD, f"{command.split(' --')[0]} with standard input closed (<&-)"
                            + (" (found: internal error)" if not command.startswith("review") else ""),
                            R15.test_a_command_with_its_input_closed_reads_an_empty_input, command))
    for how in sorted(R15.LFS_COMMANDS):
        out.append(_by_test(GT, f"{how} of a Git LFS pointer (a clone without LFS) (found: the file blamed: 'a "
                            "guideline is a YAML mapping', 'not a zip archive', or imported as a guideline 'Lfs')",
                            R15.test_a_git_lfs_pointer_is_named_as_one, how))
    out.append(_by_test(GT, "diff HEAD:g.yaml g.yaml where git keeps g.yaml as an LFS pointer (found: 'a guideline "
                        "is a YAML mapping, but this file holds a str')",
                        R15.test_a_revision_whose_file_git_keeps_as_an_lfs_pointer_is_named_as_one))
    for command in (("validate",), ("check",), ("review", "list"), ("publish",)):
        for how in ("deleted", "git rm"):
            out.append(_by_test(GT, f"{' '.join(command)} of a guideline {'deleted by hand' if how == 'deleted' else 'removed with git rm'} "
                                "that git still has (found: 'no such file or folder (check the path)')",
                                R15.test_a_guideline_deleted_in_the_work_tree_says_git_still_has_it, how, command))
    out.append(_by_test(GT, "a name git never had is still 'no such file'",
                        R15.test_a_name_git_never_had_is_still_no_such_file))
    for name in sorted(n for n in R14.BAD_PACKS_EXPECTED if n.startswith("fix-writes-")):
        out.append(_by_test(RP, f"corpus tests/corpus/bad-packs/{name}: a fix that writes a character no one sees or "
                            "that breaks the line (found: written by fix --write into every document)",
                            R14.test_a_bad_pack_is_refused_at_its_place, name))
    for codec in ("utf-16-be", "utf-16-le"):
        for suffix in (".html", ".md", ".txt"):
            out.append(_by_test(WD, f"import {suffix} in {codec.upper()} without a byte-order mark (found: one "
                                "paragraph, every heading and break lost, exit 0)",
                                R15.test_import_of_text_in_utf16_without_its_mark_is_refused_like_with_it, suffix,
                                codec))
    for content in (b"\xef\xbb\xbf", b"  \r\n\t\n", b"\xef\xbb\xbf\r\n\r\n"):
        out.append(_by_test(WD, f"import of a .md holding only {content!r} (found: a guideline of placeholders)",
                            R15.test_import_of_a_text_with_no_words_is_refused_as_empty, content))
    for text in ("We met \u202esetutitsorp\u202c downtown.", "We met \u202esetutitsorp downtown.",
                 "We will \u202epu naelc\u202c the streets."):
        real = text + "\n"
        out.append(_by_test(UN, f"check of {text!r}: words typed backwards after a right-to-left override (found: "
                            "not found)", R15.test_words_written_backwards_under_a_right_to_left_override_are_read_as_shown,
                            real))
    out.append(_by_test(UN, "fix --write leaves words typed backwards after an override for a person",
                        R15.test_fix_write_leaves_words_written_backwards_for_a_person))
    for suffix in (".html", ".md", ".txt"):
        out.append(_by_test(WD, f"import {suffix} holding a right-to-left override (found: 'out.yaml: the imported "
                            "guideline does not validate', no place)",
                            R15.test_import_keeps_words_under_an_override_as_they_were_shown, suffix))
    for command in ("check", "compare", "diff", "rules docs"):
        for target in ("another guideline", "the review file"):
            found = "" if (command, target) == ("check", "the review file") else " (found: replaced without a word)"
            out.append(_by_test(PL, f"{command} -o onto {target}{found}",
                                R15.test_a_report_written_with_o_onto_a_guideline_or_review_file_is_refused, command,
                                target))
    out.append(_by_test(PL, "check and diff -o over the last run's report.txt, report.json, redline.html",
                        R15.test_a_report_written_again_over_its_own_last_copy_is_still_written))
    for how in sorted(R15.MEANT):
        for command in (("validate",), ("check", "--no-cache"), ("fix",), ("review", "list"), ("publish",)):
            out.append(_by_test(PL, f"{command[0] if command[0] != 'review' else 'review list'} of {how} (found: 'no "
                                "such file or folder (check the path)')",
                                R15.test_a_path_copied_with_something_around_it_says_what_was_meant, how, command))
    for option in ("--check", "--write"):
        out.append(_by_test(CL, f"schema {option} g.yaml (found: 'Directory 'g.yaml' is a file.')",
                            R15.test_schema_given_a_guideline_says_validate_checks_one, option))
    for given in ("LANG.PROSTITUTE", "lang.prostitute ", " Lang.Prostitute"):
        out.append(_by_test(CL, f"rules explain {given!r} (found: 'no rule')",
                            R15.test_rules_explain_takes_an_id_typed_in_capitals_or_with_spaces, given))
    for args in (("check", "--no-cache", "--only", "LANG.PROSTITUTE"), ("check", "--no-cache", "--skip", "Framing"),
                 ("rules", "test", "--rule", "LANG.PROSTITUTE")):
        out.append(_by_test(CL, f"{' '.join(a for a in args if a != '--no-cache')} (found: 'not a rule id, pack or "
                            "reviewer')", R15.test_rule_selections_take_names_typed_in_capitals, args))
    for how in ("jsonrpc 1.0", "no jsonrpc version", "a method that is null", "a method that is 42"):
        out.append(_by_test(LS, f"a request with {how} (found: " + ("never answered" if how == "jsonrpc 1.0" else
                                                                 "answered with a null id" if how.startswith("no")
                                                                 else "'Internal Error'") + ")",
                            R15.test_lsp_requests_of_the_wrong_shape_are_answered_invalid_request, how))
    for spec in ("jane@example.org", "cedar@example.org:staff", "heron@604-555-0199"):
        out.append(_by_test(RM, f"serve --invite {spec} (found: 'such as --invite advisory@example.org', an email "
                            "suggested as a handle)", R15.test_an_email_given_as_a_handle_is_never_answered_with_another_email,
                            spec))
    for how in sorted(R15.SUGGESTED):
        out.append(_by_test("Review files (corpus: list, add, publish)", f"review add --replacement holding {how} "
                            "(found: taken, then written by review apply)",
                            R15.test_review_add_refuses_a_replacement_a_guideline_may_not_hold, how))
        out.append(_by_test("Review files (corpus: list, add, publish)", f"review apply of an accepted suggestion "
                            f"holding {how} (found: written; the guideline then failed validate)",
                            R15.test_review_apply_writes_no_suggestion_a_guideline_may_not_hold, how))
    ROUND15.extend(out)
    return out


ROUND16: list = []


def round16_cases() -> list[Case]:
    """hostile16: new kinds of careless and hostile input — rules train -o onto a YAML file,
    words deleted from a Word comment, the language server's headers written a little
    differently, user patterns that backtrack past round 3's check, noncharacters written as
    escapes, direction overrides in the room, the room's state file already there, paragraph
    breaks and footnotes a reviewer changed in Word. Every case is a test of
    tests/test_hostile_round16.py."""
    from tests import test_hostile_round16 as R16

    RP, WD, LS, UN, RM, PR, RF = (
        "Rule packs and imports", "Word and OpenDocument files", "Language server", "Unicode and YAML (round 9)",
        "Review room", "Privacy (round 12: the room's files and log)", "Review files (corpus: list, add, publish)")
    out = []
    for target in ("g.yaml", "g.review.yaml", "corpus.yaml"):
        out.append(_by_test(RP, f"rules train -o {target} (a guideline, review threads, the corpus read) (found: "
                            "replaced after the training, without a word)",
                            R16.test_rules_train_does_not_write_its_model_over_a_yaml_file, target))
    out.append(_by_test(RP, "rules train -o m.json still writes the model",
                        R16.test_rules_train_still_writes_a_model_file))
    out.append(_by_test(WD, "review import: a reviewer's comment edited with Track Changes, a name and a phone "
                        "deleted (found: the deleted words stored as the comment's)",
                        R16.test_review_import_leaves_out_what_a_reviewer_deleted_from_their_comment))
    out.append(_by_test(WD, "import: a colleague's comment edited with Track Changes (found: the deleted words in "
                        "the to-do item)", R16.test_import_leaves_out_what_a_colleague_deleted_from_their_comment))
    for header in ("content-length: N", "CONTENT-LENGTH: N", "Content-Length:N", "Content-Length: N (a space "
                   "before the line end)", "LF line ends"):
        out.append(_by_test(LS, f"a client writing {header} (found: no answer to anything, ever, no line in the log)",
                            R16.test_the_language_server_reads_headers_written_a_little_differently,
                            {"content-length: N": b"content-length: %d\r\n\r\n",
                             "CONTENT-LENGTH: N": b"CONTENT-LENGTH: %d\r\n\r\n",
                             "Content-Length:N": b"Content-Length:%d\r\n\r\n",
                             "LF line ends": b"Content-Length: %d\n\n"}.get(header,
                                                                            b"Content-Length: %d \r\n\r\n")))
    for headers, how in ((b"Content-Type: application/vscode-jsonrpc\r\n\r\n", "no Content-Length"),
                         (b"Content-Lenght: %d\r\n\r\n", "Content-Length misspelt"),
                         (b"Content-Length: -5\r\n\r\n", "a negative Content-Length"),
                         (b"Content-Length: 12abc\r\n\r\n", "a garbled Content-Length")):
        out.append(_by_test(LS, f"a message with {how} (found: the server deaf for good, no line in the log)",
                            R16.test_a_message_without_a_length_the_server_can_read_ends_it_with_one_line, headers))
    out.append(_by_test(LS, "blank lines between messages are still passed over",
                        R16.test_blank_lines_between_messages_are_still_passed_over))
    for pattern in R16.EVASIONS:
        out.append(_by_test(RP, f"a user pack's pattern {pattern!r} (found: passed; BENCHMARKS.md has the times)",
                            R16.test_patterns_that_backtrack_past_the_first_check_are_refused, pattern))
    for pattern in (r"(?:ab){2}c", r"(?:a{3})+b", r"(?:ab?)+c", r"(x)?(?(1)y|z)+", r"(?:sex\s+){1,3}work",
                    r"(?:\w+\s){0,3}x", r"\s*\w+\s*\w*\s*\w+", r"\w*\w*\w*x", r"[a-z]+ [a-z]+ [a-z]+ [a-z]+",
                    r"\d+\s*[a-z]+\s*\d*\s*[a-z]+"):
        out.append(_by_test(RP, f"a user pack's pattern {pattern!r} still passes",
                            R16.test_repeats_that_match_one_way_still_pass, pattern))
    for pattern in R16.ADJACENT:
        out.append(_by_test(RP, f"a user pack's pattern {pattern!r}: repeats in a row over the same characters (found: "
                            "passed; BENCHMARKS.md has the times)",
                            R16.test_repeats_in_a_row_that_share_their_characters_are_refused, pattern))
    out.append(_by_test(RP, "check with a user pack holding (?:[a-z]{1,5})+stroll (found: busy past 100 s on one line)",
                        R16.test_a_user_pack_with_such_a_pattern_is_one_line_at_its_place))
    for escape, code in (("\\uFFFF", "U+FFFF"), ("\\uFFFE", "U+FFFE"), ("\\uFDD0", "U+FDD0"),
                         ("\\U0010FFFF", "U+10FFFF")):
        out.append(_by_test(UN, f"validate and publish of purpose: \"… {escape} …\" (found: valid, published as is)",
                            R16.test_a_noncharacter_written_as_an_escape_is_refused_at_its_place, escape, code))
    for body, how in (("I agree: \u202edevorppa\u202c by all", "a right-to-left override"),
                      ("Fine \u202dwords\u202c here", "a left-to-right override")):
        out.append(_by_test(RM, f"a comment holding {how} (found: stored, every page showing the words reversed)",
                            R16.test_the_room_refuses_a_comment_holding_a_direction_override, body))
    for already in ("an empty file", "a state file another version made 0644"):
        out.append(_by_test(PR, f"serve --state naming {already} (found: its journal -wal, -shm readable by every "
                            "account)", R16.test_the_journal_of_a_state_file_already_there_is_private_too, already))
    out.append(_by_test(WD, "review import: two paragraphs a reviewer joined (a paragraph break deleted) (found: "
                        "dropped; 'holds no ... tracked change from a reviewer')",
                        R16.test_review_import_names_two_paragraphs_a_reviewer_joined))
    out.append(_by_test(WD, "review import: a paragraph deleted whole is its deletion alone",
                        R16.test_a_paragraph_deleted_whole_is_a_deletion_not_a_join))
    for inserted, how in ((True, "a footnote a reviewer added"), (False, "words a reviewer typed into a footnote")):
        out.append(_by_test(WD, f"review import: {how} with Track Changes (found: dropped; 'holds no ... tracked "
                            "change from a reviewer')",
                            R16.test_review_import_names_a_footnote_a_reviewer_added_or_changed, inserted))
    ROUND16.extend(out)
    return out


ROUND17: list = []


def round17_cases() -> list[Case]:
    """hostile17: new kinds of careless and hostile input — every character Unicode says shows
    nothing inside a term, terms spelled with YAML escapes, contact details split by isolates and
    tag characters, text spelled in tag characters, comments that show nothing, -o /dev/stdout
    piped on, the room on another 127.x address or port 0, a date or number where a text goes,
    a text a YAML alias repeats, numbers of more than 4,300 digits, a reviewer's edits in text
    boxes, headers and footers, a guideline named G.YAML. Every case is a test of
    tests/test_hostile_round17.py."""
    from tests import test_hostile_round17 as R17

    UI, PR, PD, RM, YG, CF, LS, WD, PA = (
        "Invisible characters and YAML escapes (round 17)", "Privacy (round 7: identities hidden with Unicode tricks)",
        "Pipes and devices", "Review room", "YAML guidelines (round 5: tags, keys, directives, encodings)",
        "Configuration files (corpus, check --config)", "Language server", "Word and OpenDocument files",
        "Paths, links and folders")
    out = []
    for how in sorted(R17.IGNORABLE):
        found = "still flagged (a combining mark)" if "U+180F" in how else "(found: never flagged)"
        out.append(_by_test(UI, f"check and fix --write of a term split by the {how} {found}",
                            R17.test_a_term_split_by_any_default_ignorable_character_is_flagged_and_fixed, how))
    for how in sorted(R17.ESCAPED):
        out.append(_by_test(UI, f"check of a term spelled with {how} (found: never flagged)",
                            R17.test_a_term_spelled_with_yaml_escapes_is_flagged, how))
    for text, how in ((0, "a name spelled in tag letters"), (1, "a language tag"), (2, "a flag left unended")):
        out.append(_by_test(UI, f"validate and review add --replacement of {how} (found: valid, published invisibly)",
                            R17.test_validate_refuses_text_hidden_in_tag_characters,
                            [f"Staff offer support first.{R17._HIDDEN}", "\U000e0001\U000e0065\U000e006e Staff.",
                             "Staff offer support \U0001f3f4\U000e0067 first."][text]))
    out.append(_by_test(UI, "validate of a subdivision flag (tags after U+1F3F4) still passes",
                        R17.test_a_subdivision_flag_stays_valid))
    for how in sorted(R17.SHOWS_NOTHING):
        out.append(_by_test(RM, f"a comment of {how} (found: stored, a thread with no words)",
                            R17.test_the_room_refuses_a_comment_that_shows_nothing, how))
    for body, how in (("\u200b\u200b", "zero-width spaces"), ("\U000e0020\U000e0041", "tag characters"),
                      ("\u3164", "a Hangul filler"), ("\u0301", "a lone accent")):
        out.append(_by_test(UI, f"review add --body of {how} (found: stored, a comment with no words)",
                            R17.test_review_add_refuses_a_body_that_shows_nothing, body))
    for how in sorted(R17.HIDDEN_CONTACTS):
        out.append(_by_test(PR, f"privacy scan of {how} (found: not seen)",
                            R17.test_contact_details_hidden_by_invisible_characters_are_seen, how))
    for how in ("an email split by a tag character", "a phone split by isolates"):
        out.append(_by_test(PR, f"the room given {how} (found: stored)",
                            R17.test_the_room_refuses_contact_details_hidden_by_invisible_characters, how))
    out.append(_by_test(PR, "check --only privacy of a participant's name split by an Arabic letter mark (found: "
                        "passed)", R17.test_a_participants_name_split_by_an_arabic_letter_mark_is_flagged_in_a_consultation_record))
    out.append(_by_test(PD, "check -o /dev/stdout into a pipe (found: 'the folder does not exist')",
                        R17.test_output_to_dev_stdout_piped_on_is_written))
    out.append(_by_test(PD, "check -o /dev/stdout into a pipe closed early (found: 'check the path and that the disk "
                        "can be written'; since ux19 it ends quietly, as without -o)",
                        R17.test_output_to_a_pipe_closed_early_ends_quietly))
    for host in ("127.0.0.2", "127.1"):
        out.append(_by_test(RM, f"serve --host {host}: Host: evil.example (found: let in; DNS rebinding)",
                            R17.test_a_room_on_another_loopback_address_still_checks_the_host_header, host))
    out.append(_by_test(RM, "serve --port 0 (found: links to port 0)",
                        R17.test_serve_port_0_prints_links_with_the_port_it_listens_on))
    for host, words in (("127.0.0.1:9000", ["--host 127.0.0.1:9000 holds a port", "--host 127.0.0.1 --port 9000"]),
                        ("localhost:8000", ["holds a port", "--port 8000"]),
                        ("nosuch.invalid", ["cannot listen on nosuch.invalid", "no such address"])):
        out.append(_by_test(RM, f"serve --host {host} (found: 'another program may be using that port')",
                            R17.test_serve_host_with_a_port_or_no_such_address_is_one_clear_line, host, words))
    out.append(_by_test(RM, "serve --host [::1] listens on ::1 (found: 'Name or service not known')",
                        R17.test_serve_host_in_brackets_listens_on_ipv6))
    for how in sorted(R17.NOT_TEXT):
        out.append(_by_test(YG, f"validate of {how} (found: Python's notation or another value, no fix)",
                            R17.test_a_value_yaml_reads_as_a_date_or_number_is_named_as_written_with_its_fix, how))
    out.append(_by_test(YG, "review list of a review file with version: 1.10 (found: 'Input should be a valid "
                        "string', no fix)", R17.test_a_number_where_a_review_file_wants_a_text_is_named_as_written))
    out.append(_by_test(YG, "fix --write of a text a YAML alias repeats (found: 'report this as a bug', exit 2)",
                        R17.test_fix_write_of_a_text_a_yaml_alias_repeats))
    out.append(_by_test(YG, "review apply on an anchored text and on its alias (found: 'report this as a bug'; 'no "
                        "text field')", R17.test_review_apply_of_a_suggestion_on_the_anchored_text_and_on_its_alias))
    out.append(_by_test(CF, "pyproject.toml holding a number of 5,000 digits (found: internal error)",
                        R17.test_a_pyproject_holding_a_number_of_5000_digits_is_one_line_at_its_place))
    for body, how in ((b'{"jsonrpc":"2.0","id":' + b"9" * 5000 + b',"method":"shutdown"}', "an id"),
                      (b'{"jsonrpc":"2.0","id":8,"method":"textDocument/hover","params":{"textDocument":{"uri":'
                       b'"file:///x.md"},"position":{"line":' + b"1" * 5000 + b',"character":0}}}', "a line")):
        out.append(_by_test(LS, f"a message whose {how} has 5,000 digits (found: 'Error in server' pop-up, traceback)",
                            R17.test_a_language_server_message_holding_a_number_of_5000_digits_is_a_parse_error,
                            body))
    for where in ("a text box (VML)", "a text box (a shape)", "the page header", "the page footer"):
        out.append(_by_test(WD, f"review import: a reviewer's tracked words in {where} (found: dropped; 'nothing to "
                            "import')", R17.test_review_import_names_a_reviewers_edit_in_a_text_box_a_header_or_a_footer,
                            where))
    out.append(_by_test(PA, "check, fix --write, a folder walk and review add of G.YAML (found: read as prose, passed "
                        "over, G.YAML.review.yaml)",
                        R17.test_a_guideline_named_with_a_capital_extension_is_a_guideline_everywhere))
    ROUND17.extend(out)
    return out


ROUND18: list = []


def round18_cases() -> list[Case]:
    """hostile18: Ctrl-C at the moment the pool forks (round 15's test failing now and then),
    a pool worker stopped from outside, and the environment a command runs in — a CI variable
    naming the wrong file, relative or missing XDG and home folders, an author key anyone could
    guess, a configuration another account left in /tmp. Every case is a test of
    tests/test_hostile_round18.py."""
    from tests import test_hostile_round18 as R18

    PP, EN, CF = ("Process pool (round 18: Ctrl-C, workers stopped)",
                  "The environment (round 18: CI variables, home and XDG folders, keys)",
                  "Configuration files (corpus, check --config)")
    out = [
        _by_test(PP, "Ctrl-C while the pool forks its workers (found: 'Exception ignored in _releaseLock', the "
                 "interrupt dropped, the command ran to its end)",
                 R18.test_ctrl_c_while_the_pool_forks_its_workers_stops_the_command),
        _by_test(PP, "Ctrl-C reaching a worker as it starts (found: a worker's traceback, 'internal error: "
                 "BrokenProcessPool', exit 3)",
                 R18.test_ctrl_c_reaching_a_worker_before_it_has_started_does_not_break_the_pool),
        _by_test(PP, "Ctrl-C while the pool works, its manager thread slow to end (found: the thread left to "
                 "Python's exit: 'Bad file descriptor' tracebacks or a wait)",
                 R18.test_ctrl_c_leaves_no_thread_of_the_pool_for_the_interpreter_to_end),
    ]
    for how in ("SIGKILL", "SIGTERM"):
        out.append(_by_test(PP, f"validate -j 2 with a worker stopped by {how} from outside (found: 'internal "
                            "error: BrokenProcessPool ... report it', exit 3)",
                            R18.test_a_worker_stopped_from_outside_is_one_line_not_an_internal_error, how))
    out.append(_by_test(PP, "validate -j 2 with a worker crashing on its own (SIGSEGV) is still an internal error",
                        R18.test_a_worker_that_crashes_on_its_own_is_still_an_internal_error))
    for target in ("the guideline checked", "another guideline", "pyproject.toml"):
        out.append(_by_test(EN, f"check --format github with GITHUB_STEP_SUMMARY naming {target} (found: the "
                            "summary table appended to it)",
                            R18.test_the_job_summary_is_not_appended_to_a_guideline_or_configuration, target))
    out.append(_by_test(EN, "check --format github with GITHUB_STEP_SUMMARY naming a FIFO (found: waited for a "
                        "reader for good)", R18.test_a_job_summary_that_is_a_named_pipe_does_not_stop_the_check))
    out.append(_by_test(EN, "check --format github with GITHUB_STEP_SUMMARY naming GitHub's own file still appends",
                        R18.test_the_job_summary_is_still_appended_to_the_file_github_gives))
    for value in (".data", "data", "./state"):
        out.append(_by_test(EN, f"review import with XDG_DATA_HOME={value} (found: the author key made in the "
                            "repository; the dictionary attack recovered both reviewers)",
                            R18.test_a_relative_xdg_data_home_keeps_the_author_key_out_of_the_repository, value))
    for var, module in (("XDG_CACHE_HOME", "usercache"), ("XDG_DATA_HOME", "state"), ("XDG_DATA_HOME", "authors")):
        out.append(_by_test(EN, f"{var}=relative/folder for the {module} folder (found: used, relative to the "
                            "working folder)", R18.test_relative_xdg_folders_are_ignored_as_the_specification_says,
                            var, module))
    for key in ("changeme" * 4, "0" * 32, "ab" * 20, "secret-secret-secret-secret-secret",
                "${LIC_POLICY_AUTHOR_KEY_FROM_THE_VAULT}", "{{ secrets.LIC_POLICY_AUTHOR_KEY }}"):
        out.append(_by_test(EN, f"review import with LIC_POLICY_AUTHOR_KEY={key} (found: taken; anyone trying "
                            "such keys could test guessed reviewer names)",
                            R18.test_an_author_key_anyone_could_guess_is_refused, key))
    for key in ("ci-secret-" + "0123456789abcdef" * 3, "9f86d081884c7d659a2feaa0c55ad015",
                "Tr0ub4dor&3-correct-horse-battery-staple"):
        out.append(_by_test(EN, f"LIC_POLICY_AUTHOR_KEY={key[:12]}... of random characters is still taken",
                            R18.test_an_author_key_of_random_characters_is_taken, key))
    for mode in (0o644, 0o640, 0o604):
        out.append(_by_test(EN, f"review import with an author key file of mode {mode:04o} (found: used; every "
                            "account could read it and test guessed names)",
                            R18.test_an_author_key_other_accounts_can_read_is_refused, mode))
    for how in ("HOME unset, no account entry", "HOME=home"):
        out.append(_by_test(EN, f"check and review import with {how} (found: a folder named '~' or 'home' in the "
                            "repository, the author key in it)",
                            R18.test_without_a_home_folder_nothing_lands_in_the_working_folder, how))
    for name in (".lic-policy.yaml", "pyproject.toml"):
        out.append(_by_test(CF, f"check below a {name} another account left in a folder every account writes to "
                            "(found: used: fail_on none made a failing check pass)",
                            R18.test_a_configuration_another_account_left_in_a_shared_folder_is_not_used, name))
    out.append(_by_test(CF, "a configuration of one's own in /tmp, or another account's in its own folder, is "
                        "still used", R18.test_a_configuration_of_ones_own_or_in_a_folder_of_ones_own_is_used))
    out.append(_by_test(EN, "check in /tmp beside a .lic-policy-cache another account left, its rows saying a "
                        "failing file is clean (found: believed: 0 findings, exit 0)",
                        R18.test_a_check_cache_another_account_left_in_a_shared_folder_is_not_read))
    ROUND18.extend(out)
    return out


ROUND19: list = []


def round19_cases() -> list[Case]:
    """hostile19: option values that reach a file the command writes (`review redact --with`
    and --words, `import --id`, --language and --owner-role, `review packet --change-author`),
    a document's own language, long but allowed file names, links and pipes where a command
    reads or writes a file it names itself. Every case is a test of
    tests/test_hostile_round19.py."""
    from tests import test_hostile_round19 as R19

    RD, CL, PV, PL, RP = ("Review redact (round 19: stand-ins, whole words, hidden letters)",
                          "Command line (round 6: empty values, dates)", "Privacy (round 8: who sees what)",
                          "Paths, links and folders", "Rule packs and imports")
    out = []
    for stand_in, found in ((r"\g<0>", "the name written back, 'took out 1'"), (r"\1", "internal error"),
                            ("\\", "internal error"), (r"C:\new", "a line break written"),
                            (r"\g<name>", "internal error"), (r"\n", "a line break written")):
        out.append(_by_test(RD, f"review redact --with '{stand_in}' (found: {found})",
                            R19.test_redact_writes_the_stand_in_as_it_is_typed, stand_in))
    for body in ("Ana said the analysis of the bananas is late.", "ANA said: ask Ana; Anaheim and banana stay."):
        out.append(_by_test(RD, f"review redact --words Ana of '{body}' (found: 'analysis' and 'banana' mangled)",
                            R19.test_redact_takes_out_whole_words_only, body))
    for what, body, words in (
            ("a zero-width space between the names", "Maria\u200bSantos said so.", "Maria Santos"),
            ("a soft hyphen inside a name", "Mari\u00ada Santos said so.", "Maria Santos"),
            ("joiners inside a name", "Mar\u200di\u2060a Santos said so.", "Maria Santos"),
            ("a hyphen for the space", "Maria-Santos said so.", "Maria Santos"),
            ("the name decomposed (NFD), the words not", "Mari\u0301a Santos said so.", "Mar\u00eda Santos"),
            ("the words decomposed, the name not", "Mar\u00eda Santos said so.", "Mari\u0301a Santos"),
            ("a phone with hyphens, given with spaces", "Call 604-555-0199 after six.", "604 555 0199")):
        out.append(_by_test(RD, f"review redact of a name the privacy check flags: {what} (found: 'does not "
                            "hold')", R19.test_redact_finds_the_words_the_privacy_check_finds, body, words))
    out.append(_by_test(RD, "review redact --words Maria leaves Mariana and a decomposed Mariá",
                        R19.test_redact_leaves_a_name_that_merely_begins_the_same))
    for words, shown in (("\u200b", "a zero-width space"), ("\u200b\u200d", "joined zero-width characters"),
                         ("\u3164", "a Hangul filler"), (" ", "a space")):
        out.append(_by_test(RD, f"review redact --words of {shown}" + ("" if words in ("\u200b", " ") else
                            " (found: the Thai comment's word breaks taken out)"),
                            R19.test_redact_of_words_that_show_nothing_is_refused, words))
    out.append(_by_test(PL, "check --baseline FIFO (found: waited for a writer for good)",
                        R19.test_a_baseline_that_is_a_named_pipe_is_refused_not_waited_on))
    for given in ("other.yaml", ".", "/dev/zero", "notes.txt"):
        out.append(_by_test(CL, f"check --baseline {given} (found: the hint said `check --format json -o {given}`)",
                            R19.test_the_baseline_hint_never_says_to_write_a_report_over_another_file, given))
    for given in ("a b", "../../etc/passwd", "A_B", "-x", "x:y", "a..b", ".hidden", "#x", "é", "a\nb", "a" * 5000):
        shown = given if len(given) < 20 else f"{len(given):,} letters"
        out.append(_by_test(CL, f"import --id '{shown}'".replace("\n", "\\n") + " (found: internal error: "
                            "ValidationError, exit 3)", R19.test_import_refuses_an_id_that_is_no_id_in_one_line,
                            given))
    for given in ("x y", "fr_CA_x", "zz-ZZZZZZZZZ", "a" * 300, "en, fr"):
        shown = given if len(given) < 20 else f"{len(given):,} letters"
        out.append(_by_test(CL, f"import --language '{shown}' (found: internal error: ValidationError, exit 3)",
                            R19.test_import_refuses_a_language_that_is_no_language_in_one_line, given))
    for given, written in (("French", "fr"), ("fr_CA", "fr-CA"), ("en-gb", "en-GB")):
        out.append(_by_test(CL, f"import --language {given} is written {written}",
                            R19.test_import_takes_a_language_name_or_an_underscore_tag, given, written))
    for lang, written in (("fr_CA", "fr-CA"), ("en_US", "en-US"), ("x y", "en"), ("", "en"), ("a" * 300, "en"),
                          ("English", "en")):
        shown = lang if len(lang) < 20 else f"{len(lang):,} letters"
        out.append(_by_test(RP, f"import of an HTML page with <html lang=\"{shown}\">" + (
            " (found: internal error: ValidationError, exit 3)" if lang and lang != "English" else ""),
            R19.test_a_documents_own_language_that_is_no_tag_is_no_internal_error, lang, written))
    for role in ("Maria Santos", "Director, Community Safety (Maria Santos)", "maria.santos@example.org",
                 "Policy lead, 604-555-0199"):
        out.append(_by_test(PV, f"import --owner-role '{role}' (found: written into the guideline)",
                            R19.test_import_refuses_an_owner_role_that_names_someone, role))
    for role in ("Director of Community Safety", "Manager, Sex Work Liaison", "policy team"):
        out.append(_by_test(PV, f"import --owner-role '{role}' is still taken",
                            R19.test_import_takes_an_owner_role, role))
    for author in ("Maria Santos", "maria", "John Smith"):
        out.append(_by_test(PV, f"review packet --change-author '{author}' (found: written on every tracked change)",
                            R19.test_the_packet_refuses_a_person_as_the_change_author, author))
    for author in ("policy team", "guideline editors", "Director of Community Safety"):
        out.append(_by_test(PV, f"review packet --change-author '{author}' is still taken",
                            R19.test_the_packet_takes_a_role_as_the_change_author, author))
    for author, shown, found in (("a\x1b[31m", "an escape character", "a .docx Word calls unreadable"),
                                 ("a\x01b", "U+0001", "a .docx Word calls unreadable"),
                                 ("a\ufffeb", "U+FFFE", "a .docx Word calls unreadable"),
                                 ("x\ny", "a line break", "taken"),
                                 ("a\udc80b", "bytes that are not UTF-8", "internal error: UnicodeEncodeError")):
        out.append(_by_test(CL, f"review packet --change-author holding {shown} (found: {found})",
                            R19.test_the_packet_refuses_a_change_author_word_cannot_open, author))
    for name, shown in ((R19._LONG + ".yaml", "79 Chinese characters (242 bytes)"),
                        ("f" * 238 + ".yaml", "243 letters")):
        out.append(_by_test(PL, f"validate, check, fix --write, review add, reply, list and publish of a guideline "
                            f"named with {shown} (found: 'file name too long' from a side file, the lock or the "
                            "temporary file)",
                            R19.test_a_guideline_with_a_long_but_allowed_name_is_checked_fixed_reviewed_and_published,
                            name))
    out.append(_by_test(PL, "review add, accept and apply (--review-file) on a guideline named with 250 bytes "
                        "(found: the journal's name too long for the file system)",
                        R19.test_review_apply_on_a_guideline_with_a_long_name))
    out.append(_by_test(PL, "review add on a guideline whose review file's name would be 257 bytes (found: 'cannot "
                        "take the write lock', no way on)",
                        R19.test_a_review_file_name_too_long_to_exist_is_one_line_that_says_what_to_do))
    for absolute in (False, True):
        out.append(_by_test(PL, "schema --write into a folder whose guideline.schema.json is a link "
                            f"{'to an absolute path' if absolute else 'to ../../notes.txt'} outside it (found: the "
                            "file outside replaced)", R19.test_schema_write_does_not_follow_a_link_out_of_the_folder,
                            absolute))
    out.append(_by_test(PL, "schema --write through a link inside the folder still writes",
                        R19.test_schema_write_still_writes_through_a_link_inside_the_folder))
    out.append(_by_test(PL, "review import with NAME.review-authors.json a FIFO (found: 'give the guideline as a "
                        "file')", R19.test_an_author_map_that_is_a_named_pipe_is_named_as_the_author_map))
    for given in ("/dev/null", "fifo.yaml"):
        out.append(_by_test(PL, f"review list and redact --review-file {given} (found: 'give the guideline as a "
                            "file')", R19.test_a_review_file_given_as_a_device_or_pipe_is_called_a_review_file,
                            given))
    out.append(_by_test(RP, "a rule pack of 11 MB in rules list and check (found: 'split the guideline, or raise the "
                        "limit with --max-size')", R19.test_a_rule_pack_over_the_size_limit_gets_advice_for_a_pack))
    for args in (["check", "-d.yaml"], ["fix", "--write", "-d.yaml"], ["validate", "-d.yaml"]):
        out.append(_by_test(PL, f"{' '.join(args)} of a file named -d.yaml that is there (found: \"No such option "
                            "'-d'\", no way on)", R19.test_a_file_named_like_an_option_is_named_in_the_line, args))
    out.append(_by_test(PL, "check -d.yaml with no such file is still 'No such option'",
                        R19.test_an_option_that_is_no_file_is_still_no_such_option))
    for option in ("--jurisdiction", "--owner-role"):
        for value, shown, found in (("City\x1b[31m of X", "an escape character", "the output file named"),
                                    ("City\x00", "NUL", "internal error: ValidationError"),
                                    ("City \u202eX", "U+202E", "the output file named"),
                                    ("City\udc80", "bytes that are not UTF-8", "internal error: ValidationError")):
            out.append(_by_test(CL, f"import {option} holding {shown} (found: {found})",
                                R19.test_import_names_the_option_that_holds_a_control_character, option, value))
    ROUND19.extend(out)
    return out


ROUND20: list = []


def _by_room_test(surface: str, name: str, test, *args) -> Case:
    """A case run by a test of tests/test_hostile_round20.py that sends raw requests to a running
    room (its ``room`` fixture: here the one room of the raw-request cases)."""
    def run(d: Path):
        import pytest as _pytest

        LAST["run"] = Run(0, "", "", 0)
        try:
            test(_room(), *args)
            return True, False, False, ""
        except (AssertionError, _pytest.fail.Exception) as exc:
            return False, False, False, str(exc).splitlines()[0][:100] if str(exc) else "assertion failed"
    return Case(surface, name, run)


ROUND20_TEXT = (
    "The cases this round added, by surface; \"found\" names what was broken before its fix (each is a test in "
    "tests/test_hostile_round20.py), the others held as they were. Tried besides and held (no case here): 86 "
    "hand edits of a review file (positions reversed, negative, 10^30, 1.5 and text; quotes empty, null, a list or "
    "absent; replies a string, null or a mapping; ids t0, T1, t01, with U+200B, a number, empty; statuses, kinds, "
    "roles and fields unknown; dates 2026-13-45, 1999 and year 1; versions a list or 5,000 digits; threads a mapping, "
    "null or a list of numbers; format 2; suggestions without wording, with a list, NUL, a line break, 3 MB or U+202E "
    "as wording, accepted; bodies with NUL, ESC, 2 MB, a number or null; anchors and aliases reused; merge keys; tabs, "
    "CRLF, lone CR, a BOM; the same thread twice; an empty, null, list or text document) each under review list, "
    "list --format json, reply, resolve, accept, reject, apply, reanchor, redact, packet, add, diff, publish and check "
    "(1,204 runs: one defect, the 5,000-digit id below); five `review add`, two `review apply` and two `fix --write` "
    "at once on one guideline (every thread kept, each suggestion applied once, every safe fix written); 15 Respond "
    "page queries (a 60 KB part, %00, %FF, kind=<script> or 10,000 letters, sentence=-1 and 20 digits, two parts) and "
    "18 hostile thread posts (start after end, end past the text, -1, 1e3, a forged digest, an unknown part, a part "
    "holding NUL, wording of 4,001 letters or holding U+202E, CR, NEL, FF and VT); publish to PDF, HTML, .docx, .odt "
    "and Markdown of a clause holding typst, LaTeX and pandoc syntax (#read(\"/etc/passwd\"), #image, \\\\input, $x$, "
    "@ref, <label>, file: links and images: shown as text, nothing read); Word document parts in latin-1, "
    "windows-1252, EBCDIC, UTF-8 with a BOM or a lying declaration, XML 1.1, with a DOCTYPE, a processing "
    "instruction, CDATA, a redefined w: namespace and two declarations (one line each, or read); `init` given empty, "
    "NUL, non-UTF-8, 200 KB, ESC and Ctrl-D on standard input; 19 commands told to write over their inputs, the review "
    "file or the configuration (refused). Left alone: the room still serves `Host: 127.0.0.1:PORT` for a valid port "
    "other than its own (a room reached through `ssh -L 9000:127.0.0.1:8000` is asked for as localhost:9000; no "
    "rebinding follows from it); a .docx part in UTF-16 is refused though XML allows it (no word processor writes "
    "one); the Respond page writes an unknown `kind=` or a 60 KB `part=` back into its page (escaped); a review file's "
    "own `created:` dates are still read by fromisoformat (a hand-written '2026W091' is a date there); "
    "test_hostile_round4's configuration property failed once under load in a -n 2 run and passed in 3,000 examples "
    "after (its output was not kept).")


def round20_cases() -> list[Case]:
    """hostile20: dates typed into options and the environment, the room's malformed request
    heads and Host ports, hand-edited review files, a draft naming participants shown in the
    room, Word parts in UTF-32, guidelines written where the configuration lives. Every case is
    a test of tests/test_hostile_round20.py."""
    from tests import test_hostile_round20 as R20

    CL, RM, RF, PV, WD, PL = ("Command line (round 6: empty values, dates)", "Review room",
                              "Review files (corpus: list, add, publish)", "Privacy (round 8: who sees what)",
                              "Word and OpenDocument files", "Paths, links and folders")
    out = []
    for value in R20.LAX_DATES:
        shown = value if len(value) < 40 else f"{len(value):,} ones"
        out.append(_by_test(CL, f"review add --date '{shown}' (found: taken as a date)",
                            R20.test_review_date_takes_only_the_iso_dates_its_help_shows, value))
    for value in R20.LAX_DATES[:3]:
        shown = value if len(value) < 40 else f"{len(value):,} ones"
        out.append(_by_test(CL, f"LIC_POLICY_NOW='{shown}' (found: every new thread dated by it)",
                            R20.test_lic_policy_now_takes_only_iso_dates, value))
    for value, stamp in (("2026-03-01", "2026-03-01T00:00:00Z"), ("2026-03-01T10:00:00Z", "2026-03-01T10:00:00Z"),
                         ("2026-03-01T10:00Z", "2026-03-01T10:00:00Z"), ("2026-03-01 10:00:00", "2026-03-01T10:00:00Z"),
                         ("2026-03-01t10:00:00z", "2026-03-01T10:00:00Z"),
                         ("2026-03-01T10:00:00.5+01:00", "2026-03-01T09:00:00Z"),
                         ("2026-03-01T10:00:00-0130", "2026-03-01T11:30:00Z")):
        out.append(_by_test(CL, f"review add --date '{value}' is still taken",
                            R20.test_review_date_still_takes_iso_dates, value, stamp))
    for value in ("2026W521", "20271231", "1" * 300):
        shown = value if len(value) < 40 else f"{len(value):,} ones"
        out.append(_by_test(CL, f"serve --closes '{shown}' (found: taken; 20271231 closed at the start of the day)",
                            R20.test_serve_closes_takes_only_iso_dates, value))
    out.append(_by_test(CL, "review packet --date of 5,000 ones (found: dated 1111-11-11)",
                        R20.test_packet_date_takes_only_iso_dates))
    for what in R20.MALFORMED_HEADS:
        out.append(_by_room_test(RM, f"raw request: {what} (found: uvicorn's 400 without the Content-Security-Policy)",
                                 R20.test_a_malformed_request_head_is_answered_with_the_rooms_security_headers, what))
    for port in ("99999", "abc", "", "+80", "0", "-1", "\u0668\u0660", "080808", "1e3"):
        out.append(_by_room_test(RM, f"raw request: Host: 127.0.0.1:{port!a} (found: served as the room)".replace("'", ""),
                                 R20.test_a_host_header_whose_port_is_no_port_is_refused, port))
    for host in ("127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}", "127.0.0.1", "127.0.0.1:65535"):
        out.append(_by_room_test(RM, f"raw request: Host: {host.replace('{port}', 'PORT')} still gets the page",
                                 R20.test_a_host_header_naming_the_room_still_gets_the_page, host))
    out.append(_by_test(PL, "check --write-review of a guideline whose review file's name would be 257 bytes (found: "
                        "'cannot write the file ... check that the disk can be written', and the review files of the "
                        "guidelines before it written)",
                        R20.test_check_write_review_of_a_guideline_whose_review_file_name_is_too_long))
    out.append(_by_test(RF, "review add on a review file whose thread id is 't' and 5,000 digits (found: internal "
                        "error: ValueError, the integer limit)", R20.test_a_thread_id_of_5000_digits_is_one_line_at_its_place))
    for last, added in (("t999999998", "t999999999"), ("t000000007", "t8"), ("t999999999", None)):
        out.append(_by_test(RF, f"review add after a thread {last}: " + (f"adds {added}" if added else
                            "one line, no id left"), R20.test_a_thread_id_of_nine_digits_is_still_read, last, added))
    out.append(_by_test(PV, "serve --invite on a draft whose consultation record names participants (found: a round "
                        "opened, names, email and phone shown to advisory reviewers; review packet refused it)",
                        R20.test_serve_invite_refuses_a_draft_that_names_a_participant))
    out.append(_by_test(PV, "the room's review and Respond pages and the open-round form after the draft was edited "
                        "to name participants (found: names, email and phone shown to advisory reviewers)",
                        R20.test_the_room_does_not_show_a_draft_that_came_to_name_a_participant))
    out.append(_by_test(PV, "serve --invite on a clean draft still opens a round",
                        R20.test_a_clean_draft_is_still_shown_and_invited_to))
    for codec, named in (("utf-32", "UTF-32"), ("utf-32-le", "UTF-32"), ("utf-16", "UTF-16"), ("utf-16-be", "UTF-16")):
        found = {"utf-32": " (found: called UTF-16)", "utf-32-le": " (found: called damaged XML)"}.get(codec, "")
        out.append(_by_test(WD, f"import of a .docx whose document.xml is {codec}{found}",
                            R20.test_a_word_part_in_utf32_is_named_utf32, codec, named))
    for command in ("init", "import"):
        for name in (".lic-policy.yaml", ".lic-policy.yml", "sub/.LIC-POLICY.YAML"):
            out.append(_by_test(PL, f"{command} {'-o ' if command == 'import' else ''}{name} (found: a guideline "
                                "written where every command reads the configuration)",
                                R20.test_no_guideline_is_written_as_the_configuration, name, command))
    out.append(_by_test(PL, "init --force .lic-policy.yaml over the team's configuration (found: replaced)",
                        R20.test_init_force_does_not_replace_the_configuration))
    for name in ("pyproject.toml", "x.txt", "guideline.schema.json", "notes"):
        out.append(_by_test(PL, f"init {name} (found: a guideline written under that name)",
                            R20.test_init_writes_a_guideline_only_under_a_yaml_name, name))
    out.append(_by_test(CL, "rules explain of an id of 5,000 letters (found: all 5,000 written back in the line)",
                        R20.test_rules_explain_of_an_id_of_5000_letters_is_one_short_line))
    ROUND20.extend(out)
    return out



ROUND21: list = []

ROUND21_TEXT = (
    "The cases this round added, by surface; \"found\" names what was broken before its fix (each is a test in "
    "tests/test_hostile_round21.py), the others held as they were. Tried besides and held (no case here): 64 "
    "values of import's --language, --id, --owner-role and --jurisdiction (empty, blank, a tab, U+202E, U+200B, "
    "bytes that are not UTF-8, a line break, a CR, U+2028, ESC, a BOM, full-width letters, '../../etc/passwd', '-', "
    "'{0}%s' and 100,000 letters: refused in one line, or imported into a guideline that validates); 32 kinds of "
    "guideline file (UTF-16 and UTF-32 with and without a mark, CESU-8 surrogates, UTF-8 cut inside a character, "
    "NUL, two BOMs, a UTF-8 mark before UTF-16, lone CR, mixed line ends, NEL, U+2028 and form feeds as line ends, "
    "overlong UTF-8, a PNG, gzip, a zip, blanks only, U+202E in a key and an id, U+200B in the status, tab indents, "
    "a number of 5,000 digits, 0x1, 1_0, 1.0 and yes as the format version, a duplicate top key, junk after '...', "
    "two documents) each through validate, diff, compare, review list and review add (160 runs, one line each and "
    "the same line for every command, the file unchanged); every route of the review room (32 paths) with GET, "
    "HEAD, POST, PUT, DELETE, OPTIONS and PATCH (224 requests: every answer with the Content-Security-Policy, "
    "nosniff, frame, referrer and cache headers, no 500); 23 git revisions for diff (a tag naming a blob, a tree "
    "and a commit, HEAD^{tree}:, HEAD^{/message}:, :/message:, @{-1}, refs/notes/commits, HEAD@{0}, FETCH_HEAD, "
    "stash, ./ and ../ and sub/../ paths, a path in capitals, a control character, a symbolic link to /etc/passwd, a "
    "folder) and 15 for check --changed-since (HEAD^{tree}, a blob tag, a tree tag, :/message, @{-1}, --all, A..B, "
    "A...B); 23 rules and schema invocations (rules eval of broken, empty and non-corpus YAML, a folder, /dev/null "
    "and a .docx; rules test and explain of unknown and empty ids; rules docs -o /dev/full and onto a guideline; "
    "rules train of non-corpora; schema --name unknown or empty, --write and --check into /proc and onto a file); "
    "21 --invite handles (emails full-width, mathematical, with U+FE6B and spelled out, phones of every grouping, "
    "'@name', URLs); 38 serve addresses (--host 0.0.0.0, ::, 999.1.1.1, 'localhost;rm', 2130706433; --allow-host "
    "'*', '', '.example.org', 'a b', with a port; --base-url with user info, a query, '..', %2e%2e, %0d%0a, an "
    "unclosed [, port 99999, ftp:, //, an IDN and a Cyrillic look-alike host); compare --format html of titles, "
    "jurisdiction and region holding <script>, onerror and </style> (escaped); fix of a Markdown file holding 25 "
    "kinds of HTML and code (comments, script, style, textarea, pre, attributes, link targets and titles, reference "
    "definitions, autolinks, code spans, tilde and nested fences, indented code, details, emails: only prose "
    "changed); import and publish of Markdown with front matter naming a person, script, onerror, iframe, "
    "javascript: and data: links and raw HTML blocks (nothing kept but text, the author never stored); review "
    "apply on a guideline with a BOM, CR, LF and CRLF mixed, no last line end and trailing blanks (only the "
    "suggested words changed, byte for byte); file names holding U+202E and U+200B through validate, check (text "
    "and github) and review add (shown as U+FFFD or written as named); schema --write into a folder whose "
    "guideline.schema.json links to a guideline, publish into a folder whose g.html links to it and init whose "
    "answers file links to it (refused, untouched); 12 review redact --words and --with values; 7 review packet "
    "--change-author values; tag characters in import, init, --languages, review add --body and --invite. Left "
    "alone: a Word file renamed g.yaml is 'binary file (NUL byte)', not 'a Word document'; `rules eval /dev/null` "
    "says 'no such corpus file' and `rules eval draft.docx` advises `lic-policy import`; `schema --write /proc` "
    "says 'the folder does not exist'; `serve --host 999.1.1.1` is called reachable from other computers; `serve "
    "--base-url https://ехample.org` (a Cyrillic е) is taken as typed; `check --changed-since refs/notes/commits` "
    "compares with the notes' commit (git's answer); tag characters in a review comment are stored as written "
    "(round 16's choice, escaped on every page); `review redact --with 'Mary Jones'` writes the name and warns "
    "(a name is a likely false alarm); the Word import's regular expressions for comment initials, the packet's "
    "author and margin edits read double-quoted attributes only (a hand-made file with single quotes loses the "
    "thread id or a margin edit, nothing of a person).")


def round21_cases() -> list[Case]:
    """hostile21: documents of other kinds given where a guideline goes, Word fields that show a
    person through another field, the room's addresses, outputs linked to YAML files, redact's
    and the packet's words, tag characters in init. Every case is a test of
    tests/test_hostile_round21.py."""
    from tests import test_hostile_round21 as R21

    PL, PV, WD, RM, CL, GIT, RF = ("Paths, links and folders", "Privacy (round 8: who sees what)",
                                   "Privacy (round 11: what a Word file hides)", "Review room",
                                   "Command line (round 6: empty values, dates)", "git revisions",
                                   "Review files (corpus: list, add, publish)")
    out = []
    for name in R21.PROSE:
        for command in R21.GUIDELINE_COMMANDS:
            out.append(_by_test(PL, f"{command} {name} (found: YAML's words, 'did not find expected <document start> "
                                "(check the indentation ...)' or 'more than one YAML document')",
                                R21.test_a_markdown_or_html_draft_given_as_the_guideline_is_named_as_such, command, name))
    out.append(_by_test(PL, "validate of a guideline kept under a .txt name still reads it",
                        R21.test_a_guideline_of_another_name_is_still_read))
    word: list = []

    def with_word(test, *args):
        def run(tmp_path):
            if not word:
                folder = Path(tempfile.mkdtemp(prefix="lic-hostile-word-"))
                from tests.conftest import run_cli

                r = run_cli("publish", str(DRAFT), "--to", "docx", "--out", str(folder))
                assert r.exit_code == 0, r.stderr
                word.append(next(folder.glob("*.docx")))
            test(tmp_path, word[0], *args)
        return run
    for kind in ("docx", "md", "html"):
        for command in R21.READ_ONLY_REVIEW_COMMANDS:
            out.append(_by_test(RF, f"{command} draft.{kind} (found: " + ("'0 threads', exit 0" if command ==
                                "review list" else "\"no thread 't1' in draft." + kind + ".review.yaml\"") + ")",
                                with_word(R21.test_review_commands_that_read_only_the_review_file_refuse_a_document,
                                          command, kind)))
    out.append(_by_test(RF, "review list of a guideline still lists its threads",
                        R21.test_review_list_of_a_guideline_is_still_read))
    out.append(_by_test(PV, "serve --invite 'ｊａｎｅ＠example.org' (found: advised 'advisory＠example.org', an email "
                        "the option refuses)", R21.test_serve_invite_never_advises_a_handle_it_refuses,
                        "ｊａｎｅ＠example.org"))
    out.append(_by_test(PV, "serve --invite 'ｊａｎｅ-3' still advises a handle the option takes",
                        R21.test_serve_invite_never_advises_a_handle_it_refuses, "ｊａｎｅ-3"))
    for name in sorted(R21._fields()):
        out.append(_by_test(WD, f"import of {name} (found: the name kept, the field said left out)",
                            R21.test_import_leaves_out_a_person_a_word_field_shows_through_another, name))
    for instr in ('IF 1 = 1 "Annex Four" "None"', "QUOTE \"Annex Four\"", "= 2 + 2", "SET annex \"Annex Four\"",
                  "REF annex"):
        out.append(_by_test(WD, f"import of a {instr.split()[0]} field of plain words keeps its value",
                            R21.test_import_keeps_what_fields_of_no_person_show, instr))
    for host in ("127.0.0.1.evil.example", "127.evil.example", "127.0.0.1.nip.io", "127.x"):
        out.append(_by_test(RM, f"serve --host {host} (found: taken for this computer, no --allow-host asked)",
                            R21.test_a_host_name_that_starts_like_a_loopback_address_needs_allow_host, host))
    for host in ("127.0.0.1", "127.0.0.2", "127.1", "localhost", "::1", "[::1]"):
        out.append(_by_test(RM, f"serve --host {host} still needs no --allow-host",
                            R21.test_loopback_addresses_still_need_no_allow_host, host))
    for url in ("http://0.0.0.0", "http://[::]:8000", "https://review.example.org:0", "https://-review-.example.org",
                "https://review..example.org"):
        out.append(_by_test(RM, f"serve --base-url {url} (found: links no browser opens)",
                            R21.test_serve_base_url_that_no_browser_can_open_is_refused, url))
    for url in ("http://review.example.org", "http://192.168.1.5:8000"):
        out.append(_by_test(PV, f"serve --base-url {url} (found: links, sessions and comments over plain http without "
                            "a word)", R21.test_serve_base_url_over_plain_http_to_another_computer_is_warned_of, url))
    for url in ("https://review.example.org", "http://127.0.0.1:8000", "http://localhost:9000",
                "https://review.example.org:8443/room"):
        out.append(_by_test(RM, f"serve --base-url {url} is still taken without a note",
                            R21.test_serve_base_url_over_https_or_on_this_computer_is_taken_without_a_note, url))

    def in_repo(rev, base):
        def run(tmp_path, monkeypatch):
            from tests.test_hostile_input import make_repo  # the repo fixture's: g.yaml committed, then changed

            make_repo(tmp_path, monkeypatch)
            R21.test_changed_since_a_range_written_with_a_caret_is_named_a_range(tmp_path, rev, base)
        return run
    for rev in ("HEAD^!", "HEAD^@", "HEAD^-", "HEAD^-1"):
        out.append(_by_test(GIT, f"check --changed-since {rev} (found: 'not a commit in this clone (in CI, fetch it "
                            "first ...)')", in_repo(rev, "HEAD")))
    for target in ("other.yaml", "other.review.yaml", ".lic-policy.yaml"):
        for command in R21.LINKED_OUTPUTS:
            out.append(_by_test(PL, f"{command} a symbolic link to {target} (found: "
                                + ("a Word file written over it" if "packet" in command else "replaced") + ")",
                                R21.test_an_output_that_links_to_a_yaml_file_is_refused, command, target))
    out.append(_by_test(PL, "rules docs -o a link to a Markdown file is still written through, the link kept",
                        R21.test_an_output_that_links_to_another_file_is_still_written_through))
    for stand_in, shown in (("\x1b[31m", "U+001B"), ("x\x00y", "U+0000"), ("a\x85b", "U+0085"), ("\x07", "U+0007")):
        out.append(_by_test(CL, f"review redact --with holding {shown} (found: written into the comment and the "
                            "suggested wording)", R21.test_redact_with_refuses_a_control_character, stand_in, shown))
    for stand_in, what in (("jane@example.org", "email"), ("604-555-0199", "phone"),
                           ("jane (at) example (dot) org", "email")):
        out.append(_by_test(PV, f"review redact --with '{stand_in}' (found: an identity written in the name's place)",
                            R21.test_redact_with_refuses_words_that_identify_someone, stand_in, what))
    for stand_in in ("[name removed]", "[a youth worker]", "the reviewer's friend", "X"):
        out.append(_by_test(PV, f"review redact --with '{stand_in}' still takes the words out",
                            R21.test_redact_with_of_plain_words_still_takes_the_words_out, stand_in))
    for author, shown in (("editors\u202e", "U+202E"), ("policy team\u202d", "U+202D"),
                          ("policy team" + "".join(chr(0xE0000 + ord(c)) for c in "Jane"), "tag character")):
        out.append(_by_test(PV, f"review packet --change-author holding {shown} (found: on every tracked change)",
                            R21.test_packet_change_author_refuses_what_shows_nothing_or_turns_text, author, shown))
    for option in ("--title", "--jurisdiction"):
        out.append(_by_test(CL, f"init {option} holding tag characters (found: a guideline written that validate "
                            "refuses)", R21.test_init_refuses_tag_characters_as_validate_does, option))
    for command in ("review add", "review reply"):
        out.append(_by_test(CL, f"{command} --author $'staff-1\\n' (found: internal error: ValidationError)",
                            R21.test_an_author_handle_ending_in_a_line_break_is_one_line, command))
    out.append(_by_test(PV, "serve --invite $'advisory-1\\n' (found: an invitation whose handle held the line break)",
                        R21.test_serve_invite_of_a_handle_ending_in_a_line_break_is_refused))
    for quote, shown in ((" ", "a space"), ("   ", "three spaces"), ("\t", "a tab"), ("\u00a0", "a no-break space"),
                         ("\u200b \u200b", "zero-width spaces around a space")):
        out.append(_by_test(RF, f"review add --quote of {shown} (found: a thread anchored on nothing anyone sees)",
                            R21.test_review_add_quote_that_shows_nothing_is_refused, quote))
    ROUND21.extend(out)
    return out



ROUND22: list = []

ROUND22_TEXT = (
    "The cases this round added, by surface; \"found\" names what was broken before its fix (each is a test in "
    "tests/test_hostile_round22.py), the others held as they were. Round 21's leftovers first: a Word or "
    "LibreOffice file under another name, `rules eval /dev/null`, `serve --host 999.1.1.1`, a Cyrillic look-alike "
    "`--base-url`, `redact --with` a name (now refused: a refusal costs a retyped stand-in, a written name cannot be "
    "taken back from a shared review file), Word XML in single quotes (found: a whole packet taken for a reviewer's "
    "document). Tried besides and held (no case here): 27 hand-made anchors in a review file (positions negative, "
    "reversed, 10^20, 1.5 and true; quotes empty, blank, 2 MB of prefix, holding U+202E; fields non-text, a list, "
    "__class__, index -1 and 10^18; an unknown clause; ids '../t1', empty, a number, twice; unknown kinds and "
    "statuses; a reply to itself) under review list, reanchor, packet, resolve, publish and check (one line or read; "
    "U+202E and ESC shown as U+FFFD and a picture); an alias to a thread, an alias bomb and 100,000 nested brackets "
    "in a review file (one line each); a review file with a BOM and CRLF through reply (both kept); 21 hostile `review "
    "add` anchors (--occurrence 0, -1, 10^23; --field __class__, metadata.__dict__, index -1 and 10^20, trailing or "
    "doubled dots; --clause ../../etc); 18 returned packets damaged (no document.xml, [Content_Types].xml, "
    "comments.xml, rels or styles; an attached template, image and subdocument on http:, file: and UNC; a "
    "javascript: hyperlink; XXE and billion laughs in comments.xml and document.xml; ../ and absolute member names; a "
    "member twice; document.xml in UTF-16; comments.xml cut short or holding NUL; a 300 MB stored part; an author "
    "name in single quotes and in people.xml: one line each or read, the name never stored); UTF-16 and UTF-32 "
    "Markdown and HTML to import, check and fix (refused at 1:1), a latin-1 HTML page with its meta charset (read by "
    "import); 9 odd `--state` files (text, UTF-16, a link to the guideline, the guideline itself: 'not a database', "
    "nothing changed); three writers of `review add` (18 threads kept) and reply, redact and resolve at once; in the "
    "room, 23 pages under 11 methods (TRACE, PROPFIND, lower-case get) for anyone, a reviewer and staff, 13 odd POST "
    "bodies (JSON, %zz, bytes not UTF-8, multipart without a boundary, 3 MB, 50,000 fields, gzip, charset=utf-16) to "
    "11 forms, 19 odd paths and 15 odd headers (no 5xx, every page with its Content-Security-Policy, no traceback, no "
    "address in the room's log), and 38 raw requests (OPTIONS *, CONNECT, absolute-form targets, HTTP/1.0 without "
    "Host, HTTP/0.9, the HTTP/2 preface, two Hosts, two Content-Lengths, chunked with a bad size, Content-Length and "
    "Transfer-Encoding both, obs-fold, a NUL in a header, a 10,000-letter method, 3,000 headers, pipelining, h2c and "
    "WebSocket upgrades). Left alone: `review add`'s and the room's lax reading of a review file's `start: true` as 1 "
    "(a hint only: the quote decides); the room answers an absolute-form request for its own address 404 (no browser "
    "sends one); a client gone before its answer still puts uvicorn's 'ASGI callable returned without completing "
    "response' beside the room's own line; `compare g.yaml g.yaml` suggests `diff g.yaml g.yaml`; the privacy "
    "detectors find no social-media handle or profile address ('@maryjones', 'facebook.com/mary.jones') in a "
    "comment or a `--with`.")


def round22_cases() -> list[Case]:
    """hostile22: round 21's leftovers (a Word file renamed, rules eval of a device, a host of
    numbers, look-alike host names, redact --with a name, single-quoted Word XML), check of an
    unreadable review file, the room's Host header and upgrade requests, Windows paths and
    --state files. Every case is a test of tests/test_hostile_round22.py."""
    from tests import test_hostile_round22 as R22

    PL, PV, WO, RM, PD, RF = ("Paths, links and folders", "Privacy (round 8: who sees what)",
                              "Word and OpenDocument files", "Review room", "Pipes and devices",
                              "Review files (corpus: list, add, publish)")
    out = []
    for name in R22.RENAMED:
        for command in R22.RENAMED_COMMANDS:
            out.append(_by_test(WO, f"{command} of {R22.RENAMED[name][1]} named {name} (found: 'binary file (NUL "
                                "byte)' at 1:6)", R22.test_a_word_or_libreoffice_file_under_another_name_is_named_as_such,
                                command, name))
    for members, what in zip(([{"a.txt": "hi"}, {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<w/>"},
                               {"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}]),
                             ("a zip of a text file", "a spreadsheet (.xlsx)", "a LibreOffice spreadsheet")):
        out.append(_by_test(WO, f"validate of {what} named g.yaml is still not called a Word document",
                            R22.test_another_zip_under_a_yaml_name_is_not_called_a_word_document, members))
    out.append(_by_test(PD, "rules eval /dev/null (found: 'no such corpus file or folder')",
                        R22.test_rules_eval_of_a_device_says_what_it_is))
    for host in ("999.1.1.1", "256.0.0.1", "1.2.3.4.5", "10.0.0.300"):
        out.append(_by_test(RM, f"serve --host {host}, with and without --allow-host (found: 'reachable from other "
                            "computers', then the socket's 'Name or service not known')",
                            R22.test_serve_host_of_numbers_that_are_no_address_is_refused, host))
    for url, words in (("https://ехample.org", ["mixes Cyrillic and Latin", "U+0435"]),
                       ("https://xn--ample-ywe6i.org", ["mixes Cyrillic and Latin", "U+0435"]),
                       ("https://rеview.example.org", ["mixes Cyrillic and Latin"]),
                       ("https://pαypal.example.org", ["mixes Greek and Latin"]),
                       ("https://аррӏе.com", ["Cyrillic letters that look Latin"]),
                       ("https://ｒｅｖｉｅｗ.example.org", ["browsers read as review.example.org"]),
                       ("https://xn--zz.example.org", ["not one browsers read"])):
        out.append(_by_test(PV, f"serve --base-url {url} (found: invitation links to a look-alike name, or one no "
                            "browser reads)", R22.test_serve_base_url_of_a_look_alike_host_name_is_refused, url, words))
    out.append(_by_test(RM, "serve --allow-host пример.рф (found: 'not a host name', the xn-- form browsers send "
                        "never named)", R22.test_allow_host_of_a_name_in_another_alphabet_gives_the_form_browsers_send))
    for url in ("https://пример.рф", "https://xn--e1afmkfd.xn--p1ai", "https://bücher.example", "https://例え.jp",
                "https://review.example.org"):
        out.append(_by_test(RM, f"serve --base-url {url} is still taken",
                            R22.test_serve_base_url_of_a_name_in_one_alphabet_is_taken, url))
    for stand_in in ("Mary Jones", "Dr. Patel", "Ms. Jones"):
        out.append(_by_test(PV, f"review redact --with '{stand_in}' (found: the name written, a warning after)",
                            R22.test_redact_with_a_person_s_name_is_refused, stand_in))
    for stand_in, shown in (("Mary\u200bJones", "U+200B"), ("M\u200bary Jones", "U+200B"),
                            ("Mary\u00adJones", "U+00AD"), ("Mary\u2060Jones", "U+2060")):
        out.append(_by_test(PV, f"review redact --with a name split by {shown} (found: "
                            + ("the name written, a warning after" if stand_in.startswith("M\u200b") else
                               "read as no name, written") + ")",
                            R22.test_redact_with_a_person_s_name_is_refused, stand_in))
    out.append(_by_test(WO, "review import of a packet written with single-quoted attributes (found: its 66 comments "
                        "added as the reviewer's, and a reply)",
                        R22.test_a_packet_written_with_single_quoted_attributes_is_still_a_packet))
    out.append(_by_test(WO, "Word XML with single-quoted attributes is read with its text untouched",
                        lambda: R22.test_double_quoted_leaves_text_between_tags_alone()))
    spoils = {"unsupported YAML tag": "an unknown tag", "cannot parse the review file": "an unclosed bracket",
              "duplicate key": "a duplicate key"}
    for spoil, where in (((lambda t: t.replace("threads:", "threads: !!python/object:x", 1)), "unsupported YAML tag"),
                         ((lambda t: t.replace("threads:", "threads: [", 1)), "cannot parse the review file"),
                         ((lambda t: t + "threads: []\n"), "duplicate key"),
                         ((lambda t: t.replace("kind: comment", "kind: [comment", 1)), "cannot parse the review file")):
        out.append(_by_test(PV, f"check --only privacy beside a review file naming someone, with {spoils[where]} "
                            "(found: '0 errors', exit 0)",
                            R22.test_check_privacy_of_a_review_file_it_cannot_read_is_not_a_pass, spoil, where))
    out.append(_by_test(PV, "check --only privacy beside a review file naming someone, with a NUL byte (found: '0 "
                        "errors', exit 0; the line is shown masked)",
                        R22.test_check_privacy_of_a_review_file_that_is_binary_is_not_a_pass))
    for host in ("LOCALHOST:8000", "Localhost", "localhost.:8000", "127.0.0.1.:8000"):
        out.append(_by_test(RM, f"the room asked for with Host: {host} (found: 421, not served here)",
                            R22.test_the_room_reads_the_host_header_as_dns_does, host))
    out.append(_by_test(RM, "an Upgrade request to the room (found: two warnings in the log each time, one advising "
                        "to install a WebSocket library)", lambda: R22.test_an_upgrade_request_puts_nothing_in_the_room_s_log()))
    for where in ("C:\\Users\\me\\out", "sub\\out.md", "\\\\server\\share\\out"):
        for command in R22.WINDOWS_OUTPUTS:
            out.append(_by_test(PL, f"{command} {where} (found: a file or folder of that name made beside the "
                                "guideline)", R22.test_an_output_given_as_a_windows_path_is_refused, command, where))
    out.append(_by_test(PL, "check -o 'report\\1.txt' (a name holding a backslash, no folder meant) is still written",
                        R22.test_a_file_name_holding_a_backslash_is_still_written_where_no_folder_is_meant))
    out.append(_by_test(PL, "schema --write 'C:\\schemas' (found: an empty folder of that name made)",
                        R22.test_schema_write_into_a_windows_path_makes_no_folder))
    out.append(_by_test(PL, "check 'C:\\Users\\me\\g.yaml' (found: 'no such file or folder (check the path)')",
                        R22.test_an_input_given_as_a_windows_path_with_a_drive_says_so))
    for state, words in (("/dev/null", ["not a regular file (a device)"]), ("fifo", ["not a regular file (a named pipe)"]),
                         ("C:\\room\\state.db", ["a Windows path"])):
        out.append(_by_test(RM, f"serve --state {state} (found: " + ("a state file of that name made here" if "\\" in
                            state else "sqlite's 'disk I/O error'") + ")",
                            R22.test_serve_state_that_is_no_file_or_a_windows_path_is_refused, state, words))
    ROUND22.extend(out)
    return out


ROUND23: list = []

ROUND23_TEXT = (
    "The cases this round added, by surface; \"found\" names what was broken before its fix (each is a test in "
    "tests/test_privacy_social.py or tests/test_hostile_round23.py), the others held as they were. First the "
    "privacy detectors' new kind, social-media handles and profile links (round 22's last leftover): a person's "
    "account must be found, an organisation's public account and what only looks like a handle (a time, code, an "
    "email address, a platform's own page) must not. Then round 22's other leftovers (`start: true` read as 1, an "
    "absolute-form request target answered 404, uvicorn's line for a client gone, `compare g.yaml g.yaml`, outputs "
    "in /proc and through dangling links), and what was found besides: a review file's `named: no` (YAML 1.2's text "
    "'no') hid a name-like handle from check and publish, and a review file that is a named pipe or a link to "
    "/dev/zero hung `check` and `review packet` or grew `check` to 21 GB. Tried besides and held (no case here): "
    "84 review-file shapes under review list, add, reanchor, reply, check, publish and redact (UTF-16 with a BOM, "
    "CRLF, lone CR, a NUL byte, a 3 MB line, empty, a BOM alone, a list, threads null or a text, a UTF-16 or "
    "lone-CR guideline: one line each, or read and kept), and 72 odd review files under list, add, redact, resolve, "
    "reanchor, check, compare and packet (a folder, read-only, a loop of links, a link to /proc/self/environ, a 5 MB "
    "comment line). Left alone: `check` of a guideline whose review file breaks the review schema (an unknown key, "
    "`threads: null`) says nothing of it (exit 0, and its privacy and objection rules read the threads as data), "
    "where publish refuses the file; a review file that is a link looping to itself is read as no review file by "
    "`review list` and `reanchor` ('0 threads'); an organisation named after a person (`@StellaMontreal`, "
    "`@Maggies_TO`) is flagged as a person's account; a username after an app's name that is an English word "
    "(`find me on insta, sunshine`) is not found; a person's handle in a guideline clause is not read (clauses are "
    "public text, as for names).")


def round23_cases() -> list[Case]:
    """hostile23: social-media handles and profile links (tests/test_privacy_social.py), round
    22's leftovers, a review file's `named: no`, and review files that are pipes or devices
    (tests/test_hostile_round23.py)."""
    from tests import test_hostile_round23 as R23
    from tests import test_privacy_social as TS

    PS, PV, RF, PL, UP, RM, PD = ("Privacy (round 23: social-media handles and profile links)",
                                  "Privacy (round 8: who sees what)", "Review files (corpus: list, add, publish)",
                                  "Paths, links and folders", "Unwritable places", "Review room", "Pipes and devices")

    def params(test) -> list:
        return list(test.pytestmark[0].args[1])

    out = []
    for text, found in params(TS.test_a_person_s_handle_or_profile_link_is_found):
        out.append(_by_test(PS, f"find {found!r} in {text!r} (found: not flagged)",
                            TS.test_a_person_s_handle_or_profile_link_is_found, text, found))
    for text in params(TS.test_what_only_looks_like_a_handle_is_not_one):
        out.append(_by_test(PS, f"{text!r} is not taken for a person's handle",
                            TS.test_what_only_looks_like_a_handle_is_not_one, text))
    for text in params(TS.test_large_hostile_texts_stay_linear):
        out.append(_by_test(PS, f"{text[:24]!r}... ({len(text):,} characters) in linear time" + (
            " (found: 12-19 s, a search for the line's ends around each @)" if text.startswith("@maryjones ") else ""),
                            TS.test_large_hostile_texts_stay_linear, text))
    for name, test in (("any made-up handle on ten platforms is found whole (hypothesis)",
                        TS.test_any_made_up_handle_on_a_platform_is_found_whole),
                       ("an email address is never a handle (hypothesis)", TS.test_an_email_address_is_never_a_handle),
                       ("a time written with @ is never a handle (hypothesis)",
                        TS.test_a_time_written_with_an_at_sign_is_never_a_handle)):
        out.append(_by_test(PS, name, test))
    for name, test in (
            ("check: '@maryjones' and 'instagram.com/tom_w88' in the consultation record (found: 0 errors)",
             TS.test_check_finds_a_handle_in_the_consultation_record_and_quotes_it_masked),
            ("check: '@PACEsociety' and 'facebook.com/SWANVancouver' in the consultation record pass",
             TS.test_check_passes_an_organisation_s_account_in_the_consultation_record),
            ("check: handles in a clause are not read (public text)", TS.test_check_does_not_read_handles_in_clauses),
            ("check: 't.me/maryjones' and '@mary_j_88' in a review comment and reply (found: 0 errors)",
             TS.test_check_finds_a_handle_in_a_review_comment),
            ("review add of a comment holding '@maryjones' (found: no warning), then review redact",
             TS.test_review_add_warns_of_a_handle_and_redact_takes_it_out),
            ("publish of a guideline whose consultation record holds '@maryjones' (found: published)",
             TS.test_publish_refuses_a_handle_in_the_consultation_record),
            ("the room: a comment holding '@maryjones', 'instagram.com/maryjones' or 'wa.me/16045550123' (found: "
             "stored)", TS.test_the_room_refuses_a_handle_and_stores_nothing)):
        out.append(_by_test(PS, name, test))
    for stand_in in params(TS.test_redact_with_a_handle_is_refused):
        out.append(_by_test(PS, f"review redact --with {stand_in!r} (found: written)",
                            TS.test_redact_with_a_handle_is_refused, stand_in))
    for handle in params(TS.test_an_author_handle_written_as_a_social_handle_says_so):
        out.append(_by_test(PS, f"review add --author {handle!r} (found: 'looks like an email address')",
                            TS.test_an_author_handle_written_as_a_social_handle_says_so, handle))
    for value in params(R23.test_a_position_that_is_no_number_is_refused_where_it_is):
        out.append(_by_test(RF, f"a review file's position 'start: {value}' under review list and add (found: read "
                            "as a number)", R23.test_a_position_that_is_no_number_is_refused_where_it_is, value))
    for value in params(R23.test_named_that_is_not_true_or_false_never_hides_a_name):
        out.append(_by_test(PV, f"a name-like reviewer handle with 'named: {value}' under check and publish (found: "
                            "passed as named)", R23.test_named_that_is_not_true_or_false_never_hides_a_name, value))
    out.append(_by_test(PV, "a name-like reviewer handle with 'named: true' still passes",
                        R23.test_named_true_is_still_the_reviewer_s_choice))
    out.append(_by_test(PV, "a name-like reviewer handle with the automated role (found: passed)",
                        R23.test_a_name_like_handle_with_the_automated_role_is_still_flagged))
    for second in params(R23.test_compare_of_one_file_twice_says_so):
        out.append(_by_test(PL, f"compare g.yaml {second} (found: 'lic-policy diff g.yaml ...' advised)",
                            R23.test_compare_of_one_file_twice_says_so, second))
    out.append(_by_test(PL, "compare of two copies with the same text (found: advised the redline)",
                        R23.test_compare_of_two_copies_with_the_same_text_says_nothing_differs))
    out.append(_by_test(PL, "compare of two versions still advises the redline",
                        R23.test_compare_of_two_versions_still_advises_the_redline))
    for where in params(R23.test_an_output_in_a_system_folder_says_what_the_folder_is):
        for command in R23.SYSTEM_OUTPUTS:
            out.append(_by_test(UP, f"{command} {where} (found: 'the folder does not exist' of /proc)",
                                R23.test_an_output_in_a_system_folder_says_what_the_folder_is, command, where))
    out.append(_by_test(UP, "publish --out /sys/h23-out (found: 'Operation not permitted' and no advice)",
                        R23.test_an_output_folder_where_one_may_not_make_folders_says_so))
    for command in params(R23.test_an_output_through_a_dangling_link_names_the_missing_folder):
        out.append(_by_test(PL, f"{command} through a dangling link (found: 'the folder does not exist' beside one "
                            "that does)", R23.test_an_output_through_a_dangling_link_names_the_missing_folder, command))
    out.append(_by_test(PL, "publish --out a link to a folder that is gone (found: 'the output path is not a folder')",
                        R23.test_publish_into_a_dangling_link_names_where_it_points))
    for target, host, status in params(R23.test_an_absolute_form_request_target_is_read_as_its_path_and_host):
        out.append(_by_test(RM, f"GET {target} with Host {host or '(none)'}: {status}" + (
            " (found: 404)" if status in (200, 421, 400) else ""),
            R23.test_an_absolute_form_request_target_is_read_as_its_path_and_host, target, host, status))
    out.append(_by_test(RM, "a client gone before its answer (found: uvicorn's 'ASGI callable returned without "
                        "completing response' in the log)",
                        lambda: R23.test_uvicorn_s_line_for_an_answer_a_gone_client_never_got_is_left_out()))
    for kind in params(R23.test_check_beside_a_review_file_that_is_a_pipe_or_a_device_ends):
        what = "a named pipe" if kind == "fifo" else "a link to /dev/zero"
        out.append(_by_test(PD, f"check beside a review file that is {what} (found: " + (
            "never ended" if kind == "fifo" else "21 GB, killed") + ")",
            R23.test_check_beside_a_review_file_that_is_a_pipe_or_a_device_ends, kind))
        out.append(_by_test(PD, f"review packet beside a review file that is {what} (found: " + (
            "never ended" if kind == "fifo" else "'1 identity finding: a person's name ...'") + ")",
            R23.test_a_packet_beside_an_unreadable_review_file_says_so_not_an_identity, kind))
    ROUND23.extend(out)
    return out


ROUND24: list = []

ROUND24_TEXT = (
    "The cases this round added, by surface; \"found\" names what was broken before its fix (each is a test in "
    "tests/test_hostile_round24.py), the others held as they were. The review room's forms and addresses sent by "
    "hand (a form token outside ASCII, a round number of thousands of digits: each an internal error for anyone), "
    "file names holding ESC, a bell, a line break or a direction override (sent as they were in the messages and "
    "hints of 15 commands; a guideline so named could get no review file), a NUL in a pack path in the "
    "configuration, Word documents with odd parts (a field nested in another field's instruction, a comment on "
    "no words, a comment the document only refers to, a comment on words not in the guideline), identities "
    "spelled in tag characters or in circled letters and digits (found by no check), and an accepted suggestion "
    "taking out a block's first words (the block rewritten whole); then files lic-policy writes for itself, edited "
    "by hand or damaged: `init`'s saved answers (null written as 'None'), the review import's author map "
    "(`next_handle: 1e300`: an internal error), the check cache's rows and the user cache's gate entries (each an "
    "internal error until deleted); and a review file that became a link to itself while the room served it (500 on "
    "every page). Tried besides and held (no case here): about 90 raw and "
    "in-process requests to the room (duplicate JSON keys, lone surrogates, NaN, 5,000-digit numbers, JSON nested "
    "deep, `Content-Type` with a Latin-1 charset, Latin-1 and UTF-8 bytes in Cookie, Host, Origin, "
    "Accept-Language and Sec-Fetch-Site, `Content-Length: -1` or twice, `Transfer-Encoding` with `Content-Length`, "
    "`Expect: 100-continue`, HTTP/1.0 and 0.9, OPTIONS *, CONNECT, TRACE, a 60 KB path, `next=/\\evil.example`, a "
    "title holding U+202E and a NUL, closing dates in year 9999, slow bodies and half heads when the room is "
    "stopped: it stops in 0.2 s); guideline YAML with an alias of a flagged text, an anchored key, `!!str` and `!` "
    "tags, a `%TAG` directive, a `? key`, `...`, CRLF lines inside LF block scalars under `fix --write` and `review "
    "apply`, a 9 MB scalar and a 140,000-line block (5-6 s, 0.3 GB); 26 wrong-typed `.lic-policy.yaml` and "
    "`pyproject.toml` values (`.inf`, `.nan`, `0x10`, a date, `[[tool.lic-policy]]`, anchors, merge keys); 19 "
    "hand-edited review files (`guideline: /dev/zero`, `end: 99999999999999999999`, year 9999 with a -23:59 "
    "offset, ids `t01` and `T1`, an anchor and an alias shared by two threads under reply, resolve and redact); 25 "
    "reviewed packets with odd parts (SmartArt holding a name and a phone number, an embedded object, math, "
    "altChunk, comments nested in comments, on deleted words, holding a table or tracked changes, ids of 5,000 "
    "digits or -1, insertions inside deletions, a deleted paragraph mark). Left alone: a tracked move that puts the "
    "words back where they were becomes a suggestion that changes nothing (so does `review add --replacement` of the "
    "quote itself); two Word comments with one id keep the last; math inserted with Track Changes is written as TeX "
    "(`x\\hat{}2`).")


def round24_cases() -> list[Case]:
    """hostile24: the room's forms and addresses sent by hand, file names holding escapes and
    line breaks, a NUL in a pack path, Word fields nested in fields and comments on no words.
    Every case is a test of tests/test_hostile_round24.py."""
    from tests import test_hostile_round24 as R24

    RM, TO, PL, CF, WD, PV = ("Review room", "Terminal output and input", "Paths, links and folders",
                              "Configuration files (corpus, check --config)", "Word and OpenDocument files",
                              "Privacy (round 11: what a Word file hides)")
    out = []
    for what in R24.FOREIGN_TOKENS:
        for how in ("form", "header"):
            out.append(_by_test(RM, f"POST /review/threads with a form token of {what} in the {how} (found: 500, "
                                "a traceback in the log)" if not (how == "form" and what == "half a surrogate pair")
                                else f"POST /review/threads with a form token of {what} in the form: 400",
                                R24.test_a_form_token_that_is_not_ascii_is_refused_as_expired, what, how))
    out.append(_by_test(RM, "the form token the room gave is still taken",
                        R24.test_the_form_token_the_room_gave_is_still_taken))
    for digits in (4301, 5000, 60000):
        out.append(_by_test(RM, f"GET and POST /staff/r/ and {digits:,} digits, signed in or not (found: 500, a "
                            "traceback naming the whole address)",
                            R24.test_a_round_number_of_thousands_of_digits_is_no_such_page, digits))
    for n in ("{rid}", "0{rid}", "999999999999999999"):
        out.append(_by_test(RM, f"GET /staff/r/{n.replace('{rid}', 'N')} still leads to its round or none",
                            R24.test_a_round_number_that_can_be_read_still_leads_to_its_round_or_none, n))
    for command in R24.NAMED_COMMANDS:
        out.append(_by_test(TO, f"{command} of a file named with ESC ] 0 ;, BEL, U+202E and a line break (found: "
                            "sent as it was" + (")" if command != "review list" else " in its hint)"),
                            R24.test_a_file_name_holding_escapes_and_line_breaks_is_shown_not_sent, command))
    for name in ("g\x1b]0;T\x07\u202eq\n.yaml", "a'b\\c\n.yaml", "x\x85y\u2028z\u2066.yaml", "-e\x1b.yaml",
                 "\x1bab.yaml", "\u202eabc1.yaml"):
        out.append(_by_test(TO, f"a hint's $'...' word for {name!r} reads back in bash (found: the name as it was)",
                            R24.test_a_hint_s_command_names_such_a_file_so_the_shell_reads_it_back, name))
    out.append(_by_test(TO, "a hint's word for a name that is not UTF-8 reads back as its bytes",
                        R24.test_a_name_that_is_not_utf8_is_written_as_its_bytes))
    out.append(_by_test(TO, "fix's diff of such a file quotes the name as git does, and git apply takes it (found: "
                        "the name as it was in ---/+++)",
                        R24.test_fix_s_diff_names_such_a_file_as_git_does_and_applies))
    out.append(_by_test(TO, "plain names are written as they were",
                        R24.test_plain_names_are_still_written_as_they_were))
    for name in ("k\n.yaml", "k\x07.yaml", "k\x1b[2J.yaml", "k\x85.yaml", "k\u202e.yaml"):
        out.append(_by_test(PL, f"review add of a guideline named {name!r} (found: 'internal check failed ... report "
                            "this as a bug' for a line break or a control character)",
                            R24.test_a_guideline_whose_name_holds_a_control_character_gets_its_review_file, name))
    for name, shown in (("d\x07.md", "d\u2407.md"), ("d\n.md", "d\u2424.md"), ("e\u202e.md", "e\ufffd.md")):
        out.append(_by_test(PL, f"import {name!r} (found: out.yaml:1:18 blamed for a bell; a direction override "
                            "'in the text')",
                            R24.test_import_of_a_document_whose_name_holds_a_control_character_writes_the_guideline,
                            name, shown))
    for command in (("check", "--no-cache", "{g}"), ("fix", "{g}"), ("validate", "{g}"), ("rules", "list")):
        for kind in ("yaml", "toml"):
            out.append(_by_test(CF, f"{' '.join(command[:2])} with a NUL in a pack path in "
                                f"{'.lic-policy.yaml' if kind == 'yaml' else 'pyproject.toml'} (found: internal "
                                "error, embedded null byte, exit 3)",
                                R24.test_a_nul_in_a_pack_path_is_one_line_at_its_place, command, kind))
    for what in R24.NESTED:
        out.append(_by_test(PV, f"import of {what} nested in an IF field's instruction (found: its hidden last value "
                            "written into the guideline)",
                            R24.test_import_writes_what_word_shows_of_a_field_nested_in_another, what))
    out.append(_by_test(PV, "review import of a tracked insertion holding a field nested in an IF (found: the hidden "
                        "value in the suggestion)", R24.test_review_import_stores_what_word_shows_of_a_nested_field))
    for where, word in (("end", "neighbourhoods"), ("start", "Applies"), ("middle", "officers")):
        out.append(_by_test(WD, f"review import of a comment on no words at the {where} of a paragraph (found: 'not "
                            "placed', its words not stored)",
                            R24.test_review_import_places_a_comment_made_on_no_words_on_the_word_at_it, where, word))
    for author, shown in (("advisory-9 (sex-worker-advisory)", "advisory-9"), ("Jane Smithers", "a reviewer")):
        out.append(_by_test(WD, f"review import of a comment by {author!r} the document only refers to (found: "
                            "'nothing to import', the words lost)",
                            R24.test_review_import_names_a_comment_the_document_only_refers_to, author, shown))
    out.append(_by_test(WD, "review import of a comment on words says nothing more",
                        R24.test_review_import_says_nothing_more_of_comments_on_words))
    out.append(_by_test(WD, "review import of a comment on words not in the guideline (found: 'not placed' without "
                        "the comment's own words)", R24.test_review_import_says_the_words_of_a_comment_it_cannot_place))
    PR = "Privacy (round 7: identities hidden with Unicode tricks)"
    for what in R24.TAGGED:
        out.append(_by_test(PR, f"{what} spelled in tag characters in a review comment, under review add, check and "
                            "redact (found: no warning, 0 errors)",
                            R24.test_an_identity_spelled_in_tag_characters_is_found_and_can_be_taken_out, what))
    out.append(_by_test(PR, "the room: an email spelled in tag characters (found: stored)",
                        R24.test_the_room_refuses_an_email_spelled_in_tag_characters))
    out.append(_by_test(PR, "a subdivision flag's tag characters are no one",
                        R24.test_a_flag_s_tag_characters_are_no_identity))
    for what in R24.ENCLOSED:
        out.append(_by_test(PR, f"{what} under review add, check and redact as typed (found: " + (
            "redact took out nothing)" if "full-width" in what else "no warning, 0 errors)"),
            R24.test_an_identity_in_circled_letters_is_found_masked_and_redacted_as_typed, what))
    for text in ("Step ① then ② then ③.", "Water is H₂O and E=mc².", "Meet at ⑩ in the ⓒentre."):
        out.append(_by_test(PR, f"{text!r} holds no identity",
                            R24.test_circled_numbers_and_superscripts_are_no_identity, text))
    out.append(_by_test("Line endings, BOM, links", "review apply of a suggestion taking out a block's first words "
                        "(found: the whole block rewritten as one double-quoted line)",
                        R24.test_a_suggestion_that_takes_out_a_block_s_first_words_keeps_its_other_lines))
    out.append(_by_test(RM, "the room serving a review file replaced by a link that leads back to itself (found: "
                        "500 and a traceback on every page)",
                        R24.test_the_room_says_a_review_file_that_links_to_itself_cannot_be_read))
    CL = "Command line (round 6: empty values, dates)"
    for value in ("false", "5", "[1]", '{"a": 1}'):
        out.append(_by_test(CL, f"init with a saved answer {value} (found: written as Python wrote it)",
                            R24.test_init_s_saved_answer_that_is_not_text_is_one_line, value))
    out.append(_by_test(CL, "init with a saved answer null (found: a guideline titled 'None')",
                        R24.test_init_s_saved_answer_null_is_no_answer))
    for data in ('{"format": 2, "authors": [], "next_handle": 1e300}',
                 '{"format": 2, "authors": [], "next_handle": 99999999999}',
                 '{"format": 2, "authors": [], "next_handle": true}',
                 '{"format": 2, "authors": [{"key": "k", "mac": "m", "handle": null}]}',
                 '{"format": 2, "authors": [{"key": "k", "mac": "m", "handle": "a b"}]}',
                 '{"format": 2, "authors": [{"key": 5, "mac": "m", "handle": "reviewer-1"}]}'):
        out.append(_by_test("Review files (corpus: list, add, publish)", f"review import with the author map {data} "
                            "(found: an internal error, or a reviewer 'None')",
                            R24.test_an_author_map_edited_by_hand_is_one_line, data))
    CA = "Caches (round 24: damaged entries)"
    for what in R24.DAMAGED_ROWS:
        for touched in (False, True):
            out.append(_by_test(CA, f"check with a cache row holding {what}"
                                + (", the file touched" if touched else "") + " (found: internal error, exit 3)",
                                R24.test_a_damaged_check_cache_row_is_a_miss, what, touched))
    for damage in ("garbage", "cut short", "cut where it still compiles"):
        out.append(_by_test(CA, f"check with a user-cache gate entry {damage} (found: internal "
                            "error in every check)", R24.test_a_damaged_entry_in_the_user_cache_is_derived_again,
                            damage))
    ROUND24.extend(out)
    return out


ROUND25: list = []

ROUND25_TEXT = (
    "The cases this round added, by surface; \"found\" names what was broken before its fix (each is a test in "
    "tests/test_hostile_round25.py; the bad corpus gained repeated-ids.yaml and control-key.yaml), the others held "
    "as they were. Guidelines whose ids repeat (a clause copied to be edited, a section under a principle's id) "
    "and parts a redline cannot show (a clause written as a plain line, a text as a list) under diff, review "
    "packet, review add, apply and reanchor; a key holding an escape or a line break in validate's messages; "
    "headings that show nothing in import. Tried besides and held (no case here): diff, compare and the three "
    "redline formats of sections reordered, swapped ids, a clause moved between sections, clauses emptied or "
    "blanked with a zero-width space, a section with no clauses and no sections at all; 31 YAML shapes under "
    "validate and check (`!!str`, a verbatim tag, local tags, `!!omap`, `!!pairs`, `!!binary` on a value and a "
    "key, `!!timestamp`, `!!null`, `!!float 1e400`, `!!int 0x_`, an alias as a key, an anchored sequence reused "
    "where a mapping goes, empty, null, integer, boolean and flow keys, `? key`, `%TAG`, `--- !!map`, a document "
    "that is a block text, `.nan` and `-.inf` as the version); values holding ESC, bells, line breaks and U+202E "
    "in status, languages, ids, kinds and dates (shown escaped); keys holding them in a configuration, a review "
    "file and a rule pack (shown as symbols); publish to HTML and Markdown of 24 payloads in titles, intros and "
    "clauses (pandoc heading attributes, raw HTML and inline raw blocks, reference links to javascript:, "
    "footnotes, spans and divs with event handlers, LaTeX, typst, entities, autolinks, remote images and srcset, "
    "SVG, RTL text, a pipe table, 60 nested list levels, citations, example lists, math with href): every one "
    "escaped, no handler, script or remote address in the page. Left alone: a key over 1,024 characters is "
    "YAML's \"could not find expected ':'\"; a text that is only blanks (`title: \"   \"`, or a zero-width "
    "space) still validates; the review room's Accept of a suggestion on an id two clauses have says it "
    "\"could not be written\" (409) rather than naming the repeat; `import` of a table with no heading above "
    "it says its rows became clauses when they became the purpose.")


def round25_cases() -> list[Case]:
    """hostile25: ids that repeat and parts a redline cannot show, keys holding controls, headings
    that show nothing. Every case is a test of tests/test_hostile_round25.py."""
    from tests import test_hostile_round25 as R25

    DF, TO, WD = "Diffs and redlines (round 25)", "Terminal output and input", "Word and OpenDocument files"
    out = []
    for where in ("before", "after"):
        for fmt in ("text", "markdown", "html", "json"):
            out.append(_by_test(DF, f"diff --format {fmt} of a version with a clause under another's id, {where} it "
                                "(found: 'no changes', or the other's words 'deleted')",
                                R25.test_a_redline_of_a_version_whose_clause_ids_repeat_is_refused_at_the_second,
                                where, fmt))
    out.append(_by_test(DF, "review packet of a guideline whose clause ids repeat (found: written)",
                        R25.test_a_review_packet_of_a_guideline_whose_clause_ids_repeat_is_refused))
    out.append(_by_test(DF, "diff of tests/corpus/bad/repeated-ids.yaml (found: the principle left out)",
                        R25.test_repeated_ids_in_the_corpus_are_refused_by_diff))
    out.append(_by_test(DF, "ids that do not repeat still redline", R25.test_ids_that_do_not_repeat_still_redline))
    out.append(_by_test(DF, "review add --clause of an id two clauses have (found: the second's words 'not in' it)",
                        R25.test_review_add_on_an_id_used_twice_is_refused_naming_the_repeat))
    out.append(_by_test(DF, "review apply and reanchor of a guideline whose ids repeat (found: apply sent the user "
                        "to reanchor, which said 'stayed': a loop)",
                        R25.test_review_apply_and_reanchor_refuse_a_guideline_whose_ids_repeat))
    for what in R25.UNSHOWN:
        out.append(_by_test(DF, f"diff of {what} (found: its words left out of the redline)",
                            R25.test_diff_refuses_a_part_it_cannot_show_at_its_place, what))
    for what in R25.HOSTILE_KEYS:
        out.append(_by_test(TO, f"validate of a guideline key holding {what} (found: sent as it was)",
                            R25.test_an_unknown_key_holding_controls_is_shown_as_symbols_on_one_line, what))
    for what in R25.INVISIBLE_HEADINGS:
        for where in ("title heading", "front matter", "section heading"):
            out.append(_by_test(WD, f"import of Markdown whose {where} is {what} (found: a title no one can see)",
                                R25.test_import_reads_a_heading_that_shows_nothing_as_no_heading, what, where))
    ROUND25.extend(out)
    return out


ROUND26: list = []

ROUND26_TEXT = (
    "The cases this round added, all on `lic-policy fix` (and so on `fix --write`, the fixes `check`, its "
    "reports and SARIF offer, and the language server's quick fixes, which share its guards); \"found\" names what "
    "the fix did before (each is a test in tests/test_hostile_round26.py), the others held as they were. Tried "
    "besides and held (no case here): 37,620 generated texts placing 19 youth phrases and 10 ages in 14 "
    "grammatical shapes around 10 terms, in a sentence, over a list, under a heading, in a table row and in a "
    "guideline's clause and section title (0 wrote \"sex work\" after the fix; the test draws 40 a run); every "
    "pair of the 107 fixable terms joined by a space, a hyphen and `and` (34,347 texts: no two fixes overlap); 35 "
    "youth words split by a soft hyphen, a zero-width space or joiner, a line-end hyphen, markup, an entity, "
    "full-width and Cyrillic look-alike letters and a no-break space (all withheld); terms in link targets, "
    "autolinks, bare URLs, HTML attributes and comments, code spans and blocks, indented code, front-matter keys, "
    "reference-link definitions and titles, quoted and italic mentions, organisation and statute names "
    "(untouched); YAML single- and double-quoted, plain, folded and literal texts, an anchor and its alias, "
    "`!!str`, an escaped no-break space and a comment after the text (fixed in place, quoting and comment "
    "kept); a Windows-1252 file (refused in one line, exit 2); `fix --write` with a BOM, CRLF, tabs, trailing "
    "blanks and a no-break space (byte-identical around the fix); the labelled corpus's 12,484 flagged sentences "
    "fixed with --unsafe-fixes before and after (256 differ: the harms below gone, 110 more withheld beside girls, "
    "boys or an age); after the round, the first sentence of a paragraph that looks back to young people named in "
    "the paragraph before gets no fix either (`Police found three girls aged 14 and 15.` then `The prostitutes were "
    "taken to a shelter.`). Left alone: `student`, `daughter` and "
    "`born in 2010` are no youth words; `check` still reports a finding whose fix is withheld for a name, a "
    "self-identification or a mention (whether such a finding should be reported at all is the contexts' call, "
    "which helpers do not change); `vice girls` and `good-time girl` withhold a fix as `girls` does.")


def round26_cases() -> list[Case]:
    """hostile26: a fix never causes harm. Every case is a test of tests/test_hostile_round26.py."""
    from tests import test_hostile_round26 as R26

    FX = "Fixes (round 26)"
    out = []
    for text in R26.AGED:
        out.append(_by_test(FX, f"fix of '{text}' (found: 'sex work' written beside the age or the child)",
                            R26.test_no_sex_work_fix_where_an_age_under_18_is_given, text))
    for text, want in R26.ADULT_NUMBERS:
        out.append(_by_test(FX, f"fix of '{text}' still fixed (a number that is no age)",
                            R26.test_a_number_that_is_no_age_keeps_the_fix, text, want))
    out.append(_by_test(FX, "fix of a table whose header row names girls aged 14 and 15 (found: its rows fixed to "
                        "'sex workers')", R26.test_a_table_whose_header_names_young_people_gets_no_sex_work_fix))
    for text in R26.LOOKING_BACK:
        out.append(_by_test(FX, f"fix of '{text}' (found: 'sex work' about the young people just named)",
                            R26.test_no_sex_work_fix_where_the_sentence_speaks_of_young_people_named_before, text))
    out.append(_by_test(FX, "a paragraph that does not look back, or two paragraphs away, is still fixed",
                        R26.test_a_young_person_in_another_paragraph_withholds_nothing))
    for text in ("Police found three girls aged 14 and 15 in the flat.\n\nThe prostitutes were taken to a shelter.\n",
                 "Several minors were found.\n\nMost were prostitutes from out of town.\n"):
        out.append(_by_test(FX, f"fix of {text!r} (found: 'sex work' in the next paragraph about the young people)",
                            R26.test_the_first_sentence_of_a_paragraph_looks_back_to_the_paragraph_before, text))
    out.append(_by_test(FX, "youth words and ages in 14 shapes and 6 places, 40 drawn (property)",
                        R26.test_no_fix_writes_sex_work_near_a_young_person_in_any_shape_or_place))
    out.append(_by_test(FX, "the same places with adults are fixed (the property can fail)",
                        R26.test_the_generated_youth_property_can_fail))
    for text, what in R26.GLUED:
        out.append(_by_test(FX, f"fix of a term in a {what} (found: rewritten: a broken label, path or compound)",
                            R26.test_a_term_glued_into_a_label_path_or_compound_is_not_fixed, text, what))
    for text, want in R26.GLUED_FIXED:
        out.append(_by_test(FX, f"fix of {text.strip()!r} still fixed", R26.test_a_term_standing_as_a_word_is_still_fixed,
                            text, want))
    for text in R26.GARBLED_POSSESSIVES:
        out.append(_by_test(FX, f"fix of {text.strip()!r} (found: a possessive the replacement cannot take)",
                            R26.test_a_possessive_the_fix_would_garble_is_not_fixed, text))
    out.append(_by_test(FX, "fix of 'prostitute’s' keeps the typographic apostrophe (found: turned straight)",
                        R26.test_possessives_that_read_well_are_fixed_and_the_apostrophe_is_kept))
    for text, want in R26.ARTICLES:
        out.append(_by_test(FX, f"fix of {text.strip()!r} -> {want!r} (a/an by sound; found: 'A STI test')",
                            R26.test_the_article_before_a_fix_fits_how_it_is_said, text, want))
    for text in R26.NAMES:
        out.append(_by_test(FX, f"fix of {text.strip()!r} (found: the name rewritten)", R26.test_a_name_is_not_fixed,
                            text))
    for text, want in R26.NOT_NAMES:
        out.append(_by_test(FX, f"fix of {text.strip()!r} still fixed", R26.test_a_term_that_is_no_name_is_still_fixed,
                            text, want))
    for text in R26.SELF_NAMED:
        out.append(_by_test(FX, f"fix of {text.strip()!r} (found: the writer's own word replaced)",
                            R26.test_a_writer_naming_themselves_is_not_fixed, text))
    for text in R26.MENTIONED:
        out.append(_by_test(FX, f"fix of {text.strip()!r} (a word talked about)", R26.test_a_word_talked_about_is_not_fixed,
                            text))
    for text, want in R26.TITLE_CASE:
        out.append(_by_test(FX, f"fix of {text.strip()!r} -> {want!r} (found: sentence case in a title)",
                            R26.test_a_fix_keeps_title_case, text, want))
    out.append(_by_test(FX, "fix --write leaves a path and a self-identification to rewrite by hand",
                        R26.test_fix_write_leaves_what_it_withholds_to_rewrite_by_hand))
    out.append(_by_test(FX, "tabs, no-break and zero-width spaces, CRLF and a BOM around fixed words; a second run "
                        "(property; found: `x PROSTITUTES \\t PROSTITUTES` fixed again by a second run)",
                        R26.test_a_fix_changes_the_fixed_words_only_and_once))
    out.append(_by_test(FX, "fix of 8,040 findings in one file (found: 26 s, quadratic in the file)",
                        R26.test_fixing_a_long_file_takes_time_in_proportion_to_it))
    for text, harm in R26.REAL_HARMS:
        out.append(_by_test(FX, f"fix of a corpus sentence that became {harm!r}", R26.test_harms_the_fix_did_in_real_policy_text,
                            text, harm))
    ROUND26.extend(out)
    return out


ROUND27: list = []

ROUND27_TEXT = (
    "The cases this round added, by surface; \"found\" names what was broken before its fix (each is a test in "
    "tests/test_hostile_round27.py), the others held as they were. Tried besides and held (no case here), by a "
    "sweep of 1,893 runs (58 byte-level inputs as .md, .txt, .html and .yaml under check in four formats, fix, "
    "fix --write, validate, publish, review list and add, diff, check --write-review and import): UTF-16 with and "
    "without a byte-order mark, UTF-32, CRLF, lone CR and mixed line ends, NUL bytes early and late, a BOM alone or "
    "twice, 200,000 empty lines, a 3 MB line, a lone surrogate, an overlong encoding, U+FFFF, C1 controls, ANSI and "
    "OSC 8 escapes, direction overrides, zero-width characters and soft hyphens in terms, Latin-1 and Windows-1252 "
    "bytes, HTML with scripts, comments, CDATA and bad entities, front matter with an alias bomb, a tab or no end, an "
    "unclosed code fence, tabs for spaces; guidelines in UTF-16, with a NUL, a duplicate key, an alias bomb, "
    "20,000 nested brackets, 2,000 nested keys, a 2 MB title, cut short (also inside a UTF-8 sequence) and with "
    "escapes in a title (no traceback, no internal error, no file changed by a refusal); `fix --write` through a "
    "symbolic link (the target written, the link kept), of a FIFO, a dangling link, a loop, /dev/stdin, /dev/full "
    "and /proc/self/fd/0 (one line each); file names holding a line break and `+++ b/x` (fix's diff header quoted), "
    "`,`, `::` and `%0A` (github annotations escaped), ESC and a tab (shown as symbols); pyproject.toml with a "
    "syntax error, a table declared twice, a value where a table goes, a NUL, as a folder, as /dev/zero and nested "
    "100,000 deep; the room with 300 half-sent request heads (others served at once, each closed after 20 s), a "
    "200 KB header, 5,000 headers, a 100 KB target, NUL in the path, HTTP/0.9, a TLS hello, Content-Length -1 "
    "and 10^11, chunked garbage, Content-Length with chunked, %0d%0a in a query, encoded traversal, forms of "
    "3 MB and 200,000 fields, a multipart file named ../../etc/x, Origin evil.com and null (403), and /lang "
    "with next=//evil.com, /\\evil.com and javascript: (every answer with the Content-Security-Policy and the "
    "other security headers). Left alone: a single 2 MB paragraph holding one term takes `check` 30-56 s and "
    "`fix` past a minute, and `fix` of a 3,000-item deeply indented list (9 MB) 50 s (Markdown parsed four "
    "times); a youth word more than about 1,000 blanks before a term no longer withholds its fix (the look-back "
    "windows count characters); `fix --write` of a file whose folder takes no new files fails taking its lock "
    "even with nothing to fix; a hard link is still split by `fix --write` (the atomic rename); the room accepts "
    "a POST with a valid form token and `Sec-Fetch-Site: cross-site` (the session cookie is SameSite=strict, so "
    "a browser never sends it so).")


def round27_cases() -> list[Case]:
    """hostile27: sockets where files go, brackets nested in Markdown, text that is mostly blanks.
    Every case is a test of tests/test_hostile_round27.py."""
    from tests import test_hostile_round27 as R27

    PD, WD, LG = "Pipes and devices", "Word and OpenDocument files", "Large inputs (round 7)"
    out = []
    for command in sorted(R27.SOCKET_COMMANDS):
        out.append(_by_test(PD, f"{command} of a Unix socket (found: 'No such device or address')",
                            R27.test_a_socket_given_as_a_file_is_named_as_one, command))
    out.append(_by_test(PD, "review list and add beside a review file that is a socket (found: 'No such device or "
                        "address')", R27.test_a_review_file_that_is_a_socket_is_named_as_one))
    out.append(_by_test(PD, "check --baseline of a socket (found: 'No such device or address')",
                        R27.test_a_baseline_that_is_a_socket_is_named_as_one))
    out.append(_by_test(PD, "check -o of a socket (found: 'check that the disk can be written')",
                        R27.test_a_report_written_to_a_socket_says_so))
    for what in sorted(R27.NESTED_BRACKETS):
        for suffix in (".md", ".txt"):
            out.append(_by_test(WD, f"import of {suffix} with brackets nested nine deep, {what} (found: pandoc's "
                                "60 s timeout, then 'unclosed brackets')",
                                R27.test_import_refuses_brackets_nested_deep_at_once, what, suffix))
    for i, text in enumerate(R27.SHALLOW_BRACKETS):
        out.append(_by_test(WD, f"import of brackets a few levels deep or in code ({i + 1}) still imported",
                            R27.test_import_keeps_brackets_that_nest_a_few_levels_or_are_code, text))
    out.append(_by_test(LG, "check of a list indented a thousand levels, 1 MB of blanks (found: 12 s; 3,000 "
                        "levels over a minute)", R27.test_checking_a_list_indented_a_thousand_levels_takes_seconds))
    for text, word in R27.BLANK_YOUTH:
        out.append(_by_test(LG, f"youth word {word!r} among long blanks still found, its fix withheld",
                            R27.test_youth_words_among_long_blanks_are_still_found, text, word))
        out.append(_by_test(LG, f"fix --write beside {word!r} among long blanks writes no 'sex work'",
                            R27.test_a_fix_beside_youth_words_among_blanks_is_still_withheld, text, word))
    ROUND27.extend(out)
    return out


# --------------------------------------------------------------------------- report

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="leave out the 1 GB bomb and the 50-round race")
    ap.add_argument("--no-write", action="store_true", help="print the table only")
    ap.add_argument("--only", default="", help="run only the surfaces whose name holds this text (implies --no-write)")
    args = ap.parse_args()
    cases = (yaml_cases() + review_file_cases() + archive_cases(args.quick) + word_pandoc_cases()
             + special_file_cases() + git_cases() + write_cases() + concurrency_cases(args.quick) + file_kind_cases()
             + misc_cases() + config_cases() + lsp_cases() + path_cases() + terminal_and_input_cases()
             + lone_cr_cases() + room_cases() + round5_yaml_cases() + round5_word_cases() + round5_lsp_cases()
             + round5_room_cases() + round5_config_cases() + round5_path_cases() + round6_cases()
             + round7_cases() + round8_cases() + round9_cases() + round10_cases() + round11_cases()
             + round12_cases() + round13_cases() + round14_cases() + round15_cases() + round16_cases()
             + round17_cases() + round18_cases() + round19_cases() + round20_cases() + round21_cases()
             + round22_cases() + round23_cases() + round24_cases() + round25_cases()
             + round26_cases() + round27_cases())
    if args.only:
        cases = [c for c in cases if args.only.lower() in c.surface.lower()]
        args.no_write = True
    tallies: dict[str, Tally] = {}
    started = time.time()
    for case in cases:
        t = tallies.setdefault(case.surface, Tally())
        LAST.clear()
        with tempfile.TemporaryDirectory(prefix="lic-hostile-") as tmp:
            try:
                clean, lost, payload, note = case.run(Path(tmp))
            except subprocess.TimeoutExpired:
                clean, lost, payload, note = False, False, False, "timed out"
                LAST["run"] = Run(None, "", "", 0)
        r = LAST.get("run")
        t.tried += 1
        if r is not None:
            t.tracebacks += "Traceback" in r.err + r.out
            t.internal += "internal error" in r.err + r.out
            t.hangs += r.code is None
        t.lost += bool(lost)
        t.payloads += bool(payload)
        clean = clean and not lost and not payload
        t.clean += clean
        if not clean:
            detail = (r.err or r.out).strip().splitlines()[:1] if r is not None else []
            t.notes.append(f"{case.name}: {note or (detail[0] if detail else 'not clean')}")
        print(f"{'ok ' if clean else 'NO '} {case.surface}: {case.name}" + (f" ({note})" if note else ""),
              file=sys.stderr, flush=True)
    rows = ["| surface | cases tried | handled cleanly | tracebacks | internal errors | hangs | data lost | "
            "payloads surviving |", "|---|---|---|---|---|---|---|---|"]
    total = Tally()
    for surface, t in tallies.items():
        rows.append(f"| {surface} | {t.tried} | {t.clean} | {t.tracebacks} | {t.internal} | {t.hangs} | {t.lost} | "
                    f"{t.payloads} |")
        for k in ("tried", "clean", "tracebacks", "internal", "hangs", "lost", "payloads"):
            setattr(total, k, getattr(total, k) + getattr(t, k))
        total.notes += t.notes
    rows.append(f"| **all** | **{total.tried}** | **{total.clean}** | **{total.tracebacks}** | **{total.internal}** | "
                f"**{total.hangs}** | **{total.lost}** | **{total.payloads}** |")
    command = "python tests/hostile_report.py" + (" --quick" if args.quick else "")
    text = ("# Hostile and careless inputs (issue 13)\n\n"
            f"Produced by `{command}` on {time.strftime('%Y-%m-%d', time.gmtime(started))} in "
            f"{time.time() - started:.0f} s. Each case runs the real CLI in a fresh process with a time limit; see "
            "the script's docstring for what counts as clean, data lost and a payload surviving. Target: every case "
            "clean, 0 tracebacks, 0 internal errors, 0 hangs, 0 lost writes, 0 payloads.\n\n"
            + "\n".join(rows) + "\n")
    if total.notes:
        text += "\nNot clean:\n\n" + "\n".join(f"- {n}" for n in total.notes) + "\n"
    fifth = [c for c in cases if c.run.__qualname__.startswith("round5_")]
    if fifth:
        text += ("\n## Round 5 (hostile5)\n\nThe cases this round added, by surface; \"found\" names what was broken "
                 "before its fix (each has its test in tests/test_hostile_round5.py or the bad-input corpus), the "
                 "others held as they were.\n\n" + "\n".join(f"- {c.surface}: {c.name}" for c in fifth) + "\n")
    sixth = [c for c in cases if c.run.__qualname__.startswith(("round6_", "_by_test")) and c not in ROUND7
             and c not in ROUND8 and c not in ROUND9 and c not in ROUND10 and c not in ROUND11
             and c not in ROUND12 and c not in ROUND13 and c not in ROUND14 and c not in ROUND15
             and c not in ROUND16 and c not in ROUND17 and c not in ROUND18 and c not in ROUND19
             and c not in ROUND20 and c not in ROUND21 and c not in ROUND22 and c not in ROUND23
             and c not in ROUND24 and c not in ROUND25 and c not in ROUND26
             and c not in ROUND27]
    if sixth:
        text += ("\n## Round 6 (hostile6)\n\nThe cases this round added, by surface; \"found\" names what was broken "
                 "before its fix (each has its test in tests/test_hostile_round6.py), the others held as they "
                 "were. The corpora grew too, counted with them above: tests/corpus/bad/coerced-numbers.yaml "
                 "(found: `lic_policy: true` and `rank: \"1\"` valid) and tests/corpus/bad-config/unknown-rule-id.yaml "
                 "and severity-unknown-rule.yaml (found: no place).\n\n"
                 + "\n".join(f"- {c.surface}: {c.name}" for c in sixth) + "\n")
    seventh = [c for c in cases if c in ROUND7]
    if seventh:
        text += ("\n## Round 7 (hostile7)\n\nThe cases this round added, by surface; \"found\" names what was broken "
                 "before its fix (each is a test in tests/test_hostile_round7.py), the others held as they were. "
                 "Measured besides (not cases here; see the README's data-safety section): a 47 MB guideline is "
                 "refused in 0.1 s by every command; 60,000 clauses (8 MB) validate in 1.5 s and check in 6 s; "
                 "two `review add`, two `review reply`, `fix --write` and `review list` loops on one file lost "
                 "nothing; `fix --write` killed at 25 random moments left the old or the new file, no temporary "
                 "file.\n\n"
                 + "\n".join(f"- {c.surface}: {c.name}" for c in seventh) + "\n")
    eighth = [c for c in cases if c in ROUND8]
    if eighth:
        text += ("\n## Round 8 (hostile8)\n\nThe cases this round added, by surface; \"found\" names what was broken "
                 "before its fix (each is a test in tests/test_hostile_round8.py), the others held as they were. "
                 "Tried besides and held (no case here): outputs that are folders, dangling links, loops of links, "
                 "/dev/full and /dev/null; BOM + CRLF guideline and review file through review add, reply, resolve, "
                 "accept, reanchor, apply, fix --write, packet and import; 9,000,000 blank or comment lines; "
                 "javascript:, file:, data:, vbscript:, UNC and ms-word: links into html, docx, odt, md and the "
                 "packet; typst code (#read, #eval, raw blocks) in a clause; the room's error responses (404, 405, "
                 "401, 413, 206) all carry the Content-Security-Policy; 2,000 threads on one sentence; symbolic "
                 "links to .., to /proc and to /dev/zero in a folder given to check; LIC_POLICY_NOW, XDG_CACHE_HOME, "
                 "HOME and LIC_POLICY_HTTP_TIMEOUT set to nonsense.\n\n"
                 + "\n".join(f"- {c.surface}: {c.name}" for c in eighth) + "\n")
    ninth = [c for c in cases if c in ROUND9]
    if ninth:
        text += ("\n## Round 9 (hostile9)\n\nThe cases this round added, by surface; \"found\" names what was broken "
                 "before its fix (each is a test in tests/test_hostile_round9.py), the others held as they were. The "
                 "corpora grew too, counted with them above: tests/corpus/bad/lone-cr-in-line.yaml (found: 'did not "
                 "find expected key' a line later), tests/corpus/bad-config/pack-listed-twice.yaml, pack-empty.yaml "
                 "(found: no place) and pyproject-deep-nesting/ (found: internal error). Tried besides and held (no "
                 "case here): 23 odd Word zips (path traversal and absolute member names, a missing or empty "
                 "document.xml, a folder entry in its place, vbaProject.bin in a renamed .docm, an encrypted (OLE) "
                 "file, ZipCrypto flags, Strict OOXML, bzip2, junk before the zip, a truncated zip, ZIP64, comment "
                 "ids of 23 digits, a BOM in a part, XInclude, an external relationship to file:///etc/passwd, "
                 "5,000-deep runs, 9,000 empty parts, &#0; in comments.xml); 31 YAML shapes (int, bool, float and "
                 "date keys, anchors on keys, aliases as keys, %YAML 1.1/1.2, %TAG, !!str, \\U00110000, "
                 "U+FFFE/U+FFFF, \\L \\P \\N and \\x00 escapes, private-use characters, a 200,000-character key "
                 "and anchor name, NFD keys, lone-CR files, BOM + CRLF + lone CR, tab after a colon, a 7.5 MB line, "
                 "a flow mapping of 200,000 keys); 28 configuration shapes (TOML dates, duplicate tables and keys, "
                 "[tool] lic-policy as a string, a YAML alias bomb, tags, merge keys, complex and integer keys, "
                 "two BOMs, a pack that is the guideline, the configuration or a built-in pack, sizes of 1e9999 and "
                 "26 digits, a 24-part ** glob); 24 room bodies (JSON nested 30,000 deep, 6,000 keys, UTF-16 JSON, "
                 "arrays, strings and null as the body, fields of the wrong type, a BOM before JSON, repeated form "
                 "fields, 1,000 form fields, multipart, reply ids with '..' and 5,000 characters); import, init, "
                 "rules docs, check -o and diff -o past ulimit -f; flagged words split by a zero-width space, "
                 "joiner, soft hyphen, word joiner, LRM, BOM, Mongolian vowel separator, combining marks, "
                 "full-width letters.\n\n"
                 + "\n".join(f"- {c.surface}: {c.name}" for c in ninth) + "\n")
    tenth = [c for c in cases if c in ROUND10]
    if tenth:
        text += ("\n## Round 10 (hostile10)\n\nThe cases this round added, by surface; \"found\" names what was "
                 "broken before its fix (each is a test in tests/test_hostile_round10.py), the others held as they "
                 "were. Tried besides and held (no case here): Word files with nested "
                 "tables 300 deep, a footnote chain, a DOCTYPE, UTF-16, ISO-8859-1, unknown and broken encodings in "
                 "document.xml and comments.xml, &#1;, core.xml naming its author, 60,000 paragraphs, 5,000 headings, "
                 "a 60 x 3,000 table (refused as a zip ratio), an .odt of notes nested 2,000 deep and spans 5,000 "
                 "deep; two `review add` loops, a `review reanchor` and `review reply` loop on one review file (12 + "
                 "12 comments and 8 replies kept), four `review import` of one Word file with an add-and-accept "
                 "loop (no thread twice); 33 configuration shapes (cache, fail_on and severity spellings, sizes "
                 "such as '10 MB', 1e7, 0 and -1, 30%, a BOM alone, rules as a list, packs given as "
                 "the folder, a glob, the configuration or the guideline, alias bombs, a rule both enabled and disabled (enable wins, as "
                 "documented)); the language server with a "
                 "configuration, pack or guideline nested 50,000 deep, an alias bomb, lists nested 3,000 deep and "
                 "quotes 5,000 deep; hostile text (script, onerror, javascript: and =HYPERLINK) in services, "
                 "definitions and priorities published to html, md, docx and odt; the room's Accept after the "
                 "quoted words were edited away, and with the guideline deleted or made a folder. Measured, not a "
                 "case: `publish --to pdf` of a 1.26 MB guideline with a 200,000-character word took 38 s (13 s of "
                 "CPU in lic-policy, the rest pandoc's typst writer and typst) at a load average of 6-8 on 2 cores; "
                 "pandoc and typst each grew linearly with the word (a 400,000- and an 800,000-character word both "
                 "about 13-14 s of typst), so the 382 s of round 9 was not reproduced; `check` of one 2.4 MB line "
                 "holding 200,000 findings takes 200 s, linear in the findings (0.46 ms each).\n\n"
                 + "\n".join(f"- {c.surface}: {c.name}" for c in tenth) + "\n")
    eleventh = [c for c in cases if c in ROUND11]
    if eleventh:
        text += ("\n## Round 11 (hostile11)\n\nThe cases this round added, by surface; \"found\" names what was "
                 "broken before its fix (each is a test in tests/test_hostile_round11.py), the others held as they "
                 "were. Tried besides and held (no case here): a Word file naming people in core, app and custom "
                 "properties, custom XML, bookmarks, editing permissions (w:permStart), formatting changes "
                 "(w:rPrChange), alt text (masked in the to-do item) and an image's file name; an .odt's author, "
                 "initials, creator, sender, user and mail-merge fields (pandoc drops them) and hidden-text field; "
                 "flagged words split by U+200F, U+202E, U+FEFF, U+061C, U+3164, U+034F, U+FE0F, a tag character, "
                 "U+200E and a Cyrillic e (all still flagged); a NUL byte, a lone surrogate, CRLF and lone-CR "
                 "files, UTF-16 with and without a mark; links to /proc/self/mem, /proc/1/environ, "
                 "/proc/self/pagemap and folders; 15 pyproject.toml shapes (a NUL in a glob, bad UTF-8, a 300,000-"
                 "pattern ignore list, arrays nested 5,000 deep, inf, a date key, surrogate escapes, U+202E and "
                 "U+200B in values); the room with 9 open-redirect values for next (backslash, tab, CRLF, "
                 "//, ///, full-width dot), 7 methods on 5 pages, 14 path tricks (encoded slashes and dots, "
                 "5,000-character tokens, upper case), text/plain and form posts without a token, an evil and a "
                 "null Origin, a reviewer's token in a staff session, a 10 MB body; 29 language server messages "
                 "(ids that are booleans or fractions, params that are strings, methods that are numbers, "
                 "Content-Length with a sign, in hex, twice or without a colon, a 1 MB header, a UTF-16 "
                 "charset, http:, untitled:, javascript:, NUL, /dev/zero and 10,000-character URIs, a 50 MB "
                 "document, initialize twice, requests after shutdown, responses to unknown ids); 173 prose "
                 "fields of the sample each given script, onerror, javascript:, raw-attribute, LaTeX, typst "
                 "#read, comment and template payloads, published to html, md, docx and pdf (all inert); four "
                 "`import --force`, three `fix --write` and two `init` on one file at once; 38 careless command "
                 "lines (sizes such as 10MB, 1e400 and 0x10, -j 0, --only 'lang.*', a second --format, rules "
                 "explain of a path, --port 70000, --closes yesterday).\n\n"
                 + "\n".join(f"- {c.surface}: {c.name}" for c in eleventh) + "\n")
    twelfth = [c for c in cases if c in ROUND12]
    if twelfth:
        text += ("\n## Round 12 (hostile12)\n\nThe cases this round added, by surface; \"found\" names what was "
                 "broken before its fix (each is a test in tests/test_hostile_round12.py), the others held as they "
                 "were. Tried besides and held (no case here): the room's state file as random bytes, a FIFO, "
                 "/dev/zero, /dev/null, a folder, on a read-only file system and on a full 256 KB tmpfs (and "
                 "check, fix --write, review add, publish and import there); the check cache as random bytes, "
                 "with damaged pages, a folder, a FIFO and a link to /dev/zero (passed over); 30 comments posted "
                 "at once from tabs sharing one session (30 kept, ids unique); a revoked invitation and a closed "
                 "round posting (401, 410, nothing written); 27 raw requests (Expect: 100-continue, obs-fold, "
                 "5,000 headers, a header without a colon, HTTP/1.0 without Host, HTTP/0.9, two differing "
                 "Content-Length, Transfer-Encoding: xchunked, a 100 KB chunk extension, trailers, 1,000 cookies, "
                 "a bad session cookie before a good one, a 60 KB query, a reflected ?sent=<script>, parts with "
                 "NUL and %FF, h2c upgrade, HEAD on a form, /static/ and dot-files, 3,000 ranges, a 23-digit "
                 "range, /i/ empty, truncated, with a slash and as a query); --changed-since on a detached HEAD, "
                 "in a shallow clone, without git installed, with GIT_DIR pointing nowhere and at an empty "
                 "repository, during a merge; review commands on a review file holding one thread id twice; 21 "
                 "crafted .odt files (a DOCTYPE, XXE, parameter entities and entity bombs in content, styles "
                 "and meta, &#0; and surrogates, a spreadsheet's mimetype, no manifest or mimetype, two "
                 "content.xml, path traversal and non-UTF-8 member names, 5 MB attributes, 50,000 attributes, "
                 "a 2,000,000,000 column span and repeat, sections, spans, links, frames, notes, annotations, "
                 "ruby and meta 20 deep, headings at levels 999999999999, -3 and x, list start values of 20 "
                 "digits, negative space counts); HTML lists 20, 200 and 2,000 deep; .htm and .HTML; files "
                 "named with bytes that are not UTF-8 through validate, check -o, fix --write, diff -o, compare "
                 "-o, publish in every format, review packet, list and import, and init; folders named g.yaml "
                 "and n.md given to eight commands; publish --to pdf of 40,000 'é' in one word, 20,000 emoji "
                 "joined by ZWJ, 40,000 Hangul leading consonants, 20,000 family emoji, words joined by word "
                 "joiners, figure spaces, narrow no-break spaces and non-breaking hyphens; a 3 GB and a 60 MB "
                 ".lic-policy.yaml.\n\n"
                 + "\n".join(f"- {c.surface}: {c.name}" for c in twelfth) + "\n")
    thirteenth = [c for c in cases if c in ROUND13]
    if thirteenth:
        text += ("\n## Round 13 (hostile13)\n\nThe cases this round added, by surface; \"found\" names what was "
                 "broken before its fix (each is a test in tests/test_hostile_round13.py, the corpus "
                 "tests/corpus/pasted one test per file), the others held as they were. Tried besides and held (no "
                 "case here): `review add --quote` with two spaces, a no-break space or a line break for a space "
                 "(found, as the words), and with a soft hyphen, curly quotes around it or a line-end hyphen (one "
                 "line, exit 2, the invisible character shown as \\xad); a Word file with w:softHyphen, "
                 "w:noBreakHyphen, w:br inside a phrase or a word, w:tab, a ligature and U+02BC, imported and "
                 "checked (every term found at its place); `check -` of CRLF, a BOM, a NUL, UTF-16 and a lone CR "
                 "on standard input; the language server's ranges and quick fixes after astral letters "
                 "(mathematical bold), emoji, a soft hyphen, a ligature and a line-end hyphen (UTF-16 ranges "
                 "right, edits on the words only); a framing phrase across a blockquote's line (lifted as a "
                 "quotation, as meant).\n\n"
                 + "\n".join(f"- {c.surface}: {c.name}" for c in thirteenth) + "\n")
    fourteenth = [c for c in cases if c in ROUND14]
    if fourteenth:
        text += ("\n## Round 14 (hostile14)\n\nThe cases this round added, by surface; \"found\" names what was "
                 "broken before its fix (each is a test in tests/test_hostile_round14.py, the corpora "
                 "tests/corpus/markup and tests/corpus/bad-packs one test per file), the others held as they were. "
                 "Tried besides and held (no case here): `fix --write` through a symbolic link (the link kept) and "
                 "of a 0640 file (its mode kept); `fix --write` of guidelines in UTF-16 with and without a mark, "
                 "latin-1 and Windows-1252 (one line each, the place named); four `publish` into one folder at "
                 "once; files named '-g.yaml' through check, fix, validate, review add and import after `--`; "
                 "the language server sent didChange before didOpen, an older version, didChange, codeAction and "
                 "hover after didClose, didClose and didSave of a document never opened, didOpen twice, ranges "
                 "past the end and reversed, null and empty contentChanges, unknown commands and methods, "
                 "didChangeConfiguration, watched files and workspace folders with odd URIs (no pop-up, no "
                 "traceback); Word files with smart tags, an equation (OMML), a Wingdings symbol inside a word, "
                 "an embedded object's text box, a glossary part, a content control around a table row and a "
                 "deletion inside an insertion (every word where it belongs, or a to-do item); review-room "
                 "comments holding CRLF, a tab, NUL, a lone CR, U+2028, a BOM, U+0085 and a form feed (stored as "
                 "written or refused with 422), and `review add --body` with U+0085 (refused); suppressions "
                 "`ignore[*]`, `ignore[lang.*]`, upper-case IGNORE, a Unicode hyphen in lic‐policy, an unended "
                 "comment, one inside a code fence, two on a line; rule packs with patterns that match nothing but "
                 "the empty string, global flags mid-pattern, a variable-width look-behind, an unended class, a "
                 "group name twice and a 99,999,999 repeat. Left alone: a framing phrase across a list item's "
                 "wrapped, indented line (reading through the indentation found it, but changed the learned "
                 "model's input: two new framing.learned findings in README and CHANGELOG list items; the "
                 "lead's to decide); italics on one word of a phrase (`*clean* up the streets`: the delimiters "
                 "are kept for the use-mention context); ruby text in a Word file (pandoc drops its base text); "
                 "a hard link to a guideline no longer shares the file after `fix --write` (the atomic rename).\n\n"
                 + "\n".join(f"- {c.surface}: {c.name}" for c in fourteenth) + "\n")
    fifteenth = [c for c in cases if c in ROUND15]
    if fifteenth:
        text += ("\n## Round 15 (hostile15)\n\nThe cases this round added, by surface; \"found\" names what was "
                 "broken before its fix (each is a test in tests/test_hostile_round15.py; the bad-packs corpus files "
                 "fix-writes-* are read by round 14's corpus test), the others held as they were. Tried besides and "
                 "held (no case here): 37 hand edits of a review file (positions reversed, negative, of 23 digits "
                 "and fractional; a clause or field that is not there; quotes empty, null, a number or a list; "
                 "statuses and kinds in capitals or unknown; dates as text, a number, a bare date, year 0 and "
                 "+25:00; replies as a mapping; a handle that is an email or empty; an unknown role; the author as "
                 "text; ids that are numbers, empty or '../../etc'; a null body; the guideline named /etc/passwd or "
                 "../..; a merge key; UTF-16; a tab indent) through list, reanchor, packet, publish, add, reply, "
                 "resolve and check; 36 rule packs a user writes (messages with {match.__class__}, unbalanced "
                 "braces, %s, an ANSI escape, 2 MB; fixes with \\1 and \\g<0> (written as they are), empty, null "
                 "or a list; patterns with a variable look-behind, nested repeats, \\p{L}, an unknown group, "
                 "flags mid-pattern, anchors alone, .* and 200,000 alternatives; sources as text, a javascript: "
                 "url, examples the rule does not flag, rules as a mapping, a `python` key); the terminal with "
                 "COLUMNS 0, -5, abc and 20 digits, TZ=:/etc/passwd, unknown and Turkish locales, LANG=C with "
                 "PYTHONUTF8=0, TERM empty, NO_COLOR and FORCE_COLOR, standard error closed, Ctrl-C in a one-file "
                 "check; 20 language-server messages (a batch array, LF-only headers, Content-Length 0, negative "
                 "and of 11 digits, a BOM before the body, a body cut short, ids null, 10^30 and holding NUL, params "
                 "as an array, garbage between frames, exit without shutdown, didOpen with version 10^40, null text "
                 "and a folder URI, executeCommand with odd arguments); 13 room bodies (bad percent escapes, "
                 "truncated UTF-8, a latin-1 form, JSON sent as a form and a form as JSON, UTF-16 JSON, no, XML, "
                 "boundary-less multipart and NUL content types, 5,000 content-type parameters, csrf given twice, "
                 "3 MB); .txt and .md imports in latin-1, Windows-1252, Shift-JIS, GB18030, CESU-8, overlong UTF-8, "
                 "UTF-32, a UTF-8 mark before a UTF-16 one, lone CR and mixed line ends, NUL, a form feed and a 2 MB "
                 "line; git: diff of a committed symbolic link (followed), HEAD@{yesterday}, :g.yaml and :0:g.yaml, "
                 "a path outside the repository, check --changed-since with a changed file deleted, removed with git "
                 "rm --cached or replaced by a folder; 26 configuration shapes (fail_on null, ignore and packs as "
                 "text, old key names, '10 MB', 1 byte, a share of 2 and -0.0, cache '~/nowhere' and 0, a complex "
                 "key, 'error ', a key holding U+200B, FAIL_ON, fail-on, extends, include, python and binary tags); "
                 "40 careless option values (publish --to html,html, HTML, ',', 'md,' and 'md html'; --format JSON; "
                 "-j -1 and 1e3; --max-size 1kb; thread ids T1, t01, t1.0 and 't1 '; --kind Municipality; --port -1; "
                 "--invite 'a b', ':staff' and 'x:'; rules explain of '', a path and an escape; schema --check "
                 "/dev/null; -o /dev/full; --body of bad UTF-8 or empty; --date 2026-13-45; init answers holding "
                 "ESC, NUL, U+202E and bad UTF-8); publish into a folder holding a link to a file outside it "
                 "(refused); review list and packet of threads holding ESC, OSC 8 links, U+009B, U+202E and U+FFFE "
                 "(shown as symbols; the packet's XML well formed). Left alone: `review list --format json` keeps "
                 "C1 controls such as U+009B as they are (JSON allows them; some terminals read U+009B as an "
                 "escape); a direction override in a reviewer's comment stays in the packet and on the room's page; "
                 "`serve --invite x:` (an empty role) takes the default role; `diff` and `compare` of a YAML file "
                 "that does not validate go on; Shift-JIS text is called Windows-1252 in the 'invalid UTF-8' line "
                 "(the advice, save as UTF-8, holds); a finding in words typed backwards quotes the letters as "
                 "typed; FAIL_ON in a configuration gets no 'did you mean'; permissions were not tried (the helpers "
                 "run as root, whom chmod does not bind).\n\n"
                 + "\n".join(f"- {c.surface}: {c.name}" for c in fifteenth) + "\n")
    sixteenth = [c for c in cases if c in ROUND16]
    if sixteenth:
        text += ("\n## Round 16 (hostile16)\n\nThe cases this round added, by surface; \"found\" names what was "
                 "broken before its fix (each is a test in tests/test_hostile_round16.py), the others held as they "
                 "were. Tried besides and held (no case here): 20 language-server messages (didChange of a document "
                 "never opened, didClose twice, didOpen again with an older version, a version that is text, null "
                 "contentChanges, executeCommand with odd arguments, didChangeConfiguration with odd settings and "
                 "null params, watched files and workspace folders with odd URIs, documentSymbol, formatting and "
                 "pull diagnostics (Method Not Found), a batch array, ids 1.5 and 10^400, unsolicited responses, "
                 "initialize twice, $/setTrace, $/progress, a cancellation of id null, a Content-Type header with "
                 "charset=utf-16, 100,000 header lines, a 50 MB header line); review packets sent back with the "
                 "bold reference of a clause replaced or changed inside, a new paragraph under a clause id the "
                 "guideline lacks (each named as not placed), a comment spanning two clauses, an insertion inside "
                 "another reviewer's deletion; alias bombs in a configuration, a rule pack and a labelled corpus, "
                 "a merge key in a configuration (one line each); check of a guideline holding lone surrogate "
                 "escapes in every report format; check --stdin-filename x.docx, '' and ../../etc/a.yaml, and 20 "
                 "MB on standard input; fix --write of a .md mixing CR, LF and CRLF (each line end kept); serve "
                 "--state naming the guideline (refused, untouched) or a folder; room comments holding isolates "
                 "(U+2067, U+2069: Arabic and Hebrew text uses them), 300 combining marks, U+2028 and tag "
                 "characters (stored as written, escaped on every page), names joined by U+200D, full-width and "
                 "mathematical-bold emails, Arabic-Indic digits, spelled-out emails and dotted phones (refused), "
                 "`&lt;script&gt;` and `java&#x73;cript:` (stored and shown as text); review packet -o onto a "
                 ".yaml (refused: not .docx); compare of one file twice. Left alone: `diff "
                 "--review-file g.yaml` naming the guideline says nothing of it; one reviewer's tracked insertion "
                 "deleted by another in the same file reads as the first reviewer's insertion; U+FFFF typed into a "
                 "guideline is called 'a control character'; the alias-bomb line says 'a guideline never needs "
                 "them' of a configuration and a pack; `serve --state empty.txt` makes the empty file the room's "
                 "state (sqlite's way); a didChange whose text is the number 42 is taken as the text '42'.\n\n"
                 + "\n".join(f"- {c.surface}: {c.name}" for c in sixteenth) + "\n")
    seventeenth = [c for c in cases if c in ROUND17]
    if seventeenth:
        text += ("\n## Round 17 (hostile17)\n\nThe cases this round added, by surface; \"found\" names what was "
                 "broken before its fix (each is a test in tests/test_hostile_round17.py), the others held as they "
                 "were. Tried besides and held (no case here): terms split by zero-width characters, the combining "
                 "grapheme joiner, a variation selector, the Mongolian vowel separator, Greek and Cyrillic look-alikes, "
                 "full-width and mathematical letters, a dotted capital I (flagged before); a guideline given as a "
                 "FIFO, /dev/stdin and a process substitution (refused: not a regular file); a configuration that "
                 "is a FIFO, a link to /dev/zero or a folder; ignore patterns '[', twenty '**', '{a,b}', '[!]' and "
                 "'***'; tracked moves (moveFrom, moveTo) in review import and import; a Strict Open XML .docx; "
                 "HTML imports in UTF-16 with and without a mark, with a lying meta charset, latin-1, "
                 "Windows-1252, x-user-defined, UTF-7, an unknown charset, EBCDIC and Shift-JIS, and &#0;, &#xD800; "
                 "and &#x110000;; a guideline re-saved in NFD under a thread (re-anchored); 16 language-server URIs "
                 "(%00, %FF, untitled:, a UNC host, C:, a query and fragment, vscode-notebook-cell:, %2e%2e, file:, "
                 "'', /dev/zero, /proc/self, a relative path, a 300-character name, an encoded surrogate); lone CR, "
                 "CRLF, U+2028, a form feed and NEL in a language-server document (positions as LSP counts lines); "
                 "JSON-RPC bodies nested 100,000 deep, with NaN, Infinity, 1e400, duplicate keys and a lone "
                 "surrogate key; the room's guideline or review file made invalid, deleted, a FIFO, a device or a "
                 "folder while it runs (503 and 409, one sentence); Accept-Language of 5,000 parts, q=NaN and an "
                 "8,000-letter tag, a lic_lang cookie of ../../etc/passwd, If-None-Match, Range and "
                 "X-Forwarded-For; room JSON bodies with 5,000-digit numbers, 100,000-deep arrays, NaN and 1e400 "
                 "(400, 413); a review file that is a link to the guideline, /dev/null, a FIFO, /dev/zero, a "
                 "dangling link, a loop or /dev/full; PYTHONIOENCODING ascii, latin-1, utf-16 and cp037; Markdown "
                 "front matter with an alias bomb, a python tag, 5,000-deep nesting, TOML and no end; merge keys in "
                 "a guideline (refused); --occurrence, --port and -j of 5,000 digits; the published .docx, .odt and "
                 "PDF's metadata (no user or host name); .lic-policy-cache as a file, FIFO, link, loop and "
                 "/dev/null; packs that are a FIFO, /dev/zero, a folder, /proc/self/mem and /proc/self/environ; "
                 "thread ids written with full-width, Arabic-Indic and superscript digits; 22 kinds of Markdown "
                 "inside a word (entities, comments, <wbr>, footnotes, tables, setext headings, HTML blocks). Left "
                 "alone: a 220 KB paragraph holding one term 20,000 times takes `check` 40 s (10,000: 24 s), the "
                 "time spent in checks/contexts.py's legal and statutory windows searched per match over the "
                 "whole paragraph (contexts.py is not changed by helpers: a retrain); the language server checks "
                 "no `untitled:` document or notebook cell (it goes by the file's suffix); a Word user name written "
                 "'staff-1 (staff)' is imported as that handle and role whatever --role says, and one written "
                 "'reviewer-1 (...)' can share a handle the author map gave another Word user; `-o /dev/stdout | "
                 "head` ends with one error line (exit 2) where Unix tools stay quiet; `serve --invite` with "
                 "--port 0 prints links to port 0; pandoc reads &#xD800; in HTML as '?'.\n\n"
                 + "\n".join(f"- {c.surface}: {c.name}" for c in seventeenth) + "\n")
    eighteenth = [c for c in cases if c in ROUND18]
    if eighteenth:
        text += ("\n## Round 18 (hostile18)\n\nThe cases this round added, by surface; \"found\" names what was "
                 "broken before its fix (each is a test in tests/test_hostile_round18.py), the others held as they "
                 "were. Round 15's Ctrl-C scenario of `validate -j 2` failed 22 runs in 60 before (bench/ctrl_c_race.py, "
                 "the signal 0 to 100 ms after the first worker, two busy processes beside it; BENCHMARKS.md) and "
                 "none in 160 after; `check -j 2` 7 in 20, then none in 50. Tried besides and held (no case here): "
                 "GITHUB_STEP_SUMMARY naming a folder, a path in no folder and /dev/full (passed over in silence "
                 "before, now with the warning line); TMPDIR=/nonexistent for publish to html, docx, odt and md and "
                 "for import; LIC_POLICY_STATE naming a guideline or its review file (review list: one note, the "
                 "bytes unchanged); LIC_POLICY_MAX_UNZIPPED_BYTES=abc, LIC_POLICY_MAX_UNZIP_RATIO=-1, "
                 "LIC_POLICY_MAX_ZIP_PARTS=1e9, LIC_POLICY_PANDOC_MAX_HEAP=lots, LIC_POLICY_FAST_MATCH=maybe, "
                 "LIC_POLICY_PREFILTER=xyz, LIC_POLICY_TRUST_PYTHON_RULES=2 and LIC_POLICY_HTTP_TIMEOUT=inf beside a "
                 "check; HOME='' (Python takes it as /); fix --write of a 0664 file and of one another account owns "
                 "(the mode kept); compare of a file with itself, ./itself and a link to it; diff of a file with "
                 "itself; -j ' 2', 0, -1 and 1.5. Left alone: `fix --write` run by root on another account's file "
                 "leaves root its owner (the atomic replace; the mode is kept); a worker that crashes on its own "
                 "(SIGSEGV in a C extension) is still an internal error, as a bug should be; a configuration "
                 "another account owns in a folder only it can write (a checkout, a container's mount) is used, "
                 "as before.\n\n"
                 + "\n".join(f"- {c.surface}: {c.name}" for c in eighteenth) + "\n")
    nineteenth = [c for c in cases if c in ROUND19]
    if nineteenth:
        text += ("\n## Round 19 (hostile19)\n\nThe cases this round added, by surface; \"found\" names what was "
                 "broken before its fix (each is a test in tests/test_hostile_round19.py), the others held as they "
                 "were. Tried besides and held (no case here): `check --baseline` of '', null, [], {}, findings of "
                 "the wrong types, 100,000 nested brackets, NaN, 1e400, a folder, a guideline and /dev/zero (one "
                 "line each); `check --write-review` three times beside eight `review add` on one file (66 automated "
                 "threads and 8 comments kept); `init --schema` holding a line break, a CR or U+2028 and `init "
                 "--title` holding YAML ('status: published' after a line break, `*alias`, `&a`, "
                 "`!!python/name:os.system`, `---`, 5,000 letters); `schema --write` and `--check` of a file, a "
                 "FIFO, /dev/null and a 300-letter name; `publish --out` a file, a FIFO, a dangling link, "
                 "/dev/null, /proc/self, a name with a line break and a 300-letter name; `review packet --date` "
                 "'yesterday', 2026-13-45, ESC, year 1, 25:00, 1e400 and -1, and a --since version holding '../' "
                 "(the packet's name made safe), 300 digits or a list; a review file ending in `...`, a comment "
                 "without a line end, CRLF without a last line end (each thread added in place, CRLF kept), or "
                 "holding one thread twice through an alias (refused: used twice); 35 language-server requests "
                 "(hover, completion and codeAction at line or character -1, 10^6, 2^31, 2^63, 1.5, 'a' and null, "
                 "reversed ranges, forged diagnostics: Invalid Params or an answer, no pop-up); 22 raw requests to "
                 "the room (absolute-form targets naming another host, OPTIONS *, CONNECT, TRACE, Host with "
                 "user information, a trailing dot, nip.io, LOCALHOST, 0x7f000001, 2130706433 and "
                 "[::ffff:127.0.0.1] (421), /static/ with %2f, %00, // and a backslash (404), every answer with "
                 "the Content-Security-Policy); `check --format github`, text, junit and sarif of a file named with "
                 "a line break and '::error file=evil.yaml::' (escaped); `diff --format html` and markdown of "
                 "threads holding <script>, javascript: and onerror (escaped). Left alone: `review packet --date` "
                 "of 5,000 ones is read as 1111-11-11T11:11:11Z (Python's fromisoformat); the room takes "
                 "`Host: 127.0.0.1:99999` (the port is not compared; no rebinding follows from it), and two Host "
                 "headers get uvicorn's plain 400 without the Content-Security-Policy; `check --write-review` of a "
                 "guideline whose review file's name would be too long says 'cannot write the file: File name too "
                 "long' (one line; check has no --review-file to advise); a review file that is a symbolic link out "
                 "of the repository is written through, as documented (a planted link to a file that exists is "
                 "refused as no review file; one to a missing file is created); `schema --write FIFO` says 'cannot create the folder: File "
                 "exists'.\n\n"
                 + "\n".join(f"- {c.surface}: {c.name}" for c in nineteenth) + "\n")
    twentieth = [c for c in cases if c in ROUND20]
    if twentieth:
        text += ("\n## Round 20 (hostile20)\n\n" + ROUND20_TEXT + "\n\n"
                 + "\n".join(f"- {c.surface}: {c.name}" for c in twentieth) + "\n")
    twentyfirst = [c for c in cases if c in ROUND21]
    if twentyfirst:
        text += ("\n## Round 21 (hostile21)\n\n" + ROUND21_TEXT + "\n\n"
                 + "\n".join(f"- {c.surface}: {c.name}" for c in twentyfirst) + "\n")
    twentysecond = [c for c in cases if c in ROUND22]
    if twentysecond:
        text += ("\n## Round 22 (hostile22)\n\n" + ROUND22_TEXT + "\n\n"
                 + "\n".join(f"- {c.surface}: {c.name}" for c in twentysecond) + "\n")
    twentythird = [c for c in cases if c in ROUND23]
    if twentythird:
        text += ("\n## Round 23 (hostile23)\n\n" + ROUND23_TEXT + "\n\n"
                 + "\n".join(f"- {c.surface}: {c.name}" for c in twentythird) + "\n")
    twentyfourth = [c for c in cases if c in ROUND24]
    if twentyfourth:
        text += ("\n## Round 24 (hostile24)\n\n" + ROUND24_TEXT + "\n\n"
                 + "\n".join(f"- {c.surface}: {c.name}" for c in twentyfourth) + "\n")
    twentyfifth = [c for c in cases if c in ROUND25]
    if twentyfifth:
        text += ("\n## Round 25 (hostile25)\n\n" + ROUND25_TEXT + "\n\n"
                 + "\n".join(f"- {c.surface}: {c.name}" for c in twentyfifth) + "\n")
    twentysixth = [c for c in cases if c in ROUND26]
    if twentysixth:
        text += ("\n## Round 26 (hostile26)\n\n" + ROUND26_TEXT + "\n\n"
                 + "\n".join(f"- {c.surface}: {c.name}" for c in twentysixth) + "\n")
    twentyseventh = [c for c in cases if c in ROUND27]
    if twentyseventh:
        text += ("\n## Round 27 (hostile27)\n\n" + ROUND27_TEXT + "\n\n"
                 + "\n".join(f"- {c.surface}: {c.name}" for c in twentyseventh) + "\n")
    print(text)
    if not args.no_write:
        (ROOT / "tests" / "HOSTILE_INPUTS.md").write_text(text, encoding="utf-8")
    return 0 if total.clean == total.tried else 1


if __name__ == "__main__":
    raise SystemExit(main())
