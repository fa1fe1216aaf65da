"""HTML pages: main text via trafilatura, metadata from the page's own tags.

Before trafilatura reads a page, the related-link boxes portals put inside the article ("Baca
juga" over a list of headlines) are rewritten as one "Baca juga: headline" paragraph per link:
the box's structure says which lines are links, a structure the text alone loses (a headline
ending in "?" reads like a sentence, a subheading after the box like one more link), and the
cleaning stage then removes each, recording it. The title is the page's headline without the
site's name ("Judul - Kompas.com", "KapanLagi.com: Judul", "Judul | Tempo Gaya").
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from lxml import html as lxml_html

from warta.errors import MalformedInput
from warta.lang.id import cues
from warta.model import web_url

log = logging.getLogger(__name__)

# Meta tags that carry the publication time, most specific first. Portals fill several of them;
# unlike trafilatura's date (a day only), these keep the time and offset.
PUBLISHED_META = (
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

#: Separators portals put between a headline and their name: "Judul - Kompas.com",
#: "Judul | Republika Online", "Judul : Okezone News", "KapanLagi.com: Judul". Spaced on both
#: sides (the colon after a site's name aside), so "Biden-Putin" or "Rp1-2 Juta" is never cut.
_TITLE_SEPARATOR = re.compile(r"\s+(?:[-–—|:»·]|::)\s+")
#: The part of a title that names the site has a handful of words: the name, with a section or
#: a word like "Online" ("Bola Liputan6.com", "Tempo Gaya", "ANTARA News", "Republika Online").
#: The 25 real portal pages of issue 19 had at most three; five leaves room, and a headline's
#: own part after a dash ("... - Polres Bogor Siapkan Bus Penghubung") names no site anyway.
MAX_SITE_PART_WORDS = 5
#: A headline (h1) is taken as the title only when it has at least this many words: a one- or
#: two-word h1 is the site's logo or a section name ("detikNews", "Nasional").
MIN_HEADLINE_WORDS = 3
#: Kompas-style paging after the headline: "Judul Halaman all", "Judul Halaman 2".
_PAGING = re.compile(r"\s+Halaman\s+(?:all|\d+)$", re.IGNORECASE)
_PAGE_PART = re.compile(r"Halaman\s+(?:all|\d+)", re.IGNORECASE)
#: A site named by its domain ("Kompas.com", "Liputan6.com", "REPUBLIKA.CO.ID").
_DOMAIN_NAME = re.compile(r"\b[\w-]+\.(?:com|co\.id|co|id|net|org|or\.id|tv)\b", re.IGNORECASE)
#: Public suffixes dropped from a host to find the site's own label (dunia.tempo.co -> tempo).
_HOST_SUFFIXES = (".co.id", ".or.id", ".go.id", ".ac.id", ".com", ".co", ".id", ".net", ".org")
_NOT_ALNUM = re.compile(r"[\W_]+")
#: Shortest site key looked for inside a title part: "ap" or "id" would match anything.
MIN_SITE_KEY_CHARS = 4

#: A related-link box holds little text besides its cue and its links: at most this many
#: characters (separators, bullets, "|"), else it is a paragraph that contains a link.
MAX_BOX_OTHER_CHARS = 12
#: How far above the cue the box may start: the cue sits in a <strong> in a <p> in a <div>.
MAX_BOX_LEVELS = 4
#: A box's text is short: its cue and at most MAX_BOX_LINKS headlines of some 100 characters.
MAX_BOX_CHARS = 1500
#: A box of more links is a menu or an index, not the links of one article.
MAX_BOX_LINKS = 10
#: Bare cues looked at per page: an article has a handful of boxes (the pages of issue 19 at
#: most four); a page of thousands is hostile.
MAX_BOX_CUES = 50
#: Elements that hold a whole article or page, never one box.
_NEVER_A_BOX = frozenset({"body", "html", "article", "main"})


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

    tree = _parse(page)
    headlines = _headlines(tree) if tree is not None else []
    published = _published(tree)
    source: Any = page
    if tree is not None and _rewrite_related_boxes(tree):
        source = tree
    try:
        document = trafilatura.bare_extraction(
            source,
            url=url,
            with_metadata=True,
            include_comments=False,
            # Tables in an article are its own (results, prices, schedules); a layout table
            # around a related link comes out as a one-cell row, unwrapped below.
            include_tables=True,
            favor_recall=True,
        )
    except Exception as exc:  # trafilatura and lxml raise many types on hostile markup
        log.debug("trafilatura failed on %s", origin, exc_info=True)
        raise MalformedInput(origin, f"HTML could not be parsed ({type(exc).__name__})") from exc
    text = _unwrap_rows((getattr(document, "text", None) or "").strip())
    if not text and tree is not None:
        # trafilatura gives up on short or oddly built pages: fall back to the visible text.
        text = _visible_text(_parse(page) if source is tree else tree)
    if not text:
        raise MalformedInput(origin, "HTML page has no readable text")
    page_url = web_url(getattr(document, "url", None)) or web_url(url)
    site = getattr(document, "sitename", None)
    title = site_free_title(getattr(document, "title", None), site, page_url, headlines)
    for headline in {title, getattr(document, "title", None)}:
        if headline and text.startswith(headline):
            text = text[len(headline) :].lstrip()  # the headline is the title, not a paragraph
    return HtmlPage(
        text=text or title or "",
        title=title,
        published=published or getattr(document, "date", None),
        author=getattr(document, "author", None),
        outlet=site or getattr(document, "hostname", None),
        url=page_url,
    )


def site_free_title(
    title: str | None, site: str | None, url: str | None, headlines: Sequence[str] = ()
) -> str | None:
    """The page's title without the site's name.

    The page's own headline (its h1) wins when the title contains it: "KapanLagi.com: Judul"
    with h1 "Judul" is "Judul". Else the parts of the title at either end that name the site
    (its ``og:site_name``, its domain, or a domain-like name) are cut at their separator, so
    "Judul - Dua Kata - Kompas.com" keeps its own dash.
    """
    if not title:
        return title
    title = " ".join(title.split())
    folded = title.casefold()
    keys = _site_keys(site, url)
    for headline in headlines:
        if (
            len(headline.split()) >= MIN_HEADLINE_WORDS
            and headline.casefold() in folded
            and not _names_site(headline, keys)  # the site's name in an h1 logo
        ):
            return headline
    parts = _TITLE_SEPARATOR.split(title)
    separators = _TITLE_SEPARATOR.findall(title)
    while len(parts) > 1 and (_names_site(parts[-1], keys) or _PAGE_PART.fullmatch(parts[-1])):
        parts.pop()
        separators.pop()
    while len(parts) > 1 and _names_site(parts[0], keys, prefix=True):
        parts.pop(0)
        separators.pop(0)
    prefix = re.match(r"^([\w.-]+\.(?:com|co\.id|co|id|net))\s*:\s+", parts[0], re.IGNORECASE)
    if prefix and _names_site(prefix.group(1), keys, prefix=True):
        parts[0] = parts[0][prefix.end() :]  # "KapanLagi.com: Judul": no space before the colon
    kept = parts[0] + "".join(sep + part for sep, part in zip(separators, parts[1:], strict=True))
    return _PAGING.sub("", kept).strip() or title


def _squash(text: str) -> str:
    """Letters and digits only, case folded: "Bola Liputan6.com" -> bolaliputan6com."""
    return _NOT_ALNUM.sub("", text.casefold())


def _site_keys(site: str | None, url: str | None) -> set[str]:
    """The site's names, squashed: "Republika Online" -> republikaonline, republika.co.id ->
    republika."""
    keys = set()
    if site:
        keys.add(_squash(site))
        keys.add(_squash(_DOMAIN_NAME.sub(lambda m: m.group(0).split(".")[0], site)))
    host = (urlsplit(url).hostname or "") if url else ""
    for suffix in _HOST_SUFFIXES:
        if host.endswith(suffix):
            host = host[: -len(suffix)]
            break
    if host:
        keys.add(_squash(host.rsplit(".", 1)[-1]))
    return {key for key in keys if len(key) >= MIN_SITE_KEY_CHARS}


def _names_site(part: str, keys: set[str], prefix: bool = False) -> bool:
    """Whether a part of a title is the site's name (with a section at most)."""
    if len(part.split()) > MAX_SITE_PART_WORDS:
        return False
    squashed = _squash(part)
    if prefix:  # a headline may start with a word that is also a site's ("Tempo Dulu: ...")
        return squashed in keys or bool(_DOMAIN_NAME.fullmatch(part.strip()))
    return any(key in squashed for key in keys) or bool(_DOMAIN_NAME.search(part))


