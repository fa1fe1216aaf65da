"""Crash consistency: an ingest killed with SIGKILL at random moments, and run again each time,
ends where one uninterrupted ingest of the same input ends.

The script writes ``--articles`` real articles (default 2,000; IndoSum's development split in
``../shared/data/indosum``) as one JSON Lines file with one broken line in the middle, plus a
few files of bad input (empty, binary, HTML without text, broken JSON). It then:

1. ingests them once, uninterrupted, into a reference database, and times that run;
2. ingests them into a second database ``--kills`` times, each run killed with SIGKILL after a
   delay drawn uniformly (seeded by ``--seed``) from 0.2 s to the time the work left should
   take (the reference run's time, scaled by the share of the work not yet done, storing
   articles and placing them in stories counting half each, plus the time of a run with
   nothing left to do, measured on a copy of the reference), each continuing the database the
   last one left; a run that finishes before its kill is let be (the script says how many
   kills landed). Once a database holds every article, placed, one more run completes it, it
   is checked as below, and the next kills go to a new database: every kill lands in real
   work;
3. runs the same ingest once more to the end, and checks the result against the reference:

* the same article ids with the same content hashes, and the same stored analysis of each
  (the article contract and its search text);
* ``PRAGMA integrity_check`` says ok and ``PRAGMA foreign_key_check`` finds nothing;
* the FTS5 index passes its ``integrity-check`` and holds one row per article, no other;
* every article sits in exactly one story, no story is empty, and each story's article count
  is the number of articles in it;
* the index tables (entities, quotes, story features and postings, ...) hold as many rows as
  the reference's: a batch replayed after a kill adds no duplicates;
* the same inputs refused.

It prints what each run did and ok or FAILED for each check, and exits 1 when one failed. The
stories themselves are compared too, for information: clustering is incremental, so articles
clustered by an earlier run may legitimately be grouped otherwise than in one pass. Each run's
output is kept in ``run-NN.log`` (00 the reference, then the killed runs, then the final one).

Run it from the repository root::

    .venv/bin/python bench/crash.py --kills 20 [--articles 2000] [--seed 17]
        [--batch-size 200] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from warta.model import normalize_url

#: IndoSum's development split, beside the repository (../shared/data/indosum).
INDOSUM = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "indosum"
DEFAULT_ARTICLES = 2000
DEFAULT_SEED = 17
#: Earliest kill, in seconds: before this the interpreter is still starting, nothing is written.
MIN_DELAY = 0.2
#: Weight of storing articles (reading, analysis, writing) in the work left; the rest is placing
#: them in stories. Storing is about 80% of an uninterrupted ingest of 2,000 IndoSum articles,
#: but a resumed run places its articles after reading every input again: with 0.8, kills after
#: the last article was stored (35 of 50) never let a batch of placements commit.
STORING = 0.5
#: Exit codes of ``warta ingest`` for a complete run: 0, or 1 when some inputs were refused.
COMPLETE_EXITS = (0, 1)
#: Tables whose rows derive from the stored articles: a resumed ingest must hold as many as
#: an uninterrupted one (more would be a replayed batch's duplicates).
INDEX_TABLES = (
    "raw_documents",
    "entities",
    "entity_aliases",
    "article_entities",
    "quotes",
    "outlets",
    "outlet_lines",
    "story_features",
    "story_postings",
    "key_counts",
    "copy_bands",
    "story_articles",
    "search_index",
)
#: Tables with rows per article (``article_id``), as many as its own analysis makes: an article
#: analysed as in the reference must have as many rows in each as it has there.
ARTICLE_TABLES = (
    "raw_documents",
    "article_entities",
    "quotes",
    "story_features",
    "story_postings",
    "copy_bands",
    "story_articles",
)

#: Rows of a query by their first column (an article id, an input's origin).
Rows = dict[str, tuple[object, ...]]


@dataclass(frozen=True, slots=True)
class Corpus:
    """The inputs of every ingest, in the order given: the articles' file and the bad ones."""

    inputs: list[Path]
    articles: int
    bad_inputs: int


@dataclass(frozen=True, slots=True)
class Run:
    """One ``warta ingest`` process: its exit code (None when killed) and wall time."""

    returncode: int | None
    seconds: float

    @property
    def killed(self) -> bool:
        return self.returncode is None


@dataclass(frozen=True, slots=True)
class Check:
    """One invariant of the resumed database, held or not, with what was counted."""

    name: str
    ok: bool
    detail: str


