"""Where a document's tokens and sentences are, as character offsets, kept after its
spaCy Doc is gone.

The passes after matching -- bare amounts that borrow their sentence's currency, records
that look a few words around an amount, the sentence of every mention -- need tokens and
sentences, not a Doc: ``Layout`` holds them as arrays (9 bytes a token), so the Docs of a
batch can be dropped as soon as their candidates are found.
"""
from __future__ import annotations

import bisect

import numpy

PUNCT, STOP, SPACE = 1, 2, 4  # token flag bits


# A "sentence" longer than this many characters is no sentence: a row's sentence is then
# the mention's line or the words around it (Layout._around).
LONGEST_SENTENCE = 2000


class Layout:
    def __init__(self, text: str, doc=None, tokens=None):
        """The layout of ``doc``, the spaCy Doc of ``text``, or of its ``tokens``
        (gates.Tokens, read from its batch's arrays); neither: no tokens."""
        self.text = text
        self.starts = self.ends = numpy.zeros(0, dtype="int32")
        self.flags = numpy.zeros(0, dtype="uint8")
        self.sent_starts: list[int] = []  # character offset of each sentence's first token
        self.sent_ends: list[int] = []  # ... and of the end of its last token
        self.sent_first: list[int] = []  # index of each sentence's first token
        self._cleaned: dict[int, str] = {}
        self._lines: dict[tuple[int, int], str] = {}  # (start, end) of a line -> its text cleaned
        if tokens is None and doc is not None and len(doc):
            from .gates import Tokens

            tokens = Tokens.of_doc(doc)
        if tokens is None or not len(tokens.starts):
            return
        self.starts = tokens.starts.astype("int32")
        self.ends = tokens.ends.astype("int32")
        self.flags = (tokens.punct * numpy.uint8(PUNCT) + tokens.stop * numpy.uint8(STOP)
                      + tokens.space * numpy.uint8(SPACE)).astype("uint8")
        first = tokens.sent_start.copy()
        first[0] = True
        last = numpy.append(first[1:], True)  # a sentence's last token: the next one starts one
        self.sent_first = first.nonzero()[0].tolist()
        self.sent_starts = self.starts[first].tolist()
        self.sent_ends = self.ends[last].tolist()

    # ------------------------------------------------------------------ tokens
    def __len__(self) -> int:
        return len(self.starts)

    def token_at(self, pos: int) -> int:
        """The token holding character ``pos`` (or the last one starting before it)."""
        return max(0, int(numpy.searchsorted(self.starts, pos, side="right")) - 1)

    def token_after(self, end: int) -> int:
        """The first token starting at or after ``end`` (len(self) if none)."""
        return int(numpy.searchsorted(self.starts, end, side="left"))

    def start_char(self, token: int) -> int:
        """Where token ``token`` starts (the end of the text past the last token)."""
        return int(self.starts[token]) if token < len(self.starts) else len(self.text)

    def word(self, token: int) -> str:
        return self.text[int(self.starts[token]):int(self.ends[token])]

    # ------------------------------------------------------------------ sentences
    def sentence(self, pos: int) -> int:
        """The sentence of character ``pos``: the last one starting at or before it."""
        return max(0, bisect.bisect_right(self.sent_starts, pos) - 1)

    def sentence_span(self, pos: int) -> tuple[int, int]:
        """(start, end) characters of the sentence of ``pos``."""
        if not self.sent_starts:
            return 0, len(self.text)
        i = self.sentence(pos)
        return self.sent_starts[i], self.sent_ends[i]

    def sentence_tokens(self, pos: int) -> tuple[int, int]:
        """(first token, token after the last) of the sentence of ``pos``."""
        i = self.sentence(pos)
        end = self.sent_first[i + 1] if i + 1 < len(self.sent_first) else len(self.starts)
        return self.sent_first[i], end

    def sentences(self) -> list[tuple[int, int]]:
        return list(zip(self.sent_starts, self.sent_ends))

    def sentence_text(self, start: int, end: int) -> str:
        """The sentence of a mention at ``start``-``end``, whitespace runs made one space
        (mentions start on a word: the last sentence starting at or before it)."""
        if start >= end or not self.sent_starts:
            return ""
        i = bisect.bisect_right(self.sent_starts, start) - 1
        if i < 0:
            return ""
        first, last = self.sent_starts[i], self.sent_ends[i]
        if last - first > LONGEST_SENTENCE:
            return self._around(start, end, first, last)
        if i not in self._cleaned:  # a sentence holds many mentions: clean its text once
            self._cleaned[i] = " ".join(self.text[first:last].split())
        return self._cleaned[i]

    def _around(self, start: int, end: int, first: int, last: int) -> str:
        """The sentence of a mention in a "sentence" longer than LONGEST_SENTENCE (a table
        whose rows end in no full stop, a text without punctuation): its line, or at most
        LONGEST_SENTENCE characters around it, whole words only. Every row carried the
        whole stretch, so a 5 MB table wrote its size times its rows."""
        text, half = self.text, LONGEST_SENTENCE // 2
        lo, hi = max(first, start - half), min(last, end + half)
        cut_lo, cut_hi = lo > first, hi < last
        line = text.rfind("\n", lo, start)
        if line >= 0:
            lo, cut_lo = line + 1, False
        line = text.find("\n", end, hi)
        if line >= 0:
            hi, cut_hi = line, False
        if not (cut_lo or cut_hi):  # a whole line: the text of every mention on it
            if (lo, hi) not in self._lines:
                self._lines[lo, hi] = " ".join(text[lo:hi].split())
            return self._lines[lo, hi]
        words = text[lo:hi].split()
        if cut_lo and words and not text[lo - 1].isspace() and lo < start:
            words = words[1:]  # a word cut in two
        if cut_hi and words and not text[hi].isspace() and hi > end:
            words = words[:-1]
        return " ".join(words)
