"""What the server refuses before reading a body (no token, a body too large), and the 503 a
store another writer keeps busy answers.

The body tests call the application as an ASGI server would, with a ``receive`` that counts the
body chunks it hands over: a refusal must come after none of them. One test does the same over a
real socket to a real uvicorn, which answers while the client has sent only the start of a
300 MB upload.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import shutil
import socket
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

import warta
from warta.errors import StoreBusy
from warta.model import Article
from warta.records import ArticleQuery, Store, StoryDetail, StoryQuery, StorySummary
from warta.store import SQLiteStore
from warta.web import create_app
from warta.web.deps import StorePool

TOKEN = "rahasia-uji"
BOUNDARY = "wartabatas"
ARTICLE = (
    b"Harga Cabai Naik Menjelang Lebaran\n"
    b"Jakarta - Harga cabai rawit di Pasar Kramat Jati naik menjadi Rp 90.000 per kilogram "
    b"pada Senin (25/4/2022), kata pedagang setempat.\n"
    b"Kenaikan itu terjadi karena pasokan dari Jawa Barat berkurang akibat hujan."
)
MB = 1024 * 1024
#: The upload of issue 17: 300 MB, sent to a server that will refuse it.
HUGE = 300 * MB


@pytest.fixture
def db(samples_db: Path, tmp_path: Path) -> Path:
    """A copy of the samples' store a test may write to."""
    copy = tmp_path / "warta.db"
    shutil.copy(samples_db, copy)
    return copy


@pytest.fixture
def make_app(db: Path) -> Iterator[Callable[..., FastAPI]]:
    """``create_app`` on the copy; the stores the apps open are closed after the test."""
    made: list[FastAPI] = []

    def make(**options: Any) -> FastAPI:
        made.append(create_app(db, **options))
        return made[-1]

    yield make
    for app in made:
        app.state.stores.close()


# --- calling the app as a server does -----------------------------------------------------------


@dataclass
class Answer:
    """What the app sent, and how much of the body it asked for."""

    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    chunks_read: int = 0
    bytes_read: int = 0

    def json(self) -> Any:
        return json.loads(self.body)


