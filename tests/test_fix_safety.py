"""Fixes that never cause harm (issue 12): safe and unsafe fixes (`fix --write` applies the
safe ones, `--unsafe-fixes` the others too), no fix ever writes "sex work" about a young
person, no fix edits Markdown that is not prose, and line endings and byte-order marks stay
byte-identical.

Sentences that must be flagged here are test fixtures and use the flagged words on purpose."""

from __future__ import annotations

import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lic_policy import store
from lic_policy.checks.engine import check_prose_text
from lic_policy.checks.fixes import FixPlan, fix_text_prose, fix_text_yaml, youth_harm
from lic_policy.checks.runner import check_file

from .conftest import DRAFT, GOOD, default_ruleset, run_cli

RS = default_ruleset()  # shared by the modules of this process (conftest)
PROPERTY = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# ---------------------------------------------------------------- safe and unsafe


SAFE_AND_UNSAFE = ("Outreach staff met prostitutes near the park.\n\n"  # must-flag fixture: a safe fix
                   "Prostitution happens in several neighbourhoods.\n")  # must-flag fixture: an unsafe fix


def test_fix_shows_only_safe_fixes_and_says_how_to_see_the_unsafe_ones(tmp_path):
    target = tmp_path / "notes.md"
    target.write_text(SAFE_AND_UNSAFE, encoding="utf-8")
    res = run_cli("fix", str(target))
    assert res.exit_code == 0
    assert "+Outreach staff met sex workers near the park." in res.stdout
    assert "Sex work happens" not in res.stdout
    assert "can fix 1 finding in 1 file with safe fixes" in res.stderr
    assert "1 unsafe fix not shown" in res.stderr and "--unsafe-fixes" in res.stderr
    res = run_cli("fix", "--unsafe-fixes", str(target))
    assert "+Sex work happens in several neighbourhoods." in res.stdout
    assert "+Outreach staff met sex workers near the park." in res.stdout
    assert "unsafe fix not" not in res.stderr
    assert target.read_text(encoding="utf-8") == SAFE_AND_UNSAFE  # nothing written without --write


def test_fix_write_applies_safe_fixes_only_unless_unsafe_fixes(tmp_path):
    target = tmp_path / "notes.md"
    target.write_text(SAFE_AND_UNSAFE, encoding="utf-8")
    res = run_cli("fix", "--write", str(target))
    assert "fixed 1 finding in 1 file" in res.stdout
    assert "1 unsafe fix not applied" in res.stdout
    assert target.read_text(encoding="utf-8") == SAFE_AND_UNSAFE.replace("met prostitutes", "met sex workers")
    res = run_cli("fix", "--write", "--unsafe-fixes", str(target))
    assert "fixed 1 finding in 1 file" in res.stdout and "unsafe" not in res.stdout
    assert target.read_text(encoding="utf-8") == ("Outreach staff met sex workers near the park.\n\n"
                                                  "Sex work happens in several neighbourhoods.\n")
    res = run_cli("fix", "--write", "--unsafe-fixes", str(target))
    assert "fixed 0 findings: nothing to fix in the 1 file checked" in res.stdout


def test_guideline_unsafe_fix_needs_the_flag(tmp_path):
    target = tmp_path / "draft.yaml"
    shutil.copy(DRAFT, target)
    text = target.read_text(encoding="utf-8")
    safe, n_safe = fix_text_yaml(str(target), text, RS)
    plan = FixPlan()
    both, n_both = fix_text_yaml(str(target), text, RS, unsafe=True, plan=plan)
    assert n_both > n_safe > 0 and plan.unsafe_left == 0
    assert "street prostitution" in safe and "street prostitution" not in both
    assert "street-based sex work" in both
    assert store.parse(both, str(target)).data["purpose"].count("street-based sex work") == 1


def test_check_text_output_marks_a_fix_that_needs_unsafe_fixes(tmp_path):
    target = tmp_path / "notes.md"
    target.write_text(SAFE_AND_UNSAFE, encoding="utf-8")
    out = run_cli("check", "--no-cache", "--fail-on", "none", str(target)).stdout
    lines = out.splitlines()
    safe = next(ln for ln in lines if "fix: 'prostitutes'" in ln)
    unsafe = next(ln for ln in lines if "fix: 'Prostitution'" in ln)
    assert "(lic-policy fix --write)" in safe and "unsafe" not in safe
    assert "unsafe" in unsafe and "--unsafe-fixes" in unsafe
    data = run_cli("check", "--no-cache", "--format", "json", "--fail-on", "none", str(target)).stdout
    import json

    fixes = {f["match"]: f["fix_safe"] for f in json.loads(data)["findings"] if f["fix"]}
    assert fixes == {"prostitutes": True, "Prostitution": False}


