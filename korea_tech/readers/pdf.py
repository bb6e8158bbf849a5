"""PDF (``.pdf``): the text layer, page by page in reading order, with the running
headers, footers and page numbers left out and words hyphenated at a line end joined.

Library: pdfminer.six (MIT), chosen by measurement (benchmarks/pdf_readers.py; the
same clean-up applied to every candidate). Its layout analysis groups characters into
lines and lines into blocks by position, not by the order of the content stream, so it
is the only candidate that read a two-column page column by column (100% of the column
sentences whole, 0% for pypdf, pdfplumber and PyMuPDF, which follow the lines across the
page), and its blocks are paragraphs, so a sentence wrapped over lines comes back as one
line (mentions such as "KRW 117.2 billion won" would otherwise break at a line end; pypdf
gives no positions, so it found 91% of the sentences and could not join "technol-/ogy").
Speed on a 50-page document: 76 pages/s (pypdf 343, pdfplumber 31, PyMuPDF 1383), ample
beside the NLP that follows. pdfplumber is built on pdfminer.six but gives only lines and
adds pypdfium2 and Pillow; PyMuPDF is AGPL, which this MIT project should not depend on.
The price: a table's cells come back column by column (all names, then all amounts),
where pypdf, pdfplumber and PyMuPDF keep rows together.

A page's blocks become lines of text (``page_texts``); the pages are joined with a blank
line and ``pages`` holds where each starts (``join_pages``).
"""
from __future__ import annotations

import io
import logging
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Iterator

from ..document import InputError
from .extracted import Extracted, ExtractedReader

# pdfminer logs about every odd object it meets; those are not the user's concern
logging.getLogger("pdfminer").setLevel(logging.ERROR)

EDGE = 2  # lines at the top and at the bottom of a page where headers and footers sit
PAGE_NUMBER = re.compile(r"^[\W_]*(?:page\s*)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,4})?[\W_]*$", re.IGNORECASE)
HYPHENATED = re.compile(r"[^\W\d_]-$")  # a word broken at the line end: "technol-"


class PdfReader(ExtractedReader):
    name = "pdf"
    suffixes = (".pdf",)

    def extract(self, data: bytes, path: Path) -> Extracted:
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

        try:
            document = _open(data)
            pages = list(_blocks(document))
            title, made = _metadata(document)
        except PDFPasswordIncorrect:
            raise InputError("encrypted PDF: a password is needed to read its text") from None
        except PDFEncryptionError as exc:
            raise InputError(f"encrypted PDF: {exc}") from None
        except Exception as exc:  # pdfminer raises assorted errors on damaged files
            raise InputError(f"broken PDF, cannot be read: {exc or type(exc).__name__}") from None
        if not any(line.strip() for page in pages for block in page for line in block):
            raise InputError("no text layer (a scanned PDF?); run OCR first")
        text, starts = join_pages(page_texts(pages))
        return Extracted(text=text, title=title, date=made, pages=starts)


# ------------------------------------------------------------------ pdfminer
def _open(data: bytes):
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    return PDFDocument(PDFParser(io.BytesIO(data)))


def _blocks(document) -> Iterator[list[list[str]]]:
    """Per page, its text blocks in reading order, each block a list of lines."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams, LTTextBox, LTTextLine
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    resources = PDFResourceManager()
    device = PDFPageAggregator(resources, laparams=LAParams())
    interpreter = PDFPageInterpreter(resources, device)
    for page in PDFPage.create_pages(document):
        interpreter.process_page(page)
        yield [[line.get_text().strip() for line in box if isinstance(line, LTTextLine) and line.get_text().strip()]
               for box in device.get_result() if isinstance(box, LTTextBox)]


def _metadata(document) -> tuple[str | None, date | None]:
    """Title and creation date from the document information dictionary."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    info = {k: resolve1(v) for d in document.info for k, v in d.items()}
    title = info.get("Title")
    title = (decode_text(title) if isinstance(title, bytes) else str(title or "")).strip()
    if title.lower() in ("", "untitled"):  # what tools write when nobody gave a title
        title = None
    made = info.get("CreationDate")
    made = decode_text(made) if isinstance(made, bytes) else str(made or "")
    m = re.match(r"(?:D:)?(\d{4})(\d{2})(\d{2})", made)
    try:
        return title, date(*map(int, m.groups())) if m else None
    except ValueError:  # a malformed date is no date
        return title, None


# ------------------------------------------------------------------ blocks -> text
def page_texts(pages: list[list[list[str]]]) -> list[str]:
    """Each page's text: its blocks one a line, headers, footers and page numbers left out."""
    running = _running_lines(pages)
    texts = []
    for blocks in pages:
        lines = [(b, ln) for b, block in enumerate(blocks) for ln in block]
        edges = set(range(EDGE)) | set(range(len(lines) - EDGE, len(lines)))
        kept: dict[int, list[str]] = {}
        for i, (b, ln) in enumerate(lines):
            if i in edges and (_key(ln) in running or PAGE_NUMBER.match(ln)):
                continue
            kept.setdefault(b, []).append(ln)
        texts.append("\n".join(_join_lines(block) for block in kept.values()))
    return texts


def _key(line: str) -> str:
    """A line compared across pages: digits do not count ("Page 3" is "Page 4")."""
    return re.sub(r"\d+", "#", " ".join(line.lower().split()))


def _running_lines(pages: list[list[list[str]]]) -> set[str]:
    """Lines at the top or bottom of most pages: running headers and footers."""
    seen: Counter = Counter()
    for blocks in pages:
        lines = [ln for block in blocks for ln in block]
        seen.update({_key(ln) for ln in lines[:EDGE] + lines[-EDGE:]})
    return {key for key, n in seen.items() if n >= 2 and n > len(pages) / 2}


def _join_lines(lines: list[str]) -> str:
    """A block's lines as one line; "technol-" + "ogy" is "technology", while a hyphen
    followed by a capital ("K-" + "Battery") is a real one and stays."""
    text = ""
    for line in lines:
        if HYPHENATED.search(text) and line[:1].islower():
            text = text[:-1] + line
        elif text and text.endswith("-") and line[:1].isupper():
            text += line
        else:
            text = f"{text} {line}" if text else line
    return text


def join_pages(texts: list[str]) -> tuple[str, tuple[int, ...]]:
    """The pages joined with a blank line, and where each starts in the result."""
    starts, at = [], 0
    for t in texts:
        starts.append(at)
        at += len(t) + 2
    return "\n\n".join(texts), tuple(starts)
