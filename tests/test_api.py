"""The HTTP API: the contract's field names, pagination, story products, search, the token on
ingest, and a 4xx with a message (never a 500) for bad input."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import warta
from warta.model import ARTICLE_CONTRACT_KEYS
from warta.web import create_app

TOKEN = "rahasia-uji"


def get(client: TestClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, (url, response.text)
    return response.json()


def test_openapi_and_docs(client: TestClient) -> None:
    spec = get(client, "/openapi.json")
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/stories",
                 "/api/stories/{story_id}", "/api/stories/{story_id}/timeline",
                 "/api/stories/{story_id}/summary", "/api/entities", "/api/entities/{entity_id}",
                 "/api/quotes", "/api/quotes/{quote_id}", "/api/search", "/api/ingest"):  # fmt: skip
        assert path in spec["paths"], path
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_the_api_lists_its_endpoints(client: TestClient) -> None:
    index = get(client, "/api")
    paths = {endpoint["path"]: endpoint for endpoint in index["endpoints"]}
    assert index["docs"] == "/docs" and index["openapi"] == "/openapi.json"
    assert {"/api/articles", "/api/articles/{article_id}", "/api/stories", "/api/stories/{story_id}",
            "/api/entities", "/api/quotes", "/api/search", "/api/ingest",
            "/export/{kind}.{fmt}"} <= set(paths)  # fmt: skip
    assert "/docs" not in paths and all(p.startswith(("/api", "/export", "/feeds")) for p in paths)
    assert paths["/api/stories"]["methods"] == ["GET"]
    assert paths["/api/ingest"]["methods"] == ["POST"]
    stories = set(paths["/api/stories"]["parameters"])
    assert {"order", "singles", "text", "limit", "offset"} <= stories


@pytest.mark.parametrize(
    ("path", "unknown"),
    [("/api/articles?limt=5", "limt"), ("/api/stories?sice=2024-01-01&limit=2", "sice"),
     ("/api/search?q=x&pge=2", "pge"), ("/export/articles.csv?oultet=x", "oultet"),
     ("/api?x=1", "x")],
)  # fmt: skip
def test_an_unknown_query_parameter_is_named(client: TestClient, path: str, unknown: str) -> None:
    response = client.get(path)
    assert response.status_code == 400, response.text
    assert f"unknown query parameter {unknown!r}" in response.json()["error"]


def test_every_list_links_its_next_page(client: TestClient) -> None:
    for path in ("/api/articles", "/api/entities", "/api/quotes", "/api/search?q=Putin"):
        joiner = "&" if "?" in path else "?"
        first = get(client, f"{path}{joiner}limit=1")
        seen = first.get("items", first.get("hits"))
        assert first["next"] is not None and "limit=1" in first["next"], path
        following = get(client, first["next"])
        assert following.get("items", following.get("hits")) != seen, path
    last = get(client, "/api/articles?limit=500")
    assert last["next"] is None


def test_every_list_counts_its_items(client: TestClient) -> None:
    for path in ("/api/articles", "/api/entities", "/api/entities?type=PERSON", "/api/quotes",
                 "/api/quotes?kind=direct", "/api/quotes?speaker=Peskov",
                 "/api/entities?outlet=medcom.id", "/api/stories?singles=true"):  # fmt: skip
        joiner = "&" if "?" in path else "?"
        every = get(client, f"{path}{joiner}limit=500")
        assert every["total"] == len(every["items"]) > 0, path
        assert get(client, f"{path}{joiner}limit=1")["total"] == every["total"], path


def test_two_entities_together_is_a_list_like_the_others(client: TestClient) -> None:
    """The articles behind a pair: ``total``, ``next`` and ``offset`` as every list has them,
    the rows under ``items`` and, as before, ``articles``."""
    people = get(client, "/api/entities?type=PERSON&limit=50")["items"]
    putin = next(e for e in people if e["canonical"] == "Vladimir Putin")
    companion = get(client, f"/api/entities/{putin['id']}")["appears_with"][0]
    assert companion["articles"] >= 2  # enough to page through
    path = f"/api/entities/{putin['id']}/with/{companion['id']}"
    every = get(client, f"{path}?limit=500")
    assert every["total"] == len(every["items"]) == companion["articles"]
    assert every["articles"] == every["items"] and every["next"] is None
    assert [e["id"] for e in every["entities"]] == [putin["id"], companion["id"]]
    first = get(client, f"{path}?limit=1")
    assert first["total"] == every["total"] and first["items"] == every["items"][:1]
    assert first["next"] == f"{path}?limit=1&offset=1" and first["next_offset"] == 1
    second = get(client, first["next"])
    assert second["items"] == every["items"][1:2] and second["offset"] == 1
    beyond = get(client, f"{path}?offset={2**63 - 1}")
    assert beyond["items"] == [] and beyond["total"] == every["total"]


def test_articles_list_pages_and_detail_follows_the_contract(client: TestClient) -> None:
    first = get(client, "/api/articles?limit=2")
    assert len(first["items"]) == 2 and first["next_offset"] == 2
    rest = get(client, "/api/articles?limit=10&offset=2")
    assert len(rest["items"]) == 3 and rest["next_offset"] is None
    ids = [a["id"] for a in first["items"] + rest["items"]]
    assert len(set(ids)) == 5
    article = get(client, f"/api/articles/{ids[0][:8]}")  # a unique prefix
    assert list(article)[: len(ARTICLE_CONTRACT_KEYS)] == list(ARTICLE_CONTRACT_KEYS)
    assert article["id"] == ids[0] and isinstance(article["story"], int)
    full = get(client, "/api/articles?limit=1&full=true")["items"][0]
    assert set(ARTICLE_CONTRACT_KEYS) <= set(full)


def test_story_detail_timeline_and_summary_cite_their_sources(client: TestClient) -> None:
    stories = get(client, "/api/stories?order=largest")["items"]
    story_id = stories[0]["id"]
    story = get(client, f"/api/stories/{story_id}")
    for key in ("id", "title", "first_published", "last_published", "articles", "events",
                "timeline", "summary", "entities", "quotes", "duplicates"):  # fmt: skip
        assert key in story, key
    timeline = get(client, f"/api/stories/{story_id}/timeline")
    assert timeline["timeline"] == story["timeline"]
    assert any(e["date"] == "2022-01-10" and e["status"] == "planned" for e in story["timeline"])
    summary = get(client, f"/api/stories/{story_id}/summary")["summary"]
    assert summary == story["summary"] and summary
    for sentence in summary:
        source = sentence["sources"][0]
        body = get(client, f"/api/articles/{source['article']}")["body"]
        assert body[source["paragraph"]][source["start"] : source["end"]] == sentence["text"]


def test_entities_and_quotes(client: TestClient) -> None:
    people = get(client, "/api/entities?type=PERSON&limit=50")["items"]
    peskov = next(e for e in people if e["canonical"].endswith("Peskov"))
    detail = get(client, f"/api/entities/{peskov['id']}")
    assert detail["canonical"] == peskov["canonical"]
    dated = sum(day["articles"] for day in detail["activity"])
    assert dated > 0 and dated + detail["undated_articles"] == peskov["articles"]
    assert detail["quotes"] and detail["stories"]
    # the lists are the first of their totals, all of them at a link
    assert (
        detail["quotes_total"]
        == get(client, detail["quotes_all"])["total"]
        >= len(detail["quotes"])
    )
    assert (
        detail["stories_total"]
        == get(client, detail["stories_all"])["total"]
        >= len(detail["stories"])
    )
    quotes = get(client, "/api/quotes?speaker=Peskov&limit=2")
    assert len(quotes["items"]) == 2 and quotes["next_offset"] == 2
    quote = quotes["items"][0]
    assert get(client, f"/api/quotes/{quote['id']}") == quote
    story_quotes = get(client, f"/api/quotes?story={detail['stories'][0]['id']}&limit=500")
    assert story_quotes["items"]


def _every_page(client: TestClient, url: str, limit: int = 2) -> tuple[int, list[Any]]:
    """A list's total and its items, read a page of ``limit`` at a time by its ``next`` links."""
    first = page = get(client, f"{url}{'&' if '?' in url else '?'}limit={limit}")
    items = list(page["items"])
    while page["next"] is not None:
        page = get(client, page["next"])
        assert page["total"] == first["total"]
        items += page["items"]
    return first["total"], items


