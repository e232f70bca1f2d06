"""The checks engine on real documents: samples, seeds, context exceptions, suppressions,
configuration, prose files, the cache and the process pool."""

from __future__ import annotations

import json
import shutil

import pytest

from lic_policy.checks.engine import check_text, load_ruleset
from lic_policy.checks.runner import check_paths
from lic_policy.config import Config, load_config

from .conftest import DRAFT, GOOD, POLICE, ROOT, default_ruleset, run_cli

SEEDS_SHARED = ROOT.parent / "shared" / "seeds"
SEEDS = SEEDS_SHARED if SEEDS_SHARED.is_dir() else ROOT / "tests" / "data" / "seeds"
RS = default_ruleset()  # shared by the modules of this process (conftest)


def ids(text: str, kind: str = "prose") -> list[str]:
    return [r.id for r, _s, _e in check_text(text, RS, kind=kind)]


def test_lic_seed_texts_produce_no_findings():
    report = check_paths([str(SEEDS)], Config(cache=False))
    assert len(report.results) == 5
    assert report.findings == [], [(f.file, f.rule_id, f.match) for f in report.findings]


def test_good_samples_are_clean():
    report = check_paths([str(GOOD), str(POLICE)], Config(cache=False))
    assert report.findings == [], [(f.line, f.rule_id, f.match) for f in report.findings]


def test_flawed_draft_fires_both_reviewers_at_exact_places():
    report = check_paths([str(DRAFT)], Config(cache=False))
    reviewers = {f.reviewer for f in report.findings}
    assert {"language", "framing"} <= reviewers
    assert report.exit_code("error") == 1
    lines = DRAFT.read_text(encoding="utf-8").splitlines()
    for f in report.findings:
        if f.match:
            got = lines[f.line - 1][f.column - 1:]
            assert got.lower().startswith(f.match.split()[0].lower()), (f.rule_id, f.line, f.column, f.match)
    youth = [f for f in report.findings if f.rule_id == "lang.youth-sex-work"]
    assert youth and all(f.severity == "error" for f in youth)


@pytest.mark.parametrize("text", [
    "the English Collective of Prostitutes",
    "New Zealand's Prostitution Reform Act 2003",
    "the Protection of Communities and Exploited Persons Act",
    "John Lowman studied sex work in Vancouver.",
    "General Hooker",
    "Some policies still use the term 'prostitute'.",
    'A resident said "get the hookers off my street" at the meeting.',
    "There are no plans for a crackdown.",
    "Research shows displacement increases violence.",
    "Supports to transition to other work are offered if requested.",
    "A resident may politely ask someone to stand a little further from their door.",
    "Young sex workers aged 18 to 24 asked for evening clinic hours.",
])
def test_hard_cases_pass(text):
    assert ids(text) == []


@pytest.mark.parametrize("text,rule", [
    ("Police moved the prostitutes along.", "lang.prostitute"),
    ("We will crack down on johns.", "framing.end-demand"),
    ("We will crack down on street prostitution.", "framing.crackdown"),
    ("Streetwalkers work after midnight.", "lang.streetwalker"),
    ("street walkers", "lang.streetwalker"),
    ("The child prostitute was referred.", "lang.youth-sex-work"),
    # "arrests of" names the people arrested, not an offence: the law's wording does not lift it
    ("Set a target of a 50% increase in arrests of johns and pimps.", "lang.client-slang"),
    ("Convictions of prostitutes rose.", "lang.prostitute"),
    ("Exiting the sex trade is a condition of housing.", "framing.mandated-exit"),
    ("Sex workers gather near the station. Officers will move them along.", "framing.displacement"),
])
def test_hard_cases_flag(text, rule):
    assert rule in ids(text)


