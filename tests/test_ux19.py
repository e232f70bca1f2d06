"""ux19: the three kinds of user, end to end — a municipal drafter from a Word file, a
sex-worker advisory reviewer in the review room on a phone, and CI on a policy repository.
Each test here failed before its fix."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import DRAFT, ROOT


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("CI", None)
    return env


@pytest.mark.slow  # 0.23 s of CPU a case (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
@pytest.mark.parametrize("output", [None, "/dev/stdout"])
@pytest.mark.parametrize("fmt", ["json", "sarif", "codeclimate"])
def test_a_reader_that_stops_early_ends_the_report_quietly(fmt, output, tmp_path):
    """`check --format json -o /dev/stdout FILE | head` ended with `/dev/stdout: error: cannot
    write the file: Broken pipe (...)` and exit 2; without `-o` it ended quietly with exit 1. A
    closed pipe is the reader's choice, as for `seq 1 100000 | head`: no error line, and the
    same exit code either way."""
    args = [sys.executable, "-m", "lic_policy", "check", "--no-cache", "--format", fmt, str(DRAFT)]
    if output:
        args += ["-o", output]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path, env=_env())
    assert proc.stdout.read(10)  # the report has started: what `head -c 10` reads
    proc.stdout.close()
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=120)
    assert "error" not in err and "Broken pipe" not in err and "Traceback" not in err, err
    assert code == 1, (code, err)


def test_invitation_links_made_with_port_0_name_the_port_the_room_is_told_to_use(tmp_path):
    """`serve --invite advisory-3 --port 0` printed `http://127.0.0.1:0/i/…`, a link no browser
    opens, and a `next:` line starting the room with `--port 0`, another free port each time:
    the links could never open. A free port is chosen now, named in the links and the next line."""
    import re
    import shutil

    from .conftest import GOOD, run_cli

    g = tmp_path / GOOD.name
    shutil.copy(GOOD, g)
    r = run_cli("serve", str(g), "--state", str(tmp_path / "s.sqlite3"), "--invite", "advisory-3", "--port", "0")
    assert r.exit_code == 0, r.stderr
    ports = set(re.findall(r"http://127\.0\.0\.1:(\d+)/i/", r.stdout))
    assert len(ports) == 1 and ports != {"0"}, r.stdout
    nxt = [line for line in r.stdout.splitlines() if line.startswith("next:")]
    assert nxt and f"--port {ports.pop()}" in nxt[0], r.stdout


def test_the_language_server_checks_a_buffer_never_saved_by_its_language(tmp_path):
    """VS Code's new file (File > New Text File, language YAML or Markdown) is
    `untitled:Untitled-1`: no file name says what it is, and the server checked nothing in it
    — a drafter pasting a guideline to try it saw no diagnostic, no quick fix, no completion.
    The document's language (`languageId`) says how to read it, as its suffix does for a file."""
    pytest.importorskip("pygls")
    from lsprotocol import types as lsp

    from .test_lsp import run

    guideline = DRAFT.read_text(encoding="utf-8")
    note = "Outreach staff met prostitutes near the park.\n"

    async def scenario(editor):
        buffers = (("untitled:Untitled-1", "yaml", guideline), ("untitled:Untitled-2", "markdown", note),
                   ("untitled:Untitled-3", "plaintext", note))
        for uri, lang, text in buffers:
            editor.texts[uri] = text
            editor.versions[uri] = 1
            editor.client.text_document_did_open(lsp.DidOpenTextDocumentParams(
                text_document=lsp.TextDocumentItem(uri=uri, language_id=lang, version=1, text=text)))
        opened = {uri: await editor.diagnostics(uri, 1) for uri, _, _ in buffers}
        codes = {uri: {d.code for d in ds} for uri, ds in opened.items()}
        assert "lang.prostitute" in codes["untitled:Untitled-1"], codes
        assert any(str(c).startswith("involvement.") for c in codes["untitled:Untitled-1"]), codes
        assert codes["untitled:Untitled-2"] == {"lang.prostitute"} == codes["untitled:Untitled-3"], codes
        d = opened["untitled:Untitled-2"][0]
        actions = await editor.client.text_document_code_action_async(lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri="untitled:Untitled-2"), range=d.range,
            context=lsp.CodeActionContext(diagnostics=[d])))
        assert any("sex workers" in a.title and a.is_preferred for a in actions), [a.title for a in actions]
        done = await editor.client.text_document_completion_async(lsp.CompletionParams(
            text_document=lsp.TextDocumentIdentifier(uri="untitled:Untitled-1"),
            position=lsp.Position(line=len(guideline.splitlines()), character=0)))
        assert done.items, "no completion in an untitled guideline"

    run(tmp_path, scenario)


