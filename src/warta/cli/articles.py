"""Commands on articles: ingest, analyze, articles, article, rejects, demo."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from warta.cli.app import (
    DEMO_DB,
    EXIT_REFUSED,
    FormatOption,
    InputFormatOption,
    LimitOption,
    OffsetOption,
    ShowByDefault,
    SinceOption,
    UntilOption,
    app,
    check_output_format,
    err,
    handle_errors,
    open_db,
    state,
)
from warta.errors import InputRejected, UsageError
from warta.model import AUTO
from warta.settings import load_settings

if TYPE_CHECKING:
    from warta.ingest import Skipped
    from warta.run.local import IngestReport


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
    workers: Annotated[
        int | None,
        typer.Option(
            help="Processes that analyse articles at once, one per core is best; they analyse "
            "the next two batches while this process writes one. The results do not depend on "
            "it [default: setting analysis_workers, the machine's cores].",
        ),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="ADDRESS",
            help="Analyse on a Dask cluster: a scheduler's address (tcp://host:8786), or "
            "'local' to start one worker process per core (--workers) on this machine. This "
            "process still writes and places the stories. Needs pip install 'warta[dask]'.",
        ),
    ] = None,
) -> None:
    """Read articles into the database. Re-ingesting is a no-op; a changed article is replaced.

    Each refused input gets one line on stderr naming it and the reason, and is kept in
    `warta rejects`. Exit code 1 when some inputs were refused (the rest are stored).
    """
    from warta.ingest.formats import check_format  # noqa: PLC0415
    from warta.run.local import (  # noqa: PLC0415
        Analysis,
        default_analysis,
        ingest,
        learn_stored_stems,
    )

    check_format(input_format)
    overrides: dict[str, object] = {}
    if batch_size is not None:
        overrides["batch_size"] = batch_size
    if workers is not None:
        overrides["analysis_workers"] = workers
    settings = load_settings(overrides or None)
    with ExitStack() as stack:
        analysis: Analysis
        if dask is not None:
            from warta.run.dask_cluster import dask_analysis  # noqa: PLC0415  (Dask is optional)

            analysis = stack.enter_context(
                dask_analysis(
                    dask, settings["analysis_workers"], settings["analysis_budget_seconds"]
                )
            )
        else:
            analysis = default_analysis(settings["analysis_workers"])
        store = stack.enter_context(open_db())
        learn_stored_stems(store)  # the workers, forked next, know the store's stems
        analysis.start()  # before the progress line's thread, so the workers fork
        with _progress() as tick:
            report = ingest(
                paths,
                store,
                input_format=input_format,
                batch_size=settings["batch_size"],
                max_document_bytes=settings["max_document_bytes"],
                on_item=tick,
                analysis=analysis,
            )
    _print_report(report)
    if report.refused:
        raise typer.Exit(EXIT_REFUSED)


@contextmanager
def _progress() -> Iterator[Callable[[InputRejected | Skipped | None], None]]:
    """A progress line with count and rate on a terminal; refusals printed as they come."""
    from warta.ingest import Skipped  # noqa: PLC0415

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

        def tick(rejected: InputRejected | Skipped | None) -> None:
            if isinstance(rejected, Skipped):
                err.print(f"warta: skipped {rejected.name}: {rejected.reason}")
                return
            if rejected is not None:
                err.print(f"warta: refused {rejected.origin}: {rejected.reason}")
            elapsed = max(time.monotonic() - started, 1e-9)
            done = progress.tasks[0].completed + 1
            progress.update(task, completed=done, rate=done / elapsed)

        yield tick


def _print_report(report: IngestReport) -> None:
    from warta.present.output import plural  # noqa: PLC0415

    line = (
        f"{plural(report.articles, 'article')}: {report.added:,} new, {report.updated:,} updated, "
        f"{report.unchanged:,} unchanged"
    )
    if report.added == 0 and report.updated == 0 and report.articles:
        line += " (nothing new)"
    if report.recleaned:
        line += f"; {report.recleaned:,} cleaned again with their outlet's template"
    if report.anchored:
        undated = plural(report.anchored, "undated article")
        line += f"; {undated} dated from articles about the same people"
    if report.refused:
        line += f"; {plural(report.refused, 'input')} refused (see `warta rejects`)"
    if report.hidden:
        hidden = plural(
            report.hidden, "hidden (dot) file or folder", "hidden (dot) files and folders"
        )
        line += f"; {hidden} skipped"
    typer.echo(line)
    if report.deferred:
        err.print(
            f"warta: the articles are stored, but not yet placed in stories ({report.deferred}); "
            "the next ingest places them",
            markup=False,
        )


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
    from warta.ingest.formats import check_format  # noqa: PLC0415
    from warta.present.output import article_text  # noqa: PLC0415
    from warta.run.local import analyze_inputs  # noqa: PLC0415

    check_output_format(fmt, ("json", "jsonl", "text"))
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
    since: SinceOption = None,
    until: UntilOption = None,
    order: Annotated[str, typer.Option(help="newest, oldest or ingested.")] = "newest",
    limit: LimitOption = None,
    offset: OffsetOption = 0,
) -> None:
    """List stored articles; --format jsonl or csv exports them with their provenance."""
    from warta.present.output import (  # noqa: PLC0415
        ARTICLE_CSV_COLUMNS,
        article_csv_row,
        article_line,
        listed,
        write_csv,
        write_json_items,
    )
    from warta.records import ArticleQuery, Order  # noqa: PLC0415

    check_output_format(fmt, ("text", "json", "jsonl", "csv"))
    query = ArticleQuery(  # refuses filters that cannot be
        outlet=outlet,
        since=since,
        until=until,
        order=cast(Order, order),
        limit=limit,
        offset=offset,
    )
    with open_db(must_exist=True) as store:
        articles = store.list_articles(query)
        if fmt == "text":
            shown = 0
            for article in articles:
                typer.echo(article_line(article))
                shown += 1
            # on stderr: the lines on stdout stay one article each, for cut and awk
            typer.echo(listed(shown, offset, store.count_articles(query), "articles"), err=True)
        elif fmt == "csv":
            write_csv(map(article_csv_row, articles), ARTICLE_CSV_COLUMNS, sys.stdout)
        else:
            write_json_items((a.to_dict() for a in articles), fmt, sys.stdout)


article_app = typer.Typer(
    cls=ShowByDefault,
    help="Show one stored article (warta article ID), or move it to another story.",
    no_args_is_help=True,
)
app.add_typer(article_app, name="article")


@article_app.command("show")
@handle_errors
def article_command(
    article_id: Annotated[str, typer.Argument(help="Article id (or a unique prefix of it).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Show one stored article."""
    from warta.present.output import article_text  # noqa: PLC0415

    check_output_format(fmt, ("text", "json"))
    with open_db(must_exist=True) as store:
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
    from warta.present.output import REJECT_COLUMNS, reject_row, write_csv, write_json_items  # noqa: PLC0415

    check_output_format(fmt, ("text", "json", "jsonl", "csv"))
    with open_db(must_exist=True) as store:
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


