"""Properties of review files and `review apply` (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lic_policy.model.anchor import Anchor
from lic_policy.model.review import Author, Reply, ReviewFile, Thread
from lic_policy.review import threads
from lic_policy.review.apply import apply_suggestions
from lic_policy.store import parse
from lic_policy.text import guideline_units

from .test_review_threads import SAMPLE

AUTHOR = Author(handle="advisory-reviewer-3", role="sex-worker-advisory")
bodies = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x85\u2028\u2029"),
                 min_size=1, max_size=60).filter(lambda s: s.strip())
ops = st.lists(st.tuples(st.sampled_from(["add", "reply", "status", "comment"]), bodies,
                         st.sampled_from(["open", "resolved", "rejected", "orphaned"])), min_size=1, max_size=12)


def _thread(i, body):
    text = "Staff offer support first."
    return Thread(id=f"t{i}", anchor=Anchor.from_text(text, 12, 19, clause="response.1"), author=AUTHOR,
                  created="2026-11-24T10:00:00Z", kind="comment", body=body)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(ops)
def test_writing_a_review_file_never_drops_a_thread(tmp_path_factory, sequence):
    path = tmp_path_factory.mktemp("rv") / "g.review.yaml"
    expected: list[str] = []
    for op, body, status in sequence:
        rdoc = threads.load(path, guideline_name="g.yaml")
        if op == "add" or not rdoc.review.threads:
            rdoc.review.threads.append(_thread(len(rdoc.review.threads) + 1, body))
        elif op == "reply":
            rdoc.review.threads[-1].replies.append(Reply(author=AUTHOR, created="2026-11-24T11:00:00Z", body=body))
        elif op == "status":
            rdoc.review.threads[0].status = status
        else:  # a person adds a comment line to the file by hand
            threads.save(rdoc)
            path.write_text(path.read_text().replace("threads:\n", "threads:\n  # note by hand\n", 1))
            continue
        snapshot = rdoc.review.model_dump()
        threads.save(rdoc)
        expected = [t.id for t in rdoc.review.threads]
        back = threads.load(path).review
        assert [t.id for t in back.threads] == expected
        assert back.model_dump() == snapshot
    assert [t.id for t in threads.load(path).review.threads] == expected


replacements = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x85\u2028\u2029"),
                       min_size=0, max_size=30)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_apply_changes_only_the_suggested_words(data):
    doc = parse(SAMPLE, "g.yaml")
    units = [u for u in guideline_units(doc.data) if u.path in doc.positions]
    u = data.draw(st.sampled_from(units))
    start = data.draw(st.integers(0, len(u.text) - 1))
    end = data.draw(st.integers(start + 1, min(len(u.text), start + 25)))
    rep = data.draw(replacements)
    new_value = u.text[:start] + rep + u.text[end:]
    if not new_value.strip() or new_value != new_value.strip() and u.field == "title":
        return
    t = Thread(id="t1", anchor=Anchor.from_text(u.text, start, end, clause=u.element, field=u.field), author=AUTHOR,
               created="2026-11-24T10:00:00Z", kind="suggestion", status="accepted", body="b", replacement=rep)
    rf = ReviewFile(threads=[t])
    try:
        result = apply_suggestions(doc, rf.threads)
    except Exception as exc:  # a value no YAML style can hold safely is refused, never written wrong
        from lic_policy.errors import InputError

        assert isinstance(exc, InputError)
        return
    after = result.text
    sp = doc.positions[u.path]
    # every byte before the scalar and after it is unchanged
    assert after[:sp.start] == SAMPLE[:sp.start]
    tail = SAMPLE[sp.end:]
    if sp.style in ("|", ">"):
        tail = tail.lstrip("\n")  # a block scalar owns the line breaks that end it
    assert after.endswith(tail)
    new_doc = parse(after, "g.yaml")
    assert new_doc.value_at(u.path) == new_value
    # and every other text field reads back the same
    for other in guideline_units(doc.data):
        if other.path != u.path:
            assert new_doc.value_at(other.path) == other.text


@pytest.mark.slow  # the property above at 500 examples (make test runs 40; it ran 120)
@settings(max_examples=500, deadline=None)
@given(st.data())
def test_apply_changes_only_the_suggested_words_500_examples(data):
    test_apply_changes_only_the_suggested_words.hypothesis.inner_test(data)
