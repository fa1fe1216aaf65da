"""The per-article pipeline: an ordered list of stages, each a plain ``Article -> Article``.

A stage declares which article fields it reads (``requires``) and which it fills
(``assigns``); :func:`check_order` verifies that every field a stage reads is filled by the input or
an earlier stage. Stages are pure: same article in, same article out, no store access, which is
what lets the Dask runner distribute them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from warta.errors import AnalysisError
from warta.model import Article

log = logging.getLogger(__name__)

StageFunction = Callable[[Article], Article]

#: Fields :func:`warta.analyze.start_article` fills from the raw document before any stage runs.
INPUT_FIELDS = frozenset({"id", "url", "outlet", "title", "published", "author", "body", "source"})


@dataclass(frozen=True, slots=True)
class Stage:
    """A registered per-article stage."""

    name: str
    function: StageFunction
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


STAGES: list[Stage] = []


def stage(
    name: str, *, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = ()
) -> Callable[[StageFunction], StageFunction]:
    """Register a function as the next stage of the pipeline (order of import = order of run)."""

    def register(function: StageFunction) -> StageFunction:
        if any(existing.name == name for existing in STAGES):
            raise ValueError(f"stage {name!r} is registered twice")
        STAGES.append(Stage(name, function, requires, assigns))
        return function

    return register


def check_order(stages: list[Stage]) -> None:
    """Raise ValueError when a stage reads a field no earlier stage (nor the input) fills."""
    filled = set(INPUT_FIELDS)
    for registered in stages:
        missing = set(registered.requires) - filled
        if missing:
            raise ValueError(f"stage {registered.name!r} requires {sorted(missing)} before it")
        filled.update(registered.assigns)


def run_stages(article: Article, stages: list[Stage] | None = None) -> Article:
    """Run every stage on one article.

    Raises:
        AnalysisError: a stage raised, or returned something that is not an Article; the
            caller sets the article aside with this reason and goes on with the batch.
    """
    for registered in STAGES if stages is None else stages:
        try:
            result = registered.function(article)
        except Exception as exc:
            log.debug("stage %s failed on %s", registered.name, article.id, exc_info=True)
            raise AnalysisError(registered.name, f"{type(exc).__name__}: {exc}") from exc
        if not isinstance(result, Article):
            raise AnalysisError(registered.name, f"returned {type(result).__name__}, not Article")
        article = result
    return article
