"""``warta summarize``: the extractive summary of each article of JSON Lines files."""

from __future__ import annotations

import bisect
import itertools
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer

from warta.cli.app import EXIT_REFUSED, app, err, handle_errors

if TYPE_CHECKING:
    from warta.corpus.summarize import SentenceRef


@app.command("summarize")
@handle_errors
def summarize_command(
    paths: Annotated[list[str], typer.Argument(help="JSON Lines files, or - for stdin.")],
    offsets: Annotated[
        bool,
        typer.Option(
            "--offsets",
            help="Add 'offsets': [start, end] of each sentence in a plain 'text', or in its"
            " paragraph of a 'body'.",
        ),
    ] = False,
) -> None:
    """Summarize each article of JSON Lines files: its few most important sentences.

    A line is IndoSum-style, {"id", "paragraphs": [[[token, ...], ...], ...]} (paragraphs of
    sentences of tokens); plain, {"id", "text", "title"} (title optional; one paragraph per
    line of the text); or a Warta article, {"id", "body": [paragraph, ...], "title"}, as
    `warta export articles -f jsonl` and `warta articles --format jsonl` write it. Prints one
    JSON line per article: {"id", "summary": [sentence, ...], "indices": [[paragraph,
    sentence], ...]}, in document order (an IndoSum sentence is its tokens joined by spaces;
    an article's paragraph is its index in "body"). A line that cannot be read is reported on
    stderr with its file and line; the others are summarized, and the exit code is then 1.
    """
    refused = 0
    for origin, record in _records(paths):
        try:
            if isinstance(record, _Refused):
                raise ValueError(record.reason)
            result = summarize_record(record, origin, with_offsets=offsets)
        except ValueError as exc:
            err.print(f"warta: refused {origin}: {exc}")
            refused += 1
            continue
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    if refused:
        raise typer.Exit(EXIT_REFUSED)


def summarize_record(record: object, origin: str, *, with_offsets: bool = False) -> dict[str, Any]:
    """The summary of one decoded JSON line, in the output contract.

    Raises:
        ValueError: the record is neither IndoSum-style nor plain (the message says why).
    """
    from warta.corpus.summarize import paragraph_tokens, summarize_text, summarize_tokens  # noqa: PLC0415

    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    identifier = record.get("id", origin)
    title = record.get("title")
    if title is not None and not isinstance(title, str):
        raise ValueError("'title' is not a string")
    if "paragraphs" in record:
        paragraphs = paragraph_tokens(record["paragraphs"])
        chosen = summarize_tokens(paragraphs, title)
        summary = [" ".join(paragraphs[p][i]) for p, i in chosen]
        result: dict[str, Any] = {"id": identifier, "summary": summary}
    elif "text" in record:
        if not isinstance(record["text"], str) or not record["text"].strip():
            raise ValueError("'text' is not a non-empty string")
        text_summary = summarize_text(record["text"], title)
        chosen = text_summary.chosen
        sentences = text_summary.sentences
        result = {"id": identifier, "summary": [s.text for s in sentences]}
        if with_offsets:
            result["offsets"] = [[s.start, s.end] for s in sentences]
    elif "body" in record:
        summary, chosen, spans = _summarize_body(record["body"], title)
        result = {"id": identifier, "summary": summary}
        if with_offsets:
            result["offsets"] = spans
    else:
        raise ValueError(
            "neither 'paragraphs' (IndoSum-style), 'text' (plain) nor 'body' (a Warta article,"
            " as `warta export articles -f jsonl` writes)"
        )
    result["indices"] = [[p, i] for p, i in chosen]
    return result


#: What :func:`warta.corpus.summarize.text_paragraphs` takes for the end of a line (and so of a
#: paragraph); one character each, so that a paragraph keeps its offsets when they are blanked.
_LINE_BREAKS = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def _summarize_body(
    body: object, title: str | None
) -> tuple[list[str], list[SentenceRef], list[list[int]]]:
    """The summary of a Warta article's ``body`` (its paragraphs): the sentences, their
    ``(paragraph, sentence)`` with ``paragraph`` an index of ``body``, and each sentence's
    ``[start, end]`` in its paragraph.

    Raises:
        ValueError: ``body`` is not a list of paragraphs with some text.
    """
    from warta.corpus.summarize import SentenceRef, summarize_text  # noqa: PLC0415

    if not (isinstance(body, list) and all(isinstance(p, str) for p in body)):
        raise ValueError("'body' is not a list of paragraphs (strings)")
    if not any(paragraph.strip() for paragraph in body):
        raise ValueError("'body' has no text")
    # one line per paragraph: a line break inside one would split it in two
    text = "\n".join(_LINE_BREAKS.sub(" ", paragraph) for paragraph in body)
    starts = list(itertools.accumulate((len(p) + 1 for p in body[:-1]), initial=0))
    found = summarize_text(text, title)
    summary, chosen, spans = [], [], []
    for (_, index), sentence in zip(found.chosen, found.sentences, strict=True):
        number = bisect.bisect_right(starts, sentence.start) - 1
        start, end = sentence.start - starts[number], sentence.end - starts[number]
        summary.append(body[number][start:end])
        chosen.append(SentenceRef(number, index))
        spans.append([start, end])
    return summary, chosen, spans


class _Refused:
    """An input or a line that cannot be read, with the reason."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


def _records(paths: list[str]) -> Iterator[tuple[str, object]]:
    """``(file:line, decoded JSON)`` for every non-blank line of the inputs, in order; a line
    that is not JSON, or a file that cannot be read, gives a :class:`_Refused` instead."""
    for path in paths:
        if path == "-":
            yield from _lines("<stdin>", sys.stdin)
            continue
        try:
            with Path(path).open(encoding="utf-8") as handle:
                yield from _lines(path, handle)
        except OSError as exc:
            yield path, _Refused(f"cannot read it: {exc.strerror or exc}")
        except UnicodeDecodeError as exc:
            yield path, _Refused(f"not UTF-8 text ({exc.reason} at byte {exc.start})")


def _lines(name: str, handle: IO[str]) -> Iterator[tuple[str, object]]:
    """The decoded lines of one input."""
    for number, line in enumerate(handle, start=1):
        if line.strip():
            try:
                yield f"{name}:{number}", json.loads(line)
            except ValueError as exc:
                yield f"{name}:{number}", _Refused(f"not a JSON line: {exc}")
