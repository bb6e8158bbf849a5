"""Rows -> CSV / JSON Lines / JSON, written atomically, byte-identical for the same rows.

Every command that emits data goes through ``write_rows`` with the same
``--format`` and ``--out`` options (cli.py), so all of them speak one grammar:

- ``--out -`` (default): standard output, one format;
- ``--out FILE``: the format comes from ``--format`` or the file's extension;
- ``--out DIR/`` (an existing folder, or a path ending in ``/``): ``DIR/<name>.<ext>``
  for each ``--format`` given (``make run`` writes csv and jsonl in one run).
"""
from __future__ import annotations

import csv
import io
import json
import os
import sys
import tempfile
from enum import Enum
from pathlib import Path
from typing import Iterable, Sequence

# norm fields in a fixed column order; fields a future label adds go after, sorted.
NORM_FIELDS = ("currency", "value", "value_max", "approx", "bound", "value_krw", "value_usd", "value_eur",
               "value_max_krw", "value_max_usd", "value_max_eur", "rate_date", "eur_rates", "conversion_note",
               "start", "end", "role", "unit", "canonical", "acronym", "country")
CHECK_FIELDS = ("status", "factor", "stated_value", "stated_currency", "expected_value", "tolerance", "rate_date",
                "equivalent_of", "note")


