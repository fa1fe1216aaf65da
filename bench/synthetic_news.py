"""A synthetic stream of already-analysed Indonesian news articles, for the clustering benchmark.

:func:`synthetic_stream` yields ``count`` :class:`~warta.model.Article` objects as the analysis
would have left them (body paragraphs, entity mentions, direct quotes and dates with correct
offsets), each with the story it truly belongs to, so a store can be filled with 100,000
articles without the hours their analysis would take. What makes clustering them honest:

* Stories start at random (a Poisson process) and have heavy-tailed sizes (a power law: most
  have 1-3 articles, some 10-50, a few over 100). A story's coverage is a burst that decays:
  most articles in its first days, a tail over two to four weeks. Stories start at the same
  rate however many articles are asked for, so the articles per day stay ``articles_per_day``
  and 100,000 articles cover about a year. The stream starts warm: stories that began up to a
  month before ``start`` contribute their tails.
* About a fifth of the articles are wire copies: an earlier article of the story republished by
  another outlet within hours, with a new headline, a changed dateline, a dropped sentence or a
  changed word (``SyntheticArticle.original`` names the copied article).
* Every story belongs to a topic area (football, traffic accidents, floods, corruption, ...):
  stories of one area share their generic words, so two football matches look alike but for
  their clubs, players, places and the story's own rare words.
* Each article words its story afresh, from the story's rare words, its area's words, common
  news words and its 2-6 entities (people, organisations, places); a few national entities
  ("Joko Widodo", "DPR", "Jakarta") recur across many stories. 31 outlets write articles of
  different lengths and datelines.

The text is word salad in Indonesian sentence frames ("Polres Garut memastikan penumpang lalu
lintas di Garut, Senin (2/1/2023)."): its words, not its sense, are what clustering reads. The
body is as the analysis leaves it: the dateline ("GARUT, KOMPAS.com -") is taken out of the
first paragraph into ``Article.dateline``. A stream holds in memory only the stories under way
(a month of them), however many articles it makes; the same seed makes the same articles, and
a longer stream starts with a shorter one's.

Run it from the repository root to see what it makes and how fast::

    .venv/bin/python bench/synthetic_news.py [--articles N] [--seed S] [--per-day D]
"""

from __future__ import annotations

import argparse
import hashlib
import heapq
import itertools
import math
import operator
import random
import re
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TypeVar

from warta.lang.id.calendar import WIB
from warta.model import ID_HEX_LENGTH, Article, DateMention, EntityMention, Quote

#: Where the stream starts when no ``start`` is given (a Monday, in WIB).
DEFAULT_START = datetime(2023, 1, 2, tzinfo=WIB)
#: Articles per day: roughly what a few dozen Indonesian portals publish, national and regional.
DEFAULT_ARTICLES_PER_DAY = 300.0
#: Story sizes follow P(size = k) ~ k^-STORY_SIZE_EXPONENT for k up to MAX_STORY_SIZE: with 2.0
#: and 400, 83% of stories have 1-3 articles, 5% have 10-50 and 0.5% more than 100; the mean
#: story has about 4 articles, and stories of 100 or more hold a fifth of the articles.
STORY_SIZE_EXPONENT = 2.0
MAX_STORY_SIZE = 400
#: Chance that an article after a story's first is a wire copy. Single-article stories have no
#: copies, so 0.27 makes about 20% of all articles copies (measured over 100,000 articles).
COPY_PROBABILITY = 0.27
#: A copy comes out this many hours after its original: the minimum plus an exponential delay
#: of the given mean, cut at the maximum.
COPY_DELAY_HOURS = (0.2, 2.5, 12.0)
#: Chance that an article that gets copied was written by the news agency.
WIRE_SHARE = 0.4
WIRE_OUTLET = "antaranews.com"
#: A story's later articles: BURST_SHARE of them in a burst, after an exponential delay of mean
#: BURST_MEAN_DAYS (98% within three days), the rest in a tail from one day to the story's
#: TAIL_DAYS (14 to 28), denser near its start.
BURST_SHARE = 0.8
BURST_MEAN_DAYS = 0.7
TAIL_DAYS = (14, 28)
#: Stories start this many days before the stream, so its first days already carry tails.
WARMUP_DAYS = TAIL_DAYS[1] + 1
#: Rare words of a story's own, and the shares of nouns from them, its area and common news.
TOPIC_WORDS = (3, 6)
NOUN_SOURCES = (0.3, 0.35, 0.35)
#: Chance that a story involves a national entity, and an entity common to its area.
NATIONAL_SHARE = 0.3
AREA_COMMON_SHARE = 0.5
#: Chance that a paragraph after the lead is a direct quote, while the article has quotes left.
QUOTE_PARAGRAPH_SHARE = 0.3
MAX_QUOTES = 3
#: Reporters per outlet, who sign its articles.
STAFF = 20
#: Chances that a copy gets a new headline, loses a sentence, has a word changed.
COPY_EDITS = (0.7, 0.5, 0.5)


def _words(text: str) -> tuple[str, ...]:
    """Words separated by white space; an underscore joins the words of one term."""
    return tuple(word.replace("_", " ") for word in text.split())


NEWS_NOUNS = _words("""
pemerintah masyarakat warga kebijakan program anggaran pembangunan wilayah daerah kawasan lokasi
petugas pihak laporan kasus kejadian peristiwa informasi data jumlah kegiatan acara rapat
pertemuan keputusan aturan peraturan sektor ekonomi harga pasar usaha industri perusahaan
investasi bantuan dana kerja_sama layanan fasilitas sarana infrastruktur jalan kendaraan
keamanan hukum korban saksi keluarga anak pelajar pendidikan kesehatan lingkungan air cuaca
pangan energi pejabat anggota tim komisi dewan lembaga instansi kantor unit satuan personel
aparat relawan tokoh pengamat ahli peneliti survei kajian dokumen surat izin kontrak tender
biaya tarif pajak subsidi pendapatan belanja utang modal kerugian produksi distribusi pasokan
stok permintaan kebutuhan ketersediaan kualitas standar prosedur mekanisme sistem teknologi
akses koordinasi sosialisasi pengawasan penegakan pemeriksaan penyelidikan penanganan
pelaksanaan penerapan pengembangan perbaikan pemulihan evaluasi verifikasi pendataan pembahasan
penetapan penyaluran pendampingan upaya langkah rencana target hasil capaian kenaikan penurunan
peningkatan pertumbuhan kondisi situasi dampak risiko potensi tantangan masalah persoalan solusi
tanggapan keterangan komitmen dukungan kritik keluhan aspirasi tuntutan usulan rekomendasi
imbauan sanksi denda status tahap periode jadwal
""")
ACTIVE_VERBS = _words("""
meminta memastikan melakukan memberikan menerima membahas mendorong meningkatkan menurunkan
mencapai menunjukkan membangun menyiapkan melaksanakan mengimbau mengajak menilai mencatat
merencanakan menggelar menghadiri meninjau memeriksa menetapkan menyerahkan menyalurkan
mengusulkan menolak mendukung mengevaluasi memantau mengawasi menangani memperbaiki
mengembangkan menargetkan mengumumkan menyoroti mempertanyakan mengirimkan menemukan
menghentikan melanjutkan memperpanjang mempercepat memperketat mengantisipasi memprioritaskan
mengalokasikan menyelesaikan
""")
PASSIVE_VERBS = _words("""
dilakukan diberikan diterima ditetapkan dilaporkan dibahas ditangani dibangun digelar
disalurkan diperiksa dievaluasi dipantau diawasi diperbaiki dikembangkan ditargetkan diumumkan
disiapkan dilaksanakan diusulkan ditolak didukung dihentikan dilanjutkan diperpanjang dipercepat
diperketat dicatat ditemukan dikirim diselesaikan dialokasikan ditinjau diamankan didata
dijadwalkan diresmikan
""")
ADJECTIVES = _words("""
baru besar penting utama tinggi cepat serius resmi khusus nasional lokal terpadu sementara
tambahan lanjutan darurat strategis signifikan optimal efektif transparan rutin intensif
lengkap memadai mendesak terbaru awal
""")
MODALS = _words("akan telah sudah masih terus segera kembali juga tengah belum")
PREPOSITIONS = _words("di untuk dengan dalam terhadap bagi melalui sejak dari ke pada")
DETERMINERS = _words("itu ini tersebut")
OPENERS = _words("""
Selain_itu Sementara_itu Di_sisi_lain Sebelumnya Hingga_kini Saat_ini Dalam_kesempatan_itu
Akibatnya Oleh_karena_itu Meski_demikian Untuk_itu Dengan_demikian Pada_tahap_awal
""")
CONJUNCTIONS = _words("dan serta sekaligus sehingga")
SPEECH_AFTER = _words("kata ujar tutur ucap jelas tegas imbuh")
SPEECH_BEFORE = _words("mengatakan menegaskan menjelaskan menyatakan menambahkan")
HEADLINE_VERBS = _words("""
Tetapkan Bahas Minta Pastikan Tinjau Resmikan Tolak Dukung Ungkap Gelar Tangkap Salurkan
Siapkan Evaluasi Targetkan Periksa Umumkan Soroti Desak Catat Temukan Usulkan Perketat Percepat
Hentikan Lanjutkan Pantau
""")
#: Words a headline keeps in lower case.
TITLE_LOWER = frozenset(_words("di ke dari dan untuk dengan yang pada dalam atau"))
RANKS = _words("Kepala Ketua Juru_bicara Sekretaris Kepala_Bagian_Humas Direktur Koordinator")
WEEKDAYS = _words("Senin Selasa Rabu Kamis Jumat Sabtu Minggu")
MONTHS = _words("Januari Februari Maret April Mei Juni Juli Agustus September Oktober November")
MONTHS += ("Desember",)

