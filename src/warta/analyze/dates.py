"""Stage ``dates``: every day, week, month or year an article names, as a calendar value.

Each mention gets a ``value`` (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; a week is the ``YYYY-MM-DD``
of its Monday), a ``status`` and ``flags`` (docs/dates.md has the full list of forms):

- Values are resolved against the *reference time*: ``published`` (read in the article's own
  Indonesian time zone, WIB when it was given in another zone), else ``published_not_before``.
  A date without its year ("10 Januari", "(21/1)") takes the year that puts it nearest the
  reference, or the next one on or after it (or at most a week before it: the publication time
  lags the writing) when the clause plans it ("dijadwalkan pada 10 Januari"). The weekday
  written with it decides among the years: a date whose weekday fits in the reference's year
  stays in it, and a date is never pushed a year away when its weekday fits the nearer one
  ("bakal disuarakan ... Senin (1/5)" stamped on Tuesday 2 May 2017 is 2017-05-01, not
  2018-05-01, a Tuesday). A lone weekday is the last such day on or before the reference (the
  next on or after it when planned), unless a year or month that opens its sentence does not
  hold it ("Tahun lalu ... digelar pada hari Minggu": left out); "kemarin", "pekan lalu",
  "tiga hari lalu" count from the reference day. "Juli lalu" in July is this July.
- One day, one value: words beside a date that name its day take its value ("besok" and
  "Selasa (23/5)" of "besok, Selasa (23/5)"); a relative day with a weekday is that weekday
  nearest the day ("besok, Selasa"). Such words also tell the day the text was written: in
  an article stamped early on Thursday 16 November, "hari ini, Rabu (15/11)" makes every
  "hari ini", "kemarin" and lone weekday count from Wednesday the 15th (the stamp lags the
  writing by at most :data:`PLANNED_LAG_DAYS`).
- ``status`` is ``planned`` when the date is after the reference day, or when a planning word
  ("akan", "dijadwalkan", ...) governs it and it was not over a week before then; ``happened``
  otherwise; ``unknown`` without a reference time.
- Nothing is silently corrected: a weekday that contradicts its date keeps the written date and
  is flagged ``weekday-conflict``.

Without a reference time, full dates keep their value (status ``unknown``); dates without a year
take it from the latest full date the article writes (flag ``year-inferred``), and lone weekdays
and relative words, which need the publication day, are left out. A corpus stage that learns the
day from elsewhere (other articles of the same story) calls :func:`resolve_dates` with it.

Offsets index ``body[paragraph]`` or, with ``part == "caption"``, ``captions[paragraph]``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import accumulate

from warta.analyze.pipeline import stage
from warta.lang.id import calendar
from warta.lang.id.date_expressions import Expression, find_expressions
from warta.model import Article, DateMention

# Flags, in the order a mention lists them.
YEAR_INFERRED = "year-inferred"
RELATIVE = "relative"
WEEK = "week"
#: The value stands for a weekend ("akhir pekan lalu"): it is the weekend's Saturday, but the
#: text says only "Saturday or Sunday".
WEEKEND = "weekend"
WEEKDAY_CONFLICT = "weekday-conflict"
#: A relative word or lone weekday inside a direct quote: it counts from when the speaker
#: spoke. A relative word is counted from the day the quote's attribution gives; without one,
#: and a weekday always, from the publication day, which may not be when the speaker spoke.
QUOTED = "quoted"
NO_REFERENCE = "no-reference"

#: Before this hour (local), "tadi malam" and "semalam" are the evening of the day before.
NIGHT_BEFORE_HOUR = 12
#: How far before a date a planning word may govern it, in characters, within its sentence.
#: In IndoSum dev folds 1-2, of 606 dates with a planning word earlier in their sentence, the
#: word stands a median 41 characters before the date and 92% within 100 (samples: 5-50, as in
#: "yang dijadwalkan pada 10 Januari").
CLAUSE_WINDOW = 100
#: How far before the reference day a planned date without its year may fall and still be in
#: the nearer year, not pushed to the next: the publication time lags the writing. In IndoSum
#: dev folds 1-3, of the 85 planned dates whose written weekday fits a date near the reference
#: ("akan digelar besok, Selasa (23/5)" stamped early on the 24th), 30 fall 1-3 days before it
#: and none 4-60 days before; a week is the margin.
PLANNED_LAG_DAYS = 7
#: Characters that end a clause for the planning test: sentence ends and quote marks.
_CLAUSE_ENDS = '.!?;"“”'
#: UTC offsets (hours) of Indonesia's time zones: a reference time in any other zone is moved to
#: WIB, the clock the article's "hari ini" and "tadi malam" are written by.
_INDONESIAN_OFFSETS = frozenset({7, 8, 9})

_QUOTE_MARK = re.compile('[“”"]')
#: How far after a quote's closing mark its attribution may give the day it was said: "kata
#: Dirlantas Polda Metro Jaya Kombes Halim Pagarra kepada poskotanews.com, Sabtu, (18/11/2017)".
ATTRIBUTION_REACH = 160
#: An attribution gives the day a quote was said, not its hour: said by day, as most are, its
#: "tadi malam" is the night before (any hour before NIGHT_BEFORE_HOUR reads so).
SAID_HOUR = 0
#: Where a sentence ends, to bound an attribution: a stop, a space, then a capital or a mark.
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z“\"])")
#: Words that may stand before a date that opens its clause: "Pada Senin, delegasi akan ...".
_FRONTING = frozenset(("", "pada", "hari", "sejak", "mulai", "lalu", "kemudian"))
_PUNCTUATION = ".,;:!?()[]\"'“”‘’–—-"
#: Words that may stand before a period that opens a sentence: "Tahun lalu, ...", "Pada 2015
#: ...", "Di awal 2016 ...".
_OPENS_WITH = frozenset(("", "pada", "di"))


@dataclass(frozen=True, slots=True)
class _Value:
    text: str
    first: date
    last: date
    flags: tuple[str, ...]


def reference_time(article: Article) -> date | None:
    """The time an article's dates count from: ``published`` (a datetime in Indonesian local
    time, or a date when only the day is known), else ``published_not_before``; None if neither.
    """
    if article.published:
        try:
            if "T" not in article.published and " " not in article.published.strip():
                return date.fromisoformat(article.published.strip())
            moment = datetime.fromisoformat(article.published.strip())
        except ValueError:
            moment = None
        if moment is not None:
            offset = moment.utcoffset()
            if offset is not None and offset / timedelta(hours=1) not in _INDONESIAN_OFFSETS:
                moment = moment.astimezone(calendar.WIB)
            return moment
    if article.published_not_before:
        try:
            return date.fromisoformat(article.published_not_before.strip()[:10])
        except ValueError:
            return None
    return None


def resolve_dates(article: Article, reference: date | None) -> list[DateMention]:
    """The date mentions of an article's body and captions, resolved against ``reference``.

    Args:
        article: the article (its ``body`` and ``captions`` are read).
        reference: the day the article's words count from; a ``datetime`` also gives the hour
            ("tadi malam" before noon is the evening before). None when unknown: see the module
            docstring for what is left out then.
    """
    parts = [("body", index, text) for index, text in enumerate(article.body)]
    parts += [("caption", index, text) for index, text in enumerate(article.captions)]
    # One scan of the whole article: a scan costs little per character but much per call.
    starts = list(accumulate((len(text) + 1 for *_, text in parts), initial=0))
    found = find_expressions("\n".join(text for *_, text in parts))
    day = reference.date() if isinstance(reference, datetime) else reference
    hour = reference.hour if isinstance(reference, datetime) else None
    writing = _writing_day(found, day)
    if writing is not None:  # deictic words count from the day the text says it was written
        day, hour = writing, None
    anchor = None
    if day is None:
        written = (_full_date(item) for item in found if item.kind == "date")
        anchor = max((value for value in written if value is not None), default=None)
    mentions = []
    quotes: dict[int, _Quotes] = {}
    resolved: dict[int, tuple[_Value | None, bool]] = {}

    def resolve(item: Expression) -> tuple[_Value | None, bool]:
        """The value of an expression and whether it is planned, once per expression."""
        if id(item) not in resolved:
            number = bisect_right(starts, item.start) - 1
            text = parts[number][2]
            planned = _planned(text, item.start - starts[number], item.end - starts[number])
            resolved[id(item)] = (_resolve(item, day, hour, anchor, planned), planned)
        return resolved[id(item)]

    lead_day = _lead_day(found, parts, day, hour, resolve)
    for item in found:
        number = bisect_right(starts, item.start) - 1
        part, index, text = parts[number]
        start, end = item.start - starts[number], item.end - starts[number]
        # Words beside a date that name its day ("besok" of "besok, Selasa (23/5)") take its
        # value: one day, one value.
        main = item.same_as or item
        value, planned = resolve(main)
        if value is None or not _fits_its_sentence(
            found, starts[number], text, item, value, resolve
        ):
            continue
        flags = list(value.flags)
        if item.same_as is not None and item.kind in ("weekday", "relative"):
            flags = [RELATIVE, *(flag for flag in flags if flag != RELATIVE)]
        deictic = item.kind in ("weekday", "relative")
        if deictic and number not in quotes:
            quotes[number] = _Quotes(text)  # once per paragraph: a paragraph may be long
        if deictic and quotes[number].inside(start):
            flags.append(QUOTED)
            said = _said_on(found, starts[number], text, quotes[number].closing(start), resolve)
            if said is None and main.unit in ("day", "night"):
                said = lead_day
            if said is not None and said != day and main.kind == "relative":
                # '"Tadi malam diperiksa," kata Halim, Sabtu (18/11)': the night before the
                # Saturday he said it, not before the publication day. (A lone weekday keeps
                # the publication's: which way it points from the saying is not written.)
                value = _resolve(main, said, SAID_HOUR, None, planned) or value
                flags = [*value.flags, *(flag for flag in flags if flag not in value.flags)]
        if day is None:
            flags.append(NO_REFERENCE)
        mentions.append(
            DateMention(
                text=text[start:end],
                value=value.text,
                status=_status(value, day, planned, written=main.kind == "date"),
                flags=flags,
                paragraph=index,
                start=start,
                end=end,
                part=part,
            )
        )
    return mentions


@stage(
    "dates",
    requires=("body", "captions", "published", "published_not_before"),
    assigns=("dates",),
)
def dates(article: Article) -> Article:
    """Find and resolve the dates of the body and captions."""
    article.dates = resolve_dates(article, reference_time(article))
    return article


# --- Resolving --------------------------------------------------------------------------------


def _full_date(found: Expression) -> date | None:
    """The day a date with its year written stands for; None if it has none or is no day."""
    if found.year is None or found.month is None or found.day is None:
        return None
    try:
        return date(found.year, found.month, found.day)
    except ValueError:
        return None


def _writing_day(found: list[Expression], day: date | None) -> date | None:
    """The day an article was written when its words say so and it is before the reference
    day: "hari ini, Rabu (15/11)" in an article stamped early on Thursday the 16th was written
    on the 15th (within :data:`PLANNED_LAG_DAYS`: the publication time lags the writing)."""
    if day is None:
        return None
    for item in found:
        target = item.same_as
        if item.kind != "relative" or item.unit != "day" or target is None:
            continue
        if target.kind != "date" or (value := _resolve_date(target, day, False)) is None:
            continue
        written = value.first - timedelta(days=item.offset or 0)
        if timedelta(0) < day - written <= timedelta(days=PLANNED_LAG_DAYS):
            return written
    return None


def _fits_its_sentence(
    found: list[Expression],
    offset: int,
    text: str,
    item: Expression,
    value: _Value,
    resolve: Callable[[Expression], tuple[_Value | None, bool]],
) -> bool:
    """Whether a value may stand in its sentence. A lone weekday (no date, direction or week
    beside it) is counted from the reference, but a year or month that opens the sentence sets
    when its clause is, so the weekday must fall in it. In "Tahun lalu juga
    merupakan kali pertama balapan GP Belanda digelar pada hari Minggu" the Sunday is one of
    last year's, not this week's: no day can be told, and the weekday is left out. Only an
    opening period counts: a year later in the sentence ("kata Herman, Jumat, ... sejak 2015")
    is usually another clause's. ``offset`` is where ``text`` starts in the scanned article."""
    if (
        item.kind != "weekday"
        or item.same_as is not None
        or item.direction
        or item.offset is not None
    ):
        return True
    start = item.start - offset
    sentence_start = max((end.end() for end in _SENTENCE_END.finditer(text, 0, start)), default=0)
    first = found[bisect_left(found, offset + sentence_start, key=lambda each: each.start)]
    if first is item or not _OPENS_WITH.issuperset(
        _words(text[sentence_start : first.start - offset])
    ):
        return True
    if first.kind not in ("year", "month") and first.unit not in ("month", "year"):
        return True
    period, _ = resolve(first)
    return period is None or period.first <= value.first <= period.last


