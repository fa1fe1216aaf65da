"""SQL for canonical entities, shared by the SQLite store's write and read paths.

The rules that decide which stored entity an article's name belongs to, and of which type it
is, are in :mod:`warta.corpus.entities`; this module answers its lookups
(:class:`SQLiteEntityLookup`) and reads and writes the tables.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace

from warta.corpus.entities import (
    Candidate,
    Correction,
    article_entities,
    last_word,
    name_key,
    resolve,
    voted_name,
    voted_type,
)
from warta.model import EntityMention
from warta.records import Cooccurrence, Entity, EntityQuery
from warta.store.database import NO_LIMIT, Database, Row
from warta.store.sql import SQL_VARIABLES, article_filters


def index_article(
    db: Database, article_id: str, mentions: Sequence[EntityMention], new: bool = False
) -> None:
    """Record which entities an article mentions, replacing what an older analysis said. Which
    entity each of the article's entities is, :func:`warta.corpus.entities.resolve` decides.
    ``new``: the article was stored just now, so there is nothing to replace (its rows would
    have gone with an earlier article of its id, by the foreign key)."""
    before = [] if new else _forget_mentions(db, article_id)
    lookup = SQLiteEntityLookup(db)
    touched = {int(row[0]) for row in before}
    # The article's rows of article_entities are written together (_write_mentions), not one a
    # group: each statement on that table runs its triggers and copies every page they change
    # for its undo. resolve's lookups do not read the table; folding an entity does, so the
    # rows held are written first.
    held: dict[int, tuple[int, str, str]] = {}
    for group in article_entities(mentions):
        resolution = resolve(group, lookup)
        entity_id = resolution.entity
        if entity_id is None:
            entity_id = db.insert(
                "INSERT INTO entities (type, canonical, canonical_key, last_word)"
                " VALUES (?, ?, ?, ?)",
                (
                    group.type,
                    group.canonical,
                    name_key(group.canonical),
                    last_word(group.canonical),
                ),
            )
        if resolution.absorb:
            _write_mentions(db, article_id, held)
        for gone in resolution.absorb:
            fold_entity(db, entity_id, gone)
        names = dict.fromkeys((resolution.canonical, group.canonical, *resolution.aliases))
        db.executemany(
            "INSERT INTO entity_aliases (entity_id, alias, alias_key, articles) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (entity_id, alias) DO UPDATE"
            " SET articles = entity_aliases.articles + excluded.articles",
            [(entity_id, name, name_key(name), int(name == group.canonical)) for name in names],
        )
        # One row an entity, as ON CONFLICT made it (the first group's type and name, the sum
        # of the mentions): one INSERT may not update a row twice in PostgreSQL.
        count, kind, name = held.get(entity_id, (0, group.type, group.canonical))
        held[entity_id] = (count + group.mentions, kind, name)
        _add_votes(db, entity_id, group.type, group.mentions)
        touched.add(entity_id)
    _write_mentions(db, article_id, held)
    settle_all(db, sorted(touched))
    if not before:
        return
    # Entities only an older analysis of this article knew (a misread name) go, aliases too.
    db.executemany(
        "DELETE FROM entities WHERE id = ?"
        " AND NOT EXISTS (SELECT 1 FROM article_entities WHERE entity_id = ?)",
        [(int(row[0]), int(row[0])) for row in before],
    )


def _forget_mentions(db: Database, article_id: str) -> list[Row]:
    """Delete an article's rows of article_entities and take back their votes and aliases'
    articles; returns the rows (entity id, type, mentions, name)."""
    before = db.execute(
        "SELECT entity_id, type, mentions, name FROM article_entities WHERE article_id = ?",
        (article_id,),
    ).fetchall()
    db.execute("DELETE FROM article_entities WHERE article_id = ?", (article_id,))
    db.executemany(
        "UPDATE entity_votes SET mentions = mentions - ? WHERE entity_id = ? AND type = ?",
        [(int(count), int(entity_id), kind) for entity_id, kind, count, _ in before],
    )
    db.executemany(
        "UPDATE entity_aliases SET articles = articles - 1 WHERE entity_id = ? AND alias = ?",
        [(int(entity_id), name) for entity_id, _, _, name in before],
    )
    return before


#: Rows of article_entities per INSERT: 5 parameters each, within :data:`SQL_VARIABLES`.
_ROWS_PER_INSERT = SQL_VARIABLES // 5


def _write_mentions(db: Database, article_id: str, held: dict[int, tuple[int, str, str]]) -> None:
    """Write an article's rows of article_entities held (entity id: mentions, type, name), in
    one statement for up to :data:`_ROWS_PER_INSERT` of them, and forget them."""
    rows = list(held.items())
    held.clear()
    for start in range(0, len(rows), _ROWS_PER_INSERT):
        chunk = rows[start : start + _ROWS_PER_INSERT]
        db.execute(
            "INSERT INTO article_entities (article_id, entity_id, mentions, type, name) VALUES "
            + ", ".join(["(?, ?, ?, ?, ?)"] * len(chunk))
            + " ON CONFLICT (article_id, entity_id) DO UPDATE"
            " SET mentions = article_entities.mentions + excluded.mentions",
            [
                value
                for entity_id, (mentions, kind, name) in chunk
                for value in (article_id, entity_id, mentions, kind, name)
            ],
        )


def _add_votes(db: Database, entity_id: int, kind: str, mentions: int) -> None:
    db.execute(
        "INSERT INTO entity_votes (entity_id, type, mentions) VALUES (?, ?, ?)"
        " ON CONFLICT (entity_id, type) DO UPDATE"
        " SET mentions = entity_votes.mentions + excluded.mentions",
        (entity_id, kind, mentions),
    )


_MENTIONS = "(SELECT coalesce(sum(mentions), 0) FROM entity_votes WHERE entity_id = e.id)"
# The lookups' statements, written out once: made afresh for each of an article's twenty-odd
# lookups, each was a new string to format, then to hash (all of its 300 to 400 characters)
# to find its prepared statement.
# Two index lookups in a UNION: PostgreSQL answers "canonical_key = ? OR id IN (...)" with a
# scan of every entity.
_CANDIDATE = f"e.id, e.type, e.canonical, {_MENTIONS}, e.canonical_key != ?"
_BY_NAME = (
    f"SELECT {_CANDIDATE} FROM entities e WHERE e.canonical_key = ?"
    f" UNION SELECT {_CANDIDATE} FROM entity_aliases a JOIN entities e ON e.id = a.entity_id"
    " WHERE a.alias_key = ? ORDER BY 1"
)
_PEOPLE_BY_LAST_WORD = (
    f"SELECT e.id, e.type, e.canonical, {_MENTIONS} FROM entities e"
    " WHERE e.type = 'PERSON' AND e.last_word = ?"
)
# A range over the canonical names' index (the keys that start with "word "), not a scan of
# every person through the type's index: "|| ''" keeps SQLite off that one.
_PEOPLE_BY_FIRST_WORD = (
    f"SELECT e.id, e.type, e.canonical, {_MENTIONS} FROM entities e"
    " WHERE e.type || '' = 'PERSON' AND e.canonical_key >= ? AND e.canonical_key < ?"
)


class SQLiteEntityLookup:
    """The lookups :func:`warta.corpus.entities.resolve` decides with."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._corrected: bool | None = None  # whether anyone corrected a name, once asked

    def by_name(self, key: str) -> list[Candidate]:
        rows = self._db.execute(_BY_NAME, (key, key, key, key))
        return [Candidate(int(r[0]), r[1], r[2], int(r[3]), bool(r[4])) for r in rows]

    def people_by_last_word(self, word: str) -> list[Candidate]:
        rows = self._db.execute(_PEOPLE_BY_LAST_WORD, (word,))
        return [Candidate(int(r[0]), r[1], r[2], int(r[3])) for r in rows]

    def people_by_first_word(self, word: str) -> list[Candidate]:
        rows = self._db.execute(_PEOPLE_BY_FIRST_WORD, (word + " ", word + "!"))
        return [Candidate(int(r[0]), r[1], r[2], int(r[3])) for r in rows]

    def correction(self, key: str) -> Correction | None:
        # Asked for every name and alias of an article; most stores have no correction at all.
        if self._corrected is None:
            found = self._db.execute("SELECT EXISTS (SELECT 1 FROM entity_corrections)")
            self._corrected = bool(found.fetchone()[0])
        if not self._corrected:
            return None
        row = self._db.execute(
            "SELECT kind, target_key FROM entity_corrections WHERE name_key = ?"
            " ORDER BY id DESC LIMIT 1",
            (key,),
        ).fetchone()
        return Correction(row[0], row[1]) if row is not None else None


