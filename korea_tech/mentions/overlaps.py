"""Overlapping candidates: which one is the mention. The policy is a function (as spaCy's
SpanRuler takes a ``spans_filter``), so a caller can swap it for its own.

A policy takes the candidates (each with its norm, or None when it is normalised only
once it wins), a ``resolve`` function that normalises a candidate (raising NotAMention),
the text and the trace, and returns the accepted (candidate, norm) pairs, which never
overlap.
"""
from __future__ import annotations

from typing import Callable

from ..normalise import NotAMention
from .model import Trace
from .spans import Intervals


def by_priority_then_length(items, resolve: Callable, text: str, trace: Trace) -> list:
    """Candidates by rank -- rule priority, then length, then position -- each kept unless
    it overlaps one kept before. A candidate reached with no norm is normalised then; one
    that is not a mention gives its place to the next."""
    listed_programmes: dict[int, list] = {}
    for o, _ in items:
        if o.label == "PROGRAMME" and o.entry is not None:
            listed_programmes.setdefault(o.start, []).append(o)

    def rank(item):
        c = item[0]
        priority = c.priority
        # A longer name built on a listed one ("Korean New Deal National Strategy for a
        # Great Transformation") is that longer name, not the listed one plus words -- when
        # it ends in a capitalised word ("CHIPS Act funds" is the Act and a word).
        if c.label == "PROGRAMME" and c.entry is None and c.start in listed_programmes \
                and _ends_capitalised(text, c.end):
            shorter = [o for o in listed_programmes[c.start] if o.end < c.end]
            if shorter:
                priority = max(priority, *(o.priority for o in shorter))
        return (-priority, -(c.end - c.start), c.start, c.label, c.rule_id)

    if listed_programmes:
        ranked = sorted(items, key=rank)
    else:  # (no rank to raise: the keys made in one comprehension, not a call of rank each)
        keys = [(-c.priority, c.start - c.end, c.start, c.label, c.rule_id) for c, _ in items]
        ranked = [items[n] for n in sorted(range(len(items)), key=keys.__getitem__)]  # (stable)
    accepted: list[tuple] = []
    taken = Intervals(len(text))
    for c, norm in ranked:
        clash = taken.overlapping(c.start, c.end)
        if clash is not None:
            # (the reason is spelled out only when someone reads it: most candidates lose)
            if trace.on and (clash.start, clash.end, clash.label) != (c.start, c.end, c.label):
                trace.drop(c, text, f"overlaps {clash.label} {text[clash.start:clash.end]!r} ({clash.rule})")
            continue
        if norm is None:
            try:
                c, norm = resolve(c)
            except NotAMention:
                continue
        accepted.append((c, norm))
        taken.add(c.start, c.end, c)
    return accepted


def _ends_capitalised(text: str, end: int) -> bool:
    words = text[max(0, end - 40):end].split()
    return bool(words) and words[-1][:1].isupper()
