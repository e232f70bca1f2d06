"""`lic-policy import DOCUMENT`: an existing guideline document → structured guideline YAML."""

from __future__ import annotations

import click

from ..errors import one_line_text, shell_word

KINDS = ["municipality", "regional-district", "province", "police-service", "health-authority", "transit-authority",
         "service-provider"]


@click.command("import")
@click.argument("document", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write here (default: the document's name with .yaml, beside it).")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option("--jurisdiction", default=None, help="Who the guideline is for, e.g. 'City of Cedar Harbour'.")
@click.option("--kind", type=click.Choice(KINDS), default=None,
              help="Kind of jurisdiction (default: from a title such as 'Regional District of …', else municipality).")
@click.option("--owner-role", default=None, help="The role that owns the guideline (a role, never a person).")
@click.option("--language", default=None, help="Language tag of the document (default: from the document, or en).")
@click.option("--id", "guideline_id", default=None, help="metadata.id (default: slugged from the title).")
def import_(document, output, force, jurisdiction, kind, owner_role, language, guideline_id):
    """Turn an existing guideline (.docx, .odt, .md, .html) into a guideline YAML (status draft).

    Headings become sections (their numbers dropped), paragraphs and list items become
    clauses with ids such as section-slug.1; Purpose, Scope, Definitions (a list, a definition
    list or a table) and Priorities headings fill those parts. What has no place (images,
    footnotes, tables outside the definitions, comments) is reported and kept as to-do items;
    tracked changes still in the file are accepted, and listed. Only text is kept.
    """
    from ..importdoc import import_document

    out, rep, _text = import_document(document, output, force=force, jurisdiction=jurisdiction, kind=kind,
                                      owner_role=owner_role, language=language, guideline_id=guideline_id)
    def n(count: int, one: str, many: str) -> str:
        return f"{count} {one if count == 1 else many}"

    click.echo(f"wrote {one_line_text(str(out))}: “{rep.title}”, {n(rep.sections, 'section', 'sections')}, "
               f"{n(rep.clauses, 'clause', 'clauses')}, {n(rep.definitions, 'definition', 'definitions')}"
               + (f", {n(rep.principles, 'principle', 'principles')}" if rep.principles else "")
               + (f", {n(rep.priorities, 'priority', 'priorities')}" if rep.priorities else "") + ", status draft")
    for line in rep.recognized:
        click.echo(f"recognized: {line}")
    for line in rep.accepted:
        click.echo(f"accepted: {line}")
    for line in rep.unplaced:
        why = (" (guidelines hold text only: see the to-do item)" if line.startswith("an image") else
               " (guidelines have no footnotes: see the to-do item)" if line.startswith("a footnote") else
               " (guidelines have no endnotes: see the to-do item)" if line.startswith("an endnote") else "")
        click.echo(f"could not place: {line}{why}")
    for line in rep.left_out:
        click.echo(f"left out: {line}")
    for line in rep.missing:
        click.echo(f"not in the document: {line}")
    todo = len(rep.model.todo)
    click.echo(f"next: compare it with the original, then run `lic-policy check {shell_word(out)}`"
               + (f"; its {n(todo, 'to-do item', 'to-do items')} (under todo:) {'says' if todo == 1 else 'say'} what is left to do"
                  if todo else ""))
