"""The PostgreSQL store as a user meets it: every store command of the README against a
``postgresql://`` URL, with what SQLite gives for the same input; `warta serve` on it; several
processes writing at once; and the message when the extra is missing.

The store's own behaviour is tested on both backends where it is defined (test_store.py,
test_search.py, test_stories.py, test_api.py, all parametrised over ``BACKENDS``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import warta
from warta.records import ArticleQuery
from warta.store import open_store

from .conftest import PACKAGE_SAMPLES, Warta, clean_env
from .postgres_server import free_port

SAMPLES = sorted(PACKAGE_SAMPLES.glob("*.txt"))


def _same_view(sqlite: Warta, postgres: Warta) -> None:
    """What the two stores show of the same input is the same, listing for listing."""
    for args in (
        ("articles", "--format", "jsonl"),
        ("entities", "--format", "json"),
        ("quotes", "--format", "json"),
        ("rejects", "--format", "json"),
    ):
        assert sqlite(*args).stdout == postgres(*args).stdout, args
    stories = [w("stories", "-f", "json").json() for w in (sqlite, postgres)]
    assert [(s["title"], s["articles"]) for s in stories[0]] == [
        (s["title"], s["articles"]) for s in stories[1]
    ]
    found = [{row["id"] for row in w("search", "pembicaraan", "-f", "jsonl").jsonl()} for w in
             (sqlite, postgres)]  # fmt: skip
    assert found[0] == found[1] and len(found[0]) == 5


def test_the_readme_commands_work_against_postgresql(
    tmp_path: Path, warta: Warta, postgres_url: str
) -> None:
    postgres = Warta(postgres_url, warta.cwd)
    for cli in (warta, postgres):
        assert cli("ingest", PACKAGE_SAMPLES).returncode == 0
    _same_view(warta, postgres)

    first = postgres.articles()[0]["id"]
    assert postgres("article", first[:8]).returncode == 0
    assert postgres("article", first[:8], "--format", "json").json()["id"] == first
    people = postgres("entities", "--type", "PERSON", "-f", "json").json()
    assert any(entity["canonical"] == "Vladimir Putin" for entity in people)
    said = postgres("quotes", "--speaker", "Peskov", "-f", "json").json()
    assert said and all("Peskov" in quote["speaker"] for quote in said)
    direct = postgres("quotes", "--kind", "direct", "--since", "2021-12-01", "--format", "csv")
    assert direct.returncode == 0 and direct.stdout.startswith("article,")
    (story,) = postgres(
        "stories", "--order", "largest", "--entity", "Joe Biden", "-f", "json"
    ).json()
    story_id = str(story["id"])
    assert "Events:" in postgres("story", story_id).stdout
    assert postgres("story", story_id, "--format", "md").stdout.startswith("# ")
    assert (
        postgres("story", story_id, "--format", "html", "-o", tmp_path / "s.html").returncode == 0
    )
    assert "<html" in (tmp_path / "s.html").read_text()
    for query in ('"Dmitry Peskov" NATO -Jenewa', "NATO OR Jenewa", "Peskov -Jenewa"):
        found = [{row["id"] for row in cli("search", query, "-f", "jsonl").jsonl()} for cli in
                 (warta, postgres)]  # fmt: skip
        assert found[0] == found[1] and found[0], query
    hits = postgres("search", '"Dmitry Peskov" NATO', "--since", "2021-12-01", "--facets")
    assert hits.returncode == 0 and "outlet: " in hits.stdout
    exported = tmp_path / "peskov.csv"
    assert postgres("export", "quotes", "--speaker", "Peskov", "-o", exported).returncode == 0
    assert len(exported.read_text().splitlines()) == len(said) + 1
    rows = tmp_path / "story.jsonl"
    assert (
        postgres("export", "articles", "--story", story_id, "-f", "jsonl", "-o", rows).returncode
        == 0
    )
    assert len(rows.read_text().splitlines()) == 5

    # corrections, on both stores: the same result
    last = postgres.articles()[-1]["id"]
    keep, gone = (entity["canonical"] for entity in people[:2])
    for cli in (warta, postgres):
        split = cli("story", "split", story_id, last[:8])
        assert split.returncode == 0, split.stderr
        merged = cli("entities", "--merge", keep, gone)
        assert merged.returncode == 0, merged.stderr
        assert cli("ingest", PACKAGE_SAMPLES, "--workers", "2").returncode == 0  # unchanged
    _same_view(warta, postgres)
    assert len(postgres("stories", "--singles", "-f", "json").json()) == 2


def test_warta_serve_on_postgresql(postgres_url: str, tmp_path: Path) -> None:
    with open_store(postgres_url) as store:
        assert warta.ingest([str(PACKAGE_SAMPLES)], store).added == 5
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "warta", "--db", postgres_url, "serve", "--port", str(port)],
        env=clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        stories = _get_json(f"http://127.0.0.1:{port}/api/stories", server)
        assert len(stories["items"]) == 1
        story = stories["items"][0]
        detail = _get_json(f"http://127.0.0.1:{port}/api/stories/{story['id']}", server)
        assert len(detail["articles"]) == 5
        found = _get_json(f"http://127.0.0.1:{port}/api/search?q=pembicaraan", server)
        assert found["total"] == 5
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as page:
            assert page.status == 200 and b"<html" in page.read()
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert b"Traceback" not in server.stderr.read()  # type: ignore[union-attr]


def _get_json(url: str, server: subprocess.Popen[bytes]) -> Any:
    """GET a JSON answer, waiting (up to a minute) for the server to start listening."""
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url, timeout=30) as answer:
                return json.load(answer)
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_writers_in_several_processes_store_each_article_once(
    postgres_url: str, tmp_path: Path
) -> None:
    # Three processes ingest overlapping halves of the samples at once, in small batches.
    halves = [SAMPLES[:3], SAMPLES[2:], SAMPLES[1:4]]
    command = [sys.executable, "-m", "warta", "--db", postgres_url, "ingest", "--workers", "1"]
    writers = [
        subprocess.Popen(
            [*command, *map(str, half)],
            env=clean_env({"WARTA_BATCH_SIZE": "1"}),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for half in halves
    ]
    for writer in writers:
        _, stderr = writer.communicate(timeout=300)
        assert writer.returncode == 0, stderr.decode()
    sequential = tmp_path / "one.db"
    with open_store(sequential) as alone:
        warta.ingest([str(PACKAGE_SAMPLES)], alone)
        expected = {a.id: a.content_hash for a in alone.list_articles()}
        entities = {(e.type, e.canonical, e.mentions) for e in alone.list_entities()}
    with open_store(postgres_url) as store:
        stored = list(store.list_articles(ArticleQuery(order="ingested")))
        assert {a.id: a.content_hash for a in stored} == expected
        assert {(e.type, e.canonical, e.mentions) for e in store.list_entities()} == entities
        placed = store.placements([a.id for a in stored])
        assert len(placed) == 5  # every article in a story, none twice
        assert sum(s.articles for s in store.list_stories()) == 5


def test_a_postgresql_url_without_the_extra_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from warta.cli.app import app

    for name in [
        name for name in sys.modules if name.startswith(("psycopg", "warta.store.postgres"))
    ]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "psycopg", None)  # what an install without the extra has
    result = CliRunner().invoke(app, ["--db", "postgresql://me@127.0.0.1:9/news", "articles"])
    assert result.exit_code == 2
    assert "pip install 'warta[postgres]'" in result.output
    assert "postgresql://me@127.0.0.1:9/news" in result.output


def test_a_password_is_not_shown_in_messages(postgres_server: Any) -> None:
    url = postgres_server.url("no_such_database").replace("postgres@", "postgres:geheim@")
    from warta.errors import StoreError

    with pytest.raises(StoreError) as refused:
        open_store(url)
    assert "geheim" not in str(refused.value) and "***" in str(refused.value)


def test_a_list_of_ids_is_expected_to_be_short(postgres_url: str) -> None:
    """PostgreSQL plans a join with a JSON list of ids (a page's articles, a speaker's names)
    as a few rows, so that it looks them up through indexes; json_array_elements_text alone
    is planned as 100 rows, and whole tables were scanned into hash joins."""
    from warta.store import open_store

    with open_store(postgres_url) as store:
        db = store._db  # type: ignore[attr-defined]
        for kind in ("text", "int"):
            plan = [
                str(row[0])
                for row in db.execute(f"EXPLAIN SELECT value FROM {db.each(kind)}", ("[1, 2]",))
            ]
            assert "rows=10 " in plan[0], plan
            assert [
                row[0] for row in db.execute(f"SELECT value FROM {db.each(kind)}", ("[1, 2]",))
            ] == (["1", "2"] if kind == "text" else [1, 2])
