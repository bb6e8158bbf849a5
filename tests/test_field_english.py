"""English as real sources write it -- each form in sentences written for these tests, with
counter-examples beside the examples (the dev texts are measured against, never copied)."""
from __future__ import annotations

import pytest

from .conftest import collect


def money(engine, text: str, doc_date: str = "2024-02-01"):
    return [(r["text"], r["norm"]["currency"], r["norm"]["value"], r["norm"]["value_max"], r["norm"]["approx"],
             r["norm"]["bound"]) for r in collect(engine, [text], doc_date=doc_date, labels=["MONEY"]).rows]


@pytest.mark.parametrize("text, span, currency, value", [
    ("Exports will get KRW3.4 trillion next year.", "KRW3.4 trillion", "KRW", 3_400_000_000_000),
    ("The fund holds KRW650bn in reserves.", "KRW650bn", "KRW", 650_000_000_000),
    ("A KRW9trn package was set.", "KRW9trn", "KRW", 9_000_000_000_000),
    ("They raised usd4bn abroad.", "usd4bn", "USD", 4_000_000_000),
    ("It costs three trillion KRW in all.", "three trillion KRW", "KRW", 3_000_000_000_000),
    ("Sales hit 7.5 million USD in May.", "7.5 million USD", "USD", 7_500_000),
    ("The ticket costs eur 35 at the door.", "eur 35", "EUR", 35),
    ("The ticket costs 35 € at the door.", "35 €", "EUR", 35),
    ("Beijing put 8 billion RMB into chips.", "8 billion RMB", "CNY", 8_000_000_000),
    ("Taipei set aside NT$2.5 billion.", "NT$2.5 billion", "TWD", 2_500_000_000),
    ("The budget is four-point-three trillion won.", "four-point-three trillion won", "KRW", 4_300_000_000_000),
    ("It adds 7-point-2 billion dollars.", "7-point-2 billion dollars", "USD", 7_200_000_000),
    ("They pledged one-point-eight-trillion-won.", "one-point-eight-trillion-won", "KRW", 1_800_000_000_000),
    ("A sum of one-thousand-500-billion won.", "one-thousand-500-billion won", "KRW", 1_500_000_000_000),
    ("Each site gets a quarter million dollars.", "a quarter million dollars", "USD", 250_000),
    ("It needs three quarters of a billion euros.", "three quarters of a billion euros", "EUR", 750_000_000),
    ("A meal is 12 dollars 40 there.", "12 dollars 40", "USD", 12.4),
    ("A trillion won fund was created.", "A trillion won", "KRW", 1_000_000_000_000),
])
def test_money_forms(engine, text, span, currency, value):
    ((found, cur, val, _, _, _),) = money(engine, text)
    assert (found, cur, val) == (span, currency, pytest.approx(value))


def test_money_qualifiers_before_and_after(engine):
    found = money(engine, "An estimated KRW 2 trillion, close to $1.5 bn, surpassing 3 trillion won, "
                          "and 5 billion won-plus or KRW 4 billion or more.")
    assert [(t, a, b) for t, _, _, _, a, b in found] == [
        ("KRW 2 trillion", True, None), ("$1.5 bn", True, None), ("3 trillion won", False, "min"),
        ("5 billion won", False, "min"), ("KRW 4 billion", False, "min")]


def test_not_money(engine):
    assert money(engine, "The USD/KRW 1,350 rate moved; KRW-denominated bonds rose; 2.1 million to 3 million "
                         "jobs were created.") == []
    # "from X to Y" is a change between two amounts, "X to Y" alone a range.
    assert [(t, m) for t, _, _, m, _, _ in money(engine, "It rose from KRW 5 billion to KRW 9 billion.")] == [
        ("KRW 5 billion", None), ("KRW 9 billion", None)]
    assert [(t, m) for t, _, _, m, _, _ in money(engine, "It costs KRW 5 billion to KRW 9 billion.")] == [
        ("KRW 5 billion to KRW 9 billion", 9_000_000_000)]


