"""Fit the event link model of grouping (docs/stories.md): "these two articles report one
development", and cross-validate Warta's grouping at both levels against hand-labelled sagas and
developments.

The shipped ``src/warta/corpus/data/event_links.json`` was made with::

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python training/fit_links.py

from tests/fixtures/grouping-dev (the 2,146 IndoSum dev articles, labelled by hand into sagas
and developments: docs/grouping-gold.md). The story model is training/fit_story_links.py's,
used as shipped. Steps:

1. ingest the articles into a temporary store, as a user would (this computes every article's
   features with Warta's own code);
2. for every pair of articles within the clustering window, compute the signals of
   :func:`warta.corpus.features.signals` under the word weights of the whole corpus;
3. fit a logistic regression (scikit-learn, L2, C=1) of "same development" on the pairs within
   one labelling window;
4. choose the event threshold from :data:`EVENT_GRID`: the one under which Warta's own
   clustering, cross-validated as in step 5 on the dense part, scores the best events' B-cubed
   F1;
5. cross-validate the whole of Warta: for each of the eight labelling windows
   (:data:`WINDOWS`, 193 to 354 articles), fit the event model on the other seven, ingest the
   window's articles alone into a new store as a user would, and score its events against the
   developments and its stories against the sagas; the same with the window's articles of
   tests/fixtures/stories-dev alone (353 articles picked in an earlier round for having
   related coverage: the dense part of the set). The events' figures are held out; the
   stories' are held out on the whole set but not on the dense part, which the story model
   was fitted on (under its earlier labels). docs/stories.md reports them.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from warta.corpus import cluster, events, features  # noqa: E402
from warta.corpus.cluster import Clusterer, ClusterReport  # noqa: E402
from warta.corpus.features import (  # noqa: E402
    LEVELS,
    SIGNALS,
    WINDOW_DAYS,
    LinkModel,
    signals,
)
from warta.eval.stories import BCubed, bcubed, input_names  # noqa: E402
from warta.records import Store  # noqa: E402
from warta.run.local import ingest  # noqa: E402
from warta.store import open_store  # noqa: E402

DATA = REPO / "tests" / "fixtures" / "grouping-dev"
DENSE = REPO / "tests" / "fixtures" / "stories-dev" / "gold.json"
OUTPUT = REPO / "src" / "warta" / "corpus" / "data"
#: The event thresholds tried with Warta's own clustering, cross-validated on the dense part.
EVENT_GRID = (0.3, 0.33, 0.36, 0.4, 0.44, 0.5)
#: The folds: the labelling windows (193 to 354 articles, each labelled by one person).
WINDOWS = (
    ("2016-08", "2016-09", "2016-10", "2016-11", "2016-12"),
    ("2017-01", "2017-02", "2017-03", "2017-04"),
    ("2017-05", "2017-06"),
    ("2017-07",),
    ("2017-08",),
    ("2017-09", "2017-10"),
    ("2017-11", "2017-12"),
    ("2018-01", "2018-02"),
)
FOLDS = {month: fold for fold, months in enumerate(WINDOWS) for month in months}
#: Pairs a signal must fire in for the data to weigh it.
MIN_FIRING = 20
#: Weights of signals that (nearly) never fire in the training pairs, which the data cannot
#: weigh (IndoSum's articles share one six-word quote in one pair of 577,127): two
#: outlets printing the same six-word quote is strong evidence of one story, worth about as much
#: as a lead cosine of 0.4 (IndoSum's articles rarely quote the same sentence).
PRIOR_WEIGHTS = {"quote": 2.0}


def load_gold(path: Path) -> tuple[dict[str, int], dict[str, int]]:
    """The saga and the development of every article of a gold file."""
    payload = json.loads(path.read_text(encoding="utf-8"))
    sagas: dict[str, int] = {}
    developments: dict[str, int] = {}
    for number, story in enumerate(payload["stories"]):
        for article in story["articles"]:
            sagas[article] = number
        for event in story["events"]:
            development = len(set(developments.values()))
            for article in event["articles"]:
                developments[article] = development
    assert set(sagas) == set(developments), "every article is in one saga and one development"
    return sagas, developments


def read_inputs(inputs: Path) -> list[dict]:
    rows = []
    for line in (inputs / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        rows.append(json.loads(line))
    return rows


def pair_signals(inputs: Path, items: list[str]) -> tuple[list[tuple[str, str]], np.ndarray]:
    """Every pair of articles within the window, with its signals."""
    with tempfile.TemporaryDirectory() as directory:
        store = open_store(Path(directory) / "fit.db")
        ingest([str(inputs)], store)
        with store.story_index() as index:
            clusterer = Clusterer(index, ClusterReport())
            found = index.features(sorted(items))
            profiles = {i: clusterer.profile(f) for i, f in found.items()}
            pairs, rows = [], []
            for a, b in itertools.combinations(sorted(found), 2):
                fa, fb = found[a], found[b]
                if fa.day is not None and fb.day is not None and abs(fa.day - fb.day) > WINDOW_DAYS:
                    continue
                pairs.append((a, b))
                rows.append(signals(fa, profiles[a], fb, profiles[b]))
        store.close()
    return pairs, np.array(rows)


def fit(x: np.ndarray, y: np.ndarray) -> LogisticRegression:
    return LogisticRegression(C=1.0, max_iter=2000).fit(x, y)


def model_payload(model: LogisticRegression, x: np.ndarray, threshold: float) -> dict:
    weights = {name: round(float(w), 4) for name, w in zip(SIGNALS, model.coef_[0], strict=True)}
    silent = [
        name
        for column, name in enumerate(SIGNALS)
        if np.count_nonzero(x[:, column]) < MIN_FIRING and name in PRIOR_WEIGHTS
    ]
    for name in silent:
        weights[name] = PRIOR_WEIGHTS[name]
    return {
        "about": "Logistic model of 'same development' (one event) over "
        "warta.corpus.features.SIGNALS, fitted by training/fit_links.py on "
        "tests/fixtures/grouping-dev.",
        "weights": weights,
        "prior_weights": {name: PRIOR_WEIGHTS[name] for name in silent},
        "intercept": round(float(model.intercept_[0]), 4),
        "threshold": round(threshold, 3),
    }


def as_model(payload: Mapping) -> LinkModel:
    return LinkModel(
        weights=tuple(float(payload["weights"][name]) for name in SIGNALS),
        intercept=float(payload["intercept"]),
        threshold=float(payload["threshold"]),
    )


@contextmanager
def models_in_use(payloads: Mapping[str, Mapping]) -> Iterator[None]:
    """Warta's clustering with these link models instead of the shipped ones."""
    shipped = features.link_model
    saved = cluster.LINK, cluster.MERGE, cluster.EVENT_LINK, events.EVENT_LINK
    built = {level: as_model(payload) for level, payload in payloads.items()}
    features.link_model = lambda level="story": built[level]  # type: ignore[assignment]
    cluster.LINK = cluster.MERGE = built["story"].threshold
    cluster.EVENT_LINK = events.EVENT_LINK = built["event"].threshold
    try:
        yield
    finally:
        features.link_model = shipped
        cluster.LINK, cluster.MERGE, cluster.EVENT_LINK, events.EVENT_LINK = saved