def test_a_word_comment_on_a_services_offer_or_hours_is_placed_on_that_service(tmp_path):
    """The packet shows a service's offers and hours as labelled paragraphs (“Offers: Elder
    support”, “Hours: Daily, 9 am to 9 pm”). A reviewer's Word comment on “Elder support” was
    `not placed: … (its words are not in the guideline)` — a line on standard error, and the
    reviewer's question gone: the paragraph with its label is in no field, and two words are too
    few to be looked for in the whole guideline. The paragraph after its label is the field."""
    import shutil

    from lic_policy.review import threads

    from .conftest import GOOD, run_cli
    from .wordxml import word_edits

    g = tmp_path / GOOD.name
    shutil.copy(GOOD, g)
    packet = tmp_path / "packet.docx"
    r = run_cli("review", "packet", str(g), "--no-findings", "-o", str(packet))
    assert r.exit_code == 0, r.stderr
    reviewed = word_edits(packet, tmp_path / "reviewed.docx", author="Jo Reviewer", date="2027-01-20T10:00:00Z",
                          replace=[("confidential legal information", "free confidential legal information")],
                          comments=[("Elder support", "Is the Elder paid for this?"),
                                    ("Daily, 9 am to 9 pm", "Open later on weekends?"),
                                    ("cultural support", "I asked Maria at the drop-in and she agrees. – Jo"),
                                    # the hours of North Shore Valley Community Outreach, the Bad Date Line, then Youth Safe Harbour
                                    ("24 hours a day, 7 days a week", "Is the youth line staffed at night?", 2)])
    before = {t.id for t in threads.load(threads.review_path(g)).review.threads}
    r = run_cli("review", "import", str(reviewed), str(g), "--role", "sex-worker-advisory")
    assert r.exit_code == 0, r.stderr
    assert "not placed" not in r.stderr and "0 not placed" in r.stdout, (r.stdout, r.stderr)
    new = {t.body: t for t in threads.load(threads.review_path(g)).review.threads if t.id not in before}
    elder, hours = new["Is the Elder paid for this?"], new["Open later on weekends?"]
    suggestion = next(t for t in new.values() if t.kind == "suggestion")
    assert (elder.anchor.field, elder.anchor.quote.exact) == ("offers.1", "Elder support"), elder.anchor
    assert (hours.anchor.field, hours.anchor.quote.exact) == ("hours", "Daily, 9 am to 9 pm"), hours.anchor
    assert elder.anchor.clause == hours.anchor.clause == "sisters-of-the-cedar", (elder.anchor, hours.anchor)
    youth = new["Is the youth line staffed at night?"].anchor
    assert (youth.clause, youth.field) == ("youth-safe-harbour", "hours"), youth
    assert suggestion.replacement == "free confidential legal information", suggestion
    # the warning about the name in a comment gives the command to run, with this guideline and thread
    # (it said `lic-policy review redact GUIDELINE THREAD --words WORDS`, as if the staff had to fill them in)
    named = new["I asked Maria at the drop-in and she agrees. – Jo"]
    assert f"`lic-policy review redact {g} {named.id} --words" in r.stderr, r.stderr


def test_a_name_in_a_stored_comment_is_not_a_point_about_the_draft_for_reviewers(tmp_path):
    """A comment imported from Word was signed “– Jo”. Every reviewer of a round that shows the
    automated check then read, under *Points about the whole document*, “Needs a change — Records
    never identify participants or reviewers. A person's name in the review file ('J*') …”: not a
    point about the draft, in words (“the review file”) reviewers never meet, and nothing they
    can act on (the staff take it out, with `review redact`). The draft's own points stay."""
    from .conftest import run_cli
    from .webapp import Room

    room = Room(tmp_path, with_review=False)
    r = run_cli("review", "add", str(room.guideline), "--clause", "response.violence.1", "--quote", "If violence",
                "--body", "Please say who calls first. I asked around and everyone agrees. – Jo",
                "--author", "advisory-9", "--role", "sex-worker-advisory")
    assert r.exit_code == 0, r.stderr
    found = run_cli("check", "--no-cache", "--only", "privacy", str(room.guideline))
    assert "in the review file" in found.stdout, found.stdout  # the staff's check still reports it
    _rid, links = room.open_round(room.staff(), reviewers="advisory-3 sex-worker-advisory", show_findings="1")
    shown = room.reviewer(links["advisory-3"]).get("/review")
    assert shown.status_code == 200, shown.text[-2000:]
    page = shown.text
    assert "If violence is happening" in page  # the draft is there
    assert "Points about the whole document" not in page  # the sample has none of its own
    assert "review file" not in page, page[page.find("review file") - 400:page.find("review file") + 200]
    assert "J*" not in page


