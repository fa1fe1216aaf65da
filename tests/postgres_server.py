"""A real, throwaway PostgreSQL server for the tests of the PostgreSQL store.

The store is tested against PostgreSQL itself, never a mock: this module runs Debian's
``initdb`` and ``pg_ctl`` on a temporary directory, on a free port of 127.0.0.1, with durability
turned off (the data dies with the test session), and hands out one fresh database per test.

When the tests run as root (CI does), the server runs as the unprivileged ``postgres`` system
user that Debian's postgresql package creates, because ``initdb`` refuses to run as root.

The pytest fixtures are plain generator functions here (``running_postgres``, ``fresh_database``)
so that ``conftest.py`` only wraps them.
"""

from __future__ import annotations

import os
import pwd
import re
import shlex
import shutil
import socket
import stat
import subprocess
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import LiteralString

#: Where Debian installs each PostgreSQL version's server binaries, off PATH.
DEBIAN_ROOT = Path("/usr/lib/postgresql")
#: The database superuser that ``initdb`` creates, whichever OS user runs the server.
SUPERUSER = "postgres"
#: The OS user to run the server as when the tests run as root (Debian's postgresql creates it).
SYSTEM_USER = "postgres"
#: How long ``pg_ctl`` may wait for the server to accept connections, or to stop: initdb and
#: start take about a second here, so a minute covers a loaded CI machine.
PG_CTL_TIMEOUT_SECONDS = 60
#: Attempts at starting on a free port: another process may take the port between the moment it
#: is found free and the moment the server binds it.
START_ATTEMPTS = 3
#: Lines of the server's log quoted when it fails to start.
LOG_TAIL_LINES = 30
#: PostgreSQL's limit on identifiers (NAMEDATALEN - 1), which database names must respect.
MAX_NAME_LENGTH = 63
#: Settings that trade durability for speed: the cluster is thrown away after the session. The
#: WAL is capped well below its 1 GB default because it may live in RAM (``RAM_DISK``).
SERVER_SETTINGS = (
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
    "max_wal_size=128MB",
)
#: Where the cluster goes when there is room: even with fsync off, a fresh database's ~7.5 MB
#: reach the disk, and CREATE DATABASE took a median 290 ms on the disk of a 2-core VM against
#: 30 ms in tmpfs (90 databases each, one core, December 2026).
RAM_DISK = Path("/dev/shm")
#: The free space ``RAM_DISK`` needs to be used: Docker gives a container 64 MiB by default,
#: less than a cluster (about 55 MB with its WAL) plus the tests' data.
RAM_DISK_MIN_FREE_BYTES = 1 << 30
INSTALL_HINT = (
    "install Debian's PostgreSQL server with `apt-get install postgresql` (or `make test`)"
)


class PostgresUnavailable(RuntimeError):
    """PostgreSQL's binaries are missing, or the server would not start or stop."""


def find_bindir() -> Path:
    """The directory holding ``initdb`` and ``pg_ctl``.

    Looked for in ``pg_config --bindir`` (libpq-dev's pg_config may name a directory without
    the server in it, so the binaries are checked for), then the newest
    ``/usr/lib/postgresql/*/bin`` (Debian keeps the server off PATH), then PATH.

    Raises:
        PostgresUnavailable: when no directory has both binaries; the message names the
            missing one and how to install it.
    """
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config is not None:
        done = subprocess.run(
            [pg_config, "--bindir"], capture_output=True, text=True, check=False, timeout=30
        )
        if done.returncode == 0 and done.stdout.strip():
            candidates.append(Path(done.stdout.strip()))
    candidates.extend(sorted(DEBIAN_ROOT.glob("*/bin"), key=_version, reverse=True))
    for directory in candidates:
        if (directory / "initdb").is_file() and (directory / "pg_ctl").is_file():
            return directory
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb is not None and pg_ctl is not None:
        return Path(initdb).parent
    missing = "initdb" if initdb is None else "pg_ctl"
    raise PostgresUnavailable(
        f"PostgreSQL's {missing} was not found in pg_config's bindir, {DEBIAN_ROOT}/*/bin "
        f"or PATH: {INSTALL_HINT}"
    )


