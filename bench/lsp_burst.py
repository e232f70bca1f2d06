"""`lic-policy lsp`'s debounce as tests/test_lsp.py's burst test drives it, N times on one server:
12 keystrokes sent together, the checks the server published for them counted (the open's
check included), and the time to the last. The server is the tree PYTHONPATH names (another
worktree, or an export of an older commit); run it beside CPU load to see a loaded machine.

    PYTHONPATH=. python bench/lsp_burst.py 20
"""
import asyncio, shutil, sys, time, tempfile
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests import test_lsp as T
from lsprotocol import types as lsp
N = int(sys.argv[1])
T.TIMEOUT = 600
tmp = Path(tempfile.mkdtemp())
async def main():
    ed = T.Editor(tmp); await ed.start()
    warm = tmp / "warm.yaml"; shutil.copy(T.GOOD, warm)
    t = time.monotonic(); await asyncio.wait_for(ed.diagnostics(ed.open(warm), 1), 600)
    print(f"warm-up open check {time.monotonic()-t:.1f}s", flush=True)
    bad = 0
    for n in range(N):
        good = tmp / f"city{n}.yaml"; shutil.copy(T.GOOD, good)
        text = good.read_text(encoding="utf-8")
        line = next(i for i, ln in enumerate(text.split("\n")) if ln.startswith("purpose:"))
        uri = ed.open(good); await asyncio.wait_for(ed.diagnostics(uri, 1), 600)
        col = len("purpose: ")
        if text.split("\n")[line].rstrip() in ("purpose: |", "purpose: >"):
            line_no, col = line + 1, len(text.split("\n")[line + 1]) - len(text.split("\n")[line + 1].lstrip())
        else:
            line_no = line
        t = time.monotonic()
        for i, ch in enumerate("Prostitutes "):
            pos = lsp.Position(line=line_no, character=col + i)
            v = ed.edit(uri, [lsp.TextEdit(range=lsp.Range(start=pos, end=pos), new_text=ch)])
        await asyncio.wait_for(ed.diagnostics(uri, v), 600)
        versions = [p.version for p in ed.published[uri]]
        bad += len(versions) >= 6
        print(f"run {n+1}: {len(versions)} checks {versions} in {time.monotonic()-t:.2f}s", flush=True)
    print(f"{bad} of {N} runs had 6 or more checks (the test's bound)", flush=True)
    await ed.stop()
asyncio.run(main())
