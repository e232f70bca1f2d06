"""hostile13: text as a careless drafter pastes it from Word and PDFs, surface by surface.

Each test names what broke before its fix. Cases that held are counted in
tests/hostile_report.py (and so in tests/HOSTILE_INPUTS.md) without a test of their own here.

HOSTILE FIXTURE: the texts below hold stigmatizing terms and framing on purpose — each one
must be flagged (or, where a test says so, must not be).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import DRAFT, json_findings as findings, rules_of, run_cli

ROOT = Path(__file__).resolve().parent.parent


def quoted_at(text: str, f: dict) -> str:
    """The characters a finding's line and columns point at, in the text as written (lines
    ended as check counts them)."""
    import re

    lines = re.split(r"\r\n|\r|\n", text)
    if f["line"] == f["end_line"]:
        return lines[f["line"] - 1][f["column"] - 1:f["end_column"] - 1]
    middle = lines[f["line"]:f["end_line"] - 1]
    return "\n".join([lines[f["line"] - 1][f["column"] - 1:], *middle, lines[f["end_line"] - 1][:f["end_column"] - 1]])


# ---------------------------------------------------------------- white space as pasted

# A framing phrase whose rule writes its space as a class ("clean[- ]?up") or \s read one
# white-space character only: two spaces, a Windows line end or spaces before a line end hid
# it. (A wrapped list item's indentation still does: the learned rules cut a sentence at an
# indented line, and reading through it is theirs to decide.)
WHITESPACE = {
    "two spaces": "We will clean  up the streets of the Eastside.\n",
    "two spaces after every word (Word's justified text pasted)": "We  will  clean  up  the  streets.\n",
    "a Windows line end inside the phrase": "We will clean\r\nup the streets of the Eastside.\r\n",
    "a space before the line end": "We will clean \nup the streets of the Eastside.\n",
    "a tab and a space": "We will clean\t up the streets of the Eastside.\n",
}


@pytest.mark.parametrize("how", sorted(WHITESPACE))
def test_framing_is_seen_through_runs_of_white_space(tmp_path, how):
    assert "framing.clean-up" in rules_of(WHITESPACE[how], tmp_path)


def test_a_blank_line_still_ends_the_phrase(tmp_path):
    assert "framing.clean-up" not in rules_of("We will clean\n\nup the streets of the Eastside.\n", tmp_path)
    assert "framing.clean-up" not in rules_of("We will clean\r\n\r\nup the streets of the Eastside.\r\n", tmp_path)


# ---------------------------------------------------------------- hyphens, apostrophes, controls

# Word writes its non-breaking hyphen as U+2011 (pandoc keeps it), typesetting and PDFs use
# U+2010 and the minus sign, Word's own text holds U+001E/U+001F for its hyphens: the words
# were hidden, and "anti-vice" with such a hyphen was flagged as "vice".
HYPHENS = {"U+2010 hyphen": "\u2010", "U+2011 non-breaking hyphen": "\u2011", "U+2012 figure dash": "\u2012",
           "U+2212 minus sign": "\u2212", "an en dash between letters": "\u2013",
           "Word's non-breaking hyphen U+001E": "\x1e"}


@pytest.mark.parametrize("how", sorted(HYPHENS))
def test_words_joined_by_a_unicode_hyphen_are_read_as_hyphenated(tmp_path, how):
    h = HYPHENS[how]
    found = rules_of(f"Support for street{h}walkers downtown. The plan takes a zero{h}tolerance approach to street "
                     f"prostitution. We will run anti{h}vice sweeps.\n", tmp_path)
    assert {"lang.streetwalker", "framing.zero-tolerance"} <= found
    assert "lang.vice" not in found  # anti-vice is the name of a unit's work, not the word for sex work


def test_an_en_dash_between_numbers_or_spaced_stays_a_dash(tmp_path):
    from lic_policy.checks.normalize import for_matching

    assert for_matching("2019\u20132020 and pages 3 \u2013 5")[0] == "2019\u20132020 and pages 3 \u2013 5"


@pytest.mark.parametrize("apostrophe", ["\u02bc", "\u2019", "'"])
def test_a_term_before_a_modifier_letter_apostrophe_is_flagged(tmp_path, apostrophe):
    """U+02BC is a letter: 'prostitutesʼ' was one word to the rules, not 'prostitutes' + an
    apostrophe (Word's and phones' keyboards for some languages type it)."""
    assert "lang.prostitute" in rules_of(f"The prostitutes{apostrophe} rights were ignored.\n", tmp_path)


def test_words_broken_by_words_optional_hyphen_control_are_read_whole(tmp_path):
    assert {"lang.prostitute", "lang.slur"} <= rules_of("Outreach to pros\x1ftitutes and hoo\x1fkers.\n", tmp_path)


# ---------------------------------------------------------------- hyphenation at a line end

HYPHENATED = {
    "a hyphen (PDF text)": "Outreach to prosti-\ntutes is weekly.\n",
    "a hyphen and a Windows line end": "Outreach to prosti-\r\ntutes is weekly.\r\n",
    "a hyphen in a wrapped list item": "- Outreach to prosti-\n  tutes is weekly.\n",
    "a soft hyphen (Word's optional hyphen)": "Outreach to prosti\u00ad\ntutes is weekly.\n",
    "a soft hyphen and a capital": "Outreach to PROSTI\u00ad\nTUTES is weekly.\n",
}


@pytest.mark.parametrize("how", sorted(HYPHENATED))
def test_a_word_hyphenated_at_a_line_end_is_read_whole(tmp_path, how):
    text = HYPHENATED[how]
    p = tmp_path / "n.md"
    p.write_bytes(text.encode("utf-8"))
    got = [f for f in findings(p) if f["rule_id"] == "lang.prostitute"]
    assert got, how
    # the place named is the word as written, both halves
    assert quoted_at(text, got[0]).replace("\r", "") == got[0]["match"].replace("\r", "")
    assert got[0]["match"].lower().startswith("prosti") and got[0]["match"].lower().endswith("tutes")


def test_a_hyphen_at_a_line_end_before_a_capital_or_a_number_is_not_joined():
    from lic_policy.checks.normalize import for_matching

    for text in ("non-\nIndigenous", "COVID-\n19", "pre-\n- item"):
        assert "-" in for_matching(text)[0], text


def test_a_hyphenated_word_in_a_guideline_block_is_found_where_it_is(tmp_path):
    src = DRAFT.read_text(encoding="utf-8")
    start, end = src.index("purpose: |"), src.index("\nscope:")
    text = src[:start] + "purpose: |\n  Outreach to prosti-\n  tutes is weekly.\n" + src[end:]
    g = tmp_path / "g.yaml"
    g.write_text(text, encoding="utf-8")
    got = [f for f in findings(g) if f["rule_id"] == "lang.prostitute" and f["field"] == "purpose"]
    assert got and quoted_at(text, got[0]) == "prosti-\n  tutes"


# ---------------------------------------------------------------- fix --write on pasted text

PASTED = {
    "a soft hyphen": "pros\u00adtitutes",
    "a zero-width space": "pros\u200btitutes",
    "a left-to-right mark": "pros\u200etitutes",
    "a ligature (PDF text)": "pro\ufb06itutes",
    "full-width letters": "\uff50\uff52\uff4f\uff53\uff54\uff49\uff54\uff55\uff54\uff45\uff53",
    "a Cyrillic o": "pr\u043estitutes",
    "a combining accent inside": "prostitute\u0301s",
    "a hyphen at a line end": "prosti-\ntutes",
    "a soft hyphen at a line end": "prosti\u00ad\ntutes",
}


@pytest.mark.parametrize("how", sorted(PASTED))
def test_fix_write_fixes_a_term_the_rules_saw_through_pasted_characters(tmp_path, how):
    """check flagged the word with its fix ('sex workers'), and fix --write left it as it was
    ('nothing to fix'): the fix was looked up by the characters as written."""
    p = tmp_path / "n.md"
    p.write_bytes(f"Outreach to {PASTED[how]} is weekly.\r\nSecond line stays.\r\n".encode("utf-8"))
    res = run_cli("fix", "--write", str(p))
    assert res.exit_code == 0, res.stderr
    assert p.read_bytes() == b"Outreach to sex workers is weekly.\r\nSecond line stays.\r\n"


def test_fix_write_in_a_guideline_block_keeps_every_other_byte(tmp_path):
    src = DRAFT.read_text(encoding="utf-8")
    start, end = src.index("purpose: |"), src.index("\nscope:")
    block = "purpose: |\r\n  Outreach to pros\u00adtitutes and prosti-\r\n  tutes,\tweekly.\r\n"
    text = (src[:start].replace("\n", "\r\n") + block + src[end:].replace("\n", "\r\n"))
    g = tmp_path / "g.yaml"
    g.write_bytes(text.encode("utf-8"))
    assert run_cli("fix", "--write", str(g)).exit_code == 0
    after = g.read_bytes().decode("utf-8")
    assert "purpose: |\r\n  Outreach to sex workers and sex workers,\tweekly.\r\n" in after
    assert after.count("\r\n") == after.count("\n")


# ---------------------------------------------------------------- fix --write and YAML escapes

@pytest.mark.slow  # 0.34 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_fix_write_keeps_the_other_escapes_of_a_double_quoted_text(tmp_path):
    """A fix rewrote the whole double-quoted scalar: its \\u00e9, \\t, \\x21, \\N escapes
    became the characters they stand for (a tab and U+0085 written raw into the file), and
    an escaped line break was joined."""
    src = DRAFT.read_text(encoding="utf-8")
    start, end = src.index("purpose: |"), src.index("\nscope:")
    purposes = [
        'purpose: "Outreach to prostitutes at the caf\\u00e9\\ttoday\\x21 \\"quoted\\" \\\\ end \\N and prostitutes."',
        'purpose: "Outreach to prostitutes\\\n  \\ with an escaped line break and \\u00a0 a no-break space."',
        "purpose: 'Outreach to prostitutes, it''s weekly.'",
        "purpose: Outreach to\n  prostitutes\n  along   the   way.",
    ]
    for purpose in purposes:
        g = tmp_path / "g.yaml"
        g.write_text(src[:start] + purpose + src[end:], encoding="utf-8")
        assert run_cli("fix", "--write", str(g)).exit_code == 0
        after = g.read_text(encoding="utf-8")
        assert purpose.replace("prostitutes", "sex workers") in after, purpose


def test_store_replace_text_splices_only_what_changed():
    from lic_policy import store

    text = 'a: "caf\\u00e9 one \\x21 two"\nb: x\n'
    doc = store.parse(text, "g.yaml")
    assert doc.replace_text(("a",), "café ONE ! two") == 'a: "caf\\u00e9 ONE \\x21 two"\nb: x\n'
    # what needs escaping is escaped in the scalar's own style
    assert doc.replace_text(("a",), 'café "one" ! two') == 'a: "caf\\u00e9 \\"one\\" \\x21 two"\nb: x\n'
    assert store.parse("a: 'x y'\n", "g.yaml").replace_text(("a",), "x'y") == "a: 'x''y'\n"
    # a change the style cannot take in place still reads back exactly (the scalar written anew)
    new = store.parse("a: plain text\n", "g.yaml").replace_text(("a",), "plain: text # not a comment")
    assert store.parse(new, "g.yaml").data["a"] == "plain: text # not a comment"


# ---------------------------------------------------------------- what the drafter sees

def test_carets_stand_under_the_words_in_wide_and_invisible_text(tmp_path):
    """The carets were placed by code points: after an emoji, a CJK or full-width letter
    (two cells each) they stood a cell early per character, under full-width words they
    were half as long, and a zero-width space pushed them a cell late."""
    p = tmp_path / "n.md"
    p.write_text("🌈🌈 We met two prostitutes.\nWe met two ｐｒｏｓｔｉｔｕｔｅｓ today.\n我们 pros\u200btitutes.\n",
                 encoding="utf-8")
    out = run_cli("check", "--no-cache", str(p)).stdout.splitlines()
    carets = [ln for ln in out if ln.strip() and set(ln.strip()) == {"^"}]
    assert carets == ["    " + " " * 16 + "^" * 11,  # two emoji (4 cells) and " We met two " (12)
                      "    " + " " * 11 + "^" * 22,  # eleven full-width letters, two cells each
                      "    " + " " * 5 + "^" * 11]   # two CJK characters and a space; the ZWSP takes none


@pytest.mark.slow  # 0.43 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_fix_across_a_line_end_is_titled_on_one_line(tmp_path):
    """The editor's quick fix and SARIF's fix description named the match as written:
    "Replace 'prosti-\\n  tutes' with ..." put a line break in a menu item."""
    p = tmp_path / "n.md"
    p.write_text("Outreach to prosti-\n  tutes is weekly.\n", encoding="utf-8")
    res = run_cli("check", "--no-cache", "--format", "sarif", str(p))
    (result,) = [r for r in json.loads(res.stdout)["runs"][0]["results"] if r["ruleId"] == "lang.prostitute"]
    assert result["fixes"][0]["description"]["text"].startswith("Replace 'prosti- tutes' with 'sex workers'")
    import asyncio

    from lsprotocol import types as lsp

    from .test_lsp import Editor, _actions

    async def scenario() -> list[str]:
        ed = Editor(tmp_path)
        await ed.start()
        try:
            uri = ed.open(p)
            d = next(d for d in await ed.diagnostics(uri, 1) if d.code == "lang.prostitute")
            assert (d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character) == (0, 12, 1, 7)
            return [a.title for a in await _actions(ed, uri, d) if a.kind == lsp.CodeActionKind.QuickFix]
        finally:
            await ed.stop()

    titles = asyncio.run(scenario())
    assert "Replace 'prosti- tutes' with 'sex workers' (lang.prostitute)" in titles
    assert not [t for t in titles if "\n" in t]


# ---------------------------------------------------------------- a byte-order mark and then a key

def _bom_guideline() -> str:
    """The draft as Notepad (before 2019) or PowerShell's ``Out-File -Encoding utf8`` saves a
    file written from scratch: a byte-order mark, then the first key at once (no comment)."""
    src = DRAFT.read_text(encoding="utf-8")
    return "\ufeff" + src[src.index("lic_policy: 1"):]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_guideline_saved_with_a_byte_order_mark_before_its_first_key_is_read(tmp_path, newline):
    """The mark was read as a space, so the first key was indented and the second not:
    'YAML syntax error: did not find expected <document start>' at 2:1 for every command."""
    g = tmp_path / "g.yaml"
    text = _bom_guideline().replace("\n", newline)
    g.write_bytes(text.encode("utf-8"))
    res = run_cli("validate", str(g))
    assert res.exit_code == 0, res.stdout + res.stderr
    assert [f for f in findings(g) if f["rule_id"] == "lang.prostitute"]
    assert run_cli("fix", "--write", str(g)).exit_code == 0
    after = g.read_bytes().decode("utf-8")
    assert after.startswith("\ufefflic_policy: 1" + newline) and "prostitutes along" not in after
    assert after.count("\r\n") == (after.count("\n") if newline == "\r\n" else 0)


def test_a_byte_order_mark_takes_no_column_on_the_first_line(tmp_path):
    """Editors do not show the mark: a finding or an error on the first line was a column
    late (`1:14` for a word at column 13)."""
    p = tmp_path / "n.md"
    p.write_bytes("\ufeffOutreach to prostitutes.\n".encode("utf-8"))
    (f,) = [f for f in findings(p) if f["rule_id"] == "lang.prostitute"]
    assert (f["line"], f["column"], f["end_column"]) == (1, 13, 24)
    g = tmp_path / "g.yaml"
    g.write_bytes("\ufefflic_policy: x\n".encode("utf-8"))
    res = run_cli("validate", str(g))
    assert f"{g}:1:13: error: lic_policy" in res.stdout + res.stderr, res.stdout + res.stderr
    g.write_bytes("\ufeffpurpose: Outreach to prostitutes.\nlic_policy: 1\n".encode("utf-8"))
    (f,) = [f for f in findings(g) if f["rule_id"] == "lang.prostitute"]
    assert (f["line"], f["column"]) == (1, 22)
    assert run_cli("fix", "--write", str(g)).exit_code == 0
    assert g.read_bytes().decode("utf-8") == "\ufeffpurpose: Outreach to sex workers.\nlic_policy: 1\n"


def test_a_review_file_saved_with_a_byte_order_mark_before_its_first_key_is_read(tmp_path):
    g = tmp_path / "g.yaml"
    g.write_text(DRAFT.read_text(encoding="utf-8"), encoding="utf-8")
    r = run_cli("review", "add", str(g), "--field", "purpose", "--quote", "move prostitutes along", "--body", "x",
                "--author", "staff-1", "--role", "staff")
    assert r.exit_code == 0, r.stderr
    review = tmp_path / "g.review.yaml"
    text = review.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    body = "".join(lines[next(i for i, ln in enumerate(lines) if ln.strip() and not ln.startswith("#")):])
    review.write_bytes(("\ufeff" + body).encode("utf-8"))
    res = run_cli("review", "list", str(g))
    assert res.exit_code == 0, res.stdout + res.stderr
    r = run_cli("review", "add", str(g), "--field", "purpose", "--quote", "clean up the streets", "--body", "y",
                "--author", "staff-1", "--role", "staff")
    assert r.exit_code == 0, r.stderr
    after = review.read_bytes().decode("utf-8")
    assert after.startswith("\ufeff" + body.splitlines()[0]) and "clean up the streets" in after


# ---------------------------------------------------------------- the corpus of pasted text

PASTED_CORPUS = ROOT / "tests" / "corpus" / "pasted"
PASTED_EXPECTED = json.loads((PASTED_CORPUS / "EXPECTED.json").read_text(encoding="utf-8"))["files"]


def test_the_pasted_corpus_is_complete():
    assert {p.name for p in PASTED_CORPUS.iterdir()} - {"EXPECTED.json"} == set(PASTED_EXPECTED)


@pytest.mark.parametrize("name", sorted(PASTED_EXPECTED))
def test_pasted_text_is_checked_placed_and_fixed_as_written(tmp_path, name):
    data = (PASTED_CORPUS / name).read_bytes()
    p = tmp_path / name
    p.write_bytes(data)
    text = data.decode("utf-8")
    found = findings(p)
    assert set(PASTED_EXPECTED[name]) <= {f["rule_id"] for f in found}
    for f in found:  # each finding's place holds its words as written
        if f["match"] and f["line"]:
            got = quoted_at(text.removeprefix("\ufeff") if f["line"] == 1 else text, f)
            # (a YAML block's indentation is in the file, not in the text: compared word for word)
            assert got.split() == f["match"].split(), (f["rule_id"], got, f["match"])
    fixable = [f for f in found if f["fix"] and f["fix_safe"]]
    assert run_cli("fix", "--write", str(p)).exit_code == 0
    after = p.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") == data.startswith(b"\xef\xbb\xbf")
    assert (after.count(b"\r\n") == after.count(b"\n")) == (data.count(b"\r\n") == data.count(b"\n"))
    left = [f for f in findings(p) if f["fix"] and f["fix_safe"]]
    assert not left or len(left) < len(fixable), left


# ---------------------------------------------------------------- a number sign in plain text

HASHES = {
    "priority #1": ("purpose: Safety is priority #1 for the city and its partners.", "Safety is priority"),
    "a hashtag": ("purpose: Outreach with peers, as in #SexWorkIsWork, is funded.", "Outreach with peers, as in"),
    "a title numbered #2": ("  title: Strategy #2 (early draft)", "Strategy"),
}


def _draft_with_line(tmp_path, line):
    """The sample draft with ``line`` as its purpose (a line starting "purpose") or its title;
    the file and its text."""
    src = DRAFT.read_text(encoding="utf-8")
    if line.startswith("purpose"):
        start, end = src.index("purpose: |"), src.index("\nscope:")
        text = src[:start] + line + src[end:]
    else:
        text = src.replace("  title: City of Cedar Harbour Street Prostitution Strategy (early draft)", line)
    g = tmp_path / "g.yaml"
    g.write_text(text, encoding="utf-8")
    return g, text


@pytest.mark.parametrize("how", sorted(HASHES))
def test_a_number_sign_that_cuts_a_plain_text_short_is_an_error_at_it(tmp_path, how):
    """YAML reads ' #…' after a plain (unquoted) text as a comment: the rest of the sentence
    was silently dropped — valid, checked and published as 'Safety is priority'."""
    line, kept = HASHES[how]
    g, text = _draft_with_line(tmp_path, line)
    res = run_cli("validate", str(g))
    out = res.stdout + res.stderr
    number = text.splitlines().index(line) + 1
    col = line.index(" #") + 2
    assert res.exit_code == 1, out
    (msg,) = [ln for ln in out.splitlines() if "YAML comment" in ln]
    assert msg.startswith(f"{g}:{number}:{col}: error: ") and repr(kept) in msg and "quote" in msg, msg


def test_a_comment_with_a_space_after_its_number_sign_is_still_a_comment(tmp_path):
    src = DRAFT.read_text(encoding="utf-8")
    start, end = src.index("purpose: |"), src.index("\nscope:")
    g = tmp_path / "g.yaml"
    for line in ("purpose: Safety first.  # TODO: reword", "purpose: 'Safety is priority #1.'",
                 "purpose: \"Safety is priority #1.\" #note", "purpose: Safety is priority#1."):
        g.write_text(src[:start] + line + src[end:], encoding="utf-8")
        res = run_cli("validate", str(g))
        assert "YAML comment" not in res.stdout + res.stderr, line


# ---------------------------------------------------------------- unquoted text YAML cannot read

UNQUOTED = {
    "a colon and a space": ("purpose: Our goal: safety for sex workers.", "': '"),
    "an opening quotation mark": ('purpose: "Safety" comes first for everyone.', "quotation mark"),
    "an opening bracket": ("purpose: [Draft] Safety first.", "'['"),
    "an opening brace": ("purpose: {Safety} first.", "'{'"),
    "an at sign": ("purpose: @home outreach is weekly.", "'@'"),
    "a backtick": ("purpose: `safety` first.", "'`'"),
    "a percent sign": ("purpose: % of the funds go to sex worker-led groups.", "'%'"),
    "an asterisk (Markdown emphasis)": ("purpose: *Safety* first.", "'*'"),
    "a dash and a space (a list item)": ("purpose: - safety first", "'- '"),
}


@pytest.mark.parametrize("how", sorted(UNQUOTED))
def test_text_yaml_cannot_read_unquoted_says_to_quote_it(tmp_path, how):
    """Text pasted after `purpose: ` that YAML reads as syntax was 'YAML syntax error: mapping
    values are not allowed in this context (check the indentation and quoting around this
    place)': the hint named indentation, and not the character or the cure."""
    line, named = UNQUOTED[how]
    src = DRAFT.read_text(encoding="utf-8")
    start, end = src.index("purpose: |"), src.index("\nscope:")
    g = tmp_path / "g.yaml"
    g.write_text(src[:start] + line + src[end:], encoding="utf-8")
    res = run_cli("validate", str(g))
    errors = [ln for ln in (res.stdout + res.stderr).splitlines() if ": error: " in ln]
    assert res.exit_code == 2 and len(errors) == 1, res.stdout + res.stderr
    number = (src[:start] + line).count("\n") + 1
    assert errors[0].startswith(f"{g}:{number}:"), errors[0]
    assert named in errors[0] and "put the whole text in quotes" in errors[0] and "purpose: |" in errors[0], errors[0]


