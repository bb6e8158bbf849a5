"""The ``ktech`` command line: options in, ``Engine.run`` and a writer out, nothing more.

Exit codes: 0 ok; 1 a check failed (``--strict`` with unreadable inputs, ``--check`` with
stale outputs, ``eval`` below its floors); 2 usage error, a bad rule file, or no readable
input. Heavy libraries (spaCy, dateparser) load only when a command needs them, so
``ktech --help`` stays quick.
"""
from __future__ import annotations

import atexit
import gc
import json
import sys
import time
from dataclasses import replace
from datetime import date
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer
from typing_extensions import Annotated

from . import __version__
from .writers import Columns, Format, OutputError

app = typer.Typer(
    pretty_exceptions_enable=False,
    help="Turn texts on technology and industrial policy into sourced datasets of ministries, "
         "programmes, money, years and dates.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode="rich",
)
rules_app = typer.Typer(help="Inspect and check rule files.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")

# ------------------------------------------------------------------ shared options
# One option bundle for every command that emits data (as sqlite-utils does).
PathsArgument = Annotated[List[Path], typer.Argument(
    help="Files or folders (folders are read recursively; .txt and .md, and any file named as text).")]
FormatOption = Annotated[Optional[List[Format]], typer.Option(
    "--format", "-f", help="csv, jsonl, json, sqlite (one file: a table per row kind, documents, errors) or "
                           "parquet (pip install 'ktech\\[parquet]'); repeat with --out DIR/ to write several. "
                           "Default: from --out's extension (.csv .jsonl .json .sqlite .db .parquet), else jsonl "
                           "on stdout, csv in a folder. sqlite and parquet need --out FILE or DIR/. CSV cells "
                           "hold no line breaks (each becomes a space), lists are joined with '; '.")]
OutOption = Annotated[str, typer.Option(
    "--out", "-o", help="FILE, DIR/ (writes DIR/<name>.<format>, errors.csv, manifest.json) or - for standard output.")]
ColumnsOption = Annotated[Columns, typer.Option(
    "--columns", help="all, or core: the columns most people want (mentions: doc, doc_date, label, text, value, "
                      "currency, value_usd, year_start, year_end, role, sentence), in csv, sqlite and parquet; "
                      "JSON keeps whole rows.")]
ExcelOption = Annotated[bool, typer.Option(
    "--excel", help="CSV for Excel: start with a UTF-8 byte order mark so that €, – and Hangul show correctly.")]
RulesOption = Annotated[Optional[List[Path]], typer.Option(
    "--rules", help="A rules folder or file added to the built-in rules (repeatable).")]
DateOption = Annotated[Optional[str], typer.Option(
    "--date", help="YYYY-MM-DD: the date of every document that carries none (rates, 'this year').")]
DatesOption = Annotated[Optional[Path], typer.Option(
    "--dates", help="A CSV or JSON file giving dates by path, file name or document id, for the documents that "
                    "carry none (before --date).")]
LangOption = Annotated[str, typer.Option(
    "--lang", help="The language of every document, or auto to detect it per document.")]
ErrorsOption = Annotated[Optional[Path], typer.Option(
    "--errors", help="Also write the inputs that could not be read to this CSV file.")]
StrictOption = Annotated[bool, typer.Option("--strict", help="Exit 1 if any input could not be read.")]
# The fields of corpus records (.jsonl/.ndjson/.csv/.parquet), when their names are not the usual ones.
TextFieldOption = Annotated[Optional[str], typer.Option("--text-field", help="Corpus records: the field holding the "
                                                                             "text (default: text, body, content …).")]
IdFieldOption = Annotated[Optional[str], typer.Option("--id-field", help="Corpus records: the record id field "
                                                                         "(default: id, doc_id, article_id …).")]
DateFieldOption = Annotated[Optional[str], typer.Option("--date-field", help="Corpus records: the date field "
                                                                             "(default: date, published_at …).")]
TitleFieldOption = Annotated[Optional[str], typer.Option("--title-field", help="Corpus records: the title field "
                                                                               "(default: title, headline …).")]
UrlFieldOption = Annotated[Optional[str], typer.Option("--url-field", help="Corpus records: the url field "
                                                                           "(default: url, link …).")]
