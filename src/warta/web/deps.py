"""What every request needs: a store of its own (from a pool of SQLite connections) and the
settings the server was started with."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from fastapi import Request

from warta.records import Store
from warta.store import open_store


class StorePool:
    """Stores on one database, each lent to one request at a time: a SQLite connection is never
    used by two requests at once, and WAL lets them all read while an ingest writes. A store is
    opened when none is free, so the pool grows to the number of requests served at once."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._free: queue.SimpleQueue[Store] = queue.SimpleQueue()
        self._opened: list[Store] = []
        self._lock = threading.Lock()

    def acquire(self) -> Store:
        try:
            return self._free.get_nowait()
        except queue.Empty:
            store = open_store(self.path)
            with self._lock:
                self._opened.append(store)
            return store

    def release(self, store: Store) -> None:
        self._free.put(store)

    def close(self) -> None:
        with self._lock:
            for store in self._opened:
                store.close()
            self._opened.clear()


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """``token``: the bearer token ``POST /api/ingest`` asks for (no token: read-only)."""

    db: str
    token: str | None = None


def get_store(request: Request) -> Iterator[Store]:
    """A store for this request alone (a FastAPI dependency)."""
    pool: StorePool = request.app.state.stores
    store = pool.acquire()
    try:
        yield store
    finally:
        pool.release(store)


def get_config(request: Request) -> ServerConfig:
    config: ServerConfig = request.app.state.config
    return config
