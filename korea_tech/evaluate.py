"""Score predicted mentions against gold mentions, as the extraction guide's Scoring section says.

- strict: same file, label, start and end;
- lenient: same file and label, overlapping spans (each gold matched to the
  unused prediction that overlaps it most, gold taken in order of start);
- normalisation accuracy: among lenient matches, the share whose norm fields
  equal the gold's (numbers to 1e-9 relative; strings case-insensitively).
  For MINISTRY only ``canonical`` and ``country`` are compared.

Only documents present in the gold are scored; labels the gold lacks are ignored.
"""
from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path, PurePath
from typing import Iterable

COMPARED = {"MINISTRY": ("canonical", "country")}


@dataclass
class LabelScore:
    gold: int
    pred: int
    strict_tp: int
    lenient_tp: int
    norm_ok: int

    @staticmethod
    def _prf(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
        p = tp / npred if npred else 0.0
        r = tp / ngold if ngold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def strict(self):
        return self._prf(self.strict_tp, self.pred, self.gold)

    @property
    def lenient(self):
        return self._prf(self.lenient_tp, self.pred, self.gold)

    @property
    def norm_acc(self) -> float:
        return self.norm_ok / self.lenient_tp if self.lenient_tp else 0.0

    def as_dict(self) -> dict:
        sp, sr, sf = self.strict
        lp, lr, lf = self.lenient
        return dict(asdict(self), strict_p=sp, strict_r=sr, strict_f1=sf, lenient_p=lp, lenient_r=lr,
                    lenient_f1=lf, norm_acc=self.norm_acc)


@dataclass
class Miss:
    kind: str  # FN | FP | NORM
    doc: str
    label: str
    text: str
    gold_norm: dict | None = None
    pred_norm: dict | None = None


@dataclass
class Report:
    labels: dict[str, LabelScore]
    misses: list[Miss]

    @property
    def total(self) -> LabelScore:
        return LabelScore(*(sum(getattr(s, f) for s in self.labels.values())
                            for f in ("gold", "pred", "strict_tp", "lenient_tp", "norm_ok")))

    def as_dict(self) -> dict:
        out = {label: s.as_dict() for label, s in self.labels.items()}
        total = self.total
        out["ALL"] = dict(total.as_dict(), end_to_end_f1=LabelScore._prf(total.norm_ok, total.pred, total.gold)[2])
        return out


def load_rows(paths: Iterable[str | Path]) -> list[dict]:
    """JSON Lines or a JSON array, from files or folders of *.jsonl."""
    rows: list[dict] = []
    for p in paths:
        p = Path(p)
        files = sorted(p.glob("*.jsonl")) if p.is_dir() else [p]
        for f in files:
            text = f.read_text(encoding="utf-8").strip()
            if text.startswith("["):
                rows += json.loads(text)
            elif text.startswith("{") and "\n{" not in text and '"mentions"' in text:
                data = json.loads(text)  # ktech's JSON: {"mentions": [...], "errors": [...]}
                rows += data["mentions"] if isinstance(data, dict) and "mentions" in data else [data]
            else:
                rows += [json.loads(line) for line in text.splitlines() if line.strip()]
    return rows


def _doc_of(row: dict) -> str:
    value = row.get("doc") or row.get("file") or row.get("path") or row.get("source") or ""
    return PurePath(str(value)).name


def _same(a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(a, str) and isinstance(b, str):
        return a.strip().casefold() == b.strip().casefold()
    return a == b


def _norm_ok(gold: dict, pred: dict, label: str) -> bool:
    pred_norm = pred.get("norm") if isinstance(pred.get("norm"), dict) else pred
    keys = COMPARED.get(label, gold["norm"].keys())
    return all(_same(gold["norm"].get(k), pred_norm.get(k)) for k in keys)


def score(gold: list[dict], pred: list[dict]) -> Report:
    docs = {g["doc"] for g in gold}
    pred = [p for p in pred if _doc_of(p) in docs]
    labels = sorted({g["label"] for g in gold})
    by_gold, by_pred = defaultdict(list), defaultdict(list)
    for g in gold:
        by_gold[(g["doc"], g["label"])].append(g)
    for p in pred:
        by_pred[(_doc_of(p), p["label"])].append(p)
    scores, misses = {}, []
    for label in labels:
        strict = lenient = norm_ok = 0
        keys = sorted({k for k in list(by_gold) + list(by_pred) if k[1] == label})
        for key in keys:
            golds, preds = by_gold.get(key, []), by_pred.get(key, [])
            spans = {(p["start"], p["end"]) for p in preds}
            strict += sum((g["start"], g["end"]) in spans for g in golds)
            used: set[int] = set()
            for g in sorted(golds, key=lambda g: g["start"]):
                best = None
                for i, p in enumerate(preds):
                    if i in used or p["end"] <= g["start"] or p["start"] >= g["end"]:
                        continue
                    overlap = min(p["end"], g["end"]) - max(p["start"], g["start"])
                    if best is None or overlap > best[0]:
                        best = (overlap, i)
                if best is None:
                    misses.append(Miss("FN", key[0], label, g["text"]))
                    continue
                used.add(best[1])
                lenient += 1
                if _norm_ok(g, preds[best[1]], label):
                    norm_ok += 1
                else:
                    misses.append(Miss("NORM", key[0], label, g["text"], g["norm"], preds[best[1]].get("norm")))
            misses += [Miss("FP", key[0], label, p.get("text", "")) for i, p in enumerate(preds) if i not in used]
        scores[label] = LabelScore(sum(len(v) for k, v in by_gold.items() if k[1] == label),
                                   sum(len(v) for k, v in by_pred.items() if k[1] == label),
                                   strict, lenient, norm_ok)
    return Report(scores, misses)


def failures(report: Report, min_f1: float | None, min_strict_f1: float | None,
             min_norm: float | None) -> list[str]:
    """The floors a report does not meet, each as a sentence."""
    problems = []
    if min_f1 is not None:
        for label, s in report.labels.items():
            if s.lenient[2] < min_f1:
                problems.append(f"{label} lenient F1 {s.lenient[2]:.3f} < {min_f1}")
    total = report.total
    if min_strict_f1 is not None and total.strict[2] < min_strict_f1:
        problems.append(f"overall strict F1 {total.strict[2]:.3f} < {min_strict_f1}")
    if min_norm is not None and total.norm_acc < min_norm:
        problems.append(f"overall normalisation accuracy {total.norm_acc:.3f} < {min_norm}")
    return problems
