"""The ``ktech`` command line: wires the stages together, nothing more.

Exit codes: 0 ok; 1 a check failed (``eval`` below its floors); 2 usage error or
a bad rule file.  Heavy libraries (spaCy, dateparser) load only when a command
needs them, so ``ktech --help`` stays quick.
"""
from __future__ import annotations

import json
import sys
import time
from datetime import date
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer
from typing_extensions import Annotated

from . import __version__
from .output import Format, OutputError

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
FormatOption = Annotated[Optional[List[Format]], typer.Option(
    "--format", "-f", help="csv, jsonl or json; repeat with --out DIR/ to write several. "
                           "Default: from --out's extension, else jsonl on stdout, csv in a folder.")]
OutOption = Annotated[str, typer.Option(
    "--out", "-o", help="FILE, DIR/ (writes DIR/<name>.<format>) or - for standard output.")]
RulesOption = Annotated[Optional[List[Path]], typer.Option(
    "--rules", help="An extra rules folder, loaded on top of the built-in rules (repeatable).")]


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"ktech: {message}", err=True)
    raise typer.Exit(code)


def _extractor(rule_dirs: Optional[List[Path]]):
    from .pipeline import Extractor
    from .rules import RuleError

    try:
        return Extractor(rule_dirs=rule_dirs or [])
    except RuleError as exc:
        _fail(f"rule file error: {exc}")


def _emit(rows, out: str, formats: Optional[List[Format]], name: str) -> None:
    from .output import write_rows

    try:
        written = write_rows(rows, out, formats or [], name)
    except OutputError as exc:
        _fail(str(exc))
    for path in written:
        if path != "-":
            typer.echo(f"wrote {len(rows)} rows to {path}", err=True)


