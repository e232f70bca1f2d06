"""hostile19: careless and hostile inputs of new kinds, surface by surface: option values that
reach a file the command writes (`review redact`'s --with and --words, `import`'s --id,
--language, --jurisdiction and --owner-role, `review packet --change-author`), a document's own
language, long but allowed file names, links and pipes where a command reads or writes a file it
names itself (`check --baseline`, `schema --write`, the author map, `--review-file`), a rule pack
over the size limit, and a file named like an option.

Each test names what broke before its fix. Cases that held are counted in
tests/hostile_report.py (and so in tests/HOSTILE_INPUTS.md) without a test of their own here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lic_policy.review import threads

from .conftest import DRAFT, GOOD, one_error_line, run_cli, subprocess_env

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- review redact

def _thread(tmp_path, body: str, *replies: str) -> tuple[Path, Path, str]:
    """A copy of the sample guideline with one thread holding ``body`` (and ``replies``)."""
    g = tmp_path / "g.yaml"
    shutil.copy(GOOD, g)
    r = run_cli("review", "add", str(g), "--clause", "response.youth.2", "--quote", "Youth Safe Harbour",
                "--body", body, "--role", "staff", "--author", "staff-1")
    assert r.exit_code == 0, r.stderr
    tid = re.search(r"added (t\d+)", r.stdout).group(1)
    for reply in replies:
        assert run_cli("review", "reply", str(g), tid, "--body", reply, "--author", "staff-2",
                       "--role", "staff").exit_code == 0
    return g, threads.review_path(g), tid


def _bodies(review: Path, tid: str) -> list[str]:
    t = threads.thread_named(threads.load(review), tid)
    return [t.body, *(r.body for r in t.replies)]


@pytest.mark.parametrize("stand_in", [r"\g<0>", r"\1", "\\", r"C:\new", r"\g<name>", r"\n"])
def test_redact_writes_the_stand_in_as_it_is_typed(tmp_path, stand_in):
    """`--with` was a regular expression's replacement template: `--with '\\g<0>'` wrote the
    name back where it was and reported 'took out 1 occurrence' (the name kept, the staff told
    it was gone); `--with '\\1'` and `--with '\\'` ended in 'internal error: error: invalid
    group reference' (exit 3); `--with 'C:\\new'` wrote a line break into the comment. Now the
    stand-in is written as typed."""
    g, review, tid = _thread(tmp_path, "Maria Santos said the van comes too late.")
    r = run_cli("review", "redact", str(g), tid, "--words", "Maria Santos", "--with", stand_in)
    assert r.exit_code == 0 and "took out 1" in r.stdout, (r.exit_code, r.stderr)
    assert _bodies(review, tid) == [f"{stand_in} said the van comes too late."]


@pytest.mark.parametrize("body", ["Ana said the analysis of the bananas is late.",
                                  "ANA said: ask Ana; Anaheim and banana stay."])
def test_redact_takes_out_whole_words_only(tmp_path, body):
    """`--words Ana` took 'ana' out of every word holding it: 'Ana said the analysis of the
    bananas' became '[name removed] said the [name removed]lysis of the b[name removed]nas' —
    the reviewer's comment mangled past repair, in a file `review redact` promises to leave as
    it was but for the name. Now only the whole word is taken out."""
    g, review, tid = _thread(tmp_path, body)
    r = run_cli("review", "redact", str(g), tid, "--words", "Ana")
    assert r.exit_code == 0, r.stderr
    expected = re.sub(r"\bAna\b", "[name removed]", body, flags=re.I)
    assert _bodies(review, tid) == [expected]
    n = len(re.findall(r"(?i)\bana\b", body))
    assert f"took out {n} " in r.stdout, r.stdout


@pytest.mark.parametrize("body, words", [
    ("Maria\u200bSantos said so.", "Maria Santos"),           # a zero-width space between the names
    ("Mari\u00ada Santos said so.", "Maria Santos"),          # a soft hyphen inside a name
    ("Mar\u200di\u2060a Santos said so.", "Maria Santos"),    # joiners inside a name
    ("Maria-Santos said so.", "Maria Santos"),                # a hyphen for the space
    ("Mari\u0301a Santos said so.", "Mar\u00eda Santos"),     # the name decomposed (NFD), the words not
    ("Mar\u00eda Santos said so.", "Mari\u0301a Santos"),     # the words decomposed, the name not
    ("Call 604-555-0199 after six.", "604 555 0199"),         # a phone with hyphens, given with spaces
])
def test_redact_finds_the_words_the_privacy_check_finds(tmp_path, body, words):
    """A name split by an invisible character, a hyphen or written decomposed (as macOS and
    some keyboards write accents): `check --only privacy` flags it and says to take it out with
    `review redact ... --words WORDS`, and `review redact` answered 't1 does not hold 'Maria
    Santos'' — the name could only be taken out by hand. Now the words are found as the
    privacy check reads them, and what stands between their letters is taken out with them."""
    g, review, tid = _thread(tmp_path, body)
    r = run_cli("review", "redact", str(g), tid, "--words", words)
    assert r.exit_code == 0 and "took out 1" in r.stdout, r.stderr
    (after,) = _bodies(review, tid)
    assert after in ("[name removed] said so.", "Call [name removed] after six."), after
    assert run_cli("check", "--no-cache", "--only", "privacy", str(g)).exit_code == 0


def test_redact_leaves_a_name_that_merely_begins_the_same(tmp_path):
    """Whole words: 'Maria' is not taken out of 'Mariana', nor of 'Mariá' written decomposed
    (a different name; its accent would be left alone on the stand-in)."""
    g, review, tid = _thread(tmp_path, "Mariana and Mari\u0301a came; Maria did not.")
    r = run_cli("review", "redact", str(g), tid, "--words", "Maria")
    assert r.exit_code == 0 and "took out 1" in r.stdout, r.stderr
    assert _bodies(review, tid) == ["Mariana and Mari\u0301a came; [name removed] did not."]


# ---------------------------------------------------------------- check --baseline

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_baseline_that_is_a_named_pipe_is_refused_not_waited_on(tmp_path):
    """`check --baseline FIFO` (a process substitution, `--baseline <(git show
    main:baseline.json)`, is one) opened the pipe and waited for a writer for good: no output,
    no end. Now one line, as for a guideline given as a pipe."""
    g = tmp_path / "g.yaml"
    shutil.copy(DRAFT, g)
    fifo = tmp_path / "baseline.json"
    os.mkfifo(fifo)
    proc = subprocess.run([sys.executable, "-m", "lic_policy", "check", "--no-cache", "--baseline", str(fifo),
                           str(g)], capture_output=True, text=True, env=subprocess_env(), timeout=60, cwd=tmp_path)
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert proc.returncode == 2 and len(lines) == 1, proc.stderr
    assert "named pipe" in lines[0] and "baseline" in lines[0], lines


@pytest.mark.parametrize("given", ["other.yaml", ".", "/dev/zero", "notes.txt"])
def test_the_baseline_hint_never_says_to_write_a_report_over_another_file(tmp_path, monkeypatch, given):
    """`--baseline other.yaml` (a guideline named by mistake) said 'write one with `lic-policy
    check --format json -o other.yaml`' — the way to replace a guideline with a JSON report;
    `--baseline .` and `--baseline /dev/zero` gave the same advice. Now the hint names a new
    file ending in .json."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(DRAFT, tmp_path / "g.yaml")
    shutil.copy(GOOD, tmp_path / "other.yaml")
    (tmp_path / "notes.txt").write_text("not a report\n", encoding="utf-8")
    line = one_error_line(run_cli("check", "--no-cache", "--baseline", given, "g.yaml"))
    assert f"-o {given}`" not in line, line
    assert re.search(r"-o \S+\.json`", line), line


