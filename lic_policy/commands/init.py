"""`lic-policy init`"""

from __future__ import annotations

import os

import click


def _choose_many(prompt: str, options: list[tuple], interactive: bool) -> list[str]:
    keys = [o[0] for o in options]
    if not interactive:
        return keys
    click.echo(prompt)
    for i, o in enumerate(options, 1):
        click.echo(f"  {i:2}. {o[1]}")
    raw = click.prompt("Numbers separated by commas, or 'all'", default="all")
    if raw.strip().lower() == "all":
        return keys
    chosen = []
    for part in raw.split(","):
        part = part.strip()
        if part.isdigit() and 1 <= int(part) <= len(keys):
            chosen.append(keys[int(part) - 1])
        elif part:
            from ..errors import UsageError

            raise UsageError(f"'{part}' is not one of the numbers shown", hint=f"pick from 1 to {len(keys)}")
    return chosen


@click.command()
@click.argument("path", type=click.Path(dir_okay=False), default="guideline.yaml")
@click.option("--no-input", is_flag=True, help="Do not ask; use the defaults (all stakeholders, outcomes, actions).")
@click.option("--title", default=None, help="Guideline title.")
@click.option("--jurisdiction", default=None, help="Jurisdiction name, e.g. 'City of Cedar Harbour'.")
@click.option("--kind", type=click.Choice(["municipality", "regional-district", "province", "police-service",
                                            "health-authority", "service-provider"]), default=None)
@click.option("--schema", "schema_ref", default=None,
              help="Path or URL of guideline.schema.json for the editor line (default: written next to the file).")
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def init(path, no_input, title, jurisdiction, kind, schema_ref, force):
    """Start a new guideline by walking the Living in Community adaptation steps.

    1 current reality (areas, stakeholder map, experiential representation) ·
    2 intended outcomes · 3 steering committee · 4 priority actions · 5 work plan.
    """
    from ..errors import UsageError
    from ..resources import schema_path
    from ..scaffold import ACTIONS, KINDS, OUTCOMES, SELECTION, STAKEHOLDERS, Answers, build_guideline, render
    from ..store import locked, save_atomic

    if os.path.exists(path) and not force:
        raise UsageError(f"{path} already exists", hint="choose another path or pass --force to overwrite it")
    interactive = not no_input
    a = Answers()
    ask = (lambda text, default: click.prompt(text, default=default)) if interactive else (lambda _t, d: d)
    if interactive:
        click.echo("Step 1 · Start with current reality")
    a.title = title or ask("Guideline title", a.title)
    a.jurisdiction = jurisdiction or ask("Jurisdiction (city, police service, health authority...)", a.jurisdiction)
    if kind:
        a.kind = kind
    elif interactive:
        a.kind = click.prompt("Kind of jurisdiction", type=click.Choice(KINDS), default=a.kind)
    a.region = ask("Province or region (optional)", "") or None
    langs = ask("Languages the guideline is published in (comma separated tags)", "en")
    a.languages = [x.strip() for x in langs.split(",") if x.strip()] or ["en"]
    areas = ask("Areas or neighbourhoods it applies to (comma separated)", "Citywide")
    a.areas = [x.strip() for x in areas.split(",") if x.strip()] or ["Citywide"]
    a.owner_role = ask("Owner (a role, not a person)", a.owner_role)
    a.stakeholders = _choose_many("Map the stakeholders who will sit at the table:", STAKEHOLDERS, interactive)
    if interactive:
        click.echo("Ensure experiential representation: how are sex workers' representatives chosen?")
        for i, (_k, text) in enumerate(SELECTION, 1):
            click.echo(f"  {i}. {text}")
        n = click.prompt("Number", type=click.IntRange(1, len(SELECTION)), default=1)
        a.selection = SELECTION[n - 1][0]
        click.echo("Step 2 · Clarify intended outcomes")
    a.outcomes = _choose_many("Which outcomes does your community want to focus on?",
                              [(k, t) for k, t, _ in OUTCOMES], interactive)
    if interactive:
        click.echo("Step 3 · Create a steering committee (seats per stakeholder group)")
        for key in a.stakeholders:
            default = 2 if key in ("current-sex-workers", "former-sex-workers") else 1
            a.seats[key] = click.prompt(f"  seats for {key}", type=click.IntRange(1, 50), default=default)
        click.echo("Step 4 · Adapt the model: priority actions")
    a.actions = _choose_many("Which actions will you prioritise?", [(k, t) for k, t, _ in ACTIONS], interactive)
    if interactive:
        click.echo("Step 5 · Develop a work plan: the actions above become work-plan entries to schedule.")
    if schema_ref is None:
        folder = os.path.dirname(os.path.abspath(path))
        local = os.path.join(folder, "schemas", "guideline.schema.json")
        if not os.path.exists(local):
            os.makedirs(os.path.dirname(local), exist_ok=True)
            with open(schema_path(), encoding="utf-8") as fh:
                save_atomic(local, fh.read())
        schema_ref = "schemas/guideline.schema.json"
    guideline = build_guideline(a)
    with locked(path):  # --force may replace a guideline another writer has open
        save_atomic(path, render(guideline, schema_ref))
    click.echo(f"wrote {path}: {guideline.metadata.title} ({guideline.metadata.jurisdiction.name}), status draft")
    click.echo(f"next: edit it, then run `lic-policy validate {path}`")
