"""Exports from the list pages: ``GET /export/{kind}.{fmt}``, a streamed download of the rows
``warta export`` writes (docs/export.md), with the same filters as query parameters.

The filters are checked, and the story or entity they name looked up, with the request's own
store before the response starts, so a bad request is a 4xx with a JSON message, never a
download that stops half-way. The rows are then read with a store the stream acquires from
the pool and gives back when it ends (or is abandoned): the request's store is released when
the request is done with, which can come before the last row is sent.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from warta.errors import UsageError
from warta.present.attention import attention
from warta.present.export import (
    FILTERS,
    KIND_FORMATS,
    ExportQuery,
    check_export,
    check_references,
    export_choices,
    export_lines,
    export_rows,
    web_parameters,
)
from warta.present.network import (
    DEFAULT_NODES,
    MAX_NODES,
    entity_network,
    network_query,
    network_text,
)
from warta.present.network import MEDIA_TYPES as NETWORK_MEDIA_TYPES
from warta.records import Store
from warta.web.api import MAX_NUMBER, follow_list, unknown_parameters
from warta.web.deps import StorePool, get_store

# Unknown parameters are refused by each kind of export (present/export.py ``FILTERS``, the
# table the CLI checks too), not by the route's whole list: ``nodes`` means nothing to an export
# of articles.
router = APIRouter(tags=["exports"])

#: Rows a web export holds when no limit is given, and at most: a download of 10,000 articles
#: is a few tens of MB; bigger exports are `warta export`'s job, which streams without a cap.
WEB_DEFAULT_ROWS = 10_000
WEB_MAX_ROWS = 100_000

#: Stories a web timelines export covers by default, and at most: each story's timeline is built
#: when asked for (about 3 s for a 500-article story, docs/design.md), inside the request.
WEB_DEFAULT_STORIES = 20
WEB_MAX_STORIES = 500

#: Text gathered before a piece of the download is sent: each piece costs a hop to the
#: event loop's thread, so a piece holds many rows rather than one.
CHUNK_CHARS = 64 * 1024

MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}


@router.get(
    "/export/{kind}.{fmt}",
    summary="Export articles, quotes, entities, timelines, mentions, network or attention",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"text/csv": {}, "application/x-ndjson": {}}},
        400: {"description": 'A bad filter: `{"error": message}`.'},
        404: {"description": 'No such kind or format: `{"error": message}`.'},
        422: {"description": 'A number out of range or not a number: `{"error": message}`.'},
    },
)
def export_download(
    request: Request,
    store: Annotated[Store, Depends(get_store)],
    kind: str,
    fmt: str,
    since: Annotated[str | None, Query(description="Published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, Query(description="Published up to and including.")] = None,
    outlet: Annotated[str | None, Query(description="Only this outlet's articles.")] = None,
    entity: Annotated[
        str | None, Query(description="Articles or stories mentioning it; entities: only it.")
    ] = None,
    speaker: Annotated[str | None, Query(description="Quotes: only this speaker.")] = None,
    story: Annotated[int | None, Query(ge=0, le=MAX_NUMBER, description="Only this story.")] = None,
    entity_type: Annotated[
        str | None, Query(alias="type", description="Entities: PERSON, ORG, LOC, ...")
    ] = None,
    limit: Annotated[
        int | None,
        Query(
            ge=1,
            le=MAX_NUMBER,
            description=f"Rows (timelines: stories); default {WEB_DEFAULT_ROWS:,} rows or "
            f"{WEB_DEFAULT_STORIES} stories, at most {WEB_MAX_ROWS:,} rows or "
            f"{WEB_MAX_STORIES} stories.",
        ),
    ] = None,
    offset: Annotated[int, Query(ge=0, le=MAX_NUMBER, description="Skip this many first.")] = 0,
    nodes: Annotated[
        int, Query(ge=1, le=MAX_NODES, description="network: the entities it holds.")
    ] = DEFAULT_NODES,
    min_articles: Annotated[
        int, Query(ge=1, le=MAX_NUMBER, description="network: the articles that join a pair.")
    ] = 1,
    q: Annotated[
        list[str] | None, Query(description="attention: a search to follow (repeatable).")
    ] = None,
    interval: Annotated[
        Literal["day", "week", "month"], Query(description="attention: day, week or month.")
    ] = "day",
) -> Response:
    """A streamed download of an export; each row carries its provenance (docs/export.md).
    ``network.{gexf,graphml,csv,jsonl}``: who appears with whom (``entity``: around it)."""
    if kind not in KIND_FORMATS or fmt not in KIND_FORMATS[kind]:
        return _error(404, f"no export {kind}.{fmt}: the exports are {export_choices()}")
    takes = web_parameters(kind)
    unknown = sorted(set(request.query_params) - takes)
    if unknown:
        return _error(
            400, unknown_parameters(request.url.path, unknown, takes, _elsewhere(unknown))
        )
    if kind == "attention":
        params = request.query_params
        follow = follow_list(q, params.getlist("entity"), params.getlist("story"))
        try:
            found = attention(store, follow, interval, since, until, outlet)
        except UsageError as exc:
            return _error(400, str(exc))
        return Response(
            "".join(export_lines(found.rows(), "attention", fmt)),
            media_type=MEDIA_TYPES[fmt],
            headers={"Content-Disposition": f'attachment; filename="warta-attention.{fmt}"'},
        )
    if kind == "network":
        try:
            scope = network_query(store, since, until, outlet, story, entity_type)
            network = entity_network(store, scope, nodes, min_articles, entity)
        except UsageError as exc:
            return _error(400, str(exc))
        return Response(
            network_text(network, fmt),
            media_type=NETWORK_MEDIA_TYPES[fmt],
            headers={"Content-Disposition": f'attachment; filename="warta-network.{fmt}"'},
        )
    query = ExportQuery(
        since=since, until=until, outlet=outlet, entity=entity, speaker=speaker, story=story,
        type=entity_type, limit=limit, offset=offset,
    )  # fmt: skip
    try:
        check_export(kind, fmt, query)
        query = _capped(kind, query)
        check_references(store, query)
    except UsageError as exc:
        return _error(400, str(exc))
    pool: StorePool = request.app.state.stores
    return StreamingResponse(
        _stream(pool, kind, fmt, query),
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="warta-{kind}.{fmt}"'},
    )


def _elsewhere(unknown: list[str]) -> str:
    """Which kinds take the unknown parameters that other kinds read (`` (speaker applies to
    quotes)``), so a parameter sent to the wrong kind is told apart from a typo."""
    known = []
    for name in unknown:
        takers = [kind for kind in FILTERS if name in web_parameters(kind)]
        if takers:
            known.append(f"{name} applies to {', '.join(takers)}")
    return f" ({'; '.join(known)})" if known else ""


def export_url(kind: str, fmt: str, filters: Mapping[str, object]) -> str:
    """The download link of a list page's rows: the page's filters that the kind takes (others,
    and paging, left out), so the file holds every row the filters match, not one page."""
    kept = {
        name: str(value)
        for name, value in filters.items()
        if name in FILTERS[kind] and name not in ("limit", "offset") and value not in (None, "")
    }
    return f"/export/{kind}.{fmt}" + (f"?{urlencode(kept)}" if kept else "")


def _capped(kind: str, query: ExportQuery) -> ExportQuery:
    """The query with the web's default limit, refusing one above the web's maximum and a page
    that would end past the largest row number (the export counts up to offset + limit)."""
    if kind == "timelines" and query.story is not None:
        return query  # one story: no limit applies
    default, most, unit = (
        (WEB_DEFAULT_STORIES, WEB_MAX_STORIES, "stories")
        if kind == "timelines"
        else (WEB_DEFAULT_ROWS, WEB_MAX_ROWS, "rows")
    )
    if query.limit is None:
        query = replace(query, limit=default)
    elif query.limit > most:
        raise UsageError(
            f"limit {query.limit} is above the web's {most:,} {unit}: page with offset, or use"
            " `warta export` for the whole store"
        )
    if query.offset > MAX_NUMBER - (query.limit or 0):
        raise UsageError(
            f"offset {query.offset} plus limit {query.limit} is past the largest row number"
            f" ({MAX_NUMBER}): no store holds that many"
        )
    return query


def _stream(pool: StorePool, kind: str, fmt: str, query: ExportQuery) -> Iterator[bytes]:
    """The export's text in pieces of about :data:`CHUNK_CHARS`, read with a store of its own
    (acquired on the first piece, so a stream never started holds none)."""
    store = pool.acquire()
    try:
        pending: list[str] = []
        size = 0
        for line in export_lines(export_rows(store, kind, query), kind, fmt):
            pending.append(line)
            size += len(line)
            if size >= CHUNK_CHARS:
                yield "".join(pending).encode("utf-8")
                pending, size = [], 0
        if pending:
            yield "".join(pending).encode("utf-8")
    finally:
        pool.release(store)


def _error(status: int, message: str) -> Response:
    return JSONResponse({"error": message}, status_code=status)
