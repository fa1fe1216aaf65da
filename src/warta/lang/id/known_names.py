"""What a name is, before any article says so: names every reader knows (an editable table),
acronyms, and the words that head the names of organisations and places.

The table (``data/known_names.tsv``) holds the common knowledge no text states: "Jokowi" is
Joko Widodo, "KPK" the Komisi Pemberantasan Korupsi, "Perancis" a spelling of Prancis. The
rest are rules that carry names never listed: "Kementerian ..." and "Kemen..." are ministries,
"Partai ..." a party, "Kabupaten ..." a place, and a word in capitals ("KJRI", "BPN") is an
organisation's or a place's abbreviation, not a person's name, unless the table says whose.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class KnownName:
    """An entity the table knows: its type, canonical name and every name it goes by."""

    type: str
    canonical: str
    names: tuple[str, ...]
    source: str


def name_table_rows(file: str, columns: int) -> Iterator[tuple[str, tuple[str, ...], list[str]]]:
    """The rows of one of the package's tables of names (``data/FILE``, tab-separated, ``#``
    comments): each row's first column, its names (the second column and the third's names
    split at "|"), and all its columns, ``columns`` of them (missing ones empty)."""
    text = resources.files("warta.lang.id").joinpath(f"data/{file}").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = [*line.split("\t"), *[""] * columns][:columns]
        others = cells[2] if columns > 2 else ""
        yield cells[0], (cells[1], *(n.strip() for n in others.split("|") if n.strip())), cells


@cache
def known_names() -> dict[str, KnownName]:
    """The table, by every name (casefolded) of every entity in it."""
    table: dict[str, KnownName] = {}
    for kind, names, cells in name_table_rows("known_names.tsv", 4):
        entry = KnownName(kind, names[0], names, cells[3])
        for name in names:
            table.setdefault(name.casefold(), entry)
    return table


#: Names whose entry (or None) :func:`known_name` keeps. The entities stage asks about the words
#: and spans around every mention, about 200 a news article, mostly the same few thousand; a
#: kept answer is one look-up in C instead of normalising the name in Python.
MAX_KEPT_NAMES = 50_000


@lru_cache(maxsize=MAX_KEPT_NAMES)
def known_name(name: str) -> KnownName | None:
    """The table's entity going by ``name`` (any case), or None."""
    return known_names().get(" ".join(name.split()).casefold())


#: First words of organisations' names (lowercased).
ORG_HEADS: frozenset[str] = frozenset(
    """
    kementerian kemenko badan komisi dewan majelis mahkamah pengadilan kejaksaan kejati kejari
    kepolisian polda polres polresta polsek polrestabes kodam korem kodim partai bank pt cv
    universitas institut fakultas sekolah pemerintah pemprov pemkot pemkab pemda dprd dinas
    lembaga yayasan asosiasi persatuan perhimpunan federasi ikatan himpunan serikat gerakan
    front aliansi koalisi klub perusahaan kantor biro direktorat sekretariat satgas pansus
    panitia tim fc kpud rumah rsud rs museum
    """.split()  # noqa: SIM905 - a word list reads better as text
)
#: First words of places' names (lowercased).
LOC_HEADS: frozenset[str] = frozenset(
    """
    kota kabupaten provinsi kecamatan desa kelurahan dusun kampung pulau kepulauan gunung
    sungai danau selat laut teluk tanjung jalan jl bandara pelabuhan stasiun terminal
    """.split()  # noqa: SIM905 - a word list reads better as text
)
#: Abbreviations that begin football clubs' names before the club's town ("AC Milan", "AS
#: Roma", "FC Barcelona", "SSC Napoli", "RB Leipzig"): sports news calls the club by the town
#: alone, which the tagger then types as a place or a person (lowercased).
CLUB_PREFIXES: frozenset[str] = frozenset(
    "ac as fc ss ssc cf sc us afc rb rc rcd sl vfl vfb ogc".split()  # noqa: SIM905
)