def test_a_byte_order_mark_changes_no_value_and_no_position_but_the_first_lines_column():
    from lic_policy import store

    for body in ('purpose: "a\\\n  b"\nx: 1\n', "purpose: x\r\ny: |\r\n  z\r\n", "# c\npurpose: x\n"):
        plain, marked = store.parse(body, "g.yaml"), store.parse("\ufeff" + body, "g.yaml")
        lazy = store.parse("\ufeff" + body, "g.yaml", positions=False)
        assert marked.data == plain.data == lazy.data
        for doc in (marked, lazy):
            for path, sp in plain.positions.items():
                got = doc.positions[path]
                assert (got.line, got.col, got.start, got.end) == (sp.line, sp.col, sp.start + 1, sp.end + 1)
                assert doc.where(path) == plain.where(path) and doc.locate(path) == plain.locate(path)


COMPOUNDS = ["Support for ex-\nprostitutes is weekly.\n", "Outreach to street-\nprostitutes is weekly.\n",
             "Outreach to non-\nprostitutes.\n"]


@pytest.mark.parametrize("text", COMPOUNDS)
def test_a_compound_broken_at_its_own_hyphen_keeps_its_flagged_word(tmp_path, text):
    """A word before a line-end hyphen that forms compounds (anti-, ex-, street-, non-) is a
    compound broken at its hyphen, not a word hyphenated: joined, 'streetprostitutes' hid the
    term the check found before the layout was read."""
    assert {"lang.prostitution", "lang.prostitute"} & rules_of(text, tmp_path)


