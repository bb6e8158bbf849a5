"""Span text -> normalised values, for MONEY, YEAR and DATE.

Patterns decide *where* a mention is; these functions decide *what it means*.
They read only the span text, the words just before it and the document date,
and take every word list from the language's rules (money.yaml, calendar.yaml of
rules/ and rules/<language>/).
A span that turns out not to be what its pattern promised raises ``NotAMention``
with the reason, which the caller records (``ktech explain`` shows it).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .document import DocDate


class NotAMention(ValueError):
    """The span does not hold what its label says (e.g. a year out of range)."""


def plain_number(value: Decimal | None) -> int | float | None:
    """Whole numbers as int (114100000000000), others as float, for JSON output."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


class Phrases:
    """Context phrases (``over``, ``up to``, ``by the end of``), looked up by the words
    that end the text before a mention: a set per call, not a scan of every phrase."""

    def __init__(self, phrases):
        lowered = [p.lower() for p in phrases]
        self.whole = set(lowered)
        self.glued = [p for p in lowered if p and not p[-1].isalnum()]  # "c." may touch the mention
        self.longest = max((len(p.split()) for p in lowered), default=0)
        # The whole phrases by their last word, shortest first: most texts before a
        # mention end in a word that ends no phrase, and one lookup says so.
        self.by_last_word: dict[str, list[tuple[int, list[str], str]]] = {}
        for p in sorted(self.whole, key=lambda p: (len(p.split()), p)):
            words = p.split()
            if words and " ".join(words) == p:  # else no run of words ever spells it
                self.by_last_word.setdefault(words[-1], []).append((len(words), words, p))


@lru_cache(maxsize=64)
def _last_words(left: str) -> tuple[list[str], str]:
    """The last six words of ``left``, lowercased, and them joined: one mention's left
    context is looked up in several phrase sets in a row (approx, bounds, roles)."""
    words = left.lower().replace("(", " ").replace("“", " ").replace('"', " ").split()[-6:]
    return words, " ".join(words)


def _context_phrase(left: str, phrases: Phrases, last: tuple | None = None) -> str | None:
    """The longest of ``phrases`` that ends ``left`` as whole words (case-insensitive);
    ``last``: ``_last_words(left)``, when the caller looks ``left`` up more than once."""
    words, tail = last or _last_words(left)
    best = None
    for k, phrase_words, phrase in phrases.by_last_word.get(words[-1], ()) if words else ():
        if k <= len(words) and words[-k:] == phrase_words and (best is None or len(phrase) > len(best)):
            best = phrase
    for p in phrases.glued:
        if tail.endswith(p) and (best is None or len(p) > len(best)):
            best = p
    return best


# ============================================================================ money
@dataclass(frozen=True)
class Money:
    currency: str | None
    value: Decimal
    value_max: Decimal | None
    approx: bool = False  # marked inside the span (300여억원)


_MONEY_TOKEN = re.compile(
    r"\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?:\.\d+)?"  # 903 000 (space-grouped)
    r"|\d+(?:[.,]\d+)*"  # 114.1, 1,000,000
    r"|[^\W\d_]+\.?"  # words, magnitudes, Hangul units; KRW.
    r"|\S"  # signs, dashes
)


# Compiled once: every amount goes through them (re.sub's cache lookup was a quarter of the call).
_WORD_HYPHEN = re.compile(r"(?<=[^\W\d_])[-‐](?=\w)|(?<=\w)[-‐](?=[^\W\d_])")  # two-point-five
_DIGIT_GROUP_SPACE = re.compile(r"[ \u00a0\u2009\u202f]")  # 903 000


