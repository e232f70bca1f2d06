"""Project configuration: ``.lic-policy.yaml`` or ``[tool.lic-policy]`` in ``pyproject.toml``.

Looked up from the current folder upwards; the first file found wins. Keys::

    max_file_size: 10485760       # bytes; larger files are refused
    fail_on: error                # error | warning | info | none
    rules:                        # enable / disable / change severity by rule id
      disable: [term.consensual-sex-work]
      enable: []
      severity: {framing.nuisance: error}
    packs: [policy/our-rules.yaml]  # extra rule packs, paths relative to the config file
    ignore: ["archive/**"]        # glob patterns of paths not to check
    min_sex_worker_share: 0.3     # share of decision seats held by sex workers
    cache: true                   # content-hash cache for `check` (.lic-policy-cache/)
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from . import lazy_re
from .errors import ConfigError

KNOWN_KEYS = {
    "max_file_size", "fail_on", "rules", "packs", "ignore", "min_sex_worker_share", "cache",
}
RULES_KEYS = {"enable", "disable", "severity"}
FAIL_ON = ("error", "warning", "info", "none")


@dataclass
class Config:
    path: Optional[Path] = None
    max_file_size: int = 10 * 1024 * 1024
    fail_on: str = "error"
    fail_on_set: bool = False  # the file sets fail_on (the CI summary names it there, even as "error")
    unread: Optional[Path] = None  # a pyproject.toml with a [tool.lic-policy] table beside the .lic-policy.yaml read
    enable: list[str] = field(default_factory=list)
    disable: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    packs: list[Path] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    min_sex_worker_share: float = 0.3
    cache: bool = True
    validate: bool = True  # `check` reports a guideline's validation problems too (--no-validate: not)
    extra: dict[str, Any] = field(default_factory=dict)
    places: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Where each rule id in rules.enable/disable/severity is written (line, column; 1-based),
    so a rule id the packs do not know is reported at its place."""
    pack_entries: dict[str, tuple[str, Optional[int], Optional[int]]] = field(default_factory=dict)
    """Each pack of ``packs`` (its resolved path) as written in the file and where (line, column;
    1-based, None where unknown), so a pack that is missing is reported at its entry."""

    def place_of(self, rule_id: str) -> tuple[Optional[int], Optional[int]]:
        return self.places.get(rule_id, (None, None))

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()


def _fail(path: Path, message: str, hint: str = "", span: Any = None, *, key: bool = False) -> ConfigError:
    """A configuration error at ``span`` (a ``yamlread.Span``: the value, or with ``key`` its
    key), when the file has places (.lic-policy.yaml; tomllib gives none)."""
    line = column = None
    if span is not None:
        line, column = (span.key_line, span.key_col) if key and span.key_line >= 0 else (span.line, span.col)
        line, column = line + 1, column + 1
    if hint and path.suffix.lower() == ".toml":
        hint = _as_toml(hint)
    return ConfigError(message, file=str(path), line=line, column=column,
                       hint=hint or "see the Configuration section of the README")


def _as_toml(hint: str) -> str:
    """A hint's example written as TOML, for a ``pyproject.toml`` (ux25: `e.g. packs:
    [policy/our-rules.yaml]`, pasted there, was "cannot parse pyproject.toml")."""
    import re

    hint = hint.replace("rules: disable: [", "rules.disable = [")
    hint = re.sub(r"\b(\w+): (?=[\[\d\"])", r"\1 = ", hint)
    return re.sub(r"((?:e\.g\.|write|=) )\[([^\]\"]*)\]",
                  lambda m: m.group(1) + "[" + ", ".join(f'"{w.strip()}"' for w in m.group(2).split(",") if w.strip())
                  + "]", hint)


def _as_written(value: Any) -> str:
    """A configuration value as its writer wrote it, for a message: a text quoted, a date as
    2026-01-01 (not ``datetime.date(2026, 1, 1)``), true/false, a number, a list or mapping
    by what it is."""
    import datetime

    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "an empty value"
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return f"{value.isoformat()} (a date)" if not isinstance(value, datetime.time) else f"{value} (a time)"
    if isinstance(value, (int, float)):
        return str(value)
    return "a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict) else repr(value)


def _texts(value: Any) -> bool:
    """A list of plain texts (not null, a number, a date, a list or a mapping)."""
    return isinstance(value, list) and all(isinstance(x, str) for x in value)