def indosum_articles(count: int, source: Path = INDOSUM) -> list[dict[str, str]]:
    """The first ``count`` distinct IndoSum articles as Warta's JSON Lines records.

    Raises:
        ValueError: fewer distinct articles than ``count`` in the data.
    """
    records: dict[str, dict[str, object]] = {}
    for path in sorted(source.glob("dev.0*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                records.setdefault(str(record["id"]), record)  # the split repeats some articles
    chosen = list(records.values())[:count]
    if len(chosen) < count:
        raise ValueError(f"{source} holds {len(chosen)} distinct articles, fewer than {count}")
    urls = {normalize_url(str(record["source_url"])) for record in chosen}
    by_url = len(urls) == len(chosen)  # else the URLs would merge articles: identify by id
    articles: list[dict[str, str]] = []
    for record in chosen:
        paragraphs: list[list[list[str]]] = record["paragraphs"]  # type: ignore[assignment]
        text = "\n\n".join(" ".join(" ".join(s) for s in paragraph) for paragraph in paragraphs)
        article = {"url": str(record["source_url"]), "outlet": str(record["source"])}
        if not by_url:
            article["id"] = str(record["id"])
        articles.append({**article, "text": text})
    return articles


def build_corpus(directory: Path, articles: int, seed: int) -> Corpus:
    """Write the articles (one broken line among them) and the bad inputs into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(record, ensure_ascii=False) for record in indosum_articles(articles)]
    lines.insert(len(lines) // 2, '{"url": "https://broken.example/1", "text": "unterminated')
    corpus = directory / "articles.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    bad = {
        "empty.txt": b"",
        "random.bin": random.Random(seed).randbytes(4096),
        "no-text.html": b"<html><head><title></title></head><body><div></div></body></html>",
        "broken.json": b'[{"url": "https://broken.example/2", "text": ',
    }
    for name, content in bad.items():
        (directory / name).write_bytes(content)
    names = list(bad)
    inputs = [directory / names[0], corpus, *(directory / name for name in names[1:])]
    return Corpus(inputs=inputs, articles=articles, bad_inputs=len(lines) - articles + len(bad))


def _environment() -> dict[str, str]:
    """This process's environment without Warta's settings: every run uses the defaults."""
    return {key: value for key, value in os.environ.items() if not key.startswith("WARTA_")}


def run_ingest(
    db: Path,
    inputs: Sequence[Path],
    log: Path,
    kill_after: float | None = None,
    batch_size: int | None = None,
) -> Run:
    """Run ``warta --db DB ingest INPUTS`` in a process of its own, its output in ``log``; with
    ``kill_after``, kill it (and any process it started) with SIGKILL after that many seconds
    unless it is done."""
    command = [sys.executable, "-m", "warta", "--db", str(db), "ingest", *map(str, inputs)]
    if batch_size is not None:
        command += ["--batch-size", str(batch_size)]
    started = time.monotonic()
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            stdout=output,
            stderr=subprocess.STDOUT,
            env=_environment(),
            start_new_session=True,  # its own process group, so the kill reaches all of it
        )
        try:
            returncode: int | None = process.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            returncode = None
    return Run(returncode=returncode, seconds=time.monotonic() - started)


def kill_delays(kills: int, longest: float, seed: int) -> list[float]:
    """``kills`` delays drawn uniformly from [MIN_DELAY, longest] seconds."""
    rng = random.Random(seed)
    return [rng.uniform(MIN_DELAY, max(longest, MIN_DELAY)) for _ in range(kills)]


def next_delay(rng: random.Random, whole: float, left: float, tail: float) -> float:
    """A kill delay within what is left of the ingest: the share ``left`` of the articles is not
    yet stored and placed, an uninterrupted ingest took ``whole`` seconds, and a run with
    nothing left to do takes ``tail``. So kills keep landing while work remains, instead of
    after a resumed run has finished."""
    return rng.uniform(MIN_DELAY, max(MIN_DELAY, whole * left + tail))


@contextmanager
def _reading(db: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection: looking does not checkpoint what a killed run left."""
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as connection:
        yield connection


def progress(db: Path) -> tuple[int, int]:
    """Articles stored and articles placed in a story, as a killed run left them."""
    if not db.exists():
        return 0, 0
    try:
        with _reading(db) as connection:
            articles = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
            placed = connection.execute("SELECT count(*) FROM story_articles").fetchone()[0]
    except sqlite3.OperationalError:  # killed before the schema was committed
        return 0, 0
    return int(articles), int(placed)


def check_database(db: Path, reference: Path) -> list[Check]:
    """Every check of the resumed database ``db`` against the uninterrupted ``reference``."""
    analysis = (
        "SELECT a.id, a.document, s.title, s.body, s.paragraphs FROM articles a"
        " LEFT JOIN search_index s ON s.rowid = a.rowid"
    )
    with closing(sqlite3.connect(db)) as resumed, _reading(reference) as expected:
        found, wanted = _rows(resumed, analysis), _rows(expected, analysis)
        same = {key for key in found.keys() & wanted.keys() if found[key] == wanted[key]}
        return [
            _same_articles(resumed, expected),
            _same_analysis(found, wanted),
            _integrity(resumed),
            _search_index(resumed),
            _stories(resumed),
            _article_rows(resumed, expected, same),
            _table_totals(resumed, expected),
            _same_rejects(resumed, expected),
        ]


def _rows(db: sqlite3.Connection, sql: str) -> Rows:
    """The rows of a query, by their first column."""
    return {str(row[0]): tuple(row[1:]) for row in db.execute(sql)}


def _differences(found: Rows, wanted: Rows) -> str:
    missing, extra = wanted.keys() - found.keys(), found.keys() - wanted.keys()
    changed = sorted(key for key in found.keys() & wanted.keys() if found[key] != wanted[key])
    parts = [
        f"{len(keys)} {what} (e.g. {sorted(keys)[0]})"
        for what, keys in (("missing", missing), ("extra", extra), ("differ", changed))
        if keys
    ]
    return ", ".join(parts)


def _same_articles(db: sqlite3.Connection, reference: sqlite3.Connection) -> Check:
    sql = "SELECT id, content_hash FROM articles"
    found, wanted = _rows(db, sql), _rows(reference, sql)
    wrong = _differences(found, wanted)
    detail = f"{len(found)} ids and content hashes, reference {len(wanted)}"
    return Check("articles", not wrong, f"{detail}: {wrong}" if wrong else detail)


def _same_analysis(found: Rows, wanted: Rows) -> Check:
    # Anchoring, like clustering, is incremental: each run dates the most recently stored
    # undated articles it can (corpus/anchor.py, MAX_UNDATED), so runs stopped at other points
    # may date a few others. Those differences are counted apart, not failed.
    anchored = {
        key
        for key in found.keys() & wanted.keys()
        if found[key] != wanted[key] and _unanchored(found[key]) == _unanchored(wanted[key])
    }
    wrong = _differences(
        {k: v for k, v in found.items() if k not in anchored},
        {k: v for k, v in wanted.items() if k not in anchored},
    )
    detail = f"{len(found)} stored documents and their search text as the reference's"
    if anchored:
        detail += f" but {len(anchored)} dated from their neighbours in other runs (not a fault)"
    return Check("analysis", not wrong, f"{wrong} of {len(wanted)}" if wrong else detail)


def _unanchored(row: tuple[object, ...]) -> tuple[object, ...]:
    """A stored article without what anchoring sets: its dates and published_not_before."""
    document = json.loads(str(row[0]))  # then the search text: title, body, paragraphs
    document.pop("dates", None)
    document.pop("published_not_before", None)
    return (document, *row[1:])


def _integrity(db: sqlite3.Connection) -> Check:
    result = [str(row[0]) for row in db.execute("PRAGMA integrity_check")]
    orphans = db.execute("PRAGMA foreign_key_check").fetchall()
    ok = result == ["ok"] and not orphans
    return Check(
        "integrity", ok, f"integrity_check {'; '.join(result)}; {len(orphans)} foreign key faults"
    )


def _search_index(db: sqlite3.Connection) -> Check:
    problems: list[str] = []
    try:
        db.execute("INSERT INTO search_index (search_index) VALUES ('integrity-check')")
    except sqlite3.DatabaseError as exc:
        problems.append(f"integrity-check: {exc}")
    rows = db.execute("SELECT count(*), count(DISTINCT rowid) FROM search_index").fetchone()
    articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    unindexed = db.execute(
        "SELECT count(*) FROM articles WHERE rowid NOT IN (SELECT rowid FROM search_index)"
    ).fetchone()[0]
    strays = db.execute(
        "SELECT count(*) FROM search_index WHERE rowid NOT IN (SELECT rowid FROM articles)"
    ).fetchone()[0]
    if rows[0] != rows[1]:
        problems.append(f"{rows[0] - rows[1]} articles indexed twice")
    if unindexed or strays:
        problems.append(f"{unindexed} articles not indexed, {strays} rows of no article")
    detail = f"{rows[0]} rows for {articles} articles"
    return Check("search index", not problems, "; ".join([detail, *problems]))


def _stories(db: sqlite3.Connection) -> Check:
    articles, placed, stories = db.execute(
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM story_articles"
        " WHERE article_id IN (SELECT id FROM articles)), (SELECT count(*) FROM stories)"
    ).fetchone()
    empty = db.execute(
        "SELECT count(*) FROM stories WHERE id NOT IN (SELECT story_id FROM story_articles)"
    ).fetchone()[0]
    miscounted = db.execute(
        "SELECT count(*) FROM stories s WHERE articles !="
        " (SELECT count(*) FROM story_articles WHERE story_id = s.id)"
    ).fetchone()[0]
    homeless = db.execute(
        "SELECT count(*) FROM story_articles WHERE story_id NOT IN (SELECT id FROM stories)"
    ).fetchone()[0]
    problems = [
        f"{count} {what}"
        for count, what in (
            (articles - placed, "articles in no story"),
            (homeless, "placements in a story that does not exist"),
            (empty, "empty stories"),
            (miscounted, "stories whose article count is wrong"),
        )
        if count
    ]
    detail = f"{placed} of {articles} articles in {stories} stories"
    return Check("stories", not problems, "; ".join([detail, *problems]))


def _article_rows(db: sqlite3.Connection, reference: sqlite3.Connection, same: set[str]) -> Check:
    """Rows per article in each of ARTICLE_TABLES, for the articles analysed as in the
    reference (the others are the analysis check's)."""
    wrong: list[str] = []
    for table in ARTICLE_TABLES:
        sql = f"SELECT article_id, count(*) FROM {table} GROUP BY article_id"
        found, wanted = _rows(db, sql), _rows(reference, sql)
        differ = sorted(key for key in same if found.get(key) != wanted.get(key))
        if differ:
            wrong.append(f"{table}: {len(differ)} articles (e.g. {differ[0]})")
    detail = f"{len(same)} articles analysed as in the reference, {len(ARTICLE_TABLES)} tables"
    return Check("article rows", not wrong, "; ".join([detail, *wrong]))


def _table_totals(db: sqlite3.Connection, reference: sqlite3.Connection) -> Check:
    counts = {
        table: (
            int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]),
            int(reference.execute(f"SELECT count(*) FROM {table}").fetchone()[0]),
        )
        for table in INDEX_TABLES
    }
    wrong = [
        f"{table} {found} (reference {wanted})"
        for table, (found, wanted) in counts.items()
        if found != wanted
    ]
    rows = sum(found for found, _ in counts.values())
    detail = f"{rows} rows in {len(INDEX_TABLES)} tables as the reference"
    return Check("table totals", not wrong, "; ".join(wrong) if wrong else detail)


