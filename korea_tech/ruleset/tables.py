"""The structured vocabularies (``tables:`` of vocabulary files): their expected shapes,
checked on load, and the word lists patterns use (``$currency_codes``, ``$month_names``
...) derived from them.
"""
from __future__ import annotations

import re
from typing import Any, Callable

from .compose import Settings
from .model import RuleError

Check = Callable[[Any], str | None]  # returns the problem, or None


def _words(value) -> str | None:
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        return "must be a list of words"
    return None


def _mapping_of(check: Check, keys: Check | None = None) -> Check:
    def run(value):
        if not isinstance(value, dict):
            return "must be a mapping"
        for k, v in value.items():
            if keys is not None and keys(k):
                return f"key {k!r} {keys(k)}"
            problem = check(v)
            if problem:
                return f"{k!r} {problem}"
        return None
    return run


def _number(value) -> str | None:
    return None if isinstance(value, (int, float)) and not isinstance(value, bool) else "must be a number"


def _whole(value) -> str | None:
    return None if isinstance(value, int) and not isinstance(value, bool) else "must be a whole number"


def _text(value) -> str | None:
    return None if isinstance(value, str) else "must be text"


def regex_problem(value) -> str | None:
    """What is wrong with ``value`` as a rule's regular expression (None: nothing); the
    loader checks single settings (heading_regex) with it too."""
    if not isinstance(value, str):
        return "must be a regular expression (text)"
    try:
        re.compile(value)
    except re.error as exc:
        return f"is not a valid regular expression ({exc})"
    return None


def _list_of(check: Check) -> Check:
    def run(value):
        if not isinstance(value, list):
            return "must be a list"
        for item in value:
            problem = check(item)
            if problem:
                return f"item {item!r} {problem}"
        return None
    return run


def _record(required: dict[str, Check], optional: dict[str, Check]) -> Check:
    def run(value):
        if not isinstance(value, dict):
            return "must be a mapping"
        for key, check in required.items():
            if key not in value:
                return f"is missing {key!r}"
        for key, item in value.items():
            check = required.get(key) or optional.get(key)
            if check is None:
                return f"has an unknown key {key!r} (known: {', '.join(sorted(required | optional))})"
            problem = check(item)
            if problem:
                return f"{key!r} {problem}"
        return None
    return run


def _currency_code(value) -> str | None:
    return None if isinstance(value, str) and re.fullmatch(r"[A-Z]{3}", value) else "must be an ISO 4217 code"


def _month_number(key) -> str | None:
    return None if isinstance(key, int) and 1 <= key <= 12 else "must be a month number, 1 to 12"


