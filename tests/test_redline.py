"""Redline: structure by id, words inside clauses, and the four outputs."""

from __future__ import annotations

import copy
import json
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lic_policy.redline import DELETE, EQUAL, INSERT, redline, render_html, render_markdown, render_text, word_diff
from lic_policy.store import load

from .conftest import DRAFT, GOOD, ROOT, run_cli

WORDS = ["staff", "offer", "support", "to", "sex", "workers", "who", "ask", "for", "help", "and", "safety,",
         "services.", "the", "city", "will", "respond", "with", "respect", "(outreach)", "peer-led", "\n", "  ",
         "violence", "report", "housing", "é", "社区", "—"]

texts = st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join)


@settings(max_examples=100, deadline=None)
@given(texts, texts)
def test_word_diff_segments_rebuild_both_texts(a, b):
    segs = word_diff(a, b)
    assert "".join(t for op, t in segs if op != INSERT) == a
    assert "".join(t for op, t in segs if op != DELETE) == b
    assert all(t for _op, t in segs)


@pytest.mark.slow  # the property above at 1000 examples (make test runs 100; it ran 300)
@settings(max_examples=1000, deadline=None)
@given(texts, texts)
def test_word_diff_segments_rebuild_both_texts_1000_examples(a, b):
    test_word_diff_segments_rebuild_both_texts.hypothesis.inner_test(a, b)


def test_word_diff_is_word_level():
    segs = word_diff("City of Cedar Harbour Street Strategy", "City of Cedar Harbour Sex Work Guidelines")
    assert segs[0] == (EQUAL, "City of Cedar Harbour ")
    for op, t in segs[1:]:
        assert op in (DELETE, INSERT)
    assert "".join(t for op, t in segs if op == DELETE).strip() == "Street Strategy"


def _clauses(data):
    out = {}

    def walk(secs):
        for s in secs or []:
            for c in s.get("clauses") or []:
                out[c["id"]] = c["text"]
            walk(s.get("sections"))
    walk(data.get("sections"))
    return out


@pytest.fixture(scope="module")
def good():
    return load(GOOD, validate=False).data


@st.composite
def revisions(draw, base):
    d = copy.deepcopy(base)
    secs = d["sections"]
    for _ in range(draw(st.integers(0, 8))):
        s = draw(st.sampled_from([s for s in secs if s.get("clauses")]))
        c = draw(st.sampled_from(s["clauses"]))
        words = c["text"].split(" ")
        k = draw(st.integers(0, len(words) - 1))
        op = draw(st.sampled_from(["insert", "delete", "replace"]))
        w = draw(st.sampled_from(WORDS))
        if op == "insert":
            words.insert(k, w)
        elif op == "delete" and len(words) > 1:
            del words[k]
        else:
            words[k] = w
        c["text"] = " ".join(words)
    return d


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.data())
def test_applying_redline_to_old_gives_new_for_every_clause(good, data):
    new = data.draw(revisions(good))
    rl = redline(good, new)
    old_c, new_c = _clauses(good), _clauses(new)
    changed = {t.element: t for t in rl.text if t.clause}
    for cid, old_text in old_c.items():
        t = changed.get(cid)
        if t is None:
            assert new_c[cid] == old_text
        else:
            assert t.old_text == old_text and t.new_text == new_c[cid]
    assert all(t.op == "changed" for t in rl.text)


