"""A fetched page's publication time from the best evidence, each piece with its source, and
disagreements flagged."""

from __future__ import annotations

import json

from tests.conftest import Warta
from tests.portals import Portal, article_html, rss
from tests.test_fetch import cli, fetch_env, new_portal, portals, story  # noqa: F401  (fixtures)
from warta.sources.dates import publication_time

LD = '<script type="application/ld+json">{json}</script>'


def _ld(value: str) -> str:
    graph = {"@graph": [{"@type": "WebPage"}, {"@type": "NewsArticle", "datePublished": value}]}
    return LD.format(json=json.dumps(graph))


def test_json_ld_is_the_best_evidence_and_every_piece_is_kept() -> None:
    page = (
        f"<html><head>{_ld('2021-12-07T09:15:00+07:00')}"
        '<meta property="article:published_time" content="2021-12-07T02:15:00Z">'
        '</head><body><time datetime="2021-12-07">7 Desember</time></body></html>'
    )
    found = publication_time(
        page,
        "https://portal.example/read/2021/12/07/123/judul",
        "Tue, 07 Dec 2021 02:16:00 +0000",
        "Jakarta - Selasa, 7 Desember 2021 09:15 WIB. Presiden berbicara.",
    )
    assert (found.published, found.source) == ("2021-12-07T09:15:00+07:00", "json-ld")
    assert [(e.source, e.value) for e in found.evidence] == [
        ("json-ld", "2021-12-07T09:15:00+07:00"),
        ("meta", "2021-12-07T02:15:00+00:00"),
        ("time-element", "2021-12-07"),
        ("feed", "2021-12-07T02:16:00+00:00"),
        ("url", "2021-12-07"),
        ("text", "2021-12-07T09:15:00+07:00"),
    ]
    assert found.flags == ()  # the same minute, told in three zones, and the same day


def test_disagreements_are_flagged_not_hidden() -> None:
    page = f"<html><head>{_ld('2021-12-07T09:15:00+07:00')}</head><body></body></html>"
    found = publication_time(
        page, "https://portal.example/2021/12/05/judul", "Wed, 08 Dec 2021 10:00:00 +0000"
    )
    assert found.published == "2021-12-07T09:15:00+07:00"
    assert found.flags == ("disagrees:feed", "disagrees:url")


def test_a_day_borrows_the_time_of_evidence_that_agrees_with_it() -> None:
    page = '<html><head><meta name="pubdate" content="2021-12-07"></head></html>'
    found = publication_time(page, None, "Tue, 07 Dec 2021 02:16:00 +0000")
    assert (found.published, found.source) == ("2021-12-07T02:16:00+00:00", "feed")
    other_day = publication_time(page, None, "Thu, 09 Dec 2021 02:16:00 +0000")
    assert (other_day.published, other_day.flags) == ("2021-12-07", ("disagrees:feed",))


def test_the_url_dates_a_page_without_dates_and_the_text_is_only_compared() -> None:
    found = publication_time(
        "<html><body><p>Isi</p></body></html>", "https://p.example/20211207/x", None
    )
    assert (found.published, found.source) == ("2021-12-07", "url")
    text_only = publication_time(
        "<html></html>", "https://p.example/x", None, "Senin, 6 Desember 2021"
    )
    assert text_only.published is None and [e.source for e in text_only.evidence] == ["text"]
    assert publication_time("<html></html>", None, None).evidence == ()
    assert publication_time("", "https://p.example/2021/13/45/x", "not a date").published is None


def serve_two_dated_articles(portal: Portal) -> None:
    """A feed (``/feed``) of two articles: ``/2026/12/07/satu``, dated 2026-12-07 08:00 +07:00
    by its page's JSON-LD and two days earlier by the feed, and ``/berita/dua``, dated by the
    feed alone."""
    title, paragraphs = story(1)
    portal.page(
        "/2026/12/07/satu",
        article_html(title, paragraphs, extra_head=_ld("2026-12-07T08:00:00+07:00")),
    )
    title2, paragraphs2 = story(2)
    portal.page("/berita/dua", article_html(title2, paragraphs2))  # no date of its own
    portal.feed(
        "/feed",
        rss([
            (portal.url("/2026/12/07/satu"), title, "Sat, 05 Dec 2026 01:00:00 +0000"),
            (portal.url("/berita/dua"), title2, "Sun, 06 Dec 2026 03:30:00 +0000"),
        ]),
    )  # fmt: skip


def test_fetched_pages_keep_their_date_evidence(cli: Warta, portals: list[Portal]) -> None:  # noqa: F811
    portal = new_portal(portals)
    serve_two_dated_articles(portal)
    cli("sources", "add", portal.url("/feed"))
    assert cli("fetch").returncode == 0
    published = {a["url"]: a["published"] for a in cli.articles()}
    assert published[portal.url("/2026/12/07/satu")] == "2026-12-07T08:00:00+07:00"
    assert published[portal.url("/berita/dua")] == "2026-12-06T03:30:00+00:00"  # the feed's

    (disagreeing,) = cli("sources", "pages", "--disagreeing", "-f", "json").json()
    assert disagreeing["url"] == portal.url("/2026/12/07/satu")
    assert disagreeing["published_source"] == "json-ld"
    assert disagreeing["flags"] == ["disagrees:feed"]
    assert {e["source"] for e in disagreeing["evidence"]} == {"json-ld", "feed", "url"}
    pages = cli("sources", "pages").stdout
    assert "published 2026-12-06T03:30:00+00:00 (feed)" in pages and "disagrees:feed" in pages
