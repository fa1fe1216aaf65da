"""``warta eval dates``: the dates an article names, against gold annotations.

Gold dates are ``{"text", "value"}`` objects, as in the project's ``gold/samples.json``
(``articles[name]["dates"]``): the words in the article and the calendar value they stand for.
Scoring needs only the gold dates, the mentions Warta found and the analysed article, so the
harness is free to get articles however it likes (analysed now, or read from a store):

- each gold ``text`` is located in the article's body paragraphs, then its captions
  (case-insensitive, any run of whitespace matching any other; the first occurrence not taken
  by an earlier gold date); one that cannot be located is a miss;
- a found mention matches a located gold date when their spans overlap in the same part and
  paragraph, one to one; among several, the one with an accepted value is preferred;
- a gold value may list alternatives, ``"2022-01-18|2022-01-19 (conflict: ...)"``: any of the
  ``|``-separated values is right, a parenthetical note is ignored;
- the gold names each expression once: a found mention overlapping a *further* occurrence of a
  gold text is not counted against precision (it is neither an extra nor a second hit).

Precision is matched found mentions over found mentions, recall matched gold dates over gold
dates (unlocated ones included), value accuracy right values over matched pairs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warta.model import Article, DateMention

#: A located span: (part, paragraph, start, end); part is "body" or "caption".
_Span = tuple[str, int, int, int]
_NOTE = re.compile(r"\s*\(.*\)\s*$", re.DOTALL)


@dataclass(slots=True)
class DateScores:
    """Counts behind precision, recall and value accuracy, micro-averaged over articles."""

    articles: int = 0
    found: int = 0
    found_matched: int = 0
    gold: int = 0
    gold_matched: int = 0
    values_right: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.found_matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.gold_matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    @property
    def value_accuracy(self) -> float:
        return self.values_right / self.gold_matched if self.gold_matched else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "dates": {
                "precision": self.precision,
                "recall": self.recall,
                "f1": self.f1,
                "found": self.found,
                "gold": self.gold,
            },
            "values": {"accuracy": self.value_accuracy, "right": self.values_right},
            "misses": self.misses,
        }


def score_dates(
    pairs: Iterable[tuple[Sequence[Mapping[str, Any]], Sequence[DateMention], Article]],
) -> DateScores:
    """Score found date mentions against gold dates, article by article.

    Args:
        pairs: for each article, its gold dates (``{"text", "value"}``), the mentions found in
            it (usually ``article.dates``) and the analysed article their offsets index.
    """
    scores = DateScores()
    for gold, found, article in pairs:
        scores.articles += 1
        _score_article(scores, list(gold), list(found), article)
    return scores


def _score_article(
    scores: DateScores, gold: list[Mapping[str, Any]], found: list[DateMention], article: Article
) -> None:
    origin = article.source.get("origin")
    name = Path(origin).name if origin else article.id
    texts = {("body", index): text for index, text in enumerate(article.body)} | {
        ("caption", index): text for index, text in enumerate(article.captions)
    }
    scores.gold += len(gold)
    scores.found += len(found)
    claimed: set[int] = set()
    taken: list[_Span] = []
    for entry in gold:
        text, value = str(entry.get("text", "")), str(entry.get("value", ""))
        span = _locate(text, texts, taken)
        if span is None:
            scores.misses.append({"article": name, "kind": "not in text", **_gold(entry)})
            continue
        taken.append(span)
        accepted = gold_values(value)
        overlapping = [
            i for i, mention in enumerate(found) if i not in claimed and _overlaps(mention, span)
        ]
        if not overlapping:
            scores.misses.append({"article": name, "kind": "missed", **_gold(entry)})
            continue
        best = next((i for i in overlapping if found[i].value in accepted), overlapping[0])
        claimed.add(best)
        scores.gold_matched += 1
        scores.found_matched += 1
        if found[best].value in accepted:
            scores.values_right += 1
        else:
            scores.misses.append(
                {"article": name, "kind": "wrong value", **_gold(entry), "got": found[best].value}
            )
    repeats = [span for entry in gold for span in _every(str(entry.get("text", "")), texts)]
    for index, mention in enumerate(found):
        if index in claimed:
            continue
        if any(_overlaps(mention, span) for span in repeats):
            scores.found -= 1  # a further occurrence of an expression the gold lists once
            continue
        scores.misses.append(
            {
                "article": name,
                "kind": "extra",
                "text": mention.text,
                "got": mention.value,
                "part": mention.part,
                "paragraph": mention.paragraph,
            }
        )


def gold_values(value: str) -> frozenset[str]:
    """The values a gold entry accepts: ``"a|b (note)"`` -> ``{"a", "b"}``."""
    return frozenset(part.strip() for part in _NOTE.sub("", value).split("|") if part.strip())


def _gold(entry: Mapping[str, Any]) -> dict[str, Any]:
    return {"text": entry.get("text"), "value": entry.get("value")}


def _pattern(text: str) -> re.Pattern[str] | None:
    words = text.split()
    return re.compile(r"\s+".join(map(re.escape, words)), re.IGNORECASE) if words else None


def _every(text: str, texts: Mapping[tuple[str, int], str]) -> list[_Span]:
    """Every occurrence of ``text`` in the article."""
    pattern = _pattern(text)
    if pattern is None:
        return []
    return [
        (part, index, match.start(), match.end())
        for (part, index), paragraph in texts.items()
        for match in pattern.finditer(paragraph)
    ]


def _locate(text: str, texts: Mapping[tuple[str, int], str], taken: list[_Span]) -> _Span | None:
    """The first occurrence of ``text`` (body, then captions) that no earlier gold date took."""
    for span in _every(text, texts):
        if not any(_same_place(span, other) for other in taken):
            return span
    return None


def _same_place(one: _Span, other: _Span) -> bool:
    return one[:2] == other[:2] and one[2] < other[3] and other[2] < one[3]


def _overlaps(mention: DateMention, span: _Span) -> bool:
    return _same_place((mention.part, mention.paragraph, mention.start, mention.end), span)


def format_dates(scores: DateScores) -> str:
    """The scores as a short report, then every miss on its own line."""
    lines = [
        f"articles: {scores.articles}",
        f"dates     precision {scores.precision:.3f}  recall {scores.recall:.3f}"
        f"  F1 {scores.f1:.3f}  ({scores.gold_matched} of {scores.gold} gold,"
        f" {scores.found} found)",
        f"values    accuracy {scores.value_accuracy:.3f}"
        f"  ({scores.values_right}/{scores.gold_matched})",
    ]
    lines.extend(f"miss: {json.dumps(miss, ensure_ascii=False)}" for miss in scores.misses)
    return "\n".join(lines)