# ---------------------------------------------------------------- offsets: a fix lands where its finding is


def test_plain_text_fixes_land_on_their_words(tmp_path):
    # a .txt file is split into paragraphs as plain text (an indented line is not a code
    # block, "#" is not a heading): fixing it with Markdown's units put replacements at
    # the wrong offsets and broke the text
    target = tmp_path / "export.txt"
    text = ("    Indented paragraph that talks about prostitutes in the area.\n\n"  # must-flag fixture
            "# A line starting with a hash\nThe hookers downtown asked for lighting.\n")  # must-flag fixture
    target.write_text(text, encoding="utf-8")
    run_cli("fix", "--write", str(target))
    assert target.read_text(encoding="utf-8") == text.replace("prostitutes", "sex workers").replace(
        "hookers", "sex workers")


def test_a_match_across_inline_code_is_not_fixed(tmp_path):
    target = tmp_path / "notes.md"
    text = "Staff met child `x` prostitutes.\n"  # must-flag fixture (the words around a code span)
    target.write_text(text, encoding="utf-8")
    res = run_cli("fix", "--write", str(target))
    assert target.read_text(encoding="utf-8") == text
    assert "1 fix withheld: the words reach into code" in res.stdout


# ---------------------------------------------------------------- never "sex work" about a young person

YOUTH = ["child", "children", "youth", "youths", "teen", "teens", "teenagers", "minors", "juveniles",
         "adolescents", "girls aged 14", "girls as young as 13", "young people", "underage girls",
         "15-year-olds", "kids", "boys and girls", "a 16-year-old"]
SHAPES = [  # {Y}: the youth words; the terms are must-flag fixtures
    "{Y} prostitution", "{Y} prostitutes", "{Y} involved in prostitution", "{Y} involved in street prostitution",
    "prostitutes as young as 13", "prostitutes aged 15", "prostitution of {Y}", "the prostitution of {Y}",
    "{Y} in prostitution", "{Y} who are involved in prostitution", "{Y} engaged in prostitution",
    "{Y} working as prostitutes", "{Y} selling sex as prostitutes", "prostitutes who are {Y}",
    "{Y} drawn into prostitution", "{Y} exploited through prostitution", "{Y} at risk of prostitution",
    "street prostitution involving {Y}", "{Y} forced into prostitution", "{Y} recruited as call girls",
    "{Y} working as hookers", "{Y} who work as streetwalkers", "{Y} and prostitution", "{Y} exiting prostitution",
    "{Y} leaving prostitution", "{Y} trapped in prostitution", "{Y} lured into prostitution",
    "prostitutes, including {Y},", "prostitutes, some of them {Y},", "{Y} sold into prostitution",
    "{Y} used in prostitution", "{Y} and young women in prostitution", "{Y} who were prostitutes",
    "prostitution among {Y}", "{Y} in street-level prostitution", "{Y} who became prostitutes",
    "{Y}, often called child prostitutes,", "{Y} working as call girls",
]
FRAMES = ["The city will support {X}.", "{X} is a growing concern.", "Outreach workers met {X} downtown.",
          "We must protect {X} from harm.", "Staff will refer {X} to youth services.", "Police found {X} in motels.",
          "Research on {X}, cf. the 2019 report, is scarce.", "Dr. Lee's report counts {X} in the region."]
ADULT = ["Outreach staff met prostitutes near the park.", "Prostitution happens in several neighbourhoods.",
         "The hookers asked for better lighting.", "Adult sex workers asked for evening hours."]


def _youth_sentence(frame: str, shape: str, youth: str) -> str:
    s = frame.replace("{X}", shape.replace("{Y}", youth))
    return s[0].upper() + s[1:]


youth_sentences = st.builds(_youth_sentence, st.sampled_from(FRAMES), st.sampled_from(SHAPES),
                            st.sampled_from(YOUTH))
