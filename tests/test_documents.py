"""Files -> documents: listings split into items, dates and titles, offsets into the file."""
from __future__ import annotations

import codecs

import pytest

from korea_tech.readers import TextReader, decode, find_inputs, read_sources
from korea_tech.ruleset import load_rules

CONFIG = load_rules().documents


def read_documents(paths, config):
    """Sources and errors, as the engine reads them."""
    found, errors = find_inputs(paths)
    return list(read_sources(found, config, errors)), errors
LISTING = """-
Industry
First title about MOTIE
Body of the first item on May 22. date2024-05-24
-
Industry
Second title
Body of the second item. date2024-05-16
"""


def test_listing_is_split_into_items_with_their_own_dates_and_titles():
    docs = list(TextReader(CONFIG).split(LISTING, "x/listing.txt", "listing.txt"))
    assert [d.doc_id for d in docs] == ["listing.txt#1", "listing.txt#2"]
    assert [d.title for d in docs] == ["First title about MOTIE", "Second title"]
    assert [d.date.iso() for d in docs] == ["2024-05-24", "2024-05-16"]
    for d in docs:
        assert LISTING[d.offset:d.offset + len(d.text)] == d.text
        assert "date2024" not in d.text  # stamps are metadata, not text


def test_registration_date_dates_the_file():
    text = "- Registration date2024-03-11\n-\nAttached file\nMOTIE plans to act this year.\n"
    (doc,) = TextReader(CONFIG).split(text, "r.txt", "r.txt")
    assert doc.date.iso() == "2024-03-11" and doc.meta.date_source == "stamp"
    assert "Registration" not in doc.text and doc.text.endswith("this year.")


def test_leading_month_line_is_the_date_and_heading_the_title():
    text = "\n\nEuropean\nCommission\n\nJune 2021\n\n# A Report on Korea\n\nBody text.\n"
    (doc,) = TextReader(CONFIG).split(text, "r.md", "r.md")
    assert doc.date.iso() == "2021-06" and doc.date.precision == "month"
    assert doc.title == "A Report on Korea"


def test_a_document_with_no_date():
    (doc,) = TextReader(CONFIG).split("A title\n\nSome text in 2027.\n", "a.txt", "a.txt")
    assert doc.date is None and doc.title == "A title"


def test_decoding_with_and_without_bom():
    assert decode("Korea’s".encode("utf-8")) == ("Korea’s", "utf-8")
    assert decode(codecs.BOM_UTF8 + "Korea’s".encode("utf-8")) == ("Korea’s", "utf-8-sig")
    assert decode("Korea".encode("utf-16")) == ("Korea", "utf-16")


def test_folders_are_read_recursively_sorted_and_missing_paths_reported(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.md").write_text("Text two.", encoding="utf-8")
    (tmp_path / "one.txt").write_text("Text one.", encoding="utf-8")
    (tmp_path / "skip.xyz").write_text("a,b", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Not read.", encoding="utf-8")
    sources, errors = read_documents([tmp_path, tmp_path / "missing.txt"], CONFIG)
    assert [s.name for s in sources] == ["two.md", "one.txt"]  # sorted by path: b/two.md < one.txt
    assert [(e.path.rsplit("/", 1)[-1], e.reason.split(";")[0]) for e in errors] == [
        ("skip.xyz", "unsupported type .xyz"), ("missing.txt", "no such file or folder")]


def test_binary_file_is_an_error_not_a_crash(tmp_path):
    (tmp_path / "bad.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "good.txt").write_text("MOTIE", encoding="utf-8")
    sources, errors = read_documents([tmp_path], CONFIG)
    assert [s.name for s in sources] == ["good.txt"]
    assert len(errors) == 1 and errors[0].path.endswith("bad.txt") and "binary" in errors[0].reason


@pytest.mark.parametrize("data, text, encoding", [
    ("한국 정부는 KRW 5조를 투자한다".encode("cp949"), "한국 정부는 KRW 5조를 투자한다", "cp949"),
    ("Café, 5 € de plus".encode("cp1252"), "Café, 5 € de plus", "cp1252"),
    ("MOTIE plans".encode("utf-16-le"), "MOTIE plans", "utf-16-le"),
    (("Korea’s plan. " * 40).encode() + b"\xff!", ("Korea’s plan. " * 40) + "\ufffd!", "utf-8, 1 bytes replaced"),
])
def test_other_encodings_are_detected_and_recorded(data, text, encoding):
    assert decode(data) == (text, encoding)


def test_broken_symlink_is_reported(tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    sources, errors = read_documents([tmp_path], CONFIG)
    assert sources == [] and [e.reason for e in errors] == ["broken symbolic link"]
