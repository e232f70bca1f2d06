"""Publishing very large text and odd contact fields (issue 13, "very large text" and the phone
link): linear work stays linear, a long word does not stop the PDF, a phone field with a note
links only the number."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from lic_policy.publish import document
from lic_policy.publish.render import prepare, publish

from .conftest import GOOD, ast_walk
from .test_publish import Page, pdf_text, variant

CLAUSE = ("sections", 0, "clauses", 0, "text")


def _texts(ast) -> str:
    return "".join(n["c"] if n["t"] == "Str" else " " for n in ast_walk(ast["blocks"]) if n["t"] in ("Str", "Space"))


@pytest.mark.slow  # 0.55 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_compact_of_a_five_megabyte_paragraph_is_linear():
    # 5 MB of words and spaces: about 1.4 million Str and Space nodes. Joining each run by
    # repeated string concatenation took over two minutes for this; joined once per run it
    # takes well under a second. The bound is generous (a regression guard, not a target).
    words = ("Outreach staff offer support, information and a ride to the clinic. " * 75_000)[:5_000_000]
    nodes = document.literal_inlines(words)
    assert len(nodes) > 1_000_000
    started = time.perf_counter()
    out = document.compact([document.Para(nodes)])
    elapsed = time.perf_counter() - started
    assert elapsed < 15, f"compact took {elapsed:.1f} s for 5 MB"
    strs = [n for n in ast_walk(out) if n["t"] == "Str"]
    assert all(n["t"] != "Space" for n in ast_walk(out))
    assert "".join(n["c"] for n in strs) == " ".join(words.split())


def test_compacted_text_is_cut_into_pieces_writers_handle_quickly():
    # pandoc's typst writer takes time quadratic in the length of one Str node; compact keeps
    # every node to a bounded size, cutting at a space where there is one
    words = "word " * 50_000
    out = document.compact([document.Para(document.literal_inlines(words))])
    strs = [n["c"] for n in ast_walk(out) if n["t"] == "Str"]
    assert len(strs) > 1
    assert max(len(s) for s in strs) <= document.MAX_STR
    assert "".join(strs) == " ".join(words.split())
    assert all(not s.startswith(" ") or i == 0 for i, s in enumerate(strs[1:]))  # cut after a space
    long_word = "a" * 200_000
    pieces = [n["c"] for n in ast_walk(document.compact([document.Para(document.literal_inlines(long_word))])) if n["t"] == "Str"]
    assert "".join(pieces) == long_word and max(map(len, pieces)) <= document.MAX_STR


@pytest.mark.slow
def test_five_megabyte_paragraph_publishes_to_html(tmp_path):
    para = ("Outreach staff offer support, information and a ride to the clinic. " * 75_000)[:5_000_000].strip()
    src = variant(tmp_path, "big.yaml", {CLAUSE: para})
    started = time.perf_counter()
    (html,) = publish(src, ["html"], tmp_path / "out", max_size=8 * 1024 * 1024)  # over the 2 MB default
    elapsed = time.perf_counter() - started
    print(f"5 MB paragraph to HTML: {elapsed:.1f} s")
    assert elapsed < 90, f"publishing a 5 MB paragraph took {elapsed:.0f} s"
    text = html.read_text(encoding="utf-8")
    assert text.count("a ride to the clinic.") == para.count("a ride to the clinic.") > 70_000


@pytest.mark.slow
def test_a_200000_character_word_publishes_to_pdf(tmp_path):
    word = "x" * 200_000
    src = variant(tmp_path, "word.yaml", {CLAUSE: f"Staff offer {word} support."})
    # break opportunities (zero-width spaces) go into the PDF's layout only
    blocks = document.breakable(prepare(src).ast["blocks"])
    pieces = [n["c"] for n in ast_walk(blocks) if n["t"] == "Str" and "xxxxx" in n["c"]]
    assert pieces and all("\u200b" in p for p in pieces)
    # a break at least every BREAK_EVERY characters, where two pieces meet too
    assert not re.search("x{%d}" % (document.BREAK_EVERY + 1), "".join(pieces))
    assert "".join(pieces).replace("\u200b", "").count("x") == 200_000
    started = time.perf_counter()
    (pdf,) = publish(src, ["pdf"], tmp_path / "out")
    assert time.perf_counter() - started < 60  # pandoc timed out after 60 s on this before
    # the word wraps over many lines instead of running off the page: every character is there
    text = _pdf_text(pdf)
    assert text.count("x") >= 200_000 and "Staff offer" in text
    (html,) = publish(src, ["html"], tmp_path / "out", max_size=8 * 1024 * 1024)  # over the 2 MB default
    assert word in html.read_text(encoding="utf-8")


def _pdf_text(pdf) -> str:
    import shutil
    import subprocess

    if shutil.which("pdftotext"):  # much faster than pypdf on a hundred pages
        return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    return pdf_text(pdf)


@pytest.mark.slow  # 0.44 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_word_over_the_stated_limit_is_one_clear_error(tmp_path, cli):
    word = "y" * (document.MAX_WORD + 1)
    src = variant(tmp_path, "huge.yaml", {CLAUSE: f"Staff offer {word} support."})
    r = cli("publish", str(src), "--to", "pdf", "--out", str(tmp_path / "out"))
    assert r.exit_code == 2, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert "internal error" not in r.stderr and "Traceback" not in r.stderr
    assert f"{document.MAX_WORD:,}" in r.stderr
    assert not (tmp_path / "out" / "huge.pdf").exists()


# --------------------------------------------------------------------------- phone links


def _with_phone(tmp_path: Path, phone: str) -> Path:
    from lic_policy.store import load

    doc = load(GOOD)
    path = next(p for p in doc.positions if len(p) == 4 and p[0] == "services" and p[2:] == ("contact", "phone"))
    return variant(tmp_path, "phone.yaml", {path: phone})


@pytest.mark.parametrize("phone, target, shown", [
    ("604-555-0100 (24/7)", "tel:+16045550100", "604-555-0100"),
    ("1-604-555-0100, press 2", "tel:+16045550100", "1-604-555-0100"),
    ("+44 20 7946 0958 (UK line)", "tel:+442079460958", "+44 20 7946 0958"),
    ("(604) 555-0199", "tel:+16045550199", "(604) 555-0199"),
])
def test_a_phone_field_with_a_note_links_only_the_number(tmp_path, phone, target, shown):
    src = _with_phone(tmp_path, phone)
    p = prepare(src)
    links = [n for n in ast_walk(p.ast["blocks"]) if n["t"] == "Link" and n["c"][2][0].startswith("tel:")]
    ours = [n for n in links if "".join(x.get("c", " ") if x["t"] == "Str" else " " for x in n["c"][1]) == shown]
    assert ours, [(n["c"][2][0], n["c"][1]) for n in links]
    assert ours[0]["c"][2][0] == target
    (html,) = publish(src, ["html"], tmp_path / "out", max_size=8 * 1024 * 1024)  # over the 2 MB default
    page = Page(html.read_text(encoding="utf-8"))
    assert page.find("a", href=target)
    assert phone.replace(" ", "") in page.text.replace(" ", "")  # the note is still shown, as text


def test_a_phone_field_without_a_number_is_not_a_link(tmp_path):
    src = _with_phone(tmp_path, "ask at the front desk")
    p = prepare(src)
    assert not [n for n in ast_walk(p.ast["blocks"]) if n["t"] == "Link" and n["c"][2][0].startswith("tel:")
                and "front desk" in _texts({"blocks": n["c"][1]})]
    assert "ask at the front desk" in _texts(p.ast)


@pytest.mark.parametrize("phone, target, shown", [
    ("250-555-0141 (24/7)", "tel:2505550141", "250-555-0141"),
    ("(604) 555-0199, ext. 3", "tel:6045550199", "(604) 555-0199"),
    ("+44 20 7946 0958 (UK)", "tel:+442079460958", "+44 20 7946 0958"),
])
def test_without_a_country_the_number_as_written_is_linked(phone, target, shown):
    out = document.phone_inlines(phone, None)
    links = [n for n in out if n["t"] == "Link"]
    assert len(links) == 1 and links[0]["c"][2][0] == target
    assert "".join(x["c"] if x["t"] == "Str" else " " for x in links[0]["c"][1]) == shown
