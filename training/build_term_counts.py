"""Count in how many news articles each content stem occurs: the background that weighs words
for story clustering before a store has seen enough articles of its own (docs/stories.md).

The shipped ``src/warta/corpus/data/term_counts.json.gz`` was made with::

    .venv/bin/python training/build_term_counts.py

from the IndoSum articles in ../shared/data/indosum (CC BY-SA 4.0, Kurniawan & Louvan 2018):
about 2,200 Indonesian news articles from ten outlets, 2016-2018. Only counts are kept (stems seen
in at least two articles), no text.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from warta.lang.id.stems import content_stems  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "indosum"
OUTPUT = REPO / "src" / "warta" / "corpus" / "data" / "term_counts.json.gz"
MIN_ARTICLES = 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    seen: set[str] = set()
    counts: Counter[str] = Counter()
    for path in sorted(args.data.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record["id"] in seen:
                continue
            seen.add(record["id"])
            text = " ".join(
                " ".join(" ".join(sentence) for sentence in paragraph)
                for paragraph in record["paragraphs"]
            )
            counts.update(set(content_stems(text)))
    kept = {stem: n for stem, n in sorted(counts.items()) if n >= MIN_ARTICLES}
    payload = {"articles": len(seen), "source": "IndoSum dev folds 1-3", "counts": kept}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.output, "wt", encoding="utf-8", compresslevel=9) as handle:
        json.dump(payload, handle, ensure_ascii=False, separators=(",", ":"))
    print(f"{len(seen)} articles, {len(kept)} stems -> {args.output}")


if __name__ == "__main__":
    main()
