"""Who covered a story, in what order, copying whom and relaying which wires.

For each outlet of a story: its first article and when, how long after the story's first
article that was (the outlet that broke it, then who followed), how many articles it
published in the story and how many of them copy another article (and whose), and the wires
(AFP, Reuters, Antara...) its articles say they relay.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from warta.lang.id.news_outlets import count_wires
from warta.records import StoryDetail


def _instant(published: str | None) -> datetime | None:
    if not published:
        return None
    try:
        moment = datetime.fromisoformat(published)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def story_coverage(story: StoryDetail, wires: dict[str, list[str]]) -> list[dict[str, Any]]:
    """The story's outlets, the first to publish first (outlets whose articles have no
    publication time last): ``outlet, first_article, first_published, after_hours, articles,
    copies, copies_of`` (the outlets whose articles it copied) and ``wires`` (each with the
    number of its articles citing it, the spellings of one wire counted as one)."""
    outlet_of = {article.id: article.outlet or "-" for article in story.articles}
    moments = {
        article.id: moment
        for article in story.articles
        if (moment := _instant(article.published)) is not None
    }
    start = min(moments.values(), default=None)
    rows: dict[str, dict[str, Any]] = {}
    for article in sorted(
        story.articles,
        key=lambda a: (a.id not in moments, moments.get(a.id) or datetime.max, a.id),
    ):
        outlet = article.outlet or "-"
        row = rows.get(outlet)
        if row is None:
            moment = moments.get(article.id)
            row = rows[outlet] = {
                "outlet": outlet,
                "first_article": article.id,
                "first_published": article.published,
                "after_hours": (
                    round((moment - start).total_seconds() / 3600, 1)
                    if moment is not None and start is not None
                    else None
                ),
                "articles": 0,
                "copies": 0,
                "copies_of": Counter(),
                "wires": [],
            }
        row["articles"] += 1
        if article.duplicate_of:
            row["copies"] += 1
            row["copies_of"][outlet_of.get(article.duplicate_of, "-")] += 1
        row["wires"].append(wires.get(article.id, []))
    return [
        {
            **row,
            "copies_of": [{"outlet": o, "articles": n} for o, n in row["copies_of"].most_common()],
            "wires": [
                {"wire": w, "articles": n} for w, n in count_wires(row["wires"]).most_common()
            ],
        }
        for row in rows.values()
    ]