@pytest.mark.parametrize("line", ["purpose: &Safety first for everyone.", "  title: &Co-ordinated response"])
def test_an_ampersand_word_that_yaml_takes_for_an_anchor_is_an_error_at_it(tmp_path, line):
    """'&Safety' at the start of a plain text is a YAML anchor, not words: the text read 'first
    for everyone.', the word dropped without a word (no alias ever named it)."""
    g, text = _draft_with_line(tmp_path, line)
    res = run_cli("validate", str(g))
    out = res.stdout + res.stderr
    number = text.splitlines().index(line) + 1
    (msg,) = [ln for ln in out.splitlines() if "YAML anchor" in ln]
    assert res.exit_code == 1 and msg.startswith(f"{g}:{number}:{line.index('&') + 1}: error: "), out
    assert "quote" in msg


def test_an_anchor_an_alias_uses_is_no_error(tmp_path):
    src = DRAFT.read_text(encoding="utf-8")
    start, end = src.index("purpose: |"), src.index("\nscope:")
    g = tmp_path / "g.yaml"
    g.write_text(src[:start] + "purpose: &p The purpose.\nx-note: *p" + src[end:], encoding="utf-8")
    assert "YAML anchor" not in (lambda r: r.stdout + r.stderr)(run_cli("validate", str(g)))


def test_words_that_look_like_an_anchor_inside_a_block_text_are_no_error(tmp_path):
    """A block text quoting YAML (an imported Markdown block of `a7: &a7 [...]`) holds no anchor."""
    src = DRAFT.read_text(encoding="utf-8")
    start, end = src.index("purpose: |"), src.index("\nscope:")
    g = tmp_path / "g.yaml"
    g.write_text(src[:start] + "purpose: |\n  The example reads:\n  a7: &a7 [x, y]\n" + src[end + 1:], encoding="utf-8")
    res = run_cli("validate", str(g))
    assert "YAML anchor" not in res.stdout + res.stderr and res.exit_code == 0, res.stdout + res.stderr
