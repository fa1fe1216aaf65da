"""Exports (``warta export`` and ``/export/{kind}.{fmt}``): every kind in both formats, each
row traced back to the stored article it comes from, filters, CSV injection, bad options."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner, Result

import warta
from warta.cli import app
from warta.model import ARTICLE_CONTRACT_KEYS, Article
from warta.present.export import COLUMNS, _published_in, csv_cell, more_timelines
from warta.present.export import ExportQuery as Query
from warta.present.output import FORMULA_STARTS
from warta.records import Store
from warta.timestamps import wib_day
from warta.web import create_app
from warta.web.api import MAX_NUMBER
from warta.web.exports import WEB_DEFAULT_ROWS, WEB_DEFAULT_STORIES, export_url

from .conftest import PACKAGE_SAMPLES

HOSTILE_TITLE = '=HYPERLINK("http://evil.example","klik")'
RICE = (
    "Harga beras di Pasar Induk Cipinang naik tajam pekan ini menurut para pedagang di Jakarta.\n"
    '"Kami kesulitan mendapat pasokan dari Jawa Tengah," kata Budi Santoso, pedagang beras.\n'
    "Pemerintah berjanji membahas impor beras dengan para pedagang pada Senin (7/3/2022)."
)
#: Beside the five samples (one story, December 2021): a hostile article and a copy of it on
#: another site, which make a second story in March 2022.
EXTRA = [
    {
        "id": "hostile",
        "url": "https://evil.example/berita/beras",
        "outlet": "evil.example",
        "title": HOSTILE_TITLE,
        "published": "2022-03-01T10:00:00+07:00",
        "text": RICE,
    },
    {
        "id": "mirror",
        "url": "https://mirror.example/beras",
        "outlet": "mirror.example",
        "title": "@SUM(1+1) Harga Beras Naik",
        "published": "2022-03-01T12:00:00+07:00",
        "text": RICE,
    },
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export")
    extra = folder / "extra.jsonl"
    extra.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in EXTRA))
    path = folder / "warta.db"
    with warta.open_store(path) as store:
        report = warta.ingest([str(PACKAGE_SAMPLES), str(extra)], store)
    assert report.added == 7
    return path


@pytest.fixture(scope="module")
def stored(db: Path) -> dict[str, Article]:
    """Every stored article, by id: what export rows are checked against."""
    with warta.open_store(db) as store:
        return {article.id: article for article in store.list_articles()}


@pytest.fixture
def store(db: Path) -> Iterator[Store]:
    with warta.open_store(db) as opened:
        yield opened


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as test_client:
        yield test_client


def export(db: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["--db", str(db), "export", *args])


def rows(db: Path, kind: str, *args: str, fmt: str = "csv") -> list[dict[str, Any]]:
    """The rows of a successful CLI export, parsed."""
    result = export(db, kind, "--format", fmt, *args)
    assert result.exit_code == 0, result.output + result.stderr
    return parse(result.stdout, fmt, kind)


def parse(text: str, fmt: str, kind: str) -> list[dict[str, Any]]:
    if fmt == "jsonl":
        return [json.loads(line) for line in text.splitlines() if line]
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == COLUMNS[kind]
    return list(reader)


def uncell(value: str) -> str:
    """A CSV cell as it was before formula neutralising."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def story_of(store: Store, article_id: str) -> int:
    return store.placements([article_id])[article_id].story


# --- articles -------------------------------------------------------------------------------


def test_articles_csv_traces_each_row_to_its_input_and_story(
    db: Path, stored: dict[str, Article], store: Store
) -> None:
    found = rows(db, "articles")

    assert sorted(row["id"] for row in found) == sorted(stored)
    for row in found:
        article = stored[row["id"]]
        placement = store.placements([article.id])[article.id]
        assert row["origin"] == article.source["origin"] and row["origin"]
        assert Path(row["origin"].rsplit(":", 1)[0]).exists()
        assert row["content_hash"] == article.content_hash and len(row["content_hash"]) == 40
        assert row["story"] == str(placement.story)
        assert row["event"] == str(placement.event)
        assert row["duplicate_of"] == (placement.duplicate_of or "")
        assert uncell(row["body"]).split("\n\n") == article.body
        assert int(row["paragraphs"]) == len(article.body)
        assert int(row["quotes"]) == len(article.quotes) > 0
        assert int(row["entities"]) == len(article.entities)
        assert row["url"] == (article.url or "") and row["outlet"] == (article.outlet or "")
        assert row["warta_version"] == warta.__version__
    by_id = {row["id"]: row for row in found}
    assert by_id["mirror"]["duplicate_of"] == "hostile"  # the copy names its original
    assert by_id["hostile"]["origin"].endswith("extra.jsonl:1")
    assert by_id["mirror"]["format"] == "jsonl" and by_id["mirror"]["encoding"] == "utf-8"


