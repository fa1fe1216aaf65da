"""Live sources against local portals (real HTTP servers on loopback addresses, tests/portals.py):
discovery, polite fetching, safety, the archive, and the ingest of what is new."""

from __future__ import annotations

import gzip
import itertools
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import REPO, Warta, clean_env
from tests.portals import (
    Portal,
    Seen,
    article_html,
    http_date,
    news_sitemap,
    rss,
    sitemap_index,
    start_portal,
)

#: Delay per host in the tests: short, yet long enough to see it kept between requests.
HOST_DELAY = 0.1


@pytest.fixture
def portals() -> Iterator[list[Portal]]:
    """Start portals with ``new_portal``; each is shut down after the test."""
    started: list[Portal] = []
    yield started
    for portal in started:
        portal.server.shutdown()
        portal.server.server_close()


def new_portal(started: list[Portal]) -> Portal:
    portal = start_portal()
    started.append(portal)
    return portal


@pytest.fixture
def fetch_env(tmp_path: Path) -> dict[str, str]:
    """Settings for fetching from the local portals, fast."""
    return {
        "WARTA_FETCH_ALLOW_PRIVATE": "true",
        "WARTA_FETCH_HOST_DELAY_SECONDS": str(HOST_DELAY),
        "WARTA_FETCH_TIMEOUT_SECONDS": "1",
        "WARTA_FETCH_BACKOFF_SECONDS": "0.05",
        "WARTA_FETCH_MAX_WAIT_SECONDS": "3",
        "WARTA_FETCH_RETRIES": "2",
        "WARTA_FETCH_MAX_BYTES": str(1024 * 1024),
        "WARTA_FETCH_ARCHIVE": str(tmp_path / "archive"),
        "WARTA_FETCH_CONTACT": "ops@warta.example",
        "WARTA_ANALYSIS_WORKERS": "1",
        "WARTA_FETCH_MIN_INTERVAL_SECONDS": "1",
    }


