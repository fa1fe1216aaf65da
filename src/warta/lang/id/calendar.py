"""Indonesian calendar words: months, weekdays, time zones, and the date forms news pages use."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

#: Month names and the abbreviations portals print ("Des", "Agu", "Agt", "Nop"), with the
#: English ones some portals mix in.
MONTHS: dict[str, int] = {
    **dict.fromkeys(("januari", "jan", "january"), 1),
    **dict.fromkeys(("februari", "pebruari", "feb", "peb", "february"), 2),
    **dict.fromkeys(("maret", "mar", "march"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("juni", "jun", "june"), 6),
    **dict.fromkeys(("juli", "jul", "july"), 7),
    **dict.fromkeys(("agustus", "agu", "agt", "ags", "aug", "august"), 8),
    **dict.fromkeys(("september", "sep", "sept"), 9),
    **dict.fromkeys(("oktober", "okt", "oct", "october"), 10),
    **dict.fromkeys(("november", "nopember", "nov", "nop"), 11),
    **dict.fromkeys(("desember", "des", "dec", "december"), 12),
}

#: Weekday names (Monday = 0), with the spellings "Jum'at", "Jumat", "Ahad".
WEEKDAYS: dict[str, int] = {
    "senin": 0,
    "selasa": 1,
    "rabu": 2,
    "kamis": 3,
    "jumat": 4,
    "jum'at": 4,
    "jum’at": 4,
    "sabtu": 5,
    "minggu": 6,
    "ahad": 6,
}

#: Indonesia's three time zones.
TIME_ZONES: dict[str, timezone] = {
    "wib": timezone(timedelta(hours=7)),
    "wita": timezone(timedelta(hours=8)),
    "wit": timezone(timedelta(hours=9)),
}
WIB = TIME_ZONES["wib"]

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_TIME = r"(?:pukul\s+)?(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)(?:[:.](?P<second>[0-5]\d))?"
_ZONE = r"(?P<zone>WIB|WITA|WIT)\b"

#: A full publication timestamp as Indonesian portals print it: the date (written out or
#: numeric), an optional time and time zone. A weekday before it ("Selasa, ") is not part of the
#: match: a pattern that starts with an optional alternation of weekday names is tried at every
#: character and made reading dates the slowest part of analysis; this one starts at a digit.
PUBLICATION = re.compile(
    rf"(?:\b(?P<day>[0-3]?\d)\s+(?P<month_name>{_MONTH})\.?\s+(?P<year>(?:19|20)\d\d)"
    rf"|\b(?P<nday>[0-3]?\d)[/-](?P<nmonth>[01]?\d)[/-](?P<nyear>(?:19|20)\d\d))\b"
    rf"(?:\s*(?:[-–—|,•]\s*)?{_TIME})?(?:\s*{_ZONE})?",
    re.IGNORECASE,
)


def read_publication(text: str) -> tuple[str, re.Match[str]] | None:
    """The first full date in ``text`` as ISO 8601 (a time with its offset when a time is
    given, else a date), with the match; None when there is none or it is not a real date.

    A time without a zone is WIB, where most portals publish.
    """
    for match in PUBLICATION.finditer(text):
        value = _to_iso(match)
        if value is not None:
            return value, match
    return None


def _to_iso(match: re.Match[str]) -> str | None:
    if match["month_name"]:
        day, month, year = (
            int(match["day"]),
            MONTHS[match["month_name"].lower()],
            int(match["year"]),
        )
    else:
        day, month, year = int(match["nday"]), int(match["nmonth"]), int(match["nyear"])
    try:
        day_value = date(year, month, day)
    except ValueError:
        return None
    if match["hour"] is None:
        return day_value.isoformat()
    zone = TIME_ZONES[match["zone"].lower()] if match["zone"] else WIB
    moment = datetime(
        year, month, day, int(match["hour"]), int(match["minute"]), int(match["second"] or 0),
        tzinfo=zone,
    )  # fmt: skip
    return moment.isoformat()


_DAY_MONTH = re.compile(
    rf"\((?P<sday>[0-3]?\d)/(?P<smonth>[01]?\d)\)|\b(?P<day>[0-3]?\d)\s+(?P<month>{_MONTH})\b"
    r"(?!\.?\s+(?:19|20)\d\d)",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"(?:19|20)\d\d")
#: How far before a date a planning word still governs it, in characters (one clause).
PLANNED_WINDOW = 60


def reported_dates(texts: list[str]) -> list[date]:
    """Calendar days the texts report as past: full dates, and day-month dates ("(21/1)",
    "12 Desember") placed in the year of the nearest full date. Planned dates are left out.
    Without any full date, day-month dates have no year and are left out too.
    """
    full: list[date] = []
    partial: list[tuple[int, int]] = []
    for text in texts:
        if not _DIGIT.search(text):
            continue
        for match in PUBLICATION.finditer(text) if _YEAR.search(text) else ():
            if _planned(text, match.start()):
                continue
            value = _to_iso(match)
            if value is not None:
                full.append(date.fromisoformat(value[:10]))
        for match in _DAY_MONTH.finditer(text):
            if _planned(text, match.start()):
                continue
            if match["sday"]:
                partial.append((int(match["sday"]), int(match["smonth"])))
            else:
                partial.append((int(match["day"]), MONTHS[match["month"].lower()]))
    if not full:
        return []
    anchor = max(full)
    found = list(full)
    for day, month in partial:
        candidates = []
        for year in (anchor.year - 1, anchor.year, anchor.year + 1):
            try:
                candidates.append(date(year, month, day))
            except ValueError:
                continue
        if candidates:
            found.append(min(candidates, key=lambda value: abs(value - anchor)))
    return found


def _planned(text: str, start: int) -> bool:
    return bool(_PLANNED.search(text[max(0, start - PLANNED_WINDOW) : start]))


def _planned_pattern() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{'|'.join(sorted(PLANNING_WORDS))})\b", re.IGNORECASE)


# --- Date expressions in article text (read by warta.lang.id.date_expressions) ---------------
# Each pattern below is *matched* where its key was found (a number, or one of KEYWORDS), never
# searched for. None has nested repetition, and none crosses a line break: articles are scanned
# as one text, a paragraph a line.

_SPACE = r"[^\S\n]"
_DAY_NUMBER = r"(?:[12]\d|3[01]|0?[1-9])"
_MONTH_NUMBER = r"(?:1[0-2]|0?[1-9])"
_FULL_YEAR = r"(?:19|20)\d\d"
#: What may not follow a number for it to end there: more of the number ("2.014", "2014,5").
_NUMBER_END = r"(?![\w/%–-]|[.,]\d)"
#: What may not stand before a number that starts a date or a year ("2.014", "Rp2014", "$2014").
NUMBER_START_AFTER = frozenset(".,:/$–-")

#: The Indonesian month names, as written in running text; month abbreviations and English
#: names count only next to a day or a year ("7 Des 2021", "Dec 2021").
MONTH_NAMES = (
    "januari", "februari", "pebruari", "maret", "april", "mei", "juni", "juli", "agustus",
    "september", "oktober", "november", "nopember", "desember",
)  # fmt: skip
_CAPITALISED_MONTH = "|".join(
    sorted({*map(str.capitalize, MONTHS), *map(str.upper, MONTHS)}, key=len, reverse=True)
)

#: At a number: a day with its month written out, the year optional ("7 Desember 2021", "07
#: Des. 2021", "12 Desember"), or the first day of a range ("7-8 Desember", "7 hingga 9 Des").
NAMED_DATE = re.compile(
    rf"(?:(?P<first>{_DAY_NUMBER}){_SPACE}?(?:[-–]|{_SPACE}(?:hingga|sampai|dan){_SPACE})"
    rf"{_SPACE}?)?(?P<day>{_DAY_NUMBER}){_SPACE}+(?P<month>{_MONTH})\b"
    rf"(?:\.?{_SPACE}+(?P<year>{_FULL_YEAR}){_NUMBER_END})?",
    re.IGNORECASE,
)
#: At a number: "7/12/2021", "07-12-2021", "7.12.2021" (a four-digit year needed), ISO
#: "2021-12-07".
NUMERIC_DATE = re.compile(
    rf"(?P<day>{_DAY_NUMBER})(?P<separator>[/.-])(?P<month>{_MONTH_NUMBER})(?P=separator)"
    rf"(?P<year>{_FULL_YEAR}){_NUMBER_END}"
    rf"|(?P<iyear>{_FULL_YEAR})-(?P<imonth>1[0-2]|0[1-9])-(?P<iday>[12]\d|3[01]|0[1-9])"
    rf"{_NUMBER_END}"
)
#: At an opening parenthesis: "(21/1)", "(7/12/2021)", "(7/12/21)", and tokenised text's
#: "( 21 / 1 )".
PARENTHESISED_DATE = re.compile(
    rf"\({_SPACE}?(?P<day>{_DAY_NUMBER}){_SPACE}?/{_SPACE}?(?P<month>{_MONTH_NUMBER})"
    rf"(?:{_SPACE}?/{_SPACE}?(?P<year>{_FULL_YEAR}|\d\d))?{_SPACE}?\)"
)
#: At a number: a year, or two ("2014", "2019-2024", "2021/2022"). Decades ("1990-an") are not
#: years; counts and amounts are told apart by the words around (COUNTED, NOT_A_YEAR_BEFORE).
YEAR = re.compile(
    rf"(?P<year>{_FULL_YEAR})(?:{_SPACE}?[-–/]{_SPACE}?(?P<year2>{_FULL_YEAR}))?{_NUMBER_END}"
)
#: At a month name: the month with its year ("Desember 2021", "Des 2021") or with a word that
#: places it ("Januari lalu", "Maret mendatang", "Desember tahun lalu"). Month names are
#: capitalised in running text; "awal", "akhir" before one are read by the stage.
MONTH_PHRASE = re.compile(
    rf"(?P<month>{_CAPITALISED_MONTH})\b(?:\.?{_SPACE}+(?P<year>{_FULL_YEAR}){_NUMBER_END}"
    rf"|{_SPACE}+(?P<which>(?i:lalu|kemarin|mendatang|depan|nanti|"
    rf"tahun{_SPACE}+(?:lalu|ini|depan))\b))?"
)
#: Words before a lone month name that make it a date: "pada Januari", "sejak Maret".
MONTH_CUES = frozenset(
    (
        "pada", "sejak", "hingga", "sampai", "bulan", "per", "mulai", "selama", "jelang",
        "menjelang", "antara", "sepanjang", "sebelum", "setelah", "usai",
    )
)  # fmt: skip
#: Words before a month, week, or year that say which part of it: "awal Desember".
EDGES = frozenset(("awal", "akhir", "pertengahan", "medio"))

#: Words after a number that make it a count, not a year: "2014 orang", "2021 unit".
COUNTED = frozenset(
    (
        "orang", "unit", "ekor", "kali", "meter", "km", "kilometer", "m", "cm", "mm", "mil",
        "buah", "kg", "kilogram", "gram", "ton", "kuintal", "jiwa", "rumah", "kasus", "dosis",
        "suara", "persen", "%", "hektare", "hektar", "ha", "liter", "barel", "lembar", "batang",
        "butir", "biji", "pasang", "set", "paket", "porsi", "kursi", "pasien", "warga",
        "personel", "prajurit", "tentara", "pasukan", "peserta", "siswa", "murid", "mahasiswa",
        "anak", "keluarga", "kk", "desa", "sekolah", "titik", "lokasi", "kendaraan", "mobil",
        "motor", "kapal", "pesawat", "rudal", "tank", "senjata", "vaksin", "sampel", "spesimen",
        "halaman", "kata", "karakter", "derajat", "detik", "menit", "jam", "hari", "pekan",
        "minggu", "bulan", "tahun", "abad", "dolar", "rupiah", "euro", "yen", "poin", "gol",
        "juta", "ribu", "miliar", "triliun", "ratus", "mw", "kwh", "korban", "kematian",
        "penduduk", "pengungsi", "tersangka", "karyawan", "pekerja", "buruh", "guru", "dokter",
        "perawat", "polisi", "anggota", "pria", "wanita", "perempuan", "laki-laki", "bayi",
        "balita", "lansia", "pemilih", "penumpang",
    )
)  # fmt: skip
#: Words before a number that make it an amount, a code or a number, not a year.
NOT_A_YEAR_BEFORE = frozenset(
    (
        "rp", "rp.", "us$", "usd", "idr", "nomor", "no", "no.", "nomer", "kode", "pin",
        "telepon", "telp", "telp.", "tel", "hp", "wa", "nopol", "sebanyak", "sejumlah",
        "setinggi", "seberat", "senilai", "angka", "skor",
    )
)  # fmt: skip

#: At a weekday: the weekday and words that place it ("Kamis", "Senin lalu", "Senin malam
#: kemarin", "Jumat depan", "Sabtu nanti", "Jumat pekan lalu").
WEEKDAY = re.compile(
    rf"(?P<weekday>{_WEEKDAY})\b(?:(?:{_SPACE}+(?:pagi|siang|sore|malam|dini{_SPACE}+hari))?"
    rf"{_SPACE}+(?P<which>lalu|kemarin|depan|mendatang|nanti|"
    rf"(?:pekan|minggu){_SPACE}+(?:lalu|kemarin|ini|depan|mendatang))\b)?",
    re.IGNORECASE,
)
#: Words around a capitalised "Minggu" that make it Sunday rather than "week" ("hari Minggu",
#: "pada Minggu", "Minggu (12/12)", "Minggu malam", "Minggu waktu setempat").
SUNDAY_BEFORE = frozenset(("hari", "pada", "sejak", "hingga", "sampai", "setiap", "tiap", "dan"))
SUNDAY_AFTER = re.compile(r"[^\S\n]?(?:\(|,|(?:pagi|siang|sore|malam|dini|waktu)\b)", re.I)
#: Words after "minggu" that make it a week: "minggu lalu", "minggu ini", "minggu ke-3".
WEEK_AFTER = re.compile(
    r"[^\S\n](?:lalu|kemarin|ini|depan|mendatang|ke-?|yang|terakhir|pertama|kedua|ketiga|"
    r"keempat|sebelumnya|berikutnya|silam|lagi)\b",
    re.IGNORECASE,
)

#: At a unit word: a week, month or year named from the publication day ("pekan lalu", "bulan
#: ini", "tahun depan"); at a day word: the day ("kemarin", "hari ini", "besok", "tadi malam").
RELATIVE = re.compile(
    rf"(?P<unit>pekan|minggu|bulan|tahun){_SPACE}+"
    rf"(?P<which>(?:yang{_SPACE}+)?lalu|kemarin|ini|depan|mendatang)\b"
    rf"|(?P<day>kemarin(?:{_SPACE}+lusa)?|hari{_SPACE}+ini|besok|esok{_SPACE}+hari|lusa)\b"
    rf"|(?P<night>tadi{_SPACE}+malam|semalam)\b"
    rf"|(?P<today>tadi{_SPACE}+(?:pagi|siang|sore))\b",
    re.IGNORECASE,
)
#: Days the relative day words stand for, from the publication day.
RELATIVE_DAYS = {
    "kemarin lusa": -2, "kemarin": -1, "hari ini": 0, "besok": 1, "esok hari": 1, "lusa": 2,
}  # fmt: skip
#: Parts of a day written before "tadi": "malam tadi" is "tadi malam".
DAY_PARTS = frozenset(("pagi", "siang", "sore", "malam"))

_UNITS = ("satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
_UNIT = "|".join(_UNITS)
#: Numbers written as words, one to ninety-nine: "tiga", "sepuluh", "dua belas", "dua puluh
#: lima". Vague amounts ("beberapa", "puluhan") are not numbers.
_NUMBER_WORDS = (
    rf"(?:(?:{_UNIT}){_SPACE}+(?:puluh(?:{_SPACE}+(?:{_UNIT}))?|belas)|sepuluh|sebelas|{_UNIT})"
)
#: Words of a count before a unit ("tiga tahun", "beberapa tahun"): the unit is not "tahun lalu".
COUNT_WORDS = frozenset(
    (*_UNITS, "puluh", "belas", "ratus", "ribu", "juta", "sepuluh", "sebelas", "seratus", "seribu",
     "beberapa", "puluhan", "ratusan", "ribuan", "jutaan", "berapa", "sekian", "banyak")
)  # fmt: skip
#: At a unit word: a count of units from the publication day ("hari lalu" of "tiga hari lalu",
#: "tahun yang lalu", "hari lagi"); the count before it is COUNT_BEFORE.
COUNT_AFTER = re.compile(
    rf"(?P<unit>hari|pekan|minggu|bulan|tahun){_SPACE}+"
    rf"(?P<direction>(?:yang{_SPACE}+)?lalu|silam|lagi|mendatang)\b",
    re.IGNORECASE,
)
#: The count just before a unit word: "3 ", "tiga ", "dua puluh lima ".
COUNT_BEFORE = re.compile(rf"\b(?P<count>\d{{1,3}}|{_NUMBER_WORDS}){_SPACE}+$", re.IGNORECASE)
#: How far before a unit word its count may start, in characters ("sembilan puluh sembilan ").
COUNT_BEFORE_WINDOW = 28

#: The lowercase words the stage looks for with str.find, each where one of the patterns above
#: is matched: month names, weekdays, unit and day words.
KEYWORDS = (
    *MONTH_NAMES, "senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "jum’at", "sabtu",
    "minggu", "ahad", "hari", "pekan", "bulan", "tahun", "kemarin", "besok", "esok", "lusa",
    "tadi", "semalam",
)  # fmt: skip


def parse_count(text: str) -> int | None:
    """The number a count is written as: "3" -> 3, "dua puluh lima" -> 25; None otherwise."""
    if text.isdigit():
        return int(text)
    words = text.lower().split()
    if words == ["sepuluh"]:
        return 10
    if words == ["sebelas"]:
        return 11
    if not words or words[0] not in _UNITS:
        return None
    value = _UNITS.index(words[0]) + 1
    if len(words) == 1:
        return value
    if words[1] == "belas":
        return 10 + value
    return value * 10 + (_UNITS.index(words[2]) + 1 if len(words) == 3 else 0)


#: Words that make a date a plan, not a report, when they govern it (see warta.analyze.dates).
PLANNING_WORDS = frozenset(
    ("akan", "dijadwalkan", "mendatang", "rencananya", "direncanakan", "bakal", "hendak",
     "berencana", "nanti")
)  # fmt: skip
#: A planning word, for reported_dates: "dijadwalkan pada 10 Januari", "akan ... 5 Mei".
_PLANNED = _planned_pattern()
#: Reporting verbs and citations: a date after one dates the saying, not what was said ("X akan
#: datang, kata Y pada Senin": Monday is when Y spoke).
ATTRIBUTION_WORDS = frozenset(
    (
        *(f"{verb}{suffix}" for verb in ("kata", "ujar", "tutur", "ucap", "ungkap", "sebut",
          "imbuh", "tukas", "pungkas") for suffix in ("", "nya")),
        "jelasnya", "tegasnya", "tambahnya", "lanjutnya", "terangnya", "paparnya", "mengatakan",
        "menyatakan", "menyampaikan", "disampaikan", "dikatakan", "menjelaskan", "menegaskan",
        "menyebut", "menyebutkan", "dikutip", "dilansir", "melansir", "mengutip", "menurut",
        "dilaporkan", "melaporkan", "said",
    )
)  # fmt: skip
