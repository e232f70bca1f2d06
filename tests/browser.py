"""Helpers for the review room's tests: a real `lic-policy serve` process on a free port of
127.0.0.1 with its own state file and a copy of a sample guideline, and headless Chromium
driven by Selenium (Debian's /usr/bin/chromium and /usr/bin/chromedriver)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, NamedTuple, Optional

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "guidelines" / "cedar-harbour-sex-work-response.yaml"
SCREENSHOTS = Path(os.environ.get("LIC_POLICY_SCREENSHOTS", ROOT / "out" / "screenshots"))
AXE = Path(os.environ.get("LIC_POLICY_AXE", ROOT / "bench" / ".tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js"))
CHROMIUM = os.environ.get("LIC_POLICY_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("LIC_POLICY_CHROMEDRIVER", "/usr/bin/chromedriver")
DESKTOP = (1280, 900)
PHONE = (360, 780)


def browser_missing() -> Optional[str]:
    """Why the browser tests cannot run here, or None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.access(path, os.X_OK):
            return f"{path} not found: install Debian's {package} package (apt-get install -y chromium chromium-driver)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`lic-policy serve FOLDER` in a subprocess; stops with the context."""

    def __init__(self, guideline: Path = SAMPLE, with_review: bool = True, extra_args: tuple = ()):
        self.dir = Path(tempfile.mkdtemp(prefix="lic-room-"))
        self.guideline = self.dir / guideline.name
        shutil.copy(guideline, self.guideline)
        review = guideline.with_name(guideline.name[:-5] + ".review.yaml")
        if with_review and review.exists():
            shutil.copy(review, self.dir / review.name)
        self.review_file = self.dir / (guideline.name[:-5] + ".review.yaml")
        self.state = self.dir / "state" / "room.sqlite3"
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.extra_args = extra_args
        self.proc: Optional[subprocess.Popen] = None
        self.staff_link = ""
        self.log = self.dir / "server.log"

    def start(self) -> "Server":
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self._log = open(self.log, "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "lic_policy", "serve", str(self.dir), "--port", str(self.port),
             "--state", str(self.state), *self.extra_args],
            stdout=subprocess.PIPE, stderr=self._log, text=True, env=env, cwd=str(self.dir))
        deadline = time.time() + 30
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            m = re.search(r"staff link .*?: (http\S+)", line)
            if m:
                self.staff_link = m.group(1)
                break
        if not self.staff_link:
            self.stop()
            raise RuntimeError("the server did not print its staff link: " + self.log.read_text())
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("the server did not start: " + self.log.read_text())

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:  # pragma: no cover
                self.proc.kill()
                self.proc.wait(5)
        if self.proc is not None and self.proc.stdout:
            self.proc.stdout.close()
        if getattr(self, "_log", None):
            self._log.close()

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "lic_policy", *args], capture_output=True, text=True,
                              cwd=str(self.dir), timeout=120)

    def invite(self, *handles: str) -> dict[str, str]:
        """{handle: invitation link} for new advisory reviewers (`serve --invite`)."""
        out = self.cli("serve", str(self.dir), "--state", str(self.state), "--port", str(self.port),
                       *[a for h in handles for a in ("--invite", h)])
        assert out.returncode == 0, out.stderr
        return dict(re.findall(r"(\S+) \(sex-worker-advisory\): (\S+)", out.stdout))

    def reviewer(self, link: str, timeout: float = 60) -> "Reviewer":
        """A reviewer signed in through their invitation link, on the sample's first violence clause."""
        import httpx

        client = httpx.Client(base_url=self.base, follow_redirects=True, timeout=timeout)
        page = client.get(link.replace(self.base, "")).text
        csrf = re.search(r'data-csrf="([^"]+)"', page).group(1)
        digest = re.search(r'data-part="response\.violence\.1\|text" data-h="(\w+)"', page).group(1)
        return Reviewer(client, csrf, digest)

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class Reviewer(NamedTuple):
    """A signed-in reviewer's HTTP session (``Server.reviewer``)."""

    client: Any  # httpx.Client
    csrf: str
    digest: str  # the clause text's hash, as the page gives it

    def comment(self, body: str) -> int:
        """Post a comment on the clause's first words; the response's status."""
        return self.client.post("/review/threads", headers={"X-CSRF-Token": self.csrf},
                                json={"part": "response.violence.1|text", "h": self.digest, "start": "0",
                                      "end": "11", "kind": "comment", "body": body}).status_code


