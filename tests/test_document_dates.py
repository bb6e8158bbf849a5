"""Where a document's date comes from: stamps and bylines (metadata, never mentions),
leading date lines and datelines (mentions too), the user, the file name; and what an
undated document still gives."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from korea_tech.cli import app

from .conftest import collect

runner = CliRunner()
BODY = "The agency will spend KRW 2 billion this year and meet on March 9.\n"


@pytest.mark.parametrize("top, date, source", [
    ("Published : 2021-08-17 09:30\n", "2021-08-17", "stamp"),
    ("Posted on August 17, 2021\n", "2021-08-17", "stamp"),
    ("Published: 17 Aug. 2021, 09:30\nUpdated: 19 Aug. 2021, 11:02\n", "2021-08-17", "stamp"),
    ("Updated: 19 Aug. 2021\nPublished: 17 Aug. 2021\n", "2021-08-17", "stamp"),  # publication wins
    ("Date\n2021.08.17\nWriter\nKim\n", "2021-08-17", "stamp"),
    ("  • DateAugust 17, 2021\n", "2021-08-17", "stamp"),
    ("2021.08.17 09:12:02 | 2021.08.18 10:00:00\n", "2021-08-17", "stamp"),
    ("Tue, 08/17/2021 - 09:37\n", "2021-08-17", "stamp"),
    ("17 Aug 2021 | Analysis\n", "2021-08-17", "stamp"),
    ("August 17, 2021, by Jane Roe\n", "2021-08-17", "byline"),
    ("Agency sets its plan 2021-08-17\n", "2021-08-17", "stamp"),
    ("Tuesday, August 17, 2021\n", "2021-08-17", "leading line"),
    ("August 2021\n", "2021-08", "leading line"),
])
def test_stamps_bylines_and_leading_lines_date_a_document(engine, top, date, source):
    found = collect(engine, [top + BODY]).results[0]
    assert (found.document.date.iso(), found.document.meta.date_source) == (date, source)
    rows = {r["label"]: r for r in found.rows}
    assert rows["YEAR"]["norm"]["start"] == 2021 and rows["MONEY"]["norm"]["rate_date"] is not None
    assert all(r["doc_date_source"] == source for r in found.rows)
    # A stamp is metadata: none of its words is a mention; a leading date line is a DATE
    # (its weekday left out, like "on").
    dates = [r["text"] for r in found.rows if r["label"] == "DATE"]
    assert dates == (["March 9"] if source != "leading line" else [top.strip().replace("Tuesday, ", ""), "March 9"])


@pytest.mark.parametrize("top", [
    "An update2021-08-17 is no stamp\n",  # "date" inside a word
    "Agency sets its plan 2021-08-17 today\n",  # a date that does not end its line
    "2021-08-17\n",  # no word before it on the line
])
def test_look_alikes_of_the_date_and_line_end_stamps_date_nothing(engine, top):
    found = collect(engine, [top + BODY]).results[0]
    assert found.document.meta.date_source != "stamp"


def test_a_dateline_is_a_mention_that_takes_its_year_from_the_stamp(engine):
    text = " date 2022-11-09 Hydrogen plan\nSEOUL, Nov. 9 (Yonhap) -- The ministry said on Nov. 7 it would act.\n"
    (result,) = collect(engine, [text]).results
    dates = [(r["text"], r["norm"]["value"]) for r in result.rows if r["label"] == "DATE"]
    assert dates == [("Nov. 9", "2022-11-09"), ("Nov. 7", "2022-11-07")]
    dated = collect(engine, ["WASHINGTON, March 3, 2024 (AP) -- The plan starts this year.\n"]).results[0]
    assert (dated.document.date.iso(), dated.document.meta.date_source) == ("2024-03-03", "dateline")


def test_an_undated_document_keeps_its_dates_with_a_null_value(engine):
    rows = collect(engine, ["The minister spoke on June 27 and again this May about next year."]).rows
    assert [(r["label"], r["text"], r["norm"].get("value", r["norm"].get("start"))) for r in rows] == [
        ("DATE", "June 27", None), ("DATE", "this May", None), ("YEAR", "next year", None)]
    assert {r["doc_date_source"] for r in rows} == {"none"}


def test_user_dates_for_undated_documents_and_file_names_last(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Sales rose this year.\n", encoding="utf-8")
    (folder / "2019-04-02_b.txt").write_text("Sales rose this year.\n", encoding="utf-8")
    (folder / "c.txt").write_text("Published: 2015-01-05\nSales rose this year.\n", encoding="utf-8")
    (folder / "20180305-d.txt").write_text("Sales rose this year.\n", encoding="utf-8")
    dates = tmp_path / "dates.csv"
    dates.write_text("path,date\nb.txt,2001-01-01\n20180305-d.txt,2017-06-30\n", encoding="utf-8")

    def years(*options):
        out = tmp_path / "out.jsonl"
        result = runner.invoke(app, ["extract", str(folder), "--out", str(out), "-q", *options])
        assert result.exit_code == 0, result.output
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        return {r["doc"]: (r["norm"]["start"], r["doc_date_source"]) for r in rows}

    assert years() == {"2019-04-02_b.txt": (2019, "file name"), "20180305-d.txt": (2018, "file name"),
                       "a.txt": (None, "none"), "c.txt": (2015, "stamp")}
    assert years("--date", "2010-02-02") == {"2019-04-02_b.txt": (2010, "user"), "20180305-d.txt": (2010, "user"),
                                             "a.txt": (2010, "user"), "c.txt": (2015, "stamp")}
    assert years("--dates", str(dates))["20180305-d.txt"] == (2017, "user")
    as_json = tmp_path / "dates.json"
    as_json.write_text(json.dumps({"a.txt": "2012-12-12"}), encoding="utf-8")
    assert years("--dates", str(as_json), "--date", "2010-02-02")["a.txt"] == (2012, "user")
    bad = tmp_path / "bad.csv"
    bad.write_text("path,date\na.txt,12 May\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(folder), "--dates", str(bad)])
    assert result.exit_code == 2 and "bad.csv:2" in result.stderr


def test_the_manifest_lists_each_documents_date_and_source(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.txt").write_text("Posted on May 5, 2020\nMOTIE acts.\n", encoding="utf-8")
    assert runner.invoke(app, ["extract", str(tmp_path / "in"), "--out", f"{tmp_path / 'data'}/", "-q"]).exit_code == 0
    manifest = json.loads((tmp_path / "data" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"][0]["dates"] == [{"doc_id": "x.txt#1", "date": "2020-05-05", "date_source": "stamp",
                                                "lang": "en"}]


def test_the_api_dates_paths_too(tmp_path):
    from korea_tech import extract

    path = tmp_path / "n.txt"
    path.write_text("It grew this year.\n", encoding="utf-8")
    (row,) = extract(path, dates={"n.txt": "2016-01-01"})
    assert (row.norm["start"], row.doc_date_source) == (2016, "user")


def test_a_languages_stamps_are_read_where_its_script_is(tmp_path):
    """A stamp from rules/ko is looked for only in texts with Hangul (each stamp regex
    scans every text); the stamps of every language and of the default one, everywhere."""
    from korea_tech.engine import Engine

    (tmp_path / "ko").mkdir()
    (tmp_path / "ko" / "documents.yaml").write_text(
        "kind: documents\nstamps:\n  - {regex: '^@@\\s*{date}'}\n", encoding="utf-8")
    engine = Engine(rule_paths=[tmp_path])
    korean = collect(engine, ["@@ 2021.08.17\n정부는 올해 2조원을 투입한다.\n"]).results[0]
    english = collect(engine, ["@@ 2021.08.17\nThe agency will spend KRW 2 billion this year.\n"]).results[0]
    assert (korean.document.date.iso(), korean.document.meta.date_source) == ("2021-08-17", "stamp")
    assert english.document.date is None or english.document.meta.date_source != "stamp"
    built_in = collect(Engine(), ["2022.08.30 14:05 송고\nThe agency will spend KRW 2 billion this year.\n"]).results[0]
    assert built_in.document.date.iso() == "2022-08-30"  # Hangul in the text: Korean stamps read



_STAMP_WORDS = ["Published", ":", "date", "by", "Jane", "2021-08-17", "Aug. 17, 2021", "09:30", "\n", " ", "\t", "-",
                "•", "|", "X", "Registration date", "2024년 3월 11일", "입력", "기자", "3면"]


def _rule_file_stamps():
    """Every stamp regex of the built-in documents rules, as the reader compiles it."""
    import re
    from pathlib import Path

    import yaml

    from korea_tech.readers.dates import Templates

    rules = Path(__file__).resolve().parents[1] / "korea_tech" / "rules"
    common = yaml.safe_load((rules / "documents.yaml").read_text(encoding="utf-8"))
    for language in ("en", "ko"):
        config = {**common, **yaml.safe_load((rules / language / "documents.yaml").read_text(encoding="utf-8"))}
        templates = Templates(config)
        yield from (templates.compile(s["regex"]) for s in config["stamps"])
    yield re.compile(r"^\s*Published\s*\S+", re.M)  # a match that spans lines


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_STAMP_WORDS), max_size=30))
def test_line_led_stamps_tried_at_line_starts_find_what_finditer_finds(words):
    """A stamp that opens with ``^`` is tried at line starts only; it finds the matches
    re.finditer finds, for every such stamp of the rule files."""
    from korea_tech.regexes import line_led as _line_led, line_start_matches as _line_starts_matches

    text = "".join(words)
    for regex in filter(_line_led, _rule_file_stamps()):
        assert [m.span() for m in _line_starts_matches(regex, text)] == [m.span() for m in regex.finditer(text)]
