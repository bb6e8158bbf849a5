"""Plain text (``.txt``, ``.md``): decode, split press-release listings into items, and
find each item's date and title as the documents rules describe.

A file may hold one document or a listing of items separated by a line holding only
the item separator (``-``). Stamps and bylines (``date2024-05-24``, ``Registration date
…``, ``Published : …``) are metadata: they date their item (or the whole file), a stamp
that opens or closes an item is left out of its text, and the others are marked so no
mention is read in them (``Meta.stamps``). See dates.py for what else dates a document.
"""
from __future__ import annotations

import hashlib
import re
from itertools import islice
from pathlib import Path
from typing import Iterator

from ..document import DocDate, Document, Meta, Source
from .dates import DateReader
from .decoding import decode


class TextReader:
    name = "text"
    suffixes = (".txt", ".md")

    def __init__(self, config: dict):
        self.separator = config.get("item_separator", "-")
        self.dates = DateReader(config)
        self.boilerplate = {b.strip().lower() for b in config.get("boilerplate_lines", [])}
        self.max_section_words = int(config.get("max_section_words", 3))
        self.title_window = int(config.get("date_line_window", 12)) * 3
        self.heading = re.compile(config["heading_regex"]) if config.get("heading_regex") else None

    def read(self, path: Path, shown: str) -> Source:
        data = path.read_bytes()
        text, encoding = decode(data)
        return self.source(text, shown, path.name, encoding, hashlib.sha256(data).hexdigest())

    def source(self, text: str, shown: str, name: str, encoding: str = "utf-8", sha256: str | None = None) -> Source:
        sha256 = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
        source = Source(shown, name, text, encoding, sha256=sha256, reader=self.name)
        source.documents = list(self.split(text, shown, name))
        return source

    def split(self, text: str, shown: str, name: str) -> Iterator[Document]:
        chunks = self._chunks(text)
        file_stamp = None
        items = []
        for start, end in chunks:
            found: list = []
            while True:  # a stamp left off the top may uncover another (a byline under it)
                more = [f for f in self.dates.stamps_in(text, start, end) if f not in found]
                found += more
                new_start, new_end = _strip(text, start, end, found)
                if (new_start, new_end) == (start, end) or not more:
                    start, end = new_start, new_end
                    break
                start, end = new_start, new_end
            found.sort(key=lambda f: f.start)
            dated = self.dates.publication([f for f in found if f.stamp.scope == "item"])
            whole = self.dates.publication([f for f in found if f.stamp.scope == "file"])
            file_stamp = whole or file_stamp
            if self._is_empty(text[start:end]):
                continue
            spans = tuple((f.start - start, f.end - start) for f in found if start <= f.start and f.end <= end)
            items.append((start, end, dated, spans))
        from_name = self.dates.file_name(name)
        for n, (start, end, stamp, spans) in enumerate(items, start=1):
            body = text[start:end]
            title = self._title(body, listing=len(chunks) > 1 and stamp is not None)
            doc_date, source = self._date(body, stamp, file_stamp, from_name)
            yield Document(f"{name}#{n}", shown, name, body, start,
                           meta=Meta(title=title, date=doc_date, date_source=source, stamps=spans))

    def _date(self, body: str, stamp, file_stamp, from_name):
        """The document's date and where it came from: its own stamp or byline, the file's
        stamp, a leading date line, a dateline, else the file name."""
        if stamp is not None:
            return DocDate(stamp.date, "day"), stamp.stamp.source
        if file_stamp is not None:
            return DocDate(file_stamp.date, "day"), file_stamp.stamp.source
        line = self.dates.leading_line(body)
        if line is not None:
            return line, "leading line"
        dateline = self.dates.dateline(body)
        if dateline is not None:
            return dateline, "dateline"
        if from_name is not None:
            return from_name, "file name"
        return None, None

    # ------------------------------------------------------------------ parts
    def _chunks(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each item: the text between separator lines."""
        chunks, start, pos = [], 0, 0
        for line in text.splitlines(keepends=True):
            if line.strip() == self.separator:
                chunks.append((start, pos))
                start = pos + len(line)
            pos += len(line)
        chunks.append((start, len(text)))
        return chunks

    def _is_empty(self, body: str) -> bool:
        return next(self._lines(body), None) is None

    def _lines(self, body: str) -> Iterator[str]:
        """The body's lines that are not blank nor boilerplate, stripped, as needed (the
        title is in the first few: splitting a whole document for them was a tenth of
        reading it)."""
        boilerplate = self.boilerplate
        for line in body.splitlines():
            line = line.strip()
            if line and line.lower() not in boilerplate:
                yield line

    def _title(self, body: str, listing: bool) -> str | None:
        lines = list(islice(self._lines(body), max(self.title_window, 3)))
        if listing and len(lines) >= 3 and len(lines[0].split()) <= self.max_section_words:
            return lines[1]  # section line, then title
        if self.heading:
            for ln in lines[: self.title_window]:
                m = self.heading.match(ln)
                if m:
                    return m.group("title").strip("*# ")
        if len(lines) >= 2 and len(lines[0]) <= 200 and not lines[0].endswith((".", ":", ";")):
            return lines[0]
        return None


def _strip(text: str, start: int, end: int, found) -> tuple[int, int]:
    """The item without the stamps that open or close it, and the whitespace around."""
    for f in sorted(found, key=lambda f: f.start):
        if not text[start:f.start].strip():  # a leading stamp
            start = max(start, f.end)
    for f in sorted(found, key=lambda f: -f.end):
        if f.start >= start and not text[f.end:end].strip():  # a trailing stamp
            end = f.start
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
