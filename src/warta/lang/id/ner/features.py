"""Token features for the NER tagger: the word, its shape, its neighbours, and three resources
learned from data.

- **Word clusters**: k-means clusters of word2vec vectors trained on unlabelled Indonesian news
  (IndoSum articles and the NER corpora's text), at several granularities, so a name the
  labelled data never saw still looks like the names it did see.
- **Capitalisation rate**: how often a word is written with a capital inside a sentence in
  cased text. It tells a proper noun from a common word even when the input is lowercased, as
  NERP is.
- **Proper-noun rate**: how often a word is tagged as a proper noun in a part-of-speech corpus.
- **Gazetteer**: entity strings of the NER corpora, with their type, kept when the string is an
  entity in most of the places it occurs.

Features are built once per sentence, as lists of feature names, each with the value 1. What a
word contributes is computed once per distinct word and kept in the resources.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain

_UPPER = re.compile(r"[A-Z]+")
_LOWER = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"[0-9]+")
_DIGITS = re.compile(r"\d")

#: Longest entity string the gazetteer matches, in tokens.
MAX_GAZETTEER_TOKENS = 6


def word_shape(word: str) -> str:
    """The word's shape with runs collapsed: "Jakarta" -> "Xx", "COVID-19" -> "X-0",
    "1,5" -> "0,0"."""
    if not word.isascii():  # letters outside ASCII count as upper or lower case too
        word = "".join("A" if c.isupper() else "a" if c.isalpha() else c for c in word)
    shape = _UPPER.sub("X", word)
    shape = _LOWER.sub("x", shape)
    return _DIGIT.sub("0", shape)


def cluster_key(word: str) -> str:
    """The form word vectors and clusters are learned on: lowercased, digits as 0."""
    return _DIGITS.sub("0", word.lower())


@dataclass(slots=True)
class Resources:
    """What the features look up. Empty resources give plain word and shape features."""

    clusters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    capitalised: dict[str, str] = field(default_factory=dict)  # word -> rate bucket
    gazetteer: dict[tuple[str, ...], str] = field(default_factory=dict)  # lowercased -> type
    proper: dict[str, str] = field(default_factory=dict)  # word -> proper-noun rate bucket
    # What each word contributes: a cache filled as words are met.
    words: dict[str, _Word] = field(default_factory=dict, repr=False)
    # The gazetteer's entries as a tree of their words (:meth:`entry_starts`); with the
    # gazetteer it was built from, so replacing the gazetteer invalidates it.
    _starts: tuple[dict[tuple[str, ...], str], dict[str, _Prefix]] | None = field(
        default=None, repr=False
    )

    def entry_starts(self) -> dict[str, _Prefix]:
        """The gazetteer's entries as a tree: by first word, what it and the words after it
        begin."""
        if self._starts is None or self._starts[0] is not self.gazetteer:
            starts: dict[str, _Prefix] = {}
            for entry, kind in self.gazetteer.items():
                following = starts
                for word in entry:
                    prefix = following.setdefault(word, _Prefix())
                    following = prefix.following
                prefix.kind = kind
            self._starts = (self.gazetteer, starts)
        return self._starts[1]


@dataclass(slots=True)
class _Prefix:
    """The first words of a gazetteer entry: the type of the entry they are, if they are one,
    and, by next word, the longer entries' prefixes."""

    kind: str | None = None
    following: dict[str, _Prefix] = field(default_factory=dict)


def gazetteer_tags(tokens: Sequence[str], resources: Resources) -> list[str]:
    """B-/I-type per token of a sentence from the gazetteer (the words as the features read
    them: lowercased, without an abbreviation's period)."""
    return lowered_gazetteer_tags(
        [(t[:-1] if len(t) > 1 and t.endswith(".") else t).lower() for t in tokens], resources
    )


