"""``warta eval``: Warta's quality against reference data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from warta.cli.app import (
    EXIT_REFUSED,
    app,
    check_output_format,
    err,
    handle_errors,
    open_db,
)
from warta.cli.entities import SchemeOption, scheme_tagger, token_lines
from warta.errors import UsageError

eval_app = typer.Typer(help="Measure Warta's quality against reference data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

GoldOption = Annotated[Path, typer.Option(help="Gold annotations (see docs/eval.md).")]
InputsOption = Annotated[
    Path | None,
    typer.Option(help="Folder of the input files [default: ../samples beside the gold]."),
]
ReportFormatOption = Annotated[str, typer.Option("--format", "-f", help="text or json.")]


@eval_app.command("clean")
@handle_errors
def eval_clean_command(
    gold: GoldOption,
    inputs: InputsOption = None,
    fmt: ReportFormatOption = "text",
) -> None:
    """Body precision, recall and F1 per paragraph, and exact-match rates of the metadata
    (title, published, dateline, author, outlet, cited_sources, ...) against gold."""
    from warta.eval.clean import evaluate_clean, format_scores  # noqa: PLC0415

    check_output_format(fmt, ("text", "json"))
    scores = evaluate_clean(gold, inputs)
    _report(fmt, scores.to_dict(), format_scores(scores))


@eval_app.command("entities")
@handle_errors
def eval_entities_command(
    gold: Annotated[
        Path,
        typer.Option(help="Gold entities: names, type, aliases, apart pairs (docs/eval.md)."),
    ],
    inputs: Annotated[
        list[Path] | None,
        typer.Option(
            help="Ingest these files or folders into a temporary database and score it"
            " [default: score the database of --db]."
        ),
    ] = None,
    fmt: ReportFormatOption = "text",
) -> None:
    """Corpus-level scoring of canonical entities: the share of gold entities stored right
    (one entity, right name and type, all its aliases) and the apart pairs merged."""
    import tempfile  # noqa: PLC0415

    from warta.eval.entities import format_scores, score_entities  # noqa: PLC0415
    from warta.run.local import ingest  # noqa: PLC0415

    check_output_format(fmt, ("text", "json"))
    if inputs:
        with (
            tempfile.TemporaryDirectory(prefix="warta-eval-") as directory,
            open_db(str(Path(directory) / "eval.db")) as store,
        ):
            ingest([str(path) for path in inputs], store)
            scores = score_entities(store, gold)
    else:
        with open_db(must_exist=True) as store:
            scores = score_entities(store, gold)
    _report(fmt, scores.to_dict(), format_scores(scores))


@eval_app.command("ner")
@handle_errors
def eval_ner_command(
    path: Annotated[Path, typer.Argument(help="Gold token-per-line file: token first, tag last.")],
    scheme: SchemeOption,
    fmt: ReportFormatOption = "text",
) -> None:
    """Tag a gold file's tokens and print entity-level precision, recall and F1 (conlleval
    semantics: type and both boundaries must be right)."""
    from warta.eval.ner import format_scores, score  # noqa: PLC0415
    from warta.lang.id.ner.conll import read_conll  # noqa: PLC0415

    check_output_format(fmt, ("text", "json"))
    ner = scheme_tagger(scheme)
    with token_lines(path) as lines:
        try:
            sentences = list(read_conll(lines))
        except UnicodeDecodeError:
            raise  # token_lines says which file is not UTF-8
        except ValueError as error:
            raise UsageError(f"{path}: {error}") from error
    scores = score((s.tags or (), ner.tag(s.tokens)) for s in sentences)
    _report(fmt, scores.to_dict(), format_scores(scores))


@eval_app.command("quotes")
@handle_errors
def eval_quotes_command(
    gold: GoldOption,
    inputs: InputsOption = None,
    fmt: ReportFormatOption = "text",
) -> None:
    """Precision, recall and speaker accuracy of quotes, by kind (direct, partial, indirect),
    after ingesting the gold file's inputs into a temporary database."""
    from warta.eval.quotes import evaluate_quotes, format_scores  # noqa: PLC0415

    check_output_format(fmt, ("text", "json"))
    scores = evaluate_quotes(gold, inputs)
    _report(fmt, scores.to_dict(), format_scores(scores))


