"""Where Warta's events and the hand-labelled developments disagree, with the signals behind each
pair: a tool for reading the grouping's errors, not for fitting.

It ingests the dense part of tests/fixtures/grouping-dev (the 353 articles of stories-dev) into a
temporary store with the shipped models, as a user would, then prints:

* the B-cubed score of Warta's events against the developments;
* every pair of articles of one development that Warta put in two events ("SPLIT"), and every
  pair of two developments that it put in one ("MERGED"), each with the event model's
  probability and the signals (:data:`warta.corpus.features.SIGNALS`) it was computed from,
  most probable first.

Run it from the repository root (about a minute)::

    .venv/bin/python training/grouping_errors.py [--all]

``--all`` reads the 2,146 articles instead of the dense part.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "training"))

from fit_links import DATA, DENSE, ingested, load_gold, read_inputs  # noqa: E402

from warta.corpus.cluster import Clusterer, ClusterReport  # noqa: E402
from warta.corpus.features import SIGNALS, link_model, signals  # noqa: E402
from warta.eval.stories import bcubed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="every article, not the dense part")
    args = parser.parse_args()
    sagas, developments = load_gold(DATA / "gold.json")
    dense = {a for story in json.loads(DENSE.read_text())["stories"] for a in story}
    rows = [r for r in read_inputs(DATA / "inputs") if r["id"] in sagas]
    if not args.all:
        rows = [r for r in rows if r["id"] in dense]
    chosen = {r["id"] for r in rows}
    event_model = link_model("event")
    with ingested(rows) as (store, key):
        placed = store.placements(list(key.values()))
        events = {a: placed[key[a]].event for a in chosen if key[a] in placed}
        print(
            "events against developments:",
            bcubed(events, {a: developments[a] for a in chosen}).to_dict(),
        )
        with store.story_index() as index:
            clusterer = Clusterer(index, ClusterReport())
            found = index.features(list(key.values()))
            profiles = {k: clusterer.profile(f) for k, f in found.items()}

            def pair(a: str, b: str) -> tuple[float, list[float]]:
                values = signals(found[key[a]], profiles[key[a]], found[key[b]], profiles[key[b]])
                return event_model.probability(values), [round(v, 2) for v in values]

            members = defaultdict(list)
            for article in sorted(chosen):
                members[developments[article]].append(article)
            split = [
                (*pair(a, b), a, b)
                for group in members.values()
                for a, b in itertools.combinations(group, 2)
                if events.get(a) != events.get(b)
            ]
            merged = [
                (*pair(a, b), a, b)
                for a, b in itertools.combinations(sorted(chosen), 2)
                if developments[a] != developments[b]
                and events.get(a) is not None
                and events.get(a) == events.get(b)
            ]
    print("signals:", ", ".join(SIGNALS))
    for kind, pairs in (("SPLIT", split), ("MERGED", merged)):
        for probability, values, a, b in sorted(pairs, reverse=True):
            print(f"{kind} {probability:.3f} {a[:45]} | {b[:45]} {values}")


if __name__ == "__main__":
    main()
