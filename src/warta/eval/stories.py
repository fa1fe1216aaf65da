"""``warta eval stories``: story clustering against stories labelled by hand, in B-cubed.

The gold file lists stories as lists of article ids, ``{"stories": [[id, ...], ...]}``, or one
story as the project's ``gold/samples.json`` has it (``{"story": {"articles": [...], "events":
[{"articles": [...], "date": "2021-12-07"}]}}``). An id names an input: its file name, the
``id`` of its JSON record, its URL, or Warta's article id. Every input is ingested into a
temporary database, as a user would ingest them, and the stories Warta made there are scored.

B-cubed (Bagga & Baldwin 1998), averaged over the gold articles: an article's precision is the
share of its predicted story that is in its gold story, its recall the share of its gold story
that is in its predicted story. Articles outside the gold are ignored. When the gold gives events,
Warta's events are scored the same way against them, and each gold event's date against the date
of the event most of its articles are in. Warta's events are also scored against the gold's
stories, so a gold of developments given as plain stories is scored at both levels.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warta.errors import InputRejected, UsageError
from warta.ingest import read_inputs
from warta.model import RawDocument, article_id
from warta.run.local import ingest
from warta.store import open_store


@dataclass(frozen=True, slots=True)
class BCubed:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def to_dict(self) -> dict[str, float]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def bcubed(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> BCubed:
    """B-cubed precision and recall of a clustering, over the items of ``gold`` (an item
    missing from ``predicted`` is alone)."""
    items = list(gold)
    if not items:
        return BCubed(1.0, 1.0)
    label = {item: predicted.get(item, ("alone", item)) for item in items}
    pairs = Counter((label[item], gold[item]) for item in items)
    predicted_sizes = Counter(label.values())
    gold_sizes = Counter(gold[item] for item in items)
    precision = sum(pairs[label[i], gold[i]] / predicted_sizes[label[i]] for i in items)
    recall = sum(pairs[label[i], gold[i]] / gold_sizes[gold[i]] for i in items)
    return BCubed(precision / len(items), recall / len(items))


@dataclass(slots=True)
class StoryScores:
    stories: BCubed
    alone: BCubed
    gold_stories: int
    predicted_stories: int
    articles: int
    copies: list[list[str]] = field(default_factory=list)
    events: BCubed | None = None
    event_dates_right: int = 0
    gold_events: int = 0
    events_as_groups: BCubed | None = None
    predicted_events: int = 0

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "articles": self.articles,
            "gold_stories": self.gold_stories,
            "predicted_stories": self.predicted_stories,
            "stories": self.stories.to_dict(),
            "every_article_alone": self.alone.to_dict(),
            "copies_claimed": self.copies,
        }
        if self.events_as_groups is not None:
            data["events_against_gold_stories"] = {
                **self.events_as_groups.to_dict(),
                "predicted_events": self.predicted_events,
            }
        if self.events is not None:
            data["events"] = {
                **self.events.to_dict(),
                "gold_events": self.gold_events,
                "dates_right": self.event_dates_right,
            }
        return data


def evaluate_stories(gold_path: Path, inputs: Path | None = None) -> StoryScores:
    """Ingest the inputs into a temporary database and score its stories against the gold."""
    stories, events, dates = _load(gold_path)
    folder = inputs or gold_path.resolve().parent.parent / "samples"
    names = input_names(folder)
    unknown = sorted(name for name in stories if name not in names)
    if unknown:
        raise UsageError(
            f"{len(unknown)} gold articles are not among the inputs in {folder}: "
            + ", ".join(unknown[:5])
        )
    with tempfile.TemporaryDirectory(prefix="warta-eval-") as directory:
        store = open_store(Path(directory) / "eval.db")
        try:
            ingest([str(folder)], store)
            placements = store.placements([names[name] for name in stories])
            event_dates = {
                event.id: event.date for story in {p.story for p in placements.values()}
                if (detail := store.get_story(story)) for event in detail.events
            }  # fmt: skip
        finally:
            store.close()
    predicted = {
        name: placements[names[name]].story for name in stories if names[name] in placements
    }
    originals = {
        name: placements[names[name]].duplicate_of
        for name in stories
        if names[name] in placements and placements[names[name]].duplicate_of
    }
    by_id = {article: name for name, article in names.items() if name in stories}
    copies = [[by_id.get(str(o), str(o)), name] for name, o in sorted(originals.items())]
    scores = StoryScores(
        stories=bcubed(predicted, stories),
        alone=bcubed({}, stories),
        gold_stories=len(set(stories.values())),
        predicted_stories=len({predicted.get(n, n) for n in stories}),
        articles=len(stories),
        copies=copies,
    )
    every_event = {
        name: placements[names[name]].event for name in stories if names[name] in placements
    }
    scores.events_as_groups = bcubed(every_event, stories)
    scores.predicted_events = len({every_event.get(n, n) for n in stories})
    if events:
        predicted_events = {
            name: placements[names[name]].event for name in events if names[name] in placements
        }
        scores.events = bcubed(predicted_events, events)
        scores.gold_events = len(dates)
        for event, date in dates.items():
            members = [predicted_events.get(n) for n, e in events.items() if e == event]
            top, _ = Counter(members).most_common(1)[0]
            scores.event_dates_right += top is not None and event_dates.get(top) == date
    return scores


def _load(path: Path) -> tuple[dict[str, int], dict[str, int], dict[int, str]]:
    """Gold story of each article, gold event of each article, and each event's date."""
    listed = gold_stories(path)
    stories: dict[str, int] = {}
    events: dict[str, int] = {}
    dates: dict[int, str] = {}
    for number, story in enumerate(listed):
        members = story.get("articles") if isinstance(story, dict) else story
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            raise UsageError(f"gold file {path}: story {number} is not a list of article ids")
        for member in members:
            if member in stories:
                raise UsageError(f"gold file {path}: article {member} is in two stories")
            stories[member] = number
        for event in story.get("events", []) if isinstance(story, dict) else []:
            event_number = len(dates)
            dates[event_number] = str(event.get("date", ""))
            for member in event.get("articles", []):
                events[str(member)] = event_number
    return stories, events, dates


