"""Find a portal's feeds and sitemaps from a URL a user gives: a feed, a sitemap, or a page.

For a page (a home page, a section page, a page listing the portal's RSS feeds):

1. the feeds its ``<link rel="alternate">`` elements name (RSS, Atom), and the links of the page
   that look like feeds (``/rss/nasional``, ``/feed``, ``.xml``): portals often publish only
   section feeds, listed on the page rather than in its head;
2. when the page names none, the common paths (``/feed``, ``/rss``, ...); a common path that
   answers an HTML page (an index of section feeds) is read for feed links once;
3. the sitemaps its robots.txt lists (``Sitemap:`` lines), or ``/sitemap.xml``.

Every candidate is fetched (politely, through :class:`~warta.sources.http.Fetcher`) and kept only
if it is a feed or a sitemap indeed.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from warta.errors import FetchFailed, InputRejected, MalformedInput
from warta.records import SourceKind
from warta.sources.feeds import parse_listing
from warta.sources.http import Exchange, Fetcher

log = logging.getLogger(__name__)

#: Paths where portals commonly publish their feed, tried in this order when a page names none.
COMMON_FEED_PATHS = ("/feed", "/rss", "/rss.xml", "/feed.xml", "/atom.xml", "/index.xml")
#: Where a sitemap commonly is when robots.txt names none.
COMMON_SITEMAP_PATHS = ("/sitemap.xml",)
#: Feed links read from one page: a page of the portal's section feeds lists a few dozen.
MAX_FEED_LINKS = 50
#: Link types of feeds in a page's head.
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
#: A link in a page's body that looks like a feed: "/rss", "/feed", "rss.xml", "/atom".
_FEED_HREF = re.compile(r"(?:^|[/._-])(?:rss|feed|feeds|atom)(?:[/._-]|$)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Found:
    """A feed or sitemap found, and where it was found from."""

    url: str
    kind: SourceKind
    home: str | None


@dataclass(slots=True)
class Discovery:
    """What a URL led to: the sources found and the candidates refused with their reason."""

    found: list[Found] = field(default_factory=list)
    refused: list[InputRejected] = field(default_factory=list)


def discover(fetcher: Fetcher, url: str) -> Discovery:
    """The feeds and sitemaps ``url`` is or leads to.

    Raises:
        FetchFailed: ``url`` itself cannot be fetched (or may not be).
    """
    result = Discovery()
    exchange = fetcher.get_listing(url)
    kind = _listing_kind(exchange)
    if kind is not None:
        result.found.append(Found(url, kind, None))
        return result
    seen: set[str] = {url}
    # (candidate, whether an HTML page it turns out to be is read for feed links in turn)
    queue = [(link, True) for link in _feed_links(exchange)]
    if not queue:
        root = _root(url)
        for path in COMMON_FEED_PATHS:
            candidate = root + path
            if candidate in seen:
                continue
            seen.add(candidate)
            got = _try(fetcher, candidate, url, result, quiet=True)
            if isinstance(got, Exchange):  # an HTML index of section feeds
                queue.extend((link, False) for link in _feed_links(got))
    position = 0
    while position < min(len(queue), MAX_FEED_LINKS):
        candidate, follow = queue[position]
        position += 1
        if candidate in seen:
            continue
        seen.add(candidate)
        got = _try(fetcher, candidate, url, result, quiet=follow)
        if follow and isinstance(got, Exchange):
            queue.extend((link, False) for link in _feed_links(got))
    sitemaps = fetcher.sitemaps_of(url)
    quiet = not sitemaps
    for candidate in sitemaps or [_root(url) + path for path in COMMON_SITEMAP_PATHS]:
        if candidate not in seen:
            seen.add(candidate)
            _try(fetcher, candidate, url, result, quiet=quiet)
    return result


def _try(
    fetcher: Fetcher, candidate: str, home: str, result: Discovery, quiet: bool = False
) -> Found | Exchange | None:
    """Fetch a candidate: a feed or sitemap is added to ``result``; an HTML page is returned
    (for its links); a failure is recorded in ``result`` unless ``quiet`` (a guessed path)."""
    try:
        exchange = fetcher.get_listing(candidate)
    except FetchFailed as exc:
        if not quiet:
            result.refused.append(exc)
        return None
    kind = _listing_kind(exchange)
    if kind is not None:
        found = Found(candidate, kind, home)
        result.found.append(found)
        return found
    if not quiet:
        result.refused.append(MalformedInput(candidate, "neither a feed nor a sitemap"))
    return exchange if "html" in exchange.content_type else None


def _listing_kind(exchange: Exchange) -> SourceKind | None:
    if "html" in exchange.content_type and not exchange.body.lstrip().startswith(b"<?xml"):
        return None
    try:
        listing = parse_listing(exchange.url, exchange.body)
    except MalformedInput:
        return None
    if listing is None:
        return None
    return "feed" if listing.kind == "feed" else "sitemap"


def _feed_links(exchange: Exchange) -> list[str]:
    """The feeds a page names: its head's alternate links, then links that look like feeds."""
    if "html" not in exchange.content_type:
        return []
    try:
        tree = lxml_html.document_fromstring(exchange.body)
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return []
    links: list[str] = []
    for element in tree.xpath("//link[@href]"):
        rel = (element.get("rel") or "").lower().split()
        if "alternate" in rel and (element.get("type") or "").lower() in FEED_TYPES:
            links.append(urljoin(exchange.url, element.get("href").strip()))
    host = urlsplit(exchange.url).hostname
    for element in tree.xpath("//a[@href]"):
        href = urljoin(exchange.url, element.get("href").strip())
        parts = urlsplit(href)
        if parts.hostname == host and _FEED_HREF.search(parts.path):
            links.append(href)
    return list(dict.fromkeys(links))


def _root(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
