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
    # provenance, as `warta export quotes` gives it: added last, so that the columns before
    # keep their places
    "url",
    "story",
    "warta_version",
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
    paragraph and offsets; csv and jsonl add each article's url and story and the Warta
    version, as `warta export quotes` does."""
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
        if fmt in ("csv", "jsonl"):  # exports: each row says where it came from
            rows = _with_provenance(store, found, rows)
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


def _with_provenance(
    store: Store, quotes: list[QuoteRecord], rows: list[dict[str, object]]
) -> list[dict[str, object]]:
    """The rows with their article's ``url`` and ``story`` and the ``warta_version`` that
    analysed it, the provenance `warta export quotes` gives (:func:`warta.present.export.
    quote_row`). Articles are read a page at a time, as the export reads them: a stored article
    is tens of KB, and only its URL is kept."""
    from warta.present.export import EXPORT_PAGE, quote_row  # noqa: PLC0415

    article_ids = list(dict.fromkeys(quote.article for quote in quotes))
    urls: dict[str, str | None] = {}
    for start in range(0, len(article_ids), EXPORT_PAGE):
        page = store.get_articles(article_ids[start : start + EXPORT_PAGE])
        urls.update((article_id, article.url) for article_id, article in page.items())
    placements = store.placements(article_ids)
    provenance = ("url", "story", "warta_version")
    with_provenance = []
    for quote, row in zip(quotes, rows, strict=True):
        exported = quote_row(quote, urls.get(quote.article), placements.get(quote.article))
        with_provenance.append({**row, **{key: exported[key] for key in provenance}})
    return with_provenance


def _story_articles(store: Store, story: int) -> list[str]:
    """The article ids of a story."""
    ids = store.story_article_ids(story)
    if not ids:
        raise UsageError(f"no story with id {story} (see `warta stories`)")
    return ids
