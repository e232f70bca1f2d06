"""Start the review room: open the state, make the operator link, run uvicorn.

uvicorn is the ASGI server (well kept, the reference server for Starlette); its access log
is switched off — it would record every client's IP address and every path, and paths can
hold invitation tokens. Proxy headers are not trusted (no forwarded addresses are read).
"""

from __future__ import annotations

import logging
import os
import re
import sys
from typing import Optional

from ..errors import LicPolicyError, UsageError
from .app import LOOPBACK, Config, create_app


class RoundRefused(LicPolicyError):
    """A guideline the room would show reviewers outside the team with someone's identity in it
    (exit 1, as a refused review packet)."""

    exit_code = 1


def make_invitations(state, site, guideline: str, invitees: list[tuple[str, str]], *, closes: Optional[str],
                     show_findings: bool, show_others: bool, base_url: str, title: Optional[str] = None):
    """`serve --invite`: open a round on ``guideline`` (or use its open round) and make links."""
    g = site.by_path(guideline)
    if g is None:
        raise UsageError(f"'{guideline}' is not one of the guidelines given to serve",
                         hint="name a guideline file, e.g. lic-policy serve guidelines/x.yaml --invite advisory-1")
    refused = g.identity_reasons()
    if refused:  # as `review packet`: the room shows the draft to reviewers outside the team
        raise RoundRefused("refusing to open a review round: " + "; ".join(refused), file=g.path,
                           hint="fix these first: the room shows the guideline to reviewers outside the team")
    rnd = next((r for r in reversed(state.rounds(g.path)) if r.is_open()), None)
    if rnd is None:  # looked at again, with the opening, in one transaction (another --invite may be opening it)
        rnd = state.open_round(g.path, g.version, g.document().text, closes=closes, show_findings=show_findings,
                               show_others=show_others, title=title, reuse_open=True)
    links = []
    for handle, role in invitees:
        inv, token = state.invite(rnd.id, handle, role)
        links.append((inv, f"{base_url}/i/{token}"))
    return rnd, links


HTTP_TIMEOUT = 20.0
"""Seconds a client has to send a request's head (request line and headers), and a POST's
body once its head is in (``LIC_POLICY_HTTP_TIMEOUT``)."""


def http_timeout() -> float:
    raw = os.environ.get("LIC_POLICY_HTTP_TIMEOUT", "")
    try:
        value = float(raw) if raw else HTTP_TIMEOUT
    except ValueError:
        raise UsageError(f"LIC_POLICY_HTTP_TIMEOUT={raw!r} is not a number of seconds",
                         hint=f"e.g. LIC_POLICY_HTTP_TIMEOUT={HTTP_TIMEOUT:g}") from None
    if not 0 < value < 86400:
        raise UsageError(f"LIC_POLICY_HTTP_TIMEOUT={raw!r} must be more than 0 and less than a day")
    return value


FILES_KEPT = 64
"""File descriptors the room keeps for itself (the state, guidelines, review files, pandoc's
pipes, the log) beside its connections."""