def _headlines(tree: Any) -> list[str]:
    """The texts of the page's first h1 elements, whitespace collapsed."""
    found = []
    for element in tree.iter("h1"):
        text = " ".join(element.text_content().split())
        if text:
            found.append(text)
        if len(found) == 3:
            break
    return found


def _rewrite_related_boxes(tree: Any) -> bool:
    """Rewrite each related-link box as one "cue: headline" paragraph per link; True if any.

    A box is the smallest element around a related cue ("Baca juga", "Lihat juga") whose text
    is the cue and its links' texts and little else; or the cue's own element followed by a
    list of links (``<p>Baca juga:</p><ul><li><a>..``).
    """
    body = tree.find("body")
    if body is None:
        return False
    rewritten = False
    tried = 0
    for text in body.xpath(".//text()[normalize-space()]"):
        words = text.strip()
        found = cues.RELATED.match(words)
        if found is None or words[found.end() :].strip(" :-–"):
            continue  # not a bare cue: "Baca juga: <a>...</a>" on one line is already a line
        tried += 1
        if tried > MAX_BOX_CUES:
            break  # each look at a box reads the text around it: a bound keeps a page linear
        holder = text.getparent()
        if holder is None or text.is_tail:
            continue
        cue = words[: found.end()].strip(" :-–")
        box, links = _related_box(holder)
        if box is None or not 0 < len(links) <= MAX_BOX_LINKS:
            continue
        _replace(box, cue, links)
        rewritten = True
    return rewritten