@pytest.mark.parametrize("var", ["GITHUB_WORKSPACE", "CI_PROJECT_DIR"])
def test_ci_reports_name_files_from_the_repository_root_when_the_job_runs_in_a_subfolder(var, tmp_path, monkeypatch):
    """A workflow whose steps run in the policy folder (`defaults: run: working-directory: policy`,
    or `cd policy` in a GitLab script) got annotations, SARIF locations, Code Quality paths and
    JUnit names relative to that folder — `draft.md` for `policy/draft.md` — which GitHub and
    GitLab look up from the repository's root, so no alert or annotation reached the file. The
    checkout the CI names (GITHUB_WORKSPACE, CI_PROJECT_DIR) is the root the paths are written from."""
    import json
    import xml.etree.ElementTree as ET

    from .conftest import run_cli

    repo = tmp_path / "repo"
    policy = repo / "policy"
    policy.mkdir(parents=True)
    (policy / "draft.md").write_text("Outreach staff met prostitutes near the park.\n", encoding="utf-8")
    monkeypatch.chdir(policy)
    monkeypatch.setenv(var, str(repo))
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    gh = run_cli("check", "--no-cache", "--format", "github", ".")
    assert "::warning file=policy/draft.md," in gh.stdout, gh.stdout
    assert run_cli("check", "--no-cache", "--format", "sarif", "-o", str(tmp_path / "r.sarif"), ".").exit_code == 0
    run = json.loads((tmp_path / "r.sarif").read_text(encoding="utf-8"))["runs"][0]
    where = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert where == {"uri": "policy/draft.md", "uriBaseId": "%SRCROOT%"}, where
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.as_uri() + "/", run["originalUriBaseIds"]
    assert run_cli("check", "--no-cache", "--format", "codeclimate", "-o", str(tmp_path / "gl.json"), ".").exit_code == 0
    issues = json.loads((tmp_path / "gl.json").read_text(encoding="utf-8"))
    assert [i["location"]["path"] for i in issues] == ["policy/draft.md"], issues
    assert run_cli("check", "--no-cache", "--format", "junit", "-o", str(tmp_path / "j.xml"), ".").exit_code == 0
    suites = ET.parse(tmp_path / "j.xml").getroot().findall("testsuite")
    assert [s.get("name") for s in suites] == ["policy/draft.md"]
    # run from the root itself, or outside the checkout, the paths are as before
    monkeypatch.chdir(repo)
    assert "::warning file=policy/draft.md," in run_cli("check", "--no-cache", "--format", "github", "policy").stdout
    monkeypatch.setenv(var, str(tmp_path / "elsewhere"))
    monkeypatch.chdir(policy)
    assert "::warning file=draft.md," in run_cli("check", "--no-cache", "--format", "github", ".").stdout


def test_the_published_word_file_opens_with_a_contents_list_of_its_parts(tmp_path):
    """The PDF lists its parts after the title block (ux18) and the HTML page has its contents
    list; the DOCX had none — a clerk opening it in Word scrolled through 17 pages to find one
    protocol. It is written, not left for Word to make: a contents field (TOC, so Word's *Update
    Field* adds page numbers) whose entries are already there as links to each part's heading,
    with nothing that asks Word to update anything on opening (pandoc's `--toc` writes an empty
    field marked dirty, which Word asks about and LibreOffice shows empty)."""
    import re
    import zipfile

    from .conftest import GOOD, run_cli

    r = run_cli("publish", str(GOOD), "--to", "docx", "--out", str(tmp_path))
    assert r.exit_code == 0, r.stderr
    with zipfile.ZipFile(tmp_path / (GOOD.stem + ".docx")) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "w:dirty" not in xml and "updateFields" not in xml
    instr = re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", xml)
    assert any(i.strip().startswith("TOC ") for i in instr), instr
    bookmarks = re.findall(r'<w:bookmarkStart w:id="\d+" w:name="([^"]+)"', xml)
    heading = re.compile(r'<w:p>\s*<w:pPr>\s*<w:pStyle w:val="Heading1" />.*?</w:p>', re.S)
    first = heading.search(xml).start()
    toc = xml[:first]
    entries = re.findall(r'<w:hyperlink w:anchor="([^"]+)"[^>]*>(.*?)</w:hyperlink>', toc, re.S)
    parts = [re.sub(r"<[^>]+>", "", h) for h in heading.findall(xml)]
    assert [re.sub(r"<[^>]+>", "", text) for _a, text in entries] == parts, (entries, parts)
    assert all(a in bookmarks for a, _t in entries)
    assert "Contents" in re.sub(r"<[^>]+>", "", toc)
    assert "Responding to violence against sex workers" in parts


