"""Beyond one machine: the same run on a Dask cluster (``pip install ktech[dask]``).

Documents are read where ktech runs (so the manifest comes from the same pass), sent in
batches to the workers, processed there with the same rules (each worker builds its
engine once, from the same rule paths), and come back in input order: the same rows,
the same bytes as a local run.

    from korea_tech.distributed import extract_bag
    bag = extract_bag(["corpus/"], scheduler="tcp://10.0.0.5:8786")   # a dask.bag of mention rows
"""
from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Iterable, Iterator, Sequence

_ENGINES: dict[tuple[str, ...], object] = {}
IN_FLIGHT = 8  # batches sent ahead of the one being gathered: memory stays bounded


def _worker_engine(spec: tuple[str, ...]):
    """One Engine per worker process and set of rule paths, built on first use."""
    if spec not in _ENGINES:
        from .engine import Engine

        _ENGINES[spec] = Engine(rule_paths=spec)
    return _ENGINES[spec]


def process_batch(spec: tuple[str, ...], batch: list, options) -> list:
    from .executors import without_documents

    return without_documents(_worker_engine(spec).process(batch, options))


class DaskExecutor:
    """Batches to a Dask cluster at ``scheduler`` (tcp://HOST:PORT), or to a cluster in
    this process when none is given."""

    def __init__(self, scheduler: str | None = None):
        self.scheduler = scheduler

    def map(self, engine, batches: Iterable[list], options) -> Iterator[tuple[list, list]]:
        from distributed import Client

        client = Client(self.scheduler) if self.scheduler else Client(processes=False)
        try:
            spec = engine.spec()
            pending: deque = deque()
            for batch in batches:
                pending.append((batch, client.submit(process_batch, spec, batch, options, pure=False)))
                if len(pending) >= IN_FLIGHT:
                    done, future = pending.popleft()
                    yield done, future.result()
            while pending:
                done, future = pending.popleft()
                yield done, future.result()
        finally:
            client.close()


def _rows(spec: tuple[str, ...], batch: list, options) -> list[dict]:
    return [dict(row) for result in process_batch(spec, batch, options) for row in result.rows]


def extract_bag(paths: Iterable[str | Path], labels: Iterable[str] | None = None,
                rule_paths: Sequence[str | Path] = ()):
    """A ``dask.bag`` of mention rows, one partition per batch of documents, in input order:
    documents are read here, processed where the bag is computed."""
    import dask.bag as db
    from dask import delayed

    from .engine import BATCH_CHARS, Engine, Options, RunLog, grouped_by_size
    from .ruleset import LABELS

    engine = Engine(rule_paths=rule_paths)
    options = Options(labels=frozenset(LABELS if labels is None else labels))
    works = engine.works(engine.documents(paths, options, RunLog()))
    batches = grouped_by_size(works, lambda w: len(w.doc.text), BATCH_CHARS)
    parts = [delayed(_rows)(engine.spec(), batch, options) for batch in batches]
    return db.from_delayed(parts) if parts else db.from_sequence([], npartitions=1)
