"""PostgreSQL as a :class:`~warta.store.database.Database` (psycopg 3).

The shared SQL is written with SQLite's ``?`` parameters; they become psycopg's ``%s`` here
(:func:`placeholders`). Writers from every process take turns on one advisory lock, as SQLite's
writers do on its file lock, so the store's read-modify-write steps (counts, entity merges,
story placement) see each other's committed work; readers never wait.

Search is a ``tsvector`` of the same search forms (Sastrawi stems) SQLite's FTS5 index holds,
built here with their positions (the title weighted A, the body D) so that a "phrase" is a
``<->`` query and matched words can be marked as FTS5 marks them.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, Literal

import psycopg
from psycopg import errors as pg_errors
from psycopg.pq import TransactionStatus

from warta.errors import StoreBusy, StoreError, UsageError
from warta.store import display_location
from warta.store.database import refuse_newer
from warta.store.postgres.schema import LATEST_VERSION, MIGRATIONS
from warta.store.search import CLOSE, OPEN, TITLE_WEIGHT, ParsedQuery

log = logging.getLogger(__name__)

#: The advisory lock every write transaction holds: one writer at a time, across processes.
WRITE_LOCK = 0x77617274  # "wart"
#: Longest a tsvector position can be; words after it share it (PostgreSQL's own limit).
MAX_POSITION = 16383
#: ts_rank's weights for {D, C, B, A}: a title word (A) counts three times a body word (D),
#: as the title's BM25 weight does in SQLite.
_RANK_WEIGHTS = "{%.4f, 0, 0, 1}" % (1 / TITLE_WEIGHT)


class PgRow(tuple[Any, ...]):
    """A row read by position or by column name, as SQLite's rows are."""

    _names: dict[str, int]

    def __new__(cls, values: Sequence[Any], names: dict[str, int]) -> PgRow:
        row = super().__new__(cls, values)
        row._names = names
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def _rows(cursor: Any) -> Callable[[Sequence[Any]], PgRow]:
    names: dict[str, int] = {}
    for number, column in enumerate(cursor.description or ()):
        names.setdefault(column.name, number)
    return lambda values: PgRow(values, names)


@lru_cache(maxsize=1024)
def placeholders(sql: str) -> str:
    """SQL with ``?`` parameters as psycopg's ``%s`` (and a literal ``%`` doubled), leaving
    quoted strings and names alone."""
    out: list[str] = []
    quote: str | None = None
    for char in sql:
        if quote:
            if char == quote:
                quote = None
            out.append("%%" if char == "%" else char)
        elif char in "'\"":
            quote = char
            out.append(char)
        elif char == "?":
            out.append("%s")
        elif char == "%":
            out.append("%%")
        else:
            out.append(char)
    return "".join(out)


