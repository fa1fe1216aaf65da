"""Outlets: who published how much, who broke a story and who followed, who copied whom, which
wires each relays; from the API, the pages and `warta outlets`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import warta
from warta.present.outlets import story_coverage
from warta.records import StoryArticle, StoryDetail, StorySummary
from warta.web import create_app

from .conftest import BACKENDS, PACKAGE_SAMPLES, Warta, new_location
from .test_web_pages import well_formed

TEXT = (
    "JAKARTA - Banjir bandang merendam ratusan rumah warga Garut setelah Sungai Cimanuk "
    "meluap pada Selasa malam. Bupati Garut Rudy Gunawan mengatakan posko pengungsian sudah "
    "didirikan di tiga kecamatan dan bantuan logistik terus berdatangan dari berbagai daerah."
)
#: A story of three outlets: a.example breaks it, c.example copies it word for word three
#: hours later citing Antara, b.example writes its own a day later.
RECORDS = [
    {"id": "first", "url": "https://a.example/1", "outlet": "a.example", "title": "Banjir Garut",
     "published": "2024-03-05T08:00:00+07:00", "text": TEXT},
    {"id": "copy", "url": "https://c.example/1", "outlet": "c.example", "title": "Banjir Garut",
     "published": "2024-03-05T11:00:00+07:00", "text": TEXT + " Hal itu seperti dilansir Antara."},
    {"id": "later", "url": "https://b.example/1", "outlet": "b.example",
     "title": "Korban Banjir Garut Mengungsi", "published": "2024-03-06T08:00:00+07:00",
     "text": "Ratusan warga Garut korban banjir bandang Sungai Cimanuk masih mengungsi. Bupati "
             "Garut Rudy Gunawan meminta warga tetap waspada karena hujan masih turun."},
]  # fmt: skip


def test_who_broke_a_story_followed_copied_and_relayed() -> None:
    story = StoryDetail(
        summary=StorySummary(1, "Banjir", None, None, 4, 3),
        articles=[
            StoryArticle("x", None, "b.example", "2024-03-06T01:00:00+00:00", None, None, False),
            StoryArticle("y", None, "a.example", "2024-03-05T01:00:00+00:00", None, None, False),
            StoryArticle("z", None, "c.example", "2024-03-05T04:30:00+00:00", None, "y", False),
            StoryArticle("w", None, "c.example", None, None, None, False),
        ],
        events=[],
        duplicates=[["y", "z"]],
    )
    rows = story_coverage(story, {"z": ["Antara", "Antara"], "w": ["Reuters", "Antara"]})
    assert [r["outlet"] for r in rows] == ["a.example", "c.example", "b.example"]
    assert [r["after_hours"] for r in rows] == [0.0, 3.5, 24.0]
    copier = rows[1]
    assert (copier["articles"], copier["copies"]) == (2, 1)
    assert copier["copies_of"] == [{"outlet": "a.example", "articles": 1}]
    assert copier["wires"] == [
        {"wire": "Antara", "articles": 2},
        {"wire": "Reuters", "articles": 1},
    ]
    assert rows[0]["first_article"] == "y" and rows[0]["copies_of"] == []


@pytest.fixture(scope="module", params=BACKENDS)
def store_at(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("outlets")
    location = new_location(request, root)
    source = root / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    with warta.open_store(location) as store:
        assert warta.ingest([str(source), str(PACKAGE_SAMPLES)], store).added == 8
    return location


@pytest.fixture(scope="module")
def client(store_at: str) -> Iterator[TestClient]:
    with TestClient(create_app(store_at), raise_server_exceptions=False) as test_client:
        yield test_client


def test_the_outlets_listed_counted_and_shown(client: TestClient) -> None:
    listed = client.get("/api/outlets?limit=2").json()
    assert listed["total"] == 5 and len(listed["items"]) == 2 and listed["next"]
    every = {o["outlet"]: o for o in client.get("/api/outlets?limit=50").json()["items"]}
    assert every["c.example"]["articles"] == 1 and every["c.example"]["stories"] == 1
    assert every["medcom.id"]["articles"] == 1
    assert client.get("/api/outlets/a.example").json()["copies"] == 0
    one = client.get("/api/outlets/c.example").json()
    assert one["copies"] == 1
    assert one["wires"] == [{"wire": "Antara", "articles": 1}]
    assert sum(day["articles"] for day in one["days"]) == 1 and one["stories"]
    # the stories listed are the first of a total, all of them at a link
    assert one["stories_total"] == len(one["stories"])
    everything = client.get(one["stories_all"]).json()
    assert everything["total"] == one["stories_total"]
    assert client.get("/api/outlets/nowhere.example").status_code == 404
    page = client.get("/outlets").text
    assert 'href="/outlets/c.example"' in page and not well_formed(page)
    outlet = client.get("/outlets/c.example").text
    assert "Antara (1)" in outlet and not well_formed(outlet)
    assert client.get("/outlets/nowhere.example").status_code == 404


def test_a_storys_coverage_in_its_contract_and_page(client: TestClient) -> None:
    story_id = client.get("/api/articles/first").json()["story"]
    story = client.get(f"/api/stories/{story_id}").json()
    coverage = {row["outlet"]: row for row in story["coverage"]}
    assert story["coverage"][0]["outlet"] == "a.example"
    assert coverage["c.example"]["after_hours"] == 3.0
    assert coverage["c.example"]["copies_of"] == [{"outlet": "a.example", "articles": 1}]
    assert coverage["b.example"]["after_hours"] == 24.0
    page = client.get(f"/stories/{story_id}").text
    table = page.split('class="coverage"')[1].split("</table>")[0]
    assert "a.example" in table and "+3,0 jam" in table and "+24,0 jam" in table


def test_warta_outlets(warta: Warta, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    undated = {"id": "u1", "outlet": "d.example", "text": "Banjir merendam Garut lagi, kata warga."}
    records = [*RECORDS, undated]
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert warta("ingest", source).returncode == 0
    listed = warta("outlets", "-f", "json").json()
    assert {o["outlet"] for o in listed} == {"a.example", "b.example", "c.example", "d.example"}
    text = warta("outlets").stdout.splitlines()
    assert text[-1] == "outlets 1-4 of 4" and "1 article" in text[0]
    assert any(line.startswith("d.example") and line.endswith("\tundated") for line in text)
    one = warta("outlets", "c.example")
    assert one.returncode == 0
    assert "most cited sources (wires, outlets): Antara (1)" in one.stdout
    assert "c.example: 1 dated article, 1 copy" in one.stdout
    missing = warta("outlets", "nowhere.example")
    assert missing.returncode == 2 and "no article is from 'nowhere.example'" in missing.stderr


def test_volume_bars_scale_to_the_busiest_month() -> None:
    from warta.cli.outlets import BAR_WIDTH, bar

    # the audit's months: each bar in proportion, the busiest the full width
    assert [len(bar(n, 89)) for n in (85, 80, 89, 77, 52)] == [57, 54, 60, 52, 35]
    assert BAR_WIDTH == 60 and bar(1, 1_000) == "#" and bar(0, 3) == ""


def test_warta_outlets_draws_months_in_proportion(warta: Warta, tmp_path: Path) -> None:
    months = {"2023-12": 2, "2024-01": 3, "2024-03": 2}
    records = [
        {"id": f"{month}-{n}", "url": f"https://e.example/{month}/{n}", "outlet": "e.example",
         "title": f"Banjir Garut hari ke-{n}", "published": f"{month}-0{n + 1}T08:00:00+07:00",
         "text": f"Hari ke-{n} bulan {month}. {TEXT}"}
        for month, count in months.items()
        for n in range(count)
    ]  # fmt: skip
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert warta("ingest", source).returncode == 0
    shown = warta("outlets", "e.example")
    assert shown.stdout_lines[0].startswith("e.example: 7 dated articles, "), shown
    # February had no article: it is a month of the span all the same, at 0
    assert shown.stdout_lines[1:5] == [
        "  2023-12       2  " + "#" * 40,
        "  2024-01       3  " + "#" * 60,
        "  2024-02       0",
        "  2024-03       2  " + "#" * 40,
    ], shown
    months_json = warta("outlets", "e.example", "-f", "json").json()[0]["months"]
    assert [m["articles"] for m in months_json] == [2, 3, 0, 2]


def test_warta_outlets_pages_its_stories(warta: Warta, tmp_path: Path) -> None:
    topics = ["Banjir Garut", "Gempa Cianjur", "Kebakaran Pasar Senen", "Longsor Bogor"]
    records = [
        {"id": f"s{n}", "url": f"https://f.example/{n}", "outlet": "f.example", "title": topic,
         "published": f"2024-0{n + 1}-10T08:00:00+07:00",
         "text": f"JAKARTA - {topic} terjadi lagi pada bulan ke-{n + 1}, kata petugas setempat."}
        for n, topic in enumerate(topics)
    ]  # fmt: skip
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert warta("ingest", source).returncode == 0
    every = warta("outlets", "f.example").stdout_lines
    assert "stories 1-4 of 4:" in every, every
    paged = warta("outlets", "f.example", "--limit", "2", "--offset", "1").stdout_lines
    listed = paged[paged.index("stories 2-3 of 4:") + 1 :]
    assert listed == every[every.index("stories 1-4 of 4:") + 2 : -1], paged
    detail = warta("outlets", "f.example", "--limit", "1", "-f", "json").json()[0]
    assert detail["stories_total"] == 4 and len(detail["stories"]) == 1


def test_a_storys_report_says_who_broke_it_followed_copied_and_relayed(
    warta: Warta, tmp_path: Path
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    assert warta("ingest", source).returncode == 0
    [story] = [s["id"] for s in warta("stories", "--outlet", "c.example", "-f", "json").json()]
    text = warta("story", str(story)).stdout_lines
    outlets = text[text.index("Outlets:") + 1 : text.index("Outlets:") + 4]
    assert outlets == [
        "  a.example: first, 2024-03-05 08:00 WIB [1]; 1 article, 0 copies",
        "  c.example: +3.0 h, 2024-03-05 11:00 WIB [2]; 1 article, 1 copy; copies of a.example (1);"
        " wires relayed: Antara (1)",
        "  b.example: +24.0 h, 2024-03-06 08:00 WIB [3]; 1 article, 0 copies",
    ], text
    markdown = warta("story", str(story), "-f", "md").stdout
    assert (
        "| c.example | 1 | 1 | 2024-03-05 11:00 WIB [\\[2\\]](#source-2) | +3.0 h | a.example (1)"
        " | Antara (1) |"
    ) in markdown, markdown
    page = warta("story", str(story), "-f", "html").stdout
    assert (
        '<td>2024-03-05 11:00 WIB <sup><a href="#source-2">[2]</a></sup></td><td class="n">+3.0 h'
        "</td><td>a.example (1)</td><td>Antara (1)</td>"
    ) in page, page