# a paragraph: youth sentences (True) among adult ones (False), in order
paragraphs = st.lists(st.one_of(youth_sentences.map(lambda s: (s, True)),
                                st.sampled_from(ADULT).map(lambda s: (s, False))), min_size=1, max_size=4)

_SEX_WORK = re.compile(r"sex[\s-]*work", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.])  ")  # sentences are joined with two spaces (fixes never write two)


def _check_youth(original: list[list[tuple[str, bool]]], fixed_paragraphs: list[str], new_text: str, file: str):
    for para, fixed in zip(original, fixed_paragraphs):
        sentences = _SENTENCE_END.split(fixed.strip())
        assert len(sentences) == len(para), (para, fixed)
        for (before, is_youth), after in zip(para, sentences):
            if is_youth:
                # the fix wrote no "sex work" into a sentence about a young person
                assert len(_SEX_WORK.findall(after)) <= len(_SEX_WORK.findall(before)), (before, after)
    # and a check of the fixed text finds no youth finding that a fix made
    for f in check_prose_text(file, new_text, RS).findings:
        if f.rule_id == "lang.youth-sex-work":
            assert not _SEX_WORK.search(f.match), f


@PROPERTY
@given(doc=st.lists(paragraphs, min_size=1, max_size=3), unsafe=st.booleans(), suffix=st.sampled_from([".md", ".txt"]))
def test_fix_never_writes_sex_work_about_a_young_person_in_prose(doc, unsafe, suffix):
    text = "\n\n".join("  ".join(s for s, _y in para) for para in doc) + "\n"
    file = "notes" + suffix
    new, _count = fix_text_prose(file, text, RS, unsafe=unsafe)
    fixed = new.rstrip("\n").split("\n\n")
    assert len(fixed) == len(doc)
    _check_youth(doc, fixed, new, file)


def _clause(text: str) -> str:
    return GOOD.read_text(encoding="utf-8").replace(
        "      - id: response.violence.1\n",
        f"      - id: response.violence.0\n        text: {text!r}\n      - id: response.violence.1\n", 1)


# `make test` fixes 8 generated paragraphs in the sample guideline (each fix checks the whole
# 57 KB guideline: about 55 ms); the slow twin below fixes 60, in `make test-all` as CI runs it
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(para=paragraphs, unsafe=st.booleans())
def test_fix_never_writes_sex_work_about_a_young_person_in_a_guideline(para, unsafe):
    _fix_in_a_guideline(para, unsafe)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(para=paragraphs, unsafe=st.booleans())
def test_fix_never_writes_sex_work_about_a_young_person_in_a_guideline_60_paragraphs(para, unsafe):
    _fix_in_a_guideline(para, unsafe)


def _fix_in_a_guideline(para, unsafe):
    sentence = "  ".join(s for s, _y in para)
    text = _clause(sentence.replace("'", "’"))
    para = [(s.replace("'", "’"), y) for s, y in para]
    new, _count = fix_text_yaml("g.yaml", text, RS, unsafe=unsafe)
    value = store.parse(new, "g.yaml").data["sections"]
    clause = next(c for s in value for c in s.get("clauses") or [] if c["id"] == "response.violence.0")
    _check_youth([para], [clause["text"]], clause["text"], "clause.md")


@pytest.mark.parametrize("text", [  # must-flag fixtures: what a fix must never make "sex work"
    "Young people involved in prostitution need support.",
    "Underage girls drawn into prostitution need support.",
    "Youth exiting prostitution need housing.",
    "The city will support prostitutes, including children, downtown.",
    "Teenagers who work as streetwalkers were referred.",
])
def test_check_offers_no_sex_work_fix_or_suggestion_about_a_young_person(tmp_path, text):
    _no_sex_work_fix(tmp_path, text, suggestions=True)


def _no_sex_work_fix(tmp_path, text, suggestions=False):
    """`check` of ``text`` finds something, offers no fix (nor, with ``suggestions``, any
    suggestion) that says "sex work", and `fix --write --unsafe-fixes` writes none."""
    target = tmp_path / "notes.md"
    target.write_text(text + "\n", encoding="utf-8")
    result = check_file(str(target), RS)
    assert result.findings
    for f in result.findings:
        assert not (f.fix and _SEX_WORK.search(f.fix)), f
        assert not (suggestions and any(_SEX_WORK.search(s) for s in f.suggestions)), f
    res = run_cli("fix", "--write", "--unsafe-fixes", str(target))
    assert not _SEX_WORK.search(target.read_text(encoding="utf-8")), res.stdout


