"""``warta eval summarize``: single-article summaries against IndoSum's, in ROUGE.

The gold file is IndoSum-style JSON Lines: one article a line with ``id``, ``paragraphs``
(paragraphs of sentences of tokens) and the reference: ``summary`` (sentences of tokens, what
IndoSum's editors wrote), or when it is absent the sentences ``gold_labels`` marks (paragraphs
of booleans shaped like ``paragraphs``). A ``title`` is used when a line has one.

Warta's summary (:func:`warta.corpus.summarize.summarize_tokens`) and LEAD-3 (the first three
sentences) are scored with the same scorer (:mod:`warta.eval.rouge`). A line that cannot be
read is reported with its file, line number and reason, counted, and left out; the rest is
scored.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warta.corpus.summarize import SentenceRef, paragraph_tokens, summarize_tokens
from warta.errors import UsageError
from warta.eval import rouge

#: Sentences of the LEAD baseline: IndoSum's and the literature's LEAD-3.
LEAD_SENTENCES = 3


@dataclass(slots=True)
class SummaryScores:
    """Mean ROUGE F1 of Warta and of LEAD-3 over the articles read, and the lines refused."""

    warta: rouge.Rouge
    lead: rouge.Rouge
    articles: int
    bad_lines: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "warta": self.warta.to_dict(),
            "lead3": self.lead.to_dict(),
            "bad_lines": len(self.bad_lines),
        }


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """An article of the gold file and its reference summary."""

    id: str
    paragraphs: list[list[list[str]]]
    reference: list[list[str]]
    title: str | None = None


def gold_article(record: object) -> GoldArticle:
    """A gold article from one decoded JSON line.

    Raises:
        ValueError: the record lacks a field or a field has the wrong shape (the message says
            which).
    """
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    paragraphs = paragraph_tokens(record.get("paragraphs"))
    title = record.get("title")
    if title is not None and not isinstance(title, str):
        raise ValueError("'title' is not a string")
    if "summary" in record:
        reference = _sentences(record["summary"])
    elif "gold_labels" in record:
        reference = _labelled(paragraphs, record["gold_labels"])
    else:
        raise ValueError("no 'summary' and no 'gold_labels'")
    if not reference:
        raise ValueError("the reference summary is empty")
    return GoldArticle(str(record.get("id", "")), paragraphs, reference, title)


def _sentences(value: object) -> list[list[str]]:
    if not isinstance(value, list) or not all(
        isinstance(s, list) and all(isinstance(t, str) for t in s) for s in value
    ):
        raise ValueError("'summary' is not a list of sentences as lists of token strings")
    return value


def _labelled(paragraphs: list[list[list[str]]], labels: object) -> list[list[str]]:
    shape = [len(p) for p in paragraphs]
    if (
        not isinstance(labels, list)
        or [len(p) if isinstance(p, list) else -1 for p in labels] != shape
    ):
        raise ValueError("'gold_labels' is not shaped like 'paragraphs'")
    return [
        sentence
        for paragraph, marks in zip(paragraphs, labels, strict=True)
        for sentence, mark in zip(paragraph, marks, strict=True)
        if mark is True
    ]


def read_gold(path: Path) -> Iterator[GoldArticle | str]:
    """The gold articles of a JSONL file, or for a line that cannot be read a message naming
    the file, the line and the reason.

    Raises:
        UsageError: the file cannot be opened or is not UTF-8.
    """
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    yield gold_article(json.loads(line))
                except ValueError as exc:  # json.JSONDecodeError is a ValueError
                    yield f"{path}:{number}: {exc}"
    except OSError as exc:
        raise UsageError(f"cannot read gold file {path}: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise UsageError(f"gold file {path} is not UTF-8 text: {exc}") from exc


def lead(
    paragraphs: Sequence[Sequence[Sequence[str]]], count: int = LEAD_SENTENCES
) -> list[SentenceRef]:
    """The first ``count`` sentences of an article."""
    refs = [
        SentenceRef(p, i) for p, paragraph in enumerate(paragraphs) for i in range(len(paragraph))
    ]
    return refs[:count]


def evaluate_summaries(path: Path) -> SummaryScores:
    """Mean ROUGE-1, ROUGE-2 and ROUGE-L F1 of Warta's summaries and of LEAD-3 over a gold
    file; the lines that cannot be read are left out and listed in the result."""
    warta_scores: list[rouge.Rouge] = []
    lead_scores: list[rouge.Rouge] = []
    bad: list[str] = []
    for item in read_gold(path):
        if isinstance(item, str):
            bad.append(item)
            continue
        ours = [item.paragraphs[p][i] for p, i in summarize_tokens(item.paragraphs, item.title)]
        baseline = [item.paragraphs[p][i] for p, i in lead(item.paragraphs)]
        warta_scores.append(rouge.score(ours, item.reference))
        lead_scores.append(rouge.score(baseline, item.reference))
    if not warta_scores and not bad:
        raise UsageError(f"gold file {path} holds no article")
    return SummaryScores(rouge.mean(warta_scores), rouge.mean(lead_scores), len(warta_scores), bad)


def format_scores(scores: SummaryScores) -> str:
    """The scores as a small table, Warta beside LEAD-3."""
    ours, baseline = scores.warta.to_dict(), scores.lead.to_dict()
    lines = [
        f"articles: {scores.articles}"
        + (f" ({len(scores.bad_lines)} bad lines left out)" if scores.bad_lines else ""),
        f"{'':10}{'Warta':>8}{'LEAD-3':>8}{'diff':>8}",
    ]
    for key, name in (("rouge1", "ROUGE-1"), ("rouge2", "ROUGE-2"), ("rougeL", "ROUGE-L")):
        lines.append(
            f"{name:10}{ours[key]:8.2f}{baseline[key]:8.2f}{ours[key] - baseline[key]:+8.2f}"
        )
    lines.append("(F1 x 100; lowercased tokens, punctuation left out; see docs/summarize.md)")
    return "\n".join(lines)
