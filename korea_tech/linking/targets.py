"""Quantitative targets: "30 000 smart factories by 2025", "20 percent from the current
7 percent by 2030", and amounts that are goals rather than commitments ("a production
volume of KRW 180 tn by 2026")."""
from __future__ import annotations

import re

from .config import RecordRules


class TargetFinder:
    def __init__(self, config: RecordRules):
        self.c = config

    def money_targets(self, document, layout, mentions, funded: set[int]) -> list[dict]:
        """An amount that is a goal, not a commitment: a measure word before it, a target
        word and a target year in its sentence."""
        text, records = document.text, []
        for m in mentions:
            if m.label != "MONEY" or m.check or m.start in funded:
                continue
            sent_start, sent_end = layout.sentence_span(m.start)
            years = [x for x in mentions if x.label == "YEAR" and x.norm.get("role") == "target"
                     and sent_start <= x.start < sent_end]
            s_text = text[sent_start:sent_end]
            measure = self.c.not_cues.search(text, max(sent_start, m.start - 40), m.start) if self.c.not_cues else None
            if not years or measure is None or not (self.c.target_cues and self.c.target_cues.search(s_text)):
                continue
            year = min(years, key=lambda y: abs(y.start - m.end))
            record = _target(document, m.start, m.end, measure.group(), m.norm["value"], m.norm["currency"],
                             None, year, s_text, m.text)
            record["evidence"] = f"{measure.group()} (a measure, not a commitment); by {year.text}"
            records.append(record)
        return records

    def targets(self, document, layout, mentions) -> list[dict]:
        """Counts and percentages in sentences that state a goal, with what they count."""
        text = document.text
        taken = [(x.start, x.end) for x in mentions]
        records = []
        for sent_start, sent_end in layout.sentences():
            s_text = text[sent_start:sent_end]
            if not (self.c.target_cues and self.c.target_cues.search(s_text)):
                continue
            target_years = [x for x in mentions if x.label == "YEAR" and x.norm.get("role") == "target"
                            and sent_start <= x.start < sent_end]
            for hit in self.c.count.finditer(text, sent_start, sent_end):
                if any(s <= hit.start() < e for s, e in taken):
                    continue
                record = self._target_at(document, text, hit, sent_start, sent_end, s_text, target_years, taken)
                if record is not None:
                    records.append(record)
        return records

    def _target_before(self, document, text, hit, sent_start, s_text, target_years) -> dict | None:
        """'수소 버스·트럭 3만대를 보급': the count, its counter word and the words before it."""
        scale = self.c.count_scales.get(hit.group(2) or "", 1)
        quantity = float(hit.group(1).replace(",", "")) * scale
        words = list(re.finditer(r"\S+", text[sent_start:hit.start()]))
        metric_words = []
        for w in reversed(words[-self.c.max_metric_words:]):
            word = w.group().strip("‘’“”'\"(),")
            particle = next((p for p in self.c.metric_stops if word.endswith(p) and len(word) > len(p)), None)
            if word in self.c.metric_stops or not word or word[-1].isdigit():
                break
            if particle and metric_words:  # an earlier word with a particle ends the metric
                break
            metric_words.insert(0, word[: -len(particle)] if particle else word)  # 기업도 600개: 기업
        if not metric_words:
            return None
        year = min(target_years, key=lambda y: abs(y.start - hit.start()), default=None)
        if year is None:
            return None
        cue = self.c.target_cues.search(text, hit.end(), hit.end() + 40) if self.c.target_cues else None
        if cue is None:
            return None
        record = _target(document, hit.start(), hit.end(), " ".join(metric_words),
                         int(quantity) if quantity.is_integer() else quantity, hit.group(3), None, year, s_text,
                         text[hit.start():hit.end()])
        record["evidence"] = cue.group()
        return record

    def _target_at(self, document, text, hit, sent_start, sent_end, s_text, target_years, taken) -> dict | None:
        if self.c.metric_before:
            return self._target_before(document, text, hit, sent_start, s_text, target_years)
        scale = self.c.count_scales.get((hit.group(2) or "").lower(), 1)
        quantity = float(hit.group(1).replace(",", "").replace(" ", "")) * scale
        after = text[hit.end():sent_end]
        pct = self.c.percent.match(after.lstrip()) if self.c.percent else None
        if pct:
            unit, rest_at = "percent", hit.end() + (len(after) - len(after.lstrip())) + pct.end()
        else:
            unit, rest_at = None, hit.end()
        if self._is_state(text, rest_at):
            return None  # a state, not a goal: "(9 percent at present)"
        of = self.c.unit_of.match(text[rest_at:rest_at + 12]) if unit and self.c.unit_of else None
        metric = self._metric(text, rest_at + (of.end() if of else 0), sent_end)
        if metric is None and unit is None:
            return None
        year = min(target_years, key=lambda y: (y.start < hit.start(), abs(y.start - hit.start())), default=None)
        if year is None and unit is None and not (self.c.total_words and self.c.total_words.search(
                text, hit.end(), hit.end() + 60)):
            if not (self.c.count_verbs and self.c.count_verbs.search(text, sent_start, hit.start())):
                return None
        baseline = self.c.baseline.match(text, rest_at, sent_end) if self.c.baseline else None
        if baseline:  # "20 percent from the current 7 percent": 7 is the baseline, not a target
            taken.append((baseline.start(1), baseline.end(1)))
        end = rest_at if unit else hit.end()
        record = _target(document, hit.start(), end, metric[0] if metric else None,
                         int(quantity) if quantity.is_integer() else quantity, unit or (metric[1] if metric else None),
                         float(baseline.group(1)) if baseline else None, year, s_text, text[hit.start():end])
        cues = list(self.c.target_cues.finditer(s_text)) if self.c.target_cues else []
        nearest = min(cues, key=lambda c: abs(sent_start + c.start() - hit.start())).group() if cues else None
        record["evidence"] = "; ".join(x for x in (nearest, f"by {year.text}" if year else None) if x)
        return record

    def _is_state(self, text: str, at: int) -> bool:
        if self.c.state_words is None:
            return False
        window = text[at:at + 20]
        space = len(window) - len(window.lstrip())
        return self.c.state_words.match(window, space) is not None

    def _metric(self, text: str, start: int, end: int) -> tuple[str, str] | None:
        """The noun phrase a number counts: up to max_metric_words words before a stop word."""
        words = []
        for w in re.finditer(r"[^\s,.;()<]+|[,.;()<]", text[start:end]):
            token = w.group()
            if token.lower() in self.c.metric_stops or not re.match(r"[^\W\d_]|\d+[^\W\d_]", token):
                break
            words.append(token)
            if len(words) >= self.c.max_metric_words:
                break
        if not words or words[0].lower() in self.c.metric_not_first:
            return None
        return " ".join(words), words[-1].lower()


def _target(document, start, end, metric, quantity, unit, baseline, year, sentence, quantity_text) -> dict:
    return {
        "record_id": f"{document.doc_id}@{document.offset + start}", "kind": "target",
        "metric": metric, "quantity": quantity, "unit": unit, "baseline": baseline,
        "year_end": year.norm["end"] if year else None, "year_text": year.text if year else None,
        "quantity_text": quantity_text, "quantity_start": document.offset + start,
        "quantity_end": document.offset + end, "sentence": " ".join(sentence.split()),
    }
