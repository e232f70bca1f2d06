"""Ctrl-C while `validate -j 2` or `check -j 2` works in its process pool, N times, beside CPU
load: how often the command did not stop at once with the one line `aborted` and exit 130.

tests/test_hostile_round15.py sends SIGINT to the whole process group 0.1 s after the pool's
first worker appears; on a loaded machine the pool may still be forking then, and the races
of hostile18 lived there (an interrupt dropped inside a fork hook, a worker killed before it
set Ctrl-C aside). This runs that scenario with the signal sent 0 to 100 ms after the first
worker appears, each run counted as ok, bad (another exit code or more output) or hang (still
running 30 s later: stacks dumped, then killed).

    python bench/ctrl_c_race.py --root . -n 40 --command validate --delays 0,0.01,0.03,0.1 --load 2

--root names the source tree to run (another worktree, or an export of an older commit).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def children(pid: int) -> list[int]:
    """The processes ``pid`` started (Linux's /proc), [] where that cannot be read (also used by
    tests/test_hostile_round15.py)."""
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as fh:
                kids += [int(k) for k in fh.read().split()]
    except OSError:
        pass
    return kids


def ctrl_c_reaches() -> None:
    """In the child, before it starts: Ctrl-C's default, as in a terminal. A process started
    in the background by a shell without job control (`make test &`, nohup, some CI runners)
    inherits SIGINT ignored, and Python then never raises KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", default=str(HERE), help="the lic-policy source tree to run")
    ap.add_argument("-n", type=int, default=40, help="runs")
    ap.add_argument("--command", choices=["validate", "check"], default="validate")
    ap.add_argument("--delays", default="0,0.01,0.03,0.1", help="seconds after the first worker, taken in turn")
    ap.add_argument("--load", type=int, default=0, help="busy processes beside it")
    args = ap.parse_args()
    root = Path(args.root).resolve()
    delays = [float(d) for d in args.delays.split(",")]
    tmp = Path(tempfile.mkdtemp(prefix="lic-ctrl-c-"))
    folder = tmp / "many"
    folder.mkdir()
    data = (root / "guidelines" / "cedar-harbour-early-draft.yaml").read_bytes()
    for i in range(400 if args.command == "check" else 2400):
        (folder / f"g{i:04}.yaml").write_bytes(data)
    site = tmp / "site"  # every run can dump its threads' stacks on SIGUSR1
    site.mkdir()
    (site / "sitecustomize.py").write_text("import faulthandler, signal\n"
                                           "faulthandler.register(signal.SIGUSR1, all_threads=True)\n")
    env = dict(os.environ, PYTHONPATH=f"{site}{os.pathsep}{root}", LIC_POLICY_NOW="2026-11-24T10:00:00Z")
    env.pop("LIC_POLICY_DEBUG", None)
    cmd = ["check", "--no-cache"] if args.command == "check" else ["validate"]
    burners = [subprocess.Popen([sys.executable, "-c", "while 1: pass"]) for _ in range(args.load)]
    counts = {"ok": 0, "bad": 0, "hang": 0, "skipped": 0}
    stops: list[float] = []
    try:
        for n in range(args.n):
            delay = delays[n % len(delays)]
            proc = subprocess.Popen([sys.executable, "-m", "lic_policy", *cmd, "-j", "2", str(folder)], cwd=tmp,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                                    start_new_session=True, preexec_fn=ctrl_c_reaches)
            deadline = time.monotonic() + 60
            while not children(proc.pid) and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.02)
            if proc.poll() is not None:
                counts["skipped"] += 1
                proc.communicate()
                continue
            time.sleep(delay)
            os.killpg(proc.pid, signal.SIGINT)
            sent = time.monotonic()
            try:
                _, err = proc.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(proc.pid, signal.SIGUSR1)
                time.sleep(1)
                os.killpg(proc.pid, signal.SIGKILL)
                _, err = proc.communicate()
                counts["hang"] += 1
                print(f"run {n} (delay {delay}): still running 30 s after Ctrl-C\n"
                      f"{err.decode(errors='replace')[-4000:]}", flush=True)
                continue
            text = err.decode(errors="replace")
            if proc.returncode != 130 or [ln for ln in text.splitlines() if ln.strip()] != ["aborted"]:
                counts["bad"] += 1
                print(f"run {n} (delay {delay}): exit {proc.returncode} after {time.monotonic() - sent:.2f} s\n"
                      f"{text[-1500:]}", flush=True)
            else:
                counts["ok"] += 1
                stops.append(time.monotonic() - sent)
    finally:
        for b in burners:
            b.kill()
            b.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    failed = counts["bad"] + counts["hang"]
    print(f"{args.command}: {failed} of {args.n - counts['skipped']} runs failed {counts}; slowest clean stop "
          f"{max(stops, default=0):.2f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