def gold_stories(path: Path) -> list[Any]:
    """The stories of a gold file: its ``stories`` list, or its one ``story`` object.

    Raises:
        UsageError: the file cannot be read, or has neither.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read gold file {path}: {exc}") from exc
    listed: Any = data.get("stories") if isinstance(data, dict) else None
    if listed is None and isinstance(data, dict) and isinstance(data.get("story"), dict):
        listed = [data["story"]]
    if not isinstance(listed, list):
        raise UsageError(f"gold file {path} has no 'stories' list (see docs/eval.md)")
    return listed


def input_names(folder: Path) -> dict[str, str]:
    """Every name a gold file may give an input by, with the article id it becomes."""
    names: dict[str, str] = {}
    for item in read_inputs([str(folder)]):
        if isinstance(item, InputRejected):
            continue
        assert isinstance(item, RawDocument)
        key = article_id(item)
        for name in (key, item.id, item.url, Path(item.origin).name, item.origin):
            if name:
                names.setdefault(name, key)
    return names


def format_scores(scores: StoryScores) -> str:
    """The scores as a few lines of text."""
    s, a = scores.stories, scores.alone
    lines = [
        f"articles {scores.articles}, gold stories {scores.gold_stories}, "
        f"Warta's stories {scores.predicted_stories}",
        f"stories  B-cubed P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}",
        f"(every article alone: P {a.precision:.3f}  R {a.recall:.3f}  F1 {a.f1:.3f})",
    ]
    if scores.events_as_groups is not None:
        g = scores.events_as_groups
        lines.append(
            f"Warta's {scores.predicted_events} events as the gold's stories:  "
            f"B-cubed P {g.precision:.3f}  R {g.recall:.3f}  F1 {g.f1:.3f}"
        )
    if scores.events is not None:
        e = scores.events
        lines.append(
            f"events   B-cubed P {e.precision:.3f}  R {e.recall:.3f}  F1 {e.f1:.3f}; "
            f"dates right {scores.event_dates_right}/{scores.gold_events}"
        )
    lines.append(
        f"copies claimed among gold articles: {len(scores.copies)}"
        + "".join(f"\n  {original} <- {copy}" for original, copy in scores.copies)
    )
    return "\n".join(lines)
