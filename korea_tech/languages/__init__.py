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


@lru_cache(maxsize=None)
def _script_runs(code: str) -> re.Pattern:
    return re.compile(f"(?:{SCRIPTS[code]})+")


def detect(text: str, sample: int = 20_000) -> str:
    """The language whose script holds the largest share of the letters (of the first
    ``sample`` characters); the default when no script has any."""
    head = text[:sample]
    # letters counted a run at a time (a match per letter made a list of thousands)
    counts = {code: sum(map(len, _script_runs(code).findall(head))) for code in REGISTRY}
    best = max(counts, key=lambda code: (counts[code], code == DEFAULT))
    return best if counts[best] else DEFAULT
