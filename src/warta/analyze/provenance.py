"""Who published an article, when, from where, and whom it relays: read from its text.

Runs after cleaning, on the lines cleaning set aside (bylines, date lines, footers) and on the
clean paragraphs (dateline, cited sources). What the input said about itself (a URL, a
``published`` field) wins over what the text suggests.
"""

from __future__ import annotations

import re

from warta.analyze.citations import cited_sources
from warta.analyze.clean import (
    AGENCY,
    BYLINE,
    FOOTER,
    HEADER,
    PROMPT,
    PUBLICATION,
    is_prose,
    photo_credits,
)
from warta.analyze.pipeline import stage
from warta.lang.id import cues
from warta.lang.id.calendar import read_publication, reported_dates
from warta.lang.id.datelines import read_dateline
from warta.lang.id.news_outlets import wire_key, wire_name
from warta.model import Article

__all__ = ["cited_sources", "read_dateline", "read_provenance"]

#: A person's name in a byline: two to five capitalised words ("Willy Haryono").
_NAME = re.compile(r"^(?:[A-Z][\w'’.-]*)(?:\s+[A-Z][\w'’.-]*){1,4}$")
_BYLINE_SEPARATORS = " \t•|–—-,/:"

#: Paragraphs cleaning may leave above the lead (a caption, a short line) where a dateline is
#: still looked for after them.
MAX_LINES_ABOVE_LEAD = 2
#: A web domain written in the page: "medcom.id", "Beritabaru.co", "KOMPAS.com", "Suara.com".
_DOMAIN = re.compile(
    r"\b([A-Za-z0-9][A-Za-z0-9-]{1,40}\.(?:co\.id|com|id|co|net|news|tv|or\.id|org))\b"
)


def _above_lead(paragraph: str) -> bool:
    """Whether a paragraph may stand above the lead: a short line, or a caption (its credit in
    brackets at the end: "... Senayan, Jakarta. (KOMPAS.com/FITRIA CHUSNA FARISA)")."""
    return not is_prose(paragraph) or bool(photo_credits(paragraph)) or paragraph.endswith(")")


def author_from_line(line: str) -> str | None:
    """The author a byline or date line names ("Willy Haryono • 07 Desember 2021 21:39",
    "Penulis: Budi Santoso"), or None."""
    labelled = cues.AUTHOR_LABEL.match(line)
    if labelled:
        candidate = line[labelled.end() :]
    else:
        found = read_publication(line)
        candidate = line[: found[1].start()] if found else ""
    candidate = candidate.strip(_BYLINE_SEPARATORS)
    candidate = re.split(r"\s*[•|,–—]\s*|\s+-\s+", candidate)[0].strip(_BYLINE_SEPARATORS)
    if _NAME.match(candidate) and not read_publication(candidate):
        return candidate
    return None


def outlet_from_text(lines: list[str]) -> str | None:
    """An outlet's own domain, named in its page furniture ("Ikuti media sosial medcom.id")."""
    for line in lines:
        match = _DOMAIN.search(line)
        if match:
            return match.group(1).lower()
    return None


@stage(
    "provenance",
    requires=("body", "removed", "published", "author", "outlet"),
    assigns=(
        "published",
        "published_not_before",
        "author",
        "dateline",
        "outlet",
        "cited_sources",
        "body",
    ),
)
def read_provenance(article: Article) -> Article:
    """Publication time, author, dateline, outlet and cited sources from the article's text."""
    set_aside = [r.text for r in article.removed if r.reason in (PUBLICATION, BYLINE)]
    if not article.published:
        for line in set_aside:
            found = read_publication(line)
            if found:
                article.published = found[0]
                break
    if not article.author:
        article.author = next(filter(None, map(author_from_line, set_aside)), None)
    outlet_in_dateline = None
    # The dateline opens the lead. Cleaning may leave a caption or a short line above it.
    for index, paragraph in enumerate(article.body[: MAX_LINES_ABOVE_LEAD + 1]):
        dateline = read_dateline(paragraph)
        if dateline:
            article.dateline, outlet_in_dateline, length = dateline
            article.body[index] = paragraph[length:]
            break
        if not _above_lead(paragraph):
            break
    if not article.outlet:
        furniture = [r.text for r in article.removed if r.reason in (PROMPT, HEADER, FOOTER)]
        article.outlet = outlet_from_text(furniture) or (
            outlet_in_dateline.lower() if outlet_in_dateline and "." in outlet_in_dateline else None
        )
    # An outlet naming itself ("dikutip JUARA.net dari Firstpost" in juara.net) relays nothing.
    own = {wire_key(wire_name(article.outlet))} if article.outlet else set()
    article.cited_sources = [s for s in cited_sources(article.body) if wire_key(s) not in own]
    cited = own | set(map(wire_key, article.cited_sources))
    for removal in article.removed:
        # "(Antara)" alone on a line: cleaning knew it for an agency
        agency = wire_name(removal.text.strip("()[] ")) if removal.reason == AGENCY else None
        if agency and wire_key(agency) not in cited:
            cited.add(wire_key(agency))
            article.cited_sources.append(agency)
    if not article.published:
        reported = reported_dates([*article.captions, *article.body])
        article.published_not_before = max(reported).isoformat() if reported else None
    return article
