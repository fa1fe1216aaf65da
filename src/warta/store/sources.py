"""Live sources and the pages fetched from them, over any backend's database."""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import cast

from warta.records import SITEMAP_OF_INDEX, FetchedPage, SourceKind, SourceState
from warta.store.database import Database, Row
from warta.store.sql import SQL_VARIABLES

#: The columns a poll changes, in the order :func:`save_source` writes them.
_STATE_COLUMNS = (
    "outlet", "etag", "last_modified", "interval_seconds", "next_poll", "last_fetch",
    "last_status", "last_new", "polls", "articles", "failures", "last_error", "paused",
)  # fmt: skip


def add_source(
    db: Database,
    url: str,
    kind: SourceKind,
    outlet: str | None,
    home: str | None,
    interval_seconds: float,
    now: str,
) -> tuple[SourceState, bool]:
    """Insert a source unless its URL is followed already (inside the caller's transaction)."""
    added = db.execute(
        "INSERT INTO sources (url, kind, outlet, home, added_at, interval_seconds, next_poll)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING RETURNING id",
        (url, kind, outlet, home, now, interval_seconds, now),
    ).fetchone()
    row = db.execute("SELECT * FROM sources WHERE url = ?", (url,)).fetchone()
    return _source(row), added is not None


def list_sources(db: Database) -> list[SourceState]:
    return [_source(row) for row in db.execute("SELECT * FROM sources ORDER BY id")]


def find_source(db: Database, key: str) -> SourceState | None:
    """The source of an id (digits) or an URL."""
    if key.isdigit():
        row = db.execute("SELECT * FROM sources WHERE id = ?", (int(key),)).fetchone()
    else:
        row = db.execute("SELECT * FROM sources WHERE url = ?", (key,)).fetchone()
    return None if row is None else _source(row)


def delete_source(db: Database, source_id: int) -> None:
    db.execute("DELETE FROM sources WHERE id = ?", (source_id,))


def due_sources(db: Database, now: str) -> list[SourceState]:
    rows = db.execute(
        "SELECT * FROM sources WHERE paused = 0 AND next_poll <= ? ORDER BY next_poll, id", (now,)
    )
    return [_source(row) for row in rows]


def claim_sources(db: Database, now: str, until: str, everything: bool) -> list[SourceState]:
    """The due sources (``everything``: all not paused), their next poll moved to ``until``
    so that another process polling now leaves them (inside the caller's transaction). The
    states returned keep the next poll they had."""
    due = "" if everything else " AND next_poll <= ?"
    rows = db.execute(
        f"SELECT * FROM sources WHERE paused = 0{due} ORDER BY next_poll, id",
        () if everything else (now,),
    ).fetchall()
    claimed = [_source(row) for row in rows]
    db.executemany(
        "UPDATE sources SET next_poll = ? WHERE id = ?", [(until, s.id) for s in claimed]
    )
    return claimed


def save_source(db: Database, source: SourceState) -> None:
    values = [getattr(source, column) for column in _STATE_COLUMNS]
    values[_STATE_COLUMNS.index("paused")] = int(source.paused)
    assignments = ", ".join(f"{column} = ?" for column in _STATE_COLUMNS)
    db.execute(f"UPDATE sources SET {assignments} WHERE id = ?", [*values, source.id])


def fetched_pages(db: Database, urls: Sequence[str]) -> dict[str, FetchedPage]:
    found: dict[str, FetchedPage] = {}
    for start in range(0, len(urls), SQL_VARIABLES):
        chunk = list(urls[start : start + SQL_VARIABLES])
        marks = ",".join("?" * len(chunk))
        for row in db.execute(f"SELECT * FROM fetched_pages WHERE url IN ({marks})", chunk):
            found[row["url"]] = _page(row)
    return found


def save_fetched(db: Database, pages: Sequence[FetchedPage]) -> None:
    db.executemany(
        "INSERT INTO fetched_pages (url, source_id, stamp, etag, last_modified, fetched_at,"
        " status, published, published_source, date_evidence, date_flags)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET"
        " source_id = excluded.source_id, stamp = excluded.stamp, etag = excluded.etag,"
        " last_modified = excluded.last_modified, fetched_at = excluded.fetched_at,"
        " status = excluded.status, published = excluded.published,"
        " published_source = excluded.published_source,"
        " date_evidence = excluded.date_evidence, date_flags = excluded.date_flags",
        [
            (
                p.url, p.source_id, p.stamp, p.etag, p.last_modified, p.fetched_at, p.status,
                p.published, p.published_source,
                json.dumps([list(piece) for piece in p.date_evidence], ensure_ascii=False),
                json.dumps(list(p.date_flags)),
            )
            for p in pages
        ],
    )  # fmt: skip


