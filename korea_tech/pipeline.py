"""The stages wired together: paths -> Documents -> Docs -> Mentions -> rows.

This is the Python API the CLI uses::

    from korea_tech.pipeline import Extractor
    result = Extractor().extract(["seeds/"])
    for row in result.rows: ...
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from .documents import Document, DocumentReader, ReadError, iter_sources, read_documents
from .matching import CandidateFinder, build_nlp
from .mentions import Extraction, MentionBuilder
from .rules import LABELS, RuleSet, load_rules

ROW_FIELDS = ("doc", "path", "doc_id", "doc_title", "doc_date", "label", "text", "start", "end",
              "sentence", "rule", "norm", "check")


@dataclass
class Result:
    rows: list[dict] = field(default_factory=list)
    errors: list[ReadError] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    extractions: list[Extraction] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)
    sources: list = field(default_factory=list)  # SourceFile (text dropped) per file read


def mention_row(document: Document, mention) -> dict:
    """One output row: the mention and the evidence that points back to the file."""
    return {
        "doc": document.name,
        "path": document.path,
        "doc_id": document.doc_id,
        "doc_title": document.title,
        "doc_date": document.date.iso() if document.date else None,
        "label": mention.label,
        "text": mention.text,
        "start": document.offset + mention.start,
        "end": document.offset + mention.end,
        "sentence": mention.sentence,
        "rule": mention.rule,
        "norm": mention.norm,
        "check": _file_offsets(mention.check, document.offset),
    }


def _file_offsets(check: dict | None, offset: int) -> dict | None:
    if not check:
        return None
    linked = dict(check["equivalent_of"], start=check["equivalent_of"]["start"] + offset,
                  end=check["equivalent_of"]["end"] + offset)
    return dict(check, equivalent_of=linked)


def row_order(row: dict) -> tuple:
    return (row["path"], row["start"], row["label"], row["end"])


# spaCy refuses texts over nlp.max_length (1,000,000 characters) and its memory grows
# with the text: longer documents are read in parts cut at a line break, a sentence
# end or at least a space, each part keeping its offset in the file.
MAX_PART_CHARS = 200_000


def split_long(document: Document, limit: int | None = None) -> list[Document]:
    limit = limit or MAX_PART_CHARS
    text = document.text
    if len(text) <= limit:
        return [document]
    parts, start = [], 0
    while start < len(text):
        end = min(len(text), start + limit)
        if end < len(text):
            window = text[start + limit // 2:end]
            for sep in ("\n\n", "\n", ". ", " "):
                cut = window.rfind(sep)
                if cut != -1:
                    end = start + limit // 2 + cut + len(sep)
                    break
        parts.append(Document(document.doc_id, document.path, document.name, text[start:end],
                              document.offset + start, document.title, document.date, document.date_source))
        start = end
    return parts


@dataclass
class RunStats:
    """What a streamed run saw, for the manifest and the error list."""

    errors: list[ReadError] = field(default_factory=list)
    sources: list = field(default_factory=list)  # (path, sha256, encoding, documents)
    documents: int = 0
    counts: dict = field(default_factory=dict)
    findings: int = 0  # stated equivalents that do not match the rate
    on_file: object = None  # callback(path, n_bytes) after each file is read, for progress bars


# Files are extracted in batches of about this many characters: the array work that
# decides where patterns can match is paid per batch, and memory stays bounded.
BATCH_CHARS = 200_000


def grouped_by_size(items: Iterable, size, limit: int | None = None) -> Iterator[list]:
    """Consecutive items in groups of about ``limit`` (by ``size(item)``; default
    BATCH_CHARS), in order."""
    limit = limit or BATCH_CHARS
    group, total = [], 0
    for item in items:
        group.append(item)
        total += size(item)
        if total >= limit:
            yield group
            group, total = [], 0
    if group:
        yield group


def _batch_rows(extractor: "Extractor", documents: list[Document], wanted) -> list[dict]:
    """Rows of a batch of documents in their final order. A file's documents (and the
    parts of a long one) come in order and never overlap, so each document's rows,
    sorted, follow the previous document's: no file's rows are held whole."""
    rows = []
    for extraction in extractor.extract_documents(documents, trace=False):
        found = [mention_row(extraction.document, m) for m in extraction.mentions if m.label in wanted]
        rows.extend(sorted(found, key=row_order))
    return rows


def _work_batch(task) -> list[dict]:
    documents, wanted = task
    return _batch_rows(_WORKER, documents, wanted)


_WORKER: "Extractor | None" = None


class Extractor:
    """Rules compiled once; documents streamed through ``nlp.pipe``."""

    def __init__(self, rules: RuleSet | None = None, rule_dirs: Sequence[Path] = ()):
        self.rules = rules or load_rules(rule_dirs)
        self.nlp = build_nlp(self.rules)
        self.finder = CandidateFinder(self.rules, self.nlp)
        self.builder = MentionBuilder(self.rules)
        self._checker = None
        self.record_builder = None

    @property
    def checker(self):
        """Conversions load the ECB rates and pint only when a document has money."""
        if self._checker is None:
            from .convert import MoneyChecker

            self._checker = MoneyChecker(self.rules.tables)
        return self._checker

    def extract_documents(self, documents: Sequence[Document], with_records: bool = False,
                          trace: bool = True) -> list[Extraction]:
        """Extractions of the documents, parsed together; ``trace=False`` skips the record
        of every decision (``ktech explain`` reads it; a streamed extract does not)."""
        parts = [part for d in documents for part in split_long(d)]
        # Docs for about BATCH_CHARS of text at a time, however long one file is.
        return [extraction for chunk in grouped_by_size(parts, lambda d: len(d.text))
                for extraction in self._extract_parts(chunk, with_records, trace)]

    def _extract_parts(self, documents: list[Document], with_records: bool, trace: bool) -> list[Extraction]:
        extractions = []
        docs = list(self.nlp.pipe((d.text for d in documents), batch_size=16))
        for document, doc, candidates in zip(documents, docs, self.finder.find_all(docs)):
            extraction = self.builder.build(document, doc, candidates, trace)
            if any(m.label == "MONEY" for m in extraction.mentions):
                self.checker.enrich(document, extraction.mentions)
            if with_records:
                from .records import RecordBuilder, finish

                self.record_builder = self.record_builder or RecordBuilder(self.rules)
                found = self.record_builder.funding(document, doc, extraction.mentions)
                funded = {r["amount_start"] - document.offset for r in found}
                found += self.record_builder.money_targets(document, doc, extraction.mentions, funded)
                found += self.record_builder.targets(document, doc, extraction.mentions)
                extraction.records = [finish(r) for r in found]
            extractions.append(extraction)
        return extractions

    def extract(self, paths: Iterable[str | Path], labels: Iterable[str] | None = None,
                keep_trace: bool = False, with_records: bool = False) -> Result:
        """Everything in memory (rows, records, documents); ``stream`` is the lean, parallel path."""
        wanted = set(LABELS if labels is None else labels)
        sources, errors = read_documents(paths, self.rules.documents)
        documents = [d for s in sources for d in s.documents]
        result = Result(errors=errors, documents=documents,
                        sources=[(s.path, s.sha256, s.encoding, len(s.documents)) for s in sources])
        for extraction in self.extract_documents(documents, with_records=with_records, trace=keep_trace):
            if keep_trace:
                result.extractions.append(extraction)
            result.rows.extend(mention_row(extraction.document, m) for m in extraction.mentions if m.label in wanted)
            result.records.extend(extraction.records)
        result.rows.sort(key=row_order)
        result.records.sort(key=lambda r: (r["doc_id"].rsplit("#", 1)[0], r["record_id"].rsplit("@", 1)[-1].zfill(12),
                                           r["kind"]))
        return result

    def stream(self, paths: Iterable[str | Path], labels: Iterable[str] | None = None, jobs: int = 1,
               stats: RunStats | None = None) -> Iterator[dict]:
        """Rows in their final order, file by file, holding one batch of files (about
        BATCH_CHARS of text) at a time, or one per worker: memory stays flat however
        large the corpus."""
        wanted = set(LABELS if labels is None else labels)
        stats = stats if stats is not None else RunStats()

        def sources():
            for source in iter_sources(paths, self.rules.documents, stats.errors):
                stats.sources.append((source.path, source.sha256, source.encoding, len(source.documents)))
                stats.documents += len(source.documents)
                yield source.documents
                if stats.on_file:
                    stats.on_file(source.path, len(source.text.encode("utf-8")))

        # Documents (long ones in parts) in batches of about BATCH_CHARS: a batch is the
        # unit of work, in this process or a worker, however the text is split in files.
        parts = (part for documents in sources() for d in documents for part in split_long(d))
        batches = grouped_by_size(parts, lambda d: len(d.text))

        def count(rows):
            for row in rows:
                stats.counts[row["label"]] = stats.counts.get(row["label"], 0) + 1
                if row["check"] and row["check"]["status"] == "mismatch":
                    stats.findings += 1
                yield row

        if jobs > 1:
            import multiprocessing

            global _WORKER
            _WORKER = self
            self.checker  # load the rates before forking, once for all workers
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                for rows in pool.imap(_work_batch, ((batch, wanted) for batch in batches), chunksize=1):
                    yield from count(rows)
        else:
            for batch in batches:
                yield from count(_batch_rows(self, batch, wanted))

    def stream_manifest(self, stats: RunStats) -> dict:
        from . import __version__

        return {
            "ktech_version": __version__,
            "rules_fingerprint": self.rules.fingerprint,
            "inputs": [{"path": p, "sha256": h, "encoding": e, "documents": n} for p, h, e, n in stats.sources],
            "errors": len(stats.errors),
            "documents": stats.documents,
            "mentions": sum(stats.counts.values()),
            "counts": {label: stats.counts[label] for label in sorted(stats.counts)},
        }

    def manifest(self, result: Result) -> dict:
        """What made a dataset: version, rules, inputs with their hashes, counts (no timestamps)."""
        from collections import Counter

        from . import __version__

        counts = Counter(r["label"] for r in result.rows)
        return {
            "ktech_version": __version__,
            "rules_fingerprint": self.rules.fingerprint,
            "inputs": [{"path": p, "sha256": h, "encoding": e, "documents": n} for p, h, e, n in result.sources],
            "errors": len(result.errors),
            "documents": len(result.documents),
            "mentions": len(result.rows),
            "counts": {label: counts[label] for label in sorted(counts)},
        }

    def extract_text(self, text: str, doc_date=None, name: str = "<text>") -> Extraction:
        """One string as one document (for ``ktech explain`` and tests)."""
        reader = DocumentReader(self.rules.documents)
        docs = list(reader.split(text, name, name)) or [Document(f"{name}#1", name, name, text, 0, None, None, None)]
        if doc_date is not None:
            docs = [Document(d.doc_id, d.path, d.name, d.text, d.offset, d.title, doc_date, "given") for d in docs]
        extractions = self.extract_documents(docs)
        return extractions[0]
