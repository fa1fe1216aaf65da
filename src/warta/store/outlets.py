"""SQL for outlets: who publishes how much, in which stories, copying whom, relaying which
wires."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from warta.records import OutletSummary
from warta.store.database import NO_LIMIT, Database
from warta.store.sql import article_filters

#: An outlet's wires are counted over its latest articles, this many at most: each is read
#: from the article's document.
WIRE_ARTICLES = 2_000


def list_outlets(
    db: Database, since: str | None, until: str | None, limit: int | None, offset: int
) -> tuple[int, list[OutletSummary]]:
    """How many outlets published in the range, and a page of them, most articles first:
    articles, stories, copies of another outlet's article, first and last publication."""
    clauses, params = article_filters(None, since, until, table="a.")
    clauses.append("a.outlet IS NOT NULL")
    where = " AND ".join(clauses)
    rows = db.execute(
        "SELECT a.outlet, count(*) AS n, count(DISTINCT sa.story_id),"
        " sum(CASE WHEN sa.duplicate_of IS NULL THEN 0 ELSE 1 END),"
        " min(a.published_utc), max(a.published_utc)"
        " FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.id"
        f" WHERE {where} GROUP BY a.outlet ORDER BY n DESC, a.outlet LIMIT ? OFFSET ?",
        [*params, limit if limit is not None else NO_LIMIT, offset],
    ).fetchall()
    total = db.execute(
        f"SELECT count(DISTINCT a.outlet) FROM articles a WHERE {where}", params
    ).fetchone()[0]
    return int(total), [
        OutletSummary(str(r[0]), int(r[1]), int(r[2]), int(r[3] or 0), r[4], r[5]) for r in rows
    ]


def outlet_days(db: Database, outlet: str) -> list[tuple[str, int]]:
    """An outlet's dated articles per publication day (UTC)."""
    rows = db.execute(
        "SELECT substr(published_utc, 1, 10) AS day, count(*) FROM articles"
        " WHERE outlet = ? AND published_utc IS NOT NULL GROUP BY substr(published_utc, 1, 10)"
        " ORDER BY day",
        (outlet,),
    )
    return [(str(row[0]), int(row[1])) for row in rows]


def cited_sources(db: Database, article_ids: Sequence[str]) -> dict[str, list[str]]:
    """The wires and agencies each article says it relays (its ``cited_sources``)."""
    rows = db.execute(
        f"SELECT a.id, {db.json_text('a.document', 'cited_sources')} FROM articles a"
        f" WHERE a.id IN (SELECT value FROM {db.each()})",
        (json.dumps(list(article_ids)),),
    )
    return {str(row[0]): list(json.loads(row[1])) if row[1] else [] for row in rows}


def outlet_wires(db: Database, outlet: str) -> Counter[str]:
    """The wires an outlet relays, over its latest :data:`WIRE_ARTICLES` articles: in how
    many of them each is cited."""
    ids = [
        str(row[0])
        for row in db.execute(
            "SELECT id FROM articles WHERE outlet = ? ORDER BY rowid DESC LIMIT ?",
            (outlet, WIRE_ARTICLES),
        )
    ]
    wires: Counter[str] = Counter()
    for sources in cited_sources(db, ids).values():
        wires.update(set(sources))
    return wires
