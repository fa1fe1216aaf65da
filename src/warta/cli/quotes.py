"""``warta quotes``: who said what, across the stored articles."""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import TYPE_CHECKING, Annotated

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

if TYPE_CHECKING:
    from warta.records import QuoteRecord, Store


QUOTE_CSV_COLUMNS = (
    "article",
    "outlet",
    "published",
    "title",
    "speaker",
    "speaker_as_written",
    "speaker_entity",
    "kind",
    "verb",
    "text",
    "paragraph",
    "start",
    "end",
    "end_paragraph",
    "speaker_role",
    "number",
    "id",
)


@app.command("quotes")
@handle_errors
def quotes_command(
    fmt: FormatOption = "text",
    speaker: Annotated[
        str | None,
        typer.Option(help="Only this speaker: any name or alias of the entity, or a role phrase."),
    ] = None,
    story: Annotated[int | None, typer.Option(help="Only the articles of this story.")] = None,
    kind: Annotated[
        str | None, typer.Option(help="Only direct, partial or indirect quotes.")
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet's articles.")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: LimitOption = None,
    offset: OffsetOption = 0,
    after: Annotated[
        str | None,
        typer.Option(
            help="Only the quotes after this one (ARTICLE:NUMBER, the quote's id in --format"
            " json and csv): the next page, read quickly at any depth."
        ),
    ] = None,
) -> None:
    """List quotes with their speakers, newest article first: direct (in quote marks),
    partial (a few quoted words) and indirect (reported speech), each with its article,
    paragraph and offsets."""
    from warta.present.output import (  # noqa: PLC0415
        listed,
        plural,
        terminal_safe,
        write_csv,
        write_json_items,
    )
    from warta.records import QuoteQuery  # noqa: PLC0415
    from warta.timestamps import wib_day  # noqa: PLC0415

    check_output_format(fmt, ("text", "json", "jsonl", "csv"))
    query = QuoteQuery(  # refuses filters that cannot be
        speaker=speaker, kind=kind, since=since, until=until, outlet=outlet, limit=limit,
        offset=offset, after=after,
    )  # fmt: skip
    with open_db(must_exist=True) as store:
        if story is not None:
            query = replace(query, article_ids=_story_articles(store, story))
        found = store.list_quotes(query)
        total = store.count_quotes(query) if fmt == "text" else 0
    rows = [quote_dict(quote) for quote in found]
    if fmt == "text":
        for quote in found:
            where = f"{quote.outlet or '-'} {wib_day(quote.published) or '-'} {quote.article[:8]}"
            typer.echo(
                terminal_safe(
                    f"[{quote.kind}] {quote.speaker or quote.speaker_role or '(unknown)'}:"
                    f" “{quote.text.replace(chr(10), ' / ')}”  ({where}"
                    f" ¶{quote.paragraph})"
                )
            )
        if after:
            typer.echo(f"{plural(len(found), 'quote')} after {after} (of {total:,})", err=True)
        else:
            typer.echo(listed(len(found), offset, total, "quotes"), err=True)
    elif fmt == "csv":
        write_csv(rows, QUOTE_CSV_COLUMNS, sys.stdout)
    else:
        write_json_items(rows, fmt, sys.stdout)


def quote_dict(quote: QuoteRecord) -> dict[str, object]:
    """A quote as JSON and CSV give it: its fields, and ``id`` (``ARTICLE:NUMBER``), the form
    ``--after`` and the API's ``/api/quotes/{id}`` take, so a row leads back to its quote."""
    return {"id": quote.id, **quote.to_dict()}


def _story_articles(store: Store, story: int) -> list[str]:
    """The article ids of a story."""
    ids = store.story_article_ids(story)
    if not ids:
        raise UsageError(f"no story with id {story} (see `warta stories`)")
    return ids
