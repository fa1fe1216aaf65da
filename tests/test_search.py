"""Full-text search: stemming, phrases, BM25 order, filters, facets, snippets, the index kept in
step with the articles, and ``warta search``."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

import warta
from tests.conftest import BACKENDS, new_location, undo_entity_and_speaker_schema
from warta.cli import app
from warta.errors import UsageError
from warta.lang.id.stems import search_forms
from warta.records import SearchQuery
from warta.store.search import joined_spans, parse_query, snippet_of
from warta.store.sqlite.migrations import LATEST_VERSION

from .conftest import Warta

ARTICLES = [
    {
        "id": "talks",
        "outlet": "kompas.com",
        "title": "Pembicaraan Damai Dilanjutkan di Jenewa",
        "published": "2022-01-10T09:00:00+07:00",
        "text": "Delegasi Rusia dan Amerika Serikat melanjutkan pembicaraan damai di Jenewa, Senin."
        "\nMenteri Luar Negeri Sergei Lavrov mengatakan dialog berjalan baik."
        '\n"Kami akan terus berbicara," kata Lavrov kepada wartawan.',
    },
    {
        "id": "market",
        "outlet": "detik.com",
        "title": "Harga Beras Naik di Pasar Induk",
        "published": "2022-02-03T10:00:00+07:00",
        "text": "Harga beras di Pasar Induk Cipinang naik tajam pekan ini."
        "\nPedagang mengatakan pasokan dari Jawa Tengah berkurang."
        "\nPemerintah berjanji membicarakan impor dengan para pedagang.",
    },
    {
        "id": "summit",
        "outlet": "kompas.com",
        "title": "Biden dan Putin Bertemu Secara Virtual",
        "published": "2021-12-07T21:00:00+07:00",
        "text": "Presiden Joe Biden dan Presiden Vladimir Putin bertemu secara virtual selama dua jam."
        "\nKedua pemimpin membahas Ukraina. Pembicaraan itu disebut serius."
        '\n"Kami tidak berharap banyak," kata Dmitry Peskov, juru bicara Kremlin.',
    },
]


def ingest_articles(folder: Path, location: str | Path) -> str:
    source = folder / "articles.jsonl"
    source.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES) + "\n")
    with warta.open_store(location) as store:
        report = warta.ingest([str(source)], store)
    assert report.added == 3
    return str(location)


@pytest.fixture(scope="module", params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The three articles, searched on every backend (FTS5, tsvector)."""
    folder = tmp_path_factory.mktemp("search")
    return ingest_articles(folder, new_location(request, folder))


def search(db: str, text: str, **filters: object) -> warta.store.search.SearchResult:
    with warta.open_store(db) as store:
        return store.search(SearchQuery(text, **filters))  # type: ignore[arg-type]


def ids(result: warta.store.search.SearchResult) -> list[str]:
    return [hit.id for hit in result.hits]


def test_stemming_finds_every_inflection(db: str) -> None:
    # "pembicaraan", "berbicara", "membicarakan" and "bicara" share the stem "bicara".
    found = set(ids(search(db, "bicara")))
    assert found == {"talks", "market", "summit"}
    assert set(ids(search(db, "pembicaraan"))) == found


def test_headline_match_ranks_first(db: str) -> None:
    result = search(db, "pembicaraan damai")
    assert ids(result) == ["talks"]  # "damai" is only in the talks article
    result = search(db, "pembicaraan")
    assert ids(result)[0] == "talks"  # in its headline and its body
    assert result.hits[0].score >= result.hits[-1].score


def test_phrase_needs_the_words_in_order(db: str) -> None:
    assert ids(search(db, '"Amerika Serikat"')) == ["talks"]
    assert ids(search(db, '"Serikat Amerika"')) == []
    assert ids(search(db, '"pembicaraan damai"')) == ["talks"]


def test_or_and_exclusion(db: str) -> None:
    assert set(ids(search(db, "beras OR Jenewa"))) == {"market", "talks"}
    assert set(ids(search(db, "bicara -beras"))) == {"talks", "summit"}


@pytest.mark.parametrize("text", ["", "   ", "-beras", '"" ...', "x" * 600])
def test_queries_with_nothing_to_search_are_refused(text: str) -> None:
    with pytest.raises(UsageError):
        parse_query(text)


def test_hostile_query_text_is_only_words(db: str) -> None:
    # FTS5 syntax in what a person types is read as words, never as a query operator.
    for text in ["NEAR(beras pasar)", "title:beras", "beras*", 'beras" OR "x', "^beras", "(beras"]:
        assert ids(search(db, text)) in (["market"], []), text


