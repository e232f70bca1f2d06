"""hostile26: a fix never causes harm. Generated and hand-made inputs aimed at `lic-policy fix`
(and `fix --write`, the language server's quick fixes and the fixes `check` offers, which share
its guards): ages beside a term, words glued to a term (paths, labels, hashtags, compounds),
possessives, names, self-identification, mentions, articles and capitals.

Each test names what broke before its fix. Sentences here that must be flagged are test
fixtures and use the flagged words on purpose. Cases that held are counted in
tests/hostile_report.py without a test of their own here.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lic_policy.checks.fixes import FixPlan, fix_text_prose, fix_text_yaml
from lic_policy.checks.runner import check_file

from .conftest import GOOD, default_ruleset, run_cli

RS = default_ruleset()
PROPERTY = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
_SEX_WORK = re.compile(r"sex[\s-]*work", re.IGNORECASE)


def _fix(text: str, file: str = "notes.md", unsafe: bool = True) -> tuple[str, FixPlan]:
    plan = FixPlan()
    if file.endswith(".yaml"):
        new, _n = fix_text_yaml(file, text, RS, unsafe=unsafe, plan=plan)
    else:
        new, _n = fix_text_prose(file, text, RS, unsafe=unsafe, plan=plan)
    return new, plan


def _offered(tmp_path, text: str, name: str = "notes.md") -> list:
    """The fixes `check` offers for ``text`` (what the reports, SARIF and the editor show)."""
    target = tmp_path / name
    target.write_text(text, encoding="utf-8")
    return [f for f in check_file(str(target), RS).findings if f.fix is not None]


# ---------------------------------------------------------------- an age beside the term

AGED = [  # must-flag fixtures: an age under 18 is given, so no fix may write "sex work"
    "Prostitutes, some of them 15, were found.",
    "The prostitutes were between 13 and 17.",
    "The prostitutes were between 13 and 17 years of age.",
    "Prostitutes younger than 18 were found.",
    "Prostitutes not yet 18 were found.",
    "Prostitutes still in middle school were found.",
    "Prostitutes in grade 8 were found.",
    "Prostitutes who were 15 were found.",
    "The youngest prostitute was 12.",
    "A prostitute, age 15, was found.",
    "A prostitute (15) was found.",
    "A prostitute (age 15) was found.",
    "A prostitute, 15, was found.",
    "A 15 y/o prostitute was found.",
    "A 15yo prostitute was found.",
    "Little girls working as whores were found.",
    "Baby prostitutes were found.",
    "Her daughter, a prostitute at 15, died.",
    "She became a prostitute at 14.",
    "She became a prostitute at age 14.",
    "She started as a prostitute when she was 14.",
    "He was 15 when he began working as a prostitute.",
    "At 13, she was a prostitute.",
    "At thirteen she was already a prostitute.",
    "Prostitutes as young as twelve were found.",
    "Girl prostitutes were found.",
    "Boy prostitutes were found.",
    "Kid hookers were found.",
    "Runaways working as prostitutes.",
    "Girls in foster care working as prostitutes.",
    "The prostitutes (the youngest 14) were found.",
    "Two prostitutes, one of them 14, were found.",
    "Two prostitutes, one of whom was 14, were found.",
    "Prostitutes including a girl who was only fourteen.",
    "Girls, some of them 15, working as prostitutes.",
]


@pytest.mark.parametrize("text", AGED)
def test_no_sex_work_fix_where_an_age_under_18_is_given(tmp_path, text):
    """An age written as a bare number or beside "at", "was", "some of them", "(15)", "y/o",
    and children named as girls, boys, kids, babies or runaways, were not youth words: the fix
    wrote "Sex workers, some of them 15, were found" and "She became a sex worker at 14"."""
    new, plan = _fix(text + "\n")
    assert not _SEX_WORK.search(new), new
    assert plan.withheld_youth >= 1
    assert not any(_SEX_WORK.search(f.fix) for f in _offered(tmp_path, text + "\n"))


ADULT_NUMBERS = [  # must-flag fixtures: numbers that are no age; the fix is still made
    ("Staff met 15 prostitutes near the park.", "sex workers"),
    ("In 2015 the prostitutes asked for lighting.", "sex workers"),
    ("Prostitutes over 18 met staff in Section 15.", "Sex workers"),
    ("Outreach staff met prostitutes at 10 pm.", "sex workers"),
]


@pytest.mark.parametrize("text,want", ADULT_NUMBERS)
def test_a_number_that_is_no_age_keeps_the_fix(text, want):
    new, _plan = _fix(text + "\n")
    assert want in new, new


def test_a_table_whose_header_names_young_people_gets_no_sex_work_fix():
    """The header row of a Markdown table says what its rows are about: `| Girls aged 14-15 |`
    over `| staff met prostitutes |` became "staff met sex workers"."""
    text = ("| Referrals: girls aged 14 and 15 | Notes |\n|---|---|\n| Station | staff met prostitutes |\n\n"
            "| Adults | Notes |\n|---|---|\n| Park | staff met prostitutes |\n")
    new, plan = _fix(text)
    first, second = new.split("\n\n")
    assert "prostitutes" in first and "sex workers" in second, new
    assert plan.withheld_youth == 1


LOOKING_BACK = [  # must-flag fixtures: the young people are named in the sentence before
    "Police found several minors. Most were working as prostitutes.",
    "Police found several minors. Some worked as prostitutes.",
    "Police found several minors. Both had been prostitutes.",
    "Police found two 15-year-olds. The pair were prostitutes.",
    "Police found two 15-year-olds. Each was a prostitute.",
    "Police found two 15-year-olds. These prostitutes had no papers.",
    "Police found two 15-year-olds. The prostitutes had no papers.",
    "Minors.  Working as prostitutes.",
    "A 15–year–old came in. She had been a prostitute since March.",
]


@pytest.mark.parametrize("text", LOOKING_BACK)
def test_no_sex_work_fix_where_the_sentence_speaks_of_young_people_named_before(tmp_path, text):
    """Only a personal pronoun looked back: "Police found several minors. Most were working as
    sex workers", "Each was a sex worker", "The sex workers had no papers" (the ones just
    named), a sentence with no subject of its own; and an age written with en dashes."""
    new, plan = _fix(text + "\n")
    assert not _SEX_WORK.search(new), new
    assert not any(_SEX_WORK.search(f.fix) for f in _offered(tmp_path, text + "\n"))


def test_a_young_person_in_another_paragraph_withholds_nothing():
    """A paragraph that does not look back (no definite article, pronoun or quantifier at its
    first sentence) is about whom it names."""
    new, _plan = _fix("Police found two 15-year-olds.\n\nOutreach staff met prostitutes who asked for lighting.\n")
    assert "met sex workers who asked" in new
    new, _plan = _fix("Police found two 15-year-olds.\n\nA new clinic opened.\n\nThe prostitutes asked for lighting.\n")
    assert "The sex workers asked" in new  # two paragraphs away


@pytest.mark.parametrize("text", [
    "Police found three girls aged 14 and 15 in the flat.\n\nThe prostitutes were taken to a shelter.\n",
    "Officers met two 15-year-olds at the station.\n\nThey had been working as prostitutes since March.\n",
    "Several minors were found.\n\nMost were prostitutes from out of town.\n",
])
def test_the_first_sentence_of_a_paragraph_looks_back_to_the_paragraph_before(tmp_path, text):
    """The lead's call after hostile26: the first sentence of a paragraph that looks back (the
    ones just named, a pronoun, a quantifier) may speak of the young people the paragraph
    before names; withholding the fix costs only the fix, writing "sex work" about a child is
    the harm the rule exists to prevent."""
    new, _plan = _fix(text)
    assert not _SEX_WORK.search(new), new
    assert not any(_SEX_WORK.search(f.fix) for f in _offered(tmp_path, text))


# ---------------------------------------------------------------- generated: youth near the term

YOUNG = ["girls as young as 14", "teenagers", "minors", "girls aged 15", "boys under 18", "youths", "15-year-olds",
         "schoolgirls", "kids", "runaways", "children in foster care", "pupils in grade 9", "girls in their early teens",
         "girls, some of them 15,", "boys who were 15", "girls of 14 and 15", "fourteen-year-olds", "little girls",
         "young people"]  # people: {Y} stands where a noun phrase does
AGES = ["some of them 15", "15 and 16", "aged 15", "the youngest 14", "all under 18", "one of them 14", "age 15",
        "none older than 16", "15", "mostly 14 to 16"]  # said of the people the term names: {A}
TERMS = ["prostitutes", "prostitute", "hookers", "whores", "streetwalkers", "call girls", "working girls",
         "prostitution", "street prostitution", "harlots"]
SHAPES = ["{Y} working as {T}", "{T}, {Y},", "{T} ({Y})", "{T} who are {Y}", "{Y} in {T}", "{T}; {Y}",
          "{T}: {Y}", "{Y} - {T}", "{Y} and {T}", "{T}, {A},", "{T} ({A})", "{T} - {A} -", "{T} who were {A}",
          "{T}, {A}, {A}", "{T} aged {A}"]
FRAMES = ["Police found {X} in motels.", "{X} were referred to youth services.", "Staff met {X} downtown."]
PLACES = ["sentence", "next-item", "heading", "table", "yaml", "yaml-section"]


def _place(place: str, shape: str, young: str, term: str, frame: str, age: str = "15") -> tuple[str, str]:
    """A text that speaks of a young person near ``term``, and its file name."""
    if place in ("sentence", "yaml"):
        x = shape.replace("{Y}", young).replace("{A}", age).replace("{T}", term)
        s = frame.replace("{X}", x)
        s = s[0].upper() + s[1:]
        if place == "yaml":
            return _clause(s), "g.yaml"
        return s + "\n", "notes.md"
    s = frame.replace("{X}", term)
    s = s[0].upper() + s[1:]
    if place == "next-item":
        return f"Referrals of {young}:\n\n- {s}\n- Another referral.\n", "notes.md"
    if place == "heading":
        return f"# Referrals of {young}\n\n## At the station\n\n{s}\n", "notes.md"
    if place == "table":
        return f"| Who | What |\n|---|---|\n| {young} | {s} |\n", "notes.md"
    return _section(f"Referrals of {young}", s), "g.yaml"


def _clause(text: str) -> str:
    return GOOD.read_text(encoding="utf-8").replace(
        "      - id: response.violence.1\n",
        f"      - id: response.violence.0\n        text: {text!r}\n      - id: response.violence.1\n", 1)


def _section(title: str, text: str) -> str:
    good = GOOD.read_text(encoding="utf-8")
    at = good.index("\nsections:\n") + len("\nsections:\n")
    return (good[:at] + f"  - id: youth-referrals\n    title: {title!r}\n    clauses:\n"
            f"      - id: youth-referrals.1\n        text: {text!r}\n" + good[at:])


@pytest.mark.slow  # 0.22 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(place=st.sampled_from(PLACES), shape=st.sampled_from(SHAPES), young=st.sampled_from(YOUNG),
       age=st.sampled_from(AGES), term=st.sampled_from(TERMS), frame=st.sampled_from(FRAMES), unsafe=st.booleans())
def test_no_fix_writes_sex_work_near_a_young_person_in_any_shape_or_place(place, shape, young, age, term, frame,
                                                                          unsafe):
    """Youth words and ages placed before, after and around the terms, in a sentence, over a
    list, under a heading, in a table row and in a guideline's clause and section title: `fix
    --write --unsafe-fixes` adds no "sex work"; a second run changes nothing more."""
    text, file = _place(place, shape, young, term, frame, age)
    new, _plan = _fix(text, file, unsafe)
    assert len(_SEX_WORK.findall(new)) <= len(_SEX_WORK.findall(text)), (text, new)
    again, _plan = _fix(new, file, unsafe)
    assert again == new


def test_the_generated_youth_property_can_fail():
    """The same places with an adult in them are fixed (so the property above can fail)."""
    for place in PLACES:
        text, file = _place(place, "{Y} and {T}", "adults", "prostitutes", "Staff met {X} downtown.")
        text = text.replace("youth-referrals", "adult-referrals")
        new, _plan = _fix(text, file)
        assert len(_SEX_WORK.findall(new)) > len(_SEX_WORK.findall(text)), (place, new)


# ---------------------------------------------------------------- words glued to the term

GLUED = [  # must-flag terms written as part of something that is not a word of prose
    ("Text[^prostitutes].\n\n[^prostitutes]: About them.\n", "footnote label"),
    ("See [prostitutes][] here.\n\n[prostitutes]: https://example.org/a\n", "collapsed reference link"),
    ("See [prostitutes] here.\n\n[prostitutes]: https://example.org/a\n", "shortcut reference link"),
    ("# Heading {#prostitutes}\n", "heading identifier"),
    ("Hello :prostitutes: there.\n", "emoji code"),
    ("Write to @prostitutes there.\n", "mention"),
    ("Tagged #prostitutes there.\n", "hashtag"),
    ("Open prostitutes.md there.\n", "file name"),
    ("Open C:\\docs\\prostitutes\\a.txt there.\n", "Windows path"),
    ("Open /var/prostitutes/a there.\n", "Unix path"),
    ("Outreach met non-prostitutes there.\n", "prefix compound"),
    ("Outreach met ex-prostitutes there.\n", "ex- compound"),
    ("Outreach met former-prostitute activists there.\n", "compound with a multi-word fix"),
    ("We teach safe sex-positive education.\n", "the last word joined to the next"),
    ("They fought illegal immigrant-smuggling.\n", "the last word joined to the next"),
]


@pytest.mark.parametrize("text,what", GLUED)
def test_a_term_glued_into_a_label_path_or_compound_is_not_fixed(tmp_path, text, what):
    """The fix rewrote labels (`[^sex workers]`, `{#sex workers}`: a broken footnote and
    anchor; `[sex workers][]`: a link whose definition says `[prostitutes]`), paths and file
    names (`/var/sex workers/a`), hashtags and mentions, and compounds (`non-sex workers`,
    `former-sex worker activists`, `safer sex-positive education`)."""
    new, plan = _fix(text)
    assert new == text, (what, new)
    assert not _offered(tmp_path, text), what


GLUED_FIXED = [  # the same terms standing as words are still fixed
    ("Outreach met prostitutes. Then /var/a was read.\n", "sex workers."),
    ("Outreach met prostitutes: all of them.\n", "sex workers:"),
    ("We offer STD-testing on Fridays.\n", "STI-testing"),
    ("See [the report on prostitutes](https://example.org/a).\n", "[the report on sex workers]"),
    ("See [prostitutes](https://example.org/a).\n", "[sex workers]"),
    ("Staff met __prostitutes__ there.\n", "__sex workers__"),
    ("Open file_prostitutes or prostitutes_2019 there; staff met prostitutes.\n", "met sex workers."),
]


@pytest.mark.parametrize("text,want", GLUED_FIXED)
def test_a_term_standing_as_a_word_is_still_fixed(text, want):
    new, _plan = _fix(text)
    assert want in new, new


# ---------------------------------------------------------------- possessives and apostrophes


GARBLED_POSSESSIVES = [
    "The homeless' rights matter.\n",
    "The homeless people's rights matter.\n",
    "The homeless person's rights matter.\n",
    "The addicts' families came.\n",
    "The junkie's family came.\n",
]


@pytest.mark.parametrize("text", GARBLED_POSSESSIVES)
def test_a_possessive_the_fix_would_garble_is_not_fixed(text):
    """"The homeless people's rights" became "The people experiencing homelessness's rights":
    a replacement whose head noun is not its last word cannot take the possessive."""
    new, _plan = _fix(text)
    assert new == text, new


def test_possessives_that_read_well_are_fixed_and_the_apostrophe_is_kept():
    """"The prostitute’s rights" became "The sex worker's rights": the typographic apostrophe
    turned straight (a byte the writer did not ask to change)."""
    new, _plan = _fix("The prostitute’s rights. The johns’ cars. The johns' cars. Prostitutes' rights.\n")
    assert new == "The sex worker’s rights. The clients’ cars. The clients' cars. Sex workers' rights.\n"


# ---------------------------------------------------------------- a and an


ARTICLES = [
    ("An STD test is free.\n", "An STI test is free."),
    ("A STD test is free.\n", "An STI test is free."),
    ("Never share a dirty needle.\n", "Never share a used needle."),
    ("Never share an dirty needle.\n", "Never share a used needle."),
    ("He is an illegal immigrant.\n", "He is an undocumented migrant."),
    ("She is a illegal immigrant.\n", "She is an undocumented migrant."),
    ("An hooker came.\n", "A sex worker came."),
]


@pytest.mark.parametrize("text,want", ARTICLES)
def test_the_article_before_a_fix_fits_how_it_is_said(text, want):
    """"An STD test" became "A STI test" (an initialism is said letter by letter: "an S-T-I"),
    and "a dirty needle" would become "an used needle" ("used" is said "yoozd")."""
    new, _plan = _fix(text)
    assert new.strip() == want


# ---------------------------------------------------------------- names


NAMES = [
    "St. John's clinic opens at nine.\n",
    "John's car was parked outside.\n",
    "JOHNS HOPKINS STUDY\n",
    "Johns Hopkins research shows this.\n",
]


@pytest.mark.parametrize("text", NAMES)
def test_a_name_is_not_fixed(tmp_path, text):
    """"St. John's clinic" became "St. Client's clinic" (the period of "St." read as a
    sentence end), "John's car" became "Client's car" and "JOHNS HOPKINS STUDY" became
    "CLIENTS HOPKINS STUDY" (capitals tell no name in an all-caps line)."""
    new, _plan = _fix(text)
    assert new == text, new
    assert not _offered(tmp_path, text)


NOT_NAMES = [
    ("Johns often refuse condoms.\n", "Clients often refuse condoms."),
    ("# PROSTITUTES AND JOHNS\n", "# SEX WORKERS AND CLIENTS"),
    ("Prostitutes. Johns. Hookers.\n", "Sex workers. Clients. Sex workers."),
]


@pytest.mark.parametrize("text,want", NOT_NAMES)
def test_a_term_that_is_no_name_is_still_fixed(text, want):
    new, _plan = _fix(text)
    assert new.strip() == want


# ---------------------------------------------------------------- self-identification and mentions


SELF_NAMED = [
    "I am a hooker and I vote.\n",
    "We are whores and proud, says the collective.\n",
    "As a whore, I know this.\n",
    "We hookers vote.\n",
    "I'm a working girl, not a victim.\n",
    "I was a prostitute for ten years.\n",
]


@pytest.mark.parametrize("text", SELF_NAMED)
def test_a_writer_naming_themselves_is_not_fixed(tmp_path, text):
    """Self-identification is the writer's own word: "I am a hooker and I vote" became "I am a
    sex worker and I vote", and "We hookers vote" became "We sex workers vote"."""
    new, _plan = _fix(text)
    assert new == text, new
    assert not _offered(tmp_path, text)


