"""`lic-policy serve`: the review room in the browser."""

from __future__ import annotations

import contextlib
import os
import re

import click

from ..errors import UsageError

ROLES = ["sex-worker-advisory", "community", "legal", "staff"]


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The default serves this computer only.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--state", "state_path", default=None, type=click.Path(dir_okay=False),
              help="The review room's state file (SQLite; default: your user data folder, or $LIC_POLICY_STATE).")
@click.option("--base-url", default=None, help="The address people use to reach the room (for links), "
                                                 "e.g. https://review.example.org behind a proxy.")
@click.option("--allow-host", "allow_hosts", multiple=True,
              help="Host name browsers may use (repeatable; needed when --host is not a loopback address).")
@click.option("--invite", "invites", multiple=True, metavar="HANDLE[:ROLE]",
              help="Make an invitation link for HANDLE (role: sex-worker-advisory unless given) on the guideline's "
                   "open round (a new round if none), print it and exit. Repeatable.")
@click.option("--closes", default=None, help="With --invite: the new round's closing date (e.g. 2026-12-31).")
@click.option("--show-findings", is_flag=True, help="With --invite: reviewers of a new round see check findings.")
@click.option("--show-others", is_flag=True, help="With --invite: reviewers of a new round see each other's threads.")
def serve(paths, host, port, state_path, base_url, allow_hosts, invites, closes, show_findings, show_others):
    """Serve the review room for the guidelines in PATHS (files or folders; default: here).

    Prints a staff link (a new operator token each start) and runs until Ctrl-C. Reviewers
    come in with invitation links made in the room or with --invite.
    """
    from ..web.server import Config, create_app, is_loopback, run
    from ..web.site import Site
    from ..web.state import State, default_path

    host = _bare_host(host)
    site = Site(list(paths) or ["."])
    _note_kept_copies(site)
    _check_address_options(base_url, allow_hosts)
    _note_plain_http(base_url)
    if closes:
        _check_closes(closes)
    state = State(state_path or default_path())
    if state_path:
        _warn_if_committable(state_path)
    if not is_loopback(host) and not allow_hosts:
        raise UsageError(f"--host {host} makes the room reachable from other computers",
                         hint="also give --allow-host NAME for the name people will use (and serve it over https)")
    if invites and port == 0 and not base_url:
        # the links name the port, and the room is started later with the `next:` line's options:
        # a free port is chosen now for both (`--port 0` printed http://127.0.0.1:0/i/…, and the
        # room it started listened on another free port each time)
        port = _check_port(host, port)
    config = Config(host=host, port=port, base_url=base_url, allowed_hosts=list(allow_hosts) or None)
    if invites:
        if len(site.guidelines) != 1:
            raise UsageError("--invite needs exactly one guideline", hint="give one guideline file as PATH")
        invitees = [_invitee(spec) for spec in invites]
        with _state_problems(state):
            _invite(state, site, invitees, closes, show_findings, show_others, config)
        click.echo(_start_line(paths, state_path, host, port, base_url, allow_hosts))
        return
    port = _check_port(host, port)
    config = Config(host=host, port=port, base_url=base_url, allowed_hosts=list(allow_hosts) or None)
    with _state_problems(state):
        token = state.new_operator_token()
    from ..errors import one_line_text

    click.echo(one_line_text(f"lic-policy review room: {len(site.guidelines)} guideline(s), state in {state.path}"))
    click.echo(f"staff link (keep it private; a new one is made at each start): {config.base_url}/operator/{token}")
    click.echo(f"reviewers: {config.base_url}/ with their invitation links; stop with Ctrl-C")
    app = create_app(site, state, config)
    run(app, host, port)


def _note_kept_copies(site) -> None:
    """Say which files of a served folder are left out as kept copies of an earlier version
    (``web.site.kept_copies``), so that an operator who meant to serve one knows how."""
    from ..errors import one_line_text

    for kept in site.kept_copies:
        click.echo(one_line_text(f"note: {kept.name} is not served: it is a copy of {kept.served} at an earlier "
                                 f"version ({kept.version}; {kept.served} is {kept.served_version}); name it on the "
                                 f"command line to serve it too"), err=True)


