"""SVG charts drawn in Python: a story's sparkline and timeline, coverage by outlet, an
entity's mentions over time.

Every chart is one ``<svg>`` string with axes or labels where a reader needs them and a
``<title>`` on each mark (the browser's tooltip). Text from the data is escaped; colours come
from classes the stylesheet defines, so the charts follow the page's palette and need no inline
style (the Content-Security-Policy forbids it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup, escape

from warta.model import TimelineEntry

#: Most bars a time chart draws before counting by week, then by month: about what fits in the
#: page's width (52rem) with bars still wide enough to point at.
MAX_BARS = 62
#: Most ticks on a time axis: labels of ~8 characters stay apart at the page's width.
MAX_TICKS = 8
#: A tick label's width per character (11px text, as the stylesheet sets it), and how far past
#: the axis's ends a label centred on its tick may reach and still be inside the chart.
TICK_CHARACTER_WIDTH = 6.5
EDGE_ROOM = 18.0
#: Timeline markers closer than this (in SVG units) are put on separate rows, so each stays
#: clickable (a marker is 12 units wide).
MARKER_GAP = 16
#: Text of a timeline entry shown in its tooltip, in characters: enough for one sentence.
TOOLTIP_CHARS = 220
#: Width of the outlet names beside the coverage bars, and the characters of a name shown there
#: (at 12 px, about 7.5 units a character): "kompas.com", "detiknews.com", most portal names
#: fit whole; the tooltip has the rest.
OUTLET_LABEL_WIDTH = 190
OUTLET_LABEL_CHARS = 23


@dataclass(frozen=True, slots=True)
class Bin:
    """Counts over the days ``first`` to ``last``, both included."""

    first: date
    last: date
    count: int
    extra: int = 0


def _parse_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def entry_day(entry: TimelineEntry) -> date | None:
    """Where a timeline entry sits on a time axis: its day, the middle of its month or year."""
    try:
        if entry.precision == "year" or len(entry.date) == 4:
            return date(int(entry.date[:4]), 7, 1)
        if entry.precision == "month" or len(entry.date) == 7:
            return date(int(entry.date[:4]), int(entry.date[5:7]), 15)
        return date.fromisoformat(entry.date[:10])
    except ValueError:
        return None


def binned(days: dict[date, tuple[int, int]]) -> tuple[list[Bin], str]:
    """Per-day counts (and a second count) as at most :data:`MAX_BARS` bins with no gaps:
    by day, by week (Monday first) or by month, as the span needs. Returns the bins and the
    unit (``day``, ``week``, ``month``)."""
    if not days:
        return [], "day"
    first, last = min(days), max(days)
    span = (last - first).days + 1
    if span <= MAX_BARS:
        unit, start = "day", first
    elif span <= MAX_BARS * 7:
        unit, start = "week", first - timedelta(days=first.weekday())
    else:
        unit, start = "month", first.replace(day=1)
    bins: list[Bin] = []
    cursor = start
    while cursor <= last:
        following = _next(cursor, unit)
        inside = [counts for day, counts in days.items() if cursor <= day < following]
        bins.append(
            Bin(
                cursor,
                following - timedelta(days=1),
                sum(c[0] for c in inside),
                sum(c[1] for c in inside),
            )
        )
        cursor = following
    return bins, unit


def _next(day: date, unit: str) -> date:
    if unit == "day":
        return day + timedelta(days=1)
    if unit == "week":
        return day + timedelta(days=7)
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


#: A sparkline's title, or what makes it from the unit of its bars (``day``, ``week``, ``month``).
SparkTitle = str | Callable[[str], str]


def sparklines(lines: Sequence[tuple[SparkTitle, Mapping[str, int]]]) -> tuple[list[Markup], int]:
    """Sparklines of several counts per day, (title, counts per day) each, drawn on one scale
    so that their bars compare: the tallest bar of them all is at full height. Each is binned
    by day, week or month as its own span needs (no axes: the span is written beside it).
    Returns them in order, and that bar's count."""
    binned_lines = [(title, *_spark_bins(counts)) for title, counts in lines]
    peak = max((b.count for _, bins, _ in binned_lines for b in bins), default=0)
    return [
        _draw_spark(bins, peak, title if isinstance(title, str) else title(unit))
        for title, bins, unit in binned_lines
    ], peak


def _spark_bins(counts: Mapping[str, int]) -> tuple[list[Bin], str]:
    days: dict[date, tuple[int, int]] = {}
    for value, count in counts.items():
        day = _parse_day(value)
        if day is not None:
            days[day] = (days.get(day, (0, 0))[0] + count, 0)
    return binned(days)


