"""The guideline model's shape as plain data, and a validator that needs no pydantic.

Building the pydantic models (``guideline.py``) costs about 100 ms of every process that
validates: ``import pydantic`` and a core schema for each of the 30 models. A single-file
``check`` (the pre-commit hook) spends most of its time there although nearly every file it
sees is well-formed. ``light_guideline(data)`` answers for those files without pydantic:

* ``SHAPE`` (generated into ``_shape.py`` from the pydantic models by ``describe``; a test
  keeps it in step, ``python -m lic_policy.model.shape --write`` rewrites it) lists each
  model's fields with their type, constraints and default;
* ``light_guideline`` walks the data against it and, when every value is plainly valid,
  returns plain objects with the same attributes and values as ``Guideline.model_validate``
  would give (defaults filled in; enum fields hold their values, as with
  ``use_enum_values``), on which ``rules.check_model`` runs unchanged;
* anything it is not sure of — a missing or unknown field, a value of another type, a
  pattern on text that is not plain ASCII, a date written as text — returns ``None``, and
  the caller validates with pydantic, which finds and words the problems. So the problems
  reported never depend on which path ran; only the time does.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any, Optional

from . import walk as _walk

ROOT = "Guideline"

_INT_LIMIT = 2**63  # beyond 64 bits pydantic-core takes another path: leave such ints to it


class _Unsure(Exception):
    """The data may not be valid: validate it with pydantic."""


class Light:
    """A validated part of a guideline: its fields as attributes (no pydantic)."""

    __slots__ = ("__dict__",)
    _shape_model = ""  # the model's name (not a field name: the fields are the instance's attributes)

    def __init__(self, values: dict):
        self.__dict__.update(values)

    def __repr__(self) -> str:
        return f"{self._shape_model}({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"


class LightGuideline(Light):
    """The light ``Guideline``, with its walking methods (``walk``)."""

    __slots__ = ()
    _shape_model = ROOT

    def iter_sections(self) -> Any:
        return _walk.iter_sections(self)

    def iter_clauses(self) -> Any:
        return _walk.iter_clauses(self)

    def clause(self, clause_id: str) -> Any:
        return _walk.clause(self, clause_id)

    def clause_path(self, clause_id: str) -> Any:
        return _walk.clause_path(self, clause_id)


_CLASSES: dict[str, type] = {ROOT: LightGuideline}
_PATTERNS: dict[str, Any] = {}
_VISIBLE_ASCII = re.compile(r"[!-~]")


def _class(name: str) -> type:
    cls = _CLASSES.get(name)
    if cls is None:
        cls = _CLASSES[name] = type(name, (Light,), {"__slots__": (), "_shape_model": name})
    return cls


def _shape() -> dict:
    from ._shape import SHAPE

    return SHAPE


def light_guideline(data: Any) -> Optional[Light]:
    """The guideline in ``data`` (plain YAML data) as ``Light`` objects when it is plainly
    valid by the model's types and constraints, else ``None`` (validate with pydantic)."""
    try:
        return _model(_shape(), ROOT, data)
    except _Unsure:
        return None
    except RecursionError:  # nesting deeper than Python's stack: pydantic words it
        return None


def _model(shape: dict, name: str, data: Any) -> Light:
    spec = shape[name]
    if spec["opaque"] or type(data) is not dict:
        raise _Unsure
    fields = spec["fields"]
    for key in data:
        if key not in fields:  # an unknown field (or a key that is not text)
            raise _Unsure
    values = {}
    for field, (tp, how, default) in fields.items():
        if field in data:
            values[field] = _value(shape, tp, data[field])
        elif how == "required":
            raise _Unsure
        else:
            values[field] = [] if how == "list" else default
    return _class(name)(values)


