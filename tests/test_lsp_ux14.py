"""`lic-policy lsp`, round 14 (ux14): what an editor user sees while the YAML is broken, and
the same column as `check` in a file with lone CR line endings. Driven as an editor drives it
(a subprocess, pygls's LanguageClient), as in test_lsp.py."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("pygls")

from lsprotocol import types as lsp  # noqa: E402

from .conftest import DRAFT, run_cli  # noqa: E402
from .test_lsp import Editor, run  # noqa: E402


def _r(l1: int, c1: int, l2: int, c2: int) -> lsp.Range:
    return lsp.Range(start=lsp.Position(line=l1, character=c1), end=lsp.Position(line=l2, character=c2))


def _words(text: str, d: lsp.Diagnostic) -> str:
    lines = text.split("\n")
    a, b = d.range.start, d.range.end
    if a.line == b.line:
        return lines[a.line][a.character:b.character]
    return "\n".join([lines[a.line][a.character:], *lines[a.line + 1:b.line], lines[b.line][:b.character]])


def _stale(d: lsp.Diagnostic) -> bool:
    return isinstance(d.data, dict) and bool(d.data.get("stale"))


def test_while_the_yaml_is_broken_the_last_checks_findings_stay_marked_as_such(tmp_path):
    """A drafter typing a line that breaks the YAML (half-way through writing it) saw every
    finding vanish, leaving only the syntax error, and come back when the line was done: the
    problems list flickered empty at each keystroke. As mature language servers keep the last
    good results while a file does not parse, the last check's findings stay, moved with the
    text typed above them, each saying it is from the last check; the words they point at are
    the same; findings on the changed text are dropped; no quick fix is offered on them. Once
    the YAML parses, the diagnostics are again what `check` says."""
    g = tmp_path / "guide.yaml"
    text = DRAFT.read_text(encoding="utf-8")
    g.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    at = next(i for i, ln in enumerate(lines) if ln.startswith("purpose:"))

    async def scenario(ed: Editor) -> None:
        uri = ed.open(g, text)
        good = await ed.diagnostics(uri, 1)
        assert len(good) > 20 and not any(_stale(d) for d in good)
        before = sorted((d.code, _words(text, d)) for d in good if d.code != "input")
        # a line half typed above the findings: `notes: [unclosed` is not YAML
        v = ed.edit(uri, [lsp.TextEdit(range=_r(at, 0, at, 0), new_text="notes: [unclosed\n")])
        broken_text = ed.texts[uri]
        broken = await ed.diagnostics(uri, v)
        errors = [d for d in broken if not _stale(d)]
        assert [d.code for d in errors] == ["input"], errors
        stale = [d for d in broken if _stale(d)]
        assert len(stale) == len(before), (len(stale), len(before))  # nothing was on the typed line
        assert sorted((d.code, _words(broken_text, d)) for d in stale) == before
        assert all("last check" in d.message for d in stale), stale[0].message
        # no quick fix on a finding of the last check (the text does not parse: a fix cannot be made)
        d = next(d for d in stale if d.code == "lang.client-slang")
        acts = await ed.client.text_document_code_action_async(lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri), range=d.range,
            context=lsp.CodeActionContext(diagnostics=[d])))
        assert not acts, acts
        # typed over a finding's words: that one is dropped, the others stay
        first = min(stale, key=lambda d: (d.range.start.line, d.range.start.character))
        s = first.range.start
        v = ed.edit(uri, [lsp.TextEdit(range=_r(s.line, s.character, s.line, s.character + 1), new_text="X")])
        broken2 = await ed.diagnostics(uri, v)
        assert len([d for d in broken2 if _stale(d)]) == len(stale) - 1
        # the line finished (removed): the check runs again, nothing stale
        v = ed.edit(uri, [lsp.TextEdit(range=_r(s.line, s.character, s.line, s.character + 1),
                                       new_text=broken_text.split("\n")[s.line][s.character]),
                          lsp.TextEdit(range=_r(at, 0, at + 1, 0), new_text="")])
        back = await ed.diagnostics(uri, v)
        assert ed.texts[uri] == text
        assert sorted((d.code, _words(text, d)) for d in back if d.code != "input") == before
        assert not any(_stale(d) for d in back)

    run(tmp_path, scenario)


MAC_NOTES = ("# Outreach notes\n\nOutreach staff met prostitutes near the park.\n\n- johns were asked to leave\n"
             "- Staff talked with the hookers about safety.\n\nA table:\n\n| who | what |\n|---|---|\n"
             "| pimps | were seen |\n")  # must be flagged: terms on lines 3, 5, 6 and 12


@pytest.mark.parametrize("name", ["mac.yaml", "mac.md"])
def test_lone_cr_line_endings_give_check_and_the_editor_the_same_line_and_column(tmp_path, name):
    """A file saved with lone CR line endings (classic Mac OS, some exports): `check` and the
    language server must name the same line and column for a finding."""
    source = DRAFT.read_text(encoding="utf-8") if name.endswith(".yaml") else MAC_NOTES
    text = source.replace("\n", "\r")
    g = tmp_path / name
    g.write_bytes(text.encode("utf-8"))
    out = json.loads(run_cli("check", "--no-cache", "--format", "json", str(g)).stdout)
    cli = sorted((f["rule_id"], f["line"], f["column"]) for f in out["findings"])
    assert len(cli) > (20 if name.endswith(".yaml") else 3), cli

    async def scenario(ed: Editor) -> None:
        uri = ed.open(g, text)
        diags = await ed.diagnostics(uri, 1)
        got = sorted((d.code, d.range.start.line + 1, d.range.start.character + 1) for d in diags)
        assert got == cli, [x for x in got if x not in cli][:5] + ["|"] + [x for x in cli if x not in got][:5]

    run(tmp_path, scenario)


# --------------------------------------------------------------------------- carrying findings (property)

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_LINES = st.lists(st.sampled_from(["johns here", "  text: |", "a johns b johns", "", "x: [", "  - id: a"]),
                  min_size=1, max_size=12)
_BREAKS = st.sampled_from(["\n", "\r\n", "\r"])


def _findings_of(text: str, word: str = "johns") -> list:
    """A finding on each occurrence of ``word``, placed as the language server places them
    (lines split at LF, CRLF and a lone CR; 1-based code-point columns, end exclusive)."""
    from lic_policy.lsp import _line_col
    from lic_policy.model.finding import Finding

    out, at = [], text.find(word)
    while at != -1:
        (l1, c1), (l2, c2) = _line_col(text, at), _line_col(text, at + len(word))
        out.append(Finding("lang.client-slang", "warning", "m", "f.yaml", l1 + 1, c1 + 1, l2 + 1, c2 + 1, match=word))
        at = text.find(word, at + 1)
    return out


def _offsets(text: str, fs: list) -> list:
    from lic_policy.store import line_starts_of as _starts

    starts = _starts(text)
    return [(starts[f.line - 1] + f.column - 1, starts[f.end_line - 1] + f.end_column - 1) for f in fs]


@settings(max_examples=300, deadline=None)
@given(lines=_LINES, brk=_BREAKS, data=st.data())
def test_carried_findings_point_at_the_same_words_and_only_those_on_the_edit_are_dropped(lines, brk, data):
    """Whatever one edit a person makes (typing, deleting, pasting a line break of any kind),
    each finding of the last check is either dropped because the edit touched its words, or
    shown on exactly the same words in the new text, moved by the edit's length when after it."""
    from lic_policy.lsp import carry_findings

    old = brk.join(lines)
    a = data.draw(st.integers(0, len(old)))
    b = data.draw(st.integers(a, min(len(old), a + 6)))
    typed = data.draw(st.sampled_from(["", "x", ": [", "\n", "\r", "\r\n", "johns", "é"]))
    new = old[:a] + typed + old[b:]
    fs = _findings_of(old)
    carried = carry_findings(old, new, fs)
    got = _offsets(new, carried)
    for (s, e), f in zip(got, carried):
        assert new[s:e] == "johns" and f.match == "johns"
    # none that the edit did not touch is lost: those wholly before it and wholly after it are
    # kept (where the typed words repeat the text beside them, which copy moved is ambiguous:
    # the count and the words are what is sure)
    untouched = [(s, e) for s, e in _offsets(old, fs) if e <= a or s >= b]
    assert len(got) >= len(untouched), (old, new, got, untouched)
    assert len(got) == len(set(got))
