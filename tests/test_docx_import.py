"""`lic-policy review import`: a reviewed Word file's comments and tracked changes become threads.

The reviewed files are made with real clients: the packet is read back by pandoc's docx
reader, a reviewer's comments, reply and tracked changes are added to it (pandoc's span
syntax, with another author) and pandoc's docx writer writes the Word file that is
imported.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from lic_policy.review import threads
from lic_policy.review.packet import run_pandoc, write_packet
from lic_policy.store import load

from .conftest import DRAFT, GOOD, built_once, copy_built, run_cli

WORD_NAME = "Sam Placeholder"  # a Word user name: must never reach the review file
WORD_DATE = "2026-11-20T09:30:00Z"


def _sub(md: str, old: str, new: str) -> str:
    assert md.count(old) == 1, old
    return md.replace(old, new)


PACKET_META = ["-M", "lic_policy_packet=1", "-M", "lic_policy_change_author=guideline editors"]


# pandoc's answers for the reviewer's side (reading a packet to edit it, writing the Word file
# a reviewer sends back), kept by their exact input for the test run (in this process, and in
# the run's cache folder for the other worker): many tests in several files start from the same
# packet or send back the same file, and each pandoc run costs 0.15-0.35 s of CPU
_PANDOC_MEMO: dict[tuple, bytes] = {}


def _reviewer_side(kind: str, data: bytes, make) -> bytes:
    """What ``make(folder)`` writes to ``folder / "out"`` for this input, once per test run."""
    key = (kind, data)
    if key not in _PANDOC_MEMO:
        name = f"reviewer-side-{kind}-{hashlib.sha256(data).hexdigest()[:32]}"
        _PANDOC_MEMO[key] = (built_once(name, make) / "out").read_bytes()
    return _PANDOC_MEMO[key]


def packet_markdown(packet: Path) -> str:
    """A packet as Markdown with its tracked changes and comments as spans, for editing."""
    data = packet.read_bytes()

    def make(folder: Path) -> None:
        (folder / "out").write_bytes(
            run_pandoc(data, from_="docx", to="markdown", args=["--track-changes=all", "--wrap=none"]))
    return _reviewer_side("md", data, make).decode()


def word_file(md: str, out: Path, *, packet: bool = True) -> Path:
    """A Word file of this Markdown; with ``packet``, marked as a review packet is."""
    def make(folder: Path) -> None:
        run_pandoc(md, from_="markdown", to="docx", args=PACKET_META if packet else [], output=folder / "out")
    out.write_bytes(_reviewer_side("docx-packet" if packet else "docx", md.encode("utf-8"), make))
    return out


def make_reviewed(packet: Path, out: Path, *, name: str = WORD_NAME, meta: bool = True) -> Path:
    """What a reviewer sends back: the packet with comments, a reply and tracked changes."""
    md = packet_markdown(packet)
    who = f'author="{name}" date="{WORD_DATE}"'
    md = _sub(md, "Do not question whether the person",
              f'[Please name the kinds of report this covers.]{{.comment-start id="901" {who}}}'
              'Do not question whether the person[]{.comment-end id="901"}')
    md = _sub(md, "Tickets and orders are a last resort.",
              f"Tickets and orders[issued by the City]{{.insertion {who}}} are a "
              f"[last]{{.deletion {who}}}[final]{{.insertion {who}}} resort.")
    # a reply on exactly the words of packet thread t6
    m = re.search(r'(\{\.comment-start id="(\d+)" author="community-reviewer-2 \(community\)"[^}]*\})', md)
    md = _sub(md, m.group(1), m.group(1) + f'[A night-time line will be added to the residents\' guide.]'
                                            f'{{.comment-start id="902" {who}}}')
    end = '[]{.comment-end id="%s"}' % m.group(2)
    md = _sub(md, end, '[]{.comment-end id="902"}' + end)
    # an author who set their Word user name to their handle and role
    md = _sub(md, "unbiased and respectful treatment",
              '[Good.]{.comment-start id="903" author="advisory-reviewer-3 (sex-worker-advisory)" '
              'date="2026-11-21T10:00:00Z"}unbiased and respectful treatment[]{.comment-end id="903"}')
    return word_file(md, out, packet=meta)


def with_review(guideline: Path, folder: Path) -> Path:
    """A copy of ``guideline`` and its review file in ``folder``."""
    g = folder / guideline.name
    shutil.copy(guideline, g)
    shutil.copy(threads.review_path(guideline), threads.review_path(g))
    return g


def _write_good_packet(folder: Path) -> None:
    write_packet(str(with_review(GOOD, folder)), str(DRAFT), str(folder / "packet.docx"))


def good_and_its_packet(folder: Path) -> tuple[Path, Path]:
    """The good sample with its review in ``folder`` and its packet against the draft
    (``write_packet``, with findings), made once per test run and copied (the packet does not
    depend on the folder: compared byte for byte): (guideline, packet). For the tests that
    start from the packet; `tests/test_packet.py` writes its own."""
    copy_built("good-since-draft-packet", _write_good_packet, folder)
    return folder / GOOD.name, folder / "packet.docx"


def reviewed_round(folder: Path, name: str = "reviewed.docx") -> tuple[Path, Path]:
    """The good sample with its review in ``folder``, its packet against the draft, and that
    packet as a reviewer returns it (``make_reviewed``): (guideline, reviewed packet)."""
    guideline, packet = good_and_its_packet(folder)
    return guideline, make_reviewed(packet, folder / name)


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    folder = tmp_path_factory.mktemp("import")
    guideline, reviewed = reviewed_round(folder)
    before = threads.review_path(guideline).read_text(encoding="utf-8")
    r = run_cli("review", "import", str(reviewed), "--guideline", str(guideline), "--role", "staff")
    assert r.exit_code == 0, r.stderr
    return folder, guideline, reviewed, r, before


def _threads(guideline: Path):
    return threads.load(threads.review_path(guideline)).review


@pytest.mark.slow  # 0.22 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_import_counts(setup):
    _f, _g, _r, r, _b = setup
    assert "added 2 comment(s), 2 suggestion(s), 1 reply(ies)" in r.stdout
    assert "0 not placed" in r.stdout and "packet comments skipped" in r.stdout


def test_comments_land_on_their_clauses(setup):
    _f, guideline, _r, _res, _b = setup
    review = _threads(guideline)
    new = [t for t in review.threads if int(t.id[1:]) > 6]
    by_clause = {(t.anchor.clause or t.anchor.field, t.kind, " ".join(t.anchor.quote.exact.split())): t for t in new}
    c = by_clause[("response.violence.2", "comment", "Do not question whether the person")]
    assert c.author.handle == "reviewer-1" and c.author.role == "staff"
    assert c.created == WORD_DATE[:10] + "T00:00:00Z"  # the day only (privacy30)
    assert c.body == "Please name the kinds of report this covers."
    assert c.anchor.version == "2.1.0"
    p = by_clause[("purpose", "comment", "unbiased and respectful treatment")]
    assert (p.author.handle, p.author.role) == ("advisory-reviewer-3", "sex-worker-advisory")
    ins = by_clause[("response.enforcement.2", "suggestion", "orders")]
    assert ins.replacement.strip() == "orders issued by the City"
    rep = by_clause[("response.enforcement.2", "suggestion", "last")]
    assert rep.replacement == "final"
    t6 = review.thread("t6")
    assert [(x.author.handle, x.body) for x in t6.replies] == [
        ("reviewer-1", "A night-time line will be added to the residents’ guide.")]


def test_word_names_are_never_stored(setup):
    folder, guideline, _r, _res, _b = setup
    for p in folder.iterdir():
        if p.suffix in (".yaml", ".json"):
            assert WORD_NAME not in p.read_text(encoding="utf-8"), p
    authors = (folder / (GOOD.name[:-5] + ".review-authors.json")).read_text(encoding="utf-8")
    assert "reviewer-1" in authors and re.search(r'"mac": "[0-9a-f]{64}"', authors) and '"salt"' not in authors


def test_import_twice_adds_nothing(setup):
    _f, guideline, reviewed, _res, _b = setup
    path = threads.review_path(guideline)
    before = path.read_bytes()
    r = run_cli("review", "import", str(reviewed), "--guideline", str(guideline), "--role", "staff")
    assert r.exit_code == 0, r.stderr
    assert "added 0 comment(s), 0 suggestion(s), 0 reply(ies)" in r.stdout and "5 already there" in r.stdout
    assert path.read_bytes() == before


def test_imported_suggestions_apply(setup, tmp_path):
    _f, guideline, _r, _res, _b = setup
    g = tmp_path / guideline.name
    shutil.copy(guideline, g)
    shutil.copy(threads.review_path(guideline), threads.review_path(g))
    review = _threads(g)
    ids = [t.id for t in review.threads if t.kind == "suggestion" and t.status == "open" and int(t.id[1:]) > 6]
    for tid in ids:
        assert run_cli("review", "accept", str(g), tid).exit_code == 0
    r = run_cli("review", "apply", str(g))
    assert r.exit_code == 0, r.stderr
    assert "Tickets and orders issued by the City are a final resort." in " ".join(g.read_text().split())


@pytest.mark.slow  # 0.23 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_handles_are_stable_per_review_file(setup, tmp_path):
    folder, guideline, _r, _res, _b = setup
    g = tmp_path / guideline.name
    shutil.copy(guideline, g)
    shutil.copy(threads.review_path(guideline), threads.review_path(g))
    shutil.copy(folder / (GOOD.name[:-5] + ".review-authors.json"), tmp_path)
    packet = tmp_path / "packet.docx"
    write_packet(str(g), str(DRAFT), str(packet), with_findings=False)
    for name, handle in ((WORD_NAME, "reviewer-1"), ("Another Reviewer", "reviewer-2")):
        md = _sub(packet_markdown(packet), "Connect them with Youth Safe Harbour",
                  f'[Is it open at night, {handle}?]{{.comment-start id="950" author="{name}" date="{WORD_DATE}"}}'
                  'Connect them with Youth Safe Harbour[]{.comment-end id="950"}')
        out = word_file(md, tmp_path / f"{handle}.docx")
        r = run_cli("review", "import", str(out), "--guideline", str(g), "--role", "community")
        assert r.exit_code == 0, r.stderr
        t = _threads(g).threads[-1]
        assert (t.anchor.clause, t.author.handle, t.body) == ("response.youth.2", handle,
                                                              f"Is it open at night, {handle}?")


def test_any_word_file_is_placed_by_its_words(tmp_path):
    """Not a packet: a Word file of some of the guideline's text, commented."""
    g = tmp_path / GOOD.name
    shutil.copy(GOOD, g)
    md = ("# Violence\n\nTreat every report of violence against a sex worker as\nserious. "
          '[Say who records the report.]{.comment-start id="1" author="Pat Example" date="2026-10-01T12:00:00Z"}'
          'Do not question[]{.comment-end id="1"} whether the person "put themselves at risk".\n\n'
          "A paragraph that is [not]{.comment-start id=\"2\" author=\"Pat Example\"}in the guideline"
          "[]{.comment-end id=\"2\"} at all.\n")
    docx = word_file(md, tmp_path / "notes.docx", packet=False)
    r = run_cli("review", "import", str(docx), "--guideline", str(g), "--role", "legal", "--date", "2026-10-02")
    assert r.exit_code == 0, r.stderr
    assert "added 1 comment(s)" in r.stdout and "1 not placed" in r.stdout
    t = _threads(g).threads[-1]
    assert (t.anchor.clause, " ".join(t.anchor.quote.exact.split()), t.author.role) == (
        "response.violence.2", "Do not question", "legal")
    assert t.created == "2026-10-01T00:00:00Z"  # the day Word gives, not its time (privacy30)


