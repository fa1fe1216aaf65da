"""The ``warta`` command: parse arguments, call the library, turn errors into messages.

Exit codes: 0 everything done; 1 some inputs were refused (the rest were ingested); 2 usage
errors (bad options, an unusable database); 3 an internal error (a bug: please report it).
"""

from __future__ import annotations

import functools
import io
import json
import logging
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, TypeVar, cast

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from warta import __version__
from warta.errors import InputRejected, UsageError, WartaError
from warta.ingest import AUTO
from warta.ingest.formats import check_format
from warta.output import (
    ARTICLE_CSV_COLUMNS,
    REJECT_COLUMNS,
    article_csv_row,
    article_line,
    article_text,
    reject_row,
    terminal_safe,
    write_csv,
    write_json_items,
)
from warta.run.local import IngestReport, analyze_inputs, ingest
from warta.settings import load_settings
from warta.store import ArticleQuery, Store, open_store
from warta.store.base import Order
from warta.timestamps import to_utc

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
DEMO_DB = "warta-demo.db"

app = typer.Typer(
    name="warta",
    help="Warta: Indonesian online news, cleaned, read and grouped into stories.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)

F = TypeVar("F", bound=Callable[..., Any])

FormatOption = Annotated[
    str, typer.Option("--format", "-f", help="Output format: text, json, jsonl or csv.")
]
InputFormatOption = Annotated[
    str,
    typer.Option(
        "--input-format",
        help="Input format: auto (detect from name and content), text, html, jsonl or json.",
    ),
]


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
        typer.Option("--db", envvar="WARTA_DB", help="SQLite database file [default: ./warta.db]."),
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
        except WartaError as exc:
            err.print(f"warta: error: {exc}")
            raise typer.Exit(EXIT_USAGE) from None
        except BrokenPipeError:  # `warta articles | head`
            sys.stderr.close()
            raise typer.Exit(EXIT_OK) from None
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


def _db_path() -> str:
    return state.db or str(load_settings()["db"])


@contextmanager
def _store(path: str | None = None, *, must_exist: bool = False) -> Iterator[Store]:
    """The store at ``path`` (default: --db); commands that only read need it to exist."""
    location = path or _db_path()
    if must_exist and not Path(location).exists():
        raise UsageError(f"no database at {location}: ingest articles first, or give --db")
    store = open_store(location)
    try:
        yield store
    finally:
        store.close()


def _check_output_format(fmt: str, allowed: tuple[str, ...]) -> None:
    if fmt not in allowed:
        raise UsageError(f"unknown output format {fmt!r}; choose one of {', '.join(allowed)}")


@app.command("ingest")
@handle_errors
def ingest_command(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files, directories (read recursively), globs, or - for stdin."),
    ],
    input_format: Annotated[
        str,
        typer.Option(
            "--format",
            "--input-format",
            help="Input format: auto (detect from name and content), text, html, jsonl or json.",
        ),
    ] = AUTO,
    batch_size: Annotated[
        int | None, typer.Option(help="Articles per transaction [default: setting batch_size].")
    ] = None,
) -> None:
    """Read articles into the database. Re-ingesting is a no-op; a changed article is replaced.

    Each refused input gets one line on stderr naming it and the reason, and is kept in
    `warta rejects`. Exit code 1 when some inputs were refused (the rest are stored).
    """
    check_format(input_format)
    settings = load_settings({"batch_size": batch_size} if batch_size is not None else None)
    with _store() as store, _progress() as tick:
        report = ingest(
            paths,
            store,
            input_format=input_format,
            batch_size=settings["batch_size"],
            max_document_bytes=settings["max_document_bytes"],
            on_item=tick,
        )
    _print_report(report)
    if report.refused:
        raise typer.Exit(EXIT_REFUSED)


@contextmanager
def _progress() -> Iterator[Callable[[InputRejected | None], None]]:
    """A progress line with count and rate on a terminal; refusals printed as they come."""
    started = time.monotonic()
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.completed} inputs"),
        TextColumn("{task.fields[rate]:.0f}/s"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not sys.stderr.isatty(),
    ) as progress:
        task = progress.add_task("ingest", total=None, rate=0.0)

        def tick(rejected: InputRejected | None) -> None:
            if rejected is not None:
                err.print(f"warta: refused {rejected.origin}: {rejected.reason}")
            elapsed = max(time.monotonic() - started, 1e-9)
            done = progress.tasks[0].completed + 1
            progress.update(task, completed=done, rate=done / elapsed)

        yield tick


