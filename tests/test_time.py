"""Years, periods, dates and durations in context, with the forms that are not years beside them."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, span, start, end, role", [
    ("Sales will double by 2028.", "2028", 2028, 2028, "target"),
    ("The rule applies until 2030.", "2030", 2030, 2030, "target"),
    ("Funding runs through 2027.", "2027", 2027, 2027, "target"),
    ("It was extended to 2026.", "2026", 2026, 2026, "target"),
    ("Plants close no later than 2030.", "2030", 2030, 2030, "target"),
    ("Sites will be chosen by the end of this year.", "this year", 2024, 2024, "target"),
    ("Korea has led since 1999.", "1999", 1999, 1999, "since"),
    ("It began in 2019.", "2019", 2019, 2019, "point"),
    ("The plan covers 2020-2025.", "2020-2025", 2020, 2025, "period"),
    ("Deal\t2020 -2025\tKRW 1 trillion", "2020 -2025", 2020, 2025, "period"),
    ("A testbed (2024–2028) opens.", "2024–2028", 2024, 2028, "period"),
    ("It runs from 2020 to 2030.", "2020 to 2030", 2020, 2030, "period"),
    ("It runs between 2021 and 2025.", "2021 and 2025", 2021, 2025, "period"),
    ("The 2017/18 budget grew.", "2017/18", 2017, 2018, "period"),
    ("The FY2024 budget grew.", "FY2024", 2024, 2024, "point"),
    ("Demand peaks in the mid-2020s.", "mid-2020s", 2024, 2026, "period"),
    ("Demand peaks in the 2030s.", "2030s", 2030, 2039, "period"),
    ("Exports rose this year.", "this year", 2024, 2024, "point"),
    ("Exports fell last year.", "last year", 2023, 2023, "point"),
    ("Exports will rise next year.", "next year", 2025, 2025, "point"),
    ("It launches in the first half of this year.", "this year", 2024, 2024, "point"),
    ("Trade goes digital by the year 2021.", "2021", 2021, 2021, "target"),
])
def test_year_forms(mentions, text, span, start, end, role):
    found = mentions(text, "2024-05-08", "YEAR")
    assert [(t, n["start"], n["end"], n["role"]) for _, t, n in found] == [(span, start, end, role)]


@pytest.mark.parametrize("text", [
    "The Vision 2025 strategy and the RE 2030 plan were revised.",        # programme names
    "See https://example.org/files/2020-06/report_2019.pdf for more.",   # URL
    "ISBN 978-92-2019-706-5 and doi: 10.2826/2019.",                      # identifiers
    "It plans 2 000 factories and 2000 robots.",                          # counts
    "The 4680 battery line is ready.",                                    # model number
    "As shown on p. 2019 of the report.",                                 # page number
    "It grew fast<sup>2019</sup> in Seoul.",                              # footnote marker
    "Introduction ..... 2019",                                            # contents line
    "The previous year and the following year were slow.",                # not relative years
    "Held at the PDAC Convention 2024 in Toronto.",                       # event name
])
def test_not_years(mentions, text):
    assert mentions(text, "2024-05-08", "YEAR") == []


@pytest.mark.parametrize("text, years", [
    ("Row 12345 of the table.", []),
    ("It employs 250000 people.", []),
    ("In 2024 it grew.", ["2024"]),
])
def test_five_digits_are_not_proposed_as_a_year(engine, text, years):
    """spaCy writes the shape of 12345 as dddd too: the single-year rule also asks for four
    characters, so a table's row numbers and counts are no candidates to read and drop."""
    english = engine.pipeline("en")
    found = english.finder.find_all([english.nlp(text)])[0]
    assert [text[c.start:c.end] for c in found if c.label == "YEAR" and not c.block] == years


@pytest.mark.parametrize("text, span, value, end", [
    ("Signed on August 29, 2023 in Seoul.", "August 29, 2023", "2023-08-29", None),
    ("Signed on 29 August 2023 in Seoul.", "29 August 2023", "2023-08-29", None),
    ("Talks on Aug. 29 went well.", "Aug. 29", "2024-08-29", None),
    ("Talks on Mar. 4 went well.", "Mar. 4", "2024-03-04", None),
    ("Launched on December 17th, 2019.", "December 17th, 2019", "2019-12-17", None),
    ("Launched in April 2020.", "April 2020", "2020-04", None),
    ("A meeting this May in Seoul.", "this May", "2024-05", None),
    ("Compared with last September.", "last September", "2023-09", None),
    ("Visits from March 3-5 in Jakarta.", "March 3-5", "2024-03-03", "2024-03-05"),
    ("Exports from January to April rose.", "January to April", "2024-01", "2024-04"),
    ("It took effect on 2024-03-11 in Seoul.", "2024-03-11", "2024-03-11", None),
    ("A summit on May 15 (local time).", "May 15", "2024-05-15", None),
])
def test_date_forms(mentions, text, span, value, end):
    found = mentions(text, "2024-05-08", "DATE")
    assert [(t, n["value"], n["end"]) for _, t, n in found] == [(span, value, end)]


@pytest.mark.parametrize("text", [
    "The meeting on Tuesday went well.",
    "Payment is due on the 30th.",
    "Partners may join later.",
])
def test_not_dates(mentions, text):
    assert mentions(text, "2024-05-08", "DATE") == []


@pytest.mark.parametrize("text, span, value, unit, approx, start, end", [
    ("It will invest over 5 years.", "5 years", 5, "year", False, None, None),
    ("It runs for 10 years from 2020.", "10 years", 10, "year", False, 2020, 2029),
    ("It runs for 10 years from 2020 to 2030.", "10 years", 10, "year", False, 2020, 2030),
    ("It plans over the next six months.", "next six months", 6, "month", False, None, None),
    ("Spread over a five-year period.", "five-year period", 5, "year", False, None, None),
    ("A 3-year programme starts.", "3-year", 3, "year", False, None, None),
    ("It took about two decades.", "two decades", 20, "year", True, None, None),
    ("It lasts 12 weeks.", "12 weeks", 12, "week", False, None, None),
    ("Invest over five years by 2028.", "five years", 5, "year", False, 2024, 2028),
])
def test_durations(mentions, text, span, value, unit, approx, start, end):
    found = mentions(text, "2024-05-08", "DURATION")
    assert [(t, n["value"], n["unit"], n["approx"], n["start"], n["end"]) for _, t, n in found] == [
        (span, value, unit, approx, start, end)]


@pytest.mark.parametrize("text", [
    "Sales rose 5 percent year-on-year.",
    "It was founded 5 years ago.",
    "Reports come once a year.",
    "It is 30 years old.",
])
def test_not_durations(mentions, text):
    assert mentions(text, "2024-05-08", "DURATION") == []