def _warn_if_committable(state_path: str) -> None:
    """A state file given inside the policy repository and not ignored is one `git add -A`
    from a commit: it holds the rounds' texts, reviewers' handles and invitation hashes."""
    from ..gitread import unignored_in_checkout

    if unignored_in_checkout(state_path):
        name = os.path.basename(state_path)
        from ..errors import one_line_text

        click.echo(one_line_text(f"note: the review room's state file {state_path} is inside a git checkout and not "
                                 f"ignored: it holds the rounds' texts, reviewers' handles and invitation records; add "
                                 f"`{name}*` to .gitignore so it is never committed"), err=True)


@contextlib.contextmanager
def _state_problems(state):
    """A write to the state file that fails once it is open (the disk full, the file made
    read-only meanwhile, another program holding it past the wait) is one line naming the
    file, not an internal error."""
    import sqlite3

    try:
        yield
    except sqlite3.Error as exc:
        raise UsageError(f"cannot write the review room's state file: {exc}", file=str(state.path),
                         hint="free some space, or give another place with --state FILE") from None


def _check_address_options(base_url, allow_hosts) -> None:
    """``--base-url`` an http(s) address with a host name; ``--allow-host`` host names alone,
    never '*'."""
    if base_url is not None and not _web_address(base_url):
        raise UsageError("--base-url must be an http:// or https:// address with a host name, and no user name, "
                         "?query, #fragment or '..' (each link adds /i/TOKEN to it)",
                         hint="e.g. https://review.example.org, the address people type to reach the room")
    if base_url is not None:
        from urllib.parse import urlsplit

        problem = _host_problem(urlsplit(base_url).hostname or "")
        if problem:
            raise UsageError(f"--base-url {base_url}: {problem[0]}", hint=problem[1])
    if "*" in allow_hosts or any("*" in h for h in allow_hosts):
        raise UsageError("--allow-host '*' lets any host name in (and with it other sites' pages, by DNS rebinding)",
                         hint="give the name people will use, e.g. --allow-host review.example.org")
    for name in allow_hosts:
        # the Host header's name (browsers send it in lower case, without the port) is compared
        # with each: a URL, a port, a space or capitals matched no request, and the room
        # answered every reviewer "This address is not served here"
        if not re.fullmatch(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\]", name):
            hint = ("give the name alone, in lower case, without http://, a port or a path, e.g. "
                    "--allow-host review.example.org")
            try:  # пример.рф: browsers send it as its xn-- form, which the refusal never named
                sent = name.encode("idna").decode("ascii") if not name.isascii() and _host_problem(name) is None \
                    else ""
            except (UnicodeError, ValueError):
                sent = ""
            if sent and re.fullmatch(r"[a-z0-9.-]+", sent):
                hint = f"browsers send that name as {sent}: --allow-host {sent}"
            raise UsageError(f"--allow-host {name!r} is not a host name", hint=hint)


def _check_closes(closes) -> None:
    """``--closes`` a date from today on, as the room's own form requires."""
    import datetime as dt

    from ..web.state import closing_time, parse_iso, utcnow

    if parse_iso(closing_time(closes)) < utcnow():  # as the room's own form refuses it
        raise UsageError(f"--closes {closes} is in the past: the round would be closed before it opened",
                         hint=f"give a date from today on, e.g. {(utcnow() + dt.timedelta(days=30)).date()}")


