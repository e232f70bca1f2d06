"""New users' journeys, round 30 (ux30): a prairie municipal district's Word guideline, the
review room on a phone, a policy repository's CI. Each test pins a stumble: the wrong output is
what the user saw before the fix."""

from __future__ import annotations

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
