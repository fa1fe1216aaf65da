"""The server-rendered pages: stories, a story, an article, entities, quotes, search, outlets,
attention, and the live sources.

Each route checks its parameters (a bad one is a 4xx page saying what was wrong, never a 500),
gathers what the page shows through :mod:`warta.web.page_data`, and renders a Jinja2 template
with autoescaping on. Every page is sent with a Content-Security-Policy that allows no inline
script and nothing from other sites. The language is Indonesian unless ``?lang=en`` (kept in a
cookie) asks for English.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, cast
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from markupsafe import escape

from warta import __version__
from warta.errors import UsageError
from warta.present.sources import now_iso, source_state
from warta.present.story_output import load_story_view
from warta.records import (
    ENTITY_TYPES,
    QUOTE_KINDS,
    EntityQuery,
    QuoteQuery,
    SearchQuery,
    Store,
    StoryOrder,
    StoryQuery,
)
from warta.sources.dates import SOURCES as EVIDENCE_SOURCES
from warta.timestamps import parse_timestamp
from warta.web import attention_data, page_data, page_errors
from warta.web.api import MAX_NUMBER, follow_list
from warta.web.deps import get_store
from warta.web.i18n import (
    LANGUAGE_COOKIE,
    LANGUAGE_COOKIE_SECONDS,
    LANGUAGES,
    Translate,
    pick_language,
    readable_date,
    readable_number,
    readable_span,
    translator,
)
from warta.web.markup import entity_class, safe_url

log = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

#: Rows a list page shows unless ``limit`` says otherwise, and the most it may ask for: a page
#: an analyst scrolls through, and a bound that keeps every page fast.
DEFAULT_LIMIT = 20
MAX_LIMIT = 200
#: Pages whose dates disagree the sources page shows, the latest first; the rest are a link
#: away (``/sources/pages?disagreeing=true``), paged.
DISAGREEING_SHOWN = 10

#: No inline script or style, nothing from elsewhere: article text can never run code here.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}

_environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_environment.filters["q"] = lambda value: page_data.path_segment(str(value))
_environment.globals["entity_class"] = entity_class
_environment.globals["safe_url"] = safe_url
_environment.globals["version"] = __version__
_environment.globals["quote_href"] = page_data.quote_href
_environment.globals["evidence_sources"] = EVIDENCE_SOURCES

StoreDep = Annotated[Store, Depends(get_store)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0, le=MAX_NUMBER)]


def mount_static(app: FastAPI) -> None:
    """Serve the pages' stylesheet, script and icon under ``/static``."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")


def language(request: Request) -> str:
    """``?lang=`` when given, else the reader's cookie, else Indonesian."""
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked
    return pick_language(request.cookies.get(LANGUAGE_COOKIE))