FIRST_NAMES = _words("""
Budi Agus Siti Dewi Ahmad Muhammad Rudi Andi Eko Sri Yusuf Hendra Wahyu Dian Rina Fitri Joko
Bambang Slamet Nur Putri Rizky Fajar Arif Bayu Dedi Dimas Dodi Endang Erwin Fauzi Gilang Hadi
Hasan Ikhsan Indra Irfan Iwan Lina Lukman Maya Nanda Nia Novi Ratna Reza Ridwan Rini Rizal Sari
Taufik Teguh Tri Umar Wawan Wulan Yanti Yoga Yudi Zainal Anisa Bagus Cahya Dani Fikri Gita Heru
""")
LAST_NAMES = _words("""
Santoso Wijaya Pratama Saputra Hidayat Kurniawan Setiawan Nugroho Susanto Gunawan Siregar
Nasution Harahap Simanjuntak Lubis Sitompul Hutapea Manurung Tanjung Rahman Hakim Syahputra
Firmansyah Ramadhan Purnomo Wibowo Halim Lestari Rahayu Wulandari Handayani Permana Hasibuan
Pangaribuan Sinaga Panjaitan Pohan Daulay Rangkuti Batubara Situmorang Sembiring Ginting
Tarigan Manik Sihombing Pardede Hutagalung Marpaung Nainggolan Silalahi Butarbutar Kusuma
Mahendra Utomo Prasetyo Suharto Sulistyo Hartono Irawan Sukmana Maulana Fadillah Anwar Latif
""")
#: Javanese-looking surnames are made from these parts ("Su" + "ryan" + "to").
SURNAME_PARTS = (
    _words("Su Har Pur Wi Sa Dar Ma Jo Sri Tri Bam Sus Sapto Dwi Hadi"),
    _words("ryan jat yan man wan tan di go san kar ran mad tar wir"),
    _words("to no di ni ti wati yanto yono sih tomo jaya"),
)
CITIES = _words("""
Jakarta Surabaya Bandung Medan Semarang Makassar Palembang Denpasar Yogyakarta Malang Padang
Pekanbaru Balikpapan Samarinda Pontianak Banjarmasin Manado Kupang Mataram Jayapura Ambon Bogor
Depok Bekasi Tangerang Solo Cirebon Tasikmalaya Jambi Bengkulu Bandar_Lampung Serang Kendari Palu
Gorontalo Ternate Sorong Batam Tegal Purwokerto Kediri Jember Banyuwangi Garut Sukabumi Cianjur
Magelang Klaten
""")
PLACE_PREFIXES = _words(
    "Suka Karang Tanjung_ Sido Banjar Pasir_ Sungai_ Bukit_ Teluk_ Batu_ Muara_"
)
PLACE_ROOTS = _words("""
maju jaya rejo sari mulya anyar harjo makmur indah baru asri raya tengah wangi agung mekar
""")
#: Syllables of made-up words: the story's rare words and the names of made-up places and bodies.
SYLLABLES = tuple(onset + vowel for onset in _words("b c d g h j k l m n p r s t w ng ny")
                  for vowel in _words("a a i u e o"))  # fmt: skip
CODAS = _words("n ng r s k l h")
AFFIXES = _words("pe ke ber se")


#: The word classes frames draw from; "noun" is each story's own (see noun_table).
WORD_CLASSES = {
    "active": ACTIVE_VERBS, "passive": PASSIVE_VERBS, "adj": ADJECTIVES, "prep": PREPOSITIONS,
    "modal": MODALS, "det": DETERMINERS, "opener": OPENERS, "conj": CONJUNCTIONS,
    "say_after": SPEECH_AFTER, "say_before": SPEECH_BEFORE,
}  # fmt: skip
#: Mention slots of frames: a person, a body, either, the story's place, the publication day,
#: the day the story's event happened, the person a quote is from.
MENTIONS = frozenset({"PERSON", "BODY", "WHO", "PLACE", "DATE", "EVENT", "SPEAKER"})


@dataclass(frozen=True, slots=True)
class Frame:
    """A paragraph's worth of pattern: a sentence, or a quote with its attribution.

    Each word is drawn from the table of its slot: a word class, a literal word, FACT (the
    story's number), or "" for a mention slot, which is named afterwards.
    """

    slots: tuple[str, ...]  # a key of TABLES or Story.tables per word, "" for a mention
    mentions: tuple[tuple[int, str], ...]  # (word, kind of mention)
    capitals: tuple[int, ...]  # words that start a sentence or a quote
    marks: tuple[tuple[int, str, str], ...]  # (word, punctuation before it, after it)
    quote: tuple[int, int, int] | None = None  # first and last quoted word, the speech verb


def _frames(text: str) -> tuple[Frame, ...]:
    """Sentence frames, one a line: words separated by spaces, a comma glued to its word."""
    frames = []
    for line in text.strip().splitlines():
        tokens = [token.rstrip(",") for token in line.split()]
        commas = [(i, "", ",") for i, token in enumerate(line.split()) if token.endswith(",")]
        frames.append(Frame(
            slots=tuple("" if token in MENTIONS else token for token in tokens),
            mentions=tuple((i, token) for i, token in enumerate(tokens) if token in MENTIONS),
            capitals=(0,),
            marks=(*commas, (len(tokens) - 1, "", ".")),
        ))  # fmt: skip
    return tuple(frames)


