"""Crash consistency (issue 17): an ingest killed with SIGKILL at random moments and run again
ends as one uninterrupted ingest does. A small version of bench/crash.py: 150 real articles in
batches of 25 (so kills land between committed batches and in the passes after them), 4 kills.

The experiment runs once for the module (each ``warta ingest`` is a real process); the tests
read its checks. Timing is not checked here: the kills only decide where each run stops.
"""

from __future__ import annotations

import sqlite3

import pytest

from tests.conftest import load_bench
from warta.run.local import ingest
from warta.store import open_store

crash = load_bench("crash")

ARTICLES = 150
KILLS = 4
BATCH_SIZE = 25
SEED = 17
#: Committed batches after which the deterministic kill strikes: the 5th (about 125 articles)
#: is the first after which these 150 articles' outlets have template lines to re-clean with.
KILLED_AFTER_BATCHES = 5

needs_indosum = pytest.mark.skipif(
    not crash.INDOSUM.is_dir(), reason=f"IndoSum's articles are not at {crash.INDOSUM}"
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> object:
    if not crash.INDOSUM.is_dir():
        pytest.skip(f"IndoSum's articles are not at {crash.INDOSUM}")
    return crash.build_corpus(tmp_path_factory.mktemp("crash"), ARTICLES, SEED)


@pytest.fixture(scope="module")
def outcome(corpus) -> object:
    directory = corpus.inputs[0].parent
    return crash.crash_and_resume(directory, corpus, KILLS, SEED, BATCH_SIZE)


def _failures(checks, names: frozenset[str] | None = None) -> dict[str, str]:
    return {
        check.name: check.detail
        for check in checks
        if not check.ok and (names is None or check.name in names)
    }


@needs_indosum
def test_corpus_is_real_articles_and_bad_inputs(tmp_path):
    corpus = crash.build_corpus(tmp_path, 20, SEED)
    records = crash.indosum_articles(20)
    assert corpus.articles == 20
    assert len({record["url"] for record in records}) == 20
    assert all(record["text"] and record["outlet"] for record in records)
    assert corpus.bad_inputs == 5  # four bad files and one broken line among the articles
    assert all(path.exists() for path in corpus.inputs)


def test_kill_delays_are_seeded_and_within_the_run():
    delays = crash.kill_delays(50, 6.0, SEED)
    assert delays == crash.kill_delays(50, 6.0, SEED)
    assert all(crash.MIN_DELAY <= delay <= 6.0 for delay in delays)


@pytest.mark.slow  # ~25 s on two idle cores, 50 s on busy ones: a dozen real ingests
def test_killed_and_resumed_ingest_ends_as_an_uninterrupted_one(outcome):
    names = {check.name for check in outcome.checks}
    assert {"articles", "integrity", "search index", "stories", "article rows"} <= names
    assert {"analysis", "table totals"} <= names  # the same analysis, re-cleaning included
    assert not _failures(outcome.checks)


@pytest.mark.slow
def test_a_kill_after_committed_batches_leaves_no_work_undone(corpus, outcome, tmp_path):
    """The process dies right after a batch commits, as SIGKILL there would; a re-run must
    leave the store as the uninterrupted reference. The work a committed batch makes owed
    (re-cleaning its outlet's articles with newly learned template lines, anchoring undated
    articles, recomputing changed articles' story features) is recorded with the batch, so the
    re-run does it (it used to be decided from what the killed process had seen, and lost)."""

    class Killed(BaseException):
        """Ends the run like SIGKILL: no handler, no cleanup."""

    db, inputs = tmp_path / "killed.db", [str(path) for path in corpus.inputs]
    with open_store(db) as store:
        write, committed = store.write, []

        def write_then_die(*args, **kwargs):
            outcomes = write(*args, **kwargs)
            committed.append(outcomes)
            if len(committed) == KILLED_AFTER_BATCHES:
                raise Killed
            return outcomes

        store.write = write_then_die
        with pytest.raises(Killed):
            ingest(inputs, store, batch_size=BATCH_SIZE)
    with open_store(db) as store:
        ingest(inputs, store, batch_size=BATCH_SIZE)
    assert not _failures(crash.check_database(db, outcome.reference))


@pytest.mark.slow
def test_the_checks_see_a_lost_placement_a_stray_index_row_and_a_duplicate(outcome, tmp_path):
    damaged = tmp_path / "damaged.db"
    with (
        sqlite3.connect(f"file:{outcome.reference}?mode=ro", uri=True) as source,
        sqlite3.connect(damaged) as copy,
    ):
        source.backup(copy)
    assert not _failures(crash.check_database(damaged, outcome.reference))
    with sqlite3.connect(damaged) as db:
        article, rowid = db.execute("SELECT id, rowid FROM articles LIMIT 1").fetchone()
        db.execute("DELETE FROM story_articles WHERE article_id = ?", (article,))
        db.execute(
            "INSERT INTO quotes (article_id, number, text, kind, paragraph, start, end_offset,"
            " end_paragraph) SELECT article_id, number + 1000, text, kind, paragraph, start,"
            " end_offset, end_paragraph FROM quotes LIMIT 1"
        )
        db.execute("INSERT INTO search_index (rowid, title, body) VALUES (-1, 'x', 'y')")
        db.execute("DELETE FROM search_index_docsize WHERE id = ?", (rowid,))
    failed = _failures(crash.check_database(damaged, outcome.reference))
    assert set(failed) == {"search index", "stories", "article rows", "table totals"}
    assert "1 articles in no story" in failed["stories"]
    assert "1 rows of no article" in failed["search index"]
    assert "integrity-check" in failed["search index"]
    assert "quotes: 1 articles" in failed["article rows"]
