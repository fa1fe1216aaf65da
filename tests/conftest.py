"""Shared fixtures for the end-to-end CLI tests: run ``warta`` in this process or a child."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.postgres_server import PostgresServer, database_name, fresh_database, running_postgres
from warta.cli.app import app
from warta.run import ingest
from warta.store import open_store
from warta.web import create_app

REPO = Path(__file__).resolve().parent.parent

#: The five articles bundled with the package, and the same five in examples/.
PACKAGE_SAMPLES = REPO / "src" / "warta" / "samples"
EXAMPLE_SAMPLES = REPO / "examples" / "samples"

#: Titles of the five samples, in file order; checked against the gold annotations in
#: test_cli.py when /work/shared/gold/samples.json (the repo's ../shared) is present.
SAMPLE_TITLES = (
    "Rusia Tidak Berharap Ada Terobosan dalam Pertemuan Virtual Putin-Biden",
    "Ada Perbedaan Serius, Kremlin Sebut Presiden Putin dan Presiden Biden Sepakat Lanjutkan Pembicaraan",
    "Putin Akan Bahas Ekspansi NATO Saat Video Conference dengan Biden",
    "Biden-Putin Lakukan Pembicaraan Saat Ketegangan Krisis Ukraina Meningkat",
    "Rusia dan AS Lanjutkan Dialog Konflik Ukraina Pasca Pertemuan di Jenewa",
)

#: Environment variables that would change what the CLI under test does or prints: Warta's own
#: settings, and the ones that make rich treat a pipe as a terminal (progress bars on stderr).
_SCRUBBED_PREFIXES = ("WARTA_",)
_SCRUBBED = frozenset({"FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS"})


#: How long the threads a test started may take to end after it: a server's request threads
#: end a moment after their client has gone.
THREAD_GRACE_SECONDS = 5.0
#: Threads of an event loop that a longer-lived fixture runs, which end with it: AnyIO's
#: worker threads (a TestClient's loop, whose portal thread is checked; or after 10 s idle) and
#: a loop's default executor (``asyncio_0``: Playwright's, closed with the module's browser).
OWNED_THREADS = re.compile(r"AnyIO worker thread|asyncio_\d+")


@pytest.fixture(autouse=True)
def no_thread_left_running() -> Iterator[None]:
    """Fail a test that leaves a thread running, daemon or not.

    The analysis pool forks its workers only while the process has one thread
    (``threading.active_count()``, daemons counted: run/processes.py). One thread left by a
    test (a Dask scheduler's IO loop did) made every later test's ingest start fresh
    interpreters instead: slower, and not what a user's CLI does. Threads of higher-scoped
    fixtures (a module's TestClient, a portal) are started before this fixture looks.
    """
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + THREAD_GRACE_SECONDS
    left = [
        thread
        for thread in threading.enumerate()
        if thread not in before and not OWNED_THREADS.fullmatch(thread.name)
    ]
    for thread in left:
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    running = [f"{t.name} (daemon)" if t.daemon else t.name for t in left if t.is_alive()]
    if running:
        pytest.fail(f"the test left threads running: {', '.join(running)}", pytrace=False)


def load_bench(name: str) -> ModuleType:
    """A module of bench/, which is a directory of scripts rather than a package."""
    if name in sys.modules:  # loaded by another test module already
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The test process's environment without Warta settings, plus ``extra``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(_SCRUBBED_PREFIXES) and key not in _SCRUBBED
    }
    env["PYTHONIOENCODING"] = "utf-8"  # Indonesian text with curly quotes, whatever the locale
    env.update(extra or {})
    return env


@dataclass(frozen=True)
class Result:
    """A finished ``warta`` run."""

    args: Sequence[str]
    returncode: int
    stdout: str
    stderr: str

    @property
    def stderr_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]

    @property
    def stdout_lines(self) -> list[str]:
        return [line for line in self.stdout.splitlines() if line.strip()]

    def json(self) -> Any:
        return json.loads(self.stdout)

    def jsonl(self) -> list[Any]:
        return [json.loads(line) for line in self.stdout_lines]

    def __str__(self) -> str:
        return (
            f"warta {' '.join(self.args)} -> exit {self.returncode}\n"
            f"--- stdout ---\n{self.stdout[-3000:]}\n--- stderr ---\n{self.stderr[-3000:]}"
        )


class Warta:
    """Runs the CLI against one test database: in this process, through typer's runner (the
    same command tree the entry point runs), or with ``process=True`` (or ``script=True``) in
    a child process through the real entry point, where the process boundary is the point.

    Every run is checked for a Python traceback: none may ever reach the user.
    """

    def __init__(self, db: Path | str, cwd: Path) -> None:
        self.db = db
        self.cwd = cwd

    @classmethod
    def in_dir(cls, root: Path) -> Warta:
        """Run in ``root/cwd`` against ``root/warta.db``."""
        work = root / "cwd"
        work.mkdir()
        return cls(root / "warta.db", work)

    @staticmethod
    def command(*, script: bool = False) -> list[str]:
        """How to start the CLI: ``python -m warta``, or the ``warta`` console script."""
        if script:
            return [str(console_script())]
        return [sys.executable, "-m", "warta"]

    def run(
        self,
        *args: str | Path,
        db: Path | str | None = None,
        use_db: bool = True,
        stdin: bytes | None = None,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        script: bool = False,
        process: bool = False,
        timeout: float = 300,
    ) -> Result:
        """``warta [--db DB] ARGS``; ``use_db=False`` leaves out --db. In this process unless
        ``process`` or ``script`` asks for a child (``timeout`` applies to a child only)."""
        argv = [str(arg) for arg in args]
        if use_db:
            argv = ["--db", str(db if db is not None else self.db), *argv]
        if not (process or script):
            return self._in_process(argv, stdin, env, cwd or self.cwd)
        done = subprocess.run(
            [*self.command(script=script), *argv],
            input=stdin if stdin is not None else b"",
            capture_output=True,
            cwd=cwd or self.cwd,
            env=clean_env(env),
            timeout=timeout,
            check=False,
        )
        result = Result(
            argv,
            done.returncode,
            done.stdout.decode("utf-8"),
            done.stderr.decode("utf-8"),
        )
        assert "Traceback" not in result.stdout, result
        assert "Traceback" not in result.stderr, result
        return result

    @staticmethod
    def _in_process(
        argv: list[str], stdin: bytes | None, env: Mapping[str, str] | None, cwd: Path
    ) -> Result:
        wanted = clean_env(env)
        changes: dict[str, str | None] = {k: None for k in os.environ if k not in wanted}
        changes.update({k: v for k, v in wanted.items() if os.environ.get(k) != v})
        with _working_directory(cwd):
            done = CliRunner().invoke(app, argv, input=stdin or b"", env=changes)
        if done.exception is not None and not isinstance(done.exception, SystemExit):
            trace = "".join(traceback.format_exception(done.exception))
            raise AssertionError(f"warta {' '.join(argv)} raised:\n{trace}")
        result = Result(argv, done.exit_code, done.stdout, done.stderr)
        assert "Traceback" not in result.stdout, result
        assert "Traceback" not in result.stderr, result
        return result

    def __call__(self, *args: str | Path, **kwargs: Any) -> Result:
        return self.run(*args, **kwargs)

    def articles(self, *args: str) -> list[dict[str, Any]]:
        """Every stored article (``articles --format jsonl``)."""
        result = self.run("articles", "--format", "jsonl", *args)
        assert result.returncode == 0, result
        return result.jsonl()

    def rejects(self) -> list[dict[str, Any]]:
        """Every recorded refusal (``rejects --format json``)."""
        result = self.run("rejects", "--format", "json")
        assert result.returncode == 0, result
        rows = result.json()
        assert isinstance(rows, list), result
        return rows


@contextmanager
def _working_directory(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def console_script() -> Path:
    """The ``warta`` console script installed next to the running interpreter."""
    directory = Path(sys.executable).parent
    for name in ("warta", "warta.exe"):
        if (directory / name).exists():
            return directory / name
    pytest.skip(f"no warta console script in {directory}")


@pytest.fixture
def warta(tmp_path: Path) -> Warta:
    """The CLI, run in ``tmp_path/cwd`` against ``tmp_path/warta.db``."""
    return Warta.in_dir(tmp_path)


@pytest.fixture
def samples_dir() -> Path:
    """The package's bundled sample articles (five ``.txt`` files)."""
    assert len(list(PACKAGE_SAMPLES.glob("*.txt"))) == 5
    return PACKAGE_SAMPLES


@pytest.fixture
def sample_titles() -> tuple[str, ...]:
    return SAMPLE_TITLES


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five bundled samples, ingested once per test module (the API tests read them)."""
    import warta

    path = tmp_path_factory.mktemp("samples") / "warta.db"
    with warta.open_store(path) as store:
        assert warta.ingest([str(PACKAGE_SAMPLES)], store).added == 5
    return path


#: The store backends every store test runs on.
BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One real PostgreSQL server for the session (Debian's; fails, never skips, without it)."""
    yield from running_postgres()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer, request: pytest.FixtureRequest) -> Iterator[str]:
    """A new, empty PostgreSQL database for this test."""
    yield from fresh_database(postgres_server, request.node.name)