def open_file_limit() -> int:
    """The process's limit of open files, raised to its hard limit (at most 65,536) first: each
    connection holds one, and many systems start a process at 1,024."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        want = 65536 if hard == resource.RLIM_INFINITY else min(hard, 65536)
        if soft != resource.RLIM_INFINITY and soft < want:
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
            soft = want
        return 65536 if soft == resource.RLIM_INFINITY else soft
    except (ImportError, ValueError, OSError):  # pragma: no cover - Windows, or a refusal
        return 1024


class QuietAcceptTrouble(logging.Filter):  # pragma: no cover - run in the server process
    """asyncio's "socket.accept() out of system resource" (no file descriptor left) as one line a
    minute, without its traceback: asyncio retried and logged each of up to 2,048 waiting
    connections every second (355,270 lines in 8 s), filling the disk the log is on. The retry
    asyncio schedules, when it runs after the room stopped, is not logged (a ValueError from the
    closed socket: asyncio's own)."""

    def __init__(self) -> None:
        super().__init__()
        self.last = 0.0
        self.quiet = 0

    def filter(self, record: logging.LogRecord) -> bool:
        import time

        text = str(record.msg)
        if text.startswith("Exception in callback") and "_start_serving" in text and record.exc_info \
                and isinstance(record.exc_info[1], ValueError):
            # asyncio's retry of an accept that failed for want of a descriptor, run after the
            # room stopped (its socket closed): nothing was lost, and the traceback is asyncio's
            return False
        if not text.startswith("socket.accept() out of system resource"):
            return True
        now = time.monotonic()
        if now - self.last < 60:
            self.quiet += 1
            return False
        record.msg = ("could not take a new connection: no file descriptor left (the room closes the connections "
                      "that wait longest for their request; %d such messages left out in the last minute)")
        record.args = (self.quiet,)
        record.exc_info = None
        record.exc_text = None
        self.last, self.quiet = now, 0
        return True


class QuietUnfinishedAnswer(logging.Filter):
    """uvicorn's "ASGI callable returned without completing response." beside the room's own
    line ("connection closed before the answer to GET /review was sent"): the room returns
    without finishing an answer only when it could not be sent (the client went away, or uvicorn
    answered a malformed request itself) or after an error it logged with its own line, so
    uvicorn's adds an error to the log that says nothing more (hostile23)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("ASGI callable returned without completing response")


_QUIET = {"asyncio": QuietAcceptTrouble, "uvicorn.error": QuietUnfinishedAnswer}


def quiet_logs() -> None:
    """The room's filters on asyncio's and uvicorn's loggers (once each, however often called)."""
    for name, kind in _QUIET.items():
        logger = logging.getLogger(name)
        if not any(isinstance(f, kind) for f in logger.filters):
            logger.addFilter(kind())


def head_timed_protocol(seconds: float, max_connections: Optional[int] = None):  # pragma: no cover - server process
    """uvicorn's h11 protocol, except that a request's head must arrive within ``seconds``, and
    that past ``max_connections`` open connections a new one closes the connection that has
    waited longest for a request head.

    uvicorn times out only idle keep-alive connections: a client that sends a request line and
    then a header byte now and then ("slowloris") held its connection and a file descriptor
    for ever, and a few thousand of them shut everyone else out of the room. Even with the time
    limit, a burst of such connections used up the process's file descriptors until their time
    ran out: every reviewer waited, and every refused accept logged a traceback."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    waiting: dict = {}  # connections waiting for a request head, oldest first

    class HeadTimedH11(H11Protocol):
        _head_timer = None

        def _arm(self) -> None:
            self._disarm()
            self._head_timer = self.loop.call_later(seconds, self._head_late)
            waiting.pop(self, None)
            waiting[self] = None

        def _disarm(self) -> None:
            waiting.pop(self, None)
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _make_room(self) -> None:
            if max_connections is None or len(self.server_state.connections) <= max_connections:
                return
            oldest = next((c for c in waiting if c is not self), None)
            if oldest is not None:
                oldest._disarm()
                if not oldest.transport.is_closing():
                    oldest.transport.close()

        def _head_late(self) -> None:
            self._head_timer = None
            waiting = self.cycle is None or self.cycle.response_complete  # no request under way
            if waiting and not self.transport.is_closing():
                self.logger.info("closed a connection whose request head did not arrive within %g s", seconds)
                self.transport.close()

        def connection_made(self, transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()
            self._make_room()

        def handle_events(self) -> None:
            super().handle_events()
            if self.cycle is not None and not self.cycle.response_complete:  # a head arrived
                self._disarm()

        def send_400_response(self, msg: str) -> None:
            """uvicorn's answer to a request head h11 cannot read (two Host headers, none, a
            method holding '@'), with the security headers every other answer of the room
            carries: uvicorn's own 400 had no Content-Security-Policy, nosniff or frame header."""
            import h11

            from .app import SECURITY_HEADERS

            headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"connection", b"close"),
                       (b"cache-control", b"no-store")]
            headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
            text = (b"Bad request: the server could not read this HTTP request's head (a Host header twice or not at "
                    b"all, or a line that is not HTTP).")
            try:
                for event in (h11.Response(status_code=400, headers=headers, reason=b"Bad Request"),
                              h11.Data(data=text), h11.EndOfMessage()):
                    self.transport.write(self.conn.send(event))
            except h11.LocalProtocolError:  # an answer already under way: close as uvicorn would
                pass
            self.transport.close()

        def _unsupported_upgrade_warning(self) -> None:
            """Nothing: uvicorn logged two warnings for each request asking to upgrade its
            connection (`Upgrade: websocket` or `h2c`), the second advising `pip install
            'uvicorn[standard]'` or a WebSocket library. The room has none by design (uvicorn's
            WebSocket handler logged each client's address), and a client sending such requests
            in a loop filled the log; the request is answered as any other."""

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing() and (self.cycle is None or self.cycle.response_complete):
                self._arm()  # the next request's head, on a kept-alive connection

        def connection_lost(self, exc) -> None:
            self._disarm()
            super().connection_lost(exc)

    return HeadTimedH11


def run(app, host: str, port: int) -> None:  # pragma: no cover - exercised by the browser tests in a process
    import uvicorn

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s", stream=sys.stderr)
    # what start-up made (modules, templates, models) lives as long as the server: keep it out
    # of the cyclic garbage collector's full passes, which otherwise pause every request
    import gc

    gc.collect()
    gc.freeze()
    # h11 with a 64 KB bound on a request's head: httptools (uvicorn's default) keeps every
    # header line a client sends, so one request could grow the server without limit
    # ... and a request head must arrive within http_timeout() seconds (slow clients)
    # ... and past the file limit, the connection waiting longest for its head makes way
    quiet_logs()
    connections = max(16, open_file_limit() - FILES_KEPT)
    uvicorn.run(app, host=host, port=port, access_log=False, proxy_headers=False, server_header=False,
                log_level="info", timeout_graceful_shutdown=5,
                http=head_timed_protocol(http_timeout(), connections), h11_max_incomplete_event_size=64 * 1024,
                # the room has no WebSocket: uvicorn's WebSocket handler logged each upgrade
                # request with the client's address and port ('127.0.0.1:48090 - "WebSocket /"
                # 403'), so any page or probe asking for one put an IP address in the log
                ws="none")


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this computer's own address: localhost, ::1 or any 127.x address,
    in the short and numeric forms the socket layer takes too (127.1, 2130706433). A name that
    only starts like one (``127.0.0.1.evil.example``) is not: the room would listen wherever it
    points, taken for this computer without --allow-host."""
    import ipaddress
    import socket

    if host in LOOPBACK:
        return True
    try:
        ip = ipaddress.ip_address(host[1:-1] if host.startswith("[") and host.endswith("]") else host)
    except ValueError:
        if not re.fullmatch(r"(?:0[xX])?[0-9a-fA-F]+(?:\.(?:0[xX])?[0-9a-fA-F]+){0,3}", host):
            return False
        try:
            ip = ipaddress.ip_address(socket.inet_aton(host))
        except OSError:
            return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return bool(ip.is_loopback or (mapped is not None and mapped.is_loopback))


__all__ = ["run", "make_invitations", "Config", "create_app", "is_loopback"]
