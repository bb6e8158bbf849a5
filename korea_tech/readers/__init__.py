"""Sources -> Documents: a registry of readers, one per input format.

``find_inputs`` walks the paths given (folders recursively, in path order, hidden files
and folders left out) and keeps the files some reader takes; a file no reader takes is
reported (``unsupported type .docx``), never dropped silently. A file named explicitly
whose type no reader claims is read as plain text if its bytes are text.

Adding a format is a small change: a class with ``name``, ``suffixes``, ``__init__(config)``
(``config`` is rules/documents.yaml) and ``read(path, shown) -> Source``, registered
with ``register``.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..document import InputError, ReadError, Source
from .decoding import NotText, decode
from .corpus import CorpusReader
from .html import HtmlReader
from .office import DocxReader, HwpReader, HwpxReader
from .pdf import PdfReader
from .text import TextReader

__all__ = ["TextInput", "register", "reader_names", "find_inputs", "read_sources", "decode", "NotText",
           "TextReader", "ReadError", "Source"]

_READERS: dict[str, type] = {}  # suffix -> reader class


def register(reader: type) -> type:
    for suffix in reader.suffixes:
        _READERS[suffix.lower()] = reader
    return reader


register(TextReader)
register(HtmlReader)
register(CorpusReader)
register(DocxReader)
register(HwpxReader)
register(HwpReader)
register(PdfReader)


def reader_names() -> dict[str, str]:
    """suffix -> reader name, for help texts and the README."""
    return {suffix: cls.name for suffix, cls in sorted(_READERS.items())}


@dataclass(frozen=True)
class TextInput:
    """A text given as a string (the Python API, ``ktech explain``): read as a text file."""

    text: str
    name: str = "<text>"


def find_inputs(paths: Iterable[str | Path | TextInput]) -> tuple[list[Path | TextInput], list[ReadError]]:
    """The inputs to read, in order (files sorted by path, texts after), and the paths
    that cannot be read or that no reader takes."""
    files: list[Path] = []
    texts: list[TextInput] = []
    errors: list[ReadError] = []
    for raw in paths:
        if isinstance(raw, TextInput):
            texts.append(raw)
            continue
        path = Path(raw)
        if path.is_dir():
            for p in sorted(_walk(path), key=lambda p: p.as_posix()):
                if p.is_symlink() and not p.exists():
                    errors.append(ReadError(p.as_posix(), "broken symbolic link"))
                elif not p.is_file():
                    continue
                elif p.suffix.lower() in _READERS:
                    files.append(p)
                else:
                    errors.append(ReadError(p.as_posix(), f"unsupported type {p.suffix.lower() or '(no extension)'}; "
                                                          f"readers take {', '.join(sorted(_READERS))}"))
        elif path.is_file():
            files.append(path)
        elif path.is_symlink():
            errors.append(ReadError(path.as_posix(), "broken symbolic link"))
        else:
            errors.append(ReadError(path.as_posix(), "no such file or folder"))
    unique = sorted(dict.fromkeys(files), key=lambda p: p.as_posix())
    return [*unique, *texts], errors


def _walk(folder: Path) -> Iterator[Path]:
    """Everything below ``folder`` except hidden files and folders (.git, .DS_Store)."""
    for p in folder.rglob("*"):
        if not any(part.startswith(".") for part in p.relative_to(folder).parts):
            yield p


def read_sources(inputs: Iterable[Path | TextInput], config: dict, errors: list[ReadError],
                 on_error: Callable[[ReadError], None] | None = None) -> Iterator[Source]:
    """Each input read into a Source, in order; one that cannot be read becomes a
    ReadError in ``errors`` and the rest go on."""
    readers: dict[type, object] = {}

    def reader(cls):
        if cls not in readers:
            readers[cls] = cls(config)
        return readers[cls]

    for item in inputs:
        if isinstance(item, TextInput):
            yield reader(TextReader).source(item.text, item.name, item.name)
            continue
        cls = _READERS.get(item.suffix.lower(), TextReader)
        try:
            source = reader(cls).read(item, item.as_posix())
        except (OSError, UnicodeDecodeError, InputError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            error = ReadError(item.as_posix(), reason)
            errors.append(error)
            if on_error:
                on_error(error)
            continue
        for problem in source.problems:  # a broken record: reported, the others read
            errors.append(problem)
            if on_error:
                on_error(problem)
        yield source
