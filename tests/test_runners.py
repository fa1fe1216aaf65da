"""The runners: several analysis workers store what one stores, batch after batch; the pool
shares its workers between batches given at once; the shipped stem table agrees with Sastrawi.

Workers (one or several) analyse the next batches while one is written, so an input can be
analysed before the batch that teaches its outlet's template lines is written; it is then
analysed again. The IndoSum mix below interleaves DailySocial articles (whose footer becomes a template
line after a few of them) with other outlets' in small batches, so that happens.
"""

from __future__ import annotations

import functools
import gc
import gzip
import json
import os
import random
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, Warta, load_bench
from warta.corpus.cluster import ClusterReport
from warta.lang.id import stems
from warta.lang.id.ner import tagger as tagger_module
from warta.model import Article, RawDocument
from warta.run import analysis_worker, processes
from warta.run.analysis_worker import WORKER_NICENESS
from warta.run.local import IngestReport, InProcess, ingest
from warta.run.processes import AnalysisWorkers
from warta.store import open_store

INDOSUM = REPO.parent / "shared" / "data" / "indosum"
needs_indosum = pytest.mark.skipif(not INDOSUM.exists(), reason="needs ../shared/data/indosum")


def _mix(path: Path) -> Path:
    """30 DailySocial articles interleaved with 50 of other outlets (IndoSum dev.01)."""
    entities = load_bench("entities")
    records = entities.indosum_records(["dev.01.jsonl"])
    daily = [r for r in records if "dailysocial.id" in r["url"]][:30]
    other = [r for r in records if "dailysocial.id" not in r["url"]][:50]
    mixed = [x for pair in zip(daily, other, strict=False) for x in pair] + other[30:]
    return entities.write_corpus(mixed, path)


class _Counting(AnalysisWorkers):
    """A pool that counts the inputs it analysed."""

    analysed = 0

    def analyze(self, raws: list[RawDocument]) -> list[Article | object]:  # type: ignore[override]
        self.analysed += len(raws)
        return super().analyze(raws)  # type: ignore[return-value]


def _stored(db: Path) -> tuple[dict[str, str], list[tuple[object, ...]], set[frozenset[str]]]:
    """The stored documents, the search index and the stories of a database."""
    with sqlite3.connect(db) as connection:
        documents = dict(connection.execute("SELECT id, document FROM articles"))
        index = sorted(
            connection.execute(
                "SELECT a.id, s.paragraphs, s.title, s.body FROM search_index s"
                " JOIN articles a ON a.rowid = s.rowid"
            )
        )
        stories: dict[int, set[str]] = {}
        for article, story in connection.execute("SELECT article_id, story_id FROM story_articles"):
            stories.setdefault(story, set()).add(article)
    return documents, index, {frozenset(members) for members in stories.values()}


def _counts(report: IngestReport) -> tuple[int, ...]:
    return (report.added, report.updated, report.unchanged, report.refused, report.recleaned)


@needs_indosum
def test_two_workers_store_what_one_stores_batch_after_batch(tmp_path: Path) -> None:
    corpus = _mix(tmp_path / "mix.jsonl")
    runs = {}
    for name, analysis in [
        ("in process", InProcess()),
        ("one worker", _Counting(1, 30.0)),
        ("two workers", _Counting(2, 30.0)),
    ]:
        db = tmp_path / f"{name}.db"
        try:
            report = ingest([str(corpus)], open_store(db), analysis=analysis, batch_size=10)
        finally:
            if isinstance(analysis, AnalysisWorkers):
                analysis.close()
        runs[name] = (analysis, report, _stored(db))
    one, two = runs["one worker"], runs["two workers"]
    assert one[1].added == 80 and one[1].recleaned > 0  # DailySocial's footer was learned
    # with workers, the next batches are analysed while one is written: inputs analysed before
    # their outlet's template was written were analysed again...
    for pool, _, _ in (one, two):
        assert pool.analysed > 80  # type: ignore[attr-defined]
    # ...and everything stored is the same: articles, search index, stories, report
    for name in ("one worker", "two workers"):
        assert runs[name][2] == runs["in process"][2], name
        assert _counts(runs[name][1]) == _counts(runs["in process"][1]), name
    documents, index, stories = one[2]
    assert len(documents) == len(index) == 80
    assert sum(map(len, stories)) == 80