def _value(shape: dict, tp: tuple, v: Any) -> Any:
    kind = tp[0]
    if kind == "str":
        _kind, min_length, max_length, pattern = tp
        if type(v) is not str:
            raise _Unsure
        if min_length is not None and len(v) < min_length:
            raise _Unsure
        if max_length is not None and len(v) > max_length:
            raise _Unsure
        if pattern == r"\S":  # prose (``PROSE_PATTERN``): a printable ASCII character is plainly not blank
            if _VISIBLE_ASCII.search(v) is None:
                raise _Unsure  # blank, or only characters outside ASCII: pydantic decides
        elif pattern is not None:
            # pydantic matches with Rust's regex engine: on ASCII text without a line break
            # (where Python's "$" could match before a final newline) both agree
            if not v.isascii() or "\n" in v:
                raise _Unsure
            rx = _PATTERNS.get(pattern)
            if rx is None:
                rx = _PATTERNS[pattern] = re.compile(pattern)
            if rx.search(v) is None:
                raise _Unsure
        return v
    if kind == "model":
        return _model(shape, tp[1], v)
    if kind == "list":
        _kind, item, min_length = tp
        if type(v) is not list or (min_length is not None and len(v) < min_length):
            raise _Unsure
        return [_value(shape, item, x) for x in v]
    if kind == "opt":
        return None if v is None else _value(shape, tp[1], v)
    if kind == "enum":
        if type(v) is not str or v not in tp[1]:
            raise _Unsure
        return v
    if kind == "int":
        _kind, ge, le = tp
        if type(v) is not int or not -_INT_LIMIT < v < _INT_LIMIT:
            raise _Unsure
        if (ge is not None and v < ge) or (le is not None and v > le):
            raise _Unsure
        return v
    if kind == "bool":
        if type(v) is not bool:
            raise _Unsure
        return v
    if kind == "date":
        if type(v) is not _dt.date:  # not a datetime, not text: pydantic decides those
            raise _Unsure
        return v
    raise _Unsure  # a kind this validator does not know


# --------------------------------------------------------------------------- walking paths


def walk(parts: list[str]) -> tuple[Optional[str], int, Optional[list[str]]]:
    """Follow the parts of a dotted path (a to-do's ``about``) through the shape: (None, 0,
    None) when it names a part of a guideline, else (why, the index of the part where it went
    wrong, the field names allowed there or None). ``why`` is "index" (a list needs a
    position), "leaf" (the value has no parts) or "field" (no such field)."""
    shape = _shape()
    tp: Any = ("model", ROOT)
    for i, part in enumerate(parts):
        if tp[0] == "opt":
            tp = tp[1]
        if tp[0] == "list":
            if not part.isdigit():
                return "index", i, None
            tp = tp[1]
            continue
        if tp[0] != "model":
            return "leaf", i, None
        fields = shape[tp[1]]["fields"]
        if part not in fields:
            return "field", i, list(fields)
        tp = fields[part][0]
    return None, 0, None


# --------------------------------------------------------------------------- describing


def describe() -> dict:
    """The shape of the pydantic models (imports them): model name → {"opaque": bool,
    "fields": {name: (type, how, default)}}``, where ``how`` is "required", "default" (the
    value is ``default``) or "list" (a new empty list). Raises ``TypeError`` for a type or a
    constraint this module does not know, so the generated shape is never silently wrong."""
    from . import guideline as g

    describer = _Describer()
    describer.model(g.Guideline)
    return describer.out


_MODEL_CONFIG = {"extra": "forbid", "populate_by_name": True, "use_enum_values": True, "validate_default": True}
"""The one model_config the shape knows how to read (every model of guideline.py has it)."""


