"""Linear-chain CRF inference in numpy, on weights exported from a trained model.

python-crfsuite trains the models; tagging does not need it. A model trained with feature
augmentation has, for every feature, a shared weight and a weight for each corpus; at run time
the corpus is fixed, so training exports their sums (``training/train_ner.py``,
``write_weights``) and the tagger reads one weight row per feature. Every feature name has an
integer id, its row in one weight matrix [features, labels]; since every feature has the value
1, a token's label scores are the sum of its features' rows. What a word contributes to itself
and to its neighbours does not depend on the sentence, so it is summed once per distinct word
and cached (a row of one table per word); an article's tokens are then scored together, a few
numpy operations for all of its sentences, and Viterbi over the labels finds the best
sequences. The result is the one crfsuite gives (the same scores, summed in another order).

The weight file (gzipped text): the labels on the first line, tab-separated; one line per
label with its transition weights to each label; then one line per feature,
``name<TAB>label:weight ...`` for its non-zero weights.
"""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator, Sequence
from itertools import chain, islice, repeat
from pathlib import Path

import numpy as np

from warta.lang.id.ner.features import (
    CONTEXT_OFFSETS,
    MAX_CACHED_WORDS,
    Resources,
    sentence_extras,
    word_info,
    word_of,
)

Vector = list[float]
#: Longest sentence :func:`viterbi` decodes in a batch with others.
MAX_BATCHED = 256
#: Tokens scored at a time by :meth:`LinearChainCRF.emissions_joined`.
CHUNK = 4096


