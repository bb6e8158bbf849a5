"""Candidates -> Mentions, for one whole document:

1. counter-examples, ignored stretches and excluded names remove candidates (filters.py);
2. each candidate is normalised (normalisers.py); one that turns out not to be a mention
   (a year out of range, an amount with no currency) is dropped;
3. overlaps are settled by a swappable policy (overlaps.py: rule priority, then length);
4. document-wide passes: bare amounts borrow their sentence's currency, acronyms defined
   in brackets become mentions wherever the document uses them, durations get their
   years (passes.py).

Every decision is kept in the trace when asked, so ``ktech explain`` can show why a
candidate was kept or dropped.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ..normalise import NotAMention
from .filters import CounterExamples
from .model import Extraction, Mention, Trace
from .normalisers import Normalisers
from .overlaps import by_priority_then_length
from .passes import Acronyms, BareAmounts, ProgrammeNames, anchor_durations


class MentionBuilder:
    """Everything a language needs to turn a document's candidates into mentions, built once."""

    def __init__(self, rules, spans_filter: Callable = by_priority_then_length):
        self.filters = CounterExamples(rules)
        self.normalise = Normalisers(rules)
        self.spans_filter = spans_filter
        self.bare_amounts = BareAmounts(rules)
        self.acronyms = Acronyms(rules)
        self.programme_names = ProgrammeNames(rules)

    def build(self, document, candidates, layout, trace: bool = False, facts: "DocFacts | None" = None,
              read: "PartReading | None" = None) -> Extraction:
        """The mentions of ``document`` (a whole document, or a part of a long one with
        the ``facts`` of the whole, and what the part's first reading accepted, if kept)."""
        text = document.text
        log = Trace(trace)
        # (a part's stretches never read were found by its first reading: the same text)
        ignored = read.ignored if read is not None else self.filters.ignored(document)
        named = facts.named if facts else frozenset()
        if read is not None and not log.on and not (read.needs_name & named):
            accepted = read.accepted  # what the whole names changes nothing in this part
        else:
            accepted = self.accept(document, candidates, layout, ignored, log, named)
        accepted = self.acronyms(accepted, text, ignored, facts.definitions if facts else None)
        accepted = self.programme_names(accepted, text)
        accepted.sort(key=lambda cn: (cn[0].start, cn[0].label, cn[0].end))  # the order rows are written in
        anchor_durations(accepted, layout)
        out = Extraction(document)
        for c, norm in accepted:
            out.mentions.append(Mention(c.label, c.start, c.end, text[c.start:c.end],
                                        layout.sentence_text(c.start, c.end), c.rule, c.rule_id, norm))
            log.keep(c, text)
        out.trace = log.decisions
        return out

    def facts(self, document, candidates, layout) -> tuple["DocFacts", "PartReading"]:
        """What a part of a long document says for the whole (the names it spells out and
        the acronyms it defines), and what this reading accepted, for the second one."""
        ignored = self.filters.ignored(document)
        accepted = self.accept(document, candidates, layout, ignored, Trace(False), frozenset())
        named = frozenset(self.filters.named(candidates))
        facts = DocFacts(named, self.acronyms.define(accepted, document.text))
        return facts, PartReading(accepted, frozenset(self.filters.needs_name(candidates)) - named, ignored)

    def accept(self, document, candidates, layout, ignored, log: Trace, named_elsewhere) -> list:
        """The candidates that are mentions, with their norms, before the acronym pass."""
        text = document.text
        kept = self.filters.apply(candidates, text, ignored, log, named_elsewhere)
        kept = [self.programme_names.trim(c, text) if c.label in ("PROGRAMME", "MINISTRY") and c.entry is None else c
                for c in kept]

        def resolve(c):
            return self.normalise(c, document, text)

        items = []
        for c in kept:
            # A listed ministry's rank depends on its norm (another country's body competes
            # as an unlisted name) and listed programmes rank the names built on them: they
            # are normalised first. The rest only when they win their place (normalising
            # the half of the candidates that lose an overlap was wasted), unless the trace
            # must give every dropped candidate its own reason.
            if log.on or (c.entry is not None and c.label in ("MINISTRY", "PROGRAMME")):
                try:
                    items.append(resolve(c))
                except NotAMention as exc:
                    log.drop(c, text, str(exc))
            else:
                items.append((c, None))
        accepted = self.spans_filter(items, resolve, text, log)
        return self.bare_amounts(accepted, layout, text, log)


@dataclass(frozen=True)
class PartReading:
    """What the first reading of a long document's part accepted: its second reading
    takes it as is unless the whole document names an entry that one of the part's
    acronyms or short forms needs named (``needs_name``), which changes what counts."""

    accepted: list
    needs_name: frozenset
    ignored: list  # the part's stretches never read (CounterExamples.ignored)


@dataclass(frozen=True)
class DocFacts:
    """What the whole of a long document says, for each of its parts: the entries it
    names in full (an ambiguous acronym counts only then) and the acronyms it defines."""

    named: frozenset = frozenset()
    definitions: dict = field(default_factory=dict)  # ABBR -> (label, norm, rule)

    def merge(self, other: "DocFacts") -> "DocFacts":
        definitions = dict(self.definitions)
        for abbr, value in other.definitions.items():
            definitions.setdefault(abbr, value)  # the first definition in the document wins
        return DocFacts(self.named | other.named, definitions)
