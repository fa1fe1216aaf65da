"""The JSON API under ``/api``: articles, stories (with timeline and summary), entities, quotes,
search, and ``POST /api/ingest`` behind a bearer token.

Field names follow DESIGN.md's output contract. Lists answer ``{"items", "limit", "offset",
"next_offset"}`` (``next_offset`` is null on the last page); errors answer ``{"error"}`` with a
4xx status (see :mod:`warta.web.app`).
"""

from __future__ import annotations

import hmac
import re
import tempfile
from collections.abc import Set as AbstractSet
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import Depends, Header, HTTPException, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.dependencies.models import Dependant
from starlette.concurrency import run_in_threadpool

from warta import __version__
from warta.corpus.products import StoryProducts, story_products
from warta.ingest.sources import display_name
from warta.present.attention import attention
from warta.present.story_output import load_story_view, story_dict, story_row
from warta.records import (
    ArticleQuery,
    EntityQuery,
    QuoteQuery,
    QuoteRecord,
    SearchQuery,
    Store,
    StoryDetail,
    StoryQuery,
    quote_key,
)
from warta.run import ingest
from warta.settings import load_settings
from warta.web.api_json import UTCRouter
from warta.web.deps import ServerConfig, get_config, get_store
from warta.web.page_data import together

#: Largest page a list gives: a few hundred rows is a screenful for a program; more is an export
#: (``/export``), which streams.
MAX_LIMIT = 500
#: Files one ``POST /api/ingest`` takes; a bigger batch belongs to ``warta ingest``.
MAX_UPLOAD_FILES = 1000

#: Entities an entity's answer lists as appearing with it.
APPEARS_WITH = 20

#: The largest id or offset a request may give: SQLite's integers are 64-bit.
MAX_NUMBER = 2**63 - 1

StoreDep = Annotated[Store, Depends(get_store)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=MAX_NUMBER, description="Items to skip.")]
StoryId = Annotated[int, PathParam(ge=0, le=MAX_NUMBER, description="A story id.")]
EntityId = Annotated[int, PathParam(ge=0, le=MAX_NUMBER, description="An entity id.")]
StoryFilter = Annotated[
    int | None, Query(ge=0, le=MAX_NUMBER, description="Only this story's articles.")
]
Since = Annotated[
    str | None,
    Query(description="Published on or after this (YYYY-MM-DD or ISO 8601 time)."),
]
Until = Annotated[
    str | None,
    Query(description="Published up to and including this (YYYY-MM-DD or ISO 8601 time)."),
]
Outlet = Annotated[str | None, Query(description="Only this outlet (e.g. kompas.com).")]


