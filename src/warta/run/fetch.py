"""Following live sources: add them (discovering a portal's feeds and sitemaps), poll the due
ones, fetch their new and changed articles, archive every response and ingest the pages through
the same path as files (:func:`~warta.run.local.ingest_documents`).

Network work runs in threads (``fetch_workers``); the store and the archive are written from
the calling thread only. A poll of a source is committed in this order: the pages are archived,
then ingested (articles new, changed or unchanged), then remembered as fetched, and last the
source's own validators and schedule are saved. A run killed anywhere in between is completed
by the next: pages not remembered are fetched again and ingest as unchanged, so nothing is lost
and nothing is stored twice.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from warta.errors import (
    EmptyInput,
    FetchFailed,
    FetchRefused,
    InputRejected,
    MalformedInput,
    NotText,
    TooLarge,
)
from warta.ingest.decode import decode
from warta.ingest.html import HtmlPage
from warta.ingest.sources import Skipped
from warta.model import RawDocument
from warta.records import FetchedPage, SourceState, Store
from warta.run.local import Analysis, IngestReport, ingest_documents
from warta.sources.archive import Archive
from warta.sources.dates import PublicationTime, publication_time
from warta.sources.discover import Discovery, discover
from warta.sources.feeds import Entry, parse_listing
from warta.sources.http import Exchange, Fetcher, FetchPolicy, Stopped
from warta.sources.safety import check_url
from warta.sources.schedule import Schedule, failed, polled
from warta.sources.sitemaps import day_only, read_index

log = logging.getLogger(__name__)

#: Pages of a source fetched, then archived, ingested and remembered together: a source of
#: 200 new pages at the default 5 s per host stores its first articles after 100 s, not after
#: 1,000 s, and a run killed on the way loses no more than a part's fetching.
PAGES_PER_INGEST = 20
#: How long a poll holds the sources it took (their next poll moved this far ahead), so that
#: a second process polling at the same time (a `warta fetch` beside `warta watch`) leaves
#: them and each host sees one poller. A poll saves their real next poll when it ends or is
#: stopped; only a killed one leaves them waiting this long. 200 pages at the default 5 s per
#: host take about 17 minutes: half an hour covers a whole poll.
POLL_LEASE_SECONDS = 1800
#: Content types read as article pages.
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")


@dataclass(slots=True)
class PageResult:
    """One article page's fetch: its exchange (None when the server said 304 Not Modified),
    or why it failed."""

    entry: Entry
    exchange: Exchange | None = None
    error: InputRejected | None = None


@dataclass(slots=True)
class Listing:
    """A source's listing fetched: its exchange (None: 304) and its entries, or the failure."""

    source: SourceState
    exchange: Exchange | None = None
    entries: list[Entry] = field(default_factory=list)
    extra: list[Exchange] = field(default_factory=list)  # an index's sitemaps
    #: An index's sitemaps read before (by URL), and what to remember of those read now.
    sitemaps: dict[str, FetchedPage] = field(default_factory=dict)
    sitemaps_read: list[FetchedPage] = field(default_factory=list)
    #: Sitemaps of an index not read yet or changed, left for the next poll (over the
    #: bound); those passed over as too old; those that could not be read (asked again at the
    #: next poll).
    sitemaps_left: int = 0
    sitemaps_too_old: int = 0
    sitemaps_failed: list[InputRejected] = field(default_factory=list)
    #: Pages it lists that wait for the next poll (over ``fetch_max_pages``).
    pages_left: int = 0
    error: FetchFailed | InputRejected | None = None
    stopped: bool = False
    #: Pages it lists are left for the next poll (over ``fetch_max_pages``, or failing for a
    #: while): its validators are not kept, so that the next poll reads it whole again.
    incomplete: bool = False
    #: The parts of its pages still to fetch, and the articles its pages added so far.
    waiting: list[list[tuple[Entry, FetchedPage | None]]] = field(default_factory=list)
    added: int = 0


@dataclass(slots=True)
class FetchReport:
    """What a round of polls did."""

    polled: int = 0
    not_modified: int = 0
    pages: int = 0
    failed: list[str] = field(default_factory=list)
    paused: list[str] = field(default_factory=list)
    #: Sitemaps of an index that could not be read, while the index's others were.
    sitemaps_failed: list[str] = field(default_factory=list)
    #: Sources with more to read than one poll reads, and what waits for their next poll
    #: (for which they are due at once): "URL: 3 sitemaps of its index, 40 pages".
    waiting: list[str] = field(default_factory=list)
    #: Sitemaps of indexes passed over, older than fetch_sitemap_max_age_days.
    sitemaps_too_old: int = 0
    stopped: bool = False
    ingest: IngestReport = field(default_factory=IngestReport)
    requests: Counter[str] = field(default_factory=Counter)

    def add(self, other: IngestReport) -> None:
        for name in ("added", "updated", "unchanged", "anchored", "recleaned"):
            setattr(self.ingest, name, getattr(self.ingest, name) + getattr(other, name))
        for rejected in other.rejected:
            self.ingest.refuse(rejected)
        self.ingest.refused += other.refused - len(other.rejected)
        self.ingest.stories.add(other.stories)