def test_filters(db: str) -> None:
    everything = {"talks", "market", "summit"}
    assert set(ids(search(db, "bicara", outlet="kompas.com"))) == {"talks", "summit"}
    assert set(ids(search(db, "bicara", outlet="Kompas.com"))) == {"talks", "summit"}
    assert set(ids(search(db, "bicara", since="2022-01-01"))) == {"talks", "market"}
    assert set(ids(search(db, "bicara", until="2022-01-10"))) == {"talks", "summit"}
    assert set(ids(search(db, "bicara", entity="Lavrov"))) == {"talks"}
    assert set(ids(search(db, "bicara", speaker="dmitry peskov"))) == {"summit"}
    with warta.open_store(db) as store:
        story = store.placements(["market"])["market"].story
    assert ids(search(db, "bicara", story=story)) == ["market"]
    assert set(ids(search(db, "bicara"))) == everything


def test_facets_count_the_matches(db: str) -> None:
    result = search(db, "bicara")
    assert result.total == 3
    outlets = {f.value: f.count for f in result.facets["outlet"]}
    assert outlets == {"kompas.com": 2, "detik.com": 1}
    months = {f.value: f.count for f in result.facets["month"]}
    assert months == {"2022-01": 1, "2022-02": 1, "2021-12": 1}
    assert sum(f.count for f in result.facets["story"]) == 3
    assert all(f.label for f in result.facets["story"])
    speakers = {f.value for f in result.facets["speaker"]}
    assert any("Lavrov" in s for s in speakers) and any("Peskov" in s for s in speakers)


def test_paging(db: str) -> None:
    first = search(db, "bicara", limit=2)
    second = search(db, "bicara", limit=2, offset=2)
    assert first.total == second.total == 3
    assert len(first.hits) == 2 and len(second.hits) == 1
    assert not set(ids(first)) & set(ids(second))
    # Without facets only the page is ranked; every match is still counted, filtered or not.
    one = search(db, "bicara", limit=1, facets=False)
    assert one.total == 3 and len(one.hits) == 1 and one.hits[0].id == ids(first)[0]
    assert search(db, "bicara", outlet="kompas.com", limit=1, facets=False).total == 2
    beyond = search(db, "bicara", limit=1, offset=5, facets=False)
    assert beyond.total == 3 and beyond.hits == []


