"""Candidates -> Mentions: normalise each candidate, settle overlaps, add acronyms.

For one document at a time:

1. counter-example patterns (``"block": true``) and excluded names remove candidates;
2. each candidate is normalised (normalise.py); one that turns out not to be a
   mention (a year out of range, an amount with no currency) is dropped;
3. overlaps are settled: higher rule priority first, then the longer span;
4. bare amounts borrow the currency of an amount earlier in the same sentence;
5. an acronym defined in brackets after a name ("Minerals Security Partnership
   (MSP)") becomes a mention there and wherever else the document uses it.

Every decision is kept in ``Extraction.trace`` so ``ktech explain`` can show why a
candidate was kept or dropped.
"""
from __future__ import annotations

import bisect
import re

import numpy
from dataclasses import dataclass, field, replace
from typing import Any

from .documents import Document
from .matching import Candidate
from .normalise import DateParser, DurationParser, MoneyParser, NotAMention, YearParser, plain_number
from .rules import Entry, RuleSet


@dataclass
class Mention:
    label: str
    start: int  # character offsets in the document text (not the file)
    end: int
    text: str
    sentence: str
    rule: str  # file:line
    rule_id: str
    norm: dict[str, Any]
    check: dict[str, Any] | None = None  # MONEY: the check of a stated equivalent (convert.py)


@dataclass
class Decision:
    label: str
    start: int
    end: int
    text: str
    rule: str
    outcome: str  # kept | dropped
    reason: str


@dataclass
class Extraction:
    document: Document
    mentions: list[Mention] = field(default_factory=list)
    trace: list[Decision] = field(default_factory=list)
    tracing: bool = True  # off when nobody reads the trace (a streamed extract)
    records: list[dict] = field(default_factory=list)


_ACRONYM_IN_BRACKETS = re.compile(r"\s*\(\s*([A-Z][A-Za-z0-9&]*[A-Z][A-Za-z0-9&]*)\s*\)")
_WORD_CHAR = re.compile(r"\w")
_ACRONYM_AFTER_DASH = re.compile(r"-\s+([A-Z]{2,}[A-Za-z0-9]*)(?=\s*(?:\t|\n|$))")


