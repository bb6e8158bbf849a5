"""Web pages (``.html``, ``.htm``): the main text without navigation, sidebars, cookie
banners and footers, the title and the publication date from the page's metadata.

trafilatura extracts the text (with ``favor_precision``: menus, "most read" lists and
copyright lines stay out) and htmldate the date from the page's metadata only (``<meta
property="article:published_time">``, JSON-LD, the URL; never a year guessed from the
text). Chosen over selectolax or lxml's text by measurement on pages saved with their
navigation around them (benchmarks/html_readers.py; the README's "Your corpus" has the
figures). A table comes out one row per line, its cells separated by tabs, as the records'
table reader reads them. The extracted text is what offsets index (``ktech text FILE``).
"""
from __future__ import annotations

import logging
import re
from datetime import date
from pathlib import Path

from ..document import InputError
from .decoding import decode
from .extracted import Extracted, ExtractedReader

_RULE_ROW = re.compile(r"^\|(?:\s*:?-{3,}:?\s*\|)+\s*$")  # |---|---|


class HtmlReader(ExtractedReader):
    name = "html"
    suffixes = (".html", ".htm", ".xhtml")

    def extract(self, data: bytes, path: Path) -> Extracted:
        import trafilatura
        from htmldate import find_date

        for noisy in ("trafilatura", "htmldate", "courlan"):
            logging.getLogger(noisy).setLevel(logging.CRITICAL)
        html, _ = decode(data)
        text = trafilatura.extract(html, output_format="txt", include_tables=True, include_comments=False,
                                   favor_precision=True, deduplicate=False)
        if not text or not text.strip():
            raise InputError("no readable text in the page (malformed or empty HTML)")
        meta = trafilatura.extract_metadata(html)
        found = find_date(html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
        return Extracted(_tables_as_tabs(text), title=_clean_title(meta.title if meta else None),
                         date=date.fromisoformat(found) if found else None, url=meta.url if meta else None)


def _tables_as_tabs(text: str) -> str:
    """'| Programme | Budget |' rows as tab-separated lines; the '|---|' rule dropped."""
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if _RULE_ROW.match(stripped):
            continue
        if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
            line = "\t".join(cell.strip() for cell in stripped.strip("|").split("|"))
        lines.append(line)
    return "\n\n".join(_paragraphs(lines))


def _paragraphs(lines: list[str]) -> list[str]:
    """trafilatura gives a paragraph per line; a blank line between them keeps headings,
    paragraphs and table rows apart (a table's rows stay together)."""
    out: list[str] = []
    for line in lines:
        if out and "\t" in line and "\t" in out[-1].splitlines()[-1]:
            out[-1] += "\n" + line
        elif line.strip():
            out.append(line)
    return out


def _clean_title(title: str | None) -> str | None:
    """A title without markup left in it by a broken page."""
    if not title or "<" in title:
        return None
    return " ".join(title.split())
