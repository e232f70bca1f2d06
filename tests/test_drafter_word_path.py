"""A municipal drafter's Word path, each message saying what to do next (issue: ux8): the
import's to-do items for what a guideline cannot hold (an image, a footnote) say what to do
instead of "add it where it belongs"; `fix` with nothing to fix says where the rest is;
`review import` takes the guideline as the second word, as `review packet` and the others do,
and says how when it is missing or when authors need a role; after importing and accepting,
the next step is named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lic_policy.review import threads

from .conftest import DRAFT, GOOD, newcomer_draft, run_cli
from .test_docx_import import reviewed_round, with_review


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    return reviewed_round(tmp_path_factory.mktemp("word-path"), "returned by the advisory group.docx")


def test_review_import_takes_the_guideline_as_its_second_word(reviewed, tmp_path):
    guideline, docx = reviewed
    g = with_review(guideline, tmp_path)
    r = run_cli("review", "import", str(docx), str(g), "--role", "staff")
    assert r.exit_code == 0, r.stderr
    assert "added 2 comment(s), 2 suggestion(s), 1 reply(ies)" in r.stdout
    # and says what to do next
    assert f"next: read them with `lic-policy review list {g}`" in r.stdout
    assert "review accept" in r.stdout and "review apply" in r.stdout


def test_review_import_without_the_guideline_says_how_to_give_it(reviewed, tmp_path):
    _g, docx = reviewed
    r = run_cli("review", "import", str(docx))
    assert r.exit_code == 2
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "which guideline" in r.stderr and "lic-policy review import" in r.stderr and "NAME.yaml" in r.stderr


def test_review_import_with_two_different_guidelines_is_refused(reviewed, tmp_path):
    guideline, docx = reviewed
    g = with_review(guideline, tmp_path)
    r = run_cli("review", "import", str(docx), str(g), "--guideline", str(DRAFT), "--role", "staff")
    assert r.exit_code == 2 and "give the guideline once" in r.stderr


def test_authors_without_a_handle_get_the_roles_to_choose_from(reviewed, tmp_path):
    guideline, docx = reviewed
    g = with_review(guideline, tmp_path)
    r = run_cli("review", "import", str(docx), str(g))
    assert r.exit_code == 2
    line = r.stderr.strip()
    assert len(line.splitlines()) == 1
    for role in ("sex-worker-advisory", "staff", "legal", "community"):
        assert role in line
    assert "--role" in line and "never by name" in line


def test_accepting_a_suggestion_names_the_next_step(reviewed, tmp_path):
    guideline, docx = reviewed
    g = with_review(guideline, tmp_path)
    assert run_cli("review", "import", str(docx), str(g), "--role", "staff").exit_code == 0
    tid = next(t.id for t in threads.load(threads.review_path(g)).review.threads
               if t.kind == "suggestion" and t.status == "open")
    r = run_cli("review", "accept", str(g), tid)
    assert r.exit_code == 0, r.stderr
    assert f"next: write it into the guideline with `lic-policy review apply {g}`" in r.stdout


@pytest.mark.slow  # 0.33 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_the_import_says_what_to_do_with_an_image_and_a_footnote(tmp_path):
    from docx import Document
    from docx.shared import Inches

    docx = newcomer_draft("kelsey_falls").build(tmp_path / "kf.docx")
    doc = Document(str(docx))
    doc.paragraphs[1].insert_paragraph_before("").add_run().add_picture(
        str(Path(__file__).parent / "data" / "import" / "logo.png"), width=Inches(1))
    doc.save(str(docx))
    out = tmp_path / "kf.yaml"
    r = run_cli("import", str(docx), "-o", str(out), "--owner-role", "Director of Social Planning")
    assert r.exit_code == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    assert "Add it where it belongs" not in text
    assert "Guidelines hold text only" in text and "write what it shows in words" in text
    assert "Guidelines have no footnotes" in text and "citation:" in text
    for line in r.stdout.splitlines():
        if line.startswith("could not place: an image") or line.startswith("could not place: a footnote"):
            assert "see the to-do item" in line, line


def _with_text_boxes(docx: Path, shape_words: str, vml_words: str) -> None:
    """After the document's second paragraph, put a text box as Word 2010 and later write it
    (a shape, with its older VML copy as the fallback) holding ``shape_words``, and one as Word
    2007 wrote it (VML only) holding ``vml_words``."""
    import zipfile

    def content(words):
        return f"<w:txbxContent><w:p><w:r><w:t>{words}</w:t></w:r></w:p></w:txbxContent>"

    vml = ('<w:pict><v:shape id="tb{n}" type="#_x0000_t202" style="width:200pt;height:60pt">'
           '<v:textbox>{c}</v:textbox></v:shape></w:pict>')
    shape = ('<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
             '<wp:inline><wp:extent cx="2540000" cy="762000"/><wp:docPr id="7" name="Text Box 1"/>'
             '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
             '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
             f'<wps:wsp><wps:txbx>{content(shape_words)}</wps:txbx><wps:bodyPr/></wps:wsp>'
             '</a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice><mc:Fallback>'
             + vml.format(n=1, c=content(shape_words)) + '</mc:Fallback></mc:AlternateContent></w:r></w:p>')
    old = '<w:p><w:r>' + vml.format(n=2, c=content(vml_words)) + '</w:r></w:p>'
    with zipfile.ZipFile(docx) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    doc = parts["word/document.xml"].decode("utf-8")
    first = doc.index("</w:p>", doc.index("</w:p>") + 1) + len("</w:p>")
    parts["word/document.xml"] = (doc[:first] + shape + old + doc[first:]).encode("utf-8")
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b)


@pytest.mark.slow  # 0.60 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_the_import_says_where_a_text_boxs_words_went(tmp_path):
    """A Word text box's words are read into the text where Word anchors the box, which may be
    far from where they belong, and pandoc drops an old VML-only box: the import says which in
    a to-do item naming the box's first words; a document without a text box gets none."""
    docx = newcomer_draft("kelsey_falls").build(tmp_path / "kf.docx")
    out = tmp_path / "plain.yaml"
    assert run_cli("import", str(docx), "-o", str(out), "--owner-role", "Director").exit_code == 0
    assert "text box" not in out.read_text(encoding="utf-8")
    _with_text_boxes(docx, "Call the outreach van before anyone else at night.",
                     "Interpreters are booked through the front desk.")
    out = tmp_path / "kf.yaml"
    r = run_cli("import", str(docx), "-o", str(out), "--owner-role", "Director")
    assert r.exit_code == 0, r.stderr
    text = " ".join(out.read_text(encoding="utf-8").split())
    assert text.count("Call the outreach van before anyone else at night.") == 2, text  # the words, and the item
    assert "a text box (“Call the outreach van" in text and "where Word anchors the box" in text
    assert "a text box (“Interpreters are booked" in text and "could not be read into the text" in text
    assert r.stdout.count("text box") == 2, r.stdout


def test_fix_with_nothing_to_fix_says_where_the_rest_is(tmp_path):
    g = tmp_path / GOOD.name
    shutil.copy(GOOD, g)
    r = run_cli("fix", str(g))
    assert r.exit_code == 0
    assert "nothing to fix with safe fixes" in r.stderr
    assert f"lic-policy check {g}" in r.stderr and "by hand" in r.stderr


def test_an_empty_review_and_nothing_to_apply_name_the_next_step(tmp_path):
    g = tmp_path / GOOD.name
    shutil.copy(GOOD, g)
    r = run_cli("review", "list", str(g))
    assert r.exit_code == 0 and r.stdout.startswith("0 threads")
    assert f"lic-policy review packet {g}" in r.stdout and "lic-policy serve" in r.stdout
    r = run_cli("review", "apply", str(g))
    assert r.exit_code == 0
    assert r.stdout.startswith("no accepted suggestions to apply")
    assert "review accept" in r.stdout
