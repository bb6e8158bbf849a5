"""Funding records of a corpus -> the ledger researchers build by hand: one row per
commitment, whichever and however many sources report it.

Records of different documents are one commitment when they fund the same thing and
their periods overlap (or one gives none):
- the same programme or object (names compared without case, spaces and punctuation;
  one may hold the other: "Korean New Deal" and "the Korean New Deal fund" are not the
  same, "K-Battery Strategy" and "K-Battery strategy" are), with amounts of one order (the
  larger at most ``max_ratio`` times the smaller): a disagreeing figure is flagged, not
  split off;
- or, with no programme on either side, the same body and the same amount within the
  stated precision.
Amounts agree when they are equal within the precision each source states: "1.2
trillion won" is 1.15-1.25 trillion, "1.23 trillion won" 1.225-1.235 trillion.

Each row lists its sources (document ids, dates, urls, record ids), the first and the
latest report, the amount most sources give, the range of amounts and periods, and flags
where sources disagree on the amount or the period.
"""
from __future__ import annotations

import hashlib
import math
import re
from collections import Counter

MAX_RATIO = 3.0  # amounts further apart than this are different commitments of one programme


def precision(record: dict) -> float:
    """Half the unit of the last digit the source wrote: 0.05e12 for "1.2 trillion won",
    0.5e12 for "10 trillion won", 0.5e8 for "1조 2000억원" (every digit written counts)."""
    value = abs(float(record["value"]))
    written = "".join(re.findall(r"\d", record.get("amount_text") or "")).lstrip("0")
    if not written or value == 0:
        return 0.0
    return 0.5 * 10 ** (math.floor(math.log10(value)) - len(written) + 1)


def agree(a: dict, b: dict) -> bool:
    """Two amounts equal within the precision either source states."""
    if a["currency"] != b["currency"]:
        return False
    tolerance = max(precision(a), precision(b))
    return abs(float(a["value"]) - float(b["value"])) <= tolerance + 1e-9 * max(abs(float(a["value"])), 1)


def subject(record: dict) -> str:
    """The funded thing, as a key: letters and digits of the programme's name."""
    name = record.get("programme_canonical") or record.get("programme") or ""
    return re.sub(r"[\W_]+", "", name.lower())


def _periods_overlap(a: dict, b: dict) -> bool:
    a_start, a_end = a.get("year_start") or a.get("year_end"), a.get("year_end") or a.get("year_start")
    b_start, b_end = b.get("year_start") or b.get("year_end"), b.get("year_end") or b.get("year_start")
    if a_end is None or b_end is None:
        return True
    return a_start <= b_end and b_start <= a_end


def same_commitment(a: dict, b: dict, max_ratio: float = MAX_RATIO) -> bool:
    if a["doc_id"] == b["doc_id"] or a["currency"] != b["currency"] or not _periods_overlap(a, b):
        return False
    sa, sb = subject(a), subject(b)
    if sa and sb:
        if not (sa == sb or (min(len(sa), len(sb)) >= 6 and (sa in sb or sb in sa))):
            return False
        low, high = sorted((float(a["value"]), float(b["value"])))
        return low > 0 and high / low <= max_ratio
    if sa or sb:
        return False
    return bool(a.get("body_canonical")) and a.get("body_canonical") == b.get("body_canonical") and agree(a, b)


def ledger(records: list[dict], max_ratio: float = MAX_RATIO) -> list[dict]:
    """The commitments of funding ``records`` (in their order: input, then offset), each
    with its sources; deterministic for the same records."""
    groups: list[list[dict]] = []
    for r in records:
        if r.get("kind", "funding") != "funding":
            continue
        home = next((g for g in groups if any(same_commitment(r, x, max_ratio) for x in g)), None)
        if home is None:
            groups.append([r])
        else:
            home.append(r)
    return [_row(g) for g in groups]


def _row(group: list[dict]) -> dict:
    by_date = sorted(group, key=lambda r: (r.get("doc_date") or "9999", r["doc_id"]))
    # The amount most sources agree with (within their precision); the first report on a tie.
    support = [sum(agree(r, other) for other in group) for r in by_date]
    lead = by_date[support.index(max(support))]
    named = next((r for r in group if r.get("programme_canonical")), None) or \
        next((r for r in group if r.get("programme")), lead)
    body = Counter(r["body_canonical"] for r in group if r.get("body_canonical"))
    starts = sorted({r["year_start"] for r in group if r.get("year_start") is not None})
    ends = sorted({r["year_end"] for r in group if r.get("year_end") is not None})
    amounts_agree = all(agree(lead, r) for r in group)
    key = "|".join(sorted(r["record_id"] for r in group))
    return {
        "ledger_id": "L" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12],
        "programme": named.get("programme"), "programme_canonical": named.get("programme_canonical"),
        "body_canonical": body.most_common(1)[0][0] if body else None,
        "currency": lead["currency"], "value": lead["value"],
        "value_low": min(r["value"] for r in group), "value_high": max(r["value"] for r in group),
        "amount_disagrees": not amounts_agree,
        "year_start": starts[0] if starts else None, "year_end": ends[-1] if ends else None,
        "period_disagrees": len(starts) > 1 or len(ends) > 1,
        "sources": len({r["doc_id"] for r in group}),
        "doc_ids": [r["doc_id"] for r in by_date], "doc_dates": [r.get("doc_date") for r in by_date],
        "urls": [r.get("url") for r in by_date],
        "record_ids": [r["record_id"] for r in by_date],
        "amounts": [r["amount_text"] for r in by_date],
        "first_reported": by_date[0].get("doc_date"), "latest_reported": by_date[-1].get("doc_date"),
        "confidence": min((r["confidence"] for r in group), key=lambda c: {"high": 0, "medium": 1, "low": 2}.get(c, 3)),
        "body_country": next((r["body_country"] for r in group if r.get("body_country")), None),
        **{k: lead.get(k) for k in lead if k.startswith("value_") and not k.startswith("value_max")},
    }
