"""GitHub Actions workflow commands: one annotation per finding."""

from __future__ import annotations

import functools
import os
from typing import Iterator

from ..errors import CONTROL_PICTURES
from ..model.finding import Finding

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


# control characters but CR and LF (which the workflow command escapes, and GitHub unescapes),
# direction overrides and isolates → visible symbols, as in the text report: a file name holding
# ESC [31m turned the rest of the log red, one holding U+202E read backwards
_SHOWN = {c: p for c, p in CONTROL_PICTURES.items() if c not in (10, 13)}


def _data(text: str) -> str:
    return text.translate(_SHOWN).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


CI_ROOTS = ("GITHUB_WORKSPACE", "CI_PROJECT_DIR")
"""Where GitHub Actions and GitLab CI check the repository out: the root they read a report's
paths from."""


def ci_root() -> str:
    """The folder a CI report's paths are written from: the checkout GitHub Actions
    (``GITHUB_WORKSPACE``) or GitLab CI (``CI_PROJECT_DIR``) names, when the working folder is
    inside it — a job whose steps run in a subfolder (``working-directory: policy``) wrote
    ``draft.md`` for ``policy/draft.md``, which GitHub and GitLab looked for at the root and never
    found — else the working folder."""
    return _ci_root(os.getcwd(), tuple(os.environ.get(var, "") for var in CI_ROOTS))


@functools.lru_cache(maxsize=8)
def _ci_root(cwd: str, tops: tuple) -> str:  # once per run, not once per finding
    real = os.path.realpath(cwd)
    for top in tops:
        if top and os.path.isabs(top):
            rtop = os.path.realpath(top)
            if real == rtop or real.startswith(rtop.rstrip(os.sep) + os.sep):
                # the checkout as the working folder spells it (a link to it stays a link)
                return os.path.normpath(os.path.join(cwd, os.path.relpath(rtop, real)))
    return cwd


def repo_path(file: str, root: "str | None" = None) -> str:
    """``file`` as the repository names it: GitHub places an annotation by that path, and left
    one on `./notes.md` or `/home/runner/work/repo/repo/notes.md` off the pull request's changed
    files (`lic-policy check --format github` with no path, `.`, or `$GITHUB_WORKSPACE/…`), and
    one on `draft.md` when the job ran in the folder `policy` (``ci_root``)."""
    root = root or ci_root()
    rel = os.path.relpath(os.path.abspath(file), root)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        # outside the repository: as given (absolute, or relative to the working folder)
        return file if os.path.isabs(file) else os.path.normpath(file).replace(os.sep, "/")
    return rel.replace(os.sep, "/")


def error_line(e) -> str:
    """An error annotation for a ``LicPolicyError`` (a file that cannot be read, a broken
    configuration): on its file when it has one, else on the run."""
    file = repo_path(e.file) if e.file else e.file
    loc = ((f" file={_prop(file)}" + (f",line={e.line}" if e.line else "") + (f",col={e.column}" if e.column else "")
            + ",") if file else " ")
    return f"::error{loc}title=lic-policy::{_data(e.message + (' (' + e.hint + ')' if e.hint else ''))}\n"


# GitHub turns at most 10 error, 10 warning and 10 notice commands of a step into annotations
# (actions/toolkit, docs/problem-matchers.md, "Limitations"); the rest are dropped without a word
ANNOTATIONS_PER_KIND = 10


def stream(report, fail_on: str = "error", **_kw) -> Iterator[str]:
    """One line per file that could not be checked, then one per finding, then a plain line
    for the log (annotation lines do not show there as they are written): the counts, why the
    exit code is what it is, and whether GitHub dropped annotations."""
    for r in report.results:
        if r.error is not None:
            yield error_line(r.error)
    from .plain import with_advice

    for f in sorted(report.findings, key=Finding.sort_key):
        msg = with_advice(f)  # no caret under the line on a pull request: the words quoted, said plainly
        props = (f"file={_prop(repo_path(f.file))},line={f.line},col={f.column},endLine={f.end_line},"
                 f"endColumn={f.end_column},title={_prop(f.rule_id)}")
        yield f"::{LEVEL[f.severity]} {props}::{_data(msg)}\n"
    summarised, why_not = step_summary(report)
    if why_not:
        yield f"::warning title=lic-policy::{_data(why_not)}\n"
    yield summary_line(report, fail_on or "error", summarised=summarised) + "\n"


STEP_SUMMARY_LIMIT = 1000 * 1024
"""Bytes of the job summary written at most: GitHub takes up to 1 MiB a step."""


