"""``warta export``: articles, quotes, entities, timelines, mentions, the entity network or
attention over time, as CSV or JSON Lines (the network also GEXF and GraphML), with provenance
columns (docs/export.md)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, TextIO

import typer

from warta.cli.app import (
    LimitOption,
    OffsetOption,
    SinceOption,
    UntilOption,
    app,
    check_dates,
    check_page,
    handle_errors,
    open_db,
)
from warta.errors import UsageError
from warta.present import EXPORT_KINDS

#: Rows between two progress lines on a terminal: often enough to see an export move, rarely
#: enough not to slow it (a line costs about as much as a few rows).
PROGRESS_EVERY = 1000


@app.command("export")
@handle_errors
def export_command(
    context: typer.Context,
    kind: Annotated[
        str,
        typer.Argument(help=f"What to export: {', '.join(EXPORT_KINDS)}, network or attention."),
    ],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="csv or jsonl (one JSON object per line).")
    ] = "csv",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file, not stdout (-: stdout)."),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet's articles.")] = None,
    entity: Annotated[
        str | None,
        typer.Option(
            help="Only articles (or stories) mentioning this entity; for entities, only it. "
            "A canonical name or any alias."
        ),
    ] = None,
    speaker: Annotated[
        str | None, typer.Option(help="Quotes: only this speaker (name, alias or role).")
    ] = None,
    story: Annotated[
        int | None,
        typer.Option(help="Only this story's articles, quotes, entities or timeline."),
    ] = None,
    entity_type: Annotated[
        str | None, typer.Option("--type", help="Entities: only PERSON, ORG, LOC, ...")
    ] = None,
    limit: LimitOption = None,
    offset: OffsetOption = 0,
    nodes: Annotated[
        int, typer.Option(help="network: the entities it holds (the most mentioned).")
    ] = 200,
    min_articles: Annotated[
        int, typer.Option(help="network: join two entities mentioned together this often.")
    ] = 1,
    follow: Annotated[
        list[str] | None,
        typer.Option(
            help="attention: what to follow, search:TEXT, entity:NAME or story:ID; repeat to"
            " compare (--entity and --story follow one too)."
        ),
    ] = None,
    interval: Annotated[str, typer.Option(help="attention: count by day, week or month.")] = "day",
) -> None:
    """Export articles, quotes, entities, timelines, mentions, network or attention.

    CSV or JSON Lines (network also GEXF, GraphML), every row with its provenance (article id,
    URL, outlet, story, paragraph and character offsets, input file). Timelines: --limit and
    --offset count stories (default: the newest 100).

    `warta export network -f gexf|graphml|csv|jsonl`: who appears with whom, entities joined
    when mentioned in the same articles (weight: how many), for Gephi, NetworkX, R; --entity
    gives one entity's network, the other filters choose the articles.

    `warta export attention --follow search:banjir --follow entity:Jokowi --interval week`:
    articles per period of each, overall (outlet empty) and per outlet, as a long table.

    An option the kind does not take is an error (--nodes is the network's)."""
    from warta.present.export import check_options  # noqa: PLC0415

    check_options(kind, _given_options(context), option_prefix="--")
    if kind == "attention":
        _export_attention(fmt, output, follow or [], entity, story, interval, since, until,
                          outlet)  # fmt: skip
        return
    if kind == "network":
        _export_network(fmt, output, since, until, outlet, entity, story, entity_type, nodes,
                        min_articles)  # fmt: skip
        return
    from warta.present.export import (  # noqa: PLC0415
        TIMELINE_STORIES,
        ExportQuery,
        check_export,
        more_timelines,
        write_export,
    )
    from warta.present.output import plural  # noqa: PLC0415

    check_dates(since, until)
    check_page(limit, offset)
    query = ExportQuery(
        since=since, until=until, outlet=outlet, entity=entity, speaker=speaker, story=story,
        type=entity_type, limit=limit, offset=offset,
    )  # fmt: skip
    check_export(kind, fmt, query, option_prefix="--")
    to_stdout = output is None or str(output) == "-"
    with open_db(must_exist=True) as store:
        where = "standard output" if to_stdout else str(output)
        with _destination(None if to_stdout else output) as out:
            count = write_export(store, kind, fmt, query, out, on_row=_progress())
        if count >= PROGRESS_EVERY and sys.stderr.isatty():
            sys.stderr.write("\r\x1b[K")  # clear the progress line
        truncated = kind == "timelines" and more_timelines(store, query)
    note = (
        f" (timelines of the newest {TIMELINE_STORIES} stories; give --limit for more)"
        if truncated
        else ""
    )
    typer.echo(f"{plural(count, 'row')} written to {where}{note}", err=True)


#: The command's parameters that are not options of a kind, and the names :data:`FILTERS`
#: (present/export.py) gives the others where they differ.
_NOT_OPTIONS = frozenset({"kind", "fmt", "output"})
_OPTION_NAMES = {"entity_type": "type"}


def _given_options(context: typer.Context) -> list[str]:
    """The options given on the command line, by their names in present/export.py ``FILTERS``:
    by where their value came from, not by the value, since ``--nodes 200`` on an articles
    export is as wrong as ``--nodes 5`` (typer keeps click's ``ParameterSource`` private, so
    the source is read by name)."""
    given = []
    for name in context.params:
        source = context.get_parameter_source(name)
        if name not in _NOT_OPTIONS and source is not None and source.name != "DEFAULT":
            given.append(_OPTION_NAMES.get(name, name))
    return given


def _export_attention(
    fmt: str,
    output: Path | None,
    follow: list[str],
    entity: str | None,
    story: int | None,
    interval: str,
    since: str | None,
    until: str | None,
    outlet: str | None,
) -> None:
    from warta.present.attention import attention  # noqa: PLC0415
    from warta.present.export import EXPORT_FORMATS, export_lines  # noqa: PLC0415
    from warta.present.output import plural  # noqa: PLC0415

    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"--format: attention is csv or jsonl, not {fmt!r}")
    followed: list[tuple[str, str]] = []
    for given in follow:
        kind, colon, key = given.partition(":")
        if not colon or kind not in ("search", "entity", "story") or not key.strip():
            raise UsageError(f"--follow {given!r}: give search:TEXT, entity:NAME or story:ID")
        followed.append((kind, key.strip()))
    if entity is not None:
        followed.append(("entity", entity))
    if story is not None:
        followed.append(("story", str(story)))
    check_dates(since, until)
    with open_db(must_exist=True) as store:
        found = attention(store, followed, interval, since, until, outlet)
    rows = found.rows()
    to_stdout = output is None or str(output) == "-"
    with _destination(None if to_stdout else output) as out:
        out.writelines(export_lines(rows, "attention", fmt))
    where = "standard output" if to_stdout else str(output)
    typer.echo(f"{plural(len(rows), 'row')} written to {where}", err=True)


