"""Fifty reviewers posting at once through a real server, while `lic-policy review add` writes
to the same review file from another process: every thread is there afterwards."""

from __future__ import annotations

import json
import threading

import pytest

from .browser import Server


@pytest.mark.slow
def test_fifty_reviewers_posting_at_once_lose_nothing():
    with Server() as srv:
        handles = [f"advisory-{i}" for i in range(50)]
        links = srv.invite(*handles)
        assert len(links) == 50
        before = len(json.loads(srv.cli("review", "list", str(srv.guideline), "--format", "json").stdout)["threads"])
        clients = {h: srv.reviewer(link) for h, link in links.items()}
        barrier = threading.Barrier(51)
        results: dict = {}

        def post(h):
            barrier.wait()
            for k in range(3):
                results[(h, k)] = clients[h].comment(f"comment {k} from {h}")

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
        for reviewer in clients.values():
            reviewer.client.close()
        assert all(v in (201, 0) for v in results.values()), {k: v for k, v in results.items() if v not in (201, 0)}
        listing = json.loads(srv.cli("review", "list", str(srv.guideline), "--format", "json").stdout)
        bodies = [t["body"] for t in listing["threads"]]
        assert len(bodies) == before + 150 + 5
        for h in handles:
            for k in range(3):
                assert f"comment {k} from {h}" in bodies
        assert len({t["id"] for t in listing["threads"]}) == len(bodies)


@pytest.mark.slow
def test_stopping_and_restarting_loses_nothing():
    """Rounds, links and sessions are in the state file; threads in the review file: a restart
    keeps every one of them (the operator link is new; staff already signed in stay so)."""
    import httpx

    with Server() as srv:
        staff = httpx.Client(base_url=srv.base, follow_redirects=True, timeout=60)
        assert staff.get(srv.staff_link.replace(srv.base, "")).status_code == 200
        links = srv.invite("advisory-1", "advisory-2")
        signed_in = srv.reviewer(links["advisory-1"])
        reviewer = signed_in.client
        assert signed_in.comment("before the restart") == 201
        old_staff_link = srv.staff_link
        srv.stop()
        srv.start()
        # the same sessions, the same round, the same threads; the second link still opens
        assert "before the restart" in reviewer.get("/review").text
        assert signed_in.comment("after the restart") == 201
        assert "advisory-1" in staff.get("/staff/r/1").text
        other = httpx.Client(base_url=srv.base, follow_redirects=True, timeout=60)
        assert other.get(links["advisory-2"].replace(srv.base, "")).status_code == 200
        assert httpx.get(old_staff_link, timeout=60).status_code == 404  # a new operator token each start
        bodies = [t["body"] for t in json.loads(srv.cli("review", "list", str(srv.guideline), "--format",
                                                         "json").stdout)["threads"]]
        assert bodies[-2:] == ["before the restart", "after the restart"]
        for c in (staff, reviewer, other):
            c.close()


@pytest.mark.slow  # 0.27 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_flood_of_request_headers_is_refused_not_held_in_memory():
    """hostile3: uvicorn's default parser (httptools) kept every header line it was sent: 100 MB
    of headers on one request grew the server by 115 MB and were answered 200. The room now
    parses HTTP with h11 and a 64 KB bound on a request's head."""
    import socket

    with Server() as srv:
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % srv.port)
        answer = b""
        try:
            for i in range(2000):  # 2 MB of headers, well past any browser's
                s.sendall(b"X-Filler-%d: %s\r\n" % (i, b"a" * 1000))
            s.sendall(b"\r\n")
            answer = s.recv(100)
        except OSError:
            pass  # the server closed the connection: refused, as it should be
        finally:
            s.close()
        assert not answer.startswith(b"HTTP/1.1 200"), answer
        with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as ok:  # still serving
            ok.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n\r\n" % srv.port)
            assert ok.recv(100).startswith(b"HTTP/1.1 200")


@pytest.mark.slow  # 0.28 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_state_files_made_by_several_processes_at_once_all_open(tmp_path):
    """Two `serve --invite` (or a room and an invite) started together on a new state file both
    found no schema version and both wrote it: the second stopped with a traceback
    (IntegrityError: UNIQUE constraint failed: meta.key) — found as a flaky test under load.
    Eight openings at once, many times over, all succeed."""
    import threading

    from lic_policy.web.state import State

    for k in range(25):
        path = tmp_path / f"state-{k}.sqlite3"
        barrier = threading.Barrier(8)
        errors: list = []

        def open_it():
            barrier.wait()
            try:
                State(path).db.close()
            except Exception as exc:  # noqa: BLE001 - the test's subject
                errors.append(repr(exc))

        threads = [threading.Thread(target=open_it) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors[:2]
        assert State(path).db.execute("SELECT value FROM meta WHERE key='schema'").fetchone() is not None
