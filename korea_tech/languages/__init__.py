"""Languages are plug-ins: each says how to tokenise its texts (a spaCy language with the
rule files' affixes) and which script its letters are written in; the rules of
``rules/<code>/`` (with the common files) drive everything else -- the same finder,
normalisers and record linking, reading that language's words.

Every document gets one language: the one the user gives (``--lang``), else the one
whose script holds most of its letters. Adding a language is a small change: a
``Language`` subclass in this folder, an entry in ``REGISTRY``, and a ``rules/<code>/``
folder (see the README).
"""
from __future__ import annotations

import importlib
import re
from functools import lru_cache

# code -> "module:Class", imported only when a document needs it (spaCy loads late).
REGISTRY: dict[str, str] = {
    "en": "korea_tech.languages.english:English",
    "ko": "korea_tech.languages.korean:Korean",
}
# The script each language's letters are written in, for detection (no import needed).
SCRIPTS: dict[str, str] = {
    "en": r"[A-Za-z]",
    "ko": r"[가-힣]",
}
DEFAULT = "en"


def known_languages() -> tuple[str, ...]:
    return tuple(REGISTRY)


@lru_cache(maxsize=None)
def language(code: str):
    """The plug-in for ``code`` (one instance per process)."""
    if code not in REGISTRY:
        raise KeyError(f"unknown language {code!r} (ktech reads {', '.join(REGISTRY)})")
    module, _, name = REGISTRY[code].partition(":")
    return getattr(importlib.import_module(module), name)()


@lru_cache(maxsize=None)
def script(code: str) -> re.Pattern:
    return re.compile(SCRIPTS[code])


def detect(text: str, sample: int = 20_000) -> str:
    """The language whose script holds the largest share of the letters (of the first
    ``sample`` characters); the default when no script has any."""
    head = text[:sample]
    points = None
    counts = {}
    for code in REGISTRY:
        ranges = _script_ranges(code)
        if ranges is None:  # a script class not of characters and ranges: counted by re
            counts[code] = sum(map(len, script(code).findall(head)))
            continue
        if points is None:  # the characters' code points, tested against each range at once
            import numpy

            points = numpy.frombuffer(head.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
        counts[code] = int(sum(((points >= low) & (points <= high)).sum() for low, high in ranges))
    best = max(counts, key=lambda code: (counts[code], code == DEFAULT))
    return best if counts[best] else DEFAULT


@lru_cache(maxsize=None)
def _script_ranges(code: str) -> tuple[tuple[int, int], ...] | None:
    """The code point ranges of a script written as a class of characters and ranges
    (``[A-Za-z]``); None for any other regex. Matching every letter of a text's head
    with re was a fortieth of a run."""
    from re import _parser

    parsed = _parser.parse(SCRIPTS[code])
    if parsed.state.flags & ~re.UNICODE or len(parsed) != 1 or parsed[0][0] is not _parser.IN:
        return None  # (?i) and the like change what a range holds
    ranges = []
    for op, arg in parsed[0][1]:
        if op is _parser.LITERAL:
            ranges.append((arg, arg))
        elif op is _parser.RANGE:
            ranges.append(arg)
        else:  # a negated class, a category
            return None
    return tuple(ranges)