LangFieldOption = Annotated[Optional[str], typer.Option("--lang-field", help="Corpus records: the language field "
                                                                            "(default: lang, language).")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")]
JobsOption = Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes (same output bytes).")]
EngineOption = Annotated[str, typer.Option(
    help="local, or dask to run on a Dask cluster (pip install 'ktech[dask]').")]
SchedulerOption = Annotated[Optional[str], typer.Option(
    help="With --engine dask: the scheduler address, tcp://HOST:PORT (default: a cluster in this process).")]


def _fields(text, id_, date_, title, url, lang) -> tuple:
    """(role, field name) of the corpus fields the user named."""
    named = {"text": text, "id": id_, "date": date_, "title": title, "url": url, "lang": lang}
    return tuple((role, name) for role, name in named.items() if name)


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"ktech: {message}", err=True)
    raise typer.Exit(code)


def _engine(rule_paths: Optional[List[Path]]):
    from .engine import Engine
    from .ruleset import RuleError

    try:
        return Engine(rule_paths=rule_paths or [])
    except RuleError as exc:
        _fail(f"rule file error: {exc}")


def _anchor(doc_date: Optional[str]):
    from .document import DocDate

    if not doc_date:
        return None
    try:
        return DocDate(date.fromisoformat(doc_date), "day")
    except ValueError:
        _fail(f"--date must be YYYY-MM-DD, not {doc_date!r}")


def _dates(path: Optional[Path]) -> dict:
    from .datesfile import DatesFileError, read_dates

    if path is None:
        return {}
    try:
        return read_dates(path)
    except DatesFileError as exc:
        _fail(f"--dates: {exc}")


def _lang(value: str) -> Optional[str]:
    from .languages import known_languages

    if value == "auto":
        return None
    if value not in known_languages():
        _fail(f"unknown --lang {value!r}: auto or one of {', '.join(known_languages())}")
    return value


def _labels(values: Optional[List[str]]):
    from .ruleset import LABELS

    if not values:
        return frozenset(LABELS)
    labels = [v.strip().upper() for value in values for v in value.split(",") if v.strip()]
    unknown = [lab for lab in labels if lab not in LABELS]
    if unknown:
        _fail(f"unknown label(s) {', '.join(unknown)}; choose from {', '.join(LABELS)}")
    return frozenset(labels)


class NoInput(Exception):
    """Nothing could be read: the command fails and publishes no output."""


class Run:
    """One command's run: the engine, its options and executor, the log, and the results
    as they come; reports what could not be read."""

    def __init__(self, paths, rules, options, jobs: int = 1, engine: str = "local",
                 scheduler: Optional[str] = None, quiet: bool = True):
        from .engine import RunLog
        from .executors import executor

        self.paths = paths
        self.engine = _engine(rules)
        self.options = options
        try:
            self.executor = executor(jobs, engine, scheduler)
        except ImportError:
            _fail("--engine dask needs Dask: pip install 'ktech[dask]'")
        except ValueError as exc:
            _fail(str(exc))
        self.log = RunLog()
        self.quiet = quiet
        self.reported = False
        self.started = time.perf_counter()
        self.progress = None if quiet or not sys.stderr.isatty() else _progress(paths, self.log)

    def results(self):
        try:
            yield from self.engine.run(self.paths, self.options, self.executor, self.log)
        finally:
            if self.progress is not None:
                self.progress.stop()

    def errors(self) -> list[dict]:
        """The error rows, after reporting them (once); raises NoInput if nothing was read."""
        if not self.reported:
            self.reported = True
            for e in self.log.errors:
                typer.echo(f"ktech: cannot read {e.path}: {e.reason}", err=True)
            if self.log.errors and self.log.read_anything:
                typer.echo(f"ktech: {len(self.log.errors)} input(s) could not be read; the others were processed",
                           err=True)
        if not self.log.read_anything:
            raise NoInput("no readable input" + (f" ({len(self.log.errors)} path(s) could not be read)"
                                                 if self.log.errors else " (no files found)"))
        return [{"path": e.path, "reason": e.reason} for e in self.log.errors]

    def summary(self, title: str, rows: dict[str, int]) -> None:
        if self.quiet:
            return
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title, show_header=False, box=None)
        table.add_row("documents", f"{self.log.documents:,}")
        for name, count in rows.items():
            table.add_row(name, f"{count:,}")
        table.add_row("errors", f"{len(self.log.errors):,}")
        table.add_row("time", f"{time.perf_counter() - self.started:.1f} s")
        Console(stderr=True).print(table)


