"""``warta eval clean``: cleaning and metadata against gold annotations.

The gold file has the shape of the project's ``gold/samples.json`` (docs/eval.md): an
``articles`` object mapping each input file name to its expected ``title``, ``body``
(paragraphs), ``published``, ``dateline``, ``author``, ``outlet``, ``cited_sources`` and more.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from warta.analyze.provenance import read_dateline
from warta.errors import UsageError
from warta.eval.gold import ingested_gold
from warta.model import Article

#: Fields compared for exact match, in the order they are printed.
FIELDS = (
    "title", "published", "published_not_before", "dateline", "author", "author_initials",
    "outlet", "cited_sources", "photo_credits", "captions",
)  # fmt: skip
#: Fields whose order does not matter.
_SET_FIELDS = frozenset({"cited_sources", "photo_credits", "captions"})


@dataclass(slots=True)
class CleanScores:
    """Body precision/recall/F1 over paragraphs (micro-averaged), and exact-match rates."""

    articles: int = 0
    true_positives: int = 0
    predicted: int = 0
    expected: int = 0
    matches: Counter[str] = field(default_factory=Counter)
    compared: Counter[str] = field(default_factory=Counter)
    misses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def rate(self, name: str) -> float:
        return self.matches[name] / self.compared[name] if self.compared[name] else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "body": {"precision": self.precision, "recall": self.recall, "f1": self.f1},
            "exact": {name: self.rate(name) for name in FIELDS if self.compared[name]},
            "misses": self.misses,
        }


def evaluate_clean(gold_path: Path, inputs: Path | None = None) -> CleanScores:
    """Ingest every article the gold file names, as a user would, and score what is stored.

    Args:
        gold_path: the gold file.
        inputs: the folder holding the input files; by default ``../samples`` beside the gold
            file's folder, as in the project's shared data.
    """
    scores = CleanScores()
    with ingested_gold(gold_path, inputs) as corpus:
        for name, expected in sorted(corpus.gold.items()):
            article = corpus.store.get_article(corpus.article_ids[name])
            if article is None:
                raise UsageError(f"gold input {name} was not stored")
            _score(scores, name, article, expected)
    return scores


def _score(scores: CleanScores, name: str, article: Article, expected: dict[str, Any]) -> None:
    scores.articles += 1
    gold_body = [_without_dateline(p) if i == 0 else p for i, p in enumerate(expected["body"])]
    predicted = Counter(map(_normal, article.body))
    wanted = Counter(map(_normal, gold_body))
    scores.true_positives += sum((predicted & wanted).values())
    scores.predicted += sum(predicted.values())
    scores.expected += sum(wanted.values())
    missing, extra = list((wanted - predicted).elements()), list((predicted - wanted).elements())
    if missing or extra:
        scores.misses.append({"article": name, "field": "body", "missing": missing, "extra": extra})
    produced = article.to_dict()
    for field_name in FIELDS:
        if field_name not in expected:
            continue
        scores.compared[field_name] += 1
        if _same(field_name, produced[field_name], expected[field_name]):
            scores.matches[field_name] += 1
        else:
            scores.misses.append(
                {
                    "article": name,
                    "field": field_name,
                    "expected": expected[field_name],
                    "got": produced[field_name],
                }
            )


def _without_dateline(paragraph: str) -> str:
    """Gold paragraphs may keep the dateline ("Moskow: ..."); Warta moves it to ``dateline``."""
    found = read_dateline(paragraph)
    return paragraph[found[2] :] if found else paragraph


def _normal(text: str) -> str:
    return " ".join(text.split())


def _same(name: str, got: Any, expected: Any) -> bool:
    if name in _SET_FIELDS:
        return set(got or []) == set(expected or [])
    if name == "published" and got and expected:
        try:
            return datetime.fromisoformat(got) == datetime.fromisoformat(expected)
        except ValueError:
            return bool(got == expected)
    return bool(got == expected)


def format_scores(scores: CleanScores) -> str:
    """The scores as a short report."""
    lines = [
        f"articles: {scores.articles}",
        f"body      precision {scores.precision:.3f}  recall {scores.recall:.3f}"
        f"  F1 {scores.f1:.3f}  ({scores.true_positives} of {scores.expected} paragraphs,"
        f" {scores.predicted} predicted)",
        "exact match:",
    ]
    for name in FIELDS:
        if scores.compared[name]:
            lines.append(
                f"  {name:<21} {scores.rate(name):.3f}"
                f"  ({scores.matches[name]}/{scores.compared[name]})"
            )
    for miss in scores.misses:
        lines.append(f"miss: {json.dumps(miss, ensure_ascii=False)}")
    return "\n".join(lines)
