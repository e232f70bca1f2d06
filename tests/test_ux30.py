"""New users' journeys, round 30 (ux30): a prairie municipal district's Word guideline, the
review room on a phone, a policy repository's CI. Each test pins a stumble: the wrong output is
what the user saw before the fix."""

from __future__ import annotations

import re

import pytest

from .conftest import run_cli


@pytest.mark.parametrize("title, name, kind", [
    ("Municipal District of Willow Coulee", "Municipal District of Willow Coulee", "municipality"),
    ("Rural Municipality of Prairie Rose No. 309 Sex Work Response Guidelines",
     "Rural Municipality of Prairie Rose No. 309", "municipality"),
    ("Specialized Municipality of Crowsnest Pass", "Specialized Municipality of Crowsnest Pass", "municipality"),
])
def test_a_prairie_municipality_is_named_whole(title, name, kind):
    """Word's Title “Municipal District of Willow Coulee” over the Subtitle “Sex Work Response
    Guidelines” gave the jurisdiction “District of Willow Coulee” and kept the place's name as
    the guideline's title (its id `municipal-district-of-willow-coulee`), the policy's name in the
    summary: Alberta's municipal districts and Saskatchewan's rural municipalities (numbered)
    were not read as places."""
    from lic_policy.importdoc import jurisdiction_from_title

    assert jurisdiction_from_title(title) == (name, kind)


def test_a_municipal_district_title_over_its_subtitle(tmp_path):
    from docx import Document

    doc = Document()
    doc.add_paragraph("Municipal District of Willow Coulee", style="Title")
    doc.add_paragraph("Sex Work Response Guidelines", style="Subtitle")
    doc.add_heading("Purpose", level=1)
    doc.add_paragraph("These guidelines help District staff treat sex workers fairly.")
    doc.save(tmp_path / "wc.docx")
    r = run_cli("import", str(tmp_path / "wc.docx"))
    assert r.exit_code == 0, r.stderr
    from lic_policy import load

    meta = load(tmp_path / "wc.yaml").data["metadata"]
    assert meta["title"] == "Sex Work Response Guidelines"
    assert meta["jurisdiction"]["name"] == "Municipal District of Willow Coulee"
    assert meta["id"] == "municipal-district-of-willow-coulee-sex-work-response-guidelines"


SMALL = """lic_policy: 1
metadata:
  id: willow-coulee-sex-work-response
  title: {title}
  jurisdiction:
    name: Municipal District of Willow Coulee
    kind: municipality
  version: 0.3.0
  status: draft
  owners:
    - role: Director of Community Services
  languages: [en]
purpose: How District staff respond to sex work, with safety and dignity first.
scope:
  text: District staff and the agencies the District funds.
sections:
  - id: response
    title: Responding to concerns
    clauses:
      - id: response.violence.1
        text: If someone is in danger, call 911. Otherwise offer to call the Harbour Night Outreach van instead.
"""


def _small_room(tmp_path, title="Willow Coulee Sex Work Response Guidelines"):
    """A review room on a guideline of one clause: the room's pages of the sample guideline
    cost seconds of checks, which these tests do not look at."""
    from .webapp import Room

    src = tmp_path / "src" / "willow-coulee.yaml"
    src.parent.mkdir()
    src.write_text(SMALL.format(title=title), encoding="utf-8")
    (tmp_path / "room").mkdir()
    return Room(tmp_path / "room", with_review=False, sample=src)


def _follow_sign_out(c):
    from .webapp import csrf_of

    page = c.get("/review" if c.get("/review").status_code == 200 else "/staff").text
    r = c.post("/logout", data={"csrf": csrf_of(page)})
    assert r.status_code == 303
    import html

    return html.unescape(c.get(r.headers["location"]).text)


