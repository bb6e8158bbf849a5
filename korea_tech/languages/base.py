"""What every language plug-in shares: a spaCy pipeline made from the language's rules
(its tokenizer with the rule files' affixes, spaCy's sentencizer rule, and sentence breaks at line
ends)."""
from __future__ import annotations

import re
from functools import partial

import numpy

from ..ruleset import LanguageRules, RuleError


class Language:
    """A language plug-in. Subclasses set ``code`` (ktech's and spaCy's language code) and
    may add pipeline components in ``components``."""

    code = ""
    name = ""
    spacy_code = ""  # the spaCy language whose blank pipeline is the base (default: code)

    def affixes(self, rules: LanguageRules) -> dict[str, list[str]]:
        """The tokenizer's extra prefix, suffix and infix patterns (the rules' tokenizer
        file, plus signs and magnitudes glued to numbers when it asks for them)."""
        config = rules.tokenizer
        prefixes = list(config.get("prefixes", []))
        suffixes = list(config.get("suffixes", []))
        infixes = list(config.get("infixes", []))
        if config.get("split_attached_signs"):
            signs = sorted(set(rules.words("currency_attached_signs")), key=len, reverse=True)
            if signs:
                prefixes.append(rf"(?:{'|'.join(map(re.escape, signs))})(?=\d)")
        if config.get("split_glued_codes"):
            # KRW5.2 trillion, usd3bn: a code or letter sign glued to its number, any case
            codes = sorted({c.lower() for c in rules.words("currency_signs") + rules.words("currency_code_words")
                            if any(ch.isalpha() for ch in c)}, key=len, reverse=True)
            if codes:
                prefixes.append(rf"(?i:{'|'.join(map(re.escape, codes))})(?=\d)")
        if config.get("split_currency_words"):
            # 5억원, 3천만달러: a currency word glued to its number or magnitude
            words = sorted({w for w in rules.words("currency_words") if not w.isascii()}, key=len, reverse=True)
            mags = "".join(sorted({m for m in rules.words("magnitudes") + rules.words("number_units")
                                   if not m.isascii() and len(m) == 1}))
            if words:
                alternatives = "|".join(map(re.escape, words))
                suffixes.append(rf"(?<=[\d{mags}])(?:{alternatives})")
                # Also inside a word that a bracket splits (2,086억원(7.4%)): the pieces an
                # infix makes are not split again, so the boundary is an infix as well.
                infixes.append(rf"(?:(?<=\d)|(?<=\d[{mags}]))(?=(?:{alternatives}))")
        if config.get("split_magnitude_suffixes"):
            # Latin magnitudes in any case (5bn, 5BN), others as written (5조).
            mags = sorted({m for m in rules.words("magnitudes") if m.isascii()}, key=len, reverse=True)
            if mags:
                suffixes.append(rf"(?<=\d)(?i:{'|'.join(map(re.escape, mags))})")
            other = [m for m in rules.words("magnitudes") if not m.isascii()]
            if other:
                suffixes.append(rf"(?<=\d)(?:{'|'.join(map(re.escape, other))})")
        return {"prefixes": prefixes, "suffixes": suffixes, "infixes": infixes,
                "special_cases": self.special_cases(rules), "breaks": list(config.get("breaks", [])),
                "longest_word": int(config.get("longest_word", 0)), "plain_words": config.get("plain_words")}

    def special_cases(self, rules: LanguageRules) -> dict[str, list[str]]:
        """Whole words the tokenizer splits as listed: a one-syllable word and a particle
        (원이 -> 원 | 이, as in 180억 원이), which the suffix rules leave whole because
        most two-syllable words ending like a particle are words (국가, 효과)."""
        config = rules.tokenizer
        particles = config.get("particles", [])
        words = list(config.get("short_words", []))
        if config.get("split_currency_words"):
            words += [w for w in rules.words("currency_words") if not w.isascii()]
        cases = {w + p: [w, p] for w in dict.fromkeys(words) for p in particles}
        cases.update({w: [w] for w in config.get("words", [])})  # kept whole: 내년도
        return cases

    def make_nlp(self, rules: LanguageRules):
        """spacy.blank(code) with the rule-driven tokenizer and sentence breaks."""
        import spacy

        _register_components()
        nlp = spacy.blank(self.spacy_code or self.code, config={"nlp": {"tokenizer": {
            "@tokenizers": "ktech.Tokenizer.v1", **self.affixes(rules)}}})
        check_plain_words(nlp.tokenizer.tokenizer, rules)
        nlp.add_pipe("ktech_sentencizer")
        nlp.add_pipe("ktech_line_breaks", config={"quotes_open_sentences": bool(
            rules.tokenizer.get("quotes_open_sentences", False))})
        return nlp


