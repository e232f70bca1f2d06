"""The checks engine's decisions, each pinned (issue 17: tests that pin the decisions).

* rule selection from the configuration: ``disable`` by rule id or pack, ``enable`` wins
  over ``disable``, ``severity``, unknown and renamed ids;
* inline suppressions: on the finding's line or on its field's KEY line (never the value's
  first line in place of the key's), the mandatory reason, ``*``, several ids, renamed ids,
  unknown and unused suppressions, columns, Markdown code.

Only the public engine API is used (``load_ruleset``, ``check_document``,
``check_prose_text``); `make mutation` mutates ``checks/engine.py`` against these tests.
"""

from __future__ import annotations

import pytest

from lic_policy.checks.engine import RuleSet, check_document, check_prose_text, load_ruleset
from lic_policy.checks.packs import load_packs
from lic_policy.config import Config
from lic_policy.errors import ConfigError
from lic_policy.store import load

from .conftest import default_ruleset

RS = default_ruleset()  # shared by the modules of this process (conftest)


def rule_ids(rs):
    return {r.id for r in rs.rules}


# --------------------------------------------------------------------------- rule selection


def test_default_ruleset_has_every_pack_rule():
    assert {"lang.prostitute", "lang.addict"} <= rule_ids(RS)
    assert {r.pack for r in RS.rules} >= {"language", "framing", "structure"}


def test_disable_by_rule_id_and_by_pack():
    rs = load_ruleset(Config(disable=["lang.prostitute"]))
    assert "lang.prostitute" not in rule_ids(rs) and "lang.addict" in rule_ids(rs)
    rs = load_ruleset(Config(disable=["language"]))
    assert not any(r.pack == "language" for r in rs.rules)
    assert any(r.pack == "framing" for r in rs.rules)
    # disabled rules are still known (suppressions naming them are not "unknown")
    assert "lang.prostitute" in rs.by_id and "lang.prostitute" not in rs.by_id_enabled


def test_enable_overrides_disable():
    rs = load_ruleset(Config(disable=["language"], enable=["lang.prostitute"]))
    lang = {r.id for r in rs.rules if r.pack == "language"}
    assert lang == {"lang.prostitute"}
    rs = load_ruleset(Config(disable=["lang.prostitute"], enable=["lang.prostitute"]))
    assert "lang.prostitute" in rule_ids(rs)
    # enabling alone changes nothing: every rule is on by default
    assert rule_ids(load_ruleset(Config(enable=["lang.prostitute"]))) == rule_ids(RS)


def test_enabled_rule_finds_its_words_where_its_pack_is_disabled(tmp_path):
    md = tmp_path / "notes.md"
    md.write_text("Outreach met prostitutes and addicts.\n", encoding="utf-8")
    rs = load_ruleset(Config(disable=["language"], enable=["lang.prostitute"]))
    found = [f.rule_id for f in check_prose_text(str(md), md.read_text(encoding="utf-8"), rs).findings]
    assert found == ["lang.prostitute"]


def test_severity_from_the_configuration():
    rs = load_ruleset(Config(severity={"lang.addict": "error"}))
    assert rs.by_id_enabled["lang.addict"].severity == "error"
    assert load_ruleset().by_id_enabled["lang.addict"].severity != "error"  # packs are loaded afresh


def test_a_ruleset_never_changes_the_rules_another_ruleset_sees():
    # two rulesets built on the SAME pack objects (as a cached default ruleset is shared): the
    # configured severity is the configured ruleset's alone
    packs = load_packs()
    addict = next(r for p in packs for r in p.rules if r.id == "lang.addict")
    before = addict.severity
    assert before != "error"
    plain = RuleSet(packs)
    configured = RuleSet(packs, Config(severity={"lang.addict": "error"}))
    assert configured.by_id_enabled["lang.addict"].severity == "error"
    assert configured.by_id["lang.addict"].severity == "error"
    assert addict.severity == before  # the pack's rule object is untouched
    assert plain.by_id_enabled["lang.addict"].severity == before
    assert RuleSet(packs).by_id_enabled["lang.addict"].severity == before  # built after: unchanged too
    # what reads the ruleset's packs (`rules docs`) sees the configured severity, as before
    shown = next(r for p in configured.packs for r in p.rules if r.id == "lang.addict")
    assert shown.severity == "error" and shown in configured.rules
    assert next(r for p in plain.packs for r in p.rules if r.id == "lang.addict").severity == before
    # and the findings carry each ruleset's own severity
    text = "Outreach workers met an addict at the drop-in."  # must-flag fixture
    sev = {f.severity for f in check_prose_text("note.md", text, configured).findings if f.rule_id == "lang.addict"}
    assert sev == {"error"}
    sev = {f.severity for f in check_prose_text("note.md", text, plain).findings if f.rule_id == "lang.addict"}
    assert sev == {before}