def settle(db: Database, entity_id: int) -> None:
    """Give an entity the type its mentions vote for and the name its articles vote for
    (:func:`warta.corpus.entities.voted_type`, :func:`~warta.corpus.entities.voted_name`); an
    entity stored under that type and name is the same entity and is folded into it."""
    settle_all(db, [entity_id])


def settle_all(db: Database, entity_ids: Sequence[int]) -> None:
    """:func:`settle` each of these entities, in this order; their votes are read in three
    queries for all of them."""
    if not entity_ids:
        return
    ids = json.dumps([int(i) for i in entity_ids])
    stored: dict[int, tuple[str, str]] = {
        int(r[0]): (str(r[1]), str(r[2]))
        for r in db.execute(
            f"SELECT e.id, e.type, e.canonical FROM {db.each('int')} JOIN entities e"
            " ON e.id = j.value",
            (ids,),
        )
    }
    votes: dict[int, dict[str, int]] = {}
    for entity_id, kind, count in db.execute(
        f"SELECT v.entity_id, v.type, v.mentions FROM {db.each('int')} JOIN entity_votes v"
        " ON v.entity_id = j.value",
        (ids,),
    ):
        votes.setdefault(int(entity_id), {})[str(kind)] = int(count)
    names: dict[int, list[tuple[str, int]]] = {}
    for entity_id, alias, count in db.execute(
        f"SELECT a.entity_id, a.alias, a.articles FROM {db.each('int')} JOIN entity_aliases a"
        " ON a.entity_id = j.value WHERE a.articles > 0 ORDER BY a.entity_id, a.alias",
        (ids,),
    ):
        names.setdefault(int(entity_id), []).append((str(alias), int(count)))
    folded: set[int] = set()
    for entity_id in entity_ids:
        if entity_id in folded or entity_id not in stored:
            continue
        if folded:  # an earlier entity of these took others in: read this one again
            _settle_one(db, entity_id, folded)
            continue
        row = stored[entity_id]
        folded |= _settle_to(db, entity_id, row, votes.get(entity_id, {}), names.get(entity_id, []))


