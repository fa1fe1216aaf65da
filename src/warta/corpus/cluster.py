"""Incremental story clustering: each new article joins the story of the articles it is most
alike, or starts one.

A new article's candidates come from the inverted index (its most distinctive stems, its
entities and its quotes, each looked up within :data:`~warta.corpus.features.WINDOW_DAYS` of it)
and from the copy bands (:mod:`warta.corpus.dedupe`): never from a scan of the stories. Each
candidate within :data:`LINK` similarity (:func:`~warta.corpus.features.similarity`) is a link.
The article joins the story it links to most strongly, and stories it links to that strongly
become one: a story is a connected group of links, so the stories do not depend on the order in
which articles arrive (only the weights of words do, a little, as the corpus grows).

People's corrections are kept: an article a person placed (``pinned``) is never moved, and two
stories a person split apart are never joined again (:mod:`warta.corpus.corrections`).
"""

from __future__ import annotations

import itertools
import logging
import math
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import repeat

from warta.corpus import dedupe
from warta.corpus.background import background_articles, background_count
from warta.corpus.events import EVENT_LINK, place_in_event, refresh_story
from warta.corpus.features import (
    WINDOW_DAYS,
    Memo,
    Profile,
    article_features,
    link_model,
    profile,
    similarities,
    similarity,
)
from warta.lang.id.stems import learn
from warta.model import Article, ArticleWords
from warta.records import Features, Placement, Store, StoryIndex

log = logging.getLogger(__name__)

#: Similarity (the link model's probability) at which two articles report the same story.
LINK = link_model().threshold
#: Similarity at which a new article joins two stories into one (at LINK, a story is exactly a
#: connected group of links, whatever the order of arrival).
MERGE = LINK
#: Similarity at which an article joins a group of articles taken together (their vectors summed
#: are more alike to anything than one article is, so it must be higher than LINK).
GROUP_LINK = 0.62
#: A group is compared only when one of its articles is at least this alike on its own.
GROUP_PAIR_FLOOR = 0.15
#: Distinctive keys of a new article whose postings are read, postings read per key, and
#: candidates compared in full.
LOOKUP_KEYS = 20
POSTINGS_PER_KEY = 60
CANDIDATES = 40
#: Keys in more than this share of the stored articles ("pemerintah") find no candidates;
#: they still count in the similarity.
COMMON_KEY_SHARE = 0.05
#: Below this many stored articles no key counts as common.
COMMON_KEY_MIN_ARTICLES = 400
#: Growth of the corpus (a factor, plus a few articles) after which word weights are read again.
WEIGHTS_GROWTH = 1.1
WEIGHTS_SLACK = 10
#: Articles placed per transaction when the backlog of unplaced articles is worked through.
BATCH = 200

#: Background counts never change, but every key's idf is worked out again each time the corpus
#: grows by a tenth (and in each batch): looking its count up (an entity's: the rarest of its
#: name's words' stems) was a third of that work. Bounded like the other caches of stems.
_background_count = lru_cache(maxsize=100_000)(background_count)


def _idf_of_count(total: int, count: int) -> float:
    """The idf of a key in ``count`` articles out of ``total``."""
    return math.log((total + 1) / (count + 1)) + 1.0


#: Counts whose idf is kept, per total (1,000 articles and their background give about 400).
_IDF_COUNTS = 10_000


@dataclass(slots=True)
class ClusterReport:
    """What a clustering run did."""

    placed: int = 0
    new_stories: int = 0
    joined: int = 0
    merged: int = 0
    copies: int = 0

    def add(self, other: ClusterReport) -> None:
        """Count another run's work in this one."""
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def cluster_unplaced(
    store: Store,
    words: Mapping[str, ArticleWords] | None = None,
    written: Mapping[str, Article] | None = None,
) -> ClusterReport:
    """Place every stored article that has no story yet, in the order they were stored.
    ``words``: the words of articles just analysed (``Article.words``), by id, so they are not
    computed again; ``written``: articles just written, by id, exactly as stored, so they are
    not read back."""
    report = ClusterReport()
    known, fresh = words or {}, written or {}
    while True:
        with store.story_index() as index:
            ids, last = index.unplaced_articles(BATCH)
            articles = [a for i in ids if (a := fresh.get(i) or store.get_article(i)) is not None]
            for article in articles:
                article.words = known.get(article.id)
                if article.words is not None:
                    learn(article.words.name_stems)
            Clusterer(index, report).place_all(articles)
        if last:
            return report


