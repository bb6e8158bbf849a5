"""Linking mentions into records: funding commitments (funding.py, tables.py) and quantitative
targets (targets.py) of one document, and the STIP Compass export (stip.py).

Linking rules (which words, how far, where a clause ends) are in records.yaml of
rules/ and rules/<language>/. Records read the document's ``Layout`` (tokens and
sentences), so they see a long document whole.
"""
from __future__ import annotations

from ..rows import row_types
from .config import RecordRules
from .funding import FundingLinker
from .stip import stip_rows
from .targets import TargetFinder

__all__ = ["RecordBuilder", "stip_rows"]


class RecordBuilder:
    def __init__(self, rules):
        self.config = RecordRules(rules)
        self.funding = FundingLinker(self.config)
        self.targets = TargetFinder(self.config)
        self.types = row_types(tuple(t.upper() for t in self.config.targets))

    def build(self, document, layout, mentions) -> list:
        """Funding and target records of a document, in the order of their amounts."""
        found = self.funding.records(document, layout, mentions)
        funded = {r["amount_start"] - document.offset for r in found}
        found += self.targets.money_targets(document, layout, mentions, funded)
        found += self.targets.targets(document, layout, mentions)
        where = {"doc": document.name, "doc_id": document.doc_id,
                 "doc_date": document.date.iso() if document.date else None,
                 "doc_date_source": document.meta.date_source or "none"}
        return [self.types.record(r["kind"])(**{k: v for k, v in r.items() if not k.startswith("_")}, **where)
                for r in found]
