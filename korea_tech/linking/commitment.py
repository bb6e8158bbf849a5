"""Is an amount a commitment? Decided from its clause by the language's records rules,
with the words that decided it kept as ``evidence`` so a reader can judge the call.

In order:
1. the baseline of a change is no commitment: "up from 1.13 trillion won", "from 46 billion
   won to 109 billion won" (the first), "5천382억원 대비", "125억원보다";
2. a trade, output, realised or cut figure is none: a not-cue nearer the amount than the
   nearest cue ("exports", "amounted to", "attracted", "삭감");
3. a commitment word near the amount makes it one ("invest", "budget", "투입");
4. an amount listed with a committed amount of its sentence is one too ("technology
   development ... with 2.2 trillion won, following basic research with 744 billion won").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .config import RecordRules


@dataclass(frozen=True)
class Decision:
    committed: bool
    evidence: str
    listed_with: int | None = None  # the start of the committed amount this one is listed with


class CommitmentTest:
    def __init__(self, config: RecordRules):
        self.c = config

    def decide_all(self, text: str, layout, money: list) -> dict[int, Decision]:
        """A decision for each amount (by start offset), in text order, so that an
        amount listed after a committed one can follow it."""
        decisions: dict[int, Decision] = {}
        committed_in: dict[int, list] = {}  # sentence start -> committed amounts so far
        for m in sorted(money, key=lambda x: x.start):
            decision = self.decide(text, layout, m, money)
            sent_start, _ = layout.sentence_span(m.start)
            if not decision.committed and decision.evidence == "" and committed_in.get(sent_start):
                first = committed_in[sent_start][-1]
                listed = self._listed_with(text, first, m)
                if listed:
                    decision = Decision(True, listed, first.start)
            if decision.committed:
                committed_in.setdefault(sent_start, []).append(m)
            decisions[m.start] = decision
        # An amount the text shows to be no commitment (realised, a trade figure) is none
        # where it restates it either: the headline "R&D 총 68조원 투자" of "투자한 예산은 총 68조원".
        shown = {(x.norm["currency"], x.norm["value"]): decisions[x.start].evidence for x in money
                 if decisions[x.start].evidence.startswith("not: ") and "baseline" not in decisions[x.start].evidence}
        for x in money:
            key = (x.norm["currency"], x.norm["value"])
            if decisions[x.start].committed and key in shown:
                decisions[x.start] = Decision(False, f"{shown[key]} (where the text restates it)")
        return decisions

    def decide(self, text: str, layout, m, money=()) -> Decision:
        """The decision for one amount from its own words (no list rule)."""
        sent_start, sent_end = layout.sentence_span(m.start)
        baseline = self._baseline(text, sent_start, sent_end, m, money)
        if baseline:
            return Decision(False, f"not: baseline ({baseline})")
        left, right = self._window(text, layout, m)
        inward = self.c.inward.search(text, max(sent_start, m.start - 120), min(sent_end, m.end + 40)) \
            if self.c.inward else None
        if inward:
            return Decision(False, f"not: {inward.group()} (investment into the country)")
        cue = _nearest(self.c.cues, left, right)
        if self.c.not_cues:
            near_left = left[-60:]
            near_right = right[:30]
            not_cue = _nearest(self.c.not_cues, near_left, near_right)
            if not_cue and (cue is None or not_cue[1] <= cue[1]):
                return Decision(False, f"not: {not_cue[0]}")
        after = self.c.not_cues_after.match(right) if self.c.not_cues_after else None
        if after:  # 2,300억원 삭감: the amount is the cut (감소한 14조원 is the new level)
            return Decision(False, f"not: {after.group().strip()}")
        if cue is None:
            return Decision(False, "")
        return Decision(True, cue[0])

    def _window(self, text: str, layout, m) -> tuple[str, str]:
        """The words before the amount (window_before tokens) and after it (window_after),
        in its sentence."""
        first = layout.token_at(m.start)
        after = layout.token_after(m.end)
        sent_first, sent_end = layout.sentence_tokens(m.start)
        left_start = layout.start_char(max(sent_first, first - self.c.window_before))
        right_end_token = min(sent_end, after + self.c.window_after)
        right_end = int(layout.ends[right_end_token - 1]) if right_end_token > after else layout.start_char(after)
        return text[left_start:m.start], text[m.end:right_end]

    def _baseline(self, text: str, sent_start: int, sent_end: int, m, money) -> str | None:
        start = max(sent_start, m.start - 80)
        hits = list(self.c.baseline_before.finditer(text, start, m.start)) if self.c.baseline_before else []
        if hits:
            # "from X and Y to Z and W": X and Y are baselines (only amounts and list words
            # between the word and them), Z and W are not; nor is "from its total budget of X".
            hit = hits[-1]
            between = text[hit.end():m.start]
            for other in money:
                if hit.end() <= other.start and other.end <= m.start:
                    between = between.replace(other.text, " ")
            if len(between.split()) <= 2 and not re.search(r"\bto\b", between):
                return hit.group(1)
        after = text[m.end:min(sent_end, m.end + 12)]
        hit = self.c.baseline_after.match(after) if self.c.baseline_after else None
        return hit.group(1) if hit else None

    def _listed_with(self, text: str, committed, m) -> str | None:
        """The amount continues a list that a committed amount opened: only list words,
        names and numbers between them, no full stop."""
        between = text[committed.end:m.start]
        if len(between) > 400 or self.c.list_links is None or not self.c.list_links.search(between):
            return None
        return f"listed with {committed.text}"


def _nearest(rx: re.Pattern | None, left: str, right: str) -> tuple[str, int] | None:
    """The phrase of ``rx`` nearest the amount, and its distance in characters."""
    if rx is None:
        return None
    best = None
    for hit in rx.finditer(left):
        distance = len(left) - hit.end()
        if best is None or distance < best[1]:
            best = (hit.group(), distance)
    hit = rx.search(right)
    if hit and (best is None or hit.start() < best[1]):
        best = (hit.group(), hit.start())
    return best