@pytest.fixture(params=BACKENDS)
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty store on each backend in turn: an SQLite file, a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "w.db")
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def warta_on_each_store(tmp_path: Path, store_location: str) -> Warta:
    """The CLI, run in ``tmp_path/cwd`` against a new store on each backend in turn."""
    work = tmp_path / "cwd"
    work.mkdir()
    return Warta(store_location, work)


def new_location(request: pytest.FixtureRequest, folder: Path) -> str:
    """For a fixture parametrised over :data:`BACKENDS` at any scope: a new store's location
    on ``request.param``'s backend (a PostgreSQL database is dropped after the fixture's scope)."""
    if request.param == "sqlite":
        return str(folder / "warta.db")
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = database_name(request.node.name)
    url = server.create_database(name)
    request.addfinalizer(lambda: server.drop_database(name))
    return url


@pytest.fixture(scope="module", params=BACKENDS)
def samples_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The five samples, ingested into each backend in turn (once per test module)."""
    location = new_location(request, tmp_path_factory.mktemp("samples"))
    with open_store(location) as store:
        assert ingest([str(PACKAGE_SAMPLES)], store).added == 5
    return location


@pytest.fixture(scope="module")
def client(samples_store: str) -> Iterator[TestClient]:
    """The web app (API, exports, pages) on :func:`samples_store`, in process."""
    with TestClient(create_app(samples_store), raise_server_exceptions=False) as test_client:
        yield test_client


def undo_story_ranks(connection: sqlite3.Connection) -> None:
    """Take a database back from the latest schema version to 14: migration 20's stems, 19's
    live sources and fetched pages, 18's outlet counts and their triggers, 17's index of the
    outlets, 16's saved searches' marks, and 15's story ranks and their indexes go."""
    connection.execute("DROP TABLE stems")
    connection.execute("DROP TABLE fetched_pages")
    connection.execute("DROP TABLE sources")
    for trigger in ("added", "removed", "changed"):
        connection.execute(f"DROP TRIGGER outlet_counts_{trigger}")
    connection.execute("DROP TABLE outlet_counts")
    connection.execute("DROP INDEX articles_outlet_published")
    connection.execute("DROP TABLE search_marks")
    connection.execute("DROP INDEX stories_ranked")
    connection.execute("DROP INDEX stories_ranked_several")
    connection.execute("ALTER TABLE stories DROP COLUMN rank")


