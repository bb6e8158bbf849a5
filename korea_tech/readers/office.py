"""Office files: Word (``.docx``) and Hangul (``.hwpx``; the binary ``.hwp`` is refused
with what to do instead).

A ``.docx`` is read with python-docx: its paragraphs in order, a table one row per line
with tab-separated cells (as the records' table reader reads them), the title and the
creation date from its core properties. A ``.hwpx`` (OWPML, the Korean government's
document format) is a zip of XML files: the standard library reads the text runs of each
section in order, and the title and date from its package metadata.
"""
from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from xml.etree import ElementTree

from ..document import InputError
from .extracted import Extracted, ExtractedReader


class DocxReader(ExtractedReader):
    name = "docx"
    suffixes = (".docx",)

    def extract(self, data: bytes, path: Path) -> Extracted:
        import docx
        from docx.opc.exceptions import PackageNotFoundError

        try:
            document = docx.Document(io.BytesIO(data))
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise InputError(f"not a readable .docx file ({exc})") from None
        blocks = []
        for block in _blocks(document):
            if block.strip():
                blocks.append(block)
        if not blocks:
            raise InputError("no text in the document")
        props = document.core_properties
        created = props.created.date() if isinstance(props.created, datetime) else None
        return Extracted("\n\n".join(blocks), title=props.title or None, date=created)


def _blocks(document):
    """Paragraphs and tables in the order of the body."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield Paragraph(child, document).text
        elif tag == "tbl":
            table = Table(child, document)
            yield "\n".join("\t".join(" ".join(c.text.split()) for c in row.cells) for row in table.rows)


_HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"


class HwpxReader(ExtractedReader):
    name = "hwpx"
    suffixes = (".hwpx",)

    def extract(self, data: bytes, path: Path) -> Extracted:
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise InputError("not a readable .hwpx file (not a zip archive)") from None
        sections = sorted((n for n in archive.namelist() if re.fullmatch(r"Contents/section\d+\.xml", n)),
                          key=lambda n: int(re.search(r"\d+", n.rsplit("/", 1)[1]).group()))
        if not sections:
            raise InputError("not a readable .hwpx file (no Contents/section*.xml)")
        paragraphs = []
        for name in sections:
            try:
                root = ElementTree.fromstring(archive.read(name))
            except ElementTree.ParseError as exc:
                raise InputError(f"broken XML in {name} ({exc})") from None
            for p in root.iter(f"{_HP}p"):
                text = "".join(t.text or "" for t in p.iter(f"{_HP}t"))
                if text.strip():
                    paragraphs.append(text)
        if not paragraphs:
            raise InputError("no text in the document")
        title, when = _hpf_metadata(archive)
        return Extracted("\n\n".join(paragraphs), title=title, date=when)


def _hpf_metadata(archive: zipfile.ZipFile) -> tuple[str | None, date | None]:
    """Title and date from Contents/content.hpf (OPF metadata), when it has them."""
    try:
        root = ElementTree.fromstring(archive.read("Contents/content.hpf"))
    except (KeyError, ElementTree.ParseError):
        return None, None
    title, when = None, None
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1].lower()
        value = (el.text or "").strip()
        if tag == "title" and value:
            title = value
        elif tag == "meta" and (el.get("name") or "").lower() in ("createddate", "date", "modifieddate") and not when:
            m = re.match(r"(\d{4})-(\d{2})-(\d{2})", (el.text or el.get("content") or "").strip())
            if m:
                when = date(int(m[1]), int(m[2]), int(m[3]))
    return title, when


class HwpReader:
    """The binary Hangul format: no maintained library reads it reliably, so it is refused
    with what to do instead (a reported error, never a silent skip)."""

    name = "hwp"
    suffixes = (".hwp",)

    def __init__(self, config: dict):
        pass

    def read(self, path: Path, shown: str):
        raise InputError("the binary .hwp format is not read: save it as .hwpx or .pdf from Hangul (or hwp5 tools)")
