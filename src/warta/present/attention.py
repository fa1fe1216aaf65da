"""Attention over time: how many articles a search, an entity or a story had per day, week or
month, overall and per outlet; several of them side by side on one time line (as Media
Cloud's attention view compares queries).

Every series covers the same periods, from the first to the last one with an article in any
of them, zeros included, so that the series compare point by point. Articles are counted by
their publication day in WIB (UTC+7, where Warta counts its days); undated articles are not
counted. A week starts on Monday.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from warta.errors import OverLimit, UsageError
from warta.records import AttentionQuery, EntityQuery, Store

INTERVALS = ("day", "week", "month")
#: Series one request compares at most: a chart stays readable, and each is one query.
MAX_SERIES = 6
#: Periods a series holds at most: years of days are asked as weeks or months.
MAX_PERIODS = 1000
#: ``key`` names the series as it was followed (the search, the entity's name, the story's id),
#: as the JSON's ``key`` does: a story's label is its title, which another story can share.
#: Added last, so that the columns before keep their places.
ATTENTION_COLUMNS = ("series", "kind", "period", "outlet", "articles", "key")


@dataclass(slots=True)
class Series:
    """One followed search, entity or story: its articles per period, overall and per outlet
    (the outlets with most articles first)."""

    label: str
    kind: str  # search, entity or story
    key: str  # the search text, the entity's name as given, or the story's id
    total: int = 0
    counts: list[int] = field(default_factory=list)
    outlets: dict[str, list[int]] = field(default_factory=dict)

    def to_dict(self, periods: list[date]) -> dict[str, object]:
        return {
            "label": self.label,
            "kind": self.kind,
            "key": self.key,
            "total": self.total,
            "points": [
                {"period": p.isoformat(), "articles": n}
                for p, n in zip(periods, self.counts, strict=True)
            ],
            "outlets": [
                {"outlet": outlet, "total": sum(counts), "articles": counts}
                for outlet, counts in self.outlets.items()
            ],
        }


@dataclass(slots=True)
class Attention:
    interval: str
    periods: list[date]
    series: list[Series]

    def to_dict(self) -> dict[str, object]:
        return {
            "interval": self.interval,
            "periods": [p.isoformat() for p in self.periods],
            "series": [s.to_dict(self.periods) for s in self.series],
        }

    def rows(self) -> list[dict[str, object]]:
        """The long table: per series and period, the overall count (``outlet`` empty) and
        each outlet's, for CSV and JSON Lines."""
        rows: list[dict[str, object]] = []
        for series in self.series:
            for index, period in enumerate(self.periods):
                rows.append(
                    {"series": series.label, "kind": series.kind, "period": period.isoformat(),
                     "outlet": "", "articles": series.counts[index], "key": series.key}
                )  # fmt: skip
                rows += [
                    {"series": series.label, "kind": series.kind, "period": period.isoformat(),
                     "outlet": outlet, "articles": counts[index], "key": series.key}
                    for outlet, counts in series.outlets.items()
                    if counts[index]
                ]  # fmt: skip
        return rows


def period_of(day: date, interval: str) -> date:
    """The first day of the period holding ``day``."""
    if interval == "week":
        return day - timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return day


def _following(period: date, interval: str) -> date:
    if interval == "day":
        return period + timedelta(days=1)
    if interval == "week":
        return period + timedelta(days=7)
    return date(period.year + period.month // 12, period.month % 12 + 1, 1)


def attention(
    store: Store,
    follow: list[tuple[str, str]],
    interval: str = "day",
    since: str | None = None,
    until: str | None = None,
    outlet: str | None = None,
) -> Attention:
    """The attention of each followed ``(kind, key)``: ``("search", "banjir")``,
    ``("entity", "Jokowi")``, ``("story", "12")``.

    Raises:
        UsageError: nothing or too much to follow, an interval that is not one, an entity or
            story that is not stored, a search that is not one, or a span of too many periods.
    """
    if interval not in INTERVALS:
        raise UsageError(f"interval: {interval!r} is not one of {', '.join(INTERVALS)}")
    if not follow:
        raise UsageError("follow something: a search (q), an entity or a story")
    if len(follow) > MAX_SERIES:
        raise OverLimit(
            f"at most {MAX_SERIES} searches, entities and stories at once",
            "too_many_series",
            limit=MAX_SERIES,
        )
    found: list[tuple[Series, list[tuple[str, str | None, int]]]] = []
    for kind, key in follow:
        series, query = _series(store, kind, key, since, until, outlet)
        found.append((series, store.attention(query)))
    days = [date.fromisoformat(day) for _, rows in found for day, _, _ in rows]
    periods: list[date] = []
    if days:
        cursor, last = period_of(min(days), interval), period_of(max(days), interval)
        while cursor <= last:
            periods.append(cursor)
            if len(periods) > MAX_PERIODS:
                raise OverLimit(
                    f"more than {MAX_PERIODS} {interval}s between the first and the last"
                    " article: ask by week or month, or give since and until",
                    "too_many_periods",
                    limit=MAX_PERIODS,
                    interval=interval,
                )
            cursor = _following(cursor, interval)
    index = {period: number for number, period in enumerate(periods)}
    for series, rows in found:
        series.counts = [0] * len(periods)
        by_outlet: dict[str, list[int]] = {}
        for day, source, count in rows:
            at = index[period_of(date.fromisoformat(day), interval)]
            series.counts[at] += count
            by_outlet.setdefault(source or "(unknown)", [0] * len(periods))[at] += count
        series.total = sum(series.counts)
        series.outlets = dict(sorted(by_outlet.items(), key=lambda item: (-sum(item[1]), item[0])))
    return Attention(interval, periods, [series for series, _ in found])


def _series(
    store: Store, kind: str, key: str, since: str | None, until: str | None, outlet: str | None
) -> tuple[Series, AttentionQuery]:
    if kind == "search":
        return Series(key, kind, key), AttentionQuery(
            text=key, since=since, until=until, outlet=outlet
        )
    if kind == "entity":
        entities = store.list_entities(EntityQuery(name=key, limit=1))
        if not entities:
            raise UsageError(f"no entity named {key!r} (see `warta entities`)")
        return Series(entities[0].canonical, kind, key), AttentionQuery(
            entity=key, since=since, until=until, outlet=outlet
        )
    if kind == "story":
        story = store.get_story(int(key)) if key.isdigit() else None
        if story is None:
            raise UsageError(f"no story with id {key} (see `warta stories`)")
        label = story.summary.title or f"story {story.summary.id}"
        return Series(label, kind, key), AttentionQuery(
            story=story.summary.id, since=since, until=until, outlet=outlet
        )
    raise UsageError(f"cannot follow {kind!r}: a search, an entity or a story")
