"""``warta reanalyze`` over a large archive holds a batch of bodies, not the archive: a first
pass keeps where each page's latest response lies, a second reads only those, in batches.

The archives are written through the project's own writer (:class:`warta.sources.archive.Archive`)
as a fetch writes them: a feed, then article pages, some of them fetched twice.
"""

from __future__ import annotations

import tracemalloc
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

import warta
from tests.portals import article_html, rss
from tests.test_fetch import story
from warta.run import reanalyze as reanalyze_module
from warta.run.local import default_analysis
from warta.run.reanalyze import reanalyze_archive
from warta.sources.archive import Archive, ArchivedResponse
from warta.sources.http import Exchange

PORTAL = "https://portal.example"
FETCHED_AT = "2026-12-07T01:00:00+00:00"


def _exchange(url: str, content_type: str, body: str) -> Exchange:
    return Exchange(
        url, 200, "OK", "HTTP/1.1", [("User-Agent", "Warta/test")],
        [("Content-Type", content_type)], body.encode(), FETCHED_AT, "127.0.0.1",
    )  # fmt: skip


def write_archive(
    folder: Path, pages: int, fetched_twice: Iterable[int] = (), padding: int = 0
) -> dict[str, str]:
    """A feed of ``pages`` article pages, then the pages (those ``fetched_twice`` first in an
    older version, under another title); each page padded with ``padding`` bytes of markup
    the text does not show. Returns each page's URL and its latest title."""
    latest = {}
    urls = [f"{PORTAL}/berita/{number}" for number in range(pages)]
    pad = f"<!-- {'x' * padding} -->" if padding else ""
    with Archive(folder) as archive:
        entries = [
            (url, f"Judul {i}", "Mon, 07 Dec 2026 01:00:00 +0000") for i, url in enumerate(urls)
        ]
        archive.write(_exchange(f"{PORTAL}/feed", "application/rss+xml", rss(entries)))
        for number in fetched_twice:
            title, paragraphs = story(number)
            older = article_html(f"{title} (versi lama)", paragraphs, extra_head=pad)
            archive.write(_exchange(urls[number], "text/html", older))
        for number, url in enumerate(urls):
            title, paragraphs = story(number)
            archive.write(
                _exchange(url, "text/html", article_html(title, paragraphs, extra_head=pad))
            )
            latest[url] = title
    return latest


def test_each_latest_response_is_read_once_and_a_batch_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages, batch = 30, 4
    latest = write_archive(tmp_path / "archive", pages, fetched_twice=[3, 17])
    read: list[str] = []  # the second pass's bodies, in the order read
    pulled: list[int] = []  # at each document the ingest takes: the bodies read by then
    reanalysed: list[int] = []  # the batches of stored pages analysed again

    real_read = reanalyze_module.read_responses
    real_ingest = reanalyze_module.ingest_documents
    real_reanalyze = reanalyze_module.reanalyze

    def counting_read(*args: Any) -> Iterator[ArchivedResponse]:
        for response in real_read(*args):
            read.append(response.url)
            yield response

    def watching_ingest(documents: Iterable[Any], *args: Any, **kwargs: Any) -> Any:
        assert kwargs["batch_size"] == batch

        def watched() -> Iterator[Any]:
            for document in documents:
                pulled.append(len(read))
                yield document

        return real_ingest(watched(), *args, **kwargs)

    def counting_reanalyze(store: Any, ids: list[str], *args: Any) -> int:
        reanalysed.append(len(ids))
        return real_reanalyze(store, ids, *args)

    monkeypatch.setattr(reanalyze_module, "read_responses", counting_read)
    monkeypatch.setattr(reanalyze_module, "ingest_documents", watching_ingest)
    monkeypatch.setattr(reanalyze_module, "reanalyze", counting_reanalyze)
    analysis = default_analysis(1)
    with warta.open_store(tmp_path / "warta.db") as store:
        report = reanalyze_archive(store, str(tmp_path / "archive"), analysis, batch_size=batch)
        assert (report.responses, report.pages, report.ingest.added) == (pages + 3, pages, pages)
        # every page's latest response read once; the older ones and the feed never again
        assert Counter(read) == Counter(list(latest))
        # the ingest is never more than a batch behind what was read
        assert len(pulled) == pages
        assert max(read_by - taken for taken, read_by in enumerate(pulled)) <= batch
        assert {a.url: a.title for a in store.list_articles()} == latest
        assert reanalysed == []

        read.clear()
        again = reanalyze_archive(store, str(tmp_path / "archive"), analysis, batch_size=batch)
        assert (again.ingest.added, again.changed) == (0, 0)
        assert Counter(read) == Counter(list(latest))
        # the pages stored with the same content are analysed again from the store, in batches
        assert sum(reanalysed) == pages and max(reanalysed) <= batch


def _peak_bytes(archive: Path, db: Path, batch: int, analysis: Any) -> int:
    with warta.open_store(db) as store:
        tracemalloc.start()
        try:
            report = reanalyze_archive(store, str(archive), analysis, batch_size=batch)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert report.ingest.added > 0
    return peak


def test_memory_follows_the_batch_not_the_archive(tmp_path: Path) -> None:
    """Four times the pages, each padded to 100 kB, take about the same memory: what grows with
    the pages is the index (a place per page) and the stories' features, not the bodies held.
    (Holding the pages' bodies took 3.6 MB for 24 pages, 21 MB for 96.)"""
    analysis = default_analysis(1)
    padding, batch = 100_000, 2
    write_archive(tmp_path / "warm", 4)
    _peak_bytes(tmp_path / "warm", tmp_path / "warm.db", batch, analysis)  # imports, workers
    small = write_archive(tmp_path / "small", 24, padding=padding)
    large = write_archive(tmp_path / "large", 96, padding=padding)
    small_peak = _peak_bytes(tmp_path / "small", tmp_path / "small.db", batch, analysis)
    large_peak = _peak_bytes(tmp_path / "large", tmp_path / "large.db", batch, analysis)
    peaks = (small_peak, large_peak)
    assert large_peak < len(large) * padding / 2, peaks
    # 72 pages more add far less than their bodies' 7.2 MB
    assert large_peak - small_peak < (len(large) - len(small)) * padding / 4, peaks
