"""Paths -> Documents: read files, decode, split listings into items, find dates and titles.

A file may hold one document or a press-release listing of items separated by a
line holding only ``-`` (rules/documents.yaml says how to recognise each part).
Every ``Document`` keeps the offset of its text in the decoded file, so offsets
found in the document convert to file offsets by one addition.
"""
from __future__ import annotations

import codecs
import re
from functools import lru_cache
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator

SUFFIXES = (".txt", ".md")


@dataclass(frozen=True)
class DocDate:
    """A document date; ``precision`` is 'day' or 'month' (a leading "June 2021")."""

    value: date
    precision: str

    def iso(self) -> str:
        return self.value.isoformat() if self.precision == "day" else self.value.strftime("%Y-%m")


@dataclass(frozen=True)
class Document:
    doc_id: str  # "<file name>#<n>", n counting items from 1
    path: str  # the path as the user named it (POSIX separators)
    name: str  # file name
    text: str  # the item's text: the file's text from offset, stamps left out
    offset: int  # where `text` starts in the decoded file
    title: str | None
    date: DocDate | None
    date_source: str | None  # stamp | file-stamp | date-line | None


@dataclass(frozen=True)
class ReadError:
    path: str
    reason: str


@dataclass
class SourceFile:
    path: str
    name: str
    text: str
    encoding: str
    documents: list[Document] = field(default_factory=list)
    sha256: str = ""


def find_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[ReadError]]:
    """Files named, and the *.txt/*.md below folders named, in a stable order."""
    found: list[Path] = []
    errors: list[ReadError] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for p in sorted(path.rglob("*"), key=lambda p: p.as_posix()):
                if p.suffix.lower() not in SUFFIXES:
                    continue
                if p.is_symlink() and not p.exists():
                    errors.append(ReadError(p.as_posix(), "broken symbolic link"))
                elif p.is_file():
                    found.append(p)
        elif path.is_file():
            found.append(path)
        elif path.is_symlink():
            errors.append(ReadError(path.as_posix(), "broken symbolic link"))
        else:
            errors.append(ReadError(path.as_posix(), "no such file or folder"))
    return list(dict.fromkeys(found)), errors


class NotText(ValueError):
    """The bytes are not a text document (a binary file)."""


# Share of undecodable bytes up to which a file is read as damaged UTF-8 rather than
# as another encoding.
MAX_REPLACED_SHARE = 0.01


# Bytes that text files do not hold (tab, line feed, form feed, carriage return do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"

def decode(data: bytes) -> tuple[str, str]:
    """Bytes -> (text, encoding used).

    UTF-8 (with or without BOM) and UTF-16 (BOM, or the NUL pattern of ASCII text) first;
    then Korean Windows files (CP949, a superset of EUC-KR) and Latin text (CP1252,
    Latin-1).  A mostly-UTF-8 file with a few bad bytes is read as UTF-8 with those bytes
    replaced by U+FFFD, and the encoding says how many (``utf-8, 3 bytes replaced``).
    Binary data raises NotText.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    sample = data[:4096]
    if sample and sample.count(0) > len(sample) // 4:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > len(sample) // 4 and even == 0:
            return data.decode("utf-16-le", errors="replace"), "utf-16-le"
        if even > len(sample) // 4 and odd == 0:
            return data.decode("utf-16-be", errors="replace"), "utf-16-be"
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if sample and controls > len(sample) // 10:
        raise NotText(f"binary file ({controls} control bytes in the first {len(sample)})")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    if bad <= max(1, len(data) * MAX_REPLACED_SHARE) and _looks_like_utf8(data):
        return replaced, f"utf-8, {bad} bytes replaced"
    for encoding in ("cp949", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _printable_share(text) > 0.95:
            return text, encoding
    return data.decode("latin-1"), "latin-1"


def _looks_like_utf8(data: bytes) -> bool:
    """Some valid multi-byte UTF-8 sequences: the file is UTF-8, damaged here and there."""
    import re as _re

    return bool(_re.search(rb"[\xc2-\xf4][\x80-\xbf]+", data)) or not _re.search(rb"[\x80-\xff]{2,}", data)


def _printable_share(text: str) -> float:
    if not text:
        return 1.0
    printable = sum(ch.isprintable() or ch in "\n\r\t" for ch in text)
    return printable / len(text)


class DocumentReader:
    """Turns files into Documents as rules/documents.yaml describes."""

    def __init__(self, config: dict):
        self.separator = config.get("item_separator", "-")
        self.stamps = [(re.compile(s["regex"], re.MULTILINE), s.get("scope", "item")) for s in config.get("stamps", [])]
        self.boilerplate = {b.strip().lower() for b in config.get("boilerplate_lines", [])}
        self.max_section_words = int(config.get("max_section_words", 3))
        self.date_window = int(config.get("date_line_window", 12))
        self.date_line = re.compile(config["date_line_regex"]) if config.get("date_line_regex") else None
        self.heading = re.compile(config["heading_regex"]) if config.get("heading_regex") else None

    # ------------------------------------------------------------------ files
    def read(self, path: Path, shown: str | None = None) -> SourceFile:
        import hashlib

        shown = shown or path.as_posix()
        data = path.read_bytes()
        text, encoding = decode(data)
        source = SourceFile(shown, path.name, text, encoding, sha256=hashlib.sha256(data).hexdigest())
        source.documents = list(self.split(text, shown, path.name))
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
            yield Document(f"{name}#{n}", shown, name, body, start, title, doc_date, source)

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
        if not self.date_line:
            return None
        lines = [ln for ln in body.splitlines() if ln.strip()][: self.date_window]
        for ln in lines:
            if self.date_line.match(ln):
                return parse_date_line(ln.strip())
        return None


@lru_cache(maxsize=4096)
def parse_date_line(line: str) -> DocDate | None:
    """A leading "June 2021" (month precision) or "17 January 2019" (day precision)."""
    import dateparser

    has_day = bool(re.search(r"(?<!\d)\d{1,2}(?!\d)", line))
    parsed = dateparser.parse(line, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first",
                                                                "REQUIRE_PARTS": ["month", "year"]})
    if parsed is None:
        return None
    return DocDate(parsed.date() if has_day else parsed.date().replace(day=1), "day" if has_day else "month")


def iter_sources(paths: Iterable[str | Path], config: dict, errors: list[ReadError]) -> Iterator[SourceFile]:
    """Files one at a time, in path order (the order of the output rows); a file that
    cannot be read is appended to ``errors`` and skipped."""
    reader = DocumentReader(config)
    files, found_errors = find_files(paths)
    errors.extend(found_errors)
    for path in sorted(files, key=lambda p: p.as_posix()):
        try:
            yield reader.read(path)
        except (OSError, UnicodeDecodeError, NotText) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            errors.append(ReadError(path.as_posix(), reason))


def read_documents(paths: Iterable[str | Path], config: dict) -> tuple[list[SourceFile], list[ReadError]]:
    """Read every file below ``paths``; a file that cannot be read becomes a ReadError."""
    reader = DocumentReader(config)
    files, errors = find_files(paths)
    sources = []
    for path in files:
        try:
            sources.append(reader.read(path))
        except (OSError, UnicodeDecodeError, NotText) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            errors.append(ReadError(path.as_posix(), reason))
    return sources, errors