class _Describer:
    """Reads the models of ``guideline.py`` into ``out`` (``describe``'s result), one model,
    field type and constraint at a time."""

    def __init__(self) -> None:
        self.out: dict[str, dict] = {}

    def model(self, cls: type) -> None:
        """Describe ``cls`` and, through its fields' types, every model it holds."""
        from . import guideline as g

        name = cls.__name__
        if name in self.out:
            return
        if getattr(g, name, None) is not cls:
            raise TypeError(f"{name}: not a model of lic_policy.model.guideline")
        cfg = dict(cls.model_config)  # type: ignore[attr-defined]
        if cfg != _MODEL_CONFIG:
            raise TypeError(f"{name}: model_config {cfg} is not the one described ({_MODEL_CONFIG})")
        decorators = cls.__pydantic_decorators__  # type: ignore[attr-defined]
        opaque = any(getattr(decorators, kind) for kind in
                     ("validators", "field_validators", "root_validators", "model_validators"))
        fields: dict[str, tuple] = {}
        self.out[name] = {"opaque": opaque, "fields": fields}
        for fname, info in cls.model_fields.items():  # type: ignore[attr-defined]
            where = f"{name}.{fname}"
            if info.alias is not None or info.validation_alias is not None:
                raise TypeError(f"{where}: aliases are not described")
            fields[fname] = (self.typ(info.annotation, list(info.metadata), where), *self.default(info, where))

    @staticmethod
    def default(info: Any, where: str) -> tuple[str, Any]:
        """(how, default) of a field: "required", "list" (a new empty list) or "default"."""
        import enum

        if info.is_required():
            return "required", None
        if info.default_factory is list:
            return "list", None
        if info.default_factory is not None:
            raise TypeError(f"{where}: default_factory {info.default_factory!r} is not described")
        default = info.default
        if isinstance(default, enum.Enum):
            default = default.value  # validate_default + use_enum_values
        if not (default is None or type(default) in (str, int, bool)):
            raise TypeError(f"{where}: default {default!r} is not described")
        return "default", default

    def typ(self, tp: Any, meta: list, where: str) -> tuple:
        """The shape of a field's type ``tp`` with its constraints ``meta``."""
        import enum
        import typing

        from pydantic import BaseModel

        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            base, *more = typing.get_args(tp)
            return self.typ(base, [*more, *meta], where)
        if origin is typing.Union:
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1 or len(typing.get_args(tp)) != 2:
                raise TypeError(f"{where}: only Optional[X] unions are described")
            return ("opt", self.typ(args[0], meta, where))  # constraints apply to the value
        c = self.constraints(meta, where)

        def take(*keys: str) -> list:
            extra = set(c) - set(keys)
            if extra:
                raise TypeError(f"{where}: constraints {sorted(extra)} do not apply to {tp!r}")
            return [c.get(k) for k in keys]

        if origin is list:
            (item,) = typing.get_args(tp)
            return ("list", self.typ(item, [], where + "[]"), *take("min"))
        if tp is str:
            return ("str", *take("min", "max", "pattern"))
        if tp is bool:
            take()
            return ("bool",)
        if tp is int:
            return ("int", *take("ge", "le"))
        if tp is _dt.date:
            take()
            return ("date",)
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            take()
            if not issubclass(tp, str) or not all(isinstance(m.value, str) for m in tp):
                raise TypeError(f"{where}: only str enums are described")
            return ("enum", tuple(m.value for m in tp))
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            take()
            self.model(tp)
            return ("model", tp.__name__)
        raise TypeError(f"{where}: type {tp!r} is not described")

    @staticmethod
    def constraints(meta: list, where: str) -> dict:
        """The length, pattern and bound constraints in ``meta`` (min, max, pattern, ge, le)."""
        import annotated_types as at
        from pydantic.types import StringConstraints

        found: dict[str, Any] = {}
        for m in meta:
            if isinstance(m, StringConstraints):
                for attr in ("strip_whitespace", "to_upper", "to_lower", "strict", "ascii_only"):
                    if getattr(m, attr) is not None:
                        raise TypeError(f"{where}: StringConstraints.{attr} is not described")
                for attr, key in (("min_length", "min"), ("max_length", "max"), ("pattern", "pattern")):
                    if getattr(m, attr) is not None:
                        found[key] = getattr(m, attr)
            elif isinstance(m, at.MinLen):
                found["min"] = m.min_length
            elif isinstance(m, at.MaxLen):
                found["max"] = m.max_length
            elif isinstance(m, at.Ge):
                found["ge"] = m.ge
            elif isinstance(m, at.Le):
                found["le"] = m.le
            elif type(m).__name__ == "Strict" and m.strict:
                pass  # strict ints (no true, "1" or 1.0): the light walk takes only `type(v) is int` already
            else:
                raise TypeError(f"{where}: constraint {m!r} is not described")
        return found


def render(shape: dict) -> str:
    """``_shape.py`` for ``shape``."""
    import pprint

    return ('"""The guideline model\'s shape (``shape.describe``), generated from ``guideline.py``: do not\n'
            'edit; run ``python -m lic_policy.model.shape --write`` after changing the models."""\n\n'
            "# fmt: off\n"
            f"SHAPE = {pprint.pformat(shape, width=116, sort_dicts=False)}\n")


def main(argv: Optional[list[str]] = None) -> int:
    import sys
    from pathlib import Path

    args = sys.argv[1:] if argv is None else argv
    text = render(describe())
    target = Path(__file__).with_name("_shape.py")
    if args == ["--write"]:
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}")
        return 0
    if args == ["--check"]:
        same = target.exists() and target.read_text(encoding="utf-8") == text
        print(f"{target}: {'up to date' if same else 'stale (run with --write)'}")
        return 0 if same else 1
    print("usage: python -m lic_policy.model.shape --write | --check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
