"""NER tagger speed on one core: model load time, and tokens per second of each scheme.

The text is the bundled samples' words, cut into sentences by Warta's own splitter and
repeated until ``--tokens`` tokens (default 200,000), so the figure includes feature
extraction, which costs more than the CRF itself. Each scheme is timed a sentence at a time
(``tag``) and twenty sentences at a time (``tag_many``, as the entities stage tags an
article). Run it from the repository root::

    .venv/bin/python bench/ner.py [--tokens N] [--json]

Loading is timed in a fresh interpreter for each scheme (the first ``tagger()`` call reads the
clusters, case rates, gazetteer and CRF), so no scheme benefits from another's warm cache.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from importlib.resources import files

from warta.lang.id.ner.tagger import SCHEMES, tagger
from warta.lang.id.sentences import split_sentences

LOAD = (
    "import time; t = time.perf_counter();"
    "from warta.lang.id.ner.tagger import tagger; tagger({scheme!r}).tag(['Jakarta']);"
    "print(time.perf_counter() - t)"
)


ARTICLE_SENTENCES = 20


def sample_sentences(tokens: int) -> list[list[str]]:
    sentences: list[list[str]] = []
    for sample in sorted(files("warta").joinpath("samples").iterdir(), key=lambda p: p.name):
        if sample.name.endswith(".txt"):
            text = sample.read_text(encoding="utf-8")
            sentences += [[t.text for t in s.tokens] for s in split_sentences(text)]
    repeated: list[list[str]] = []
    count = 0
    while count < tokens:
        for sentence in sentences:
            repeated.append(sentence)
            count += len(sentence)
    return repeated


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tokens", type=int, default=200_000)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    sentences = sample_sentences(args.tokens)
    total = sum(map(len, sentences))
    figures: dict[str, dict[str, float]] = {}
    for scheme in SCHEMES:
        load = float(
            subprocess.run(
                [sys.executable, "-c", LOAD.format(scheme=scheme)],
                check=True, capture_output=True, text=True,
            ).stdout
        )  # fmt: skip
        ner = tagger(scheme)
        started = time.perf_counter()
        for sentence in sentences:
            ner.tag(sentence)
        elapsed = time.perf_counter() - started
        # As the entities stage tags an article: its sentences together (about 20).
        started = time.perf_counter()
        for first in range(0, len(sentences), ARTICLE_SENTENCES):
            ner.tag_many(sentences[first : first + ARTICLE_SENTENCES])
        batched = time.perf_counter() - started
        figures[scheme] = {
            "load_seconds": round(load, 3),
            "tokens_per_second": round(total / elapsed),
            "tokens_per_second_articles": round(total / batched),
        }
    if args.json:
        print(json.dumps({"tokens": total, "schemes": figures}, indent=1))
        return
    print(f"{total:,} tokens in {len(sentences):,} sentences, one core")
    for scheme, figure in figures.items():
        print(
            f"  {scheme:<8} load {figure['load_seconds']:6.2f} s"
            f"   {figure['tokens_per_second']:>9,.0f} tokens/s"
            f"   {figure['tokens_per_second_articles']:>9,.0f} tokens/s by article"
        )


if __name__ == "__main__":
    main()
