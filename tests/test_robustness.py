"""Bad, big and odd input: reported, never a crash, never a change to the good files' output."""
from __future__ import annotations

import os
import shutil
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from korea_tech.normalise import NotAMention
from korea_tech.readers import NotText, TextInput, TextReader, decode
from korea_tech.ruleset import RuleError, load_rules

from .conftest import SEEDS, collect

CONFIG = load_rules().documents
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
POLICY_WORDS = ["KRW", "won", "$", "€", "trillion", "bn", "by", "2030", "since", "1999", "May", "March 3-5",
                "Ministry", "of", "Trade", "MOTIE", "(MSP)", "Strategy", "Plan", "-", "\t", "\n", "this year",
                "over", "5", "years", "1.1", "tln", "<sup>", "</sup>", "Korea’s", "(", ")", "20", "percent"]


@FUZZ
@given(st.lists(st.sampled_from(POLICY_WORDS) | st.text(string.printable, max_size=6), max_size=60))
def test_random_text_never_raises_and_offsets_slice_the_text(engine, words):
    text = " ".join(words)
    for row in collect(engine, [TextInput(text)]).rows:
        assert text[row["start"]:row["end"]] == row["text"]


@FUZZ
@given(st.binary(max_size=2048))
def test_random_bytes_decode_or_say_not_text(data):
    try:
        text, encoding = decode(data)
    except NotText:
        return
    assert isinstance(text, str) and encoding
    for d in TextReader(CONFIG).split(text, "f.txt", "f.txt"):
        assert text[d.offset:d.offset + len(d.text)] == d.text


@FUZZ
@given(st.text(max_size=300))
def test_random_rule_files_load_or_say_where_they_are_bad(tmp_path_factory, content):
    folder = tmp_path_factory.mktemp("rules")
    (folder / "r.yaml").write_text(content, encoding="utf-8")
    (folder / "p.jsonl").write_text(content, encoding="utf-8")
    try:
        load_rules([folder])
    except RuleError as exc:
        assert "r.yaml" in str(exc) or "p.jsonl" in str(exc)


@FUZZ
@given(st.text(max_size=40))
def test_normalisers_raise_only_not_a_mention(engine, text):
    normalisers = engine.pipeline("en").builder.normalise
    money, years, dates, durations = (normalisers[label].parser for label in ("MONEY", "YEAR", "DATE", "DURATION"))
    for parse in (money.parse, lambda t: years.parse(t, None), lambda t: dates.parse(t, None), durations.parse):
        try:
            parse(text)
        except NotAMention:
            pass


def test_crlf_offsets_point_at_the_right_characters(engine, tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"A title\r\n\r\nMOTIE will invest KRW 5 billion by 2030.\r\nMixed\rendings\n on May 3, 2024.\r\n")
    result = collect(engine, [path])
    text = path.read_bytes().decode("utf-8")
    assert {r["label"] for r in result.rows} >= {"MINISTRY", "MONEY", "YEAR", "DATE"}
    for row in result.rows:
        assert text[row["start"]:row["end"]] == row["text"]


def test_bad_neighbours_change_nothing_for_the_seeds(engine, tmp_path, monkeypatch):
    import korea_tech.engine

    monkeypatch.setattr(korea_tech.engine, "MAX_PART_CHARS", 5_000)  # long.txt is read in parts
    clean = collect(engine, [SEEDS]).rows
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder / "seeds")
    bad = folder / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 16)
    (bad / "nul.txt").write_bytes(b"MOTIE\x00 plans KRW 1 trillion\x00 by 2030.")
    (bad / "utf16.txt").write_bytes("MOTIE will spend KRW 2 trillion.".encode("utf-16"))
    (bad / "cp949.txt").write_bytes("산업통상자원부 MOTIE 2024".encode("cp949"))
    (bad / "latin1.md").write_bytes("Caf\xe9 budget: \xa35m in 2020.".encode("latin-1"))
    (bad / "control.txt").write_bytes(b"A\x07B\x1bC 2025 by 2030 " * 10)
    (bad / "mixed.txt").write_bytes(b"one\r\ntwo\rthree\nKRW 5 bn by 2030")
    (bad / "broken.txt").symlink_to(bad / "nowhere.txt")
    locked = bad / "locked.txt"
    locked.write_text("KRW 1 trillion", encoding="utf-8")
    locked.chmod(0)
    (bad / "long.txt").write_text("KRW 1 trillion by 2030 and more words here. " * 1_000, encoding="utf-8")
    try:
        result = collect(engine, [folder, tmp_path / "does-not-exist"])
    finally:
        locked.chmod(0o644)
    def without_path(rows):
        return [{k: v for k, v in r.items() if k != "path"} for r in rows]

    assert without_path(r for r in result.rows if "/seeds/" in r["path"]) == without_path(clean)
    reasons = {os.path.basename(e.path): e.reason for e in result.log.errors}
    assert "binary" in reasons["binary.txt"] and reasons["broken.txt"] == "broken symbolic link"
    assert reasons["does-not-exist"] == "no such file or folder"
    if os.geteuid() != 0:  # root reads anything
        assert "locked.txt" in reasons
    long_rows = [r for r in result.rows if r["doc"] == "long.txt"]
    assert len(long_rows) == 2 * 1_000


