"""ROUGE-1, ROUGE-2 and ROUGE-L F1 of a summary against one reference summary (Lin 2004).

One scorer for every summary Warta is measured with, so Warta and a baseline are always
compared on the same terms. Exactly how it counts:

* **Tokens.** A summary given as text is tokenized by :func:`warta.lang.id.tokens.tokenize`;
  one given as tokens (IndoSum's sentences) is taken as it is. Tokens are lowercased
  (``str.lower``), and a token without a letter or a digit (punctuation: ``,``, ``.``, ``"``,
  ``-``, brackets) is dropped: punctuation does not count. Nothing is stemmed and no stopword is
  removed.
* **Sequence.** The sentences of a summary are concatenated into one token sequence, so the
  bigrams of ROUGE-2 run across sentence boundaries and ROUGE-L is the longest common
  subsequence of the two whole sequences (not ROUGE-1.5.5's summary-level union LCS).
* **ROUGE-N.** Clipped n-gram matches: a reference n-gram matches at most as often as it occurs
  in the reference. Precision = matches / candidate n-grams, recall = matches / reference
  n-grams, F1 their harmonic mean (0 when either is 0).
* **ROUGE-L.** Precision = LCS / candidate length, recall = LCS / reference length, F1 as above
  (beta = 1).
* **Corpus.** A collection is scored by the mean of the per-article F1 (macro average), as
  ROUGE-1.5.5 averages; figures are reported times 100.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from warta.lang.id.tokens import tokenize

_ALPHANUMERIC = re.compile(r"[^\W_]")

#: A summary: text, or sentences as token lists.
Summary = str | Sequence[Sequence[str]]


@dataclass(frozen=True, slots=True)
class Rouge:
    """F1 of ROUGE-1, ROUGE-2 and ROUGE-L, each between 0 and 1."""

    rouge1: float
    rouge2: float
    rouge_l: float

    def to_dict(self, scale: float = 100.0, digits: int = 2) -> dict[str, float]:
        """The three scores, times ``scale`` and rounded (as reports give them)."""
        return {
            "rouge1": round(self.rouge1 * scale, digits),
            "rouge2": round(self.rouge2 * scale, digits),
            "rougeL": round(self.rouge_l * scale, digits),
        }


def rouge_tokens(summary: Summary) -> list[str]:
    """The token sequence ROUGE compares: lowercased, punctuation left out, sentences joined."""
    if isinstance(summary, str):
        raw: Iterable[str] = (token.text for token in tokenize(summary))
    else:
        raw = (token for sentence in summary for token in sentence)
    return [token.lower() for token in raw if _ALPHANUMERIC.search(token)]


def _f1(matches: int, candidate: int, reference: int) -> float:
    if not matches or not candidate or not reference:
        return 0.0
    precision, recall = matches / candidate, matches / reference
    return 2 * precision * recall / (precision + recall)


def _ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def rouge_n(candidate: Sequence[str], reference: Sequence[str], n: int) -> float:
    """ROUGE-N F1 of two token sequences (clipped n-gram matches)."""
    ours, theirs = _ngrams(candidate, n), _ngrams(reference, n)
    matches = sum((ours & theirs).values())
    return _f1(matches, sum(ours.values()), sum(theirs.values()))


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence of two sequences (dynamic programming over
    two rows)."""
    if len(a) < len(b):
        a, b = b, a
    previous = [0] * (len(b) + 1)
    for item in a:
        current = [0]
        for j, other in enumerate(b):
            current.append(previous[j] + 1 if item == other else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def rouge_l(candidate: Sequence[str], reference: Sequence[str]) -> float:
    """ROUGE-L F1 of two token sequences: their LCS against each one's length."""
    return _f1(lcs_length(candidate, reference), len(candidate), len(reference))


def score(candidate: Summary, reference: Summary) -> Rouge:
    """ROUGE-1, ROUGE-2 and ROUGE-L F1 of a candidate summary against a reference.

    Args:
        candidate: the summary scored, as text or as sentences of tokens.
        reference: the gold summary, in either form.
    """
    ours, theirs = rouge_tokens(candidate), rouge_tokens(reference)
    return Rouge(rouge_n(ours, theirs, 1), rouge_n(ours, theirs, 2), rouge_l(ours, theirs))


def mean(scores: Sequence[Rouge]) -> Rouge:
    """The macro average of per-article scores (zeros for an empty collection)."""
    if not scores:
        return Rouge(0.0, 0.0, 0.0)
    count = len(scores)
    return Rouge(
        sum(s.rouge1 for s in scores) / count,
        sum(s.rouge2 for s in scores) / count,
        sum(s.rouge_l for s in scores) / count,
    )
