"""How well each way of reading a web page keeps the article and leaves the rest, on pages
saved with their navigation around them (tests/fixtures/html: an English news page, a
ministry's press release with a table, a Korean news page).

    python benchmarks/html_readers.py

For each candidate: the share of the article's sentences it keeps (recall), the lines of
navigation, sidebars, banners and footers it lets through (leaked), whether the title and
the publication date are right, and milliseconds per page.
"""
from __future__ import annotations

import logging
import time
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "html"
PAGES = {  # page -> (sentences of the article, boilerplate lines, title, date)
    "news_en.html": (["The Ministry of Trade, Industry and Energy said Tuesday it will invest 1.2 trillion won",
                      "The ministry plans to foster 300 specialised parts makers",
                      "Of the total, 400 billion won will go to research and development",
                      "Robots are the backbone of the next manufacturing era"],
                     ["We use cookies", "Most read", "Stocks slide as exports slow", "Related articles",
                      "Copyright 2024", "Privacy policy", "Share this article", "Opinion"],
                     "Korea to pour 1.2 trillion won into robot parts", "2024-05-14"),
    "release_gov.html": (["announced on December 3 that the National Assembly has confirmed a 2025 budget",
                          "The budget will support the Quantum Flagship Project",
                          "Quantum workforce training", "Vice Minister Lee Chang-yoon said"],
                         ["Skip to content", "About MSIT", "Home > News", "Galmae-ro", "Copyright Ministry"],
                         "MSIT confirms 2025 quantum budget of KRW 350 billion", "2024-12-03"),
    "news_ko.html": (["산업통상자원부는 14일 ‘수소 모빌리티 확산 전략’을 발표하고",
                      "정부는 2030년까지 수소 트럭 3만대를 보급하고", "올해 예산은 지난해보다 300여억원 늘었다"],
                     ["많이 본 뉴스", "코스피 하락 마감", "광고문의", "정치"],
                     "산업부, 수소 트럭에 1조 2000억원 투입", "2024-05-14"),
}


def trafilatura_reader(favor_precision: bool):
    import trafilatura
    from htmldate import find_date

    def read(html: str):
        text = trafilatura.extract(html, output_format="txt", include_tables=True, favor_precision=favor_precision,
                                   deduplicate=False) or ""
        meta = trafilatura.extract_metadata(html)
        return text, meta.title if meta else None, find_date(html, extensive_search=False, original_date=True)
    return read


def selectolax_reader(html: str):
    """The page's text without script, style, nav, header, footer and aside elements."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    for node in tree.css("script, style, nav, header, footer, aside, form"):
        node.decompose()
    main = tree.css_first("article") or tree.css_first("main") or tree.body
    title = tree.css_first("title")
    meta = tree.css_first('meta[property="article:published_time"], meta[name="article:published_time"]')
    return (main.text(separator="\n") if main else "", title.text() if title else None,
            (meta.attributes.get("content") or "")[:10] if meta else None)


def lxml_reader(html: str):
    """All the text of the body, as a naive reader would take it."""
    import lxml.html

    root = lxml.html.fromstring(html)
    return root.body.text_content() if root.body is not None else "", root.findtext(".//title"), None


def measure(name: str, read) -> dict:
    kept = total = leaked = titles = dates = 0
    start = time.perf_counter()
    for page, (sentences, boilerplate, title, day) in PAGES.items():
        text, got_title, got_date = read((FIXTURES / page).read_text(encoding="utf-8"))
        flat = " ".join(text.split())
        kept += sum(s in flat for s in sentences)
        total += len(sentences)
        leaked += sum(b in flat for b in boilerplate)
        titles += bool(got_title) and title in got_title
        dates += got_date == day
    ms = (time.perf_counter() - start) * 1000 / len(PAGES)
    return {"reader": name, "recall": f"{kept}/{total}", "leaked": leaked, "titles": f"{titles}/{len(PAGES)}",
            "dates": f"{dates}/{len(PAGES)}", "ms_per_page": round(ms, 1)}


def main() -> None:
    logging.disable(logging.WARNING)
    for name, read in (("trafilatura (favor_precision)", trafilatura_reader(True)),
                       ("trafilatura (default)", trafilatura_reader(False)),
                       ("selectolax (strip nav/header/footer/aside)", selectolax_reader),
                       ("lxml text_content", lxml_reader)):
        read(next(iter(FIXTURES.glob("*.html"))).read_text(encoding="utf-8"))  # first-use set-up
        print(measure(name, read))


if __name__ == "__main__":
    main()