def _print_report(report: IngestReport) -> None:
    line = (
        f"{report.articles} articles: {report.added} new, {report.updated} updated, "
        f"{report.unchanged} unchanged"
    )
    if report.added == 0 and report.updated == 0 and report.articles:
        line += " (nothing new)"
    if report.recleaned:
        line += f"; {report.recleaned} cleaned again with their outlet's template"
    if report.refused:
        inputs = "input" if report.refused == 1 else "inputs"
        line += f"; {report.refused} {inputs} refused (see `warta rejects`)"
    typer.echo(line)


@app.command("analyze")
@handle_errors
def analyze_command(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, globs, or - for stdin.")],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="Output format: json, jsonl or text.")
    ] = "json",
    input_format: InputFormatOption = AUTO,
) -> None:
    """Analyse articles without storing them and print the article contract.

    With --format json, one input article prints one JSON object and several print an array.
    """
    _check_output_format(fmt, ("json", "jsonl", "text"))
    check_format(input_format)
    settings = load_settings()
    articles, refused = [], 0
    for item in analyze_inputs(paths, input_format, settings["max_document_bytes"]):
        if isinstance(item, InputRejected):
            refused += 1
            err.print(f"warta: refused {item.origin}: {item.reason}")
        elif fmt == "jsonl":
            typer.echo(json.dumps(item[0].to_dict(), ensure_ascii=False))
        elif fmt == "text":
            typer.echo(article_text(item[0]))
        else:
            articles.append(item[0].to_dict())
    if fmt == "json" and articles:
        payload: Any = articles[0] if len(articles) == 1 else articles
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=1))
    if refused:
        raise typer.Exit(EXIT_REFUSED)


@app.command("articles")
@handle_errors
def articles_command(
    fmt: FormatOption = "text",
    outlet: Annotated[str | None, typer.Option(help="Only this outlet (e.g. medcom.id).")] = None,
    since: Annotated[
        str | None, typer.Option(help="Published on or after (YYYY-MM-DD or ISO time).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Published up to and including (YYYY-MM-DD or ISO time).")
    ] = None,
    order: Annotated[str, typer.Option(help="newest, oldest or ingested.")] = "newest",
    limit: Annotated[int | None, typer.Option(help="At most this many articles.")] = None,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
) -> None:
    """List stored articles; --format jsonl or csv exports them with their provenance."""
    _check_output_format(fmt, ("text", "json", "jsonl", "csv"))
    _check_dates(since, until)
    if order not in ("newest", "oldest", "ingested"):
        raise UsageError(f"unknown order {order!r}; choose newest, oldest or ingested")
    if (limit is not None and limit < 0) or offset < 0:
        raise UsageError("--limit and --offset must not be negative")
    query = ArticleQuery(
        outlet=outlet,
        since=since,
        until=until,
        order=cast(Order, order),
        limit=limit,
        offset=offset,
    )
    with _store(must_exist=True) as store:
        articles = store.list_articles(query)
        if fmt == "text":
            for article in articles:
                typer.echo(article_line(article))
        elif fmt == "csv":
            write_csv(map(article_csv_row, articles), ARTICLE_CSV_COLUMNS, sys.stdout)
        else:
            write_json_items((a.to_dict() for a in articles), fmt, sys.stdout)


