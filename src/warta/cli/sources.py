"""Live sources: ``warta sources`` (list, add, remove, resume), ``warta fetch``, ``warta watch``
and ``warta reanalyze``."""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TYPE_CHECKING, Annotated, Any

import typer

from warta.cli.app import (
    EXIT_REFUSED,
    FormatOption,
    app,
    check_dates,
    check_output_format,
    err,
    handle_errors,
    open_db,
)
from warta.errors import InputRejected, UsageError
from warta.settings import load_settings

if TYPE_CHECKING:
    from warta.records import SourceState
    from warta.run.fetch import FetchReport

sources_app = typer.Typer(
    help="Follow live sources (feeds and sitemaps): list them with their state, add, remove, "
    "resume. Without a subcommand: the list.",
    invoke_without_command=True,
)
app.add_typer(sources_app, name="sources")


@sources_app.callback()
@handle_errors
def sources_command(ctx: typer.Context, fmt: FormatOption = "text") -> None:
    """List the sources followed: kind, state (due, waiting or paused), last fetch, last new
    article, articles found, failure score, next poll and the last error."""
    if ctx.invoked_subcommand is not None:
        return
    from warta.present.output import terminal_safe, write_csv, write_json_items  # noqa: PLC0415
    from warta.present.sources import SOURCE_COLUMNS, now_iso, source_row  # noqa: PLC0415

    check_output_format(fmt, ("text", "json", "jsonl", "csv"))
    with open_db(must_exist=True) as store:
        sources = store.list_sources()
    now = now_iso()
    rows = [source_row(source, now) for source in sources]
    if fmt == "text":
        if not sources:
            typer.echo("no sources: add one with `warta sources add URL`")
        for source, row in zip(sources, rows, strict=True):
            typer.echo(terminal_safe(_line(source, row)))
    elif fmt == "csv":
        write_csv(rows, SOURCE_COLUMNS, sys.stdout)
    else:
        write_json_items(rows, fmt, sys.stdout)


@sources_app.command("add")
@handle_errors
def add_command(
    urls: Annotated[
        list[str],
        typer.Argument(
            help="A portal's home page (its feeds and sitemaps are found), a feed or a sitemap."
        ),
    ],
    outlet: Annotated[
        str | None,
        typer.Option(
            help="The outlet's name for the articles of these sources [default: "
            "what each page says]."
        ),
    ] = None,
) -> None:
    """Follow feeds and sitemaps. For a home page, finds its feeds (link rel=alternate, feed
    links such as section feeds, common paths like /feed and /rss) and its sitemaps (robots.txt
    Sitemap lines, sitemap indexes, Google News sitemaps), fetching politely. Each URL or
    candidate refused gets one line naming it and the reason; exit code 1 if any was."""
    from warta.present.output import plural  # noqa: PLC0415
    from warta.run.fetch import add_sources, policy_and_schedule  # noqa: PLC0415
    from warta.sources.http import Fetcher  # noqa: PLC0415

    settings = load_settings()
    _note_contact(settings)
    policy, _ = policy_and_schedule(settings)
    with open_db() as store, Fetcher(policy) as fetcher:
        added, refused = add_sources(
            store, urls, fetcher, float(settings["fetch_interval_seconds"]), outlet
        )
    for rejected in refused:
        err.print(f"warta: refused {rejected.origin}: {rejected.reason}")
    for source, new in added:
        state = "added" if new else "followed already"
        typer.echo(f"{source.id}  {source.kind:<7}  {source.url}  ({state})")
    new_count = sum(1 for _, new in added if new)
    typer.echo(f"{plural(new_count, 'source')} added, {len(added) - new_count:,} followed already")
    if refused:
        raise typer.Exit(EXIT_REFUSED)


