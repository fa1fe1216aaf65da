"""The live sources on the web: ``/api/sources``, ``/api/sources/pages`` and the ``/sources``
pages, in process, over a store filled by a real fetch from a local portal (tests/portals.py):
one source polled, one paused after failing, and a page whose date evidence disagrees (its
JSON-LD says 7 December, its feed 5 December)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import warta
from tests.conftest import Warta
from tests.portals import Portal, rss, start_portal
from tests.test_fetch_dates import serve_two_dated_articles
from tests.test_web_pages import well_formed
from warta.web import create_app
from warta.web.api_json import in_utc

#: An outlet's name full of markup, given on the command line: shown as text everywhere.
HOSTILE_OUTLET = '<script>alert(1)</script>"><img src=x onerror=alert(1)> Portal'


@dataclass(frozen=True)
class Live:
    """A store holding two sources and the pages fetched from the first."""

    db: Path
    cli: Warta
    feed: str  # the source polled (id 1)
    broken: str  # the source paused (id 2)
    disagreeing: str  # the page whose dates disagree
    agreeing: str  # the page dated by its feed alone


def fill_live_store(root: Path, portal: Portal) -> Live:
    """Follow two feeds of ``portal`` and fetch: the first gives two articles, the second
    answers 503 and is paused at once (``fetch_pause_failures`` 1)."""
    env = {
        "WARTA_FETCH_ALLOW_PRIVATE": "true",
        "WARTA_FETCH_HOST_DELAY_SECONDS": "0.05",
        "WARTA_FETCH_BACKOFF_SECONDS": "0.05",
        "WARTA_FETCH_RETRIES": "1",
        "WARTA_FETCH_PAUSE_FAILURES": "1",
        "WARTA_FETCH_ARCHIVE": str(root / "archive"),
        "WARTA_FETCH_CONTACT": "ops@warta.example",
        "WARTA_ANALYSIS_WORKERS": "1",
    }

    class WithEnv(Warta):
        def run(self, *args: Any, **kwargs: Any) -> Any:
            kwargs["env"] = {**env, **kwargs.get("env", {})}
            return super().run(*args, **kwargs)

    work = root / "cwd"
    work.mkdir()
    cli = WithEnv(root / "warta.db", work)
    serve_two_dated_articles(portal)
    portal.feed("/rusak/feed", rss([]))
    assert cli("sources", "add", portal.url("/feed"), "--outlet", HOSTILE_OUTLET).returncode == 0
    assert cli("sources", "add", portal.url("/rusak/feed")).returncode == 0
    portal.handle("/rusak/feed", lambda seen: (503, {}, b"down"))
    fetched = cli.run("fetch")
    assert fetched.returncode == 1 and "source paused" in fetched.stderr, fetched
    return Live(
        root / "warta.db",
        cli,
        portal.url("/feed"),
        portal.url("/rusak/feed"),
        portal.url("/2026/12/07/satu"),
        portal.url("/berita/dua"),
    )


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    portal = start_portal()
    try:
        yield fill_live_store(tmp_path_factory.mktemp("live"), portal)
    finally:
        portal.server.shutdown()
        portal.server.server_close()


@pytest.fixture(scope="module")
def client(live: Live) -> Iterator[TestClient]:
    with TestClient(create_app(live.db), raise_server_exceptions=False) as test_client:
        yield test_client


def get(client: TestClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, (url, response.text)
    return response.json() if url.startswith("/api") else response.text


# --- the API --------------------------------------------------------------------------------


def test_the_api_lists_the_sources_as_the_cli_gives_them(client: TestClient, live: Live) -> None:
    answer = get(client, "/api/sources")
    assert answer["total"] == 2 and answer["next"] is None
    assert answer["items"] == live.cli("sources", "-f", "json").json()
    polled, broken = answer["items"]
    assert (polled["url"], polled["kind"], polled["outlet"]) == (live.feed, "feed", HOSTILE_OUTLET)
    assert polled["state"] == "waiting" and polled["articles"] == 2 and polled["failures"] == 0
    assert (
        polled["last_fetch"] and polled["last_new"] and polled["next_poll"] > polled["last_fetch"]
    )
    assert broken["url"] == live.broken and broken["state"] == "paused"
    assert "paused after failing" in broken["last_error"] and "503" in broken["last_error"]
    assert broken["last_new"] is None and broken["failures"] == 1


def test_the_api_lists_the_pages_with_their_date_evidence(client: TestClient, live: Live) -> None:
    every = get(client, "/api/sources/pages")
    assert every["total"] == 2 and {p["url"] for p in every["items"]} == {
        live.disagreeing,
        live.agreeing,
    }
    # the CLI's rows, their times in UTC as every time of the API
    assert every["items"] == in_utc(live.cli("sources", "pages", "-f", "json").json())
    disagreeing = get(client, "/api/sources/pages?disagreeing=true")
    assert disagreeing["total"] == 1
    (page,) = disagreeing["items"]
    assert page == in_utc(live.cli("sources", "pages", "--disagreeing", "-f", "json").json()[0])
    assert page["url"] == live.disagreeing and page["source_id"] == 1
    # the JSON-LD's time, in UTC; the evidence keeps each value as the page wrote it
    assert (page["published"], page["published_source"]) == ("2026-12-07T01:00:00+00:00", "json-ld")
    assert page["flags"] == ["disagrees:feed"]
    evidence = {e["source"]: e["value"] for e in page["evidence"]}
    assert evidence["json-ld"] == "2026-12-07T08:00:00+07:00"
    assert evidence["feed"] == "2026-12-05T01:00:00+00:00"
    assert evidence["url"] == "2026-12-07"
    assert get(client, "/api/sources/pages?source=1")["total"] == 2
    assert get(client, "/api/sources/pages?source=2") == {
        "items": [], "limit": 20, "offset": 0, "next_offset": None, "next": None, "total": 0,
    }  # fmt: skip
    missing = get(client, "/api/sources/pages?source=99", 404)
    assert "no source with id 99" in missing["error"]


@pytest.mark.parametrize("path", ["/api/sources", "/api/sources/pages"])
def test_the_lists_page_and_count(client: TestClient, path: str) -> None:
    first = get(client, f"{path}?limit=1")
    assert first["total"] == 2 and len(first["items"]) == 1 and first["next_offset"] == 1
    assert first["next"] is not None and "limit=1" in first["next"]
    second = get(client, first["next"])
    assert second["total"] == 2 and len(second["items"]) == 1 and second["next"] is None
    assert second["items"] != first["items"]
    assert get(client, f"{path}?limit=1&offset=2")["items"] == []


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/api/sources?limt=1", 400, "unknown query parameter 'limt'"),
        ("/api/sources/pages?disagree=true", 400, "unknown query parameter 'disagree'"),
        ("/api/sources/pages?source=abc", 422, "source"),
        ("/api/sources/pages?disagreeing=maybe", 422, "disagreeing"),
        ("/api/sources?limit=0", 422, "limit"),
    ],
)
def test_bad_parameters_are_refused_saying_why(
    client: TestClient, path: str, status: int, message: str
) -> None:
    assert message in get(client, path, status)["error"]


def test_the_api_index_names_the_sources_endpoints(client: TestClient) -> None:
    paths = {e["path"]: e for e in get(client, "/api")["endpoints"]}
    assert paths["/api/sources"]["parameters"] == ["limit", "offset"]
    assert paths["/api/sources/pages"]["parameters"] == ["disagreeing", "limit", "offset", "source"]


def test_a_sources_state_is_never_an_old_answer(live: Live, tmp_path: Path) -> None:
    """The response cache keeps answers until the store's generation moves; a poll does not
    move it, so the sources are answered afresh every time."""
    db = tmp_path / "copy.db"
    with warta.open_store(live.db) as store, warta.open_store(db) as copy:
        for source in store.list_sources():
            added, _ = copy.add_source(source.url, source.kind, source.outlet, None, 900.0)
            source.id = added.id
            copy.save_source(source)
    with TestClient(create_app(db)) as test_client:
        before = get(test_client, "/api/sources")["items"][1]
        assert before["state"] == "paused"
        with warta.open_store(db) as store:
            paused = store.list_sources()[1]
            paused.paused, paused.last_error = False, None
            store.save_source(paused)
        after = get(test_client, "/api/sources")["items"][1]
        assert after["state"] != "paused" and after["last_error"] is None
        assert "dijeda" not in get(test_client, "/sources")


# --- the pages ------------------------------------------------------------------------------


def test_the_sources_page_shows_each_source_and_its_state(client: TestClient, live: Live) -> None:
    html = get(client, "/sources")
    assert not well_formed(html)
    assert '<a href="/sources" aria-current="page">Sumber</a>' in html
    rows = html.split("<tbody>")[1].split("</tbody>")[0].split("<tr ")[1:]
    assert len(rows) == 2
    polled, broken = rows
    assert f'href="{live.feed}"' in polled and ">feed<" in polled and "aktif" in polled
    assert "2 artikel" in polled and "belum pernah" not in polled  # fetched, found new ones
    assert 'href="/sources/pages?source=1"' in polled
    assert "dijeda" in broken and "paused after failing" in broken and "503" in broken
    assert "warta sources resume 2" in broken
    assert broken.count("belum pernah") == 1  # never a new article; fetched, though
    # the outlet is text, never markup
    assert "<script>alert" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_sources_page_shows_why_a_date_is_flagged(client: TestClient, live: Live) -> None:
    html = get(client, "/sources")
    section = html.split('<section id="disagreeing">')[1].split("</section>")[0]
    assert live.disagreeing in section and live.agreeing not in section
    rows = {
        row.split('<td class="nowrap">')[1].split("</td>")[0]: row
        for row in section.split("<tbody>")[1].split("</tbody>")[0].split("<tr")[1:]
    }
    assert set(rows) == {"JSON-LD (datePublished)", "feed atau sitemap", "tanggal di URL"}
    assert (
        'class="chosen"' in rows["JSON-LD (datePublished)"]
        and "dipilih" in rows["JSON-LD (datePublished)"]
    )
    assert "7 Des 2026 08.00 WIB" in rows["JSON-LD (datePublished)"]
    assert 'class="disagrees"' in rows["feed atau sitemap"]
    assert (
        "tidak cocok" in rows["feed atau sitemap"]
        and "5 Des 2026 08.00 WIB" in rows["feed atau sitemap"]
    )
    assert "tidak cocok" not in rows["tanggal di URL"] and "dipilih" not in rows["tanggal di URL"]
    assert 'href="/sources/pages?disagreeing=true"' in section


def test_the_pages_fetched_page_filters_and_pages(client: TestClient, live: Live) -> None:
    every = get(client, "/sources/pages")
    assert not well_formed(every)
    assert live.disagreeing in every and live.agreeing in every
    assert "· menurut feed atau sitemap" in every  # the page dated by its feed
    disagreeing = get(client, "/sources/pages?disagreeing=true")
    assert live.disagreeing in disagreeing and live.agreeing not in disagreeing
    assert "Menampilkan 1–1 dari 1" in disagreeing
    first = get(client, "/sources/pages?limit=1")
    assert (
        "Menampilkan 1–1 dari 2" in first
        and 'rel="next" href="/sources/pages?limit=1&amp;offset=1"' in first
    )
    none = get(client, "/sources/pages?source=2")
    assert "Tidak ada halaman yang cocok." in none and "Sumber 2" in none
    english = get(client, "/sources/pages?disagreeing=true&lang=en")
    assert "Pages fetched" in english and "disagrees" in english and "chosen" in english


def test_bad_page_parameters_are_4xx_pages(client: TestClient) -> None:
    for path, status in (("/sources/pages?source=abc", 422), ("/sources?limit=0", 422),
                         ("/sources/pages?offset=-1", 422)):  # fmt: skip
        response = client.get(path)
        assert response.status_code == status, path
        assert response.headers["content-type"].startswith("text/html")


def test_an_empty_store_says_how_to_follow_a_source(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    with warta.open_store(db):
        pass
    with TestClient(create_app(db)) as test_client:
        html = get(test_client, "/sources")
        assert "Belum ada sumber yang diikuti" in html and "warta sources add" in html
        assert '<section id="disagreeing">' not in html  # nothing fetched: nothing to flag
        english = get(test_client, "/sources?lang=en")
        assert "No source is followed yet" in english and "warta sources add" in english
        assert get(test_client, "/api/sources")["total"] == 0
        assert get(test_client, "/api/sources/pages")["total"] == 0


# --- the CLI ----------------------------------------------------------------------------------


def test_the_cli_lists_one_sources_pages(live: Live) -> None:
    pages = live.cli("sources", "pages", "--source", "1", "-f", "json").json()
    assert sorted(p["url"] for p in pages) == sorted([live.disagreeing, live.agreeing])
    assert live.cli("sources", "pages", "--source", "2", "-f", "json").json() == []
    missing = live.cli.run("sources", "pages", "--source", "99")
    assert missing.returncode != 0 and "no source 99" in missing.stderr
    assert json.loads(live.cli("sources", "-f", "json").stdout)[1]["state"] == "paused"
