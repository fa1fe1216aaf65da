"""An article's words as the search index and story clustering read them, computed once.

Stemming every word, cutting the body into shingles and taking their MinHash signature need
nothing but the article, and they are most of what indexing and clustering cost per article.
The process that analyses an article computes them (:func:`article_words`, kept on
``Article.words``), so with several analysis workers they run in parallel, and the process that
writes and clusters only reads them. An article read back from the store has no words kept:
:func:`words_of` computes them then.
"""

from __future__ import annotations

from collections.abc import Sequence

from warta.corpus import dedupe
from warta.corpus.background import name_words
from warta.corpus.entities import name_key
from warta.lang.id import stems
from warta.lang.id.stems import content_stems, fresh_stems, search_text, stem
from warta.model import Article, ArticleWords


def search_forms(title: str | None, body: Sequence[str]) -> tuple[str, tuple[tuple[str, ...], ...]]:
    """The title's search forms (space-separated) and each paragraph's, as the index holds them."""
    paragraphs = tuple(tuple(stems.search_forms(text)) for text in body)
    return search_text(title or ""), paragraphs


def article_words(article: Article) -> ArticleWords:
    """Compute an article's :class:`ArticleWords` from its title and body."""
    search_title, search_body = search_forms(article.title, article.body)
    parts = dedupe.shingles(article.body)
    return ArticleWords(
        search_title=search_title,
        search_body=search_body,
        title_stems=tuple(content_stems(article.title or "")),
        body_stems=tuple(tuple(content_stems(paragraph)) for paragraph in article.body),
        shingles=len(parts),
        signature=dedupe.signature(parts),
        name_stems=tuple((word, stem(word)) for word in _name_words(article)),
        new_stems=fresh_stems(),  # last: the stems above are among them
    )


def _name_words(article: Article) -> list[str]:
    """The distinct words of the article's entity names, as their corpus keys write them."""
    names = {name for m in article.entities for name in (m.text, m.canonical) if name}
    return sorted({word for name in names for word in name_words(name_key(name))})


def words_of(article: Article) -> ArticleWords:
    """The article's words: those its analysis kept, else computed now."""
    return article.words if article.words is not None else article_words(article)
