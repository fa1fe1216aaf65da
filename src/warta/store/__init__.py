"""Stores: backends of the :class:`~warta.records.Store` protocol (SQLite by default)."""

from __future__ import annotations

from pathlib import Path

from warta.records import Store
from warta.store.sqlite import SQLiteStore


def open_store(location: str | Path) -> Store:
    """Open the store at ``location``: an SQLite file path (PostgreSQL URLs come later)."""
    return SQLiteStore(location)


__all__ = ["SQLiteStore", "open_store"]
