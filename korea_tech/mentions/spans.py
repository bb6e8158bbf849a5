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
    """Non-overlapping accepted spans, kept sorted."""

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

    def remove(self, start: int) -> None:
        i = bisect.bisect_left(self.starts, start)
        if i < len(self.starts) and self.starts[i] == start:
            del self.starts[i]
            del self.spans[i]
