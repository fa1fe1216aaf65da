"""``warta search``: full-text search over the stored articles."""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import TYPE_CHECKING, Annotated

import typer

from warta.cli.app import (
    FormatOption,
    OffsetOption,
    SinceOption,
    UntilOption,
    app,
    check_output_format,
    handle_errors,
    open_db,
)
from warta.errors import UsageError

if TYPE_CHECKING:
    from warta.records import SearchHit, SearchResult


SEARCH_CSV_COLUMNS = (
    "id", "title", "outlet", "published", "url", "story", "score", "snippet",
)  # fmt: skip
#: Hits a search prints unless --limit says otherwise: a screenful.
DEFAULT_HITS = 20


@app.command("search")
@handle_errors
def search_command(
    query: Annotated[
        str,
        typer.Argument(
            help='Words (stemmed: "pembicaraan" finds "bicara"), "a phrase", a OR b, -excluded.'
        ),
    ],
    fmt: FormatOption = "text",
    since: SinceOption = None,
    until: UntilOption = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet's articles.")] = None,
    entity: Annotated[
        str | None, typer.Option(help="Only articles mentioning this entity (any name or alias).")
    ] = None,
    speaker: Annotated[
        str | None, typer.Option(help="Only articles quoting this speaker (any name or alias).")
    ] = None,
    story: Annotated[int | None, typer.Option(help="Only the articles of this story.")] = None,
    facets: Annotated[
        bool, typer.Option("--facets", help="Also print counts by outlet, month, story, ...")
    ] = False,
    limit: Annotated[int, typer.Option(help="At most this many hits.")] = DEFAULT_HITS,
    offset: OffsetOption = 0,
    since_last: Annotated[
        str | None,
        typer.Option(
            "--since-last",
            metavar="NAME",
            help="A saved search: only the matches stored (new, or changed) since the last run"
            " with this NAME; the first run prints them all. The mark is kept in the database"
            " and moves on after the matches are printed.",
        ),
    ] = None,
) -> None:
    """Search the stored articles, best match first (BM25, headline words weigh more), with
    the matched words highlighted in a snippet of each.

    With --since-last NAME, a saved search: each run prints only what was stored since the
    previous run of NAME (e.g. `warta search banjir --since-last banjir` from cron)."""
    from warta.present.output import plural  # noqa: PLC0415
    from warta.records import SearchQuery  # noqa: PLC0415

    check_output_format(fmt, ("text", "json", "jsonl", "csv"))
    search = SearchQuery(query, since, until, outlet, entity, speaker, story, limit, offset, facets)
    if since_last is not None:
        since_last = check_mark_name(since_last)
        if offset:
            raise UsageError("--since-last prints what is new from the start: leave out --offset")
    with open_db(must_exist=True) as store:
        if since_last is None:
            _print_result(store.search(search), fmt, offset, facets)
            return
        mark = store.store_mark()  # taken before the search: nothing stored meanwhile is missed
        previous = store.search_mark(since_last)
        if previous is not None and previous[1] != query:
            # the name followed another query: none of this one's matches was printed under it
            typer.echo(
                f"(--since-last {since_last} followed {previous[1]!r}; it follows {query!r}"
                " from now on, from its first match)",
                err=True,
            )
        elif previous is not None:
            search = replace(search, stored_after=previous[0])
        result = store.search(search)
        _print_result(result, fmt, offset, facets, new_only=previous is not None)
        if result.total > len(result.hits):
            typer.echo(
                f"({plural(result.total - len(result.hits), 'more new match', 'more new matches')}"
                " not printed, and not new"
                " next time: raise --limit to print them all)",
                err=True,
            )
        store.save_search_mark(since_last, query, mark)


def _print_result(
    result: SearchResult, fmt: str, offset: int, facets: bool, new_only: bool = False
) -> None:
    """``new_only``: the matches stored since a saved search's last run (--since-last)."""
    from warta.present.output import write_csv, write_json_items  # noqa: PLC0415

    if fmt == "text":
        _print_text(result, offset, facets, new_only)
    elif fmt == "csv":
        rows = [{k: v for k, v in hit.to_dict().items() if k in SEARCH_CSV_COLUMNS}
                for hit in result.hits]  # fmt: skip
        write_csv(rows, SEARCH_CSV_COLUMNS, sys.stdout)
    else:
        write_json_items((hit.to_dict() for hit in result.hits), fmt, sys.stdout)


#: Longest name of a saved search: a word or a few, as a person names one.
MAX_MARK_NAME_CHARS = 100


def check_mark_name(name: str) -> str:
    """A saved search's name, stripped.

    Raises:
        UsageError: an empty name, one too long, or one with control characters.
    """
    name = name.strip()
    if not name:
        raise UsageError("--since-last needs a name for the saved search, e.g. --since-last banjir")
    if len(name) > MAX_MARK_NAME_CHARS:
        raise UsageError(
            f"--since-last name is too long ({len(name)} characters; at most {MAX_MARK_NAME_CHARS})"
        )
    if not name.isprintable():
        raise UsageError("--since-last name must be printable text (no control characters)")
    return name


def marked(text: str, spans: list[tuple[int, int]], left: str = "[", right: str = "]") -> str:
    """Text with each span wrapped in markers (spans in order, not overlapping)."""
    pieces, last = [], 0
    for start, end in spans:
        pieces += [text[last:start], left, text[start:end], right]
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def _hit_lines(number: int, hit: SearchHit) -> list[str]:
    from warta.present.output import terminal_safe  # noqa: PLC0415
    from warta.timestamps import wib_day  # noqa: PLC0415

    date = wib_day(hit.published) or "-"
    head = "\t".join(
        (f"{number}.", hit.id, date, hit.outlet or "-", marked(hit.title or "(untitled)",
         hit.title_highlights))
    )  # fmt: skip
    return [terminal_safe(head), "   " + terminal_safe(marked(hit.snippet, hit.highlights))]


def _print_text(result: SearchResult, offset: int, facets: bool, new_only: bool = False) -> None:
    from warta.present.output import plural, terminal_safe  # noqa: PLC0415

    if not result.hits:
        empty = "no new articles" if new_only else "no articles found"
        typer.echo(empty if result.total == 0 else "no more articles")
    for number, hit in enumerate(result.hits, start=offset + 1):
        for line in _hit_lines(number, hit):
            typer.echo(line)
    shown = f"{offset + 1}-{offset + len(result.hits)}" if result.hits else "none"
    verb = "matches" if result.total == 1 else "match"
    matched = f"{plural(result.total, 'new article' if new_only else 'article')} {verb}"
    typer.echo(f"({matched}; showing {shown})", err=True)
    if result.ranked < result.total:
        typer.echo(f"(ranked among the {result.ranked:,} stored last)", err=True)
    if facets:
        for name, counts in result.facets.items():
            values = ", ".join(
                f"{terminal_safe(count.label or count.value)} ({count.count})" for count in counts
            )
            typer.echo(f"{name}: {values or '-'}")
