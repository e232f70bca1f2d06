"""`check` reads the review file beside a guideline with the rules that need its threads
(privacy, open objections). A review file that breaks its schema (an unknown key, `threads`
that is not a list) was read as if nothing were wrong: `check` said "0 errors" and exited 0,
while `publish`, `review list` and `review packet` refused the same file with its
file:line:col. `check` now says so too, as the privacy rule's unread-review-file finding."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import run_cli

SAMPLES = Path(__file__).resolve().parent.parent / "guidelines"


def _repo(tmp_path: Path, edit) -> Path:
    g = tmp_path / "cedar-harbour-sex-work-response.yaml"
    shutil.copy(SAMPLES / g.name, g)
    review = tmp_path / "cedar-harbour-sex-work-response.review.yaml"
    text = (SAMPLES / review.name).read_text(encoding="utf-8")
    review.write_text(edit(text), encoding="utf-8")
    return g


@pytest.mark.parametrize("edit, says", [
    (lambda t: t.replace("threads:", "bogus_key: 1\nthreads:", 1), "bogus_key"),
    (lambda t: t.split("threads:")[0] + "threads: 3\n", "threads"),
])
def test_check_says_a_review_file_breaks_its_schema_as_publish_does(tmp_path, edit, says):
    g = _repo(tmp_path, edit)
    pub = run_cli("publish", str(g), "--to", "html", "-o", str(tmp_path / "out"))
    assert pub.exit_code == 2 and says in pub.stderr  # publish refuses it: the reference
    r = run_cli("check", "--no-cache", str(g))
    assert r.exit_code == 1, (r.exit_code, r.stdout[-600:])
    assert "the review file cannot be read" in r.stdout and says in r.stdout, r.stdout[-600:]
    assert "review.yaml:" in r.stdout  # where the file breaks, as file:line


def test_a_review_file_that_keeps_its_schema_adds_no_finding(tmp_path):
    g = _repo(tmp_path, lambda t: t)
    r = run_cli("check", "--no-cache", str(g))
    assert r.exit_code == 0 and "review file cannot be read" not in r.stdout, r.stdout[-600:]


def test_the_light_walk_never_calls_a_broken_file_plainly_valid():
    """``plainly_valid`` may send a valid file to pydantic (time only) but must never accept
    what the schema's shape refuses: every field of every thread, replaced by a value of
    another type or removed, is either refused by the walk or accepted by pydantic too (but
    `replacement`, which a model check ties to the thread's kind: publish's to say)."""
    import copy

    from lic_policy.errors import LicPolicyError
    from lic_policy.model.review_shape import plainly_valid
    from lic_policy.review.threads import parse, validate

    text = (SAMPLES / "cedar-harbour-sex-work-response.review.yaml").read_text(encoding="utf-8")
    data = parse(text, "r.yaml")[0]
    assert plainly_valid(data)

    def pydantic_ok(d) -> bool:
        try:
            validate(d, text, "r.yaml")
            return True
        except LicPolicyError:
            return False

    tried = 0
    for i, thread in enumerate(data["threads"]):
        for key in [k for k in thread if k != "replacement"]:
            for bad in (7, None, [], "", {"x": 1}, "__remove__"):
                d = copy.deepcopy(data)
                if bad == "__remove__":
                    del d["threads"][i][key]
                else:
                    d["threads"][i][key] = bad
                tried += 1
                if plainly_valid(d):
                    assert pydantic_ok(d), (key, bad)
    assert tried > 50


def test_a_review_file_that_is_a_link_looping_to_itself_is_one_clear_line(tmp_path):
    """`review list` and `review reanchor` beside a review file that is a symbolic link leading
    back to itself said "0 threads" and exited 0, as if there were no review file (a dangling
    link is a file to be created; a loop never is)."""
    import os

    g = tmp_path / "cedar-harbour-sex-work-response.yaml"
    shutil.copy(SAMPLES / g.name, g)
    review = tmp_path / "cedar-harbour-sex-work-response.review.yaml"
    os.symlink(review.name, review)
    for args in (("review", "list", str(g)), ("review", "reanchor", str(g))):
        r = run_cli(*args)
        lines = [ln for ln in r.stderr.splitlines() if ln.strip() and not ln.startswith("next:")]
        assert r.exit_code == 2, (args, r)
        assert len(lines) == 1 and "link" in lines[0] and "itself" in lines[0], lines
        assert "Traceback" not in r.stderr
    assert os.path.islink(review) and os.readlink(review) == review.name  # left as it was
