"""Wires: the agencies and outlets an article relays, read from its citations. The sentences
are IndoSum's (the 2,146 articles of tests/fixtures/grouping-dev), where the names after a
citing verb were also people, places, fragments and organisations' own sites."""

from __future__ import annotations

import pytest

from warta.analyze import analyze
from warta.analyze.provenance import cited_sources
from warta.lang.id.news_outlets import count_wires, wire_key
from warta.model import RawDocument
from warta.present.outlets import story_coverage
from warta.records import StoryArticle, StoryDetail, StorySummary


@pytest.mark.parametrize(
    "sentence",
    [
        # reported (to the police) by two people
        "Polisi masih memproses dua kasus yang melibatkan Wakil Gubernur DKI Sandiaga Uno yang"
        " dilaporkan oleh Fransiska Kumalawati Susilo dan Arnol Sinaga terkait dugaan pemalsuan.",
        # released in a country, broadcast by a country's television
        "Hanya saja, karya Charles tersebut belum tentu dirilis di Indonesia.",
        "Netflix mengadaptasi miniseri berjudul sama yang pernah disiarkan stasiun televisi"
        " Inggris.",
        # an organisation's own site, a government body's report, a club's complaint
        '"Kami harus lebih siap," ujar Richard seperti dikutip dari situs resmi PP PBSI.',
        "Seperti dilansir dari laman resmi Kemenag, Direktur Urusan Agama Islam hadir.",
        "Menurut laporan BMKG, di daerah-daerah tersebut guncangan terasa lemah.",
        "Wasit yang dilaporkan Persija tersebut bertugas memimpin laga pekan lalu.",
    ],
)
def test_people_places_and_official_sites_are_no_wires(sentence: str) -> None:
    assert cited_sources([sentence]) == []


@pytest.mark.parametrize(
    ("sentence", "wire"),
    [
        (
            '"Saya tak ingin lebih tua," kata Kylie kepada The Sunday Times Style seperti dikutip'
            " E! News.",
            "E! News",
        ),
        (
            '"Ini adalah pemandangan yang menyedihkan," kata Satyendra seperti dilansir dari'
            " Al - Jazeera.",
            "Al Jazeera",
        ),
        ("Dikutip dari laman Times of India, segera setelah diluncurkan fitur itu dipakai.",
         "Times of India"),
        ('"Pesawat dinaiki 60 penumpang," tutur Kooviland seperti dikutip News.com.au.',
         "News.com.au"),
    ],
)  # fmt: skip
def test_a_name_is_read_whole_past_its_punctuation(sentence: str, wire: str) -> None:
    assert cited_sources([sentence]) == [wire]


def test_the_agency_beside_its_country_is_the_wire() -> None:
    sentence = (
        '"Amerika akan membayar harga yang pantas," kata juru bicara dalam satu pernyataan yang'
        " disiarkan oleh kantor berita pemerintah Korea Utara, KCNA."
    )
    assert cited_sources([sentence]) == ["KCNA"]
    # the same article (1505169310, antaranews) relays Reuters too
    reuters = (
        "Beberapa ahli mengatakan Pyongyang telah mengembangkan bom hidrogen atau mendekati"
        " pengembangan bom jenis itu menurut warta kantor berita Reuters."
    )
    assert cited_sources([sentence, reuters]) == ["KCNA", "Reuters"]
    assert cited_sources(["kata dia seperti dikutip kantor berita Korea Selatan, Yonhap."]) == [
        "Yonhap"
    ]


def test_a_wire_reporting_is_relayed_and_anyone_else_reporting_is_not() -> None:
    paragraphs = [
        "KCNA mewartakan pada Minggu bahwa Kim menyelenggarakan perjamuan untuk para ilmuwan.",
        "Polisi melaporkan tiga orang luka dalam kecelakaan itu.",
        "Pada Senin Reuters melaporkan bahwa perundingan ditunda.",
        "The New York Times memberitakan bahwa Gedung Putih menolak berkomentar.",
    ]
    assert cited_sources(paragraphs) == ["KCNA", "Reuters", "The New York Times"]


def test_spellings_of_one_wire_are_one() -> None:
    assert cited_sources(["- Dilansir Reuter, PBB melaporkan Jumat kemarin jika warga."]) == [
        "Reuters"
    ]
    paragraphs = [
        "Dikutip dari Tribratanews, KNR ditangkap polisi di rumahnya.",
        "kata Kapolsek Pesantren, Kompol Sucipto dikutip dari laman Tribratanews Polri, kemarin.",
        "Dikutip dari Tribrata News hari ini, dalam operasi yang digelar polisi.",
        "Dikutip dari TribratanewsPolri, Kasubag Humas Polres Trenggalek menjelaskan.",
    ]
    assert cited_sources(paragraphs) == ["Tribratanews"]
    assert wire_key("The Straits Times") == wire_key("StraitsTimes.com") == "straitstimes"


def test_agencies_and_outlets_are_kept() -> None:
    paragraphs = [
        "kata Peskov, seperti dikutip dari kantor berita TASS, Senin (6/12/2021).",
        '"Penjualan menurun," kata seorang petinggi pabrikan itu, seperti dilaporkan Yonhap News,'
        " Selasa (25/10/2016).",
        "kata Prasetyo Boeditjahjono seperti dilansir dari Antara, Kamis (19/1).",
        '"Saya mencoba tenang sejak awal," terang Marquez seperti dikutip dari Crash.',
        # not listed, but copied ("dikutip dari") and not a person, place or other organisation
        "Dikutip dari Geek Culture, salon ini memang benar bertempat di sana.",
        # named a newspaper by the text
        "Hal itu diberitakan ulang, menurut laporan harian Kedaulatan Rakyat, Senin.",
    ]
    assert cited_sources(paragraphs) == [
        "TASS", "Yonhap", "Antara", "Crash.net", "Geek Culture", "Kedaulatan Rakyat",
    ]  # fmt: skip


def test_an_outlet_relays_whom_it_quotes_not_itself() -> None:
    text = (
        "Maverick Vinales bertekad tampil lebih baik pada seri berikutnya di Valencia pekan ini."
        ' "Saya tidak akan mengulang kesalahan yang sama," kata Vinales seperti dikutip'
        " JUARA.net dari Tuttomotoriweb, Kamis (2/11/2017)."
    )
    article = analyze(RawDocument(origin="t", format="jsonl", text=text, outlet="juara.net"))
    assert article.cited_sources == ["Tuttomotoriweb"]


def test_counts_merge_the_spellings_of_articles_stored_before() -> None:
    counted = count_wires([["Reuter"], ["Reuters", "Reuter"], ["Ace Showbiz"], ["AceShowbiz"]])
    assert counted == {"Reuters": 2, "AceShowbiz": 2}
    # not listed: shown as most articles spell it
    assert count_wires([["Rocket News 24"], ["RocketNews24"], ["Rocket News 24"]]) == {
        "Rocket News 24": 3
    }
    story = StoryDetail(
        summary=StorySummary(1, "Gempa", None, None, 2, 1),
        articles=[
            StoryArticle("a", None, "x.example", "2024-03-05T01:00:00+00:00", None, None, False),
            StoryArticle("b", None, "x.example", "2024-03-05T02:00:00+00:00", None, None, False),
        ],
        events=[],
        duplicates=[],
    )
    rows = story_coverage(story, {"a": ["Antaranews"], "b": ["Antara"]})
    assert rows[0]["wires"] == [{"wire": "Antara", "articles": 2}]