@sources_app.command("pages")
@handle_errors
def pages_command(
    disagreeing: Annotated[
        bool,
        typer.Option("--disagreeing", help="Only pages whose date evidence disagrees."),
    ] = False,
    source: Annotated[
        int | None, typer.Option(help="Only this source's pages (its id, see `warta sources`).")
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 100,
    fmt: FormatOption = "text",
) -> None:
    """List the pages fetched last, with their publication time, the evidence it came from
    (json-ld, meta, time-element, feed, url, text) and the sources that disagree."""
    from warta.present.output import terminal_safe, write_json_items  # noqa: PLC0415
    from warta.present.sources import fetched_page_row  # noqa: PLC0415

    check_output_format(fmt, ("text", "json", "jsonl"))
    if limit < 1:
        raise UsageError("--limit must be at least 1")
    with open_db(must_exist=True) as store:
        if source is not None and all(s.id != source for s in store.list_sources()):
            raise UsageError(f"no source {source} (see `warta sources`)")
        pages = store.list_fetched(disagreeing, limit, source_id=source)
    if fmt != "text":
        write_json_items((fetched_page_row(page) for page in pages), fmt, sys.stdout)
        return
    for page in pages:
        evidence = ", ".join(f"{source} {value}" for source, value in page.date_evidence)
        line = f"{page.url}  [{page.status}]  published {page.published or '-'}"
        if page.published_source:
            line += f" ({page.published_source})"
        if evidence:
            line += f"; evidence: {evidence}"
        if page.date_flags:
            line += f"; {' '.join(page.date_flags)}"
        typer.echo(terminal_safe(line))


@sources_app.command("remove")
@handle_errors
def remove_command(
    keys: Annotated[list[str], typer.Argument(help="Sources by id or URL (see `warta sources`).")],
) -> None:
    """Stop following sources; the articles fetched from them stay stored."""
    with open_db(must_exist=True) as store:
        missing = []
        for key in keys:
            source = store.remove_source(key)
            if source is None:
                missing.append(key)
            else:
                typer.echo(f"removed {source.id}  {source.url}")
    if missing:
        raise UsageError(f"no source {', '.join(missing)} (see `warta sources`)")


@sources_app.command("resume")
@handle_errors
def resume_command(
    keys: Annotated[list[str], typer.Argument(help="Paused sources by id or URL.")],
) -> None:
    """Poll paused sources again (at the next `warta fetch`), their failure score cleared."""
    from datetime import UTC, datetime  # noqa: PLC0415

    from warta.sources.schedule import resumed  # noqa: PLC0415

    with open_db(must_exist=True) as store:
        by_key = {str(s.id): s for s in store.list_sources()}
        by_key.update({s.url: s for s in by_key.copy().values()})
        for key in keys:
            source = by_key.get(key)
            if source is None:
                raise UsageError(f"no source {key} (see `warta sources`)")
            resumed(source, datetime.now(UTC))
            store.save_source(source)
            typer.echo(f"resumed {source.id}  {source.url}")


@app.command("fetch")
@handle_errors
def fetch_command(
    everything: Annotated[
        bool, typer.Option("--all", help="Poll every source not paused, due or not.")
    ] = False,
) -> None:
    """Poll every due source once and ingest its new and changed articles, politely
    (robots.txt, a delay and a concurrency limit per host, conditional GET, backoff on 429 and
    5xx) and safely (http(s) only, no private addresses unless fetch_allow_private); every
    response is kept in the archive (setting fetch_archive). Ctrl-C or SIGTERM stops cleanly:
    the pages fetched are ingested, nothing is half-written. Exit code 1 if a source failed or
    a page was refused."""
    with _poller() as poller:
        if not poller.store.list_sources():
            raise UsageError("no sources to fetch from: add one with `warta sources add URL`")
        report = poller.poll(everything)
    _print_report(report)
    if report.failed or report.ingest.refused:
        raise typer.Exit(EXIT_REFUSED)


@app.command("watch")
@handle_errors
def watch_command() -> None:
    """Keep polling the sources as they fall due (as `warta fetch` does, round after round)
    until Ctrl-C or SIGTERM, which stop it cleanly: requests in flight end, the pages fetched
    are ingested, nothing is half-written."""
    from warta.present.output import plural  # noqa: PLC0415
    from warta.run.fetch import watch  # noqa: PLC0415

    with _poller() as poller:
        rounds = watch(poller, float(load_settings()["watch_tick_seconds"]), _print_round)
    typer.echo(f"stopped after {plural(rounds, 'round')}")


@app.command("reanalyze")
@handle_errors
def reanalyze_command(
    archive: Annotated[
        str | None,
        typer.Option(help="The archive's directory [default: setting fetch_archive]."),
    ] = None,
    stored: Annotated[
        bool,
        typer.Option(
            "--stored",
            help="Analyse again every stored article from the input the store kept (files "
            "ingested as well as pages fetched), not the archive's pages.",
        ),
    ] = False,
    since: Annotated[
        str | None,
        typer.Option(
            help="With --stored: only the articles published on or after this "
            "(YYYY-MM-DD or ISO time)."
        ),
    ] = None,
) -> None:
    """Analyse again the article pages kept in the archive of fetched responses (the latest
    response of each URL): stored articles whose analysis changed are replaced, articles not
    in the store (a new database) are ingested. With --stored, every stored article is
    analysed again from its kept input instead, 200 at a time, and those whose analysis
    changed are replaced (after an upgrade of Warta, say); stories stay as they are grouped."""
    from warta.present.output import plural  # noqa: PLC0415
    from warta.run.local import default_analysis  # noqa: PLC0415
    from warta.run.reanalyze import reanalyze_archive, reanalyze_stored  # noqa: PLC0415

    if not stored and since is not None:
        raise UsageError("--since goes with --stored: the archive's pages are read whole")
    if stored and archive is not None:
        raise UsageError("--archive and --stored exclude each other: --stored reads the store")
    check_dates(since, None)
    settings = load_settings()
    analysis = default_analysis(settings["analysis_workers"])
    if stored:
        with open_db(must_exist=True) as store:
            done = reanalyze_stored(store, analysis, since=since, on_refused=_print_refusal)
        refused = f", {done.refused:,} refused (kept as they were)" if done.refused else ""
        typer.echo(
            f"{plural(done.analysed, 'article')} analysed again: {done.changed:,} changed{refused}"
        )
        if done.refused:
            raise typer.Exit(EXIT_REFUSED)
        return
    with open_db() as store:
        report = reanalyze_archive(store, archive or str(settings["fetch_archive"]), analysis)
    for rejected in report.ingest.rejected:
        _print_refusal(rejected)
    typer.echo(
        f"{plural(report.pages, 'page')} in {plural(report.responses, 'archived response')}: "
        f"{report.changed:,} analysed differently, {report.ingest.added:,} new, "
        f"{report.ingest.updated:,} updated"
    )
    if report.ingest.refused:
        raise typer.Exit(EXIT_REFUSED)


def _print_refusal(rejected: InputRejected) -> None:
    err.print(f"warta: refused {rejected.origin}: {rejected.reason}")


@contextmanager
def _poller() -> Iterator[Any]:
    """A poller over the store, the archive and the analysis workers, stopped cleanly by
    SIGINT or SIGTERM (which only set its stop event)."""
    from warta.run.fetch import Poller  # noqa: PLC0415
    from warta.run.local import default_analysis, learn_stored_stems  # noqa: PLC0415
    from warta.sources.archive import Archive  # noqa: PLC0415

    settings = load_settings()
    _note_contact(settings)
    stop = threading.Event()
    analysis = default_analysis(settings["analysis_workers"])
    with (
        _stopped_by_signals(stop),
        open_db() as store,
        Archive(str(settings["fetch_archive"])) as archive,
        Poller(store, settings, analysis, archive, stop, _on_item) as poller,
    ):
        # the workers fork now, after the handlers are set, and keep them: a Ctrl-C to the
        # process group leaves them analysing what was fetched (test_fetch.py, "ctrl-c");
        # they know the store's stems, learned first
        learn_stored_stems(store)
        analysis.start()
        yield poller


def _note_contact(settings: dict[str, Any]) -> None:
    if not str(settings["fetch_contact"]).strip():
        err.print(
            "warta: note: the setting fetch_contact is empty; set WARTA_FETCH_CONTACT to an "
            "e-mail address or a URL, sent in the User-Agent, so that portals can reach you"
        )


@contextmanager
def _stopped_by_signals(stop: threading.Event) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    parent = os.getpid()

    def handler(number: int, frame: FrameType | None) -> None:
        # The analysis workers fork after this is set and keep it: a Ctrl-C reaches the whole
        # process group, and a worker must go on analysing what was fetched, not die (it dies
        # with this process anyway).
        if os.getpid() != parent:
            return
        if not stop.is_set():
            err.print("warta: stopping: finishing the pages fetched, starting nothing new")
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _on_item(rejected: object) -> None:
    from warta.errors import InputRejected  # noqa: PLC0415

    if isinstance(rejected, InputRejected):
        err.print(f"warta: refused {rejected.origin}: {rejected.reason}")


def _print_report(report: FetchReport) -> None:
    from warta.present.output import plural  # noqa: PLC0415

    for failure in report.failed:
        err.print(f"warta: source failed: {failure}")
    for paused in report.paused:
        err.print(f"warta: source paused: {paused}")
    for sitemap in report.sitemaps_failed:
        err.print(f"warta: sitemap of an index failed (read again at the next poll): {sitemap}")
    for waiting in report.waiting:
        err.print(f"warta: more than a poll reads, the rest at the next poll (due now): {waiting}")
    if report.sitemaps_too_old:
        err.print(
            f"warta: {plural(report.sitemaps_too_old, 'sitemap')} of indexes passed over, older"
            " than fetch_sitemap_max_age_days"
        )
    ingest = report.ingest
    line = (
        f"{plural(report.polled, 'source')} polled ({report.not_modified:,} not modified), "
        f"{plural(report.pages, 'page')} fetched: {ingest.added:,} new, "
        f"{ingest.updated:,} updated, {ingest.unchanged:,} unchanged"
    )
    if ingest.refused:
        line += f"; {ingest.refused:,} refused (see `warta rejects`)"
    if report.failed:
        line += f"; {plural(len(report.failed), 'source')} failed"
    if report.stopped:
        line += "; stopped"
    typer.echo(line)


def _print_round(report: FetchReport) -> None:
    if report.polled or report.failed:
        _print_report(report)


def _line(source: SourceState, row: dict[str, object]) -> str:
    from warta.present.output import plural  # noqa: PLC0415

    parts = [
        f"{source.id:>4}  {source.kind:<7}  {row['state']:<7}  {source.url}",
        f"last fetch {source.last_fetch or 'never'}",
        f"last new article {source.last_new or 'never'}",
        plural(source.articles, "article"),
        f"failures {source.failures:g}",
        f"next poll {source.next_poll if not source.paused else '-'}",
    ]
    if source.outlet:
        parts.insert(1, f"outlet {source.outlet}")
    text = ", ".join(parts)
    if source.last_error:
        text += f"\n      {source.last_error}"
    return text
