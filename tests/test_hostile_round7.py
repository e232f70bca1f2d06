"""hostile7: round 6's leftovers, writers meeting on one file, writes cut short, large inputs,
and identities hidden with Unicode tricks.

Each test names what broke before its fix. Cases that held are counted in
tests/hostile_report.py (and so in tests/HOSTILE_INPUTS.md) without a test of their own here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DRAFT, run_cli

ROOT = Path(__file__).resolve().parent.parent


def _draft(tmp_path: Path, old: str = "", new: str = "", name: str = "g.yaml") -> Path:
    g = tmp_path / name
    text = DRAFT.read_text(encoding="utf-8")
    if old:
        assert old in text
        text = text.replace(old, new, 1)
    g.write_text(text, encoding="utf-8")
    return g


SUMMARY = '  summary: "Teaching example: an early draft with the problems lic-policy is built to catch. Do not adopt."'


# ---------------------------------------------------------------- round 6's leftovers


def test_an_emoji_written_as_an_escaped_surrogate_pair_is_the_emoji(tmp_path):
    """json.dumps writes 😀 as "\\ud83d\\ude00" (and so do other JSON writers and editors that
    escape what is not ASCII); YAML 1.2 is a superset of JSON, yet such a guideline was refused:
    'YAML syntax error: found invalid Unicode character escape code'. It is now the emoji, and a
    thread on the words after it is placed at their column in the file."""
    g = _draft(tmp_path, SUMMARY, '  summary: "Teaching example \\ud83d\\ude00 done."')
    r = run_cli("validate", str(g))
    assert r.exit_code == 0, r.stdout + r.stderr
    from lic_policy import store

    assert store.load(str(g), validate=False).data["metadata"]["summary"] == "Teaching example \U0001F600 done."
    r = run_cli("review", "add", str(g), "--field", "metadata.summary", "--quote", "done", "--body", "b",
                "--author", "staff-1", "--role", "staff")
    assert r.exit_code == 0 and "g.yaml:27:43" in r.stdout, r.stdout + r.stderr


def test_half_an_escaped_surrogate_pair_is_refused_at_its_scalar(tmp_path):
    g = _draft(tmp_path, SUMMARY, '  summary: "Teaching example \\ud83d done."')
    r = run_cli("validate", str(g))
    out = r.stdout + r.stderr
    assert r.exit_code == 2 and "g.yaml:27:12: error: the escape \\ud83d is half of a character" in out, r
    assert "Traceback" not in out and len(out.strip().splitlines()) == 2  # the error and the count


@pytest.mark.parametrize("tag", ["sgn-GB-x-bsl", "de-CH-1996", "en-US-u-ca-gregory", "es-419", "x-klingon",
                                 "zh-yue-HK"])
def test_a_valid_bcp47_tag_with_private_use_variant_or_extension_parts_is_taken(tmp_path, tag):
    """'sgn-GB-x-bsl' (British Sign Language, a private-use subtag), 'de-CH-1996' (a variant of
    four characters) and 'es-419' (Latin American Spanish, a region of digits) are valid BCP 47
    tags; the first two were refused 'does not have the expected form'."""
    g = _draft(tmp_path, "  languages: [en]\n", f"  languages: [en, {tag}]\n")
    r = run_cli("validate", str(g))
    assert r.exit_code == 0, r.stdout + r.stderr


@pytest.mark.parametrize("tag", ["e", "en-", "en--US", "en-abcdefgh-12", "en_US", "x", "en-x"])
def test_a_language_tag_bcp47_does_not_allow_is_still_refused(tmp_path, tag):
    g = _draft(tmp_path, "  languages: [en]\n", f"  languages: [en, '{tag}']\n")
    r = run_cli("validate", str(g))
    assert r.exit_code == 1 and "does not have the expected form" in r.stdout + r.stderr, r


def test_packs_given_from_the_home_folder_are_found(tmp_path, monkeypatch):
    """`packs: ['~/packs/ours.yaml']` looked for a folder named '~' beside the configuration:
    'rule pack not found'. It is the user's home folder, as in a shell."""
    home = tmp_path / "home"
    (home / "packs").mkdir(parents=True)
    (home / "packs" / "ours.yaml").write_text(PACK, encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / ".lic-policy.yaml").write_text("packs: ['~/packs/ours.yaml']\n", encoding="utf-8")
    (proj / "n.md").write_text("The outreach team met a harbour-test-word here.\n", encoding="utf-8")
    r = run_cli("check", "--no-cache", "--config", str(proj / ".lic-policy.yaml"), str(proj / "n.md"))
    assert "rule pack not found" not in r.stderr and r.exit_code == 0, r
    assert "h7.harbour-test-word" in r.stdout, r.stdout