def _write(rows, row_type, out, formats, name, run: Run | None = None, errors_file=None, check=False,
           columns: Columns = Columns.all, excel: bool = False):
    """Rows through the writer, with the run's errors and manifest; exit codes for
    usage errors and unreadable input."""
    from .writers import write

    try:
        return write(rows, row_type, out, formats or [], name,
                     errors=run.errors if run else None, errors_file=str(errors_file) if errors_file else None,
                     manifest=(lambda: run.engine.manifest(run.log)) if run else None, check=check,
                     columns=columns, excel=excel)
    except OutputError as exc:
        _fail(str(exc))
    except NoInput as exc:
        _fail(str(exc))


def _json_only(out: str, formats, name: str) -> bool:
    """Whether every output is JSON (workers then send rows as JSON text)."""
    from .writers import JSON_FORMATS, plan_outputs

    return all(fmt in JSON_FORMATS for _, fmt in plan_outputs(out, formats or [], name))


def _check_out(out: str, formats, name: str) -> None:
    """A bad --out/--format fails before any work."""
    from .writers import plan_outputs

    try:
        plan_outputs(out, formats or [], name)
    except OutputError as exc:
        _fail(str(exc))


def _announce(written, check: bool = False) -> None:
    if check:
        for line in written:
            typer.echo(f"ktech: {line}", err=True)
        if written:
            raise typer.Exit(1)
        typer.echo("ktech: all outputs up to date", err=True)
        return
    for path in written:
        if path != "-":
            typer.echo(f"wrote {path}", err=True)


