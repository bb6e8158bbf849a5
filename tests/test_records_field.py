"""Funding records as real sources state them -- every decision rule with a counter-example
beside it, in English and in Korean, in sentences written for these tests -- and the ledger
(`ktech records --merge`) on a corpus written for it."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from korea_tech.cli import app

from .conftest import collect


def funding(engine, text, doc_date="2024-05-02"):
    return [r for r in collect(engine, [text], doc_date=doc_date, records=True).records if r["kind"] == "funding"]


def amounts(engine, text, doc_date="2024-05-02"):
    return [r["amount_text"] for r in funding(engine, text, doc_date)]


# ------------------------------------------------------------------ is it a commitment?
@pytest.mark.parametrize("text, committed", [
    # a commitment word near the amount
    ("The ministry will inject 3 trillion won into quantum computing.", ["3 trillion won"]),
    ("The agency earmarked $40 million for battery recycling.", ["$40 million"]),
    ("정부는 양자 기술에 3조원을 투입한다.", ["3조원"]),
    ("산업부는 내년 예산으로 수소 충전소에 500억원을 편성했다.", ["500억원"]),
    # trade, output, realised, investment into the country: none
    ("Chip exports reached $12 billion in April.", []),
    ("Venture investment amounted to 2.1 trillion won last quarter.", []),
    ("Japanese investment in Korea rose to $3 billion.", []),
    ("반도체 수출은 120억 달러를 기록했다.", []),
    ("지난 5년간 투자한 예산은 총 40조원에 이른다.", []),
    ("중국의 연간 투자액을 30억달러로 늘린다.", []),
])
def test_a_commitment_word_decides_and_a_measure_word_undoes_it(engine, text, committed):
    assert amounts(engine, text) == committed


def test_the_baseline_of_a_change_is_no_commitment(engine):
    assert amounts(engine, "The budget for space will rise from 90 billion won to 140 billion won.") == \
        ["140 billion won"]
    assert amounts(engine, "The ministry set aside 2 trillion won for AI chips, up from 1.6 trillion won.") == \
        ["2 trillion won"]
    assert amounts(engine, "우주 예산은 올해 900억원 대비 늘어난 1400억원이 편성됐다.") == ["1400억원"]
    # a "from" that opens a clause is no baseline
    assert amounts(engine, "Apart from that, the government will invest 80 billion won in drones.") == \
        ["80 billion won"]


def test_a_cut_is_no_commitment_a_level_after_a_cut_is(engine):
    assert amounts(engine, "국회 심사에서 바이오 예산은 300억원 삭감됐다.") == []
    assert amounts(engine, "내년 예산은 올해보다 2% 감소한 4조원으로 편성됐다.") == ["4조원"]


def test_amounts_listed_after_a_committed_one_are_committed_and_fund_their_items(engine):
    found = funding(engine, "By field, the budget gives robotics 310 billion won, following drones with "
                            "120 billion won and sensors with 90 billion won.")
    assert [r["amount_text"] for r in found] == ["310 billion won", "120 billion won", "90 billion won"]
    assert [r["programme"] for r in found][1:] == ["drones", "sensors"]
    longer = funding(engine, "By field, the budget gives robotics 310 billion won, following drones with 120 billion "
                             "won, sensors with 90 billion won, batteries with 80 billion won, displays with 70 "
                             "billion won and materials with 60 billion won.")
    assert len(longer) == 6 and longer[-1]["programme"] == "materials"
    assert longer[-1]["evidence"].startswith("listed with")
    # without a commitment before them, a list of figures is not funding
    assert amounts(engine, "Shipments were 310 billion won, following 120 billion won and 90 billion won.") == []


def test_evidence_names_the_words_that_decided(engine):
    (record,) = funding(engine, "The ministry will invest 3 trillion won in quantum computing.")
    assert record["evidence"] == "invest"


# ------------------------------------------------------------------ what it funds
@pytest.mark.parametrize("text, programme", [
    ("The state will spend 90 billion won over five years to foster hydrogen ship makers.",
     "foster hydrogen ship makers"),
    ("The budget to support display makers will rise to 70 billion won.", "display makers"),
    ("The city will fund its 12 startup programs (KRW 44 billion) next year.", "12 startup programs"),
    ("It plans 30 drone projects in five regions, for which it will invest 60 billion won.", "five regions"),
    ("Officials will launch a 400 billion won deep-tech fund this summer.", "deep-tech fund"),
    ("The 2025 AI budget totals 1.8 trillion won.", "AI budget"),
    ("산업부는 올해 로봇 부품 개발에 420억원을 투자한다.", "로봇 부품 개발"),
    ("정부는 해양 드론 육성을 위해 300억원을 투입한다.", "해양 드론 육성"),
    ("중기청은 2000억원 규모의 지역 혁신 자금을 조성한다.", "지역 혁신 자금"),
    ("내년 원전 예산은 6500억원이다.", "원전 예산"),
])
def test_what_an_amount_funds(engine, text, programme):
    (record,) = funding(engine, text)
    assert record["programme"] == programme
    assert record["confidence"] == "medium"


def test_a_programme_named_in_the_clause_is_high_confidence(engine):
    (record,) = funding(engine, "MOTIE will invest 1.1 trillion won in the K-Battery Development Strategy by 2030.")
    assert (record["programme_canonical"], record["body_canonical"], record["year_end"], record["confidence"]) == (
        "K-Battery Development Strategy", "Ministry of Trade, Industry and Energy", 2030, "high")


def test_a_year_that_goes_with_another_amount_is_not_linked(engine):
    (record,) = funding(engine, "내년 원전 예산은 올해(5428억원)보다 늘린 6726억원이다.", "2022-08-30")
    assert record["year_end"] == 2023


# ------------------------------------------------------------------ targets
def test_targets_in_english_and_korean_with_their_evidence(engine):
    found = [r for r in collect(engine, ["The plan aims to train 5,000 engineers by 2028."], doc_date="2024-05-02",
                                records=True).records if r["kind"] == "target"]
    assert [(r["metric"], r["quantity"], r["year_end"]) for r in found] == [("engineers", 5000, 2028)]
    assert "train" in found[0]["evidence"]
    korean = [r for r in collect(engine, ["정부는 2030년까지 전기 트럭 2만대를 보급하고 충전소 50곳을 구축한다."],
                                 doc_date="2024-05-02", records=True).records if r["kind"] == "target"]
    assert [(r["metric"], r["quantity"], r["unit"], r["year_end"]) for r in korean] == [
        ("전기 트럭", 20000, "대", 2030), ("충전소", 50, "곳", 2030)]
    # a count with no goal is no target
    assert [r for r in collect(engine, ["이 도시에는 버스 300대가 있다."], doc_date="2024-05-02",
                               records=True).records if r["kind"] == "target"] == []


# ------------------------------------------------------------------ the ledger
@pytest.fixture()
def reports(tmp_path):
    """Three reports of one commitment (one with another figure) and two different
    commitments of the same amount."""
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text("May 2, 2024\n\nThe Ministry of Trade, Industry and Energy will invest 1.2 trillion "
                                  "won in the K-Robot Strategy by 2028. Separately, MOTIE will spend 300 billion won "
                                  "on the Hydrogen Valley Program.\n", encoding="utf-8")
    (folder / "b.txt").write_text("May 6, 2024\n\nMOTIE plans to pour 1.23 trillion won into the K-Robot Strategy "
                                  "through 2028.\n", encoding="utf-8")
    (folder / "c.txt").write_text("June 10, 2024\n\nUnder the K-Robot Strategy, the trade ministry will invest 1.5 "
                                  "trillion won by 2028. The Ministry of Science and ICT will invest 300 billion won "
                                  "in the Quantum Flagship Project.\n", encoding="utf-8")
    return folder


def test_merge_gives_one_row_per_commitment_with_every_source(reports, tmp_path):
    out = tmp_path / "ledger.json"
    result = CliRunner().invoke(app, ["records", str(reports), "--merge", "--format", "json", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    rows = json.loads(out.read_text(encoding="utf-8"))["ledger"]
    robot = next(r for r in rows if r["programme_canonical"] == "K-Robot Strategy")
    assert robot["sources"] == 3 and robot["doc_ids"] == ["a.txt#1", "b.txt#1", "c.txt#1"]
    assert (robot["first_reported"], robot["latest_reported"]) == ("2024-05-02", "2024-06-10")
    assert robot["amount_disagrees"] and (robot["value_low"], robot["value_high"]) == (1.2e12, 1.5e12)
    assert robot["value"] == 1.2e12 and robot["year_end"] == 2028 and not robot["period_disagrees"]
    # two commitments of equal amounts stay two
    three_hundred = [r for r in rows if r["value"] == 3e11]
    assert sorted(r["programme_canonical"] for r in three_hundred) == ["Hydrogen Valley Program",
                                                                       "Quantum Flagship Project"]
    assert all(r["sources"] == 1 and not r["amount_disagrees"] for r in three_hundred)


def test_amounts_agree_within_the_precision_each_source_states():
    from korea_tech.linking.ledger import agree, precision

    def rec(text, value):
        return {"amount_text": text, "value": value, "currency": "KRW"}

    assert precision(rec("1.2 trillion won", 1.2e12)) == pytest.approx(0.05e12)
    assert precision(rec("1조 2000억원", 1.2e12)) == pytest.approx(0.5e8)
    assert agree(rec("1.2 trillion won", 1.2e12), rec("1.23 trillion won", 1.23e12))
    assert not agree(rec("1.2 trillion won", 1.2e12), rec("1.5 trillion won", 1.5e12))


def test_min_confidence_filters_and_stip_reads_the_ledger(reports, tmp_path):
    runner = CliRunner()
    everything = runner.invoke(app, ["records", str(reports), "--kind", "funding", "--format", "jsonl", "-q"])
    high = runner.invoke(app, ["records", str(reports), "--kind", "funding", "--format", "jsonl", "-q",
                               "--min-confidence", "high"])
    assert everything.exit_code == high.exit_code == 0
    all_rows = [json.loads(x) for x in everything.stdout.splitlines()]
    high_rows = [json.loads(x) for x in high.stdout.splitlines()]
    assert high_rows == [r for r in all_rows if r["confidence"] == "high"] and len(high_rows) < len(all_rows) + 1
    stip = runner.invoke(app, ["records", str(reports), "--stip", "--format", "jsonl", "-q"])
    initiatives = {json.loads(x)["initiative"]: json.loads(x) for x in stip.stdout.splitlines()}
    robot = initiatives["K-Robot Strategy"]
    assert robot["documents"] == "a.txt#1;b.txt#1;c.txt#1" and robot["mentions"] == 3