# a young person is named as doing sex work only when the youth word is tied to the term
# ("child prostitution", "girls as young as 13 ... in prostitution", "prostitution of children"),
# not when the sentence also speaks of young people elsewhere
@pytest.mark.parametrize("text", [
    "This guideline sets out how staff respond to prostitution downtown and to the sexual exploitation of youth.",
    "Sex workers who are parents may bring their children to the clinic.",
    "Children of sex workers are welcome at the drop-in.",
    "Sex work between adults and the sexual exploitation of minors are different matters.",
    "Youth and sex workers both use the outreach van.",
])
def test_youth_elsewhere_in_the_sentence_is_not_youth_sex_work(text):
    assert "lang.youth-sex-work" not in ids(text)


@pytest.mark.parametrize("text", [  # must-flag fixtures
    "Girls as young as 13 were recruited into prostitution.",
    "The prostitution of children is abuse.",
    "Children and young people involved in prostitution need support.",
    "Some escorts were as young as 15.",
    "Teenagers working as prostitutes were referred to the clinic.",
    "Sex workers who are minors are referred to youth services.",
])
def test_youth_tied_to_the_term_is_youth_sex_work(text):
    assert "lang.youth-sex-work" in ids(text)


def test_quoted_units_and_names_are_skipped():
    assert ids("Prostitutes are mentioned in this statute.", kind="quote") == []
    assert ids("Prostitutes Outreach Society", kind="name") == []


def test_glossary_self_identification(tmp_path):
    text = GOOD.read_text(encoding="utf-8")
    target = tmp_path / "g.yaml"
    # must-flag fixture: add a clause using "working girls", then declare it as self-identification
    text = text.replace("      - id: response.violence.1\n",
                        "      - id: response.violence.0\n        text: Working girls asked for a bad date list.\n"
                        "      - id: response.violence.1\n", 1)
    target.write_text(text, encoding="utf-8")
    rep = check_paths([str(target)], Config(cache=False))
    assert [f.rule_id for f in rep.findings] == ["lang.streetwalker"]
    text2 = text.replace("definitions:\n", "definitions:\n  - term: working girls\n    definition: How members of a "
                         "local collective name themselves.\n    self_identification: true\n", 1)
    target.write_text(text2, encoding="utf-8")
    assert check_paths([str(target)], Config(cache=False)).findings == []


def test_suppressions(tmp_path):
    text = GOOD.read_text(encoding="utf-8")
    # must-flag fixture lines follow
    flagged = "      - id: response.violence.0\n        text: Prostitutes asked for lighting.  # lic-policy: ignore[lang.prostitute] quoted from a 2009 council motion\n"
    no_reason = "      - id: response.violence.00\n        text: Prostitutes asked again.  # lic-policy: ignore[lang.prostitute]\n"
    unused = "      - id: response.violence.000\n        text: Sex workers asked again.  # lic-policy: ignore[lang.slur] nothing here\n"
    text = text.replace("      - id: response.violence.1\n", flagged + no_reason + unused + "      - id: response.violence.1\n", 1)
    target = tmp_path / "g.yaml"
    target.write_text(text, encoding="utf-8")
    rep = check_paths([str(target)], Config(cache=False))
    assert rep.suppressed == 1
    got = sorted(f.rule_id for f in rep.findings)
    assert got == ["lang.prostitute", "lic-policy.suppression-reason", "lic-policy.unused-suppression"]


def test_suppression_on_block_scalar_key_line(tmp_path):
    text = GOOD.read_text(encoding="utf-8")
    block = ("      - id: response.violence.0\n        text: |  # lic-policy: ignore[lang.prostitute] historical wording kept\n"
             "          First line.\n          Prostitutes asked for lighting.\n")
    target = tmp_path / "g.yaml"
    target.write_text(text.replace("      - id: response.violence.1\n", block + "      - id: response.violence.1\n", 1),
                      encoding="utf-8")
    rep = check_paths([str(target)], Config(cache=False))
    assert rep.findings == [] and rep.suppressed == 1


