"""A story's products, what its page shows: the timeline and the summary, built from its stored
articles when asked for (they follow every change of the story without being kept in step)."""

from __future__ import annotations

from dataclasses import dataclass

from warta.corpus.story_summary import summarize_story
from warta.corpus.timeline import Timeline, build_timeline
from warta.model import Article, SummarySentence
from warta.store.base import Store
from warta.store.story_queries import StoryDetail


@dataclass(frozen=True, slots=True)
class StoryProducts:
    """The timeline (main line and background) and the summary of a story."""

    timeline: Timeline
    summary: list[SummarySentence]


def story_articles(store: Store, story: StoryDetail) -> list[Article]:
    """The stored articles of a story, oldest first."""
    found = store.get_articles([a.id for a in story.articles])
    return [found[a.id] for a in story.articles if a.id in found]


def story_products(store: Store, story: StoryDetail) -> StoryProducts:
    """Build the timeline and summary of a stored story."""
    articles = story_articles(store, story)
    copies = {a.id: a.duplicate_of for a in story.articles if a.duplicate_of}
    events = {a.id: a.event for a in story.articles if a.event is not None}
    return StoryProducts(
        timeline=build_timeline(articles, copies),
        summary=summarize_story(articles, copies, events),
    )
