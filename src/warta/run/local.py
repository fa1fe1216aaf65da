"""The local runner: read inputs, analyse each article, write batches to the store."""

from __future__ import annotations

import itertools
import json
import logging
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Protocol

from warta.analyze.dates import reference_time
from warta.analyze.metadata import outlet_from_url
from warta.analyze.templates import (
    TEMPLATE_MIN_ARTICLES,
    TEMPLATE_MIN_PROSE_ARTICLES,
    TEMPLATE_MIN_PROSE_SHARE,
    line_evidence,
)
from warta.corpus.anchor import anchor as anchor_dates
from warta.corpus.anchor import anchor_undated
from warta.corpus.cluster import ClusterReport, cluster_unplaced, recluster_changed
from warta.errors import InputRejected, StoreBusy
from warta.ingest import AUTO, read_inputs
from warta.ingest.html import HtmlPage, read_html
from warta.ingest.sources import Skipped
from warta.lang.id.stems import MAX_LEARNED, learn
from warta.model import Article, RawDocument, article_id
from warta.records import LineEvidence, Store
from warta.run.analysis_worker import analysed, analysed_many
from warta.run.processes import AnalysisWorkers, groups, shared_workers
from warta.settings import load_settings

log = logging.getLogger(__name__)

#: Batches whose analysis is started before the oldest is written: with workers, they analyse
#: the next two while the writer writes and places one, so the workers do not wait for the
#: writer to finish a batch before they start the one after. Measured with the workers' lower
#: priority (``WORKER_NICENESS``), two workers on two cores, 1,000 articles: the cores idle
#: 2.8-2.9 s before, 2.1-2.3 s after, for the same output (docs/performance.md).
LOOKAHEAD = 2

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
    (:class:`InProcess`). ``workers``: how many inputs it analyses at once; with more than
    one, or in worker processes, an ingest analyses the next batches while it writes one."""

    @property
    def workers(self) -> int: ...

    def start(self) -> None: ...

    def analyze(self, raws: Sequence[RawDocument]) -> list[Article | InputRejected]: ...

    def read_html(self, origin: str, page: str, url: str | None = None) -> HtmlPage: ...


class InProcess:
    """Analysis in the calling process, one input after the other, with no time budget: for
    debugging a stage, and for callers that cannot start processes."""

    workers = 1

    def start(self) -> None:
        """Nothing to start."""

    def analyze(self, raws: Sequence[RawDocument]) -> list[Article | InputRejected]:
        """The articles, analysed in the groups a worker would take, with the same results."""
        results: list[Article | InputRejected] = []
        for group in groups(raws):
            chosen = [raws[i] for i in group]
            for raw, result in zip(chosen, analysed_many(chosen), strict=True):
                results.append(
                    InputRejected(raw.origin, result) if isinstance(result, str) else result
                )
        return results

    def read_html(self, origin: str, page: str, url: str | None = None) -> HtmlPage:
        return read_html(origin, page, url)


def analyze_one(raw: RawDocument) -> Article | InputRejected:
    """Analyse one raw document; any failure becomes a refusal naming the input."""
    result = analysed(raw)
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
    inputs = read_inputs(paths, input_format, max_document_bytes, names, analysis.read_html)
    return ingest_documents(
        inputs, store, batch_size=batch_size, on_item=on_item, analysis=analysis
    )


def ingest_documents(
    inputs: Iterable[RawDocument | InputRejected | Skipped],
    store: Store,
    *,
    batch_size: int = 200,
    on_item: Callable[[InputRejected | Skipped | None], None] | None = None,
    analysis: Analysis | None = None,
) -> IngestReport:
    """Ingest raw documents already read (pages fetched from live sources, say) and the
    refusals met reading them, exactly as :func:`ingest` ingests files."""
    analysis = analysis or default_analysis()
    report = IngestReport()
    templates = Templates(store)
    learn_stored_stems(store)  # before the workers start: forked ones know them too
    # with worker processes (one or several), the next LOOKAHEAD batches are analysed while
    # this one is written and placed. They are prepared before this one is written by every
    # runner, in process too (the order of the store's reads and writes does not depend on
    # the runner, so neither does the output)
    ahead = None
    if analysis.workers > 1 or isinstance(analysis, AnalysisWorkers):
        analysis.start()  # before the thread starts, so the workers fork
        ahead = ThreadPoolExecutor(1, "warta-analysis")
    batches = _batches(inputs, batch_size, report, on_item)
    try:
        pending = deque(
            _start_batch(batch, store, templates, analysis, ahead)
            for batch in itertools.islice(batches, LOOKAHEAD)
        )
        while pending:
            analysing = pending.popleft()
            if (batch := next(batches, None)) is not None:
                pending.append(_start_batch(batch, store, templates, analysis, ahead))
            added = _write_batch(analysing, store, report, templates, analysis, on_item)
            _place_batch(store, report, added)
    finally:
        if ahead is not None:
            ahead.shutdown(wait=False, cancel_futures=True)
    try:
        _after_writing(store, report, templates, analysis)
    except StoreBusy as exc:
        # the articles are stored: only their placing waits, and the next ingest does it
        log.warning("stories not updated yet: %s", exc)
        report.deferred = str(exc)
    return report


def _batches(
    items: Iterable[RawDocument | InputRejected | Skipped],
    size: int,
    report: IngestReport,
    on_item: Callable[[InputRejected | Skipped | None], None] | None,
) -> Iterator[list[RawDocument | InputRejected]]:
    """The inputs in batches of ``size``; hidden files skipped are reported as they come."""
    batch: list[RawDocument | InputRejected] = []
    for item in items:
        if isinstance(item, Skipped):
            report.skip(item)
            if on_item is not None:
                on_item(item)
            continue
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _after_writing(
    store: Store, report: IngestReport, templates: Templates, analysis: Analysis
) -> None:
    """What follows the articles' writing: analysing again those whose outlet's template grew,
    dating undated articles from their neighbours, recomputing the story features of articles
    that changed, and placing in stories what is not placed yet. The work is owed in the store
    from the moment a batch commits, so a run killed before doing it leaves it to the next run."""
    outlets = list(templates.first)
    for outlet, new_keys in templates.grown().items():
        stored = store.articles_with_lines(outlet, new_keys)
        report.recleaned += reanalyze(store, stored, analysis)
    store.work_done("templates", outlets)
    # anchoring is idempotent, and a killed run may have owed it: it always runs
    report.anchored += len(anchor_undated(store))
    report.changed = recompute_features(store)
    report.stories.add(cluster_unplaced(store))


def recompute_features(store: Store) -> list[str]:
    """Compute again the story features the store owes (``pending_work("features")``: articles
    whose content or analysis changed), leaving their stories as they are; returns their ids."""
    owed = list(store.pending_work("features"))
    recluster_changed(store, list(store.get_articles(owed).values()))
    store.work_done("features", owed)
    return owed


#: Stores whose kept stems this process has read already (a poller ingests every few seconds).
_stems_read: weakref.WeakSet[Store] = weakref.WeakSet()


def learn_stored_stems(store: Store) -> None:
    """Learn the stems the store kept from earlier analyses, so this process's analysis does not
    compute them again (once per store: what this process adds, it knows). Worker processes
    forked after this know them too: call it before starting them."""
    if store not in _stems_read:
        learn(store.learned_stems(MAX_LEARNED))
        _stems_read.add(store)


def _place_batch(store: Store, report: IngestReport, added: Sequence[Article]) -> None:
    """The corpus pass of one written batch: date its undated articles from their neighbours,
    then place it in stories. A store kept busy by another writer defers the placing to the
    end of the ingest (or the next ingest)."""
    if report.deferred is not None:
        return
    words = {article.id: article.words for article in added if article.words is not None}
    try:
        undated = [article.id for article in added if reference_time(article) is None]
        anchored = anchor_undated(store, among=undated)
        report.anchored += len(anchored)
        # the batch's articles as stored now, so that clustering does not read them back
        written = {article.id: article for article in [*added, *anchored]}
        report.stories.add(cluster_unplaced(store, words, written))
    except StoreBusy as exc:
        log.warning("stories not updated yet: %s", exc)
        report.deferred = str(exc)


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

    def of(self, outlet: str | None) -> frozenset[str]:
        """The outlet's template lines (none for an unknown outlet)."""
        if outlet is None:
            return frozenset()
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


