"""Which sitemaps of a sitemap index a poll reads.

A news portal's index lists a sitemap per day or month (and often a Google News sitemap); the
old ones change no more. A poll reads:

- on the first poll of the index, its newest sitemaps by ``<lastmod>``, at most
  :data:`MAX_CHILD_SITEMAPS`;
- then only the sitemaps whose ``<lastmod>`` changed since they were read, and the new ones
  (not read before) at least as recent as the newest read: their dates are compared with the
  portal's own dates, never with our clock, so a portal's clock running late misses nothing;
- the sitemaps without a ``<lastmod>``, which cannot tell whether they changed: the first ones
  in the index's order, at each poll, each asked with its validators (a 304 costs little).

The dated ones go first, newest first; a poll reads at most :data:`MAX_CHILD_SITEMAPS`. What is
known of a sitemap read (its ``<lastmod>`` then, its ETag and Last-Modified) is kept among the
pages fetched (:class:`~warta.records.FetchedPage`, ``published_source`` :data:`SITEMAP_OF_INDEX`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from warta.errors import InputRejected
from warta.records import SITEMAP_OF_INDEX, FetchedPage
from warta.sources.feeds import Entry, parse_listing
from warta.sources.http import Exchange, Fetcher

#: Sitemaps of an index read per poll. A news portal's newest sitemap holds its last day's
#: articles, more than the fetch_max_pages (200) a poll fetches; five allows for a Google News
#: sitemap and sections beside it, at five requests of the host's delay.
MAX_CHILD_SITEMAPS = 5


@dataclass(slots=True)
class Chosen:
    """The sitemaps of an index to read now, in order, and how many that changed are left
    for the next poll (over the bound)."""

    read: list[Entry] = field(default_factory=list)
    left: int = 0


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


def sitemaps_to_read(
    children: Sequence[Entry],
    known: Mapping[str, FetchedPage],
    bound: int = MAX_CHILD_SITEMAPS,
) -> Chosen:
    """The sitemaps of an index to read at this poll (see the module's docstring).

    Args:
        children: the index's sitemaps, in its order (``Entry.updated`` is the lastmod).
        known: the sitemaps of this index read before, by URL (``stamp``: their lastmod then).
    """
    dated = [(when, child) for child in children if (when := lastmod_time(child.updated))]
    undated = [child for child in children if lastmod_time(child.updated) is None]
    read_before = [lastmod_time(page.stamp) for page in known.values()]
    newest_read = max((when for when in read_before if when is not None), default=None)
    changed: list[Entry] = []
    left = 0
    # sorted() is stable: sitemaps of the same lastmod keep the index's order
    for when, child in sorted(dated, key=lambda pair: pair[0], reverse=True):
        seen = known.get(child.url)
        if seen is not None:
            if seen.stamp == child.updated:
                continue
            if len(changed) >= bound:
                left += 1  # read before and changed since: read at the next poll
                continue
        elif known and newest_read is not None and when < newest_read:
            continue  # older than what was read: an old sitemap, or one the bound left out
        if len(changed) < bound:
            changed.append(child)
    return Chosen(changed + undated[: bound - len(changed)], left)


@dataclass(slots=True)
class IndexRead:
    """The sitemaps of an index read at a poll: their entries, their answers to archive
    (not the 304s), and what to remember of each once the poll is whole."""

    entries: list[Entry] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list)
    remembered: list[FetchedPage] = field(default_factory=list)
    #: Changed sitemaps left for the next poll (over the bound).
    left: int = 0
    #: The sitemaps that could not be read, with the reason (read again at the next poll).
    failed: list[InputRejected] = field(default_factory=list)


def read_index(
    fetcher: Fetcher, source_id: int, children: Sequence[Entry], known: Mapping[str, FetchedPage]
) -> IndexRead:
    """Read the sitemaps of an index that this poll should (:func:`sitemaps_to_read`), each
    with the validators its server sent last time.

    A sitemap that cannot be fetched is set aside (``failed``), not remembered, so the next
    poll asks it again; the others are read.

    Raises:
        Stopped: the fetcher was stopped.
    """
    chosen = sitemaps_to_read(children, known)
    done = IndexRead(left=chosen.left)
    for child in chosen.read:
        before = known.get(child.url)
        try:
            exchange = fetcher.get(
                child.url,
                before.etag if before else None,
                before.last_modified if before else None,
            )
        except InputRejected as exc:
            done.failed.append(exc)
            continue
        if exchange.status != 304:
            done.exchanges.append(exchange)
            parsed = parse_listing(child.url, exchange.body)
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
