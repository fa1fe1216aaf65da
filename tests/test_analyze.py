"""The per-article pipeline and the metadata it reads so far."""

from __future__ import annotations

import pytest

from tests.conftest import EXAMPLE_SAMPLES, SAMPLE_TITLES
from warta.analyze import analyze, start_article
from warta.analyze.metadata import find_title, outlet_from_url
from warta.analyze.pipeline import STAGES, Stage, check_order, run_stages
from warta.analyze.text import normalize_text, paragraphs
from warta.errors import AnalysisError
from warta.ingest import read_inputs
from warta.model import Article, RawDocument
from warta.timestamps import parse_timestamp, to_utc

#: Each sample's headline, by file name (test_cli checks SAMPLE_TITLES against the gold file).
TITLES = dict(
    zip(sorted(p.name for p in EXAMPLE_SAMPLES.glob("*.txt")), SAMPLE_TITLES, strict=True)
)


def test_registered_stages_are_in_a_valid_order() -> None:
    check_order(STAGES)
    assert [s.name for s in STAGES][:3] == ["title", "published", "outlet"]


def test_a_stage_reading_an_unfilled_field_is_caught() -> None:
    def reads_quotes(article: Article) -> Article:
        return article

    with pytest.raises(ValueError, match="requires"):
        check_order([Stage("q", reads_quotes, requires=("quotes",), assigns=())])


def test_a_failing_stage_becomes_an_analysis_error_naming_it() -> None:
    def broken(article: Article) -> Article:
        raise KeyError("boom")

    def wrong_type(article: Article) -> Article:
        return None  # type: ignore[return-value]

    article = start_article(RawDocument(origin="t", format="text", text="Satu dua tiga."))
    with pytest.raises(AnalysisError, match="'broken'"):
        run_stages(article, [Stage("broken", broken, (), ())])
    with pytest.raises(AnalysisError, match="not Article"):
        run_stages(article, [Stage("wrong", wrong_type, (), ())])


@pytest.mark.parametrize("name", sorted(TITLES))
def test_sample_headlines_are_found(name: str) -> None:
    (raw,) = read_inputs([str(EXAMPLE_SAMPLES / name)])
    assert isinstance(raw, RawDocument)
    article = analyze(raw)
    assert article.title == TITLES[name]
    assert TITLES[name] not in article.body


def test_title_is_not_a_repeated_caption_nor_an_app_prompt() -> None:
    lines = [
        "Portal.co Dapatkan aplikasi di Play Store",
        "Warga Menonton Banjir di Kampung Melayu. (Antara / Aditya)",
        "Warga Menonton Banjir di Kampung Melayu. (Antara / Aditya)",
        "Banjir Rendam Ribuan Rumah di Jakarta Timur",
        "JAKARTA - Banjir merendam ribuan rumah warga di Jakarta Timur pada Senin pagi.",
    ]
    assert find_title(lines) == 3


def test_a_date_line_is_not_the_headline() -> None:
    lines = [
        "Banjir Bandang Terjang Garut, Ratusan Rumah Rusak",
        "Selasa, 6 Desember 2022 19:20 WIB",
        "Garut (ANTARA) - Banjir bandang melanda Kabupaten Garut, Jawa Barat.",
    ]
    assert find_title(lines) == 0
    assert find_title(lines[1:]) is None


def test_no_title_when_nothing_looks_like_one() -> None:
    assert find_title(["ini hanya kalimat biasa tanpa judul sama sekali."]) is None


def test_given_title_wins_and_leaves_the_body() -> None:
    raw = RawDocument(
        origin="t", format="jsonl", text="Judul Diberikan\nIsi berita.", title="Judul Diberikan"
    )
    article = analyze(raw)
    assert (article.title, article.body) == ("Judul Diberikan", ["Isi berita."])


def test_normalisation() -> None:
    assert normalize_text("a\u00a0 b\u200b\r\nc\td") == "a b\nc d"
    assert paragraphs("  satu \n\n\n dua\r\n") == ["satu", "dua"]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2021-12-07T21:39:00+07:00", "2021-12-07T21:39:00+07:00"),
        ("2021-12-07T14:39:00Z", "2021-12-07T14:39:00+00:00"),
        ("2021-12-07 21:39", "2021-12-07T21:39:00+07:00"),
        ("2021-12-07", "2021-12-07"),
        ("Tue, 07 Dec 2021 14:39:00 GMT", "2021-12-07T14:39:00+00:00"),
        ("Selasa, 07 Desember 2021", None),
        ("2021-13-45", None),
    ],
)
def test_parse_timestamp(given: str, expected: str | None) -> None:
    assert parse_timestamp(given) == expected


def test_published_orders_in_utc() -> None:
    assert to_utc("2021-12-07T21:39:00+07:00") == "2021-12-07T14:39:00+00:00"
    assert to_utc("2021-12-07") == "2021-12-06T17:00:00+00:00"
    assert to_utc("kemarin") is None


def test_outlet_from_url() -> None:
    assert outlet_from_url("https://www.medcom.id/internasional/a") == "medcom.id"
    assert outlet_from_url("https://m.detik.com/news/b") == "detik.com"
    assert outlet_from_url("not a url") is None
