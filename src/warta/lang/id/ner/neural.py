"""A BiLSTM tagger run with numpy, whose label scores are added to the CRF's before Viterbi.

The network (trained by ``training/train_ner_neural.py``, in torch; running it needs numpy
only) reads, for each token: its word's word2vec vector (fixed, learned on unlabelled news),
a character CNN over the word as written, and embeddings of three resources the CRF reads too
(capitalisation rate, proper-noun rate, gazetteer match) and of the corpus it tags as. A
bidirectional LSTM over the sentence feeds one output layer per corpus (NERP, NERGrit,
IDNer: multi-task, one shared encoder), trained as a CRF. At run time a scheme's label scores
and transitions are added, times a weight, to its CRF's (a product of the two models).

All sentences given together are run as one batch, so the LSTM costs one step per token of
the longest sentence, not per token of the text; a sentence longer than :data:`MAX_SEGMENT`
tokens is read in pieces, and batches hold about :data:`MAX_BATCH_TOKENS` tokens, so memory
stays bounded on hostile text.

The weight file (``neural.npz``) holds the arrays named in :class:`NeuralTagger`, the
vocabulary (``words``, ``chars``) and each head's labels.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from itertools import repeat
from pathlib import Path

import numpy as np

from warta.lang.id.ner.features import (
    Resources,
    SentenceWords,
    cluster_key,
    lowered_gazetteer_tags,
)

#: The rate buckets of ``capitalised.tsv`` and ``proper.tsv`` ("?": word not seen).
BUCKETS = ("?", "0", "1", "2", "3", "r0", "r1", "r2", "r3")
#: Gazetteer matches: none, or B-/I- of a shared type.
GAZETTEER_TAGS = (
    "",
    *(f"{p}-{kind}" for kind in ("PERSON", "LOC", "ORG", "EVENT", "FOOD") for p in "BI"),
)
DOMAINS = ("nerp", "nergrit", "idner")
#: Characters of a word the character CNN reads (longer words are cut).
MAX_CHARS = 20
PAD, UNKNOWN = 0, 1
#: Longest stretch of a sentence the LSTM reads at once (a longer sentence is read in pieces),
#: and most tokens run in one batch: memory stays bounded whatever the text.
MAX_SEGMENT = 256
MAX_BATCH_TOKENS = 8192
#: Distinct words whose input vectors are kept between calls: as many as the CRF keeps
#: (:data:`~warta.lang.id.ner.features.MAX_CACHED_WORDS`, where the size is calibrated); their
#: rows take 80 MB when full.
MAX_CACHED_WORDS = 50_000

_BUCKET = {b: i for i, b in enumerate(BUCKETS)}
_GAZETTEER = {t: i for i, t in enumerate(GAZETTEER_TAGS)}


def token_word(token: str) -> str:
    """The word the features read: a trailing abbreviation period is not part of it (the
    corpora split it off), as in :func:`warta.lang.id.ner.features.words_of`."""
    return token[:-1] if len(token) > 1 and token.endswith(".") else token


def char_ids(word: str, chars: dict[str, int]) -> list[int]:
    ids = [chars.get(c, UNKNOWN) for c in word[:MAX_CHARS]]
    return ids + [PAD] * (MAX_CHARS - len(ids))


def resource_ids(words: Sequence[str], resources: Resources) -> np.ndarray:
    """Per word of a sentence (as :func:`token_word` gives them): capitalisation bucket,
    proper-noun bucket and gazetteer tag, as indices (what training reads)."""
    keys = [cluster_key(w) for w in words]
    gazetteer = lowered_gazetteer_tags([w.lower() for w in words], resources)
    return np.array(
        [
            [
                _BUCKET.get(resources.capitalised.get(k, "?"), 0),
                _BUCKET.get(resources.proper.get(k, "?"), 0),
                _GAZETTEER.get(g, 0),
            ]
            for k, g in zip(keys, gazetteer, strict=True)
        ],
        dtype=np.int64,
    ).reshape(len(words), 3)


def _batches(lengths: Sequence[int]) -> Iterator[tuple[int, list[int]]]:
    """The sentences cut into segments of at most :data:`MAX_SEGMENT` tokens and grouped, in
    order, into batches of about :data:`MAX_BATCH_TOKENS` tokens: each batch's first token
    and its segments' lengths."""
    first, size = 0, 0
    batch: list[int] = []
    for length in lengths:
        for start in range(0, length, MAX_SEGMENT):
            segment = min(MAX_SEGMENT, length - start)
            if size and size + segment > MAX_BATCH_TOKENS:
                yield first, batch
                first, batch, size = first + size, [], 0
            batch.append(segment)
            size += segment
    if batch:
        yield first, batch


