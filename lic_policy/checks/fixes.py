"""Safe automatic fixes: unambiguous replacements only, written through the store so YAML
comments, formatting and every untouched byte stay as they were."""

from __future__ import annotations

import contextlib
import difflib
from dataclasses import dataclass
from typing import Iterable

from ..config import Config
from .engine import apply_fixes, check_document, check_prose_text, load_ruleset
from .runner import discover_checkable


@dataclass
class FixResult:
    file: str
    count: int
    old: str
    new: str

    @property
    def diff(self) -> str:
        return "".join(difflib.unified_diff(self.old.splitlines(keepends=True), self.new.splitlines(keepends=True),
                                            fromfile=f"a/{self.file}", tofile=f"b/{self.file}"))


def fix_text_yaml(file: str, text: str, ruleset) -> tuple[str, int]:
    from .. import store

    doc = store.parse(text, file)
    result = check_document(doc, ruleset)
    by_path: dict[tuple, list] = {}
    for f in result.findings:
        if f.fix is not None and f.path and f.start >= 0:
            by_path.setdefault(f.path, []).append((f.start, f.end, f.fix))
    count = 0
    for path, fixes in by_path.items():
        value = doc.value_at(path)
        new_value = apply_fixes(value, fixes)
        if new_value != value:
            doc = store.parse(doc.replace_text(path, new_value), file)
            count += len(fixes)
    return doc.text, count


def fix_text_prose(file: str, text: str, ruleset) -> tuple[str, int]:
    from ..text import prose_units

    result = check_prose_text(file, text, ruleset)
    units = {u.path: u for u in prose_units(text)}
    fixes = []
    for f in result.findings:
        if f.fix is not None and f.path in units and f.start >= 0:
            base = units[f.path].start
            fixes.append((base + f.start, base + f.end, f.fix))
    return apply_fixes(text, fixes), len(fixes)


def fix_paths(paths: Iterable[str], cfg: Config, *, write: bool = False) -> list[FixResult]:
    from .. import store

    ruleset = load_ruleset(cfg)
    out = []
    for file in discover_checkable(list(paths), cfg):
        # --write reads, fixes and writes each file under its write lock: an edit saved by
        # another process meanwhile is fixed too, never written over
        with store.locked(file) if write else contextlib.nullcontext():
            text = store.read_text(file, max_size=cfg.max_file_size)
            if file.endswith((".yaml", ".yml")):
                new, count = fix_text_yaml(file, text, ruleset)
            else:
                new, count = fix_text_prose(file, text, ruleset)
            if write and new != text:
                store.save_atomic(file, new)
        out.append(FixResult(file, count, text, new))
    return out
