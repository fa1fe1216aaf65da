"""Web latency under load: the story page, the search API and the article page of `warta serve`,
with 10,000 articles stored, under 8 concurrent clients.

The store is filled with :mod:`synthetic_news` articles (already analysed, then placed in
stories by the real clustering), and `warta serve` runs as its own process(es), as a user starts
it. Before the load, every story page in the sample is opened once, so its products (timeline,
summary) are built and kept: that first visit is timed apart ("cold"), since it happens once per
change of a story. Then ``--clients`` threads, each with its own keep-alive connection, request
a random mix of the three for ``--seconds``; the median and 95th percentile of each kind are
printed, with requests per second. The synthetic text is word salad from a small vocabulary, so
search words match a large share of the corpus: harder for search than real news.

Run it from the repository root::

    .venv/bin/python bench/api.py [--articles 10000] [--clients 8] [--seconds 30] [--workers 2]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from itertools import islice
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from clients import percentile, run_clients
from cluster import BATCH, add
from synthetic_news import NEWS_NOUNS, synthetic_stream
from warta.records import StoryQuery
from warta.store import open_store

SEED = 20221122
#: Stories whose pages the load visits: the 20 largest (the slowest pages) and 80 others.
LARGEST_STORIES = 20
OTHER_STORIES = 80
#: Articles whose pages the load visits, drawn at random.
ARTICLE_SAMPLE = 500
#: Distinct searches the load picks from: so many that few repeat in a run, and kept answers
#: (``warta serve`` keeps them until the store changes) do not make search look faster than it
#: is. A fifth of the two-word searches are phrases.
SEARCH_QUERIES = 5000
PHRASE_SHARE = 0.2
#: The share of each kind of request in the load: an analyst reads stories, searches, opens
#: articles.
MIX = (("story page", 0.4), ("search API", 0.4), ("article page", 0.2))
#: The issue's goal for the story page and search, at the 95th percentile.
GOAL_P95_MS = 200.0


def fill(path: Path, count: int) -> None:
    """Store ``count`` synthetic articles and place them in stories."""
    store = open_store(path)
    stream = iter(synthetic_stream(count, seed=SEED))
    started = time.perf_counter()
    stored = 0
    while batch := list(islice(stream, BATCH)):
        add(store, [item.article for item in batch])
        stored += len(batch)
        if stored % 2000 < BATCH:
            print(f"  {stored:>6,} stored ({time.perf_counter() - started:.0f} s)", flush=True)
    store.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db: Path, port: int, workers: int, cache_mb: int) -> subprocess.Popen[bytes]:
    warta = Path(sys.executable).parent / "warta"
    server = subprocess.Popen(
        [
            str(warta),
            "--db",
            str(db),
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--cache-mb",
            str(cache_mb),
        ],
        env={**os.environ, "WARTA_API_TOKEN": ""},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("warta serve exited before it answered") from None
            time.sleep(0.2)
    server.kill()
    raise SystemExit("warta serve did not answer within 60 s")


class Client:
    """One keep-alive connection, as a browser tab keeps one."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def get(self, url: str) -> float:
        """Seconds to fetch ``url`` entirely; fails on any status but 200."""
        started = time.perf_counter()
        try:
            self.connection.request("GET", url)
            response = self.connection.getresponse()
            body = response.read()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            raise
        if response.status != 200:
            raise RuntimeError(f"{url}: HTTP {response.status}: {body[:200]!r}")
        return time.perf_counter() - started


def targets(db: Path, facets: bool) -> dict[str, list[str]]:
    """The URLs the load picks from, by kind."""
    store = open_store(db)
    largest = store.list_stories(StoryQuery(order="largest", limit=LARGEST_STORIES))
    others = store.list_stories(StoryQuery(order="newest", limit=OTHER_STORIES * 5))
    rng = random.Random(SEED)
    chosen = [s.id for s in largest] + [
        s.id for s in rng.sample(others, min(OTHER_STORIES, len(others)))
    ]
    articles = [a.id for a in store.list_articles()]
    store.close()
    nouns = list(NEWS_NOUNS)
    queries = set(nouns)  # every single word, then pairs and phrases until there are enough
    while len(queries) < SEARCH_QUERIES:
        a, b = rng.sample(nouns, 2)
        queries.add(f'"{a} {b}"' if rng.random() < PHRASE_SHARE else f"{a} {b}")
    return {
        "story page": [f"/stories/{story}" for story in dict.fromkeys(chosen)],
        "search API": [
            f"/api/search?q={quote(q)}{'&facets=true' if facets else ''}" for q in sorted(queries)
        ],
        "article page": [f"/articles/{a}" for a in rng.sample(articles, ARTICLE_SAMPLE)],
    }


