"""ux19: the three kinds of user, end to end — a municipal drafter from a Word file, a
sex-worker advisory reviewer in the review room on a phone, and CI on a policy repository.
Each test here failed before its fix."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import DRAFT, ROOT


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("CI", None)
    return env


@pytest.mark.parametrize("output", [None, "/dev/stdout"])
@pytest.mark.parametrize("fmt", ["json", "sarif", "codeclimate"])
def test_a_reader_that_stops_early_ends_the_report_quietly(fmt, output, tmp_path):
    """`check --format json -o /dev/stdout FILE | head` ended with `/dev/stdout: error: cannot
    write the file: Broken pipe (...)` and exit 2; without `-o` it ended quietly with exit 1. A
    closed pipe is the reader's choice, as for `seq 1 100000 | head`: no error line, and the
    same exit code either way."""
    args = [sys.executable, "-m", "lic_policy", "check", "--no-cache", "--format", fmt, str(DRAFT)]
    if output:
        args += ["-o", output]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path, env=_env())
    assert proc.stdout.read(10)  # the report has started: what `head -c 10` reads
    proc.stdout.close()
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=120)
    assert "error" not in err and "Broken pipe" not in err and "Traceback" not in err, err
    assert code == 1, (code, err)


def test_invitation_links_made_with_port_0_name_the_port_the_room_is_told_to_use(tmp_path):
    """`serve --invite advisory-3 --port 0` printed `http://127.0.0.1:0/i/…`, a link no browser
    opens, and a `next:` line starting the room with `--port 0`, another free port each time:
    the links could never open. A free port is chosen now, named in the links and the next line."""
    import re
    import shutil

    from .conftest import GOOD, run_cli

    g = tmp_path / GOOD.name
    shutil.copy(GOOD, g)
    r = run_cli("serve", str(g), "--state", str(tmp_path / "s.sqlite3"), "--invite", "advisory-3", "--port", "0")
    assert r.exit_code == 0, r.stderr
    ports = set(re.findall(r"http://127\.0\.0\.1:(\d+)/i/", r.stdout))
    assert len(ports) == 1 and ports != {"0"}, r.stdout
    nxt = [line for line in r.stdout.splitlines() if line.startswith("next:")]
    assert nxt and f"--port {ports.pop()}" in nxt[0], r.stdout