@contextmanager
def ingested(rows: list[dict]) -> Iterator[tuple[Store, dict[str, str]]]:
    """The articles ingested into a new store, as a user would: the store, and each input
    id's article id in it."""
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory) / "in"
        folder.mkdir()
        with (folder / "articles.jsonl").open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        store = open_store(Path(directory) / "grouping.db")
        try:
            ingest([str(folder)], store)
            names = input_names(folder)
            yield store, {row["id"]: names[row["id"]] for row in rows}
        finally:
            store.close()


def warta_groups(rows: list[dict]) -> tuple[dict[str, int], dict[str, int]]:
    """Ingest the articles into a new store; each one's story and event."""
    with ingested(rows) as (store, keys):
        placed = store.placements(list(keys.values()))
    stories = {name: placed[key].story for name, key in keys.items() if key in placed}
    found = {name: placed[key].event for name, key in keys.items() if key in placed}
    return stories, {name: event for name, event in found.items() if event is not None}


def cross_validate(
    part: str,
    rows: list[dict],
    gold: Mapping[str, Mapping[str, int]],
    fold_of: Mapping[str, int],
    fold_payloads: Mapping[int, Mapping[str, Mapping]],
) -> dict:
    """Each fold's articles ingested alone, grouped by the models fitted on the other folds,
    and scored; then all folds' groups together."""
    report: dict = {}
    predicted_stories: dict[str, tuple[int, int]] = {}
    predicted_events: dict[str, tuple[int, int]] = {}
    names = {row["id"] for row in rows}
    part_gold = {level: {a: g for a, g in gold[level].items() if a in names} for level in LEVELS}
    for fold, payloads in sorted(fold_payloads.items()):
        chosen = [r for r in rows if fold_of[r["id"]] == fold]
        with models_in_use(payloads):
            stories, found = warta_groups(chosen)
        predicted_stories.update({name: (fold, story) for name, story in stories.items()})
        predicted_events.update({name: (fold, event) for name, event in found.items()})
        fold_gold = {level: {r["id"]: gold[level][r["id"]] for r in chosen} for level in LEVELS}
        report[f"{part}, fold {fold}"] = {
            "articles": len(chosen),
            "stories_against_sagas": bcubed(stories, fold_gold["story"]).to_dict(),
            "events_against_developments": bcubed(found, fold_gold["event"]).to_dict(),
        }
    pooled: dict[str, BCubed] = {
        "stories_against_sagas": bcubed(predicted_stories, part_gold["story"]),
        "events_against_developments": bcubed(predicted_events, part_gold["event"]),
        "stories_against_developments": bcubed(predicted_stories, part_gold["event"]),
        "alone_against_developments": bcubed({}, part_gold["event"]),
        "alone_against_sagas": bcubed({}, part_gold["story"]),
    }
    summary: dict = {name: score.to_dict() for name, score in pooled.items()}
    summary["articles"] = len(rows)
    report[f"cross_validated, {part}"] = summary
    return report


