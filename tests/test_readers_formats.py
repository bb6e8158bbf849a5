"""One press release as a researcher may hold it -- plain text, a saved web page, a Word file, a
Hangul .hwpx, a PDF, a record of a JSON Lines, CSV or Parquet corpus -- gives the same mentions,
each with its provenance; broken files are reported and the rest read. Through the CLI."""
from __future__ import annotations

import json
import zipfile
from datetime import datetime

import pytest
from typer.testing import CliRunner

from korea_tech.cli import app

TITLE = "MOTIE to invest KRW 1.5 trillion in robots"
BODY = [
    "The Ministry of Trade, Industry and Energy (MOTIE) said on March 11 that it will invest KRW 1.5 trillion "
    "in the K-Robot Strategy by 2030.",
    "The plan is to train 5,000 robot engineers and to build 20 test beds over the next five years.",
    "Of the total, 600 billion won will go to research on reduction gears and sensors.",
]
DATE = "2024-03-11"


def _html() -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{TITLE} | Robot Daily</title>"
            f"<meta property='article:published_time' content='{DATE}T09:00:00+09:00'>"
            "<link rel='canonical' href='https://robots.example.org/motie-robots'></head><body>"
            "<header><nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/about'>About us</a></nav></header>"
            "<aside><h3>Most read</h3><ul><li>Exports fall in 2019 as chip prices slide</li></ul></aside>"
            f"<main><article><h1>{TITLE}</h1>{paragraphs}</article></main>"
            "<footer>Copyright 2024 Robot Daily. Privacy policy.</footer></body></html>")