class MentionBuilder:
    """Everything a document needs to turn candidates into mentions, built once."""

    def __init__(self, rules: RuleSet):
        self.rules = rules
        self.money = MoneyParser(rules.tables)
        self.years = YearParser(rules.tables)
        self.dates = DateParser(rules.tables)
        self.durations = DurationParser(rules.tables)
        self.default_country = rules.tables.get("default_country", "KR")
        self.countries: dict[str, str] = {}
        for code, names in (rules.tables.get("countries") or {}).items():
            if isinstance(names, list):
                for n in names:
                    self.countries[n.lower()] = code
        names = "|".join(re.escape(n) for n in sorted(self.countries, key=len, reverse=True))
        # "Japan’s", "the UK’s", "U.S.’", "Indonesian" just before a name; "of Canada" just after.
        self.country_names = tuple(n.lower() for n in self.countries)
        self.cue_before = re.compile(rf"(?:^|[^\w.])({names})(’s|'s|’|')?\s*$", re.IGNORECASE)
        self.cue_after = re.compile(rf"^\s*of\s+(?:the\s+)?({names})(?![\w])", re.IGNORECASE)
        self.ignore_inside = [re.compile(rx) for rx in rules.contexts.get("ignore_inside", [])]
        self.count_nouns = set(rules.words("count_nouns"))
        self.generic_words = set(rules.words("generic_words")) | set(rules.words("programme_heads"))
        self.by_spelling: dict[tuple[str, str], list[Entry]] = {}
        for e in rules.entries:
            for s in [n.name for n in e.names] + e.aliases + e.variants + e.acronyms:
                self.by_spelling.setdefault((e.label, s.lower()), []).append(e)

    # ------------------------------------------------------------------ main
    def build(self, document: Document, doc, candidates: list[Candidate], trace: bool = True) -> Extraction:
        out = Extraction(document, tracing=trace)
        text = document.text
        ignored = [(m.start(), m.end()) for rx in self.ignore_inside for m in rx.finditer(text)]
        kept = self._apply_counter_examples(candidates, text, ignored, out)
        items = []
        for c in kept:
            # A listed ministry's rank depends on its norm (another country's body competes
            # as an unlisted name) and listed programmes rank the names built on them: they
            # are normalised first. The rest only when they win their place (normalising
            # the half of the candidates that lose an overlap was wasted), unless the trace
            # must give every dropped candidate its own reason.
            if out.tracing or (c.entry is not None and c.label in ("MINISTRY", "PROGRAMME")):
                try:
                    items.append(self._normalised(c, document, text))
                except NotAMention as exc:
                    if out.tracing:
                        out.trace.append(Decision(c.label, c.start, c.end, text[c.start:c.end], c.rule, "dropped",
                                                  str(exc)))
            else:
                items.append((c, None))
        accepted = self._settle_overlaps(items, document, text, out)
        accepted = self._borrow_currencies(accepted, doc, text, out)
        accepted = self._add_acronyms(accepted, text, ignored)
        accepted.sort(key=lambda cn: (cn[0].start, cn[0].label, cn[0].end))
        self._anchor_durations(accepted, doc)
        sentences = SentenceIndex(doc, text)
        for c, norm in accepted:
            out.mentions.append(Mention(c.label, c.start, c.end, text[c.start:c.end],
                                        sentences.sentence(c.start, c.end), c.rule, c.rule_id, norm))
            if out.tracing:
                out.trace.append(Decision(c.label, c.start, c.end, text[c.start:c.end], c.rule, "kept", "accepted"))
        return out

    # ------------------------------------------------------------------ steps
    def _normalised(self, c: Candidate, document: Document, text: str) -> tuple[Candidate, dict]:
        """The candidate's norm, and the candidate as it competes (raises NotAMention)."""
        norm = self._normalise(c, document, text)
        foreign_alias = (c.label == "MINISTRY" and c.entry is not None and c.form == "alias"
                         and c.entry.aliases_need_country
                         and self._country_cue(text, c.start, c.end) is None)
        if foreign_alias:
            # "the Industry Ministry" with no country named is the corpus's own ministry,
            # not the foreign body that a listed alias of that wording belongs to.
            norm = {"canonical": _ministry_canonical(text[c.start:c.end]), "acronym": None,
                    "country": self.default_country}
        if c.label == "MINISTRY" and c.entry is not None and norm["country"] != c.entry.country:
            # A listed name of another country's body ("Vietnam's Ministry of
            # Industry and Trade" is not Indonesia's Ministry of Industry):
            # it competes as an unlisted name, so the longer reading can win.
            c = replace(c, priority=1, entry=None)
        return c, norm

    def _apply_counter_examples(self, candidates, text, ignored, out) -> list[Candidate]:
        blocks = [c for c in candidates if c.block]
        named = {c.entry.id for c in candidates if c.entry is not None and c.form != "acronym"}
        blocked = {label: _Coverage((b.start, b.end) for b in blocks if b.label == label)
                   for label in {b.label for b in blocks}}
        ignoring = _Coverage(ignored)
        kept = []
        for c in candidates:
            if c.block:
                continue
            blocker = None
            if c.label in blocked and blocked[c.label].touches(c.start, c.end):
                blocker = next(b for b in blocks if b.label == c.label and b.start < c.end and c.start < b.end)
            reason = None
            inside = None
            if ignoring.touches(c.start, c.end):
                inside = next(i for i in ignored if i[0] < c.end and c.start < i[1])
            if blocker is not None:
                reason = f"counter-example {blocker.rule_id} ({blocker.rule})"
            elif inside is not None:
                reason = f"inside an address or file name {text[inside[0]:inside[1]]!r}"
            elif c.label in ("MINISTRY", "PROGRAMME"):
                excluded = self.rules.excluded_names.get(" ".join(text[c.start:c.end].lower().split()))
                if excluded:
                    reason = f"excluded name ({excluded})"
                elif c.form == "acronym" and c.entry.acronym_requires_name and c.entry.id not in named:
                    reason = "ambiguous acronym and the document never spells out the name"
            if reason:
                if out.tracing:
                    out.trace.append(Decision(c.label, c.start, c.end, text[c.start:c.end], c.rule, "dropped", reason))
            else:
                kept.append(c)
        return kept

    def _settle_overlaps(self, items, document, text, out):
        """Candidates by rank, each kept unless it overlaps one kept before; ``items`` are
        (candidate, norm), a norm of None computed when the candidate is reached."""
        listed_programmes: dict[int, list[Candidate]] = {}
        for o, _ in items:
            if o.label == "PROGRAMME" and o.entry is not None:
                listed_programmes.setdefault(o.start, []).append(o)

        def rank(cn):
            c = cn[0]
            priority = c.priority
            # A longer name built on a listed one ("Korean New Deal National Strategy for a
            # Great Transformation") is that longer name, not the listed one plus words.
            if c.label == "PROGRAMME" and c.entry is None:
                shorter = [o for o in listed_programmes.get(c.start, []) if o.end < c.end]
                if shorter:
                    priority = max(priority, *(o.priority for o in shorter))
            return (-priority, -(c.end - c.start), c.start, c.label, c.rule_id)

        order = sorted(items, key=rank)
        accepted: list[tuple[Candidate, dict]] = []
        taken = _Intervals()
        for c, norm in order:
            clash = taken.overlapping(c.start, c.end)
            if clash is not None:
                if (clash.start, clash.end, clash.label) != (c.start, c.end, c.label):
                    if out.tracing:
                        out.trace.append(Decision(c.label, c.start, c.end, text[c.start:c.end], c.rule, "dropped",
                                                  f"overlaps {clash.label} {text[clash.start:clash.end]!r} ({clash.rule})"))
                continue
            if norm is None:
                try:
                    c, norm = self._normalised(c, document, text)
                except NotAMention:
                    continue
            accepted.append((c, norm))
            taken.add(c.start, c.end, c)
        return accepted

    def _borrow_currencies(self, accepted, doc, text, out):
        result = []
        for c, norm in accepted:
            if c.label != "MONEY" or norm["currency"] is not None:
                result.append((c, norm))
                continue
            reason = self._why_not_bare_money(c, norm, accepted, doc, text)
            if reason:
                if out.tracing:
                    out.trace.append(Decision(c.label, c.start, c.end, text[c.start:c.end], c.rule, "dropped", reason))
                continue
            result.append((c, norm))
        return result

    def _why_not_bare_money(self, c, norm, accepted, doc, text) -> str | None:
        magnitude = self.money.bare_magnitude(text[c.start:c.end])
        if magnitude < self.money.bare_min_magnitude:
            return "an amount with no currency"
        span = doc.char_span(c.start, c.end, alignment_mode="expand")
        after = doc[span.end] if span.end < len(doc) else None
        if after is not None and after.lower_ in self.count_nouns:
            return f"an amount followed by {after.text!r} is a count, not money"
        if (after is not None and magnitude < self.money.bare_free_magnitude
                and not (after.is_punct or after.is_stop or after.is_space)):
            return f"an amount followed by {after.text!r} is a count, not money"
        sent = span.sent
        earlier = [(o, n) for o, n in accepted if o.label == "MONEY" and n["currency"]
                   and sent.start_char <= o.start and o.end <= c.start]
        if not earlier:
            return "an amount with no currency in its sentence"
        # An equivalent in brackets is an aside: "KRW 38.5 trillion (approximately
        # €28.6 m) of which 31.9 trillion" continues the amount outside them.
        outside = [(o, n) for o, n in earlier if not _in_brackets(text, o.start, sent.start_char)]
        norm["currency"] = (outside or earlier)[-1][1]["currency"]
        return None

    def _add_acronyms(self, accepted, text, ignored):
        """'Name (ABBR)' defines ABBR for the whole document."""
        defined: dict[str, tuple[str, dict, str]] = {}
        result = list(accepted)
        for c, norm in accepted:
            if c.label not in ("MINISTRY", "PROGRAMME"):
                continue
            m = _ACRONYM_IN_BRACKETS.match(text, c.end) or _ACRONYM_AFTER_DASH.match(text, c.end)
            if not m:
                continue
            abbr = m.group(1)
            if abbr.lower() in self.rules.excluded_names or abbr in defined:
                continue
            abbr_norm = dict(norm)
            if c.label == "PROGRAMME":
                abbr_norm["canonical"] = norm["canonical"]
            else:
                abbr_norm["acronym"] = norm.get("acronym") or abbr
                norm.setdefault("acronym", abbr)
                if norm.get("acronym") is None:
                    norm["acronym"] = abbr
            defined[abbr] = (c.label, abbr_norm, c.rule)
        if not defined:
            return result
        taken = _Intervals()
        for c, _ in result:
            taken.add(c.start, c.end, c)
        ignoring = _Coverage(ignored)
        for abbr, (label, norm, rule) in sorted(defined.items()):
            # The literal first (a leading lookbehind would stop re's fast literal search).
            for m in re.finditer(rf"{re.escape(abbr)}(?!\w)", text):
                if m.start() > 0 and _WORD_CHAR.match(text, m.start() - 1):
                    continue
                if taken.overlapping(m.start(), m.end()) is not None or ignoring.touches(m.start(), m.end()):
                    continue
                cand = Candidate(label, m.start(), m.end(), rule, "acronym.defined-in-text", 2)
                result.append((cand, dict(norm)))
                taken.add(m.start(), m.end(), cand)
        return result

    @staticmethod
    def _anchor_durations(accepted, doc) -> None:
        """'for 10 years from 2020' -> start 2020, end 2029; 'from 2020 to 2030' -> that range."""
        years = [(c, n) for c, n in accepted if c.label == "YEAR" and n["start"] is not None]
        for c, norm in accepted:
            if c.label != "DURATION" or not years:
                continue
            sent = doc.char_span(c.start, c.end, alignment_mode="expand").sent
            near = [(abs(y.start - c.end), y, n) for y, n in years
                    if sent.start_char <= y.start and y.end <= sent.end_char]
            if not near:
                continue
            _, year, ynorm = min(near, key=lambda t: (t[0], t[1].start))
            if ynorm["role"] == "period":
                norm["start"], norm["end"] = ynorm["start"], ynorm["end"]
            elif ynorm["role"] in ("point", "since") and norm["unit"] == "year":
                norm["start"] = ynorm["start"]
                norm["end"] = ynorm["start"] + int(norm["value"]) - 1
            elif ynorm["role"] == "target" and norm["unit"] == "year":
                norm["end"] = ynorm["end"]
                norm["start"] = ynorm["end"] - int(norm["value"]) + 1

    # ------------------------------------------------------------------ norms
    def _normalise(self, c: Candidate, document: Document, text: str) -> dict:
        span_text = text[c.start:c.end]
        left = text[max(0, c.start - 60):c.start]
        if c.label == "MONEY":
            money = self.money.parse(span_text)
            approx, bound = self.money.qualifiers(left)
            return {"currency": money.currency, "value": plain_number(money.value),
                    "value_max": plain_number(money.value_max), "approx": approx, "bound": bound}
        if c.label == "YEAR":
            years = self.years.parse(span_text, document.date)
            return {"start": years.start, "end": years.end, "role": self.years.role(years, left)}
        if c.label == "DATE":
            value = self.dates.parse(span_text, document.date)
            return {"value": value.value, "end": value.end}
        if c.label == "DURATION":
            duration = self.durations.parse(span_text)
            return {"value": duration.value, "unit": duration.unit, "approx": self.durations.is_approx(left),
                    "start": None, "end": None}
        if c.label == "MINISTRY":
            return self._ministry(c, span_text, document, text)
        if c.label == "PROGRAMME":
            return self._programme(c, span_text)
        raise NotAMention(f"no normaliser for label {c.label}")

    def _country_cue(self, text: str, start: int, end: int) -> str | None:
        # The regex tries every position of the window; a name must end it, which
        # str.endswith checks for all names at once.
        tail = text[max(0, start - 50):start].rstrip().lower()
        for possessive in ("’s", "'s", "’", "'"):
            if tail.endswith(possessive):
                tail = tail[: -len(possessive)]
                break
        before = self.cue_before.search(text, max(0, start - 50), start) if tail.endswith(self.country_names) \
            else None
        if before:
            name = before.group(1).lower()
            if before.group(2) or self._is_adjective(name):
                return self.countries[name]
        after = self.cue_after.match(text[end:end + 50])
        return self.countries[after.group(1).lower()] if after else None

    @staticmethod
    def _is_adjective(name: str) -> bool:
        return name.endswith(("an", "ese", "ish", "ch", "i")) and " " not in name

    def _ministry(self, c: Candidate, span_text: str, document: Document, text: str) -> dict:
        cue = self._country_cue(text, c.start, c.end)
        entry = c.entry
        if entry is not None and cue and entry.country != cue:
            others = [e for e in self.by_spelling.get(("MINISTRY", span_text.lower()), []) if e.country == cue]
            entry = others[0] if others else None
        if entry is None and c.entry is None:
            options = self.by_spelling.get(("MINISTRY", " ".join(span_text.split()).lower()), [])
            wanted = cue or self.default_country
            entry = next((e for e in options if e.country == wanted), None)
        if entry is not None:
            iso = document.date.value.isoformat() if document.date else None
            name = entry.name_at(iso)
            acronym = name.acronym or next(iter(entry.acronyms), None)
            return {"canonical": name.name, "acronym": acronym, "country": entry.country}
        return {"canonical": _ministry_canonical(span_text), "acronym": None,
                "country": cue or self.default_country}

    def _programme(self, c: Candidate, span_text: str) -> dict:
        as_written = " ".join(span_text.split())
        if c.entry is None:
            words = re.findall(r"[\w+-]+", as_written.lower())
            if all(w in self.generic_words for w in words):
                raise NotAMention(f"{as_written!r} is a generic phrase, not a name")
        if c.entry is not None and c.form in ("alias", "acronym"):
            return {"canonical": c.entry.names[0].name}
        return {"canonical": as_written}


