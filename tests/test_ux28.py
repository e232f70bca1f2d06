"""Round 28 (ux28): three new users starting from README.md — a municipal drafter whose policy
is a plain-text file, a CI maintainer, an advisory reviewer on a phone. Each test pins a
stumble: the wrong output is what the user got before the fix."""

from __future__ import annotations

from pathlib import Path

import yaml

from .conftest import run_cli
from .webapp import send_response

DATA = Path(__file__).parent / "data" / "newcomer"


def _import(tmp_path: Path, src: Path, *args: str):
    out = tmp_path / (src.stem + ".yaml")
    r = run_cli("import", str(src), "-o", str(out), "--owner-role", "Manager, Community Services", *args)
    assert r.exit_code == 0, r.stderr
    return r, yaml.safe_load(out.read_text(encoding="utf-8"))


def _sections(sections: list) -> list:
    out = []
    for s in sections:
        out.append(s)
        out += _sections(s.get("sections", []))
    return out


# --------------------------------------------------------------------------- a plain-text draft

def test_plain_text_draft_headings_typed_as_numbered_capital_lines(tmp_path):
    """The made-up Glenmorrow draft (tests/data/newcomer/glenmorrow-draft.txt) is a policy
    as it is kept in a .txt file: a title block of three lines, headings typed as numbered
    lines in capitals (“1. PURPOSE”), hand-numbered clauses (“5.1 When …”), a list right under
    its lead-in and a table typed with bars. It imported as “Glenmorrow draft”, 0 sections,
    the whole draft in `purpose:` with every heading renumbered “1.”."""
    src = tmp_path / "glenmorrow-draft.txt"
    src.write_bytes((DATA / "glenmorrow-draft.txt").read_bytes())
    r, g = _import(tmp_path, src)
    assert g["metadata"]["title"] == "Sex Work Response Guidelines", r.stdout
    assert g["metadata"]["jurisdiction"]["name"] == "Municipality of Glenmorrow"
    assert g["purpose"].startswith("These guidelines set out how"), g["purpose"]
    assert "1. SCOPE" not in g["purpose"] and "SCOPE" not in g["purpose"]
    titles = [s["title"] for s in _sections(g["sections"])]
    assert any("violence" in t.lower() for t in titles), titles
    protocols = {s.get("protocol") for s in _sections(g["sections"])}
    assert {"violence-against-sex-workers", "complaints", "youth-sexual-exploitation"} <= protocols, protocols
    # the list under its lead-in stays a list, in the scope
    assert "- bylaw officers and parks staff;" in g["scope"]["text"], g["scope"]
    # the definitions typed as `Term: definition` lines
    terms = [d["term"] for d in g["definitions"]]
    assert "Sex worker" in terms and "Human trafficking" in terms, terms
    # the principles, each with its name
    assert [p["title"] for p in g["principles"]][:2] == ["Dignity", "Safety first"], g.get("principles")
    # the table typed with bars is the services directory
    orgs = [s["organization"] for s in g["services"]]
    assert orgs == ["Glenmorrow Sex Worker Collective", "Valley Health Outreach", "Glenmorrow Women’s Shelter"], orgs
    # hand-typed clause numbers are dropped: the council layout numbers clauses again
    violence = next(s for s in _sections(g["sections"]) if s.get("protocol") == "violence-against-sex-workers")
    assert violence["clauses"][0]["text"].startswith("When a sex worker tells staff"), violence["clauses"][0]


def test_plain_text_lists_stay_lists_and_markdown_stays_markdown(tmp_path):
    """A list whose numbered items are apart is no heading each; “•” bullets typed under a
    lead-in are a list; a .txt written in Markdown (“# Purpose”) is read as it was."""
    src = tmp_path / "steps.txt"
    src.write_text("Town of Alder Sex Work Response Guidelines\n\nPURPOSE\n\nThese guidelines help staff.\n\n"
                   "VIOLENCE AGAINST SEX WORKERS\n\nWhen a sex worker reports violence, staff:\n"
                   "• listen and believe them;\n• offer the Bad Date Line.\n\n"
                   "1. Offer a ride to the clinic\n\n2. Offer a support person\n\n3. Write nothing down\n",
                   encoding="utf-8")
    r, g = _import(tmp_path, src)
    violence = next(s for s in _sections(g["sections"]) if s.get("protocol") == "violence-against-sex-workers")
    texts = [c["text"] for c in violence["clauses"]]
    assert "- listen and believe them;" in texts[0], texts
    assert not any(s["title"].startswith("Offer") for s in _sections(g["sections"])), g["sections"]
    assert any("Offer a ride to the clinic" in t for t in texts), texts
    md = tmp_path / "md.txt"
    md.write_text("# Alder guidelines\n\n## Purpose\n\nThese guidelines help staff.\n\nSCOPE\n\nAll staff.\n",
                  encoding="utf-8")
    r, g = _import(tmp_path, md)
    assert g["metadata"]["title"] == "Alder guidelines", r.stdout
    assert "SCOPE" in g["purpose"], g["purpose"]


