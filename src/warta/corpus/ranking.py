"""How the front page ranks stories: by coverage and recency, or by momentum.

**Ranked** (the front page's default order). A story's coverage is its original articles plus
its distinct outlets (a story that five outlets reported counts more than five articles of
one); its rank is ``log2(coverage)`` plus its latest article's date in units of
:data:`RANK_HALF_LIFE_DAYS`. Doubling the coverage is worth being that many days more recent:
a story whose coverage is 40 (say 30 articles from 10 outlets) of two weeks ago ranks with one
of 20 of today, and one of 20 today above one of 60 six weeks ago. Momentum in the last days
is the trending order's. The rank depends on nothing but the story,
so it is kept with it whenever the story changes, and a page of stories is read from an
index in that order (the reference time, "now", cancels out of the comparison).

**Trending.** Stories gaining attention up to a reference time (the newest article the
listing covers, or its ``until``): a story's articles in the last :data:`RECENT_DAYS`, less
what its rate over the :data:`BEFORE_DAYS` before would give in as many days. Only stories
with articles in the last days are trending.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

#: Days of recency worth doubling a story's coverage.
RANK_HALF_LIFE_DAYS = 14.0
#: The window of a trending story's recent articles, and the window before it that gives its
#: usual rate.
RECENT_DAYS = 3
BEFORE_DAYS = 14
_SECONDS_PER_DAY = 86_400


def story_rank(originals: int, outlets: int, last_published: str | None) -> float | None:
    """A story's rank in the ranked order, higher first; None for a story with no dated
    article (listed after every dated one).

    The SQL of the stores' migrations computes the same for the stories stored before ranks
    were kept (SQLite migration 15, PostgreSQL 8)."""
    if last_published is None:
        return None
    try:
        latest = datetime.fromisoformat(last_published)
    except ValueError:
        return None
    if latest.tzinfo is None:  # a day ("2022-01-21", not before it): its start, in UTC
        latest = latest.replace(tzinfo=UTC)
    seconds = latest.timestamp()
    coverage = max(originals + outlets, 1)
    return math.log2(coverage) + seconds / _SECONDS_PER_DAY / RANK_HALF_LIFE_DAYS


def momentum(recent: int, before: int) -> float:
    """How many more articles a story had in the last :data:`RECENT_DAYS` than its rate over
    the :data:`BEFORE_DAYS` before gives for as many days."""
    return recent - before * RECENT_DAYS / BEFORE_DAYS
