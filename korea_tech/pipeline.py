"""One language's stages, built once from its rules: spaCy tokenisation (the language
plug-in), candidates (matching.py), mentions (mentions/), conversions and checks
(convert.py), records (linking/) and rows (rows.py), for a batch of documents.
"""
from __future__ import annotations

from typing import Iterator

from .collector import collector_paused
from .engine import DocumentResult, Options, grouped_by_size
from .layout import Layout
from .matching import CandidateFinder
from .mentions import MentionBuilder
from .mentions.builder import DocFacts


class LanguagePipeline:
    def __init__(self, code: str, rules, rates):
        from .languages import language

        self.code = code
        self.language = language(code)
        self.rules = rules
        self.nlp = self.language.make_nlp(rules)
        self.finder = CandidateFinder(rules, self.nlp)
        self.builder = MentionBuilder(rules)
        self._rates = rates
        self._checker = None
        self._records = None

    @property
    def checker(self):
        """Conversions load the ECB rates and pint only when a document has money."""
        if self._checker is None:
            from .convert import MoneyChecker

            self._checker = MoneyChecker(self.rules.tables, self._rates())
        return self._checker

    @property
    def record_builder(self):
        if self._records is None:
            from .linking import RecordBuilder

            self._records = RecordBuilder(self.rules)
        return self._records

    def parsed(self, documents) -> Iterator[tuple]:
        """(document, candidates, layout) of each document (each at most MAX_PART_CHARS
        long), tokenised about BATCH_CHARS at a time; each Doc is dropped once read."""
        for chunk in grouped_by_size(documents, lambda d: len(d.text)):
            docs = list(self.nlp.pipe((d.text for d in chunk), batch_size=16))
            found, windows = self.finder.read(docs)
            for i, (document, candidates) in enumerate(zip(chunk, found)):
                yield document, candidates, Layout(document.text, tokens=windows.tokens(i))

    def facts(self, parts, keep_chars: int = 0) -> tuple[DocFacts, list[tuple]]:
        """What the parts of a long document say for the whole of it, and the
        (candidates, layout, PartReading) of its first parts up to ``keep_chars``
        characters, for their second reading (``process``); the candidates only where
        that reading may need them."""
        with collector_paused():
            return self._facts(parts, keep_chars)

    def _facts(self, parts, keep_chars: int) -> tuple[DocFacts, list[tuple]]:
        facts, kept, size = DocFacts(), [], 0
        for part, candidates, layout in self.parsed(parts):
            said, read = self.builder.facts(part, candidates, layout)
            facts = facts.merge(said)
            size += len(part.text)
            if size <= keep_chars:  # size only grows: the kept parts are the first ones
                # The candidates are read again only where the whole document names what
                # one of them needs named (MentionBuilder.build), or for a trace: kept for
                # every part, they were two fifths of a table's kept reading.
                kept.append((candidates if read.needs_name else None, layout, read))
        return facts, kept

    def process(self, works, options: Options, types) -> list[DocumentResult]:
        with collector_paused():
            return self._process(works, options, types)

    def _process(self, works, options: Options, types) -> list[DocumentResult]:
        results = []
        # (a trace gives every candidate its reason: a part read without keeping its
        # candidates is read again)
        read_again = [w.parsed is None or (options.trace and w.parsed[0] is None) for w in works]
        fresh = self.parsed([w.doc for w, again in zip(works, read_again) if again])
        for work, again in zip(works, read_again):
            if not again:
                (candidates, layout, first_reading), document = work.parsed, work.doc
            else:
                (document, candidates, layout), first_reading = next(fresh), None
            extraction = self.builder.build(document, candidates, layout, options.trace, work.facts, first_reading)
            mentions = extraction.mentions
            if any(m.label == "MONEY" for m in mentions):
                self.checker.enrich(document, mentions)
            row = mention_rows(types.mention, document)
            # (in the order rows are written, by start, label and end: the builder's order)
            rows = [row(m) for m in mentions if m.label in options.labels]
            records = []
            if options.records:
                records = sorted(self.record_builder.build(document, layout, mentions),
                                 key=lambda r: (int(r["record_id"].rsplit("@", 1)[-1]), r["kind"]))
            results.append(DocumentResult(document, rows, records, extraction.trace))
        return results


def mention_row(row_type, document, mention):
    """One output row: the mention and the evidence that points back to its source."""
    return mention_rows(row_type, document)(mention)


def mention_rows(row_type, document):
    """The row maker of ``document``'s mentions: what every row of a document shares is
    read once (its date written out once, not once per row)."""
    offset, meta = document.offset, document.meta
    shared = dict(doc=document.name, path=document.path, doc_id=document.doc_id, doc_title=document.title,
                  doc_date=document.date.iso() if document.date else None,
                  doc_date_source=meta.date_source or "none", lang=document.lang, record=meta.record, url=meta.url)
    page_at = meta.page_at
    make = row_type.maker(shared, ("label", "text", "start", "end", "sentence", "rule", "page", "norm", "check"))

    def row(mention):
        check = mention.check
        if check:
            linked = check["equivalent_of"]
            check = dict(check, equivalent_of=dict(linked, start=linked["start"] + offset, end=linked["end"] + offset))
        return make(mention.label, mention.text, offset + mention.start, offset + mention.end, mention.sentence,
                    mention.rule, page_at(mention.start), mention.norm, check)

    return row
