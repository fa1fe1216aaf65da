"""Rendering articles and refusals for people and programs: text, JSON, JSONL, CSV."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from typing import Any, TextIO

from warta.model import Article
from warta.records import Reject

#: Output formats of list commands.
LIST_FORMATS = ("text", "json", "jsonl", "csv")

ARTICLE_CSV_COLUMNS = (
    "id", "url", "outlet", "title", "published", "published_not_before", "dateline", "author",
    "paragraphs", "body", "origin", "format", "encoding",
)  # fmt: skip
REJECT_COLUMNS = ("origin", "reason", "kind", "first_seen", "last_seen", "times")


def write_json_items(items: Iterable[dict[str, Any]], fmt: str, out: TextIO) -> int:
    """Write dictionaries as one JSON array (``json``) or one object per line (``jsonl``).

    The array is streamed, so exporting a large store does not hold it in memory.
    """
    count = 0
    if fmt == "jsonl":
        for item in items:
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
            count += 1
        return count
    out.write("[")
    for item in items:
        out.write(("\n" if count == 0 else ",\n") + json.dumps(item, ensure_ascii=False, indent=1))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def article_csv_row(article: Article) -> dict[str, Any]:
    """One CSV row of an article, with its provenance (origin, format, encoding)."""
    return {
        "id": article.id,
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "published": article.published,
        "published_not_before": article.published_not_before,
        "dateline": article.dateline,
        "author": article.author,
        "paragraphs": len(article.body),
        "body": "\n\n".join(article.body),
        "origin": article.source.get("origin"),
        "format": article.source.get("format"),
        "encoding": article.source.get("encoding"),
    }


#: First characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection":
#: = + - @, and tab / carriage return, which some spreadsheets skip before a formula). Such a
#: cell is written with a leading apostrophe, which spreadsheets show as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A CSV cell that no spreadsheet runs as a formula: text starting like one gets a leading
    apostrophe ("=HYPERLINK(...)" is shown, not run); other values are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], out: TextIO) -> int:
    """Write rows as CSV with a header line, every cell :func:`spreadsheet_safe`."""
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
        count += 1
    return count


def plural(count: int, one: str, many: str | None = None) -> str:
    """``count`` and the noun it counts, in English: "1 article", "2,046 articles", "3
    stories" (``many`` when adding "s" does not make the plural)."""
    return f"{count:,} {one if count == 1 else many or one + 's'}"


def listed(shown: int, offset: int, total: int, many: str) -> str:
    """The line under a list: which of how many ("articles 1-20 of 2,146"), or that the page
    is past the end."""
    if shown:
        return f"{many} {offset + 1:,}-{offset + shown:,} of {total:,}"
    return f"no {many}{f' past {offset:,}' if offset and total else ''} (of {total:,})"


def terminal_safe(text: str) -> str:
    """Text with control characters shown as U+FFFD, so scraped text cannot drive a terminal
    (colour codes, cursor moves, a fake prompt) or break the one-line-per-article layout."""
    return _CONTROLS.sub("\ufffd", text)


_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def article_line(article: Article) -> str:
    """One tab-separated line per article: id, publication time, outlet, title."""
    published = article.published or (
        f">={article.published_not_before}" if article.published_not_before else "-"
    )
    fields = (article.id, published, article.outlet or "-", article.title or "(untitled)")
    return "\t".join(terminal_safe(field).replace("\t", " ") for field in fields)


def article_text(article: Article) -> str:
    """A whole article for reading in a terminal: its metadata, its paragraphs, then what it
    quotes and the dates it mentions, each with its paragraph."""
    lines = [article.title or "(untitled)", ""]
    for label, value in (
        ("id", article.id),
        ("url", article.url),
        ("outlet", article.outlet),
        ("published", article.published),
        ("not before", article.published_not_before),
        ("dateline", article.dateline),
        ("author", article.author),
        ("source", article.source.get("origin")),
    ):
        if value:
            lines.append(f"{label + ':':<11}{value}")
    lines.append("")
    lines.extend(paragraph + "\n" for paragraph in article.body)
    if article.quotes:
        lines.append("quotes:")
        lines.extend(
            f"  [{q.kind}] {q.speaker or q.speaker_role or '(unknown)'}:"
            f" “{q.text}” (¶{q.paragraph})"
            for q in article.quotes
        )
        lines.append("")
    if article.dates:
        lines.append("dates:")
        for d in article.dates:
            flags = f", {', '.join(d.flags)}" if d.flags else ""
            where = "caption " if d.part == "caption" else "¶"
            lines.append(f"  {d.text} → {d.value} ({d.status}{flags}) ({where}{d.paragraph})")
    return terminal_safe("\n".join(lines).rstrip()) + "\n"


def reject_row(reject: Reject) -> dict[str, Any]:
    return {name: getattr(reject, name) for name in REJECT_COLUMNS}
