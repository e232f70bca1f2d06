"""Review room benchmark (issue 14 targets): a 50-page guideline's review page renders
server-side in under 150 ms; posting a comment takes under 50 ms at p99 with 50 concurrent
reviewers.

A real `lic-policy serve` runs on 127.0.0.1 (a free port, its own state file, a copy of the
~50-page publish benchmark guideline). The server's own time per request comes from its
``Server-Timing`` header; latency is measured at the client too (httpx, keep-alive).

* render: the reviewer's page (the whole guideline, threads beside it) right after the
  guideline changed on disk (nothing cached: read, rendered, threads placed) and again
  unchanged; the staff round page with check findings the same way;
* load: 50 reviewers for 60 s, each in a loop — post a comment on a clause (words chosen at
  random), then every fifth time read the page again — with a think time of 0.5–1.5 s, as
  people write. Bounded: 60 s, then every reviewer stops. Reports requests per second, p50
  and p99 of posting and of reading, and that every comment answered 201 is in the review
  file afterwards (nothing lost);
* write path: one comment's write into the review file the load left, appended in place (what
  the room does) against the whole file replaced (what it did before), in this process.

    python bench/bench_web.py [--seconds 60] [--reviewers 50]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Row  # noqa: E402

SECONDS = 60
REVIEWERS = 50
RENDER_TARGET_MS = 150
POST_P99_TARGET_MS = 50


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Server:
    def __init__(self, guideline: Path):
        self.dir = Path(tempfile.mkdtemp(prefix="lic-bench-room-"))
        self.guideline = self.dir / "guideline.yaml"
        shutil.copy(guideline, self.guideline)
        self.review = self.dir / "guideline.review.yaml"
        self.state = self.dir / "room.sqlite3"
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = None

    def cli(self, *args: str) -> str:
        out = subprocess.run([sys.executable, "-m", "lic_policy", *args], capture_output=True, text=True,
                             cwd=str(self.dir), check=True)
        return out.stdout

    def invite(self, handles: list[str]) -> dict[str, str]:
        out = self.cli("serve", str(self.dir), "--state", str(self.state), "--port", str(self.port),
                       *[a for h in handles for a in ("--invite", h)])
        return dict(re.findall(r"(\S+) \(sex-worker-advisory\): (\S+)", out))

    def start(self) -> str:
        self.proc = subprocess.Popen([sys.executable, "-m", "lic_policy", "serve", str(self.dir), "--port",
                                      str(self.port), "--state", str(self.state)],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=str(self.dir))
        staff = ""
        for line in self.proc.stdout:
            m = re.search(r"staff link .*?: (http\S+)", line)
            if m:
                staff = m.group(1)
                break
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return staff
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the review room did not start")

    def cpu_seconds(self) -> float | None:
        """CPU time the server has used so far (user + system; Linux)."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, AttributeError, ValueError, IndexError):
            return None

    def peak_mb(self) -> float | None:
        """The server's peak resident memory so far (Linux: VmHWM)."""
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        except (OSError, AttributeError, ValueError):
            pass
        return None

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)
            self.proc.stdout.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def _cpu_pressure() -> float | None:
    """Share of the last minute in which some runnable task waited for a CPU (Linux PSI,
    /proc/pressure/cpu "some avg60"): how contended the machine was while measuring."""
    try:
        for line in Path("/proc/pressure/cpu").read_text().splitlines():
            if line.startswith("some "):
                return float(line.split("avg60=")[1].split()[0])
    except (OSError, ValueError, IndexError):
        pass
    return None


def _server_ms(response) -> float:
    m = re.search(r"dur=([\d.]+)", response.headers.get("server-timing", ""))
    return float(m.group(1)) if m else float("nan")