def _version(bindir: Path) -> tuple[int, ...]:
    """``/usr/lib/postgresql/15/bin`` -> (15,): so that 15 sorts after 9.6."""
    return tuple(int(part) for part in re.findall(r"\d+", bindir.parent.name))


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class _RunAs:
    """The OS user the server's commands run as: ``None`` fields mean the current user."""

    name: str
    uid: int | None = None
    gid: int | None = None

    @classmethod
    def for_server(cls) -> _RunAs:
        """The current user, or Debian's ``postgres`` system user when that is root."""
        if os.geteuid() != 0:
            return cls(pwd.getpwuid(os.geteuid()).pw_name)
        try:
            entry = pwd.getpwnam(SYSTEM_USER)
        except KeyError:
            raise PostgresUnavailable(
                f"initdb refuses to run as root and there is no {SYSTEM_USER!r} system user "
                f"to run it as: {INSTALL_HINT}, which creates that user"
            ) from None
        return cls(entry.pw_name, entry.pw_uid, entry.pw_gid)

    def run(self, argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
        """Run a PostgreSQL command as this user; never raises on a non-zero exit."""
        return subprocess.run(
            argv,
            cwd=cwd,  # the server's user may not be able to enter the caller's directory
            env=_server_env(),
            user=self.uid,
            group=self.gid,
            extra_groups=[] if self.uid is not None else None,  # drop root's groups too
            capture_output=True,
            text=True,
            check=False,
            timeout=PG_CTL_TIMEOUT_SECONDS * 2,
        )


def _server_env() -> dict[str, str]:
    """The environment without PG* variables, which would point the commands elsewhere."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    env["LC_ALL"] = "C"
    return env


def _traversable_by_others(path: Path) -> bool:
    """Whether every directory from / to ``path`` lets any user through (o+x)."""
    return all(part.stat().st_mode & stat.S_IXOTH for part in (path, *path.parents))


def _base_dir(run_as: _RunAs) -> Path:
    """Where to make the cluster's directory: in RAM when there is room, else the temp dir."""
    for base in (RAM_DISK, Path(tempfile.gettempdir()), Path("/tmp")):
        if not (base.is_dir() and os.access(base, os.W_OK | os.X_OK)):
            continue
        if run_as.uid is not None and not _traversable_by_others(base):
            continue  # TMPDIR may sit under root's home, which postgres cannot enter
        if base == RAM_DISK:
            space = os.statvfs(base)
            if space.f_bavail * space.f_frsize < RAM_DISK_MIN_FREE_BYTES:
                continue
        return base
    raise PostgresUnavailable(f"no writable temporary directory for PostgreSQL's data ({run_as})")


def _make_root(run_as: _RunAs) -> Path:
    """A new directory the server's user owns and can reach from /."""
    root = Path(tempfile.mkdtemp(prefix="warta-pg-", dir=_base_dir(run_as)))
    if run_as.uid is not None:
        root.chmod(0o755)
        os.chown(root, run_as.uid, run_as.gid if run_as.gid is not None else -1)
    return root


@dataclass
class PostgresServer:
    """One running PostgreSQL cluster in a temporary directory, reached over TCP.

    Use as a context manager, or ``start()`` then ``stop()``; ``stop`` also removes the
    directory, so nothing is left behind.
    """

    bindir: Path
    root: Path
    port: int
    run_as: _RunAs
    settings: tuple[str, ...] = ()
    host: str = "127.0.0.1"
    user: str = SUPERUSER
    running: bool = field(default=False, init=False)

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    @property
    def socketdir(self) -> Path:
        return self.root / "socket"

    @property
    def logfile(self) -> Path:
        return self.root / "server.log"

    @classmethod
    def start(cls, bindir: Path | None = None, settings: Sequence[str] = ()) -> PostgresServer:
        """Create a cluster in a new temporary directory and start it on a free port.

        Args:
            bindir: where initdb and pg_ctl are; found by ``find_bindir`` when not given.
            settings: more server settings, ``"name=value"``, after the ones for speed.

        Raises:
            PostgresUnavailable: when the binaries are missing, or initdb or the server fails;
                the message quotes the command's output or the tail of the server's log.
        """
        bindir = bindir if bindir is not None else find_bindir()
        run_as = _RunAs.for_server()
        root = _make_root(run_as)
        server = cls(bindir, root, free_port(), run_as, tuple(settings))
        try:
            server._initdb()
            server._start()
        except BaseException:
            server._remove()
            raise
        return server

    def _initdb(self) -> None:
        self.socketdir.mkdir()
        if self.run_as.uid is not None:
            gid = self.run_as.gid if self.run_as.gid is not None else -1
            os.chown(self.socketdir, self.run_as.uid, gid)
        done = self.run_as.run(
            [
                str(self.bindir / "initdb"),
                "--pgdata", str(self.datadir),
                "--username", self.user,
                "--auth", "trust",
                "--encoding", "UTF8",
                "--locale", "C",
                "--no-sync",  # nothing here needs to survive a crash of the machine
            ],
            cwd=self.root,
        )  # fmt: skip
        if done.returncode != 0:
            raise PostgresUnavailable(
                f"initdb failed (exit {done.returncode}) as user {self.run_as.name!r}:\n"
                f"{done.stdout}{done.stderr}"
            )

    def _start(self) -> None:
        """Start the server, trying a new port when the chosen one was taken meanwhile."""
        for attempt in range(START_ATTEMPTS):
            if attempt:
                self.port = free_port()
            done = self._pg_ctl(
                "start",
                "--log", str(self.logfile),
                "--options", self._server_options(),
            )  # fmt: skip
            if done.returncode == 0:
                self.running = True
                return
            if "could not bind" not in self._log_tail():
                break
        raise PostgresUnavailable(
            f"PostgreSQL would not start on {self.host}:{self.port} (pg_ctl exit "
            f"{done.returncode}, as user {self.run_as.name!r}):\n{done.stdout}{done.stderr}"
            f"--- the server's log, last lines ---\n{self._log_tail()}"
        )

    def _server_options(self) -> str:
        settings = [f"listen_addresses={self.host}", *SERVER_SETTINGS, *self.settings]
        return " ".join(
            [
                f"-p {self.port}",
                f"-k {shlex.quote(str(self.socketdir))}",
                *(f"-c {setting}" for setting in settings),
            ]
        )

    def _pg_ctl(self, action: str, *options: str) -> subprocess.CompletedProcess[str]:
        return self.run_as.run(
            [
                str(self.bindir / "pg_ctl"), action,
                "--pgdata", str(self.datadir),
                "--wait", "--timeout", str(PG_CTL_TIMEOUT_SECONDS),
                *options,
            ],
            cwd=self.root,
        )  # fmt: skip

    def _log_tail(self) -> str:
        try:
            lines = self.logfile.read_text(encoding="utf-8", errors="replace").splitlines()
        except FileNotFoundError:
            return "(no log was written)"
        return "\n".join(lines[-LOG_TAIL_LINES:])

    def stop(self) -> None:
        """Stop the server (fast shutdown: open connections are cut) and remove its directory.

        Raises:
            PostgresUnavailable: when pg_ctl cannot stop it; the directory is kept for a look.
        """
        if self.running:
            done = self._pg_ctl("stop", "--mode", "fast")
            if done.returncode != 0:
                raise PostgresUnavailable(
                    f"pg_ctl stop failed (exit {done.returncode}); data kept in {self.root}:\n"
                    f"{done.stdout}{done.stderr}"
                )
            self.running = False
        self._remove()

    def _remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def url(self, database: str = "postgres") -> str:
        """The connection URL of one database of this server."""
        return f"postgresql://{self.user}@{self.host}:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """Create an empty database (a copy of template1) and return its URL.

        Raises:
            ImportError: naming the ``postgres`` extra, when psycopg is not installed.
        """
        self._maintain("CREATE DATABASE {}", name)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop a database, closing any connection a test left open to it."""
        self._maintain("DROP DATABASE IF EXISTS {} WITH (FORCE)", name)

    def _maintain(self, statement: LiteralString, database: str) -> None:
        """Run a statement about ``database`` from the maintenance database, outside any
        transaction (CREATE and DROP DATABASE refuse to run inside one)."""
        try:
            import psycopg
            from psycopg import sql
        except ImportError as error:
            raise ImportError(
                "the PostgreSQL tests need psycopg: pip install 'warta[postgres]'"
            ) from error
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(sql.SQL(statement).format(sql.Identifier(database)))


def database_name(test_name: str) -> str:
    """A new database name that says which test it is for: ``test_foo[a-b]`` ->
    ``test_foo_a_b_1f2e3d4c``, within PostgreSQL's 63 characters."""
    suffix = uuid.uuid4().hex[:8]
    stem = re.sub(r"[^a-z0-9_]+", "_", test_name.lower()).strip("_") or "test"
    return f"{stem[: MAX_NAME_LENGTH - len(suffix) - 1]}_{suffix}"


def running_postgres() -> Iterator[PostgresServer]:
    """The session fixture ``postgres_server``: one server for the whole run, stopped at its end.

    It fails, never skips, when PostgreSQL is missing: the store's tests must not pass unseen.
    """
    with PostgresServer.start() as server:
        yield server


def fresh_database(server: PostgresServer, test_name: str) -> Iterator[str]:
    """The fixture ``postgres_url``: an empty database of its own for each test, dropped after
    it so that a long run does not fill the disk (each one takes several megabytes)."""
    name = database_name(test_name)
    url = server.create_database(name)
    yield url
    server.drop_database(name)