def _same_rejects(db: sqlite3.Connection, reference: sqlite3.Connection) -> Check:
    sql = "SELECT origin, reason FROM rejects"
    found, wanted = _rows(db, sql), _rows(reference, sql)
    wrong = _differences(found, wanted)
    detail = f"{len(found)} inputs refused, as in the reference"
    return Check("refusals", not wrong, wrong or detail)


def same_stories(db: Path, reference: Path) -> tuple[int, int, int]:
    """Stories in ``db`` and in ``reference``, and how many of them have the same articles."""

    def stories(path: Path) -> set[frozenset[str]]:
        with _reading(path) as connection:
            groups: dict[int, set[str]] = {}
            for article, story in connection.execute(
                "SELECT article_id, story_id FROM story_articles"
            ):
                groups.setdefault(int(story), set()).add(str(article))
        return {frozenset(group) for group in groups.values()}

    found, wanted = stories(db), stories(reference)
    return len(found), len(wanted), len(found & wanted)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the experiment found: the checks, the two databases, and how many kills landed
    (a run that finished before its delay was not killed)."""

    checks: list[Check]
    resumed: Path
    reference: Path
    landed: int


def crash_and_resume(
    directory: Path, corpus: Corpus, kills: int, seed: int, batch_size: int | None = None
) -> Outcome:
    """The whole experiment in ``directory``: the reference ingest, the killed ones, the final
    one, and the checks; each run's output is in ``directory/run-NN.log``."""
    reference, resumed = directory / "reference.db", directory / "resumed.db"
    for db in (reference, resumed):
        for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            path.unlink(missing_ok=True)  # a kept directory's last experiment

    def ingest(number: int, db: Path, kill_after: float | None = None) -> tuple[Run, str]:
        run = run_ingest(
            db, corpus.inputs, directory / f"run-{number:02}.log", kill_after, batch_size
        )
        stored, placed = progress(db)
        return run, f"{stored} articles stored, {placed} placed in stories"

    first, stored = ingest(0, reference)
    print(
        f"reference: one uninterrupted ingest, {first.seconds:.1f} s,"
        f" exit {first.returncode}: {stored}",
        flush=True,
    )
    checks = [
        Check("reference run", first.returncode in COMPLETE_EXITS, f"exit {first.returncode}")
    ]
    # how long a run with nothing left to do takes (start-up, the passes after writing): kill
    # delays reach this far past the work left, so that part of a run is hit too
    idle = directory / "idle.db"
    with closing(sqlite3.connect(reference)) as source, closing(sqlite3.connect(idle)) as copy:
        source.backup(copy)
    tail = ingest(kills + 2, idle)[0].seconds  # its output in the last run-NN.log
    print(f"a run with nothing left to do: {tail:.1f} s", flush=True)
    landed, cycle, number = 0, 1, 0
    rng = random.Random(seed)
    while number < kills:
        in_store, placed = progress(resumed)
        if min(in_store, placed) >= corpus.articles:
            # all stored and placed: a run to the end, the checks, a new database
            checks += _end_cycle(cycle, ingest(number, resumed)[0], resumed, reference, first)
            cycle += 1
            continue
        number += 1
        done = (STORING * in_store + (1 - STORING) * placed) / max(1, corpus.articles)
        delay = next_delay(rng, first.seconds, 1 - done, tail)
        run, stored = ingest(number, resumed, kill_after=delay)
        landed += run.killed
        outcome = (
            "killed"
            if run.killed
            else f"finished first ({run.seconds:.1f} s, exit {run.returncode})"
        )
        print(f"run {number:>2}/{kills}, kill at {delay:5.1f} s: {outcome}; {stored}", flush=True)
        if not run.killed and run.returncode not in COMPLETE_EXITS:
            checks.append(
                Check(f"run {number}", False, f"exit {run.returncode}, see run-{number:02}.log")
            )
    final, stored = ingest(kills + 1, resumed)
    print(f"final run: {final.seconds:.1f} s, exit {final.returncode}: {stored}", flush=True)
    checks.append(
        Check(
            "final run",
            final.returncode == first.returncode,
            f"exit {final.returncode}, reference {first.returncode}",
        )
    )
    checks += check_database(resumed, reference)
    return Outcome(checks=checks, resumed=resumed, reference=reference, landed=landed)


