"""The gold articles of an evaluation, ingested as a user would ingest them.

Quotes and dates are scored on what Warta stores, not on one article analysed alone: a
speaker's canonical name comes from the entities of all the articles ingested together.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warta.errors import InputRejected, UsageError
from warta.eval.clean import load_gold
from warta.ingest import read_inputs
from warta.model import article_id
from warta.run.local import ingest
from warta.store import Store, open_store


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
        if len(results) != 1 or isinstance(results[0], InputRejected):
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
