"""The local runner: read inputs, analyse each article, write batches to the store."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from warta.analyze import analyze
from warta.errors import AnalysisError, InputRejected
from warta.ingest import AUTO, read_inputs
from warta.model import Article, RawDocument
from warta.store import Store

log = logging.getLogger(__name__)


@dataclass(slots=True)
class IngestReport:
    """What an ingest did: articles new, changed and unchanged, and the inputs refused."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[InputRejected] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return self.added + self.updated + self.unchanged


def analyze_inputs(
    paths: Iterable[str], input_format: str = AUTO, max_document_bytes: int = 10 * 1024 * 1024
) -> Iterator[tuple[Article, RawDocument] | InputRejected]:
    """Read and analyse every input, yielding each article with its raw document, or a refusal."""
    for item in read_inputs(paths, input_format, max_document_bytes):
        if isinstance(item, InputRejected):
            yield item
            continue
        try:
            yield analyze(item), item
        except AnalysisError as exc:
            yield InputRejected(item.origin, f"analysis failed: {exc}")


def ingest(
    paths: Iterable[str],
    store: Store,
    *,
    input_format: str = AUTO,
    batch_size: int = 200,
    max_document_bytes: int = 10 * 1024 * 1024,
    on_item: Callable[[InputRejected | None], None] | None = None,
) -> IngestReport:
    """Ingest every named input into the store, in transactions of ``batch_size`` articles.

    A refused input is reported (``on_item`` gets it) and recorded in the store; the rest go on.
    A crash loses at most the batch being written; running the same ingest again completes the
    job, since articles already stored are no-ops.

    Args:
        on_item: called once per input processed, with the refusal or None; for progress bars.
    """
    report = IngestReport()
    articles: list[tuple[Article, RawDocument]] = []
    rejects: list[InputRejected] = []

    def flush() -> None:
        for outcome in store.write(articles, rejects):
            setattr(report, outcome, getattr(report, outcome) + 1)
        report.rejected.extend(rejects)
        articles.clear()
        rejects.clear()

    for item in analyze_inputs(paths, input_format, max_document_bytes):
        if isinstance(item, InputRejected):
            log.info("refused %s", item)
            rejects.append(item)
        else:
            articles.append(item)
        if on_item is not None:
            on_item(item if isinstance(item, InputRejected) else None)
        if len(articles) + len(rejects) >= batch_size:
            flush()
    flush()
    return report
