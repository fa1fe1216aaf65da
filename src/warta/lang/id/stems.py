"""Content words of Indonesian text, reduced to their stems.

Two articles about the same development seldom share sentences, but they share what the
development is about: "perundingan", "berunding" and "dirundingkan" are all "runding". The stems
come from Sastrawi (Nazief-Adriani with a root-word dictionary, MIT licence); what is not content
(function words, reporting verbs, calendar words, numbers) is left out before stemming.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from Sastrawi.Stemmer.Stemmer import Stemmer
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

#: Words that say nothing about what an article is about: function words, reporting verbs, the
#: calendar and the newsroom's own vocabulary. Matched on the casefolded word and on its stem.
STOPWORDS = frozenset(
    [
        "ada",
        "adalah",
        "adanya",
        "agar",
        "akan",
        "akhirnya",
        "aku",
        "amat",
        "antara",
        "apa",
        "apabila",
        "apakah",
        "atas",
        "atau",
        "bagai",
        "bagi",
        "bahkan",
        "bahwa",
        "banyak",
        "baru",
        "beberapa",
        "begitu",
        "belum",
        "berada",
        "bersama",
        "besar",
        "biasa",
        "bila",
        "bisa",
        "boleh",
        "bukan",
        "cukup",
        "dalam",
        "dan",
        "dapat",
        "dari",
        "demikian",
        "dengan",
        "di",
        "dia",
        "diri",
        "dua",
        "hal",
        "hanya",
        "hari",
        "harus",
        "hingga",
        "ia",
        "ialah",
        "ini",
        "itu",
        "jadi",
        "jika",
        "juga",
        "justru",
        "kalau",
        "kali",
        "kami",
        "kamu",
        "kan",
        "karena",
        "ke",
        "kemudian",
        "kepada",
        "kini",
        "kita",
        "lagi",
        "lain",
        "lalu",
        "lebih",
        "maka",
        "mana",
        "masih",
        "mau",
        "melalui",
        "memang",
        "menjadi",
        "mereka",
        "meski",
        "misalnya",
        "mulai",
        "namun",
        "nanti",
        "oleh",
        "pada",
        "para",
        "per",
        "perlu",
        "pula",
        "pun",
        "saat",
        "saja",
        "salah",
        "sama",
        "sampai",
        "sangat",
        "satu",
        "saya",
        "se",
        "sebagai",
        "sebelum",
        "sebuah",
        "secara",
        "sedang",
        "sejak",
        "sekarang",
        "sekitar",
        "selain",
        "selama",
        "semua",
        "sementara",
        "sendiri",
        "seperti",
        "serta",
        "sesuai",
        "setelah",
        "sudah",
        "supaya",
        "tak",
        "tanpa",
        "tapi",
        "telah",
        "tengah",
        "tentang",
        "terhadap",
        "tersebut",
        "tetap",
        "tetapi",
        "tidak",
        "tiga",
        "untuk",
        "yaitu",
        "yakni",
        "yang",
        "kata",
        "ujar",
        "tutur",
        "ucap",
        "imbuh",
        "tambah",
        "lanjut",
        "ungkap",
        "jelas",
        "tegas",
        "sebut",
        "nilai",
        "aku",
        "kato",
        "bilang",
        "mengatakan",
        "menyatakan",
        "menjelaskan",
        "menambahkan",
        "menegaskan",
        "mengungkapkan",
        "menyebutkan",
        "dikatakan",
        "disampaikan",
        "menurut",
        "menurutnya",
        "katanya",
        "ujarnya",
        "tuturnya",
        "jelasnya",
        "tambahnya",
        "senin",
        "selasa",
        "rabu",
        "kamis",
        "jumat",
        "sabtu",
        "minggu",
        "pekan",
        "bulan",
        "tahun",
        "tanggal",
        "pukul",
        "wib",
        "wita",
        "wit",
        "januari",
        "februari",
        "maret",
        "april",
        "mei",
        "juni",
        "juli",
        "agustus",
        "september",
        "oktober",
        "november",
        "desember",
        "kemarin",
        "besok",
        "lusa",
        "pagi",
        "siang",
        "sore",
        "malam",
        "kamis",
        "jumat",
        "jakarta",
        "com",
        "co",
        "id",
        "www",
        "baca",
        "juga",
        "lihat",
        "foto",
        "video",
        "berita",
        "artikel",
        "redaksi",
        "editor",
        "reporter",
        "halaman",
        "selengkapnya",
        "dilansir",
        "dikutip",
        "laman",
        "keterangan",
        "sumber",
        "via",
        "antara",
        "kompas",
        "detik",
        "orang",
        "banyak",
        "sejumlah",
        "berbagai",
        "pihak",
        "terkait",
        "kembali",
        "langsung",
        "hanya",
        "sekitar",
        "hampir",
        "yaitu",
        "nya",
        "lah",
        "kah",
        "pun",
        "tsb",
        "dll",
        "dsb",
    ]
)

_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?")
_MIN_LENGTH = 3


class _RootWords:
    """Sastrawi's root-word dictionary as a set (its own looks words up in a list, which makes
    stemming a word take tens of milliseconds)."""

    def __init__(self, words: list[str]) -> None:
        self.words = frozenset(word for word in words if word.strip())

    def contains(self, word: str) -> bool:
        return word in self.words


@lru_cache(maxsize=1)
def _stemmer() -> object:
    return Stemmer(_RootWords(StemmerFactory().get_words()))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The stem of one casefolded word ("pembicaraan" -> "bicara"); a hyphenated word keeps its
    parts' stems ("kerja-sama" -> "kerja-sama")."""
    stemmer = _stemmer()
    parts = [stemmer.stem(part) or part for part in word.split("-")]  # type: ignore[attr-defined]
    return "-".join(parts)


def content_stems(text: str) -> Iterator[str]:
    """The stems of the content words of a text, in order (repeats kept)."""
    for match in _WORD.finditer(text):
        word = match.group().casefold().replace("’", "'")
        if len(word) < _MIN_LENGTH or word in STOPWORDS:
            continue
        root = stem(word)
        if len(root) >= _MIN_LENGTH and root not in STOPWORDS:
            yield root


#: A word as full-text search sees it: letters and digits, split at everything else (as SQLite's
#: unicode61 tokenizer splits), so every indexed token is one of these.
SEARCH_WORD = re.compile(r"[^\W_]+")


def search_words(text: str) -> Iterator[tuple[int, int, str]]:
    """Every word of a text with its offsets and the form search matches it by: its stem when
    it is made of letters ("Pembicaraan" -> "bicara"), else the casefolded word ("2022")."""
    for match in SEARCH_WORD.finditer(text):
        word = match.group().casefold()
        yield match.start(), match.end(), stem(word) if word.isalpha() else word


def search_text(text: str) -> str:
    """A text as the search index holds it: the search form of each word, space-separated."""
    return " ".join(form for _, _, form in search_words(text))
