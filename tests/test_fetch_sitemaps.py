"""Sitemap indexes: which of their sitemaps a poll reads, with their validators."""

from __future__ import annotations

from tests.conftest import Warta
from tests.portals import Portal, news_sitemap, sitemap_index
from tests.test_fetch import (
    add_articles,
    cli,  # noqa: F401  (fixture)
    fetch_env,  # noqa: F401  (fixture)
    new_portal,
    portals,  # noqa: F401  (fixture)
    stored,
)
from warta.records import FetchedPage
from warta.sources.feeds import Entry
from warta.sources.sitemaps import sitemaps_to_read

#: The index's order of its eight sitemaps (not by date: the poll sorts them by lastmod).
ORDER = [3, 7, 1, 8, 5, 2, 6, 4]


def day(number: int) -> str:
    return f"2026-11-{number:02d}T06:00:00+07:00"


def serve_index(portal: Portal, lastmods: dict[int, str | None], etag: str) -> None:
    numbers = [n for n in ORDER if n in lastmods] + sorted(set(lastmods) - set(ORDER))
    portal.sitemap(
        "/sitemap.xml",
        sitemap_index(
            [portal.url(f"/sitemap-{n}.xml") for n in numbers], [lastmods[n] for n in numbers]
        ),
        etag=etag,
    )


def serve_sitemap(portal: Portal, number: int, articles: list[int]) -> None:
    urls = add_articles(portal, articles)
    portal.sitemap(
        f"/sitemap-{number}.xml",
        news_sitemap([(url, "Judul", "2026-12-07T08:00:00+07:00") for url in urls]),
        etag=f'"s{number}-{len(articles)}"',
    )


def sitemaps_asked(portal: Portal) -> list[tuple[int, str | None]]:
    """The sitemaps requested, in order, with the ETag each was sent with."""
    return [
        (
            int(seen.path.removeprefix("/sitemap-").removesuffix(".xml")),
            seen.headers.get("If-None-Match"),
        )
        for seen in portal.seen
        if seen.path.startswith("/sitemap-")
    ]


#: A poll's bound on an index's sitemaps in these tests (``fetch_max_sitemaps``).
FIVE = {"WARTA_FETCH_MAX_SITEMAPS": "5"}


def test_an_index_is_read_newest_first_over_polls_then_only_what_changed(
    cli: Warta,  # noqa: F811
    portals: list[Portal],  # noqa: F811
) -> None:
    portal = new_portal(portals)
    for number in range(1, 9):
        serve_sitemap(portal, number, [number * 10])
    serve_index(portal, {n: day(n) for n in range(1, 9)}, '"index-1"')
    assert cli("sources", "add", portal.url("/sitemap.xml")).returncode == 0
    portal.seen.clear()

    first = cli.run("fetch", env=FIVE)
    assert first.returncode == 0, first
    # the five newest, newest first; the three oldest wait for the next poll, which says so
    assert sitemaps_asked(portal) == [(8, None), (7, None), (6, None), (5, None), (4, None)]
    assert sorted(stored(cli.db)) == sorted(portal.url(f"/berita/{n * 10}") for n in range(4, 9))
    assert "3 sitemaps of its index" in first.stderr and "next poll" in first.stderr
    # the sitemaps are remembered, but not listed as pages fetched
    pages = cli("sources", "pages", "-f", "json").json()
    assert all("/berita/" in page["url"] for page in pages) and len(pages) == 5

    portal.seen.clear()
    second = cli.run("fetch", "--all", env=FIVE)
    assert second.returncode == 0, second
    # the index read whole again (its validators were not kept), and the three left read
    assert "If-None-Match" not in portal.requested("/sitemap.xml")[0].headers
    assert sitemaps_asked(portal) == [(3, None), (2, None), (1, None)]
    assert sorted(stored(cli.db)) == sorted(portal.url(f"/berita/{n * 10}") for n in range(1, 9))
    assert "next poll" not in second.stderr

    portal.seen.clear()
    again = cli.run("fetch", "--all", env=FIVE)  # nothing changed: the index answers 304
    assert "1 not modified" in again.stdout, again
    assert sitemaps_asked(portal) == []

    # sitemap 5 has a new article; 6 a new lastmod but the same content; 2 changed; 9 and 10
    # are new, 10 dated before every sitemap read (the portal's clock is late): read too
    serve_sitemap(portal, 5, [50, 51])
    serve_sitemap(portal, 2, [20, 21])
    serve_sitemap(portal, 9, [90])
    serve_sitemap(portal, 10, [100])
    lastmods: dict[int, str | None] = {n: day(n) for n in range(1, 9)}
    lastmods.update({5: day(20), 6: day(21), 2: day(22), 9: day(9), 10: "2026-10-01"})
    serve_index(portal, lastmods, '"index-2"')
    portal.seen.clear()
    third = cli.run("fetch", "--all", env=FIVE)
    assert third.returncode == 0, third
    assert sitemaps_asked(portal) == [
        (2, '"s2-1"'), (6, '"s6-1"'), (5, '"s5-1"'), (9, None), (10, None)
    ]  # fmt: skip
    assert "/sitemap-6.xml" in portal.paths()  # answered 304: nothing more asked for it
    new = {portal.url(f"/berita/{n}") for n in (51, 21, 90, 100)}
    assert new <= set(stored(cli.db)) and len(stored(cli.db)) == 12

    portal.seen.clear()
    serve_index(portal, lastmods, '"index-3"')  # a new ETag, the same lastmods
    cli.run("fetch", "--all", env=FIVE)
    assert sitemaps_asked(portal) == []