def _end_cycle(cycle: int, run: Run, resumed: Path, reference: Path, first: Run) -> list[Check]:
    """Check a database that killed runs and one last run completed, then start a new one:
    later kills land in real work, not in runs with nothing left to do. Failures only."""
    found = [
        Check("final run", run.returncode == first.returncode, f"exit {run.returncode}"),
        *check_database(resumed, reference),
    ]
    failed = [replace(c, name=f"cycle {cycle} {c.name}") for c in found if not c.ok]
    print(
        f"cycle {cycle}: completed, {'ok' if not failed else 'FAILED'}; a new database", flush=True
    )
    for path in (resumed, resumed.with_name(resumed.name + "-wal"),
                 resumed.with_name(resumed.name + "-shm")):  # fmt: skip
        path.unlink(missing_ok=True)
    return failed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, required=True, help="Ingests to kill with SIGKILL.")
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Seeds the kill delays.")
    parser.add_argument(
        "--batch-size", type=int, help="Articles per transaction [default: the setting's]."
    )
    parser.add_argument("--keep", type=Path, help="Work in this directory and keep it.")
    args = parser.parse_args(argv)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="warta-crash-") as scratch:
        directory = args.keep or Path(scratch)
        corpus = build_corpus(directory, args.articles, args.seed)
        print(
            f"input: {corpus.articles} IndoSum articles and {corpus.bad_inputs} bad inputs"
            f" in {directory}; {args.kills} kills, seed {args.seed}",
            flush=True,
        )
        outcome = crash_and_resume(directory, corpus, args.kills, args.seed, args.batch_size)
        stories, wanted, same = same_stories(outcome.resumed, outcome.reference)
    print(f"kills that landed: {outcome.landed} of {args.kills} (the other runs finished first)")
    for check in outcome.checks:
        print(f"  {'ok' if check.ok else 'FAILED':<7}{check.name}: {check.detail}")
    print(
        f"  info   stories: {stories}, reference {wanted}; {same} with the same articles"
        " (not a check: clustering is incremental)"
    )
    print(f"took {time.monotonic() - started:.0f} s")
    return 0 if all(check.ok for check in outcome.checks) else 1


if __name__ == "__main__":
    sys.exit(main())