def _touch(path: Path, n: int) -> None:
    """A new draft on disk: a comment line changes (the text, its digest and its mtime)."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\A(# bench edit \d+\n)?", f"# bench edit {n}\n", text, count=1)
    path.write_text(text, encoding="utf-8")


def measure_render(srv: _Server, staff_link: str, reviewer_link: str, runs: int = 7) -> dict:
    import httpx

    out: dict = {}
    with httpx.Client(base_url=srv.base, follow_redirects=True, timeout=120) as c:
        c.get(reviewer_link.replace(srv.base, ""))
        cold, warm, size = [], [], 0
        for n in range(runs):
            _touch(srv.guideline, n)
            r = c.get("/review")
            assert r.status_code == 200, r.text[:300]
            cold.append(_server_ms(r))
            size = len(r.content)
            r = c.get("/review")
            warm.append(_server_ms(r))
        out["review_cold_ms"] = statistics.median(cold[1:])  # the first one also imports modules
        out["review_warm_ms"] = statistics.median(warm)
        out["review_kb"] = size / 1024
    with httpx.Client(base_url=srv.base, follow_redirects=True, timeout=120) as s:
        s.get(staff_link.replace(srv.base, ""))
        cold, warm = [], []
        for n in range(runs):
            _touch(srv.guideline, 100 + n)
            r = s.get("/staff/r/1")
            assert r.status_code == 200, r.text[:300]
            cold.append(_server_ms(r))
            warm.append(_server_ms(s.get("/staff/r/1")))
        out["round_cold_ms"] = statistics.median(cold[1:])
        out["round_warm_ms"] = statistics.median(warm)
    return out


def measure_render_cpu(guideline: Path, runs: int = 7) -> float:
    """CPU time (not wall time: this machine is shared) of the reviewer's page right after the
    draft changed, the app called in this process through Starlette's TestClient."""
    import warnings

    warnings.filterwarnings("ignore", message=".*httpx.*")
    from starlette.testclient import TestClient

    from lic_policy.web.app import Config, create_app
    from lic_policy.web.site import Site
    from lic_policy.web.state import State

    folder = Path(tempfile.mkdtemp(prefix="lic-bench-render-"))
    try:
        path = folder / "guideline.yaml"
        shutil.copy(guideline, path)
        site, state = Site([str(folder)]), State(folder / "room.sqlite3")
        g = next(iter(site.guidelines.values()))
        rnd = state.open_round(g.path, g.version, g.document().text, closes=None, show_findings=False,
                               show_others=False, title=None)
        _inv, token = state.invite(rnd.id, "advisory-1", "sex-worker-advisory")
        c = TestClient(create_app(site, state, Config()), base_url="http://127.0.0.1:8000")
        c.get(f"/i/{token}")
        c.get("/review")
        times = []
        for n in range(runs):
            _touch(path, n)
            t0 = time.process_time()
            r = c.get("/review")
            times.append((time.process_time() - t0) * 1000)
            assert r.status_code == 200
        state.close()
        return statistics.median(times)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


async def _reviewer(base: str, link: str, words: list[tuple[str, str, int, int]], until: float, rng: random.Random,
                    stats: dict, name: str) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=base, follow_redirects=True, timeout=60) as c:
        page = (await c.get(link.replace(base, ""))).text
        csrf = re.search(r'data-csrf="([^"]+)"', page).group(1)
        n = 0
        while time.monotonic() < until:
            await asyncio.sleep(rng.uniform(0.5, 1.5))
            if time.monotonic() >= until:
                break
            part, digest, start, end = rng.choice(words)
            body = f"bench comment {n} from {name}"
            t0 = time.perf_counter()
            r = await c.post("/review/threads", headers={"X-CSRF-Token": csrf},
                             json={"part": part, "h": digest, "start": str(start), "end": str(end),
                                   "kind": "comment", "body": body})
            stats["post"].append((time.perf_counter() - t0) * 1000)
            stats["post_server"].append(_server_ms(r))
            if r.status_code == 201:
                stats["ok"].append(body)
            else:
                stats["failed"].append(r.status_code)
            n += 1
            if n % 5 == 0:
                t0 = time.perf_counter()
                r = await c.get("/review")
                stats["get"].append((time.perf_counter() - t0) * 1000)
                stats["get_server"].append(_server_ms(r))


