"""Sets of character spans with O(log n) overlap checks."""
from __future__ import annotations

import bisect
from typing import Any


class FirstOverlap:
    """Items with spans, in their given order sorted by start: the first that overlaps a
    span, by bisection over the running maximum of their ends (a scan per question made
    a document of many counter-examples cost their number squared)."""

    def __init__(self, items, span=lambda item: (item.start, item.end)):
        self.items = sorted(items, key=lambda item: span(item)[0])  # stable: ties keep their order
        self.starts = [span(item)[0] for item in self.items]
        self.reach, furthest = [], -1
        for item in self.items:
            furthest = max(furthest, span(item)[1])
            self.reach.append(furthest)

    def first(self, start: int, end: int):
        """The first item (by start, then given order) with a span overlapping [start, end)."""
        i = bisect.bisect_right(self.reach, start)  # the first whose ends so far pass `start`
        return self.items[i] if i < len(self.items) and self.starts[i] < end else None

    def touches(self, start: int, end: int) -> bool:
        return self.first(start, end) is not None


class Intervals:
    """Non-overlapping accepted spans of a text of ``size`` characters: which characters
    a span holds, and where each span begins (the span holding a character is the last
    to begin at or before it). A check searches the asked span's characters in C; a
    sorted list's bisections and insertions were a twentieth of a table's time."""

    def __init__(self, size: int):
        self.held = bytearray(size)
        self.begins = bytearray(size)
        self.spans: dict[int, tuple[int, Any]] = {}  # start -> (end, item)

    def overlapping(self, start: int, end: int):
        """The span holding the last held character of [start, end) (the one that
        begins last before ``end``), or None."""
        i = self.held.rfind(1, start, end)
        if i < 0:
            return None
        return self.spans[self.begins.rfind(1, 0, i + 1)][1]

    def add(self, start: int, end: int, item) -> None:
        if not 0 <= start < end <= len(self.held):
            raise ValueError(f"span {start}-{end} outside a text of {len(self.held)} characters")
        self.held[start:end] = b"\x01" * (end - start)
        self.begins[start] = 1
        self.spans[start] = (end, item)

    def remove(self, start: int) -> None:
        span = self.spans.pop(start, None)
        if span is not None:
            self.held[start:span[0]] = bytes(span[0] - start)
            self.begins[start] = 0
