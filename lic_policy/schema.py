"""JSON Schemas generated from the models (a test keeps the files in schemas/ in sync)."""

from __future__ import annotations

import json
from typing import Callable

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def model_schema(model: type, name: str, title: str, description: str) -> dict:
    """The JSON Schema of a pydantic model, with our id, title and a do-not-edit note."""
    schema = model.model_json_schema()
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": f"https://lic-policy.invalid/schemas/{name}.schema.json",
        "title": title,
        "description": description + " Generated from lic_policy's models; do not edit by hand "
                                     "(run `lic-policy schema --write schemas`).",
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }


def guideline_schema() -> dict:
    from .model.guideline import Guideline

    return model_schema(Guideline, "guideline", "Sex work response guideline (lic_policy)",
                        "A sex work response guideline structured for the Living in Community model.")


def review_schema() -> dict:
    from .model.review import review_schema as build

    return build()


# name → builder: the schemas `lic-policy schema` prints or writes, in this order.
SCHEMAS: dict[str, Callable[[], dict]] = {"guideline": guideline_schema, "review": review_schema}


def all_schemas() -> dict[str, dict]:
    return {name: build() for name, build in SCHEMAS.items()}


def render(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