def test_articles_jsonl_is_the_article_contract_plus_provenance(
    db: Path, stored: dict[str, Article]
) -> None:
    found = rows(db, "articles", fmt="jsonl")

    assert len(found) == len(stored)
    for row in found:
        contract = stored[row["id"]].to_dict()
        for key in (*ARTICLE_CONTRACT_KEYS, "source", "content_hash"):
            assert row[key] == contract[key], key
        assert row["origin"] == contract["source"]["origin"]
        assert isinstance(row["story"], int) and row["warta_version"] == warta.__version__
    assert [row["duplicate_of"] for row in found if row["id"] == "mirror"] == ["hostile"]


def test_articles_are_streamed_newest_first_and_paged(db: Path) -> None:
    everything = [row["id"] for row in rows(db, "articles")]
    assert everything[:2] == ["mirror", "hostile"]  # March 2022, the newest

    assert [row["id"] for row in rows(db, "articles", "--limit", "2", "--offset", "1")] == (
        everything[1:3]
    )


def test_article_filters_story_outlet_dates_and_entity(
    db: Path, stored: dict[str, Article], store: Store
) -> None:
    rice_story = story_of(store, "hostile")
    in_story = {row["id"] for row in rows(db, "articles", "--story", str(rice_story))}
    assert in_story == {"hostile", "mirror"}

    assert [r["id"] for r in rows(db, "articles", "--outlet", "medcom.id")] == [
        a.id for a in stored.values() if a.outlet == "medcom.id"
    ]
    december = rows(db, "articles", "--since", "2021-12-01", "--until", "2021-12-31")
    assert december and all(r["published"].startswith("2021-12") for r in december)
    assert {r["id"] for r in december}.isdisjoint({"hostile", "mirror"})
    # Within a story, the date filters read times as the store does: the whole --until day.
    in_march = rows(db, "articles", "--story", str(rice_story), "--until", "2022-03-01")
    assert {r["id"] for r in in_march} == {"hostile", "mirror"}
    before_noon = "2022-03-01T11:00:00+07:00"
    assert [r["id"] for r in rows(db, "articles", "--story", str(rice_story), "--until",
                                  before_noon)] == ["hostile"]  # fmt: skip

    budi = {r["id"] for r in rows(db, "articles", "--entity", "budi santoso")}
    assert budi == {"hostile", "mirror"}
    lavrov = {r["id"] for r in rows(db, "articles", "--entity", "Sergei Lavrov")}  # an alias
    assert lavrov == {a.id for a in stored.values() if any("Lavrov" in m.text for m in a.entities)}
    assert lavrov and len(lavrov) < 5


@pytest.mark.parametrize(
    "since", [None, "2021-12-07", "2021-12-07T02:00:00+07:00", "2022-03-01T11:00:00+07:00"]
)
@pytest.mark.parametrize("until", [None, "2021-12-06", "2021-12-07T21:39:00+07:00", "2022-03-01"])
def test_story_articles_pass_dates_as_the_store_filters_them(
    db: Path, store: Store, since: str | None, until: str | None
) -> None:
    dates = [*(["--since", since] if since else []), *(["--until", until] if until else [])]
    everywhere = [row["id"] for row in rows(db, "articles", *dates)]
    for story in {story_of(store, "hostile"), story_of(store, "mirror"), 1}:
        in_story = set(store.story_article_ids(story))
        found = [row["id"] for row in rows(db, "articles", "--story", str(story), *dates)]
        assert sorted(found) == sorted(i for i in everywhere if i in in_story)