def test_sitemaps_without_lastmod_are_all_read_then_asked_in_turn_with_validators(
    cli: Warta,  # noqa: F811
    portals: list[Portal],  # noqa: F811
) -> None:
    portal = new_portal(portals)
    for number in range(1, 9):
        serve_sitemap(portal, number, [number * 10])
    serve_index(portal, dict.fromkeys(range(1, 9)), '"index"')
    cli("sources", "add", portal.url("/sitemap.xml"))
    portal.seen.clear()
    assert cli.run("fetch", env=FIVE).returncode == 0
    assert sitemaps_asked(portal) == [(n, None) for n in ORDER[:5]]
    portal.seen.clear()
    assert cli.run("fetch", "--all", env=FIVE).returncode == 0
    # they cannot say they changed: the index is read whole; the three not read yet first,
    # then, in what the bound leaves, those asked longest ago, with their validators
    assert "If-None-Match" not in portal.requested("/sitemap.xml")[0].headers
    assert sitemaps_asked(portal) == [(n, None) for n in ORDER[5:]] + [
        (n, f'"s{n}-1"') for n in ORDER[:2]
    ]
    assert len(stored(cli.db)) == 8
    portal.seen.clear()
    assert cli.run("fetch", "--all", env=FIVE).returncode == 0
    # those of the first poll not asked at the second come first (the others then follow in
    # the order they were asked, to the second of their time stamps, or the index's order)
    third = [n for n, _ in sitemaps_asked(portal)]
    assert third[:3] == ORDER[2:5] and len(set(third)) == 5


def _read(url: str, lastmod: str | None) -> FetchedPage:
    return FetchedPage(url, 1, lastmod, '"e"', None, "2026-12-07T00:00:00+00:00", 200)


def test_changed_sitemaps_over_the_bound_are_left_for_the_next_poll() -> None:
    children = [Entry(f"https://p.example/s{n}.xml", updated=day(n + 10)) for n in range(7)]
    known = {child.url: _read(child.url, day(n)) for n, child in enumerate(children)}
    chosen = sitemaps_to_read(children, known, bound=5)
    assert [c.url for c in chosen.read] == [children[n].url for n in (6, 5, 4, 3, 2)]
    assert chosen.left == 2
    known.update({c.url: _read(c.url, c.updated) for c in chosen.read})
    later = sitemaps_to_read(children, known, bound=5)
    assert [c.url for c in later.read] == [children[1].url, children[0].url] and later.left == 0


def test_dated_sitemaps_come_before_undated_ones_and_a_lastmod_may_be_a_day() -> None:
    children = [
        Entry("https://p.example/news.xml"),
        Entry("https://p.example/2026-11.xml", updated="2026-11-30"),
        Entry("https://p.example/2026-12.xml", updated="2026-12-07"),
        Entry("https://p.example/bad.xml", updated="kemarin"),  # unreadable: as undated
    ]
    chosen = sitemaps_to_read(children, {})
    assert [c.url.rsplit("/", 1)[1] for c in chosen.read] == [
        "2026-12.xml", "2026-11.xml", "news.xml", "bad.xml"
    ]  # fmt: skip


def test_a_sitemap_dated_by_todays_day_alone_is_asked_again_with_its_validators(
    cli: Warta,  # noqa: F811
    portals: list[Portal],  # noqa: F811
) -> None:
    """A portal's sitemap of the day, whose lastmod is the day alone ("2026-12-07"), grows all
    day under the same lastmod: it is asked again at every poll, with its validators, and its
    new articles are stored; yesterday's, dated by its day too, is not asked again."""
    portal = new_portal(portals)
    serve_sitemap(portal, 6, [60])
    serve_sitemap(portal, 7, [70])
    serve_index(portal, {6: "2026-12-06", 7: "2026-12-07"}, '"index"')
    assert cli("sources", "add", portal.url("/sitemap.xml")).returncode == 0
    assert cli("fetch").returncode == 0
    serve_sitemap(portal, 7, [70, 71])  # the same lastmod, one more article
    portal.seen.clear()
    again = cli("fetch", "--all")
    assert again.returncode == 0, again
    assert sitemaps_asked(portal) == [(7, '"s7-1"')]
    assert portal.url("/berita/71") in stored(cli.db)