class MoneyParser:
    def __init__(self, tables: dict):
        self.signs: dict[str, str] = {}
        self.words: dict[str, str] = {}
        self.modifiers: dict[str, str] = {}  # "canadian" -> CAD: it decides which dollar
        for cur in tables.get("currencies", []):
            for s in cur.get("signs", []) + cur.get("attached_signs", []):
                self.signs[s] = cur["code"]
            self.signs[cur["code"]] = cur["code"]
            for w in cur.get("words", []):
                self.words[w.lower()] = cur["code"]
            self.modifiers.update((m.lower(), cur["code"]) for m in cur.get("modifiers", []))
        # Codes and letter signs read in any case ("eur 40"); other signs as written.
        self.codes = {s.lower(): code for s, code in self.signs.items() if s[:1].isalpha()}
        # Signs by their first character, longest first: an amount is tried against the
        # signs that can open it only (trying every sign in turn was a tenth of reading one).
        self.signs_opening: dict[str, list[str]] = {}
        for sign in sorted(self.signs, key=len, reverse=True):
            self.signs_opening.setdefault(sign[:1], []).append(sign)
        self.words_longest_first = sorted(self.words, key=len, reverse=True)
        self.magnitudes = {str(k): int(v) for k, v in tables.get("magnitudes", {}).items()}
        self.number_words = {k: Decimal(str(v)) for k, v in tables.get("number_words", {}).items()}
        self.articles = {k: Decimal(str(v)) for k, v in tables.get("article_numbers", {}).items()}
        self.fractions = {k: Decimal(str(v)) for k, v in tables.get("fraction_words", {}).items()}
        self.joiners = {w.lower() for w in tables.get("fraction_joiners", [])}
        self.decimal_words = {w.lower() for w in tables.get("decimal_words", [])}
        self.connectors = set(tables.get("range_connectors", ["-", "to"]))
        quals = tables.get("qualifiers", {})
        self.approx = Phrases(quals.get("approx", []))
        self.bound_min = Phrases(quals.get("min", []))
        self.bound_max = Phrases(quals.get("max", []))
        after = tables.get("qualifiers_after", {})
        self.after = {kind: sorted((p.lower() for p in after.get(kind, [])), key=len, reverse=True)
                      for kind in ("min", "max", "approx")}
        # ... and by their first character: the words after an amount open with at most a
        # few of them (each was tried at every amount of a table)
        self.after_opening = {kind: _by_first_character(phrases) for kind, phrases in self.after.items()}
        self.after_openers = frozenset(c for phrases in self.after_opening.values() for c in phrases)
        self.change_words = Phrases(tables.get("change_words", []))
        grouped = tables.get("grouped_magnitudes") or {}
        self.small_units = {k: int(v) for k, v in (grouped.get("small") or {}).items()}
        self.big_units = {k: int(v) for k, v in (grouped.get("big") or {}).items()}
        self.approx_marks = tuple(grouped.get("approx_marks", []))
        units = "".join(re.escape(u) for u in [*self.small_units, *self.big_units] if len(u) == 1)
        self.grouped_rx = re.compile(rf"\d[\d,]*(?:\.\d+)?|[{units}]") if units else None
        bare = tables.get("bare_amount", {})
        self.bare_min_magnitude = int(bare.get("min_magnitude", 6))
        self.bare_free_magnitude = int(bare.get("free_magnitude", 9))
        # A bare amount with no currency before it in its sentence is in this currency when
        # the sentence speaks of money (예산 3조 투입); None: it stays no mention.
        self.context_currency = bare.get("context_currency")
        self.money_context = tuple(tables.get("bare_money_context", []))

    # -- parts
    def _magnitude(self, token: str) -> int | None:
        return self.magnitudes.get(token.lower().rstrip("."), self.magnitudes.get(token))

    def _sign(self, token: str) -> str | None:
        return self.signs.get(token) or self.codes.get(token.lower())

    def _number(self, tokens: list[str], i: int) -> tuple[Decimal, int]:
        """A number at tokens[i]: digits or written words (two hundred, one thousand 200),
        with a decimal part (13-point-five, six point two, 12 point 3), or a fraction (a
        quarter, three quarters of a)."""
        if i >= len(tokens):
            raise NotAMention(f"no number in {' '.join(tokens)!r}")
        start = i
        low = tokens[i].lower()
        if low in self.articles and i + 1 < len(tokens) and (tokens[i + 1].lower() in self.fractions
                                                            or self._magnitude(tokens[i + 1]) is not None):
            value, i = self.articles[low], i + 1  # a trillion, a quarter
        elif low in self.fractions:
            value = Decimal(1)  # half a billion
        elif tokens[i][0].isdigit():
            value, i = _digits(tokens[i]), i + 1
        else:
            total, current = Decimal(0), Decimal(0)
            while i < len(tokens):
                word = tokens[i].lower()
                if word in self.number_words:
                    word_value = self.number_words[word]
                    if word_value >= 100 and word_value == 10 ** (len(str(int(word_value))) - 1):
                        current = (current or Decimal(1)) * word_value  # hundred, thousand multiply
                        if word_value >= 1000:
                            total, current = total + current, Decimal(0)
                    else:
                        current += word_value
                elif tokens[i][0].isdigit() and i > start and tokens[i - 1].lower() in self.number_words:
                    current += _digits(tokens[i])  # one thousand 200
                else:
                    break
                i += 1
            if i == start:
                raise NotAMention(f"no number in {' '.join(tokens)!r}")
            value = total + current
        if i < len(tokens) and tokens[i].lower() in self.decimal_words:
            digits, j = "", i + 1
            while j < len(tokens) and (tokens[j].isdigit() or (tokens[j].lower() in self.number_words
                                                               and self.number_words[tokens[j].lower()] < 10)):
                digits += tokens[j] if tokens[j].isdigit() else str(int(self.number_words[tokens[j].lower()]))
                j += 1
            if digits:
                value, i = value + Decimal("0." + digits), j
        if i < len(tokens) and tokens[i].lower() in self.fractions:
            value, i = value * self.fractions[tokens[i].lower()], i + 1
            while i < len(tokens) and tokens[i].lower() in self.joiners:
                i += 1  # three quarters of a billion
        return value, i

    def _currency_at(self, tokens: list[str], i: int) -> tuple[str | None, int]:
        modifier = None
        while i < len(tokens) and tokens[i].lower() in self.modifiers:
            modifier = self.modifiers[tokens[i].lower()]
            i += 1
        if i < len(tokens):
            low = tokens[i].lower()
            if low in self.words:
                return modifier or self.words[low], i + 1
            sign = self._sign(tokens[i])
            if sign:
                return sign, i + 1
        return None, i

    def parse(self, text: str) -> Money:
        if self.big_units and any(u in text for u in self.big_units):
            return self._parse_grouped(text)
        # Hyphens that join words are spaces: two-point-five-trillion-won (a dash between
        # numbers stays: 5-8 billion).
        rest = text.strip()
        if "-" in rest or "‐" in rest:  # (the search costs more than the rest of a plain amount)
            rest = _WORD_HYPHEN.sub(" ", rest)
        currency = None
        for sign in self.signs_opening.get(rest[:1], ()):
            if rest.startswith(sign) and (len(rest) == len(sign) or not rest[len(sign)].isalpha()):
                currency, rest = self.signs[sign], rest[len(sign):].strip()
                break
        tokens = _MONEY_TOKEN.findall(rest)
        if not tokens:
            raise NotAMention("a currency with no amount")
        i = 0
        if currency is None:
            currency, i = self._currency_at(tokens, 0)  # won 1.5 trillion, eur 40
            if currency is None:
                i = 0
        value, i = self._number(tokens, i)
        mag = self._magnitude(tokens[i]) if i < len(tokens) else None
        if mag is not None:
            i += 1
        value_max, mag_max = None, None
        if i < len(tokens) and tokens[i].lower() in self.connectors and i + 1 < len(tokens):
            j = i + 1
            if self._sign(tokens[j]):
                j += 1
            if j < len(tokens) and (tokens[j][0].isdigit() or tokens[j].lower() in self.number_words):
                value_max, i = self._number(tokens, j)
                mag_max = self._magnitude(tokens[i]) if i < len(tokens) else None
                if mag_max is not None:
                    i += 1
        if value_max is not None and mag is None:
            mag = mag_max  # KRW 5-8 billion: the magnitude is shared
        if mag_max is None:
            mag_max = mag
        trailing, i = self._currency_at(tokens, i)
        currency = currency or trailing
        if trailing and i == len(tokens) - 1 and re.fullmatch(r"\d{1,2}", tokens[i]) and mag is None:
            value, i = value + Decimal(tokens[i]) / 100, i + 1  # 15 dollars 50
        if i != len(tokens):
            raise NotAMention(f"unexpected {' '.join(tokens[i:])!r} in an amount")
        if value == 0:
            raise NotAMention("an amount of zero is a heading or a placeholder, not money")
        value = value * (Decimal(10) ** (mag or 0))
        if value_max is not None:
            value_max = value_max * (Decimal(10) ** (mag_max or 0))
            if value_max < value:
                raise NotAMention("range upper end below its lower end")
        return Money(currency, value, value_max)

    def _parse_grouped(self, text: str) -> Money:
        """An amount in grouped units: 5조 2608억원, 2천5백억, 1억 6000만달러, 100억∼200억원."""
        body = text.strip()
        currency = None
        for sign in self.signs_opening.get(body[:1], ()):  # ₩1,000억
            if body.startswith(sign):
                currency, body = self.signs[sign], body[len(sign):]
                break
        approx = any(mark in body for mark in self.approx_marks)
        for word in self.words_longest_first:  # the currency word ends it
            if body.rstrip().endswith(word):
                currency = currency or self.words[word]
                body = body.rstrip()[: -len(word)]
                break
        for connector in sorted(self.connectors, key=len, reverse=True):
            if connector in body.strip()[1:]:
                low, high = body.split(connector, 1)
                first, second = self._grouped_value(low), self._grouped_value(high)
                if not any(u in low for u in self.big_units):  # 100∼200억: the unit is shared
                    unit = next(u for u in sorted(self.big_units, key=lambda u: -self.big_units[u]) if u in high)
                    first = self._grouped_value(low.strip() + unit)
                if second < first:
                    raise NotAMention("range upper end below its lower end")
                return Money(currency, first, second, approx)
        value = self._grouped_value(body)
        if value == 0:
            raise NotAMention("an amount of zero is a heading or a placeholder, not money")
        return Money(currency, value, None, approx)

    def _grouped_value(self, text: str) -> Decimal:
        total, group, current = Decimal(0), Decimal(0), None
        parts = self.grouped_rx.findall(text) if self.grouped_rx else []
        if not parts or not any(p[0].isdigit() for p in parts):
            raise NotAMention(f"no number in {text!r}")
        for part in parts:
            if part[0].isdigit():
                current = _digits(part)
            elif part in self.small_units:
                group += (current if current is not None else Decimal(1)) * (Decimal(10) ** self.small_units[part])
                current = None
            else:  # a big unit closes the group
                group += current if current is not None else Decimal(0)
                total += (group or Decimal(1)) * (Decimal(10) ** self.big_units[part])
                group, current = Decimal(0), None
        return total + group + (current or Decimal(0))

    def is_change(self, left: str) -> bool:
        """"from X to Y": a change between two amounts, not a range."""
        return _context_phrase(left, self.change_words) is not None

    def bare_magnitude(self, text: str) -> int:
        """The largest magnitude in a bare amount (12 for "31.9 trillion"), 0 if none."""
        if self.big_units and any(u in text for u in self.big_units):  # 213억: the largest unit
            return max(self.big_units[u] for u in self.big_units if u in text)
        mags = [self._magnitude(t) for t in _MONEY_TOKEN.findall(text)]
        return max((m for m in mags if m is not None), default=0)

    def qualifiers(self, left: str, right: str = "") -> tuple[bool, str | None]:
        """(approx, bound) from the words just before an amount (or just after it)."""
        last = _last_words(left)
        approx = _context_phrase(left, self.approx, last) is not None
        bound = None
        lo, hi = _context_phrase(left, self.bound_min, last), _context_phrase(left, self.bound_max, last)
        if lo or hi:
            bound = "min" if len(lo or "") >= len(hi or "") else "max"
        after = _past_aside(" ".join(right.lower().split()))
        opening = after[:1]
        if opening not in self.after_openers:  # most amounts: no phrase after them can qualify them
            return approx, bound
        if bound is None:
            bound = next((kind for kind in ("min", "max")
                          if any(_starts_with(after, p) for p in self.after_opening[kind].get(opening, ()))), None)
        approx = approx or any(_starts_with(after, p) for p in self.after_opening["approx"].get(opening, ()))
        return approx, bound


