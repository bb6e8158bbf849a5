from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def extractor():
    from korea_tech.pipeline import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def mentions(extractor):
    """mentions("text", "2024-05-08") -> list of (label, text, norm) for one document."""
    from datetime import date

    from korea_tech.documents import DocDate

    def run(text: str, doc_date: str | None = None, label: str | None = None):
        anchor = DocDate(date.fromisoformat(doc_date), "day") if doc_date else None
        found = extractor.extract_text(text, anchor).mentions
        return [(m.label, m.text, m.norm) for m in found if label is None or m.label == label]

    return run
