"""SQLite against PostgreSQL: the store's side of an ingest, and the reads an analyst makes, on
the same articles.

Each backend is filled with the same :mod:`synthetic_news` articles (already analysed, so the
analysis, which is the same for both, is left out), written and placed in stories in batches as
ingest does. The script prints, per backend:

* **fill**: articles per second written and clustered, and the same over the last
  ``--measure`` articles (the cost once the store holds ``--articles``);
* **reads**, each timed ``--reads`` times with ``--clients`` threads, each on its own store
  (as ``warta serve`` gives each request one): a story page's data (the story with its
  articles and events, its entities and quotes), an entity's page (its mentions over time,
  quotes and stories, for the 20 most mentioned and 30 others), search (two words, a fifth
  of them phrases, with facets), the entity list (the 50 most mentioned), the quote list (the
  50 newest) and the story list (newest or largest first), each paging through the first four
  pages, the article list (newest or oldest first, the first four pages), the front page (the
  ranked stories of more than one article, their total and the folded count), trending
  stories, the quote page after the 100,000th quote (``after=``), an entity's companions,
  attention (an entity and a search by week, with their outlets) and the outlet list, with the
  median and 95th percentile in milliseconds;
* **peak memory** of the process (``ru_maxrss``), after each backend, and the database's size;

and the ratio PostgreSQL / SQLite of each figure. PostgreSQL is a real server: the one at
``--postgres URL``, or (by default) one the script starts itself in a temporary directory with
the tests' :mod:`tests.postgres_server` (Debian's postgresql, durability off as in the tests:
the same for a server with fsync on is slower to write).

A store filled already is only read again: a SQLite store kept by an earlier run
(``--keep DIR``), or a PostgreSQL database at ``--postgres URL`` that holds articles (the fill
figures are then 0).

Run it from the repository root::

    .venv/bin/python bench/stores.py [--articles 10000] [--measure 1000] [--reads 200]
        [--clients 8] [--postgres URL] [--only sqlite|postgresql] [--keep DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.postgres_server

from clients import percentile, run_clients
from cluster import BATCH, add
from synthetic_news import NEWS_NOUNS, synthetic_stream
from warta.present.attention import attention
from warta.records import (
    ArticleQuery,
    Entity,
    EntityQuery,
    QuoteQuery,
    SearchQuery,
    Store,
    StoryQuery,
)
from warta.store import open_store
from warta.web.page_data import ENTITY_QUOTES, ENTITY_STORIES

SEED = 20221122
BACKENDS = ("sqlite", "postgresql")
PHRASE_SHARE = 0.2
#: Stories whose pages are read: the 20 largest and 80 others at random.
LARGEST_STORIES = 20
OTHER_STORIES = 80
#: Entities whose pages are read: the 20 most mentioned and 30 others at random.
LARGEST_ENTITIES = 20
OTHER_ENTITIES = 30
#: The quote whose keyset page (``after=``) is read: as deep as a store of 100,000 articles
#: allows (a smaller store's last quote's page is read instead).
DEEP_QUOTE = 100_000


def fill(location: str, count: int, measure: int) -> dict[str, float]:
    """Store ``count`` articles; articles per second overall and over the last ``measure``."""
    store = open_store(location)
    stream = iter(synthetic_stream(count, seed=SEED))
    started = time.perf_counter()
    last_started = started
    stored = 0
    while batch := list(islice(stream, BATCH)):
        if stored <= count - measure < stored + len(batch):
            last_started = time.perf_counter()
            last_from = stored
        add(store, [item.article for item in batch])
        stored += len(batch)
        if stored % 5000 < BATCH:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"  {stored:>7,} stored ({time.perf_counter() - started:.0f} s,"
                f" peak {peak:.0f} MiB)",
                flush=True,
            )
    ended = time.perf_counter()
    store.close()
    return {
        "articles_per_second": stored / (ended - started),
        "last_articles_per_second": (stored - last_from) / (ended - last_started),
    }


def reads(location: str, count: int, clients: int) -> dict[str, dict[str, float]]:
    """Median and 95th percentile (ms) of each read, ``count`` of each over ``clients``."""
    rng = random.Random(SEED)
    with open_store(location) as store:
        largest = [s.id for s in store.list_stories(StoryQuery(order="largest", limit=20))]
        others = [s.id for s in store.list_stories(StoryQuery(limit=5000))]
    stories = largest + rng.sample(others, min(OTHER_STORIES, len(others)))
    with open_store(location) as store:
        top = store.list_entities(EntityQuery(limit=LARGEST_ENTITIES))
        more = store.list_entities(EntityQuery(limit=5000))
    entities = top + rng.sample(more, min(OTHER_ENTITIES, len(more)))
    words = sorted(NEWS_NOUNS)
    searches = []
    for _ in range(count):
        a, b = rng.sample(words, 2)
        searches.append(f'"{a} {b}"' if rng.random() < PHRASE_SHARE else f"{a} {b}")

    def story_page(store: Store, number: int) -> None:
        story = store.get_story(stories[number % len(stories)])
        assert story is not None
        ids = [article.id for article in story.articles]
        store.list_entities(EntityQuery(article_ids=ids, limit=30))
        store.list_quotes(QuoteQuery(article_ids=ids, limit=50))

    def entity_page(store: Store, number: int) -> None:
        # As the web's entity page reads it (warta.web.page_data.entity_page).
        entity = entities[number % len(entities)]
        assert store.list_entities(EntityQuery(id=entity.id))
        store.entity_activity(entity.id)
        if entity.type == "PERSON":
            store.list_quotes(QuoteQuery(speaker=entity.canonical, limit=ENTITY_QUOTES))
        store.list_stories(StoryQuery(entity=entity.canonical, limit=ENTITY_STORIES))

    def search(store: Store, number: int) -> None:
        store.search(SearchQuery(searches[number], limit=20))

    def entity_list(store: Store, number: int) -> None:
        store.list_entities(EntityQuery(limit=50, offset=50 * (number % 4)))

    def quote_list(store: Store, number: int) -> None:
        store.list_quotes(QuoteQuery(limit=50, offset=50 * (number % 4)))

    def story_list(store: Store, number: int) -> None:
        offset = 50 * (number % 4)
        if number % 2:
            store.list_stories(StoryQuery(order="largest", limit=50, offset=offset))
        else:
            store.list_stories(StoryQuery(order="newest", limit=50, offset=offset))

    def article_list(store: Store, number: int) -> None:
        offset = 50 * (number % 4)
        if number % 2:
            query = ArticleQuery(order="oldest", limit=50, offset=offset)
        else:
            query = ArticleQuery(order="newest", limit=50, offset=offset)
        assert len(list(store.list_articles(query))) == 50

    kinds: dict[str, Callable[[Store, int], None]] = {
        **analyst_reads(location, entities, searches),
        "story page": story_page,
        "entity page": entity_page,
        "search": search,
        "entity list": entity_list,
        "quote list": quote_list,
        "story list": story_list,
        "article list": article_list,
    }
    return {name: timed(location, read, count, clients) for name, read in kinds.items()}


def analyst_reads(
    location: str, entities: list[Entity], searches: list[str]
) -> dict[str, Callable[[Store, int], None]]:
    """The reads of the front page, trending, a deep keyset page of quotes, an entity's
    companions, attention and the outlet list."""
    with open_store(location) as store:
        # a quote deep in the list, for the keyset page after it
        deep = store.list_quotes(QuoteQuery(limit=1, offset=DEEP_QUOTE)) or store.list_quotes(
            QuoteQuery(limit=1, offset=max(store.count_quotes() - 1, 0))
        )
    after = f"{deep[0].article}:{deep[0].number}" if deep else None

    def front_page(store: Store, number: int) -> None:
        # As the web's front page reads it: the ranked page, its total and the folded ones.
        query = StoryQuery(order="ranked", singles=False, limit=21, offset=20 * (number % 4))
        store.list_stories(query)
        store.count_stories(query)
        store.count_stories(StoryQuery(order="ranked"))

    def trending(store: Store, number: int) -> None:
        query = StoryQuery(order="trending", singles=False, limit=21)
        store.list_stories(query)
        store.count_stories(query)

    def deep_quote_page(store: Store, number: int) -> None:
        store.list_quotes(QuoteQuery(limit=50, after=after))

    def companions(store: Store, number: int) -> None:
        store.cooccurring(entities[number % len(entities)].id, 15)

    def attention_read(store: Store, number: int) -> None:
        entity = entities[number % len(entities)]
        attention(store, [("entity", entity.canonical), ("search", searches[number])], "week")

    def outlet_list(store: Store, number: int) -> None:
        store.list_outlets(limit=40)

    return {
        "front page": front_page,
        "trending": trending,
        f"quote page after {DEEP_QUOTE:,}": deep_quote_page,
        "entity companions": companions,
        "attention": attention_read,
        "outlet list": outlet_list,
    }


def timed(
    location: str, read: Callable[[Store, int], None], count: int, clients: int
) -> dict[str, float]:
    spent: list[float] = []
    lock = threading.Lock()
    numbers: Iterator[int] = iter(range(count))

    def client(_: int) -> None:
        with open_store(location) as store:
            while True:
                with lock:
                    number = next(numbers, None)
                if number is None:
                    return
                started = time.perf_counter()
                read(store, number)
                took = (time.perf_counter() - started) * 1000
                with lock:
                    spent.append(took)

    run_clients(client, clients)
    return {"p50_ms": statistics.median(spent), "p95_ms": percentile(spent, 0.95)}


def size_mib(location: str) -> float:
    if location.startswith("postgresql://"):
        with open_store(location) as store:
            database = store._db  # type: ignore[attr-defined]
            row = database.execute("SELECT pg_database_size(current_database())").fetchone()
            return int(row[0]) / 2**20
    path = Path(location)
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 2**20


def filled_already(name: str, location: str, options: argparse.Namespace) -> bool:
    """Whether to only read: a kept SQLite store (``--keep``) that exists, or a PostgreSQL
    database given with ``--postgres`` that holds articles."""
    if name == "sqlite":
        return bool(options.keep) and Path(location).exists()
    if options.postgres is None:
        return False
    with open_store(location) as store:
        return bool(list(store.list_articles(ArticleQuery(limit=1))))


@dataclass
class Figures:
    fill: dict[str, float]
    reads: dict[str, dict[str, float]]
    peak_mib: float
    size_mib: float


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--measure", type=int, default=1000)
    parser.add_argument("--reads", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--postgres", help="a postgresql:// URL (default: start a server)")
    parser.add_argument(
        "--only",
        choices=BACKENDS,
        help="measure one backend (two runs can then share a long evening)",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        help="write the SQLite store into this directory and keep it; when it is there already,"
        " only read it (the reads again, on a quieter machine or after a change)",
    )
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    figures: dict[str, Figures] = {}
    with ExitStack() as stack:
        if options.keep:
            options.keep.mkdir(parents=True, exist_ok=True)
            folder = options.keep
        else:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="warta-stores-")))
        url = options.postgres
        if url is None and options.only != "sqlite":
            from tests.postgres_server import PostgresServer  # noqa: PLC0415

            server = stack.enter_context(PostgresServer.start())
            url = server.create_database("bench")
        locations = {"sqlite": str(folder / "bench.db"), "postgresql": url}
        for name in [options.only] if options.only else BACKENDS:
            location = locations[name]
            assert location is not None
            if filled_already(name, location, options):
                print(f"{name}: reading the store already filled", flush=True)
                filled = {"articles_per_second": 0.0, "last_articles_per_second": 0.0}
            else:
                print(f"{name}: filling with {options.articles:,} articles", flush=True)
                filled = fill(location, options.articles, options.measure)
            read = reads(location, options.reads, options.clients)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            figures[name] = Figures(filled, read, peak, size_mib(location))
    if options.json or options.only:
        print(json.dumps({name: asdict(f) for name, f in figures.items()}, indent=2))
        return
    sqlite, postgres = figures["sqlite"], figures["postgresql"]
    print(
        f"\n{options.articles:,} articles; reads: {options.reads} each, {options.clients} clients"
    )
    print(f"{'':30}{'SQLite':>12}{'PostgreSQL':>12}{'ratio':>8}")
    rows = [
        ("fill, articles/s", "articles_per_second"),
        (f"last {options.measure:,}, articles/s", "last_articles_per_second"),
    ]
    table = [(label, sqlite.fill[key], postgres.fill[key]) for label, key in rows]
    for kind, stats in sqlite.reads.items():
        for stat, value in stats.items():
            table.append(
                (f"{kind} {stat.removesuffix('_ms')} ms", value, postgres.reads[kind][stat])
            )
    table.append(("peak memory MiB (so far)", sqlite.peak_mib, postgres.peak_mib))
    table.append(("database MiB", sqlite.size_mib, postgres.size_mib))
    for label, a, b in table:
        print(f"{label:30}{a:>12.1f}{b:>12.1f}{b / a if a else 0:>8.2f}")


if __name__ == "__main__":
    main()
