"""Search on a large corpus: what ranking every match costs against ranking the matches stored
last (:data:`warta.store.search.RANKED_MATCHES`), on SQLite's FTS5.

The script indexes ``--articles`` documents (default 100,000) of 300 words drawn from a
3,000-word Zipf vocabulary (a 10-word title, a 290-word body) straight into a fresh store's
search index, then times the store's own ``search_rows`` for two-word queries of common,
middling and rare words: once ranking every match (the bound above the corpus) and once with
the shipped bound. It prints, per query, the matches and the median of ``--repeat`` runs of
each, and their ratio.

Run it from the repository root::

    .venv/bin/python bench/search_rank.py [--articles 100000] [--repeat 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from warta.store import open_store
from warta.store.search import FACET_MATCHES, RANKED_MATCHES, parse_query
from warta.store.sqlite.database import SQLiteDatabase

SEED = 20221122
VOCABULARY = 3000
WORDS = 300
TITLE_WORDS = 10
#: Two-word queries: common words (matching nearly every document), middling, rare.
QUERIES = ("w1 w2", "w5 w40", "w300 w900")


def fill(db: SQLiteDatabase, articles: int) -> None:
    rng = random.Random(SEED)
    vocabulary = [f"w{rank}" for rank in range(VOCABULARY)]
    weights = [1 / (rank + 1) for rank in range(VOCABULARY)]
    with db.transaction():
        for rowid in range(1, articles + 1):
            words = rng.choices(vocabulary, weights, k=WORDS)
            title, body = " ".join(words[:TITLE_WORDS]), " ".join(words[TITLE_WORDS:])
            db.index_search(rowid, "", title, body)


def timed(db: SQLiteDatabase, text: str, among: int, repeat: int) -> tuple[int, float]:
    """Matches, and the median milliseconds of counting them and ranking the best."""
    parsed = parse_query(text)
    spent = []
    for _ in range(repeat):
        started = time.perf_counter()
        total, _ = db.search_rows(parsed, [], [], FACET_MATCHES, among)
        spent.append((time.perf_counter() - started) * 1000)
    return total, statistics.median(spent)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "search.db"
        open_store(path).close()  # the schema
        db = SQLiteDatabase(path, write_wait=5.0)
        try:
            started = time.perf_counter()
            fill(db, args.articles)
            if not args.json:
                took = time.perf_counter() - started
                print(f"{args.articles:,} documents indexed in {took:.0f} s")
            for text in QUERIES:
                total, every = timed(db, text, args.articles + 1, args.repeat)
                _, bounded = timed(db, text, RANKED_MATCHES, args.repeat)
                results.append(
                    {"query": text, "matches": total, "rank_all_ms": every,
                     "bounded_ms": bounded, "ratio": bounded / every}
                )  # fmt: skip
        finally:
            db.close()
    if args.json:
        print(json.dumps({"articles": args.articles, "bound": RANKED_MATCHES, "queries": results}))
        return
    print(f"best {FACET_MATCHES} ranked; bound: the {RANKED_MATCHES:,} matches stored last")
    for row in results:
        print(
            f"  {row['query']!r:13} {row['matches']:>7,} matches: every match ranked"
            f" {row['rank_all_ms']:7.1f} ms, bounded {row['bounded_ms']:6.1f} ms"
            f" (x{row['ratio']:.2f})"
        )


if __name__ == "__main__":
    main()