def _words(page: str) -> list[tuple[str, str, int, int]]:
    """(part, fingerprint, start, end) of a few words in each clause shown."""
    out = []
    for m in re.finditer(r'data-part="([^"]+\|text)" data-h="(\w+)">\s*<p><span class="clause-id">.*?'
                         r'<span data-o="(\d+)">([^<]{20,})</span>', page):
        start = int(m.group(3))
        out.append((m.group(1), m.group(2), start, start + 12))
    return out


def measure_load(srv: _Server, links: dict[str, str], seconds: float) -> dict:
    import httpx

    with httpx.Client(base_url=srv.base, follow_redirects=True, timeout=120) as c:
        page = c.get(next(iter(links.values())).replace(srv.base, "")).text
    words = _words(page)
    assert words, "no clause text found on the page"
    stats: dict = {k: [] for k in ("post", "post_server", "get", "get_server", "ok", "failed")}
    rng = random.Random(14)

    async def main():
        until = time.monotonic() + seconds
        await asyncio.gather(*[_reviewer(srv.base, link, words, until, random.Random(rng.random()), stats, h)
                               for h, link in links.items()])

    t0 = time.perf_counter()
    asyncio.run(main())
    elapsed = time.perf_counter() - t0
    from lic_policy.review import threads

    stored = [t.body for t in threads.load(srv.review).review.threads]
    missing = set(stats["ok"]) - set(stored)
    requests = len(stats["post"]) + len(stats["get"])

    def pct(values, p):
        return statistics.quantiles(values, n=100, method="inclusive")[p - 1] if len(values) > 1 else float("nan")

    return {"seconds": elapsed, "requests": requests, "rps": requests / elapsed, "posts": len(stats["post"]),
            "post_p50": pct(stats["post"], 50), "post_p99": pct(stats["post"], 99),
            "post_server_p99": pct(stats["post_server"], 99), "get_p50": pct(stats["get"], 50),
            "get_p99": pct(stats["get"], 99), "get_server_p50": pct(stats["get_server"], 50),
            "failed": len(stats["failed"]), "lost": len(missing), "stored": len(stored)}


