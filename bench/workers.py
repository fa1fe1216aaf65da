"""Ingest with several analysis workers against one: throughput, and the same output.

Writes the IndoSum dev articles (``../shared/data/indosum/dev.0*.jsonl``, tokenised text, with
their URLs and time stamps) to one JSONL file, then ingests it into a fresh SQLite store once per
worker count with ``warta ingest --workers N``, each run a subprocess as a user runs it, and
prints the wall time, the articles per second and the ratio to one worker. It then checks that
every run stored the same articles (the same analysed documents) and the same stories.

Run it from the repository root on a quiet machine::

    .venv/bin/python bench/workers.py [--articles 1000] [--workers 1 2] [--json]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from entities import INDOSUM, indosum_records, write_corpus


def run(inputs: Path, db: Path, workers: int) -> float:
    warta = [sys.executable, "-m", "warta", "--db", str(db)]
    started = time.perf_counter()
    subprocess.run([*warta, "ingest", str(inputs), "--workers", str(workers)], check=True)
    return time.perf_counter() - started


def stored(db: Path) -> tuple[dict[str, str], set[frozenset[str]]]:
    """The analysed documents by id, and the stories as sets of article ids."""
    with sqlite3.connect(db) as connection:
        documents = dict(connection.execute("SELECT id, document FROM articles"))
        stories: dict[int, set[str]] = {}
        for article, story in connection.execute("SELECT article_id, story_id FROM story_articles"):
            stories.setdefault(story, set()).add(article)
    return documents, {frozenset(members) for members in stories.values()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folds = sorted(path.name for path in INDOSUM.glob("dev.0*.jsonl"))
        records = indosum_records(folds)[: args.articles]
        inputs = write_corpus(records, Path(scratch) / "indosum.jsonl")
        count = len(records)
        results = []
        outputs = []
        for workers in args.workers:
            db = Path(scratch) / f"w{workers}.db"
            seconds = run(inputs, db, workers)
            results.append({"workers": workers, "seconds": seconds, "per_second": count / seconds})
            outputs.append(stored(db))
        base = results[0]["per_second"]
        for result in results:
            result["ratio"] = result["per_second"] / base
        same_articles = all(output[0] == outputs[0][0] for output in outputs)
        same_stories = all(output[1] == outputs[0][1] for output in outputs)
    if args.json:
        print(json.dumps({"articles": count, "runs": results, "same_articles": same_articles,
                          "same_stories": same_stories}, indent=2))  # fmt: skip
        return
    print(f"{count} IndoSum dev articles, warta ingest --workers N into a fresh SQLite store")
    for result in results:
        print(
            f"  {result['workers']} worker(s): {result['seconds']:7.1f} s"
            f"  {result['per_second']:6.1f} articles/s  x{result['ratio']:.2f}"
        )
    print(f"same articles: {same_articles}; same stories: {same_stories}")


if __name__ == "__main__":
    main()
