"""Rows -> files: a registry of writers (CSV, JSON Lines, JSON, SQLite, Parquet), one output
grammar for every command, atomic writes, the same contents for the same rows.

Every command that emits data goes through ``write`` with the same ``--format`` and
``--out`` options (cli.py):

- ``--out -`` (default): standard output, one text format (not sqlite or parquet);
- ``--out FILE``: the format comes from ``--format`` or the file's extension
  (.csv .jsonl .ndjson .json .sqlite .sqlite3 .db .parquet);
- ``--out DIR/`` (an existing folder, or a path ending in ``/``): ``DIR/<name>.<ext>``
  for each ``--format`` given, and beside them ``errors.csv`` (inputs that could not be
  read) and ``manifest.json`` (what made the dataset) when the command reads inputs.

A writer is told the type of its rows (rows.py), so its columns never depend on which
rows happen to come first; the column types come from the row type's JSON Schema
(``table_columns``). ``--columns core`` keeps the dozen columns most people want
(``CORE``) in the tabular formats (CSV, SQLite, Parquet); JSON keeps whole rows.

- CSV: nested groups flattened (``norm_value``), a fixed object split into columns
  (``check_equivalent_of_text``), lists joined with "; ", ``norm_eur_rates`` left out
  (the conversions are columns), line breaks inside a cell replaced by a space;
  ``excel`` starts the file with a UTF-8 byte order mark.
- SQLite (standard library ``sqlite3``): one table per row kind (``mentions``,
  ``funding``, ``targets`` ...), typed columns (INTEGER, REAL, TEXT; booleans 0/1;
  lists and objects as JSON text; a column that holds numbers or strings, such as
  ``norm_value``, has no declared type and keeps each value's own), a ``documents``
  table (``doc_id`` primary key) referenced by every table with a ``doc_id``,
  indexes on ``doc_id`` and ``label``, and an ``errors`` table for a command that
  reads inputs. Rows of another kind than the writer's (funding and target records
  together) go to their own table in the same file.
- Parquet (pyarrow, ``pip install 'ktech[parquet]'``): one file per row kind, typed
  columns (int64, float64, string, bool; list<...> for arrays, map<string, double>
  for ``norm_eur_rates``, a struct for ``check_equivalent_of``); a column that holds
  numbers or strings is a string column (JSON text of the number).

Adding a format is a class with ``__init__(handle, row_type, name, **options)``, ``row(row)``,
``finish(errors)`` and ``close()`` (a binary format gets a file path for ``handle``, and
is listed in ``BINARY``), registered in ``WRITERS`` (and its extensions in ``EXTENSIONS``).
"""
from __future__ import annotations

import csv
import hashlib
import importlib.util
import io
import json
import os
import sys
import tempfile
from enum import Enum
from pathlib import Path
from typing import Any, Callable, Iterable, NamedTuple, Sequence

# One encoder for every row: json.dumps with options builds a new one per call.
# (Rows are made of fresh dicts and lists, never circular: no check for cycles.)
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=False, separators=(", ", ": "), check_circular=False)
BATCH_ROWS = 512  # rows buffered before a write: one write per batch, not per row
PARQUET_BATCH = 8192  # rows per Parquet row group
BOM = "\ufeff"


def _json(value) -> str:
    return _ENCODER.encode(value)


class JsonRow(bytes):
    """Rows written as JSON where they were made (a ``--jobs`` worker), one per line (JSON
    text holds no raw line break), as UTF-8: the process that writes the output copies
    these bytes to the file. Decoding a row from the worker and encoding it again took
    the writing process more time than each worker spent on the row's document; handling
    them one by one still took it a second per 100,000 rows; and decoding the text from
    the worker, joining it and encoding it again still took it a second of a 20 MB run
    while the workers waited for a core. The JSONL writer writes it as it is, the JSON
    writer with a comma at each line end; ``JSON_FORMATS`` are the formats that can take
    one."""

    __slots__ = ()


def json_rows(rows) -> list[JsonRow]:
    """A document's rows as one JsonRow (none for no rows)."""
    return [JsonRow("\n".join([_json(row) for row in rows]).encode("utf-8"))] if rows else []