def test_an_archive_older_than_the_age_asked_is_passed_over_by_the_portals_dates() -> None:
    """fetch_sitemap_max_age_days counts back from the index's newest lastmod, not from our
    clock; a sitemap read before is read again when it changes, however old."""
    children = [
        Entry("https://p.example/2026-12-07.xml", updated="2026-12-07"),
        Entry("https://p.example/2026-12-01.xml", updated="2026-12-01"),
        Entry("https://p.example/2026-11-20.xml", updated="2026-11-20"),
        Entry("https://p.example/2019-01-01.xml", updated="2019-01-01T10:00:00+07:00"),
    ]
    chosen = sitemaps_to_read(children, {}, max_age_days=7)
    assert [c.url for c in chosen.read] == [c.url for c in children[:2]]
    assert (chosen.left, chosen.too_old) == (0, 2)
    everything = sitemaps_to_read(children, {})
    assert [c.url for c in everything.read] == [c.url for c in children]
    old = children[3]
    known = {old.url: _read(old.url, "2018-12-31")}
    changed = sitemaps_to_read(children, known, max_age_days=7)
    assert old.url in [c.url for c in changed.read] and changed.too_old == 1


def test_a_sitemap_that_fails_leaves_its_index_read(
    cli: Warta,  # noqa: F811
    portals: list[Portal],  # noqa: F811
) -> None:
    """One sitemap of an index that answers 404 does not fail the index's poll: the others'
    articles are stored, the failure is named, and the next poll asks that sitemap again."""
    portal = new_portal(portals)
    for number in (1, 3):
        serve_sitemap(portal, number, [number * 10])
    serve_index(portal, {n: day(n) for n in (1, 2, 3)}, '"index-1"')  # sitemap-2 is not served
    assert cli("sources", "add", portal.url("/sitemap.xml")).returncode == 0
    portal.seen.clear()

    first = cli("fetch")
    assert first.returncode == 0, first
    assert sorted(stored(cli.db)) == sorted(portal.url(f"/berita/{n}") for n in (10, 30))
    assert "sitemap of an index failed" in first.stderr and "/sitemap-2.xml" in first.stderr
    assert "source failed" not in first.stderr

    serve_sitemap(portal, 2, [20])  # now it answers
    portal.seen.clear()
    again = cli("fetch", "--all")
    assert again.returncode == 0, again
    # the index is read whole again (its poll was incomplete), so the sitemap that failed too
    assert 2 in [number for number, _ in sitemaps_asked(portal)]
    assert sorted(stored(cli.db)) == sorted(portal.url(f"/berita/{n}") for n in (10, 20, 30))


def test_gzipped_and_large_sitemaps_are_read_a_gzip_bomb_is_not(
    cli: Warta,  # noqa: F811
    portals: list[Portal],  # noqa: F811
) -> None:
    """The sitemap protocol allows gzipped files (sitemap.xml.gz, served as application/x-gzip)
    and 50 MB: a home page whose robots.txt names a gzipped index of a gzipped sitemap and of
    one larger than an article page may be (fetch_max_bytes, 1 MiB in these tests) is
    followed, and every article is stored; a sitemap that inflates past 50 MB is refused,
    named, and the rest goes on."""
    import gzip

    from tests.portals import Route

    portal = new_portal(portals)
    small = add_articles(portal, [1, 2])
    padded = news_sitemap([(url, "Judul", "2026-12-07T08:00:00+07:00") for url in small])
    padding = "<!-- " + "x" * (2 * 1024 * 1024) + " -->"  # 2 MiB: over an article's limit
    large = add_articles(portal, [3])
    big = news_sitemap([(url, "Judul", "2026-12-07T08:00:00+07:00") for url in large])
    portal.routes["/sitemap-1.xml.gz"] = Route(gzip.compress(padded.encode()), "application/x-gzip")
    portal.sitemap("/sitemap-2.xml", big.replace("</urlset>", padding + "</urlset>"))
    bomb = gzip.compress(b"<urlset>" + b" " * (51 * 1024 * 1024))
    portal.routes["/bomb.xml.gz"] = Route(bomb, "application/x-gzip")
    index = sitemap_index(
        [portal.url(p) for p in ("/sitemap-1.xml.gz", "/sitemap-2.xml", "/bomb.xml.gz")],
        [day(3), day(2), day(1)],
    )
    portal.routes["/sitemap_index.xml.gz"] = Route(
        gzip.compress(index.encode()), "application/x-gzip"
    )
    portal.page(
        "/robots.txt",
        f"Sitemap: {portal.url('/sitemap_index.xml.gz')}\n",
        content_type="text/plain",
    )
    portal.page("/", "<html><head><title>Portal</title></head><body>Berita</body></html>")

    added = cli("sources", "add", portal.url("/"))
    assert added.returncode == 0, added
    assert "sitemap_index.xml.gz" in added.stdout
    fetched = cli("fetch")
    assert fetched.returncode == 0, fetched
    assert sorted(stored(cli.db)) == sorted(small + large)
    assert "bomb.xml.gz" in fetched.stderr and "50 MB uncompressed" in fetched.stderr
