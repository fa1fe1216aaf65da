"""SQL for outlets: who publishes how much, in which stories, copying whom, relaying which
wires."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from warta.lang.id.news_outlets import count_wires
from warta.records import OutletSummary
from warta.store.database import NO_LIMIT, Database
from warta.store.sql import OUTLET_NAMED, article_filters

#: An outlet's wires are counted over its latest articles, this many at most: each is read
#: from the article's document.
WIRE_ARTICLES = 2_000


def list_outlets(
    db: Database, since: str | None, until: str | None, limit: int | None, offset: int
) -> tuple[int, list[OutletSummary]]:
    """How many outlets published in the range, and a page of them, most articles first:
    articles, the stories they are in, first and last publication. Over every article the
    counts are those the triggers keep (SQLite migration 18, PostgreSQL 11), in a date range
    they are read from the outlets' index; the stories, for the page's outlets only, from the
    counts kept per story and outlet (or, in a date range, from its articles)."""
    page = [limit if limit is not None else NO_LIMIT, offset]
    if since is None and until is None:
        # every article: the counts the triggers keep, and each listed outlet's first and
        # last publication from two seeks of the outlets' index
        counted = db.execute(
            "SELECT outlet, articles FROM outlet_counts ORDER BY articles DESC, outlet"
            " LIMIT ? OFFSET ?",
            page,
        ).fetchall()
        rows = [
            (
                outlet,
                articles,
                *db.execute(
                    "SELECT (SELECT min(published_utc) FROM articles WHERE outlet = ?),"
                    " (SELECT max(published_utc) FROM articles WHERE outlet = ?)",
                    (outlet, outlet),
                ).fetchone(),
            )
            for outlet, articles in counted
        ]
        total = db.execute("SELECT count(*) FROM outlet_counts").fetchone()[0]
    else:
        clauses, params = article_filters(None, since, until)
        clauses.append("outlet IS NOT NULL")
        where = " AND ".join(clauses)
        rows = db.execute(
            "SELECT outlet, count(*) AS n, min(published_utc), max(published_utc) FROM articles"
            f" WHERE {where} GROUP BY outlet ORDER BY n DESC, outlet LIMIT ? OFFSET ?",
            [*params, *page],
        ).fetchall()
        total = db.execute(
            f"SELECT count(DISTINCT outlet) FROM articles WHERE {where}", params
        ).fetchone()[0]
    names = json.dumps([str(row[0]) for row in rows])
    if since is None and until is None:
        stories = db.execute(
            "SELECT outlet, count(*) FROM story_outlets WHERE articles > 0 AND outlet IN"
            f" (SELECT value FROM {db.each()}) GROUP BY outlet",
            (names,),
        )
    else:
        dated, dated_params = article_filters(None, since, until, table="a.")
        stories = db.execute(
            "SELECT a.outlet, count(DISTINCT sa.story_id) FROM articles a JOIN story_articles sa"
            f" ON sa.article_id = a.id WHERE a.outlet IN (SELECT value FROM {db.each()})"
            f" AND {' AND '.join(dated)} GROUP BY a.outlet",
            [names, *dated_params],
        )
    in_stories = {str(row[0]): int(row[1]) for row in stories}
    return int(total), [
        OutletSummary(str(r[0]), int(r[1]), in_stories.get(str(r[0]), 0), r[2], r[3]) for r in rows
    ]


def outlet_copies(db: Database, outlet: str) -> int:
    """How many of an outlet's articles copy another article (the outlet named in any case,
    as everywhere below)."""
    row = db.execute(
        "SELECT count(*) FROM articles a JOIN story_articles sa ON sa.article_id = a.id"
        f" WHERE a.outlet IN ({OUTLET_NAMED}) AND sa.duplicate_of IS NOT NULL",
        (outlet,),
    ).fetchone()
    return int(row[0])


def outlet_days(db: Database, outlet: str) -> list[tuple[str, int]]:
    """An outlet's dated articles per publication day (WIB, as Warta counts its days)."""
    day = db.wib_day("published_utc")
    rows = db.execute(
        f"SELECT {day} AS day, count(*) FROM articles"
        f" WHERE outlet IN ({OUTLET_NAMED}) AND published_utc IS NOT NULL"
        f" GROUP BY {day} ORDER BY day",
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
    many of them each is cited, the spellings of one wire counted as one (articles analysed
    before the package listed a spelling still count once)."""
    ids = [
        str(row[0])
        for row in db.execute(
            f"SELECT id FROM articles WHERE outlet IN ({OUTLET_NAMED}) ORDER BY rowid DESC LIMIT ?",
            (outlet, WIRE_ARTICLES),
        )
    ]
    return count_wires(cited_sources(db, ids).values())