def test_config_disable_severity_and_packs(tmp_path):
    (tmp_path / "doc.md").write_text("# Notes\n\nProstitutes and hookers asked for help.\n", encoding="utf-8")
    pack = tmp_path / "local.yaml"
    pack.write_text(
        "pack: local\nrules:\n  - id: local.downtown-eastside\n    severity: info\n    message: name the area\n"
        "    patterns: ['the bad part of town']\n    rationale: Places are not bad.\n"
        "    sources: [{title: Local style guide}]\n    examples:\n      flag: ['the bad part of town']\n"
        "      pass: ['the Eastside']\n", encoding="utf-8")
    cfg_file = tmp_path / ".lic-policy.yaml"
    cfg_file.write_text("rules:\n  disable: [lang.slur]\n  severity: {lang.prostitute: error}\npacks: [local.yaml]\n"
                        "ignore: ['skip/*']\n", encoding="utf-8")
    (tmp_path / "skip").mkdir()
    (tmp_path / "skip" / "x.md").write_text("Prostitutes.\n", encoding="utf-8")
    cfg = load_config(cfg_file)
    rep = check_paths([str(tmp_path)], cfg, use_cache=False)
    found = [(f.rule_id, f.severity) for f in rep.findings]
    assert found == [("lang.prostitute", "error")]
    assert all("skip" not in r.file for r in rep.results)
    assert "local.downtown-eastside" in {r.id for r in load_ruleset(cfg).rules}


def test_unknown_rule_in_config_is_one_line(tmp_path):
    cfg = tmp_path / ".lic-policy.yaml"
    cfg.write_text("rules:\n  disable: [lang.prostitutes]\n", encoding="utf-8")
    res = run_cli("check", "--config", str(cfg), str(GOOD))
    assert res.exit_code == 2 and "did you mean 'lang.prostitute'" in res.stderr
    assert res.stderr.count("\n") == 1


def test_markdown_prose_and_blockquotes(tmp_path):
    md = tmp_path / "notes.md"
    md.write_text("# Notes\n\nOfficers met two prostitutes.\n\n> Prostitutes asked for lighting.\n\n"
                  "Outreach staff met addicts. <!-- lic-policy: ignore[lang.addict] quoting a 1998 council motion verbatim -->\n",
                  encoding="utf-8")
    rep = check_paths([str(md)], Config(cache=False))
    assert [(f.rule_id, f.line, f.column) for f in rep.findings] == [("lang.prostitute", 3, 18)]
    assert rep.suppressed == 1


def test_unparseable_file_is_exit_2_and_others_still_checked(tmp_path):
    shutil.copy(DRAFT, tmp_path / "draft.yaml")
    (tmp_path / "broken.yaml").write_text("a: [\n", encoding="utf-8")
    res = run_cli("check", "--no-cache", str(tmp_path))
    assert res.exit_code == 2
    assert "broken.yaml:" in res.stdout and "lang.prostitute" in res.stdout


def test_fail_on_threshold(tmp_path):
    md = tmp_path / "a.md"
    md.write_text("Free STD testing.\n", encoding="utf-8")  # must-flag fixture (info severity)
    assert run_cli("check", "--no-cache", str(md)).exit_code == 0
    assert run_cli("check", "--no-cache", "--fail-on", "info", str(md)).exit_code == 1
    assert run_cli("check", "--no-cache", "--fail-on", "none", str(DRAFT)).exit_code == 0


def test_cache_is_used_and_invalidated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(DRAFT, tmp_path / "draft.yaml")
    first = check_paths(["draft.yaml"], Config())
    assert first.cached_files == 0
    second = check_paths(["draft.yaml"], Config())
    assert second.cached_files == 1
    assert [f.to_dict() for f in second.findings] == [f.to_dict() for f in first.findings]
    text = (tmp_path / "draft.yaml").read_text(encoding="utf-8")
    (tmp_path / "draft.yaml").write_text(text.replace("prostitutes", "sex workers"), encoding="utf-8")
    third = check_paths(["draft.yaml"], Config())
    assert third.cached_files == 0 and len(third.findings) < len(first.findings)
    shutil.rmtree(tmp_path / ".lic-policy-cache")
    assert len(check_paths(["draft.yaml"], Config()).findings) == len(third.findings)


