"""The Dask engine gives the same bytes as a local run (a LocalCluster on loopback, two workers)."""
from __future__ import annotations

import pytest

from korea_tech.writers import Format, to_text

from .conftest import SEEDS, collect

distributed = pytest.importorskip("distributed")


def test_dask_cluster_output_is_byte_identical(engine):
    from distributed import LocalCluster

    from korea_tech.distributed import DaskExecutor

    local = to_text(collect(engine, [SEEDS]).rows, engine.types.mention, Format.jsonl)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        remote = collect(engine, [SEEDS], DaskExecutor(cluster.scheduler_address))
    assert to_text(remote.rows, engine.types.mention, Format.jsonl) == local
