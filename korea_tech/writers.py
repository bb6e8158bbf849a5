"""Rows -> files: a registry of writers (CSV, JSON Lines, JSON), one output grammar for
every command, atomic writes, the same bytes for the same rows.

Every command that emits data goes through ``write`` with the same ``--format`` and
``--out`` options (cli.py):

- ``--out -`` (default): standard output, one format;
- ``--out FILE``: the format comes from ``--format`` or the file's extension;
- ``--out DIR/`` (an existing folder, or a path ending in ``/``): ``DIR/<name>.<ext>``
  for each ``--format`` given, and beside them ``errors.csv`` (inputs that could not be
  read) and ``manifest.json`` (what made the dataset) when the command reads inputs.

A writer is told the type of its rows (rows.py), so its columns never depend on which
rows happen to come first. Adding a format is a class with ``__init__(handle, row_type, name)``, ``row(row)`` and
``finish(errors)``, registered in ``WRITERS`` (and its file extensions in ``EXTENSIONS``).
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import sys
import tempfile
from enum import Enum
from pathlib import Path
from typing import Callable, Iterable, Sequence

# One encoder for every row: json.dumps with options builds a new one per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=False, separators=(", ", ": "))
BATCH_ROWS = 512  # rows buffered before a write: one write per batch, not per row


def _json(value) -> str:
    return _ENCODER.encode(value)


def cell(value) -> str:
    """A CSV cell: empty for null, true/false, JSON for nested values."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return _json(value)
    return str(value)


class _Buffered:
    def __init__(self, handle):
        self.handle = handle
        self.pending: list[str] = []
        self.digest = hashlib.sha256()

    def put(self, text: str) -> None:
        self.pending.append(text)
        if len(self.pending) >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        text = "".join(self.pending)
        self.pending.clear()
        self.handle.write(text)
        self.digest.update(text.encode("utf-8"))


class JsonlWriter(_Buffered):
    def __init__(self, handle, row_type, name: str):
        super().__init__(handle)

    def row(self, row) -> None:
        self.put(_json(row) + "\n")

    def finish(self, errors: Sequence[dict] | None) -> None:
        self.flush()


class JsonWriter(_Buffered):
    """``[rows]``, or ``{"<name>": [rows], "errors": [...]}`` for a command that reads inputs."""

    def __init__(self, handle, row_type, name: str, with_errors: bool = False):
        super().__init__(handle)
        self.first = True
        self.with_errors = with_errors
        self.put(f'{{"{name}": [' if with_errors else "[")

    def row(self, row) -> None:
        self.put(("\n" if self.first else ",\n") + json.dumps(row, ensure_ascii=False))
        self.first = False

    def finish(self, errors: Sequence[dict] | None) -> None:
        end = "\n" if not self.first else ""
        if self.with_errors:
            self.put(end + '], "errors": ' + json.dumps(list(errors or []), ensure_ascii=False) + "}\n")
        else:
            self.put(end + "]\n")
        self.flush()


class CsvWriter(_Buffered):
    """The row type's columns, nested values flattened (``norm_value``)."""

    def __init__(self, handle, row_type, name: str):
        super().__init__(handle)
        self.type = row_type
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\n")
        self.rows = 0
        self.writer.writerow(row_type.columns())
        self._take()

    def _take(self) -> None:
        self.put(self.buffer.getvalue())
        self.buffer.seek(0)
        self.buffer.truncate()
        self.rows = 0

    def row(self, row) -> None:
        self.writer.writerow(["" if v is None else v if type(v) is str else cell(v) for v in self.type.cells(row)])
        self.rows += 1
        if self.rows >= BATCH_ROWS:
            self._take()

    def finish(self, errors: Sequence[dict] | None) -> None:
        if self.rows:
            self._take()
        self.flush()


class Format(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    json = "json"


WRITERS = {Format.csv: CsvWriter, Format.jsonl: JsonlWriter, Format.json: JsonWriter}
EXTENSIONS = {".csv": Format.csv, ".jsonl": Format.jsonl, ".ndjson": Format.jsonl, ".json": Format.json}


class OutputError(ValueError):
    """The --format/--out combination cannot be honoured."""


def is_folder(out: str) -> bool:
    return out != "-" and (out.endswith(("/", os.sep)) or Path(out).is_dir())


def plan_outputs(out: str, formats: Sequence[Format], name: str) -> list[tuple[Path | None, Format]]:
    """Where each format goes: [(path or None for standard output, format)]."""
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
        raise OutputError(f"cannot tell the format of {out}; add --format csv|jsonl|json")
    return [(target, fmt)]


def to_text(rows: Iterable, row_type, fmt: Format, name: str = "rows") -> str:
    """Rows rendered in one format, as a string."""
    handle = io.StringIO()
    writer = WRITERS[fmt](handle, row_type, name)
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
          manifest: Callable[[], dict] | None = None, check: bool = False) -> list[str]:
    """Write ``rows`` (any iterable: they are written as they come) as planned.

    A command that reads inputs passes ``errors`` (called once the rows are written):
    JSON output then holds them (``{"<name>": [...], "errors": [...]}``), a folder gets
    ``errors.csv``, and ``errors_file`` gets them as CSV wherever it is. ``manifest``
    goes to ``manifest.json`` in a folder, with the sha256 of every output.

    Returns the paths written ('-' for standard output), or with ``check`` the
    differences between what would be written and the files on disk (writing nothing).
    """
    from .rows import ERROR

    plan = plan_outputs(out, formats, name)
    sinks, temps, created = [], [], []
    try:
        for path, fmt in plan:
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
                writer = WRITERS[fmt](handle, row_type, name)
            sinks.append((path, writer))
        for row in rows:
            for _, writer in sinks:
                writer.row(row)
        error_rows = errors() if errors is not None else None
        for _, writer in sinks:
            writer.finish(error_rows)
    except BaseException:
        for _, writer in sinks:
            if writer.handle is not sys.stdout and not isinstance(writer.handle, io.StringIO):
                writer.handle.close()
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
        planned = [(p, w.handle.getvalue()) for p, w in sinks if p is not None] + extra
        return compare_files(planned)
    written = []
    for path, writer in sinks:
        if path is None:
            sys.stdout.flush()
            written.append("-")
        else:
            writer.handle.close()
    for tmp, path in temps:
        _publish(tmp, path)
        written.append(path.as_posix())
    for path, text in extra:
        atomic_write(path, text)
        written.append(path.as_posix())
    return written


def compare_files(files: Sequence[tuple[Path, str]]) -> list[str]:
    """What differs between the planned files and those on disk, one line each."""
    differences = []
    for path, text in files:
        if not path.exists():
            differences.append(f"{path.as_posix()}: missing")
            continue
        current = path.read_text(encoding="utf-8")
        if current != text:
            old, new = current.count("\n"), text.count("\n")
            differences.append(f"{path.as_posix()}: differs ({old} lines on disk, {new} regenerated)")
    return differences