def _docx(path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading(TITLE, level=1)
    for p in BODY:
        document.add_paragraph(p)
    document.core_properties.title = TITLE
    document.core_properties.created = datetime(2024, 3, 11, 9, 0)
    document.save(path)


def _hwpx(path):
    ns = "http://www.hancom.co.kr/hwpml/2011/paragraph"
    paragraphs = "".join(f'<hp:p><hp:run><hp:t>{t}</hp:t></hp:run></hp:p>' for t in [TITLE, *BODY])
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/hwp+zip")
        z.writestr("Contents/content.hpf", '<?xml version="1.0" encoding="UTF-8"?><opf:package '
                                           'xmlns:opf="http://www.idpf.org/2007/opf/"><opf:metadata>'
                                           f'<opf:title>{TITLE}</opf:title><opf:meta name="CreatedDate" '
                                           f'content="text">{DATE}T09:00:00Z</opf:meta></opf:metadata>'
                                           '</opf:package>')
        z.writestr("Contents/section0.xml", f'<?xml version="1.0" encoding="UTF-8"?><hs:sec '
                                            f'xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" '
                                            f'xmlns:hp="{ns}">{paragraphs}</hs:sec>')


def _pdf(path):
    """The release as a PDF with a running header and page numbers (as a printed page)."""
    pytest.importorskip("reportlab")
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()

    def furniture(canvas, doc):
        canvas.setFont("Helvetica", 8)
        canvas.drawString(72, 810, "Robot Daily | Industry news")
        canvas.drawCentredString(297, 30, str(doc.page))

    doc = SimpleDocTemplate(str(path), title=TITLE, invariant=1,
                            creator="ktech tests", pagesize=(595, 842))
    story = [Paragraph(TITLE, styles["Heading1"]), *[Paragraph(p, styles["BodyText"]) for p in BODY]]
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    text = TITLE + "\n\n" + "\n\n".join(BODY) + "\n"
    (folder / "release.txt").write_text("Published : 2024-03-11 09:00\n\n" + text, encoding="utf-8")
    (folder / "release.html").write_text(_html(), encoding="utf-8")
    _docx(folder / "release.docx")
    _hwpx(folder / "release.hwpx")
    _pdf(folder / "release.pdf")
    records = [{"id": "r-17", "url": "https://robots.example.org/motie-robots", "date": DATE, "title": TITLE,
                "text": text}, {"id": "r-18", "date": "2024-03-12", "title": "Other", "text": "No amounts here."}]
    (folder / "corpus.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n{broken json\n",
                                         encoding="utf-8")
    return folder


def extract(*args):
    result = CliRunner().invoke(app, ["extract", *map(str, args), "--format", "jsonl", "--errors", "-"])
    return result


def mentions(rows, doc):
    return sorted({(r["label"], r["text"], json.dumps(r["norm"], sort_keys=True)) for r in rows if r["doc"] == doc})


def test_the_same_release_in_every_format_gives_the_same_mentions(corpus):
    # a PDF made here carries no date of its own: give it the release's, as a researcher would
    dates = corpus.parent / "dates.csv"
    dates.write_text(f"path,date\nrelease.pdf,{DATE}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(corpus), "--format", "jsonl", "--dates", str(dates)])
    assert result.exit_code == 0, result.output  # one broken record: reported, the rest read
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    reference = mentions(rows, "release.txt")
    assert ("MONEY", "KRW 1.5 trillion") in {r[:2] for r in reference}
    for doc in ("release.html", "release.docx", "release.hwpx", "release.pdf", "corpus.jsonl"):
        assert mentions(rows, doc) == reference, doc
    assert {r["page"] for r in rows if r["doc"] == "release.pdf"} == {1}
    by_doc = {r["doc_id"]: r for r in rows}
    web = by_doc["release.html#1"]
    assert (web["doc_date"], web["doc_date_source"], web["url"]) == (DATE, "metadata",
                                                                      "https://robots.example.org/motie-robots")
    record = by_doc["corpus.jsonl#r-17"]
    assert (record["record"], record["doc_date_source"], record["url"]) == ("r-17", "field",
                                                                            "https://robots.example.org/motie-robots")
    assert not [r for r in rows if r["doc"] == "release.html" and "2019" in r["text"]]  # the sidebar is no text
    assert "corpus.jsonl#3: line 3: broken JSON" in result.output


def test_offsets_index_the_text_ktech_text_prints(corpus):
    runner = CliRunner()
    rows = [json.loads(line) for line in runner.invoke(app, ["extract", str(corpus / "release.html"),
                                                             "--format", "jsonl"]).stdout.splitlines()]
    text = runner.invoke(app, ["text", str(corpus / "release.html")]).stdout
    assert rows and all(text[r["start"]:r["end"]] == r["text"] for r in rows)
    record = runner.invoke(app, ["text", str(corpus / "corpus.jsonl"), "--record", "r-17"]).stdout
    rows = [json.loads(line) for line in runner.invoke(app, ["extract", str(corpus / "corpus.jsonl"),
                                                             "--format", "jsonl"]).stdout.splitlines()
            if line.startswith("{")]
    assert all(record[r["start"]:r["end"]] == r["text"] for r in rows if r["record"] == "r-17")


def test_corpus_fields_by_name_or_by_option(tmp_path):
    path = tmp_path / "scraped.csv"
    path.write_text("article_id,published,headline,body\n7,2023-06-01,Budget,\"MSIT will spend KRW 2 trillion "
                    "on AI this year.\"\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path), "--format", "jsonl", "--id-field", "article_id",
                                      "--date-field", "published", "--text-field", "body"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    this_year = next(r for r in rows if r["text"] == "this year")
    assert (this_year["doc_id"], this_year["norm"]["start"], this_year["doc_date_source"]) == ("scraped.csv#7", 2023,
                                                                                               "field")
    missing = CliRunner().invoke(app, ["extract", str(path), "--text-field", "nope"])
    assert missing.exit_code == 2 and "--text-field" in missing.output


def test_bad_files_are_reported_and_the_rest_read(tmp_path):
    (tmp_path / "good.txt").write_text("MOTIE will invest KRW 1 trillion in 2025.", encoding="utf-8")
    (tmp_path / "empty.html").write_text("<html><head><title>x</head><body><p>unclosed", encoding="utf-8")
    (tmp_path / "old.hwp").write_bytes(b"\xd0\xcf\x11\xe0binary")
    (tmp_path / "fake.docx").write_bytes(b"not a zip")
    (tmp_path / "notes.xyz").write_text("?", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(tmp_path), "--format", "jsonl"])
    assert result.exit_code == 0
    assert CliRunner().invoke(app, ["extract", str(tmp_path), "--strict", "-q"]).exit_code == 1
    assert {json.loads(x)["doc"] for x in result.stdout.splitlines() if x.startswith("{")} == {"good.txt"}
    for name, cause in (("empty.html", "no readable text"), ("old.hwp", ".hwpx or .pdf"),
                        ("fake.docx", "not a readable .docx"), ("notes.xyz", "unsupported type .xyz")):
        assert name in result.output and cause in result.output, name