MENTIONED = [
    "Calling them prostitutes is wrong.\n",
    "Stop saying prostitutes.\n",
    "Words like prostitutes hurt.\n",
    "The label whores was used by the press.\n",
    "Police referred to them as hookers.\n",
    "It shall be unlawful for any woman commonly known as a street walker to loiter.\n",
    "Its triumph, the report says, is that ''street prostitution in Sweden has been halved''.\n",
]


@pytest.mark.parametrize("text", MENTIONED)
def test_a_word_talked_about_is_not_fixed(tmp_path, text):
    """A word named as a word (use-mention): "Calling them prostitutes is wrong" became
    "Calling them sex workers is wrong", which says the opposite."""
    new, _plan = _fix(text)
    assert new == text, new
    assert not _offered(tmp_path, text)


# ---------------------------------------------------------------- capitals


TITLE_CASE = [
    ("## Street Prostitution\n", "## Street-Based Sex Work"),
    ("## Teen Prostitutes\n", "## Sexually Exploited Youth"),
    ("## STREET PROSTITUTION\n", "## STREET-BASED SEX WORK"),
    ("Street prostitution is common.\n", "Street-based sex work is common."),
]


@pytest.mark.parametrize("text,want", TITLE_CASE)
def test_a_fix_keeps_title_case(text, want):
    """A match written in title case ("Street Prostitution", a heading) became sentence case
    ("Street-based sex work") in a title-case heading."""
    new, _plan = _fix(text)
    assert new.strip() == want