def _invitee(spec: str) -> tuple[str, str]:
    """One ``--invite HANDLE[:ROLE]``: (handle, role), or a usage error that says what is wrong
    with it — a handle and role written the room's way, an unknown role, a word that is also a
    first name, a person's name, not a handle at all."""
    from ..model.review import handle_problem
    from ..web.privacy import invitee_problem

    words = spec.split()
    if len(words) == 2 and ":" not in spec and words[1] in ROLES and not handle_problem(words[0]):
        # the room's invitation box takes "handle role" a line; the option takes HANDLE:ROLE
        raise UsageError(f"--invite '{spec}': the role goes after a colon",
                         hint=f"write --invite {words[0]}:{words[1]}")
    handle, _, role = spec.partition(":")
    role = role or "sex-worker-advisory"
    if role not in ROLES:
        raise UsageError(f"--invite {spec}: unknown role '{role}'", hint="roles: " + ", ".join(ROLES))
    found = invitee_problem(handle)
    if found is None:
        return handle, role
    kind, detail = found
    if kind == "first name":  # "cedar-4": a tree, and a first name too; said which word, and what works
        word, instead = detail  # type: ignore[misc]
        raise UsageError(f"--invite '{spec}': “{word}” is also a first name, so the handle could name "
                         "someone", hint=f"use a handle that names no one, such as --invite {instead}:{role}")
    if kind == "name":
        # "Maria Lopez" or maria.lopez: a person's name, said as such (not "is not a handle")
        raise UsageError(f"--invite '{spec}': that looks like a person's name",
                         hint="invite each reviewer under a made-up handle such as advisory-3, never a name, "
                              "email or phone number")
    if kind == "not a handle":
        raise UsageError(f"--invite '{spec}': '{handle}' is not a handle",
                         hint="a made-up handle of up to 64 letters, digits, '.', '_' or '-', "
                              "such as advisory-3; never a name, email or phone number")
    raise UsageError(f"--invite '{spec}': the handle {detail}",
                     hint="use a made-up handle such as advisory-3, never a name, email or phone number")


def _invite(state, site, invitees, closes, show_findings, show_others, config) -> None:
    """Open a round of the one guideline served with these invitees and print each one's
    invitation link, once."""
    from ..web.server import is_loopback, make_invitations
    from ..web.state import closing_time

    g = next(iter(site.guidelines.values()))
    rnd, links = make_invitations(state, site, g.path, invitees, closes=closing_time(closes) if closes else None,
                                  show_findings=show_findings, show_others=show_others, base_url=config.base_url)
    from ..errors import one_line_text

    click.echo(one_line_text(f"round {rnd.id} on {g.name} (version {rnd.version or '?'}): invitation links, shown "
                             "once — send each privately to its reviewer:"))
    for inv, link in links:
        click.echo(f"  {inv.handle} ({inv.role}): {link}")
    _warn_placeholder_owner(g)
    from urllib.parse import urlsplit

    if is_loopback(urlsplit(config.base_url).hostname or ""):
        click.echo("note: these links open only on this computer; for reviewers on their own phones or "
                   "computers, run the room where they can reach it, over https, and make the links with "
                   "--base-url https://NAME (and --host ADDRESS --allow-host NAME when it serves them directly)")


def _warn_placeholder_owner(g) -> None:
    """One warning line when the draft's owner is still a placeholder (the import's “To be named
    (the role that owns these guidelines)”, a “TBD”): reviewers read it as the owner. A draft
    goes to reviewers unfinished as it is (its to-do items stay the drafting team's, as for
    `review packet` and `publish`), and the room shows the file as it is when a reviewer opens
    it, so the role written after the links went out reaches them: a warning, not a refusal."""
    from ..errors import one_line_text
    from ..guideline_data import placeholder_owner_line

    line = placeholder_owner_line(g.document().data, g.name, "the room shows it to them once saved")
    if line:
        click.echo(one_line_text(line), err=True)