def call(
    app: FastAPI, method: str, path: str, headers: dict[str, str], chunks: Iterable[bytes]
) -> Answer:
    """``app`` answering one request whose body is ``chunks``, pulled one at a time."""
    answer = Answer()
    body = iter(chunks)
    pending: bytes | None = next(body, b"")
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "client": ("127.0.0.1", 50000), "server": ("testserver", 80),
        "headers": [(b"host", b"testserver")]
        + [(name.lower().encode(), value.encode()) for name, value in headers.items()],
    }  # fmt: skip

    async def receive() -> dict[str, Any]:
        nonlocal pending
        if pending is None:  # the whole body was sent: the client waits, then leaves
            await asyncio.sleep(0.01)
            return {"type": "http.disconnect"}
        chunk, pending = pending, next(body, None)
        answer.chunks_read += 1
        answer.bytes_read += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": pending is not None}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer.status = message["status"]
            answer.headers = {k.decode().lower(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            answer.body += message.get("body", b"")

    asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
    return answer


def multipart(name: str, content: Iterable[bytes]) -> Iterator[bytes]:
    """A ``files`` upload of one file, in the chunks ``content`` comes in."""
    yield (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode()
    yield from content
    yield f"\r\n--{BOUNDARY}--\r\n".encode()


def upload_headers(size: int | None, authorization: str | None = None) -> dict[str, str]:
    headers = {"content-type": f"multipart/form-data; boundary={BOUNDARY}"}
    if size is not None:
        headers["content-length"] = str(size)
    if authorization is not None:
        headers["authorization"] = authorization
    return headers


def huge_upload() -> tuple[int, Iterator[bytes]]:
    """A 300 MB upload (its size and its chunks, made as they are read)."""
    megabyte = b"a" * MB
    parts = list(multipart("besar.txt", []))
    return sum(map(len, parts)) + HUGE, multipart("besar.txt", (megabyte for _ in range(300)))


def stored_titles(db: Path) -> set[str | None]:
    with warta.open_store(db) as store:
        return {article.title for article in store.list_articles()}


# --- refused before the body is read ------------------------------------------------------------


@pytest.mark.parametrize("authorization", [None, "Bearer salah", TOKEN, "Basic " + TOKEN])
def test_ingest_without_the_token_reads_no_body(
    make_app: Callable[..., FastAPI], authorization: str | None
) -> None:
    app = make_app(token=TOKEN)
    size, chunks = huge_upload()
    answer = call(app, "POST", "/api/ingest", upload_headers(size, authorization), chunks)
    assert answer.status == 401, answer.body
    assert "token" in answer.json()["error"]
    assert answer.headers["www-authenticate"] == "Bearer"
    assert answer.chunks_read == 0


def test_ingest_on_a_read_only_server_reads_no_body(make_app: Callable[..., FastAPI]) -> None:
    size, chunks = huge_upload()
    answer = call(make_app(), "POST", "/api/ingest", upload_headers(size), chunks)
    assert answer.status == 403 and "read-only" in answer.json()["error"]
    assert answer.chunks_read == 0


def test_a_chunked_upload_without_the_token_reads_no_body(make_app: Callable[..., FastAPI]) -> None:
    _, chunks = huge_upload()
    answer = call(make_app(token=TOKEN), "POST", "/api/ingest", upload_headers(None), chunks)
    assert answer.status == 401 and answer.chunks_read == 0


def test_a_declared_body_over_the_limit_is_413_unread(make_app: Callable[..., FastAPI]) -> None:
    app = make_app(token=TOKEN, max_request_bytes=10 * MB)
    size, chunks = huge_upload()
    auth = f"Bearer {TOKEN}"
    answer = call(app, "POST", "/api/ingest", upload_headers(size, auth), chunks)
    assert answer.status == 413 and answer.chunks_read == 0
    assert "max_request_bytes" in answer.json()["error"]
    # Anywhere, not only on ingest; a page's 413 is a page.
    on_list = call(app, "GET", "/api/articles", {"content-length": str(size)}, [b"x"])
    assert on_list.status == 413 and on_list.json()["error"] and on_list.chunks_read == 0
    on_page = call(app, "GET", "/stories", {"content-length": str(size)}, [b"x"])
    assert on_page.status == 413 and on_page.chunks_read == 0
    assert on_page.headers["content-type"].startswith("text/html")
    assert b"max_request_bytes" in on_page.body


def test_the_limit_comes_from_the_settings(
    make_app: Callable[..., FastAPI], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WARTA_MAX_REQUEST_BYTES", "1000")
    app = make_app(token=TOKEN)
    headers = upload_headers(1001, f"Bearer {TOKEN}")
    assert call(app, "POST", "/api/ingest", headers, [b"x" * 1001]).status == 413


def test_a_streamed_body_is_cut_at_the_limit_and_nothing_is_ingested(
    make_app: Callable[..., FastAPI], db: Path
) -> None:
    limit = 64 * 1024
    app = make_app(token=TOKEN, max_request_bytes=limit)
    auth = f"Bearer {TOKEN}"
    padding = (b" " * 1024 for _ in range(10_000))  # 10 MB after the article, 1 KB a chunk
    chunks = multipart("cabai.txt", itertools.chain([ARTICLE], padding))
    answer = call(app, "POST", "/api/ingest", upload_headers(None, auth), chunks)
    assert answer.status == 413, answer.body
    assert "max_request_bytes" in answer.json()["error"]
    assert limit < answer.bytes_read <= limit + 1024 + len(ARTICLE) + 200  # stopped at the limit
    assert "Harga Cabai Naik Menjelang Lebaran" not in stored_titles(db)
    # The same article without the padding passes, streamed too: the limit is what refused it.
    small = call(
        app, "POST", "/api/ingest", upload_headers(None, auth), multipart("cabai.txt", [ARTICLE])
    )
    assert small.status == 200, small.body
    assert small.json()["added"] == 1
    assert "Harga Cabai Naik Menjelang Lebaran" in stored_titles(db)


# --- the same over a real socket ----------------------------------------------------------------


@pytest.fixture
def server(db: Path) -> Iterator[tuple[str, int]]:
    """A real uvicorn serving the app with the token, on a free local port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    config = uvicorn.Config(create_app(db, token=TOKEN), log_level="warning", lifespan="on")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        while not running.started:
            if not thread.is_alive():
                pytest.fail("uvicorn did not start")
            threading.Event().wait(0.01)
        yield listener.getsockname()
    finally:
        running.should_exit = True
        thread.join(timeout=30)
        listener.close()


def test_a_real_server_answers_401_while_the_upload_has_barely_begun(
    server: tuple[str, int],
) -> None:
    size, chunks = huge_upload()
    head = (
        f"POST /api/ingest HTTP/1.1\r\nHost: localhost\r\nContent-Length: {size}\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n\r\n"
    ).encode()
    with socket.create_connection(server, timeout=60) as client:
        client.sendall(head + next(chunks) + b"a" * 4096)  # 4 KB of 300 MB, then wait
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.endswith(b"}"):
            piece = client.recv(65536)  # a server that waits for the body times out here
            if not piece:
                break
            answer += piece
    status_line, _, rest = answer.partition(b"\r\n")
    assert status_line.split()[1] == b"401", answer
    assert b'"error"' in rest.partition(b"\r\n\r\n")[2]


# --- 503 when another writer holds the store ----------------------------------------------------


class BusyStore(SQLiteStore):
    """A store whose every read and write finds the database held by another writer."""

    def _busy(self) -> StoreBusy:
        return StoreBusy("the database is busy with another writer: try again shortly", 7)

    def list_articles(self, query: ArticleQuery | None = None) -> Iterator[Article]:
        raise self._busy()

    def get_story(self, story_id: int) -> StoryDetail | None:
        raise self._busy()

    def list_stories(self, query: StoryQuery | None = None) -> list[StorySummary]:
        raise self._busy()

    def write(self, *args: Any, **kwargs: Any) -> Any:
        raise self._busy()


class BusyPool(StorePool):
    def acquire(self) -> Store:
        return BusyStore(self.path)

    def release(self, store: Store) -> None:
        store.close()


@pytest.fixture
def busy(db: Path) -> Iterator[TestClient]:
    app = create_app(db, token=TOKEN, cache_bytes=0)
    app.state.stores = BusyPool(db)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize("path", ["/api/articles", "/export/articles.csv?story=1"])
def test_a_busy_store_is_503_with_retry_after(busy: TestClient, path: str) -> None:
    response = busy.get(path)
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"] == "7"
    assert "try again" in response.json()["error"]


def test_a_busy_store_on_a_page_is_a_503_page(busy: TestClient) -> None:
    """In the layout and the page's language; the API's English message stays the API's."""
    response = busy.get("/")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "7"
    assert 'class="site"' in response.text
    assert "Coba lagi dalam 7 detik." in response.text
    assert "try again" not in response.text
    english = busy.get("/", params={"lang": "en"})
    assert "Try again in 7 seconds." in english.text


def test_an_ingest_into_a_busy_store_is_503(busy: TestClient, db: Path) -> None:
    response = busy.post(
        "/api/ingest",
        files=[("files", ("cabai.txt", ARTICLE))],
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"] == "7" and response.json()["error"]
    assert "Harga Cabai Naik Menjelang Lebaran" not in stored_titles(db)