@pytest.mark.parametrize("text", [  # must-flag fixtures: coercion the fix must never call sex work
    "The shelter supports women who were forced into prostitution.",
    "Traffickers sold the women into prostitution in 2019.",
    "She was coerced by her partner into prostitution.",
    "Men who trick women into street prostitution will be prosecuted.",
    "Victims exploited through prostitution were referred to the clinic.",
])
def test_check_offers_no_sex_work_fix_or_suggestion_where_people_were_forced(tmp_path, text):
    """Force, fraud and coercion make it sexual exploitation: the usual "prostitution" ->
    "sex work" swap wrote "forced into sex work" (it still may not, with --unsafe-fixes)."""
    target = tmp_path / "notes.md"
    target.write_text(text + "\n", encoding="utf-8")
    result = check_file(str(target), RS)
    language = [f for f in result.findings if f.rule_id.startswith("lang.")]
    assert [f.rule_id for f in language] == ["lang.coerced-prostitution"]
    for f in language:
        assert not (f.fix and _SEX_WORK.search(f.fix)), f
        assert not any(_SEX_WORK.search(s) for s in f.suggestions), f
    run_cli("fix", "--write", "--unsafe-fixes", str(target))
    assert not _SEX_WORK.search(target.read_text(encoding="utf-8"))


@pytest.mark.parametrize("text,tied", [
    ("Underage girls drawn into prostitution need support.", True),
    ("Teenagers who work as streetwalkers were referred.", True),
    ("Youth leaving prostitution need housing.", True),
    ("Girls selling sex as prostitutes were referred to the clinic.", False),  # no age: not a youth word
    ("Youth and prostitutes both use the outreach van.", False),  # a conjunction breaks the tie
])
def test_youth_word_tied_to_the_term_is_youth_sex_work(text, tied):
    ids = {f.rule_id for f in check_prose_text("t.md", text, RS).findings}
    assert ("lang.youth-sex-work" in ids) is tied, ids


def test_youth_harm_is_sentence_wide_and_only_for_sex_work():
    text = "Youth and prostitutes both use the outreach van. Prostitutes asked for lighting."
    first = text.index("prostitutes")
    second = text.index("Prostitutes")
    assert youth_harm(text, first, first + 11, "sex workers")
    assert not youth_harm(text, second, second + 11, "Sex workers")  # another sentence
    assert not youth_harm(text, first, first + 11, "people")  # no "sex work" written


@pytest.mark.parametrize("text", [  # must-flag fixtures (ux25): the young person is named before the term
    # a pronoun in the next sentence of the paragraph speaks of them: "They were working as sex workers"
    "Outreach staff met three girls aged 14 and 15 near the station. They were working as prostitutes for an "
    "older man.",
    "A 16-year-old came to the drop-in. Staff were told she had been a prostitute since March.",
    # a semicolon or a colon does not end what the sentence speaks of
    "Several minors; all of them prostitutes, according to the report.",
    "The file lists two teenagers: both described as prostitutes by the hotel staff.",
])
def test_fix_never_writes_sex_work_about_a_young_person_named_before_the_term(tmp_path, text):
    _no_sex_work_fix(tmp_path, text)


@pytest.mark.parametrize("young", [  # ux25: ways of naming a young person the youth words missed
    "a fifteen-year-old", "schoolgirls", "high school students", "preteens", "youngsters", "a girl of 15",
    "a 9-year-old", "boys of 14", "a Grade 9 student", "tweens", "a girl, 15,", "underaged girls",
    "the daughter, 14,", "two 16 yr olds", "under-18s", "a thirteen year old", "pupils",
])
def test_no_sex_work_fix_beside_other_words_for_a_young_person(young):
    text = f"Police found {young} with prostitutes in the motel."
    at = text.index("prostitutes")
    assert youth_harm(text, at, at + 11, "sex workers")


