"""Which sitemaps of a sitemap index a poll reads.

A news portal's index lists a sitemap per day or month (and often a Google News sitemap); the
old ones change no more. Every sitemap of the index is read once, and again when it changes:

- first the dated sitemaps not read before or whose ``<lastmod>`` changed since they were read,
  newest first (their dates are compared with what the portal said before, never with our
  clock, so a portal's clock running late misses nothing);
- then the undated sitemaps not read before, in the index's order;
- these are "left" for the next poll when there are more than a poll reads
  (``fetch_max_sitemaps``), and the source is due again at once: a new index is read over a
  few polls, newest first, so what was published last is fetched first and the archive after;
- with what a poll has left of its bound, the sitemaps read before that cannot tell whether
  they changed: the undated ones, and those dated by a day alone ("2026-12-07") that is the
  index's newest (a day's sitemap grows all day under the same lastmod). Those asked longest
  ago first, each with its validators (a 304 costs little).

``fetch_sitemap_max_age_days`` passes over the sitemaps (not read before) whose ``<lastmod>``
is that many days older than the index's newest: a portal's archive going back years need not
be fetched to follow its news. What is known of a sitemap read (its ``<lastmod>`` then, its
ETag and Last-Modified) is kept among the pages fetched (:class:`~warta.records.FetchedPage`,
``published_source`` :data:`SITEMAP_OF_INDEX`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from warta.errors import InputRejected
from warta.records import SITEMAP_OF_INDEX, FetchedPage
from warta.sources.feeds import Entry, parse_listing
from warta.sources.http import Exchange, Fetcher

#: Sitemaps of an index read per poll when the caller does not say (``fetch_max_sitemaps``). A
#: news portal's newest sitemap holds its last day's articles, more than the fetch_max_pages
#: (200) a poll fetches; ten allows for a Google News sitemap and sections beside it, at ten
#: requests of the host's delay.
MAX_CHILD_SITEMAPS = 10


@dataclass(slots=True)
class Chosen:
    """The sitemaps of an index to read now, in order; how many not read yet or changed are
    left for the next poll (over the bound); how many old ones were passed over (older than
    the age asked)."""

    read: list[Entry] = field(default_factory=list)
    left: int = 0
    too_old: int = 0


def lastmod_time(value: str | None) -> datetime | None:
    """A ``<lastmod>`` (W3C datetime: a day, or a time with its zone) as a UTC time; None when
    absent or unreadable."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def day_only(value: str | None) -> bool:
    """Whether a ``<lastmod>`` gives a day without a time ("2026-12-07")."""
    return value is not None and "T" not in value.strip()


def sitemaps_to_read(
    children: Sequence[Entry],
    known: Mapping[str, FetchedPage],
    bound: int = MAX_CHILD_SITEMAPS,
    max_age_days: float = 0,
) -> Chosen:
    """The sitemaps of an index to read at this poll (see the module's docstring).

    Args:
        children: the index's sitemaps, in its order (``Entry.updated`` is the lastmod).
        known: the sitemaps of this index read before, by URL (``stamp``: their lastmod then).
        bound: most sitemaps read.
        max_age_days: pass over a sitemap not read before whose lastmod is this many days
            older than the index's newest (0: read them all).
    """
    bound = max(1, bound)
    dated = [(when, child) for child in children if (when := lastmod_time(child.updated))]
    undated = [child for child in children if lastmod_time(child.updated) is None]
    oldest = None
    if max_age_days > 0 and dated:
        oldest = max(when for when, _ in dated) - timedelta(days=max_age_days)
    newest_day = max((when.date() for when, _ in dated), default=None)
    waiting: list[tuple[datetime, Entry]] = []
    today: list[Entry] = []  # dated by the day alone, the index's newest day, read before
    too_old = 0
    for when, child in dated:
        seen = known.get(child.url)
        if seen is not None and seen.stamp == child.updated:
            if day_only(child.updated) and when.date() == newest_day:
                today.append(child)  # a day's sitemap grows all day under the same lastmod
            continue  # read, and not changed since
        if seen is None and oldest is not None and when < oldest:
            too_old += 1
            continue
        waiting.append((when, child))
    # sorted() is stable: sitemaps of the same lastmod keep the index's order
    queue = [child for _, child in sorted(waiting, key=lambda pair: pair[0], reverse=True)]
    queue += [child for child in undated if child.url not in known]
    read = queue[:bound]
    # sitemaps read before that cannot say they changed (undated, or dated by today's day
    # alone): asked in turn, longest ago first
    asked = sorted(
        [*today, *(child for child in undated if child.url in known)],
        key=lambda child: known[child.url].fetched_at or "",
    )
    read += asked[: bound - len(read)]
    return Chosen(read, len(queue) - min(len(queue), bound), too_old)


@dataclass(slots=True)
class IndexRead:
    """The sitemaps of an index read at a poll: their entries, their answers to archive
    (not the 304s), and what to remember of each once the poll is whole."""

    entries: list[Entry] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list)
    remembered: list[FetchedPage] = field(default_factory=list)
    #: Sitemaps not read yet, or changed, left for the next poll (over the bound).
    left: int = 0
    #: Sitemaps passed over, older than fetch_sitemap_max_age_days.
    too_old: int = 0
    #: The sitemaps that could not be read, with the reason (read again at the next poll).
    failed: list[InputRejected] = field(default_factory=list)


def read_index(
    fetcher: Fetcher,
    source_id: int,
    children: Sequence[Entry],
    known: Mapping[str, FetchedPage],
    bound: int = MAX_CHILD_SITEMAPS,
    max_age_days: float = 0,
) -> IndexRead:
    """Read the sitemaps of an index that this poll should (:func:`sitemaps_to_read`), each
    with the validators its server sent last time.

    A sitemap that cannot be fetched or read (not XML, or past 50 MB uncompressed) is set
    aside (``failed``), not remembered, so the next poll asks it again; the others are read.

    Raises:
        Stopped: the fetcher was stopped.
    """
    chosen = sitemaps_to_read(children, known, bound, max_age_days)
    done = IndexRead(left=chosen.left, too_old=chosen.too_old)
    for child in chosen.read:
        before = known.get(child.url)
        try:
            exchange = fetcher.get_listing(
                child.url,
                before.etag if before else None,
                before.last_modified if before else None,
            )
        except InputRejected as exc:
            done.failed.append(exc)
            continue
        if exchange.status != 304:
            done.exchanges.append(exchange)
            try:
                parsed = parse_listing(child.url, exchange.body)
            except InputRejected as exc:  # not XML, or a gzip bomb: named, asked again later
                done.failed.append(exc)
                continue
            if parsed is not None and parsed.kind == "sitemap":  # no index in an index
                done.entries.extend(parsed.entries)
        if exchange.status == 304 and before is not None:  # the validators it was sent with
            etag, modified = before.etag, before.last_modified
        else:
            etag, modified = exchange.header("etag"), exchange.header("last-modified")
        done.remembered.append(
            FetchedPage(
                url=child.url,
                source_id=source_id,
                stamp=child.updated,
                etag=etag,
                last_modified=modified,
                fetched_at=exchange.fetched_at,
                status=exchange.status,
                published_source=SITEMAP_OF_INDEX,
            )
        )
    return done
