"""Round 29 (ux29): a municipal drafter with a Word draft, and CI, following README's Quick
start. Each test pins a stumble: the wrong output is what the newcomer saw before the fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lic_policy.publish.render import publish

from .conftest import GOOD


@pytest.fixture(scope="module")
def good_md(tmp_path_factory) -> str:
    """The published sample as Markdown (the same document the HTML, DOCX and PDF are made from)."""
    [md] = publish(GOOD, ["md"], tmp_path_factory.mktemp("md"))
    return re.sub(r"\s+", " ", md.read_text(encoding="utf-8"))


def test_published_labels_keep_the_hyphens_of_compound_words(good_md):
    """The published guideline's consultation record read “How representatives were chosen:
    chosen by sex worker led organizations” and its steering committee “Youth serving
    organizations”, two lines from “Sex-worker-led organizations” in the stages' table: the
    label of a value dropped every hyphen, those of compound words too."""
    assert "chosen by sex-worker-led organizations" in good_md
    assert "Youth-serving organizations" in good_md
    assert "sex worker led" not in good_md.lower() and "youth serving" not in good_md.lower()


def test_a_stage_or_action_with_only_a_start_or_only_a_due_date_says_which(good_md, tmp_path):
    """A stage under way has a start and no end: its *Dates* cell read “2026-04-01”, as if the
    implementation stage had lasted that one day; an action with only a due date read as if it
    started then. One date says what it is: “from 2026-04-01”, “by 2026-12-31”."""
    from lic_policy.store import load

    g = load(GOOD).guideline
    started = [st for st in g.consultation.stages if st.start and not st.end]
    assert started, "the sample has a stage under way"
    for st in started:
        assert f"from {st.start.isoformat()}" in good_md
    both = next(st for st in g.consultation.stages if st.start and st.end)
    assert f"{both.start.isoformat()} to {both.end.isoformat()}" in good_md
    # an action with a due date only
    text = GOOD.read_text(encoding="utf-8")
    action = text.index("- id: action.staff-training")
    start = text.index("    start: 2026-04-01\n", action)
    variant = tmp_path / GOOD.name
    variant.write_text(text[:start] + text[start + len("    start: 2026-04-01\n"):], encoding="utf-8")
    [md] = publish(variant, ["md"], tmp_path / "out")
    plan = md.read_text(encoding="utf-8").split("# Work plan", 1)[1]
    row = next(line for line in plan.splitlines() if "Train all staff" in line)
    assert "by 2026-12-31" in row, row


def test_junit_source_lines_have_no_trailing_space_when_a_source_has_no_address(tmp_path):
    """CI: the JUnit report's text for a finding whose source is a seed document (no web
    address) ended its ``source:`` line with a space — “… (seed 003) ” — which a dashboard
    shows and a diff of reports flags. Each source line ends with its last word."""
    import xml.etree.ElementTree as ET

    from .conftest import run_cli

    g = tmp_path / "no-committee.yaml"
    g.write_text(DRAFT_WITHOUT_COMMITTEE, encoding="utf-8")
    r = run_cli("check", "--format", "junit", str(g))
    assert r.exit_code == 1, r.output
    texts = [el.text or "" for el in ET.fromstring(r.stdout).iter() if el.tag in ("failure", "system-out")]
    lines = [line for t in texts for line in t.splitlines() if line.startswith("source: ")]
    assert any("(seed 003)" in line for line in lines), lines
    assert all(line == line.rstrip() for line in lines), [line for line in lines if line != line.rstrip()]


DRAFT_WITHOUT_COMMITTEE = """\
lic_policy: 1
metadata:
  id: port-alder-sex-work-response
  title: Port Alder Sex Work Response Guidelines
  jurisdiction: {name: City of Port Alder, kind: municipality}
  version: 0.1.0
  status: draft
  owners: [{role: Community Safety Manager}]
  languages: [en]
purpose: How City of Port Alder staff respond to sex work.
sections:
  - id: response
    title: Response
    clauses:
      - id: response.1
        text: Staff give the Bad Date Line number to anyone who asks.