def club_town(name: str) -> str | None:
    """The town a club's name holds after its prefix ("Milan" of "AC Milan"), else None."""
    words = name.split()
    if len(words) == 2 and words[0].lower() in CLUB_PREFIXES and words[1][:1].isupper():
        return words[1]
    return None


#: Words that only say which kind of region a place is, before its name ("Provinsi Riau",
#: "Negara Bagian New York", "Prefektur Fukushima") or after it ("Rakhine State", "Jiangsu
#: Province"): the place is its name alone (lowercased word tuples). Not "Kabupaten" nor
#: "Kota": a regency and a city often share a name (Kabupaten Bogor, Kota Bogor) and are two.
REGION_KINDS_BEFORE: frozenset[tuple[str, ...]] = frozenset(
    {("provinsi",), ("propinsi",), ("negara", "bagian"), ("prefektur",)}
)
REGION_KINDS_AFTER: frozenset[tuple[str, ...]] = frozenset(
    {("state",), ("province",), ("prefecture",)}
)


def region_name(name: str, is_place: Callable[[str], bool] = lambda name: False) -> str:
    """A region's name without the word saying its kind ("Jawa Barat" of "Provinsi Jawa
    Barat"), when capitalised words remain and the table does not know the whole as one name;
    else the name as it is. A kind written after the name, in English, is left out only when
    ``is_place`` says the rest is a place's name ("Rakhine State"; "Islamic State", "Golden
    State" are other things)."""
    words = name.split()
    if known_name(name) is not None:
        return name
    lowered = tuple(word.lower() for word in words)
    for size in (1, 2):
        rest = None
        if lowered[:size] in REGION_KINDS_BEFORE:
            rest = words[size:]
        elif lowered[-size:] in REGION_KINDS_AFTER and is_place(" ".join(words[:-size])):
            rest = words[:-size]
        if rest and all(word[:1].isupper() for word in rest):
            return " ".join(rest)
    return name


_ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,6}")
#: Ministries abbreviated as Kemen- plus a syllable or two ("Kemenkeu", "Kemendagri").
_MINISTRY = re.compile(r"Kemen[a-z]{2,12}")


def is_acronym(word: str) -> bool:
    """Whether a word is written as an abbreviation: two to seven capitals or digits, starting
    with a letter ("KPK", "KJRI", "G20"); an initial ("M.") is not one."""
    return _ACRONYM.fullmatch(word) is not None


def body_or_place_type(words: list[str]) -> str | None:
    """ORG or LOC when a name's form says it names an organisation or a place: the table
    knows it as one, its first word heads such names ("Kementerian Keuangan", "Kota Bandung"),
    or it is a ministry's abbreviation ("Kemenkeu"). None when the form says nothing."""
    if not words:
        return None
    known = known_name(" ".join(words))
    if known is not None:
        return known.type if known.type != "PERSON" else None
    head = words[0].lower()
    if len(words) > 1 and head in ORG_HEADS:
        return "ORG"
    if len(words) > 1 and head in LOC_HEADS:
        return "LOC"
    if len(words) == 1 and _MINISTRY.fullmatch(words[0]):
        return "ORG"
    return None


def person_acronym(word: str) -> bool:
    """Whether an abbreviation is a person's, as the table says ("SBY", "JK")."""
    known = known_name(word)
    return known is not None and known.type == "PERSON"


def place_or_body_type(name: str, gazetteer: Mapping[tuple[str, ...], str]) -> str | None:
    """ORG or LOC when a name is known or written as a place's or a body's, never a person's:
    by the table ("KPK"; a person the table knows is None), by ``gazetteer`` (the NER
    training data's entity strings, lowercased word tuples: "Rusia", "Arsenal"), by its form
    ("Partai Golkar", "Kemenkeu"), or as an abbreviation no one's name ("KJRI"); else None."""
    known = known_name(name)
    if known is not None:
        return known.type if known.type != "PERSON" else None
    words = name.split()
    kind = gazetteer.get(tuple(map(str.lower, words)))
    if kind in {"LOC", "ORG"}:
        return kind
    kind = body_or_place_type(words)
    if kind is None and len(words) == 1 and is_acronym(name):
        return "ORG"
    return kind
