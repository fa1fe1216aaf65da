"""Date expressions in Indonesian text: where each is, and what it says, before
:mod:`warta.analyze.dates` counts it from a reference time.

The patterns and words are in :mod:`warta.lang.id.calendar`. Searching a text with a pattern
costs, per character, about what the dates stage may spend on a whole article, so no pattern is
searched for: one scan finds the numbers, ``str.find`` finds the key words
(:data:`~warta.lang.id.calendar.KEYWORDS`), and each pattern is matched only where its key is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from warta.lang.id import calendar

_NUMBER = re.compile(r"[0-9]+")
_NEXT_WORD = re.compile(r"[ \t\u00a0]+([\w%$-]+)")
#: A direction word right after a date: "28 Desember lalu", "10 Januari mendatang", "Senin
#: (5/6) kemarin", "29 November besok". It places a date without its year, and is part of the
#: mention (not a "kemarin" of its own).
_DIRECTION_AFTER = re.compile(
    r"[^\S\n]+(?:(?P<past>lalu|silam|kemarin)|(?P<future>mendatang|depan|nanti|besok))\b",
    re.IGNORECASE,
)
#: Characters inside a word besides letters and digits: "Jum'at", "Rp.", "US$", "Sabtu-".
_WORD_MARKS = "$.'’-"
_LONGEST_WORD = 16
_DAY_TIMES = frozenset(("pagi", "siang", "sore", "malam", "dini", "hari"))
#: Words before a weekday that make it no particular day: prayers, and "every".
_NOT_A_DAY_BEFORE = frozenset({"salat", "shalat", "sholat", "solat", "setiap", "tiap", "saban"})
_ONE_NIGHT = frozenset({"selama", "menginap", "bermalam"})
_UNIT_NAMES = {"hari": "day", "pekan": "week", "minggu": "week", "bulan": "month", "tahun": "year"}
#: What may stand between two expressions that are one mention: spaces and a comma, or an opening
#: bracket ("besok (21 November 2017)"), on one line.
_JOIN_GAP = re.compile(r"[^\S\n]*[,(]?[^\S\n]*")
#: Relative units that name a day: next to a date, the date decides which ("pekan lalu, Jumat
#: (2/6)" names a week and a day in it: two values, neither wrong).
_DAY_UNITS = frozenset(("day", "night"))
#: How two expressions side by side are one (see _join).
_LINKED, _MERGED = "linked", "merged"


@dataclass(slots=True)
class Expression:
    """A date expression found in a text, before it is counted from a reference time."""

    start: int
    end: int
    kind: str  # "date", "month", "year", "weekday" or "relative"
    year: int | None = None
    month: int | None = None
    day: int | None = None
    #: The weekday written with the date, the lone weekday, or the one beside a relative day
    #: ("besok, Selasa").
    weekday: int | None = None
    direction: int = 0  # -1 "lalu", +1 "mendatang", 0 unsaid
    unit: str = ""  # relative: "day", "night", "week", "weekend", "month" or "year"
    #: Relative: units from the reference; month and date: years from it ("tahun lalu").
    offset: int | None = None
    #: The expression beside this one that names the same day and decides its value ("besok"
    #: of "besok, Selasa (23/5)" is the same day as the date).
    same_as: Expression | None = None
    #: Month: the part of it written before it ("awal", "akhir", ...), lower case.
    edge: str = ""


#: A law or a regulation cited by its number and year, whose year is part of its name, not a
#: date: "UU Nomor 31 Tahun 1999", "UU Lalu Lintas Nomor 22 Tahun 2009" (a law's short name
#: before its number), "Undang-Undang No. 20 Tahun 2001", "Perpres Nomor 54 Tahun
#: 2010", "Peraturan Pemerintah Nomor 43 Tahun 2017", "UUD 1945", "Undang-Undang Dasar Negara
#: Republik Indonesia Tahun 1945".
_LAW_YEAR = re.compile(
    r"\b(?:(?:UU|Undang[-\s]+[Uu]ndang|Perppu|Perpu|Perpres|Keppres|Kepres|Inpres|Perda|Perma|"
    r"Perkap(?:olri)?|Pergub|Perbup|Perwal(?:i)?|Permen\w*|PP|Peraturan(?:\s+[A-Z]\w*){1,3}|"
    r"Keputusan(?:\s+[A-Z]\w*){1,3}|Instruksi(?:\s+[A-Z]\w*){1,2}|Surat\s+Edaran|SE|"
    r"Ketetapan\s+MPR|TAP\s+MPR|Qanun)(?:(?:\s+[A-Z][\w-]*){1,4}?\s+(?:Nomor|Nomer|No\.?)\s*|"
    r"\s+(?:(?:Nomor|Nomer|No\.?)\s*)?)[\w./-]{1,20}\s+"
    r"(?:[Tt]ahun|[Tt]h\.?|[Tt]hn\.?)\s+|\b(?:UUD|Undang[-\s]+[Uu]ndang\s+Dasar)"
    r"(?:\s+(?:NRI|Negara\s+Republik\s+Indonesia))?\s+(?:[Tt]ahun\s+)?)"
    r"(?P<year>(?:19|20)\d\d)\b"
)

#: What a text must hold to cite a law's year (most paragraphs hold none: not searched).
_LAW_YEAR_WORDS = ("ahun", "UUD", "Dasar", "Th", "th")


def find_expressions(text: str) -> list[Expression]:
    """The date expressions of a text (one paragraph, or paragraphs joined by line breaks), in
    order, none overlapping: the earlier and then the longer wins ("Selasa, 7 Desember 2021"
    over its "Selasa" and its "2021"). The year of a law cited by its number ("UU Nomor 31
    Tahun 1999", "UUD 1945") is no date."""
    lowered = text.lower()
    candidates: list[Expression] = []
    cited = any(word in text for word in _LAW_YEAR_WORDS)
    law_years = {law.start("year") for law in _LAW_YEAR.finditer(text)} if cited else set()
    for number in _NUMBER.finditer(text):
        if number.start() in law_years:
            continue
        candidates += _at_number(text, number.start())
    for key in calendar.KEYWORDS:
        position = lowered.find(key)
        while position >= 0:
            candidates += _KEY_READERS[key](text, position)
            position = lowered.find(key, position + len(key))
    candidates.sort(key=lambda item: (item.start, -item.end))
    kept: list[Expression] = []
    for candidate in candidates:
        if not kept or candidate.start >= kept[-1].end:
            kept.append(candidate)
    return _one_per_mention(text, kept)


def _one_per_mention(text: str, found: list[Expression]) -> list[Expression]:
    """Expressions side by side that name one day are read as one: a written date decides, and
    the words beside it take its day ("besok, Selasa (23/5)", "hari ini (21/7)", "Rabu
    (21/2/2018) hari ini", "Sabtu kemarin (17/6)"); a relative day and a weekday name the
    weekday nearest that day ("besok, Selasa", "Kamis besok"); a year counted from the
    publication places the date before it ("23 Agustus tahun lalu" is one mention)."""
    kept: list[Expression] = []
    joined: set[int] = set()  # two at most: "23 Agustus tahun lalu, hari ini" is two days
    for item in found:
        last = kept[-1] if kept else None
        if (
            last is not None
            and id(last) not in joined
            and _JOIN_GAP.fullmatch(text, last.end, item.start)
        ):
            how = _join(last, item)
            if how == _MERGED:
                joined.add(id(last))
                continue
            if how == _LINKED:
                joined.add(id(item))
        kept.append(item)
    return kept


def _join(first: Expression, second: Expression) -> str:
    """Read ``first`` and ``second`` (next to each other) as one day, when they are: the one
    that decides gets what the other says, the other is marked ``same_as`` it, or (a date and
    the year that places it) ``first`` takes ``second`` in. Returns how: :data:`_LINKED`,
    :data:`_MERGED`, or "" when they are two (a list of dates, "2017, Kamis (6/4)" after a name
    with its year)."""
    if first.kind == "date" and second.kind == "date":
        return ""
    if second.kind == "date" and first.kind == "relative" and first.unit in _DAY_UNITS:
        first.same_as = second  # "besok, Selasa (23/5)", "hari ini (21/7)"
        return _LINKED
    if first.kind == "date" and second.kind == "relative":
        if second.unit in _DAY_UNITS:  # "Rabu (21/2/2018) hari ini"
            second.same_as = first
            return _LINKED
        if second.unit == "year" and first.year is None and second.offset:
            first.offset, first.end = second.offset, second.end  # "23 Agustus tahun lalu"
            return _MERGED
        return ""
    if first.kind == "weekday" and second.kind == "date" and second.weekday is None:
        second.weekday = first.weekday  # "Sabtu kemarin (17/6)"
        second.direction = second.direction or first.direction
        first.same_as = second
        return _LINKED
    days = first.kind == "relative" and first.unit in _DAY_UNITS and second.kind == "weekday"
    if days or (first.kind == "weekday" and second.kind == "relative"):
        relative, weekday = (first, second) if days else (second, first)
        if relative.unit not in _DAY_UNITS or weekday.offset is not None or weekday.direction:
            return ""
        relative.weekday = weekday.weekday  # "besok, Selasa", "Kamis besok"
        weekday.same_as = relative
        return _LINKED
    return ""


def _at_number(text: str, start: int) -> list[Expression]:
    """Dates and years that start at the number at ``start``."""
    previous = text[start - 1] if start else " "
    if previous.isalnum() or previous in calendar.NUMBER_START_AFTER:
        return []  # inside a word or an amount ("Rp2014", "2.014"), or a number's second part
    found: list[Expression] = []
    opening = start - 1 if previous == "(" else start - 2 if text[start - 2 : start] == "( " else -1
    if opening >= 0 and (match := calendar.PARENTHESISED_DATE.match(text, opening)):
        written = match["year"]
        year = None if written is None else int(written) + (2000 if len(written) == 2 else 0)
        found.append(
            _dated(text, opening, match.end(), year, int(match["month"]), int(match["day"]))
        )
    if match := calendar.NAMED_DATE.match(text, start):
        found += _named_date(text, match)
    if match := calendar.NUMERIC_DATE.match(text, start):
        if match["day"]:
            year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
        else:
            year, month, day = int(match["iyear"]), int(match["imonth"]), int(match["iday"])
        found.append(_dated(text, start, match.end(), year, month, day))
    if match := calendar.YEAR.match(text, start):
        found += _years(text, match)
    return found


def _named_date(text: str, match: re.Match[str]) -> list[Expression]:
    written = match["month"]
    if written.lower() not in calendar.MONTH_NAMES and written[0].islower():
        return []  # "7 des", "5 mar": an abbreviation is a month only when capitalised
    year = int(match["year"]) if match["year"] else None
    month = calendar.MONTHS[written.lower()]
    last = _dated(text, match.start("day"), match.end(), year, month, int(match["day"]))
    if not match["first"]:
        return [last]
    first = _dated(text, match.start("first"), match.end("first"), year, month, int(match["first"]))
    earlier, earlier_start = _previous_word(text, first.start)
    if first.weekday is not None and earlier in calendar.WEEKDAYS:
        # "Senin - Selasa, 11 - 12 Desember": a weekday for each day of the range.
        first.start, first.weekday, last.weekday = (
            earlier_start,
            calendar.WEEKDAYS[earlier],
            first.weekday,
        )
    return [first, last]


def _dated(text: str, start: int, end: int, year: int | None, month: int, day: int) -> Expression:
    """A day-month(-year) found at ``start:end``, with the weekday written before it and the
    direction word after it taken into the mention."""
    found = Expression(start, end, "date", year, month, day)
    word, word_start = _previous_word(text, start)
    for _ in range(2):  # "Rabu malam (18/1)", "Rabu dini hari (18/1)"
        if word not in _DAY_TIMES:
            break
        word, word_start = _previous_word(text, word_start)
    if word in calendar.WEEKDAYS:
        found.start = word_start
        found.weekday = calendar.WEEKDAYS[word]
    if after := _DIRECTION_AFTER.match(text, end):
        found.direction = -1 if after["past"] else 1
        found.end = after.end()
    return found


def _years(text: str, match: re.Match[str]) -> list[Expression]:
    previous, previous_start = _previous_word(text, match.start())
    if previous in calendar.NOT_A_YEAR_BEFORE:
        return []
    if match["year2"] is None and previous in calendar.MONTHS:  # "Des 2021", "Dec 2021"
        month = _months_at(text, previous_start)
        if month:
            return month
    found = []
    for group in ("year", "year2"):
        if match[group] is None:
            continue
        following = _NEXT_WORD.match(text, match.end(group))
        if following and following.group(1).lower() in calendar.COUNTED:
            continue
        found.append(
            Expression(match.start(group), match.end(group), "year", year=int(match[group]))
        )
    return found


def _months_at(text: str, start: int) -> list[Expression]:
    match = calendar.MONTH_PHRASE.match(text, start)
    if match is None or not _word_starts(text, start):
        return []
    name = match["month"].lower()
    found = Expression(start, match.end(), "month", month=calendar.MONTHS[name])
    previous, previous_start = _previous_word(text, start)
    if previous in calendar.EDGES:
        found.start, found.edge = previous_start, previous
    if match["year"]:
        found.year = int(match["year"])
        return [found]
    if name not in calendar.MONTH_NAMES:
        return []  # a lone "Des", "May", "Mar" is not a month
    which = " ".join((match["which"] or "").lower().split())
    if which.startswith("tahun"):
        found.offset = {"lalu": -1, "ini": 0, "depan": 1}[which.split()[-1]]
    elif which:
        found.direction = -1 if which in ("lalu", "kemarin") else 1
    elif found.start == start and previous not in calendar.MONTH_CUES:
        return []  # a lone month name with nothing placing it: "Mei Lin", "April" as a name
    return [found]


def _weekday_at(text: str, start: int) -> list[Expression]:
    match = calendar.WEEKDAY.match(text, start)
    if match is None or not _word_starts(text, start):
        return []
    name = match["weekday"]
    if name.lower() == "minggu" and not _is_sunday(text, start, match.end("weekday")):
        return []
    if _previous_word(text, start)[0] in _NOT_A_DAY_BEFORE:
        return []  # "salat Jumat" is a prayer, "setiap Sabtu" no one day
    which = (match["which"] or "").lower().split()
    found = Expression(start, match.end(), "weekday", weekday=calendar.WEEKDAYS[name.lower()])
    if len(which) == 2:  # "Jumat pekan lalu": the Friday of last week
        found.unit = "week"
        found.offset = -1 if which[1] in ("lalu", "kemarin") else int(which[1] != "ini")
    elif which:
        found.direction = -1 if which[0] in ("lalu", "kemarin") else 1
    return [found]


def _is_sunday(text: str, start: int, end: int) -> bool:
    """Whether "Minggu" at ``start:end`` is Sunday; "minggu" also means "week"."""
    previous, _ = _previous_word(text, start)
    capitalised = text[start].isupper()
    if previous in calendar.SUNDAY_BEFORE or text[max(0, start - 6) : start].lower() in (
        "sabtu-",
        "sabtu–",
    ):
        return capitalised or previous == "hari"
    if not capitalised or calendar.WEEK_AFTER.match(text, end):
        return False
    if calendar.SUNDAY_AFTER.match(text, end):
        return True
    # Mid-sentence, the noun "minggu" is written in lower case: a capital there is the day,
    # unless it goes on a name ("Pasar Minggu", a district of Jakarta).
    before = text[max(0, start - 3) : start].rstrip(" \t\u00a0")
    return bool(before) and (
        before[-1] == "," or (before[-1].islower() and not _in_name(text, start))
    )


def _in_name(text: str, start: int) -> bool:
    """Whether the word before ``start`` is capitalised (``start`` then goes on a name)."""
    _, previous_start = _previous_word(text, start)
    return previous_start < start and text[previous_start].isupper()


def _relative_at(text: str, start: int) -> list[Expression]:
    """Relative days, weeks, months and years, and counts of them, at a unit or day word."""
    if not _word_starts(text, start):
        if text[start - 2 : start].lower() == "se" and _word_starts(text, start - 2):
            return _count(text, start, start - 2, 1)  # "sepekan lalu", "setahun silam"
        return []
    found = _count(text, start, None, None)
    match = calendar.RELATIVE.match(text, start)
    previous, previous_start = _previous_word(text, start)
    if match is None:
        if previous == "akhir" and text[start : start + 5].lower() == "pekan":
            end = start + 5
            if not text[end : end + 1].isalnum():
                found.append(Expression(previous_start, end, "relative", unit="weekend"))
        elif text[start : start + 4].lower() == "tadi" and previous in calendar.DAY_PARTS:
            unit = "night" if previous == "malam" else "day"
            found.append(Expression(previous_start, start + 4, "relative", unit=unit, offset=0))
        elif text[start : start + 4].lower() == "tadi" and previous == "hari":
            dawn, dawn_start = _previous_word(text, previous_start)
            if dawn == "dini":  # "dini hari tadi": the small hours of the publication day
                found.append(Expression(dawn_start, start + 4, "relative", unit="day", offset=0))
        return found
    item = Expression(start, match.end(), "relative")
    if match["unit"]:
        unit = match["unit"].lower()
        if unit == "minggu" and _is_sunday(text, start, match.end("unit")):
            return found  # "pada Minggu lalu": last Sunday, a weekday
        if previous in calendar.COUNT_WORDS or previous.replace(".", "").isdigit():
            return found  # "32 tahun lalu" is read as a count, "beberapa tahun lalu" is vague
        which = match["which"].lower()
        item.offset = -1 if which.endswith(("lalu", "kemarin")) else int(which != "ini")
        item.unit = _UNIT_NAMES[unit]
        if previous in calendar.EDGES:
            item.start = previous_start
            if previous == "akhir" and item.unit == "week":
                item.unit = "weekend"
    elif match["day"]:
        item.unit = "day"
        item.offset = calendar.RELATIVE_DAYS[" ".join(match["day"].lower().split())]
    elif match["night"]:
        if match["night"].lower() == "semalam" and previous in _ONE_NIGHT:
            return found  # "selama semalam": for one night
        item.unit = "night"
    else:
        item.unit, item.offset = "day", 0
    return [*found, item]


def _count(
    text: str, unit_start: int, count_start: int | None, count: int | None
) -> list[Expression]:
    """ "tiga hari lalu", "2 tahun yang lalu", "sepekan silam", "lima hari lagi" at a unit word;
    ``count`` is given for the "se-" forms, else read before the unit."""
    match = calendar.COUNT_AFTER.match(text, unit_start)
    if match is None:
        return []
    if count is None:
        window_start = max(0, unit_start - calendar.COUNT_BEFORE_WINDOW)
        written = calendar.COUNT_BEFORE.search(text, window_start, unit_start)
        if written is None:
            return []
        count, count_start = calendar.parse_count(written["count"]), written.start()
    if count is None or count_start is None:
        return []
    direction = match["direction"].lower()
    previous, _ = _previous_word(text, count_start)
    if previous == "selama" or (previous == "dalam" and direction == "mendatang"):
        return []  # "selama dua tahun lalu", "dalam tiga hari mendatang": a duration
    sign = -1 if direction.endswith("lalu") or direction == "silam" else 1
    unit = _UNIT_NAMES[match["unit"].lower()]
    return [Expression(count_start, match.end(), "relative", unit=unit, offset=sign * count)]


def _word_starts(text: str, start: int) -> bool:
    return start == 0 or not text[start - 1].isalnum()


def _previous_word(text: str, start: int) -> tuple[str, int]:
    """The word before ``start`` (lower case, with its start), across at most three spaces or
    marks on the same line ("Selasa, " or "Senin - " before a date); ``("", start)`` when there
    is none."""
    end = start
    while end > 0 and start - end < 3 and not text[end - 1].isalnum() and text[end - 1] != "\n":
        end -= 1
    begin = end
    while (
        begin > 0
        and end - begin < _LONGEST_WORD
        and (text[begin - 1].isalnum() or text[begin - 1] in _WORD_MARKS)
    ):
        begin -= 1
    return (text[begin:end].lower(), begin) if begin < end else ("", start)


def _minggu_at(text: str, start: int) -> list[Expression]:
    """ "Minggu" is Sunday, or (as "minggu") a week: either reader may take it."""
    return [*_weekday_at(text, start), *_relative_at(text, start)]


#: What reads the text where each of calendar.KEYWORDS is found.
_KEY_READERS: dict[str, Callable[[str, int], list[Expression]]] = {
    **dict.fromkeys(calendar.MONTH_NAMES, _months_at),
    **dict.fromkeys(calendar.WEEKDAYS, _weekday_at),
    **dict.fromkeys(("hari", "pekan", "bulan", "tahun", "kemarin", "besok", "esok"), _relative_at),
    **dict.fromkeys(("lusa", "tadi", "semalam"), _relative_at),
    "minggu": _minggu_at,
}
