"""Warta turns the raw stream of Indonesian online news into stories people can follow.

The Python API offers the same operations as the CLI::

    import warta
    with warta.open_store("warta.db") as store:
        report = warta.ingest(["articles/"], store)
        for article in store.list_articles():
            print(article.title)
        for quote in store.list_quotes(warta.QuoteQuery(speaker="Peskov")):
            print(quote.speaker, quote.text)
        warta.follow(store, ["https://portal.example/"])  # its feeds and sitemaps
        warta.fetch(store)  # poll the due ones, ingest what is new
        story = store.get_story(1)
        products = warta.story_products(store, story)
        for entry in products.timeline.entries:
            print(entry.date, entry.status, entry.text)
"""

__version__ = "0.1.0"

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

#: Where each public name lives; imported when first used, so ``import warta`` (and every CLI
#: command, which imports the package first) loads only what it needs.
_PUBLIC = {
    "Article": "warta.model",
    "ArticleQuery": "warta.records",
    "EntityQuery": "warta.records",
    "IngestReport": "warta.run",
    "QuoteQuery": "warta.records",
    "RawDocument": "warta.model",
    "StoryProducts": "warta.corpus.products",
    "analyze": "warta.analyze",
    "fetch": "warta.run.fetch",
    "follow": "warta.run.fetch",
    "ingest": "warta.run",
    "open_store": "warta.store",
    "read_inputs": "warta.ingest",
    "story_products": "warta.corpus.products",
}

__all__ = [
    "Article",
    "ArticleQuery",
    "EntityQuery",
    "IngestReport",
    "QuoteQuery",
    "RawDocument",
    "StoryProducts",
    "__version__",
    "analyze",
    "fetch",
    "follow",
    "ingest",
    "open_store",
    "read_inputs",
    "story_products",
]


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'warta' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


class _Package(ModuleType):
    """The package, whose ``analyze`` and ``ingest`` are functions: importing the subpackages
    of the same names (which Python records on their parent) does not replace them."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _PUBLIC and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


if TYPE_CHECKING:
    from warta.analyze import analyze
    from warta.corpus.products import StoryProducts, story_products
    from warta.ingest import read_inputs
    from warta.model import Article, RawDocument
    from warta.records import ArticleQuery, EntityQuery, QuoteQuery
    from warta.run import IngestReport, ingest
    from warta.run.fetch import fetch, follow
    from warta.store import open_store
