"""The HTML brief as a person sees it: opened in headless Chromium (Debian's package), on a
phone-sized and a desktop-sized window and printed."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import re
import select
import shutil
import struct
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from support import DATA, SEED

from briefer import Briefer
from briefer.articles import read_articles
from briefer.render import render_brief
from briefer.schema import Article

pytestmark = pytest.mark.browser


FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed: `make browser` installs it")
    pytest.skip("chromium is not installed (make browser)")


@pytest.fixture(scope="module")
def brief_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    evil = Article(
        text="Officials met on Monday. <script>document.title='HACKED'</script> "
        "<img src=x onerror=alert(1)> The talks will go on.",
        title="<b>Summit</b> <script>alert(1)</script>",
        source="evil.txt",
    )
    seed = Article(text=SEED.read_text(encoding="utf-8"), title="US keeps weapons policy")
    path = tmp_path_factory.mktemp("html") / "brief.html"
    path.write_text(render_brief(Briefer().brief([evil, seed]), "html"), encoding="utf-8")
    return path


def _run(path: Path, *args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_chromium(), *FLAGS, f"--user-data-dir={profile}", *args, path.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_browser_renders_every_story_and_runs_no_article_markup(
    brief_html: Path, tmp_path: Path
) -> None:
    dom = _run(brief_html, "--dump-dom", profile=tmp_path).stdout
    assert "<title>Daily brief" in dom and "HACKED</title>" not in dom
    assert "<script" not in dom
    assert "<img" not in dom
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    headings = re.findall(r"<h3[^>]*>(.*?)</h3>", dom, re.DOTALL)
    assert any("US keeps weapons policy" in h for h in headings)
    assert any("&lt;b&gt;Summit&lt;/b&gt;" in h for h in headings)


def test_the_brief_prints_to_a_nonblank_screenshot(brief_html: Path, tmp_path: Path) -> None:
    shot = tmp_path / "brief.png"
    _run(brief_html, f"--screenshot={shot}", "--window-size=1000,1400", profile=tmp_path)
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG")
    assert len(data) > 20_000  # a blank page compresses to a few hundred bytes


# ---- layout on a phone and on a desktop --------------------------------------------------


class DevTools:
    """Chromium driven over its DevTools protocol on a pipe (``--remote-debugging-pipe``):
    messages are JSON, each ended by a NUL byte, on the browser's file descriptors 3 and 4."""

    def __init__(self, profile: Path) -> None:
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()
        # A small Python trampoline puts our pipe ends on descriptors 3 and 4, then becomes
        # Chromium (a shell cannot: dash refuses descriptor numbers above 9).
        trampoline = (
            "import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); "
            "os.execv(sys.argv[3], sys.argv[3:])"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-c", trampoline, str(to_browser_read), str(from_browser_write),
             _chromium(), *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe",
             "about:blank"],
            pass_fds=(to_browser_read, from_browser_write),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._buffer = b""
        self._ids = iter(range(1, 1_000_000))
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its result (events that arrive meanwhile are kept)."""
        ident = next(self._ids)
        message: dict[str, Any] = {"id": ident, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == ident:
                assert "error" not in reply, reply
                result: dict[str, Any] = reply.get("result", {})
                return result
            self.events.append(reply)

    def wait_for(self, method: str) -> dict[str, Any]:
        while True:
            for event in self.events:
                if event.get("method") == method:
                    self.events.remove(event)
                    return event
            self.events.append(self._read())

    def _read(self) -> dict[str, Any]:
        deadline = time.monotonic() + 60
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._from_browser], [], [], max(left, 0))
            if not ready:
                raise TimeoutError("Chromium did not answer within 60 s")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed its DevTools pipe")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (OSError, RuntimeError, TimeoutError):
            pass
        self.process.wait(timeout=30)
        os.close(self._to_browser)
        os.close(self._from_browser)


# The layout as the page shows it: overflow, the smallest text, the contents and its links.
PROBE = """(() => {
  const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const texts = [...document.querySelectorAll("p, li, h1, h2, h3, h4, q, figcaption, footer")]
    .filter(visible);
  const wide = [...document.querySelectorAll("body *")].filter(visible)
    .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
    .map(e => e.tagName.toLowerCase() + "." + e.className).slice(0, 5);
  const toc = document.querySelector("nav.toc");
  const links = [...document.querySelectorAll('nav.toc a[href^="#"]')];
  return {
    innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
    minFont: Math.min(...texts.map(e => parseFloat(getComputedStyle(e).fontSize))),
    wide,
    toc: !!toc && visible(toc),
    tocLinks: links.length,
    broken: links.map(a => a.getAttribute("href").slice(1))
      .filter(id => !document.getElementById(id)),
  };
})()"""


@pytest.fixture(scope="module")
def day_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    days = DATA / "brief_days"
    yesterday = Briefer().brief(
        read_articles([days / "day1"]).articles, date=dt.date(2026, 11, 24), title="Tuesday"
    )
    long_url = Article(
        text="Officials published a report. " + "Notwithstanding" * 12 + " was the longest word.",
        title="Report with a " + "verylongunbrokenword" * 5 + " in its title",
        url="https://example.com/" + "a" * 180,
    )
    articles = [*read_articles([days / "day2"]).articles, long_url]
    brief = Briefer().brief(
        articles, date=dt.date(2026, 11, 25), title="Wednesday", since=yesterday
    )
    path = tmp_path_factory.mktemp("day") / "brief.html"
    path.write_text(render_brief(brief, "html"), encoding="utf-8")
    return path


VIEWPORTS = {"phone": (390, 844, True), "desktop": (1280, 900, False)}


@pytest.fixture(scope="module", params=list(VIEWPORTS))
def shown(
    request: pytest.FixtureRequest, day_html: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[int, dict[str, Any], Path]:
    """The brief opened at one screen size: its width, the probe's findings, a screenshot."""
    width, height, mobile = VIEWPORTS[request.param]
    _chromium()
    folder = tmp_path_factory.mktemp(request.param)
    browser = DevTools(folder / "profile")
    try:
        target = browser.send("Target.createTarget", url="about:blank")["targetId"]
        session = browser.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        browser.send(
            "Emulation.setDeviceMetricsOverride",
            session,
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=mobile,
        )
        browser.send("Page.enable", session)
        browser.send("Page.navigate", session, url=day_html.as_uri())
        browser.wait_for("Page.loadEventFired")
        probe = browser.send("Runtime.evaluate", session, expression=PROBE, returnByValue=True)[
            "result"
        ]["value"]
        shot = browser.send("Page.captureScreenshot", session, format="png")["data"]
    finally:
        browser.close()
    path = folder / f"brief-{width}.png"
    path.write_bytes(base64.b64decode(shot))
    return width, probe, path


