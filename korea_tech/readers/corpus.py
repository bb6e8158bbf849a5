"""Corpora of records (``.jsonl``, ``.ndjson``, ``.csv``, ``.parquet``): one document per
record, as scrapers save press releases: ``{"id", "url", "date", "title", "text"}``.

The fields are found by their common names (``text``, ``body``, ``content``, ``본문`` …;
``id``; ``date``, ``published_at`` …; ``title``, ``headline`` …; ``url``, ``link``;
``lang``) or named with ``--text-field``, ``--id-field``, ``--date-field``,
``--title-field``, ``--url-field``, ``--lang-field``. The record's date is the document's
(``doc_date_source`` "field"), its id names it (``doc_id`` ``<file>#<id>``, ``record``
on every row) and offsets index the record's text. A record that cannot be read (a broken
JSON line, no text) is an error for that record; the others are read.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Iterator

from ..document import DocDate, Document, InputError, Meta, ReadError, Source
from .dates import parse_date
from .decoding import decode
from .text import TextReader

FIELDS = {  # what each field is called, in order of preference
    "text": ("text", "body", "content", "contents", "article", "full_text", "fulltext", "article_text", "본문", "내용"),
    "id": ("id", "doc_id", "article_id", "uid", "guid", "_id", "key", "record_id"),
    "date": ("date", "published", "published_at", "publish_date", "pub_date", "pubdate", "datetime", "created_at",
             "created", "time", "timestamp", "날짜", "작성일", "등록일"),
    "title": ("title", "headline", "subject", "name", "제목"),
    "url": ("url", "link", "href", "source_url", "permalink"),
    "lang": ("lang", "language", "locale"),
}


class CorpusReader:
    name = "corpus"
    suffixes = (".jsonl", ".ndjson", ".csv", ".parquet")

    def __init__(self, config: dict):
        self.text_reader = TextReader(config)
        self.chosen = {k: v for k, v in (config.get("corpus_fields") or {}).items() if v}
        self.languages = tuple(config.get("date_languages", []))

    def read(self, path: Path, shown: str) -> Source:
        data = path.read_bytes()
        suffix = path.suffix.lower()
        records = _parquet(data) if suffix == ".parquet" else _csv(data) if suffix == ".csv" else _jsonl(data)
        source = Source(shown, path.name, "", "utf-8", sha256=hashlib.sha256(data).hexdigest(), reader=self.name)
        fields: dict[str, str | None] | None = None
        texts = []
        for n, record in records:
            if isinstance(record, InputError):
                source.problems.append(ReadError(f"{shown}#{n}", str(record)))
                continue
            if fields is None:
                fields = self._fields(record, shown)
            try:
                document = self._document(record, n, fields, shown, path.name)
            except InputError as exc:
                source.problems.append(ReadError(f"{shown}#{n}", str(exc)))
                continue
            source.documents.append(document)
            texts.append(document.text)
        if fields is None and not source.problems:
            raise InputError("no records")
        source.text = "\n\n".join(texts)
        return source

    def _fields(self, record: dict, shown: str) -> dict[str, str | None]:
        """The record's field for each role: the one named with --<role>-field, else the
        first common name it has."""
        keys = {k.lower(): k for k in record}
        fields = {}
        for role, names in FIELDS.items():
            if role in self.chosen:
                if self.chosen[role] not in record:
                    raise InputError(f"no field {self.chosen[role]!r} (--{role}-field) in the records; "
                                     f"they have {', '.join(map(str, record))}")
                fields[role] = self.chosen[role]
            else:
                fields[role] = next((keys[n] for n in names if n in keys), None)
        if fields["text"] is None:
            raise InputError(f"no text field in the records (looked for {', '.join(FIELDS['text'])}; "
                             f"they have {', '.join(map(str, record))}): name it with --text-field")
        return fields

    def _document(self, record: dict, n: int, fields: dict, shown: str, name: str) -> Document:
        text = record.get(fields["text"])
        if not isinstance(text, str) or not text.strip():
            raise InputError("no text in the record")
        record_id = _value(record, fields["id"]) or str(n)
        doc_id = f"{name}#{record_id}"
        # the text read as a text file would be: its stamps and date lines count too
        inner = next(iter(self.text_reader.split(text, shown, name)), None)
        meta = Meta() if inner is None else replace(
            inner.meta, stamps=tuple((s + inner.offset, e + inner.offset) for s, e in inner.meta.stamps))
        title = _value(record, fields["title"]) or meta.title
        raw_date = _value(record, fields["date"])
        when = self._date(raw_date) if raw_date else None
        if raw_date and when is None:
            meta = replace(meta, date=None, date_source=None) if meta.date_source in (None, "file name") else meta
        if when is not None:
            meta = replace(meta, date=when, date_source="field")
        meta = replace(meta, title=title, url=_value(record, fields["url"]), record=record_id)
        lang = (_value(record, fields["lang"]) or "")[:2].lower() or None
        return Document(doc_id, shown, name, text, 0, lang=lang, meta=meta)

    def _date(self, raw: str) -> DocDate | None:
        head = raw.strip()[:10] if len(raw.strip()) >= 10 and raw.strip()[4:5] == "-" else raw.strip()
        found = parse_date(head, self.languages)
        return DocDate(found, "day") if found else None

    def text_of(self, path: Path, record: str | None) -> Iterator[tuple[str, str]]:
        """(doc id, text) of each record, or of the one named: what offsets index."""
        source = self.read(path, path.as_posix())
        for d in source.documents:
            if record is None or d.meta.record == record:
                yield d.doc_id, d.text


def _value(record: dict, key: str | None) -> str | None:
    if key is None or record.get(key) is None:
        return None
    value = record[key]
    return value if isinstance(value, str) else json.dumps(value) if isinstance(value, (dict, list)) else str(value)


def _jsonl(data: bytes) -> Iterator[tuple[int, dict | InputError]]:
    text, _ = decode(data)
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield n, InputError(f"line {n}: broken JSON ({exc.msg} at column {exc.colno})")
            continue
        yield n, record if isinstance(record, dict) else InputError(f"line {n}: not a JSON object")


def _csv(data: bytes) -> Iterator[tuple[int, dict | InputError]]:
    text, _ = decode(data)
    csv.field_size_limit(1 << 28)  # article texts are long
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    for n, row in enumerate(csv.DictReader(io.StringIO(text), dialect=dialect), start=1):
        if None in row:  # more cells than the header
            yield n, InputError(f"row {n}: {len(row[None])} cells more than the header has")
            continue
        yield n, row


def _parquet(data: bytes) -> Iterator[tuple[int, dict | InputError]]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("reading .parquet needs pyarrow: pip install 'ktech[parquet]'") from None
    try:
        table = pq.read_table(io.BytesIO(data))
    except Exception as exc:  # pyarrow raises its own error types for a broken file
        raise InputError(f"not a readable Parquet file ({exc})") from None
    for n, record in enumerate(table.to_pylist(), start=1):
        yield n, {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in record.items()}