def test_configuration_changes_the_ruleset_digest():
    digests = {load_ruleset(c).digest for c in (Config(), Config(disable=["lang.addict"]),
                                                  Config(enable=["lang.addict"]),
                                                  Config(severity={"lang.addict": "error"}),
                                                  Config(min_sex_worker_share=0.5))}
    assert len(digests) == 5
    assert load_ruleset(Config(disable=["lang.addict"])).digest == load_ruleset(Config(disable=["lang.addict"])).digest


@pytest.mark.parametrize("key", ["enable", "disable"])
def test_unknown_rule_id_in_configuration_is_an_error_with_a_suggestion(key):
    with pytest.raises(ConfigError) as err:
        load_ruleset(Config(**{key: ["lang.prostitutes"]}))
    assert "unknown rule id 'lang.prostitutes'" in str(err.value) and "did you mean 'lang.prostitute'" in str(
        err.value.hint)
    with pytest.raises(ConfigError) as err:
        load_ruleset(Config(severity={"zzzz-qqqq": "error"}))
    assert "rules" in err.value.hint


def test_renamed_rule_id_in_configuration_names_the_new_id():
    with pytest.raises(ConfigError) as err:
        load_ruleset(Config(disable=["lang.std"]))
    assert "'lang.std' was renamed 'term.std'" in str(err.value) and "term.std" in err.value.hint


def test_pack_name_in_configuration_is_not_unknown():
    load_ruleset(Config(disable=["framing"]))  # no error


# --------------------------------------------------------------------------- suppressions

HEAD = "metadata:\n  version: 1.0.0\nsections:\n  - id: s\n    clauses:\n"


def check_yaml(tmp_path, body, rs=RS):
    path = tmp_path / "g.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    res = check_document(load(path, validate=False), rs)
    own = [f for f in res.findings if f.rule_id.startswith(("lang.", "term.", "lic-policy."))]
    return [(f.rule_id, f.line) for f in own], res.suppressed, own


def test_suppression_on_the_finding_line(tmp_path):
    got, n, _ = check_yaml(tmp_path, "      - id: c.1\n        text: Prostitutes asked for lighting.  "
                                     "# lic-policy: ignore[lang.prostitute] quoting a 2009 motion\n")
    assert got == [] and n == 1


def test_suppression_on_the_key_line_covers_a_value_on_the_next_lines(tmp_path):
    # a plain scalar starting on the line after its key: the key line (7) is not the
    # value's first line (8); the finding is on line 9
    body = ("      - id: c.1\n        text:  # lic-policy: ignore[lang.prostitute] quoting a 2009 motion\n"
            "          The motion said\n          prostitutes asked for lighting.\n")
    got, n, _ = check_yaml(tmp_path, body)
    assert got == [] and n == 1


def test_suppression_on_the_value_line_does_not_cover_later_lines(tmp_path):
    # a comment cannot sit inside a multi-line value; one after the value's first line
    # covers only that line: a finding on the next line stays
    body = ("      - id: c.1\n        text:\n          Outreach staff met prostitutes\n"
            "          and addicts.\n        audience: []  # lic-policy: ignore[lang.addict] not this field\n")
    got, n, _ = check_yaml(tmp_path, body)
    assert ("lang.prostitute", 8) in got and ("lang.addict", 9) in got and n == 0
    assert ("lic-policy.unused-suppression", 10) in got


def test_suppression_on_the_block_scalar_key_line(tmp_path):
    body = ("      - id: c.1\n        text: |  # lic-policy: ignore[lang.prostitute] historical wording kept\n"
            "          First line.\n          Prostitutes asked for lighting.\n")
    got, n, _ = check_yaml(tmp_path, body)
    assert got == [] and n == 1


def test_suppression_of_another_rule_does_not_suppress(tmp_path):
    got, n, own = check_yaml(tmp_path, "      - id: c.1\n        text: Prostitutes asked.  "
                                       "# lic-policy: ignore[lang.addict] wrong rule named\n")
    assert got == [("lang.prostitute", 7), ("lic-policy.unused-suppression", 7)] and n == 0
    unused = own[1]
    assert unused.message == "suppression of 'lang.addict' is not used: nothing here matches it"
    assert unused.severity == "warning"


def test_suppression_on_another_line_does_not_suppress(tmp_path):
    body = ("      - id: c.1  # lic-policy: ignore[lang.prostitute] on the id's line, not the text's\n"
            "        text: Prostitutes asked.\n")
    got, n, _ = check_yaml(tmp_path, body)
    assert got == [("lic-policy.unused-suppression", 6), ("lang.prostitute", 7)] and n == 0


