"""The Dask engine gives the same bytes as a local run (a LocalCluster on loopback, two workers)."""
from __future__ import annotations

import pytest

from korea_tech.output import to_jsonl

from .conftest import SEEDS

distributed = pytest.importorskip("distributed")


def test_dask_cluster_output_is_byte_identical(extractor):
    from distributed import LocalCluster

    from korea_tech.distributed import extract_on_dask

    local = to_jsonl(extractor.extract([SEEDS]).rows)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        remote = extract_on_dask([SEEDS], cluster.scheduler_address)
    assert to_jsonl(remote.rows) == local
