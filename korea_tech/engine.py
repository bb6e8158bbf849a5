"""The one run path: inputs -> readers -> Documents -> per-language spaCy Docs ->
candidates -> mentions -> records -> rows. The CLI, the Python API and Dask all call
``Engine.run``; only the executor that runs each batch differs (this process, a pool of
processes, a Dask cluster), and every one gives the same rows in the same order.

    from korea_tech.engine import Engine, Options
    engine = Engine()                                  # rules compiled once
    for result in engine.run(["seeds/"], Options(records=True)):
        print(result.document.doc_id, len(result.rows), len(result.records))

Memory stays flat: documents go through in batches of about BATCH_CHARS characters, and a
long document in parts of at most MAX_PART_CHARS, each part read with what the whole
document says (the acronyms it defines anywhere, the names it spells out), found in a
first pass over its parts (whose readings are kept for the second, up to
KEEP_PARSED_CHARS). With ``--jobs`` the workers read the small files themselves
(``Engine.tasks``).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from .collector import collector_paused
from .document import DocDate, Document, ReadError
from .readers import TextInput, find_inputs, read_sources
from .ruleset import LABELS, RuleSet, load_rules

# Documents are extracted in batches of about this many characters: the array work that
# decides where patterns can match is paid per batch, and memory stays bounded.
BATCH_CHARS = 200_000
# spaCy refuses texts over nlp.max_length (1,000,000 characters) and its memory grows
# with the text: longer documents are tokenised in parts cut at a line break, a sentence
# end or at least a space.
MAX_PART_CHARS = 200_000
# A long document's parts are read once for what the whole says (facts) and again for
# their mentions. The tokens and what the first reading accepted are kept for the second
# for parts up to this many characters of a document (about 40 MB per MB of a table of
# amounts); parts past it are read again, so memory stays bounded.
KEEP_PARSED_CHARS = 4_000_000


@dataclass(frozen=True)
class Options:
    """What a run produces and how it reads its documents."""

    labels: frozenset[str] = frozenset(LABELS)  # mention rows of these labels
    records: bool = False  # funding and target records too
    trace: bool = False  # every decision about every candidate (ktech explain)
    date: DocDate | None = None  # the date of documents that carry none
    dates: dict = field(default_factory=dict)  # path, file name or doc id -> DocDate, for those documents
    lang: str | None = None  # every document's language; None: detected per document
    fields: tuple = ()  # (role, field name) of corpus records: ("text", "body"), ("date", "published")
    # --jobs workers (ProcessExecutor) send mention rows as JSON text, for outputs that are
    # all JSON: a result then holds one writers.JsonRow (its rows, one per line), not rows.
    # Set by `ktech extract`.
    json_rows: bool = False


@dataclass
class DocumentResult:
    document: Document
    rows: list = field(default_factory=list)  # mention rows (rows.Row), in output order; or a JsonRow (json_rows)
    records: list = field(default_factory=list)  # funding and target records, by offset
    trace: list = field(default_factory=list)  # Decisions, with Options(trace=True)
    # (mention labels, mismatched checks) of rows sent as JSON text, counted where they were made
    tally: tuple | None = None

    def as_json_rows(self) -> "DocumentResult":
        """The result with its mention rows as JSON text (writers.JsonRow), counted first."""
        from collections import Counter

        from .writers import json_rows

        self.tally = (Counter(row["label"] for row in self.rows), _mismatches(self.rows))
        self.rows = json_rows(self.rows)
        return self


def _mismatches(rows) -> int:
    return sum(1 for row in rows if row["check"] and row["check"]["status"] == "mismatch")


@dataclass
class RunLog:
    """What a run read and produced: the manifest and the summary come from it."""

    sources: list = field(default_factory=list)  # per input read: path, sha256, encoding, documents, their dates
    errors: list[ReadError] = field(default_factory=list)
    documents: int = 0
    counts: Counter = field(default_factory=Counter)  # mention rows per label
    records: Counter = field(default_factory=Counter)  # records per kind
    findings: int = 0  # stated equivalents that do not match the rate
    on_source: Callable | None = None  # callback(path, n_bytes) after each input is read (progress bars)
    relay: bool = False  # keep (path, n_bytes) of each input read, for the log this one is merged into
    read_bytes: list = field(default_factory=list)

    def source_read(self, path: str, n_bytes: int) -> None:
        if self.on_source:
            self.on_source(path, n_bytes)
        if self.relay:
            self.read_bytes.append((path, n_bytes))

    @property
    def read_anything(self) -> bool:
        return bool(self.sources)

    def merge_reading(self, other: "RunLog") -> None:
        """What a worker logged reading a ReadTask's files, as if read here."""
        self.sources.extend(other.sources)
        self.errors.extend(other.errors)
        self.documents += other.documents
        for path, n_bytes in other.read_bytes:
            self.source_read(path, n_bytes)


