"""The HTML brief as a person sees it: opened in headless Chromium (Debian's package)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from support import SEED

from briefer import Briefer
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
