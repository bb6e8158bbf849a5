"""The HTML page: every mention highlighted, hover text, and untrusted text escaped."""
from __future__ import annotations

import re

from typer.testing import CliRunner

from korea_tech.cli import app

from .conftest import SEEDS


def test_page_highlights_every_mention_with_its_value(tmp_path):
    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["show", str(SEEDS / "002_803a303c69270f67.txt"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    marks = re.findall(r'<mark class="(\w+)"[^>]*title="([^"]*)">([^<]*)</mark>', page)
    assert ("MONEY", "KRW 117.2 billion won") in {(m[0], m[2]) for m in marks}
    money_title = next(t for label, t, text in marks if text == "KRW 117.2 billion won")
    assert "117200000000" in money_title and "rules/en/patterns/money.jsonl" in money_title
    assert "http://" not in page and "https://" not in page  # self-contained: nothing to fetch
    assert "Funding records (3)" in page


def test_untrusted_text_is_escaped(tmp_path):
    doc = tmp_path / "evil.txt"
    doc.write_text('MOTIE <script>alert("x")</script> spends KRW 1 trillion <img src=x onerror=alert(1)> by 2030.',
                   encoding="utf-8")
    out = tmp_path / "evil.html"
    assert CliRunner().invoke(app, ["show", str(doc), "--out", str(out)]).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img" not in page and page.count("<script>") == 1  # only the page's own filter script
