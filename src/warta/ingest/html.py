"""HTML pages: main text via trafilatura, metadata from the page's own tags."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lxml import html as lxml_html

from warta.errors import MalformedInput
from warta.model import web_url

log = logging.getLogger(__name__)

# Meta tags that carry the publication time, most specific first. Portals fill several of them;
# unlike trafilatura's date (a day only), these keep the time and offset.
_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "content_publishdate",
    "dc.date.issued",
    "dc.date",
    "date",
)


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """What a page says: its main text (paragraphs on their own lines) and its metadata."""

    text: str
    title: str | None
    published: str | None
    author: str | None
    outlet: str | None
    url: str | None


#: What extracts a page's text: ``(origin, page, url) -> HtmlPage``.
HtmlReader = Callable[[str, str, str | None], HtmlPage]


def read_html(origin: str, page: str, url: str | None = None) -> HtmlPage:
    """Extract the main text and metadata of one HTML page.

    Raises:
        MalformedInput: the page has no readable text (broken beyond repair, or empty).
    """
    import trafilatura  # noqa: PLC0415  (a quarter second to import: only when there is HTML)

    try:
        document = trafilatura.bare_extraction(
            page,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_recall=True,
        )
    except Exception as exc:  # trafilatura and lxml raise many types on hostile markup
        log.debug("trafilatura failed on %s", origin, exc_info=True)
        raise MalformedInput(origin, f"HTML could not be parsed ({type(exc).__name__})") from exc
    tree = _parse(page)
    text = (getattr(document, "text", None) or "").strip()
    if not text and tree is not None:
        # trafilatura gives up on short or oddly built pages: fall back to the visible text.
        text = _visible_text(tree)
    if not text:
        raise MalformedInput(origin, "HTML page has no readable text")
    title = getattr(document, "title", None)
    if title and text.startswith(title):
        text = text[len(title) :].lstrip()  # the headline is the title, not a body paragraph
    return HtmlPage(
        text=text or title or "",
        title=title,
        published=_published(tree) or getattr(document, "date", None),
        author=getattr(document, "author", None),
        outlet=getattr(document, "sitename", None) or getattr(document, "hostname", None),
        url=web_url(getattr(document, "url", None)) or web_url(url),
    )


def _parse(page: str) -> Any:
    try:
        return lxml_html.document_fromstring(page)
    except Exception:  # lxml refuses empty or undecodable documents
        return None


def _visible_text(tree: Any) -> str:
    for bad in tree.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    lines = (" ".join(line.split()) for line in tree.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _published(tree: Any) -> str | None:
    if tree is None:
        return None
    for element in tree.xpath("//meta[@content]"):
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        if key.lower() in _PUBLISHED_META and element.get("content", "").strip():
            return str(element.get("content")).strip()
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        found = _ld_date(script)
        if found:
            return found
    for element in tree.xpath("//time[@datetime]"):
        return str(element.get("datetime")).strip() or None
    return None


def _ld_date(script: str) -> str | None:
    try:
        data = json.loads(script)
    except ValueError:
        return None
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            value = item.get("datePublished")
            if isinstance(value, str) and value.strip():
                return value.strip()
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None