def _quotes(text: str) -> tuple[Frame, ...]:
    """Quote paragraphs from frames of quoted words: '"...," kata X.' and 'X mengatakan, "..."'
    (the closing marks are two characters)."""
    frames = []
    for words in _frames(text):
        n = len(words.slots)
        commas = [mark for mark in words.marks if mark[2] == ","]
        frames.append(Frame(
            slots=(*words.slots, "say_after", ""),
            mentions=((n + 1, "SPEAKER"),),
            capitals=(0,),
            marks=((0, '"', ""), *commas, (n - 1, "", ',"'), (n + 1, "", ".")),
            quote=(0, n - 1, n),
        ))  # fmt: skip
        frames.append(Frame(
            slots=("", "say_before", *words.slots),
            mentions=((0, "SPEAKER"),),
            capitals=(0, 2),
            marks=((1, "", ","), (2, '"', ""), *((i + 2, "", ",") for i, _, _ in commas),
                   (n + 1, "", '."')),
            quote=(2, n + 1, 1),
        ))  # fmt: skip
    return tuple(frames)


#: Frames by use: the lead sentence, the background sentence of a later day's article, the
#: body's sentences, quote paragraphs.
FRAMES = {
    "lead": _frames("""
WHO modal active noun noun prep noun adj di PLACE, DATE, setelah noun det passive prep noun
noun noun adj passive oleh BODY di PLACE, DATE, dalam noun yang passive untuk noun noun
WHO active noun noun yang passive prep noun di PLACE pada DATE untuk noun adj
sebanyak FACT passive dalam noun noun di PLACE, DATE, karena noun det modal passive
PERSON modal active noun det saat noun noun di PLACE, DATE, conj active noun adj
"""),
    "background": _frames("""
noun det pertama kali passive pada EVENT prep noun noun yang adj
peristiwa det terjadi pada EVENT, saat noun noun masih passive prep noun
noun noun det passive sejak EVENT dan hingga kini modal passive
sebelumnya, noun noun passive oleh BODY pada EVENT prep noun adj
"""),
    "body": _frames("""
WHO modal active noun noun prep noun adj di PLACE agar noun det tidak passive
WHO active noun det, conj modal active noun noun prep noun adj
opener, noun noun modal passive oleh BODY prep noun det sebelum noun adj passive
noun yang passive prep noun noun modal active noun adj prep noun det
sebanyak FACT passive prep noun noun di PLACE, sementara noun det masih passive
PERSON juga active noun adj untuk noun noun prep noun det yang passive prep noun
opener, PERSON modal active noun noun yang passive prep noun adj
BODY modal active noun noun bagi noun adj di PLACE, conj active noun det
noun det modal passive prep noun noun, conj noun adj modal active noun prep noun
hingga saat ini, noun noun masih passive oleh BODY prep noun adj
selain noun, BODY juga active noun noun dan noun adj yang passive sejak noun det
upaya det passive agar noun noun tidak passive prep noun, terutama noun adj
noun noun di PLACE modal passive prep noun adj sehingga noun det dapat passive
pihaknya modal active noun noun prep noun det, conj active noun adj prep noun
WHO active noun noun dalam noun adj yang passive prep noun noun det
opener, sejumlah noun noun passive setelah noun det passive oleh WHO
para noun modal active noun adj prep noun noun di PLACE untuk noun yang adj
noun adj tersebut passive sejak noun noun passive prep noun, conj modal passive
berdasarkan noun BODY, sebanyak FACT modal passive prep noun noun det
dalam noun det, noun noun modal passive untuk noun adj prep noun noun
noun noun juga modal passive karena noun det belum passive prep noun adj
opener, WHO active noun noun dengan noun adj prep noun yang passive
seluruh noun noun modal active noun noun prep noun det, termasuk noun adj
noun adj modal passive pada noun noun sebelum noun det passive oleh WHO
PERSON bersama BODY active noun noun prep noun adj di PLACE
akibat noun det, sekitar FACT passive prep noun noun dan noun adj
noun noun tidak hanya passive prep noun, tetapi juga passive oleh WHO
opener, noun noun modal active noun adj bagi noun noun det
noun det modal active noun noun yang adj, conj noun adj prep noun modal passive
opener, noun yang passive prep noun det modal active noun noun adj
para noun juga active noun adj agar noun noun det tidak passive prep noun
noun noun adj masih passive, sementara noun noun det modal passive prep noun
dengan noun det, noun noun modal active noun adj prep noun noun yang passive
opener, noun adj yang passive sejak noun det modal active noun noun
noun noun det passive prep noun adj, conj modal passive untuk noun noun prep noun
kondisi det membuat noun noun modal active noun adj prep noun det
"""),
    "quote": _quotes("""
kami modal active noun noun prep noun det agar noun adj dapat passive
kami tidak akan active noun adj, conj modal active noun noun prep noun
noun noun det modal passive prep noun adj, jadi noun noun tidak passive
saya active noun noun agar noun det passive prep noun yang adj
kita modal active noun noun untuk noun adj karena noun det masih passive
yang penting noun noun modal passive dengan noun adj prep noun
pihak kami telah active noun noun sejak noun det dan modal active noun
ini noun adj, jadi kita harus active noun noun prep noun det
"""),
}


def table(words: Sequence[str]) -> tuple[str, ...]:
    """256 entries that repeat ``words`` in turn, to draw one with a random byte (when 256 is
    not a multiple of their number, some words come up once more in 256 than others)."""
    return tuple(itertools.islice(itertools.cycle(words), 256))


