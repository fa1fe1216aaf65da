"""The ``warta`` command's shared parts: the app, global options, error handling, the store.

Exit codes: 0 everything done; 1 some inputs were refused (the rest were ingested); 2 usage
errors (bad options, an unusable database); 3 an internal error (a bug: please report it); 141
the reader of the output went away (``warta articles | head -1``), as for any Unix command.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from typer.core import TyperGroup

from warta import __version__, timestamps
from warta.errors import FilterError, UsageError, WartaError
from warta.lang.threads import prefer_one_thread
from warta.settings import load_settings

if TYPE_CHECKING:
    from warta.records import Store

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
#: The status of a command whose output's reader went away (``warta tag ... | head -1``): the one
#: a shell gives a command that SIGPIPE ended, 128 + 13, as for ``seq 1000000 | head -1``, so
#: that a pipeline reads the same whichever command in it stopped early.
EXIT_BROKEN_PIPE = 141
DEMO_DB = "warta-demo.db"

app = typer.Typer(
    name="warta",
    help="Warta: Indonesian online news, cleaned, read and grouped into stories.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
# No markup: messages carry file names, reasons and URLs ("warta[postgres]") as they are.
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False, markup=False)

F = TypeVar("F", bound=Callable[..., Any])

FormatOption = Annotated[
    str, typer.Option("--format", "-f", help="Output format: text, json, jsonl or csv.")
]
SinceOption = Annotated[
    str | None,
    typer.Option(help="Only articles published on or after this (YYYY-MM-DD or ISO time)."),
]
UntilOption = Annotated[
    str | None,
    typer.Option(help="Only articles published up to and including this (YYYY-MM-DD or ISO)."),
]
LimitOption = Annotated[int | None, typer.Option(help="At most this many.")]
OffsetOption = Annotated[int, typer.Option(help="Skip this many first.")]
InputFormatOption = Annotated[
    str,
    typer.Option(
        "--input-format",
        help="Input format: auto (detect from name and content), text, html, jsonl or json.",
    ),
]


class ShowByDefault(TyperGroup):
    """A command group whose first argument, when it names none of its commands, is given to
    its ``show`` command: ``warta story 12`` is ``warta story show 12``, beside ``warta story
    merge 12 14``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["show", *args]
        parsed: list[str] = super().parse_args(ctx, args)
        return parsed


class _State:
    db: str | None = None
    debug: bool = False


state = _State()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"warta {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="WARTA_DB",
            help="SQLite database file, or a postgresql://user@host:port/dbname URL"
            " [default: ./warta.db].",
        ),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what Warta does.")] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of internal errors.")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print version.")
    ] = False,
) -> None:
    """Warta: Indonesian online news, cleaned, read and grouped into stories."""
    state.db = db
    state.debug = debug
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
        force=True,  # this run's level and stream, also when the CLI runs again in one process
    )
    if not debug:
        # trafilatura and htmldate log every page they cannot parse; Warta reports those
        # inputs itself, in one line each.
        for noisy in ("trafilatura", "htmldate", "justext", "charset_normalizer"):
            logging.getLogger(noisy).setLevel(logging.CRITICAL)


def handle_errors(command: F) -> F:
    """Turn Warta's errors into one line on stderr and an exit code; never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except typer.Exit:
            raise
        except FilterError as exc:  # a query's filter, named as the command's option
            err.print(f"warta: error: {exc.named('--')}")
            raise typer.Exit(EXIT_USAGE) from None
        except WartaError as exc:
            err.print(f"warta: error: {exc}")
            raise typer.Exit(EXIT_USAGE) from None
        except BrokenPipeError:  # `warta articles | head`: the reader has what it wanted
            _stop_writing()
            raise typer.Exit(EXIT_BROKEN_PIPE) from None
        except KeyboardInterrupt:
            err.print("warta: interrupted; stored batches are kept, run again to finish")
            raise typer.Exit(130) from None
        except Exception as exc:
            if state.debug:
                raise
            err.print(
                f"warta: internal error: {type(exc).__name__}: {exc} "
                "(run with --debug for the traceback, and please report it)"
            )
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper  # type: ignore[return-value]


def _stop_writing() -> None:
    """After a broken pipe: send what is left of stdout to /dev/null, so the interpreter's last
    flush does not fail again and print "Exception ignored ... BrokenPipeError" on the way out."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # a stdout with no descriptor (a test's runner): nothing to do
        pass


def db_path() -> str:
    return state.db or str(load_settings()["db"])


@contextmanager
def open_db(path: str | None = None, *, must_exist: bool = False) -> Iterator[Store]:
    """The store at ``path`` (default: --db); commands that only read need it to exist."""
    location = path or db_path()
    from warta.store import is_database_url, open_store  # noqa: PLC0415  (not for --help)

    if must_exist and not is_database_url(location) and not Path(location).exists():
        raise UsageError(f"no database at {location}: ingest articles first, or give --db")

    store = open_store(location)
    try:
        yield store
    finally:
        store.close()


def check_output_format(fmt: str, allowed: tuple[str, ...]) -> None:
    if fmt not in allowed:
        raise UsageError(f"unknown output format {fmt!r}; choose one of {', '.join(allowed)}")


def check_dates(since: str | None, until: str | None) -> None:
    timestamps.check_dates(since, until, prefix="--")


def main() -> None:
    """Entry point of the ``warta`` console script."""
    # Before NumPy loads; a user's own setting wins. Warta's parallelism is its analysis
    # workers, one process per core: a BLAS pool in each on top of them fights for the same
    # cores (two workers ran at 1.06 times one, instead of 1.74, with OpenBLAS's pool).
    prefer_one_thread()
    app()


def check_page(limit: int | None, offset: int) -> None:
    """Refuse a negative --limit or --offset."""
    if (limit is not None and limit < 0) or offset < 0:
        raise UsageError("--limit and --offset must not be negative")