# ---------------------------------------------------------------- import --id, --language, a document's language

_DOC_MD = "# Outreach guide\n\nOutreach workers visit weekly.\n\n## Services\n\nThe van comes at night.\n"


@pytest.mark.parametrize("given", ["a b", "../../etc/passwd", "A_B", "-x", "x:y", "a..b", ".hidden", "#x", "é",
                                   "a\nb", "a" * 5000])
def test_import_refuses_an_id_that_is_no_id_in_one_line(tmp_path, monkeypatch, given):
    """`import --id 'a b'` (or any value the guideline's id pattern refuses) ended in 'internal
    error: ValidationError: 1 validation error for Guideline' and pydantic's four lines, exit
    3 — after pandoc had read the whole document. Now one line naming the option, what an id
    is and the id the value would make, before the document is read; nothing is written."""
    monkeypatch.chdir(tmp_path)
    Path("doc.md").write_text(_DOC_MD, encoding="utf-8")
    line = one_error_line(run_cli("import", "doc.md", "--id", given))
    assert line.startswith("error: --id") and "lowercase" in line, line
    assert not Path("doc.yaml").exists()


@pytest.mark.parametrize("given", ["x y", "fr_CA_x", "zz-ZZZZZZZZZ", "a" * 300, "en, fr"])
def test_import_refuses_a_language_that_is_no_language_in_one_line(tmp_path, monkeypatch, given):
    """`import --language 'x y'`: 'internal error: ValidationError ... metadata.languages.0',
    exit 3. Now one line, as `init --languages` says it; nothing is written."""
    monkeypatch.chdir(tmp_path)
    Path("doc.md").write_text(_DOC_MD, encoding="utf-8")
    line = one_error_line(run_cli("import", "doc.md", "--language", given))
    assert line.startswith("error: --language") and "fr-CA" in line, line
    assert not Path("doc.yaml").exists()


