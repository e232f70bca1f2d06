"""The analyst's path, end to end (issue 16), asserting at each step what a person sees:

import a realistic Word draft → check → fix → edit until clean → review packet → an advisory
reviewer edits the packet in Word (real tracked changes and a real comment, written into the
packet's XML the way Word writes them) → import the review → accept → apply → publish HTML,
DOCX and PDF (and the council layout).

No step prints "internal error" or a traceback; no output a reviewer or a council member
reads holds a field name, a rule id or an enum's repr; the PDF's tables read as separate
cells. With LIC_POLICY_README_PICTURES=FOLDER the pictures of the README's quick start are
written there (this test is how they are made).
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from lic_policy.review import threads
from lic_policy.store import load

from .conftest import run_cli
from .test_publish import Page, docx_text
from .wordxml import word_edits

DATA = Path(__file__).resolve().parent / "data" / "import"
WORD_USER = "Sam Placeholder"  # the reviewer's Word user name: never stored
WORD_DATE = "2026-06-02T14:05:00Z"
ENUM_REPR = re.compile(r"\b(?:ActionStatus|StageStatus|Status|KeyArea|Protocol|Stage|Group|SelectionMethod|"
                       r"DecisionRule|ClauseKind|JurisdictionKind)\.[a-z_]+", re.I)
FIELD_NAME = re.compile(r"\b[a-z]+_[a-z]+(?:_[a-z]+)*\b|\bmetadata\.|\bconsultation\.|\bgovernance\.")
RULE_ID = re.compile(r"\b(?:lang|term|framing|involvement|coverage|status|privacy|draft)\.[a-z][a-z-]+\b")

# What the analyst writes after the first check: the parts the draft did not have yet.
ADDED = """\
priorities:
  - id: priority.violence
    rank: 1
    text: Violence against sex workers is a priority for response.
    refs: [violence]
  - id: priority.youth
    rank: 2
    text: Prevent the sexual exploitation of youth.
    refs: [youth]
principles:
  - id: principle.dignity
    title: Dignity and respect
    text: Sex workers are treated with the same respect as everyone else in Riverbend.
    key_areas: [culture-mindsets]
  - id: principle.together
    title: Working together
    text: Actions are agreed with sex workers, residents, businesses and service providers.
    key_areas: [relationships-collaboration]
  - id: principle.services
    title: Services where people are
    text: Outreach and health services go to where people live and work.
    key_areas: [practice]
  - id: principle.causes
    title: Root causes
    text: The Town works on housing, income and safety, the causes behind the concerns people raise.
    key_areas: [policy-systems-structures]
services:
  - id: night-outreach
    organization: Riverbend Night Outreach
    offers: [mobile outreach, harm reduction supplies, safety planning]
    regions: [Riverbend]
    languages: [en]
    sex_worker_led: true
    mobile: true
    contact: {phone: 250-555-0141 (24/7)}
    hours: Every night, 8 pm to 6 am
  - id: circle-centre
    organization: Riverbend Circle Centre
    offers: [cultural support, drop-in]
    regions: [Riverbend]
    languages: [en]
    indigenous_led: true
    contact: {phone: 250-555-0177}
    hours: Monday to Friday, 10 am to 6 pm
consultation:
  stages:
    - {stage: design, status: completed, start: 2026-01-12, end: 2026-03-06, groups: [current-sex-workers, former-sex-workers, sex-worker-led-organizations, residents, business]}
    - {stage: drafting, status: in-progress, start: 2026-03-09, groups: [current-sex-workers, sex-worker-led-organizations]}
    - {stage: review, status: planned, groups: [current-sex-workers, former-sex-workers, sex-worker-led-organizations]}
  participants:
    - {group: current-sex-workers, count: 14}
    - {group: former-sex-workers, count: 6}
    - {group: indigenous-sex-workers, count: 4, note: included above}
    - {group: im-migrant-sex-workers, count: 3, note: included above}
    - {group: street-based-sex-workers, count: 7, note: included above}
    - {group: indoor-sex-workers, count: 8, note: included above}
    - {group: trans-and-gender-diverse-sex-workers, count: 3, note: included above}
  representative_selection: {method: chosen-by-sex-worker-led-organizations}
  voluntary: true
  right_to_withdraw: true
  compensation: {provided: true, form: honoraria, rate: 60 dollars an hour}
  decision_power: {body: Steering committee, sex_worker_seats: 6, total_seats: 17, votes: true, sign_off: true}
  accessibility: {in_person: true, languages: [en], plain_language: true, notice_days: 21}