def test_a_table_row_about_a_young_person_gets_no_sex_work_fix(tmp_path):
    """ux25: a Markdown table's cells are sentences of their own (`|` ends one), so the row
    `| Two girls aged 14 | Front Street | described by the hotel as prostitutes |` was fixed to
    "described by the hotel as sex workers"; the row is what speaks of the young person."""
    target = tmp_path / "referrals.md"  # must-flag fixtures: the term in both rows
    target.write_text("| Who | Where | Notes |\n|---|---|---|\n"
                      "| Two girls aged 14 | Front Street | described by the hotel as prostitutes |\n"
                      "| Adult women | Harbour Road | prostitutes asked for lighting |\n", encoding="utf-8")
    fixes = {f.line: f.fix for f in check_file(str(target), RS).findings if f.rule_id == "lang.prostitute"}
    assert fixes == {3: None, 4: "sex workers"}, fixes


@pytest.mark.parametrize("text", [  # must-flag fixtures (ux25): the list item's parent names the young person
    "- Two girls aged 14 and 15\n  - described by the hotel as prostitutes\n",
    "Referrals of girls aged 14 and 15:\n\n- described by the hotel as prostitutes\n- seen with an older man\n",
    "1. Youth at the station\n   1. some were prostitutes, staff said\n",
])
def test_a_list_item_under_a_young_person_gets_no_sex_work_fix(tmp_path, text):
    target = tmp_path / "notes.md"
    target.write_text(text, encoding="utf-8")
    found = [f for f in check_file(str(target), RS).findings if f.rule_id == "lang.prostitute"]
    assert found and all(f.fix is None for f in found), found


def test_a_list_item_beside_a_young_person_keeps_its_fix(tmp_path):
    target = tmp_path / "notes.md"  # must-flag fixture: siblings, not parent and child
    target.write_text("- Youth services at the station\n- Staff met prostitutes near the park\n", encoding="utf-8")
    found = [f for f in check_file(str(target), RS).findings if f.rule_id == "lang.prostitute"]
    assert [f.fix for f in found] == ["sex workers"], found


def test_no_sex_work_fix_under_a_heading_or_in_a_section_about_young_people(tmp_path):
    """ux25: `## Youth sexual exploitation` over `Outreach staff offer prostitutes met at the
    station a ride`, and a clause of the guideline's youth protocol saying the same, were fixed
    to "offer sex workers met at the station"; under an adults' heading the fix stays."""
    md = tmp_path / "outreach.md"  # must-flag fixtures: the term under both headings
    md.write_text("# Outreach\n\n## Youth sexual exploitation\n\n### At the station\n\n"
                  "Outreach staff offer prostitutes met at the station a ride to the shelter.\n\n"
                  "## Adults\n\nStaff met prostitutes near the park.\n", encoding="utf-8")
    fixes = {f.line: f.fix for f in check_file(str(md), RS).findings if f.rule_id == "lang.prostitute"}
    assert fixes == {7: None, 11: "sex workers"}, fixes
    g = tmp_path / "g.yaml"
    text = _clause("Outreach staff offer prostitutes met at the station a ride to the shelter.")
    text = text.replace("      - id: response.violence.0\n", "      - id: response.violence.0\n", 1)
    g.write_text(text, encoding="utf-8")
    plain = [f.fix for f in check_file(str(g), RS).findings if f.rule_id == "lang.prostitute" and f.clause ==
             "response.violence.0"]
    assert plain == ["sex workers"], plain  # the violence protocol: an adult's clause
    youth = GOOD.read_text(encoding="utf-8")
    at = youth.index("protocol: youth-sexual-exploitation")
    clauses = youth.index("clauses:\n", at) + len("clauses:\n")
    indent = youth[clauses:].index("- id:")
    youth = (youth[:clauses] + " " * indent + "- id: youth.ride\n" + " " * indent
             + "  text: Outreach staff offer prostitutes met at the station a ride to the shelter.\n" + youth[clauses:])
    g.write_text(youth, encoding="utf-8")
    found = [f for f in check_file(str(g), RS).findings if f.rule_id == "lang.prostitute" and f.clause == "youth.ride"]
    assert found and all(f.fix is None for f in found), found
    new, _count = fix_text_yaml("g.yaml", youth, RS, unsafe=True)
    assert "offer sex workers met" not in new


