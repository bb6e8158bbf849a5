"""Amounts -> funding records: money linked to the programme it funds, the body that
funds it, the period and the source (public or private), each with the offsets of the
mention it came from.

Precision first: a link the rules are unsure of is left null, and ``confidence`` says
how the record was put together (high: a table row, or a programme named in the clause;
medium: the funded object read from the phrase after the amount; low: the programme
taken from the paragraph).
"""
from __future__ import annotations

import re

from .commitment import CommitmentTest
from .config import RecordRules
from .objects import ObjectFinder
from .tables import TAG, find_tables, table_row

_PARAGRAPH = re.compile(r"(?:[^\n]|\n(?!\s*\n))+")


class FundingLinker:
    def __init__(self, config: RecordRules):
        self.c = config
        self.commitment = CommitmentTest(config)
        self.objects = ObjectFinder(config)

    def records(self, document, layout, mentions) -> list[dict]:
        """One draft per committed amount (a stated equivalent is no commitment)."""
        text = document.text
        tables = find_tables(text, self.c.table_headers)
        paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
        records = []
        equivalents = {x.check["equivalent_of"]["start"]: x for x in mentions if x.label == "MONEY" and x.check}
        amounts = [m for m in mentions if m.label == "MONEY" and not m.check]
        in_tables = {m.start: table_row(tables, m) for m in amounts}
        decisions = self.commitment.decide_all(text, layout, [m for m in amounts if in_tables[m.start] is None])
        drafted: dict[int, dict] = {}
        for m in amounts:
            row = in_tables[m.start]
            if row is not None:
                record = self._from_table(document, m, mentions, row, text)
            elif decisions[m.start].committed:
                # an amount listed with an earlier one funds what that one funds, unless it names its own
                listed = decisions[m.start].listed_with
                inherited = None
                if listed is not None and listed in drafted and drafted[listed].get("programme"):
                    r = drafted[listed]
                    inherited = (r["programme"], r["programme_start"] - r["_offset"], r["programme_end"] - r["_offset"]) \
                        if r.get("programme_start") is not None else None
                record = self._from_prose(document, layout, m, mentions, paragraphs, text, inherited)
                record["evidence"] = decisions[m.start].evidence
                drafted[m.start] = record
            else:
                record = None
            if record is not None:
                stated = equivalents.get(m.start)
                if stated is not None:
                    record.update(equivalent_text=stated.text, equivalent_check=stated.check["status"])
                records.append(record)
        return records

    # ---------------------------------------------------------------- tables
    def _from_table(self, document, m, mentions, row, text) -> dict:
        table, cells = row
        title, t_start, t_end = cells[0]
        in_title = [x for x in mentions if t_start <= x.start and x.end <= t_end]
        programme = next((x for x in in_title if x.label == "PROGRAMME"), None)
        body = next((x for x in in_title if x.label == "MINISTRY"), None)
        body_col = next((i for i, n in enumerate(table["header"]) if n in self.c.body_headers), None)
        if body_col is not None and body_col < len(cells):  # a Ministry column names the body
            _, b_start, b_end = cells[body_col]
            body = next((x for x in mentions if x.label == "MINISTRY" and b_start <= x.start and x.end <= b_end), body)
        year_col = next((i for i, n in enumerate(table["header"]) if n in self.c.year_headers), None)
        years = None
        if year_col is not None and year_col < len(cells):
            _, y_start, y_end = cells[year_col]
            years = next((x for x in mentions if x.label == "YEAR" and y_start <= x.start and x.end <= y_end), None)
        record = self._draft(document, m, "table")
        title_text = self.c.title_trailer.sub("", TAG.sub("", title).strip())
        if body is not None and body.start == t_start:  # "Ministry of Science and ICT R&D Investments in ..."
            title_text = text[body.end:t_end].strip(" ,:-")
        _link_programme(record, programme, title_text if programme is None else None)
        self._link_body(record, body, None)
        _link_years(record, years, None)
        record["confidence"] = "high"
        record["source"] = "unknown"
        column = next((table["header"][i] for i, cell in enumerate(cells) if cell[1] <= m.start < cell[2]
                       and i < len(table["header"])), None)
        record["evidence"] = f"table column {column!r}" if column else "table row"
        self._per_year(record)
        return record

    # ---------------------------------------------------------------- prose
    def clause(self, text: str, sent_start: int, sent_end: int, m) -> tuple[int, int]:
        """The clause of the sentence that holds ``m``: links never cross a clause break."""
        start, end = sent_start, sent_end
        for brk in self.c.clause_breaks:
            before = text.rfind(brk, sent_start, m.start)
            if before != -1 and not _in_brackets(text, before, sent_start):
                start = max(start, before + len(brk))
            after = text.find(brk, m.end + 3, sent_end)  # "7.1 trillion won of which will go": its own clause
            if after != -1 and not _in_brackets(text, after, sent_start):
                end = min(end, after)
        return start, end

    def _from_prose(self, document, layout, m, mentions, paragraphs, text, inherited=None) -> dict:
        sent_start, sent_end = layout.sentence_span(m.start)
        c_start, c_end = self.clause(text, sent_start, sent_end, m)
        in_clause = [x for x in mentions if c_start <= x.start and x.end <= c_end and x is not m]
        in_sentence = [x for x in mentions if sent_start <= x.start and x.end <= sent_end and x is not m]
        record = self._draft(document, m, "prose")
        programmes = [x for x in in_clause if x.label == "PROGRAMME"]
        programme, confidence, obj = None, "low", None
        bracketed = self.objects.before_bracket(text, m, c_start)
        sized = self.objects.sized(text, m, c_end)
        if bracketed and not any(p.start >= bracketed[1] for p in programmes):  # "37 SME programs (KRW 5.8 trillion)"
            obj, confidence = bracketed, "medium"
        elif sized and not any(sized[1] <= p.start < sized[2] for p in programmes):  # 1조원 규모의 X펀드
            obj, confidence = sized, "medium"
        elif programmes:
            programme = min(programmes, key=lambda x: abs(x.start - m.end))
            confidence = "high"
        else:
            obj = self.objects.find(text, m, (c_start, c_end), mentions)
            if obj is not None:
                confidence = "medium"
            elif inherited is not None:  # what the first amount of its list funds
                obj = inherited
            else:
                programme = _paragraph_programme(m, mentions, paragraphs, (sent_start, sent_end))
        _link_programme(record, programme, obj)
        bodies = [x for x in in_clause if x.label == "MINISTRY" and x.start < m.start] or \
                 [x for x in in_sentence if x.label == "MINISTRY"]
        body = bodies[-1] if bodies and bodies[-1].start < m.start else (bodies[0] if bodies else None)
        phrase = None
        if body is None:
            # The funder of the amount's own clause: "the government will provide X ... while
            # private companies contribute Y" gives X to the government and Y to the companies.
            body = self._owner(programme, mentions, layout)
            phrase = self._funder_phrase(text, c_start, m.start) or self._funder_phrase(text, sent_start, m.start)
        if body is None and phrase is None and not self._names_a_subject(text, sent_start, m.start):
            # The actor of the paragraph ("MOTIE announced the strategy ... 200 billion won will go"),
            # unless the sentence names its own subject ("Samsung Electronics plans to invest ...").
            paragraph = next(((s, e) for s, e in paragraphs if s <= m.start < e), (sent_start, m.start))
            actors = [x for x in mentions if x.label == "MINISTRY" and paragraph[0] <= x.start < m.start]
            body = actors[0] if actors else None
        self._link_body(record, body, phrase)
        # The period is the clause's: "…by 2042, while SK hynix will spend $15 billion" gives $15 billion no year.
        # A year that goes with another amount or with a baseline is not this amount's:
        # "출범당시(’08년) 11.1조원", "올해(5428억원)보다".
        years = [x for x in in_clause if x.label == "YEAR" and not self._other_amounts_year(text, x, m, mentions)]
        durations = [x for x in in_clause if x.label == "DURATION"]
        year = min(years, key=lambda x: abs(x.start - m.end)) if years else None
        duration = min(durations, key=lambda x: abs(x.start - m.end)) if durations else None
        _link_years(record, year, duration)
        record["source"] = self._source(text[c_start:c_end], record)
        if record["source"] == "unknown":
            record["source"] = self._source(text[sent_start:sent_end], record)
        # Confidence says how what is funded was found, the link a reader checks first:
        # high, a programme named in the clause; medium, the amount's own words; low, the
        # paragraph's programme, its list's, or nothing.
        record["confidence"] = confidence if record["programme"] is not None else "low"
        self._per_year(record)
        return record

    def _other_amounts_year(self, text: str, year, m, mentions) -> bool:
        after = text[year.end:year.end + 30]
        if self.c.baseline_after and self.c.baseline_after.match(re.sub(r"^\s*\([^()]*\)", "", after)):
            return True
        nxt = next((x for x in sorted(mentions, key=lambda x: x.start) if x.start >= year.end), None)
        return nxt is not None and nxt is not m and nxt.label == "MONEY" and \
            re.fullmatch(r"[\s)(’'‘,]*", text[year.end:nxt.start]) is not None and nxt.start < m.start

    def _names_a_subject(self, text: str, sent_start: int, money_start: int) -> bool:
        """A name before the amount, other than the sentence's first word."""
        if self.c.subject_word is None or self.c.subject_name is None:
            return False
        words = self.c.subject_word.findall(text[sent_start:money_start])
        return any(self.c.subject_name.match(w) for w in words[1:])

    @staticmethod
    def _owner(programme, mentions, layout):
        """The ministry named before a programme in the sentence that names it: its owner."""
        if programme is None:
            return None
        sent_start, _ = layout.sentence_span(programme.start)
        before = [x for x in mentions if x.label == "MINISTRY" and sent_start <= x.start < programme.start]
        return before[-1] if before else None

    def _funder_phrase(self, text: str, sent_start: int, money_start: int):
        left = text[sent_start:money_start]
        for canonical, rx in self.c.government:
            hits = list(rx.finditer(left)) if rx else []
            if hits:
                h = hits[0]
                return h.group(), sent_start + h.start(), sent_start + h.end(), canonical
        hits = list(self.c.private_bodies.finditer(left)) if self.c.private_bodies else []
        if hits:
            h = hits[0]
            return h.group(), sent_start + h.start(), sent_start + h.end(), None
        return None

    def _source(self, sentence: str, record: dict) -> str:
        if self.c.private_rx and self.c.private_rx.search(sentence):
            return "private"
        if self.c.public_rx and self.c.public_rx.search(sentence):
            return "public"
        if record["body_canonical"] and record.get("_body_is_government"):
            return "public"
        return "unknown"

    # ---------------------------------------------------------------- cells
    def _draft(self, document, m, how: str) -> dict:
        n = m.norm
        record = {
            "record_id": f"{document.doc_id}@{document.offset + m.start}", "kind": "funding", "linked_by": how,
            "amount_text": m.text, "amount_start": document.offset + m.start, "amount_end": document.offset + m.end,
            "currency": n["currency"], "value": n["value"], "value_max": n["value_max"], "approx": n["approx"],
            "bound": n["bound"], "source": "unknown", "sentence": m.sentence, "_offset": document.offset,
        }
        for t in self.c.targets:
            record[f"value_{t}"] = n.get(f"value_{t}")
        for key in ("programme", "programme_canonical", "programme_start", "programme_end", "body", "body_canonical",
                    "body_country", "body_start", "body_end", "year_start", "year_end", "year_role", "years_text",
                    "years_start", "years_end", "duration_years"):
            record[key] = None
        return record

    def _link_body(self, record, body, phrase) -> None:
        if body is not None:
            record.update(body=body.text, body_canonical=body.norm["canonical"], body_country=body.norm["country"],
                          body_start=record["_offset"] + body.start, body_end=record["_offset"] + body.end,
                          _body_is_government=True)
        elif phrase is not None:
            text, start, end, canonical = phrase
            record.update(body=text, body_canonical=canonical, body_country=self.c.default_country if canonical else None,
                          body_start=record["_offset"] + start, body_end=record["_offset"] + end,
                          _body_is_government=canonical is not None)

    def _per_year(self, record) -> None:
        years = None
        if record["year_start"] is not None and record["year_end"] is not None and record["year_role"] == "period":
            years = record["year_end"] - record["year_start"] + 1
        elif record["duration_years"]:
            years = record["duration_years"]
        first = self.c.targets[0]
        record[f"per_year_{first}"] = None
        if years and record[f"value_{first}"] is not None:
            record[f"per_year_{first}"] = round(record[f"value_{first}"] / years, 2)


