"""The local runner: read inputs, analyse each article, write batches to the store."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from warta.analyze import analyze_or_reason
from warta.analyze.metadata import outlet_from_url
from warta.analyze.templates import (
    TEMPLATE_MIN_ARTICLES,
    TEMPLATE_MIN_PROSE_ARTICLES,
    TEMPLATE_MIN_PROSE_SHARE,
    line_evidence,
)
from warta.corpus.anchor import anchor_undated
from warta.corpus.cluster import ClusterReport, cluster_unplaced, recluster_changed
from warta.errors import InputRejected, StoreBusy
from warta.ingest import AUTO, read_inputs
from warta.ingest.html import HtmlPage, read_html
from warta.ingest.sources import Skipped
from warta.model import Article, RawDocument, article_id
from warta.run.processes import AnalysisWorkers, shared_workers
from warta.settings import load_settings
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
    #: Hidden files and directories passed over while walking directories (not refusals):
    #: how many, and the first :data:`MAX_REPORTED_REFUSALS` of them.
    hidden: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    #: Stored articles analysed again because their outlet's template became known.
    recleaned: int = 0
    #: Undated articles whose dates were placed by the articles they share entities with.
    anchored: int = 0
    #: What story clustering did with the new articles.
    stories: ClusterReport = field(default_factory=ClusterReport)
    #: Why the stored articles were not yet placed in stories (another writer kept the
    #: database busy); the next ingest places them. None when everything was done.
    deferred: str | None = None
    #: Ids of stored articles whose content changed (their story features are recomputed).
    changed: list[str] = field(default_factory=list, repr=False)

    @property
    def articles(self) -> int:
        return self.added + self.updated + self.unchanged

    def refuse(self, rejected: InputRejected) -> None:
        self.refused += 1
        if len(self.rejected) < MAX_REPORTED_REFUSALS:
            self.rejected.append(rejected)

    def skip(self, skipped: Skipped) -> None:
        self.hidden += 1
        if len(self.skipped) < MAX_REPORTED_REFUSALS:
            self.skipped.append(skipped)


class Analysis(Protocol):
    """Where analysis (and the extraction of HTML pages' text) runs: in worker processes
    (:class:`AnalysisWorkers`, with a time budget per input) or in this process
    (:class:`InProcess`)."""

    def analyze(self, raws: Sequence[RawDocument]) -> list[Article | InputRejected]: ...

    def read_html(self, origin: str, page: str, url: str | None = None) -> HtmlPage: ...


class InProcess:
    """Analysis in the calling process, one input after the other, with no time budget: for
    debugging a stage, and for callers that cannot start processes."""

    def analyze(self, raws: Sequence[RawDocument]) -> list[Article | InputRejected]:
        return [analyze_one(raw) for raw in raws]

    def read_html(self, origin: str, page: str, url: str | None = None) -> HtmlPage:
        return read_html(origin, page, url)


def analyze_one(raw: RawDocument) -> Article | InputRejected:
    """Analyse one raw document; any failure becomes a refusal naming the input."""
    result = analyze_or_reason(raw)
    return InputRejected(raw.origin, result) if isinstance(result, str) else result


def default_analysis(workers: int | None = None) -> AnalysisWorkers:
    """Worker processes as the settings ``analysis_workers`` (or ``workers``) and
    ``analysis_budget_seconds`` say, shared by every ingest of this process."""
    settings = load_settings()
    count = settings["analysis_workers"] if workers is None else workers
    return shared_workers(count, settings["analysis_budget_seconds"])


def analyze_inputs(
    paths: Iterable[str],
    input_format: str = AUTO,
    max_document_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
    analysis: Analysis | None = None,
) -> Iterator[tuple[Article, RawDocument] | InputRejected]:
    """Read and analyse every input, yielding each article with its raw document, or a refusal."""
    analysis = analysis or default_analysis()
    for item in read_inputs(
        paths, input_format, max_document_bytes, html_reader=analysis.read_html
    ):
        if isinstance(item, Skipped):
            continue
        if isinstance(item, InputRejected):
            yield item
            continue
        (result,) = analysis.analyze([item])
        yield result if isinstance(result, InputRejected) else (result, item)


def ingest(
    paths: Iterable[str],
    store: Store,
    *,
    input_format: str = AUTO,
    batch_size: int = 200,
    max_document_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
    on_item: Callable[[InputRejected | Skipped | None], None] | None = None,
    analysis: Analysis | None = None,
    names: Mapping[str, str] | None = None,
) -> IngestReport:
    """Ingest every named input into the store, in transactions of ``batch_size`` inputs.

    An input whose article is stored already with the same content is not analysed again. A
    refused input is reported (``on_item`` gets it) and recorded in the store; the rest go on:
    whatever goes wrong with one input (reading, decoding, identifying, analysing it, or
    storing its article) refuses that input alone. A crash loses at most the batch being
    written; running the same ingest again completes the job, since articles already stored
    are no-ops.

    Args:
        on_item: called once per input processed, with the refusal or None, and once per
            hidden file skipped; for progress bars.
        analysis: where analysis runs; default: the shared worker processes
            (:func:`default_analysis`).
        names: the name to report and record for a given file path (an upload's own name).

    Raises:
        StoreBusy: another writer held the database longer than ``write_wait_seconds``; the
            batches committed before stay stored.
    """
    analysis = analysis or default_analysis()
    report = IngestReport()
    templates = Templates(store)
    batch: list[RawDocument | InputRejected] = []
    for item in read_inputs(paths, input_format, max_document_bytes, names, analysis.read_html):
        if isinstance(item, Skipped):
            report.skip(item)
            if on_item is not None:
                on_item(item)
            continue
        batch.append(item)
        if len(batch) >= batch_size:
            _ingest_batch(batch, store, report, templates, analysis, on_item)
            batch.clear()
            templates.refresh()
    _ingest_batch(batch, store, report, templates, analysis, on_item)
    try:
        _after_writing(store, report, templates, analysis)
    except StoreBusy as exc:
        # the articles are stored: only their placing waits, and the next ingest does it
        log.warning("stories not updated yet: %s", exc)
        report.deferred = str(exc)
    return report


def _after_writing(
    store: Store, report: IngestReport, templates: Templates, analysis: Analysis
) -> None:
    """What follows the articles' writing: analysing again those whose outlet's template grew,
    dating undated articles from their neighbours, recomputing the story features of articles
    that changed, and placing new articles in stories. The work is owed in the store from the
    moment a batch commits, so a run killed before doing it leaves it to the next run."""
    outlets = list(templates.first)
    for outlet, new_keys in templates.grown().items():
        stored = store.articles_with_lines(outlet, new_keys)
        report.recleaned += reanalyze(store, stored, analysis)
    store.work_done("templates", outlets)
    # anchoring is idempotent, and a killed run may have owed it: it always runs
    report.anchored = len(anchor_undated(store))
    changed = list(store.pending_work("features"))
    report.changed = changed
    recluster_changed(store, list(store.get_articles(changed).values()))
    store.work_done("features", changed)
    report.stories = cluster_unplaced(store)


class Templates:
    """The template lines of each outlet, as the store's statistics give them now, and which
    outlets learned new ones since their articles were cleaned: during this run, or during an
    earlier one that was stopped before it cleaned them again (the store keeps its baselines)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.current: dict[str, frozenset[str]] = {}
        self.first: dict[str, frozenset[str]] = {
            outlet: frozenset(json.loads(keys))
            for outlet, keys in store.pending_work("templates").items()
        }

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
    raws: Sequence[RawDocument], templates: Templates, analysis: Analysis
) -> list[tuple[Article | InputRejected, list[LineEvidence]]]:
    """Analyse raw documents; those whose outlet's known template lines occur in them are
    analysed with those lines. An outlet only found in the text (not in the input's metadata)
    is known after a first analysis: such an article is analysed again when its outlet's
    template lines occur in it."""
    evidence = [line_evidence(raw.text) for raw in raws]
    keys = [{key for key, _, _ in lines} for lines in evidence]
    hints = [raw.outlet or (outlet_from_url(raw.url) if raw.url else None) for raw in raws]
    prepared = []
    for raw, hint, found in zip(raws, hints, keys, strict=True):
        known = templates.of(hint) if hint else frozenset()
        prepared.append(replace(raw, template_keys=known) if known & found else raw)
    results = analysis.analyze(prepared)
    again = [
        position
        for position, (result, hint) in enumerate(zip(results, hints, strict=True))
        if isinstance(result, Article)
        and result.outlet
        and result.outlet != hint
        and templates.of(result.outlet) & keys[position]
    ]
    redone = analysis.analyze(
        [replace(raws[p], template_keys=templates.of(_outlet(results[p]))) for p in again]
    )
    for position, result in zip(again, redone, strict=True):
        results[position] = result
    return list(zip(results, evidence, strict=True))


def _outlet(result: Article | InputRejected) -> str:
    assert isinstance(result, Article) and result.outlet
    return result.outlet


def reanalyze(store: Store, article_ids: Iterable[str], analysis: Analysis | None = None) -> int:
    """Analyse stored articles again from their inputs, with the template lines known now;
    store those whose analysis changed. Returns how many changed."""
    templates = Templates(store)
    pairs = [(store.get_article(i), store.get_raw(i)) for i in article_ids]
    stored = [(article, raw) for article, raw in pairs if article is not None and raw is not None]
    outcomes = analyze_with_templates(
        [raw for _, raw in stored], templates, analysis or default_analysis()
    )
    changed = [
        result
        for (article, _), (result, _) in zip(stored, outcomes, strict=True)
        if isinstance(result, Article) and result.to_dict() != article.to_dict()
    ]
    store.replace_analysis(changed)
    return len(changed)


def _ingest_batch(
    batch: list[RawDocument | InputRejected],
    store: Store,
    report: IngestReport,
    templates: Templates,
    analysis: Analysis,
    on_item: Callable[[InputRejected | Skipped | None], None] | None,
) -> None:
    keyed = [_identified(item) for item in batch]
    stored = store.stored_hashes([key for item, key in keyed if isinstance(item, RawDocument)])
    fresh = [
        item
        for item, key in keyed
        if isinstance(item, RawDocument) and stored.get(key) != item.content_hash
    ]
    analysed = iter(analyze_with_templates(fresh, templates, analysis))
    articles: list[tuple[Article, RawDocument]] = []
    rejects: list[InputRejected] = []
    unchanged: list[str] = []
    evidence: dict[str, list[LineEvidence]] = {}
    results: list[Article | InputRejected | None] = []
    for item, key in keyed:
        result: Article | InputRejected | None = None
        if isinstance(item, InputRejected):
            result = item
        elif stored.get(key) == item.content_hash:
            unchanged.append(item.origin)
        else:
            result, evidence[key] = next(analysed)
            if isinstance(result, Article):
                articles.append((result, item))
        if isinstance(result, InputRejected):
            rejects.append(result)
        results.append(result)
    outlets = {article.outlet for article, _ in articles if article.outlet}
    baselines = {o: keys for o, keys in templates.first.items() if o in outlets}
    outcomes = store.write(articles, rejects, unchanged, evidence, baselines)
    refused_in_write = {
        article.id: outcome
        for (article, _), outcome in zip(articles, outcomes, strict=True)
        if isinstance(outcome, InputRejected)
    }
    for result in results:
        refusal = refused_in_write.get(result.id) if isinstance(result, Article) else result
        if refusal is not None:
            log.info("refused %s", refusal)
            report.refuse(refusal)
        if on_item is not None:
            on_item(refusal)
    for (article, _), outcome in zip(articles, outcomes, strict=True):
        if isinstance(outcome, InputRejected):
            continue
        setattr(report, outcome, getattr(report, outcome) + 1)
        if outcome == "updated":
            report.changed.append(article.id)
    report.unchanged += len(unchanged)


def _identified(item: RawDocument | InputRejected) -> tuple[RawDocument | InputRejected, str]:
    """The input with its article id; an input that cannot be identified is refused."""
    if isinstance(item, InputRejected):
        return item, ""
    try:
        return item, article_id(item)
    except Exception as exc:  # hostile metadata: this input's fault alone
        log.debug("cannot identify %s", item.origin, exc_info=True)
        return InputRejected(item.origin, f"cannot be identified ({type(exc).__name__})"), ""
