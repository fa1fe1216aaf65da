"""How the front page ranks stories: by coverage and recency, or by momentum.

**Ranked** (the front page's default order). A story's coverage is its original articles plus
its distinct outlets (a story that five outlets reported counts more than five articles of
one); its rank is ``log2(coverage)`` plus its latest article's date in units of a listing's
recency (:func:`recency_days`): doubling the coverage is worth being that many days more
recent. The unit is half the period the listing covers (its ``since`` to ``until``, else the
store's first to latest article), and at least :data:`RANK_HALF_LIFE_DAYS`. So on a feed of
the last two weeks a story of coverage 40 of two weeks ago ranks with one of 20 of today,
while on an archive of a year and a half the largest stories lead whatever their month (with
14 days whatever the period, 14 of the 20 first stories of the 2,146 IndoSum dev articles had
two articles, and the two largest, of 17 and 21, were 13th and 34th). Momentum in the last
days is the trending order's.

The stores keep each story's rank in units of :data:`RANK_HALF_LIFE_DAYS`
(:func:`story_rank`), which depends on nothing but the story; a listing turns it into its own
unit with the story's date (the reference time, "now", cancels out of the comparison).

**Trending.** Stories gaining attention up to a reference time (the newest article the
listing covers, or its ``until``): a story's articles in the last :data:`RECENT_DAYS`, less
what its rate over the :data:`BEFORE_DAYS` before would give in as many days. Only stories
with articles in the last days are trending.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

#: Days of recency worth doubling a story's coverage in the stored rank, and at least in any
#: listing.
RANK_HALF_LIFE_DAYS = 14.0
#: The share of the period a listing covers that doubling a story's coverage is worth.
RANK_PERIOD_SHARE = 0.5
#: The window of a trending story's recent articles, and the window before it that gives its
#: usual rate.
RECENT_DAYS = 3
BEFORE_DAYS = 14
_SECONDS_PER_DAY = 86_400


def story_rank(originals: int, outlets: int, last_published: str | None) -> float | None:
    """A story's rank as the stores keep it (recency in units of :data:`RANK_HALF_LIFE_DAYS`),
    higher first; None for a story with no dated article (listed after every dated one).

    The SQL of the stores' migrations computes the same for the stories stored before ranks
    were kept (SQLite migration 15, PostgreSQL 8)."""
    if last_published is None:
        return None
    try:
        seconds = _moment(last_published)  # a day ("2022-01-21"): its start, in UTC
    except ValueError:
        return None
    coverage = max(originals + outlets, 1)
    return math.log2(coverage) + seconds / _SECONDS_PER_DAY / RANK_HALF_LIFE_DAYS


def recency_days(first: str | None, last: str | None) -> float:
    """How many days more recent a story must be to rank with one of twice its coverage, in a
    listing of the period from ``first`` to ``last`` (ISO times; unknown: the least)."""
    try:
        span = (_moment(last) - _moment(first)) / _SECONDS_PER_DAY if first and last else 0.0
    except ValueError:
        span = 0.0
    return max(RANK_HALF_LIFE_DAYS, RANK_PERIOD_SHARE * span)


def _moment(value: str) -> float:
    """Seconds since 1970 of an ISO time (a day alone: its start, in UTC)."""
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def momentum(recent: int, before: int) -> float:
    """How many more articles a story had in the last :data:`RECENT_DAYS` than its rate over
    the :data:`BEFORE_DAYS` before gives for as many days."""
    return recent - before * RECENT_DAYS / BEFORE_DAYS
