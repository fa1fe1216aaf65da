"""Indonesian tokens and sentences: the rules one by one, news paragraphs, and invariants."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from warta.lang.id.sentences import Sentence, split_sentences
from warta.lang.id.tokens import RULES, Token, tokenize


def texts(text: str) -> list[str]:
    """The tokens' texts, after checking that each one's offsets slice it out of ``text``."""
    tokens = tokenize(text)
    for token in tokens:
        assert text[token.start : token.end] == token.text
    return [token.text for token in tokens]


def sentence_texts(text: str) -> list[str]:
    """The sentences' texts, after checking their offsets and that their tokens lie inside."""
    sentences = split_sentences(text)
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        assert all(sentence.start <= t.start and t.end <= sentence.end for t in sentence.tokens)
    return [sentence.text for sentence in sentences]


#: Abbreviations written before names, places and amounts, one after the other.
TITLED = "Jl. No. H. Hj. dr. Dr. Prof. Bpk. Ny. Tn. St. Kab. Kec. Kel. Drs. Ir. Sdr. Rp. Moh."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # words with inner hyphens and apostrophes
        ("tahu-menahu anak-anak", ["tahu-menahu", "anak-anak"]),
        ("kasus Covid-19 naik", ["kasus", "Covid-19", "naik"]),
        ("Jum'at, Qur'an, Jum’at", ["Jum'at", ",", "Qur'an", ",", "Jum’at"]),
        ("pertemuan Putin-Biden.", ["pertemuan", "Putin-Biden", "."]),
        ("ke-2, G20 dan 1990-an", ["ke-2", ",", "G20", "dan", "1990-an"]),
        # numbers with Indonesian separators, times, money, percentages, dates
        ("1,5 dan 57,8", ["1,5", "dan", "57,8"]),
        ("200.000 orang", ["200.000", "orang"]),
        ("Rp 1.250.000,50.", ["Rp", "1.250.000,50", "."]),
        ("pukul 21.39 WIB", ["pukul", "21.39", "WIB"]),
        ("pukul 21:39", ["pukul", "21:39"]),
        ("Rp 1,5 triliun", ["Rp", "1,5", "triliun"]),
        ("Rp1,5 triliun", ["Rp", "1,5", "triliun"]),
        ("Rp. 1.500", ["Rp.", "1.500"]),
        ("naik 57,8%.", ["naik", "57,8", "%", "."]),
        ("pada 7/12/2021.", ["pada", "7/12/2021", "."]),
        ("Selasa (7/12).", ["Selasa", "(", "7/12", ")", "."]),
        ("tahun 2021. Ia", ["tahun", "2021", ".", "Ia"]),
        # abbreviations keep their period
        (TITLED, TITLED.split()),
        ("dll. dsb. dkk. tsb. yth.", ["dll.", "dsb.", "dkk.", "tsb.", "yth."]),
        ("a.n. u.p. s.d.", ["a.n.", "u.p.", "s.d."]),
        ("Budi, S.H., M.H.", ["Budi", ",", "S.H.", ",", "M.H."]),
        ("M.Si. S.Pd. Ph.D. S.Farm.", ["M.Si.", "S.Pd.", "Ph.D.", "S.Farm."]),
        ("dr. Ani, Sp.PD, dan", ["dr.", "Ani", ",", "Sp.PD", ",", "dan"]),
        ("Jl.Sudirman No.5", ["Jl.", "Sudirman", "No.", "5"]),
        # a word before a period is not an abbreviation, even a short one
        ("kata dia. Ia", ["kata", "dia", ".", "Ia"]),
        ("Rusia dan AS.", ["Rusia", "dan", "AS", "."]),
        ("kata dia.Ia di.ia", ["kata", "dia", ".", "Ia", "di", ".", "ia"]),
        ("membeli kol.", ["membeli", "kol", "."]),
        # initials
        ("B. J. Habibie", ["B.", "J.", "Habibie"]),
        ("B.J. Habibie", ["B.J.", "Habibie"]),
        # ellipses
        ("tunggu... ya", ["tunggu", "...", "ya"]),
        ("tunggu… ya", ["tunggu", "…", "ya"]),
        ("tapi...ya", ["tapi", "...", "ya"]),
        # web addresses, handles, hashtags
        (
            "lihat https://kompas.com/read/2021/12/07/abc.html.",
            ["lihat", "https://kompas.com/read/2021/12/07/abc.html", "."],
        ),
        ("(www.medcom.id/berita)", ["(", "www.medcom.id/berita", ")"]),
        ("ke redaksi@kompas.co.id, ya", ["ke", "redaksi@kompas.co.id", ",", "ya"]),
        ("dari Kompas.com.", ["dari", "Kompas.com", "."]),
        ("media sosial medcom.id dan", ["media", "sosial", "medcom.id", "dan"]),
        ("akun @jokowi #PPKMDarurat.", ["akun", "@jokowi", "#PPKMDarurat", "."]),
        # every other punctuation character alone
        ('"Kami siap," kata dia.', ['"', "Kami", "siap", ",", '"', "kata", "dia", "."]),
        (
            "“Ya” ‘tidak’ 'garis merah'",
            ["“", "Ya", "”", "‘", "tidak", "’", "'", "garis", "merah", "'"],
        ),
        ("«a» [b] {c}", ["«", "a", "»", "[", "b", "]", "{", "c", "}"]),
        ("agenda – pertama—kedua: -", ["agenda", "–", "pertama", "—", "kedua", ":", "-"]),
        ("MOSKOW - Presiden", ["MOSKOW", "-", "Presiden"]),
        ("", []),
        (" \n\t ", []),
    ],
)
def test_tokenize(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_token_offsets() -> None:
    assert tokenize("Rp1,5 (7/12).") == [
        Token("Rp", 0, 2),
        Token("1,5", 2, 5),
        Token("(", 6, 7),
        Token("7/12", 7, 11),
        Token(")", 11, 12),
        Token(".", 12, 13),
    ]


def test_tokenize_span_has_offsets_into_the_whole_text() -> None:
    text = "Pembuka. Jl. Sudirman No. 5, Jakarta."
    start = text.index("Jl.")
    tokens = tokenize(text, start, len(text) - 1)
    assert [t.text for t in tokens] == ["Jl.", "Sudirman", "No.", "5", ",", "Jakarta"]
    assert tokens[0].start == start
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert tokenize(text, -8) == tokenize(text, len(text) - 8)


def test_a_long_run_of_whitespace_is_read_once() -> None:
    # Read again from each of its characters (a pattern with the space before the token), the
    # run after the last token would take hours; no time is judged, it would hang.
    spaces = " \u00a0\n\u2028" * 150_000
    assert tokenize(spaces + "akhir" + spaces) == [Token("akhir", 600_000, 600_005)]


# Text built from the pieces the rules care about, so that the generated examples meet them.
PIECES = st.sampled_from(
    [
        "a", "Budi", "Jl", "S", "H", "dr", "Rp", "dll", "com", "id", "1", "21", "5", "www",
        "https", "@", "#", ".", "..", ",", ":", "/", "-", "'", "’", '"', "“", "”", "(", ")", "%",
        "…", " ", "  ", "\n", "\t", "\u00a0", "é", "_", "+",
    ]
)  # fmt: skip
NEWSLIKE = st.lists(PIECES, max_size=40).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=80), NEWSLIKE)


