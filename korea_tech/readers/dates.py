"""Document dates: the stamps, bylines, leading date lines and datelines texts carry, and
the dates in file names, as rules/<language>/documents.yaml describes them.

A stamp or byline (``Published : 2019-12-11 14:03``, ``date 2023-04-11``, a ``Date``
field, ``2023.06.01 13:12:02 |``, ``November 24, 2023, by …``) is metadata: it dates the
document and holds no mention. A leading date line (``June 2021``, ``Tuesday, September
18, 2007``) and a dateline with a year (``WASHINGTON, March 3, 2024 (AP) --``) date the
document and are mentions too. The first publication wins over an update.

Regexes may name parts of the documents rules: ``{date}`` (any of ``date_formats``, as the
group ``date``), ``{anydate}`` (the same, not read), ``{time}`` (``time_formats``),
``{month}`` and ``{weekday}``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import islice

from ..document import DocDate
from ..regexes import (in_one_line, line_led, line_start_matches, may_match, missing_groups, needle_line_matches,
                       needles)


def _alternation(patterns) -> str:
    return "|".join(f"(?:{p})" for p in patterns) or "(?!)"


class Templates:
    """Expands ``{date}``, ``{time}``, ``{month}`` and ``{weekday}`` in a rule's regex."""

    def __init__(self, config: dict):
        self.parts = {"month": config.get("month_regex", "(?!)"), "weekday": config.get("weekday_regex", "(?!)")}
        formats = [self._fill(f) for f in config.get("date_formats", [])]
        self.parts["time"] = _alternation(config.get("time_formats", []))
        self.parts["anydate"] = _alternation(formats)  # a date not read (a second one in a stamp)
        self.parts["date"] = f"(?P<date>{_alternation(formats)})"

    def _fill(self, regex: str) -> str:
        for name, value in self.parts.items():
            regex = regex.replace("{" + name + "}", f"(?:{value})")
        return regex

    def compile(self, regex: str, flags: int = re.MULTILINE) -> re.Pattern:
        return _compiled(regex, self._fill(regex), flags)


@dataclass(frozen=True)
class Stamp:
    regex: re.Pattern
    scope: str  # item | file
    source: str  # stamp | byline
    role: str  # published | updated
    script: re.Pattern | None = None  # read only in texts with a letter of this script
    line_led: bool = False  # found by trying line starts only (regexes.line_led)
    needles: tuple[str, ...] = ()  # a text with none of these has no match (regexes.needles)
    one_line: bool = False  # every match inside one line (regexes.in_one_line)

    def finditer(self, text: str, found: dict[str, bool] | None = None):
        if not may_match(self.needles, text, found):
            return ()
        if self.line_led:
            return line_start_matches(self.regex, text)
        if self.one_line and self.needles:
            return needle_line_matches(self.regex, self.needles, text)
        return self.regex.finditer(text)


def _script_of(language: str | None) -> re.Pattern | None:
    """The script a stamp of ``language``'s rules needs in a text; None for the rules of
    every language and for the default language (a text no script claims is read as it)."""
    if not language:
        return None
    from ..languages import DEFAULT, script

    return None if language == DEFAULT else script(language)


def _with_groups(compiled: re.Pattern, regex: str, groups: tuple[str, ...]) -> re.Pattern:
    """``compiled`` (from the rule's ``regex``) if it has the named groups the reader takes
    (a stamp's date, a file name's year, month and day); else found when the rules load,
    not when a document first matches it."""
    missing = missing_groups(compiled, groups)
    if missing:
        hint = ": put {date} in it" if "date" in missing else ""
        raise ValueError(f"regular expression {regex!r} has no group named {', '.join(missing)}{hint}")
    return compiled


def _compiled(regex: str, filled: str | None = None, flags: int = 0) -> re.Pattern:
    """A rule's ``regex`` (as ``filled`` in, if it was): a ValueError that names it if bad."""
    try:
        return re.compile(regex if filled is None else filled, flags)
    except re.error as exc:
        raise ValueError(f"bad regular expression {regex!r}: {exc}") from None


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    date: date
    stamp: Stamp