def test_structure_by_id(good):
    new = copy.deepcopy(good)
    secs = new["sections"]
    moved = secs[0]["clauses"].pop(0)
    secs[1]["clauses"].append(moved)  # moved to another section
    secs[1]["title"] = secs[1]["title"] + " (revised)"
    removed = secs[2]["clauses"].pop()
    renamed = secs[3]["clauses"][0]
    old_id = renamed["id"]
    renamed["id"] = old_id + "-new"
    secs[3]["clauses"].append({"id": secs[3]["id"] + ".added", "text": "A brand new clause about outreach."})
    new["metadata"]["version"] = "9.9.9"
    new["services"] = new["services"][1:]
    rl = redline(good, new)
    by = {(c.kind, c.op, c.id) for c in rl.structural}
    assert ("clause", "moved", moved["id"]) in by
    assert ("section", "retitled", secs[1]["id"]) in by
    assert ("clause", "removed", removed["id"]) in by
    assert ("clause", "renamed", old_id + "-new") in by
    assert ("clause", "added", secs[3]["id"] + ".added") in by
    assert ("service", "removed", good["services"][0]["id"]) in by
    details = " | ".join(c.detail for c in rl.structural)
    assert "version changed from “" in details and "9.9.9" in details
    # the renamed clause is diffed against its old text, not shown as all new
    assert not any(t.element == old_id + "-new" for t in rl.text)
    summary = rl.summary()
    assert summary["clauses moved"] == 1 and summary["sections retitled"] == 1


def test_consultation_changes_in_plain_words(good):
    new = copy.deepcopy(good)
    parts = new["consultation"]["participants"]
    parts[0]["count"] += 3
    rl = redline(good, new)
    detail = [c.detail for c in rl.structural if c.kind == "consultation"]
    assert detail == [f"Consultation: participants[{parts[0]['group']}] › count changed from "
                      f"{parts[0]['count'] - 3} to {parts[0]['count']}"]


def test_identical_has_no_changes(good):
    rl = redline(good, copy.deepcopy(good))
    assert not rl.changed and render_text(rl).splitlines()[1] == "no changes"


def test_outputs(good, tmp_path):
    new = copy.deepcopy(good)
    c = new["sections"][0]["clauses"][0]
    c["text"] = c["text"].replace(" ", " <b>&amp;</b> ", 1)
    new["sections"][0]["clauses"].append(new["sections"][0]["clauses"].pop(0))
    rl = redline(good, new, old_label="v1", new_label="v2")
    html = render_html(rl)
    assert html.startswith("<!DOCTYPE html>") and "<ins>&lt;b&gt;&amp;amp;&lt;/b&gt; </ins>" in html
    assert "Summary of changes" in html and "↷" in html and "<b>&amp;" not in html
    md = render_markdown(rl)
    # hostile6: the guideline's words are literal text in the Markdown too (they were raw HTML)
    assert "{++\\<b\\>\\&amp;\\</b\\> ++}" in md and "{>>Clause" in md
    d = json.loads(json.dumps(rl.to_dict()))
    assert d["text"][0]["segments"][0][0] in ("equal", "insert", "delete")
    assert d["summary"]["clauses moved"] == 1
    txt = render_text(rl)
    assert "{+<b>&amp;</b> +}" in txt


def test_substitution_critic_markup():
    from lic_policy.redline import _critic

    assert _critic([(EQUAL, "a "), (DELETE, "b"), (INSERT, "c")]) == "a {~~b~>c~~}"


@pytest.mark.slow  # 0.32 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_cli_diff_formats(tmp_path):
    for fmt in ("text", "html", "markdown", "json"):
        res = run_cli("diff", str(DRAFT), str(GOOD), "--format", fmt, "--color", "never")
        assert res.exit_code == 0, res.stderr
        assert res.stdout
    res = run_cli("diff", str(GOOD), str(GOOD), "--exit-code")
    assert res.exit_code == 0
    res = run_cli("diff", str(DRAFT), str(GOOD), "--exit-code")
    assert res.exit_code == 1
    out = tmp_path / "r.html"
    res = run_cli("diff", str(DRAFT), str(GOOD), "--format", "html", "-o", str(out))
    assert res.exit_code == 0 and out.read_text().startswith("<!DOCTYPE html>")


def test_cli_diff_shows_open_threads_of_new(tmp_path):
    g = tmp_path / "g.yaml"
    g.write_text(GOOD.read_text())
    data = load(g, validate=False).data
    cid = data["sections"][0]["clauses"][0]["id"]
    quote = data["sections"][0]["clauses"][0]["text"].split()[0]
    res = run_cli("review", "add", str(g), "--clause", cid, "--quote", quote, "--occurrence", "1", "--body",
                  "Thread shown beside its clause.", "--author", "advisory-reviewer-3", "--role",
                  "sex-worker-advisory")
    assert res.exit_code == 0, res.stderr
    res = run_cli("diff", str(DRAFT), str(g), "--format", "html")
    assert "Thread shown beside its clause." in res.stdout
    res = run_cli("diff", str(DRAFT), str(g), "--format", "markdown")
    assert "{>>t1 comment by advisory-reviewer-3" in res.stdout


