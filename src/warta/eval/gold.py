"""The gold articles of an evaluation, ingested as a user would ingest them.

Quotes and dates are scored on what Warta stores, not on one article analysed alone: a
speaker's canonical name comes from the entities of all the articles ingested together.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warta.errors import UsageError
from warta.ingest import read_inputs
from warta.model import RawDocument, article_id
from warta.records import Store
from warta.run.local import ingest
from warta.store import open_store


def load_gold(path: Path) -> dict[str, dict[str, Any]]:
    """The ``articles`` of a gold file, by input file name."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read gold file {path}: {exc}") from exc
    articles = data.get("articles") if isinstance(data, dict) else None
    if not isinstance(articles, dict):
        raise UsageError(f"gold file {path} has no 'articles' object (see docs/eval.md)")
    return articles


@dataclass(slots=True)
class GoldCorpus:
    """The gold annotations, the store they were ingested into, and each input's article id."""

    gold: dict[str, dict[str, Any]]
    store: Store
    article_ids: dict[str, str]


@contextmanager
def ingested_gold(gold_path: Path, inputs: Path | None = None) -> Iterator[GoldCorpus]:
    """Ingest every input the gold file names into a temporary store.

    Args:
        gold_path: the gold file (the shape of the project's gold/samples.json, docs/eval.md).
        inputs: the folder of the input files; by default ``../samples`` beside the gold
            file's folder.

    Raises:
        UsageError: the gold file or one of its inputs cannot be read.
    """
    gold = load_gold(gold_path)
    folder = inputs or gold_path.resolve().parent.parent / "samples"
    article_ids: dict[str, str] = {}
    for name in sorted(gold):
        results = list(read_inputs([str(folder / name)]))
        if len(results) != 1 or not isinstance(results[0], RawDocument):
            raise UsageError(f"cannot read input {folder / name} named by the gold file")
        article_ids[name] = article_id(results[0])
    with tempfile.TemporaryDirectory(prefix="warta-eval-") as directory:
        store = open_store(Path(directory) / "eval.db")
        try:
            report = ingest([str(folder / name) for name in sorted(gold)], store)
            if report.refused:
                raise UsageError(f"{report.refused} gold inputs were refused (see the log)")
            yield GoldCorpus(gold, store, article_ids)
        finally:
            store.close()
