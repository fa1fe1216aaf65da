"""What analysing a few articles together saves: the NER tagger's time per article by how many
articles' sentences it tags in one call, and an analysis worker process's articles per second.

Real news (the IndoSum dev articles of ``tests/fixtures/grouping-dev``):

* **tagging**: the sentences of ``--articles`` articles (after ``--warm`` to fill the tagger's
  word caches) tagged 1, 4, 16 and 64 articles a call, in one process with one BLAS thread: CPU
  milliseconds per article for each, and whether every size gives the same tags as one article
  a call;
* **a worker**: one :class:`~warta.run.processes.AnalysisWorkers` process analysing
  ``--worker-articles`` articles in batches of 200, as an ingest gives them (the worker groups
  them itself, :func:`~warta.run.processes.groups`): articles per second of wall time.

Run it from the repository root::

    .venv/bin/python bench/analysis_groups.py [--articles 400] [--warm 200]
        [--worker-articles 1000] [--json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cpu import ARTICLES  # the grouping-dev articles, as bench/cpu.py reads them
from warta.lang.id.ner.tagger import tagger
from warta.lang.id.sentences import split_sentences
from warta.lang.threads import keep_to_one_thread
from warta.model import RawDocument
from warta.run.processes import AnalysisWorkers

SIZES = (1, 4, 16, 64)
BATCH = 200


def read(count: int) -> list[dict[str, str]]:
    with ARTICLES.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in itertools.islice(handle, count)]


def sentences(record: dict[str, str]) -> list[list[str]]:
    return [
        [token.text for token in sentence.tokens]
        for paragraph in record["text"].split("\n\n")
        for sentence in split_sentences(paragraph)
    ]


def tagging(articles: int, warm: int) -> tuple[dict[int, float], bool]:
    """CPU milliseconds per article at each size, and whether every size gives the tags one
    article a call gives."""
    keep_to_one_thread()
    ner = tagger("news")
    records = [sentences(record) for record in read(warm + articles)]
    for article in records[:warm]:
        ner.tag_many(article)
    chosen = records[warm:]
    milliseconds: dict[int, float] = {}
    tags: dict[int, list[list[str]]] = {}
    for size in SIZES:
        started = time.process_time()
        found: list[list[str]] = []
        for first in range(0, len(chosen), size):
            found += ner.tag_many([s for article in chosen[first : first + size] for s in article])
        milliseconds[size] = (time.process_time() - started) * 1000 / len(chosen)
        tags[size] = found
    return milliseconds, all(tags[size] == tags[1] for size in SIZES)


def worker(articles: int) -> float:
    raws = [
        RawDocument(record["id"] + ".txt", "text", record["text"], "utf-8")
        for record in read(articles)
    ]
    workers = AnalysisWorkers(count=1, budget=60.0)
    try:
        workers.start()
        workers.analyze(raws[:20])  # past its first articles' imports
        started = time.monotonic()
        for first in range(0, len(raws), BATCH):
            workers.analyze(raws[first : first + BATCH])
        return len(raws) / (time.monotonic() - started)
    finally:
        workers.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--warm", type=int, default=200)
    parser.add_argument("--worker-articles", type=int, default=1000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rate = worker(args.worker_articles)  # first: the worker forks before this process tags
    milliseconds, same = tagging(args.articles, args.warm)
    if args.json:
        tagged = {"ms_per_article": milliseconds, "same_tags": same}
        print(json.dumps({"tagging": tagged, "worker_articles_per_second": rate}))
        return
    print(f"tagging {args.articles} articles (after {args.warm} to warm the caches):")
    for size, ms in milliseconds.items():
        print(f"  {size:3} articles a call: {ms:5.2f} CPU ms per article")
    print(f"  the same tags at every size: {same}")
    print(f"one analysis worker, {args.worker_articles} articles: {rate:.1f} articles/s")


if __name__ == "__main__":
    main()