def _related_box(holder: Any) -> tuple[Any, list[str]]:
    """The box around a cue's element and the texts of its links, or (None, [])."""
    element = holder
    for _ in range(MAX_BOX_LEVELS):
        if element is None or element.tag in _NEVER_A_BOX:
            break
        text = element.text_content()
        if len(text) > MAX_BOX_CHARS:
            break  # the article around the cue, not a box
        links = _link_texts(element)
        if links:
            if _only_links(text, links):
                return element, links
            break  # text besides the links: maybe the cue's list follows it (below)
        element = element.getparent()
    # The cue alone in its paragraph, the list after it: "<p>Baca juga:</p><ul>...</ul>".
    block, cue_text = holder, _squash(holder.text_content())
    while (parent := block.getparent()) is not None and parent.tag not in _NEVER_A_BOX:
        text = parent.text_content()
        if len(text) > MAX_BOX_CHARS or _squash(text) != cue_text:
            break
        block = parent  # a wrapper holding nothing but the cue
    following = block.getnext()
    if following is None or following.tag not in ("ul", "ol", "div"):
        return None, []
    text = following.text_content()
    if len(text) > MAX_BOX_CHARS:
        return None, []
    links = _link_texts(following)
    if not links or not _only_links(text, links, cue=False):
        return None, []
    box = lxml_html.Element("div")
    following.addprevious(box)
    box.append(block)  # moves the cue's block and the list into the box, in their order
    box.append(following)
    return box, links


def _link_texts(element: Any) -> list[str]:
    texts = (" ".join(link.text_content().split()) for link in element.iter("a"))
    return [text for text in texts if text]


def _only_links(text: str, links: list[str], cue: bool = True) -> bool:
    """Whether a box's text is its cue (when ``cue``) and its links, and at most a few other
    characters."""
    text = " ".join(text.split())
    found = cues.RELATED.match(text) if cue else None
    rest = _squash(text[found.end() :] if found else text)
    for link in links:
        rest = rest.replace(_squash(link), "", 1)
    return len(rest) <= MAX_BOX_OTHER_CHARS


def _replace(box: Any, cue: str, links: list[str]) -> None:
    """Put one paragraph per link where the box was: "cue: <a>headline</a>" (a link still, so
    that the page's link density, which trafilatura weighs, is what it was)."""
    paragraph = None
    for link in links:
        paragraph = lxml_html.Element("p")
        paragraph.text = f"{cue}: "
        anchor = lxml_html.Element("a")
        anchor.text = link
        paragraph.append(anchor)
        box.addprevious(paragraph)
    if paragraph is not None and box.tail and box.tail.strip():
        paragraph.tail = box.tail  # removing an element removes the text that follows it
    box.getparent().remove(box)


def _unwrap_rows(text: str) -> str:
    """Table rows as trafilatura prints them ("| a | b |"): a one-cell row (a layout table
    around a related link) is its cell; a row of several cells keeps its separators."""
    if "|" not in text:
        return text
    lines = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            cells = (cell.strip() for cell in stripped[1:-1].split("|"))
            lines.append(" | ".join(cell for cell in cells if cell))
        else:
            lines.append(line)
    return "\n".join(lines)


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
        if key.lower() in PUBLISHED_META and element.get("content", "").strip():
            return str(element.get("content")).strip()
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        found = ld_published(script)
        if found:
            return found
    for element in tree.xpath("//time[@datetime]"):
        return str(element.get("datetime")).strip() or None
    return None


def ld_published(script: str) -> str | None:
    """The first ``datePublished`` of a JSON-LD script, however deep; None when it has none
    or is not JSON."""
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