def _lead_day(
    found: list[Expression],
    parts: list[tuple[str, int, str]],
    day: date | None,
    hour: int | None,
    resolve: Callable[[Expression], tuple[_Value | None, bool]],
) -> date | None:
    """The day before the reference when the article's lead reports its news on it and the
    article was stamped in the morning after (before :data:`NIGHT_BEFORE_HOUR`): "Presiden Joko
    Widodo pada Rabu melepas bantuan ..." stamped at 06:03 on Thursday. The article's quotes
    were then said on the Wednesday, at the event the lead reports: a quoted "hari ini" whose
    attribution gives no day is that Wednesday. On the 2,146 grouping dev articles this moves 14
    quoted words of 10 articles: read by hand, 8 to the day the speaker meant, 3 plausibly, 3
    unclear. A lead two to seven days back would move 39 more, as often wrong as right (a
    market forecast's "hari ini"): it is not used."""
    if day is None or hour is None or hour >= NIGHT_BEFORE_HOUR or not parts:
        return None
    if parts[0][:2] != ("body", 0):
        return None
    lead_end = len(parts[0][2])
    quotes = _Quotes(parts[0][2])
    for item in found:
        if item.start >= lead_end:
            break
        if item.kind not in ("date", "weekday") or item.same_as is not None:
            continue
        if quotes.inside(item.start):
            continue
        value, planned = resolve(item)
        if value is None or planned or value.first != value.last:
            return None
        return value.first if value.first == day - timedelta(days=1) else None
    return None


