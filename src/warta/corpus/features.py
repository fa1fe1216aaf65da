"""What story clustering knows of an article, and how alike two articles are.

An article is reduced to :class:`Features`: the stems of its content words (the headline and the
lead count more), the canonical entities it mentions, the direct quotes it carries, when it was
written and the day of the development it reports, and a MinHash signature of its text. Two
articles are the same story when they share rare words and rare entities, or a quote, and are
close in time (:func:`similarity`).

Words, entities and quotes share one key space (``t:`` stems, ``e:`` canonical entity names,
``q:`` quote hashes), so one table of document frequencies weighs them all and one inverted index
finds the candidates of a new article. Until a store has seen many articles its own counts say
little, so they are added to background counts from two thousand news articles
(:mod:`warta.corpus.background`, built by training/build_term_counts.py from IndoSum).
"""

from __future__ import annotations

import hashlib
import json
import math
import operator
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from itertools import chain, repeat
from typing import TypeVar

from warta.corpus.vectors import dot
from warta.model import Article
from warta.records import EntityKeys, Features
from warta.timestamps import to_utc

K = TypeVar("K")
V = TypeVar("V")

#: Stems kept per article: its most distinctive ones (by tf-idf when it was stored).
MAX_TERMS = 80
#: How much a stem in the headline and in the first paragraphs counts, against one further down.
TITLE_WEIGHT = 3.0
LEAD_WEIGHT = 1.5
LEAD_PARAGRAPHS = 2
#: Entities count by type: a person or an organisation says more about a story than a place.
ENTITY_TYPE_WEIGHT = {"PERSON": 1.0, "ORG": 1.0, "EVENT": 1.0, "LOC": 0.5, "MISC": 0.5}
#: Words of a direct quote that make its key: two outlets quoting the same sentence.
QUOTE_KEY_WORDS = 6

_EPOCH = date(1970, 1, 1)
_QUOTE_WORD = re.compile(r"\w+")


def article_features(
    article: Article, entity_keys: EntityKeys, idfs: Callable[[list[str]], Mapping[str, float]]
) -> Features:
    """The features of an article; ``idfs`` weighs its stems to keep the most distinctive."""
    from warta.corpus.words import words_of  # noqa: PLC0415  (NumPy: not for reading)

    words = words_of(article)
    # each part's stems counted in C, then each stem weighed once, not once per word: this runs
    # for every word of every article. The sums are multiples of a half, exact in any order.
    in_title = Counter(words.title_stems)
    in_lead = Counter(chain.from_iterable(words.body_stems[:LEAD_PARAGRAPHS]))
    in_body = Counter(chain.from_iterable(words.body_stems[LEAD_PARAGRAPHS:]))
    title = {"t:" + root: float(times) for root, times in in_title.items()}
    lead = title.copy()  # the headline's stems first, in the order they come
    counts: dict[str, float] = {}
    for weight, counted in ((TITLE_WEIGHT, in_title), (LEAD_WEIGHT, in_lead), (1.0, in_body)):
        for root, times in counted.items():
            key = "t:" + root
            counts[key] = counts.get(key, 0.0) + weight * times
            if counted is in_lead:
                lead[key] = lead.get(key, 0.0) + times
    idf = idfs(list(counts))
    # (-log tf) * idf of each stem mapped, not a generator calling _log_tf per stem
    ranking = map(operator.mul, map(operator.neg, map(_log_tfs.__getitem__, counts.values())),
                  map(idf.__getitem__, counts))  # fmt: skip
    ranked = sorted(zip(ranking, counts, strict=True))
    terms = {key: counts[key] for _, key in ranked[:MAX_TERMS]}
    entities = {
        key: ENTITY_TYPE_WEIGHT.get(kind, 0.5) * (1.0 + math.log(mentions))
        for key, (kind, mentions) in entity_keys.items()
    }
    return Features(
        article_id=article.id,
        day=article_day(article),
        event_day=event_day(article),
        terms=terms,
        entities=entities,
        quotes=frozenset(quote_keys(article)),
        signature=words.signature,
        shingles=words.shingles,
        lead=lead,
        title=title,
    )


def quote_keys(article: Article) -> list[str]:
    """Keys of the article's direct quotes long enough to be one statement, not a phrase."""
    keys = []
    for quote in article.quotes:
        words = _QUOTE_WORD.findall(quote.text.casefold())
        if quote.kind == "direct" and len(words) >= QUOTE_KEY_WORDS:
            text = " ".join(words[:QUOTE_KEY_WORDS]).encode("utf-8")
            keys.append("q:" + hashlib.blake2b(text, digest_size=8).hexdigest())
    return keys


