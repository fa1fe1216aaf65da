"""Single-article extractive summaries: the few sentences of an article an editor would keep.

Every sentence of an article is scored by a small model fitted on IndoSum's editor-picked
sentences (``gold_labels``) by training/fit_summarizer.py; the summary is the best-scored
sentences, as many as the scores support (between :attr:`SummaryModel.min_sentences` and
:attr:`SummaryModel.max_sentences`), in document order. See docs/summarize.md.

What the model sees of a sentence (:data:`FEATURES`, :func:`sentence_features`): where it is
(paragraph, sentence in paragraph, rank among the sentences that are not page furniture), how
long it is, how much it shares with the article as a whole, with its lead and with the title
(tf-idf cosines over lowercased words, idf from the word counts shipped with the model), and cues
of what it is: a dateline, a related-link line ("Baca juga"), a quotation, a question, an
opening that leans on the sentence before ("Ia menambahkan"), a credit in brackets.

The model is a forest of shallow regression trees (gradient boosting on log-loss), kept as
arrays in ``corpus/data/summary_model.json.gz`` and evaluated with numpy; it is loaded once, on
first use. Indices are ``(paragraph, sentence)`` pairs, both from 0, sentence counted inside its
paragraph (:class:`SentenceRef` names them).
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

import numpy as np

from warta.lang.id import cues
from warta.lang.id.sentences import Sentence, split_sentences
from warta.lang.id.stems import STOPWORDS

#: Tokens of an IndoSum-style article: paragraphs of sentences of tokens.
ArticleTokens = Sequence[Sequence[Sequence[str]]]


class SentenceRef(NamedTuple):
    """Where a sentence is in its article: paragraph, then sentence inside it (both from 0).

    A plain tuple too, so ``(0, 1) == SentenceRef(0, 1)`` and JSON writes it as ``[0, 1]``.
    """

    paragraph: int
    sentence: int


#: The features of a sentence, in the order of the model's columns: its place (in the article,
#: relative, paragraph, relative paragraph, in its paragraph, among the sentences that are not
#: furniture), the article's size, its words (tokens with a letter or digit), tf-idf cosines
#: (with the whole article and the rank of that among its sentences, 0 for the highest, with
#: the first content sentence, the sentences before and after it, the title), and cues: a
#: dateline ("Jakarta , CNN Indonesia - -"), a related link ("Baca juga"), furniture (a related
#: link, a bracketed credit such as "( ard )", a fragment), the share of its tokens inside quote
#: marks, an opening quote mark, a question, an opening that points back ("Ia", "Namun"), a
#: reporting verb ("kata", "ujar"), the shares of numbers and capitalised words, and whether
#: the sentence before is furniture.
FEATURES = (
    "index", "relative_index", "paragraph", "relative_paragraph", "in_paragraph",
    "content_index", "sentences", "paragraphs", "words",
    "centrality", "centrality_rank", "lead_similarity", "previous_similarity",
    "next_similarity", "title_similarity", "has_title",
    "dateline", "related_link", "furniture", "quote", "opens_quote", "question",
    "reference_start", "reporting", "digits", "capitalised", "previous_furniture",
)  # fmt: skip

#: A sentence with fewer words is a fragment ("( ard )", "Foto : Reuters"), counted as
#: furniture: IndoSum editors picked 5% of the furniture sentences of dev.01-03, a third of
#: their rate for all sentences.
MIN_CONTENT_WORDS = 4
#: Tokens a dateline may take before its dash ("Yogyakarta ( ANTARA News ) -" is 6).
DATELINE_MAX_TOKENS = 8
#: Caps on position features: beyond them, where a sentence is no longer matters (IndoSum
#: editors pick few sentences past the 20th or the 15th paragraph).
MAX_INDEX = 30
MAX_PARAGRAPH = 20

_DASHES = frozenset({"-", "--", "–", "—"})
_QUOTES = frozenset({'"', "“", "”", "''", "``", "«", "»"})
#: Reporting verbs: a sentence with one attributes what it says.
_REPORTING = frozenset(
    {
        "kata", "ujar", "ucap", "tutur", "ungkap", "jelas", "katanya", "ujarnya", "ucapnya",
        "tuturnya", "ungkapnya", "jelasnya", "menurutnya", "tambahnya", "imbuhnya", "terangnya",
        "paparnya",
    }
)  # fmt: skip
#: First words of a sentence that leans on the one before ("Ia menambahkan", "Namun").
_REFERENCE = frozenset(
    {
        "ia", "dia", "mereka", "beliau", "namun", "tetapi", "tapi", "sementara", "selain",
        "kemudian", "lalu", "selanjutnya", "adapun", "menurutnya", "katanya", "sebelumnya",
        "pihaknya", "hal", "itu", "ini", "tersebut", "sedangkan", "bahkan", "meski",
    }
)  # fmt: skip
_WORD = re.compile(r"\w")


@dataclass(frozen=True, slots=True)
class WordFrequencies:
    """In how many of ``documents`` articles each lowercased word occurs: the idf of the
    tf-idf cosines. Words seen in fewer than two articles are left out (their idf is the
    highest anyway)."""

    documents: int
    counts: dict[str, int]

    def idf(self, word: str) -> float:
        """Smoothed inverse document frequency: log((documents + 1) / (count + 1))."""
        return math.log((self.documents + 1) / (self.counts.get(word, 0) + 1))


@dataclass(frozen=True, slots=True)
class SummaryModel:
    """The shipped model: gradient-boosted trees over :data:`FEATURES`, how many sentences to
    take, and the document frequencies of words that weigh the tf-idf cosines."""

    feature: np.ndarray  # (trees, nodes) feature column tested at a node; -1 at a leaf
    threshold: np.ndarray  # (trees, nodes) go left when the feature is <= this
    left: np.ndarray  # (trees, nodes) child indices; a leaf points at itself
    right: np.ndarray
    value: np.ndarray  # (trees, nodes) a leaf's contribution to the log-odds (shrunk)
    depth: int
    base_score: float  # log-odds before any tree
    threshold_probability: float  # take a sentence whose probability reaches this ...
    min_sentences: int  # ... but at least this many and at most max_sentences
    max_sentences: int
    frequencies: WordFrequencies


@lru_cache(maxsize=1)
def summary_model() -> SummaryModel:
    """The shipped model (corpus/data/summary_model.json.gz), loaded once."""
    data = resources.files("warta.corpus") / "data" / "summary_model.json.gz"
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
        payload = json.load(handle)
    return model_from_dict(payload)


def model_from_dict(payload: dict[str, Any]) -> SummaryModel:
    """A :class:`SummaryModel` from its JSON form (written by training/fit_summarizer.py)."""
    if payload.get("features") != list(FEATURES):
        raise ValueError("summary model was fitted on other features: rerun fit_summarizer.py")
    trees, selection, frequencies = payload["trees"], payload["selection"], payload["frequencies"]
    return SummaryModel(
        feature=np.asarray(trees["feature"], dtype=np.int64),
        threshold=np.asarray(trees["threshold"], dtype=np.float64),
        left=np.asarray(trees["left"], dtype=np.int64),
        right=np.asarray(trees["right"], dtype=np.int64),
        value=np.asarray(trees["value"], dtype=np.float64),
        depth=int(trees["depth"]),
        base_score=float(trees["base_score"]),
        threshold_probability=float(selection["threshold"]),
        min_sentences=int(selection["min_sentences"]),
        max_sentences=int(selection["max_sentences"]),
        frequencies=WordFrequencies(int(frequencies["documents"]), dict(frequencies["counts"])),
    )


# --- features -----------------------------------------------------------------------------


def words(tokens: Sequence[str]) -> list[str]:
    """The lowercased tokens of a sentence that have a letter or a digit."""
    return [token.lower() for token in tokens if _WORD.search(token)]


def dateline_length(tokens: Sequence[str]) -> int:
    """How many tokens open a sentence as a dateline ("Jakarta , CNN Indonesia - -",
    "JAKARTA , KOMPAS.com -", "Suara.com -"), 0 when it has none: capitalised words, commas and
    brackets, then dashes, within :data:`DATELINE_MAX_TOKENS` tokens."""
    for place, token in enumerate(tokens[: DATELINE_MAX_TOKENS + 1]):
        if token in _DASHES:
            if place == 0:
                return 0
            end = place
            while end < len(tokens) and tokens[end] in _DASHES:
                end += 1
            return end
        if not (token[:1].isupper() or token in {",", "(", ")"}):
            return 0
    return 0


def _is_related_link(tokens: Sequence[str]) -> bool:
    return len(tokens) > 1 and cues.RELATED.match(" ".join(tokens[:4])) is not None


def _tfidf(
    sentence_words: Sequence[str], frequencies: WordFrequencies, cache: dict[str, float]
) -> dict[str, float]:
    """A sentence's content words weighted by log tf times idf, scaled to length one."""
    counts = Counter(w for w in sentence_words if len(w) > 1 and w not in STOPWORDS)
    vector: dict[str, float] = {}
    for word, count in counts.items():
        idf = cache.get(word)
        if idf is None:
            idf = cache[word] = frequencies.idf(word)
        vector[word] = (1.0 + math.log(count)) * idf
    norm = math.sqrt(sum(weight * weight for weight in vector.values()))
    return {word: weight / norm for word, weight in vector.items()} if norm else {}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(word, 0.0) for word, weight in a.items())


