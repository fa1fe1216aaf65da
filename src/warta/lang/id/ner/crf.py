"""Linear-chain CRF inference in plain Python, on weights exported from a trained model.

python-crfsuite trains the models; tagging does not need it. A model trained with feature
augmentation has, for every feature, a shared weight and a weight for each corpus; at run time
the corpus is fixed, so training exports their sums (``training/train_ner.py``,
``write_weights``) and the tagger reads one weight vector per feature. Since every feature
has the value 1, a token's label scores are the sum of its features' vectors; what a word and
its neighbours contribute is summed once per distinct word and cached, so a token costs a few
additions of label vectors, and Viterbi over the labels (numpy) finds the best sequence. The
result is the one crfsuite gives (the same scores, summed in another order).

The weight file (gzipped text): the labels on the first line, tab-separated; one line per
label with its transition weights to each label; then one line per feature,
``name<TAB>label:weight ...`` for its non-zero weights.
"""

from __future__ import annotations

import gzip
from collections.abc import Sequence
from operator import add
from pathlib import Path

import numpy as np

from warta.lang.id.ner.features import (
    CONTEXT_OFFSETS,
    MAX_CACHED_WORDS,
    Resources,
    _Word,
    sentence_extras,
    words_of,
)

Vector = list[float]
#: Longest sentence :func:`viterbi` decodes in a batch with others.
MAX_BATCHED = 256


class LinearChainCRF:
    """A first-order CRF's labels, transition weights and per-feature label weights."""

    def __init__(
        self, labels: list[str], transitions: list[Vector], weights: dict[str, Vector]
    ) -> None:
        self.labels = labels
        self.transitions = transitions
        self.weights = weights
        self._zero = [0.0] * len(labels)
        self._transitions = np.array(transitions)  # [from label, to label]
        # Per word: the sum of its own features' vectors, and of what it adds to the token
        # at each offset from it.
        self._cache: dict[_Word, tuple[Vector, dict[int, Vector]]] = {}

    @classmethod
    def load(cls, path: Path) -> LinearChainCRF:
        lines = gzip.decompress(path.read_bytes()).decode("utf-8").split("\n")
        labels = lines[0].split("\t")
        size = len(labels)
        transitions = [[float(w) for w in line.split("\t")] for line in lines[1 : 1 + size]]
        weights: dict[str, Vector] = {}
        for line in lines[1 + size :]:
            if not line:
                continue
            name, _, values = line.partition("\t")
            vector = [0.0] * size
            for pair in values.split(" "):
                label, _, weight = pair.partition(":")
                vector[int(label)] = float(weight)
            weights[name] = vector
        return cls(labels, transitions, weights)

    def _sum(self, names: Sequence[str]) -> Vector:
        total = self._zero
        for name in names:
            vector = self.weights.get(name)
            if vector is not None:
                total = list(map(add, total, vector))
        return total

    def _word_vectors(self, word: _Word) -> tuple[Vector, dict[int, Vector]]:
        found = self._cache.get(word)
        if found is None:
            if len(self._cache) > MAX_CACHED_WORDS:
                self._cache.clear()
            found = (
                self._sum(word.own),
                {offset: self._sum(word.context[offset]) for offset in CONTEXT_OFFSETS},
            )
            self._cache[word] = found
        return found

    def tag(self, tokens: Sequence[str], resources: Resources) -> list[str]:
        """The best label sequence for a sentence's tokens."""
        if not tokens:
            return []
        return [self.labels[label] for label in self._viterbi(self.emissions(tokens, resources))]

    def emissions(
        self,
        tokens: Sequence[str],
        resources: Resources,
        gazetteer: Sequence[str] | None = None,
    ) -> np.ndarray:
        """Each token's label scores [tokens, labels] (the sum of its features' weights);
        ``gazetteer``: the sentence's gazetteer tags, when the caller has them."""
        info = words_of(tokens, resources)
        vectors = [self._word_vectors(word) for word in info]
        size = len(info)
        # One row of label scores per token, filled as the features are read: a list of lists
        # of floats would hold forty Python objects a token, and a sentence of a million
        # tokens (hostile text has them) would spend more time in memory than in the model.
        emissions = np.empty((size, len(self.labels)))
        weights = self.weights
        for index, extra in enumerate(sentence_extras(info, resources, gazetteer)):
            score = vectors[index][0]
            for offset in CONTEXT_OFFSETS:
                other = index + offset
                if 0 <= other < size:
                    score = list(map(add, score, vectors[other][1][offset]))
            for name in extra:
                found = weights.get(name)
                if found is not None:
                    score = list(map(add, score, found))
            emissions[index] = score
        return emissions

    def _viterbi(self, emissions: np.ndarray) -> list[int]:
        return viterbi([emissions], self._transitions)[0]


