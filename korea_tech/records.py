"""Mentions -> Records: funding commitments (money linked to programme, body, period, source)
and quantitative targets, each with the evidence for every cell.

Linking rules (which words, how far, where a clause ends) are in rules/records.yaml.
Precision first: a link the rules are unsure of is left null, and ``confidence`` says how
the record was put together (high: a table row, or a programme named in the clause;
medium: the funded object read from the phrase after the amount; low: the programme
taken from the paragraph).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

from .mentions import Mention

_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*>")


def _phrase_rx(phrases) -> re.Pattern | None:
    phrases = [p for p in phrases if p]
    if not phrases:
        return None
    body = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


class RecordBuilder:
    def __init__(self, rules):
        cfg = rules.records
        fund = cfg.get("funding", {})
        self.cues = _phrase_rx(fund.get("cues", []))
        self.not_cues = _phrase_rx(fund.get("not_cues", []))
        self.window_before = int(fund.get("window_before", 15))
        self.window_after = int(fund.get("window_after", 8))
        self.table_headers = {h.lower() for h in fund.get("table_headers", [])}
        self.clause_breaks = list(cfg.get("clause_breaks", [";"]))
        prog = cfg.get("programme", {})
        self.object_preps = set(prog.get("object_prepositions", []))
        self.to_after = set(prog.get("to_after", []))
        self.max_object_words = int(prog.get("max_object_words", 12))
        self.object_stops = _phrase_rx(prog.get("object_stops", []))
        self.generic_objects = {g.lower() for g in prog.get("generic_objects", [])}
        body = cfg.get("body", {})
        self.government = [(canonical, _phrase_rx(phrases))
                           for canonical, phrases in (body.get("government_phrases") or {}).items() if canonical != "__line__"]
        self.private_bodies = _phrase_rx(body.get("private_phrases", []))
        src = cfg.get("source", {})
        self.private_rx = _phrase_rx(src.get("private", []))
        self.public_rx = _phrase_rx(src.get("public", []))
        self.bands = [(name, float(low)) for name, low in cfg.get("stip_bands", [])]
        target = cfg.get("target", {})
        self.target_cues = _phrase_rx(target.get("cues", []))
        self.max_metric_words = int(target.get("max_metric_words", 5))
        self.metric_stops = {w.lower() for w in target.get("metric_stops", [])}
        self.percent = _phrase_rx(target.get("percent_words", []))

    # ================================================================== funding
    def funding(self, document, doc, mentions: list[Mention]) -> list[dict]:
        text = document.text
        tables = self._tables(text)
        paragraphs = [(m.start(), m.end()) for m in re.finditer(r"(?:[^\n]|\n(?!\s*\n))+", text)]
        records = []
        money = [m for m in mentions if m.label == "MONEY" and not m.check]  # a stated equivalent is no commitment
        equivalents = {x.check["equivalent_of"]["start"]: x for x in mentions if x.label == "MONEY" and x.check}
        for m in money:
            row = self._table_row(tables, m)
            if row is not None:
                record = self._from_table(document, m, mentions, row, text)
            else:
                record = self._from_prose(document, doc, m, mentions, paragraphs, text)
            if record is not None:
                stated = equivalents.get(m.start)
                if stated is not None:
                    record.update(equivalent_text=stated.text, equivalent_check=stated.check["status"])
                records.append(record)
        return records

    # ---------------------------------------------------------------- tables
    def _tables(self, text: str) -> list[dict]:
        """Tab-separated tables: a header row naming a funding column, then its rows."""
        tables, current = [], None
        pos = 0
        for line in text.splitlines(keepends=True):
            start, pos = pos, pos + len(line)
            stripped = line.rstrip("\r\n")
            if "\t" not in stripped:
                if stripped.strip():  # prose ends a table; blank lines do not
                    current = None
                continue
            cells = _cells(stripped, start)
            names = [_TAG.sub("", c[0]).strip().lower() for c in cells]
            funding_col = next((i for i, n in enumerate(names) if n in self.table_headers), None)
            if funding_col is not None:
                current = {"header": names, "funding": funding_col, "rows": []}
                tables.append(current)
                continue
            if current is not None:
                current["rows"].append(cells)
        return tables

    @staticmethod
    def _table_row(tables, m: Mention):
        for table in tables:
            for cells in table["rows"]:
                if cells and cells[0][1] <= m.start and m.end <= cells[-1][2]:
                    col = next((i for i, (_, s, e) in enumerate(cells) if s <= m.start and m.end <= e), None)
                    if col == table["funding"]:
                        return table, cells
        return None

    def _from_table(self, document, m, mentions, row, text) -> dict:
        table, cells = row
        title, t_start, t_end = cells[0]
        in_title = [x for x in mentions if t_start <= x.start and x.end <= t_end]
        programme = next((x for x in in_title if x.label == "PROGRAMME"), None)
        body = next((x for x in in_title if x.label == "MINISTRY"), None)
        year_col = next((i for i, n in enumerate(table["header"]) if n in ("year", "years", "period")), None)
        years = None
        if year_col is not None and year_col < len(cells):
            _, y_start, y_end = cells[year_col]
            years = next((x for x in mentions if x.label == "YEAR" and y_start <= x.start and x.end <= y_end), None)
        record = self._record(document, m, "table")
        title_text = re.sub(r"\s*(?:including)?\s*:?\s*$", "", _TAG.sub("", title).strip())
        if body is not None and body.start == t_start:  # "Ministry of Science and ICT R&D Investments in ..."
            title_text = text[body.end:t_end].strip(" ,:-")
        self._link_programme(record, programme, title_text if programme is None else None)
        self._link_body(record, body, None)
        self._link_years(record, years, None)
        record["confidence"] = "high"
        record["source"] = "unknown"
        self._per_year(record)
        return record

    # ---------------------------------------------------------------- prose
    def _clause(self, text: str, sent_start: int, sent_end: int, m: Mention) -> tuple[int, int]:
        start, end = sent_start, sent_end
        for brk in self.clause_breaks:
            before = text.rfind(brk, sent_start, m.start)
            if before != -1 and not _in_brackets(text, before, sent_start):
                start = max(start, before + len(brk))
            after = text.find(brk, m.end + 3, sent_end)  # "7.1 trillion won of which will go": its own clause
            if after != -1 and not _in_brackets(text, after, sent_start):
                end = min(end, after)
        return start, end

    def money_targets(self, document, doc, mentions: list[Mention], funded: set[int]) -> list[dict]:
        """An amount that is a goal, not a commitment: "a production volume of KRW 180 tn by 2026"."""
        text, records = document.text, []
        for m in mentions:
            if m.label != "MONEY" or m.check or m.start in funded:
                continue
            sent = doc.char_span(m.start, m.end, alignment_mode="expand").sent
            years = [x for x in mentions if x.label == "YEAR" and x.norm.get("role") == "target"
                     and sent.start_char <= x.start < sent.end_char]
            s_text = text[sent.start_char:sent.end_char]
            measure = self.not_cues.search(text, max(sent.start_char, m.start - 40), m.start) if self.not_cues else None
            if not years or measure is None or not (self.target_cues and self.target_cues.search(s_text)):
                continue
            year = min(years, key=lambda y: abs(y.start - m.end))
            records.append(self._target_row(document, m.start, m.end, measure.group(), m.norm["value"],
                                            m.norm["currency"], None, year, s_text, m.text))
        return records

    @staticmethod
    def _target_row(document, start, end, metric, quantity, unit, baseline, year, sentence, quantity_text) -> dict:
        return {
            "record_id": f"{document.doc_id}@{document.offset + start}", "kind": "target",
            "metric": metric, "quantity": quantity, "unit": unit, "baseline": baseline,
            "year_end": year.norm["end"] if year else None, "year_text": year.text if year else None,
            "quantity_text": quantity_text, "quantity_start": document.offset + start,
            "quantity_end": document.offset + end, "doc": document.name, "doc_id": document.doc_id,
            "doc_date": document.date.iso() if document.date else None, "sentence": " ".join(sentence.split()),
        }

    def _is_funding(self, text: str, doc, m: Mention) -> bool:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        left = doc[max(span.sent.start, span.start - self.window_before):span.start]
        right = doc[span.end:min(span.sent.end, span.end + self.window_after)]
        window = text[left.start_char:m.start] + " " + text[m.end:right.end_char]
        cue = self.cues.search(window) if self.cues else None
        if cue is None:
            return False
        if self.not_cues:
            near = text[max(left.start_char, m.start - 60):m.start] + " " + text[m.end:m.end + 30]
            if self.not_cues.search(near):
                return False
        return True

    def _from_prose(self, document, doc, m, mentions, paragraphs, text) -> dict | None:
        if not self._is_funding(text, doc, m):
            return None
        sent = doc.char_span(m.start, m.end, alignment_mode="expand").sent
        c_start, c_end = self._clause(text, sent.start_char, sent.end_char, m)
        in_clause = [x for x in mentions if c_start <= x.start and x.end <= c_end and x is not m]
        in_sentence = [x for x in mentions if sent.start_char <= x.start and x.end <= sent.end_char and x is not m]
        record = self._record(document, m, "prose")
        programmes = [x for x in in_clause if x.label == "PROGRAMME"]
        programme, confidence, obj = None, "low", None
        if programmes:
            programme = min(programmes, key=lambda x: abs(x.start - m.end))
            confidence = "high"
        else:
            obj = self._object_phrase(text, m, c_end, mentions)
            if obj is not None:
                confidence = "medium"
            else:
                paragraph = next(((s, e) for s, e in paragraphs if s <= m.start < e), (sent.start_char, sent.end_char))
                earlier = [x for x in mentions if x.label == "PROGRAMME" and paragraph[0] <= x.start < m.start]
                if not earlier:  # a page break may split a paragraph: look one paragraph further back
                    before = [p for p in paragraphs if p[1] <= paragraph[0] and paragraph[0] - p[1] < 2000]
                    for p_start, p_end in reversed(before[-8:]):
                        earlier = [x for x in mentions if x.label == "PROGRAMME" and p_start <= x.start < p_end]
                        if earlier:
                            break
                programme = earlier[0] if earlier else None
        self._link_programme(record, programme, obj)
        bodies = [x for x in in_clause if x.label == "MINISTRY" and x.start < m.start] or \
                 [x for x in in_sentence if x.label == "MINISTRY"]
        body = bodies[-1] if bodies and bodies[-1].start < m.start else (bodies[0] if bodies else None)
        phrase = None
        if body is None:
            body, phrase = self._owner(programme, mentions, doc), self._funder_phrase(text, sent.start_char, m.start)
        if body is None and phrase is None and not self._names_a_subject(text, sent.start_char, m.start):
            # The actor of the paragraph ("MOTIE announced the strategy ... 200 billion won will go"),
            # unless the sentence names its own subject ("Samsung Electronics plans to invest ...").
            paragraph = next(((s, e) for s, e in paragraphs if s <= m.start < e), (sent.start_char, m.start))
            actors = [x for x in mentions if x.label == "MINISTRY" and paragraph[0] <= x.start < m.start]
            body = actors[0] if actors else None
            confidence = "low"
        self._link_body(record, body, phrase)
        # The period is the clause's: "…by 2042, while SK hynix will spend $15 billion" gives $15 billion no year.
        years = [x for x in in_clause if x.label == "YEAR"]
        durations = [x for x in in_clause if x.label == "DURATION"]
        year = min(years, key=lambda x: abs(x.start - m.end)) if years else None
        duration = min(durations, key=lambda x: abs(x.start - m.end)) if durations else None
        self._link_years(record, year, duration)
        record["source"] = self._source(text[sent.start_char:sent.end_char], record)
        if record["programme"] is None or record["body"] is None:
            confidence = "low"
        record["confidence"] = confidence
        self._per_year(record)
        return record

    def _object_phrase(self, text: str, m: Mention, clause_end: int, mentions) -> tuple[str, int, int] | None:
        """'KRW 1.1 trillion in the development of technologies for level 4 automated vehicles'."""
        tail_start = m.end
        # Skip a stated equivalent, a period and qualifiers right after the amount.
        for x in sorted(mentions, key=lambda x: x.start):
            if x.start >= tail_start and x.label in ("MONEY", "YEAR", "DURATION") and \
                    re.fullmatch(r"[\s(),]*(?:[\w.]+[\s(),]+){0,2}", text[tail_start:x.start]):
                tail_start = x.end
        tail = text[tail_start:clause_end]
        words = list(re.finditer(r"[\w'’&+-]+", tail))
        for i, w in enumerate(words[:6]):
            word = w.group().lower()
            is_to = word == "to" and i > 0 and words[i - 1].group().lower() in self.to_after
            if word in self.object_preps or is_to:
                rest_start = tail_start + w.end()
                rest = text[rest_start:clause_end]
                stop = re.search(r"[,.;:()\[\]<\n\t]", rest)
                end = rest_start + (stop.start() if stop else len(rest))
                if self.object_stops:
                    s = self.object_stops.search(text, rest_start, end)
                    if s and s.start() > rest_start:
                        end = s.start()
                phrase_words = re.findall(r"\S+", text[rest_start:end])[: self.max_object_words]
                phrase = " ".join(phrase_words)
                phrase = re.sub(r"^(?:the|a|an|its|their|his|her|our)\s+", "", phrase, flags=re.IGNORECASE).strip()
                if not phrase or phrase.lower() in self.generic_objects:
                    continue
                start = text.find(phrase, rest_start)
                return phrase, start, start + len(phrase)
            if word in ("of",) or not (word.isalpha() or word in ("won",)):
                continue
        return None

    @staticmethod
    def _names_a_subject(text: str, sent_start: int, money_start: int) -> bool:
        """A capitalised name before the amount, other than the sentence's first word."""
        words = re.findall(r"[A-Za-z][\w&.-]*", text[sent_start:money_start])
        return any(w[0].isupper() for w in words[1:])

    def _owner(self, programme, mentions, doc):
        """The ministry named before a programme in the sentence that names it: its owner."""
        if programme is None or not isinstance(programme, Mention):
            return None
        sent = doc.char_span(programme.start, programme.end, alignment_mode="expand").sent
        before = [x for x in mentions if x.label == "MINISTRY" and sent.start_char <= x.start < programme.start]
        return before[-1] if before else None

    def _funder_phrase(self, text: str, sent_start: int, money_start: int):
        left = text[sent_start:money_start]
        for canonical, rx in self.government:
            hits = list(rx.finditer(left)) if rx else []
            if hits:
                h = hits[0]
                return h.group(), sent_start + h.start(), sent_start + h.end(), canonical
        hits = list(self.private_bodies.finditer(left)) if self.private_bodies else []
        if hits:
            h = hits[0]
            return h.group(), sent_start + h.start(), sent_start + h.end(), None
        return None

    def _source(self, sentence: str, record: dict) -> str:
        if self.private_rx and self.private_rx.search(sentence):
            return "private"
        if self.public_rx and self.public_rx.search(sentence):
            return "public"
        if record["body_canonical"] and record.get("_body_is_government"):
            return "public"
        return "unknown"

    # ---------------------------------------------------------------- cells
    def _record(self, document, m: Mention, how: str) -> dict:
        n = m.norm
        return {
            "record_id": f"{document.doc_id}@{document.offset + m.start}", "kind": "funding", "linked_by": how,
            "programme": None, "programme_canonical": None, "programme_start": None, "programme_end": None,
            "body": None, "body_canonical": None, "body_country": None, "body_start": None, "body_end": None,
            "amount_text": m.text, "amount_start": document.offset + m.start, "amount_end": document.offset + m.end,
            "currency": n["currency"], "value": n["value"], "value_max": n["value_max"], "approx": n["approx"],
            "bound": n["bound"], "value_krw": n.get("value_krw"), "value_usd": n.get("value_usd"),
            "value_eur": n.get("value_eur"), "year_start": None, "year_end": None, "year_role": None,
            "years_text": None, "years_start": None, "years_end": None, "duration_years": None, "per_year_krw": None,
            "source": "unknown", "equivalent_text": None, "equivalent_check": None, "confidence": None,
            "doc": document.name, "doc_id": document.doc_id, "doc_date": document.date.iso() if document.date else None,
            "sentence": m.sentence, "_offset": document.offset,
        }

    @staticmethod
    def _link_programme(record, programme, phrase) -> None:
        if programme is not None:
            record.update(programme=programme.text, programme_canonical=programme.norm["canonical"],
                          programme_start=record["_offset"] + programme.start, programme_end=record["_offset"] + programme.end)
        elif isinstance(phrase, tuple):
            text, start, end = phrase
            record.update(programme=text, programme_start=record["_offset"] + start, programme_end=record["_offset"] + end)
        elif isinstance(phrase, str) and phrase:
            record.update(programme=phrase)

    @staticmethod
    def _link_body(record, body, phrase) -> None:
        if body is not None:
            record.update(body=body.text, body_canonical=body.norm["canonical"], body_country=body.norm["country"],
                          body_start=record["_offset"] + body.start, body_end=record["_offset"] + body.end,
                          _body_is_government=True)
        elif phrase is not None:
            text, start, end, canonical = phrase
            record.update(body=text, body_canonical=canonical, body_country="KR" if canonical else None,
                          body_start=record["_offset"] + start, body_end=record["_offset"] + end,
                          _body_is_government=canonical is not None)

    @staticmethod
    def _link_years(record, year, duration) -> None:
        if year is not None and year.norm["start"] is not None:
            role = year.norm["role"]
            start, end = year.norm["start"], year.norm["end"]
            if role == "target":
                start = None
            record.update(year_start=start, year_end=end, year_role=role, years_text=year.text,
                          years_start=record["_offset"] + year.start, years_end=record["_offset"] + year.end)
        if duration is not None and duration.norm["unit"] == "year":
            record["duration_years"] = duration.norm["value"]
            if duration.norm["start"] is not None and record["year_start"] is None:
                record.update(year_start=duration.norm["start"], year_end=duration.norm["end"], year_role="period")
            elif record["year_end"] is not None and record["year_start"] is None:
                record["year_start"] = record["year_end"] - int(duration.norm["value"]) + 1

    @staticmethod
    def _per_year(record) -> None:
        years = None
        if record["year_start"] is not None and record["year_end"] is not None and record["year_role"] == "period":
            years = record["year_end"] - record["year_start"] + 1
        elif record["duration_years"]:
            years = record["duration_years"]
        if years and record["value_krw"] is not None:
            record["per_year_krw"] = round(record["value_krw"] / years, 2)

    # ================================================================== targets
    def targets(self, document, doc, mentions: list[Mention]) -> list[dict]:
        """'30 000 smart factories by 2025', '20 percent from the current 7 percent by 2030'."""
        text = document.text
        taken = [(x.start, x.end) for x in mentions]
        records = []
        number = re.compile(r"(?<![\w.,])(\d{1,3}(?:[ ,]\d{3})+|\d+(?:\.\d+)?)(?!\w)(?:\s+(million|billion|thousand))?")
        scale = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
        for sent in doc.sents:
            s_text = text[sent.start_char:sent.end_char]
            if not (self.target_cues and self.target_cues.search(s_text)):
                continue
            target_years = [x for x in mentions if x.label == "YEAR" and x.norm.get("role") == "target"
                            and sent.start_char <= x.start < sent.end_char]
            for hit in number.finditer(text, sent.start_char, sent.end_char):
                if any(s <= hit.start() < e for s, e in taken):
                    continue
                quantity = float(hit.group(1).replace(",", "").replace(" ", "")) * scale.get(hit.group(2) or "", 1)
                after = text[hit.end():sent.end_char]
                pct = self.percent.match(after.lstrip()) if self.percent else None
                if pct:
                    unit, rest_at = "percent", hit.end() + (len(after) - len(after.lstrip())) + pct.end()
                else:
                    unit, rest_at = None, hit.end()
                if re.match(r"\s*(?:at present|currently|now|today|at the moment)\b", text[rest_at:rest_at + 20]):
                    continue  # a state, not a goal: "(9 percent at present)"
                of = re.match(r"\s+of\s+(?:the\s+)?", text[rest_at:rest_at + 12]) if unit else None
                metric = self._metric(text, rest_at + (of.end() if of else 0), sent.end_char)
                if metric is None and unit is None:
                    continue
                year = min(target_years, key=lambda y: (y.start < hit.start(), abs(y.start - hit.start())), default=None)
                if year is None and unit is None and not re.search(r"\btotal\b", text[hit.end():hit.end() + 60]):
                    if not re.search(r"\b(?:foster\w*|nurtur\w*|creat\w*|build\w*|educat\w*|train\w*)\b",
                                     text[sent.start_char:hit.start()], re.IGNORECASE):
                        continue
                baseline = re.match(r"\s*from (?:the current |the present |)(\d+(?:\.\d+)?)\s*(?:percent|%)",
                                    text[rest_at:sent.end_char])
                if baseline:  # "20 percent from the current 7 percent": 7 is the baseline, not a target
                    taken.append((rest_at + baseline.start(1), rest_at + baseline.end(1)))
                records.append(self._target_row(
                    document, hit.start(), rest_at if unit else hit.end(), metric[0] if metric else None,
                    int(quantity) if quantity.is_integer() else quantity, unit or (metric[1] if metric else None),
                    float(baseline.group(1)) if baseline else None, year, s_text,
                    text[hit.start():rest_at if unit else hit.end()]))
        return records

    def _metric(self, text: str, start: int, end: int) -> tuple[str, str] | None:
        """The noun phrase a number counts: up to max_metric_words words before a stop word."""
        words = []
        for w in re.finditer(r"[^\s,.;()<]+|[,.;()<]", text[start:end]):
            token = w.group()
            if token.lower() in self.metric_stops or not re.match(r"[A-Za-z]|\d+[A-Za-z]", token):
                break
            words.append(token)
            if len(words) >= self.max_metric_words:
                break
        if not words or words[0].lower() in ("of", "the", "percent", "year", "years", "times"):
            return None
        phrase = " ".join(words)
        return phrase, words[-1].lower()

    # ================================================================== STIP
    def band(self, eur: float | None) -> str | None:
        if eur is None:
            return None
        name = None
        for label, low in self.bands:
            if eur >= low:
                name = label
        return name

    def stip(self, records: list[dict]) -> list[dict]:
        """One row per initiative, in the shape of the EC-OECD STIP Compass database."""
        groups: dict[str, list[dict]] = defaultdict(list)
        for r in records:
            # Only records whose programme link is sure: a paragraph guess (low) stays out.
            if r["kind"] == "funding" and r["programme_canonical"] and r["confidence"] != "low":
                groups[r["programme_canonical"]].append(r)
        rows = []
        for name in sorted(groups):
            rs = groups[name]
            bodies = Counter(r["body_canonical"] for r in rs if r["body_canonical"])
            countries = Counter(r["body_country"] for r in rs if r["body_country"])
            starts = [r["year_start"] for r in rs if r["year_start"] is not None]
            ends = [r["year_end"] for r in rs if r["year_end"] is not None]
            eur = max((r["value_eur"] for r in rs if r["value_eur"] is not None), default=None)
            rows.append({
                "initiative": name,
                "responsible_organisation": bodies.most_common(1)[0][0] if bodies else None,
                "country": countries.most_common(1)[0][0] if countries else "KR",
                "start_year": min(starts) if starts else None,
                "end_year": max(ends) if ends else None,
                "budget_eur": eur,
                "budget_band": self.band(eur),
                "mentions": len(rs),
                "documents": ";".join(sorted({r["doc_id"] for r in rs})),
            })
        return rows


def _cells(line: str, offset: int) -> list[tuple[str, int, int]]:
    cells, pos = [], 0
    for part in line.split("\t"):
        cells.append((part, offset + pos, offset + pos + len(part)))
        pos += len(part) + 1
    return cells


def _in_brackets(text: str, at: int, since: int) -> bool:
    before = text[since:at]
    return before.rfind("(") > before.rfind(")")


def finish(record: dict[str, Any]) -> dict[str, Any]:
    """Drop the builder's working fields."""
    return {k: v for k, v in record.items() if not k.startswith("_")}
