"""Documents -> spaCy Docs -> candidate spans, each with the rule that proposed it.

The pipeline is ``spacy.blank("en")`` with the tokenizer extended from
rules/tokenizer.yaml, a sentencizer that also breaks at line ends (headings and
table rows are not sentences of the paragraph below them), and two matchers
compiled once: the token patterns of rules/patterns/*.jsonl and the gazetteer
names of rules/*.yaml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from .rules import Entry, RuleSet

GAZETTEER_PRIORITY = 3


@dataclass(frozen=True)
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


def _extend_tokenizer(nlp, rules: RuleSet) -> None:
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    config = rules.tokenizer
    prefixes = list(config.get("prefixes", []))
    suffixes = list(config.get("suffixes", []))
    infixes = list(config.get("infixes", []))
    if config.get("split_attached_signs"):
        signs = sorted({s for s in rules.words("currency_attached_signs")}, key=len, reverse=True)
        if signs:
            prefixes.append(rf"(?:{'|'.join(map(re.escape, signs))})(?=\d)")
    if config.get("split_magnitude_suffixes"):
        mags = sorted({m for m in rules.words("magnitudes") if m.isascii()}, key=len, reverse=True)
        if mags:
            suffixes.append(rf"(?<=\d)(?i:{'|'.join(map(re.escape, mags))})")
        hangul = [m for m in rules.words("magnitudes") if not m.isascii()]
        if hangul:
            suffixes.append(rf"(?<=\d)(?:{'|'.join(map(re.escape, hangul))})")
    tok = nlp.tokenizer
    tok.prefix_search = compile_prefix_regex(prefixes + list(nlp.Defaults.prefixes)).search
    tok.suffix_search = compile_suffix_regex(suffixes + list(nlp.Defaults.suffixes)).search
    tok.infix_finditer = compile_infix_regex(infixes + list(nlp.Defaults.infixes)).finditer


def build_nlp(rules: RuleSet):
    """The blank English pipeline with rule-driven tokenizer and sentence breaks."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory("ktech_line_breaks"):
        @Language.component("ktech_line_breaks")
        def line_breaks(doc):
            # A token after a line break starts a sentence: table rows, headings
            # and list items are units of their own.
            for i, token in enumerate(doc[:-1]):
                if token.is_space and "\n" in token.text or "\n" in token.whitespace_:
                    doc[i + 1].is_sent_start = True
            return doc

    nlp = spacy.blank("en")
    _extend_tokenizer(nlp, rules)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("ktech_line_breaks")
    return nlp


class CandidateFinder:
    """Runs every pattern and gazetteer name over a Doc."""

    def __init__(self, rules: RuleSet, nlp):
        from spacy.matcher import Matcher, PhraseMatcher

        self.rules = rules
        self.nlp = nlp
        self.matcher = Matcher(nlp.vocab)
        self.patterns = {}
        for p in rules.patterns:
            key = f"{p.rule}|{p.id}"
            self.patterns[key] = p
            self.matcher.add(key, [p.pattern])
        # Gazetteer names: a PhraseMatcher (a trie, one pass over the tokens), names
        # case-insensitive, acronyms exact.
        self.names = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.acronyms = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.gazetteer_keys: dict[str, tuple[Entry, str]] = {}
        for entry in rules.entries:
            for form, spellings in (("name", [n.name for n in entry.names]), ("alias", entry.aliases),
                                    ("variant", entry.variants)):
                for s in spellings:
                    key = f"{entry.id}|{form}|{s}"
                    self.gazetteer_keys[key] = (entry, form)
                    self.names.add(key, [nlp.make_doc(s)])
            for acronym in dict.fromkeys(entry.acronyms):
                key = f"{entry.id}|acronym|{acronym}"
                self.gazetteer_keys[key] = (entry, "acronym")
                self.acronyms.add(key, [nlp.make_doc(acronym)])

    def _gazetteer(self, doc) -> Iterator[tuple[int, int, int]]:
        yield from self.names(doc)
        yield from self.acronyms(doc)
        # Names broken across lines ("European  \nCommission", PDF text): match once more
        # on the words alone and map back to the document's tokens.
        inner_breaks = [i for i in range(1, len(doc) - 1)
                        if doc[i].is_space and not doc[i - 1].is_space and not doc[i + 1].is_space]
        if not inner_breaks:
            return
        from spacy.tokens import Doc

        kept = [t.i for t in doc if not t.is_space]
        words = Doc(doc.vocab, words=[doc[i].text for i in kept])
        for match_id, start, end in self.names(words):
            first, last = kept[start], kept[end - 1]
            if last - first + 1 != end - start:  # it spans a removed line break
                yield match_id, first, last + 1

    def find(self, doc) -> list[Candidate]:
        strings = doc.vocab.strings
        found: list[Candidate] = []
        for match_id, start, end in self.matcher(doc):
            p = self.patterns[strings[match_id]]
            start, end = start + p.trim[0], end - p.trim[1]
            span = doc[start:end]
            found.append(Candidate(p.label, span.start_char, span.end_char, p.rule, p.id, p.priority, block=p.block))
        for match_id, start, end in self._gazetteer(doc):
            entry, form = self.gazetteer_keys[strings[match_id]]
            span = doc[start:end]
            found.append(Candidate(entry.label, span.start_char, span.end_char, entry.rule,
                                   f"{entry.id}:{form}", GAZETTEER_PRIORITY, entry, form))
        found.sort(key=lambda c: (c.start, -c.end, c.label, c.rule_id))
        return found


def parse_documents(nlp, texts: Iterable[str], batch_size: int = 16) -> Iterator:
    yield from nlp.pipe(texts, batch_size=batch_size)
