"""Importing a reviewed packet again after its suggestions were applied (issue 16): the
applied suggestions are already in the guideline, so they are counted as already there —
not reported as "not placed" — and nothing is added."""

from __future__ import annotations


import pytest

from lic_policy.review import threads

from .conftest import run_cli
from .test_docx_import import WORD_DATE, _sub, good_and_its_packet, make_reviewed, packet_markdown, word_file


def _setup(tmp_path):
    return good_and_its_packet(tmp_path)


def _apply_all_suggestions(guideline):
    review = threads.load(threads.review_path(guideline)).review
    ids = [t.id for t in review.threads if t.kind == "suggestion" and t.status == "open" and int(t.id[1:]) > 6]
    assert ids
    for tid in ids:
        assert run_cli("review", "accept", str(guideline), tid).exit_code == 0
    r = run_cli("review", "apply", str(guideline))
    assert r.exit_code == 0, r.stderr
    return ids


@pytest.mark.slow
def test_reimport_after_apply_places_nothing_new_and_reports_nothing_unplaced(tmp_path):
    guideline, packet = _setup(tmp_path)
    reviewed = make_reviewed(packet, tmp_path / "reviewed.docx")
    r = run_cli("review", "import", str(reviewed), "--guideline", str(guideline), "--role", "staff")
    assert r.exit_code == 0 and "0 not placed" in r.stdout, r.stdout + r.stderr
    _apply_all_suggestions(guideline)
    assert "are a final resort" in " ".join(guideline.read_text(encoding="utf-8").split())
    before = threads.review_path(guideline).read_bytes()
    r = run_cli("review", "import", str(reviewed), "--guideline", str(guideline), "--role", "staff")
    assert r.exit_code == 0, r.stderr
    assert "not placed:" not in r.stderr, r.stderr
    assert "0 not placed" in r.stdout and "added 0 comment(s), 0 suggestion(s), 0 reply(ies)" in r.stdout, r.stdout
    assert "5 already there" in r.stdout, r.stdout
    assert threads.review_path(guideline).read_bytes() == before


@pytest.mark.slow
def test_a_new_comment_in_a_paragraph_whose_suggestion_was_applied_is_still_placed(tmp_path):
    guideline, packet = _setup(tmp_path)
    who = f'author="Sam Placeholder" date="{WORD_DATE}"'
    md = _sub(packet_markdown(packet), "Tickets and orders are a last resort.",
              f"Tickets and orders are a [last]{{.deletion {who}}}[final]{{.insertion {who}}} resort.")
    first = word_file(md, tmp_path / "first.docx")
    assert run_cli("review", "import", str(first), "--guideline", str(guideline), "--role", "staff").exit_code == 0
    _apply_all_suggestions(guideline)
    # the reviewer's second file: the same change, and a comment on other words of the paragraph
    md2 = _sub(md, "Tickets and orders are a",
               f'[Which orders?]{{.comment-start id="990" {who}}}Tickets and orders[]{{.comment-end id="990"}} are a')
    second = word_file(md2, tmp_path / "second.docx")
    r = run_cli("review", "import", str(second), "--guideline", str(guideline), "--role", "staff")
    assert r.exit_code == 0, r.stderr
    assert "not placed:" not in r.stderr, r.stderr
    assert "added 1 comment(s), 0 suggestion(s)" in r.stdout and "1 already there" in r.stdout, r.stdout
    t = threads.load(threads.review_path(guideline)).review.threads[-1]
    assert (t.kind, t.body, " ".join(t.anchor.quote.exact.split())) == ("comment", "Which orders?", "Tickets and orders")
    assert t.anchor.clause == "response.enforcement.2"


def test_an_insertion_that_starts_with_a_space_keeps_the_words_apart(tmp_path):
    # Word writes " issued by the City" as the inserted run after "orders"; pandoc's reader moves
    # the space out of the insertion, so the anchor became "orders " and applying ran the
    # inserted words into the next one ("Cityare")
    from .wordxml import word_edits

    guideline, packet = _setup(tmp_path)
    reviewed = word_edits(packet, tmp_path / "reviewed.docx", author="Sam Placeholder", date=WORD_DATE,
                          insert_after=[("Tickets and orders", " issued by the City")])
    r = run_cli("review", "import", str(reviewed), "--guideline", str(guideline), "--role", "staff")
    assert r.exit_code == 0 and "1 suggestion(s)" in r.stdout, r.stdout + r.stderr
    _apply_all_suggestions(guideline)
    assert "Tickets and orders issued by the City are a last resort." in " ".join(
        guideline.read_text(encoding="utf-8").split())
