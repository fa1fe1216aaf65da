"""Attention over time: articles per day, week or month of searches, entities and stories,
overall and per outlet, side by side; counted here from the stored articles to compare."""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import warta
from warta.errors import UsageError
from warta.present.attention import attention, period_of
from warta.records import ArticleQuery, EntityQuery, Store
from warta.web import create_app

from .conftest import BACKENDS, Warta, new_location
from .test_web_pages import well_formed

#: Twelve articles over three weeks from three outlets: floods every few days, a quake twice.
RECORDS = [
    {"id": f"banjir-{n}", "url": f"https://{outlet}/banjir-{n}", "outlet": outlet,
     "title": f"Banjir Rendam Garut Hari ke-{n}", "published": f"2024-03-{day:02d}T09:00:00+07:00",
     "text": f"Banjir kembali merendam rumah warga Garut. Bupati Garut Rudy Gunawan meninjau "
             f"lokasi banjir pada hari ke-{n} bersama tim SAR."}
    for n, (day, outlet) in enumerate(
        [(1, "a.example"), (1, "b.example"), (2, "a.example"), (5, "c.example"),
         (8, "a.example"), (12, "b.example"), (13, "a.example"), (20, "c.example"),
         (21, "a.example"), (21, "b.example")]
    )
] + [
    {"id": f"gempa-{n}", "url": f"https://a.example/gempa-{n}", "outlet": "a.example",
     "title": f"Gempa Guncang Cianjur {n}", "published": f"2024-03-{day:02d}T09:00:00+07:00",
     "text": "Gempa bumi mengguncang Cianjur. Warga Cianjur mengungsi ke lapangan terbuka."}
    for n, day in enumerate([3, 15])
]  # fmt: skip


