"""One engine: the API, the CLI, worker processes and Dask give the same rows; a long
document is one document; a failure is said, never swallowed."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from korea_tech.cli import app

from .conftest import SEEDS, collect

runner = CliRunner()
OWN = """Budget note, 12 March 2024
The Ministry of Oceans and Fisheries (MOF) will invest KRW 2.1 trillion in the Blue Port Plan by 2030.
MOF also set aside 300 billion won for smart fishing vessels over five years, while exports reached $3 bn.
The ministry aims to build 40 smart ports by 2028.
"""


def _jsonl(rows) -> list[dict]:
    return [json.loads(json.dumps(r, ensure_ascii=False)) for r in rows]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    for seed in SEEDS.glob("*.txt"):
        (folder / seed.name).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "own.txt").write_text(OWN, encoding="utf-8")
    return folder


def test_api_cli_jobs_and_dask_give_the_same_rows(engine, corpus, tmp_path):
    from korea_tech import extract, records
    from korea_tech.executors import ProcessExecutor

    local = collect(engine, [corpus], records=True)
    api_rows = extract(corpus)
    assert _jsonl(api_rows) == _jsonl(local.rows) and len(local.rows) > 400
    assert _jsonl(records(corpus)) == _jsonl(local.records)
    out = tmp_path / "cli.jsonl"
    assert runner.invoke(app, ["extract", str(corpus), "--out", str(out), "-q"]).exit_code == 0
    cli_rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert cli_rows == _jsonl(local.rows)
    two = collect(engine, [corpus], ProcessExecutor(2), records=True)
    assert _jsonl(two.rows) == _jsonl(local.rows) and _jsonl(two.records) == _jsonl(local.records)


def test_workers_that_read_their_files_give_what_one_process_gives(engine, corpus, tmp_path, monkeypatch):
    """With --jobs the workers read small files themselves and this process the long
    ones: the same rows, documents, manifest entries, errors and progress, in order."""
    import shutil

    import korea_tech.engine
    from korea_tech.engine import Options, ReadTask, RunLog
    from korea_tech.executors import ProcessExecutor

    folder = tmp_path / "mixed"
    shutil.copytree(corpus, folder)
    (folder / "b_long.txt").write_text(LONG, encoding="utf-8")  # long: read here, in parts
    (folder / "c_broken.docx").write_bytes(b"not a zip")
    monkeypatch.setattr(korea_tech.engine, "MAX_PART_CHARS", 5_000)  # LONG and two seeds are long now

    def run(executor):
        log, progress = RunLog(), []
        log.on_source = lambda path, n_bytes: progress.append((path, n_bytes))
        results = list(engine.run([folder], Options(records=True), executor, log))
        return results, log, progress

    tasks = list(engine.tasks([folder], Options(), RunLog()))
    assert any(isinstance(t, ReadTask) for t in tasks) and any(not isinstance(t, ReadTask) for t in tasks)
    (one, log1, progress1), (two, log2, progress2) = run(None), run(ProcessExecutor(2))
    assert [r.document.doc_id for r in two] == [r.document.doc_id for r in one]
    assert [r.document.text for r in two] == [r.document.text for r in one]
    assert _jsonl([row for r in two for row in r.rows]) == _jsonl([row for r in one for row in r.rows])
    assert _jsonl([row for r in two for row in r.records]) == _jsonl([row for r in one for row in r.records])
    assert log2.sources == log1.sources and log2.documents == log1.documents
    assert [(e.path, e.reason) for e in log2.errors] == [(e.path, e.reason) for e in log1.errors] != []
    assert progress2 == progress1 and len(progress1) == len(log1.sources)


def test_dask_gives_the_same_rows_and_records(engine, corpus):
    pytest.importorskip("distributed")
    from distributed import LocalCluster

    from korea_tech.distributed import DaskExecutor, extract_bag

    local = collect(engine, [corpus], records=True)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        remote = collect(engine, [corpus], DaskExecutor(cluster.scheduler_address), records=True)
        from distributed import Client

        with Client(cluster.scheduler_address):
            bag = extract_bag([corpus]).compute()
    assert _jsonl(remote.rows) == _jsonl(local.rows) and _jsonl(remote.records) == _jsonl(local.records)
    assert _jsonl(bag) == _jsonl(local.rows)


def test_records_of_a_text_equal_records_of_the_same_text_in_a_file(tmp_path):
    from korea_tech import records

    path = tmp_path / "note.txt"
    path.write_text(OWN, encoding="utf-8")
    from_text = [{k: v for k, v in r.items() if k not in ("doc", "doc_id", "record_id")} for r in records(OWN)]
    from_file = [{k: v for k, v in r.items() if k not in ("doc", "doc_id", "record_id")} for r in records(path)]
    assert from_text == from_file and len(from_file) >= 3
    assert {r["kind"] for r in from_file} == {"funding", "target"}


# ------------------------------------------------------------------ documents stay documents
LONG = ("The Korea Institute of Marine Science (KIMST) opened the call. " + "Filler sentence about ports. " * 400
        + "\n\nLater in the report, KIMST will spend KRW 40 billion on research vessels.\n")


def test_a_long_document_is_read_whole_though_tokenised_in_parts(engine, tmp_path, monkeypatch):
    import korea_tech.engine

    path = tmp_path / "long.txt"
    path.write_text(LONG, encoding="utf-8")
    whole = collect(engine, [path], records=True)  # one part: far under MAX_PART_CHARS
    assert korea_tech.engine.MAX_PART_CHARS > len(LONG)
    monkeypatch.setattr(korea_tech.engine, "MAX_PART_CHARS", 2_000)  # now in parts
    assert len(korea_tech.engine.split_long(whole.results[0].document)) > 3
    parts = collect(engine, [path], records=True)
    acronyms = [r for r in parts.rows if r["text"] == "KIMST"]
    assert len(acronyms) == 2 and acronyms[1]["start"] > 10_000  # defined before the cut, used after it
    assert acronyms[1]["norm"]["canonical"] == "Korea Institute of Marine Science"
    assert _jsonl(parts.rows) == _jsonl(whole.rows)
    assert _jsonl(parts.records) == _jsonl(whole.records)
    (money,) = [r for r in parts.records if r["kind"] == "funding"]
    assert money["body"] == "KIMST"
    # The parts' first reading is kept for the second up to KEEP_PARSED_CHARS: none, some
    # or all of them kept, the same rows.
    for keep in (0, 5_000):
        monkeypatch.setattr(korea_tech.engine, "KEEP_PARSED_CHARS", keep)
        again = collect(engine, [path], records=True)
        assert _jsonl(again.rows) == _jsonl(whole.rows) and _jsonl(again.records) == _jsonl(whole.records)


def test_an_ambiguous_acronym_counts_where_a_later_part_spells_out_the_name(engine, tmp_path, monkeypatch):
    """MOF counts only in a document that names the Ministry of Oceans and Fisheries: in
    a long document read in parts, the first reading of the part that uses it cannot know
    a later part names it, so that part is read again with what the whole says."""
    import korea_tech.engine

    text = ("MOF will fund smart ports. " + "Filler sentence about ports. " * 200
            + "\n\nThe Ministry of Oceans and Fisheries said so.\n")
    path = tmp_path / "mof.txt"
    path.write_text(text, encoding="utf-8")
    whole = collect(engine, [path])
    monkeypatch.setattr(korea_tech.engine, "MAX_PART_CHARS", 2_000)
    parts = collect(engine, [path])
    assert [r["text"] for r in parts.rows if r["label"] == "MINISTRY"] == ["MOF", "Ministry of Oceans and Fisheries"]
    assert _jsonl(parts.rows) == _jsonl(whole.rows)
    alone = tmp_path / "alone.txt"  # never named: not a mention, in parts as whole
    alone.write_text(text.replace("The Ministry of Oceans and Fisheries", "The ministry"), encoding="utf-8")
    assert not [r for r in collect(engine, [alone]).rows if r["text"] == "MOF"]


def test_a_kept_reading_holds_its_candidates_only_where_they_may_be_read_again(engine, tmp_path, monkeypatch):
    """A part's first reading keeps its candidates only when the part uses an acronym or
    short form that counts where the document names it (the second reading may accept
    again); a trace, which gives every candidate its reason, reads the others again: the
    same decisions as a run that keeps nothing."""
    import korea_tech.engine

    text = ("MOF will fund smart ports. " + "Filler sentence about ports, KRW 5 billion in 2024. " * 120
            + "\n\nThe Ministry of Oceans and Fisheries said so.\n")
    path = tmp_path / "mof.txt"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(korea_tech.engine, "MAX_PART_CHARS", 2_000)
    document = next(engine.documents([path], korea_tech.engine.Options(), korea_tech.engine.RunLog()))
    parsed = [w.parsed for w in engine.works([document])]
    assert all(p is not None for p in parsed) and len(parsed) > 3
    assert parsed[0][0] and parsed[0][2].needs_name  # MOF: its candidates kept
    assert all(p[0] is None and not p[2].needs_name for p in parsed[1:])
    traced = collect(engine, [path], trace=True)
    monkeypatch.setattr(korea_tech.engine, "KEEP_PARSED_CHARS", 0)
    unkept = collect(engine, [path], trace=True)
    assert [r.trace for r in traced.results] == [r.trace for r in unkept.results]
    assert sum(len(r.trace) for r in traced.results) > len(traced.rows)  # dropped candidates have reasons
    assert _jsonl(traced.rows) == _jsonl(unkept.rows)


def test_a_batch_is_let_go_before_the_next_one_is_made(engine, corpus, monkeypatch):
    """Memory: when the executor makes a batch's results, the run holds none of the
    previous batch's (the caller holds the one it was given last)."""
    import gc
    import weakref

    import korea_tech.engine
    from korea_tech.executors import LocalExecutor

    monkeypatch.setattr(korea_tech.engine, "BATCH_CHARS", 6_000)  # a few documents a batch
    made: list = []
    alive: list[int] = []

    class Watching(LocalExecutor):
        def map(self, engine, batches, options):
            for batch in batches:
                gc.collect()
                alive.append(sum(ref() is not None for ref in made))
                results = engine.process(batch, options)
                made.extend(weakref.ref(r) for r in results)
                yield batch, results
                del results

    for _ in engine.run([corpus], korea_tech.engine.Options(), Watching()):
        pass
    assert len(alive) > 3 and len(made) > len(alive)  # several results a batch
    assert max(alive) <= 1