def cell(value) -> str:
    """A CSV cell: empty for null, true/false, JSON for nested values."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return _json(value)
    return str(value)


def one_line(text: str) -> str:
    """A text cell on one line: each line break (CR LF, LF or CR) becomes a space."""
    if "\n" in text or "\r" in text:
        return text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    return text


# ------------------------------------------------------------------ columns
class Columns(str, Enum):
    all = "all"
    core = "core"


class Column(NamedTuple):
    """One output column: its name, its kind (from the JSON Schema), how to read it from a
    row, and the schema (for the parts of an object)."""

    name: str
    kind: str  # integer number string boolean mixed list_integer list_number list_string map struct json
    get: Callable[[dict], Any]
    schema: dict


_SCALAR = {"integer", "number", "string", "boolean"}


def column_kind(schema: dict) -> str:
    """The kind of a column from its JSON Schema (null aside)."""
    types = schema.get("type")
    if types is None and "enum" in schema:
        names = {bool: "boolean", int: "integer", float: "number", str: "string", type(None): "null"}
        types = [names.get(type(v), "json") for v in schema["enum"]]
    if types is None:
        return "json"
    types = {types} if isinstance(types, str) else set(types)
    types.discard("null")
    if types == {"integer", "number"}:
        return "number"
    if types == {"array"}:
        items = column_kind(schema.get("items", {}))
        return f"list_{items}" if items in _SCALAR else "json"
    if types == {"object"}:
        if schema.get("properties"):
            return "struct"
        if isinstance(schema.get("additionalProperties"), dict):
            return "map"
        return "json"
    if len(types) == 1 and types <= _SCALAR:
        return types.pop()
    return "mixed" if types <= _SCALAR else "json"


def _top(name: str):
    return lambda row: row.get(name)


def _inner(group: str, name: str):
    return lambda row: (row.get(group) or {}).get(name)


def all_columns(row_type) -> list[Column]:
    """Every column of a row type, in ``row_type.columns()`` order: its own fields, then each
    nested group's fields, flattened to ``<group>_<field>``."""
    columns = [Column(f.name, column_kind(f.schema), _top(f.name), f.schema)
               for f in row_type.fields if f.name not in row_type.nested]
    for group_name, (group, _) in row_type.nested.items():
        columns += [Column(f"{group_name}_{f.name}", column_kind(f.schema), _inner(group_name, f.name), f.schema)
                    for f in group.fields]
    return columns


def _norm(row) -> dict:
    return row.get("norm") or {}


def _mention_value(row):
    """The one value of a mention: the canonical name of a body or programme, the start
    year of a year, the amount or date (or number of a duration) otherwise."""
    norm = _norm(row)
    label = row.get("label")
    if label in ("MINISTRY", "PROGRAMME"):
        return norm.get("canonical")
    if label == "YEAR":
        return norm.get("start")
    return norm.get("value")


def _year(key: str):
    def get(row):
        value = _norm(row).get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    return get


STRING, NUMBER, INTEGER = {"type": ["string", "null"]}, {"type": ["number", "null"]}, {"type": ["integer", "null"]}
MENTION_CORE = [
    Column("doc", "string", _top("doc"), STRING),
    Column("doc_date", "string", _top("doc_date"), STRING),
    Column("label", "string", _top("label"), STRING),
    Column("text", "string", _top("text"), STRING),
    Column("value", "mixed", _mention_value, {"type": ["number", "string", "null"]}),
    Column("currency", "string", lambda row: _norm(row).get("currency"), STRING),
    Column("value_usd", "number", lambda row: _norm(row).get("value_usd"), NUMBER),
    Column("year_start", "integer", _year("start"), INTEGER),
    Column("year_end", "integer", _year("end"), INTEGER),
    Column("role", "string", lambda row: _norm(row).get("role"), STRING),
    Column("sentence", "string", _top("sentence"), STRING),
]
# The core columns of the other row kinds, picked from their own columns.
CORE = {
    "funding": ["doc", "doc_date", "amount_text", "currency", "value", "value_usd", "programme", "body_canonical",
                "year_start", "year_end", "confidence", "sentence"],
    "target": ["doc", "doc_date", "metric", "quantity", "unit", "baseline", "year_end", "quantity_text",
               "confidence", "sentence"],
    "ledger": ["programme", "body_canonical", "currency", "value", "value_usd", "year_start", "year_end", "sources",
               "first_reported", "latest_reported", "amount_disagrees", "period_disagrees", "confidence"],
    "finding": ["doc", "doc_date", "status", "amount", "stated", "expected_value", "factor", "note", "sentence"],
    "explain": ["label", "text", "start", "end", "outcome", "reason", "rule", "norm_value", "norm_canonical"],
}