@pytest.mark.parametrize("make, message", [
    (lambda p: p.write_text("not a word file"), "not a Word .docx file"),
    (lambda p: zipfile.ZipFile(p, "w").writestr("hello.txt", "x"), "no word/document.xml"),
    (None, "no such file"),
])
def test_bad_files_are_one_line(tmp_path, make, message):
    docx = tmp_path / "reviewed.docx"
    if make is not None:
        make(docx)
    r = run_cli("review", "import", str(docx), "--guideline", str(GOOD), "--role", "staff", "--dry-run")
    assert r.exit_code == 2
    assert message in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_role_is_needed_for_word_names(setup, tmp_path):
    _f, guideline, reviewed, _res, _b = setup
    g = tmp_path / guideline.name
    shutil.copy(GOOD, g)
    r = run_cli("review", "import", str(reviewed), "--guideline", str(g))
    assert r.exit_code == 2 and "--role" in r.stderr
    assert not threads.review_path(g).exists()


def test_comments_on_the_same_words_are_replies(tmp_path):
    """Word stores a reply as another comment on the same words."""
    g = tmp_path / GOOD.name
    shutil.copy(GOOD, g)
    md = ("Treat every report of violence against a sex worker as serious. "
          '[Who records the report?]{.comment-start id="1" author="Pat Example" date="2026-10-01T12:00:00Z"}'
          '[The outreach lead records it.]{.comment-start id="2" author="Lee Example" date="2026-10-02T08:00:00Z"}'
          'Do not question[]{.comment-end id="2"}[]{.comment-end id="1"} whether the person '
          '"put themselves at risk".\n')
    docx = word_file(md, tmp_path / "thread.docx", packet=False)
    for expected in ("added 1 comment(s), 0 suggestion(s), 1 reply(ies)", "added 0 comment(s), 0 suggestion(s), "
                                                                           "0 reply(ies)"):
        r = run_cli("review", "import", str(docx), "--guideline", str(g), "--role", "community")
        assert r.exit_code == 0, r.stderr
        assert expected in r.stdout
    t = _threads(g).threads[-1]
    assert t.body == "Who records the report?" and t.author.handle == "reviewer-1"
    assert [(x.author.handle, x.body, x.created) for x in t.replies] == [
        ("reviewer-2", "The outreach lead records it.", "2026-10-02T00:00:00Z")]  # its day (privacy30)