def test_a_cached_result_made_by_other_code_of_the_same_version_is_not_reused(tmp_path, monkeypatch):
    """A checkout moved to another commit (or an edited module) keeps the version number: its
    cached findings were made by other code and must not be handed back (hostile15 saw stale
    results after a normalisation fix)."""
    from lic_policy.checks import runner

    monkeypatch.chdir(tmp_path)
    shutil.copy(DRAFT, tmp_path / "draft.yaml")
    check_paths(["draft.yaml"], Config())
    assert check_paths(["draft.yaml"], Config()).cached_files == 1
    monkeypatch.setattr(runner, "code_fingerprint", lambda: "other code")
    assert check_paths(["draft.yaml"], Config()).cached_files == 0


def test_the_code_fingerprint_follows_the_package_files(tmp_path, monkeypatch):
    from lic_policy.checks import runner

    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "a.py").write_text("x = 1\n")
    (tmp_path / "pkg" / "__pycache__").mkdir()
    first = runner.code_fingerprint.__wrapped__(tmp_path / "pkg")
    (tmp_path / "pkg" / "__pycache__" / "a.pyc").write_bytes(b"compiled")
    assert runner.code_fingerprint.__wrapped__(tmp_path / "pkg") == first  # bytecode is not the code
    (tmp_path / "pkg" / "a.py").write_text("x = 22\n")
    assert runner.code_fingerprint.__wrapped__(tmp_path / "pkg") != first


@pytest.mark.slow
def test_pool_gives_the_same_findings_as_one_process(tmp_path):
    for i in range(30):
        shutil.copy(DRAFT if i % 3 == 0 else GOOD, tmp_path / f"g{i:02d}.yaml")
    single = check_paths([str(tmp_path)], Config(cache=False), jobs=1)
    from lic_policy import pool

    old = pool.MIN_BYTES
    pool.MIN_BYTES = 1
    try:
        pooled = check_paths([str(tmp_path)], Config(cache=False), jobs=2)
    finally:
        pool.MIN_BYTES = old
    assert [f.to_dict() for f in pooled.findings] == [f.to_dict() for f in single.findings]


def test_json_output_schema():
    res = run_cli("check", "--no-cache", "--format", "json", str(DRAFT))
    data = json.loads(res.stdout)
    assert data["schema_version"] == 1
    assert set(data["summary"]) == {"files", "error", "warning", "info", "suppressed", "cached_files"}
    f = data["findings"][0]
    for key in ("rule_id", "severity", "message", "file", "line", "column", "end_line", "end_column", "match",
                "clause", "anchor", "suggestions", "sources", "fix"):
        assert key in f
    anchored = [x for x in data["findings"] if x["clause"]]
    a = anchored[0]["anchor"]
    assert a["quote"]["exact"] == anchored[0]["match"] and a["position"]["end"] > a["position"]["start"]


@pytest.mark.slow
def test_rules_commands(tmp_path):
    res = run_cli("rules")
    assert res.exit_code == 0 and "lang.prostitute" in res.stdout
    res = run_cli("rules", "test")
    assert res.exit_code == 0 and " 0 failed" in res.stdout
    out = tmp_path / "RULES.md"
    res = run_cli("rules", "docs", "-o", str(out))
    text = out.read_text(encoding="utf-8")
    assert "### `framing.displacement`" in text and "**Why.**" in text


def test_a_renamed_rule_id_is_named_in_the_configuration_and_honoured_in_a_suppression(tmp_path):
    cfg = tmp_path / ".lic-policy.yaml"
    cfg.write_text("rules:\n  disable: [lang.std]\n", encoding="utf-8")
    doc = tmp_path / "n.md"
    doc.write_text("# Notes\n\nThe clinic offers STD testing. <!-- lic-policy: ignore[lang.std] the clinic's name -->\n",
                   encoding="utf-8")
    r = run_cli("check", "--config", str(cfg), str(doc))
    assert r.exit_code == 2 and "rule 'lang.std' was renamed 'term.std'" in r.stdout + r.stderr
    r = run_cli("check", "--format", "json", str(doc))
    found = [f["rule_id"] for f in json.loads(r.stdout)["findings"]]
    assert found == ["lic-policy.renamed-rule"]
