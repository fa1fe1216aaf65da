"""SQLite as a :class:`~warta.store.database.Database`: one file in WAL mode, FTS5 search."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from warta.errors import StoreBusy, StoreError, UsageError
from warta.store.database import refuse_newer
from warta.store.search import BODY_WEIGHT, CLOSE, OPEN, TITLE_WEIGHT, ParsedQuery
from warta.store.sqlite.migrations import LATEST_VERSION, MIGRATIONS, SEARCH_INDEX_VERSION

log = logging.getLogger(__name__)


#: The pages a connection that writes keeps in memory, in KiB (SQLite's default: 2,000 KiB). A
#: writer touches the same index pages (stories' postings, key counts, entities) article after
#: article; with 2 MiB it read them again from the file: 119,000 reads in all for 1,000
#: articles, 18,000 with this (``bench/cpu.py``). A reader keeps the default: a web request's
#: connection starts empty and reads once, and 8 clients with this cache each took a store of
#: 100,000 articles' reads from 126 to 646 MiB and made search slower (``bench/stores.py``).
WRITER_PAGE_CACHE_KIB = 64 * 1024
#: Prepared statements a connection keeps (Python's default: 128). An ingest runs about 270
#: different statements (an IN list or a multi-row INSERT of each length is one), so with
#: 128 it prepared 1,045 times for 1,000 articles, a statement with triggers compiling them
#: (with 512, 272 times: each once). A prepared statement takes a few KiB.
STATEMENT_CACHE = 512


class SQLiteDatabase:
    """One SQLite file, opened (and created or migrated) in WAL mode.

    Args:
        path: the database file.
        write_wait: seconds a writer waits for another writer's transaction to end.
    """

    fatal_errors: tuple[type[BaseException], ...] = (sqlite3.OperationalError,)

    def __init__(self, path: str | Path, write_wait: float) -> None:
        self.path = Path(path)
        self.name = str(self.path)
        self.write_wait = write_wait
        self._writes = False
        try:
            self._db = sqlite3.connect(
                self.path,
                isolation_level=None,
                check_same_thread=False,
                cached_statements=STATEMENT_CACHE,
            )
            self._db.row_factory = sqlite3.Row
            self._wait(write_wait)
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")  # WAL keeps this crash-consistent
            self._db.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from exc

    def execute(self, sql: str, params: Sequence[object] = ()) -> sqlite3.Cursor:
        return self._db.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        self._db.executemany(sql, rows)

    def insert(self, sql: str, params: Sequence[object], key: str = "id") -> int:
        # The rowid SQLite reports, not RETURNING: that buffers the row in a temporary table,
        # which doubled the cost of inserting an entity (12 µs against 6 µs).
        rowid = self._db.execute(sql, params).lastrowid
        assert rowid is not None, f"no {key}: not an INSERT"
        return rowid

    def close(self) -> None:
        self._db.close()

    def _wait(self, seconds: float) -> None:
        self._db.execute(f"PRAGMA busy_timeout = {round(seconds * 1000)}")

    @contextmanager
    def transaction(self, wait: float | None = None, small_steps: bool = False) -> Iterator[None]:
        """``BEGIN IMMEDIATE``: the write lock is taken at once, so writers take turns.

        With ``small_steps``, the sub-journal (the pages a savepoint or a statement may have to
        undo) is kept in memory, as ``temp_store = MEMORY`` makes SQLite do for the
        transactions it begins: in a file it took 245,000 writes of a page for 1,000 articles,
        about a sixth of the store write's CPU time. Only for a transaction of small steps:
        its memory is freed at each savepoint's release, while one statement of a migration
        may change every page of a table."""
        if not self._writes:  # from its first write on, a connection keeps a writer's cache
            self._db.execute(f"PRAGMA cache_size = -{WRITER_PAGE_CACHE_KIB}")
            self._writes = True
        if wait is not None:
            self._wait(wait)
        if small_steps:
            self._db.execute("PRAGMA temp_store = MEMORY")  # read when the transaction begins
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):
                raise StoreBusy(
                    f"database {self.path} is busy: another writer held it for more than "
                    f"{wait if wait is not None else self.write_wait:g} s (setting "
                    "write_wait_seconds); nothing of this write was stored, try again",
                    retry_after=max(1, round(self.write_wait / 4)),
                ) from exc
            raise StoreError(f"cannot write to database {self.path}: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot write to database {self.path}: {exc}") from exc
        finally:
            if wait is not None:
                self._wait(self.write_wait)
            if small_steps:
                self._db.execute("PRAGMA temp_store = DEFAULT")

    # --- schema ------------------------------------------------------------------------------

    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        """Apply the migrations this file lacks, each in a transaction; the schema version is
        SQLite's ``user_version``."""
        try:
            version = self.schema_version()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from exc
        refuse_newer(self.name, version, LATEST_VERSION)
        for number in range(version + 1, LATEST_VERSION + 1):
            log.info("migrating %s to schema version %d", self.path, number)
            with self.transaction():
                for statement in _statements(MIGRATIONS[number - 1]):
                    self._db.execute(statement)
                if number == SEARCH_INDEX_VERSION:
                    self._reindex_all()
                self._db.execute(f"PRAGMA user_version = {number}")

    # --- dialect -----------------------------------------------------------------------------

    def each(self, kind: Literal["text", "int"] = "text", alias: str = "j") -> str:
        return f"json_each(?) AS {alias}"

    def wib_day(self, column: str) -> str:
        return f"date({column}, '+7 hours')"

    def days(self, column: str) -> str:
        return f"(julianday({column}) - 2440587.5)"  # the Julian day of 1970-01-01T00:00Z

    def json_text(self, column: str, key: str) -> str:
        return f"json_extract({column}, '$.{key}')"

    def insert_new(self, sql: str) -> str:
        # OR IGNORE, not ON CONFLICT DO NOTHING: a statement of several rows that may fail
        # half-way (on a NOT NULL column) keeps a copy of every page it changes, to undo itself
        # alone; one that cannot fail keeps none (an article's postings: 160,000 instructions)
        return "INSERT OR IGNORE" + sql.removeprefix("INSERT")

    # --- search: FTS5 ------------------------------------------------------------------------

    def index_search(self, rowid: int, paragraphs: str, title: str, body: str) -> None:
        self._db.execute("DELETE FROM search_index WHERE rowid = ?", (rowid,))
        self._db.execute(
            "INSERT INTO search_index (rowid, paragraphs, title, body) VALUES (?, ?, ?, ?)",
            (rowid, paragraphs, title, body),
        )

    def _reindex_all(self) -> None:
        """Index every stored article (a database made before search existed)."""
        from warta.corpus.words import search_forms  # noqa: PLC0415  (once, for old files)

        self._db.execute("DELETE FROM search_index")
        for row in self._db.execute("SELECT rowid, document FROM articles").fetchall():
            document = json.loads(row[1])
            title, body = search_forms(document.get("title"), document.get("body") or [])
            self.index_search(
                int(row[0]),
                " ".join(str(len(words)) for words in body),
                title,
                " ".join(form for words in body for form in words),
            )

    def matching(self, parsed: ParsedQuery) -> tuple[str, list[object]]:
        return (
            "a.rowid IN (SELECT rowid FROM search_index WHERE search_index MATCH ?)",
            [fts5_match(parsed)],
        )

    def search_rows(
        self,
        parsed: ParsedQuery,
        clauses: Sequence[str],
        params: Sequence[object],
        limit: int,
        among: int,
    ) -> tuple[int, list[tuple[int, float]]]:
        # Counting the matches skips bm25, and only the last ``among`` matches are ranked by
        # it: FTS5 reads a rowid range in its own index, so a query that matches all of
        # 100,000 articles costs 20 ms to count and no more to rank than one matching
        # ``among`` (5,000: 20 ms, where ranking them all took 0.3 s).
        ranked = (
            f"SELECT rowid AS r, bm25(search_index, 0, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS score"
            " FROM search_index WHERE search_index MATCH ? AND rowid >= ?"
        )
        matched = "SELECT rowid AS r FROM search_index WHERE search_index MATCH ?"
        if clauses:
            where = " AND ".join(clauses)
            joined = f"({matched}) m JOIN articles a ON a.rowid = m.r WHERE {where}"
            sql = (
                f"SELECT m.r, m.score FROM ({ranked}) m JOIN articles a ON a.rowid = m.r"
                f" WHERE {where} ORDER BY m.score, m.r LIMIT ?"
            )
            count = f"SELECT count(*) FROM {joined}"
            first = f"SELECT m.r FROM {joined} ORDER BY m.r DESC LIMIT 1 OFFSET ?"
        else:
            sql = f"{ranked} ORDER BY score, r LIMIT ?"
            count = f"SELECT count(*) FROM ({matched})"
            first = f"{matched} ORDER BY rowid DESC LIMIT 1 OFFSET ?"
        match = fts5_match(parsed)
        try:
            total = int(self._db.execute(count, [match, *params]).fetchone()[0])
            if not total:
                return 0, []
            lowest = 0  # every match is ranked
            if total > among:
                lowest = int(self._db.execute(first, [match, *params, among - 1]).fetchone()[0])
            rows = self._db.execute(sql, [match, lowest, *params, limit]).fetchall()
        except sqlite3.OperationalError as exc:  # a query FTS5 cannot read, despite the parsing
            raise UsageError(str(exc)) from exc
        # FTS5's bm25 is lower for better matches; a hit's score is higher for better ones.
        return total, [(int(row[0]), -float(row[1])) for row in rows]

    def marked(self, parsed: ParsedQuery, rowids: Sequence[int]) -> dict[int, tuple[str, str, str]]:
        """As FTS5 itself marks the matches: phrases only where the whole phrase is."""
        rows = self._db.execute(
            f"SELECT rowid, highlight(search_index, 1, '{OPEN}', '{CLOSE}'),"
            f" highlight(search_index, 2, '{OPEN}', '{CLOSE}'), paragraphs FROM search_index"
            " WHERE search_index MATCH ? AND rowid IN (SELECT value FROM json_each(?))",
            (fts5_match(parsed), json.dumps(list(rowids))),
        )
        return {int(row[0]): (str(row[1]), str(row[2]), str(row[3])) for row in rows}


def fts5_match(parsed: ParsedQuery) -> str:
    """The query in FTS5's syntax: phrases in double quotes (search forms are letters and
    digits, nothing to escape), ``AND``, ``OR`` and ``NOT``."""

    def term(forms: tuple[str, ...]) -> str:
        return '"' + " ".join(forms) + '"'

    positive = " AND ".join(
        term(group[0]) if len(group) == 1 else "(" + " OR ".join(map(term, group)) + ")"
        for group in parsed.groups
    )
    return positive + "".join(f" NOT {term(forms)}" for forms in parsed.excluded)


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (no semicolons inside our literals; a
    trigger's body is one statement with its own)."""
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    statements: list[str] = []
    current = ""
    for part in "\n".join(lines).split(";"):
        current += part + ";"
        if sqlite3.complete_statement(current):
            if current.strip(" \n;"):
                statements.append(current.strip())
            current = ""
    return statements


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(exc) or "busy" in str(exc)