def test_an_untouched_packet_adds_nothing(setup, tmp_path):
    """The packet's own tracked changes are the baseline and its own comments are skipped."""
    folder, _g, _r, _res, _b = setup
    g = tmp_path / GOOD.name
    shutil.copy(GOOD, g)
    shutil.copy(threads.review_path(GOOD), threads.review_path(g))
    r = run_cli("review", "import", str(folder / "packet.docx"), "--guideline", str(g))
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("nothing to import: ") and "copy that was sent" in r.stdout, r.stdout
    assert threads.review_path(g).read_bytes() == threads.review_path(GOOD).read_bytes()


def test_an_added_paragraph_is_a_suggestion(setup, tmp_path):
    folder, _g, _r, _res, _b = setup
    g = tmp_path / GOOD.name
    shutil.copy(GOOD, g)
    lines = packet_markdown(folder / "packet.docx").split("\n")
    i = next(n for n, line in enumerate(lines) if line.startswith("**response.violence.2**"))
    lines.insert(i + 1, f'\n[Staff follow up within two days.]{{.insertion author="{WORD_NAME}" date="{WORD_DATE}"}}')
    docx = word_file("\n".join(lines), tmp_path / "added.docx")
    r = run_cli("review", "import", str(docx), "--guideline", str(g), "--role", "staff")
    assert r.exit_code == 0, r.stderr
    assert "added 0 comment(s), 1 suggestion(s)" in r.stdout
    t = _threads(g).threads[-1]
    assert t.anchor.clause == "response.violence.2" and t.anchor.quote.exact == "response."
    assert t.replacement == "response.\n\nStaff follow up within two days."
    assert run_cli("review", "accept", str(g), t.id).exit_code == 0
    assert run_cli("review", "apply", str(g)).exit_code == 0
    doc = load(g)
    assert doc.issues == []
    clause = doc.guideline.clause("response.violence.2")
    assert clause.text.rstrip().endswith("lower a response.\n\nStaff follow up within two days.")