#: What frames draw their words from, by slot: a table per word class, and one per literal
#: word ("" for mentions, filled in later). Each story adds its "noun" and "FACT" tables
#: (``Story.tables``).
TABLES = {name: table(words) for name, words in WORD_CLASSES.items()} | {
    literal: (literal,) * 256
    for frames in FRAMES.values()
    for frame in frames
    for literal in frame.slots
    if literal not in WORD_CLASSES and literal not in ("noun", "FACT")
}


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation or place a story is about."""

    name: str
    type: str  # PERSON, ORG or LOC
    short: str | None = None  # how the text names a person after the first mention
    rank: str | None = None  # "Kepala", "pelatih": with ``employer``, the person's role
    employer: Entity | None = None


def _organisations(text: str) -> tuple[Entity, ...]:
    return tuple(Entity(name, "ORG") for name in text.split("|") if name)


#: Entities that many stories share, whatever their area.
NATIONAL = (
    Entity("Joko Widodo", "PERSON", "Jokowi", "Presiden"),
    Entity("Ma'ruf Amin", "PERSON", "Ma'ruf", "Wakil Presiden"),
    Entity("Prabowo Subianto", "PERSON", "Prabowo", "Menteri Pertahanan"),
    Entity("Sri Mulyani Indrawati", "PERSON", "Sri Mulyani", "Menteri Keuangan"),
    *_organisations("DPR|Polri|TNI"),
    Entity("Jakarta", "LOC"),
    Entity("Indonesia", "LOC"),
)


@dataclass(frozen=True, slots=True)
class Area:
    """A topic area: the words, kinds of bodies and common entities its stories share.

    ``bodies`` are patterns for the story's local organisations: ``{city}`` is the story's place,
    ``{name}`` a made-up capitalised word.
    """

    key: str
    weight: int
    section: str
    words: tuple[str, ...]
    bodies: tuple[str, ...]
    units: tuple[str, ...]
    common: tuple[Entity, ...]
    ranks: tuple[str, ...] = RANKS


def _area(key: str, weight: int, section: str, words: str, bodies: str, units: str, common: str,
          ranks: str = "") -> Area:  # fmt: skip
    return Area(key, weight, section, _words(words), tuple(bodies.split("|")), _words(units),
                _organisations(common), _words(ranks) or RANKS)  # fmt: skip


AREAS = (
    _area("sepakbola", 8, "sport", """pertandingan laga gol babak pelatih pemain klub liga skor
          menit stadion suporter kemenangan kekalahan klasemen musim penalti tendangan gawang
          kiper wasit turnamen final tuan_rumah lini_tengah serangan""",
          "Persi{name} {city}|{city} FC|PS {name}", "gol poin menit", "PSSI|PT Liga Indonesia Baru",
          "pelatih kapten manajer pemain"),
    _area("kecelakaan", 7, "daerah", """kecelakaan truk bus sepeda_motor mobil pengemudi
          penumpang luka tabrakan rem jalan_raya tikungan olah_TKP evakuasi ambulans lalu_lintas
          muatan jalur simpang kemacetan sopir""",
          "Polres {city}|Satlantas Polres {city}|Dinas Perhubungan {city}|RSUD {city}",
          "orang kendaraan korban", "Jasa Raharja|Korlantas Polri"),
    _area("bencana", 6, "daerah", """banjir longsor hujan_deras pengungsi evakuasi tanggul sungai
          logistik rumah_warga posko ketinggian_air relawan genangan cuaca_ekstrem perahu_karet
          dapur_umum jembatan material""",
          "BPBD {city}|Pemkab {city}|Dinas Sosial {city}|Tagana {city}",
          "rumah kepala_keluarga jiwa hektare", "BNPB|Basarnas|BMKG"),
    _area("korupsi", 6, "hukum", """korupsi penyidik tersangka suap gratifikasi kerugian_negara
          pengadilan jaksa dakwaan vonis sidang terdakwa penahanan penggeledahan barang_bukti
          proyek pengadaan rekening aliran_dana pencucian_uang""",
          "Kejaksaan Negeri {city}|Dinas PUPR {city}|Pengadilan Tipikor {city}|DPRD {city}",
          "miliar_rupiah saksi tersangka", "KPK|Kejaksaan Agung|PPATK"),
    _area("pemilu", 7, "politik", """pemilu partai koalisi calon kampanye suara pemilih survei
          elektabilitas debat kursi parlemen pencalonan pilkada kader rekapitulasi tahapan
          daftar_pemilih saksi_partai""",
          "KPU {city}|Bawaslu {city}|DPD Partai {name}|DPRD {city}", "persen kursi suara",
          "KPU|Bawaslu|PDI Perjuangan|Partai Golkar|Partai Gerindra"),
    _area("harga", 6, "ekonomi", """harga inflasi beras cabai minyak_goreng pasokan pedagang
          pasar konsumen operasi_pasar stok komoditas daya_beli gula telur bawang_merah ekspor
          impor""",
          "Dinas Perdagangan {city}|Perum Bulog {city}|Pasar {name}|Pemkot {city}",
          "ton persen kilogram", "Bank Indonesia|Badan Pusat Statistik|Kementerian Perdagangan"),
    _area("kesehatan", 5, "health", """pasien rumah_sakit puskesmas vaksinasi penyakit
          demam_berdarah dokter tenaga_kesehatan obat gejala penularan imunisasi gizi stunting
          ruang_rawat rujukan wabah klinik""",
          "Dinas Kesehatan {city}|RSUD {city}|Puskesmas {name}", "pasien kasus orang",
          "Kementerian Kesehatan|BPJS Kesehatan|WHO"),
    _area("kriminal", 7, "hukum", """pencurian penangkapan pelaku barang_bukti narkoba sabu
          penggerebekan modus jaringan penganiayaan laporan_polisi senjata_tajam rumah_kontrakan
          penadah residivis tahanan rekaman_CCTV pengejaran""",
          "Polres {city}|Polsek {name}|Satreskrim Polres {city}|Lapas {city}",
          "gram pelaku orang", "Bareskrim Polri|BNN"),
    _area("pendidikan", 4, "edukasi", """sekolah siswa guru kurikulum ujian beasiswa penerimaan
          zonasi kampus mahasiswa dosen pembelajaran ruang_kelas rektor wisuda seleksi
          akreditasi""",
          "Dinas Pendidikan {city}|Universitas {name}|SMA Negeri 1 {city}", "siswa sekolah guru",
          "Kemendikbudristek"),
    _area("infrastruktur", 4, "ekonomi", """jalan_tol jembatan kontraktor bendungan konstruksi
          peresmian progres lahan pembebasan_lahan ruas trase irigasi terowongan pelebaran_jalan
          gedung tiang_pancang pekerja_proyek""",
          "Dinas PUPR {city}|PT {name} Karya|Balai Besar Wilayah Sungai {name}",
          "kilometer persen miliar_rupiah", "Kementerian PUPR|Jasa Marga"),
    _area("energi", 4, "ekonomi", """BBM SPBU pertalite solar subsidi kuota listrik pemadaman
          tarif_listrik antrean energi_terbarukan gardu pembangkit elpiji tabung_gas pangkalan""",
          "PLN UP3 {city}|SPBU {name}|Dinas ESDM {city}", "liter megawatt pelanggan",
          "Pertamina|PLN|Kementerian ESDM"),
    _area("diplomasi", 3, "internasional", """kunjungan bilateral delegasi perjanjian duta_besar
          konferensi KTT perdagangan investasi_asing diplomatik nota_kesepahaman kemitraan forum
          perundingan""",
          "Kedutaan Besar {name}|Pemerintah {name}", "negara delegasi miliar_dolar",
          "Kementerian Luar Negeri|ASEAN|PBB"),
    _area("gempa", 3, "daerah", """gempa magnitudo tsunami guncangan episentrum kedalaman
          kerusakan getaran gempa_susulan pusat_gempa patahan lempeng retakan bangunan
          pengungsian""",
          "BPBD {city}|Stasiun Geofisika {city}", "kilometer rumah kali", "BMKG|BNPB|PVMBG"),
    _area("digital", 3, "tekno", """aplikasi data_pribadi kebocoran siber peretas platform
          internet startup layanan_daring pengguna server akun kata_sandi serangan_siber
          pusat_data transaksi_digital dompet_digital""",
          "PT {name} Digital|Diskominfo {city}", "juta_pengguna akun persen", "Kominfo|BSSN|OJK"),
    _area("hiburan", 3, "hiburan", """film penyanyi konser album penggemar panggung aktor
          sutradara penonton tiket festival lagu band syuting bioskop penampilan""",
          "{name} Pictures|{name} Records|{name} Entertainment", "penonton lagu tiket", "",
          "vokalis produser sutradara manajer"),
    _area("mudik", 3, "nasional", """mudik pemudik arus_balik kereta_api tiket penumpang
          bandara pelabuhan penerbangan kemacetan rekayasa_lalu_lintas kapal gerbang_tol
          rest_area angkutan_lebaran jadwal_keberangkatan""",
          "Bandara {name}|Pelabuhan {city}|Dinas Perhubungan {city}|Daop {name}",
          "penumpang kendaraan persen", "Kementerian Perhubungan|KAI|Jasa Marga|ASDP"),
    _area("karhutla", 2, "daerah", """kebakaran hutan lahan titik_api asap kabut_asap
          pemadaman water_bombing satgas gambut hotspot kualitas_udara ISPA embung helikopter
          sekat_kanal""",
          "Manggala Agni {city}|BPBD {city}|Satgas Karhutla {city}", "hektare titik_api hari",
          "KLHK|BNPB|BMKG"),
    _area("haji", 2, "nasional", """jemaah haji kloter embarkasi asrama_haji ibadah manasik
          kuota_haji penerbangan_haji petugas_haji pelunasan biaya_haji pemondokan katering""",
          "Kantor Kemenag {city}|Embarkasi {city}", "jemaah kloter orang",
          "Kementerian Agama|Garuda Indonesia"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Outlet:
    """A news portal: its domain, how much it publishes, how long its articles are, its style."""

    domain: str
    weight: int
    paragraphs: tuple[int, int]  # fewest and most paragraphs of an article
    sentences: int  # most sentences in a paragraph
    dateline: str  # "upper" (JAKARTA), "title" (Jakarta) or "none"
    url: str  # pattern with {domain}, {section}, {day} (yyyy/mm/dd), {number} and {slug}


_URL_READ = "https://{domain}/read/{day}/{number}/{slug}"
_URL_BERITA = "https://{domain}/berita/d-{number}/{slug}"
_URL_SECTION = "https://{domain}/{section}/{number}/{slug}"
_URL_DAY = "https://{domain}/{section}/{day}/{slug}-{number}"
OUTLETS = (
    Outlet("detik.com", 10, (4, 9), 2, "upper", _URL_BERITA),
    Outlet("kompas.com", 9, (7, 15), 3, "upper", _URL_READ),
    Outlet("tribunnews.com", 10, (5, 12), 2, "upper", _URL_DAY),
    Outlet("liputan6.com", 7, (5, 11), 2, "title", _URL_SECTION),
    Outlet("cnnindonesia.com", 6, (6, 12), 3, "upper", _URL_DAY),
    Outlet("tempo.co", 5, (6, 14), 3, "upper", _URL_READ),
    Outlet("antaranews.com", 8, (5, 10), 3, "title", _URL_BERITA),
    Outlet("okezone.com", 6, (4, 9), 2, "upper", _URL_READ),
    Outlet("sindonews.com", 5, (5, 11), 3, "upper", _URL_READ),
    Outlet("suara.com", 5, (4, 10), 2, "title", _URL_DAY),
    Outlet("merdeka.com", 5, (5, 10), 2, "none", _URL_SECTION),
    Outlet("republika.co.id", 4, (6, 13), 3, "upper", _URL_BERITA),
    Outlet("viva.co.id", 4, (5, 10), 2, "upper", _URL_SECTION),
    Outlet("medcom.id", 4, (5, 11), 3, "title", _URL_READ),
    Outlet("jpnn.com", 4, (4, 8), 2, "upper", _URL_BERITA),
    Outlet("kumparan.com", 5, (4, 9), 2, "none", _URL_SECTION),
    Outlet("idntimes.com", 4, (5, 12), 2, "title", _URL_DAY),
    Outlet("inews.id", 3, (4, 9), 2, "upper", _URL_BERITA),
    Outlet("beritasatu.com", 3, (6, 12), 3, "upper", _URL_READ),
    Outlet("mediaindonesia.com", 3, (7, 15), 3, "upper", _URL_READ),
    Outlet("bisnis.com", 3, (7, 14), 3, "upper", _URL_READ),
    Outlet("cnbcindonesia.com", 3, (6, 12), 2, "upper", _URL_DAY),
    Outlet("jawapos.com", 3, (5, 11), 3, "upper", _URL_SECTION),
    Outlet("voi.id", 2, (4, 8), 2, "title", _URL_BERITA),
    Outlet("kabarnusantara.id", 2, (4, 7), 2, "upper", _URL_DAY),
    Outlet("lintasdaerah.com", 2, (4, 8), 2, "title", _URL_READ),
    Outlet("suaramerapi.id", 1, (4, 7), 2, "upper", _URL_SECTION),
    Outlet("warta-borneo.com", 1, (5, 9), 3, "upper", _URL_DAY),
    Outlet("sorotsulawesi.id", 1, (4, 8), 2, "title", _URL_BERITA),
    Outlet("harianpesisir.co.id", 1, (5, 10), 3, "upper", _URL_READ),
    Outlet("beritatimur.com", 1, (4, 8), 2, "none", _URL_SECTION),
)
_OUTLET_WEIGHTS = list(itertools.accumulate(outlet.weight for outlet in OUTLETS))
_AREA_WEIGHTS = list(itertools.accumulate(area.weight for area in AREAS))
_STORY_SIZE_WEIGHTS = list(
    itertools.accumulate(size**-STORY_SIZE_EXPONENT for size in range(1, MAX_STORY_SIZE + 1))
)
#: The mean story size, which sets how often stories start for a given article density.
MEAN_STORY_SIZE = (
    sum(size**(1 - STORY_SIZE_EXPONENT) for size in range(1, MAX_STORY_SIZE + 1))
    / _STORY_SIZE_WEIGHTS[-1]
)  # fmt: skip


@dataclass(slots=True)
class Text:
    """An article's body and the mentions in it, offsets into ``body[paragraph]``."""

    body: list[str] = field(default_factory=list)
    entities: list[EntityMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)