def sentence_features(
    article: ArticleTokens,
    title: str | Sequence[str] | None = None,
    frequencies: WordFrequencies | None = None,
) -> np.ndarray:
    """The :data:`FEATURES` of every sentence of an article, one row each in document order.

    Args:
        article: paragraphs of sentences of tokens.
        title: the headline, as text or tokens; None when unknown.
        frequencies: the idf of words; by default the shipped model's.
    """
    frequencies = frequencies or summary_model().frequencies
    cache: dict[str, float] = {}
    flat = [(p, i, s) for p, paragraph in enumerate(article) for i, s in enumerate(paragraph)]
    count, paragraphs = len(flat), len(article)
    rows = np.zeros((count, len(FEATURES)), dtype=np.float64)
    all_words = [words(tokens) for _, _, tokens in flat]
    vectors = [_tfidf(sentence_words, frequencies, cache) for sentence_words in all_words]
    whole: dict[str, float] = {}
    for vector in vectors:
        for word, weight in vector.items():
            whole[word] = whole.get(word, 0.0) + weight
    norm = math.sqrt(sum(weight * weight for weight in whole.values())) or 1.0
    centrality = [_cosine(vector, whole) / norm for vector in vectors]
    rank = {
        index: place
        for place, index in enumerate(sorted(range(count), key=lambda n: -centrality[n]))
    }
    title_words = words(title.split() if isinstance(title, str) else title or [])
    title_vector = _tfidf(title_words, frequencies, cache)
    furniture = [
        _is_related_link(tokens)
        or len(sentence_words) < MIN_CONTENT_WORDS
        or (tokens[0] == "(" and tokens[-1] == ")")
        for (_, _, tokens), sentence_words in zip(flat, all_words, strict=True)
    ]
    content_index = 0
    lead = next((v for v, junk in zip(vectors, furniture, strict=True) if not junk), {})
    for index, (p, i, tokens) in enumerate(flat):
        sentence_words, vector = all_words[index], vectors[index]
        values = {
            "index": min(index, MAX_INDEX),
            "relative_index": index / count,
            "paragraph": min(p, MAX_PARAGRAPH),
            "relative_paragraph": p / paragraphs,
            "in_paragraph": min(i, MAX_INDEX),
            "content_index": min(content_index, MAX_INDEX),
            "sentences": count,
            "paragraphs": paragraphs,
            "words": len(sentence_words),
            "centrality": centrality[index],
            "centrality_rank": rank[index] / count,
            "lead_similarity": _cosine(vector, lead),
            "previous_similarity": _cosine(vector, vectors[index - 1]) if index else 0.0,
            "next_similarity": _cosine(vector, vectors[index + 1]) if index + 1 < count else 0.0,
            "title_similarity": _cosine(vector, title_vector),
            "has_title": float(bool(title_vector)),
            "dateline": float(dateline_length(tokens) > 0),
            "related_link": float(_is_related_link(tokens)),
            "furniture": float(furniture[index]),
            "quote": _inside_quotes(tokens) / max(1, len(tokens)),
            "opens_quote": float(bool(tokens) and tokens[0] in _QUOTES),
            "question": float("?" in tokens[-2:]),
            "reference_start": float(bool(sentence_words) and sentence_words[0] in _REFERENCE),
            "reporting": float(not _REPORTING.isdisjoint(sentence_words)),
            "digits": sum(w[:1].isdigit() for w in sentence_words) / max(1, len(sentence_words)),
            "capitalised": sum(t[:1].isupper() for t in tokens[1:]) / max(1, len(tokens) - 1),
            "previous_furniture": float(furniture[index - 1]) if index else 0.0,
        }
        rows[index] = [values[name] for name in FEATURES]
        content_index += not furniture[index]
    return rows