def _cell(text: str) -> str:
    """``text`` as one cell of a Markdown table: no line breaks, no `|`, no HTML."""
    from .text import printable

    text = printable(" ".join(str(text).split()))
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _summary_target(path: str, report) -> tuple[int | None, str]:
    """``path`` opened to append the job summary to, or why it is not written to. GitHub names
    a regular file of its own; a variable typed by hand or left exported can name anything:
    the summary was appended to the guideline just checked (or another guideline, a review
    file, pyproject.toml), and a named pipe no program read made the check wait for good."""
    import stat

    name = os.path.basename(path.rstrip("/" + os.sep)) or path
    why = f"the job summary was not written: GITHUB_STEP_SUMMARY names {name}"
    # one wording, whichever way it shows (the open refused, or what was opened is no file)
    not_regular = f"{why}, which is not a regular file (GitHub Actions sets it to a file of its own)"
    lowered = name.lower()
    if lowered.endswith((".yaml", ".yml")) or lowered == "pyproject.toml":
        return None, (f"{why}, a guideline, review or configuration file (GitHub Actions sets it to a file of its "
                      "own: leave it unset)")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_CLOEXEC", 0), 0o644)
    except OSError as exc:
        if os.path.exists(path) and not os.path.isfile(path):
            return None, not_regular
        return None, f"{why}, which cannot be written ({exc.strerror or exc})"
    st = os.fstat(fd)
    checked = set()
    for r in report.results:
        try:
            fst = os.stat(r.file)
        except (OSError, TypeError, ValueError):
            continue
        checked.add((fst.st_dev, fst.st_ino))
    problem = ""
    if not stat.S_ISREG(st.st_mode):
        problem = not_regular
    elif (st.st_dev, st.st_ino) in checked:
        problem = f"{why}, a file this check read (GitHub Actions sets it to a file of its own: leave it unset)"
    if problem:
        os.close(fd)
        return None, problem
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return fd, ""


def step_summary(report) -> tuple[bool, str]:
    """In GitHub Actions (``GITHUB_STEP_SUMMARY`` names a file), every finding appended to the
    job's summary page as a table, in the annotations' plain words: GitHub turns only 10 of
    each kind into annotations. Whether it was written, and why not when it names a file it
    must not be written to ("" otherwise)."""
    from .plain import with_advice
    from .text import summary_text

    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path or not (report.findings or any(r.error is not None for r in report.results)):
        return False, ""
    out = [f"### lic-policy: {_cell(summary_text(report).replace(' (see above)', ''))}", ""]
    errors = [r.error for r in report.results if r.error is not None]
    for e in errors:
        out.append(f"- **{_cell(e.one_line())}**")
    if errors:
        out.append("")
    findings = sorted(report.findings, key=Finding.sort_key)
    if findings:
        out += ["| Where | Severity | Rule | What it found, and what to do |", "|---|---|---|---|"]
    size = sum(len(x.encode("utf-8")) + 1 for x in out)
    for i, f in enumerate(findings):
        row = (f"| {_cell(repo_path(f.file))}:{f.line}:{f.column} | {f.severity} | {_cell(f.rule_id)} | "
               f"{_cell(with_advice(f))} |")
        if size + len(row.encode("utf-8")) > STEP_SUMMARY_LIMIT:
            out.append("")
            out.append(f"… and {len(findings) - i} more: run `lic-policy check` on the same paths to list them.")
            break
        out.append(row)
        size += len(row.encode("utf-8")) + 1
    fd, why_not = _summary_target(path, report)
    if fd is None:
        return False, why_not
    try:
        with open(fd, "a", encoding="utf-8") as fh:
            fh.write("\n".join(out) + "\n\n")
    except OSError:
        return False, ""
    return True, ""


def summary_line(report, fail_on: str, *, summarised: bool = False) -> str:
    from .text import summary_text

    code = report.exit_code(fail_on)
    # where the threshold was set: the option, or the configuration file a workflow does not show
    where = getattr(report, "fail_on_from", None)
    threshold = f"fail_on = {fail_on} ({where})" if where else f"--fail-on {fail_on}"
    line = f"lic-policy: {summary_text(report).replace(' (see above)', ' (see the errors above)')}. "
    if code == 2:
        line += "exit 2: a file could not be read or parsed, so it was not checked."
    elif fail_on == "none":
        line += "exit 0: --fail-on none."
    elif code == 1:
        from ..model.finding import fails_at

        n = sum(1 for f in report.findings if fails_at(f.severity, fail_on))
        line += f"exit 1: {n:,} finding{'s' if n != 1 else ''} at or above {threshold}."
    else:
        line += f"exit 0: nothing at or above {threshold}."
    c = report.counts()
    if any(n > ANNOTATIONS_PER_KIND for n in c.values()):
        line += (f" GitHub shows only {ANNOTATIONS_PER_KIND} annotations of each kind per step: "
                 + ("every finding is listed in the job summary (the run's Summary page)." if summarised else
                    "run `lic-policy check` on the same paths without --format to list every finding, "
                    "or upload --format sarif."))
    return line


def render(report, **kw) -> str:
    return "".join(stream(report, **kw))