def lowered_gazetteer_tags(lowered: Sequence[str], resources: Resources) -> list[str]:
    """B-/I-type per token from the longest gazetteer matches, left to right, of words
    already as the features read them (:func:`gazetteer_tags`)."""
    tags = [""] * len(lowered)
    gazetteer = resources.gazetteer
    if not gazetteer:
        return tags
    starts = resources.entry_starts()
    size = len(lowered)
    free = 0  # the first token no match covers
    # Only the words some entry starts with are tried, found in one pass in C: a Python step
    # for every token of every sentence was most of the tagger's gazetteer time. From each,
    # the tree is followed as far as the words go, so a common word that starts a long
    # entry ("yang", "dan") costs a step or two, not a lookup per length.
    for index in [i for i, word in enumerate(lowered) if word in starts]:
        if index < free:
            continue
        prefix: _Prefix | None = starts[lowered[index]]
        kind, end, at = None, index, index
        while prefix is not None:
            at += 1
            if prefix.kind is not None:
                kind, end = prefix.kind, at
            prefix = prefix.following.get(lowered[at]) if at < size else None
        if kind is not None:
            tags[index] = "B-" + kind
            for inside in range(index + 1, end):
                tags[inside] = "I-" + kind
            free = end
    return tags


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: a cache key
class _Word:
    """What a word contributes to its own features and to its neighbours'. It does not depend
    on the sentence, so it is computed once per distinct word."""

    lower: str
    own: tuple[str, ...]
    title: bool
    context: dict[int, tuple[str, ...]]  # offset of the token it is seen from -> features


def word_info(word: str, resources: Resources) -> _Word:
    """What a word contributes to its features and its neighbours', the names written out
    (not built in loops over the offsets: this runs for every new word the tagger meets, and
    took half as long again so)."""
    low = word.lower()
    shape = word_shape(word)
    key = cluster_key(word)
    clusters = resources.clusters.get(key, ())
    cap = resources.capitalised.get(key, "?")
    own = [
        "bias", "w=" + low, "shape=" + shape, "p2=" + low[:2], "p3=" + low[:3],
        "s2=" + low[-2:], "s3=" + low[-3:], "s4=" + low[-4:], "cap=" + cap,
    ]  # fmt: skip
    before = ["w-1=" + low, "shape-1=" + shape, "cap-1=" + cap]
    after = ["w1=" + low, "shape1=" + shape, "cap1=" + cap]
    if clusters:
        own += [f"c{level}={cluster}" for level, cluster in enumerate(clusters)]
        before += [f"c{level}-1={cluster}" for level, cluster in enumerate(clusters[:3])]
        after += [f"c{level}+1={cluster}" for level, cluster in enumerate(clusters[:3])]
    title = word[:1].isupper()
    if title:
        own.append("title")
    if resources.proper:
        proper = resources.proper.get(key, "?")
        own.append("nnp=" + proper)
        before.append("nnp-1=" + proper)
        after.append("nnp+1=" + proper)
    context = {
        -2: ("w-2=" + low, "shape-2=" + shape, "cap-2=" + cap),
        -1: tuple(before),
        1: tuple(after),
        2: ("w2=" + low, "shape2=" + shape, "cap2=" + cap),
    }
    return _Word(low, tuple(own), title, context)


#: The feature a token has for a neighbour past its sentence's end, by offset.
PADDING_FEATURES = {offset: f"w{offset}=<pad>" for offset in (-2, -1, 1, 2)}
CONTEXT_OFFSETS = (-2, -1, 1, 2)


#: Words kept in the cache at most (the CRF's too); it is emptied when full, so memory stays
#: bounded however many distinct words (names, numbers, typos) a long ingest meets. Measured on
#: IndoSum dev articles: 29,000 distinct words in the first 1,000, 42,000 in 2,000. At 20,000
#: the caches emptied and refilled from the 520th article on, and tagging the second thousand
#: took 8.8 s of CPU against 7.5 s at 50,000 (the same tags; 7.35 s at 100,000).
MAX_CACHED_WORDS = 50_000


def word_of(token: str) -> str:
    """The word a token stands for: a trailing period of an abbreviation ("Jl.", "Dr.") is not
    part of the word the corpora saw; they split it off."""
    return token[:-1] if len(token) > 1 and token.endswith(".") else token


@dataclass(frozen=True, slots=True)
class SentenceWords:
    """Sentences' tokens end to end as the features read them, found once per
    :meth:`~warta.lang.id.ner.tagger.Tagger.tag_many` call for both of its models: each found
    them again (the word, lowercased, and the gazetteer's tags) for a tenth of a CPU-second over
    1,000 articles."""

    words: list[str]  # each token's word (:func:`word_of`)
    lowered: list[str]  # each word lowercased
    lengths: list[int]  # each sentence's number of tokens
    gazetteer: list[str]  # each token's gazetteer tag (:func:`gazetteer_tags`)


