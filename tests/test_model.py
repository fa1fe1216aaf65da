"""Article ids, URL identity and the article contract."""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warta.analyze import analyze
from warta.errors import FilterError
from warta.model import ARTICLE_CONTRACT_KEYS, Article, RawDocument, article_id, normalize_url
from warta.records import ArticleQuery, EntityQuery, QuoteQuery, SearchQuery, StoryQuery
from warta.run.analysis_worker import analysed


def test_same_url_in_other_spellings_is_the_same_article() -> None:
    forms = [
        "https://www.medcom.id/internasional/dunia/abc?utm_source=fb#komentar",
        "HTTP://medcom.id/internasional/dunia/abc/",
        "https://medcom.id/internasional/dunia/abc?fbclid=123",
    ]
    assert {normalize_url(form) for form in forms} == {"https://medcom.id/internasional/dunia/abc"}


def test_meaningful_query_parameters_are_kept() -> None:
    assert normalize_url("https://x.id/read?id=5&page=2") != normalize_url("https://x.id/read?id=6")


def test_id_from_url_ignores_text_changes_and_from_text_otherwise() -> None:
    one = RawDocument(origin="a", format="text", text="Versi satu.", url="https://x.id/a")
    two = RawDocument(origin="b", format="text", text="Versi dua.", url="https://x.id/a/")
    assert article_id(one) == article_id(two)
    assert one.content_hash != two.content_hash
    bare = RawDocument(origin="a", format="text", text="Teks  sama.\n")
    spaced = RawDocument(origin="b", format="text", text="Teks sama.")
    assert article_id(bare) == article_id(spaced)
    given_id = RawDocument(origin="a", format="jsonl", text="x", id="kompas-123")
    assert article_id(given_id) == "kompas-123"


def test_contract_has_every_key_and_round_trips() -> None:
    article = analyze(
        RawDocument(
            origin="t",
            format="text",
            text="Judul Yang Cukup Panjang Sekali\nParagraf pertama.\nParagraf kedua.",
        )
    )
    data = article.to_dict()
    assert set(ARTICLE_CONTRACT_KEYS) <= set(data)
    assert Article.from_dict(data) == article


def test_an_article_a_worker_sends_arrives_whole() -> None:
    raw = RawDocument(
        origin="t",
        format="text",
        text=(
            "Jokowi Tinjau Banjir di Semarang\n"
            'SEMARANG, Senin (1/5) - "Kami kirim bantuan hari ini," kata Presiden Joko Widodo '
            "di Semarang, Jawa Tengah, pada 30 April 2017."
        ),
        url="https://example.com/banjir",
        published="2017-05-01T10:00:00+07:00",
    )
    article = analysed(raw)
    assert isinstance(article, Article) and article.entities and article.quotes
    assert article.dates and article.words is not None
    sent = pickle.loads(pickle.dumps(article, protocol=pickle.HIGHEST_PROTOCOL))
    for name in Article.__slots__:
        if name != "words":
            assert getattr(sent, name) == getattr(article, name), name
    assert sent.words is not None
    for name in type(article.words).__slots__:
        if name != "signature":
            assert getattr(sent.words, name) == getattr(article.words, name), name
    assert (sent.words.signature == article.words.signature).all()
    assert pickle.loads(pickle.dumps(raw)) == raw
    # the analysis's working inputs stay with the worker
    assert article.input_lines == () and article.template_keys == frozenset()


@given(st.text(min_size=1), st.text())
def test_ids_are_stable_hex(text: str, url: str) -> None:
    raw = RawDocument(origin="h", format="text", text=text, url=url or None)
    first = article_id(raw)
    assert first == article_id(raw)
    assert len(first) == 16
    assert all(char in "0123456789abcdef" for char in first)


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: ArticleQuery(since="kemarin"), "since"),
        (lambda: ArticleQuery(order="sideways"), "order"),  # type: ignore[arg-type]
        (lambda: StoryQuery(until="2021-02-30"), "until"),
        (lambda: StoryQuery(order="oldest"), "order"),  # type: ignore[arg-type]
        (lambda: EntityQuery(type="planet"), "type"),
        (lambda: EntityQuery(limit=-1), "limit"),
        (lambda: QuoteQuery(kind="shouted"), "kind"),
        (lambda: QuoteQuery(offset=-3), "offset"),
        (lambda: SearchQuery("banjir", limit=0), "limit"),
    ],
)
def test_query_types_refuse_filters_that_cannot_be(make: Any, field: str) -> None:
    # One check for the CLI, the API and the pages: each names the filter its own way.
    with pytest.raises(FilterError) as refused:
        make()
    assert refused.value.field == field
    named = refused.value.named("--")
    assert ("--" + field in named) if refused.value.leads else (field in named)


def test_query_types_take_what_listings_take() -> None:
    assert EntityQuery(type="person").type == "person"  # any case: the store uppercases it
    assert QuoteQuery(kind="direct", since="2021-12-01", until="2021-12-31T23:59:59+07:00")
    assert SearchQuery("banjir", limit=1, offset=0).limit == 1