def _quote_keys(quotes: list[Any]) -> list[tuple[str, int]]:
    return [(quote["article"], quote["number"]) for quote in quotes]


def test_an_embedded_list_is_the_first_page_of_its_all_link(client: TestClient) -> None:
    """A story's and an entity's quotes, stories and entities, and an outlet's stories: each
    embeds the first few of a list whose ``*_total`` it gives and whose ``*_all`` link is a
    list like the others, paged by ``next`` to its last item."""
    story = get(client, "/api/stories?order=largest")["items"][0]
    detail = get(client, f"/api/stories/{story['id']}")
    assert detail["quotes_all"] == f"/api/quotes?story={story['id']}&kind=direct"
    total, quotes = _every_page(client, detail["quotes_all"])
    assert total == detail["quotes_total"] == len(quotes) >= len(detail["quotes"]) > 2
    assert _quote_keys(quotes)[: len(detail["quotes"])] == _quote_keys(detail["quotes"])
    total, entities = _every_page(client, detail["entities_all"], limit=5)
    assert total == detail["entities_total"] == len(entities) >= len(detail["entities"]) > 5
    names = [entity["canonical"] for entity in entities]
    assert names[: len(detail["entities"])] == [e["canonical"] for e in detail["entities"]]

    people = get(client, "/api/entities?type=PERSON&limit=50")["items"]
    peskov = next(e for e in people if e["canonical"] == "Dmitry Peskov")
    entity = get(client, f"/api/entities/{peskov['id']}")
    total, quotes = _every_page(client, entity["quotes_all"])
    assert total == entity["quotes_total"] == len(quotes) >= len(entity["quotes"]) > 2
    assert _quote_keys(quotes)[: len(entity["quotes"])] == _quote_keys(entity["quotes"])
    total, stories = _every_page(client, entity["stories_all"], limit=1)
    assert total == entity["stories_total"] == len(stories) >= len(entity["stories"]) >= 1
    assert [s["id"] for s in stories][: len(entity["stories"])] == [
        s["id"] for s in entity["stories"]
    ]

    outlet = get(client, "/api/outlets/medcom.id")
    total, stories = _every_page(client, outlet["stories_all"], limit=1)
    assert total == outlet["stories_total"] == len(stories) >= len(outlet["stories"]) >= 1


