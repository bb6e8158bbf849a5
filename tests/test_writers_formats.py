"""SQLite and Parquet outputs read back and compared, row by row, with the JSON Lines rows of
the same command; CSV for spreadsheets (one line per row, --excel, --columns core)."""
from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import subprocess

import pytest
from typer.testing import CliRunner

from korea_tech.cli import app
from korea_tech.rows import row_types

from .conftest import SEEDS

runner = CliRunner()
TYPES = row_types()
MENTION_CORE = ["doc", "doc_date", "label", "text", "value", "currency", "value_usd", "year_start", "year_end",
                "role", "sentence"]
FUNDING_CORE = ["doc", "doc_date", "amount_text", "currency", "value", "value_usd", "programme", "body_canonical",
                "year_start", "year_end", "confidence", "sentence"]


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory):
    """One run on the seeds writing every format to a folder, and the same as one SQLite file."""
    folder = tmp_path_factory.mktemp("formats")
    formats = ["jsonl", "sqlite", "csv"]
    try:
        import pyarrow  # noqa: F401
        formats.append("parquet")
    except ImportError:
        pass
    args = [a for f in formats for a in ("--format", f)]
    result = invoke("extract", SEEDS, "-q", *args, "--out", f"{folder}/data/")
    assert result.exit_code == 0, result.output
    single = invoke("extract", SEEDS, "-q", "--format", "sqlite", "--out", folder / "x.sqlite")
    assert single.exit_code == 0, single.output
    rows = [json.loads(line) for line in (folder / "data" / "mentions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) > 100
    return folder, rows


def flat(row: dict) -> dict:
    """A JSON Lines row flattened as CSV flattens it (rows.py, not the writers)."""
    return dict(zip(TYPES.mention.columns(), TYPES.mention.cells(row)))


def same_sql(expected, actual, declared: str) -> bool:
    if expected is None:
        return actual is None
    if isinstance(expected, (dict, list)):
        return declared == "TEXT" and json.loads(actual) == expected
    if isinstance(expected, bool):
        return declared == "INTEGER" and actual == int(expected)
    if declared == "REAL":
        return isinstance(actual, float) and actual == float(expected)
    return actual == expected and type(actual) is type(expected)


def test_sqlite_matches_the_json_lines_rows(seeds_out):
    folder, rows = seeds_out
    db = sqlite3.connect(folder / "data" / "mentions.sqlite")
    info = db.execute('PRAGMA table_info("mentions")').fetchall()
    names, declared = [c[1] for c in info], {c[1]: c[2] for c in info}
    assert names == TYPES.mention.columns()
    assert (declared["start"], declared["norm_value_usd"], declared["norm_approx"], declared["sentence"],
            declared["norm_eur_rates"], declared["norm_value"]) == ("INTEGER", "REAL", "INTEGER", "TEXT", "TEXT", "")
    table = db.execute('SELECT * FROM "mentions" ORDER BY rowid').fetchall()
    assert len(table) == len(rows)
    for row, got in zip(rows, table):
        for (name, expected), actual in zip(flat(row).items(), got):
            assert same_sql(expected, actual, declared[name]), (row["doc_id"], row["start"], name, expected, actual)
    money = next(r for r in table if r[names.index("label")] == "MONEY" and r[names.index("norm_eur_rates")])
    assert isinstance(money[names.index("norm_value")], int)  # a number stays a number; a date stays text
    # The single-file output holds the same tables, byte for byte.
    assert (folder / "x.sqlite").read_bytes() == (folder / "data" / "mentions.sqlite").read_bytes()


def test_sqlite_documents_foreign_key_indexes_and_errors(seeds_out):
    folder, rows = seeds_out
    db = sqlite3.connect(folder / "x.sqlite")
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    assert tables == ["documents", "errors", "mentions"]
    documents = {r[0]: r for r in db.execute(
        "SELECT doc_id, doc, path, doc_title, doc_date, doc_date_source, lang, url FROM documents")}
    assert set(documents) == {r["doc_id"] for r in rows}
    for row in rows:
        assert documents[row["doc_id"]][1:] == tuple(row[k] for k in (
            "doc", "path", "doc_title", "doc_date", "doc_date_source", "lang", "url"))
    (fk,) = db.execute('PRAGMA foreign_key_list("mentions")').fetchall()
    assert (fk[2], fk[3], fk[4]) == ("documents", "doc_id", "doc_id")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    indexed = {db.execute(f'PRAGMA index_info("{ix[1]}")').fetchone()[2]
               for ix in db.execute('PRAGMA index_list("mentions")')}
    assert indexed == {"doc_id", "label"}
    assert db.execute("SELECT count(*) FROM errors").fetchone() == (0,)
    pk = [c[1] for c in db.execute('PRAGMA table_info("documents")') if c[5]]
    assert pk == ["doc_id"]


def test_parquet_matches_the_json_lines_rows(seeds_out):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    folder, rows = seeds_out
    table = pq.read_table(folder / "data" / "mentions.parquet")
    schema = table.schema
    assert schema.names == TYPES.mention.columns()
    assert schema.field("start").type == pa.int64() and schema.field("norm_value_usd").type == pa.float64()
    assert schema.field("norm_approx").type == pa.bool_() and schema.field("sentence").type == pa.string()
    assert schema.field("norm_eur_rates").type == pa.map_(pa.string(), pa.float64())
    got = table.to_pylist()
    assert len(got) == len(rows)
    for row, back in zip(rows, got):
        for name, expected in flat(row).items():
            actual = back[name]
            if isinstance(expected, dict) and isinstance(actual, list):  # a map reads back as pairs
                actual = dict(actual)
            elif isinstance(actual, str) and not isinstance(expected, str) and expected is not None:
                actual = json.loads(actual)  # a column of numbers or strings (norm_value) is text
            assert actual == expected and (expected is None or type(expected) is not bool or actual is expected), \
                (row["doc_id"], row["start"], name, expected, actual)


def test_parquet_from_the_extension_and_one_kind_per_file(tmp_path):
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    from korea_tech.writers import OutputError, write

    sample = tmp_path / "release.txt"
    sample.write_text("MOTIE will pour KRW 117.2 billion won by 2028 into batteries.\n", encoding="utf-8")
    result = invoke("extract", sample, "-q", "--date", "2024-03-11", "--out", tmp_path / "x.parquet", "--columns", "core")
    assert result.exit_code == 0, result.output
    table = pq.read_table(tmp_path / "x.parquet")
    assert table.schema.names == MENTION_CORE
    money = next(r for r in table.to_pylist() if r["label"] == "MONEY")
    assert (money["value"], money["currency"]) == ("117200000000", "KRW") and money["value_usd"] > 0
    year = next(r for r in table.to_pylist() if r["label"] == "YEAR")
    assert (year["year_start"], year["year_end"]) == (2028, 2028)
    # Funding and target records together do not fit one Parquet file; nothing is left behind.
    rows = [TYPES.funding(record_id="a", kind="funding", doc_id="d#1"), TYPES.target(record_id="b", kind="target")]
    with pytest.raises(OutputError, match="one kind of row"):
        write(rows, TYPES.funding, str(tmp_path / "r.parquet"), [], "records")
    assert not any(p.name.startswith(".r.parquet") or p.name == "r.parquet" for p in tmp_path.iterdir())


def test_records_in_one_sqlite_file(tmp_path):
    """Funding and target records: one file, a table for each, both referring to the documents."""
    result = invoke("records", SEEDS, "-q", "--out", tmp_path / "records.db")
    assert result.exit_code == 0, result.output
    db = sqlite3.connect(tmp_path / "records.db")
    counts = {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in ("funding", "targets")}
    assert counts["funding"] > 10 and counts["targets"] > 5
    assert db.execute('SELECT DISTINCT kind FROM "targets"').fetchall() == [("target",)]
    for table in ("funding", "targets"):
        (fk,) = db.execute(f'PRAGMA foreign_key_list("{table}")').fetchall()
        assert (fk[2], fk[3]) == ("documents", "doc_id")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    declared = {c[1]: c[2] for c in db.execute('PRAGMA table_info("funding")')}
    assert (declared["value"], declared["approx"], declared["repeated_at"], declared["year_start"]) == (
        "REAL", "INTEGER", "TEXT", "INTEGER")
    repeated = db.execute('SELECT repeated_at FROM "funding" WHERE repeated_at IS NOT NULL').fetchone()
    assert all(isinstance(n, int) for n in json.loads(repeated[0]))


def test_sqlite_or_parquet_to_standard_output_is_a_usage_error():
    for fmt in ("sqlite", "parquet"):
        result = invoke("extract", SEEDS, "--format", fmt)
        assert result.exit_code == 2 and "standard output" in result.output, result.output


def test_csv_cells_hold_no_line_breaks(seeds_out, tmp_path):
    from korea_tech.writers import Format, to_text

    folder, rows = seeds_out
    table = list(csv.reader(io.StringIO((folder / "data" / "mentions.csv").read_text(encoding="utf-8"))))
    assert len(table) == len(rows) + 1
    assert "norm_eur_rates" not in table[0] and "check_equivalent_of_text" in table[0]
    assert not any("\n" in c or "\r" in c for r in table for c in r)
    assert not any(c.startswith("{") for r in table[1:] for c in r)  # no JSON object left in a cell
    rows[0]["sentence"] = "one\r\ntwo\nthree\rfour"
    text = to_text(rows[:1], TYPES.mention, Format.csv)
    (back,) = list(csv.DictReader(io.StringIO(text)))
    assert back["sentence"] == "one two three four"
    funding = TYPES.funding(record_id="a", kind="funding", repeated_at=[12, 40], sentence="a\nb")
    (back,) = list(csv.DictReader(io.StringIO(to_text([funding], TYPES.funding, Format.csv))))
    assert back["repeated_at"] == "12; 40" and back["sentence"] == "a b"


def test_csv_excel_and_core_columns(tmp_path):
    sample = tmp_path / "release.txt"
    sample.write_text("MOTIE’s fund will pour €5 million\ninto chip research by 2028 – it said.\n", encoding="utf-8")
    result = invoke("extract", sample, "-q", "--format", "csv", "--excel", "--columns", "core",
                    "--out", tmp_path / "core.csv")
    assert result.exit_code == 0, result.output
    raw = (tmp_path / "core.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0] == MENTION_CORE
    assert not any("\n" in c or "\r" in c for r in table for c in r)
    by_label = {r[2]: dict(zip(MENTION_CORE, r)) for r in table[1:]}
    assert by_label["MONEY"]["value"] == "5000000" and by_label["MONEY"]["currency"] == "EUR"
    assert by_label["MINISTRY"]["value"] and by_label["YEAR"]["year_start"] == "2028"
    from korea_tech.writers import Columns, csv_columns

    assert [n for n, _ in csv_columns(TYPES.funding, Columns.core)] == FUNDING_CORE


def test_datasette_accepts_the_file(seeds_out):
    datasette = shutil.which("datasette")
    if datasette is None:
        pytest.skip("datasette is not installed")
    folder, _ = seeds_out
    done = subprocess.run([datasette, "inspect", str(folder / "x.sqlite")], capture_output=True, text=True, check=False,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["x"]["tables"]["mentions"]["count"] > 100


def test_a_row_maker_makes_the_rows_the_type_makes():
    """Rows made by ``RowType.maker`` (shared values placed once per document) are the
    rows the type makes from the same values, in field order; an unknown or doubled
    field is refused when the maker is made."""
    mention = row_types().mention
    shared = {"doc": "a.txt", "doc_id": "a.txt#1", "lang": "en"}
    make = mention.maker(shared, ("label", "start", "end", "norm"))
    row = make("YEAR", 3, 7, {"start": 2024})
    assert row == mention(**shared, label="YEAR", start=3, end=7, norm={"start": 2024})
    assert list(row) == list(mention.names) and type(row) is mention.row
    assert make("MONEY", 0, 1, None)["label"] == "MONEY" and row["label"] == "YEAR"  # no cells shared
    with pytest.raises(TypeError, match="no field"):
        mention.maker(shared, ("label", "colour"))
    with pytest.raises(TypeError, match="twice"):
        mention.maker(shared, ("label", "lang"))


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_rows_encoded_in_a_worker_are_written_as_the_rows_themselves(tmp_path, capsys, monkeypatch, fmt):
    """Rows a --jobs worker sends as encoded JSON (JsonRow), mixed with rows made here, give
    the bytes of the rows themselves: in a file written here (copied as bytes, after the
    text before them), on standard output and in a --check comparison (decoded), with a
    manifest's digest of the same bytes."""
    from korea_tech.writers import Format, json_rows, write

    rows = [TYPES.mention(label="MONEY", text=f"{n}조 원 “€”", start=n, end=n + 1) for n in range(1200)]
    # a worker's document of several rows, one of one row, a row made here, then a long
    # run of rows made here (more than one buffered batch of text) and a worker's again
    mixed = [*json_rows(rows[:3]), *json_rows(rows[3:4]), rows[4], *rows[5:1100], *json_rows(rows[1100:])]
    fmt = Format(fmt)

    def written(items, out):
        write(iter(items), TYPES.mention, out, [fmt], "mentions", manifest=lambda: {})
        return (tmp_path / out / f"mentions.{fmt.value}").read_bytes() if out.endswith("/") else \
            (tmp_path / out).read_bytes()

    monkeypatch.chdir(tmp_path)
    plain = written(rows, "plain/")
    assert written(mixed, "mixed/") == plain
    digests = [json.loads((tmp_path / d / "manifest.json").read_text())["outputs"] for d in ("plain", "mixed")]
    assert digests[0] == digests[1]
    assert written(mixed, f"one.{fmt.value}") == plain
    capsys.readouterr()
    write(iter(mixed), TYPES.mention, "-", [fmt], "mentions")
    assert capsys.readouterr().out.encode("utf-8") == plain
    assert write(iter(mixed), TYPES.mention, f"one.{fmt.value}", [fmt], "mentions", check=True) == []
