"""Stories as the CLI and the API give them: the story contract of DESIGN.md as a dict and a
listing row. Reports to read (text, Markdown, HTML) are in :mod:`warta.present.story_report`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from warta.corpus.products import story_products
from warta.corpus.timeline import Timeline
from warta.model import SummarySentence
from warta.present.outlets import story_coverage
from warta.present.output import plural, terminal_safe
from warta.records import (
    Entity,
    EntityQuery,
    QuoteQuery,
    QuoteRecord,
    Store,
    StoryDetail,
    StorySummary,
)
from warta.timestamps import wib_day

#: Entities and direct quotes a story shows: enough for the people and bodies a reader meets in
#: a story of a few hundred articles, few enough to read on one page.
STORY_ENTITIES = 20
STORY_QUOTES = 30

STORY_CSV_COLUMNS = (
    "id", "title", "first_published", "last_published", "articles", "originals", "outlets",
    "recent", "momentum",
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
        # listed as trending: articles in the last days, and how many more than usual
        "recent": story.recent,
        "momentum": story.momentum,
    }


def story_line(story: StorySummary) -> str:
    """One line per story: id, span, size, outlets, title."""
    first = wib_day(story.first_published) or "-"
    last = wib_day(story.last_published) or "-"
    span = first if first == last else f"{first}..{last}"
    copies = story.articles - story.originals
    size = plural(story.articles, "article") + (
        f" ({plural(copies, 'copy', 'copies')})" if copies > 0 else ""
    )
    outlets = ", ".join(story.outlets[:3]) + (" ..." if len(story.outlets) > 3 else "")
    fields = (str(story.id), span, size, outlets or "-", story.title or "(untitled)")
    return "\t".join(terminal_safe(field).replace("\t", " ") for field in fields)


@dataclass(frozen=True, slots=True)
class StoryView:
    """Everything a story's page or report shows."""

    story: StoryDetail
    entities: Sequence[Entity] = ()
    quotes: Sequence[QuoteRecord] = ()
    timeline: Timeline = field(default_factory=Timeline)
    summary: Sequence[SummarySentence] = ()
    #: Who covered it, first to last (:func:`warta.present.outlets.story_coverage`).
    coverage: Sequence[dict[str, Any]] = ()


def load_story_view(store: Store, story_id: int) -> StoryView | None:
    """Everything a story's page shows, read from the store (None when there is no such
    story; a merged story's old id gives the story it joined)."""
    story = store.get_story(story_id)
    if story is None:
        return None
    ids = [a.id for a in story.articles]
    entities = store.list_entities(EntityQuery(article_ids=ids, limit=STORY_ENTITIES))
    quotes = store.list_quotes(QuoteQuery(article_ids=ids, kind="direct", limit=STORY_QUOTES))
    products = story_products(store, story)
    coverage = story_coverage(story, store.cited_sources(ids))
    return StoryView(story, entities, quotes, products.timeline, products.summary, coverage)


def story_dict(view: StoryView) -> dict[str, Any]:
    """The story contract: id, title, span, articles, events, timeline, summary, entities,
    quotes and duplicates (groups of copies, the original first), with outlet statistics and
    the timeline's background (dates far outside the story)."""
    story, entities, quotes = view.story, view.entities, view.quotes
    summary = story.summary
    return {
        "id": summary.id,
        "title": summary.title,
        "first_published": summary.first_published,
        "last_published": summary.last_published,
        "size": {"articles": summary.articles, "originals": summary.originals},
        "outlets": outlet_counts(story),
        "coverage": list(view.coverage),
        "articles": [
            {
                "id": a.id,
                "title": a.title,
                "outlet": a.outlet,
                # an undated article is listed by the day it is published not before (its
                # place in the story's order): that day is no publication time
                "published": None if _a_day(a.published) else a.published,
                "published_not_before": a.published if _a_day(a.published) else None,
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
        "timeline": [entry.to_dict() for entry in view.timeline.entries],
        "background": [entry.to_dict() for entry in view.timeline.background],
        "summary": [sentence.to_dict() for sentence in view.summary],
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


def _a_day(published: str | None) -> bool:
    """Whether a story's article is dated by a bare day (``YYYY-MM-DD``): an undated article,
    placed by the day it is published not before."""
    return published is not None and len(published) == len("YYYY-MM-DD")
