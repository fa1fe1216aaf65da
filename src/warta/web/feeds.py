"""Every list as an Atom feed a reader polls (alerts without accounts): a search, a story's
articles, an entity's articles and quotes, a speaker's quotes, newest first.

Each answer carries a strong ``ETag`` (a hash of the feed) and ``Last-Modified`` (its newest
entry's update); :mod:`warta.web.conditional` answers a reader that holds it already with a
304, and :mod:`warta.web.cache` keeps it until the store changes. Bad input is answered as the
API answers it: JSON ``{"error": message}`` with a 4xx status.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from email.utils import format_datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from warta.model import Article
from warta.present.atom import (
    MEDIA_TYPE,
    TAG_PREFIX,
    Feed,
    FeedEntry,
    atom_document,
    feed_id,
    rfc3339,
)
from warta.records import (
    ArticleQuery,
    ArticleTimes,
    Entity,
    EntityQuery,
    QuoteQuery,
    QuoteRecord,
    SearchQuery,
    Store,
)
from warta.web.api import (
    EntityId,
    Outlet,
    Since,
    StoreDep,
    StoryFilter,
    StoryId,
    Until,
    refuse_unknown_parameters,
)
from warta.web.i18n import DEFAULT_LANGUAGE, Translate, pick_language, translator
from warta.web.markup import safe_url
from warta.web.page_data import path_segment, quote_href
from warta.web.pages import page_url

router = APIRouter(
    prefix="/feeds", tags=["feeds"], dependencies=[Depends(refuse_unknown_parameters)]
)

#: Entries a feed holds: what a reader polling a few times a day needs to miss nothing on a
#: busy topic, and a document of a few tens of kB.
FEED_ENTRIES = 50
#: Pages a feed is read back through (RFC 5005 paging: ``rel="next"`` links to older
#: entries), so that a reader that was away for long can catch up on a busy list; bounded, so
#: that no request reads deep into a list.
MAX_FEED_PAGES = 20
FeedPage = Annotated[
    int,
    Query(
        ge=1,
        le=MAX_FEED_PAGES,
        description=f"Which page of the feed ({FEED_ENTRIES} entries each, newest first), as "
        'its rel="next" links give it.',
    ),
]

FeedLanguage = Annotated[
    str | None,
    Query(
        description="The language of the feed's titles, as the pages' lang: id (Indonesian, "
        "the default) or en."
    ),
]

#: Seconds a reader or a proxy may keep a feed without asking again: a poll more often than
#: this would get the same answer from a cache; the ETag answers the rest cheaply.
MAX_AGE_SECONDS = 60
#: Characters of a quote in an entry's title; the whole quote is in the summary.
QUOTE_TITLE_CHARS = 100

_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/atom+xml": {}}, "description": "An Atom feed."},
    304: {"description": "Not modified: the ETag or date the request gave is still current."},
    400: {"description": 'A bad filter or an unknown parameter: `{"error": message}`.'},
}


@router.get(
    "/search.atom",
    summary="A search as an Atom feed, newest first",
    response_class=Response,
    responses=_RESPONSES,
)
def search_feed(
    request: Request,
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, description="What to search for, as /api/search.")],
    since: Since = None,
    until: Until = None,
    outlet: Outlet = None,
    entity: Annotated[str | None, Query(description="Mentioning this entity.")] = None,
    speaker: Annotated[str | None, Query(description="Quoting this speaker.")] = None,
    story: StoryFilter = None,
    page: FeedPage = 1,
    lang: FeedLanguage = None,
) -> Response:
    """The articles matching a search, newest first (published, else stored), among the
    matches a search ranks."""
    query = SearchQuery(
        q, since, until, outlet, entity, speaker, story, FEED_ENTRIES + 1, _offset(page),
        facets=False, order="newest",
    )  # fmt: skip
    ids = [hit.id for hit in store.search(query).hits]
    more = len(ids) > FEED_ENTRIES
    ids = ids[:FEED_ENTRIES]
    params = {"q": q, "since": since, "until": until, "outlet": outlet, "entity": entity,
              "speaker": speaker, "story": None if story is None else str(story)}  # fmt: skip
    found = store.get_articles(ids)
    articles = [found[article_id] for article_id in ids if article_id in found]
    t = translator(pick_language(lang))
    entries = _article_entries(request, store, articles, t)
    html = page_url("/search", params)
    return _answer(request, t("feed_title.search", q=q), entries, html, Paging(page, more), lang)


_NO_STORY: dict[int | str, dict[str, Any]] = {
    **_RESPONSES,
    404: {"description": 'No such story: `{"error": message}`.'},
}


@router.get(
    "/stories/{story_id}.atom",
    summary="A story's articles as an Atom feed, newest first",
    response_class=Response,
    responses=_NO_STORY,
)
def story_feed(
    request: Request,
    store: StoreDep,
    story_id: StoryId,
    page: FeedPage = 1,
    lang: FeedLanguage = None,
) -> Response:
    """A story's articles, newest first: a new article placed in the story comes first. A
    merged story's old id follows the story it joined."""
    story = store.get_story(story_id)
    if story is None:
        raise HTTPException(404, f"no story with id {story_id}")
    articles, paging = _articles(store, ArticleQuery(story=story.id, order="latest"), page)
    t = translator(pick_language(lang))
    entries = _article_entries(request, store, articles, t)
    title = t("feed_title.story", id=str(story.id), title=story.summary.title or t("untitled"))
    return _answer(request, title, entries, f"/stories/{story.id}", paging, lang)


