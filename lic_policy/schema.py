"""JSON Schemas generated from the models (a test keeps the files in schemas/ in sync)."""

from __future__ import annotations

import json
from typing import Callable

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def guideline_schema() -> dict:
    from .model.guideline import Guideline

    schema = Guideline.model_json_schema()
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": "https://lic-policy.invalid/schemas/guideline.schema.json",
        "title": "Sex work response guideline (lic_policy)",
        "description": "A sex work response guideline structured for the Living in Community model. "
                       "Generated from lic_policy's models; do not edit by hand (run `lic-policy schema --write schemas`).",
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }


# name → builder. Other capabilities add their schemas (e.g. review files) here.
SCHEMAS: dict[str, Callable[[], dict]] = {"guideline": guideline_schema}


def register(name: str, builder: Callable[[], dict]) -> None:
    SCHEMAS[name] = builder


def _load_optional() -> None:
    """Import modules that register more schemas, if they exist."""
    import importlib

    for module in ("lic_policy.model.review",):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError:
            continue
        builder = getattr(mod, "review_schema", None)
        if builder is not None:
            SCHEMAS.setdefault("review", builder)


def all_schemas() -> dict[str, dict]:
    _load_optional()
    return {name: build() for name, build in SCHEMAS.items()}


def render(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