# spaCy's tokenizer keeps how it split each word in a cache, but for the rest of a text
# it saves nothing more once one word needed a special case (an apostrophe, "e.g.", 원이:
# spaCy's ``has_special``, see its issue #1250) -- in prose, after the first quoted word,
# so most words were split afresh by the affix regexes every time they came. A text is
# tokenised in pieces of about PIECE_CHARS characters, each cut where a run of spaces
# ends, so a special case costs only the rest of its piece. spaCy splits a text at spaces
# first, and a run of them ending a text gives the tokens it gives inside one. But spaCy
# also matches special cases over the tokens of the whole text, across a single space
# (Korean 미 달러가 is written with one; 3pm's tokens would match "3 pm"): a single space
# is a cut only between two ASCII letters (no affix rule splits a special there) and not
# after the first words of a special written with a space; other whitespace (a line
# break, two spaces) is a token of its own that no special spans. Measured on the 5 MB
# seeds corpus: tokenising 2-3x faster than bare spaCy's (cuts at line breaks only: 1.1-1.5x).
PIECE_CHARS = 500
_PIECE_CUT = re.compile(r"\s+(?=\S)")


def _letter(c: str) -> bool:
    return c.isascii() and c.isalpha()


def pieces(text: str, size: int = PIECE_CHARS, spaced_specials: tuple[str, ...] = ()) -> list[str]:
    """``text`` in consecutive pieces of at least ``size`` characters (but the last), each
    ending with a whole run of whitespace: a single space only between two ASCII letters
    and not after the first words of a special case written with spaces (``spaced_specials``)."""
    out, last = [], 0
    size = max(size, 1)  # a piece holds at least one character
    search = _PIECE_CUT.search
    # the first run of whitespace that ends at least ``size`` characters after the last
    # cut: searched from inside it, so a piece costs one search, not one per word
    m = search(text, size - 1)
    while m is not None:
        at, end = m.start(), m.end()
        while at > last and text[at - 1].isspace():  # the whole run, if found from inside it
            at -= 1
        if end - at == 1 and text[at] == " " and (
                not (at > 0 and _letter(text[at - 1]) and _letter(text[end]))
                or (spaced_specials and text.endswith(spaced_specials, 0, at))):
            m = search(text, end)
            continue
        out.append(text[last:end])
        last = end
        m = search(text, last + size - 1)
    if last < len(text):
        out.append(text[last:])
    return out


