"""The review room's rendering of a guideline: every shown character tied to its offset in
the field's source text (what turns a browser selection into an anchor), text always
escaped, the redline's words where they were, sentences for the keyboard and phone path,
and complete translation catalogues."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lic_policy.store import load
from lic_policy.web.document import build_page, field_html, sentences

from .conftest import DRAFT, GOOD, POLICE

_SPAN = re.compile(r'<span data-o="(\d+)"(?: class="ins")?>(.*?)</span>', re.S)
ALLOWED = {"p", "span", "strong", "em", "code", "a", "ul", "ol", "li", "del", "br"}


def _check_offsets(text: str, out: str) -> int:
    """Every data-o span's characters are the source's characters at that offset (a run of
    white space may show as one space); returns how many characters are placed."""
    placed = 0
    for m in _SPAN.finditer(out):
        start, shown = int(m.group(1)), html.unescape(m.group(2))
        source = text[start:start + len(shown)]
        assert len(source) == len(shown), (start, shown, source)
        for a, b in zip(shown, source):
            assert a == b or (a == " " and b.isspace()), (start, shown, source)
        placed += len(shown.strip())
    return placed


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


_markdownish = st.text(alphabet=st.sampled_from(list("ab cd\n*_`[]()-1.<>:/\\&\"'é😀\t")), max_size=120)


@settings(max_examples=300, deadline=None)
@given(_markdownish)
def test_every_shown_character_maps_back_to_its_source_offset(text):
    out = field_html(text)
    _check_offsets(text, out)
    p = _Tags()
    p.feed(out)
    for tag, attrs in p.tags:
        assert tag in ALLOWED, tag
        for name, value in attrs:
            assert name in ("data-o", "class", "href", "rel", "start"), name
            if name == "href":
                assert value.split(":", 1)[0] in ("http", "https", "mailto", "tel")


@pytest.mark.parametrize("path", [GOOD, DRAFT, POLICE])
def test_the_samples_are_shown_with_every_word_placed(path):
    page = build_page(load(path, validate=False).data)
    fields = [u for u in page.units.values()]
    assert len(fields) > 40
    for u in fields:
        placed = _check_offsets(u.text, u.html)
        assert 'class="np"' not in u.html, u.key
        visible = re.sub(r"[\s*_`\[\]()<>#+\-.\d)!\\]", "", u.text)
        if visible and "](" not in u.text:
            assert placed >= len(visible) * 0.9, u.key


def test_markup_is_shown_as_the_publisher_shows_it_and_stays_addressable():
    text = "Call **Outreach** or see [the map](https://example.org/map).\n\n- one *item*\n- `code  here`"
    out = field_html(text)
    assert "<strong>" in out and "<em>" in out and "<ul>" in out and "<code>" in out
    assert '<a href="https://example.org/map" rel="noopener noreferrer">' in out
    _check_offsets(text, out)
    o = int(re.search(r'<span data-o="(\d+)">Outreach', out).group(1))
    assert text[o:o + 8] == "Outreach"


def test_text_is_never_markup():
    text = '<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) & "q"'
    out = field_html(text)
    assert "<script" not in out and "<img" not in out and "javascript:" not in out
    assert "&lt;script&gt;" in out and "&amp;" in out


def test_the_redline_shows_inserted_and_deleted_words_in_place():
    old = load(DRAFT, validate=False).data
    new = load(GOOD, validate=False).data
    page = build_page(new, old)
    assert page.old_version == "0.3.0" and page.changes["words inserted"] > 0
    changed = [u for u in page.units.values() if u.changed and not u.removed]
    assert changed
    for u in changed:
        _check_offsets(u.text, u.html)
    assert any("<del>" in u.html for u in changed) and any('class="ins"' in u.html for u in changed)
    assert any(getattr(it, "removed", False) for it in page.items)


def test_sentences_for_the_sentence_picker():
    text = "If violence is happening, call 911. Stay with the\nperson if it is safe. Then:\n\n- one item\n- two."
    got = [text[a:b] for a, b in sentences(text)]
    assert got == ["If violence is happening, call 911.", "Stay with the\nperson if it is safe.", "Then:",
                   "one item", "two."]


# --------------------------------------------------------------------------- translations


def test_every_interface_text_has_a_french_translation_with_the_same_placeholders():
    from lic_policy.web import i18n

    assert "fr" in i18n.languages()
    assert i18n.missing("fr") == []
    cat = i18n.catalogue("fr")
    for msgid in i18n.used_messages():
        assert set(re.findall(r"{(\w+)}", msgid)) == set(re.findall(r"{(\w+)}", cat[msgid])), msgid


def test_language_is_negotiated_and_dates_are_written_per_language():
    from lic_policy.web import i18n

    assert i18n.negotiate("fr-CA,fr;q=0.9,en;q=0.5") == "fr"
    assert i18n.negotiate("de-DE,en;q=0.3") == "en"
    assert i18n.negotiate("") == "en"
    assert i18n.format_date("2026-12-31T23:59:59Z", "fr") == "31 décembre 2026"
    assert i18n.format_date("2026-12-31", "en") == "December 31, 2026"
    assert i18n.translator("fr")("Review room") == "Salle de relecture"
