"""Sparse tf-idf vectors of Indonesian text: stems of content words, weighted by log term
frequency and an idf from background counts (IndoSum, shipped with Warta), so they compare
sentences sensibly whatever the store holds. Used by the story products (timeline, summary)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache

from warta.corpus.background import background_articles, background_count
from warta.lang.id.stems import content_stems


def tfidf(texts: Iterable[str]) -> dict[str, float]:
    """Tf-idf of the stems of some texts, idf from the background counts."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(content_stems(text))
    return {key: (1.0 + math.log(count)) * _idf(key) for key, count in counts.items()}


@lru_cache(maxsize=100_000)
def _idf(key: str) -> float:
    return math.log((background_articles() + 1) / (background_count("t:" + key) + 1))


def unit(vector: Mapping[str, float]) -> dict[str, float]:
    """A vector scaled to length 1 (empty when it is all zeros)."""
    norm = math.sqrt(sum(w * w for w in vector.values()))
    return {key: w / norm for key, w in vector.items()} if norm else {}


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """The dot product of two sparse vectors (their cosine, when both have length 1)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b[key] for key, weight in a.items() if key in b)


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """The cosine of two sparse vectors."""
    return dot(unit(a), unit(b))