@app.command("article")
@handle_errors
def article_command(
    article_id: Annotated[str, typer.Argument(help="Article id (or a unique prefix of it).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Show one stored article."""
    _check_output_format(fmt, ("text", "json"))
    with _store(must_exist=True) as store:
        article = store.get_article(article_id)
    if article is None:
        raise UsageError(f"no article with id {article_id!r} (see `warta articles`)")
    if fmt == "json":
        typer.echo(json.dumps(article.to_dict(), ensure_ascii=False, indent=1))
    else:
        typer.echo(article_text(article), nl=False)


@app.command("rejects")
@handle_errors
def rejects_command(fmt: FormatOption = "text") -> None:
    """List the inputs Warta refused, with the reason; an input ingested later drops off."""
    _check_output_format(fmt, ("text", "json", "jsonl", "csv"))
    with _store(must_exist=True) as store:
        rejects = store.list_rejects()
    rows = [reject_row(reject) for reject in rejects]
    if fmt == "text":
        for reject in rejects:
            typer.echo(f"{reject.origin}: {reject.reason}  [{reject.last_seen}]")
        if not rejects:
            typer.echo("no refused inputs")
    elif fmt == "csv":
        write_csv(rows, REJECT_COLUMNS, sys.stdout)
    else:
        write_json_items(rows, fmt, sys.stdout)


@app.command("entities")
@handle_errors
def entities_command(
    fmt: FormatOption = "text",
    entity_type: Annotated[
        str | None, typer.Option("--type", help="PERSON, ORG or LOC (or another type).")
    ] = None,
    name: Annotated[
        str | None, typer.Option(help="Only the entity with this name or alias.")
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="Count only this outlet's articles.")] = None,
    since: Annotated[
        str | None, typer.Option(help="Count articles published on or after this date.")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Count articles published up to and including this date.")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many entities.")] = None,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
) -> None:
    """List canonical entities (people, organisations, places) with their aliases, most
    mentioned first; counts are over the articles the filters keep."""
    from warta.store.entities import EntityQuery  # noqa: PLC0415

    _check_output_format(fmt, ("text", "json", "jsonl", "csv"))
    _check_dates(since, until)
    if (limit is not None and limit < 0) or offset < 0:
        raise UsageError("--limit and --offset must not be negative")
    query = EntityQuery(
        type=entity_type, name=name, since=since, until=until, outlet=outlet,
        limit=limit, offset=offset,
    )  # fmt: skip
    with _store(must_exist=True) as store:
        found = store.list_entities(query)
    rows = [entity.to_dict() for entity in found]
    if fmt == "text":
        for entity in found:
            aliases = f"  ({', '.join(entity.aliases)})" if entity.aliases else ""
            typer.echo(
                terminal_safe(
                    f"{entity.type:<7} {entity.canonical}{aliases}: {entity.mentions} mentions"
                    f" in {entity.articles} article{'s' if entity.articles != 1 else ''}"
                )
            )
    elif fmt == "csv":
        for row in rows:
            row["aliases"] = "|".join(cast(list[str], row["aliases"]))
        write_csv(rows, ("id", "type", "canonical", "aliases", "mentions", "articles"), sys.stdout)
    else:
        write_json_items(rows, fmt, sys.stdout)


def _check_dates(since: str | None, until: str | None) -> None:
    for name, value in (("--since", since), ("--until", until)):
        if value is not None and to_utc(value) is None:
            raise UsageError(f"{name} {value!r} is not a date (YYYY-MM-DD) or ISO 8601 time")


SchemeOption = Annotated[
    str,
    typer.Option(
        "--scheme",
        help="Tag set: nerp (PPL/PLC/IND/EVT/FNB), nergrit (PERSON/PLACE/ORGANISATION), "
        "idner (PER/LOC/ORG) or news (PERSON/LOC/ORG, Warta's own).",
    ),
]


@app.command("tag")
@handle_errors
def tag_command(
    path: Annotated[
        Path, typer.Argument(help="Token-per-line file (first column the token); - for stdin.")
    ],
    scheme: SchemeOption = "news",
) -> None:
    """Tag named entities in a token-per-line file (a blank line between sentences) and write
    token<TAB>tag lines in the scheme's own BIO tags."""
    from warta.lang.id.ner.conll import read_conll  # noqa: PLC0415

    ner = _scheme_tagger(scheme)
    with _token_lines(path) as lines:
        for sentence in read_conll(lines, tagged=False):
            tags = ner.tag(sentence.tokens)
            sys.stdout.write(
                "".join(f"{t}\t{g}\n" for t, g in zip(sentence.tokens, tags, strict=True))
            )
            sys.stdout.write("\n")


def _scheme_tagger(scheme: str) -> Any:
    from warta.lang.id.ner.tagger import SCHEMES, tagger  # noqa: PLC0415

    if scheme not in SCHEMES:
        raise UsageError(f"unknown scheme {scheme!r}; choose one of {', '.join(SCHEMES)}")
    return tagger(scheme)


@contextmanager
def _token_lines(path: Path) -> Iterator[Iterator[str]]:
    """The lines of a UTF-8 token-per-line file, or of stdin for ``-``; unreadable or
    undecodable input is a usage error naming it."""
    name = "standard input" if str(path) == "-" else str(path)
    try:
        if str(path) == "-":
            yield iter(io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="strict"))
            return
        if not path.is_file():
            raise UsageError(
                f"{path}: no such file" if not path.exists() else f"{path}: not a file"
            )
        with path.open(encoding="utf-8") as handle:
            yield handle
    except UnicodeDecodeError as error:
        raise UsageError(f"{name}: not UTF-8 text ({error.reason})") from error
    except OSError as error:
        raise UsageError(f"{name}: cannot be read ({error.strerror or error})") from error


