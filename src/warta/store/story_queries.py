"""SQL for reading stories: listings with filters, one story with its events and copies."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta

from warta.corpus.features import day_to_date
from warta.corpus.ranking import (
    BEFORE_DAYS,
    RANK_HALF_LIFE_DAYS,
    RECENT_DAYS,
    momentum,
    recency_days,
)
from warta.records import StoryArticle, StoryDetail, StoryEvent, StoryQuery, StorySummary
from warta.store.database import NO_LIMIT, Database, Row
from warta.store.search import parse_query
from warta.store.sql import OUTLET_NAMED
from warta.timestamps import end_bound_utc, to_utc

_ORDERS = {
    "ranked": "(s.rank IS NULL), s.rank DESC, s.id DESC",
    "newest": "s.last_published IS NULL, s.last_published DESC, s.id DESC",
    "largest": "s.originals DESC, s.articles DESC, s.last_published DESC, s.id DESC",
}
_MEMBERS = (
    "SELECT sa.article_id, a.title, a.outlet, coalesce(a.published, {not_before})"
    " AS published, sa.event_id, sa.duplicate_of, sa.pinned FROM story_articles sa"
    " JOIN articles a ON a.id = sa.article_id"
)
_SUMMARY = "s.id, s.title, s.first_published, s.last_published, s.articles, s.originals"
#: A text filter keeps the stories of this many of the search's best matches.
TEXT_MATCHES = 2_000


def list_stories(db: Database, query: StoryQuery) -> list[StorySummary]:
    unit = recency_days(*_period(db, query)) if query.order == "ranked" else RANK_HALF_LIFE_DAYS
    # over a period of more than four weeks, the ranked order is computed from each story's
    # kept rank: the table is read through (about 9 ms for 100,000 stories), not an index
    computed = unit != RANK_HALF_LIFE_DAYS
    clauses, params = _filters(db, query, read_through=computed)
    limit = query.limit if query.limit is not None else NO_LIMIT
    if query.order == "trending":
        stories = _trending(db, query, clauses, params, limit)
    else:
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        order, order_params = _ORDERS[query.order], []
        if computed:
            # the kept rank's recency in the listing's unit: log2(coverage) + days / unit
            # (not the index's "(s.rank IS NULL)" first: read through it, each story was a
            # look-up)
            score = f"(s.rank + {db.days('s.last_published')} * ?)"
            order = f"{score} IS NULL, {score} DESC, s.id DESC"
            order_params = [1.0 / unit - 1.0 / RANK_HALF_LIFE_DAYS] * 2
        rows = db.execute(
            f"SELECT {_SUMMARY} FROM stories s {where} ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, *order_params, limit, query.offset],
        ).fetchall()
        stories = [_summary(row) for row in rows]
    outlets = story_outlets(db, [story.id for story in stories])
    for story in stories:
        story.outlets = outlets[story.id]
    return stories


def count_stories(db: Database, query: StoryQuery) -> int:
    """How many stories :func:`list_stories` lists for the query, without its page."""
    clauses, params = _filters(db, query)
    if query.order == "trending":
        reference = _reference_time(db, query)
        if reference is None:
            return 0
        recent, _ = _windows(reference)
        clauses.append(
            "s.id IN (SELECT sa.story_id FROM story_articles sa JOIN articles a"
            " ON a.id = sa.article_id WHERE a.published_utc > ? AND a.published_utc <= ?)"
        )
        params += [recent, reference]
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    return int(db.execute(f"SELECT count(*) FROM stories s {where}", params).fetchone()[0])


def _filters(
    db: Database, query: StoryQuery, read_through: bool = False
) -> tuple[list[str], list[object]]:
    """The WHERE clauses on stories ``s`` of a query's filters, and their parameters;
    ``read_through``: for an order computed over every story read, where the index of the
    stories of several articles would only add a look-up of each (21 ms against 9)."""
    clauses: list[str] = []
    params: list[object] = []
    if not query.singles:
        clauses.append("+s.articles > 1" if read_through else "s.articles > 1")
    if query.since or query.until:
        dated = ["a.published_utc IS NOT NULL"]
        if query.since:
            dated.append("a.published_utc >= ?")
            params.append(to_utc(query.since))
        if query.until:
            bound, inclusive = end_bound_utc(query.until)
            dated.append(f"a.published_utc {'<=' if inclusive else '<'} ?")
            params.append(bound)
        clauses.append(
            "s.id IN (SELECT sa.story_id FROM story_articles sa JOIN articles a"
            f" ON a.id = sa.article_id WHERE {' AND '.join(dated)})"
        )
    if query.outlet:
        clauses.append(
            "s.id IN (SELECT sa.story_id FROM story_articles sa JOIN articles a"
            f" ON a.id = sa.article_id WHERE a.outlet IN ({OUTLET_NAMED}))"
        )
        params.append(query.outlet)
    if query.entity:
        clauses.append(
            "s.id IN (SELECT sa.story_id FROM story_articles sa JOIN article_entities ae"
            " ON ae.article_id = sa.article_id WHERE ae.entity_id IN"
            " (SELECT entity_id FROM entity_aliases WHERE alias_key = ?))"
        )
        params.append(query.entity.casefold())
    if query.text:
        # the stories of the best matches: a text that matches most of the store is bounded
        _, matches = db.search_rows(parse_query(query.text), [], [], TEXT_MATCHES, TEXT_MATCHES)
        clauses.append(
            "s.id IN (SELECT sa.story_id FROM story_articles sa JOIN articles a"
            f" ON a.id = sa.article_id WHERE a.rowid IN (SELECT value FROM {db.each('int')}))"
        )
        params.append(json.dumps([rowid for rowid, _ in matches]))
    return clauses, params


def _period(db: Database, query: StoryQuery) -> tuple[str | None, str | None]:
    """The period a listing covers: its ``since`` and ``until``, else the store's first and
    latest article (UTC, as stored)."""
    first = to_utc(query.since) if query.since else None
    last = end_bound_utc(query.until)[0] if query.until else None
    if first is None or last is None:
        # two look-ups of the index's ends (one statement of both would read it through)
        row = db.execute(
            "SELECT (SELECT min(published_utc) FROM articles),"
            " (SELECT max(published_utc) FROM articles)"
        ).fetchone()
        first = first or (row[0] if row else None)
        last = last or (row[1] if row else None)
    return first, last


def _reference_time(db: Database, query: StoryQuery) -> str | None:
    """The time trending is measured up to: the query's ``until``, or the newest article's
    publication (a store of last year's news trends as it did then). Articles known only to
    be published after a day are not counted in trending's windows."""
    if query.until:
        bound, _ = end_bound_utc(query.until)
        return bound
    row = db.execute("SELECT max(published_utc) FROM articles").fetchone()
    return None if row is None or row[0] is None else str(row[0])


def _windows(reference: str) -> tuple[str, str]:
    """The starts (UTC, as stored) of the recent window and of the window before it."""
    end = datetime.fromisoformat(reference)
    recent = end - timedelta(days=RECENT_DAYS)
    before = recent - timedelta(days=BEFORE_DAYS)
    return recent.isoformat(timespec="seconds"), before.isoformat(timespec="seconds")


def _trending(
    db: Database, query: StoryQuery, clauses: list[str], params: list[object], limit: int
) -> list[StorySummary]:
    """The stories with articles in the last days before the reference time, the most gaining
    first (:func:`warta.corpus.ranking.momentum`): counted from the articles of those windows
    alone, so the cost follows the articles of a few weeks, not the store."""
    reference = _reference_time(db, query)
    if reference is None:
        return []
    recent, before = _windows(reference)
    where = f"AND {' AND '.join(clauses)}" if clauses else ""
    rows = db.execute(
        f"SELECT {_SUMMARY}, w.recent, w.earlier FROM (SELECT sa.story_id,"
        " sum(CASE WHEN a.published_utc > ? THEN 1 ELSE 0 END) AS recent,"
        " sum(CASE WHEN a.published_utc > ? THEN 0 ELSE 1 END) AS earlier"
        " FROM articles a JOIN story_articles sa ON sa.article_id = a.id"
        " WHERE a.published_utc > ? AND a.published_utc <= ? GROUP BY sa.story_id) w"
        f" JOIN stories s ON s.id = w.story_id WHERE w.recent > 0 {where}",
        [recent, recent, before, reference, *params],
    ).fetchall()
    stories = []
    for row in rows:
        story = _summary(row)
        story.recent = int(row[6])
        story.momentum = round(momentum(story.recent, int(row[7])), 2)
        stories.append(story)
    stories.sort(key=lambda s: (-(s.momentum or 0), -(s.recent or 0), -s.originals, -s.id))
    return stories[query.offset : query.offset + limit]


def story_outlets(db: Database, story_ids: Sequence[int]) -> dict[int, list[str]]:
    """Each story's outlets, the one with most articles first: read from their counts, kept
    by the database's triggers (SQLite migration 12), in one query for a page of stories."""
    found: dict[int, list[str]] = {story: [] for story in story_ids}
    rows = db.execute(
        "SELECT story_id, outlet FROM story_outlets WHERE story_id IN"
        f" (SELECT value FROM {db.each('int')}) AND articles > 0"
        " ORDER BY story_id, articles DESC, outlet",
        (json.dumps(list(found)),),
    )
    for story, outlet in rows:
        found[int(story)].append(str(outlet))
    return found


def resolve_story(db: Database, story_id: int) -> int | None:
    """The story an id names now: itself, or the story it was merged into."""
    if db.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone():
        return story_id
    row = db.execute(
        "SELECT a.story_id FROM story_aliases a JOIN stories s ON s.id = a.story_id"
        " WHERE a.old_id = ?",
        (story_id,),
    ).fetchone()
    return int(row[0]) if row else None


def get_story(db: Database, story_id: int) -> StoryDetail | None:
    resolved = resolve_story(db, story_id)
    row = db.execute(
        "SELECT s.id, s.title, s.first_published, s.last_published, s.articles, s.originals"
        " FROM stories s WHERE s.id = ?",
        (resolved,),
    ).fetchone()
    if row is None:
        return None
    summary = _summary(row)
    summary.outlets = story_outlets(db, [summary.id])[summary.id]
    articles = [
        StoryArticle(
            id=str(r[0]), title=r[1], outlet=r[2], published=r[3], event=r[4],
            duplicate_of=r[5], pinned=bool(r[6]),
        )
        for r in db.execute(
            _MEMBERS.format(not_before=db.json_text("a.document", "published_not_before"))
            + " WHERE sa.story_id = ?",
            (summary.id,),
        )
    ]  # fmt: skip
    articles.sort(key=lambda a: (a.published is None, a.published or "", a.id))
    members: dict[int, list[str]] = {}
    for article in articles:
        if article.event is not None:
            members.setdefault(article.event, []).append(article.id)
    events = [
        StoryEvent(
            id=int(r[0]),
            title=r[1],
            date=day_to_date(r[2]) if r[2] is not None else None,
            articles=members.get(int(r[0]), []),
        )
        for r in db.execute(
            "SELECT id, title, day FROM events WHERE story_id = ? ORDER BY day IS NULL, day, id",
            (summary.id,),
        )
    ]
    copies: dict[str, list[str]] = {}
    for article in articles:
        if article.duplicate_of:
            copies.setdefault(article.duplicate_of, []).append(article.id)
    duplicates = [[original, *group] for original, group in copies.items()]
    return StoryDetail(summary, articles, events, duplicates)


def story_article_ids(db: Database, story_id: int) -> list[str]:
    resolved = resolve_story(db, story_id)
    rows = db.execute("SELECT article_id FROM story_articles WHERE story_id = ?", (resolved,))
    return [str(row[0]) for row in rows]


def _summary(row: Row) -> StorySummary:
    return StorySummary(
        id=int(row[0]),
        title=row[1],
        first_published=row[2],
        last_published=row[3],
        articles=int(row[4]),
        originals=int(row[5]),
    )


def story_days(db: Database, story_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """Per story, its articles per publication day (``YYYY-MM-DD`` as published)."""
    found: dict[int, dict[str, int]] = {story: {} for story in story_ids}
    for story, day, count in db.execute(
        "SELECT sa.story_id, substr(a.published, 1, 10) AS day, count(*) FROM story_articles sa"
        " JOIN articles a ON a.id = sa.article_id WHERE sa.story_id IN"
        f" (SELECT value FROM {db.each('int')}) AND a.published IS NOT NULL GROUP BY 1, 2",
        (json.dumps(list(story_ids)),),
    ):
        found[int(story)][str(day)] = int(count)
    return found