def test_a_bare_until_date_excludes_the_next_midnight() -> None:
    midnight = "2022-03-01T00:00:00+07:00"
    assert not _published_in(midnight, None, "2022-02-28")
    assert _published_in(midnight, None, "2022-03-01") and _published_in(midnight, None, midnight)
    assert _published_in(midnight, midnight, None) and not _published_in(
        midnight, "2022-03-02", None
    )
    assert not _published_in(None, "2021-01-01", None) and _published_in(None, None, None)


@pytest.mark.parametrize("kind", ["articles", "quotes", "entities"])
def test_large_stories_are_read_in_chunks_with_the_same_rows(
    db: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = rows(db, kind, "--story", "1", fmt="jsonl")
    paged = rows(db, kind, "--story", "1", "--limit", "4", "--offset", "3", fmt="jsonl")
    monkeypatch.setattr("warta.present.export.STORY_ID_CHUNK", 2)  # five articles: three chunks
    monkeypatch.setattr("warta.present.export.EXPORT_PAGE", 3)

    chunked = rows(db, kind, "--story", "1", fmt="jsonl")
    # The same rows; across chunks the order is the story's (newest first), not the store's.
    assert sorted(map(json.dumps, chunked)) == sorted(map(json.dumps, whole))
    assert len(rows(db, kind, "--story", "1", "--limit", "4", "--offset", "3", fmt="jsonl")) == (
        len(paged)
    )


# --- quotes ---------------------------------------------------------------------------------


def quoted(article: Article, row: dict[str, Any]) -> str:
    """The stretch of the article's body a quote row points at."""
    first, last = int(row["paragraph"]), int(row["end_paragraph"])
    start, end = int(row["start"]), int(row["end"])
    if first == last:
        return article.body[first][start:end]
    return "\n".join([article.body[first][start:], *article.body[first + 1 : last],
                      article.body[last][:end]])  # fmt: skip


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_each_quote_row_is_the_slice_of_its_article_it_points_at(
    db: Path, stored: dict[str, Article], store: Store, fmt: str
) -> None:
    found = rows(db, "quotes", fmt=fmt)

    assert len(found) == sum(len(a.quotes) for a in stored.values())
    for row in found:
        article = stored[row["article"]]
        assert uncell(str(row["text"])) == quoted(article, row)
        assert (row["url"] or None) == article.url and (row["outlet"] or None) == article.outlet
        assert str(row["story"]) == str(story_of(store, article.id))
        # the quote's number and id lead back to it (--after, /api/quotes/{id})
        assert uncell(str(row["text"])) == article.quotes[int(row["number"])].text
        assert row["id"] == f"{row['article']}:{row['number']}"
    if fmt == "jsonl":
        assert all(isinstance(row["paragraph"], int) for row in found)


def test_quote_filters_speaker_story_outlet_and_dates(db: Path, store: Store) -> None:
    peskov = rows(db, "quotes", "--speaker", "Peskov")
    assert peskov and {row["speaker"] for row in peskov} == {"Dmitry Peskov"}

    rice = rows(db, "quotes", "--story", str(story_of(store, "hostile")), fmt="jsonl")
    assert {row["article"] for row in rice} == {"hostile", "mirror"}
    assert {row["speaker"] for row in rice} == {"Budi Santoso"}

    medcom = rows(db, "quotes", "--outlet", "medcom.id")
    assert medcom and {row["outlet"] for row in medcom} == {"medcom.id"}
    march = rows(db, "quotes", "--since", "2022-03-01")
    assert {row["article"] for row in march} == {"hostile", "mirror"}
    assert len(rows(db, "quotes", "--limit", "3", "--offset", "2")) == 3


# --- entities -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_entity_rows_agree_with_the_articles_that_mention_them(
    db: Path, stored: dict[str, Article], fmt: str
) -> None:
    found = rows(db, "entities", fmt=fmt)

    assert len(found) > 10
    for row in found[:6]:  # the most mentioned
        articles = rows(db, "articles", "--entity", str(row["canonical"]), fmt="jsonl")
        assert int(row["articles"]) == len(articles)
        aliases = row["aliases"] if fmt == "jsonl" else row["aliases"].split(";")
        names = {row["canonical"], *aliases}
        mentions = [m for a in articles for m in stored[a["id"]].entities if m.canonical in names]
        assert int(row["mentions"]) == len(mentions)
        days = sorted(str(wib_day(a["published"])) for a in articles if a["published"])
        assert (row["first_seen"], row["last_seen"]) == (days[0], days[-1])
    lavrov = next(row for row in found if row["canonical"] == "Sergey Lavrov")
    aliases = lavrov["aliases"] if fmt == "jsonl" else lavrov["aliases"].split(";")
    assert "Sergei Lavrov" in aliases


