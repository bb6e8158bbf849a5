"""Funding and target records: on the seeds, and on texts written here that phrase the same facts
differently."""
from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from korea_tech.cli import app

from .conftest import SEEDS, collect


@pytest.fixture(scope="module")
def seed_records(engine):
    return collect(engine, [SEEDS], records=True).records


def funding(records, amount, doc_prefix):
    found = [r for r in records if r["kind"] == "funding" and r["amount_text"] == amount and r["doc"].startswith(doc_prefix)]
    assert found, f"no funding record for {amount} in {doc_prefix}"
    return found


def test_table_rows_are_funding_records(seed_records):
    expected = {"KRW 114.1 trillion": "Korean New Deal", "KRW 58.2 trillion": "Digital New Deal",
                "KRW 73.4 trillion": "Green New Deal"}
    for amount, programme in expected.items():
        row = next(r for r in funding(seed_records, amount, "001") if r["linked_by"] == "table")
        assert (row["programme_canonical"], row["year_start"], row["year_end"]) == (programme, 2020, 2025)
        assert row["confidence"] == "high" and row["equivalent_check"] == "mismatch"
    level4 = next(r for r in funding(seed_records, "KRW 1.1 trillion", "001") if r["linked_by"] == "table")
    assert level4["body_canonical"] == "Ministry of Science and ICT" and (level4["year_start"], level4["year_end"]) == (2021, 2027)
    assert "Level 4 automated vehicles" in level4["programme"]
    rd = funding(seed_records, "KRW 1.7 trillion", "001")[0]
    assert rd["programme"] == "R&D Investments in Big Data, AI, 5G" and rd["year_end"] == 2020


def test_prose_funding_records(seed_records):
    # Stated in a table row and again in prose: one record, the clearer (the table's), with both places.
    (new_deal,) = [r for r in funding(seed_records, "KRW 114.1 trillion", "001") if r["repeated_at"]]
    assert new_deal["programme_canonical"] == "Korean New Deal" and new_deal["linked_by"] == "table"
    assert (new_deal["year_start"], new_deal["year_end"]) == (2020, 2025) and len(new_deal["repeated_at"]) == 1
    nano = funding(seed_records, "600 billion won", "001")[0]
    assert (nano["programme_canonical"], nano["body_canonical"], nano["year_start"], nano["year_end"]) == (
        "Third National Nanotechnology Map", "Ministry of Science and ICT", 2020, 2030)
    vehicles = next(r for r in funding(seed_records, "KRW 1.1 trillion", "001") if r["linked_by"] == "prose")
    assert vehicles["programme"] == "development of technologies for level 4 automated vehicles"
    assert vehicles["body_canonical"] == "Ministry of Science and ICT"
    battery = funding(seed_records, "KRW 117.2 billion won", "004")[0]
    assert battery["year_end"] == 2028 and battery["year_role"] == "target" and "batteries" in battery["programme"]
    assert battery["body_canonical"] == "Government of the Republic of Korea" and battery["source"] == "public"
    private = funding(seed_records, "9 trillion won", "004")[0]
    assert private["source"] == "private" and private["programme"] == "facilities and R&D"
    ai = {r["amount_text"]: r for r in seed_records if r["kind"] == "funding" and r["doc"].startswith("003")}
    assert ai["KRW 100 billion"]["programme_canonical"] == "AI Autonomous Manufacturing Strategy 1.0"
    assert ai["KRW 100 billion"]["year_start"] == 2024
    assert (ai["200 billion won"]["year_start"], ai["200 billion won"]["year_end"]) == (2024, 2028)
    assert ai["one trillion won"]["source"] == "private" and ai["one trillion won"]["duration_years"] == 5
    for r in ai.values():
        assert r["body_canonical"] == "Ministry of Trade, Industry and Energy"


def test_trade_figures_and_stated_equivalents_are_not_funding(seed_records):
    amounts = {r["amount_text"] for r in seed_records if r["kind"] == "funding"}
    assert not amounts & {"USD 6.8 billion", "$24.3 billion", "€84.5 m", "KRW 180 tn", "€1 billion"}


def test_same_facts_phrased_differently(engine, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("- Registration date2023-09-01\n-\n"
                    "The Ministry of Environment will allocate KRW 2.4 trillion to the Carbon Capture Roadmap "
                    "between 2024 and 2030. Private firms plan to put in 800 billion won for pilot plants over "
                    "three years. Hydrogen exports reached $1.2 billion last year.\n", encoding="utf-8")
    records = [r for r in collect(engine, [path], records=True).records if r["kind"] == "funding"]
    by_amount = {r["amount_text"]: r for r in records}
    assert set(by_amount) == {"KRW 2.4 trillion", "800 billion won"}
    roadmap = by_amount["KRW 2.4 trillion"]
    assert (roadmap["programme_canonical"], roadmap["body_canonical"], roadmap["year_start"], roadmap["year_end"]) == (
        "Carbon Capture Roadmap", "Ministry of Environment", 2024, 2030)
    assert roadmap["per_year_krw"] == pytest.approx(2.4e12 / 7, rel=1e-6)
    pilots = by_amount["800 billion won"]
    assert pilots["source"] == "private" and pilots["programme"] == "pilot plants" and pilots["duration_years"] == 3


def test_targets(seed_records, engine, tmp_path):
    targets = {(r["quantity"], r["metric"]): r for r in seed_records if r["kind"] == "target"}
    assert targets[(30000, "smart factories")]["year_end"] == 2025
    assert targets[(2000, "AI-based factories")]["year_end"] == 2030
    assert targets[(50, "companies")]["year_end"] == 2025
    assert (13000, "professional talents") in targets
    volume = next(r for r in seed_records if r["kind"] == "target" and r["unit"] == "KRW")
    assert (volume["metric"], volume["quantity"], volume["year_end"]) == ("production volume", 180_000_000_000_000, 2026)
    pct = next(r for r in seed_records if r["kind"] == "target" and r["quantity"] == 20 and r["baseline"] == 7)
    assert pct["unit"] == "percent" and pct["year_end"] == 2030
    path = tmp_path / "t.txt"
    path.write_text("The ministry aims to train 4,500 battery engineers by 2027.\n", encoding="utf-8")
    (mine,) = [r for r in collect(engine, [path], records=True).records if r["kind"] == "target"]
    assert (mine["quantity"], mine["metric"], mine["year_end"]) == (4500, "battery engineers", 2027)


def test_records_command_and_stip():
    runner = CliRunner()
    result = runner.invoke(app, ["records", str(SEEDS), "--kind", "funding", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and {"record_id", "programme", "body_canonical", "value_krw", "per_year_krw", "source",
                     "confidence", "amount_start", "sentence"} <= set(rows[0])
    stip = json.loads(runner.invoke(app, ["records", str(SEEDS), "--stip", "--format", "json"]).stdout)["stip"]
    new_deal = next(r for r in stip if r["initiative"] == "Korean New Deal")
    assert new_deal["budget_band"] == "more than 500M" and (new_deal["start_year"], new_deal["end_year"]) == (2020, 2025)
    nano = next(r for r in stip if r["initiative"] == "Third National Nanotechnology Map")
    assert nano["budget_band"] == "100M-500M" and nano["responsible_organisation"] == "Ministry of Science and ICT"