def _progress(paths, log):
    """A rich progress bar on stderr: files, bytes, mentions so far, time left."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from .readers import find_inputs

    files, _ = find_inputs(paths)
    total = sum(p.stat().st_size for p in files if isinstance(p, Path) and p.exists())
    bar = Progress(TextColumn("[bold]ktech"), BarColumn(), TextColumn("{task.fields[files]} files"),
                   TextColumn("{task.completed:,.0f}/{task.total:,.0f} B"), TextColumn("{task.fields[mentions]} mentions"),
                   TimeRemainingColumn(), console=Console(stderr=True), transient=True)
    task = bar.add_task("extract", total=total or 1, files=f"0/{len(files)}", mentions=0)

    def advance(path, n_bytes):
        bar.update(task, advance=n_bytes, files=f"{len(log.sources)}/{len(files)}", mentions=sum(log.counts.values()))

    log.on_source = advance
    bar.start()
    return bar


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ktech {__version__}")
        raise typer.Exit()


_DEBUG = {"on": False}


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Print the version and exit.")] = False,
         debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an unexpected error.")] = False,
         ) -> None:
    """ktech: sourced, normalised datasets from policy texts."""
    _DEBUG["on"] = debug


def run() -> None:
    """The console script: an unexpected error is one readable line (exit 1) unless --debug."""
    # At exit the interpreter's collector walked every object the run left (rules, spaCy's
    # vocabulary, the rate table) over and over as it tore the modules down: a fifth of a
    # small file's run. Frozen, they are still freed at exit, only not walked.
    atexit.register(gc.freeze)
    try:
        app(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - the last line of defence of a CLI
        from .ruleset import RuleError

        if _DEBUG["on"] or "--debug" in sys.argv:
            raise
        if isinstance(exc, RuleError):  # found once a language was built (plain_words): as at load
            typer.echo(f"ktech: rule file error: {exc}", err=True)
            raise SystemExit(2) from None
        typer.echo(f"ktech: error: {type(exc).__name__}: {exc} (run with --debug for the traceback)", err=True)
        raise SystemExit(1) from None


# ------------------------------------------------------------------ extract
@app.command()
def extract(
    paths: PathsArgument,
    format: FormatOption = None,
    out: OutOption = "-",
    labels: Annotated[Optional[List[str]], typer.Option(
        "--labels", "-l", help="Only these labels, comma-separated or repeated (MONEY,YEAR,DATE,MINISTRY,PROGRAMME,"
                               "DURATION).")] = None,
    rules: RulesOption = None,
    doc_date: DateOption = None,
    dates: DatesOption = None,
    lang: LangOption = "auto",
    strict: StrictOption = False,
    errors: ErrorsOption = None,
    text_field: TextFieldOption = None,
    id_field: IdFieldOption = None,
    date_field: DateFieldOption = None,
    title_field: TitleFieldOption = None,
    url_field: UrlFieldOption = None,
    lang_field: LangFieldOption = None,
    check: Annotated[bool, typer.Option(
        "--check", help="Write nothing: regenerate in memory and exit 1 if the files in --out differ.")] = False,
    jobs: JobsOption = 1,
    engine: EngineOption = "local",
    scheduler: SchedulerOption = None,
    quiet: QuietOption = False,
    columns: ColumnsOption = Columns.all,
    excel: ExcelOption = False,
) -> None:
    """Extract every mention, one row each, with its file, offsets, sentence, rule and normalised value.

    With --out DIR/ it also writes errors.csv (inputs that could not be read) and
    manifest.json (version, rules fingerprint, inputs with sha256, counts).

    Example: [bold]ktech extract seeds/ --format csv --format jsonl --out data/[/bold]
    """
    from .engine import Options

    options = Options(labels=_labels(labels), date=_anchor(doc_date), dates=_dates(dates), lang=_lang(lang),
                      fields=_fields(text_field, id_field, date_field, title_field, url_field, lang_field))
    _check_out(out, format, "mentions")
    options = replace(options, json_rows=jobs > 1 and engine == "local" and _json_only(out, format, "mentions"))
    run_ = Run(paths, rules, options, jobs, engine, scheduler, quiet)
    rows = (row for result in run_.results() for row in result.rows)
    written = _write(rows, run_.engine.types.mention, out, format, "mentions", run_, errors, check, columns, excel)
    run_.summary("ktech extract", {**{f"  {k}": v for k, v in sorted(run_.log.counts.items())},
                                   "mentions": sum(run_.log.counts.values()), "findings": run_.log.findings})
    _announce(written, check)
    if strict and run_.log.errors:
        raise typer.Exit(1)


# ------------------------------------------------------------------ check
@app.command()
def check(
    paths: PathsArgument,
    show_all: Annotated[bool, typer.Option("--all", help="List every checked equivalent, not only mismatches.")] = False,
    tolerance: Annotated[Optional[float], typer.Option(
        help="Largest accepted relative difference (default from rules/money.yaml: 0.25).")] = None,
    format: FormatOption = None,
    out: OutOption = "-",
    rules: RulesOption = None,
    doc_date: DateOption = None,
    dates: DatesOption = None,
    lang: LangOption = "auto",
    strict: StrictOption = False,
    text_field: TextFieldOption = None,
    id_field: IdFieldOption = None,
    date_field: DateFieldOption = None,
    title_field: TitleFieldOption = None,
    url_field: UrlFieldOption = None,
    lang_field: LangFieldOption = None,
    errors: ErrorsOption = None,
    jobs: JobsOption = 1,
    columns: ColumnsOption = Columns.all,
    excel: ExcelOption = False,
) -> None:
    """Check every stated currency equivalent ("KRW 114.1 trillion (approximately €84.5 m)") against
    the ECB rate at the document's date; list the mismatches (a table, or CSV/JSON with --format).

    Example: [bold]ktech check seeds/ --format csv --out findings.csv[/bold]
    """
    from .engine import Options

    options = Options(labels=frozenset({"MONEY"}), date=_anchor(doc_date), dates=_dates(dates), lang=_lang(lang),
                      fields=_fields(text_field, id_field, date_field, title_field, url_field, lang_field))
    table = out == "-" and not format and sys.stdout.isatty()
    if not table:
        _check_out(out, format or ([Format.csv] if out == "-" else []), "findings")
    run_ = Run(paths, rules, options, jobs)
    if tolerance is not None:
        for code in run_.engine.rules.languages:
            run_.engine.pipeline(code).checker.tolerance = tolerance
    rows = (_finding(row) for result in run_.results() for row in result.rows
            if row["check"] and (show_all or row["check"]["status"] != "ok"))
    if table:
        found = list(rows)
        try:
            run_.errors()
        except NoInput as exc:
            _fail(str(exc))
        _print_findings(found)
    else:
        _announce(_write(rows, run_.engine.types.finding, out, format or ([Format.csv] if out == "-" else []),
                         "findings", run_, errors, columns=columns, excel=excel))
    if strict and run_.log.errors:
        raise typer.Exit(1)


def _finding(row: dict):
    from .rows import FINDING

    c = row["check"]
    return FINDING(doc=row["doc"], path=row["path"], doc_id=row["doc_id"], doc_date=row["doc_date"],
                   status=c["status"], amount=c["equivalent_of"]["text"], amount_start=c["equivalent_of"]["start"],
                   amount_end=c["equivalent_of"]["end"], stated=row["text"], stated_start=row["start"],
                   stated_end=row["end"], stated_value=c["stated_value"], stated_currency=c["stated_currency"],
                   expected_value=c["expected_value"], factor=c["factor"], tolerance=c["tolerance"],
                   rate_date=c["rate_date"], note=c["note"], sentence=row["sentence"])


def _print_findings(rows) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Stated equivalents that do not match the ECB rate ({len(rows)})")
    for column in ("doc", "amount", "stated", "expected", "factor", "note"):
        table.add_column(column, overflow="fold")
    for r in rows:
        table.add_row(f"{r['doc']}:{r['stated_start']}", r["amount"], r["stated"],
                      f"{r['expected_value']:,.0f} {r['stated_currency']}" if r["expected_value"] else "",
                      f"{r['factor']:.4g}" if r["factor"] else "", r["note"] or r["status"])
    Console().print(table)


# ------------------------------------------------------------------ records
class Kind(str, Enum):
    funding = "funding"
    target = "target"


class Confidence(str, Enum):
    high = "high"
    medium = "medium"
    low = "low"


@app.command()
def records(
    paths: PathsArgument,
    kind: Annotated[Optional[Kind], typer.Option("--kind", "-k", help="Only funding or only target records.")] = None,
    stip: Annotated[bool, typer.Option("--stip", help="One row per initiative, in the shape of the EC-OECD "
                                                       "STIP Compass database (from the merged ledger).")] = False,
    merge: Annotated[bool, typer.Option("--merge", help="One row per commitment across the corpus: the same "
                                                         "commitment reported by several sources is one row listing "
                                                         "them all, flagged where they disagree.")] = False,
    min_confidence: Annotated[Optional[Confidence], typer.Option(
        "--min-confidence", help="Only funding records (or ledger rows) of this confidence or higher.")] = None,
    format: FormatOption = None,
    out: OutOption = "-",
    rules: RulesOption = None,
    doc_date: DateOption = None,
    dates: DatesOption = None,
    lang: LangOption = "auto",
    strict: StrictOption = False,
    text_field: TextFieldOption = None,
    id_field: IdFieldOption = None,
    date_field: DateFieldOption = None,
    title_field: TitleFieldOption = None,
    url_field: UrlFieldOption = None,
    lang_field: LangFieldOption = None,
    errors: ErrorsOption = None,
    jobs: JobsOption = 1,
    quiet: QuietOption = False,
    columns: ColumnsOption = Columns.all,
    excel: ExcelOption = False,
) -> None:
    """Funding commitments (amount, programme, body, years, public/private) and quantitative targets,
    each with the offsets of every linked mention.

    Without --kind, a folder gets funding_records.<format> and target_records.<format>; a
    file or standard output gets the funding records as CSV and both kinds in JSON.

    Example: [bold]ktech records seeds/ --kind funding --format csv --out data/records.csv[/bold]
    """
    from .engine import Options

    options = Options(labels=frozenset(), records=True, date=_anchor(doc_date), dates=_dates(dates), lang=_lang(lang),
                      fields=_fields(text_field, id_field, date_field, title_field, url_field, lang_field))
    run_ = Run(paths, rules, options, jobs, quiet=quiet)
    types = run_.engine.types
    rank = {"high": 0, "medium": 1, "low": 2}
    wanted_rank = rank[min_confidence.value] if min_confidence else 2

    def kept(r) -> bool:
        return r["kind"] != "funding" or rank.get(r["confidence"], 2) <= wanted_rank

    if stip or merge:
        name = "stip" if stip else "ledger"
        _check_out(out, format, name)
        funding = [r for result in run_.results() for r in result.records if r["kind"] == "funding" and kept(r)]
        rows = run_.engine.stip_rows(funding) if stip else run_.engine.ledger_rows(funding)
        _announce(_write(rows, types.stip if stip else types.ledger, out, format, name, run_, errors,
                         columns=columns, excel=excel))
    else:
        wanted = [kind.value] if kind else ["funding", "target"]
        folder = out != "-" and (out.endswith("/") or Path(out).is_dir())
        if len(wanted) == 2 and folder:
            found = [r for result in run_.results() for r in result.records if kept(r)]
            written = []
            for k in wanted:
                written += _write([r for r in found if r["kind"] == k], types.record(k), out, format,
                                  f"{k}_records", run_, errors, columns=columns, excel=excel)
        elif len(wanted) == 2 and ((format and Format.csv in format) or out.endswith(".csv") or
                                   (out == "-" and not format)):
            # Funding and target records have different columns: CSV holds the funding ones.
            _check_out(out, format, "records")
            rows = (r for result in run_.results() for r in result.records if r["kind"] == "funding" and kept(r))
            written = _write(rows, types.funding, out, format or ([Format.csv] if out == "-" else []),
                             "records", run_, errors, columns=columns, excel=excel)
        else:
            _check_out(out, format, "records")
            rows = (r for result in run_.results() for r in result.records if r["kind"] in wanted and kept(r))
            written = _write(rows, types.record(wanted[0]) if len(wanted) == 1 else types.funding, out, format,
                             "records", run_, errors, columns=columns, excel=excel)
        _announce(written)
    run_.summary("ktech records", {f"{k} records": run_.log.records[k] for k in ("funding", "target")})
    if strict and run_.log.errors:
        raise typer.Exit(1)


# ------------------------------------------------------------------ normalize
@app.command()
def normalize(
    text: Annotated[str, typer.Argument(help="An amount, year or date; - reads one per line from standard input.")],
    doc_date: DateOption = None,
    lang: LangOption = "auto",
    rules: RulesOption = None,
) -> None:
    """Print the normalised object of one expression (JSON), e.g. an amount with its conversions.

    Example: [bold]ktech normalize "KRW 1.1 tln" --date 2020-04-28[/bold]
    """
    from .engine import Options
    from .readers import TextInput

    options = Options(date=_anchor(doc_date), lang=_lang(lang))
    lines = [line.strip() for line in sys.stdin] if text == "-" else [text]
    engine = _engine(rules)
    failed = 0
    for line in filter(None, lines):
        (result,) = list(engine.run([TextInput(line)], options)) or [None]
        rows = result.rows if result else []
        best = max(rows, key=lambda r: (r["end"] - r["start"], -r["start"]), default=None)
        if best is None:
            failed += 1
            typer.echo(json.dumps({"text": line, "label": None, "norm": None, "error": "nothing to normalise"},
                                  ensure_ascii=False))
            continue
        typer.echo(json.dumps({"text": line, "label": best["label"], "span": best["text"], "norm": best["norm"]},
                              ensure_ascii=False))
    if failed:
        raise typer.Exit(1)


# ------------------------------------------------------------------ eval
@app.command("eval")
def evaluate(
    pred_or_paths: Annotated[List[Path], typer.Argument(
        help="Predictions (.jsonl or .json), or files/folders to extract and score.")],
    gold: Annotated[Path, typer.Option("--gold", "-g", help="Folder (or file) of gold mentions.")],
    min_f1: Annotated[Optional[float], typer.Option(help="Fail (exit 1) if any label's lenient F1 is lower.")] = None,
    min_strict_f1: Annotated[Optional[float], typer.Option(help="Fail if the overall strict F1 is lower.")] = None,
    min_norm: Annotated[Optional[float], typer.Option(help="Fail if the overall normalisation accuracy is lower.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    show_misses: Annotated[int, typer.Option(help="Also list this many misses (FN, FP, NORM).")] = 0,
    rules: RulesOption = None,
    doc_date: DateOption = None,
    dates: DatesOption = None,
    lang: LangOption = "auto",
) -> None:
    """Score mentions against gold: P/R/F1 per label, strict and lenient, and normalisation accuracy.

    Example: [bold]ktech eval data/mentions.jsonl --gold ../shared/gold --min-f1 0.9[/bold]
    """
    from .engine import Options
    from .evaluate import failures, load_rows, score

    if not gold.exists():
        _fail(f"no gold at {gold}")
    if all(p.is_file() and p.suffix in (".jsonl", ".json") for p in pred_or_paths):
        pred = load_rows(pred_or_paths)
    else:
        run_ = Run(pred_or_paths, rules, Options(date=_anchor(doc_date), dates=_dates(dates), lang=_lang(lang)))
        pred = [row for result in run_.results() for row in result.rows]
        try:
            run_.errors()
        except NoInput as exc:
            _fail(str(exc))
    report = score(load_rows([gold]), pred)
    problems = failures(report, min_f1, min_strict_f1, min_norm)
    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=1))
    else:
        _print_report(report)
    for miss in report.misses[:show_misses]:
        extra = f"  gold {miss.gold_norm}  pred {miss.pred_norm}" if miss.kind == "NORM" else ""
        typer.echo(f"{miss.kind:4} {miss.doc} {miss.label} {miss.text!r}{extra}", err=True)
    for problem in problems:
        typer.echo(f"ktech: below the floor: {problem}", err=True)
    if problems:
        raise typer.Exit(1)


def _print_report(report) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Mentions against gold", show_lines=False)
    # Short headers: the table must fit an 80-column terminal.
    for column in ("label", "gold", "pred", "str P", "str R", "str F1", "len P", "len R", "len F1", "norm"):
        table.add_column(column, justify="left" if column == "label" else "right")
    rows = list(report.labels.items()) + [("ALL", report.total)]
    for label, s in rows:
        table.add_row(label, str(s.gold), str(s.pred), *(f"{x:.3f}" for x in s.strict),
                      *(f"{x:.3f}" for x in s.lenient), f"{s.norm_acc:.3f}", end_section=label == rows[-2][0])
    Console().print(table)


# ------------------------------------------------------------------ explain
@app.command()
def explain(
    text: Annotated[str, typer.Argument(help="The text to explain; - reads standard input.")],
    doc_date: DateOption = None,
    lang: LangOption = "auto",
    format: FormatOption = None,
    out: OutOption = "-",
    rules: RulesOption = None,
    columns: ColumnsOption = Columns.all,
    excel: ExcelOption = False,
) -> None:
    """Show every candidate span, the rule (file:line) that proposed it, and why it was kept or dropped.

    Example: [bold]ktech explain "MOTIE will invest over KRW 100 billion by 2030" --date 2024-05-08[/bold]
    """
    from .engine import Options
    from .readers import TextInput

    if text == "-":
        text = sys.stdin.read()
    options = Options(trace=True, date=_anchor(doc_date), lang=_lang(lang))
    _check_out(out, format, "explain")
    engine = _engine(rules)
    results = list(engine.run([TextInput(text)], options))
    norms = {(r["label"], r["start"] - res.document.offset, r["end"] - res.document.offset): r["norm"]
             for res in results for r in res.rows}
    decisions = sorted((d for res in results for d in res.trace), key=lambda d: (d.start, d.end, d.label, d.outcome))
    explain_type = engine.types.explain
    rows = [explain_type(label=d.label, text=d.text, start=d.start, end=d.end, outcome=d.outcome, reason=d.reason,
                         rule=d.rule, norm=norms.get((d.label, d.start, d.end)) if d.outcome == "kept" else None)
            for d in decisions]
    _announce(_write(rows, explain_type, out, format, "explain", columns=columns, excel=excel))


# ------------------------------------------------------------------ show
@app.command()
def text(
    path: Annotated[Path, typer.Argument(help="An input file (text, web page, PDF, Word, Hangul or a corpus).")],
    record: Annotated[Optional[str], typer.Option("--record", help="A corpus file: the record (by its id) whose "
                                                                   "text to print.")] = None,
    text_field: TextFieldOption = None,
    id_field: IdFieldOption = None,
) -> None:
    """Print the text that a file's offsets index: the decoded text of a text file, the text
    extracted from a web page, PDF, Word or Hangul file, or a corpus record's text (every
    record under a "#doc_id" line without --record).

    Example: [bold]ktech text page.html | cut -c 120-160[/bold]
    """
    from .engine import Engine
    from .readers import find_inputs, read_sources

    found, errors = find_inputs([path])
    config = dict(Engine().rules.documents, corpus_fields=dict(_fields(text_field, id_field, None, None, None, None)))
    sources = list(read_sources(found, config, errors))
    for error in errors:
        if error.path == path.as_posix() or not sources:
            _fail(f"cannot read {error.path}: {error.reason}")
    source = sources[0]
    if source.reader != "corpus":
        sys.stdout.write(source.text)
        return
    chosen = [d for d in source.documents if record is None or d.meta.record == record]
    if not chosen:
        _fail(f"no record {record!r} in {path}")
    if record is not None:
        sys.stdout.write(chosen[0].text)
        return
    for d in chosen:
        sys.stdout.write(f"#{d.doc_id}\n{d.text}\n\n")


@app.command()
def show(
    paths: PathsArgument,
    out: Annotated[str, typer.Option("--out", "-o", help="The HTML file to write, or - for standard output.")] = "report.html",
    rules: RulesOption = None,
    doc_date: DateOption = None,
    dates: DatesOption = None,
    lang: LangOption = "auto",
    text_field: TextFieldOption = None,
    id_field: IdFieldOption = None,
    date_field: DateFieldOption = None,
    title_field: TitleFieldOption = None,
    url_field: UrlFieldOption = None,
    lang_field: LangFieldOption = None,
) -> None:
    """Write one self-contained HTML page: each document with its mentions highlighted by label
    (normalised value on hover), label filters, and the records and findings beside the text.

    Example: [bold]ktech show seeds/ --out report.html[/bold]
    """
    from .engine import Options
    from .report import render_report
    from .writers import atomic_write

    run_ = Run(paths, rules, Options(records=True, date=_anchor(doc_date), dates=_dates(dates), lang=_lang(lang),
                                     fields=_fields(text_field, id_field, date_field, title_field, url_field, lang_field)))
    results = list(run_.results())
    try:
        run_.errors()
    except NoInput as exc:
        _fail(str(exc))
    documents = {r.document.doc_id: r.document for r in results}  # a long document's parts: one document
    page = render_report(list(documents.values()), [row for r in results for row in r.rows],
                         [rec for r in results for rec in r.records], title=f"ktech: {', '.join(str(p) for p in paths)}")
    if out == "-":
        sys.stdout.write(page)
    else:
        atomic_write(Path(out), page)
        typer.echo(f"wrote {out}", err=True)


# ------------------------------------------------------------------ schema
class SchemaName(str, Enum):
    mention = "mention"
    funding = "funding"
    target = "target"
    ledger = "ledger"


@app.command()
def schema(which: Annotated[Optional[SchemaName], typer.Argument(
        help="mention, funding, target or ledger (default: all four, by name).")] = None,
        rules: RulesOption = None) -> None:
    """Print the JSON Schema of the rows ktech writes.

    Example: [bold]ktech schema mention > mention.schema.json[/bold]
    """
    schemas = _engine(rules).types.schemas()
    typer.echo(json.dumps(schemas[which.value] if which else schemas, indent=1, ensure_ascii=False))


# ------------------------------------------------------------------ rules
def _load(rules):
    from .ruleset import RuleError, load_rules

    try:
        return load_rules(rules or [])
    except RuleError as exc:
        _fail(f"rule file error: {exc}")


@rules_app.command("validate")
def rules_validate(rules: RulesOption = None) -> None:
    """Load and check every rule file; exit 2 with file:line and the problem if one is bad.

    Example: [bold]ktech rules validate --rules my_rules/[/bold]
    """
    from .ruleset import RuleError

    engine = _engine(rules)  # loads and checks the rule files (exit 2 with file:line)
    loaded = engine.rules
    try:
        for code in sorted(loaded.languages):  # what only a built tokenizer can check (plain_words)
            engine.pipeline(code)
    except RuleError as exc:
        _fail(f"rule file error: {exc}")
    typer.echo(f"ok: {len(loaded.entries)} gazetteer entries, {len(loaded.patterns)} patterns "
               f"({', '.join(sorted(loaded.languages))}), fingerprint {loaded.fingerprint[:12]}")


@rules_app.command("list")
def rules_list(format: FormatOption = None, out: OutOption = "-", rules: RulesOption = None,
               columns: ColumnsOption = Columns.all, excel: ExcelOption = False) -> None:
    """List what is loaded: gazetteer entries and patterns per label and file.

    Example: [bold]ktech rules list --format csv[/bold]
    """
    from collections import Counter

    from .rows import RULE

    loaded = _load(rules)
    counts: Counter = Counter()
    for e in loaded.entries:
        counts[(e.rule.rpartition(":")[0], e.label, "gazetteer entry")] += 1
    seen = set()
    for p in loaded.patterns:
        if p.rule not in seen:  # a common pattern once, not once per language
            seen.add(p.rule)
            counts[(p.rule.rpartition(":")[0], p.label, "counter-example" if p.block else "pattern")] += 1
    rows = [RULE(file=f, label=lab, kind=kind, count=n) for (f, lab, kind), n in sorted(counts.items())]
    _announce(_write(rows, RULE, out, format or ([] if out != "-" else [Format.csv]), "rules",
                     columns=columns, excel=excel))


if __name__ == "__main__":  # pragma: no cover - python -m korea_tech.cli: the console script
    run()