@pytest.mark.parametrize("given, written", [("French", "fr"), ("fr_CA", "fr-CA"), ("en-gb", "en-GB")])
def test_import_takes_a_language_name_or_an_underscore_tag(tmp_path, monkeypatch, given, written):
    """What `init --languages` takes, `import --language` takes: a name, and the tag as
    locales write it (fr_CA)."""
    monkeypatch.chdir(tmp_path)
    Path("doc.md").write_text(_DOC_MD, encoding="utf-8")
    r = run_cli("import", "doc.md", "--language", given)
    assert r.exit_code == 0, r.stderr
    assert f"languages:\n    - {written}\n" in Path("doc.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang, written", [("fr_CA", "fr-CA"), ("en_US", "en-US"), ("x y", "en"), ("", "en"),
                                           ("a" * 300, "en"), ("English", "en")])
def test_a_documents_own_language_that_is_no_tag_is_no_internal_error(tmp_path, monkeypatch, lang, written):
    """An HTML page saying `<html lang="fr_CA">` (as some content systems write the locale), or
    a language no tag: 'internal error: ValidationError ... metadata.languages.0', exit 3 — the
    document could not be imported at all without --language. Now the locale is read as its
    tag, and a language that is none gives en with a to-do item saying so."""
    monkeypatch.chdir(tmp_path)
    Path("doc.html").write_text(f'<html lang="{lang}"><head><title>Guide</title></head><body><h1>Guide</h1>'
                                "<p>Some text.</p><h2>S</h2><p>More.</p></body></html>", encoding="utf-8")
    r = run_cli("import", "doc.html")
    assert r.exit_code == 0, r.stderr
    text = Path("doc.yaml").read_text(encoding="utf-8")
    assert f"languages:\n    - {written}\n" in text, text[:800]
    if lang.strip() and written == "en" and lang != "English":
        assert "is no language tag" in text, text[:1500]
    assert run_cli("validate", "doc.yaml").exit_code == 0


# ---------------------------------------------------------------- long file names

# a guideline named by its title in Chinese: 79 characters of 3 bytes, 242 bytes with .yaml
# (file systems allow 255 a name); its review file's name is 249 bytes, its author map's 257
_LONG = "指" * 79


