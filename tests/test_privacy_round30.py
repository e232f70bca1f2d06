"""privacy30: an adversarial audit of what the tool writes, stores and prints about reviewers.

- `lic-policy diff --format html|markdown` shows the open review threads beside their clauses:
  a reviewer's words went in as written (a name and a phone number they typed included, which
  `review packet` refuses to send and the room masks for others), and the HTML gave each
  thread's time to the second (the room and the packet give the day since privacy29);
- the review file kept the second a comment was sent in the room (and Word's minute from a
  returned file, and the clock's second at `review add` / `review reply`);
- a name taken out of the consultation record was shown as deleted words by `diff` and the
  packet's tracked changes, and a thread on it kept it in its quote (listed by the packet);
- the detectors missed numbers partly in words or digit by digit, an address given by its mail
  service alone, names after family titles, Greek names, homes written without a street type,
  and first names with pronouns or an age after them.
"""

from __future__ import annotations

import json
import re
import zipfile
import shutil
from pathlib import Path

import pytest

from .conftest import run_cli

REPO = Path(__file__).resolve().parent.parent

GUIDELINE = REPO / "guidelines" / "cedar-harbour-sex-work-response.yaml"
REVIEW = REPO / "guidelines" / "cedar-harbour-sex-work-response.review.yaml"
WORDS = "I am Maria Santos, I run the van, text me 604-555-0199"


