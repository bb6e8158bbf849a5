"""Passes over a whole document's accepted mentions (after overlaps are settled):

- ``BareAmounts``: an amount with no currency ("of which 31.9 trillion") borrows the
  currency of an amount before it in its sentence, or is dropped;
- ``Acronyms``: "Name (ABBR)" defines ABBR for the whole document, which becomes a
  mention wherever the document uses it;
- ``anchor_durations``: "for 10 years from 2020" gets its start and end years.

They read the document's ``Layout`` (tokens and sentences), not spaCy Docs, so a long
document read in parts is still one document here.
"""
from __future__ import annotations

import re

from ..matching import Candidate
from ..normalise import MoneyParser
from .model import Trace
from .spans import Coverage, Intervals

_WORD_CHAR = re.compile(r"\w")


class BareAmounts:
    def __init__(self, rules):
        self.money = MoneyParser(rules.tables)
        self.count_nouns = set(rules.words("count_nouns"))

    def __call__(self, accepted, layout, text: str, trace: Trace) -> list:
        result = []
        for c, norm in accepted:
            if c.label != "MONEY" or norm["currency"] is not None:
                result.append((c, norm))
                continue
            reason = self._why_not(c, norm, accepted, layout, text)
            if reason:
                trace.drop(c, text, reason)
                continue
            result.append((c, norm))
        return result

    def _why_not(self, c, norm, accepted, layout, text) -> str | None:
        """None if the amount takes a currency from its sentence (set in ``norm``), else why not."""
        from ..layout import PUNCT, SPACE, STOP

        magnitude = self.money.bare_magnitude(text[c.start:c.end])
        if magnitude < self.money.bare_min_magnitude:
            return "an amount with no currency"
        after = layout.token_after(c.end)
        if after < len(layout):
            word = layout.word(after)
            if word.lower() in self.count_nouns:
                return f"an amount followed by {word!r} is a count, not money"
            if magnitude < self.money.bare_free_magnitude and not layout.flags[after] & (PUNCT | STOP | SPACE):
                return f"an amount followed by {word!r} is a count, not money"
        sent_start, _ = layout.sentence_span(c.start)
        earlier = [(o, n) for o, n in accepted if o.label == "MONEY" and n["currency"]
                   and sent_start <= o.start and o.end <= c.start]
        if not earlier:
            return "an amount with no currency in its sentence"
        # An equivalent in brackets is an aside: "KRW 38.5 trillion (approximately
        # €28.6 m) of which 31.9 trillion" continues the amount outside them.
        outside = [(o, n) for o, n in earlier if not in_brackets(text, o.start, sent_start)]
        norm["currency"] = (outside or earlier)[-1][1]["currency"]
        return None


class Acronyms:
    """'Name (ABBR)' defines ABBR for the whole document: ``define`` finds the definitions
    among a text's accepted mentions, ``__call__`` adds a mention wherever the text uses
    one (the definitions of the whole document when it is read in parts)."""

    def __init__(self, rules):
        self.definitions = [re.compile(rx) for rx in rules.tables.get("acronym_definitions", [])]
        self.excluded_names = rules.excluded_names

    def define(self, accepted, text: str) -> dict[str, tuple[str, dict, str]]:
        """ABBR -> (label, norm, rule) of each name followed by a definition; a body's
        norm gets the acronym when it had none."""
        defined: dict[str, tuple[str, dict, str]] = {}
        for c, norm in accepted:
            if c.label not in ("MINISTRY", "PROGRAMME"):
                continue
            m = next(filter(None, (rx.match(text, c.end) for rx in self.definitions)), None)
            if not m:
                continue
            abbr = m.group(1)
            if abbr.lower() in self.excluded_names or abbr in defined:
                continue
            abbr_norm = dict(norm)
            if c.label == "MINISTRY":
                abbr_norm["acronym"] = norm.get("acronym") or abbr
                if norm.get("acronym") is None:
                    norm["acronym"] = abbr
            defined[abbr] = (c.label, abbr_norm, c.rule)
        return defined

    def __call__(self, accepted, text: str, ignored, definitions=None) -> list:
        local = self.define(accepted, text)
        defined = local if definitions is None else definitions
        result = list(accepted)
        if not defined:
            return result
        taken = Intervals()
        for c, _ in result:
            taken.add(c.start, c.end, c)
        ignoring = Coverage(ignored)
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


def anchor_durations(accepted, layout) -> None:
    """'for 10 years from 2020' -> start 2020, end 2029; 'from 2020 to 2030' -> that range."""
    years = [(c, n) for c, n in accepted if c.label == "YEAR" and n["start"] is not None]
    for c, norm in accepted:
        if c.label != "DURATION" or not years:
            continue
        sent_start, sent_end = layout.sentence_span(c.start)
        near = [(abs(y.start - c.end), y, n) for y, n in years if sent_start <= y.start and y.end <= sent_end]
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


def in_brackets(text: str, start: int, since: int) -> bool:
    """Whether ``start`` is inside a bracket opened after ``since``."""
    before = text[since:start]
    return before.rfind("(") > before.rfind(")")
