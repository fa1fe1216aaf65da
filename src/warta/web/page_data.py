"""What each page shows, gathered from the store in bulk and shaped for its template.

The routes in :mod:`warta.web.pages` parse and check the request, call one function here, and
render the result. Nothing here writes HTML except through :mod:`warta.web.markup` and
:mod:`warta.web.charts`, which escape every piece of text they are given.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from warta.model import Article, SourceRef, TimelineEntry
from warta.present.story_output import StoryView, outlet_counts
from warta.present.story_report import quotes_by_speaker
from warta.records import (
    Cooccurrence,
    Entity,
    FacetCount,
    QuoteQuery,
    QuoteRecord,
    SearchHit,
    Store,
    StoryArticle,
    StoryDetail,
    StoryQuery,
    StorySummary,
)
from warta.web import charts
from warta.web.i18n import MONTHS, Translate, readable_date, readable_number
from warta.web.markup import Labels, highlight, mark, paragraph_spans, safe_url

#: Quotes and stories an entity's page lists (the quotes page and the story list have the rest).
ENTITY_QUOTES = 30
ENTITY_STORIES = 20
#: The largest id, limit or offset the store takes: SQLite's integers are 64-bit.
LARGEST_INTEGER = 2**63 - 1
#: Citation links shown after a sentence before "and N more": a summary sentence a dozen
#: copies repeat stays one line.
CITATIONS_SHOWN = 6


_PLAIN_ID = re.compile(r"[A-Za-z0-9_.~-]+")


def path_segment(article_id: str) -> str:
    """An id as one URL path segment (most ids are hex and need no quoting)."""
    return article_id if _PLAIN_ID.fullmatch(article_id) else quote(article_id, safe="")


def article_href(article_id: str, source: SourceRef | None = None) -> str:
    """The article page, at the cited paragraph with the cited stretch marked."""
    href = f"/articles/{path_segment(article_id)}"
    if source is None:
        return href
    return f"{href}?cite={source.paragraph}:{source.start}-{source.end}#p{source.paragraph}"


def quote_href(quote_record: QuoteRecord) -> str:
    """The article page at a quote, the quote marked (to its paragraph's end when it runs on)."""
    end = quote_record.end if quote_record.end_paragraph == quote_record.paragraph else _TO_END
    source = SourceRef(quote_record.article, quote_record.paragraph, quote_record.start, end)
    return article_href(quote_record.article, source)


#: An end offset past any paragraph: a cited stretch running to the paragraph's end.
_TO_END = 10**6


def parse_cite(value: str | None) -> list[tuple[int, int, int]]:
    """``paragraph:start-end`` (as :func:`article_href` writes it), or nothing when malformed."""
    if not value:
        return []
    paragraph, _, offsets = value.partition(":")
    start, _, end = offsets.partition("-")
    if not (paragraph.isdigit() and start.isdigit() and end.isdigit()):
        return []
    return [(int(paragraph), int(start), int(end))]


# --- story list --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoryRow:
    summary: StorySummary
    copies: int
    sparkline: Markup


def story_rows(
    store: Store, stories: Sequence[StorySummary], t: Translate
) -> tuple[list[StoryRow], int]:
    """Listed stories with the sparkline of their articles per day (per week or month for a
    long story), and the count of the tallest bar: the sparklines share one scale, so that a
    story of 2 articles looks smaller than one of 40. A story of one day gets its one bar too:
    an empty space where the others have a chart reads as missing data (none only for a story
    of undated articles)."""
    days = store.story_days([summary.id for summary in stories])
    drawn = [summary for summary in stories if days.get(summary.id)]
    sparks, peak = charts.sparklines(
        [(lambda unit: t(f"stories.activity.{unit}"), days[summary.id]) for summary in drawn]
    )
    sparkline = {summary.id: spark for summary, spark in zip(drawn, sparks, strict=True)}
    rows = [
        StoryRow(
            summary, summary.articles - summary.originals, sparkline.get(summary.id, Markup(""))
        )
        for summary in stories
    ]
    return rows, peak


# --- story page --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Citation:
    number: int
    href: str
    title: str


@dataclass(frozen=True, slots=True)
class CitedText:
    text: str
    citations: list[Citation]
    more: int = 0


@dataclass(frozen=True, slots=True)
class TimelineLine:
    index: int
    entry: TimelineEntry
    when: str
    cited: CitedText


@dataclass(frozen=True, slots=True)
class ArticleLine:
    number: int
    article: StoryArticle
    copy_of: int | None
    href: str
    published: str


@dataclass(frozen=True, slots=True)
class EventLine:
    title: str | None
    when: str
    articles: list[ArticleLine]


@dataclass(slots=True)
class StoryPage:
    view: StoryView
    summary: list[CitedText]
    timeline: list[TimelineLine]
    background: list[TimelineLine]
    timeline_chart: Markup
    events: list[EventLine]
    speakers: list[tuple[str, int | None, list[QuoteRecord]]]
    entities: Sequence[Entity]
    outlet_chart: Markup
    articles: list[ArticleLine]
    numbers: dict[str, int] = field(default_factory=dict)


def story_page(view: StoryView, t: Translate, lang: str) -> StoryPage:
    """A story's page: the summary and timeline citing numbered articles, the charts, events,
    quotes by speaker, entities and the articles (copies marked)."""
    story = view.story
    numbers = _numbers(view)
    by_id = {a.id: a for a in story.articles}

    titles: dict[str, str] = {}

    def title(article: str) -> str:
        if article not in titles:
            name = _article_title(by_id.get(article), t)
            titles[article] = t("story.cite", n=str(numbers[article]), title=name)
        return titles[article]

    def cite(text: str, sources: Sequence[SourceRef]) -> CitedText:
        seen: dict[str, SourceRef] = {}
        for source in sources:
            if source.article in numbers:
                seen.setdefault(source.article, source)
        ranked = sorted(seen.items(), key=lambda item: numbers[item[0]])
        shown = [
            Citation(numbers[article], article_href(article, source), title(article))
            for article, source in ranked[:CITATIONS_SHOWN]
        ]
        return CitedText(text, shown, len(ranked) - len(shown))

    def line(index: int, entry: TimelineEntry) -> TimelineLine:
        return TimelineLine(
            index, entry, readable_date(entry.date, lang), cite(entry.text, entry.sources)
        )

    entries = list(view.timeline.entries)
    lines = [line(i, entry) for i, entry in enumerate(entries)]
    background = [line(len(entries) + i, entry) for i, entry in enumerate(view.timeline.background)]
    article_lines = [
        ArticleLine(
            numbers[a.id],
            a,
            numbers.get(a.duplicate_of) if a.duplicate_of else None,
            article_href(a.id),
            readable_date(a.published, lang, time=False),
        )
        for a in story.articles
    ]
    line_of = {line.article.id: line for line in article_lines}
    events = [
        EventLine(
            event.title,
            readable_date(event.date, lang),
            [line_of[a] for a in event.articles if a in line_of],
        )
        for event in story.events
    ]
    entity_ids = {e.canonical: e.id for e in view.entities}
    speakers = [
        (speaker, quotes[0].speaker_entity or entity_ids.get(speaker), quotes)
        for speaker, quotes in quotes_by_speaker(view.quotes)
    ]
    summary = story.summary
    return StoryPage(
        view=view,
        summary=[cite(s.text, s.sources) for s in view.summary],
        timeline=lines,
        background=background,
        timeline_chart=charts.timeline_chart(
            entries,
            (summary.first_published, summary.last_published),
            charts.TimelineLabels(
                happened=t("legend.happened"),
                planned=t("legend.planned"),
                was_planned=t("legend.was_planned"),
                published=t("legend.published"),
                months=MONTHS[lang],
                describe=lambda e: _describe_entry(e, t, lang),
            ),
        ),
        events=events,
        speakers=speakers,
        entities=view.entities,
        outlet_chart=outlet_chart(story, t, lang),
        articles=article_lines,
        numbers=numbers,
    )


def _numbers(view: StoryView) -> dict[str, int]:
    """One number per article: the summary's sources first, then the timeline's, then the
    rest oldest first (as the story's reports number them)."""
    order: dict[str, int] = {}
    cited = [s.article for sentence in view.summary for s in sentence.sources]
    cited += [s.article for entry in view.timeline.entries for s in entry.sources]
    known = {a.id for a in view.story.articles}
    for article in [*cited, *(a.id for a in view.story.articles)]:
        if article in known and article not in order:
            order[article] = len(order) + 1
    return order


def _article_title(article: StoryArticle | None, t: Translate) -> str:
    if article is None:
        return t("untitled")
    outlet = f" ({article.outlet})" if article.outlet else ""
    return f"{article.title or t('untitled')}{outlet}"


def _describe_entry(entry: TimelineEntry, t: Translate, lang: str) -> str:
    flags = [t(f"flag.{flag}") for flag in entry.flags]
    status = t(f"status.{entry.status}")
    head = f"{readable_date(entry.date, lang)} · {status}" + (
        f" ({', '.join(flags)})" if flags else ""
    )
    text = entry.text
    if len(text) > charts.TOOLTIP_CHARS:
        text = text[: charts.TOOLTIP_CHARS - 1] + "…"
    return f"{head}\n{text}"


def outlet_chart(story: StoryDetail, t: Translate, lang: str) -> Markup:
    bars = [
        charts.OutletBar(
            t("unknown") if row["outlet"] == "-" else str(row["outlet"]),
            int(row["articles"]),
            int(row["copies"]),
            f"{row['outlet']}: {t('articles.n', n=row['articles'])}, "
            f"{t('copies.n', n=row['copies'])}",
        )
        for row in outlet_counts(story)
    ]
    return charts.outlet_chart(
        bars, t("legend.originals"), t("legend.copies"), lambda n: readable_number(n, lang)
    )


# --- article page ------------------------------------------------------------------------------


@dataclass(slots=True)
class ArticlePage:
    article: Article
    url: str | None
    paragraphs: list[Markup]
    story: StorySummary | None
    copy_of: str | None
    types: list[str]
    quotes: list[tuple[int, str]] = field(default_factory=list)


def article_page(
    store: Store, article: Article, t: Translate, cited: Sequence[tuple[int, int, int]]
) -> ArticlePage:
    """An article's page: metadata, story, and the clean text with entities, quotes, dates and
    the cited stretch highlighted."""
    types = sorted({e.type for e in article.entities})
    labels = Labels(
        types={kind: t(f"type.{kind}") for kind in types},
        quote=t("hl.quote"),
        date=t("hl.date"),
        planned=t("hl.date.planned"),
        cited=t("story.sources"),
    )
    spans = paragraph_spans(article, labels, cited)
    paragraphs = [highlight(text, spans[i]) for i, text in enumerate(article.body)]
    placement = store.placements([article.id]).get(article.id)
    story = None
    if placement is not None:
        detail = store.get_story(placement.story)
        story = detail.summary if detail else None
    return ArticlePage(
        article=article,
        url=safe_url(article.url),
        paragraphs=paragraphs,
        story=story,
        copy_of=placement.duplicate_of if placement else None,
        types=types,
    )


# --- entity page -------------------------------------------------------------------------------


@dataclass(slots=True)
class EntityPage:
    entity: Entity
    chart: Markup
    quotes: list[QuoteRecord]
    stories: list[StorySummary]
    appears_with: list[Cooccurrence]
    #: all the quotes and stories, of which the page lists the first
    quote_total: int
    story_total: int


def bin_span(bin_: charts.Bin, unit: str, lang: str) -> str:
    """When a chart's bar counts: its day, or its first and last day."""
    first = readable_date(bin_.first.isoformat(), lang)
    return first if unit == "day" else f"{first} – {readable_date(bin_.last.isoformat(), lang)}"


#: Entities an entity's page lists as appearing with it.
APPEARS_WITH = 15


def entity_page(store: Store, entity: Entity, t: Translate, lang: str) -> EntityPage:
    """An entity's page: its mentions over time, its quotes (a person's), its stories, and
    the entities mentioned with it most often."""

    def describe(bin_: charts.Bin, unit: str) -> str:
        when = bin_span(bin_, unit, lang)
        return f"{when}: {t('mentions.n', n=bin_.count)}, {t('articles.n', n=bin_.extra)}"

    chart = charts.activity_chart(
        store.entity_activity(entity.id),
        MONTHS[lang],
        describe,
        lambda n: readable_number(n, lang),
    )
    quotes: list[QuoteRecord] = []
    quote_total = 0
    if entity.type == "PERSON":
        quote_query = QuoteQuery(speaker=entity.canonical, limit=ENTITY_QUOTES)
        quotes = store.list_quotes(quote_query)
        quote_total = store.count_quotes(quote_query)
    story_query = StoryQuery(entity=entity.canonical, limit=ENTITY_STORIES)
    stories = store.list_stories(story_query)
    return EntityPage(
        entity,
        chart,
        quotes,
        stories,
        store.cooccurring(entity.id, APPEARS_WITH),
        quote_total,
        store.count_stories(story_query),
    )


def together(
    store: Store, first: int, second: int, limit: int, offset: int = 0
) -> list[dict[str, Any]]:
    """The articles that mention both entities, newest first, ``limit`` of them from
    ``offset``: id, title, outlet, published and story of each (the API's and the page's
    rows; ``store.count_pair_articles`` counts them all)."""
    # the store lists a pair's articles from the newest; a deeper page skips the first ones
    ids = store.pair_articles(first, second, min(offset + limit, LARGEST_INTEGER))[offset:]
    articles = store.get_articles(ids)
    placements = store.placements(ids)
    return [
        {
            "id": article_id,
            "title": articles[article_id].title,
            "outlet": articles[article_id].outlet,
            "published": articles[article_id].published,
            "story": placements[article_id].story if article_id in placements else None,
        }
        for article_id in ids
        if article_id in articles
    ]


# --- outlets -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OutletPage:
    outlet: str
    articles: int
    copies: int
    chart: Markup
    stories: list[StorySummary]
    wires: list[tuple[str, int]]
    #: all its stories, of which the page lists the first
    story_total: int


#: Stories and wires an outlet's page lists.
OUTLET_STORIES = 20
OUTLET_WIRES = 15


def outlet_page(store: Store, outlet: str, t: Translate, lang: str) -> OutletPage | None:
    """An outlet's page (None when no article is from it)."""
    days = store.outlet_days(outlet)
    story_query = StoryQuery(order="ranked", outlet=outlet, limit=OUTLET_STORIES)
    stories = store.list_stories(story_query)
    if not days and not stories:
        return None

    def describe(bin_: charts.Bin, unit: str) -> str:
        return f"{bin_span(bin_, unit, lang)}: {t('articles.n', n=bin_.count)}"

    # one day's bar would fill the chart and say nothing
    chart = (
        charts.activity_chart(
            [(day, n, n) for day, n in days],
            MONTHS[lang],
            describe,
            lambda n: readable_number(n, lang),
        )
        if len(days) > 1
        else Markup("")
    )
    wires = store.outlet_wires(outlet).most_common(OUTLET_WIRES)
    copies = store.outlet_copies(outlet)
    total = store.count_stories(story_query)
    return OutletPage(outlet, sum(n for _, n in days), copies, chart, stories, wires, total)


# --- search page -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FacetLink:
    label: str
    count: int
    params: dict[str, str]
    active: bool


#: The facets a search page offers, in the order it lists them, and the filter each sets.
FACETS = ("story", "entity", "speaker", "outlet", "month")


def facet_links(
    facets: dict[str, list[FacetCount]], filters: dict[str, str | None], lang: str
) -> list[tuple[str, list[FacetLink]]]:
    """Each facet's values as filters to add (a month sets ``since`` and ``until``)."""
    shaped = []
    for name in FACETS:
        links = []
        for facet in facets.get(name, []):
            if name == "month":
                params = _month_range(facet.value)
                label = readable_date(facet.value, lang)
                active = bool(params) and all(filters.get(k) == v for k, v in params.items())
            else:
                params = {name: facet.value}
                label = facet.label or facet.value
                active = filters.get(name) == facet.value
            if params:
                links.append(FacetLink(label, facet.count, params, active))
        if links:
            shaped.append((name, links))
    return shaped


def _month_range(month: str) -> dict[str, str]:
    """``since`` and ``until`` covering a ``YYYY-MM`` month (nothing when it is not one)."""
    try:
        first = date(int(month[:4]), int(month[5:7]), 1)
    except ValueError:
        return {}
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return {"since": first.isoformat(), "until": (following - timedelta(days=1)).isoformat()}


@dataclass(frozen=True, slots=True)
class HitLine:
    hit: SearchHit
    title: Markup
    snippet: Markup
    url: str | None


def hit_lines(hits: Sequence[SearchHit], t: Translate) -> list[HitLine]:
    """Hits with their matches marked in the title and snippet (escaped, from offsets)."""
    return [
        HitLine(
            hit,
            mark(hit.title or t("untitled"), hit.title_highlights if hit.title else []),
            mark(hit.snippet, hit.highlights),
            safe_url(hit.url),
        )
        for hit in hits
    ]
