"""Mentions from short texts written for these tests: the rules must generalise beyond the seeds."""
from __future__ import annotations

from .conftest import collect


def test_money_spans_and_qualifiers(mentions):
    found = mentions("The ministry will invest over KRW 2.5 trillion (approximately €1.7 bn) in chips.",
                     "2023-02-01", "MONEY")
    core = ("currency", "value", "value_max", "approx", "bound")
    found = [(label, text, {k: norm[k] for k in core}) for label, text, norm in found]
    assert found == [
        ("MONEY", "KRW 2.5 trillion", {"currency": "KRW", "value": 2_500_000_000_000, "value_max": None,
                                       "approx": False, "bound": "min"}),
        ("MONEY", "€1.7 bn", {"currency": "EUR", "value": 1_700_000_000, "value_max": None,
                              "approx": True, "bound": None}),
    ]


def test_bare_amount_borrows_the_currency_outside_brackets(mentions):
    text = "A budget of KRW 10 trillion (about $7.5 bn) of which 6.2 trillion comes from the treasury."
    found = {t: n["currency"] for _, t, n in mentions(text, "2022-01-01", "MONEY")}
    assert found == {"KRW 10 trillion": "KRW", "$7.5 bn": "USD", "6.2 trillion": "KRW"}


def test_counts_are_not_money(mentions):
    text = "The plan invests KRW 3 trillion to create 1.2 million jobs and 2 000 factories."
    assert [t for _, t, _ in mentions(text, "2022-01-01", "MONEY")] == ["KRW 3 trillion"]


def test_no_money_without_a_number(mentions):
    assert mentions("Figure 5: Private equity investment (€ m) over the period", None, "MONEY") == []


def test_year_roles_and_spans(mentions):
    text = ("Since 2015 the fund has grown; it runs from 2021 to 2026 and targets 40 firms by 2030, "
            "with reviews in 2024.")
    found = [(t, n["role"]) for _, t, n in mentions(text, None, "YEAR")]
    assert found == [("2015", "since"), ("2021 to 2026", "period"), ("2030", "target"), ("2024", "point")]


def test_relative_years_resolve_from_the_document_date(mentions):
    found = [(t, n["start"]) for _, t, n in mentions("Output rose last year and will rise next year.",
                                                      "2022-07-01", "YEAR")]
    assert found == [("last year", 2021), ("next year", 2023)]


def test_not_years(mentions):
    text = ("The 4680 battery line, 2000 robots, Vision 2030 plan, the Hydrogen Expo 2025 and "
            "https://example.org/2019/report.pdf hold no year<sup>12</sup>.")
    assert mentions(text, None, "YEAR") == []


def test_year_inside_a_date_is_the_date(mentions):
    found = mentions("It was signed in April 2021 in Seoul.", None)
    assert [(lab, t) for lab, t, _ in found] == [("DATE", "April 2021")]


def test_dates_resolve_closest_to_the_document(mentions):
    found = [(t, n["value"]) for _, t, n in mentions(
        "Talks held on Dec. 28 continue on January 3 and last October.", "2025-01-02", "DATE")]
    assert found == [("Dec. 28", "2024-12-28"), ("January 3", "2025-01-03"), ("last October", "2024-10")]


def test_weekday_and_day_only_are_not_dates(mentions):
    assert mentions("The meeting on Tuesday and on the 30th went well.", "2024-03-05", "DATE") == []


def test_ministry_canonical_follows_the_name_in_use_at_the_document_date(mentions):
    text = "The MSIP announced the plan."
    assert mentions(text, "2015-06-01", "MINISTRY")[0][2]["canonical"] == "Ministry of Science, ICT and Future Planning"
    assert mentions(text, "2020-06-01", "MINISTRY")[0][2]["canonical"] == "Ministry of Science and ICT"
    old = mentions("The Ministry of Knowledge Economy (MKE) said so.", "2019-01-01", "MINISTRY")
    assert {n["canonical"] for _, _, n in old} == {"Ministry of Trade, Industry and Energy"}