def _progress(paths, stats):
    """A rich progress bar on stderr: files, MB, mentions so far, time left."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from .documents import find_files

    files, _ = find_files(paths)
    total = sum(p.stat().st_size for p in files if p.exists())
    bar = Progress(TextColumn("[bold]extract"), BarColumn(), TextColumn("{task.fields[files]} files"),
                   TextColumn("{task.completed:,.0f}/{task.total:,.0f} B"), TextColumn("{task.fields[mentions]} mentions"),
                   TimeRemainingColumn(), console=Console(stderr=True), transient=True)
    task = bar.add_task("extract", total=total or 1, files=f"0/{len(files)}", mentions=0)

    def advance(path, n_bytes):
        bar.update(task, advance=n_bytes, files=f"{len(stats.sources)}/{len(files)}",
                   mentions=sum(stats.counts.values()))

    stats.on_file = advance
    bar.start()
    return bar


def _summary(stats, seconds: float) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="ktech extract", show_header=False, box=None)
    table.add_row("documents", f"{stats.documents:,}")
    for label in sorted(stats.counts):
        table.add_row(f"  {label}", f"{stats.counts[label]:,}")
    table.add_row("mentions", f"{sum(stats.counts.values()):,}")
    table.add_row("findings", f"{stats.findings:,}")
    table.add_row("errors", f"{len(stats.errors):,}")
    table.add_row("time", f"{seconds:.1f} s")
    Console(stderr=True).print(table)


def _report_read_errors(errors) -> None:
    for e in errors:
        typer.echo(f"ktech: cannot read {e.path}: {e.reason}", err=True)
    if errors:
        typer.echo(f"ktech: {len(errors)} file(s) could not be read; the others were processed", err=True)


def _labels(values: Optional[List[str]]) -> Optional[List[str]]:
    from .rules import LABELS

    if not values:
        return None
    labels = [v.strip().upper() for value in values for v in value.split(",") if v.strip()]
    unknown = [lab for lab in labels if lab not in LABELS]
    if unknown:
        _fail(f"unknown label(s) {', '.join(unknown)}; choose from {', '.join(LABELS)}")
    return labels


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
    try:
        app(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - the last line of defence of a CLI
        if _DEBUG["on"] or "--debug" in sys.argv:
            raise
        typer.echo(f"ktech: error: {type(exc).__name__}: {exc} (run with --debug for the traceback)", err=True)
        raise SystemExit(1) from None


# ------------------------------------------------------------------ extract
@app.command()
def extract(
    paths: Annotated[List[Path], typer.Argument(help="Files or folders (*.txt, *.md, searched recursively).")],
    format: FormatOption = None,
    out: OutOption = "-",
    labels: Annotated[Optional[List[str]], typer.Option(
        "--labels", "-l", help="Only these labels, comma-separated or repeated (MONEY,YEAR,DATE,MINISTRY,PROGRAMME).")] = None,
    rules: RulesOption = None,
    strict: Annotated[bool, typer.Option(help="Exit 1 if any file could not be read.")] = False,
    check: Annotated[bool, typer.Option(
        "--check", help="Write nothing: regenerate in memory and exit 1 if the files in --out differ.")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes (same output bytes).")] = 1,
    engine: Annotated[str, typer.Option(help="local, or dask to run on a Dask cluster (pip install ktech[dask]).")] = "local",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")] = False,
    scheduler: Annotated[Optional[str], typer.Option(
        help="With --engine dask: the scheduler address, tcp://HOST:PORT (default: a cluster in this process).")] = None,
) -> None:
    """Extract every mention, one row each, with its file, offsets, sentence, rule and normalised value.

    With --out DIR/ it also writes errors.csv (files that could not be read) and
    manifest.json (version, rules fingerprint, inputs with sha256, counts).

    Example: [bold]ktech extract seeds/ --format csv --format jsonl --out data/[/bold]
    """
    from .output import plan_outputs, stream_rows
    from .pipeline import RunStats

    wanted = _labels(labels)
    extractor = _extractor(rules)
    try:
        plan_outputs(out, format or [], "mentions")  # a bad --out/--format fails before any work
    except OutputError as exc:
        _fail(str(exc))
    stats = RunStats()
    if engine == "dask":
        try:
            from .distributed import extract_on_dask
        except ImportError:
            _fail("--engine dask needs Dask: pip install 'ktech[dask]'")
        result = extract_on_dask(paths, scheduler, wanted, rules or [])
        for _ in extractor.stream(paths, labels=[], stats=stats):  # inputs for the manifest
            pass
        stats.counts = {}
        for row in result.rows:
            stats.counts[row["label"]] = stats.counts.get(row["label"], 0) + 1
        rows = iter(result.rows)
    elif engine == "local":
        rows = extractor.stream(paths, labels=wanted, jobs=jobs, stats=stats)
    else:
        _fail(f"unknown --engine {engine!r}: local or dask")
    started = time.perf_counter()
    progress = None if quiet or not sys.stderr.isatty() else _progress(paths, stats)

    def errors():
        _report_read_errors(stats.errors)
        return [{"path": e.path, "reason": e.reason} for e in stats.errors]

    try:
        outcome = stream_rows(rows, out, format or [], "mentions", errors, lambda: extractor.stream_manifest(stats),
                              check=check)
    finally:
        if progress is not None:
            progress.stop()
    if not quiet:
        _summary(stats, time.perf_counter() - started)
    if check:
        for line in outcome:
            typer.echo(f"ktech: {line}", err=True)
        if outcome:
            raise typer.Exit(1)
        typer.echo("ktech: all outputs up to date", err=True)
        return
    for path in outcome:
        if path != "-":
            typer.echo(f"wrote {path}", err=True)
    if strict and stats.errors:
        raise typer.Exit(1)


# ------------------------------------------------------------------ check
@app.command()
def check(
    paths: Annotated[List[Path], typer.Argument(help="Files or folders (*.txt, *.md, searched recursively).")],
    show_all: Annotated[bool, typer.Option("--all", help="List every checked equivalent, not only mismatches.")] = False,
    tolerance: Annotated[Optional[float], typer.Option(
        help="Largest accepted relative difference (default from rules/money.yaml: 0.25).")] = None,
    format: FormatOption = None,
    out: OutOption = "-",
    rules: RulesOption = None,
) -> None:
    """Check every stated currency equivalent ("KRW 114.1 trillion (approximately €84.5 m)") against
    the ECB rate at the document's date; list the mismatches (a table, or CSV/JSON with --format).

    Example: [bold]ktech check seeds/ --format csv --out findings.csv[/bold]
    """
    extractor = _extractor(rules)
    if tolerance is not None:
        extractor.checker.tolerance = tolerance
    result = extractor.extract(paths, labels=["MONEY"])
    _report_read_errors(result.errors)
    rows = [_finding_row(r) for r in result.rows if r["check"] and (show_all or r["check"]["status"] != "ok")]
    if out == "-" and not format and sys.stdout.isatty():
        _print_findings(rows)
    else:
        _emit(rows, out, format or ([Format.csv] if out == "-" else []), "findings")


def _finding_row(row: dict) -> dict:
    c = row["check"]
    return {"doc": row["doc"], "path": row["path"], "doc_id": row["doc_id"], "doc_date": row["doc_date"],
            "status": c["status"], "amount": c["equivalent_of"]["text"], "amount_start": c["equivalent_of"]["start"],
            "amount_end": c["equivalent_of"]["end"], "stated": row["text"], "stated_start": row["start"],
            "stated_end": row["end"], "stated_value": c["stated_value"], "stated_currency": c["stated_currency"],
            "expected_value": c["expected_value"], "factor": c["factor"], "tolerance": c["tolerance"],
            "rate_date": c["rate_date"], "note": c["note"], "sentence": row["sentence"]}


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


@app.command()
def records(
    paths: Annotated[List[Path], typer.Argument(help="Files or folders (*.txt, *.md, searched recursively).")],
    kind: Annotated[Optional[Kind], typer.Option("--kind", "-k", help="Only funding or only target records.")] = None,
    stip: Annotated[bool, typer.Option("--stip", help="One row per initiative, in the shape of the EC-OECD "
                                                       "STIP Compass database (funding records).")] = False,
    format: FormatOption = None,
    out: OutOption = "-",
    rules: RulesOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary.")] = False,
) -> None:
    """Funding commitments (amount, programme, body, years, public/private) and quantitative targets,
    each with the offsets of every linked mention.

    Example: [bold]ktech records seeds/ --kind funding --format csv --out data/records.csv[/bold]
    """
    extractor = _extractor(rules)
    started = time.perf_counter()
    result = extractor.extract(paths, labels=[], with_records=True)
    _report_read_errors(result.errors)
    rows = result.records
    if not quiet:
        from rich.console import Console
        from rich.table import Table

        table = Table(title="ktech records", show_header=False, box=None)
        table.add_row("documents", f"{len(result.documents):,}")
        for k in ("funding", "target"):
            table.add_row(f"{k} records", f"{sum(r['kind'] == k for r in rows):,}")
        table.add_row("errors", f"{len(result.errors):,}")
        table.add_row("time", f"{time.perf_counter() - started:.1f} s")
        Console(stderr=True).print(table)
    if stip:
        from .records import RecordBuilder

        rows = RecordBuilder(extractor.rules).stip([r for r in rows if r["kind"] == "funding"])
        _emit(rows, out, format, "stip")
        return
    wanted = [kind.value] if kind else ["funding", "target"]
    rows = [r for r in rows if r["kind"] in wanted]
    if len(wanted) == 1:
        _emit(rows, out, format, "records")
        return
    # Funding and target records have different columns: one file each in a folder, else JSON.
    by_kind = {k: [r for r in rows if r["kind"] == k] for k in wanted}
    if out != "-" and (out.endswith("/") or Path(out).is_dir()):
        for k, subset in by_kind.items():
            _emit(subset, out, format, f"{k}_records")
    elif (format and any(f is Format.csv for f in format)) or out.endswith(".csv"):
        _emit(by_kind["funding"], out, format, "records")
    else:
        _emit(rows, out, format, "records")


# ------------------------------------------------------------------ normalize
@app.command()
def normalize(
    text: Annotated[str, typer.Argument(help="An amount, year or date; - reads one per line from standard input.")],
    doc_date: Annotated[Optional[str], typer.Option("--date", help="Document date, YYYY-MM-DD (rates, 'this year').")] = None,
    rules: RulesOption = None,
) -> None:
    """Print the normalised object of one expression (JSON), e.g. an amount with its conversions.

    Example: [bold]ktech normalize "KRW 1.1 tln" --date 2020-04-28[/bold]
    """
    anchor = _anchor(doc_date)
    lines = [line.strip() for line in sys.stdin] if text == "-" else [text]
    extractor = _extractor(rules)
    failed = 0
    for line in filter(None, lines):
        mentions = extractor.extract_text(line, anchor).mentions
        best = max(mentions, key=lambda m: (m.end - m.start, -m.start), default=None)
        if best is None:
            failed += 1
            typer.echo(json.dumps({"text": line, "label": None, "norm": None, "error": "nothing to normalise"},
                                  ensure_ascii=False))
            continue
        typer.echo(json.dumps({"text": line, "label": best.label, "span": best.text, "norm": best.norm},
                              ensure_ascii=False))
    if failed:
        raise typer.Exit(1)


def _anchor(doc_date: Optional[str]):
    from .documents import DocDate

    if not doc_date:
        return None
    try:
        return DocDate(date.fromisoformat(doc_date), "day")
    except ValueError:
        _fail(f"--date must be YYYY-MM-DD, not {doc_date!r}")


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
) -> None:
    """Score mentions against gold: P/R/F1 per label, strict and lenient, and normalisation accuracy.

    Example: [bold]ktech eval data/mentions.jsonl --gold ../shared/gold --min-f1 0.9[/bold]
    """
    from .evaluate import failures, load_rows, score

    if not gold.exists():
        _fail(f"no gold at {gold}")
    if all(p.is_file() and p.suffix in (".jsonl", ".json") for p in pred_or_paths):
        pred = load_rows(pred_or_paths)
    else:
        result = _extractor(rules).extract(pred_or_paths)
        _report_read_errors(result.errors)
        pred = result.rows
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
    doc_date: Annotated[Optional[str], typer.Option("--date", help="Document date, YYYY-MM-DD (anchors 'this year').")] = None,
    format: FormatOption = None,
    out: OutOption = "-",
    rules: RulesOption = None,
) -> None:
    """Show every candidate span, the rule (file:line) that proposed it, and why it was kept or dropped.

    Example: [bold]ktech explain "MOTIE will invest over KRW 100 billion by 2030" --date 2024-05-08[/bold]
    """
    if text == "-":
        text = sys.stdin.read()
    anchor = _anchor(doc_date)
    extraction = _extractor(rules).extract_text(text, anchor)
    norms = {(m.label, m.start, m.end): m.norm for m in extraction.mentions}
    rows = [{"label": d.label, "text": d.text, "start": d.start, "end": d.end, "outcome": d.outcome,
             "reason": d.reason, "rule": d.rule, "norm": norms.get((d.label, d.start, d.end)) if d.outcome == "kept" else None}
            for d in sorted(extraction.trace, key=lambda d: (d.start, d.end, d.label, d.outcome))]
    _emit(rows, out, format, "explain")


# ------------------------------------------------------------------ show
@app.command()
def show(
    paths: Annotated[List[Path], typer.Argument(help="Files or folders (*.txt, *.md, searched recursively).")],
    out: Annotated[str, typer.Option("--out", "-o", help="The HTML file to write, or - for standard output.")] = "report.html",
    rules: RulesOption = None,
) -> None:
    """Write one self-contained HTML page: each document with its mentions highlighted by label
    (normalised value on hover), label filters, and the records and findings beside the text.

    Example: [bold]ktech show seeds/ --out report.html[/bold]
    """
    from .output import atomic_write
    from .report import render_report

    result = _extractor(rules).extract(paths, with_records=True)
    _report_read_errors(result.errors)
    page = render_report(result.documents, result.rows, result.records,
                         title=f"ktech: {', '.join(str(p) for p in paths)}")
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


@app.command()
def schema(which: Annotated[Optional[SchemaName], typer.Argument(
        help="mention, funding or target (default: all three, by name).")] = None) -> None:
    """Print the JSON Schema of the rows ktech writes.

    Example: [bold]ktech schema mention > mention.schema.json[/bold]
    """
    from .schema import SCHEMAS

    value = SCHEMAS[which.value] if which else SCHEMAS
    typer.echo(json.dumps(value, indent=1))


# ------------------------------------------------------------------ rules
@rules_app.command("validate")
def rules_validate(rules: RulesOption = None) -> None:
    """Load and check every rule file; exit 2 with file:line and the problem if one is bad.

    Example: [bold]ktech rules validate --rules my_rules/[/bold]
    """
    from .rules import RuleError, load_rules

    try:
        loaded = load_rules(rules or [])
    except RuleError as exc:
        _fail(f"rule file error: {exc}")
    typer.echo(f"ok: {len(loaded.entries)} gazetteer entries, {len(loaded.patterns)} patterns, "
               f"fingerprint {loaded.fingerprint[:12]}")


@rules_app.command("list")
def rules_list(format: FormatOption = None, out: OutOption = "-", rules: RulesOption = None) -> None:
    """List what is loaded: gazetteer entries and patterns per label and file.

    Example: [bold]ktech rules list --format csv[/bold]
    """
    from collections import Counter

    from .rules import RuleError, load_rules

    try:
        loaded = load_rules(rules or [])
    except RuleError as exc:
        _fail(f"rule file error: {exc}")
    counts: Counter = Counter()
    for e in loaded.entries:
        counts[(e.rule.rpartition(":")[0], e.label, "gazetteer entry")] += 1
    for p in loaded.patterns:
        counts[(p.rule.rpartition(":")[0], p.label, "counter-example" if p.block else "pattern")] += 1
    rows = [{"file": f, "label": lab, "kind": kind, "count": n} for (f, lab, kind), n in sorted(counts.items())]
    _emit(rows, out, format or ([] if out != "-" else [Format.csv]), "rules")


if __name__ == "__main__":  # pragma: no cover
    app()