def test_quotes_are_paged_by_the_last_quote_shown(client: TestClient) -> None:
    everything = get(client, "/api/quotes?limit=500")
    assert everything["next_after"] is None and len(everything["items"]) > 6
    paged, url = [], "/api/quotes?limit=4"
    for _ in range(len(everything["items"])):
        page = get(client, url)
        paged += page["items"]
        if page["next_after"] is None:
            break
        assert page["next_after"] == page["items"][-1]["id"]
        url = f"/api/quotes?limit=4&after={page['next_after']}"
    assert paged == everything["items"]
    assert page["next_offset"] is None  # a keyset page's offset is not known


def test_search(client: TestClient) -> None:
    assert get(client, "/api/search?q=pembicaraan")["facets"] == {}  # asked for: facets=true
    result = get(client, "/api/search?q=pembicaraan&limit=2&facets=true")
    assert result["total"] == 5 and len(result["hits"]) == 2 and result["next_offset"] == 2
    assert result["ranked"] == 5  # fewer matches than the bound: every one ranked
    hit = result["hits"][0]
    assert all("bicara" in hit["snippet"][s:e].casefold() for s, e in hit["highlights"])
    assert {"outlet", "month", "story", "entity", "speaker"} <= set(result["facets"])
    filtered = get(client, "/api/search?q=pembicaraan&speaker=Peskov")
    assert 0 < filtered["total"] < 5


