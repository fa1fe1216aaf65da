"""The live sources in the JSON API: ``/api/sources`` (each source with its polling state, as
``warta sources -f json`` gives it) and ``/api/sources/pages`` (the pages fetched with their
date evidence, as ``warta sources pages -f json``).

Neither is kept by the response cache (:mod:`warta.web.cache`): a source's state changes with
each poll and with the clock, and a poll does not move the store's generation.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request

from warta.present.sources import fetched_page_row, now_iso, source_row
from warta.web.api import MAX_NUMBER, Limit, Offset, StoreDep, list_page, refuse_unknown_parameters
from warta.web.api_json import UTCRouter

#: its answers' times in UTC, one convention (docs/api.md)
router = UTCRouter(prefix="/api", dependencies=[Depends(refuse_unknown_parameters)])


@router.get("/sources", summary="List the live sources")
def list_sources(
    request: Request, store: StoreDep, limit: Limit = 20, offset: Offset = 0
) -> dict[str, Any]:
    """The feeds and sitemaps followed, by id: ``id, url, kind, outlet, state`` (``due``,
    ``waiting``, or ``paused`` with the reason in ``last_error``), ``last_fetch, last_new``
    (the last poll that found a new article), ``articles, polls, failures`` (the failure
    score), ``next_poll, interval_seconds, last_status, last_error``; ``total`` counts them."""
    sources = store.list_sources()
    now = now_iso()
    rows = [source_row(source, now) for source in sources[offset : offset + limit + 1]]
    page = list_page(request, rows, limit, offset)
    page["total"] = len(sources)
    return page


@router.get("/sources/pages", summary="List the pages fetched, with their date evidence")
def list_fetched_pages(
    request: Request,
    store: StoreDep,
    disagreeing: Annotated[
        bool, Query(description="Only the pages whose date evidence disagrees.")
    ] = False,
    source: Annotated[
        int | None, Query(ge=0, le=MAX_NUMBER, description="Only this source's pages (its id).")
    ] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """The pages fetched, most recent first: ``url, source_id, fetched_at, status,
    published`` (the publication time chosen), ``published_source`` (the evidence it came
    from), ``evidence`` (every piece: ``source, value``; sources ``json-ld, meta,
    time-element, feed, url, text``) and ``flags`` (``disagrees:<source>`` for each source
    that disagrees with the time chosen); ``total`` counts them. Not the sitemaps of an
    index."""
    if source is not None and all(s.id != source for s in store.list_sources()):
        raise HTTPException(404, f"no source with id {source} (see /api/sources)")
    pages = store.list_fetched(disagreeing, limit + 1, offset, source)
    page = list_page(request, [fetched_page_row(p) for p in pages], limit, offset)
    page["total"] = store.count_fetched(disagreeing, source)
    return page