@pytest.mark.slow  # 0.24 s of CPU a case (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
@pytest.mark.parametrize("name", [_LONG + ".yaml", "f" * 238 + ".yaml"])
def test_a_guideline_with_a_long_but_allowed_name_is_checked_fixed_reviewed_and_published(tmp_path, monkeypatch,
                                                                                         name):
    """A guideline whose name is allowed but long (a title in Chinese, Japanese or Hindi is 3
    bytes a character: 80 of them are 240 bytes) could not be checked, fixed or published:
    '...review-authors.json: error: the file name is too long for the file system' (the check
    looked for an author map whose name would be too long to exist), and `fix --write` and
    `review add` said 'cannot take the write lock' or 'cannot write the file: File name too
    long' (the lock's and the temporary file's names are longer than the file's). Now a side
    file whose name cannot exist is absent, and the lock and temporary files have names the
    file system takes."""
    monkeypatch.chdir(tmp_path)
    g = Path(name)
    g.write_bytes(DRAFT.read_bytes())
    for args in (["validate", name], ["check", "--no-cache", name], ["check", name]):
        r = run_cli(*args)
        assert r.exit_code in (0, 1) and "too long" not in r.stderr + r.stdout, (args, r.stderr)
    r = run_cli("fix", "--write", name)
    assert r.exit_code in (0, 1) and "too long" not in r.stderr, r.stderr
    assert g.read_bytes() != DRAFT.read_bytes()  # the safe fixes were written
    r = run_cli("review", "add", name, "--clause", "principle.order", "--quote", "Residents", "--body", "Why?",
                "--author", "staff-1", "--role", "staff")
    assert r.exit_code == 0, r.stderr
    assert run_cli("review", "reply", name, "t1", "--body", "Because.", "--author", "staff-2",
                   "--role", "staff").exit_code == 0
    r = run_cli("review", "list", name)
    assert r.exit_code == 0 and "t1" in r.stdout, r.stderr
    r = run_cli("publish", "--force", "--to", "md,html", name)
    assert r.exit_code == 0, r.stderr
    left = [p.name for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]
    assert not left, left


def test_a_review_file_name_too_long_to_exist_is_one_line_that_says_what_to_do(tmp_path, monkeypatch):
    """A guideline name of 250 bytes: its review file's name would be 257, more than a file
    system allows. `review add` said 'cannot take the write lock: File name too long (check the
    path and that the disk can be written)'; now the line says the review file's name is too
    long and how to go on (--review-file, or a shorter name)."""
    monkeypatch.chdir(tmp_path)
    name = "f" * 245 + ".yaml"
    Path(name).write_bytes(GOOD.read_bytes())
    assert run_cli("check", "--no-cache", name).exit_code in (0, 1)
    line = one_error_line(run_cli("review", "add", name, "--clause", "principle.dignity", "--quote", "Sex workers",
                             "--body", "Why?", "--author", "staff-1", "--role", "staff"))
    assert "review file" in line and "too long" in line and "--review-file" in line, line
    r = run_cli("review", "add", name, "--clause", "principle.dignity", "--quote", "Sex workers",
                "--body", "Why?", "--author", "staff-1", "--role", "staff", "--review-file", "g.review.yaml")
    assert r.exit_code == 0, r.stderr


# ---------------------------------------------------------------- review packet --change-author

def _packet_pair(tmp_path) -> tuple[Path, Path]:
    g = tmp_path / "g.yaml"
    shutil.copy(GOOD, g)
    old = tmp_path / "g0.yaml"
    text = GOOD.read_text(encoding="utf-8")
    assert "treated with the same respect as" in text
    old.write_text(text.replace("treated with the same respect as", "treated with respect as"), encoding="utf-8")
    return g, old


@pytest.mark.parametrize("author", ["Maria Santos", "maria", "John Smith"])
def test_the_packet_refuses_a_person_as_the_change_author(tmp_path, author):
    """`review packet --change-author 'Maria Santos'` wrote the name on every tracked change of
    a file sent to people outside the team, while an email or a phone number was refused with
    'use a role or a pseudonymous handle, never a name, email or phone number'. Now a name is
    refused as they are; nothing is written."""
    g, old = _packet_pair(tmp_path)
    out = tmp_path / "p.docx"
    line = one_error_line(run_cli("review", "packet", str(g), "--since", str(old), "-o", str(out),
                             "--change-author", author))
    assert "--change-author" in line and "name" in line, line
    assert not out.exists()