def _planned(text: str, start: int, end: int) -> bool:
    """Whether a planning word governs the date at ``start:end``: before it in its clause with
    no reporting verb between ("akan dibahas pada Selasa", not "akan datang, kata Y pada
    Senin"), or after a date that opens its clause ("Pada Senin, delegasi akan ...")."""
    low = max(0, start - CLAUSE_WINDOW)
    clause_start = max(low, *(text.rfind(mark, low, start) + 1 for mark in _CLAUSE_ENDS))
    before = _words(text[clause_start:start])
    plans = [i for i, word in enumerate(before) if word in calendar.PLANNING_WORDS]
    if plans and calendar.ATTRIBUTION_WORDS.isdisjoint(before[plans[-1] + 1 :]):
        return True
    if not _FRONTING.issuperset(before):
        return False
    high = min(len(text), end + CLAUSE_WINDOW)
    clause_end = min(
        [high] + [i for mark in _CLAUSE_ENDS if (i := text.find(mark, end, high)) >= 0]
    )
    for word in _words(text[end:clause_end]):
        if word in calendar.ATTRIBUTION_WORDS:
            return False
        if word in calendar.PLANNING_WORDS:
            return True
    return False


def _words(text: str) -> list[str]:
    return [word.strip(_PUNCTUATION).lower() for word in text.split()]