class Format(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    json = "json"


EXTENSIONS = {".csv": Format.csv, ".jsonl": Format.jsonl, ".ndjson": Format.jsonl, ".json": Format.json}


# One encoder for every row: json.dumps with options builds a new one per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=False, separators=(", ", ": "))


def _json(value) -> str:
    return _ENCODER.encode(value)


def to_jsonl(rows: Iterable[dict]) -> str:
    return "".join(_json(r) + "\n" for r in rows)


def to_json(rows: Sequence[dict]) -> str:
    return json.dumps(list(rows), ensure_ascii=False, indent=1) + "\n"


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return _json(value)
    return str(value)


NESTED = {"norm": NORM_FIELDS, "check": CHECK_FIELDS}


def flatten(row: dict) -> dict:
    """Nested ``norm``/``check`` -> ``norm_<field>``/``check_<field>`` columns (CSV has no nesting)."""
    flat = {k: v for k, v in row.items() if k not in NESTED}
    for group in NESTED:
        for key, value in (row.get(group) or {}).items():
            flat[f"{group}_{key}"] = value
    return flat


def csv_columns(rows: Sequence[dict]) -> list[str]:
    """Row fields, then each nested group's fields in a fixed order (all of them for rows)."""
    from .pipeline import ROW_FIELDS

    keys = list(ROW_FIELDS) if not rows or "doc_id" in rows[0] and "label" in rows[0] else list(rows[0])
    columns = [k for k in keys if k not in NESTED]
    for group, fixed in NESTED.items():
        if group in keys:
            seen = {k for r in rows for k in (r.get(group) or {})}
            columns += [f"{group}_{f}" for f in list(fixed) + sorted(seen - set(fixed))]
    return columns


def to_csv(rows: Sequence[dict], columns: Sequence[str] | None = None) -> str:
    columns = list(columns or csv_columns(rows))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        flat = flatten(row)
        writer.writerow([_cell(flat.get(c)) for c in columns])
    return buffer.getvalue()


def render(rows: Sequence[dict], fmt: Format) -> str:
    if fmt is Format.csv:
        return to_csv(rows)
    if fmt is Format.jsonl:
        return to_jsonl(rows)
    return to_json(rows)


def atomic_write(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path``, then rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a data file is as readable as any other
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


class OutputError(ValueError):
    """The --format/--out combination cannot be honoured."""


def plan_outputs(out: str, formats: Sequence[Format], name: str) -> list[tuple[Path | None, Format]]:
    """Where each format goes: [(path or None for stdout, format)]."""
    if out == "-":
        if len(formats) > 1:
            raise OutputError("standard output takes one --format; give --out DIR/ for several")
        return [(None, formats[0] if formats else Format.jsonl)]
    target = Path(out)
    if out.endswith(("/", os.sep)) or target.is_dir():
        return [(target / f"{name}.{fmt.value}", fmt) for fmt in (formats or [Format.csv])]
    if len(formats) > 1:
        raise OutputError(f"{out} is a file and takes one --format; give a folder for several")
    fmt = formats[0] if formats else EXTENSIONS.get(target.suffix.lower())
    if fmt is None:
        raise OutputError(f"cannot tell the format of {out}; add --format csv|jsonl|json")
    return [(target, fmt)]


ERROR_COLUMNS = ("path", "reason")


def plan_files(rows: Sequence[dict], out: str, formats: Sequence[Format], name: str,
               errors: Sequence[dict] | None = None, manifest: dict | None = None) -> list[tuple[Path | None, str]]:
    """Every file a command writes, with its full text: the data in each format, and with
    ``errors`` given, the error list (inside JSON; errors.csv beside a CSV file) and, in a
    folder, ``manifest`` as manifest.json with the sha256 of each data file."""
    files: list[tuple[Path | None, str]] = []
    for path, fmt in plan_outputs(out, formats, name):
        if fmt is Format.json and errors is not None:
            text = json.dumps({name: list(rows), "errors": list(errors)}, ensure_ascii=False, indent=1) + "\n"
        else:
            text = render(rows, fmt)
        files.append((path, text))
        if fmt is Format.csv and errors is not None and path is not None:
            files.append((path.parent / "errors.csv", to_csv(errors, ERROR_COLUMNS)))
    folder = out != "-" and (out.endswith(("/", os.sep)) or Path(out).is_dir())
    if manifest is not None and folder:
        import hashlib

        outputs = [{"path": p.name, "sha256": hashlib.sha256(t.encode("utf-8")).hexdigest()}
                   for p, t in files if p is not None]
        files.append((Path(out) / "manifest.json",
                      json.dumps(dict(manifest, outputs=outputs), ensure_ascii=False, indent=1) + "\n"))
    return list(dict(files).items()) if all(p is not None for p, _ in files) else files


def write_files(files: Sequence[tuple[Path | None, str]]) -> list[str]:
    """Write each planned file atomically ('-' is standard output)."""
    written = []
    for path, text in files:
        if path is None:
            sys.stdout.write(text)
            sys.stdout.flush()
            written.append("-")
        else:
            atomic_write(path, text)
            written.append(path.as_posix())
    return written


def compare_files(files: Sequence[tuple[Path | None, str]]) -> list[str]:
    """What differs between the planned files and those on disk, one line each."""
    differences = []
    for path, text in files:
        if path is None:
            continue
        if not path.exists():
            differences.append(f"{path.as_posix()}: missing")
            continue
        current = path.read_text(encoding="utf-8")
        if current != text:
            old, new = current.count("\n"), text.count("\n")
            differences.append(f"{path.as_posix()}: differs ({old} lines on disk, {new} regenerated)")
    return differences


def mention_columns() -> list[str]:
    """The fixed CSV columns of mention rows, so rows can be written as they come."""
    from .pipeline import ROW_FIELDS

    return ([f for f in ROW_FIELDS if f not in NESTED] + [f"norm_{f}" for f in NORM_FIELDS]
            + [f"check_{f}" for f in CHECK_FIELDS])


class _Sink:
    """One output in one format, fed row by row; text goes to ``handle``, its sha256 is kept."""

    def __init__(self, fmt: Format, handle, name: str, columns: Sequence[str]):
        import hashlib

        self.fmt, self.handle, self.name, self.columns = fmt, handle, name, list(columns)
        self.digest = hashlib.sha256()
        self.first = True
        self.pending: list[str] = []  # rows not yet written: one write per batch, not per row
        self.csv_buffer = io.StringIO()
        self.csv_writer = csv.writer(self.csv_buffer, lineterminator="\n")
        self.csv_rows = 0  # rows in csv_buffer
        # Columns are the row's own fields, then each nested group's ("norm_value" is
        # row["norm"]["value"]), in the order mention_columns() gives.
        self.csv_top = [c for c in self.columns if not any(c.startswith(g + "_") for g in NESTED)]
        self.csv_nested = [(g, [c[len(g) + 1:] for c in self.columns if c.startswith(g + "_")]) for g in NESTED]
        if self.csv_top + [f"{g}_{k}" for g, keys in self.csv_nested for k in keys] != self.columns:
            raise ValueError("CSV columns must list the row fields before the nested ones")
        if fmt is Format.csv:
            self._put(to_csv([], self.columns))
        elif fmt is Format.json:
            self._put(f'{{"{name}": [')

    def _put(self, text: str) -> None:
        self._take_csv()
        self.pending.append(text)
        if len(self.pending) >= 512:
            self._flush()

    def _take_csv(self) -> None:
        if self.csv_rows:
            self.pending.append(self.csv_buffer.getvalue())
            self.csv_buffer.seek(0)
            self.csv_buffer.truncate()
            self.csv_rows = 0

    def _flush(self) -> None:
        self._take_csv()
        text = "".join(self.pending)
        self.pending.clear()
        self.handle.write(text)
        self.digest.update(text.encode("utf-8"))

    def row(self, row: dict) -> None:
        if self.fmt is Format.jsonl:
            self._put(_json(row) + "\n")
        elif self.fmt is Format.csv:
            values = [row.get(key) for key in self.csv_top]
            for group, keys in self.csv_nested:
                inner = row.get(group) or {}
                values.extend([inner.get(key) for key in keys])
            self.csv_writer.writerow(["" if v is None else v if type(v) is str else _cell(v) for v in values])
            self.csv_rows += 1
            if self.csv_rows >= 512:
                self._flush()
        else:
            self._put(("\n" if self.first else ",\n") + json.dumps(row, ensure_ascii=False))
        self.first = False

    def finish(self, errors: Sequence[dict]) -> None:
        if self.fmt is Format.json:
            self._put(("\n" if not self.first else "") + '], "errors": ' + json.dumps(list(errors), ensure_ascii=False) + "}\n")
        self._flush()


def stream_rows(rows: Iterable[dict], out: str, formats: Sequence[Format], name: str, errors_fn, manifest_fn,
                check: bool = False) -> list[str]:
    """Write rows as they come (or, with ``check``, compare what would be written with the
    files on disk). Returns the paths written, or the differences found when checking."""
    plan = plan_outputs(out, formats, name)
    folder = out != "-" and (out.endswith(("/", os.sep)) or Path(out).is_dir())
    sinks, temps = [], []
    for path, fmt in plan:
        if path is None:
            handle = io.StringIO() if check else sys.stdout
        elif check:
            handle = io.StringIO()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            handle = os.fdopen(fd, "w", encoding="utf-8", newline="")
            temps.append(tmp)
        sinks.append((path, _Sink(fmt, handle, name, mention_columns())))
    try:
        for row in rows:
            for _, sink in sinks:
                sink.row(row)
        errors = errors_fn()
        files: list[tuple[Path, str]] = []
        for path, sink in sinks:
            sink.finish(errors)
            if sink.fmt is Format.csv and path is not None:
                files.append((path.parent / "errors.csv", to_csv(errors, ERROR_COLUMNS)))
    except BaseException:
        for _, sink in sinks:
            if sink.handle is not sys.stdout and not isinstance(sink.handle, io.StringIO):
                sink.handle.close()
        for tmp in temps:
            Path(tmp).unlink(missing_ok=True)
        raise
    outputs = [{"path": p.name, "sha256": s.digest.hexdigest()} for p, s in sinks if p is not None]
    import hashlib

    outputs += [{"path": p.name, "sha256": hashlib.sha256(t.encode("utf-8")).hexdigest()} for p, t in files]
    if folder:
        files.append((Path(out) / "manifest.json",
                      json.dumps(dict(manifest_fn(), outputs=outputs), ensure_ascii=False, indent=1) + "\n"))
    if check:
        planned = [(p, s.handle.getvalue()) for p, s in sinks if p is not None] + files
        return compare_files(planned)
    written = []
    for path, sink in sinks:
        if path is None:
            sys.stdout.flush()
            written.append("-")
        else:
            sink.handle.close()
    for (path, _), tmp in zip([s for s in sinks if s[0] is not None], temps):
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600
        os.replace(tmp, path)  # atomic: an interrupted run leaves the old file whole
        written.append(path.as_posix())
    return written + write_files(files)


def write_rows(rows: Sequence[dict], out: str, formats: Sequence[Format], name: str) -> list[str]:
    """Write ``rows`` as planned; returns what was written (paths, or '-')."""
    return write_files(plan_files(rows, out, formats, name))
