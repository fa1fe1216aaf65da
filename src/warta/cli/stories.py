"""Commands on stories: stories, story (show, merge, split), article move."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer

from warta.cli.app import (
    FormatOption,
    LimitOption,
    OffsetOption,
    ShowByDefault,
    SinceOption,
    UntilOption,
    app,
    check_output_format,
    handle_errors,
    open_db,
)
from warta.cli.articles import article_app

if TYPE_CHECKING:
    from warta.records import Store

from warta.errors import UsageError

story_app = typer.Typer(
    cls=ShowByDefault,
    help="Show one story (warta story ID), or correct the stories: merge, split.",
    no_args_is_help=True,
)
app.add_typer(story_app, name="story")

StoryArgument = Annotated[int, typer.Argument(help="Story id (see `warta stories`).")]


@app.command("stories")
@handle_errors
def stories_command(
    fmt: FormatOption = "text",
    order: Annotated[
        str,
        typer.Option(
            help="ranked (coverage and recency: originals, outlets and the latest article's"
            " date), newest (latest article first), largest (most originals) or trending"
            " (most gaining in the last 3 days before the newest article)."
        ),
    ] = "ranked",
    singles: Annotated[
        bool,
        typer.Option(
            "--singles", help="List the stories of a single article too (left out by default)."
        ),
    ] = False,
    text: Annotated[
        str | None,
        typer.Option(help="Only stories with articles matching this search (as warta search)."),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    entity: Annotated[
        str | None, typer.Option(help="Only stories mentioning this entity (any name or alias).")
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="Only stories this outlet covered.")] = None,
    limit: LimitOption = None,
    offset: OffsetOption = 0,
) -> None:
    """List stories: the articles Warta grouped because they report the same development,
    with their span, size (copies counted apart) and outlets; the most covered and recent
    first, stories of one article left out unless --singles."""
    from dataclasses import replace  # noqa: PLC0415

    from warta.present.output import write_csv, write_json_items  # noqa: PLC0415
    from warta.present.story_output import STORY_CSV_COLUMNS, story_line, story_row  # noqa: PLC0415
    from warta.records import StoryOrder, StoryQuery  # noqa: PLC0415

    check_output_format(fmt, ("text", "json", "jsonl", "csv"))
    query = StoryQuery(  # refuses filters that cannot be
        order=cast(StoryOrder, order),
        since=since,
        until=until,
        entity=entity,
        outlet=outlet,
        limit=limit,
        offset=offset,
        singles=singles,
        text=text,
    )
    with open_db(must_exist=True) as store:
        stories = store.list_stories(query)
        if fmt == "text":
            total = store.count_stories(query)
            folded = 0 if singles else store.count_stories(replace(query, singles=True)) - total
    if fmt == "text":
        for story in stories:
            typer.echo(story_line(story))
        typer.echo(_listed(len(stories), offset, total, folded))
    elif fmt == "csv":
        rows = [{**story_row(s), "outlets": ";".join(s.outlets)} for s in stories]
        write_csv(rows, STORY_CSV_COLUMNS, sys.stdout)
    else:
        write_json_items((story_row(s) for s in stories), fmt, sys.stdout)


def _listed(shown: int, offset: int, total: int, folded: int) -> str:
    """The line under a list of stories: which of how many, and the single-article stories
    left out."""
    from warta.present.output import listed, plural  # noqa: PLC0415

    line = listed(shown, offset, total, "stories")
    if folded:
        line += f"; {plural(folded, 'story', 'stories')} of one article not shown (--singles)"
    return line


@story_app.command("show")
@handle_errors
def story_command(
    story_id: StoryArgument,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="text, json, md (a report) or html (a page).")
    ] = "text",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file, not stdout.")
    ] = None,
) -> None:
    """Show one story: its summary (each sentence citing its articles), timeline, events, key
    quotes by speaker, entities, outlets (with copies) and articles."""
    from warta.present.story_output import load_story_view, story_dict  # noqa: PLC0415
    from warta.present.story_report import story_html, story_markdown, story_text  # noqa: PLC0415

    check_output_format(fmt, ("text", "json", "md", "html"))
    with open_db(must_exist=True) as store:
        view = load_story_view(store, story_id)
    if view is None:
        raise UsageError(f"no story with id {story_id} (see `warta stories`)")
    if fmt == "json":
        rendered = json.dumps(story_dict(view), ensure_ascii=False, indent=1) + "\n"
    elif fmt == "md":
        rendered = story_markdown(view)
    elif fmt == "html":
        rendered = story_html(view)
    else:
        rendered = story_text(view)
    if output is None:
        typer.echo(rendered, nl=False)
    else:
        try:
            output.write_text(rendered, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from exc
        typer.echo(f"story {view.story.id} written to {output}", err=True)


@story_app.command("merge")
@handle_errors
def story_merge_command(
    into: StoryArgument,
    other: Annotated[int, typer.Argument(help="The story to merge into the first.")],
) -> None:
    """Merge the second story into the first. Later ingests keep them one."""
    from warta.corpus.corrections import merge_stories  # noqa: PLC0415

    with open_db(must_exist=True) as store:
        story = merge_stories(store, into, other)
    typer.echo(f"story {other} merged into story {story}")


@story_app.command("split")
@handle_errors
def story_split_command(
    story_id: StoryArgument,
    articles: Annotated[
        list[str], typer.Argument(help="Ids (or unique prefixes) of the articles to split off.")
    ],
) -> None:
    """Split articles off a story into a new story. Later ingests never join the two again."""
    from warta.corpus.corrections import split_story  # noqa: PLC0415
    from warta.present.output import plural  # noqa: PLC0415

    with open_db(must_exist=True) as store:
        new = split_story(store, story_id, [_article_id(store, a) for a in articles])
    typer.echo(f"{plural(len(articles), 'article')} split off story {story_id} into story {new}")


@article_app.command("move")
@handle_errors
def article_move_command(
    article: Annotated[str, typer.Argument(help="Article id (or a unique prefix of it).")],
    story_id: StoryArgument,
) -> None:
    """Move an article to another story. Later ingests leave it there."""
    from warta.corpus.corrections import move_article  # noqa: PLC0415

    with open_db(must_exist=True) as store:
        full_id = _article_id(store, article)
        story = move_article(store, full_id, story_id)
    typer.echo(f"article {full_id} moved to story {story}")


def _article_id(store: Store, article: str) -> str:
    found = store.get_article(article)
    if found is None:
        raise UsageError(f"no article with id {article!r} (see `warta articles`)")
    return found.id