@dataclass(slots=True)
class _Analysing:
    """Raw documents given to analysis, with their outlets as the inputs name them, the
    template lines each is given, and the analysis when it runs in the background."""

    raws: Sequence[RawDocument]
    hints: list[str | None]
    given: list[frozenset[str]]
    running: Future[list[Article | InputRejected]] | None


def _start_analysis(
    raws: Sequence[RawDocument],
    templates: Templates,
    analysis: Analysis,
    ahead: Executor | None = None,
) -> _Analysing:
    """Prepare raw documents for analysis with their outlets' known template lines, and start
    it in the background on ``ahead`` when given."""
    hints = [raw.outlet or (outlet_from_url(raw.url) if raw.url else None) for raw in raws]
    # looked up now whatever the runner, so every runner reads the store at the same points
    given = [templates.of(hint) for hint in hints]
    running = None
    if ahead is not None and raws:
        prepared = [_with(raw, lines) for raw, lines in zip(raws, given, strict=True)]
        running = ahead.submit(analysis.analyze, prepared)
    return _Analysing(raws, hints, given, running)


def _finish_analysis(
    analysing: _Analysing, templates: Templates, analysis: Analysis
) -> list[tuple[Article | InputRejected, list[LineEvidence]]]:
    """The analysed articles with their inputs' line evidence, as if analysed with the template
    lines known now.

    An analysis not started yet runs now, with the template lines known now. One started
    before the last batch was written is done again for the inputs whose outlet's template
    lines known now differ, among their own lines, from those they were given. An outlet only
    found in the text (not in the input's metadata) is known after a first analysis: such an
    article is analysed again when its outlet's template lines occur in it.
    """
    raws, hints = analysing.raws, analysing.hints
    if analysing.running is not None:
        results = analysing.running.result()
    else:
        analysing.given = [templates.of(hint) for hint in hints]
        zipped = zip(raws, analysing.given, strict=True)
        results = analysis.analyze([_with(raw, lines) for raw, lines in zipped])
    # the worker read an article's lines; a refused input's are read here (seldom)
    evidence = [
        list(result.template_lines) if isinstance(result, Article) else line_evidence(raw.text)
        for result, raw in zip(results, raws, strict=True)
    ]
    keys = [{key for key, _, _ in lines} for lines in evidence]

    def again(positions: list[int], outlets: Sequence[str | None]) -> None:
        if positions:
            pairs = zip(positions, outlets, strict=True)
            prepared = [_with(raws[position], templates.of(outlet)) for position, outlet in pairs]
            for position, result in zip(positions, analysis.analyze(prepared), strict=True):
                results[position] = result

    stale = [
        position
        for position, (hint, given) in enumerate(zip(hints, analysing.given, strict=True))
        if hint and templates.of(hint) & keys[position] != given & keys[position]
    ]
    again(stale, [hints[p] for p in stale])
    moved = [
        position
        for position, (result, hint) in enumerate(zip(results, hints, strict=True))
        if isinstance(result, Article)
        and result.outlet
        and result.outlet != hint
        and templates.of(result.outlet) & keys[position]
    ]
    again(moved, [_outlet(results[p]) for p in moved])
    return list(zip(results, evidence, strict=True))


