"""What the mention stage produces: mentions, and the decisions ``ktech explain`` shows."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..document import Document


@dataclass(slots=True)  # (55,000 per MB of a table: no dict each)
class Mention:
    label: str
    start: int  # character offsets in the document text (not the source)
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


class Trace:
    """Every decision about a candidate, when someone will read them (``ktech explain``);
    a no-op otherwise, so the hot path pays nothing."""

    def __init__(self, on: bool):
        self.on = on
        self.decisions: list[Decision] = []

    def drop(self, c, text: str, reason: str) -> None:
        if self.on:
            self.decisions.append(Decision(c.label, c.start, c.end, text[c.start:c.end], c.rule, "dropped", reason))

    def keep(self, c, text: str) -> None:
        if self.on:
            self.decisions.append(Decision(c.label, c.start, c.end, text[c.start:c.end], c.rule, "kept", "accepted"))


@dataclass
class Extraction:
    document: Document
    mentions: list[Mention] = field(default_factory=list)
    trace: list[Decision] = field(default_factory=list)