@app.command("demo")
@handle_errors
def demo_command() -> None:
    """Ingest the bundled sample articles into a fresh database and print them, then the
    stories they make with their events.

    The database is ./warta-demo.db (recreated each time), or --db if given (which must not
    exist yet).
    """
    from warta.present.output import article_line, plural, terminal_safe  # noqa: PLC0415
    from warta.present.story_output import story_line  # noqa: PLC0415
    from warta.records import ArticleQuery, StoryQuery  # noqa: PLC0415
    from warta.run.local import ingest  # noqa: PLC0415
    from warta.store import display_location, is_database_url  # noqa: PLC0415

    db_path = state.db or DEMO_DB
    if is_database_url(db_path):
        with open_db(db_path) as store:
            if store.count_articles():
                raise UsageError(
                    f"the demo needs an empty database, and {display_location(db_path)} holds "
                    "articles; give another"
                )
        db_path = display_location(db_path)
    elif state.db and Path(db_path).exists():
        raise UsageError(f"the demo needs a fresh database, and {db_path} exists; remove it first")
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    samples = resources.files("warta") / "samples"
    with resources.as_file(samples) as sample_dir, open_db(state.db or DEMO_DB) as store:
        report = ingest([str(sample_dir)], store)
        articles = list(store.list_articles(ArticleQuery(order="ingested")))
        stories = [store.get_story(s.id) for s in store.list_stories(StoryQuery(order="ranked"))]
    typer.echo(f"Ingested the {report.articles} bundled sample articles into {db_path}:\n")
    for article in articles:
        typer.echo(article_line(article))
    typer.echo(f"\nThey make {plural(len(stories), 'story', 'stories')}:")
    for story in filter(None, stories):
        typer.echo(story_line(story.summary))
        for event in story.events:
            typer.echo(
                f"    {event.date or '-':<10}  {terminal_safe(event.title or '(untitled)')}"
                f"  ({plural(len(event.articles), 'article')})"
            )
    if articles:
        first = next((s.summary.id for s in stories if s is not None), 1)
        typer.echo("")
        prefix = f"warta --db {db_path}"
        suggestions = [
            (f"{prefix} stories", "the stories, top first"),
            (f"{prefix} story {first}", "a story: summary, timeline, quotes"),
            (f"{prefix} article {articles[0].id[:8]}", "an article as Warta read it"),
            (f"{prefix} quotes --speaker Peskov", "who said what"),
            (f"{prefix} serve", "the pages and the API on http://127.0.0.1:8000/"),
        ]
        width = max(len(command) for command, _ in suggestions)
        for number, (command, what) in enumerate(suggestions):
            typer.echo(f"{'Next:' if number == 0 else '':<5} {command:<{width}}  # {what}")
    if report.refused:
        raise typer.Exit(EXIT_REFUSED)
