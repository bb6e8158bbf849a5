"""Every command through Typer's CliRunner, as a user runs it."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
import re

import pytest
from typer.testing import CliRunner

from korea_tech.cli import app

from .conftest import ROOT, SEEDS

runner = CliRunner()
SAMPLE = "MOTIE will pour KRW 117.2 billion won by 2028 into batteries, it said on March 11.\n"


@pytest.fixture()
def sample(tmp_path):
    path = tmp_path / "release.txt"
    path.write_text("- Registration date2024-03-11\n-\n" + SAMPLE, encoding="utf-8")
    return path


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_extract_jsonl_to_stdout(sample):
    result = invoke("extract", sample)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["label"], r["text"]) for r in rows] == [
        ("MINISTRY", "MOTIE"), ("MONEY", "KRW 117.2 billion won"), ("YEAR", "2028"), ("DATE", "March 11")]
    assert set(rows[0]) == {"doc", "path", "doc_id", "doc_title", "doc_date", "doc_date_source", "lang", "label", "text", "start", "end", "page", "record", "url",
                            "sentence", "rule", "norm", "check"}
    assert rows[3]["norm"] == {"value": "2024-03-11", "end": None}
    assert re.fullmatch(r"rules/en/patterns/\w+\.jsonl:\d+", rows[1]["rule"])


def test_extract_csv_flattens_norm(sample):
    result = invoke("extract", sample, "--format", "csv")
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    money = next(r for r in table if r["label"] == "MONEY")
    assert money["norm_value"] == "117200000000" and money["norm_currency"] == "KRW" and money["norm_approx"] == "false"
    assert "norm" not in table[0]


def test_extract_json_and_labels_filter(sample):
    result = invoke("extract", sample, "--format", "json", "--labels", "money,year")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [r["label"] for r in data["mentions"]] == ["MONEY", "YEAR"] and data["errors"] == []


def test_extract_unknown_label_is_a_usage_error(sample):
    result = invoke("extract", sample, "--labels", "CITY")
    assert result.exit_code == 2 and "unknown label" in result.output


def test_extract_to_a_folder_writes_each_format(sample, tmp_path):
    out = tmp_path / "data"
    result = invoke("extract", sample, "--format", "csv", "--format", "jsonl", "--out", f"{out}/")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["errors.csv", "manifest.json", "mentions.csv", "mentions.jsonl"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"][0]["encoding"] == "utf-8" and len(manifest["inputs"][0]["sha256"]) == 64
    assert manifest["counts"] == {"DATE": 1, "MINISTRY": 1, "MONEY": 1, "YEAR": 1}
    assert {o["path"] for o in manifest["outputs"]} == {"mentions.csv", "mentions.jsonl", "errors.csv"}
    assert (out / "errors.csv").read_text(encoding="utf-8") == "path,reason\n"


def test_the_manifest_holds_each_output_file_s_own_sha256(tmp_path):
    """Outputs are hashed only when a manifest is written: its digests are the files' own,
    for text and binary formats, with one process and with --jobs."""
    import hashlib

    for jobs in ("1", "2"):
        out = tmp_path / f"data{jobs}"
        flags = [a for f in ("json", "jsonl", "csv", "sqlite") for a in ("--format", f)]
        result = invoke("extract", SEEDS, *flags, "--jobs", jobs, "--out", f"{out}/", "--quiet")
        assert result.exit_code == 0, result.output
        outputs = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outputs"]
        assert len(outputs) == 5  # the four formats and errors.csv
        for o in outputs:
            assert o["sha256"] == hashlib.sha256((out / o["path"]).read_bytes()).hexdigest(), o["path"]


def test_check_mode_and_strict(sample, tmp_path):
    out = tmp_path / "data"
    assert invoke("extract", sample, "--format", "csv", "--out", f"{out}/").exit_code == 0
    same = invoke("extract", sample, "--format", "csv", "--out", f"{out}/", "--check")
    assert same.exit_code == 0 and "up to date" in same.stderr
    (out / "mentions.csv").write_text("stale\n", encoding="utf-8")
    stale = invoke("extract", sample, "--format", "csv", "--out", f"{out}/", "--check")
    assert stale.exit_code == 1 and "mentions.csv: differs" in stale.stderr
    assert (out / "mentions.csv").read_text(encoding="utf-8") == "stale\n"  # --check writes nothing
    missing = tmp_path / "missing.txt"
    lenient = invoke("extract", sample, missing, "--format", "csv", "--out", f"{out}/")
    assert lenient.exit_code == 0
    assert "missing.txt,no such file or folder" in (out / "errors.csv").read_text(encoding="utf-8")
    assert invoke("extract", sample, missing, "--strict", "--out", tmp_path / "x.jsonl").exit_code == 1


def test_extract_format_from_file_extension(sample, tmp_path):
    out = tmp_path / "m.csv"
    assert invoke("extract", sample, "--out", out).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("doc,path,doc_id")
    bad = invoke("extract", sample, "--out", tmp_path / "m.weird")
    assert bad.exit_code == 2 and "--format" in bad.output


def test_extract_reports_a_missing_path_and_goes_on(sample, tmp_path):
    result = invoke("extract", sample, tmp_path / "missing.txt")
    assert result.exit_code == 0
    assert "cannot read" in result.stderr and len(result.stdout.splitlines()) == 4


def test_same_input_same_bytes(tmp_path):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert invoke("extract", SEEDS, "--out", first).exit_code == 0
    assert invoke("extract", SEEDS, "--out", second).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_a_bad_label_is_reported_before_a_bad_output(tmp_path):
    result = invoke("extract", SEEDS, "--labels", "FOO", "--out", str(tmp_path / "x.bad"))
    assert result.exit_code == 2 and "FOO" in result.stderr


def test_two_jobs_same_bytes(tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert invoke("extract", SEEDS, "--out", one).exit_code == 0
    assert invoke("extract", SEEDS, "--jobs", "2", "--out", two).exit_code == 0
    assert one.read_bytes() == two.read_bytes()


def test_two_jobs_same_bytes_in_every_format_and_the_same_counts(tmp_path):
    """Workers send rows as JSON text when every output is JSON, and as rows otherwise:
    the files, the manifest's counts and the summary are those of one process."""
    for formats in (["jsonl", "json"], ["csv", "jsonl"]):
        flags = [arg for f in formats for arg in ("--format", f)]
        one, two = f"{tmp_path}/one-{formats[0]}/", f"{tmp_path}/two-{formats[0]}/"
        first = invoke("extract", SEEDS, *flags, "--out", one, "--quiet")
        second = invoke("extract", SEEDS, *flags, "--jobs", "2", "--out", two, "--quiet")
        assert first.exit_code == second.exit_code == 0, second.output
        for name in [f"mentions.{f}" for f in formats] + ["manifest.json"]:
            assert (Path(one) / name).read_bytes() == (Path(two) / name).read_bytes(), name
    summary = [invoke("extract", SEEDS, *jobs, "--out", str(tmp_path / "s.jsonl")).stderr for jobs in ([], ["--jobs", "2"])]
    strip_time = [[ln for ln in s.splitlines() if "time" not in ln] for s in summary]
    assert strip_time[0] == strip_time[1] and "MONEY" in summary[0]