class WorkBatch(list):
    """Works read here, with what reading their input logged (on an input's first batch)."""

    def __init__(self, works=(), reading: RunLog | None = None):
        super().__init__(works)
        self.reading = reading


@dataclass
class ReadTask:
    """Small files and texts a worker reads itself, in input order: see Engine.tasks."""

    paths: list


def _shifted(spans, offset: int, length: int) -> tuple:
    """Spans of a document as spans of its part starting at ``offset``."""
    return tuple((s - offset, e - offset) for s, e in spans if s >= offset and e <= offset + length)


def user_date(document: Document, options: Options) -> DocDate | None:
    """The date the user gave for ``document``: by its id, its path or its file name in
    ``--dates``, else ``--date``."""
    for key in (document.doc_id, document.path, document.name):
        if key in options.dates:
            return options.dates[key]
    return options.date


class Work:
    """A unit of extraction: a document, or a part of a long one (a Document of the part's
    text at its offset) with the facts of the whole (``mentions.builder.DocFacts``).
    ``whole`` -- the document as read -- stays in this process: a worker gets the part.
    ``parsed`` -- the part's candidates (None unless its second reading may accept again:
    ``LanguagePipeline.facts``), layout and accepted candidates (PartReading) from the
    facts pass, if kept -- too:
    a worker reads the part again (the same rows; sending them would cost more)."""

    __slots__ = ("doc", "facts", "whole", "parsed")

    def __init__(self, doc: Document, facts=None, whole: Document | None = None, parsed=None):
        self.doc, self.facts, self.whole, self.parsed = doc, facts, whole or doc, parsed

    def __getstate__(self):
        return self.doc, self.facts

    def __setstate__(self, state):
        self.doc, self.facts = state
        self.whole, self.parsed = self.doc, None


def split_long(document: Document, limit: int | None = None) -> list[tuple[int, str]]:
    """(offset in the document, text) of each part of a document, cut where the text
    allows: a blank line, a line break, a sentence end, a space, in the second half of
    each ``limit``-character window."""
    limit = limit or MAX_PART_CHARS
    text = document.text
    if len(text) <= limit:
        return [(0, text)]
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
        parts.append((start, text[start:end]))
        start = end
    return parts


def grouped_by_size(items: Iterable, size: Callable, limit: int | None = None) -> Iterator[list]:
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


