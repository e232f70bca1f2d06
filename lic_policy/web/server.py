"""Start the review room: open the state, make the operator link, run uvicorn.

uvicorn is the ASGI server (well kept, the reference server for Starlette); its access log
is switched off — it would record every client's IP address and every path, and paths can
hold invitation tokens. Proxy headers are not trusted (no forwarded addresses are read).
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Optional

from ..errors import UsageError
from .app import LOOPBACK, Config, create_app


def make_invitations(state, site, guideline: str, invitees: list[tuple[str, str]], *, closes: Optional[str],
                     show_findings: bool, show_others: bool, base_url: str, title: Optional[str] = None):
    """`serve --invite`: open a round on ``guideline`` (or use its open round) and make links."""
    g = site.by_path(guideline)
    if g is None:
        raise UsageError(f"'{guideline}' is not one of the guidelines given to serve",
                         hint="name a guideline file, e.g. lic-policy serve guidelines/x.yaml --invite advisory-1")
    rnd = next((r for r in reversed(state.rounds(g.path)) if r.is_open()), None)
    if rnd is None:
        rnd = state.open_round(g.path, g.version, g.document().text, closes=closes, show_findings=show_findings,
                               show_others=show_others, title=title)
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


def head_timed_protocol(seconds: float):  # pragma: no cover - run in the server process
    """uvicorn's h11 protocol, except that a request's head must arrive within ``seconds``.

    uvicorn times out only idle keep-alive connections: a client that sends a request line and
    then a header byte now and then ("slowloris") held its connection and a file descriptor
    for ever, and a few thousand of them shut everyone else out of the room."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class HeadTimedH11(H11Protocol):
        _head_timer = None

        def _arm(self) -> None:
            self._disarm()
            self._head_timer = self.loop.call_later(seconds, self._head_late)

        def _disarm(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _head_late(self) -> None:
            self._head_timer = None
            waiting = self.cycle is None or self.cycle.response_complete  # no request under way
            if waiting and not self.transport.is_closing():
                self.logger.info("closed a connection whose request head did not arrive within %g s", seconds)
                self.transport.close()

        def connection_made(self, transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def handle_events(self) -> None:
            super().handle_events()
            if self.cycle is not None and not self.cycle.response_complete:  # a head arrived
                self._disarm()

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
    uvicorn.run(app, host=host, port=port, access_log=False, proxy_headers=False, server_header=False,
                log_level="info", timeout_graceful_shutdown=5, http=head_timed_protocol(http_timeout()),
                h11_max_incomplete_event_size=64 * 1024)


def is_loopback(host: str) -> bool:
    return host in LOOPBACK or host.startswith("127.")


__all__ = ["run", "make_invitations", "Config", "create_app", "is_loopback"]