def _start_line(paths, state_path, host, port, base_url, allow_hosts) -> str:
    """The `next:` line of `serve --invite`: the links open only while the room runs, on the same
    state file (the links were sent and the reviewers' phones found nothing: nothing said to
    start it), so the command that starts it, with the options the links depend on."""
    from ..errors import shell_word

    # a name starting with a dash after ./ (shell_word writes it so), or serve reads an option;
    # a line break or ESC in a name as a $'…' word, never sent as such
    words = ["lic-policy", "serve", *map(shell_word, paths)]
    if state_path:
        words += ["--state", shell_word(state_path)]
    if host != "127.0.0.1":
        words += ["--host", shell_word(host)]
    if port != 8000:
        words += ["--port", str(port)]
    if base_url:
        words += ["--base-url", shell_word(base_url)]
    for name in allow_hosts:
        words += ["--allow-host", shell_word(name)]
    command = " ".join(words)
    return (f"next: the links open while the room runs: start it with `{command}` and keep it running "
            "until the round closes (Ctrl-C stops it; the links keep working when it starts again)")


def _web_address(url: str) -> bool:
    """An http(s) address with a host and nothing that cannot stand in a link (quotes, spaces,
    angle brackets, user info, a query or fragment, dot segments): it is printed in every
    invitation and staff link."""
    from urllib.parse import urlsplit

    if not url.isprintable() or any(c in url for c in ' "\'<>`{}|\\^'):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return False
    # every link is the address with /i/TOKEN added: a query or fragment would swallow the
    # token (http://h/#x/i/TOKEN reaches no invitation), user info would send reviewers and
    # their tokens to another site (http://127.0.0.1:8000@evil.example/), and dot segments
    # to another path
    if parts.username is not None or parts.query or parts.fragment or "?" in url or "#" in url:
        return False
    if any(seg in (".", "..") or seg.lower() in ("%2e", "%2e%2e", ".%2e", "%2e.") for seg in parts.path.split("/")):
        return False
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.port == 0:
        return False
    # links no phone can open: 0.0.0.0 and :: are where the room listens for every network,
    # not an address to go to; a host name with an empty label or one that starts or ends
    # with '-' is none a browser reads
    import ipaddress

    try:
        return not ipaddress.ip_address(parts.hostname).is_unspecified
    except ValueError:
        labels = parts.hostname[:-1].split(".") if parts.hostname.endswith(".") else parts.hostname.split(".")
        return all(label and not label.startswith("-") and not label.endswith("-") for label in labels)


# letters that look like Latin ones: a label written only in them (Cyrillic 'ехаmрlе') reads
# as a Latin name a browser then shows in its xn-- form, or as the site it imitates
_LATIN_LOOKALIKES = set("аеорсухіјѕԁӏԛԝвкмнтАВЕКМНОРСТУХІЈЅαοκνιτυχρεΑΒΕΗΙΚΜΝΟΡΤΥΧΖ")
# the scripts browsers show together in one label (Chrome's "highly restrictive" profile):
# one script, or Latin with the scripts Chinese, Japanese and Korean names mix
_MIXES = ({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}, {"LATIN", "HAN", "BOPOMOFO"}, {"LATIN", "HAN", "HANGUL"})


def _script(ch: str) -> str:
    import unicodedata

    name = unicodedata.name(ch, "")
    first = name.split(" ")[0]
    return "HAN" if first == "CJK" else first