def _with(raw: RawDocument, lines: frozenset[str]) -> RawDocument:
    """The raw document with its outlet's template lines, for the clean stage."""
    return replace(raw, template_keys=lines) if lines else raw


def analyze_with_templates(
    raws: Sequence[RawDocument], templates: Templates, analysis: Analysis
) -> list[tuple[Article | InputRejected, list[LineEvidence]]]:
    """Analyse raw documents; those whose outlet's known template lines occur in them are
    analysed with those lines (see :func:`_finish_analysis` for the second look)."""
    return _finish_analysis(_start_analysis(raws, templates, analysis), templates, analysis)


def _outlet(result: Article | InputRejected) -> str:
    assert isinstance(result, Article) and result.outlet
    return result.outlet


@dataclass(slots=True)
class Reanalysis:
    """What analysing stored articles again did: how many were analysed (those whose input
    is kept), how many changed, and the refusals (those keep their analysis)."""

    analysed: int = 0
    changed: int = 0
    refused: list[InputRejected] = field(default_factory=list)


def reanalyze(
    store: Store,
    article_ids: Iterable[str],
    analysis: Analysis | None = None,
    *,
    refeature: bool = False,
) -> int:
    """Analyse stored articles again from their inputs, with the template lines known now;
    store those whose analysis changed (with ``refeature``, owing their story features:
    :func:`recompute_features`). Returns how many changed."""
    return reanalyze_articles(store, article_ids, analysis, refeature=refeature).changed


