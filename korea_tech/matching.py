"""spaCy Docs -> candidate spans, each with the rule that proposed it.

For each language, matchers compiled once from its rules: the token patterns of
``patterns/*.jsonl`` (a Matcher per rule file) and the gazetteer names (PhraseMatchers:
names case-insensitive, acronyms exact, and names broken across lines).

Compiled for speed, not for other results: word predicates become lexeme flags
(``LexicalFlags``); a pattern whose every spec the arrays decide is matched on arrays
(``gates.py``: fixed-length ones as such, others by growing partial matches), and a
Matcher reads the others, only in the windows where they can match; a batch of Docs at
a time.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Iterator

import numpy

from .gates import UNBOUNDED, DocWindows, LexemeTable, PatternGate, Tokens, op_counts, token_attributes
from .ruleset import Entry, LanguageRules

GAZETTEER_PRIORITY = 3
# Acronyms at least this long also match written in title case ("Motie"); shorter ones
# would meet ordinary words ("Doe", "Moe").
TITLE_CASE_ACRONYM = 4


# The longest a pattern match can be, in tokens, when the language's tokenizer rules
# do not say (rules/<lang>/tokenizer.yaml: longest_match).
DEFAULT_LONGEST_MATCH = 32


def longest_per_end(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Of one pattern's matches ending at the same token, the longest.

    A pattern with a run (capitalised words, a number's digits) matches from every start
    inside the run: n words gave n(n+1)/2 candidates, each trimmed, filtered and ranked.
    The overlap policy ranks the longer first, and a shorter one with the same end is
    the same name less its first words; keeping the longest (spaCy's ``greedy="LONGEST"``,
    per end rather than per run) leaves as many candidates as the run has ends. Measured:
    the same rows on the seeds and on every English and Korean dev text."""
    longest: dict[tuple[int, int], int] = {}
    for match_id, start, end in matches:
        key = (match_id, end)
        if start < longest.get(key, end):
            longest[key] = start
    if len(longest) == len(matches):
        return matches
    return [(match_id, start, end) for (match_id, end), start in longest.items()]


def without_bounded_repeats(pattern: list[dict]) -> tuple[list[dict], int, dict[int, int]]:
    """The pattern with each repeat ``{n,m}`` read as n tokens and then ``*``; the most
    tokens the pattern as written can span; and, per such ``*`` (its position in the new
    pattern), the most tokens it may take (m - n).

    Used for a pattern that PatternGate.variants cannot stand for by fixed patterns (a spec
    the arrays do not decide, or too many variants). spaCy writes ``{0,12}`` as twelve
    optional tokens, and its Matcher forks a state at each optional token a word can
    fill: a quoted title's ``{0,12}`` kept thousands of states per quotation mark (most
    of the matching time on prose). ``*`` keeps one
    state. A match no longer than the pattern's least length plus the smallest bound
    cannot have given any ``*`` more than its bound; a longer one is checked against the
    pattern as written (CandidateFinder._matches)."""
    out, most, bounds = [], 0, {}
    for spec in pattern:
        op = spec.get("OP")
        least, many = op_counts(op)
        most += many
        if op and op.startswith("{") and many - least > 1 and many < UNBOUNDED:
            bare = {k: v for k, v in spec.items() if k != "OP"}
            out += [dict(bare) for _ in range(least)]
            bounds[len(out)] = many - least
            out.append({**bare, "OP": "*"})
        else:
            out.append(spec)
    return out, min(most, UNBOUNDED), bounds


# The token attribute that marks where a run-led pattern may start (run_led): one the
# Matcher compares in C and a blank pipeline leaves empty (ktech has no tagger).
RUN_START_ATTR = "TAG"
RUN_START = "ktech:run_start"
NO_RUN_START = "ktech:-"