# ---------------------------------------------------------------- the command


def test_fix_write_leaves_what_it_withholds_to_rewrite_by_hand(tmp_path):
    target = tmp_path / "notes.md"
    text = "Open /var/prostitutes/a.\n\nI am a hooker and I vote.\n\nOutreach met prostitutes.\n"
    target.write_text(text, encoding="utf-8")
    res = run_cli("fix", "--write", str(target))
    assert res.exit_code == 0
    assert target.read_text(encoding="utf-8") == text.replace("met prostitutes", "met sex workers")
    assert "fixed 1 finding" in res.stdout
    assert "rewrite the other 2 findings by hand" in res.stderr, res.stderr


# ---------------------------------------------------------------- generated: untouched bytes, once only

FIXABLE = {"prostitutes": "sex workers", "hookers": "sex workers", "johns": "clients", "addicts": "people who use drugs",
           "Prostitutes": "Sex workers", "PROSTITUTES": "SEX WORKERS", "dirty needles": "used needles",
           "the homeless": "people experiencing homelessness"}
KEEP = ["Outreach staff met", "near the park", "\t", "\u00a0", "   ", "\r\n", "\n", "; then", ",", "and", "\u200b"]
MARKUP = ["`prostitutes`", "[report](https://example.org/prostitutes)", "<!-- johns -->"]  # Markdown only


