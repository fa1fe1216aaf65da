"""The per-article pipeline and the metadata it reads so far."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter

import pytest

from tests.conftest import EXAMPLE_SAMPLES, REPO, SAMPLE_TITLES
from warta.analyze import analyze, analyze_many, start_article
from warta.analyze.metadata import find_title, is_furniture_line, outlet_from_url
from warta.analyze.pipeline import STAGES, Stage, check_order, run_stages
from warta.analyze.text import normalize_text
from warta.analyze.tokenised import read_text
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


def _sample_raws() -> list[RawDocument]:
    raws = [r for r in read_inputs([str(EXAMPLE_SAMPLES)]) if isinstance(r, RawDocument)]
    assert len(raws) == 5
    return raws


def test_articles_analysed_together_are_those_analysed_alone() -> None:
    """analyze_many tags the articles' sentences in one call; the articles are the same, in
    any grouping, the same body twice included."""
    raws = _sample_raws()
    alone = [analyze(raw).to_dict() for raw in raws]
    together = analyze_many([*raws, raws[0]])
    assert all(isinstance(a, Article) for a in together)
    assert [a.to_dict() for a in together if isinstance(a, Article)] == [*alone, alone[0]]
    assert [a.to_dict() for a in analyze_many(raws[::-1]) if isinstance(a, Article)] == alone[::-1]


def test_a_fault_in_one_article_of_a_group_refuses_that_article_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A bug the tagger meets on one article's text fails the group's tagging; each article
    then tags its own sentences, and only the one at fault is refused."""
    from warta.lang.id.ner.tagger import Tagger

    raws = _sample_raws()
    alone = [analyze(raw).to_dict() for raw in raws]
    tag_many = Tagger.tag_many
    calls = []

    def faulty(self: Tagger, sentences: list[list[str]]) -> list[list[str]]:
        calls.append(len(sentences))
        if any("Anadolu" in sentence for sentence in sentences):  # in one sample only
            raise IndexError("a bug on this text")
        return tag_many(self, sentences)

    monkeypatch.setattr(Tagger, "tag_many", faulty)
    results = analyze_many(raws)
    refused = [r for r in results if isinstance(r, str)]
    assert len(refused) == 1 and "IndexError" in refused[0] and "entities" in refused[0]
    assert [r.to_dict() for r in results if isinstance(r, Article)] == [
        a for a, r in zip(alone, results, strict=True) if isinstance(r, Article)
    ]
    assert calls[0] > max(calls[1:])  # the group's call, then one per article


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


def test_a_table_of_scores_is_no_headline_but_a_headline_with_a_score_is() -> None:
    lead = (
        "Jakarta, CNN Indonesia -- Berikut hasil pertandingan NBA pada Senin pagi waktu Indonesia."
    )
    table = ["Washington Wizards 91-100 Toronto Raptors", "Sacramento Kings 83-101 Indiana Pacers"]
    assert find_title([*table, lead]) is None
    assert find_title(["Persib Tahan Arema 1-1", lead]) == 0


def test_a_line_below_the_lead_is_a_subheading_not_the_headline() -> None:
    lead = "JAKARTA - Banjir merendam ribuan rumah warga di Jakarta Timur pada Senin pagi kemarin."
    assert find_title([lead, "Warga Mengungsi ke Masjid Terdekat", "Air mulai surut."]) is None


@pytest.mark.parametrize(
    "line",
    [
        "SIMAK JUGA: Klasemen Liga Primer Inggris",
        "[Baca juga: Polisi Berencana Konfrontir Habib Rizieq dan Firza Husein]",
        "Penulis: Rizki Indra Sofa",
        "Sumber: PhoneArena",
        "Selanjutnya: Bisa Jual Banyak, Terkendala Bahan Olahan",
        "1. ANDREA DOVIZIOSO 1:47.394",
        "WD: Greysia Polii/Apriani Rahayu vs Yuki Fukushima/Sayaka Hirota 14-21 21-17 21-13",
        "Tim Cook, CEO Apple (Foto: Reuters)",
    ],
)
def test_page_furniture_is_never_the_headline(line: str) -> None:
    lead = (
        "Jakarta, CNN Indonesia -- Banjir merendam ribuan rumah warga di Jakarta Timur pada Senin."
    )
    assert find_title([line, lead]) is None
    assert find_title(["Banjir Rendam Ribuan Rumah di Jakarta Timur", line, lead]) == 0


