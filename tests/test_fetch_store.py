"""Live sources in the store, on each backend: following, polling state, pages fetched."""

from __future__ import annotations

from warta.records import FetchedPage
from warta.store import open_store


def test_sources_and_fetched_pages_are_kept_on_each_backend(store_location: str) -> None:
    with open_store(store_location) as store:
        feed, new = store.add_source("http://portal.example/rss", "feed", "Portal", None, 900.0)
        assert new and feed.id > 0 and feed.next_poll == feed.added_at
        again, new = store.add_source("http://portal.example/rss", "feed", None, None, 60.0)
        assert not new and again == feed  # followed already: kept as it was
        sitemap, _ = store.add_source(
            "http://portal.example/sitemap.xml", "sitemap", None, "http://portal.example/", 900.0
        )
        assert [s.url for s in store.list_sources()] == [feed.url, sitemap.url]
        assert [s.id for s in store.due_sources("9999-12-31")] == [feed.id, sitemap.id]
        assert store.due_sources("2000-01-01") == []

        feed.etag, feed.last_modified = 'W/"x"', "Mon, 07 Dec 2026 01:00:00 GMT"
        feed.next_poll, feed.failures, feed.paused = "2030-01-01T00:00:00+00:00", 2.5, True
        feed.last_error, feed.articles, feed.polls = "HTTP 503", 4, 7
        store.save_source(feed)
    with open_store(store_location) as store:
        (kept, _) = store.list_sources()
        assert kept == feed
        assert [s.id for s in store.due_sources("9999-12-31")] == [sitemap.id]  # paused

        page = FetchedPage("http://portal.example/a", feed.id, "stamp", '"e"', None, "t", 200)
        store.save_fetched([page])
        assert store.fetched_pages([page.url, "http://portal.example/b"]) == {page.url: page}
        changed = FetchedPage(page.url, feed.id, "stamp2", None, "lm", "t2", 304)
        store.save_fetched([changed])
        assert store.fetched_pages([page.url])[page.url] == changed

        assert store.remove_source(str(feed.id)) == feed
        assert store.remove_source(sitemap.url) is not None
        assert store.remove_source("12345") is None
        assert store.list_sources() == []


def test_a_poll_claims_its_sources_so_a_second_poller_leaves_them(store_location: str) -> None:
    with open_store(store_location) as store, open_store(store_location) as other:
        feed, _ = store.add_source("http://portal.example/rss", "feed", None, None, 900.0)
        now, later = "9999-01-01T00:00:00+00:00", "9999-01-01T00:30:00+00:00"
        (claimed,) = store.claim_sources(now, later)
        assert claimed.next_poll == feed.next_poll  # the state as it was, to give back
        assert other.claim_sources(now, later) == []  # taken: not due for another poller
        assert [s.id for s in other.claim_sources(now, later, everything=True)] == [feed.id]
        store.save_source(claimed)  # a poll stopped before it began gives it back
        assert [s.id for s in other.claim_sources(now, later)] == [feed.id]


def test_fetched_pages_are_listed_by_source_and_disagreement_paged_and_counted(
    store_location: str,
) -> None:
    from warta.records import SITEMAP_OF_INDEX

    with open_store(store_location) as store:
        feed, _ = store.add_source("http://portal.example/rss", "feed", None, None, 900.0)
        other, _ = store.add_source("http://other.example/rss", "feed", None, None, 900.0)
        flagged = (("json-ld", "2026-12-07T08:00:00+07:00"), ("feed", "2026-12-05"))
        pages = [
            FetchedPage(f"http://portal.example/{n}", feed.id, None, None, None,
                        f"2026-12-07T0{n}:00:00+00:00", 200, "2026-12-07", "json-ld", flagged,
                        ("disagrees:feed",) if n % 2 else ())
            for n in range(5)
        ]  # fmt: skip
        pages.append(FetchedPage("http://other.example/a", other.id, None, None, None, "t", 200))
        index_sitemap = FetchedPage(
            "http://portal.example/sitemap-1.xml", feed.id, None, None, None, "z", 200,
            published_source=SITEMAP_OF_INDEX,
        )  # fmt: skip
        pages.append(index_sitemap)  # a sitemap of an index is no page
        store.save_fetched(pages)
        newest_first = [p.url for p in store.list_fetched(source_id=feed.id)]
        assert newest_first == [f"http://portal.example/{n}" for n in (4, 3, 2, 1, 0)]
        assert store.count_fetched() == 6 and store.count_fetched(source_id=feed.id) == 5
        assert store.count_fetched(disagreeing=True) == 2
        assert store.count_fetched(True, other.id) == 0
        assert [p.url for p in store.list_fetched(True, limit=1, offset=1)] == [
            "http://portal.example/1"
        ]
        assert store.list_fetched(True, limit=5, offset=2) == []
        assert store.list_fetched(True)[0].date_evidence == flagged


def test_pages_fetched_are_read_by_source_and_newest_first_through_indexes(
    store_location: str,
) -> None:
    """A sitemap index's sitemaps are read at every poll of it, and the pages fetched are
    listed newest first (`warta sources pages`, /sources): both from an index, never a scan
    of every page fetched (PostgreSQL is told to avoid scans and sorts, which it can only do
    when an index answers)."""
    from tests.test_store import _plans
    from warta.records import SITEMAP_OF_INDEX
    from warta.store import is_database_url

    postgres = is_database_url(store_location)
    with open_store(store_location) as store:
        source, _ = store.add_source(
            "http://portal.example/sitemap.xml", "sitemap", None, None, 900
        )
        store.save_fetched(
            [
                FetchedPage(f"http://portal.example/{n}", source.id, None, None, None, f"t{n:03}", 200)
                for n in range(30)
            ]
            + [
                FetchedPage(
                    "http://portal.example/s.xml", source.id, None, None, None, "t", 200,
                    published_source=SITEMAP_OF_INDEX,
                )
            ]
        )  # fmt: skip
    for avoid in ("seqscan", "sort") if postgres else (None,):
        with open_store(store_location) as store:
            plans = _plans(store, postgres, avoid=avoid, of="fetched_pages")
            assert list(store.sitemaps_read(source.id)) == ["http://portal.example/s.xml"]
            newest = store.list_fetched(limit=3)
        assert [page.url for page in newest] == [f"http://portal.example/{n}" for n in (29, 28, 27)]
        text = "\n".join(plans)
        assert "fetched_pages_source" in text and "fetched_pages_newest" in text, text
        if postgres:
            assert "Seq Scan on fetched_pages" not in text and "Sort" not in text, text
        else:
            assert "SCAN fetched_pages\n" not in text + "\n" and "TEMP B-TREE" not in text, text