class _Coverage:
    """The union of some spans: does a span overlap any of them? (O(log n))"""

    def __init__(self, spans):
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [m[0] for m in merged]
        self.ends = [m[1] for m in merged]

    def touches(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end) - 1  # the last union part starting before `end`
        return i >= 0 and self.ends[i] > start


class _Intervals:
    """Non-overlapping accepted spans, kept sorted: overlap checks in O(log n)."""

    def __init__(self):
        self.starts: list[int] = []
        self.spans: list[tuple[int, int, Any]] = []

    def overlapping(self, start: int, end: int):
        i = bisect.bisect_left(self.starts, end)  # spans starting before `end`
        for j in (i - 1, i - 2):  # accepted spans do not overlap: only neighbours can
            if j >= 0:
                s, e, item = self.spans[j]
                if s < end and start < e:
                    return item
        return None

    def add(self, start: int, end: int, item) -> None:
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.spans.insert(i, (start, end, item))


def _ministry_canonical(span_text: str) -> str:
    """'Economy, Trade and Industry Ministry' -> 'Ministry of Economy, Trade and Industry'."""
    name = " ".join(span_text.split())
    if name.endswith(" Ministry") and not name.startswith("Ministry"):
        return f"Ministry of {name[: -len(' Ministry')]}"
    return name


