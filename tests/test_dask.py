"""The Dask runner, on a real LocalCluster of two worker processes started by the tests: it
stores what one process stores, keeps each input's time budget, and says what to install when
Dask is missing.

The cluster runs in a child process, which the tests join as a remote scheduler: a scheduler
leaves threads in the process that ran it (distributed's IO loop and its offload pool), and
with threads running the analysis pool of every later test would start fresh interpreters
rather than fork (run/processes.py).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_SAMPLES, Warta, clean_env
from tests.test_runners import _counts, _mix, _stored, needs_indosum
from warta.errors import UsageError
from warta.model import RawDocument
from warta.run.dask_cluster import DaskAnalysis, dask_analysis
from warta.run.local import InProcess, ingest
from warta.store import open_store

#: Warta's local cluster of two workers, in a child process: it prints the scheduler's address
#: and runs until its stdin is closed.
CLUSTER = """
import sys
from warta.run.dask_cluster import dask_analysis

with dask_analysis("local", workers=2, budget=30.0) as analysis:
    print(analysis.client.scheduler_info()["address"], flush=True)
    sys.stdin.read()
"""


@pytest.fixture(scope="module")
def cluster() -> Iterator[DaskAnalysis]:
    child = subprocess.Popen(
        [sys.executable, "-c", CLUSTER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=clean_env(),
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        address = child.stdout.readline().strip()
        assert address.startswith("tcp://"), f"the cluster did not start: {address!r}"
        with dask_analysis(address, workers=2, budget=30.0) as analysis:
            yield analysis
    finally:
        child.stdin.close()
        try:
            child.wait(timeout=60)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def test_the_local_cluster_has_two_single_threaded_workers(cluster: DaskAnalysis) -> None:
    assert cluster.workers == 2
    info = cluster.client.scheduler_info()
    assert all(w["nthreads"] == 1 for w in info["workers"].values())
    assert str(info["address"]).startswith("tcp://127.0.0.1:")


@needs_indosum
def test_dask_stores_what_one_process_stores(cluster: DaskAnalysis, tmp_path: Path) -> None:
    corpus = _mix(tmp_path / "mix.jsonl")
    reports = {}
    for name, analysis in [("in process", InProcess()), ("dask", cluster)]:
        store = open_store(tmp_path / f"{name}.db")
        reports[name] = ingest([str(corpus)], store, analysis=analysis, batch_size=10)
    here, there = _stored(tmp_path / "in process.db"), _stored(tmp_path / "dask.db")
    assert len(here[0]) == 80
    assert here == there
    assert _counts(reports["in process"]) == _counts(reports["dask"])


def test_an_input_over_its_budget_is_refused_and_the_rest_go_on(cluster: DaskAnalysis) -> None:
    hurried = DaskAnalysis(cluster.client, budget=0.2)
    huge = RawDocument(
        origin="huge.txt",
        format="text",
        text="Presiden Joko Widodo berbicara di Jakarta. " * 8000,
        encoding="utf-8",
    )
    (refused,) = hurried.analyze([huge])
    assert refused.origin == "huge.txt"
    assert "longer than 0.2 s" in refused.reason and "analysis_budget_seconds" in refused.reason
    small = RawDocument(origin="a.txt", format="text", text="Ini berita.", encoding="utf-8")
    (fine,) = cluster.analyze([small])
    assert fine.body == ["Ini berita."]


def test_missing_dask_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    with (
        pytest.raises(UsageError, match=r"pip install 'warta\[dask\]'"),
        dask_analysis("local", workers=1, budget=1.0),
    ):
        pass


def test_an_unreachable_scheduler_is_a_clear_error() -> None:
    with (
        pytest.raises(UsageError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9"),
        dask_analysis("tcp://127.0.0.1:9", workers=1, budget=1.0, connect_seconds=2),
    ):
        pass


def test_ingest_dask_local_from_the_cli(warta: Warta, tmp_path: Path) -> None:
    """Through ``python -m warta``: the cluster's worker processes start a fresh interpreter,
    which must not run the CLI again."""
    other = tmp_path / "dask.db"
    assert warta("ingest", EXAMPLE_SAMPLES, "--workers", "1").returncode == 0
    result = warta("ingest", EXAMPLE_SAMPLES, "--dask", "local", db=other, process=True)
    assert result.returncode == 0, result
    assert "5 new" in result.stdout
    assert _stored(warta.db) == _stored(other)