@pytest.mark.parametrize("author", ["policy team", "guideline editors", "Director of Community Safety"])
def test_the_packet_takes_a_role_as_the_change_author(tmp_path, author):
    g, old = _packet_pair(tmp_path)
    out = tmp_path / "p.docx"
    r = run_cli("review", "packet", str(g), "--since", str(old), "-o", str(out), "--change-author", author)
    assert r.exit_code == 0, r.stderr
    import zipfile

    assert f'w:author="{author}"'.encode() in zipfile.ZipFile(out).read("word/document.xml")


@pytest.mark.parametrize("author", ["a\x1b[31m", "a\x01b", "a\ufffeb", "x\ny", "a\udc80b"])
def test_the_packet_refuses_a_change_author_word_cannot_open(tmp_path, author):
    """`--change-author` holding a control character (an escape pasted from a terminal) wrote
    it into document.xml, which XML forbids: exit 0, and a .docx Word calls unreadable; a
    name that is not UTF-8 was 'internal error: UnicodeEncodeError', exit 3. Now one line."""
    g, old = _packet_pair(tmp_path)
    out = tmp_path / "p.docx"
    line = one_error_line(run_cli("review", "packet", str(g), "--since", str(old), "-o", str(out),
                             "--change-author", author))
    assert "--change-author" in line, line
    assert not out.exists()


@pytest.mark.parametrize("role", ["Maria Santos", "Director, Community Safety (Maria Santos)",
                                  "maria.santos@example.org", "Policy lead, 604-555-0199"])
def test_import_refuses_an_owner_role_that_names_someone(tmp_path, monkeypatch, role):
    """`import --owner-role 'Maria Santos'` (the option says: a role, never a person) wrote the
    name into the new guideline, for `check` to report after the file existed (and was perhaps
    committed). Now the import refuses it in one line, the name masked, and writes nothing."""
    monkeypatch.chdir(tmp_path)
    Path("doc.md").write_text(_DOC_MD, encoding="utf-8")
    line = one_error_line(run_cli("import", "doc.md", "--owner-role", role))
    assert line.startswith("error: --owner-role") and "Santos" not in line and "555" not in line, line
    assert not Path("doc.yaml").exists()


@pytest.mark.parametrize("role", ["Director of Community Safety", "Manager, Sex Work Liaison", "policy team"])
def test_import_takes_an_owner_role(tmp_path, monkeypatch, role):
    monkeypatch.chdir(tmp_path)
    Path("doc.md").write_text(_DOC_MD, encoding="utf-8")
    assert run_cli("import", "doc.md", "--owner-role", role).exit_code == 0
    assert run_cli("check", "--no-cache", "--only", "privacy", "doc.yaml").exit_code == 0


# ---------------------------------------------------------------- schema --write

@pytest.mark.parametrize("absolute", [False, True])
def test_schema_write_does_not_follow_a_link_out_of_the_folder(tmp_path, monkeypatch, absolute):
    """A repository can hold symbolic links: `schemas/guideline.schema.json -> ~/.bashrc` (or
    `../../notes.txt`) in a checkout, and `lic-policy schema --write schemas` (what the README
    and the Makefile run) replaced the file outside the folder with the JSON Schema. `publish`
    refuses to write over a file it did not write; now `schema --write` refuses a link that
    leads out of the folder, in one line, and writes nothing."""
    monkeypatch.chdir(tmp_path)
    victim = tmp_path / "notes.txt"
    victim.write_bytes(b"precious\r\n")
    folder = tmp_path / "repo" / "schemas"
    folder.mkdir(parents=True)
    (folder / "guideline.schema.json").symlink_to(victim if absolute else Path("..") / ".." / "notes.txt")
    line = one_error_line(run_cli("schema", "--write", str(folder)))
    assert "guideline.schema.json" in line and "link" in line and "outside" in line, line
    assert victim.read_bytes() == b"precious\r\n"
    assert not (folder / "review.schema.json").exists()


