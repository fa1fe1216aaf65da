"""The summary of a story: a few sentences from its articles that together say what happened,
without repeating themselves, in the order things happened, each citing where it was written.

How the sentences are chosen:

1. **Candidates** are the sentences of the story's original articles (copies add citations, not
   candidates), each scored by the single-article model (:func:`warta.corpus.summarize.
   sentence_scores`, which knows what an IndoSum editor takes into a summary), by its likeness
   to the story as a whole (tf-idf of stems, background idf), and against sentences that do not
   stand alone (one opening with "Hal tersebut", a bare quotation).
2. **Coverage of events**: the best sentence of each of the story's largest events is taken
   first, so a story of a summit and, weeks later, the talks it led to, says both.
3. **No repetition**: then the best remaining sentence, while its likeness to every chosen one
   stays under :data:`REDUNDANT` (maximal marginal relevance). Likeness here leaves out what
   the whole story shares (a stem's weight shrinks with the share of articles using it), so
   two sentences about Putin and Biden are not alike for naming them, only for saying the same.
4. **Order and citations**: the chosen sentences go in time order (the day the sentence itself
   names, else its article's event day; then publication, then place in the article); each
   cites its article, paragraph and offsets, then every other article of the story with the
   same sentence word for word, or, in a copy of the same original, a near copy (likeness at
   least :data:`SAME_SENTENCE`: a wire copy edits a word or two).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from warta.corpus.features import day_number, event_day
from warta.corpus.summarize import sentence_scores
from warta.corpus.vectors import cosine, dot, tfidf, unit
from warta.lang.id.discourse import opens_with_quote, starts_with_reference
from warta.lang.id.sentences import Sentence, split_sentences
from warta.model import Article, SourceRef, SummarySentence
from warta.timestamps import to_utc

# How these were set: by reading the summaries of the samples' story and of the multi-article
# stories of tests/fixtures/stories-dev (IndoSum), and checking them against a proxy (ROUGE
# against the union of the articles' IndoSum gold summaries, docs/timeline.md). None was
# fitted; they are judgement, stated here so they can be revisited with a story-summary gold.

#: How many sentences a story's summary has: two, plus one per doubling of its originals, at
#: most :data:`MAX_SENTENCES`, which a reader takes in within a minute.
BASE_SENTENCES = 2
MAX_SENTENCES = 7
#: Likeness (tf-idf cosine, story-wide stems discounted) from which a candidate repeats a chosen
#: sentence: two reports of one development in other words score about 0.5-0.7, sentences on
#: different developments of one story under 0.3.
REDUNDANT = 0.45
#: Likeness from which another article's sentence is the same sentence, cited too: a wire copy
#: with a word or two edited scores above 0.9, a rewrite well under 0.8.
SAME_SENTENCE = 0.8
#: Weights of a candidate's score: the single-article model's score (its rank inside its
#: article, 1 for the best), likeness to the story, and penalties for a sentence that leans on
#: the one before it, is a bare quotation, or is too short to say anything or too long to read
#: at a glance. The penalties are half a rank step or so: they reorder near-equals, they do
#: not overrule the model.
MODEL_WEIGHT = 1.0
STORY_WEIGHT = 1.0
REFERENCE_PENALTY = 0.5
QUOTE_PENALTY = 0.4
SHORT_PENALTY = 0.5
SHORT_WORDS = 8
LONG_WORDS = 50
#: Candidates per article: only its best sentences by the single-article model are considered.
PER_ARTICLE = 6


@dataclass(slots=True)
class _Candidate:
    article: Article
    order: tuple[float, str, int, int]
    paragraph: int
    sentence: Sentence
    vector: dict[str, float]
    score: float = 0.0
    distinct: dict[str, float] | None = None


def summarize_story(
    articles: Sequence[Article],
    copies: Mapping[str, str] | None = None,
    events: Mapping[str, int] | None = None,
) -> list[SummarySentence]:
    """The summary of a story made of ``articles``; ``copies`` maps a copy to its original,
    ``events`` an article to its event (optional: coverage of events is then skipped)."""
    copies = copies or {}
    events = events or {}
    originals = [a for a in articles if a.id not in copies] or list(articles)
    candidates = [c for article in originals for c in _candidates(article)]
    if not candidates:
        return []
    story: Counter[str] = Counter()
    keys_of: dict[str, set[str]] = {}  # the stems of each article's candidates
    for candidate in candidates:
        story.update(candidate.vector)
        keys_of.setdefault(candidate.article.id, set()).update(candidate.vector)
    spread: Counter[str] = Counter()
    for keys in keys_of.values():
        spread.update(keys)
    centroid = unit(story)
    for candidate in candidates:
        candidate.score += STORY_WEIGHT * dot(candidate.vector, centroid)
        candidate.distinct = unit(
            {
                key: weight * (1.0 - spread[key] / len(originals))
                for key, weight in candidate.vector.items()
            }
        )
    size = min(MAX_SENTENCES, BASE_SENTENCES + int(math.log2(len(originals))))
    chosen = _choose(candidates, events, size)
    chosen.sort(key=lambda c: c.order)
    return [SummarySentence(c.sentence.text, _sources(c, articles, copies)) for c in chosen]


def _candidates(article: Article) -> list[_Candidate]:
    sentences = [split_sentences(paragraph) for paragraph in article.body]
    tokens = [[list(s.words) for s in paragraph] for paragraph in sentences]
    scores = sentence_scores(tokens, article.title)
    flat = [
        (scores[p][i], p, i, sentence)
        for p, paragraph in enumerate(sentences)
        for i, sentence in enumerate(paragraph)
    ]
    flat.sort(key=lambda item: -item[0])
    day = event_day(article)
    found = []
    for rank, (_, p, i, sentence) in enumerate(flat[:PER_ARTICLE]):
        told = _day_told(article, p, sentence)
        words = len(sentence.words)
        penalty = (
            (REFERENCE_PENALTY if starts_with_reference(sentence.text) else 0.0)
            + (QUOTE_PENALTY if opens_with_quote(sentence.text) else 0.0)
            + (SHORT_PENALTY if words < SHORT_WORDS or words > LONG_WORDS else 0.0)
        )
        found.append(
            _Candidate(
                article=article,
                order=(_first_known(told, day), to_utc(article.published) or "", p, i),
                paragraph=p,
                sentence=sentence,
                vector=unit(tfidf([sentence.text])),
                score=MODEL_WEIGHT / (1 + rank) - penalty,
            )
        )
    return found


def _first_known(*days: float | None) -> float:
    return next((day for day in days if day is not None), math.inf)


def _day_told(article: Article, paragraph: int, sentence: Sentence) -> float | None:
    """The day a sentence dates what it tells (its first full date in the body), if any."""
    for mention in article.dates:
        if (
            mention.part == "body" and mention.paragraph == paragraph and len(mention.value) == 10
            and sentence.start <= mention.start < sentence.end
        ):  # fmt: skip
            day = day_number(mention.value)
            return None if day is None else float(day)
    return None


def _choose(candidates: list[_Candidate], events: Mapping[str, int], size: int) -> list[_Candidate]:
    chosen: list[_Candidate] = []

    def fresh(candidate: _Candidate) -> bool:
        mine = candidate.distinct or {}
        return all(dot(mine, c.distinct or {}) < REDUNDANT for c in chosen) and not any(
            candidate is c for c in chosen
        )

    by_event: dict[int, list[_Candidate]] = {}
    for candidate in candidates:
        event = events.get(candidate.article.id)
        if event is not None:
            by_event.setdefault(event, []).append(candidate)
    # The largest events first (by their articles), each giving its best sentence.
    ranked = sorted(by_event.values(), key=lambda group: -len({c.article.id for c in group}))
    for group in ranked[: max(0, size - 1)] if len(ranked) > 1 else []:
        best = max((c for c in group if fresh(c)), key=lambda c: c.score, default=None)
        if best is not None:
            chosen.append(best)
    for candidate in sorted(candidates, key=lambda c: -c.score):
        if len(chosen) >= size:
            break
        if fresh(candidate):
            chosen.append(candidate)
    return chosen


def _sources(
    chosen: _Candidate, articles: Sequence[Article], copies: Mapping[str, str]
) -> tuple[SourceRef, ...]:
    """The chosen sentence's own place, then where the story's other articles say it: the
    same sentence word for word anywhere, or a near copy in an article that copies the chosen
    one's (or is copied by it)."""
    mine = chosen.article.id
    root = copies.get(mine, mine)
    wanted = _normal(chosen.sentence.text)
    others: dict[str, SourceRef] = {}
    for article in articles:
        if article.id == mine:
            continue
        related = copies.get(article.id, article.id) == root
        if not related and not any(wanted in _normal(p) for p in article.body):
            continue
        best: tuple[float, SourceRef] | None = None
        for p, paragraph in enumerate(article.body):
            for sentence in split_sentences(paragraph):
                if _normal(sentence.text) == wanted:
                    likeness = 1.0
                elif related:
                    likeness = cosine(tfidf([sentence.text]), chosen.vector)
                else:
                    continue
                if likeness >= SAME_SENTENCE and (best is None or likeness > best[0]):
                    best = (likeness, SourceRef(article.id, p, sentence.start, sentence.end))
        if best is not None:
            others[article.id] = best[1]
    first = SourceRef(mine, chosen.paragraph, chosen.sentence.start, chosen.sentence.end)
    return (first, *sorted(others.values(), key=lambda s: s.article))


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())