def _paragraph_programme(m, mentions, paragraphs, sentence):
    """The first programme named earlier in the amount's paragraph (or, across a page
    break that split it, in one of the paragraphs just before)."""
    paragraph = next(((s, e) for s, e in paragraphs if s <= m.start < e), sentence)
    earlier = [x for x in mentions if x.label == "PROGRAMME" and paragraph[0] <= x.start < m.start]
    if not earlier:
        before = [p for p in paragraphs if p[1] <= paragraph[0] and paragraph[0] - p[1] < 2000]
        for p_start, p_end in reversed(before[-8:]):
            earlier = [x for x in mentions if x.label == "PROGRAMME" and p_start <= x.start < p_end]
            if earlier:
                break
    return earlier[0] if earlier else None


def _link_programme(record, programme, phrase) -> None:
    if programme is not None:
        record.update(programme=programme.text, programme_canonical=programme.norm["canonical"],
                      programme_start=record["_offset"] + programme.start, programme_end=record["_offset"] + programme.end)
    elif isinstance(phrase, tuple):
        text, start, end = phrase
        record.update(programme=text, programme_start=record["_offset"] + start, programme_end=record["_offset"] + end)
    elif isinstance(phrase, str) and phrase:
        record.update(programme=phrase)


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


def _in_brackets(text: str, at: int, since: int) -> bool:
    before = text[since:at]
    return before.rfind("(") > before.rfind(")")