def article_day(article: Article) -> float | None:
    """When the article was published (or at the latest written), in days since 1970."""
    moment = to_utc(article.published)
    if moment:
        instant = datetime.fromisoformat(moment)
        return instant.timestamp() / 86400.0
    if article.published_not_before:
        return day_number(article.published_not_before[:10])
    return None


def event_day(article: Article) -> float | None:
    """The day of the development an article reports: of the days its text gives near its
    publication, the one it returns to most (the lead counts double; among equals the earliest,
    as news follows what it reports), else the publication day."""
    written = article_day(article)
    published_day = None if written is None else math.floor(written + 7 / 24)  # WIB
    weight: Counter[int] = Counter()
    for mention in article.dates:
        day = day_number(mention.value) if len(mention.value) == 10 else None
        if day is None or mention.part != "body" or "quoted" in mention.flags:
            continue
        if published_day is not None and abs(day - published_day) > EVENT_DAY_REACH:
            continue
        weight[day] += 2 if mention.paragraph < LEAD_PARAGRAPHS else 1
    if weight:
        return float(min(weight, key=lambda day: (-weight[day], day)))
    return None if published_day is None else float(published_day)


#: How far from its publication an article's lead may date the development it reports.
EVENT_DAY_REACH = 7


def day_number(value: str) -> int | None:
    """The day number (days since 1970-01-01) of an ISO date, or None when it is not one."""
    try:
        return (date.fromisoformat(value[:10]) - _EPOCH).days
    except ValueError:
        return None


def day_to_date(day: float) -> str:
    """The ISO date of a day number."""
    return date.fromordinal(_EPOCH.toordinal() + math.floor(day)).isoformat()


# --- similarity ---------------------------------------------------------------------------

#: Days apart within which time does not count against two articles; beyond, the time signal
#: halves every HALF_LIFE_DAYS, and beyond WINDOW_DAYS two articles are never compared.
SAME_DAYS = 3.0
HALF_LIFE_DAYS = 20.0
WINDOW_DAYS = 60.0
#: Time signal when one of the two articles has no known date.
UNDATED_FACTOR = 0.8
#: Days apart within which two articles' event days count as the same development.
SAME_EVENT_DAYS = 1.0

#: Days apart beyond which two articles are never one event (one development and its direct
#: follow-ups; docs/grouping-gold.md).
EVENT_WINDOW_DAYS = 7.0
#: Days over which the closeness signal halves: what tells the articles of one development
#: (reported over a few days) from the next development of the same story.
NEAR_HALF_LIFE_DAYS = 2.0

#: The signals the link models weigh, in the order of :data:`LinkModel.weights`. The last four
#: are products: words shared by articles published close together, or a headline shared by
#: articles that report the same day, say more than either alone (a preview, the match and the
#: reactions to it, in different words).
SIGNALS = (
    "text", "entities", "lead", "title", "time", "near", "same_event", "quote",
    "near_text", "near_lead", "near_entities", "same_event_title",
)  # fmt: skip
_TIME = SIGNALS.index("time")
#: The two levels of grouping: a story (a saga of developments over weeks) and an event (one
#: development with its follow-ups over the next days). Each has its link model.
LEVELS = ("story", "event")


@dataclass(frozen=True, slots=True)
class LinkModel:
    """A logistic model of "two articles report the same story" (or "the same event") over
    :data:`SIGNALS`, fitted by training/fit_links.py on articles grouped by hand."""

    weights: tuple[float, ...]
    intercept: float
    threshold: float

    def probability(self, values: tuple[float, ...]) -> float:
        """The model's probability for a pair's signals (0 beyond the clustering window)."""
        if values[_TIME] == 0.0:
            return 0.0
        # products mapped, not a generator: this runs twice for every pair of articles compared
        z = self.intercept + sum(map(operator.mul, self.weights, values))
        return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=2)
def link_model(level: str = "story") -> LinkModel:
    """The shipped link model of a level (corpus/data/story_links.json, event_links.json)."""
    data = resources.files("warta.corpus") / "data" / f"{level}_links.json"
    payload = json.loads(data.read_text(encoding="utf-8"))
    weights = payload["weights"]
    return LinkModel(
        weights=tuple(float(weights[name]) for name in SIGNALS),
        intercept=float(payload["intercept"]),
        threshold=float(payload["threshold"]),
    )


