from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@dataclass
class Collected:
    """Everything one run gave: rows, records, per-document results and the log."""

    rows: list = field(default_factory=list)
    records: list = field(default_factory=list)
    results: list = field(default_factory=list)
    log: object = None


def collect(engine, inputs, executor=None, doc_date: str | None = None, **options) -> Collected:
    """Run ``engine`` on paths and texts (a str holding a line break or a space is a text)."""
    from korea_tech.document import DocDate
    from korea_tech.engine import Options, RunLog
    from korea_tech.readers import TextInput

    if doc_date:
        options["date"] = DocDate(date.fromisoformat(doc_date), "day")
    if "labels" in options:
        options["labels"] = frozenset(options["labels"])
    inputs = [TextInput(i) if isinstance(i, str) and (" " in i or "\n" in i) else i
              for i in (inputs if isinstance(inputs, (list, tuple)) else [inputs])]
    log = RunLog()
    results = list(engine.run(inputs, Options(**options), executor, log))
    return Collected([r for res in results for r in res.rows], [r for res in results for r in res.records],
                     results, log)


@pytest.fixture(scope="session")
def engine():
    from korea_tech.engine import Engine

    return Engine()


@pytest.fixture(scope="session")
def mentions(engine):
    """mentions("text", "2024-05-08") -> list of (label, text, norm) for one document."""
    from korea_tech.readers import TextInput

    def run(text: str, doc_date: str | None = None, label: str | None = None):
        found = collect(engine, [TextInput(text)], doc_date=doc_date).rows
        return [(m["label"], m["text"], m["norm"]) for m in found if label is None or m["label"] == label]

    return run