"""


@pytest.mark.slow  # 0.20 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_suggestion_sent_without_a_reason_shows_no_made_up_words(tmp_path):
    """A reviewer on a phone suggested new wording and left *Why (you may leave it empty)*
    empty, as the box says they may: the room stored “Suggested wording.” as their words, and
    every reader saw them as the reviewer's — under the heading *Suggested wording* and over
    the line *Suggested wording: …* in the room (in English in the French room too), as the
    thread's text in `review list` and as the Word packet's comment (“Suggestion (open):
    Suggested wording. Suggested wording: “…””). Nothing is shown where nothing was said."""
    import zipfile

    from .conftest import run_cli
    from .webapp import Room, csrf_of, part_of

    room = Room(tmp_path, with_review=False)
    _rid, links = room.open_round(room.staff(), reviewers="advisory-3 sex-worker-advisory")
    c = room.reviewer(links["advisory-3"])
    key = "response.violence.1|text"
    html = c.get("/review").text
    r = c.post("/review/threads", headers={"X-CSRF-Token": csrf_of(html)},
               json={"part": key, "h": part_of(html, key), "start": "0", "end": "11", "kind": "suggestion",
                     "body": "", "replacement": "If someone is hurt"})
    assert r.status_code == 201, r.text
    for page in (c.get("/review").text, c.get("/review?lang=fr").text):
        thread = page.split('id="thread-t1"', 1)[1].split("</article>", 1)[0]
        assert "If someone is hurt" in thread
        assert "Suggested wording.<" not in thread and 'class="body"></p>' not in thread, thread
    listed = run_cli("review", "list", str(room.guideline))
    assert listed.exit_code == 0, listed.stderr
    assert "Suggested wording." not in listed.stdout, listed.stdout
    assert "suggests: “If someone is hurt”" in listed.stdout
    packet = tmp_path / "packet.docx"
    made = run_cli("review", "packet", str(room.guideline), "-o", str(packet))
    assert made.exit_code == 0, made.stderr
    with zipfile.ZipFile(packet) as z:
        comments = " ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", z.read("word/comments.xml").decode("utf-8")))
    assert "If someone is hurt" in comments
    assert "Suggested wording." not in comments, comments
    # the packet's own comment, without the words it had, is still known as the packet's when
    # it comes back (not a reviewer's new comment), also from a program that dropped the
    # comments' initials (where the thread's id is kept)
    stripped = tmp_path / "packet-no-initials.docx"
    with zipfile.ZipFile(packet) as src, zipfile.ZipFile(stripped, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/comments.xml":
                data = re.sub(rb' w:initials="[^"]*"', b"", data)
            out.writestr(item, data)
    back = run_cli("review", "import", str(stripped), str(room.guideline))
    assert "only the packet's own 1 comment" in back.stdout + back.stderr, back.stdout + back.stderr


def test_publishing_a_draft_says_what_a_published_guideline_needs_besides_its_status(tmp_path):
    """After `publish` of a draft the `next:` line said “once it is approved set
    `metadata.status: published` and publish again”. The drafter did just that and the next
    publish was refused with three validation problems and three error findings: the approval
    record, the effective and next review dates, the stages since and the advisory sign-off
    were never mentioned. The line names them and the command that lists what is missing."""
    import shutil

    from .conftest import next_lines, run_cli

    g = tmp_path / "port-alder.yaml"
    shutil.copy(GOOD, g)
    g.write_text(g.read_text(encoding="utf-8").replace("  status: published\n", "  status: draft\n", 1),
                 encoding="utf-8")
    r = run_cli("publish", str(g), "--to", "md")
    assert r.exit_code == 0, r.stderr
    [nxt] = next_lines(r.stderr)
    for needed in ("governance.approvals", "metadata.effective_date", "metadata.next_review_date",
                   "metadata.status: published", f"`lic-policy check {g}`"):
        assert needed in nxt, (needed, nxt)


def test_sarif_fix_of_an_unsafe_fix_names_the_command_that_applies_it(tmp_path):
    """CI: an unsafe fix's SARIF description said “(unsafe: read the sentence first; lic-policy
    fix --unsafe-fixes)”, a command that only shows the fix, beside a message (and the text
    report) saying `lic-policy fix --write --unsafe-fixes`. Both name the command that applies it."""
    import json

    from .conftest import run_cli

    g = tmp_path / "purpose.md"
    g.write_text("Staff respond to prostitution in the downtown.\n", encoding="utf-8")
    r = run_cli("check", "--format", "sarif", str(g))
    results = json.loads(r.stdout)["runs"][0]["results"]
    unsafe = [x for x in results if x.get("fixes") and "unsafe" in x["fixes"][0]["description"]["text"]]
    assert unsafe, results
    for x in unsafe:
        assert "lic-policy fix --write --unsafe-fixes" in x["fixes"][0]["description"]["text"], x["fixes"]
        assert "lic-policy fix --write --unsafe-fixes" in x["message"]["text"]


def test_a_service_in_tagalog_is_published_as_tagalog_not_filipino(tmp_path):
    """The Word draft's services table said a service works in “English, Tagalog”; the import
    wrote the tag `tl` and the published guideline said “Languages: English, Filipino”
    (langcodes names `tl` by the tag it normalises it to, `fil`): the drafter's word, and the
    language outreach workers name, was replaced by another. `init` echoed `tl (Filipino)`."""
    from lic_policy.publish.document import language_names

    assert language_names(["en", "tl"]) == "English, Tagalog"
    assert language_names(["fil", "yue", "fr-CA"]) == "Filipino, Cantonese, French (Canada)"
    from .conftest import run_cli

    g = tmp_path / "g.yaml"
    r = run_cli("init", "--no-input", "--jurisdiction", "City of Port Alder", "--languages", "English, Tagalog", str(g))
    assert r.exit_code == 0, r.stderr
    from lic_policy.commands.init import describe_languages

    assert describe_languages(["en", "tl"]) == "en (English), tl (Tagalog)"  # init's echo of the answer
    [md] = publish(g, ["md"], tmp_path / "out")
    assert "English, Tagalog" in md.read_text(encoding="utf-8")


def test_a_second_round_with_the_version_unchanged_is_told_to_set_a_new_version(tmp_path):
    """Round two, outside git: the drafter kept `port-alder-0.1.0.yaml` as the README says,
    edited `port-alder.yaml` without changing its version and made the packet with `--since
    0.1.0`. It was written as “version 0.1.0 -> 0.1.0”, and its `next:` line said to keep a copy
    with `cp port-alder.yaml port-alder-0.1.0.yaml` — over the copy of the round before, which
    the next `--since 0.1.0` would then read as the text the reviewers had not seen. The line
    says to set a new version (0.2.0) and make the packet again, and names no `cp` over that copy."""
    import shutil

    from .conftest import next_lines, run_cli

    g = tmp_path / "port-alder.yaml"
    shutil.copy(GOOD, g)
    before = tmp_path / "port-alder-2.1.0.yaml"
    shutil.copy(GOOD, before)
    text = g.read_text(encoding="utf-8")
    assert "immediate danger, call 911." in text
    g.write_text(text.replace("immediate danger, call 911.", "immediate danger, call 911 or the night line.", 1),
                 encoding="utf-8")
    r = run_cli("review", "packet", str(g), "--since", "2.1.0")
    assert r.exit_code == 0, r.stderr
    nxt = " ".join(next_lines(r.stdout))  # the packet's next: line is on standard output
    assert nxt, r.stdout
    assert "cp " not in nxt, nxt
    assert "metadata.version" in nxt and "2.2.0" in nxt and "--since 2.1.0" in nxt, nxt
    assert before.read_text(encoding="utf-8") == GOOD.read_text(encoding="utf-8")


def test_a_first_round_packet_never_says_to_copy_over_a_kept_copy_with_other_words(tmp_path):
    """The same without `--since`: the copy `port-alder-2.1.0.yaml` kept for the next round,
    the guideline edited since under the same version, a first-round packet made again — its
    `next:` line said `cp port-alder.yaml port-alder-2.1.0.yaml`, over the kept copy."""
    import shutil

    from .conftest import next_lines, run_cli

    g = tmp_path / "port-alder.yaml"
    shutil.copy(GOOD, g)
    kept = tmp_path / "port-alder-2.1.0.yaml"
    shutil.copy(GOOD, kept)
    g.write_text(g.read_text(encoding="utf-8").replace("immediate danger, call 911.", "immediate danger, call 911 "
                                                       "or the night line.", 1), encoding="utf-8")
    r = run_cli("review", "packet", str(g))
    assert r.exit_code == 0, r.stderr
    nxt = " ".join(next_lines(r.stdout))
    assert "cp " not in nxt and "port-alder-2.1.0.yaml has version 2.1.0 with other words" in nxt, nxt
    assert "2.2.0" in nxt


def test_one_finding_left_is_rewritten_as_its_suggestion_says(tmp_path):
    """With one finding left, `check` said “rewrite the finding by hand, as each suggestion
    says” (`fix` already says “as its suggestion says”)."""
    from .conftest import next_lines, run_cli

    g = tmp_path / "purpose.md"
    g.write_text("The City will take a zero tolerance approach near schools.\n", encoding="utf-8")
    r = run_cli("check", "--no-cache", str(g))
    [nxt] = next_lines(r.stderr)
    assert "rewrite the finding by hand, as its suggestion says" in nxt, nxt


@pytest.mark.parametrize("title, mark", [
    ("Port Alder Street-Level Sex Work Response — Draft for Council", "Draft for Council"),
    ("Port Alder Street-Level Sex Work Response (DRAFT)", "DRAFT"),
    ("Port Alder Street-Level Sex Work Response - Draft v3", "Draft v3"),
    ("DRAFT: Port Alder Street-Level Sex Work Response", "DRAFT"),
])
@pytest.mark.parametrize("as_title", [True, False])
def test_a_draft_mark_in_the_title_is_left_out_of_the_title_and_the_id(tmp_path, title, mark, as_title):
    """A Word draft titled “Port Alder Street-Level Sex Work Response — Draft for Council”
    became the guideline's title and its id `…-draft-for-council`: the id the next rounds'
    copies are found by, and the title the approved guideline would be published under, both
    said it was a draft for ever (the status says so, and the DRAFT banner while it is one).
    The mark is left out, and the import says so."""
    from lic_policy.store import load

    from .conftest import run_cli

    src = tmp_path / "draft.md"
    head = f"---\ntitle: \"{title}\"\n---\n\n" if as_title else f"# {title}\n\n"
    src.write_text(head + "## Purpose\n\nHow City of Port Alder staff respond to sex work.\n\n"
                   "## Responding to violence\n\nStaff treat violence against sex workers as a serious crime.\n",
                   encoding="utf-8")
    out = tmp_path / "g.yaml"
    r = run_cli("import", str(src), "-o", str(out), "--owner-role", "Community Safety Manager")
    assert r.exit_code == 0, r.stderr
    md = load(out).guideline.metadata
    assert md.title == "Port Alder Street-Level Sex Work Response", md.title
    assert md.id == "port-alder-street-level-sex-work-response", md.id
    assert f"“{mark}”" in r.stdout and "draft's mark" in r.stdout, r.stdout