def load(
    port: int, urls: dict[str, list[str]], clients: int, seconds: float
) -> tuple[dict[str, list[float]], dict[str, set[str]]]:
    """Latencies by kind, and the distinct URLs asked for."""
    timings: dict[str, list[float]] = defaultdict(list)
    asked: dict[str, set[str]] = defaultdict(set)
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    kinds = [kind for kind, _ in MIX]
    weights = [weight for _, weight in MIX]

    def run(number: int) -> None:
        rng = random.Random(SEED + number)
        client = Client(port)
        while time.monotonic() < stop:
            kind = rng.choices(kinds, weights)[0]
            url = rng.choice(urls[kind])
            try:
                took = client.get(url)
            except Exception as exc:  # counted and shown: a failed request is not a fast one
                with lock:
                    errors.append(f"{kind}: {exc}")
                continue
            with lock:
                timings[kind].append(took)
                asked[kind].add(url)

    run_clients(run, clients)
    if errors:
        print(f"  {len(errors)} requests failed; first: {errors[0]}")
    return timings, asked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2, help="warta serve --workers")
    parser.add_argument(
        "--cache-mb", type=int, default=64, help="warta serve --cache-mb (0: nothing kept)"
    )
    parser.add_argument(
        "--facets", action="store_true", help="searches ask for facets too (facets=true)"
    )
    parser.add_argument("--db", type=Path, help="reuse (or fill, when missing) this database")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="warta-bench-") as folder:
        db = args.db or Path(folder) / "api.db"
        if not db.exists():
            print(f"storing {args.articles:,} synthetic articles ...", flush=True)
            fill(db, args.articles)
        with open_store(db) as store:
            print(f"{store.count_articles():,} articles, {len(store.list_stories()):,} stories")
        urls = targets(db, args.facets)
        port = free_port()
        server = start_server(db, port, args.workers, args.cache_mb)
        try:
            client = Client(port)
            cold = [client.get(url) for url in urls["story page"]]
            print(
                f"first visits of {len(cold)} story pages (products built and kept): median"
                f" {1000 * statistics.median(cold):.0f} ms, max {1000 * max(cold):.0f} ms"
            )
            for url in urls["search API"][:5] + urls["article page"][:5]:
                client.get(url)
            print(
                f"load: {args.clients} clients for {args.seconds:.0f} s on"
                f" {args.workers} server process(es), {args.cache_mb} MB kept answers each ...",
                flush=True,
            )
            timings, asked = load(port, urls, args.clients, args.seconds)
        finally:
            server.terminate()
            server.wait(timeout=30)
    figures: dict[str, dict[str, float]] = {}
    for kind, _ in MIX:
        values = timings.get(kind, [])
        if not values:
            print(f"  {kind}: no requests completed")
            continue
        figures[kind] = {
            "requests": len(values),
            "per_second": len(values) / args.seconds,
            "median_ms": 1000 * statistics.median(values),
            "p95_ms": 1000 * percentile(values, 0.95),
            "max_ms": 1000 * max(values),
        }
        f = figures[kind]
        print(
            f"  {kind:<13} {f['requests']:>6.0f} requests ({f['per_second']:.0f}/s): median"
            f" {f['median_ms']:.0f} ms, p95 {f['p95_ms']:.0f} ms, max {f['max_ms']:.0f} ms;"
            f" {len(asked[kind])} distinct"
        )
    for kind in ("story page", "search API"):
        if kind in figures:
            ratio = figures[kind]["p95_ms"] / GOAL_P95_MS
            print(f"  {kind} p95 / goal ({GOAL_P95_MS:.0f} ms): {ratio:.2f}")
    if args.json:
        print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
