"""Start the review room: open the state, make the operator link, run uvicorn.

uvicorn is the ASGI server (well kept, the reference server for Starlette); its access log
is switched off — it would record every client's IP address and every path, and paths can
hold invitation tokens. Proxy headers are not trusted (no forwarded addresses are read).
"""

from __future__ import annotations

import logging
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
    uvicorn.run(app, host=host, port=port, access_log=False, proxy_headers=False, server_header=False,
                log_level="info", timeout_graceful_shutdown=5, http="h11", h11_max_incomplete_event_size=64 * 1024)


def is_loopback(host: str) -> bool:
    return host in LOOPBACK or host.startswith("127.")


__all__ = ["run", "make_invitations", "Config", "create_app", "is_loopback"]
