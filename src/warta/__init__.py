"""Warta turns the raw stream of Indonesian online news into stories people can follow.

The Python API offers the same operations as the CLI::

    import warta
    with warta.open_store("warta.db") as store:
        report = warta.ingest(["articles/"], store)
        for article in store.list_articles():
            print(article.title)
        for quote in store.list_quotes(warta.QuoteQuery(speaker="Peskov")):
            print(quote.speaker, quote.text)
        story = store.get_story(1)
        products = warta.story_products(store, story)
        for entry in products.timeline.entries:
            print(entry.date, entry.status, entry.text)
"""

__version__ = "0.1.0"

from warta.analyze import analyze
from warta.corpus.products import StoryProducts, story_products
from warta.ingest import read_inputs
from warta.model import Article, RawDocument
from warta.run import IngestReport, ingest
from warta.store import ArticleQuery, open_store
from warta.store.entities import EntityQuery
from warta.store.quotes import QuoteQuery

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
    "ingest",
    "open_store",
    "read_inputs",
    "story_products",
]
