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
from .ledger import ledger
from .stip import stip_rows
from .targets import TargetFinder

__all__ = ["RecordBuilder", "stip_rows", "one_per_commitment", "ledger"]
CONFIDENCE = {"high": 0, "medium": 1, "low": 2}


def one_per_commitment(records: list[dict]) -> list[dict]:
    """A commitment a document states twice (headline and body, a repeated paragraph) is
    one record: the same amount for the same programme. The clearest statement (highest
    confidence, then the first) keeps the links; ``repeated_at`` lists the others."""
    groups: dict[tuple, list[dict]] = {}
    kept = []
    # A named programme stands for the amount wherever the document gives it: the prose
    # that restates a table's amount with only a purpose ("to support the creation of
    # jobs") is the same commitment. Two purposes or two programmes are two commitments.
    named = {(r["currency"], r["value"], r["value_max"]): r["programme_canonical"] for r in records
             if r.get("programme_canonical")}
    for r in records:
        amount = (r["currency"], r["value"], r["value_max"])
        programme = r.get("programme_canonical") or \
            (named.get(amount) if r.get("programme_canonical") is None and r["confidence"] != "high" else None) or \
            (r.get("programme") or "").lower()
        if not programme:
            kept.append(r)
            continue
        key = (*amount, programme)
        if key not in groups:
            groups[key] = []
            kept.append(r)
        groups[key].append(r)
    for key, same in groups.items():
        if len(same) < 2:
            continue
        best = min(same, key=lambda r: (CONFIDENCE.get(r["confidence"], 3), r["amount_start"]))
        best["repeated_at"] = sorted(r["amount_start"] for r in same if r is not best)
        i = next(i for i, r in enumerate(kept) if r in same)
        kept[i] = best
    return kept


class RecordBuilder:
    def __init__(self, rules):
        self.config = RecordRules(rules)
        self.funding = FundingLinker(self.config)
        self.targets = TargetFinder(self.config)
        self.types = row_types(tuple(t.upper() for t in self.config.targets))

    def build(self, document, layout, mentions) -> list:
        """Funding and target records of a document, in the order of their amounts."""
        found = one_per_commitment(self.funding.records(document, layout, mentions))
        funded = {r["amount_start"] - document.offset for r in found}
        funded |= {start - document.offset for r in found for start in r.get("repeated_at") or ()}
        found += self.targets.money_targets(document, layout, mentions, funded)
        found += self.targets.targets(document, layout, mentions)
        where = {"doc": document.name, "doc_id": document.doc_id,
                 "doc_date": document.date.iso() if document.date else None,
                 "doc_date_source": document.meta.date_source or "none", "lang": document.lang}
        funding_where = {**where, "url": document.meta.url, "record": document.meta.record}
        rows = []
        for r in found:
            extra = funding_where if r["kind"] == "funding" else where
            if r["kind"] == "funding":
                extra = {**extra, "page": document.meta.page_at(r["amount_start"] - document.offset)}
            rows.append(self.types.record(r["kind"])(**{k: v for k, v in r.items() if not k.startswith("_")}, **extra))
        return rows