def test_rendered_emphasis_in_a_packet_imports_onto_the_marked_up_words(tmp_path):
    # unchanged text with **bold** reads bold in the packet (no asterisks); a comment on those
    # words comes back anchored on the guideline's own text, markers included
    old = tmp_path / "old.yaml"
    guideline = tmp_path / GOOD.name
    text = GOOD.read_text(encoding="utf-8")
    assert "serious. Do not question\n" in text
    text = text.replace("serious. Do not question\n", "serious. Do **not** question\n", 1)
    old.write_text(text, encoding="utf-8")
    guideline.write_text(text.replace("Tickets and orders are a last resort.",
                                      "Tickets and orders are a final resort.", 1), encoding="utf-8")
    packet = tmp_path / "packet.docx"
    write_packet(str(guideline), str(old), str(packet))
    md = _sub(packet_markdown(packet), "Do **not** question whether the person",
              f'[Why bold here?]{{.comment-start id="901" author="{WORD_NAME}" date="{WORD_DATE}"}}'
              'Do **not** question whether the person[]{.comment-end id="901"}')
    reviewed = word_file(md, tmp_path / "reviewed.docx")
    r = run_cli("review", "import", str(reviewed), "--guideline", str(guideline), "--role", "staff")
    assert r.exit_code == 0, r.stderr
    (t,) = [t for t in _threads(guideline).threads if t.body == "Why bold here?"]
    assert t.anchor.clause == "response.violence.2"
    assert " ".join(t.anchor.quote.exact.split()) == "Do **not** question whether the person"


