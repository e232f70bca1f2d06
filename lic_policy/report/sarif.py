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


def _uri(path: str, root: str) -> str:
    rel = os.path.relpath(os.path.abspath(path), root)
    if rel.startswith(".."):
        return "file://" + os.path.abspath(path)
    return rel.replace(os.sep, "/")


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
    root = os.path.abspath(root or os.getcwd())
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
        loc = {"physicalLocation": {"artifactLocation": {"uri": _uri(f.file, root), "uriBaseId": "%SRCROOT%"},
                                    "region": region}}
        if f.element:
            loc["logicalLocations"] = [{"name": f.element, "kind": "member",
                                        "fullyQualifiedName": f"{f.element}.{f.field}"}]
        fp = hashlib.sha256(f"{f.rule_id}|{f.element}|{f.field}|{f.match}|{(f.anchor or {}).get('quote', {}).get('prefix', '')}"
                            .encode()).hexdigest()[:32]
        result = {"ruleId": f.rule_id, "level": LEVEL[f.severity], "message": {"text": f.message},
                  "locations": [loc], "partialFingerprints": {"licPolicyAnchor/v1": fp}}
        if f.rule_id in index:
            result["ruleIndex"] = index[f.rule_id]
        if f.fix is not None:
            result["fixes"] = [{"description": {"text": f"Replace '{f.match}' with '{f.fix}'"},
                                "artifactChanges": [{"artifactLocation": {"uri": _uri(f.file, root),
                                                                          "uriBaseId": "%SRCROOT%"},
                                                     "replacements": [{"deletedRegion": {
                                                         "startLine": f.line, "startColumn": f.column,
                                                         "endLine": f.end_line, "endColumn": f.end_column},
                                                         "insertedContent": {"text": f.fix}}]}]}]
        results.append(result)
    driver_rules = [_rule_descriptor(r) for r in rules] + list(extra_rules.values())
    notifications = [{"level": "error", "message": {"text": r.error.one_line()},
                      "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(r.file, root),
                                                                               "uriBaseId": "%SRCROOT%"}}}]}
                     for r in report.results if r.error is not None]
    run = {
        "tool": {"driver": {"name": "lic-policy", "version": __version__, "semanticVersion": __version__,
                            "informationUri": "https://pypi.org/project/lic-policy/", "rules": driver_rules}},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": "file://" + root.rstrip("/") + "/"}},
        "invocations": [{"executionSuccessful": not notifications,
                         "toolExecutionNotifications": notifications}],
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2, ensure_ascii=False) + "\n"
