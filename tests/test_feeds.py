"""Alerts without accounts: every list as an Atom feed a reader polls (ids, times, order,
escaping, conditional GET), and `warta search --since-last NAME`."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import warta
from warta.web import create_app

from .conftest import BACKENDS, PACKAGE_SAMPLES, Warta, new_location

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")

#: An article whose title and text hold markup and characters XML cannot carry.
HOSTILE = {
    "id": "hostile-1",
    "url": "javascript:alert(1)",
    "outlet": "contoh.id",
    "title": "Banjir <script>alert(1)</script> & \u0007bel \u001b[31m",
    "published": "2024-03-01T10:00:00+07:00",
    "text": "Banjir melanda kota <b>Jakarta</b> pada Jumat. \u000b Warga mengungsi ke tempat"
    ' aman. "Kami sudah siap," kata Budi Santoso, warga setempat, kepada wartawan.',
}


def _article(number: int, published: str | None, title: str) -> dict[str, object]:
    return {
        "id": f"banjir-{number}",
        "url": f"https://contoh.id/banjir/{number}",
        "outlet": "contoh.id",
        "title": title,
        **({"published": published} if published else {}),
        "text": f"Banjir besar ke-{number} melanda Bekasi. Ribuan warga mengungsi dari rumah"
        ' mereka. "Air naik sangat cepat," kata Budi Santoso, warga Bekasi.',
    }


def ingest_lines(location: str, folder: Path, name: str, *records: dict[str, object]) -> None:
    path = folder / name
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    with warta.open_store(location) as store:
        assert warta.ingest([str(path)], store).added == len(records)


@pytest.fixture(scope="module", params=BACKENDS)
def feed_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The five samples, two flood articles (one undated) and the hostile one, per backend."""
    folder = tmp_path_factory.mktemp("feeds")
    location = new_location(request, folder)
    with warta.open_store(location) as store:
        assert warta.ingest([str(PACKAGE_SAMPLES)], store).added == 5
    ingest_lines(
        location, folder, "banjir.jsonl",
        _article(1, "2024-02-01T08:00:00+07:00", "Banjir pertama di Bekasi"),
        _article(2, "2024-02-05T08:00:00+07:00", "Banjir kedua di Bekasi"),
        HOSTILE,
    )  # fmt: skip
    return location


@pytest.fixture(scope="module")
def client(feed_store: str) -> Iterator[TestClient]:
    with TestClient(create_app(feed_store), raise_server_exceptions=False) as test_client:
        yield test_client