def page_url(path: str, params: Mapping[str, object]) -> str:
    """``path`` with the parameters that have a value."""
    kept = {k: str(v) for k, v in params.items() if v is not None and v != ""}
    return f"{path}?{urlencode(kept)}" if kept else path


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page in the reader's language, with the security headers; ``?lang=`` is kept in a
    cookie."""
    lang = language(request)
    current = {k: v for k, v in request.query_params.items() if k != "lang"}

    def here(**changes: object) -> str:
        return page_url(request.url.path, {**current, **changes})

    html = _environment.get_template(template).render(
        t=translator(lang),
        lang=lang,
        path=request.url.path,
        here=here,
        url=lambda path, **params: page_url(path, params),
        switch={code: here(lang=code) for code in LANGUAGES},
        d=lambda value, time=True: readable_date(value, lang, time=time),
        span=lambda first, last: readable_span(first, last, lang),
        num=lambda value: readable_number(value, lang),
        **context,
    )
    response = HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(
            LANGUAGE_COOKIE, lang, max_age=LANGUAGE_COOKIE_SECONDS, samesite="lax", httponly=True
        )
    return response


def error_page(request: Request, status: int, message: str) -> Response:
    """The error page, in the layout: the status, what it means and the message."""
    heading = (
        "error.not_found"
        if status == 404
        else "error.server"
        if status >= 500
        else "error.bad_request"
    )
    try:
        return render(
            request, "error.html", status, status_code=status, heading=heading, message=message
        )
    except Exception:  # the error page must not fail: fall back to bare HTML
        log.exception("the error page could not be rendered")
        body = f"<!doctype html><title>{status}</title><h1>{status}</h1><p>{escape(message)}</p>"
        return HTMLResponse(body, status_code=status, headers=SECURITY_HEADERS)


def _t(request: Request) -> Translate:
    return translator(language(request))


def _text(value: str | None) -> str | None:
    """A form field: stripped, and None when empty (an empty filter is no filter)."""
    value = value.strip() if value else None
    return value or None


def _date(request: Request, name: str, value: str | None) -> str | None:
    """A ``since``/``until`` parameter: a date or ISO time, else a 400 saying so."""
    value = _text(value)
    if value is None:
        return None
    if parse_timestamp(value) is None:
        raise HTTPException(400, _t(request)("error.bad_date", name=name, value=value))
    return value


@router.get("/", response_class=HTMLResponse)
@router.get("/stories", response_class=HTMLResponse)
def stories_page(
    request: Request,
    store: StoreDep,
    order: Annotated[str, Query(pattern="^(ranked|newest|largest|trending)$")] = "ranked",
    singles: bool = False,
    q: str | None = None,
    since: str | None = None,
    until: str | None = None,
    entity: str | None = None,
    outlet: str | None = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> Response:
    """The front page: stories ranked by coverage and recency (or newest, largest, trending),
    the stories of one article folded away unless ``singles``."""
    filters = {
        "q": _text(q),
        "since": _date(request, "since", since),
        "until": _date(request, "until", until),
        "entity": _text(entity),
        "outlet": _text(outlet),
    }
    query = StoryQuery(
        order=cast(StoryOrder, order),
        since=filters["since"],
        until=filters["until"],
        entity=filters["entity"],
        outlet=filters["outlet"],
        limit=limit + 1,
        offset=offset,
        singles=singles,
        text=filters["q"],
    )
    stories = store.list_stories(query)
    total = store.count_stories(query)
    folded = 0 if singles else store.count_stories(replace(query, singles=True)) - total
    rows, spark_peak = page_data.story_rows(store, stories[:limit], _t(request))
    return render(
        request,
        "stories.html",
        rows=rows,
        spark_peak=spark_peak,
        order=order,
        singles=singles,
        folded=folded,
        filters=filters,
        # the articles export reads dates, entity and outlet, not the story search
        export_filters={k: v for k, v in filters.items() if k != "q"},
        paging=_pager(offset, limit, len(rows), len(stories) > limit, total),
    )


def _story_id(request: Request, value: str) -> int:
    if not value.isdigit() or int(value) > MAX_NUMBER:
        raise HTTPException(404, _t(request)("error.no_story", id=value))
    return int(value)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, store: StoreDep, story_id: str) -> Response:
    number = _story_id(request, story_id)
    view = load_story_view(store, number)
    if view is None:
        raise HTTPException(404, _t(request)("error.no_story", id=story_id))
    lang = language(request)
    page = page_data.story_page(view, translator(lang), lang)
    return render(request, "story.html", page=page, story=view.story.summary)


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article_page(
    request: Request, store: StoreDep, article_id: str, cite: str | None = None
) -> Response:
    article = store.get_article(article_id) if article_id else None
    if article is None:
        raise HTTPException(404, _t(request)("error.no_article", id=article_id))
    page = page_data.article_page(store, article, _t(request), page_data.parse_cite(cite))
    return render(request, "article.html", page=page, article=article)


@router.get("/entities", response_class=HTMLResponse)
def entities_page(
    request: Request,
    store: StoreDep,
    type: str | None = None,
    name: str | None = None,
    since: str | None = None,
    until: str | None = None,
    outlet: str | None = None,
    limit: Limit = DEFAULT_LIMIT * 2,
    offset: Offset = 0,
) -> Response:
    kind = _text(type)
    if kind is not None and kind.upper() not in ENTITY_TYPES:
        raise HTTPException(
            400, _t(request)("error.bad_type", value=kind, types=", ".join(ENTITY_TYPES))
        )
    filters = {
        "type": kind.upper() if kind else None,
        "name": _text(name),
        "since": _date(request, "since", since),
        "until": _date(request, "until", until),
        "outlet": _text(outlet),
    }
    query = EntityQuery(limit=limit + 1, offset=offset, **filters)  # type: ignore[arg-type]
    entities = store.list_entities(query)
    return render(
        request,
        "entities.html",
        entities=entities[:limit],
        filters=filters,
        types=ENTITY_TYPES,
        paging=_pager(
            offset, limit, len(entities[:limit]), len(entities) > limit, store.count_entities(query)
        ),
    )


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, store: StoreDep, entity_id: str) -> Response:
    found = (
        store.list_entities(EntityQuery(id=int(entity_id)))
        if entity_id.isdigit() and int(entity_id) <= MAX_NUMBER
        else []
    )
    if not found:
        raise HTTPException(404, _t(request)("error.no_entity", id=entity_id))
    lang = language(request)
    page = page_data.entity_page(store, found[0], translator(lang), lang)
    return render(request, "entity.html", page=page, entity=found[0])


@router.get("/entities/{entity_id}/with/{other_id}", response_class=HTMLResponse)
def together_page(
    request: Request,
    store: StoreDep,
    entity_id: str,
    other_id: str,
    limit: Limit = DEFAULT_LIMIT * 2,
    offset: Offset = 0,
) -> Response:
    """The articles that mention both entities, newest first, paged."""
    pair = []
    for key in (entity_id, other_id):
        found = (
            store.list_entities(EntityQuery(id=int(key)))
            if key.isdigit() and int(key) <= MAX_NUMBER
            else []
        )
        if not found:
            raise HTTPException(404, _t(request)("error.no_entity", id=key))
        pair.append(found[0])
    articles = page_data.together(store, pair[0].id, pair[1].id, limit + 1, offset)
    total = store.count_pair_articles(pair[0].id, pair[1].id)
    return render(
        request,
        "together.html",
        first=pair[0],
        second=pair[1],
        articles=articles[:limit],
        total=total,
        paging=_pager(offset, limit, len(articles[:limit]), len(articles) > limit, total),
    )


@router.get("/outlets", response_class=HTMLResponse)
def outlets_page(
    request: Request,
    store: StoreDep,
    since: str | None = None,
    until: str | None = None,
    limit: Limit = DEFAULT_LIMIT * 2,
    offset: Offset = 0,
) -> Response:
    """The outlets, most articles first, with their stories, copies and span."""
    filters = {"since": _date(request, "since", since), "until": _date(request, "until", until)}
    total, outlets = store.list_outlets(filters["since"], filters["until"], limit + 1, offset)
    return render(
        request,
        "outlets.html",
        outlets=outlets[:limit],
        filters=filters,
        paging=_pager(offset, limit, len(outlets[:limit]), len(outlets) > limit, total),
    )


@router.get("/outlets/{outlet}", response_class=HTMLResponse)
def outlet_page(request: Request, store: StoreDep, outlet: str) -> Response:
    """One outlet: its articles per day, its stories, the wires it relays most."""
    lang = language(request)
    page = page_data.outlet_page(store, outlet, translator(lang), lang)
    if page is None:
        raise HTTPException(404, _t(request)("error.no_outlet", outlet=outlet))
    return render(request, "outlet.html", page=page)


@router.get("/sources", response_class=HTMLResponse)
def sources_page(
    request: Request, store: StoreDep, limit: Limit = DEFAULT_LIMIT * 2, offset: Offset = 0
) -> Response:
    """The live sources with their state, and the latest pages whose dates disagree, each with
    its evidence."""
    sources = store.list_sources()
    now = now_iso()
    shown = sources[offset : offset + limit]
    return render(
        request,
        "sources.html",
        sources=[(source, source_state(source, now)) for source in shown],
        disagreeing=store.list_fetched(disagreeing=True, limit=DISAGREEING_SHOWN),
        disagreeing_total=store.count_fetched(disagreeing=True),
        fetched_total=store.count_fetched(),
        paging=_pager(offset, limit, len(shown), offset + limit < len(sources), len(sources)),
    )


@router.get("/sources/pages", response_class=HTMLResponse)
def fetched_pages_page(
    request: Request,
    store: StoreDep,
    disagreeing: bool = False,
    source: Annotated[int | None, Query(ge=0, le=MAX_NUMBER)] = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> Response:
    """The pages fetched, most recent first, each with its publication time and the evidence
    it came from; ``disagreeing``: only those whose evidence disagrees; ``source``: one
    source's."""
    pages = store.list_fetched(disagreeing, limit + 1, offset, source)
    total = store.count_fetched(disagreeing, source)
    return render(
        request,
        "fetched_pages.html",
        pages=pages[:limit],
        disagreeing=disagreeing,
        source=source,
        paging=_pager(offset, limit, len(pages[:limit]), len(pages) > limit, total),
    )


