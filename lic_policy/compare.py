"""Regional coherence: several guidelines of one region side by side (seed 002).

A city, its police service and its health authority each adopt a guideline; sex workers meet
all of them. ``compare`` shows which LIC key areas, protocols, services and involvement stages
each covers, where they contradict each other (one sends police first to a complaint, another
sends outreach first; one directory gives an organization a different phone number than
another), and what none of them covers.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from . import guideline_data as gd
from .checks.structure import INVOLVED_GROUPS, KEY_AREAS, LIC_TABLE, STAGE_ORDER

PROTOCOLS = {
    "violence-against-sex-workers": "violence against sex workers",
    "complaints": "concerns from residents and businesses",
    "youth-sexual-exploitation": "youth sexual exploitation",
    "trafficking": "trafficking",
    "enforcement-discretion": "enforcement discretion",
}
STAGE_MARKS = {"involved": "sex workers", "planned": "planned with sex workers", "without": "WITHOUT sex workers",
               "planned-without": "planned WITHOUT sex workers", "missing": "not recorded"}

_POLICE = re.compile(r"\b(?:police|patrol|officers?|RCMP|9-?1-?1|members?)\b", re.I)
_OUTREACH = re.compile(r"\b(?:outreach|peer\w*|sex-worker-led|community (?:service|worker)s?|social workers?|"
                       r"mobile)\b", re.I)
# A sentence that says who responds first ("a patrol officer attends first"), or where a
# matter is sent ("forwarded to police", "refer it to the outreach team").
_FIRST = re.compile(r"\bfirst\b|\bbefore any\b", re.I)
_ROUTE = re.compile(r"\bforwarded to\b|\breferred to\b|\brefer (?:it|the (?:concern|complaint|matter)) to\b|"
                    r"\bsent to\b", re.I)
_EMERGENCY = re.compile(r"immediate danger|in danger|emergenc|crime in progress|a crime is (?:happening|being)", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


@dataclass
class Entry:
    file: str
    key: str  # short column name
    id: str
    title: str
    jurisdiction: str
    kind: str
    status: str
    version: str
    data: dict = field(repr=False, default_factory=dict)


def _entry(path: str, data: dict, used: set) -> Entry:
    md = gd.mapping(data.get("metadata"))
    j = gd.mapping(md.get("jurisdiction"))
    key = str(j.get("kind") or md.get("id") or Path(path).stem)
    base, n = key, 2
    while key in used:
        key, n = f"{base}-{n}", n + 1
    used.add(key)
    return Entry(path, key, str(md.get("id") or Path(path).stem), str(md.get("title") or Path(path).stem),
                 str(j.get("name") or ""), str(j.get("kind") or ""), str(md.get("status") or ""),
                 gd.stated_version(data) or "", data)


def _name_versions(entries: list[Entry]) -> None:
    """Versions of one guideline are named by their version ("0.1.0", "0.2.0"), or by their file
    where the versions are the same: `municipality` and `municipality-2` told a drafter nothing."""
    by_id: dict[str, list[Entry]] = {}
    for e in entries:
        by_id.setdefault(e.id, []).append(e)
    for group in by_id.values():
        if len(group) < 2:
            continue
        names = [e.version for e in group]
        if any(not n for n in names) or len(set(names)) < len(names):
            names = [e.file for e in group]
        used: set = {e.key for e in entries if e not in group}
        for e, name in zip(group, names):
            key, n = name, 2
            while key in used:
                key, n = f"{name}-{n}", n + 1
            used.add(key)
            e.key = key


def first_response(section: dict) -> Optional[tuple[str, str, str]]:
    """Who a protocol sends first: ('police' | 'outreach', clause id, the sentence), from the
    first sentence that states an order or a routing, leaving out emergencies."""
    for c in gd.items(section.get("clauses")):
        c = gd.mapping(c)
        if c.get("kind") in ("quotation", "citation", "note"):
            continue
        for sentence in _SENTENCE.split(" ".join(str(c.get("text") or "").split())):
            if _EMERGENCY.search(sentence):
                continue
            route = _ROUTE.search(sentence)
            if route:  # the first responder named after "forwarded to", "refer it to", ...
                hits = _responders(sentence[route.end():], lambda m: m.start())
                if hits:
                    return min(hits)[1], str(c.get("id") or ""), sentence
            first = _FIRST.search(sentence)
            if first:  # the responder nearest to "first", before it if there is one
                at = first.start()
                hits = (_responders(sentence[:at], lambda m: at - m.end())
                        or _responders(sentence[first.end():], lambda m: m.start()))
                if hits:
                    return min(hits)[1], str(c.get("id") or ""), sentence
    return None


def _responders(text: str, distance) -> list[tuple[int, str]]:
    """(distance, 'police' | 'outreach') of every responder named in ``text``."""
    return ([(distance(m), "police") for m in _POLICE.finditer(text)]
            + [(distance(m), "outreach") for m in _OUTREACH.finditer(text)])


def _stage_state(data: dict, stage: str) -> str:
    for st in gd.items(gd.mapping(data.get("consultation")).get("stages")):
        st = gd.mapping(st)
        if st.get("stage") == stage:
            involved = bool(set(gd.strings(st.get("groups"))) & INVOLVED_GROUPS)
            if st.get("status") == "planned":
                return "planned" if involved else "planned-without"
            return "involved" if involved else "without"
    return "missing"


def compare(paths: list[str], docs: Optional[list[dict]] = None) -> dict:
    """The comparison as plain data (the JSON output)."""
    if docs is None:
        from . import store

        docs = [store.load(p, validate=False).data for p in paths]
    used: set = set()
    entries = [_entry(p, d if isinstance(d, dict) else {}, used) for p, d in zip(paths, docs)]
    _name_versions(entries)
    key_areas = _key_areas(entries)
    protocols = _protocols(entries)
    stages = {stage: {e.key: _stage_state(e.data, stage) for e in entries} for stage in STAGE_ORDER}
    services = _services(entries)
    committee = {group: {e.key: any(gd.mapping(s).get("category") == group for s in
                                    gd.items(gd.mapping(e.data.get("governance")).get("steering_committee"))) for e in entries}
                 for group in LIC_TABLE}
    return {
        "schema_version": 1,
        "guidelines": [{"key": e.key, "file": e.file, "id": e.id, "title": e.title, "jurisdiction": e.jurisdiction,
                        "kind": e.kind, "status": e.status, "version": e.version} for e in entries],
        "key_areas": key_areas,
        "protocols": protocols,
        "stages": stages,
        "services": services,
        "committee": committee,
        "contradictions": _first_response_contradictions(protocols) + _directory_contradictions(entries),
        "gaps": _gaps(key_areas, protocols, stages, services, committee),
    }


def _key_areas(entries: list[Entry]) -> dict[str, dict[str, list[str]]]:
    """Per LIC key area, per guideline: the ids of its principles and work-plan actions there."""
    key_areas: dict[str, dict[str, list[str]]] = {}
    for area in KEY_AREAS:
        row = {}
        for e in entries:
            ids = [str(p.get("id")) for p in map(gd.mapping, gd.items(e.data.get("principles"))) if area in gd.strings(p.get("key_areas"))]
            ids += [str(a.get("id")) for a in map(gd.mapping, gd.items(e.data.get("work_plan"))) if a.get("key_area") == area]
            row[e.key] = ids
        key_areas[area] = row
    return key_areas


def _protocols(entries: list[Entry]) -> dict[str, dict[str, Optional[dict]]]:
    """Per protocol, per guideline: its first section of that protocol and who it sends first
    (None when the guideline has no such protocol)."""
    protocols: dict[str, dict[str, Optional[dict]]] = {}
    for proto in PROTOCOLS:
        row: dict[str, Optional[dict]] = {}
        for e in entries:
            found = [s for _p, s in gd.protocols(e.data, proto)]
            if not found:
                row[e.key] = None
                continue
            fr = first_response(found[0])
            row[e.key] = {"section": str(found[0].get("id") or ""), "title": str(found[0].get("title") or ""),
                          "first_response": fr[0] if fr else None, "clause": fr[1] if fr else None,
                          "evidence": fr[2] if fr else None}
        protocols[proto] = row
    return protocols


def _services(entries: list[Entry]) -> dict[str, dict[str, list[str]]]:
    """Per region any guideline applies to (named as first written), per guideline: the
    organisations its services directory lists there."""
    regions: dict[str, str] = {}  # normalised name -> the name as first written
    for e in entries:
        for r in gd.strings(gd.mapping(e.data.get("scope")).get("applies_to")):
            regions.setdefault(gd.name_key(r), r)
    served = {e.key: [(str(s.get("organization") or s.get("id")), {gd.name_key(r) for r in gd.strings(s.get("regions"))})
                      for s in map(gd.mapping, gd.items(e.data.get("services")))] for e in entries}
    return {region: {e.key: [name for name, where in served[e.key] if key in where] for e in entries}
            for key, region in regions.items()}


def _first_response_contradictions(protocols: dict[str, dict[str, Optional[dict]]]) -> list[dict]:
    """A protocol whose guidelines send different responders first."""
    out = []
    for proto, row in protocols.items():
        stated = {k: v for k, v in row.items() if v and v["first_response"]}
        if len(set(v["first_response"] for v in stated.values())) > 1:
            out.append({
                "topic": f"first response: {PROTOCOLS[proto]}",
                "detail": "; ".join(f"{k} sends {v['first_response']} first ({v['clause']})" for k, v in stated.items()),
                "guidelines": {k: {"first_response": v["first_response"], "clause": v["clause"],
                                   "evidence": v["evidence"]} for k, v in stated.items()},
            })
    return out


def _directory_contradictions(entries: list[Entry]) -> list[dict]:
    """An organisation listed by two or more guidelines with a different phone, text line,
    email, website or hours."""
    orgs: dict[str, dict[str, dict]] = {}
    for e in entries:
        for s in map(gd.mapping, gd.items(e.data.get("services"))):
            if s.get("organization"):
                orgs.setdefault(gd.name_key(s["organization"]), {})[e.key] = s
    out = []
    for _name, by in sorted(orgs.items()):
        if len(by) < 2:
            continue
        for fld in ("phone", "text", "email", "website", "hours"):
            values = {k: (gd.mapping(s.get("contact")).get(fld) if fld != "hours" else s.get("hours")) for k, s in by.items()}
            values = {k: v for k, v in values.items() if v}
            if len({gd.name_key(v) for v in values.values()}) > 1:
                org = next(iter(by.values()))["organization"]
                out.append({
                    "topic": f"services directory: {org}",
                    "detail": f"{fld} differs: " + "; ".join(f"{k}: {v}" for k, v in values.items()),
                    "guidelines": {k: {fld: v} for k, v in values.items()},
                })
    return out


def _gaps(key_areas: dict, protocols: dict, stages: dict, services: dict, committee: dict) -> list[str]:
    """What no guideline covers: a key area, a protocol, a stage with sex workers involved, a
    service in a region, a steering-committee seat."""
    gaps = []
    for area, row in key_areas.items():
        if not any(row.values()):
            gaps.append(f"no guideline has a principle or action for the {KEY_AREAS[area]} key area")
    for proto, row in protocols.items():
        if not any(row.values()):
            gaps.append(f"no guideline has a protocol for {PROTOCOLS[proto]}")
    for stage, row in stages.items():
        if not any(v in ("involved", "planned") for v in row.values()):
            gaps.append(f"no guideline involves sex workers in the {stage} stage")
    for region, row in services.items():
        if not any(row.values()):
            gaps.append(f"no guideline lists a service in {region}")
    for group, row in committee.items():
        if not any(row.values()):
            gaps.append(f"no steering committee has a seat for {LIC_TABLE[group]}")
    return gaps


# ---------------------------------------------------------------------------- rendering


def _rows(result: dict) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """(group title, [(row label, [cell per guideline])]) — shared by the text and HTML tables."""
    keys = [g["key"] for g in result["guidelines"]]
    groups = []
    groups.append(("LIC key areas", [(KEY_AREAS[a], [", ".join(row[k]) if row[k] else "—" for k in keys])
                                     for a, row in result["key_areas"].items()]))
    prow = []
    for proto, row in result["protocols"].items():
        cells = []
        for k in keys:
            v = row[k]
            if not v:
                cells.append("—")
            else:
                cells.append(v["section"] + (f" ({v['first_response']} first)" if v["first_response"] else ""))
        prow.append((PROTOCOLS[proto], cells))
    groups.append(("Protocols", prow))
    groups.append(("Sex workers at each stage", [(stage, [STAGE_MARKS[row[k]] for k in keys])
                                                 for stage, row in result["stages"].items()]))
    groups.append(("Services by region", [(region, [str(len(row[k])) if row[k] else "none" for k in keys])
                                          for region, row in result["services"].items()]))
    groups.append(("Steering committee", [(LIC_TABLE[g], ["yes" if row[k] else "—" for k in keys])
                                          for g, row in result["committee"].items()]))
    return groups


def _bad(cell: str) -> bool:
    """A cell that shows a gap: a stage without sex workers, nothing recorded, no service."""
    return "WITHOUT" in cell or cell in ("—", "none", "not recorded")


def render_text(result: dict, *, color: bool = False) -> str:
    keys = [g["key"] for g in result["guidelines"]]
    out = ["Guidelines compared:"]
    for g in result["guidelines"]:
        out.append(f"  {g['key']}: {g['title']} ({g['jurisdiction'] or g['id']}, {g['status']} {g['version']}) — {g['file']}")
    groups = _rows(result)
    label_w = max(len(lbl) for _t, rows in groups for lbl, _c in rows) + 4
    widths = [max([len(k)] + [len(r[1][i]) for _t, rows in groups for r in rows]) for i, k in enumerate(keys)]
    widths = [min(w, 40) for w in widths]

    def cut(s: str, w: int) -> str:
        return s if len(s) <= w else s[:w - 1] + "…"

    def paint(s: str, raw: str) -> str:
        if not color:
            return s
        if _bad(raw):
            return f"\x1b[31m{s}\x1b[0m"
        return s

    for title, rows in groups:
        out.append("")
        out.append(f"{title:<{label_w}}" + "  ".join(f"{k:<{w}}" for k, w in zip(keys, widths)))
        for lbl, cells in rows:
            out.append(f"  {lbl:<{label_w - 2}}" + "  ".join(paint(f"{cut(c, w):<{w}}", c) for c, w in zip(cells, widths)))
    out.append("")
    out.append(f"Contradictions ({len(result['contradictions'])}):")
    for c in result["contradictions"]:
        out.append(f"  - {c['topic']}: {c['detail']}")
    if not result["contradictions"]:
        out.append("  none found")
    out.append(f"Not covered by any of them ({len(result['gaps'])}):")
    for g in result["gaps"]:
        out.append(f"  - {g}")
    if not result["gaps"]:
        out.append("  nothing: together they cover every key area, protocol, stage, region and LIC group")
    return "\n".join(out) + "\n"


def render_json(result: dict) -> str:
    return json.dumps(result, indent=2, ensure_ascii=False) + "\n"


_CSS = """body{font-family:system-ui,sans-serif;margin:1.5rem;line-height:1.4;color:#1a1a1a}
table{border-collapse:collapse;margin:0 0 1.5rem;width:100%}th,td{border:1px solid #ccc;padding:.35rem .5rem;
text-align:left;vertical-align:top}thead th{background:#f0f0f0}tbody th{font-weight:normal}
tr.group th{background:#e8eef7;font-weight:bold}.bad{color:#a40000;font-weight:bold}
@media (max-width:40rem){table{font-size:.85rem}}"""


def render_html(result: dict) -> str:
    e = html.escape
    keys = [g["key"] for g in result["guidelines"]]
    parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             "<title>Regional comparison of sex work response guidelines</title>", f"<style>{_CSS}</style>",
             "</head>", "<body>", "<main>", "<h1>Regional comparison of sex work response guidelines</h1>",
             "<h2>Guidelines</h2>", "<ul>"]
    for g in result["guidelines"]:
        parts.append(f"<li><strong>{e(g['key'])}</strong>: {e(g['title'])} ({e(g['jurisdiction'] or g['id'])}, "
                     f"{e(g['status'])} {e(g['version'])})</li>")
    parts += ["</ul>", "<h2>Side by side</h2>", "<table>", "<thead><tr><th scope=\"col\">Topic</th>"]
    parts += [f'<th scope="col">{e(k)}</th>' for k in keys]
    parts.append("</tr></thead><tbody>")
    for title, rows in _rows(result):
        parts.append(f'<tr class="group"><th colspan="{len(keys) + 1}" scope="rowgroup">{e(title)}</th></tr>')
        for lbl, cells in rows:
            tds = "".join(f'<td class="bad">{e(c)}</td>' if _bad(c)
                          else f"<td>{e(c)}</td>" for c in cells)
            parts.append(f'<tr><th scope="row">{e(lbl)}</th>{tds}</tr>')
    parts += ["</tbody></table>", f"<h2>Contradictions ({len(result['contradictions'])})</h2>", "<ul>"]
    for c in result["contradictions"]:
        parts.append(f"<li><strong>{e(c['topic'])}</strong>: {e(c['detail'])}</li>")
    if not result["contradictions"]:
        parts.append("<li>None found.</li>")
    parts += ["</ul>", f"<h2>Not covered by any of them ({len(result['gaps'])})</h2>", "<ul>"]
    parts += [f"<li>{e(g)}</li>" for g in result["gaps"]] or ["<li>Nothing.</li>"]
    parts += ["</ul>", "</main>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"
