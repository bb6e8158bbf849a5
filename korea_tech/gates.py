"""Where in a Doc a token pattern can match: windows for spaCy's Matcher.

The Matcher tries every pattern at every token; with ~60 patterns that was most
of extraction's time, though most tokens cannot start most matches. Every match
contains a token meeting its pattern's *anchor* (a required token: no OP, ``+``
or ``{n,m}`` with n >= 1; of those, the one fewest tokens of this Doc meet). To
the anchor's left the match can only hold tokens meeting one of the pattern's
earlier token specs, at most as many as those specs allow, and never past the
sentence start; likewise to its right. Those windows, merged per rule file, are
all the Matcher has to read, and it finds in them exactly the matches it would
find in the whole Doc.

Token specs are tested for all tokens at once on arrays: the word's lexeme
attributes (flags -- including ``matching.LexicalFlags`` -- LOWER, SHAPE, LENGTH)
and REGEX answers computed once per distinct word for the whole run (LexemeTable),
token attributes from ``Doc.to_array``. Conditions the arrays cannot test (Python
predicates, extension attributes) are left out, which only widens a window.

A pattern of one token per spec whose conditions the arrays test in full
("fixed") needs no Matcher at all: its matches are where the masks line up; nor
does one of a few optional or bounded such tokens (``PatternGate.variants``: the
fixed patterns it stands for), nor, batch by batch, any other pattern whose specs
the arrays decide, ``*`` and ``+`` included (``DocWindows.bounded_matches``: partial
matches grown a token at a time from the tokens near an anchor).
All of this is computed for a batch of Docs at once, so numpy's cost per call
is paid once per batch.

Matches are kept inside one sentence: a pattern never matches across a sentence
boundary (sentences also end at line breaks, so a table row or a heading is not
read into the line below it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy

# A condition: (attribute id, test, argument) with test "=" (argument: the value as the
# Matcher compares it), "in" / "not_in" (a tuple of values) or "regex" (a pattern string).
Condition = tuple[int, str, object]
UNBOUNDED = 1 << 30
MERGE_GAP = 8
# Lexeme attributes other than flags (ids < 64), read once per distinct word.
_LEXEME_VALUES = ("LOWER", "SHAPE", "LENGTH")
_WORD_TEXT = ("ORTH", "LOWER")  # the word attributes whose text a REGEX condition reads


def op_counts(op: str | None) -> tuple[int, int]:
    """How many tokens a spec with this OP matches: (least, most)."""
    if op is None or op in ("!", "1"):  # spaCy's "1": exactly one, as no OP
        return 1, 1
    if op == "?":
        return 0, 1
    if op == "*":
        return 0, UNBOUNDED
    if op == "+":
        return 1, UNBOUNDED
    low, _, high = op[1:-1].partition(",")
    if "," not in op:
        return int(low), int(low)
    return int(low or 0), int(high) if high.strip() else UNBOUNDED


def _value(value, strings):
    if isinstance(value, str):
        return strings.add(value)
    if isinstance(value, bool):
        return int(value)
    return value if isinstance(value, int) else None


def _conditions(spec: dict, strings) -> tuple[tuple[Condition, ...], bool]:
    """The spec's conditions the arrays can test, and whether they are all of them
    (then the arrays alone decide which tokens the spec matches)."""
    from spacy.attrs import IDS

    if spec.get("OP") == "!":  # a negated spec matches any token that fails it
        return (), False
    out, exact = [], True
    for name, value in spec.items():
        if name == "OP":
            continue
        if name in ("IS_SENT_START", "SENT_START") and value in (0, 1):
            # The Matcher reads either as "does the token start a sentence" (sent_start
            # == 1: not when unknown), never a raw SENT_START value.
            out.append((IDS["SENT_START"], "=" if value else "not_in", 1 if value else (1,)))
            continue
        attr = IDS.get("ORTH" if name == "TEXT" else name)
        if name == "_" or attr is None:
            exact = False
            continue
        if not isinstance(value, dict):
            value = _value(value, strings)
            if value is None:
                exact = False
            else:
                out.append((attr, "=", value))
            continue
        for op, arg in value.items():
            if op in ("IN", "NOT_IN") and all(isinstance(v, (str, int)) for v in arg):
                out.append((attr, op.lower(), tuple(sorted(_value(v, strings) for v in arg))))
            elif op == "REGEX" and attr in (IDS[name] for name in _WORD_TEXT):
                out.append((attr, "regex", arg))
            else:
                exact = False
    return tuple(sorted(out, key=repr)), exact


@dataclass(frozen=True)
class Spec:
    conditions: tuple[Condition, ...]
    exact: bool  # the conditions are the whole spec
    least: int
    most: int


@dataclass(frozen=True)
class PatternGate:
    specs: tuple[Spec, ...]

    @classmethod
    def of(cls, pattern: list[dict], strings) -> "PatternGate":
        return cls(tuple(Spec(*_conditions(s, strings), *op_counts(s.get("OP"))) for s in pattern))

    def anchors(self) -> list[int]:
        return [i for i, s in enumerate(self.specs) if s.least >= 1 and s.conditions]

    @property
    def fixed(self) -> bool:
        """One token per spec, each decided by the arrays: matched without the Matcher."""
        return all(s.least == s.most == 1 and s.exact for s in self.specs)

    def variants(self, longest: int, limit: int = 32) -> list["PatternGate"] | None:
        """The fixed patterns whose matches together are this one's: each spec repeated
        each number of times its OP allows (``?``: 0 or 1, ``{2,3}``: 2 or 3), none
        longer than ``longest`` tokens (a longer match is no candidate) nor empty (the
        Matcher gives no empty match); None when the arrays do not decide every spec,
        a repeat is unbounded, or there would be more than ``limit``."""
        if not all(s.exact for s in self.specs) or any(s.most >= UNBOUNDED for s in self.specs):
            return None
        count = 1
        for s in self.specs:
            count *= s.most - s.least + 1
        if count > limit:
            return None
        shapes: list[tuple[Spec, ...]] = [()]
        for s in self.specs:
            one = Spec(s.conditions, True, 1, 1)
            shapes = [shape + (one,) * k for shape in shapes for k in range(s.least, s.most + 1)]
        # [B?, B?] gives [B] twice: the same matches, kept once. ([A?, B?] gives [A] and
        # [B], whose matches may coincide: the same span under the same id, which
        # longest_per_end keeps once.)
        return [PatternGate(shape) for shape in dict.fromkeys(shapes) if 0 < len(shape) <= longest]


class LexemeTable:
    """Per distinct word a finder has met: its flag bits and lexeme values, and the
    answer of each REGEX condition, computed once per word for the whole run. A batch
    finds its words in the table with one binary search: computing them per batch, a
    Python loop over every distinct word of the batch per REGEX condition, was 3% of a
    run on the seeds. Rows are only ever appended (each array is replaced, never changed
    in place, so a row number once given stays valid); the batches of one engine may be
    read in several threads (Dask's threaded workers), so growing the table is locked."""

    def __init__(self, vocab, flags=None):
        import threading

        self.vocab = vocab
        self.flags = flags  # matching.LexicalFlags: sets the flags of the words it meets
        self._lock = threading.Lock()
        self.size = 0  # words in the table; a word's row number is the order it came in
        self.rows = numpy.zeros((0, 1 + len(_LEXEME_VALUES)), dtype=numpy.uint64)  # flags, then _LEXEME_VALUES
        self.orths = numpy.zeros(0, dtype=numpy.uint64)  # per row: the word's ORTH hash
        self.sorted_words = numpy.zeros(0, dtype=numpy.uint64)  # the words' ORTH hashes, sorted
        self.sorted_rows = numpy.zeros(0, dtype=numpy.int64)  # ... and their row numbers
        self.searched: dict[tuple[int, str], numpy.ndarray] = {}  # (attr, regex) -> per row

    def index(self, words: numpy.ndarray) -> numpy.ndarray:
        """The row number of each of ``words`` (ORTH hashes), new words added."""
        with self._lock:
            return self._index(words)

    def _index(self, words: numpy.ndarray) -> numpy.ndarray:
        at = numpy.searchsorted(self.sorted_words, words).clip(max=max(self.size - 1, 0))
        known = (self.sorted_words[at] == words) if self.size else numpy.zeros(len(words), bool)
        if not known.all():
            self._add(words[~known])
            at = numpy.searchsorted(self.sorted_words, words)
        return self.sorted_rows[at]

    def _add(self, new: numpy.ndarray) -> None:
        new = numpy.unique(new)  # sorted, as the merge below needs
        vocab = self.vocab
        lexemes = [vocab[h] for h in new.tolist()]
        rows = numpy.array([(lex.flags, lex.lower, lex.shape, len(lex.orth_)) for lex in lexemes],
                           dtype=numpy.uint64).reshape(-1, 1 + len(_LEXEME_VALUES))
        # The new words' texts, looked up once for the flags and the REGEX conditions
        # (each looked them up again per condition)
        strings, texts = vocab.strings, {}

        def text(attr: str) -> list[str]:
            if attr not in texts:
                hashes = new if attr == "ORTH" else rows[:, 1 + _LEXEME_VALUES.index(attr)]
                texts[attr] = [strings[h] for h in hashes.tolist()]
            return texts[attr]

        if self.flags is not None and self.flags.mask:
            self._set_flags(new, rows, lexemes, text)
        first = self.size
        self.rows = numpy.concatenate([self.rows, rows])
        self.orths = numpy.concatenate([self.orths, new])
        self.size += len(new)
        from spacy.attrs import ORTH

        for (attr, pattern), found in self.searched.items():
            words = text("ORTH" if attr == ORTH else "LOWER")
            self.searched[attr, pattern] = numpy.concatenate([found, self._search(attr, pattern, words)])
        # both sorted: the merge is a linear insert, not a sort of the whole table
        at = numpy.searchsorted(self.sorted_words, new)
        self.sorted_words = numpy.insert(self.sorted_words, at, new)
        self.sorted_rows = numpy.insert(self.sorted_rows, at, numpy.arange(first, self.size, dtype=numpy.int64))

    def _set_flags(self, orths: numpy.ndarray, rows: numpy.ndarray, lexemes: list, text) -> None:
        """Set the rules' flags of words met for the first time, in their lexemes (which
        every Doc holding them shares) and in their rows (``text(attr)``: the words'
        ORTH, LOWER or SHAPE texts)."""
        values = {"ORTH": orths, "LOWER": rows[:, 1], "SHAPE": rows[:, 2]}
        mask = numpy.uint64(self.flags.mask)
        flags = (rows[:, 0] & ~mask) | self.flags.word_flags(values, text)
        for i in numpy.flatnonzero(flags != rows[:, 0]).tolist():
            lexemes[i].flags = int(flags[i])
        rows[:, 0] = flags

    def _search(self, attr: int, pattern: str, words: list[str] | None = None) -> numpy.ndarray:
        """Does the regex find something in each of ``words``, or else in the text (ORTH
        or LOWER) of each word of the table?"""
        from spacy.attrs import ORTH

        if words is None:
            strings = self.vocab.strings
            hashes = self.orths if attr == ORTH else self.rows[:, 1]  # ORTH or LOWER
            words = [strings[h] for h in hashes.tolist()]
        search = re.compile(pattern).search
        return numpy.array([search(w) is not None for w in words], dtype=bool)

    def regex(self, attr: int, pattern: str) -> numpy.ndarray:
        """Per row: does the regex find something in the word's text (ORTH or LOWER)?"""
        with self._lock:
            found = self.searched.get((attr, pattern))
            if found is None:
                found = self.searched[attr, pattern] = self._search(attr, pattern)
            return found


@dataclass(frozen=True)
class Tokens:
    """A Doc's tokens as arrays: what the stages after matching read of them."""

    orth: numpy.ndarray  # ORTH (uint64)
    lower: numpy.ndarray  # LOWER (uint64)
    punct: numpy.ndarray  # IS_PUNCT (bool)
    stop: numpy.ndarray  # IS_STOP
    space: numpy.ndarray  # IS_SPACE
    starts: numpy.ndarray  # character offset of each token (int64)
    ends: numpy.ndarray  # ... and of its end
    sent_start: numpy.ndarray  # SENT_START == 1 (bool)

    @classmethod
    def of_doc(cls, doc) -> "Tokens":
        """Read from the Doc itself (DocWindows.tokens reads a batch's arrays)."""
        from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, IS_STOP, LENGTH, LOWER, ORTH, SENT_START

        columns = doc.to_array([ORTH, LOWER, IS_PUNCT, IS_STOP, IS_SPACE, IDX, LENGTH, SENT_START]).reshape(-1, 8)
        starts = columns[:, 5].astype(numpy.int64)
        return cls(columns[:, 0], columns[:, 1], columns[:, 2].astype(bool), columns[:, 3].astype(bool),
                   columns[:, 4].astype(bool), starts, starts + columns[:, 6].astype(numpy.int64), columns[:, 7] == 1)


def token_attributes(gates: list[PatternGate]) -> list[int]:
    """Attributes that are not the word's own: read per token from the Doc."""
    from spacy.attrs import IDS

    lexical = {IDS["ORTH"], *(IDS[n] for n in _LEXEME_VALUES)}
    return sorted({a for g in gates for s in g.specs for a, _, _ in s.conditions if a >= 64 and a not in lexical})


class DocWindows:
    """Arrays, sentences and spec masks of a batch of Docs, shared by every pattern
    tested on them (numpy's cost per call is paid once per batch, not per Doc)."""

    def __init__(self, docs: list, table: LexemeTable, token_attrs: list[int]):
        from spacy.attrs import IDS, IDX, ORTH, SENT_START

        token_attrs = [a for a in token_attrs if a not in (IDX, SENT_START)]
        attrs = [ORTH, SENT_START, IDX] + token_attrs
        arrays = [doc.to_array(attrs).reshape(-1, len(attrs)) for doc in docs]
        lengths = [len(doc) for doc in docs]
        self.doc_start = numpy.concatenate(([0], numpy.cumsum(lengths))).astype(numpy.int64)
        self.n = n = int(self.doc_start[-1])
        array = numpy.concatenate(arrays) if n else numpy.zeros((0, len(attrs)), "uint64")
        self.token_columns = {a: array[:, 3 + i] for i, a in enumerate(token_attrs)}
        self.token_columns[IDX] = array[:, 2]
        self.token_columns[SENT_START] = array[:, 1]
        self._array = array
        self.words, self.word_of = numpy.unique(array[:, 0], return_inverse=True)
        self.word_of = self.word_of.reshape(-1)
        self.table = table
        self.orth = ORTH
        self.word_ids = table.index(self.words)  # each distinct word's row in the table
        self.word_rows = table.rows[self.word_ids]
        self.value_column = {IDS[name]: 1 + i for i, name in enumerate(_LEXEME_VALUES)}
        starts = array[:, 1] == 1
        starts[self.doc_start[:-1][numpy.array(lengths) > 0]] = True  # a Doc starts a sentence
        self.sentence_of = numpy.cumsum(starts) - 1
        bounds = numpy.append(numpy.flatnonzero(starts), n)
        self.sentence_start = bounds[self.sentence_of]  # per token
        self.sentence_end = bounds[self.sentence_of + 1]
        self._masks: dict[tuple, numpy.ndarray | None] = {}  # masks and positions

    def matched(self) -> None:
        """Matching is done: drop what it needed and ``tokens`` does not (the masks, the
        sentence arrays), so a batch's stages after matching do not hold them."""
        self._masks.clear()
        self.sentence_of = self.sentence_start = self.sentence_end = None
        self.token_columns = {}

    def tokens(self, i: int) -> "Tokens":
        """The tokens of Doc ``i`` as arrays, for the stages after matching: read from
        this batch's arrays and its words' rows, not from the Doc again (reading the
        same attributes from each Doc for the gazetteer, the candidates and the layout
        was a twentieth of a run)."""
        from spacy.attrs import IDS, IS_PUNCT, IS_SPACE, IS_STOP

        a, b = int(self.doc_start[i]), int(self.doc_start[i + 1])
        # (per Doc, not for the whole batch at once: a batch of a million tokens held
        # another 60 MB of columns)
        rows = self.word_rows[self.word_of[a:b]]  # per token: its word's flags and values
        flags = rows[:, 0]

        def flag(attr: int) -> numpy.ndarray:
            return ((flags >> numpy.uint64(attr)) & numpy.uint64(1)).astype(bool)

        starts = self._array[a:b, 2].astype(numpy.int64)
        ends = starts + rows[:, self.value_column[IDS["LENGTH"]]].astype(numpy.int64)
        return Tokens(self._array[a:b, 0], rows[:, self.value_column[IDS["LOWER"]]], flag(IS_PUNCT),
                      flag(IS_STOP), flag(IS_SPACE), starts, ends, self._array[a:b, 1] == 1)

    def mask(self, conditions: tuple[Condition, ...]) -> numpy.ndarray:
        """Per token: does it meet all the conditions?"""
        found = self._masks.get(conditions)
        if found is None:
            per_word = numpy.ones(len(self.words), bool)
            per_token = numpy.ones(self.n, bool)
            for attr, test, arg in conditions:
                if attr in self.token_columns:
                    per_token &= _test(self.token_columns[attr], test, arg)
                elif test == "regex":
                    per_word &= self.table.regex(attr, arg)[self.word_ids]
                elif attr < 64:  # a flag bit
                    bits = (self.word_rows[:, 0] >> numpy.uint64(attr)) & numpy.uint64(1)
                    per_word &= _test(bits, test, arg)
                elif attr in self.value_column:
                    per_word &= _test(self.word_rows[:, self.value_column[attr]], test, arg)
                elif attr == self.orth:
                    per_word &= _test(self.words, test, arg)
                else:
                    raise ValueError(f"attribute {attr} was not read for this batch")
            found = per_word[self.word_of] & per_token
            self._masks[conditions] = found
        return found

    def _positions(self, conditions: tuple[Condition, ...]) -> numpy.ndarray:
        key = ("at", conditions)
        if key not in self._masks:
            self._masks[key] = numpy.flatnonzero(self.mask(conditions))
        return self._masks[key]

    def bounded_matches(self, gate: PatternGate, longest: int,
                        may_start: numpy.ndarray | None = None) -> list[tuple[int, int, int]] | None:
        """Every match of at most ``longest`` tokens of a pattern whose specs the arrays
        decide, repeats included, as the Matcher would give it: (Doc number, first token,
        end token), inside one sentence; None when the arrays do not decide every spec.
        ``may_start``: per token of the batch, may a match begin there.

        A Matcher call costs several microseconds per window: a table's rows made most of
        its time. Here the pattern's partial matches are grown as arrays of (begin, next
        token), one spec's token at a time from every begin near an anchor token, so a
        repeat costs a step per token its longest run here takes, not a call per window."""
        specs = gate.specs
        if not all(s.exact for s in specs):
            return None
        if not self.n:
            return []
        begin = self._begins(gate, longest)
        if may_start is not None:
            begin = begin[may_start[begin]]
        at = begin
        for spec in specs:
            mask = self.mask(spec.conditions) if spec.conditions else None
            for _ in range(spec.least):
                begin, at = self._step(begin, at, mask, longest)
            grown_begin, grown_at = [begin], [at]
            more, b, a = spec.most - spec.least, begin, at
            while more > 0 and len(b):  # (a run ends within ``longest`` tokens: _step)
                b, a = self._step(b, a, mask, longest)
                grown_begin.append(b)
                grown_at.append(a)
                more -= 1
            begin, at = numpy.concatenate(grown_begin), numpy.concatenate(grown_at)
        keep = at > begin  # the Matcher gives no empty match
        # One match per span, however many ways the optional specs reach it ([A?, B?]).
        pairs = numpy.unique(begin[keep] * (self.n + 1) + at[keep])
        return self._per_doc(pairs // (self.n + 1), pairs % (self.n + 1))

    def _begins(self, gate: PatternGate, longest: int) -> numpy.ndarray:
        """The tokens where a match can begin: a token meeting one of the specs up to the
        first required one, from which the anchor token (the required spec fewest tokens
        meet) lies as far as the specs before it can reach."""
        specs = gate.specs
        first_required = next((i for i, s in enumerate(specs) if s.least >= 1), len(specs) - 1)
        opening = [self.mask(s.conditions) if s.conditions else None for s in specs[:first_required + 1]]
        k = self._anchor(gate)
        if k is None:
            begin = numpy.arange(self.n)
        else:
            nearest = sum(s.least for s in specs[:k])
            farthest = min(sum(min(s.most, longest) for s in specs[:k]), longest - 1)
            anchors = self._positions(specs[k].conditions)
            width = farthest - nearest + 1
            if width == 1:
                begin = anchors[anchors >= nearest] - nearest
            elif len(anchors) * width <= self.n:
                # A few offsets back from each anchor token (not a running count over the
                # batch per pattern: a million brackets made that a tenth of a run), set
                # in a mask: each once and in order (sorting them was 2% of a run).
                reach = (anchors[:, None] - numpy.arange(nearest, farthest + 1)).ravel()
                marked = numpy.zeros(self.n, bool)
                marked[reach[reach >= 0]] = True
                begin = numpy.flatnonzero(marked)
            else:  # anchors everywhere: the tokens with one in reach, by a running count
                count = numpy.concatenate(([0], numpy.cumsum(self.mask(specs[k].conditions))))
                p = numpy.arange(self.n)
                begin = numpy.flatnonzero(count[numpy.minimum(p + farthest + 1, self.n)]
                                          > count[numpy.minimum(p + nearest, self.n)])
        if any(m is None for m in opening):
            return begin
        return begin[numpy.logical_or.reduce([m[begin] for m in opening])]

    def _step(self, begin, at, mask, longest: int):
        """The partial matches that take token ``at`` next: it exists, is in the sentence
        of their first token, keeps them within ``longest`` tokens and meets ``mask``."""
        ok = (at < self.n) & (at - begin < longest)
        begin, at = begin[ok], at[ok]
        ok = self.sentence_of[at] == self.sentence_of[begin]
        if mask is not None:
            ok &= mask[at]
        return begin[ok], at[ok] + 1

    def _outside(self, specs: tuple[Spec, ...]) -> numpy.ndarray | None:
        """Positions of tokens that meet none of the specs (None: every token may)."""
        key = ("outside", tuple(s.conditions for s in specs))
        if key not in self._masks:
            if any(not s.conditions for s in specs):
                self._masks[key] = None
            else:
                inside = numpy.zeros(self.n, bool)
                for s in specs:
                    inside |= self.mask(s.conditions)
                self._masks[key] = numpy.flatnonzero(~inside)
        return self._masks[key]

    def _anchor(self, gate: PatternGate) -> int | None:
        """The required spec fewest tokens of this batch meet (None: nothing required)."""
        anchors = gate.anchors()
        if not anchors:
            return None
        return min(anchors, key=lambda i: (len(self._positions(gate.specs[i].conditions)), i))

    def anchor_conditions(self, gate: PatternGate) -> tuple:
        """What the pattern's windows in this batch are found by: its anchor's conditions."""
        k = self._anchor(gate)
        return () if k is None else gate.specs[k].conditions

    def windows(self, gate: PatternGate) -> tuple[numpy.ndarray, numpy.ndarray]:
        """Token ranges [start, end) that hold every match of the pattern."""
        k = self._anchor(gate)
        if k is None:  # nothing required: every Doc, whole
            return self.doc_start[:-1], self.doc_start[1:]
        at = self._positions(gate.specs[k].conditions)
        if not len(at):
            return at, at
        left, right = gate.specs[:k + 1], gate.specs[k:]
        # Left of the anchor token: no further than the earlier specs allow, nor past a
        # token that meets none of them, nor past the sentence start. Right likewise.
        start = self.sentence_start[at]
        most_left = sum(s.most for s in left) - 1
        if most_left < UNBOUNDED:
            start = numpy.maximum(start, at - most_left)
        else:
            outside = self._outside(left)
            if outside is not None and len(outside):
                i = numpy.searchsorted(outside, at) - 1
                start = numpy.maximum(start, numpy.where(i >= 0, outside[numpy.maximum(i, 0)] + 1, 0))
        end = self.sentence_end[at]
        most_right = sum(s.most for s in right) - 1
        if most_right < UNBOUNDED:
            end = numpy.minimum(end, at + 1 + most_right)
        else:
            outside = self._outside(right)
            if outside is not None and len(outside):
                i = numpy.searchsorted(outside, at, side="right")
                end = numpy.minimum(end, numpy.where(i < len(outside), outside[numpy.minimum(i, len(outside) - 1)], self.n))
        return start, end

    def merged(self, gates: list[PatternGate]) -> list[tuple[int, int, int]]:
        """The union of the patterns' windows as disjoint ranges: (Doc number, first
        token, end token) in that Doc. Windows never cross a sentence, so never a Doc."""
        parts = [self.windows(g) for g in gates]
        starts = numpy.concatenate([p[0] for p in parts])
        ends = numpy.concatenate([p[1] for p in parts])
        keep = ends > starts
        starts, ends = starts[keep], ends[keep]
        if not len(starts):
            return []
        order = numpy.argsort(starts, kind="stable")
        starts, ends = starts[order], ends[order]
        reach = numpy.maximum.accumulate(ends)
        docs = numpy.searchsorted(self.doc_start, starts, side="right") - 1
        # Windows of one Doc closer than MERGE_GAP tokens are read as one: fewer Matcher
        # calls for a few more tokens read (8 measured best among 0, 8, 16, 32).
        new = numpy.ones(len(starts), bool)
        new[1:] = (starts[1:] >= reach[:-1] + MERGE_GAP) | (docs[1:] != docs[:-1])
        first = numpy.flatnonzero(new)
        last = numpy.append(first[1:], len(starts)) - 1
        starts, ends, docs = starts[first], reach[last], docs[first]
        offsets = self.doc_start[docs]
        return list(zip(docs.tolist(), (starts - offsets).tolist(), (ends - offsets).tolist()))

    def fixed_matches(self, gate: PatternGate) -> list[tuple[int, int, int]]:
        """Every match of a fixed pattern, as the Matcher would give it: (Doc number,
        first token, end token), inside one sentence."""
        size = len(gate.specs)
        if self.n < size:
            return []
        # From its anchor's tokens (the spec fewest tokens meet), the other specs tested at
        # their offsets: a cost per such token, not per token of the batch per spec (a
        # pattern stands for up to 32 fixed ones: PatternGate.variants).
        k = self._anchor(gate)
        if k is None:  # no spec has a condition: every token
            k, starts = 0, numpy.arange(self.n)
        else:
            starts = self._positions(gate.specs[k].conditions) - k
        starts = starts[(starts >= 0) & (starts <= self.n - size)]
        for i, spec in enumerate(gate.specs):
            if i != k and spec.conditions:  # (no conditions: every token)
                starts = starts[self.mask(spec.conditions)[starts + i]]
        ends = starts + size
        if size > 1:
            inside = self.sentence_of[starts] == self.sentence_of[ends - 1]
            starts, ends = starts[inside], ends[inside]
        return self._per_doc(starts, ends)

    def _per_doc(self, starts: numpy.ndarray, ends: numpy.ndarray) -> list[tuple[int, int, int]]:
        """Token ranges of the batch as (Doc number, first token, end token) in that Doc."""
        docs = numpy.searchsorted(self.doc_start, starts, side="right") - 1
        offsets = self.doc_start[docs]
        return list(zip(docs.tolist(), (starts - offsets).tolist(), (ends - offsets).tolist()))

    def same_sentence(self, doc: int, start: int, end: int) -> bool:
        offset = self.doc_start[doc]
        return self.sentence_of[offset + start] == self.sentence_of[offset + end - 1]


def _test(values: numpy.ndarray, test: str, arg) -> numpy.ndarray:
    if test == "=":
        return values == numpy.uint64(arg % 2**64)
    wanted = numpy.array([v % 2**64 for v in arg], dtype=numpy.uint64)
    found = numpy.isin(values, wanted)
    return found if test == "in" else ~found