class DateReader:
    def __init__(self, config: dict):
        templates = Templates(config)
        self.stamps = [Stamp(rx, s.get("scope", "item"), s.get("source", "stamp"), s.get("role", "published"),
                             _script_of(s.get("language")), line_led(rx), needles(rx), in_one_line(rx))
                       for s in config.get("stamps", [])
                       for rx in [_with_groups(templates.compile(s["regex"]), s["regex"], ("date",))]]
        self.date_lines = [templates.compile(rx) for rx in config.get("date_lines", [])]
        self.datelines = [_with_groups(templates.compile(rx), rx, ("date",)) for rx in config.get("datelines", [])]
        self.file_names = [_with_groups(_compiled(rx), rx, ("y", "m", "d")) for rx in config.get("file_name_dates", [])]
        self.languages = tuple(config.get("date_languages", ()))
        self.order = config.get("date_order", "MDY")
        self.window = int(config.get("date_line_window", 12))

    def stamps_in(self, text: str, start: int, end: int) -> list[Found]:
        """Every stamp between ``start`` and ``end`` whose date reads, in text order (``^``
        in a stamp's regex matches at ``start`` too)."""
        found = []
        part = text[start:end]
        # A stamp from a language's rule file is read only where that language's script
        # is (Korean stamps in a text with Hangul): each stamp regex scans the whole text,
        # and most of them could not match a text in another script anyway.
        present: dict = {}
        needles_found: dict[str, bool] = {}  # the stamps share needles (수정, 입력)
        for stamp in self.stamps:
            if stamp.script is not None:
                if stamp.script not in present:
                    present[stamp.script] = stamp.script.search(part) is not None
                if not present[stamp.script]:
                    continue
            for m in stamp.finditer(part, needles_found):
                value = parse_date(m.group("date"), self.languages, self.order)
                if value is not None:
                    found.append(Found(start + m.start(), start + m.end(), value, stamp))
        found.sort(key=lambda f: (f.start, -f.end))
        kept, last_end = [], -1
        for f in found:  # one stamp per stretch: the longest reading of it
            if f.start >= last_end:
                kept.append(f)
                last_end = f.end
        return kept

    @staticmethod
    def publication(found: list[Found]) -> Found | None:
        """The document's date among its stamps: the first publication, else the first update."""
        published = [f for f in found if f.stamp.role != "updated"]
        return (published or found or [None])[0]

    def leading_line(self, body: str) -> DocDate | None:
        """A line near the top holding only a date: "June 2021", "Tuesday, September 18, 2007"."""
        if not self.date_lines:
            return None
        for ln in islice((ln for ln in body.splitlines() if ln.strip()), self.window):
            for rx in self.date_lines:
                if rx.fullmatch(ln.strip()):
                    return parse_line(ln.strip(), self.languages)
        return None

    def dateline(self, body: str) -> DocDate | None:
        """A dateline with a full date that opens the text: "WASHINGTON, March 3, 2024 (AP) --"."""
        for ln in islice((ln for ln in body.splitlines() if ln.strip()), self.window):
            for rx in self.datelines:
                m = rx.match(ln.strip())
                if m:
                    value = parse_date(m.group("date"), self.languages, self.order)
                    if value is not None:
                        return DocDate(value, "day")
        return None

    def file_name(self, name: str) -> DocDate | None:
        """A date in the file name: 2024-03-05_release.txt, 20240305-note.md."""
        for rx in self.file_names:
            for m in rx.finditer(name):
                try:
                    value = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
                except ValueError:
                    continue
                return DocDate(value, "day")
        return None


_NUMERIC_YMD = re.compile(r"(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})\.?")
_NUMERIC_OTHER = re.compile(r"(?:[^\W\d_]+\.?,?\s+)?(\d{1,2})\s*([-./])\s*(\d{1,2})\s*[-./]\s*(\d{4}|\d{2})")


@lru_cache(maxsize=4096)
def parse_date(text: str, languages: tuple[str, ...] = (), order: str = "MDY") -> date | None:
    """A full date written any usual way (year, month and day), else None."""
    t = " ".join(text.split())
    try:
        m = _NUMERIC_YMD.fullmatch(t)
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
        m = _NUMERIC_OTHER.fullmatch(t)
        if m:
            a, b, y = int(m[1]), int(m[3]), int(m[4])
            y = y + 2000 if y < 100 else y
            # 12/22/2008 follows the language's order; 11.11.2015 is day first wherever it is written
            month, day = (b, a) if order.startswith("D") or m[2] == "." else (a, b)
            return date(y, month, day)
    except ValueError:
        return None
    import dateparser

    parsed = dateparser.parse(t, languages=list(languages) or None, settings={
        "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": order,
        "PARSERS": ["absolute-time"]})
    return parsed.date() if parsed else None


@lru_cache(maxsize=4096)
def parse_line(line: str, languages: tuple[str, ...] = ()) -> DocDate | None:
    """A leading "June 2021" (month precision) or "17 January 2019" (day precision)."""
    import dateparser

    has_day = bool(re.search(r"(?<!\d)\d{1,2}(?!\d)", line))
    parsed = dateparser.parse(line, languages=list(languages) or None,
                              settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["month", "year"]})
    if parsed is None:
        return None
    return DocDate(parsed.date() if has_day else parsed.date().replace(day=1), "day" if has_day else "month")
