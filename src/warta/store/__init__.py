"""Stores: the Store protocol and its backends (SQLite by default)."""

from __future__ import annotations

from pathlib import Path

from warta.store.base import ArticleQuery, Reject, Store, WriteOutcome
from warta.store.sqlite import SQLiteStore


def open_store(location: str | Path) -> Store:
    """Open the store at ``location``: an SQLite file path (PostgreSQL URLs come later)."""
    return SQLiteStore(location)


__all__ = ["ArticleQuery", "Reject", "SQLiteStore", "Store", "WriteOutcome", "open_store"]