class _Quotes:
    """Where a text's direct quotes are, to tell whether a position is inside one."""

    def __init__(self, text: str) -> None:
        marks = list(_QUOTE_MARK.finditer(text))
        self._marks = {mark: [m.start() for m in marks if m.group() == mark] for mark in '“”"'}

    def inside(self, position: int) -> bool:
        """Inside curly quotes (more opened than closed before it) or straight ones (odd)."""
        opened = bisect_left(self._marks["“"], position)
        closed = bisect_left(self._marks["”"], position)
        return opened > closed or bisect_left(self._marks['"'], position) % 2 == 1

    def closing(self, position: int) -> int | None:
        """Where the quote holding ``position`` closes: the next closing curly mark when curly
        marks hold it, else the next straight one; None when no mark follows."""
        curly = bisect_left(self._marks["“"], position) > bisect_left(self._marks["”"], position)
        marks = self._marks["”" if curly else '"']
        after = bisect_left(marks, position)
        return marks[after] if after < len(marks) else None


def _said_on(
    found: list[Expression],
    offset: int,
    text: str,
    closing: int | None,
    resolve: Callable[[Expression], tuple[_Value | None, bool]],
) -> date | None:
    """The day a quote's attribution says it was said ('," kata Halim, Sabtu (18/11/2017).'):
    a day date or weekday after the closing mark, within :data:`ATTRIBUTION_REACH` characters
    and the same sentence. ``offset`` is where ``text`` starts in the scanned article."""
    if closing is None:
        return None
    reach = min(len(text), closing + ATTRIBUTION_REACH)
    sentence_end = _SENTENCE_END.search(text, closing + 1, reach)
    stop = offset + (sentence_end.start() if sentence_end else reach)
    first = bisect_left(found, offset + closing, key=lambda item: item.start)
    for item in found[first:]:
        if item.start >= stop:
            break
        if item.kind in ("date", "weekday"):
            value, _ = resolve(item)
            return value.first if value is not None and value.first == value.last else None
    return None