def test_schema_write_still_writes_through_a_link_inside_the_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "schemas"
    (folder / "v1").mkdir(parents=True)
    (folder / "v1" / "g.json").write_text("{}", encoding="utf-8")
    (folder / "guideline.schema.json").symlink_to(Path("v1") / "g.json")
    r = run_cli("schema", "--write", "schemas")
    assert r.exit_code == 0, r.stderr
    assert '"$schema"' in (folder / "v1" / "g.json").read_text(encoding="utf-8")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_an_author_map_that_is_a_named_pipe_is_named_as_the_author_map(tmp_path):
    """A NAME.review-authors.json that is a named pipe: 'not a regular file (a named pipe)
    (give the guideline as a file ...)' — the author map called the guideline. Now the line
    says what the file is for."""
    from .test_hostile_input import COMMENTS, _para, docx

    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    os.mkfifo(tmp_path / "g.review-authors.json")
    doc = docx(tmp_path / "r.docx", _para("City will clean up the streets", True), COMMENTS)
    line = one_error_line(run_cli("review", "import", str(doc), "--guideline", str(g), "--role", "staff"))
    assert "named pipe" in line and "author map" in line and "guideline" not in line, line
    assert not (tmp_path / "g.review.yaml").exists()


def test_a_rule_pack_over_the_size_limit_gets_advice_for_a_pack(tmp_path, monkeypatch):
    """A rule pack of 11 MB (a corpus pasted in by mistake): '...over the 10,485,760-byte limit
    (split the guideline, or raise the limit with --max-size or max_file_size in the config)'
    — advice for a guideline, an option `rules list` lacks, and a setting packs do not follow.
    Now the advice is a pack's."""
    monkeypatch.chdir(tmp_path)
    Path("p.yaml").write_text("# x\n" + ("#" * 100 + "\n") * 110_000, encoding="utf-8")
    Path(".lic-policy.yaml").write_text("packs: [p.yaml]\n", encoding="utf-8")
    shutil.copy(DRAFT, "g.yaml")
    for args in (["rules", "list"], ["check", "--no-cache", "g.yaml"]):
        line = one_error_line(run_cli(*args))
        assert "p.yaml" in line and "pack" in line and "guideline" not in line and "--max-size" not in line, line


def test_a_pack_over_the_size_limit_is_refused_without_compiling_the_bundled_packs_again(tmp_path, monkeypatch):
    """One unreadable pack in the list (here over the size limit) made the loader compile every
    pack from its YAML, the bundled ones too, before the one error line came (7 s of CPU in the
    test above, speed21): the packs before it now come from the cache as on any run, and only
    the unreadable one goes to ``load_pack``, which reports it as before."""
    from lic_policy.checks import packs as P
    from lic_policy.errors import TooLarge

    P.load_packs()  # the bundled packs, from the run's cache
    big = tmp_path / "p.yaml"
    big.write_text("# x\n" + ("#" * 100 + "\n") * 110_000, encoding="utf-8")
    loaded: list[Path] = []
    real = P.load_pack

    def load_pack(path):
        loaded.append(Path(path))
        return real(path)

    monkeypatch.setattr(P, "load_pack", load_pack)
    with pytest.raises(TooLarge, match="rule pack"):
        P.load_packs([big])
    assert loaded == [big]


@pytest.mark.parametrize("words", ["\u200b", "\u200b\u200d", "\u3164", " "])
def test_redact_of_words_that_show_nothing_is_refused(tmp_path, words):
    """`--words` of a zero-width space took out every zero-width space of the thread — in a
    Thai, Khmer or Burmese comment, where they mark word breaks — writing '[name removed]' in
    each place and reporting occurrences no one could see. Now such words are empty words."""
    g, review, tid = _thread(tmp_path, "ความปลอดภัย\u200bของ\u200bทุกคน matters.")
    before = review.read_bytes()
    line = one_error_line(run_cli("review", "redact", str(g), tid, "--words", words))
    assert "--words is empty" in line, line
    assert review.read_bytes() == before