def _first_not_text(value: list) -> int:
    return next((i for i, x in enumerate(value) if not isinstance(x, str)), 0)


def _never_matches(pattern: str) -> str:
    """Why an ``ignore`` glob can match no path (empty when it can): a user who writes one
    believes files are left out that are not."""
    import fnmatch

    if not pattern.strip():
        return "it is empty"
    if "\0" in pattern:
        return "it holds a NUL character, which no file name can"
    if "(?!)" in fnmatch.translate(pattern):  # a range such as [z-a] holds no character
        return "a [...] range in it holds no character (is it written backwards?)"
    return ""


def _read_rules(cfg: Config, value: Any, fail: Any, pos: dict) -> None:
    """The ``rules:`` mapping (enable, disable, severity) into ``cfg``, with the place of each
    rule id in the file (``cfg.places``) for the checks engine's messages about unknown ids."""
    if not isinstance(value, dict):
        raise fail("rules must be a mapping with enable, disable and severity", "", ("rules",))
    for rk, rv in value.items():
        if rk not in RULES_KEYS:
            raise fail(f"unknown key 'rules.{rk}'", "use enable, disable or severity", ("rules", rk), key=True)
    for rk in ("enable", "disable"):
        ids = value.get(rk)
        if ids is not None and not _texts(ids):  # a string would be read letter by letter
            at = ("rules", rk, _first_not_text(ids)) if isinstance(ids, list) else ("rules", rk)
            raise fail(f"rules.{rk} must be a list of rule ids",
                       f"write [{ids}]" if isinstance(ids, str) else "e.g. [term.consensual-sex-work]", at)
    cfg.enable = list(value.get("enable") or [])
    cfg.disable = list(value.get("disable") or [])
    sev = value.get("severity") or {}
    if not isinstance(sev, dict):
        raise fail("rules.severity must map rule ids to error, warning or info", "", ("rules", "severity"))
    for rid, level in sev.items():
        if not isinstance(level, str) or level not in ("error", "warning", "info"):
            raise fail(f"severity of '{rid}' must be error, warning or info, not {_as_written(level)}", "",
                       ("rules", "severity", rid))
    cfg.severity = {str(k): str(v) for k, v in sev.items()}
    for at in [("rules", rk, i) for rk in ("enable", "disable") for i in range(len(value.get(rk) or []))]:
        span = pos.get(at)
        if span is not None:
            cfg.places.setdefault(str(value[at[1]][at[2]]), (span.line + 1, span.col + 1))
    for rid in sev:
        span = pos.get(("rules", "severity", rid))
        if span is not None and span.key_line >= 0:
            cfg.places.setdefault(str(rid), (span.key_line + 1, span.key_col + 1))


def _read_packs(cfg: Config, value: Any, fail: Any, pos: dict, path: Path) -> list[Path]:
    """The ``packs:`` list: each rule pack file, resolved against the configuration's folder
    (``~`` is the user's home); an empty path or one pack named twice is refused at its entry."""
    if not _texts(value):  # null or a mapping would be looked for as a file named 'None'
        raise fail("packs must be a list of paths to rule pack files", "e.g. packs: [policy/our-rules.yaml]",
                   ("packs", _first_not_text(value)) if isinstance(value, list) else ("packs",))
    for i, p in enumerate(value):  # '' would be this file's folder: "not a regular file", no place
        if not p.strip():
            raise fail("an empty path in packs", "give the rule pack's file, or remove the entry", ("packs", i))
        if "\0" in p:  # hostile24: os.path.realpath raised "embedded null byte", an internal error
            raise fail(f"the rule pack path {p!r} holds a NUL character, which no file name can",
                       "give the rule pack's file as it is named, or remove the entry", ("packs", i))
    # '~/packs/ours.yaml' is the user's home, as in a shell (not a folder named '~')
    packs = [Path(os.path.realpath(path.parent / (os.path.expanduser(p) if p.startswith("~") else p)))
             for p in value]  # realpath: a link loop is no RuntimeError
    # one pack named twice (another spelling, a link) was "a pack named ... is already
    # loaded" at the pack file: the mistake is here, at the second entry
    first: dict[Path, int] = {}
    for i, pack in enumerate(packs):
        if pack in first:
            span = pos.get(("packs", first[pack]))
            where = f" (first at line {span.line + 1})" if span is not None else ""
            raise fail(f"the rule pack {value[i]!r} is listed twice in packs{where}",
                       "remove one of the two entries", ("packs", i))
        first[pack] = i
        span = pos.get(("packs", i))
        cfg.pack_entries[str(pack)] = (value[i], span.line + 1 if span else None, span.col + 1 if span else None)
    return packs


