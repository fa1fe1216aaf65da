"""A story's products, what its page shows: the timeline and the summary, built from its stored
articles. They are kept in the store under a key of what they were built from (the story's
articles and their placement, and this Warta's version), and the store drops them when one of
the story's articles is stored again with a new text or analysis: a page shows them at once
until the story changes, and the first request after a change builds them again."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass

from warta import __version__
from warta.corpus.story_summary import summarize_story
from warta.corpus.timeline import Timeline, build_timeline
from warta.errors import StoreError
from warta.model import Article, SummarySentence, TimelineEntry
from warta.records import Store, StoryDetail

log = logging.getLogger(__name__)

#: Bump when the timeline or summary code changes what it builds from the same articles, so
#: stored products are built again (a release bumps ``__version__``, which does it too).
PRODUCTS_FORMAT = 3


@dataclass(frozen=True, slots=True)
class StoryProducts:
    """The timeline (main line and background) and the summary of a story."""

    timeline: Timeline
    summary: list[SummarySentence]

    def to_json(self) -> str:
        return json.dumps(
            {
                "timeline": [entry.to_dict() for entry in self.timeline.entries],
                "background": [entry.to_dict() for entry in self.timeline.background],
                "summary": [sentence.to_dict() for sentence in self.summary],
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> StoryProducts:
        data = json.loads(text)
        return cls(
            timeline=Timeline(
                entries=[TimelineEntry.from_dict(entry) for entry in data["timeline"]],
                background=[TimelineEntry.from_dict(entry) for entry in data["background"]],
            ),
            summary=[SummarySentence.from_dict(sentence) for sentence in data["summary"]],
        )


def story_articles(store: Store, story: StoryDetail) -> list[Article]:
    """The stored articles of a story, oldest first."""
    found = store.get_articles([a.id for a in story.articles])
    return [found[a.id] for a in story.articles if a.id in found]


def build_products(store: Store, story: StoryDetail) -> StoryProducts:
    """Build the timeline and summary of a stored story from its articles."""
    articles = story_articles(store, story)
    copies = {a.id: a.duplicate_of for a in story.articles if a.duplicate_of}
    events = {a.id: a.event for a in story.articles if a.event is not None}
    return StoryProducts(
        timeline=build_timeline(articles, copies),
        summary=summarize_story(articles, copies, events),
    )


def products_key(story: StoryDetail) -> str:
    """What a story's products are built from, hashed: its articles, their events and
    originals, and the version of the code that builds them. (A change to an article's text or
    analysis drops the products of its story in the store itself.)"""
    digest = hashlib.sha256(f"{__version__}/{PRODUCTS_FORMAT}".encode())
    for a in sorted(story.articles, key=lambda a: a.id):
        digest.update(f"|{a.id}:{a.event}:{a.duplicate_of}".encode())
    return digest.hexdigest()


def story_products(store: Store, story: StoryDetail) -> StoryProducts:
    """The timeline and summary of a stored story: kept ones when the story has not changed
    since they were built, else built now and kept."""
    key = products_key(story)
    kept = store.cached_products(story.id)
    if kept is not None and kept[0] == key:
        return StoryProducts.from_json(kept[1])
    products = build_products(store, story)
    try:
        store.save_products(story.id, key, products.to_json())
    except StoreError as exc:  # a read-only or busy database: show them, keep them next time
        log.warning("story %d: products not kept: %s", story.id, exc)
    return products