def test_star_suppresses_every_rule_on_the_line(tmp_path):
    got, n, _ = check_yaml(tmp_path, "      - id: c.1\n        text: Prostitutes and addicts asked.  "
                                     "# lic-policy: ignore[*] a verbatim quotation\n")
    assert got == [] and n == 2  # and the star is used: no "unused" warning


def test_several_ids_each_used_or_reported(tmp_path):
    line = "        text: Prostitutes and addicts asked.  # lic-policy: ignore[lang.prostitute, lang.addict] quoted\n"
    got, n, _ = check_yaml(tmp_path, "      - id: c.1\n" + line)
    assert got == [] and n == 2
    line = "        text: Prostitutes asked.  # lic-policy: ignore[lang.prostitute,lang.addict] quoted\n"
    got, n, own = check_yaml(tmp_path, "      - id: c.1\n" + line)
    assert got == [("lic-policy.unused-suppression", 7)] and n == 1
    assert "'lang.addict'" in own[0].message


def test_suppression_without_reason_suppresses_nothing_and_is_an_error(tmp_path):
    line = "        text: Prostitutes asked.  # lic-policy: ignore[lang.prostitute]\n"
    got, n, own = check_yaml(tmp_path, "      - id: c.1\n" + line)
    assert got == [("lang.prostitute", 7), ("lic-policy.suppression-reason", 7)] and n == 0
    err = own[1]
    assert err.severity == "error" and err.message == "suppression of lang.prostitute gives no reason"
    assert (err.column, err.end_column) == (line.index("#") + 1, len(line.rstrip()) + 1)
    got, _, own = check_yaml(tmp_path, "      - id: c.1\n        text: Fine.  # lic-policy: ignore[] \n")
    assert own[0].message == "suppression of nothing gives no reason"


def test_unknown_suppression_is_a_warning_at_the_comment(tmp_path):
    line = "        text: Prostitutes asked.  # lic-policy: ignore[lang.prostitutes] a typo\n"
    got, n, own = check_yaml(tmp_path, "      - id: c.1\n" + line)
    assert got == [("lang.prostitute", 7), ("lic-policy.unknown-suppression", 7)] and n == 0
    w = own[1]
    assert w.severity == "warning" and w.message == "suppression names an unknown rule 'lang.prostitutes' (did you mean 'lang.prostitute'?)"
    assert (w.line, w.column, w.end_line, w.end_column) == (7, line.index("#") + 1, 7, len(line.rstrip()) + 1)


def test_suppression_naming_a_disabled_rule_is_not_unknown(tmp_path):
    rs = load_ruleset(Config(disable=["lang.prostitute"]))
    got, n, _ = check_yaml(tmp_path, "      - id: c.1\n        text: Prostitutes asked.  "
                                     "# lic-policy: ignore[lang.prostitute] quoted\n", rs)
    assert got == [("lic-policy.unused-suppression", 7)] and n == 0


def test_renamed_rule_in_a_suppression_still_applies_and_says_the_new_id(tmp_path):
    text = "        text: Staff talked about STDs.  # lic-policy: ignore[lang.std] a clinic's own name\n"
    plain, _, _ = check_yaml(tmp_path, "      - id: c.1\n        text: Staff talked about STDs.\n")
    assert plain == [("term.std", 7)]
    got, n, own = check_yaml(tmp_path, "      - id: c.1\n" + text)
    assert got == [("lic-policy.renamed-rule", 7)] and n == 1
    assert own[0].message == "suppression names 'lang.std', now 'term.std' (it still applies)"


def test_suppressed_and_unsuppressed_findings_on_one_line(tmp_path):
    got, n, _ = check_yaml(tmp_path, "      - id: c.1\n        text: Prostitutes and addicts asked.  "
                                     "# lic-policy: ignore[lang.addict] quoting the 1998 report\n")
    assert got == [("lang.prostitute", 7)] and n == 1


def test_markdown_suppressions(tmp_path):
    md = tmp_path / "notes.md"
    text = ("Outreach met prostitutes. <!-- lic-policy: ignore[lang.prostitute] quoting the 2009 motion -->\n\n"
            "```\nAddicts. <!-- lic-policy: ignore[lang.addict] an example in code -->\n```\n\n"
            "Outreach met addicts. `<!-- lic-policy: ignore[lang.addict] in a code span -->`\n\n"
            "~~~\n<!-- lic-policy: ignore[lang.addict] fenced with tildes -->\n~~~\n"
            "Outreach met addicts. <!-- lic-policy: ignore[lang.addict] after the fence -->\n")
    md.write_text(text, encoding="utf-8")
    res = check_prose_text(str(md), text, RS)
    assert [(f.rule_id, f.line) for f in res.findings] == [("lang.addict", 7)]
    assert res.suppressed == 2


