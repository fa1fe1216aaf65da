"""SQL for canonical entities, shared by the SQLite store's write and read paths.

The rules that decide which stored entity an article's name belongs to are in
:mod:`warta.corpus.entities`; this module only reads and writes the three tables.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from warta.corpus.entities import ArticleEntity, Entity, article_entities, last_word, pick_person
from warta.model import EntityMention
from warta.store.sql import SQL_VARIABLES, article_filters


@dataclass(frozen=True, slots=True)
class EntityQuery:
    """Filters for listing entities; counts are over the articles that pass them."""

    type: str | None = None
    id: int | None = None
    name: str | None = None  # the canonical name or any alias, case-insensitive
    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    article_ids: Sequence[str] | None = None  # only these articles (a story's)
    limit: int | None = None
    offset: int = 0


def index_article(
    db: sqlite3.Connection, article_id: str, mentions: Sequence[EntityMention]
) -> None:
    """Record which entities an article mentions, replacing what an older analysis said."""
    before = [
        int(row[0])
        for row in db.execute(
            "SELECT entity_id FROM article_entities WHERE article_id = ?", (article_id,)
        )
    ]
    db.execute("DELETE FROM article_entities WHERE article_id = ?", (article_id,))
    for group in article_entities(mentions):
        entity_id = _resolve(db, group)
        names = (group.canonical, *group.aliases)
        db.executemany(
            "INSERT OR IGNORE INTO entity_aliases (entity_id, alias, alias_key) VALUES (?, ?, ?)",
            [(entity_id, name, name.casefold()) for name in names],
        )
        db.execute(
            "INSERT INTO article_entities (article_id, entity_id, mentions) VALUES (?, ?, ?)"
            " ON CONFLICT (article_id, entity_id) DO UPDATE"
            " SET mentions = mentions + excluded.mentions",
            (article_id, entity_id, group.mentions),
        )
    # Entities only an older analysis of this article knew (a misread name) go, aliases too.
    db.executemany(
        "DELETE FROM entities WHERE id = ?"
        " AND NOT EXISTS (SELECT 1 FROM article_entities WHERE entity_id = ?)",
        [(entity_id, entity_id) for entity_id in before],
    )


_MENTIONS = "(SELECT coalesce(sum(mentions), 0) FROM article_entities WHERE entity_id = e.id)"


def _resolve(db: sqlite3.Connection, group: ArticleEntity) -> int:
    row = db.execute(
        "SELECT id FROM entities WHERE type = ? AND canonical = ?", (group.type, group.canonical)
    ).fetchone()
    if row is not None:
        return int(row[0])
    # An alias several entities share ("Putin") goes to the most mentioned of them.
    row = db.execute(
        "SELECT e.id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id"
        f" WHERE a.alias_key = ? AND e.type = ? ORDER BY {_MENTIONS} DESC, e.id LIMIT 1",
        (group.canonical.casefold(), group.type),
    ).fetchone()
    if row is not None:
        return int(row[0])
    if group.type != "PERSON":
        # Taggers confuse places and organisations ("Amerika Serikat" as ORG): one name of
        # either kind is the entity already stored under it.
        row = db.execute(
            "SELECT id FROM entities WHERE canonical = ? AND type != 'PERSON' ORDER BY id LIMIT 1",
            (group.canonical,),
        ).fetchone()
        if row is not None:
            return int(row[0])
        # A person's name tagged as an organisation or place ("Peskov" as ORG) is the person.
        row = db.execute(
            "SELECT e.id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id"
            f" WHERE a.alias_key = ? AND e.type = 'PERSON' ORDER BY {_MENTIONS} DESC, e.id"
            " LIMIT 1",
            (group.canonical.casefold(),),
        ).fetchone()
        if row is not None:
            return int(row[0])
    if group.type == "PERSON":
        candidates = [
            (int(r[0]), str(r[1]), int(r[2]))
            for r in db.execute(
                f"SELECT e.id, e.canonical, {_MENTIONS}"
                " FROM entities e WHERE e.type = 'PERSON' AND e.last_word = ?",
                (last_word(group.canonical),),
            )
        ]
        chosen = pick_person(group.canonical, candidates)
        if chosen is not None:
            current = next(c for i, c, _ in candidates if i == chosen)
            if len(group.canonical.split()) > len(current.split()):
                # First known as "Putin", now as "Vladimir Putin": the full name wins.
                db.execute(
                    "UPDATE entities SET canonical = ? WHERE id = ?", (group.canonical, chosen)
                )
            _absorb(db, chosen, group)
            return chosen
    cursor = db.execute(
        "INSERT INTO entities (type, canonical, last_word) VALUES (?, ?, ?)",
        (group.type, group.canonical, last_word(group.canonical)),
    )
    assert cursor.lastrowid is not None
    if group.type == "PERSON":
        _absorb(db, cursor.lastrowid, group)
    return cursor.lastrowid


def _absorb(db: sqlite3.Connection, person_id: int, group: ArticleEntity) -> None:
    """Fold into a person the organisations and places stored earlier under their names (the
    same mistake of the tagger, made before the person was known)."""
    names = [name.casefold() for name in (group.canonical, *group.aliases)]
    marks = ",".join("?" * len(names))
    stray = [
        int(row[0])
        for row in db.execute(
            "SELECT DISTINCT e.id FROM entities e JOIN entity_aliases a ON a.entity_id = e.id"
            f" WHERE e.type != 'PERSON' AND a.alias_key IN ({marks})",
            names,
        )
    ]
    for entity_id in stray:
        db.execute(
            "INSERT INTO article_entities (article_id, entity_id, mentions)"
            " SELECT article_id, ?, mentions FROM article_entities WHERE entity_id = ?"
            " ON CONFLICT (article_id, entity_id) DO UPDATE"
            " SET mentions = mentions + excluded.mentions",
            (person_id, entity_id),
        )
        db.execute(
            "INSERT OR IGNORE INTO entity_aliases (entity_id, alias, alias_key)"
            " SELECT ?, alias, alias_key FROM entity_aliases WHERE entity_id = ?",
            (person_id, entity_id),
        )
        db.execute("DELETE FROM entities WHERE id = ?", (entity_id,))


def list_entities(db: sqlite3.Connection, query: EntityQuery) -> list[Entity]:
    """Entities with their mention and article counts, most mentioned first."""
    clauses, params = article_filters(query.outlet, query.since, query.until, table="a.")
    if query.type:
        clauses.append("e.type = ?")
        params.append(query.type.upper())
    if query.id is not None:
        clauses.append("e.id = ?")
        params.append(query.id)
    if query.name:
        clauses.append("e.id IN (SELECT entity_id FROM entity_aliases WHERE alias_key = ?)")
        params.append(query.name.casefold())
    if query.article_ids is not None:
        clauses.append("a.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(list(query.article_ids)))
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = db.execute(
        "SELECT e.id, e.type, e.canonical, sum(ae.mentions), count(*)"
        " FROM article_entities ae JOIN entities e ON e.id = ae.entity_id"
        f" JOIN articles a ON a.id = ae.article_id {where}"
        " GROUP BY e.id ORDER BY sum(ae.mentions) DESC, e.canonical LIMIT ? OFFSET ?",
        [*params, query.limit if query.limit is not None else -1, query.offset],
    ).fetchall()
    found = [Entity(int(r[0]), r[1], r[2], [], int(r[3]), int(r[4])) for r in rows]
    by_id = {entity.id: entity for entity in found}
    ids = list(by_id)
    for start in range(0, len(ids), SQL_VARIABLES):
        chunk = ids[start : start + SQL_VARIABLES]
        for entity_id, alias in db.execute(
            "SELECT entity_id, alias FROM entity_aliases"
            f" WHERE entity_id IN ({','.join('?' * len(chunk))}) ORDER BY alias",
            chunk,
        ):
            entity = by_id[entity_id]
            if alias != entity.canonical:
                entity.aliases.append(alias)
    return found


def entity_activity(db: sqlite3.Connection, entity_id: int) -> list[tuple[str, int, int]]:
    """Per publication day (UTC), the articles mentioning an entity and their mentions."""
    rows = db.execute(
        "SELECT substr(a.published_utc, 1, 10) AS day, count(*), sum(ae.mentions)"
        " FROM article_entities ae JOIN articles a ON a.id = ae.article_id"
        " WHERE ae.entity_id = ? AND a.published_utc IS NOT NULL GROUP BY day ORDER BY day",
        (entity_id,),
    )
    return [(str(r[0]), int(r[1]), int(r[2])) for r in rows]