def _settle_one(db: Database, entity_id: int, folded: set[int]) -> None:
    row = db.execute("SELECT type, canonical FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if row is None:
        return
    votes = {
        str(kind): int(count)
        for kind, count in db.execute(
            "SELECT type, mentions FROM entity_votes WHERE entity_id = ?", (entity_id,)
        )
    }
    names = [
        (str(alias), int(count))
        for alias, count in db.execute(
            "SELECT alias, articles FROM entity_aliases WHERE entity_id = ? AND articles > 0"
            " ORDER BY alias",
            (entity_id,),
        )
    ]
    folded |= _settle_to(db, entity_id, (str(row[0]), str(row[1])), votes, names)


def _settle_to(
    db: Database,
    entity_id: int,
    row: tuple[str, str],
    votes: dict[str, int],
    names: list[tuple[str, int]],
) -> set[int]:
    """Settle one entity from its votes; the ids of the entities folded into it."""
    canonical = voted_name(row[0], names) or row[1]
    kind = voted_type(canonical, votes)
    if (kind, canonical) == (row[0], row[1]):
        return set()
    folded: set[int] = set()
    for (other,) in db.execute(
        "SELECT id FROM entities WHERE type = ? AND canonical = ? AND id != ?",
        (kind, canonical, entity_id),
    ).fetchall():
        fold_entity(db, entity_id, int(other))
        folded.add(int(other))
    db.execute(
        "UPDATE entities SET type = ?, canonical = ?, canonical_key = ?, last_word = ?"
        " WHERE id = ?",
        (kind, canonical, name_key(canonical), last_word(canonical), entity_id),
    )
    return folded


def fold_entity(db: Database, keep: int, gone: int) -> None:
    """Make entity ``gone`` part of entity ``keep``: its articles, aliases and votes."""
    if keep == gone:
        return
    db.execute(
        "INSERT INTO article_entities (article_id, entity_id, mentions, type, name)"
        " SELECT article_id, ?, mentions, type, name FROM article_entities WHERE entity_id = ?"
        " ON CONFLICT (article_id, entity_id) DO UPDATE"
        " SET mentions = article_entities.mentions + excluded.mentions",
        (keep, gone),
    )
    db.execute(
        "INSERT INTO entity_aliases (entity_id, alias, alias_key, articles)"
        " SELECT ?, alias, alias_key, articles FROM entity_aliases WHERE entity_id = ?"
        " ON CONFLICT (entity_id, alias) DO UPDATE"
        " SET articles = entity_aliases.articles + excluded.articles",
        (keep, gone),
    )
    for kind, count in db.execute(
        "SELECT type, mentions FROM entity_votes WHERE entity_id = ?", (gone,)
    ).fetchall():
        _add_votes(db, keep, kind, int(count))
    db.execute("DELETE FROM entities WHERE id = ?", (gone,))


def record_correction(db: Database, kind: str, name: str, target: str | None, made_at: str) -> None:
    db.execute(
        "INSERT INTO entity_corrections (kind, name_key, target_key, made_at) VALUES (?, ?, ?, ?)",
        (kind, name_key(name), name_key(target) if target else None, made_at),
    )


def entity_article_ids(db: Database, entity_ids: Sequence[int]) -> list[str]:
    """Ids of the articles that mention any of these entities."""
    return [
        str(row[0])
        for row in db.execute(
            "SELECT DISTINCT article_id FROM article_entities"
            f" WHERE entity_id IN (SELECT value FROM {db.each('int')}) ORDER BY article_id",
            (json.dumps(list(entity_ids)),),
        )
    ]


def _entity_filters(db: Database, query: EntityQuery) -> tuple[list[str], list[object], bool]:
    """The WHERE clauses of a query's filters on entities ``e`` and articles ``a``, their
    parameters, and whether they count over every article (then the counts the triggers keep
    answer, with no article joined)."""
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
        clauses.append(f"a.id IN (SELECT value FROM {db.each()})")
        params.append(json.dumps(list(query.article_ids)))
    every = (
        query.outlet is None
        and query.since is None
        and query.until is None
        and query.article_ids is None
    )
    return clauses, params, every


def list_entities(db: Database, query: EntityQuery) -> list[Entity]:
    """Entities with their mention and article counts, most mentioned first."""
    clauses, params, every = _entity_filters(db, query)
    page = [query.limit if query.limit is not None else NO_LIMIT, query.offset]
    if every:
        # Over every article: the counts the triggers keep, read in the order of an index.
        clauses.append("e.articles > 0")
        rows = db.execute(
            "SELECT e.id, e.type, e.canonical, e.mentions, e.articles FROM entities e"
            f" WHERE {' AND '.join(clauses)}"
            " ORDER BY e.mentions DESC, e.canonical LIMIT ? OFFSET ?",
            [*params, *page],
        ).fetchall()
    else:
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = db.execute(
            "SELECT e.id, e.type, e.canonical, sum(ae.mentions), count(*)"
            " FROM article_entities ae JOIN entities e ON e.id = ae.entity_id"
            f" JOIN articles a ON a.id = ae.article_id {where}"
            " GROUP BY e.id ORDER BY sum(ae.mentions) DESC, e.canonical LIMIT ? OFFSET ?",
            [*params, *page],
        ).fetchall()
    found = [Entity(int(r[0]), r[1], r[2], [], int(r[3]), int(r[4])) for r in rows]
    by_id = {entity.id: entity for entity in found}
    ids = list(by_id)
    # An alias is a name, however its articles wrote its case ("AS" and "As", "Bali" and
    # "bali"): each is listed once, in the form most articles wrote, and not at all when it is
    # the canonical name in another case.
    forms: dict[tuple[int, str], tuple[int, str, bool]] = {}
    for start in range(0, len(ids), SQL_VARIABLES):
        chunk = ids[start : start + SQL_VARIABLES]
        for entity_id, alias, key, articles, shared in db.execute(
            "SELECT a.entity_id, a.alias, a.alias_key, a.articles, EXISTS (SELECT 1"
            " FROM entity_aliases o WHERE o.alias_key = a.alias_key"
            " AND o.entity_id != a.entity_id)"
            f" FROM entity_aliases a WHERE a.entity_id IN ({','.join('?' * len(chunk))})"
            " ORDER BY a.alias",
            chunk,
        ):
            if key == name_key(by_id[entity_id].canonical):
                continue
            best = forms.get((entity_id, key))
            if best is None or int(articles) > best[0]:
                forms[entity_id, key] = (int(articles), str(alias), bool(shared))
    for (entity_id, _), (_, alias, shared) in sorted(forms.items(), key=lambda f: f[1][1]):
        by_id[entity_id].aliases.append(alias)
        if shared:
            by_id[entity_id].ambiguous.append(alias)
    return found


def count_entities(db: Database, query: EntityQuery) -> int:
    """How many entities :func:`list_entities` lists for the query, without its page."""
    clauses, params, every = _entity_filters(db, query)
    if every:
        clauses.append("e.articles > 0")
        sql = f"SELECT count(*) FROM entities e WHERE {' AND '.join(clauses)}"
    else:
        sql = (
            "SELECT count(DISTINCT ae.entity_id) FROM article_entities ae"
            " JOIN entities e ON e.id = ae.entity_id JOIN articles a ON a.id = ae.article_id"
            f" WHERE {' AND '.join(clauses)}"
        )
    return int(db.execute(sql, params).fetchone()[0])


def entity_activity(db: Database, entity_id: int) -> list[tuple[str, int, int]]:
    """Per publication day (UTC), the articles mentioning an entity and their mentions: read
    from the counts the database's triggers keep (SQLite migration 13, PostgreSQL 5)."""
    rows = db.execute(
        "SELECT day, articles, mentions FROM entity_days WHERE entity_id = ? AND articles > 0"
        " ORDER BY day",
        (entity_id,),
    )
    return [(str(r[0]), int(r[1]), int(r[2])) for r in rows]


#: An entity's co-occurrences are counted over its latest articles, this many at most: an
#: entity of tens of thousands of articles (a country) is answered as quickly as a small one.
COOCCURRENCE_ARTICLES = 5_000


def cooccurring(db: Database, entity_id: int, limit: int) -> list[Cooccurrence]:
    """The entities most often mentioned in the articles that mention ``entity_id``, most
    articles first, over the entity's latest :data:`COOCCURRENCE_ARTICLES` articles."""
    rows = db.execute(
        "SELECT e.id, e.canonical, e.type, t.n, t.stories FROM (SELECT other.entity_id AS id,"
        " count(*) AS n, count(DISTINCT sa.story_id) AS stories"
        " FROM (SELECT ae.article_id FROM article_entities ae JOIN articles a"
        " ON a.id = ae.article_id WHERE ae.entity_id = ? ORDER BY a.rowid DESC LIMIT ?) mine"
        " JOIN article_entities other ON other.article_id = mine.article_id"
        " LEFT JOIN story_articles sa ON sa.article_id = mine.article_id"
        " WHERE other.entity_id != ?"
        " GROUP BY other.entity_id ORDER BY n DESC, other.entity_id LIMIT ?) t"
        " JOIN entities e ON e.id = t.id ORDER BY t.n DESC, e.id",
        (entity_id, COOCCURRENCE_ARTICLES, entity_id, limit),
    )
    return [Cooccurrence(int(r[0]), str(r[1]), str(r[2]), int(r[3]), int(r[4])) for r in rows]


def entities_of_articles(
    db: Database, article_ids: Sequence[str]
) -> dict[str, list[tuple[int, str, str, int]]]:
    """Each article's canonical entities: (entity id, canonical name, type, mentions), most
    mentioned first."""
    found: dict[str, list[tuple[int, str, str, int]]] = {}
    rows = db.execute(
        "SELECT ae.article_id, e.id, e.canonical, e.type, ae.mentions FROM article_entities ae"
        f" JOIN entities e ON e.id = ae.entity_id WHERE ae.article_id IN"
        f" (SELECT value FROM {db.each()}) ORDER BY ae.article_id, ae.mentions DESC, e.id",
        (json.dumps(list(article_ids)),),
    )
    for article, entity, canonical, kind, mentions in rows:
        found.setdefault(str(article), []).append(
            (int(entity), str(canonical), str(kind), int(mentions))
        )
    return found


def pair_articles(db: Database, first: int, second: int, limit: int) -> list[str]:
    """The ids of the articles that mention both entities, newest first."""
    rows = db.execute(
        "SELECT a.id FROM article_entities x JOIN article_entities y"
        " ON y.article_id = x.article_id AND y.entity_id = ?"
        " JOIN articles a ON a.id = x.article_id WHERE x.entity_id = ?"
        " ORDER BY a.published_utc IS NULL, a.published_utc DESC, a.id LIMIT ?",
        (second, first, limit),
    )
    return [str(row[0]) for row in rows]


def count_pair_articles(db: Database, first: int, second: int) -> int:
    """How many articles mention both entities: the total :func:`pair_articles` pages through."""
    row = db.execute(
        "SELECT count(*) FROM article_entities x JOIN article_entities y"
        " ON y.article_id = x.article_id AND y.entity_id = ?"
        " JOIN articles a ON a.id = x.article_id WHERE x.entity_id = ?",
        (second, first),
    ).fetchone()
    return int(row[0])


def entity_network(
    db: Database, query: EntityQuery, nodes: int, least: int, around: int | None = None
) -> tuple[list[Entity], list[tuple[int, int, int, int]]]:
    """Who appears with whom: the ``nodes`` most mentioned entities over the query's articles
    (its type, outlet, dates, story), or with ``around`` the entity and the ``nodes`` - 1
    entities mentioned most often with it; and each pair of them mentioned together in at
    least ``least`` of those articles: (entity, entity, articles, stories), lower id first."""
    if around is None:
        entities = list_entities(db, replace(query, limit=nodes, offset=0))
    else:
        chosen = [around, *(other.id for other in cooccurring(db, around, max(nodes - 1, 0)))]
        entities = [found for key in chosen for found in list_entities(db, EntityQuery(id=key))]
    ids = json.dumps([entity.id for entity in entities])
    clauses, params = article_filters(query.outlet, query.since, query.until, table="a.")
    if query.article_ids is not None:
        clauses.append(f"a.id IN (SELECT value FROM {db.each(alias='s')})")
        params.append(json.dumps(list(query.article_ids)))
    scope = " AND ".join(["1 = 1", *clauses])
    rows = db.execute(
        "SELECT x.entity_id, y.entity_id, count(*) AS n, count(DISTINCT sa.story_id)"
        " FROM article_entities x JOIN article_entities y"
        " ON y.article_id = x.article_id AND y.entity_id > x.entity_id"
        " JOIN articles a ON a.id = x.article_id"
        " LEFT JOIN story_articles sa ON sa.article_id = x.article_id"
        f" WHERE x.entity_id IN (SELECT value FROM {db.each('int', alias='n1')})"
        f" AND y.entity_id IN (SELECT value FROM {db.each('int', alias='n2')}) AND {scope}"
        " GROUP BY x.entity_id, y.entity_id HAVING count(*) >= ?"
        " ORDER BY n DESC, x.entity_id, y.entity_id",
        [ids, ids, *params, least],
    )
    return entities, [(int(r[0]), int(r[1]), int(r[2]), int(r[3])) for r in rows]