def sentence_words(
    sentences: Sequence[Sequence[str]],
    resources: Resources,
    gazetteer: Sequence[Sequence[str]] | None = None,
) -> SentenceWords:
    """The sentences' words, lowercased words and gazetteer tags (``gazetteer``: each
    sentence's :func:`gazetteer_tags`, when the caller has them)."""
    # word_of written out: a call per token was a third of the time.
    words = [
        token[:-1] if len(token) > 1 and token.endswith(".") else token
        for tokens in sentences
        for token in tokens
    ]
    lowered = [word.lower() for word in words]
    lengths = [len(tokens) for tokens in sentences]
    if gazetteer is None:
        tags: list[str] = []
        end = 0
        for length in lengths:
            tags += lowered_gazetteer_tags(lowered[end : end + length], resources)
            end += length
    else:
        tags = list(chain.from_iterable(gazetteer))
    return SentenceWords(words, lowered, lengths, tags)


def words_of(tokens: Sequence[str], resources: Resources) -> list[_Word]:
    """What each token's word contributes, from the resources' cache."""
    cache = resources.words
    if len(cache) > MAX_CACHED_WORDS:
        cache.clear()
    info: list[_Word] = []
    for word in map(word_of, tokens):
        found = cache.get(word)
        if found is None:
            found = cache[word] = word_info(word, resources)
        info.append(found)
    return info


def sentence_extras(
    lowered: Sequence[str],
    titles: Sequence[bool],
    resources: Resources,
    gazetteer: Sequence[str] | None = None,
) -> Iterator[list[str]]:
    """Each token's features that depend on the sentence, not only on its word and its
    neighbours' words: position, lowercased text, gazetteer matches, padding, bigrams. One
    token's at a time, as they are read: a whole sentence's would be kept for nothing.
    ``lowered`` and ``titles``: each word lowercased, and whether it starts with a capital;
    ``gazetteer``: the sentence's :func:`gazetteer_tags`, when the caller has them.

    The tagger's CRF does not call this: it finds the same features' rows for all tokens at
    once (:meth:`~warta.lang.id.ner.crf.LinearChainCRF._sentence_rows`), so a change here is
    made there too (``tests/test_ner.py`` compares the two)."""
    size = len(lowered)
    if gazetteer is None:
        gazetteer = lowered_gazetteer_tags(lowered, resources)
    all_lower = not any(titles)
    for index, lower in enumerate(lowered):
        extra: list[str] = []
        if index == 0:
            extra.append("start")
            if titles[0]:
                extra.append("title@start")
        if all_lower:
            extra.append("lowercased")
        if gazetteer[index]:
            extra.append("gz=" + gazetteer[index])
        for offset in CONTEXT_OFFSETS:
            other = index + offset
            if not 0 <= other < size:
                extra.append(PADDING_FEATURES[offset])
            elif offset in {-1, 1} and gazetteer[other]:
                extra.append(f"gz{offset:+d}={gazetteer[other]}")
        if index > 0:
            extra.append(f"w-1|w={lowered[index - 1]}|{lower}")
        if index + 1 < size:
            extra.append(f"w|w+1={lower}|{lowered[index + 1]}")
        yield extra


def sentence_features(tokens: Sequence[str], resources: Resources) -> list[list[str]]:
    """The names of each token's features (every feature has the value 1)."""
    info = words_of(tokens, resources)
    features: list[list[str]] = []
    lowered, titles = [i.lower for i in info], [i.title for i in info]
    for index, extra in enumerate(sentence_extras(lowered, titles, resources)):
        names = list(info[index].own)
        for offset in CONTEXT_OFFSETS:
            if 0 <= index + offset < len(info):
                names += info[index + offset].context[offset]
        features.append(names + extra)
    return features


def augmented(features: Sequence[str], domain: str) -> list[str]:
    """Every feature twice: as it is, shared by all corpora, and prefixed with one corpus's name
    (Daumé III, "Frustratingly easy domain adaptation", 2007). A model trained on several
    corpora this way learns what they share and what each one annotates its own way."""
    return [*features, *(f"{domain}|{name}" for name in features)]
