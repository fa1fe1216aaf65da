"""Machine-readable times: parsing the forms inputs give, and ordering them in UTC."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from warta.errors import UsageError

#: UTC offset assumed for a time given without one: Western Indonesia Time (WIB), where most
#: Indonesian portals publish.
DEFAULT_OFFSET = timezone(timedelta(hours=7))

_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_timestamp(value: str) -> str | None:
    """A machine-readable time as ISO 8601, or None when it is not one.

    ISO 8601 and RFC 2822 (feeds) are read. Full timestamps keep their offset (``+07:00`` is
    assumed when none is given); a bare date stays a date. Indonesian forms written in article
    text ("Selasa, 07 Desember 2021 - 02:00 WIB") are the metadata stage's job.
    """
    value = value.strip()
    if _DATE_ONLY.fullmatch(value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=DEFAULT_OFFSET)
    return parsed.isoformat()


def wib_day(value: str | None) -> str | None:
    """The day (``YYYY-MM-DD``) an ISO time falls on in WIB, where Warta counts its days (date
    filters, events): a story stored from 2021-12-06T19:00:00+00:00 starts on 2021-12-07, as
    its event does. A bare date is itself; a value that is no time keeps its first ten
    characters; None stays None."""
    if not value:
        return None
    value = value.strip()
    if _DATE_ONLY.fullmatch(value):
        return value
    parsed = _in_wib(value)
    return value[:10] if parsed is None else parsed.date().isoformat()


def wib_minute(value: str | None) -> str | None:
    """An ISO time as its minute in WIB, for reading (``2021-12-07 02:00 WIB``): the times a
    report lists compare at a glance whatever offset each input gave. A bare date is itself; a
    value that is no time keeps its first 16 characters; None stays None."""
    if not value:
        return None
    value = value.strip()
    if _DATE_ONLY.fullmatch(value):
        return value
    parsed = _in_wib(value)
    return value[:16] if parsed is None else parsed.strftime("%Y-%m-%d %H:%M WIB")


def _in_wib(value: str) -> datetime | None:
    """An ISO time moved to WIB (one without an offset read as WIB); None when it is no time."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=DEFAULT_OFFSET)
    return parsed.astimezone(DEFAULT_OFFSET)


def to_utc(value: str | None) -> str | None:
    """An ISO 8601 time or date as a sortable UTC string; a bare date means midnight WIB."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=DEFAULT_OFFSET)
    return parsed.astimezone(UTC).isoformat(timespec="seconds")


def end_bound_utc(value: str) -> tuple[str | None, bool]:
    """The upper bound of an ``--until`` value in UTC, and whether the bound itself is included.

    A bare date includes its whole day (up to the next midnight, excluded); a time includes
    itself.
    """
    value = value.strip()
    if _DATE_ONLY.fullmatch(value):
        try:
            next_day = date.fromisoformat(value) + timedelta(days=1)
        except ValueError:
            return None, False
        return to_utc(next_day.isoformat()), False
    return to_utc(value), True


def check_dates(since: str | None, until: str | None, prefix: str = "") -> None:
    """Refuse a ``since``/``until`` filter that is not a date or ISO 8601 time; ``prefix``
    names the option as the user wrote it (``--`` in the CLI).

    Raises:
        UsageError: saying which filter and what was given.
    """
    for name, value in (("since", since), ("until", until)):
        if value is not None and to_utc(value) is None:
            raise UsageError(
                f"{prefix}{name} {value!r} is not a date (YYYY-MM-DD) or ISO 8601 time"
            )