@given(ANY_TEXT)
def test_tokens_slice_the_text_in_order_without_whitespace(text: str) -> None:
    tokens = tokenize(text)
    previous_end = 0
    for token in tokens:
        assert token.text, "no empty token"
        assert text[token.start : token.end] == token.text
        assert token.start >= previous_end, "tokens do not overlap"
        assert not any(char.isspace() for char in token.text)
        previous_end = token.end
    # Every character that is not whitespace is in a token.
    assert "".join(token.text for token in tokens) == "".join(text.split())


@given(ANY_TEXT, st.integers(0, 80), st.integers(0, 80))
def test_tokenizing_a_span_is_tokenizing_the_slice(text: str, start: int, end: int) -> None:
    shifted = [Token(t.text, t.start + start, t.end + start) for t in tokenize(text[start:end])]
    assert tokenize(text, start, end) == shifted


# The marks that may follow a plain word (matched before the rules, see tokens.TOKEN) and
# those that may not, around words the rules before the word rule care about.
FOLLOWERS = st.sampled_from(
    [*' \n,;)"”!?', *".:/-'’@+_(“é1", "://", "http", "https", "www", "Rp", "dll", "com", "ab", "Z"]
)
WORDS_AND_MARKS = st.lists(st.one_of(PIECES, FOLLOWERS), max_size=40).map("".join)