def policy_and_schedule(settings: Mapping[str, Any]) -> tuple[FetchPolicy, Schedule]:
    """The fetch policy and the polling bounds the settings say."""
    schedule = Schedule(
        min_interval=float(settings["fetch_min_interval_seconds"]),
        max_interval=float(settings["fetch_max_interval_seconds"]),
        pause_score=float(settings["fetch_pause_failures"]),
    )
    return FetchPolicy.from_settings(settings), schedule


def add_sources(
    store: Store,
    urls: Iterable[str],
    fetcher: Fetcher,
    interval_seconds: float,
    outlet: str | None = None,
) -> tuple[list[tuple[SourceState, bool]], list[InputRejected]]:
    """Follow the feeds and sitemaps each URL is or leads to (see
    :mod:`warta.sources.discover`). Returns the sources (and whether each is new) and the URLs
    and candidates refused, with their reasons; one URL's failure does not stop the others."""
    added: list[tuple[SourceState, bool]] = []
    refused: list[InputRejected] = []
    for url in urls:
        try:
            check_url(url, allow_private=True)  # the scheme and host; safety when fetching
            found: Discovery = discover(fetcher, url)
        except InputRejected as exc:
            refused.append(exc if exc.origin == url else InputRejected(url, str(exc)))
            continue
        refused.extend(found.refused)
        if not found.found:
            refused.append(InputRejected(url, "no feed or sitemap found there"))
        for source in found.found:
            added.append(
                store.add_source(source.url, source.kind, outlet, source.home, interval_seconds)
            )
    return added, refused