def test_cli_diff_errors():
    res = run_cli("diff", "missing.yaml", str(GOOD))
    assert res.exit_code == 2 and "no such file" in res.stderr and res.stderr.count("\n") == 1
    res = run_cli("diff", "HEAD:no/such/file.yaml", str(GOOD))
    assert res.exit_code == 2 and "cannot read 'HEAD:no/such/file.yaml'" in res.stderr
    assert res.stderr.count("\n") == 1


def test_cli_diff_git_revision(tmp_path):
    if subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True).returncode != 0:
        pytest.skip("not a git checkout")
    repo = tmp_path / "repo"
    repo.mkdir()
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@invalid", "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=env)
    (repo / "g.yaml").write_text(DRAFT.read_text())
    subprocess.run(["git", "add", "g.yaml"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "commit", "-qm", "x"], cwd=repo, check=True, env=env)
    (repo / "g.yaml").write_text(GOOD.read_text())
    import os

    cwd = os.getcwd()
    os.chdir(repo)
    try:
        res = run_cli("diff", "HEAD:g.yaml", "g.yaml", "--format", "json")
    finally:
        os.chdir(cwd)
    assert res.exit_code == 0, res.stderr
    d = json.loads(res.stdout)
    assert d["old"]["label"] == "HEAD:g.yaml" and d["structural"]


@st.composite
def structural_revisions(draw, base):
    d = draw(revisions(base))
    secs = [s for s in d["sections"] if s.get("clauses")]
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["move", "remove", "add", "rename"]))
        s = draw(st.sampled_from(secs))
        if not s["clauses"]:
            continue
        k = draw(st.integers(0, len(s["clauses"]) - 1))
        if op == "move":
            c = s["clauses"].pop(k)
            draw(st.sampled_from(secs))["clauses"].insert(0, c)
        elif op == "remove":
            s["clauses"].pop(k)
        elif op == "add":
            s["clauses"].insert(k, {"id": f"{s['id']}.new{draw(st.integers(0, 10**6))}",
                                    "text": draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12)
                                                 .map(" ".join))})
        else:
            s["clauses"][k]["id"] += "-renamed"
    return d


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.data())
def test_structural_changes_and_segments_rebuild_new(good, data):
    new = data.draw(structural_revisions(good))
    rl = redline(good, new)
    old_c, new_c = _clauses(good), _clauses(new)
    renamed = {c.new: c.old for c in rl.structural if c.kind == "clause" and c.op == "renamed"}
    texts = {t.element: t for t in rl.text if t.clause}
    for cid, text in new_c.items():
        origin = renamed.get(cid, cid)
        t = texts.get(cid)
        if t is None:
            assert old_c[origin] == text  # unchanged (possibly renamed or moved)
        else:
            assert t.new_text == text
            assert t.old_text == (old_c[origin] if origin in old_c else "")
    removed = {c.id for c in rl.structural if c.kind == "clause" and c.op == "removed"}
    assert removed == {cid for cid in old_c if cid not in new_c and cid not in renamed.values()}
    for cid in removed:
        assert texts[cid].op == "removed" and texts[cid].old_text == old_c[cid]
    added = {c.id for c in rl.structural if c.kind == "clause" and c.op == "added"}
    assert added == {cid for cid in new_c if cid not in old_c and cid not in renamed}


def test_text_color_always():
    res = run_cli("diff", str(DRAFT), str(GOOD), "--color", "always")
    assert res.exit_code == 0 and "\x1b[" in res.stdout
    res = run_cli("diff", str(DRAFT), str(GOOD), "--color", "never")
    assert "\x1b[" not in res.stdout and "{+" in res.stdout and "[-" in res.stdout
