"""Exports: articles, quotes, entities and timelines as CSV or JSON Lines, each row carrying
where it comes from, so a researcher can trace it to its article, paragraph and characters.

The CLI (``warta export``) and the web (``/export/{kind}.{fmt}``) share everything here:
:data:`FILTERS` says which options each kind takes, the network and attention included
(present/network.py, present/attention.py), and :func:`check_options` refuses the others;
:func:`check_export` refuses filters that do not apply, :func:`export_rows` yields the rows of
a kind lazily (articles are streamed from the store, quotes paged, never the whole store in
memory), :func:`export_lines` formats them, :func:`write_export` writes them to a file.

Columns are listed in :data:`COLUMNS` and explained in docs/export.md. CSV cells that a
spreadsheet would run as a formula are neutralised (:func:`csv_cell`); JSON Lines keep every
value as it is, lists as lists.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields, replace
from typing import Any, TextIO, TypeVar

from warta import __version__
from warta.corpus.products import story_products
from warta.errors import UsageError
from warta.model import Article
from warta.present import EXPORT_KINDS
from warta.present.attention import ATTENTION_COLUMNS
from warta.present.network import NETWORK_FORMATS
from warta.present.output import spreadsheet_safe
from warta.records import (
    ENTITY_TYPES,
    ArticleQuery,
    Entity,
    EntityQuery,
    Placement,
    QuoteQuery,
    QuoteRecord,
    Store,
    StoryDetail,
    StoryQuery,
)
from warta.store.sql import SQL_VARIABLES
from warta.timestamps import check_dates, end_bound_utc, to_utc

T = TypeVar("T")

EXPORT_FORMATS = ("csv", "jsonl")

#: Quotes read per store call: a page of quotes (and the articles it cites) stays a few MB, and
#: a 100k-quote export makes ~50 calls.
EXPORT_PAGE = 2000

#: Articles held at once while their stories are looked up in one query: a stored article is
#: tens of KB as JSON, so a batch stays a few MB however large the export.
ARTICLE_BATCH = 200

#: A story's articles read at once when its articles are exported: a few hundred stored articles
#: (tens of KB each as JSON) at a time, however large the story.
STORY_ID_CHUNK = SQL_VARIABLES

#: Stories a timelines export covers when no limit is given, newest first: a timeline is built
#: per story when asked for (about 3 s for a 500-article story, docs/design.md), so an export of
#: every story of a large store is asked for with an explicit limit.
TIMELINE_STORIES = 100

#: Separator of list values (aliases, flags) inside one CSV cell.
LIST_SEPARATOR = ";"

ARTICLE_COLUMNS = (
    "id", "url", "outlet", "title", "published", "published_not_before", "dateline", "author",
    "story", "event", "duplicate_of", "paragraphs", "words", "entities", "quotes", "dates",
    "content_hash", "origin", "format", "encoding", "warta_version", "body",
)  # fmt: skip
QUOTE_COLUMNS = (
    "article", "url", "outlet", "published", "title", "story", "speaker", "speaker_as_written",
    "speaker_entity", "kind", "verb", "text", "paragraph", "start", "end", "end_paragraph",
    "warta_version", "speaker_role", "number", "id",
)  # fmt: skip
ENTITY_COLUMNS = (
    "id", "type", "canonical", "aliases", "mentions", "articles", "first_seen", "last_seen",
    "warta_version",
)  # fmt: skip
TIMELINE_COLUMNS = (
    "story", "story_title", "entry", "date", "precision", "status", "flags", "entry_text",
    "source", "source_article", "source_url", "source_outlet", "source_published", "paragraph",
    "start", "end", "text", "warta_version",
)  # fmt: skip
MENTION_COLUMNS = (
    "article", "url", "outlet", "published", "story", "entity", "canonical", "type", "mentions",
    "warta_version",
)  # fmt: skip

COLUMNS = {
    "articles": ARTICLE_COLUMNS,
    "quotes": QUOTE_COLUMNS,
    "entities": ENTITY_COLUMNS,
    "timelines": TIMELINE_COLUMNS,
    "mentions": MENTION_COLUMNS,
    "attention": ATTENTION_COLUMNS,  # present/attention.py: not a store export's rows
}


@dataclass(frozen=True, slots=True)
class ExportQuery:
    """The filters of an export; :data:`FILTERS` says which ones each kind takes.

    ``limit`` and ``offset`` count rows, except for timelines, where they count stories (a
    story's timeline is never cut in the middle).
    """

    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    entity: str | None = None  # a canonical name or any alias, any case
    speaker: str | None = None  # quotes: a name, alias or role phrase
    story: int | None = None
    type: str | None = None  # entities: PERSON, ORG, LOC, ...
    limit: int | None = None
    offset: int = 0


#: The filters and options each kind takes, by their Python names (the CLI's ``--min-articles``
#: is ``min_articles``, its ``--type`` ``type``; the web names ``follow`` ``q``,
#: :data:`WEB_NAMES`). The CLI and the web both check what they are given against this one
#: table, so any other option is an error naming the kinds it applies to, never silently ignored.
FILTERS = {
    "articles": frozenset({"since", "until", "outlet", "entity", "story", "limit", "offset"}),
    "quotes": frozenset({"since", "until", "outlet", "speaker", "story", "limit", "offset"}),
    "entities": frozenset(
        {"since", "until", "outlet", "entity", "type", "story", "limit", "offset"}
    ),
    "timelines": frozenset({"since", "until", "outlet", "entity", "story", "limit", "offset"}),
    "mentions": frozenset(
        {"since", "until", "outlet", "entity", "type", "story", "limit", "offset"}
    ),
    "network": frozenset(
        {"since", "until", "outlet", "entity", "story", "type", "nodes", "min_articles"}
    ),
    "attention": frozenset({"since", "until", "outlet", "entity", "story", "follow", "interval"}),
}

#: The formats of every kind, :data:`FILTERS`'s kinds in the same order.
KIND_FORMATS = {
    **dict.fromkeys(EXPORT_KINDS, EXPORT_FORMATS),
    "network": NETWORK_FORMATS,
    "attention": EXPORT_FORMATS,
}

#: Options the web's query parameters name otherwise (any other is named as in :data:`FILTERS`).
WEB_NAMES = {"follow": "q"}

#: Filters that choose which stories' timelines are exported: ``story`` names one already.
_STORY_CHOOSERS = ("since", "until", "outlet", "entity", "limit", "offset")


def check_export(kind: str, fmt: str, query: ExportQuery, option_prefix: str = "") -> None:
    """Refuse an unknown kind or format, a bad date or page, and a filter the kind does not
    take. ``option_prefix`` is how the caller names its options (``--`` on the command line).

    Raises:
        UsageError: with a one-line message naming the option.
    """
    if kind not in EXPORT_KINDS:
        raise UsageError(f"unknown export {kind!r}; choose one of {', '.join(EXPORT_KINDS)}")
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    check_dates(query.since, query.until, option_prefix)
    if (query.limit is not None and query.limit < 0) or query.offset < 0:
        raise UsageError(f"{option_prefix}limit and {option_prefix}offset must not be negative")
    check_options(kind, _set_filters(query), option_prefix)
    if query.type is not None and query.type.upper() not in ENTITY_TYPES:
        raise UsageError(
            f"unknown entity type {query.type!r}; choose one of {', '.join(ENTITY_TYPES)}"
        )
    if kind == "timelines" and query.story is not None:
        chosen = [name for name in _STORY_CHOOSERS if name in _set_filters(query)]
        if chosen:
            raise UsageError(
                f"{option_prefix}story exports one story's timeline;"
                f" {option_prefix}{chosen[0]} chooses stories and cannot be combined with it"
            )


def check_options(kind: str, given: Iterable[str], option_prefix: str = "") -> None:
    """Refuse an unknown kind, and an option (named as in :data:`FILTERS`) that the kind does
    not take: ``--nodes`` on an articles export would otherwise write every article.

    Raises:
        UsageError: naming the option as the caller does and the kinds it applies to.
    """
    if kind not in FILTERS:
        raise UsageError(f"unknown export {kind!r}; choose one of {', '.join(FILTERS)}")
    for name in given:
        if name not in FILTERS[kind]:
            takers = [other for other in FILTERS if name in FILTERS[other]]
            raise UsageError(
                f"{option_name(name, option_prefix)} applies to {_either(takers, 'and')},"
                f" not {kind}"
            )


def option_name(name: str, option_prefix: str = "") -> str:
    """An option of :data:`FILTERS` as the caller names it: ``--min-articles`` on the command
    line (``option_prefix`` ``--``), ``min_articles`` and ``q`` (for ``follow``) on the web."""
    if option_prefix:
        return option_prefix + name.replace("_", "-")
    return WEB_NAMES.get(name, name)


def web_parameters(kind: str) -> frozenset[str]:
    """The query parameters ``/export/{kind}.{fmt}`` reads: the kind's row of :data:`FILTERS`,
    as the web names them."""
    return frozenset(option_name(name) for name in FILTERS[kind])


def export_choices() -> str:
    """Every kind with its formats, for a message: "articles, ... as csv or jsonl, network as
    gexf, graphml, csv or jsonl" (kinds sharing their formats named together)."""
    by_formats: dict[tuple[str, ...], list[str]] = {}
    for kind, formats in KIND_FORMATS.items():
        by_formats.setdefault(formats, []).append(kind)
    return ", ".join(
        f"{_either(kinds, 'and')} as {_either(list(formats), 'or')}"
        for formats, kinds in by_formats.items()
    )


def _either(words: list[str], joiner: str) -> str:
    """``a, b and c`` (or ``a, b or c``)."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {joiner} {words[-1]}"


def _set_filters(query: ExportQuery) -> list[str]:
    """The names of the filters a query sets (``offset`` 0 is not set)."""
    return [
        f.name
        for f in fields(query)
        if getattr(query, f.name) is not None and not (f.name == "offset" and query.offset == 0)
    ]


def export_rows(store: Store, kind: str, query: ExportQuery) -> Iterator[dict[str, Any]]:
    """The rows of an export, in JSON Lines form (lists as lists), produced as they are read.

    Raises:
        UsageError: at once (before any row) for a story or entity that does not exist.
    """
    check_references(store, query)
    if kind == "articles":
        return _article_rows(store, query)
    if kind == "quotes":
        return _quote_rows(store, query)
    if kind == "entities":
        return _entity_rows(store, query)
    if kind == "mentions":
        return _mention_rows(store, query)
    return _timeline_rows(store, query)


def check_references(store: Store, query: ExportQuery) -> None:
    """Refuse a story or entity filter that names nothing in the store: an export that is
    empty because of a typo would look like an answer."""
    if query.story is not None:
        _story(store, query.story)
    if query.entity is not None and not store.list_entities(
        EntityQuery(name=query.entity, limit=1)
    ):
        raise UsageError(f"no entity named {query.entity!r} (see `warta entities`)")


def _story(store: Store, story_id: int) -> StoryDetail:
    story = store.get_story(story_id)
    if story is None:
        raise UsageError(f"no story with id {story_id} (see `warta stories`)")
    return story


# --- articles -------------------------------------------------------------------------------


def _mention_rows(store: Store, query: ExportQuery) -> Iterator[dict[str, Any]]:
    """The long table of who each article names: a row per article and canonical entity (the
    articles as the articles export chooses them; ``type`` keeps one entity type)."""
    chosen = query.type.upper() if query.type else None
    articles = _chosen_articles(store, replace(query, limit=None, offset=0))

    def rows() -> Iterator[dict[str, Any]]:
        for chunk in _chunks(articles, ARTICLE_BATCH):
            ids = [article.id for article in chunk]
            placements = store.placements(ids)
            named = store.entities_of_articles(ids)
            for article in chunk:
                placement = placements.get(article.id)
                for entity_id, canonical, kind, mentions in named.get(article.id, []):
                    if chosen is None or kind == chosen:
                        yield {
                            "article": article.id, "url": article.url,
                            "outlet": article.outlet, "published": article.published,
                            "story": placement.story if placement else None,
                            "entity": entity_id, "canonical": canonical, "type": kind,
                            "mentions": mentions, "warta_version": __version__,
                        }  # fmt: skip

    return _page(rows(), query.limit, query.offset)


def _chosen_articles(store: Store, query: ExportQuery) -> Iterable[Article]:
    """The articles an articles export holds, read lazily, in its order."""
    if query.story is None and query.entity is None:
        return store.list_articles(
            ArticleQuery(
                outlet=query.outlet, since=query.since, until=query.until,
                limit=query.limit, offset=query.offset,
            )
        )  # fmt: skip
    if query.story is None:
        found: Iterable[Article] = store.list_articles(
            ArticleQuery(outlet=query.outlet, since=query.since, until=query.until)
        )
    else:
        found = _story_articles(store, _story(store, query.story), query)
    if query.entity is not None:
        found = _mentioning(store, found, query.entity)
    return _page(found, query.limit, query.offset)


def _article_rows(store: Store, query: ExportQuery) -> Iterator[dict[str, Any]]:
    articles = _chosen_articles(store, query)
    for chunk in _chunks(articles, ARTICLE_BATCH):
        placements = store.placements([article.id for article in chunk])
        for article in chunk:
            yield article_row(article, placements.get(article.id))


def article_row(article: Article, placement: Placement | None) -> dict[str, Any]:
    """An article as JSON Lines give it: the article contract (``Article.to_dict``, with its
    ``source`` and ``content_hash``) plus its story, event, original and input file."""
    return {
        **article.to_dict(),
        "story": placement.story if placement else None,
        "event": placement.event if placement else None,
        "duplicate_of": placement.duplicate_of if placement else None,
        "origin": article.source.get("origin"),
        "warta_version": __version__,
    }


def _article_csv(row: dict[str, Any]) -> dict[str, Any]:
    """An article's JSON Lines row as CSV gives it: lists become counts, the body one cell."""
    body: list[str] = row["body"]
    source: dict[str, Any] = row["source"]
    return {
        **row,
        "paragraphs": len(body),
        "words": sum(len(paragraph.split()) for paragraph in body),
        "entities": len(row["entities"]),
        "quotes": len(row["quotes"]),
        "dates": len(row["dates"]),
        "format": source.get("format"),
        "encoding": source.get("encoding"),
        "body": "\n\n".join(body),
    }


def _story_articles(store: Store, story: StoryDetail, query: ExportQuery) -> Iterator[Article]:
    """A story's articles, newest first (undated last), that pass the outlet and date filters,
    read a chunk of ids at a time."""
    ids = _newest_first(story)
    for start in range(0, len(ids), STORY_ID_CHUNK):
        chunk = ids[start : start + STORY_ID_CHUNK]
        found = store.get_articles(chunk)
        for article_id in chunk:
            article = found.get(article_id)
            if article is None or (query.outlet is not None and article.outlet != query.outlet):
                continue
            if _published_in(article.published, query.since, query.until):
                yield article


def _newest_first(story: StoryDetail) -> list[str]:
    """A story's article ids, newest first and undated last, as the store's listings go."""
    dated = [a.id for a in reversed(story.articles) if a.published]
    return dated + [a.id for a in story.articles if not a.published]


def _published_in(published: str | None, since: str | None, until: str | None) -> bool:
    """Whether a publication time passes ``since``/``until`` as the store's filters read them
    (store/sql.py ``article_filters``: UTC, a bare ``until`` date includes its whole day)."""
    if since is None and until is None:
        return True
    utc = to_utc(published)
    if utc is None:
        return False
    lower = to_utc(since) if since is not None else None
    if lower is not None and utc < lower:
        return False
    if until is not None:
        bound, inclusive = end_bound_utc(until)
        if bound is not None and (utc > bound or (utc == bound and not inclusive)):
            return False
    return True


def _mentioning(store: Store, articles: Iterable[Article], entity: str) -> Iterator[Article]:
    """The articles the store links to the entity with this name or alias.

    An article linked to an entity names it by one of the entity's stored names (its names
    become the entity's aliases when it is written), so only those are asked about, one query
    each.
    """
    names = {
        name.casefold()
        for found in store.list_entities(EntityQuery(name=entity))
        for name in (found.canonical, *found.aliases)
    }
    for article in articles:
        if any(m.canonical.casefold() in names for m in article.entities) and (
            store.list_entities(EntityQuery(name=entity, article_ids=[article.id], limit=1))
        ):
            yield article


# --- quotes ---------------------------------------------------------------------------------


def _quote_rows(store: Store, query: ExportQuery) -> Iterator[dict[str, Any]]:
    base = QuoteQuery(
        speaker=query.speaker, since=query.since, until=query.until, outlet=query.outlet
    )
    records: Iterable[QuoteRecord]
    if query.story is None:
        records = _quotes(store, base, query.limit, query.offset)
    else:
        ids = _newest_first(_story(store, query.story))
        records = _quotes(store, replace(base, article_ids=ids), query.limit, query.offset)
    for chunk in _chunks(records, EXPORT_PAGE):
        article_ids = list(dict.fromkeys(record.article for record in chunk))
        articles = store.get_articles(article_ids)
        placements = store.placements(article_ids)
        for record in chunk:
            article = articles.get(record.article)
            placement = placements.get(record.article)
            yield quote_row(record, article.url if article else None, placement)


def _quotes(
    store: Store, query: QuoteQuery, limit: int | None, offset: int
) -> Iterator[QuoteRecord]:
    """The quotes a query lists, read a page at a time."""
    return _paged(
        lambda size, skip: store.list_quotes(replace(query, limit=size, offset=skip)), limit, offset
    )


def quote_row(record: QuoteRecord, url: str | None, placement: Placement | None) -> dict[str, Any]:
    """A quote with its article's provenance: id, URL, outlet, time, story, and where the
    quote runs in the article's body."""
    return {
        "article": record.article,
        "url": url,
        "outlet": record.outlet,
        "published": record.published,
        "title": record.title,
        "story": placement.story if placement else None,
        "speaker": record.speaker,
        "speaker_as_written": record.speaker_as_written,
        "speaker_entity": record.speaker_entity,
        "kind": record.kind,
        "verb": record.verb,
        "text": record.text,
        "paragraph": record.paragraph,
        "start": record.start,
        "end": record.end,
        "end_paragraph": record.end_paragraph,
        "warta_version": __version__,
        "speaker_role": record.speaker_role,
        "number": record.number,
        "id": record.id,
    }


# --- entities -------------------------------------------------------------------------------


def _entity_rows(store: Store, query: ExportQuery) -> Iterator[dict[str, Any]]:
    base = EntityQuery(
        type=query.type, name=query.entity, since=query.since, until=query.until,
        outlet=query.outlet,
    )  # fmt: skip
    if query.story is None:
        found = store.list_entities(replace(base, limit=query.limit, offset=query.offset))
    else:
        ids = [a.id for a in _story(store, query.story).articles]
        found = store.list_entities(
            replace(base, article_ids=ids, limit=query.limit, offset=query.offset)
        )
    for entity in found:
        activity = store.entity_activity(entity.id)
        first, last = (activity[0][0], activity[-1][0]) if activity else (None, None)
        yield entity_row(entity, first, last)


def entity_row(entity: Entity, first_seen: str | None, last_seen: str | None) -> dict[str, Any]:
    """A canonical entity with its counts over the exported articles and the first and last
    day (UTC) the store has an article mentioning it."""
    return {
        "id": entity.id,
        "type": entity.type,
        "canonical": entity.canonical,
        "aliases": list(entity.aliases),
        "mentions": entity.mentions,
        "articles": entity.articles,
        "first_seen": first_seen,
        "last_seen": last_seen,
        "warta_version": __version__,
    }


# --- timelines ------------------------------------------------------------------------------


def _timeline_rows(store: Store, query: ExportQuery) -> Iterator[dict[str, Any]]:
    if query.story is not None:
        stories: Iterable[StoryDetail | None] = [_story(store, query.story)]
    else:
        summaries = store.list_stories(_story_query(query))
        stories = (store.get_story(summary.id) for summary in summaries)
    for story in stories:
        if story is not None:
            yield from story_timeline_rows(store, story)


def _story_query(query: ExportQuery) -> StoryQuery:
    return StoryQuery(
        since=query.since, until=query.until, entity=query.entity, outlet=query.outlet,
        limit=TIMELINE_STORIES if query.limit is None else query.limit, offset=query.offset,
    )  # fmt: skip


def more_timelines(store: Store, query: ExportQuery) -> bool:
    """Whether a timelines export without a limit left out stories matching its filters."""
    if query.story is not None or query.limit is not None:
        return False
    after = replace(_story_query(query), limit=1, offset=query.offset + TIMELINE_STORIES)
    return bool(store.list_stories(after))


def story_timeline_rows(store: Store, story: StoryDetail) -> Iterator[dict[str, Any]]:
    """One row per source of each entry of a story's timeline (main line, then background):
    the entry, and the sentence of this source that dates it, with its article."""
    timeline = story_products(store, story).timeline
    entries = [*timeline.entries, *timeline.background]
    cited = store.get_articles(
        list(dict.fromkeys(source.article for entry in entries for source in entry.sources))
    )
    for number, entry in enumerate(entries):
        for rank, source in enumerate(entry.sources):
            article = cited.get(source.article)
            text = None
            if article is not None and source.paragraph < len(article.body):
                text = article.body[source.paragraph][source.start : source.end]
            yield {
                "story": story.id,
                "story_title": story.summary.title,
                "entry": number,
                "date": entry.date,
                "precision": entry.precision,
                "status": entry.status,
                "flags": list(entry.flags),
                "entry_text": entry.text,
                "source": rank,
                "source_article": source.article,
                "source_url": article.url if article else None,
                "source_outlet": article.outlet if article else None,
                "source_published": article.published if article else None,
                "paragraph": source.paragraph,
                "start": source.start,
                "end": source.end,
                "text": text,
                "warta_version": __version__,
            }


# --- formats --------------------------------------------------------------------------------


def csv_cell(value: Any) -> Any:
    """A value as one CSV cell: lists joined by :data:`LIST_SEPARATOR`, text that a
    spreadsheet would run as a formula prefixed with an apostrophe."""
    if isinstance(value, list | tuple):
        value = LIST_SEPARATOR.join(str(item) for item in value)
    return spreadsheet_safe(value)


def export_lines(rows: Iterable[dict[str, Any]], kind: str, fmt: str) -> Iterator[str]:
    """Rows as text, a line at a time: JSON objects, or CSV with a header (a CSV record may
    hold newlines inside a quoted cell, as the body of an article does)."""
    if fmt == "jsonl":
        for row in rows:
            yield json.dumps(row, ensure_ascii=False) + "\n"
        return
    columns = COLUMNS[kind]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        flat = _article_csv(row) if kind == "articles" else row
        writer.writerow([csv_cell(flat.get(column)) for column in columns])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.getvalue():  # the header alone, when there is no row
        yield buffer.getvalue()


def write_export(
    store: Store,
    kind: str,
    fmt: str,
    query: ExportQuery,
    out: TextIO,
    on_row: Callable[[int], None] | None = None,
) -> int:
    """Write an export to ``out``; return how many rows it has. ``on_row`` is told the count
    after each row (for progress)."""
    count = 0

    def counted(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        nonlocal count
        for row in rows:
            count += 1
            if on_row is not None:
                on_row(count)
            yield row

    for line in export_lines(counted(export_rows(store, kind, query)), kind, fmt):
        out.write(line)
    return count


# --- iteration helpers ----------------------------------------------------------------------


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _page(items: Iterable[T], limit: int | None, offset: int) -> Iterator[T]:
    return itertools.islice(items, offset, None if limit is None else offset + limit)


def _paged(fetch: Callable[[int, int], list[T]], limit: int | None, offset: int) -> Iterator[T]:
    """All items a paged listing ``fetch(limit, offset)`` gives, :data:`EXPORT_PAGE` a call."""
    position, remaining = offset, limit
    while remaining is None or remaining > 0:
        size = EXPORT_PAGE if remaining is None else min(EXPORT_PAGE, remaining)
        page = fetch(size, position)
        yield from page
        if len(page) < size:
            return
        position += len(page)
        if remaining is not None:
            remaining -= len(page)