def _read_ignore(value: Any, fail: Any) -> list[str]:
    """The ``ignore:`` list of glob patterns; a pattern that can never match a file is refused."""
    if not _texts(value):
        raise fail("ignore must be a list of glob patterns", "e.g. ignore: [\"archive/**\"]",
                   ("ignore", _first_not_text(value)) if isinstance(value, list) else ("ignore",))
    for i, pat in enumerate(value):
        never = _never_matches(pat)
        if never:
            raise fail(f"the ignore pattern {pat!r} can never match a file: {never}",
                       "write a glob such as 'archive/**' or '*.draft.yaml', or remove it", ("ignore", i))
    return list(value)


def _other_linters_key(key: str, value: Any) -> str:
    """Where a setting other linters read from their configuration goes in lic-policy (ux17):
    `paths = ["guidelines"]` was told `did you mean 'packs'?`, `format` the list of keys."""
    k = key.lower().replace("-", "_")
    words = [str(v) for v in value] if isinstance(value, list) else [str(value)] if isinstance(value, (str, int)) else []
    first = next((w for w in words if w and len(w) <= 60 and not any(c in w for c in "`\n")), "")
    if k in ("paths", "path", "files", "include", "src", "source", "sources", "targets", "directories"):
        where = first.rstrip("/*") if first and "*" not in first.rstrip("/*") else "guidelines"
        return (f"the files to check are named on the command line, as in `lic-policy check {where}/` (in "
                "pre-commit, the hook's `files:`); `ignore:` here lists paths never checked")
    if k in ("exclude", "extend_exclude", "force_exclude", "exclude_paths", "excludes", "exclude_dirs"):
        return "did you mean 'ignore'? (gitignore-style patterns of paths never checked)"
    if k in ("select", "extend_select", "only", "checks"):
        return (f"`lic-policy check --only {first or 'RULE'}` runs only those rules; to turn rules off here: "
                "rules: disable: [RULE]")
    if k in ("format", "output_format", "reporter", "reporters", "formatter"):
        return f"the report's format is chosen on the command line: `lic-policy check --format {first or 'sarif'}`"
    if k in ("baseline", "baseline_file", "baseline_path"):
        return f"the baseline is given on the command line: `lic-policy check --baseline {first or 'FILE'}`"
    return ""


def _from_mapping(data: Any, path: Path, positions: Optional[dict] = None) -> Config:
    pos = positions or {}

    def fail(message: str, hint: str = "", at: tuple = (), *, key: bool = False) -> ConfigError:
        return _fail(path, message, hint, pos.get(at), key=key)

    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise fail("configuration must be a mapping of keys to values")
    cfg = Config(path=path)
    for key, value in data.items():
        if key not in KNOWN_KEYS:
            import difflib  # only for this message: difflib (and heapq) cost a cold check ~1.5 ms

            close = difflib.get_close_matches(str(key), sorted(KNOWN_KEYS), n=1)
            shown = str(key) if len(str(key)) <= 80 else str(key)[:79] + "…"
            hint = _other_linters_key(str(key), value)
            raise fail(f"unknown configuration key '{shown}'",
                       hint or (f"did you mean '{close[0]}'?" if close
                                else "known keys: " + ", ".join(sorted(KNOWN_KEYS))),
                       (key,), key=True)
        if key == "max_file_size":
            # bool is an int in Python: `true` would be a limit of 1 byte
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise fail("max_file_size must be a positive number of bytes", "e.g. max_file_size: 10485760",
                           (key,))
            cfg.max_file_size = value
        elif key == "fail_on":
            if not isinstance(value, str) or value not in FAIL_ON:
                import difflib  # only for this message

                close = difflib.get_close_matches(value.lower(), FAIL_ON, n=1) if isinstance(value, str) else []
                raise fail(f"fail_on must be one of {', '.join(FAIL_ON)}, not {_as_written(value)}",
                           f"did you mean '{close[0]}'?" if close else "", (key,))
            cfg.fail_on = value
            cfg.fail_on_set = True
        elif key == "rules":
            _read_rules(cfg, value, fail, pos)
        elif key == "packs":
            cfg.packs = _read_packs(cfg, value, fail, pos, path)
        elif key == "ignore":
            cfg.ignore = _read_ignore(value, fail)
        elif key == "min_sex_worker_share":
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 1:
                raise fail("min_sex_worker_share must be a number from 0 to 1, e.g. 0.3", "", (key,))
            cfg.min_sex_worker_share = float(value)
        elif key == "cache":
            if not isinstance(value, bool):  # bool("no") and bool("false") are True
                raise fail(f"cache must be true or false, not {_as_written(value)}", "", (key,))
            cfg.cache = value
        else:
            cfg.extra[key] = value
    return cfg


