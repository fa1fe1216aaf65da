"""``warta reanalyze``: the article pages kept in the archive of fetched responses, analysed
again (see :mod:`warta.sources.archive`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin

from warta.errors import InputRejected
from warta.ingest.sources import Skipped
from warta.model import RawDocument, article_id
from warta.records import Store
from warta.run.fetch import PAGE_TYPES, page_document
from warta.run.local import Analysis, IngestReport, ingest_documents, reanalyze
from warta.sources.archive import ArchivedResponse, read_archive
from warta.sources.feeds import Entry, parse_listing


@dataclass(slots=True)
class ReanalyzeReport:
    """What re-analysing the archive did."""

    responses: int = 0
    pages: int = 0
    changed: int = 0
    ingest: IngestReport = field(default_factory=IngestReport)


def reanalyze_archive(store: Store, directory: str, analysis: Analysis) -> ReanalyzeReport:
    """Analyse again every article page kept in the archive (its latest response per URL),
    with the feed entries kept beside it: an article stored from the same page is analysed
    again (and replaced if its analysis changed); one not stored (another store, a lost
    database) is ingested.

    Raises:
        UsageError: there is no archive at ``directory``.
    """
    report = ReanalyzeReport()
    entries: dict[str, Entry] = {}
    pages: dict[str, ArchivedResponse] = {}
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
            entries.update({entry.url: entry for entry in listing.entries})
        else:  # a page is known by the URL its feed gave, before any redirect
            pages[came_from.get(response.url, response.url)] = response
    report.pages = len(pages)
    known = store.fetched_pages(list(pages))
    outlets = {source.id: source.outlet for source in store.list_sources()}
    documents: list[RawDocument | InputRejected | Skipped] = []
    for url, response in pages.items():
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
    raws = [doc for doc in documents if isinstance(doc, RawDocument)]
    stored = store.stored_hashes([article_id(raw) for raw in raws])
    same = [article_id(raw) for raw in raws if stored.get(article_id(raw)) == raw.content_hash]
    report.changed = reanalyze(store, same, analysis)
    fresh = [
        doc for doc in documents if not isinstance(doc, RawDocument) or article_id(doc) not in same
    ]
    report.ingest = ingest_documents(fresh, store, analysis=analysis)
    return report


def _content_type(value: str | None) -> str:
    return (value or "").split(";")[0].strip().lower()