def _inside_quotes(tokens: Sequence[str]) -> int:
    """How many tokens stand between quotation marks (an unclosed mark runs to the end)."""
    inside, count = False, 0
    for token in tokens:
        if token in _QUOTES:
            inside = not inside
        elif inside:
            count += 1
    return count


def paragraph_tokens(value: object) -> list[list[list[str]]]:
    """IndoSum-style ``paragraphs`` checked: a list of paragraphs, each a list of sentences,
    each a non-empty list of token strings.

    Raises:
        ValueError: the value has another shape; the message says what is wrong.
    """
    if not isinstance(value, list) or not value:
        raise ValueError("'paragraphs' is not a non-empty list of paragraphs")
    for paragraph in value:
        if not isinstance(paragraph, list):
            raise ValueError("a paragraph is not a list of sentences")
        for sentence in paragraph:
            if not isinstance(sentence, list) or not sentence:
                raise ValueError("a sentence is not a non-empty list of tokens")
            if not all(isinstance(token, str) for token in sentence):
                raise ValueError("a token is not a string")
    return value


# --- scores and summaries -----------------------------------------------------------------


def _log_odds(rows: np.ndarray, model: SummaryModel) -> np.ndarray:
    """The forest's log-odds for each row: every tree walked for every row at once."""
    rows = rows.astype(np.float32).astype(np.float64)  # the trees were fitted on float32
    trees = np.arange(model.feature.shape[0])[None, :]
    node = np.zeros((rows.shape[0], model.feature.shape[0]), dtype=np.int64)
    sample = np.arange(rows.shape[0])[:, None]
    for _ in range(model.depth):
        column = model.feature[trees, node]
        value = rows[sample, np.maximum(column, 0)]
        goes_left = value <= model.threshold[trees, node]
        node = np.where(goes_left, model.left[trees, node], model.right[trees, node])
    leaves = model.value[trees, node]
    result: np.ndarray = model.base_score + leaves.sum(axis=1)
    return result


