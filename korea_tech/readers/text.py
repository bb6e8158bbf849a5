"""Plain text (``.txt``, ``.md``): decode, split press-release listings into items, and
find each item's date and title as rules/documents.yaml describes.

A file may hold one document or a listing of items separated by a line holding only
the item separator (``-``). Stamps (``date2024-05-24``, ``Registration date …``) are
metadata: they date their item (or the whole file) and are left out of its text. A
leading date line ("June 2021") dates a document that has no stamp.
"""
from __future__ import annotations

import hashlib
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from ..document import DocDate, Document, Meta, Source
from .decoding import decode


class TextReader:
    name = "text"
    suffixes = (".txt", ".md")

    def __init__(self, config: dict):
        self.separator = config.get("item_separator", "-")
        self.stamps = [(re.compile(s["regex"], re.MULTILINE), s.get("scope", "item")) for s in config.get("stamps", [])]
        self.boilerplate = {b.strip().lower() for b in config.get("boilerplate_lines", [])}
        self.max_section_words = int(config.get("max_section_words", 3))
        self.date_window = int(config.get("date_line_window", 12))
        self.date_lines = [re.compile(rx) for rx in config.get("date_lines", [])]
        self.date_languages = tuple(config.get("date_line_languages", ()))
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
        file_date = None
        items = []
        for start, end in chunks:
            start, end, stamp_date, scope = self._strip_stamps(text, start, end)
            if scope == "file":
                file_date = stamp_date
                stamp_date = None
            if self._is_empty(text[start:end]):
                continue
            items.append((start, end, stamp_date))
        for n, (start, end, stamp_date) in enumerate(items, start=1):
            body = text[start:end]
            title = self._title(body, listing=len(chunks) > 1 and stamp_date is not None)
            if stamp_date:
                doc_date, source = DocDate(stamp_date, "day"), "stamp"
            elif file_date:
                doc_date, source = DocDate(file_date, "day"), "file-stamp"
            else:
                doc_date = self._date_line(body)
                source = "date-line" if doc_date else None
            yield Document(f"{name}#{n}", shown, name, body, start,
                           meta=Meta(title=title, date=doc_date, date_source=source))

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

    def _strip_stamps(self, text: str, start: int, end: int):
        """Leave stamps out of the item; the last one found dates it."""
        found_date, scope = None, None
        for rx, rx_scope in self.stamps:
            for m in rx.finditer(text, start, end):
                try:
                    found_date = date.fromisoformat(m.group("date"))
                except ValueError:
                    continue
                scope = rx_scope
                if not text[m.end():end].strip():  # a trailing stamp
                    end = m.start()
                elif not text[start:m.start()].strip():  # a leading stamp
                    start = m.end()
        # Trim whitespace at both ends so the item starts at its first character.
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end, found_date, scope

    def _is_empty(self, body: str) -> bool:
        lines = [ln.strip() for ln in body.splitlines() if ln.strip()]
        return not [ln for ln in lines if ln.lower() not in self.boilerplate]

    def _title(self, body: str, listing: bool) -> str | None:
        lines = [ln.strip() for ln in body.splitlines() if ln.strip() and ln.strip().lower() not in self.boilerplate]
        if listing and len(lines) >= 3 and len(lines[0].split()) <= self.max_section_words:
            return lines[1]  # section line, then title
        if self.heading:
            for ln in lines[: self.date_window * 3]:
                m = self.heading.match(ln)
                if m:
                    return m.group("title").strip("*# ")
        if len(lines) >= 2 and len(lines[0]) <= 200 and not lines[0].endswith((".", ":", ";")):
            return lines[0]
        return None

    def _date_line(self, body: str) -> DocDate | None:
        if not self.date_lines:
            return None
        lines = [ln for ln in body.splitlines() if ln.strip()][: self.date_window]
        for ln in lines:
            if any(rx.match(ln) for rx in self.date_lines):
                return parse_date_line(ln.strip(), self.date_languages)
        return None


@lru_cache(maxsize=4096)
def parse_date_line(line: str, languages: tuple[str, ...] = ()) -> DocDate | None:
    """A leading "June 2021" (month precision) or "17 January 2019" (day precision)."""
    import dateparser

    has_day = bool(re.search(r"(?<!\d)\d{1,2}(?!\d)", line))
    parsed = dateparser.parse(line, languages=list(languages) or None,
                              settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["month", "year"]})
    if parsed is None:
        return None
    return DocDate(parsed.date() if has_day else parsed.date().replace(day=1), "day" if has_day else "month")
