"""Passes over a whole document's accepted mentions (after overlaps are settled):

- ``BareAmounts``: an amount with no currency ("of which 31.9 trillion") borrows the
  currency of an amount before it in its sentence, or is dropped;
- ``Acronyms``: "Name (ABBR)" defines ABBR for the whole document, which becomes a
  mention wherever the document uses it;
- ``anchor_durations``: "for 10 years from 2020" gets its start and end years.

They read the document's ``Layout`` (tokens and sentences), not spaCy Docs, so a long
document read in parts is still one document here.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..matching import Candidate
from ..normalise import MoneyParser
from .model import Trace
from .spans import FirstOverlap, Intervals

_WORD_CHAR = re.compile(r"\w")


class BareAmounts:
    def __init__(self, rules):
        self.money = MoneyParser(rules.tables)
        self.count_nouns = set(rules.words("count_nouns"))

    def __call__(self, accepted, layout, text: str, trace: Trace) -> list:
        result = []
        for c, norm in accepted:
            if c.label != "MONEY" or norm["currency"] is not None:
                result.append((c, norm))
                continue
            reason = self._why_not(c, norm, accepted, layout, text)
            if reason:
                trace.drop(c, text, reason)
                continue
            result.append((c, norm))
        return result

    def _money_context(self, sentence: str) -> str | None:
        """The word that makes a sentence speak of money (예산, 투입), if the language
        gives bare amounts a currency from their context."""
        if not self.money.context_currency:
            return None
        return next((w for w in self.money.money_context if w in sentence), None)

    def _why_not(self, c, norm, accepted, layout, text) -> str | None:
        """None if the amount takes a currency from its sentence (set in ``norm``), else why not."""
        from ..layout import PUNCT, SPACE, STOP

        magnitude = self.money.bare_magnitude(text[c.start:c.end])
        if magnitude < self.money.bare_min_magnitude:
            return "an amount with no currency"
        after = layout.token_after(c.end)
        # "1.56 million to 1.81 million jobs": what counts is after the range's other end.
        if after + 1 < len(layout) and layout.word(after).lower() in self.money.connectors \
                and layout.word(after + 1)[:1].isdigit():
            after += 2
            if after < len(layout) and self.money._magnitude(layout.word(after)) is not None:
                after += 1
        if after < len(layout):
            word = layout.word(after)
            if word.lower() in self.count_nouns:
                return f"an amount followed by {word!r} is a count, not money"
            if magnitude < self.money.bare_free_magnitude and not layout.flags[after] & (PUNCT | STOP | SPACE):
                return f"an amount followed by {word!r} is a count, not money"
        sent_start, sent_end = layout.sentence_span(c.start)
        earlier = [(o, n) for o, n in accepted if o.label == "MONEY" and n["currency"]
                   and sent_start <= o.start and o.end <= c.start]
        if not earlier:
            context = self._money_context(text[sent_start:sent_end])
            if context:
                norm["currency"] = self.money.context_currency
                return None
            return "an amount with no currency in its sentence"
        # An equivalent in brackets is an aside: "KRW 38.5 trillion (approximately
        # €28.6 m) of which 31.9 trillion" continues the amount outside them.
        outside = [(o, n) for o, n in earlier if not in_brackets(text, o.start, sent_start)]
        norm["currency"] = (outside or earlier)[-1][1]["currency"]
        return None


class Acronyms:
    """'Name (ABBR)' defines ABBR for the whole document: ``define`` finds the definitions
    among a text's accepted mentions, ``__call__`` adds a mention wherever the text uses
    one (the definitions of the whole document when it is read in parts)."""

    def __init__(self, rules):
        self.definitions = [re.compile(rx) for rx in rules.tables.get("acronym_definitions", [])]
        self.excluded_names = rules.excluded_names

    def define(self, accepted, text: str) -> dict[str, tuple[str, dict, str]]:
        """ABBR -> (label, norm, rule) of each name followed by a definition; a body's
        norm gets the acronym when it had none."""
        defined: dict[str, tuple[str, dict, str]] = {}
        for c, norm in accepted:
            if c.label not in ("MINISTRY", "PROGRAMME"):
                continue
            for rx in self.definitions:  # the first that follows the name
                m = rx.match(text, c.end)
                if m:
                    break
            else:
                continue
            abbr = m.group(1)
            if abbr.lower() in self.excluded_names or abbr in defined:
                continue
            abbr_norm = dict(norm)
            if c.label == "MINISTRY":
                abbr_norm["acronym"] = norm.get("acronym") or abbr
                if norm.get("acronym") is None:
                    norm["acronym"] = abbr
            defined[abbr] = (c.label, abbr_norm, c.rule)
        return defined

    def __call__(self, accepted, text: str, ignored, definitions=None) -> list:
        local = self.define(accepted, text)
        defined = local if definitions is None else definitions
        result = list(accepted)
        if not defined:
            return result
        taken = Intervals(len(text))
        for c, _ in result:
            taken.add(c.start, c.end, c)
        ignoring = FirstOverlap(ignored, span=lambda i: i)
        for abbr, (label, norm, rule) in sorted(defined.items()):
            # The literal first (a leading lookbehind would stop re's fast literal search).
            for m in re.finditer(rf"{re.escape(abbr)}(?!\w)", text):
                if m.start() > 0 and _WORD_CHAR.match(text, m.start() - 1):
                    continue
                clash = taken.overlapping(m.start(), m.end())
                if clash is not None and clash.label == "YEAR" and m.start() <= clash.start and clash.end <= m.end():
                    # "MIDAS 2027": the year is part of the acronym
                    result = [(o, n) for o, n in result if o is not clash]
                    taken.remove(clash.start)
                    clash = taken.overlapping(m.start(), m.end())
                if clash is not None or ignoring.touches(m.start(), m.end()):
                    continue
                cand = Candidate(label, m.start(), m.end(), rule, "acronym.defined-in-text", 2)
                result.append((cand, dict(norm)))
                taken.add(m.start(), m.end(), cand)
        return result


def anchor_durations(accepted, layout) -> None:
    """'for 10 years from 2020' -> start 2020, end 2029; 'from 2020 to 2030' -> that range."""
    years = [(c, n) for c, n in accepted if c.label == "YEAR" and n["start"] is not None]
    for c, norm in accepted:
        if c.label != "DURATION" or not years:
            continue
        sent_start, sent_end = layout.sentence_span(c.start)
        near = [(abs(y.start - c.end), y, n) for y, n in years if sent_start <= y.start and y.end <= sent_end]
        if not near:
            continue
        _, year, ynorm = min(near, key=lambda t: (t[0], t[1].start))
        if ynorm["role"] == "period":
            norm["start"], norm["end"] = ynorm["start"], ynorm["end"]
        elif ynorm["role"] in ("point", "since") and norm["unit"] == "year":
            norm["start"] = ynorm["start"]
            norm["end"] = ynorm["start"] + int(norm["value"]) - 1
        elif ynorm["role"] == "target" and norm["unit"] == "year":
            norm["end"] = ynorm["end"]
            norm["start"] = ynorm["end"] - int(norm["value"]) + 1


def in_brackets(text: str, start: int, since: int) -> bool:
    """Whether ``start`` is inside a bracket opened after ``since``."""
    before = text[since:start]
    return before.rfind("(") > before.rfind(")")


class ProgrammeNames:
    """PROGRAMME spans and canonicals as the document writes them:

    - a possessive inside a candidate ends what is not the name ("new regime’s industrial
      technology innovation strategies" gives the strategies);
    - a country that modifies a name stays in its span ("the U.S. Inflation Reduction Act",
      "the K-Chips Act"); a possessive one stays out ("Korea’s ..."). A listed name so
      modified for another country is that country's own programme (the "Korean Chips
      Act" is not the US CHIPS Act): canonical as written;
    - a listed programme's short forms and acronym take the full name the document gives
      it with its country ("IRA" after "U.S. Inflation Reduction Act (IRA)").
    """

    def __init__(self, rules):
        self.possessives = tuple(rules.words("possessives"))
        # Any possessive and its space, found in one search: most names hold none, and
        # looking for each one from the end in turn was a third of trimming them.
        self.any_possessive = re.compile("|".join(re.escape(p + " ") for p in self.possessives)) \
            if self.possessives else None
        quotes = set(rules.words("open_quotes")) | set(rules.words("close_quotes")) | set(rules.words("quotes"))
        articles = "|".join(re.escape(a) for a in rules.words("articles"))
        self.lead = re.compile(rf"(?:[{re.escape(''.join(quotes))}\s]|(?:{articles})\s+)+", re.IGNORECASE) \
            if articles else re.compile(rf"[{re.escape(''.join(quotes))}\s]+")
        # A quoted phrase of one line: group "q" is the text inside the quotes.
        self.quoted = re.compile(r"“(?P<q>[^\n“”]{1,60}?)”|‘(?P<q2>[^\n‘’]{1,60}?)’|\"(?P<q3>[^\n\"]{1,60}?)\"")
        # A joining word needs a space before it ("and"), a sign may touch the name ("&").
        joiners = "|".join(rf"\s+{re.escape(j)}(?!\w)" if j[:1].isalnum() else rf"\s*{re.escape(j)}"
                           for j in rules.words("trailing_joiners"))
        self.joiners = re.compile(rf"(?:{joiners})+\s*$", re.IGNORECASE) if joiners else None
        self.tail = re.compile(rf"(?:[{re.escape(''.join(quotes))}\s.,;:]|\s*\(\s*[A-Z][\w&+-]*(?:\s+\d{{4}})?\s*\))+$")
        # Both are searched only where a name can end in them: a search for "...+$" tries
        # every position of the name, and most names end in a letter that ends neither.
        self.tail_ends = frozenset(quotes) | set(".,;:)")  # or a space
        self.joiner_words = tuple(j.lower() for j in rules.words("trailing_joiners"))
        countries: dict[str, str] = {}
        for code, names in (rules.tables.get("countries") or {}).items():
            for n in names:
                if not n.lower().startswith(tuple(a + " " for a in rules.words("articles"))):
                    countries[n.lower()] = code
        self.countries = countries
        # Korean writes one name with or without spaces and leaves words out once it has
        # given it in full (청년 창업 펀드 for 청년창업펀드; 소재·부품 개발사업 for 소재·부품
        # 기술개발사업): rules/<lang>/names.yaml, programme_written_variants.
        self.written_variants = bool(rules.tables.get("programme_written_variants"))
        self.glued = {k: v for k, v in (rules.tables.get("glued_country_prefixes") or {}).items()}
        names = "|".join(re.escape(n) for n in sorted(countries, key=len, reverse=True))
        self.before = re.compile(rf"(?:^|(?<=[^\w.]))({names})(?:\s*\(\s*[A-Z]{{2,}}\s*\))?\s+$",
                                 re.IGNORECASE) if names else None
        # That search runs before every name: it is skipped where the text before the
        # name cannot end one -- no space there, or an ASCII character before the space
        # that ends no country's name (as the search compares it: ignoring case).
        # (Off when a name is empty or ends in a space: the search could end it anywhere.)
        ends = re.compile("[" + "".join(sorted({re.escape(n[-1]) for n in countries if n})) + ")]", re.IGNORECASE)
        self.country_ends = None if any(not n or n[-1].isspace() for n in countries) else \
            {a for a in map(chr, range(128)) if ends.fullmatch(a)}
        # Nor where its last three ASCII characters end no name (lowercased, as the search
        # compares ASCII): a word before a title such as "Plan" is searched for nothing.
        # (Off when a name ends in other characters: the search's case folding decides.)
        tails = {n[-3:] for n in countries}
        self.country_tails = tails if tails and all(t.isascii() for t in tails) else None

    def trim(self, c, text: str):
        """The name alone: without quotes, a leading article, what ends in a possessive,
        trailing punctuation or joining words, or a bracketed acronym after it (its own
        mention). Bodies' names are trimmed the same way."""
        span = text[c.start:c.end]
        start, end = c.start, c.end
        cut = -1
        if self.any_possessive is not None and self.any_possessive.search(span):
            cut = max((span.rfind(p + " ") + len(p) + 1 for p in self.possessives if p + " " in span), default=-1)
        if cut > 0:
            start += cut
        lead = self.lead.match(text, start, end)
        if lead:
            start = lead.end()
        tail = self.tail.search(text, start, end) if end > start and (text[end - 1] in self.tail_ends
                                                                      or text[end - 1].isspace()) else None
        if tail:
            end = tail.start()
        joiner = self.joiners.search(text, start, end) \
            if self.joiners and text[start:end].rstrip().lower().endswith(self.joiner_words) else None
        if joiner and joiner.start() > start:
            end = joiner.start()
        return replace(c, start=start, end=end) if start < end and (start, end) != (c.start, c.end) else c

    def __call__(self, accepted, text: str) -> list:
        taken = None  # the accepted spans, sorted once a programme needs them
        result, full = [], {}
        for c, norm in accepted:
            if c.label == "PROGRAMME":
                taken = taken or sorted((o.start, o.end) for o, _ in accepted)
                c, norm = self._modified(c, norm, text, taken)
                if c.entry is not None and c.rule_id.endswith(":modified"):
                    written = " ".join(text[c.start:c.end].split())
                    if len(written) > len(full.get(c.entry.id, "")):
                        full[c.entry.id] = written
            result.append((c, norm))
        self._short_forms(result, text)
        if self.written_variants:
            self._written_variants(result)
        result += self._quoted_beginnings(result, text)
        for c, norm in result:
            if c.label == "PROGRAMME" and c.entry is not None and c.entry.id in full:
                norm["canonical"] = full[c.entry.id] if c.form in ("alias", "acronym", "short") else \
                    " ".join(text[c.start:c.end].split())
        return result

    def _quoted_beginnings(self, result, text: str) -> list:
        """A quoted phrase that begins a programme named elsewhere in the document is that
        programme: ten "Mega Impact" projects ... the Mega Impact Projects."""
        names = {}
        for c, norm in result:
            if c.label == "PROGRAMME":
                names.setdefault(" ".join(text[c.start:c.end].split()).lower(), (c, norm))
        if not names:
            return []
        taken = sorted((c.start, c.end) for c, _ in result)
        found = []
        for m in self.quoted.finditer(text):
            group = next(g for g in ("q", "q2", "q3") if m.group(g) is not None)
            phrase = " ".join(m.group(group).split()).lower()
            if not phrase or not m.group(group)[:1].isupper():
                continue
            full = next(((c, n) for name, (c, n) in names.items()
                         if name.startswith(phrase + " ") and name != phrase), None)
            start, end = m.start(group), m.end(group)
            if full is None or any(s < end and start < e for s, e in taken):
                continue
            c, norm = full
            found.append((Candidate("PROGRAMME", start, end, c.rule, "programme.quoted-beginning", 1, c.entry, "short"),
                          dict(norm)))
        return found

    @staticmethod
    def _written_variants(result) -> None:
        """A programme written as another one of the document without its spaces (the
        first spelling is the name), or with a run of its letters left out (the longest
        such name is the full name), takes that name as its canonical."""
        names = [n["canonical"] for c, n in sorted(result, key=lambda cn: cn[0].start)
                 if c.label == "PROGRAMME" and c.entry is None]
        if len(names) < 2:
            return
        first: dict[str, str] = {}
        for name in names:
            first.setdefault(name.replace(" ", ""), name)
        for c, norm in result:
            if c.label != "PROGRAMME" or c.entry is not None:
                continue
            key = norm["canonical"].replace(" ", "")
            longer = [n for n in dict.fromkeys(names) if _one_insertion(key, n)]
            if longer:
                norm["canonical"] = first[max(longer, key=len).replace(" ", "")]
            else:
                norm["canonical"] = first[key]

    @staticmethod
    def _short_forms(result, text: str) -> None:
        """"CHIPS Act" and "US CHIPS Act" after "Creating Helpful Incentives to Produce
        Semiconductors (CHIPS) and Science Act of 2022": a name holding a bracketed acronym
        is the full name of the names built on that acronym with the same head word."""
        full: dict[tuple[str, str], str] = {}
        for c, _ in result:
            if c.label == "PROGRAMME":
                written = " ".join(text[c.start:c.end].split())
                for abbr in re.findall(r"\(([A-Z][A-Z0-9&]+)\)", written):
                    full.setdefault((abbr, written.split()[-1].lower()), written)
        if not full:
            return
        for c, norm in result:
            if c.label != "PROGRAMME":
                continue
            words = " ".join(text[c.start:c.end].split()).split()
            if "(" in text[c.start:c.end]:
                continue
            for word in words[:-1]:
                long = full.get((word, words[-1].lower()))
                if long:
                    norm["canonical"] = long
                    break

    def _country(self, written: str) -> str:
        """The code of the country name the search found, compared as the search does
        (ignoring case: "ſweden" and "İTALY" are no dictionary key once lowercased)."""
        code = self.countries.get(written.lower())
        if code is None:
            code = next(c for n, c in self.countries.items() if re.fullmatch(re.escape(n), written, re.I))
        return code

    def _may_follow_country(self, text: str, start: int) -> bool:
        if start == 0 or not text[start - 1].isspace():  # \s is str.isspace()
            return False
        if self.country_ends is None:
            return True
        before = text[max(0, start - 60):start].rstrip()
        if not before or (before[-1].isascii() and before[-1] not in self.country_ends):
            return False
        end = before[-3:]
        if self.country_tails is None or not end.isascii() or end.endswith(")"):  # ")": an acronym after the name
            return True
        end = end.lower()
        return end in self.country_tails or end[-2:] in self.country_tails or end[-1:] in self.country_tails

    def _modified(self, c, norm, text: str, taken):
        """The candidate with the country that modifies it, if one does."""
        code, start = None, c.start
        for prefix, country in self.glued.items():
            if text.endswith(prefix, 0, c.start):
                code, start = country, c.start - len(prefix)
        if code is None and self.before is not None and self._may_follow_country(text, c.start):
            m = self.before.search(text, max(0, c.start - 60), c.start)
            if m:
                code, start = self._country(m.group(1)), m.start(1)
        if code is None or any(s < c.start and e > start for s, e in taken if (s, e) != (c.start, c.end)):
            return c, norm
        entry = c.entry
        if entry is not None and entry.country and entry.country != code:
            entry = None  # another country's programme of the same name
        c = replace(c, start=start, entry=entry, rule_id=c.rule_id + ":modified")
        written = " ".join(text[c.start:c.end].split())
        return c, dict(norm, canonical=written)


def _one_insertion(short: str, long_name: str) -> bool:
    """``long_name`` (spaces removed) is ``short`` with one word or part of a word of two
    or more letters inserted inside it (not at either end: the head and the first word
    are shared): 소재·부품 개발사업 in 소재·부품 기술개발사업."""
    positions = [i for i, ch in enumerate(long_name) if ch != " "]
    long = long_name.replace(" ", "")
    extra = len(long) - len(short)
    if extra < 2 or len(short) < 4:
        return False
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    if not (2 <= i <= len(short) - 2 and long[i + extra:] == short[i:]):
        return False
    return " " not in long_name[positions[i]:positions[i + extra - 1]]