def _export_network(
    fmt: str,
    output: Path | None,
    since: str | None,
    until: str | None,
    outlet: str | None,
    entity: str | None,
    story: int | None,
    entity_type: str | None,
    nodes: int,
    least: int,
) -> None:
    from warta.present.network import (  # noqa: PLC0415
        NETWORK_FORMATS,
        entity_network,
        network_query,
        network_text,
    )
    from warta.present.output import plural  # noqa: PLC0415

    if fmt not in NETWORK_FORMATS:
        raise UsageError(f"--format: a network is {', '.join(NETWORK_FORMATS)}, not {fmt!r}")
    check_dates(since, until)
    with open_db(must_exist=True) as store:
        query = network_query(store, since, until, outlet, story, entity_type)
        network = entity_network(store, query, nodes, least, entity)
    to_stdout = output is None or str(output) == "-"
    with _destination(None if to_stdout else output) as out:
        out.write(network_text(network, fmt))
    where = "standard output" if to_stdout else str(output)
    typer.echo(
        f"{plural(len(network.nodes), 'entity', 'entities')} and"
        f" {plural(len(network.edges), 'pair')} written to {where}",
        err=True,
    )


@contextlib.contextmanager
def _destination(path: Path | None) -> Iterator[TextIO]:
    """Standard output, or a file written beside its final name and moved there once whole,
    so a failed export never leaves a truncated file that looks complete."""
    if path is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    direct = path.exists() and not path.is_file()  # /dev/stdout, a named pipe
    target = path if direct else path.with_name(path.name + ".partial")
    try:
        handle = target.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with handle:
            yield handle
    except BaseException:
        if not direct:
            target.unlink(missing_ok=True)
        raise
    if not direct:
        target.replace(path)


def _progress() -> Callable[[int], None] | None:
    """A row count on stderr while a long export runs, when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None

    def tick(count: int) -> None:
        if count % PROGRESS_EVERY == 0:
            sys.stderr.write(f"\r{count:,} rows...")
            sys.stderr.flush()

    return tick
