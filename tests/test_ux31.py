"""New users' journeys, round 31 (ux31): a health authority's Google Docs draft imported,
checked, fixed and published; the review room in French or Spanish on a 320-px phone with large
text. Each test pins a stumble: the wrong output is what the user saw before the fix."""

from __future__ import annotations

import pytest

from .conftest import run_cli


@pytest.mark.parametrize("given, kind", [
    ("Coastal Health Authority", "health-authority"),
    ("Island Health", "health-authority"),
    ("Cedar Harbour Police Service", "police-service"),
    ("Town of Riverbend", "municipality"),
    ("Riverbend", "municipality"),
])
def test_the_jurisdiction_given_says_its_kind(tmp_path, given, kind):
    """A health authority's policy officer imported with `--jurisdiction "Coastal Health
    Authority"`; the guideline said `kind: municipality`, and the published HTML and PDF read
    “Jurisdiction: Coastal Health Authority (municipality)” to the manager. The kind the name
    says is the kind, as it is when the title names the authority; --kind still decides."""
    from docx import Document

    from lic_policy import load

    doc = Document()
    doc.add_paragraph("Sex Work Response Guidelines", style="Title")
    doc.add_heading("Purpose", level=1)
    doc.add_paragraph("These guidelines help staff treat sex workers fairly.")
    doc.save(tmp_path / "g.docx")
    r = run_cli("import", str(tmp_path / "g.docx"), "--jurisdiction", given)
    assert r.exit_code == 0, r.stderr
    assert load(tmp_path / "g.yaml").data["metadata"]["jurisdiction"] == {"name": given, "kind": kind}


def test_kind_given_is_kept_over_the_name(tmp_path):
    from docx import Document

    from lic_policy import load

    doc = Document()
    doc.add_paragraph("Sex Work Response Guidelines", style="Title")
    doc.add_heading("Purpose", level=1)
    doc.add_paragraph("These guidelines help staff treat sex workers fairly.")
    doc.save(tmp_path / "g.docx")
    r = run_cli("import", str(tmp_path / "g.docx"), "--jurisdiction", "Coastal Health Authority",
                "--kind", "service-provider")
    assert r.exit_code == 0, r.stderr
    assert load(tmp_path / "g.yaml").data["metadata"]["jurisdiction"]["kind"] == "service-provider"


def test_a_bulleted_list_of_services_with_phone_numbers_is_the_services_directory(tmp_path):
    """A Google Docs draft listed its services as bullets under “Services” (“Harbour Outreach Van –
    mobile nursing and harm reduction supplies – 604-555-0182”). The import kept them as one
    clause's text, and `check` then said “there is no services directory” of a draft that had one;
    the published page showed the numbers as plain text. Like a services table, the list is the
    directory now, its lead-in pointing to the services."""
    from docx import Document

    from lic_policy import load

    doc = Document()
    doc.add_paragraph("Coastal Health Sex Work Response Guidelines", style="Title")
    doc.add_heading("Purpose", level=1)
    doc.add_paragraph("These guidelines help staff treat sex workers fairly.")
    doc.add_heading("Services", level=1)
    doc.add_paragraph("Staff can refer people to these services:")
    for t in ("Harbour Outreach Van – mobile nursing and harm reduction supplies – 604-555-0182",
              "PEERS Coastal – peer support; help leaving bad situations – 1-800-555-0199 (24/7)",
              "Coastal Sexual Health Clinic – 604-555-0123"):
        doc.add_paragraph(t, style="List Bullet")
    doc.save(tmp_path / "g.docx")
    r = run_cli("import", str(tmp_path / "g.docx"), "--jurisdiction", "Coastal Health Authority")
    assert r.exit_code == 0, r.stderr
    assert "recognized: 3 services from the list in “Services”" in r.stdout, r.stdout
    data = load(tmp_path / "g.yaml").data
    services = {s["id"]: s for s in data["services"]}
    assert list(services) == ["harbour-outreach-van", "peers-coastal", "coastal-sexual-health-clinic"]
    assert services["harbour-outreach-van"]["offers"] == ["mobile nursing and harm reduction supplies"]
    assert services["harbour-outreach-van"]["contact"] == {"phone": "604-555-0182"}
    assert services["peers-coastal"]["offers"] == ["peer support", "help leaving bad situations"]
    assert services["peers-coastal"]["contact"] == {"phone": "1-800-555-0199 (24/7)"}
    assert services["coastal-sexual-health-clinic"]["offers"] == ["To be confirmed"]
    clause = data["sections"][0]["clauses"][0]
    assert clause["text"] == "Staff can refer people to these services:", clause
    assert clause["services"] == list(services), clause
    assert "from the document's list" in " ".join(t["text"] for t in data["todo"])


def test_a_list_under_services_that_names_no_contacts_stays_text(tmp_path):
    from docx import Document

    from lic_policy import load

    doc = Document()
    doc.add_paragraph("Coastal Health Sex Work Response Guidelines", style="Title")
    doc.add_heading("Services", level=1)
    doc.add_paragraph("Staff offer:")
    for t in ("Testing – for everyone who asks", "Harm reduction supplies"):
        doc.add_paragraph(t, style="List Bullet")
    doc.save(tmp_path / "g.docx")
    r = run_cli("import", str(tmp_path / "g.docx"), "--jurisdiction", "Coastal Health Authority")
    assert r.exit_code == 0, r.stderr
    data = load(tmp_path / "g.yaml").data
    assert "services" not in data
    assert "- Testing – for everyone who asks" in data["sections"][0]["clauses"][0]["text"]


@pytest.mark.slow  # about 0.3 s of CPU (a room and two reviewers); make test-all and CI run it
def test_a_comment_taken_back_says_so_where_the_reviewer_lands(tmp_path):
    """A reviewer tapped *Take it back*: the page came back at the thread with no line saying
    what happened (a comment sent gets “Sent. It is saved in this review; …”, read out), only the
    thread's status and, in the third person, “The person who wrote this comment took it back.”
    A line read out at once now says it is taken back and what they can do next."""
    from .test_web_ux13 import _post, _two_reviewers
    from .webapp import csrf_of

    _room, _staff, _rid, a, _b = _two_reviewers(tmp_path)
    page = a.get("/review").text
    tid = _post(a, page, "comment", "On second thought this is fine.").json()["id"]
    page = a.get("/review").text
    r = a.post(f"/review/threads/{tid}/withdraw", data={"csrf": csrf_of(page)})
    assert r.status_code == 303
    landed = a.get(r.headers["location"]).text
    thread = landed[landed.index(f'id="thread-{tid}"'):]
    thread = thread[:thread.index("</article>")]
    assert 'role="status"' in thread and "Taken back: its words are no longer in this review" in thread, thread
    fr = a.get(r.headers["location"].replace("?", "?lang=fr&", 1)).text
    assert "Retiré : ses mots ne sont plus dans cette relecture" in fr
