"""Article ids, URL identity and the article contract."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from warta.analyze import analyze
from warta.model import ARTICLE_CONTRACT_KEYS, Article, RawDocument, article_id, normalize_url


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


@given(st.text(min_size=1), st.text())
def test_ids_are_stable_hex(text: str, url: str) -> None:
    raw = RawDocument(origin="h", format="text", text=text, url=url or None)
    first = article_id(raw)
    assert first == article_id(raw)
    assert len(first) == 16
    assert all(char in "0123456789abcdef" for char in first)