@eval_app.command("dates")
@handle_errors
def eval_dates_command(
    gold: GoldOption,
    inputs: InputsOption = None,
    fmt: ReportFormatOption = "text",
) -> None:
    """Precision, recall and value accuracy of dated mentions, after ingesting the gold file's
    inputs into a temporary database (undated articles are dated by their neighbours there)."""
    from warta.eval.dates import format_dates, score_dates  # noqa: PLC0415
    from warta.eval.gold import ingested_gold  # noqa: PLC0415

    check_output_format(fmt, ("text", "json"))
    with ingested_gold(gold, inputs) as corpus:
        pairs = []
        for name, expected in sorted(corpus.gold.items()):
            article = corpus.store.get_article(corpus.article_ids[name])
            if article is None:
                raise UsageError(f"gold input {name} was not stored")
            pairs.append((list(expected.get("dates", [])), article.dates, article))
        scores = score_dates(pairs)
    _report(fmt, scores.to_dict(), format_dates(scores))


@eval_app.command("stories")
@handle_errors
def eval_stories_command(
    gold: Annotated[
        Path, typer.Option(help="Gold stories: lists of article ids (see docs/eval.md).")
    ],
    inputs: Annotated[
        Path | None,
        typer.Option(help="The input files or folder [default: ../samples beside the gold]."),
    ] = None,
    fmt: ReportFormatOption = "text",
) -> None:
    """B-cubed precision, recall and F1 of Warta's stories (and events, when the gold has
    them), after ingesting the inputs into a temporary database."""
    from warta.eval.stories import evaluate_stories, format_scores  # noqa: PLC0415

    check_output_format(fmt, ("text", "json"))
    scores = evaluate_stories(gold, inputs)
    _report(fmt, scores.to_dict(), format_scores(scores))


@eval_app.command("timeline")
@handle_errors
def eval_timeline_command(
    gold: Annotated[Path, typer.Option(help="Gold stories with a 'timeline' (see docs/eval.md).")],
    inputs: Annotated[
        Path | None,
        typer.Option(help="The input files or folder [default: ../samples beside the gold]."),
    ] = None,
    fmt: ReportFormatOption = "text",
) -> None:
    """Precision, recall and F1 of the timeline's dates, planned entries and cited articles,
    after ingesting the inputs into a temporary database."""
    from warta.eval.timeline import evaluate_timeline, format_scores  # noqa: PLC0415

    check_output_format(fmt, ("text", "json"))
    scores = evaluate_timeline(gold, inputs)
    _report(fmt, scores.to_dict(), format_scores(scores))


@eval_app.command("summarize")
@handle_errors
def eval_summarize_command(
    gold: Annotated[
        Path,
        typer.Option(help="IndoSum-style JSONL: id, paragraphs, and summary or gold_labels."),
    ],
    fmt: ReportFormatOption = "text",
) -> None:
    """ROUGE-1, ROUGE-2 and ROUGE-L F1 of Warta's single-article summaries and of LEAD-3, side
    by side, with the same scorer (docs/summarize.md). Lines that cannot be read are reported
    and left out (exit code 1)."""
    from warta.eval.summarize import evaluate_summaries, format_scores  # noqa: PLC0415

    check_output_format(fmt, ("text", "json"))
    scores = evaluate_summaries(gold)
    for message in scores.bad_lines:
        err.print(f"warta: refused {message}")
    _report(fmt, scores.to_dict(), format_scores(scores))
    if scores.bad_lines:
        raise typer.Exit(EXIT_REFUSED)


def _report(fmt: str, data: dict[str, Any], text: str) -> None:
    """Print a report as indented JSON or as its text form."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=1) if fmt == "json" else text)
