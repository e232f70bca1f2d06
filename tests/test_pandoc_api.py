"""The pandoc AST API version of the documents and review packets we build is the installed
pandoc's own (two modules hard-coded different numbers before)."""

from __future__ import annotations

import json
import subprocess

import pytest

from lic_policy.publish import document, pandoc
from lic_policy.review.packet import build_packet
from lic_policy.store import load

from .conftest import DRAFT, GOOD


def _installed_api() -> list[int]:
    out = subprocess.run([pandoc.pandoc_path(), "-f", "markdown", "-t", "json"], input=b"",
                         capture_output=True, check=True).stdout
    return json.loads(out)["pandoc-api-version"]


def test_published_document_and_packet_carry_the_installed_api_version():
    expected = _installed_api()
    doc = load(GOOD)
    assert document.build(doc.guideline)["pandoc-api-version"] == expected
    packet = build_packet(doc, load(DRAFT), findings=[])
    assert packet.ast["pandoc-api-version"] == expected


def test_an_unsupported_pandoc_api_is_one_clear_error(monkeypatch):
    pandoc.api_version.cache_clear()
    monkeypatch.setattr(pandoc, "run", lambda *a, **k: b'{"pandoc-api-version":[2,0],"meta":{},"blocks":[]}')
    try:
        with pytest.raises(pandoc.PandocError) as info:
            pandoc.api_version()
        line = info.value.one_line()
        assert "AST API 2.0" in line and "\n" not in line
    finally:
        pandoc.api_version.cache_clear()
