"""What an amount funds, read from the words around it when its clause names no programme.
Each reader returns ``(phrase, start, end)`` or None; ``ObjectFinder.find`` tries them in
order:

- an amount in brackets funds what is named just before the bracket: "its 37 SME
  programs (KRW 5.8 trillion)", "in-house ventures (new program: KRW 10 billion)";
- the words after the amount: a preposition ("in", "for", "worth of", "aimed at") or a
  purpose ("to foster small modular reactor businesses"), or a name the amount modifies
  ("a 2.8 trillion won fund");
- the words before it: a list item ("..., following basic research with 744 billion
  won"), the antecedent of "for which", what a budget word names ("the budget to support
  non-memory chips will rise ... to 109 billion won", "2019 R&D budget"), a verb's object
  ("allotted to 40 projects, amounting to"), or, in Korean, the words before 에 right
  before the amount ("로봇 기술개발 사업에 523억원").

The words of each language are in its records.yaml (``programme:``).
"""
from __future__ import annotations

import re

from .config import RecordRules

_WORD = re.compile(r"[\w'’&+/-]+(?:\s*\([^()]{1,20}\))?")  # a word, with a bracketed acronym after it


class ObjectFinder:
    def __init__(self, config: RecordRules):
        self.c = config

    def find(self, text: str, m, clause: tuple[int, int], mentions) -> tuple[str, int, int] | None:
        c_start, c_end = clause
        readers = (lambda: self.before_bracket(text, m, c_start),
                   lambda: self.after(text, m, c_end, mentions),
                   lambda: self.before_particle(text, c_start, m, mentions),
                   lambda: self.bare_before(text, m, c_start),
                   lambda: self.list_item(text, m, c_start, mentions),
                   lambda: self.antecedent(text, m, c_start),
                   lambda: self.purpose_before(text, m, c_start),
                   lambda: self.budget_words(text, m, c_start, mentions),
                   lambda: self.verb_object(text, m, c_start))
        for read in readers:
            found = read()
            if found is not None:
                return found
        return None

    # ------------------------------------------------------------------ helpers
    def _usable(self, text: str, start: int, end: int) -> tuple[str, int, int] | None:
        """The phrase text[start:end] without leading determiners and trailing stop words,
        unless it is empty or generic."""
        while start < end and text[start].isspace():
            start += 1
        phrase = text[start:end]
        lead = self.c.leading_determiners.match(phrase) if self.c.leading_determiners else None
        if lead:
            start += lead.end()
        phrase = text[start:end].rstrip(" ,.;:-")
        end = start + len(phrase)
        if len(phrase) < 2 or phrase.lower() in self.c.generic_objects or phrase.isdigit():
            return None
        return phrase, start, end

    def _words_back(self, text: str, start: int, end: int, limit: int = 6) -> int:
        """Where the noun phrase that ends at ``end`` begins: back over words that are no
        stop word, at most ``limit`` of them, not before ``start``."""
        words = list(_WORD.finditer(text, start, end))
        first = end
        for w in reversed(words[-limit:]):
            word = w.group().lower()
            if word in self.c.phrase_stops or text[w.end():first].strip(" ") not in ("", "-") \
                    or (self.c.object_word_stops and word.endswith(self.c.object_word_stops)):
                break
            first = w.start()
        return first

    def _words_forward(self, text: str, start: int, end: int) -> int:
        """Where the phrase that begins at ``start`` ends: at punctuation, a stop word or
        after max_object_words words."""
        stop = re.search(r"[,.;:\[\]<\n\t]|\s\(|\)", text[start:end])
        end = start + stop.start() if stop else end
        for stops in (self.c.object_stops, self.c.purpose_stops):
            s = stops.search(text, start, end) if stops else None
            if s and s.start() > start:
                end = s.start()
        words = list(re.finditer(r"\S+", text[start:end]))
        if len(words) > self.c.max_object_words:
            end = start + words[self.c.max_object_words - 1].end()
        return end

    # ------------------------------------------------------------------ readers
    def before_bracket(self, text: str, m, c_start: int):
        """'37 SME programs (KRW 5.8 trillion)': an amount in brackets after a name."""
        opening = text.rfind("(", max(c_start, m.start - 30), m.start)
        if opening < 0 or ")" in text[opening:m.start] or not re.fullmatch(r"[\w\s:-]{0,20}", text[opening + 1:m.start]):
            return None
        end = opening
        while end > c_start and text[end - 1] == " ":
            end -= 1
        start = self._words_back(text, c_start, end, limit=5)
        return self._usable(text, start, end) if start < end else None

    def after(self, text: str, m, c_end: int, mentions):
        """The words after the amount (past a stated equivalent, a period and qualifiers)."""
        tail_start = m.end
        for x in sorted(mentions, key=lambda x: x.start):
            if x.start >= tail_start and x.label in ("MONEY", "YEAR", "DURATION") and \
                    re.fullmatch(r"[\s(),]*(?:[\w.$]+[\s(),]+){0,3}", text[tail_start:x.start]):
                tail_start = x.end
        words = list(re.finditer(r"[\w'’&+-]+", text[tail_start:c_end]))
        named = self._named_by_amount(text, tail_start, c_end, words)
        if named:
            return named
        for i, w in enumerate(words[:6]):
            word = w.group().lower()
            before = words[i - 1].group().lower() if i > 0 else ""
            start = tail_start + w.end()
            if before == "to" and word in self.c.purpose_verbs and \
                    all(x.group().lower() in self.c.purpose_lead for x in words[:i - 1]):
                # "to foster small modular reactor businesses": the purpose, from its verb on
                found = self._usable(text, tail_start + w.start(), self._purpose_end(text, start, c_end))
            elif (before, word) in self.c.two_word_preps:
                found = self._usable(text, start, self._words_forward(text, start, c_end))
            elif word in self.c.object_preps or (word == "to" and before in self.c.to_after):
                found = self._usable(text, start, self._words_forward(text, start, c_end))
            else:
                continue
            if found:
                return found
        return None

    def _purpose_end(self, text: str, start: int, c_end: int) -> int:
        stop = re.search(r"[,.;:\[\]<\n\t]|\s\(", text[start:c_end])
        end = start + stop.start() if stop else c_end
        aux = self.c.purpose_stops.search(text, start, end) if self.c.purpose_stops else None
        end = aux.start() if aux and aux.start() > start else end
        words = list(re.finditer(r"\S+", text[start:end]))
        if len(words) > self.c.max_object_words:
            end = start + words[self.c.max_object_words - 1].end()
        return end

    def _named_by_amount(self, text, tail_start, c_end, words):
        """'A trillion won industrial technology innovation fund will be set up': the
        amount modifies the name after it, which ends in a budget word."""
        if not words or words[0].start() > 1:
            return None
        if words[0].group() in self.c.amount_links and len(words) > 1:  # 1조원 규모의 X펀드를
            for w in words[1:5]:
                particle = next((p for p in self.c.object_word_stops if w.group().endswith(p)), None)
                if particle is not None:
                    return self._usable(text, tail_start + words[1].start(), tail_start + w.end() - len(particle))
            return None
        for i, w in enumerate(words[:6]):
            word = w.group().lower()
            if word in self.c.phrase_stops:
                return None
            if word in self.c.budget_nouns or word in self.c.name_heads:
                return self._usable(text, tail_start + words[0].start(), tail_start + w.end())
        return None

    def list_item(self, text: str, m, c_start: int, mentions=()):
        """'..., following basic research with 744.3 billion won': the item a list gives
        the amount to (the words after the last list word or amount, up to their first
        stop word)."""
        segment_start = c_start
        for link in self.c.list_boundaries.finditer(text, c_start, m.start) if self.c.list_boundaries else ():
            segment_start = link.end()
        for x in mentions if self.c.item_links is not None else ():  # "... with 120 billion won and sensors with 90"
            if x.label == "MONEY" and segment_start <= x.end <= m.start and x is not m:
                segment_start = x.end
        segment = text[segment_start:m.start]
        if self.c.item_links is not None and not self.c.item_links.search(segment):
            return None
        if self.c.item_links is None and (segment_start == c_start or len(segment.split()) > 4 or
                                          any(w.endswith(self.c.object_word_stops) for w in segment.split())):
            return None  # "△지능형 로봇 700억원": a short item right after its list mark, no verb in it
        words = list(_WORD.finditer(text, segment_start, m.start))
        while words and (words[0].group().lower() in self.c.phrase_stops or
                         words[0].group().lower() in self.c.item_leads):  # "with interdisciplinary ...", "and sensors"
            words.pop(0)
        if not words:
            return None
        start = end = words[0].start()
        for w in words:
            if w.group().lower() in self.c.phrase_stops and not self._inside_name(w, words):
                break
            end = w.end()
        return self._usable(text, start, end) if end > start else None

    def _inside_name(self, w, words) -> bool:
        """'technology development in ICT will receive': a preposition between two name
        words stays in the name when a name word follows it."""
        i = words.index(w)
        return w.group().lower() in self.c.name_joiners and i + 1 < len(words) \
            and words[i + 1].group().lower() not in self.c.phrase_stops

    def antecedent(self, text: str, m, c_start: int):
        """'40 research and development projects in 11 major industry fields, for which it
        will invest 6.2 trillion won': what "for which" stands for."""
        leads = list(self.c.relative_leads.finditer(text, c_start, m.start)) if self.c.relative_leads else []
        if not leads:
            return None
        end = leads[-1].start()
        while end > 0 and text[end - 1] in " ,":
            end -= 1
        start = self._words_back(text, max(0, end - 200), end, limit=10)
        return self._usable(text, start, end) if start < end else None

    def bare_before(self, text: str, m, c_start: int):
        """'반도체 1조…7대 전략기술 4조5천억 투자': in a language that marks what is funded
        with a particle, the words right before the amount with none, opening the clause."""
        if not self.c.object_particles:
            return None
        words = list(re.finditer(r"\S+", text[c_start:m.start]))
        while words and words[0].group() in self.c.object_skip | self.c.phrase_stops:
            words.pop(0)
        if not words or len(words) > 4 or any(w.group().endswith(self.c.object_word_stops) or
                                              w.group() in self.c.phrase_stops for w in words):
            return None
        return self._usable(text, c_start + words[0].start(), c_start + words[-1].end())

    def sized(self, text: str, m, c_end: int):
        """'1조원 규모의 중소·벤처펀드': the name whose size the amount gives."""
        words = list(re.finditer(r"[\w'’&+·-]+", text[m.end:c_end]))
        if not words or words[0].start() > 1 or words[0].group() not in self.c.amount_links:
            return None
        return self._named_by_amount(text, m.end, c_end, words)

    def purpose_before(self, text: str, m, c_start: int):
        """'미래 먹거리 위해 2020년까지 5조6000억원 투자': what a purpose word before the
        amount names (the words before it, without their particle)."""
        hits = list(self.c.purpose_markers.finditer(text, c_start, m.start)) if self.c.purpose_markers else []
        if not hits:
            return None
        end = hits[-1].start()
        while end > c_start and text[end - 1] == " ":
            end -= 1
        word = re.search(r"\S+$", text[c_start:end])
        if word:
            particle = next((p for p in self.c.object_word_stops if word.group().endswith(p) and len(word.group()) > len(p)), "")
            end -= len(particle)
        start = self._words_back(text, c_start, end, limit=5)
        return self._usable(text, start, end) if start < end else None

    def budget_words(self, text: str, m, c_start: int, mentions):
        """'The budget to support non-memory chips will rise ... to 109 billion won',
        'money spent on basic sciences will total ...', '2019 R&D budget surpasses ...':
        what the nearest budget word before the amount names."""
        hits = list(self.c.budget_rx.finditer(text, c_start, m.start)) if self.c.budget_rx else []
        hits = [h for h in hits if not re.search(r"\bto\s+$", text[max(c_start, h.start() - 4):h.start()])]
        if not hits:  # "to support", "to fund": verbs, not budget words
            return None
        hit = hits[-1]
        link = self.c.budget_links.match(text, hit.end()) if self.c.budget_links else None
        if link:
            end = self._words_forward(text, link.end(), m.start)
            times = [x for x in mentions if x.label in ("YEAR", "DATE") and link.end() <= x.start < end]
            if not times:  # "budget for this year" names a time, not a purpose
                found = self._usable(text, link.end(), end)
                if found:
                    return found
        start = self._words_back(text, c_start, hit.start(), limit=4)
        while start < hit.start():  # "2019 R&D budget", "Our government's R&D budget": no year, no owner
            word = re.match(r"\S+\s*", text[start:hit.start()])
            if not word or not (word.group().strip().isdigit() or word.group().strip().endswith(("'s", "’s"))
                                or word.group().strip().lower() in self.c.phrase_stops):
                break
            start += word.end()
        return self._usable(text, start, hit.end())

    def verb_object(self, text: str, m, c_start: int):
        """'allotted to 40 major “super gap” projects, amounting to two trillion won'."""
        hits = list(self.c.verb_preps.finditer(text, c_start, m.start)) if self.c.verb_preps else []
        if not hits:
            return None
        start = hits[-1].end()
        return self._usable(text, start, self._words_forward(text, start, m.start))

    def before_particle(self, text: str, clause_start: int, m, mentions):
        """'로봇 기술개발 사업에 523억원을': the words before the particle that ends right
        before the amount (past skipped words: 올해, 총), back to a word that ends in
        another particle or a verb ending."""
        if not self.c.object_particles:
            return None
        words = list(re.finditer(r"\S+", text[clause_start:m.start]))
        while words and words[-1].group() in self.c.object_skip:
            words.pop()
        if not words:
            return None
        last = words[-1].group()
        particle = next((p for p in self.c.object_particles if last.endswith(p) and len(last) > len(p)), None)
        if particle is None:
            return None
        first = words[-1]
        # Dates, years and amounts are no part of what is funded (30일 반도체 분야에).
        numbers = [(x.start, x.end) for x in mentions if x.label in ("DATE", "YEAR", "MONEY", "DURATION")]
        for w in reversed(words[:-1][-(self.c.max_object_words - 1):]):
            word = w.group()
            start, end = clause_start + w.start(), clause_start + w.end()
            bare = word.rstrip("’”'\"」』")
            if word in self.c.object_skip or bare.endswith(self.c.object_word_stops) or not bare[-1:].isalnum() \
                    or any(s < end and start < e for s, e in numbers):
                break
            first = w
        start, end = clause_start + first.start(), clause_start + words[-1].end() - len(particle)
        return self._usable(text, start, end)