def test_a_young_person_in_an_earlier_sentence_withholds_only_where_a_pronoun_looks_back():
    text = ("Youth services were told about the park. Outreach staff met prostitutes there. "
            "They asked for better lighting.")
    at = text.index("prostitutes")
    assert not youth_harm(text, at, at + 11, "sex workers")  # no pronoun: another sentence's youth
    text = "Two girls aged 15 were seen. They were called prostitutes.\n\nThey were prostitutes, staff said."
    first, second = text.index("prostitutes"), text.rindex("prostitutes")
    assert youth_harm(text, first, first + 11, "sex workers")
    # the next paragraph's first sentence looks back with its pronoun (the lead's call after
    # hostile26: it may speak of the girls; withholding costs only the fix)
    assert youth_harm(text, second, second + 11, "sex workers")
    text = "Two girls aged 15 were seen.\n\nA clinic opened.\n\nThey were prostitutes, staff said."
    third = text.index("prostitutes")
    assert not youth_harm(text, third, third + 11, "sex workers")  # two paragraphs away


# ---------------------------------------------------------------- Markdown that is not prose is never edited

TRIGGER = st.sampled_from(["prostitutes", "hookers", "prostitution", "johns", "addicts", "child-prostitutes",
                           "street-walkers", "Prostitutes"])
words = st.lists(st.sampled_from(["the", "report", "on", "staff", "met", "near", "park", "city"]), min_size=0,
                 max_size=3).map(" ".join)


@st.composite
def markdown_docs(draw):
    """A Markdown document as (kind, text) parts: "keep" parts (code, URLs, HTML, front-matter
    keys and syntax, line breaks, a byte-order mark) must come out byte-identical; "prose"
    parts may be fixed."""
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    parts: list[tuple[str, str]] = []
    if draw(st.booleans()):
        parts.append(("keep", "\ufeff"))
    if draw(st.booleans()):
        t = draw(TRIGGER)
        parts += [("keep", f"---{nl}title: "), ("prose", f"Report on {t}"),
                  ("keep", f"{nl}{t}-note: "), ("prose", "see the annex"), ("keep", f"{nl}---{nl}{nl}")]
    previous = ""
    for _ in range(draw(st.integers(1, 6))):
        t, u = draw(TRIGGER), draw(TRIGGER)
        kind = draw(st.sampled_from(["para", "link", "autolink", "code", "fence", "indented", "html", "image",
                                     "refdef", "heading", "item", "inline_html"]))
        if kind == "indented" and previous == "item":
            # indented lines after a list item continue the item (CommonMark): prose, not code
            parts += [("prose", "For example:"), ("keep", nl + nl)]
        previous = kind
        lead = draw(words)
        if kind == "para":
            parts += [("prose", f"Outreach staff met {t} near the {lead or 'park'}.")]
        elif kind == "link":
            parts += [("prose", f"See the [{lead or 'report'} on {t}]"),
                      ("keep", f"(https://example.org/{u}-report.pdf \"{u}\")"), ("prose", f" about {t}.")]
        elif kind == "autolink":
            parts += [("prose", f"Read {lead} "), ("keep", f"<https://example.org/{t}/{u}>"), ("prose", " today.")]
        elif kind == "code":
            parts += [("prose", f"Run {lead} "), ("keep", f"`grep {t} {u}.txt`"), ("prose", f" on {t}.")]
        elif kind == "fence":
            parts += [("keep", f"```text{nl}{t} and {u}{nl}child {t}{nl}```")]
        elif kind == "indented":
            parts += [("keep", f"    {t} = {u}{nl}    child_{t}()")]
        elif kind == "html":
            parts += [("keep", f"<div class=\"{t}\">{nl}{u} and child {t}{nl}</div>")]
        elif kind == "image":
            parts += [("prose", "![chart]"), ("keep", f"(img/{t}-{u}.png)"), ("prose", f" shows {t}.")]
        elif kind == "refdef":
            parts += [("prose", f"The [{lead or 'study'}][{t}] counts."), ("keep", f"{nl}{nl}[{t}]: https://example.org/{u}")]
        elif kind == "heading":
            parts += [("keep", "## "), ("prose", f"Services for {t}")]
        elif kind == "item":
            parts += [("keep", "- "), ("prose", f"{t.capitalize()} asked for lighting.")]
        elif kind == "inline_html":
            parts += [("prose", f"Staff met {t} "), ("keep", f"<span title=\"{u}\">"), ("prose", "here"),
                      ("keep", "</span>"), ("prose", ".")]
        parts.append(("keep", nl + nl))
    return parts


