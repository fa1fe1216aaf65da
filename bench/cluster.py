"""Story clustering cost and stability: time per added article as the store grows, peak
memory, and how much the stories depend on the order articles arrive in.

Articles come from :mod:`synthetic_news` (already analysed: many stories with bursts of coverage,
wire copies, same-topic distractors, at a constant number of articles per day), so the store can
be filled with 100,000 articles without running the per-article analysis. Each article is written
to a fresh SQLite store as ingest writes it, then placed by the clustering stage, in batches of
:data:`BATCH` as ingest does. The script reports:

* **cost per added article** (clustering only, and write + clustering) for ``--measure``
  articles added when the store holds ``--small`` (default 1,000) and ``--large`` (default
  100,000) articles, and the ratio large/small (the goal: at most 1.5);
* **peak memory** of the process (``ru_maxrss``) and the database size;
* **order sensitivity**: the first ``--order-articles`` articles clustered in arrival order and
  in a shuffled order, each in its own store; B-cubed F1 of the shuffled stories against the
  arrival-order stories (the goal: at least 0.95), and of each against the generator's true
  stories (how well clustering does on this synthetic stream).

Run it from the repository root::

    .venv/bin/python bench/cluster.py [--small N] [--large N] [--measure N]
        [--order-articles N] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_news import SyntheticArticle, synthetic_stream
from warta.corpus.cluster import Clusterer, ClusterReport
from warta.eval.stories import bcubed
from warta.model import Article, RawDocument
from warta.records import Store
from warta.store import open_store

#: Articles per store transaction, as ingest writes them.
BATCH = 200
SEED = 20211207


def raw_of(article: Article) -> RawDocument:
    """The input an analysed synthetic article would have come from."""
    return RawDocument(
        origin=f"synthetic:{article.id}",
        format="text",
        text="\n\n".join(article.body),
        url=article.url,
        outlet=article.outlet,
        title=article.title,
        published=article.published,
    )


def add(store: Store, articles: Sequence[Article]) -> tuple[float, float]:
    """Write a batch and place it into stories; seconds spent writing and clustering."""
    started = time.perf_counter()
    store.write([(a, raw_of(a)) for a in articles], [])
    written = time.perf_counter()
    with store.story_index() as index:
        Clusterer(index, ClusterReport()).place_all(articles)
    return written - started, time.perf_counter() - written


def batches(items: Iterable[SyntheticArticle], size: int) -> Iterator[list[SyntheticArticle]]:
    batch: list[SyntheticArticle] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def fill_and_measure(
    folder: Path, small: int, large: int, measure: int
) -> dict[str, dict[str, float]]:
    """Fill one store, timing ``measure`` articles added at ``small`` and at ``large``."""
    store = open_store(folder / "growth.db")
    stream = iter(synthetic_stream(large + measure, seed=SEED))
    stored = 0
    started = time.perf_counter()

    def grow(target: int) -> tuple[int, float, float]:
        nonlocal stored
        write = cluster = 0.0
        added = 0
        while stored < target:
            batch = list(islice(stream, min(BATCH, target - stored)))
            if not batch:
                break
            w, c = add(store, [s.article for s in batch])
            write, cluster, added, stored = (
                write + w,
                cluster + c,
                added + len(batch),
                stored + len(batch),
            )
            if stored % 10_000 < len(batch):
                print(f"  {stored:>7,} stored ({time.perf_counter() - started:.0f} s)", flush=True)
        return added, write, cluster

    results: dict[str, dict[str, float]] = {}
    for name, size in (("small", small), ("large", large)):
        grow(size)
        at = stored
        added, write, cluster = grow(stored + measure)
        results[name] = {
            "stored": at,
            "added": added,
            "cluster_ms_per_article": 1000 * cluster / added,
            "write_and_cluster_ms_per_article": 1000 * (write + cluster) / added,
        }
        print(
            f"  at {at:>7,} stored: clustering {results[name]['cluster_ms_per_article']:.2f}"
            f" ms/article; write + clustering"
            f" {results[name]['write_and_cluster_ms_per_article']:.2f} ms/article",
            flush=True,
        )
    store.close()
    return results


def order_sensitivity(folder: Path, count: int) -> dict[str, float]:
    """B-cubed F1 of shuffled-order stories against arrival-order stories."""
    items = list(synthetic_stream(count, seed=SEED + 1))
    truth = {s.article.id: s.story for s in items}
    shuffled = list(items)
    random.Random(SEED).shuffle(shuffled)
    stories = []
    for name, order in (("arrival", items), ("shuffled", shuffled)):
        store = open_store(folder / f"order-{name}.db")
        for batch in batches(order, BATCH):
            add(store, [s.article for s in batch])
        placed = store.placements([s.article.id for s in items])
        stories.append({article: p.story for article, p in placed.items()})
        store.close()
    arrival, reordered = stories
    return {
        "articles": count,
        "shuffled_vs_arrival_f1": bcubed(reordered, arrival).f1,
        "arrival_vs_truth_f1": bcubed(arrival, truth).f1,
        "shuffled_vs_truth_f1": bcubed(reordered, truth).f1,
        "stories_arrival": len(set(arrival.values())),
        "stories_true": len(set(truth.values())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--measure", type=int, default=1_000)
    parser.add_argument("--order-articles", type=int, default=3_000)
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON too.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="warta-bench-") as directory:
        folder = Path(directory)
        print(f"growth: {args.small:,} then {args.large:,} stored, {args.measure:,} added at each")
        growth = fill_and_measure(folder, args.small, args.large, args.measure)
        size_mb = (folder / "growth.db").stat().st_size / 2**20
        print(f"order sensitivity: {args.order_articles:,} articles, arrival vs shuffled")
        order = order_sensitivity(folder, args.order_articles)
    ratio = growth["large"]["cluster_ms_per_article"] / growth["small"]["cluster_ms_per_article"]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"cost ratio at {args.large:,} / {args.small:,} stored: {ratio:.2f} (goal <= 1.5)")
    print(f"peak memory {peak_mb:.0f} MB; database of {args.large:,} articles {size_mb:.0f} MB")
    print(
        f"order: shuffled vs arrival B-cubed F1 {order['shuffled_vs_arrival_f1']:.3f}"
        f" (goal >= 0.95); vs the true stories: arrival {order['arrival_vs_truth_f1']:.3f},"
        f" shuffled {order['shuffled_vs_truth_f1']:.3f}"
    )
    if args.json:
        report = {"growth": growth, "ratio": ratio, "peak_mb": peak_mb, "db_mb": size_mb}
        print(json.dumps({**report, "order": order}, indent=1))


if __name__ == "__main__":
    main()
