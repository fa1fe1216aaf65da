"""SQL for reading stories: listings with filters, one story with its events and copies."""

from __future__ import annotations

import json
from collections.abc import Sequence

from warta.corpus.features import day_to_date
from warta.records import StoryArticle, StoryDetail, StoryEvent, StoryQuery, StorySummary
from warta.store.database import NO_LIMIT, Database, Row
from warta.timestamps import end_bound_utc, to_utc

_ORDERS = {
    "newest": "s.last_published IS NULL, s.last_published DESC, s.id DESC",
    "largest": "s.originals DESC, s.articles DESC, s.last_published DESC, s.id DESC",
}
_MEMBERS = (
    "SELECT sa.article_id, a.title, a.outlet, coalesce(a.published, {not_before})"
    " AS published, sa.event_id, sa.duplicate_of, sa.pinned FROM story_articles sa"
    " JOIN articles a ON a.id = sa.article_id"
)


def list_stories(db: Database, query: StoryQuery) -> list[StorySummary]:
    clauses: list[str] = []
    params: list[object] = []
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
            " ON a.id = sa.article_id WHERE a.outlet = ?)"
        )
        params.append(query.outlet)
    if query.entity:
        clauses.append(
            "s.id IN (SELECT sa.story_id FROM story_articles sa JOIN article_entities ae"
            " ON ae.article_id = sa.article_id WHERE ae.entity_id IN"
            " (SELECT entity_id FROM entity_aliases WHERE alias_key = ?))"
        )
        params.append(query.entity.casefold())
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = db.execute(
        "SELECT s.id, s.title, s.first_published, s.last_published, s.articles, s.originals"
        f" FROM stories s {where} ORDER BY {_ORDERS[query.order]} LIMIT ? OFFSET ?",
        [*params, query.limit if query.limit is not None else NO_LIMIT, query.offset],
    ).fetchall()
    stories = [_summary(row) for row in rows]
    outlets = story_outlets(db, [story.id for story in stories])
    for story in stories:
        story.outlets = outlets[story.id]
    return stories


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