@given(st.one_of(ANY_TEXT, WORDS_AND_MARKS))
@example("lihat http://kompas.com, www.detik.com; kompas.com/a dan budi@mail.id!")
@example("Rp5 dll. S.H. Jl. B. J. Habibie... anak-anak Jum'at ab:cd (ab) “ab” ab? ab!")
@example("\u00a0 \u2028Budi\x1c.\u3000(ab)\v ")  # whitespace of all kinds, before and after
def test_plain_words_matched_first_are_the_rules_tokens(text: str) -> None:
    by_rules = [(m[0], m.start(), m.end()) for m in re.finditer(RULES, text)]
    assert [(t.text, t.start, t.end) for t in tokenize(text)] == by_rules


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Satu. Dua! Tiga? Empat", ["Satu.", "Dua!", "Tiga?", "Empat"]),
        # a line break always ends a sentence; blank lines and spaces around are not in it
        ("  Satu dua\n\n  tiga empat.  \nlima", ["Satu dua", "tiga empat.", "lima"]),
        # a closing quote or bracket goes with the sentence it closes
        ('"Kami siap." Ia menambahkan.', ['"Kami siap."', "Ia menambahkan."]),
        ("“Kami siap.” Ia menambahkan.", ["“Kami siap.”", "Ia menambahkan."]),
        ("Ia pergi (sudah lama.) Kini kembali.", ["Ia pergi (sudah lama.)", "Kini kembali."]),
        # a comma never ends a sentence: a quotation stays with its attribution
        ('"Kami siap," kata dia. Lalu pergi.', ['"Kami siap," kata dia.', "Lalu pergi."]),
        (
            '"Kami siap. Kami akan datang," kata dia.',
            ['"Kami siap.', 'Kami akan datang," kata dia.'],
        ),
        ('"Siap!" kata dia. "Kapan?" tanya Budi.', ['"Siap!" kata dia.', '"Kapan?" tanya Budi.']),
        # a new sentence may open with a quote mark, a bracket or a digit
        ('Ia pergi. "Saya ikut," katanya.', ["Ia pergi.", '"Saya ikut," katanya.']),
        ("Ia pergi. (Budi)", ["Ia pergi.", "(Budi)"]),
        ("Ada dua. 10 orang tewas.", ["Ada dua.", "10 orang tewas."]),
        # ... but not with a lowercase word
        ("Ia pergi. lalu datang.", ["Ia pergi. lalu datang."]),
        # ellipses
        ("Ia menunggu... lalu pergi.", ["Ia menunggu... lalu pergi."]),
        ("Ia menunggu… lalu pergi.", ["Ia menunggu… lalu pergi."]),
        ("Ia menunggu... Lalu pergi.", ["Ia menunggu...", "Lalu pergi."]),
        # numbers
        (
            "Rapat pukul 21.39 WIB. Dana Rp 1,5 triliun cair.",
            ["Rapat pukul 21.39 WIB.", "Dana Rp 1,5 triliun cair."],
        ),
        # abbreviations and titles before a name, place or number
        (
            "Rapat dipimpin Prof. Dr. Ir. H. Budi di Jl. Sudirman No. 5 Kab. Bogor.",
            ["Rapat dipimpin Prof. Dr. Ir. H. Budi di Jl. Sudirman No. 5 Kab. Bogor."],
        ),
        ("Ia dirawat dr. Ani dan Hj. Siti.", ["Ia dirawat dr. Ani dan Hj. Siti."]),
        ("Surat a.n. Menteri tiba.", ["Surat a.n. Menteri tiba."]),
        (
            "Ia meraih gelar S.H. Universitas Indonesia dan M.Si. IPB pada 2010.",
            ["Ia meraih gelar S.H. Universitas Indonesia dan M.Si. IPB pada 2010."],
        ),
        ("Harganya Rp. 1.500 saja.", ["Harganya Rp. 1.500 saja."]),
        # initials
        ("Hadir B. J. Habibie hari ini.", ["Hadir B. J. Habibie hari ini."]),
        # an abbreviation that closes a list may end the sentence
        ("Ada buah, sayur, dll. Semua dibeli.", ["Ada buah, sayur, dll.", "Semua dibeli."]),
        ("Ada buah, sayur, dll. yang dibeli.", ["Ada buah, sayur, dll. yang dibeli."]),
        ("", []),
        (" \n ", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert sentence_texts(text) == expected


def test_sentence_tokens_and_offsets() -> None:
    text = ' "Kami siap." Ia pergi.\n'
    sentences = split_sentences(text)
    assert [(s.text, s.start, s.end, s.tokens) for s in sentences] == [
        (
            '"Kami siap."',
            1,
            13,
            (
                Token('"', 1, 2),
                Token("Kami", 2, 6),
                Token("siap", 7, 11),
                Token(".", 11, 12),
                Token('"', 12, 13),
            ),
        ),
        ("Ia pergi.", 14, 23, (Token("Ia", 14, 16), Token("pergi", 17, 22), Token(".", 22, 23))),
    ]
    # the tokens as the analysis reads them: their texts, starts and ends
    assert sentences[1] == Sentence(
        "Ia pergi.", 14, 23, ("Ia", "pergi", "."), (14, 17, 22), (16, 22, 23)
    )


# Paragraphs as the portals print them (from the bundled samples, and one written in their style).
NEWS = """\
Moskow: Rusia tidak berharap adanya terobosan dalam pertemuan virtual antara Presiden Vladimir Putin dan Presiden Amerika Serikat Joe Biden pada Selasa, 7 Desember 2021. Pembicaraan ini akan berfokus pada isu ketegangan di perbatasan Ukraina.

"Kami tidak berharap ada terobosan dari dialog ini. Ini adalah dialog kerja yang berlangsung di periode yang sangat sulit," kata juru bicara Kremlin, Dmitry Peskov, kepada awak media di Moskow.
Secara terpisah, Menteri Luar Negeri Rusia Sergey Lavrov menuduh Ukraina sengaja menghasut Washington agar menentang Moskow menjelang pertemuan Putin-Biden. "Kita lihat saja seperti apa dialog (Putin-Biden) nanti," sebut Lavrov.
MOSKOW - Presiden Rusia, Vladimir Putin dan mitranya dari Amerika Serikat (AS), Joe Biden akan membahas ketegangan atas Ukraina , ekspansi NATO ke perbatasan Rusia. Agenda itu akan dibahas melalui video conference pada Selasa (7/12/2021).
“Kemudian, para presiden akan membahas isu-isu penting dalam agenda – pertama-tama, ketegangan di Ukraina,” kata Peskov, seperti dikutip dari kantor berita TASS, Senin (6/12/2021).
JAKARTA - Prof. Dr. H. Ahmad, S.H., M.Si. meresmikan gedung di Jl. Merdeka No. 12 pukul 09.30 WIB. Biayanya Rp 1,5 miliar, naik 57,8% dari rencana... Gedung itu dibuka untuk umum pada Jum'at (10/12).
"""


def test_news_paragraphs() -> None:
    assert sentence_texts(NEWS) == [
        "Moskow: Rusia tidak berharap adanya terobosan dalam pertemuan virtual antara Presiden Vladimir Putin dan Presiden Amerika Serikat Joe Biden pada Selasa, 7 Desember 2021.",
        "Pembicaraan ini akan berfokus pada isu ketegangan di perbatasan Ukraina.",
        '"Kami tidak berharap ada terobosan dari dialog ini.',
        'Ini adalah dialog kerja yang berlangsung di periode yang sangat sulit," kata juru bicara Kremlin, Dmitry Peskov, kepada awak media di Moskow.',
        "Secara terpisah, Menteri Luar Negeri Rusia Sergey Lavrov menuduh Ukraina sengaja menghasut Washington agar menentang Moskow menjelang pertemuan Putin-Biden.",
        '"Kita lihat saja seperti apa dialog (Putin-Biden) nanti," sebut Lavrov.',
        "MOSKOW - Presiden Rusia, Vladimir Putin dan mitranya dari Amerika Serikat (AS), Joe Biden akan membahas ketegangan atas Ukraina , ekspansi NATO ke perbatasan Rusia.",
        "Agenda itu akan dibahas melalui video conference pada Selasa (7/12/2021).",
        "“Kemudian, para presiden akan membahas isu-isu penting dalam agenda – pertama-tama, ketegangan di Ukraina,” kata Peskov, seperti dikutip dari kantor berita TASS, Senin (6/12/2021).",
        "JAKARTA - Prof. Dr. H. Ahmad, S.H., M.Si. meresmikan gedung di Jl. Merdeka No. 12 pukul 09.30 WIB.",
        "Biayanya Rp 1,5 miliar, naik 57,8% dari rencana...",
        "Gedung itu dibuka untuk umum pada Jum'at (10/12).",
    ]
    last = split_sentences(NEWS)[-1]
    assert [t.text for t in last.tokens] == [
        "Gedung", "itu", "dibuka", "untuk", "umum", "pada", "Jum'at", "(", "10/12", ")", ".",
    ]  # fmt: skip


@given(ANY_TEXT)
def test_sentences_cover_the_tokens_without_crossing_lines(text: str) -> None:
    sentences = split_sentences(text)
    previous_end = 0
    for sentence in sentences:
        assert sentence.text == text[sentence.start : sentence.end]
        assert sentence.text == sentence.text.strip() != ""
        assert sentence.start >= previous_end
        assert "\n" not in sentence.text
        previous_end = sentence.end
    assert [t for s in sentences for t in s.tokens] == tokenize(text)
