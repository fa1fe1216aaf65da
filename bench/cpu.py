"""CPU cost per article: a real ingest in one process, and where its CPU time goes.

The script ingests the first ``--articles`` articles (default 1,000) of the grouping-dev fixture
(real IndoSum news, ``tests/fixtures/grouping-dev/inputs/articles.jsonl``), after skipping
``--skip`` of them, with :func:`warta.run.local.ingest` into an SQLite store: a fresh one, or
``--store`` (kept, so a second run can ingest the next articles into it, in a new process, as a
daily ``warta ingest`` does). The analysis runs in this process (``InProcess``, one article after
the other) and NumPy's BLAS keeps one thread, so every CPU second counted is this process's.

It prints CPU seconds (``time.process_time``: what the ingest costs whatever else runs on the
machine) and articles per CPU-second, then each part's share of that CPU time, from timers
wrapped around the functions that do it (their overhead is a few microseconds per call, on
about 15,000 calls):

* analysis (every stage of :func:`warta.analyze.analyze`, or of
  :func:`warta.analyze.analyze_many` for a group of articles), and the NER tagger's part of it;
* search forms and stems (the article's words for the search index and clustering), and the part
  spent in Sastrawi, on words that neither the shipped stem table nor the store's knows;
* the store write, and the part spent on entities (resolving and recording them);
* story clustering (with anchoring undated articles);
* the rest: reading the input, template statistics, transactions.

``--dump FILE`` writes every table of the store, rows sorted and ingest time stamps masked, so
that two runs (before and after a change) can be compared with ``diff``. Run it from the
repository root::

    .venv/bin/python bench/cpu.py [--articles N] [--skip N] [--store DB] [--dump FILE] [--json]
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import os
import re
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

#: Real news articles, one JSON record a line (IndoSum, as the grouping-dev fixture holds them).
ARTICLES = (
    Path(__file__).resolve().parent.parent
    / "tests"
    / "fixtures"
    / "grouping-dev"
    / "inputs"
    / "articles.jsonl"
)
#: Articles ingested when --articles is not given: enough that clustering finds stories.
DEFAULT_ARTICLES = 1000
#: A UTC time stamp as the store writes them; those of the run (ingested at, ...) are masked.
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?\+00:00")

#: Parts timed: (label, module, attribute, label of the part it is inside, or None).
PARTS = (
    ("analysis", "warta.run.analysis_worker", "analyze_or_reason", None),
    ("analysis", "warta.run.analysis_worker", "analyze_many", None),
    ("NER tagger", "warta.lang.id.ner.tagger", "Tagger.tag_many", "analysis"),
    ("search forms and stems", "warta.run.analysis_worker", "article_words", None),
    ("Sastrawi", "warta.lang.id.stems", "sastrawi_stem", "search forms and stems"),
    ("store write", "warta.store.core", "SQLStore.write", None),
    ("entities", "warta.store.core", "index_article", "store write"),
    ("story clustering", "warta.run.local", "cluster_unplaced", None),
    ("story clustering", "warta.run.local", "recluster_changed", None),
    ("story clustering", "warta.run.local", "anchor_undated", None),
)


class PartTimes:
    """CPU seconds spent inside each timed function, by label."""

    def __init__(self) -> None:
        self.seconds: defaultdict[str, float] = defaultdict(float)

    def wrap(self, module: str, attribute: str, label: str) -> None:
        """Replace ``module.attribute`` (``Class.method`` allowed) by a timed version."""
        owner: Any = sys.modules[module]
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part)
        original = getattr(owner, name)

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[label] += time.process_time() - start

        setattr(owner, name, timed)


def inputs(skip: int, count: int, folder: Path) -> Path:
    """A JSONL file of the ``count`` articles after the first ``skip``."""
    path = folder / "articles.jsonl"
    with ARTICLES.open(encoding="utf-8") as source, path.open("w", encoding="utf-8") as out:
        out.writelines(itertools.islice(source, skip, skip + count))
    return path


def dump(db: Path, out: Path, since: str, folder: Path) -> None:
    """Every table's columns and rows, sorted, for diffing two runs: the time stamps from
    ``since`` on (the run's) and the temporary input folder masked."""

    def mask(stamp: re.Match[str]) -> str:
        return "<stamp>" if stamp.group() >= since else stamp.group()

    connection = sqlite3.connect(db)
    tables = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1")
    with out.open("w", encoding="utf-8") as handle:
        for (table,) in tables.fetchall():
            columns = [row[1] for row in connection.execute(f"PRAGMA table_info('{table}')")]
            rows = sorted(
                STAMP.sub(mask, json.dumps(row, default=repr, ensure_ascii=False)).replace(
                    str(folder), "<inputs>"
                )
                for row in connection.execute(f"SELECT * FROM '{table}'")
            )
            handle.write(f"== {table} {columns} {len(rows)} rows\n")
            handle.writelines(row + "\n" for row in rows)
    connection.close()


@contextmanager
def store_path(keep: str | None) -> Iterator[Path]:
    """The store's file: ``keep`` if given, else one in a temporary directory."""
    if keep is not None:
        yield Path(keep)
        return
    with tempfile.TemporaryDirectory(prefix="warta-cpu-") as tmp:
        yield Path(tmp) / "warta.db"


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Ingest the articles and return the figures."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before NumPy is imported
    # imported here, after the thread setting; the modules the timers wrap are loaded by these
    import warta.analyze.pipeline  # noqa: PLC0415
    import warta.lang.id.ner.tagger  # noqa: F401, PLC0415
    from warta.run.local import InProcess, ingest  # noqa: PLC0415
    from warta.store import open_store  # noqa: PLC0415

    times = PartTimes()
    for label, module, attribute, _ in PARTS:
        times.wrap(module, attribute, label)
    with (
        tempfile.TemporaryDirectory(prefix="warta-cpu-in-") as folder,
        store_path(args.store) as db,
    ):
        path = inputs(args.skip, args.articles, Path(folder))
        since = datetime.now(UTC).isoformat(timespec="seconds")
        with open_store(db) as store:
            start = time.process_time()
            report = ingest([str(path)], store, analysis=InProcess())
            seconds = time.process_time() - start
        if args.dump:
            dump(db, Path(args.dump), since, Path(folder))
    inside = {label for label, _, _, outer in PARTS if outer}
    top = sum(spent for label, spent in times.seconds.items() if label not in inside)
    labels = dict.fromkeys(label for label, *_ in PARTS)  # in the order of PARTS
    shares = {label: times.seconds[label] / seconds for label in labels}
    shares["the rest (reading, template statistics, transactions)"] = 1 - top / seconds
    return {
        "articles": report.added + report.updated + report.unchanged,
        "added": report.added,
        "refused": report.refused,
        "cpu_seconds": round(seconds, 2),
        "articles_per_cpu_second": round(report.added / seconds, 1),
        "shares": {label: round(share, 3) for label, share in shares.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES, metavar="N")
    parser.add_argument("--skip", type=int, default=0, metavar="N")
    parser.add_argument("--store", metavar="DB", help="ingest into this SQLite file (kept)")
    parser.add_argument("--dump", metavar="FILE", help="write the store's tables here, sorted")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    result = run(args)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(
        f"{result['added']} articles added ({result['refused']} refused) in"
        f" {result['cpu_seconds']} CPU s: {result['articles_per_cpu_second']} articles"
        " per CPU-second"
    )
    inside = {label: outer for label, _, _, outer in PARTS if outer}
    for label, share in result["shares"].items():
        indent = "    of which " if label in inside else "  "
        print(f"{indent}{label}: {share:.1%}")


if __name__ == "__main__":
    main()