def test_entity_filters_type_name_and_story(db: Path, store: Store) -> None:
    people = rows(db, "entities", "--type", "person")
    assert people and {row["type"] for row in people} == {"PERSON"}

    assert [row["canonical"] for row in rows(db, "entities", "--entity", "Putin")] == [
        "Vladimir Putin"
    ]
    rice = rows(db, "entities", "--story", str(story_of(store, "hostile")))
    assert "Budi Santoso" in {row["canonical"] for row in rice}
    assert all(int(row["articles"]) <= 2 for row in rice)


# --- timelines ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_each_timeline_row_is_the_sentence_of_its_source_article(
    db: Path, stored: dict[str, Article], fmt: str
) -> None:
    found = rows(db, "timelines", fmt=fmt)

    assert len({str(row["story"]) for row in found}) == 2
    for row in found:
        article = stored[row["source_article"]]
        sentence = article.body[int(row["paragraph"])][int(row["start"]) : int(row["end"])]
        assert sentence and uncell(str(row["text"])) == sentence
        assert (row["source_url"] or None) == article.url
        assert (row["source_published"] or None) == article.published
        if str(row["source"]) == "0":
            assert row["text"] == row["entry_text"]  # the entry shows its first source
    flags = [row["flags"] for row in found]
    assert any("was-planned" in (f if fmt == "jsonl" else f.split(";")) for f in flags)


def test_timeline_of_one_story(db: Path, store: Store) -> None:
    rice_story = story_of(store, "hostile")
    found = rows(db, "timelines", "--story", str(rice_story), fmt="jsonl")

    assert {row["story"] for row in found} == {rice_story}
    assert {row["date"] for row in found} == {"2022-03-07"}
    assert {row["status"] for row in found} == {"planned"}
    assert {row["source_article"] for row in found} == {"hostile", "mirror"}
    # --limit counts stories: the newest one is the rice story.
    assert {row["story"] for row in rows(db, "timelines", "--limit", "1", fmt="jsonl")} == {
        rice_story
    }


