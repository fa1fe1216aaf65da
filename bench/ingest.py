"""Ingest throughput and memory: how fast Warta ingests a large JSONL file, and in how much RAM.

The script writes ``--articles`` synthetic articles (default 20,000) to one JSONL file, made from
the five bundled sample articles: paragraphs sampled and shuffled across samples, names and
numbers substituted, a distinct URL, outlet and publication time per article. It then ingests the
file with :func:`warta.run.local.ingest` into a fresh SQLite store, in this process, and reports:

* wall time and articles per second of the first ingest (every article new), and its rate
  between checkpoints (each quarter of the articles), which should stay flat;
* resident memory (``VmRSS``) at 25/50/75/100% of the articles, and final RSS over RSS at 25%:
  a ratio near 1.0 means ingest streams, its memory not growing with the number of articles;
* peak memory of the process (``ru_maxrss``);
* a second ingest of the same file into the same store (every article unchanged), its rate, and
  its rate over the first's.

Run it from the repository root::

    .venv/bin/python bench/ingest.py [--articles N] [--batch-size B] [--keep DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from importlib.resources import files
from pathlib import Path

from warta.analyze.metadata import find_title
from warta.errors import InputRejected
from warta.ingest import Skipped
from warta.run.local import ingest
from warta.store import open_store

#: Articles generated when --articles is not given: enough for the rate to settle.
DEFAULT_ARTICLES = 20_000
#: Articles per store transaction; the same default as ``warta.run.local.ingest``.
DEFAULT_BATCH_SIZE = 200
#: Fixed seed, so two runs with the same --articles ingest the same file.
SEED = 20211207
#: Fractions of the articles after which resident memory and the rate are sampled.
CHECKPOINTS = (0.25, 0.5, 0.75, 1.0)
#: Paragraphs per generated article, drawn from the pool of all samples' paragraphs.
MIN_PARAGRAPHS, MAX_PARAGRAPHS = 4, 12
#: Distinct portal hosts in the generated URLs (https://portal-{k}.example/...).
PORTALS = 40
#: Publication times are spread over nine months after PUBLISHED_FROM, in WIB.
PUBLISHED_SPREAD = timedelta(days=270)
PUBLISHED_FROM = datetime(2021, 6, 1, tzinfo=timezone(timedelta(hours=7)))
#: Outlets named by the records; every OUTLET_EVERY-th record names none, so the URL's host is used.
OUTLETS = ("Medcom", "VOI", "SINDOnews", "Berita Baru", "Kompas", "Detik", "Tempo")
OUTLET_EVERY = 5
#: Names in the samples, each replaced per article by one of NAME_POOL.
SAMPLE_NAMES = ("Putin", "Biden", "Peskov", "Lavrov", "Blinken")
NAME_POOL = (
    *("Widodo", "Subianto", "Marsudi", "Sjamsoeddin", "Hartarto", "Indrawati", "Uno"),
    *("Baswedan", "Mahfud", "Pranowo", "Kalla", "Yudhoyono", "Tanoesoedibjo", "Puan"),
)
_VARIABLE = re.compile(r"\b(?:" + "|".join(SAMPLE_NAMES) + r")\b|\d+")
#: A year in the text (19xx, 20xx) becomes one of these; a one- or two-digit number (a day, an
#: hour, a count) becomes 1 to SMALL_NUMBER_MAX, valid as a day of any month; others keep their
#: number of digits.
YEARS = range(2019, 2025)
SMALL_NUMBER_MAX = 28
_YEAR = re.compile(r"(?:19|20)\d\d")
#: Bytes in a kibibyte and a mebibyte: /proc and ru_maxrss (on Linux) count kibibytes.
KIB, MIB = 1024, 1024 * 1024


@dataclass(slots=True)
class Run:
    """One ingest of the file: its outcome counts, time, and RSS and rate at each checkpoint."""

    label: str
    seconds: float = 0.0
    outcomes: dict[str, int] = field(default_factory=dict)
    rss_mb: dict[str, float] = field(default_factory=dict)
    #: Articles per second between the previous checkpoint (or the start) and this one.
    rates: dict[str, float] = field(default_factory=dict)

    def rate(self) -> float:
        return sum(self.outcomes.values()) / self.seconds if self.seconds else 0.0


def rss_mb() -> float:
    """The process's resident memory now, in MB (``VmRSS`` of /proc/self/status)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * KIB / MIB
    raise RuntimeError("no VmRSS in /proc/self/status (this benchmark needs Linux)")


