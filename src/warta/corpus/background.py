"""Background document frequencies: in how many of two thousand IndoSum news articles each
stem occurs (``corpus/data/term_counts.json.gz``, built by training/build_term_counts.py), so
words are weighed sensibly before a store has seen many articles of its own. Story clustering
adds them to the store's counts; the story products' tf-idf uses them alone."""

from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache
from importlib import resources

from warta.lang.id.stems import stem


@lru_cache(maxsize=1)
def _background() -> tuple[int, dict[str, int]]:
    data = resources.files("warta.corpus") / "data" / "term_counts.json.gz"
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
        payload = json.load(handle)
    return int(payload["articles"]), dict(payload["counts"])


def background_articles() -> int:
    """How many articles the background counts come from."""
    return _background()[0]


def background_count(key: str) -> int:
    """In how many background articles a key occurs: a stem's count, or for an entity the
    count of the rarest word of its name (quotes are never in the background)."""
    counts = _background()[1]
    if key.startswith("t:"):
        return counts.get(key[2:], 0)
    if key.startswith("e:"):
        words = [stem(word) for word in name_words(key[2:])]
        return min((counts.get(word, 0) for word in words), default=0)
    return 0


def name_words(name: str) -> list[str]:
    """The words of a casefolded entity name whose stems weigh it."""
    return _NAME_WORD.findall(name)


_NAME_WORD = re.compile(r"[^\W\d_]{2,}")
