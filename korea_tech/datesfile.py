"""``--dates FILE``: the dates of documents that carry none, one per path, file name or
document id, from a CSV file (a key column -- ``path``, ``doc_id``, ``doc``, ``file`` or
``name`` -- and a ``date`` column) or a JSON file (``{"key": "YYYY-MM-DD", ...}`` or a list
of objects with those columns)."""
from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

from .document import DocDate

KEY_COLUMNS = ("doc_id", "path", "doc", "file", "name")


class DatesFileError(ValueError):
    """The file cannot be read as dates; the message says where."""


def read_dates(path: Path) -> dict[str, DocDate]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DatesFileError(f"{path}: cannot read ({exc})") from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DatesFileError(f"{path}:{exc.lineno}: bad JSON ({exc.msg})") from None
        rows = [{"key": k, "date": v} for k, v in data.items()] if isinstance(data, dict) else data
        if not isinstance(rows, list):
            raise DatesFileError(f"{path}: a JSON object (key -> date) or a list of objects")
        return _dates((f"{path}: item {n}", row) for n, row in enumerate(rows, start=1))
    reader = csv.DictReader(text.splitlines())
    return _dates((f"{path}:{n}", row) for n, row in enumerate(reader, start=2))


def _dates(rows) -> dict[str, DocDate]:
    found: dict[str, DocDate] = {}
    for where, row in rows:
        if not isinstance(row, dict):
            raise DatesFileError(f"{where}: not an object with a key and a date")
        key = row.get("key") or next((row[c] for c in KEY_COLUMNS if row.get(c)), None)
        value = row.get("date")
        if not key or not value:
            raise DatesFileError(f"{where}: needs a key column ({', '.join(KEY_COLUMNS)}) and a date column")
        try:
            found[str(key)] = DocDate(date.fromisoformat(str(value).strip()), "day")
        except ValueError:
            raise DatesFileError(f"{where}: {value!r} is not a date written YYYY-MM-DD") from None
    return found