def test_a_timelines_export_without_limit_says_when_it_left_stories_out(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not more_timelines(store, Query())
    monkeypatch.setattr("warta.present.export.TIMELINE_STORIES", 1)
    assert more_timelines(store, Query())
    assert not more_timelines(store, Query(limit=1))


# --- CSV injection --------------------------------------------------------------------------


def test_csv_cells_cannot_run_as_formulas(db: Path, store: Store) -> None:
    articles = {row["id"]: row for row in rows(db, "articles")}
    assert articles["hostile"]["title"] == "'" + HOSTILE_TITLE
    assert articles["mirror"]["title"] == "'@SUM(1+1) Harga Beras Naik"
    quotes = rows(db, "quotes", "--story", str(story_of(store, "hostile")))
    assert {row["title"] for row in quotes} == {"'" + HOSTILE_TITLE, "'@SUM(1+1) Harga Beras Naik"}
    timeline = rows(db, "timelines", "--story", str(story_of(store, "hostile")))
    assert {row["story_title"][0] for row in timeline} <= {"'"} | set("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    for value in ("=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"):
        assert csv_cell(value) == "'" + value
    assert csv_cell(-1) == -1 and csv_cell("Rp 5") == "Rp 5" and csv_cell(["a", "b"]) == "a;b"
    # JSON Lines keep the text as it is.
    jsonl = rows(db, "articles", "--story", str(story_of(store, "hostile")), fmt="jsonl")
    assert HOSTILE_TITLE in {row["title"] for row in jsonl}


# --- CLI: output, messages, bad options -----------------------------------------------------


def test_output_file_and_summary_line(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "quotes.jsonl"
    result = export(db, "quotes", "-f", "jsonl", "-o", str(target))

    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    written = target.read_text(encoding="utf-8").splitlines()
    assert result.stderr.strip() == f"{len(written)} rows written to {target}"
    assert not list(tmp_path.glob("*.partial"))


def test_a_failed_export_leaves_no_file(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "none.csv"
    result = export(db, "articles", "--story", "999", "-o", str(target))
    assert result.exit_code == 2
    assert not target.exists() and not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["stories"],
            "unknown export 'stories'; choose one of articles, quotes, entities, timelines,"
            " mentions, network, attention",
        ),
        (["articles", "-f", "xlsx"], "unknown format 'xlsx'"),
        (["articles", "--speaker", "Peskov"], "--speaker applies to quotes, not articles"),
        (
            ["quotes", "--entity", "Putin"],
            "--entity applies to articles, entities, timelines, mentions, network and"
            " attention, not quotes",
        ),
        (["quotes", "--type", "PERSON"], "--type applies to entities, mentions and network"),
        # each kind's own options, refused by the others rather than ignored: an articles export
        # given --nodes wrote every article
        (["articles", "--nodes", "5"], "--nodes applies to network, not articles"),
        (["articles", "--nodes", "200"], "--nodes applies to network, not articles"),  # default
        (["articles", "--min-articles", "2"], "--min-articles applies to network, not articles"),
        (["articles", "--interval", "week"], "--interval applies to attention, not articles"),
        (["mentions", "--follow", "search:x"], "--follow applies to attention, not mentions"),
        (["network", "--speaker", "x"], "--speaker applies to quotes, not network"),
        (
            ["network", "--limit", "5"],
            "--limit applies to articles, quotes, entities, timelines and mentions, not network",
        ),
        (["attention", "--speaker", "x"], "--speaker applies to quotes, not attention"),
        (["attention", "--limit", "3"], "--limit applies to articles, quotes, entities"),
        (["attention", "--offset", "3"], "--offset applies to articles, quotes, entities"),
        (["network", "-f", "gexf", "--interval", "day"], "--interval applies to attention"),
        (["attention", "--nodes", "5"], "--nodes applies to network, not attention"),
        (["entities", "--type", "PLANET"], "unknown entity type 'PLANET'"),
        (["articles", "--since", "last week"], "--since 'last week' is not a date"),
        (["articles", "--limit", "-1"], "must not be negative"),
        (["quotes", "--story", "999"], "no story with id 999"),
        (["articles", "--entity", "Nobody Atall"], "no entity named 'Nobody Atall'"),
        (["timelines", "--story", "1", "--since", "2021-12-01"], "cannot be combined"),
    ],
)
def test_bad_options_exit_2_with_one_line(db: Path, args: list[str], message: str) -> None:
    result = export(db, *args)

    assert result.exit_code == 2, result.stdout
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""


def test_missing_database_is_a_usage_error(tmp_path: Path) -> None:
    result = export(tmp_path / "none.db", "articles")
    assert result.exit_code == 2 and "no database" in result.stderr


# --- web ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["articles", "quotes", "entities", "timelines"])
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_web_export_is_the_cli_export(db: Path, client: TestClient, kind: str, fmt: str) -> None:
    response = client.get(f"/export/{kind}.{fmt}")

    assert response.status_code == 200, response.text
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson"
    assert response.headers["content-type"] == media
    disposition = response.headers["content-disposition"]
    assert disposition == f'attachment; filename="warta-{kind}.{fmt}"'
    web_rows = parse(response.text, fmt, kind)
    assert web_rows == rows(db, kind, fmt=fmt) and web_rows


def test_web_filters(db: Path, client: TestClient, store: Store) -> None:
    rice_story = story_of(store, "hostile")
    response = client.get("/export/quotes.jsonl", params={"speaker": "Peskov", "limit": 2})
    found = parse(response.text, "jsonl", "quotes")
    assert len(found) == 2 and {row["speaker"] for row in found} == {"Dmitry Peskov"}

    response = client.get("/export/articles.csv", params={"story": rice_story})
    assert {row["id"] for row in parse(response.text, "csv", "articles")} == {"hostile", "mirror"}
    response = client.get(
        "/export/entities.jsonl", params={"type": "PERSON", "outlet": "medcom.id"}
    )
    assert response.status_code == 200
    assert {row["type"] for row in parse(response.text, "jsonl", "entities")} == {"PERSON"}
    response = client.get("/export/timelines.jsonl", params={"story": rice_story})
    assert {row["story"] for row in parse(response.text, "jsonl", "timelines")} == {rice_story}


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        # every kind with its formats
        (
            "/export/stories.csv",
            404,
            "no export stories.csv: the exports are articles, quotes, entities, timelines,"
            " mentions and attention as csv or jsonl, network as gexf, graphml, csv or jsonl",
        ),
        ("/export/articles.xlsx", 404, "no export articles.xlsx: the exports are articles,"),
        ("/export/network.pdf", 404, "network as gexf, graphml, csv or jsonl"),
        ("/export/attention.gexf", 404, "no export attention.gexf"),
        # each kind names exactly the parameters it takes: nodes is the network's, limit not the
        # network's, speaker only the quotes'
        (
            "/export/articles.csv?speaker=Peskov",
            400,
            "unknown query parameter 'speaker' (speaker applies to quotes):"
            " /export/articles.csv takes entity, limit, offset, outlet, since, story, until",
        ),
        (
            "/export/articles.csv?nodes=5",
            400,
            "'nodes' (nodes applies to network): /export/articles.csv takes entity, limit,"
            " offset, outlet, since, story, until",
        ),
        (
            "/export/quotes.csv?type=PERSON",
            400,
            "/export/quotes.csv takes limit, offset, outlet, since, speaker, story, until",
        ),
        (
            "/export/entities.csv?speaker=x",
            400,
            "/export/entities.csv takes entity, limit, offset, outlet, since, story, type, until",
        ),
        (
            "/export/timelines.csv?type=PERSON",
            400,
            "/export/timelines.csv takes entity, limit, offset, outlet, since, story, until",
        ),
        (
            "/export/mentions.jsonl?speaker=x",
            400,
            "/export/mentions.jsonl takes entity, limit, offset, outlet, since, story, type, until",
        ),
        (
            "/export/network.gexf?limit=5&q=x",
            400,
            "unknown query parameters 'limit', 'q' (limit applies to articles, quotes, entities,"
            " timelines, mentions; q applies to attention): /export/network.gexf takes entity,"
            " min_articles, nodes, outlet, since, story, type, until",
        ),
        ("/export/articles.csv?limt=5", 400, "unknown query parameter 'limt': /export/articles"),
        ("/export/network.csv?limit=5", 400, "unknown query parameter 'limit'"),
        ("/export/attention.csv?q=banjir&min_articles=2", 400, "parameter 'min_articles'"),
        ("/export/articles.csv?since=yesterday", 400, "since 'yesterday' is not a date"),
        ("/export/quotes.csv?story=999", 400, "no story with id 999"),
        ("/export/articles.csv?limit=100001", 400, "above the web's 100,000 rows"),
        ("/export/timelines.csv?limit=501", 400, "above the web's 500 stories"),
        ("/export/articles.csv?offset=-1", 422, "offset: Input should be greater than"),
        ("/export/articles.csv?limit=0", 422, "limit: Input should be greater than"),
        ("/export/articles.csv?story=-1", 422, "story: Input should be greater than"),
        ("/export/articles.csv?offset=9223372036854775807", 400, "past the largest row"),
        ("/export/timelines.csv?offset=9223372036854775800&limit=8", 400, "past the largest"),
    ],
)
def test_web_bad_parameters_are_4xx_with_a_message(
    client: TestClient, url: str, status: int, message: str
) -> None:
    response = client.get(url)

    assert response.status_code == status
    assert message in response.json()["error"]