def test_a_reviewer_who_signs_out_is_told_so_and_how_to_come_back(tmp_path):
    """A reviewer on a shared phone tapped *Sign out* and landed on the room's welcome page
    (“Open the invitation link you were sent …”), the same page as before they ever opened it:
    nothing said they were signed out, that what they sent was kept, or that their link, still
    in their messages and the browser's history, opens the draft as them again."""
    import re

    room = _small_room(tmp_path)
    staff = room.staff()
    _rid, links = room.open_round(staff, reviewers="advisory-3 sex-worker-advisory")
    page = _follow_sign_out(room.reviewer(links["advisory-3"]))
    said = re.sub(r"<[^>]+>", " ", page)
    assert "You are signed out" in said
    assert "What you sent is saved" in said
    assert "open your invitation link again" in said
    assert "browser's history" in said
    assert 'role="status"' in page
    # the staff are told their own way back
    said = re.sub(r"<[^>]+>", " ", _follow_sign_out(staff))
    assert "You are signed out" in said and "staff link" in said and "invitation link again" not in said
    # a first visit is the welcome page, as before
    assert "signed out" not in room.client().get("/").text


def test_the_signed_out_page_is_in_french_too(tmp_path):
    import html

    from .webapp import csrf_of

    room = _small_room(tmp_path)
    _rid, links = room.open_round(room.staff(), reviewers="advisory-3 sex-worker-advisory")
    c = room.reviewer(links["advisory-3"])
    c.post("/lang", data={"csrf": csrf_of(c.get("/review").text), "lang": "fr", "next": "/review"})
    page = _follow_sign_out(c)
    assert "Vous êtes déconnecté·e" in page
    assert "You are signed out" not in page
    # the other language, from the signed-out page, still says it (it went to the welcome page)
    link = re.search(r'<a href="(\?[^"]*)" lang="en"', page).group(1)
    assert link == "?signed_out=reviewer&lang=en"
    assert "You are signed out" in html.unescape(room.client().get("/" + link).text)


def test_review_list_says_when_the_draft_was_edited_under_a_thread(tmp_path):
    """The drafter edited the words a reviewer's comment was on, then ran `review list`: it
    quoted words the draft no longer said, as if nothing had changed, and its `next:` line said
    to accept the suggestion and `review apply`, which then refused (“the anchored text no
    longer reads …: run `lic-policy review reanchor`”). The list says which threads' words were
    edited since and leads with `review reanchor`."""
    import shutil

    from .conftest import GOOD

    g = tmp_path / "harbour.yaml"
    shutil.copy(GOOD, g)
    for quote, kind, extra in (("Stay with the\n          person", "comment", ()),
                               ("offer to call", "suggestion", ("--replacement", "offer to phone"))):
        r = run_cli("review", "add", str(g), "--clause", "response.violence.1", "--quote", quote.replace("\n          ", " "),
                    "--body", "Say who stays.", "--kind", kind, "--author", "advisory-3", "--role",
                    "sex-worker-advisory", *extra)
        assert r.exit_code == 0, r.stderr
    r = run_cli("review", "list", str(g))
    assert "reanchor" not in r.stdout + r.stderr  # nothing edited: as before
    g.write_text(g.read_text(encoding="utf-8").replace("Stay with the\n          person", "Stay with them"),
                 encoding="utf-8")
    r = run_cli("review", "list", str(g))
    assert r.exit_code == 0, r.stderr
    t1, t2 = r.stdout.split("t2 [")[0], r.stdout.split("t2 [")[1].split("\n\n")[0]
    assert "(the draft no longer reads these words here: it was edited since this thread was made)" in t1, t1
    # t2's words are still there, further on: apply would refuse it all the same
    assert "(the draft was edited before these words since this thread was made)" in t2, t2
    nxt = [line for line in r.stdout.splitlines() if line.startswith("next:")]
    assert nxt and nxt[0].startswith(f"next: the draft was edited since t1 and t2 were made: "
                                     f"`lic-policy review reanchor {g}` carries them to its words as they are now"), nxt
    # after reanchor, the list is as before
    assert run_cli("review", "reanchor", str(g)).exit_code == 0
    r = run_cli("review", "list", str(g))
    assert "no longer reads" not in r.stdout and "reanchor" not in r.stdout, r.stdout


