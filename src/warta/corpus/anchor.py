"""Dates of undated articles, anchored by the articles they share entities with.

An article that gives no publication time and no full date ("sebut Kremlin Hari Minggu",
"pada 7 Desember", "12 Desember") has dates the per-article stage cannot place in a year. The
corpus can: other stored articles about the same people report the same days with their year.
For such an article this stage:

1. takes the day-precision dates of its neighbours (stored articles sharing at least
   :data:`MIN_SHARED_ENTITIES` people or organisations with it) and their publication days;
2. tries each of those days as the article's reference and keeps the one under which most of
   the article's own written day-month dates ("7 Desember") fall on a neighbour's date;
3. takes the latest day-month date the article then writes as its ``published_not_before`` (it
   reports that day, so it was written on or after it), and resolves all its dates against it,
   flagged :data:`FROM_CORPUS`.

Nothing is guessed without evidence: an article none of whose written dates meets a neighbour's
keeps its dates unresolved.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date

from warta.analyze.dates import reference_time, resolve_dates
from warta.model import Article, DateMention
from warta.records import Store

log = logging.getLogger(__name__)

#: People or organisations an article must share with another to lend it its dates.
MIN_SHARED_ENTITIES = 2
#: Neighbours read per undated article, most shared entities first.
MAX_NEIGHBOURS = 20
#: Undated articles looked at per ingest that stored something, most recently stored first
#: (an article ingested before its neighbours is dated by a later ingest).
MAX_UNDATED = 200
#: Flag of a date resolved against a reference learned from other articles.
FROM_CORPUS = "reference-from-corpus"


def anchor_undated(store: Store, among: Sequence[str] | None = None) -> list[Article]:
    """Resolve the dates of stored articles without a reference time from their neighbours:
    of the :data:`MAX_UNDATED` most recently stored, or of those ``among`` the given ids; store
    those that changed. Returns the articles anchored."""
    anchored: list[Article] = []
    candidates = store.undated_article_ids(MAX_UNDATED) if among is None else among
    for article_id in candidates:
        article = store.get_article(article_id)
        if article is not None and anchor(store, article):
            anchored.append(article)
    if anchored:
        log.info("anchored the dates of %d undated articles", len(anchored))
        store.replace_analysis(anchored, refeature=True)  # their days are known now
    return anchored


def anchor(store: Store, article: Article) -> bool:
    """Resolve the dates of an article without a reference time from its stored neighbours,
    in place (not stored: an analysis made again is anchored before it is compared with the
    stored one). Returns whether it was anchored."""
    if reference_time(article) is not None:
        return False
    reference = _reference(store, article)
    if reference is None:
        return False
    article.published_not_before = reference.isoformat()
    article.dates = [_flagged(mention) for mention in resolve_dates(article, reference)]
    return True


def _reference(store: Store, article: Article) -> date | None:
    known: set[str] = set()
    for neighbour_id in store.entity_neighbours(article.id, MIN_SHARED_ENTITIES, MAX_NEIGHBOURS):
        neighbour = store.get_article(neighbour_id)
        if neighbour is None or reference_time(neighbour) is None:
            continue
        known.update(m.value for m in neighbour.dates if len(m.value) == len("YYYY-MM-DD"))
        published = reference_time(neighbour)
        if published is not None:
            known.add(published.isoformat()[:10])
    best: tuple[int, int, list[date]] = (0, 0, [])
    for candidate in sorted(known):
        written = _written_days(resolve_dates(article, date.fromisoformat(candidate)))
        score = len({day.isoformat() for day in written} & known)
        # most days met, then most days read as reported (a candidate too early makes later
        # days look planned)
        if score and (score, len(written)) > best[:2]:
            best = (score, len(written), written)
    return max(best[2]) if best[2] else None


def _written_days(mentions: list[DateMention]) -> list[date]:
    """The days an article reports ("7 Desember", "(21/1)"), as resolved; lone weekdays and
    relative words ("3 hari lalu", "kemarin") depend on the reference and prove nothing, and
    planned days have not happened when it was written."""
    return [
        date.fromisoformat(m.value)
        for m in mentions
        if len(m.value) == len("YYYY-MM-DD")
        and "relative" not in m.flags
        and m.status != "planned"  # "dijadwalkan 28 Desember mendatang" was not reported yet
    ]


def _flagged(mention: DateMention) -> DateMention:
    mention.flags = [*mention.flags, FROM_CORPUS]
    return mention