@dataclass(slots=True)
class Story:
    """A story: what its articles share, and its published articles waiting to be copied."""

    label: str
    area: Area
    event_day: date
    topic_words: tuple[str, ...]
    place: Entity
    people: tuple[Entity, ...]
    bodies: tuple[Entity, ...]  # its organisations
    fact: str  # a number its articles repeat ("17 rumah")
    tables: dict[str, tuple[str, ...]]  # its "noun" and "FACT" tables (see TABLES)
    copyable: dict[int, Copyable] = field(default_factory=dict)  # by slot


@dataclass(slots=True)
class Copyable:
    """A published article that copies are still to come of."""

    text: Text
    title: str
    id: str
    outlet: Outlet
    copies_left: int


@dataclass(slots=True)
class Due:
    """An article of a story, to come out ``days`` after the start of the stream."""

    days: float
    slot: int  # its number within the story
    original: int  # the slot of the article it copies, or -1
    copies: int = 0  # copies of it to come


@dataclass(frozen=True, slots=True)
class SyntheticArticle:
    """An analysed article, the story it belongs to, and the id of the article it copies."""

    article: Article
    story: str
    original: str | None


T = TypeVar("T")


def pick(rng: random.Random, items: Sequence[T]) -> T:
    """One of ``items``, uniformly (``random.choice`` without its exact-integer path: faster)."""
    return items[int(rng.random() * len(items))]


def between(rng: random.Random, low: int, high: int) -> int:
    """An integer from ``low`` to ``high`` inclusive, uniformly (a faster ``randint``)."""
    return low + int(rng.random() * (high - low + 1))


def made_up_word(rng: random.Random) -> str:
    """A word that looks Indonesian but is in no dictionary ("kelutang", "bersamo")."""
    syllables = rng.choices(SYLLABLES, k=between(rng, 2, 3))
    if rng.random() < 0.4:
        syllables.append(pick(rng, CODAS))
    if rng.random() < 0.25:
        syllables.insert(0, pick(rng, AFFIXES))
    return "".join(syllables)


def person_name(rng: random.Random) -> str:
    """An Indonesian-looking name: a given name and a surname, or a Javanese single name."""
    javanese = "".join(pick(rng, part) for part in SURNAME_PARTS)
    roll = rng.random()
    if roll < 0.3:
        return javanese
    return f"{pick(rng, FIRST_NAMES)} {javanese if roll < 0.65 else pick(rng, LAST_NAMES)}"


def place_name(rng: random.Random) -> str:
    """A real city half of the time, else a made-up regency ("Karanganyar", "Tanjung Sari")."""
    if rng.random() < 0.5:
        return pick(rng, CITIES)
    prefix, root = pick(rng, PLACE_PREFIXES), pick(rng, PLACE_ROOTS)
    if prefix.endswith(" "):  # "Tanjung_" in the list: a word of its own
        return prefix + root.title()
    return prefix + root