def _resolve(
    found: Expression, day: date | None, hour: int | None, anchor: date | None, planned: bool
) -> _Value | None:
    """The value of one expression; None when it cannot be resolved (no day to count from, or
    no such calendar day: "31/2/2021")."""
    base = day or anchor
    if found.kind == "year":
        assert found.year is not None
        return _Value(str(found.year), date(found.year, 1, 1), date(found.year, 12, 31), ())
    if found.kind == "date":
        return _resolve_date(found, base, planned)
    if found.kind == "month":
        return _resolve_month(found, base, planned)
    if day is None:
        return None  # weekdays and relative words count from the publication day only
    if found.kind == "weekday":
        assert found.weekday is not None
        if found.offset is not None:  # "Jumat pekan lalu"
            return _day(_monday(day) + timedelta(7 * found.offset + found.weekday), (RELATIVE,))
        return _day(_weekday_near(day, found.weekday, found.direction, planned), (RELATIVE,))
    return _resolve_relative(found, day, hour, planned)


def _resolve_date(found: Expression, base: date | None, planned: bool) -> _Value | None:
    assert found.month is not None and found.day is not None
    flags: tuple[str, ...] = ()
    value = _full_date(found)
    if found.year is None:
        if base is None:
            return None
        if found.offset is not None:  # "23 Agustus tahun lalu"
            value = _safe_date(base.year + found.offset, found.month, found.day)
        else:
            options = [
                option
                for year in (base.year - 1, base.year, base.year + 1)
                if (option := _safe_date(year, found.month, found.day)) is not None
            ]
            direction = -1 if found.direction < 0 else 1 if planned or found.direction else 0
            value = _year_by_weekday(options, base, _pick(options, base, direction), found.weekday)
        flags = (YEAR_INFERRED,)
    if value is None:
        return None
    if found.weekday is not None and value.weekday() != found.weekday:
        flags += (WEEKDAY_CONFLICT,)
    return _day(value, flags)


def _resolve_month(found: Expression, base: date | None, planned: bool) -> _Value | None:
    assert found.month is not None
    if found.year is not None:
        return _month(found.year, found.month, ())
    if base is None:
        return None
    if found.offset is not None:  # "Desember tahun lalu"
        return _month(base.year + found.offset, found.month, (YEAR_INFERRED,))
    options = [date(year, found.month, 1) for year in (base.year - 1, base.year, base.year + 1)]
    direction = found.direction or (1 if planned else 0)
    # "awal Juli lalu" on 14 July is this July: a month is past once it has begun, its end
    # ("akhir Juli lalu") once the month is over, as a day ("14 Juli lalu" on 14 July is last
    # year's).
    begun = direction < 0 and found.edge != "akhir"
    chosen = _pick(options, base if begun else base.replace(day=1), direction)
    return None if chosen is None else _month(chosen.year, chosen.month, (YEAR_INFERRED,))