def undo_entity_days(connection: sqlite3.Connection) -> None:
    """Take a database back from the latest schema version to 12: migration 15's story ranks
    (:func:`undo_story_ranks`), 14's indexes of the article list's orders, and 13's entity
    activity per day and its triggers go."""
    undo_story_ranks(connection)
    for index in ("articles_newest_first", "articles_oldest_first", "articles_ingested"):
        connection.execute(f"DROP INDEX {index}")
    for trigger in ("added", "removed", "changed", "redated"):
        connection.execute(f"DROP TRIGGER entity_days_{trigger}")
    connection.execute("DROP TABLE entity_days")


def undo_entity_counts(connection: sqlite3.Connection) -> None:
    """Take a database back from the latest schema version to 9: migration 13's entity days
    (:func:`undo_entity_days`), 12's outlets per story and their triggers, 11's index of the
    quotes' speaker roles, and 10's entity counts kept by triggers and the articles'
    newest-first index go."""
    undo_entity_days(connection)
    for statement in (
        "DROP TRIGGER story_outlets_added",
        "DROP TRIGGER story_outlets_removed",
        "DROP TRIGGER story_outlets_moved",
        "DROP TRIGGER story_outlets_outlet_changed",
        "DROP TABLE story_outlets",
        "DROP INDEX stories_newest",
        "DROP INDEX stories_largest",
        "DROP INDEX quotes_role",
        "DROP TRIGGER article_entities_added",
        "DROP TRIGGER article_entities_removed",
        "DROP TRIGGER article_entities_changed",
        "DROP INDEX entities_most_mentioned",
        "DROP INDEX entities_type_most_mentioned",
        "DROP INDEX articles_newest",
        "ALTER TABLE entities DROP COLUMN mentions",
        "ALTER TABLE entities DROP COLUMN articles",
    ):
        connection.execute(statement)


def undo_entity_and_speaker_schema(connection: sqlite3.Connection) -> None:
    """Take a database back from the latest schema version to 7: what migrations 8 (quotes'
    speaker roles), 9 (entity votes, names and corrections), 10 to 12
    (:func:`undo_entity_counts`) added goes, for tests that rebuild an older database from a new one."""
    undo_entity_counts(connection)
    for statement in (
        "DROP INDEX entities_canonical_key",
        "ALTER TABLE entities DROP COLUMN canonical_key",
        "ALTER TABLE article_entities DROP COLUMN type",
        "ALTER TABLE article_entities DROP COLUMN name",
        "ALTER TABLE entity_aliases DROP COLUMN articles",
        "DROP TABLE entity_votes",
        "DROP TABLE entity_corrections",
        "ALTER TABLE quotes DROP COLUMN speaker_role",
    ):
        connection.execute(statement)
