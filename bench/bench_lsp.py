"""Language server latency (issue 15 target: diagnostics for a 40 KB guideline within 100 ms of
a change). `lic-policy lsp` runs as a subprocess; pygls's LanguageClient opens a generated
42 KB guideline, then edits it as a person types — single edits after a pause, and bursts of
keystrokes — and the time is measured from sending each change to receiving the diagnostics
published for that version (JSON-RPC over stdio included)."""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, Row  # noqa: E402
from bench.corpus import corpus  # noqa: E402

EDITS = 30
BURSTS = 10
KEYSTROKE = 0.05  # seconds between keystrokes in a burst (a fast typist)


async def _measure(path: Path) -> tuple[list[float], list[float], int]:
    from lsprotocol import types as lsp
    from pygls.lsp.client import LanguageClient

    client = LanguageClient("bench", "1")
    arrived: dict[int, float] = {}
    counts: dict[int, int] = {}
    event = asyncio.Event()

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(ls, params):  # noqa: ARG001 - pygls passes the client as `ls`
        arrived[params.version] = time.perf_counter()
        counts[params.version] = len(params.diagnostics)
        event.set()

    async def wait_for(version: int) -> float:
        while version not in arrived:
            event.clear()
            await asyncio.wait_for(event.wait(), 30)
        return arrived[version]

    await client.start_io(sys.executable, "-m", "lic_policy", "lsp")
    await client.initialize_async(lsp.InitializeParams(capabilities=lsp.ClientCapabilities(), process_id=None))
    client.initialized(lsp.InitializedParams())
    uri = path.resolve().as_uri()
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    line = next(i for i, ln in enumerate(lines) if ln.startswith("purpose:"))
    if lines[line].rstrip().endswith(("|", ">")):
        line += 1
    col = len(lines[line])
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(
        text_document=lsp.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)))
    await wait_for(1)
    version = 1
    word = " Outreach staff met prostitutes."  # must-flag text: each edit adds a finding, then removes it

    def change(at: int, new: str, remove: int = 0) -> int:
        nonlocal version
        version += 1
        start = lsp.Position(line=line, character=at)
        end = lsp.Position(line=line, character=at + remove)
        client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[lsp.TextDocumentContentChangePartial(range=lsp.Range(start=start, end=end), text=new)]))
        return version

    single: list[float] = []
    for i in range(EDITS):  # one edit after a pause: insert a sentence, then remove it
        await asyncio.sleep(0.4)
        sent = time.perf_counter()
        v = change(col, word) if i % 2 == 0 else change(col, "", len(word))
        single.append(await wait_for(v) - sent)
    burst: list[float] = []
    for _ in range(BURSTS):  # a burst of keystrokes: latency after the last one
        await asyncio.sleep(0.4)
        for j, ch in enumerate("sex work"):
            v = change(col + j, ch)
            sent = time.perf_counter()
            await asyncio.sleep(KEYSTROKE)
        burst.append(await wait_for(v) - sent)
        await asyncio.sleep(0.4)
        v = change(col, "", len("sex work"))
        await wait_for(v)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return single, burst, max(counts.values())


def run() -> list[Row]:
    path = corpus(1) / "guidelines" / "guideline-00000.yaml"
    kb = path.stat().st_size / 1000
    single, burst, findings = asyncio.run(_measure(path))
    med = statistics.median(single) * 1000
    p90 = sorted(single)[int(len(single) * 0.9) - 1] * 1000
    bmed = statistics.median(burst) * 1000
    rel = path.relative_to(ROOT)
    return [
        Row("lsp", f"`lic-policy lsp`: diagnostics after a change to a {kb:.0f} KB guideline (each edit adds or "
                   f"removes a finding; up to {findings})",
            f"{med:.0f} ms median, {p90:.0f} ms p90 of {EDITS} edits", "< 100 ms", p90 < 100,
            note="from didChange sent to publishDiagnostics received, JSON-RPC over stdio included",
            command=f"python bench/bench_lsp.py ({rel})"),
        Row("lsp", f"the same, after the last of a burst of keystrokes {KEYSTROKE * 1000:.0f} ms apart",
            f"{bmed:.0f} ms median of {BURSTS} bursts", "", None,
            note="a burst is checked once it pauses for 75 ms", command="python bench/bench_lsp.py"),
    ]


if __name__ == "__main__":
    for row in run():
        print(f"{row.what:90} {row.value:>40}  {row.target} {'met' if row.ok else ''}")
