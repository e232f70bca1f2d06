"""The data-only YAML readers `check` uses (`yamlread.compose_data`: a line-by-line block
reader, then libyaml's events) must give exactly what the full composer gives — the same data,
or the same one-line error — on any input, and positions composed later must be the ones a
full parse gives at once."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lic_policy import store, yamlread
from lic_policy.errors import InputError

from .conftest import ROOT

SOURCES = sorted((ROOT / "guidelines").glob("*.yaml")) + sorted((ROOT / "reviewers").glob("*.yaml"))
def _accepted(text: str) -> bool:
    try:
        yamlread._compose_block(text, yamlread.MAX_DEPTH, yamlread.MAX_NODES)
        return True
    except Exception:  # noqa: BLE001 - not a seed the block reader takes
        return False


SEEDS: list[str] = []
for _path in SOURCES:
    _text = _path.read_text(encoding="utf-8")
    SEEDS.append(_text)
    _lines = _text.split("\n")
    # windows of up to 40 lines from each mapping key, re-rooted at its indentation and cut
    # where the text returns to a shallower level, that the block reader takes as they are:
    # mutations of them exercise the fast path, not only its fallbacks
    for _k, _first in enumerate(_lines):
        _body = _first.lstrip(" ")
        if not _body or _body[0] in "#-" or ":" not in _body or _k % 3:
            continue
        _ind = len(_first) - len(_body)
        _chunk = [_body]
        for _ln in _lines[_k + 1:_k + 40]:
            if _ln.strip() and len(_ln) - len(_ln.lstrip(" ")) < _ind:
                break
            _chunk.append(_ln[_ind:] if _ln[:_ind].strip() == "" else _ln)
        _seed = "\n".join(_chunk) + "\n"
        if len(_chunk) > 3 and _accepted(_seed):
            SEEDS.append(_seed)


# Small pieces that change how YAML reads a line: indicators, quotes, block scalars, anchors,
# tags, comments, flow collections, tabs, odd line breaks, plain scalars that resolve to
# non-strings.
PIECES = [" ", "  ", ":", ": ", "#", " #", "-", "- ", "'", "''", '"', "|", "|-", "|+", ">", "\\", "&a ", "*a",
          "!x ", "{", "[", "]", "}", "\t", "\n", "?", "%", "@", "`", ",", "x", "1", "true", "null", "~",
          "2020-01-01", "\u0085", "\u2028", "\r", "\n\n", "...", "---", "0o7", "-1", ".5", "<<: ", "key: ",
          "- a: b", "k:", "é"]
ENDINGS = ["   ", " # c", ":", " |", " |-", " ''", ' ""', " 'a''b'", ' "a b"', " 'x", " -"]


def mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        if not lines:
            break
        i = rng.randrange(len(lines))
        op, line = rng.random(), lines[i]
        if op < 0.35:
            p = rng.randint(0, len(line))
            lines[i] = line[:p] + rng.choice(PIECES) + line[p:]
        elif op < 0.5 and line:
            p = rng.randrange(len(line))
            lines[i] = line[:p] + line[min(len(line), p + rng.randint(1, 4)):]
        elif op < 0.65:
            d = rng.choice([-2, -1, 1, 2, 4])
            lines[i] = (" " * d + line) if d > 0 else (line[-d:] if line[:-d].strip() == "" else line)
        elif op < 0.75:
            lines.insert(i, rng.choice(lines))
        elif op < 0.85:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op < 0.92:
            del lines[i]
        elif op < 0.97:
            lines[i] = line.rstrip() + rng.choice(ENDINGS)
        else:  # trailing spaces on many lines at once (values, items, keys, literal content)
            lines = [ln + " " * rng.choice([0, 0, 1, 3]) if ln.strip() else ln for ln in lines]
    return "\n".join(lines)


def full(text: str):
    try:
        return ("data", yamlread.compose(text, "<f>")[0])
    except InputError as exc:
        return ("error", exc.one_line())


def fast(text: str):
    try:
        return ("data", yamlread.compose_data(text, "<f>"))
    except InputError as exc:
        return ("error", exc.one_line())


def full_positions(text: str):
    try:
        data, positions = yamlread.compose(text, "<f>")
        return ("data", data, list(positions.items()))  # in the same order, too
    except InputError as exc:
        return ("error", exc.one_line())


def fast_positions(text: str):
    try:
        data, positions = yamlread.compose_fast(text, "<f>")
        return ("data", data, list(positions.items()))
    except InputError as exc:
        return ("error", exc.one_line())


# Hand-written lines the block reader must read exactly as the full composer does (or leave to it).
EDGE_CASES = [
    "a:\n  - x   \n  - y\n", "a:   \n  b: c  \n", "a: b   \n", "a:\n  - k: v   \n    j: w\n",
    "a:\n  -   k: v\n      j: w\n", "a:\n  -\n  - x\n", "a:\n  - \n  - x\n", "a:\n- x\n- y\n",
    "a: |\n  one  \n\n  two\n\nb: c\n", "a: |-\n  # not a comment\n  x\n", "a: |\n   \n  x\n",
    "a:\n  # c\n  b: c # d\n", "a: key:value\n", "a:\n  - key:value\n", "a:\n  - key: value: x\n",
    "a: 'x''y'  \n", 'a: "x y"  \n', "a:\n  - 'q'  \n", "true: x\n", "True: x\n", "a:\n  null: 1\n", "NULL: x\n", "a:\n  - False: x\n", "a:\n  - null\n  - ~\n  - 1.5\n",
    "a: -x\n", "a:\n  - -x\n", "a: [en, fr , zh-Hant]\n", "a: []\n", "a: [ ]\n", "a: [x, ]\n", "a: [x, [y]]\n",
    "a: [a: b]\n", "a: [x] # c\n", "a: [-1, .5, 2020-01-01, null]\n", "a:\n  - {group: police, count: 6}\n",
    "a: {x: 1,y: b c }\n", "a: {}\n", "a: {x: }\n", "a: {x:1}\n", "a: {x}\n", "a: {x: a: b}\n", "a: {x: 1, x: 2}\n",
    "a: {True: 1}\n", "a: {x: 1,}\n", "a: {x: b c: , y: 1}\n", "a: {x: b:, y: 1}\n", "a: {x: 9:00, y: 1}\n", "a:\n  - [x, y]\n  - k: [ 1, true ,null]\n", "a:\n  - - x\n", "a: http://x.y/z\n", "a: x #c\n", "a: x#c\n",
    "a:\n  b:\n    - c\n  d: e\n", "a:\n  b:\n  - c\n  d: e\n", "a: b\n  c: d\n", "a:\n    b: c\n  d: e\n",
]


# What the block reader leaves to compose, as a character class (the specification of
# yamlread._simple, which tests the UTF-8 bytes instead)
NOT_SIMPLE = re.compile("[\t\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def test_simple_text_is_exactly_text_without_the_characters_left_to_compose():
    points = list(range(0, 0x3100)) + list(range(0xD700, 0xE100)) + list(range(0xFE00, 0x10000)) + [0x1F600, 0x10FFFF]
    for cp in points:
        for text in (f"a: b{chr(cp)}c\n", chr(cp), f"{chr(cp)}\u00e9"):
            assert yamlread._simple(text) == (NOT_SIMPLE.search(text) is None), (hex(cp), text)


@given(st.text())
def test_simple_agrees_with_the_character_class_on_any_text(text):
    assert yamlread._simple(text) == (NOT_SIMPLE.search(text) is None)


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases_read_the_same(text):
    assert repr(fast(text)) == repr(full(text))
    assert repr(fast_positions(text)) == repr(full_positions(text))


@pytest.mark.parametrize("seed", range(len(SEEDS)), ids=lambda i: f"seed{i}")
def test_unmutated_sources_read_the_same(seed):
    assert repr(fast(SEEDS[seed])) == repr(full(SEEDS[seed]))
    assert repr(fast_positions(SEEDS[seed])) == repr(full_positions(SEEDS[seed]))


@pytest.mark.slow
@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, len(SEEDS) - 1), rnd=st.randoms(use_true_random=False))
def test_mutated_yaml_reads_the_same_data_and_positions_or_the_same_error(seed, rnd):
    text = mutate(SEEDS[seed], rnd)
    assert repr(fast(text)) == repr(full(text))
    assert repr(fast_positions(text)) == repr(full_positions(text))


def test_the_block_reader_takes_the_sample_guidelines():
    """The fast paths are only worth having if real guidelines take them (flow lists included)."""
    for name in ("cedar-harbour-sex-work-response.yaml", "cedar-harbour-early-draft.yaml"):
        text = (ROOT / "guidelines" / name).read_text(encoding="utf-8")
        positions: dict = {}
        yamlread._compose_block(text, yamlread.MAX_DEPTH, yamlread.MAX_NODES, positions)
        assert positions


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, len(SEEDS) - 1), rnd=st.randoms(use_true_random=False))
def test_positions_composed_later_are_the_positions_of_a_full_parse(seed, rnd):
    text = mutate(SEEDS[seed], rnd)
    try:
        eager = store.parse(text, "<f>")
    except InputError:
        return
    lazy = store.parse(text, "<f>", positions=False)
    assert repr(lazy.data) == repr(eager.data)
    assert lazy.positions == eager.positions


FLOW_PIECES = ["a", "b c", "x1", "true", "null", "~", "1", "-1", ".5", "2026-01-01", ":", ": ", ",", ", ", " ", "'",
               '"', "[", "]", "{", "}", "#", " #", "-", "?", "é", "key", "k-v", "_k", "*", "&", "!", "|", ">"]


@pytest.mark.slow
@settings(max_examples=1500, deadline=None)
@given(kind=st.sampled_from(["[]", "{}"]), pieces=st.lists(st.sampled_from(FLOW_PIECES), max_size=10),
       where=st.sampled_from(["a: {}\n", "a:\n  - {}\n", "a:\n  - k: {}\n    j: 1\n", "- {}\n"]))
def test_flow_collections_read_as_compose_reads_them(kind, pieces, where):
    text = where.format(kind[0] + "".join(pieces) + kind[1])
    assert repr(fast_positions(text)) == repr(full_positions(text))
    assert repr(fast(text)) == repr(full(text))


@settings(max_examples=400, deadline=None)
@given(value=st.text(), ascii_only=st.booleans(), key=st.sampled_from(["a: ", "a:\n  - ", "a:\n  - k: "]))
def test_double_quoted_escapes_read_as_the_full_composer_reads_them(value, ascii_only, key):
    """One-line double-quoted scalars with JSON's escapes (how review files write a short value
    with a line break) are read by the block reader, exactly as compose reads them."""
    import json

    text = key + json.dumps(value, ensure_ascii=ascii_only) + "\n"
    assert repr(fast(text)) == repr(full(text))
    assert repr(fast_positions(text)) == repr(full_positions(text))


def test_double_quoted_escapes_take_the_block_reader():
    text = 'a:\n  - suffix: ". Stay with the\\nperson if it is \\"safe\\" \\u00e9"\n'
    assert yamlread._compose_block(text, 64, 1000) == {"a": [{"suffix": '. Stay with the\nperson if it is "safe" é'}]}
    for unusual in ('a: "\\x41"\n', 'a: "\\e"\n', 'a: "\\/"\n', 'a: "x" y"\n', 'a: "\\ud83d\\ude00"\n'):
        with pytest.raises(Exception):
            yamlread._compose_block(unusual, 64, 1000)