@pytest.mark.slow
@PROPERTY
@given(parts=markdown_docs(), unsafe=st.booleans())
def test_fix_write_never_edits_markdown_that_is_not_prose(tmp_path_factory, parts, unsafe):
    target = tmp_path_factory.mktemp("md") / "notes.md"
    raw = "".join(p for _k, p in parts).encode("utf-8")
    target.write_bytes(raw)
    args = ["fix", "--write", str(target)] + (["--unsafe-fixes"] if unsafe else [])
    run_cli(*args)
    new = target.read_bytes().decode("utf-8")
    # every part that is not prose is still there, byte for byte, in order
    cursor = 0
    for kind, part in parts:
        if kind != "keep":
            continue
        k = new.find(part, cursor)
        assert k >= 0, (part, new)
        cursor = k + len(part)
    assert new.startswith("\ufeff") == raw.startswith("\ufeff".encode())
    assert new.count("\r\n") == raw.decode("utf-8").count("\r\n")
    assert new.count("\n") == raw.decode("utf-8").count("\n")


def test_the_markdown_property_can_fail(tmp_path):
    """The property above sees an edit of code: a part that changed is not found."""
    target = tmp_path / "notes.md"
    target.write_text("Outreach staff met prostitutes near the park.\n", encoding="utf-8")  # must-flag fixture
    run_cli("fix", "--write", str(target))
    assert "prostitutes" not in target.read_text(encoding="utf-8")


# ---------------------------------------------------------------- line endings and byte-order marks