@router.get("/attention", response_class=HTMLResponse)
def attention_page(
    request: Request,
    store: StoreDep,
    interval: Annotated[str, Query(pattern="^(day|week|month)$")] = "day",
    since: str | None = None,
    until: str | None = None,
    outlet: str | None = None,
) -> Response:
    """Attention over time: one or more searches (``q``), entities and stories (each
    repeatable), their articles per period as lines on one chart, and per outlet."""
    params = request.query_params
    follow = follow_list(params.getlist("q"), params.getlist("entity"), params.getlist("story"))
    filters = {
        "since": _date(request, "since", since),
        "until": _date(request, "until", until),
        "outlet": _text(outlet),
    }
    page = attention_data.attention_page(
        store, follow, interval, filters, translator(language(request)), language(request)
    )
    return render(
        request,
        "attention.html",
        page=page,
        follow=follow,
        interval=interval,
        filters=filters,
        # the downloads take what the page follows and filters, not the page's language
        query=urlencode([(k, v) for k, v in params.multi_items() if k != "lang"]),
    )


@router.get("/quotes", response_class=HTMLResponse)
def quotes_page(
    request: Request,
    store: StoreDep,
    speaker: str | None = None,
    kind: str | None = None,
    since: str | None = None,
    until: str | None = None,
    outlet: str | None = None,
    limit: Limit = DEFAULT_LIMIT * 2,
    offset: Offset = 0,
) -> Response:
    quote_kind = _text(kind)
    if quote_kind is not None and quote_kind not in QUOTE_KINDS:
        raise HTTPException(
            400, _t(request)("error.bad_kind", value=quote_kind, kinds=", ".join(QUOTE_KINDS))
        )
    filters = {
        "speaker": _text(speaker),
        "kind": quote_kind,
        "since": _date(request, "since", since),
        "until": _date(request, "until", until),
        "outlet": _text(outlet),
    }
    query = QuoteQuery(limit=limit + 1, offset=offset, **filters)
    quotes = store.list_quotes(query)
    return render(
        request,
        "quotes.html",
        quotes=quotes[:limit],
        filters=filters,
        kinds=QUOTE_KINDS,
        paging=_pager(
            offset, limit, len(quotes[:limit]), len(quotes) > limit, store.count_quotes(query)
        ),
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    store: StoreDep,
    q: str | None = None,
    since: str | None = None,
    until: str | None = None,
    outlet: str | None = None,
    entity: str | None = None,
    speaker: str | None = None,
    story: str | None = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> Response:
    story_filter = _text(story)
    if story_filter is not None and not (
        story_filter.isdigit() and int(story_filter) <= MAX_NUMBER
    ):
        raise HTTPException(400, _t(request)("error.bad_story", value=story_filter))
    filters = {
        "since": _date(request, "since", since),
        "until": _date(request, "until", until),
        "outlet": _text(outlet),
        "entity": _text(entity),
        "speaker": _text(speaker),
        "story": story_filter,
    }
    text = _text(q)
    context: dict[str, Any] = {"q": text or "", "filters": filters, "result": None, "error": None}
    status = 200
    if text is not None:
        query = SearchQuery(
            text,
            limit=limit,
            offset=offset,
            story=int(story_filter) if story_filter else None,
            **{k: v for k, v in filters.items() if k != "story"},  # type: ignore[arg-type]
        )
        try:
            result = store.search(query)
        except UsageError as exc:
            context["error"] = page_errors.refusal(exc, _t(request))
            status = 400
        else:
            lang = language(request)
            context["result"] = result
            context["hits"] = page_data.hit_lines(result.hits, translator(lang))
            context["facets"] = page_data.facet_links(result.facets, filters, lang)
            context["paging"] = _pager(
                offset, limit, len(result.hits), offset + limit < result.ranked, result.total
            )
    return render(request, "search.html", status, **context)


def _pager(offset: int, limit: int, shown: int, more: bool, total: int) -> dict[str, Any]:
    """Previous and next offsets (None at either end), the rows shown, 1-based, and how many
    the list holds: every list page says its total, so the total is not optional."""
    return {
        "previous": max(offset - limit, 0) if offset > 0 else None,
        "next": offset + limit if more else None,
        "first": offset + 1 if shown else 0,
        "last": offset + shown,
        "total": total,
        "limit": limit,
    }
