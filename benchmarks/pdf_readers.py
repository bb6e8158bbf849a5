"""PDF library choice for ktech's PDF reader, by measurement.

    python benchmarks/pdf_readers.py [--pages 50]

Builds test PDFs with reportlab (a test-only dependency) in a temp folder: a 3-page
press release (running header, page numbers, a word hyphenated at a line end), a
two-column report page whose content stream runs *across* the columns line by line (the
hard case: stream order is not reading order), a table, footnotes, an encrypted PDF, a
scanned-like PDF (a drawn rectangle, no text) and an N-page document for speed.

Each candidate gives per page the text blocks it finds (a block: lines of one
paragraph); every candidate's blocks then go through the same clean-up as ktech's reader
(``korea_tech.readers.pdf.page_texts``: headers, footers and page numbers dropped,
hyphenated words joined, lines of a block joined), so the numbers compare the libraries,
not the clean-up. Printed per candidate:
- sentences: share of the expected sentences found verbatim and in order;
- leaked: header/footer/page-number lines left in the text;
- hyphen: "technology" rebuilt from "technol-/ogy" (and "K-Battery" kept);
- columns: the two-column page read column by column (each column's sentences whole);
- table / footnotes: rows and notes recovered;
- encrypted / scanned: what the library does (error raised, or empty text);
- pages/s: pages per second on the N-page document (best of 3), and the licence.
"""
from __future__ import annotations

import argparse
import logging
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from korea_tech.readers.pdf import join_pages, page_texts  # noqa: E402

HEADER = "MOTIE Press Release | Ministry of Trade, Industry and Energy"
PRESS_PAGES = [
    ["Korea to invest in next-generation batteries",
     "Seoul, March 11, 2024",
     "The Ministry of Trade, Industry and Energy (MOTIE) announced on Monday that it will invest KRW 117.2 billion won in the K-Battery programme.",
     "The investment supports solid-state battery technol-|ogy and new recycling plants in Ulsan and Pohang.",
     "MOTIE expects the first pilot lines to open by 2028."],
    ["The ministry will also fund 30 small suppliers with KRW 45 billion won over three years.",
     "Companies taking part must report their progress every six months.",
     "A review panel of experts will select the suppliers by June 2024."],
    ["MOTIE said exports of secondary batteries reached USD 9.8 billion last year.",
     "The government aims to raise that figure to USD 20 billion by 2030.",
     "For more information, contact the battery industry division."],
]
LEFT = ["Semiconductor output grew by ten percent in the first quarter.",
        "Memory chips led the growth while foundry sales were flat.",
        "Analysts expect the upturn to continue into the autumn."]
RIGHT = ["Display makers cut their investment plans for the year.",
         "Demand for large OLED panels remained weak in Europe.",
         "The ministry plans a support package for display suppliers."]
TABLE = [("Programme", "Amount"), ("K-Battery", "KRW 117.2 billion"), ("Smart Factory", "KRW 45.0 billion"),
         ("Hydrogen Valley", "KRW 30.5 billion")]
FOOTNOTES = ["The budget covers the years 2024 to 2028.1", "1 Figures are in current prices.",
             "2 Source: MOTIE budget office."]


def _lines(canvas, lines, x, y, width, size=11, lead=15):
    """Draw ``lines`` wrapped to ``width`` from (x, y) down; "|" forces a line break
    there (a word hyphenated at a line end). Returns the y below the last line."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for paragraph in lines:
        for part in paragraph.split("|"):
            line = ""
            for word in part.split():
                if line and stringWidth(f"{line} {word}", "Helvetica", size) > width:
                    canvas.drawString(x, y, line)
                    y, line = y - lead, word
                else:
                    line = f"{line} {word}".strip()
            canvas.drawString(x, y, line)
            y -= lead
        y -= lead  # paragraph gap
    return y


def _canvas(path, **kw):
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=(595, 842), **kw)
    c.setFont("Helvetica", 11)
    return c


def build_press(path: Path, pages=PRESS_PAGES, footer="- {n} -") -> None:
    c = _canvas(path)
    c.setTitle("Korea to invest in next-generation batteries")
    for n, body in enumerate(pages, 1):
        c.setFont("Helvetica", 9)
        c.drawString(72, 800, HEADER)
        c.drawCentredString(297, 40, footer.format(n=n, total=len(pages)))
        c.setFont("Helvetica", 11)
        _lines(c, body, 72, 750, 420)
        c.showPage()
    c.save()


def build_columns(path: Path) -> None:
    """Two columns drawn line by line across the page (left line, right line, ...)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def wrap(sentences):
        out = []
        for s in sentences:
            line = ""
            for w in s.split():
                if line and stringWidth(f"{line} {w}", "Helvetica", 11) > 210:
                    out.append(line)
                    line = w
                else:
                    line = f"{line} {w}".strip()
            out.append(line)
        return out

    c = _canvas(path)
    c.drawString(72, 780, "Industry Report: Chips and Displays")
    left, right = wrap(LEFT), wrap(RIGHT)
    for i in range(max(len(left), len(right))):
        y = 740 - 15 * i
        if i < len(left):
            c.drawString(72, y, left[i])
        if i < len(right):
            c.drawString(320, y, right[i])
    c.showPage()
    c.save()


def build_table(path: Path) -> None:
    c = _canvas(path)
    c.drawString(72, 780, "Budget by programme")
    for i, (name, amount) in enumerate(TABLE):
        y = 740 - 20 * i
        c.drawString(72, y, name)
        c.drawString(300, y, amount)
        c.line(70, y - 5, 450, y - 5)
    c.showPage()
    c.save()


