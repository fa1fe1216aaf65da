"""The default store: one SQLite file in WAL mode, searched with FTS5."""

from __future__ import annotations

from pathlib import Path

from warta.settings import load_settings
from warta.store.core import SQLStore
from warta.store.sqlite.database import SQLiteDatabase


class SQLiteStore(SQLStore):
    """A :class:`~warta.records.Store` in one SQLite file.

    Args:
        path: the database file; created with its schema when missing, migrated when older.
        write_wait: seconds a write waits for another writer's transaction to end (default:
            the setting ``write_wait_seconds``).
    """

    def __init__(self, path: str | Path, write_wait: float | None = None) -> None:
        self.path = Path(path)
        self.write_wait = float(
            load_settings()["write_wait_seconds"] if write_wait is None else write_wait
        )
        super().__init__(SQLiteDatabase(self.path, self.write_wait))

    def __enter__(self) -> SQLiteStore:
        return self


__all__ = ["SQLiteStore"]
