"""Fit the single-article summarizer (docs/summarize.md) and measure it by cross-validation.

The shipped ``src/warta/corpus/data/summary_model.json.gz`` was made with::

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python training/fit_summarizer.py --cv

from IndoSum's three folds in ../shared/data/indosum (dev.01-03.jsonl; the folds overlap a
little, so articles are deduplicated by ``id``). Steps:

1. features of every sentence with Warta's own code
   (:func:`warta.corpus.summarize.sentence_features`), with word document frequencies counted on
   the training articles only;
2. gradient boosting (scikit-learn, log-loss, shallow trees) of IndoSum's ``gold_labels``;
3. how many sentences to take: the probability threshold and the minimum and maximum count
   that give the best mean ROUGE-1 F1 against the gold ``summary`` on out-of-fold probabilities
   of the training articles (two folds);
4. with ``--cv``: the same, trained on two folds and scored on the third (no id of the third
   in training), for each rotation; prints LEAD-3 and Warta side by side with the one scorer
   of :mod:`warta.eval.rouge`.

The articles of ``tests/fixtures/summarize/heldout.jsonl.gz`` (written by ``--write-fixture``)
are never trained on, so the quality floor of tests/test_summarize.py is measured on unseen
articles.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import itertools
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from warta.corpus.summarize import (  # noqa: E402
    FEATURES,
    SentenceRef,
    SummaryModel,
    WordFrequencies,
    choose,
    model_from_dict,
    sentence_features,
    sentence_probabilities,
    words,
)
from warta.eval import rouge  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "indosum"
FOLDS = ("dev.01.jsonl", "dev.02.jsonl", "dev.03.jsonl")
OUTPUT = REPO / "src" / "warta" / "corpus" / "data" / "summary_model.json.gz"
FIXTURE = REPO / "tests" / "fixtures" / "summarize" / "heldout.jsonl.gz"
#: Articles kept out of the shipped model for the test's quality floor: those whose id hashes
#: into this share (about 150 of 2,146).
HELDOUT_SHARE = 0.07
#: Words in fewer articles than this are left out of the shipped frequencies (idf is then the
#: highest, as for an unseen word): keeps the file small.
MIN_DOCUMENT_FREQUENCY = 2

#: Gradient boosting: small enough to evaluate in a millisecond, chosen by CV on ROUGE-1.
TREES = 150
DEPTH = 3
LEARNING_RATE = 0.1
SUBSAMPLE = 0.8
MIN_LEAF = 20

THRESHOLDS = np.round(np.arange(0.15, 0.61, 0.025), 3)
MIN_SENTENCES = (1, 2, 3)
MAX_SENTENCES = (3, 4, 5, 6)

Article = dict[str, Any]


def load_folds(data: Path) -> list[list[Article]]:
    """The articles of each fold, in file order."""
    folds = []
    for name in FOLDS:
        with (data / name).open(encoding="utf-8") as handle:
            folds.append([json.loads(line) for line in handle if line.strip()])
    return folds


def dedupe(articles: Iterable[Article], exclude: set[str] = frozenset()) -> list[Article]:  # type: ignore[assignment]
    """Articles with an id not seen before and not in ``exclude``."""
    seen = set(exclude)
    kept = []
    for article in articles:
        if article["id"] not in seen:
            seen.add(article["id"])
            kept.append(article)
    return kept


def heldout(article_id: str) -> bool:
    """Whether an article is kept out of the shipped model (stable hash of its id)."""
    digest = hashlib.blake2b(article_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64 < HELDOUT_SHARE


def frequencies(articles: Sequence[Article]) -> WordFrequencies:
    """Document frequencies of lowercased words over some articles."""
    counts: Counter[str] = Counter()
    for article in articles:
        counts.update({w for p in article["paragraphs"] for s in p for w in words(s)})
    kept = {w: c for w, c in counts.items() if c >= MIN_DOCUMENT_FREQUENCY}
    return WordFrequencies(len(articles), kept)


def matrix(
    articles: Sequence[Article], vocabulary: WordFrequencies
) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Features and labels of every sentence, and where each article's rows start."""
    rows: list[np.ndarray] = []
    labels: list[bool] = []
    starts: list[int] = []
    for article in articles:
        starts.append(sum(len(r) for r in rows))
        rows.append(sentence_features(article["paragraphs"], None, vocabulary))
        labels.extend(x is True for p in article["gold_labels"] for x in p)
    starts.append(sum(len(r) for r in rows))
    return np.vstack(rows).astype(np.float32).astype(np.float64), np.asarray(labels), starts


