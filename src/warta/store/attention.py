"""SQL for attention over time: the articles of a search, an entity or a story, counted per
publication day (UTC) and outlet."""

from __future__ import annotations

from warta.records import AttentionQuery
from warta.store.database import Database
from warta.store.search import parse_query
from warta.store.sql import article_filters


def attention(db: Database, query: AttentionQuery) -> list[tuple[str, str | None, int]]:
    """(day, outlet, articles) of the articles the query follows, dated ones only, by day.

    Raises:
        UsageError: a search that is not one (nothing to search for, too many terms).
    """
    clauses, params = article_filters(query.outlet, query.since, query.until, table="a.")
    clauses.append("a.published_utc IS NOT NULL")
    if query.text is not None:
        clause, values = db.matching(parse_query(query.text))
        clauses.append(clause)
        params += values
    if query.entity is not None:
        clauses.append(
            "a.id IN (SELECT ae.article_id FROM article_entities ae JOIN entity_aliases al"
            " ON al.entity_id = ae.entity_id WHERE al.alias_key = ?)"
        )
        params.append(query.entity.strip().casefold())
    if query.story is not None:
        clauses.append(
            "a.id IN (SELECT article_id FROM story_articles WHERE story_id ="
            " coalesce((SELECT story_id FROM story_aliases WHERE old_id = ?), ?))"
        )
        params += [query.story, query.story]
    rows = db.execute(
        f"SELECT {db.wib_day('a.published_utc')} AS day, a.outlet, count(*) FROM articles a"
        f" WHERE {' AND '.join(clauses)} GROUP BY {db.wib_day('a.published_utc')}, a.outlet"
        " ORDER BY day",
        params,
    ).fetchall()
    return [(str(row[0]), row[1], int(row[2])) for row in rows]