def test_a_part_kept_from_the_first_reading_is_read_again_by_a_worker(engine):
    """Work sent to another process carries the part and the whole's facts, not the
    tokens kept in this one."""
    import pickle

    from korea_tech.document import Document
    from korea_tech.engine import Work

    work = Work(Document(text="x", name="d", path="d", doc_id="d"), parsed=([], object()))
    assert pickle.loads(pickle.dumps(work)).parsed is None


# ------------------------------------------------------------------ failures are said
def test_no_readable_input_is_exit_2_and_writes_nothing(tmp_path):
    out = tmp_path / "m.jsonl"
    missing = runner.invoke(app, ["extract", str(tmp_path / "no" / "such" / "path"), "--out", str(out)])
    assert missing.exit_code == 2 and "no readable input" in missing.stderr and not out.exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = runner.invoke(app, ["extract", str(empty), "--out", f"{tmp_path / 'data'}/"])
    assert nothing.exit_code == 2 and "no files found" in nothing.stderr and not (tmp_path / "data").exists()
    (empty / "bin.txt").write_bytes(bytes(range(256)) * 8)
    binary = runner.invoke(app, ["records", str(empty), "--out", str(out)])
    assert binary.exit_code == 2 and "binary" in binary.stderr and not out.exists()


def test_the_api_refuses_a_path_that_does_not_exist(tmp_path):
    from korea_tech import extract

    with pytest.raises(FileNotFoundError, match="no_such_file.txt"):
        extract("seeds/no_such_file.txt")
    with pytest.raises(FileNotFoundError):
        extract(path=tmp_path / "nope.md")
    assert [m.label for m in extract(text="seeds/no_such_file.txt cost KRW 5 billion")] == ["MONEY"]
    assert [m.text for m in extract("2024/25")] == ["2024/25"]  # no extension: a text, not a path