def test_no_fix_writes_words_the_sentence_already_has(tmp_path):
    """“Staff speak of youth sexual exploitation, never of youth sex work.” — `fix --write`
    made it “…, never of youth sexual exploitation.”: the sentence said the same words twice
    and lost what it told staff. A fix whose words the sentence already has is left to a
    person (so is “sex workers and prostitutes”, which became “sex workers and sex workers”)."""
    src = tmp_path / "note.md"
    text = ("# Language\n\nStaff speak of youth sexual exploitation, never of youth sex work.\n\n"
            "Outreach reaches sex workers and prostitutes alike.\n\nThe clinic serves prostitutes.\n")
    src.write_text(text, encoding="utf-8")
    r = run_cli("check", str(src))
    assert "'youth sex work' → 'youth sexual exploitation'" not in r.stdout, r.stdout
    assert "'prostitutes' → 'sex workers'  (lic-policy fix --write)" in r.stdout, r.stdout
    r = run_cli("fix", "--write", "--unsafe-fixes", str(src))
    assert r.exit_code in (0, 1), r.stderr
    new = src.read_text(encoding="utf-8")
    assert "never of youth sex work." in new, new
    assert "sex workers and prostitutes alike" in new, new
    assert "The clinic serves sex workers." in new, new


# --------------------------------------------------------------------------- a CI maintainer