def test_streamed_rows_come_in_file_order_however_files_are_cut(engine, tmp_path, monkeypatch):
    """Batches and parts cut files anywhere; rows still come file by file, each file's in
    row order, and the same with two worker processes."""
    import korea_tech.engine
    from korea_tech.executors import ProcessExecutor

    def row_order(row):
        return row["start"], row["label"], row["end"]

    monkeypatch.setattr(korea_tech.engine, "MAX_PART_CHARS", 3_000)
    monkeypatch.setattr(korea_tech.engine, "BATCH_CHARS", 7_000)
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder / "seeds")
    (folder / "long.txt").write_text("MOTIE will invest KRW 1 trillion by 2030 from May 3, 2024. " * 400,
                                     encoding="utf-8")
    rows = collect(engine, [folder]).rows
    paths = list(dict.fromkeys(r["path"] for r in rows))
    assert len(paths) == 6
    for path in paths:
        mine = [r for r in rows if r["path"] == path]
        assert mine == sorted(mine, key=row_order)
    assert [r["path"] for r in rows] == [p for p in paths for r in rows if r["path"] == p]
    assert sum(r["doc"] == "long.txt" for r in rows) == 4 * 400
    assert collect(engine, [folder], ProcessExecutor(2)).rows == rows


# Hostile shapes: behaviour, not time (make bench times them against prose).

def test_a_word_longer_than_longest_word_is_read_in_pieces(engine):
    nlp = engine.pipeline("en").nlp
    word = "(" * 1500 + "x" * 700 + ")" * 1500
    doc = nlp(f"KRW 5 billion {word} in 2024")
    assert "".join(t.text_with_ws for t in doc) == f"KRW 5 billion {word} in 2024"
    assert max(len(t) for t in doc) <= engine.rules.language("en").tokenizer["longest_word"]
    plain = nlp("KRW 5 billion ((x)) in 2024")
    assert [t.text for t in plain] == ["KRW", "5", "billion", "(", "(", "x", ")", ")", "in", "2024"]


def test_a_long_run_of_capitalised_words_still_gives_names_and_amounts(engine):
    run = "The Korea Science Technology Industry Plan Strategy Fund " * 400
    text = f"The ministry will invest KRW 5 billion. {run}\nIt spends KRW 2 trillion on the Digital New Deal in 2024."
    rows = collect(engine, [TextInput(text)]).rows
    labels = {(r["label"], r["text"]) for r in rows}
    assert ("MONEY", "KRW 5 billion") in labels and ("MONEY", "KRW 2 trillion") in labels
    assert ("YEAR", "2024") in labels
    names = [r for r in rows if r["label"] == "PROGRAMME" and r["start"] > len("The ministry will invest KRW 5 billion. ")]
    assert names and all(len(r["text"].split()) <= 24 for r in names)
    assert all(text[r["start"]:r["end"]] == r["text"] for r in rows)


def test_a_row_in_a_sentence_without_end_carries_its_line_not_the_table(engine):
    table = "".join(f"{i}\tMinistry of Science and ICT\t{1990 + i % 30}\tKRW {i % 9 + 1}.5 billion\n"
                    for i in range(300))
    rows = collect(engine, [TextInput(table)]).rows
    assert len(rows) >= 900
    assert all(len(r["sentence"]) <= 100 and r["text"] in r["sentence"] for r in rows)
    line = next(r for r in rows if r["label"] == "MONEY" and r["start"] > 100)
    assert line["sentence"].split()[-2:] == line["text"].split()[-2:]


def test_words_around_a_mention_in_an_endless_line_are_whole_words(engine):
    words = " ".join(f"word{i}" for i in range(1500))
    text = f"{words} the Ministry of Science and ICT {words}"
    row = next(r for r in collect(engine, [TextInput(text)]).rows if r["label"] == "MINISTRY")
    assert "Ministry of Science and ICT" in row["sentence"] and len(row["sentence"]) < 2100
    assert all(w.startswith("word") or w in "the Ministry of Science and ICT".split() for w in row["sentence"].split())
    assert all(w in text.split() for w in row["sentence"].split())


@pytest.mark.parametrize("text, sentences", [
    ("Fund A\tKRW 5 billion\nFund B\tKRW 6 billion\n", ["Fund A\tKRW 5 billion\n", "Fund B\tKRW 6 billion\n"]),
    ("Budget\n\nthe ministry said", ["Budget\n\n", "the ministry said"]),
    ("The plan will help create a\n250 billion won fund", ["The plan will help create a\n250 billion won fund"]),
    ("It grew,\n\nand then", ["It grew,\n\n", "and then"]),  # a blank line ends even a wrapped line
    ("Total\tKRW 5 billion\tin 2024", ["Total\tKRW 5 billion\tin 2024"]),  # a tab ends nothing
    # a row that ends in a lowercase word runs on into no other row, nor prose into a row
    ("1\tFund A\tKRW 5 billion\n2\tFund B\tKRW 6 billion\n",
     ["1\tFund A\tKRW 5 billion\n", "2\tFund B\tKRW 6 billion\n"]),
    ("The plan will help create a\n250\tbillion won", ["The plan will help create a\n", "250\tbillion won"]),
    # a tab that indents a line or ends one (an empty last cell) makes no row of it
    ("\tThe plan will help create a\n250 billion won fund", ["\tThe plan will help create a\n250 billion won fund"]),
    ("The plan will help create a\t\n250 billion won fund", ["The plan will help create a\t\n250 billion won fund"]),
])
def test_line_breaks_start_sentences_unless_prose_was_wrapped(engine, text, sentences):
    doc = engine.pipeline("en").nlp(text)
    assert [s.text_with_ws for s in doc.sents] == sentences