def list_page(request: Request, items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    """One page of a list fetched with one item more than asked, to know if another follows;
    ``next`` is the URL of the next page (this request's, with the next offset)."""
    more = len(items) > limit
    return {
        "items": items[:limit],
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if more else None,
        "next": _url(request, offset=offset + limit) if more else None,
    }


def _url(request: Request, **changes: object) -> str:
    """This request's path and query with ``changes`` (a None value drops the parameter)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    params += [(key, str(value)) for key, value in changes.items() if value is not None]
    return f"{request.url.path}?{urlencode(params)}" if params else request.url.path


def _query_names(dependant: Dependant) -> set[str]:
    """The query parameters an endpoint takes, its dependencies' included."""
    names = {param.alias for param in dependant.query_params}
    for dependency in dependant.dependencies:
        names |= _query_names(dependency)
    return names


def refuse_unknown_parameters(request: Request) -> None:
    """A query parameter the endpoint does not take is a 400 naming it, so that a typo
    (``limt=5``, ``sice=2024-01-01``) is not silently ignored.

    Raises:
        HTTPException: 400, naming the unknown parameters and those the endpoint takes.
    """
    dependant = getattr(request.scope.get("route"), "dependant", None)
    if dependant is None:
        return
    known = _query_names(dependant)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise HTTPException(400, unknown_parameters(request.url.path, unknown, known))


def unknown_parameters(
    path: str, unknown: list[str], known: AbstractSet[str], note: str = ""
) -> str:
    """The message of a 400 for query parameters ``path`` does not take (``note`` after their
    names), naming those it takes."""
    return (
        f"unknown query parameter{'s' if len(unknown) > 1 else ''}"
        f" {', '.join(map(repr, unknown))}{note}: {path} takes"
        f" {', '.join(sorted(known)) or 'none'}"
    )


#: its answers' times in UTC, one convention (docs/api.md)
router = UTCRouter(prefix="/api", dependencies=[Depends(refuse_unknown_parameters)])


def _not_found(what: str, key: object) -> HTTPException:
    return HTTPException(404, f"no {what} with id {key!r}")


@router.get("", summary="The API's endpoints")
def index(request: Request) -> dict[str, Any]:
    """Every endpoint of the API and the downloads, with its methods and what it gives; the
    interactive reference is at ``/docs``, the OpenAPI description at ``/openapi.json``."""
    # read from the OpenAPI description, which FastAPI makes once from the routes
    endpoints = [
        {
            "path": path,
            "methods": [method.upper() for method in operations],
            "summary": next(iter(operations.values())).get("summary", ""),
            "parameters": sorted(
                {
                    param["name"]
                    for operation in operations.values()
                    for param in operation.get("parameters", [])
                    if param.get("in") == "query"
                }
            ),
        }
        for path, operations in request.app.openapi().get("paths", {}).items()
    ]
    return {
        "name": "Warta",
        "version": __version__,
        "docs": "/docs",
        "openapi": "/openapi.json",
        "endpoints": endpoints,
    }


@router.get("/articles", summary="List articles")
def list_articles(
    request: Request,
    store: StoreDep,
    outlet: Outlet = None,
    since: Since = None,
    until: Until = None,
    order: Literal["newest", "oldest", "ingested"] = "newest",
    full: Annotated[bool, Query(description="Give the whole article contract.")] = False,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Articles, newest first by default: id, url, outlet, title, published (``full=true``: the
    whole article contract of DESIGN.md)."""
    query = ArticleQuery(outlet, since, until, order, limit + 1, offset)
    articles = list(store.list_articles(query))
    if full:
        items = [a.to_dict() for a in articles]
    else:
        items = [
            {"id": a.id, "url": a.url, "outlet": a.outlet, "title": a.title,
             "published": a.published}
            for a in articles
        ]  # fmt: skip
    page = list_page(request, items, limit, offset)
    page["total"] = store.count_articles(query)
    return page


@router.get("/articles/{article_id}", summary="One article")
def get_article(store: StoreDep, article_id: str) -> dict[str, Any]:
    """The article contract (an id or a unique prefix of one), with its story, event and the
    original it copies."""
    article = store.get_article(article_id)
    if article is None:
        raise _not_found("article", article_id)
    placement = store.placements([article.id]).get(article.id)
    return {
        **article.to_dict(),
        "story": placement.story if placement else None,
        "event": placement.event if placement else None,
        "duplicate_of": placement.duplicate_of if placement else None,
    }


@router.get("/stories", summary="List stories")
def list_stories(
    request: Request,
    store: StoreDep,
    order: Annotated[
        Literal["ranked", "newest", "largest", "trending"],
        Query(
            description="ranked: coverage (originals and outlets) and recency; newest: latest"
            " article first; largest: most originals; trending: most gaining in the last 3"
            " days before the newest article (or `until`)."
        ),
    ] = "ranked",
    singles: Annotated[
        bool, Query(description="List the stories of a single article too.")
    ] = False,
    text: Annotated[
        str | None, Query(description="Only stories with articles matching this search.")
    ] = None,
    since: Since = None,
    until: Until = None,
    entity: Annotated[str | None, Query(description="Mentioning this entity.")] = None,
    outlet: Outlet = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Stories in the order asked (ranked by default), the stories of one article left out
    unless ``singles``; ``total`` counts the stories the filters keep."""
    query = StoryQuery(
        order, since, until, entity, outlet, limit + 1, offset, singles, text or None
    )
    page = list_page(request, [story_row(s) for s in store.list_stories(query)], limit, offset)
    page["total"] = store.count_stories(query)
    return page


def _story(store: Store, story_id: int) -> dict[str, Any]:
    """The story contract, and how many quotes and entities there are beside the first few it
    embeds (its first page of each list), with the URL of each list in full, as an entity's
    quotes and stories have."""
    view = load_story_view(store, story_id)
    if view is None:
        raise _not_found("story", story_id)
    story = story_dict(view)
    found = view.story.summary.id  # a merged story's old id gives the one it joined
    ids = [article.id for article in view.story.articles]
    return {
        **story,
        "quotes_total": store.count_quotes(QuoteQuery(article_ids=ids, kind="direct")),
        "quotes_all": "/api/quotes?" + urlencode({"story": found, "kind": "direct"}),
        "entities_total": store.count_entities(EntityQuery(article_ids=ids)),
        "entities_all": "/api/entities?" + urlencode({"story": found}),
    }


def _products(store: Store, story_id: int) -> tuple[StoryDetail, StoryProducts]:
    """A story and its timeline and summary, without the rest a story page shows."""
    story = store.get_story(story_id)
    if story is None:
        raise _not_found("story", story_id)
    return story, story_products(store, story)


@router.get("/stories/{story_id}", summary="One story")
def get_story(store: StoreDep, story_id: StoryId) -> dict[str, Any]:
    """The story contract: articles, events, timeline, summary, entities, quotes, duplicates."""
    return _story(store, story_id)


@router.get("/stories/{story_id}/timeline", summary="A story's timeline")
def get_timeline(store: StoreDep, story_id: StoryId) -> dict[str, Any]:
    """The dated timeline (each entry citing its sources) and the background."""
    story, products = _products(store, story_id)
    return {
        "id": story.id,
        "title": story.summary.title,
        "timeline": [entry.to_dict() for entry in products.timeline.entries],
        "background": [entry.to_dict() for entry in products.timeline.background],
    }


@router.get("/stories/{story_id}/summary", summary="A story's summary")
def get_summary(store: StoreDep, story_id: StoryId) -> dict[str, Any]:
    """The summary: sentences, each citing the articles it comes from."""
    story, products = _products(store, story_id)
    return {
        "id": story.id,
        "title": story.summary.title,
        "summary": [sentence.to_dict() for sentence in products.summary],
    }


@router.get("/entities", summary="List entities")
def list_entities(
    request: Request,
    store: StoreDep,
    type: Annotated[str | None, Query(description="PERSON, ORG, LOC, ...")] = None,
    name: Annotated[str | None, Query(description="A canonical name or alias.")] = None,
    story: StoryFilter = None,
    since: Since = None,
    until: Until = None,
    outlet: Outlet = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """People, organisations and places, most mentioned first."""
    EntityQuery(type, since=since, until=until)  # a filter that cannot be, before lookups
    ids = _story_ids(store, story)
    query = EntityQuery(type, None, name, since, until, outlet, ids, limit + 1, offset)
    page = list_page(request, [e.to_dict() for e in store.list_entities(query)], limit, offset)
    page["total"] = store.count_entities(query)
    return page


def _story_ids(store: Store, story: int | None) -> list[str] | None:
    if story is None:
        return None
    ids = store.story_article_ids(story)
    if not ids:
        raise _not_found("story", story)
    return ids


@router.get("/entities/{entity_id}", summary="One entity")
def get_entity(store: StoreDep, entity_id: EntityId) -> dict[str, Any]:
    """An entity with its mentions per publication day (WIB; articles without a publication
    time are counted in ``undated_articles``), its latest quotes and its stories."""
    found = store.list_entities(EntityQuery(id=entity_id))
    if not found:
        raise _not_found("entity", entity_id)
    entity = found[0]
    quotes = store.list_quotes(QuoteQuery(speaker=entity.canonical, limit=50))
    story_query = StoryQuery(entity=entity.canonical, limit=50)
    stories = store.list_stories(story_query)
    activity = store.entity_activity(entity.id)
    return {
        **entity.to_dict(),
        "activity": [
            {"day": day, "articles": articles, "mentions": mentions}
            for day, articles, mentions in activity
        ],
        "undated_articles": entity.articles - sum(day[1] for day in activity),
        "quotes": [_quote_dict(q) for q in quotes if q.speaker_entity == entity.id],
        # the lists above are the first of those the list endpoints give in full
        "quotes_total": store.count_quotes(QuoteQuery(speaker=entity.canonical)),
        "quotes_all": "/api/quotes?" + urlencode({"speaker": entity.canonical}),
        "stories": [story_row(s) for s in stories],
        "stories_total": store.count_stories(replace(story_query, limit=None)),
        "stories_all": "/api/stories?" + urlencode({"entity": entity.canonical, "singles": "true"}),
        "appears_with": [
            {**other.to_dict(), "together": f"/api/entities/{entity.id}/with/{other.id}"}
            for other in store.cooccurring(entity.id, APPEARS_WITH)
        ],
    }


@router.get("/entities/{entity_id}/with/{other_id}", summary="Two entities together")
def entities_together(
    request: Request,
    store: StoreDep,
    entity_id: EntityId,
    other_id: Annotated[int, PathParam(ge=0, le=MAX_NUMBER, description="Another entity's id.")],
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """The articles that mention both entities, newest first, with their stories: what lies
    behind a pair of ``appears_with`` (and an edge of the network export). A list like the
    others (``total``, ``next``), its rows under ``articles`` (and ``items``)."""
    pair = []
    for key in (entity_id, other_id):
        found = store.list_entities(EntityQuery(id=key))
        if not found:
            raise _not_found("entity", key)
        pair.append(found[0])
    rows = together(store, entity_id, other_id, limit + 1, offset)
    page = list_page(request, rows, limit, offset)
    page["total"] = store.count_pair_articles(entity_id, other_id)
    return {
        "entities": [{"id": e.id, "canonical": e.canonical, "type": e.type} for e in pair],
        "articles": page["items"],
        **page,
    }


def _quote_dict(quote: QuoteRecord) -> dict[str, Any]:
    return {"id": f"{quote.article}:{quote.number}", **quote.to_dict()}


@router.get("/quotes", summary="List quotes")
def list_quotes(
    request: Request,
    store: StoreDep,
    speaker: Annotated[str | None, Query(description="A name, alias or role phrase.")] = None,
    kind: Literal["direct", "partial", "indirect"] | None = None,
    story: StoryFilter = None,
    since: Since = None,
    until: Until = None,
    outlet: Outlet = None,
    limit: Limit = 20,
    offset: Offset = 0,
    after: Annotated[
        str | None,
        Query(
            description="The quotes after this one (its id, ARTICLE:NUMBER, as"
            " ``next_after`` gives it): a page as quick at any depth, where an offset is not."
        ),
    ] = None,
) -> dict[str, Any]:
    """Quotes with their speakers, newest article first; each cites its article, paragraph and
    offsets. Page on with ``after=`` the ``next_after`` of the last page (or by ``offset``)."""
    # a filter that cannot be, before lookups
    QuoteQuery(kind=kind, since=since, until=until, offset=offset, after=after)
    ids = _story_ids(store, story)
    query = QuoteQuery(speaker, kind, since, until, outlet, ids, limit + 1, offset, after)
    page = list_page(request, [_quote_dict(q) for q in store.list_quotes(query)], limit, offset)
    page["total"] = store.count_quotes(query)
    page["next_after"] = page["items"][-1]["id"] if page["next_offset"] is not None else None
    if page["next_after"] is not None:  # the next page by its first quote: quick at any depth
        page["next"] = _url(request, after=page["next_after"], offset=None)
    if after is not None:  # the offset of a keyset page is not known
        page["next_offset"] = None
    return page


@router.get("/quotes/{quote_id}", summary="One quote")
def get_quote(store: StoreDep, quote_id: str) -> dict[str, Any]:
    """A quote by its id, ``ARTICLE:NUMBER`` (as lists give it)."""
    key = quote_key(quote_id)
    if key is None:
        raise HTTPException(400, f"quote id {quote_id!r} is not ARTICLE:NUMBER")
    article, number = key
    for quote in store.list_quotes(QuoteQuery(article_ids=[article])):
        if quote.number == number:
            return _quote_dict(quote)
    raise _not_found("quote", quote_id)


@router.get("/search", summary="Full-text search")
def search(
    request: Request,
    store: StoreDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            description='Words (stemmed: "pembicaraan" finds "bicara"), "a phrase", '
            "a OR b, -excluded.",
        ),
    ],
    since: Since = None,
    until: Until = None,
    outlet: Outlet = None,
    entity: Annotated[str | None, Query(description="Mentioning this entity.")] = None,
    speaker: Annotated[str | None, Query(description="Quoting this speaker.")] = None,
    story: StoryFilter = None,
    facets: Annotated[
        bool, Query(description="Also count the matches by outlet, month, story, entity, speaker.")
    ] = False,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Articles matching the query, best first (BM25), with highlighted snippets and facets
    (outlet, month, story, entity and speaker, counted over the best ``facet_base`` matches).
    ``total`` counts every match; the hits are the best of the ``ranked`` stored last (all of
    them, unless a query matches more than five thousand)."""
    query = SearchQuery(q, since, until, outlet, entity, speaker, story, limit, offset, facets)
    result = store.search(query)
    more = offset + limit < result.ranked
    return {
        "query": q,
        "total": result.total,
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if more else None,
        "next": _url(request, offset=offset + limit) if more else None,
        "hits": [hit.to_dict() for hit in result.hits],
        "facets": {
            name: [count.to_dict() for count in counts] for name, counts in result.facets.items()
        },
        "facet_base": result.facet_base,
        "ranked": result.ranked,
    }


@router.get("/outlets", summary="List outlets")
def list_outlets(
    request: Request,
    store: StoreDep,
    since: Since = None,
    until: Until = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Outlets, most articles first: ``outlet, articles, stories, first_published,
    last_published``; ``total`` counts them."""
    total, outlets = store.list_outlets(since, until, limit + 1, offset)
    page = list_page(request, [o.to_dict() for o in outlets], limit, offset)
    page["total"] = total
    return page


@router.get("/outlets/{outlet}", summary="One outlet")
def get_outlet(store: StoreDep, outlet: str) -> dict[str, Any]:
    """An outlet's articles per publication day, how many of its articles copy another, its
    top stories (``order=ranked`` of /api/stories) and the wires it relays most (over its
    latest 2,000 articles)."""
    days = store.outlet_days(outlet)
    story_query = StoryQuery(order="ranked", outlet=outlet, limit=20)
    stories = store.list_stories(story_query)
    if not days and not stories:
        raise _not_found("outlet", outlet)
    return {
        "outlet": outlet,
        "copies": store.outlet_copies(outlet),
        "days": [{"day": day, "articles": n} for day, n in days],
        "stories": [story_row(s) for s in stories],
        # the first of its stories, of these many, all at this link
        "stories_total": store.count_stories(replace(story_query, limit=None)),
        "stories_all": "/api/stories?" + urlencode({"outlet": outlet, "singles": "true"}),
        "wires": [
            {"wire": w, "articles": n} for w, n in store.outlet_wires(outlet).most_common(20)
        ],
    }


@router.get("/attention", summary="Attention over time")
def get_attention(
    store: StoreDep,
    q: Annotated[
        list[str] | None, Query(description="A search to follow (repeat to compare).")
    ] = None,
    entity: Annotated[
        list[str] | None, Query(description="An entity to follow, any name or alias (repeatable).")
    ] = None,
    story: Annotated[list[int] | None, Query(description="A story to follow (repeatable).")] = None,
    interval: Literal["day", "week", "month"] = "day",
    since: Since = None,
    until: Until = None,
    outlet: Outlet = None,
) -> dict[str, Any]:
    """Articles per day, week or month of each search, entity or story followed, overall and
    per outlet, over the same periods (zeros included) so that they compare: ``periods``, and
    per series ``label, kind, key, total, points [{period, articles}], outlets [{outlet, total,
    articles}]`` (articles per period, in the order of ``periods``). Undated articles are not
    counted."""
    found = attention(store, follow_list(q, entity, story), interval, since, until, outlet)
    return found.to_dict()


def follow_list(
    texts: list[str] | None, entities: list[str] | None, stories: list[int] | list[str] | None
) -> list[tuple[str, str]]:
    """What a request follows, as (kind, key): its searches, entities and stories, blanks
    left out."""
    follow = [("search", text.strip()) for text in texts or [] if text.strip()]
    follow += [("entity", name.strip()) for name in entities or [] if name.strip()]
    follow += [("story", str(story).strip()) for story in stories or [] if str(story).strip()]
    return follow


def ingest_refusal(config: ServerConfig, authorization: str | None) -> HTTPException | None:
    """Why ``POST /api/ingest`` with this ``Authorization`` header is refused (None: it is
    let in). Asked from the headers alone, before the upload is read (:mod:`warta.web.limits`),
    and again by the endpoint."""
    if config.token is None:
        return HTTPException(
            403, "this server is read-only: start `warta serve` with --token to allow ingest"
        )
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), config.token.encode()
    ):
        return HTTPException(
            401,
            "ingest needs the server's token: send 'Authorization: Bearer TOKEN'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return None


_UNSAFE_NAME = re.compile(r"[^\w.-]+")


@router.post("/ingest", summary="Ingest articles (needs the token)")
async def post_ingest(
    request: Request,
    files: list[UploadFile],
    config: Annotated[ServerConfig, Depends(get_config)],
    authorization: Annotated[str | None, Header()] = None,
) -> dict[str, Any]:
    """Ingest uploaded files (multipart field ``files``: text, HTML, JSON or JSON Lines, as
    ``warta ingest`` reads them), then place the new articles in stories. Needs
    ``Authorization: Bearer TOKEN``. Refused inputs are listed with their reasons; the rest
    are stored."""
    refusal = ingest_refusal(config, authorization)
    if refusal is not None:
        raise refusal
    if len(files) > MAX_UPLOAD_FILES:
        raise HTTPException(413, f"too many files ({len(files)}; at most {MAX_UPLOAD_FILES})")
    limit = int(load_settings()["max_document_bytes"])
    with tempfile.TemporaryDirectory(prefix="warta-upload-") as folder:
        names: dict[str, str] = {}  # where each upload is kept -> how it is reported
        for number, upload in enumerate(files):
            given = Path(upload.filename or "upload").name[-100:] or "upload"
            path = str(Path(folder) / f"{number:04d}-{_UNSAFE_NAME.sub('_', given)}")
            with Path(path).open("wb") as out:
                while chunk := await upload.read(1 << 20):
                    out.write(chunk)
            names[path] = f"upload:{display_name(given)}"

        def run() -> dict[str, Any]:
            pool = request.app.state.stores
            store = pool.acquire()
            try:
                report = ingest(list(names), store, max_document_bytes=limit, names=names)
            finally:
                pool.release(store)
            return {
                "articles": report.articles,
                "added": report.added,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "refused": [
                    {"file": r.origin.removeprefix("upload:"), "reason": r.reason}
                    for r in report.rejected
                ],
                "refused_count": report.refused,
                "stories": {
                    "placed": report.stories.placed,
                    "new": report.stories.new_stories,
                    "joined": report.stories.joined,
                },
                "deferred": report.deferred,
            }

        return await run_in_threadpool(run)
