"""The store: schema migrations (SQLite's), and on every backend write outcomes, atomic batches,
queries."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from warta.analyze import analyze
from warta.errors import FilterError, InputRejected, SchemaTooNew, StoreError
from warta.model import Article, Quote, RawDocument
from warta.records import ArticleQuery, QuoteQuery, Store, quote_key
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


def test_an_insert_answers_the_key_of_the_row_it_added(store_location: str) -> None:
    """``Database.insert`` answers the new row's key on each backend (SQLite: its rowid, read
    without RETURNING), also after an article's write has inserted rows in other tables."""
    with open_store(store_location) as store:
        db = store._db  # type: ignore[attr-defined]

        def add(name: str) -> int:
            with db.transaction():
                return int(
                    db.insert(
                        "INSERT INTO entities (type, canonical, canonical_key, last_word)"
                        " VALUES (?, ?, ?, ?)",
                        ("PERSON", name, name.casefold(), name.casefold()),
                    )
                )

        added = {"Budi": add("Budi"), "Ani": add("Ani")}
        store.write([pair("Jakarta\n\nRudi datang ke Jakarta.", origin="a")], [])
        added["Citra"] = add("Citra")
        rows = db.execute("SELECT id, canonical FROM entities").fetchall()
    assert {str(row[1]): int(row[0]) for row in rows if row[1] in added} == added
    assert len(set(added.values())) == 3


def test_an_insert_of_new_rows_leaves_out_those_stored_already(store_location: str) -> None:
    """``Database.insert_new`` adds the rows whose key is not stored and leaves the others as
    they are, on each backend (SQLite says OR IGNORE, PostgreSQL ON CONFLICT DO NOTHING), from
    a SELECT and from VALUES (fails if a backend adds a duplicate, changes a row or raises)."""
    with open_store(store_location) as store:
        db = store._db  # type: ignore[attr-defined]
        with db.transaction():
            db.execute(
                db.insert_new(
                    "INSERT INTO story_postings (key, day, article_id) SELECT value, ?, ?"
                    f" FROM {db.each()}"
                ),
                (1.5, "a", json.dumps(["t:x", "t:y", "t:x"])),
            )
            db.execute(
                db.insert_new(
                    "INSERT INTO story_postings (key, day, article_id) VALUES (?, ?, ?), (?, ?, ?)"
                ),
                ("t:y", 1.5, "a", "t:z", 1.5, "a"),
            )
        rows = db.execute("SELECT key, day, article_id FROM story_postings").fetchall()
    assert sorted(tuple(row) for row in rows) == [
        ("t:x", 1.5, "a"),
        ("t:y", 1.5, "a"),
        ("t:z", 1.5, "a"),
    ]


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


def _quoting_article(number: int) -> tuple[Article, RawDocument]:
    """An article with ``number % 3 + 1`` quotes; two share each date, every fourth is undated
    (the order's ties and its undated end)."""
    published = None if number % 4 == 3 else f"2024-05-{number // 2 + 1:02d}T08:00:00+07:00"
    quotes = [
        Quote(text=f"kata {number}.{n}", speaker=None, kind="direct", verb="kata", paragraph=0,
              start=0, end=1, speaker_role="warga")
        for n in range(number % 3 + 1)
    ]  # fmt: skip
    article = Article(
        id=f"q{number:02d}", body=["x"], published=published, content_hash=f"q{number}",
        quotes=quotes,
    )  # fmt: skip
    return article, RawDocument(f"q{number}.txt", "text", f"q{number}")


def test_quotes_are_paged_after_a_quote_in_the_lists_order(store_location: str) -> None:
    """Pages read ``after`` the last quote shown give the whole list in its order, once each,
    across articles of one date and into the undated ones; the dated part of a deep page is
    read from the articles' index, not sorted."""
    postgres = is_database_url(store_location)
    with open_store(store_location) as store:
        store.write([_quoting_article(n) for n in range(12)], [])
        everything = [(q.article, q.number) for q in store.list_quotes()]
        for size in (1, 2, 5):
            paged: list[tuple[str, int]] = []
            after = None
            for _ in range(len(everything) + 1):  # a page that does not advance ends too
                page = store.list_quotes(QuoteQuery(limit=size, after=after))
                paged += [(q.article, q.number) for q in page]
                if len(page) < size:
                    break
                after = f"{page[-1].article}:{page[-1].number}"
            assert paged == everything, size
        only = store.list_quotes(QuoteQuery(outlet="nowhere", after="q00:0"))
        with pytest.raises(FilterError, match="after"):
            store.list_quotes(QuoteQuery(after="q99:0"))
        plans = _plans(store, postgres, avoid="sort" if postgres else None, of="UNION ALL")
        store.list_quotes(QuoteQuery(limit=3, after="q04:0"))
    assert len(everything) == sum(n % 3 + 1 for n in range(12)) and only == []
    undated = [key for key in everything if int(key[0][1:]) % 4 == 3]
    assert everything[-len(undated) :] == undated
    # the dated part seeks the index from the quote's date down
    seek = "Index Cond: (published_utc <=" if postgres else "articles_newest (published_utc<?)"
    assert any(seek in step for step in plans), plans


def test_a_page_after_a_quote_is_given_as_a_quote_id() -> None:
    with pytest.raises(FilterError, match="not a quote id"):
        QuoteQuery(after="q00")
    with pytest.raises(FilterError, match="not both"):
        QuoteQuery(after="q00:1", offset=20)
    assert quote_key("q00:12") == ("q00", 12) and quote_key("a:b:3") == ("a:b", 3)
    assert quote_key(":3") is None and quote_key("q00:") is None and quote_key("q:٣") is None


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


def test_a_write_keeps_its_undo_journal_in_memory_only_while_it_lasts(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "w.db") as store:
        db = store._db  # type: ignore[attr-defined]
        seen: list[int] = []
        execute = db.execute

        def watching(sql: str, params: object = ()) -> object:
            if sql == "SAVEPOINT article":
                seen.append(int(db._db.execute("PRAGMA temp_store").fetchone()[0]))
            return execute(sql, params)

        db.execute = watching
        store.write([pair("Satu dua tiga empat lima.", url="https://a.id/1")], [])
        assert seen == [2]  # MEMORY, for the write's small steps
        assert db._db.execute("PRAGMA temp_store").fetchone()[0] == 0  # and no longer
        with pytest.raises(RuntimeError), db.transaction(small_steps=True):
            raise RuntimeError("a failed write")
        assert db._db.execute("PRAGMA temp_store").fetchone()[0] == 0
        with db.transaction():  # a migration's, or any other write's: its journal in a file
            assert db._db.execute("PRAGMA temp_store").fetchone()[0] == 0


def test_only_a_connection_that_writes_keeps_a_writers_page_cache(tmp_path: Path) -> None:
    """A writer keeps 64 MiB of pages (it reads the same index pages article after article); a
    reader, such as a web request's connection, keeps SQLite's default: eight of them with a
    writer's cache took reads of a large store from 126 to 646 MiB."""
    SQLiteStore(tmp_path / "r.db").close()  # created (and migrated) by another connection
    with SQLiteStore(tmp_path / "r.db") as store:
        db = store._db  # type: ignore[attr-defined]
        assert list(store.list_articles(ArticleQuery(limit=5))) == []
        assert db._db.execute("PRAGMA cache_size").fetchone()[0] == -2000  # the default
        store.write([pair("Satu dua tiga empat lima.", url="https://a.id/1")], [])
        assert db._db.execute("PRAGMA cache_size").fetchone()[0] == -64 * 1024
