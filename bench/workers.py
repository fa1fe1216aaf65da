"""Ingest with several analysis workers against one, and on a Dask LocalCluster: throughput,
peak memory, and the same output.

Writes the IndoSum dev articles (``../shared/data/indosum/dev.0*.jsonl``, tokenised text, with
their URLs and time stamps) to one JSONL file, then ingests it into a fresh SQLite store once per
runner, each run a subprocess as a user runs it (``warta ingest --workers N``, ``warta ingest
--dask local --workers N``), and prints the wall time, the articles per second, the ratio to the
first run, and the peak resident memory of the writer (the ``warta`` process) and of the largest
analysis worker (its child processes; a Dask worker is a grandchild under its nanny). It then
checks that every run stored the same articles (the same analysed documents) and the same
stories.

Run it from the repository root on a quiet machine::

    .venv/bin/python bench/workers.py [--articles 3000] [--workers 1 2] [--dask 1 2 4] [--json]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from entities import INDOSUM, indosum_records, write_corpus


def _peak_kib(pid: int) -> int:
    """A process's peak resident memory so far (VmHWM), in KiB; 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    found = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                found.extend([int(child), *_descendants(int(child))])
    except OSError:
        pass
    return found


def run(inputs: Path, db: Path, options: list[str]) -> tuple[float, int, int]:
    """Ingest once; wall seconds, and the peak memory (KiB) of the writer and of a worker."""
    warta = [sys.executable, "-m", "warta", "--db", str(db)]
    started = time.perf_counter()
    process = subprocess.Popen([*warta, "ingest", str(inputs), *options])
    peaks = {"writer": 0, "worker": 0}

    def watch() -> None:
        while process.poll() is None:
            peaks["writer"] = max(peaks["writer"], _peak_kib(process.pid))
            for child in _descendants(process.pid):
                peaks["worker"] = max(peaks["worker"], _peak_kib(child))
            time.sleep(0.2)

    watcher = threading.Thread(target=watch)
    watcher.start()
    if process.wait() != 0:
        raise SystemExit(f"warta ingest {' '.join(options)} failed")
    watcher.join()
    return time.perf_counter() - started, peaks["writer"], peaks["worker"]


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
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    parser.add_argument(
        "--dask", type=int, nargs="*", default=[], help="workers of a LocalCluster, one run each"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    runners = [(f"--workers {n}", ["--workers", str(n)]) for n in args.workers]
    runners += [
        (f"--dask local --workers {n}", ["--dask", "local", "--workers", str(n)]) for n in args.dask
    ]
    with tempfile.TemporaryDirectory() as scratch:
        folds = sorted(path.name for path in INDOSUM.glob("dev.0*.jsonl"))
        records = indosum_records(folds)[: args.articles]
        inputs = write_corpus(records, Path(scratch) / "indosum.jsonl")
        count = len(records)
        results: list[dict[str, Any]] = []
        outputs = []
        for number, (name, options) in enumerate(runners):
            db = Path(scratch) / f"run{number}.db"
            seconds, writer, worker = run(inputs, db, options)
            results.append(
                {
                    "runner": name,
                    "seconds": seconds,
                    "per_second": count / seconds,
                    "writer_peak_mib": writer / 1024,
                    "worker_peak_mib": worker / 1024,
                }
            )
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
    print(f"{count} IndoSum dev articles, warta ingest into a fresh SQLite store")
    for result in results:
        print(
            f"  {result['runner']:<26} {result['seconds']:7.1f} s"
            f"  {result['per_second']:6.1f} articles/s  x{result['ratio']:.2f}"
            f"  peak memory: writer {result['writer_peak_mib']:5.0f} MiB,"
            f" worker {result['worker_peak_mib']:5.0f} MiB"
        )
    print(f"same articles: {same_articles}; same stories: {same_stories}")


if __name__ == "__main__":
    main()