def recluster_changed(store: Store, articles: Sequence[Article]) -> None:
    """Features of stored articles whose analysis changed; their stories stay as they are."""
    with store.story_index() as index:
        clusterer = Clusterer(index, ClusterReport())
        placements = index.placements(a.id for a in articles)
        for article in articles:
            if article.id in placements:
                clusterer.features_of(article)
        for story in sorted({p.story for p in placements.values()}):
            refresh_story(index, story)


def _centroid(vectors: Sequence[Mapping[str, float]]) -> dict[str, float]:
    """The unit-length sum of unit vectors."""
    total: dict[str, float] = {}
    for vector in vectors:
        for key, weight in vector.items():
            total[key] = total.get(key, 0.0) + weight
    norm = math.sqrt(sum(w * w for w in total.values()))
    return {key: w / norm for key, w in total.items()} if norm else {}


def _nearest(values: Sequence[float], to: float | None) -> float | None:
    if not values:
        return None
    if to is None:
        return values[0]
    return min(values, key=lambda value: abs(value - to))


class Clusterer:
    """Places articles into stories through a :class:`~warta.records.StoryIndex`."""

    def __init__(self, index: StoryIndex, report: ClusterReport) -> None:
        self.index = index
        self.report = report
        self.touched: set[int] = set()
        # Word weights are read once, and again only when the corpus has grown by a tenth:
        # articles compared close together are compared under the same weights.
        self._idf: dict[str, float] = {}
        self._profiles: dict[str, Profile] = {}
        self._counted = index.article_count()
        # each count's idf, for the total of articles it was worked out for (made anew for
        # another total when a key is weighed)
        self._by_count: Memo[int, float] = Memo(partial(_idf_of_count, 0), _IDF_COUNTS)
        self._by_count_total = 0

    def place_all(self, articles: Iterable[Article]) -> None:
        """Place each article, then bring the touched stories' titles and events up to date."""
        for article in articles:
            self.place(article)
        for story in sorted(self.touched):
            if self.index.resolve_story(story) == story:
                refresh_story(self.index, story)
        self.touched.clear()

    def idf(self, key: str) -> float:
        """Inverse document frequency of a key among the articles clustered so far and the
        background articles."""
        weight = self._idf.get(key)
        if weight is None:
            self._weigh((key,))
            weight = self._idf[key]
        return weight

    def _weigh(self, keys: Iterable[str]) -> None:
        """Compute the idf of the keys not weighed yet, their counts fetched in one query.
        An article and each of its candidates have a hundred keys or more: one call per
        key (a lookup of the count, then of the weight) was a tenth of clustering's time."""
        idf = self._idf
        missing = [key for key in keys if key not in idf]
        if not missing:
            return
        counts = self.index.key_counts(missing)
        total = self._counted + background_articles()
        if self._by_count_total != total:
            self._by_count = Memo(partial(_idf_of_count, total), _IDF_COUNTS)
            self._by_count_total = total
        # each key's count (stored and background) mapped to its weight, worked out once per
        # count: a loop over the keys, a logarithm each, was about a twentieth of clustering
        articles = map(
            operator.add, map(counts.get, missing, repeat(0)), map(_background_count, missing)
        )
        idf.update(zip(missing, map(self._by_count.__getitem__, articles), strict=True))

    def _reweigh(self) -> None:
        """Read the word weights afresh when the corpus has grown by a tenth since."""
        stored = self.index.article_count()
        if stored > self._counted * WEIGHTS_GROWTH + WEIGHTS_SLACK:
            self._idf.clear()
            self._profiles.clear()
            self._counted = stored

    def profile(self, features: Features, weighed: bool = False) -> Profile:
        """An article's vectors under this step's word weights (computed once); ``weighed``:
        its keys are weighed already (it was just featured), so they are not looked over."""
        found = self._profiles.get(features.article_id)
        if found is None:
            if not weighed:
                # a lead's stems are mostly among the terms: each key is weighed once
                lead = features.lead.keys() - features.terms.keys()
                self._weigh(itertools.chain(features.terms, features.entities, lead))
            # every weight known now: read from the dict itself, not through idf() per key
            found = self._profiles[features.article_id] = profile(features, self._idf.__getitem__)
        return found

    def idfs(self, keys: Sequence[str]) -> dict[str, float]:
        """The idf of many keys, their counts fetched in one query."""
        self._weigh(keys)
        return {key: self._idf[key] for key in keys}

    def features_of(self, article: Article) -> Features:
        """Compute and store an article's features, postings and copy bands."""
        return self._save_features(article)[0]

    def _save_features(self, article: Article) -> tuple[Features, list[str], list[int]]:
        """:meth:`features_of`, also returning the keys the article is posted under and its
        copy bands (none for a short text): placing it looks them up, and working them out
        again was about a thirtieth of placing an article."""
        entity_keys = self.index.entity_keys(article.id)
        features = article_features(article, entity_keys, self.idfs)
        # ranked first: every key of the article is weighed then (:meth:`_compare` counts on it)
        posted = self._posted_keys(features)
        day = features.day
        if day is None:  # an undated article is posted at the day of what it is most like
            day = self._nearest_day(features, posted)
        self.index.save_features(features, posted, day)
        self._profiles.pop(article.id, None)
        bands = []
        if features.shingles >= dedupe.MIN_SHINGLES:  # a short text is nobody's copy
            bands = dedupe.band_keys(features.signature)
            self.index.save_bands(article.id, bands)
        return features, posted, bands

    def place(self, article: Article) -> None:
        """Put one article into a story (an article already placed only gets new features)."""
        placed = self.index.placements([article.id]).get(article.id)
        self._reweigh()
        features, posted, bands = self._save_features(article)
        if placed is not None:
            return
        scores, event_scores, stored = self._compare(features, posted)
        links = {  # one development is one story, whatever the story model says
            other: score
            for other, score in scores.items()
            if score >= LINK or event_scores[other] >= EVENT_LINK
        }
        copies = self._copies(features, bands)
        for copy in copies:
            links[copy] = 1.0
        placements = self.index.placements([*stored, *copies])
        groups: dict[int, list[Features]] = {}
        for other, theirs in stored.items():
            if other in placements:
                groups.setdefault(placements[other].story, []).append(theirs)
        strength: dict[int, float] = {}
        for other, score in links.items():
            if other in placements:
                story = placements[other].story
                strength[story] = max(strength.get(story, 0.0), score)
        for story, members in groups.items():  # the article against what a story says
            closest = max(scores.get(m.article_id, 0.0) for m in members)
            if len(members) > 1 and GROUP_PAIR_FLOOR <= closest < LINK:
                score = self._against(features, members)
                if score >= GROUP_LINK:
                    strength[story] = score
        story = self._join(strength)
        story = self._join_neighbours(story, features, groups, scores)
        original = self._original(article.id, features, copies, placements)
        event = place_in_event(self.index, story, features, event_scores, placements, original)
        linked = [other for other in links if other in placements]
        self.index.place(article.id, Placement(story, event, original), links=len(linked))
        self.index.add_links(linked)
        self.touched.add(story)
        self.report.placed += 1
        self.report.copies += bool(original)

    def _join(self, strength: Mapping[int, float]) -> int:
        """The story to join: the most strongly linked, with every other linked story it may
        be merged with; a new story when there is none."""
        if not strength:
            self.report.new_stories += 1
            return self.index.new_story()
        ranked = sorted(strength, key=lambda s: (-strength[s], s))
        story = ranked[0]
        self.report.joined += 1
        for other in ranked[1:]:
            if strength[other] < MERGE or self.index.separated(story, other):
                continue
            story = self._merge(story, other)
        return story

    def _merge(self, story: int, other: int) -> int:
        """Join two stories; the older id stays. Returns it."""
        keep, gone = min(story, other), max(story, other)
        self.index.merge_stories(keep, gone)
        self.report.merged += 1
        self.touched.discard(gone)
        return keep

    def _compare(
        self, features: Features, posted: Sequence[str]
    ) -> tuple[dict[str, float], dict[str, float], dict[str, Features]]:
        """The new article's candidates from the index (looked up under some of the keys it is
        ``posted`` under), with the probabilities that each reports its story and its event,
        and their features."""
        votes: dict[str, float] = {}
        keys = self._lookup_keys(posted)
        postings = self.index.posted_each(keys, features.day, WINDOW_DAYS, POSTINGS_PER_KEY)
        for key, others in zip(keys, postings, strict=True):
            weight = self.idf(key)
            for other in others:
                votes[other] = votes.get(other, 0.0) + weight
        votes.pop(features.article_id, None)
        candidates = sorted(votes, key=lambda o: (-votes[o], o))[:CANDIDATES]
        stored = self.index.features(candidates)
        mine = self.profile(features, weighed=True)  # featured just now
        both = {
            other: similarities(features, mine, theirs, self.profile(theirs))
            for other, theirs in stored.items()
        }
        scores = {other: pair[0] for other, pair in both.items()}
        return scores, {other: pair[1] for other, pair in both.items()}, stored

    def _links(self, features: Features, posted: Sequence[str]) -> dict[str, float]:
        """Stored articles at least :data:`LINK` alike to the new one (``posted`` under these
        keys), with their similarity."""
        scores, _, _ = self._compare(features, posted)
        return {other: score for other, score in scores.items() if score >= LINK}

    def _against(self, features: Features, members: Sequence[Features]) -> float:
        """Similarity of an article to a group of articles taken together: their summed
        vectors, the nearest of their days, any of their quotes."""
        return self._against_group(features, members, self._group_profile(members))

    def _group_profile(self, members: Sequence[Features]) -> Profile:
        profiles = [self.profile(m) for m in members]
        return Profile(*(_centroid([getattr(p, f) for p in profiles]) for f in Profile.__slots__))

    def _against_group(
        self, features: Features, members: Sequence[Features], merged: Profile
    ) -> float:
        days = [m.day for m in members if m.day is not None]
        events = [m.event_day for m in members if m.event_day is not None]
        group = Features(
            article_id="",
            day=_nearest(days, features.day),
            event_day=_nearest(events, features.event_day),
            terms={},
            entities={},
            quotes=frozenset().union(*(m.quotes for m in members)),
            signature=features.signature,
            shingles=0,
        )
        return similarity(features, self.profile(features), group, merged)

    def _join_neighbours(
        self,
        story: int,
        features: Features,
        groups: Mapping[int, list[Features]],
        scores: Mapping[str, float],
    ) -> int:
        """Join to ``story`` the other candidate stories that the story, now with the new
        article, is as alike as an article that would join it: the same test as when the
        articles arrive the other way round."""
        ours = [features, *groups.get(story, [])]
        merged: Profile | None = None  # the story's vectors, summed once
        for other, members in sorted(groups.items()):
            current = self.index.resolve_story(other)
            if current is None or current == story or self.index.separated(story, current):
                continue
            closest = max(scores.get(member.article_id, 0.0) for member in members)
            if closest < GROUP_PAIR_FLOOR:
                continue
            merged = merged or self._group_profile(ours)
            score = max(self._against_group(member, ours, merged) for member in members)
            if score >= GROUP_LINK:
                story = self._merge(story, current)
        return story

    def _copies(self, features: Features, bands: Sequence[int]) -> list[str]:
        """Stored articles whose text the new one repeats (or that repeat it), by its copy
        ``bands`` (none: a text too short to be anybody's copy)."""
        if not bands:
            return []
        matches = self.index.band_matches(bands)
        matches = [m for m in matches if m != features.article_id]
        stored = self.index.features(matches)
        return sorted(
            other
            for other, theirs in stored.items()
            if dedupe.is_copy(features.signature, features.shingles, theirs.signature,
                              theirs.shingles)
        )  # fmt: skip

    def _original(
        self,
        article_id: str,
        features: Features,
        copies: list[str],
        placements: Mapping[str, Placement],
    ) -> str | None:
        """The earliest article of the text a new article copies, or None when it is the
        earliest (its copies then point to it)."""
        if not copies:
            return None
        originals = {placements[c].duplicate_of or c for c in copies if c in placements}
        days = self.index.features(sorted(originals))
        group = {o: days[o].day for o in originals if o in days}
        group[article_id] = features.day
        earliest = min(group, key=lambda i: (group[i] is None, group[i] or 0.0, i))
        for original in originals:
            if original != earliest:
                self.index.repoint_copies(original, earliest)
        return None if earliest == article_id else earliest

    def _lookup_keys(self, posted: Sequence[str]) -> list[str]:
        """The keys (of those an article is ``posted`` under) whose postings are read: the
        first :data:`LOOKUP_KEYS` not common."""
        total = self.index.article_count()
        counts = self.index.key_counts(posted)  # theirs only, not every key of the article
        common = COMMON_KEY_SHARE * total if total >= COMMON_KEY_MIN_ARTICLES else math.inf
        keys = [k for k in posted if counts.get(k, 0) <= common]
        return keys[:LOOKUP_KEYS]

    def _posted_keys(self, features: Features) -> list[str]:
        """The keys an article is posted under: its quotes, entities and most distinctive
        stems, most distinctive first."""
        self._weigh(features.entities)  # the terms were weighed to be chosen
        idf = self._idf
        # (weight, key) pairs sorted, not a key function called per key: this runs for every
        # article placed
        ranked_terms = sorted([(-idf[key], key) for key in features.terms])
        ranked_entities = sorted([(-idf[key], key) for key in features.entities])
        return [
            *sorted(features.quotes),
            *(key for _, key in ranked_entities),
            *(key for _, key in ranked_terms[:LOOKUP_KEYS]),
        ]

    def _nearest_day(self, features: Features, posted: Sequence[str]) -> float:
        links = self._links(features, posted)
        stored = self.index.features(sorted(links, key=lambda o: -links[o]))
        for other in stored.values():
            if other.day is not None:
                return other.day
        return 0.0