def test_unlisted_foreign_ministry_gets_its_country_from_the_possessive(mentions):
    found = mentions("He met officials of Vietnam’s Ministry of Industry and Trade and "
                     "the Brazilian Mines and Energy Ministry.", "2024-01-01", "MINISTRY")
    assert [(t, n["canonical"], n["country"]) for _, t, n in found] == [
        ("Ministry of Industry and Trade", "Ministry of Industry and Trade", "VN"),
        ("Mines and Energy Ministry", "Ministry of Mines and Energy", "BR"),
    ]


def test_job_titles_and_intergovernmental_bodies_are_not_ministries(mentions):
    text = ("Trade, Industry and Energy Minister Kim met the International Energy Agency (IEA) and the "
            "International Maritime Organization.")
    assert mentions(text, "2024-01-01", "MINISTRY") == []


def test_acronym_defined_in_brackets_counts_everywhere_in_the_document(mentions):
    text = ("The MCP talks began. Korea joined the Mineral Cooperation Partnership (MCP) in May. "
            "Non-MCP members may join the MCP later.")
    found = [(t, n["canonical"]) for _, t, n in mentions(text, "2024-06-01", "PROGRAMME")]
    assert found == [("MCP", "Mineral Cooperation Partnership"),
                     ("Mineral Cooperation Partnership", "Mineral Cooperation Partnership"),
                     ("MCP", "Mineral Cooperation Partnership"), ("MCP", "Mineral Cooperation Partnership"),
                     ("MCP", "Mineral Cooperation Partnership")]


def test_unlisted_programmes_by_head_word(mentions):
    text = ("MOTIE unveiled the K-Display Leap Strategy 2.0 and Korea’s Smart Harbour Master Plan, "
            "part of the National Strategy for Quantum Science, while the plan itself stays vague.")
    found = [t for _, t, _ in mentions(text, "2024-01-01", "PROGRAMME")]
    assert found == ["K-Display Leap Strategy 2.0", "Smart Harbour Master Plan",
                     "National Strategy for Quantum Science"]


def test_generic_phrases_and_committees_are_not_programmes(mentions):
    text = "The Master Plan and the Policy Strategy were discussed at the AI Industrial Policy Committee meeting."
    assert mentions(text, "2024-01-01", "PROGRAMME") == []


def test_short_form_takes_the_full_name(mentions):
    found = mentions("The RE 2030 plan raised targets.", "2018-01-01", "PROGRAMME")
    assert [(t, n["canonical"]) for _, t, n in found] == [("RE 2030 plan", "Renewable Energy 2030 Implementation Plan")]


def test_offsets_point_into_the_file(engine, tmp_path):
    text = "-\nIndustry\nA title\nMOTIE will spend KRW 5 billion by 2026. date2024-01-02\n-\nIndustry\nAnother\nKATS met on May 3. date2024-05-04\n"
    path = tmp_path / "listing.txt"
    path.write_text(text, encoding="utf-8")
    result = collect(engine, [path])
    assert result.rows
    for row in result.rows:
        assert text[row["start"]:row["end"]] == row["text"]
    assert {r["doc_id"] for r in result.rows} == {"listing.txt#1", "listing.txt#2"}
    may = next(r for r in result.rows if r["label"] == "DATE")
    assert may["norm"]["value"] == "2024-05-03" and may["doc_date"] == "2024-05-04"


def test_the_press_generic_names_are_the_korean_body_and_a_cued_country_keeps_its_own(mentions):
    ((_, _, plain),) = mentions("The industry ministry said exports grew.", "2024-01-01", "MINISTRY")
    assert (plain["canonical"], plain["country"]) == ("Ministry of Trade, Industry and Energy", "KR")
    ((_, _, then),) = mentions("The Industry Ministry said exports grew.", "2010-01-01", "MINISTRY")
    assert then["canonical"] == "Ministry of Knowledge Economy"
    ((_, _, cued),) = mentions("Indonesia’s Industry Ministry said exports grew.", "2024-01-01", "MINISTRY")
    assert (cued["canonical"], cued["country"]) == ("Ministry of Industry", "ID")