def reanalyze_articles(
    store: Store,
    article_ids: Iterable[str],
    analysis: Analysis | None = None,
    *,
    refeature: bool = False,
    anchor: bool = False,
) -> Reanalysis:
    """:func:`reanalyze`, telling what it did: the articles analysed, changed and refused.
    With ``anchor``, an article analysed again without a publication time is first dated from
    its stored neighbours, as the ingest dated it (:func:`~warta.corpus.anchor.anchor`): made
    again from its input alone, its analysis would lose those dates, and count as changed."""
    templates = Templates(store)
    pairs = [(store.get_article(i), store.get_raw(i)) for i in article_ids]
    stored = [(article, raw) for article, raw in pairs if article is not None and raw is not None]
    outcomes = analyze_with_templates(
        [raw for _, raw in stored], templates, analysis or default_analysis()
    )
    if anchor:
        for result, _ in outcomes:
            if isinstance(result, Article):
                anchor_dates(store, result)
    changed = [
        result
        for (article, _), (result, _) in zip(stored, outcomes, strict=True)
        if isinstance(result, Article) and result.to_dict() != article.to_dict()
    ]
    store.replace_analysis(changed, refeature=refeature)
    refused = [result for result, _ in outcomes if isinstance(result, InputRejected)]
    return Reanalysis(len(stored), len(changed), refused)


@dataclass(slots=True)
class _Batch:
    """A batch of inputs whose new or changed documents are being analysed."""

    keyed: list[tuple[RawDocument | InputRejected, str]]
    stored: dict[str, str]
    analysing: _Analysing


def _start_batch(
    batch: list[RawDocument | InputRejected],
    store: Store,
    templates: Templates,
    analysis: Analysis,
    ahead: Executor | None,
) -> _Batch:
    """Identify a batch's inputs and start analysing those not stored with the same content."""
    keyed = [_identified(item) for item in batch]
    stored = store.stored_hashes([key for item, key in keyed if isinstance(item, RawDocument)])
    fresh = [
        item
        for item, key in keyed
        if isinstance(item, RawDocument) and stored.get(key) != item.content_hash
    ]
    return _Batch(keyed, stored, _start_analysis(fresh, templates, analysis, ahead))


def _write_batch(
    batch: _Batch,
    store: Store,
    report: IngestReport,
    templates: Templates,
    analysis: Analysis,
    on_item: Callable[[InputRejected | Skipped | None], None] | None,
) -> list[Article]:
    """Write a batch's analysed articles and refusals; returns the articles added, as stored
    (an article given twice in a batch is stored as given last)."""
    analysed = iter(_finish_analysis(batch.analysing, templates, analysis))
    articles: list[tuple[Article, RawDocument]] = []
    rejects: list[InputRejected] = []
    unchanged: list[str] = []
    evidence: dict[str, list[LineEvidence]] = {}
    results: list[Article | InputRejected | None] = []
    for item, key in batch.keyed:
        result: Article | InputRejected | None = None
        if isinstance(item, InputRejected):
            result = item
        elif batch.stored.get(key) == item.content_hash:
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
    templates.refresh()  # the batch just written changed the statistics
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
    added = []
    stored: dict[str, Article] = {}  # each id's version as stored: the last one written
    for (article, _), outcome in zip(articles, outcomes, strict=True):
        if isinstance(outcome, InputRejected):
            continue
        setattr(report, outcome, getattr(report, outcome) + 1)
        if outcome == "updated":
            report.changed.append(article.id)
        elif outcome == "added":
            added.append(article)
        if outcome != "unchanged":
            stored[article.id] = article
    report.unchanged += len(unchanged)
    return [stored[article.id] for article in added]


def _identified(item: RawDocument | InputRejected) -> tuple[RawDocument | InputRejected, str]:
    """The input with its article id; an input that cannot be identified is refused."""
    if isinstance(item, InputRejected):
        return item, ""
    try:
        return item, article_id(item)
    except Exception as exc:  # hostile metadata: this input's fault alone
        log.debug("cannot identify %s", item.origin, exc_info=True)
        return InputRejected(item.origin, f"cannot be identified ({type(exc).__name__})"), ""
