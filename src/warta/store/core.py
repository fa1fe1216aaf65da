"""The store's logic, written once over any backend's :class:`~warta.store.database.Database`:
articles, their inputs and refusals, template line statistics, owed work, entities, quotes,
stories and search."""

from __future__ import annotations

import json
import logging
from collections import Counter, OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import chain

from warta.corpus.entities import name_key
from warta.errors import InputRejected, StoreBusy, StoreError
from warta.model import Article, RawDocument
from warta.records import (
    ArticleQuery,
    ArticleTimes,
    AttentionQuery,
    Cooccurrence,
    Entity,
    EntityQuery,
    Features,
    LineEvidence,
    OutletSummary,
    Placement,
    QuoteQuery,
    QuoteRecord,
    Reject,
    SearchQuery,
    SearchResult,
    StoreMark,
    StoryDetail,
    StoryQuery,
    StorySummary,
    WriteOutcome,
    check_filters,
)
from warta.store.attention import attention
from warta.store.database import NO_LIMIT, Database
from warta.store.entities import (
    cooccurring,
    count_entities,
    count_pair_articles,
    entities_of_articles,
    entity_activity,
    entity_article_ids,
    entity_network,
    fold_entity,
    index_article,
    list_entities,
    pair_articles,
    record_correction,
    settle,
)
from warta.store.outlets import (
    cited_sources,
    list_outlets,
    outlet_copies,
    outlet_days,
    outlet_wires,
)
from warta.store.quotes import count_quotes, index_quotes, list_quotes
from warta.store.search import search
from warta.store.sources import SourceMethods
from warta.store.sql import SQL_VARIABLES, STORY_ARTICLES, article_filters, rows_in
from warta.store.stories import SQLStoryIndex
from warta.store.story_queries import (
    count_stories,
    get_story,
    list_stories,
    story_article_ids,
    story_days,
)
from warta.timestamps import to_utc

log = logging.getLogger(__name__)

#: How long saving a story's products (a cache, written while reading) waits for a writer.
PRODUCTS_WAIT_SECONDS = 0.2

#: Articles remembered per outlet line: the ones stored before the line was known as template,
#: which are analysed again when it becomes one (TEMPLATE_MIN_ARTICLES - 1 of them for a short
#: line; prose lines need TEMPLATE_MIN_PROSE_ARTICLES).
TRACKED_ARTICLES_PER_LINE = 10

_ORDER = {
    "newest": "published_utc IS NULL, published_utc DESC, id",
    "oldest": "published_utc IS NULL, published_utc ASC, id",
    "ingested": "ingested_at ASC, rowid ASC",
    "latest": "coalesce(published_utc, ingested_at) DESC, id",
}