def list_fetched(
    db: Database, disagreeing: bool, limit: int, offset: int = 0, source_id: int | None = None
) -> list[FetchedPage]:
    where, params = _fetched_filter(disagreeing, source_id)
    rows = db.execute(
        f"SELECT * FROM fetched_pages WHERE {where} ORDER BY fetched_at DESC, url LIMIT ? OFFSET ?",
        (*params, limit, offset),
    )
    return [_page(row) for row in rows]


def count_fetched(db: Database, disagreeing: bool, source_id: int | None = None) -> int:
    where, params = _fetched_filter(disagreeing, source_id)
    return int(
        db.execute(f"SELECT count(*) FROM fetched_pages WHERE {where}", params).fetchone()[0]
    )


def _fetched_filter(disagreeing: bool, source_id: int | None) -> tuple[str, tuple[object, ...]]:
    """The pages fetched (not the sitemaps of an index), those whose date evidence disagrees,
    those of a source: a WHERE clause and its parameters."""
    where = "(published_source IS NULL OR published_source <> ?)"
    params: tuple[object, ...] = (SITEMAP_OF_INDEX,)
    if disagreeing:
        where += " AND date_flags IS NOT NULL AND date_flags <> '[]'"
    if source_id is not None:
        where += " AND source_id = ?"
        params += (source_id,)
    return where, params


def sitemaps_read(db: Database, source_id: int) -> dict[str, FetchedPage]:
    rows = db.execute(
        "SELECT * FROM fetched_pages WHERE source_id = ? AND published_source = ?",
        (source_id, SITEMAP_OF_INDEX),
    )
    return {row["url"]: _page(row) for row in rows}


def _page(row: Row) -> FetchedPage:
    return FetchedPage(
        url=row["url"],
        source_id=row["source_id"],
        stamp=row["stamp"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        fetched_at=row["fetched_at"],
        status=row["status"],
        published=row["published"],
        published_source=row["published_source"],
        date_evidence=tuple(
            (str(source), str(value)) for source, value in json.loads(row["date_evidence"] or "[]")
        ),
        date_flags=tuple(json.loads(row["date_flags"] or "[]")),
    )


def _source(row: Row) -> SourceState:
    return SourceState(
        id=int(row["id"]),
        url=row["url"],
        kind=cast(SourceKind, row["kind"]),
        outlet=row["outlet"],
        home=row["home"],
        added_at=row["added_at"],
        interval_seconds=float(row["interval_seconds"]),
        next_poll=row["next_poll"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        last_fetch=row["last_fetch"],
        last_status=row["last_status"],
        last_new=row["last_new"],
        polls=int(row["polls"]),
        articles=int(row["articles"]),
        failures=float(row["failures"]),
        last_error=row["last_error"],
        paused=bool(row["paused"]),
    )


class SourceMethods:
    """The :class:`~warta.records.Store` methods of live sources, mixed into
    :class:`~warta.store.core.SQLStore` (which gives ``_db`` and ``_transaction``)."""

    _db: Database

    def _transaction(
        self, changes: bool = True, wait: float | None = None
    ) -> AbstractContextManager[None]:
        raise NotImplementedError

    def add_source(
        self,
        url: str,
        kind: SourceKind,
        outlet: str | None,
        home: str | None,
        interval_seconds: float,
    ) -> tuple[SourceState, bool]:
        with self._transaction(changes=False):
            return add_source(self._db, url, kind, outlet, home, interval_seconds, _now())

    def list_sources(self) -> list[SourceState]:
        return list_sources(self._db)

    def remove_source(self, key: str) -> SourceState | None:
        with self._transaction(changes=False):
            source = find_source(self._db, key)
            if source is not None:
                delete_source(self._db, source.id)
        return source

    def due_sources(self, now: str) -> list[SourceState]:
        return due_sources(self._db, now)

    def claim_sources(self, now: str, until: str, everything: bool = False) -> list[SourceState]:
        with self._transaction(changes=False):
            return claim_sources(self._db, now, until, everything)

    def save_source(self, source: SourceState) -> None:
        with self._transaction(changes=False):
            save_source(self._db, source)

    def fetched_pages(self, urls: Sequence[str]) -> dict[str, FetchedPage]:
        return fetched_pages(self._db, urls)

    def save_fetched(self, pages: Sequence[FetchedPage]) -> None:
        with self._transaction(changes=False):
            save_fetched(self._db, pages)

    def list_fetched(
        self,
        disagreeing: bool = False,
        limit: int = 100,
        offset: int = 0,
        source_id: int | None = None,
    ) -> list[FetchedPage]:
        return list_fetched(self._db, disagreeing, limit, offset, source_id)

    def count_fetched(self, disagreeing: bool = False, source_id: int | None = None) -> int:
        return count_fetched(self._db, disagreeing, source_id)

    def sitemaps_read(self, source_id: int) -> dict[str, FetchedPage]:
        return sitemaps_read(self._db, source_id)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