def chromium(width: int = DESKTOP[0], height: int = DESKTOP[1], font_size: Optional[int] = None):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    profile = tempfile.mkdtemp(prefix="lic-chromium-")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
                "--disable-default-apps", f"--user-data-dir={profile}", f"--window-size={width},{height}",
                "--lang=en-US"):
        opts.add_argument(arg)
    opts.binary_location = CHROMIUM
    if font_size:  # the browser's own text size setting (Settings → Appearance → Font size)
        opts.add_experimental_option("prefs", {"webkit.webprefs.default_font_size": font_size})
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.implicitly_wait(0)
    driver._lic_profile = profile
    if width < 500:  # headless windows are at least 500 px wide: emulate the phone's screen
        viewport(driver, width, height)
    return driver


def viewport(driver, width: int, height: int) -> None:
    """Make the page see a ``width`` × ``height`` screen (a phone when narrow), as Chromium's
    device emulation does."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
    driver._lic_viewport = (width, height)


def quit_browser(driver) -> None:
    try:
        driver.quit()
    finally:
        shutil.rmtree(getattr(driver, "_lic_profile", ""), ignore_errors=True)


@contextmanager
def browsers(*sizes: tuple[int, int], font_size: Optional[int] = None) -> Iterator[list]:
    """Headless Chromium windows of these (width, height) sizes, quit with their profiles
    removed however the block ends, also when a later window fails to start."""
    drivers: list = []
    try:
        for width, height in sizes:
            drivers.append(chromium(width, height, font_size=font_size))
        yield drivers
    finally:
        for driver in drivers:
            quit_browser(driver)


def screenshot(driver, name: str, *, phone_too: bool = True, show: str = "") -> list[Path]:
    """The page as it is now, at desktop width and (unless told not to) at 360 px wide,
    scrolled so that the element ``show`` (a CSS selector) is near the top."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    out = []
    was = getattr(driver, "_lic_viewport", DESKTOP)
    for label, (w, h) in (("desktop", DESKTOP), ("phone", PHONE)) if phone_too else (("desktop", DESKTOP),):
        viewport(driver, w, h)
        if show:
            driver.execute_script("var e = document.querySelector(arguments[0]); if (e) { e.scrollIntoView(); "
                                  "window.scrollBy(0, -40); }", show)
        time.sleep(0.2)
        path = SCREENSHOTS / f"{name}-{label}.png"
        driver.save_screenshot(str(path))
        out.append(path)
    viewport(driver, *was)
    return out


def axe_violations(driver, impacts=("serious", "critical")) -> list[dict]:
    """axe-core's violations of the page at these impacts (axe injected by the test)."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(function (r) { done(r.violations); })"
        ".catch(function (e) { done([{id: 'axe-error', impact: 'critical', description: String(e), nodes: []}]); });")
    return [v for v in result if v.get("impact") in impacts]


def describe(violations: list[dict]) -> str:
    return "; ".join(f"{v['id']} ({v['impact']}): {v.get('help') or v.get('description')} — "
                     + ", ".join(n.get("target", ["?"])[0] if isinstance(n.get("target", ["?"])[0], str) else "?"
                                 for n in v.get("nodes", [])[:3]) for v in violations)


def console_errors(driver) -> list[str]:
    try:
        logs = driver.get_log("browser")
    except Exception:  # pragma: no cover - not every driver has logs
        return []
    return [e["message"] for e in logs if e.get("level") == "SEVERE"]