@pytest.mark.parametrize(
    ("url", "title"),
    [
        (
            "http://poskotanews.com/2017/12/23/kalahkan-real-madrid-3-0-kini-siapa-yang-bisa-hentikan-barcelona/",
            "Kalahkan Real Madrid 3-0 Kini Siapa yang Bisa Hentikan Barcelona",
        ),
        (
            "https://kumparan.com/kumparannews/kpk-periksa-setya-novanto-1rXyZ7aBcD",
            "KPK Periksa Setya Novanto",
        ),
        (
            "https://news.detik.com/berita/d-3456789/kpk-tahan-setya-novanto",
            "KPK Tahan Setya Novanto",
        ),
        (
            "https://nasional.kompas.com/read/2017/05/01/10000001/kpk-dan-polri-bertemu",
            "KPK dan Polri Bertemu",
        ),
        (
            "https://www.cnnindonesia.com/nasional/20170501123456-12-211111/kpk-tahan-novanto-lagi",
            "KPK Tahan Novanto Lagi",
        ),
        (
            "http://www.juara.net/read/raket/bulu-tangkis/178337-kpk.antar.novanto.ke.final",
            "KPK Antar Novanto ke Final",
        ),
        ("https://www.merdeka.com/peristiwa/kpk-tahan-novanto.html", "KPK Tahan Novanto"),
        # The words the text writes with a hyphen keep it, in the text's case.
        ("https://x.co.id/berita/kpk-usut-kasus-e-ktp-lagi", "KPK Usut Kasus e-KTP Lagi"),
    ],
)
def test_a_title_from_the_url_slug_in_the_case_the_text_writes(url: str, title: str) -> None:
    text = (
        "Komisi Pemberantasan Korupsi (KPK) menahan Setya Novanto dalam kasus e-KTP, kata Polri "
        "kepada wartawan."
    )
    article = analyze(RawDocument(origin="t", format="text", text=text, url=url))
    assert (article.title, article.source["title_from"]) == (title, "url")


def test_without_a_slug_the_first_sentence_is_the_title_cut_at_a_word() -> None:
    text = (
        "JAKARTA - Komisi Pemberantasan Korupsi menahan Setya Novanto di Rumah Tahanan KPK pada "
        "Minggu malam setelah diperiksa sebagai tersangka. Ia dibawa ke rumah tahanan."
    )
    article = analyze(RawDocument(origin="t", format="text", text=text, url="https://x.id/?p=1"))
    assert article.title == (
        "Komisi Pemberantasan Korupsi menahan Setya Novanto di Rumah Tahanan KPK pada Minggu "
        "malam setelah …"
    )
    assert article.source["title_from"] == "first sentence"
    short = analyze(
        RawDocument(origin="t", format="text", text="Harga cabai naik lagi. Warga kesal.")
    )
    assert short.title == "Harga cabai naik lagi"


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
    assert read_text("  satu \n\n\n dua\r\n").paragraphs == ["satu", "dua"]


def test_format_characters_are_dropped_and_offsets_still_map() -> None:
    # A left-to-right mark opening a paragraph, a BOM and a right-to-left mark inside words: the
    # body and each paragraph's map back to the (normalised) input are free of them.
    text = (
        "\u200eJAKARTA - Warga keturunan Tionghoa merayakan Imlek di Wihara Dharma Bhakti pada "
        "hari Jumat.\n\u2060Perayaan itu di\ufeffhadiri ribuan orang dari berbagai daerah di "
        "Jakarta\u200f dan sekitarnya."
    )
    article = analyze(RawDocument(origin="t", format="text", text=text))
    assert article.body[1] == (
        "Perayaan itu dihadiri ribuan orang dari berbagai daerah di Jakarta dan sekitarnya."
    )
    assert not any(unicodedata.category(char) == "Cf" for line in article.body for char in line)
    lines = normalize_text(text).split("\n")
    for paragraph, located in zip(article.body, article.raw_map, strict=True):
        assert located is not None
        assert lines[located.line][located.start :].startswith(paragraph)


def test_every_format_character_is_invisible_to_normalisation() -> None:
    format_characters = "".join(
        chr(code) for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)) == "Cf"
    )
    assert normalize_text(f"a{format_characters}b") == "ab"


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


INDOSUM = REPO.parent / "shared" / "data" / "indosum" / "dev.02.jsonl"
#: The outlets whose datelines open IndoSum's lead paragraphs, written as the corpus writes them.
_DATELINE_DEBRIS = re.compile(
    r"^.{0,50}(?:CNN Indonesia|ANTARA News|Pos Kota|JUARA\.net|Merdeka\.com|Suara\.com|"
    r"Rimanews)\)?\s*(?:--|-|–)\s",
    re.IGNORECASE,
)


@pytest.mark.skipif(not INDOSUM.exists(), reason="../shared/data is not beside this checkout")
def test_every_article_of_a_corpus_without_titles_gets_one_and_no_dateline_in_its_body() -> None:
    titled: Counter[str] = Counter()
    for record in INDOSUM.read_text(encoding="utf-8").splitlines()[:150]:
        row = json.loads(record)
        text = "\n".join(" ".join(" ".join(s) for s in p) for p in row["paragraphs"])
        article = analyze(
            RawDocument(origin=row["id"], format="jsonl", text=text, url=row["source_url"])
        )
        assert article.title and not is_furniture_line(article.title), article.title
        assert article.title not in article.body
        assert not _DATELINE_DEBRIS.match(article.body[0]), article.body[0]
        titled[article.source["title_from"]] += 1
    # Most portals put the headline in the URL; the rest get their first sentence.
    assert titled["url"] >= 120, titled