class LinearChainCRF:
    """A first-order CRF's labels, transition weights and per-feature label weights."""

    def __init__(
        self, labels: list[str], transitions: list[Vector], weights: dict[str, Vector]
    ) -> None:
        self.labels = labels
        self.transitions = transitions
        self._transitions = np.array(transitions)  # [from label, to label]
        #: Each feature's row in ``_weights`` [features + 1, labels], whose last row is zero.
        self._ids = {name: row for row, name in enumerate(weights)}
        self._weights = np.zeros((len(weights) + 1, len(labels)))
        if weights:
            self._weights[:-1] = list(weights.values())
        # Per word, its row in ``_table`` [words, 1 + offsets, labels]: the sum of its own
        # features' weights, then of what it adds to the token at each of CONTEXT_OFFSETS
        # from it.
        self._index: dict[str, int] = {}
        self._table = np.empty((1024, 1 + len(CONTEXT_OFFSETS), len(labels)))
        self._lock = threading.Lock()

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

    def _word_rows(self, words: Sequence[str], resources: Resources) -> np.ndarray:
        """Each word's rows [words, 1 + offsets, labels], computed for the words not cached:
        all of their features' weights gathered in one index and summed per word and offset
        in one call, and kept in one table whose rows are picked for the words at once. The
        cache is emptied when full. Threads share it, one at a time."""
        with self._lock:
            index = self._index
            missing = [word for word in dict.fromkeys(words) if word not in index]
            if missing and len(index) + len(missing) > MAX_CACHED_WORDS:
                index.clear()  # a frequent word is soon back, a rare one is not
                missing = list(dict.fromkeys(words))
            if missing:
                ids, zero = self._ids, len(self._weights) - 1
                gathered: list[int] = []
                starts: list[int] = []
                for word in missing:
                    info = word_info(word, resources)
                    for names in (info.own, *(info.context[o] for o in CONTEXT_OFFSETS)):
                        starts.append(len(gathered))
                        gathered.append(zero)  # so that no group is empty
                        gathered += [row for row in map(ids.get, names) if row is not None]
                sums = np.add.reduceat(self._weights[gathered], starts, axis=0)
                first = len(index)
                needed = first + len(missing)
                if needed > len(self._table):
                    grown = np.empty((max(needed, 2 * len(self._table)), *self._table.shape[1:]))
                    grown[:first] = self._table[:first]
                    self._table = grown
                self._table[first:needed] = sums.reshape(len(missing), *self._table.shape[1:])
                index.update(zip(missing, range(first, needed), strict=True))
            return self._table[np.fromiter(map(index.__getitem__, words), np.intp, len(words))]

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
        tags = None if gazetteer is None else [gazetteer]
        return self.emissions_joined([tokens], resources, tags)  # one sentence: its own scores

    def emissions_joined(
        self,
        sentences: Sequence[Sequence[str]],
        resources: Resources,
        gazetteer: Sequence[Sequence[str]] | None = None,
    ) -> np.ndarray:
        """:meth:`emissions` of the sentences' tokens end to end [tokens, labels], scored
        together, so the cost in numpy calls is per article, not per sentence. The tokens are
        scored :data:`CHUNK` at a time (with the two words on each side that they see), so a
        hostile text of millions of tokens takes memory for its scores and not five times
        that."""
        words = [word_of(token) for tokens in sentences for token in tokens]
        lengths = np.array([len(tokens) for tokens in sentences], dtype=np.intp)
        total = len(words)
        emissions = np.empty((total, len(self.labels)))
        # Each token's position in its sentence, and its sentence's length.
        position = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        length = np.repeat(lengths, lengths)
        extras = chain.from_iterable(
            self._extras(words[first : first + size], resources, tags)
            for first, size, tags in zip(
                np.cumsum(lengths) - lengths,
                lengths,
                [None] * len(sentences) if gazetteer is None else gazetteer,
                strict=True,
            )
        )
        margin = max(map(abs, CONTEXT_OFFSETS))
        for first in range(0, total, CHUNK):
            last = min(total, first + CHUNK)
            seen_from = max(0, first - margin)
            rows = self._word_rows(words[seen_from : last + margin], resources)
            part = rows[first - seen_from : last - seen_from, 0].copy()
            at, within = position[first:last], length[first:last]
            for column, offset in enumerate(CONTEXT_OFFSETS, 1):
                seen = np.flatnonzero((at + offset >= 0) & (at + offset < within))
                part[seen] += rows[seen + (first - seen_from + offset), column]
            # The features that depend on the sentence: (token, feature name) pairs, their
            # rows looked up in one pass and summed at once, in the same order (a list of rows
            # made per token was a tenth of the CRF's time).
            tokens, names = [], []
            for index, found in enumerate(islice(extras, last - first)):
                tokens += [index] * len(found)
                names += found
            rows = np.fromiter(map(self._ids.get, names, repeat(-1)), np.intp, len(names))
            known = rows >= 0
            np.add.at(part, np.array(tokens, np.intp)[known], self._weights[rows[known]])
            emissions[first:last] = part
        return emissions

    def _extras(
        self, words: Sequence[str], resources: Resources, gazetteer: Sequence[str] | None
    ) -> Iterator[list[str]]:
        """Each token's :func:`sentence_extras` (the model has rows for some of them)."""
        lowered, titles = [w.lower() for w in words], [w[:1].isupper() for w in words]
        return sentence_extras(lowered, titles, resources, gazetteer)

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
    into = np.ascontiguousarray(transitions.T)  # [to, from]: the maximum runs along a row
    best = emissions[0] if start is None else emissions[0] + start
    for position in range(1, size):
        candidates = best + into
        back[position] = candidates.argmax(axis=1)
        best = np.maximum.reduce(candidates, axis=1) + emissions[position]
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
    than :data:`MAX_BATCHED` tokens is decoded alone, so the padding stays small.

    The batch's rows are the sentences longest first, so a step computes only the first rows,
    those of the sentences not yet ended; and the candidates are laid out [to, from], so each
    maximum runs along contiguous memory (the two halved the decoding's time)."""
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
    order = np.argsort(-lengths, kind="stable")  # row -> sentence, the longest first
    ordered = lengths[order]
    batch, steps, labels = len(emissions), int(ordered[0]), transitions.shape[0]
    padded = np.zeros((batch, steps, labels))
    for row, sentence in enumerate(order):
        padded[row, : ordered[row]] = emissions[sentence]
    # At each step, how many sentences are still running: the first rows.
    running = np.count_nonzero(ordered[:, None] > np.arange(steps), axis=0).tolist()
    into = np.ascontiguousarray(transitions.T)  # [to, from]
    back = np.empty((steps, batch, labels), dtype=np.intp)
    best = padded[:, 0].copy() if start is None else padded[:, 0] + start
    for position in range(1, steps):
        rows = running[position]
        candidates = best[:rows, None, :] + into  # [rows, to, from]
        back[position, :rows] = candidates.argmax(axis=2)
        np.maximum.reduce(candidates, axis=2, out=best[:rows])
        best[:rows] += padded[:rows, position]
    if end is not None:
        best = best + end
    label = best.argmax(axis=1)
    path = np.empty((steps, batch), dtype=np.intp)
    path[-1] = label
    every = np.arange(batch)
    for position in range(steps - 1, 0, -1):
        rows = running[position]  # an ended sentence keeps its last label
        label[:rows] = back[position, every[:rows], label[:rows]]
        path[position - 1] = label
    result: list[list[int]] = [[] for _ in range(batch)]
    for row, sentence in enumerate(order.tolist()):
        result[sentence] = path[: ordered[row], row].tolist()
    return result
