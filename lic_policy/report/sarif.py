"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Rules carry their help (rationale, suggestions, sources) so code scanning shows why a
finding matters; results carry regions, fingerprints and, where safe, fixes.
"""

from __future__ import annotations

import hashlib
import json
import os

from .. import __version__
from ..model.finding import Finding

LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _artifact(path: str, root: str) -> dict:
    """An artifactLocation: a percent-encoded URI relative to %SRCROOT% (the working folder),
    or, for a file outside it, an absolute ``file:`` URI with no ``uriBaseId`` (SARIF 3.4.3)."""
    from pathlib import Path
    from urllib.parse import quote

    full = os.path.abspath(path)
    rel = os.path.relpath(full, root)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep) or os.path.isabs(rel):
        return {"uri": Path(full).as_uri()}
    # fsencode: a name that is not UTF-8 is quoted as its bytes (%E9), not an internal error
    return {"uri": quote(os.fsencode(rel.replace(os.sep, "/")), safe="/"), "uriBaseId": "%SRCROOT%"}


def _root_uri(root: str) -> str:
    from pathlib import Path

    uri = Path(root).as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _rule_descriptor(rule) -> dict:
    help_md = [f"**{rule.title or rule.id}**", "", rule.rationale, ""]
    if rule.suggestions:
        help_md += ["Use instead: " + "; ".join(f"*{s}*" for s in rule.suggestions), ""]
    help_md += ["Sources:"] + [f"- [{s.title}]({s.url})" if s.url else f"- {s.title}" for s in rule.sources]
    d = {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.replace(".", "-").split("-")),
        "shortDescription": {"text": rule.title or rule.id},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": rule.rationale + ("\nUse instead: " + "; ".join(rule.suggestions) if rule.suggestions else "")
                 + "\nSources: " + "; ".join(s.title for s in rule.sources),
                 "markdown": "\n".join(help_md)},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"tags": ["lic-policy", rule.reviewer], "precision": "high",
                       "problem.severity": rule.severity},
    }
    if rule.sources and rule.sources[0].url:
        d["helpUri"] = rule.sources[0].url
    return d


def render(report, *, root: str | None = None, **_kw) -> str:
    from .plain import with_advice

    from .github import ci_root

    root = os.path.abspath(root or ci_root())
    rules = list(report.ruleset.rules)
    index = {r.id: i for i, r in enumerate(rules)}
    extra_rules: dict[str, dict] = {}
    results = []
    for f in sorted(report.findings, key=Finding.sort_key):
        if f.rule_id not in index and f.rule_id not in extra_rules:
            extra_rules[f.rule_id] = {"id": f.rule_id, "shortDescription": {"text": f.rule_id},
                                      "fullDescription": {"text": f.rationale or f.message},
                                      "help": {"text": f.rationale or f.message},
                                      "defaultConfiguration": {"level": LEVEL[f.severity]}}
        region = {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line,
                  "endColumn": max(f.end_column, f.column + 1) if f.end_line == f.line else f.end_column}
        if f.match:
            region["snippet"] = {"text": f.match}
        loc = {"physicalLocation": {"artifactLocation": _artifact(f.file, root), "region": region}}
        if f.element:
            loc["logicalLocations"] = [{"name": f.element, "kind": "member",
                                        "fullyQualifiedName": f"{f.element}.{f.field}"}]
        prefix = f.anchor.quote.prefix if f.anchor is not None and f.anchor.quote is not None else ""
        fp = hashlib.sha256(f"{f.rule_id}|{f.element}|{f.field}|{f.match}|{prefix}".encode()).hexdigest()[:32]
        result = {"ruleId": f.rule_id, "level": LEVEL[f.severity], "message": {"text": with_advice(f)},
                  "locations": [loc], "partialFingerprints": {"licPolicyAnchor/v1": fp}}
        if f.rule_id in index:
            result["ruleIndex"] = index[f.rule_id]
        if f.fix is not None:
            unsafe = "" if f.fix_safe else " (unsafe: read the sentence first; lic-policy fix --write --unsafe-fixes)"
            result["fixes"] = [{"description": {"text": f"Replace '{' '.join(f.match.split())}' with '{f.fix}'{unsafe}"},
                                "artifactChanges": [{"artifactLocation": _artifact(f.file, root),
                                                     "replacements": [{"deletedRegion": {
                                                         "startLine": f.line, "startColumn": f.column,
                                                         "endLine": f.end_line, "endColumn": f.end_column},
                                                         "insertedContent": {"text": f.fix}}]}]}]
        results.append(result)
    driver_rules = [_rule_descriptor(r) for r in rules] + list(extra_rules.values())
    notifications = [{"level": "error", "message": {"text": r.error.one_line()},
                      "locations": [{"physicalLocation": {"artifactLocation": _artifact(r.file, root)}}]}
                     for r in report.results if r.error is not None]
    run = {
        "tool": {"driver": {"name": "lic-policy", "version": __version__, "semanticVersion": __version__,
                            "informationUri": "https://pypi.org/project/lic-policy/", "rules": driver_rules}},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": _root_uri(root)}},
        "invocations": [{"executionSuccessful": not notifications,
                         "toolExecutionNotifications": notifications}],
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2, ensure_ascii=False) + "\n"
