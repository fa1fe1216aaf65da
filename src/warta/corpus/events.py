"""Events: the specific developments inside a story (a summit, a phone call weeks later, the
meeting that followed), each with a date and a title.

An article belongs to the event of the day its lead reports
(:func:`~warta.corpus.features.event_day`): the event of its story within
:data:`EVENT_REACH_DAYS` of that day, or a new one. A copy goes where its original is; an article
with no day goes with the article it is most alike. After each clustering step the touched
stories are brought up to date (:func:`refresh_story`): events that a merge of stories put side by
side become one (the events merged away are deleted, so no event is left without articles),
each event's day is the day most of its articles report, and its title the headline of its most
typical article: the one whose words are closest to the centre of the event's articles.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

from warta.corpus.vectors import dot, unit
from warta.records import EventRow, Features, Placement, StoryIndex, StoryRow

#: Days apart within which two articles report the same development.
EVENT_REACH_DAYS = 1.0


def place_in_event(
    index: StoryIndex,
    story: int,
    features: Features,
    links: Mapping[str, float],
    placements: Mapping[str, Placement],
    original: str | None,
) -> int:
    """The event of ``story`` a new article belongs to (created when there is none)."""
    same_story = {
        other: placement
        for other, placement in placements.items()
        if placement.event is not None and index.resolve_story(placement.story) == story
    }
    if original is not None and original in same_story:
        return same_story[original].event or 0
    if features.event_day is None:
        best = max(same_story, key=lambda o: (links.get(o, 0.0), o), default=None)
        if best is not None:
            return same_story[best].event or 0
        return index.new_event(story, None)
    nearest = _nearest(index.events(story), features.event_day)
    return nearest if nearest is not None else index.new_event(story, features.event_day)


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
    events = index.events(story)
    kept: list[EventRow] = []
    renamed: dict[int, int] = {}
    for row in events:  # by day: events a merge of stories put side by side become one
        last = kept[-1] if kept else None
        if (
            last is not None and last.day is not None and row.day is not None
            and row.day - last.day <= EVENT_REACH_DAYS
        ):  # fmt: skip
            renamed[row.id] = last.id
        else:
            kept.append(row)
    known = {event.id for event in kept}
    groups: dict[int, list[StoryRow]] = {}
    for member in members:
        event = renamed.get(member.event or -1, member.event)
        if event not in known:  # moved here by a person, or its event was merged away
            event = _nearest(kept, member.event_day) if member.event_day is not None else None
            if event is None:
                event = index.new_event(story, member.event_day)
                kept.append(EventRow(event, member.event_day))
                known.add(event)
        if event != member.event:
            index.set_event(member.article_id, event)
        groups.setdefault(event, []).append(member)
    for merged_away in renamed:  # its articles are in the event it was merged into
        index.delete_event(merged_away)
    for event_row in kept:
        group = groups.get(event_row.id)
        if not group:
            index.delete_event(event_row.id)
            continue
        originals = [m for m in group if not m.duplicate_of] or group
        title = central_title(index, originals)
        index.update_event(event_row.id, _main_day(originals), title, len(group))


def central_title(index: StoryIndex, members: Sequence[StoryRow]) -> str | None:
    """The headline of the most typical article: the one whose words (terms and entities) are
    closest to the centre of all the articles' words; among equals (two articles are equally
    close to their centre) the most linked, then the earliest (:func:`best_title`)."""
    titled = [m for m in members if m.title]
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
    titled = [m for m in members if m.title]
    if not titled:
        return None
    best = min(titled, key=lambda m: (-m.links, m.published or "9999", m.article_id))
    return best.title


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