def test_other_reviewers_see_a_name_in_a_comment_masked(tmp_path):
    """A comment imported from Word said “I talked with Maria Santos at the drop-in”. In a round
    where reviewers see each other's comments, every reviewer read the name — a peer's name, in a
    room of sex workers and agencies — while the packet and `publish` refuse such a review file
    and the room itself asks before storing a name typed there. Others now read it masked
    (“***** ******”) until the staff take it out; its writer and the staff read it as written."""
    from .conftest import run_cli
    from .webapp import Room, csrf_of, part_of

    room = Room(tmp_path, with_review=False)
    r = run_cli("review", "add", str(room.guideline), "--clause", "response.violence.1", "--quote", "If violence",
                "--body", "I talked with Maria Santos at the drop-in and she agrees.",
                "--author", "advisory-9", "--role", "sex-worker-advisory")
    assert r.exit_code == 0, r.stderr
    staff = room.staff()
    _rid, links = room.open_round(staff, show_others="1")
    three = room.reviewer(links["advisory-3"])
    page = three.get("/review").text
    assert "If violence" in page and "at the drop-in and she agrees." in page
    assert "Maria Santos" not in page and "***** ******" in page
    # a reviewer's own words, sent after saying the person chose to be named: theirs to read as written
    key = "response.violence.1|text"
    sent = three.post("/review/threads", headers={"X-CSRF-Token": csrf_of(page)},
                      json={"part": key, "h": part_of(page, key), "start": "0", "end": "11", "kind": "comment",
                            "body": "Ask Dana Whitecloud at the clinic, she chose to be named.", "confirm": "1"})
    assert sent.status_code == 201, sent.text
    assert "Dana Whitecloud" in three.get("/review").text
    four = room.reviewer(links["advisory-4"]).get("/review").text
    assert "Dana Whitecloud" not in four and "Maria Santos" not in four and "**** **********" in four
    # the staff running the round read every comment as written, to take the words out
    rounds = staff.get(f"/staff/g/{room.gid}").text
    import re

    rid = re.search(r'href="/staff/r/(\d+)"', rounds).group(1)
    staff_page = staff.get(f"/staff/r/{rid}").text
    assert "Maria Santos" in staff_page and "Dana Whitecloud" in staff_page


def test_import_takes_the_jurisdiction_the_purpose_names_when_the_title_holds_its_name(tmp_path):
    """“Westmere Sex Work Response Guidelines”, whose purpose begins “These guidelines set out how
    City of Westmere staff respond…”, imported with `not in the document: the jurisdiction`, a
    placeholder name and a to-do item: the title names the place without “City of”, and only
    the title was read. A place the purpose names (“City of Westmere”) whose name the title holds
    is the jurisdiction; one the title does not name (a neighbour mentioned) is not."""
    import yaml

    from .conftest import run_cli

    body = ("# Purpose\n\nThese guidelines set out how City of Westmere's staff respond to sex work downtown, "
            "with the Town of Elm Bay's outreach team.\n\n# Scope\n\nCity staff.\n")
    (tmp_path / "w.md").write_text("---\ntitle: Westmere Sex Work Response Guidelines\n---\n\n" + body, encoding="utf-8")
    r = run_cli("import", str(tmp_path / "w.md"))
    assert r.exit_code == 0, r.stderr
    data = yaml.safe_load((tmp_path / "w.yaml").read_text(encoding="utf-8"))
    assert data["metadata"]["jurisdiction"] == {"name": "City of Westmere", "kind": "municipality"}, data["metadata"]
    assert "“City of Westmere” as the jurisdiction, from the purpose" in r.stdout, r.stdout
    assert "not in the document: the jurisdiction" not in r.stdout + r.stderr
    assert not [t for t in data.get("todo") or [] if t.get("about") == "metadata.jurisdiction.name"]
    # a place the title does not name stays a place the text mentions
    (tmp_path / "o.md").write_text("---\ntitle: Sex Work Response Guidelines\n---\n\n" + body, encoding="utf-8")
    r = run_cli("import", str(tmp_path / "o.md"))
    assert "not in the document: the jurisdiction" in r.stdout + r.stderr, r.stdout