def _by_first_character(phrases: list[str]) -> dict[str, list[str]]:
    """``phrases`` (in their order) by their first character: only those can open a text."""
    found: dict[str, list[str]] = {}
    for phrase in phrases:
        found.setdefault(phrase[:1], []).append(phrase)
    return found


def _past_aside(after: str) -> str:
    """The words after an amount that can qualify it: past an equivalent in brackets
    (10억달러(약 1조원) 이상: 이상 bounds 10억달러, and the equivalent inside them too)."""
    if after.startswith((")", "）")):
        return after[1:].lstrip()
    if after.startswith(("(", "（")):
        close = min((i for i in (after.find(")"), after.find("）")) if i >= 0), default=-1)
        return after[close + 1:].lstrip() if close >= 0 else ""
    return after


def _starts_with(text: str, phrase: str) -> bool:
    """``text`` opens with ``phrase`` as whole words ("-plus" may touch the amount)."""
    if not phrase:
        return False
    if not phrase[0].isalnum():
        return text.startswith(phrase) and (len(text) == len(phrase) or not text[len(phrase)].isalnum())
    if "\uac00" <= phrase[-1] <= "\ud7a3":  # Hangul: a particle may follow (이상의, 가량을)
        return text.startswith(phrase)
    # as re's (?!\w): no letter, digit or underscore after the phrase
    return text.startswith(phrase) and (len(text) == len(phrase) or not (
        text[len(phrase)].isalnum() or text[len(phrase)] == "_"))