def run_led(gate: PatternGate) -> tuple[tuple, tuple] | None:
    """(conditions of the first token, conditions of the run) of a pattern that opens with
    a run of words -- a word then a repeated one (``[F, R*]``, ``[F, R+]``) or a repeated
    one (``[R+]``) -- when the arrays decide both; else None.

    Such a pattern matched from every word of a run: a line of 1,000 capitalised words
    kept ``longest_match`` states of each of these patterns alive at every word. Where
    the word before a start could open the match and the start could continue its run
    (F before, R here, same sentence), the match from that word ends at the same token
    and is longer; the longest per end is kept (longest_per_end), so that start adds
    nothing. Such a pattern starts only where its run begins, and a match longer than
    ``longest_match`` is no candidate: a run of name words longer than that holds no
    run-led name past it (a name of 25 capitalised words is a heading or a list)."""
    specs = gate.specs
    if len(specs) < 2 or not specs[0].exact or not specs[0].conditions:
        return None
    first, second = specs[0], specs[1]
    if first.least == 1 and first.most == UNBOUNDED:  # [R+ ...]
        return first.conditions, first.conditions
    if first.least == first.most == 1 and second.exact and second.conditions \
            and second.least <= 1 and second.most == UNBOUNDED:  # [F, R* ...] or [F, R+ ...]
        return first.conditions, second.conditions
    return None


def marked_start(pattern: list[dict]) -> list[dict]:
    """The pattern with its first token required to carry the run-start mark (a leading
    ``R+`` becomes ``R`` marked, then ``R*``: the same matches)."""
    head = {k: v for k, v in pattern[0].items() if k != "OP"}
    marked = {**head, RUN_START_ATTR: RUN_START}
    if op_counts(pattern[0].get("OP")) == (1, UNBOUNDED):  # + or {1,}
        return [marked, {**head, "OP": "*"}] + pattern[1:]
    return [marked] + pattern[1:]


def least_length(pattern: list[dict]) -> int:
    return sum(op_counts(spec.get("OP"))[0] for spec in pattern)


# Not frozen, though never assigned once made (passes make changed copies with
# dataclasses.replace): frozen's checked assignments cost 1.2 µs of a candidate's 1.6.
@dataclass(slots=True, unsafe_hash=True)
class Candidate:
    label: str
    start: int  # character offsets in the document text
    end: int
    rule: str  # file:line
    rule_id: str
    priority: int
    entry: Entry | None = None  # gazetteer entry, if a gazetteer proposed it
    form: str | None = None  # name | alias | variant | acronym (gazetteer only)
    block: bool = False


# The Matcher calls a Python predicate (IN, NOT_IN, REGEX) once per token and state;
# with ~60 patterns that was most of the run. A predicate on a word's ORTH, LOWER or
# SHAPE depends on the word alone, so it becomes a lexeme flag (Vocab.add_flag): computed
# once per distinct word (LexicalFlags), then checked in C.
LEXICAL_ATTRS = {"ORTH": "ORTH", "TEXT": "ORTH", "LOWER": "LOWER", "SHAPE": "SHAPE"}
# spaCy's free flag bits: FLAG19 .. FLAG63. (Their getters are taken out once the flags
# are set, so Vocab.add_flag(getter) with no bit would take one of them again: ktech
# always names the bit.)
FLAG_BITS = range(19, 64)


# The lexeme attributes the engine reads itself: punctuation, stop words and spaces
# (``Tokens``, the sentence components), LOWER and SHAPE (``LexemeTable``, the gazetteer).
ENGINE_LEXEME_ATTRS = ("IS_PUNCT", "IS_SPACE", "IS_STOP", "LOWER", "SHAPE")


def drop_unread_getters(vocab, patterns: list[list[dict]]) -> None:
    """Take out of the vocabulary the getters of lexeme attributes that no pattern tests
    and the engine never reads (LIKE_URL, LIKE_EMAIL, PREFIX, SUFFIX, LANG, NORM, ...).
    spaCy calls every getter for each word new to the vocabulary: those it needs
    nothing of were a quarter of a new word's cost (a table's row numbers and amounts).
    A rule file whose pattern tests one of them keeps its getter."""
    from spacy.attrs import IDS

    read = {IDS[name] for name in ENGINE_LEXEME_ATTRS}
    read.update(IDS[key.upper()] for pattern in patterns for spec in pattern for key in spec
                if key.upper() in IDS)
    for attr in [a for a in vocab.lex_attr_getters if a not in read]:
        del vocab.lex_attr_getters[attr]