def fit(rows: np.ndarray, labels: np.ndarray, seed: int = 0) -> GradientBoostingClassifier:
    """Gradient-boosted trees of "an editor picked this sentence"."""
    model = GradientBoostingClassifier(
        n_estimators=TREES,
        max_depth=DEPTH,
        learning_rate=LEARNING_RATE,
        subsample=SUBSAMPLE,
        min_samples_leaf=MIN_LEAF,
        random_state=seed,
    )
    return model.fit(rows, labels)


def export(
    model: GradientBoostingClassifier, vocabulary: WordFrequencies, selection: dict[str, float]
) -> dict[str, Any]:
    """The JSON form of a fitted model (read by :func:`warta.corpus.summarize.model_from_dict`)."""
    nodes = 2 ** (DEPTH + 1) - 1
    trees = model.estimators_[:, 0]
    shape = (len(trees), nodes)
    feature = np.full(shape, -1, dtype=int)
    threshold = np.zeros(shape)
    left = np.tile(np.arange(nodes), (len(trees), 1))
    right = left.copy()
    value = np.zeros(shape)
    for t, tree in enumerate(trees):
        inner = tree.tree_
        for node in range(inner.node_count):
            if inner.children_left[node] >= 0:
                feature[t, node] = inner.feature[node]
                threshold[t, node] = inner.threshold[node]
                left[t, node] = inner.children_left[node]
                right[t, node] = inner.children_right[node]
            else:
                value[t, node] = LEARNING_RATE * inner.value[node][0][0]
    prior = float(np.clip(model.init_.class_prior_[1], 1e-6, 1 - 1e-6))
    return {
        "features": list(FEATURES),
        "trees": {
            "depth": DEPTH,
            "base_score": float(np.log(prior / (1 - prior))),
            "feature": feature.tolist(),
            "threshold": threshold.tolist(),  # exact: a rounded threshold moves a boundary
            "left": left.tolist(),
            "right": right.tolist(),
            "value": [[round(float(x), 6) for x in row] for row in value],
        },
        "selection": selection,
        "frequencies": {"documents": vocabulary.documents, "counts": vocabulary.counts},
    }


def split_scores(
    probabilities: np.ndarray, articles: Sequence[Article], starts: list[int]
) -> list[list[list[float]]]:
    """Per-article, per-paragraph probabilities from one flat array."""
    result = []
    for number, article in enumerate(articles):
        flat = iter(probabilities[starts[number] : starts[number + 1]].tolist())
        result.append([[next(flat) for _ in p] for p in article["paragraphs"]])
    return result


def summary_of(article: Article, chosen: Sequence[SentenceRef]) -> list[list[str]]:
    return [article["paragraphs"][p][i] for p, i in chosen]


def lead(article: Article, count: int = 3) -> list[SentenceRef]:
    refs = [
        SentenceRef(p, i) for p, par in enumerate(article["paragraphs"]) for i in range(len(par))
    ]
    return refs[:count]


def mean_rouge(articles: Sequence[Article], chosen: Sequence[Sequence[SentenceRef]]) -> rouge.Rouge:
    return rouge.mean(
        [rouge.score(summary_of(a, c), a["summary"]) for a, c in zip(articles, chosen, strict=True)]
    )


def tune(articles: Sequence[Article], scores: Sequence[list[list[float]]]) -> dict[str, float]:
    """The selection (threshold, min, max) with the best mean ROUGE-1 F1."""
    references = [rouge.rouge_tokens(a["summary"]) for a in articles]
    ranked = []
    for article_scores in scores:
        order = sorted(
            (
                (s, SentenceRef(p, i))
                for p, row in enumerate(article_scores)
                for i, s in enumerate(row)
            ),
            key=lambda item: (-item[0], item[1]),
        )
        ranked.append(order)
    cache: dict[tuple[int, int], float] = {}

    def r1(number: int, take: int) -> float:
        key = (number, take)
        if key not in cache:
            chosen = sorted(ref for _, ref in ranked[number][:take])
            tokens = rouge.rouge_tokens(summary_of(articles[number], chosen))
            cache[key] = rouge.rouge_n(tokens, references[number], 1)
        return cache[key]

    best: tuple[float, dict[str, float]] = (-1.0, {})
    for threshold, low, high in itertools.product(THRESHOLDS, MIN_SENTENCES, MAX_SENTENCES):
        if low > high:
            continue
        total = 0.0
        for number, order in enumerate(ranked):
            above = sum(s >= threshold for s, _ in order)
            total += r1(number, min(max(above, low), high))
        if total > best[0]:
            best = (
                total,
                {"threshold": float(threshold), "min_sentences": low, "max_sentences": high},
            )
    return best[1]