_NO_ENTITY: dict[int | str, dict[str, Any]] = {
    **_RESPONSES,
    404: {"description": 'No such entity: `{"error": message}`.'},
}


@router.get(
    "/entities/{entity_id}/articles.atom",
    summary="An entity's articles as an Atom feed, newest first",
    response_class=Response,
    responses=_NO_ENTITY,
)
def entity_articles_feed(
    request: Request,
    store: StoreDep,
    entity_id: EntityId,
    page: FeedPage = 1,
    lang: FeedLanguage = None,
) -> Response:
    """The articles mentioning an entity, newest first."""
    entity = _entity(store, entity_id)
    articles, paging = _articles(store, ArticleQuery(entity=entity.id, order="latest"), page)
    t = translator(pick_language(lang))
    entries = _article_entries(request, store, articles, t)
    title = t("feed_title.entity_articles", name=entity.canonical)
    return _answer(request, title, entries, f"/entities/{entity.id}", paging, lang)


@router.get(
    "/entities/{entity_id}/quotes.atom",
    summary="An entity's quotes as an Atom feed, newest first",
    response_class=Response,
    responses=_NO_ENTITY,
)
def entity_quotes_feed(
    request: Request,
    store: StoreDep,
    entity_id: EntityId,
    page: FeedPage = 1,
    lang: FeedLanguage = None,
) -> Response:
    """The quotes an entity is the speaker of, newest article first."""
    entity = _entity(store, entity_id)
    # a speaker's name may be another entity's alias too: only this entity's quotes are kept,
    # among more read than the pages up to this one hold
    wanted = FEED_ENTRIES * page + 1
    quotes = store.list_quotes(QuoteQuery(speaker=entity.canonical, limit=wanted * 4))
    mine = [quote for quote in quotes if quote.speaker_entity == entity.id][_offset(page) :]
    paging = Paging(page, len(mine) > FEED_ENTRIES)
    t = translator(pick_language(lang))
    entries = _quote_entries(request, store, mine[:FEED_ENTRIES], t)
    title = t("feed_title.entity_quotes", name=entity.canonical)
    return _answer(request, title, entries, f"/entities/{entity.id}", paging, lang)


@router.get(
    "/quotes.atom",
    summary="Quotes (a speaker's) as an Atom feed, newest first",
    response_class=Response,
    responses=_RESPONSES,
)
def quotes_feed(
    request: Request,
    store: StoreDep,
    speaker: Annotated[str | None, Query(description="A name, alias or role phrase.")] = None,
    kind: Literal["direct", "partial", "indirect"] | None = None,
    outlet: Outlet = None,
    page: FeedPage = 1,
    lang: FeedLanguage = None,
) -> Response:
    """Quotes, newest article first: a speaker's (any name, alias or role), of a kind, from
    an outlet."""
    query = QuoteQuery(
        speaker=speaker or None, kind=kind, outlet=outlet or None, limit=FEED_ENTRIES + 1,
        offset=_offset(page),
    )  # fmt: skip
    quotes = store.list_quotes(query)
    t = translator(pick_language(lang))
    entries = _quote_entries(request, store, quotes[:FEED_ENTRIES], t)
    title = t("feed_title.speaker_quotes", name=speaker) if speaker else t("feed_title.quotes")
    html = page_url("/quotes", {"speaker": speaker, "kind": kind, "outlet": outlet})
    paging = Paging(page, len(quotes) > FEED_ENTRIES)
    return _answer(request, title, entries, html, paging, lang)


@dataclass(frozen=True, slots=True)
class Paging:
    """Which page of its feed a document is, and whether older entries follow."""

    page: int
    more: bool


def _offset(page: int) -> int:
    return (page - 1) * FEED_ENTRIES


