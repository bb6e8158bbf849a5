"""The library: ``from korea_tech import extract, records`` on texts or paths.

    >>> from korea_tech import extract
    >>> [m.text for m in extract("MOTIE will invest KRW 1.5 trillion by 2030.", date="2024-05-08")]
    ['MOTIE', 'KRW 1.5 trillion', '2030']

Both run the same engine as the CLI and return its rows (``Row``: a dict in the row
type's field order, with attribute access and ``.to_dict()``). A string is a path if it
names an existing file or folder, an error if it looks like a path that does not exist
(no spaces, and a final folder separator or a document's extension), and a text
otherwise (always when it holds a line break); ``text=`` and ``path=`` say which
explicitly. ``date=`` (YYYY-MM-DD) dates every document that carries
no date of its own, texts and files alike.
"""
from __future__ import annotations

import re
from datetime import date as _date
from pathlib import Path
from typing import Iterable, Optional, Union

Source = Union[str, Path]
_ENGINES: dict[tuple, object] = {}
# A string with no spaces ending in a folder separator or a document's extension names a
# path, not a text: if it does not exist that is an error, not a text with no mentions.
_LOOKS_LIKE_PATH = re.compile(r"^\S*(?:[/\\]|\.(?:txt|md|html?|pdf|jsonl?|ndjson|csv|tsv|parquet|docx?|hwpx?|xml))$",
                              re.IGNORECASE)


def _engine(rules: Iterable[Source] = ()):
    from .engine import Engine

    key = tuple(str(Path(r).resolve()) for r in rules)
    if key not in _ENGINES:
        _ENGINES[key] = Engine(rule_paths=key)
    return _ENGINES[key]


def _inputs(source, text, path) -> list:
    from .readers import TextInput

    inputs: list = []
    texts = [text] if isinstance(text, str) else list(text or [])
    paths = [path] if isinstance(path, (str, Path)) else list(path or [])
    given = [] if source is None else [source] if isinstance(source, (str, Path)) else list(source)
    for item in given:
        if isinstance(item, Path) or ("\n" not in item and _exists(item)):
            paths.append(item)
        elif _LOOKS_LIKE_PATH.match(item):
            raise FileNotFoundError(f"no such file or folder: {item!r} (to read the string itself, pass text=...)")
        else:
            texts.append(item)
    for p in paths:
        if not Path(p).exists():
            raise FileNotFoundError(f"no such file or folder: {str(p)!r}")
        inputs.append(Path(p))
    inputs += [TextInput(t, f"<text {n}>") for n, t in enumerate(texts, start=1)]
    if not inputs:
        raise ValueError("nothing to read: give a text or a path")
    return inputs


def _exists(name: str) -> bool:
    try:
        return Path(name).exists()
    except (OSError, ValueError):  # too long for a file name, a NUL byte: a text
        return False


def _options(date, labels=None, records=False, lang=None, dates=None):
    from .document import DocDate
    from .engine import Options
    from .ruleset import LABELS

    anchor = DocDate(_date.fromisoformat(date), "day") if date else None
    per_doc = {str(k): DocDate(_date.fromisoformat(v), "day") for k, v in (dates or {}).items()}
    wanted = frozenset(LABELS if labels is None else (label.upper() for label in labels))
    return Options(labels=wanted, records=records, date=anchor, dates=per_doc, lang=lang)


def _run(source, text, path, options, rules):
    from .engine import RunLog

    log = RunLog()
    results = list(_engine(rules).run(_inputs(source, text, path), options, log=log))
    if log.errors and not log.read_anything:
        raise OSError("; ".join(f"{e.path}: {e.reason}" for e in log.errors))
    return results


def extract(source: Source | Iterable[Source] | None = None, *, text: str | Iterable[str] | None = None,
            path: Source | Iterable[Source] | None = None, date: Optional[str] = None,
            dates: Optional[dict] = None, labels: Optional[Iterable[str]] = None, lang: Optional[str] = None,
            rules: Iterable[Source] = ()) -> list:
    """Mention rows of texts and files, in the order ``ktech extract`` writes them."""
    results = _run(source, text, path, _options(date, labels, lang=lang, dates=dates), rules)
    return [row for result in results for row in result.rows]


def records(source: Source | Iterable[Source] | None = None, *, text: str | Iterable[str] | None = None,
            path: Source | Iterable[Source] | None = None, date: Optional[str] = None,
            dates: Optional[dict] = None, kind: Optional[str] = None, lang: Optional[str] = None,
            rules: Iterable[Source] = ()) -> list:
    """Funding and target records of texts and files (``kind``: only funding or target)."""
    results = _run(source, text, path, _options(date, labels=(), records=True, lang=lang, dates=dates), rules)
    return [r for result in results for r in result.records if kind is None or r["kind"] == kind]
