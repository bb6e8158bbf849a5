"""What readers of formats other than plain text share: a format's ``extract`` gives the
text a person reads (the main text of a web page, a PDF's text layer, a Word file's
paragraphs) with what the file says about itself (title, date, url, pages); the text is
then read as a text file is (stamps, bylines, leading date lines, the title), and the
file's own metadata fill what the text does not give.

The extracted text is the text that offsets index: ``ktech text FILE`` prints it.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from ..document import DocDate, Source
from .text import TextReader


@dataclass
class Extracted:
    text: str
    title: str | None = None
    date: date | None = None  # from the file's metadata
    url: str | None = None
    pages: tuple[int, ...] = ()  # where each page starts in ``text``
    notes: list[str] = field(default_factory=list)


class ExtractedReader:
    """Subclasses set ``name``, ``suffixes`` and implement ``extract(data, path)``."""

    name = ""
    suffixes: tuple[str, ...] = ()

    def __init__(self, config: dict):
        self.text_reader = TextReader(config)

    def extract(self, data: bytes, path: Path) -> Extracted:
        raise NotImplementedError

    def read(self, path: Path, shown: str) -> Source:
        data = path.read_bytes()
        found = self.extract(data, path)
        source = self.text_reader.source(found.text, shown, path.name, "utf-8", hashlib.sha256(data).hexdigest())
        source.reader = self.name
        source.documents = [self._with_file_facts(d, found) for d in source.documents]
        return source

    @staticmethod
    def _with_file_facts(document, found: Extracted):
        meta = document.meta
        if found.pages:
            # page starts relative to the document's own text (before it: negative)
            meta = replace(meta, pages=tuple(p - document.offset for p in found.pages))
        if found.url and not meta.url:
            meta = replace(meta, url=found.url)
        if found.title and len(found.title) <= 300:
            meta = replace(meta, title=found.title)
        if found.date and meta.date_source in (None, "file name"):
            meta = replace(meta, date=DocDate(found.date, "day"), date_source="metadata")
        return replace(document, meta=meta)