def _articles(store: Store, query: ArticleQuery, page: int) -> tuple[list[Article], Paging]:
    """A page of a list of articles, and whether more follow."""
    found = list(store.list_articles(replace(query, limit=FEED_ENTRIES + 1, offset=_offset(page))))
    return found[:FEED_ENTRIES], Paging(page, len(found) > FEED_ENTRIES)


def _entity(store: Store, entity_id: int) -> Entity:
    found = store.list_entities(EntityQuery(id=entity_id))
    if not found:
        raise HTTPException(404, f"no entity with id {entity_id}")
    return found[0]


def _absolute(request: Request, path: str) -> str:
    """A path of this server as an absolute URL, from the address the request was made to."""
    return str(request.base_url).rstrip("/") + path


def _article_entries(
    request: Request, store: Store, articles: Sequence[Article], t: Translate
) -> list[FeedEntry]:
    """The entries of these articles (as read already), in this order."""
    times = store.article_times([article.id for article in articles])
    entries = []
    for article in articles:
        article_id, stamp = article.id, times.get(article.id)
        if stamp is None:  # removed since the list was read
            continue
        entries.append(
            FeedEntry(
                id=f"{TAG_PREFIX}article/{article_id}",
                title=article.title or t("untitled"),
                updated=_updated(stamp),
                link=_absolute(request, f"/articles/{path_segment(article_id)}"),
                published=rfc3339(article.published),
                related=safe_url(article.url),
                author=article.outlet,
                summary=article.body[0] if article.body else None,
            )
        )
    return entries


def _quote_entries(
    request: Request, store: Store, quotes: Sequence[QuoteRecord], t: Translate
) -> list[FeedEntry]:
    """The entries of these quotes, in this order; each quote's update is its article's."""
    ids = list(dict.fromkeys(quote.article for quote in quotes))
    times = store.article_times(ids)
    urls = {article_id: article.url for article_id, article in store.get_articles(ids).items()}
    entries = []
    for quote in quotes:
        stamp = times.get(quote.article)
        if stamp is None:
            continue
        speaker = quote.speaker or quote.speaker_as_written or quote.speaker_role or "?"
        said = (
            quote.text
            if len(quote.text) <= QUOTE_TITLE_CHARS
            else (quote.text[: QUOTE_TITLE_CHARS - 1].rstrip() + "…")
        )
        role = f" ({quote.speaker_role})" if quote.speaker_role and quote.speaker else ""
        entries.append(
            FeedEntry(
                id=f"{TAG_PREFIX}quote/{quote.article}:{quote.number}",
                title=f"{speaker}: “{said}”",
                updated=_updated(stamp),
                link=_absolute(request, quote_href(quote)),
                published=rfc3339(quote.published),
                related=safe_url(urls.get(quote.article)),
                author=quote.outlet,
                summary=f"{speaker}{role}: “{quote.text}” ({quote.title or t('untitled')})",
            )
        )
    return entries


def _updated(stamp: ArticleTimes) -> str:
    return rfc3339(stamp.updated) or rfc3339(stamp.ingested) or stamp.updated


def _answer(
    request: Request,
    title: str,
    entries: list[FeedEntry],
    page: str,
    paging: Paging,
    lang: str | None,
) -> Response:
    """The feed as an Atom document with its validators. Its pages share one id, and link to
    the first, the next (older entries) and the previous one (RFC 5005, section 3). Its
    language is the one ``lang`` asks for, the pages' default else; in another language it is
    the same feed (the same id), its HTML page in that language."""
    params: dict[str, str | None] = dict(request.query_params)
    params.pop("page", None)
    language = pick_language(lang)
    if language != DEFAULT_LANGUAGE:
        page += ("&" if "?" in page else "?") + urlencode({"lang": language})

    def page_link(number: int) -> str:
        query = [(k, v) for k, v in params.items() if v is not None]
        if number > 1:
            query.append(("page", str(number)))
        return str(request.url.replace(query=urlencode(query)))

    feed = Feed(
        id=feed_id(request.url.path, {k: v for k, v in params.items() if k != "lang"}),
        title=title,
        self_link=str(request.url),
        entries=entries,
        page=_absolute(request, page),
        first=page_link(1) if paging.more or paging.page > 1 else None,
        next=page_link(paging.page + 1) if paging.more else None,
        previous=page_link(paging.page - 1) if paging.page > 1 else None,
        lang=language,
    )
    body = atom_document(feed)
    modified = datetime.fromisoformat(feed.updated.replace("Z", "+00:00"))
    headers = {
        "ETag": f'"{hashlib.sha256(body).hexdigest()[:32]}"',
        "Last-Modified": format_datetime(modified, usegmt=True),
        "Cache-Control": f"max-age={MAX_AGE_SECONDS}",
        "X-Content-Type-Options": "nosniff",
    }
    return Response(body, media_type=MEDIA_TYPE, headers=headers)