class BreakingTokenizer:
    """spaCy's tokenizer, run on a text in pieces (PIECE_CHARS), with words first broken
    at the rule file's breaks (regexes) when
    they are glued to a word (2,086억원(7.4%), 사업(’12년, 10개): spaCy splits an
    infix but never strips the affixes of the pieces it makes, so 억원 and ’12년 would
    stay whole. The text is tokenised with a space at each such break, and the Doc is
    rebuilt on the original text, so offsets and trailing spaces are the text's own.

    A word longer than ``longest_word`` characters is broken every that many characters:
    spaCy copies the rest of a word each time it strips an affix from it, so a word of
    n brackets cost n squared (a 100 KB one, minutes)."""

    def __init__(self, tokenizer, breaks: list[str], longest_word: int = 0):
        self.tokenizer = tokenizer
        self.vocab = tokenizer.vocab
        self.breaks = re.compile("|".join(f"(?:{rx})" for rx in breaks)) if breaks else None
        self.longest_word = longest_word
        # Found from their first character only (the lookbehind): one scan of each word.
        self.long_words = re.compile(rf"(?<!\S)\S{{{longest_word + 1},}}") if longest_word else None
        # the words before each inner space of a special case written with spaces (미 달러가: 미)
        self.spaced_specials = tuple(sorted({" ".join(words[:i]) for key in tokenizer.rules
                                             for words in [key.split(" ")] if key.strip() and len(words) > 1
                                             for i in range(1, len(words))}))

    def _spaced(self, text: str) -> str:
        """The text with one space at each glued edge of a break (never next to a space,
        never two at one place)."""
        cuts = set()
        for m in self.breaks.finditer(text) if self.breaks else ():
            if m.start() > 0 and not text[m.start() - 1].isspace():
                cuts.add(m.start())
            if m.end() < len(text) and not text[m.end()].isspace():
                cuts.add(m.end())
        for m in self.long_words.finditer(text) if self.long_words else ():
            cuts.update(range(m.start() + self.longest_word, m.end(), self.longest_word))
        if not cuts:
            return text
        out, last = [], 0
        for cut in sorted(cuts):
            out += [text[last:cut], " "]
            last = cut
        return "".join(out) + text[last:]

    def _columns(self, text: str, attrs: list[int]):
        """``attrs`` of the tokens spaCy's tokenizer makes of ``text``, made piece by
        piece; None when the text is one piece (the tokenizer's Doc is then the Doc)."""
        parts = pieces(text, PIECE_CHARS, self.spaced_specials) if len(text) > 2 * PIECE_CHARS else [text]
        if len(parts) < 2:
            return None
        return numpy.concatenate([self.tokenizer(part).to_array(attrs) for part in parts])

    def __call__(self, text: str):
        from spacy.attrs import LENGTH, ORTH, SPACY
        from spacy.tokens import Doc

        spaced = self._spaced(text)
        if len(spaced) == len(text):
            columns = self._columns(text, [ORTH, SPACY])
            if columns is None:
                return self.tokenizer(text)
            # words as their ORTH hashes: spaCy looks the lexeme up without hashing the string again
            return Doc(self.vocab, words=columns[:, 0].tolist(), spaces=columns[:, 1].astype(bool).tolist())
        columns = self._columns(spaced, [ORTH, LENGTH, SPACY])
        if columns is None:
            columns = self.tokenizer(spaced).to_array([ORTH, LENGTH, SPACY])
        # The tokens of the spaced text, on the text itself: a space the break added is
        # no space of the text (it never touches one). Read off arrays: a Token object
        # per word made this loop most of the Korean tokenizer's time.
        spaces, pos, n = [], 0, len(text)
        for length, space in zip(columns[:, 1].tolist(), columns[:, 2].tolist()):
            pos += length
            space = space != 0 and pos < n and text[pos] == " "
            spaces.append(space)
            pos += space
        return Doc(self.vocab, words=columns[:, 0].tolist(), spaces=spaces)

    def explain(self, text: str):
        return self.tokenizer.explain(self._spaced(text))


_DAY_OR_MONTH = re.compile(r"\d{1,2}")


def _soft_wrap(before: str, after: str) -> bool:
    """A line break inside a sentence of hard-wrapped prose: the line ends in a lowercase
    word or a comma and the next begins with a lowercase word or a number ("... will
    help create a 250 billion won" / "to be increased to 3 trillion won by 2013.").
    (Not asked where either line holds a tab: a table's rows are units of their own.)"""
    ends_open = before == "," or (before[:1].islower() and before.isalpha())
    return ends_open and (after[:1].islower() or after[:1].isdigit() or after in ('"', "“", "("))


# A suffix is a few characters at the end of a word. spaCy searches its suffix regex
# over the whole remaining word each time it strips one, so a long word made of
# suffixes ("))))...", 5 MB without a space) cost its length squared; searching the last
# SUFFIX_REACH characters gives the same suffix (lookbehinds still see what is before)
# for every suffix shorter than that -- the rules' are a few characters.
SUFFIX_REACH = 40


def _tail_search(pattern: re.Pattern):
    search = pattern.search

    def find(text: str):
        return search(text, len(text) - SUFFIX_REACH) if len(text) > SUFFIX_REACH else search(text)

    return find


def _either(first, second):
    """A token_match that holds where either does (either may be None)."""
    if first is None or second is None:
        return first or second
    return lambda text: first(text) or second(text)


# Beside each word the rules know, every letter and digit alone and a few runs of them.
_PLAIN_PROBES = [*"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "abcdefghijklmnopqrstuvwxyz",
                 "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789", "10", "100", "1000", "2024", "19", "20", "00"]