# a [tool.lic-policy] table header, or one of its sub-tables ([tool.lic-policy.rules]), at the
# start of a line (a comment that mentions it is not one)
_TOOL_TABLE = re.compile(r"""^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*(?:lic-policy|"lic-policy"|'lic-policy')[ \t]*[.\]]""", re.M)


# what a careless hand makes of that header: an unclosed bracket, or lic_policy (the module's
# name) for lic-policy; the file is then read, so that the mistake is reported, not ignored
_TOOL_TABLE_MISTYPED = re.compile(
    r"""^[ \t]*\[\[?[ \t]*tool[ \t]*\.[ \t]*(?:lic[-_]policy|"lic[-_]policy"|'lic[-_]policy')[ \t]*(?:[.\]]|[ \t]*$)""",
    re.M)


def _sniff_text(path: Path) -> str:
    """The text of a pyproject.toml, for finding its [tool.lic-policy] table: UTF-8, or UTF-16
    or UTF-32 (Notepad's "Unicode"), which ``load_config`` then refuses by name; a file saved
    that way was passed over and its settings silently dropped."""
    from .store import DEFAULT_MAX_SIZE, wide_encoding

    try:
        # no more than a configuration may be (load_config refuses it by its size): a 2 GB
        # pyproject.toml found on the way up was read whole, 15 s and 4.2 GB before that refusal
        with open(path, "rb") as fh:
            raw = fh.read(DEFAULT_MAX_SIZE + 1)
    except OSError:
        return ""

    wide = wide_encoding(raw)
    if wide == "UTF-32":
        codec = "utf-32" if raw[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff") else "utf-32-le"
    elif wide:
        codec = "utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else (
            "utf-16-le" if raw[1:200:2].count(0) > raw[0:200:2].count(0) else "utf-16-be")
    else:
        codec = "utf-8-sig"
    return raw.decode(codec, errors="replace")


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a path too long for the file system (an editor's document deep in folders)
        return False


def _not_a_file(path: Path) -> str:
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return f"a symbolic link to {os.readlink(path)!r}, which does not exist" if os.path.islink(path) else \
            "missing"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def find_config(start: Optional[Path] = None) -> Optional[Path]:
    here = Path(os.path.realpath(start or Path.cwd()))  # realpath: a link loop is no RuntimeError
    for folder in (here, *here.parents):
        candidate = folder / ".lic-policy.yaml"
        if _is_file(candidate) or os.path.lexists(candidate):  # not a file: load_config says what it is
            return _own(candidate)
        pyproject = folder / "pyproject.toml"
        if _is_file(pyproject):
            text = _sniff_text(pyproject)
            if _TOOL_TABLE.search(text) or _TOOL_TABLE_MISTYPED.search(text):
                return _own(pyproject)
            if _TOOL_KEY.search(text) and _holds_tool_table(text):
                return _own(pyproject)
    return None


def _own(path: Path) -> Path:
    """``path``, found on the way up, unless another account put it in a folder every account
    may write to (/tmp, /dev/shm, a shared build folder): there it applied to every check run
    below it — ``fail_on: none`` made a failing check pass, ``rules: ... off`` silenced rules,
    ``packs:`` loaded that account's rules. Refused as git refuses a repository another account
    owns; files of this account or of root, and any in a folder only its owner writes to (a
    checkout made by another account, a container's mounted folder), are used."""
    uid = planted(path)
    if uid is None:
        return path
    raise ConfigError(f"this configuration belongs to another account (user id {uid}) and sits in a folder every "
                      "account can write to, so lic-policy does not use it", file=str(path),
                      hint=f"work in a folder of your own, or pass --config {path} if you trust it")


def planted(path: Path, folder: Optional[Path] = None) -> Optional[int]:
    """The user id of the other account that owns ``path`` when it sits in a folder every
    account may write to (``folder``, by default its own): a file anyone could have put there
    for this account to read. None for a file of this account or root, a folder only its owner
    writes to, a file that is not there, and where accounts have no ids (Windows)."""
    import stat

    if not hasattr(os, "geteuid"):
        return None
    try:
        st = os.lstat(path)
        where = os.stat(folder if folder is not None else path.parent)
    except OSError:
        return None
    if st.st_uid in (os.geteuid(), 0) or not where.st_mode & stat.S_IWOTH:
        return None
    return st.st_uid


# the other ways TOML writes that table: dotted keys (tool.lic-policy.fail_on = ..., or
# lic-policy.fail_on = ... under [tool]) and an inline table (lic-policy = {...} under [tool]);
# a key of that name may be something else (an optional dependency), so the file is parsed
_TOOL_KEY = re.compile(r"""^[ \t]*(?:tool[ \t]*\.[ \t]*)?(?:lic-policy|"lic-policy"|'lic-policy')[ \t]*[.=]""", re.M)


# a table header ([name] or [[name]]); its name as written
_HEADER = re.compile(r"^[ \t]*\[\[?([^\]\n]*)\]", re.M)
# a key that may be the tool table or begin with it (tool = {...}, tool.x, "tool".x, 'tool'.x,
# or a quoted key with an escape in it): at the top level it defines the table itself
_TOOL_DOTTED = re.compile(r"""^[ \t]*(?:(?:tool|"tool"|'tool')[ \t]*[.=]|"[^"\n]*\\)""", re.M)


def _may_define_tool(text: str) -> bool:
    """Whether a key line such as ``lic-policy = ...`` in ``text`` can belong to the tool
    table: a key may be ``tool`` or start with it, or a table header may name the table
    ``tool`` itself (``[tool]``; a quoted or escaped header is taken as possibly so). Where
    neither holds, such a line is another table's key (``[project.scripts]`` of a project that
    installs lic-policy, ``[tool.poetry.group.dev.dependencies]`` of one that uses it), and the
    file is not parsed: ``tomllib`` and the parse took 5-15 ms of every command run in such a
    project (BENCHMARKS.md, "speed5"). A line inside a multi-line string can only make this
    say yes (then the file is parsed, as before)."""
    if _TOOL_DOTTED.search(text):
        return True
    for m in _HEADER.finditer(text):
        name = m.group(1)
        if '"' in name or "'" in name or "\\" in name or name.strip(" \t") == "tool":
            return True
    return False


def _holds_tool_table(text: str) -> bool:
    if not _may_define_tool(text):
        return False
    import tomllib

    try:
        tool = tomllib.loads(text.removeprefix("\ufeff")).get("tool")
    except (ValueError, RecursionError):  # TOMLDecodeError, or a number of more than 4,300 digits
        return False  # not read as ours: the header lookup above reports a broken table of ours
    return isinstance(tool, dict) and "lic-policy" in tool


def load_config(path: Optional[str | os.PathLike] = None) -> Config:
    """Load the configuration file at ``path``, or the nearest one, or the defaults."""
    p = Path(path) if path else find_config()
    if p is None:
        return Config()
    cfg = _load_config(p, named=bool(path))
    sibling = p.parent / "pyproject.toml"
    if not path and p.name == ".lic-policy.yaml" and _is_file(sibling):
        text = _sniff_text(sibling)
        if _TOOL_TABLE.search(text) or (_TOOL_KEY.search(text) and _holds_tool_table(text)):
            cfg.unread = sibling  # passed over without a word, its settings looked as if they did nothing
    return cfg


def _load_config(p: Path, named: bool = False) -> Config:
    """The configuration in ``p``: TOML's [tool.lic-policy] table for a ``.toml`` file (a
    pyproject.toml, or a file of its own given with --config), else YAML. ``named``: given with
    --config, where a TOML file without the table holds nothing meant for lic-policy."""
    if not p.is_file():  # a name too long for the file system raises: said by the caller
        if not os.path.lexists(p):
            raise ConfigError("configuration file not found", file=str(p), hint="check the --config path")
        # a link to a shared file that is gone, a folder, a pipe or a device (found on the way up
        # it was passed over, the defaults used; the language server was told "not found")
        raise ConfigError(f"the configuration is {_not_a_file(p)}, not a file lic-policy can read", file=str(p),
                          hint="make it a YAML file of settings, or remove it to use the defaults")
    if p.suffix.lower() == ".toml":  # ux25: `--config ci/lic-policy.toml` was read as YAML
        import tomllib

        # UTF-16, NUL bytes and bad UTF-8 are refused at their place; a byte-order mark is no error
        text = _config_text(p).removeprefix("\ufeff")
        try:
            data = tomllib.loads(text)
        except RecursionError:  # tomllib reads arrays and inline tables nested by recursion
            raise ConfigError(f"cannot parse {p.name}: arrays or tables nested deeper than a configuration "
                              "can be read", file=str(p), hint="a lic-policy configuration nests two or three "
                              "levels: look for a run of '[' or '{'") from None
        except ValueError as exc:
            if not isinstance(exc, tomllib.TOMLDecodeError):
                # Python refuses to read an integer of more than 4,300 digits (an internal error)
                long = re.search(r"[0-9][0-9_]{4300,}", text)
                start = long.start() if long else 0
                digits = len(long.group().replace("_", "")) if long else 0
                raise ConfigError(f"a number with {digits:,} digits" if digits else f"cannot parse {p.name}: "
                                  f"{exc}", file=str(p), line=text.count("\n", 0, start) + 1 if long else None,
                                  column=start - text.rfind("\n", 0, start) if long else None,
                                  hint="no number in a configuration is this long; quote it if it is text") from None
            where = re.search(r"\(at line (\d+), column (\d+)\)$", str(exc))
            message = str(exc)[:where.start()].rstrip() if where else str(exc)
            lone_cr = re.search(r"\r(?!\n)", text) is not None  # TOML breaks lines with LF or CRLF only
            conflict = re.search(r"^<{7}(?: |$)", text, re.M)
            if conflict and re.search(r"^={7}\r?$", text[conflict.end():], re.M):
                # 'Invalid statement' at git's first marker: named for what it is
                raise ConfigError(f"cannot parse {p.name}: unresolved git merge conflict: the file still holds "
                                  "the conflict markers (<<<<<<<, ======= and >>>>>>>) a merge or rebase left",
                                  file=str(p), line=text.count("\n", 0, conflict.start()) + 1, column=1,
                                  hint="keep the lines wanted from each side, delete the three marker lines, and "
                                       "save") from None
            raise ConfigError(f"cannot parse {p.name}: {message}", file=str(p),
                              line=int(where.group(1)) if where else None,
                              column=int(where.group(2)) if where else None,
                              hint="its lines end in a lone CR (old Mac style), which TOML does not allow: save it "
                                   "with LF or CRLF line endings" if lone_cr else
                                   "fix the TOML syntax; see the Configuration section of the README") from None
        tool = data.get("tool", {})
        if isinstance(tool, dict) and "lic_policy" in tool and "lic-policy" not in tool:
            raise _fail(p, "[tool.lic_policy] is not read", "did you mean [tool.lic-policy]?")
        header = re.search(r"^[ \t]*\[\[[^\]\n]*lic[-_]policy", text, re.M)
        if isinstance(tool, dict) and isinstance(tool.get("lic-policy"), list) and header:
            # [[tool.lic-policy]]: a list of tables, which no setting can be read from
            raise ConfigError("[[tool.lic-policy]] (two brackets) makes a list of tables, which holds no settings",
                              file=str(p), line=text.count("\n", 0, header.start()) + 1 if header else None,
                              column=1 if header else None, hint="write the header [tool.lic-policy], with one "
                              "pair of brackets")
        if named and not (isinstance(tool, dict) and "lic-policy" in tool):
            raise ConfigError("it has no [tool.lic-policy] table, so it holds no lic-policy settings", file=str(p),
                              hint="add the settings under [tool.lic-policy], or leave --config out to use the "
                                   "configuration found from this folder upwards")
        table = tool.get("lic-policy", {}) if isinstance(tool, dict) else {}
        if not isinstance(table, dict):
            # `lic-policy = "x"` under [tool] (or `tool.lic-policy = 5`): at the key, where the
            # settings go (hostile24: the one line had no place)
            key = re.search(r'^[ \t]*((?:tool\s*\.\s*)?["\']?lic-policy["\']?)[ \t]*=', text, re.M)
            at = key.start(1) if key else 0
            raise ConfigError("[tool.lic-policy] must be a table of settings, not a single value", file=str(p),
                              line=text.count("\n", 0, at) + 1 if key else None,
                              column=at - text.rfind("\n", 0, at) if key else None,
                              hint="write the settings under a [tool.lic-policy] header, one per line (fail_on = "
                                   "\"warning\")")
        return _from_mapping(table, p, _toml_positions(text))
    from .yamlread import compose_fast as compose

    data, positions = compose(_config_text(p), str(p))
    return _from_mapping(data, p, positions)


_TOML_KEY = lazy_re.compile(r"""[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*'""")
_TOML_STRING = lazy_re.compile(r""""(?:[^"\\\n]|\\.)*"|'[^'\n]*'""")


def _toml_key(text: str, at: int) -> tuple[list[str], int]:
    """The parts of a (dotted) TOML key starting at ``at``, and the index after it."""
    parts = []
    while True:
        m = _TOML_KEY.match(text, at)
        if m is None:
            return parts, at
        word = m.group()
        parts.append(word[1:-1] if word[:1] in "\"'" else word)
        at = m.end()
        dot = re.compile(r"[ \t]*\.[ \t]*").match(text, at)
        if dot is None:
            return parts, at
        at = dot.end()


class _TomlPlaces:
    """Where things are in a pyproject.toml's text: the line and column of an index, a
    ``yamlread.Span`` for a value (and its key), and the items of a list or the keys of an
    inline table recorded by key path in ``out``."""

    _EQUALS = re.compile(r"[ \t]*=[ \t]*")

    def __init__(self, text: str):
        self.text = text
        self.out: dict = {}
        self.starts = [0]
        for m in re.finditer(r"\n", text):
            self.starts.append(m.end())

    def place(self, index: int) -> tuple[int, int]:
        import bisect

        line = bisect.bisect_right(self.starts, index) - 1
        return line, index - self.starts[line]

    def span(self, value_at: int, key_at: int = -1) -> Any:
        from .yamlread import Span

        line, col = self.place(value_at)
        key_line, key_col = self.place(key_at) if key_at >= 0 else (-1, -1)
        return Span(line=line, col=col, start=value_at, end=value_at, key_line=key_line, key_col=key_col)

    def key_value(self, path: tuple, at: int) -> Optional[int]:
        """A key (quoted or bare) at ``at`` followed by ``=``: its value's place recorded under
        ``path`` + the key's parts; the index where the value starts, or None (no key there)."""
        parts, after = _toml_key(self.text, at)
        eq = self._EQUALS.match(self.text, after)
        if parts and eq:
            # with the items of its own list or inline table (`rules = {disable = ["x"]}`: an
            # unknown id there was reported without a place; ux25)
            self.value(path + tuple(parts), eq.end(), at)
            return eq.end()
        return None

    def value(self, path: tuple, at: int, key_at: int) -> None:
        """Record the value starting at ``at`` and, for a list or an inline table, its items."""
        text, out = self.text, self.out
        out[path] = self.span(at, key_at)
        opener = text[at:at + 1]
        if opener not in "[{":
            return
        i, depth, item = at + 1, 1, 0
        while i < len(text) and depth:
            ch = text[i]
            if ch in "\"'":
                m = _TOML_STRING.match(text, i)
                end = m.end() if m else i + 1
                if depth == 1 and opener == "{":  # a key of the inline table
                    end = self.key_value(path, i) or end
                elif depth == 1:
                    out[path + (item,)] = self.span(i)
                i = end
                continue
            if ch == "#":
                nl = text.find("\n", i)
                i = len(text) if nl < 0 else nl
                continue
            if ch in "[{":
                if depth == 1 and opener == "[":
                    out[path + (item,)] = self.span(i)
                depth += 1
            elif ch in "]}":
                depth -= 1
            elif ch == "," and depth == 1:
                item += 1
            elif depth == 1 and opener == "{" and re.match(r"[A-Za-z0-9_-]", ch) and \
                    re.match(r"[ \t,{]", text[i - 1]):  # a bare key of the inline table
                after_eq = self.key_value(path, i)
                if after_eq is not None:
                    i = after_eq
                    continue
            elif depth == 1 and opener == "[" and not ch.isspace() and text[i - 1] in "[, \t\n":
                if not re.match(r"[ \t\n,]", ch):
                    out.setdefault(path + (item,), self.span(i))
            i += 1


def _toml_positions(text: str) -> dict:
    """Places of the keys and values of [tool.lic-policy] in a pyproject.toml, as
    ``yamlread.Span`` by key path, so that a mistake there is reported at its line and column
    as in .lic-policy.yaml (tomllib gives no places). The file has parsed: this only finds
    what is there, a key at a line's start (``rules.disable = [...]`` too) with its value,
    the items of a list and the keys of an inline table; what it cannot place is reported
    without a place."""
    places = _TomlPlaces(text)
    table: Optional[tuple] = None  # the key path of the current table inside [tool.lic-policy]
    for start in places.starts:
        line_end = text.find("\n", start)
        line = text[start:len(text) if line_end < 0 else line_end]
        stripped = len(line) - len(line.lstrip(" \t"))
        at = start + stripped
        if text.startswith("[", at):
            header = text[at:].lstrip("[").lstrip(" \t")
            parts, _ = _toml_key(header, 0)
            table = tuple(parts[2:]) if parts[:2] == ["tool", "lic-policy"] and not text.startswith("[[", at) \
                else None
            continue
        if table is None:
            continue
        parts, after = _toml_key(text, at)
        eq = _TomlPlaces._EQUALS.match(text, after)
        if parts and eq:
            places.value(table + tuple(parts), eq.end(), at)
    return places.out


def parse_config_text(text: str, path: str | os.PathLike) -> Config:
    """The configuration in ``text`` as the file ``path`` (.lic-policy.yaml) would give it: the
    editor reads the file's text as it is typed, saved or not."""
    from .yamlread import compose_fast as compose

    data, positions = compose(text.removeprefix("\ufeff"), str(path))
    return _from_mapping(data, Path(path), positions)


def _config_text(p: Path) -> str:
    """The text of a configuration file, or one ConfigError at the place it cannot be read
    (UTF-16, a NUL byte, bad UTF-8, too big) that says it is the configuration."""
    from .errors import InputError
    from .store import decode, read_bytes

    try:
        return decode(read_bytes(p, what="a configuration file", hint="a configuration file is a few lines"),
                      str(p))
    except InputError as exc:
        hint = exc.hint or ""
        if "guideline" in hint:  # decode's hint speaks of guidelines
            hint = "save the configuration file as UTF-8 text"
        raise ConfigError(exc.message, file=exc.file, line=exc.line, column=exc.column, hint=hint) from None


def select_rules(cfg: Config, only: list[str] = (), skip: list[str] = ()) -> Config:
    """Narrow ``cfg`` to the rules named by ``only`` and away from those named by ``skip``.

    Each name is a rule id, a pack name (``language``, ``framing``, ``structure``) or a
    reviewer (``language``, ``framing``, ``involvement``, ``coverage``, ``privacy``,
    ``status``, and ``validation``: a guideline's schema and model-rule problems).
    Selection only narrows: rules the configuration disables stay disabled.
    """
    if not only and not skip:
        return cfg
    from .checks.packs import load_packs

    if (only and "validation" not in only) or "validation" in skip:
        cfg.validate = False
    rules = [r for p in load_packs(cfg.packs, cfg) for r in p.rules]
    names = {r.id for r in rules} | {r.pack for r in rules} | {r.reviewer for r in rules} | {"validation"}
    lowered = {n.lower(): n for n in names}  # `--only LANG.PROSTITUTE`, `--skip 'framing '`: the name meant
    only = [lowered.get(n.strip().lower(), n) for n in only]
    skip = [lowered.get(n.strip().lower(), n) for n in skip]
    for name in [*only, *skip]:
        if name not in names:
            import difflib

            close = difflib.get_close_matches(name, sorted(names), n=1)
            raise ConfigError(f"'{name}' is not a rule id, pack or reviewer",
                              hint=f"did you mean '{close[0]}'?" if close else "run `lic-policy rules` to list them")

    def named(rule, wanted) -> bool:
        return rule.id in wanted or rule.pack in wanted or rule.reviewer in wanted

    drop = [r.id for r in rules if (only and not named(r, set(only))) or named(r, set(skip))]
    cfg.disable = [*cfg.disable, *drop]
    cfg.enable = [e for e in cfg.enable if e not in drop]
    return cfg