@app.command("demo")
@handle_errors
def demo_command() -> None:
    """Ingest the bundled sample articles into a fresh database and print them.

    The database is ./warta-demo.db (recreated each time), or --db if given (which must not
    exist yet).
    """
    db_path = Path(state.db or DEMO_DB)
    if state.db and db_path.exists():
        raise UsageError(f"the demo needs a fresh database, and {db_path} exists; remove it first")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    samples = resources.files("warta") / "samples"
    with resources.as_file(samples) as sample_dir, _store(str(db_path)) as store:
        report = ingest([str(sample_dir)], store)
        articles = list(store.list_articles(ArticleQuery(order="ingested")))
    typer.echo(f"Ingested the {report.articles} bundled sample articles into {db_path}:\n")
    for article in articles:
        typer.echo(article_line(article))
    typer.echo(f"\nNext: warta --db {db_path} article {articles[0].id[:8]}" if articles else "")
    if report.refused:
        raise typer.Exit(EXIT_REFUSED)


eval_app = typer.Typer(help="Measure Warta's quality against reference data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("clean")
@handle_errors
def eval_clean_command(
    gold: Annotated[Path, typer.Option(help="Gold annotations (see docs/eval.md).")],
    inputs: Annotated[
        Path | None,
        typer.Option(help="Folder of the input files [default: ../samples beside the gold]."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Body precision, recall and F1 per paragraph, and exact-match rates of the metadata
    (title, published, dateline, author, outlet, cited_sources, ...) against gold."""
    from warta.eval.clean import evaluate_clean, format_scores  # noqa: PLC0415

    _check_output_format(fmt, ("text", "json"))
    scores = evaluate_clean(gold, inputs)
    if fmt == "json":
        typer.echo(json.dumps(scores.to_dict(), ensure_ascii=False, indent=1))
    else:
        typer.echo(format_scores(scores))


@eval_app.command("ner")
@handle_errors
def eval_ner_command(
    path: Annotated[Path, typer.Argument(help="Gold token-per-line file: token first, tag last.")],
    scheme: SchemeOption,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Tag a gold file's tokens and print entity-level precision, recall and F1 (conlleval
    semantics: type and both boundaries must be right)."""
    from warta.eval.ner import format_scores, score  # noqa: PLC0415
    from warta.lang.id.ner.conll import read_conll  # noqa: PLC0415

    _check_output_format(fmt, ("text", "json"))
    ner = _scheme_tagger(scheme)
    with _token_lines(path) as lines:
        try:
            sentences = list(read_conll(lines))
        except UnicodeDecodeError:
            raise  # _token_lines says which file is not UTF-8
        except ValueError as error:
            raise UsageError(f"{path}: {error}") from error
    scores = score((s.tags or (), ner.tag(s.tokens)) for s in sentences)
    if fmt == "json":
        typer.echo(json.dumps(scores.to_dict(), indent=1))
    else:
        typer.echo(format_scores(scores))


def main() -> None:
    """Entry point of the ``warta`` console script."""
    app()
