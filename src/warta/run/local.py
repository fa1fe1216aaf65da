"""The local runner: read inputs, analyse each article, write batches to the store."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from warta.analyze import analyze
from warta.errors import AnalysisError, InputRejected
from warta.ingest import AUTO, read_inputs
from warta.model import Article, RawDocument, article_id
from warta.store import Store

log = logging.getLogger(__name__)

#: Refusals an :class:`IngestReport` keeps in memory; all of them are in the store and were
#: reported one by one as they came, so a file of a million bad lines cannot exhaust memory.
MAX_REPORTED_REFUSALS = 1000

DEFAULT_MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


@dataclass(slots=True)
class IngestReport:
    """What an ingest did: articles new, changed and unchanged, and the inputs refused.

    ``refused`` counts every refusal; ``rejected`` holds the first
    :data:`MAX_REPORTED_REFUSALS` of them (``warta rejects`` lists all).
    """

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: int = 0
    rejected: list[InputRejected] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return self.added + self.updated + self.unchanged

    def refuse(self, rejected: InputRejected) -> None:
        self.refused += 1
        if len(self.rejected) < MAX_REPORTED_REFUSALS:
            self.rejected.append(rejected)


def analyze_one(raw: RawDocument) -> Article | InputRejected:
    """Analyse one raw document; a failed stage becomes a refusal naming the input."""
    try:
        return analyze(raw)
    except AnalysisError as exc:
        return InputRejected(raw.origin, f"analysis failed: {exc}")


def analyze_inputs(
    paths: Iterable[str],
    input_format: str = AUTO,
    max_document_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
) -> Iterator[tuple[Article, RawDocument] | InputRejected]:
    """Read and analyse every input, yielding each article with its raw document, or a refusal."""
    for item in read_inputs(paths, input_format, max_document_bytes):
        if isinstance(item, InputRejected):
            yield item
            continue
        result = analyze_one(item)
        yield result if isinstance(result, InputRejected) else (result, item)


def ingest(
    paths: Iterable[str],
    store: Store,
    *,
    input_format: str = AUTO,
    batch_size: int = 200,
    max_document_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
    on_item: Callable[[InputRejected | None], None] | None = None,
) -> IngestReport:
    """Ingest every named input into the store, in transactions of ``batch_size`` inputs.

    An input whose article is stored already with the same content is not analysed again. A
    refused input is reported (``on_item`` gets it) and recorded in the store; the rest go on.
    A crash loses at most the batch being written; running the same ingest again completes the
    job, since articles already stored are no-ops.

    Args:
        on_item: called once per input processed, with the refusal or None; for progress bars.
    """
    report = IngestReport()
    batch: list[RawDocument | InputRejected] = []
    for item in read_inputs(paths, input_format, max_document_bytes):
        batch.append(item)
        if len(batch) >= batch_size:
            _ingest_batch(batch, store, report, on_item)
            batch.clear()
    _ingest_batch(batch, store, report, on_item)
    return report


def _ingest_batch(
    batch: list[RawDocument | InputRejected],
    store: Store,
    report: IngestReport,
    on_item: Callable[[InputRejected | None], None] | None,
) -> None:
    keyed = [(item, article_id(item) if isinstance(item, RawDocument) else "") for item in batch]
    stored = store.stored_hashes([key for _, key in keyed if key])
    articles: list[tuple[Article, RawDocument]] = []
    rejects: list[InputRejected] = []
    unchanged: list[str] = []
    for item, key in keyed:
        result: Article | InputRejected | None = None
        if isinstance(item, InputRejected):
            result = item
        elif stored.get(key) == item.content_hash:
            unchanged.append(item.origin)
        else:
            result = analyze_one(item)
            if isinstance(result, Article):
                articles.append((result, item))
        if isinstance(result, InputRejected):
            log.info("refused %s", result)
            rejects.append(result)
            report.refuse(result)
        if on_item is not None:
            on_item(result if isinstance(result, InputRejected) else None)
    for outcome in store.write(articles, rejects, unchanged):
        setattr(report, outcome, getattr(report, outcome) + 1)
    report.unchanged += len(unchanged)