def test_a_result_sent_as_json_rows_keeps_its_counts(engine):
    from korea_tech.engine import DocumentResult
    from korea_tech.writers import JsonRow, _json

    rows = [engine.types.mention(label="MONEY", check={"status": "mismatch"}),
            engine.types.mention(label="YEAR", check=None)]
    sent = DocumentResult(None, list(rows)).as_json_rows()
    assert sent.tally == ({"MONEY": 1, "YEAR": 1}, 1)
    # one text per document, a row per line, encoded for the writer to copy
    assert [type(r) for r in sent.rows] == [JsonRow]
    assert sent.rows == ["\n".join(_json(r) for r in rows).encode("utf-8")]
    assert DocumentResult(None, []).as_json_rows().rows == []


def test_eval_scores_and_floors(sample, tmp_path):
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    gold = {"doc": "release.txt", "start": 32 + 16, "end": 32 + 37, "label": "MONEY", "text": "KRW 117.2 billion won",
            "norm": {"currency": "KRW", "value": 117200000000, "value_max": None, "approx": False, "bound": None}}
    (gold_dir / "release.jsonl").write_text(json.dumps(gold) + "\n", encoding="utf-8")
    ok = invoke("eval", sample, "--gold", gold_dir, "--json", "--min-f1", "1.0")
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["MONEY"]["strict_f1"] == 1.0
    gold["start"] -= 4  # now a span the tool does not produce: strict fails, lenient holds
    (gold_dir / "release.jsonl").write_text(json.dumps(gold) + "\n", encoding="utf-8")
    low = invoke("eval", sample, "--gold", gold_dir, "--min-strict-f1", "0.9")
    assert low.exit_code == 1 and "below the floor" in low.stderr


