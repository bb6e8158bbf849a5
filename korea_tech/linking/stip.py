"""The funding ledger -> one row per initiative, in the shape of the EC-OECD STIP Compass
database (initiative, responsible organisation, country, years, budget in EUR and its band)."""
from __future__ import annotations

from collections import Counter, defaultdict

from ..rows import STIP


def band(bands: list[tuple[str, float]], eur: float | None) -> str | None:
    if eur is None:
        return None
    name = None
    for label, low in bands:
        if eur >= low:
            name = label
    return name


def stip_rows(commitments, bands: list[tuple[str, float]], default_country: str) -> list:
    """One row per initiative from the ledger's commitments (linking/ledger.py: a
    commitment several sources report counts once)."""
    groups: dict[str, list] = defaultdict(list)
    for r in commitments:
        # Only commitments whose programme link is sure: a paragraph guess (low) stays out.
        if r["programme_canonical"] and r["confidence"] != "low":
            groups[r["programme_canonical"]].append(r)
    rows = []
    for name in sorted(groups):
        rs = groups[name]
        bodies = Counter(r["body_canonical"] for r in rs if r["body_canonical"])
        countries = Counter(r["body_country"] for r in rs if r["body_country"])
        starts = [r["year_start"] for r in rs if r["year_start"] is not None]
        ends = [r["year_end"] for r in rs if r["year_end"] is not None]
        eur = max((r["value_eur"] for r in rs if r.get("value_eur") is not None), default=None)
        rows.append(STIP(
            initiative=name,
            responsible_organisation=bodies.most_common(1)[0][0] if bodies else None,
            country=countries.most_common(1)[0][0] if countries else default_country,
            start_year=min(starts) if starts else None,
            end_year=max(ends) if ends else None,
            budget_eur=eur,
            budget_band=band(bands, eur),
            mentions=sum(len(r["record_ids"]) for r in rs),
            documents=";".join(sorted({d for r in rs for d in r["doc_ids"]})),
        ))
    return rows