def _digits(token: str) -> Decimal:
    """114.1 / 1,000 / 903 000 / 1.000.000 -> Decimal."""
    # (an ASCII token's only group space is " ": one test, not a search)
    t = token.replace(" ", "") if token.isascii() else _DIGIT_GROUP_SPACE.sub("", token)
    if "," in t and "." in t:
        t = t.replace(",", "") if t.rfind(",") < t.rfind(".") else t.replace(".", "").replace(",", ".")
    elif "," in t:
        groups = t.split(",")
        t = t.replace(",", "") if all(len(g) == 3 for g in groups[1:]) else t.replace(",", ".")
    elif t.count(".") > 1:
        t = t.replace(".", "")
    try:
        return Decimal(t)
    except InvalidOperation:
        raise NotAMention(f"not a number: {token!r}") from None


# ============================================================================ years
@dataclass(frozen=True)
class YearSpan:
    start: int | None
    end: int | None
    is_range: bool


class YearParser:
    def __init__(self, tables: dict):
        years = tables.get("years", {"min": 1900, "max": 2100})
        self.low, self.high = years["min"], years["max"]
        self.relative = {k: int(v) for k, v in tables.get("relative", {}).items()}
        self.year_nouns = {w.lower() for w in tables.get("relative_year_nouns", [])}
        self.decade_parts = {k: (v["from"], v["to"]) for k, v in tables.get("decade_parts", {}).items()}
        self.roles = {role: Phrases(words) for role, words in tables.get("year_roles", {}).items()}
        # (a tuple: str.startswith tries each in one call)
        self.roles_after = {role: tuple(sorted(words, key=len, reverse=True))
                            for role, words in tables.get("year_roles_after", {}).items()}
        self.relative_years = {" ".join(k.split()): int(v) for k, v in tables.get("relative_years", {}).items()}
        marks = "".join(re.escape(m) for m in tables.get("two_digit_year_marks", []))
        self.two_digit = re.compile(rf"[{marks}](\d\d)(?!\d)") if marks else None
        articles = _alternatives(tables.get("decade_articles", []))
        self.decade = re.compile(rf"(?:(?:{articles})\s+)?((?:19|20)\d)0s" if articles else r"((?:19|20)\d)0s")
        prefixes = _alternatives(tables.get("fiscal_prefixes", []))
        self.fiscal = re.compile(rf"(?:{prefixes})\s*'?(\d{{2}}|\d{{4}})") if prefixes else None
        # four digits that the rules read otherwise than as a year (none built in)
        self.plain_exceptions = {w for w in (*self.relative_years, *self.year_nouns) if w.isdigit()}

    def _check(self, year: int) -> int:
        if not self.low <= year <= self.high:
            raise NotAMention(f"{year} is outside the years read ({self.low}-{self.high})")
        return year

    def parse(self, text: str, doc_date: DocDate | None) -> YearSpan:
        if len(text) == 4 and text.isascii() and text.isdigit() and text not in self.plain_exceptions:
            year = self._check(int(text))  # 2024, most years written: what the reading below gives
            return YearSpan(year, year, False)
        low = " ".join(text.lower().split())
        if low in self.relative_years:  # 올해, 지난해, 내년도
            if doc_date is None:
                return YearSpan(None, None, False)
            year = doc_date.value.year + self.relative_years[low]
            return YearSpan(year, year, False)
        if self.two_digit is not None:  # '21, ‘08~‘12년: a quote before two digits is 2000+NN
            low = self.two_digit.sub(lambda m: "20" + m.group(1), low)
        words = low.split()
        if words and words[-1] in self.year_nouns and words[0] in self.relative:
            if doc_date is None:
                return YearSpan(None, None, False)
            year = doc_date.value.year + self.relative[words[0]]
            return YearSpan(year, year, False)
        part = re.fullmatch(r"(\w+)\s*[-–]?\s*((?:19|20)\d)0s", low)
        if part and part.group(1) in self.decade_parts:
            first = int(part.group(2)) * 10
            lo, hi = self.decade_parts[part.group(1)]
            return YearSpan(self._check(first + lo), first + hi, True)
        decade = self.decade.fullmatch(low)
        if decade:
            start = int(decade.group(1)) * 10
            return YearSpan(self._check(start), start + 9, True)
        fiscal = self.fiscal.fullmatch(low) if self.fiscal else None
        if fiscal:
            y = fiscal.group(1)
            year = int(y) if len(y) == 4 else 2000 + int(y)
            return YearSpan(self._check(year), year, False)
        numbers = re.findall(r"\d+", low)
        if not numbers or len(numbers[0]) != 4:
            raise NotAMention(f"no year in {text!r}")
        start = self._check(int(numbers[0]))
        if len(numbers) == 1:
            return YearSpan(start, start, False)
        end_text = numbers[1]
        end = int(end_text) if len(end_text) == 4 else (start // 100) * 100 + int(end_text)
        if end < start and len(end_text) == 2:
            end += 100
        self._check(end)
        if end <= start:
            raise NotAMention(f"{text!r} is not a range of years")
        return YearSpan(start, end, True)

    def role(self, span: YearSpan, left: str, right: str = "") -> str:
        if span.is_range:
            return "period"
        best_role, best = "point", ""
        last = _last_words(left)
        for role, phrases in self.roles.items():
            found = _context_phrase(left, phrases, last)
            if found and len(found) > len(best):
                best_role, best = role, found
        if not best:  # 2030년까지, 2020년 이래: the words after the year
            after = right.lstrip()
            for role, words in self.roles_after.items():
                if after.startswith(words):
                    return role
        return best_role


# ============================================================================ durations
@dataclass(frozen=True)
class Duration:
    value: int | float
    unit: str


class DurationParser:
    def __init__(self, tables: dict):
        self.units = {k: (v["unit"], v["factor"]) for k, v in tables.get("duration_units", {}).items()}
        self.words = {k: Decimal(str(v)) for k, v in tables.get("number_words", {}).items()}
        self.approx = Phrases(tables.get("duration_approx", []))

    def parse(self, text: str) -> Duration:
        words = re.findall(r"\d+(?:\.\d+)?|[^\W\d_]+", text.lower())
        units = [w for w in words if w in self.units]
        if not units:
            raise NotAMention(f"no unit of time in {text!r}")
        unit, factor = self.units[units[-1]]
        numbers = [w for w in words[: words.index(units[-1])] if w[0].isdigit() or w in self.words]
        if not numbers:
            value = Decimal(1)  # "the next year"
        elif numbers[0][0].isdigit():
            value = Decimal(numbers[0])
        else:
            value, current = Decimal(0), Decimal(0)
            for w in numbers:
                current = current * 100 if self.words[w] == 100 else current + self.words[w]
            value = current
        if value <= 0:
            raise NotAMention("a duration of zero")
        return Duration(plain_number(value * factor), unit)

    def is_approx(self, left: str) -> bool:
        return _context_phrase(left, self.approx) is not None


# ============================================================================ dates
@dataclass(frozen=True)
class DateValue:
    value: str | None  # YYYY-MM-DD or YYYY-MM; None when the year cannot be known
    end: str | None


class DateParser:
    def __init__(self, tables: dict, language: str):
        self.months: dict[str, int] = {}
        for number, names in sorted(tables.get("months", {}).items()):
            for name in names:
                self.months[name.lower()] = number
        self.relative = {k: int(v) for k, v in tables.get("relative", {}).items()}
        names = "|".join(sorted((re.escape(m) for m in self.months), key=len, reverse=True))
        self.month_rx = re.compile(rf"\b({names})(?![a-z])", re.IGNORECASE)
        self.ordinals = tuple(tables.get("ordinal_suffixes", []))
        ordinal = _alternatives(self.ordinals)
        self.day_rx = re.compile(rf"(?<![\d])((?:0?[1-9]|[12]\d|3[01])(?:{ordinal})?)(?![\d])" if ordinal
                                 else r"(?<![\d])(0?[1-9]|[12]\d|3[01])(?![\d])")
        self.language = language
        self.order = tables.get("date_order", "MDY")
        self.forms = [re.compile(rx) for rx in tables.get("date_forms", [])]
        self.direction = dict(tables.get("relative_direction", {}))
        self.range_connectors = list(tables.get("date_range_connectors", []))

    def parse(self, text: str, doc_date: DocDate | None) -> DateValue:
        low = " ".join(text.lower().split())
        for connector in self.range_connectors:  # 오는 15일부터 내년 1월 13일: a date and its end
            first, found, second = low.partition(connector)
            if found and first.strip() and second.strip():
                start, end = self.parse(first, doc_date), self.parse(second, doc_date)
                if start.value and end.value and end.value < start.value:
                    raise NotAMention(f"{text!r} ends before it starts")
                return DateValue(start.value, end.value)
        for rx in self.forms:  # the language's numbered forms: 2024년 3월 11일, 지난 9일, ’11.12.31
            m = rx.fullmatch(low)
            if m:
                return self._from_form(m.groupdict(), doc_date)
        months = self.month_rx.findall(low)
        if not months:
            iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", low)
            if iso:
                return DateValue(_checked_iso(int(iso[1]), int(iso[2]), int(iso[3])), None)
            numeric = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", low)
            if numeric:
                a, b, year = int(numeric[1]), int(numeric[2]), int(numeric[3])
                month, day = (b, a) if self.order.startswith("D") else (a, b)
                return DateValue(_checked_iso(year + 2000 if year < 100 else year, month, day), None)
            raise NotAMention(f"no month in {text!r}")
        first_word = low.split()[0]
        if first_word in self.relative and len(months) == 1:
            # this May / last September: the modifier fixes the year (the document's, the
            # previous or the next: "compared to last April" in a May release is a year ago).
            if doc_date is None:
                return DateValue(None, None)
            year = doc_date.value.year + self.relative[first_word]
            return DateValue(f"{year:04d}-{self.months[months[0].lower()]:02d}", None)
        years = re.findall(r"(?<!\d)(\d{4})(?!\d)", low)
        days = [d for d in self.day_rx.findall(low) if not re.fullmatch(r"\d{4}", d)]
        if len(months) == 2:  # January to April
            a = self._resolve(self.months[months[0].lower()], None, years[0] if years else None, doc_date)
            b = self._resolve(self.months[months[1].lower()], None, years[-1] if years else None, doc_date)
            if a is not None and b is not None and b < a and not years:
                b = self._resolve(self.months[months[1].lower()], None, a[:4], doc_date)
            return DateValue(a, b)
        parsed = _dateparse(text, self.language, self.order, self.ordinals)
        if parsed is None:
            raise NotAMention(f"dateparser cannot read {text!r}")
        month = parsed.month
        year = str(parsed.year) if years else None
        if len(days) >= 2:  # March 3-5
            d1, d2 = (int(re.match(r"\d+", d).group()) for d in days[:2])
            start = self._resolve(month, d1, year, doc_date)
            if start is None:
                _checked_iso(2000, month, d2)
                return DateValue(None, None)
            end = _checked_iso(int(start[:4]), month, d2)
            return DateValue(start, end)
        day = parsed.day if days else None
        return DateValue(self._resolve(month, day, year, doc_date), None)

    def _from_form(self, g: dict, doc_date: DocDate | None) -> DateValue:
        """A date read by a form: year, two-digit year, month, day, range end, relative word."""
        year = int(g["y"]) if g.get("y") else (2000 + int(g["yy"]) if g.get("yy") else None)
        month = int(g["m"]) if g.get("m") else None
        day = int(g["d"]) if g.get("d") else None
        rel = " ".join(g["rel"].split()) if g.get("rel") else None
        if month is not None and not 1 <= month <= 12:
            raise NotAMention(f"no month {month}")
        if rel in self.relative and year is None:
            if doc_date is None:
                return DateValue(None, None)
            year = doc_date.value.year + self.relative[rel]
        direction = self.direction.get(rel)
        if month is None:  # a day alone: in the document's month (or the one before or after it)
            if doc_date is None:
                _checked_iso(2000, 1, day)
                return DateValue(None, None)
            anchor = doc_date.value
            y, mo = anchor.year, anchor.month
            if (direction == "future" and day <= anchor.day) or (direction != "future" and day > anchor.day):
                shift = 1 if direction == "future" else -1
                mo += shift
                y, mo = (y + 1, 1) if mo > 12 else (y - 1, 12) if mo < 1 else (y, mo)
            return DateValue(_checked_iso(y, mo, day), None)
        if year is None and direction and doc_date is not None:
            anchor = doc_date.value
            if direction == "past":
                year = anchor.year if month < anchor.month else anchor.year - 1
            else:
                year = anchor.year if month > anchor.month else anchor.year + 1
        start = self._resolve(month, day, str(year) if year else None, doc_date)
        end = None
        if g.get("d2"):
            end = _checked_iso(int(start[:4]), month, int(g["d2"])) if start else None
        if g.get("m2"):  # 올 4·7월: two months of one year
            month2 = int(g["m2"])
            if not month < month2 <= 12:
                raise NotAMention(f"no months {month} and {month2}")
            end = f"{start[:4]}-{month2:02d}" if start else None
        return DateValue(start, end)

    def _resolve(self, month: int, day: int | None, year: str | None, doc_date: DocDate | None) -> str | None:
        """The ISO value; a missing year is the one that puts the date closest to the
        document; None when there is no year and no document date (the day must exist)."""
        if year is None:
            if doc_date is None:
                if day is not None:
                    _checked_iso(2000, month, day)  # a leap year: 29 February may be
                return None
            year_n = _closest_year(month, day, doc_date.value)
        else:
            year_n = int(year)
        if day is None:
            return f"{year_n:04d}-{month:02d}"
        return _checked_iso(year_n, month, day)


def _checked_iso(year: int, month: int, day: int) -> str:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        raise NotAMention(f"no such day {year}-{month:02d}-{day:02d}") from None


def _closest_year(month: int, day: int | None, anchor: date) -> int:
    """Of the anchor's year and its neighbours, the one whose date (or month) is nearest."""
    def distance(year: int) -> int:
        if day is not None:
            try:
                return abs((date(year, month, day) - anchor).days)
            except ValueError:
                return 10 ** 6
        first = date(year, month, 1)
        last = date(year, month, calendar.monthrange(year, month)[1])
        if first <= anchor <= last:
            return 0
        return min(abs((first - anchor).days), abs((last - anchor).days))

    return min((anchor.year - 1, anchor.year, anchor.year + 1), key=lambda y: (distance(y), -y))


@lru_cache(maxsize=4096)
def _dateparse(text: str, language: str, order: str, ordinals: tuple[str, ...]) -> datetime | None:
    """dateparser on a found date string; a fixed base keeps the result deterministic.
    Only the month and day it reads are used, and its year where the text writes one
    (DateParser.parse): the base is the same for every document (2000, a leap year, so
    February 29 reads), and one string is parsed once whatever the document's date --
    dateparser takes about 2 ms a string."""
    import dateparser

    if ordinals:
        cleaned = re.sub(rf"(\d)(?:{_alternatives(ordinals)})\b", r"\1", text)
    else:
        cleaned = text
    cleaned = re.sub(r"(?<=\d)\s*[-–]\s*\d{1,2}\b", "", cleaned)  # March 3-5 -> March 3
    return dateparser.parse(cleaned, languages=[language], settings={
        "RELATIVE_BASE": datetime(2000, 1, 1),
        "PREFER_DAY_OF_MONTH": "first",
        "DATE_ORDER": order,
        "PARSERS": ["absolute-time"],
    })


def _alternatives(words) -> str:
    """A regex alternation of ``words``, longest first, each escaped."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