def years(engine, text, doc_date="2023-06-01"):
    return [(r["text"], r["norm"]["start"], r["norm"]["end"], r["norm"]["role"])
            for r in collect(engine, [text], doc_date=doc_date, labels=["YEAR"]).rows]


def test_year_forms(engine):
    assert years(engine, "It runs 2025~2029, then 2030 through 2032 and 2033 till 2035.") == [
        ("2025~2029", 2025, 2029, "period"), ("2030 through 2032", 2030, 2032, "period"),
        ("2033 till 2035", 2033, 2035, "period")]
    assert years(engine, "Growth in the 1990s and the 2020s; FY2026, fiscal 2027, fiscal year 2028.") == [
        ("1990s", 1990, 1999, "period"), ("2020s", 2020, 2029, "period"), ("FY2026", 2026, 2026, "point"),
        ("fiscal 2027", 2027, 2027, "point"), ("fiscal year 2028", 2028, 2028, "point")]
    assert years(engine, "Done within 2026, up 4% compared to 2021 and this year.") == [
        ("2026", 2026, 2026, "target"), ("2021", 2021, 2021, "point"), ("this year", 2023, 2023, "point")]


def bodies(engine, text, doc_date):
    return [(r["text"], r["norm"]["canonical"], r["norm"]["country"])
            for r in collect(engine, [text], doc_date=doc_date, labels=["MINISTRY"]).rows]


@pytest.mark.parametrize("text, doc_date, canonical", [
    ("The education ministry said so.", "2010-05-01", "Ministry of Education, Science and Technology"),
    ("The education ministry said so.", "2015-05-01", "Ministry of Education"),
    ("The finance ministry said so.", "2009-05-01", "Ministry of Strategy and Finance"),
    ("The finance ministry said so.", "2020-05-01", "Ministry of Economy and Finance"),
    ("The trade and industry ministry said so.", "2020-05-01", "Ministry of Trade, Industry and Energy"),
    ("The science ministry said so.", "2016-05-01", "Ministry of Science, ICT and Future Planning"),
    ("MOCIE said so.", "2006-05-01", "Ministry of Commerce, Industry and Energy"),
    ("MKE said so.", "2020-05-01", "Ministry of Trade, Industry and Energy"),
    ("MIC said so after the Ministry of Information and Communication met.", "2005-05-01",
     "Ministry of Information and Communication"),
    ("Motie said so.", "2020-05-01", "Ministry of Trade, Industry and Energy"),
])
def test_bodies_over_time(engine, text, doc_date, canonical):
    assert bodies(engine, text, doc_date)[0][1] == canonical


def test_an_undated_text_keeps_the_name_it_uses(engine):
    rows = collect(engine, ["The Ministry of Knowledge Economy (MKE) met; MKE agreed."]).rows
    assert {r["norm"]["canonical"] for r in rows} == {"Ministry of Knowledge Economy"}


@pytest.mark.parametrize("text, canonical", [
    ("The Ministry of Science, ICT and Future Planning met.", "Ministry of Science, ICT and Future Planning"),
    ("The ministry of science and technology met.", "Ministry of Science and Technology"),  # any letter case
    ("MSIP met.", "Ministry of Science, ICT and Future Planning"),  # a former name's acronym
    ("미래창조과학부가 발표했다.", "Ministry of Science, ICT and Future Planning"),  # its Korean name
    ("The Science Ministry met.", "Ministry of Science and ICT"),  # an alias: the newest name
])
def test_an_undated_text_names_the_body_as_it_writes_it(engine, text, canonical):
    rows = [r for r in collect(engine, [text]).rows if r["label"] == "MINISTRY"]
    assert [r["norm"]["canonical"] for r in rows] == [canonical]