PACK = """\
pack: h7-home
rules:
  - id: h7.harbour-test-word
    severity: warning
    message: "'{match}' is a word this test's own pack flags"
    rationale: A test of packs named from the home folder.
    patterns: [harbour-test-word]
    sources: [{title: This test}]
    examples: {flag: [a harbour-test-word here], pass: [a harbour word here]}
"""


@pytest.mark.parametrize("pattern,why", [("[z-a]", "holds no character"), ("", "it is empty"),
                                         ("  ", "it is empty"), ("a[9-0]/**", "holds no character")])
def test_an_ignore_pattern_that_can_never_match_is_refused_at_its_place(tmp_path, pattern, why):
    """`ignore: ['[z-a]']` (a range written backwards) or `ignore: ['']` left out nothing, and
    said nothing: the user believed the folder was ignored."""
    (tmp_path / ".lic-policy.yaml").write_text(f"ignore: ['{pattern}']\n", encoding="utf-8")
    g = _draft(tmp_path)
    r = run_cli("check", "--no-cache", "--config", str(tmp_path / ".lic-policy.yaml"), str(g))
    assert r.exit_code == 2 and ".lic-policy.yaml:1:10: error: the ignore pattern" in r.stderr and why in r.stderr, r
    assert len(r.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("pattern", ["archive/", "./archive/**", "./archive/"])
def test_an_ignore_pattern_written_as_in_gitignore_leaves_out_the_folder(tmp_path, pattern):
    """`ignore: ['archive/']` (how .gitignore names a folder) and './archive/**' matched no
    file (paths are matched relative to the configuration's folder, and a file's path never
    ends in '/'), so the archive was checked. Both now leave out the folder's files."""
    (tmp_path / ".lic-policy.yaml").write_text(f"ignore: ['{pattern}']\n", encoding="utf-8")
    (tmp_path / "archive").mkdir()
    _draft(tmp_path / "archive")
    _draft(tmp_path, name="new.yaml")
    r = run_cli("check", "--no-cache", "--config", str(tmp_path / ".lic-policy.yaml"), str(tmp_path))
    assert "1 file checked" in r.stdout and "1 file ignored" in r.stdout, r.stdout + r.stderr


def test_github_annotations_show_control_characters_in_file_names_as_symbols(tmp_path):
    """A file named with U+0001 or ESC [31m went into the workflow command as those bytes: the
    log viewer ran the escape sequence (the rest of the log turned red) and a name holding
    U+202E read backwards. They are shown as symbols (U+2401, U+241B), as in the text report."""
    folder = tmp_path / "notes"
    folder.mkdir()
    for name in ("a\x01b\x1b[31mred.md", "c\u202ed.md"):
        (folder / name).write_text("Outreach met two prostitutes.\n", encoding="utf-8")
    p = run_cli("check", "--no-cache", "--format", "github", str(folder))  # the names come from the walk
    out = p.stdout
    assert p.exit_code == 0 and out.count("::warning ") == 2, p.stderr
    assert "\x01" not in out and "\x1b" not in out and "\u202e" not in out, out
    assert "a\u2401b\u241b[31mred.md" in out and "c\ufffdd.md" in out, out


def test_a_word_reviewer_named_like_the_packet_keeps_their_comment(tmp_path):
    """A reviewer whose Word name was 'lic-policy (automated)' (a shared account named after
    the tool, or a joke) had every comment dropped as one of the packet's own findings. The
    packet's findings read 'Needs a change — …', 'Worth changing — …' or 'A note — …'; a comment
    in other words is the reviewer's."""
    from .test_hostile_round6 import packet_parts, with_comment, write_docx

    g, parts = packet_parts(tmp_path)
    doc = write_docx(tmp_path / "r.docx", with_comment(parts, "901", author="lic-policy (automated)",
                                                        initials="LA", body="I would reword this part."))
    r = run_cli("review", "import", str(doc), "--guideline", str(g), "--role", "sex-worker-advisory")
    assert r.exit_code == 0 and "added 1 comment(s)" in r.stdout, r.stdout + r.stderr
    text = (tmp_path / "g.review.yaml").read_text(encoding="utf-8")
    assert "I would reword this part." in text


# ---------------------------------------------------------------- data safety: line endings, limits, kills


def _mixed(text: str) -> bytes:
    """``text`` with a byte-order mark and every third line ending in CRLF, the others in LF (a
    file edited on Windows and on Linux)."""
    lines = text.split("\n")
    return ("\ufeff" + "".join(x + ("\r\n" if i % 3 == 0 else "\n") for i, x in enumerate(lines[:-1]))).encode()


def test_fix_write_of_a_file_with_mixed_line_endings_changes_only_the_edited_lines(tmp_path):
    """In a file whose lines end in both CRLF and LF, `fix --write` wrote a fixed block scalar's
    lines all with the file's commoner ending: lines of the block it never edited changed
    (CRLF became LF), so the diff and `git blame` named lines nobody touched. Each line keeps
    its own ending now; only the edited lines' words differ."""
    g = tmp_path / "g.yaml"
    before = _mixed(DRAFT.read_text(encoding="utf-8"))
    g.write_bytes(before)
    r = run_cli("fix", "--write", str(g))
    assert r.exit_code == 0, r.stdout + r.stderr
    after = g.read_bytes()
    old, new = before.split(b"\n"), after.split(b"\n")
    assert after.startswith(b"\xef\xbb\xbf") and len(old) == len(new)
    changed = [(a, b) for a, b in zip(old, new) if a != b]
    assert 5 <= len(changed) < 40, len(changed)
    for a, b in changed:
        assert a.endswith(b"\r") == b.endswith(b"\r"), (a, b)  # the ending kept
        assert a.rstrip(b"\r") != b.rstrip(b"\r")  # the words changed: no line changed by its ending alone


def test_review_apply_keeps_each_line_ending_of_a_mixed_file(tmp_path):
    g = tmp_path / "g.yaml"
    before = _mixed(DRAFT.read_text(encoding="utf-8"))
    g.write_bytes(before)
    r = run_cli("review", "add", str(g), "--field", "purpose", "--quote", "clean up the streets", "--body", "b",
                "--author", "staff-1", "--role", "staff", "--kind", "suggestion", "--replacement", "support people on")
    assert r.exit_code == 0, r.stdout + r.stderr
    assert run_cli("review", "accept", str(g), "t1").exit_code == 0
    r = run_cli("review", "apply", str(g))
    assert r.exit_code == 0, r.stdout + r.stderr
    after = g.read_bytes()
    changed = [(a, b) for a, b in zip(before.split(b"\n"), after.split(b"\n")) if a != b]
    assert len(changed) == 1 and b"support people on" in changed[0][1], changed
    assert changed[0][0].endswith(b"\r") == changed[0][1].endswith(b"\r")


# ---------------------------------------------------------------- writers meeting on one file


@pytest.mark.slow
def test_reviewers_posting_while_the_drafter_replies_resolves_reanchors_and_fixes_lose_nothing():
    """Round 3 raced the room's appends against `review add`; the drafter's other writers
    replace the whole review file (a reply, a resolve, a reanchor) or the guideline (`fix
    --write`) while the room appends in place. Every reviewer's comment and every reply is
    there afterwards, each id once, and the review file reads."""
    import json
    import threading

    from .browser import Server

    with Server() as srv:
        handles = [f"advisory-{i}" for i in range(8)]
        links = srv.invite(*handles)
        before = len(json.loads(srv.cli("review", "list", str(srv.guideline), "--format", "json").stdout)["threads"])
        clients = {h: srv.reviewer(link, timeout=120) for h, link in links.items()}
        barrier = threading.Barrier(len(handles) + 1)
        results: dict = {}

        def post(h):
            barrier.wait()
            for k in range(3):
                results[(h, k)] = clients[h].comment(f"comment {k} from {h}")

        def drafter():
            barrier.wait()
            g = str(srv.guideline)
            for k, args in enumerate([
                    ("review", "reply", g, "t1", "--body", "drafter reply 0", "--author", "staff-cli", "--role", "staff"),
                    ("fix", "--write", g),
                    ("review", "reanchor", g),
                    ("review", "reply", g, "t2", "--body", "drafter reply 1", "--author", "staff-cli", "--role", "staff"),
                    ("review", "resolve", g, "t3"),
                    ("review", "add", g, "--clause", "response.violence.2", "--quote", "serious", "--body",
                     "drafter comment", "--author", "staff-cli", "--role", "staff"),
                    ("review", "reply", g, "t1", "--body", "drafter reply 2", "--author", "staff-cli", "--role", "staff"),
                    ("review", "list", g)]):
                r = srv.cli(*args)
                results[("cli", k)] = 0 if r.returncode in (0, 1) and "Traceback" not in r.stderr else r.stderr

        workers = [threading.Thread(target=post, args=(h,)) for h in handles] + [threading.Thread(target=drafter)]
        for w in workers:
            w.start()
        for w in workers:
            w.join(600)
        for reviewer in clients.values():
            reviewer.client.close()
        assert all(v in (201, 0) for v in results.values()), {k: v for k, v in results.items() if v not in (201, 0)}
        listing = json.loads(srv.cli("review", "list", str(srv.guideline), "--format", "json").stdout)
        bodies = [t["body"] for t in listing["threads"]]
        replies = [r["body"] for t in listing["threads"] for r in t.get("replies", [])]
        assert len(bodies) == before + 3 * len(handles) + 1, len(bodies)
        assert all(f"comment {k} from {h}" in bodies for h in handles for k in range(3))
        assert all(f"drafter reply {k}" in replies for k in range(3)), replies
        assert len({t["id"] for t in listing["threads"]}) == len(bodies)


def _limited(limit: int, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """`lic-policy ARGS` in a process (and its children: pandoc) that may write files of at
    most ``limit`` bytes (RLIMIT_FSIZE: a write past it fails with EFBIG, as on a full disk)."""
    import resource

    def limit_it():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, "-m", "lic_policy", *args], capture_output=True, text=True, cwd=cwd,
                          preexec_fn=limit_it, timeout=300,
                          # no bytecode: under the limit Python writes a .pyc cut at ``limit`` bytes
                          # (a short write is not an error), which breaks every later run of lic-policy
                          env=dict(os.environ, PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1"))


@pytest.mark.slow  # 0.54 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_review_packet_that_pandoc_cannot_finish_writing_names_the_packet_not_a_temporary_file(tmp_path):
    """On a full disk (or past `ulimit -f`) `review packet` said 'error: pandoc failed converting
    json to docx: pandoc: /…/.p.docx.k0fzpqpa.tmp: withBinaryFile: resource exhausted (No space
    left on device)': a temporary file's name, no place, no advice. It is the packet's line
    now, and nothing is left behind."""
    g = _draft(tmp_path)
    p = _limited(5_000, "review", "packet", str(g), "-o", str(tmp_path / "p.docx"), cwd=tmp_path)
    assert p.returncode == 2, p.stdout + p.stderr
    assert p.stderr.strip() == (f"{tmp_path / 'p.docx'}: error: cannot write the file: File too large (the file is "
                                "larger than this session may write (see `ulimit -f`): raise the limit or write "
                                "somewhere else)"), p.stderr
    assert sorted(x.name for x in tmp_path.iterdir()) == ["g.yaml"]


@pytest.mark.slow  # 0.32 s of CPU a case (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
@pytest.mark.parametrize("args", [("fix", "--write", "g.yaml"),  # the guideline is 8 KB, its review file 0.6 KB
                                  ("review", "add", "g.yaml", "--field", "purpose", "--quote", "This", "--occurrence",
                                   "1", "--body", "b", "--author", "staff-1", "--role", "staff")])
def test_a_write_past_the_file_size_limit_is_one_line_and_leaves_the_files_as_they_were(tmp_path, args):
    g = tmp_path / "g.yaml"
    g.write_bytes(_mixed(DRAFT.read_text(encoding="utf-8")))
    before = g.read_bytes()
    p = _limited(300, *args, cwd=tmp_path)
    assert p.returncode == 2 and len(p.stderr.strip().splitlines()) == 1, p.stderr
    assert "error: cannot write" in p.stderr and "ulimit -f" in p.stderr and "Traceback" not in p.stderr
    assert g.read_bytes() == before and not (tmp_path / "g.review.yaml").exists()
    assert not [x for x in tmp_path.rglob("*.tmp")]


def test_the_lock_folders_gitignore_is_never_left_empty(tmp_path):
    """A full disk when the lock folder was first made left its .gitignore empty; nothing wrote
    it again, so `git add .` committed the lock files and undo records from then on. The file
    is written whole or not at all, and an empty one is written again."""
    g = _draft(tmp_path)
    p = _limited(0, "review", "add", "g.yaml", "--field", "purpose", "--quote", "This", "--occurrence", "1",
                 "--body", "b", "--author", "staff-1", "--role", "staff", cwd=tmp_path)
    assert p.returncode == 2 and "ulimit -f" in p.stderr, p.stderr
    ignore = tmp_path / ".lic-policy-locks" / ".gitignore"
    assert not ignore.exists() or ignore.stat().st_size > 0
    ignore.parent.mkdir(exist_ok=True)
    ignore.write_bytes(b"")  # as an earlier version left it
    r = run_cli("review", "add", str(g), "--field", "purpose", "--quote", "This", "--occurrence", "1", "--body", "b",
                "--author", "staff-1", "--role", "staff")
    assert r.exit_code == 0, r.stderr
    assert ignore.read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert [x.name for x in ignore.parent.iterdir() if x.name.endswith(".tmp")] == []


# ---------------------------------------------------------------- large inputs

SAMPLE_GOOD = ROOT / "guidelines" / "cedar-harbour-sex-work-response.yaml"


def _many_threads(tmp_path: Path, n: int) -> Path:
    """The sample guideline with a review file of ``n`` resolved threads (about 1.1 KB each)."""
    g = tmp_path / "r.yaml"
    shutil.copy(SAMPLE_GOOD, g)
    src = SAMPLE_GOOD.with_name(SAMPLE_GOOD.name[:-5] + ".review.yaml").read_text(encoding="utf-8")
    first = src[src.index("  - id: t1\n"):src.index("  - id: t2\n")]
    parts = [src[:src.index("  - id: t1\n")]]
    parts += [first.replace("  - id: t1\n", f"  - id: t{k}\n", 1).replace("fewer complaints", f"fewer complaints ({k})")
              for k in range(1, n + 1)]
    (tmp_path / "r.review.yaml").write_text("".join(parts), encoding="utf-8")
    return g


@pytest.mark.slow
def test_a_review_file_of_ten_thousand_threads_is_read_by_every_review_command(tmp_path):
    """The review room appends every comment to the review file; at 10,000 threads (11 MB) it
    passed the guideline's 10 MB limit and every review command refused it ('split the
    guideline, or raise the limit with --max-size or max_file_size in the config': no review
    command has --max-size, and the configuration's limit does not reach review files)."""
    g = _many_threads(tmp_path, 10_000)
    assert (tmp_path / "r.review.yaml").stat().st_size > 10 * 1024 * 1024
    r = run_cli("review", "list", str(g))
    assert r.exit_code == 0 and "10000 resolved" in r.stdout, r.stderr
    r = run_cli("review", "reply", str(g), "t5000", "--body", "still right", "--author", "staff-1", "--role", "staff")
    assert r.exit_code == 0, r.stderr


def test_a_review_file_over_its_limit_is_refused_in_one_line_that_says_what_to_do(tmp_path):
    g = _many_threads(tmp_path, 1)
    with open(tmp_path / "r.review.yaml", "r+b") as fh:
        fh.truncate(33 * 1024 * 1024)  # sparse: the size is refused before a byte is read
    r = run_cli("review", "list", str(g))
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1, r
    assert "over the 33,554,432-byte limit (move the resolved threads of past rounds" in r.stderr, r.stderr
    assert "split the guideline" not in r.stderr


def _md(words: int) -> str:
    return "# Purpose\n\nOutreach supports sex workers.\n\n# Services\n\n" + "".join(
        f"Peer outreach offers support and referrals, item {k}.\n\n" for k in range(words // 8))


@pytest.mark.parametrize("suffix", [".md", ".docx"])
def test_import_of_a_document_whose_text_is_over_the_guideline_limit_is_refused_before_pandoc(tmp_path, monkeypatch,
                                                                                           suffix):
    """`import` of a 5,000-page Word file (18 MB of text) ran for 30 s in 1.6 GB and wrote a
    19 MB guideline that `validate`, `check` and every other command refused ('over the
    10,485,760-byte limit'). A document whose text alone is over the limit is refused at once."""
    from lic_policy import store

    src = tmp_path / "n.md"
    src.write_text(_md(800), encoding="utf-8")
    if suffix == ".docx":
        from lic_policy.publish import pandoc

        pandoc.run(src.read_text(encoding="utf-8"), from_="markdown", to="docx", output=tmp_path / "n.docx")
        src = tmp_path / "n.docx"
    monkeypatch.setattr(store, "DEFAULT_MAX_SIZE", 3000)
    r = run_cli("import", str(src), "-o", str(tmp_path / "out.yaml"))
    assert r.exit_code == 2 and "error: the document holds" in r.stderr and "over the 3,000-byte limit" in r.stderr, r
    assert "split the document" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out.yaml").exists()


def test_import_whose_guideline_would_be_over_the_limit_writes_nothing(tmp_path, monkeypatch):
    from lic_policy import store

    src = tmp_path / "n.md"
    src.write_text(_md(400), encoding="utf-8")
    size = src.stat().st_size
    monkeypatch.setattr(store, "DEFAULT_MAX_SIZE", size + 200)  # the text fits; its guideline does not
    r = run_cli("import", str(src), "-o", str(tmp_path / "out.yaml"))
    assert r.exit_code == 2 and "error: the guideline made from this document would be" in r.stderr, r
    assert not (tmp_path / "out.yaml").exists()


@pytest.mark.slow  # 0.51 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_the_text_report_makes_a_long_lines_shown_form_once_not_once_per_finding(tmp_path, monkeypatch):
    """`check` of a Markdown file written on one line (a paste, an export) with 100,000
    findings ran for 290 s of CPU (and more than 300 s for a guideline of one such line): the
    text report made the whole 4.7 MB line printable again for every finding. It does it once
    a line now (18 s for the same file; the findings themselves take most of it)."""
    from lic_policy.report import text as text_report

    calls: list[int] = []
    real = text_report.printable
    monkeypatch.setattr(text_report, "printable", lambda s: (calls.append(len(s)), real(s))[1])
    f = tmp_path / "n.md"
    f.write_text("Outreach supports sex workers and prostitutes. " * 2000 + "\n", encoding="utf-8")
    r = run_cli("check", "--no-cache", str(f))
    assert "2,000 warnings" in r.stdout, r.stdout[-300:]  # a thousands separator (fix28)
    assert sum(1 for n in calls if n > 10_000) == 1, len(calls)


# ---------------------------------------------------------------- identities hidden with Unicode tricks


@pytest.mark.parametrize("text,kind", [
    ("text me at 604\u200b555\u200b0199", "phone"),  # zero-width spaces between the groups
    ("text me at 604\u2060555\u20600199", "phone"),  # word joiners
    ("text me at 604\u00ad555\u00ad0199", "phone"),  # soft hyphens
    ("email ｊａｎｅ＠ｅｘａｍｐｌｅ．ｏｒｇ", "email"),  # full-width letters
    ("phone six zero four five five five zero one nine nine", "phone"),  # spelled out
    ("phone Six-Zero-Four, Five-Five-Five, Zero-One-Nine-Nine", "phone"),
    ("I spoke with Ja\u200dne Smith yesterday.", "name"),  # a zero-width joiner inside the name
    ("I spoke with Ｊａｎｅ Ｓｍｉｔｈ yesterday.", "name"),  # full-width letters
])
def test_a_contact_hidden_with_unicode_tricks_is_still_found(text, kind):
    """A phone number with zero-width spaces, word joiners or soft hyphens between its groups
    (invisible on screen), an email in full-width letters, a number spelled out: a reader
    sees them, the privacy check did not, and `publish` / `review packet` let them out."""
    from lic_policy.privacy import find_identities

    hits = find_identities(text)
    assert [h.kind for h in hits] == [kind], hits
    assert text[hits[0].start:hits[0].end] == hits[0].text and len(hits[0].text) >= 10


@pytest.mark.parametrize("text", ["We met on one, two or three evenings a week.", "Rooms one to nine stay open.",
                                  "Ｔｈｅ　ｐｌａｎ names no one.", "A zero\u200btolerance approach was dropped."])
def test_prose_with_those_characters_and_no_contact_is_not_flagged(text):
    from lic_policy.privacy import find_identities

    assert find_identities(text) == []


def test_a_review_packet_is_refused_for_a_phone_hidden_with_zero_width_spaces(tmp_path):
    g = _draft(tmp_path)
    r = run_cli("review", "add", str(g), "--field", "purpose", "--quote", "This", "--occurrence", "1", "--body",
                "text me at 604\u200b555\u200b0199", "--author", "staff-1", "--role", "staff")
    assert r.exit_code == 0, r.stderr
    r = run_cli("review", "packet", str(g), "-o", str(tmp_path / "p.docx"))
    assert r.exit_code == 1 and "refusing to write a review packet: 1 identity finding" in r.stderr, r
    assert not (tmp_path / "p.docx").exists()