def noun_table(rng: random.Random, area: Area, topic_words: Sequence[str]) -> tuple[str, ...]:
    """256 nouns for a story's articles, in the shares of NOUN_SOURCES: the story's rare
    words, its area's words, and a window of the common news nouns that moves between stories."""
    own, shared = (round(share * 256) for share in NOUN_SOURCES[:2])
    offset = between(rng, 0, len(NEWS_NOUNS) - 1)
    common = (NEWS_NOUNS[offset:] + NEWS_NOUNS[:offset])[: 256 - own - shared]
    return (
        tuple(itertools.islice(itertools.cycle(topic_words), own))
        + tuple(itertools.islice(itertools.cycle(area.words), shared))
        + common
    )


def new_story(rng: random.Random, number: int, event_day: date) -> Story:
    """A story of a random area, with its own rare words, place, bodies and people."""
    area = rng.choices(AREAS, cum_weights=_AREA_WEIGHTS)[0]
    place = Entity(place_name(rng), "LOC")
    name = made_up_word(rng).title()
    patterns = rng.sample(area.bodies, min(len(area.bodies), between(rng, 1, 2)))
    bodies = [Entity(pattern.format(city=place.name, name=name), "ORG") for pattern in patterns]
    if area.common and rng.random() < AREA_COMMON_SHARE:
        bodies.append(pick(rng, area.common))
    people = []
    for _ in range(between(rng, 1, 2)):
        full = person_name(rng)
        rank, employer = pick(rng, area.ranks), pick(rng, bodies)
        people.append(Entity(full, "PERSON", full.split()[-1], rank, employer))
    national = pick(rng, NATIONAL) if rng.random() < NATIONAL_SHARE else None
    if national and national.type == "PERSON":
        people.append(national)
    elif national:
        bodies.append(national)
    topic_words = tuple(made_up_word(rng) for _ in range(between(rng, *TOPIC_WORDS)))
    count = round(math.exp(rng.uniform(0.7, 6.2)))  # 2 to 500, small numbers more often
    fact = f"{count} {pick(rng, area.units)}"
    return Story(
        label=f"{area.key}-{number:06d}",
        area=area,
        event_day=event_day,
        topic_words=topic_words,
        place=place,
        people=tuple(people),
        bodies=tuple(bodies),
        fact=fact,
        tables={"noun": noun_table(rng, area, topic_words), "FACT": (fact,) * 256},
    )


def schedule(rng: random.Random, size: int, days: float) -> list[Due]:
    """The ``size`` articles of a story that starts ``days`` into the stream: originals spread
    over a burst and a tail, copies a few hours after the original they copy."""
    copies = sum(rng.random() < COPY_PROBABILITY for _ in range(size - 1))
    tail_days = rng.uniform(*TAIL_DAYS)
    originals = [Due(days, 0, -1)]
    for slot in range(1, size - copies):
        if rng.random() < BURST_SHARE:
            delay = rng.expovariate(1 / BURST_MEAN_DAYS)
        else:
            delay = 1 + (tail_days - 1) * rng.random() ** 2
        originals.append(Due(days + delay, slot, -1))
    articles = list(originals)
    shortest, mean, longest = COPY_DELAY_HOURS
    for slot in range(size - copies, size):
        copied = pick(rng, originals)
        copied.copies += 1
        hours = min(longest, shortest + rng.expovariate(1 / (mean - shortest)))
        articles.append(Due(copied.days + hours / 24, slot, copied.slot))
    return articles


#: An entity mention in a name: (start, end) in the name's text, the entity, its role.
Named = tuple[int, int, Entity, str | None]


class Writer:
    """Writes one article of a story in words of its own: sentence frames filled with the
    story's nouns (its rare words, its area's, common ones), other words of each class, and
    the story's entities and dates, mentions recorded as the text is written."""

    def __init__(self, rng: random.Random, story: Story, published: date) -> None:
        self.rng = rng
        self.story = story
        self.published = published
        self.tables = TABLES | story.tables
        self.actors = story.people + story.bodies
        self.cast = {"PERSON": story.people, "BODY": story.bodies, "WHO": self.actors}
        self.cast["SPEAKER"] = story.people
        # How the article names each entity after its first mention, by name.
        self.names: dict[str, tuple[str, tuple[Named, ...]]] = {}
        # The texts and values of the DATE and EVENT slots, one format for the article.
        style = self.rng.random() < 0.7
        self.days = {
            kind: (self.date(day, numeric=style), day.isoformat())
            for kind, day in (("DATE", published), ("EVENT", story.event_day))
        }
        self.text = Text()

    def write(self, outlet: Outlet) -> Text:
        """The body as ``outlet`` writes it: its number of paragraphs, of sentences in one."""
        paragraphs = self.plan(outlet)
        slots = [slot for frames in paragraphs for frame in frames for slot in frame.slots]
        # All the words of the article at once, a random byte each picking its entry in the
        # table of its slot (see table()): drawing words is most of the work.
        tables = map(self.tables.__getitem__, slots)
        words = list(map(operator.getitem, tables, self.rng.randbytes(len(slots))))
        start = 0
        for frames in paragraphs:
            end = start + sum(len(frame.slots) for frame in frames)
            self.paragraph(frames, words[start:end])
            start = end
        return self.text

    def plan(self, outlet: Outlet) -> list[tuple[Frame, ...]]:
        """The frames of each paragraph: the lead, then sentences and a few quotes."""
        rng = self.rng
        lead = [pick(rng, FRAMES["lead"])]
        if self.published != self.story.event_day:
            lead.append(pick(rng, FRAMES["background"]))
        lead += [pick(rng, FRAMES["body"]) for _ in range(between(rng, 0, outlet.sentences - 1))]
        paragraphs = [tuple(lead)]
        quotes_left = between(rng, 1, MAX_QUOTES)
        for _ in range(between(rng, *outlet.paragraphs) - 1):
            if quotes_left and rng.random() < QUOTE_PARAGRAPH_SHARE:
                quotes_left -= 1
                paragraphs.append((pick(rng, FRAMES["quote"]),))
            else:
                count = between(rng, 1, outlet.sentences)
                paragraphs.append(tuple(pick(rng, FRAMES["body"]) for _ in range(count)))
        return paragraphs

    def paragraph(self, frames: tuple[Frame, ...], words: list[str]) -> None:
        """Finish a paragraph from its frames and the words drawn for them (mentions named,
        capitals and punctuation put in), and record its mentions."""
        number = len(self.text.body)
        found: list[tuple[int, str, tuple[Named, ...]]] = []  # (word, kind, names in it)
        quotes: list[tuple[int, int, str, Entity]] = []  # (first, last word, verb, speaker)
        base = 0
        for frame in frames:
            speaker = None  # the person a quote is from
            for index, kind in frame.mentions:
                if kind in self.days:
                    words[base + index] = self.days[kind][0]
                    found.append((base + index, kind, ()))
                    continue
                entity = self.story.place if kind == "PLACE" else pick(self.rng, self.cast[kind])
                words[base + index], named = self.name(entity)
                found.append((base + index, kind, named))
                if kind == "SPEAKER":
                    speaker = entity
            for index in frame.capitals:
                word = words[base + index]
                words[base + index] = word[:1].upper() + word[1:]
            if frame.quote and speaker:
                first, last, say = frame.quote
                quotes.append((base + first, base + last, words[base + say], speaker))
            for index, before, after in frame.marks:
                words[base + index] = before + words[base + index] + after
            base += len(frame.slots)
        ends = list(itertools.accumulate(map(len, words)))  # without the spaces

        def position(index: int) -> int:
            return index + (ends[index - 1] if index else 0)

        for index, kind, named in found:
            if named:
                self.record(named, words[index], number, position(index))
            else:
                text, value = self.days[kind]
                self.text.dates.append(DateMention(
                    text=text, value=value, status="happened", flags=[], paragraph=number,
                    start=position(index), end=position(index) + len(text),
                ))  # fmt: skip
        paragraph = " ".join(words)
        for first, last, verb, speaker in quotes:
            start, end = position(first) + 1, position(last) + len(words[last]) - 2
            self.text.quotes.append(Quote(
                text=paragraph[start:end], speaker=speaker.name, kind="direct", verb=verb,
                paragraph=number, start=start, end=end,
            ))  # fmt: skip
        self.text.body.append(paragraph)

    def name(self, entity: Entity) -> tuple[str, tuple[Named, ...]]:
        """How the article names ``entity`` here, with the mentions in that text: a person
        in full after their role the first time ("Kepala BPBD Garut Budi Santoso"), briefly
        after ("Santoso")."""
        known = self.names.get(entity.name)
        if known:
            return known
        text = entity.name
        short = entity.short or text
        self.names[text] = (short, ((0, len(short), entity, None),))
        if entity.type != "PERSON" or not entity.rank:
            return text, ((0, len(text), entity, None),)
        role, named = entity.rank, list[Named]()
        if entity.employer:
            role = f"{entity.rank} {entity.employer.name}"
            named.append((len(entity.rank) + 1, len(role), entity.employer, None))
        named.append((len(role) + 1, len(role) + 1 + len(text), entity, role))
        return f"{role} {text}", tuple(named)

    def record(self, named: tuple[Named, ...], text: str, paragraph: int, at: int) -> None:
        """Record the mentions of a name written at ``at`` of a paragraph."""
        for start, end, entity, role in named:
            self.text.entities.append(EntityMention(
                text=text[start:end], type=entity.type, canonical=entity.name,
                paragraph=paragraph, start=at + start, end=at + end, role=role,
            ))  # fmt: skip

    def date(self, day: date, *, numeric: bool) -> str:
        """A date as the portals write it, "Senin (12/6/2023)" or "Senin, 12 Juni 2023"."""
        weekday = WEEKDAYS[day.weekday()]
        if numeric:
            return f"{weekday} ({day.day}/{day.month}/{day.year})"
        return f"{weekday}, {day.day} {MONTHS[day.month - 1]} {day.year}"

    def title(self) -> str:
        """A headline: who does what about the story, and where or how many."""
        rng, story = self.rng, self.story
        subject = pick(rng, self.actors)
        text = f"{subject.short or subject.name} {pick(rng, HEADLINE_VERBS)}"
        text += f" {pick(rng, story.area.words)} {pick(rng, story.topic_words)}"
        roll = rng.random()
        if roll < 0.5:
            text += f" di {story.place.name}"
        elif roll < 0.75:
            text += f", {story.fact}"
        return title_case(text)