def check_plain_words(tokenizer, rules: LanguageRules) -> None:
    """The tokenizer keeps a word matching the rules' ``plain_words`` whole without
    searching its affix rules: stop with the file and line that set it if an affix rule
    would cut one of the rules' own words (or a probe) that it matches."""
    pattern = rules.tokenizer.get("plain_words")
    if not pattern:
        return
    plain = re.compile(pattern).fullmatch
    words = {w for ws in rules.vocab.values() for w in ws} | set(_PLAIN_PROBES)
    for word in sorted(w for w in words if plain(w)):
        if tokenizer.prefix_search(word) or tokenizer.suffix_search(word) \
                or any(m.start() > 0 for m in tokenizer.infix_finditer(word)):
            raise RuleError.at(rules.tokenizer_origin.get("plain_words", "?:0"),
                               f"plain_words matches {word!r}, which an affix rule splits: narrow it")


def _whitespace_as_itself(text: str, split: list[dict]) -> bool:
    """A special case that makes a run of whitespace the one token it is anyway (spaCy's
    " ", "\\t", "\\n"). It changes no token, but spaCy stops caching how it split words for
    the rest of a call once a special case matched (its ``has_special``, issue #1250):
    with one at every line break and tab, a table's or hard-wrapped text's words were split
    afresh by the affix regexes every time they came."""
    from spacy.attrs import ORTH

    return text.isspace() and split == [{ORTH: text}]


def _member(values: numpy.ndarray, wanted: numpy.ndarray) -> numpy.ndarray:
    """``numpy.isin(values, wanted)`` for a small sorted ``wanted``: a binary search per
    value (isin sorts both arrays together on every call)."""
    if not len(wanted):
        return numpy.zeros(len(values), dtype=bool)
    at = numpy.searchsorted(wanted, values).clip(max=len(wanted) - 1)
    return wanted[at] == values


_OPENING = frozenset(["'", '"', "‘", "“", "「", "『", "("])