def _resolve_relative(found: Expression, day: date, hour: int | None, planned: bool) -> _Value:
    offset = found.offset or 0
    if found.unit in ("day", "night"):
        value = day + timedelta(days=offset)
        if found.unit == "night" and hour is not None and hour < NIGHT_BEFORE_HOUR:
            value = day - timedelta(days=1)
        if found.weekday is not None:  # "besok, Selasa": the Tuesday nearest tomorrow
            value += timedelta(days=(found.weekday - value.weekday() + 3) % 7 - 3)
        return _day(value, (RELATIVE,))
    if found.unit == "weekend":
        if found.offset is None:  # "akhir pekan": the last Saturday, or the next when planned
            return _day(_weekday_near(day, 5, 0, planned), (RELATIVE, WEEKEND))
        saturday = _monday(day) + timedelta(days=7 * offset + 5)
        return _day(saturday, (RELATIVE, WEEKEND))
    if found.unit == "week":
        monday = _monday(day) + timedelta(days=7 * offset)
        return _Value(monday.isoformat(), monday, monday + timedelta(days=6), (RELATIVE, WEEK))
    if found.unit == "month":
        months = day.year * 12 + day.month - 1 + offset
        return _month(months // 12, months % 12 + 1, (RELATIVE,))
    year = day.year + offset
    return _Value(f"{year:04d}", date(year, 1, 1), date(year, 12, 31), (RELATIVE,))


def _status(value: _Value, day: date | None, planned: bool, written: bool) -> str:
    """``planned`` when the date is still to come at the reference day, or a planning word
    governs it and it is not over by then (a ``written`` date, one the text names rather than
    counts from the reference: not over :data:`PLANNED_LAG_DAYS` before then, as the
    publication time lags the writing); ``happened`` otherwise; ``unknown`` without a day."""
    if day is None:
        return "planned" if planned else "unknown"
    since = day - timedelta(days=PLANNED_LAG_DAYS) if written else day
    if value.first > day or (planned and value.last >= since):
        return "planned"
    return "happened"


def _pick(options: list[date], base: date, direction: int) -> date | None:
    """The option before ``base`` (``direction`` -1), on or after it (+1, or at most
    :data:`PLANNED_LAG_DAYS` before it), or the nearest (0; on a tie the earlier)."""
    if direction < 0:
        return max((option for option in options if option < base), default=None)
    if direction > 0:
        since = base - timedelta(days=PLANNED_LAG_DAYS)
        return min((option for option in options if option >= since), default=None)
    return min(options, key=lambda option: (abs(option - base), option), default=None)


def _year_by_weekday(
    options: list[date], base: date, chosen: date | None, weekday: int | None
) -> date | None:
    """The year the written weekday decides among ``options`` (one date in consecutive years:
    at most one of three has the weekday): the option in ``base``'s year when the weekday fits
    it, else the fitting option when it is nearer ``base`` than ``chosen`` (a date is not
    pushed a year ahead, or back, when its weekday fits the nearer one). A weekday that fits
    only a farther year is the writer's slip ("Minggu (1/7)" written on 5 July 2017, a
    Saturday, when the Sunday 1 July is a year ahead): ``chosen`` stays, and is flagged."""
    if weekday is None or (chosen is not None and chosen.weekday() == weekday):
        return chosen
    fitting = next((option for option in options if option.weekday() == weekday), None)
    if fitting is None:
        return chosen
    if fitting.year == base.year or chosen is None or abs(fitting - base) < abs(chosen - base):
        return fitting
    return chosen


def _weekday_near(day: date, weekday: int, direction: int, planned: bool) -> date:
    """The given weekday nearest ``day``: strictly before it ("Senin lalu"), strictly after it
    ("Senin depan"), on or after it when planned, else on or before it."""
    if direction < 0:
        return day - timedelta(days=(day.weekday() - weekday - 1) % 7 + 1)
    if direction > 0:
        return day + timedelta(days=(weekday - day.weekday() - 1) % 7 + 1)
    if planned:
        return day + timedelta(days=(weekday - day.weekday()) % 7)
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _day(value: date, flags: tuple[str, ...]) -> _Value:
    return _Value(value.isoformat(), value, value, flags)


def _month(year: int, month: int, flags: tuple[str, ...]) -> _Value:
    first = date(year, month, 1)
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return _Value(f"{year:04d}-{month:02d}", first, last, flags)