TABLES: dict[str, Check] = {
    # money
    "currencies": _list_of(_record({"code": _currency_code}, {"signs": _words, "attached_signs": _words,
                                                               "words": _words, "modifiers": _words})),
    "magnitudes": _mapping_of(_whole),
    "number_words": _mapping_of(_number),
    "decimal_words": _words,
    "article_numbers": _mapping_of(_number),
    "fraction_words": _mapping_of(_number),
    "fraction_joiners": _words,
    "qualifiers_after": _record({}, {"approx": _words, "min": _words, "max": _words}),
    "change_words": _words,
    "qualifiers": _record({}, {"approx": _words, "min": _words, "max": _words}),
    "range_connectors": _words,
    "equivalence": _record({}, {"tolerance": _number, "link_words": _words, "slips": _mapping_of(_text, _whole)}),
    "bare_amount": _record({}, {"min_magnitude": _whole, "free_magnitude": _whole, "context_currency": _currency_code}),
    "bare_money_context": _words,
    "grouped_magnitudes": _record({"small": _mapping_of(_whole), "big": _mapping_of(_whole)}, {"approx_marks": _words}),
    "conversion": _record({"targets": _list_of(_currency_code)}, {}),
    # calendar
    "years": _record({"min": _whole, "max": _whole}, {}),
    "months": _mapping_of(_words, _month_number),
    "relative": _mapping_of(_whole),
    "relative_year_nouns": _words,
    "fiscal_prefixes": _words,
    "ordinal_suffixes": _words,
    "decade_articles": _words,
    "date_order": lambda v: None if v in ("MDY", "DMY", "YMD") else "must be MDY, DMY or YMD",
    "decade_parts": _mapping_of(_record({"from": _whole, "to": _whole}, {})),
    "duration_units": _mapping_of(_record({"unit": lambda v: None if v in ("year", "month", "week", "day")
                                           else "must be year, month, week or day", "factor": _number}, {})),
    "duration_approx": _words,
    "year_roles": _mapping_of(_words),
    "year_roles_after": _mapping_of(_words),
    "relative_years": _mapping_of(_whole),
    "relative_direction": _mapping_of(lambda v: None if v in ("past", "future") else "must be past or future"),
    "date_forms": _list_of(regex_problem),
    "date_range_connectors": _words,
    "two_digit_year_marks": _words,
    "programme_written_variants": lambda v: None if isinstance(v, bool) else "must be true or false",
    # countries and names
    "countries": _mapping_of(_words),
    "default_country": lambda v: None if isinstance(v, str) and re.fullmatch(r"[A-Z]{2}", v) else "must be an ISO 3166 alpha-2 code",
    "country_possessives": _words,
    "country_adjective_endings": _words,
    "country_after": regex_problem,
    "glued_country_prefixes": _mapping_of(lambda v: None if isinstance(v, str) and re.fullmatch(r"[A-Z]{2}", v)
                                          else "must be an ISO 3166 alpha-2 code"),
    "acronym_definitions": _list_of(regex_problem),
    "ministry_rewrites": _list_of(_record({"pattern": regex_problem, "canonical": _text}, {})),
}


def check_tables(tables: Settings) -> None:
    for name, value in tables.data.items():
        where = tables.origin.get((name,), "?:0")
        check = TABLES.get(name)
        if check is None:
            raise RuleError.at(where, f"unknown table {name!r} (known: {', '.join(sorted(TABLES))})")
        problem = check(value)
        if problem:
            raise RuleError.at(where, f"table {name!r}: {problem}")


def derive_vocab(tables: dict, vocab: dict[str, list[str]]) -> None:
    """Word lists that patterns use ($name), made from the structured tables."""
    def add(name: str, words) -> None:
        vocab.setdefault(name, []).extend(words)

    for cur in tables.get("currencies", []):
        add("currency_signs", cur.get("signs", []))
        # Codes and letter signs in any letter case: "eur 40", "40 krw"
        add("currency_code_words", [w.lower() for w in [cur["code"], *cur.get("signs", [])] if w[:1].isalpha()])
        add("currency_attached_signs", cur.get("attached_signs", []))
        add("currency_codes", [cur["code"]])
        add("currency_words", [w.lower() for w in cur.get("words", [])])
        add("currency_modifiers", [w.lower() for w in cur.get("modifiers", [])])
    add("magnitudes", [str(m).lower() for m in tables.get("magnitudes", {})])
    grouped = tables.get("grouped_magnitudes") or {}
    add("big_units", list(grouped.get("big") or {}))
    add("range_connectors", list(tables.get("range_connectors", [])))
    add("number_units", [*(grouped.get("small") or {}), *(grouped.get("big") or {}), *grouped.get("approx_marks", [])])
    add("number_words", list(tables.get("number_words", {})))
    add("article_numbers", list(tables.get("article_numbers", {})))
    add("fraction_words", list(tables.get("fraction_words", {})))
    add("fraction_joiners", list(tables.get("fraction_joiners", [])))
    add("decimal_words", list(tables.get("decimal_words", [])))
    for number in sorted(tables.get("months", {})):
        names = tables["months"][number]
        if names:
            add("month_full", [names[0]])
            add("month_names", names)
    add("relative_words", list(tables.get("relative", {})))
    for names in (tables.get("countries") or {}).values():
        add("country_words", [n.lower() for n in names if " " not in n])
    for name in list(vocab):
        vocab[name] = list(dict.fromkeys(vocab[name]))