class LexicalFlags:
    """Rewrites pattern predicates on word attributes as flags of the vocabulary.

    spaCy sets a flag on each word new to the vocabulary by calling its getter: 45 Python
    calls per new word, half of what making its lexeme cost (a table's row numbers, a
    corpus's names). So once the words already in the vocabulary have their flags, the
    getters are taken out, and a word's flags are set in bulk when a finder first meets
    it (``LexemeTable``, before any Matcher reads its Doc): each IN predicate is one
    array lookup over the new words' hashes. Every Doc a Matcher with these patterns
    reads must have gone through the finder's table first (``CandidateFinder.read``)."""

    def __init__(self, vocab):
        self.vocab = vocab
        self.bits: dict[tuple, int] = {}  # (attr, op kind, values) -> flag bit
        self.mask = 0  # the bits these flags take in a lexeme's flags
        self.in_sets: list[tuple[int, str, numpy.ndarray]] = []  # (bit, attr, hashes of its values)
        self.searches: list[tuple[int, str, object]] = []  # (bit, attr, regex search)

    def compile(self, patterns: list[list[dict]]) -> list[list[dict]]:
        # When there are more predicates than the 45 bits, flags go first to those
        # tested most often: a first token's at every position, a repeated token's
        # (OP * + {n,m}) at every step of a run, then the rest by use.
        rank: dict[tuple, tuple[int, int]] = {}
        for pattern in patterns:
            for position, spec in enumerate(pattern):
                repeated = spec.get("OP", "") in ("*", "+") or spec.get("OP", "").startswith("{")
                tier = 0 if position == 0 else 1 if repeated else 2
                for key in self._keys(spec):
                    old_tier, uses = rank.get(key, (tier, 0))
                    rank[key] = (min(old_tier, tier), uses - 1)
        # (A frozenset prints in hash order, which changes between runs: sort its words.)
        for key in sorted(rank, key=lambda k: (rank[k], k[0], k[1], sorted(k[2]) if k[1] == "IN" else [k[2]])):
            if len(self.bits) == len(FLAG_BITS):
                break
            self.bits[key] = self.vocab.add_flag(self._getter(*key), FLAG_BITS[len(self.bits)])
        for (attr, kind, arg), bit in self.bits.items():
            # (the words in the vocabulary have their flags now: add_flag set them)
            self.vocab.lex_attr_getters.pop(bit, None)
            self.mask |= 1 << bit
            if kind == "IN":
                hashes = sorted(self.vocab.strings.add(v) for v in arg)
                self.in_sets.append((bit, attr, numpy.array(hashes, dtype=numpy.uint64)))
            else:
                self.searches.append((bit, attr, re.compile(arg).search))
        return [[self._rewrite(spec) for spec in pattern] for pattern in patterns]

    def word_flags(self, values: dict[str, numpy.ndarray], text) -> numpy.ndarray:
        """The flag bits of words, from ``values`` (per attribute, ORTH, LOWER and SHAPE:
        each word's hash) and ``text(attr)`` (each word's ORTH, LOWER or SHAPE text, looked
        up once by the caller)."""
        out = numpy.zeros(len(values["ORTH"]), dtype=numpy.uint64)
        for bit, attr, hashes in self.in_sets:
            out |= numpy.isin(values[attr], hashes).astype(numpy.uint64) << numpy.uint64(bit)
        for bit, attr, search in self.searches:
            found = numpy.fromiter((search(t) is not None for t in text(attr)), dtype=bool, count=len(out))
            out |= found.astype(numpy.uint64) << numpy.uint64(bit)
        return out

    @staticmethod
    def _key(attr: str, op: str, arg) -> tuple | None:
        """The flag a predicate can become: (attribute, IN or REGEX, values), NOT_IN
        sharing IN's flag with the opposite value; None if it cannot become one."""
        if op in ("IN", "NOT_IN") and all(isinstance(v, str) for v in arg):
            return LEXICAL_ATTRS[attr], "IN", frozenset(arg)
        if op == "REGEX":
            return LEXICAL_ATTRS[attr], "REGEX", arg
        return None

    def _keys(self, spec: dict) -> Iterator[tuple]:
        for attr, value in spec.items():
            if attr in LEXICAL_ATTRS and isinstance(value, dict):
                for op, arg in value.items():
                    key = self._key(attr, op, arg)
                    if key is not None:
                        yield key

    def _getter(self, attr: str, kind: str, arg):
        # Called by add_flag for every word already in the vocabulary, per flag: one
        # Python frame each where it can. (Words that come later get their flags in
        # bulk: word_flags.)
        from spacy.attrs import IDS
        from spacy.lang.lex_attrs import lower

        word = str if attr == "ORTH" else self.vocab.lex_attr_getters[IDS[attr]]
        if kind == "IN":
            if word is str:
                return arg.__contains__
            if word is lower:
                return lambda text: text.lower() in arg
            return lambda text: word(text) in arg
        search = re.compile(arg).search
        if word is str:
            return lambda text: search(text) is not None
        return lambda text: search(word(text)) is not None

    def _rewrite(self, spec: dict) -> dict:
        out: dict = {}
        for attr, value in spec.items():
            if attr not in LEXICAL_ATTRS or not isinstance(value, dict):
                out[attr] = value
                continue
            left = {}
            for op, arg in value.items():
                key = self._key(attr, op, arg)
                if key in self.bits:
                    out[f"FLAG{self.bits[key]}"] = op != "NOT_IN"
                else:
                    left[op] = arg
            if left:
                out[attr] = left
        return out