def test_the_staff_page_names_whose_guideline_each_is(tmp_path):
    """A regional room served the district's guideline and a neighbour's, both titled “Sex Work
    Response Guidelines”: the staff's list of guidelines showed two identical headings, told
    apart only by the file name under them (the reviewers' page names the jurisdiction when the
    title does not; the staff's did not)."""
    import re

    room = _small_room(tmp_path, title="Sex Work Response Guidelines")
    page = room.staff().get("/staff").text
    h2 = re.search(r'<h2 id="g-[^"]+">(.*?)</h2>', page, re.S).group(1)
    assert h2 == "Sex Work Response Guidelines — Municipal District of Willow Coulee", h2


@pytest.mark.parametrize("old, new, where, message, hint", [
    # `purpose:` is one text; `scope:` beside it takes fields, and a drafter writes it the same way
    (re.compile(r"^scope:\n(?:  .*\n|\n)*", re.M), "scope: These guidelines apply to all City staff.\n", "scope",
     "scope is written as one text, but it takes named fields (text, applies_to, audiences, excludes)",
     "put the words under a field name: `scope:` on its own line, then, indented under it, `text: These "
     "guidelines apply to all City staff.`"),
    ("  owners:\n    - role: Director, Social Policy and Projects\n      unit: Community Services\n",
     "  owners:\n    - Director, Social Policy and Projects\n", "metadata.owners.0",
     "metadata.owners.0 is written as one text, but it takes named fields (role, unit)",
     "write the item as `- role: Director, Social Policy and Projects`"),
])
def test_a_text_where_fields_go_says_which_fields(tmp_path, old, new, where, message, hint):
    """`scope: These guidelines apply …` (as `purpose:` is written) and an owner written as
    `- Director of Community Services` were “scope: Input should be a valid dictionary or instance
    of Scope, got "These guidelines apply to District employees, bylaw enfo... (see
    schemas/guideline.schema.json)”: pydantic's words, a class name, a quote left open and a
    file in lic-policy's own repository, not the drafter's."""
    from .conftest import GOOD

    g = tmp_path / "g.yaml"
    text = GOOD.read_text(encoding="utf-8")
    changed = old.sub(new, text, count=1) if isinstance(old, re.Pattern) else text.replace(old, new, 1)
    assert changed != text
    g.write_text(changed, encoding="utf-8")
    r = run_cli("validate", str(g))
    assert r.exit_code == 1
    line = [x for x in (r.stdout + r.stderr).splitlines() if f"error: {where}" in x]
    assert line, r.stdout + r.stderr
    assert f"error: {message} ({hint}" in line[0], line[0]
    assert "dictionary" not in line[0] and "instance of" not in line[0] and "schema.json" not in line[0]


