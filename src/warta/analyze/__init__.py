"""Per-article analysis: a raw document in, an :class:`Article` out. Pure and parallel-safe."""

from __future__ import annotations

from importlib import import_module

from warta.analyze.pipeline import STAGES, run_stages, stage
from warta.analyze.text import paragraphs
from warta.model import Article, RawDocument, article_id

#: Importing a stage module registers its stages; this order is the order they run in:
#: title, published and outlet from the input; cleaning; what the text says of its origin; then
#: the people, organisations and places it names; who said what; the dates it mentions.
STAGE_MODULES = ("metadata", "clean", "provenance", "entities", "quotes", "dates")
for _module in STAGE_MODULES:
    import_module(f"warta.analyze.{_module}")


def start_article(raw: RawDocument) -> Article:
    """The article before any stage: the input's own fields, every line a body paragraph."""
    return Article(
        id=article_id(raw),
        url=raw.url,
        outlet=raw.outlet,
        title=" ".join(raw.title.split()) if raw.title else None,
        published=raw.published,
        author=raw.author,
        body=paragraphs(raw.text),
        source={"origin": raw.origin, "format": raw.format, "encoding": raw.encoding},
        content_hash=raw.content_hash,
        template_keys=raw.template_keys,
    )


def analyze(raw: RawDocument) -> Article:
    """Analyse one raw document.

    Raises:
        AnalysisError: a stage failed on this document.
    """
    return run_stages(start_article(raw))


__all__ = ["STAGES", "analyze", "run_stages", "stage", "start_article"]
