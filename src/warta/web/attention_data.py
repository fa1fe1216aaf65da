"""What the attention page shows: the chart of what it follows, each series' leading outlets
on one scale, or why what it was asked to follow cannot be (in the page's language).

The other pages are gathered in :mod:`warta.web.page_data`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from warta.errors import UsageError
from warta.present.attention import Attention, attention
from warta.records import EntityQuery, Store
from warta.web import charts, page_errors
from warta.web.i18n import MONTHS, Translate, readable_date, readable_number
from warta.web.page_data import LARGEST_INTEGER


@dataclass(frozen=True, slots=True)
class AttentionPage:
    chart: Markup
    attention: Attention | None
    #: per series: its label and its top outlets, each with its total and a sparkline
    outlets: list[tuple[str, list[tuple[str, int, Markup]]]]
    error: str | None = None
    #: where the reader finds what to follow instead: (href, label)
    error_link: tuple[str, str] | None = None
    #: the most articles of one outlet in one bar of the sparklines, which all share its scale
    spark_peak: int = 0


#: Outlets listed under the attention chart for each series.
ATTENTION_OUTLETS = 8


def attention_page(
    store: Store,
    follow: list[tuple[str, str]],
    interval: str,
    filters: dict[str, str | None],
    t: Translate,
    lang: str,
) -> AttentionPage:
    """The chart of what the page follows, and each series' leading outlets; an empty page
    (with nothing followed) asks what to follow, and a follow that cannot be says why."""
    if not follow:
        return AttentionPage(Markup(""), None, [])
    unknown = _unknown_follow(store, follow, t)
    if unknown is not None:
        return unknown
    try:
        found = attention(
            store, follow, interval, filters["since"], filters["until"], filters["outlet"]
        )
    except UsageError as exc:
        return AttentionPage(Markup(""), None, [], page_errors.refusal(exc, t))

    def describe(label: str, period: date, count: int) -> str:
        when = readable_date(period.isoformat(), lang, time=False)
        return f"{label}, {t('attention.' + interval, when=when)}: {t('articles.n', n=count)}"

    chart = charts.attention_chart(
        found.periods,
        [(s.label, s.counts) for s in found.series],
        MONTHS[lang],
        describe,
        lambda n: readable_number(n, lang),
    )
    shown = [
        (series.label, list(series.outlets.items())[:ATTENTION_OUTLETS]) for series in found.series
    ]
    # one scale for every outlet of every series, so that their bars compare
    drawn, peak = charts.sparklines(
        [
            (outlet, {p.isoformat(): n for p, n in zip(found.periods, counts, strict=True)})
            for _, top in shown
            for outlet, counts in top
        ]
    )
    sparks = iter(drawn)
    outlets = [
        (label, [(outlet, sum(counts), next(sparks)) for outlet, counts in top])
        for label, top in shown
    ]
    return AttentionPage(chart, found, outlets, spark_peak=peak)


def _unknown_follow(
    store: Store, follow: list[tuple[str, str]], t: Translate
) -> AttentionPage | None:
    """The page saying, in its language, that an entity or story followed is not stored, with
    a link to the pages that list them (None when all are): the library's message names the
    CLI command that lists them, which a reader of the web has no use for."""
    for kind, key in follow:
        if kind == "entity" and not store.list_entities(EntityQuery(name=key, limit=1)):
            message = t("attention.no_entity", name=key)
            return AttentionPage(Markup(""), None, [], message, ("/entities", t("entities.all")))
        if kind == "story" and not (
            key.isdigit() and int(key) <= LARGEST_INTEGER and store.story_article_ids(int(key))
        ):
            message = t("error.no_story", id=key)
            return AttentionPage(Markup(""), None, [], message, ("/stories", t("stories.all")))
    return None