def _viterbi_one(
    emissions: np.ndarray,
    transitions: np.ndarray,
    start: np.ndarray | None = None,
    end: np.ndarray | None = None,
) -> list[int]:
    """One sentence's best label path, with numpy for each step's label-by-label maximum (in
    plain Python this step was half the tagging time)."""
    size, labels = emissions.shape
    back = np.zeros((size, labels), dtype=np.intp)
    best = emissions[0] if start is None else emissions[0] + start
    every = np.arange(labels)
    for position in range(1, size):
        candidates = best[:, None] + transitions
        back[position] = candidates.argmax(axis=0)
        best = candidates[back[position], every] + emissions[position]
    if end is not None:
        best = best + end
    label = int(best.argmax())
    path = [label]
    for position in range(size - 1, 0, -1):
        label = int(back[position, label])
        path.append(label)
    path.reverse()
    return path


def viterbi(
    emissions: Sequence[np.ndarray],
    transitions: np.ndarray,
    start: np.ndarray | None = None,
    end: np.ndarray | None = None,
) -> list[list[int]]:
    """The best label path of each sentence (``emissions``: per sentence a row of label scores
    per token; ``transitions`` [from, to]; optional ``start`` and ``end`` scores of the first
    and last label). Several sentences are one padded batch, so the dynamic programming costs
    a numpy step per token of the longest sentence, whatever their number; a sentence longer
    than :data:`MAX_BATCHED` tokens is decoded alone, so the padding stays small."""
    if len(emissions) == 1:
        return [_viterbi_one(emissions[0], transitions, start, end)]
    alone = [i for i, e in enumerate(emissions) if len(e) > MAX_BATCHED]
    if alone:
        together = [i for i, e in enumerate(emissions) if len(e) <= MAX_BATCHED]
        paths: dict[int, list[int]] = {
            i: _viterbi_one(emissions[i], transitions, start, end) for i in alone
        }
        if together:
            batched = viterbi([emissions[i] for i in together], transitions, start, end)
            paths.update(zip(together, batched, strict=True))
        return [paths[i] for i in range(len(emissions))]
    lengths = np.array([len(e) for e in emissions])
    batch, steps, labels = len(emissions), int(lengths.max()), transitions.shape[0]
    padded = np.zeros((batch, steps, labels))
    for row, scores in enumerate(emissions):
        padded[row, : len(scores)] = scores
    back = np.zeros((steps, batch, labels), dtype=np.intp)
    best = padded[:, 0] if start is None else padded[:, 0] + start
    every = np.arange(labels)
    for position in range(1, steps):
        candidates = best[:, :, None] + transitions  # [batch, from, to]
        pointers = candidates.argmax(axis=1)
        following = np.take_along_axis(candidates, pointers[:, None, :], 1)[:, 0]
        following += padded[:, position]
        ended = position >= lengths  # a finished sentence keeps its scores and its labels
        pointers[ended] = every
        following[ended] = best[ended]
        back[position] = pointers
        best = following
    if end is not None:
        best = best + end
    label = best.argmax(axis=1)
    path = np.empty((steps, batch), dtype=np.intp)
    path[-1] = label
    rows = np.arange(batch)
    for position in range(steps - 1, 0, -1):
        label = back[position, rows, label]
        path[position - 1] = label
    return [path[: lengths[row], row].tolist() for row in range(batch)]