def _draw_spark(bins: Sequence[Bin], peak: int, title: str) -> Markup:
    """Bars of ``bins``, a count of ``peak`` at full height."""
    if not bins:
        return Markup("")
    width, height = 120, 24
    step = width / len(bins)
    peak = peak or 1
    bars = []
    for index, bin_ in enumerate(bins):
        if not bin_.count:
            continue
        bar = max(2.0, (height - 2) * bin_.count / peak)
        bars.append(
            f'<rect x="{index * step:.1f}" y="{height - bar:.1f}" width="{max(step - 1, 1):.1f}"'
            f' height="{bar:.1f}"></rect>'
        )
    return Markup(
        f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        f' role="img"><title>{escape(title)}</title>'
        f'<line class="base" x1="0" y1="{height - 0.5}" x2="{width}" y2="{height - 0.5}"></line>'
        f"{''.join(bars)}</svg>"
    )


@dataclass(frozen=True, slots=True)
class Axis:
    """A time axis from ``first`` to ``last`` drawn between ``left`` and ``right``."""

    first: date
    last: date
    left: float
    right: float

    def x(self, day: date) -> float:
        span = max((self.last - self.first).days, 1)
        return self.left + (self.right - self.left) * (day - self.first).days / span

    def drawn(self, month_names: Sequence[str], baseline: float) -> list[str]:
        """The axis's ticks under ``baseline`` with their labels, each label kept inside the
        chart: one at the chart's edge is anchored to its end or start rather than centred
        on its tick, which cut "Mar 2018" to "Mar 201" at the right edge."""
        parts = []
        for day, text in self.ticks(month_names):
            x = self.x(day)
            half = len(text) * TICK_CHARACTER_WIDTH / 2
            anchor = (
                "end"
                if x + half > self.right + EDGE_ROOM
                else "start"
                if x - half < self.left - EDGE_ROOM
                else "middle"
            )
            parts.append(
                f'<line class="tick" x1="{x:.1f}" y1="{baseline}" x2="{x:.1f}"'
                f' y2="{baseline + 5}"></line><text class="tick-label" x="{x:.1f}"'
                f' y="{baseline + 18}" text-anchor="{anchor}">{escape(text)}</text>'
            )
        return parts

    def ticks(self, month_names: Sequence[str]) -> list[tuple[date, str]]:
        span = (self.last - self.first).days
        for step in (1, 2, 7, 14):
            if span / step <= MAX_TICKS:
                start = self.first
                if step >= 7:
                    start = self.first + timedelta(days=(7 - self.first.weekday()) % 7)
                count = span // step + 1
                days = [start + timedelta(days=step * i) for i in range(count)]
                return [(d, f"{d.day} {month_names[d.month - 1]}") for d in days if d <= self.last]
        step_months = next(
            (m for m in (1, 2, 3, 6, 12, 24, 60, 120) if span / (30.4 * m) <= MAX_TICKS), 240
        )
        ticks = []
        cursor = date(self.first.year, self.first.month, 1)
        while cursor <= self.last:
            if cursor >= self.first and (cursor.year * 12 + cursor.month - 1) % step_months == 0:
                label = (
                    f"{month_names[cursor.month - 1]} {cursor.year}"
                    if step_months < 12
                    else str(cursor.year)
                )
                ticks.append((cursor, label))
            cursor = _next(cursor, "month")
        return ticks


@dataclass(frozen=True, slots=True)
class TimelineLabels:
    happened: str
    planned: str
    was_planned: str
    published: str
    months: Sequence[str]
    describe: Callable[[TimelineEntry], str]


