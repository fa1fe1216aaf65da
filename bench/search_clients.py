"""Search under concurrent clients, on SQLite's FTS5 and PostgreSQL's tsvector index.

The script indexes ``--articles`` documents (default 100,000) of 300 words drawn from a
3,000-word Zipf vocabulary (a 10-word title, a 290-word body; as ``bench/search_rank.py``)
straight into a fresh store's search index, then times the store's own ``search_rows`` (count
every match, rank the best 320 of the 5,000 stored last) for four queries: two pairs of common
words (matching nearly every document), a pair of rare ones and a phrase of common ones. Each
query is run ``--repeat`` times by one client, then by ``--clients`` threads at once, each on
its own connection (as ``warta serve`` gives each request one); the script prints the median
and the 95th percentile in milliseconds of each.

PostgreSQL is a real server, started in a temporary directory with the tests'
:mod:`tests.postgres_server` (the articles table's foreign key from the index is dropped: the
documents are the index's alone). Run it from the repository root::

    .venv/bin/python bench/search_clients.py [--articles 100000] [--clients 8] [--repeat 9]
        [--only sqlite|postgresql] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.postgres_server

from clients import percentile, run_clients
from warta.store import open_store
from warta.store.postgres.database import PostgresDatabase
from warta.store.search import FACET_MATCHES, RANKED_MATCHES, parse_query
from warta.store.sqlite.database import SQLiteDatabase

SEED = 20221122
VOCABULARY = 3000
WORDS = 300
TITLE_WORDS = 10
QUERIES = ("w1 w2", "w5 w40", "w300 w900", '"w1 w2"')
#: Documents indexed per transaction.
CHUNK = 5000

Database = SQLiteDatabase | PostgresDatabase


def fill(db: Database, articles: int) -> None:
    rng = random.Random(SEED)
    vocabulary = [f"w{rank}" for rank in range(VOCABULARY)]
    weights = [1 / (rank + 1) for rank in range(VOCABULARY)]
    for first in range(1, articles + 1, CHUNK):
        with db.transaction():
            for rowid in range(first, min(articles, first + CHUNK - 1) + 1):
                words = rng.choices(vocabulary, weights, k=WORDS)
                title, body = " ".join(words[:TITLE_WORDS]), " ".join(words[TITLE_WORDS:])
                db.index_search(rowid, "", title, body)


def timed(connect: Callable[[], Database], clients: int, repeat: int) -> dict[str, list[float]]:
    """Milliseconds of each query's runs: ``repeat`` runs per client, the clients at once."""
    spent: dict[str, list[float]] = {text: [] for text in QUERIES}
    lock = threading.Lock()

    def client(number: int) -> None:
        db = connect()
        try:
            mine = []
            for run in range(repeat * len(QUERIES)):
                text = QUERIES[(number + run) % len(QUERIES)]
                started = time.perf_counter()
                db.search_rows(parse_query(text), [], [], FACET_MATCHES, RANKED_MATCHES)
                mine.append((text, (time.perf_counter() - started) * 1000))
        finally:
            db.close()
        with lock:
            for text, ms in mine:
                spent[text].append(ms)

    run_clients(client, clients)
    return spent


def figures(spent: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    return {
        text: {
            "p50": round(statistics.median(runs), 1),
            "p95": round(percentile(runs, 0.95), 1),
        }
        for text, runs in spent.items()
    }


@contextmanager
def backend(name: str, folder: Path) -> Iterator[Callable[[], Database]]:
    """A fresh store's search index, and how to open a connection to it."""
    if name == "sqlite":
        path = folder / "search.db"
        open_store(path).close()
        yield lambda: SQLiteDatabase(path, write_wait=5.0)
        return
    from tests.postgres_server import PostgresServer  # noqa: PLC0415

    with PostgresServer.start() as server:
        url = server.create_database("search")
        open_store(url).close()
        db = PostgresDatabase(url, write_wait=5.0)
        with db.transaction():
            db.execute("ALTER TABLE search_index DROP CONSTRAINT search_index_rowid_fkey")
        db.close()
        yield lambda: PostgresDatabase(url, write_wait=5.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results: dict[str, Any] = {"articles": args.articles, "clients": args.clients}
    for name in [args.only] if args.only else ["sqlite", "postgresql"]:
        with tempfile.TemporaryDirectory() as directory, backend(name, Path(directory)) as connect:
            started = time.perf_counter()
            db = connect()
            try:
                fill(db, args.articles)
                if isinstance(db, PostgresDatabase):
                    db.execute("VACUUM ANALYZE search_index")
            finally:
                db.close()
            filled = time.perf_counter() - started
            one = figures(timed(connect, 1, args.repeat))
            many = figures(timed(connect, args.clients, args.repeat))
        results[name] = {"fill_seconds": round(filled, 1), "one_client": one, "clients": many}
        if not args.json:
            print(f"{name}: {args.articles:,} documents indexed in {filled:.0f} s")
            for text in QUERIES:
                print(
                    f"  {text!r:13} one client p50 {one[text]['p50']:7.1f} ms p95"
                    f" {one[text]['p95']:7.1f}; {args.clients} clients p50"
                    f" {many[text]['p50']:7.1f} ms p95 {many[text]['p95']:7.1f}",
                    flush=True,
                )
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