def table_columns(row_type, columns: Columns | str = Columns.all) -> list[Column]:
    """The columns written for ``row_type``: all of them, or the core ones."""
    if Columns(columns) is Columns.all:
        return all_columns(row_type)
    if row_type.name == "mention":
        return list(MENTION_CORE)
    every = {c.name: c for c in all_columns(row_type)}
    if row_type.name not in CORE:
        return list(every.values())
    return [every[n] for n in CORE[row_type.name] if n in every]


def csv_columns(row_type, columns: Columns | str = Columns.all) -> list[tuple[str, Callable[[dict], str]]]:
    """CSV columns as (header, row -> cell text): objects of fixed fields split into columns,
    other objects (rates) left out, lists joined with "; ", every cell on one line."""
    out: list[tuple[str, Callable[[dict], str]]] = []
    for column in table_columns(row_type, columns):
        if column.kind == "struct":
            for key in column.schema["properties"]:
                out.append((f"{column.name}_{key}", _csv_cell(_part(column.get, key))))
        elif column.kind == "map":
            continue
        elif column.kind.startswith("list_"):
            out.append((column.name, _csv_list(column.get)))
        else:
            out.append((column.name, _csv_cell(column.get)))
    return out


def _part(get, key):
    return lambda row: (get(row) or {}).get(key)


def _csv_cell(get):
    def text(row) -> str:
        value = get(row)
        if type(value) is str:
            return one_line(value)
        return one_line(cell(value))
    return text


def _csv_list(get):
    def text(row) -> str:
        value = get(row)
        if isinstance(value, list):
            return one_line("; ".join(cell(v) for v in value))
        return one_line(cell(value))
    return text


# ------------------------------------------------------------------ text writers
class _Buffered:
    # the sha256 of what is written, for a manifest; ``write`` turns it off when no
    # manifest is written (encoding and hashing 95 MB of rows took a 20 MB run a second)
    hashing = True

    def __init__(self, handle):
        self.handle = handle
        self.pending: list[str] = []
        self.digest = hashlib.sha256()
        # the binary file under ``handle``, when ``write`` opened it (UTF-8, no newline
        # translation): encoded rows (JsonRow) go there as they are
        self.raw = None
        self.text_held = False  # text written to ``handle`` that it may still hold

    def put(self, text: str) -> None:
        self.pending.append(text)
        if len(self.pending) >= BATCH_ROWS:
            self.flush()

    def put_encoded(self, data: bytes) -> None:
        """UTF-8 text, after what was put before it."""
        if self.raw is None:
            self.put(data.decode("utf-8"))
            return
        if self.pending:
            self.flush()
        if self.text_held:
            self.handle.flush()  # the text written so far goes before these bytes
            self.text_held = False
        self.raw.write(data)
        if self.hashing:
            self.digest.update(data)

    def flush(self) -> None:
        if not self.pending:
            return
        text = "".join(self.pending)
        self.pending.clear()
        self.handle.write(text)
        self.text_held = True
        if self.hashing:
            self.digest.update(text.encode("utf-8"))

    def close(self) -> None:
        if self.handle is not sys.stdout and not isinstance(self.handle, io.StringIO) and not self.handle.closed:
            self.handle.close()


class JsonlWriter(_Buffered):
    def __init__(self, handle, row_type, name: str, **options):
        super().__init__(handle)

    def row(self, row) -> None:
        if type(row) is JsonRow:
            self.put_encoded(row)
            self.put_encoded(b"\n")
        else:
            self.put(_json(row) + "\n")

    def finish(self, errors: Sequence[dict] | None) -> None:
        self.flush()


class JsonWriter(_Buffered):
    """``[rows]``, or ``{"<name>": [rows], "errors": [...]}`` for a command that reads inputs."""

    def __init__(self, handle, row_type, name: str, with_errors: bool = False, **options):
        super().__init__(handle)
        self.first = True
        self.with_errors = with_errors
        self.put(f'{{"{name}": [' if with_errors else "[")

    def row(self, row) -> None:
        if type(row) is JsonRow:
            self.put_encoded((b"\n" if self.first else b",\n") + row.replace(b"\n", b",\n"))
        else:
            self.put(("\n" if self.first else ",\n") + _json(row))  # json.dumps(row, ensure_ascii=False)
        self.first = False

    def finish(self, errors: Sequence[dict] | None) -> None:
        end = "\n" if not self.first else ""
        if self.with_errors:
            self.put(end + '], "errors": ' + json.dumps(list(errors or []), ensure_ascii=False) + "}\n")
        else:
            self.put(end + "]\n")
        self.flush()


