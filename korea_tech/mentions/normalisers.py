"""Candidate -> normalised value, one normaliser per label (a registry: a new label is a
new class here and an entry in ``NORMALISERS``).

Each normaliser reads the span, the words before it and the document, and returns the
candidate as it competes for its place (a listed body of another country competes as an
unlisted name) and its ``norm``; a span that is not what its label says raises
``NotAMention`` with the reason.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..normalise import DateParser, DurationParser, MoneyParser, NotAMention, YearParser, plain_number
from .countries import CountryCues

LEFT_CONTEXT = 60  # characters before a span where qualifiers and roles are read


class MoneyNormaliser:
    label = "MONEY"

    def __init__(self, rules):
        self.parser = MoneyParser(rules.tables)

    def __call__(self, c, document, text):
        money = self.parser.parse(text[c.start:c.end])
        left = text[max(0, c.start - LEFT_CONTEXT):c.start]
        if money.value_max is not None and self.parser.is_change(left):
            raise NotAMention("from one amount to another: a change, not a range")
        approx, bound = self.parser.qualifiers(left, text[c.end:c.end + 40])
        approx = approx or money.approx
        return c, {"currency": money.currency, "value": plain_number(money.value),
                   "value_max": plain_number(money.value_max), "approx": approx, "bound": bound}


class YearNormaliser:
    label = "YEAR"

    def __init__(self, rules):
        self.parser = YearParser(rules.tables)

    def __call__(self, c, document, text):
        years = self.parser.parse(text[c.start:c.end], document.date)
        left = text[max(0, c.start - LEFT_CONTEXT):c.start]
        return c, {"start": years.start, "end": years.end,
                   "role": self.parser.role(years, left, text[c.end:c.end + LEFT_CONTEXT])}


class DateNormaliser:
    label = "DATE"

    def __init__(self, rules):
        self.parser = DateParser(rules.tables, rules.code)

    def __call__(self, c, document, text):
        value = self.parser.parse(text[c.start:c.end], document.date)
        return c, {"value": value.value, "end": value.end}


class DurationNormaliser:
    label = "DURATION"

    def __init__(self, rules):
        self.parser = DurationParser(rules.tables)

    def __call__(self, c, document, text):
        duration = self.parser.parse(text[c.start:c.end])
        left = text[max(0, c.start - LEFT_CONTEXT):c.start]
        return c, {"value": duration.value, "unit": duration.unit, "approx": self.parser.is_approx(left),
                   "start": None, "end": None}


class MinistryNormaliser:
    """The body's name in use at the document's date, its acronym and its country."""

    label = "MINISTRY"

    def __init__(self, rules):
        self.countries = CountryCues(rules)
        self.rewrites = [(re.compile(r["pattern"]), r["canonical"]) for r in rules.tables.get("ministry_rewrites", [])]
        self.by_spelling: dict[str, list] = {}
        self.names_written: dict[str, dict] = {}  # entry id -> spelling -> the first name that has it
        for e in rules.entries:
            if e.label == "MINISTRY":
                for s in e.spellings():
                    self.by_spelling.setdefault(s.lower(), []).append(e)
                written = self.names_written[e.id] = {}
                for name in e.names:
                    for spelling in (name.name, name.acronym or "", *name.also):
                        written.setdefault(spelling.lower(), name)

    def __call__(self, c, document, text):
        norm = self._norm(c, document, text)
        if (c.entry is not None and c.form == "alias" and c.entry.aliases_need_country
                and self.countries.cue(text, c.start, c.end) is None):
            # "the Industry Ministry" with no country named is the corpus's own ministry,
            # not the foreign body that a listed alias of that wording belongs to.
            norm = {"canonical": self.canonical(text[c.start:c.end]), "acronym": None,
                    "country": self.countries.default}
        if c.entry is not None and norm["country"] != c.entry.country:
            # A listed name of another country's body ("Vietnam's Ministry of Industry and
            # Trade" is not Indonesia's Ministry of Industry): it competes as an unlisted
            # name, so the longer reading can win.
            c = replace(c, priority=1, entry=None)
        return c, norm

    def _norm(self, c, document, text) -> dict:
        span_text = text[c.start:c.end]
        cue = self.countries.cue(text, c.start, c.end)
        entry = c.entry
        if entry is not None and cue and entry.country != cue:
            others = [e for e in self.by_spelling.get(span_text.lower(), []) if e.country == cue]
            entry = others[0] if others else None
        if entry is None and c.entry is None:
            options = self.by_spelling.get(" ".join(span_text.split()).lower(), [])
            wanted = cue or self.countries.default
            entry = next((e for e in options if e.country == wanted), None)
        if entry is not None:
            name = entry.name_at(document.date.value.isoformat()) if document.date else self._as_written(entry, span_text)
            acronym = name.acronym or next(iter(entry.acronyms), None)
            return {"canonical": name.name, "acronym": acronym, "country": entry.country}
        if self.countries.bilateral(span_text):
            raise NotAMention(f"{span_text!r} is shared by two countries, not one government's body")
        country = cue or self.countries.opening(span_text) or self.countries.default
        return {"canonical": self.canonical(span_text), "acronym": None, "country": country}

    def _as_written(self, entry, span_text: str):
        """In an undated document, the name the text uses when it is one of the body's
        names over time (or that name's acronym): "Ministry of Knowledge Economy", "MKE"
        stay themselves; an alias gives the newest name."""
        written = self.names_written.get(entry.id, {})
        return written.get(" ".join(span_text.split()).lower(), entry.names[0])

    def canonical(self, span_text: str) -> str:
        """An unlisted body's name as written, or as a rewrite rule turns it round."""
        name = " ".join(span_text.split())
        for pattern, canonical in self.rewrites:
            m = pattern.fullmatch(name)
            if m:
                return canonical.format(**m.groupdict())
        return name


class ProgrammeNormaliser:
    """The full name for a listed short form or acronym, else the name as written."""

    label = "PROGRAMME"

    def __init__(self, rules):
        self.generic_words = set(rules.words("generic_words")) | set(rules.words("programme_heads"))
        self.excluded = rules.excluded_names
        self.plural_heads = set(rules.words("plural_heads"))
        self.body_words = set(rules.words("body_continuations")) | set(rules.words("body_heads"))
        self.headline_verbs = set(rules.words("headline_verbs"))

    def __call__(self, c, document, text):
        as_written = " ".join(text[c.start:c.end].split())
        if c.entry is None:
            words = re.findall(r"[\w+-]+", as_written.lower())
            if words and re.fullmatch(r"(?:19|20)\d\d", words[0]):
                words = words[1:]  # "2021 Government Plan": a year's plan, not a name
            if all(w in self.generic_words for w in words):
                raise NotAMention(f"{as_written!r} is a generic phrase, not a name")
            # The capitalised words right before the name belong to it: "the KDB Pioneer
            # Accompanying Fund" is KDB's even when found as "Accompanying Fund".
            run = re.search(r"((?:[A-Z][\w&.-]*\s+){1,4})$", text[max(0, c.start - 60):c.start])
            before = run.group(1).lower().split() if run else []
            owner = next((" ".join(ws) for ws in (words[:3], words[:2], words[:1],
                                                  *(before[i:i + n] for n in (2, 1) for i in range(len(before))))
                          if ws and " ".join(ws) in self.excluded), None)
            if owner:
                raise NotAMention(f"{as_written!r} is the programme of {owner!r} (a company), not a policy")
            if re.fullmatch(r"\d+", words[0] if words else "") and words[-1] in self.plural_heads:
                raise NotAMention(f"{as_written!r} counts programmes, it names none")
            if words and words[-1] in self.body_words:
                raise NotAMention(f"{as_written!r} names a body, not a programme")
            verb = next((w for w in words if w in self.headline_verbs), None)
            if verb:
                raise NotAMention(f"{as_written!r} is a headline ({verb!r}), not a name")
        if c.entry is not None:
            # A name in another language (한국판 뉴딜) is its own canonical, with the
            # English name beside it; the guide keeps Korean names Korean.
            written = as_written.lower()
            other = next((n for n in c.entry.names if any(a.lower() == written for a in n.also)), None)
            if other is not None:
                return c, {"canonical": other.also[0], "canonical_en": other.name}
        if c.entry is not None and c.form in ("alias", "acronym", "short"):
            return c, {"canonical": c.entry.names[0].name}
        return c, {"canonical": as_written}


NORMALISERS = {n.label: n for n in (MoneyNormaliser, YearNormaliser, DateNormaliser, DurationNormaliser,
                                    MinistryNormaliser, ProgrammeNormaliser)}


class Normalisers:
    """One normaliser per label, built once per language."""

    def __init__(self, rules):
        self.by_label = {label: cls(rules) for label, cls in NORMALISERS.items()}

    def __getitem__(self, label: str):
        return self.by_label[label]

    def __call__(self, c, document, text):
        normaliser = self.by_label.get(c.label)
        if normaliser is None:
            raise NotAMention(f"no normaliser for label {c.label}")
        return normaliser(c, document, text)