@dataclass(frozen=True, slots=True)
class Profile:
    """An article's stems and entities as unit-length tf-idf vectors, under one set of
    weights: all its distinctive stems, its lead's, its headline's, and its entities."""

    terms: dict[str, float]
    entities: dict[str, float]
    lead: dict[str, float]
    title: dict[str, float]


def profile(features: Features, idf: Callable[[str], float]) -> Profile:
    """The tf-idf vectors of an article, each of length one."""
    return Profile(
        _unit(features.terms, idf),
        _unit(features.entities, idf),
        _unit(features.lead, idf),
        _unit(features.title, idf),
    )


def signals(a: Features, pa: Profile, b: Features, pb: Profile) -> tuple[float, ...]:
    """What says two articles report the same story (:data:`SIGNALS`): cosines of their stems,
    entities, leads and headlines, closeness in time (over weeks, and over days), the same
    event day, a shared quote."""
    same_event = float(
        a.event_day is not None
        and b.event_day is not None
        and abs(a.event_day - b.event_day) <= SAME_EVENT_DAYS
    )
    text, entities = dot(pa.terms, pb.terms), dot(pa.entities, pb.entities)
    lead, title = dot(pa.lead, pb.lead), dot(pa.title, pb.title)
    near = near_factor(a.day, b.day)
    return (
        text, entities, lead, title, time_factor(a.day, b.day), near, same_event,
        float(bool(a.quotes & b.quotes)),
        near * text, near * lead, near * entities, same_event * title,
    )  # fmt: skip


def similarity(a: Features, pa: Profile, b: Features, pb: Profile) -> float:
    """The probability that two articles report the same story, by the story link model; 0
    beyond :data:`WINDOW_DAYS` apart."""
    return link_model("story").probability(signals(a, pa, b, pb))


def similarities(a: Features, pa: Profile, b: Features, pb: Profile) -> tuple[float, float]:
    """The probabilities that two articles report the same story and the same event (0 when
    they were published more than :data:`EVENT_WINDOW_DAYS` apart: an event's follow-ups come
    within days)."""
    values = signals(a, pa, b, pb)
    story = link_model("story").probability(values)
    if a.day is not None and b.day is not None and abs(a.day - b.day) > EVENT_WINDOW_DAYS:
        return story, 0.0
    return story, link_model("event").probability(values)


def time_factor(a: float | None, b: float | None) -> float:
    """1 for articles a few days apart, halving every :data:`HALF_LIFE_DAYS` after, 0 beyond
    :data:`WINDOW_DAYS`."""
    if a is None or b is None:
        return UNDATED_FACTOR
    apart = abs(a - b)
    if apart > WINDOW_DAYS:
        return 0.0
    return float(0.5 ** (max(0.0, apart - SAME_DAYS) / HALF_LIFE_DAYS))


def near_factor(a: float | None, b: float | None) -> float:
    """1 for articles published together, halving every :data:`NEAR_HALF_LIFE_DAYS` apart;
    :data:`UNDATED_FACTOR` of a half when one has no known date."""
    if a is None or b is None:
        return 0.5 * UNDATED_FACTOR
    return float(0.5 ** (abs(a - b) / NEAR_HALF_LIFE_DAYS))


class Memo(dict[K, V]):
    """``function``'s value of each key met, worked out once, for keys that are few (counts of
    articles, of a word's weighed occurrences); at most ``bound`` are kept, past which a value
    is worked out each time. Read as a dict (``map(memo.__getitem__, keys)``): a key met before
    is one look-up in C."""

    def __init__(self, function: Callable[[K], V], bound: int) -> None:
        super().__init__()
        self.function = function
        self.bound = bound

    def __missing__(self, key: K) -> V:
        value = self.function(key)
        if len(self) < self.bound:
            self[key] = value
        return value


def _unit(counts: Mapping[str, float], idf: Callable[[str], float]) -> dict[str, float]:
    mul = operator.mul
    # _log_tf and unit() written out, mapped over the keys: this runs for every key of every
    # candidate a new article is compared with (a call per key was a seventh of its time)
    weights = list(map(mul, map(_log_tfs.__getitem__, counts.values()), map(idf, counts)))
    norm = math.sqrt(sum(map(mul, weights, weights)))  # the same sum, in the same order
    if not norm:
        return {}
    return dict(zip(counts, map(operator.truediv, weights, repeat(norm)), strict=True))


def _log_tf(count: float) -> float:
    return 1.0 + math.log(count) if count >= 1 else count


#: :func:`_log_tf` of each count met (1,000 articles of news have about 120 counts): sums of
#: the title, lead and body weights, entities' weighed mentions.
_log_tfs: Memo[float, float] = Memo(_log_tf, 10_000)
