"""A store in a PostgreSQL database (``pip install 'warta[postgres]'``): for stores that outgrow
one file, and for several machines or processes writing at once."""

from __future__ import annotations

from warta.settings import load_settings
from warta.store.core import SQLStore
from warta.store.postgres.database import PostgresDatabase


class PostgresStore(SQLStore):
    """A :class:`~warta.records.Store` in a PostgreSQL database.

    Args:
        url: ``postgresql://user@host:port/dbname``; the schema is created or migrated.
        write_wait: seconds a write waits for another writer's transaction to end (default:
            the setting ``write_wait_seconds``).
    """

    def __init__(self, url: str, write_wait: float | None = None) -> None:
        self.url = url
        self.write_wait = float(
            load_settings()["write_wait_seconds"] if write_wait is None else write_wait
        )
        super().__init__(PostgresDatabase(url, self.write_wait))

    def __enter__(self) -> PostgresStore:
        return self


__all__ = ["PostgresStore"]