def test_no_suppressions_without_the_marker(tmp_path):
    got, n, _ = check_yaml(tmp_path, "      - id: c.1\n        text: Prostitutes asked.  # ignore[lang.prostitute] x\n")
    assert got == [("lang.prostitute", 7)] and n == 0


def test_suppression_on_a_key_on_the_first_line_covers_its_value(tmp_path):
    # the key on line 1 (key_line 0): a top-level prose field whose value starts on line 2
    path = tmp_path / "g.yaml"
    path.write_text("purpose:  # lic-policy: ignore[lang.prostitute] quoting the 2009 council motion\n"
                    "  Outreach staff met prostitutes.\n" + HEAD, encoding="utf-8")
    res = check_document(load(path, validate=False), RS)
    assert [f.rule_id for f in res.findings if f.rule_id.startswith(("lang.", "lic-policy."))] == []
    assert res.suppressed == 1


def test_suppression_in_yaml_is_not_read_as_markdown(tmp_path):
    # a ``` line inside a YAML block scalar and a lone backtick before a comment are YAML text,
    # not Markdown code: the suppressions after them count
    body = ("      - id: c.1\n        text: |\n          ```\n          Staff met prostitutes.\n"
            "      - id: c.2\n        text: The ` key, prostitutes.  # lic-policy: ignore[lang.prostitute] quoted\n"
            "      - id: c.3\n        text: Outreach met addicts.  # lic-policy: ignore[lang.addict] quoted\n")
    got, n, _ = check_yaml(tmp_path, body)
    assert got == [("lang.prostitute", 9)] and n == 2


def test_markdown_code_spans_and_indented_fences(tmp_path):
    md = tmp_path / "notes.md"
    text = ("Outreach met `staff` and prostitutes. <!-- lic-policy: ignore[lang.prostitute] quoting the motion -->\n\n"
            "- a list item with an example:\n\n  ```\n  <!-- lic-policy: ignore[lang.addict] in code -->\n  ```\n\n"
            "Outreach met addicts.\n")
    md.write_text(text, encoding="utf-8")
    res = check_prose_text(str(md), text, RS)
    assert [(f.rule_id, f.line) for f in res.findings] == [("lang.addict", 9)]
    assert res.suppressed == 1


def test_finding_place_anchor_and_version(tmp_path):
    path = tmp_path / "g.yaml"
    line = "        text: Staff met prostitutes today.\n"
    path.write_text(HEAD + "      - id: c.1\n" + line, encoding="utf-8")
    res = check_document(load(path, validate=False), RS)
    assert res.file == str(path)
    f = next(f for f in res.findings if f.rule_id == "lang.prostitute")
    col = line.index("prostitutes") + 1
    assert (f.file, f.line, f.column, f.end_line, f.end_column) == (str(path), 7, col, 7, col + len("prostitutes"))
    assert f.anchor.version == "1.0.0" and f.anchor.clause == "c.1"
    assert f.anchor.quote.exact == "prostitutes"


@pytest.mark.parametrize("metadata", ["metadata:\n  title: x\n", "metadata: just text\n", "metadata:\n  version: 2\n"])
def test_finding_version_is_none_without_a_string_version(tmp_path, metadata):
    path = tmp_path / "g.yaml"
    path.write_text(metadata + "sections:\n  - id: s\n    clauses:\n      - id: c.1\n        text: Staff met prostitutes.\n",
                    encoding="utf-8")
    res = check_document(load(path, validate=False), RS)
    f = next(f for f in res.findings if f.rule_id == "lang.prostitute")
    assert f.anchor.version is None


