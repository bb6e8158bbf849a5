"""Money end to end: every written form in context, conversions at the document's date, and the
check of stated equivalents."""
from __future__ import annotations

import functools
import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from korea_tech.cli import app
from korea_tech.convert import RateTable, round_money

from .conftest import SEEDS, collect

RATES = RateTable()


@pytest.mark.parametrize("text, span, currency, value, value_max, approx, bound", [
    ("fees of KRW 5-8 billion/case apply", "KRW 5-8 billion", "KRW", 5e9, 8e9, False, None),
    ("between 2 and 3 trillion won", "2 and 3 trillion won", "KRW", 2e12, 3e12, False, None),
    ("some won 1.5 trillion to 2 trillion", "won 1.5 trillion to 2 trillion", "KRW", 1.5e12, 2e12, True, None),
    ("a budget of ₩903 000 million", "₩903 000 million", "KRW", 903e9, None, False, None),
    ("costs 13-point-five trillion won", "13-point-five trillion won", "KRW", 13.5e12, None, False, None),
    ("grants of 5 million Korean won", "5 million Korean won", "KRW", 5e6, None, False, None),
    ("up to JPY 300 billion", "JPY 300 billion", "JPY", 300e9, None, False, "max"),
    ("about US$ 1.2 billion", "US$ 1.2 billion", "USD", 1.2e9, None, True, None),
    ("raised 2.3 mn USD", "2.3 mn USD", "USD", 2.3e6, None, False, None),
    ("a KRW 5,000억 package", "KRW 5,000억", "KRW", 500e9, None, False, None),
    ("at least KRW 1.2tn", "KRW 1.2tn", "KRW", 1.2e12, None, False, "min"),
    ("nearly £3.5m", "£3.5m", "GBP", 3.5e6, None, True, None),
    ("more than 5 billion yuan", "5 billion yuan", "CNY", 5e9, None, False, "min"),
    ("two hundred billion won", "two hundred billion won", "KRW", 200e9, None, False, None),
    ("W5.19tr into R&D", "W5.19tr", "KRW", 5.19e12, None, False, None),
])
def test_money_forms_in_context(mentions, text, span, currency, value, value_max, approx, bound):
    (found,) = mentions(text, "2024-01-10", "MONEY")
    _, got_span, norm = found
    assert got_span == span
    assert (norm["currency"], norm["value_max"], norm["approx"], norm["bound"]) == (currency, value_max, approx, bound)
    assert norm["value"] == pytest.approx(value)


@pytest.mark.parametrize("text", [
    "Figures in (€ m) and KRW terms",       # currency words with no number
    "Exports rose 15% in 2024",             # percentage and year
    "Call 02-2110-5000 for details",        # phone number
    "It created 1.9 million jobs",          # a count
    "a heading: Funding (EUR 0 m)",         # zero placeholder
])
def test_not_money(mentions, text):
    assert mentions(text, "2024-01-10", "MONEY") == []


def test_conversion_at_the_document_date(mentions):
    ((_, _, norm),) = mentions("MSIT will invest KRW 1.1 trillion.", "2020-04-28", "MONEY")
    eur_per = RATES.per_eur("KRW", date(2020, 4, 28))[0]
    usd_per = RATES.per_eur("USD", date(2020, 4, 28))[0]
    assert norm["rate_date"] == "2020-04-28"
    assert norm["value_krw"] == 1_100_000_000_000
    assert norm["value_eur"] == pytest.approx(1.1e12 / eur_per, rel=1e-9)
    assert norm["value_usd"] == pytest.approx(1.1e12 / eur_per * usd_per, rel=1e-9)
    assert norm["eur_rates"]["KRW"] == eur_per and norm["conversion_note"] is None


def test_weekend_uses_the_last_published_rate(mentions):
    ((_, _, norm),) = mentions("A fund of $2 billion.", "2021-06-05", "MONEY")  # a Saturday
    assert norm["rate_date"] == "2021-06-04"


def test_ranges_convert_both_ends(mentions):
    ((_, _, norm),) = mentions("KRW 5-8 billion", "2022-03-02", "MONEY")
    assert norm["value_max_eur"] == pytest.approx(norm["value_eur"] * 8 / 5, rel=1e-6)


def test_an_undated_document_converts_nothing_and_says_why(mentions):
    """A year near an amount is often a target year: its rate is unknown, so no guess."""
    ((_, _, target),) = [m for m in mentions("By 2030 it will spend KRW 3 trillion.", None) if m[0] == "MONEY"]
    assert target["value_eur"] is None and target["rate_date"] is None
    assert target["conversion_note"] == "no document date (give one with --date or --dates)"
    ((_, _, given),) = mentions("By 2030 it will spend KRW 3 trillion.", "2019-05-02", "MONEY")
    assert given["rate_date"] == "2019-05-02" and given["value_eur"] > 0


def test_stated_equivalent_is_checked(engine):
    text = "It invests KRW 114.1 trillion (approximately €84.5 m) and $3.9 bn (approximately €3.3 bn)."
    rows = collect(engine, [text], doc_date="2021-06-01").rows
    checks = {m["text"]: m["check"] for m in rows if m["check"]}
    wrong, right = checks["€84.5 m"], checks["€3.3 bn"]
    assert wrong["status"] == "mismatch" and wrong["equivalent_of"]["text"] == "KRW 114.1 trillion"
    assert wrong["factor"] == pytest.approx(0.001, rel=0.05) and "m for bn" in wrong["note"]
    assert right["status"] == "ok"