def peak_rss_mb() -> float:
    """The process's peak resident memory so far, in MB (``ru_maxrss``, kibibytes on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * KIB / MIB


def load_samples() -> tuple[list[str], list[str]]:
    """The samples' headlines and the pool of their other paragraphs (deduplicated)."""
    titles: list[str] = []
    paragraphs: dict[str, None] = {}
    for sample in sorted((files("warta") / "samples").iterdir(), key=lambda item: item.name):
        if not sample.name.endswith(".txt"):
            continue
        lines = [line.strip() for line in sample.read_text(encoding="utf-8").splitlines()]
        lines = [line for line in lines if line]
        index = find_title(lines)
        if index is not None:
            titles.append(lines.pop(index))
        paragraphs.update(dict.fromkeys(lines))
    return titles, list(paragraphs)


def vary(text: str, names: dict[str, str], rng: random.Random) -> str:
    """The text with the samples' names swapped for this article's, and every number changed."""

    def substitute(match: re.Match[str]) -> str:
        found = match.group()
        if found in names:
            return names[found]
        if _YEAR.fullmatch(found):
            return str(rng.choice(YEARS))
        digits = len(found)
        if digits <= 2:
            return str(rng.randint(1, SMALL_NUMBER_MAX))
        return str(rng.randrange(10 ** (digits - 1), 10**digits))

    return _VARIABLE.sub(substitute, text)


def generate(path: Path, count: int) -> None:
    """Write ``count`` articles to ``path``, one JSON record a line, streamed to disk."""
    rng = random.Random(SEED)
    titles, pool = load_samples()
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            names = dict(zip(SAMPLE_NAMES, rng.sample(NAME_POOL, len(SAMPLE_NAMES)), strict=True))
            title = vary(rng.choice(titles), names, rng)
            chosen = rng.sample(pool, rng.randint(MIN_PARAGRAPHS, MAX_PARAGRAPHS))
            text = "\n\n".join(vary(paragraph, names, rng) for paragraph in chosen)
            published = PUBLISHED_FROM + rng.random() * PUBLISHED_SPREAD
            record: dict[str, str] = {
                "url": f"https://portal-{rng.randrange(PORTALS)}.example/berita/{number}",
                "published": published.isoformat(timespec="seconds"),
            }
            if number % OUTLET_EVERY:
                record["outlet"] = rng.choice(OUTLETS)
            if number % 2:  # half give their title; the other half leave it to title detection
                record["title"], record["text"] = title, text
            else:
                record["text"] = f"{title}\n\n{text}"
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def timed_ingest(label: str, path: Path, db: Path, count: int, batch_size: int) -> Run:
    """Ingest ``path`` into the store at ``db``, sampling RSS and rate at each checkpoint."""
    run = Run(label)
    marks = {max(1, round(count * fraction)): f"{fraction:.0%}" for fraction in CHECKPOINTS}
    seen, last_seen, last_time = 0, 0, 0.0

    def on_item(_rejected: InputRejected | Skipped | None) -> None:
        nonlocal seen, last_seen, last_time
        seen += 1
        if seen in marks:
            now = time.perf_counter()
            run.rss_mb[marks[seen]] = rss_mb()
            run.rates[marks[seen]] = (seen - last_seen) / (now - last_time)
            last_seen, last_time = seen, now

    with open_store(db) as store:
        start = last_time = time.perf_counter()
        report = ingest([str(path)], store, batch_size=batch_size, on_item=on_item)
        run.seconds = time.perf_counter() - start
    run.outcomes = {"added": report.added, "updated": report.updated}
    run.outcomes |= {"unchanged": report.unchanged, "rejected": report.refused}
    return run


