"""The library: ``from korea_tech import extract, records`` on strings or paths.

    >>> from korea_tech import extract
    >>> [m.text for m in extract("MOTIE will invest KRW 1.5 trillion by 2030.", date="2024-05-08")]
    ['MOTIE', 'KRW 1.5 trillion', '2030']

Both return typed rows (dataclasses) with ``.to_dict()``, the same fields as the CLI's JSON.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date as _date
from pathlib import Path
from typing import Any, Iterable, Optional

_EXTRACTOR = None


def _extractor():
    global _EXTRACTOR
    if _EXTRACTOR is None:
        from .pipeline import Extractor

        _EXTRACTOR = Extractor()
    return _EXTRACTOR


@dataclass(frozen=True)
class MentionRow:
    doc: str
    path: str
    doc_id: str
    doc_title: Optional[str]
    doc_date: Optional[str]
    label: str
    text: str
    start: int
    end: int
    sentence: str
    rule: str
    norm: dict
    check: Optional[dict]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class RecordRow:
    """A funding or target record; ``fields`` holds every column of its kind."""

    record_id: str
    kind: str
    doc_id: str
    fields: dict

    def to_dict(self) -> dict[str, Any]:
        return dict(self.fields)


def _is_text(source) -> bool:
    return isinstance(source, str) and ("\n" in source or not Path(source).exists())


def _texts_to_result(texts: list[str], date: Optional[str], with_records: bool):
    from .documents import DocDate
    from .pipeline import Result, mention_row

    anchor = DocDate(_date.fromisoformat(date), "day") if date else None
    result = Result()
    extractor = _extractor()
    for n, text in enumerate(texts, start=1):
        name = f"<text {n}>"
        extraction = extractor.extract_text(text, anchor, name=name)
        if with_records:
            doc = extractor.nlp(extraction.document.text)
            from .records import RecordBuilder, finish

            builder = RecordBuilder(extractor.rules)
            found = builder.funding(extraction.document, doc, extraction.mentions)
            found += builder.targets(extraction.document, doc, extraction.mentions)
            result.records.extend(finish(r) for r in found)
        result.rows.extend(mention_row(extraction.document, m) for m in extraction.mentions)
    return result


def extract(source: str | Path | Iterable[str | Path], date: Optional[str] = None,
            labels: Optional[Iterable[str]] = None) -> list[MentionRow]:
    """Mentions in a text (a string holding a line break or naming no file), a path, or a list of them.
    ``date`` (YYYY-MM-DD) anchors relative expressions in texts; files carry their own dates."""
    sources = [source] if isinstance(source, (str, Path)) else list(source)
    texts = [s for s in sources if _is_text(s)]
    paths = [s for s in sources if not _is_text(s)]
    rows = _texts_to_result(texts, date, False).rows if texts else []
    if paths:
        rows += _extractor().extract(paths).rows
    wanted = set(labels) if labels else None
    names = {f.name for f in fields(MentionRow)}
    return [MentionRow(**{k: v for k, v in r.items() if k in names}) for r in rows
            if wanted is None or r["label"] in wanted]


def records(source: str | Path | Iterable[str | Path], date: Optional[str] = None,
            kind: Optional[str] = None) -> list[RecordRow]:
    """Funding and target records from texts or paths (see ``extract``)."""
    sources = [source] if isinstance(source, (str, Path)) else list(source)
    texts = [s for s in sources if _is_text(s)]
    paths = [s for s in sources if not _is_text(s)]
    found = _texts_to_result(texts, date, True).records if texts else []
    if paths:
        found += _extractor().extract(paths, labels=[], with_records=True).records
    return [RecordRow(r["record_id"], r["kind"], r["doc_id"], r) for r in found if kind is None or r["kind"] == kind]
