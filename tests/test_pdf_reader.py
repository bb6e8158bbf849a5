"""The PDF reader: text in reading order without running headers and page numbers,
hyphenated words joined, page offsets, metadata, mentions with their page, and a clear
error for encrypted, scanned and broken files."""
from __future__ import annotations

from datetime import date

import pytest

pytest.importorskip("reportlab")
pytest.importorskip("pdfminer")

from korea_tech.document import InputError  # noqa: E402
from korea_tech.engine import Engine, Options, RunLog  # noqa: E402
from korea_tech.readers import register  # noqa: E402
from korea_tech.readers.pdf import PdfReader, page_texts  # noqa: E402

PAGES = [
    ["Korea to invest in next-generation batteries",
     "Seoul, March 11, 2024",
     "The Ministry of Trade, Industry and Energy (MOTIE) will invest KRW 117.2 billion won",
     "in the K-Battery programme by 2028. It supports solid-state battery technol-",
     "ogy and recycling plants in Ulsan."],
    ["The ministry will also fund small suppliers with KRW 45 billion won."],
    ["MOTIE said exports of batteries reached USD 9.8 billion last year."],
]


def _press(path, pages=PAGES, **kw):
    """One line per string, a paragraph gap only before a line that starts with a capital."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=(595, 842), invariant=1, **kw)
    c.setTitle("Korea to invest in next-generation batteries")
    for n, lines in enumerate(pages, 1):
        c.setFont("Helvetica", 9)
        c.drawString(72, 800, "MOTIE Press Release | Ministry of Trade, Industry and Energy")
        c.drawCentredString(297, 40, f"- {n} -")
        c.setFont("Helvetica", 11)
        y = 750
        for line in lines:
            y -= 15 if line[:1].islower() else 30  # a wider gap starts a paragraph
            c.drawString(72, y, line)
        c.showPage()
    c.save()
    return path


@pytest.fixture(scope="module")
def press(tmp_path_factory):
    return _press(tmp_path_factory.mktemp("pdf") / "press.pdf")


def test_text_in_order_without_headers_and_page_numbers(press):
    found = PdfReader({}).extract(press.read_bytes(), press)
    text = found.text
    assert "MOTIE Press Release" not in text and "- 1 -" not in text and "- 3 -" not in text
    assert "solid-state battery technology and recycling plants" in text
    assert "K-Battery programme" in text
    assert "KRW 117.2 billion won in the K-Battery" in text  # a wrapped sentence is one line
    first, second, third = (text.index(s) for s in ("Seoul, March 11", "fund small suppliers", "USD 9.8 billion"))
    assert first < second < third
    assert found.pages[0] == 0 and len(found.pages) == 3
    assert text[found.pages[1]:].startswith("The ministry will also fund")
    assert text[found.pages[2]:].startswith("MOTIE said exports")
    assert text[found.pages[1] - 2:found.pages[1]] == "\n\n"
    assert found.title == "Korea to invest in next-generation batteries"
    assert found.date == date(2000, 1, 1)  # reportlab's invariant /CreationDate


def test_running_lines_and_hyphens():
    bodies = ["A hyphen-", "ated word.", "Chips.", "Ships.", "Cars."]
    pages = [[["Annual Report 2024"], [bodies[n], bodies[n + 1]], [f"Page {n + 1} of 4"]] for n in range(4)]
    texts = page_texts(pages)
    assert all("Annual Report" not in t and "of 4" not in t for t in texts)
    assert texts[0] == "A hyphenated word."
    # a single page has no running header; a real hyphen before a capital stays
    assert page_texts([[["Title"], ["the K-", "Battery plan"]]]) == ["Title\nthe K-Battery plan"]


def test_engine_rows_have_their_page(press):
    register(PdfReader)  # the registry is wired elsewhere; the test registers it itself
    log = RunLog()
    results = list(Engine().run([str(press)], Options(), None, log))
    rows = [r for res in results for r in res.rows]
    page: dict = {}
    for r in rows:  # where each mention is first found
        page.setdefault((r["label"], r["text"]), r["page"])
    assert page[("MINISTRY", "MOTIE")] == 1
    assert page[("MONEY", "KRW 117.2 billion won")] == 1
    assert page[("MONEY", "KRW 45 billion won")] == 2
    assert page[("MONEY", "USD 9.8 billion")] == 3
    meta = results[0].document.meta  # the text gives no date here: the PDF's /CreationDate does
    assert (meta.date.value, meta.date_source) == (date(2000, 1, 1), "metadata")
    assert meta.title == "Korea to invest in next-generation batteries" and len(meta.pages) == 3


def test_encrypted_scanned_and_broken_files_say_why(tmp_path):
    from reportlab.pdfgen import canvas

    config = Engine().rules.documents
    encrypted = _press(tmp_path / "locked.pdf", encrypt="secret")
    with pytest.raises(InputError, match="^encrypted PDF"):
        PdfReader(config).read(encrypted, str(encrypted))

    scanned = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(scanned))
    c.rect(60, 100, 475, 650, fill=1)  # stands for the page image
    c.showPage()
    c.save()
    with pytest.raises(InputError, match=r"no text layer \(a scanned PDF\?\); run OCR first"):
        PdfReader(config).read(scanned, str(scanned))

    broken = tmp_path / "broken.pdf"
    broken.write_bytes(encrypted.read_bytes()[:300])
    with pytest.raises(InputError, match="broken PDF"):
        PdfReader({}).read(broken, str(broken))