BAD_REQUESTS = [
    ("/api/articles?limit=0", 422), ("/api/articles?limit=100000", 422),
    ("/api/articles?offset=-1", 422), ("/api/articles?since=kemarin", 400),
    ("/api/articles?until=2022-13-45", 400), ("/api/articles?order=random", 422),
    ("/api/articles/tidak-ada", 404), ("/api/stories/abc", 422), ("/api/stories/99999", 404),
    ("/api/stories/99999/timeline", 404), ("/api/stories/-1/summary", 422),
    ("/api/stories/99999999999999999999999", 422), ("/api/articles?offset=99999999999999999999999", 422),
    ("/api/search?q=x&story=99999999999999999999", 422), ("/api/entities/99999999999999999999", 422),
    ("/api/stories?order=oldest", 422), ("/api/entities/0", 404), ("/api/entities/x", 422),
    ("/api/entities?story=99999", 404), ("/api/quotes?kind=shouted", 422),
    ("/api/quotes/nothing", 400), ("/api/quotes/abc:7", 404), ("/api/quotes?after=abc:7", 400),
    ("/api/quotes?after=abc", 400), ("/api/quotes?after=abc:1&offset=3", 400), ("/api/search", 422),
    ("/api/search?q=", 422), ("/api/search?q=-putin", 400), ("/api/search?q=%22%22", 400),
    ("/api/search?q=" + "kata%20" * 100, 400), ("/api/search?q=putin&story=x", 422),
    ("/api/search?q=putin&since=x", 400), ("/api/nothing", 404),
]  # fmt: skip


@pytest.mark.parametrize(("url", "status"), BAD_REQUESTS)
def test_bad_requests_get_a_4xx_with_a_message(client: TestClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status, response.text
    message = response.json()["error"]
    assert isinstance(message, str) and len(message) > 5


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(min_size=1, max_size=80),
    limit=st.integers(-5, 1000),
    since=st.one_of(st.none(), st.text(max_size=12)),
)
def test_no_search_input_makes_a_500(
    client: TestClient, text: str, limit: int, since: str | None
) -> None:
    params: dict[str, Any] = {"q": text, "limit": limit}
    if since is not None:
        params["since"] = since
    response = client.get("/api/search", params=params)
    assert response.status_code < 500, (params, response.text)
    if response.status_code >= 400:
        assert response.json()["error"]