def train(articles: Sequence[Article], seed: int = 0) -> dict[str, Any]:
    """A model fitted on some articles, with its selection tuned on two-fold out-of-fold
    probabilities of the same articles."""
    vocabulary = frequencies(articles)
    rows, labels, starts = matrix(articles, vocabulary)
    halves = [list(range(0, len(articles), 2)), list(range(1, len(articles), 2))]
    oof = np.zeros(len(rows))
    for part, other in ((0, 1), (1, 0)):
        train_rows = np.concatenate([np.arange(starts[i], starts[i + 1]) for i in halves[other]])
        test_rows = np.concatenate([np.arange(starts[i], starts[i + 1]) for i in halves[part]])
        half_model = fit(rows[train_rows], labels[train_rows], seed)
        oof[test_rows] = half_model.predict_proba(rows[test_rows])[:, 1]
    oof[rows[:, FEATURES.index("related_link")] > 0] = 0.0  # as sentence_probabilities does
    selection = tune(articles, split_scores(oof, articles, starts))
    return export(fit(rows, labels, seed), vocabulary, selection)


def predict(model: SummaryModel, articles: Sequence[Article]) -> list[list[SentenceRef]]:
    chosen = []
    for article in articles:
        rows = sentence_features(article["paragraphs"], None, model.frequencies)
        flat = iter(sentence_probabilities(rows, model).tolist())
        chosen.append(choose([[next(flat) for _ in p] for p in article["paragraphs"]], model))
    return chosen


def cross_validate(folds: list[list[Article]], exclude: set[str]) -> None:
    """Train on two folds, score on the third, for each rotation; print a table."""
    print("fold  n    LEAD-3 R1/R2/RL         Warta R1/R2/RL          dR1   selection")
    totals = []
    for number, fold in enumerate(folds):
        test = dedupe(fold)
        test_ids = {a["id"] for a in test}
        training = dedupe(
            (a for k, other in enumerate(folds) if k != number for a in other), test_ids | exclude
        )
        payload = train(training)
        model = model_from_dict(payload)
        baseline = mean_rouge(test, [lead(a) for a in test])
        ours = mean_rouge(test, predict(model, test))
        totals.append((baseline, ours))
        print(_row(f"{number + 1:02d}", len(test), baseline, ours), payload["selection"])
    baseline = rouge.mean([b for b, _ in totals])
    ours = rouge.mean([o for _, o in totals])
    print(_row("mean", sum(len(f) for f in folds), baseline, ours))


def _row(name: str, count: int, baseline: rouge.Rouge, ours: rouge.Rouge) -> str:
    b, o = baseline.to_dict(), ours.to_dict()
    return (
        f"{name:5} {count:4} {b['rouge1']:6.2f} {b['rouge2']:6.2f} {b['rougeL']:6.2f}    "
        f"{o['rouge1']:6.2f} {o['rouge2']:6.2f} {o['rougeL']:6.2f}    "
        f"{o['rouge1'] - b['rouge1']:+5.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="IndoSum folder")
    parser.add_argument("--cv", action="store_true", help="print cross-validated figures")
    parser.add_argument("--no-fit", action="store_true", help="only cross-validate")
    parser.add_argument("--write-fixture", action="store_true", help="write the held-out fixture")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    folds = load_folds(args.data)
    everything = dedupe(a for fold in folds for a in fold)
    kept_out = {a["id"] for a in everything if heldout(a["id"])}
    if args.cv:
        cross_validate(folds, set())
    if args.write_fixture:
        FIXTURE.parent.mkdir(parents=True, exist_ok=True)
        with gzip.open(FIXTURE, "wt", encoding="utf-8") as handle:
            for article in everything:
                if article["id"] in kept_out:
                    handle.write(json.dumps(article, ensure_ascii=False) + "\n")
        print(f"wrote {len(kept_out)} held-out articles to {FIXTURE}")
    if args.no_fit:
        return
    payload = train([a for a in everything if a["id"] not in kept_out])
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.output, "wt", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False, separators=(",", ":"))
    print(f"wrote {args.output} (selection {payload['selection']})")


if __name__ == "__main__":
    main()