# --------------------------------------------------------------------------- what a suggestion says (ux8)


def test_a_tracked_change_says_it_came_from_the_packet_not_from_word(setup):
    """A reviewer may have made the tracked change in LibreOffice (or another editor): the
    thread says what is true whichever it was."""
    _f, guideline, _r, _res, _b = setup
    bodies = [t.body for t in _threads(guideline).threads if t.kind == "suggestion" and int(t.id[1:]) > 6]
    assert bodies and all("Word" not in b for b in bodies), bodies
    assert all(b.endswith("(a tracked change in the review packet).") for b in bodies), bodies


def test_suggestions_written_with_the_old_words_are_not_imported_again(setup, tmp_path):
    """A review file whose packet suggestions say “(suggested in Word)”, as earlier versions
    wrote them: importing the same file again adds nothing."""
    _f, guideline, reviewed, _res, _b = setup
    g = tmp_path / guideline.name
    shutil.copy(guideline, g)
    old = threads.review_path(guideline).read_text(encoding="utf-8").replace(
        "(a tracked change in the review packet).", "(suggested in Word).")
    assert "(suggested in Word)." in old
    threads.review_path(g).write_text(old, encoding="utf-8")
    shutil.copy(guideline.with_name(guideline.name[:-5] + ".review-authors.json"),
                g.with_name(g.name[:-5] + ".review-authors.json"))
    r = run_cli("review", "import", str(reviewed), "--guideline", str(g), "--role", "staff")
    assert r.exit_code == 0, r.stderr
    assert "added 0 comment(s), 0 suggestion(s), 0 reply(ies)" in r.stdout
    assert threads.review_path(g).read_text(encoding="utf-8") == old
