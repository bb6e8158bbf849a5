"""Where a document's tokens and sentences are, as character offsets, kept after its
spaCy Docs are gone.

A long document is tokenised in parts (spaCy's memory grows with the text), but the
passes that read the whole document -- acronyms defined once, records that look a few
words around an amount, the sentence of every mention -- need its tokens and
sentences. ``Layout`` holds them for the whole document as arrays: a few bytes per
token, whatever the length of the text.
"""
from __future__ import annotations

import bisect

import numpy

PUNCT, STOP, SPACE = 1, 2, 4  # token flag bits


class Layout:
    def __init__(self, text: str):
        self.text = text
        self._parts: list[tuple] = []
        self.starts = self.ends = numpy.zeros(0, dtype="int32")
        self.flags = numpy.zeros(0, dtype="uint8")
        self.sent_starts: list[int] = []  # character offset of each sentence's first token
        self.sent_ends: list[int] = []  # ... and of the end of its last token
        self.sent_first: list[int] = []  # index of each sentence's first token
        self._cleaned: dict[int, str] = {}

    def add(self, doc, offset: int) -> None:
        """The tokens and sentences of ``doc``, a part of the text starting at ``offset``
        (compact arrays: 9 bytes a token)."""
        from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, IS_STOP, LENGTH, SENT_START

        if not len(doc):
            return
        columns = doc.to_array([IDX, LENGTH, SENT_START, IS_PUNCT, IS_STOP, IS_SPACE]).astype("int64")
        starts = (columns[:, 0] + offset).astype("int32")
        ends = (starts + columns[:, 1]).astype("int32")
        flags = (columns[:, 3] * PUNCT + columns[:, 4] * STOP + columns[:, 5] * SPACE).astype("uint8")
        first = columns[:, 2] == 1
        first[0] = True  # each part starts a sentence (parts are cut at line breaks where the text has them)
        self._parts.append((starts, ends, flags, first.nonzero()[0].astype("int32")))

    def finish(self) -> "Layout":
        if not self._parts:
            return self
        counts = [len(p[0]) for p in self._parts]
        before = [0] * len(counts)
        for i in range(1, len(counts)):
            before[i] = before[i - 1] + counts[i - 1]
        self.starts = numpy.concatenate([p[0] for p in self._parts])
        self.ends = numpy.concatenate([p[1] for p in self._parts])
        self.flags = numpy.concatenate([p[2] for p in self._parts])
        first = numpy.concatenate([p[3] + b for p, b in zip(self._parts, before)])
        self._parts = []
        self.sent_first = first.tolist()
        self.sent_starts = self.starts[first].tolist()
        last = numpy.append(first[1:] - 1, len(self.starts) - 1)  # a sentence ends before the next starts
        self.sent_ends = self.ends[last].tolist()
        return self

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
        if i not in self._cleaned:  # a sentence holds many mentions: clean its text once
            self._cleaned[i] = " ".join(self.text[self.sent_starts[i]:self.sent_ends[i]].split())
        return self._cleaned[i]