def _register_components() -> None:
    """``ktech.Tokenizer.v1`` (the language's own tokenizer with the rule files' affixes
    before its own, built once: setting affixes on a built one reloads every special case)
    and ``ktech_line_breaks``."""
    import spacy
    from spacy.language import Language as SpacyLanguage

    if "ktech.Tokenizer.v1" not in spacy.registry.tokenizers:
        @spacy.registry.tokenizers("ktech.Tokenizer.v1")
        def create_tokenizer(prefixes: list[str], suffixes: list[str], infixes: list[str],
                             special_cases: dict[str, list[str]] | None = None, breaks: list[str] | None = None,
                             longest_word: int = 0, plain_words: str | None = None):
            from spacy.tokenizer import Tokenizer
            from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

            def make(nlp):
                from spacy.attrs import ORTH

                defaults = nlp.Defaults
                rules = {text: split for text, split in (defaults.tokenizer_exceptions or {}).items()
                         if not _whitespace_as_itself(text, split)}
                for text, pieces in (special_cases or {}).items():
                    rules[text] = [{ORTH: piece} for piece in pieces]
                tokenizer = Tokenizer(
                    nlp.vocab, rules=rules,
                    prefix_search=compile_prefix_regex(prefixes + list(defaults.prefixes or [])).search,
                    suffix_search=_tail_search(compile_suffix_regex(suffixes + list(defaults.suffixes or []))),
                    infix_finditer=compile_infix_regex(infixes + list(defaults.infixes or [])).finditer,
                    token_match=_either(re.compile(plain_words).fullmatch if plain_words else None,
                                        defaults.token_match),
                    url_match=defaults.url_match)
                return BreakingTokenizer(tokenizer, breaks or [], longest_word)

            return make

    if not SpacyLanguage.has_factory("ktech_sentencizer"):
        @SpacyLanguage.factory("ktech_sentencizer")
        def make_sentencizer(nlp, name: str):
            from spacy.pipeline import Sentencizer

            punct = numpy.array(sorted(nlp.vocab.strings.add(c) for c in Sentencizer.default_punct_chars),
                                dtype=numpy.uint64)
            return partial(sentencizer, punct=punct)

        def sentencizer(doc, punct):
            # spaCy's Sentencizer, on arrays: it made a Token object of every token (a
            # tenth of extraction's time). A sentence starts at the first token and at
            # each token that is neither punctuation nor an end mark when an end mark
            # (. ! ? ...) came after the last such token.
            from spacy.attrs import IS_PUNCT, ORTH, SENT_START

            if not len(doc):
                return doc
            columns = doc.to_array([IS_PUNCT, ORTH])
            ends = _member(columns[:, 1], punct)
            words = numpy.flatnonzero(~(columns[:, 0].astype(bool) | ends))
            seen = numpy.cumsum(ends)[words]  # end marks up to each word (a word is none)
            starts = numpy.full(len(doc), -1, dtype=numpy.int64)
            starts[words[seen > numpy.concatenate(([0], seen[:-1]))]] = 1
            starts[0] = 1
            doc.from_array([SENT_START], starts.astype(numpy.uint64))
            return doc

    if not SpacyLanguage.has_factory("ktech_line_breaks"):
        @SpacyLanguage.factory("ktech_line_breaks", default_config={"quotes_open_sentences": False})
        def make_line_breaks(nlp, name: str, quotes_open_sentences: bool):
            return partial(line_breaks, quotes_open_sentences=quotes_open_sentences)

        def line_breaks(doc, quotes_open_sentences: bool):
            # A token after a line break starts a sentence: table rows, headings and list
            # items are units of their own. The tokenizer keeps only a single space as a
            # token's trailing whitespace, so a line break is always inside a space token;
            # arrays, not a loop over every Token (Token.is_sent_start's setter scans the
            # whole Doc on every call).
            from spacy.attrs import IS_SPACE, ORTH, SENT_START, SPACY

            if len(doc) < 2:
                return doc
            columns = doc.to_array([IS_SPACE, ORTH, SENT_START, SPACY])
            strings = doc.vocab.strings
            starts = columns[:, 2:3].astype("int64")  # -1: not a sentence start
            spaces = columns[:-1, 0].nonzero()[0]
            # what each whitespace token holds, read once per distinct one (a table's
            # tabs were most of them)
            distinct, which = numpy.unique(columns[spaces, 1], return_inverse=True)
            texts = [strings[h] for h in distinct.tolist()]
            breaks = numpy.array([t.count("\n") for t in texts], dtype=numpy.int64)[which]
            # A line with a tab between its words is a table's row: it never runs on into
            # the next line, nor the line before into it.
            tabs = numpy.zeros(len(doc) + 1, dtype=numpy.int64)
            tabs[spaces[numpy.array(["\t" in t and "\n" not in t for t in texts], dtype=bool)[which]] + 1] = 1
            tabs[1] = 0  # (one opening the text indents it; after a line break it is in the break's token)
            tabs = numpy.cumsum(tabs)  # tabs[j]: such tabs before token j
            lines = spaces[breaks > 0]
            # the line before break k lies between bounds[k] and it, the line after between it
            # and bounds[k + 2]
            bounds = numpy.concatenate(([-1], lines, [len(doc)]))
            in_row = (tabs[lines] > tabs[bounds[:-2] + 1]) | (tabs[bounds[2:]] > tabs[lines + 1])
            for i, single, row in zip(lines.tolist(), (breaks[breaks > 0] == 1).tolist(), in_row.tolist()):
                if not (single and not row and i > 0 and
                        _soft_wrap(strings[columns[i - 1, 1]], strings[columns[i + 1, 1]])):
                    starts[i + 1, 0] = 1
            # The sentencizer keeps a quote after a full stop in the sentence it ends;
            # where the language's tokenizer file says so, a quote with a space before it
            # and none after opens the next one (반영됐다. '청년재직자 ...' 사업도).
            for i in (starts[2:, 0] == 1).nonzero()[0].tolist():
                quote = i + 1  # the token before a sentence start
                before = strings[columns[quote, 1]]
                if quotes_open_sentences and before in _OPENING and columns[quote - 1, 3] and not columns[quote, 3]:
                    starts[quote, 0], starts[quote + 1, 0] = 1, -1
                # A full stop between numbers ends no sentence: 2023. 9. 4.
                elif before == "." and strings[columns[quote - 1, 1]].isdigit() \
                        and _DAY_OR_MONTH.fullmatch(strings[columns[quote + 1, 1]]):
                    starts[quote + 1, 0] = -1
            doc.from_array([SENT_START], starts.astype("uint64"))
            return doc
