"""Stories as the CLI (and later the API) gives them: the story contract of DESIGN.md as a
dict, a listing row, and readable text and Markdown.

``timeline`` and ``summary`` are part of the contract and stay empty until the story products
stage fills them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from warta.corpus.entities import Entity
from warta.output import terminal_safe
from warta.store.quotes import QuoteRecord
from warta.store.story_queries import StoryDetail, StorySummary

STORY_CSV_COLUMNS = (
    "id", "title", "first_published", "last_published", "articles", "originals", "outlets",
)  # fmt: skip


def story_row(story: StorySummary) -> dict[str, Any]:
    """A story as listings give it (JSON lines, CSV with outlets joined by ``;``)."""
    return {
        "id": story.id,
        "title": story.title,
        "first_published": story.first_published,
        "last_published": story.last_published,
        "articles": story.articles,
        "originals": story.originals,
        "outlets": list(story.outlets),
    }


def story_line(story: StorySummary) -> str:
    """One line per story: id, span, size, outlets, title."""
    first = (story.first_published or "-")[:10]
    last = (story.last_published or "-")[:10]
    span = first if first == last else f"{first}..{last}"
    size = f"{story.articles} articles" + (
        f" ({story.articles - story.originals} copies)" if story.originals < story.articles else ""
    )
    outlets = ", ".join(story.outlets[:3]) + (" ..." if len(story.outlets) > 3 else "")
    fields = (str(story.id), span, size, outlets or "-", story.title or "(untitled)")
    return "\t".join(terminal_safe(field).replace("\t", " ") for field in fields)


def story_dict(
    story: StoryDetail, entities: Sequence[Entity], quotes: Sequence[QuoteRecord]
) -> dict[str, Any]:
    """The story contract: id, title, span, articles, events, timeline, summary, entities,
    quotes and duplicates (groups of copies, the original first), with outlet statistics."""
    summary = story.summary
    return {
        "id": summary.id,
        "title": summary.title,
        "first_published": summary.first_published,
        "last_published": summary.last_published,
        "size": {"articles": summary.articles, "originals": summary.originals},
        "outlets": outlet_counts(story),
        "articles": [
            {
                "id": a.id,
                "title": a.title,
                "outlet": a.outlet,
                "published": a.published,
                "event": a.event,
                "duplicate_of": a.duplicate_of,
                "pinned": a.pinned,
            }
            for a in story.articles
        ],
        "events": [
            {"id": e.id, "title": e.title, "date": e.date, "articles": list(e.articles)}
            for e in story.events
        ],
        "timeline": [],
        "summary": [],
        "entities": [
            {"canonical": e.canonical, "type": e.type, "aliases": e.aliases, "mentions": e.mentions}
            for e in entities
        ],
        "quotes": [q.to_dict() for q in quotes],
        "duplicates": [list(group) for group in story.duplicates],
    }


def outlet_counts(story: StoryDetail) -> list[dict[str, Any]]:
    """Each outlet's articles in the story and how many of them copy another article."""
    articles = Counter(a.outlet or "-" for a in story.articles)
    copies = Counter(a.outlet or "-" for a in story.articles if a.duplicate_of)
    return [
        {"outlet": outlet, "articles": count, "copies": copies[outlet]}
        for outlet, count in sorted(articles.items(), key=lambda item: (-item[1], item[0]))
    ]


def story_text(
    story: StoryDetail, entities: Sequence[Entity], quotes: Sequence[QuoteRecord]
) -> str:
    """A story for reading in a terminal."""
    return terminal_safe(_render(story, entities, quotes, markdown=False))


def story_markdown(
    story: StoryDetail, entities: Sequence[Entity], quotes: Sequence[QuoteRecord]
) -> str:
    """A story as a Markdown report."""
    return _render(story, entities, quotes, markdown=True)


def _render(
    story: StoryDetail,
    entities: Sequence[Entity],
    quotes: Sequence[QuoteRecord],
    *,
    markdown: bool,
) -> str:
    summary = story.summary
    text: Callable[[str], str] = _md_text if markdown else str
    heading: Callable[[str], str] = (lambda t: f"## {t}") if markdown else (lambda t: f"{t}:")
    bullet = "- " if markdown else "  "
    titles = {a.id: a.title for a in story.articles}
    lines = [f"# {text(summary.title or '(untitled)')}" if markdown else summary.title or "", ""]
    lines.append(
        f"Story {summary.id}: {summary.articles} articles ({summary.originals} original), "
        f"{(summary.first_published or '-')[:10]} to {(summary.last_published or '-')[:10]}"
    )
    lines += ["", heading("Events")]
    for event in story.events:
        lines.append(
            f"{bullet}{event.date or 'undated'}: {text(event.title or '(untitled)')}"
            f" ({len(event.articles)} articles)"
        )
    lines += ["", heading("Outlets")]
    if markdown:
        lines += ["| outlet | articles | copies |", "|---|---:|---:|"]
        lines += [
            f"| {text(o['outlet'])} | {o['articles']} | {o['copies']} |"
            for o in outlet_counts(story)
        ]
    else:
        lines += [
            f"  {o['outlet']}: {o['articles']} articles, {o['copies']} copies"
            for o in outlet_counts(story)
        ]
    lines += ["", heading("Articles")]
    for article in story.articles:
        copy = f" (copy of {article.duplicate_of})" if article.duplicate_of else ""
        lines.append(
            f"{bullet}{(article.published or '-')[:16]} {text(article.outlet or '-')} "
            f"{text(article.title or '(untitled)')} [{article.id}]{copy}"
        )
    if story.duplicates:
        lines += ["", heading("Copies")]
        for group in story.duplicates:
            original, *copies = group
            lines.append(
                f"{bullet}{text(titles.get(original) or original)} [{original}]: "
                f"copied by {', '.join(copies)}"
            )
    if entities:
        lines += ["", heading("Entities")]
        lines += [
            f"{bullet}{text(e.canonical)} ({e.type}, {e.mentions} mentions)" for e in entities
        ]
    if quotes:
        lines += ["", heading("Quotes")]
        lines += [
            f"{bullet}{text(q.speaker or q.speaker_as_written or '(unknown)')}: "
            f"“{text(q.text)}” [{q.article}, ¶{q.paragraph}]"
            for q in quotes
        ]
    return "\n".join(lines).rstrip() + "\n"


def _md_text(value: str) -> str:
    """Text safe inside Markdown: no markup, no HTML, one line."""
    escaped = " ".join(value.split())
    for char in "\\`*_[]<>|#":
        escaped = escaped.replace(char, "\\" + char)
    return escaped