def fit_events(
    x: np.ndarray, same: np.ndarray, pair_fold: np.ndarray
) -> tuple[LogisticRegression, dict[int, LogisticRegression]]:
    """The event model fitted on every window, and on all windows but each one."""
    within = pair_fold != -1
    folds = sorted(set(pair_fold) - {-1})
    by_fold = {
        fold: fit(x[(pair_fold != fold) & within], same[(pair_fold != fold) & within])
        for fold in folds
    }
    return fit(x[within], same[within]), by_fold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--dense", type=Path, default=DENSE, help="a gold naming a subset")
    parser.add_argument("--no-write", action="store_true", help="only print the figures")
    args = parser.parse_args()
    sagas, developments = load_gold(args.data / "gold.json")
    rows = [row for row in read_inputs(args.data / "inputs") if row["id"] in sagas]
    fold_of = {row["id"]: FOLDS[row["published"][:7]] for row in rows}
    items = sorted(sagas)
    pairs, x = pair_signals(args.data / "inputs", items)
    pair_fold = np.array([fold_of[a] if fold_of[a] == fold_of[b] else -1 for a, b in pairs])
    gold = {"story": sagas, "event": developments}
    same = np.array([developments[a] == developments[b] for a, b in pairs])
    folds = sorted(set(fold_of.values()))
    report: dict = {"pairs": len(pairs)}
    model, fold_models = fit_events(x, same, pair_fold)
    story = json.loads((args.output / "story_links.json").read_text(encoding="utf-8"))
    dense = {a for s in json.loads(args.dense.read_text())["stories"] for a in s}
    parts = {"all": rows, "dense": [r for r in rows if r["id"] in dense]}

    def fold_payloads(threshold: float) -> dict[int, dict[str, Mapping]]:
        return {
            fold: {"story": story, "event": model_payload(fold_models[fold], x, threshold)}
            for fold in folds
        }

    grid = []
    for threshold in EVENT_GRID:
        scores = cross_validate("dense", parts["dense"], gold, fold_of, fold_payloads(threshold))
        value = scores["cross_validated, dense"]["events_against_developments"]["f1"]
        grid.append((value, threshold))
        print(f"event threshold {threshold}: dense events F1 {value:.4f}", file=sys.stderr)
    _, threshold = max(grid)
    report["event_threshold"] = threshold
    for part, chosen_rows in parts.items():
        report.update(cross_validate(part, chosen_rows, gold, fold_of, fold_payloads(threshold)))
    payload = {
        **model_payload(model, x, threshold),
        "same_pairs": int(same.sum()),
        "pairs": len(pairs),
        "cross_validated": {part: report[f"cross_validated, {part}"] for part in parts},
    }
    if not args.no_write:
        target = args.output / "event_links.json"
        target.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({"model": payload, "report": report}, indent=1))


if __name__ == "__main__":
    main()
