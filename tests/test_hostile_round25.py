"""hostile25: new kinds of careless and hostile input: redlines and packets of guidelines whose
ids repeat.

Each test names what broke before its fix. Cases that held are counted in
tests/hostile_report.py (and so in tests/HOSTILE_INPUTS.md) without a test of their own here.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .conftest import GOOD, one_error_line, run_cli

CORPUS = Path(__file__).parent / "corpus" / "bad"

FIRST = "      - id: response.violence.1\n"
SLIPPED_IN = ("      - id: response.violence.1\n"
              "        text: Staff ask every person they meet on the street for identification.\n")


def _versions(tmp_path, where: str = "before"):
    """The sample guideline (old.yaml) and a copy (new.yaml) with a second clause under the id
    of response.violence.1, before or after the first: (old, new, line of the second id)."""
    old = tmp_path / "old.yaml"
    shutil.copy(GOOD, old)
    text = GOOD.read_text(encoding="utf-8")
    assert text.count(FIRST) == 1
    if where == "before":
        new_text = text.replace(FIRST, SLIPPED_IN + FIRST)
        second = new_text[:new_text.index(FIRST, new_text.index(FIRST) + 1)].count("\n") + 1
    else:
        end = text.index("      - id: response.violence.2\n")
        new_text = text[:end] + SLIPPED_IN + text[end:]
        second = new_text[:end].count("\n") + 1
    new = tmp_path / "new.yaml"
    new.write_text(new_text, encoding="utf-8")
    return old, new, second


@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_a_redline_of_a_version_whose_clause_ids_repeat_is_refused_at_the_second(tmp_path, where, fmt):
    """A clause added under an id another clause has (pasted, or copied to be edited) was
    hidden by `diff`: after the first, the redline said "no changes"; before it, the redline
    said the first clause's words were deleted and replaced, though they are still there.
    Either way a reviewer signing off the redline never saw what the new version says. Now the
    version is refused at the second id, naming the first, exit 2."""
    old, new, second = _versions(tmp_path, where)
    res = run_cli("diff", str(old), str(new), "--format", fmt)
    line = one_error_line(res, "response.violence.1", "own id", where=f"{new}:{second}:")
    assert "line" in line and "Staff ask every person" not in line
    assert res.stdout == ""
    # the other way round too
    res = run_cli("diff", str(new), str(old), "--format", fmt)
    one_error_line(res, "response.violence.1", where=f"{new}:{second}:")


def test_a_review_packet_of_a_guideline_whose_clause_ids_repeat_is_refused(tmp_path):
    """`review packet` wrote a Word file of such a guideline: a reviewer's tracked change in
    either clause came back under one id, and `review import` put it on the other. Now it is
    refused, nothing written."""
    _old, new, second = _versions(tmp_path, "after")
    out = tmp_path / "p.docx"
    res = run_cli("review", "packet", str(new), "-o", str(out))
    one_error_line(res, "response.violence.1", where=f"{new}:{second}:")
    assert not out.exists()


def test_repeated_ids_in_the_corpus_are_refused_by_diff(tmp_path):
    """The corpus file (a section and a principle holding ids used before) is refused by diff."""
    bad = CORPUS / "repeated-ids.yaml"
    res = run_cli("diff", str(GOOD), str(bad))
    line = one_error_line(res, "own id", where=f"{bad}:")
    assert re.match(re.escape(str(bad)) + r":\d+:\d+: ", line)


def test_ids_that_do_not_repeat_still_redline(tmp_path):
    """A clause renamed, or two versions with the same ids, still redline."""
    old, _new, _second = _versions(tmp_path)
    renamed = tmp_path / "renamed.yaml"
    renamed.write_text(GOOD.read_text(encoding="utf-8").replace(SLIPPED_IN.splitlines()[0], "      - id: x.1"),
                       encoding="utf-8")
    res = run_cli("diff", str(old), str(renamed))
    assert res.exit_code == 0 and "x.1" in res.stdout, res


def test_review_add_on_an_id_used_twice_is_refused_naming_the_repeat(tmp_path):
    """`review add --clause response.violence.1` on a guideline where two clauses have that id
    looked for the quote in the first only: words of the second were "not in
    'response.violence.1'" (copy the words exactly), and words of the first were anchored on an
    id the next `reanchor` or `apply` could take for the other. Now the repeat is named at the
    second id, nothing written."""
    _old, new, second = _versions(tmp_path, "before")
    for quote in ("every person", "Stay with the"):
        res = run_cli("review", "add", str(new), "--clause", "response.violence.1", "--quote", quote,
                      "--body", "Please say who this is for.", "--author", "staff-1", "--role", "staff")
        one_error_line(res, "response.violence.1", "used twice", "own id", where=f"{new}:{second}:")
    assert not (tmp_path / "new.review.yaml").exists()
    # another clause of the same guideline still takes a thread
    res = run_cli("review", "add", str(new), "--clause", "response.violence.2", "--quote", "Treat every",
                  "--body", "Agreed.", "--author", "staff-1", "--role", "staff")
    assert res.exit_code == 0, res


# ---------------------------------------------------------------- keys that are not plain words

HOSTILE_KEYS = {"an escape that retitles the window": "purpose\\e]0;T\\a",
                "a line break": "purpose\\nscope",
                "a direction override": "\\u202eesoprup",
                "an escape under metadata": None}


@pytest.mark.parametrize("what", list(HOSTILE_KEYS))
def test_an_unknown_key_holding_controls_is_shown_as_symbols_on_one_line(tmp_path, what):
    """A double-quoted key holding ESC, a bell, a line break or a direction override
    (`"purpose\\e]0;T\\a": x`) went out as it was in `validate`'s "unknown field '…'": the
    terminal ran the escape (the window was retitled), the line was split in two, or turned
    around. Values were already shown escaped; keys now are shown as symbols (␛, ␤), as file
    names are, one line each."""
    key = HOSTILE_KEYS[what]
    g = tmp_path / "g.yaml"
    text = GOOD.read_text(encoding="utf-8")
    if key is None:
        text = text.replace("  version: 2.1.0\n", '  version: 2.1.0\n  "lang\\e[2J\\nuages": [en]\n', 1)
    else:
        text = text.replace("\npurpose: |\n", f'\n"{key}": x\npurpose: |\n')
    g.write_text(text, encoding="utf-8")
    res = run_cli("validate", str(g))
    assert res.exit_code == 1, res
    out = res.stdout
    assert not any(ch in out for ch in "\x1b\x07\u202e"), out
    lines = [ln for ln in out.splitlines() if "unknown field" in ln]
    assert len(lines) == 1 and lines[0].startswith(f"{g}:") and lines[0].endswith(")"), out
    # every line of the report is a problem with its place, or the summary
    assert all(ln.startswith(f"{g}:") or ln.startswith("1 file") for ln in out.splitlines() if ln), out


def test_review_apply_and_reanchor_refuse_a_guideline_whose_ids_repeat(tmp_path):
    """A suggestion accepted on response.violence.1, then a clause pasted above it under the
    same id: `review apply` looked in the first clause ("the anchored text no longer reads …;
    run `review reanchor`") and `review reanchor` in the last ("1 stayed"), so the advice led
    back to the same refusal for ever. Both now name the repeat at the second id; neither file
    is written."""
    old, new, second = _versions(tmp_path, "before")
    g = tmp_path / "g.yaml"
    shutil.copy(old, g)
    res = run_cli("review", "add", str(g), "--clause", "response.violence.1", "--quote", "Stay with the",
                  "--body", "Plainer.", "--author", "staff-1", "--role", "staff", "--kind", "suggestion",
                  "--replacement", "Remain with the")
    assert res.exit_code == 0, res
    assert run_cli("review", "accept", str(g), "t1").exit_code == 0
    shutil.copy(new, g)
    before = g.read_bytes(), (tmp_path / "g.review.yaml").read_bytes()
    for args in (["apply"], ["apply", "--dry-run"], ["reanchor"], ["reanchor", "--dry-run"]):
        res = run_cli("review", *args, str(g))
        one_error_line(res, "response.violence.1", "used twice", "own id", where=f"{g}:{second}:")
    assert (g.read_bytes(), (tmp_path / "g.review.yaml").read_bytes()) == before


# ---------------------------------------------------------------- import: headings that show nothing

INVISIBLE_HEADINGS = {"a zero-width space": "\u200b", "a zero-width joiner": "\u200d",
                      "Hangul fillers": "\u3164\u3164", "combining marks alone": "\u0301\u0301",
                      "a braille blank": "\u2800", "a word joiner and a no-break space": "\u2060\u00a0"}


@pytest.mark.parametrize("what", list(INVISIBLE_HEADINGS))
@pytest.mark.parametrize("where", ["title heading", "front matter", "section heading"])
def test_import_reads_a_heading_that_shows_nothing_as_no_heading(tmp_path, what, where):
    """A Markdown heading of a zero-width space (`# \\u200b`, left by an editor or pasted from
    a web page), or a front-matter title of one, became the guideline's title: "wrote g.yaml:
    “​”", a guideline that validated and published with a title no one could see; a section
    heading of one became a section without a visible title. Such a heading is now read as no
    heading (as `##` alone was): the title comes from the next heading, its text is kept."""
    from lic_policy.checks.normalize import shows_nothing

    blank = INVISIBLE_HEADINGS[what]
    md = tmp_path / "draft.md"
    if where == "title heading":
        body = f"# {blank}\n\n## Outreach first\n\nStaff call the outreach van first.\n"
    elif where == "front matter":
        body = f"---\ntitle: \"{blank}\"\n---\n\n## Outreach first\n\nStaff call the outreach van first.\n"
    else:
        body = (f"# Harbour Guidelines\n\n## Outreach first\n\nStaff call the outreach van first.\n\n"
                f"## {blank}\n\nStaff offer a ride to the clinic.\n")
    md.write_text(body, encoding="utf-8")
    out = tmp_path / "g.yaml"
    res = run_cli("import", str(md), "-o", str(out))
    assert res.exit_code == 0, res
    import yaml

    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert not shows_nothing(data["metadata"]["title"]), data["metadata"]["title"]
    titles = []

    def walk(sections):
        for s in sections or []:
            titles.append(s.get("title", ""))
            walk(s.get("sections"))
    walk(data.get("sections"))
    assert not any(shows_nothing(t) for t in titles), titles
    text = out.read_text(encoding="utf-8")
    assert "Staff call the outreach van first." in text
    if where == "section heading":
        assert "Staff offer a ride to the clinic." in text
    assert run_cli("validate", str(out)).exit_code == 0


# ---------------------------------------------------------------- diff of parts it cannot show

UNSHOWN = {
    "a clause written as a plain line": ("      - id: response.violence.2\n",
                                         "      - Staff ask every person they meet for identification.\n"
                                         "      - id: response.violence.2\n"),
    "a clause text written as a list": ("      - id: response.violence.2\n        text: |\n",
                                        "      - id: response.violence.2\n        text:\n"
                                        "          - Staff ask every person they meet for identification.\n"
                                        "        old: |\n"),
    "a section title written as a list": ("    title: Responding to violence against sex workers\n",
                                          "    title: [Staff ask every person they meet for identification.]\n"),
}


@pytest.mark.parametrize("what", list(UNSHOWN))
def test_diff_refuses_a_part_it_cannot_show_at_its_place(tmp_path, what):
    """A clause written as a plain line under `clauses:` (no id, no `text:`) was left out of
    the redline: "no changes"; a clause text written as a list showed the old words deleted
    and none of the new. A reviewer signing off the redline never saw the words. Now `diff`
    names the place and the shape to write, exit 2."""
    before, after = UNSHOWN[what]
    text = GOOD.read_text(encoding="utf-8")
    assert text.count(before) == 1
    new = tmp_path / "new.yaml"
    new_text = text.replace(before, after)
    new.write_text(new_text, encoding="utf-8")
    line = new_text[:new_text.index("Staff ask every person")].count("\n") + 1
    res = run_cli("diff", str(GOOD), str(new))
    one_error_line(res, "a redline cannot show", "write it as", where=f"{new}:")
    assert res.stderr.startswith(f"{new}:{line}:") or res.stderr.startswith(f"{new}:{line - 1}:"), res.stderr
