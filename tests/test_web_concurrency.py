"""Fifty reviewers posting at once through a real server, while `lic-policy review add` writes
to the same review file from another process: every thread is there afterwards."""

from __future__ import annotations

import json
import re
import threading

from .browser import Server


def test_fifty_reviewers_posting_at_once_lose_nothing():
    import httpx

    with Server() as srv:
        handles = [f"advisory-{i}" for i in range(50)]
        out = srv.cli("serve", str(srv.dir), "--state", str(srv.state), "--port", str(srv.port),
                      *[a for h in handles for a in ("--invite", h)])
        assert out.returncode == 0, out.stderr
        links = dict(re.findall(r"(advisory-\d+) \(sex-worker-advisory\): (\S+)", out.stdout))
        assert len(links) == 50
        before = len(json.loads(srv.cli("review", "list", str(srv.guideline), "--format", "json").stdout)["threads"])
        clients = {}
        for h, link in links.items():
            c = httpx.Client(base_url=srv.base, follow_redirects=True, timeout=60)
            page = c.get(link.replace(srv.base, "")).text
            csrf = re.search(r'data-csrf="([^"]+)"', page).group(1)
            digest = re.search(r'data-part="response\.violence\.1\|text" data-h="(\w+)"', page).group(1)
            clients[h] = (c, csrf, digest)
        barrier = threading.Barrier(51)
        results: dict = {}

        def post(h):
            c, csrf, digest = clients[h]
            barrier.wait()
            for k in range(3):
                r = c.post("/review/threads", headers={"X-CSRF-Token": csrf},
                           json={"part": "response.violence.1|text", "h": digest, "start": "0", "end": "11",
                                 "kind": "comment", "body": f"comment {k} from {h}"})
                results[(h, k)] = r.status_code

        def cli_adds():
            barrier.wait()
            for k in range(5):
                r = srv.cli("review", "add", str(srv.guideline), "--clause", "response.violence.2",
                            "--quote", "serious", "--body", f"cli comment {k}", "--author", "staff-cli",
                            "--role", "staff")
                results[("cli", k)] = r.returncode

        workers = [threading.Thread(target=post, args=(h,)) for h in handles] + [threading.Thread(target=cli_adds)]
        for w in workers:
            w.start()
        for w in workers:
            w.join(300)
        for c, _csrf, _d in clients.values():
            c.close()
        assert all(v in (201, 0) for v in results.values()), {k: v for k, v in results.items() if v not in (201, 0)}
        listing = json.loads(srv.cli("review", "list", str(srv.guideline), "--format", "json").stdout)
        bodies = [t["body"] for t in listing["threads"]]
        assert len(bodies) == before + 150 + 5
        for h in handles:
            for k in range(3):
                assert f"comment {k} from {h}" in bodies
        assert len({t["id"] for t in listing["threads"]}) == len(bodies)