def sentence_probabilities(rows: np.ndarray, model: SummaryModel) -> np.ndarray:
    """The model's probability for each row of :func:`sentence_features`."""
    probabilities: np.ndarray = 1.0 / (1.0 + np.exp(-_log_odds(rows, model)))
    # A related-link line is never summary, wherever it stands: IndoSum's editors picked none
    # of the 148 in dev.01-03; the trees, seeing few at the top, would trust its position.
    probabilities[rows[:, FEATURES.index("related_link")] > 0] = 0.0
    return probabilities


def sentence_scores(
    article: ArticleTokens, title: str | Sequence[str] | None = None
) -> list[list[float]]:
    """The probability the model gives each sentence of being in the article's summary.

    Args:
        article: paragraphs of sentences of tokens (IndoSum's shape).
        title: the headline, as text or tokens; None when unknown.

    Returns:
        One list per paragraph, one probability per sentence.
    """
    probabilities = sentence_probabilities(sentence_features(article, title), summary_model())
    flat = iter(float(p) for p in probabilities)
    return [[next(flat) for _ in paragraph] for paragraph in article]


def choose(
    scores: Sequence[Sequence[float]], model: SummaryModel | None = None
) -> list[SentenceRef]:
    """The sentences a summary takes, given their scores: those whose probability reaches the
    model's threshold, the best first, at least ``min_sentences`` and at most ``max_sentences``;
    returned in document order."""
    model = model or summary_model()
    ranked = sorted(
        ((score, SentenceRef(p, i)) for p, row in enumerate(scores) for i, score in enumerate(row)),
        key=lambda item: (-item[0], item[1]),
    )
    above = sum(score >= model.threshold_probability for score, _ in ranked)
    take = min(max(above, model.min_sentences), model.max_sentences)
    return sorted(ref for _, ref in ranked[:take])


def summarize_tokens(
    article: ArticleTokens, title: str | Sequence[str] | None = None
) -> list[SentenceRef]:
    """The summary of an IndoSum-style article: the chosen sentences, in document order.

    Args:
        article: paragraphs of sentences of tokens.
        title: the headline, as text or tokens; None when unknown.

    Returns:
        ``(paragraph, sentence)`` of each chosen sentence (:class:`SentenceRef`).
    """
    return choose(sentence_scores(article, title))


@dataclass(frozen=True, slots=True)
class TextSummary:
    """The summary of a plain-text article: its sentences by paragraph (offsets into the text
    given), and which of them the summary takes, in document order."""

    paragraphs: list[list[Sentence]]
    chosen: list[SentenceRef]

    @property
    def sentences(self) -> list[Sentence]:
        """The chosen sentences, in document order."""
        return [self.paragraphs[p][i] for p, i in self.chosen]


def text_paragraphs(text: str) -> list[list[Sentence]]:
    """The sentences of a text grouped by paragraph (each non-blank line is one), with offsets
    into ``text``."""
    line_starts = [0] + [
        match.end() for match in re.finditer(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]", text)
    ]
    grouped: dict[int, list[Sentence]] = {}
    line = 0
    for sentence in split_sentences(text):
        while line + 1 < len(line_starts) and line_starts[line + 1] <= sentence.start:
            line += 1
        grouped.setdefault(line, []).append(sentence)
    return [grouped[line] for line in sorted(grouped)]


def summarize_text(text: str, title: str | None = None) -> TextSummary:
    """The summary of a plain-text article, one paragraph per line.

    Args:
        text: the article's body; sentences are split by
            :func:`warta.lang.id.sentences.split_sentences`.
        title: the headline, if known.
    """
    paragraphs = text_paragraphs(text)
    tokens = [[list(s.words) for s in paragraph] for paragraph in paragraphs]
    return TextSummary(paragraphs, summarize_tokens(tokens, title))
