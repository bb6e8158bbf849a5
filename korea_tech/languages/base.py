"""What every language plug-in shares: a spaCy pipeline made from the language's rules
(its tokenizer with the rule files' affixes, a sentencizer, and sentence breaks at line
ends)."""
from __future__ import annotations

import re

from ..ruleset import LanguageRules


class Language:
    """A language plug-in. Subclasses set ``code`` (ktech's and spaCy's language code) and
    may add pipeline components in ``components``."""

    code = ""
    name = ""

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
        if config.get("split_magnitude_suffixes"):
            # Latin magnitudes in any case (5bn, 5BN), others as written (5조).
            mags = sorted({m for m in rules.words("magnitudes") if m.isascii()}, key=len, reverse=True)
            if mags:
                suffixes.append(rf"(?<=\d)(?i:{'|'.join(map(re.escape, mags))})")
            other = [m for m in rules.words("magnitudes") if not m.isascii()]
            if other:
                suffixes.append(rf"(?<=\d)(?:{'|'.join(map(re.escape, other))})")
        return {"prefixes": prefixes, "suffixes": suffixes, "infixes": infixes}

    def make_nlp(self, rules: LanguageRules):
        """spacy.blank(code) with the rule-driven tokenizer and sentence breaks."""
        import spacy

        _register_components()
        nlp = spacy.blank(self.code, config={"nlp": {"tokenizer": {"@tokenizers": "ktech.Tokenizer.v1",
                                                                     **self.affixes(rules)}}})
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("ktech_line_breaks")
        return nlp


def _register_components() -> None:
    """``ktech.Tokenizer.v1`` (the language's own tokenizer with the rule files' affixes
    before its own, built once: setting affixes on a built one reloads every special case)
    and ``ktech_line_breaks``."""
    import spacy
    from spacy.language import Language as SpacyLanguage

    if "ktech.Tokenizer.v1" not in spacy.registry.tokenizers:
        @spacy.registry.tokenizers("ktech.Tokenizer.v1")
        def create_tokenizer(prefixes: list[str], suffixes: list[str], infixes: list[str]):
            from spacy.tokenizer import Tokenizer
            from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

            def make(nlp):
                defaults = nlp.Defaults
                return Tokenizer(
                    nlp.vocab, rules=defaults.tokenizer_exceptions,
                    prefix_search=compile_prefix_regex(prefixes + list(defaults.prefixes or [])).search,
                    suffix_search=compile_suffix_regex(suffixes + list(defaults.suffixes or [])).search,
                    infix_finditer=compile_infix_regex(infixes + list(defaults.infixes or [])).finditer,
                    token_match=defaults.token_match, url_match=defaults.url_match)

            return make

    if not SpacyLanguage.has_factory("ktech_line_breaks"):
        @SpacyLanguage.component("ktech_line_breaks")
        def line_breaks(doc):
            # A token after a line break starts a sentence: table rows, headings and list
            # items are units of their own. The tokenizer keeps only a single space as a
            # token's trailing whitespace, so a line break is always inside a space token;
            # arrays, not a loop over every Token (Token.is_sent_start's setter scans the
            # whole Doc on every call).
            from spacy.attrs import IS_SPACE, ORTH, SENT_START

            if len(doc) < 2:
                return doc
            columns = doc.to_array([IS_SPACE, ORTH, SENT_START])
            strings = doc.vocab.strings
            starts = columns[:, 2:3].copy()
            for i in columns[:-1, 0].nonzero()[0].tolist():
                if "\n" in strings[columns[i, 1]]:
                    starts[i + 1, 0] = 1
            doc.from_array([SENT_START], starts)
            return doc
