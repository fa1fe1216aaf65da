"""Canonical entities of a real corpus against a hand-checked gold (docs/entities.md).

Builds the corpus a gold in tests/fixtures/entities names (IndoSum folds from
``../shared/data/indosum``, tokenised as the data set keeps them, published at the time in each
article's id), ingests it into a temporary database as ``warta ingest`` does, and prints what
``warta eval entities`` prints: the share of gold entities stored right and the apart pairs
merged, with every miss::

    .venv/bin/python bench/entities.py tests/fixtures/entities/indosum-dev.json
    .venv/bin/python bench/entities.py tests/fixtures/entities/indosum-heldout.json

The same in two commands: ``--write-corpus FILE`` writes the corpus as JSON Lines, then
``warta --db X ingest FILE`` and ``warta --db X eval entities --gold GOLD``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
INDOSUM = REPO.parent / "shared" / "data" / "indosum"


def corpus_records(gold_path: Path, source: Path = INDOSUM) -> list[dict[str, str]]:
    """The articles of the folds a gold names, as Warta's JSON Lines records, each once."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    folds = gold.get("corpus", {}).get("indosum", [])
    if not folds:
        raise ValueError(f"{gold_path} names no IndoSum folds under corpus.indosum")
    return indosum_records(folds, source)


def indosum_records(folds: Iterable[str], source: Path = INDOSUM) -> list[dict[str, str]]:
    """The articles of IndoSum folds (file names in ``source``) as Warta's JSON Lines records,
    each once, published at the time in its id."""
    records: dict[str, dict[str, str]] = {}
    for fold in folds:
        with (source / fold).open(encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                if row["id"] in records:
                    continue  # the folds repeat some articles
                paragraphs = row["paragraphs"]
                text = "\n\n".join(" ".join(" ".join(s) for s in p) for p in paragraphs)
                published = datetime.fromtimestamp(int(row["id"].split("-")[0]), UTC)
                records[row["id"]] = {
                    "id": row["id"],
                    "url": row.get("source_url") or "",
                    "outlet": row.get("source") or "",
                    "published": published.isoformat(),
                    "text": text,
                }
    return list(records.values())


def write_corpus(records: list[dict[str, str]], path: Path) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def score(gold_path: Path) -> tuple[object, int, float]:
    """Ingest the gold's corpus into a temporary store; the scores, articles and seconds."""
    from warta.eval.entities import score_entities  # noqa: PLC0415
    from warta.run.local import InProcess, ingest  # noqa: PLC0415
    from warta.store import open_store  # noqa: PLC0415

    records = corpus_records(gold_path)
    with tempfile.TemporaryDirectory(prefix="warta-entities-") as directory:
        corpus = write_corpus(records, Path(directory) / "corpus.jsonl")
        store = open_store(Path(directory) / "bench.db")
        try:
            started = time.perf_counter()
            ingest([str(corpus)], store, analysis=InProcess())
            seconds = time.perf_counter() - started
            return score_entities(store, gold_path), len(records), seconds
        finally:
            store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", type=Path, nargs="+")
    parser.add_argument("--write-corpus", type=Path, help="Only write the corpus to this file.")
    args = parser.parse_args()
    if args.write_corpus:
        records = [r for gold in args.gold for r in corpus_records(gold)]
        write_corpus(records, args.write_corpus)
        print(f"{len(records)} articles written to {args.write_corpus}")
        return
    from warta.eval.entities import format_scores  # noqa: PLC0415

    for gold in args.gold:
        scores, articles, seconds = score(gold)
        print(f"== {gold}: {articles} articles ingested in {seconds:.0f} s")
        print(format_scores(scores))  # type: ignore[arg-type]
        sys.stdout.flush()


if __name__ == "__main__":
    main()