def test_date_applies_to_paths_too(tmp_path):
    from korea_tech import extract

    path = tmp_path / "undated.txt"
    path.write_text("Sales rose this year and on May 3.\n", encoding="utf-8")
    found = {m.text: m for m in extract(path, date="2023-06-01")}
    assert found["this year"].norm["start"] == 2023 and found["this year"].doc_date == "2023-06-01"
    assert found["May 3"].norm["value"] == "2023-05-03"
    stamped = tmp_path / "stamped.txt"
    stamped.write_text("Sales rose this year. date2021-02-03\n", encoding="utf-8")
    (row,) = extract(stamped, date="2023-06-01")
    assert row.norm["start"] == 2021  # the document's own date wins over the one given for undated ones
    cli = runner.invoke(app, ["extract", str(path), "--date", "2023-06-01", "-q"])
    assert json.loads(cli.stdout.splitlines()[0])["doc_date"] == "2023-06-01"


def test_an_errors_file_only_in_a_folder_or_when_asked(tmp_path):
    sample = tmp_path / "in" / "a.txt"
    sample.parent.mkdir()
    sample.write_text("MOTIE will spend KRW 1 trillion.\n", encoding="utf-8")
    (tmp_path / "in" / "b.pages").write_bytes(b"PK\x03\x04")
    neighbour = tmp_path / "out" / "errors.csv"
    neighbour.parent.mkdir()
    neighbour.write_text("my own file\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path / "in"), "--out", str(tmp_path / "out" / "m.csv"), "-q"])
    assert result.exit_code == 0 and neighbour.read_text(encoding="utf-8") == "my own file\n"
    assert "unsupported type .pages" in result.stderr  # a file no reader takes is said, not dropped
    asked = tmp_path / "read-errors.csv"
    result = runner.invoke(app, ["extract", str(tmp_path / "in"), "--out", str(tmp_path / "out" / "m.csv"),
                                 "--errors", str(asked), "-q"])
    assert result.exit_code == 0 and 'b.pages,"unsupported type .pages' in asked.read_text(encoding="utf-8")
    strict = runner.invoke(app, ["extract", str(tmp_path / "in"), "--out", str(tmp_path / "x.csv"), "--strict", "-q"])
    assert strict.exit_code == 1


def test_every_data_command_takes_format_and_out(tmp_path):
    for command in (["extract", str(SEEDS)], ["records", str(SEEDS)], ["check", str(SEEDS)],
                    ["explain", "MOTIE spent KRW 1 trillion"], ["rules", "list"]):
        out = tmp_path / f"{command[0]}.jsonl"
        result = runner.invoke(app, [*command, "--format", "jsonl", "--out", str(out)])
        assert result.exit_code == 0, (command, result.output)
        assert out.read_text(encoding="utf-8").startswith("{")