def build_footnotes(path: Path) -> None:
    c = _canvas(path)
    c.drawString(72, 780, FOOTNOTES[0])
    c.line(72, 120, 200, 120)
    c.setFont("Helvetica", 8)
    c.drawString(72, 105, FOOTNOTES[1])
    c.drawString(72, 95, FOOTNOTES[2])
    c.showPage()
    c.save()


def build_encrypted(path: Path) -> None:
    c = _canvas(path, encrypt="secret")
    c.drawString(72, 780, "A confidential note about KRW 5 billion won.")
    c.showPage()
    c.save()


def build_scanned(path: Path) -> None:
    c = _canvas(path)
    c.setFillGray(0.6)
    c.rect(60, 100, 475, 650, fill=1)  # stands for a scanned page image
    c.showPage()
    c.save()


def build_long(path: Path, pages: int) -> None:
    body = PRESS_PAGES[0][2:] + PRESS_PAGES[1] + PRESS_PAGES[2]
    build_press(path, [body] * pages, footer="Page {n} of {total}")


# ---------------------------------------------------------------- the candidates
# Each returns, per page, a list of blocks (a block: a list of lines).

def pypdf_blocks(path):
    import pypdf

    reader = pypdf.PdfReader(str(path))
    if reader.is_encrypted:
        raise ValueError("encrypted")
    # no geometry from extract_text: each non-empty line is its own block
    return [[[ln] for ln in (p.extract_text() or "").splitlines() if ln.strip()] for p in reader.pages]


def pdfplumber_blocks(path):
    import pdfplumber

    out = []
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            blocks, last = [], None
            for line in page.extract_text_lines():
                # a gap taller than a line starts a new block (paragraph)
                if last is None or line["top"] - last["bottom"] > (last["bottom"] - last["top"]):
                    blocks.append([])
                blocks[-1].append(line["text"])
                last = line
            out.append(blocks)
    return out


def pdfminer_blocks(path):
    from korea_tech.readers.pdf import _blocks, _open  # ktech's reader: pdfminer.six layout analysis

    return list(_blocks(_open(Path(path).read_bytes())))


def pymupdf_blocks(path):
    import pymupdf

    out = []
    with pymupdf.open(str(path)) as doc:
        if doc.needs_pass:
            raise ValueError("encrypted")
        for page in doc:
            out.append([b[4].splitlines() for b in page.get_text("blocks", sort=False) if b[6] == 0])
    return out


CANDIDATES = {
    "pypdf": (pypdf_blocks, "BSD-3-Clause"),
    "pdfplumber": (pdfplumber_blocks, "MIT (+pdfminer.six MIT, pypdfium2 Apache/BSD)"),
    "pdfminer.six layout": (pdfminer_blocks, "MIT"),
    "pymupdf": (pymupdf_blocks, "AGPL-3.0 (or commercial)"),
}


# ---------------------------------------------------------------- the measures

def _text(blocks_per_page) -> str:
    return join_pages(page_texts(blocks_per_page))[0]


def _flat(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def in_order(expected, text) -> float:
    """Share of ``expected`` strings found in ``text`` (spaces normalised), each after the previous one found."""
    flat, at, found = _flat(text), 0, 0
    for e in expected:
        i = flat.find(_flat(e), at)
        if i >= 0:
            found, at = found + 1, i + len(_flat(e))
    return found / len(expected)


def measure(name, fn, folder: Path, long_pages: int) -> dict:
    row = {"library": name}
    try:
        press = _text(fn(folder / "press.pdf"))
        expected = [s.replace("-|", "") for page in PRESS_PAGES for s in page]
        row["sentences"] = f"{in_order(expected, press):.0%}"
        row["leaked"] = sum(press.count(x) for x in ("MOTIE Press Release", "- 1 -", "- 2 -", "- 3 -"))
        row["hyphen"] = "yes" if "technology" in press and "K-Battery" in press and "technol-" not in press else "no"
        cols = _text(fn(folder / "columns.pdf"))
        row["columns"] = f"{in_order(LEFT + RIGHT, cols):.0%}"
        table = _text(fn(folder / "table.pdf"))
        row["table"] = f"{in_order([f'{a} {b}' for a, b in TABLE], table):.0%}"
        row["footnotes"] = f"{in_order(FOOTNOTES, _text(fn(folder / 'footnotes.pdf'))):.0%}"
    except Exception as exc:  # a candidate that fails is reported, not fatal
        row["error"] = f"{type(exc).__name__}: {exc}"
    for kind in ("encrypted", "scanned"):
        try:
            row[kind] = f"text {len(_flat(_text(fn(folder / f'{kind}.pdf'))))} chars"
        except Exception as exc:
            row[kind] = f"raises {type(exc).__name__}"
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        fn(folder / "long.pdf")
        best = min(best, time.perf_counter() - start)
    row["pages/s"] = f"{long_pages / best:.0f}"
    row["licence"] = CANDIDATES[name][1]
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=50)
    args = ap.parse_args()
    logging.disable(logging.WARNING)  # libraries' warnings about odd PDFs are not results
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build_press(folder / "press.pdf")
        build_columns(folder / "columns.pdf")
        build_table(folder / "table.pdf")
        build_footnotes(folder / "footnotes.pdf")
        build_encrypted(folder / "encrypted.pdf")
        build_scanned(folder / "scanned.pdf")
        build_long(folder / "long.pdf", args.pages)
        rows = []
        for name, (fn, _) in CANDIDATES.items():
            try:
                __import__({"pdfminer.six layout": "pdfminer"}.get(name, name))
            except ImportError:
                print(f"{name}: not installed")
                continue
            rows.append(measure(name, fn, folder, args.pages))
    keys = list(dict.fromkeys(k for r in rows for k in r))
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for r in rows:
        print("| " + " | ".join(str(r.get(k, "")) for k in keys) + " |")


if __name__ == "__main__":
    main()
