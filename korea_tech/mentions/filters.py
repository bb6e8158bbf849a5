"""Candidates that are not mentions, whatever they look like: those inside a
counter-example (a ``"block": true`` pattern of their label), inside an address or file
name (rules/contexts.yaml) or a stamp or byline (metadata, found by the reader), names
listed as look-alikes (a gazetteer's ``exclude``), and ambiguous acronyms in a document
that never spells out the name."""
from __future__ import annotations

import re

from ..regexes import in_one_line, may_match, needle_line_matches, needles
from .model import Trace
from .spans import FirstOverlap


class CounterExamples:
    def __init__(self, rules):
        self.excluded_names = rules.excluded_names
        self.ignore_inside = [(rx, needles(rx), in_one_line(rx))
                              for rx in map(re.compile, rules.contexts.get("ignore_inside", []))]

    def ignored(self, document) -> list[tuple[int, int]]:
        """The stretches of a document never read: web and e-mail addresses, file names,
        and its stamps and bylines (metadata)."""
        text = document.text
        found = [(m.start(), m.end()) for rx, needed, by_line in self.ignore_inside if may_match(needed, text)
                 for m in (needle_line_matches(rx, needed, text) if by_line and needed else rx.finditer(text))]
        return sorted(found + list(document.meta.stamps))

    @staticmethod
    def named(candidates) -> set[str]:
        """The entries whose name (not only an acronym) the candidates spell out."""
        return {c.entry.id for c in candidates if c.entry is not None and c.form not in ("acronym", "short")}

    @staticmethod
    def needs_name(candidates) -> set[str]:
        """The entries of acronyms and short forms that count only where the document
        spells out the name (see _not_a_name)."""
        return {c.entry.id for c in candidates if c.entry is not None and (
            c.form == "short" or (c.form == "acronym" and c.entry.acronym_requires_name))}

    def apply(self, candidates, text: str, ignored: list[tuple[int, int]], trace: Trace,
              named_elsewhere=frozenset()) -> list:
        blocks = [c for c in candidates if c.block]
        named = self.named(candidates) | named_elsewhere
        blocked = {label: FirstOverlap(b for b in blocks if b.label == label) for label in {b.label for b in blocks}}
        ignoring = FirstOverlap(ignored, span=lambda i: i)
        # (most documents have no counter-example and nothing to ignore: then only names
        # are looked at)
        covered = self._covered if blocked or ignored else None
        kept = []
        for c in candidates:
            if c.block:
                continue
            reason = covered(c, text, blocked, ignoring) if covered else None
            if reason is None and c.label in ("MINISTRY", "PROGRAMME"):
                reason = self._not_a_name(c, text, named)
            if reason:
                trace.drop(c, text, reason)
            else:
                kept.append(c)
        return kept

    @staticmethod
    def _covered(c, text, blocked, ignoring) -> str | None:
        """Why ``c`` is inside a counter-example or a stretch never read, if it is."""
        blocker = blocked[c.label].first(c.start, c.end) if c.label in blocked else None
        if blocker is not None:
            return f"counter-example {blocker.rule_id} ({blocker.rule})"
        inside = ignoring.first(c.start, c.end)
        if inside is not None:
            return f"inside an address, a file name or a stamp {text[inside[0]:inside[1]]!r}"
        return None

    def _not_a_name(self, c, text, named) -> str | None:
        """Why the name ``c`` is no mention, if it is not: a look-alike, or an acronym or
        short form of a name the document never spells out."""
        excluded = self.excluded_names.get(" ".join(text[c.start:c.end].lower().split()))
        if excluded:
            return f"excluded name ({excluded})"
        if c.form == "acronym" and c.entry.acronym_requires_name and c.entry.id not in named:
            return "ambiguous acronym and the document never spells out the name"
        if c.form == "short" and c.entry.id not in named:
            return "a short form counts only where the document spells out the name"
        return None