def test_seed_001_findings_are_the_thousandfold_slips(engine):
    rows = collect(engine, [SEEDS / "001_9afce32a7e5c5600.txt"], labels=["MONEY"]).rows
    checked = [r for r in rows if r["check"]]
    mismatches = [r for r in checked if r["check"]["status"] == "mismatch"]
    assert len(mismatches) == 12
    assert all(r["check"]["factor"] == pytest.approx(0.001, rel=0.05) for r in mismatches)
    ok = {r["text"]: r["check"]["equivalent_of"]["text"] for r in checked if r["check"]["status"] == "ok"}
    assert ok == {"€452 m": "600 billion won", "€3.3 bn": "$3.9 bn"}


def test_check_and_normalize_commands(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["check", str(SEEDS), "--format", "json"])
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)["findings"]
    assert len(findings) == 12 and {f["status"] for f in findings} == {"mismatch"}
    every = json.loads(runner.invoke(app, ["check", str(SEEDS), "--all", "--format", "json"]).stdout)["findings"]
    assert len(every) == 14
    strict = json.loads(runner.invoke(app, ["check", str(SEEDS), "--tolerance", "0.01", "--format", "json"]).stdout)
    strict = strict["findings"]
    assert len(strict) > 12  # the 2% off €452 m is now a finding too
    one = runner.invoke(app, ["normalize", "KRW 1.1 tln", "--date", "2020-04-28"])
    assert one.exit_code == 0
    norm = json.loads(one.stdout)["norm"]
    assert norm["value"] == 1_100_000_000_000 and norm["rate_date"] == "2020-04-28"
    many = runner.invoke(app, ["normalize", "-", "--date", "2024-05-08"], input="over 9 trillion won\nby 2030\nhello\n")
    assert many.exit_code == 1  # "hello" holds nothing to normalise
    lines = [json.loads(line) for line in many.stdout.splitlines()]
    assert [line["label"] for line in lines] == ["MONEY", "YEAR", None]
    assert lines[0]["norm"]["bound"] == "min"


def test_several_currencies_on_one_date_each_get_their_own_rates(mentions):
    found = mentions("KRW 5 billion, JPY 300 billion and KRW 6 billion.", "2024-01-10", "MONEY")
    krw5, jpy, krw6 = (n for _, _, n in found)
    assert krw6["value_eur"] == pytest.approx(krw5["value_eur"] * 6 / 5, rel=1e-9)
    assert jpy["eur_rates"]["JPY"] == RATES.per_eur("JPY", date(2024, 1, 10))[0]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(min_value=0.01, max_value=1e15, allow_nan=False), min_size=1, max_size=6),
       st.sampled_from(["KRW", "USD", "EUR", "JPY", "GBP"]), st.dates(date(2005, 1, 1), date(2024, 6, 1)))
def test_amounts_converted_together_equal_each_converted_alone(amounts, currency, day):
    """One pint conversion over an array gives each amount the bits it gets alone."""
    together = RATES.convert_many(amounts, currency, day)
    assert together == [RATES.convert(a, currency, day) for a in amounts]
    if currency in together[0]["values"]:  # the target currencies: KRW, USD, EUR
        assert together[0]["values"][currency] == amounts[0]


def test_a_document_converts_each_amount_and_range_bound(mentions):
    found = mentions("KRW 5 billion, KRW 5 billion again, and 2-3 trillion won.", "2024-01-10", "MONEY")
    one, again, span = (n for _, _, n in found)
    day = date(2024, 1, 10)
    assert one["value_usd"] == again["value_usd"] == round_money(RATES.convert(5e9, "KRW", day)["values"]["USD"])
    assert span["value_max_usd"] == round_money(RATES.convert(3e12, "KRW", day)["values"]["USD"])
    assert span["value_usd"] == round_money(RATES.convert(2e12, "KRW", day)["values"]["USD"])


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["KRW", "USD", "JPY", "GBP", "CNY", "CHF", "INR", "EUR"]),
       st.dates(date(1999, 1, 1), date(2025, 6, 1)))
def test_a_table_of_the_rules_currencies_has_their_rates_and_no_others(code, day):
    """The rate table read with only some currencies' columns (the codes the rules name)
    gives each of them the rates the whole ECB file gives; a currency left out has none."""
    some = _some_currencies()
    assert some.per_eur(code, day) == RATES.per_eur(code, day)
    assert some.convert(1e9, code, day) == RATES.convert(1e9, code, day)
    assert some.per_eur("SEK", day) is None and RATES.per_eur("SEK", day) is not None
    assert some.last_day == RATES.last_day


@functools.lru_cache(maxsize=1)
def _some_currencies():
    return RateTable(currencies=["KRW", "USD", "JPY", "GBP", "CNY", "CHF", "INR", "TWD"])


def test_an_engine_reads_the_rates_of_every_currency_its_rules_name(engine):
    codes = {entry["code"] for rules in engine.rules.languages.values() for entry in rules.tables["currencies"]}
    ecb = engine.rates().ecb.currencies
    assert {"KRW", "USD", "EUR", "JPY", "CNY", "GBP"} <= codes
    assert ecb == (codes & RATES.ecb.currencies) and "SEK" not in ecb