@pytest.mark.parametrize(
    ("kind", "fmt"),
    [
        ("articles", "csv"), ("quotes", "csv"), ("entities", "jsonl"), ("timelines", "csv"),
        ("mentions", "csv"), ("network", "gexf"), ("attention", "csv"),
    ],
)  # fmt: skip
def test_the_parameters_a_kind_lists_are_ones_it_takes(
    client: TestClient, store: Store, kind: str, fmt: str
) -> None:
    """An unknown parameter is answered with what the kind takes: each of those is then taken
    (the articles export once listed ``speaker`` and refused it)."""
    values = {
        "since": "2021-01-01", "until": "2030-01-01", "outlet": "medcom.id", "entity": "Putin",
        "speaker": "Peskov", "story": story_of(store, "hostile"), "type": "PERSON", "limit": 2,
        "offset": 1, "nodes": 5, "min_articles": 1, "q": "banjir", "interval": "week",
    }  # fmt: skip
    error = client.get(f"/export/{kind}.{fmt}?bogus=1").json()["error"]
    listed = error.split(" takes ")[1].split(", ")
    base = {"q": "banjir"} if kind == "attention" else {}  # attention follows something

    assert {"since", "until", "outlet", "story"} <= set(listed)
    for name in listed:
        response = client.get(f"/export/{kind}.{fmt}", params={**base, name: values[name]})
        assert response.status_code == 200, (name, response.text)