class Engine:
    """Rules compiled once; languages built when a document needs them."""

    def __init__(self, rules: RuleSet | None = None, rule_paths: Sequence[str | Path] = ()):
        self.rule_paths = tuple(str(Path(p).resolve()) for p in rule_paths)
        with collector_paused():  # what the run keeps (and spaCy's import): nothing to collect
            self.rules = rules or load_rules([Path(p) for p in rule_paths])
        self._pipelines: dict[str, object] = {}
        self._rates = None
        from .rows import row_types

        self.types = row_types(tuple(self.rules.language(self._default_language()).tables.get(
            "conversion", {}).get("targets", ("KRW", "USD", "EUR"))))

    @staticmethod
    def _default_language() -> str:
        from .languages import DEFAULT

        return DEFAULT

    # ------------------------------------------------------------------ languages
    def pipeline(self, code: str):
        """The pipeline of language ``code`` (nlp, finder, normalisers ...), built once."""
        if code not in self._pipelines:
            from .pipeline import LanguagePipeline

            with collector_paused():
                self._pipelines[code] = LanguagePipeline(code, self.rules.language(code), self.rates)
        return self._pipelines[code]

    def rates(self):
        """The ECB rate table, loaded once for every language, when money needs it."""
        if self._rates is None:
            from .convert import RateTable

            targets = self.rules.language(self._default_language()).tables.get("conversion", {}).get("targets")
            # the codes any language's rules can give an amount
            codes = {entry["code"] for rules in self.rules.languages.values()
                     for entry in rules.tables.get("currencies", ())}
            with collector_paused():
                self._rates = RateTable(targets or ("KRW", "USD", "EUR"), currencies=codes)
        return self._rates

    # ------------------------------------------------------------------ reading
    def documents(self, inputs: Iterable[str | Path | TextInput], options: Options, log: RunLog) -> Iterator[Document]:
        """Every document of the inputs, in order, with its language and (if it has none
        and the user gave one) its date."""
        found, errors = find_inputs(inputs)
        log.errors.extend(errors)
        yield from self.read(found, options, log)

    def read(self, found: Iterable[Path | TextInput], options: Options, log: RunLog) -> Iterator[Document]:
        """The documents of inputs found (``find_inputs``), in order."""
        from .languages import detect

        config = {**self.rules.documents, "corpus_fields": dict(options.fields)} if options.fields \
            else self.rules.documents
        for source in read_sources(found, config, log.errors):
            entry = {"path": source.path, "sha256": source.sha256, "encoding": source.encoding,
                     "documents": len(source.documents), "dates": []}
            log.sources.append(entry)
            log.documents += len(source.documents)
            for document in source.documents:
                given = user_date(document, options)
                # a date given for this document (--dates) also beats the file's metadata (a
                # PDF's creation date); the date for all (--date) only fills a missing one
                named = given is not None and given is not options.date
                weaker = (None, "file name", "metadata") if named else (None, "file name")
                if given is not None and document.meta.date_source in weaker:
                    document = document.with_date(given, "user")
                document = document.with_lang(options.lang or document.lang or detect(document.text))
                entry["dates"].append({"doc_id": document.doc_id, "date": document.date.iso() if document.date else None,
                                       "date_source": document.meta.date_source or "none", "lang": document.lang})
                yield document
            log.source_read(source.path, len(source.text.encode("utf-8")))

    def works(self, documents: Iterable[Document], keep: bool = True) -> Iterator[Work]:
        """Each document as one unit of work, or a long one as its parts, each with what
        the whole document says (the names it spells out, the acronyms it defines: found
        in a first pass over the parts), so a part is read as part of its document.
        ``keep``: the parts keep that first reading for their second (KEEP_PARSED_CHARS)."""
        for document in documents:
            parts = split_long(document)
            if len(parts) == 1:
                yield Work(document)
                continue
            pieces = [replace(document, text=text, offset=document.offset + offset,
                              meta=replace(document.meta, stamps=_shifted(document.meta.stamps, offset, len(text))))
                      for offset, text in parts]
            facts, kept = self.pipeline(document.lang).facts(pieces, KEEP_PARSED_CHARS if keep else 0)
            kept.reverse()  # each reading held by its work only: let go of once read
            for piece in pieces:
                yield Work(piece, facts, document, kept.pop() if kept else None)

    # ------------------------------------------------------------------ the unit of work
    def process(self, works: list[Work], options: Options) -> list[DocumentResult]:
        """Mentions (and records) of a batch of works, each in its language's pipeline."""
        results: dict[int, DocumentResult] = {}
        by_language: dict[str, list[int]] = {}
        for i, work in enumerate(works):
            by_language.setdefault(work.doc.lang, []).append(i)
        for code, indices in by_language.items():
            batch = [works[i] for i in indices]
            for i, result in zip(indices, self.pipeline(code).process(batch, options, self.types)):
                results[i] = result
        return [results[i] for i in range(len(works))]

    # ------------------------------------------------------------------ the run
    def tasks(self, inputs, options: Options, log: RunLog) -> Iterator[list[Work] | "ReadTask"]:
        """What an executor whose workers read files themselves gets, in input order: the
        small files and texts in ReadTasks of about BATCH_CHARS bytes (reading is then
        parallel too: it was a fifth of the work, done in one process while the others
        waited), and batches of works read here for files that may be long (a long
        document's parts are spread over the workers)."""
        found, errors = find_inputs(inputs)
        log.errors.extend(errors)
        small: list[Path] = []
        size = 0
        for item in found:
            nbytes = len(item.text) if isinstance(item, TextInput) else \
                item.stat().st_size if item.is_file() else None
            if nbytes is not None and nbytes < MAX_PART_CHARS:
                small.append(item)
                size += nbytes
                if size >= BATCH_CHARS:
                    yield ReadTask(small)
                    small, size = [], 0
                continue
            if small:
                yield ReadTask(small)
                small, size = [], 0
            # read here, logged with its first batch so the manifest keeps input order
            reading = RunLog(relay=True)
            # (a worker reads each part again: no first reading is kept for it)
            works = self.works(self.read([item], options, reading), keep=False)
            batches = list(grouped_by_size(works, lambda w: len(w.doc.text)))
            for i, batch in enumerate(batches or [[]]):
                yield WorkBatch(batch, reading if i == 0 else None)
        if small:
            yield ReadTask(small)

    def process_task(self, task: list[Work] | "ReadTask", options: Options):
        """A task of ``tasks``: the results of a batch of works; or, for a ReadTask, its
        files read here, the results of their documents (with the documents) and what
        the reading logged."""
        if not isinstance(task, ReadTask):
            return self._sent(self.process(task, options), options)
        log = RunLog(relay=True)
        works = list(self.works(self.read(task.paths, options, log)))
        results = self.process(works, options)
        for work, result in zip(works, results):
            result.document = work.whole
        return self._sent(results, options), log

    @staticmethod
    def _sent(results: list[DocumentResult], options: Options) -> list[DocumentResult]:
        """Results as a worker sends them back: rows as JSON text when the output is JSON."""
        return [r.as_json_rows() for r in results] if options.json_rows else results

    def run(self, inputs: Iterable[str | Path | TextInput], options: Options = Options(),
            executor=None, log: RunLog | None = None) -> Iterator[DocumentResult]:
        """Results document by document, in input order (files sorted by path); a long
        document gives one result per part, each with the whole document."""
        from .executors import LocalExecutor

        executor = executor or LocalExecutor()
        log = log if log is not None else RunLog()
        if getattr(executor, "reads_files", False):
            batches = self.tasks(inputs, options, log)
        else:
            batches = grouped_by_size(self.works(self.documents(inputs, options, log)), lambda w: len(w.doc.text))
        for batch, results in executor.map(self, batches, options):
            if isinstance(batch, ReadTask):
                results, read = results
                log.merge_reading(read)
                batch = [None] * len(results)
            elif getattr(batch, "reading", None) is not None:
                log.merge_reading(batch.reading)
            for work, result in zip(batch, results):
                if work is not None:
                    result.document = work.whole
                if result.tally is not None:
                    labels, findings = result.tally
                    log.counts.update(labels)
                else:
                    log.counts.update(row["label"] for row in result.rows)
                    findings = _mismatches(result.rows)
                log.records.update(r["kind"] for r in result.records)
                log.findings += findings
                yield result
            # Let go of this batch before the executor makes the next: held here, two
            # batches' rows were alive at once (a table's 40,000 rows).
            batch = results = work = result = None

    def manifest(self, log: RunLog) -> dict:
        """What made a dataset: version, rules, inputs with their hashes, counts (no timestamps)."""
        from . import __version__

        return {
            "ktech_version": __version__,
            "rules_fingerprint": self.rules.fingerprint,
            "inputs": log.sources,
            "errors": len(log.errors),
            "documents": log.documents,
            "mentions": sum(log.counts.values()),
            "counts": {label: log.counts[label] for label in sorted(log.counts)},
        }

    def stip_rows(self, records) -> list:
        """Funding records as STIP Compass initiatives (bands and country from the rules),
        each commitment once however many sources report it (the ledger)."""
        from .linking import stip_rows
        from .linking.config import RecordRules

        config = RecordRules(self.rules.language(self._default_language()))
        return stip_rows(self.ledger_rows(records), config.bands, config.default_country)

    def ledger_rows(self, records) -> list:
        """Funding records of a corpus, one row per commitment (linking/ledger.py)."""
        from .linking import ledger

        return [self.types.ledger(**row) for row in ledger(list(records))]

    def spec(self) -> tuple[str, ...]:
        """What a worker needs to build the same engine: the extra rule paths."""
        return self.rule_paths

