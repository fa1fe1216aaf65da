"""Fit the story link model of clustering: the weights of the signals that say two articles
report the same story (docs/stories.md). The event model is fitted by training/fit_links.py.

The shipped ``src/warta/corpus/data/story_links.json`` was made with::

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python training/fit_story_links.py

from tests/fixtures/stories-dev (353 IndoSum articles labelled by hand into stories). Steps:

1. ingest the articles into a temporary store, as a user would (this computes every article's
   features with Warta's own code);
2. for every pair of articles within the clustering window, compute the signals of
   :func:`warta.corpus.features.signals` under the word weights of the whole corpus;
3. fit a logistic regression (scikit-learn, L2, C=1) of "same gold story" on the seven signals
   of :data:`STORY_SIGNALS` (the others weigh 0: fitted on the saga labels of grouping-dev, a
   story model that weighs closeness in days merged same-topic stories published together;
   docs/stories.md);
4. choose the link threshold: the one whose connected components (what incremental clustering
   builds) score the best B-cubed F1 with cross-validated probabilities (5 folds, no gold story
   split across folds), and print that cross-validated F1 beside the training F1.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from fit_links import pair_signals  # noqa: E402  (training/, beside this script)

from warta.corpus.features import SIGNALS  # noqa: E402
from warta.eval.stories import bcubed  # noqa: E402

DATA = REPO / "tests" / "fixtures" / "stories-dev"
OUTPUT = REPO / "src" / "warta" / "corpus" / "data" / "story_links.json"
THRESHOLDS = np.arange(0.2, 0.91, 0.025)
#: Weights of signals that never fire in the training pairs, which the data cannot weigh: two
#: outlets printing the same six-word quote is strong evidence of one story, worth about as much
#: as a lead cosine of 0.4 (IndoSum's articles rarely quote the same sentence).
PRIOR_WEIGHTS = {"quote": 2.0}
#: The signals the story model weighs.
STORY_SIGNALS = ("text", "entities", "lead", "title", "time", "same_event", "quote")
_COLUMNS = [SIGNALS.index(name) for name in STORY_SIGNALS]


def components(
    pairs: list[tuple[str, str]], linked: np.ndarray, items: list[str]
) -> dict[str, str]:
    """Connected components of the linked pairs: what incremental clustering builds."""
    parent = {item: item for item in items}

    def root(item: str) -> str:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    for (a, b), link in zip(pairs, linked, strict=True):
        if link:
            parent[root(a)] = root(b)
    return {item: root(item) for item in items}


def best_threshold(
    pairs: list[tuple[str, str]], probability: np.ndarray, gold: dict[str, int]
) -> tuple[float, float]:
    items = sorted(gold)
    scored = [
        (bcubed(components(pairs, probability >= t, items), gold).f1, float(t)) for t in THRESHOLDS
    ]
    f1, threshold = max(scored)
    return threshold, f1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    stories = json.loads((args.data / "gold.json").read_text(encoding="utf-8"))["stories"]
    gold = {article: number for number, story in enumerate(stories) for article in story}
    pairs, every = pair_signals(args.data / "inputs", sorted(gold))
    x = every[:, _COLUMNS]
    y = np.array([gold[a] == gold[b] for a, b in pairs])
    groups = np.array([min(gold[a], gold[b]) for a, b in pairs])
    held_out = np.zeros(len(pairs))
    for train, test in GroupKFold(n_splits=5).split(x, y, groups):
        fold = LogisticRegression(C=1.0, max_iter=1000).fit(x[train], y[train])
        held_out[test] = fold.predict_proba(x[test])[:, 1]
    threshold, cv_f1 = best_threshold(pairs, held_out, gold)
    model = LogisticRegression(C=1.0, max_iter=1000).fit(x, y)
    fitted = model.predict_proba(x)[:, 1]
    train_f1 = bcubed(components(pairs, fitted >= threshold, sorted(gold)), gold).f1
    coefficients = dict(zip(STORY_SIGNALS, model.coef_[0], strict=True))
    weights = {name: round(float(coefficients.get(name, 0.0)), 4) for name in SIGNALS}
    silent = [name for column, name in enumerate(STORY_SIGNALS) if not x[:, column].any()]
    for name in silent:
        weights[name] = PRIOR_WEIGHTS[name]
    payload = {
        "about": "Logistic model of 'same story' over warta.corpus.features.SIGNALS, fitted by "
        "training/fit_story_links.py on tests/fixtures/stories-dev.",
        "weights": weights,
        "prior_weights": {name: PRIOR_WEIGHTS[name] for name in silent},
        "intercept": round(float(model.intercept_[0]), 4),
        "threshold": round(threshold, 3),
        "pairs": len(pairs),
        "same_story_pairs": int(y.sum()),
        "cross_validated_bcubed_f1": round(cv_f1, 4),
        "training_bcubed_f1": round(train_f1, 4),
    }
    args.output.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(payload, indent=1))


if __name__ == "__main__":
    main()
