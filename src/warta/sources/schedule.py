"""When to poll a source next: an interval that adapts to how often the source yields new
articles, and a failure score that pauses a source that keeps failing.

Like Media Cloud's rss-fetcher: a feed that yields something at each poll is polled more
often, one that yields nothing less often, within the settings' bounds; each failed poll adds
one to the score and each good one halves it, so that a source failing now and then keeps
going and one failing every time is paused after a few polls, saying why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from warta.records import SourceState

#: A poll that found new articles brings the next one this much closer; one that found none
#: pushes it this much further. Halving and 1.5x settle a feed publishing every hour, polled
#: from 15 minutes, within the hour in about four empty polls.
FASTER = 0.5
SLOWER = 1.5
#: Failed polls space the next ones out by doubling, up to 2 ** this.
MAX_FAILURE_DOUBLINGS = 6
#: A score below this after a good poll is cleared.
FORGOTTEN_SCORE = 0.1


@dataclass(frozen=True, slots=True)
class Schedule:
    """The bounds of polling, from the settings."""

    min_interval: float
    max_interval: float
    pause_score: float


def polled(source: SourceState, schedule: Schedule, now: datetime, new_articles: int) -> None:
    """Record a good poll (one that reached the source, changed or not)."""
    factor = FASTER if new_articles else SLOWER
    source.interval_seconds = _bounded(source.interval_seconds * factor, schedule)
    source.failures = source.failures / 2 if source.failures >= FORGOTTEN_SCORE * 2 else 0.0
    source.last_error = None
    source.polls += 1
    source.articles += new_articles
    source.last_fetch = _iso(now)
    if new_articles:
        source.last_new = _iso(now)
    source.next_poll = _iso(now + timedelta(seconds=source.interval_seconds))


def failed(
    source: SourceState,
    schedule: Schedule,
    now: datetime,
    reason: str,
    retry_after: float | None = None,
) -> None:
    """Record a failed poll: the score grows, the next poll waits longer; paused at the
    ``fetch_pause_failures`` setting."""
    source.failures += 1
    source.polls += 1
    source.last_fetch = _iso(now)
    wait = source.interval_seconds * 2 ** min(int(source.failures), MAX_FAILURE_DOUBLINGS)
    wait = min(wait, schedule.max_interval)
    if retry_after is not None:
        wait = max(wait, retry_after)
    source.next_poll = _iso(now + timedelta(seconds=wait))
    source.last_error = reason
    if source.failures >= schedule.pause_score:
        source.paused = True
        source.last_error = (
            f"paused after failing {source.failures:.1f} (setting fetch_pause_failures "
            f"{schedule.pause_score:g}): {reason}; `warta sources resume {source.id}` polls it "
            "again"
        )


def resumed(source: SourceState, now: datetime) -> None:
    """Poll a paused source again, at once, with a clean score."""
    source.paused = False
    source.failures = 0.0
    source.last_error = None
    source.next_poll = _iso(now)


def _bounded(interval: float, schedule: Schedule) -> float:
    return min(max(interval, schedule.min_interval), schedule.max_interval)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")
