"""How Indonesian news reports speech: attribution verbs, pronouns, speaker nouns.

Three families of words, each read in a different place:

- :data:`ATTRIBUTION_VERBS` follow a quote: ``"...," kata Peskov``, ``"...," ujarnya``,
  ``"...," imbuh dia``. They are roots (``kata``, ``ujar``) that take ``-nya`` for "he/she".
- :data:`SPEECH_VERBS` carry reported speech: ``Peskov mengatakan (bahwa) ...``, ``Ia
  menambahkan, ...``, and introduce a quote: ``Dia mengatakan: "..."``.
- :data:`SPEAKER_NOUNS` name a speaker who is not named: ``kata warga``, ``ujar seorang
  pejabat``, besides the offices of :mod:`warta.lang.id.roles`.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from warta.lang.id.roles import BUSINESS_TITLES, ROLE_PAIRS, ROLE_WORDS
from warta.lang.id.tokens import TITLES

#: Roots that attribute a quote after it; each also takes ``-nya`` ("lanjutnya").
ATTRIBUTION_VERBS: frozenset[str] = frozenset(
    """
    kata ujar tutur sebut ucap imbuh tukas ungkap jelas tegas tambah lanjut sambung pungkas
    papar terang beber tandas kilah seru jawab tanya aku klaim timpal sergah cetus celetuk
    tulis cuit pesan katakan ujarkan tuturkan jelaskan tegaskan tambahkan ungkapkan kicau
    tutup bilang kelakar seloroh canda keluh harap pinta ajak imbau sindir tuding bantah ulas
    urai kenang akui nilai terangnya saran teriak pekik bisik gumam sahut
    tegur kisah
    """.split()  # noqa: SIM905 - a word list reads better as text
)

#: Verbs that report what someone said, in the active form a subject comes before.
SPEECH_VERBS: frozenset[str] = frozenset(
    """
    mengatakan menyatakan menegaskan menambahkan menilai menyebut menyebutkan menjelaskan
    mengungkapkan mengungkap menekankan menuturkan menyampaikan mengklaim mengeklaim
    memperingatkan memperkirakan mengakui menandaskan mengingatkan berkata berujar berpendapat
    menerangkan memaparkan membeberkan mengutarakan menganggap mengisyaratkan mengumumkan
    menjawab memastikan mengonfirmasi membenarkan mengaku mengemukakan menuturkan menulis
    mengatakannya bertutur berucap berseloroh menceritakan bercerita
    """.split()  # noqa: SIM905 - a word list reads better as text
)

#: Words for a person that name no one, who can still be a speaker: "kata warga".
SPEAKER_NOUNS: frozenset[str] = frozenset(
    """
    warga penduduk petugas polisi saksi korban pejabat sumber pengacara kuasa hukum perwakilan
    pihak otoritas pemerintah pengamat analis ahli pakar ekonom pengusaha pedagang pengemudi
    sopir nelayan petani buruh mahasiswa siswa pelajar guru dokter perawat relawan aktivis
    tersangka terdakwa saksi pelapor terlapor penyidik jaksa hakim legislator politikus
    politisi warganet netizen penonton suporter pemain pelatih kapten atlet seniman
    narasumber pembicara wartawan pejabat juru bicara jubir staf karyawan pegawai pekerja
    manajemen direksi penyelenggara panitia peserta pendemo demonstran pengunjuk massa pria
    wanita perempuan lelaki remaja pemilik pengelola pengurus penumpang pengendara pembeli
    penjual pelanggan konsumen pasien keluarga kerabat tetangga rekan orang ayah
    ibu kakak adik istri suami anak
    """.split()  # noqa: SIM905 - a word list reads better as text
)

#: Words that may open a speaker's description without naming them: "kata para pewarta",
#: "ujar seorang pejabat".
DETERMINERS: frozenset[str] = frozenset(
    ["para", "seorang", "salah", "satu", "sejumlah", "beberapa", "sang", "si"]
)

#: Pronouns that refer back to the last speaker.
PRONOUNS: frozenset[str] = frozenset({"ia", "dia", "beliau"})

#: Words that may stand between a subject and its speech verb: "Peskov hanya menegaskan".
ADVERBS: frozenset[str] = frozenset(
    """
    hanya juga pun kembali sebelumnya telah sudah lalu kemudian bahkan justru tetap lagi pernah
    sempat akhirnya sendiri langsung terus secara terpisah pula malah belum sebelumnya kini
    """.split()  # noqa: SIM905 - a word list reads better as text
)

#: Conjunctions that leave a speech verb's subject at the start of the sentence: "Gedung
#: Putih menolak ..., tetapi mengatakan ...".
CONJUNCTIONS: frozenset[str] = frozenset(
    [
        "tetapi",
        "tapi",
        "namun",
        "dan",
        "serta",
        "lalu",
        "kemudian",
        "sambil",
        "seraya",
        "untuk",
        "sebelum",
        "sesudah",
        "setelah",
    ]
)

#: Speaker words that are common nouns, written in lower case inside a sentence: "kata warga",
#: "ujar juru bicara".
COMMON_SPEAKERS: frozenset[str] = SPEAKER_NOUNS | {head for head, _ in ROLE_PAIRS}

_ROLE_HEADS = ROLE_WORDS | BUSINESS_TITLES | {head for head, _ in ROLE_PAIRS} | SPEAKER_NOUNS

#: Words of the fields offices are named by ("Menteri Koordinator Bidang Politik, Hukum, dan
#: Keamanan", "Kepala Dinas Pemuda dan Olahraga"): a tagger that glues the end of an office to a
#: name ("Keamana Wiranto", typed wrong too) leaves one of them before the name.
OFFICE_WORDS: frozenset[str] = frozenset(
    """
    keamanan politik hukum pertahanan perekonomian kemaritiman investasi pembangunan
    kebudayaan kesejahteraan olahraga pemuda pendidikan kesehatan keuangan perhubungan
    perdagangan perindustrian pertanian kehutanan lingkungan pariwisata humas penerangan
    masyarakat hubungan internasional luar dalam negeri umum khusus operasional reserse
    kriminal narkoba lalu lintas intelijen sosial agama desa daerah kabupaten provinsi pusat
    """.split()  # noqa: SIM905 - a word list reads better as text
)

#: How short names of offices begin ("Sesmenpora", "Kadiv Humas", "Kabid Humas", "Wamenkeu"):
#: a word longer than one of these is an office, not a name.
OFFICE_PREFIXES: tuple[str, ...] = (
    "sesmen", "wamen", "kadiv", "kabid", "kasat", "kanit", "kasubdit", "kadis", "kabag",
    "kapus", "kasubag", "dirjen", "sesjen", "irjen",
)  # fmt: skip

#: Nouns of a relation: right before a person's name, they describe someone else ("orang
#: kepercayaan Hasina", "istri Gao", "sumber dekat Harry"), not that person's title.
RELATIONS: frozenset[str] = frozenset(
    """
    istri suami anak ayah ibu kakak adik keluarga kerabat rekan teman sahabat kepercayaan
    ajudan tetangga kolega pendukung penasihat sumber dekat kubu
    """.split()  # noqa: SIM905 - a word list reads better as text
)

#: Words after a rank that belong to it, not to the name: "Irjen Pol Condro Kirono".
RANK_SUFFIXES: frozenset[str] = frozenset({"pol", "purn", "tni", "polri", "mar"})

#: The shortest word read as a mistyped office word ("Keamana" for "Keamanan"): shorter words
#: are one letter away from too many names.
_MIN_TYPO_LENGTH = 6

#: A word of text: letters, digits, and inner hyphens or apostrophes.
WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def attribution_verb(word: str) -> str | None:
    """The root of an attribution verb (``ujarnya`` → ``ujar``), or None when it is not one."""
    lowered = word.lower()
    if lowered in ATTRIBUTION_VERBS:
        return lowered
    if lowered.endswith("nya") and lowered[:-3] in ATTRIBUTION_VERBS:
        return lowered[:-3]
    return None


def is_speech_verb(word: str) -> bool:
    """Whether ``word`` reports speech in the active voice (``mengatakan``, ``menegaskan``)."""
    return word.lower() in SPEECH_VERBS


def is_role_head(word: str) -> bool:
    """Whether ``word`` can begin a phrase naming a speaker by role: an office ("juru",
    "Menteri"), a title, or a speaker noun ("warga", "pejabat")."""
    return word.lower().rstrip(".") in _ROLE_HEADS


def not_a_name(word: str) -> bool:
    """Whether a word before a name is no part of it: an office or title, a rank's suffix
    ("Pol"), an acronym ("KPU", "RI") or a web address ("Suara.com")."""
    bare = word.strip(".,")
    return (
        is_role_head(bare)
        or bare in TITLES
        or bare.lower() in RANK_SUFFIXES
        or (len(bare) > 1 and bare.isupper())
        or ("." in bare and bare.split(".")[-1].islower())
        or bare.lower().startswith(OFFICE_PREFIXES)
    )


@lru_cache(maxsize=1 << 16)
def mistyped_office(word: str) -> bool:
    """Whether a capitalised word is an office word with one letter wrong, missing or extra
    ("Keamana" for "Keamanan")."""
    lowered = word.lower()
    if len(lowered) < _MIN_TYPO_LENGTH:
        return False
    near = _office_deletions()
    candidates = set().union(*(near.get(key, ()) for key in deletions(lowered)))
    return any(one_edit(lowered, known) for known in candidates)


def deletions(word: str) -> set[str]:
    """A word and the words one letter shorter: two words one edit apart share one of these
    (the converse does not hold, so candidates are checked with :func:`one_edit`)."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


