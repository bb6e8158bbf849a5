"""Precision of funding records per confidence level, against a records gold (the shape of
../shared/dev/records-gold.json: `expected` records and `negatives`).

    python benchmarks/records_confidence.py RECORDS.json GOLD.json

A record is judged when its amount (doc, currency, value) is an expected or a negative
one; it is right when it is expected and its links are right (programme_any, body,
years), as ../shared/tools/records_score.py counts them. Records of amounts in neither
list (unclear ones) are not judged.
"""
from __future__ import annotations

import json
import math
import sys
from collections import Counter
from pathlib import PurePath


def _doc(r: dict) -> str:
    return PurePath(str(r.get("doc") or r.get("path") or "")).name.split("#")[0]


def _same(e: dict, r: dict) -> bool:
    v = r.get("value")
    return _doc(r) == e["doc"] and r.get("currency") == e["currency"] and isinstance(v, (int, float)) \
        and math.isclose(v, e["value"], rel_tol=1e-6)


def _linked(e: dict, r: dict) -> bool:
    names = " ".join(str(r.get(k) or "") for k in ("programme", "programme_canonical")).lower()
    if not any(p.lower() in names for p in e["programme_any"]):
        return False
    if e.get("body") and (r.get("body_canonical") or r.get("body") or "") != e["body"]:
        return False
    return all(r.get(k) == e[k] for k in ("year_start", "year_end") if k in e)


def main(records_path: str, gold_path: str) -> None:
    raw = json.load(open(records_path, encoding="utf-8"))
    records = raw if isinstance(raw, list) else raw.get("records", [])
    gold = json.load(open(gold_path, encoding="utf-8"))
    judged, right = Counter(), Counter()
    for r in records:
        if r.get("kind", "funding") != "funding":
            continue
        expected = [e for e in gold["expected"] if _same(e, r)]
        negative = any(_same(n, r) for n in gold["negatives"])
        if not expected and not negative:
            continue
        judged[r["confidence"]] += 1
        right[r["confidence"]] += any(_linked(e, r) for e in expected)
    for level in ("high", "medium", "low"):
        if judged[level]:
            print(f"{level:7} {right[level]:3}/{judged[level]:<3} = {right[level] / judged[level]:.2f}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