def measure_write_path(review: Path, writes: int = 200) -> dict:
    """The write of one comment alone, in this process, on a copy of the review file the load
    left (~1.4 MB): appended in place as the room does (``appendlog.append``: undo record
    fsynced, append, fsync) against the whole file replaced as it did before (``save_atomic``:
    temp file, fsync, rename, folder fsync), under the write lock, alternating, ``writes`` each."""
    from lic_policy import appendlog
    from lic_policy.store import locked, save_atomic

    folder = Path(tempfile.mkdtemp(prefix="lic-bench-write-"))
    try:
        whole, appended = folder / "whole.review.yaml", folder / "appended.review.yaml"
        shutil.copy(review, whole)
        shutil.copy(review, appended)
        content = whole.read_bytes()
        chunk = content[content.rindex(b"\n  - id: ") + 1:]  # the last thread's lines: a comment's size
        size = len(content)
        times: dict = {"whole": [], "append": []}
        for _ in range(writes):
            content += chunk
            t0 = time.perf_counter()
            with locked(whole):
                save_atomic(whole, content)
            times["whole"].append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            with locked(appended):
                appendlog.append(appended, size, chunk)
            times["append"].append((time.perf_counter() - t0) * 1000)
            size += len(chunk)
        assert appended.read_bytes() == whole.read_bytes()

        def pct(values, p):
            return statistics.quantiles(values, n=100, method="inclusive")[p - 1]

        return {"kb": len(content) / 1024, "chunk": len(chunk), "writes": writes,
                **{f"{k}_p{p}": pct(v, p) for k, v in times.items() for p in (50, 99)}}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(seconds: float = SECONDS, reviewers: int = REVIEWERS) -> list[Row]:
    from bench.bench_publish import guideline

    src = guideline()
    render_cpu = measure_render_cpu(src)
    srv = _Server(src)
    try:
        handles = [f"advisory-{i}" for i in range(reviewers)]
        links = srv.invite(handles)
        staff = srv.start()
        render = measure_render(srv, staff, links[handles[0]])
        cpu0 = srv.cpu_seconds()
        load = measure_load(srv, links, seconds)
        cpu1 = srv.cpu_seconds()
        cpu_ms = (cpu1 - cpu0) * 1000 / max(1, load["requests"]) if cpu0 is not None and cpu1 is not None else None
        busy = (cpu1 - cpu0) / load["seconds"] if cpu0 is not None and cpu1 is not None else None
        peak = srv.peak_mb()
        loadavg = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
        pressure = _cpu_pressure()
        write = measure_write_path(srv.review)
    finally:
        srv.stop()
    kb = src.stat().st_size / 1024
    cmd = "python bench/run.py web"
    rows = [
        Row("web", f"reviewer's page of a ~50-page guideline ({kb:.0f} KB YAML), server time, right after the draft "
                   "changed", f"{render['review_cold_ms']:.0f} ms", f"< {RENDER_TARGET_MS} ms",
            render["review_cold_ms"] < RENDER_TARGET_MS,
            note=f"unchanged: {render['review_warm_ms']:.0f} ms; page {render['review_kb']:.0f} KB", command=cmd),
        Row("web", "the same page's CPU time right after the draft changed (the app called in-process; immune "
                   "to other work on the machine)", f"{render_cpu:.0f} ms", f"< {RENDER_TARGET_MS} ms",
            render_cpu < RENDER_TARGET_MS, command=cmd),
        Row("web", "staff round page of the same guideline with check findings, server time, right after the draft "
                   "changed", f"{render['round_cold_ms']:.0f} ms", "",
            note=f"unchanged: {render['round_warm_ms']:.0f} ms", command=cmd),
        Row("web", f"{reviewers} concurrent reviewers for {seconds:.0f} s (post a comment every 0.5–1.5 s, read "
                   "the page every 5th)", f"{load['rps']:.1f} requests/s", peak_mb=peak,
            note=f"{load['requests']} requests, {load['posts']} comments"
            + (f"; load average {loadavg:.1f} at the end" if loadavg is not None else "")
            + (f", a task waiting for a CPU {pressure:.0f}% of the last minute" if pressure is not None else ""),
            command=cmd),
        Row("web", "the server's CPU time per request under that load (comments and page reads together)",
            f"{cpu_ms:.1f} ms" if cpu_ms is not None else "n/a",
            note=f"the server process used {busy:.2f} of a core" if busy is not None else "", command=cmd),
        Row("web", "posting a comment under that load, client-side latency p50 / p99",
            f"{load['post_p50']:.0f} / {load['post_p99']:.0f} ms", f"p99 < {POST_P99_TARGET_MS} ms",
            load["post_p99"] < POST_P99_TARGET_MS, note=f"server time p99 {load['post_server_p99']:.0f} ms",
            command=cmd),
        Row("web", "reading the reviewer's page under that load, p50 / p99", f"{load['get_p50']:.0f} / "
            f"{load['get_p99']:.0f} ms", "", note=f"server time p50 {load['get_server_p50']:.0f} ms", command=cmd),
        Row("web", "comments lost (answered 201 but not in the review file)", str(load["lost"]), "0",
            load["lost"] == 0 and load["failed"] == 0,
            note=f"{load['stored']} threads in the file; {load['failed']} requests refused", command=cmd),
        Row("web", f"writing one comment ({write['chunk']} bytes) into that review file ({write['kb']:.0f} KB) "
                   "under the write lock, in-process, p50 / p99: appended in place (undo record, append, fsync; "
                   "what the room does)", f"{write['append_p50']:.1f} / {write['append_p99']:.1f} ms", "",
            note=f"the whole file replaced instead (temp file, fsync, rename, folder fsync; {write['writes']} "
                 f"writes each, alternating): {write['whole_p50']:.1f} / {write['whole_p99']:.1f} ms", command=cmd),
    ]
    return rows


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=SECONDS)
    ap.add_argument("--reviewers", type=int, default=REVIEWERS)
    a = ap.parse_args()
    for row in run(a.seconds, a.reviewers):
        print(json.dumps(row.__dict__, default=str))
