"""The store: schema migrations (SQLite's), and on every backend write outcomes, atomic batches,
queries."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from warta.analyze import analyze
from warta.errors import InputRejected, SchemaTooNew, StoreError
from warta.model import Article, RawDocument
from warta.records import ArticleQuery, QuoteQuery, Store
from warta.store import SQLiteStore, is_database_url, open_store
from warta.store.entities import SQLiteEntityLookup
from warta.store.postgres.schema import LATEST_VERSION as POSTGRES_LATEST
from warta.store.sqlite.migrations import LATEST_VERSION


def raw(text: str, **fields: str) -> RawDocument:
    return RawDocument(origin=fields.pop("origin", "test"), format="jsonl", text=text, **fields)


def pair(text: str, **fields: str) -> tuple:  # type: ignore[type-arg]
    document = raw(text, **fields)
    return analyze(document), document


def test_new_database_has_latest_schema_in_wal_mode(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "w.db") as store:
        assert store.schema_version() == LATEST_VERSION
    connection = sqlite3.connect(tmp_path / "w.db")
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_database_from_newer_warta_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    connection.close()
    with pytest.raises(SchemaTooNew, match="upgrade Warta"):
        SQLiteStore(path)


def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database at all " * 100)
    with pytest.raises(StoreError, match=r"notes\.txt"):
        SQLiteStore(path)


def test_reopening_keeps_articles_and_does_not_migrate_again(store_location: str) -> None:
    with open_store(store_location) as store:
        store.write([pair("Satu dua tiga empat lima.", url="https://a.id/1")], [])
    with open_store(store_location) as store:
        assert store.count_articles() == 1
        latest = POSTGRES_LATEST if is_database_url(store_location) else LATEST_VERSION
        assert store.schema_version() == latest


def test_write_outcomes_added_unchanged_updated(store_location: str) -> None:
    with open_store(store_location) as store:
        first = pair("Harga beras naik di pasar induk.", url="https://a.id/beras")
        assert store.write([first], []) == ["added"]
        assert store.write([first], []) == ["unchanged"]
        changed = pair("Harga beras turun di pasar induk.", url="https://a.id/beras")
        assert store.write([changed], []) == ["updated"]
        assert store.count_articles() == 1
        stored = store.get_article(first[0].id)
        assert stored is not None
        assert stored.body == ["Harga beras turun di pasar induk."]
        revision = store._db.execute("SELECT revision FROM articles")  # type: ignore[attr-defined]
        assert revision.fetchone()[0] == 2


def test_failed_batch_is_rolled_back_whole(store_location: str) -> None:
    with open_store(store_location) as store:
        good = pair("Berita pertama yang baik sekali.", url="https://a.id/1")
        store.write([good], [])

        class Boom(Exception):
            pass

        class Exploding(RawDocument):
            @property
            def origin(self) -> str:  # type: ignore[override]
                raise Boom

        article, _ = pair("Berita kedua yang juga baik.", url="https://a.id/2")
        broken = Exploding.__new__(Exploding)
        second = pair("Berita ketiga yang baik juga.", url="https://a.id/3")
        with pytest.raises(Boom):
            store.write([second, (article, broken)], [InputRejected("x", "y")])
        assert store.count_articles() == 1
        assert store.list_rejects() == []


def test_raw_document_is_kept_for_reanalysis(store_location: str) -> None:
    with open_store(store_location) as store:
        article, document = pair(
            "Judul Berita Hari Ini\nIsi berita yang panjang.", url="https://a.id/x", author="Ani"
        )
        store.write([(article, document)], [])
        assert store.get_raw(article.id) == document
        assert store.get_raw("missing") is None


def test_get_article_by_unique_prefix_only(store_location: str) -> None:
    with open_store(store_location) as store:
        pairs = [pair(f"Berita nomor {n} tentang banjir.", id=f"abc{n}") for n in (1, 2)]
        store.write(pairs, [])
        found = store.get_article("abc1")
        assert found is not None
        assert found.id == "abc1"
        assert store.get_article("ab") is None  # ambiguous
        assert store.get_article("zzz") is None


def test_rejects_counted_once_and_forgotten_when_input_is_fixed(store_location: str) -> None:
    with open_store(store_location) as store:
        refusal = InputRejected("folder/a.txt", "empty file")
        store.write([], [refusal])
        store.write([], [refusal])
        (only,) = store.list_rejects()
        assert (only.origin, only.times) == ("folder/a.txt", 2)
        store.write([pair("Sekarang berkas ini berisi berita.", origin="folder/a.txt")], [])
        assert store.list_rejects() == []


def test_list_articles_filters_and_orders(store_location: str) -> None:
    times = {
        "a": ("2021-12-07T21:39:00+07:00", "medcom.id"),
        "b": ("2021-12-31T04:41:00+07:00", "sindonews.com"),
        "c": ("2022-01-21T10:00:00+00:00", "beritabaru.co"),
    }
    with open_store(store_location) as store:
        store.write(
            [
                pair(f"Berita {key} tentang Rusia dan Ukraina.", id=key, published=p, outlet=o)
                for key, (p, o) in times.items()
            ],
            [],
        )

        def ids(**query: object) -> list[str]:
            return [a.id for a in store.list_articles(ArticleQuery(**query))]  # type: ignore[arg-type]

        assert ids() == ["c", "b", "a"]
        assert ids(order="oldest") == ["a", "b", "c"]
        assert ids(outlet="medcom.id") == ["a"]
        assert ids(since="2021-12-08", order="oldest") == ["b", "c"]
        assert ids(until="2021-12-31", order="oldest") == ["a", "b"]  # the whole last day
        assert ids(limit=1, offset=1) == ["b"]


def test_stored_hashes_answers_for_stored_ids_only(store_location: str) -> None:
    with open_store(store_location) as store:
        article, document = pair("Gempa mengguncang Cianjur pada Senin siang.", id="g1")
        store.write([(article, document)], [])
        many = ["g1", "nope", *(f"x{n}" for n in range(2000))]  # more than one IN (...) chunk
        assert store.stored_hashes(many) == {"g1": document.content_hash}


def test_unchanged_origins_are_no_longer_refused(store_location: str) -> None:
    with open_store(store_location) as store:
        store.write([], [InputRejected("feed.jsonl:3", "invalid JSON")])
        store.write([], [], unchanged_origins=["feed.jsonl:3"])
        assert store.list_rejects() == []


def _plans(store: Store, postgres: bool, avoid: str | None = None, of: str = "") -> list[str]:
    """The query plans of the statements the store runs from now on (those whose SQL holds
    ``of``), each step a line: SQLite's ``EXPLAIN QUERY PLAN``, PostgreSQL's ``EXPLAIN`` with
    ``avoid`` ("seqscan", "sort") disabled, so that it only plans one when nothing else can
    answer."""
    plans: list[str] = []
    db = store._db  # type: ignore[attr-defined]
    execute = db.execute
    if avoid:
        execute(f"SET enable_{avoid} = off")
    explain = "EXPLAIN " if postgres else "EXPLAIN QUERY PLAN "

    def explained(sql: str, params: object = ()) -> object:
        if of in sql:
            plans.extend(str(row[-1]) for row in execute(explain + sql, params))
        return execute(sql, params)

    db.execute = explained
    return plans


def test_an_entity_name_is_looked_up_through_indexes(store_location: str) -> None:
    """Which stored entity a name is (by its canonical name or one of its aliases) is two
    index lookups, never a scan of every entity: the lookup runs for every entity of every
    article, so a scan would make each article slower as the store grows. PostgreSQL is told
    to avoid scans, which it can only do when the query allows an index."""
    postgres = is_database_url(store_location)
    with open_store(store_location) as store:
        plans = _plans(store, postgres, avoid="seqscan" if postgres else None)
        assert SQLiteEntityLookup(store._db).by_name("joko widodo") == []  # type: ignore[attr-defined]
    assert any("entity_aliases_key" in step for step in plans), plans
    if postgres:
        assert not any("Seq Scan on entities" in step for step in plans), plans
    else:
        assert not any(step.startswith("SCAN e") for step in plans), plans


@pytest.mark.parametrize("order", ["newest", "oldest", "ingested"])
def test_a_page_of_articles_is_read_in_the_order_of_an_index(
    store_location: str, order: str
) -> None:
    """A page of the article list is read along an index in each order, never by sorting
    every stored article (PostgreSQL is told to avoid sorts, which it can only do when an
    index has the order)."""
    postgres = is_database_url(store_location)
    with open_store(store_location) as store:
        store.write([_stored_article(n) for n in range(3)], [])
        plans = _plans(store, postgres, avoid="sort" if postgres else None, of="ORDER BY")
        page = list(store.list_articles(ArticleQuery(order=order, limit=2)))  # type: ignore[arg-type]
    assert len(page) == 2 and plans
    if postgres:
        assert not any(step.lstrip(" ->").startswith("Sort") for step in plans), plans
    else:
        assert not any("TEMP B-TREE" in step for step in plans), plans


def _stored_article(number: int) -> tuple[Article, RawDocument]:
    published = None if number == 2 else f"2024-05-0{number + 1}T08:00:00+07:00"
    article = Article(id=f"a{number}", body=["x"], published=published, content_hash=f"a{number}")
    return article, RawDocument(f"a{number}.txt", "text", f"a{number}")


def test_a_speakers_quotes_are_read_through_indexes(samples_db: Path) -> None:
    """A speaker's quotes (by name, or the unnamed speaker of that description) come from the
    quotes' speaker and role indexes, not from a scan of every quote."""
    with open_store(samples_db) as store:
        plans = _plans(store, postgres=False, of="speaker_key IN")
        quotes = store.list_quotes(QuoteQuery(speaker="Dmitry Peskov", limit=5))
    assert quotes and all(q.speaker == "Dmitry Peskov" for q in quotes)
    assert any("quotes_speaker" in step for step in plans), plans
    assert any("quotes_role" in step for step in plans), plans
    assert not any(step.startswith("SCAN q") for step in plans), plans