class Poller:
    """Polls sources and ingests what is new; one per run (``warta fetch``, ``warta watch``).

    Args:
        store: where sources, pages and articles are.
        settings: the settings in force.
        analysis: where the pages are analysed.
        archive: where every response is kept (None: not kept; for tests of other parts).
        stop: set it (a signal handler does) to end the round cleanly: requests in flight end,
            the pages fetched are ingested, nothing else starts.
        on_item: called per page ingested, with its refusal or None.
    """

    def __init__(
        self,
        store: Store,
        settings: Mapping[str, Any],
        analysis: Analysis,
        archive: Archive | None,
        stop: threading.Event | None = None,
        on_item: Callable[[InputRejected | Skipped | None], None] | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.analysis = analysis
        self.archive = archive
        self.stop = stop or threading.Event()
        self.on_item = on_item
        self.policy, self.schedule = policy_and_schedule(settings)
        self.fetcher = Fetcher(self.policy, self.stop)
        self.max_pages = int(settings["fetch_max_pages"])
        self.max_sitemaps = int(settings["fetch_max_sitemaps"])
        self.max_sitemap_age = float(settings["fetch_sitemap_max_age_days"])
        self.workers = int(settings["fetch_workers"])

    def close(self) -> None:
        self.fetcher.close()

    def __enter__(self) -> Poller:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def poll(self, everything: bool = False) -> FetchReport:
        """Poll every due source once (``everything``: every source not paused), ingesting
        what is new."""
        report = FetchReport()
        self._claimed: set[str] = set()
        now = datetime.now(UTC)
        lease = now + timedelta(seconds=POLL_LEASE_SECONDS)
        sources = self.store.claim_sources(_iso(now), _iso(lease), everything)
        if not sources:
            return report
        self.analysis.start()  # before the threads, so the analysis workers fork
        pending: dict[Future[Any], tuple[str, Any]] = {}
        with ThreadPoolExecutor(self.workers, "warta-fetch") as pool, self._stop_on_error():
            for source in sources:
                listing = Listing(source)
                if source.kind == "sitemap":
                    listing.sitemaps = self.store.sitemaps_read(source.id)
                pending[pool.submit(self._fetch_listing, listing)] = ("listing", source)
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    what, context = pending.pop(future)
                    if what == "listing":
                        fetched: Listing = future.result()
                        pages = self._listed(fetched, report)
                        if pages is None:
                            continue
                        fetched.waiting = [
                            pages[i : i + PAGES_PER_INGEST]
                            for i in range(0, len(pages), PAGES_PER_INGEST)
                        ] or [[]]
                    else:
                        fetched = context
                        page_results, stopped = future.result()
                        self._ingest(fetched, page_results, report)
                        if stopped or not fetched.waiting:
                            self._finish(fetched, stopped, report)
                            continue
                    # the source's pages, a part at a time: each part stored as it comes
                    part = fetched.waiting.pop(0)
                    pending[pool.submit(self._fetch_pages, part)] = ("pages", fetched)
        report.stopped = self.stop.is_set()
        report.requests = Counter(self.fetcher.requests)
        return report

    @contextmanager
    def _stop_on_error(self) -> Iterator[None]:
        """An error here (the store busy, say) stops the threads' fetching at once, rather
        than after every page they were given."""
        try:
            yield
        except BaseException:
            self.stop.set()
            raise

    # -- in the threads: network only ----------------------------------------------------

    def _fetch_listing(self, listing: Listing) -> Listing:
        source = listing.source
        # an index whose sitemaps have no lastmod, or a day's alone, cannot say they changed:
        # read it whole
        whole = any(
            page.stamp is None or day_only(page.stamp) for page in listing.sitemaps.values()
        )
        try:
            exchange = self.fetcher.get_listing(
                source.url,
                None if whole else source.etag,
                None if whole else source.last_modified,
            )
            if exchange.status == 304:
                return listing
            listing.exchange = exchange
            parsed = parse_listing(source.url, exchange.body)
            if parsed is None:
                raise InputRejected(source.url, "neither a feed nor a sitemap any more")
            if parsed.kind == "index":
                read = read_index(
                    self.fetcher,
                    source.id,
                    parsed.entries,
                    listing.sitemaps,
                    self.max_sitemaps,
                    self.max_sitemap_age,
                )
                if read.failed and not read.remembered:  # none of its sitemaps could be read
                    raise read.failed[0]
                listing.entries, listing.extra = read.entries, read.exchanges
                listing.sitemaps_read = read.remembered
                listing.sitemaps_left = read.left
                listing.sitemaps_too_old = read.too_old
                listing.sitemaps_failed = read.failed
                if read.failed:  # the index is read again at the next poll, and they with it
                    listing.incomplete = True
            else:
                listing.entries = parsed.entries
        except Stopped:
            listing.stopped = True
        except InputRejected as exc:
            listing.error = exc
        return listing

    def _fetch_pages(
        self, pages: Sequence[tuple[Entry, FetchedPage | None]]
    ) -> tuple[list[PageResult], bool]:
        results: list[PageResult] = []
        for entry, known in pages:
            result = PageResult(entry)
            try:
                etag = known.etag if known else None
                modified = known.last_modified if known else None
                exchange = self.fetcher.get(entry.url, etag, modified)
                result.exchange = None if exchange.status == 304 else exchange
            except Stopped:
                return results, True
            except InputRejected as exc:
                result.error = exc
            results.append(result)
        return results, False

    # -- in the calling thread: the store and the archive --------------------------------

    def _listed(
        self, listing: Listing, report: FetchReport
    ) -> list[tuple[Entry, FetchedPage | None]] | None:
        """Archive a listing, or record its failure; the pages to fetch (None: nothing to do)."""
        source = listing.source
        if listing.stopped:
            self.store.save_source(source)  # its claim given back: due as it was
            return None
        report.polled += 1
        now = datetime.now(UTC)
        if listing.error is not None:
            retry = getattr(listing.error, "retry_after", None)
            failed(source, self.schedule, now, listing.error.reason, retry)
            self.store.save_source(source)
            report.failed.append(f"{source.url}: {listing.error.reason}")
            if source.paused:
                report.paused.append(f"{source.url}: {source.last_error}")
            return None
        for exchange in (listing.exchange, *listing.extra):
            if exchange is not None:
                self._archive(exchange)
        report.sitemaps_failed.extend(f"{f.origin}: {f.reason}" for f in listing.sitemaps_failed)
        if listing.exchange is None:  # 304: nothing changed since the last poll
            report.not_modified += 1
            polled(source, self.schedule, now, 0)
            source.last_status = "304 not modified"
            self.store.save_source(source)
            return None
        entries = list({entry.url: entry for entry in listing.entries}.values())
        known = self.store.fetched_pages([entry.url for entry in entries])
        wanted = [
            (entry, known.get(entry.url))
            for entry in entries
            if entry.url not in self._claimed
            and (entry.url not in known or (entry.stamp and entry.stamp != known[entry.url].stamp))
        ]
        if len(wanted) > self.max_pages:
            listing.incomplete = True  # the rest at the next poll, which must read it all again
            listing.pages_left = len(wanted) - self.max_pages
            wanted = wanted[: self.max_pages]
        # a page several feeds list is fetched once per round, by the first feed read
        self._claimed.update(entry.url for entry, _ in wanted)
        return wanted

    def _archive(self, exchange: Exchange) -> None:
        """Keep an exchange and the redirects that led to it."""
        if self.archive is not None:
            for step in (*exchange.previous, exchange):
                self.archive.write(step)

    def _ingest(self, listing: Listing, results: list[PageResult], report: FetchReport) -> None:
        """Archive and ingest a part of a source's pages, and remember them as fetched."""
        source = listing.source
        documents: list[RawDocument | InputRejected | Skipped] = []
        remembered: list[FetchedPage] = []
        fetched_at = _now_iso()
        for result in results:
            entry, exchange = result.entry, result.exchange
            when = PublicationTime(None, None)
            if exchange is not None:
                report.pages += 1
                self._archive(exchange)
                document, when = page_document(
                    source.outlet,
                    entry,
                    exchange.content_type,
                    exchange.body,
                    exchange.url,
                    self.analysis.read_html,
                )
                documents.append(document)
                if isinstance(document, InputRejected) and not _lasting(document):
                    listing.incomplete = True  # read again at the next poll
                    continue
            elif result.error is not None:
                documents.append(result.error)
            if result.error is not None and not _lasting(result.error):
                listing.incomplete = True  # asked again at the next poll
            else:
                remembered.append(
                    FetchedPage(
                        url=entry.url,
                        source_id=source.id,
                        stamp=entry.stamp,
                        etag=exchange.header("etag") if exchange else None,
                        last_modified=exchange.header("last-modified") if exchange else None,
                        fetched_at=fetched_at,
                        status=_status(result),
                        published=when.published,
                        published_source=when.source,
                        date_evidence=tuple((e.source, e.value) for e in when.evidence),
                        date_flags=when.flags,
                    )
                )
        outcome = IngestReport()
        if documents:
            outcome = ingest_documents(
                documents,
                self.store,
                batch_size=int(self.settings["batch_size"]),
                on_item=self.on_item,
                analysis=self.analysis,
            )
            report.add(outcome)
            listing.added += outcome.added
        # what was ingested is remembered; a 304 keeps the validators it was sent with
        known = self.store.fetched_pages([page.url for page in remembered])
        self.store.save_fetched(
            [_keep_validators(page, known.get(page.url)) for page in remembered]
        )

    def _finish(self, listing: Listing, stopped: bool, report: FetchReport) -> None:
        """Save a source's validators and schedule once all its pages are done."""
        source = listing.source
        if stopped:  # the listing is read again next time, for the pages not fetched yet
            self.store.save_source(source)  # its claim given back: due as it was
            return
        assert listing.exchange is not None
        if not listing.incomplete:  # its sitemaps read now are read again when they change
            self.store.save_fetched(listing.sitemaps_read)
        whole = not listing.incomplete and not listing.sitemaps_left
        report.sitemaps_too_old += listing.sitemaps_too_old
        left = [
            f"{count} {noun}"
            for count, noun in (
                (listing.sitemaps_left, "sitemaps of its index"),
                (listing.pages_left, "pages"),
            )
            if count
        ]
        if left:
            report.waiting.append(f"{source.url}: {', '.join(left)}")
        source.etag = listing.exchange.header("etag") if whole else None
        source.last_modified = listing.exchange.header("last-modified") if whole else None
        now = datetime.now(UTC)
        polled(source, self.schedule, now, listing.added)
        if not whole:  # pages wait: soon, not after an interval that grew
            # Pages or sitemaps over a poll's bound are due at once (the host's delay still
            # spaces the requests); pages that failed for a while, after the shortest interval.
            over = listing.pages_left or listing.sitemaps_left
            soon = now + timedelta(seconds=0 if over else self.schedule.min_interval)
            source.next_poll = min(source.next_poll, soon.isoformat(timespec="seconds"))
        source.last_status = f"{listing.exchange.status} {len(listing.entries)} entries"
        self.store.save_source(source)


def page_document(
    outlet: str | None,
    entry: Entry,
    content_type: str,
    body: bytes,
    final_url: str,
    read_html: Callable[[str, str, str | None], HtmlPage],
) -> tuple[RawDocument | InputRejected, PublicationTime]:
    """The raw document of a fetched page, or why it cannot be one, and its publication time
    from all the evidence (:mod:`warta.sources.dates`). What the page says of itself wins; its
    feed's title fills in a title it does not give."""
    origin = entry.url
    nothing = PublicationTime(None, None)
    if content_type not in PAGE_TYPES:
        return NotText(origin, f"not a page ({content_type})"), nothing
    try:
        text, encoding = decode(origin, body)
        page = read_html(origin, text, final_url)
    except InputRejected as exc:
        return exc, nothing
    except Exception as exc:  # hostile markup: this page's fault alone
        log.debug("cannot read %s", origin, exc_info=True)
        return InputRejected(origin, f"could not be read ({type(exc).__name__}: {exc})"), nothing
    when = publication_time(text, entry.url, entry.published, page.text)
    document = RawDocument(
        origin=origin,
        format="html",
        text=page.text,
        encoding=encoding,
        html=text,
        url=entry.url,
        outlet=outlet or page.outlet,
        title=page.title or entry.title,
        published=when.published or page.published,
        author=page.author,
    )
    return document, when


def _lasting(error: InputRejected) -> bool:
    """Whether a page's failure will not go away by itself (not worth a fetch at each poll
    until its feed changes it): a refusal, a page too large, a 4xx answer, a page that is not
    HTML or has no text. A timeout, a 5xx, or reading cut short (a worker over its time budget
    or stopped) may pass."""
    if isinstance(error, FetchRefused | TooLarge | MalformedInput | NotText | EmptyInput):
        return True
    if isinstance(error, FetchFailed):
        return error.status is not None and 400 <= error.status < 500 and error.status != 429
    return False


def _status(result: PageResult) -> int:
    if result.exchange is not None:
        return result.exchange.status
    if result.error is None:
        return 304
    return getattr(result.error, "status", None) or 0


def _keep_validators(page: FetchedPage, known: FetchedPage | None) -> FetchedPage:
    if page.status != 304 or known is None:
        return page
    return replace(
        page,
        etag=known.etag,
        last_modified=known.last_modified,
        published=known.published,
        published_source=known.published_source,
        date_evidence=known.date_evidence,
        date_flags=known.date_flags,
    )


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def watch(
    poller: Poller,
    tick_seconds: float,
    on_round: Callable[[FetchReport], None] | None = None,
) -> int:
    """Poll due sources until the poller's stop event is set; returns the rounds done. Between
    rounds it sleeps until the next source is due, at most ``tick_seconds``, waking at once
    when stopped."""
    rounds = 0
    while not poller.stop.is_set():
        report = poller.poll()
        rounds += 1
        if on_round is not None:
            on_round(report)
        waiting = [s.next_poll for s in poller.store.list_sources() if not s.paused]
        pause = tick_seconds
        if waiting:
            until = datetime.fromisoformat(min(waiting)) - datetime.now(UTC)
            pause = min(tick_seconds, max(until.total_seconds(), 0.0))
        poller.stop.wait(pause if pause > 0 else min(tick_seconds, 1.0))
    return rounds


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def follow(
    store: Store,
    urls: Iterable[str],
    outlet: str | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> tuple[list[tuple[SourceState, bool]], list[InputRejected]]:
    """Follow the feeds and sitemaps the URLs are or lead to, as `warta sources add` does
    (:func:`add_sources`), with the settings in force (and ``overrides``)."""
    from warta.settings import load_settings  # noqa: PLC0415  (not at import time)

    settings = load_settings(dict(overrides or {}))
    policy, _ = policy_and_schedule(settings)
    with Fetcher(policy) as fetcher:
        return add_sources(store, urls, fetcher, float(settings["fetch_interval_seconds"]), outlet)


def fetch(
    store: Store,
    everything: bool = False,
    overrides: Mapping[str, Any] | None = None,
    analysis: Analysis | None = None,
) -> FetchReport:
    """Poll the due sources once (``everything``: all not paused) and ingest what is new, as
    `warta fetch` does, archiving every response in the ``fetch_archive`` directory.

    Args:
        overrides: settings for this call (``{"fetch_contact": "me@example.org"}``).
        analysis: where pages are analysed (default: the shared worker processes).
    """
    from warta.run.local import default_analysis  # noqa: PLC0415
    from warta.settings import load_settings  # noqa: PLC0415

    settings = load_settings(dict(overrides or {}))
    analysis = analysis or default_analysis(settings["analysis_workers"])
    with (
        Archive(str(settings["fetch_archive"])) as archive,
        Poller(store, settings, analysis, archive) as poller,
    ):
        return poller.poll(everything)
