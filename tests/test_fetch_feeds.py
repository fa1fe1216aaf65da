"""Feeds and sitemaps read as entries; hostile XML read safely; the polling schedule."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.portals import Portal, Seen
from tests.test_fetch import (
    new_portal,
    portals,  # noqa: F401  (fixture)
)
from warta.errors import MalformedInput, TooLarge
from warta.records import SourceState
from warta.sources.feeds import Entry, parse_listing
from warta.sources.http import Fetcher, FetchPolicy
from warta.sources.schedule import Schedule, failed, polled, resumed


def test_atom_rss1_and_guid_permalinks_are_read() -> None:
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
      <entry><title>A</title><link rel="self" href="/self"/><link href="/berita/a"/>
        <published>2021-12-07T09:00:00+07:00</published><updated>2021-12-07T10:00:00+07:00</updated>
      </entry><entry><title>No link</title></entry></feed>"""
    listing = parse_listing("https://p.example/feed", atom)
    assert listing is not None and listing.kind == "feed" and listing.title == "T"
    assert listing.entries == [
        Entry("https://p.example/berita/a", "A", "2021-12-07T09:00:00+07:00",
              "2021-12-07T10:00:00+07:00")
    ]  # fmt: skip
    assert listing.entries[0].stamp == "2021-12-07T10:00:00+07:00"
    rdf = b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
      xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <item><title>B</title><link>https://p.example/b</link><dc:date>2021-12-07</dc:date></item>
      </rdf:RDF>"""
    (entry,) = parse_listing("https://p.example/rdf", rdf).entries  # type: ignore[union-attr]
    assert (entry.url, entry.published) == ("https://p.example/b", "2021-12-07")
    guid = b"""<rss><channel><item><guid>https://p.example/c</guid></item>
      <item><guid isPermaLink="false">tag:p.example,1</guid></item></channel></rss>"""
    assert [e.url for e in parse_listing("u", guid).entries] == ["https://p.example/c"]  # type: ignore[union-attr]


def test_what_is_no_feed_is_told() -> None:
    assert parse_listing("u", b"<html><body>hi</body></html>") is None
    with pytest.raises(MalformedInput, match="not XML"):
        parse_listing("u", b"just text")


def test_external_entities_and_entity_bombs_are_not_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("RAHASIA")
    xxe = f"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>
      <rss><channel><item><title>&x;</title><link>https://p.example/a</link></item>
      </channel></rss>""".encode()
    listing = parse_listing("u", xxe)
    assert listing is not None and "RAHASIA" not in str(listing.entries)
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">'.encode()
            for n in range(1, 10)
        )
        + b"]><rss><channel><item><title>&lol9;</title><link>https://p.example/a</link>"
        b"</item></channel></rss>"
    )
    listing = parse_listing("u", bomb)
    assert listing is None or all(len(e.title or "") < 1000 for e in listing.entries)


def test_a_compressed_body_counts_decompressed(portals: list[Portal]) -> None:  # noqa: F811
    portal = new_portal(portals)
    page = b"<html><body>" + b"<p>kata kata kata</p>" * 1000 + b"</body></html>"
    bomb = gzip.compress(b"\0" * (20 * 1024 * 1024))  # 20 MB of zeros in 20 KB

    def gzipped(body: bytes):  # type: ignore[no-untyped-def]
        return lambda seen: (
            200,
            {"Content-Type": "text/html", "Content-Encoding": "gzip"},
            gzip.compress(body) if body is not bomb else bomb,
        )

    portal.handle("/halaman", gzipped(page))
    portal.handle("/bom", gzipped(bomb))
    with Fetcher(FetchPolicy(allow_private=True, host_delay=0, max_bytes=1024 * 1024)) as fetcher:
        exchange = fetcher.get(portal.url("/halaman"))
        assert exchange.body == page
        assert exchange.header("X-Warta-Decoded-Content-Encoding") == "gzip"
        assert exchange.header("Content-Length") == str(len(page))
        assert exchange.header("Content-Encoding") is None
        with pytest.raises(TooLarge, match="stopped reading"):
            fetcher.get(portal.url("/bom"))


def test_validators_are_sent_back_byte_for_byte(portals: list[Portal]) -> None:  # noqa: F811
    portal = new_portal(portals)
    seen: list[Seen] = []
    odd_etag, odd_date = 'W/"a b,c"', "Tue, 07 Dec 2021 02:00:00 GMT"

    def record(request: Seen):  # type: ignore[no-untyped-def]
        seen.append(request)
        return 304, {"ETag": odd_etag}, b""

    portal.handle("/feed", record)
    with Fetcher(FetchPolicy(allow_private=True, host_delay=0)) as fetcher:
        assert fetcher.get(portal.url("/feed"), odd_etag, odd_date).status == 304
    assert seen[0].headers["If-None-Match"] == odd_etag
    assert seen[0].headers["If-Modified-Since"] == odd_date


def _source() -> SourceState:
    now = "2026-12-07T00:00:00+00:00"
    return SourceState(1, "https://p.example/feed", "feed", None, None, now, 900.0, now)


SCHEDULE = Schedule(min_interval=300.0, max_interval=3600.0, pause_score=3.0)


def test_the_interval_adapts_to_new_articles_within_bounds() -> None:
    source, now = _source(), datetime(2026, 12, 7, tzinfo=UTC)
    polled(source, SCHEDULE, now, new_articles=4)
    assert source.interval_seconds == 450.0 and source.last_new is not None
    polled(source, SCHEDULE, now, 1)
    polled(source, SCHEDULE, now, 1)
    assert source.interval_seconds == 300.0  # not below the least
    for _ in range(10):
        polled(source, SCHEDULE, now, 0)
    assert source.interval_seconds == 3600.0  # nor above the most
    assert source.next_poll == (now + timedelta(seconds=3600)).isoformat()
    assert source.articles == 6 and source.polls == 13


def test_failures_space_polls_out_and_pause_a_dead_source_saying_why() -> None:
    source, now = _source(), datetime(2026, 12, 7, tzinfo=UTC)
    failed(source, SCHEDULE, now, "HTTP 503")
    assert source.failures == 1 and not source.paused
    assert source.next_poll == (now + timedelta(seconds=1800)).isoformat()
    polled(source, SCHEDULE, now, 0)  # a good poll halves the score
    assert source.failures == 0.5 and source.last_error is None
    failed(source, SCHEDULE, now, "timed out", retry_after=7200)
    assert source.next_poll == (now + timedelta(seconds=7200)).isoformat()  # as asked
    failed(source, SCHEDULE, now, "timed out")
    assert source.failures == 2.5 and not source.paused
    failed(source, SCHEDULE, now, "timed out")
    assert source.paused and "paused after failing 3.5" in (source.last_error or "")
    assert "warta sources resume 1" in (source.last_error or "")
    resumed(source, now)
    assert not source.paused and source.failures == 0 and source.next_poll == now.isoformat()