@pytest.fixture(scope="module", params=BACKENDS)
def store_at(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("attention")
    location = new_location(request, root)
    source = root / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    with warta.open_store(location) as store:
        assert warta.ingest([str(source)], store).added == len(RECORDS)
    return location


@pytest.fixture(scope="module")
def client(store_at: str) -> Iterator[TestClient]:
    with TestClient(create_app(store_at), raise_server_exceptions=False) as test_client:
        yield test_client


def _days(store: Store, prefix: str) -> Counter[tuple[date, str | None]]:
    """(day, outlet) of the stored articles whose id starts with ``prefix``, in UTC."""
    return Counter(
        (date.fromisoformat((a.published or "")[:10]), a.outlet)
        for a in store.list_articles(ArticleQuery())
        if a.id.startswith(prefix)
    )


def test_a_search_and_an_entity_counted_per_week_and_outlet(store_at: str) -> None:
    with warta.open_store(store_at) as store:
        found = attention(store, [("search", "banjir"), ("entity", "Cianjur")], "week")
        floods = _days(store, "banjir")
        quakes = _days(store, "gempa")
        cianjur = store.list_entities(EntityQuery(name="Cianjur"))[0]
    assert [s.kind for s in found.series] == ["search", "entity"]
    assert found.series[1].label == cianjur.canonical
    weeks = found.periods
    assert weeks == sorted(weeks) and all(w.weekday() == 0 for w in weeks)
    assert all((b - a).days == 7 for a, b in itertools.pairwise(weeks))  # no gaps
    for series, expected in zip(found.series, (floods, quakes), strict=True):
        by_week: Counter[date] = Counter()
        by_outlet: Counter[tuple[date, str | None]] = Counter()
        for (day, outlet), n in expected.items():
            by_week[period_of(day, "week")] += n
            by_outlet[(period_of(day, "week"), outlet)] += n
        assert series.counts == [by_week[w] for w in weeks]
        assert series.total == sum(expected.values())
        for outlet, counts in series.outlets.items():
            assert counts == [by_outlet[(w, outlet)] for w in weeks]
    assert next(iter(found.series[0].outlets)) == "a.example"  # the most articles first


def test_days_are_counted_in_wib(store_location: str, tmp_path: Path) -> None:
    """An article of 05:30 WIB on 4 March is stored at 22:30 UTC on the 3rd: attention and the
    outlet's days count it on the 4th, as its story, search and date filters do."""
    location = store_location
    source = tmp_path / "in.jsonl"
    early = {**RECORDS[0], "published": "2024-03-04T05:30:00+07:00"}
    source.write_text(json.dumps(early) + "\n", encoding="utf-8")
    with warta.open_store(location) as store:
        assert warta.ingest([str(source)], store).added == 1
        found = attention(store, [("search", "banjir")], "day")
        days = store.outlet_days("a.example")
    assert found.periods == [date(2024, 3, 4)] and found.series[0].counts == [1]
    assert days == [("2024-03-04", 1)]


def test_attention_refuses_what_it_cannot_follow(store_at: str) -> None:
    with warta.open_store(store_at) as store:
        for follow, interval, message in (
            ([], "day", "follow something"),
            ([("entity", "Atlantis")], "day", "no entity named 'Atlantis'"),
            ([("story", "99999")], "day", "no story with id 99999"),
            ([("search", "banjir")], "hour", "is not one of day, week, month"),
            ([("search", "banjir")] * 7, "day", "at most 6"),
        ):
            with pytest.raises(UsageError, match=message):
                attention(store, follow, interval)


def test_the_api_the_page_and_the_download(client: TestClient) -> None:
    answer = client.get("/api/attention?q=banjir&q=gempa&interval=day")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    floods, quakes = body["series"]
    assert (floods["total"], quakes["total"]) == (10, 2)
    assert [p["period"] for p in floods["points"]] == body["periods"]
    assert sum(p["articles"] for p in floods["points"]) == 10
    assert sum(o["total"] for o in floods["outlets"]) == 10
    assert client.get("/api/attention").status_code == 400
    assert client.get("/api/attention?q=banjir&interval=hour").status_code == 422
    page = client.get("/attention?q=banjir&entity=Cianjur&interval=week")
    assert page.status_code == 200 and not well_formed(page.text)
    chart = page.text.split('class="chart attention-chart"')[1].split("</svg>")[0]
    assert chart.count("<polyline") == 2 and "banjir (10)" in chart
    assert "a.example" in page.text.split("</svg>")[1]  # the outlets under the chart
    assert "/export/attention.csv?q=banjir&amp;entity=Cianjur&amp;interval=week" in page.text
    assert "Bandingkan" in client.get("/attention").text  # nothing followed yet: what to do
    english = client.get("/attention?q=banjir&lang=en").text
    download = english.split('href="/export/attention.csv?')[1].split('"')[0]
    assert download == "q=banjir"  # the page's language is no parameter of the download
    assert client.get(f"/export/attention.csv?{download}").status_code == 200
    download = client.get("/export/attention.csv?q=banjir&interval=month")
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert sum(int(r["articles"]) for r in rows if r["outlet"] == "") == 10
    assert sum(int(r["articles"]) for r in rows if r["outlet"]) == 10
    # a story's series is labelled by its title: its key says which story it is, as in the JSON
    story = client.get("/api/stories?text=banjir&order=largest&singles=true").json()["items"][0]
    download = client.get(f"/export/attention.csv?story={story['id']}")
    assert download.text.splitlines()[0] == "series,kind,period,outlet,articles,key"
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert {(r["series"], r["kind"], r["key"]) for r in rows} == {
        (story["title"], "story", str(story["id"]))
    }
    search = client.get("/search?q=banjir").text
    assert 'href="/attention?q=banjir"' in search


def test_warta_export_attention(warta: Warta, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    assert warta("ingest", source).returncode == 0
    result = warta("export", "attention", "--follow", "search:banjir", "--entity", "Garut",
                   "--interval", "week", "-f", "jsonl")  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {(r["kind"], r["key"]) for r in rows} == {("search", "banjir"), ("entity", "Garut")}
    assert sum(r["articles"] for r in rows if r["kind"] == "search" and not r["outlet"]) == 10
    bad = warta("export", "attention", "--follow", "banjir")
    assert bad.returncode == 2 and "search:TEXT" in bad.stderr