def test_the_pool_serves_batches_given_at_once() -> None:
    pool = AnalysisWorkers(count=2, budget=30.0)
    texts = [f"Presiden Joko Widodo bertemu menteri ke-{n} di Jakarta, Senin." for n in range(6)]
    answers: dict[str, list[object]] = {}

    def batch(name: str, part: list[str]) -> None:
        raws = [RawDocument(origin=f"{name}-{i}", format="text", text=t, encoding="utf-8") for i, t in enumerate(part)]  # fmt: skip
        answers[name] = list(pool.analyze(raws))

    try:
        threads = [
            threading.Thread(target=batch, args=("long", texts)),
            threading.Thread(target=batch, args=("short", texts[:1])),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not any(thread.is_alive() for thread in threads), "a batch never finished"
    finally:
        pool.close()
    assert [a.body for a in answers["long"]] == [[t] for t in texts]  # type: ignore[attr-defined]
    assert [a.body for a in answers["short"]] == [[texts[0]]]  # type: ignore[attr-defined]
    assert all(a.words is not None for a in answers["long"])  # type: ignore[attr-defined]


def test_a_batch_waiting_for_a_worker_is_served_before_a_busy_batchs_next_group() -> None:
    """An ingest's second look at a batch (its outlet's template grew) waits for a worker while
    the next batch is analysed ahead. Served in turn, it waits for one group; a batch whose
    worker came back took it again at once, and the writer waited for the whole next batch."""
    pool = AnalysisWorkers(count=1, budget=30.0)
    text = "Presiden Joko Widodo bertemu menteri ke-{} di Jakarta, Senin, kata juru bicaranya."
    long = [RawDocument(origin=f"long-{n}", format="text", text=text.format(n), encoding="utf-8") for n in range(12 * processes.GROUP_INPUTS)]  # fmt: skip
    short = [RawDocument(origin="short", format="text", text=text.format(0), encoding="utf-8")]
    finished: list[str] = []

    def batch(name: str, raws: list[RawDocument]) -> None:
        pool.analyze(raws)
        finished.append(name)

    try:
        pool.start()
        busy = threading.Thread(target=batch, args=("long", long))
        busy.start()
        while pool._idle and busy.is_alive():  # the long batch holds the worker
            time.sleep(0.001)
        waiting = threading.Thread(target=batch, args=("short", short))
        waiting.start()
        for thread in (busy, waiting):
            thread.join(timeout=120)
        assert finished == ["short", "long"]
    finally:
        pool.close()


def test_workers_start_side_by_side(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every worker is forked before the pool waits for any to load its models: started one
    after the other, all cores but one sat idle for a second per worker."""
    created: list[processes._Worker] = []
    waited: list[int] = []
    spawn, ready = processes._Worker.__init__, processes._Worker.wait_ready

    def counted_spawn(worker: processes._Worker) -> None:
        spawn(worker)
        created.append(worker)

    def counted_ready(worker: processes._Worker) -> None:
        waited.append(len(created))
        ready(worker)

    monkeypatch.setattr(processes._Worker, "__init__", counted_spawn)
    monkeypatch.setattr(processes._Worker, "wait_ready", counted_ready)
    pool = AnalysisWorkers(count=2, budget=30.0)
    try:
        pool.start()
        assert waited == [2, 2]
        raw = RawDocument(origin="one", format="text", text="Presiden tiba di Bogor, Senin.", encoding="utf-8")  # fmt: skip
        (article,) = pool.analyze([raw])
        assert isinstance(article, Article) and article.body == [raw.text]
        assert len(created) == 2  # the batch used the workers started
    finally:
        pool.close()


def test_forked_workers_start_with_the_models_their_parent_loaded(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The models are loaded once, before the fork, and every worker starts with them: each
    loading its own cost about 0.4 s of CPU per worker, for the same wall time."""
    loaded = tmp_path / "loaded"
    load = tagger_module._load.__wrapped__

    @functools.cache
    def recorded(scheme: str) -> object:
        with loaded.open("a") as record:  # by whichever process loads them
            record.write(f"{os.getpid()}\n")
        return load(scheme)

    monkeypatch.setattr(tagger_module, "_load", recorded)  # nothing loaded yet, here
    # a process with one thread forks its workers (one with more, such as this test process
    # after a test left a thread behind, starts fresh interpreters that load their own)
    monkeypatch.setattr(processes.threading, "active_count", lambda: 1)
    pool = AnalysisWorkers(count=2, budget=30.0)
    try:
        pool.start()
        workers = {worker.process.pid for worker in pool._idle}  # type: ignore[attr-defined]
        raw = RawDocument(origin="one", format="text", text="Presiden tiba di Bogor, Senin.", encoding="utf-8")  # fmt: skip
        assert [a.body for a in pool.analyze([raw, raw])] == [[raw.text], [raw.text]]  # type: ignore[union-attr]
    finally:
        pool.close()
    assert len(workers) == 2
    assert loaded.read_text().split() == [str(os.getpid())]


def test_the_loaded_models_are_out_of_the_garbage_collectors_sight() -> None:
    """What warming up loads lives as long as the process: frozen (gc.freeze), the collector's
    full passes no longer walk it (about 3% of an ingest's CPU), nor write on the pages a
    forked worker shares with its parent."""
    loaded = tagger_module.tagger("news")
    analysis_worker.warm_up()
    assert gc.is_tracked(loaded)
    assert not any(item is loaded for item in gc.get_objects())  # the frozen are not listed


def test_workers_run_at_a_lower_priority_than_the_writer() -> None:
    """The writer places what the workers analyse: given an equal share of the cores, it fell
    behind and wrote the last batches alone while the cores sat idle."""
    pool = AnalysisWorkers(count=1, budget=30.0)
    try:
        pool.start()
        (worker,) = pool._idle
        pid = worker.process.pid  # type: ignore[attr-defined]
        ours = os.getpriority(os.PRIO_PROCESS, 0)
        assert os.getpriority(os.PRIO_PROCESS, pid) == min(19, ours + WORKER_NICENESS)
    finally:
        pool.close()


def test_a_worker_that_cannot_start_leaves_none_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(processes, "STARTUP_SECONDS", 0.0)  # no worker is ready at once
    pool = AnalysisWorkers(count=2, budget=30.0)
    with pytest.raises(processes.WorkerStartError, match="did not start"):
        pool.start()
    assert pool._alive == 0 and not pool._idle


def test_workers_forked_by_warta_ingest_know_the_stores_stems(warta: Warta) -> None:
    """`warta ingest` learns the stems its store kept before it forks its workers: a worker
    does not see what its parent learns after the fork, and would compute them all again."""
    open_store(warta.db).close()
    with sqlite3.connect(warta.db) as connection:  # a stem no stemmer gives ("daya")
        connection.execute("INSERT INTO stems (word, stem) VALUES ('pemberdayaannya', 'zzdaya')")
    text = "Program pemberdayaannya warga desa berjalan lancar di Kabupaten Sleman, kata Budi."
    (warta.cwd / "a.txt").write_text(f"Judul berita\n\n{text}")
    result = warta("ingest", "a.txt", "--workers", "2", process=True)
    assert result.returncode == 0, result
    with sqlite3.connect(warta.db) as connection:
        (terms,) = connection.execute("SELECT terms FROM story_features").fetchone()
    assert "t:zzdaya" in json.loads(terms) and "t:daya" not in json.loads(terms)


def test_cluster_reports_add_up() -> None:
    total = ClusterReport(placed=2, new_stories=1)
    total.add(ClusterReport(placed=3, joined=2, copies=1))
    assert total == ClusterReport(placed=5, new_stories=1, joined=2, merged=0, copies=1)


def test_the_stem_table_gives_sastrawis_stems() -> None:
    with gzip.open(stems.STEM_TABLE, "rt", encoding="utf-8") as handle:
        rows = [line.rstrip("\n").split("\t") for line in handle]
    assert len(rows) > 20_000
    for word, root in random.Random(7).sample(rows, 300):
        assert stems.sastrawi_stem(word) == (root or word), word
    # words the table lacks still go through Sastrawi
    assert "pemberdayaannya" not in dict(rows)
    assert stems.stem("pemberdayaannya") == "daya"


def test_stems_learned_from_a_worker_are_used() -> None:
    stems.clear_caches()
    stems.learn([("zzkatakunci", "kunci")])  # no stemmer gives this: only the learned pair does
    try:
        assert stems.stem("zzkatakunci") == "kunci"
    finally:
        stems._learned.pop("zzkatakunci")
        stems.clear_caches()


def test_a_stem_computed_in_one_process_is_read_back_by_the_next(
    store_location: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    word = "pemberdayaannya"  # not in the shipped table: Sastrawi stems it ("daya")
    article = "Program {} warga desa berjalan lancar di Kabupaten Sleman, kata {}."
    inputs = []
    for number, name in enumerate(("Budi Santoso", "Siti Aminah")):
        inputs.append(tmp_path / f"{number}.txt")
        inputs[-1].write_text(f"Judul berita {number}\n\n" + article.format(word, name))
    stems.clear_caches()
    monkeypatch.setattr(stems, "_learned", {})
    monkeypatch.setattr(stems, "_fresh", {})
    with open_store(store_location) as store:
        ingest([str(inputs[0])], store, analysis=InProcess())
        assert (word, "daya") in store.learned_stems(100_000)
    # a new process: nothing learned, nothing cached; Sastrawi is asked for no word it kept
    stems.clear_caches()
    monkeypatch.setattr(stems, "_learned", {})
    asked: list[str] = []
    sastrawi_stem = stems.sastrawi_stem

    def counted(part: str) -> str:
        asked.append(part)
        return sastrawi_stem(part)

    monkeypatch.setattr(stems, "sastrawi_stem", counted)
    try:
        with open_store(store_location) as store:
            report = ingest([str(inputs[1])], store, analysis=InProcess())
            assert report.added == 1
            assert word not in asked
            assert stems.stem(word) == "daya"
    finally:
        stems.clear_caches()