# ---------------------------------------------------------------- a file whose name starts with '-'

@pytest.mark.parametrize("args", [["check", "-d.yaml"], ["fix", "--write", "-d.yaml"], ["validate", "-d.yaml"]])
def test_a_file_named_like_an_option_is_named_in_the_line(tmp_path, monkeypatch, args):
    """`lic-policy check -d.yaml`, a file that is there: "error: No such option '-d'" — the
    option the user never meant, and no way on (every hint of lic-policy writes such a name
    ./-d.yaml, but the user typed it). Now the line says the file is there and how to name it."""
    monkeypatch.chdir(tmp_path)
    Path("-d.yaml").write_bytes(DRAFT.read_bytes())
    line = one_error_line(run_cli(*args))
    assert "./-d.yaml" in line and "--" in line, line
    r = run_cli(*args[:-1], "./-d.yaml")
    assert r.exit_code in (0, 1), r.stderr


def test_an_option_that_is_no_file_is_still_no_such_option(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    line = one_error_line(run_cli("check", "-d.yaml"))
    assert "No such option" in line and "./-d.yaml" not in line, line


@pytest.mark.parametrize("option", ["--jurisdiction", "--owner-role"])
@pytest.mark.parametrize("value", ["City\x1b[31m of X", "City\x00", "City \u202eX", "City\udc80"])
def test_import_names_the_option_that_holds_a_control_character(tmp_path, monkeypatch, option, value):
    """`import --jurisdiction 'City\\x1b[31m'`: 'doc.yaml: error: the imported guideline does not
    validate: the text holds a control character (U+001B)' — the output file named (it was
    never written), the option not, from a guard the code calls a bug's; bytes that are not
    UTF-8 were an internal error. Now the line names the option, as `init` does."""
    monkeypatch.chdir(tmp_path)
    Path("doc.md").write_text(_DOC_MD, encoding="utf-8")
    line = one_error_line(run_cli("import", "doc.md", option, value))
    assert line.startswith(f"error: {option}") and "doc.yaml" not in line, line
    assert not Path("doc.yaml").exists()


def test_review_apply_on_a_guideline_with_a_long_name(tmp_path, monkeypatch):
    """`review apply` keeps a journal named after the guideline beside its lock
    (`.lic-policy-locks/NAME.yaml.apply.json`), 11 bytes longer than the name: a guideline of
    250 bytes (threads kept with --review-file) could not have a suggestion applied."""
    monkeypatch.chdir(tmp_path)
    name = "f" * 245 + ".yaml"
    Path(name).write_bytes(GOOD.read_bytes())
    rf = ["--review-file", "g.review.yaml"]
    r = run_cli("review", "add", name, "--clause", "principle.dignity", "--quote", "Sex workers", "--kind",
                "suggestion", "--replacement", "People who do sex work", "--body", "Person first.",
                "--author", "staff-1", "--role", "staff", *rf)
    assert r.exit_code == 0, r.stderr
    assert run_cli("review", "accept", name, "t1", *rf).exit_code == 0
    r = run_cli("review", "apply", name, *rf)
    assert r.exit_code == 0, r.stderr
    assert "People who do sex work are members" in Path(name).read_text(encoding="utf-8")


@pytest.mark.parametrize("given", ["/dev/null", "fifo.yaml"])
def test_a_review_file_given_as_a_device_or_pipe_is_called_a_review_file(tmp_path, monkeypatch, given):
    """`review redact g.yaml t1 --review-file /dev/null`: '/dev/null: error: not a regular file (a
    device) (give the guideline as a file ...)' — the review file called the guideline. Now the
    line says a review file."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(GOOD, "g.yaml")
    if given == "fifo.yaml":
        os.mkfifo(given)
    for args in (["review", "list", "g.yaml"], ["review", "redact", "g.yaml", "t1", "--words", "Maria"]):
        line = one_error_line(run_cli(*args, "--review-file", given))
        assert "review file" in line and "guideline" not in line, line
