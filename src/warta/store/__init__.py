"""Stores: backends of the :class:`~warta.records.Store` protocol, SQLite by default and
PostgreSQL (``postgresql://`` URLs, with ``pip install 'warta[postgres]'``).

Every backend runs the same store logic (:mod:`warta.store.core`) over its own
:class:`~warta.store.database.Database`: a connection, its migrations, its write transactions
and its full-text index.
"""

from __future__ import annotations

import re
from pathlib import Path

from warta.errors import UsageError
from warta.records import Store
from warta.store.sqlite import SQLiteStore

#: What a PostgreSQL location starts with (libpq's URL schemes).
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_database_url(location: str | Path) -> bool:
    """Whether ``location`` names a database server rather than an SQLite file."""
    return isinstance(location, str) and location.startswith(POSTGRES_SCHEMES)


def display_location(location: str | Path) -> str:
    """A location for messages: a URL's password hidden."""
    return re.sub(r"(//[^:/@]+):[^@/]*@", r"\1:***@", str(location))


def open_store(location: str | Path) -> Store:
    """Open the store at ``location``: an SQLite file path, or a ``postgresql://`` URL.

    Raises:
        UsageError: a PostgreSQL URL without the ``postgres`` extra installed.
        StoreError: the database cannot be opened.
    """
    if is_database_url(location):
        try:
            from warta.store.postgres import PostgresStore  # noqa: PLC0415 (psycopg: an extra)
        except ImportError as exc:
            raise UsageError(
                f"{display_location(location)}: a PostgreSQL store needs psycopg, which Warta's "
                "'postgres' extra installs: pip install 'warta[postgres]'"
                f" ({exc})"
            ) from exc
        return PostgresStore(str(location))
    return SQLiteStore(location)


__all__ = ["SQLiteStore", "display_location", "is_database_url", "open_store"]
