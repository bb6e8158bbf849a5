"""The library API and the JSON Schema that every output row validates against."""
from __future__ import annotations

import json

import jsonschema
from typer.testing import CliRunner

from korea_tech.cli import app
from korea_tech.rows import row_types

from .conftest import SEEDS, collect


def test_extract_and_records_on_strings_and_paths():
    from korea_tech import Row, extract, records

    found = extract("MOTIE will invest KRW 1.5 trillion by 2030 in the K-Battery Strategy.", date="2024-05-08")
    assert all(isinstance(m, Row) and isinstance(m, row_types().mention.row) for m in found)
    assert [(m.label, m.text) for m in found] == [("MINISTRY", "MOTIE"), ("MONEY", "KRW 1.5 trillion"),
                                                 ("YEAR", "2030"), ("PROGRAMME", "K-Battery Strategy")]
    assert found[1].to_dict()["norm"]["value"] == 1_500_000_000_000
    (record,) = records("MOTIE will invest KRW 1.5 trillion by 2030 in the K-Battery Strategy.", date="2024-05-08")
    assert isinstance(record, row_types().funding.row) and record.kind == "funding"
    assert record.to_dict()["programme_canonical"] == "K-Battery Strategy" and record.to_dict()["year_end"] == 2030
    money = extract(SEEDS, labels=["MONEY"])
    assert len(money) > 40 and {m.label for m in money} == {"MONEY"}


def test_every_output_row_validates_against_the_schema(engine):
    result = collect(engine, [SEEDS], records=True)
    schemas = engine.types.schemas()
    for row in result.rows:
        jsonschema.validate(row, schemas["mention"])
    for record in result.records:
        jsonschema.validate(record, schemas[record["kind"]])


def test_schema_command():
    result = CliRunner().invoke(app, ["schema", "mention"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "ktech mention row"
    assert set(json.loads(CliRunner().invoke(app, ["schema"]).stdout)) == {"mention", "funding", "target", "ledger"}
