"""The throwaway PostgreSQL server the PostgreSQL store's tests run against: it really runs,
each test gets a database of its own, and stopping it leaves nothing behind."""

from __future__ import annotations

import socket
import tempfile
from pathlib import Path

import psycopg
import pytest

from . import postgres_server as postgres_server_module
from .postgres_server import (
    PostgresServer,
    PostgresUnavailable,
    database_name,
    find_bindir,
    fresh_database,
)


def test_the_server_answers_sql(postgres_url: str) -> None:
    with psycopg.connect(postgres_url) as connection:
        row = connection.execute("SELECT version(), current_database()").fetchone()
        assert row is not None
        version, database = row
        assert version.startswith("PostgreSQL ")
        assert postgres_url.endswith(f"/{database}")
        connection.execute("CREATE TABLE articles (id serial PRIMARY KEY, title text NOT NULL)")
        connection.execute("INSERT INTO articles (title) VALUES (%s)", ("Pertemuan Jenewa",))
        assert connection.execute("SELECT title FROM articles").fetchall() == [
            ("Pertemuan Jenewa",)
        ]


def test_the_cluster_is_utf8_with_the_c_locale(postgres_url: str) -> None:
    """Indonesian text with typographic quotes must round-trip, and sorting must not depend on
    the machine's locale."""
    with psycopg.connect(postgres_url) as connection:
        row = connection.execute(
            "SELECT pg_encoding_to_char(encoding), datcollate FROM pg_database"
            " WHERE datname = current_database()"
        ).fetchone()
        assert row == ("UTF8", "C")
        text = "“Kami tidak berharap ada terobosan,” kata Peskov — Senin (6/12)."
        assert connection.execute("SELECT %s::text", (text,)).fetchone() == (text,)


def test_fresh_databases_are_independent(postgres_server: PostgresServer) -> None:
    """A table made in one test's database is not in the next one's."""
    first = fresh_database(postgres_server, "test_first")
    second = fresh_database(postgres_server, "test_first")  # same test name, still two databases
    first_url, second_url = next(first), next(second)
    assert first_url != second_url
    with psycopg.connect(first_url) as connection:
        connection.execute("CREATE TABLE stories (id int)")
    with psycopg.connect(second_url) as connection:
        assert connection.execute("SELECT to_regclass('stories')").fetchone() == (None,)
        connection.execute("CREATE TABLE stories (id int)")  # no clash with the first one's
    for fixture in (first, second):
        with pytest.raises(StopIteration):
            next(fixture)  # the fixture's teardown: drops its database
    with psycopg.connect(postgres_server.url()) as connection:
        names = {row[0] for row in connection.execute("SELECT datname FROM pg_database")}
    assert not {first_url.rsplit("/", 1)[1], second_url.rsplit("/", 1)[1]} & names


def test_dropping_a_database_closes_connections_left_open(postgres_server: PostgresServer) -> None:
    fixture = fresh_database(postgres_server, "test_leaky")
    leaked = psycopg.connect(next(fixture))
    try:
        with pytest.raises(StopIteration):
            next(fixture)
        with pytest.raises(psycopg.OperationalError):
            leaked.execute("SELECT 1")
    finally:
        leaked.close()


def test_database_names_say_which_test_and_fit_postgresql() -> None:
    name = database_name("test_ingest[Kompas-2021 — html]")
    assert name.startswith("test_ingest_kompas_2021_html_")
    assert len(database_name("test_" + "x" * 200)) == 63
    assert database_name("test_a") != database_name("test_a")


def test_stopping_removes_the_server_and_its_directory() -> None:
    """Its own server, not the session's: stopping that one would break the other tests."""
    server = PostgresServer.start()
    url = server.create_database("kept_until_stop")
    with psycopg.connect(url) as connection:
        assert connection.execute("SELECT 1").fetchone() == (1,)
    pid = int((server.datadir / "postmaster.pid").read_text().splitlines()[0])
    root = server.root
    server.stop()
    assert not root.exists()
    assert not Path(f"/proc/{pid}").exists() or _is_zombie_or_other(pid)
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(url, connect_timeout=5)
    server.stop()  # a second stop does nothing


def _is_zombie_or_other(pid: int) -> bool:
    """Whether ``pid`` no longer names a live postgres (the number may have been reused)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "State:\tZ" in status or "Name:\tpostgres" not in status


def test_a_server_that_cannot_start_quotes_its_log() -> None:
    """A bad setting makes the server exit at once: the error must say why, from its log, and
    leave no directory behind."""
    places = (postgres_server_module.RAM_DISK, Path(tempfile.gettempdir()))

    def directories() -> set[Path]:
        return {path for place in places for path in place.glob("warta-pg-*")}

    before = directories()
    with pytest.raises(PostgresUnavailable, match=r"(?s)would not start.*shared_buffers"):
        PostgresServer.start(settings=["shared_buffers=plenty"])
    assert directories() <= before


def test_missing_binaries_name_the_package(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_config, no initdb
    monkeypatch.setattr(postgres_server_module, "DEBIAN_ROOT", tmp_path)
    with pytest.raises(
        PostgresUnavailable,
        match=r"initdb was not found.*PATH: install.*apt-get install postgresql",
    ):
        find_bindir()


def test_the_newest_debian_version_is_chosen(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for version in ("9.6", "13", "15"):
        bindir = tmp_path / version / "bin"
        bindir.mkdir(parents=True)
        for binary in ("initdb", "pg_ctl"):
            (bindir / binary).touch()
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(postgres_server_module, "DEBIAN_ROOT", tmp_path)
    assert find_bindir() == tmp_path / "15" / "bin"


def test_a_port_taken_meanwhile_is_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process may bind the free port before the server does: it tries another."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = int(taken.getsockname()[1])
        ports = iter([busy])
        real_free_port = postgres_server_module.free_port
        monkeypatch.setattr(
            postgres_server_module, "free_port", lambda: next(ports, None) or real_free_port()
        )
        with PostgresServer.start() as server:
            assert server.port != busy
            with psycopg.connect(server.url()) as connection:
                assert connection.execute("SELECT 1").fetchone() == (1,)


def test_the_cluster_goes_to_ram_only_when_there_is_room(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    run_as = postgres_server_module._RunAs("tester")  # the current user, whoever that is
    monkeypatch.setattr(postgres_server_module, "RAM_DISK", tmp_path)
    assert postgres_server_module._base_dir(run_as) == tmp_path
    monkeypatch.setattr(postgres_server_module, "RAM_DISK_MIN_FREE_BYTES", 1 << 60)
    assert postgres_server_module._base_dir(run_as) == Path(tempfile.gettempdir())


def test_a_directory_the_server_user_cannot_reach_is_passed_over(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Root's tests run the server as another user, who cannot enter pytest's 0700 dirs."""
    tmp_path.chmod(0o700)
    monkeypatch.setattr(postgres_server_module, "RAM_DISK", tmp_path)
    other_user = postgres_server_module._RunAs("other", uid=65534, gid=65534)
    assert postgres_server_module._base_dir(other_user) != tmp_path