def test_a_sarif_report_that_leaves_findings_out_says_what_code_scanning_will_read(tmp_path, monkeypatch):
    """The CI maintainer gave the SARIF step the pull request's `--changed-since` (or the
    team's `--baseline`) as they had the annotation step: code scanning then read every finding
    left out as fixed and closed its alert, and nothing but a paragraph of the README said so."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "note.md").write_text("Staff refer prostitutes to outreach.\n", encoding="utf-8")
    assert run_cli("check", "--format", "json", "-o", "base.json", "note.md").exit_code == 0
    r = run_cli("check", "--format", "sarif", "-o", "out.sarif", "--baseline", "base.json", "note.md")
    assert r.exit_code == 0, r.stderr
    assert ("note: code scanning reads a finding this SARIF report leaves out (--baseline) as fixed, and closes "
            "its alert: upload a report made without --baseline") in r.stderr, r.stderr


def test_the_sentence_that_leads_into_a_services_table_points_to_its_services(tmp_path):
    """The Word draft's “Services” section said “The following services take referrals from
    District staff:” over a table of three services. The import made the table the services
    directory (published at the end, under “Find a service”) and kept the sentence as the
    section's clause: the published guideline read “9.1 The following services take referrals
    from District staff:” over nothing. The sentence now names the services it led into
    (`services:` on the clause, which every published copy shows as “Services: …”)."""
    from docx import Document

    doc = Document()
    doc.add_heading("Purpose", level=1)
    doc.add_paragraph("These guidelines help District staff treat sex workers fairly.")
    doc.add_heading("Services", level=1)
    doc.add_paragraph("The following services take referrals from District staff:")
    t = doc.add_table(rows=3, cols=3)
    for i, row in enumerate([("Service", "What they offer", "Contact"),
                             ("Prairie Sky Outreach", "Mobile outreach", "780-555-0190"),
                             ("Willow Coulee Health Centre", "Sexual health clinic", "780-555-0123")]):
        for j, cell in enumerate(row):
            t.cell(i, j).text = cell
    doc.add_paragraph("Staff may refer anyone, whether or not they have a health card.")
    doc.save(tmp_path / "wc.docx")
    r = run_cli("import", str(tmp_path / "wc.docx"))
    assert r.exit_code == 0, r.stderr
    from lic_policy import load

    data = load(tmp_path / "wc.yaml").data
    section = next(s for s in data["sections"] if s["title"] == "Services")
    lead, after = section["clauses"]
    assert lead["text"] == "The following services take referrals from District staff:"
    assert lead["services"] == ["prairie-sky-outreach", "willow-coulee-health-centre"]
    assert "services" not in after  # a sentence that leads into no table points nowhere
    assert [s["id"] for s in data["services"]] == lead["services"]
    assert run_cli("validate", str(tmp_path / "wc.yaml")).exit_code == 0


def test_a_suggestion_made_on_words_edited_since_says_so_before_it_is_accepted(tmp_path):
    """A reviewer suggested new wording for a whole sentence; the drafter then added “District”
    to it, and `review reanchor` carried the suggestion to the sentence as it is now. The staff's
    page and `review list` showed the new words as if the reviewer had seen them, with *Accept and
    write it into the draft* beside them: accepting put the reviewer's wording in place of the
    drafter's edit, and nothing said the words had changed under the suggestion."""
    room = _small_room(tmp_path)
    g = str(room.guideline)
    sentence = "offer to call the Harbour Night Outreach van instead"
    r = run_cli("review", "add", g, "--clause", "response.violence.1", "--quote", sentence, "--kind", "suggestion",
                "--replacement", "offer to call Night Outreach", "--body", "Shorter.", "--author", "advisory-3",
                "--role", "sex-worker-advisory")
    assert r.exit_code == 0, r.stderr
    text = room.guideline.read_text(encoding="utf-8")
    assert "the Harbour Night Outreach van" in text
    room.guideline.write_text(text.replace("the Harbour Night Outreach van", "the Harbour Night Outreach mobile van"),
                              encoding="utf-8")
    assert run_cli("review", "reanchor", g).exit_code == 0
    out = run_cli("review", "list", g).stdout
    assert (f"(made on “{sentence}”, which the draft has changed since: accepting it puts the suggested wording in "
            "place of the words as they are now)") in out, out
    # (?findings=0: the page without the automated check, which costs a second and is not looked at)
    page = room.staff().get(f"/staff/r/{room.open_round(room.staff())[0]}?findings=0").text
    import html

    said = html.unescape(re.sub(r"<[^>]+>", " ", page))
    assert ("The draft's words have changed since this suggestion was made on them: accepting it puts the "
            "suggested wording in place of the words as they are now. It was made on:") in " ".join(said.split())
    assert sentence in said