governance:
  steering_committee:
    - {category: current-sex-workers, seats: 4}
    - {category: former-sex-workers, seats: 2}
    - {category: sex-worker-serving-organizations, seats: 1}
    - {category: police, seats: 1}
    - {category: community-policing, seats: 1}
    - {category: health, seats: 1}
    - {category: municipal-government, seats: 1}
    - {category: provincial-government, seats: 1}
    - {category: neighbourhood-organizations, seats: 1}
    - {category: residents, seats: 1}
    - {category: indigenous-organizations, seats: 1}
    - {category: business, seats: 1}
    - {category: youth-serving-organizations, seats: 1}
  decision_rule: consensus
work_plan:
  - id: action.training
    title: Train Town staff with paid trainers from sex-worker-led organizations
    key_area: culture-mindsets
    owner_role: Social Policy Manager
    start: 2026-09-01
    due: 2027-03-31
"""
TRAFFICKING = """\
  - term: Human trafficking
    definition: >-
      Recruiting, moving or holding a person through force, fraud or coercion to exploit them.
      It is distinct from sex work between adults.
"""


def step(*args: str, ok: tuple = (0,)):
    r = run_cli(*args)
    for out in (r.stdout, r.stderr):
        assert "internal error" not in out and "Traceback" not in out, out
    assert r.exit_code in ok, (args, r.exit_code, r.stdout, r.stderr)
    return r


def counts(check_output: str) -> tuple[int, int, int]:
    m = re.search(r"(\d+) errors?, (\d+) warnings?, (\d+) info", check_output)
    assert m, check_output
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


def pdftotext(pdf: Path, layout: bool = False) -> str:
    from .test_publish_layout import pdftotext as _pdftotext

    return _pdftotext(pdf, layout)


def pictures_folder() -> Path | None:
    folder = os.environ.get("LIC_POLICY_README_PICTURES")
    return Path(folder) if folder else None


# --------------------------------------------------------------------------- the path


@pytest.mark.slow  # 1.35 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_the_analysts_path(tmp_path):
    work = tmp_path / "riverbend"
    work.mkdir()
    draft = work / "analyst-draft.docx"
    shutil.copy(DATA / "analyst-draft.docx", draft)
    g = work / "riverbend.yaml"

    # 1. import the Word draft
    r = step("import", str(draft), "-o", str(g), "--jurisdiction", "Town of Riverbend",
             "--owner-role", "Social Policy Manager")
    assert "“Riverbend Sex Work Response Guidelines”" in r.stdout
    assert "recognized: “Responding to violence” as the violence against sex workers protocol" in r.stdout
    assert f"lic-policy check {g}" in r.stdout.splitlines()[-1]
    doc = load(g)
    assert doc.issues == [] and [d.term for d in doc.guideline.definitions] == ["Sex work", "Outreach"]

    # 2. check: the draft's wording and what it is missing
    r = step("check", "--no-cache", str(g), ok=(1,))
    errors, warnings, _info = counts(r.stdout)
    assert errors > 0 and warnings > 0
    fixable = r.stdout.count("(lic-policy fix --write)")
    assert fixable >= 1, r.stdout

    # 3. fix: the safe fixes, written in place
    r = step("fix", "--write", str(g))
    assert re.search(r"fixed \d+ findings? in 1 file", r.stdout), r.stdout
    r = step("check", "--no-cache", str(g), ok=(0, 1))
    assert "(lic-policy fix --write)" not in r.stdout
    after_fix = counts(r.stdout)
    assert sum(after_fix[:2]) < errors + warnings

    # 4. edit until clean: the parts the draft did not have (as the analyst writes them)
    text = g.read_text(encoding="utf-8")
    # a sentence that names a young person gets no automatic fix (it is marked unsafe): the
    # analyst rewords it by hand
    assert "respond to prostitution in the downtown" in text
    text = text.replace("respond to prostitution in the downtown", "respond to sex work in the downtown", 1)
    text = text.replace("    definition: Services that go to where people live and work.\n",
                        "    definition: Services that go to where people live and work.\n" + TRAFFICKING, 1)
    g.write_text(text + ADDED, encoding="utf-8")
    step("validate", str(g))
    r = step("check", "--no-cache", str(g))
    assert counts(r.stdout)[:2] == (0, 0), r.stdout

    # 5. a review packet for the advisory reviewers (first round: comments, no tracked changes)
    packet = work / "riverbend-packet.docx"
    r = step("review", "packet", str(g), "-o", str(packet))
    assert "first round of version 0.1.0" in r.stdout
    with zipfile.ZipFile(packet) as z:
        packet_xml = z.read("word/document.xml").decode("utf-8")
    packet_text = " ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", packet_xml))
    assert "<w:ins " not in packet_xml and "<w:del " not in packet_xml
    for rx in (FIELD_NAME, RULE_ID, ENUM_REPR):
        assert not rx.search(packet_text), rx.search(packet_text).group(0)
    assert "`" not in packet_text

    # 6. the reviewer's edits, in Word: a replacement, an insertion and a comment
    reviewed = word_edits(
        packet, work / "riverbend-packet-reviewed.docx", author=WORD_USER, date=WORD_DATE,
        replace=[("as serious", "as a serious crime")],
        insert_after=[("Bad Date Line", " and the Night Outreach number")],
        comments=[("respond first through outreach", "Who does the outreach at night, and is it paid?")])

    # 7. import the review
    r = step("review", "import", str(reviewed), "--guideline", str(g), "--role", "sex-worker-advisory")
    assert "added 1 comment(s), 2 suggestion(s)" in r.stdout and "0 not placed" in r.stdout, r.stdout
    review_file = threads.review_path(g)
    for stored in work.iterdir():
        if stored.suffix in (".yaml", ".json"):
            assert WORD_USER not in stored.read_text(encoding="utf-8"), stored
    review = threads.load(review_file).review
    by_kind = {}
    for t in review.threads:
        by_kind.setdefault(t.kind, []).append(t)
    assert [t.body for t in by_kind["comment"]] == ["Who does the outreach at night, and is it paid?"]
    assert {t.author.role for t in review.threads} == {"sex-worker-advisory"}
    r = step("review", "list", str(g))
    assert "reviewer-1 (sex-worker-advisory)" in r.stdout

    # 8. accept the suggestions and apply them
    for t in by_kind["suggestion"]:
        step("review", "accept", str(g), t.id)
    r = step("review", "apply", str(g))
    assert "applied 2 suggestion(s)" in r.stdout
    doc = load(g)
    assert doc.issues == []
    clauses = {c.id: c.text for _p, _s, c in doc.guideline.iter_clauses()}
    assert clauses["violence.1"] == ("Staff treat every report of violence against a sex worker as "
                                                   "a serious crime.")
    assert clauses["violence.2"] == ("Staff offer the Bad Date Line and the Night Outreach number to "
                                                   "anyone who asks.")
    # the same reviewed file imported again adds nothing and loses nothing
    r = step("review", "import", str(reviewed), "--guideline", str(g), "--role", "sex-worker-advisory")
    assert "added 0 comment(s), 0 suggestion(s)" in r.stdout and "0 not placed" in r.stdout, r.stdout
    assert counts(step("check", "--no-cache", str(g)).stdout)[:2] == (0, 0)

    # 9. publish for council: HTML, Word and PDF, today's layout and the council layout
    out = work / "publish"
    r = step("publish", str(g), "--to", "html,docx,pdf", "--out", str(out))
    assert [line for line in r.stderr.splitlines() if not line.startswith("next:")] == []  # no warning line
    council = work / "council"
    step("publish", str(g), "--to", "html,docx,pdf", "--style", "council", "--out", str(council))
    for folder in (out, council):
        html = Page((folder / "riverbend.html").read_text(encoding="utf-8")).text
        word = docx_text(folder / "riverbend.docx")
        pdf = pdftotext(folder / "riverbend.pdf")
        for fmt, text in (("html", html), ("docx", word), ("pdf", pdf)):
            for rx in (FIELD_NAME, ENUM_REPR, RULE_ID):
                assert not rx.search(text), (folder.name, fmt, rx.search(text).group(0))
            assert "a serious crime" in " ".join(text.split()), fmt
            assert "DRAFT" in text, fmt
        assert "Train Town staff" in html and "Planned" in html
    # the phone number alone is the link (no country recorded: the digits as written), the
    # note beside it is text
    page = Page((out / "riverbend.html").read_text(encoding="utf-8"))
    assert page.find("a", href="tel:2505550141") and "250-555-0141 (24/7)" in page.text.replace(" ( ", " (")
    # the PDF's tables read as separate cells
    layout = pdftotext(out / "riverbend.pdf", layout=True)
    row = next(line for line in layout.splitlines() if line.strip().startswith("Drafting"))
    assert re.search(r"Drafting\s{2,}In progress\s{2,}from 2026-03-09", row), row
    assert "Current sex workers" in pdftotext(council / "riverbend.pdf")
    council_text = Page((council / "riverbend.html").read_text(encoding="utf-8")).text
    assert "violence.1" not in council_text and re.search(r"\b\d+\.1 Staff treat", council_text)

    # the pictures a person looks at (and the README's quick start shows)
    from lic_policy.publish.pictures import ToolMissing, html_to_png, pdf_to_png, png_size

    folder = pictures_folder() or (tmp_path / "pictures")
    try:
        shots = [html_to_png(out / "riverbend.html", folder / "quickstart-html.png", width=900, height=1300),
                 *pdf_to_png(council / "riverbend.pdf", folder / "quickstart-council-pdf", first=1, last=2, dpi=70)]
    except ToolMissing as exc:  # pragma: no cover - chromium or poppler missing
        pytest.skip(str(exc))
    for shot in shots:
        w, h = png_size(shot)
        assert w >= 500 and h >= 600 and shot.stat().st_size > 15_000, shot
