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
    assert "KRW 117,200,000,000" in money_title and "rules/en/patterns/money.jsonl" in money_title  # readable, not JSON
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


def test_records_link_their_document_and_hovers_read_as_text(tmp_path):
    from korea_tech.report import _hover

    row = {"label": "YEAR", "rule": "r:1", "norm": {"start": 2024, "end": 2028, "role": "period"}}
    assert _hover(row).startswith("YEAR: 2024–2028 (period)")
    money = {"label": "MONEY", "rule": "r:2", "norm": {"currency": "KRW", "value": 5e11, "value_max": None,
                                                     "approx": True, "bound": None, "value_usd": 3.7e8,
                                                     "rate_date": "2024-03-11"}}
    assert _hover(money).startswith("MONEY: KRW 500,000,000,000, about; USD 370,000,000 on 2024-03-11")
    from typer.testing import CliRunner

    from korea_tech.cli import app

    page = tmp_path / "r.html"
    text = tmp_path / "a.txt"
    text.write_text("MOTIE will invest KRW 1 trillion in the K-Robot Strategy by 2030.", encoding="utf-8")
    assert CliRunner().invoke(app, ["show", str(text), "--out", str(page), "--date", "2024-01-02"]).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert '<td><a href="#a.txt#1">a.txt#1</a></td>' in html and "{" not in html.split("<aside>")[1].split("<script>")[0]
