"""Story products cost: time to build the timeline and the summary of a story of 500 articles
(and of smaller ones, to see how the cost grows), from a SQLite store, as `warta story ID`
builds them.

The articles come from :mod:`synthetic_news` (already analysed: bodies, dates, entities,
quotes, about a fifth of them wire copies): the articles of its largest stories, taken as one
story until there are enough. The cost depends on how many articles, sentences and dates a
story has, not on whether they truly belong together; the synthetic text is word salad, so the
products themselves are not worth reading. Each size is built :data:`REPEATS` times and the
median reported, split into reading the articles, the timeline and the summary.

Run it from the repository root::

    .venv/bin/python bench/story_products.py [--sizes 50,100,500] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cluster import raw_of
from synthetic_news import synthetic_stream
from warta.corpus.products import story_articles
from warta.corpus.story_summary import summarize_story
from warta.corpus.timeline import build_timeline
from warta.records import StoryArticle, StoryDetail, StorySummary
from warta.store import open_store

#: Articles generated to find stories large enough (the largest synthetic story of 20,000
#: articles has about 400).
POOL = 20_000
SEED = 20220110
REPEATS = 3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="50,100,500", help="story sizes, comma-separated")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    print(f"generating {POOL:,} synthetic articles ...", flush=True)
    items = list(synthetic_stream(POOL, seed=SEED))
    by_story: dict[str, list[str]] = defaultdict(list)
    for item in items:
        by_story[item.story].append(item.article.id)
    ranked = [story for story, _ in Counter({s: len(a) for s, a in by_story.items()}).most_common()]
    chosen = [article for story in ranked for article in by_story[story]][: max(sizes)]
    wanted = set(chosen)
    picked = [item for item in items if item.article.id in wanted]
    results = {}
    with tempfile.TemporaryDirectory(prefix="warta-bench-") as folder:
        store = open_store(Path(folder) / "products.db")
        store.write([(s.article, raw_of(s.article)) for s in picked], [])
        for size in sizes:
            members = picked[:size]
            detail = StoryDetail(
                StorySummary(1, None, None, None, size, size),
                [
                    StoryArticle(
                        s.article.id, s.article.title, s.article.outlet, s.article.published,
                        None, s.original, pinned=False,
                    )
                    for s in members
                ],
                [],
                [],
            )  # fmt: skip
            copies = {s.article.id: s.original for s in members if s.original}
            timings: dict[str, list[float]] = defaultdict(list)
            for _ in range(REPEATS):
                started = time.perf_counter()
                articles = story_articles(store, detail)
                read = time.perf_counter()
                timeline = build_timeline(articles, copies)
                built = time.perf_counter()
                summary = summarize_story(articles, copies)
                done = time.perf_counter()
                timings["read_s"].append(read - started)
                timings["timeline_s"].append(built - read)
                timings["summary_s"].append(done - built)
                timings["total_s"].append(done - started)
            results[size] = {key: statistics.median(values) for key, values in timings.items()}
            results[size]["entries"] = len(timeline.entries) + len(timeline.background)
            results[size]["summary_sentences"] = len(summary)
            figures = results[size]
            print(
                f"  {size:>4} articles: total {figures['total_s']:.2f} s (read"
                f" {figures['read_s']:.2f}, timeline {figures['timeline_s']:.2f}, summary"
                f" {figures['summary_s']:.2f}); {figures['entries']:.0f} timeline entries,"
                f" {figures['summary_sentences']:.0f} summary sentences",
                flush=True,
            )
        store.close()
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        per_small = results[small]["total_s"] / small
        per_large = results[large]["total_s"] / large
        print(f"  cost per article, {large} vs {small}: ratio {per_large / per_small:.2f}")
    if args.json:
        print(json.dumps({str(k): v for k, v in results.items()}, indent=1))


if __name__ == "__main__":
    main()