@dataclass
class PatternGroup:
    """Patterns read by one Matcher, with what each of them needs; for a rule file, also
    its fixed patterns (one token per spec, or the fixed variants of a pattern of a few
    optional ones: PatternGate.variants) that arrays match without a Matcher, and each
    other pattern as a part (``PatternPart``) the Matcher of its anchor's cluster reads."""

    matcher: object  # None for a rule file's group: its parts are read in clusters
    gates: list[PatternGate]
    fixed: list[tuple[int, PatternGate]]  # (match id, gate): several gates for a pattern with variants
    patterns: list[tuple[str, list[dict]]]  # all of them as compiled (tests match them whole)
    checked: bool = False  # some pattern's bounded repeats are read as * and checked (_matches)
    parts: list["PatternPart"] = field(default_factory=list)


@dataclass(frozen=True)
class PatternPart:
    key: str
    pattern: list[dict]  # as its Matcher reads it (bounded repeats unforked, run start marked)
    gate: PatternGate
    checked: bool
    match_id: int


def sentence_pieces(sentence_of, first: int, last: int, size: int) -> list[tuple[int, int]]:
    """Tokens [first, last) as pieces of at most ``size`` tokens that hold every match of
    at most ``size // 2`` tokens inside one sentence (``sentence_of``: each token's
    sentence): whole sentences packed together, and a sentence longer than ``size`` in
    pieces of ``size`` overlapping by half, so that every match that short lies wholly
    inside one of them."""
    inside = numpy.asarray(sentence_of[first:last])
    starts = (numpy.flatnonzero(inside[1:] != inside[:-1]) + 1 + first).tolist()
    half = max(1, size // 2)
    pieces, open_at = [], first
    for s, e in zip([first, *starts], [*starts, last]):  # each sentence: tokens [s, e)
        if e - s > size:
            if s > open_at:
                pieces.append((open_at, s))
            pieces.extend((b, min(b + size, e)) for b in range(s, max(s + 1, e - half), half))
            open_at = e
        elif e - open_at > size:
            pieces.append((open_at, s))
            open_at = s
    if last > open_at:
        pieces.append((open_at, last))
    return pieces


def _span(doc, first: int, last: int):
    """``doc[first:last]``, made directly: slicing the Doc checks the bounds in Python
    first (1.8 µs of every Matcher call). spaCy is imported on first use."""
    global _span
    from spacy.tokens import Span

    _span = Span
    return Span(doc, first, last)


class CandidateFinder:
    """Runs every pattern and gazetteer name over a Doc."""

    def __init__(self, rules: LanguageRules, nlp):
        from spacy.matcher import Matcher, PhraseMatcher

        self.rules = rules
        self.nlp = nlp
        self.longest_match = rules.tokenizer.get("longest_match", DEFAULT_LONGEST_MATCH)
        self.patterns = {}
        self.groups: dict[str, PatternGroup] = {}
        self.most_tokens: dict[int, int] = {}  # match id -> the most tokens its pattern spans
        self.exact = Matcher(nlp.vocab, validate=False)  # patterns with bounded repeats, as written
        self.free_length: dict[int, int] = {}  # match id -> the longest match that needs no check
        self.run_led: dict[int, tuple] = {}  # match id -> (first, run) conditions (run_led)
        self.flags = LexicalFlags(nlp.vocab)
        compiled = self.flags.compile([p.pattern for p in rules.patterns])
        drop_unread_getters(nlp.vocab, compiled)
        for p, pattern in zip(rules.patterns, compiled):
            key = f"{p.rule}|{p.id}"
            self.patterns[key] = p
            rule_file = p.rule.rpartition(":")[0]
            if rule_file not in self.groups:
                # The patterns were validated as written (rules.compile_patterns); the
                # flag attributes of the rewritten ones are not in spaCy's schema.
                self.groups[rule_file] = PatternGroup(None, [], [], [])
            group = self.groups[rule_file]
            group.patterns.append((key, pattern))
            gate = PatternGate.of(pattern, nlp.vocab.strings)
            # A few optional or bounded tokens all decided by arrays: the fixed patterns
            # it stands for, matched on arrays too (the Matcher costs about a microsecond
            # per token it reads, per call).
            variants = [gate] if gate.fixed else gate.variants(self.longest_match)
            if variants is not None:  # one token per spec, all decided by arrays (gates.py)
                group.fixed.extend((nlp.vocab.strings.add(key), v) for v in variants)
            else:
                unforked, most, bounds = without_bounded_repeats(pattern)
                run = None if bounds else run_led(gate)
                if run:
                    self.run_led[nlp.vocab.strings.add(key)] = run
                    unforked = marked_start(unforked)
                group.gates.append(gate)
                group.parts.append(PatternPart(key, unforked, gate, bool(bounds), nlp.vocab.strings.add(key)))
                if bounds:  # its matches are held to the bounds of the pattern as written
                    self.exact.add(key, [pattern])
                    match_id = nlp.vocab.strings.add(key)
                    self.most_tokens[match_id] = most
                    # Up to this many tokens no * can have taken more than its bound.
                    self.free_length[match_id] = least_length(pattern) + min(bounds.values())
        # Matchers per cluster of patterns, built when a batch first clusters them so: a
        # pattern's anchor is one of its few required specs, so there are few such clusters.
        self._clusters: dict[tuple[str, ...], PatternGroup] = {}
        self.lexemes = LexemeTable(nlp.vocab, self.flags)
        self.token_attrs = token_attributes([g for group in self.groups.values()
                                             for g in group.gates + [gate for _, gate in group.fixed]])
        # Gazetteer names: a PhraseMatcher (a trie, one pass over the tokens), names
        # case-insensitive, acronyms exact.
        self.names = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.acronyms = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.gazetteer_keys: dict[str, tuple[Entry, str]] = {}
        self._gazetteer_ids: dict[int, tuple] = {}  # match id -> (entry, form, rule id), as met
        name_pairs: set[tuple[int, int]] = set()  # LOWER of two words that follow each other in a name
        longest_name = 1
        for entry in rules.entries:
            for form, spellings in (("name", [n.name for n in entry.names] + [a for n in entry.names for a in n.also]),
                                    ("alias", entry.aliases), ("variant", entry.variants)):
                for s in spellings:
                    key = f"{entry.id}|{form}|{s}"
                    self.gazetteer_keys[key] = (entry, form)
                    name_doc = nlp.make_doc(s)
                    self.names.add(key, [name_doc])
                    name_pairs.update(zip([t.lower for t in name_doc], [t.lower for t in name_doc][1:]))
                    longest_name = max(longest_name, len(name_doc))
            for acronym in dict.fromkeys(entry.acronyms):
                key = f"{entry.id}|acronym|{acronym}"
                self.gazetteer_keys[key] = (entry, "acronym")
                spellings = [acronym]
                if len(acronym) >= TITLE_CASE_ACRONYM and acronym.isalpha() and acronym.isupper():
                    spellings.append(acronym.title())  # the press writes MOTIE as Motie, KOTRA as Kotra
                self.acronyms.add(key, [nlp.make_doc(a) for a in spellings])
            for short in dict.fromkeys(entry.short_forms):  # exact case, like acronyms
                key = f"{entry.id}|short|{short}"
                self.gazetteer_keys[key] = (entry, "short")
                self.acronyms.add(key, [nlp.make_doc(short)])
        self.name_pairs = name_pairs
        self.longest_name = longest_name  # in tokens

    def _gazetteer(self, doc, tokens: Tokens | None = None) -> Iterator[tuple[int, int, int]]:
        yield from self.names(doc)
        yield from self.acronyms(doc)
        # Names broken across lines ("European  \nCommission", PDF text): match once more
        # on the words alone and map back to the document's tokens.
        if len(doc) < 3:
            return
        tokens = tokens if tokens is not None else Tokens.of_doc(doc)
        space = tokens.space
        # Only a space token between two words that follow each other in a listed name
        # can split that name.
        breaks = (space[1:-1] & ~space[:-2] & ~space[2:]).nonzero()[0] + 1
        # (the words on either side read as arrays: indexing the array per break was a
        # seventieth of a table's time, its tabs all breaks)
        pairs = zip(tokens.lower[breaks - 1].tolist(), tokens.lower[breaks + 1].tolist())
        splitting = [i for i, pair in zip(breaks.tolist(), pairs) if pair in self.name_pairs]
        if not splitting:
            return
        from spacy.tokens import Doc

        # The words within a name's length of each such break, as Docs of words alone.
        kept = (~space).nonzero()[0].tolist()
        reach = self.longest_name
        spans: list[list[int]] = []
        for i in splitting:
            at = bisect.bisect_left(kept, i)
            first, last = max(0, at - reach), min(len(kept), at + reach)
            if spans and first <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], last)
            else:
                spans.append([first, last])
        strings = doc.vocab.strings
        for first_word, last_word in spans:
            window = kept[first_word:last_word]
            words = Doc(doc.vocab, words=[strings[h] for h in tokens.orth[window].tolist()])
            for match_id, start, end in self.names(words):
                first, last = window[start], window[end - 1]
                if last - first + 1 != end - start:  # it spans a removed line break
                    yield match_id, first, last + 1

    def _pattern_matches(self, docs: list, windows: DocWindows | None = None) -> list[list[tuple[int, int, int]]]:
        """Per Doc, the matches of each rule file's Matcher over the windows where its
        patterns can match (gates.py), and of its fixed patterns on arrays."""
        windows = windows or DocWindows(docs, self.lexemes, self.token_attrs)
        run_starts = self._run_starts(windows)
        marked = False
        found: list[list[tuple[int, int, int]]] = [[] for _ in docs]
        for group in self.groups.values():
            for match_id, gate in group.fixed:
                for i, start, end in windows.fixed_matches(gate):
                    found[i].append((match_id, start, end))
            parts = []
            for part in group.parts:
                matches = windows.bounded_matches(part.gate, self.longest_match, run_starts.get(part.match_id))
                if matches is None:
                    parts.append(part)
                    continue
                for i, start, end in matches:
                    found[i].append((part.match_id, start, end))
            if not marked and any(p.match_id in run_starts for p in parts):
                self._write_run_starts(docs, windows, run_starts)
                marked = True
            for cluster in self._by_anchor(parts, windows):
                for i, first, last in windows.merged(cluster.gates):
                    found[i].extend(self._window_matches(cluster, docs[i], i, first, last, windows))
        if marked:
            # The mark the Matcher read is the union of the run-led patterns' starts: each
            # keeps its own (the arrays began each one's matches at its own already).
            for i, matches in enumerate(found):
                offset = int(windows.doc_start[i])
                found[i] = [m for m in matches if m[0] not in run_starts or run_starts[m[0]][offset + m[1]]]
        return [longest_per_end(matches) for matches in found]

    def _by_anchor(self, parts: list[PatternPart], windows) -> list[PatternGroup]:
        """A rule file's patterns in clusters that share the anchor they are found by in
        this batch (gates.py), each read by one Matcher over its own windows.

        spaCy's Matcher steps every pattern it holds at every token it reads: one Matcher
        per rule file over the union of its patterns' windows stepped each pattern
        through every other's windows (money: 19 patterns), one per pattern made a Token
        object of each word once per pattern. Patterns of one anchor have windows about
        the same tokens: measured on the seeds, 0.56 s (per file) and 0.47 s (per pattern)
        against 0.33 s. The matches are the same: each pattern's windows hold all of them."""
        clusters: dict[tuple, list[PatternPart]] = {}
        for part in parts:
            clusters.setdefault(windows.anchor_conditions(part.gate), []).append(part)
        out = []
        for members in clusters.values():
            keys = tuple(p.key for p in members)
            if keys not in self._clusters:
                from spacy.matcher import Matcher

                matcher = Matcher(self.nlp.vocab, validate=False)
                for p in members:
                    matcher.add(p.key, [p.pattern])
                self._clusters[keys] = PatternGroup(matcher, [p.gate for p in members], [], [],
                                                    any(p.checked for p in members))
            out.append(self._clusters[keys])
        return out

    def _run_starts(self, windows) -> dict[int, numpy.ndarray]:
        """Per run-led pattern (run_led), the tokens of the batch where it may start: its
        first word, unless the word before could open it and this one continue its run
        in the same sentence."""
        if not self.run_led or not windows.n:
            return {}
        same_sentence = windows.sentence_of[1:] == windows.sentence_of[:-1]
        by_run: dict[tuple, numpy.ndarray] = {}
        starts = {}
        for match_id, (first, run) in self.run_led.items():
            if (first, run) not in by_run:
                opens = windows.mask(first)
                continues = numpy.zeros(windows.n, bool)
                continues[1:] = opens[:-1] & windows.mask(run)[1:] & same_sentence
                by_run[first, run] = opens & ~continues
            starts[match_id] = by_run[first, run]
        return starts

    def _write_run_starts(self, docs: list, windows, run_starts: dict[int, numpy.ndarray]) -> None:
        """The union of the run-led patterns' starts written into the Docs as the mark
        their first tokens require, for the Matcher (arrays take ``run_starts`` as is)."""
        from spacy.attrs import IDS

        marked = numpy.logical_or.reduce(list(run_starts.values()))
        # Every token gets a value: spaCy's Matcher refuses a Doc with no TAG at all.
        strings = self.nlp.vocab.strings
        column = numpy.where(marked, numpy.uint64(strings.add(RUN_START)), numpy.uint64(strings.add(NO_RUN_START)))
        attr = IDS[RUN_START_ATTR]
        for i, doc in enumerate(docs):
            if len(doc):
                doc.from_array([attr], column[windows.doc_start[i]:windows.doc_start[i + 1]].astype(numpy.uint64))

    def _window_matches(self, group, doc, i: int, first: int, last: int, windows) -> list[tuple[int, int, int]]:
        """The matches of at most ``longest_match`` tokens in tokens [first, last) of a Doc.

        A pattern with a repeated token (``OP: *``) keeps a Matcher state alive from
        every start for as long as its tokens go on, so a run of thousands of name-like
        words cost its length squared. The window is read in pieces of twice the longest
        match, each overlapping the next by the longest match: every match that short
        lies wholly inside some piece, and no state outlives its piece. No match is kept
        across a sentence end (nor a line break), so whole sentences are read as pieces
        of their own, packed together up to that size: a table, a list or a page of
        headings is read once, not twice, and only a longer sentence overlaps."""
        longest, most = self.longest_match, self.most_tokens
        if last - first <= 2 * longest:
            return [(m, first + s, first + e) for m, s, e in self._matches(group, doc, first, last)
                    if e - s <= most.get(m, longest) and e - s <= longest
                    and windows.same_sentence(i, first + s, first + e)]
        sentence_of = windows.sentence_of[int(windows.doc_start[i]):]
        # A long window: thousands of matches per piece in a run of names, handled as arrays
        # (match ids are 64-bit hashes: unsigned, apart from the token positions).
        ids, spans = [], []
        for a, b in sentence_pieces(sentence_of, first, last, 2 * longest):
            found = self._matches(group, doc, a, b)
            if found:
                ids.append(numpy.array([m for m, _, _ in found], dtype=numpy.uint64))
                spans.append(numpy.array([(s, e) for _, s, e in found], dtype=numpy.int64) + a)
        if not ids:
            return []
        ids, spans = numpy.concatenate(ids), numpy.concatenate(spans)
        limit = numpy.full(len(ids), longest)
        for match_id in numpy.unique(ids).tolist():
            if match_id in most:
                limit[ids == match_id] = min(longest, most[match_id])
        starts, ends = spans[:, 0], spans[:, 1]
        keep = (ends - starts <= limit) & (sentence_of[starts] == sentence_of[ends - 1])
        # Pieces overlap: a match in two of them counts once.
        return sorted(set(zip(ids[keep].tolist(), starts[keep].tolist(), ends[keep].tolist())),
                      key=lambda t: (t[1], t[2], t[0]))

    def _matches(self, group, doc, first: int, last: int) -> list[tuple[int, int, int]]:
        """A group's Matcher over tokens [first, last) (positions from ``first``); a match
        of a pattern whose bounded repeats were read as ``*`` is kept when it is too short
        for any ``*`` to have taken more than its bound, else when the pattern as written
        matches those tokens."""
        span = _span(doc, first, last)
        found = group.matcher(span)
        if not group.checked:
            return found
        free = self.free_length
        return [(m, s, e) for m, s, e in found
                if e - s <= free.get(m, e - s) or (m, 0, e - s) in self.exact(span[s:e])]

    def find_all(self, docs: list, offsets: list[int] | None = None) -> list[list[Candidate]]:
        """Candidates per Doc (offsets into the text of which each Doc is a part starting
        at ``offsets[i]``); a batch of Docs shares the array work of the windows."""
        return self.read(docs, offsets)[0]

    def read(self, docs: list, offsets: list[int] | None = None) -> tuple[list[list[Candidate]], DocWindows]:
        """Candidates per Doc, and the batch's arrays (``DocWindows.tokens(i)``: the
        tokens of Doc ``i`` for the stages after this one)."""
        offsets = offsets or [0] * len(docs)
        windows = DocWindows(docs, self.lexemes, self.token_attrs)
        matches = self._pattern_matches(docs, windows)
        windows.matched()
        return [self._candidates(doc, found, offset, windows.tokens(i))
                for i, (doc, found, offset) in enumerate(zip(docs, matches, offsets))], windows

    def _candidates(self, doc, matches, offset: int = 0, tokens: Tokens | None = None) -> list[Candidate]:
        strings = doc.vocab.strings
        tokens = tokens if tokens is not None else Tokens.of_doc(doc)
        # Character offsets of tokens from arrays (a Span per match costs Token objects).
        first_char = (tokens.starts + offset).tolist()
        last_char = (tokens.ends + offset).tolist()
        # Patterns that propose the same span with the same label and rank ("KRW 5
        # billion" as a code before a number and as a sign before one) give one candidate,
        # the one whose rule the overlap policy would try first (the lowest rule id). The
        # others would be tried only where it is not a mention; but a span's reading does
        # not depend on the rule that proposed it (filters, normalisers), so they would
        # not be mentions either.
        first: dict[tuple, object] = {}  # (start, end, label, priority, block) -> pattern
        read: dict[int, tuple] = {}  # match id -> its pattern and what a match reads of it
        for match_id, start, end in matches:
            known = read.get(match_id)
            if known is None:
                p = self.patterns[strings[match_id]]
                known = read[match_id] = (p, p.trim[0], p.trim[1], p.label, p.priority, p.block)
            p, lead, tail, label, priority, block = known
            start, end = start + lead, end - tail
            if end > start:
                key = (first_char[start], last_char[end - 1], label, priority, block)
                other = first.get(key)
                if other is None or p.id < other.id:
                    first[key] = p
        # (start, -end, label, rule id, n): the order candidates are read in, sorted as
        # tuples (n, their number, settles ties without comparing Candidates)
        keyed = [(a, -b, label, p.id, n, Candidate(label, a, b, p.rule, p.id, priority, None, None, block))
                 for n, ((a, b, label, priority, block), p) in enumerate(first.items())]
        gazetteer = self._gazetteer_ids
        for match_id, start, end in self._gazetteer(doc, tokens):
            known = gazetteer.get(match_id)
            if known is None:
                entry, form = self.gazetteer_keys[strings[match_id]]
                known = gazetteer[match_id] = (entry, form, f"{entry.id}:{form}")
            entry, form, rule_id = known
            a, b = first_char[start], last_char[end - 1]
            keyed.append((a, -b, entry.label, rule_id, len(keyed),
                          Candidate(entry.label, a, b, entry.rule, rule_id, GAZETTEER_PRIORITY, entry, form)))
        keyed.sort()
        return [k[-1] for k in keyed]