class PostgresDatabase:
    """A connection to a PostgreSQL database (``postgresql://user@host:port/dbname``).

    Args:
        url: the database's URL (a password may come from it, ``PGPASSWORD`` or ~/.pgpass).
        write_wait: seconds a writer waits for another writer's transaction to end.
        connect_timeout: seconds to wait for the server to answer.
    """

    fatal_errors: tuple[type[BaseException], ...] = (psycopg.OperationalError,)

    def __init__(self, url: str, write_wait: float, connect_timeout: float = 10) -> None:
        self.name = display_location(url)
        self.write_wait = write_wait
        try:
            self._conn = psycopg.connect(
                url,
                autocommit=True,
                row_factory=_rows,
                connect_timeout=max(1, round(connect_timeout)),
                application_name="warta",
            )
        except psycopg.Error as exc:
            raise StoreError(f"cannot open database {self.name}: {exc}") from exc

    def execute(self, sql: str, params: Sequence[object] = ()) -> Any:
        return self._conn.execute(placeholders(sql), params)

    def insert(self, sql: str, params: Sequence[object], key: str = "id") -> int:
        return int(self.execute(f"{sql} RETURNING {key}", params).fetchone()[0])

    def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        rows = list(rows)
        if rows:
            with self._conn.cursor() as cursor:
                cursor.executemany(placeholders(sql), rows)

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def transaction(
        self, wait: float | None = None, small_steps: bool = False, pipelined: bool = True
    ) -> Iterator[None]:
        """``BEGIN``, then the writers' advisory lock, waited for up to ``lock_timeout``.

        Inside, statements are pipelined (psycopg's pipeline mode): a write whose result is not
        read does not wait for the server's answer before the next statement is sent, so a
        batch of small writes costs one round trip instead of one each. An error is raised at
        the next read or at the end, and rolls the whole transaction back as before."""
        seconds = self.write_wait if wait is None else wait
        try:
            self._conn.execute("BEGIN")
            try:
                self._conn.execute(f"SET LOCAL lock_timeout = '{max(1, round(seconds * 1000))}ms'")
                self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                if pipelined:
                    with self._conn.pipeline():
                        yield
                else:
                    yield
            except BaseException:
                if self._conn.info.transaction_status != TransactionStatus.IDLE:
                    self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        except (pg_errors.LockNotAvailable, pg_errors.DeadlockDetected) as exc:
            raise StoreBusy(
                f"database {self.name} is busy: another writer held it for more than "
                f"{seconds:g} s (setting write_wait_seconds); nothing of this write was "
                "stored, try again",
                retry_after=max(1, round(self.write_wait / 4)),
            ) from exc
        except psycopg.Error as exc:
            raise StoreError(f"cannot write to database {self.name}: {exc}") from exc

    # --- schema ------------------------------------------------------------------------------

    def schema_version(self) -> int:
        found = self._conn.execute("SELECT to_regclass('schema_version')").fetchone()
        if found is None or found[0] is None:
            return 0
        row = self._conn.execute("SELECT version FROM schema_version").fetchone()
        return int(row[0]) if row else 0

    def migrate(self) -> None:
        """Apply the migrations the database lacks, all in one transaction, one process at a
        time (two processes opening a new database do not both create it)."""
        try:
            if self.schema_version() == LATEST_VERSION:
                return
            with self.transaction(pipelined=False):  # the migrations are scripts
                version = self.schema_version()
                refuse_newer(self.name, version, LATEST_VERSION)
                for number in range(version + 1, LATEST_VERSION + 1):
                    log.info("migrating %s to schema version %d", self.name, number)
                    self._conn.execute(MIGRATIONS[number - 1].encode())  # a script, no params
                    self._conn.execute("UPDATE schema_version SET version = %s", (number,))
        except psycopg.Error as exc:
            raise StoreError(f"cannot open database {self.name}: {exc}") from exc

    # --- dialect -----------------------------------------------------------------------------

    def each(self, kind: Literal["text", "int"] = "text", alias: str = "j") -> str:
        # Through functions that tell the planner to expect a few rows (migration 7).
        return f"warta_each_{kind}(?::json) AS {alias}(value)"

    def insert_new(self, sql: str) -> str:
        return f"{sql} ON CONFLICT DO NOTHING"

    def wib_day(self, column: str) -> str:
        return f"to_char(({column})::timestamptz AT TIME ZONE INTERVAL '+07:00', 'YYYY-MM-DD')"

    def days(self, column: str) -> str:
        # a day alone is read at midnight UTC, as Python reads it (and SQLite): not in the
        # session's time zone
        return (
            f"(extract(epoch FROM (CASE WHEN length({column}) = 10 THEN {column} || 'T00:00Z'"
            f" ELSE {column} END)::timestamptz)::double precision / 86400)"
        )

    def json_text(self, column: str, key: str) -> str:
        *path, last = key.split(".")
        inside = "".join(f" -> '{part}'" for part in path)
        return f"({column}::json{inside} ->> '{last}')"

    # --- search: tsvector --------------------------------------------------------------------

    def index_search(self, rowid: int, paragraphs: str, title: str, body: str) -> None:
        self.execute(
            "INSERT INTO search_index (rowid, paragraphs, title, body, forms)"
            " VALUES (?, ?, ?, ?, ?::tsvector) ON CONFLICT (rowid) DO UPDATE SET"
            " paragraphs = excluded.paragraphs, title = excluded.title, body = excluded.body,"
            " forms = excluded.forms",
            (rowid, paragraphs, title, body, tsvector(title.split(), body.split())),
        )

    def matching(self, parsed: ParsedQuery) -> tuple[str, list[object]]:
        return (
            "a.rowid IN (SELECT rowid FROM search_index WHERE forms @@ ?::tsquery)",
            [tsquery(parsed)],
        )

    def search_rows(
        self,
        parsed: ParsedQuery,
        clauses: Sequence[str],
        params: Sequence[object],
        limit: int,
        among: int,
    ) -> tuple[int, list[tuple[int, float]]]:
        # The articles are joined for the filters only (every indexed row is an article's).
        where = "".join(f" AND {clause}" for clause in clauses)
        join = " JOIN articles a ON a.rowid = s.rowid" if clauses else ""
        query = tsquery(parsed)
        # A phrase is checked row by row, every match read: counted in the same pass, over a
        # window. Words are counted apart, from the index (:meth:`_matches`). Then the last
        # ``among`` matches (a top-N by rowid) are ranked.
        phrase = PHRASE in query
        sql = (
            f"SELECT m.rowid, ts_rank('{_RANK_WEIGHTS}', m.forms, m.query) AS score,"
            f" {'m.total' if phrase else 'NULL'} FROM (SELECT s.rowid, s.forms, q.query"
            f"{', count(*) OVER () AS total' if phrase else ''}"
            f" FROM (SELECT ?::tsquery AS query) q JOIN search_index s ON s.forms @@ q.query{join}"
            f" WHERE TRUE{where} ORDER BY s.rowid DESC LIMIT ?) m"
            " ORDER BY score DESC, m.rowid LIMIT ?"
        )
        try:
            total = None if phrase else self._matches(query, join, where, params)
            if total == 0:
                return 0, []
            # at least one row, which carries a phrase's count
            rows = self.execute(sql, [query, *params, among, max(limit, 1)]).fetchall()
        except (pg_errors.SyntaxError, pg_errors.DataException) as exc:
            raise UsageError(str(exc).strip()) from exc
        if total is None:
            total = int(rows[0][2]) if rows else 0
        return total, [(int(row[0]), float(row[1])) for row in rows]

    def _matches(self, query: str, join: str, where: str, params: Sequence[object]) -> int:
        """How many articles match a query of words. Without filters, counted through the
        index's bitmap: the planner, which takes matching a tsvector for cheap, would read
        and match every row for a common word (100,000 articles of 300 words, a word in
        nearly all: 356 ms against 71 ms). With 8 clients, a search of two common words took
        1,424 ms (median) when its count was carried through the ranked query, 397 ms now."""
        sql = f"SELECT count(*) FROM search_index s{join} WHERE s.forms @@ ?::tsquery{where}"
        if join:
            return int(self.execute(sql, [query, *params]).fetchone()[0])
        self.execute("SET enable_seqscan = off")
        try:
            return int(self.execute(sql, [query]).fetchone()[0])
        finally:
            self.execute("RESET enable_seqscan")

    def marked(self, parsed: ParsedQuery, rowids: Sequence[int]) -> dict[int, tuple[str, str, str]]:
        rows = self.execute(
            f"SELECT s.rowid, s.title, s.body, s.paragraphs FROM {self.each('int')}"
            " JOIN search_index s ON s.rowid = j.value",
            (json.dumps(list(rowids)),),
        )
        return {
            int(row[0]): (mark(str(row[1]), parsed), mark(str(row[2]), parsed), str(row[3]))
            for row in rows
        }