class CsvWriter(_Buffered):
    """The row type's columns (``csv_columns``), one line per row; ``excel``: a UTF-8 BOM first."""

    def __init__(self, handle, row_type, name: str, columns: Columns | str = Columns.all, excel: bool = False,
                 **options):
        super().__init__(handle)
        self.columns = csv_columns(row_type, columns)
        self.getters = [get for _, get in self.columns]
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\n")
        self.rows = 0
        if excel:
            self.buffer.write(BOM)
        self.writer.writerow([name for name, _ in self.columns])
        self._take()

    def _take(self) -> None:
        self.put(self.buffer.getvalue())
        self.buffer.seek(0)
        self.buffer.truncate()
        self.rows = 0

    def row(self, row) -> None:
        self.writer.writerow([get(row) for get in self.getters])
        self.rows += 1
        if self.rows >= BATCH_ROWS:
            self._take()

    def finish(self, errors: Sequence[dict] | None) -> None:
        if self.rows:
            self._take()
        self.flush()


# ------------------------------------------------------------------ binary writers
TABLES = {"mention": "mentions", "funding": "funding", "target": "targets", "ledger": "ledger", "stip": "stip",
          "finding": "findings", "error": "errors", "rule": "rules", "explain": "explain"}
DOCUMENT_FIELDS = ("doc_id", "doc", "path", "doc_title", "doc_date", "doc_date_source", "lang", "url")


def _row_type_of(row, default):
    return getattr(type(row), "type", None) or default


class _FileWriter:
    """A writer of a binary file at a path (the temporary file ``write`` publishes)."""

    binary = True
    hashing = True  # as _Buffered's

    def __init__(self, path: str):
        self.path = path
        self.handle = None
        self.digest = None

    def _done(self) -> None:
        if self.hashing:
            self.digest = hashlib.sha256(Path(self.path).read_bytes())


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "string": "TEXT", "boolean": "INTEGER", "mixed": ""}


def _sql_value(kind: str):
    if kind == "number":
        return lambda v: None if v is None else float(v)
    if kind == "boolean":
        return lambda v: None if v is None else int(bool(v))
    if kind in ("integer", "string", "mixed"):
        return lambda v: v
    return lambda v: None if v is None else _json(v)  # lists and objects: JSON text


class _Table:
    def __init__(self, db, row_type, columns: Columns, documents: bool):
        self.name = TABLES.get(row_type.name, row_type.name)
        self.columns = table_columns(row_type, columns)
        self.convert = [(c.get, _sql_value(c.kind)) for c in self.columns]
        names = [c.name for c in self.columns]
        self.has_doc = "doc_id" in names
        definitions = [f"{_quote(c.name)} {SQL_TYPES.get(c.kind, 'TEXT')}".rstrip() for c in self.columns]
        if self.has_doc and documents:
            definitions.append('FOREIGN KEY ("doc_id") REFERENCES "documents" ("doc_id")')
        db.execute(f"CREATE TABLE {_quote(self.name)} (\n  " + ",\n  ".join(definitions) + "\n)")
        self.insert = (f"INSERT INTO {_quote(self.name)} VALUES ({', '.join('?' * len(self.columns))})")
        self.indexed = [n for n in ("doc_id", "label") if n in names]
        self.pending: list[tuple] = []

    def values(self, row) -> tuple:
        return tuple(convert(get(row)) for get, convert in self.convert)