class SQLStore(SourceMethods):
    """A :class:`~warta.records.Store` over a backend's :class:`~warta.store.database.Database`
    (:class:`~warta.store.sqlite.SQLiteStore`, :class:`~warta.store.postgres.PostgresStore`).

    Args:
        db: the open connection; its schema is created or migrated here.
    """

    def __init__(self, db: Database) -> None:
        self._db = db
        self._features: OrderedDict[str, Features] = OrderedDict()
        try:
            db.migrate()
        except BaseException:
            db.close()
            raise

    def __enter__(self) -> SQLStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def schema_version(self) -> int:
        return self._db.schema_version()

    def write(
        self,
        articles: Sequence[tuple[Article, RawDocument]],
        rejects: Sequence[InputRejected],
        unchanged_origins: Sequence[str] = (),
        line_evidence: Mapping[str, Sequence[LineEvidence]] | None = None,
        template_baselines: Mapping[str, frozenset[str]] | None = None,
    ) -> list[WriteOutcome | InputRejected]:
        now = _now()
        outcomes: list[WriteOutcome | InputRejected] = []
        with self._transaction(small_steps=True):
            for article, raw in articles:
                outcome = self._write_one(article, raw, now, line_evidence or {})
                outcomes.append(outcome)
                if isinstance(outcome, InputRejected):
                    self._write_reject(outcome, now)
                elif outcome == "updated":
                    self._owe("features", [article.id])
            for outlet, keys in (template_baselines or {}).items():
                self._db.execute(  # the first baseline stays: a killed run's is kept
                    "INSERT INTO pending_work (kind, key, data) VALUES (?, ?, ?)"
                    " ON CONFLICT DO NOTHING",
                    ("templates", outlet, json.dumps(sorted(keys), ensure_ascii=False)),
                )
            for origin in unchanged_origins:
                self._forget_rejects(origin)
            for rejected in rejects:
                self._write_reject(rejected, now)
        return outcomes

    def _write_one(
        self,
        article: Article,
        raw: RawDocument,
        now: str,
        line_evidence: Mapping[str, Sequence[LineEvidence]],
    ) -> WriteOutcome | InputRejected:
        """Write one article inside the batch's transaction, or refuse it: what one article
        cannot be stored as is its own fault, and the rest of the batch is written. Errors of
        the database itself (locked, full, unreadable) end the batch."""
        self._db.execute("SAVEPOINT article")
        try:
            outcome = self._write_article(article, raw, now)
            if outcome == "added" and article.outlet:
                evidence = line_evidence.get(article.id, ())
                self._count_lines(article.outlet, article.id, evidence)
        except self._db.fatal_errors:
            self._db.execute("ROLLBACK TO article")
            self._db.execute("RELEASE article")
            raise
        except Exception as exc:
            log.debug("cannot store %s", raw.origin, exc_info=True)
            self._db.execute("ROLLBACK TO article")
            self._db.execute("RELEASE article")
            return InputRejected(raw.origin, f"could not be stored ({type(exc).__name__}: {exc})")
        self._db.execute("RELEASE article")
        return outcome

    @contextmanager
    def _transaction(
        self, changes: bool = True, wait: float | None = None, small_steps: bool = False
    ) -> Iterator[None]:
        """One write transaction (:meth:`Database.transaction`); one that ``changes`` what
        Warta shows moves the store's generation on."""
        with self._db.transaction(wait, small_steps):
            yield
            if changes:
                self._db.execute("UPDATE generation SET value = value + 1")

    def _write_article(self, article: Article, raw: RawDocument, now: str) -> WriteOutcome:
        row = self._db.execute(
            "SELECT content_hash FROM articles WHERE id = ?", (article.id,)
        ).fetchone()
        if row is not None and row["content_hash"] == article.content_hash:
            self._forget_rejects(raw.origin)
            return "unchanged"
        values = (
            article.url,
            article.outlet,
            article.title,
            article.published,
            to_utc(article.published),
            article.content_hash,
            json.dumps(article.to_dict(), ensure_ascii=False),
            raw.origin,
            now,
        )
        if row is None:
            added = self._db.insert(
                "INSERT INTO articles (url, outlet, title, published, published_utc,"
                " content_hash, document, origin, updated_at, ingested_at, id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [*values, now, article.id],
                key="rowid",
            )
            self._index_search(article, added)
        else:
            self._db.execute(
                "UPDATE articles SET url = ?, outlet = ?, title = ?, published = ?,"
                " published_utc = ?, content_hash = ?, document = ?, origin = ?,"
                " updated_at = ?, revision = revision + 1 WHERE id = ?",
                [*values, article.id],
            )
            self._index_search(article)
            self._drop_products(article.id)
        self._db.execute(
            "INSERT INTO raw_documents (article_id, origin, format, encoding, text, html,"
            " given_id, url, outlet, title, published, author)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET"
            " origin = excluded.origin, format = excluded.format, encoding = excluded.encoding,"
            " text = excluded.text, html = excluded.html, given_id = excluded.given_id,"
            " url = excluded.url, outlet = excluded.outlet, title = excluded.title,"
            " published = excluded.published, author = excluded.author",
            (
                article.id, raw.origin, raw.format, raw.encoding, raw.text, raw.html, raw.id,
                raw.url, raw.outlet, raw.title, raw.published, raw.author,
            ),
        )  # fmt: skip
        # a new article's id had no rows of entities or quotes: they went with its article
        index_article(self._db, article.id, article.entities, new=row is None)
        index_quotes(self._db, article.id, article.quotes, new=row is None)
        self._keep_stems(article)
        self._forget_rejects(raw.origin)
        return "added" if row is None else "updated"

    def _keep_stems(self, article: Article) -> None:
        """Keep the stems its analysis had to compute (``ArticleWords.new_stems``)."""
        if article.words is not None and article.words.new_stems:
            self._db.executemany(
                "INSERT INTO stems (word, stem) VALUES (?, ?) ON CONFLICT DO NOTHING",
                list(article.words.new_stems),
            )

    def learned_stems(self, limit: int) -> list[tuple[str, str]]:
        rows = self._db.execute("SELECT word, stem FROM stems LIMIT ?", (limit,))
        return [(str(row[0]), str(row[1])) for row in rows]

    def _count_lines(self, outlet: str, article_id: str, evidence: Sequence[LineEvidence]) -> None:
        self._db.execute(
            "INSERT INTO outlets (outlet, articles) VALUES (?, 1)"
            " ON CONFLICT (outlet) DO UPDATE SET articles = outlets.articles + 1",
            (outlet,),
        )
        self._db.executemany(
            "INSERT INTO outlet_lines (outlet, line_key, text, prose, first_articles)"
            " VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (outlet, line_key) DO UPDATE SET articles = outlet_lines.articles + 1,"
            " first_articles = CASE WHEN outlet_lines.articles < ? THEN"
            " outlet_lines.first_articles || ',' || excluded.first_articles"
            " ELSE outlet_lines.first_articles END",
            [
                (outlet, key, text, int(prose), article_id, TRACKED_ARTICLES_PER_LINE)
                for key, text, prose in evidence
            ],
        )

    def template_keys(
        self, outlet: str, min_articles: int, min_prose_articles: int, min_prose_share: float
    ) -> frozenset[str]:
        rows = self._db.execute(
            "SELECT line_key FROM outlet_lines JOIN outlets USING (outlet)"
            " WHERE outlet = ? AND outlet_lines.articles >= ? AND (prose = 0 OR"
            " (outlet_lines.articles >= ? AND outlet_lines.articles >= ? * outlets.articles))",
            (outlet, min_articles, min_prose_articles, min_prose_share),
        )
        return frozenset(row[0] for row in rows)

    def articles_with_lines(self, outlet: str, keys: Sequence[str]) -> list[str]:
        ids: dict[str, None] = {}
        for start in range(0, len(keys), SQL_VARIABLES):
            chunk = list(keys[start : start + SQL_VARIABLES])
            marks = ",".join("?" * len(chunk))
            for row in self._db.execute(
                "SELECT first_articles FROM outlet_lines"
                f" WHERE outlet = ? AND line_key IN ({marks})",
                [outlet, *chunk],
            ):
                ids.update(dict.fromkeys(row[0].split(",")))
        return list(ids)

    @contextmanager
    def story_index(self) -> Iterator[SQLStoryIndex]:
        try:
            # small steps: an article placed changes a few rows of each table, and the undo of
            # its statements kept in temporary files took 130,000 writes for 1,000 articles
            with self._transaction(small_steps=True):
                index = SQLStoryIndex(self._db, self._features)
                yield index
                index.write_counts()
        except BaseException:
            self._features.clear()  # it may hold features the rollback took back
            raise

    def replace_analysis(self, articles: Sequence[Article], refeature: bool = False) -> None:
        now = _now()
        rows = [
            (
                a.title,
                a.outlet,
                a.published,
                to_utc(a.published),
                json.dumps(a.to_dict(), ensure_ascii=False),
                now,
                a.id,
            )
            for a in articles
        ]
        with self._transaction():
            self._db.executemany(
                "UPDATE articles SET title = ?, outlet = ?, published = ?,"
                " published_utc = ?, document = ?, updated_at = ? WHERE id = ?",
                rows,
            )
            for article in articles:
                index_article(self._db, article.id, article.entities)
                index_quotes(self._db, article.id, article.quotes)
                self._index_search(article)
                self._drop_products(article.id)
            if refeature:
                self._owe("features", [a.id for a in articles])

    def _owe(self, kind: str, keys: Sequence[str]) -> None:
        self._db.executemany(
            "INSERT INTO pending_work (kind, key) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [(kind, key) for key in keys],
        )

    def pending_work(self, kind: str) -> dict[str, str]:
        rows = self._db.execute("SELECT key, data FROM pending_work WHERE kind = ?", (kind,))
        return {str(key): str(data) for key, data in rows}

    def work_done(self, kind: str, keys: Sequence[str]) -> None:
        if not keys:
            return
        with self._transaction(changes=False):
            self._db.executemany(
                "DELETE FROM pending_work WHERE kind = ? AND key = ?", [(kind, k) for k in keys]
            )

    def _drop_products(self, article_id: str) -> None:
        """Forget the products of the story of an article whose text or analysis changed."""
        self._db.execute(
            "DELETE FROM story_products WHERE story_id ="
            " (SELECT story_id FROM story_articles WHERE article_id = ?)",
            (article_id,),
        )

    def _index_search(self, article: Article, rowid: int | None = None) -> None:
        if rowid is None:
            found = self._db.execute("SELECT rowid FROM articles WHERE id = ?", (article.id,))
            rowid = int(found.fetchone()[0])
        # Here, not at the top: the commands that only read do not load NumPy (through the
        # MinHash signatures) to start.
        from warta.corpus.words import words_of  # noqa: PLC0415

        words = words_of(article)
        body = words.search_body
        # joined from the paragraphs' tuples in C (chain, map), not a generator step per word
        # of the body: every article written goes through it
        self._db.index_search(
            rowid,
            " ".join(map(str, map(len, body))),
            words.search_title,
            " ".join(chain.from_iterable(body)),
        )

    def search(self, query: SearchQuery) -> SearchResult:
        return search(self._db, query)

    def cached_products(self, story_id: int) -> tuple[str, str] | None:
        row = self._db.execute(
            "SELECT key, data FROM story_products WHERE story_id = ?", (story_id,)
        ).fetchone()
        return (str(row[0]), str(row[1])) if row else None

    def generation(self) -> int:
        return int(self._db.execute("SELECT value FROM generation").fetchone()[0])

    def save_products(self, story_id: int, key: str, data: str) -> None:
        # products are a cache: a reader does not wait for an ingest to keep them
        try:
            with self._transaction(changes=False, wait=PRODUCTS_WAIT_SECONDS):
                self._db.execute(
                    "INSERT INTO story_products (story_id, key, data, built_at)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT (story_id) DO UPDATE SET"
                    " key = excluded.key, data = excluded.data, built_at = excluded.built_at",
                    (story_id, key, data, _now()),
                )
        except StoreBusy:
            log.info("story %d's products not kept: the database is busy", story_id)

    def stored_hashes(self, article_ids: Sequence[str]) -> dict[str, str]:
        sql = "SELECT id, content_hash FROM articles WHERE id IN ({marks})"
        found = {row["id"]: row["content_hash"] for row in rows_in(self._db, sql, article_ids)}
        return found

    def _forget_rejects(self, origin: str) -> None:
        """An input that now reads fine is no longer refused."""
        self._db.execute("DELETE FROM rejects WHERE origin = ?", (origin,))

    def _write_reject(self, rejected: InputRejected, now: str) -> None:
        origin, reason = _storable(rejected.origin), _storable(rejected.reason)
        self._db.execute(
            "INSERT INTO rejects (origin, reason, kind, first_seen, last_seen)"
            " VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (origin) DO UPDATE SET reason = excluded.reason,"
            " kind = excluded.kind, last_seen = excluded.last_seen, times = rejects.times + 1",
            (origin, reason, type(rejected).__name__, now, now),
        )

    def get_article(self, article_id: str) -> Article | None:
        row = self._db.execute(
            "SELECT document FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None and article_id:
            rows = self._db.execute(
                "SELECT document FROM articles WHERE id >= ? AND id < ? LIMIT 2",
                (article_id, article_id + "\U0010ffff"),
            ).fetchall()
            row = rows[0] if len(rows) == 1 else None
        return Article.from_dict(json.loads(row["document"])) if row else None

    def get_articles(self, article_ids: Sequence[str]) -> dict[str, Article]:
        sql = "SELECT id, document FROM articles WHERE id IN ({marks})"
        return {
            row["id"]: Article.from_dict(json.loads(row["document"]))
            for row in rows_in(self._db, sql, article_ids)
        }

    def list_articles(self, query: ArticleQuery | None = None) -> Iterator[Article]:
        query = query or ArticleQuery()
        clauses, params = article_filters(query.outlet, query.since, query.until)
        if query.entity is not None:
            clauses.append("id IN (SELECT article_id FROM article_entities WHERE entity_id = ?)")
            params.append(query.entity)
        if query.story is not None:
            clauses.append(f"id IN ({STORY_ARTICLES})")
            params += [query.story, query.story]
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        order = f"ORDER BY {_ORDER[query.order]} LIMIT ? OFFSET ?"
        if query.limit is None:  # every article is read anyway: in one pass, in order
            params += [NO_LIMIT, query.offset]
            for row in self._db.execute(f"SELECT document FROM articles {where} {order}", params):
                yield Article.from_dict(json.loads(row["document"]))
            return
        # A page: its ids first, in the order of an index (or sorting only the ids of the
        # filtered articles), then only those documents; sorting the documents themselves
        # read every stored article's (0.6 s at 100,000).
        params += [query.limit, query.offset]
        ids = [
            str(row[0])
            for row in self._db.execute(f"SELECT id FROM articles {where} {order}", params)
        ]
        found = self.get_articles(ids)
        for article_id in ids:
            if article_id in found:
                yield found[article_id]

    def list_entities(self, query: EntityQuery | None = None) -> list[Entity]:
        return list_entities(self._db, query or EntityQuery())

    def entity_activity(self, entity_id: int) -> list[tuple[str, int, int]]:
        return entity_activity(self._db, entity_id)

    def merge_entities(self, keep: int, gone: int) -> None:
        with self._transaction():
            names = self._db.execute(
                "SELECT (SELECT canonical FROM entities WHERE id = ?),"
                " (SELECT canonical FROM entities WHERE id = ?)",
                (keep, gone),
            ).fetchone()
            if names[0] is None or names[1] is None:
                raise StoreError(f"no entity {keep if names[0] is None else gone}")
            fold_entity(self._db, keep, gone)
            settle(self._db, keep)
            record_correction(self._db, "merge", names[1], names[0], _now())

    def split_entity_name(self, name: str) -> list[str]:
        with self._transaction():
            holders = [entity.id for entity in list_entities(self._db, EntityQuery(name=name))]
            record_correction(self._db, "split", name, None, _now())
            key = name_key(name)
            self._db.execute(
                "DELETE FROM entity_aliases WHERE alias_key = ? AND entity_id IN"
                " (SELECT id FROM entities WHERE canonical_key != ?)",
                (key, key),
            )
            article_ids = entity_article_ids(self._db, holders)
            for article_id, article in self.get_articles(article_ids).items():
                index_article(self._db, article_id, article.entities)
        return article_ids

    def list_quotes(self, query: QuoteQuery | None = None) -> list[QuoteRecord]:
        return list_quotes(self._db, query or QuoteQuery())

    def list_outlets(
        self,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> tuple[int, list[OutletSummary]]:
        check_filters(since, until, limit, offset)
        return list_outlets(self._db, since, until, limit, offset)

    def outlet_days(self, outlet: str) -> list[tuple[str, int]]:
        return outlet_days(self._db, outlet)

    def outlet_copies(self, outlet: str) -> int:
        return outlet_copies(self._db, outlet)

    def cited_sources(self, article_ids: Sequence[str]) -> dict[str, list[str]]:
        return cited_sources(self._db, article_ids)

    def outlet_wires(self, outlet: str) -> Counter[str]:
        return outlet_wires(self._db, outlet)

    def attention(self, query: AttentionQuery) -> list[tuple[str, str | None, int]]:
        return attention(self._db, query)

    def cooccurring(self, entity_id: int, limit: int = 20) -> list[Cooccurrence]:
        return cooccurring(self._db, entity_id, limit)

    def entities_of_articles(
        self, article_ids: Sequence[str]
    ) -> dict[str, list[tuple[int, str, str, int]]]:
        return entities_of_articles(self._db, article_ids)

    def pair_articles(self, first: int, second: int, limit: int = 50) -> list[str]:
        return pair_articles(self._db, first, second, limit)

    def count_pair_articles(self, first: int, second: int) -> int:
        return count_pair_articles(self._db, first, second)

    def entity_network(
        self, query: EntityQuery, nodes: int = 200, least: int = 1, around: int | None = None
    ) -> tuple[list[Entity], list[tuple[int, int, int, int]]]:
        return entity_network(self._db, query, nodes, least, around)

    def list_stories(self, query: StoryQuery | None = None) -> list[StorySummary]:
        return list_stories(self._db, query or StoryQuery())

    def count_stories(self, query: StoryQuery | None = None) -> int:
        return count_stories(self._db, query or StoryQuery())

    def get_story(self, story_id: int) -> StoryDetail | None:
        return get_story(self._db, story_id)

    def story_days(self, story_ids: Sequence[int]) -> dict[int, dict[str, int]]:
        return story_days(self._db, story_ids)

    def story_article_ids(self, story_id: int) -> list[str]:
        return story_article_ids(self._db, story_id)

    def placements(self, article_ids: Sequence[str]) -> dict[str, Placement]:
        return SQLStoryIndex(self._db).placements(article_ids)

    def article_ids_after(self, after: str, limit: int, since: str | None = None) -> list[str]:
        clauses, params = article_filters(None, since, None)
        rows = self._db.execute(
            f"SELECT id FROM articles WHERE {' AND '.join(['id > ?', *clauses])}"
            " ORDER BY id LIMIT ?",
            [after, *params, limit],
        )
        return [str(row[0]) for row in rows]

    def undated_article_ids(self, limit: int) -> list[str]:
        rows = self._db.execute(
            "SELECT id FROM articles WHERE published_utc IS NULL"
            f" AND {self._db.json_text('document', 'published_not_before')} IS NULL"
            " ORDER BY rowid DESC LIMIT ?",
            (limit,),
        )
        return [str(row[0]) for row in rows]

    def entity_neighbours(self, article_id: str, min_shared: int, limit: int) -> list[str]:
        rows = self._db.execute(
            "SELECT b.article_id, count(*) AS shared FROM article_entities a"
            " JOIN entities e ON e.id = a.entity_id AND e.type IN ('PERSON', 'ORG')"
            " JOIN article_entities b ON b.entity_id = a.entity_id AND b.article_id != a.article_id"
            " WHERE a.article_id = ? GROUP BY b.article_id HAVING count(*) >= ?"
            " ORDER BY shared DESC, b.article_id LIMIT ?",
            (article_id, min_shared, limit),
        )
        return [str(row[0]) for row in rows]

    def count_articles(self, query: ArticleQuery | None = None) -> int:
        query = query or ArticleQuery()
        clauses, params = article_filters(query.outlet, query.since, query.until)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        return int(self._db.execute(f"SELECT count(*) FROM articles{where}", params).fetchone()[0])

    def count_entities(self, query: EntityQuery | None = None) -> int:
        return count_entities(self._db, query or EntityQuery())

    def count_quotes(self, query: QuoteQuery | None = None) -> int:
        return count_quotes(self._db, query or QuoteQuery())

    def article_times(self, article_ids: Sequence[str]) -> dict[str, ArticleTimes]:
        sql = "SELECT id, ingested_at, updated_at FROM articles WHERE id IN ({marks})"
        return {
            str(row[0]): ArticleTimes(str(row[1]), str(row[2]))
            for row in rows_in(self._db, sql, article_ids)
        }

    def store_mark(self) -> StoreMark:
        # the time first: whatever is stored once the last article is read is after the mark
        now = _now()
        last = self._db.execute("SELECT max(rowid) FROM articles").fetchone()[0]
        return StoreMark(int(last or 0), now)

    def search_mark(self, name: str) -> tuple[StoreMark, str] | None:
        row = self._db.execute(
            "SELECT stored, marked_at, query FROM search_marks WHERE name = ?", (name,)
        ).fetchone()
        return (StoreMark(int(row[0]), str(row[1])), str(row[2])) if row else None

    def save_search_mark(self, name: str, query: str, mark: StoreMark) -> None:
        with self._transaction(changes=False):  # nothing Warta shows changes
            self._db.execute(
                "INSERT INTO search_marks (name, query, stored, marked_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (name) DO UPDATE SET query = excluded.query,"
                " stored = excluded.stored, marked_at = excluded.marked_at",
                (name, query, mark.stored, mark.time),
            )

    def get_raw(self, article_id: str) -> RawDocument | None:
        row = self._db.execute(
            "SELECT * FROM raw_documents WHERE article_id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return None
        return RawDocument(
            origin=row["origin"], format=row["format"], text=row["text"],
            encoding=row["encoding"], html=row["html"], id=row["given_id"], url=row["url"],
            outlet=row["outlet"], title=row["title"], published=row["published"],
            author=row["author"],
        )  # fmt: skip

    def list_rejects(self) -> list[Reject]:
        rows = self._db.execute("SELECT * FROM rejects ORDER BY last_seen DESC, origin").fetchall()
        return [
            Reject(
                origin=row["origin"],
                reason=row["reason"],
                kind=row["kind"],
                first_seen=row["first_seen"],
                last_seen=row["last_seen"],
                times=row["times"],
            )
            for row in rows
        ]


def _storable(text: str) -> str:
    """Text a database can store: a lone surrogate (from a file name or a JSON escape)
    escaped."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
