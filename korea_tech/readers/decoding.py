"""Bytes -> text: the encodings policy texts come in, detected, and binary data refused."""
from __future__ import annotations

import codecs
import re

from ..document import InputError


class NotText(InputError):
    """The bytes are not a text document (a binary file)."""


# Share of undecodable bytes up to which a file is read as damaged UTF-8 rather than
# as another encoding.
MAX_REPLACED_SHARE = 0.01


# Bytes that text files do not hold (tab, line feed, form feed, carriage return do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"


def decode(data: bytes) -> tuple[str, str]:
    """Bytes -> (text, encoding used).

    UTF-8 (with or without BOM) and UTF-16 (BOM, or the NUL pattern of ASCII text) first;
    then Korean Windows files (CP949, a superset of EUC-KR) and Latin text (CP1252,
    Latin-1).  A mostly-UTF-8 file with a few bad bytes is read as UTF-8 with those bytes
    replaced by U+FFFD, and the encoding says how many (``utf-8, 3 bytes replaced``).
    Binary data raises NotText.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    sample = data[:4096]
    if sample and sample.count(0) > len(sample) // 4:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > len(sample) // 4 and even == 0:
            return data.decode("utf-16-le", errors="replace"), "utf-16-le"
        if even > len(sample) // 4 and odd == 0:
            return data.decode("utf-16-be", errors="replace"), "utf-16-be"
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if sample and controls > len(sample) // 10:
        raise NotText(f"binary file ({controls} control bytes in the first {len(sample)})")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    if bad <= max(1, len(data) * MAX_REPLACED_SHARE) and _looks_like_utf8(data):
        return replaced, f"utf-8, {bad} bytes replaced"
    for encoding in ("cp949", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _printable_share(text) > 0.95:
            return text, encoding
    return data.decode("latin-1"), "latin-1"


def _looks_like_utf8(data: bytes) -> bool:
    """Some valid multi-byte UTF-8 sequences: the file is UTF-8, damaged here and there."""
    return bool(re.search(rb"[\xc2-\xf4][\x80-\xbf]+", data)) or not re.search(rb"[\x80-\xff]{2,}", data)


def _printable_share(text: str) -> float:
    if not text:
        return 1.0
    printable = sum(ch.isprintable() or ch in "\n\r\t" for ch in text)
    return printable / len(text)
