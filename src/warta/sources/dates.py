"""A fetched page's publication time from the best evidence, each piece recorded with where it
came from, and disagreements flagged rather than hidden.

The evidence, best first: the page's JSON-LD (``datePublished``), its meta tags
(``article:published_time`` and kin), a ``<time datetime>`` element, the date its feed or
sitemap gave, a date in its URL (``/2021/12/07/``, ``/20211207``), and the first full date in its
text ("Selasa, 7 Desember 2021 09:15 WIB"; compared, never chosen). The publication time is the
best piece with a time of day; a piece with only a day wins when none agrees with it to the day
(the day is what it says, and a time from a source that disagrees is not borrowed).

Two pieces disagree when both have a time and they are more than :data:`AGREEMENT_SECONDS`
apart, or when the day of one (in WIB, where it has a time) is not the day of the other. Each
source that disagrees with the chosen time is flagged ``disagrees:<source>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from lxml import html as lxml_html

from warta.ingest.html import PUBLISHED_META as PAGE_META
from warta.ingest.html import ld_published
from warta.lang.id.calendar import WIB, read_publication
from warta.timestamps import parse_timestamp

#: The evidence's sources, best first.
SOURCES = ("json-ld", "meta", "time-element", "feed", "url", "text")
#: Evidence recorded and compared but never chosen: the first date of the text may be a date
#: the article reports rather than its own; the analysis reads the text's byline itself.
UNCHOSEN = frozenset({"text"})
#: Meta tags that carry the publication time: those ``ingest/html.py`` reads, and two more.
PUBLISHED_META = frozenset((*PAGE_META, "parsely-pub-date", "sailthru.date"))
#: Two times closer than this agree: a portal's tags and its feed give the same minute, but a
#: feed may be written a few minutes after the page, or round to the hour; an hour apart is a
#: different edit (an update date taken for the publication date) or a wrong zone.
AGREEMENT_SECONDS = 3600
#: How much of the page's text is read for a printed date: the byline sits at the top.
TEXT_HEAD_CHARS = 2000
_URL_DATE = re.compile(
    r"/(?P<year>(?:19|20)\d\d)[/-](?P<month>[01]?\d)[/-](?P<day>[0-3]?\d)(?:[/-]|$)"
    r"|/(?P<cyear>(?:19|20)\d\d)(?P<cmonth>[01]\d)(?P<cday>[0-3]\d)(?:\D|$)"
)


@dataclass(frozen=True, slots=True)
class Evidence:
    """One piece of evidence: its source (one of :data:`SOURCES`) and its value (ISO 8601: a
    time with its offset, or a date)."""

    source: str
    value: str

    @property
    def has_time(self) -> bool:
        return "T" in self.value

    def day(self) -> date:
        if self.has_time:
            return datetime.fromisoformat(self.value).astimezone(WIB).date()
        return date.fromisoformat(self.value)

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "value": self.value}


@dataclass(frozen=True, slots=True)
class PublicationTime:
    """The publication time chosen (None when no evidence), its source, all the evidence,
    and the flags of disagreement."""

    published: str | None
    source: str | None
    evidence: tuple[Evidence, ...] = ()
    flags: tuple[str, ...] = field(default=())


def publication_time(
    page: str, url: str | None, feed_date: str | None, text: str | None = None
) -> PublicationTime:
    """The publication time of a page (its HTML), from all the evidence."""
    evidence = [
        *_from_markup(page),
        *_one("feed", feed_date),
        *_from_url(url),
        *_from_text(text),
    ]
    choosable = [piece for piece in evidence if piece.source not in UNCHOSEN]
    if not choosable:  # the analysis reads the text itself, bylines and all
        return PublicationTime(None, None, tuple(evidence))
    chosen = _choose(choosable)
    flags = tuple(dict.fromkeys(f"disagrees:{e.source}" for e in evidence if _disagree(e, chosen)))
    return PublicationTime(chosen.value, chosen.source, tuple(evidence), flags)


def _choose(evidence: list[Evidence]) -> Evidence:
    best = evidence[0]
    if best.has_time:
        return best
    timed = [e for e in evidence if e.has_time and e.day() == best.day()]
    return timed[0] if timed else best


def _disagree(one: Evidence, other: Evidence) -> bool:
    if one.has_time and other.has_time:
        first = datetime.fromisoformat(one.value)
        second = datetime.fromisoformat(other.value)
        return abs((first - second).total_seconds()) > AGREEMENT_SECONDS
    return one.day() != other.day()


def _one(source: str, value: str | None) -> list[Evidence]:
    if not value:
        return []
    parsed = parse_timestamp(value)
    return [Evidence(source, parsed)] if parsed else []


def _from_markup(page: str) -> list[Evidence]:
    """The page's JSON-LD, meta and time evidence, one piece per source (the first found)."""
    try:
        tree = lxml_html.document_fromstring(page)
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return []
    found: list[Evidence] = []
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        value = ld_published(script)
        if value and (piece := _one("json-ld", value)):
            found.extend(piece)
            break
    for element in tree.xpath("//meta[@content]"):
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        if key.lower() in PUBLISHED_META and (piece := _one("meta", element.get("content"))):
            found.extend(piece)
            break
    for element in tree.xpath("//time[@datetime]"):
        if piece := _one("time-element", element.get("datetime")):
            found.extend(piece)
            break
    return found


def _from_url(url: str | None) -> list[Evidence]:
    match = _URL_DATE.search(url or "")
    if match is None:
        return []
    year = match["year"] or match["cyear"]
    month = match["month"] or match["cmonth"]
    day = match["day"] or match["cday"]
    try:
        return [Evidence("url", date(int(year), int(month), int(day)).isoformat())]
    except ValueError:
        return []


def _from_text(text: str | None) -> list[Evidence]:
    found = read_publication((text or "")[:TEXT_HEAD_CHARS])
    return [Evidence("text", found[0])] if found else []