@cache
def _office_deletions() -> dict[str, frozenset[str]]:
    """Office and role words by each of their :func:`_deletions`."""
    near: dict[str, set[str]] = {}
    for known in OFFICE_WORDS | ROLE_WORDS:
        for key in deletions(known):
            near.setdefault(key, set()).add(known)
    return {key: frozenset(words) for key, words in near.items()}


def one_edit(word: str, known: str) -> bool:
    """Whether two words are at most one letter apart (a substitution, insertion or deletion)."""
    if word == known:
        return True
    if abs(len(word) - len(known)) > 1:
        return False
    shorter, longer = sorted((word, known), key=len)
    for index, (a, b) in enumerate(zip(shorter, longer, strict=False)):
        if a != b:
            skip = 0 if len(shorter) == len(longer) else -1
            return shorter[index + 1 + skip :] == longer[index + 1 :]
    return True


def abbreviates(alias: str, words: list[str], first: bool = True) -> bool:
    """Whether a nickname is made of the starts of a name's words, in order and at least two:
    "djanur" of "djadjang nurdjaman", "jokowi" of "joko widodo"."""
    if not alias:
        return not first
    for index, word in enumerate(words if first else words[:1]):
        for length in range(min(len(word), len(alias)), 1, -1):
            if (
                (len(alias) > length or not first)
                and alias.startswith(word[:length])
                and abbreviates(alias[length:], words[index + 1 :], first=False)
            ):
                return True
    return False
