"""Atom feeds (RFC 4287): a list as a document a feed reader polls.

What a feed holds is gathered by the web layer (:mod:`warta.web.feeds`); this module only
writes it. Ids are tag URIs (RFC 4151) made from what an entry is (an article's id, a
quote's article and number), never from the host a feed was read through, so an entry keeps
its id whatever address a reader uses. Every text goes through ElementTree, which escapes
markup, and loses the characters XML 1.0 cannot carry (a control character in a scraped
title would otherwise make the whole feed unreadable).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from warta import __version__
from warta.timestamps import to_utc

ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
MEDIA_TYPE = "application/atom+xml; charset=utf-8"
#: The tag URI prefix of every id: the project's name and the year it took it (RFC 4151).
TAG_PREFIX = "tag:warta,2021:"
#: The ``updated`` of a feed without entries: a fixed time, so that an empty feed's body, and
#: its ETag, stay the same until something is in it.
EMPTY_FEED_UPDATED = "1970-01-01T00:00:00Z"

#: What XML 1.0 cannot hold: control characters other than tab and line ends, lone surrogates,
#: U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

ET.register_namespace("", ATOM_NAMESPACE)


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry: ``link`` is the page to read it on, ``related`` the original article;
    times are RFC 3339."""

    id: str
    title: str
    updated: str
    link: str
    published: str | None = None
    related: str | None = None
    author: str | None = None
    summary: str | None = None


@dataclass(frozen=True, slots=True)
class Feed:
    """A feed: ``self_link`` is the URL it was read at, ``page`` the HTML page of the same
    list (None when there is none)."""

    id: str
    title: str
    self_link: str
    entries: Sequence[FeedEntry]
    page: str | None = None
    #: RFC 5005 paging: the first page, the next (older entries) and the previous one, when
    #: there are.
    first: str | None = None
    next: str | None = None
    previous: str | None = None
    #: The language of its titles (``xml:lang``), as the pages' ``?lang=``.
    lang: str | None = None

    @property
    def updated(self) -> str:
        """The newest entry's update time, or :data:`EMPTY_FEED_UPDATED`."""
        return max((entry.updated for entry in self.entries), default=EMPTY_FEED_UPDATED)


def xml_text(value: str) -> str:
    """``value`` without the characters XML cannot carry."""
    return _NOT_XML.sub("", value)


def rfc3339(value: str | None) -> str | None:
    """An ISO 8601 time or date as an RFC 3339 time in UTC (``2021-12-07T02:00:00Z``; a bare
    date is midnight WIB, as everywhere in Warta); None when it is not a time."""
    utc = to_utc(value)
    return None if utc is None else utc.replace("+00:00", "Z")


def feed_id(path: str, params: Mapping[str, str | None]) -> str:
    """A feed's id: its path and its parameters that have a value, sorted, so that the same
    list asked in another order, or through another host, is the same feed."""
    kept = sorted((name, value) for name, value in params.items() if value not in (None, ""))
    return TAG_PREFIX + path + (f"?{urlencode(kept)}" if kept else "")


def atom_document(feed: Feed) -> bytes:
    """The feed as an Atom document, UTF-8."""
    root = ET.Element(f"{{{ATOM_NAMESPACE}}}feed")
    if feed.lang is not None:
        root.set(f"{{{XML_NAMESPACE}}}lang", feed.lang)
    _text(root, "id", feed.id)
    _text(root, "title", feed.title)
    _text(root, "updated", feed.updated)
    _link(root, "self", feed.self_link, "application/atom+xml")
    if feed.page is not None:
        _link(root, "alternate", feed.page, "text/html")
    for rel, href in (("first", feed.first), ("next", feed.next), ("previous", feed.previous)):
        if href is not None:
            _link(root, rel, href, "application/atom+xml")
    author = _child(root, "author")
    _text(author, "name", "Warta")
    generator = _text(root, "generator", "Warta")
    generator.set("version", __version__)
    for entry in feed.entries:
        element = _child(root, "entry")
        _text(element, "id", entry.id)
        _text(element, "title", entry.title)
        _text(element, "updated", entry.updated)
        if entry.published is not None:
            _text(element, "published", entry.published)
        _link(element, "alternate", entry.link, "text/html")
        if entry.related is not None:
            _link(element, "related", entry.related)
        if entry.author:
            _text(_child(element, "author"), "name", entry.author)
        if entry.summary:
            _text(element, "summary", entry.summary)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document


def _child(parent: ET.Element, name: str) -> ET.Element:
    return ET.SubElement(parent, f"{{{ATOM_NAMESPACE}}}{name}")


def _text(parent: ET.Element, name: str, value: str) -> ET.Element:
    element = _child(parent, name)
    element.text = xml_text(value)
    return element


def _link(parent: ET.Element, rel: str, href: str, media_type: str | None = None) -> None:
    link = _child(parent, "link")
    link.set("rel", rel)
    link.set("href", xml_text(href))
    if media_type is not None:
        link.set("type", media_type)