def test_a_mistyped_path_names_the_one_that_is_there(tmp_path, monkeypatch):
    """`lic-policy check guideline/` in a repository whose folder is `guidelines/` said only
    `no such file or folder (check the path)`; a mistyped command or option gets a “did you
    mean”, and so does a path now, from the names in its folder."""
    (tmp_path / "guidelines").mkdir()
    (tmp_path / "guidelines" / "city.md").write_text("Outreach staff meet sex workers.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = run_cli("check", "guideline/")
    assert r.exit_code == 2
    assert "did you mean 'guidelines/'?" in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    r = run_cli("check", "guidelines/cty.md")
    assert "did you mean 'guidelines/city.md'?" in r.stderr, r.stderr
    r = run_cli("check", "elsewhere/nothing-like-it.md")
    assert r.exit_code == 2 and "did you mean" not in r.stderr, r.stderr


# --------------------------------------------------------------------------- a reviewer on a phone


def test_send_with_nothing_typed_does_not_say_what_you_wrote_is_below(tmp_path):
    """*Send* tapped on the Respond page before typing anything: the page said “Your comment:
    the box is empty. Please write something before sending. What you wrote is below: change it
    and send again.” — there was nothing below. That last sentence is said only when something
    was typed."""
    import re

    from .webapp import advisory_reviewer

    _room, c = advisory_reviewer(tmp_path)
    r = send_response(c, kind="comment", body="")
    assert r.status_code == 422
    alert = re.search(r'<p[^>]*role="alert"[^>]*>(.*?)</p>', r.text, re.S).group(1)
    assert "the box is empty" in alert and "What you wrote is below" not in alert, alert
    # with words typed, the page still says where they are
    r = send_response(c, span="words", quote="not in this part at all", kind="comment", body="Pay the outreach team.")
    assert r.status_code == 422
    alert = re.search(r'<p[^>]*role="alert"[^>]*>(.*?)</p>', r.text, re.S).group(1)
    assert "What you wrote is below" in alert, alert


def test_the_way_back_from_a_message_page_is_a_44_px_tap_target(tmp_path):
    """A link to a part that is no longer in the draft (an old tab, a shared link) opens a page
    with “Back to the draft” as its one way on; at 360 px it was 19 px tall, text-sized, where
    every other *Back to the draft* is a 44-px target (the stylesheet's `.back-link a`)."""
    import re

    from .webapp import advisory_reviewer

    _room, c = advisory_reviewer(tmp_path)
    r = c.get("/review/respond?part=no.such.part%7Ctext")
    assert r.status_code == 404
    assert re.search(r'<p class="back-link"><a href="/review">Back to the draft</a></p>', r.text), r.text[-800:]
    css = "".join(c.get(h).text for h in re.findall(r'href="(/static/[^"]+\.css[^"]*)"', r.text))
    assert re.search(r"\.back-link a[^{]*\{[^}]*min-height: 2\.75rem", css), css[:300]


def test_a_markdown_list_right_under_its_lead_in_stays_a_list(tmp_path):
    """GitHub, and `check`'s own Markdown reader, read a list that starts on the line after
    its lead-in (“These guidelines apply to:” over “- bylaw officers;”) as a list; the import's
    reader ran it into the paragraph, “These guidelines apply to: - bylaw officers; - parks
    staff; …”. It follows CommonMark now: a bullet, or a list numbered from 1, right after a
    paragraph starts a list; another number (“motion\\n12. Staff”) and code stay as they are."""
    src = tmp_path / "lakemere.md"
    src.write_text("# Town of Lakemere Sex Work Response Guidelines\n\n## Purpose\n\n"
                   "These guidelines set out how staff respond, as the council decided in motion\n"
                   "12. Staff read them once a year.\n\n## Scope\n\nThese guidelines apply to:\n"
                   "- bylaw officers;\n- parks staff;\n- front-desk staff.\n\n"
                   "## Responding to violence against sex workers\n\nWhen a sex worker reports violence:\n"
                   "1. listen and offer first aid;\n2. offer the Bad Date Line.\n\n"
                   "```\nnote:\n- not a list\n```\n", encoding="utf-8")
    r, g = _import(tmp_path, src)
    assert "- bylaw officers;\n- parks staff;" in g["scope"]["text"], g["scope"]
    assert "motion 12. Staff read them" in g["purpose"], g["purpose"]
    violence = next(s for s in _sections(g["sections"]) if s.get("protocol") == "violence-against-sex-workers")
    texts = [c["text"] for c in violence["clauses"]]
    assert "1. listen and offer first aid;" in texts[0], texts


def test_youth_protocol_framed_as_work_says_where_the_words_are_and_what_to_write(tmp_path):
    """The Glenmorrow youth section says “never of youth sex work” in its second clause:
    `coverage.youth-protocol` suggested “add a section with protocol: youth-sexual-exploitation”
    — the section it was reporting on. The finding stays on the section's title (a baseline
    written before still holds it back), and its suggestion names the words and their clause."""
    import json

    src = tmp_path / "glenmorrow-draft.txt"
    src.write_bytes((DATA / "glenmorrow-draft.txt").read_bytes())
    _import(tmp_path, src)
    r = run_cli("check", "--format", "json", "--only", "coverage.youth-protocol", str(tmp_path / "glenmorrow-draft.yaml"))
    [f] = json.loads(r.stdout)["findings"]
    assert f["clause"] == "youth" and f["field"] == "title", f
    assert f["suggestions"] == ["call it youth sexual exploitation: rewrite 'youth sex work' in clause youth.2"], f


def test_next_line_after_a_baseline_fixes_only_the_files_with_new_findings(tmp_path, monkeypatch):
    """With `--baseline`, the `next:` line said `lic-policy fix --write guidelines/ new.md`: run
    as told, it rewrote every safe finding the baseline had accepted across the folder, in a
    repository whose maintainer took a baseline so as not to touch them yet. It names the files
    with new findings, and says that their accepted ones are fixed too."""
    import json

    monkeypatch.chdir(tmp_path)
    (tmp_path / "policy").mkdir()
    for i in range(3):
        (tmp_path / "policy" / f"old{i}.md").write_text("Outreach staff met prostitutes there.\n", encoding="utf-8")
    r = run_cli("check", "--format", "json", "-o", "baseline.json", "policy")
    assert len(json.loads((tmp_path / "baseline.json").read_text())["findings"]) == 3
    (tmp_path / "policy" / "new.md").write_text("The clinic serves prostitutes.\n", encoding="utf-8")
    r = run_cli("check", "--baseline", "baseline.json", "policy")
    line = [x for x in r.stderr.splitlines() if x.startswith("next:")][0]
    assert "`lic-policy fix --write policy/new.md`" in line, line
    assert "fix --write policy " not in line and "fix --write policy`" not in line, line
