"""Find the data shipped with lic_policy: rule packs, schemas, stylesheets.

In a wheel they live in ``lic_policy/_data/``; in a source checkout (editable install)
they are the top-level ``reviewers/`` and ``schemas/`` folders.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder ``name`` (``reviewers`` or ``schemas``) wherever it was installed."""
    shipped = PACKAGE_DIR / "_data" / name
    if shipped.is_dir():
        return shipped
    return PACKAGE_DIR.parent / name


def schema_path() -> Path:
    return data_dir("schemas") / "guideline.schema.json"