def feed(client: TestClient, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, (url, response.text)
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed", url
    return root


def entries(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{ATOM}entry")


def text(element: ET.Element, name: str) -> str:
    found = element.find(f"{ATOM}{name}")
    assert found is not None and found.text is not None, name
    return found.text


def links(element: ET.Element) -> dict[str, str]:
    return {link.get("rel", ""): link.get("href", "") for link in element.findall(f"{ATOM}link")}


def newest_first(found: list[ET.Element]) -> bool:
    """Whether the entries that give a publication time come newest first (an undated one is
    placed by when it was first stored, which a feed does not show)."""
    published = [e.findtext(f"{ATOM}published") for e in found]
    dated = [time for time in published if time]
    return dated == sorted(dated, reverse=True)


def test_a_search_feed_is_atom_with_stable_unique_ids_newest_first(client: TestClient) -> None:
    url = "/feeds/search.atom?q=banjir"
    first, again = feed(client, url), feed(client, url)
    found = entries(first)
    ids = [text(entry, "id") for entry in found]
    assert ids == [text(entry, "id") for entry in entries(again)]
    assert len(ids) == len(set(ids)) == 3
    assert all(entry_id.startswith("tag:warta,2021:article/") for entry_id in ids)
    assert text(first, "id") == "tag:warta,2021:/feeds/search.atom?q=banjir"
    # newest first: the two dated floods after the undated article stored last
    assert newest_first(found)
    assert ids.index("tag:warta,2021:article/banjir-2") < ids.index(
        "tag:warta,2021:article/banjir-1"
    )
    for entry in found:
        assert RFC3339.fullmatch(text(entry, "updated")), text(entry, "updated")
        published = entry.find(f"{ATOM}published")
        assert published is None or RFC3339.fullmatch(published.text or "")
        assert links(entry)["alternate"].startswith("http://testserver/articles/")
    assert text(first, "updated") == max(text(entry, "updated") for entry in found)
    assert links(first)["self"] == f"http://testserver{url}"
    banjir = next(e for e in found if text(e, "id").endswith("/banjir-2"))
    assert links(banjir)["related"] == "https://contoh.id/banjir/2"
    assert text(banjir, "published") == "2024-02-05T01:00:00Z"


def test_a_feeds_id_does_not_depend_on_the_host_or_the_order_of_parameters(
    client: TestClient,
) -> None:
    one = feed(client, "/feeds/search.atom?q=banjir&outlet=contoh.id")
    other = ET.fromstring(
        client.get(
            "/feeds/search.atom?outlet=contoh.id&q=banjir", headers={"host": "berita.example"}
        ).content
    )
    assert text(one, "id") == text(other, "id")
    assert [text(e, "id") for e in entries(one)] == [text(e, "id") for e in entries(other)]
    # the links follow the address asked, even when the cache kept the answer for another
    elsewhere = ET.fromstring(
        client.get(
            "/feeds/search.atom?q=banjir&outlet=contoh.id", headers={"host": "berita.example"}
        ).content
    )
    assert text(elsewhere, "id") == text(one, "id")
    assert links(entries(elsewhere)[0])["alternate"].startswith("http://berita.example/articles/")
    assert links(entries(one)[0])["alternate"].startswith("http://testserver/articles/")


def test_hostile_text_stays_text(client: TestClient) -> None:
    response = client.get("/feeds/search.atom?q=banjir")
    assert b"<script>" not in response.content and b"\x07" not in response.content
    assert b"\x0b" not in response.content and b"\x1b" not in response.content
    hostile = next(
        e for e in entries(ET.fromstring(response.content)) if "hostile" in text(e, "id")
    )
    assert text(hostile, "title") == "Banjir <script>alert(1)</script> & bel [31m"
    assert "related" not in links(hostile)  # a javascript: address is never a link


def test_story_entity_and_quote_feeds(client: TestClient) -> None:
    stories = client.get("/api/stories?order=largest").json()["items"]
    story = feed(client, f"/feeds/stories/{stories[0]['id']}.atom")
    assert len(entries(story)) == stories[0]["articles"]
    assert stories[0]["title"] in text(story, "title")
    assert links(story)["alternate"] == f"http://testserver/stories/{stories[0]['id']}"
    assert newest_first(entries(story))

    person = client.get("/api/entities?type=PERSON&name=Dmitry Peskov").json()["items"][0]
    quoted = client.get(f"/api/entities/{person['id']}").json()["quotes"]
    quotes = feed(client, f"/feeds/entities/{person['id']}/quotes.atom")
    ids = [text(entry, "id") for entry in entries(quotes)]
    assert ids and len(ids) == len(set(ids)) == len(quoted)
    assert {f"tag:warta,2021:quote/{q['id']}" for q in quoted} == set(ids)
    assert all("Peskov" in text(entry, "summary") for entry in entries(quotes))
    assert all("cite=" in links(entry)["alternate"] for entry in entries(quotes))

    articles = feed(client, f"/feeds/entities/{person['id']}/articles.atom")
    assert len(entries(articles)) == person["articles"]

    by_name = feed(client, "/feeds/quotes.atom?speaker=Budi Santoso")
    assert len(entries(by_name)) >= 3
    assert all("Budi Santoso" in text(entry, "title") for entry in entries(by_name))


def test_feeds_speak_the_sites_language_or_the_one_asked(client: TestClient) -> None:
    """Titles in Indonesian, the pages' default, or in English with the pages' ?lang=en; in
    either language it is one feed (one id), its HTML page in that language."""
    story = client.get("/api/stories?order=largest").json()["items"][0]
    person = client.get("/api/entities?type=PERSON&name=Dmitry Peskov").json()["items"][0]
    expected = {
        "/feeds/search.atom?q=banjir": ("Warta: pencarian “banjir”", "Warta: search “banjir”"),
        f"/feeds/stories/{story['id']}.atom": (
            f"Warta: cerita #{story['id']}: {story['title']}",
            f"Warta: story #{story['id']}: {story['title']}",
        ),
        f"/feeds/entities/{person['id']}/articles.atom": (
            "Warta: artikel yang menyebut Dmitry Peskov",
            "Warta: articles mentioning Dmitry Peskov",
        ),
        f"/feeds/entities/{person['id']}/quotes.atom": (
            "Warta: kutipan Dmitry Peskov",
            "Warta: quotes of Dmitry Peskov",
        ),
        "/feeds/quotes.atom?speaker=Budi Santoso": (
            "Warta: kutipan Budi Santoso",
            "Warta: quotes of Budi Santoso",
        ),
        "/feeds/quotes.atom": ("Warta: kutipan", "Warta: quotes"),
    }
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    for url, (indonesian, english) in expected.items():
        default = feed(client, url)
        joiner = "&" if "?" in url else "?"
        asked = feed(client, f"{url}{joiner}lang=en")
        assert (text(default, "title"), text(asked, "title")) == (indonesian, english), url
        assert (default.get(xml_lang), asked.get(xml_lang)) == ("id", "en"), url
        assert text(default, "id") == text(asked, "id"), url
        page = links(default)["alternate"]
        in_english = page + ("&" if "?" in page else "?") + "lang=en"
        assert links(asked)["alternate"] == in_english, url
        assert text(feed(client, f"{url}{joiner}lang=id"), "title") == indonesian, url


def test_an_unchanged_feed_is_a_304(client: TestClient) -> None:
    url = "/feeds/search.atom?q=Putin"
    first = client.get(url)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    assert "max-age" in first.headers["cache-control"]
    for headers in ({"If-None-Match": etag}, {"If-None-Match": f'"other", W/{etag}'},
                    {"If-Modified-Since": modified}):  # fmt: skip
        again = client.get(url, headers=headers)
        assert again.status_code == 304, headers
        assert again.content == b"" and again.headers["etag"] == etag
    changed = client.get(url, headers={"If-None-Match": '"something-else"'})
    assert changed.status_code == 200 and changed.content == first.content
    older = client.get(url, headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
    assert older.status_code == 200
    assert client.get(url, headers={"If-Modified-Since": "not a date"}).status_code == 200


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [("/feeds/stories/987654.atom", 404, "no story"),
     ("/feeds/entities/987654/articles.atom", 404, "no entity"),
     ("/feeds/entities/987654/quotes.atom", 404, "no entity"),
     ("/feeds/search.atom?q=banjir&limt=5", 400, "unknown query parameter 'limt'"),
     ("/feeds/quotes.atom?speakr=x", 400, "unknown query parameter 'speakr'"),
     ("/feeds/search.atom?q=banjir&since=kemarin", 400, "since"),
     ("/feeds/search.atom", 422, "q")],
)  # fmt: skip
def test_bad_requests_answer_json(client: TestClient, url: str, status: int, words: str) -> None:
    response = client.get(url)
    assert response.status_code == status, response.text
    assert words in response.json()["error"]


def test_pages_name_their_feeds(client: TestClient) -> None:
    person = client.get("/api/entities?type=PERSON&name=Dmitry Peskov").json()["items"][0]
    story = client.get("/api/stories").json()["items"][0]["id"]
    for page, href in (("/search?q=banjir", "/feeds/search.atom?q=banjir"),
                       (f"/entities/{person['id']}", f"/feeds/entities/{person['id']}/quotes.atom"),
                       (f"/stories/{story}", f"/feeds/stories/{story}.atom"),
                       ("/quotes?speaker=Peskov", "/feeds/quotes.atom?speaker=Peskov")):  # fmt: skip
        html = client.get(page).text
        assert re.search(
            rf'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="{re.escape(href)}">',
            html,
        ), page
        assert f'class="feed" href="{href}"' in html, page
        assert client.get(href).status_code == 200, href


def test_a_new_article_changes_the_etag_and_comes_first(tmp_path: Path) -> None:
    location = str(tmp_path / "w.db")
    ingest_lines(location, tmp_path, "a.jsonl", _article(1, "2024-02-01", "Banjir di Bekasi"))
    with TestClient(create_app(location), raise_server_exceptions=False) as client:
        url = "/feeds/search.atom?q=banjir"
        before = client.get(url)
        assert before.status_code == 200
        ingest_lines(location, tmp_path, "b.jsonl", _article(2, "2024-02-09", "Banjir lagi"))
        after = client.get(url, headers={"If-None-Match": before.headers["etag"]})
        assert after.status_code == 200, "the store changed: the kept feed is stale"
        assert after.headers["etag"] != before.headers["etag"]
        found = entries(ET.fromstring(after.content))
        assert [text(e, "id") for e in found] == [
            "tag:warta,2021:article/banjir-2",
            "tag:warta,2021:article/banjir-1",
        ]
        assert client.get(url, headers={"If-None-Match": after.headers["etag"]}).status_code == 304
        empty = client.get("/feeds/search.atom?q=gempa")
        assert entries(ET.fromstring(empty.content)) == []
        assert text(ET.fromstring(empty.content), "updated") == "1970-01-01T00:00:00Z"


def test_since_last_prints_only_what_was_stored_since_the_last_run(warta: Warta) -> None:
    folder = warta.cwd
    (folder / "a.jsonl").write_text(
        json.dumps(_article(1, "2024-02-01", "Banjir di Bekasi")) + "\n"
        + json.dumps(_article(2, "2024-02-02", "Banjir lagi di Bekasi")) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    assert warta("ingest", "a.jsonl").returncode == 0
    first = warta("search", "banjir", "--since-last", "banjir-bekasi", "--format", "jsonl")
    assert first.returncode == 0, first
    assert {hit["id"] for hit in first.jsonl()} == {"banjir-1", "banjir-2"}
    second = warta("search", "banjir", "--since-last", "banjir-bekasi", "--format", "jsonl")
    assert second.returncode == 0 and second.jsonl() == [], second
    # another name keeps its own mark: its first run prints everything
    other = warta("search", "banjir", "--since-last", "lain", "--format", "jsonl")
    assert len(other.jsonl()) == 2

    (folder / "b.jsonl").write_text(
        json.dumps(_article(3, "2024-02-03", "Banjir ketiga")) + "\n"
        + json.dumps({"id": "lain", "text": "Gempa mengguncang Cianjur pada pagi hari. Warga"
                      " berhamburan keluar rumah."}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    assert warta("ingest", "b.jsonl").returncode == 0
    third = warta("search", "banjir", "--since-last", "banjir-bekasi")
    assert third.returncode == 0, third
    assert "banjir-3" in third.stdout and "banjir-1" not in third.stdout
    assert "banjir-2" not in third.stdout
    assert warta("search", "banjir", "--since-last", "banjir-bekasi").stdout.strip() == (
        "no new articles"
    )
    # a name given another query follows it from its first match, and says so
    quake = warta("search", "gempa", "--since-last", "banjir-bekasi", "--format", "jsonl")
    assert [hit["id"] for hit in quake.jsonl()] == ["lain"], quake
    assert "follows 'gempa' from now on" in quake.stderr, quake
    assert warta("search", "gempa", "--since-last", "banjir-bekasi", "-f", "jsonl").jsonl() == []
    # a plain search is untouched by the marks
    plain = warta("search", "banjir", "--format", "jsonl")
    assert len(plain.jsonl()) == 3


def test_a_changed_article_is_new_again(warta: Warta) -> None:
    path = warta.cwd / "a.jsonl"
    path.write_text(json.dumps(_article(1, "2024-02-01", "Banjir di Bekasi")) + "\n")
    assert warta("ingest", "a.jsonl").returncode == 0
    assert len(warta("search", "banjir", "--since-last", "b", "--format", "jsonl").jsonl()) == 1
    path.write_text(json.dumps(_article(1, "2024-02-01", "Banjir di Bekasi meluas")) + "\n")
    assert warta("ingest", "a.jsonl").returncode == 0
    again = warta("search", "banjir", "--since-last", "b", "--format", "jsonl")
    assert [hit["title"] for hit in again.jsonl()] == ["Banjir di Bekasi meluas"]


@pytest.mark.parametrize(
    ("args", "message"),
    [(("--since-last", "  "), "needs a name"),
     (("--since-last", "x" * 101), "too long"),
     (("--since-last", "a\tb"), "printable"),
     (("--since-last", "x", "--offset", "2"), "--offset")],
)  # fmt: skip
def test_since_last_refuses_bad_names(warta: Warta, args: tuple[str, ...], message: str) -> None:
    (warta.cwd / "a.jsonl").write_text(json.dumps(_article(1, None, "Banjir")) + "\n")
    assert warta("ingest", "a.jsonl").returncode == 0
    result = warta("search", "banjir", *args)
    assert result.returncode != 0 and message in result.stderr, result


def test_since_last_is_in_the_help(warta: Warta) -> None:
    help_text = warta("search", "--help", use_db=False).stdout
    assert "--since-last" in help_text and "NAME" in help_text


def test_a_marks_time_is_rfc3339_utc(tmp_path: Path) -> None:
    with warta.open_store(tmp_path / "w.db") as store:
        mark = store.store_mark()
    assert mark.stored == 0 and datetime.fromisoformat(mark.time).utcoffset() is not None


@pytest.mark.parametrize(
    "url",
    ["/feeds/search.atom?q=banjir", "/feeds/quotes.atom", "/feeds/entities/{entity}/articles.atom"],
)
def test_a_feed_pages_back_through_next_links(
    client: TestClient, feed_store: str, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    """RFC 5005 paging: each page of a feed holds FEED_ENTRIES entries, links to the first,
    the next (older) and the previous page, and has the feed's one id; the pages together
    hold the entries of the whole list, each once, newest first."""
    from warta.web import feeds

    if "{entity}" in url:
        found = client.get("/api/entities", params={"name": "Vladimir Putin"}).json()["items"]
        url = url.format(entity=found[0]["id"])
    whole = [text(e, "id") for e in entries(feed(client, url))]
    assert len(whole) >= 3, whole
    size = max(2, -(-len(whole) // (feeds.MAX_FEED_PAGES - 1)))  # all of it within the pages
    monkeypatch.setattr(feeds, "FEED_ENTRIES", size)
    first = f"http://testserver{url}"
    pages: list[list[str]] = []
    ids = set()
    with TestClient(create_app(feed_store)) as paged:  # its own cache of answers
        address = first
        while address and len(pages) < feeds.MAX_FEED_PAGES:
            root = feed(paged, address)
            ids.add(text(root, "id"))
            pages.append([text(e, "id") for e in entries(root)])
            found_links = links(root)
            assert found_links["first"] == first, found_links
            number = len(pages)
            if number == 1:
                assert "previous" not in found_links
            else:
                before = (
                    first
                    if number == 2
                    else f"{first}{'&' if '?' in url else '?'}page={number - 1}"
                )
                assert found_links["previous"] == before, found_links
            address = found_links.get("next", "")
            if address:
                assert address.endswith(f"page={number + 1}")
        for bad in ("0", "21", "zwei"):  # a page out of bounds: refused, as bad input is
            refused = paged.get(url, params={"page": bad})
            assert refused.status_code == 422 and "page" in refused.json()["error"], bad
    assert [len(page) for page in pages[:-1]] == [size] * (len(pages) - 1)
    assert 1 <= len(pages[-1]) <= size
    assert [entry for page in pages for entry in page] == whole
    assert len(ids) == 1
