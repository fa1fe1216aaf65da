"""Ingest with several analysis workers against one, on a Dask LocalCluster, and into
PostgreSQL: throughput, peak memory, and the same output.

Writes the IndoSum dev articles (``../shared/data/indosum/dev.0*.jsonl``, tokenised text, with
their URLs and time stamps) to one JSONL file, then ingests it into a fresh SQLite store once per
runner, each run a subprocess as a user runs it (``warta ingest --workers N``, ``warta ingest
--dask local --workers N``; with ``--postgres N``, ``--workers N`` into a PostgreSQL database of a
server the script starts, as the tests do), and prints the wall time, the articles per second,
the ratio to the first run, the CPU time of the writer and its workers and the cores' idle time
(cores x wall - CPU: what the pipeline left unused), and the peak resident memory of the writer
(the ``warta`` process) and of the largest analysis worker (its child processes; a Dask worker
is a grandchild under its nanny). It then checks every run against the first: the same
articles (the same analysed documents), the same entities (names, types, aliases, counts), and
the stories' B-cubed F1.

Run it from the repository root on a quiet machine::

    .venv/bin/python bench/workers.py [--articles 3000] [--workers 1 2] [--dask 1 2 4]
        [--postgres 1 2] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from entities import INDOSUM, indosum_records, write_corpus
from warta.eval.stories import bcubed
from warta.store import open_store


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


def run(inputs: Path, db: str, options: list[str]) -> tuple[float, float, int, int]:
    """Ingest once; wall seconds, CPU seconds (user and system, the writer and its workers),
    and the peak memory (KiB) of the writer and of a worker."""
    warta = [sys.executable, "-m", "warta", "--db", db]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
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
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the workers, waited for, included
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    watcher.join()
    return seconds, cpu, peaks["writer"], peaks["worker"]


def stored(db: str) -> tuple[dict[str, str], set[Any], dict[str, int]]:
    """The analysed documents by id, the entities, and each article's story."""
    with open_store(db) as store:
        documents = {a.id: json.dumps(a.to_dict(), sort_keys=True) for a in store.list_articles()}
        entities = {
            (e.type, e.canonical, tuple(e.aliases), e.mentions, e.articles)
            for e in store.list_entities()
        }
        placed = {i: p.story for i, p in store.placements(list(documents)).items()}
    return documents, entities, placed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    parser.add_argument(
        "--dask", type=int, nargs="*", default=[], help="workers of a LocalCluster, one run each"
    )
    parser.add_argument(
        "--postgres", type=int, nargs="*", default=[], help="workers, one run each into PostgreSQL"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    runners = [(f"--workers {n}", ["--workers", str(n)]) for n in args.workers]
    runners += [
        (f"--dask local --workers {n}", ["--dask", "local", "--workers", str(n)]) for n in args.dask
    ]
    runners += [(f"postgresql --workers {n}", ["--workers", str(n)]) for n in args.postgres]
    with ExitStack() as stack:
        scratch = stack.enter_context(tempfile.TemporaryDirectory())
        server = None
        if args.postgres:
            sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
            from tests.postgres_server import PostgresServer  # noqa: PLC0415

            server = stack.enter_context(PostgresServer.start())
        folds = sorted(path.name for path in INDOSUM.glob("dev.0*.jsonl"))
        records = indosum_records(folds)[: args.articles]
        inputs = write_corpus(records, Path(scratch) / "indosum.jsonl")
        count = len(records)
        results: list[dict[str, Any]] = []
        outputs = []
        for number, (name, options) in enumerate(runners):
            db = str(Path(scratch) / f"run{number}.db")
            if name.startswith("postgresql") and server is not None:
                db = server.create_database(f"run{number}")
            seconds, cpu, writer, worker = run(inputs, db, options)
            results.append(
                {
                    "runner": name,
                    "seconds": seconds,
                    "cpu_seconds": cpu,
                    # what the machine's cores could have done meanwhile and did not
                    "idle_core_seconds": (os.cpu_count() or 1) * seconds - cpu,
                    "per_second": count / seconds,
                    "writer_peak_mib": writer / 1024,
                    "worker_peak_mib": worker / 1024,
                }
            )
            outputs.append(stored(db))
        base = results[0]["per_second"]
        for result in results:
            result["ratio"] = result["per_second"] / base
        for result, output in zip(results, outputs, strict=True):
            result["same_articles"] = output[0] == outputs[0][0]
            result["same_entities"] = output[1] == outputs[0][1]
            result["stories_bcubed_f1"] = bcubed(output[2], outputs[0][2]).f1
    if args.json:
        print(json.dumps({"articles": count, "runs": results}, indent=2))
        return
    print(f"{count} IndoSum dev articles, warta ingest into a fresh store")
    for result in results:
        print(
            f"  {result['runner']:<26} {result['seconds']:7.1f} s"
            f"  {result['per_second']:6.1f} articles/s  x{result['ratio']:.2f}"
            f"  CPU {result['cpu_seconds']:.1f} s, cores idle {result['idle_core_seconds']:.1f} s"
            f"  peak memory: writer {result['writer_peak_mib']:5.0f} MiB,"
            f" worker {result['worker_peak_mib']:5.0f} MiB"
        )
        print(
            f"  {'':<26} against the first: same articles {result['same_articles']},"
            f" same entities {result['same_entities']},"
            f" stories B-cubed F1 {result['stories_bcubed_f1']:.4f}"
        )


if __name__ == "__main__":
    main()
