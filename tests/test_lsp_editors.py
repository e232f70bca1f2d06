"""The README's editor snippets, run in real editors where they are installed (headless
Neovim; Emacs in batch mode with eglot): each must show lic-policy's diagnostics for the early
draft. Skipped, with the reason, where the editor is not installed (Debian: `apt-get install
neovim emacs-nox elpa-eglot elpa-yaml-mode`). VS Code cannot run headless here."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DRAFT, ROOT, run_cli

pytestmark = pytest.mark.slow


def _snippet(lang: str, marker: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    editor = readme[readme.index("<!-- section:editor -->"):readme.index("<!-- /section:editor -->")]
    for m in re.finditer(rf"```{lang}\n(.*?)```", editor, re.S):
        if marker in m.group(1):
            return m.group(1)
    raise AssertionError(f"no {lang} snippet with {marker!r} in the README's editor section")


def _expected() -> int:
    res = run_cli("check", "--no-cache", "-q", str(DRAFT))
    return len(res.stdout.splitlines())


def _env() -> dict:
    # the editors find `lic-policy` on PATH, as the README's snippets expect
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}


def test_neovim_snippet_shows_the_diagnostics(tmp_path):
    nvim = shutil.which("nvim")
    if nvim is None:
        pytest.skip("Neovim is not installed")
    version = subprocess.run([nvim, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    minor = int(re.search(r"v0\.(\d+)", version).group(1)) if re.search(r"v0\.(\d+)", version) else 99
    init = _snippet("lua", "vim.lsp.enable") if minor >= 11 else _snippet("lua", "start_client")
    (tmp_path / "init.lua").write_text(init, encoding="utf-8")
    shutil.copy(DRAFT, tmp_path / "draft.yaml")
    probe = ("lua local n, t = 0, vim.loop.now(); "
             "while #vim.diagnostic.get(0) == 0 and vim.loop.now() - t < 30000 do vim.wait(200) end; "
             "local d = vim.diagnostic.get(0); print('diagnostics ' .. #d .. ' ' .. (d[1] and d[1].source or ''))")
    proc = subprocess.run([nvim, "--headless", "-u", "init.lua", "draft.yaml", "+" + probe, "+qa!"], cwd=tmp_path,
                          capture_output=True, text=True, env=_env(), timeout=120)
    out = proc.stdout + proc.stderr
    assert f"diagnostics {_expected()} lic-policy" in out, out[-2000:]


def test_emacs_eglot_snippet_shows_the_diagnostics(tmp_path):
    emacs = shutil.which("emacs")
    if emacs is None:
        pytest.skip("Emacs is not installed")
    has = subprocess.run([emacs, "--batch", "--eval", "(progn (package-initialize) (princ (and (require 'eglot nil t)"
                          " (require 'yaml-mode nil t) t)))"], capture_output=True, text=True, timeout=60)
    if "t" not in has.stdout.split():
        pytest.skip("Emacs has no eglot or yaml-mode (Emacs 29 has eglot; or the elpa-eglot package)")
    (tmp_path / "init.el").write_text("(package-initialize)\n(require 'yaml-mode)\n(require 'eglot)\n"
                                      + _snippet("elisp", "eglot-server-programs"), encoding="utf-8")
    shutil.copy(DRAFT, tmp_path / "draft.yaml")
    (tmp_path / "probe.el").write_text("""
(find-file "draft.yaml")
(run-hooks 'post-command-hook)   ; eglot-ensure connects on the next command loop, which batch mode has not
(let ((deadline (+ (float-time) 40)))
  (while (and (< (float-time) deadline) (null (flymake-diagnostics)))
    (accept-process-output nil 0.5)
    (when (bound-and-true-p flymake-mode) (flymake-start))))
(princ (format "diagnostics %d\\n" (length (flymake-diagnostics))))
""", encoding="utf-8")
    proc = subprocess.run([emacs, "--batch", "-l", "init.el", "-l", "probe.el"], cwd=tmp_path, capture_output=True,
                          text=True, env=_env(), timeout=180)
    out = proc.stdout + proc.stderr
    assert f"diagnostics {_expected()}" in out, out[-2000:]