class SqliteWriter(_FileWriter):
    """One SQLite file: a table per row kind, ``documents``, ``errors`` (see the module doc)."""

    def __init__(self, path: str, row_type, name: str, columns: Columns | str = Columns.all, **options):
        import sqlite3

        super().__init__(path)
        self.columns = Columns(columns)
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode = OFF")  # a temporary file, renamed once whole
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.execute("BEGIN")
        self.documents: dict[str, dict] | None = None
        if any(c.name == "doc_id" for c in table_columns(row_type, self.columns)):
            self._documents_table()
        self.tables: dict[Any, _Table] = {row_type: _Table(self.db, row_type, self.columns, self.documents is not None)}
        self.row_type = row_type

    def _documents_table(self) -> None:
        self.documents = {}
        self.db.execute('CREATE TABLE "documents" (\n  "doc_id" TEXT PRIMARY KEY,\n  '
                        + ",\n  ".join(f'"{n}" TEXT' for n in DOCUMENT_FIELDS[1:]) + "\n)")

    def row(self, row) -> None:
        row_type = _row_type_of(row, self.row_type)
        table = self.tables.get(row_type)
        if table is None:  # another kind of row (target records among funding ones): its own table
            table = self.tables[row_type] = _Table(self.db, row_type, self.columns, self.documents is not None)
        table.pending.append(table.values(row))
        if len(table.pending) >= BATCH_ROWS:
            self._flush(table)
        if self.documents is not None and table.has_doc:
            doc_id = row.get("doc_id")
            if doc_id is not None:
                known = self.documents.get(doc_id)
                if known is None:
                    self.documents[doc_id] = {f: row.get(f) for f in DOCUMENT_FIELDS}
                else:
                    for f in DOCUMENT_FIELDS:
                        if known[f] is None and row.get(f) is not None:
                            known[f] = row.get(f)

    def _flush(self, table: _Table) -> None:
        self.db.executemany(table.insert, table.pending)
        table.pending.clear()

    def finish(self, errors: Sequence[dict] | None) -> None:
        for table in self.tables.values():
            self._flush(table)
        if self.documents is not None:
            self.db.executemany(f"INSERT INTO \"documents\" VALUES ({', '.join('?' * len(DOCUMENT_FIELDS))})",
                                [tuple(d[f] for f in DOCUMENT_FIELDS) for d in self.documents.values()])
        if errors is not None and not any(t.name == "errors" for t in self.tables.values()):
            self.db.execute('CREATE TABLE "errors" (\n  "path" TEXT,\n  "reason" TEXT\n)')
            self.db.executemany('INSERT INTO "errors" VALUES (?, ?)', [(e["path"], e["reason"]) for e in errors])
        for table in self.tables.values():
            for column in table.indexed:
                self.db.execute(f"CREATE INDEX {_quote(f'idx_{table.name}_{column}')} "
                                f"ON {_quote(table.name)} ({_quote(column)})")
        self.db.execute("COMMIT")
        problems = self.db.execute("PRAGMA foreign_key_check").fetchall()
        if problems:  # pragma: no cover - every doc_id comes with its document
            raise RuntimeError(f"sqlite: rows without their document: {problems[:3]}")
        self.close()
        self._done()

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None


def _arrow_type(kind: str, schema: dict):
    import pyarrow as pa

    scalar = {"integer": pa.int64(), "number": pa.float64(), "string": pa.string(), "boolean": pa.bool_(),
              "mixed": pa.string(), "json": pa.string()}
    if kind in scalar:
        return scalar[kind]
    if kind.startswith("list_"):
        return pa.list_(scalar[kind[5:]])
    if kind == "map":
        inner = schema["additionalProperties"]
        return pa.map_(pa.string(), _arrow_type(column_kind(inner), inner))
    if kind == "struct":
        return pa.struct([pa.field(k, _arrow_type(column_kind(s), s)) for k, s in schema["properties"].items()])
    raise ValueError(kind)


def _arrow_value(kind: str):
    if kind in ("mixed", "json"):
        return lambda v: v if v is None or type(v) is str else _json(v)
    if kind == "number":
        return lambda v: None if v is None else float(v)
    if kind == "map":
        return lambda v: None if v is None else sorted(v.items())
    return lambda v: v


class ParquetWriter(_FileWriter):
    """One Parquet file of one row kind, typed from the row type's schema (see the module doc)."""

    def __init__(self, path: str, row_type, name: str, columns: Columns | str = Columns.all, **options):
        import pyarrow as pa
        import pyarrow.parquet as pq

        super().__init__(path)
        self.pa = pa
        self.row_type = row_type
        self.columns = table_columns(row_type, columns)
        self.schema = pa.schema([pa.field(c.name, _arrow_type(c.kind, c.schema)) for c in self.columns])
        self.convert = [(c.get, _arrow_value(c.kind)) for c in self.columns]
        self.pending: list[list] = [[] for _ in self.columns]
        self.count = 0
        self.writer = pq.ParquetWriter(path, self.schema)

    def row(self, row) -> None:
        if _row_type_of(row, self.row_type) is not self.row_type:
            raise OutputError(f"a Parquet file holds one kind of row, not {self.row_type.name} and "
                              f"{_row_type_of(row, self.row_type).name} rows: choose one (--kind) or give --out DIR/")
        for values, (get, convert) in zip(self.pending, self.convert):
            values.append(convert(get(row)))
        self.count += 1
        if self.count >= PARQUET_BATCH:
            self._flush()

    def _flush(self) -> None:
        pa = self.pa
        arrays = [pa.array(values, type=field.type) for values, field in zip(self.pending, self.schema)]
        self.writer.write_table(pa.Table.from_arrays(arrays, schema=self.schema))
        self.pending = [[] for _ in self.columns]
        self.count = 0

    def finish(self, errors: Sequence[dict] | None) -> None:
        if self.count:
            self._flush()
        self.close()
        self._done()

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