@st.composite
def hostile_prose(draw, markdown: bool):
    """Prose parts between bytes a fix must keep: ("keep", text) or ("term", word)."""
    parts: list[tuple[str, str]] = []
    if draw(st.booleans()):
        parts.append(("keep", "\ufeff"))
    for _ in range(draw(st.integers(1, 8))):
        parts.append(("keep", draw(st.sampled_from(KEEP + MARKUP if markdown else KEEP))))
        parts.append(("keep", " "))
        parts.append(("term", draw(st.sampled_from(sorted(FIXABLE)))))
        parts.append(("keep", draw(st.sampled_from([" ", ".  ", ". ", "\t", " \r\n", "\n", "  \n", ".\u00a0"]))))
    return parts


@PROPERTY
@given(markdown=st.booleans(), data=st.data())
def test_a_fix_changes_the_fixed_words_only_and_once(markdown, data):
    """Tabs, no-break spaces, zero-width spaces, trailing blanks, CRLF, a byte-order mark, code,
    a link target and a comment around fixed words come out byte-identical; each fixed word is
    its replacement (or itself, where a guard withheld it); a second run changes nothing."""
    parts = data.draw(hostile_prose(markdown))
    suffix = ".md" if markdown else ".txt"
    text = "".join(t for _k, t in parts)
    new, _plan = _fix(text, "notes" + suffix)
    pos = 0
    for kind, t in parts:
        if kind == "keep":
            assert new.startswith(t, pos), (text, new, t, pos)
            pos += len(t)
            continue
        for option in sorted({t, FIXABLE[t], FIXABLE[t][:1].upper() + FIXABLE[t][1:]}, key=len, reverse=True):
            if new.startswith(option, pos):
                pos += len(option)
                break
        else:
            raise AssertionError((text, new, t, pos))
    assert pos == len(new)
    again, _plan = _fix(new, "notes" + suffix)
    assert again == new


