"""Tokenised input (research corpora) read as ordinary text, with a map back to the input."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.conftest import REPO
from warta.analyze import analyze
from warta.analyze.text import normalize_text
from warta.analyze.tokenised import (
    _ATTACHED_MARK,
    _LONE_QUOTE,
    _SPACED_MARK,
    READ_KEPT_MAX_CHARS,
    detokenise,
    read_text,
    text_form,
)
from warta.model import Article, RawDocument

INDOSUM = REPO.parent / "shared" / "data" / "indosum" / "dev.01.jsonl"
needs_indosum = pytest.mark.skipif(
    not INDOSUM.exists(), reason="../shared/data is not beside this checkout"
)

# IndoSum's form, written out by hand after its articles.
TOKENISED = """Jakarta , CNN Indonesia - - Menteri Perdagangan Enggartiasto Lukita meminta e - KTP segera \
selesai pada Senin ( 1 / 5 ) di Jakarta .
" Tidak hanya tarif , " ucap Zulkifli ( 27 / 3 ) .
" Kami akan terus mengawal , " kata Enggartiasto . Ia menambahkan , " Pada Jum ' at kami rapat . "
"""


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            '" Tidak hanya tarif , " ucap Zulkifli ( 27 / 3 ) .',
            '"Tidak hanya tarif," ucap Zulkifli (27/3).',
        ),
        (
            "Jakarta , CNN Indonesia - - Presiden meminta e - KTP selesai .",
            "Jakarta, CNN Indonesia -- Presiden meminta e-KTP selesai.",
        ),
        # A dateline's dash keeps its spaces; a word's hyphen and a day count do not.
        (
            "JAKARTA ( Pos Kota ) – Polisi menangkap pencuri .",
            "JAKARTA (Pos Kota) – Polisi menangkap pencuri.",
        ),
        (
            "CARDIFF , JUARA.net - Sejarah diciptakan Real Madrid di final .",
            "CARDIFF, JUARA.net - Sejarah diciptakan Real Madrid di final.",
        ),
        (
            "Kepada DailySocial , Co - Founder Visio bercerita .",
            "Kepada DailySocial, Co-Founder Visio bercerita.",
        ),
        (
            "Perserikatan Bangsa - Bangsa / PBB , New York ( ANTARA News ) - Dewan bersidang .",
            "Perserikatan Bangsa-Bangsa/PBB, New York (ANTARA News) - Dewan bersidang.",
        ),
        ("H - 1 lebaran , tol macet .", "H-1 lebaran, tol macet."),
        ("skor 2 - 1 di pekan ke - 17 musim 2016 - 17 .", "skor 2-1 di pekan ke-17 musim 2016-17."),
        # Apostrophes inside words, and single quote marks around one.
        ("Jum ' at , Ma ' ruf dan Cox 's Bazar .", "Jum'at, Ma'ruf dan Cox's Bazar."),
        ("Ia disebut ' Ahok ' oleh warga .", "Ia disebut 'Ahok' oleh warga."),
        # A quotation opened in the paragraph before closes here: it ends before "kata".
        ("tidak ada yang tahu , " + '" kata dia .', 'tidak ada yang tahu," kata dia.'),
        ('Ia berkata , " Kami siap . " Lalu pergi .', 'Ia berkata, "Kami siap." Lalu pergi.'),
        ("“ Kami siap , ” ujar dia 50 % .", "“Kami siap,” ujar dia 50%."),
    ],
)
def test_tokenised_lines_read_as_written(line: str, expected: str) -> None:
    assert detokenise(line, "tokenised").text == expected


def test_only_quote_marks_spaced_are_closed_up_alone() -> None:
    line = '" Tidak hanya tarif, " ucap Zulkifli (27/3). " Kami pergi, " katanya - lalu pergi.'
    assert text_form([line]) == "spaced-quotes"
    assert detokenise(line, "spaced-quotes").text == (
        '"Tidak hanya tarif," ucap Zulkifli (27/3). "Kami pergi," katanya - lalu pergi.'
    )


def test_the_form_is_decided_over_the_whole_text() -> None:
    assert text_form(TOKENISED.splitlines()) == "tokenised"
    written = [
        '"Kami siap," kata dia. Harga naik , katanya, di Jakarta.',
        "Presiden Joko Widodo meresmikan bendungan. Warga menyambut baik.",
    ]
    assert text_form(written) == "plain"  # one spaced comma is a typo, not a form
    assert detokenise(written[0], "plain").text == written[0]


def test_a_text_read_again_reads_the_same_whatever_the_first_reader_did() -> None:
    # The last texts read are kept (the analysis and the template statistics read each input):
    # a reader changing the paragraphs it was given changes nothing for the next one.
    first = read_text(TOKENISED)
    first.paragraphs.append("tambahan")
    first.paragraphs[0] = "lain"
    again = read_text(TOKENISED)
    assert again.paragraphs == [line.text for line in first.lines]
    assert "tambahan" not in again.paragraphs and again.paragraphs[0] != "lain"
    assert again.form == "tokenised"


def test_a_text_too_long_to_keep_reads_as_a_short_one() -> None:
    line = '" Tidak hanya tarif , " ucap Zulkifli ( 27 / 3 ) .'
    long = "\n".join([line] * (READ_KEPT_MAX_CHARS // len(line) + 1))
    assert len(long) > READ_KEPT_MAX_CHARS
    text = read_text(long)
    assert text.form == read_text(line).form == "tokenised"
    assert set(text.paragraphs) == set(read_text(line).paragraphs)


#: The marks text_form counts, as one reads them: after a space or the start, or after a word;
#: then a space or the end. (text_form's patterns open with the mark, for speed.)
AS_READ = {
    "spaced": re.compile(r"(?:^| )[,.;:?!)](?= |$)"),
    "attached": re.compile(r"[^\s,.;:?!)][,.;:?!)](?= |$)"),
    "lone quote": re.compile(r"(?:^| )[\"“”](?= |$)"),
}


@given(st.lists(st.sampled_from([*' ,.;:?!)"“”\n\t', "ab", "12"])).map("".join))
@example('" Tidak hanya tarif , " ucap Zulkifli ( 27 / 3 ) .')
@example(', a. b ,c !\n" x "')
def test_the_form_marks_are_counted_as_read(text: str) -> None:
    counted = {"spaced": _SPACED_MARK, "attached": _ATTACHED_MARK, "lone quote": _LONE_QUOTE}
    for kind, pattern in AS_READ.items():
        assert len(counted[kind].findall(text)) == len(pattern.findall(text)), kind


def _with_gaps(text: str, gaps: tuple[int, ...]) -> str:
    for gap in reversed(gaps):
        text = text[:gap] + " " + text[gap:]
    return text


@needs_indosum
def test_closing_up_only_deletes_spaces_and_records_each() -> None:
    lines = 0
    for record in INDOSUM.read_text(encoding="utf-8").splitlines()[:300]:
        paragraphs = [" ".join(" ".join(s) for s in p) for p in json.loads(record)["paragraphs"]]
        text = read_text("\n".join(paragraphs))
        assert text.form == "tokenised"
        original = [line for line in normalize_text("\n".join(paragraphs)).split("\n") if line]
        # A line wrapped at a width is read with the line before it: one read line is one
        # input line or more, joined by a space
        taken = 0
        for line in text.lines:
            reopened = _with_gaps(line.text, line.gaps)
            spanned = next(
                count
                for count in range(1, len(original) - taken + 1)
                if " ".join(original[taken : taken + count]) == reopened
            )
            taken += spanned
            lines += 1
        assert taken == len(original)
        assert " ," not in "".join(text.paragraphs)
    assert lines > 1000


def test_a_tokenised_article_reads_as_ordinary_text_with_a_map_back() -> None:
    raw = RawDocument(
        origin="t.txt", format="text", text=TOKENISED, published="2017-05-01T10:00:00+07:00"
    )
    article = analyze(raw)
    assert article.source["text_form"] == "tokenised"
    assert article.dateline == "Jakarta"
    assert article.body[0].startswith("Menteri Perdagangan Enggartiasto Lukita meminta e-KTP")
    assert article.body[1] == '"Tidak hanya tarif," ucap Zulkifli (27/3).'
    assert [(q.kind, q.text) for q in article.quotes if q.kind == "direct"] == [
        ("direct", "Tidak hanya tarif"),
        ("direct", "Kami akan terus mengawal"),
        ("direct", "Pada Jum'at kami rapat."),
    ]
    assert {d.text: d.value for d in article.dates}["(27/3)"] == "2017-03-27"
    # Every offset into the clean body maps back to the same words in the input.
    input_lines = TOKENISED.split("\n")
    spans = [*article.entities, *article.quotes, *article.dates]
    assert len(spans) > 6
    for span in spans:
        located = article.raw_map[span.paragraph]
        assert located is not None
        start, end = located.input_span(span.start, span.end)
        in_input = input_lines[located.line][start:end]
        assert in_input.replace(" ", "") == span.text.replace(" ", ""), span
    assert Article.from_dict(article.to_dict()).raw_map == article.raw_map


def test_a_written_article_maps_each_paragraph_to_its_line() -> None:
    text = "Judul Berita Hari Ini di Jakarta\n\nMOSKOW - Presiden Rusia bertemu Presiden AS hari ini di Jenewa.\nBaca juga: Berita lain\nWarga menyambut baik pertemuan itu, kata dia."
    article = analyze(RawDocument(origin="t.txt", format="text", text=text))
    assert "text_form" not in article.source
    lines = text.split("\n")
    for paragraph, located in zip(article.body, article.raw_map, strict=True):
        assert located is not None and not located.gaps
        assert lines[located.line][located.start :].startswith(paragraph)
    assert [span.line for span in article.raw_map if span] == [2, 4]
    assert re.match(r"Presiden Rusia", article.body[0])


def test_text_wrapped_at_a_width_is_one_paragraph_that_maps_back_through_its_lines() -> None:
    """A quote wrapped over three lines was three paragraphs: its quote was its first line,
    cut at "yang". A line that begins in lower case right after one that ends with a word or
    a comma goes on with it; a blank line, an ended sentence or "iPhone" do not."""
    text = (
        "Presiden melepas bantuan kemanusiaan untuk pengungsi Rohingya di Halim.\n\n"
        '"Hari ini akan diberangkatkan empat pesawat Hercules yang \n'
        " di dalamnya ada beras, tenda \n"
        ' pengungsi, dan selimut," kata Presiden Joko Widodo.\n'
        "iPhone baru tidak ikut dikirim.\n\n"
        "bantuan berikutnya menyusul."
    )
    article = analyze(RawDocument(origin="t.txt", format="text", text=text))
    assert article.body[1] == (
        '"Hari ini akan diberangkatkan empat pesawat Hercules yang di dalamnya ada beras, '
        'tenda pengungsi, dan selimut," kata Presiden Joko Widodo.'
    )
    assert article.body[2:] == ["iPhone baru tidak ikut dikirim.", "bantuan berikutnya menyusul."]
    (quote,) = article.quotes
    assert quote.text.endswith("tenda pengungsi, dan selimut")
    lines = normalize_text(text).split("\n")
    located = article.raw_map[1]
    assert located is not None and located.line == 2
    start, end = located.input_span(quote.start, quote.end)
    assert "\n".join(lines[located.line :])[start:end] == quote.text.replace(
        "yang di", "yang\ndi"
    ).replace("tenda pengungsi", "tenda\npengungsi")