def test_ingest_needs_the_token(samples_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(samples_db, db)
    article = (
        b"Harga Cabai Naik Menjelang Lebaran\n"
        b"Jakarta - Harga cabai rawit di Pasar Kramat Jati naik menjadi Rp 90.000 per kilogram "
        b"pada Senin (25/4/2022), kata pedagang setempat.\n"
        b"Kenaikan itu terjadi karena pasokan dari Jawa Barat berkurang akibat hujan."
    )
    files = [("files", ("cabai.txt", article)), ("files", ("junk.bin", b"\x00\xff" * 400))]
    with TestClient(create_app(db), raise_server_exceptions=False) as read_only:
        response = read_only.post("/api/ingest", files=files)
        assert response.status_code == 403 and "read-only" in response.json()["error"]
    with TestClient(create_app(db, token=TOKEN), raise_server_exceptions=False) as server:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
            response = server.post("/api/ingest", files=files, headers=headers)
            assert response.status_code == 401, response.text
            assert response.headers["www-authenticate"] == "Bearer"
        assert get(server, "/api/search?q=cabai")["total"] == 0
        auth = {"Authorization": f"Bearer {TOKEN}"}
        report = server.post("/api/ingest", files=files, headers=auth).json()
        assert report["added"] == 1 and report["refused_count"] == 1
        assert report["refused"][0]["file"] == "junk.bin" and report["refused"][0]["reason"]
        again = server.post("/api/ingest", files=files, headers=auth).json()
        assert again["added"] == 0 and again["unchanged"] == 1
        assert get(server, "/api/search?q=cabai")["total"] == 1
        assert len(get(server, "/api/articles?limit=100")["items"]) == 6
        missing = server.post("/api/ingest", headers=auth)
        assert missing.status_code == 422 and "files" in missing.json()["error"]


def test_story_products_are_kept_until_the_story_changes(samples_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(samples_db, db)
    with TestClient(create_app(db)) as server:
        story_id = get(server, "/api/stories")["items"][0]["id"]
        first = get(server, f"/api/stories/{story_id}")
        with warta.open_store(db) as store:
            kept = store.cached_products(story_id)
        assert kept is not None
        assert json.loads(kept[1])["timeline"] == first["timeline"]
        assert get(server, f"/api/stories/{story_id}") == first
        with warta.open_store(db) as store:  # a story that changes is built again
            store.save_products(
                story_id, "stale", json.dumps({"timeline": [], "background": [], "summary": []})
            )
        assert get(server, f"/api/stories/{story_id}")["timeline"] == first["timeline"]
        with warta.open_store(db) as store:  # an article analysed again drops its story's
            article = store.get_article(first["articles"][0]["id"])
            assert article is not None and store.cached_products(story_id) is not None
            store.replace_analysis([])  # nothing to replace: nothing dropped
            assert store.cached_products(story_id) is not None
            store.replace_analysis([article])
            assert store.cached_products(story_id) is None
        assert get(server, f"/api/stories/{story_id}") == first


def test_story_listings_take_any_number_of_articles(samples_db: Path) -> None:
    # A story of thousands of articles: quotes and entities of all of them, not the first 900.
    from warta.records import EntityQuery, QuoteQuery

    with warta.open_store(samples_db) as store:
        real = [a.id for a in store.list_articles()]
        many = [f"missing-{n}" for n in range(2000)] + real
        assert (
            len(store.list_quotes(QuoteQuery(article_ids=many)))
            == len(store.list_quotes(QuoteQuery(article_ids=real)))
            > 0
        )
        assert store.list_entities(EntityQuery(article_ids=many)) == store.list_entities(
            EntityQuery(article_ids=real)
        )


#: How the API writes a moment: ISO 8601 in UTC, to the second.
UTC_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00")
#: The fields that hold a moment, and those that hold a day by design (docs/api.md).
MOMENTS = {"published", "first_published", "last_published"}
DAYS = {"day", "date", "period", "published_not_before"}


def _fields(answer: Any, names: set[str]) -> list[tuple[str, Any]]:
    """Every (name, value) of a field of these names, however deep in the answer."""
    if isinstance(answer, dict):
        return [(k, v) for k, v in answer.items() if k in names] + [
            pair for value in answer.values() for pair in _fields(value, names)
        ]
    if isinstance(answer, list):
        return [pair for item in answer for pair in _fields(item, names)]
    return []


def test_the_api_writes_every_time_in_utc(client: TestClient) -> None:
    """One convention for times, whatever offset an input gave and wherever the value is."""
    [story] = get(client, "/api/stories?singles=true")["items"]
    # the story ends with an article known only not to be published before 2022-01-21: that
    # day's start in WIB, not a bare day beside the first article's full time
    assert (story["first_published"], story["last_published"]) == (
        "2021-12-06T19:00:00+00:00",
        "2022-01-20T17:00:00+00:00",
    )
    medcom = get(client, "/api/articles/90a37363b184c9d1")  # its page says 21:39 WIB
    assert medcom["published"] == "2021-12-07T14:39:00+00:00"
    undated = get(client, "/api/articles/70776a58b804cd21")
    assert undated["published"] is None and undated["published_not_before"] == "2022-01-21"
    # in the story's list too: the day it is placed by is no publication time
    listed = {a["id"]: a for a in get(client, f"/api/stories/{story['id']}")["articles"]}
    assert (listed["70776a58b804cd21"]["published"], listed["70776a58b804cd21"]["published_not_before"]) == (None, "2022-01-21")  # fmt: skip
    assert listed["90a37363b184c9d1"]["published"] == "2021-12-07T14:39:00+00:00"
    entity = get(client, "/api/entities?limit=1")["items"][0]["id"]
    moments, days = [], []
    for path in ("/api/articles", f"/api/stories/{story['id']}", "/api/stories?singles=true",
                 "/api/quotes", "/api/search?q=Putin", "/api/outlets", "/api/outlets/medcom.id",
                 f"/api/entities/{entity}", "/api/articles/70776a58b804cd21"):  # fmt: skip
        answer = get(client, path)
        moments += [(path, k, v) for k, v in _fields(answer, MOMENTS) if v is not None]
        days += [(path, k, v) for k, v in _fields(answer, DAYS) if isinstance(v, str)]
    assert len(moments) > 30 and len(days) > 5
    assert [m for m in moments if not UTC_TIME.fullmatch(m[2])] == []
    # a timeline's date is as precise as the text (a year, a month, a day)
    assert [d for d in days if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", d[2])] == []
