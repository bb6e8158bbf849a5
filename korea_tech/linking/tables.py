"""Tab-separated tables in a text: a header row naming a funding column, then its rows.
An amount in a funding cell is a commitment of the row's programme or body."""
from __future__ import annotations

import re

TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*>")


def find_tables(text: str, funding_headers: set[str]) -> list[dict]:
    tables, current = [], None
    pos = 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        stripped = line.rstrip("\r\n")
        if "\t" not in stripped:
            if stripped.strip():  # prose ends a table; blank lines do not
                current = None
            continue
        cells = _cells(stripped, start)
        names = [TAG.sub("", c[0]).strip().lower() for c in cells]
        funding_col = next((i for i, n in enumerate(names) if n in funding_headers), None)
        if funding_col is not None:
            current = {"header": names, "funding": funding_col, "rows": []}
            tables.append(current)
            continue
        if current is not None:
            current["rows"].append(cells)
    return tables


def table_row(tables, m):
    """The (table, cells) whose funding cell holds mention ``m``, or None."""
    for table in tables:
        for cells in table["rows"]:
            if cells and cells[0][1] <= m.start and m.end <= cells[-1][2]:
                col = next((i for i, (_, s, e) in enumerate(cells) if s <= m.start and m.end <= e), None)
                if col == table["funding"]:
                    return table, cells
    return None


def _cells(line: str, offset: int) -> list[tuple[str, int, int]]:
    cells, pos = [], 0
    for part in line.split("\t"):
        cells.append((part, offset + pos, offset + pos + len(part)))
        pos += len(part) + 1
    return cells
