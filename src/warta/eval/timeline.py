"""``warta eval timeline``: a story's timeline against a timeline written by hand.

The gold file gives stories with a ``timeline`` (the project's ``gold/samples.json`` has one
story): ``{"story": {"articles": [...], "timeline": [{"date": "2021-12-07", "articles":
[...], "status": "planned"}]}}``, or ``{"stories": [...]}`` of such objects. Every input is
ingested into a temporary database, as a user would, and each gold story is compared with the
timeline of the Warta story holding most of its articles ("as clustered"), and with the
timeline of exactly its own articles ("given the gold stories": the timeline stage alone,
without the clustering's errors).

Scores, over all gold stories:

* dates: precision, recall and F1 of the main line's entry dates against the gold dates (a
  date counts once per story; background entries are not on the main line);
* planned: of the gold entries marked planned, how many Warta has, and marks planned;
* sources: of the gold entries' articles, the share the matching Warta entry cites;
* provenance: every entry's text must be the body sentence its first source points at, and
  never a caption, a removed line (a related-link headline, a photo credit; a paragraph removed
  as a repeat of one the body keeps is fine) or the headline.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warta.analyze.clean import REPEATED
from warta.corpus.products import story_products
from warta.corpus.timeline import Timeline, build_timeline
from warta.errors import UsageError
from warta.eval.stories import gold_stories, input_names
from warta.model import Article, TimelineEntry
from warta.records import Store
from warta.run.local import ingest
from warta.store import open_store


@dataclass(slots=True)
class TimelineScores:
    gold_dates: int = 0
    found_dates: int = 0
    right_dates: int = 0
    gold_planned: int = 0
    right_planned: int = 0
    gold_sources: int = 0
    right_sources: int = 0
    entries: int = 0
    bad_texts: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    given: TimelineScores | None = None  # the same, from the gold stories' own articles

    @property
    def precision(self) -> float:
        return self.right_dates / self.found_dates if self.found_dates else 0.0

    @property
    def recall(self) -> float:
        return self.right_dates / self.gold_dates if self.gold_dates else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def to_dict(self) -> dict[str, Any]:
        data = {
            "dates": {
                "gold": self.gold_dates, "found": self.found_dates, "right": self.right_dates,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "missed": self.missed, "extra": self.extra,
            },
            "planned": {"gold": self.gold_planned, "right": self.right_planned},
            "sources": {"gold": self.gold_sources, "cited": self.right_sources},
            "entries": self.entries,
            "texts_not_from_the_body": self.bad_texts,
        }  # fmt: skip
        if self.given is not None:
            data["given_gold_stories"] = self.given.to_dict()
        return data


def evaluate_timeline(gold_path: Path, inputs: Path | None = None) -> TimelineScores:
    """Ingest the inputs into a temporary database and score its timelines."""
    stories = _load(gold_path)
    folder = inputs or gold_path.resolve().parent.parent / "samples"
    names = input_names(folder)
    unknown = sorted({a for s in stories for a in s["articles"] if a not in names})
    if unknown:
        raise UsageError(
            f"{len(unknown)} gold articles are not among the inputs in {folder}: "
            + ", ".join(unknown[:5])
        )
    scores = TimelineScores()
    given = TimelineScores()
    with tempfile.TemporaryDirectory(prefix="warta-eval-") as directory:
        store = open_store(Path(directory) / "eval.db")
        try:
            ingest([str(folder)], store)
            for story in stories:
                ids = [names[a] for a in story["articles"]]
                _score_story(store, story, names, _clustered(store, ids), scores)
                copies = {
                    article: placement.duplicate_of
                    for article, placement in store.placements(ids).items()
                    if placement.duplicate_of in ids
                }
                articles = list(store.get_articles(ids).values())
                _score_story(store, story, names, build_timeline(articles, copies), given)
        finally:
            store.close()
    scores.given = given
    return scores


def _clustered(store: Store, ids: list[str]) -> Timeline:
    """The timeline of the Warta story holding most of these articles."""
    counted = Counter(p.story for p in store.placements(ids).values())
    detail = store.get_story(counted.most_common(1)[0][0]) if counted else None
    return story_products(store, detail).timeline if detail else Timeline()


def _score_story(
    store: Store,
    gold: dict[str, Any],
    names: dict[str, str],
    timeline: Timeline,
    scores: TimelineScores,
) -> None:
    entries = timeline.entries
    articles = store.get_articles([e.sources[0].article for e in entries])
    by_date = {entry.date: entry for entry in entries}
    gold_by_date = {str(e["date"]): e for e in gold["timeline"]}
    scores.gold_dates += len(gold_by_date)
    scores.found_dates += len(by_date)
    scores.entries += len(entries)
    for value, expected in gold_by_date.items():
        found = by_date.get(value)
        planned = expected.get("status") == "planned"
        scores.gold_planned += planned
        wanted = {names[a] for a in expected.get("articles", []) if a in names}
        scores.gold_sources += len(wanted)
        if found is None:
            scores.missed.append(value)
            continue
        scores.right_dates += 1
        scores.right_planned += planned and found.status == "planned"
        scores.right_sources += len(wanted & {s.article for s in found.sources})
    scores.extra += sorted(set(by_date) - set(gold_by_date))
    for entry in entries:
        if not _from_body(entry, articles.get(entry.sources[0].article)):
            scores.bad_texts.append(f"{entry.date}: {entry.text[:80]}")


def _from_body(entry: TimelineEntry, article: Article | None) -> bool:
    """Whether an entry's text is the body sentence its first source points at, and not also
    a caption, a removed line or the headline."""
    if article is None:
        return False
    source = entry.sources[0]
    if source.paragraph >= len(article.body):
        return False
    if article.body[source.paragraph][source.start : source.end] != entry.text:
        return False
    removed = [r.text for r in article.removed if r.reason != REPEATED]  # a repeat is body
    elsewhere = [*article.captions, *removed, article.title or ""]
    return not any(entry.text in text for text in elsewhere if text)


def _load(path: Path) -> list[dict[str, Any]]:
    stories = []
    for number, story in enumerate(gold_stories(path)):
        if not isinstance(story, dict) or not isinstance(story.get("timeline"), list):
            raise UsageError(f"gold file {path}: story {number} has no 'timeline' list")
        members = story.get("articles")
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            raise UsageError(f"gold file {path}: story {number} has no list of 'articles'")
        for entry in story["timeline"]:
            if not isinstance(entry, dict) or not isinstance(entry.get("date"), str):
                raise UsageError(f"gold file {path}: story {number} has an entry with no date")
        stories.append(story)
    return stories


def format_scores(scores: TimelineScores) -> str:
    """The scores as a few lines of text: as Warta clustered the stories, then from the gold
    stories' own articles (the timeline alone)."""
    lines = ["as clustered (the Warta story holding most of each gold story's articles):"]
    lines += _lines(scores)
    if scores.given is not None:
        lines += ["", "given the gold stories (the timeline of exactly their articles):"]
        lines += _lines(scores.given)
    return "\n".join(lines)


def _lines(scores: TimelineScores) -> list[str]:
    lines = [
        f"dates    P {scores.precision:.3f}  R {scores.recall:.3f}  F1 {scores.f1:.3f}"
        f"  ({scores.right_dates} of {scores.gold_dates} gold, {scores.found_dates} found)",
        f"planned  {scores.right_planned}/{scores.gold_planned} gold planned entries found planned",
        f"sources  {scores.right_sources}/{scores.gold_sources} gold entry articles cited",
        f"texts    {scores.entries - len(scores.bad_texts)}/{scores.entries} entries are the"
        " body sentence they cite (not a caption, removed line or headline)",
    ]
    if scores.missed:
        lines.append("missed: " + ", ".join(scores.missed))
    if scores.extra:
        lines.append("extra:  " + ", ".join(scores.extra))
    lines += [f"  not from the body: {text}" for text in scores.bad_texts]
    return lines
