"""What a store backend is: a connection that runs the shared SQL, and the few places where
SQL dialects differ.

The store's logic (:class:`~warta.store.core.SQLStore`, the story index, entities, quotes,
listings) is written once, in SQL that SQLite and PostgreSQL both read: ``?`` parameters,
``INSERT ... ON CONFLICT``, ``RETURNING``. A backend (:mod:`warta.store.sqlite`,
:mod:`warta.store.postgres`) gives it a :class:`Database`: how to connect, migrate, open a
write transaction and report its errors, the fragments that differ (a JSON array parameter as
a table, a field of the stored JSON document) and its full-text search index.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Literal, Protocol

from warta.errors import SchemaTooNew

if TYPE_CHECKING:
    from warta.store.search import ParsedQuery

#: A LIMIT that keeps every row (SQLite reads -1 so, PostgreSQL does not).
NO_LIMIT = 2**62

#: A row: by position (``row[0]``) or by column name (``row["id"]``).
Row = Any


def refuse_newer(name: str, version: int, latest: int) -> None:
    """Refuse a database a newer Warta made, rather than damage it.

    Raises:
        SchemaTooNew: ``version`` is above ``latest``, the newest this Warta knows.
    """
    if version > latest:
        raise SchemaTooNew(
            f"database {name} has schema version {version}, newer than this Warta knows "
            f"({latest}): upgrade Warta to open it"
        )


class Cursor(Protocol):
    def fetchone(self) -> Row: ...
    def fetchall(self) -> list[Row]: ...
    def __iter__(self) -> Iterator[Row]: ...


class Database(Protocol):
    """A backend's connection, as the shared store logic uses it."""

    #: Where the database is, for messages (a path, or a URL without its password).
    name: str
    #: Errors that end a whole batch (the database is unreachable, locked or full), as opposed
    #: to an error of one article's rows, which refuses that article alone.
    fatal_errors: tuple[type[BaseException], ...]

    def execute(self, sql: str, params: Sequence[object] = ()) -> Cursor:
        """Run one statement with ``?`` parameters."""
        ...

    def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None: ...

    def insert(self, sql: str, params: Sequence[object], key: str = "id") -> int:
        """Run an INSERT of one row (without ``RETURNING``) and return the new row's ``key``:
        an integer key the database assigns (SQLite: the table's rowid or its alias)."""
        ...

    def transaction(
        self, wait: float | None = None, small_steps: bool = False
    ) -> AbstractContextManager[None]:
        """One write transaction, committed at the end or rolled back on any error; writers
        from every process take turns. A writer waits ``wait`` seconds (default: the store's
        ``write_wait_seconds``) for another's transaction. ``small_steps``: each statement and
        savepoint in it changes a few rows (an article's), so a backend may keep what undoes
        them in memory.

        Raises:
            StoreBusy: the other writer held the database longer than that.
            StoreError: the database cannot be written.
        """
        ...

    def schema_version(self) -> int: ...

    def migrate(self) -> None:
        """Bring the schema to this Warta's version, or refuse a newer one (``SchemaTooNew``)."""
        ...

    def each(self, kind: Literal["text", "int"] = "text", alias: str = "j") -> str:
        """A FROM item with one column ``value``: the elements of a JSON array given as the
        next ``?`` parameter."""
        ...

    def wib_day(self, column: str) -> str:
        """An expression: the day (``YYYY-MM-DD``) a UTC time column falls on in WIB, where
        Warta counts its days (date filters, events, the days it shows)."""
        ...

    def days(self, column: str) -> str:
        """An expression: the days since 1970 (UTC) of an ISO time column (a day alone: its
        start in UTC; null stays null)."""
        ...

    def json_text(self, column: str, key: str) -> str:
        """An expression: the text of a field of a JSON document column (``key``: a top-level
        field, or a dotted path into objects, "source.title_from")."""
        ...

    def insert_new(self, sql: str) -> str:
        """``sql``, an ``INSERT INTO ...`` without a conflict clause, made to leave out the rows
        whose key is stored already."""
        ...

    def index_search(self, rowid: int, paragraphs: str, title: str, body: str) -> None:
        """(Re)index an article's search forms (title, body) under its ``rowid``."""
        ...

    def search_rows(
        self,
        parsed: ParsedQuery,
        clauses: Sequence[str],
        params: Sequence[object],
        limit: int,
        among: int,
    ) -> tuple[int, list[tuple[int, float]]]:
        """How many articles (``a``) that pass ``clauses`` match a query, and the best
        ``limit`` of them, best first: (the article's rowid, its score, higher is better).
        Only the ``among`` matches stored last (the highest rowids) are ranked, so the cost of
        ranking is bounded whatever the number of matches; every match is counted.

        Raises:
            UsageError: a query the index cannot read.
        """
        ...

    def matching(self, parsed: ParsedQuery) -> tuple[str, list[object]]:
        """A WHERE clause on articles ``a`` that keeps every article matching a query, and its
        parameters (no ranking: for counting the matches by day and outlet)."""
        ...

    def marked(self, parsed: ParsedQuery, rowids: Sequence[int]) -> dict[int, tuple[str, str, str]]:
        """Per matched article: its indexed title and body with the matched words between
        :data:`~warta.store.search.OPEN` and :data:`~warta.store.search.CLOSE`, and its
        paragraphs' word counts."""
        ...

    def close(self) -> None: ...