@pytest.mark.parametrize("nl", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_guideline_fix_keeps_line_endings_and_bom(tmp_path, nl, bom):
    text = GOOD.read_text(encoding="utf-8").replace(
        "      - id: response.violence.1\n",
        "      - id: response.violence.0\n        text: Staff met prostitutes and hookers at the centre.\n"
        "      - id: response.violence.1\n", 1)  # must-flag fixture
    raw = (bom + text.replace("\n", nl)).encode("utf-8")
    target = tmp_path / "g.yaml"
    target.write_bytes(raw)
    run_cli("fix", "--write", str(target))
    want = raw.replace(b"Staff met prostitutes and hookers", b"Staff met sex workers and sex workers")
    assert target.read_bytes() == want


@pytest.mark.parametrize("suffix", [".md", ".txt"])
@pytest.mark.parametrize("nl", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_prose_fix_keeps_line_endings_and_bom(tmp_path, suffix, nl, bom):
    body = nl.join(["# Notes", "", "Outreach staff met prostitutes", "near the park.", "", "Thanks."]) + nl
    raw = (bom + body).encode("utf-8")  # must-flag fixture above
    target = tmp_path / ("notes" + suffix)
    target.write_bytes(raw)
    run_cli("fix", "--write", str(target))
    assert target.read_bytes() == raw.replace(b"met prostitutes", b"met sex workers")


def test_front_matter_keys_stay_with_a_bom_or_crlf(tmp_path):
    for name, raw in (("crlf.md", "---\r\ntitle: Street prostitutes report\r\nhookers: 4\r\n---\r\n\r\nHi.\r\n"),
                      ("bom.md", "\ufeff---\ntitle: Street prostitutes report\nhookers: 4\n---\n\nHi.\n")):
        target = tmp_path / name  # must-flag fixtures: a value to fix and a key to leave alone
        target.write_bytes(raw.encode("utf-8"))
        run_cli("fix", "--write", str(target))
        assert target.read_bytes().decode("utf-8") == raw.replace("Street prostitutes", "Street sex workers")


@pytest.mark.parametrize("nl", ["\r", "\r\n"])
def test_markdown_with_cr_line_endings_is_checked_at_the_right_place(tmp_path, nl):
    # a file with old Mac line endings (a lone CR) crashed `check` (IndexError): the parser
    # counts CR as a line break and the units did not
    target = tmp_path / "notes.md"
    target.write_bytes(nl.join(["# Notes", "", "Outreach staff met prostitutes", "near the park."]).encode())
    res = run_cli("check", "--no-cache", "--fail-on", "none", str(target))  # must-flag fixture above
    assert res.exit_code == 0 and "internal error" not in res.stdout + res.stderr
    assert f"{target}:3:20: warning lang.prostitute" in res.stdout


# ---------------------------------------------------------------- the editor: unsafe fixes are never preferred


def test_lsp_unsafe_quick_fix_is_not_preferred_and_fix_all_applies_safe_fixes_only(tmp_path):
    pytest.importorskip("pygls")
    from lsprotocol import types as lsp

    from .test_lsp import _actions, run

    notes = tmp_path / "notes.md"
    notes.write_text(SAFE_AND_UNSAFE + "\nThe hookers asked for lighting.\n", encoding="utf-8")  # must-flag fixture

    async def scenario(ed) -> None:
        uri = ed.open(notes)
        diags = await ed.diagnostics(uri, 1)
        unsafe = next(d for d in diags if d.code == "lang.prostitution")
        safe = next(d for d in diags if d.code == "lang.prostitute")
        (fix,) = [a for a in await _actions(ed, uri, unsafe) if a.title.startswith("Replace 'Prostitution'")]
        assert not fix.is_preferred and "unsafe" in fix.title
        (fix,) = [a for a in await _actions(ed, uri, safe) if a.title.startswith("Replace 'prostitutes'")]
        assert fix.is_preferred and "unsafe" not in fix.title
        fix_all = next(a for a in await _actions(ed, uri, unsafe) if a.kind == lsp.CodeActionKind.SourceFixAll)
        assert fix_all.title.startswith("Apply all 2 safe fixes")
        ed.edit(uri, fix_all.edit.changes[uri])
        assert ed.texts[uri] == ("Outreach staff met sex workers near the park.\n\n"
                                 "Prostitution happens in several neighbourhoods.\n\n"
                                 "The sex workers asked for lighting.\n")

    run(tmp_path, scenario)


def test_sarif_says_which_fix_is_unsafe(tmp_path):
    import json

    target = tmp_path / "notes.md"
    target.write_text(SAFE_AND_UNSAFE, encoding="utf-8")
    sarif = json.loads(run_cli("check", "--no-cache", "--format", "sarif", "--fail-on", "none", str(target)).stdout)
    texts = {r["ruleId"]: r["fixes"][0]["description"]["text"] for r in sarif["runs"][0]["results"] if "fixes" in r}
    assert "unsafe" in texts["lang.prostitution"] and "unsafe" not in texts["lang.prostitute"]


@pytest.mark.parametrize("nl", ["\n", "\r\n", "\r"])
def test_check_withholds_the_youth_fix_whatever_the_line_endings(tmp_path, nl):
    target = tmp_path / "notes.md"  # must-flag fixtures: a fix for the first, none for the second
    target.write_bytes(nl.join(["# Notes", "", "Prostitution happens downtown.",
                                "Young people involved in prostitution need support.", ""]).encode())
    fixes = {f.line: f.fix for f in check_file(str(target), RS).findings if f.rule_id == "lang.prostitution"}
    assert fixes == {3: "Sex work", 4: None}


def test_a_withheld_fix_beside_a_young_person_leaves_no_advice_to_say_sex_work(tmp_path):
    # MUST-FLAG fixture: the term is flagged, but beside a young person neither the fix, the
    # suggestions nor the message may tell the drafter to write "sex work"
    p = tmp_path / "draft.md"
    p.write_text("Prostitution near schools affects young people.\n", encoding="utf-8")
    found = [f for f in check_file(str(p), RS).findings if f.rule_id == "lang.prostitution"]
    assert len(found) == 1
    f = found[0]
    assert f.fix is None
    assert not any(re.search(r"\bsex[\s-]*work", s, re.I) for s in f.suggestions)
    assert not re.search(r"say 'sex work'", f.message), f.message
    assert "young person" in f.message


@pytest.mark.parametrize("text", [  # must-flag fixtures (ux25): what `fix --write` read one paragraph of
    "# Outreach\n\n## Youth sexual exploitation\n\nOutreach staff offer prostitutes met at the station a ride.\n",
    "Referrals of girls aged 14 and 15:\n\n- described by the hotel as prostitutes\n- seen with an older man\n",
    "- Two girls aged 14 and 15\n\n  - described by the hotel as prostitutes\n",
])
def test_fix_write_reads_beyond_the_paragraph_for_a_young_person(tmp_path, text):
    target = tmp_path / "notes.md"
    target.write_text(text, encoding="utf-8")
    res = run_cli("fix", "--write", "--unsafe-fixes", str(target))
    assert not _SEX_WORK.search(target.read_text(encoding="utf-8")), res.stdout + res.stderr
    assert "1 fix withheld" in res.stderr + res.stdout