# ------------------------------------------------------------------ the registry
class Format(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    json = "json"
    sqlite = "sqlite"
    parquet = "parquet"


WRITERS = {Format.csv: CsvWriter, Format.jsonl: JsonlWriter, Format.json: JsonWriter, Format.sqlite: SqliteWriter,
           Format.parquet: ParquetWriter}
EXTENSIONS = {".csv": Format.csv, ".jsonl": Format.jsonl, ".ndjson": Format.jsonl, ".json": Format.json,
              ".sqlite": Format.sqlite, ".sqlite3": Format.sqlite, ".db": Format.sqlite, ".parquet": Format.parquet}
BINARY = {Format.sqlite, Format.parquet}  # written to a file path, never to standard output
JSON_FORMATS = {Format.jsonl, Format.json}  # take a JsonRow (its text copied)


class OutputError(ValueError):
    """The --format/--out combination cannot be honoured."""


def is_folder(out: str) -> bool:
    return out != "-" and (out.endswith(("/", os.sep)) or Path(out).is_dir())


def plan_outputs(out: str, formats: Sequence[Format], name: str) -> list[tuple[Path | None, Format]]:
    """Where each format goes: [(path or None for standard output, format)]."""
    plan = _plan(out, formats, name)
    for path, fmt in plan:
        if path is None and fmt in BINARY:
            raise OutputError(f"--format {fmt.value} writes a file, not standard output: "
                              f"give --out FILE.{fmt.value} or --out DIR/")
        if fmt is Format.parquet and importlib.util.find_spec("pyarrow") is None:
            raise OutputError("--format parquet needs pyarrow: pip install 'ktech[parquet]'")
    return plan


def _plan(out: str, formats: Sequence[Format], name: str) -> list[tuple[Path | None, Format]]:
    if out == "-":
        if len(formats) > 1:
            raise OutputError("standard output takes one --format; give --out DIR/ for several")
        return [(None, formats[0] if formats else Format.jsonl)]
    target = Path(out)
    if is_folder(out):
        return [(target / f"{name}.{fmt.value}", fmt) for fmt in (formats or [Format.csv])]
    if len(formats) > 1:
        raise OutputError(f"{out} is a file and takes one --format; give a folder for several")
    fmt = formats[0] if formats else EXTENSIONS.get(target.suffix.lower())
    if fmt is None:
        raise OutputError(f"cannot tell the format of {out}; add --format csv|jsonl|json|sqlite|parquet")
    return [(target, fmt)]


def to_text(rows: Iterable, row_type, fmt: Format, name: str = "rows", **options) -> str:
    """Rows rendered in one text format, as a string."""
    handle = io.StringIO()
    writer = WRITERS[fmt](handle, row_type, name, **options)
    for row in rows:
        writer.row(row)
    writer.finish(None)
    return handle.getvalue()


def atomic_write(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path``, then rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        _publish(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _publish(tmp: str, path: Path) -> None:
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a data file is as readable as any other
    os.replace(tmp, path)  # atomic: an interrupted run leaves the old file whole


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write(rows: Iterable, row_type, out: str, formats: Sequence[Format], name: str, *,
          errors: Callable[[], list[dict]] | None = None, errors_file: str | None = None,
          manifest: Callable[[], dict] | None = None, check: bool = False,
          columns: Columns | str = Columns.all, excel: bool = False) -> list[str]:
    """Write ``rows`` (any iterable: they are written as they come) as planned.

    A command that reads inputs passes ``errors`` (called once the rows are written):
    JSON output then holds them (``{"<name>": [...], "errors": [...]}``), SQLite an
    ``errors`` table, a folder gets ``errors.csv``, and ``errors_file`` gets them as CSV
    wherever it is. ``manifest`` goes to ``manifest.json`` in a folder, with the sha256
    of every output. ``columns`` (all or core) and ``excel`` (a BOM) shape the tabular
    formats.

    Returns the paths written ('-' for standard output), or with ``check`` the
    differences between what would be written and the files on disk (writing nothing).
    """
    from .rows import ERROR

    plan = plan_outputs(out, formats, name)
    options = {"columns": Columns(columns), "excel": excel}
    hashing = manifest is not None and is_folder(out)  # only a manifest reads the digests
    sinks, temps, created = [], [], []
    try:
        for path, fmt in plan:
            if fmt in BINARY:
                if check:
                    fd, tmp = tempfile.mkstemp(prefix="ktech-check-", suffix=f".{fmt.value}")
                else:
                    created += [p for p in reversed(path.parents) if not p.exists()]
                    path.parent.mkdir(parents=True, exist_ok=True)
                    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
                os.close(fd)
                temps.append((tmp, path))
                writer = WRITERS[fmt](tmp, row_type, name, **options)
            else:
                if check or path is None:
                    handle = io.StringIO() if check or path is not None else sys.stdout
                else:
                    created += [p for p in reversed(path.parents) if not p.exists()]
                    path.parent.mkdir(parents=True, exist_ok=True)
                    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
                    handle = os.fdopen(fd, "w", encoding="utf-8", newline="")
                    temps.append((tmp, path))
                if fmt is Format.json:
                    writer = JsonWriter(handle, row_type, name, with_errors=errors is not None)
                else:
                    writer = WRITERS[fmt](handle, row_type, name, **options)
                if fmt in JSON_FORMATS and path is not None and not check:
                    writer.raw = handle.buffer  # opened here: UTF-8, no newline translation
            writer.hashing = hashing
            sinks.append((path, writer))
        for row in rows:
            for _, writer in sinks:
                writer.row(row)
        error_rows = errors() if errors is not None else None
        for _, writer in sinks:
            writer.finish(error_rows)
    except BaseException:
        for _, writer in sinks:
            writer.close()
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
        for folder in reversed(created):  # a failed command leaves no trace
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        raise
    extra: list[tuple[Path, str]] = []
    if error_rows is not None:
        error_csv = to_text(error_rows, ERROR, Format.csv)
        if is_folder(out):
            extra.append((Path(out) / "errors.csv", error_csv))
        if errors_file:
            extra.append((Path(errors_file), error_csv))
    if manifest is not None and is_folder(out):
        outputs = [{"path": p.name, "sha256": w.digest.hexdigest()} for p, w in sinks if p is not None]
        outputs += [{"path": p.name, "sha256": hashlib.sha256(t.encode("utf-8")).hexdigest()} for p, t in extra]
        extra.append((Path(out) / "manifest.json",
                      json.dumps(dict(manifest(), outputs=outputs), ensure_ascii=False, indent=1) + "\n"))
    if check:
        planned: list[tuple[Path, str | bytes]] = []
        for path, writer in sinks:
            if path is None:
                continue
            if getattr(writer, "binary", False):  # written to a temporary file: read it and drop it
                planned.append((path, Path(writer.path).read_bytes()))
                Path(writer.path).unlink(missing_ok=True)
            else:
                planned.append((path, writer.handle.getvalue()))
        return compare_files(planned + extra)
    written = []
    for path, writer in sinks:
        if path is None:
            sys.stdout.flush()
            written.append("-")
        else:
            writer.close()
    for tmp, path in temps:
        _publish(tmp, path)
        written.append(path.as_posix())
    for path, text in extra:
        atomic_write(path, text)
        written.append(path.as_posix())
    return written


def compare_files(files: Sequence[tuple[Path, str | bytes]]) -> list[str]:
    """What differs between the planned files (text, or bytes for a binary format) and
    those on disk, one line each."""
    differences = []
    for path, content in files:
        if not path.exists():
            differences.append(f"{path.as_posix()}: missing")
            continue
        if isinstance(content, bytes):
            if path.read_bytes() != content:
                differences.append(f"{path.as_posix()}: differs (regenerated {len(content):,} bytes)")
            continue
        current = path.read_text(encoding="utf-8")
        if current != content:
            old, new = current.count("\n"), content.count("\n")
            differences.append(f"{path.as_posix()}: differs ({old} lines on disk, {new} regenerated)")
    return differences
