"""One language's stages, built once from its rules: spaCy tokenisation (the language
plug-in), candidates (matching.py), mentions (mentions/), conversions and checks
(convert.py), records (linking/) and rows (rows.py), for a batch of documents.
"""
from __future__ import annotations

from .engine import DocumentResult, Options, grouped_by_size, split_long
from .layout import Layout
from .matching import CandidateFinder
from .mentions import MentionBuilder


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

    def candidates(self, documents) -> tuple[list[list], list[Layout]]:
        """Every document's candidates and layout, its text tokenised in parts of at most
        MAX_PART_CHARS, about BATCH_CHARS at a time (each part's Doc dropped once read)."""
        parts = [(i, offset, text) for i, d in enumerate(documents) for offset, text in split_long(d)]
        candidates: list[list] = [[] for _ in documents]
        layouts = [Layout(d.text) for d in documents]
        for chunk in grouped_by_size(parts, lambda p: len(p[2])):
            docs = list(self.nlp.pipe((p[2] for p in chunk), batch_size=16))
            found = self.finder.find_all(docs, [p[1] for p in chunk])
            for (i, offset, _), doc, cands in zip(chunk, docs, found):
                candidates[i].extend(cands)
                layouts[i].add(doc, offset)
        return candidates, [layout.finish() for layout in layouts]

    def process(self, documents, options: Options, types) -> list[DocumentResult]:
        candidates, layouts = self.candidates(documents)
        results = []
        for document, found, layout in zip(documents, candidates, layouts):
            extraction = self.builder.build(document, found, layout, options.trace)
            mentions = extraction.mentions
            if any(m.label == "MONEY" for m in mentions):
                self.checker.enrich(document, mentions)
            rows = sorted((mention_row(types.mention, document, m) for m in mentions if m.label in options.labels),
                          key=lambda r: (r["start"], r["label"], r["end"]))
            records = []
            if options.records:
                records = sorted(self.record_builder.build(document, layout, mentions),
                                 key=lambda r: (int(r["record_id"].rsplit("@", 1)[-1]), r["kind"]))
            results.append(DocumentResult(document, rows, records, extraction.trace))
        return results


def mention_row(row_type, document, mention):
    """One output row: the mention and the evidence that points back to its source."""
    offset = document.offset
    check = mention.check
    if check:
        linked = check["equivalent_of"]
        check = dict(check, equivalent_of=dict(linked, start=linked["start"] + offset, end=linked["end"] + offset))
    return row_type(
        doc=document.name, path=document.path, doc_id=document.doc_id, doc_title=document.title,
        doc_date=document.date.iso() if document.date else None, label=mention.label, text=mention.text,
        start=offset + mention.start, end=offset + mention.end, sentence=mention.sentence, rule=mention.rule,
        norm=mention.norm, check=check)