@pytest.fixture
def cli(warta: Warta, fetch_env: dict[str, str]) -> Warta:
    """``warta`` in this process with the fetch settings."""

    class WithEnv(Warta):
        def run(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            kwargs["env"] = {**fetch_env, **kwargs.get("env", {})}
            return super().run(*args, **kwargs)

    return WithEnv(warta.db, warta.cwd)


_TOWNS = ("Bogor", "Depok", "Bekasi", "Tangerang", "Cianjur", "Garut", "Sukabumi", "Cirebon")


def story(number: int, town: str | None = None) -> tuple[str, list[str]]:
    """A short article of its own: a headline and three paragraphs."""
    town = town or _TOWNS[number % len(_TOWNS)]
    title = f"Pemerintah Kota {town} Resmikan Jembatan Nomor {number}"
    paragraphs = [
        f"Wali Kota {town} meresmikan jembatan nomor {number} di pusat kota pada Senin pagi.",
        f"Jembatan sepanjang {100 + number} meter itu menghubungkan dua kecamatan yang padat.",
        f'"Warga kini tidak perlu memutar jauh," kata Kepala Dinas Pekerjaan Umum {town}.',
    ]
    return title, paragraphs


def add_articles(portal: Portal, numbers: list[int], section: str = "berita", **route) -> list[str]:  # type: ignore[no-untyped-def]
    """Article pages on the portal; their URLs."""
    urls = []
    for number in numbers:
        title, paragraphs = story(number)
        path = f"/{section}/{number}"
        published = f"2026-12-0{1 + number % 5}T08:00:00+07:00"
        portal.page(path, article_html(title, paragraphs, published), **route)
        urls.append(portal.url(path))
    return urls


def feed_of(urls: list[str], stamp: str = "Mon, 07 Dec 2026 01:00:00 +0000") -> str:
    return rss([(url, f"Judul {i}", stamp) for i, url in enumerate(urls)])


def stored(db: Path) -> dict[str, tuple[str, int]]:
    """Stored articles: url -> (title, revision)."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT url, title, revision FROM articles").fetchall()
    return {url: (title, revision) for url, title, revision in rows}


# -- sources ------------------------------------------------------------------------------


def test_a_home_page_leads_to_its_section_feeds_and_news_sitemaps(
    cli: Warta, portals: list[Portal]
) -> None:
    portal = new_portal(portals)
    nasional = add_articles(portal, [1, 2], "nasional")
    ekonomi = add_articles(portal, [3], "ekonomi")
    # no feed in the head and none at the common paths: only section feeds, linked in the page
    portal.page(
        "/",
        '<html><head><title>Portal</title></head><body><a href="/nasional/1">A</a>'
        '<a href="/rss/nasional">RSS Nasional</a> <a href="/rss/ekonomi">RSS Ekonomi</a>'
        "</body></html>",
    )
    portal.feed("/rss/nasional", feed_of(nasional))
    portal.feed("/rss/ekonomi", feed_of(ekonomi))
    portal.routes["/robots.txt"] = portal.routes.get("/robots.txt") or _text(
        f"User-agent: *\nDisallow:\nSitemap: {portal.url('/sitemap-index.xml')}\n"
    )
    portal.sitemap("/sitemap-index.xml", sitemap_index([portal.url("/news-sitemap.xml")]))
    portal.sitemap(
        "/news-sitemap.xml",
        news_sitemap([(nasional[0], "Judul", "2026-12-07T08:00:00+07:00")]),
    )

    added = cli("sources", "add", portal.url("/"), "--outlet", "Portal Kita")
    assert added.returncode == 0, added
    listed = cli("sources", "--format", "json").json()
    assert {(s["url"], s["kind"], s["outlet"]) for s in listed} == {
        (portal.url("/rss/nasional"), "feed", "Portal Kita"),
        (portal.url("/rss/ekonomi"), "feed", "Portal Kita"),
        (portal.url("/sitemap-index.xml"), "sitemap", "Portal Kita"),
    }
    assert all(s["state"] == "due" and s["last_fetch"] is None for s in listed)
    # the page named its feeds: no common path was guessed
    assert "/feed" not in portal.paths() and "/rss" not in portal.paths()
    again = cli("sources", "add", portal.url("/rss/nasional"))
    assert "followed already" in again.stdout

    text = cli("sources").stdout
    assert "last fetch never" in text and "next poll" in text
    removed = cli("sources", "remove", str(listed[0]["id"]), portal.url("/rss/ekonomi"))
    assert removed.returncode == 0, removed
    assert [s["url"] for s in cli("sources", "--format", "json").json()] == [
        portal.url("/sitemap-index.xml")
    ]
    missing = cli("sources", "remove", "999")
    assert missing.returncode == 2 and "no source 999" in missing.stderr


def test_a_home_page_without_feed_links_is_tried_at_the_common_paths(
    cli: Warta, portals: list[Portal]
) -> None:
    portal = new_portal(portals)
    portal.page("/", "<html><body><p>Selamat datang</p></body></html>")
    # /rss is an HTML index of the section feeds, as many Indonesian portals have
    portal.page("/rss", '<html><body><a href="/rss/olahraga.xml">Olahraga</a></body></html>')
    portal.feed("/rss/olahraga.xml", feed_of(add_articles(portal, [4], "olahraga")))
    result = cli("sources", "add", portal.url("/"))
    assert result.returncode == 0, result
    assert [s["url"] for s in cli("sources", "--format", "json").json()] == [
        portal.url("/rss/olahraga.xml")
    ]
    assert portal.paths().index("/feed") < portal.paths().index("/rss")


def test_a_url_that_is_no_source_is_refused_by_name_and_the_others_are_added(
    cli: Warta, portals: list[Portal]
) -> None:
    portal = new_portal(portals)
    portal.feed("/feed", feed_of(add_articles(portal, [1])))
    result = cli("sources", "add", "ftp://example.com/feed", portal.url("/feed"))
    assert result.returncode == 1
    assert "refused ftp://example.com/feed: only http and https" in result.stderr
    assert [s["url"] for s in cli("sources", "--format", "json").json()] == [portal.url("/feed")]


# -- fetching -----------------------------------------------------------------------------


def test_fetch_ingests_every_new_article_once_and_sends_the_validators_back(
    cli: Warta, portals: list[Portal]
) -> None:
    portal = new_portal(portals)
    etag, modified = 'W/"feed-1"', http_date(3600)
    urls = add_articles(portal, [1, 2, 3], etag='"page"', last_modified=modified)
    # a second feed of the same portal lists one of the same articles
    portal.feed("/feed", feed_of(urls), etag=etag, last_modified=modified)
    portal.feed("/feed/terkini", feed_of(urls[:1]))
    cli("sources", "add", portal.url("/feed"), portal.url("/feed/terkini"))
    portal.seen.clear()

    first = cli("fetch")
    assert first.returncode == 0, first
    assert "3 new" in first.stdout
    assert sorted(stored(cli.db)) == sorted(urls)
    for url in urls:  # each page once, however many feeds list it
        assert len(portal.requested(url.removeprefix(portal.root))) == 1
    agent = portal.requested("/feed")[0].headers["User-Agent"]
    assert agent.startswith("Warta/") and "ops@warta.example" in agent

    second = cli("fetch", "--all")
    assert second.returncode == 0, second
    polls = portal.requested("/feed")
    assert len(polls) == 2
    assert polls[1].headers.get("If-None-Match") == etag  # exactly as received, weak tag too
    assert polls[1].headers.get("If-Modified-Since") == modified
    assert "1 not modified" in second.stdout
    for url in urls:  # nothing unchanged was fetched again
        assert len(portal.requested(url.removeprefix(portal.root))) == 1
    assert len(stored(cli.db)) == 3

    state = {s["url"]: s for s in cli("sources", "--format", "json").json()}
    feed = state[portal.url("/feed")]
    assert feed["articles"] == 3 and feed["last_new"] is not None and feed["failures"] == 0
    assert feed["last_fetch"] is not None and feed["next_poll"] > feed["last_fetch"]


def test_requests_to_one_host_keep_the_delay(cli: Warta, portals: list[Portal]) -> None:
    portal = new_portal(portals)
    portal.feed("/feed", feed_of(add_articles(portal, list(range(1, 6)))))
    cli("sources", "add", portal.url("/feed"))
    portal.seen.clear()
    assert cli("fetch").returncode == 0
    times = [request.time for request in portal.seen]
    assert len(times) >= 6
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert min(gaps) >= HOST_DELAY * 0.9, gaps


def test_robots_txt_forbidden_paths_are_never_requested(cli: Warta, portals: list[Portal]) -> None:
    portal = new_portal(portals)
    allowed = add_articles(portal, [1], "berita")
    forbidden = add_articles(portal, [2], "premium")
    portal.routes["/robots.txt"] = _text("User-agent: *\nDisallow: /premium/\n")
    portal.feed("/feed", feed_of(allowed + forbidden))
    cli("sources", "add", portal.url("/feed"))
    result = cli("fetch")
    assert result.returncode == 1  # a page was refused
    assert not [path for path in portal.paths() if path.startswith("/premium")]
    assert list(stored(cli.db)) == allowed
    rejects = {r["origin"]: r["reason"] for r in cli.rejects()}
    assert "robots.txt forbids" in rejects[forbidden[0]]
    cli("fetch", "--all")  # not asked again either
    assert not [path for path in portal.paths() if path.startswith("/premium")]


def test_429_is_retried_after_the_time_asked(cli: Warta, portals: list[Portal]) -> None:
    portal = new_portal(portals)
    answers = iter([429])

    def busy_then_ok(seen: Seen) -> tuple[int, dict[str, str], bytes]:
        status = next(answers, 200)
        if status == 429:
            return 429, {"Retry-After": "1"}, b"slow down"
        return 200, {"Content-Type": "application/rss+xml"}, feed_of(urls).encode()

    urls = add_articles(portal, [1])
    portal.feed("/feed", feed_of(urls))
    cli("sources", "add", portal.url("/feed"))
    portal.handle("/feed", busy_then_ok)
    portal.seen.clear()
    result = cli("fetch")
    assert result.returncode == 0, result
    polls = portal.requested("/feed")
    assert len(polls) == 2
    assert polls[1].time - polls[0].time >= 0.95
    assert list(stored(cli.db)) == urls


def test_a_retry_after_beyond_the_bound_ends_the_poll_until_then(
    cli: Warta, portals: list[Portal]
) -> None:
    portal = new_portal(portals)
    portal.feed("/feed", feed_of([]))
    cli("sources", "add", portal.url("/feed"))
    portal.handle("/feed", lambda seen: (429, {"Retry-After": "7200"}, b""))
    portal.seen.clear()
    result = cli("fetch")
    assert result.returncode == 1 and "Retry-After 7200" in result.stderr
    assert len(portal.requested("/feed")) == 1  # not waited for, not retried
    (source,) = cli("sources", "--format", "json").json()
    waited = datetime.fromisoformat(source["next_poll"]) - datetime.now(UTC)
    assert waited.total_seconds() > 7000
    portal.seen.clear()
    cli("fetch")  # not due before the time asked
    assert portal.seen == []


def test_5xx_backs_off_and_a_dead_source_is_paused_saying_so(
    cli: Warta, portals: list[Portal]
) -> None:
    portal = new_portal(portals)
    portal.feed("/feed", feed_of([]))
    cli("sources", "add", portal.url("/feed"))
    portal.handle("/feed", lambda seen: (503, {}, b"down"))
    env = {"WARTA_FETCH_PAUSE_FAILURES": "2", "WARTA_FETCH_BACKOFF_SECONDS": "0.2"}
    portal.seen.clear()
    first = cli.run("fetch", env=env)
    assert first.returncode == 1 and "source failed" in first.stderr and "503" in first.stderr
    polls = portal.requested("/feed")
    assert len(polls) == 3  # one try and fetch_retries (2) retries
    first_wait, second_wait = polls[1].time - polls[0].time, polls[2].time - polls[1].time
    assert first_wait >= 0.2 and second_wait >= 0.4  # the backoff doubles
    (source,) = cli("sources", "--format", "json").json()
    assert (
        source["failures"] == 1 and source["state"] == "waiting" and "503" in source["last_error"]
    )

    second = cli.run("fetch", "--all", env=env)
    assert "source paused" in second.stderr
    (source,) = cli("sources", "--format", "json").json()
    assert source["state"] == "paused" and "paused after failing" in source["last_error"]
    assert "paused" in cli("sources").stdout
    portal.seen.clear()
    cli.run("fetch", "--all", env=env)
    assert portal.seen == []  # a paused source is not polled
    portal.feed("/feed", feed_of([]))
    assert cli("sources", "resume", str(source["id"])).returncode == 0
    assert cli.run("fetch", env=env).returncode == 0
    (source,) = cli("sources", "--format", "json").json()
    assert source["state"] == "waiting" and source["failures"] == 0


def test_a_redirect_loop_is_refused_after_a_bounded_number_of_requests(
    cli: Warta, portals: list[Portal]
) -> None:
    portal = new_portal(portals)
    portal.feed("/feed", feed_of([portal.url("/loop/a")]))
    portal.handle("/loop/a", lambda seen: (302, {"Location": "/loop/b"}, b""))
    portal.handle("/loop/b", lambda seen: (302, {"Location": "/loop/a"}, b""))
    portal.handle("/hops/0", lambda seen: (301, {"Location": "/hops/1"}, b""))
    for hop in range(1, 10):
        portal.handle(
            f"/hops/{hop}", lambda seen, h=hop: (301, {"Location": f"/hops/{h + 1}"}, b"")
        )
    portal.feed("/feed", feed_of([portal.url("/loop/a"), portal.url("/hops/0")]))
    cli("sources", "add", portal.url("/feed"))
    result = cli.run("fetch", env={"WARTA_FETCH_MAX_REDIRECTS": "3"})
    assert result.returncode == 1
    rejects = {r["origin"]: r["reason"] for r in cli.rejects()}
    assert "redirect loop" in rejects[portal.url("/loop/a")]
    assert "more than 3 redirects" in rejects[portal.url("/hops/0")]
    assert len([p for p in portal.paths() if p.startswith("/loop")]) == 2
    assert len([p for p in portal.paths() if p.startswith("/hops")]) == 4


def test_a_50_mb_page_is_stopped_at_the_size_limit(cli: Warta, portals: list[Portal]) -> None:
    portal = new_portal(portals)
    chunk = b"<p>" + b"kata " * 13000 + b"</p>\n"

    def huge(seen: Seen) -> tuple[int, dict[str, str], Iterator[bytes]]:
        def body() -> Iterator[bytes]:
            yield b"<html><body>"
            for _ in range(50 * 1024 * 1024 // len(chunk)):
                yield chunk

        return 200, {"Content-Type": "text/html"}, body()  # no Content-Length: streamed

    portal.handle("/berita/besar", huge)
    small = add_articles(portal, [1])
    portal.feed("/feed", feed_of([portal.url("/berita/besar"), *small]))
    cli("sources", "add", portal.url("/feed"))
    result = cli("fetch")
    assert result.returncode == 1
    rejects = {r["origin"]: r["reason"] for r in cli.rejects()}
    assert "stopped reading" in rejects[portal.url("/berita/besar")]
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and portal.sent.get("/berita/besar", 0) < 1024 * 1024:
        time.sleep(0.05)  # pragma: no cover - the server thread's count catches up
    assert portal.sent["/berita/besar"] < 10 * 1024 * 1024  # the rest never sent
    assert list(stored(cli.db)) == small  # the batch went on


def test_a_slow_server_times_out_and_the_batch_goes_on(cli: Warta, portals: list[Portal]) -> None:
    portal = new_portal(portals)

    def slow(seen: Seen) -> tuple[int, dict[str, str], bytes]:
        time.sleep(2.5)
        return 200, {"Content-Type": "text/html"}, b"<html></html>"

    portal.handle("/berita/lambat", slow)
    quick = add_articles(portal, [1])
    portal.feed("/feed", feed_of([portal.url("/berita/lambat"), *quick]))
    cli("sources", "add", portal.url("/feed"))
    started = time.monotonic()
    result = cli.run("fetch", env={"WARTA_FETCH_RETRIES": "1"})
    assert time.monotonic() - started < 10
    assert result.returncode == 1
    rejects = {r["origin"]: r["reason"] for r in cli.rejects()}
    assert "timed out" in rejects[portal.url("/berita/lambat")]
    assert len(portal.requested("/berita/lambat")) == 2
    assert list(stored(cli.db)) == quick
    # a timeout may pass: the page is asked again at the next poll
    cli.run("fetch", "--all", env={"WARTA_FETCH_RETRIES": "1"})
    assert len(portal.requested("/berita/lambat")) == 4


def test_an_article_changed_after_publication_is_a_new_revision(
    cli: Warta, portals: list[Portal]
) -> None:
    portal = new_portal(portals)
    (url,) = add_articles(portal, [1])
    portal.feed("/feed", feed_of([url], "Mon, 07 Dec 2026 01:00:00 +0000"))
    cli("sources", "add", portal.url("/feed"))
    assert cli("fetch").returncode == 0
    title, paragraphs = story(1)
    corrected = [*paragraphs[:2], "Koreksi: jembatan itu diresmikan oleh Wakil Wali Kota Bogor."]
    portal.page(
        "/berita/1", article_html(title + " (Ralat)", corrected, "2026-12-02T08:00:00+07:00")
    )
    portal.feed("/feed", feed_of([url], "Mon, 07 Dec 2026 03:00:00 +0000"))
    result = cli("fetch", "--all")
    assert "1 updated" in result.stdout, result
    assert stored(cli.db) == {url: (title + " (Ralat)", 2)}
    (article,) = cli.articles()
    assert any("Koreksi" in paragraph for paragraph in article["body"])


def test_private_addresses_are_refused_unless_allowed(cli: Warta, portals: list[Portal]) -> None:
    portal = new_portal(portals)
    portal.feed("/feed", feed_of(add_articles(portal, [1])))
    cli("sources", "add", portal.url("/feed"))
    result = cli.run("fetch", env={"WARTA_FETCH_ALLOW_PRIVATE": "false"})
    assert result.returncode == 1
    assert f"{portal.name}, a loopback address" in result.stderr
    assert [p for p in portal.paths() if p != "/robots.txt"] == ["/feed"]  # from `sources add`


def test_a_redirect_to_a_private_address_is_refused_before_it_is_requested(
    portals: list[Portal],
) -> None:
    """The portal's address counts as public here, so that the portal can redirect to another
    loopback address (127.0.0.2) that counts as what it is."""
    from warta.errors import FetchRefused
    from warta.sources.http import Fetcher, FetchPolicy
    from warta.sources.safety import private_reason

    portal = new_portal(portals)
    port = portal.server.server_address[1]
    portal.handle("/pindah", lambda seen: (302, {"Location": f"http://127.0.0.2:{port}/x"}, b""))
    portal.handle("/file", lambda seen: (302, {"Location": "file:///etc/passwd"}, b""))
    portal.page("/x", "<p>rahasia</p>")

    def public_here(address: str) -> str | None:
        return None if address == portal.name else private_reason(address)

    policy = FetchPolicy(host_delay=0, retries=0)
    with Fetcher(policy, private=public_here) as fetcher:
        with pytest.raises(FetchRefused, match=r"127\.0\.0\.2, a loopback address"):
            fetcher.get(portal.url("/pindah"))
        with pytest.raises(FetchRefused, match="only http and https"):
            fetcher.get(portal.url("/file"))
    assert "/x" not in portal.paths()
    assert portal.paths().count("/pindah") == 1


def test_a_host_whose_first_address_does_not_answer_is_reached_at_its_next(
    portals: list[Portal], caplog: pytest.LogCaptureFixture
) -> None:
    """A name with two addresses (an IPv6 and an IPv4 one, say) where nothing listens on the
    first: the request goes on to the second at once (not after the retries' waits), and the
    next request goes there first. The resolver is given; the connections are real."""
    import logging

    from warta.sources.http import Fetcher, FetchPolicy

    portal = new_portal(portals)
    portal.page("/a", "<p>satu</p>")
    portal.page("/b", "<p>dua</p>")
    silent = "127.0.9.9"  # a loopback address nothing listens on

    def resolver(host: str, port: int) -> list[str]:
        return [silent, portal.name]

    policy = FetchPolicy(allow_private=True, host_delay=0, retries=0, backoff=30)
    with caplog.at_level(logging.INFO, "warta"), Fetcher(policy, resolver=resolver) as fetcher:
        first = fetcher.get(portal.url("/a"))
        second = fetcher.get(portal.url("/b"))
    assert (first.status, first.address, second.address) == (200, portal.name, portal.name)
    assert b"dua" in second.body
    tried = [r.getMessage() for r in caplog.records if "did not answer" in r.getMessage()]
    assert len(tried) == 1 and silent in tried[0], tried


@pytest.mark.parametrize(
    ("address", "kind"),
    [("127.0.0.1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.1", "private"),
     ("169.254.169.254", "link-local"), ("::1", "loopback"), ("fe80::1", "link-local"),
     ("::ffff:127.0.0.1", "loopback"), ("fd00::1", "private"), ("0.0.0.0", "unspecified"),
     ("8.8.8.8", None), ("2001:4860:4860::8888", None)],
)  # fmt: skip
def test_addresses_that_are_not_public_are_told(address: str, kind: str | None) -> None:
    from warta.sources.safety import private_reason

    assert private_reason(address) == kind


def test_a_name_is_checked_after_it_resolves() -> None:
    from warta.errors import FetchRefused
    from warta.sources.safety import check_url

    with pytest.raises(FetchRefused, match=r"localhost resolves to .*loopback"):
        check_url("http://localhost:9/feed")
    assert check_url("http://localhost:9/feed", allow_private=True).address in ("127.0.0.1", "::1")


# -- the archive --------------------------------------------------------------------------


def test_every_response_is_archived_and_reanalyses_to_the_same_articles(
    cli: Warta, portals: list[Portal], tmp_path: Path
) -> None:
    from warcio.archiveiterator import ArchiveIterator

    portal = new_portal(portals)
    urls = add_articles(portal, [1, 2], etag='"v1"')
    portal.feed("/feed", feed_of(urls))
    cli("sources", "add", portal.url("/feed"))
    assert cli("fetch").returncode == 0
    (warc,) = (tmp_path / "archive").glob("*.warc.gz")
    records = []
    with warc.open("rb") as stream:
        for record in ArchiveIterator(stream):
            records.append(record)
            if record.rec_type == "request":
                assert "Warta/" in record.http_headers.get_header("User-Agent")
            if (
                record.rec_type == "response"
                and record.rec_headers.get_header("WARC-Target-URI") in urls
            ):
                assert record.http_headers.get_header("ETag") == '"v1"'
                assert b"Jembatan" in record.content_stream().read()
    kinds = [record.rec_type for record in records]
    assert kinds.count("response") == 3 and kinds.count("request") == 3  # feed and two pages
    with gzip.open(warc) as whole:
        assert whole.read()  # a valid gzip file as a whole

    before = {a["id"]: a for a in cli.articles()}
    again = cli.run("reanalyze", db=tmp_path / "again.db")
    assert again.returncode == 0, again
    assert "2 pages" in again.stdout and "2 new" in again.stdout
    after = Warta(tmp_path / "again.db", cli.cwd).articles()
    assert {a["id"]: (a["title"], a["body"], a["published"]) for a in after} == {
        i: (a["title"], a["body"], a["published"]) for i, a in before.items()
    }
    same = cli("reanalyze")
    assert "0 analysed differently, 0 new, 0 updated" in same.stdout


# -- watch --------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["sigterm", "ctrl-c", "sigkill"])
def test_stopping_watch_mid_poll_loses_nothing_and_doubles_nothing(
    cli: Warta, portals: list[Portal], fetch_env: dict[str, str], how: str, tmp_path: Path
) -> None:
    """SIGTERM to `warta watch`, a Ctrl-C (which a terminal sends to the whole process group,
    analysis workers included), or SIGKILL, after which the next poll completes the work."""
    from warta.run.fetch import PAGES_PER_INGEST

    portal = new_portal(portals)
    urls = add_articles(portal, list(range(1, PAGES_PER_INGEST + 10)))
    portal.feed("/feed", feed_of(urls))
    cli("sources", "add", portal.url("/feed"))
    env = clean_env({**fetch_env, "WARTA_FETCH_HOST_DELAY_SECONDS": "0.1"})
    env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
    watcher = subprocess.Popen(
        [sys.executable, "-m", "warta", "--db", str(cli.db), "watch"],
        cwd=cli.cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    # stopped mid-poll: in the second part of the pages, the first part stored
    middle = f"/berita/{PAGES_PER_INGEST + 3}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(portal.requested(middle)) == 0:
        time.sleep(0.05)
    if how == "ctrl-c":
        os.killpg(watcher.pid, signal.SIGINT)
    elif how == "sigterm":
        watcher.send_signal(signal.SIGTERM)
    else:
        os.killpg(watcher.pid, signal.SIGKILL)
    out, errors = watcher.communicate(timeout=60)
    assert b"Traceback" not in errors
    if how == "sigkill":
        assert watcher.returncode == -signal.SIGKILL
    else:
        assert watcher.returncode == 0, errors.decode()
        assert b"stopped after" in out
    kept = stored(cli.db)
    assert PAGES_PER_INGEST <= len(kept) < len(urls)
    fetched = {r.path for r in portal.seen if r.path.startswith("/berita/")}
    assert set(kept) <= {portal.url(path) for path in fetched}
    # the next poll completes the work: each article once, the ones kept not fetched again
    result = cli("fetch", "--all")
    assert result.returncode == 0, result
    assert sorted(stored(cli.db)) == sorted(urls)
    assert all(revision == 1 for _, revision in stored(cli.db).values())
    for url in kept:
        assert len(portal.requested(url.removeprefix(portal.root))) == 1
    # the archive reads back, a record cut short by a kill included
    again = cli.run("reanalyze", db=tmp_path / "again.db")
    assert again.returncode == 0, again
    assert len(Warta(tmp_path / "again.db", cli.cwd).articles()) == len(urls)


def _text(body: str):  # type: ignore[no-untyped-def]
    from tests.portals import Route

    return Route(body.encode(), "text/plain")


def test_the_benchmark_polls_its_portals_politely() -> None:
    from tests.conftest import load_bench

    bench = load_bench("fetch")
    result = bench.run(portals=3, articles=2, delay=0.05)
    assert result.articles == 6 and result.requests == 12  # robots, feed, pages; per portal
    assert result.second_poll_requests == 3  # one 304 per feed
    assert result.shortest_gap_seconds >= 0.05


def test_pages_left_for_later_are_fetched_at_the_next_poll_despite_validators(
    cli: Warta, portals: list[Portal]
) -> None:
    """A feed whose pages are not all fetched (over fetch_max_pages, or a page timing out) is
    read whole at the next poll, though its ETag has not changed. Pages over the bound make
    the source due at once: the next `warta fetch` (not --all) reads on."""
    portal = new_portal(portals)
    urls = add_articles(portal, [1, 2, 3, 4, 5])
    portal.feed("/feed", feed_of(urls), etag='"same"')
    cli("sources", "add", portal.url("/feed"))
    env = {"WARTA_FETCH_MAX_PAGES": "2", "WARTA_FETCH_MIN_INTERVAL_SECONDS": "600"}
    for expected in (2, 4, 5):
        result = cli.run("fetch", env=env)
        assert result.returncode == 0, result
        assert len(stored(cli.db)) == expected
    last = portal.requested("/feed")[-1]
    assert "If-None-Match" not in last.headers  # read whole while pages were left
    cli.run("fetch", "--all", env=env)
    assert portal.requested("/feed")[-1].headers.get("If-None-Match") == '"same"'
    for url in urls:
        assert len(portal.requested(url.removeprefix(portal.root))) == 1


def test_a_sitemap_index_leads_to_its_news_sitemap_articles(
    cli: Warta, portals: list[Portal]
) -> None:
    portal = new_portal(portals)
    urls = add_articles(portal, [1, 2])
    portal.sitemap("/sitemap.xml", sitemap_index([portal.url("/sitemap-news.xml")]))
    portal.sitemap(
        "/sitemap-news.xml",
        news_sitemap(
            [(url, f"Judul {i}", "2026-12-07T08:00:00+07:00") for i, url in enumerate(urls)]
        ),
    )
    cli("sources", "add", portal.url("/sitemap.xml"))
    result = cli("fetch")
    assert result.returncode == 0, result
    assert sorted(stored(cli.db)) == sorted(urls)


def test_robots_crawl_delay_is_kept_when_longer(cli: Warta, portals: list[Portal]) -> None:
    portal = new_portal(portals)
    portal.routes["/robots.txt"] = _text("User-agent: *\nCrawl-delay: 0.4\n")
    portal.feed("/feed", feed_of(add_articles(portal, [1, 2])))
    cli("sources", "add", portal.url("/feed"))
    portal.seen.clear()
    assert cli("fetch").returncode == 0
    times = [request.time for request in portal.seen]
    assert len(times) == 4  # robots.txt (read again by this run), the feed, two pages
    assert min(later - earlier for earlier, later in itertools.pairwise(times)) >= 0.4


def test_redirects_are_followed_and_archived(
    cli: Warta, portals: list[Portal], tmp_path: Path
) -> None:
    from warcio.archiveiterator import ArchiveIterator

    portal = new_portal(portals)
    (url,) = add_articles(portal, [1])
    portal.handle("/lama/1", lambda seen: (301, {"Location": "/berita/1"}, b""))
    portal.feed("/feed", feed_of([portal.url("/lama/1")]))
    cli("sources", "add", portal.url("/feed"))
    assert cli("fetch").returncode == 0
    assert list(stored(cli.db)) == [portal.url("/lama/1")]  # the feed's URL identifies it
    (warc,) = (tmp_path / "archive").glob("*.warc.gz")
    with warc.open("rb") as stream:
        responses = [
            (r.rec_headers.get_header("WARC-Target-URI"), r.http_headers.get_statuscode())
            for r in ArchiveIterator(stream)
            if r.rec_type == "response"
        ]
    assert (portal.url("/lama/1"), "301") in responses and (url, "200") in responses
    # the archive re-analyses to the article as the feed named it
    assert cli.run("reanalyze", db=tmp_path / "again.db").returncode == 0
    again = Warta(tmp_path / "again.db", cli.cwd).articles()
    assert [a["url"] for a in again] == [portal.url("/lama/1")]


def test_fetch_on_each_store(
    warta_on_each_store: Warta, fetch_env: dict[str, str], portals: list[Portal]
) -> None:
    portal = new_portal(portals)
    urls = add_articles(portal, [1, 2], etag='"p"')
    portal.feed("/feed", feed_of(urls), etag='"f"')
    run = warta_on_each_store
    assert run("sources", "add", portal.url("/feed"), env=fetch_env).returncode == 0
    first = run("fetch", env=fetch_env)
    assert first.returncode == 0 and "2 new" in first.stdout, first
    second = run("fetch", "--all", env=fetch_env)
    assert "1 not modified" in second.stdout, second
    assert sorted(a["url"] for a in run.articles()) == sorted(urls)
    (source,) = run("sources", "--format", "json").json()
    assert source["articles"] == 2 and source["polls"] == 2
    assert len(run("sources", "pages", "-f", "json").json()) == 2


def test_fetch_without_sources_says_how_to_add_one(cli: Warta) -> None:
    result = cli("fetch")
    assert result.returncode == 2 and "warta sources add URL" in result.stderr


def test_listing_sources_of_a_store_that_does_not_exist_is_refused(cli: Warta) -> None:
    result = cli("sources")
    assert result.returncode == 2 and "no database at" in result.stderr
    assert not cli.db.exists()


def test_fetching_without_a_contact_says_to_set_one(cli: Warta, portals: list[Portal]) -> None:
    portal = new_portal(portals)
    portal.feed("/feed", feed_of([]))
    added = cli.run("sources", "add", portal.url("/feed"), env={"WARTA_FETCH_CONTACT": ""})
    assert added.returncode == 0 and "fetch_contact is empty" in added.stderr
    assert portal.requested("/feed")[0].headers["User-Agent"].startswith("Warta/")
    assert "fetch_contact" not in cli("fetch").stderr


def test_the_python_api_follows_and_fetches(
    portals: list[Portal], tmp_path: Path, fetch_env: dict[str, str]
) -> None:
    import warta
    from warta.run.local import InProcess

    portal = new_portal(portals)
    urls = add_articles(portal, [1, 2])
    portal.page(
        "/",
        f'<html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head><body>{"x"}</body></html>',
    )
    portal.feed("/rss", feed_of(urls))
    settings = {
        "fetch_allow_private": True,
        "fetch_host_delay_seconds": HOST_DELAY,
        "fetch_archive": str(tmp_path / "archive"),
        "fetch_contact": "api@warta.example",
    }
    with warta.open_store(tmp_path / "api.db") as store:
        added, refused = warta.follow(store, [portal.url("/")], overrides=settings)
        assert refused == [] and [(s.url, new) for s, new in added] == [(portal.url("/rss"), True)]
        report = warta.fetch(store, overrides=settings, analysis=InProcess())
        assert report.ingest.added == 2 and report.polled == 1
        assert sorted(a.url for a in store.list_articles()) == sorted(urls)
    assert list((tmp_path / "archive").glob("*.warc.gz"))


def test_robots_txt_behind_a_redirect_is_followed_and_honoured(
    cli: Warta, portals: list[Portal]
) -> None:
    portal = new_portal(portals)
    portal.handle("/robots.txt", lambda seen: (301, {"Location": "/robots-id.txt"}, b""))
    portal.routes["/robots-id.txt"] = _text("User-agent: Warta\nDisallow: /tertutup/\n")
    urls = add_articles(portal, [1]) + add_articles(portal, [2], "tertutup")
    portal.feed("/feed", feed_of(urls))
    cli("sources", "add", portal.url("/feed"))
    cli("fetch")
    assert list(stored(cli.db)) == urls[:1]
    assert not [path for path in portal.paths() if path.startswith("/tertutup")]


def test_retry_after_is_read_as_seconds_or_as_a_date() -> None:
    from email.utils import formatdate

    from warta.sources.http import retry_after

    assert retry_after("120") == 120.0
    assert 3500 < (retry_after(formatdate(time.time() + 3600, usegmt=True)) or 0) <= 3600
    assert retry_after(formatdate(time.time() - 60, usegmt=True)) == 0.0
    assert retry_after("soon") is None and retry_after(None) is None


def test_the_outlet_named_when_adding_names_the_articles(cli: Warta, portals: list[Portal]) -> None:
    portal = new_portal(portals)
    portal.feed("/feed", feed_of(add_articles(portal, [1])))
    cli("sources", "add", portal.url("/feed"), "--outlet", "Kabar Kita")
    assert cli("fetch").returncode == 0
    assert [a["outlet"] for a in cli.articles()] == ["Kabar Kita"]
    rows = cli("sources", "--format", "csv").stdout.splitlines()
    assert rows[0].startswith("id,url,kind,outlet,state,last_fetch,last_new,articles")
    assert ",Kabar Kita," in rows[1] and len(rows) == 2
