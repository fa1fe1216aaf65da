"""The local runner: read inputs, analyse each article, write batches to the store."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from warta.analyze import analyze
from warta.analyze.metadata import outlet_from_url
from warta.analyze.templates import (
    TEMPLATE_MIN_ARTICLES,
    TEMPLATE_MIN_PROSE_ARTICLES,
    TEMPLATE_MIN_PROSE_SHARE,
    line_evidence,
)
from warta.corpus.anchor import anchor_undated
from warta.corpus.cluster import ClusterReport, cluster_unplaced, recluster_changed
from warta.errors import AnalysisError, InputRejected
from warta.ingest import AUTO, read_inputs
from warta.model import Article, RawDocument, article_id
from warta.store import Store
from warta.store.base import LineEvidence

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
    #: Stored articles analysed again because their outlet's template became known.
    recleaned: int = 0
    #: Undated articles whose dates were placed by the articles they share entities with.
    anchored: int = 0
    #: What story clustering did with the new articles.
    stories: ClusterReport = field(default_factory=ClusterReport)
    #: Ids of stored articles whose content changed (their story features are recomputed).
    changed: list[str] = field(default_factory=list, repr=False)

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
    templates = Templates(store)
    batch: list[RawDocument | InputRejected] = []
    for item in read_inputs(paths, input_format, max_document_bytes):
        batch.append(item)
        if len(batch) >= batch_size:
            _ingest_batch(batch, store, report, templates, on_item)
            batch.clear()
            templates.refresh()
    _ingest_batch(batch, store, report, templates, on_item)
    for outlet, new_keys in templates.grown().items():
        report.recleaned += reanalyze(store, store.articles_with_lines(outlet, new_keys))
    if report.added or report.updated or report.recleaned:
        # only new articles can lend an undated one its dates: re-ingesting stays a no-op
        anchored = anchor_undated(store)
        report.anchored = len(anchored)
        # their days are known now: the features of those clustered already follow
        recluster_changed(store, anchored)
    if report.changed:
        recluster_changed(store, [a for i in report.changed if (a := store.get_article(i))])
    report.stories = cluster_unplaced(store)
    return report


class Templates:
    """The template lines of each outlet, as the store's statistics give them now, and which
    outlets learned new ones during this run."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.current: dict[str, frozenset[str]] = {}
        self.first: dict[str, frozenset[str]] = {}

    def of(self, outlet: str) -> frozenset[str]:
        if outlet not in self.current:
            self.current[outlet] = self._lookup(outlet)
            self.first.setdefault(outlet, self.current[outlet])
        return self.current[outlet]

    def refresh(self) -> None:
        """Forget the cached sets: the batch just written changed the statistics."""
        self.current.clear()

    def grown(self) -> dict[str, list[str]]:
        """The template lines each outlet learned since this run first looked it up."""
        learned = {o: sorted(self._lookup(o) - first) for o, first in self.first.items()}
        return {outlet: keys for outlet, keys in learned.items() if keys}

    def _lookup(self, outlet: str) -> frozenset[str]:
        return self.store.template_keys(
            outlet, TEMPLATE_MIN_ARTICLES, TEMPLATE_MIN_PROSE_ARTICLES, TEMPLATE_MIN_PROSE_SHARE
        )


def analyze_with_templates(
    raw: RawDocument, templates: Templates
) -> tuple[Article | InputRejected, list[LineEvidence]]:
    """Analyse a raw document; when its outlet's known template lines occur in it, analyse it
    again with them (the outlet may only be known after a first analysis, from its text)."""
    evidence = line_evidence(raw.text)
    keys = {key for key, _, _ in evidence}
    hint = raw.outlet or (outlet_from_url(raw.url) if raw.url else None)
    known = templates.of(hint) if hint else frozenset()
    result = analyze_one(replace(raw, template_keys=known) if known & keys else raw)
    if isinstance(result, Article) and result.outlet and result.outlet != hint:
        known = templates.of(result.outlet)  # the outlet was only found in the text
        if known & keys:
            result = analyze_one(replace(raw, template_keys=known))
    return result, evidence


def reanalyze(store: Store, article_ids: Iterable[str]) -> int:
    """Analyse stored articles again from their inputs, with the template lines known now;
    store those whose analysis changed. Returns how many changed."""
    templates = Templates(store)
    changed: list[Article] = []
    for stored_id in article_ids:
        article, raw = store.get_article(stored_id), store.get_raw(stored_id)
        if article is None or raw is None:
            continue
        result, _ = analyze_with_templates(raw, templates)
        if isinstance(result, Article) and result.to_dict() != article.to_dict():
            changed.append(result)
    store.replace_analysis(changed)
    return len(changed)


def _ingest_batch(
    batch: list[RawDocument | InputRejected],
    store: Store,
    report: IngestReport,
    templates: Templates,
    on_item: Callable[[InputRejected | None], None] | None,
) -> None:
    keyed = [(item, article_id(item) if isinstance(item, RawDocument) else "") for item in batch]
    stored = store.stored_hashes([key for _, key in keyed if key])
    articles: list[tuple[Article, RawDocument]] = []
    rejects: list[InputRejected] = []
    unchanged: list[str] = []
    evidence: dict[str, list[LineEvidence]] = {}
    for item, key in keyed:
        result: Article | InputRejected | None = None
        if isinstance(item, InputRejected):
            result = item
        elif stored.get(key) == item.content_hash:
            unchanged.append(item.origin)
        else:
            result, evidence[key] = analyze_with_templates(item, templates)
            if isinstance(result, Article):
                articles.append((result, item))
        if isinstance(result, InputRejected):
            log.info("refused %s", result)
            rejects.append(result)
            report.refuse(result)
        if on_item is not None:
            on_item(result if isinstance(result, InputRejected) else None)
    for (article, _), outcome in zip(
        articles, store.write(articles, rejects, unchanged, evidence), strict=True
    ):
        setattr(report, outcome, getattr(report, outcome) + 1)
        if outcome == "updated":
            report.changed.append(article.id)
    report.unchanged += len(unchanged)
