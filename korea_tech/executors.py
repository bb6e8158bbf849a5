"""Where batches of documents are processed: in this process, in a pool of worker
processes (``--jobs N``), or on a Dask cluster (distributed.py). Each executor maps
``Engine.process`` over the batches and yields ``(batch, results)`` in input order, so
every one gives the same rows in the same order.
"""
from __future__ import annotations

from typing import Iterable, Iterator


class LocalExecutor:
    def map(self, engine, batches: Iterable[list], options) -> Iterator[tuple[list, list]]:
        for batch in batches:
            yield batch, engine.process(batch, options)


_ENGINE = None  # the engine a forked worker inherits


def _process(task):
    batch, options = task
    results = _ENGINE.process_task(batch, options)
    # a batch of works read here keeps its documents here; a ReadTask's come back
    return results if isinstance(results, tuple) else without_documents(results)


def without_documents(results: list) -> list:
    """Results to send back from a worker: the documents stay where they were read."""
    for result in results:
        result.document = None
    return results


class ProcessExecutor:
    """A pool of ``jobs`` forked processes; each inherits the compiled rules. Batches go
    out as the pool takes them and come back in order (``imap``): memory stays flat.
    The workers read small files themselves (``Engine.tasks``): they are on this machine."""

    reads_files = True

    def __init__(self, jobs: int):
        self.jobs = jobs

    def map(self, engine, batches: Iterable[list], options) -> Iterator[tuple[list, list]]:
        import multiprocessing
        from collections import deque

        global _ENGINE
        _ENGINE = engine
        engine.rates()  # load the rates before forking, once for all workers
        pending: deque = deque()  # the batches out at the workers, in order

        def tasks():
            for batch in batches:
                pending.append(batch)
                yield batch, options

        with multiprocessing.get_context("fork").Pool(self.jobs) as pool:
            for results in pool.imap(_process, tasks(), chunksize=1):
                yield pending.popleft(), results


def executor(jobs: int = 1, engine: str = "local", scheduler: str | None = None):
    """The executor a command asked for (``--jobs``, ``--engine``, ``--scheduler``)."""
    if engine == "dask":
        from .distributed import DaskExecutor

        return DaskExecutor(scheduler)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}: local or dask")
    return ProcessExecutor(jobs) if jobs > 1 else LocalExecutor()