def title_case(text: str) -> str:
    """Capitalise each word as headlines do, short function words and acronyms aside."""
    return " ".join(
        word if word in TITLE_LOWER or word[:1].isupper() else word.capitalize()
        for word in text.split(" ")
    )


def duplicate(text: Text) -> Text:
    """A copy of ``text`` that shares no mutable object with it."""
    return Text(
        body=list(text.body),
        entities=[
            EntityMention(text=m.text, type=m.type, canonical=m.canonical, paragraph=m.paragraph,
                          start=m.start, end=m.end, role=m.role)
            for m in text.entities
        ],
        quotes=[
            Quote(text=q.text, speaker=q.speaker, kind=q.kind, verb=q.verb, paragraph=q.paragraph,
                  start=q.start, end=q.end, end_paragraph=q.end_paragraph)
            for q in text.quotes
        ],
        dates=[
            DateMention(text=d.text, value=d.value, status=d.status, flags=list(d.flags),
                        paragraph=d.paragraph, start=d.start, end=d.end, part=d.part)
            for d in text.dates
        ],
    )  # fmt: skip


def cut(text: Text, paragraph: int, start: int, end: int, replacement: str) -> None:
    """Replace ``body[paragraph][start:end]`` of ``text``: the mentions in the replaced part
    go, those after it move."""
    content = text.body[paragraph]
    text.body[paragraph] = content[:start] + replacement + content[end:]
    shift = len(replacement) - (end - start)
    text.entities = after_cut(text.entities, paragraph, start, end, shift)
    text.quotes = after_cut(text.quotes, paragraph, start, end, shift)
    text.dates = after_cut(text.dates, paragraph, start, end, shift)


Mention = TypeVar("Mention", EntityMention, Quote, DateMention)


def after_cut(
    mentions: list[Mention], paragraph: int, start: int, end: int, shift: int
) -> list[Mention]:
    """The mentions left by a cut of ``start:end`` in a paragraph, those after it moved."""
    kept = []
    for mention in mentions:
        if mention.paragraph == paragraph and mention.end > start:
            if mention.start < end:
                continue
            mention.start += shift
            mention.end += shift
        kept.append(mention)
    return kept


#: A sentence boundary in the generated text (no sentence has a full stop inside).
_SENTENCE_END = re.compile(r"(?<=\.) ")
#: A word a copy may change: lower case, between spaces.
_PLAIN_WORD = re.compile(r"(?<= )[a-z]+(?= )")


def drop_sentence(rng: random.Random, text: Text) -> None:
    """Drop one sentence of a paragraph that has several (never the lead's first)."""
    places = []  # (paragraph, start, end) of a sentence, with a space that joined it
    for paragraph, content in enumerate(text.body):
        spaces = [match.start() for match in _SENTENCE_END.finditer(content)]
        starts = [0, *(space + 1 for space in spaces)]
        ends = [*(space + 1 for space in spaces), len(content)]
        for number, (start, end) in enumerate(zip(starts, ends, strict=True)):
            if len(starts) == 1 or (paragraph, number) == (0, 0):
                continue
            last = number == len(starts) - 1  # it takes the space before it
            places.append((paragraph, start - 1 if last else start, end))
    if places:
        paragraph, start, end = pick(rng, places)
        cut(text, paragraph, start, end, "")


def change_word(rng: random.Random, text: Text) -> None:
    """Swap one lower-case word outside all mentions for a common noun."""
    paragraph = between(rng, 0, len(text.body) - 1)
    mentions: list[EntityMention | Quote | DateMention] = [*text.entities, *text.quotes]
    taken = [(m.start, m.end) for m in mentions + text.dates if m.paragraph == paragraph]
    words = [word for word in _PLAIN_WORD.finditer(text.body[paragraph])
             if not any(s < word.end() and word.start() < e for s, e in taken)]  # fmt: skip
    if words:
        word = pick(rng, words)
        cut(text, paragraph, word.start(), word.end(), pick(rng, NEWS_NOUNS))


def edit_copy(rng: random.Random, text: Text) -> Text:
    """A republished ``text``, maybe with a sentence dropped and a word changed."""
    copy = duplicate(text)
    if rng.random() < COPY_EDITS[1]:
        drop_sentence(rng, copy)
    if rng.random() < COPY_EDITS[2]:
        change_word(rng, copy)
    return copy


_NOT_IN_SLUG = re.compile(r"[^a-z0-9]+")