def tsvector(title: Sequence[str], body: Sequence[str]) -> str:
    """The tsvector literal of a title (weight A) and a body (weight D), by word position; a
    position is left empty between them, so that no phrase runs from the title into the body."""
    positions: dict[str, list[str]] = {}
    for number, form in enumerate(title, start=1):
        positions.setdefault(form, []).append(f"{min(number, MAX_POSITION)}A")
    start = len(title) + 2
    for number, form in enumerate(body, start=start):
        positions.setdefault(form, []).append(f"{min(number, MAX_POSITION)}")
    return " ".join(
        f"{_lexeme(form)}:{','.join(dict.fromkeys(spots))}" for form, spots in positions.items()
    )


#: The operator that joins a phrase's forms in a tsquery.
PHRASE = "<->"


def tsquery(parsed: ParsedQuery) -> str:
    """The query as a tsquery literal: a phrase's forms joined by ``<->``, a group's terms by
    ``|``, the groups by ``&``, each excluded term after ``& !``."""

    def term(forms: tuple[str, ...]) -> str:
        return "(" + f" {PHRASE} ".join(map(_lexeme, forms)) + ")"

    positive = " & ".join("(" + " | ".join(map(term, group)) + ")" for group in parsed.groups)
    return positive + "".join(f" & !{term(forms)}" for forms in parsed.excluded)


def mark(indexed: str, parsed: ParsedQuery) -> str:
    """The indexed words with the matched ones marked, as FTS5's ``highlight`` marks them: a
    word of the query wherever it is, a phrase only where all of it stands in order."""
    words = indexed.split(" ") if indexed else []
    hit = [False] * len(words)
    for group in parsed.groups:
        for forms in group:
            width = len(forms)
            for start in range(len(words) - width + 1):
                if tuple(words[start : start + width]) == forms:
                    hit[start : start + width] = [True] * width
    marked = (f"{OPEN}{word}{CLOSE}" if on else word for word, on in zip(words, hit, strict=True))
    return " ".join(marked)


def _lexeme(form: str) -> str:
    return "'" + form.replace("\\", "\\\\").replace("'", "''") + "'"
