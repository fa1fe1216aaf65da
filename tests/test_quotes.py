"""Quotes: direct, partial and indirect, their speakers, the ``warta quotes`` listing and
``warta eval quotes``.

The short articles below are written for these tests in the style of Indonesian portals (none is
one of the samples): each checks one way news reports speech.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO, Warta
from warta import __version__ as warta_version
from warta.analyze import analyze
from warta.analyze.pipeline import STAGES, run_stages
from warta.analyze.quotes import _REPORTING, _SPEECH_VERB, _one_of
from warta.analyze.speaker_resolution import _sentence_starts
from warta.eval.quotes import matches
from warta.lang.id import speech
from warta.model import Article, Quote, RawDocument

GOLD = REPO.parent / "shared" / "gold" / "samples.json"
SAMPLES = REPO / "src" / "warta" / "samples"


def _quotes(*paragraphs: str) -> list[Quote]:
    article = analyze(RawDocument(origin="t.txt", format="text", text="\n".join(paragraphs)))
    return article.quotes


def _one(quotes: list[Quote], words: str) -> Quote:
    found = [q for q in quotes if words in q.text]
    assert len(found) == 1, (words, [(q.kind, q.speaker, q.text) for q in quotes])
    return found[0]


def test_attribution_after_the_quote_names_the_speaker() -> None:
    quotes = _quotes(
        "Pemerintah Provinsi Jawa Tengah menambah armada bus untuk arus mudik tahun ini.",
        '"Kami siapkan 300 bus tambahan untuk pemudik," kata Kepala Dinas Perhubungan Jawa '
        "Tengah, Henggar Budi Anggoro, kepada wartawan di Semarang.",
    )
    quote = _one(quotes, "Kami siapkan 300 bus")
    assert (quote.kind, quote.speaker, quote.verb) == ("direct", "Henggar Budi Anggoro", "kata")
    assert quote.text == "Kami siapkan 300 bus tambahan untuk pemudik"


def test_attribution_in_the_next_sentence() -> None:
    quotes = _quotes(
        '"Kami akan menambah jumlah vaksinator di puskesmas." Hal itu dikatakan Menteri '
        "Kesehatan Budi Gunadi Sadikin di Jakarta.",
        '"Stok vaksin cukup sampai akhir bulan."',
        "Demikian disampaikan oleh Budi kepada wartawan.",
    )
    assert _one(quotes, "menambah jumlah vaksinator").speaker == "Budi Gunadi Sadikin"
    assert _one(quotes, "Stok vaksin cukup").speaker == "Budi Gunadi Sadikin"


def test_a_new_sentence_after_a_quote_is_not_its_attribution() -> None:
    quotes = _quotes(
        '"Kami siap bertanding," kata Bojan Hodak, pelatih Persib.',
        '"Semua pemain dalam kondisi bugar." Sementara itu, Thomas Doll mengatakan timnya masih '
        "menunggu hasil tes medis.",
    )
    assert _one(quotes, "Semua pemain").speaker == "Bojan Hodak"
    assert _one(quotes, "timnya masih menunggu").speaker == "Thomas Doll"


def test_attribution_before_the_quote() -> None:
    quotes = _quotes(
        'Menteri Keuangan Sri Mulyani Indrawati mengatakan: "Defisit anggaran tetap terjaga di '
        'bawah tiga persen."',
    )
    quote = _one(quotes, "Defisit anggaran")
    assert (quote.kind, quote.speaker) == ("direct", "Sri Mulyani Indrawati")


def test_a_quote_split_around_its_attribution_is_one_quote() -> None:
    quotes = _quotes(
        '"Harga beras mulai turun," ujar Budi Santoso, "tetapi stok di gudang masih terbatas."',
    )
    direct = [q for q in quotes if q.kind == "direct"]
    assert len(direct) == 1, direct
    assert direct[0].text == "Harga beras mulai turun, tetapi stok di gudang masih terbatas."
    assert direct[0].speaker == "Budi Santoso"


def test_a_quote_over_several_paragraphs_is_one_quote() -> None:
    quotes = _quotes(
        "Ketua KPU Hasyim Asy'ari menjelaskan tahapan pemilu kepada wartawan.",
        "“Pendaftaran calon dibuka pekan depan. Semua berkas harus lengkap.",
        "“Verifikasi faktual dilakukan setelah itu,” kata Hasyim.",
    )
    direct = [q for q in quotes if q.kind == "direct"]
    assert len(direct) == 1, direct
    quote = direct[0]
    assert (quote.paragraph, quote.end_paragraph) == (1, 2)
    assert quote.text.startswith("Pendaftaran calon dibuka") and quote.text.endswith("setelah itu")
    assert quote.speaker == "Hasyim Asy'ari"


def test_continuations_and_pronouns_take_the_last_speaker() -> None:
    quotes = _quotes(
        '"Jalan tol ini akan dibuka untuk umum bulan depan," kata Basuki Hadimuljono di Jakarta.',
        "Ia menambahkan, pengerjaan jembatan sudah mencapai 95 persen.",
        '"Tinggal pengaspalan di ruas terakhir," lanjutnya.',
        '"Kami kejar sebelum Lebaran," imbuh dia.',
    )
    assert {q.speaker for q in quotes} == {"Basuki Hadimuljono"}
    assert _one(quotes, "pengerjaan jembatan").kind == "indirect"
    assert _one(quotes, "Tinggal pengaspalan").verb == "lanjutnya"


def test_a_role_phrase_is_the_person_the_article_gives_that_role() -> None:
    quotes = _quotes(
        "Juru bicara Kementerian Luar Negeri, Teuku Faizasyah, menjawab pertanyaan wartawan.",
        '"Indonesia mendorong gencatan senjata segera," kata Faizasyah.',
        '"Bantuan kemanusiaan sudah dikirim," tambah juru bicara Kementerian Luar Negeri.',
    )
    assert _one(quotes, "Bantuan kemanusiaan").speaker == "Teuku Faizasyah"


def test_an_unnamed_speaker_is_their_role_phrase() -> None:
    quotes = _quotes(
        "Banjir merendam ratusan rumah di Kecamatan Dayeuhkolot sejak Senin malam.",
        '"Air naik cepat sekali, kami tidak sempat menyelamatkan barang," ujar seorang warga.',
    )
    quote = _one(quotes, "Air naik cepat")
    assert (quote.speaker, quote.speaker_role) == (None, "warga")  # a role, not a name


def test_indirect_speech_with_bahwa_and_menurut() -> None:
    quotes = _quotes(
        "Gubernur Bank Indonesia Perry Warjiyo menegaskan bahwa inflasi akan kembali ke sasaran "
        "pada akhir tahun.",
        "Menurut Perry, nilai tukar rupiah tetap stabil di tengah gejolak global.",
    )
    first = _one(quotes, "inflasi akan kembali")
    assert (first.kind, first.speaker, first.verb) == ("indirect", "Perry Warjiyo", "menegaskan")
    assert first.text.startswith("inflasi")  # "bahwa" is the verb's, not the reported words'
    second = _one(quotes, "nilai tukar rupiah")
    assert (second.kind, second.speaker, second.verb) == ("indirect", "Perry Warjiyo", "menurut")


def test_partial_quotes_and_scare_quotes() -> None:
    quotes = _quotes(
        "Presiden Joko Widodo menyebut kebijakan itu “langkah yang berani” dalam pidatonya.",
        "Warga menyebut kawasan itu sebagai 'kampung susun' sejak lama.",
        "Pemerintah membangun apa yang disebut 'tanggul raksasa' di pesisir utara Jakarta.",
    )
    partial = _one(quotes, "langkah yang berani")
    assert (partial.kind, partial.speaker) == ("partial", "Joko Widodo")
    # a term named in single quotes without a speech verb is nobody's words
    assert not [q for q in quotes if q.text == "tanggul raksasa"]


def test_a_repeated_quote_counts_once() -> None:
    paragraph = '"Kami akan mengajukan banding," kata kuasa hukum terdakwa, Maqdir Ismail.'
    quotes = _quotes(
        paragraph, "Sidang dilanjutkan pekan depan.", paragraph.replace("kata", "ujar")
    )
    assert len([q for q in quotes if "mengajukan banding" in q.text]) == 1


def test_offsets_point_at_the_quoted_words() -> None:
    from tests.test_entities import _analyzed_samples

    quotes = 0
    for article in _analyzed_samples():
        for quote in article.quotes:
            quotes += 1
            words = quote.text.split()
            assert article.body[quote.paragraph][quote.start :].startswith(words[0])
            assert article.body[quote.end_paragraph][: quote.end].endswith(words[-1])
            if quote.kind == "indirect":
                assert article.body[quote.paragraph][quote.start : quote.end] == quote.text
    assert quotes > 20


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(alphabet="abc Kata kata\"“”‘’',.: Ia dia ujarnya\n", max_size=80), max_size=6)
)
def test_any_text_gives_quotes_inside_the_body(paragraphs: list[str]) -> None:
    body = [p.strip() for p in paragraphs if p.strip()]
    stages = [s for s in STAGES if s.name in ("entities", "quotes")]
    article = run_stages(Article(id="x", body=body), stages)
    for quote in article.quotes:
        assert 0 <= quote.paragraph <= quote.end_paragraph < len(body)
        assert 0 <= quote.start <= len(body[quote.paragraph])
        assert 0 <= quote.end <= len(body[quote.end_paragraph])


def test_eval_matching_rules() -> None:
    assert matches("Kami tidak berharap", "Kami tidak berharap ada terobosan.")
    assert matches("masuk", "masuk")
    assert not matches("masuk", "Rusia akan masuknya")  # words, not characters
    assert not matches("Kami tidak berharap ada terobosan dari dialog ini", "Kami")


@pytest.mark.skipif(not GOLD.exists(), reason="../shared/gold is not beside this checkout")
def test_samples_against_gold(warta: Warta) -> None:
    result = warta("eval", "quotes", "--gold", GOLD, "--format", "json")
    assert result.returncode == 0, result.stderr
    kinds = json.loads(result.stdout)["kinds"]
    # The bar: every direct and partial quote with the right speaker, and at least
    # 80% of the indirect ones. Floors: they may only rise.
    for kind in ("direct", "partial"):
        assert kinds[kind]["recall"] == 1.0 and kinds[kind]["speaker_accuracy"] == 1.0, kinds
        assert kinds[kind]["precision"] == 1.0, kinds
    assert kinds["indirect"]["recall"] >= 0.9
    assert kinds["indirect"]["speaker_accuracy"] >= 0.9
    assert kinds["indirect"]["precision"] >= 0.45


def _jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    return path


LAVROV = [
    {"id": "l1", "published": "2022-01-10T10:00:00+07:00", "outlet": "a.example",
     "text": "Menteri Luar Negeri Rusia Sergei Lavrov tiba di Jenewa.\n"
             "\"Kami tidak akan menyerang siapa pun,\" kata Sergei Lavrov."},
    {"id": "l2", "published": "2022-01-12T10:00:00+07:00", "outlet": "b.example",
     "text": "Sergey Lavrov mengatakan NATO harus berhenti memperluas keanggotaan ke timur.\n"
             "\"Itu garis merah kami,\" ujar Lavrov. Sergey Lavrov bertemu Antony Blinken."},
]  # fmt: skip


def test_quotes_listing_filters(warta: Warta, tmp_path: Path) -> None:
    assert warta("ingest", _jsonl(tmp_path / "in.jsonl", LAVROV)).returncode == 0
    result = warta("quotes", "--speaker", "sergei lavrov", "--format", "json")
    assert result.returncode == 0, result.stderr
    listed = result.json()
    # both spellings are one entity, found by either name
    assert {q["article"] for q in listed} == {"l1", "l2"}
    assert len({q["speaker"] for q in listed}) == 1
    assert {q["kind"] for q in listed} == {"direct", "indirect"}
    direct = warta("quotes", "--kind", "direct", "--outlet", "b.example", "-f", "json").json()
    assert [q["text"] for q in direct] == ["Itu garis merah kami"]
    later = warta("quotes", "--since", "2022-01-11", "-f", "json").json()
    assert {q["article"] for q in later} == {"l2"}
    table = warta("quotes", "-f", "csv")
    assert table.stdout.splitlines()[0].startswith("article,outlet,published,title,speaker")
    assert warta("quotes", "--speaker", "nobody").stdout == ""
    every = warta("quotes", "-f", "json").json()
    first = every[0]
    rest = warta("quotes", "--after", f"{first['article']}:{first['number']}", "-f", "json")
    assert rest.json() == every[1:] and len(every) > 2


def test_quotes_csv_rows_name_their_quote(warta: Warta, tmp_path: Path) -> None:
    """A CSV row carries the quote's number and id (ARTICLE:NUMBER), as the JSON does: the id
    is what --after and /api/quotes/{id} take, so a row can be joined back to its quote."""
    assert warta("ingest", _jsonl(tmp_path / "in.jsonl", LAVROV)).returncode == 0
    every = warta("quotes", "-f", "json").json()
    rows = list(csv.DictReader(io.StringIO(warta("quotes", "-f", "csv").stdout)))
    assert len(rows) == len(every) > 2
    assert all(q["id"] == f"{q['article']}:{q['number']}" for q in every)
    assert [(r["id"], r["article"], r["number"]) for r in rows] == [
        (q["id"], q["article"], str(q["number"])) for q in every
    ]
    # every field of the JSON Lines is a column, so a field added later cannot crash the CSV
    # again; the JSON Lines are the JSON's fields and the provenance
    exported = [json.loads(line) for line in warta("quotes", "-f", "jsonl").stdout_lines]
    assert set(rows[0]) == set(exported[0]) == {*every[0], "url", "story", "warta_version"}
    rest = warta("quotes", "--after", rows[0]["id"], "-f", "json").json()
    assert rest == every[1:]


def test_quotes_csv_and_jsonl_carry_the_exports_provenance(warta: Warta, tmp_path: Path) -> None:
    """List output in csv and jsonl is an export: each quote says which article URL, story and
    Warta version it came from, as `warta export quotes` does, the columns before in place."""
    records = [{**r, "url": f"https://{r['outlet']}/{r['id']}"} for r in LAVROV]
    assert warta("ingest", _jsonl(tmp_path / "in.jsonl", records)).returncode == 0
    provenance = ("article", "url", "story", "warta_version")
    exported = list(csv.DictReader(io.StringIO(warta("export", "quotes").stdout)))
    expected = [tuple(row[key] for key in provenance) for row in exported]
    assert {row[1] for row in expected} == {"https://a.example/l1", "https://b.example/l2"}
    assert all(row[2].isdigit() and row[3] == warta_version for row in expected), expected
    listed = list(csv.DictReader(io.StringIO(warta("quotes", "-f", "csv").stdout)))
    assert [tuple(row[key] for key in provenance) for row in listed] == expected
    header = warta("quotes", "-f", "csv").stdout_lines[0]
    assert header.startswith("article,outlet,published,title,speaker,speaker_as_written,")
    assert header.endswith(",speaker_role,number,id,url,story,warta_version"), header
    lines = [json.loads(line) for line in warta("quotes", "-f", "jsonl").stdout_lines]
    assert [(q["article"], q["url"], str(q["story"]), q["warta_version"]) for q in lines] == (
        expected
    )


def test_quotes_listing_refuses_bad_options(warta: Warta, tmp_path: Path) -> None:
    assert warta("ingest", _jsonl(tmp_path / "in.jsonl", LAVROV)).returncode == 0
    for args, message in (
        (("--kind", "shouted"), "unknown kind"),
        (("--since", "yesterday"), "is not a date"),
        (("--limit", "-1"), "must not be negative"),
        (("--story", "99"), "no story with id 99"),
        (("--after", "l1"), "--after 'l1' is not a quote id"),
        (("--after", "l9:0"), "no stored article has the quote 'l9:0'"),
    ):
        result = warta("quotes", *args)
        assert result.returncode == 2 and message in result.stderr, (args, result.stderr)


def test_article_text_lists_its_quotes_and_dates(warta: Warta, tmp_path: Path) -> None:
    assert warta("ingest", _jsonl(tmp_path / "in.jsonl", LAVROV)).returncode == 0
    text = warta("article", "l2").stdout
    assert "quotes:" in text and "[direct] Sergey Lavrov: “Itu garis merah kami” (¶1)" in text
    assert "[indirect] Sergey Lavrov: “NATO harus berhenti" in text


#: Sixteen articles written for Warta in the styles of sixteen other portals, annotated by hand
#: (quotes and dates) independently of Warta's output. Used to find general causes of errors
#: during development, so they are no longer held out: a regression floor, not a measure.
REPORTED = REPO / "tests" / "fixtures" / "reported"
REPORTED_GOLD = REPO / "tests" / "fixtures" / "reported-gold" / "gold.json"


def test_reported_articles_floors(warta: Warta) -> None:
    quotes = warta("eval", "quotes", "--gold", REPORTED_GOLD, "--inputs", REPORTED, "-f", "json")
    assert quotes.returncode == 0, quotes.stderr
    kinds = json.loads(quotes.stdout)["kinds"]
    assert kinds["direct"]["precision"] >= 0.98 and kinds["direct"]["recall"] >= 0.98, kinds
    assert kinds["direct"]["speaker_accuracy"] >= 0.98, kinds
    assert kinds["indirect"]["recall"] >= 0.9 and kinds["indirect"]["precision"] >= 0.95, kinds
    dates = warta("eval", "dates", "--gold", REPORTED_GOLD, "--inputs", REPORTED, "-f", "json")
    assert dates.returncode == 0, dates.stderr
    scores = json.loads(dates.stdout)
    assert scores["dates"]["recall"] >= 0.97 and scores["dates"]["precision"] >= 0.97, scores
    assert scores["values"]["accuracy"] >= 0.99, scores


def test_a_pronoun_means_the_person_introduced_since_the_last_quote() -> None:
    quotes = _quotes(
        '"Kami minta semua pihak menahan diri," kata Ramdan Saputra di Bandung.',
        "Anggota DPRD Yanuar Hidayat meminta KPU memperbaiki data pemilih. Menurut dia, masih "
        "banyak pemilih pemula yang belum terdaftar.",
        '"Ini harus segera dibenahi," ujarnya.',
    )
    assert _one(quotes, "masih banyak pemilih").speaker == "Yanuar Hidayat"
    assert _one(quotes, "segera dibenahi").speaker == "Yanuar Hidayat"


def test_attribution_inside_reported_words_and_menurutnya() -> None:
    quotes = _quotes(
        "Ketua KPU Hasyim Asy'ari memaparkan persiapan pemilu di Jakarta.",
        "Distribusi logistik, kata dia, akan dimulai sebulan sebelum pemungutan suara.",
        "Menurutnya, semua kotak suara sudah tiba di gudang kabupaten.",
    )
    first = _one(quotes, "akan dimulai sebulan")
    assert first.text.startswith("Distribusi logistik akan dimulai"), first
    assert (first.kind, first.speaker) == ("indirect", "Hasyim Asy'ari")
    assert _one(quotes, "semua kotak suara").speaker == "Hasyim Asy'ari"


def test_a_forgotten_closing_mark_ends_at_the_attribution() -> None:
    quotes = _quotes(
        '"Saya lapor polisi hari itu juga, alhamdulillah motor saya ketemu, ujar Dedi Kurniawan.',
    )
    quote = _one(quotes, "Saya lapor polisi")
    assert quote.text.endswith("motor saya ketemu") and quote.speaker == "Dedi Kurniawan"


def test_a_subject_before_a_relative_clause_speaks() -> None:
    quotes = _quotes(
        "Warga yang ditemui di lokasi mengatakan air naik sejak pukul dua dini hari.",
    )
    quote = _one(quotes, "air naik sejak")
    assert (quote.speaker, quote.speaker_role) == (None, "warga")


def test_a_role_after_a_fronted_relative_clause_speaks() -> None:
    """The role phrase between the fronted phrase's comma and the verb is the subject, not a
    person named in the fronted phrase's relative clause; a role in apposition to a name
    before the comma leaves the name the speaker."""
    quotes = _quotes(
        "Menanggapi laporan yang disampaikan kuasa hukum Budi Santoso ke polisi, juru bicara "
        "kepolisian menegaskan bahwa penyelidikan tetap berjalan sesuai aturan.",
        "Rudi Hartono, saksi mata lain, menyebut warga kini mudah panik setiap ada ledakan.",
    )
    police = _one(quotes, "penyelidikan tetap berjalan")
    assert (police.speaker, police.speaker_role) == (None, "juru bicara kepolisian")
    assert _one(quotes, "warga kini mudah panik").speaker == "Rudi Hartono"


def test_the_holder_of_a_sentences_opening_role_is_what_it_is_about() -> None:
    quotes = _quotes(
        "Ketua majelis hakim Pengadilan Negeri Bandung, Rina Astuti, menolak gugatan yang "
        "diajukan Andi Wijaya, Senin (3/4).",
        '"Gugatan penggugat tidak dapat diterima," ujarnya.',
    )
    assert _one(quotes, "tidak dapat diterima").speaker == "Rina Astuti"


def test_a_role_ends_where_the_clause_after_its_comma_begins() -> None:
    quotes = _quotes(
        "Menurut Staf Umum Angkatan Darat, operasi tersebut bertujuan mengamankan perbatasan.",
        "Menurut pria asal Purworejo, Jawa Tengah itu, harga gabah sedang turun.",
    )
    army = _one(quotes, "bertujuan mengamankan")
    assert (army.speaker, army.speaker_role) == (None, "Staf Umum Angkatan Darat")
    assert _one(quotes, "harga gabah").speaker_role == "pria asal Purworejo, Jawa Tengah itu"


def test_a_person_named_before_a_role_that_names_another_speaks() -> None:
    quotes = _quotes(
        "Fredi Santoso, kuasa hukum Budi Hartono mengatakan kliennya dirawat di rumah sakit.",
        "Menanggapi wawancara Budi Hartono, juru bicara Rina Wulandari mengatakan bahwa "
        "perusahaan tidak pernah menerima laporan itu.",
    )
    assert _one(quotes, "kliennya dirawat").speaker == "Fredi Santoso"
    assert _one(quotes, "tidak pernah menerima").speaker == "Rina Wulandari"


def test_a_sentence_opened_by_kata_x_is_x_reporting() -> None:
    """ "Kata X, ..." opens a sentence as "Menurut X, ..." does; the pronoun after it is X."""
    quotes = _quotes(
        "KPK mengirim surat ke rumah Budi. Padahal kata Fredi Santoso, Rina sudah memiliki "
        "rumah sendiri di Bandung.",
        '"Beliau sudah tidak tinggal di sana," tuturnya.',
        "Kata pepatah lama, air beriak tanda tak dalam bagi mereka yang banyak bicara.",
    )
    reported = _one(quotes, "sudah memiliki rumah sendiri")
    assert (reported.speaker, reported.kind) == ("Fredi Santoso", "indirect")
    assert reported.text.startswith("Rina sudah")
    assert _one(quotes, "tidak tinggal di sana").speaker == "Fredi Santoso"
    assert not [q for q in quotes if "air beriak" in q.text and q.speaker]


def test_a_fronted_role_with_its_holder_between_commas_reports_what_follows() -> None:
    """ "Kata juru bicara KPK, Febri Diansyah, ...": the name is the attribution's, not the
    first words reported."""
    quotes = _quotes(
        "KPK menahan Budi Santoso. Kata juru bicara KPK, Febri Diansyah, penahanan dilakukan "
        "setelah pemeriksaan.",
        "Menurut Kepala Polda Jawa Barat, Rudi Hartono, jalan itu ditutup sampai Senin.",
    )
    reported = _one(quotes, "penahanan dilakukan")
    assert (reported.speaker, reported.text) == (
        "Febri Diansyah",
        "penahanan dilakukan setelah pemeriksaan",
    )
    closed = _one(quotes, "jalan itu ditutup")
    assert (closed.speaker, closed.text) == ("Rudi Hartono", "jalan itu ditutup sampai Senin")


def test_an_age_after_the_name_and_english_titles_leave_the_speaker_found() -> None:
    """ "ujar Dirman, 58.": an age ends the attribution, not the name; companies' English
    titles head a role as "Direktur" does ("Head of ...", "SVP ...", "Chief Executive ..."),
    and an acronym in brackets stands between a role and its holder's name; a year after a
    month is no age."""
    quotes = _quotes(
        '"Semestinya TPSA itu dimiliki tiap kecamatan," ujar Dirman, 58.',
        '"Kami belum melihat peningkatan," ujar SVP divisi riset di App Annie, Danielle '
        "Levitas kepada BuzzFeed News.",
        '"Kami menangkap tiga orang," ujar Kepala Bidang Humas Polda Metro Jaya (PMJ), '
        "Argo Yuwono.",
        '"Layanan ini strategi baru bagi perusahaan," kata Chief Executive Officer Disney '
        "Group dalam sebuah pernyataan.",
        "Korban dicabuli sejak Agustus hingga 12 Septermber 2016, kata polisi.",
    )
    assert _one(quotes, "TPSA").speaker == "Dirman"
    levitas = _one(quotes, "belum melihat")
    assert (levitas.speaker, levitas.speaker_role) == ("Danielle Levitas", "SVP divisi riset")
    assert _one(quotes, "tiga orang").speaker == "Argo Yuwono"
    disney = _one(quotes, "strategi baru")
    assert (disney.speaker, disney.speaker_role) == (None, "Chief Executive Officer Disney Group")
    assert _one(quotes, "dicabuli").speaker is None


def test_marks_around_nothing_are_no_quote() -> None:
    assert _quotes('Ia hanya menjawab "" lalu pergi.', "“”") == []


def test_unnamed_speakers_match_in_more_or_fewer_words() -> None:
    from warta.eval.quotes import _same_unnamed

    assert _same_unnamed("sopir", "sopir angkutan")
    assert _same_unnamed("warga", "warga")
    assert not _same_unnamed("sopir", "pedagang sopir")
    assert not _same_unnamed("Joko", "Joko Widodo")  # names are never matched by a part


def test_a_partial_quote_in_a_sentence_opened_by_menurut() -> None:
    quotes = _quotes(
        "Menurut juru bicara Kementerian Perhubungan, Rina Kusumawati, mudik tahun ini menjadi "
        "yang pertama “tanpa pembatasan apa pun” sejak pandemi.",
    )
    partial = _one(quotes, "tanpa pembatasan")
    assert (partial.kind, partial.speaker, partial.verb) == (
        "partial",
        "Rina Kusumawati",
        "menurut",
    )
    assert [q.kind for q in quotes] == ["partial"]  # the partial quote carries the sentence


def test_the_nearest_attribution_wins_in_both_spacings() -> None:
    for closing in ('," kata Hendra.', ' , " kata Hendra .'):
        opening = '"' if closing.startswith(",") else '" '
        quotes = _quotes(
            "Ketua DPRD Jawa Barat Rina Marlina Sukmawati meminta anggaran banjir ditambah. "
            "Rina Marlina Sukmawati menyebut tanggul di Bekasi sudah rapuh.",
            f"{opening}Tanggul itu harus segera diperbaiki sebelum musim hujan{closing}",
        )
        quote = _one(quotes, "Tanggul itu harus")
        assert (quote.kind, quote.speaker) == ("direct", "Hendra"), quotes


def test_spaced_marks_keep_offsets() -> None:
    from warta.analyze.quotes import attached_marks

    text = '" Kami siap , " ucap Budi ( 27 / 3 ) .'
    assert attached_marks(text) == ' "Kami siap ,"  ucap Budi ( 27 / 3 ) .'
    assert len(attached_marks(text)) == len(text)


def test_a_pronoun_takes_the_last_subject_not_a_name_in_a_list() -> None:
    quotes = _quotes(
        '"Pameran ini tentang keseharian kita," kata pelukis Dewi Anggraini di Yogyakarta.',
        "Lukisannya memuat tokoh seperti Gus Dur, Jokowi, dan Soekarno.",
        '"Saya melukis mereka dengan cat minyak," kata dia.',
        "Sementara itu kurator pameran Bambang Sugiarto menilai karya Dewi sangat jujur.",
        '"Ini karya yang matang," ucap dia.',
    )
    assert _one(quotes, "cat minyak").speaker == "Dewi Anggraini"
    assert _one(quotes, "karya yang matang").speaker == "Bambang Sugiarto"


def test_common_nouns_and_offices_are_roles_not_names() -> None:
    quotes = _quotes(
        "Kebakaran melanda pasar induk pada Selasa dini hari.",
        '"Apinya cepat sekali membesar," kata seorang petugas.',
        '"Kami sudah mengerahkan delapan mobil pemadam," ujar Kapolda.',
    )
    for words, role in (("Apinya cepat", "petugas"), ("delapan mobil", "Kapolda")):
        quote = _one(quotes, words)
        assert (quote.speaker, quote.speaker_role) == (None, role), quote


def test_someone_close_to_a_person_is_not_that_person() -> None:
    quotes = _quotes(
        "Perdana Menteri Malaysia Anwar Ibrahim menolak berkomentar soal pemilu.",
        '"Beliau akan bicara setelah rapat kabinet," kata seorang orang kepercayaan Anwar.',
        '"Kabinet tidak akan dirombak," tutur istri Anwar Ibrahim di Putrajaya.',
    )
    quote = _one(quotes, "setelah rapat kabinet")
    assert (quote.speaker, quote.speaker_role) == (None, "orang kepercayaan Anwar"), quote
    assert _one(quotes, "tidak akan dirombak").speaker is None


def test_a_description_with_itu_is_the_unnamed_speaker_it_describes() -> None:
    quotes = _quotes(
        "Rencana pembangunan stadion baru kembali tertunda.",
        '"Investornya mundur bulan lalu," kata seorang sumber di pemerintah kota.',
        "Wali Kota Surabaya Eri Cahyadi belum menanggapi kabar tersebut.",
        '"Tidak ada yang mau bicara terbuka," tutur sumber itu.',
    )
    quote = _one(quotes, "bicara terbuka")
    assert (quote.speaker, quote.speaker_role) == (None, "sumber"), quote


def test_capitalised_words_after_a_common_noun_are_no_name() -> None:
    quotes = _quotes(
        '"Kami diminta membayar setiap pekan," kata ibu berlogat Sunda yang enggan disebut '
        "namanya.",
    )
    quote = _one(quotes, "membayar setiap pekan")
    assert quote.speaker is None and (quote.speaker_role or "").startswith("ibu"), quote


def test_a_named_speaker_keeps_the_role_the_attribution_gives() -> None:
    quotes = _quotes(
        '"Anggaran itu sudah disetujui," kata Ketua DPR Puan Maharani di Senayan.',
    )
    quote = _one(quotes, "Anggaran itu")
    assert (quote.speaker, quote.speaker_role) == ("Puan Maharani", "Ketua DPR")


def test_words_glued_before_a_name_are_not_the_name() -> None:
    from warta.lang.id.speech import mistyped_office, not_a_name

    assert mistyped_office("Keamana") and not mistyped_office("Wiranto")
    assert all(not_a_name(w) for w in ("Suara.com", "KPU", "Pol", "Sesmenpora", "Kabid"))
    assert not any(not_a_name(w) for w in ("Condro", "M", "Fauzan"))


def test_a_nickname_made_of_the_starts_of_a_name() -> None:
    from warta.lang.id.speech import abbreviates

    assert abbreviates("djanur", ["djadjang", "nurdjaman"])
    assert abbreviates("jokowi", ["joko", "widodo"])
    assert not abbreviates("joko", ["joko", "widodo"])
    assert not abbreviates("ahok", ["basuki", "tjahaja", "purnama"])


def test_an_unattributed_quote_after_the_writers_words_is_the_next_speaker() -> None:
    quotes = _quotes(
        "Petinju Meksiko Juan Manuel Marquez menanggapi tantangan itu dengan dingin.",
        '"Saya tidak tertarik bertanding lagi."',
        '"Kemenangan saya sudah jelas," kata Marquez.',
    )
    assert _one(quotes, "tidak tertarik").speaker == "Juan Manuel Marquez"


def test_a_role_phrase_goes_on_to_a_name_in_the_same_clause() -> None:
    quotes = _quotes(
        '"Visanya sudah tidak berlaku," ujar Konsul Jenderal RI di Houston, Nadia Safitri, '
        "kepada wartawan.",
    )
    assert _one(quotes, "Visanya").speaker == "Nadia Safitri"


SPEAKERS_DEV = REPO / "tests" / "fixtures" / "speakers-dev"


@pytest.mark.parametrize("spacing", ["tokenised", "detokenised"])
def test_speakers_dev_set_floor(warta: Warta, spacing: str) -> None:
    # 38 IndoSum articles, 117 direct quotes labelled by hand (speakers-dev/README.md); the
    # held-out third in speakers-heldout/ is not a test. Floors: they may only rise.
    result = warta(
        "eval", "quotes", "--gold", SPEAKERS_DEV / "gold.json", "--inputs",
        SPEAKERS_DEV / spacing, "--format", "json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    direct = json.loads(result.stdout)["kinds"]["direct"]
    assert direct["recall"] >= 0.98 and direct["speaker_accuracy"] >= 0.98, direct


def test_listing_gives_the_role_and_finds_an_unnamed_speaker_by_it(
    warta: Warta, tmp_path: Path
) -> None:
    records = [
        {"id": "w1", "published": "2022-02-01T10:00:00+07:00", "outlet": "c.example",
         "text": "Banjir merendam Kampung Melayu sejak Senin.\n"
                 "\"Air naik cepat sekali,\" ujar seorang warga.\n"
                 "\"Pompa sudah dinyalakan,\" kata Kepala BPBD DKI Isnawa Adji."},
    ]  # fmt: skip
    assert warta("ingest", _jsonl(tmp_path / "in.jsonl", records)).returncode == 0
    listed = warta("quotes", "--speaker", "warga", "--format", "json").json()
    assert [(q["speaker"], q["speaker_role"]) for q in listed] == [(None, "warga")]
    named = warta("quotes", "--speaker", "Isnawa Adji", "--format", "json").json()
    assert [(q["speaker"], q["speaker_role"]) for q in named] == [
        ("Isnawa Adji", "Kepala BPBD DKI")
    ]
    rows = csv.DictReader(io.StringIO(warta("quotes", "-f", "csv").stdout))
    assert any(row["speaker_role"] == "warga" for row in rows)


def test_names_are_cleaned_of_what_the_tagger_glued_to_them() -> None:
    from warta.analyze.speakers import Context
    from warta.model import EntityMention

    body = [
        "Suara.com - Pascal Wehrlein puas. Menko Polhukam Keamana Wiranto datang bersama "
        "Ducati Paolo Ciabatti.",
        "Wiranto dan Ducati bertemu Anies - Sandi. Anies dan Sandi tersenyum.",
    ]

    def mention(paragraph: int, text: str, kind: str = "PERSON") -> EntityMention:
        start = body[paragraph].index(text)
        return EntityMention(text, kind, text, paragraph, start, start + len(text))

    article = Article(id="a", body=body)
    article.entities = [
        mention(0, "Suara.com - Pascal Wehrlein"),
        mention(0, "Keamana Wiranto"),
        mention(0, "Ducati Paolo Ciabatti"),
        mention(1, "Wiranto"),
        mention(1, "Ducati", "ORG"),
        mention(1, "Anies - Sandi"),
        mention(1, "Anies"),
        mention(1, "Sandi"),
    ]
    context = Context(article)
    assert context.person_name("Suara.com - Pascal Wehrlein") == "Pascal Wehrlein"
    assert context.person_name("Keamana Wiranto") == "Wiranto"
    assert context.person_name("Ducati Paolo Ciabatti") == "Paolo Ciabatti"
    assert context.two_people("Anies - Sandi") and not context.two_people("Al - Habsyi")
    assert context.full_name("Ciabatti") == "Paolo Ciabatti"


_OFFICES = sorted(speech.OFFICE_WORDS | speech.ROLE_WORDS)


@given(
    st.sampled_from(_OFFICES),
    st.integers(min_value=0, max_value=40),
    st.sampled_from(["delete", "replace", "insert", "swap", "none"]),
    st.sampled_from("aeiknrstuz"),
)
def test_mistyped_office_finds_what_comparing_with_every_office_word_finds(
    known: str, at: int, edit: str, letter: str
) -> None:
    """The index of office words by their deletions gives the answer of comparing a word with
    each office and role word in turn (one edit apart, or not)."""
    at %= len(known)
    word = {
        "delete": known[:at] + known[at + 1 :],
        "replace": known[:at] + letter + known[at + 1 :],
        "insert": known[:at] + letter + known[at:],
        "swap": known[:at] + known[at + 1 : at + 2] + known[at : at + 1] + known[at + 2 :],
        "none": known,
    }[edit].capitalize()
    expected = len(word) >= speech._MIN_TYPO_LENGTH and any(
        speech.one_edit(word.lower(), other) for other in _OFFICES
    )
    assert speech.mistyped_office(word) == expected


@pytest.mark.parametrize("verb", sorted(speech.SPEECH_VERBS))
def test_every_speech_verb_is_found_in_any_case(verb: str) -> None:
    # The verb patterns open with a look-ahead on the verbs' first letters (for speed): it
    # must let every verb through, written in any case, and only as a word.
    for written in (verb, verb.capitalize(), verb.upper()):
        text = f"Menteri itu {written} bahwa harga naik."
        found = _SPEECH_VERB.search(text)
        assert found is not None and found[0] == written
        assert _REPORTING.search(text) is not None
    assert _SPEECH_VERB.search(f"x{verb} {verb}x") is None


@given(st.sets(st.text("abm", max_size=5), max_size=8), st.text("abm", max_size=6))
@example({"mengungkap", "mengungkapkan", "menyebut"}, "mengungkapkan")
@example({"ab", "abb"}, "abb")
def test_the_tree_of_words_matches_the_words_and_nothing_else(words: set[str], text: str) -> None:
    # the speech verbs are searched as a tree of their letters (for speed): the same words
    pattern = re.compile(_one_of(words))
    assert all(pattern.fullmatch(word) for word in words)
    assert (pattern.fullmatch(text) is not None) == (text in words)


@pytest.mark.parametrize(
    "text",
    ["Menurut dia, harga naik.", "Harga naik, kata dia.", "Bulog, LANJUTNYA, juga.",
     "Padahal kata dia, harga naik."],
)  # fmt: skip
def test_a_paragraph_with_menurut_kata_or_an_attribution_after_a_comma_is_read(
    text: str,
) -> None:
    assert _REPORTING.search(text) is not None
    unread = text.replace(",", "").replace("enurut", "erunut").replace("kata", "kaat")
    assert _REPORTING.search(unread) is None


#: Where a sentence may start, as one pattern: a paragraph start, or after a sentence end and a
#: space (what _sentence_starts finds in two steps, for speed).
SENTENCE_START = re.compile(r"(?:^|(?<=[.!?])[\"”’]?\s+)(?=\S)")


@given(
    st.lists(st.sampled_from(["Ia", " ", "\t", "\n", ".", "!", "?", '"', "”", "’", "a"])).map(
        "".join
    )
)
@example("Ia pergi. Kami “siap.” Ya!  Tidak")
@example(" .  A")
def test_sentence_starts_are_where_the_pattern_finds_them(text: str) -> None:
    assert _sentence_starts(text) == [start.end() for start in SENTENCE_START.finditer(text)]
