"""``warta reanalyze``: the article pages kept in the archive of fetched responses, analysed
again (see :mod:`warta.sources.archive`); with ``--stored``, the stored articles analysed again
from the inputs the store keeps.

The archive may hold far more than memory: it is read twice, holding at most a batch of bodies.
The first pass reads every response once, one at a time, and keeps per page URL only where its
latest response lies (file and offset), with the feed entries (a title and a date each). The
second reads only those responses, a file at a time in order, and hands them to the ingest in
batches of ``batch_size``.

The store is read a batch of ids at a time, in id order: a batch analysed again, its changed
articles replaced and their story features computed again before the next batch is read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from urllib.parse import urljoin

from warta.errors import InputRejected
from warta.ingest.sources import Skipped
from warta.model import RawDocument, article_id
from warta.records import Store, check_filters
from warta.run.fetch import PAGE_TYPES, page_document
from warta.run.local import (
    Analysis,
    IngestReport,
    ingest_documents,
    learn_stored_stems,
    reanalyze,
    reanalyze_articles,
    recompute_features,
)
from warta.sources.archive import ArchivedResponse, read_archive, read_responses
from warta.sources.feeds import Entry, parse_listing

#: Pages read from the archive, analysed and stored at a time. The ingest analyses a batch
#: while it writes the one before, so about three batches of bodies are in memory at once
#: (a few MB of HTML at 200, the ingest's own batch).
BATCH_PAGES = 200

#: Stored articles analysed again at a time by ``--stored``: the ingest's batch, whose
#: articles and inputs are a few MB at most.
BATCH_ARTICLES = 200

#: Where a response lies in the archive: its WARC file's name and its record's offset.
Place = tuple[str, int]


@dataclass(slots=True)
class ReanalyzeReport:
    """What re-analysing the archive did."""

    responses: int = 0
    pages: int = 0
    changed: int = 0
    ingest: IngestReport = field(default_factory=IngestReport)


@dataclass(slots=True)
class _ArchiveIndex:
    """What the first pass keeps: per page URL (as its feed gave it, before any redirect) the
    place of its latest response, and the feed entries by URL."""

    places: dict[str, Place] = field(default_factory=dict)
    entries: dict[str, Entry] = field(default_factory=dict)


def reanalyze_archive(
    store: Store, directory: str, analysis: Analysis, batch_size: int = BATCH_PAGES
) -> ReanalyzeReport:
    """Analyse again every article page kept in the archive (its latest response per URL),
    with the feed entries kept beside it: an article stored from the same page is analysed
    again (and replaced if its analysis changed); one not stored (another store, a lost
    database) is ingested. At most about three batches of ``batch_size`` pages are in memory.

    Raises:
        UsageError: there is no archive at ``directory``.
    """
    report = ReanalyzeReport()
    index = _index(directory, report)
    report.pages = len(index.places)
    same: list[str] = []  # the ids of the pages stored with the same content, for afterwards
    documents = _documents(store, directory, index, analysis, batch_size, same)
    report.ingest = ingest_documents(documents, store, batch_size=batch_size, analysis=analysis)
    # after the ingest, with the template lines its new articles taught: analysed before it,
    # those the new lines touch would be analysed a second time by the ingest
    for start in range(0, len(same), batch_size):
        report.changed += reanalyze(store, same[start : start + batch_size], analysis)
    return report


@dataclass(slots=True)
class StoredReport:
    """What analysing the stored articles again did."""

    analysed: int = 0
    changed: int = 0
    refused: int = 0


def reanalyze_stored(
    store: Store,
    analysis: Analysis,
    batch_size: int = BATCH_ARTICLES,
    since: str | None = None,
    on_refused: Callable[[InputRejected], None] | None = None,
) -> StoredReport:
    """Analyse again every stored article (with ``since``, those published on or after it)
    from the input the store kept, ``batch_size`` at a time: those whose analysis changed
    are replaced, and their story features computed again (their stories stay as they are).
    An article the analysis refuses now keeps the analysis it had; ``on_refused`` gets the
    refusal.

    Raises:
        FilterError: ``since`` is not a date.
    """
    check_filters(since, None, None, 0)
    learn_stored_stems(store)  # before the workers start: forked ones know them too
    report = StoredReport()
    after = ""
    while ids := store.article_ids_after(after, batch_size, since):
        after = ids[-1]
        batch = reanalyze_articles(store, ids, analysis, refeature=True, anchor=True)
        # now, not once at the end: the features owed stay a batch's, and a run stopped
        # half-way leaves at most a batch owed (the next ingest computes it)
        recompute_features(store)
        report.analysed += batch.analysed
        report.changed += batch.changed
        report.refused += len(batch.refused)
        for refusal in batch.refused:
            if on_refused is not None:
                on_refused(refusal)
    return report


def _index(directory: str, report: ReanalyzeReport) -> _ArchiveIndex:
    """The first pass: each response read once and let go, the places of the pages' latest
    responses and the feed entries kept."""
    index = _ArchiveIndex()
    came_from: dict[str, str] = {}  # a redirect's target -> the URL first asked
    for response in read_archive(directory):
        report.responses += 1
        location = response.header("location")
        if 300 <= response.status < 400 and location:
            came_from[urljoin(response.url, location.strip())] = came_from.get(
                response.url, response.url
            )
            continue
        if not 200 <= response.status < 300:
            continue
        content_type = _content_type(response.header("content-type"))
        listing = None
        if content_type not in PAGE_TYPES or response.body.lstrip().startswith(b"<?xml"):
            try:
                listing = parse_listing(response.url, response.body)
            except InputRejected:
                listing = None
        if listing is not None:
            index.entries.update({entry.url: entry for entry in listing.entries})
        else:  # a page is known by the URL its feed gave, before any redirect
            index.places[came_from.get(response.url, response.url)] = (
                response.file,
                response.offset,
            )
    return index


def _documents(
    store: Store,
    directory: str,
    index: _ArchiveIndex,
    analysis: Analysis,
    batch_size: int,
    same: list[str],
) -> Iterator[RawDocument | InputRejected | Skipped]:
    """The second pass: the pages' latest responses, read in the archive's order a batch at a
    time, as documents to ingest. A page stored already with the same content is not given:
    its id is added to ``same``, to be analysed again from the store."""
    by_place = {place: url for url, place in index.places.items()}
    outlets = {source.id: source.outlet for source in store.list_sources()}
    responses = read_responses(directory, sorted(by_place))
    while batch := list(islice(responses, batch_size)):
        documents = _page_documents(store, batch, by_place, index.entries, outlets, analysis)
        del batch  # the bodies: the documents hold what the ingest needs of them
        raws = [doc for doc in documents if isinstance(doc, RawDocument)]
        stored = store.stored_hashes([article_id(raw) for raw in raws])
        unchanged = [
            article_id(raw) for raw in raws if stored.get(article_id(raw)) == raw.content_hash
        ]
        same.extend(unchanged)
        kept = set(unchanged)
        yield from (
            doc
            for doc in documents
            if not isinstance(doc, RawDocument) or article_id(doc) not in kept
        )


def _page_documents(
    store: Store,
    batch: list[ArchivedResponse],
    by_place: dict[Place, str],
    entries: dict[str, Entry],
    outlets: dict[int, str | None],
    analysis: Analysis,
) -> list[RawDocument | InputRejected]:
    """The documents of a batch of pages' responses, each known by its feed's URL, with its
    feed entry and its source's outlet."""
    urls = [by_place[(response.file, response.offset)] for response in batch]
    known = store.fetched_pages(urls)
    documents = []
    for url, response in zip(urls, batch, strict=True):
        page = known.get(url)
        outlet = outlets.get(page.source_id) if page and page.source_id is not None else None
        documents.append(
            page_document(
                outlet,
                entries.get(url, Entry(url)),
                _content_type(response.header("content-type")),
                response.body,
                response.url,
                analysis.read_html,
            )[0]
        )
    return documents


def _content_type(value: str | None) -> str:
    return (value or "").split(";")[0].strip().lower()
