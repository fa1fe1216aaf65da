"""``warta eval ner``: entity-level precision, recall and F1 with conlleval's semantics.

conlleval (the CoNLL-2000 shared task's scorer, which IndoNLU and the papers it cites use)
counts an entity as found only when its type and both its boundaries are right. A chunk starts
at ``B-X``, or at ``I-X`` after anything that is not ``X`` (so a stray ``I-`` opens an entity,
as conlleval reads it), and ends where the next tag does not continue it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

Chunk = tuple[int, int, str]  # start token, end token (exclusive), type


def chunks(tags: Sequence[str]) -> list[Chunk]:
    """The entities of one sentence's BIO (or IOB1) tags, as conlleval reads them."""
    found: list[Chunk] = []
    start, kind = -1, ""
    previous = -1
    # "O" ends a chunk and opens none, and most tags are "O": only the others are read, a
    # chunk still open closed where a gap shows an "O" after it (the entities stage reads every
    # sentence's chunks, and the loop over every tag was a fiftieth of the analysis).
    for index in [i for i, tag in enumerate(tags) if tag != "O"]:
        if start >= 0 and index > previous + 1:
            found.append((start, previous + 1, kind))
            start, kind = -1, ""
        previous = index
        prefix, _, label = tags[index].partition("-")
        prefix = prefix.upper()
        continues = prefix in {"I", "E"} and label == kind and start >= 0
        if start >= 0 and not continues:
            found.append((start, index, kind))
            start, kind = -1, ""
        if prefix in {"B", "I", "E", "S"} and label and not continues:
            start, kind = index, label
        if prefix in {"E", "S"} and start >= 0:  # BIOES closes the chunk at its last token
            found.append((start, index + 1, kind))
            start, kind = -1, ""
    if start >= 0:
        found.append((start, previous + 1, kind))
    return found


@dataclass(slots=True)
class NerScores:
    """Micro-averaged scores over all sentences, with a row per entity type."""

    sentences: int = 0
    tokens: int = 0
    correct: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    expected: Counter[str] = field(default_factory=Counter)

    def add(self, gold: Sequence[str], predicted: Sequence[str]) -> None:
        gold_chunks, predicted_chunks = set(chunks(gold)), set(chunks(predicted))
        self.sentences += 1
        self.tokens += len(gold)
        for _, _, kind in gold_chunks:
            self.expected[kind] += 1
        for _, _, kind in predicted_chunks:
            self.predicted[kind] += 1
        for _, _, kind in gold_chunks & predicted_chunks:
            self.correct[kind] += 1

    def scores(self, kind: str | None = None) -> tuple[float, float, float]:
        """Precision, recall and F1 in percent, for one type or (None) all of them."""
        if kind is None:
            correct, predicted, expected = (
                sum(self.correct.values()),
                sum(self.predicted.values()),
                sum(self.expected.values()),
            )
        else:
            correct, predicted, expected = (
                self.correct[kind],
                self.predicted[kind],
                self.expected[kind],
            )
        precision = 100 * correct / predicted if predicted else 0.0
        recall = 100 * correct / expected if expected else 0.0
        total = precision + recall
        return precision, recall, (2 * precision * recall / total if total else 0.0)

    def to_dict(self) -> dict[str, Any]:
        def row(kind: str | None) -> dict[str, float]:
            precision, recall, f1 = self.scores(kind)
            return {
                "precision": round(precision, 2),
                "recall": round(recall, 2),
                "f1": round(f1, 2),
            }

        kinds = sorted(set(self.expected) | set(self.predicted))
        return {
            "sentences": self.sentences,
            "tokens": self.tokens,
            "entities": sum(self.expected.values()),
            **row(None),
            "by_type": {kind: {**row(kind), "support": self.expected[kind]} for kind in kinds},
        }


def score(pairs: Iterable[tuple[Sequence[str], Sequence[str]]]) -> NerScores:
    """Scores for (gold tags, predicted tags) sentence pairs."""
    result = NerScores()
    for gold, predicted in pairs:
        result.add(gold, predicted)
    return result


def format_scores(scores: NerScores) -> str:
    """A conlleval-style table."""
    precision, recall, f1 = scores.scores()
    lines = [
        f"processed {scores.tokens} tokens with {sum(scores.expected.values())} phrases; "
        f"found: {sum(scores.predicted.values())} phrases; "
        f"correct: {sum(scores.correct.values())}.",
        f"{'all':>14}: precision {precision:6.2f}%  recall {recall:6.2f}%  F1 {f1:6.2f}",
    ]
    for kind in sorted(set(scores.expected) | set(scores.predicted)):
        precision, recall, f1 = scores.scores(kind)
        lines.append(
            f"{kind:>14}: precision {precision:6.2f}%  recall {recall:6.2f}%  F1 {f1:6.2f}"
            f"  ({scores.predicted[kind]} found, {scores.expected[kind]} expected)"
        )
    return "\n".join(lines)
