"""Beyond one machine: the same extraction on a Dask cluster (``pip install ktech[dask]``).

Documents are read where ktech runs, sent in batches to the workers, extracted there with
the same rules (each worker compiles them once), and the rows come back and are sorted
exactly as a local run sorts them, so the output is the same bytes.

    from korea_tech.distributed import extract_bag
    bag = extract_bag(["corpus/"], scheduler="tcp://10.0.0.5:8786")   # a dask.bag of rows
    rows = sorted(bag.compute(), key=row_order)
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Sequence

from .documents import read_documents
from .pipeline import Extractor, Result, grouped_by_size, mention_row, row_order
from .rules import LABELS, load_rules

_EXTRACTORS: dict[tuple[str, ...], Extractor] = {}
BATCH_CHARS = 65_536


def _worker_extractor(rule_dirs: tuple[str, ...]) -> Extractor:
    """One Extractor per worker process and rules folder set, built on first use."""
    if rule_dirs not in _EXTRACTORS:
        _EXTRACTORS[rule_dirs] = Extractor(rule_dirs=[Path(d) for d in rule_dirs])
    return _EXTRACTORS[rule_dirs]


def _extract_batch(documents, wanted: Sequence[str], rule_dirs: tuple[str, ...]) -> list[dict]:
    extractor = _worker_extractor(rule_dirs)
    rows = []
    for extraction in extractor.extract_documents(documents, trace=False):
        rows.extend(mention_row(extraction.document, m) for m in extraction.mentions if m.label in wanted)
    return rows


def extract_bag(paths: Iterable[str | Path], labels: Iterable[str] | None = None,
                rule_dirs: Sequence[str | Path] = (), errors: list | None = None):
    """A ``dask.bag`` of mention rows (unsorted; sort with ``row_order``)."""
    import dask.bag as db
    from dask import delayed

    rules = load_rules([Path(d) for d in rule_dirs])
    sources, read_errors = read_documents(paths, rules.documents)
    if errors is not None:
        errors.extend(read_errors)
    documents = [d for s in sources for d in s.documents]
    wanted = list(LABELS if labels is None else labels)
    dirs = tuple(str(Path(d).resolve()) for d in rule_dirs)
    batches = grouped_by_size(documents, lambda d: len(d.text), BATCH_CHARS)
    parts = [delayed(_extract_batch)(batch, wanted, dirs) for batch in batches]
    return db.from_delayed(parts) if parts else db.from_sequence([], npartitions=1)


def extract_on_dask(paths: Iterable[str | Path], scheduler: str | None, labels: Iterable[str] | None = None,
                    rule_dirs: Sequence[str | Path] = ()) -> Result:
    """Run on the cluster at ``scheduler`` (tcp://HOST:PORT); gather rows in the local order."""
    from distributed import Client

    errors: list = []
    bag = extract_bag(paths, labels, rule_dirs, errors)
    with Client(scheduler) if scheduler else Client(processes=False) as client:
        rows = client.compute(bag).result()
    return Result(rows=sorted(rows, key=row_order), errors=errors)