@contextmanager
def workdir(keep: str | None) -> Iterator[Path]:
    """The directory for the JSONL file and the database: ``keep`` if given, else a temp one."""
    if keep is not None:
        Path(keep).mkdir(parents=True, exist_ok=True)
        yield Path(keep)
        return
    with tempfile.TemporaryDirectory(prefix="warta-bench-") as tmp:
        yield Path(tmp)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES, metavar="N")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, metavar="B")
    parser.add_argument("--keep", metavar="DIR", help="write the JSONL and database here, kept")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args()
    if args.articles < len(CHECKPOINTS) or args.batch_size < 1:
        parser.error(f"--articles must be at least {len(CHECKPOINTS)}, --batch-size positive")

    with workdir(args.keep) as directory:
        source, db = directory / "articles.jsonl", directory / "bench.db"
        for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            stale.unlink(missing_ok=True)  # a fresh store on every run, --keep or not
        start = time.perf_counter()
        generate(source, args.articles)
        generate_seconds = time.perf_counter() - start
        first = timed_ingest("ingest", source, db, args.articles, args.batch_size)
        again = timed_ingest("re-ingest", source, db, args.articles, args.batch_size)
        figures = {
            "articles": args.articles,
            "batch_size": args.batch_size,
            "jsonl_mb": round(source.stat().st_size / MIB, 1),
            "generate_seconds": round(generate_seconds, 2),
            "ingest_seconds": round(first.seconds, 2),
            "ingest_per_second": round(first.rate()),
            "ingest_outcomes": first.outcomes,
            "ingest_rates": {mark: round(value) for mark, value in first.rates.items()},
            "rss_mb": {mark: round(value, 1) for mark, value in first.rss_mb.items()},
            "rss_growth_25_to_100": round(first.rss_mb["100%"] / first.rss_mb["25%"], 3),
            "peak_rss_mb": round(peak_rss_mb(), 1),
            "reingest_seconds": round(again.seconds, 2),
            "reingest_per_second": round(again.rate()),
            "reingest_rates": {mark: round(value) for mark, value in again.rates.items()},
            "reingest_outcomes": again.outcomes,
            "reingest_speedup": round(again.rate() / first.rate(), 2),
            "database_mb": round(db.stat().st_size / MIB, 1),
        }
    if first.outcomes["added"] != args.articles or again.outcomes["unchanged"] != args.articles:
        raise SystemExit(f"not every article was stored as expected: {figures}")
    if args.json:
        print(json.dumps(figures))
        return
    print(f"generate:   {args.articles} articles, {figures['jsonl_mb']} MB JSONL"
          f" in {generate_seconds:.1f} s")  # fmt: skip
    for run in (first, again):
        outcomes = ", ".join(f"{count} {name}" for name, count in run.outcomes.items() if count)
        print(f"{run.label + ':':<11} {args.articles} articles in {run.seconds:.1f} s"
              f" = {run.rate():.0f} articles/s ({outcomes})")  # fmt: skip
        quarters = ", ".join(f"{value:.0f}" for value in run.rates.values())
        print(f"{'':<11} articles/s between checkpoints: {quarters}")
    print(f"re-ingest / ingest rate: {figures['reingest_speedup']:.2f}x")
    for mark, value in first.rss_mb.items():
        print(f"RSS at {mark:>4} of ingest: {value:6.1f} MB")
    print(f"RSS growth 25% -> 100%: {figures['rss_growth_25_to_100']:.3f}x")
    print(f"peak RSS:   {figures['peak_rss_mb']:.1f} MB (ru_maxrss, whole process)")
    print(f"database:   {figures['database_mb']:.1f} MB, batch size {args.batch_size}")


if __name__ == "__main__":
    main()
