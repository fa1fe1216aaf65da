"""Corrections people make to stories: merge two stories, split articles off a story, move an
article to another story.

Each correction is recorded (table ``corrections``) and binds later clustering:

- a moved or split-off article is *pinned*: clustering never moves it again;
- a split and a move keep the two stories apart: a later article that resembles both joins one
  of them and never makes them one again (a merge by a person lifts that);
- a merge is never undone, since clustering only ever joins stories.
"""

from __future__ import annotations

from collections.abc import Sequence

from warta.corpus.events import refresh_story
from warta.errors import UsageError
from warta.records import Placement, Store, StoryIndex


def merge_stories(store: Store, into: int, other: int) -> int:
    """Join story ``other`` into story ``into``; returns the story they now are."""
    with store.story_index() as index:
        keep, gone = _story(index, into), _story(index, other)
        if keep == gone:
            raise UsageError(f"stories {into} and {other} are already one story ({keep})")
        index.separate(keep, gone, apart=False)
        index.merge_stories(keep, gone)
        refresh_story(index, keep)
        index.record_correction("merge", {"into": keep, "merged": gone})
    return keep


def split_story(store: Store, story: int, article_ids: Sequence[str]) -> int:
    """Take articles out of a story into a new story of their own; returns the new story."""
    with store.story_index() as index:
        source = _story(index, story)
        placements = _articles(index, article_ids)
        strays = [a for a, p in placements.items() if p.story != source]
        if strays:
            raise UsageError(f"articles not in story {source}: {', '.join(strays)}")
        if len(placements) == len(index.story_members(source)):
            raise UsageError(f"a split must leave some articles in story {source}")
        target = index.new_story()
        for article_id, placement in placements.items():
            index.place(article_id, _pinned(placement, target))
        index.separate(source, target)
        refresh_story(index, source)
        refresh_story(index, target)
        index.record_correction(
            "split", {"story": source, "new_story": target, "articles": list(placements)}
        )
    return target


def move_article(store: Store, article_id: str, story: int) -> int:
    """Move one article to another story; returns the story it is now in."""
    with store.story_index() as index:
        target = _story(index, story)
        placement = _articles(index, [article_id])[article_id]
        source = placement.story
        if source == target:
            raise UsageError(f"article {article_id} is already in story {target}")
        index.place(article_id, _pinned(placement, target))
        if index.story_members(source):
            index.separate(source, target)
            refresh_story(index, source)
        else:
            index.delete_story(source, target)
        refresh_story(index, target)
        index.record_correction("move", {"article": article_id, "from": source, "to": target})
    return target


def _story(index: StoryIndex, story: int) -> int:
    resolved = index.resolve_story(story)
    if resolved is None:
        raise UsageError(f"no story {story}")
    return resolved


def _articles(index: StoryIndex, article_ids: Sequence[str]) -> dict[str, Placement]:
    if not article_ids:
        raise UsageError("name at least one article")
    placements = index.placements(article_ids)
    missing = [a for a in article_ids if a not in placements]
    if missing:
        raise UsageError(f"no stored article with a story: {', '.join(missing)}")
    return {a: placements[a] for a in dict.fromkeys(article_ids)}


def _pinned(placement: Placement, story: int) -> Placement:
    """The placement of an article a person put into ``story`` (its event is found anew)."""
    return Placement(story, None, placement.duplicate_of, pinned=True)
