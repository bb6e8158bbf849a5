"""Each normaliser case of the extraction guide, with counter-examples beside the examples."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from korea_tech.document import DocDate
from korea_tech.normalise import DateParser, MoneyParser, NotAMention, YearParser, plain_number
from korea_tech.ruleset import load_rules

RULES = load_rules().language("en")
MONEY = MoneyParser(RULES.tables)
YEARS = YearParser(RULES.tables)
DATES = DateParser(RULES.tables, "en")


def day(iso: str) -> DocDate:
    return DocDate(date.fromisoformat(iso), "day")


# ---------------------------------------------------------------- money
@pytest.mark.parametrize("text, currency, value, value_max", [
    ("KRW 114.1 trillion", "KRW", 114_100_000_000_000, None),
    ("KRW 117.2 billion won", "KRW", 117_200_000_000, None),
    ("9 trillion won", "KRW", 9_000_000_000_000, None),
    ("€84.5 m", "EUR", 84_500_000, None),
    ("$3.9 bn", "USD", 3_900_000_000, None),
    ("USD 6.8 billion", "USD", 6_800_000_000, None),
    ("W5.19tr", "KRW", 5_190_000_000_000, None),
    ("1.1 tln won", "KRW", 1_100_000_000_000, None),
    ("KRW 180 tn", "KRW", 180_000_000_000_000, None),
    ("one trillion won", "KRW", 1_000_000_000_000, None),
    ("two hundred billion won", "KRW", 200_000_000_000, None),
    ("13-point-five trillion won", "KRW", 13_500_000_000_000, None),
    ("KRW 5-8 billion", "KRW", 5_000_000_000, 8_000_000_000),
    ("won 1.5 trillion to 2 trillion", "KRW", 1_500_000_000_000, 2_000_000_000_000),
    ("US$5bn", "USD", 5_000_000_000, None),
    ("€1 billion", "EUR", 1_000_000_000, None),
    ("£250 million", "GBP", 250_000_000, None),
    ("¥3 trillion", "JPY", 3_000_000_000_000, None),
    ("5 billion yuan", "CNY", 5_000_000_000, None),
    ("KRW 1,000 billion", "KRW", 1_000_000_000_000, None),
    ("5,000억 원".replace(" 원", ""), None, 500_000_000_000, None),
])
def test_money_values(text, currency, value, value_max):
    money = MONEY.parse(text)
    assert money.currency == currency
    assert plain_number(money.value) == value
    assert plain_number(money.value_max) == value_max


@pytest.mark.parametrize("left, approx, bound", [
    ("invest ", False, None),
    ("(approximately ", True, None),
    ("about ", True, None),
    ("intend to invest over ", False, "min"),
    ("more than ", False, "min"),
    ("at least ", False, "min"),
    ("up to ", False, "max"),
    ("no more than ", False, "max"),
    ("less than ", False, "max"),
    ("moreover ", False, None),  # not "over"
])
def test_money_qualifiers(left, approx, bound):
    assert MONEY.qualifiers(left) == (approx, bound)


@pytest.mark.parametrize("text", ["€", "KRW", "won", "billion won"])
def test_not_money_without_a_number(text):
    with pytest.raises(NotAMention):
        MONEY.parse(text)


MAGNITUDE_WORDS = {"": 0, "thousand": 3, "million": 6, "m": 6, "mn": 6, "billion": 9, "bn": 9, "trillion": 12,
                   "tn": 12, "tln": 12, "tr": 12}
CURRENCY_FORMS = [("KRW {}", "KRW"), ("{} won", "KRW"), ("€{}", "EUR"), ("$ {}", "USD"), ("USD {}", "USD"),
                  ("{} Korean won", "KRW"), ("£{}", "GBP"), ("{} euros", "EUR")]


@settings(max_examples=300, deadline=None)
@given(whole=st.integers(min_value=1, max_value=999_999), decimals=st.integers(min_value=0, max_value=99),
       with_decimals=st.booleans(), grouped=st.booleans(), magnitude=st.sampled_from(sorted(MAGNITUDE_WORDS)),
       form=st.sampled_from(CURRENCY_FORMS))
def test_money_property_recovers_value(whole, decimals, with_decimals, grouped, magnitude, form):
    number = f"{whole:,}" if grouped else str(whole)
    expected = Decimal(whole)
    if with_decimals:
        number += f".{decimals:02d}"
        expected += Decimal(decimals) / 100
    amount = f"{number} {magnitude}".strip() if magnitude not in ("m", "mn", "bn", "tn", "tln", "tr") else f"{number}{magnitude}"
    template, currency = form
    money = MONEY.parse(template.format(amount))
    assert money.currency == currency
    assert money.value == expected * Decimal(10) ** MAGNITUDE_WORDS[magnitude]


# ---------------------------------------------------------------- years
@pytest.mark.parametrize("text, left, doc_date, start, end, role", [
    ("2028", "plans to pour KRW 117.2 billion won by ", None, 2028, 2028, "target"),
    ("2030", "until ", None, 2030, 2030, "target"),
    ("2027", "through ", None, 2027, 2027, "target"),
    ("2030", "no later than ", None, 2030, 2030, "target"),
    ("this year", "by the end of ", "2024-05-10", 2024, 2024, "target"),
    ("1999", "Since ", None, 1999, 1999, "since"),
    ("2019", "In ", None, 2019, 2019, "point"),
    ("2020 -2025", "", None, 2020, 2025, "period"),
    ("2024–2028", "project (", None, 2024, 2028, "period"),
    ("2020 to 2030", "from ", None, 2020, 2030, "period"),
    ("2017-2018", "", None, 2017, 2018, "period"),
    ("2017/18", "", None, 2017, 2018, "period"),
    ("2021 and 2025", "between ", None, 2021, 2025, "period"),
    ("FY2024", "", None, 2024, 2024, "point"),
    ("this year", "", "2024-03-11", 2024, 2024, "point"),
    ("last year", "", "2024-03-05", 2023, 2023, "point"),
    ("next year", "", "2024-03-05", 2025, 2025, "point"),
    ("the 2030s", "in ", None, 2030, 2039, "period"),
])
def test_years(text, left, doc_date, start, end, role):
    span = YEARS.parse(text, day(doc_date) if doc_date else None)
    assert (span.start, span.end, YEARS.role(span, left)) == (start, end, role)


def test_relative_year_without_document_date_is_null():
    span = YEARS.parse("this year", None)
    assert (span.start, span.end) == (None, None)


@pytest.mark.parametrize("text", ["4680", "1850", "2150", "2025-2020"])
def test_not_a_year(text):
    with pytest.raises(NotAMention):
        YEARS.parse(text, None)


# ---------------------------------------------------------------- dates
@pytest.mark.parametrize("text, doc_date, value, end", [
    ("August 29, 2023", None, "2023-08-29", None),
    ("29 August 2023", None, "2023-08-29", None),
    ("December 17th, 2019", None, "2019-12-17", None),
    ("Dec 16, 2017", None, "2017-12-16", None),
    ("March 5 2020", None, "2020-03-05", None),
    ("April 2020", None, "2020-04", None),
    ("2019, February", None, "2019-02", None),
    ("March 11", "2024-03-11", "2024-03-11", None),
    ("May 15", "2024-05-14", "2024-05-15", None),
    ("Mar. 4", "2024-03-05", "2024-03-04", None),
    ("November", "2024-03-05", "2023-11", None),
    ("September", "2024-03-05", "2023-09", None),
    ("April", "2024-05-09", "2024-04", None),
    ("March 20", "2021-06-01", "2021-03-20", None),
    ("this May", "2024-03-11", "2024-05", None),
    ("last September", "2024-03-05", "2023-09", None),
    ("last April", "2024-05-09", "2023-04", None),
    ("March 3-5", "2024-03-05", "2024-03-03", "2024-03-05"),
    ("January to April", "2024-05-09", "2024-01", "2024-04"),
    ("December 30", "2024-01-02", "2023-12-30", None),
    ("2024-03-11", None, "2024-03-11", None),
    ("May 15", None, None, None),  # no year and no document date to take it from: still a date
    ("this May", None, None, None),
    ("March 3-5", None, None, None),
])
def test_dates(text, doc_date, value, end):
    result = DATES.parse(text, day(doc_date) if doc_date else None)
    assert (result.value, result.end) == (value, end)


@pytest.mark.parametrize("text, doc_date", [
    ("February 30, 2023", None),  # no such day
    ("Tuesday", "2024-03-05"),
])
def test_not_a_date(text, doc_date):
    with pytest.raises(NotAMention):
        DATES.parse(text, day(doc_date) if doc_date else None)


_PHRASE_WORDS = ["up", "to", "over", "more", "than", "c.", "about", "at", "least", "(", "“", "Up", "by", "the", "end", "of", "약", "이상"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PHRASE_WORDS), min_size=1, max_size=8).map(" ".join), max_size=10),
       st.lists(st.sampled_from(_PHRASE_WORDS + ["  ", "\n", "x"]), max_size=12).map(" ".join))
def test_a_context_phrase_is_the_longest_phrase_ending_the_text_as_whole_words(phrases, left):
    """Phrases looked up by their last word find what reading every phrase against the
    last six words finds (the definition, spelled out here by brute force)."""
    from korea_tech.normalise import Phrases, _context_phrase

    words = left.lower().replace("(", " ").replace("“", " ").replace('"', " ").split()[-6:]
    whole = [p.lower() for p in phrases if 0 < len(p.split()) <= len(words)
             and " ".join(words[-len(p.split()):]) == p.lower()]
    glued = [p.lower() for p in phrases if p and not p[-1].isalnum() and " ".join(words).endswith(p.lower())]
    expected = None
    for p in sorted(whole, key=lambda p: len(p.split())) + glued:
        if expected is None or len(p) > len(expected):
            expected = p
    assert _context_phrase(left, Phrases(phrases)) == expected


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 9999), st.sampled_from([None, "2024-05-08"]))
def test_four_digits_read_at_once_are_read_as_the_whole_reading_reads_them(number, doc_date):
    """Four ASCII digits take a short path; with a space before them they take the whole
    reading (the same text to it): both give the same years, or both say not a year."""
    text, when = f"{number:04d}", day(doc_date) if doc_date else None
    for parser in (YEARS, YearParser(load_rules().language("ko").tables)):
        try:
            short = parser.parse(text, when)
        except NotAMention:
            with pytest.raises(NotAMention):
                parser.parse(" " + text, when)
        else:
            assert parser.parse(" " + text, when) == short


def test_four_digits_the_rules_read_otherwise_are_not_taken_as_a_year():
    tables = {**RULES.tables, "relative_years": {**RULES.tables.get("relative_years", {}), "2000": 0}}
    assert YearParser(tables).parse("2000", day("2024-05-08")).start == 2024


KO_MONEY = MoneyParser(load_rules().language("ko").tables)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([MONEY, KO_MONEY]), st.data())
def test_words_after_an_amount_are_looked_up_as_every_phrase_would_be_tried(parser, data):
    """The phrases that may follow an amount, found by their first character, qualify it
    as trying each phrase in turn does (a phrase, a longer word that begins with one, a
    bracketed equivalent before one, or none)."""
    from korea_tech.normalise import _past_aside, _starts_with

    phrases = [p for kind in ("min", "max", "approx") for p in parser.after[kind]]
    right = data.draw(st.one_of(
        st.sampled_from(phrases).map(lambda p: " " + p + " 2030"),
        st.sampled_from(phrases).map(lambda p: p + "s"),
        st.sampled_from(phrases).map(lambda p: "(about $5) " + p),
        st.text("aoe 이상가-+()", max_size=8)))
    after = _past_aside(" ".join(right.lower().split()))
    bound = next((kind for kind in ("min", "max") if any(_starts_with(after, p) for p in parser.after[kind])), None)
    approx = any(_starts_with(after, p) for p in parser.after["approx"])
    assert parser.qualifiers("", right) == (approx, bound)


def test_signs_sharing_a_first_character_are_tried_longest_first():
    """Amounts are tried only against the signs that can open them, longest first: a
    shorter sign of the same first character still reads what the longer one does not."""
    parser = MoneyParser({"currencies": [{"code": "SGD", "signs": ["S$"]}, {"code": "SEK", "signs": ["S"]},
                                         {"code": "KRW", "signs": ["₩"]}]})
    assert parser.parse("S$ 5").currency == "SGD"
    assert parser.parse("S 5").currency == "SEK"
    assert parser.parse("₩5").currency == "KRW"
    assert parser.parse("5").currency is None
    # not a sign: a letter sign glued to a word
    with pytest.raises(NotAMention):
        parser.parse("Sweden 5")