def _in_brackets(text: str, start: int, since: int) -> bool:
    before = text[since:start]
    return before.rfind("(") > before.rfind(")")


class SentenceIndex:
    """The sentence of a mention, as ``doc.char_span(start, end, "expand").sent`` gives
    it (the first, if the span crosses sentences), from one array per Doc (Span.sent
    walks token by token and Span.text builds a Token object per word)."""

    def __init__(self, doc, text: str):
        from spacy.attrs import IDX, LENGTH, SENT_START

        self.text = text  # the text the Doc was made from (Doc.text rebuilds it token by token)
        self.cleaned: dict[int, str] = {}
        if not len(doc):
            self.starts, self.ends = [], []
            return
        columns = doc.to_array([IDX, LENGTH, SENT_START]).astype("int64")
        first = columns[:, 2] == 1
        first[0] = True
        last = numpy.append(first[1:], True)  # a sentence's last token: the next one starts one
        self.starts = columns[first, 0].tolist()  # character offsets of sentence starts
        self.ends = (columns[last, 0] + columns[last, 1]).tolist()  # ... and of their ends

    def sentence(self, start: int, end: int) -> str:
        """Mentions start on a word, so the sentence is the last one starting at or before it."""
        if start >= end or not self.starts:
            return ""
        i = bisect.bisect_right(self.starts, start) - 1
        if i < 0:
            return ""
        if i not in self.cleaned:  # a sentence holds many mentions: clean its text once
            self.cleaned[i] = " ".join(self.text[self.starts[i]:self.ends[i]].split())
        return self.cleaned[i]
