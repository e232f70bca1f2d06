"""Published pages as pictures, the way a person sees them: PDF pages through poppler's
``pdftoppm``, HTML through headless Chromium (Debian's ``chromium``). Used by the tests
(which skip when a tool is missing) and to make the README's pictures::

    python -m lic_policy.publish.pictures GUIDELINE.yaml OUT_FOLDER

Nothing here is needed to publish.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path


class ToolMissing(RuntimeError):
    """A rendering tool is not installed."""


def _tool(*names: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    raise ToolMissing(f"{names[0]} is not installed")


def png_size(path: Path) -> tuple[int, int]:
    with open(path, "rb") as fh:
        head = fh.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG")
    return struct.unpack(">II", head[16:24])


def pdf_to_png(pdf: Path, out_prefix: Path, *, first: int = 1, last: int | None = None, dpi: int = 80) -> list[Path]:
    """Pages ``first``..``last`` of ``pdf`` as PNG files ``out_prefix-N.png``."""
    exe = _tool("pdftoppm")
    out_prefix.parent.mkdir(parents=True, exist_ok=True)
    args = [exe, "-png", "-r", str(dpi), "-f", str(first)]
    if last is not None:
        args += ["-l", str(last)]
    subprocess.run([*args, str(pdf), str(out_prefix)], check=True, capture_output=True, timeout=120)
    return sorted(out_prefix.parent.glob(out_prefix.name + "-*.png"))


def html_to_png(html: Path, out: Path, *, width: int = 1000, height: int = 1400) -> Path:
    """A screenshot of ``html`` at ``width`` x ``height`` CSS pixels."""
    exe = _tool("chromium", "chromium-browser", "google-chrome")
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lic-chromium-") as profile:
        args = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                f"--user-data-dir={profile}", f"--window-size={width},{height}", f"--screenshot={out}",
                Path(html).resolve().as_uri()]
        proc = subprocess.run(args, capture_output=True, timeout=120, env={**os.environ, "HOME": profile})
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(f"chromium could not take the screenshot: {proc.stderr.decode(errors='replace')[-300:]}")
    return out


def main(argv: list[str]) -> None:  # pragma: no cover - a maintenance tool for the README's pictures
    from .render import publish

    guideline, folder = Path(argv[0]), Path(argv[1])
    style = argv[2] if len(argv) > 2 else "standard"
    with tempfile.TemporaryDirectory() as tmp:
        paths = {p.suffix[1:]: p for p in publish(guideline, ["html", "pdf"], tmp, style=style)}
        stem = guideline.stem + ("" if style == "standard" else f"-{style}")
        print(html_to_png(paths["html"], folder / f"{stem}-html.png"))
        for page in pdf_to_png(paths["pdf"], folder / f"{stem}-pdf", first=1, last=3):
            print(page)


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