def test_councils_and_foreign_bodies(engine):
    found = bodies(engine, "The Presidential Committee on Digital Platforms and the National Science and "
                           "Technology Council met with the Israel Innovation Authority, Japan's Ministry of Economy, "
                           "Trade and Industry and the UK's Department for Business and Trade.", "2024-01-01")
    assert [(t, c) for t, _, c in found] == [
        ("Presidential Committee on Digital Platforms", "KR"), ("National Science and Technology Council", "KR"),
        ("Israel Innovation Authority", "IL"), ("Ministry of Economy, Trade and Industry", "JP"),
        ("Department for Business and Trade", "GB")]
    assert bodies(engine, "The Korea-Peru Trade Cooperation Committee met.", "2024-01-01") == []


def programmes(engine, text, doc_date="2024-01-01"):
    return [(r["text"], r["norm"]["canonical"]) for r in collect(engine, [text], doc_date=doc_date,
                                                                   labels=["PROGRAMME"]).rows]


def test_programme_forms(engine):
    assert programmes(engine, "Small Modular Reactor (SMR) and Internet of Things (IoT) are technologies.") == []
    assert programmes(engine, "It follows the Plan for Internet of Things (IoT) Industry Promotion.") == [
        ("Plan for Internet of Things (IoT) Industry Promotion", "Plan for Internet of Things (IoT) Industry Promotion")]
    assert programmes(engine, "The ministry adopted the “Measures to Support Hydrogen Buses.” It also "
                              "runs a “regional battery cluster project”.") == [
        ("Measures to Support Hydrogen Buses", "Measures to Support Hydrogen Buses"),
        ("regional battery cluster project", "regional battery cluster project")]
    assert programmes(engine, "MOTIE Unveils Plan on Chips. The 2025 Budget Plan passed. KDB runs the "
                              "KDB Venture Program. It met at the Growth Strategy Task Force.") == []
    # A short form takes the full name the document gives the programme, with its country.
    found = programmes(engine, "The U.S. Inflation Reduction Act (IRA) worries firms; the IRA favours "
                               "local cells. Horizon Europe grew; Horizon now includes Korea.")
    assert found == [("U.S. Inflation Reduction Act", "U.S. Inflation Reduction Act"),
                     ("IRA", "U.S. Inflation Reduction Act"), ("IRA", "U.S. Inflation Reduction Act"),
                     ("Horizon Europe", "Horizon Europe"),
                     ("Horizon", "Horizon Europe")]
    assert programmes(engine, "Horizon now includes Korea.") == []  # a short form needs the name
    assert programmes(engine, "Seoul passed its own Korean Chips Act.") == [("Korean Chips Act", "Korean Chips Act")]


def test_records_from_real_prose(engine, tmp_path):
    text = ("The government will provide 826 billion won for the Hydrogen Valley Project, while private companies "
            "contribute an additional 1 trillion won.\n\n"
            "Programme\tMinistry\tBudget\nSmart Port Plan\tMinistry of Oceans and Fisheries\tKRW 3 trillion\n\n"
            "The ministry will invest KRW 2 trillion in the Blue Growth Strategy. Again: KRW 2 trillion goes to "
            "the Blue Growth Strategy.\n")
    records = [r for r in collect(engine, [text], doc_date="2024-01-01", records=True).records
               if r["kind"] == "funding"]
    by_amount = {r["amount_text"]: r for r in records}
    assert (by_amount["826 billion won"]["source"], by_amount["1 trillion won"]["source"]) == ("public", "private")
    assert by_amount["KRW 3 trillion"]["body_canonical"] == "Ministry of Oceans and Fisheries"
    blue = [r for r in records if r["programme_canonical"] == "Blue Growth Strategy"]
    assert len(blue) == 1 and len(blue[0]["repeated_at"]) == 1


def test_a_country_written_in_odd_letters_before_a_name_is_read_as_the_search_found_it(engine):
    """The country search ignores case as re does ("ſ" is an "s" to it): its match is
    looked up the same way, not by str.lower (which made the run fail on a KeyError)."""
    assert programmes(engine, "Officials said the ſweden Green Growth Fund will expand.") == [
        ("ſweden Green Growth Fund", "ſweden Green Growth Fund")]
    assert programmes(engine, "The SWEDEN Green Growth Fund will expand.") == [
        ("SWEDEN Green Growth Fund", "SWEDEN Green Growth Fund")]
