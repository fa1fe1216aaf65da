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
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain, pairwise, repeat, zip_longest
from pathlib import Path

import numpy as np

from warta.lang.id.ner.features import (
    CONTEXT_OFFSETS,
    MAX_CACHED_WORDS,
    PADDING_FEATURES,
    Resources,
    SentenceWords,
    cluster_key,
    sentence_words,
    word_shape,
)

Vector = list[float]
#: Longest sentence :func:`viterbi` decodes in a batch with others.
MAX_BATCHED = 256
#: Tokens scored at a time by :meth:`LinearChainCRF.emissions_joined`.
CHUNK = 4096
#: The gazetteer features' names: the token's own tag, its predecessor's and its successor's.
_TAG_NAMES = ("gz", "gz-1", "gz+1")
#: The bigram features' names: the token with its predecessor, and with its successor.
_PAIR_NAMES = ("w-1|w", "w|w+1")


class LinearChainCRF:
    """A first-order CRF's labels, transition weights and per-feature label weights."""

    def __init__(
        self,
        labels: list[str],
        transitions: list[Vector],
        weights: Mapping[str, Vector] | tuple[Sequence[str], np.ndarray],
    ) -> None:
        """``weights``: each feature's label weights by its name, or the features' names and
        their rows [features, labels] (as :meth:`load` reads them)."""
        self.labels = labels
        self.transitions = transitions
        self._transitions = np.array(transitions)  # [from label, to label]
        if isinstance(weights, tuple):
            names, rows = weights
        else:
            names, rows = list(weights), np.array(list(weights.values()), dtype=float)
        #: Each feature's row in ``_weights`` [features + 1, labels], whose last row is zero.
        self._ids = dict(zip(names, range(len(names)), strict=True))
        self._weights = np.zeros((len(names) + 1, len(labels)))
        if names:
            self._weights[:-1] = rows
        zero = len(names)
        # Per word, its row in ``_table`` [words, 1 + offsets, labels]: the sum of its own
        # features' weights, then of what it adds to the token at each of CONTEXT_OFFSETS
        # from it.
        self._index: dict[str, int] = {}
        self._table = np.empty((1024, 1 + len(CONTEXT_OFFSETS), len(labels)))
        self._lock = threading.Lock()
        # Every pair of words the bigram features name: its row in ``_pair_rows`` [pairs + 1,
        # 2], each feature's row in the weights (the first line, for any other pair: zero).
        # A pair is found by its words; a name whose words hold a "|" is entered under every
        # way of cutting it, as any of them writes the name.
        self._pairs: dict[tuple[str, str], int] = {}
        pair_rows = [[zero, zero]]
        # Each feature template's rows by value ("shape" -> {"Xx": row}), and of templates
        # that read the same value ("shape", "shape-1", ...) together (:meth:`_family`):
        # a word's features are found a few templates at a time for many words.
        self._templates: dict[str, dict[str, int]] = {}
        self._families: dict[tuple[str, ...], tuple[dict[str | None, int], np.ndarray]] = {}
        for name, row in self._ids.items():
            kind, _, words = name.partition("=")
            self._templates.setdefault(kind, {})[words] = row
            if kind not in _PAIR_NAMES:
                continue
            column = _PAIR_NAMES.index(kind)
            cut = words.find("|")
            while cut >= 0:
                pair = self._pairs.setdefault((words[:cut], words[cut + 1 :]), len(pair_rows))
                if pair == len(pair_rows):
                    pair_rows.append([zero, zero])
                pair_rows[pair][column] = row
                cut = words.find("|", cut + 1)
        self._pair_rows = np.array(pair_rows, dtype=np.intp)

    @classmethod
    def load(cls, path: Path) -> LinearChainCRF:
        """The model of a weight file. Its numbers are read all at once: read line by line
        into a list per feature, the file took a fifth of a second to load, about as much as
        tagging thirty articles."""
        lines = gzip.decompress(path.read_bytes()).decode("utf-8").split("\n")
        labels = lines[0].split("\t")
        size = len(labels)
        transitions = [[float(w) for w in line.split("\t")] for line in lines[1 : 1 + size]]
        features = [line.partition("\t") for line in lines[1 + size :] if line]
        names = [name for name, _, _ in features]
        values = [pairs for _, _, pairs in features]
        # "label:weight label:weight ...": every line's labels and weights, in one list.
        cells = " ".join(values).replace(":", " ").split(" ")
        columns = np.fromiter(map(int, cells[0::2]), np.intp, len(cells) // 2)
        if len(cells) % 2 or (len(columns) and not 0 <= columns.min() <= columns.max() < size):
            raise ValueError(f"a feature's weights are not label:weight pairs of {size} labels")
        counts = [pairs.count(" ") + 1 for pairs in values]
        rows = np.zeros((len(names), size))
        rows[np.repeat(np.arange(len(names)), counts), columns] = np.fromiter(
            map(float, cells[1::2]), float, len(columns)
        )
        return cls(labels, transitions, (names, rows))

    def _word_rows(self, words: Sequence[str], resources: Resources) -> np.ndarray:
        """Each word's rows [words, 1 + offsets, labels], computed for the words not cached:
        all of their features' weights gathered in one index and summed per word and offset
        in one call, and kept in one table whose rows are picked for the words at once. The
        cache is emptied when full. Threads share it, one at a time."""
        with self._lock:
            index = self._index
            # Each word's row, -1 if not cached: one pass over all the words, the others over
            # the new ones alone (most of an article's are cached).
            found = np.fromiter(map(index.get, words, repeat(-1)), np.intp, len(words))
            new = np.flatnonzero(found < 0).tolist()
            if new:
                missing = list(dict.fromkeys([words[i] for i in new]))
                if len(index) + len(missing) > MAX_CACHED_WORDS:
                    index.clear()  # a frequent word is soon back, a rare one is not
                    new, missing = list(range(len(words))), list(dict.fromkeys(words))
                first = len(index)
                needed = first + len(missing)
                if needed > len(self._table):
                    grown = np.empty((max(needed, 2 * len(self._table)), *self._table.shape[1:]))
                    grown[:first] = self._table[:first]
                    self._table = grown
                # Per word, its own features and what it adds at each offset: groups of rows,
                # each group's sum starting from the zero row (so that no group is empty),
                # then adding its known features' rows in order, in one call for all groups.
                rows = self._word_feature_rows(missing, resources)
                rows[:, :, 0] = len(self._weights) - 1
                known = rows >= 0
                counts = np.count_nonzero(known, axis=2).ravel()
                sums = np.add.reduceat(
                    np.take(self._weights, rows[known], axis=0), np.cumsum(counts) - counts, axis=0
                )
                self._table[first:needed] = sums.reshape(len(missing), *self._table.shape[1:])
                index.update(zip(missing, range(first, needed), strict=True))
                found[new] = [index[words[i]] for i in new]
            # np.take: the same rows as indexing, for a half to two thirds of the time
            return np.take(self._table, found, axis=0)

    def _word_feature_rows(self, words: Sequence[str], resources: Resources) -> np.ndarray:
        """The rows in the weights of the features :func:`~warta.lang.id.ner.features.word_info`
        gives each word [words, 1 + offsets, slots]: its own features, then what it adds at
        each of CONTEXT_OFFSETS, in word_info's order from the second slot on; -1 for a
        feature the word has not or the model has no row for (and in the first slot).

        A template's rows are looked up for all the words at once, by value in the template's
        table: the names written out for every word and looked up one by one were three
        quarters of the CRF's time on new words. Summed as before, the rows give the same
        scores to the last bit (``tests/test_ner.py`` compares them): numpy sums a group of
        eight rows or more in another order than one by one, so where the unknown features
        sit matters, and they are dropped, not read as the zero row."""
        count = len(words)

        def rows(kinds: tuple[str, ...], values: Iterable[str | None]) -> np.ndarray:
            """The rows of the templates, which read the same value [words, kinds]."""
            lines, table = self._family(kinds)
            return np.take(
                table, np.fromiter(map(lines.get, values, repeat(-1)), np.intp, count), 0
            )

        def one(kind: str, values: Iterable[str | None]) -> np.ndarray:
            return rows((kind,), values)[:, 0]

        lows = [word.lower() for word in words]
        keys = list(map(cluster_key, words))
        clusters = list(map(resources.clusters.get, keys, repeat(())))
        # The word's own template, then those of the tokens at -2, -1, 1, 2 from it.
        lower = rows(("w", "w-2", "w-1", "w1", "w2"), lows)
        shape = rows(("shape", "shape-2", "shape-1", "shape1", "shape2"), map(word_shape, words))
        caps = map(resources.capitalised.get, keys, repeat("?"))
        cap = rows(("cap", "cap-2", "cap-1", "cap1", "cap2"), caps)
        # Per level, its own and (the first three levels) the tokens' at -1 and 1 from it, of
        # each word's cluster (None, which no table holds, past the word's levels).
        levels = [
            rows((f"c{level}", f"c{level}-1", f"c{level}+1")[: 3 if level < 3 else 1], clustered)
            for level, clustered in enumerate(zip_longest(*clusters))
        ]
        titles = np.fromiter([word[:1].isupper() for word in words], bool, count)
        own = [
            np.full(count, self._ids.get("bias", -1)),
            lower[:, 0],
            shape[:, 0],
            one("p2", [low[:2] for low in lows]),
            one("p3", [low[:3] for low in lows]),
            one("s2", [low[-2:] for low in lows]),
            one("s3", [low[-3:] for low in lows]),
            one("s4", [low[-4:] for low in lows]),
            cap[:, 0],
            *(clustered[:, 0] for clustered in levels),
            np.where(titles, self._ids.get("title", -1), -1),
        ]
        before = [lower[:, 2], shape[:, 2], cap[:, 2], *(c[:, 1] for c in levels[:3])]
        after = [lower[:, 3], shape[:, 3], cap[:, 3], *(c[:, 2] for c in levels[:3])]
        if resources.proper:
            proper = rows(("nnp", "nnp-1", "nnp+1"), map(resources.proper.get, keys, repeat("?")))
            own.append(proper[:, 0])
            before.append(proper[:, 1])
            after.append(proper[:, 2])
        groups = {
            -2: [lower[:, 1], shape[:, 1], cap[:, 1]],
            -1: before,
            1: after,
            2: [lower[:, 4], shape[:, 4], cap[:, 4]],
        }
        found = np.full((count, 1 + len(CONTEXT_OFFSETS), 1 + len(own)), -1, np.intp)
        for column, group in enumerate([own, *(groups[o] for o in CONTEXT_OFFSETS)]):
            found[:, column, 1 : 1 + len(group)] = np.stack(group, axis=1)
        return found

    def _family(self, kinds: tuple[str, ...]) -> tuple[dict[str | None, int], np.ndarray]:
        """Templates that read the same value: by value, its line in a table of their rows
        [values + 1, kinds] (-1 where a template has no row for it; the last line for a value
        none has). Made on first use; a model has a handful."""
        found = self._families.get(kinds)
        if found is None:
            tables = [self._templates.get(kind, {}) for kind in kinds]
            values = list(dict.fromkeys(chain.from_iterable(tables)))
            table = np.full((len(values) + 1, len(kinds)), -1, np.intp)
            for column, rows in enumerate(tables):
                table[: len(values), column] = [rows.get(value, -1) for value in values]
            lines: dict[str | None, int] = {value: line for line, value in enumerate(values)}
            found = self._families[kinds] = (lines, table)
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
        return self.emissions_read(sentence_words(sentences, resources, gazetteer), resources)

    def emissions_read(self, read: SentenceWords, resources: Resources) -> np.ndarray:
        """:meth:`emissions_joined` of sentences whose words are already read."""
        words = read.words
        lengths = np.array(read.lengths, dtype=np.intp)
        total = len(words)
        emissions = np.empty((total, len(self.labels)))
        # Each token's position in its sentence, and its sentence's length.
        position = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        length = np.repeat(lengths, lengths)
        titles = np.fromiter([word[:1].isupper() for word in words], bool, total)
        sentence = np.repeat(np.arange(len(lengths)), lengths)
        titled = np.bincount(sentence, weights=titles, minlength=len(lengths)) > 0
        lowercased = ~titled[sentence]  # the token's sentence has no capital
        tags, lowered = read.gazetteer, read.lowered
        margin = max(map(abs, CONTEXT_OFFSETS))
        for first in range(0, total, CHUNK):
            last = min(total, first + CHUNK)
            seen_from = max(0, first - margin)
            rows = self._word_rows(words[seen_from : last + margin], resources)
            part = rows[first - seen_from : last - seen_from, 0].copy()
            at, within = position[first:last], length[first:last]
            for column, offset in enumerate(CONTEXT_OFFSETS, 1):
                seen = np.flatnonzero((at + offset >= 0) & (at + offset < within))
                part[seen] += np.take(rows[:, column], seen + (first - seen_from + offset), 0)
            # The features that depend on the sentence, added one feature at a time for all
            # the tokens, in sentence_extras' order (the zero row for a token without it).
            before, after = max(0, first - 1), min(total, last + 1)
            rows = self._sentence_rows(
                lowered[before:after],
                tags[before:after],
                first - before,
                titles[first:last],
                lowercased[first:last],
                at,
                within,
            )
            for added in np.take(self._weights, rows, axis=0):
                part += added
            emissions[first:last] = part
        return emissions

    def _sentence_rows(
        self,
        lowered: Sequence[str],
        tags: Sequence[str],
        skip: int,
        titles: np.ndarray,
        lowercased: np.ndarray,
        at: np.ndarray,
        within: np.ndarray,
    ) -> np.ndarray:
        """The rows of the tokens' :func:`sentence_extras` [features, tokens], one line per
        feature in the order it gives them, the zero row where a token has not the feature
        or the model has no row for it: numpy steps per feature for all the tokens, where
        the names made and looked up one by one were a third of the CRF's time.
        ``lowered`` and ``tags``: the tokens' words lowercased and gazetteer tags, after
        ``skip`` and with one more on each side where there is one; ``titles``,
        ``lowercased``: whether the token starts with a capital, and whether its sentence
        has none; ``at`` and ``within``: its position in its sentence, and the length."""
        ids, zero = self._ids, len(self._weights) - 1
        count = len(at)
        index = np.arange(skip, skip + count)  # the tokens' in the window
        after = np.minimum(index + 1, len(lowered) - 1)  # the last word's is not read
        # Each tag's rows as the token's own, its successor's and its predecessor's tag.
        kinds = {tag: row for row, tag in enumerate(dict.fromkeys(tags))}
        by_kind = np.array(
            [
                [ids.get(f"{name}={tag}", zero) if tag else zero for name in _TAG_NAMES]
                for tag in kinds
            ]
        )
        tag_rows = by_kind[np.fromiter(map(kinds.__getitem__, tags), np.intp, len(tags))]
        # Each pair of neighbours' rows, as the second's "w-1|w" and the first's "w|w+1".
        pairs = self._pair_rows[
            np.fromiter(
                map(self._pairs.get, pairwise(lowered), repeat(0)),
                np.intp,
                max(0, len(lowered) - 1),
            )
        ]
        starts, ends = at == 0, at + 1 >= within
        rows = np.full((10, count), zero)
        rows[0, starts] = ids.get("start", zero)
        rows[1, starts & titles] = ids.get("title@start", zero)
        rows[2, lowercased] = ids.get("lowercased", zero)
        rows[3] = tag_rows[index, 0]
        rows[4, at < 2] = ids.get(PADDING_FEATURES[-2], zero)
        rows[5] = np.where(starts, ids.get(PADDING_FEATURES[-1], zero), tag_rows[index - 1, 1])
        rows[6] = np.where(ends, ids.get(PADDING_FEATURES[1], zero), tag_rows[after, 2])
        rows[7, at + 2 >= within] = ids.get(PADDING_FEATURES[2], zero)
        if len(pairs):
            rows[8] = np.where(starts, zero, pairs[index - 1, 0])
            rows[9] = np.where(ends, zero, pairs[np.minimum(index, len(pairs) - 1), 1])
        return rows

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
    every = np.arange(labels)
    for position in range(1, size):
        candidates = best + into
        back[position] = chosen = candidates.argmax(axis=1)
        # The maximum is the candidate the argmax chose (a maximum over a short axis of its
        # own cost twice as much).
        best = candidates[every, chosen] + emissions[position]
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
    # Each (row, to) pair's first candidate in the candidates flattened: the maximum is taken
    # there, at the argmax's offset, which halved the step's time against a maximum over the
    # label axis (a reduction over a short axis costs as much as the argmax; the same values).
    firsts = np.arange(batch * labels) * labels
    for position in range(1, steps):
        rows = running[position]
        candidates = best[:rows, None, :] + into  # [rows, to, from]
        chosen = back[position, :rows]
        candidates.argmax(axis=2, out=chosen)
        best[:rows] = candidates.ravel()[firsts[: rows * labels] + chosen.ravel()].reshape(
            rows, labels
        )
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
