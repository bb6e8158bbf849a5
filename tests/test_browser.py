"""The HTML page in a real browser: headless Chromium (Debian's package) driven by Playwright."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from korea_tech.cli import app

from .conftest import SEEDS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (apt-get install chromium)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def render(tmp_path: Path, *paths) -> Path:
    out = tmp_path / "report.html"
    assert CliRunner().invoke(app, ["show", *map(str, paths), "--out", str(out)]).exit_code == 0
    return out


def test_page_in_chromium(tmp_path):
    page_file = render(tmp_path, SEEDS / "002_803a303c69270f67.txt")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(page_file.as_uri())
        money = page.locator("mark.MONEY").first
        assert money.inner_text() == "KRW 117.2 billion won"
        assert "KRW 117,200,000,000" in money.get_attribute("title")
        money.hover()
        assert page.locator("mark").count() >= 10
        # Unticking a label takes its highlight away.
        before = money.evaluate("e => getComputedStyle(e).backgroundColor")
        page.locator('input[data-label="MONEY"]').uncheck()
        after = money.evaluate("e => getComputedStyle(e).backgroundColor")
        assert before != after
        page.screenshot(path=str(tmp_path / "report.png"))
        browser.close()
    assert (tmp_path / "report.png").stat().st_size > 10_000


def test_scripts_in_documents_do_not_run(tmp_path):
    doc = tmp_path / "evil.txt"
    doc.write_text('MOTIE <script>window.pwned = 1</script> and <img src=x onerror="window.pwned = 2"> by 2030.',
                   encoding="utf-8")
    page_file = render(tmp_path, doc)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        page.goto(page_file.as_uri())
        assert page.evaluate("() => window.pwned === undefined")
        assert "<script>window.pwned = 1</script>" in page.locator(".text").inner_text()
        browser.close()