def test_a_document_that_is_not_a_mapping_is_checked_without_error(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text("- Staff met prostitutes.\n- another item\n", encoding="utf-8")
    res = check_document(load(path, validate=False), RS)
    assert [f for f in res.findings if f.rule_id.startswith("lang.")] == []


def test_guideline_fields_are_read_as_markdown_code_is_not_prose(tmp_path):
    got, _, _ = check_yaml(tmp_path, "      - id: c.1\n        text: The old form said `prostitutes` in a field name.\n")
    assert got == []


def test_self_identification_terms_are_not_flagged(tmp_path):
    body = "      - id: c.1\n        text: The collective of working girls met staff.\n"
    plain, _, _ = check_yaml(tmp_path, body)
    assert [r for r, _ in plain] == ["lang.streetwalker"]
    path = tmp_path / "g.yaml"
    path.write_text(HEAD + body + "definitions:\n  - term: working girls\n    definition: How members of a local "
                    "collective name themselves.\n    self_identification: true\n", encoding="utf-8")
    res = check_document(load(path, validate=False), RS)
    assert [f.rule_id for f in res.findings if f.rule_id.startswith("lang.")] == []


def test_python_rules_get_the_configuration():
    from .conftest import GOOD

    doc = load(GOOD, validate=False)
    assert [f.rule_id for f in check_document(doc, RS).findings] == []
    strict = check_document(doc, load_ruleset(Config(min_sex_worker_share=0.99)))
    assert [f.rule_id for f in strict.findings] == ["involvement.decision-power"]


# --------------------------------------------------------------------------- what a suppression problem says

META_SOURCE = ("lic-policy configuration: inline suppressions", "")


def meta(f):
    return {"rule_id": f.rule_id, "severity": f.severity, "message": f.message,
            "place": (f.line, f.column, f.end_line, f.end_column), "reviewer": f.reviewer,
            "suggestions": f.suggestions, "rationale": f.rationale,
            "sources": [(s.title, s.url) for s in f.sources], "fix": f.fix}


def test_each_suppression_problem_is_a_whole_finding(tmp_path):
    lines = ["        text: Prostitutes asked.  # lic-policy: ignore[lang.prostitute, lang.addict]\n",
             "        text: Sex workers asked.  # lic-policy: ignore[lang.std] the old id\n",
             "        text: Sex workers asked.  # lic-policy: ignore[lang.adict] a typo\n",
             "        text: Sex workers asked.  # lic-policy: ignore[lang.addict] nothing here\n"]
    body = "".join(f"      - id: c.{i}\n" + ln for i, ln in enumerate(lines))
    _got, _n, own = check_yaml(tmp_path, body)
    found = {f.rule_id: meta(f) for f in own if f.rule_id.startswith("lic-policy.")}

    def place(i):
        ln = lines[i]
        return (7 + 2 * i, ln.index("#") + 1, 7 + 2 * i, len(ln.rstrip()) + 1)

    common = {"reviewer": "lic-policy", "sources": [META_SOURCE], "fix": None}
    assert found["lic-policy.suppression-reason"] == {
        "rule_id": "lic-policy.suppression-reason", "severity": "error",
        "message": "suppression of lang.prostitute, lang.addict gives no reason", "place": place(0),
        "suggestions": ["# lic-policy: ignore[lang.prostitute, lang.addict] why this text is right here"],
        "rationale": "Every suppression says why, so reviewers can judge it.", **common}
    assert found["lic-policy.renamed-rule"] == {
        "rule_id": "lic-policy.renamed-rule", "severity": "warning",
        "message": "suppression names 'lang.std', now 'term.std' (it still applies)", "place": place(1),
        "suggestions": ["write ignore[term.std]"],
        "rationale": "Rule ids that changed are honoured for one release; write the new id.", **common}
    assert found["lic-policy.unknown-suppression"] == {
        "rule_id": "lic-policy.unknown-suppression", "severity": "warning",
        "message": "suppression names an unknown rule 'lang.adict' (did you mean 'lang.addict'?)", "place": place(2),
        "suggestions": ["write ignore[lang.addict]"],
        "rationale": "A typo in a rule id suppresses nothing.", **common}
    assert found["lic-policy.unused-suppression"] == {
        "rule_id": "lic-policy.unused-suppression", "severity": "warning",
        "message": "suppression of 'lang.addict' is not used: nothing here matches it", "place": place(3),
        "suggestions": ["remove the suppression comment"],
        "rationale": "Stale suppressions hide future findings; remove them.", **common}


def test_configuration_errors_name_the_configuration_file(tmp_path):
    from lic_policy.config import load_config

    cfg_file = tmp_path / ".lic-policy.yaml"
    for rules, message, hint in (
            ("disable: [lang.std]", "rule 'lang.std' was renamed 'term.std'",
             "write 'term.std' in the configuration; CHANGELOG.md lists the renamed rules"),
            ("enable: [lang.prostitutes]", "unknown rule id 'lang.prostitutes' in the configuration",
             "did you mean 'lang.prostitute'?"),
            ("disable: [zzzz-qqqq]", "unknown rule id 'zzzz-qqqq' in the configuration",
             "run `lic-policy rules` to list them")):
        cfg_file.write_text(f"rules:\n  {rules}\n", encoding="utf-8")
        with pytest.raises(ConfigError) as err:
            load_ruleset(load_config(cfg_file))
        assert (err.value.file, err.value.hint) == (str(cfg_file), hint) and message in str(err.value)
    with pytest.raises(ConfigError) as err:
        load_ruleset(Config(disable=["lang.std"]))
    assert not err.value.file  # no configuration file: no file to name


def test_a_markdown_comment_on_its_own_line_covers_the_paragraph_below_to_the_blank_line():
    # must-flag fixtures: each paragraph names "prostitutes" on its second line
    from lic_policy.checks.suppressions import find_suppressions

    text = ("Intro.\n"
            "<!-- lic-policy: ignore[lang.prostitute] quoting the 2009 motion -->\n"
            "The motion said:\n"
            "in the park,\n"
            "prostitutes must leave.\n"
            "\n"
            "Then:\n"
            "prostitutes again.\n")
    sups = find_suppressions("notes.md", text, markdown=True)
    assert list(sups) == [2]
    s = sups[2]
    assert (s.file, s.line, s.rule_ids, s.reason) == ("notes.md", 2, ["lang.prostitute"], "quoting the 2009 motion")
    assert s.covers == (3, 4, 5)  # the paragraph below, not the blank line or what follows it
    assert (s.column, s.end_column) == (1, len(text.splitlines()[1]) + 1)
    res = check_prose_text("notes.md", text, RS)
    assert [(f.rule_id, f.line) for f in res.findings] == [("lang.prostitute", 8)] and res.suppressed == 1


@pytest.mark.parametrize("line, markdown", [
    ("Intro. <!-- lic-policy: ignore[lang.prostitute] after words -->", True),  # not on a line of its own
    ("<!-- lic-policy: ignore[lang.prostitute] a plain-text file -->", False),  # only Markdown reads it so
    ("# lic-policy: ignore[lang.prostitute] a YAML-style comment", True),  # only an HTML comment covers below
])
def test_a_comment_covers_the_lines_below_only_alone_on_its_line_in_markdown(line, markdown):
    from lic_policy.checks.suppressions import find_suppressions

    sups = find_suppressions("notes.md", line + "\nprostitutes must leave.\n", markdown=markdown)
    assert list(sups) == [1] and sups[1].covers == ()
    assert sups[1].column == line.index("<!--" if "<!--" in line else "#") + 1


def test_a_comment_at_the_end_of_the_text_covers_nothing_below():
    from lic_policy.checks.suppressions import find_suppressions

    sups = find_suppressions("notes.md", "Intro.\n<!-- lic-policy: ignore[lang.prostitute] the end -->", markdown=True)
    assert sups[2].covers == ()


def test_protected_names_are_not_flagged(tmp_path):
    # the treaty's title holds "child prostitution", which the youth rule flags everywhere else
    md = tmp_path / "notes.md"
    text = ("Canada adopted the Optional Protocol on the sale of children, child prostitution and child "
            "pornography. Staff met prostitutes.\n")
    md.write_text(text, encoding="utf-8")
    res = check_prose_text(str(md), text, load_ruleset())  # a ruleset built here, not at import
    assert [(f.rule_id, f.match) for f in res.findings] == [("lang.prostitute", "prostitutes")]


# --------------------------------------------------------------------------- a policy voice


@pytest.mark.parametrize("text, expected", [
    # a sentence that starts with the verb is an instruction: the policy voice itself
    ("Arrest sex workers who refuse to move.", True),
    ("Target kerb crawlers with letters.", True),
    # and so is a plan's action item that starts with the gerund
    ("Targeting street prostitutes through regular patrols", True),
    # a sentence that starts with a plural noun is not: "Arrests of ..." reports them
    ("Arrests of sex workers for communicating have fallen since the guidelines were adopted.", False),
    ("Raids on sex workers have stopped since the guidelines were adopted.", False),
])
def test_only_a_sentence_opening_with_the_bare_verb_is_read_as_an_instruction(text, expected):
    found = {f.rule_id for f in check_prose_text("<t>.txt", text, RS).findings
             if f.rule_id.startswith("framing.") and f.rule_id != "framing.learned"}
    assert bool(found) is expected, found


# --------------------------------------------------------------------------- RuleSet.__init__, pinned (mutation round 9)

SHORT_PACK = """\
pack: q
reviewer: language
rules:
  - id: q.one
    severity: warning
    message: "'{match}' is an example term"
    rationale: A rule for the engine's decision tests.
    sources: [{title: Test source, url: "https://example.org"}]
    patterns: ["zorblax(?:es)?"]
    examples:
      flag: ["three zorblaxes"]
      pass: ["nothing here"]
  - id: q.raw
    severity: info
    raw: true
    message: "an invisible character"
    rationale: A raw rule reads the text as written.
    sources: [{title: Test source, url: "https://example.org"}]
    patterns: ["zz\\u200bzz"]
    examples:
      flag: ["the word zz\\u200bzz here"]
      pass: ["the word zzzz here"]
"""


def _short_pack(tmp_path):
    p = tmp_path / "q.yaml"
    p.write_text(SHORT_PACK, encoding="utf-8")
    return load_packs([p])


def test_a_configuration_error_is_at_the_entry_s_line_and_column(tmp_path):
    from lic_policy.config import load_config

    cfg_file = tmp_path / ".lic-policy.yaml"
    for entry, first in (("lang.std", "was renamed"), ("lang.prostitutes", "unknown rule id")):
        cfg_file.write_text(f"rules:\n  disable:\n    - lang.addict\n    - {entry}\n", encoding="utf-8")
        with pytest.raises(ConfigError) as err:
            load_ruleset(load_config(cfg_file))
        assert first in err.value.message
        assert (err.value.line, err.value.column) == (4, 7), (err.value.line, err.value.column)


def test_a_pack_glob_or_a_pack_name_near_miss_suggests_the_pack():
    packs = load_packs()
    for entry in ("framing.*", "framing.", "framin"):
        with pytest.raises(ConfigError) as err:
            RuleSet(packs, Config(disable=[entry]))
        assert err.value.hint == "did you mean 'framing'? (a pack's name stands for all its rules)", entry
    with pytest.raises(ConfigError) as err:
        RuleSet(packs, Config(disable=["lang.prostitutes"]))
    assert err.value.hint == "did you mean 'lang.prostitute'?"  # a rule: no word about packs


def test_a_glob_of_a_pack_too_short_for_a_near_miss_still_names_the_pack(tmp_path):
    # "q.*" is too far from "q" for difflib (ratio 0.5): the stem, stripped of "*" then ".", is
    packs = _short_pack(tmp_path)
    for entry in ("q.*", "q.**", "q."):
        with pytest.raises(ConfigError) as err:
            RuleSet(packs, Config(disable=[entry]))
        assert err.value.hint == "did you mean 'q'? (a pack's name stands for all its rules)", entry


def test_an_unknown_id_without_a_configuration_file_names_no_file():
    with pytest.raises(ConfigError) as err:
        load_ruleset(Config(disable=["zzzz-qqqq"]))
    assert err.value.file == "" and err.value.hint == "run `lic-policy rules` to list them"


def test_severity_by_pack_name_and_the_packs_it_copies():
    packs = load_packs()
    rs = RuleSet(packs, Config(severity={"framing": "info", "lang.addict": "error"}))
    assert {r.severity for r in rs.rules if r.pack == "framing"} == {"info"}
    assert rs.by_id_enabled["lang.addict"].severity == "error"
    assert {r.severity for r in rs.rules if r.pack == "structure"} != {"info"}  # only the pack named
    # a pack with no rule configured is the very pack given; one with a configured rule is a copy
    given = {p.name: p for p in packs}
    mine = {p.name: p for p in rs.packs}
    assert mine["structure"] is given["structure"] and mine["framing"] is not given["framing"]
    assert mine["language"] is not given["language"]
    assert {r.severity for r in given["framing"].rules} != {"info"}
    # a rule's own severity wins over its pack's
    rs = RuleSet(packs, Config(severity={"language": "info", "lang.addict": "error"}))
    assert rs.by_id_enabled["lang.addict"].severity == "error"
    assert rs.by_id_enabled["lang.prostitute"].severity == "info"


def test_the_ruleset_sorts_its_rules_by_kind(tmp_path):
    rs = RuleSet(_short_pack(tmp_path))
    assert [r.id for r, _rx in rs.raw_rules] == ["q.raw"]
    assert "q.raw" not in {v.rule.id for v in rs.pattern_rules} and "q.one" in {v.rule.id for v in rs.pattern_rules}
    (_r, rx), = rs.raw_rules
    assert rx.search("the word zz\u200bzz here") and not rx.search("azz\u200bzz")  # its own word, not inside one
    found = [f.rule_id for f in check_prose_text("n.md", "The word zz\u200bzz and zorblaxes.\n", rs).findings]
    assert found.count("q.raw") == 1 and "q.one" in found
    built = RuleSet(load_packs())  # built here: RS may come from the test run's cache
    assert [r.id for r in built.model_rules] == ["framing.learned", "lang.learned-context"]
    assert {r.kind for r in built.python_rules} == {"python"}
    assert "involvement.every-stage" in {r.id for r in built.python_rules}


def test_protected_names_are_matched_in_any_case_and_none_without_them(tmp_path):
    built = RuleSet(load_packs())
    assert built.protected is not None
    assert built.protected.search("under the PROSTITUTION REFORM ACT 2003")
    assert RuleSet(_short_pack(tmp_path)[-1:]).protected is None


# --------------------------------------------------------------------------- what a guideline's rules read


def test_a_guideline_field_is_read_without_its_markdown_code_and_link_targets(tmp_path):
    # guideline fields hold a Markdown subset: words in a code span, a link's target or a bare
    # URL are not prose (must-flag fixture: the same word in the sentence itself is found)
    body = ("      - id: c.1\n        text: 'See [the 2019 review](https://example.org/prostitutes-2019) and"
            " `prostitutes.csv`, https://example.org/prostitutes.'\n"
            "      - id: c.2\n        text: Outreach staff met prostitutes.\n")
    got, _n, own = check_yaml(tmp_path, body)
    assert got == [("lang.prostitute", 9)], got
    assert [f.match for f in own] == ["prostitutes"]


def test_a_markdown_table_row_is_read_without_the_code_of_any_of_its_cells():
    # a table row is one unit; the code spans of its second and later cells were read as prose
    # (BENCHMARKS.md's command lines in a table: `... sex-work-response.yaml`). Must-flag
    # fixture: the same word in a cell's own words is found.
    from lic_policy.checks.engine import check_prose_text

    text = ("| step | command |\n|---|---|\n"
            "| count | `python count.py prostitutes.csv` and `grep prostitutes` |\n"
            "| meet | Outreach staff met prostitutes. |\n")
    from lic_policy.text import prose_units

    row = [u.text for u in prose_units(text)][1]
    assert "python" not in row and "grep" not in row and "and" in row, row  # the cells' code blanked, their words kept
    found = [(f.rule_id, f.line, f.match) for f in check_prose_text("t.md", text, default_ruleset()).findings]
    assert found == [("lang.prostitute", 4, "prostitutes")], found
    # the learned reviewer read a command's words as a sentence about sex work
    cmd = "`valgrind --tool=cachegrind --cache-sim=no python -m lic_policy check guidelines/x-sex-work-response.yaml`"
    table = f"| a | b |\n|---|---|\n| 1,158.6 M | {cmd} |\n"
    assert check_prose_text("t.md", table, default_ruleset()).findings == []


# --------------------------------------------------------------------------- a structural rule tripped by the guideline's shape


def _good_with_a_list_as_a_seat_category(tmp_path):
    from .conftest import GOOD

    text = GOOD.read_text(encoding="utf-8")
    seat = "    - category: youth-serving-organizations\n"
    assert text.count(seat) == 1
    path = tmp_path / "g.yaml"
    path.write_text(text.replace(seat, "    - category: [youth-serving-organizations]\n"), encoding="utf-8")
    return load(path, validate=False)


def test_a_structural_rule_tripped_by_a_malformed_guideline_is_left_out(tmp_path):
    # a list as a steering-committee seat's category makes coverage.steering-committee raise
    # TypeError (unhashable); the guideline does not validate, so the rule is left out and
    # the others still run (validation reports the value itself)
    doc = _good_with_a_list_as_a_seat_category(tmp_path)
    assert doc.validation_issues()
    res = check_document(doc, RS)
    assert "coverage.steering-committee" not in {f.rule_id for f in res.findings}


def test_a_structural_rule_that_raises_on_a_valid_guideline_is_a_bug_and_stays_one(monkeypatch):
    from lic_policy.checks import findings as findings_module

    from .conftest import GOOD

    def broken(doc, config, rule):
        raise KeyError("a bug in a structural rule")

    rule = next(r for r in RS.python_rules if r.id == "coverage.steering-committee")
    monkeypatch.setitem(findings_module._FUNCTIONS, rule.function, broken)
    doc = load(GOOD, validate=False)
    assert not doc.validation_issues()
    with pytest.raises(KeyError, match="a bug in a structural rule"):
        check_document(doc, RS)


def test_a_suppression_problem_names_the_guideline_file(tmp_path):
    got, _n, own = check_yaml(tmp_path, "      - id: c.1\n        text: Fine.  # lic-policy: ignore[lang.addict] quoted\n")
    assert got == [("lic-policy.unused-suppression", 7)]
    assert own[0].file == str(tmp_path / "g.yaml")


def test_an_unknown_rule_like_no_known_one_is_named_with_where_to_find_the_ids(tmp_path):
    got, n, own = check_yaml(tmp_path, "      - id: c.1\n        text: Fine.  # lic-policy: ignore[xyzzy] quoted\n")
    assert got == [("lic-policy.unknown-suppression", 7)] and n == 0
    assert own[0].message == "suppression names an unknown rule 'xyzzy'"  # no "did you mean": nothing is close
    assert own[0].suggestions == ["run `lic-policy rules` to list rule ids"]


def test_a_suppression_written_in_capitals_is_still_one(tmp_path):
    """`LIC-POLICY: IGNORE[lang.prostitute]` was silently no suppression (ux25 noticed): the
    finding stayed and nothing said why. The marker is read in small letters or capitals."""
    got, n, _ = check_yaml(tmp_path, "      - id: c.1\n        text: Prostitutes asked for lighting.  "
                                     "# LIC-POLICY: IGNORE[lang.prostitute] quoting a 2009 motion\n")
    assert got == [] and n == 1