def _two_versions(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.yaml", tmp_path / "g.yaml"
    shutil.copyfile(GUIDELINE, old)
    text = GUIDELINE.read_text(encoding="utf-8")
    new.write_text(text.replace("It is the person's choice", "It is always the person's choice", 1), encoding="utf-8")
    review = REVIEW.read_text(encoding="utf-8").replace("guideline: cedar-harbour-sex-work-response.yaml",
                                                          "guideline: g.yaml")
    (tmp_path / "g.review.yaml").write_text(review, encoding="utf-8")
    res = run_cli("review", "add", str(new), "--clause", "response.violence.3", "--quote", "Bad Date Line",
                  "--body", WORDS, "--author", "advisory-reviewer-7", "--role", "sex-worker-advisory",
                  "--date", "2026-12-01T19:02:37Z")
    assert res.exit_code == 0, res.stderr
    return old, new


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_a_redline_masks_what_identifies_someone_in_a_thread(tmp_path, fmt):
    old, new = _two_versions(tmp_path)
    res = run_cli("diff", str(old), str(new), "--format", fmt)
    assert res.exit_code == 0, res.stderr
    assert "Bad Date Line" in res.stdout and "t7" in res.stdout  # the thread is shown
    assert "Maria" not in res.stdout and "Santos" not in res.stdout and "0199" not in res.stdout
    assert "I run the van" in res.stdout  # the rest of their words are kept


def test_a_redline_gives_a_threads_day_not_its_second(tmp_path):
    old, new = _two_versions(tmp_path)
    res = run_cli("diff", str(old), str(new), "--format", "html")
    assert res.exit_code == 0, res.stderr
    assert "2026-12-01" in res.stdout
    assert "19:02" not in res.stdout and not re.search(r"T\d\d:\d\d", res.stdout)


# ---------------------------------------------------------------------------- the review file: timing


def test_the_room_stores_the_day_a_comment_was_sent_not_its_second(tmp_path, monkeypatch):
    """The review file is the repository's (every clone, every reviewer the staff share it
    with): the room wrote the second each comment and reply was sent, which privacy29 took off
    the room's pages and the packet (a peer who saw someone send at that moment could tie the
    made-up name to them) and which the file kept. It keeps the day."""
    from lic_policy.review import threads

    from .test_web_security import _post_comment
    from .webapp import Room

    monkeypatch.delenv("LIC_POLICY_NOW", raising=False)
    room = Room(tmp_path, with_review=False)
    staff = room.staff()
    _rid, links = room.open_round(staff, show_others="1")
    writer = room.reviewer(links["advisory-3"])
    r = _post_comment(room, writer, writer.get("/review").text, "Say that outreach comes first.")
    assert r.status_code == 201, r.text
    t = threads.load(room.review_file).review.threads[-1]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", t.created), t.created


def test_review_import_stores_the_day_of_a_word_comment_not_its_time(tmp_path):
    """Word writes beside each comment and tracked change the minute it was made, on the
    reviewer's own clock (Word's local time, whatever its time zone): `review import` kept it
    in the review file, telling everyone with the repository when, and in what time zone, the
    reviewer worked. The day is kept."""
    from lic_policy.review import threads

    from .test_docx_import import WORD_DATE, reviewed_round

    guideline, reviewed = reviewed_round(tmp_path)
    before = {t.id for t in threads.load(threads.review_path(guideline)).review.threads}
    res = run_cli("review", "import", str(reviewed), "--guideline", str(guideline), "--role", "sex-worker-advisory")
    assert res.exit_code == 0, res.stderr
    review = threads.load(threads.review_path(guideline)).review
    new = [t for t in review.threads if t.id not in before]
    stamps = [t.created for t in new] + [r.created for t in review.threads for r in t.replies
                                         if r.created.startswith("2026-11")]
    assert len(new) >= 3 and len(stamps) > len(new)  # comments, changes and the reply
    assert all(re.fullmatch(r"2026-11-2[01]T00:00:00Z", s) for s in stamps), stamps
    assert WORD_DATE[:10] + "T00:00:00Z" in stamps
    assert WORD_DATE not in threads.review_path(guideline).read_text(encoding="utf-8")


# ---------------------------------------------------------------------------- numbers written to slip past


@pytest.mark.parametrize("text, found", [
    ("call 604 five five five 0199", "604 five five five 0199"),
    ("text six 0 four 555 0199 after 6", "six 0 four 555 0199"),
    ("my cell is 6 0 4 5 5 5 0 1 9 9, texts only", "6 0 4 5 5 5 0 1 9 9"),
    ("Reach me on 604-555-zero one nine nine.", "604-555-zero one nine nine"),
])
def test_a_phone_number_written_partly_in_words_or_digit_by_digit(text, found):
    """People who advertise or organise online write numbers so that filters miss them: some
    digits as words, or every digit apart. A number wholly in words or wholly in digits was
    found; one that mixes them, or is spaced digit by digit, was not."""
    from lic_policy.privacy import find_identities

    hits = [(h.kind, h.text) for h in find_identities(text, "prose", region="CA")]
    assert ("phone", found) in hits, hits


@pytest.mark.parametrize("text", [
    "One in five of the 120 participants said two or three visits a week were enough.",
    "Stages 1 2 3 and 4 were held in 2025; five of 12 seats are held by sex workers.",
    "Between 2019 and 2024 one 24-hour line took 3 500 calls, four times the 2018 number.",
    "Items 1 2 3 4 5 6 7 8 9 of the work plan are done.",
    "Section 213(1) of the Criminal Code, as one of three offences, was struck in 2013.",
])
def test_counts_and_lists_written_with_words_are_no_phone(text):
    from lic_policy.privacy import find_identities

    assert [h for h in find_identities(text, "prose", region="CA") if h.kind == "phone"] == []


# ---------------------------------------------------------------------------- emails with no domain written out


@pytest.mark.parametrize("text, found", [
    ("email me: maggieo88 at gmail", "maggieo88 at gmail"),
    ("reach me at maggieo88 at hotmail, evenings", "maggieo88 at hotmail"),
    ("maggieo88 (at) gmail", "maggieo88 (at) gmail"),
    ("Maggie at Gmail is the best way", "Maggie at Gmail"),
    ("write to dana.r [at] protonmail", "dana.r [at] protonmail"),
    ("Email: maggie﹫gmail.com", "maggie﹫gmail.com"),
])
def test_an_email_address_given_by_its_mail_service_alone(text, found):
    """`maggieo88 at gmail` is maggieo88@gmail.com to every reader: the service's name is the
    domain. An address was found only with its domain written out (`at gmail dot com`), and the
    small commercial at (﹫, U+FE6B) was not read as an @."""
    from lic_policy.privacy import find_identities

    hits = [(h.kind, h.text) for h in find_identities(text, "prose", region="CA")]
    assert ("email", found) in hits, hits


@pytest.mark.parametrize("text", [
    "Staff at Gmail and Outlook were not consulted.",
    "People at Yahoo news wrote about the strategy.",
    "The form is hosted at Gmail; responses were anonymous.",
    "We met at the library at noon.",
])
def test_words_before_a_mail_service_that_are_no_address(text):
    from lic_policy.privacy import find_identities

    assert [h for h in find_identities(text, "prose", region="CA") if h.kind == "email"] == []


@pytest.mark.parametrize("text, found", [
    ("Grandmother Louise opened the circle.", "Grandmother Louise"),
    ("Kokum Louise said we should meet in person.", "Kokum Louise"),
    ("Grandpa Joe drove the van.", "Grandpa Joe"),
])
def test_a_name_after_a_family_or_community_title(text, found):
    """Elders and community members are often named by a family title and a first name
    (“Auntie Bev” and “Elder Mary Thomas” were found; “Grandmother Louise” and the Cree “Kokum
    Louise” were not): in a small community that is as telling as a full name."""
    from lic_policy.privacy import find_identities

    hits = [(h.kind, h.text) for h in find_identities(text, "prose", region="CA")]
    assert ("name", found) in hits, hits


@pytest.mark.parametrize("text", [
    "Grandmothers and aunties raise many of the children.",
    "A grandmother said the van should come earlier.",
    "Grandparents Day events were held in the park.",
    "Grandmother Moon and Grandfather Sun guide the teachings.",  # no people
])
def test_family_words_that_name_no_one(text):
    from lic_policy.privacy import find_identities

    assert [h for h in find_identities(text, "prose", region="CA") if h.kind == "name"] == []


# ---------------------------------------------------------------------------- what a redline shows of the old version

OLD_LINE = "    Developed with current and former sex workers at every stage, following SWIT (2013)."
NAMED_LINE = "    Developed with Maria Santos (604-555-0199) and other sex workers at every stage, following SWIT (2013)."


def _name_taken_out(tmp_path: Path) -> tuple[Path, Path]:
    """An older version whose consultation record named a participant, and the version that
    took the name out (as `check` asked)."""
    text = GUIDELINE.read_text(encoding="utf-8")
    assert OLD_LINE in text
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(text.replace(OLD_LINE, NAMED_LINE, 1), encoding="utf-8")
    new.write_text(text, encoding="utf-8")
    return old, new


@pytest.mark.parametrize("fmt", ["text", "json", "html", "markdown"])
def test_a_redline_does_not_show_a_name_taken_out_of_the_record(tmp_path, fmt):
    """A drafter takes a participant's name and number out of the consultation record, as
    `check` asks; the redline of the two versions — `diff`, the packet's tracked changes, the
    room's changes since the last round — showed them as deleted words, to every reviewer
    (the packet's gate reads only the new version). The deletion is shown, masked."""
    old, new = _name_taken_out(tmp_path)
    res = run_cli("diff", str(old), str(new), "--format", fmt, "--no-threads")
    assert res.exit_code == 0, res.stderr
    assert "Santos" not in res.stdout and "0199" not in res.stdout and "Maria" not in res.stdout
    shown = res.stdout.replace("\\*", "*")  # Markdown escapes a star
    assert "***** ****** (***-***-****)" in shown


def test_a_name_kept_in_both_versions_is_no_change(tmp_path):
    """A name that stays (an Elder who asked to be credited, kept with an inline suppression)
    is the same on both sides: masking it on one side only would show a change that is none."""
    from lic_policy.redline import redline

    text = GUIDELINE.read_text(encoding="utf-8").replace(OLD_LINE, NAMED_LINE, 1)
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(text, encoding="utf-8")
    new.write_text(text.replace("(2013).", "(2013), in person.", 1), encoding="utf-8")
    rl = redline(str(old), str(new))
    shown = json.dumps(rl.to_dict())
    assert "in person" in shown and "*****" not in shown


@pytest.mark.slow  # 0.6 s of CPU (pandoc writes the packet); make test-all and CI run it
def test_the_review_packet_since_a_version_that_named_someone(tmp_path):
    old, new = _name_taken_out(tmp_path)
    res = run_cli("review", "packet", str(new), "--since", str(old), "-o", str(tmp_path / "p.docx"))
    assert res.exit_code == 0, res.stderr
    with zipfile.ZipFile(tmp_path / "p.docx") as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert "<w:del " in body and "***** ******" in body
    assert "Santos" not in body and "0199" not in body


# ---------------------------------------------------------------------------- a thread's quote of words taken out


def _thread_on_a_name(tmp_path: Path) -> Path:
    """A reviewer's thread on a participant's name in the consultation record, then the version
    that took the name out (as the thread asked)."""
    old, new = _name_taken_out(tmp_path)
    g = tmp_path / "g.yaml"
    shutil.copyfile(old, g)
    res = run_cli("review", "add", str(g), "--field", "consultation.summary", "--quote",
                  "Maria Santos (604-555-0199)", "--body", "Take this out, please: we are counted, not named.",
                  "--author", "advisory-reviewer-2", "--role", "sex-worker-advisory")
    assert res.exit_code == 0, res.stderr
    shutil.copyfile(new, g)
    return g


def test_check_finds_a_name_a_thread_still_quotes_after_it_left_the_record(tmp_path):
    """The name left the guideline; the thread's quote and context in the review file kept it,
    and `check --only privacy` said 0 errors, so the review packet listed the orphaned thread
    with the name and number to every reviewer, and the room showed it."""
    g = _thread_on_a_name(tmp_path)
    res = run_cli("check", "--no-cache", "--only", "privacy", str(g))
    assert res.exit_code == 1, res.stdout + res.stderr
    assert "Santos" not in res.stdout and "0199" not in res.stdout
    assert "review reanchor" in res.stdout


def test_reanchor_masks_the_words_a_thread_quotes_that_left_the_record(tmp_path):
    from lic_policy.review import threads

    g = _thread_on_a_name(tmp_path)
    res = run_cli("review", "reanchor", str(g))
    assert res.exit_code == 0, res.stderr
    assert "orphaned" in res.stdout and "Santos" not in res.stdout and "0199" not in res.stdout
    text = threads.review_path(g).read_text(encoding="utf-8")
    assert "Santos" not in text and "0199" not in text and "Maria" not in text
    assert "***** ****** (***-***-****)" in text
    assert "we are counted, not named" in text  # the comment itself stays
    res = run_cli("check", "--no-cache", "--only", "privacy", str(g))
    assert res.exit_code == 0, res.stdout


# ---------------------------------------------------------------------------- Greek script


@pytest.mark.parametrize("text, found", [
    ("Participants included Μαρία Παπαδοπούλου.", "Μαρία Παπαδοπούλου"),
    ("Η Ελένη Νικολάου είπε ότι η ομάδα χρειάζεται χρόνο.", "Ελένη Νικολάου"),
    ("Ο Νίκος Παπαδόπουλος μίλησε.", "Νίκος Παπαδόπουλος"),
])
def test_a_name_in_greek_script(text, found):
    """Names in Cyrillic are read transliterated; the same names in Greek were not read at all
    (Greek-speaking im/migrant sex workers take part in consultations too)."""
    from lic_policy.privacy import find_identities

    hits = [(h.kind, h.text) for h in find_identities(text, "prose", region="CA")]
    assert ("name", found) in hits, hits


def test_greek_words_that_name_no_one():
    from lic_policy.privacy import find_identities

    text = "Η Επιτροπή συμφώνησε ότι οι εργαζόμενες στο σεξ πρέπει να πληρώνονται για τη συμμετοχή τους."
    assert find_identities(text, "prose", region="CA") == []


# ---------------------------------------------------------------------------- a home without a street type


@pytest.mark.parametrize("text, found", [
    ("I live at 1234 East Hastings, the blue door.", "1234 East Hastings"),
    ("She has been staying at 55 W Cordova since the fire.", "55 W Cordova"),
    ("My address is 4410 Kingsway, unit 5", "4410 Kingsway"),
])
def test_where_someone_lives_written_without_the_street_type(text, found):
    """`123 Main Street` was found by its street type; people write where they live without one
    (`1234 East Hastings`, `55 W Cordova`), which no pattern read. After words that say it is
    where someone lives or stays, a number and a capitalised name are an address."""
    from lic_policy.privacy import find_identities

    hits = [(h.kind, h.text) for h in find_identities(text, "prose", region="CA")]
    assert ("address", found) in hits, hits


@pytest.mark.parametrize("text", [
    "In 2019 East Vancouver residents met 12 times.",
    "People living at 2 Sites were counted twice.",  # 'sites' is a word: not a street's name
    "We stayed at 3 Hotels during the consultation.",
    "The 45 West Coast participants live in 12 towns.",
])
def test_numbers_and_places_that_are_no_home_address(text):
    from lic_policy.privacy import find_identities

    assert [h for h in find_identities(text, "prose", region="CA") if h.kind == "address"] == []


def test_junit_names_the_review_file_of_a_finding_in_it(tmp_path):
    """Found while probing the outputs: a privacy finding in the review file was reported by
    `--format junit` at the guideline's name with the review file's line (`g.yaml:23:16`), where
    every other format names `g.review.yaml:23:16`: a reader sent to the guideline's line 23
    found nothing there."""
    g = tmp_path / "g.yaml"
    shutil.copyfile(GUIDELINE, g)
    res = run_cli("review", "add", str(g), "--field", "consultation.summary", "--quote", "Developed with",
                  "--body", "I am Maria Santos", "--author", "advisory-reviewer-2", "--role", "sex-worker-advisory")
    assert res.exit_code == 0, res.stderr
    res = run_cli("check", "--no-cache", "--only", "privacy", "--format", "junit", str(g))
    assert res.exit_code == 1, res.stdout
    lines = re.findall(r">([^<>\s]+):(\d+):(\d+): error", res.stdout)
    assert lines and all(name.endswith("g.review.yaml") for name, _l, _c in lines), lines


# ---------------------------------------------------------------------------- a first name with what only a person has


@pytest.mark.parametrize("text, found", [
    ("Maria (she/her) from PACE said the van was late.", "Maria"),
    ("Jess (they/them) ran the focus group.", "Jess"),
    ("Tasha, 34, works nights on the corridor.", "Tasha"),
    ("Keep the drop-in open late. xo Jess", "Jess"),
])
def test_a_first_name_with_pronouns_an_age_or_a_kiss(text, found):
    """Only a person has pronouns in brackets after their name, an age between commas, or signs
    off with a kiss; a first name so written was stored (`Maria (she/her) from PACE`)."""
    from lic_policy.privacy import find_identities

    hits = [(h.kind, h.text) for h in find_identities(text, "prose", region="CA")]
    assert ("name", found) in hits, hits


@pytest.mark.parametrize("text", [
    "Victoria, 34, and Surrey, 12, reported the most calls.",  # places with counts
    "Use the pronouns people give (she/her, they/them).",
    "Section 4 (she/her) of the form asks for pronouns.",
])
def test_what_only_looks_like_pronouns_or_an_age(text):
    from lic_policy.privacy import find_identities

    assert [h for h in find_identities(text, "prose", region="CA") if h.kind == "name"] == []


def test_review_add_and_reply_store_the_day_unless_told_a_time(tmp_path, monkeypatch):
    """`review add` and `review reply` (a reviewer who works in the repository, or staff writing
    down what a reviewer said on the phone) stored the second from the clock, as the room did;
    a `--date` given is kept as typed."""
    from lic_policy.review import threads

    monkeypatch.delenv("LIC_POLICY_NOW", raising=False)
    g = tmp_path / "g.yaml"
    shutil.copyfile(GUIDELINE, g)
    common = ("--author", "advisory-reviewer-2", "--role", "sex-worker-advisory")
    res = run_cli("review", "add", str(g), "--field", "consultation.summary", "--quote", "Developed with",
                  "--body", "Say who chose.", *common)
    assert res.exit_code == 0, res.stderr
    res = run_cli("review", "reply", str(g), "t1", "--body", "And how.", *common)
    assert res.exit_code == 0, res.stderr
    res = run_cli("review", "reply", str(g), "t1", "--body", "Dated.", *common, "--date", "2026-03-01T10:00:00Z")
    assert res.exit_code == 0, res.stderr
    t = threads.load(threads.review_path(g)).review.threads[0]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", t.created), t.created
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", t.replies[0].created), t.replies[0].created
    assert t.replies[1].created == "2026-03-01T10:00:00Z"
