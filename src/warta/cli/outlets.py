"""``warta outlets``: who publishes how much, in which stories, copying whom, relaying which
wires."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from warta.cli.app import (
    FormatOption,
    LimitOption,
    OffsetOption,
    SinceOption,
    UntilOption,
    app,
    check_output_format,
    handle_errors,
    open_db,
)
from warta.errors import UsageError

OUTLET_COLUMNS = ("outlet", "articles", "stories", "first_published", "last_published")

#: Stories an outlet's detail lists when --limit does not say: its top ten, like the page.
OUTLET_STORIES = 10

#: Width in characters of the longest bar of an outlet's articles per month: with the month and
#: the count before it, a line fits 80 columns.
BAR_WIDTH = 60


@app.command("outlets")
@handle_errors
def outlets_command(
    outlet: Annotated[
        str | None,
        typer.Argument(help="One outlet: its articles per month, stories and wires relayed."),
    ] = None,
    fmt: FormatOption = "text",
    since: SinceOption = None,
    until: UntilOption = None,
    limit: LimitOption = None,
    offset: OffsetOption = 0,
) -> None:
    """List the outlets, most articles first: articles, stories, first and last publication.
    With an outlet's name: its articles per month (months without any shown as 0), how many
    copy another article, its top stories (10 by default; --limit and --offset page them) and
    the sources its articles cite most (wires and outlets)."""
    from warta.present.output import plural, terminal_safe, write_csv, write_json_items  # noqa: PLC0415
    from warta.present.story_output import story_line, story_row  # noqa: PLC0415
    from warta.records import StoryQuery  # noqa: PLC0415
    from warta.timestamps import wib_day  # noqa: PLC0415

    check_output_format(fmt, ("text", "json", "jsonl", "csv"))
    with open_db(must_exist=True) as store:
        if outlet is not None:
            days = store.outlet_days(outlet)
            story_query = StoryQuery(
                order="ranked",
                outlet=outlet,
                limit=OUTLET_STORIES if limit is None else limit,
                offset=offset,
            )
            stories = store.list_stories(story_query)
            stories_total = store.count_stories(story_query)
            if not days and not stories_total:
                raise UsageError(f"no article is from {outlet!r} (see `warta outlets`)")
            wires = store.outlet_wires(outlet).most_common(10)
            copies = store.outlet_copies(outlet)
        else:
            total, outlets = store.list_outlets(since, until, limit, offset)
    if outlet is not None:
        # a month without articles is a gap worth seeing, not a line to leave out
        months = dict.fromkeys(every_month(days[0][0], days[-1][0]) if days else [], 0)
        for day, count in days:
            months[day[:7]] += count
        detail = {
            "outlet": outlet,
            "copies": copies,
            "months": [{"month": m, "articles": n} for m, n in months.items()],
            "stories": [story_row(s) for s in stories],
            "stories_total": stories_total,
            "wires": [{"wire": w, "articles": n} for w, n in wires],
        }
        if fmt == "text":
            dated = plural(sum(months.values()), "dated article")
            typer.echo(terminal_safe(f"{outlet}: {dated}, {plural(copies, 'copy', 'copies')}"))
            largest = max(months.values(), default=0)
            for month, count in months.items():
                typer.echo(f"  {month}  {count:>6}  {bar(count, largest)}".rstrip())
            # the wires and the outlets its articles say they relay or quote (docs/wires.md)
            cited = ", ".join(f"{w} ({n})" for w, n in wires) or "-"
            typer.echo(terminal_safe(f"most cited sources (wires, outlets): {cited}"))
            first = offset + 1 if stories else 0
            typer.echo(f"stories {first}-{offset + len(stories)} of {stories_total:,}:")
            for story in stories:
                typer.echo(story_line(story))
        else:
            write_json_items([detail], "jsonl" if fmt == "csv" else fmt, sys.stdout)
        return
    rows = [o.to_dict() for o in outlets]
    if fmt == "text":
        for o in outlets:
            span = (
                f"{wib_day(o.first_published)}..{wib_day(o.last_published)}"
                if o.first_published and o.last_published
                else "undated"
            )
            typer.echo(
                terminal_safe(
                    f"{o.outlet}\t{plural(o.articles, 'article')}\t"
                    f"{plural(o.stories, 'story', 'stories')}\t{span}"
                )
            )
        typer.echo(f"outlets {offset + 1 if outlets else 0}-{offset + len(outlets)} of {total:,}")
    elif fmt == "csv":
        write_csv(rows, OUTLET_COLUMNS, sys.stdout)
    else:
        write_json_items(rows, fmt, sys.stdout)


def every_month(first_day: str, last_day: str) -> list[str]:
    """The months (``YYYY-MM``) from ``first_day``'s to ``last_day``'s (``YYYY-MM-DD``), both
    included, in order."""
    year, month = int(first_day[:4]), int(first_day[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last_day[:7]:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def bar(count: int, largest: int, width: int = BAR_WIDTH) -> str:
    """A bar of '#' for ``count``, scaled so that ``largest`` fills ``width``: bars compare
    like their counts, and a count above zero shows at least one '#'."""
    if count <= 0 or largest <= 0:
        return ""
    return "#" * max(1, round(count * width / largest))
