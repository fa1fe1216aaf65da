"""Per-article analysis: a raw document in, an :class:`Article` out. Pure and parallel-safe."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import partial
from importlib import import_module

from warta.analyze.pipeline import STAGES, Stage, run_stages, stage
from warta.analyze.tokenised import read_text
from warta.errors import AnalysisError
from warta.model import Article, RawDocument, article_id

log = logging.getLogger(__name__)

#: Importing a stage module registers its stages; this order is the order they run in:
#: title, published and outlet from the input; cleaning; what the text says of its origin; a
#: title derived for an article that has none; then the people, organisations and places it
#: names; who said what; the dates it mentions; last, the map from the body back to the input.
STAGE_MODULES = (
    "metadata", "clean", "provenance", "headline", "entities", "quotes", "dates", "source_map",
)  # fmt: skip
for _module in STAGE_MODULES:
    import_module(f"warta.analyze.{_module}")


def start_article(raw: RawDocument) -> Article:
    """The article before any stage: the input's own fields, every line a body paragraph.

    Tokenised input (research corpora) is closed up here, so every stage reads ordinary text;
    ``source["text_form"]`` says so, and ``input_lines`` keep the way back to the input.
    """
    text = read_text(raw.text)
    source = {"origin": raw.origin, "format": raw.format, "encoding": raw.encoding}
    if text.form != "plain":
        source["text_form"] = text.form
    return Article(
        id=article_id(raw),
        url=raw.url,
        outlet=raw.outlet,
        title=text.close_up(raw.title) if raw.title else None,
        published=raw.published,
        author=raw.author,
        body=text.paragraphs,
        source=source,
        content_hash=raw.content_hash,
        template_keys=raw.template_keys,
        input_lines=text.lines,
    )


def analyze(raw: RawDocument) -> Article:
    """Analyse one raw document.

    Raises:
        AnalysisError: a stage failed on this document.
    """
    return run_stages(start_article(raw))


def analyze_or_reason(raw: RawDocument) -> Article | str:
    """The article, or the reason the input is refused: whatever goes wrong analysing one input
    is that input's failure, never the batch's (a bug on hostile text included)."""
    return _or_reason(raw.origin, lambda: analyze(raw))


def analyze_many(raws: Sequence[RawDocument]) -> list[Article | str]:
    """:func:`analyze_or_reason` of each raw document, the same articles, for less: the stages
    before the named entities run article by article, then the sentences of all the articles
    are tagged together (:func:`warta.analyze.entities.tagged_together`: the tagger costs per
    call as much as per token), then the other stages run article by article."""
    from warta.analyze.entities import tagged_together  # noqa: PLC0415  (registered above)

    split = next(i for i, registered in enumerate(STAGES) if registered.name == "entities")
    before, after = STAGES[:split], STAGES[split:]
    started = [_or_reason(raw.origin, partial(_started, raw, before)) for raw in raws]
    with tagged_together([article.body for article in started if isinstance(article, Article)]):
        return [
            article
            if isinstance(article, str)
            else _or_reason(raw.origin, partial(run_stages, article, after))
            for raw, article in zip(raws, started, strict=True)
        ]


def _started(raw: RawDocument, stages: list[Stage]) -> Article:
    return run_stages(start_article(raw), stages)


def _or_reason(origin: str, analysis: Callable[[], Article]) -> Article | str:
    try:
        return analysis()
    except AnalysisError as exc:
        return f"analysis failed: {exc}"
    except MemoryError:
        return "analysis ran out of memory: the input is too big to be one article"
    except RecursionError:
        return "analysis failed: the text is nested too deeply"
    except Exception as exc:
        log.debug("analysis of %s failed", origin, exc_info=True)
        return f"analysis failed ({type(exc).__name__}: {exc})"


__all__ = [
    "STAGES",
    "analyze",
    "analyze_many",
    "analyze_or_reason",
    "run_stages",
    "stage",
    "start_article",
]