def _host_problem(host: str) -> "tuple[str, str] | None":
    """What is wrong with ``--base-url``'s host name as a link every reviewer is sent, and the
    way on: a name spelt in characters browsers map to others (full-width letters), one no
    browser reads, or one whose letters mix alphabets or only look Latin (`ехample.org` with
    a Cyrillic 'е', a look-alike of another site's name, shown by browsers in its xn-- form
    or taken for that site). A name wholly in one alphabet (`пример.рф`, `bücher.de`) is
    taken as typed."""
    import ipaddress
    import unicodedata

    if not host or host.isascii() and not any(label.startswith("xn--") for label in host.split(".")):
        return None
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    folded = unicodedata.normalize("NFKC", host).lower()
    if folded != host:
        return (f"the host name {host} is written in characters browsers read as {folded}",
                f"give --base-url with {folded}")
    labels = []
    for label in host.rstrip(".").split("."):
        try:
            labels.append(label.encode("ascii").decode("idna") if label.startswith("xn--") else label)
            (labels[-1].encode("idna") if labels[-1] else b"")
        except (UnicodeError, ValueError):
            return (f"the host name {host} is not one browsers read ({label!r})",
                    "give the name people type to reach the room, e.g. https://review.example.org")
    ascii_tld = labels[-1].isascii()
    for label in labels:
        letters = [c for c in label if c.isalpha()]
        scripts = {_script(c) for c in letters}
        if len(scripts) > 1 and not any(scripts <= mix for mix in _MIXES):
            from collections import Counter

            most = Counter(_script(c) for c in letters).most_common(1)[0][0]
            odd = next(c for c in letters if _script(c) != most)
            return (f"the host name mixes {' and '.join(sorted(s.title() for s in scripts))} letters in {label!r} "
                    f"('{odd}' is U+{ord(odd):04X}, {unicodedata.name(odd, '?').lower()}): the look-alike of "
                    "another name, which browsers show in its xn-- form or take for that site",
                    "type the name in one alphabet, as people will type it")
        if ascii_tld and letters and scripts != {"LATIN"} and all(c in _LATIN_LOOKALIKES for c in letters):
            return (f"the host name's {label!r} is written in {' and '.join(sorted(s.title() for s in scripts))} "
                    "letters that look Latin: the look-alike of another name, which browsers show in its xn-- "
                    "form or take for that site", "type the name in Latin letters, as people will type it")
    return None


def _note_plain_http(base_url: str | None) -> None:
    """One note when the links go to another computer over plain http: each link's token, the
    reviewer's session and every comment would cross the network unencrypted (the room's own
    advice says https; a community office's own network may still be all there is)."""
    from urllib.parse import urlsplit

    from ..web.server import is_loopback

    if base_url is None:
        return
    parts = urlsplit(base_url)
    if parts.scheme == "http" and not is_loopback(parts.hostname or ""):
        click.echo(f"note: --base-url {base_url} is plain http: the invitation links, the reviewers' sessions and "
                   "every comment would cross the network unencrypted, readable by anyone on the way; serve the room "
                   "over https (e.g. behind a proxy) and give --base-url https://NAME", err=True)


def _bare_host(host: str) -> str:
    """``--host`` as an address to listen on: an IPv6 address in brackets (``[::1]``, as URLs
    write it) without them; an address with a port (``127.0.0.1:9000``) refused in one line,
    where it was 'Name or service not known (another program may be using that port…)'."""
    if host.startswith("[") and host.endswith("]"):
        return host[1:-1]
    name, colon, port = host.rpartition(":")
    if colon and port.isdigit() and ":" not in name and name:
        raise UsageError(f"--host {host} holds a port", hint=f"give the address alone and the port apart: --host "
                                                            f"{name} --port {port}")
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)+\.?", host):
        # numbers and dots are an IPv4 address or nothing (a name's last label is never all
        # digits): 999.1.1.1 was called reachable from other computers, and with --allow-host
        # the room failed at the socket's "Name or service not known"
        import socket

        try:
            socket.inet_aton(host.rstrip("."))
        except OSError:
            raise UsageError(f"--host {host} is not an IP address", hint="an IPv4 address is four numbers from 0 to "
                             "255: --host 127.0.0.1 serves this computer only, the default") from None
    return host


def _check_port(host: str, port: int) -> int:
    """One clear line when the address cannot be listened on (uvicorn would log and exit 1);
    the port to listen on: ``--port 0`` (any free port) is given one here, so the links the
    room prints name it (they said ``http://127.0.0.1:0/…``, which no browser can open)."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((host, port))
            return int(s.getsockname()[1])
    except OSError as exc:
        import errno

        in_use = exc.errno in (errno.EADDRINUSE, errno.EACCES)
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                         hint="another program may be using that port: give another with --port" if in_use else
                         "this computer has no such address: leave --host out to serve this computer only, or give one of "
                         "its addresses") from None
