"""Feeds and sitemaps as lists of entries: RSS 2.0 and 1.0, Atom, sitemaps, sitemap indexes and
Google News sitemaps.

The XML is parsed without entities, DTDs or network access (no XXE, no billion laughs). A
gzipped file (``sitemap.xml.gz``, which the sitemap protocol allows) is read uncompressed, up to
the protocol's 50 MB: a gzip bomb stops there.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urljoin

from lxml import etree

from warta.errors import MalformedInput

#: What a parsed document is: a feed of articles, a sitemap of pages, or an index of sitemaps.
DocumentKind = Literal["feed", "sitemap", "index"]


@dataclass(frozen=True, slots=True)
class Entry:
    """One article a feed or a sitemap lists.

    ``published`` is the date the feed gives for the article's publication, ``updated`` that of
    its last change, as the feed writes them (unparsed); ``stamp`` tells a changed entry from
    the same one seen again.
    """

    url: str
    title: str | None = None
    published: str | None = None
    updated: str | None = None

    @property
    def stamp(self) -> str | None:
        return self.updated or self.published


@dataclass(frozen=True, slots=True)
class Listing:
    """A parsed feed, sitemap or sitemap index (whose entries are sitemaps)."""

    kind: DocumentKind
    entries: list[Entry]
    title: str | None = None


def _parser() -> Any:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, recover=True, huge_tree=False
    )


#: Largest feed or sitemap once uncompressed: the sitemap protocol's limit.
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"


def gunzip(url: str, body: bytes, limit: int = MAX_UNCOMPRESSED_BYTES) -> bytes:
    """A gzipped body uncompressed, never past ``limit`` bytes.

    Raises:
        MalformedInput: the body is not whole gzip, or it uncompresses past ``limit``.
    """
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, limit + 1)
    except zlib.error as exc:
        raise MalformedInput(url, f"gzip that cannot be read ({exc})") from exc
    if len(data) > limit:
        raise MalformedInput(
            url, f"larger than {limit // (1024 * 1024)} MB uncompressed (a sitemap's limit)"
        )
    return data


def looks_like_listing(body: bytes) -> bool:
    """Whether a body is a feed or a sitemap, from its root element."""
    try:
        return parse_listing("", body) is not None
    except MalformedInput:
        return False


def parse_listing(url: str, body: bytes) -> Listing | None:
    """The entries of a feed or sitemap at ``url`` (gzipped or not); None if the XML is
    neither.

    Raises:
        MalformedInput: the body is not XML at all, or a gzipped body is broken or larger
            than :data:`MAX_UNCOMPRESSED_BYTES` uncompressed.
    """
    if body.startswith(_GZIP_MAGIC):
        body = gunzip(url, body)
    stripped = body.lstrip()
    if not stripped.startswith(b"<"):
        raise MalformedInput(url, "not XML (a feed or a sitemap is XML)")
    try:
        root = etree.fromstring(stripped, _parser())
    except etree.XMLSyntaxError as exc:
        raise MalformedInput(url, f"XML that cannot be read ({exc})") from exc
    if root is None:
        raise MalformedInput(url, "XML that cannot be read")
    name = etree.QName(root).localname.lower()
    if name == "rss":
        channel = _child(root, "channel")
        items = _children(channel, "item") if channel is not None else []
        return Listing("feed", _rss_entries(url, items), _text(_child(channel, "title")))
    if name == "rdf":
        return Listing("feed", _rss_entries(url, _children(root, "item")))
    if name == "feed":
        return Listing("feed", _atom_entries(url, root), _text(_child(root, "title")))
    if name == "urlset":
        return Listing("sitemap", _sitemap_entries(url, root, "url"))
    if name == "sitemapindex":
        return Listing("index", _sitemap_entries(url, root, "sitemap"))
    return None


def _rss_entries(base: str, items: list[Any]) -> list[Entry]:
    entries = []
    for item in items:
        link = _text(_child(item, "link"))
        guid = _child(item, "guid")
        if not link and guid is not None and guid.get("isPermaLink", "true") != "false":
            link = _text(guid)
        if not link:
            continue
        published = _text(_child(item, "pubDate")) or _text(_child(item, "date"))
        updated = _text(_child(item, "updated")) or _text(_child(item, "modified"))
        entries.append(_entry(base, link, _text(_child(item, "title")), published, updated))
    return entries


def _atom_entries(base: str, root: Any) -> list[Entry]:
    entries = []
    for item in _children(root, "entry"):
        links = _children(item, "link")
        chosen = next((ln for ln in links if ln.get("rel", "alternate") == "alternate"), None)
        href = chosen.get("href") if chosen is not None else None
        if not href:
            continue
        published = _text(_child(item, "published")) or _text(_child(item, "issued"))
        updated = _text(_child(item, "updated")) or _text(_child(item, "modified"))
        entries.append(_entry(base, href, _text(_child(item, "title")), published, updated))
    return entries


def _sitemap_entries(base: str, root: Any, tag: str) -> list[Entry]:
    entries = []
    for item in _children(root, tag):
        loc = _text(_child(item, "loc"))
        if not loc:
            continue
        news = _child(item, "news")
        title = published = None
        if news is not None:  # a Google News sitemap: <news:news><news:publication_date>
            title = _text(_child(news, "title"))
            published = _text(_child(news, "publication_date"))
        lastmod = _text(_child(item, "lastmod"))
        entries.append(_entry(base, loc, title, published, lastmod))
    return entries


def _entry(
    base: str, link: str, title: str | None, published: str | None, updated: str | None
) -> Entry:
    return Entry(urljoin(base, link.strip()), title, published, updated)


def _children(element: Any, name: str) -> list[Any]:
    """Child elements of that local name, whatever their namespace."""
    if element is None:
        return []
    return [
        child
        for child in element
        if isinstance(child.tag, str) and etree.QName(child).localname == name
    ]


def _child(element: Any, name: str) -> Any:
    found = _children(element, name)
    return found[0] if found else None


def _text(element: Any) -> str | None:
    if element is None:
        return None
    text = "".join(element.itertext()).strip()
    return text or None
