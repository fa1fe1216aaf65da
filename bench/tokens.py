"""Tokenizer and sentence splitter throughput: characters and tokens per second on one core.

The script joins the five bundled samples (page furniture included: it is text the splitter
meets too) and repeats them to about ``--megabytes`` of text (default 5). It then times, in this
process, on one core:

* :func:`warta.lang.id.tokens.tokenize` over the whole text in one call;
* :func:`warta.lang.id.sentences.split_sentences` over the whole text in one call (it tokenizes
  each paragraph itself, so its time includes tokenizing);
* ``split_sentences`` called once per line, as a stage working on ``Article.body`` would.

Each is run ``--rounds`` times (default 3) and the fastest round is reported, so a busy machine
disturbs the figures less.

Run it from the repository root::

    .venv/bin/python bench/tokens.py [--megabytes N] [--rounds R] [--json]
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from importlib.resources import files

from warta.lang.id.sentences import split_sentences
from warta.lang.id.tokens import tokenize

#: Megabytes of text (millions of characters, nearly all ASCII) when --megabytes is not given.
DEFAULT_MEGABYTES = 5.0
#: Rounds per measurement when --rounds is not given; the fastest counts.
DEFAULT_ROUNDS = 3


def load_text(megabytes: float) -> str:
    """The bundled samples, joined by blank lines and repeated to about ``megabytes`` MB."""
    samples = [
        path.read_text(encoding="utf-8")
        for path in sorted((files("warta") / "samples").iterdir(), key=lambda item: item.name)
        if path.name.endswith(".txt")
    ]
    corpus = "\n\n".join(samples) + "\n\n"
    return corpus * max(1, round(megabytes * 1_000_000 / len(corpus)))


def fastest(rounds: int, work: Callable[[], int]) -> tuple[float, int]:
    """The shortest time of ``rounds`` calls of ``work``, and what the last call counted."""
    best, counted = float("inf"), 0
    for _ in range(rounds):
        start = time.perf_counter()
        counted = work()
        best = min(best, time.perf_counter() - start)
    return best, counted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--megabytes", type=float, default=DEFAULT_MEGABYTES, metavar="N")
    parser.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS, metavar="R")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args()
    if args.megabytes <= 0 or args.rounds < 1:
        parser.error("--megabytes must be positive and --rounds at least 1")

    text = load_text(args.megabytes)
    lines = text.split("\n")
    tokens = len(tokenize(text))
    tokenize_seconds, _ = fastest(args.rounds, lambda: len(tokenize(text)))
    # The splitting itself, not the cache of the last paragraphs split.
    split = split_sentences.__wrapped__
    split_seconds, sentences = fastest(args.rounds, lambda: len(split(text)))
    per_line_seconds, _ = fastest(args.rounds, lambda: sum(len(split(line)) for line in lines))
    figures = {
        "characters": len(text),
        "tokens": tokens,
        "sentences": sentences,
        "cores": 1,
        "tokenize_seconds": round(tokenize_seconds, 3),
        "tokenize_characters_per_second": round(len(text) / tokenize_seconds),
        "tokenize_tokens_per_second": round(tokens / tokenize_seconds),
        "split_seconds": round(split_seconds, 3),
        "split_characters_per_second": round(len(text) / split_seconds),
        "split_tokens_per_second": round(tokens / split_seconds),
        "split_sentences_per_second": round(sentences / split_seconds),
        "split_per_line_seconds": round(per_line_seconds, 3),
        "split_per_line_characters_per_second": round(len(text) / per_line_seconds),
    }
    if args.json:
        print(json.dumps(figures))
        return
    print(f"text:      {len(text):,} characters, {tokens:,} tokens, {sentences:,} sentences"
          f" (bundled samples repeated); fastest of {args.rounds} rounds, ONE core")  # fmt: skip
    print(f"tokenize:  {tokenize_seconds:6.3f} s"
          f" = {figures['tokenize_characters_per_second']:>10,} characters/s"
          f" = {figures['tokenize_tokens_per_second']:>9,} tokens/s")  # fmt: skip
    print(f"sentences: {split_seconds:6.3f} s"
          f" = {figures['split_characters_per_second']:>10,} characters/s"
          f" = {figures['split_tokens_per_second']:>9,} tokens/s"
          f" = {figures['split_sentences_per_second']:,} sentences/s"
          " (tokenizing included)")  # fmt: skip
    print(f"  by line: {per_line_seconds:6.3f} s"
          f" = {figures['split_per_line_characters_per_second']:>10,} characters/s"
          " (one call per line, as a stage on Article.body)")  # fmt: skip


if __name__ == "__main__":
    main()
