"""Events: the specific developments inside a story (a summit, a phone call weeks later, the
meeting that followed), each with a date and a title.

An event is a connected group of event links: a new article joins the event of the article of
its story it most probably reports the same development with (the event link model,
:func:`~warta.corpus.features.similarities`), when that is at least the model's threshold, and
every other event of its story it links to as strongly becomes one with it; otherwise it starts
an event. A copy goes where its original is. After each clustering step the touched stories are
brought up to date (:func:`refresh_story`): each event's day is the day most of its articles
report (:func:`~warta.corpus.features.event_day`), and its title the headline of its most
typical article: the one whose words are closest to the centre of the event's articles.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

from warta.corpus.features import link_model
from warta.corpus.vectors import dot, unit
from warta.model import TITLE_FROM_TEXT
from warta.records import EventRow, Features, Placement, StoryIndex, StoryRow

#: Probability (by the event link model) at which two articles report the same development.
EVENT_LINK = link_model("event").threshold
#: Days apart within which an article a person moved joins an event of its new story.
EVENT_REACH_DAYS = 1.0


def place_in_event(
    index: StoryIndex,
    story: int,
    features: Features,
    event_links: Mapping[str, float],
    placements: Mapping[str, Placement],
    original: str | None,
) -> int:
    """The event of ``story`` a new article belongs to (created when there is none).
    ``event_links``: the probability that the article reports the same development as each
    compared article."""
    same_story = {
        other: placement.event
        for other, placement in placements.items()
        if placement.event is not None and index.resolve_story(placement.story) == story
    }
    if original is not None and original in same_story:
        return same_story[original] or 0
    strength: dict[int, float] = {}
    for other, event in same_story.items():
        score = event_links.get(other, 0.0)
        if event is not None and score >= EVENT_LINK:
            strength[event] = max(strength.get(event, 0.0), score)
    if not strength:
        return index.new_event(story, features.event_day)
    event, *others = sorted(strength, key=lambda e: (-strength[e], e))
    if others:
        _merge_events(index, story, event, set(others))
    return event


def _merge_events(index: StoryIndex, story: int, keep: int, others: set[int]) -> None:
    """The articles of ``others`` join the event ``keep``; the others are deleted."""
    for member in index.story_members(story):
        if member.event in others:
            index.set_event(member.article_id, keep)
    for other in others:
        index.delete_event(other)


def refresh_story(index: StoryIndex, story: int) -> None:
    """Bring a story's title, span, counts and events up to date with its articles."""
    members = index.story_members(story)
    if not members:
        index.delete_story(story, None)
        return
    originals = [m for m in members if not m.duplicate_of]
    published = sorted(m.published for m in members if m.published)
    index.update_story(
        story,
        best_title(originals or members),
        (published[0], published[-1]) if published else (None, None),
        (len(members), len(originals), len({m.outlet for m in members if m.outlet})),
    )
    _refresh_events(index, story, members)


def _refresh_events(index: StoryIndex, story: int, members: Sequence[StoryRow]) -> None:
    kept = index.events(story)
    known = {event.id for event in kept}
    groups: dict[int, list[StoryRow]] = {}
    for member in members:
        event = member.event
        if event not in known:  # moved here by a person, or its event is gone
            event = _nearest(kept, member.event_day) if member.event_day is not None else None
            if event is None:
                event = index.new_event(story, member.event_day)
                kept.append(EventRow(event, member.event_day))
                known.add(event)
        if event != member.event:
            index.set_event(member.article_id, event)
        groups.setdefault(event, []).append(member)
    for event_row in kept:
        group = groups.get(event_row.id)
        if not group:  # its articles were moved away
            index.delete_event(event_row.id)
            continue
        originals = [m for m in group if not m.duplicate_of] or group
        title = central_title(index, originals)
        index.update_event(event_row.id, _main_day(originals), title, len(group))


def central_title(index: StoryIndex, members: Sequence[StoryRow]) -> str | None:
    """The headline of the most typical article: the one whose words (terms and entities) are
    closest to the centre of all the articles' words; among equals (two articles are equally
    close to their centre) the most linked, then the earliest (:func:`best_title`)."""
    titled = _headlines(members)
    if len(titled) < 3:
        return best_title(titled)
    stored = index.features([m.article_id for m in titled])
    vectors = {
        m.article_id: unit({**found.terms, **found.entities})
        for m in titled
        if (found := stored.get(m.article_id)) is not None
    }
    centre: dict[str, float] = {}
    for vector in vectors.values():
        for key, weight in vector.items():
            centre[key] = centre.get(key, 0.0) + weight
    closeness = {article: dot(vector, centre) for article, vector in vectors.items()}
    best = min(
        titled,
        key=lambda m: (
            -round(closeness.get(m.article_id, 0.0), 9), -m.links, m.published or "9999",
            m.article_id,
        ),
    )  # fmt: skip
    return best.title


def best_title(members: Sequence[StoryRow]) -> str | None:
    """The headline of the most linked article (the earliest among equals)."""
    titled = _headlines(members)
    if not titled:
        return None
    best = min(titled, key=lambda m: (-m.links, m.published or "9999", m.article_id))
    return best.title


def _headlines(members: Sequence[StoryRow]) -> list[StoryRow]:
    """The titled articles; those whose title Warta cut from their first sentence only when
    no other has a headline of its own (given, a line of the text, or its URL's)."""
    titled = [m for m in members if m.title]
    return [m for m in titled if m.title_from != TITLE_FROM_TEXT] or titled


def _main_day(members: Sequence[StoryRow]) -> float | None:
    days = Counter(math.floor(m.event_day) for m in members if m.event_day is not None)
    if not days:
        return None
    return float(min(days, key=lambda day: (-days[day], day)))


def _nearest(events: Sequence[EventRow], day: float | None) -> int | None:
    if day is None:
        return None
    near = [e for e in events if e.day is not None and abs(e.day - day) <= EVENT_REACH_DAYS]
    if not near:
        return None
    return min(near, key=lambda e: (abs((e.day or 0.0) - day), e.id)).id
