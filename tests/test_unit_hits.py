"""A check remembers each text unit's hits for the units met again (``engine.UnitHits``): a
folder checked in one process gives exactly the findings of each file checked on its own,
where the same words come back as a title and as a sentence, under another glossary, and as
Markdown prose."""

from __future__ import annotations

import pytest

from lic_policy.checks.runner import check_paths
from lic_policy.config import Config

from .conftest import DRAFT, GOOD

# must-flag fixtures: a sentence the learned framing reviewer flags (not in a title) and
# "working girls", a term flagged unless the glossary declares it self-identification
LEARNED = "Residents are encouraged to photograph johns' cars and report them to the police."
SLANG = "Working girls asked for a bad date list."


def _files(tmp_path):
    good = GOOD.read_text(encoding="utf-8")
    clause = "      - id: response.violence.0\n        text: {}\n      - id: response.violence.1\n"
    with_slang = good.replace("      - id: response.violence.1\n", clause.format(SLANG), 1)
    glossary = with_slang.replace("definitions:\n", "definitions:\n  - term: working girls\n    definition: How "
                                  "members of a local collective name themselves.\n    self_identification: true\n", 1)
    titled = good.replace("    title: Dignity and non-judgment\n", f"    title: \"{LEARNED}\"\n", 1).replace(
        "      - id: response.violence.1\n", clause.format(LEARNED), 1)
    files = {"a-glossary.yaml": glossary, "b-slang.yaml": with_slang, "c-glossary.yaml": glossary,
             "d-titled.yaml": titled, "e-notes.md": f"# {LEARNED}\n\n{LEARNED}\n\n{SLANG}\n",
             "f-notes.txt": f"{LEARNED}\n\n{SLANG}\n", "g-draft.yaml": DRAFT.read_text(encoding="utf-8"),
             "h-draft.yaml": DRAFT.read_text(encoding="utf-8")}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return sorted(tmp_path / name for name in files)


@pytest.mark.slow  # 0.47 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_folder_in_one_process_finds_what_each_file_alone_finds(tmp_path):
    paths = _files(tmp_path)
    together = check_paths([str(tmp_path)], Config(cache=False), jobs=1)
    alone = [f for p in paths for f in check_paths([str(p)], Config(cache=False), jobs=1).findings]
    assert [f.to_dict() for f in together.findings] == [f.to_dict() for f in alone]
    by_file = {}
    for f in together.findings:
        by_file.setdefault(f.file.rsplit("/", 1)[-1], []).append(f.rule_id)
    # the cases the memory must tell apart are there to be told apart
    assert "lang.streetwalker" in by_file["b-slang.yaml"]
    assert "lang.streetwalker" not in by_file.get("a-glossary.yaml", [])
    assert "lang.streetwalker" not in by_file.get("c-glossary.yaml", [])
    assert by_file["d-titled.yaml"].count("framing.learned") == 1
    assert by_file["g-draft.yaml"] == by_file["h-draft.yaml"]
