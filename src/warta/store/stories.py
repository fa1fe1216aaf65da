"""SQL behind story clustering: the index a new article's candidates come from, and where
stories, events, copies and corrections are kept.

The rules that decide which story an article belongs to are in :mod:`warta.corpus.cluster`;
this module only reads and writes the tables (schema version 5). Every lookup a new article
makes goes through an index (postings by key and day, copy bands by key, placements by article),
so its cost does not grow with the number of stories.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from functools import lru_cache

from warta.corpus.ranking import story_rank
from warta.records import EntityKeys, EventRow, Features, Placement, StoryRow
from warta.store.database import Database, Row
from warta.store.sql import rows_in
from warta.store.story_queries import resolve_story

#: Features kept in memory while clustering: a burst's articles are each other's candidates.
FEATURE_CACHE = 20_000


@lru_cache(maxsize=64)
def _postings_sql(keys: int) -> str:
    """:meth:`SQLStoryIndex.posted_each`'s statement for this many keys (a few dozen at most:
    clustering looks up at most :data:`~warta.corpus.cluster.LOOKUP_KEYS`)."""
    return " UNION ALL ".join(
        f"SELECT {place} AS place, article_id, day FROM (SELECT article_id, day"
        " FROM story_postings WHERE key = ? AND day BETWEEN ? AND ?"
        f" ORDER BY day DESC LIMIT ?) AS before{place}"
        f" UNION ALL SELECT {place}, article_id, day FROM (SELECT article_id, day"
        " FROM story_postings WHERE key = ? AND day > ? AND day <= ?"
        f" ORDER BY day ASC LIMIT ?) AS after{place}"
        for place in range(keys)
    )


class SQLStoryIndex:
    """A :class:`~warta.records.StoryIndex` on a store's open connection; the caller holds
    the transaction, and calls :meth:`write_counts` before it ends."""

    def __init__(self, db: Database, cache: OrderedDict[str, Features] | None = None) -> None:
        self._db = db
        self._counts: dict[str, int] = {}
        # Articles added to each key's count and not written yet (write_counts): one statement
        # per batch of articles and change, not one per article, each row updated once.
        self._unwritten: dict[str, int] = {}
        # Features never change but through drop_features, so the store keeps them from one
        # transaction to the next: a burst's articles are each other's candidates.
        self._features: OrderedDict[str, Features] = OrderedDict() if cache is None else cache
        self._total: int | None = None
        # What each story id names now, until a merge or a deletion changes it (the index lives
        # for one write transaction, so no other writer does): clustering asks it of every
        # candidate's story, again and again.
        self._resolved: dict[int, int | None] = {}
        self._separated: dict[tuple[int, int], bool] = {}  # likewise, until a change of them
        # Whether any two stories are kept apart at all: most stores have no such correction,
        # and clustering asks of about a dozen pairs of stories per article placed.
        self._any_separated: bool | None = None

    # --- features and the inverted index -------------------------------------------------

    def entity_keys(self, article_id: str) -> EntityKeys:
        rows = self._db.execute(
            "SELECT e.canonical, e.type, ae.mentions FROM article_entities ae"
            " JOIN entities e ON e.id = ae.entity_id WHERE ae.article_id = ?",
            (article_id,),
        )
        return {"e:" + str(row[0]).casefold(): (str(row[1]), int(row[2])) for row in rows}

    def article_count(self) -> int:
        if self._total is None:
            self._total = int(self._db.execute("SELECT count(*) FROM story_features").fetchone()[0])
        return self._total

    def key_counts(self, keys: Iterable[str]) -> dict[str, int]:
        counts = self._counts
        # the keys counted already are left out before the rest are made unique (by rows_in):
        # most are, and an article's keys are asked for again and again
        missing = [key for key in keys if key not in counts]
        if not missing:  # the usual case: every key of a stored article was counted already
            return counts
        counts.update(dict.fromkeys(missing, 0))
        # the keys as one JSON array parameter, joined to the table's key: one statement for
        # any number of keys, where an IN list of each length was a statement to compile and
        # a temporary index of its values to build
        rows = self._db.execute(
            f"SELECT c.key, c.articles FROM {self._db.each()} JOIN key_counts c ON c.key = j.value",
            (json.dumps(missing),),
        )
        for row in rows:
            counts[row[0]] = int(row[1])
        return counts

    def save_features(self, features: Features, posted: Sequence[str], day: float) -> None:
        """Store an article's features, post it under ``posted`` keys at ``day``, and count
        its keys in the document frequencies."""
        self.drop_features(features.article_id)
        self._db.execute(
            "INSERT INTO story_features (article_id, day, event_day, terms, entities, lead,"
            " title, quotes, signature, shingles) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                features.article_id, features.day, features.event_day,
                json.dumps(features.terms), json.dumps(features.entities),
                json.dumps(features.lead), json.dumps(features.title),
                json.dumps(sorted(features.quotes)),
                features.signature.astype("<u4").tobytes(), features.shingles,
            ),
        )  # fmt: skip
        # One statement per table, the keys as a JSON array: a round trip per key would be
        # most of a write's time on a database server.
        self._db.execute(
            self._db.insert_new(
                "INSERT INTO story_postings (key, day, article_id) SELECT value, ?, ?"
                f" FROM {self._db.each()}"
            ),
            (day, features.article_id, json.dumps(list(dict.fromkeys(posted)))),
        )
        keys = list(dict.fromkeys(features.keys()))
        # cached before the change, so the counts read later are the ones changed; a key read
        # from the table is never one whose count is unwritten
        counts = self.key_counts(keys)
        total = self.article_count()
        unwritten = self._unwritten
        for key in keys:
            counts[key] += 1
            unwritten[key] = unwritten.get(key, 0) + 1
        self._total = total + 1
        self._remember(features)

    def drop_features(self, article_id: str) -> None:
        """Forget an article's features (before a new analysis of it is stored)."""
        self._features.pop(article_id, None)  # what the database holds, not a cache
        old = self.features([article_id]).get(article_id)
        if old is None:
            return
        keys = list(dict.fromkeys(old.keys()))
        self.key_counts(keys)  # cached before the update, so the update is counted once
        total = self.article_count()
        self.write_counts()  # an article stored and dropped in one transaction is counted
        self._db.execute(
            "UPDATE key_counts SET articles = articles - 1"
            f" WHERE key IN (SELECT value FROM {self._db.each()})",
            (json.dumps(keys),),
        )
        for key in keys:
            self._counts[key] -= 1
        self._db.execute("DELETE FROM story_postings WHERE article_id = ?", (article_id,))
        self._db.execute("DELETE FROM copy_bands WHERE article_id = ?", (article_id,))
        self._db.execute("DELETE FROM story_features WHERE article_id = ?", (article_id,))
        self._features.pop(article_id, None)
        self._total = total - 1

    def write_counts(self) -> None:
        """Write the key counts that articles stored since changed (before the transaction
        ends): one statement per number of articles added, each key's row updated once. A
        statement per article, updating its hundred keys' rows, was about 8% of clustering's
        time (0.23 s of 3.1 s for 1,000 articles in bench/cpu.py)."""
        by_change: dict[int, list[str]] = {}
        for key, change in self._unwritten.items():
            by_change.setdefault(change, []).append(key)
        self._unwritten.clear()
        for change, keys in sorted(by_change.items()):
            self._db.execute(
                "INSERT INTO key_counts (key, articles)"
                f" SELECT value, ? FROM {self._db.each()} WHERE TRUE ON CONFLICT (key)"
                " DO UPDATE SET articles = key_counts.articles + excluded.articles",
                (change, json.dumps(keys)),
            )

    def features(self, article_ids: Sequence[str]) -> dict[str, Features]:
        found = {i: self._features[i] for i in article_ids if i in self._features}
        missing = [i for i in article_ids if i not in found]
        sql = "SELECT * FROM story_features WHERE article_id IN ({marks})"
        for row in rows_in(self._db, sql, missing):
            features = _features(row)
            found[features.article_id] = features
            self._remember(features)
        return found

    def _remember(self, features: Features) -> None:
        self._features[features.article_id] = features
        self._features.move_to_end(features.article_id)
        while len(self._features) > FEATURE_CACHE:
            self._features.popitem(last=False)

    def posted(self, key: str, day: float | None, window: float, limit: int) -> list[str]:
        """Articles posted under a key within ``window`` days of ``day`` (the latest ones when
        ``day`` is None), nearest first: two range scans of the index (in one query), never a
        sort."""
        if day is None:
            rows = self._db.execute(
                "SELECT article_id, day FROM story_postings WHERE key = ?"
                " ORDER BY day DESC LIMIT ?",
                (key, limit),
            ).fetchall()
            return [str(row[0]) for row in rows]
        rows = self._db.execute(
            "SELECT article_id, day FROM (SELECT article_id, day FROM story_postings"
            " WHERE key = ? AND day BETWEEN ? AND ? ORDER BY day DESC LIMIT ?) AS before"
            " UNION ALL SELECT article_id, day FROM (SELECT article_id, day FROM story_postings"
            " WHERE key = ? AND day > ? AND day <= ? ORDER BY day ASC LIMIT ?) AS after",
            (key, day - window, day, limit, key, day, day + window, limit),
        ).fetchall()
        nearest = sorted(rows, key=lambda row: (abs(row[1] - day), row[0]))
        return [str(row[0]) for row in nearest[:limit]]

    def posted_each(
        self, keys: Sequence[str], day: float | None, window: float, limit: int
    ) -> list[list[str]]:
        """:meth:`posted` for each of ``keys``, in one statement: the same two range scans per
        key, each row tagged with its key's place. A statement per key (twenty for an article
        placed) cost twice as much, mostly in the round trips."""
        if day is None or not keys:  # undated: rare, and each key's scan is already one
            return [self.posted(key, day, window, limit) for key in keys]
        params: list[object] = []
        for key in keys:
            params += (key, day - window, day, limit, key, day, day + window, limit)
        found: list[list[tuple[float, str]]] = [[] for _ in keys]
        for row in self._db.execute(_postings_sql(len(keys)), params):
            found[row[0]].append((abs(row[2] - day), str(row[1])))
        return [[other for _, other in sorted(rows)[:limit]] for rows in found]

    def save_bands(self, article_id: str, keys: Sequence[int]) -> None:
        if not keys:
            return
        # one statement of all its bands, not one a band
        self._db.execute(
            self._db.insert_new(
                "INSERT INTO copy_bands (band, key, article_id) VALUES "
                + ", ".join(["(?, ?, ?)"] * len(keys))
            ),
            [value for band, key in enumerate(keys) for value in (band, key, article_id)],
        )

    def band_matches(self, keys: Sequence[int]) -> list[str]:
        if not keys:
            return []
        pairs = " OR ".join(["(band = ? AND key = ?)"] * len(keys))
        rows = self._db.execute(
            f"SELECT DISTINCT article_id FROM copy_bands WHERE {pairs} ORDER BY article_id",
            [value for band, key in enumerate(keys) for value in (band, key)],
        )
        return [str(row[0]) for row in rows]

    # --- placements ------------------------------------------------------------------------

    def placements(self, article_ids: Iterable[str]) -> dict[str, Placement]:
        found: dict[str, Placement] = {}
        sql = (
            "SELECT article_id, story_id, event_id, duplicate_of, pinned FROM story_articles"
            " WHERE article_id IN ({marks})"
        )
        for row in rows_in(self._db, sql, article_ids):
            found[str(row[0])] = Placement(
                story=int(row[1]), event=row[2], duplicate_of=row[3], pinned=bool(row[4])
            )
        return found

    def place(self, article_id: str, placement: Placement, links: int = 0) -> None:
        self._db.execute(
            "INSERT INTO story_articles (article_id, story_id, event_id, duplicate_of, pinned,"
            " links) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET"
            " story_id = excluded.story_id, event_id = excluded.event_id,"
            " duplicate_of = excluded.duplicate_of, pinned = excluded.pinned",
            (
                article_id,
                placement.story,
                placement.event,
                placement.duplicate_of,
                int(placement.pinned),
                links,
            ),
        )

    def add_links(self, article_ids: Sequence[str]) -> None:
        self._db.executemany(
            "UPDATE story_articles SET links = links + 1 WHERE article_id = ?",
            [(i,) for i in article_ids],
        )

    def repoint_copies(self, old_original: str, new_original: str) -> None:
        """Copies of ``old_original`` (and it) now copy ``new_original``, found earlier."""
        self._db.execute(
            "UPDATE story_articles SET duplicate_of = ? WHERE duplicate_of = ? OR article_id = ?",
            (new_original, old_original, old_original),
        )

    def unplaced_articles(self, limit: int) -> tuple[list[str], bool]:
        """The next stored articles not offered to clustering yet, in the order they were
        stored (read from a watermark, so an ingest never scans the whole table); offering
        them moves the watermark, inside the caller's transaction. Also says whether these
        were the last."""
        row = self._db.execute("SELECT last_rowid FROM story_progress WHERE id = 1").fetchone()
        rows = self._db.execute(
            "SELECT rowid, id FROM articles WHERE rowid > ? ORDER BY rowid LIMIT ?",
            (int(row[0]) if row else 0, limit),
        ).fetchall()
        if rows:
            self._db.execute(
                "UPDATE story_progress SET last_rowid = ? WHERE id = 1", (int(rows[-1][0]),)
            )
        ids = [str(r[1]) for r in rows]
        placed = self.placements(ids)
        return [article for article in ids if article not in placed], len(rows) < limit

    # --- stories and events -------------------------------------------------------------------

    def new_story(self) -> int:
        now = _now()
        # the rowid SQLite reports (Database.insert), not RETURNING: a story or an event is
        # made for almost every article placed
        return self._db.insert(
            "INSERT INTO stories (created_at, updated_at) VALUES (?, ?)", (now, now)
        )

    def resolve_story(self, story_id: int) -> int | None:
        """The story an id names now (a merged story answers to the one it joined)."""
        if story_id not in self._resolved:
            self._resolved[story_id] = resolve_story(self._db, story_id)
        return self._resolved[story_id]

    def merge_stories(self, into: int, other: int) -> None:
        """Move every article and event of ``other`` into ``into``; ``other`` answers to it."""
        self._resolved.clear()
        self._separated.clear()
        self._db.execute("UPDATE story_articles SET story_id = ? WHERE story_id = ?", (into, other))
        self._db.execute("UPDATE events SET story_id = ? WHERE story_id = ?", (into, other))
        self._db.execute("UPDATE story_aliases SET story_id = ? WHERE story_id = ?", (into, other))
        self._alias(other, into)
        for mine, theirs in (("story_a", "story_b"), ("story_b", "story_a")):
            self._db.execute(
                f"INSERT INTO story_separations ({mine}, {theirs})"
                f" SELECT ?, {theirs} FROM story_separations WHERE {mine} = ? AND {theirs} != ?"
                " ON CONFLICT DO NOTHING",
                (into, other, into),
            )
        self._db.execute(
            "DELETE FROM story_separations WHERE story_a = ? OR story_b = ?", (other, other)
        )
        self._db.execute("DELETE FROM stories WHERE id = ?", (other,))

    def separated(self, a: int, b: int) -> bool:
        if self._any_separated is None:
            found = self._db.execute("SELECT EXISTS (SELECT 1 FROM story_separations)")
            self._any_separated = bool(found.fetchone()[0])
        if not self._any_separated:  # a merge only copies pairs kept apart: none stays none
            return False
        pair = (min(a, b), max(a, b))
        if pair not in self._separated:
            row = self._db.execute(
                "SELECT 1 FROM story_separations WHERE (story_a = ? AND story_b = ?)"
                " OR (story_a = ? AND story_b = ?)",
                (a, b, b, a),
            ).fetchone()
            self._separated[pair] = row is not None
        return self._separated[pair]

    def separate(self, a: int, b: int, apart: bool = True) -> None:
        """Record (or, with ``apart`` False, forget) that two stories must stay apart."""
        self._separated.clear()
        self._any_separated = None
        if apart:
            self._db.execute(
                "INSERT INTO story_separations (story_a, story_b) VALUES (?, ?)"
                " ON CONFLICT DO NOTHING",
                (min(a, b), max(a, b)),
            )
        else:
            self._db.execute(
                "DELETE FROM story_separations WHERE (story_a = ? AND story_b = ?)"
                " OR (story_a = ? AND story_b = ?)",
                (a, b, b, a),
            )

    def events(self, story_id: int) -> list[EventRow]:
        rows = self._db.execute(
            "SELECT id, day FROM events WHERE story_id = ? ORDER BY day IS NOT NULL, day, id",
            (story_id,),
        )
        return [EventRow(id=int(row[0]), day=row[1]) for row in rows]

    def new_event(self, story_id: int, day: float | None) -> int:
        return self._db.insert("INSERT INTO events (story_id, day) VALUES (?, ?)", (story_id, day))

    def story_members(self, story_id: int) -> list[StoryRow]:
        rows = self._db.execute(
            "SELECT s.article_id, s.event_id, s.duplicate_of, s.links, a.title, a.outlet,"
            " coalesce(a.published_utc,"
            f" {self._db.json_text('a.document', 'published_not_before')})"
            f" AS published, f.event_day, {self._db.json_text('a.document', 'source.title_from')}"
            " FROM story_articles s"
            " JOIN articles a ON a.id = s.article_id"
            " LEFT JOIN story_features f ON f.article_id = s.article_id WHERE s.story_id = ?",
            (story_id,),
        )
        return [
            StoryRow(
                article_id=str(row[0]), event=row[1], duplicate_of=row[2], links=int(row[3]),
                title=row[4], outlet=row[5], published=row[6], event_day=row[7],
                title_from=row[8],
            )
            for row in rows
        ]  # fmt: skip

    def set_event(self, article_id: str, event_id: int | None) -> None:
        self._db.execute(
            "UPDATE story_articles SET event_id = ? WHERE article_id = ?", (event_id, article_id)
        )

    def update_event(self, event_id: int, day: float | None, title: str | None, size: int) -> None:
        self._db.execute(
            "UPDATE events SET day = ?, title = ?, articles = ? WHERE id = ?",
            (day, title, size, event_id),
        )

    def delete_event(self, event_id: int) -> None:
        self._db.execute("DELETE FROM events WHERE id = ?", (event_id,))

    def update_story(
        self,
        story_id: int,
        title: str | None,
        span: tuple[str | None, str | None],
        counts: tuple[int, int, int],
    ) -> None:
        """Store a story's title, first and last publication, and articles, originals and
        outlets, and its rank by them (:func:`~warta.corpus.ranking.story_rank`)."""
        _, originals, outlets = counts
        rank = story_rank(originals, outlets, span[1])
        self._db.execute(
            "UPDATE stories SET title = ?, first_published = ?, last_published = ?,"
            " articles = ?, originals = ?, outlets = ?, rank = ?, updated_at = ? WHERE id = ?",
            (title, *span, *counts, rank, _now(), story_id),
        )

    def delete_story(self, story_id: int, successor: int | None) -> None:
        """Remove an empty story; its id answers to ``successor`` when there is one."""
        self._resolved.clear()
        self._separated.clear()
        self._db.execute("DELETE FROM events WHERE story_id = ?", (story_id,))
        self._db.execute(
            "DELETE FROM story_separations WHERE story_a = ? OR story_b = ?", (story_id, story_id)
        )
        if successor is not None:
            self._db.execute(
                "UPDATE story_aliases SET story_id = ? WHERE story_id = ?", (successor, story_id)
            )
            self._alias(story_id, successor)
        else:
            self._db.execute("DELETE FROM story_aliases WHERE story_id = ?", (story_id,))
        self._db.execute("DELETE FROM stories WHERE id = ?", (story_id,))

    def _alias(self, old_id: int, story_id: int) -> None:
        """Story ``old_id`` answers to ``story_id`` from now on."""
        self._db.execute(
            "INSERT INTO story_aliases (old_id, story_id) VALUES (?, ?)"
            " ON CONFLICT (old_id) DO UPDATE SET story_id = excluded.story_id",
            (old_id, story_id),
        )

    def record_correction(self, kind: str, detail: dict[str, object]) -> None:
        self._db.execute(
            "INSERT INTO corrections (kind, detail, made_at) VALUES (?, ?, ?)",
            (kind, json.dumps(detail, ensure_ascii=False), _now()),
        )


def _features(row: Row) -> Features:
    import numpy as np  # noqa: PLC0415  (only to cluster: not for the commands that only read)

    return Features(
        article_id=row["article_id"],
        day=row["day"],
        event_day=row["event_day"],
        terms=json.loads(row["terms"]),
        entities=json.loads(row["entities"]),
        quotes=frozenset(json.loads(row["quotes"])),
        signature=np.frombuffer(row["signature"], dtype="<u4").astype(np.uint32),
        shingles=int(row["shingles"]),
        lead=json.loads(row["lead"]),
        title=json.loads(row["title"]),
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