def make_article(
    text: Text, title: str, story: Story, outlet: Outlet, published: datetime, author: str,
    serial: int,
) -> Article:  # fmt: skip
    """The analysed article: ``text`` with its URL, id, dateline and content hash."""
    url = outlet.url.format(
        domain=outlet.domain, section=story.area.section, day=f"{published:%Y/%m/%d}",
        number=f"{serial + 1:07d}", slug=_NOT_IN_SLUG.sub("-", title.lower()).strip("-"),
    )  # fmt: skip
    stamp = published.isoformat(timespec="seconds")
    content = "\n".join((url, title, stamp, author, *text.body)).encode()
    place = story.place.name
    dateline = {"upper": place.upper(), "title": place}.get(outlet.dateline)
    return Article(
        id=url_id(url), url=url, outlet=outlet.domain, title=title, published=stamp,
        dateline=dateline, author=author, body=text.body, entities=text.entities,
        quotes=text.quotes, dates=text.dates,
        content_hash=hashlib.sha1(content, usedforsecurity=False).hexdigest(),
        source={"origin": f"synthetic:{serial}", "format": "text", "encoding": "utf-8"},
    )  # fmt: skip


def url_id(url: str) -> str:
    """The id ``warta.model.article_id`` gives an article known by ``url``, for a URL that is
    already in normal form (https, no "www.", query or trailing slash), as these are: the hash
    without normalising, which was a tenth of the generator's time (a test checks they agree)."""
    key = f"url:{url}".encode()
    return hashlib.sha1(key, usedforsecurity=False).hexdigest()[:ID_HEX_LENGTH]


def pick_outlet(rng: random.Random, other_than: Outlet | None = None) -> Outlet:
    """An outlet, the busy ones more often; not ``other_than``."""
    while True:
        outlet = rng.choices(OUTLETS, cum_weights=_OUTLET_WEIGHTS)[0]
        if outlet is not other_than:
            return outlet


_WIRE = next(outlet for outlet in OUTLETS if outlet.domain == WIRE_OUTLET)


@dataclass(frozen=True, slots=True)
class Newsroom:
    """What all articles of a stream are written with: its generator and its reporters."""

    rng: random.Random
    staff: dict[str, tuple[str, ...]]  # reporters by outlet domain

    def publish(self, story: Story, due: Due, published: datetime, serial: int) -> SyntheticArticle:
        """Write the article ``due`` of ``story``: a new one, or a copy of a published one."""
        rng, day = self.rng, published.date()
        source = story.copyable.get(due.original) if due.original >= 0 else None
        if source is None:  # an original, or a copy of an article from before the stream
            outlet = _WIRE if due.copies and rng.random() < WIRE_SHARE else pick_outlet(rng)
            writer = Writer(rng, story, day)
            text, title = writer.write(outlet), writer.title()
        else:
            outlet = pick_outlet(rng, other_than=source.outlet)
            text, title = edit_copy(rng, source.text), source.title
            if rng.random() < COPY_EDITS[0]:
                title = Writer(rng, story, day).title()
            source.copies_left -= 1
            if not source.copies_left:
                del story.copyable[due.original]
        author = pick(rng, self.staff[outlet.domain])
        article = make_article(text, title, story, outlet, published, author, serial)
        if source is None and due.copies:  # kept apart from the article, which is the caller's
            kept = duplicate(text)
            story.copyable[due.slot] = Copyable(kept, title, article.id, outlet, due.copies)
        return SyntheticArticle(article, story.label, source.id if source else None)


def synthetic_stream(
    count: int,
    *,
    seed: int = 0,
    start: datetime = DEFAULT_START,
    articles_per_day: float = DEFAULT_ARTICLES_PER_DAY,
) -> Iterator[SyntheticArticle]:
    """Articles in order of publication.

    Args:
        count: how many articles to make.
        seed: the same seed makes the same articles (and a longer stream starts with a shorter
            one's articles).
        start: when the stream starts (a naive time is taken as WIB); stories that began up to
            a month earlier are already under way.
        articles_per_day: the density of publication, the same however large ``count`` is.

    Returns:
        A generator of ``count`` articles, made one at a time, ``published`` never decreasing.

    Raises:
        ValueError: when ``count`` is negative or ``articles_per_day`` not positive.
    """
    if count < 0:
        raise ValueError(f"count must be 0 or more, not {count}")
    if articles_per_day <= 0:
        raise ValueError(f"articles_per_day must be positive, not {articles_per_day}")
    start = start.astimezone(WIB) if start.tzinfo else start.replace(tzinfo=WIB)
    rng = random.Random(seed)
    staff = {outlet.domain: tuple(person_name(rng) for _ in range(STAFF)) for outlet in OUTLETS}
    newsroom = Newsroom(rng, staff)
    return _stream(count, newsroom, start, articles_per_day / MEAN_STORY_SIZE)


def _stream(
    count: int, newsroom: Newsroom, start: datetime, stories_per_day: float
) -> Iterator[SyntheticArticle]:
    """Start stories at random times and publish their articles in time order. Memory holds
    the articles of the stories under way only (a heap by publication time)."""
    rng = newsroom.rng
    pending: list[tuple[float, int, Story, Due]] = []  # (days, tie-breaker, story, article)
    order = itertools.count()
    next_story, stories, made = -float(WARMUP_DAYS), 0, 0
    sizes = range(1, MAX_STORY_SIZE + 1)
    while made < count:
        if not pending or next_story < pending[0][0]:  # a story starting now comes out first
            size = rng.choices(sizes, cum_weights=_STORY_SIZE_WEIGHTS)[0]
            articles = schedule(rng, size, next_story)
            if max(due.days for due in articles) >= 0:  # else all of it is before the start
                story = new_story(rng, stories, (start + timedelta(days=next_story)).date())
                for due in articles:
                    heapq.heappush(pending, (due.days, next(order), story, due))
            stories += 1
            next_story += rng.expovariate(stories_per_day)
            continue
        _, _, story, due = heapq.heappop(pending)
        if due.days >= 0:  # articles from before the start are not in the stream
            yield newsroom.publish(story, due, start + timedelta(days=due.days), made)
            made += 1


#: Story sizes that ``main`` counts: (smallest, largest), None for no limit.
SIZE_BINS = ((1, 1), (2, 2), (3, 3), (4, 9), (10, 19), (20, 49), (50, 99), (100, 199), (200, None))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=100_000, metavar="N")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-day", type=float, default=DEFAULT_ARTICLES_PER_DAY, metavar="D")
    args = parser.parse_args()
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    sizes: Counter[str] = Counter()
    copies = words = 0
    first = last = ""
    started = time.perf_counter()
    for item in synthetic_stream(args.articles, seed=args.seed, articles_per_day=args.per_day):
        sizes[item.story] += 1
        copies += item.original is not None
        words += sum(paragraph.count(" ") + 1 for paragraph in item.article.body)
        first, last = first or item.article.published or "", item.article.published or ""
    seconds = time.perf_counter() - started
    days = (datetime.fromisoformat(last) - datetime.fromisoformat(first)).total_seconds() / 86400
    print(f"generate: {args.articles} articles in {seconds:.1f} s"
          f" = {args.articles / seconds:.0f} articles/s")  # fmt: skip
    print(f"published: {first} to {last}, {days:.1f} days"
          f" = {args.articles / max(days, 1e-9):.0f} articles/day")  # fmt: skip
    print(f"copies: {copies / args.articles:.1%}; words per article: {words / args.articles:.0f}")
    print(f"stories: {len(sizes)}, the largest with {max(sizes.values())} articles")
    for smallest, largest in SIZE_BINS:
        counted = [n for n in sizes.values() if smallest <= n <= (largest or math.inf)]
        label = f"{smallest}" if smallest == largest else f"{smallest}-{largest or ''}"
        print(f"  {label:>7} articles: {len(counted):6} stories, {sum(counted):6} articles")


if __name__ == "__main__":
    main()