def test_explain_shows_rules_and_decisions():
    result = invoke("explain", "Targets 2000 factories by 2030.", "--date", "2024-01-01", "--format", "csv")
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    by_text = {(r["text"], r["outcome"]): r for r in table}
    assert ("2030", "kept") in by_text and by_text[("2030", "kept")]["norm_role"] == "target"
    assert "counter-example" in by_text[("2000", "dropped")]["reason"]
    assert invoke("explain", "x", "--date", "2024-13-01").exit_code == 2


def test_rules_validate_and_list(tmp_path):
    ok = invoke("rules", "validate")
    assert ok.exit_code == 0 and ok.stdout.startswith("ok:")
    listing = invoke("rules", "list", "--format", "csv")
    assert listing.exit_code == 0 and "rules/ministries.yaml,MINISTRY,gazetteer entry" in listing.stdout
    (tmp_path / "bad.yaml").write_text("kind: gazetteer\nlabel: MINISTRY\nentries: [\n", encoding="utf-8")
    bad = invoke("rules", "validate", "--rules", tmp_path)
    assert bad.exit_code == 2 and f"{tmp_path.name}/bad.yaml:4" in bad.output
    assert invoke("extract", SEEDS, "--rules", tmp_path).exit_code == 2


def _commands(group, prefix=()):
    import typer.main

    click_group = typer.main.get_command(group)
    for name, command in click_group.commands.items():
        if hasattr(command, "commands"):
            for sub in command.commands:
                yield (*prefix, name, sub)
        else:
            yield (*prefix, name)


def test_every_command_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = list(_commands(app))
    assert len(commands) >= 5
    for words in commands:
        result = invoke(*words, "--help")
        assert result.exit_code == 0 and "Example:" in result.output, words
        assert f"ktech {' '.join(words)}" in readme, f"README does not document ktech {' '.join(words)}"


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0 and result.stdout.startswith("ktech ")


def test_summary_on_stderr_unless_quiet(sample):
    loud = invoke("extract", sample, "--out", "-")
    assert "mentions" in loud.stderr and "findings" in loud.stderr and "documents" in loud.stderr
    quiet = invoke("extract", sample, "--quiet")
    assert quiet.stderr == ""


def test_unexpected_error_is_one_line_unless_debug(sample, monkeypatch, capsys):
    import sys

    from korea_tech import cli
    from korea_tech.engine import Engine

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Engine, "run", broken)
    monkeypatch.setattr(sys, "argv", ["ktech", "extract", str(sample), "--quiet"])
    with pytest.raises(SystemExit) as exit_info:
        cli.run()
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "ktech: error: RuntimeError: disk on fire" in err and "Traceback" not in err
    monkeypatch.setattr(sys, "argv", ["ktech", "--debug", "extract", str(sample), "--quiet"])
    with pytest.raises(RuntimeError):
        cli.run()