def timeline_chart(
    entries: Sequence[TimelineEntry],
    published: tuple[str | None, str | None],
    labels: TimelineLabels,
) -> Markup:
    """The story's dated entries on a time axis, each linking to its line in the list below
    (``#t-N``): happened filled, planned hollow and dashed, planned-then-happened ringed; the
    band shows when the story's articles were published."""
    placed = [(index, entry, entry_day(entry)) for index, entry in enumerate(entries)]
    dated = [(index, entry, day) for index, entry, day in placed if day is not None]
    if not dated:
        return Markup("")
    band = (_parse_day(published[0]), _parse_day(published[1]))
    days = [day for _, _, day in dated] + [d for d in band if d is not None]
    first, last = min(days), max(days)
    pad = max(1, (last - first).days // 20)
    axis = Axis(first - timedelta(days=pad), last + timedelta(days=pad), 20.0, 740.0)
    rows: list[float] = []
    row_of: list[int] = []
    for _, _, day in dated:
        x = axis.x(day)
        row = next((r for r, end in enumerate(rows) if x - end >= MARKER_GAP), len(rows))
        if row == len(rows):
            rows.append(x)
        rows[row] = x
        row_of.append(row)
    top = 18
    row_height = 20
    baseline = top + row_height * max(len(rows), 1) + 6
    height = baseline + 52
    parts = [
        f'<svg class="chart timeline-chart" viewBox="0 0 760 {height}" role="img"'
        f' aria-label="{escape(labels.happened)} / {escape(labels.planned)}">'
    ]
    if band[0] and band[1]:
        x1, x2 = axis.x(band[0]), axis.x(band[1])
        parts.append(
            f'<rect class="band" x="{x1:.1f}" y="{top - 8}" width="{max(x2 - x1, 2):.1f}"'
            f' height="{baseline - top + 8}"><title>{escape(labels.published)}</title></rect>'
        )
    parts.append(f'<line class="axis" x1="20" y1="{baseline}" x2="740" y2="{baseline}"></line>')
    parts += axis.drawn(labels.months, baseline)
    for (index, entry, day), row in zip(dated, row_of, strict=True):
        x = axis.x(day)
        y = baseline - 14 - row * row_height
        kind = "planned" if entry.status == "planned" else "happened"
        ring = ""
        if "was-planned" in entry.flags and kind == "happened":
            ring = f'<circle class="ring" cx="{x:.1f}" cy="{y}" r="9"></circle>'
        parts.append(
            f'<a href="#t-{index}" class="mark {kind}"><title>'
            f"{escape(labels.describe(entry))}</title>"
            f'<line class="stem" x1="{x:.1f}" y1="{y}" x2="{x:.1f}" y2="{baseline}"></line>'
            f'{ring}<circle cx="{x:.1f}" cy="{y}" r="6"></circle></a>'
        )
    legend_y = baseline + 40
    parts.append(
        f'<g class="legend" transform="translate(20 {legend_y})">'
        f'<circle class="happened" cx="6" cy="0" r="6"></circle>'
        f'<text x="18" y="4">{escape(labels.happened)}</text>'
        f'<circle class="planned" cx="176" cy="0" r="6"></circle>'
        f'<text x="188" y="4">{escape(labels.planned)}</text>'
        f'<circle class="ring" cx="406" cy="0" r="9"></circle>'
        f'<circle class="happened" cx="406" cy="0" r="6"></circle>'
        f'<text x="421" y="4">{escape(labels.was_planned)}</text>'
        f'<rect class="band" x="590" y="-7" width="14" height="14"></rect>'
        f'<text x="610" y="4">{escape(labels.published)}</text></g></svg>'
    )
    return Markup("".join(parts))


@dataclass(frozen=True, slots=True)
class OutletBar:
    outlet: str
    articles: int
    copies: int
    tooltip: str


def outlet_chart(
    bars: Sequence[OutletBar],
    originals: str,
    copies: str,
    number: Callable[[int], str] = str,
) -> Markup:
    """Horizontal bars of each outlet's articles: originals, then copies as a lighter segment,
    with the count at the end (written by ``number``, the page's) and a legend."""
    if not bars:
        return Markup("")
    label_width, bar_width, row = OUTLET_LABEL_WIDTH, 480, 24
    peak = max(b.articles for b in bars) or 1
    height = row * len(bars) + 34
    parts = [f'<svg class="chart outlet-chart" viewBox="0 0 760 {height}" role="img">']
    for index, bar in enumerate(bars):
        y = index * row + 4
        originals_width = bar_width * (bar.articles - bar.copies) / peak
        copies_width = bar_width * bar.copies / peak
        name = (
            bar.outlet
            if len(bar.outlet) <= OUTLET_LABEL_CHARS
            else bar.outlet[: OUTLET_LABEL_CHARS - 1] + "…"
        )
        parts.append(
            f"<g><title>{escape(bar.tooltip)}</title>"
            f'<text class="label" x="{label_width - 8}" y="{y + 13}" text-anchor="end">'
            f"{escape(name)}</text>"
            f'<rect class="originals" x="{label_width}" y="{y}" width="{originals_width:.1f}"'
            f' height="{row - 8}"></rect>'
            f'<rect class="copies" x="{label_width + originals_width:.1f}" y="{y}"'
            f' width="{copies_width:.1f}" height="{row - 8}"></rect>'
            f'<text class="count" x="{label_width + originals_width + copies_width + 6:.1f}"'
            f' y="{y + 13}">{number(bar.articles)}</text></g>'
        )
    legend_y = len(bars) * row + 18
    parts.append(
        f'<g class="legend" transform="translate({label_width} {legend_y})">'
        f'<rect class="originals" x="0" y="-6" width="14" height="12"></rect>'
        f'<text x="20" y="4">{escape(originals)}</text>'
        f'<rect class="copies" x="170" y="-6" width="14" height="12"></rect>'
        f'<text x="190" y="4">{escape(copies)}</text></g></svg>'
    )
    return Markup("".join(parts))


def activity_chart(
    activity: Sequence[tuple[str, int, int]],
    months: Sequence[str],
    describe: Callable[[Bin, str], str],
    number: Callable[[int], str] = str,
) -> Markup:
    """An entity's mentions per day (or week, or month) as bars over a time axis, with the
    highest count (written by ``number``, the page's) on the vertical axis; each bar's tooltip
    gives its articles and mentions."""
    days: dict[date, tuple[int, int]] = {}
    for value, articles, mentions in activity:
        day = _parse_day(value)
        if day is not None:
            days[day] = (mentions, articles)
    bins, unit = binned(days)
    if not bins:
        return Markup("")
    left, right, top, bottom = 40.0, 740.0, 10.0, 130.0
    peak = max(b.count for b in bins) or 1
    step = (right - left) / len(bins)
    parts = [
        '<svg class="chart activity-chart" viewBox="0 0 760 160" role="img">',
        f'<line class="axis" x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}"></line>',
        f'<line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{bottom}"></line>',
        f'<text class="tick-label" x="{left - 6}" y="{top + 4}" text-anchor="end">'
        f"{number(peak)}</text>",
        f'<text class="tick-label" x="{left - 6}" y="{bottom}" text-anchor="end">0</text>',
    ]
    for index, bin_ in enumerate(bins):
        if not bin_.count:
            continue
        height = (bottom - top) * bin_.count / peak
        x = left + index * step
        parts.append(
            f'<rect class="bar" x="{x + 1:.1f}" y="{bottom - height:.1f}"'
            f' width="{max(step - 2, 1):.1f}" height="{height:.1f}">'
            f"<title>{escape(describe(bin_, unit))}</title></rect>"
        )
    parts += Axis(bins[0].first, bins[-1].last + timedelta(days=1), left, right).drawn(
        months, bottom
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def attention_chart(
    periods: Sequence[date],
    series: Sequence[tuple[str, Sequence[int]]],
    months: Sequence[str],
    describe: Callable[[str, date, int], str],
    number: Callable[[int], str] = str,
) -> Markup:
    """Several series of counts over the same periods as lines on one time axis, the highest
    count on the vertical axis, a legend under it (counts written by ``number``); each point's
    tooltip says its series, period and count (``describe``). Readable without script."""
    if not periods or not series:
        return Markup("")
    left, right, top, bottom = 44.0, 740.0, 10.0, 170.0
    peak = max((max(counts, default=0) for _, counts in series), default=0) or 1
    step = (right - left) / max(len(periods) - 1, 1)
    height = bottom + 30 + 18 * len(series)
    parts = [
        f'<svg class="chart attention-chart" viewBox="0 0 760 {height:.0f}" role="img">',
        f'<line class="axis" x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}"></line>',
        f'<line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{bottom}"></line>',
        f'<text class="tick-label" x="{left - 6}" y="{top + 4}" text-anchor="end">'
        f"{number(peak)}</text>",
        f'<text class="tick-label" x="{left - 6}" y="{bottom}" text-anchor="end">0</text>',
    ]
    parts += Axis(periods[0], periods[-1], left, right).drawn(months, bottom)
    for position, (label, counts) in enumerate(series):
        points = [
            (left + index * step, bottom - (bottom - top) * count / peak)
            for index, count in enumerate(counts)
        ]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<g class="series series-{position}"><polyline points="{path}"></polyline>')
        for (x, y), period, count in zip(points, periods, counts, strict=True):
            if count:
                parts.append(
                    f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5">'
                    f"<title>{escape(describe(label, period, count))}</title></circle>"
                )
        legend_y = bottom + 36 + 18 * position
        parts.append(
            f'<rect x="{left}" y="{legend_y - 9:.0f}" width="14" height="4"></rect>'
            f'<text class="legend" x="{left + 20}" y="{legend_y - 4:.0f}">{escape(label)}'
            f" ({number(sum(counts))})</text></g>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