#: One past SQLite's largest integer: a number no row, story or page can have.
TOO_LARGE = 2**63


@pytest.mark.parametrize("kind", ["articles", "quotes", "entities", "timelines"])
@pytest.mark.parametrize("param", ["offset", "limit", "story"])
@pytest.mark.parametrize("value", [TOO_LARGE, 10**30])
def test_web_numbers_out_of_range_are_422_with_a_message(
    client: TestClient, kind: str, param: str, value: int
) -> None:
    # Before the bounds, offset=2**63 was an empty 200 and an OverflowError in the server log.
    response = client.get(f"/export/{kind}.csv", params={param: value})

    assert response.status_code == 422, response.text
    message = response.json()["error"]
    assert message.startswith(f"{param}: ") and "less than or equal to" in message


@pytest.mark.parametrize(
    ("kind", "filters"),
    [
        ("articles", {}), ("articles", {"story": "RICE"}), ("articles", {"entity": "Vladimir Putin"}),
        ("quotes", {}), ("quotes", {"story": "RICE"}), ("entities", {}),
        ("entities", {"story": "RICE"}), ("timelines", {}),
    ],
)  # fmt: skip
def test_web_export_at_the_largest_offset_is_empty_not_broken(
    client: TestClient, store: Store, kind: str, filters: dict[str, str]
) -> None:
    # Each way an export pages (the store's LIMIT/OFFSET, or the export skipping rows itself)
    # takes the largest offset that leaves room for the default page.
    params = {k: str(story_of(store, "hostile")) if v == "RICE" else v for k, v in filters.items()}
    default = WEB_DEFAULT_STORIES if kind == "timelines" else WEB_DEFAULT_ROWS
    params["offset"] = str(MAX_NUMBER - default)

    response = client.get(f"/export/{kind}.jsonl", params=params)

    assert response.status_code == 200, response.text
    assert response.text == ""


def test_list_pages_link_to_the_export_of_their_filters(client: TestClient) -> None:
    filters = {"speaker": "Peskov", "since": "2021-12-01", "q": "x", "offset": 20, "story": None}
    url = export_url("quotes", "csv", filters)
    assert url == "/export/quotes.csv?speaker=Peskov&since=2021-12-01"
    assert client.get(url).status_code == 200
    assert export_url("entities", "jsonl", {"type": "PERSON", "speaker": "x"}) == (
        "/export/entities.jsonl?type=PERSON"
    )


def test_web_rejects_a_limit_that_is_not_a_number(client: TestClient) -> None:
    response = client.get("/export/articles.csv?limit=many")
    assert response.status_code == 422


def test_web_export_gives_its_store_back_to_the_pool(db: Path) -> None:
    with TestClient(create_app(db)) as fresh:
        for _ in range(3):
            assert fresh.get("/export/articles.jsonl").status_code == 200
        pool = fresh.app.state.stores  # type: ignore[attr-defined]
        # Sequential requests reuse the same stores: nothing is left borrowed.
        assert pool._free.qsize() == len(pool._opened) <= 2


def test_every_csv_listing_keeps_formulas_as_text() -> None:
    # write_csv serves `warta articles/stories/quotes/entities/search -f csv` as well.
    import io

    from warta.present.output import write_csv

    out = io.StringIO()
    write_csv(
        [{"title": '=HYPERLINK("http://x")', "n": 3, "note": "-1+2"}], ("title", "n", "note"), out
    )
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows == [{"title": '\'=HYPERLINK("http://x")', "n": "3", "note": "'-1+2"}]
