"""The unit of work: a ``Document`` (text, language, metadata, where it came from).

Readers make Documents (``readers/``); everything after them reads only Documents.
Offsets found in a document's ``text`` become offsets into its source's text (the text
``ktech text FILE`` prints: a decoded file, or what a reader extracted) by adding
``offset``.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date


@dataclass(frozen=True)
class DocDate:
    """A document date; ``precision`` is 'day' or 'month' (a leading "June 2021")."""

    value: date
    precision: str

    def iso(self) -> str:
        return self.value.isoformat() if self.precision == "day" else self.value.strftime("%Y-%m")


@dataclass(frozen=True)
class Meta:
    """What is known about a document besides its text."""

    title: str | None = None
    date: DocDate | None = None
    date_source: str | None = None  # stamp | byline | leading line | dateline | user | file name | None
    url: str | None = None
    page: int | None = None
    record: str | None = None  # the record id in a corpus file
    stamps: tuple = ()  # (start, end) in the text of stamps and bylines: metadata, no mentions there
    pages: tuple = ()  # where each page starts in the document's text (PDF): page n starts at pages[n-1]

    def page_at(self, offset: int) -> int | None:
        """The page (from 1) holding ``offset`` of the document's text, or the document's page."""
        if not self.pages:
            return self.page
        from bisect import bisect_right

        return max(1, bisect_right(self.pages, offset))


@dataclass(frozen=True)
class Document:
    doc_id: str  # "<file name>#<n>", n counting documents in the file from 1
    path: str  # the source as the user named it (POSIX separators)
    name: str  # its file name
    text: str
    offset: int = 0  # where `text` starts in the source's text
    lang: str | None = None  # set by the engine: detected or given
    meta: Meta = field(default_factory=Meta)

    @property
    def date(self) -> DocDate | None:
        return self.meta.date

    @property
    def title(self) -> str | None:
        return self.meta.title

    def with_date(self, doc_date: DocDate, source: str) -> "Document":
        return replace(self, meta=replace(self.meta, date=doc_date, date_source=source))

    def with_lang(self, lang: str) -> "Document":
        return replace(self, lang=lang)


class InputError(ValueError):
    """An input that is not what its reader reads (binary data, a broken record ...)."""


@dataclass(frozen=True)
class ReadError:
    """An input that could not be read (or was skipped), and why."""

    path: str
    reason: str


@dataclass
class Source:
    """One input as read: its text, how it was decoded, and its documents."""

    path: str
    name: str
    text: str
    encoding: str
    documents: list[Document] = field(default_factory=list)
    sha256: str = ""
    reader: str = "text"
    problems: list[ReadError] = field(default_factory=list)  # parts that could not be read (a broken record)