def test_the_brief_fits_the_screen_with_no_sideways_scrolling(
    shown: tuple[int, dict[str, Any], Path],
) -> None:
    width, probe, _ = shown
    assert probe["innerWidth"] == width
    assert probe["scrollWidth"] <= width, probe["wide"]
    assert probe["wide"] == []


def test_the_text_is_readable_and_the_contents_are_there_and_link_home(
    shown: tuple[int, dict[str, Any], Path],
) -> None:
    _, probe, _ = shown
    assert probe["minFont"] >= 12
    assert probe["toc"] and probe["tocLinks"] >= 8
    assert probe["broken"] == []


def test_a_screenshot_at_the_screen_width_shows_the_page(
    shown: tuple[int, dict[str, Any], Path],
) -> None:
    width, _, path = shown
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert struct.unpack(">I", data[16:20])[0] == width
    assert len(data) > 20_000  # a blank page compresses to a few hundred bytes
    if os.environ.get("BRIEFER_KEEP_SCREENSHOTS"):  # to look at them: a folder to copy into
        shutil.copy(path, Path(os.environ["BRIEFER_KEEP_SCREENSHOTS"]) / path.name)


def test_the_brief_prints_to_several_pages(day_html: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "brief.pdf"
    _run(day_html, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", profile=tmp_path)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) >= 3