def test_very_many_matches_are_ranked_among_the_ones_stored_last(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The three articles were stored in the order of ARTICLES: talks, market, summit. All
    # three say "bicara"; talks has it in its headline and ranks first among all of them.
    assert ids(search(db, "bicara"))[0] == "talks"
    assert search(db, "bicara").ranked == 3
    monkeypatch.setattr(warta.store.search, "RANKED_MATCHES", 2)
    bounded = search(db, "bicara")
    assert (bounded.total, bounded.ranked) == (3, 2)  # every match still counted
    assert set(ids(bounded)) == {"market", "summit"}
    # Filters first: of the kompas.com matches (talks, summit), the last stored.
    monkeypatch.setattr(warta.store.search, "RANKED_MATCHES", 1)
    filtered = search(db, "bicara", outlet="kompas.com")
    assert (filtered.total, filtered.ranked, ids(filtered)) == (2, 1, ["summit"])
    # Below the bound nothing changes.
    assert ids(search(db, "damai")) == ["talks"]
    # The command says so.
    said = CliRunner().invoke(app, ["--db", db, "search", "bicara"])
    assert said.exit_code == 0, said.output
    assert "(3 articles match; showing 1-1)" in said.stderr
    one = CliRunner().invoke(app, ["--db", db, "search", "damai"])
    assert "(1 article matches; showing 1-1)" in one.stderr
    assert "(ranked among the 1 stored last)" in said.stderr


def test_snippets_highlight_the_words_as_written(db: str) -> None:
    hit = search(db, "bicara").hits[0]
    assert hit.id == "talks"
    marked = [hit.snippet[s:e] for s, e in hit.highlights]
    assert marked and all("bicara" in word.casefold() for word in marked)
    assert [hit.title[s:e] for s, e in hit.title_highlights] == ["Pembicaraan"]  # type: ignore[index]


def test_snippet_window_prefers_the_passage_with_most_query_words() -> None:
    body = [
        "Pembukaan yang panjang tanpa kata kunci sama sekali di sini.",
        " ".join(["isi"] * 50) + " harga beras naik di pasar " + " ".join(["lain"] * 50),
    ]
    forms = frozenset({"harga", "beras", "pasar"})
    matched = [
        [(i, form) for i, form in enumerate(search_forms(text)) if form in forms] for text in body
    ]
    snippet, highlights = snippet_of(body, matched)
    assert snippet.startswith("… ") and snippet.endswith(" …")
    # the adjacent words are one highlight
    assert [snippet[s:e] for s, e in highlights] == ["harga beras", "pasar"]


def test_adjacent_matched_words_are_one_highlight(tmp_path: Path, store_location: str) -> None:
    """A name searched word by word or as a phrase is marked whole, in the snippet, the title
    and the CLI's text; words apart, or with punctuation between, stay apart."""
    source = tmp_path / "a.jsonl"
    record = {
        "id": "setnov",
        "title": "KPK Periksa Setya Novanto",
        "text": "Penyidik KPK memeriksa Setya Novanto pada Senin. Novanto, kata Setya, sehat."
        "\nPengacara Setya   Novanto hadir.",
    }
    source.write_text(json.dumps(record) + "\n")
    with warta.open_store(store_location) as store:
        warta.ingest([str(source)], store)
        for query in ("Setya Novanto", '"Setya Novanto"'):
            hit = store.search(SearchQuery(query)).hits[0]
            assert hit.title is not None
            assert [hit.title[s:e] for s, e in hit.title_highlights] == ["Setya Novanto"], query
            marked = [hit.snippet[s:e] for s, e in hit.highlights]
            if query.startswith('"'):  # the phrase only where it stands whole
                assert marked == ["Setya Novanto"], marked
            else:
                assert marked == ["Setya Novanto", "Novanto", "Setya"], marked
    assert joined_spans("a  b\nc, d", [(0, 1), (3, 4), (5, 6), (8, 9)]) == [(0, 6), (8, 9)]


def test_index_follows_a_corrected_article(tmp_path: Path, store_location: str) -> None:
    source = tmp_path / "a.jsonl"
    record = {**ARTICLES[1], "url": "https://detik.com/beras"}
    source.write_text(json.dumps(record) + "\n")
    with warta.open_store(store_location) as store:
        warta.ingest([str(source)], store)
        assert store.search(SearchQuery("beras")).total == 1
        corrected = {
            **record,
            "title": "Harga Gula Naik",
            "text": record["text"].replace("beras", "gula"),
        }
        source.write_text(json.dumps(corrected) + "\n")
        warta.ingest([str(source)], store)
        assert store.search(SearchQuery("beras")).total == 0
        assert store.search(SearchQuery("gula")).total == 1
        assert store.count_articles() == 1


def test_an_older_database_gets_its_articles_indexed(tmp_path: Path) -> None:
    # An SQLite database from before search: drop the index and go back to schema version 5.
    old = Path(ingest_articles(tmp_path, tmp_path / "old.db"))
    with sqlite3.connect(old) as connection:
        connection.execute("DROP TABLE search_index")
        connection.execute("DROP TABLE story_products")
        connection.execute("DROP TABLE generation")
        connection.execute("DROP TABLE pending_work")
        undo_entity_and_speaker_schema(connection)
        connection.execute("PRAGMA user_version = 5")
    with warta.open_store(old) as store:
        assert store.schema_version() == LATEST_VERSION
        assert {hit.id for hit in store.search(SearchQuery("bicara")).hits} == {
            "talks",
            "market",
            "summit",
        }


def test_search_command(warta: Warta, samples_dir: Path) -> None:
    assert warta("ingest", samples_dir).returncode == 0
    result = warta("search", "pembicaraan", "--limit", "2", "--facets")
    assert result.returncode == 0, result
    lines = result.stdout_lines
    assert lines[0].startswith("1.\t") and "[Pembicaraan]" in lines[0]
    assert lines[1].startswith("   ") and "[" in lines[1]
    assert any(line.startswith("outlet: ") for line in lines)
    assert "5 articles match" in result.stderr
    rows = warta("search", '"Dmitry Peskov"', "-f", "jsonl").jsonl()
    assert rows and all("Peskov" in row["snippet"] for row in rows)
    assert {"id", "score", "snippet", "highlights", "story"} <= set(rows[0])
    refused = warta("search", "--", "-Putin")
    assert refused.returncode == 2 and "nothing to search for" in refused.stderr
    assert warta("search", "x", "--since", "kemarin").returncode == 2


def test_a_phrase_is_highlighted_only_where_it_stands_whole(
    tmp_path: Path, store_location: str
) -> None:
    source = tmp_path / "a.jsonl"
    record = {
        "id": "phrase",
        "title": "Kunjungan ke Amerika",
        "text": "Amerika dan Serikat Pekerja bertemu. Menteri tiba di Amerika Serikat pada Senin."
        "\nDelegasi itu kembali dari Amerika pekan lalu.",
    }
    source.write_text(json.dumps(record) + "\n")
    with warta.open_store(store_location) as store:
        warta.ingest([str(source)], store)
        hit = store.search(SearchQuery('"Amerika Serikat"')).hits[0]
    # the phrase is one highlight, not one per word
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["Amerika Serikat"]
    assert hit.title_highlights == []