@pytest.mark.slow  # 0.91 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_fixing_a_long_file_takes_time_in_proportion_to_it():
    """`fix` of a 730 KB file of 12,000 findings took 48 s: each fix searched and copied the
    whole text before it for its article (a/an). 8,000 findings (about 26 s before) now take
    a second or two."""
    import time

    text = ("Outreach staff met prostitutes and johns near the park; the hookers asked for lighting. " * 20
            + "\n\n") * 134
    started = time.monotonic()
    new, plan = _fix(text, unsafe=False)
    assert plan.applied == 8040
    assert time.monotonic() - started < 12
    assert new.count("sex workers") == 2 * 20 * 134


REAL_HARMS = [  # sentences of tests/corpus/values (real policy text) and what the fix made
    ("The Garda has targeted on-street prostitution since 1993.", "on-street-based sex work"),
    ("I rise on a matter concerning girl-child prostitution in western Uganda.", "girl-sexual exploitation"),
    ("Countries criminalise punters/johns, whilst providing support.", "clients/clients"),
    ("The prevalence of HIV/AIDS and other STDs/STIs continues.", "STIs/STIs"),
    ("Over 1,200 prostitute-related incidents required a police response.", "sex worker-related"),
    ("We work together towards a prostitution-free world.", "sex work-free"),
    ("The men studied are injecting-drug users.", "injecting-people who use drugs"),
    ("Produced a John’s School DVD for arrested customers.", "Client’s School"),
    ("Said Mark Albo, advocacy officer of End Child Prostitution, Pornography and Trafficking.",
     "End Sexual exploitation"),
    ("The ECP and Soho Working Girls organised against the closures.", "Soho Sex workers"),
    ("It is important that women and girls in prostitution are given every protection.", "girls in sex work"),
    ("Notes the great number of girls, some as young as 13, being exploited as prostitutes.", "as sex workers"),
    ("It is obvious that those involved in prostitution are often runaways.", "involved in sex work"),
]


@pytest.mark.parametrize("text,harm", REAL_HARMS)
def test_harms_the_fix_did_in_real_policy_text(text, harm):
    """Each of these is a sentence of the labelled corpus that `fix --write --unsafe-fixes`
    turned into the harm named (a garbled compound, a repeated word, a name or title changed,
    "sex work" beside girls); 256 of its 12,484 flagged sentences are fixed differently now."""
    new, _plan = _fix(text + "\n")
    assert harm not in new, new
