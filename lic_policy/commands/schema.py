"""`lic-policy schema`"""

from __future__ import annotations

import os

import click


@click.command()
@click.option("--write", "out_dir", type=click.Path(), default=None,
              help="Write every schema as NAME.schema.json into this folder instead of printing.")
@click.option("--name", default="guideline", show_default=True, help="Which schema to print (guideline, review).")
@click.option("--check", "check_dir", type=click.Path(), default=None,
              help="Exit 1 when the schema files in this folder are stale.")
def schema(out_dir, name, check_dir):
    """Print or write the JSON Schema generated from the models.

    Editors that speak the YAML language server autocomplete and check a guideline whose
    first line is `# yaml-language-server: $schema=PATH/guideline.schema.json`.
    """
    from ..errors import UsageError, one_line_text, shell_word
    from ..schema import all_schemas, render
    from ..store import save_atomic

    for option, given in (("--check", check_dir), ("--write", out_dir)):
        if given and os.path.isfile(given):
            # `schema --check g.yaml`, read as "check this guideline against the schema": click
            # said only "Directory 'g.yaml' is a file."
            raise UsageError(f"{option} takes the folder the schema files are in (e.g. schemas), and {given} is a "
                             "file", hint=f"to check a guideline against the schema, run `lic-policy validate "
                                          f"{shell_word(given)}`")
    schemas = all_schemas()
    if check_dir:
        stale = []
        for key, sch in schemas.items():
            path = os.path.join(check_dir, f"{key}.schema.json")
            want = render(sch).encode("utf-8")
            if _schema_bytes(path, len(want), check_dir) != want:
                stale.append(path)
        for path in stale:
            click.echo(one_line_text(f"{path}: stale or missing (run `lic-policy schema --write "
                                     f"{shell_word(check_dir)}`)"))
        raise SystemExit(1 if stale else 0)
    if out_dir:
        from ..store import refuse_windows_output

        refuse_windows_output(out_dir, "--write")  # before the folder is made ('C:\\schemas' was, empty)
        try:
            os.makedirs(out_dir, exist_ok=True)
        except OSError as exc:
            from ..errors import OutputError

            raise OutputError(f"cannot create the folder: {exc.strerror or exc}", file=out_dir,
                              hint="give a folder that exists or can be made, e.g. schemas") from None
        paths = {key: os.path.join(out_dir, f"{key}.schema.json") for key in schemas}
        for path in paths.values():
            _refuse_a_link_out_of(out_dir, path)
        for key, sch in schemas.items():
            path = paths[key]
            save_atomic(path, render(sch))
            click.echo(one_line_text(f"wrote {path}"))
        return
    if name not in schemas:
        raise UsageError(f"unknown schema '{name}'", hint="choose one of: " + ", ".join(schemas))
    click.echo(render(schemas[name]), nl=False)


def _schema_bytes(path: str, size: int, folder: str) -> "bytes | None":
    """The bytes of the schema file at ``path`` when it can be the schema (a regular file of
    ``size`` bytes), else None (missing, a folder, another size: stale). A named pipe or a
    device in its place is refused in one line: reading one waited for ever (a pipe) or without
    end (a link to /dev/zero grew to 11 GB in 20 s) (hostile30)."""
    import stat as _stat

    from ..errors import InputError, shell_word

    try:
        # without waiting: a named pipe opens at once (and is refused below)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError:  # missing, a dangling link or a loop of links, a socket, unreadable
        return None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        if _stat.S_ISDIR(st.st_mode):
            return None
        if not _stat.S_ISREG(st.st_mode):
            kind = "a named pipe" if _stat.S_ISFIFO(st.st_mode) else "a device" if (
                _stat.S_ISCHR(st.st_mode) or _stat.S_ISBLK(st.st_mode)) else "not a file"
            raise InputError(f"not a regular file ({kind}), where the schema file goes", file=path,
                             hint=f"remove it: `lic-policy schema --write {shell_word(folder)}` writes the schema "
                                  "in its place")
        if st.st_size != size:
            return None
        try:
            return fh.read(size + 1)
        except OSError:
            return None


def _refuse_a_link_out_of(folder: str, path: str) -> None:
    """Refuse, before anything is written, a schema file that is a symbolic link leading out of
    ``folder``: a repository can hold links (``schemas/guideline.schema.json -> ~/.bashrc``),
    and `schema --write schemas` replaced the file outside with the JSON Schema."""
    if not os.path.islink(path):
        return
    from ..errors import OutputError

    target, inside = os.path.realpath(path), os.path.realpath(folder)
    if os.path.commonpath([target, inside]) != inside:
        raise OutputError(f"is a symbolic link to {target}, outside the folder: nothing was written", file=path,
                          hint="remove the link (lic-policy writes the schema in its place), or write the schemas "
                               "into another folder")