def _packed(lengths: Sequence[int], steps: int) -> tuple[int, np.ndarray, np.ndarray]:
    """Sentences of these lengths packed end to end into rows of ``steps`` tokens, the longest
    first, each into the first row with room: the number of rows, and each sentence's row and
    first step."""
    fill: list[int] = []
    placed = []
    for index in sorted(range(len(lengths)), key=lambda i: -lengths[i]):
        length = lengths[index]
        row = next((r for r, used in enumerate(fill) if used + length <= steps), len(fill))
        if row == len(fill):
            fill.append(0)
        placed.append((index, row, fill[row]))
        fill[row] += length
    placed.sort()
    sentence_row = np.array([row for _, row, _ in placed], np.intp)
    sentence_at = np.array([at for *_, at in placed], np.intp)
    return len(fill), sentence_row, sentence_at


class NeuralTagger:
    """The network's weights, and its label scores for a batch of sentences.

    What the LSTM's input layer makes of a token is a sum of parts that depend on the word
    alone (its vector and characters: computed once per distinct word and cached), on its
    three resource indices (a table of every combination) and on the corpus, so tagging does
    no matrix product per token but the recurrent one. The gates' weights are scaled
    at load so that one ``exp`` over all four gates gives them.
    """

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.words = {w: i for i, w in enumerate(str(w) for w in arrays["words"])}
        self.chars = {c: i for i, c in enumerate(str(c) for c in arrays["chars"])}
        f32 = np.float32
        self.word_vectors = arrays["word_vectors"].astype(f32)
        self.char_vectors = arrays["char_vectors"].astype(f32)
        # Conv1d weights [filters, channels, width] as one matrix over a window's characters.
        conv = arrays["char_conv"].astype(f32)
        self.conv_width = conv.shape[2]
        # The character vectors and a row of zeros (the padding around a word), and each
        # window's positions in a word so padded [chars, width].
        self._char_rows = np.concatenate([self.char_vectors, np.zeros_like(self.char_vectors[:1])])
        self._windows = np.arange(MAX_CHARS)[:, None] + np.arange(self.conv_width)
        self.char_conv = conv.transpose(2, 1, 0).reshape(-1, conv.shape[0])
        self.char_bias = arrays["char_bias"].astype(f32)
        size = arrays["lstm_hh"].shape[1]
        self.hidden = size
        # Gate pre-activations are scaled by -1 (input, forget, output gates) and -2 (cell
        # candidate) so that 1 / (1 + exp(x)) gives the sigmoids and 2 / (1 + exp(x)) - 1 the
        # tanh: one exp for all four gates (numpy's exp is vectorised, its tanh is not).
        half = np.full(4 * size, -1.0, f32)
        half[2 * size : 3 * size] = -2.0
        directions = ("", "_reverse")
        # Input weights of both directions side by side [in, 2 * 4h]; recurrent [2, h, 4h].
        input_weights = np.concatenate(
            [arrays[f"lstm_ih{d}"].astype(f32).T * half for d in directions], axis=1
        )
        self.recurrent = np.stack([arrays[f"lstm_hh{d}"].astype(f32).T * half for d in directions])
        bias = np.concatenate([arrays[f"lstm_bias{d}"].astype(f32) * half for d in directions])
        word_size = self.word_vectors.shape[1] + conv.shape[0]
        self.word_weights = input_weights[:word_size]
        # Every (capitalisation, proper noun, gazetteer) combination's part of the input layer.
        parts = []
        offset = word_size
        for i in range(3):
            table = arrays[f"resource{i}"].astype(f32)
            parts.append(table @ input_weights[offset : offset + table.shape[1]])
            offset += table.shape[1]
        self.resource_sizes = (len(parts[1]) * len(parts[2]), len(parts[2]))
        self.resource_parts = (
            parts[0][:, None, None] + parts[1][None, :, None] + parts[2][None, None, :]
        ).reshape(-1, 8 * size)
        domains = arrays["domain_vectors"].astype(f32)
        self.domain_parts = domains @ input_weights[offset:] + bias
        self.heads = {
            domain: (
                [str(label) for label in arrays[f"{domain}_labels"]],
                arrays[f"{domain}_out"].astype(f32).T,
                arrays[f"{domain}_out_bias"].astype(f32),
                arrays[f"{domain}_transitions"].astype(np.float64),
                arrays[f"{domain}_start"].astype(np.float64),
                arrays[f"{domain}_end"].astype(np.float64),
            )
            for domain in DOMAINS
        }
        # Per cached word: its row in ``_parts`` (input-layer part) and ``_buckets``.
        self._rows: dict[str, int] = {}
        self._lock = threading.Lock()
        self._parts = np.empty((1024, 8 * size), np.float32)
        self._buckets = np.empty(1024, np.intp)
        # Each character's id by code point (UNKNOWN for a code point the vocabulary has not),
        # up to the highest it has: the ids of many words are read at once (:meth:`_char_ids`).
        singles = {char: i for char, i in self.chars.items() if len(char) == 1}
        self._char_table = np.full(max(map(ord, singles), default=0) + 1, UNKNOWN, np.intp)
        self._char_table[[ord(char) for char in singles]] = list(singles.values())

    @classmethod
    def load(cls, path: Path) -> NeuralTagger:
        with np.load(path, allow_pickle=False) as data:
            return cls({name: data[name] for name in data.files})

    def _word_rows(self, words: Sequence[str], resources: Resources) -> np.ndarray:
        """Each word's row in the cache of input-layer parts (word vector and character CNN,
        and the capitalisation and proper-noun buckets), computed for words not in it."""
        rows = self._rows
        # Each word's row, -1 if not cached: one pass over all the words, the others over the
        # new ones alone (most of an article's are cached).
        found = np.fromiter(map(rows.get, words, repeat(-1)), np.intp, len(words))
        new = np.flatnonzero(found < 0).tolist()
        if new:
            missing = list(dict.fromkeys([words[i] for i in new]))
            if len(rows) + len(missing) > MAX_CACHED_WORDS:
                rows.clear()
                new, missing = list(range(len(words))), list(dict.fromkeys(words))
            first = len(rows)
            needed = first + len(missing)
            if needed > len(self._parts):
                # doubling, but never past what the cache may hold (or one call needs)
                grown = min(max(needed, 2 * len(self._parts)), max(needed, MAX_CACHED_WORDS))
                parts = np.empty((grown, self._parts.shape[1]), self._parts.dtype)
                parts[:first] = self._parts[:first]
                buckets = np.empty(grown, self._buckets.dtype)
                buckets[:first] = self._buckets[:first]
                self._parts, self._buckets = parts, buckets
            # Each window of characters the CNN reads, its vectors side by side [words, chars,
            # width * dim], gathered at once: the character ids padded with the zero row's on
            # each side, read a window at each position. Rows are gathered with np.take
            # throughout the tagger: along one axis it copies the same rows for a third to two
            # thirds of the time indexing takes (numpy 2, the tagger's arrays).
            half = self.conv_width // 2
            ids = np.full((len(missing), MAX_CHARS + 2 * half), len(self.char_vectors), np.intp)
            ids[:, half : half + MAX_CHARS] = self._char_ids(missing)
            windows = np.take(self._char_rows, ids[:, self._windows], axis=0).reshape(
                len(missing), MAX_CHARS, -1
            )
            # The bias is added after the maximum, to one value per filter, not per window: the
            # same result (adding a number keeps the order of floats, rounding included).
            char_features = (windows @ self.char_conv).max(axis=1) + self.char_bias
            keys = [cluster_key(w) for w in missing]
            vectors = np.take(self.word_vectors, [self.words.get(k, UNKNOWN) for k in keys], axis=0)
            self._parts[first:needed] = (
                np.concatenate([vectors, char_features], axis=1) @ self.word_weights
            )
            first_size, second_size = self.resource_sizes
            capitalised, proper = resources.capitalised, resources.proper
            count = len(keys)
            self._buckets[first:needed] = first_size * np.fromiter(
                map(_BUCKET.get, map(capitalised.get, keys, repeat("?")), repeat(0)), np.intp, count
            ) + second_size * np.fromiter(
                map(_BUCKET.get, map(proper.get, keys, repeat("?")), repeat(0)), np.intp, count
            )
            rows.update(zip(missing, range(first, needed), strict=True))
            found[new] = [rows[words[i]] for i in new]
        return found

    def _char_ids(self, words: Sequence[str]) -> np.ndarray:
        """:func:`char_ids` of each word [words, MAX_CHARS], read for all the words at once
        from their code points (``tests/test_ner.py`` compares the two)."""
        cut = [word[:MAX_CHARS] for word in words]
        # A lone surrogate (text decoded with "surrogateescape") is a code point like another.
        points = np.frombuffer("".join(cut).encode("utf-32-le", "surrogatepass"), np.uint32)
        table = self._char_table
        known = points < len(table)
        ids = np.full((len(words), MAX_CHARS), PAD, np.intp)
        lengths = np.fromiter(map(len, cut), np.intp, len(cut))
        ids[np.arange(MAX_CHARS) < lengths[:, None]] = np.where(
            known, table[np.where(known, points, 0)], UNKNOWN
        )
        return ids

    def scores(
        self, read: SentenceWords, resources: Resources, domain: str
    ) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Labels, the label scores of the tokens of non-empty sentences end to end [tokens,
        labels], transitions [from, to], and start and end scores of the head of ``domain``.
        ``read``: the sentences' words and gazetteer tags
        (:func:`~warta.lang.id.ner.features.sentence_words`), which the tagger reads once for
        this and the CRF."""
        labels, out, out_bias, transitions, start, end = self.heads[domain]
        words = read.words
        matches = np.fromiter(map(_GAZETTEER.get, read.gazetteer, repeat(0)), np.intp, len(words))
        domain_part = self.domain_parts[DOMAINS.index(domain)]
        emissions = np.empty((len(words), len(labels)))
        for first, lengths in _batches(read.lengths):
            last = first + sum(lengths)
            # The tokens' input layers, and a last row of zeros where a sentence is padded.
            inputs = np.empty((last - first + 1, self._parts.shape[1]), np.float32)
            with self._lock:  # the cache's rows are reused when it is full
                rows = self._word_rows(words[first:last], resources)
                np.take(self._parts, rows, axis=0, out=inputs[:-1], mode="clip")
                buckets = self._buckets[rows]
            inputs[:-1] += np.take(self.resource_parts, buckets + matches[first:last], axis=0)
            inputs[:-1] += domain_part
            inputs[-1] = 0.0
            emissions[first:last] = self._bilstm(inputs, lengths) @ out + out_bias
        return labels, emissions, transitions, start, end

    def _bilstm(self, inputs: np.ndarray, lengths: Sequence[int]) -> np.ndarray:
        """Both directions' hidden states of each token [tokens, 2h] from their input layers
        [tokens + 1, 2 * 4h], whose last row (zeros) is read where a row is padded.

        The sentences are packed into rows as long as the longest (short ones end to end,
        the state set to zero where a sentence begins), so a step of the LSTM runs every row at
        once and there are as many steps as the longest sentence has tokens. The backward
        direction reads each sentence reversed, in the same slots."""
        size, tokens = self.hidden, len(inputs) - 1
        steps = max(lengths)
        rows, sentence_row, sentence_at = _packed(lengths, steps)
        # Each token's row, and its step in each direction.
        sized = np.array(lengths, np.intp)
        sentence = np.repeat(np.arange(len(lengths)), sized)
        within = np.arange(tokens) - (np.cumsum(sized) - sized)[sentence]
        row_of = sentence_row[sentence]
        forward_step = within + sentence_at[sentence]
        backward_step = sized[sentence] - 1 - within + sentence_at[sentence]
        # Each slot's line [steps, 2, rows] in the input layers seen as lines of one direction's
        # half [(tokens + 1) * 2, 4h]: the token's in that direction, the padding row's where
        # no token is. The slots' halves are gathered along one axis (``take``), which costs
        # half what indexing the two axes of [tokens + 1, 2, 4h] at once did; so are the
        # hidden states at the end.
        slots = np.empty((steps, 2, rows), np.intp)
        slots[:, 0], slots[:, 1] = 2 * tokens, 2 * tokens + 1
        slots[forward_step, 0, row_of] = 2 * np.arange(tokens)
        slots[backward_step, 1, row_of] = 2 * np.arange(tokens) + 1
        keep = np.ones((steps, 1, rows, 1), np.float32)
        keep[sentence_at, 0, sentence_row] = 0.0
        resets = set(sentence_at[sentence_at > 0].tolist())  # steps where a sentence begins
        # [steps, 2, rows, 4h]: the forward direction's half of the token's input layer, then
        # the backward's.
        gates_in = np.take(inputs.reshape(2 * (tokens + 1), 4 * size), slots, axis=0)
        h = np.zeros((2, rows, size), np.float32)
        c = np.zeros((2, rows, size), np.float32)
        outputs = np.empty((steps, 2, rows, size), np.float32)
        recurrent = self.recurrent
        gates = np.empty((2, rows, 4 * size), np.float32)
        cell = np.empty((2, rows, size), np.float32)
        with np.errstate(over="ignore"):  # exp(x) = inf gives the limit, 0
            for step in range(steps):
                if step in resets:  # a sentence begins in some row
                    h = h * keep[step]
                    c *= keep[step]
                np.matmul(h, recurrent, out=gates)
                gates += gates_in[step]
                np.exp(gates, out=gates)
                gates += 1.0
                np.reciprocal(gates, out=gates)  # the sigmoids; 2 x - 1 of the candidate: tanh
                np.multiply(gates[..., 2 * size : 3 * size], 2.0, out=cell)
                cell -= 1.0
                cell *= gates[..., :size]
                c *= gates[..., size : 2 * size]
                c += cell
                h = np.multiply(gates[..., 3 * size :], np.tanh(c), out=outputs[step])
        # Each token's hidden states: its slots' lines in the outputs seen as [steps * 2 * rows,
        # h], forward then backward.
        states = np.stack(
            [2 * forward_step * rows + row_of, (2 * backward_step + 1) * rows + row_of], axis=1
        )
        return np.take(outputs.reshape(-1, size), states, axis=0).reshape(tokens, 2 * size)
