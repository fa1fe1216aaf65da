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
#: Words that make a date a plan, not a report: "dijadwalkan pada 10 Januari", "akan ... 5 Mei".
_PLANNED = re.compile(r"\b(?:akan|dijadwalkan|mendatang|rencananya|direncanakan)\b", re.I)
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
